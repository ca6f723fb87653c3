#!/bin/sh
# Start-up time to the first painted frame, measured through a pseudo-terminal:
# docspace-wizard beside a minimal Bubble Tea v2 program painting one line, runs
# interleaved on this machine, medians and their ratio (target: at most 1.5x).
# Extra arguments go to internal/startbench (e.g. -runs 40).
#
#   scripts/bench-startup.sh
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/docspace-wizard" .
go build -o "$out/minimal" ./internal/startbench/minimal
go build -o "$out/startbench" ./internal/startbench
echo "$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3-), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$out/startbench" -mode startup -wizard "$out/docspace-wizard" -minimal "$out/minimal" "$@"

#!/bin/sh
# Peak RSS (VmHWM) of docspace-wizard with 10,000 people on screen, run in a
# pseudo-terminal against the built-in demo portal: read from an --invite-file, and
# pasted into the people step (target: at most 50 MB). Linux only (/proc).
# Extra arguments go to internal/startbench (e.g. -invitees 20000).
#
#   scripts/bench-memory.sh
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/docspace-wizard" .
go build -o "$out/minimal" ./internal/startbench/minimal
go build -o "$out/startbench" ./internal/startbench
echo "$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3-), $(date -u '+%Y-%m-%d %H:%M UTC')"
"$out/startbench" -mode memory -wizard "$out/docspace-wizard" -minimal "$out/minimal" "$@"

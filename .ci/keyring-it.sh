#!/bin/sh
# Runs the real-keyring integration tests against a fresh, unlocked gnome-keyring
# inside a private D-Bus session. Needs: gnome-keyring dbus libsecret-tools (never dbus-x11:
# the tests must not depend on an X11 autolaunch). Usage, from the repository root:
#   .ci/keyring-it.sh [extra go test flags]
set -eu

for tool in dbus-run-session gnome-keyring-daemon secret-tool go; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "keyring-it: $tool is missing: apt-get install -y gnome-keyring dbus libsecret-tools" >&2
		exit 1
	}
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/data" "$tmp/config" "$tmp/runtime"
chmod 700 "$tmp/runtime"

# A throwaway keyring: its own data, config and runtime dirs, never the user's.
XDG_DATA_HOME="$tmp/data"
XDG_CONFIG_HOME="$tmp/config"
XDG_RUNTIME_DIR="$tmp/runtime"
PASS="keyring-it-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
DOCSPACE_WIZARD_KEYRING_IT=1
export XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR PASS DOCSPACE_WIZARD_KEYRING_IT
# The run must never fall back on a key from the caller's environment.
unset DOCSPACE_API_KEY DOCSPACE_BASE_URL

# Inside the session: create and unlock the "login" keyring with $PASS (gnome-keyring
# creates it on first unlock), then run the tests. The daemon leaves with the bus.
dbus-run-session -- sh -c '
	set -e
	printf %s "$PASS" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	go test -count=1 -run "TestRealKeyring" -v "$@" ./keystore/ ./cli/
' keyring-it "$@"

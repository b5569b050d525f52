#!/usr/bin/env bash
# Runs the test suite of an already built tree (it configures and builds nothing):
#
#   tests/run.sh [build-dir] [ctest arguments...]     e.g. tests/run.sh build -R keychain
#
# The tests run inside a private D-Bus session with a fresh, unlocked gnome-keyring, so the
# keychain tests use the real Secret Service without a desktop session, a terminal or a password
# prompt, and never touch the user's own keyring. CONFAB_REQUIRE_KEYCHAIN=1 turns "no keychain"
# into a failure instead of a skip. Exits with ctest's status.
set -euo pipefail

# The default is the repository's build/, wherever this is run from.
build=$(dirname "$0")/../build
if [[ $# -gt 0 && $1 != -* ]]; then
    build=$1
    shift
fi
if [[ ! -f $build/CTestTestfile.cmake ]]; then
    echo "run.sh: $build is not a configured build directory" \
        "(cmake -S . -B $build && cmake --build $build first)" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon ctest; do
    if ! command -v "$tool" >/dev/null; then
        echo "run.sh: $tool not found (packages: dbus gnome-keyring libsecret-tools cmake)" >&2
        exit 2
    fi
done

# The keyring daemon's own home: a fresh login keyring is created there and unlocked with the
# password on stdin. With the user's real data dir it would instead try to unlock their existing
# keyring with the wrong password, and its control socket would clash with their running daemon.
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/confab-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
mkdir -p "$keyring_home/data" "$keyring_home/config" "$keyring_home/cache"
mkdir -m 700 "$keyring_home/runtime"

export CONFAB_REQUIRE_KEYCHAIN=1
export CONFAB_KEYRING_HOME=$keyring_home

# The daemon forks into the background and exits with the bus when dbus-run-session ends. Its
# --unlock returns before the daemon has unlocked the keyring and taken org.freedesktop.secrets on
# the bus; a test calling in that gap would make dbus-daemon start a second gnome-keyring (with
# the user's HOME), so wait for the name first. If the daemon does not come up, say so and run
# the suite anyway: with CONFAB_REQUIRE_KEYCHAIN=1 the keychain tests then fail with the reason.
# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- sh -c '
    if printf pw | HOME="$CONFAB_KEYRING_HOME" XDG_DATA_HOME="$CONFAB_KEYRING_HOME/data" \
        XDG_CONFIG_HOME="$CONFAB_KEYRING_HOME/config" XDG_CACHE_HOME="$CONFAB_KEYRING_HOME/cache" \
        XDG_RUNTIME_DIR="$CONFAB_KEYRING_HOME/runtime" \
        gnome-keyring-daemon --unlock --components=secrets >/dev/null
    then
        tries=0
        until dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
            /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
            string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
            tries=$((tries + 1))
            if [ "$tries" -ge 200 ]; then
                echo "run.sh: gnome-keyring took no Secret Service name within 10 s" >&2
                break
            fi
            sleep 0.05
        done
    else
        echo "run.sh: gnome-keyring-daemon failed to start; keychain tests will fail" >&2
    fi
    unset CONFAB_KEYRING_HOME
    exec ctest --test-dir "$0" --output-on-failure -j2 "$@"
' "$build" "$@"

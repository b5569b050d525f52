#!/usr/bin/env bash
# Runs the end-to-end test: the real confab binary in a real X server (Xvfb),
# driven over AT-SPI the way assistive technology drives it, against the fake
# OpenAI server. Usage: run_e2e.sh SCRIPT CONFAB_BINARY FAKE_SERVER_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script=$here/$1
confab=$2
fake=$3
for tool in Xvfb dbus-run-session /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run packaging/install-deps.sh --test"; exit 1; }
done
launcher=/usr/libexec/at-spi-bus-launcher
[[ -x $launcher ]] || { echo "missing $launcher (package at-spi2-core)"; exit 1; }

# Our own X server: -displayfd lets Xvfb pick a free display and say which
# once it accepts connections. (xvfb-run -a guesses a number from lock files
# first.) -noreset: by default the server resets when its last client leaves,
# and a test that restarts Confab at once could meet it mid-reset and fail to
# connect.
xvfb_dir=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp -noreset 3>"$xvfb_dir/display" 2>"$xvfb_dir/log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null; rm -rf "$xvfb_dir"' EXIT
for _ in $(seq 200); do
    [[ -s $xvfb_dir/display ]] && break
    kill -0 "$xvfb" 2>/dev/null || { echo "Xvfb did not start:"; cat "$xvfb_dir/log"; exit 1; }
    sleep 0.05
done
[[ -s $xvfb_dir/display ]] || { echo "Xvfb did not report its display in 10 s"; exit 1; }
DISPLAY=:$(head -n1 "$xvfb_dir/display")
export DISPLAY

# A private session bus, so the accessibility bus and anything else the app
# talks to belong to this test alone.
status=0
dbus-run-session -- bash -c '
    "$0" --launch-immediately >/dev/null 2>&1 &
    sleep 0.5
    exec /usr/bin/python3 "$1" "$2" "$3"
' "$launcher" "$script" "$confab" "$fake" || status=$?
exit "$status"

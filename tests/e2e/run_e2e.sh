#!/usr/bin/env bash
# Runs the end-to-end test: the real confab binary in a real X server (Xvfb),
# driven over AT-SPI the way assistive technology drives it, against the fake
# OpenAI server. Usage: run_e2e.sh SCRIPT CONFAB_BINARY FAKE_SERVER_BINARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
script=$here/$1
confab=$2
fake=$3
for tool in xvfb-run dbus-run-session /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run packaging/install-deps.sh --test"; exit 1; }
done
launcher=/usr/libexec/at-spi-bus-launcher
[[ -x $launcher ]] || { echo "missing $launcher (package at-spi2-core)"; exit 1; }

# A private session bus, so the accessibility bus and anything else the app
# talks to belong to this test alone.
exec xvfb-run -a -s "-screen 0 1280x860x24" dbus-run-session -- bash -c '
    "$0" --launch-immediately >/dev/null 2>&1 &
    sleep 0.5
    exec /usr/bin/python3 "$1" "$2" "$3"
' "$launcher" "$script" "$confab" "$fake"

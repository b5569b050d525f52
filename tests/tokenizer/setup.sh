#!/usr/bin/env bash
# Installs the npm tokenizers the tests compare against (js-tiktoken, tiktoken) into DIR:
#
#   tests/tokenizer/setup.sh DIR
#
# DIR gets a copy of package.json and package-lock.json and its own node_modules, so nothing is
# ever installed in the source tree. `npm ci` runs only when the lock file changed since the last
# install in DIR, so a second run costs a checksum. Prints DIR/node_modules on success.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: setup.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "setup.sh: node and npm are needed for the tokenizer comparison (Debian: nodejs npm)" >&2
    exit 2
fi

# Two runs at once must not install over each other: the second waits, then finds it done.
exec 9>"$dir/.lock"
flock 9
want=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
stamp=$dir/.installed
if [[ -f $stamp && $(cat "$stamp") == "$want" && -d $dir/node_modules/js-tiktoken &&
    -d $dir/node_modules/tiktoken ]]; then
    echo "$dir/node_modules"
    exit 0
fi
cp "$here/package.json" "$here/package-lock.json" "$dir/"
rm -f "$stamp"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
echo "$want" >"$stamp"
echo "$dir/node_modules"

#!/usr/bin/env bash
# Test fixture for tst_tokenizercorpus: installs the npm tokenizers into NPM_DIR (once; see
# setup.sh) and writes their token ids for the corpus to OUT_JSON.
#
#   tests/tokenizer/oracle.sh NPM_DIR OUT_JSON
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
npm_dir=${1:?usage: oracle.sh NPM_DIR OUT_JSON}
out=${2:?usage: oracle.sh NPM_DIR OUT_JSON}
modules=$(bash "$here/setup.sh" "$npm_dir")
rm -f "$out"
node "$here/oracle.mjs" "$modules" "$here/corpus.json" "$here/../.." "$out"

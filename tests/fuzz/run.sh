#!/usr/bin/env bash
# Builds the libFuzzer harnesses (a tree of their own: clang-14, CONFAB_FUZZ=ON, confab_core
# instrumented with -fsanitize=fuzzer-no-link,address,undefined) and runs each for a while on a
# copy of its committed seed corpus, one after the other. Any finding (a crash, a sanitizer
# report, a broken property, a leak, an input slower than the timeout) fails the run; the input
# is kept in BUILD_DIR/fuzz-findings/ with the command that reproduces it.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [HARNESS...]     e.g. tests/fuzz/run.sh build-fuzz 60
#
# HARNESS names (default: all): sseparser chatchunk markdown tokenizer continuationjoiner
# exportfilename. CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs (default 2).
set -euo pipefail

if [[ $# -lt 2 || ! $2 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 BUILD_DIR SECONDS [HARNESS...]" >&2
    exit 2
fi
build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
harnesses=("$@")
if [[ ${#harnesses[@]} -eq 0 ]]; then
    harnesses=(sseparser chatchunk markdown tokenizer continuationjoiner exportfilename)
fi
for tool in clang++-14 cmake ninja; do
    if ! command -v "$tool" >/dev/null; then
        echo "run.sh: $tool not found (bash packaging/install-deps.sh --test)" >&2
        exit 2
    fi
done

cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONFAB_FUZZ=ON -DCONFAB_WERROR=ON
cmake --build "$build" -j "${CMAKE_BUILD_PARALLEL_LEVEL:-2}"

findings=$build/fuzz-findings
mkdir -p "$findings"
work=$(mktemp -d "${TMPDIR:-/tmp}/confab-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Leaks count as findings; the first sanitizer report ends the run with a stack.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QT_LOGGING_RULES='*.debug=false'

failed=()
for name in "${harnesses[@]}"; do
    binary=$build/tests/fuzz/fuzz_$name
    seeds=$here/corpus/$name
    if [[ ! -x $binary || ! -d $seeds ]]; then
        echo "run.sh: no harness or corpus named $name" >&2
        exit 2
    fi
    # The committed corpus stays as it is: new inputs go to a copy.
    corpus=$work/$name
    cp -r "$seeds" "$corpus"
    echo "== fuzz_$name for $seconds s ($(find "$seeds" -type f | wc -l) seeds)"
    log=$work/$name.log
    status=0
    "$binary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/$name-" "$corpus" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    if [[ $status -ne 0 ]]; then
        echo "!! fuzz_$name found something (exit $status):"
        grep -E -A25 '^== fuzz finding|^==[0-9]+==ERROR|runtime error:|^SUMMARY:' "$log" | head -60
        unit=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
        echo "   reproduce: $binary ${unit:-<input>}"
        failed+=("$name")
    else
        echo "   ok: ${execs:-?} inputs, ${rate:-?}/s, corpus $(find "$corpus" -type f | wc -l) files"
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "== fuzzing found something in: ${failed[*]} (inputs in $findings)"
    exit 1
fi
echo "== fuzzing: nothing found"

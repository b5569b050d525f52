#!/usr/bin/env bash
# The real binary's command line and language, as a user meets them:
#   cli_locale.sh CONFAB_BINARY EXPECTED_VERSION
# --version prints the CMake project version. --help follows the system
# locale: under zh_CN both Confab's own text (translations/confab_zh_CN.ts,
# compiled into the binary) and Qt's (the --help/--version descriptions, from
# the system's qtbase_zh_CN.qm) are Chinese; under de_DE, which Confab has no
# translation for, all of it stays English rather than mixing in Qt's German.
# Both work without a display, as over ssh: no DISPLAY, no platform chosen.
set -euo pipefail
confab=$1
version=$2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_RUNTIME_DIR=$tmp/run
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
# LANGUAGE and LC_* would override LANG in the locale Qt reads.
unset LANGUAGE LC_ALL LC_MESSAGES

fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect NAME OUTPUT NEEDLE
    grep -qF -- "$3" <<<"$2" || fail "$1: expected to find '$3' in:"$'\n'"$2"
}
refuse() { # refuse NAME OUTPUT NEEDLE
    if grep -qF -- "$3" <<<"$2"; then fail "$1: did not expect '$3' in:"$'\n'"$2"; fi
}

out=$(LANG=en_US.UTF-8 "$confab" --version)
[[ $out == "confab $version" ]] || fail "--version printed '$out', expected 'confab $version'"

out=$(LANG=en_US.UTF-8 "$confab" --help)
expect "English --help" "$out" "A desktop chat client for OpenAI-compatible servers."
expect "English --help" "$out" "Displays version information."
expect "English --help" "$out" "--new-window"

out=$(LANG=zh_CN.UTF-8 "$confab" --help)
expect "Chinese --help (Confab's translation)" "$out" "适用于兼容 OpenAI 接口的服务器的桌面聊天客户端。"
expect "Chinese --help (Qt's translation)" "$out" "显示版本信息。"
refuse "Chinese --help" "$out" "A desktop chat client"

out=$(LANG=de_DE.UTF-8 "$confab" --help)
expect "German --help (no Confab translation)" "$out" "Displays version information."

echo "ok: --version and --help in English, Chinese and (untranslated) German"

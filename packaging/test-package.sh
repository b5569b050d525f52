#!/usr/bin/env bash
# Builds the Debian package from a release tree and tries it as a new user
# would: validate the desktop file and AppStream metadata, run lintian, install
# it with apt, run the installed binary, remove it and check nothing is left.
#   packaging/test-package.sh [BUILD_DIR]      (default: build-package)
# CONFAB_BUILD_JOBS sets the build's parallelism (default 2).
# Needs root (or sudo) for apt-get, and replaces a confab package already
# installed (removing it at the end); CI runs it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-package}
app_id=org.confab.Confab

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
step() { echo "== package: $*"; }
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

bash packaging/install-deps.sh --package

step "release build"
# Debian's own hardening flags, as a distribution build would use them.
cxxflags="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONFAB_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)"
cmake --build "$build" -j"${CONFAB_BUILD_JOBS:-2}"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ -n $version ]] || fail "no project version in $build/CMakeCache.txt"

step "cpack -G DEB"
rm -f "$build"/confab_*.deb
(cd "$build" && cpack -G DEB)
deb=$build/confab_${version}_amd64.deb
[[ -f $deb ]] || fail "cpack did not write $deb"
deb=$(realpath "$deb") # apt-get takes a file only as a path with a slash
dpkg-deb --info "$deb"

step "contents"
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
expected=(
    ./usr/bin/confab
    ./usr/share/applications/$app_id.desktop
    ./usr/share/metainfo/$app_id.metainfo.xml
    ./usr/share/icons/hicolor/scalable/apps/$app_id.svg
    ./usr/share/doc/confab/copyright
    ./usr/share/doc/confab/changelog.gz
    ./usr/share/man/man1/confab.1.gz
)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=("./usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
for path in "${expected[@]}"; do
    grep -qxF "$path" <<<"$contents" || fail "$deb lacks $path"
done
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
# Computed by dpkg-shlibdeps from the binary, plus the SQLite plugin.
for dep in libqt6widgets6 libqt6network6 libqt6sql6 libc6 libqt6sql6-sqlite; do
    grep -qE "(^|, )$dep( |,|$)" <<<"$depends" || fail "Depends lacks $dep"
done

step "desktop-file-validate, appstreamcli"
tree=$(mktemp -d)
we_installed=false
cleanup() {
    rm -rf "$tree"
    # Whatever failed, the machine is left without the package it was given.
    if $we_installed && dpkg-query -W -f='${Status}' confab 2>/dev/null | grep -q "ok installed"; then
        $SUDO apt-get remove -y -qq confab >/dev/null || true
    fi
}
trap cleanup EXIT
dpkg-deb --extract "$deb" "$tree/root"
desktop-file-validate "$tree/root/usr/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$tree/root/usr/share/metainfo/$app_id.metainfo.xml"

step "lintian"
# Errors fail the build; warnings are printed for whoever wants to fix them.
lintian --fail-on error --display-level '>=warning' "$deb" || fail "lintian found errors"

step "apt-get install"
if dpkg-query -W -f='${Status}' confab 2>/dev/null | grep -q "install ok installed"; then
    $SUDO apt-get remove -y -qq confab
fi
we_installed=true
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb"
installed=$(dpkg -L confab)
for path in "${expected[@]}"; do
    grep -qxF "${path#.}" <<<"$installed" || fail "installed package lacks ${path#.}"
done

step "the installed binary"
# A new user's empty home, no display, no keychain.
home=$tree/home
mkdir -p "$home/run"
chmod 700 "$home/run"
as_user() { # as_user [NAME=VALUE...] COMMAND...
    env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$home/run" LANG=C.UTF-8 "$@"
}
out=$(as_user /usr/bin/confab --version)
[[ $out == "confab $version" ]] || fail "confab --version printed '$out'"
help=$(as_user /usr/bin/confab --help)
grep -q -- "--version" <<<"$help" || fail "confab --help printed: $help"
zh_help=$(as_user LANG=zh_CN.UTF-8 /usr/bin/confab --help)
grep -qF "显示版本信息" <<<"$zh_help" || fail "confab --help under zh_CN is not Chinese: $zh_help"
echo "$out; --help works in English and Chinese"

# The first start creates the database; the offscreen platform stands in for
# a display. The window then runs until timeout ends it.
set +e
as_user QT_QPA_PLATFORM=offscreen timeout 5 /usr/bin/confab
status=$?
set -e
[[ $status -eq 124 ]] || fail "confab exited with $status instead of running until stopped"
database=$home/.local/share/confab/confab.sqlite3
[[ -s $database ]] || fail "the first start did not create $database"

if grep -q -- "--export-markdown" <<<"$help"; then
    # One conversation written behind the app's back, then exported.
    python3 - "$database" <<'EOF'
import sqlite3, sys, time
now = int(time.time() * 1000)
db = sqlite3.connect(sys.argv[1])
cur = db.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)",
                 ("Packaging check", now, now))
for role, text in (("user", "Is the package installed?"), ("assistant", "Yes: 已安装。")):
    db.execute("INSERT INTO messages (conversation_id, role, content, created_at, updated_at)"
               " VALUES (?, ?, ?, ?, ?)", (cur.lastrowid, role, text, now, now))
db.commit()
EOF
    as_user /usr/bin/confab --export-markdown "$home/export"
    grep -rqF "Yes: 已安装。" "$home/export" || fail "the export lacks the stored reply"
    echo "exported: $(ls "$home/export")"
else
    echo "confab has no --export-markdown yet; export not tried"
fi

step "apt-get remove"
$SUDO apt-get remove -y -qq confab
for path in "${expected[@]}"; do
    [[ ! -e ${path#.} ]] || fail "${path#.} is still there after apt-get remove"
done
echo "ok: $deb builds, validates, installs, runs and removes cleanly"

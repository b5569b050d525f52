#!/usr/bin/env bash
# Installs the Debian 12 packages Confab needs. Idempotent: when everything is
# already present it returns in well under a second without touching apt.
#   install-deps.sh          build + run
#   install-deps.sh --test   build + run + the test suite (Xvfb, keyring, AT-SPI)
#   install-deps.sh --package  build + run + making and checking the .deb
#                              (packaging/test-package.sh)
set -euo pipefail

build_pkgs=(
  cmake g++ make ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite qt6-svg-dev libgl1-mesa-dev
  qtkeychain-qt6-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  qt6-translations-l10n fonts-noto-cjk
  dbus gnome-keyring
)
test_pkgs=(
  xvfb xauth dbus-x11 libsecret-tools clang-format clang-14 libclang-rt-14-dev
  at-spi2-core python3 python3-pyatspi imagemagick squid microsocks
)

package_pkgs=(
  dpkg-dev file lintian desktop-file-utils appstream python3
)

pkgs=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=("${test_pkgs[@]}")
elif [[ "${1:-}" == "--package" ]]; then
  pkgs+=("${package_pkgs[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

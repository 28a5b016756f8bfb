#!/usr/bin/env bash
# Builds panelkit from this checkout and installs it into PREFIX (install layout: the
# installed programs read PREFIX/share/panelkit/dialects). For CI runners (GitHub Actions,
# GitLab CI): installs the build dependencies with apt-get (as root or through sudo) when
# they are missing, and neither the tests nor the fuzz toolchain.
# Usage: ci/install-panelkit.sh PREFIX
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
prefix=${1:?usage: ci/install-panelkit.sh PREFIX}
pkgs=(build-essential cmake pkg-config libjansson-dev libcurl4-openssl-dev libmicrohttpd-dev)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "install-panelkit: missing ${missing[*]}; not root and no sudo" >&2
            exit 1
        }
        SUDO=sudo
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
build="${PANELKIT_BUILD_DIR:-$src/build-install}"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPANEL_INSTALL_LAYOUT=ON \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DPANEL_TESTS=OFF -DPANEL_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
cmake --install "$build" >/dev/null
echo "install-panelkit: installed into $prefix ($("$prefix/bin/panelcheck" --version 2>/dev/null || echo "panelcheck"))"

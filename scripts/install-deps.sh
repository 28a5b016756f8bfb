#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian packages.
# Idempotent: when everything is present it only runs dpkg queries.
set -euo pipefail
pkgs=(build-essential cmake pkg-config clang libclang-rt-14-dev llvm
      libjansson-dev libcurl4-openssl-dev libmicrohttpd-dev check libsubunit-dev
      curl)
pkgs+=(python3-jsonschema)  # dialect files validated against dialects/dialect.schema.json
if [ "${PANEL_BENCH_DEPS:-0}" = 1 ]; then pkgs+=(wrk nginx-light hyperfine); fi
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs every build, test, packaging and benchmark dependency from Debian packages: what
# `make build`, `make check`, `make demo`, `make deb`, `make format` and the ctests use.
# PANEL_BENCH_DEPS=1 adds what `make bench` needs, PANEL_FRESH_DEPS=1 what `make fresh-check`
# needs. Idempotent: when everything is present it only runs dpkg queries. Needs root (or
# sudo) only when something is missing; says so and exits 1 when it has neither.
set -euo pipefail
# build and test: compilers, libraries, Check; clang + libclang-rt for the fuzz targets
pkgs=(build-essential cmake pkg-config clang libclang-rt-14-dev llvm
      libjansson-dev libcurl4-openssl-dev libmicrohttpd-dev check libsubunit-dev
      curl)
# fuzz/oss-fuzz-build.sh (seed corpus zips), the tests' Debian Python (/usr/bin/python3 with
# python3-jsonschema for the report schema test, python3-yaml for the CI files test), man -l
# and file/dpkg-shlibdeps for the install and package tests, clang-format for `make format`,
# git for `make format` and clones
pkgs+=(zip unzip python3 python3-jsonschema python3-yaml man-db file dpkg-dev clang-format git)
# gcovr for `make coverage` (scripts/coverage.sh: per-folder figures, HTML report)
pkgs+=(gcovr)
if [ "${PANEL_BENCH_DEPS:-0}" = 1 ]; then pkgs+=(wrk nginx-light hyperfine jq bc); fi
if [ "${PANEL_FRESH_DEPS:-0}" = 1 ]; then pkgs+=(debootstrap); fi
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "install-deps: missing Debian packages: ${missing[*]}" >&2
        echo "install-deps: not root and no sudo: run 'bash scripts/install-deps.sh' as root," \
            "or as root: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

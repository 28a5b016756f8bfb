#!/usr/bin/env bash
# ctest install/prefix: builds this source tree in the install layout and installs it into a
# temporary prefix with ci/install-panelkit.sh, and runs what was installed from outside
# the source tree: panelcheck dialects / run --dialect all (the installed dialects, nothing
# else: PANEL_DIALECT_DIR unset), panelmock serving on loopback, man -l on every man page,
# pkg-config --cflags --libs panel and a program built against the installed libpanel
# (shared and static). Then cpack -G DEB and the package's Depends (dpkg-shlibdeps).
# (The installed run's report is validated like every other by the ctest report/schema.)
# Usage: install_test.sh SOURCE_DIR C_COMPILER
set -uo pipefail
src=$1 cc=$2
tmp=$(mktemp -d)
mock_pid=""
cleanup() {
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
prefix="$tmp/prefix"
fail=0
bad() { echo "install_test: FAIL: $*"; fail=1; }
step() { echo "install_test: $*"; }

# ci/install-panelkit.sh is what the GitHub Action and the GitLab template run: an
# install-layout Release build (-DPANEL_INSTALL_LAYOUT=ON), then cmake --install.
step "ci/install-panelkit.sh (install layout, Release) into $prefix"
if ! CC="$cc" PANELKIT_BUILD_DIR="$tmp/build" bash "$src/ci/install-panelkit.sh" "$prefix" >"$tmp/install.log" 2>&1; then
    tail -30 "$tmp/install.log"
    echo "install_test: FAIL: the install-layout build or cmake --install failed"
    exit 1
fi
tail -1 "$tmp/install.log"

libdir=$(dirname "$(find "$prefix" -name panel.pc -path '*/pkgconfig/*' | head -1)")
libdir=${libdir%/pkgconfig}
for f in bin/panelcheck bin/panelmock include/panel/parse.h include/panel/version.h \
         share/panelkit/dialects/dripfeedpanel.json share/man/man1/panelcheck.1* \
         share/man/man1/panelmock.1* share/man/man5/panelkit-dialect.5* \
         share/doc/panelkit/report.schema.json; do
    # shellcheck disable=SC2086
    ls $prefix/$f >/dev/null 2>&1 || bad "not installed: \$prefix/$f"
done
[ -f "$libdir/libpanel.a" ] || bad "not installed: libpanel.a"
[ -L "$libdir/libpanel.so" ] && [ -f "$libdir/libpanel.so.0" ] || bad "not installed: libpanel.so -> libpanel.so.0"
n_src=$(ls "$src"/dialects/*.json | wc -l)
n_inst=$(ls "$prefix"/share/panelkit/dialects/*.json | wc -l)
[ "$n_src" = "$n_inst" ] || bad "$n_inst dialects installed, $n_src in the source"

# The installed programs, run from an empty directory, find the installed dialects.
mkdir -p "$tmp/run"
cd "$tmp/run" || exit 1
unset PANEL_DIALECT_DIR
export PATH="$prefix/bin:$PATH"
step "panelcheck dialects (installed)"
if panelcheck dialects >"$tmp/dialects.out" 2>&1; then
    for d in "$src"/dialects/*.json; do
        case $d in *.schema.json) continue ;; esac
        name=$(basename "$d" .json)
        grep -q "$name" "$tmp/dialects.out" || bad "panelcheck dialects does not list $name"
    done
else
    cat "$tmp/dialects.out"
    bad "installed panelcheck dialects failed"
fi
step "panelcheck run --dialect all (installed)"
rc=0
panelcheck run --dialect all --no-color --report json:"$tmp/run.json" >"$tmp/run.out" 2>&1 || rc=$?
tail -2 "$tmp/run.out"
[ $rc = 0 ] || bad "installed panelcheck run --dialect all exited $rc"
step "panelmock (installed) on 127.0.0.1"
panelmock --listen 127.0.0.1:0 --seed 1 >"$tmp/mock.out" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q ' key ' "$tmp/mock.out" 2>/dev/null && break; sleep 0.05; done
grep -q '^panelmock: listening on http://127.0.0.1:' "$tmp/mock.out" || { cat "$tmp/mock.out"; bad "installed panelmock did not start"; }
base=$(head -1 "$tmp/mock.out" | sed 's/^panelmock: listening on //')
if command -v curl >/dev/null; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/__panelmock/health") || true
    [ "$code" = 200 ] || bad "installed panelmock: /__panelmock/health answered $code"
fi
kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
mock_pid=""

step "man -l"
for page in "$prefix"/share/man/man*/*; do
    out=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null) || bad "man -l $page failed"
    [ -z "$out" ] || { echo "$out"; bad "man -l $page warns"; }
    MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q '^NAME' || bad "man -l $page has no NAME section"
done

step "pkg-config --cflags --libs panel"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs panel) || bad "pkg-config panel failed"
echo "  $flags"
case " $flags " in *" -I$prefix/include "*) ;; *) bad "pkg-config: no -I$prefix/include" ;; esac
case " $flags " in *" -lpanel "*) ;; *) bad "pkg-config: no -lpanel" ;; esac
[ "$(pkg-config --modversion panel)" = "$(sed -n 's/^#define PANEL_VERSION_STRING "\(.*\)"/\1/p' "$src/include/panel/version.h")" ] ||
    bad "pkg-config --modversion panel is not include/panel/version.h's"
cat >"$tmp/use.c" <<'CEOF'
#include <panel/dialect.h>
#include <panel/version.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    printf("%s\n", panel_version());
    return strcmp(panel_version(), PANEL_VERSION_STRING) != 0;
}
CEOF
# shellcheck disable=SC2046
if "$cc" -std=c11 -Wall -Werror "$tmp/use.c" -o "$tmp/use-shared" $(pkg-config --cflags --libs panel) 2>&1; then
    LD_LIBRARY_PATH="$libdir" "$tmp/use-shared" >/dev/null || bad "program linked with the shared libpanel failed"
    readelf -d "$tmp/use-shared" | grep -q 'NEEDED.*libpanel.so.0' || bad "program not linked with libpanel.so.0"
else
    bad "cannot build against the installed libpanel (shared)"
fi
# shellcheck disable=SC2046
if "$cc" -std=c11 -Wall -Werror "$tmp/use.c" -o "$tmp/use-static" $(pkg-config --cflags panel) \
        "$libdir/libpanel.a" $(pkg-config --libs --static jansson) -lm 2>&1; then
    "$tmp/use-static" >/dev/null || bad "program linked with the static libpanel failed"
else
    bad "cannot build against the installed libpanel.a"
fi

step "cpack -G DEB"
if (cd "$tmp/build" && cpack -G DEB >"$tmp/cpack.log" 2>&1); then
    deb=$(ls "$tmp"/build/panelkit_*.deb 2>/dev/null | head -1)
    if [ -n "$deb" ]; then
        depends=$(dpkg-deb -f "$deb" Depends)
        echo "  $(basename "$deb"): Depends: $depends"
        for lib in libc6 libcurl4 libjansson4 libmicrohttpd12; do
            case "$depends" in *"$lib"*) ;; *) bad "the package does not depend on $lib" ;; esac
        done
        dpkg-deb -c "$deb" >"$tmp/deb.list"
        grep -q './usr/share/panelkit/dialects/dripfeedpanel.json' "$tmp/deb.list" ||
            bad "the package has no dialects in /usr/share/panelkit/dialects"
    else
        bad "cpack made no panelkit_*.deb"
    fi
else
    tail -20 "$tmp/cpack.log"
    bad "cpack -G DEB failed"
fi

cmp -s "$prefix/share/doc/panelkit/report.schema.json" "$src/docs/report.schema.json" ||
    bad "the installed report.schema.json is not docs/report.schema.json"
[ $fail = 0 ] && echo "install_test: installed tree and package are complete and work"
exit $fail

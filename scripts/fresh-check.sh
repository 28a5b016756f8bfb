#!/usr/bin/env bash
# `make fresh-check`: proves that a clone builds, tests and installs on a fresh machine.
#  1. debootstraps a Debian 12 (bookworm) minbase chroot from the Debian mirror this machine's
#     apt is configured with (/etc/apt/sources.list*), with the same suites;
#  2. clones the current HEAD of this checkout into /work/panelkit inside it and puts a
#     read-only copy of ../shared/ beside it (/work/shared), as CI has;
#  3. adds only `make` and `git`, checks that install-deps.sh refuses clearly when not root,
#     then runs `make check`, `make demo` and `make deb` there;
#  4. installs the package with `apt-get install ./panelkit_*.deb` and runs the installed
#     panelcheck (`--version`, `dialects`, `run --dialect all`) outside the source tree;
#  5. prints the time of every step. Mounts are removed by a trap; the chroot is deleted
#     unless FRESH_KEEP=1. Nothing reaches anything but the apt mirror (the tests listen on
#     127.0.0.1 only). Needs root and debootstrap (PANEL_FRESH_DEPS=1 scripts/install-deps.sh).
# Environment: FRESH_DIR (default /var/tmp/panelkit-fresh), FRESH_KEEP, FRESH_JOBS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${FRESH_DIR:-/var/tmp/panelkit-fresh}"
jobs="${FRESH_JOBS:-$(nproc 2>/dev/null || echo 2)}"
suite=bookworm

[ "$(id -u)" -eq 0 ] || { echo "fresh-check: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
PANEL_FRESH_DEPS=1 bash "$root/scripts/install-deps.sh"
[ -d "$root/../shared" ] || { echo "fresh-check: $root/../shared not found" >&2; exit 2; }
head=$(git -C "$root" rev-parse HEAD)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
    echo "fresh-check: note: uncommitted changes are not tested (the chroot gets HEAD $head)"
fi

# The Debian mirror and suites of this machine's apt sources (one-line and deb822 formats).
sources_lines() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] && grep -E '^[[:space:]]*deb[[:space:]]' "$f" | sed 's/\[[^]]*\]//'
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             { t = u = s = c = ""; en = 1
               for (i = 1; i <= NF; i++) {
                   if ($i ~ /^Types:/) { t = $i; sub(/^Types:[ \t]*/, "", t) }
                   if ($i ~ /^URIs:/) { u = $i; sub(/^URIs:[ \t]*/, "", u) }
                   if ($i ~ /^Suites:/) { s = $i; sub(/^Suites:[ \t]*/, "", s) }
                   if ($i ~ /^Components:/) { c = $i; sub(/^Components:[ \t]*/, "", c) }
                   if ($i ~ /^Enabled:[ \t]*no/) en = 0 }
               if (!en || t !~ /(^| )deb( |$)/) next
               n = split(s, ss, " ")
               for (j = 1; j <= n; j++) print "deb " u " " ss[j] " " c }' "$f"
    done
}
# Only Debian's own archive and security suites of $suite (signed by debian-archive-keyring).
mapfile -t apt_lines < <(sources_lines | awk -v s="$suite" '$3 ~ "^" s "(-updates|-security)?$"' |
                         grep -E 'debian(-security)?/?[[:space:]]' | sort -u)
mirror=$(printf '%s\n' "${apt_lines[@]}" | awk -v s="$suite" '$3 == s { print $2; exit }')
[ -n "$mirror" ] || { echo "fresh-check: no Debian $suite mirror in /etc/apt/sources.list*" >&2; exit 2; }

t_all=$(date +%s)
declare -a step_names step_secs
# Runs "$@" as step $1 and records its wall time.
step() {
    local name=$1 t0 rc=0
    shift
    echo "fresh-check: == $name"
    t0=$(date +%s)
    "$@" || rc=$?
    step_names+=("$name")
    step_secs+=($(($(date +%s) - t0)))
    if [ $rc -ne 0 ]; then
        echo "fresh-check: FAILED at '$name' (exit $rc)"
        report
        exit 1
    fi
}
# Prints the table of step times.
report() {
    local i
    echo
    echo "fresh-check: Debian $suite minbase from $mirror, HEAD $head"
    for i in "${!step_names[@]}"; do
        printf '  %-44s %4d min %02d s\n' "${step_names[$i]}" $((step_secs[i] / 60)) $((step_secs[i] % 60))
    done
    local all=$(($(date +%s) - t_all))
    printf '  %-44s %4d min %02d s\n' "total" $((all / 60)) $((all % 60))
}

mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[$i]}" 2>/dev/null || true
    done
    if [ "${FRESH_KEEP:-0}" != 1 ] && [ -n "$dir" ] && [ -d "$dir" ]; then
        if grep -q " $dir/" /proc/mounts; then
            echo "fresh-check: mounts left under $dir; not deleting it" >&2
        else
            rm -rf "$dir"
        fi
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mnt() { # mount args... target
    mount "$@"
    mounted+=("${!#}")
}

if grep -q " $dir/" /proc/mounts; then
    echo "fresh-check: $dir has mounts (another run?); stop it first" >&2
    trap - EXIT
    exit 2
fi
rm -rf "$dir"
mkdir -p "$dir"
step "debootstrap --variant=minbase $suite" \
    debootstrap --variant=minbase "$suite" "$dir" "$mirror"

printf '%s\n' "${apt_lines[@]}" >"$dir/etc/apt/sources.list"
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
cp /etc/hosts "$dir/etc/hosts"
# The chroot's own /dev (debootstrap makes the nodes; made here when it did not): nothing of
# the host's /dev is bound in, so nothing mounted below it can reach the host's.
for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    IFS=: read -r name major minor <<<"$n"
    [ -c "$dir/dev/$name" ] || { rm -f "$dir/dev/$name"; mknod -m 666 "$dir/dev/$name" c "$major" "$minor"; }
done
mkdir -p "$dir/dev/pts" "$dir/dev/shm"
[ -e "$dir/dev/fd" ] || ln -s /proc/self/fd "$dir/dev/fd"
for i in 0:stdin 1:stdout 2:stderr; do
    [ -e "$dir/dev/${i#*:}" ] || ln -s "/proc/self/fd/${i%%:*}" "$dir/dev/${i#*:}"
done
mnt -t proc proc "$dir/proc"
mnt -t sysfs sysfs "$dir/sys"
mnt -t devpts -o newinstance,ptmxmode=0666 devpts "$dir/dev/pts"
[ -e "$dir/dev/ptmx" ] || ln -s pts/ptmx "$dir/dev/ptmx"
mnt -t tmpfs tmpfs "$dir/dev/shm"

mkdir -p "$dir/work"
git clone -q "$root" "$dir/work/panelkit"
git -C "$dir/work/panelkit" -c advice.detachedHead=false checkout -q "$head"
cp -a "$root/../shared/." "$dir/work/shared"
mnt --bind "$dir/work/shared" "$dir/work/shared"
mount -o remount,bind,ro "$dir/work/shared"
if touch "$dir/work/shared/.fresh-check-write" 2>/dev/null; then
    echo "fresh-check: /work/shared is not read-only" >&2
    exit 1
fi

in_chroot() { # command string, run by bash in the chroot's /work/panelkit
    chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 TERM=dumb JOBS="$jobs" /bin/bash -c "set -eo pipefail; cd /work/panelkit && $1"
}
step "apt-get install make git" in_chroot \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make git >/dev/null'
# minbase has no sudo: as a user, install-deps must refuse with a clear message.
refuse() {
    local out rc=0
    out=$(in_chroot 'setpriv --reuid=65534 --regid=65534 --clear-groups bash scripts/install-deps.sh 2>&1') || rc=$?
    echo "$out" | sed 's/^/  /'
    [ $rc -ne 0 ] && echo "$out" | grep -q 'not root and no sudo'
}
step "install-deps.sh as a user refuses clearly" refuse
step "make check" in_chroot 'make check JOBS=$JOBS'
step "make demo" in_chroot 'make demo JOBS=$JOBS'
step "make deb" in_chroot 'make deb JOBS=$JOBS'
step "apt-get install ./panelkit_*.deb" in_chroot \
    'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./build-deb/panelkit_*.deb >/dev/null && dpkg -s panelkit | grep -E "^(Version|Depends):"'
installed() {
    in_chroot 'cd /tmp && command -v panelcheck panelmock &&
               for p in panelcheck panelmock; do $p --version 2>/dev/null || echo "$p: no --version in this build"; done &&
               panelcheck dialects && ls /usr/share/man/man1/panelcheck.1.gz /usr/share/man/man1/panelmock.1.gz \
               /usr/share/man/man5/panelkit-dialect.5.gz &&
               panelcheck run --dialect all --no-color --report json:/tmp/installed.json | tail -3'
}
step "installed panelcheck run --dialect all" installed
report
echo "fresh-check: passed"

#!/usr/bin/env bash
# Starts panelmock in the background as a CI service for a backend's tests and writes where
# it listens as shell variables into ENVFILE (and into $GITHUB_ENV when set):
#   PANELMOCK_PID, PANELMOCK_URL (http://127.0.0.1:PORT),
#   PANELMOCK_<NAME>_URL and PANELMOCK_<NAME>_KEY per dialect (NAME upper-case, '-' -> '_').
# Waits until /__panelmock/health answers 200 (at most 10 s). Stop it with
# `kill "$PANELMOCK_PID"`. The mock's keys are its own, not secrets.
# Usage: ci/start-panelmock.sh ENVFILE [panelmock options...]   (default --seed 1)
# Environment: PANELMOCK_BIN (default panelmock on PATH), PANELMOCK_LISTEN (127.0.0.1:0).
set -euo pipefail
envfile=${1:?usage: ci/start-panelmock.sh ENVFILE [panelmock options...]}
shift
[ $# -gt 0 ] || set -- --seed 1
bin=${PANELMOCK_BIN:-panelmock}
log="$envfile.log"
nohup "$bin" --listen "${PANELMOCK_LISTEN:-127.0.0.1:0}" "$@" >"$log" 2>&1 </dev/null &
pid=$!
base=""
for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "start-panelmock: panelmock exited" >&2; exit 1; }
    base=$(sed -n 's/^panelmock: listening on //p' "$log" | head -1)
    if [ -n "$base" ] && curl -fsS -o /dev/null --max-time 1 "$base/__panelmock/health" 2>/dev/null; then
        break
    fi
    base=""
    sleep 0.1
done
if [ -z "$base" ]; then
    kill "$pid" 2>/dev/null || true
    cat "$log" >&2
    echo "start-panelmock: panelmock did not answer /__panelmock/health within 10 s" >&2
    exit 1
fi
{
    echo "PANELMOCK_PID=$pid"
    echo "PANELMOCK_URL=$base"
    sed -n 's/^panelmock: \([a-z0-9-]*\) at \([^ ]*\) key \([^ ]*\)$/\1 \2 \3/p' "$log" |
        while read -r name url key; do
            var=$(echo "$name" | tr 'a-z-' 'A-Z_')
            echo "PANELMOCK_${var}_URL=$url"
            echo "PANELMOCK_${var}_KEY=$key"
        done
} >"$envfile"
[ -n "${GITHUB_ENV:-}" ] && cat "$envfile" >>"$GITHUB_ENV"
echo "start-panelmock: panelmock (pid $pid) at $base; $(grep -c '^PANELMOCK_.*_KEY=' "$envfile") dialects in $envfile"

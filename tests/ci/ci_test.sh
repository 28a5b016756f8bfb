#!/usr/bin/env bash
# ctest ci/integrations: action.yml, the GitLab template and the example workflows parse and
# hold what their docs promise; the action's run steps (tests/ci/action_steps.py) and the
# template's script run against the embedded mock, a panelmock started by
# ci/start-panelmock.sh (the examples' service), an unreachable endpoint and a planted
# deviation, with the exit codes, reports and outputs each must give; the key never shows.
# Usage: ci_test.sh SOURCE_DIR PANELCHECK PANELMOCK
set -uo pipefail
src=$1 pc=$2 pm=$3
py=/usr/bin/python3
tmp=$(mktemp -d)
mock_pid=""
cleanup() {
    [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
bad() { echo "ci_test: FAIL: $*"; fail=1; }
mkdir -p "$tmp/bin"
ln -s "$pc" "$tmp/bin/panelcheck"
ln -s "$pm" "$tmp/bin/panelmock"
export PATH="$tmp/bin:$PATH"
unset GITHUB_OUTPUT GITHUB_ENV GITHUB_STEP_SUMMARY PANEL_KEY

for f in "$src"/ci/*.sh; do bash -n "$f" || bad "bash -n $f"; done

# Runs the action with inputs "$@" in a fresh work dir $tmp/$1 (name), wants exit code $2.
action() {
    local name=$1 want=$2 rc=0
    shift 2
    mkdir -p "$tmp/$name"
    "$py" "$src/tests/ci/action_steps.py" "$src" "$tmp/$name" "$@" >"$tmp/$name.log" 2>&1 || rc=$?
    if [ "$rc" != "$want" ]; then
        tail -15 "$tmp/$name.log"
        bad "action ($name) exited $rc, expected $want"
    fi
    echo "ci_test: action ($name): exit $rc"
}
reports_ok() { # dir
    local f
    for f in panelcheck.junit.xml panelcheck.json panelcheck.html panelcheck.md; do
        [ -s "$1/$f" ] || bad "no $1/$f"
    done
}

action embedded 0
reports_ok "$tmp/embedded/panelcheck-reports"
[ -s "$tmp/embedded/summary.md" ] || bad "the action wrote no step summary"
grep -q "'exit-code': '0'" "$tmp/embedded.log" || bad "the action's exit-code output is not 0"

# The examples' service: panelmock started by ci/start-panelmock.sh.
if ! PANELMOCK_BIN="$pm" bash "$src/ci/start-panelmock.sh" "$tmp/mock.env" --seed 3 >"$tmp/start.log" 2>&1; then
    cat "$tmp/start.log"
    bad "ci/start-panelmock.sh failed"
else
    cat "$tmp/start.log"
    # shellcheck disable=SC1091
    . "$tmp/mock.env"
    mock_pid=$PANELMOCK_PID
    key=$PANELMOCK_DRIPFEEDPANEL_KEY
    action fixture 0 dialect=dripfeedpanel url="$PANELMOCK_DRIPFEEDPANEL_URL" key="$key" \
        reports=fixture upload=false
    reports_ok "$tmp/fixture/fixture"
    if grep -rqF "$key" "$tmp/fixture" "$tmp/fixture.log"; then bad "the key appears in the output or reports"; fi
    # a planted deviation the runner fails on (some only warn: example-only or assumed rules)
    dev=""
    while IFS=$'\t' read -r d _; do
        rc=0
        "$pc" run --dialect all --no-color --mock-deviate "$d" >/dev/null 2>&1 || rc=$?
        [ $rc = 1 ] && { dev=$d; break; }
    done < <("$pm" --list-deviations | head -10)
    [ -n "$dev" ] || bad "none of the first 10 planted deviations fails a check"
    action deviate 1 args="--mock-deviate $dev"
    reports_ok "$tmp/deviate/panelcheck-reports"

    # The GitLab template's script, with its variables, against the same mock.
    "$py" - "$src/ci/gitlab/panelcheck.gitlab-ci.yml" >"$tmp/gitlab.sh" <<'PYEOF' || bad "the template's script cannot be read"
import shlex, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))[".panelcheck"]
for k, v in job["variables"].items():
    print("export %s=%s" % (k, shlex.quote(str(v))))
print("export PANELCHECK_DIALECT=dripfeedpanel PANELCHECK_URL=\"$MOCK_URL\" PANEL_KEY=\"$MOCK_KEY\"")
for line in job["script"]:
    assert isinstance(line, str), "a script line is not a string: %r" % (line,)
    print(line.replace("/tmp/panelkit", "$PANELKIT_SRC"))
PYEOF
    mkdir -p "$tmp/gitlab"
    rc=0
    (cd "$tmp/gitlab" && MOCK_URL=$PANELMOCK_DRIPFEEDPANEL_URL MOCK_KEY=$key PANELKIT_SRC=$src \
        bash -eo pipefail "$tmp/gitlab.sh") >"$tmp/gitlab.log" 2>&1 || rc=$?
    [ $rc = 0 ] || { tail -5 "$tmp/gitlab.log"; bad "the GitLab template's script exited $rc"; }
    reports_ok "$tmp/gitlab/panelcheck-reports"
    echo "ci_test: gitlab template script: exit $rc"
    kill "$mock_pid" && wait "$mock_pid" 2>/dev/null
    mock_pid=""
fi

port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
action unreachable 3 dialect=dripfeedpanel url="http://127.0.0.1:$port/api/v2" key=abcdef upload=false \
    args="--timeout 2000"
if "$pc" run --help 2>&1 | grep -q -- '--strict'; then
    action strict 0 strict=true
else
    action strict-bad 2 strict=maybe   # --strict is not in this panelcheck yet: only the input check
fi
[ $fail = 0 ] && echo "ci_test: action, GitLab template and examples work as documented"
exit $fail

#!/usr/bin/env bash
# Runs panelcheck for a CI job and writes every report; shared by action.yml (GitHub
# Actions) and ci/gitlab/panelcheck.gitlab-ci.yml. Prints panelcheck's exit code as the last
# line (`panelcheck-ci: exit N`) and writes it, with the report paths, to $GITHUB_OUTPUT when
# set; the Markdown report goes to $GITHUB_STEP_SUMMARY when set. Exits 0 (the action fails
# in a later step, after the upload) unless PANELCHECK_FAIL=true: then with panelcheck's code.
# Environment:
#   PANELCHECK_DIALECT  dialect name, or "all" (embedded mock only)     (default: all)
#   PANELCHECK_URL      endpoint to check; empty: the embedded panelmock
#   PANEL_KEY           the API key (read by panelcheck itself; never on a command line)
#   PANELCHECK_REPORTS  directory for panelcheck.{junit.xml,json,html,md} (panelcheck-reports)
#   PANELCHECK_STRICT   "true": warnings and blocked skips fail (--strict)
#   PANELCHECK_ARGS     more arguments for `panelcheck run` (e.g. --only services,balance)
#   PANELCHECK_BIN      the panelcheck to run (default: panelcheck on PATH)
#   PANELCHECK_FAIL     "true": exit with panelcheck's exit code
set -uo pipefail
bin=${PANELCHECK_BIN:-panelcheck}
dialect=${PANELCHECK_DIALECT:-all}
reports=${PANELCHECK_REPORTS:-panelcheck-reports}
mkdir -p "$reports"
args=(run --dialect "$dialect" --no-color
      --report "junit:$reports/panelcheck.junit.xml" --report "json:$reports/panelcheck.json"
      --report "html:$reports/panelcheck.html" --report "md:$reports/panelcheck.md")
if [ -n "${PANELCHECK_URL:-}" ]; then
    args+=(--url "$PANELCHECK_URL")
    [ -n "${PANEL_KEY:-}" ] || echo "panelcheck-ci: warning: PANELCHECK_URL without PANEL_KEY" >&2
fi
case "${PANELCHECK_STRICT:-false}" in
    true | 1 | yes) args+=(--strict) ;;
    false | 0 | no | "") ;;
    *) echo "panelcheck-ci: strict must be true or false, not '$PANELCHECK_STRICT'" >&2; exit 2 ;;
esac
# shellcheck disable=SC2206
[ -n "${PANELCHECK_ARGS:-}" ] && args+=($PANELCHECK_ARGS)
echo "panelcheck-ci: $bin ${args[*]}"
code=0
"$bin" "${args[@]}" || code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "exit-code=$code"
        echo "junit=$reports/panelcheck.junit.xml"
        echo "json=$reports/panelcheck.json"
        echo "html=$reports/panelcheck.html"
        echo "markdown=$reports/panelcheck.md"
    } >>"$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$reports/panelcheck.md" ]; then
    cat "$reports/panelcheck.md" >>"$GITHUB_STEP_SUMMARY"
fi
echo "panelcheck-ci: exit $code"
[ "${PANELCHECK_FAIL:-false}" = true ] && exit "$code"
exit 0

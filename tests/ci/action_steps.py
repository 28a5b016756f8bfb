#!/usr/bin/python3
"""Checks action.yml and the GitLab files, then runs the action's `run` steps the way the
GitHub runner does (composite: each step's env with ${{ inputs.* }}, ${{ runner.temp }} and
${{ steps.ID.outputs.* }} substituted, $GITHUB_OUTPUT / $GITHUB_ENV / $GITHUB_PATH files).
Steps that `uses:` another action are skipped, and so is the install step (the caller puts
the programs on PATH; ci/install-panelkit.sh is run by the ctest install/prefix).

usage: action_steps.py SOURCE_DIR WORKDIR NAME=VALUE...   (the action's inputs)
Prints each step's output; exit status: the composite action's (first failing step's).
"""
import os
import re
import subprocess
import sys

import yaml

EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def check_files(src):
    """Structure checks of action.yml and the GitLab files; returns the parsed action."""
    with open(os.path.join(src, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "action.yml is not a composite action"
    inputs = action["inputs"]
    for name in ("dialect", "url", "key", "reports", "strict"):
        assert name in inputs, "action.yml has no input %s" % name
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "shell" in step, "step %r has no shell" % step.get("name")
            for m in EXPR.finditer(step["run"]):
                assert "inputs." not in m.group(1) or "key" not in m.group(1), \
                    "the key is expanded into a script of step %r" % step.get("name")
        for m in EXPR.finditer(yaml.safe_dump(step)):
            e = m.group(1)
            for ref in re.findall(r"inputs\.([A-Za-z0-9_-]+)", e):
                assert ref in inputs, "step %r uses undeclared input %s" % (step.get("name"), ref)
    for path in ("ci/gitlab/panelcheck.gitlab-ci.yml", "ci/examples/gitlab-backend-tests.yml",
                 "ci/examples/github-backend-tests.yml"):
        with open(os.path.join(src, path), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        assert isinstance(doc, dict) and doc, "%s is empty" % path
        for job, body in doc.items():
            for part in ("before_script", "script", "after_script"):
                for line in (body.get(part) or []) if isinstance(body, dict) else []:
                    assert isinstance(line, str), "%s: %s.%s: not a string: %r" % (path, job, part, line)
    tmpl = yaml.safe_load(open(os.path.join(src, "ci/gitlab/panelcheck.gitlab-ci.yml"), encoding="utf-8"))
    job = tmpl[".panelcheck"]
    assert job["artifacts"]["reports"]["junit"].endswith("panelcheck.junit.xml"), "template: no JUnit report"
    assert job["artifacts"]["when"] == "always", "template: reports not kept on failure"
    return action


def evaluate(expr, ctx):
    """Evaluates the few expression forms action.yml uses."""
    if expr.startswith("inputs."):
        return ctx["inputs"].get(expr[7:], "")
    if expr == "runner.temp":
        return ctx["temp"]
    m = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expr)
    if m:
        return ctx["outputs"].get(m.group(1), {}).get(m.group(2), "")
    raise ValueError("unsupported expression: %s" % expr)


def condition(cond, ctx, failed):
    """Evaluates a step's `if:` (always(), inputs.X == 'v', joined by &&)."""
    if not cond:
        return not failed
    ok = True
    for part in [p.strip() for p in cond.split("&&")]:
        if part == "always()":
            continue
        m = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+) == '([^']*)'", part)
        if not m:
            raise ValueError("unsupported if: %s" % cond)
        ok = ok and ctx["inputs"].get(m.group(1), "") == m.group(2)
    return ok if "always()" in cond else ok and not failed


def main(argv):
    src, work = argv[1], argv[2]
    action = check_files(src)
    given = dict(a.split("=", 1) for a in argv[3:])
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs.update(given)
    ctx = {"inputs": inputs, "temp": work, "outputs": {}}
    failed, status = False, 0
    for i, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", "step %d" % i)
        if "uses" in step or name == "Install panelkit":
            print("action_steps: skip: %s" % name)
            continue
        if not condition(step.get("if"), ctx, failed):
            print("action_steps: not run: %s" % name)
            continue
        out = os.path.join(work, "output-%d" % i)
        open(out, "w").close()
        env = dict(os.environ, GITHUB_ACTION_PATH=src, GITHUB_OUTPUT=out,
                   GITHUB_STEP_SUMMARY=os.path.join(work, "summary.md"), RUNNER_TEMP=work)
        for k, v in (step.get("env") or {}).items():
            env[k] = EXPR.sub(lambda m: evaluate(m.group(1), ctx), str(v))
        script = EXPR.sub(lambda m: evaluate(m.group(1), ctx), step["run"])
        print("action_steps: run: %s" % name, flush=True)
        rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                            env=env, cwd=work, check=False).returncode
        with open(out, encoding="utf-8") as f:
            outputs = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)
        if "id" in step:
            ctx["outputs"][step["id"]] = outputs
        if rc != 0 and not failed:
            failed, status = True, rc
    print("action_steps: outputs %s" % ctx["outputs"])
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

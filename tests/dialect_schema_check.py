#!/usr/bin/python3
"""Validates dialect files against dialects/dialect.schema.json with jsonschema (Draft 2020-12).

usage: dialect_schema_check.py SCHEMA FILE...   exit 0 when the schema is a valid 2020-12
schema and every file validates; 1 (listing every error) otherwise.
       dialect_schema_check.py SCHEMA --bad DIR BASE   every fixture of DIR (tests/dialects_bad)
whose expected.json says "phase": "table" (an error the loader's member table finds) must be
invalid under the schema too, once its patch.json is applied to BASE: the schema is as strict as
the table. Fixtures of the "loader" phase (references, cross-checks) may pass the schema."""
import json
import sys

from jsonschema import Draft202012Validator


def unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def apply(doc, ops):
    """Applies RFC 6902 add / remove / replace operations in place."""
    for op in ops:
        tokens = [unescape(t) for t in op["path"].split("/")[1:]]
        node = doc
        for t in tokens[:-1]:
            node = node[int(t)] if isinstance(node, list) else node[t]
        last = tokens[-1]
        if isinstance(node, list):
            last = int(last)
        if op["op"] == "remove":
            del node[last]
        else:
            node[last] = op["value"]
    return doc


def check_bad(validator, folder, base_path):
    import os
    with open(base_path, encoding="utf-8") as f:
        base = f.read()
    bad = 0
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name, "expected.json"), encoding="utf-8") as f:
            phase = json.load(f).get("phase")
        if phase != "table":
            continue
        with open(os.path.join(folder, name, "patch.json"), encoding="utf-8") as f:
            doc = apply(json.loads(base), json.load(f))
        errors = list(validator.iter_errors(doc))
        print(f"{name}: {'rejected' if errors else 'ACCEPTED by the schema'}")
        bad += not errors
    return 1 if bad else 0


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    if len(argv) == 5 and argv[2] == "--bad":
        return check_bad(validator, argv[3], argv[4])
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1")
                              for p in e.absolute_path)
            print(f"{path}: {pointer or '(root)'}: {e.message[:300]}")
        bad += len(errors)
        if not errors:
            print(f"{path}: valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
"""Validates dialect files against dialects/dialect.schema.json with jsonschema (Draft 2020-12).

usage: dialect_schema_check.py SCHEMA FILE...   exit 0 when the schema is a valid 2020-12
schema and every file validates; 1 (listing every error) otherwise."""
import json
import sys

from jsonschema import Draft202012Validator


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
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

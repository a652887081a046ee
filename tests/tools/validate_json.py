#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validates a JSON document against a JSON Schema (draft 4 to 7, as the schema's $schema says).

usage: validate_json.py SCHEMA DOCUMENT
Exit 0: valid. Exit 1: invalid (each violation on stderr). Exit 3: the schema or the validator
is missing (the caller decides whether that skips or fails).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (scripts/install-deps.sh --test)", file=sys.stderr)
    sys.exit(3)


def main():
    schema_path, document_path = sys.argv[1], sys.argv[2]
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except FileNotFoundError:
        print(f"{schema_path}: missing", file=sys.stderr)
        sys.exit(3)
    with open(document_path, encoding="utf-8") as f:
        document = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{document_path}: /{where}: {error.message}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

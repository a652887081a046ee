#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs scripts/demo.sh as a user would and checks its text report fits 80 columns.

usage: demo_width.py SOURCE_DIR BUILD_DIR

Every line of the demo's output (its own lines and sncheck's text report) is at most 80
columns, except a line that is one whole URL the run's JSON report holds (a record's link or a
fix's pre-filled form), standing alone from column 0, perhaps in parentheses or before a
punctuation mark: a URL is never broken, and the instance's links are longer than 80 columns at
the demo's host (a record link is 66 columns plus its table's name: sys_ws_definition gives 83;
a pre-filled new property up to 155). Exit 0: it fits; 1: it does not (each line on stderr).
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for each in value:
            yield from strings(each)
    elif isinstance(value, dict):
        for each in value.values():
            yield from strings(each)


def main():
    source, build = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as workdir:
        json_path = os.path.join(workdir, "report.json")
        done = subprocess.run([os.path.join(source, "scripts", "demo.sh"), "--report",
                               f"json={json_path}"],
                              cwd=source, env=dict(os.environ, BUILD_DIR=build),
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            print(f"scripts/demo.sh exited {done.returncode}:\n{done.stderr}", file=sys.stderr)
            return 1
        with open(json_path, encoding="utf-8") as f:
            reported = "\n".join(strings(json.load(f)["results"]))
    lines = done.stdout.splitlines()
    failures = 0
    urls = 0
    for line in lines:
        if len(line) <= 80:
            continue
        match = re.fullmatch(r"\(?(https?://[^\s()]+?)[)\];:,.]*", line)
        if match and match.group(1) in reported:
            urls += 1
            continue
        failures += 1
        print(f"{len(line)} columns: {line}", file=sys.stderr)
    if len(lines) < 100:
        print(f"only {len(lines)} lines: not the demo's report", file=sys.stderr)
        return 1
    print(f"{len(lines)} lines; {urls} wider than 80, each one whole URL of the report alone")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

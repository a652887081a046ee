#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Parses a JUnit XML file with xml.etree (so a malformed file fails) and prints its test cases
as JSON: {"suites": [{name, tests, failures, errors, skipped, time, timestamp, hostname}],
          "cases": [{suite, classname, name, time, outcome, message, text}]}
(an absent attribute is null)
outcome is one of pass, failure, error, skipped.

usage: junit_cases.py FILE
"""
import json
import sys
import xml.etree.ElementTree as ET


def outcome_of(case):
    for tag in ("failure", "error", "skipped"):
        element = case.find(tag)
        if element is not None:
            return tag, element.get("message", ""), element.text or ""
    out = case.find("system-out")
    return "pass", "", out.text if out is not None and out.text else ""


def main():
    root = ET.parse(sys.argv[1]).getroot()
    if root.tag != "testsuites":
        sys.exit(f"root element is {root.tag}, not testsuites")
    suites, cases = [], []
    for suite in root.findall("testsuite"):
        suites.append({key: suite.get(key) for key in
                       ("name", "tests", "failures", "errors", "skipped", "time", "timestamp",
                        "hostname")})
        for case in suite.findall("testcase"):
            outcome, message, text = outcome_of(case)
            cases.append({"suite": suite.get("name"), "classname": case.get("classname"),
                          "name": case.get("name"), "time": case.get("time"), "outcome": outcome, "message": message,
                          "text": text})
    json.dump({"suites": suites, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()

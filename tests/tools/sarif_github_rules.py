#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Applies GitHub code scanning's SARIF ingestion rules to a SARIF file.

usage: sarif_github_rules.py FILE
Exit 0: GitHub would ingest it. Exit 1: each broken rule on stderr as "RULE at PATH: why".

The rules, written from their sources (not a copy of them):
- microsoft/sarif-sdk's GitHub policy (policies/github.config.xml: GH1001-GH1007) and its "rules
  for GHAS" (GH1011-GH1018, GH2012), src/Sarif.Multitool.Library/Rules/;
- github/codeql-action src/upload-lib.ts (v3.36.2): runs and each run's results must be arrays,
  one category per run in a file, and the server-side rejections it classifies (an invalid URI,
  a location without an artifact location, a security-severity that is not a number);
- GitHub's "SARIF support for code scanning" page: required strings non-empty, descriptions of
  at most 1,024 characters, rule names of at most 255, at most 20 runs, 25,000 results and rules
  per run, 1,000 locations per result, 20 tags per rule, partialFingerprints present.
"""
import json
import re
import sys
import urllib.parse

FINAL_SCHEMAS = (
    "sarif-schema-2.1.0.json",
    "sarif-schema-2.1.0",
    "sarif-2.1.0.json",
    "sarif-2.1.0",
)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

problems = []


def report(rule, path, why):
    problems.append(f"{rule} at {path}: {why}")


def blank(value):
    return not isinstance(value, str) or value.strip() == ""


def check_uri(path, uri):
    if blank(uri):
        report("GH1017", path, "artifactLocation has no uri")
        return
    # GH1005: relative, or absolute with the file scheme (then GH1006 needs a checkout path).
    if SCHEME.match(uri) and not uri.startswith("file:"):
        report("GH1005", path, f"'{uri}' is an absolute URI that is not file:")
    if uri.startswith("file:"):
        report("GH1006", path, f"'{uri}' is absolute: GitHub needs a checkout path for it")
    # codeql-action: "an invalid URI was provided as a SARIF location".
    if any(c in uri for c in " \"<>\\^`{|}") or any(ord(c) < 0x20 for c in uri):
        report("upload", path, f"'{uri}' is not a valid URI reference")
    try:
        urllib.parse.urlsplit(uri)
    except ValueError as error:
        report("upload", path, f"'{uri}': {error}")


def check_location(path, location):
    physical = location.get("physicalLocation")
    if not isinstance(physical, dict):
        report("GH1016", path, "no physicalLocation")
        report("GH1001", path, "no physicalLocation.artifactLocation.uri")
        return
    artifact = physical.get("artifactLocation")
    if not isinstance(artifact, dict):
        report("GH1001", path, "no artifactLocation (locationFromSarifResult)")
        return
    check_uri(f"{path}.physicalLocation.artifactLocation", artifact.get("uri"))
    region = physical.get("region")
    if not isinstance(region, dict) or not isinstance(region.get("startLine"), int):
        report("GH1003", path, "no region.startLine")
    elif region["startLine"] < 1:
        report("GH1003", path, "region.startLine is below 1")


def check_rule(path, rule):
    if blank(rule.get("id")):
        report("GH2012", path, "rule id is blank")
    for field in ("shortDescription", "fullDescription", "help"):
        text = (rule.get(field) or {}).get("text")
        if blank(text):
            report("GH2012", path, f"{field}.text is missing or blank")
        elif field != "help" and len(text) > 1024:
            report("limits", path, f"{field}.text has {len(text)} characters (at most 1,024)")
    if "name" in rule and (blank(rule["name"]) or len(rule["name"]) > 255):
        report("limits", path, "name is blank or over 255 characters")
    level = (rule.get("defaultConfiguration") or {}).get("level", "warning")
    if level not in ("none", "note", "warning", "error"):
        report("schema", path, f"defaultConfiguration.level '{level}'")
    properties = rule.get("properties") or {}
    if "security-severity" in properties:
        value = properties["security-severity"]
        try:
            number = float(value)
            if not 0.0 <= number <= 10.0 or not isinstance(value, str):
                raise ValueError
        except (TypeError, ValueError):
            report("upload", path, f"security-severity {value!r} is not a number from 0.0 to 10.0")
    if "precision" in properties and properties["precision"] not in (
            "very-high", "high", "medium", "low"):
        report("docs", path, f"precision '{properties['precision']}'")
    tags = properties.get("tags", [])
    if not isinstance(tags, list) or len(tags) > 20:
        report("limits", path, "tags is not an array of at most 20")


def check_result(path, result, rule_count):
    message = result.get("message")
    if not isinstance(message, dict) or blank(message.get("text")):
        report("GH1007/GH1015", path, "message.text is missing or blank")
    elif "id" in message or "arguments" in message:
        report("GH1007", path, "message.id/arguments are not supported")
    locations = result.get("locations")
    if not isinstance(locations, list):
        report("GH1001/GH1015", path, "no locations array")
    elif not locations:
        report("GH1001/GH1015", path, "empty locations array")
    else:
        if len(locations) > 1000:
            report("limits", path, f"{len(locations)} locations (at most 1,000)")
        for i, location in enumerate(locations):
            check_location(f"{path}.locations[{i}]", location)
    for i, location in enumerate(result.get("relatedLocations", [])):
        uri = ((location.get("physicalLocation") or {}).get("artifactLocation") or {}).get("uri")
        if uri is not None:
            check_uri(f"{path}.relatedLocations[{i}]", uri)
    fingerprints = result.get("partialFingerprints")
    if not isinstance(fingerprints, dict) or not fingerprints:
        report("docs", path, "no partialFingerprints")
    index = result.get("ruleIndex")
    if index is not None and not (isinstance(index, int) and 0 <= index < rule_count):
        report("schema", path, f"ruleIndex {index} names no rule")
    for flow in result.get("codeFlows", []):
        for thread in flow.get("threadFlows", []):
            for location in thread.get("locations", []):
                if "index" in location:
                    report("GH1002", path, "threadFlowLocation refers by index")


def check(document):
    schema = document.get("$schema")
    if blank(schema):
        report("GH1013", "$", "no $schema")
    elif not schema.rstrip("#").endswith(FINAL_SCHEMAS):
        report("GH1011", "$", f"$schema '{schema}' is not the final 2.1.0 schema")
    if document.get("version") != "2.1.0":
        report("GH1013", "$", "version is not 2.1.0")
    runs = document.get("runs")
    if not isinstance(runs, list):
        report("GH1013/upload", "$", "runs is not an array")
        return
    if not runs:
        report("upload", "$.runs", "empty (the API answers 422: 1 item required)")
    if len(runs) > 20:
        report("GH1013", "$.runs", f"{len(runs)} runs (at most 20)")
    categories = set()
    for r, run in enumerate(runs):
        path = f"$.runs[{r}]"
        driver = (run.get("tool") or {}).get("driver")
        if not isinstance(driver, dict):
            report("GH1014/GH1018", path, "no tool.driver")
            driver = {}
        if blank(driver.get("name")):
            report("GH1018", path, "tool.driver.name is blank")
        rules = driver.get("rules")
        if not isinstance(rules, list):
            report("GH1018", path, "tool.driver.rules missing")
            rules = []
        if len(rules) > 25000:
            report("limits", path, f"{len(rules)} rules (at most 25,000)")
        for i, rule in enumerate(rules):
            check_rule(f"{path}.tool.driver.rules[{i}]", rule)
        results = run.get("results")
        if not isinstance(results, list):
            report("GH1014/upload", path, "Missing 'results' array in run")
            results = []
        if len(results) > 25000:
            report("limits", path, f"{len(results)} results (at most 25,000)")
        for i, result in enumerate(results):
            check_result(f"{path}.results[{i}]", result, len(rules))
        automation_id = (run.get("automationDetails") or {}).get("id", "")
        category = automation_id[: automation_id.rfind("/")] if "/" in automation_id else ""
        key = (driver.get("name"), category)
        if key in categories:
            report("upload", path, f"a second run with category '{category}' in one file")
        categories.add(key)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        try:
            document = json.load(f)
        except json.JSONDecodeError as error:
            print(f"upload at $: Invalid SARIF. JSON syntax error: {error}", file=sys.stderr)
            sys.exit(1)
    if not isinstance(document, dict):
        print("GH1013 at $: not an object", file=sys.stderr)
        sys.exit(1)
    check(document)
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The repository's structural rules, checked from the source tree (a CTest test and
scripts/test.sh run it). Each rule prints every breach; the exit status is 1 when any rule broke.

1. No source file under src/ has more than 500 lines.
2. No include climbs out of a folder ("../").
3. A stage includes only the stages src/CMakeLists.txt allows it (the same lists the include
   roots are built from, so the compiler and this check cannot disagree).
4. libcurl's headers appear only in src/fetch, and no fetch header that another stage includes
   pulls them in.
5. Nothing outside a suite's own files names the suite or its check ids: the OAuth suite lives in
   checks/oauth/ and src/evaluate/evaluators/oauth/.
6. Every C++ source (src/, tests/, fuzz/, bench/) names its licence in an SPDX line at its top.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
SRC = ROOT / "src"
MAX_LINES = 500
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
STAGE = re.compile(r"^sncheck_stage\((\w+)\s+ALLOWED\s+([^)]*?)(?:\s+(?:LINKS|PUBLIC_LINKS|SOURCES)\b[^)]*)?\)", re.M)
SPDX = "SPDX-License-Identifier: Apache-2.0"
SUITE_WORDS = re.compile(r'"oauth"|\boauth\.(?:[a-z_0-9]+\.)+[a-z_0-9]+')

breaches = []


def sources(folder):
    return sorted(p for p in folder.rglob("*") if p.suffix in (".cpp", ".h", ".in") and p.is_file())


def allowed_stages():
    text = (SRC / "CMakeLists.txt").read_text()
    variables = dict(re.findall(r"^set\((\w+)\s+([^)]*)\)", text, re.M))
    out = {}
    for name, allowed in STAGE.findall(text):
        words = []
        for word in allowed.split():
            match = re.fullmatch(r"\$\{(\w+)\}", word)
            words += variables.get(match.group(1), "").split() if match else [word]
        out[name] = set(words)
    return out


def stage_of(path):
    return path.relative_to(SRC).parts[0]


def check_lengths():
    for path in sources(SRC):
        lines = path.read_text().count("\n")
        if lines > MAX_LINES:
            breaches.append(f"{path.relative_to(ROOT)}: {lines} lines (at most {MAX_LINES})")


def check_includes(stages):
    for path in sources(SRC) + sources(ROOT / "tests") + sources(ROOT / "fuzz"):
        for kind, target in INCLUDE.findall(path.read_text()):
            if "../" in target:
                breaches.append(f"{path.relative_to(ROOT)}: includes {target} (no '../' includes)")
    for path in sources(SRC):
        stage = stage_of(path)
        if stage not in stages:
            continue
        for kind, target in INCLUDE.findall(path.read_text()):
            first = target.split("/")[0]
            if kind == '"' and "/" in target and first in stages and first not in stages[stage]:
                breaches.append(f"{path.relative_to(ROOT)}: stage {stage} includes {target}; "
                                f"it may use {', '.join(sorted(stages[stage]))}")


def curl_headers(path, seen=None):
    """Whether a fetch file pulls in libcurl's headers, directly or through fetch headers."""
    seen = seen or set()
    if path in seen or not path.exists():
        return False
    seen.add(path)
    for kind, target in INCLUDE.findall(path.read_text()):
        if target.startswith("curl/"):
            return True
        if kind == '"' and target.startswith("fetch/") and curl_headers(SRC / target, seen):
            return True
    return False


def check_curl():
    for path in sources(SRC):
        stage = stage_of(path)
        for kind, target in INCLUDE.findall(path.read_text()):
            if target.startswith("curl/") and stage != "fetch" and path.name != "main.cpp":
                breaches.append(f"{path.relative_to(ROOT)}: includes <{target}> outside src/fetch")
            if kind == '"' and target.startswith("fetch/") and stage != "fetch":
                if curl_headers(SRC / target):
                    breaches.append(f"{path.relative_to(ROOT)}: includes {target}, which pulls in "
                                    "libcurl's headers (keep curl behind the fetch interface)")


def check_suite_words():
    suite_dir = SRC / "evaluate" / "evaluators" / "oauth"
    for path in sources(SRC):
        if suite_dir in path.parents:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if SUITE_WORDS.search(line):
                breaches.append(f"{path.relative_to(ROOT)}:{number}: names the oauth suite or its "
                                f"checks outside the suite's files: {line.strip()}")


def check_licence_lines():
    for folder in ("src", "tests", "fuzz", "bench"):
        for path in sources(ROOT / folder):
            if SPDX not in "".join(path.read_text().splitlines(keepends=True)[:2]):
                breaches.append(f"{path.relative_to(ROOT)}: no '{SPDX}' line at the top")


def main():
    stages = allowed_stages()
    if len(stages) < 10:
        breaches.append(f"src/CMakeLists.txt: found only {len(stages)} sncheck_stage() lines")
    check_lengths()
    check_includes(stages)
    check_curl()
    check_suite_words()
    check_licence_lines()
    for breach in breaches:
        print(breach)
    print(f"structure: {len(breaches)} breaches in {len(sources(SRC))} source files, "
          f"{len(stages)} stages")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())

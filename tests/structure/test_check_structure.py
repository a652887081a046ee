#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Proves check_structure.py can fail: a small tree breaking each rule once must be reported for
each breach, and the same tree repaired must pass."""
import pathlib
import subprocess
import sys
import tempfile

SCRIPT = pathlib.Path(__file__).with_name("check_structure.py")
STAGES = "\n".join(f"sncheck_stage({name} ALLOWED {allowed})" for name, allowed in [
    ("core", "core"), ("query", "core query"), ("model", "core query model"),
    ("plan", "core query model plan"), ("fetch", "core fetch LINKS CURL::libcurl"),
    ("snapshot", "core snapshot"), ("evaluate", "core query model evaluate"),
    ("run", "core query model plan evaluate run"), ("drift", "core model drift"),
    ("report", "core model report"), ("cli", "${ALL}")]) + "\nset(ALL core query model plan fetch snapshot evaluate run drift report cli)\n"


def tree(root, broken):
    (root / "src").mkdir()
    (root / "src" / "CMakeLists.txt").write_text(STAGES)
    files = {
        "src/evaluate/a.cpp": '#include "fetch/table_client.h"\n' if broken else '#include "model/x.h"\n',
        "src/fetch/table_client.h": '#include <curl/curl.h>\n' if broken else "#pragma once\n",
        "src/cli/b.cpp": '#include "fetch/table_client.h"\n',
        "src/report/c.cpp": ('const char* id = "oauth.plugin.oauth2";\n' if broken else "int c;\n"),
        "src/model/long.cpp": "int x;\n" * (500 if broken else 10),
        "src/query/d.cpp": '#include "../core/e.h"\n' if broken else "int d;\n",
    }
    for name, text in files.items():
        if not (broken and name == "src/query/d.cpp"):  # the broken tree's one file without it
            text = "// SPDX-License-Identifier: Apache-2.0\n" + text
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(broken):
    with tempfile.TemporaryDirectory() as directory:
        root = pathlib.Path(directory)
        tree(root, broken)
        done = subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True)
        return done.returncode, done.stdout


def main():
    failures = []
    code, out = run(broken=True)
    for expected in ["stage evaluate includes fetch/table_client.h", "src/model/long.cpp: 501 lines",
                     "includes ../core/e.h", "pulls in libcurl's headers",
                     "names the oauth suite", "src/query/d.cpp: no 'SPDX-License-Identifier",
                     "structure: 7 breaches"]:
        if expected not in out:
            failures.append(f"broken tree: expected {expected!r} in:\n{out}")
    if code != 1:
        failures.append(f"broken tree: exit {code}, expected 1")
    code, out = run(broken=False)
    if code != 0 or "structure: 0 breaches" not in out:
        failures.append(f"repaired tree: exit {code}:\n{out}")
    for failure in failures:
        print(failure)
    print(f"check_structure self-test: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

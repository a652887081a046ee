#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates docs/checks/<id>.md for every built-in check from `sncheck explain <id>`.
# The unit test CheckDocsTest fails while these files differ from what the checks say.
#   scripts/gen-check-docs.sh build/src/sncheck
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PATH/TO/sncheck" >&2
  exit 2
fi
sncheck=$(realpath "$1")
[[ -x "$sncheck" ]] || { echo "gen-check-docs: $1 is not an executable; build sncheck first" >&2; exit 2; }

cd "$(dirname "$0")/.."
mkdir -p docs/checks
# Ids are dotted lower-case words (the loader enforces it), so they can be picked out of the JSON.
mapfile -t ids < <("$sncheck" checks --format json | grep -o '"id": "[a-z0-9_.]*"' | cut -d'"' -f4)
[[ ${#ids[@]} -gt 0 ]] || { echo "gen-check-docs: sncheck listed no checks" >&2; exit 1; }

rm -f docs/checks/*.md
for id in "${ids[@]}"; do
  "$sncheck" explain "$id" > "docs/checks/$id.md"
done
echo "gen-check-docs: wrote ${#ids[@]} files in docs/checks/"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Renders the HTML report of the bundled demo (the classic broken set-up) in
# headless Chromium and saves a screenshot, by default docs/html-report.png. Manual, not run in
# CI; needs Debian's chromium (apt-get install chromium) and a build (see README).
#   scripts/screenshot-html-report.sh [OUTPUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."

output=${1:-docs/html-report.png}
[[ "$output" == /* ]] || output="$PWD/$output"
command -v chromium >/dev/null || { echo "screenshot: needs chromium (apt-get install chromium)" >&2; exit 2; }
who=screenshot
# shellcheck source=scripts/lib/demo-instance.sh
source scripts/lib/demo-instance.sh

SN_PASSWORD=demo-password "$sncheck" oauth --instance "http://127.0.0.1:$port" \
  --user sncheck.reader --format html -o "$workdir/report.html" || true

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$workdir/profile" --hide-scrollbars --window-size=1200,1500 \
  --screenshot="$output" "file://$workdir/report.html" 2>"$workdir/chromium.log" || {
  cat "$workdir/chromium.log" >&2
  exit 2
}
echo "screenshot: $output"

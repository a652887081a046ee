#!/usr/bin/env bash
# Renders the HTML report of the bundled demo (the classic broken set-up) in
# headless Chromium and saves a screenshot, by default docs/html-report.png. Manual, not run in
# CI; needs Debian's chromium (apt-get install chromium) and a build (see README).
#   scripts/screenshot-html-report.sh [OUTPUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
output=${1:-docs/html-report.png}
sncheck="$build/src/sncheck"
fake="$build/tests/sncheck-fake-instance"
for binary in "$sncheck" "$fake"; do
  [[ -x "$binary" ]] || { echo "screenshot: $binary is missing; build first" >&2; exit 2; }
done
command -v chromium >/dev/null || { echo "screenshot: needs chromium (apt-get install chromium)" >&2; exit 2; }

workdir=$(mktemp -d)
"$fake" --scenario demo --port-file "$workdir/port" 2>"$workdir/fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 100); do
  [[ -s "$workdir/port" ]] && break
  sleep 0.05
done
[[ -s "$workdir/port" ]] || { echo "screenshot: the fake instance did not start" >&2; exit 2; }
port=$(cat "$workdir/port")

SN_PASSWORD=demo-password "$sncheck" oauth --instance "http://127.0.0.1:$port" \
  --user sncheck.reader --format html -o "$workdir/report.html" || true

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$workdir/profile" --hide-scrollbars --window-size=1200,1500 \
  --screenshot="$PWD/$output" "file://$workdir/report.html" 2>"$workdir/chromium.log" || {
  cat "$workdir/chromium.log" >&2
  exit 2
}
echo "screenshot: $output"

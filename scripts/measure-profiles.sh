#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Several profiles audited concurrently take about the time of the slowest (issue 5 point 4).
# Starts three fake instances answering after 100, 200 and 300 ms, times each profile alone and
# all three in one combined run, and prints the figures. Usage: scripts/measure-profiles.sh [BUILD]
set -euo pipefail
build=${1:-build}
sncheck=$build/src/sncheck
fake=$build/tests/sncheck-fake-instance
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

latencies=(100 200 300)
profiles=""
for latency in "${latencies[@]}"; do
  "$fake" --scenario healthy --latency-ms "$latency" --port-file "$work/port-$latency" >/dev/null &
  pids+=($!)
done
for latency in "${latencies[@]}"; do
  for _ in $(seq 100); do [[ -s $work/port-$latency ]] && break; sleep 0.05; done
  port=$(cat "$work/port-$latency")
  profiles+="${profiles:+,}\"l$latency\": {\"instance\": \"http://127.0.0.1:$port\", \"user\": \"sncheck.reader\", \"password\": {\"env\": \"FAKE_PASSWORD\"}}"
done
echo "{\"profiles\": {$profiles}}" >"$work/config.json"
export FAKE_PASSWORD=demo-password

seconds() {  # wall seconds of one sncheck run (best of 3)
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$sncheck" oauth --config "$work/config.json" "$@" --format json >/dev/null || true
    end=$(date +%s.%N)
    best=$(echo "$start $end $best" | awk '{t = $2 - $1; if ($3 == "" || t < $3) print t; else print $3}')
  done
  printf '%.2f' "$best"
}

slowest=0
for latency in "${latencies[@]}"; do
  t=$(seconds --profile "l$latency")
  echo "one profile, ${latency} ms per request: ${t} s"
  slowest=$t
done
combined=$(seconds --profile l100 --profile l200 --profile l300)
echo "three profiles in one run:           ${combined} s"
awk -v c="$combined" -v s="$slowest" 'BEGIN { printf "combined / slowest alone:            %.2f\n", c / s }'

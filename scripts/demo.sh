#!/usr/bin/env bash
# Runs `sncheck oauth` against the bundled demo: a fake instance on 127.0.0.1 holding the classic
# broken set-up (the client-credentials property never created, the OAuth Application User empty).
set -euo pipefail

build=${BUILD_DIR:-build}
sncheck="$build/src/sncheck"
fake="$build/tests/sncheck-fake-instance"
for binary in "$sncheck" "$fake"; do
  [[ -x "$binary" ]] || { echo "demo: $binary is missing; build first (see README)" >&2; exit 2; }
done

workdir=$(mktemp -d)
"$fake" --scenario demo --port-file "$workdir/port" 2>"$workdir/fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 100); do
  [[ -s "$workdir/port" ]] && break
  sleep 0.05
done
[[ -s "$workdir/port" ]] || { echo "demo: the fake instance did not start:" >&2; cat "$workdir/fake.log" >&2; exit 2; }
port=$(cat "$workdir/port")

echo "\$ SN_PASSWORD=... sncheck oauth --instance http://127.0.0.1:$port --user sncheck.reader"
echo
status=0
SN_PASSWORD=demo-password "$sncheck" oauth --instance "http://127.0.0.1:$port" --user sncheck.reader "$@" || status=$?
echo
if [[ $status -eq 1 ]]; then
  echo "demo: sncheck exited 1 (checks failed), as this broken demo configuration should."
  exit 0
fi
echo "demo: sncheck exited $status; the demo expects 1" >&2
exit "$status"

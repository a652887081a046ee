# SPDX-License-Identifier: Apache-2.0
# Sourced by scripts that need the bundled demo running: checks the build, starts the fake
# instance with the demo scenario on a free port, and stops it (and removes $workdir) on exit.
# Sets sncheck, workdir and port. The caller sets `who` (its name, for messages).
build=${BUILD_DIR:-build}
# SNCHECK: another sncheck to demo (an installed one: SNCHECK=$(command -v sncheck)).
sncheck="${SNCHECK:-$build/src/sncheck}"
fake="$build/tests/sncheck-fake-instance"
for binary in "$sncheck" "$fake"; do
  [[ -x "$binary" ]] || { echo "$who: $binary is missing; build first (see README)" >&2; exit 2; }
done

workdir=$(mktemp -d)
"$fake" --scenario demo --port-file "$workdir/port" 2>"$workdir/fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 100); do
  [[ -s "$workdir/port" ]] && break
  sleep 0.05
done
[[ -s "$workdir/port" ]] || { echo "$who: the fake instance did not start:" >&2; cat "$workdir/fake.log" >&2; exit 2; }
port=$(cat "$workdir/port")

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs `sncheck audit` (every suite: oauth, hardening, rest, identity) against the bundled demo: a
# fake instance on 127.0.0.1 holding the classic broken OAuth set-up (the client-credentials
# property never created, the OAuth Application User empty) and one finding in every other suite.
# Arguments are passed on (e.g. scripts/demo.sh --format markdown).
set -euo pipefail

who=demo
# shellcheck source=scripts/lib/demo-instance.sh
source "$(dirname "$0")/lib/demo-instance.sh"

echo "\$ SN_PASSWORD=... sncheck audit --instance http://127.0.0.1:$port \\"
echo "    --user sncheck.reader"
echo
status=0
SN_PASSWORD=demo-password "$sncheck" audit --instance "http://127.0.0.1:$port" --user sncheck.reader "$@" || status=$?
echo
if [[ $status -eq 1 ]]; then
  echo "demo: sncheck exited 1 (checks failed), as it should on this broken set-up."
  exit 0
fi
echo "demo: sncheck exited $status; the demo expects 1" >&2
exit "$status"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The action's install step: uses an sncheck already on PATH (a .deb installed by the workflow),
# otherwise builds this checkout of the action with Debian/Ubuntu packages.
set -euo pipefail
if command -v sncheck >/dev/null 2>&1; then
  echo "sncheck: using $(command -v sncheck) ($(sncheck --version | head -n1))"
  exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/scripts/install-deps.sh"
build="${RUNNER_TEMP:-/tmp}/sncheck-build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSNCHECK_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target sncheck
echo "$build/src" >> "${GITHUB_PATH:-/dev/null}"
echo "sncheck: built $build/src/sncheck"

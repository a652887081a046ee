#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the benchmark if needed (an optimised build in build-bench/, apart from the Debug and
# sanitizer builds) and prints its table: bench/run.sh [--repeat N] [--latencies 0,50,300]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${SNCHECK_BENCH_BUILD:-build-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build" -j"$(nproc)" --target sncheck sncheck-bench > /dev/null
echo "sncheck-bench on $(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)"
exec "$build/bench/sncheck-bench" "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite from a clean checkout: installs what is missing, builds (Release, as the
# package ships), runs every test, then builds once more with clang under AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage, runs every test again in that build and
# fuzzes each fuzz target of the same build for 15 s (9 targets: 135 s in all), builds and
# installs the .deb, runs the demo, and checks formatting.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/install-deps.sh --test
# The HTML report test renders the report in Chromium; here a missing chromium is a failure, not
# a skip.
export SNCHECK_REQUIRE_CHROMIUM=1

echo "== build and test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSNCHECK_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang, with the fuzz targets)"
# One sanitized build serves both the tests and the fuzzing (CI time: one build fewer); clang as a
# second compiler also sees what gcc lets through.
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DSNCHECK_FUZZ=ON -DSNCHECK_WERROR=ON
cmake --build build-sanitize -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-sanitize --output-on-failure -j"$jobs"

echo "== fuzz each target briefly (the sanitized build's libFuzzer targets)"
FUZZ_BUILD_DIR=build-sanitize FUZZ_SECONDS=15 scripts/fuzz.sh

echo "== Debian package: build it, install it, run the installed sncheck"
(cd build && cpack -G DEB > /dev/null)
deb=$(ls build/sncheck_*.deb)
dpkg-deb --field "$deb" Package Version Depends
if [[ $(id -u) -eq 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "./$deb" > /dev/null
  /usr/bin/sncheck --version
  SNCHECK=/usr/bin/sncheck scripts/demo.sh > /dev/null
  echo "package: $deb installed; the installed sncheck ran the demo"
else
  echo "package: $deb built (installing it needs root; CI runs as root)"
fi

echo "== demo"
scripts/demo.sh > /dev/null

echo "== clang-format"
scripts/check-format.sh

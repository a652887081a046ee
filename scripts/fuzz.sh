#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan in build-fuzz, replays each seed
# corpus, then fuzzes each target briefly. Fails on any crash, leak, sanitizer report or broken
# invariant; the input that caused it is left in build-fuzz/crashes/<target>/.
#   scripts/fuzz.sh              every target, FUZZ_SECONDS (default 20) each
#   scripts/fuzz.sh TARGET...    only these (response_parser, check_loader, config_file, ...)
#   FUZZ_BUILD_DIR=DIR           use DIR, a build already configured with clang and
#                                SNCHECK_FUZZ=ON (scripts/test.sh's sanitized build), as it is
# New inputs go to a temporary copy of the corpus, so the repository is never modified; to keep
# one (a reproducer), copy it into fuzz/corpus/<target>/ yourself.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
build=${FUZZ_BUILD_DIR:-build-fuzz}

if [[ -n ${FUZZ_BUILD_DIR:-} ]]; then
  grep -q '^SNCHECK_FUZZ:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null || {
    echo "fuzz: $build is not a build configured with -DSNCHECK_FUZZ=ON (clang)" >&2
    exit 2
  }
else
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DSNCHECK_FUZZ=ON -DSNCHECK_BUILD_TESTS=OFF > /dev/null
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  # set(FUZZ_TARGETS a b ...) may span several lines.
  mapfile -t targets < <(tr '\n' ' ' < fuzz/CMakeLists.txt |
    sed -n 's/.*set(FUZZ_TARGETS \([^)]*\)).*/\1/p' | tr -s ' ' '\n' | sed '/^$/d')
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  echo "== fuzz $target (${seconds}s)"
  corpus="$work/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$crashes"
  cp -r "fuzz/corpus/$target" "$corpus"
  # -max_len: the seeds are small, and the default would cap mutations at the largest seed.
  "$build/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=65536 -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/" \
    2> "$work/$target.log" || {
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: $target failed; reproducer in $crashes/ (run: $build/fuzz/fuzz_$target FILE)" >&2
    exit 1
  }
  grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$work/$target.log" |
    tr '\n' ' '
  echo
done

#!/usr/bin/env bash
# The whole test suite, as CI runs it (after scripts/setup.sh --test):
#   1. a -Werror build and every ctest test (unit, golden, cli, accuracy);
#   2. the same suite again under AddressSanitizer + UBSan;
#   3. the libFuzzer target, built with clang, for a bounded time;
#   4. cmake --install into a temporary prefix, and a program built against
#      the installed header and pkg-config file.
# FUZZ_SECONDS (default 60) bounds step 3. With PHISCRUB_FLB_SOURCE and
# PHISCRUB_FLB_BUILD set to a configured and built Fluent Bit tree, step 1
# also builds the filter plugin and runs it in that Fluent Bit
# (docs/fluent-bit.md); without them that test reports itself skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FUZZ_SECONDS:-60}

step() { printf '\n=== %s\n' "$*"; }

step "build (-Wall -Wextra -Werror)"
flb=()
if [[ -n "${PHISCRUB_FLB_SOURCE:-}" && -n "${PHISCRUB_FLB_BUILD:-}" ]]; then
  flb=(-DPHISCRUB_FLB_SOURCE="$PHISCRUB_FLB_SOURCE" -DPHISCRUB_FLB_BUILD="$PHISCRUB_FLB_BUILD")
fi
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPHISCRUB_WERROR=ON "${flb[@]}" >/dev/null
cmake --build build-test -j"$jobs"
step "test suite"
ctest --test-dir build-test --output-on-failure -j"$jobs"

step "build with AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPHISCRUB_WERROR=ON -DPHISCRUB_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
step "test suite under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

step "libFuzzer: nothing-lost and chunking properties, ${fuzz_seconds}s"
CC=clang cmake -S . -B build-fuzz -DPHISCRUB_BUILD_FUZZ=ON -DPHISCRUB_SANITIZE=ON \
  -DPHISCRUB_BUILD_TESTS=OFF -DPHISCRUB_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_stream
fuzz_corpus=$(mktemp -d)
trap 'rm -rf "$fuzz_corpus" "${prefix:-}"' EXIT
PHISCRUB_CACHE_DIR="$PWD/build-fuzz/cache" build-fuzz/tests/fuzz/fuzz_stream -max_total_time="$fuzz_seconds" -max_len=4096 \
  -print_final_stats=1 "$fuzz_corpus" tests/fuzz/seeds 2>&1 | tail -n 12

step "install into a temporary prefix"
prefix=$(mktemp -d)
cmake --install build-test --prefix "$prefix" >/dev/null
scripts/check-install.sh "$prefix"

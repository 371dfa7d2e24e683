#!/usr/bin/env bash
# The whole test suite, as CI runs it (after scripts/setup.sh --test):
#   0. Fluent Bit 5.1.1 from the vendored tarball (scripts/fluent-bit.sh),
#      built once into a cache outside the checkout and reused after;
#   1. a -Werror build with the Fluent Bit plugin and every ctest test
#      (unit, golden, cli, accuracy, lua, the plugin and the Lua path in
#      that Fluent Bit, the Kubernetes example's config under --dry-run);
#   2. the same suite again under AddressSanitizer + UBSan (the Fluent Bit
#      tests stay in step 1: Fluent Bit is not built with the sanitizers);
#   3. the libFuzzer targets (tests/fuzz: the stream, and one per parser),
#      built with clang, each for a bounded time;
#   4. cmake --install into a temporary prefix; a program built against it
#      (pkg-config), and tests/consumer built with find_package, pkg-config
#      and add_subdirectory;
#   5. the Debian package (cpack -G DEB), checked, unpacked and run
#      (tests/package/test_deb.sh);
#   6. a plain configure on a machine without cmocka builds the program
#      and the library (tests/package/test_no_cmocka.sh);
#   7. without a Fluent Bit, CI=true makes its tests fail, not skip, and
#      scripts/fluent-bit.sh finds the tarball beside a clone
#      (tests/package/test_fluent_bit_required.sh).
# FUZZ_SECONDS (default 60) bounds the stream's target in step 3, and
# FUZZ_EACH_SECONDS (default 15) each other one; scripts/fuzz.sh runs them
# longer. PHISCRUB_FLB_SOURCE and
# PHISCRUB_FLB_BUILD name another configured and built Fluent Bit tree
# instead of step 0. A missing Fluent Bit is a failure here, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${FUZZ_SECONDS:-60}
fuzz_each=${FUZZ_EACH_SECONDS:-15}
t_start=$(date +%s)

step() { printf '\n=== %s (%d s)\n' "$*" "$(($(date +%s) - t_start))"; }

if [[ -n "${PHISCRUB_FLB_SOURCE:-}" && -n "${PHISCRUB_FLB_BUILD:-}" ]]; then
  step "Fluent Bit: $PHISCRUB_FLB_BUILD"
  flb_src=$PHISCRUB_FLB_SOURCE flb_build=$PHISCRUB_FLB_BUILD
else
  step "Fluent Bit 5.1.1 (vendored; built once, then cached)"
  flb_cache=$(scripts/fluent-bit.sh)
  flb_src=$flb_cache/src flb_build=$flb_cache/build
fi
flb=(-DPHISCRUB_FLB_SOURCE="$flb_src" -DPHISCRUB_FLB_BUILD="$flb_build" -DPHISCRUB_REQUIRE_FLUENT_BIT=ON)

step "build (-Wall -Wextra -Werror), with the Fluent Bit plugin"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPHISCRUB_WERROR=ON "${flb[@]}" >/dev/null
cmake --build build-test -j"$jobs"
step "test suite"
ctest --test-dir build-test --output-on-failure --no-tests=error -j"$jobs"

step "build with AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPHISCRUB_WERROR=ON -DPHISCRUB_SANITIZE=ON \
  -DPHISCRUB_FLUENT_BIT_TESTS=OFF >/dev/null
cmake --build build-asan -j"$jobs"
step "test suite under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --no-tests=error -j"$jobs"

step "libFuzzer: the stream ${fuzz_seconds}s, every other parser ${fuzz_each}s"
CC=clang cmake -S . -B build-fuzz -DPHISCRUB_BUILD_FUZZ=ON -DPHISCRUB_SANITIZE=ON \
  -DPHISCRUB_BUILD_TESTS=OFF -DPHISCRUB_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz
fuzz_corpus=$(mktemp -d)
trap 'rm -rf "$fuzz_corpus" "${prefix:-}"' EXIT
for t in stream rules date structure reveal encoding baseline mrec; do
  seeds=tests/fuzz/seeds-$t secs=$fuzz_each
  [[ $t == stream ]] && seeds=tests/fuzz/seeds secs=$fuzz_seconds
  mkdir -p "$fuzz_corpus/$t"
  echo "--- fuzz_$t, ${secs}s"
  PHISCRUB_CACHE_DIR="$PWD/build-fuzz/cache" build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$secs" \
    -max_len=4096 -timeout=30 -print_final_stats=1 "$fuzz_corpus/$t" "$seeds" 2>&1 | tail -n 12
done

step "install into a temporary prefix; consumers"
prefix=$(mktemp -d)
cmake --install build-test --prefix "$prefix" >/dev/null
scripts/check-install.sh "$prefix"
tests/consumer/run.sh "$prefix" .

step "Debian package"
tests/package/test_deb.sh "$PWD/build-deb" "$flb_src" "$flb_build"

step "configure without cmocka"
tests/package/test_no_cmocka.sh "$PWD/build-nocmocka"

step "a missing Fluent Bit fails under CI=true; the tarball beside a clone"
tests/package/test_fluent_bit_required.sh "$PWD/build-flbreq"

step "all passed"

#!/usr/bin/env bash
# Run every libFuzzer target (tests/fuzz) for a while, each on its seed
# corpus in tests/fuzz and a working corpus kept in build-fuzz/corpus/NAME
# (reused from run to run, so the search goes on where it stopped).
#   scripts/fuzz.sh             an hour in all, shared among the targets
#   FUZZ_SECONDS=600 scripts/fuzz.sh rules date   ten minutes each for two
# A crash leaves its input in build-fuzz/crash-NAME-* and the exit status 1.
# Record the CPU time run and what was found in tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
all=(stream rules date structure reveal encoding baseline mrec)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")
each=${FUZZ_SECONDS:-$((3600 / ${#targets[@]}))}
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang cmake -S . -B build-fuzz -DPHISCRUB_BUILD_FUZZ=ON -DPHISCRUB_SANITIZE=ON \
  -DPHISCRUB_BUILD_TESTS=OFF -DPHISCRUB_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz
export PHISCRUB_CACHE_DIR=$PWD/build-fuzz/cache
failed=0
for t in "${targets[@]}"; do
  seeds=tests/fuzz/seeds-$t
  [[ $t == stream ]] && seeds=tests/fuzz/seeds
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  printf '=== fuzz_%s, %d s\n' "$t" "$each"
  rc=0
  build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$each" -max_len=4096 -timeout=30 \
    -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$t-" "$corpus" "$seeds" \
    >"build-fuzz/fuzz-$t.log" 2>&1 || rc=$?
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|ERROR|SUMMARY|Test unit written' \
    "build-fuzz/fuzz-$t.log" || true
  [[ $rc -eq 0 ]] || { failed=1; echo "fuzz_$t: FAILED (build-fuzz/fuzz-$t.log, build-fuzz/crash-$t-*)"; }
done
exit $failed

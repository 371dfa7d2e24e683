#!/usr/bin/env bash
# The two commands of the README:
#   ./quickstart.sh sample   install what is missing, build, redact examples/sample.log
#   ./quickstart.sh test     install what is missing, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)

case "${1:-}" in
  sample)
    scripts/setup.sh
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPHISCRUB_BUILD_TESTS=OFF >/dev/null
    cmake --build build -j"$jobs" >/dev/null
    exec build/phiscrub examples/sample.log
    ;;
  test)
    scripts/setup.sh --test
    exec scripts/test.sh
    ;;
  *)
    echo "usage: $0 sample|test" >&2
    exit 2
    ;;
esac

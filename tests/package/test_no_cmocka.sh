#!/usr/bin/env bash
# A packager's first configure: a machine without cmocka. pkg-config is
# given only the .pc files of the build dependencies (PKG_CONFIG_LIBDIR),
# so cmocka is not found; the plain `cmake -S . -B BUILD` must then still
# configure, say that the tests are off, and build the program and the
# library, which must work.
#   tests/package/test_no_cmocka.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
jobs=$(nproc 2>/dev/null || echo 2)
pc=$(mktemp -d)
trap 'rm -rf "$pc"' EXIT
for m in libhs libpcre2-8; do
  ln -s "$(pkg-config --variable pcfiledir "$m")/$m.pc" "$pc/$m.pc"
done
fail=0
rm -rf "$build"
mkdir -p "$build"
if PKG_CONFIG_LIBDIR="$pc" cmake -S "$root" -B "$build" >"$build/no-cmocka.log" 2>&1; then
  echo "ok   configure without cmocka succeeds"
else
  echo "FAILED configure without cmocka:"; tail -n 20 "$build/no-cmocka.log"; exit 1
fi
if grep -q "tests off: cmocka" "$build/no-cmocka.log"; then echo "ok   it says the tests are off, and why"; else
  echo "FAILED no message about the tests"; fail=1; fi
if PKG_CONFIG_LIBDIR="$pc" cmake --build "$build" -j"$jobs" >>"$build/no-cmocka.log" 2>&1; then
  echo "ok   the program and the library build"
else
  echo "FAILED build:"; tail -n 20 "$build/no-cmocka.log"; exit 1
fi
if [[ -d "$build/tests" ]]; then echo "FAILED the tests were configured anyway"; fail=1; fi
out=$(printf 'ssn=123-45-6789\n' | PHISCRUB_CACHE_DIR="$build/cache" "$build/phiscrub")
if [[ "$out" == "ssn=[SSN]" && -e "$build/libphiscrub.so.0" ]]; then
  echo "ok   the program built there redacts, and libphiscrub.so.0 is there"
else
  echo "FAILED the program's output: $out"; fail=1
fi
exit $fail

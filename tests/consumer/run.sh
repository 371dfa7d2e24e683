#!/usr/bin/env bash
# Build tests/consumer each way a project gets libphiscrub, and run it:
#   tests/consumer/run.sh PREFIX [SOURCE]
# PREFIX: an installed tree (cmake --install, or an unpacked .deb's usr/):
# find_package (shared and static) and pkg-config against it. SOURCE: the
# phiscrub source tree: add_subdirectory. Each prints "ok" or "FAILED";
# the exit status is 1 if any failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
src=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
libdir=$(cd "$prefix" && dirname "$(ls lib*/libphiscrub.so lib/*/libphiscrub.so 2>/dev/null | head -n 1)")
fail=0
export PHISCRUB_CACHE_DIR="$work/cache"

try() { # name, then the cmake configure arguments
  local name=$1
  shift
  local b="$work/$name"
  if cmake -S "$here" -B "$b" "$@" >"$b.log" 2>&1 && cmake --build "$b" -j2 >>"$b.log" 2>&1 &&
     LD_LIBRARY_PATH="$prefix/$libdir" "$b/consumer" >>"$b.log" 2>&1; then
    echo "ok   consumer: $name"
  else
    echo "FAILED consumer: $name"
    tail -n 20 "$b.log" | sed 's/^/     /'
    fail=1
  fi
}

try find_package -DCONSUMER_MODE=find_package -DCMAKE_PREFIX_PATH="$prefix"
try find_package-static -DCONSUMER_MODE=static -DCMAKE_PREFIX_PATH="$prefix"
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" try pkg-config -DCONSUMER_MODE=pkg-config
if [[ -n "$src" ]]; then
  try subdirectory -DCONSUMER_MODE=subdirectory -DPHISCRUB_SOURCE_DIR="$(cd "$src" && pwd)"
fi
exit $fail

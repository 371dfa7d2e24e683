#!/usr/bin/env bash
# Build the vendored Fluent Bit that the native plugin is tested against,
# once, into a cache outside the checkout, and print where it is.
#
#   scripts/fluent-bit.sh          build if needed; print the cache folder,
#                                  which holds src/ (the configured source
#                                  tree) and build/ (with bin/fluent-bit)
#
# The source is a release tarball, never fetched: PHISCRUB_FLB_TARBALL, else
# fluent-bit-5.1.1.tar.xz in PHISCRUB_VENDOR_DIR, else in
# $PHISCRUB_SHARED_DIR/vendor, else in ../shared/vendor beside the checkout
# (../../shared/vendor for a worktree one level deeper).
# The cache is ${PHISCRUB_FLB_CACHE:-${XDG_CACHE_HOME:-~/.cache}/phiscrub-ci}
# /fluent-bit-<sha256 of the tarball>: a second run, or another checkout,
# reuses it; a different tarball gets its own folder. A lock keeps two runs
# from building the same folder at once. Build packages: scripts/setup.sh
# --test installs them (flex, bison, libyaml-dev, libsqlite3-dev, luajit,
# libluajit-5.1-dev). Log lines go to stderr; only the folder to stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=5.1.1
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

die() { echo "fluent-bit.sh: $*" >&2; exit 1; }

tarball=${PHISCRUB_FLB_TARBALL:-}
if [[ -z "$tarball" ]]; then
  shared=${PHISCRUB_SHARED_DIR:+$PHISCRUB_SHARED_DIR/vendor}
  for d in "${PHISCRUB_VENDOR_DIR:-}" "${shared:-}" "$root/../shared/vendor" \
           "$root/../../shared/vendor"; do
    if [[ -n "$d" && -f "$d/fluent-bit-$version.tar.xz" ]]; then
      tarball="$d/fluent-bit-$version.tar.xz"
      break
    fi
  done
fi
[[ -n "$tarball" && -f "$tarball" ]] ||
  die "no fluent-bit-$version.tar.xz: set PHISCRUB_VENDOR_DIR to the folder that holds it (looked in \$PHISCRUB_VENDOR_DIR, \$PHISCRUB_SHARED_DIR/vendor and $root/../shared/vendor)"
tarball=$(realpath -s "$tarball")  # ../shared/vendor/x, said as the folder it is
for tool in flex bison cmake make cc xz; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh --test"
done

sha=$(sha256sum "$tarball" | cut -d' ' -f1)
cache=${PHISCRUB_FLB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/phiscrub-ci}/fluent-bit-$sha
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

# The Debian 12 configuration (docs/fluent-bit.md says why each switch):
# minimal, with the inputs, outputs and filters that the tests and the
# Kubernetes example use, and Debian's SQLite so tail keeps its db option.
flags=(-DCMAKE_BUILD_TYPE=Release -DFLB_MINIMAL=On
  -DFLB_PREFER_SYSTEM_LIB_SQLITE=On -DFLB_IN_DUMMY=On -DFLB_IN_TAIL=On
  -DFLB_IN_STDIN=On -DFLB_OUT_STDOUT=On -DFLB_OUT_FILE=On -DFLB_OUT_FORWARD=On
  -DFLB_FILTER_KUBERNETES=On
  -DFLB_LUAJIT=On -DFLB_FILTER_LUA=On -DFLB_PREFER_SYSTEM_LIB_LUAJIT=On
  -DFLB_WASM=Off -DFLB_EXAMPLES=Off -DFLB_SHARED_LIB=Off
  -DFLB_USE_SIMDUTF=No -DFLB_KAFKA=Off)

# A folder is reused only when a build finished in it with these flags.
if [[ -f "$cache/.complete" && -x "$cache/build/bin/fluent-bit" &&
      "$(cat "$cache/.complete")" == "${flags[*]}" ]]; then
  echo "fluent-bit.sh: reusing $cache" >&2
  echo "$cache"
  exit 0
fi

# A run that stopped half-way, or other flags: start that folder over.
rm -rf "$cache/src" "$cache/build" "$cache/.complete"
echo "fluent-bit.sh: building Fluent Bit from $tarball into $cache (2.5 minutes on 2 idle cores, up to 11 on busy ones; once)" >&2
start=$(date +%s)
mkdir -p "$cache/src"
tar -xJf "$tarball" -C "$cache/src" --strip-components=1
[[ -f "$cache/src/include/fluent-bit/flb_filter.h" ]] || die "$tarball is not a Fluent Bit source tree"
cmake -S "$cache/src" -B "$cache/build" "${flags[@]}" >"$cache/configure.log" 2>&1 ||
  die "configure failed: see $cache/configure.log"
cmake --build "$cache/build" -j"$jobs" >"$cache/build.log" 2>&1 ||
  die "build failed: see the end of $cache/build.log"
[[ -x "$cache/build/bin/fluent-bit" ]] || die "the build made no bin/fluent-bit"
"$cache/build/bin/fluent-bit" --version >/dev/null || die "the built fluent-bit does not run"
echo "${flags[*]}" >"$cache/.complete"
echo "fluent-bit.sh: built in $(($(date +%s) - start)) s" >&2
echo "$cache"

#!/usr/bin/env bash
# Install what phiscrub needs from Debian's packages, and nothing by hand.
#   scripts/setup.sh          build dependencies and the sample run
#   scripts/setup.sh --test   also what the test suite needs
#   scripts/setup.sh --bench  also what bench/ needs (not CI): ripgrep, GNU
#                             time, bc, perf; may be given with --test
# Needs root (or sudo). Packages already present are left alone.
set -euo pipefail

# libxxhash-dev: XXH3, header-only, for the cache files' checksums
want=(build-essential cmake pkg-config libpcre2-dev zlib1g-dev libssl-dev libxxhash-dev)
# Vectorscan is the maintained Hyperscan fork (same API, same pkg-config
# name libhs) and measured faster here: docs/benchmarks.md. Either works; an
# installed libhyperscan-dev is kept rather than replaced.
if dpkg-query -W -f='${Status}' libhyperscan-dev 2>/dev/null | grep -q 'ok installed'; then
  :
else
  want+=(libvectorscan-dev)
fi
for a in "$@"; do
  case $a in
    --test|--bench) ;;
    *) echo "setup: unknown option $a (--test, --bench)" >&2; exit 2 ;;
  esac
done
if [[ " $* " == *" --bench "* ]]; then
  # bench/run.sh compares against sed and rg and times with GNU time;
  # bench/profile.sh samples with perf
  want+=(ripgrep time bc linux-perf python3)
fi
if [[ " $* " == *" --test "* ]]; then
  # git and pre-commit: the pre-commit hooks are tested for real (tests/integration);
  # libmsgpack-dev and luajit: the Fluent Bit record walk and the Lua path
  want+=(libcmocka-dev libmsgpack-dev luajit python3 python3-cryptography clang
         libclang-rt-14-dev gzip git pre-commit)
  # Fluent Bit 5.1.1 from the vendored tarball (scripts/fluent-bit.sh), its
  # Kubernetes example checked with python3-yaml
  want+=(flex bison libyaml-dev libsqlite3-dev libluajit-5.1-dev xz-utils python3-yaml)
  # the Debian package: cpack's DEB generator (file, dpkg-shlibdeps) and lintian
  want+=(file dpkg-dev lintian)
  # progress on a terminal, tested in a real one
  want+=(tmux)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: need root to install: ${missing[*]}" >&2
    echo "setup: run as root, or install them with apt-get yourself" >&2
    exit 2
  fi
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

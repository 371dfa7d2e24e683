#!/usr/bin/env bash
# The Debian package, built and checked as a user would meet it:
#   tests/package/test_deb.sh BUILD_DIR [FLB_SOURCE FLB_BUILD]
# configures BUILD_DIR for a package (prefix /usr, PHISCRUB_DEB_LAYOUT, no
# tests; with a Fluent Bit tree, the plugin too), builds it, runs
# `cpack -G DEB`, then checks: the file name phiscrub_<version>_<arch>.deb;
# the files in it; Depends on Debian's libhs, PCRE2, zlib and libssl
# packages (dpkg-shlibdeps); lintian with no error; and, unpacked with
# dpkg-deb -x, the packaged program on examples/sample.log (the golden
# output), with the packaged rules too; the packaged library under
# phiscrub.lua; the packaged plugin in that Fluent Bit; a consumer built
# against the unpacked tree. Prints one line per check.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
flb_src=${2:-}
flb_build=${3:-}
jobs=$(nproc 2>/dev/null || echo 2)
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAILED $*"; fail=1; }

flb=()
if [[ -n "$flb_src" ]]; then
  flb=(-DPHISCRUB_FLB_SOURCE="$flb_src" -DPHISCRUB_FLB_BUILD="$flb_build")
fi
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DPHISCRUB_DEB_LAYOUT=ON -DPHISCRUB_BUILD_TESTS=OFF "${flb[@]}" >"$build/package-configure.log" 2>&1 ||
  { tail -n 30 "$build/package-configure.log"; exit 1; }
cmake --build "$build" -j"$jobs" >"$build/package-build.log" 2>&1 ||
  { tail -n 30 "$build/package-build.log"; exit 1; }
rm -f "$build"/phiscrub_*.deb
(cd "$build" && cpack -G DEB) >"$build/package-cpack.log" 2>&1 || { tail -n 30 "$build/package-cpack.log"; exit 1; }

version=$(sed -n 's/^project(phiscrub VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
arch=$(dpkg --print-architecture)
deb="$build/phiscrub_${version}_${arch}.deb"
if [[ -f "$deb" ]]; then ok "cpack -G DEB made $(basename "$deb")"; else
  bad "no $(basename "$deb") (made: $(ls "$build"/*.deb 2>/dev/null))"; exit 1; fi

multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
want=(usr/bin/phiscrub usr/lib/"$multiarch"/libphiscrub.so.0 usr/lib/"$multiarch"/libphiscrub.so
      usr/lib/"$multiarch"/libphiscrub.a usr/include/phiscrub.h
      usr/lib/"$multiarch"/pkgconfig/phiscrub.pc
      usr/lib/"$multiarch"/cmake/phiscrub/phiscrubConfig.cmake
      usr/lib/"$multiarch"/cmake/phiscrub/phiscrubConfigVersion.cmake
      usr/share/man/man1/phiscrub.1.gz usr/share/phiscrub/rules/70-keys.rules
      usr/share/phiscrub/phiscrub.lua usr/share/doc/phiscrub/copyright
      usr/share/doc/phiscrub/changelog.gz)
if [[ -n "$flb_src" ]]; then
  want+=(usr/lib/"$multiarch"/fluent-bit/flb-filter_phiscrub.so)
fi
listing=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./##')
missing=()
for f in "${want[@]}"; do grep -qx "$f" <<<"$listing" || missing+=("$f"); done
if ((${#missing[@]} == 0)); then ok "the package holds the ${#want[@]} files it must"; else
  bad "missing from the package: ${missing[*]}"; fi
if grep -Eqx 'usr/share/phiscrub/cache/[0-9a-f]{16}\.hsdb' <<<"$listing"; then
  ok "the package holds the seed folder (the bundled rules compiled at build time)"
else
  bad "no usr/share/phiscrub/cache/*.hsdb in the package"; fi

depends=$(dpkg-deb -f "$deb" Depends)
echo "     Depends: $depends"
for d in 'libvectorscan5|libhyperscan5' 'libpcre2-8-0' 'zlib1g' 'libssl3' 'libc6'; do
  if grep -Eq "(^|, )($d) \(" <<<"$depends"; then ok "Depends on $d, with a version"; else
    bad "Depends lacks $d"; fi
done

if command -v lintian >/dev/null; then
  lint=$(lintian --allow-root "$deb" 2>&1 || true)
  if grep -q '^E: ' <<<"$lint"; then bad "lintian errors:"; grep '^E: ' <<<"$lint" | sed 's/^/     /'
  else ok "lintian: no error ($(grep -c '^W: ' <<<"$lint" || true) warnings)"; fi
else
  bad "lintian is not installed (scripts/setup.sh --test installs it)"
fi

x=$(mktemp -d)
trap 'rm -rf "$x"' EXIT
dpkg-deb -x "$deb" "$x"
export PHISCRUB_CACHE_DIR="$x/cache"
golden="$root/tests/golden/cases/sample-log.out"
if "$x/usr/bin/phiscrub" "$root/examples/sample.log" >"$x/sample.out" && cmp -s "$x/sample.out" "$golden"; then
  ok "the packaged program redacts examples/sample.log as the golden file says"
else
  bad "the packaged program's output differs from $golden"; diff "$x/sample.out" "$golden" | head -n 10 || true
fi
if ! compgen -G "$x/cache/*.hsdb" >/dev/null; then
  ok "the packaged program's first run read the seed folder (nothing compiled)"
else
  bad "the packaged program's first run compiled the rules into an empty cache"; fi
if "$x/usr/bin/phiscrub" --no-default-rules --rules "$x/usr/share/phiscrub/rules" "$root/examples/sample.log" >"$x/rules.out" &&
   cmp -s "$x/rules.out" "$golden"; then
  ok "the packaged rules give the bundled rules' output"
else
  bad "the packaged rules give another output"; diff "$x/rules.out" "$golden" | head -n 10 || true
fi
if zcat "$x/usr/share/man/man1/phiscrub.1.gz" | grep -q '^\.TH PHISCRUB'; then ok "the man page"; else
  bad "the packaged man page"; fi
if command -v luajit >/dev/null; then
  got=$(PHISCRUB_LIB="$x/usr/lib/$multiarch/libphiscrub.so.0" luajit -e "
    flb_null = {}
    dofile('$x/usr/share/phiscrub/phiscrub.lua')
    local code, _, _, r = phiscrub_filter('t', 0, {}, {}, {log = 'ssn 123-45-6789'})
    io.write(code, ' ', r.log)" 2>&1)
  if [[ "$got" == "2 ssn [SSN]" ]]; then ok "the packaged phiscrub.lua over the packaged library"; else
    bad "phiscrub.lua over the packaged library: $got"; fi
fi
if [[ -n "$flb_build" ]]; then
  if out=$("$flb_build/bin/fluent-bit" -e "$x/usr/lib/$multiarch/fluent-bit/flb-filter_phiscrub.so" \
             -F phiscrub -h 2>&1) && grep -q "on_error" <<<"$out"; then
    ok "the packaged plugin loads in that Fluent Bit and lists its options"
  else
    bad "the packaged plugin does not load"; tail -n 10 <<<"$out"
  fi
fi
if "$root/tests/consumer/run.sh" "$x/usr" | sed 's/consumer:/consumer of the unpacked package:/'; then :; else fail=1; fi
if [[ $fail -eq 0 ]]; then echo "package: all passed"; else echo "package: FAILED"; exit 1; fi

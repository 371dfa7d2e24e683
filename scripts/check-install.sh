#!/usr/bin/env bash
# Check what `cmake --install` put under PREFIX: the program, the library,
# the header, the pkg-config file and the man page; then build and run a
# small program against the installed library through pkg-config.
set -euo pipefail
prefix=$1
libdir=$(cd "$prefix" && ls -d lib* | head -n 1)
fail=0
for f in bin/phiscrub include/phiscrub.h "$libdir"/libphiscrub.so "$libdir"/libphiscrub.a \
         "$libdir"/pkgconfig/phiscrub.pc share/man/man1/phiscrub.1; do
  if [[ -e "$prefix/$f" ]]; then echo "ok   $f"; else echo "MISSING $f"; fail=1; fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/use.c" <<'C'
#include <phiscrub.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    phs_rules *r;
    phs_db *db;
    if (phs_rules_load_bundled(&r, NULL) || phs_db_create(r, NULL, &db, NULL))
        return 1;
    phs_rules_free(r);
    const char in[] = "ssn=123-45-6789\n";
    char out[64];
    size_t n;
    if (phs_redact(db, in, sizeof in - 1, out, sizeof out, &n, NULL, NULL))
        return 1;
    phs_db_free(db);
    return (n == 10 && memcmp(out, "ssn=[SSN]\n", 10) == 0) ? 0 : 1;
}
C
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
# shellcheck disable=SC2046
cc -o "$work/use" "$work/use.c" $(pkg-config --cflags --libs phiscrub)
if LD_LIBRARY_PATH="$prefix/$libdir" "$work/use"; then
  echo "ok   a program built with pkg-config phiscrub redacts through the installed library"
else
  echo "FAILED: program built against the installed library"; fail=1
fi
if ! MANPATH="$prefix/share/man" man -w phiscrub >/dev/null 2>&1 && ! [[ -s "$prefix/share/man/man1/phiscrub.1" ]]; then
  echo "FAILED: man page"; fail=1
fi
# The seed folder: the bundled rules compiled at build time, so the
# installed program's first run compiles nothing into an empty cache.
if compgen -G "$prefix/share/phiscrub/cache/*.hsdb" >/dev/null; then
  echo "ok   share/phiscrub/cache/*.hsdb"
  out=$(echo "ssn=123-45-6789" | env -u PHISCRUB_SEED_DIR PHISCRUB_CACHE_DIR="$work/first" \
        "$prefix/bin/phiscrub")
  if [[ "$out" == "ssn=[SSN]" ]] && ! compgen -G "$work/first/*.hsdb" >/dev/null; then
    echo "ok   the installed program's first run reads the seed folder (nothing compiled)"
  else
    echo "FAILED: the installed program's first run compiled the rules (or: $out)"; fail=1
  fi
else
  echo "MISSING share/phiscrub/cache/*.hsdb"; fail=1
fi
if [[ $fail -eq 0 ]]; then echo "install: 1 passed, 0 failed"; else echo "install: 0 passed, 1 failed"; exit 1; fi

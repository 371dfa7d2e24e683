#!/usr/bin/env bash
# Options, exit codes, inputs (stdin, '-', several files, a missing file),
# --help, --version, --list-rules, --check-rules and broken rules files.
# Usage: test_usage.sh PATH_TO_PHISCRUB
. "$(dirname "$0")/lib.sh"

printf '2024-03-15T10:22:31Z a ssn=123-45-6789\n' >"$T/a.log"
printf '2024-03-15T10:22:31Z a ssn=[SSN]\n' >"$T/a.exp"
printf 'b call 415-555-0134 or mail jane.doe@example.com\n' >"$T/b.log"
printf 'b call [PHONE] or mail [EMAIL]\n' >"$T/b.exp"
printf 'stdin mrn=00482133\n' >"$T/s.log"
printf 'stdin mrn=[MRN]\n' >"$T/s.exp"

# ---------------------------------------------------------------- help/version
for h in --help -h; do
    run "$h"
    check_rc "$h" 0
    check_empty "$h" "$T/err"
    check_has "$h" "$T/out" "Usage: phiscrub [OPTIONS] [FILE...]"
    for opt in --rules --disable --enable --dates --list-rules --check-rules --output --gzip \
        --partial --mode --action --key-file --report --findings --max-line-size --no-cache \
        --help --version; do
        check_has "$h documents $opt" "$T/out" "$opt"
    done
    check_has "$h" "$T/out" "Exit status: 0 success; 2 usage, rules, key or input error; 3 output error"
    check_has "$h" "$T/out" "4 internal error"
done
# --help wins even with input waiting: it must not read or redact anything
STDIN=$T/a.log run --help
check_lacks "--help with input" "$T/out" "ssn="

for v in --version -V; do
    run "$v"
    check_rc "$v" 0
    check_empty "$v" "$T/err"
    if [ -n "${PHISCRUB_VERSION:-}" ]; then
        check_out_str "$v" "phiscrub $PHISCRUB_VERSION
"
    else
        if grep -qxE 'phiscrub [0-9]+\.[0-9]+\.[0-9]+' "$T/out" && [ "$(wc -l <"$T/out")" = 1 ]; then
            pass "$v: one line 'phiscrub X.Y.Z'"
        else fail "$v: not 'phiscrub X.Y.Z'" "$(cat "$T/out")"; fi
    fi
done

# ---------------------------------------------------------------- usage errors
usage_error() { # NAME EXPECTED_STDERR_TEXT ARGS...
    local name=$1 text=$2
    shift 2
    STDIN=$T/a.log run "$@"
    check_rc "$name" 2
    check_empty "$name (no output)" "$T/out"
    check_has "$name" "$T/err" "$text"
    check_has "$name" "$T/err" "Try 'phiscrub --help'."
}
usage_error "unknown long option" "unknown option '--bogus'" --bogus
usage_error "unknown short option" "unknown option '-x'" -x
usage_error "unknown short option first in a cluster" "unknown option '-x'" -xz
usage_error "unknown short option last in a cluster" "unknown option '-x'" -zx
usage_error "unknown option after file" "unknown option '--frobnicate'" "$T/a.log" --frobnicate
usage_error "missing value --report" "option '--report' needs a value" --report
usage_error "missing value --findings" "option '--findings' needs a value" --findings
usage_error "missing value -r" "option '-r' needs a value" -r
usage_error "missing value --output" "option '--output' needs a value" --output
usage_error "missing value --disable" "option '--disable' needs a value" --disable
usage_error "missing value --dates" "option '--dates' needs a value" --dates
usage_error "missing value --max-line-size" "option '--max-line-size' needs a value" --max-line-size
usage_error "unknown category -d" "unknown category 'BLOOD'" -d BLOOD
usage_error "unknown category in list" "unknown category 'FOO'" --disable SSN,FOO,IP
usage_error "unknown category -e" "unknown category 'NAMES'" -d all -e NAMES
usage_error "empty category item" "empty item in category list 'SSN,,IP'" -d SSN,,IP
usage_error "bad --dates" "--dates must be 'all' or 'context', not 'some'" --dates some
usage_error "bad --dates=" "--dates must be 'all' or 'context', not ''" --dates=
usage_error "bad --dates case" "--dates must be 'all' or 'context', not 'ALL'" --dates ALL
usage_error "--max-line-size 0" "--max-line-size: '0' is out of range (1 to 4G-1 bytes)" --max-line-size 0
usage_error "--max-line-size 4G" "--max-line-size: '4G' is out of range (1 to 4G-1 bytes)" --max-line-size 4G
check_lacks "--max-line-size 4G: a usage error, not a rules error" "$T/err" "rules"
usage_error "--max-line-size 4194304K" "--max-line-size: '4194304K' is out of range" --max-line-size 4194304K
usage_error "--max-line-size 99999999999999999999" "--max-line-size: '99999999999999999999' is not a size" \
    --max-line-size 99999999999999999999
usage_error "--max-line-size abc" "--max-line-size: 'abc' is not a size" --max-line-size abc
usage_error "--max-line-size 10X" "--max-line-size: '10X' is not a size" --max-line-size 10X
usage_error "--max-line-size -5" "--max-line-size: '-5' is not a size" --max-line-size -5
usage_error "--max-line-size 1KB" "--max-line-size: '1KB' is not a size" --max-line-size 1KB

# the largest sizes accepted
STDIN=$T/a.log run --max-line-size 4294967295
check_rc "--max-line-size 4294967295" 0
check_out "--max-line-size 4294967295" "$T/a.exp"
STDIN=$T/a.log run --max-line-size 4194303K
check_rc "--max-line-size 4194303K" 0

# categories are case-insensitive and 'all' works both ways
STDIN=$T/b.log run --disable phone,Email
check_rc "--disable phone,Email" 0
check_out "--disable phone,Email" "$T/b.log"
STDIN=$T/b.log run -d all -e EMAIL
check_rc "-d all -e EMAIL" 0
check_out_str "-d all -e EMAIL" "b call 415-555-0134 or mail [EMAIL]
"
STDIN=$T/b.log run -d all
check_rc "-d all" 0
check_out "-d all passes everything through" "$T/b.log"

# ---------------------------------------------------------------- inputs
STDIN=$T/s.log run
check_rc "stdin" 0
check_out "stdin" "$T/s.exp"
check_empty "stdin" "$T/err"

STDIN=$T/s.log run -
check_rc "'-'" 0
check_out "'-'" "$T/s.exp"

cat "$T/a.exp" "$T/b.exp" >"$T/ab.exp"
run "$T/a.log" "$T/b.log"
check_rc "two files" 0
check_out "two files, in order" "$T/ab.exp"

cat "$T/b.exp" "$T/s.exp" "$T/a.exp" >"$T/bsa.exp"
STDIN=$T/s.log run "$T/b.log" - "$T/a.log"
check_rc "file, '-', file" 0
check_out "file, '-', file" "$T/bsa.exp"

run "$T/a.log" "$T/missing.log" "$T/b.log"
check_rc "missing input file" 2
check_out "missing input file: the other files are still processed" "$T/ab.exp"
check_has "missing input file" "$T/err" "$T/missing.log"
check_has "missing input file" "$T/err" "No such file or directory"

run "$T/missing.log"
check_rc "only input missing" 2
check_empty "only input missing" "$T/out"

run "$T/a.log" "$T"
check_rc "directory as input" 2
check_out "directory as input" "$T/a.exp"
check_has "directory as input" "$T/err" "$T:"

printf 'no newline ssn=123-45-6789' >"$T/nonl.log"
run "$T/nonl.log" "$T/b.log"
check_rc "file without final newline, then another" 0
check_out_str "no newline is added between files" "no newline ssn=[SSN]b call [PHONE] or mail [EMAIL]
"

# -o FILE
run -o "$T/o.txt" "$T/a.log"
check_rc "-o FILE" 0
check_empty "-o FILE (stdout)" "$T/out"
if cmp -s "$T/o.txt" "$T/a.exp"; then pass "-o FILE: content"; else fail "-o FILE: content" "$(cat "$T/o.txt")"; fi
check_eq "-o FILE: created 0600" "600" "$(stat -c %a "$T/o.txt")"
run --output "$T/o.txt" "$T/b.log"
if cmp -s "$T/o.txt" "$T/b.exp"; then pass "--output truncates"; else fail "--output truncates" "$(cat "$T/o.txt")"; fi
run -o - "$T/a.log"
check_out "-o -: stdout" "$T/a.exp"
run -o "$T/no/such/dir/out.txt" "$T/a.log"
check_rc "-o into a missing folder" 3
check_has "-o into a missing folder" "$T/err" "cannot open output $T/no/such/dir/out.txt"

# ---------------------------------------------------------------- rules
run --list-rules
check_rc "--list-rules" 0
check_empty "--list-rules" "$T/err"
cp "$T/out" "$T/rules.txt"
nrules=$(wc -l <"$T/rules.txt")
if [ "$nrules" -gt 0 ]; then pass "--list-rules lists $nrules rules"; else fail "--list-rules lists no rule"; fi
bad=$(awk 'NF != 3 || $3 !~ /^(on|off)$/ ||
           $2 !~ /^(SSN|MRN|PATIENT_ID|MEMBER_ID|ACCOUNT_ID|ENCOUNTER_ID|NAME|DATE|PHONE|FAX|EMAIL|IP|URL|ZIP|ADDRESS|AGE|LICENSE|LOCATION|CARD|VIN|DEVICE_ID|\*)$/' \
    "$T/rules.txt")
check_eq "--list-rules: every line is 'id CATEGORY-or-* on|off'" "" "$bad"
check_eq "--list-rules: ssn-dashed" "ssn-dashed SSN on" "$(awk '$1 == "ssn-dashed"' "$T/rules.txt" | tr -s ' ')"
run --list-rules -d SSN
check_eq "--list-rules -d SSN: SSN rules off" "" "$(awk '$2 == "SSN" && $3 != "off"' "$T/out")"
check_eq "--list-rules -d SSN: others unchanged" "$(awk '$2 != "SSN"' "$T/rules.txt")" "$(awk '$2 != "SSN"' "$T/out")"
run --list-rules --dates context
check_eq "--list-rules --dates context: bare-date rules off" "date-iso DATE off" \
    "$(awk '$1 == "date-iso"' "$T/out" | tr -s ' ')"
check_eq "--list-rules --dates context: person-context dates on" "date-person-context DATE on" \
    "$(awk '$1 == "date-person-context"' "$T/out" | tr -s ' ')"

# --check-rules, and the cache of compiled rules: a fresh cache folder is
# filled by the first run and used by the next; --no-cache bypasses it
export PHISCRUB_CACHE_DIR=$T/cache2
run --check-rules
check_rc "--check-rules" 0
check_empty "--check-rules (stdout)" "$T/out"
# the message goes on with the examples run ("; N examples passed")
check_eq "--check-rules message, compiled" "phiscrub: $nrules rules OK" "$(cut -d';' -f1 "$T/err")"
check_has "--check-rules message: the examples" "$T/err" " examples passed"
check_eq "cache folder created private" "700" "$(stat -c %a "$T/cache2" 2>&1)"
# the examples run with every rule on, and the bundled set has one off: a
# second rules database (the name dictionaries are built in)
check_eq "two compiled databases cached (the rules, the rules all on)" "2" \
    "$(find "$T/cache2" -name '*.hsdb' | wc -l)"
run --check-rules
check_rc "--check-rules, cached" 0
check_eq "--check-rules message, from the cache" \
    "phiscrub: $nrules rules OK (compiled databases from the cache)" "$(cut -d';' -f1 "$T/err")"
run --check-rules --no-cache
check_eq "--check-rules --no-cache" "phiscrub: $nrules rules OK" "$(cut -d';' -f1 "$T/err")"
cat "$T/a.log" "$T/b.log" "$T/s.log" >"$T/abs.log"
cat "$T/a.exp" "$T/b.exp" "$T/s.exp" >"$T/abs.exp"
run "$T/abs.log"
check_out "redaction with the cache" "$T/abs.exp"
run --no-cache "$T/abs.log"
check_out "redaction with --no-cache: the same" "$T/abs.exp"
# a damaged cache file is not trusted blindly: the rules are compiled again
for f in "$T"/cache2/*.hsdb; do printf 'garbage' >"$f"; done
run --check-rules
check_eq "damaged cache file: compiled again, said once" \
    "phiscrub: $nrules rules OK" "$(grep -v 'cache file' "$T/err" | cut -d';' -f1)"
check_eq "damaged cache file: one line about it" "1" "$(grep -c 'cache file .* compiled again and replaced' "$T/err")"
run "$T/abs.log"
check_rc "damaged cache file: redaction" 0
check_out "damaged cache file: redaction unchanged" "$T/abs.exp"
# a cache folder others can write is not used
mkdir -p "$T/opencache" && chmod 777 "$T/opencache"
PHISCRUB_CACHE_DIR=$T/opencache run --check-rules
PHISCRUB_CACHE_DIR=$T/opencache run --check-rules
check_eq "world-writable cache folder: not used" "phiscrub: $nrules rules OK" "$(grep -v 'cache folder' "$T/err" | cut -d';' -f1)"
check_has "world-writable cache folder: said" "$T/err" "is not a private folder"
PHISCRUB_CACHE_DIR=$T/opencache run "$T/abs.log"
check_out "world-writable cache folder: redaction unchanged" "$T/abs.exp"
export PHISCRUB_CACHE_DIR=${PHISCRUB_TEST_CACHE_DIR:-$T/cache}

# a rules file of our own: -r FILE, enabled = false, a folder in name order
cat >"$T/own.rules" <<'EOF'
# test rules
define D3 = \d{3}

[own-ssn]
category = SSN
pattern = (?<![\d-])(?<phi>%{D3}-\d{2}-\d{4})(?![\d-])
validator = ssn

[own-off]
category = EMAIL
pattern = (?<phi>\S+@\S+)
enabled = false
EOF
run --no-default-rules -r "$T/own.rules" --list-rules
check_rc "--no-default-rules -r FILE --list-rules" 0
check_out_str "--no-default-rules -r FILE --list-rules: enabled = false shows off" \
"own-ssn                      SSN           on
own-off                      EMAIL         off
"
printf 'x 123-45-6789 y 000-12-3456 z a@b.example 415-555-0134\n' >"$T/own.in"
run --no-default-rules -r "$T/own.rules" "$T/own.in"
check_rc "--no-default-rules -r FILE" 0
check_out_str "--no-default-rules -r FILE: only its rules run" "x [SSN] y 000-12-3456 z a@b.example 415-555-0134
"
# without --no-default-rules the file adds to the bundled rules
run -r "$T/own.rules" "$T/own.in"
check_rc "-r FILE" 0
check_out_str "-r FILE: added to the bundled rules" "x [SSN] y 000-12-3456 z [EMAIL] [PHONE]
"
run -r "$T/own.rules" --list-rules
check_eq "-r FILE --list-rules: the bundled rules and the file's" "$((nrules + 2))" "$(wc -l <"$T/out")"
check_has "-r FILE --list-rules: the file's rule listed" "$T/out" "own-ssn"
run --no-default-rules --check-rules
check_rc "--no-default-rules alone" 2
check_has "--no-default-rules alone" "$T/err" "--no-default-rules needs --rules PATH"
# a rule id of the bundled set again: an error naming both places
bid=$(run --list-rules; head -1 "$T/out" | cut -d' ' -f1)
printf '[%s]\ncategory = SSN\npattern = x\n' "$bid" >"$T/dup.rules"
run -r "$T/dup.rules" --check-rules
check_rc "-r FILE with a bundled rule's id" 2
check_has "-r FILE with a bundled rule's id" "$T/err" "$bid"
check_has "-r FILE with a bundled rule's id" "$T/err" "<bundled>"
# two -r: both added
printf '[site-emp]\ncategory = MRN\npattern = (?<phi>EMP-\\d{6})\n' >"$T/emp.rules"
printf 'x 123-45-6789 EMP-123456 a@b.example\n' >"$T/emp.in"
run -r "$T/own.rules" -r "$T/emp.rules" "$T/emp.in"
check_out_str "-r FILE -r FILE: both added" "x [SSN] [MRN] [EMAIL]
"
mkdir "$T/rulesdir"
printf '[z-phone]\ncategory = PHONE\npattern = (?<phi>\\d{3}-\\d{3}-\\d{4})\n' >"$T/rulesdir/20-phone.rules"
printf '[a-email]\ncategory = EMAIL\npattern = (?<phi>\\w+@[\\w.]+)\n' >"$T/rulesdir/10-email.rules"
printf 'not a rules file [\n' >"$T/rulesdir/README.txt"
run --no-default-rules -r "$T/rulesdir" --list-rules
check_out_str "-r FOLDER: *.rules in name order, other files ignored" \
"a-email                      EMAIL         on
z-phone                      PHONE         on
"
run --no-default-rules -r "$T/rulesdir" "$T/own.in"
check_out_str "-r FOLDER redacts" "x 123-45-6789 y 000-12-3456 z [EMAIL] [PHONE]
"

# broken rules: exit 2, nothing redacted, stderr names file, line, rule, reason
# and says what to do
broken() { # NAME FILE LINE RULE REASON [extra args]
    local name=$1 file=$2 line=$3 rule=$4 reason=$5
    shift 5
    for mode in run check; do
        if [ $mode = check ]; then STDIN=$T/a.log run -r "$file" --check-rules "$@"; else
            STDIN=$T/a.log run -r "$file" "$@"; fi
        check_rc "$name ($mode)" 2
        check_empty "$name ($mode): nothing redacted" "$T/out"
        check_has "$name ($mode)" "$T/err" "file: $file"
        if [ -n "$line" ]; then check_has "$name ($mode)" "$T/err" "line: $line"; fi
        if [ -n "$rule" ]; then check_has "$name ($mode)" "$T/err" "rule: $rule"; fi
        check_has "$name ($mode)" "$T/err" "reason: $reason"
        check_has "$name ($mode)" "$T/err" "Fix the rules file (format: docs/rules.md)"
    done
}
printf '[good]\ncategory = SSN\npattern = \\d{3}-\\d{2}-\\d{4}\n\n[bad-paren]\ncategory = MRN\npattern = (abc\n' \
    >"$T/paren.rules"
broken "unbalanced parenthesis" "$T/paren.rules" 5 bad-paren "pattern: missing closing parenthesis at offset 4"
printf '[good]\ncategory = SSN\npattern = x\n\n[bad-cat]\ncategory = BLOOD\npattern = x\n' >"$T/cat.rules"
broken "unknown category" "$T/cat.rules" 6 bad-cat "unknown category 'BLOOD'"
printf '[good]\ncategory = SSN\npattern = x\nbogus = 1\n' >"$T/key.rules"
broken "unknown key" "$T/key.rules" 4 good "unknown key 'bogus'"
printf '[with-define]\ncategory = SSN\npattern = %%{NOPE}\\d\n' >"$T/define.rules"
broken "unknown define" "$T/define.rules" 3 with-define "unknown define %{NOPE}"
printf '[look]\ncategory = SSN\npattern = (?<=a+)b\n' >"$T/look.rules"
broken "variable lookbehind" "$T/look.rules" 1 look "pattern: lookbehind assertion is not fixed length"
printf '[v]\ncategory = SSN\npattern = x\nvalidator = crc32\n' >"$T/val.rules"
broken "unknown validator" "$T/val.rules" 4 v "unknown validator"
broken "missing rules file" "$T/nope.rules" "" "" "cannot open: No such file or directory"
# a broken file inside a folder is named, not the folder
cp "$T/cat.rules" "$T/rulesdir/30-broken.rules"
broken "broken file in a rules folder" "$T/rulesdir/30-broken.rules" 6 bad-cat "unknown category 'BLOOD'"

finish

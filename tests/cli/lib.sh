# Sourced by the cli-*.sh tests. Usage of a test: TEST.sh PATH_TO_PHISCRUB
# Counts checks; `finish` prints "N passed, M failed" and sets the status.
PASS=0
FAIL=0
BIN=${1:?usage: $0 PATH_TO_PHISCRUB}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/phiscrub-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
# Never touch the user's cache of compiled rules: ctest gives the tests one
# of their own (PHISCRUB_TEST_CACHE_DIR); run by hand, each test has its own.
export PHISCRUB_CACHE_DIR=${PHISCRUB_TEST_CACHE_DIR:-$T/cache}

pass() { PASS=$((PASS + 1)); echo "ok   $1"; }
fail() {
    FAIL=$((FAIL + 1))
    echo "FAIL $1"
    shift
    for l in "$@"; do printf '     %s\n' "$l"; done
}

# run ARGS...: run the binary with stdin from /dev/null (or $STDIN if set);
# sets RC and leaves stdout in $T/out and stderr in $T/err.
run() {
    "$BIN" "$@" <"${STDIN:-/dev/null}" >"$T/out" 2>"$T/err"
    RC=$?
}

# check_rc NAME EXPECTED
check_rc() {
    if [ "$RC" = "$2" ]; then pass "$1: exit $2"; else
        fail "$1: exit $RC, expected $2" "stderr: $(head -c 600 "$T/err")"; fi
}

# check_out NAME EXPECTED_FILE: stdout equals the file byte for byte
check_out() {
    if cmp -s "$T/out" "$2"; then pass "$1: output"; else
        fail "$1: output differs" "$(diff <(od -c "$2") <(od -c "$T/out") | head -20)"; fi
}

# check_out_str NAME STRING: stdout equals printf '%s' STRING
check_out_str() {
    printf '%s' "$2" >"$T/expected"
    check_out "$1" "$T/expected"
}

# check_empty NAME FILE
check_empty() {
    if [ ! -s "$2" ]; then pass "$1: $(basename "$2") empty"; else
        fail "$1: $(basename "$2") not empty" "$(head -c 600 "$2")"; fi
}

# check_has NAME FILE FIXED_STRING: FILE contains the string
check_has() {
    if grep -qF -- "$3" "$2"; then pass "$1: says '$3'"; else
        fail "$1: $(basename "$2") lacks '$3'" "$(head -c 600 "$2")"; fi
}

# check_lacks NAME FILE FIXED_STRING: FILE does not contain the string
check_lacks() {
    if ! grep -qaF -- "$3" "$2"; then pass "$1: no '$3'"; else
        fail "$1: $(basename "$2") contains '$3'" "$(grep -aF -- "$3" "$2" | head -c 600)"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}

finish() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ] && [ "$PASS" -gt 0 ]
    exit $?
}

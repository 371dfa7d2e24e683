#!/usr/bin/env bash
# Output errors end the run with status 3 and a clear message: a closed pipe
# (EPIPE; never a silent death by SIGPIPE, never success), a full disk
# (/dev/full), a closed stdout; and --report/--findings that cannot be written.
# Usage: test_output_errors.sh PATH_TO_PHISCRUB
. "$(dirname "$0")/lib.sh"

# ~24 MiB of log with PHI on every line: far more than a pipe buffer holds.
awk 'BEGIN { for (i = 1; i <= 300000; i++)
    printf "2024-03-15T10:22:31.%03dZ INFO line %d ssn=123-45-6789 phone 415-555-0134 filler filler filler\n", i % 1000, i }' \
    >"$T/big.log"
printf 'one short line ssn=123-45-6789\n' >"$T/small.log"

# --- EPIPE: the reader goes away early
"$BIN" "$T/big.log" 2>"$T/err" | head -c 10 >"$T/head"
st=("${PIPESTATUS[@]}")
check_eq "big | head -c 10: phiscrub exits 3" "3" "${st[0]}"
check_eq "big | head -c 10: head got the first 10 redacted bytes" "2024-03-15" "$(cat "$T/head")"
check_has "big | head -c 10" "$T/err" "phiscrub: cannot write output: the reader closed the pipe"
check_has "big | head -c 10: says what was written" "$T/err" "bytes of redacted output were written"
check_lacks "big | head -c 10: no PHI in the message" "$T/err" "123-45-6789"

cat "$T/big.log" | "$BIN" 2>"$T/err" | head -c 10 >/dev/null
st=("${PIPESTATUS[@]}")
check_eq "cat big | phiscrub | head: phiscrub exits 3" "3" "${st[1]}"
check_has "cat big | phiscrub | head" "$T/err" "the reader closed the pipe"

"$BIN" "$T/big.log" 2>"$T/err" | true
st=("${PIPESTATUS[@]}")
check_eq "big | true: phiscrub exits 3" "3" "${st[0]}"
check_has "big | true" "$T/err" "the reader closed the pipe"

"$BIN" -z "$T/big.log" 2>"$T/err" | head -c 10 >/dev/null
st=("${PIPESTATUS[@]}")
check_eq "-z big | head -c 10: exits 3" "3" "${st[0]}"
check_has "-z big | head -c 10" "$T/err" "the reader closed the pipe"

"$BIN" "$T/small.log" "$T/big.log" "$T/small.log" 2>"$T/err" | head -c 10 >/dev/null
st=("${PIPESTATUS[@]}")
check_eq "several inputs | head: exits 3, later inputs not attempted silently" "3" "${st[0]}"
check_eq "several inputs | head: one message" "1" "$(grep -c 'cannot write output' "$T/err")"

# --- a full disk
"$BIN" "$T/big.log" >/dev/full 2>"$T/err"
check_eq "big > /dev/full: exits 3" "3" "$?"
check_has "big > /dev/full" "$T/err" "phiscrub: cannot write output: No space left on device"

"$BIN" "$T/small.log" >/dev/full 2>"$T/err"
check_eq "one line > /dev/full: exits 3" "3" "$?"
check_has "one line > /dev/full" "$T/err" "No space left on device"
check_lacks "one line > /dev/full: no PHI in the message" "$T/err" "123-45-6789"

run -o /dev/full "$T/small.log"
check_rc "-o /dev/full" 3
check_has "-o /dev/full" "$T/err" "No space left on device"

"$BIN" -z "$T/small.log" >/dev/full 2>"$T/err"
check_eq "-z one line > /dev/full: exits 3" "3" "$?"
check_has "-z one line > /dev/full" "$T/err" "No space left on device"

printf '' >"$T/empty.log"
"$BIN" "$T/empty.log" >/dev/full 2>"$T/err"
check_eq "empty input > /dev/full: nothing to write, exits 0" "0" "$?"

# --- stdout closed
"$BIN" "$T/small.log" >&- 2>"$T/err"
check_eq "stdout closed: exits 3" "3" "$?"
check_has "stdout closed" "$T/err" "cannot write output"

# A closed standard descriptor is never given to a file the program opens:
# the findings file would land on fd 1 and get the redacted log.
"$BIN" --findings "$T/f.jsonl" "$T/small.log" >&- 2>"$T/err"
check_eq "stdout closed, --findings FILE: exits 3" "3" "$?"
check_has "stdout closed, --findings FILE" "$T/err" "standard output is closed"
check_lacks "stdout closed, --findings FILE: no log in the findings file" "$T/f.jsonl" "one short line"
# -o FILE with stderr closed: the messages must not go into the output file
"$BIN" -o "$T/o.log" "$T/small.log" "$T/missing.log" 2>&-
check_eq "stderr closed, -o FILE, a missing input: exits 2" "2" "$?"
if cmp -s "$T/o.log" <(printf 'one short line ssn=[SSN]\n'); then
    pass "stderr closed, -o FILE: the file holds the redacted log alone"
else
    fail "stderr closed, -o FILE: the file holds more" "$(head -c 300 "$T/o.log")"
fi
# stdin closed, reading standard input
"$BIN" <&- >"$T/out" 2>"$T/err"
check_eq "stdin closed: exits 2" "2" "$?"
check_has "stdin closed" "$T/err" "standard input is closed"

# --- report and findings that cannot be written
run --report /dev/full "$T/small.log"
check_rc "--report /dev/full" 3
check_has "--report /dev/full" "$T/err" "phiscrub: --report /dev/full: cannot write"
check_out_str "--report /dev/full: the output is still written" "one short line ssn=[SSN]
"
run --findings /dev/full "$T/small.log"
check_rc "--findings /dev/full" 3
check_has "--findings /dev/full" "$T/err" "phiscrub: --findings /dev/full: write failed"
run --report "$T/no/dir/r.json" "$T/small.log"
check_rc "--report into a missing folder" 3
check_has "--report into a missing folder" "$T/err" "--report $T/no/dir/r.json: cannot write"
run --findings "$T/no/dir/f.jsonl" "$T/small.log"
check_rc "--findings into a missing folder" 3
check_has "--findings into a missing folder" "$T/err" "--findings $T/no/dir/f.jsonl: No such file or directory"
check_empty "--findings into a missing folder: nothing processed" "$T/out"

finish

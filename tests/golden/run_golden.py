#!/usr/bin/env python3
"""Golden tests: redact cases/NAME.in with the real phiscrub and compare the
output byte for byte with cases/NAME.out (expected outputs are written by
hand from the policy in docs/ and DESIGN.md, not copied from the binary).

    run_golden.py PHISCRUB CASES_DIR [NAME...]        run these cases (all if none)
    run_golden.py --input FILE PHISCRUB CASES_DIR NAME  take NAME's input from FILE
    run_golden.py --check-pairs CASES_DIR             every .in has a .out and back

NAME.args (optional) holds extra flags, split like a shell would. Each case is
run twice, once with the input as a file argument and once on standard input;
both must give exit status 0, nothing on stderr, and exactly NAME.out.
On a mismatch a diff is printed (bytes that are not printable ASCII are
shown escaped). The last line of output is "N passed, M failed".
"""
import difflib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

passed = 0
failed = 0


def ok(name):
    global passed
    passed += 1
    print(f"ok   {name}")


def fail(name, why):
    global failed
    failed += 1
    print(f"FAIL {name}: {why}")


def show(b):
    """Lines of b, each ending visibly, with unprintable bytes escaped."""
    out = []
    parts = b.split(b"\n")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if last and not part:
            break
        out.append(repr(part + (b"" if last else b"\n"))[2:-1] + "\n")
    return out


def diff(expected, actual):
    d = difflib.unified_diff(show(expected), show(actual), "expected", "actual", lineterm="\n")
    return "".join(d) or "(no line differs; byte-level difference)\n"


def run_case(binary, cases, name, input_path=None):
    in_path = input_path or os.path.join(cases, name + ".in")
    out_path = os.path.join(cases, name + ".out")
    args_path = os.path.join(cases, name + ".args")
    if not os.path.exists(in_path) or not os.path.exists(out_path):
        fail(name, f"missing {in_path} or {out_path}")
        return
    args = []
    if os.path.exists(args_path):
        with open(args_path) as f:
            args = shlex.split(f.read())
    with open(in_path, "rb") as f:
        data = f.read()
    with open(out_path, "rb") as f:
        expected = f.read()
    for how in ("file", "stdin"):
        label = f"{name} ({how}{', ' + ' '.join(args) if args else ''})"
        cmd = [binary] + args + ([in_path] if how == "file" else [])
        p = subprocess.run(cmd, input=None if how == "file" else data,
                           stdin=subprocess.DEVNULL if how == "file" else None,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        problems = []
        if p.returncode != 0:
            problems.append(f"exit status {p.returncode}, expected 0")
        if p.stderr:
            problems.append("unexpected stderr: " + p.stderr.decode("utf-8", "backslashreplace"))
        if p.stdout != expected:
            problems.append(f"output differs from {out_path} "
                            f"({len(p.stdout)} bytes, expected {len(expected)}):\n"
                            + diff(expected, p.stdout))
        if problems:
            fail(label, "\n".join(problems))
        else:
            ok(label)


def check_pairs(cases):
    names = os.listdir(cases)
    ins = {n[:-3] for n in names if n.endswith(".in")}
    outs = {n[:-4] for n in names if n.endswith(".out")}
    args = {n[:-5] for n in names if n.endswith(".args")}
    for n in sorted(ins - outs):
        fail(n, "has .in but no .out")
    for n in sorted(outs - ins):
        # an .out without .in is allowed only for cases that take their input
        # from elsewhere (see CMakeLists.txt: sample-log)
        if n != "sample-log":
            fail(n, "has .out but no .in")
    for n in sorted(args - ins - outs):
        fail(n, "has .args but no case")
    if not ins:
        fail(cases, "no cases found")
    else:
        ok(f"{len(ins)} cases have their .in/.out pairs")


def main(argv):
    # Never touch the user's cache of compiled rules: ctest gives the tests
    # one of their own (PHISCRUB_TEST_CACHE_DIR); run by hand, a fresh one
    # that the first run of a case fills and the second reads.
    cache = tempfile.mkdtemp(prefix="phiscrub-golden.")
    os.environ["PHISCRUB_CACHE_DIR"] = os.environ.get("PHISCRUB_TEST_CACHE_DIR") or \
        os.path.join(cache, "cache")
    try:
        return run(argv)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def run(argv):
    input_path = None
    if argv and argv[0] == "--check-pairs":
        check_pairs(argv[1])
    else:
        if argv and argv[0] == "--input":
            input_path = argv[1]
            argv = argv[2:]
        if len(argv) < 2:
            print(__doc__)
            return 2
        binary, cases, names = argv[0], argv[1], argv[2:]
        if not names:
            names = sorted(n[:-3] for n in os.listdir(cases) if n.endswith(".in"))
        for n in names:
            run_case(binary, cases, n, input_path)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""-j N: the output, the --findings file and the --report of N threads are
byte for byte those of one thread, on every corpus of the suite: the golden
inputs (with their flags), the accuracy corpus (gen_labeled.py), the fuzz
seeds, small bench corpora (gen_corpus.py, gen_mixed.py), and inputs made
to cross block boundaries: lines longer than a block, CR-separated HL7
messages, multi-line JSON and stack traces, CRLF, NUL, no final newline,
a line over --max-line-size. Also: stdin and pipes, several inputs, gzip
in and out, the actions that need a key, a cut gzip input, output errors,
and a line on a quiet pipe comes out before the input ends. The scaling
check runs -j 1 to 8 at several block sizes; it checks bytes, never time.

Usage: test_parallel.py PATH_TO_PHISCRUB"""
import glob
import gzip
import json
import os
import random
import shlex
import subprocess
import sys
import time

from clitest import Checks

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
c = Checks()


def run_files(args, src_path, tag):
    """Run with --findings and --report into files; returns (status, out, err, findings, report)."""
    fp, rp = c.path(tag + ".findings"), c.path(tag + ".report")
    st, out, err = c.run(list(args) + ["--findings", fp, "--report", rp, src_path])
    fnd = open(fp, "rb").read() if os.path.exists(fp) else None
    rep = json.load(open(rp)) if os.path.exists(rp) and os.path.getsize(rp) else None
    return st, out, err, fnd, rep


def same_as_one(name, src_path, args=(), jobs=(2, 3, 8), sizes=("1K", "64K", None)):
    """-j 1 against -j N at each job size (None: the default): stdout, stderr, exit,
    findings, report. Exit 5 (lines masked whole, as some corpora have) is
    compared like the rest."""
    base = run_files(list(args), src_path, "base")
    bad = []
    for j in jobs:
        for s in sizes:
            size = ["--job-size", s] if s else []
            got = run_files(["-j", str(j)] + size + list(args), src_path, "par")
            for what, a, b in zip(("exit", "output", "stderr", "findings", "report"), base, got):
                if a != b:
                    bad.append(f"-j {j} --job-size {s}: {what} differs")
    c.check(f"{name}: -j {'/'.join(map(str, jobs))} at {'/'.join(x or 'default' for x in sizes)} equal -j 1"
            f" ({len(base[1])} bytes out, {base[4]['findings'] if base[4] else '?'} findings)",
            not bad and base[0] in (0, 2, 5), "\n".join(bad[:6]) or f"exit {base[0]}: {base[2][:300]!r}")
    return base


# --- golden inputs, with their flags ----------------------------------------
for inp in sorted(glob.glob(os.path.join(ROOT, "tests/golden/cases/*.in"))):
    argf = inp[:-3] + ".args"
    args = shlex.split(open(argf).read()) if os.path.exists(argf) else []
    same_as_one("golden " + os.path.basename(inp), inp, args, jobs=(2, 4), sizes=("1K", None))

# --- the accuracy corpus -----------------------------------------------------
acc = c.path("accuracy.txt")
subprocess.run([sys.executable, os.path.join(ROOT, "tests/accuracy/gen_labeled.py"), "--text", "-o", acc],
               check=True, cwd=os.path.join(ROOT, "tests/accuracy"))
same_as_one("accuracy corpus (gen_labeled.py)", acc)
same_as_one("accuracy corpus, --dates context --partial", acc, ["--dates", "context", "--partial"],
            jobs=(2, 5), sizes=("4K",))
# the corpora the accuracy suite keeps in the tree (JSON lines: the text of
# each record is one input line, as score_corpus.py feeds them)
for f in sorted(glob.glob(os.path.join(ROOT, "tests/accuracy/**/*.jsonl"), recursive=True)):
    raw = b""
    with open(f, encoding="utf-8") as fh:
        for ln in fh:
            rec = json.loads(ln)
            if isinstance(rec, dict) and isinstance(rec.get("text"), str):
                raw += rec["text"].encode("utf-8") + b"\n"
    if raw:
        same_as_one("accuracy corpus " + os.path.relpath(f, ROOT), c.write("acc-corpus.txt", raw),
                    jobs=(2, 4), sizes=("1K", None))
# the labelled notes outside the checkout (accuracy-notes), when present
shared = os.environ.get("PHISCRUB_SHARED_DIR") or os.path.join(ROOT, "..", "shared")
notes = os.path.join(shared, "data", "deid-dev", "id.text")
if os.path.exists(notes):
    same_as_one("notes " + notes, notes, jobs=(2, 4), sizes=("1K", None))
else:
    print(f"note: {notes} not found: the notes corpus is not compared (accuracy-notes needs it)")

# --- the site policy: its --report audit (allow_kept per entry, values
# redacted by the key policy) is summed over the workers as one thread does
site = os.path.join(ROOT, "examples/site-policy")
base = same_as_one("examples/site-policy under -r", os.path.join(site, "input.log"), ["-r", site],
                   jobs=(2, 4), sizes=("1K", None))
kept = sum(e.get("kept", 0) for e in (base[4] or {}).get("allow", []))
red = (base[4] or {}).get("redacted_by_key_policy", 0)
c.check("examples/site-policy: the audit counts what the allow list kept and the key policy redacted", kept > 0 and red > 0, repr(base[4])[:400])

# --- fuzz seeds ----------------------------------------------------------------
for f in sorted(glob.glob(os.path.join(ROOT, "tests/fuzz/seeds/*"))):
    same_as_one("fuzz seed " + os.path.basename(f), f, jobs=(2, 3), sizes=("1K",))

# --- bench corpora, small ------------------------------------------------------
for gen, size in (("gen_corpus.py", "3M"), ("gen_mixed.py", "3M")):
    p = c.path(gen + ".log")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", gen), "--size", size, "-o", p,
                    "--stats", p + ".stats"], check=True)
    same_as_one(f"bench corpus {gen} {size}", p)

# --- inputs made to cross block boundaries ---------------------------------------
rnd = random.Random(16)


def filler(n):
    words = [b"alpha", b"beta", b"0x7fff", b"v2.1", b"port=8443", b"took=12ms", b"Smith", b"MARIA"]
    return b" ".join(rnd.choice(words) for _ in range(n))


hl7 = b"\r".join([b"MSH|^~\\&|EPIC|HOSP|LAB|LAB|20240301120000||ADT^A01|M1|P|2.5.1",
                  b"PID|1||00482133^^^HOSP^MR||SMITH^JOHN^A||19620314|M|||12 Elm St^^Springfield^IL^62701",
                  b"NK1|1|SMITH^MARY|SPO||(217) 555-0134"] + [b"OBX|%d|NM|GLU||%d|mg/dL" % (i, i) for i in range(400)])
parts = [
    b"ssn=123-45-6789 " + filler(3000) + b" dob: 03/14/1962\n",          # ~20 KB line
    hl7 + b"\n",                                                       # one HL7 message, one line
    b'{\n  "patient": {\n    "ssn": "123-45-6789",\n    "birthDate": "1962-03-14"\n  },\n  "mrn": "MR0048213"\n}\n',
    b"java.lang.IllegalStateException: patient John Smith ssn 123-45-6789\n\tat a.B.c(B.java:1)\n\t... 3 more\n",
    b"crlf line phone (415) 555-0134\r\n",
    b"nul\x00byte ssn=123-45-6789\n",
    b"bad utf8 \xff\xfe email jane.doe@example.com\n",
]
cross = b"".join(parts[i % len(parts)] for i in range(300)) + b"last line without newline ssn=123-45-6789"
cp = c.write("cross.log", cross)
same_as_one("lines longer than a block, HL7 CR messages, JSON, traces, CRLF/NUL/UTF-8", cp,
            jobs=(2, 3, 4, 8), sizes=("1K", "2K", "4K", "64K"))
same_as_one("... with --max-line-size 8K (long lines masked whole)", cp, ["--max-line-size", "8K"],
            jobs=(2, 4), sizes=("1K", "4K"))
same_as_one("... with -d NAME", cp, ["-d", "NAME"], jobs=(2,), sizes=("1K",))
empty = c.write("empty.log", b"")
same_as_one("empty input", empty, jobs=(2,), sizes=("1K",))
one = c.write("one.log", b"ssn=123-45-6789")
same_as_one("one line, no newline", one, jobs=(2, 8), sizes=("1K",))
nl = c.write("newlines.log", b"\n" * 5000)
same_as_one("only newlines", nl, jobs=(2, 8), sizes=("1K",))

# --- scaling: -j 1..8, bytes only -------------------------------------------------
big = c.path("gen_mixed.py.log")
base = run_files([], big, "scale-base")
bad = []
for j in range(1, 9):
    for s in ("1K", "16K", "256K"):
        got = run_files(["-j", str(j), "--job-size", s], big, "scale")
        if got[:2] != base[:2] or got[3:] != base[3:]:
            bad.append(f"-j {j} --job-size {s}")
c.check("scaling: -j 1..8 at 1K/16K/256K blocks give the -j 1 bytes, findings and report", not bad,
        ", ".join(bad))
st, out, err = c.run(["-j", "0", big])
c.check("-j 0 (every CPU) gives the -j 1 bytes", st == 0 and out == base[1], f"exit {st} {err[:200]!r}")

# --- stdin, pipes, several inputs -------------------------------------------------
data = open(big, "rb").read()
st, out, err = c.run(["-j", "3", "--job-size", "4K"], stdin=data)
c.check("stdin with -j 3 gives the -j 1 bytes", st == 0 and out == base[1], f"exit {st}")
p = subprocess.Popen(["sh", "-c", 'cat "$1" | "$2" -j 2 --job-size 2K', "sh", big, c.bin],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out, err = p.communicate(timeout=300)
c.check("a pipe (cat | phiscrub -j 2) gives the -j 1 bytes", p.returncode == 0 and out == base[1],
        f"exit {p.returncode} {err[:200]!r}")
three = run_files([], cp, "m1")
args3 = [cp, empty, one, cp]
st1, out1, err1 = c.run(["--findings", c.path("m1.f"), "--report", c.path("m1.r")] + args3)
st2, out2, err2 = c.run(["-j", "4", "--job-size", "1K", "--findings", c.path("m2.f"),
                         "--report", c.path("m2.r")] + args3)
c.check("several inputs: output, findings (input names, per-input lines) and report equal",
        (st1, out1, err1) == (st2, out2, err2) and open(c.path("m1.f"), "rb").read() == open(c.path("m2.f"), "rb").read()
        and open(c.path("m1.r"), "rb").read() == open(c.path("m2.r"), "rb").read())
fl = [json.loads(x) for x in open(c.path("m2.f"))]
c.check("several inputs: line numbers restart per input",
        {x["input"] for x in fl} == {cp, one} and min(x["line"] for x in fl if x["input"] == one) == 1)

# --- gzip in and out --------------------------------------------------------------
gz = c.write("big.log.gz", gzip.compress(data, 6))
st, out, err = c.run(["-j", "2", "--job-size", "8K", gz])
c.check("gzip input with -j 2", st == 0 and out == base[1], f"exit {st} {err[:200]!r}")
st, out, err = c.run(["-j", "2", "-z", big])
c.check("-z output with -j 2 decompresses to the -j 1 bytes", st == 0 and gzip.decompress(out) == base[1])
cut = c.write("cut.log.gz", gzip.compress(data, 6)[:200000])
r1 = c.run([cut])
r2 = c.run(["-j", "3", "--job-size", "2K", cut])
c.check("cut gzip input: exit 2, same output and message with -j 3", r1 == r2 and r1[0] == 2,
        f"{r1[0]} {r2[0]} {r1[2][:200]!r} {r2[2][:200]!r}")

# --- actions with a key ---------------------------------------------------------
key = c.path("k.key")
with open(key, "wb") as f:
    f.write(bytes(range(7, 39)))
os.chmod(key, 0o600)
for mode in ("tokenize", "encrypt", "surrogate"):
    same_as_one(f"--mode {mode}", cp, ["-k", key, "--mode", mode], jobs=(2, 4), sizes=("1K", "64K"))
same_as_one("--action SSN=drop", cp, ["--action", "SSN=drop"], jobs=(2, 4), sizes=("1K",))

# --- output errors ----------------------------------------------------------------
if os.path.exists("/dev/full"):
    st, out, err = c.run(["-j", "2", "-o", "/dev/full", big])
    c.check("-j 2 into /dev/full: exit 3 and a message", st == 3 and b"cannot write output" in err,
            f"exit {st} {err[:200]!r}")
q = subprocess.run(["bash", "-c", '"$1" -j 2 --job-size 4K "$2" | head -c 1000 >/dev/null; echo "${PIPESTATUS[0]}"',
                    "bash", c.bin, big], capture_output=True, timeout=120)
c.check("-j 2 into a closed pipe: exit 3 and the reader-closed message",
        q.stdout.strip() == b"3" and b"closed the pipe" in q.stderr, f"{q.stdout!r} {q.stderr[:200]!r}")

# --- a line on a quiet pipe comes out before the input ends ------------------------
p = subprocess.Popen([c.bin, "-j", "2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE)
p.stdin.write(b"pt ssn=123-45-6789 called\n")
p.stdin.flush()
os.set_blocking(p.stdout.fileno(), False)
got = b""
deadline = time.monotonic() + 20  # a bound for a loaded machine, not a speed claim
while time.monotonic() < deadline and not got.endswith(b"\n"):
    try:
        got += os.read(p.stdout.fileno(), 4096) or b""
    except BlockingIOError:
        time.sleep(0.005)
c.eq("quiet pipe, -j 2: the line is out while the input is still open", got, b"pt ssn=[SSN] called\n")
p.stdin.close()
p.wait(timeout=60)
c.eq("quiet pipe, -j 2: exit 0 at the end of input", p.returncode, 0)

# --- usage --------------------------------------------------------------------------
for bad_arg in (["-j", "x"], ["-j", "-1"], ["-j", "65"], ["--jobs", ""], ["--job-size", "10"],
                ["--job-size", "2G"]):
    st, out, err = c.run(bad_arg + [one])
    c.check(f"usage error for {' '.join(bad_arg)!r}: exit 2, says what to do",
            st == 2 and b"Try 'phiscrub --help'" in err, f"exit {st} {err!r}")
st, out, err = c.run(["--help"])
c.check("--help documents -j and --job-size", b"--jobs N" in out and b"--job-size" in out)

c.finish()

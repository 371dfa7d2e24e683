#!/usr/bin/env python3
"""Long lines. A 64 MiB single line is scanned whole: PHI at its start,
middle and end is masked and every other byte comes out as it went in.
Memory: peak RSS stays within 64 MiB + 2x the longest line, for a line of
log text with names and PHI all along it (redacted as its pieces are on
lines of their own) and for one so dense with names that it is masked whole.
--max-line-size N: a longer line becomes [UNPROCESSED] with its line ending
kept, the other lines are redacted as usual, exit 5 (lines were masked whole),
and stderr says so.

Usage: test_long_lines.py PATH_TO_PHISCRUB"""
import json
import os
import random
import subprocess
import sys

from clitest import Checks

c = Checks()

# --- 64 MiB line ------------------------------------------------------------
rnd = random.Random(64)
N = 64 << 20
words = [b"alpha", b"beta", b"gamma", b"0x7fff", b"v2.14.3", b"port=8443", b"trace=4bf92f35",
         b"2024-03-15T10:22:31Z", b"id=550e8400-e29b-41d4-a716-446655440000", b"took=12ms"]
filler = b" ".join(rnd.choice(words) for _ in range(4096)) + b" "
body = bytearray((filler * (N // len(filler) + 1))[:N])
plants = [  # (offset, text before the value, value, label)
    (0, b"ssn=", b"123-45-6789", b"[SSN]"),
    (N // 2, b" email ", b"jane.doe@example.com", b"[EMAIL]"),
    (N - len(b" phone 415-555-0134"), b" phone ", b"415-555-0134", b"[PHONE]"),
]
expected = bytearray()
pos = 0
for off, key, value, label in plants:
    text = key + value + (b" " if off + len(key) + len(value) < N else b"")
    body[off:off + len(text)] = text
for off, key, value, label in plants:
    vstart = off + len(key)
    expected += body[pos:vstart] + label
    pos = vstart + len(value)
expected += body[pos:]
line2 = b"second line mrn=00482133\n"
src = bytes(body) + b"\n" + line2
expected = bytes(expected) + b"\n" + b"second line mrn=[MRN]\n"
path = c.write("long.log", src)
del body

fpath = c.path("long.findings")
st, out, err = c.run([path, "--findings", fpath], timeout=600)
c.eq("64 MiB line: exit", st, 0)
c.eq("64 MiB line: stderr", err, b"")
c.check("64 MiB line: output length", len(out) == len(expected), f"{len(out)} vs {len(expected)}")
c.check("64 MiB line: exactly the three spans masked, every other byte identical",
        out == expected,
        next((f"first difference at {i}: {out[i-20:i+40]!r} vs {expected[i-20:i+40]!r}"
              for i in range(min(len(out), len(expected))) if out[i] != expected[i]), "length differs"))
with open(fpath) as f:
    found = [json.loads(x) for x in f]
want = [(1, off + len(key), len(value)) for off, key, value, _ in plants]
want.append((2, len(src) - len(line2) + len(b"second line mrn="), len(b"00482133")))
c.eq("64 MiB line: findings at the planted offsets", [(x["line"], x["offset"], x["length"]) for x in found], want)
c.check("64 MiB line: findings point at the values",
        all(src[o:o + n] in (p[2] for p in plants) or src[o:o + n] == b"00482133" for _, o, n in want))
del out, src, expected

# --- peak memory ---------------------------------------------------------------
# Linux keeps a process's peak RSS across exec, so a child forked from this
# (large) python would report ours: a small python forks the binary and
# reports its peak.
RSS_HELPER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(sys.argv[1], os.O_RDONLY), 0)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.argv[2], sys.argv[2:])
_, status, ru = os.wait4(pid, 0)
print(ru.ru_maxrss * 1024, os.waitstatus_to_exitcode(status))
"""


def run_rss(args, stdin_path):
    """(status, stdout, stderr, peak RSS in bytes) of the binary on stdin_path."""
    with open(stdin_path, "rb") as fin:
        p = subprocess.run([c.bin] + args, stdin=fin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=600)
    m = subprocess.run([sys.executable, "-c", RSS_HELPER, stdin_path, c.bin] + args,
                       stdout=subprocess.PIPE, timeout=600, check=True)
    rss, st = (int(x) for x in m.stdout.split())
    return p.returncode, p.stdout, p.stderr, rss


MIB = 1 << 20
# Under ASan and UBSan the RSS is the sanitizers' as much as ours: the bound
# is checked on the uninstrumented build, and here only reported.
SANITIZED = os.environ.get("PHISCRUB_TEST_SANITIZED") == "1"


def rss_check(name, rss, L):
    text = f"{name}: peak RSS {rss // MIB} MiB <= 64 MiB + 2 x {L // MIB} MiB"
    if SANITIZED:
        print(f"info {text} (sanitizer build: reported, checked on the plain build)")
    else:
        c.check(text, rss <= 64 * MIB + 2 * L)
# pieces of log text, each redacted on a line of its own first
pieces = [b"-- INFO svc=billing req=7f3a took=12ms status=200 --",
          b"-- pt John Smith ssn=123-45-6789 seen by Dr. Mary Jones --",
          b"-- GET /api/v2/orders?id=88213 HTTP/1.1 200 5123 --",
          b"-- Patient: Jana Hamanova dob: 03/14/1962 cb (555) 234-5678 --",
          b"-- at com.example.Billing.run(Billing.java:214) --",
          b"-- email jane.doe@example.com from 10.20.30.40 mrn=00482133 --",
          b"-- {\"level\":\"warn\",\"msg\":\"retry\",\"attempt\":3} --"]
st, lines_out, _ = c.run([], stdin=b"\n".join(pieces) + b"\n")
piece_out = lines_out.split(b"\n")[:-1]
c.check("memory: the pieces redact on lines of their own",
        st == 0 and len(piece_out) == len(pieces) and b"[SSN]" in piece_out[1], lines_out)
rnd = random.Random(50)
# mostly ordinary text: a capitalised word every 60 bytes or so, as in the
# bench corpus (a line far denser with names is masked whole: below)
weights = [12, 1, 6, 1, 3, 1, 6]
order = rnd.choices(range(len(pieces)), weights, k=(50 * MIB) // 52)
line = b" ".join(pieces[i] for i in order)
want = b" ".join(piece_out[i] for i in order) + b"\n"
path = c.write("mixed50.log", line + b"\n")
L = len(line) + 1
del line
st, out, err, rss = run_rss([], path)
c.eq("50 MB line of log text: exit", st, 0)
c.check("50 MB line of log text: redacted as its pieces are", out == want,
        f"{len(out)} vs {len(want)} bytes")
rss_check("50 MB line of log text", rss, L)
del out, want

dense = b"Patient John Smith seen by Dr. Mary Jones "
body = (dense * ((50 * MIB) // len(dense) + 1))[:50 * MIB]
path = c.write("dense50.log", body + b"\n")
L = len(body) + 1
del body
st, out, err, rss = run_rss([], path)
c.eq("50 MB line dense with names: masked whole, exit 5", (st, out), (5, b"[UNPROCESSED]\n"))
c.check("50 MB line dense with names: stderr says so", b"could not be processed" in err, err)
rss_check("50 MB line dense with names", rss, L)
os.unlink(path)

# --- --max-line-size ----------------------------------------------------------
pieces = [  # (input line, expected output line, masked whole?)
    (b"short ssn=123-45-6789\n", b"short ssn=[SSN]\n", False),
    (b"x" * 5000 + b" ssn=987-65-4321 y\r\n", b"[UNPROCESSED]\r\n", True),
    (b"after 415-555-0134\n", b"after [PHONE]\n", False),
    (b"z" * 2000 + b" mrn=00482133 " + b"z" * 2000 + b"\n", b"[UNPROCESSED]\n", True),
    (b"\n", b"\n", False),
    (b"crlf dob=1957-04-12\r\n", b"crlf dob=[DATE]\r\n", False),
    (b"q" * 3000 + b" email jane.doe@example.com", b"[UNPROCESSED]", True),  # no final newline
]
src = b"".join(p[0] for p in pieces)
exp = b"".join(p[1] for p in pieces)
path = c.write("mixed.log", src)
rpath, fpath = c.path("r.json"), c.path("f.jsonl")
st, out, err = c.run(["--max-line-size", "1K", "--report", rpath, "--findings", fpath, path])
c.eq("--max-line-size 1K: exit 5, lines masked whole", st, 5)
c.eq("--max-line-size 1K: long lines [UNPROCESSED] with their line ending, others redacted", out, exp)
c.eq("--max-line-size 1K: stderr says it",
     err, b"phiscrub: 3 line(s) could not be processed and were masked whole as [UNPROCESSED]\n")
with open(rpath) as f:
    rep = json.load(f)
c.eq("--max-line-size 1K: report counts",
     (rep["lines"], rep["lines_masked_whole"], rep["findings"], rep["bytes_in"], rep["bytes_out"]),
     (len(pieces), 3, 3, len(src), len(exp)))
with open(fpath) as f:
    found = [json.loads(x) for x in f]
want, off = [], 0
for i, (line, _, whole) in enumerate(pieces):
    if whole:
        content = line.rstrip(b"\n").rstrip(b"\r") if line.endswith(b"\n") else line
        want.append((i + 1, off, len(content), "UNPROCESSED", "unprocessed"))
    off += len(line)
c.eq("--max-line-size 1K: findings for the masked lines",
     [(x["line"], x["offset"], x["length"], x["category"], x["rule"]) for x in found
      if x["category"] == "UNPROCESSED"], want)
for secret in (b"987-65-4321", b"00482133", b"jane.doe@example.com", b"123-45-6789", b"415-555-0134"):
    c.check(f"--max-line-size: {secret.decode()} nowhere in output, stderr or report",
            secret not in out and secret not in err and secret not in open(rpath, "rb").read()
            and secret not in open(fpath, "rb").read())

# the same on stdin gives the same bytes
st2, out2, _ = c.run(["--max-line-size", "1K"], stdin=src)
c.eq("--max-line-size 1K on stdin: same output", (st2, out2), (5, exp))

# a plain byte count: only the 5019-byte line is over 4500; an 'm' suffix
st, out, _ = c.run(["--max-line-size", "4500", path])
exp4500 = b"".join(p[1] if len(p[0]) > 4500 else
                   p[0].replace(b"123-45-6789", b"[SSN]").replace(b"415-555-0134", b"[PHONE]")
                   .replace(b"00482133", b"[MRN]").replace(b"1957-04-12", b"[DATE]")
                   .replace(b"jane.doe@example.com", b"[EMAIL]") for p in pieces)
c.eq("--max-line-size 4500: only the 5019-byte line masked", (st, out), (5, exp4500))
st, out, _ = c.run(["--max-line-size", "1m", path])
c.eq("--max-line-size 1m: nothing masked whole",
     (st, out.count(b"[UNPROCESSED]")), (0, 0))

# every line too long: all masked, each keeps its terminator
many = b"".join(b"k" * 2048 + b" ssn=123-45-6789" + (b"\r\n" if i % 2 else b"\n") for i in range(50))
st, out, err = c.run(["--max-line-size", "1K"], stdin=many)
c.eq("50 long lines: all masked, endings kept",
     (st, out), (5, b"".join(b"[UNPROCESSED]" + (b"\r\n" if i % 2 else b"\n") for i in range(50))))
c.check("50 long lines: count in stderr", b"50 line(s) could not be processed" in err, err)

c.finish()

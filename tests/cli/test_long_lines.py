#!/usr/bin/env python3
"""Long lines. A 64 MiB single line is scanned whole: PHI at its start,
middle and end is masked and every other byte comes out as it went in.
--max-line-size N: a longer line becomes [UNPROCESSED] with its line ending
kept, the other lines are redacted as usual, exit 0, and stderr says so.

Usage: test_long_lines.py PATH_TO_PHISCRUB"""
import json
import random

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
c.eq("--max-line-size 1K: exit 0", st, 0)
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
c.eq("--max-line-size 1K on stdin: same output", (st2, out2), (0, exp))

# a plain byte count: only the 5019-byte line is over 4500; an 'm' suffix
st, out, _ = c.run(["--max-line-size", "4500", path])
exp4500 = b"".join(p[1] if len(p[0]) > 4500 else
                   p[0].replace(b"123-45-6789", b"[SSN]").replace(b"415-555-0134", b"[PHONE]")
                   .replace(b"00482133", b"[MRN]").replace(b"1957-04-12", b"[DATE]")
                   .replace(b"jane.doe@example.com", b"[EMAIL]") for p in pieces)
c.eq("--max-line-size 4500: only the 5019-byte line masked", (st, out), (0, exp4500))
st, out, _ = c.run(["--max-line-size", "1m", path])
c.eq("--max-line-size 1m: nothing masked whole",
     (st, out.count(b"[UNPROCESSED]")), (0, 0))

# every line too long: all masked, each keeps its terminator
many = b"".join(b"k" * 2048 + b" ssn=123-45-6789" + (b"\r\n" if i % 2 else b"\n") for i in range(50))
st, out, err = c.run(["--max-line-size", "1K"], stdin=many)
c.eq("50 long lines: all masked, endings kept",
     (st, out), (0, b"".join(b"[UNPROCESSED]" + (b"\r\n" if i % 2 else b"\n") for i in range(50))))
c.check("50 long lines: count in stderr", b"50 line(s) could not be processed" in err, err)

c.finish()

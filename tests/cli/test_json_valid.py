#!/usr/bin/env python3
"""JSON in, valid JSON out (issue 15): every line of the suite's corpora
that holds a JSON document (alone, or after a log prefix) is run through the
real binary under mask, partial, tokenize and surrogate, and each output
line must parse as JSON again: a mask never cuts an escape sequence
(`{"m":"x\\ta+b@x.org"}` once came out as `{"m":"x\\[EMAIL]"}`) and a
replacement never brings a quote, backslash or control byte of its own into
a string. A line masked whole is `[UNPROCESSED]` (fail closed) and counted,
not parsed.

Corpora: the accuracy corpora (tests/accuracy/corpora/*/*.jsonl, each
record's text), the labeled corpus tests/accuracy/gen_labeled.py generates,
the golden inputs (tests/golden/cases/*.in), the site-policy example and
escape-heavy lines made here.

Usage: test_json_valid.py PATH_TO_PHISCRUB"""
import glob
import json
import os
import subprocess
import sys

from clitest import Checks

c = Checks()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEC = json.JSONDecoder()


def json_part(line):
    """The JSON document the line holds from its first '{' to its end, or None."""
    i = line.find("{")
    if i < 0:
        return None
    try:
        obj, end = DEC.raw_decode(line, i)
    except ValueError:
        return None
    return obj if line[end:].strip() == "" else None


def json_lines(texts):
    out = []
    for t in texts:
        for line in t.split("\n"):
            line = line.rstrip("\r")
            if json_part(line) is not None:
                out.append(line)
    return out


corpora = {}
for path in sorted(glob.glob(os.path.join(ROOT, "tests/accuracy/corpora/*/*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        corpora[os.path.relpath(path, ROOT)] = json_lines(json.loads(l)["text"] for l in f if l.strip())
gen = subprocess.run([sys.executable, "-B", os.path.join(ROOT, "tests/accuracy/gen_labeled.py"),
                      "--text"], capture_output=True, check=True).stdout.decode("utf-8")
corpora["gen_labeled.py"] = json_lines([gen])
golden = []
for path in sorted(glob.glob(os.path.join(ROOT, "tests/golden/cases/*.in"))):
    with open(path, "rb") as f:
        golden.append(f.read().decode("utf-8", "replace"))
corpora["tests/golden/cases"] = json_lines(golden)
with open(os.path.join(ROOT, "examples/site-policy/input.log"), encoding="utf-8") as f:
    corpora["examples/site-policy"] = json_lines([f.read()])
# values right after and before escapes of every kind, in keys and values
ESC = ["\\t", "\\n", "\\r", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\u00e9", "\\ud83d\\ude00", "\\u0041"]
made = []
for e in ESC:
    for v in ("a+b@x.org", "123-45-6789", "John Smith", "(617) 555-0142", "03/14/1962",
              "MRN7734021", "10.1.2.3"):
        made.append('{"m":"x%s%s","ssn":"%s%s%s","k%s":"%s"}' % (e, v, e, v, e, e, v))
        made.append('2024-03-15T10:22:31Z INFO {"msg":"note%s%s%sok","nested":{"name":"%s%s"}}'
                    % (e, v, e, v, e))
corpora["escapes"] = made

key = c.write("key", b"json-valid test key, not a secret: 0123456789")
os.chmod(key, 0o600)
MODES = [["--mode", "mask"], ["--mode", "partial"], ["-k", key, "--mode", "tokenize"],
         ["-k", key, "--mode", "surrogate"], ["-k", key, "--mode", "encrypt"]]
for name, lines in corpora.items():
    if not lines:
        continue
    src = ("\n".join(lines) + "\n").encode("utf-8")
    for mode in MODES:
        rc, out, err = c.run(mode, stdin=src, timeout=600)
        outl = out.decode("utf-8", "replace").split("\n")
        if outl and outl[-1] == "":
            outl.pop()
        bad, whole = [], 0
        for i, line in enumerate(outl):
            if line == "[UNPROCESSED]":
                whole += 1
            elif json_part(line) is None:
                bad.append(i)
        # show where, never the line: it may hold PHI the rules missed
        c.check(f"{name} ({len(lines)} JSON lines), {mode[-1]}: every output line is JSON "
                f"({whole} masked whole)",
                rc in (0, 5) and len(outl) == len(lines) and not bad,
                f"exit {rc}, {len(outl)} lines out; not JSON: lines {bad[:20]}")
        if mode[-1] == "encrypt":
            # a bare scalar's token is quoted, and reveal takes the quotes off
            rrc, back, _ = c.run(["reveal", "-k", key], stdin=out, timeout=600)
            c.check(f"{name}: reveal of the encrypted output gives back the input exactly",
                    rrc == 0 and back == src, f"reveal exit {rrc}")
c.check("the corpora hold JSON lines", sum(map(len, corpora.values())) > 5000,
        {k: len(v) for k, v in corpora.items()})
c.finish()

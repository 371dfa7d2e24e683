#!/usr/bin/env python3
"""Bytes pass through as they came: CRLF and lone CR, NUL, invalid UTF-8,
no final newline, empty input, lines of nothing but terminators.

Usage: test_bytes.py PATH_TO_PHISCRUB"""
import os

from clitest import Checks

c = Checks()

CASES = [
    ("CRLF kept",
     b"a ssn=123-45-6789\r\nb\r\n\r\nc 415-555-0134\r\n",
     b"a ssn=[SSN]\r\nb\r\n\r\nc [PHONE]\r\n"),
    ("CRLF without final newline",
     b"a\r\nb mrn=00482133\r",
     b"a\r\nb mrn=[MRN]\r"),
    ("lone CR inside a line",
     b"50%\r100% ssn=123-45-6789\rdone\n",
     b"50%\r100% ssn=[SSN]\rdone\n"),
    ("LF CR order",
     b"x ssn=123-45-6789\n\ry\n",
     b"x ssn=[SSN]\n\ry\n"),
    ("NUL bytes around PHI",
     b"\x00ssn=123-45-6789\x00\x00phone 415-555-0134\x00\n\x00\n",
     b"\x00ssn=[SSN]\x00\x00phone [PHONE]\x00\n\x00\n"),
    ("only NUL bytes",
     b"\x00" * 1000,
     b"\x00" * 1000),
    ("invalid UTF-8 around PHI",
     b"\xff\xfessn=123-45-6789\xc3 \xe2\x82 mail jane.doe@example.com\xa0\n",
     b"\xff\xfessn=[SSN]\xc3 \xe2\x82 mail [EMAIL]\xa0\n"),
    ("overlong and surrogate encodings",
     b"\xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 ip 10.20.30.40\n",
     b"\xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 ip [IP]\n"),
    ("valid UTF-8 kept",
     "caf\u00e9 \u2014 \u6f22\u5b57 \U0001F600 ssn=123-45-6789\n".encode(),
     "caf\u00e9 \u2014 \u6f22\u5b57 \U0001F600 ssn=[SSN]\n".encode()),
    ("all 256 byte values, no PHI",
     bytes(range(256)) * 4,
     bytes(range(256)) * 4),
    ("no final newline, PHI last",
     b"first\nlast ssn=123-45-6789",
     b"first\nlast ssn=[SSN]"),
    ("only newlines",
     b"\n" * 10,
     b"\n" * 10),
    ("one byte",
     b"x",
     b"x"),
    ("empty input",
     b"",
     b""),
]

for name, src, exp in CASES:
    st, out, err = c.run([], stdin=src)
    c.eq(f"{name} (stdin)", (st, out, err), (0, exp, b""))
    p = c.write("case.bin", src)
    st, out, err = c.run([p])
    c.eq(f"{name} (file)", (st, out, err), (0, exp, b""))

st, out, err = c.run([os.devnull])
c.eq("/dev/null: empty output", (st, out, err), (0, b"", b""))
empty = c.write("empty", b"")
st, out, err = c.run([empty, empty, empty])
c.eq("three empty files: empty output", (st, out, err), (0, b"", b""))

# all cases in one stream, then concatenated as several files
src = b"".join(s for _, s, _ in CASES if s.endswith(b"\n"))
exp = b"".join(e for _, s, e in CASES if s.endswith(b"\n"))
st, out, _ = c.run([], stdin=src)
c.eq("all newline-terminated cases in one stream", (st, out), (0, exp))

c.finish()

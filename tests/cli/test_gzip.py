#!/usr/bin/env python3
"""gzip: input recognised by its magic bytes (files, stdin, concatenated
members), -z output that gunzips to the plain output, and truncated, corrupt
or trailing-garbage input: exit 2, a clear message naming the input, the part
that could be decoded still written redacted, and the line the damage cut
masked whole, never passed through.

Usage: test_gzip.py PATH_TO_PHISCRUB"""
import gzip
import zlib

from clitest import Checks

c = Checks()

LINES = [
    (b"2024-03-15T10:22:31Z INFO intake ssn=123-45-6789 ok\n",
     b"2024-03-15T10:22:31Z INFO intake ssn=[SSN] ok\n"),
    (b"2024-03-15T10:22:32Z INFO contact 415-555-0134 mail jane.doe@example.com\n",
     b"2024-03-15T10:22:32Z INFO contact [PHONE] mail [EMAIL]\n"),
    (b"2024-03-15T10:22:33Z INFO no phi here, trace=4bf92f3577b34da6a3ce929d0e0e4736\n",
     b"2024-03-15T10:22:33Z INFO no phi here, trace=4bf92f3577b34da6a3ce929d0e0e4736\n"),
    (b"2024-03-15T10:22:34Z INFO mrn=00482133 dob=1957-04-12\n",
     b"2024-03-15T10:22:34Z INFO mrn=[MRN] dob=[DATE]\n"),
]
PLAIN = b"".join(a for a, _ in LINES)
REDACTED = b"".join(b for _, b in LINES)


def mtime0(data, level=9):
    return gzip.compress(data, compresslevel=level, mtime=0)


# --- input recognised by magic bytes -------------------------------------
gz = c.write("one.gz", mtime0(PLAIN))
st, out, err = c.run([gz])
c.eq("gzip file: exit", st, 0)
c.eq("gzip file: redacted plain text", out, REDACTED)
c.eq("gzip file: stderr", err, b"")

named_log = c.write("not-named-gz.log", mtime0(PLAIN))
st, out, _ = c.run([named_log])
c.eq("gzip found by magic, not by name", (st, out), (0, REDACTED))

st, out, _ = c.run([], stdin=mtime0(PLAIN))
c.eq("gzip on stdin", (st, out), (0, REDACTED))
st, out, _ = c.run(["-"], stdin=mtime0(PLAIN))
c.eq("gzip on '-'", (st, out), (0, REDACTED))

half = len(LINES) // 2
first = b"".join(a for a, _ in LINES[:half])
second = b"".join(a for a, _ in LINES[half:])
cat = c.write("cat.gz", mtime0(first) + mtime0(second))
st, out, err = c.run([cat])
c.eq("concatenated members: one stream", (st, out, err), (0, REDACTED, b""))

# a member boundary inside a line and inside a PHI value
cut = PLAIN.index(b"123-45-") + 5
split = c.write("split.gz", mtime0(PLAIN[:cut]) + mtime0(PLAIN[cut:]))
st, out, _ = c.run([split])
c.eq("member boundary inside an SSN", (st, out), (0, REDACTED))

many = c.write("many.gz", b"".join(mtime0(bytes([b])) for b in PLAIN[:200]) + mtime0(PLAIN[200:]))
st, out, _ = c.run([many])
c.eq("one member per byte", (st, out), (0, REDACTED))

empties = c.write("empties.gz", mtime0(b"") + mtime0(PLAIN) + mtime0(b""))
st, out, _ = c.run([empties])
c.eq("empty members around the data", (st, out), (0, REDACTED))

st, out, _ = c.run([c.write("empty.gz", mtime0(b""))])
c.eq("gzip of nothing: no output", (st, out), (0, b""))

# big enough for many input chunks and deflate blocks
big_plain = PLAIN * 20000
big_red = REDACTED * 20000
big = c.write("big.gz", mtime0(big_plain, 6))
st, out, _ = c.run([big])
c.check("big gzip (%d MiB decoded)" % (len(big_plain) >> 20), st == 0 and out == big_red,
        f"status {st}, {len(out)} bytes vs {len(big_red)}")

# plain and gzip inputs mixed in one run
plain = c.write("plain.log", PLAIN)
st, out, _ = c.run([plain, gz, plain])
c.eq("plain, gzip, plain", (st, out), (0, REDACTED * 3))

# one byte 0x1f, or 0x1f then something else, is text
for name, data in [("lone-1f", b"\x1f"), ("1f-text", b"\x1f ssn=123-45-6789\n"),
                   ("8b-1f", b"\x8b\x1f ssn=123-45-6789\n")]:
    st, out, _ = c.run([c.write(name, data)])
    c.eq(f"{name}: not gzip, redacted as text", (st, out),
         (0, data.replace(b"123-45-6789", b"[SSN]")))

# --- -z output ------------------------------------------------------------
st, out, err = c.run(["-z", plain])
c.eq("-z: exit", st, 0)
c.check("-z: gzip magic", out[:2] == b"\x1f\x8b", repr(out[:10]))
try:
    c.eq("-z: gunzips to the plain output", gzip.decompress(out), REDACTED)
except Exception as e:  # noqa: BLE001 - any decode error is a failure
    c.check("-z: gunzips to the plain output", False, repr(e))

o = c.path("out.gz")
st, out, _ = c.run(["--gzip", "-o", o, gz, plain])
with open(o, "rb") as f:
    data = f.read()
c.eq("--gzip -o FILE: nothing on stdout", (st, out), (0, b""))
try:
    c.eq("--gzip -o FILE: gunzips to the plain output", gzip.decompress(data), REDACTED * 2)
except Exception as e:  # noqa: BLE001
    c.check("--gzip -o FILE: gunzips to the plain output", False, repr(e))

st, out, _ = c.run(["-z", big])
try:
    c.check("-z of big gzip input round-trips", st == 0 and gzip.decompress(out) == big_red)
except Exception as e:  # noqa: BLE001
    c.check("-z of big gzip input round-trips", False, repr(e))

st, out, _ = c.run(["-z"], stdin=b"")
try:
    c.eq("-z of empty input: a valid empty gzip", (st, gzip.decompress(out)), (0, b""))
except Exception as e:  # noqa: BLE001
    c.check("-z of empty input: a valid empty gzip", False, repr(e))

# the output of phiscrub -z is itself valid input to phiscrub
st, out, _ = c.run(["-z", plain])
st2, out2, _ = c.run([], stdin=out)
c.eq("phiscrub -z | phiscrub", (st, st2, out2), (0, 0, REDACTED))

# --- truncated input --------------------------------------------------------
# Stored (level 0) deflate maps compressed offsets to decoded ones, so the cut
# can be placed inside an SSN: "ssn=123-45-67" must not leave as it is.
stored = mtime0(PLAIN, 0)
cut_at = stored.index(b"123-45-67") + len(b"123-45-67")
tr = c.write("cut-in-ssn.gz", stored[:cut_at])
st, out, err = c.run([tr])
c.eq("truncated gzip: exit 2", st, 2)
c.eq("truncated gzip: decoded part written redacted, cut line masked whole",
     out, b"[UNPROCESSED]")
c.check("truncated gzip: no part of the cut SSN leaves", b"123-45" not in out, repr(out))
c.check("truncated gzip: message names the input and the problem",
        f"phiscrub: {tr}: truncated gzip input".encode() in err, err.decode(errors="replace"))
c.check("truncated gzip: says the line was masked",
        b"1 line(s) could not be processed and were masked whole as [UNPROCESSED]" in err,
        err.decode(errors="replace"))
c.check("truncated gzip: no PHI in stderr", b"123-45" not in err)

# cut right after a newline: every decoded line is whole, nothing is masked
line_end = stored.index(b"\n") + 1
tr2 = c.write("cut-at-newline.gz", stored[:line_end])
st, out, err = c.run([tr2])
c.eq("truncated at a line end: exit 2 and the whole lines", (st, out), (2, LINES[0][1]))
c.check("truncated at a line end: nothing masked whole", b"masked whole" not in err,
        err.decode(errors="replace"))

# deflate data cut at many places: exit 2, output = whole redacted lines + at
# most one [UNPROCESSED] mark, never a partial line of input
full = mtime0(big_plain[:200000], 9)
bad = []
for k in range(1, 40):
    n = len(full) * k // 40
    st, out, err = c.run([c.write("cut.gz", full[:n])])
    body = out[:-len(b"[UNPROCESSED]")] if out.endswith(b"[UNPROCESSED]") else out
    if st != 2 or not big_red.startswith(body) or (body and not body.endswith(b"\n")) \
            or b"truncated gzip input" not in err:
        bad.append((n, st, out[-60:], err[:200]))
c.check("deflate cut at 39 places: exit 2, whole redacted lines, the cut line masked",
        not bad, repr(bad[:3]))

stored2 = mtime0(PLAIN, 0)
cut_at = stored2.index(b"mrn=00482") + len(b"mrn=00482")
st, out, err = c.run([c.write("cut-in-mrn.gz", stored2[:cut_at])])
c.eq("truncated in line 4: lines 1-3 redacted, line 4 masked whole",
     (st, out), (2, b"".join(b for _, b in LINES[:3]) + b"[UNPROCESSED]"))

# the gzip header alone
st, out, err = c.run([c.write("header.gz", full[:10])])
c.eq("gzip header only: exit 2, no output", (st, out), (2, b""))
c.check("gzip header only: truncated message", b"truncated gzip input" in err)

# a truncated input does not stop the next one
st, out, err = c.run([tr, plain])
c.eq("truncated gzip then a good file: exit 2", st, 2)
c.eq("truncated gzip then a good file: both written",
     out, b"[UNPROCESSED]" + REDACTED)

# --- corrupt input ----------------------------------------------------------
# A second member whose first deflate block has the invalid type 11: zlib
# stops at once, so the output is exactly the first member, redacted.
bad_member = bytearray(mtime0(b"ssn=987-65-4321\n"))
bad_member[10] = 0x07  # BFINAL=1, BTYPE=11 (reserved)
st, out, err = c.run([c.write("badblock.gz", mtime0(PLAIN) + bytes(bad_member))])
c.eq("corrupt second member: exit 2, the first member written redacted", (st, out), (2, REDACTED))
c.check("corrupt second member: message names input and problem",
        f"phiscrub: {c.path('badblock.gz')}: corrupt gzip input (invalid block type)".encode() in err,
        err.decode(errors="replace"))
c.check("corrupt: no PHI in stderr", b"987-65" not in err and b"123-45" not in err)

# Bytes flipped inside deflate data: zlib may decode garbage for a while
# before it notices (deflate has no check before the member's CRC); the run
# must still end with exit 2 and a message naming the input.
data = bytearray(mtime0(big_plain[:100000], 9))
for i in range(200, 260):
    data[i] ^= 0x5A
cp = c.write("corrupt.gz", bytes(data))
st, out, err = c.run([cp])
c.eq("flipped deflate bytes: exit 2", st, 2)
c.check("flipped deflate bytes: message", f"phiscrub: {cp}: ".encode() in err
        and b"gzip input" in err, err.decode(errors="replace"))

data = bytearray(mtime0(PLAIN))
data[-8] ^= 0xFF  # the CRC32 in the trailer
st, out, err = c.run([c.write("badcrc.gz", bytes(data))])
c.eq("bad CRC: exit 2", st, 2)
c.check("bad CRC: message", b"corrupt gzip input (incorrect data check)" in err,
        err.decode(errors="replace"))
c.check("bad CRC: no PHI leaves", b"123-45" not in out and b"415-555" not in out, repr(out))

st, out, err = c.run([c.write("garbage.gz", b"\x1f\x8b" + b"\x00" * 30)])
c.eq("gzip magic then garbage: exit 2", st, 2)
c.check("gzip magic then garbage: message", b"gzip input" in err, err.decode(errors="replace"))

st, out, err = c.run([c.write("trailing.gz", mtime0(PLAIN) + b"ssn=123-45-6789\n")])
c.eq("text after the gzip stream: exit 2", st, 2)
c.eq("text after the gzip stream: the gzip part is written", out, REDACTED)
c.check("text after the gzip stream: message", b"trailing data after the gzip stream" in err,
        err.decode(errors="replace"))

# raw zlib and raw deflate are not gzip: they are not mistaken for it
st, out, _ = c.run([c.write("zlib.z", zlib.compress(PLAIN))])
c.eq("zlib stream is not decoded as gzip", st, 0)

c.finish()

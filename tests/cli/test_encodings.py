#!/usr/bin/env python3
"""UTF-16 and UTF-32 through the real binary (issue 15), the pipe and scan:

  * the pipe decodes UTF-16LE/BE and UTF-32LE/BE (told by the byte-order mark
    or the NUL pattern), redacts, and writes the same encoding back, mark and
    all; gzip input is told after gunzip; --encoding names it when the first
    bytes cannot; a line on a quiet UTF-16 pipe is not held back;
  * every byte the engine does not change comes back: CRLF, characters past
    the BMP (surrogate pairs), unpaired surrogates;
  * scan decodes them too, and --fix writes them back in their encoding;
  * a binary file is searched in its text runs (ASCII and UTF-16LE, as
    strings(1) shows them); a text file with one NUL byte is text; a file
    that cannot be read is an error, not a pass.

Before these, each input below passed byte for byte (exit 0) and scan said
"skipped binary file" (exit 0).

Usage: test_encodings.py PATH_TO_PHISCRUB"""
import gzip
import json
import os
import select
import subprocess
import time

from clitest import Checks

c = Checks()

SSN, MRN, NAME = "219-45-6781", "MRN7734021", "John Smith"
VALUES = [SSN, MRN, NAME, "6781", "7734021", "Smith"]

# What PowerShell's `>` writes: UTF-16LE with a mark, CRLF
TEXT = (f"2024-03-15T10:22:31Z INFO intake patient {NAME} ssn={SSN}\r\n"
        f"2024-03-15T10:22:32Z INFO chart mrn {MRN} note caf\u00e9 \U0001F600 ok\r\n")
MASKED = ("2024-03-15T10:22:31Z INFO intake patient [NAME] ssn=[SSN]\r\n"
          "2024-03-15T10:22:32Z INFO chart mrn [MRN] note caf\u00e9 \U0001F600 ok\r\n")

CODECS = {"UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be",
          "UTF-32LE": "utf-32-le", "UTF-32BE": "utf-32-be"}


def enc(s, name, bom):
    return (("\ufeff" if bom else "") + s).encode(CODECS[name])


def no_values(name, blob, codec):
    text = blob.decode(codec, errors="replace") if codec else blob.decode("latin-1")
    leaked = [v for v in VALUES if v in text]
    c.check(f"{name}: no planted value in it", not leaked, f"leaked: {leaked}")


# ----------------------------------------------------------------- the pipe
for name in CODECS:
    for bom in (True, False):
        data = enc(TEXT, name, bom)
        tag = f"{name} {'with' if bom else 'without'} BOM"
        rc, out, err = c.run([], stdin=data)
        c.eq(f"pipe {tag}: exit 0, nothing on stderr", (rc, err), (0, b""))
        c.eq(f"pipe {tag}: masked, written back in {name}", out, enc(MASKED, name, bom))
        no_values(f"pipe {tag}", out, CODECS[name])
        p = c.write("in.txt", data)
        rc, out2, _ = c.run([p])
        c.eq(f"file {tag}: the same as the pipe", (rc, out2), (0, out))

# gzip: told after gunzip; -z compresses the UTF-16 text
data = enc(TEXT, "UTF-16LE", True)
rc, out, _ = c.run([], stdin=gzip.compress(data, mtime=0))
c.eq("gzip of UTF-16LE: decoded after gunzip, UTF-16LE out", (rc, out),
     (0, enc(MASKED, "UTF-16LE", True)))
rc, out, _ = c.run(["-z"], stdin=gzip.compress(data, mtime=0))
c.eq("gzip of UTF-16LE with -z: gzip of UTF-16LE", (rc, gzip.decompress(out)),
     (0, enc(MASKED, "UTF-16LE", True)))

# -j 2: the same bytes as one thread
rc, out, _ = c.run(["-j", "2", "--job-size", "1K"], stdin=enc(TEXT * 40, "UTF-16BE", True))
c.eq("-j 2 on UTF-16BE: the same as one thread", (rc, out), (0, enc(MASKED * 40, "UTF-16BE", True)))

# the --findings offsets count the decoded text (UTF-8, no mark)
fp = c.path("findings.jsonl")
rc, out, _ = c.run(["--findings", fp], stdin=data)
utf8 = TEXT.encode()
found = [json.loads(l) for l in open(fp)]
c.eq("--findings: offsets into the decoded text",
     sorted(utf8[f["offset"]:f["offset"] + f["length"]].decode() for f in found),
     sorted([NAME, SSN, MRN]))

# bytes the engine leaves alone come back as they were: pairs, unpaired
# surrogates (a truncated UTF-16 string in a log), U+FFFF
units = [ord(ch) for ch in "ssn=" + SSN + " x"] + [0xD83D, 0xDE00, 0xD800, ord("a"),
                                                    0xDC01, 0xFFFF, 0x0A]
odd = b"".join(u.to_bytes(2, "little") for u in [0xFEFF] + units)
rc, out, _ = c.run([], stdin=odd)
want = b"".join(u.to_bytes(2, "little") for u in
                [0xFEFF] + [ord(ch) for ch in "ssn=[SSN] x"] + units[-7:])
c.eq("UTF-16LE: lone surrogates, pairs and U+FFFF kept byte for byte", (rc, out), (0, want))

# one UTF-16 file, one UTF-8 file: the output takes the first's encoding
p16 = c.write("a16.txt", enc(f"ssn={SSN}\n", "UTF-16LE", True))
p8 = c.write("b8.txt", f"mrn {MRN}\n".encode())
rc, out, _ = c.run([p16, p8])
c.eq("two inputs: the second is written in the first's encoding", (rc, out),
     (0, enc("ssn=[SSN]\nmrn [MRN]\n", "UTF-16LE", True)))

# --encoding: UTF-16 that its first bytes cannot tell (no mark, mostly
# outside ASCII), and the names
head = "\u4e2d\u6587\u65e5\u5fd7\u3002" * 500 + "\n"
cjk = (head + f"ssn={SSN}\n").encode("utf-16-le")
rc, out, _ = c.run(["--encoding", "utf-16le"], stdin=cjk)
c.eq("--encoding utf-16le: masked where auto cannot tell", (rc, out),
     (0, (head + "ssn=[SSN]\n").encode("utf-16-le")))
rc, out, _ = c.run(["--encoding", "UTF-32BE"], stdin=enc(TEXT, "UTF-32BE", False))
c.eq("--encoding UTF-32BE (any case)", (rc, out), (0, enc(MASKED, "UTF-32BE", False)))
rc, out, _ = c.run(["--encoding", "auto"], stdin=enc(TEXT, "UTF-16BE", True))
c.eq("--encoding auto", (rc, out), (0, enc(MASKED, "UTF-16BE", True)))
rc, out, err = c.run(["--encoding", "latin9"], stdin=b"x\n")
c.check("--encoding latin9: exit 2, says which are known",
        rc == 2 and out == b"" and b"utf-16le" in err, (rc, err))
rc, out, _ = c.run(["--help"])
c.check("--help names --encoding", b"--encoding" in out)

# a mark then 8-bit text is 8-bit text (decoded, its SSN would pass in clear)
rc, out, _ = c.run([], stdin=b"\xff\xfessn=" + SSN.encode() + b" caf\xe9\n")
c.eq("FF FE then Latin-1: masked as 8-bit text", (rc, out), (0, b"\xff\xfessn=[SSN] caf\xe9\n"))

# a quiet UTF-16 pipe: the line is out before the writer goes on
subprocess.run([c.bin, "--check-rules"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
               check=True)
rfd, wfd = os.pipe()
p = subprocess.Popen([c.bin], stdin=rfd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(rfd)
want = enc(f"one ssn=[SSN]\n", "UTF-16LE", True)
os.write(wfd, enc(f"one ssn={SSN}\n", "UTF-16LE", True))
t0, got = time.monotonic(), b""
while len(got) < len(want) and time.monotonic() - t0 < 5:
    r, _, _ = select.select([p.stdout], [], [], 5)
    if not r:
        break
    chunk = os.read(p.stdout.fileno(), 4096)
    if not chunk:
        break
    got += chunk
dt = time.monotonic() - t0
c.eq(f"quiet UTF-16 pipe: the line out while the writer waits ({dt * 1000:.1f} ms)", got, want)
os.write(wfd, enc("two\n", "UTF-16LE", False))
os.close(wfd)
rest, _ = p.communicate(timeout=30)
c.eq("quiet UTF-16 pipe: the rest at the end", (p.returncode, rest),
     (0, enc("two\n", "UTF-16LE", False)))

# ------------------------------------------------------------------- scan
tree = c.path("tree")
os.makedirs(tree)


def mk(rel, data):
    with open(os.path.join(tree, rel), "wb") as f:
        f.write(data)
    return os.path.join(tree, rel)


def scan(args):
    return c.run(["scan"] + list(args), cwd=tree)


mk("ps.log", enc(TEXT, "UTF-16LE", True))
mk("be.log", enc(TEXT, "UTF-16BE", False))
mk("w32.log", enc(TEXT, "UTF-32LE", True))
# a binary file: an ELF-like header, NUL padding, an ASCII run and a UTF-16LE
# run (a Windows resource string) with PHI in them
mk("app.bin", b"\x7fELF\x02\x01\x01\x00" + bytes(56) + f"cfg ssn={SSN};".encode() +
   b"\x00\x00\x01\x02\x03" + f"patient {NAME} mrn {MRN}".encode("utf-16-le") + bytes(40))
# a text file with one NUL byte near its start
mk("onenul.txt", b"header\x00 ok\nintake ssn=" + SSN.encode() + b"\n")
EXPECT = (b"app.bin:1:9: SSN key-lf-ssn\n"
          b"app.bin:2:9: NAME name-dictionary\n"
          b"app.bin:2:24: MRN mrn-context\n"
          b"be.log:1:42: NAME name-dictionary\n"
          b"be.log:1:57: SSN key-lf-ssn\n"
          b"be.log:2:37: MRN mrn-context\n"
          b"onenul.txt:2:12: SSN key-lf-ssn\n"
          b"ps.log:1:42: NAME name-dictionary\n"
          b"ps.log:1:57: SSN key-lf-ssn\n"
          b"ps.log:2:37: MRN mrn-context\n"
          b"w32.log:1:42: NAME name-dictionary\n"
          b"w32.log:1:57: SSN key-lf-ssn\n"
          b"w32.log:2:37: MRN mrn-context\n")
rc, out, err = scan(["."])
c.eq("scan: UTF-16/32 decoded, the binary file's text runs, the NUL text file", out, EXPECT)
c.eq("scan: exit 1 (findings)", rc, 1)
c.check("scan: the binary file is said to be searched, nothing skipped",
        b"1 binary (text runs searched)" in err and b"skipped" not in err, err)
no_values("scan", out + err, None)
rc, out, _ = scan(["--findings-exit", "7", "ps.log"])
c.eq("scan ps.log --findings-exit 7: exit 7", (rc, out), (7, EXPECT[EXPECT.index(b"ps.log"):
                                                            EXPECT.index(b"w32.log")]))
rc, out, _ = scan(["-f", "json", "app.bin"])
doc = json.loads(out)
c.eq("scan json: the binary file listed", (rc, doc["binary"], doc["summary"]["findings"]),
     (1, [{"path": "app.bin", "searched": "text runs"}], 3))

# unreadable: a read error (EIO from /proc/self/mem, also as root) and, when
# not root, a file without read permission
rc, out, err = c.run(["scan", "/proc/self/mem"])
c.check("scan of a file that cannot be read: exit 2 and says so",
        rc == 2 and b"/proc/self/mem: read error" in err, (rc, err))
rc, out, err = scan(["--exit-zero", "/proc/self/mem"])
c.eq("scan --exit-zero of an unreadable file: still exit 2", rc, 2)
if os.geteuid() != 0:
    locked = mk("locked.log", f"ssn={SSN}\n".encode())
    os.chmod(locked, 0)
    rc, out, err = scan(["locked.log"])
    c.check("scan of a file without read permission: exit 2", rc == 2 and b"locked.log" in err,
            (rc, err))
    os.chmod(locked, 0o600)
    os.unlink(locked)

# --fix: UTF-16LE written back in UTF-16LE with its mark; a binary is not
# rewritten, and that is an error
rc, out, err = scan(["--fix", "ps.log", "w32.log", "be.log"])
c.eq("scan --fix: exit 1 (files rewritten)", rc, 1)
for f, name, bom in (("ps.log", "UTF-16LE", True), ("w32.log", "UTF-32LE", True),
                     ("be.log", "UTF-16BE", False)):
    with open(os.path.join(tree, f), "rb") as fh:
        c.eq(f"scan --fix {f}: masked, still {name}{' with its mark' if bom else ''}",
             fh.read(), enc(MASKED, name, bom))
before = open(os.path.join(tree, "app.bin"), "rb").read()
rc, out, err = scan(["--fix", "app.bin"])
c.check("scan --fix on a binary file with PHI: exit 2, says why",
        rc == 2 and b"binary file is not rewritten" in err, (rc, err))
c.eq("scan --fix on a binary file: left as it was",
     open(os.path.join(tree, "app.bin"), "rb").read(), before)

c.finish()

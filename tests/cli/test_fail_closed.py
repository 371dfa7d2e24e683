#!/usr/bin/env python3
"""Fail closed at the command line: a long option is taken only as spelt in
full (an abbreviation could turn `--key SECRET` into `--key-file SECRET`, and
an error about that "file" would print the secret); a key file that is not
there is not named (it may be the key itself); a key of one repeated byte is
refused; a JSON record nested past the walker's depth is masked whole; lines
masked whole as [UNPROCESSED] make the exit status 5.

Usage: test_fail_closed.py PATH_TO_PHISCRUB"""
import os

from clitest import Checks

c = Checks()
SECRET = "s3cr3t-Key-Material-0123456789abcdef"
inp = c.write("in.log", b"pt ssn=123-45-6789\n")
goodkey = c.write("good.key", os.urandom(32))
os.chmod(goodkey, 0o600)

# ------------------------------------------------------------ abbreviations
for cmd in ([], ["scan"], ["baseline"], ["reveal"]):
    name = " ".join(["phiscrub"] + cmd)
    for args in (["--key", SECRET], ["--key=" + SECRET], ["--ke", SECRET], ["--key-f", SECRET]):
        st, out, err = c.run(cmd + args + [inp])
        c.check(f"{name} {args[0].split('=')[0]} ...: exit 2", st == 2, (st, err))
        c.check(f"{name} {args[0].split('=')[0]} ...: the value is not echoed",
                SECRET.encode() not in err and SECRET.encode() not in out, err)
        c.check(f"{name} {args[0].split('=')[0]} ...: says options are not abbreviated",
                b"not abbreviated" in err and b"--key-file" in err and b"--help" in err, err)
        c.eq(f"{name} {args[0].split('=')[0]} ...: nothing written", out, b"")
# an abbreviation that could mean two options: named, not guessed
st, out, err = c.run(["--no", inp])
c.check("--no (ambiguous): exit 2, unknown", st == 2 and b"unknown option '--no'" in err, err)
# an option's value that looks like an option is the value, not an option
st, out, err = c.run(["--output", c.path("o.txt"), "--key-file", goodkey, "--mode", "tokenize", inp])
c.check("options in full still work", st == 0 and open(c.path("o.txt"), "rb").read().startswith(b"pt ssn=SSN_"),
        err)
st, out, err = c.run(["-o", c.path("--rul"), inp])
c.check("a value that starts with -- (to -o) is a value", st == 0 and os.path.exists(c.path("--rul")), err)
st, out, err = c.run(["--", inp])
c.eq("-- ends the options", (st, out), (0, b"pt ssn=[SSN]\n"))

# ------------------------------------------------------------ key files
st, out, err = c.run(["--mode", "tokenize", "--key-file", SECRET, inp])
c.check("--key-file SECRET (no such file): exit 2", st == 2, err)
c.check("--key-file SECRET: the name is not echoed", SECRET.encode() not in err, err)
c.check("--key-file SECRET: says what is wrong", b"does not exist" in err, err)
os.environ["PHISCRUB_KEY_FILE"] = SECRET
st, out, err = c.run(["--mode", "tokenize", inp])
c.check("PHISCRUB_KEY_FILE=SECRET: not echoed", st == 2 and SECRET.encode() not in err, err)
del os.environ["PHISCRUB_KEY_FILE"]
st, out, err = c.run(["reveal", "--key-file", SECRET], stdin=b"x\n")
c.check("reveal --key-file SECRET: exit 2, not echoed", st == 2 and SECRET.encode() not in err, err)

for name, data in (("32 zero bytes", b"\0" * 32), ("64 x 'a'", b"a" * 64),
                   ("64 x 'a' and a newline", b"a" * 64 + b"\n"), ("4096 x 0xff", b"\xff" * 4096)):
    k = c.write("same.key", data)
    os.chmod(k, 0o600)
    st, out, err = c.run(["--mode", "tokenize", "--key-file", k, inp])
    c.check(f"a key of {name}: refused, exit 2", st == 2 and b"one byte repeated" in err, err)
    c.eq(f"a key of {name}: nothing written", out, b"")
    st, out, err = c.run(["scan", "--key-file", k, "--baseline", c.path("b.json"), inp])
    c.check(f"scan with a key of {name}: refused", st == 2 and b"one byte repeated" in err, err)

# ------------------------------------------------------------ JSON too deep
PT = ('{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"A7Q2X9"}],'
      '"address":[{"city":"Hollowbrook"}],"telecom":[{"system":"phone","value":"5550134"}]}')
CLEAR = (b"A7Q2X9", b"Hollowbrook", b"5550134")
# the walker follows 64 open containers: wrappers, the Patient, an array and
# an object in it (depth + 2)
for depth in (10, 60, 62, 63, 70, 200):
    rec = '{"entry":' * (depth - 1) + PT + "}" * (depth - 1)
    st, out, err = c.run([], stdin=rec.encode() + b"\n")
    leaked = [v for v in CLEAR if v in out]
    c.eq(f"FHIR Patient {depth} levels deep: no identifier, city or telecom in clear", leaked, [])
    if depth + 2 <= 64:
        c.check(f"FHIR Patient {depth} levels deep: walked, structure kept",
                st == 0 and out.count(b"{") == rec.count("{") and b"[UNPROCESSED]" not in out, out[-300:])
    else:
        c.eq(f"FHIR Patient {depth} levels deep: masked whole, exit 5", (st, out), (5, b"[UNPROCESSED]\n"))

# ------------------------------------------------------------ exit 5
long_line = b"x" * 5000 + b" ssn=123-45-6789\n"
st, out, err = c.run(["--max-line-size", "1K"], stdin=b"ok 123-45-6789\n" + long_line)
c.eq("a line masked whole: exit 5, output complete", (st, out), (5, b"ok [SSN]\n[UNPROCESSED]\n"))
c.check("a line masked whole: stderr says how many", b"1 line(s) could not be processed" in err, err)
st, out, err = c.run(["--max-line-size", "1K"], stdin=b"ok 123-45-6789\n")
c.eq("no line masked whole: exit 0", (st, out), (0, b"ok [SSN]\n"))
st, out, err = c.run(["--help"])
c.check("--help documents exit 5", b"5 the output is complete but some lines could not be processed" in out, out)

c.finish()

#!/usr/bin/env python3
"""Out of memory at start-up: under an address-space limit (prlimit --as)
from where the program cannot even be loaded up to where it runs, every run
either redacts or stops with exit 4 saying it ran out of memory; never exit 2
with "fix the rules file" (the bundled rules are fine), never a crash, never
PHI on stdout. Compiled (--no-cache) and from a warm cache.

Not registered under the sanitizers: ASan reserves terabytes of address
space for its shadow memory, so an address-space limit stops it before main.

Usage: test_oom.py PATH_TO_PHISCRUB"""
import os
import shutil
import subprocess

from clitest import Checks

c = Checks()
PRLIMIT = shutil.which("prlimit")
c.check("prlimit (util-linux) is installed", PRLIMIT is not None)
SRC = (b"pt ssn=123-45-6789 mrn=00482133 seen by Dr. John Smith, cb 415-555-0134\n"
       b"{\"resourceType\":\"Patient\",\"birthDate\":\"1962-03-14\"}\n")
inp = c.write("in.log", SRC)
MIB = 1 << 20
st, ref, err = c.run(["--no-cache", inp])
c.eq("reference run", (st, err), (0, b""))

for label, extra in (("compiled", ["--no-cache"]), ("from the cache", [])):
    if not extra:
        c.run([inp])  # fill the cache
    seen = {}
    for mb in range(16, 97, 4):
        p = subprocess.run([PRLIMIT, f"--as={mb * MIB}", c.bin] + extra + [inp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        st, out, err = p.returncode, p.stdout, p.stderr
        if st == 127 and b"error while loading shared libraries" in err:
            kind = "not loaded"
        elif st == 0 and out == ref:
            kind = "redacted"
        elif st == 4 and b"out of memory" in err and out == b"":
            kind = "exit 4"
        else:
            kind = f"exit {st}"
            c.check(f"{label}, --as={mb} MiB: redacted, exit 4 or not loaded", False,
                    (st, out[:300], err[:600]))
        for v in (b"123-45-6789", b"00482133", b"John Smith"):
            if v in out:
                c.check(f"{label}, --as={mb} MiB: no PHI on stdout", False, out[:300])
        seen.setdefault(kind, []).append(mb)
    print(f"     {label}: " + "; ".join(f"{k} at {v[0]}-{v[-1]} MiB" for k, v in seen.items()))
    c.check(f"{label}: some limit ends in exit 4 (out of memory)", "exit 4" in seen, seen)
    c.check(f"{label}: a generous limit redacts", "redacted" in seen, seen)
    c.check(f"{label}: nothing but redacted, exit 4 or not loaded",
            set(seen) <= {"redacted", "exit 4", "not loaded"}, seen)

    # the message says what happened and what to do, once
    if "exit 4" in seen:
        mb = seen["exit 4"][-1]
        p = subprocess.run([PRLIMIT, f"--as={mb * MIB}", c.bin] + extra + [inp],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        want = b"out of memory while compiling the rules" if extra else b"out of memory"
        c.check(f"{label}, --as={mb} MiB: says {want.decode()}, one line, "
                "not 'fix the rules file'",
                want in p.stderr and b"Fix the rules" not in p.stderr
                and len(p.stderr.splitlines()) == 1, p.stderr)
c.finish()

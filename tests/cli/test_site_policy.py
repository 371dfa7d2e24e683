#!/usr/bin/env python3
"""The site policy (docs/policy.md, "Site policy") through the real binary:
the worked example in examples/site-policy byte for byte, its --report
audit (counts, never a value), --findings, the same policy in `scan` and
`scan --fix`, every bad entry refused with its file and line (exit 2,
nothing written, no value in the message), and --check-rules running the
rules' examples, the shipped ones and a user's failing one.

Usage: test_site_policy.py PATH_TO_PHISCRUB"""
import json
import os
import re

from clitest import Checks

c = Checks()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EX = os.path.join(ROOT, "examples", "site-policy")


def read(p):
    with open(p, "rb") as f:
        return f.read()


# --- the worked example, byte for byte --------------------------------------
inp = os.path.join(EX, "input.log")
expected = read(os.path.join(EX, "expected.log"))
report = c.path("report.json")
findings = c.path("findings.jsonl")
rc, out, err = c.run(["-r", EX, "--report", report, "--findings", findings, inp])
# its last line is cut off JSON under strict mode: masked whole, and the
# exit status says a line was (exit 5, issue 15)
c.check("example: exit 5, one line masked whole and said", rc == 5 and
        b"1 line(s) could not be processed" in err, (rc, err))
c.eq("example: output is expected.log", out, expected)
rc, out2, _ = c.run(["-r", EX, "-"], stdin=read(inp))
c.eq("example: the same from standard input", out2, expected)
# scrubbed output scrubs to itself under the same policy
rc, out3, _ = c.run(["-r", EX, "-"], stdin=expected)
c.eq("example: expected.log scrubs to itself", out3, expected)

# --- the audit ---------------------------------------------------------------
rep = json.loads(read(report))
allow = rep.get("allow", [])
by = {(a["file"].split("/")[-1], a["line"], a["item"]): a for a in allow}


def kept(file, line, item=1):
    a = by.get((file, line, item))
    return a["kept"] if a else None


def line_of(file, text):
    for n, l in enumerate(read(os.path.join(EX, file)).decode().split("\n"), 1):
        if l.startswith(text):
            return n
    raise AssertionError(text)


A = "10-allow.rules"
K = "20-keys.rules"
c.eq("audit: switchboard number kept once (two shapes would count two)",
     kept(A, line_of(A, "allow PHONE = (617)")), 2)
c.eq("audit: nurse line kept once", kept(A, line_of(A, "allow PHONE = 617-555-0199")), 1)
c.eq("audit: specimen SSN kept once", kept(A, line_of(A, "allow SSN")), 1)
c.eq("audit: TEST- MRN pattern kept two", kept(A, line_of(A, "allow-pattern MRN")), 2)
c.eq("audit: robot mailbox kept one", kept(A, line_of(A, "allow-pattern EMAIL")), 1)
c.eq("audit: word Jordan kept one", kept(A, line_of(A, "allow-words"), 1), 1)
c.eq("audit: word Baker kept one", kept(A, line_of(A, "allow-words"), 2), 1)
c.eq("audit: kept key trace_id counted per value", kept(K, line_of(K, "keep-keys"), 1), 3)
c.eq("audit: kept key span_id, unused, shows 0", kept(K, line_of(K, "keep-keys"), 2), 0)
c.eq("audit: kept key build", kept(K, line_of(K, "keep-keys"), 3), 1)
c.eq("audit: entries name directive and category",
     sorted({(a["directive"], a["category"]) for a in allow}),
     sorted({("allow", "PHONE"), ("allow", "SSN"), ("allow-pattern", "MRN"),
             ("allow-pattern", "EMAIL"), ("allow-words", "NAME"), ("keep-keys", None)}))
c.eq("audit: values redacted by the key policy", rep.get("redacted_by_key_policy"), 6)
c.check("audit: the key policy's rule in the rule counts", rep["rules"].get("site:keys") == 6,
        rep["rules"].get("site:keys"))
c.check("audit: the deny list's rule in the rule counts", rep["rules"].get("site:names") == 2,
        rep["rules"].get("site:names"))
raw = read(report) + read(findings) + err
for v in [b"555-0100", b"555-0199", b"078-05-1120", b"TEST-", b"alerts@", b"Jordan", b"Baker",
          b"4bf92f3577b34da6", b"Okonkwo", b"Ann Lee", b"jsmith"]:
    c.check(f"audit: no value in report, findings or stderr ({v.decode()})", v not in raw)
fl = [json.loads(l) for l in read(findings).splitlines()]
red = [f for f in fl if f["category"] == "REDACTED"]
c.eq("findings: redacted values reported as REDACTED site:keys", len(red), 6)
c.check("findings: each with rule site:keys", all(f["rule"] == "site:keys" for f in red))

# --- scan and scan --fix: the same policy -----------------------------------
work = c.path("scan")
os.makedirs(work)
sp = os.path.join(work, "input.log")
with open(sp, "wb") as f:
    f.write(read(inp))
rc, out, err = c.run(["scan", "-r", EX, "--format", "json", sp])
c.eq("scan: exit 1 (findings)", rc, 1)
doc = json.loads(out)
cats = sorted({f["category"] for f in doc["findings"]}) if isinstance(doc, dict) else []
c.check("scan: REDACTED findings of the key policy", "REDACTED" in cats, out[:400])
lines = {f["line"] for f in doc.get("findings", [])} if isinstance(doc, dict) else set()
c.check("scan: allowed-only line 3 has one finding (the real SSN)",
        sum(1 for f in doc.get("findings", []) if f["line"] == 3) == 1, out[:600])
c.check("scan: line 11 (test MRN only) has none", 11 not in lines, sorted(lines))
# the audit in scan: the same counts as --report, summed over the files
scan_by = {(a["file"].split("/")[-1], a["line"], a["item"]): a["kept"]
           for a in doc.get("allow", [])} if isinstance(doc, dict) else {}
c.eq("scan audit: each entry's count as in --report", scan_by,
     {k: a["kept"] for k, a in by.items()})
c.eq("scan audit: summary kept_by_policy", doc["summary"].get("kept_by_policy"),
     sum(a["kept"] for a in allow))
sp2 = os.path.join(work, "again.log")
with open(sp2, "wb") as f:
    f.write(read(inp))
rc, out, err = c.run(["scan", "-r", EX, "-j", "2", "--format", "json", sp, sp2])
doc2 = json.loads(out)
c.eq("scan audit: two files on two threads, counts summed",
     {(a["file"].split("/")[-1], a["line"], a["item"]): a["kept"] for a in doc2["allow"]},
     {k: 2 * v for k, v in scan_by.items()})
os.unlink(sp2)
rc, out, err = c.run(["scan", "-r", EX, sp])
c.check("scan audit: the text summary says how many the policy kept",
        f"; {sum(a['kept'] for a in allow)} kept by the site policy".encode() in err, err)
c.check("scan audit: no value in the output", not [v for v in [b"555-0100", b"078-05-1120",
        b"TEST-", b"alerts@", b"Jordan", b"4bf92f3577b34da6"] if v in out + err], out + err)
rc, out, err = c.run(["scan", "--fix", "-r", EX, sp])
c.eq("scan --fix: the file becomes expected.log", read(sp), expected)

# --- a rules file with rules of its own replaces the bundled set -------------
own = c.write("own.rules", b"[mine]\ncategory = SSN\npattern = \\b\\d{9}\\b\n"
              b"allow SSN = 078051120\n")
# (input the bundled rules find nothing in, so this holds whether --rules
# replaces the bundled set or adds to it)
rc, out, err = c.run(["-r", own], stdin=b"x 078051120 y 536228726\n")
c.eq("own rules + allow: its rule, and its allow list", out, b"x 078051120 y [SSN]\n")

# --- bad entries: exit 2, file and line, nothing written ---------------------
BAD = [
    ("too broad", b"# site\nallow-pattern SSN = .*\n", 2, b"6 of 6 ordinary SSN values"),
    ("too broad, all", b"allow-pattern all = [0-9-]+\n", 1, b"ordinary"),
    ("empty pattern", b"allow-pattern EMAIL =\n", 1, b"empty entry"),
    ("pattern does not compile", b"allow-pattern IP = (10\\.\n", 1,
     b"missing closing parenthesis"),
    ("entry longer than any finding", b"allow MRN = " + b"7" * 2000 + b"\n", 1,
     b"at most 1024 bytes"),
    ("unknown category", b"allow BLOOD = 1\n", 1, b"unknown category"),
    ("nothing to compare", b"allow PHONE = call us\n", 1, b"normal form is empty"),
    ("a key under two policies", b"keep-keys = a\nredact-keys = a\n", 2, b"one policy"),
]
outfile = c.path("never.log")
inlog = c.write("in.log", b"ssn 536-22-8726\n")
for name, text, line, reason in BAD:
    p = c.write(f"bad-{len(name)}.rules", text)
    for mode, args in (("pipe", ["-r", p, "-o", outfile, inlog]),
                       ("--check-rules", ["--check-rules", "-r", p]),
                       ("scan", ["scan", "-r", p, inlog])):
        rc, out, err = c.run(args)
        tag = f"{name} ({mode})"
        c.eq(f"{tag}: exit 2", rc, 2)
        c.check(f"{tag}: nothing on stdout", out == b"", out[:200])
        c.check(f"{tag}: names the file", f"file: {p}".encode() in err, err)
        c.check(f"{tag}: names the line", f"line: {line}\n".encode() in err, err)
        c.check(f"{tag}: says why", reason in err, err)
        if mode == "pipe":
            c.check(f"{tag}: no output file", not os.path.exists(outfile))
    # the entry's value is not echoed (only the rules file's name and place)
    val = text.split(b"=", 1)[1].strip()
    if len(val) > 3:
        c.check(f"{name}: the entry is not in the message", val not in err, err)
# "broad" says it is meant
p = c.write("broad.rules", b"allow-pattern IP broad = 10\\..*\n")
rc, out, err = c.run(["-r", p], stdin=b"from 10.1.2.3 and 192.168.7.9\n")
c.eq("broad pattern: taken when meant", out, b"from 10.1.2.3 and [IP]\n")
# a line limit shorter than the entry
p = c.write("short.rules", b"allow MRN = A0000000000000000012345\n")
rc, out, err = c.run(["-r", p, "--max-line-size", "16"], stdin=b"x\n")
c.eq("entry longer than --max-line-size: exit 2", rc, 2)
c.check("entry longer than a line: says so", b"longer than a line can be" in err, err)

# --- --check-rules runs the examples ----------------------------------------
rc, out, err = c.run(["--check-rules"])
c.eq("--check-rules: bundled set passes", rc, 0)
m = re.search(rb"(\d+) rules OK.*; (\d+) examples passed", err)
c.check("--check-rules: says how many examples ran", m is not None, err)
if m:
    c.check("--check-rules: at least two examples a rule", int(m.group(2)) >= 2 * int(m.group(1)),
            err)
c.check("--check-rules: every shipped rule has both kinds", b"without both" not in err, err)
user = c.write("user.rules",
               b"[site-mrn]\ncategory = MRN\nexample = chart MR1234567\n"
               b"not-example = chart MR12345678\npattern = \\bMR\\d{7}\n"
               b"example = chart MR7654321 ok\n")
rc, out, err = c.run(["--check-rules", "--no-default-rules", "-r", user])
c.eq("--check-rules: a user's failing example: exit 2", rc, 2)
c.check("--check-rules: names rule, file, line and the example",
        f"rule site-mrn ({user} line 4): not-example found: chart MR12345678".encode() in err, err)
c.check("--check-rules: counts", b"3 examples run, 1 failed" in err, err)
# the policy file alone: its examples are the bundled ones
rc, out, err = c.run(["--check-rules", "-r", EX])
c.eq("--check-rules with a policy folder: exit 0", rc, 0)
c.check("--check-rules with a policy folder: site rules compiled",
        re.search(rb"\d+ rules OK", err) is not None, err)

c.finish()

#!/usr/bin/env python3
"""--report and --findings. The report is valid JSON (python3 -m json.tool)
with counts per category and per rule that agree with the findings; the
findings are JSON lines whose offset/length slice the original input to
exactly the planted PHI value, with the right line number and input name.
No PHI value planted here appears in the report, the findings or stderr.

Usage: test_report.py PATH_TO_PHISCRUB"""
import collections
import gzip
import json
import subprocess
import sys

from clitest import Checks

c = Checks()

CATEGORIES = ["SSN", "MRN", "PATIENT_ID", "MEMBER_ID", "ACCOUNT_ID", "ENCOUNTER_ID", "NAME",
              "DATE", "PHONE", "FAX", "EMAIL", "IP", "URL", "ZIP", "ADDRESS", "AGE", "LICENSE",
              "LOCATION", "CARD", "VIN", "DEVICE_ID"]


def V(value, cat):
    return (value.encode(), cat)


# Each line: segments of plain bytes and planted (value, category) pairs.
FILE1 = [
    [b"2024-03-15T10:22:31.123Z INFO intake ssn=", V("219-45-6781", "SSN"), b" ok"],
    [b"2024-03-15T10:22:31.200Z INFO verified ", V("321-54-9876", "SSN"),
     b" req=550e8400-e29b-41d4-a716-446655440000"],
    [b"2024-03-15T10:22:32Z mrn=", V("MRN7734021", "MRN"), b" patient_id=", V("PT-5519023", "PATIENT_ID"),
     b" member id ", V("XJH44120987", "MEMBER_ID")],
    [b"{\"ts\":\"2024-03-15T10:22:33Z\",\"acct\":\"", V("AC-88231904", "ACCOUNT_ID"),
     b"\",\"encounter_id\":\"", V("ENC-77120-B", "ENCOUNTER_ID"), b"\",\"version\":\"5.5.224.0\"}"],
    [b"GET /api/v2/patients/", V("7781120", "URL"), b"/chart?view=full HTTP/1.1 200 5123"],
    [b"ts=2024-03-15T10:22:34Z dob=", V("1949-02-28", "DATE"), b" seen ", V("2023-11-05", "DATE"),
     b" and ", V("06/30/2022", "DATE")],
    [b"note: first visit ", V("March 3, 2021", "DATE"), b"\r"],  # a CRLF line
    [b"fax: ", V("312-555-0177", "FAX"), b" phone=", V("(617) 555-0123", "PHONE"), b" or ",
     V("415-555-0199", "PHONE")],
]
FILE2 = [  # given gzip-compressed: offsets count decoded bytes
    [b"mail ", V("maria.gonzalez77@example.net", "EMAIL"), b" from ", V("10.77.31.200", "IP"),
     b" via ", V("2001:db8:aa::77", "IP")],
    [b"\x00binary\xff zip=", V("60614", "ZIP"), b" home ", V("Chicago", "LOCATION"), b", IL ", V("60657", "ZIP")],
    [b""],
    [b"lives at ", V("1600 Maple Avenue", "ADDRESS"), b", mail to ", V("PO Box 4471", "ADDRESS")],
]
STDIN = [
    [b"pt age=", V("96", "AGE"), b" and another is ", V("101", "AGE"), b" years old"],
    [b"2024-03-15T10:22:35Z heartbeat ok port=8443 build=2.14.3"],
    [b"last line without newline ssn ", V("234-56-7891", "SSN")],
]


def build(lines, final_newline=True):
    data, plants, exp = bytearray(), [], bytearray()
    for i, segs in enumerate(lines):
        for s in segs:
            if isinstance(s, tuple):
                plants.append((len(data), s[0], s[1], i + 1))
                data += s[0]
                exp += f"[{s[1]}]".encode()
            else:
                data += s
                exp += s
        if i < len(lines) - 1 or final_newline:
            data += b"\n"
            exp += b"\n"
    return bytes(data), plants, bytes(exp)


src1, plants1, exp1 = build(FILE1)
src2, plants2, exp2 = build(FILE2)
src3, plants3, exp3 = build(STDIN, final_newline=False)
f1 = c.write("app.log", src1)
f2 = c.write("events.log.gz", gzip.compress(src2, mtime=0))
rep, fnd = c.path("report.json"), c.path("findings.jsonl")

st, out, err = c.run(["--report", rep, "--findings", fnd, f1, f2, "-"], stdin=src3)
c.eq("exit", st, 0)
c.eq("stderr empty", err, b"")
c.eq("output: every planted value replaced by its label, nothing else changed", out, exp1 + exp2 + exp3)

# ---- the report
p = subprocess.run([sys.executable, "-m", "json.tool", rep], stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE)
c.eq("report: python3 -m json.tool accepts it", (p.returncode, p.stderr), (0, b""))
with open(rep, "rb") as f:
    report_bytes = f.read()
report = json.loads(report_bytes)
all_plants = [("app.log", p) for p in plants1] + [("events", p) for p in plants2] + \
             [("-", p) for p in plants3]
by_cat = collections.Counter(p[2] for _, p in all_plants)
c.eq("report: categories, exact", report["categories"], {k: by_cat.get(k, 0) for k in CATEGORIES})
total_lines = len(FILE1) + len(FILE2) + len(STDIN)
lines_with = len({(n, p[3]) for n, p in all_plants})
c.eq("report: totals",
     {k: report[k] for k in ("inputs", "input_errors", "bytes_in", "bytes_out", "lines",
                             "lines_with_findings", "lines_masked_whole", "findings")},
     {"inputs": 3, "input_errors": 0, "bytes_in": len(src1) + len(src2) + len(src3),
      "bytes_out": len(out), "lines": total_lines, "lines_with_findings": lines_with,
      "lines_masked_whole": 0, "findings": len(all_plants)})
st, listing, _ = c.run(["--list-rules"])
rules = [ln.split()[:2] for ln in listing.decode().splitlines()]
c.eq("report: one count per rule, as --list-rules names them",
     list(report["rules"].keys()), [r[0] for r in rules])
c.eq("report: rule counts add up to the findings", sum(report["rules"].values()), len(all_plants))
rule_cat = dict((r[0], r[1]) for r in rules)
per_cat = collections.Counter()
for r, n in report["rules"].items():
    per_cat[rule_cat[r]] += n
c.eq("report: rule counts per category agree with the categories",
     {k: per_cat.get(k, 0) for k in CATEGORIES}, report["categories"])
# "ssn=..." is the key rule's (a value under an ssn key, whatever its shape),
# "ssn 234-..." the context rule's
c.eq("report: key-lf-ssn counted the keyed SSN", report["rules"].get("key-lf-ssn"), 1)
c.eq("report: ssn-context counted the SSN after the word", report["rules"].get("ssn-context"), 1)
c.eq("report: email rule counted one", report["rules"].get("email"), 1)
c.eq("report: version", report["version"],
     subprocess.run([c.bin, "--version"], stdout=subprocess.PIPE).stdout.decode().split()[1])

# ---- the findings
with open(fnd, "rb") as f:
    findings_bytes = f.read()
findings = []
bad_json = []
for ln in findings_bytes.splitlines():
    try:
        findings.append(json.loads(ln))
    except ValueError as e:
        bad_json.append((ln, str(e)))
c.check("findings: every line is JSON", not bad_json, repr(bad_json[:3]))
c.eq("findings: one per planted value", len(findings), len(all_plants))
c.check("findings: fields are input, line, offset, length, category, rule",
        all(list(f.keys()) == ["input", "line", "offset", "length", "category", "rule"] for f in findings),
        repr(findings[:1]))
sources = {f1: (src1, plants1), f2: (src2, plants2), "-": (src3, plants3)}
got, want = [], []
for name, (data, plants) in sources.items():
    for off, value, cat, line in plants:
        want.append((name, line, off, len(value), cat, value))
slice_errors = []
for f in findings:
    data = sources.get(f["input"], (b"", []))[0]
    value = data[f["offset"]:f["offset"] + f["length"]]
    got.append((f["input"], f["line"], f["offset"], f["length"], f["category"], value))
    if data[:f["offset"]].count(b"\n") + 1 != f["line"]:
        slice_errors.append(f)
    if rule_cat.get(f["rule"]) != f["category"]:
        slice_errors.append(f)
c.eq("findings: input, line, offset, length and category of each planted value, in stream order",
     got, want)
c.check("findings: line numbers agree with the offsets; rule ids match their category",
        not slice_errors, repr(slice_errors[:3]))
c.eq("findings: per-rule counts agree with the report",
     dict(collections.Counter(f["rule"] for f in findings)),
     {r: n for r, n in report["rules"].items() if n})

# ---- no PHI value anywhere but where it was in the input
values = sorted({p[1] for _, p in all_plants if len(p[1]) >= 5})
for v in values:
    c.check(f"no '{v.decode()}' in report, findings, stderr or output",
            v not in report_bytes and v not in findings_bytes and v not in err and v not in out)
digits = [bytes(ch for ch in v if 48 <= ch <= 57) for v in values]
for d in digits:
    if len(d) >= 7:
        c.check(f"no digit string {d.decode()} in report or findings",
                d not in report_bytes.replace(b" ", b"") and d not in findings_bytes)

# ---- '-' sends them to stderr, still without values
st, out, err = c.run(["--report", "-", "--findings", "-", f1])
c.eq("--report - --findings -: exit", st, 0)
c.eq("--report - --findings -: output", out, exp1)
lines = err.decode(errors="replace").splitlines()
nf = len(plants1)
try:
    fl = [json.loads(x) for x in lines[:nf]]
    rp = json.loads("\n".join(lines[nf:]))
    c.eq("--findings - then --report - on stderr",
         ([(x["offset"], x["length"]) for x in fl], rp["findings"]),
         ([(o, len(v)) for o, v, _, _ in plants1], nf))
except ValueError as e:
    c.check("--findings - then --report - on stderr", False, f"{e}: {err[:500]!r}")
for v in values:
    if any(v == p[1] for p in plants1):
        c.check(f"stderr report/findings: no '{v.decode()}'", v not in err)

# ---- an input error is counted; the findings of the other inputs stay right
st, out, err = c.run(["--report", rep, "--findings", fnd, f1, c.path("missing.log"), f1])
with open(rep) as f:
    r2 = json.load(f)
with open(fnd) as f:
    fl2 = [json.loads(x) for x in f]
c.eq("missing input: exit 2, inputs 3, input_errors 1",
     (st, r2["inputs"], r2["input_errors"], r2["findings"]), (2, 3, 1, 2 * len(plants1)))
c.eq("missing input: offsets restart at 0 for each input",
     [(x["input"], x["offset"]) for x in fl2],
     [(f1, o) for o, _, _, _ in plants1] * 2)

# ---- --partial: the findings still give the whole span; the value stays out
st, out, err = c.run(["--partial", "--findings", fnd, f1])
with open(fnd, "rb") as f:
    pb = f.read()
c.eq("--partial findings: same spans",
     [(x["offset"], x["length"]) for x in map(json.loads, pb.splitlines())],
     [(o, len(v)) for o, v, _, _ in plants1])
c.check("--partial: output keeps the last four digits only",
        b"***-**-6781" in out and b"219-45" not in out and b"(***) ***-0123" in out, repr(out[:300]))

# ---- a file name with odd bytes is escaped as JSON
odd = c.write('we"ird\\name\tx.log', b"ssn=123-45-6789\n")
st, out, err = c.run(["--findings", "-", odd])
try:
    f = json.loads(err.decode().splitlines()[0])
    c.eq("findings: input names are JSON-escaped", f["input"], odd)
except (ValueError, IndexError) as e:
    c.check("findings: input names are JSON-escaped", False, f"{e}: {err!r}")

c.finish()

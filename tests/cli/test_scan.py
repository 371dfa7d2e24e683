#!/usr/bin/env python3
"""phiscrub scan: text, JSON and SARIF output, exit codes, folders, gzip,
binary files (searched in their text runs), inline suppressions, --fix, and that no finding, message or
report ever carries a planted PHI value. The SARIF output is checked
against what the SARIF 2.1.0 specification requires (sarif_check below:
there is no schema package or network here, so the rules of the spec that
apply to what phiscrub writes are checked one by one).

Usage: test_scan.py PATH_TO_PHISCRUB"""
import gzip
import json
import os
import re
import resource
import signal
import stat
import urllib.parse

from clitest import Checks

c = Checks()

SSN, SSN2 = "219-45-6781", "321-54-9876"
MRN = "MRN7734021"
EMAIL = "maria.gonzalez77@example.net"
NAME = "John Smith"
DOB = "03/14/1962"
VALUES = [SSN, SSN2, MRN, EMAIL, NAME, DOB, "6781", "7734021"]


def mk(rel, data, mode=None):
    p = c.path(os.path.join("tree", rel))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    if mode is not None:
        os.chmod(p, mode)
    return p


def scan(args, cwd=None, **kw):
    return c.run(["scan"] + list(args), cwd=cwd or c.path("tree"), **kw)


def no_values(name, *blobs):
    leaked = [v for v in VALUES for b in blobs if v.encode() in b]
    c.check(f"{name}: no planted value in the output", not leaked, f"leaked: {leaked}")


# ---------------------------------------------------------------- the tree
A_LOG = (f"2024-03-15T10:22:31Z INFO ok\n"
         f"intake ssn={SSN} mrn={MRN}\n"
         f"# phiscrub:allow-next-line\n"
         f"patient: {NAME} dob: {DOB}\n"
         f"mail {EMAIL} # phiscrub:allow\n"
         f"again ssn={SSN2} phiscrub:allowance is not a marker\n")
mk("a.log", A_LOG)
mk("sub/clean.txt", "2024-03-15T10:22:31Z heartbeat ok build=2.14.3\n")
mk("sub/deeper/z.log.gz", gzip.compress(f"über ssn={SSN}\n".encode(), mtime=0))
mk("bin.dat", b"\x89PNG\x00\x00 ssn=" + SSN.encode() + b"\n")
mk(".git/objects/leak", f"ssn={SSN}\n")  # .git is never walked
os.symlink(c.path("tree/a.log"), c.path("tree/sub/link.log"))  # not followed in folders

EXPECT_TEXT = (b"a.log:2:12: SSN key-lf-ssn\n"
               b"a.log:2:28: MRN key-lf-mrn\n"
               b"a.log:6:11: SSN key-lf-ssn\n"
               b"bin.dat:1:6: SSN key-lf-ssn\n"
               b"sub/deeper/z.log.gz:1:11: SSN key-lf-ssn\n")

# ------------------------------------------------------------------- text
rc, out, err = scan(["."])
c.eq("text: exit 1 when PHI is found", rc, 1)
c.eq("text: findings sorted by path, then line, byte columns", out, EXPECT_TEXT)
c.check("text: binary file searched in its text runs, and said so",
        b"; 1 binary (text runs searched)" in err and b"skipped" not in err, err)
c.check("text: summary counts suppressed findings",
        b"5 findings in 4 files (3 suppressed inline" in err, err)
no_values("text", out, err)

for j in ("1", "2", "7"):
    rc2, out2, _ = scan(["-j", j, "sub", "a.log", "./a.log", "bin.dat"])
    c.eq(f"text: -j {j} gives the same output (a file named twice is scanned once)",
         (rc2, out2), (1, EXPECT_TEXT))

rc, out, err = scan(["--no-allow", "a.log"])
c.eq("--no-allow reports the suppressed lines too", out,
     b"a.log:2:12: SSN key-lf-ssn\na.log:2:28: MRN key-lf-mrn\n"
     b"a.log:4:10: NAME name-dictionary\na.log:4:26: DATE key-lf-date\n"
     b"a.log:5:6: EMAIL email\na.log:6:11: SSN key-lf-ssn\n")
no_values("--no-allow", out, err)

# ------------------------------------------------------------ exit codes
rc, out, err = scan(["sub/clean.txt"])
c.eq("clean file: exit 0, nothing on stdout", (rc, out), (0, b""))
rc, _, _ = scan(["--exit-zero", "a.log"])
c.eq("--exit-zero: exit 0 with findings", rc, 0)
rc, _, _ = scan(["--findings-exit", "7", "a.log"])
c.eq("--findings-exit 7", rc, 7)
rc, _, _ = scan(["--findings-exit", "7", "sub/clean.txt"])
c.eq("--findings-exit 7 on a clean file: 0", rc, 0)
rc, out, err = scan(["a.log", "missing.log"])
c.eq("a missing file: exit 2 even with findings elsewhere", rc, 2)
c.check("a missing file is named", b"missing.log: cannot open" in err, err)
c.check("the other file is still reported", b"a.log:2:12: SSN" in out, out)
for bad in (["--format", "xml", "a.log"], ["--bogus", "a.log"], ["--jobs", "0", "a.log"],
            ["--findings-exit", "300", "a.log"], [], ["--policy", "shred", "a.log"]):
    rc, _, err = scan(bad)
    c.check(f"usage error {bad}: exit 2 and a hint", rc == 2 and b"phiscrub scan --help" in err,
            (rc, err))
rules = c.write("broken.rules", b"[rule]\nid = x\nnonsense\n")
rc, _, err = scan(["-r", rules, "a.log"])
c.eq("broken rules: exit 2", rc, 2)
rc, _, err = scan(["-o", "/nonexistent-dir/out.txt", "a.log"])
c.eq("unwritable -o: exit 3", rc, 3)
if os.path.exists("/dev/full"):
    rc, _, err = scan(["-o", "/dev/full", "a.log"])
    c.eq("-o /dev/full: exit 3", rc, 3)
rc, _, err = scan(["--max-file-size", "40", "a.log"])
c.check("a file over --max-file-size is an error, not a pass",
        rc == 2 and b"larger than --max-file-size" in err, (rc, err))
rc, out, _ = scan(["--help"])
c.check("scan --help: exit 0, names the formats", rc == 0 and b"sarif" in out and b"--fix" in out)
rc, out, err = c.run(["scan", "-"], stdin=f"ok\nssn={SSN}\n".encode())
c.eq("'-' scans standard input", (rc, out), (1, b"-:2:5: SSN key-lf-ssn\n"))

# ------------------------------------------------------------------- JSON
rc, out, err = scan(["-f", "json", ".", "missing.log"])
c.eq("json: exit 2 (an error wins over findings)", rc, 2)
doc = json.loads(out)
c.eq("json: files counted", doc["files"], 5)
c.eq("json: binary files listed", doc["binary"], [{"path": "bin.dat", "searched": "text runs"}])
c.eq("json: errors name the path", [e["path"] for e in doc["errors"]], ["missing.log"])
c.eq("json: summary", doc["summary"], {"findings": 5, "suppressed_inline": 3,
                                       "suppressed_baseline": 0, "kept_by_policy": 0,
                                       "binary": 1, "errors": 1})
c.eq("json: no site policy, no audit entries", doc["allow"], [])
# bin.dat's lines are its text runs, as strings(1) shows them
raw = {"a.log": A_LOG.encode(), "sub/deeper/z.log.gz": f"über ssn={SSN}\n".encode(),
       "bin.dat": f" ssn={SSN}\n".encode()}
want = {(SSN, None), (MRN, None), (NAME, "inline"), (DOB, "inline"), (EMAIL, "inline"),
        (SSN2, None), (SSN, None), (SSN, None)}
got = set()
for f in doc["findings"]:
    line = raw[f["path"]].split(b"\n")[f["line"] - 1]
    got.add((line[f["column"] - 1:f["column"] - 1 + f["length"]].decode(), f["suppressed"]))
c.eq("json: line, byte column and length slice out each planted value", got, want)
no_values("json", out, err)

# ------------------------------------------------------------------ SARIF
LEVELS = {"none", "note", "warning", "error"}


def sarif_check(log):
    """The requirements of SARIF 2.1.0 (OASIS, sections 3.11-3.58) on the
    objects phiscrub writes. Returns a list of problems."""
    bad = []

    def need(cond, what):
        if not cond:
            bad.append(what)

    def message(m, where):
        need(isinstance(m, dict) and (isinstance(m.get("text"), str) or "id" in m),
             f"{where}: message needs text or id (3.11.7)")

    def uri_ref(u, where):
        need(isinstance(u, str) and u and not re.search(r"[\s\\]", u) and
             urllib.parse.urlsplit(u).scheme in ("", "file"),
             f"{where}: uri must be a URI reference with forward slashes: {u!r} (3.4.3)")
        need(not u.startswith("/"), f"{where}: absolute path not as file URI: {u!r}")

    def location(loc, where, need_region):
        pl = loc.get("physicalLocation")
        need(isinstance(pl, dict), f"{where}: physicalLocation")
        if not isinstance(pl, dict):
            return
        al = pl.get("artifactLocation")
        need(isinstance(al, dict) and "uri" in al, f"{where}: artifactLocation.uri (3.29.3)")
        if isinstance(al, dict):
            uri_ref(al.get("uri"), where)
            if "uriBaseId" in al:
                need(isinstance(al["uriBaseId"], str), f"{where}: uriBaseId")
        if need_region:
            reg = pl.get("region")
            need(isinstance(reg, dict), f"{where}: region")
            if isinstance(reg, dict):
                for k in ("startLine", "startColumn", "endColumn"):
                    need(isinstance(reg.get(k), int) and reg[k] >= 1,
                         f"{where}: region.{k} >= 1 (3.30.5-3.30.8)")
                need(reg.get("endColumn", 0) >= reg.get("startColumn", 0),
                     f"{where}: endColumn before startColumn")

    need(log.get("version") == "2.1.0", "version must be 2.1.0 (3.13.2)")
    need(isinstance(log.get("$schema"), str) and "2.1.0" in log["$schema"], "$schema (3.13.3)")
    runs = log.get("runs")
    need(isinstance(runs, list) and runs, "runs must be an array (3.13.4)")
    for r, run in enumerate(runs or []):
        w = f"runs[{r}]"
        drv = run.get("tool", {}).get("driver")
        need(isinstance(drv, dict) and isinstance(drv.get("name"), str) and drv["name"],
             f"{w}.tool.driver.name is required (3.18.2, 3.19.8)")
        rules = (drv or {}).get("rules", [])
        ids = [x.get("id") for x in rules]
        need(all(isinstance(i, str) and i for i in ids), f"{w}: every rule has an id (3.49.3)")
        need(len(set(ids)) == len(ids), f"{w}: rule ids are unique")
        for x in rules:
            lvl = x.get("defaultConfiguration", {}).get("level", "warning")
            need(lvl in LEVELS, f"{w}: rule level {lvl}")
            if "shortDescription" in x:
                message(x["shortDescription"], f"{w} rule {x.get('id')} shortDescription")
        need(run.get("columnKind", "unicodeCodePoints") in ("utf16CodeUnits", "unicodeCodePoints"),
             f"{w}: columnKind (3.14.17)")
        for k, v in run.get("originalUriBaseIds", {}).items():
            need(isinstance(v.get("uri"), str) and v["uri"].endswith("/"),
                 f"{w}: originalUriBaseIds[{k}].uri must end with / (3.14.14)")
        results = run.get("results")
        need(isinstance(results, list), f"{w}.results must be an array (3.14.23)")
        for i, res in enumerate(results or []):
            wr = f"{w}.results[{i}]"
            message(res.get("message"), wr)
            need(res.get("level", "warning") in LEVELS, f"{wr}: level (3.27.10)")
            need(res.get("kind", "fail") in ("notApplicable", "pass", "fail", "review", "open",
                                             "informational"), f"{wr}: kind (3.27.9)")
            ri = res.get("ruleIndex", -1)
            need(isinstance(ri, int) and -1 <= ri < len(rules), f"{wr}: ruleIndex in range (3.27.6)")
            if isinstance(ri, int) and 0 <= ri < len(rules):
                need(rules[ri].get("id") == res.get("ruleId"),
                     f"{wr}: ruleId matches rules[ruleIndex].id (3.27.5)")
            locs = res.get("locations")
            need(isinstance(locs, list) and len(locs) >= 1, f"{wr}: locations")
            for loc in locs or []:
                location(loc, wr, True)
            for s in res.get("suppressions", []):
                need(s.get("kind") in ("inSource", "external"), f"{wr}: suppression kind (3.35.2)")
            for k, v in res.get("partialFingerprints", {}).items():
                need(isinstance(v, str), f"{wr}: partialFingerprints values are strings")
        for inv in run.get("invocations", []):
            need(isinstance(inv.get("executionSuccessful"), bool),
                 f"{w}: invocation.executionSuccessful is required (3.20.14)")
            for n in inv.get("toolExecutionNotifications", []):
                message(n.get("message"), f"{w} notification")
                need(n.get("level", "warning") in LEVELS, f"{w}: notification level (3.58.6)")
                for loc in n.get("locations", []):
                    location(loc, f"{w} notification", False)
    return bad


rc, out, err = scan(["-f", "sarif", ".", "missing.log"])
sarif = json.loads(out)
problems = sarif_check(sarif)
c.check("sarif: valid against the SARIF 2.1.0 requirements", not problems, "\n".join(problems))
run = sarif["runs"][0]
res = run["results"]
c.eq("sarif: every finding is a result, suppressed ones marked",
     sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["ruleId"], [s["kind"] for s in r.get("suppressions", [])]) for r in res),
     [("a.log", 2, "key-lf-mrn", []), ("a.log", 2, "key-lf-ssn", []),
      ("a.log", 4, "key-lf-date", ["inSource"]), ("a.log", 4, "name-dictionary", ["inSource"]),
      ("a.log", 5, "email", ["inSource"]), ("a.log", 6, "key-lf-ssn", []),
      ("bin.dat", 1, "key-lf-ssn", []), ("sub/deeper/z.log.gz", 1, "key-lf-ssn", [])])
z = [r for r in res if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".gz")][0]
c.eq("sarif: columns count code points ('über' is 4)",
     (z["locations"][0]["physicalLocation"]["region"]["startColumn"],
      z["locations"][0]["physicalLocation"]["region"]["endColumn"]), (10, 21))
notes = run["invocations"][0]["toolExecutionNotifications"]
c.eq("sarif: a binary file searched and an error are notifications",
     sorted((n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for n in notes), [("error", "missing.log"), ("note", "bin.dat")])
c.eq("sarif: executionSuccessful false after an error",
     run["invocations"][0]["executionSuccessful"], False)
no_values("sarif", out, err)
rc, out, _ = scan(["-f", "sarif", "sub/clean.txt"])
clean = json.loads(out)
c.check("sarif: a clean run is valid too, with no results",
        rc == 0 and not sarif_check(clean) and clean["runs"][0]["results"] == [])
mk("odd name #1.log", f"ssn={SSN}\n")
rc, out, _ = scan(["-f", "sarif", "odd name #1.log", c.path("tree/sub/deeper/z.log.gz")])
odd = json.loads(out)
uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
              for r in odd["runs"][0]["results"])
c.check("sarif: names percent-encoded, absolute paths as file URIs",
        not sarif_check(odd) and uris[0].startswith("file:///") and
        "odd%20name%20%231.log" in uris, uris)
# the checker itself catches what it is there for
broken = json.loads(json.dumps(sarif))
broken["version"] = "2.0.0"
broken["runs"][0]["results"][0]["ruleIndex"] = 0
broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
broken["runs"][0]["invocations"][0].pop("executionSuccessful")
c.eq("sarif checker: finds planted faults", len(sarif_check(broken)), 4)

mk("edge/crlf.log", f"ssn={SSN} # phiscrub:allow\r\n# phiscrub:allow-next-line\r\n"
   f"mrn={MRN}\r\nmrn={MRN} //phiscrub:allow-next-line\n")
rc, out, err = scan(["edge"])
c.eq("CRLF lines: markers before \\r count; allow-next-line on the last line is harmless",
     (rc, out), (1, b"edge/crlf.log:4:5: MRN key-lf-mrn\n"))

mk("fifo-dir/x.log", "ssn=" + SSN + "\n")
os.mkfifo(c.path("tree/fifo-dir/pipe"))
rc, out, err = scan(["fifo-dir"])
c.eq("a FIFO inside a folder is passed over", (rc, out), (1, b"fifo-dir/x.log:1:5: SSN key-lf-ssn\n"))

# -------------------------------------------------------------------- --fix
fx = mk("fix/a.log", A_LOG, mode=0o640)
fz = mk("fix/z.log.gz", gzip.compress(f"über ssn={SSN}\nok\n".encode(), mtime=0))
rc, out, err = scan(["--fix", "fix"])
c.eq("--fix: exit 1 when it rewrote files", rc, 1)
with open(fx, "rb") as f:
    fixed = f.read()
c.eq("--fix: findings masked, suppressed lines kept byte for byte", fixed,
     A_LOG.replace(f"ssn={SSN} mrn={MRN}", "ssn=[SSN] mrn=[MRN]")
     .replace(f"ssn={SSN2}", "ssn=[SSN]").encode())
c.eq("--fix: mode kept", stat.S_IMODE(os.stat(fx).st_mode), 0o640)
with open(fz, "rb") as f:
    c.eq("--fix: gzip stays gzip", gzip.decompress(f.read()), "über ssn=[SSN]\nok\n".encode())
c.check("--fix: says what it fixed", b"fixed fix/a.log (3 findings masked)" in err, err)
c.eq("--fix: no temporary file left", sorted(os.listdir(c.path("tree/fix"))), ["a.log", "z.log.gz"])
rc, out, _ = scan(["fix"])
c.eq("--fix: the fixed files then pass", (rc, out), (0, b""))
no_values("--fix", out, err)
c.check("--fix: no unsuppressed value is left in the file",
        not any(v.encode() in fixed for v in (SSN, SSN2, MRN)))

# a write that fails (file size limit) leaves the original untouched
fy = mk("fix2/y.log", "x" * 200 + f"\nssn={SSN}\n")
before = open(fy, "rb").read()


def small_files():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


rc, out, err = scan(["--fix", "fix2/y.log"], preexec_fn=small_files)
c.check("--fix: a failed write exits 3 and says the file was left", rc == 3 and
        b"left as it was" in err, (rc, err))
c.eq("--fix: the original is untouched", open(fy, "rb").read(), before)
c.eq("--fix: the temporary file is removed", os.listdir(c.path("tree/fix2")), ["y.log"])
os.symlink("y.log", c.path("tree/fix2/link.log"))
rc, out, err = scan(["--fix", "fix2/link.log"])
c.check("--fix: a symbolic link is not replaced", rc == 2 and
        os.path.islink(c.path("tree/fix2/link.log")) and open(fy, "rb").read() == before, (rc, err))
no_values("--fix errors", out, err)

# ---------------------------------------------------------------- baseline
import hashlib  # noqa: E402

key = c.path("key")
with open(key, "wb") as f:
    f.write(os.urandom(32))
os.chmod(key, 0o600)
key2 = c.path("key2")
with open(key2, "wb") as f:
    f.write(os.urandom(32))
os.chmod(key2, 0o600)
BL = c.path("tree/bl/.phiscrub-baseline.json")
B_LOG = f"one ssn={SSN}\ntwo mrn={MRN}\n"
mk("bl/b.log", B_LOG)
mk("bl/other.log", f"ssn={SSN2}\n")
mk('bl/q"\u00fc.log', f"ssn={SSN}\n")  # a name the baseline's JSON must escape


def bscan(args, **kw):
    return c.run(["scan"] + list(args), cwd=c.path("tree/bl"), **kw)


rc, out, err = c.run(["baseline", "--key-file", key, "."], cwd=c.path("tree/bl"))
c.check("baseline: creates the file, exit 0", rc == 0 and os.path.exists(BL), (rc, err))
c.check("baseline: says what it recorded", b"4 entries: 4 new" in err, err)
doc = json.load(open(BL))
c.eq("baseline: format", (doc["phiscrub_baseline"], len(doc["key_id"]),
                          sorted((e["path"], e["rule"], e["category"]) for e in doc["entries"])),
     (1, 16, [("b.log", "key-lf-mrn", "MRN"), ("b.log", "key-lf-ssn", "SSN"),
              ("other.log", "key-lf-ssn", "SSN"), ('q"\u00fc.log', "key-lf-ssn", "SSN")]))
raw_bl = open(BL, "rb").read()
no_values("baseline file", raw_bl, out, err)
plain = {hashlib.sha256(v.encode()).hexdigest() for v in VALUES} | \
        {hashlib.sha256(f"key-lf-ssn\0b.log\0{SSN}".encode()).hexdigest()}
c.check("baseline: fingerprints are keyed, not plain hashes of the value",
        all(re.fullmatch("[0-9a-f]{64}", e["fingerprint"]) and e["fingerprint"] not in plain
            for e in doc["entries"]))
rc, out, err = bscan(["--baseline", BL, "--key-file", key, "."])
c.eq("scan --baseline: everything accepted, exit 0 (the baseline file itself not scanned)",
     (rc, out), (0, b""))
c.check("scan --baseline: counted as suppressed", b"4 by the baseline" in err, err)
env = dict(os.environ, PHISCRUB_KEY_FILE=key)
rc, out, err = bscan(["--baseline", BL, "b.log"], env=env)
c.eq("the key from $PHISCRUB_KEY_FILE", (rc, out), (0, b""))

# lines move, a value changes: the moved one stays accepted, the new one is
# reported, the old entry is stale
mk("bl/b.log", f"new first line\n\ntwo mrn=MRN7734022\none ssn={SSN}\n")
rc, out, err = bscan(["--baseline", BL, "--key-file", key, "b.log"])
c.eq("baseline survives line moves; a changed value is a finding",
     (rc, out), (1, b"b.log:3:9: MRN key-lf-mrn\nnote: stale baseline entry b.log MRN key-lf-mrn " +
                 [e for e in doc["entries"] if e["rule"] == "key-lf-mrn"][0]["fingerprint"][:16].encode() +
                 b"\n"))
c.check("the summary counts the stale entry", b"1 stale baseline entry" in err, err)
rc, out, err = bscan(["--baseline", BL, "--key-file", key, "-f", "json", "b.log", "other.log"])
j = json.loads(out)
c.eq("json: stale_baseline lists the entry (only of files scanned)",
     [(e["path"], e["rule"]) for e in j["stale_baseline"]], [("b.log", "key-lf-mrn")])
c.eq("json: suppressed by the baseline, with fingerprints",
     sorted((f["line"], f["suppressed"], len(f["fingerprint"])) for f in j["findings"]
            if f["path"] == "b.log"), [(3, None, 64), (4, "baseline", 64)])
rc, out, err = bscan(["--baseline", BL, "--key-file", key, "-f", "sarif", "b.log"])
sf = json.loads(out)
c.check("sarif with a baseline: valid", not sarif_check(sf), "\n".join(sarif_check(sf)))
kinds = sorted((r["locations"][0]["physicalLocation"]["region"]["startLine"],
                [x["kind"] for x in r.get("suppressions", [])], "phiscrubBaseline/v1" in
                r.get("partialFingerprints", {})) for r in sf["runs"][0]["results"])
c.eq("sarif: a baselined result is suppressed 'external'", kinds,
     [(3, [], True), (4, ["external"], True)])
c.check("sarif: the stale entry is a notification",
        any("stale baseline entry" in n["message"]["text"]
            for n in sf["runs"][0]["invocations"][0]["toolExecutionNotifications"]))
no_values("baseline scans", out, err)

rc, _, err = bscan(["--baseline", BL, "--key-file", key2, "b.log"])
c.check("a baseline made with another key: exit 2, both key ids named",
        rc == 2 and doc["key_id"].encode() in err and b"this key is" in err, (rc, err))
rc, _, err = bscan(["--baseline", BL, "b.log"], env={k: v for k, v in os.environ.items()
                                                      if k != "PHISCRUB_KEY_FILE"})
c.check("a baseline without a key: exit 2 and how to make one",
        rc == 2 and b"needs a key" in err and b"head -c 32" in err, (rc, err))
rc, _, err = bscan(["--baseline", "nope.json", "--key-file", key, "b.log"])
c.check("scan with a missing baseline: exit 2", rc == 2 and b"nope.json" in err, (rc, err))
bad = mk("bl/bad.json", '{"phiscrub_baseline": 1, "key_id": "%s", "entries": [{"fingerprint": 1}]}'
         % doc["key_id"])
rc, _, err = bscan(["--baseline", bad, "--key-file", key, "b.log"])
c.check("a broken baseline: exit 2, with the byte where", rc == 2 and b"at byte" in err, (rc, err))
os.unlink(bad)

# update: stale entry of b.log dropped, the new value added, other files kept
rc, out, err = c.run(["baseline", "-b", BL, "--key-file", key, "b.log"], cwd=c.path("tree/bl"))
c.check("baseline update: 1 new, 1 already there, 1 stale removed, 2 kept",
        rc == 0 and b"4 entries: 1 new, 1 already there, 1 stale removed, 2 kept" in err, err)
rc, out, err = bscan(["--baseline", BL, "--key-file", key, "."])
c.eq("after the update the tree passes", (rc, out), (0, b""))
before_bl = open(BL, "rb").read()
c.run(["baseline", "-b", BL, "--key-file", key, "."], cwd=c.path("tree/bl"))
c.eq("an update that changes nothing changes no byte", open(BL, "rb").read(), before_bl)
rc, _, err = c.run(["baseline", "-b", BL, "--key-file", key, "b.log", "missing.log"],
                   cwd=c.path("tree/bl"))
c.check("baseline: an unreadable file: exit 2, baseline not changed",
        rc == 2 and open(BL, "rb").read() == before_bl, (rc, err))
rc, _, err = c.run(["baseline", "-f", "json", "b.log"], cwd=c.path("tree/bl"))
c.check("baseline: scan's output options refused", rc == 2, (rc, err))

# --fix keeps lines whose findings are all in the baseline
mk("bl/f.log", f"keep ssn={SSN}\nfix ssn={SSN2}\n")
c.run(["baseline", "-b", BL, "--key-file", key, "f.log"], cwd=c.path("tree/bl"))
mk("bl/f.log", f"keep ssn={SSN}\nfix ssn={SSN2}\nnew mrn={MRN}\n")
rc, _, err = bscan(["--fix", "--baseline", BL, "--key-file", key, "f.log"])
c.eq("--fix with a baseline: baselined lines kept, the new finding masked",
     (rc, open(c.path("tree/bl/f.log")).read()),
     (1, f"keep ssn={SSN}\nfix ssn={SSN2}\nnew mrn=[MRN]\n"))

# --fix --policy surrogate: realistic fakes, recorded in the baseline
SUR = f"intake ssn={SSN} mrn={MRN}\npatient: {NAME} dob: {DOB} mail {EMAIL}\n"
mk("bl/s.log", SUR)
rc, out, err = bscan(["--fix", "--policy", "surrogate", "--baseline", BL, "--key-file", key,
                      "s.log"])
fixed = open(c.path("tree/bl/s.log")).read()
c.check("--fix --policy surrogate: every value replaced, the shape kept",
        rc == 1 and not any(v in fixed for v in (SSN, MRN, NAME, DOB, EMAIL)) and
        re.fullmatch(r"intake ssn=\d{3}-\d{2}-\d{4} mrn=\S+\npatient: \S+ \S+ dob: "
                     r"\d\d/\d\d/\d{4} mail \S+@\S+\n", fixed) is not None, (rc, fixed, err))
c.check("--fix --policy surrogate: the surrogates are recorded in the baseline",
        b"recorded as accepted" in err, err)
rc, out, err = bscan(["--baseline", BL, "--key-file", key, "s.log"])
c.eq("the surrogate-fixed file then passes against the baseline", (rc, out), (0, b""))
no_values("surrogate fix", out, err, open(BL, "rb").read())
rc, _, err = bscan(["--fix", "--policy", "surrogate", "s.log"],
                   env={k: v for k, v in os.environ.items() if k != "PHISCRUB_KEY_FILE"})
c.check("--policy surrogate without a key: exit 2", rc == 2 and b"needs a key" in err, (rc, err))
rc, _, err = bscan(["--policy", "surrogate", "s.log"])
c.check("--policy without --fix: exit 2", rc == 2, (rc, err))

c.finish()

#!/usr/bin/env python3
"""The site policy (issue 17) in a real Fluent Bit: the native plugin with
`rules` naming examples/site-policy, and the Lua path with PHISCRUB_RULES
naming it, over the same records. Strict keys redact every unlisted value
(numbers and booleans too), kept keys pass, listed keys go through the
detectors, where allowed values (by value, shape-free; by pattern), allowed
words and the deny list's names act as in the pipe; both paths give the same record; a broken policy
file stops Fluent Bit with its file and line.

    test_site_policy_flb.py FLUENT_BIT PLUGIN_SO LIBPHISCRUB_SO PHISCRUB_LUA POLICY_DIR

The last line is "N passed, M failed"."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import json

FLB, PLUGIN, LIB, LUA, POLICY = sys.argv[1:6]
tmp = tempfile.mkdtemp(prefix="phiscrub-flb-policy.")
passed = failed = 0
cache = os.path.join(tmp, "cache")
env = dict(os.environ, PHISCRUB_CACHE_DIR=cache, PHISCRUB_LIB=LIB, PHISCRUB_ON_ERROR="mask")

RECORD = {"trace_id": "4bf92f3577b34da6", "level": "info", "user": "jsmith", "age": 93,
          "ok": False, "phone": "(617) 555-0100", "mrn": "TEST-000042",
          "msg": "callback 617-555-0134 for patient Maria Lopez, synced with Jordan; sample ssn "
                 "078-05-1120, real ssn 536-22-8726; paged Okonkwo; from alerts@mercy.example",
          "notes": "see chart", "patient": {"name": "Ann Lee", "status": 200}}
WANT = {"trace_id": "4bf92f3577b34da6", "level": "info", "user": "[REDACTED]",
        "age": "[REDACTED]", "ok": "[REDACTED]", "phone": "(617) 555-0100",
        "mrn": "TEST-000042",
        "msg": "callback [PHONE] for patient [NAME], synced with Jordan; sample ssn "
               "078-05-1120, real ssn [SSN]; paged [NAME]; from alerts@mercy.example",
        "notes": "[REDACTED]", "patient": {"name": "[REDACTED]", "status": 200}}
PHI = ["jsmith", "617-555-0134", "Maria Lopez", "Ann Lee", "see chart", "536-22-8726",
       "Okonkwo"]


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}")
        for ln in str(detail).splitlines()[:40]:
            print(f"     {ln}")


def run_flb(args, seconds=8, extra_env=None, done=None):
    """Run fluent-bit until done() holds (checked twice a second) or the
    time is up, then stop it as a service manager would (SIGTERM)."""
    log = open(os.path.join(tmp, "flb.log"), "w+b")
    p = subprocess.Popen([FLB] + args, stdout=log, stderr=subprocess.STDOUT,
                         env=dict(env, **(extra_env or {})))
    end = time.time() + seconds
    while time.time() < end and p.poll() is None and not (done and done()):
        time.sleep(0.5)
    if p.poll() is None:
        time.sleep(1 if done and done() else 0)
        p.terminate()
        p.wait(timeout=30)
    log.seek(0)
    out = log.read().decode("utf-8", "replace")
    log.close()
    return p.returncode, out


def records(path, outdir, flt, pre, extra_env=None):
    """dummy -> filter -> file (json_lines): the records as dicts."""
    os.mkdir(outdir)
    f = os.path.join(outdir, "out.txt")

    def two():
        return os.path.exists(f) and open(f).read().count("\n") >= 2

    rc, out = run_flb(pre + ["-i", "dummy", "-p", "dummy=" + json.dumps(RECORD),
                             "-p", "samples=2"] + flt +
                      ["-o", "file", "-m", "*", "-p", "path=" + outdir, "-p", "file=out.txt",
                       "-p", "format=plain", "-f", "1"], seconds=60, extra_env=extra_env,
                      done=two)
    got = open(f).read() if os.path.exists(f) else ""
    recs = []
    for ln in got.splitlines():
        try:
            recs.append(json.loads(ln))
        except ValueError:
            pass
    return recs, got, out


native, ngot, nout = records("native", os.path.join(tmp, "native"),
                             ["-F", "phiscrub", "-m", "*", "-p", "rules=" + POLICY,
                              "-p", "cache_dir=" + cache], ["-e", PLUGIN])
lua, lgot, lout = records("lua", os.path.join(tmp, "lua"),
                          ["-F", "lua", "-m", "*", "-p", "script=" + LUA,
                           "-p", "call=phiscrub_filter"], [],
                          extra_env={"PHISCRUB_RULES": POLICY})
for name, recs, got, out in (("native", native, ngot, nout), ("lua", lua, lgot, lout)):
    check(f"{name}: both records arrive ({len(recs)})", len(recs) == 2, out[-2000:])
    check(f"{name}: the site policy applied", recs and all(r == WANT for r in recs),
          json.dumps(recs[:1]) + "\n" + out[-1500:])
    check(f"{name}: no PHI value leaves", got and not [v for v in PHI if v in got], got[:800])
check("native and Lua give the same records", native == lua and native, (native, lua))

# A broken policy: Fluent Bit does not start, and says where.
bad = os.path.join(tmp, "bad.rules")
with open(bad, "w") as f:
    f.write("# site\nallow-pattern SSN = .*\n")
rc, out = run_flb(["-e", PLUGIN, "-i", "dummy", "-p", "samples=1", "-F", "phiscrub", "-m", "*",
                   "-p", "rules=" + bad, "-p", "cache_dir=" + cache, "-o", "stdout", "-m", "*"],
                  seconds=20)
check("native: a broken policy stops Fluent Bit", rc != 0 and "dummy.0: [" not in out, out)
check("native: the message names file, line and reason",
      bad in out and "line 2" in out and "ordinary SSN values" in out, out)
rc, out = run_flb(["-i", "dummy", "-p", "samples=2", "-p", "dummy=" + json.dumps(RECORD),
                   "-F", "lua", "-m", "*", "-p", "script=" + LUA, "-p", "call=phiscrub_filter",
                   "-o", "stdout", "-m", "*", "-f", "1"], seconds=20,
                  extra_env={"PHISCRUB_RULES": bad},
                  done=lambda: open(os.path.join(tmp, "flb.log"), "rb").read().count(
                      b"dummy.0: [") >= 2)
check("lua: a broken policy fails every record closed",
      "[UNPROCESSED]" in out and not [v for v in PHI if v in out], out[-1500:])
check("lua: the message names file, line and reason",
      re.search(re.escape(bad) + r" line 2.*ordinary SSN values", out) is not None, out[-1500:])

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)

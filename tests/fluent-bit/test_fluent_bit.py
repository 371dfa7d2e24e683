#!/usr/bin/env python3
"""End to end through a real Fluent Bit (issue 6): the native plugin
(flb-filter_phiscrub.so loaded with -e and from a YAML `plugins:` list) and
the Lua path (Fluent Bit's lua filter calling libphiscrub through LuaJIT's
FFI), with the dummy and tail inputs and the stdout and file outputs.

    test_fluent_bit.py FLUENT_BIT PLUGIN_SO LIBPHISCRUB_SO PHISCRUB_LUA

Each check counts; the last line is "N passed, M failed"."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

FLB, PLUGIN, LIB, LUA = sys.argv[1:5]
tmp = tempfile.mkdtemp(prefix="phiscrub-flb.")
passed = failed = 0

# Values that must never reach an output, and what must be there instead.
PHI = ["123-45-6789", "John Smith", "jane.doe@example.com", "(415) 555-0134", "Hamanova"]
RECORD = {"log": "intake ssn=123-45-6789 for patient John Smith, call (415) 555-0134",
          "email": "jane.doe@example.com", "status": 200,
          "resource": {"resourceType": "Patient", "name": [{"family": "Hamanova"}]}}
CLEAN = {"log": "GET /healthz 200 in 3ms trace=4bf92f3577b34da6a3ce929d0e0e4736", "port": 8443}


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


env = dict(os.environ, PHISCRUB_CACHE_DIR=os.path.join(tmp, "cache"),
           PHISCRUB_LIB=LIB, PHISCRUB_ON_ERROR="mask")


def run_flb(args, seconds=6, extra_env=None):
    """Run fluent-bit for a few seconds, then stop it as a service manager
    would (SIGTERM: it flushes and exits)."""
    p = subprocess.Popen([FLB] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         env=dict(env, **(extra_env or {})))
    try:
        out, _ = p.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        p.terminate()
        out, _ = p.communicate(timeout=30)
    return p.returncode, out.decode("utf-8", "replace")


def no_phi(text):
    return [v for v in PHI if v in text]


# Compile the dictionaries into the cache once, so the timed runs below do
# not spend their seconds on it.
warm = os.path.join(tmp, "warm.txt")
rc, out = run_flb(["-e", PLUGIN, "-i", "dummy", "-p", "samples=1", "-F", "phiscrub", "-m", "*",
                   "-p", "cache_dir=" + env["PHISCRUB_CACHE_DIR"], "-o", "stdout", "-m", "*"],
                  seconds=40)
check("native: loads with -e and starts", "[filter:phiscrub:phiscrub.0] phiscrub" in out, out)

# ---------------------------------------------------------------- dummy -> stdout
for path, flt in (("native", ["-F", "phiscrub", "-m", "*",
                              "-p", "cache_dir=" + env["PHISCRUB_CACHE_DIR"]]),
                  ("lua", ["-F", "lua", "-m", "*", "-p", "script=" + LUA,
                           "-p", "call=phiscrub_filter"])):
    pre = ["-e", PLUGIN] if path == "native" else []
    rc, out = run_flb(pre + ["-i", "dummy", "-p", "dummy=" + json.dumps(RECORD), "-p", "samples=2"]
                      + flt + ["-o", "stdout", "-m", "*", "-f", "1"])
    recs = [ln for ln in out.splitlines() if "dummy.0: [" in ln]
    check(f"{path}: dummy -> stdout: records arrive ({len(recs)})", len(recs) == 2, out)
    body = "\n".join(recs)
    check(f"{path}: dummy -> stdout: no PHI value", recs and not no_phi(body), no_phi(body))
    check(f"{path}: dummy -> stdout: masked in place",
          "ssn=[SSN]" in body and "[NAME]" in body and "[EMAIL]" in body and "[PHONE]" in body
          and '"status"=>200' in body, body)

# ---------------------------------------------------------------- rules: added, or alone
site = os.path.join(tmp, "site.rules")
with open(site, "w") as f:
    f.write("[emp-site]\ncategory = MRN\npattern = \\bEMP-\\d{6}\\b\n")
SITE_REC = {"log": "emp EMP-123456 ssn=123-45-6789"}
for extra, want in ((["-p", "rules=" + site], "emp [MRN] ssn=[SSN]"),
                    (["-p", "rules=" + site, "-p", "no_default_rules=true"],
                     "emp [MRN] ssn=123-45-6789")):
    rc, out = run_flb(["-e", PLUGIN, "-i", "dummy", "-p", "dummy=" + json.dumps(SITE_REC),
                       "-p", "samples=1", "-F", "phiscrub", "-m", "*",
                       "-p", "cache_dir=" + env["PHISCRUB_CACHE_DIR"]] + extra +
                      ["-o", "stdout", "-m", "*", "-f", "1"], seconds=20)
    check(f"native: {' '.join(extra[1::2])}: {want}", want in out, out[-1500:])

# ---------------------------------------------------------------- tail -> file
log = os.path.join(tmp, "app.log")
with open(log, "w") as f:
    for i in range(50):
        f.write(f"2024-03-15T08:01:{i % 60:02d}Z intake ssn=123-45-6789 patient John Smith\n")
        f.write("2024-03-15T08:02:00Z GET /healthz 200 trace=4bf92f3577b34da6a3ce929d0e0e4736\n")
for path in ("native", "lua"):
    outdir = os.path.join(tmp, "out-" + path)
    os.mkdir(outdir)
    flt = (["-F", "phiscrub", "-m", "*", "-p", "cache_dir=" + env["PHISCRUB_CACHE_DIR"]]
           if path == "native" else
           ["-F", "lua", "-m", "*", "-p", "script=" + LUA, "-p", "call=phiscrub_filter"])
    pre = ["-e", PLUGIN] if path == "native" else []
    rc, out = run_flb(pre + ["-i", "tail", "-p", "path=" + log, "-p", "read_from_head=true",
                             "-p", "db=" + os.path.join(tmp, path + ".db")] + flt +
                      ["-o", "file", "-m", "*", "-p", "path=" + outdir, "-p", "file=out.txt",
                       "-p", "format=plain", "-f", "1"])
    got = open(os.path.join(outdir, "out.txt")).read() if os.path.exists(
        os.path.join(outdir, "out.txt")) else ""
    lines = got.splitlines()
    check(f"{path}: tail -> file: every line arrives ({len(lines)})", len(lines) == 100, out)
    check(f"{path}: tail -> file: no PHI value", got and not no_phi(got), no_phi(got))
    check(f"{path}: tail -> file: PHI masked, clean lines intact",
          sum("ssn=[SSN] patient [NAME]" in ln for ln in lines) == 50 and
          sum("trace=4bf92f3577b34da6a3ce929d0e0e4736" in ln for ln in lines) == 50, got[:600])

# ---------------------------------------------------------------- YAML + plugins list
yml = os.path.join(tmp, "fluent-bit.yaml")
yout = os.path.join(tmp, "out-yaml")
os.mkdir(yout)
keyf = os.path.join(tmp, "key")
with open(keyf, "wb") as f:
    f.write(os.urandom(32))
os.chmod(keyf, 0o600)
with open(yml, "w") as f:
    f.write(f"""plugins:
  - {PLUGIN}
service:
  flush: 1
pipeline:
  inputs:
    - name: dummy
      dummy: '{json.dumps(RECORD)}'
      samples: 2
    - name: dummy
      tag: clean
      dummy: '{json.dumps(CLEAN)}'
      samples: 2
  filters:
    - name: phiscrub
      match: '*'
      mode: tokenize
      actions: EMAIL=drop
      key_file: {keyf}
      cache_dir: {env["PHISCRUB_CACHE_DIR"]}
  outputs:
    - name: file
      match: '*'
      path: {yout}
      file: out.txt
""")
rc, out = run_flb(["-c", yml])
got = open(os.path.join(yout, "out.txt")).read() if os.path.exists(
    os.path.join(yout, "out.txt")) else ""
check("yaml: plugins list loads the filter", "[filter:phiscrub:phiscrub.0] phiscrub" in out, out)
check("yaml: EMAIL=drop leaves the PHI records out, the clean ones pass",
      got.count("healthz") == 2 and "intake" not in got and not no_phi(got), got[:800])
with open(yml, "w") as f:
    f.write(f"""plugins:
  - {PLUGIN}
service:
  flush: 1
pipeline:
  inputs:
    - name: dummy
      dummy: '{json.dumps(RECORD)}'
      samples: 2
  filters:
    - name: phiscrub
      match: '*'
      mode: tokenize
      key_file: {keyf}
      cache_dir: {env["PHISCRUB_CACHE_DIR"]}
  outputs:
    - name: stdout
      match: '*'
""")
rc, out = run_flb(["-c", yml])
check("yaml: tokenize writes tokens, no PHI",
      "SSN_" in out and "NAME_" in out and not no_phi(out), out[-1500:])

# As a processor of an input: it then runs on that input's thread.
with open(yml, "w") as f:
    f.write(f"""plugins:
  - {PLUGIN}
service:
  flush: 1
pipeline:
  inputs:
    - name: dummy
      dummy: '{json.dumps(RECORD)}'
      samples: 2
      threaded: true
      processors:
        logs:
          - name: phiscrub
            cache_dir: {env["PHISCRUB_CACHE_DIR"]}
  outputs:
    - name: stdout
      match: '*'
""")
rc, out = run_flb(["-c", yml])
recs = [ln for ln in out.splitlines() if "dummy.0: [" in ln]
check("yaml: as a processor of a threaded input, records arrive masked",
      len(recs) == 2 and "ssn=[SSN]" in recs[0] and not no_phi(out), out[-1500:])

# ---------------------------------------------------------------- refusals
os.chmod(keyf, 0o644)
rc, out = run_flb(["-e", PLUGIN, "-i", "dummy", "-p", "dummy=" + json.dumps(RECORD),
                   "-F", "phiscrub", "-m", "*", "-p", "mode=tokenize", "-p", "key_file=" + keyf,
                   "-o", "stdout", "-m", "*"], seconds=15)
check("native: a key file others can read stops Fluent Bit before any record",
      "chmod 600" in out and "dummy.0: [" not in out and not no_phi(out), out[-1500:])
rc, out = run_flb(["-e", PLUGIN, "-i", "dummy", "-F", "phiscrub", "-m", "*",
                   "-p", "on_error=pass", "-o", "stdout", "-m", "*"], seconds=15)
check("native: on_error other than mask or drop is refused",
      "on_error must be 'mask' or 'drop'" in out and "dummy.0: [" not in out, out[-1500:])
rc, out = run_flb(["-i", "dummy", "-p", "dummy=" + json.dumps(RECORD), "-F", "lua", "-m", "*",
                   "-p", "script=" + LUA, "-p", "call=phiscrub_filter", "-o", "stdout", "-m", "*",
                   "-f", "1"],
                  extra_env={"PHISCRUB_MODE": "tokenize", "PHISCRUB_KEY_FILE": keyf})
check("lua: a refused key fails closed (records masked whole, never passed)",
      not no_phi(out) and ("[UNPROCESSED]" in out or "dummy.0: [" not in out), out[-1500:])

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)

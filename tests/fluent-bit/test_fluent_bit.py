#!/usr/bin/env python3
"""End to end through a real Fluent Bit (issues 6 and 18): the native plugin
(flb-filter_phiscrub.so, loaded with -e and from a YAML `plugins:` list) and
the Lua path (Fluent Bit's lua filter calling libphiscrub through LuaJIT's
FFI), with the dummy and tail inputs and the stdout and file outputs.

    test_fluent_bit.py FLUENT_BIT PLUGIN_SO LIBPHISCRUB_SO PHISCRUB_LUA PHISCRUB_CLI

  * dummy -> phiscrub -> stdout, both paths, metadata included;
  * tail over a 100,000-line file -> phiscrub -> file, both paths: every
    line arrives, in order, no planted value leaves its line, the Lua
    path's output is the native plugin's, and each line is what the
    program writes for it;
  * parity: the same records (metadata, null values, key order, keys that
    hold PHI, maps keyed by MRN) through both paths to msgpack files,
    compared value for value; where the paths differ (docs/fluent-bit.md,
    "Where the two paths differ") the difference is checked as documented;
  * YAML with a plugins list, tokenize, EMAIL=drop, the filter as a
    processor; `metadata keep`;
  * refusals: each bad configuration stops Fluent Bit before any record,
    with a message that says what is wrong.

tail's `db` option is passed only when this Fluent Bit has SQLite
(FLB_HAVE_SQLDB in its build flags). Each check counts; the last line is
"N passed, M failed"."""
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

FLB, PLUGIN, LIB, LUA, CLI = sys.argv[1:6]
tmp = tempfile.mkdtemp(prefix="phiscrub-flb.")
CACHE = os.path.join(tmp, "cache")
passed = failed = 0

# Values that must never reach an output.
PHI = ["123-45-6789", "John Smith", "jane.doe@example.com", "(415) 555-0134", "Hamanova",
       "00123456"]
META = {"patient_name": "John Smith", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}
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


env = dict(os.environ, PHISCRUB_CACHE_DIR=CACHE, PHISCRUB_LIB=LIB, PHISCRUB_ON_ERROR="mask")
for k in ("PHISCRUB_MODE", "PHISCRUB_ACTIONS", "PHISCRUB_KEY_FILE", "PHISCRUB_KEYS",
          "PHISCRUB_METADATA", "PHISCRUB_RULES"):
    env.pop(k, None)

# ------------------------------------------------------------------ helpers


def run_flb(args, until=None, timeout=60, extra_env=None):
    """Run fluent-bit until `until()` holds (then stop it as a service
    manager would, SIGTERM), until it exits by itself, or for `timeout`
    seconds. Returns (exit code, its log, whether it timed out)."""
    logf = os.path.join(tmp, "flb.log")
    with open(logf, "wb") as lf:
        p = subprocess.Popen([FLB] + args, stdout=lf, stderr=subprocess.STDOUT,
                             env=dict(env, **(extra_env or {})))
        end = time.monotonic() + timeout
        timed_out = False
        while p.poll() is None:
            if until and until():
                break
            if time.monotonic() > end:
                timed_out = True
                break
            time.sleep(0.1)
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    with open(logf, "rb") as lf:
        return p.returncode, lf.read().decode("utf-8", "replace"), timed_out


def yaml_conf(inputs, filters, outputs, plugins=True, service=None):
    """A Fluent Bit YAML file. Every scalar is written as a JSON string,
    which YAML reads as a double-quoted string."""
    def section(name, items):
        out = [f"  {name}:"]
        for it in items:
            first = True
            for k, v in it.items():
                if isinstance(v, dict):  # processors: {logs: [ {...} ]}
                    out.append(f"      {k}:")
                    for kind, procs in v.items():
                        out.append(f"        {kind}:")
                        for pr in procs:
                            lead = "          - "
                            for pk, pv in pr.items():
                                out.append(f"{lead}{pk}: {json.dumps(str(pv))}")
                                lead = "            "
                    continue
                out.append(("    - " if first else "      ") + f"{k}: {json.dumps(str(v))}")
                first = False
        return out
    svc = {"flush": "0.2", "grace": "1", "log_level": "info"}
    svc.update(service or {})
    lines = []
    if plugins:
        lines += ["plugins:", f"  - {json.dumps(PLUGIN)}"]
    lines += ["service:"] + [f"  {k}: {json.dumps(v)}" for k, v in svc.items()]
    lines += ["pipeline:"] + section("inputs", inputs)
    if filters:
        lines += section("filters", filters)
    lines += section("outputs", outputs)
    path = os.path.join(tmp, f"conf-{time.monotonic_ns()}.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def native(**props):
    return dict({"name": "phiscrub", "match": "*", "cache_dir": CACHE}, **props)


def lua(**props):
    return dict({"name": "lua", "match": "*", "script": LUA, "call": "phiscrub_filter",
                 "enable_flb_null": "true"}, **props)


def dummy(tag, record, meta=None, samples=1):
    d = {"name": "dummy", "tag": tag, "samples": samples, "dummy": json.dumps(record)}
    if meta is not None:
        d["metadata"] = json.dumps(meta)
    return d


def no_phi(text):
    return [v for v in PHI if v in text]


class Pairs(list):
    """A msgpack map as the list of its (key, value) pairs, in order, with
    repeated keys kept."""


def mp_decode(data):
    """The msgpack objects in data (the file output's msgpack format writes
    Fluent Bit's events as they are: [[time, metadata], body])."""
    pos = 0

    def take(n):
        nonlocal pos
        b = data[pos:pos + n]
        if len(b) != n:
            raise ValueError("truncated")
        pos += n
        return b

    def obj():
        t = take(1)[0]
        if t <= 0x7f:
            return t
        if t >= 0xe0:
            return t - 0x100
        if 0x80 <= t <= 0x8f:
            return mp_map(t & 0x0f)
        if 0x90 <= t <= 0x9f:
            return [obj() for _ in range(t & 0x0f)]
        if 0xa0 <= t <= 0xbf:
            return take(t & 0x1f).decode("utf-8", "surrogateescape")
        fixed = {0xc0: lambda: None, 0xc2: lambda: False, 0xc3: lambda: True,
                 0xca: lambda: struct.unpack(">f", take(4))[0],
                 0xcb: lambda: struct.unpack(">d", take(8))[0],
                 0xcc: lambda: take(1)[0], 0xcd: lambda: struct.unpack(">H", take(2))[0],
                 0xce: lambda: struct.unpack(">I", take(4))[0],
                 0xcf: lambda: struct.unpack(">Q", take(8))[0],
                 0xd0: lambda: struct.unpack(">b", take(1))[0],
                 0xd1: lambda: struct.unpack(">h", take(2))[0],
                 0xd2: lambda: struct.unpack(">i", take(4))[0],
                 0xd3: lambda: struct.unpack(">q", take(8))[0]}
        if t in fixed:
            return fixed[t]()
        sizes = {0xd9: 1, 0xda: 2, 0xdb: 4}
        if t in sizes:
            return take(int.from_bytes(take(sizes[t]), "big")).decode("utf-8", "surrogateescape")
        if t in (0xc4, 0xc5, 0xc6):
            return bytes(take(int.from_bytes(take({0xc4: 1, 0xc5: 2, 0xc6: 4}[t]), "big")))
        if t in (0xdc, 0xdd):
            return [obj() for _ in range(int.from_bytes(take(2 if t == 0xdc else 4), "big"))]
        if t in (0xde, 0xdf):
            return mp_map(int.from_bytes(take(2 if t == 0xde else 4), "big"))
        if t in (0xd4, 0xd5, 0xd6, 0xd7, 0xd8):  # fixext: Fluent Bit's event time
            n = {0xd4: 1, 0xd5: 2, 0xd6: 4, 0xd7: 8, 0xd8: 16}[t]
            return ("ext", take(1)[0], bytes(take(n)))
        if t in (0xc7, 0xc8, 0xc9):
            n = int.from_bytes(take({0xc7: 1, 0xc8: 2, 0xc9: 4}[t]), "big")
            return ("ext", take(1)[0], bytes(take(n)))
        raise ValueError(f"msgpack type 0x{t:02x}")

    def mp_map(n):
        m = Pairs()
        for _ in range(n):
            k = obj()
            m.append((k, obj()))
        return m

    out = []
    while pos < len(data):
        out.append(obj())
    return out


def pairs(obj):
    """JSON-like data as the decoder gives it, to compare with what it
    decoded: dicts become Pairs in their order."""
    if isinstance(obj, dict):
        return Pairs((k, pairs(v)) for k, v in obj.items())
    if isinstance(obj, list):
        return [pairs(v) for v in obj]
    return obj


def unordered(obj):
    """The same data with every map's pairs sorted: equal for two records
    that differ in key order alone."""
    if isinstance(obj, Pairs):
        return ("map", sorted(((repr(k), unordered(v)) for k, v in obj), key=repr))
    if isinstance(obj, list):
        return [unordered(v) for v in obj]
    return obj


def events(path):
    """[(metadata, body)] of a msgpack file, or [] while it is not whole."""
    try:
        with open(path, "rb") as f:
            return [(e[0][1], e[1]) for e in mp_decode(f.read())]
    except (OSError, ValueError, IndexError, TypeError):
        return []


def sqlite_build():
    out = subprocess.run([FLB, "--help"], capture_output=True, text=True).stdout
    return "FLB_HAVE_SQLDB" in out


# ---------------------------------------------------------------- load, warm

# -e on the command line; the first start compiles the dictionaries into the
# cache, so the runs below do not spend their seconds on it.
rc, out, _ = run_flb(["-e", PLUGIN, "-i", "dummy", "-p", "samples=1", "-F", "phiscrub", "-m", "*",
                      "-p", "cache_dir=" + CACHE, "-o", "stdout", "-m", "*", "-f", "0.2"],
                     until=lambda: "dummy.0: [" in open(os.path.join(tmp, "flb.log")).read(),
                     timeout=120)
check("native: loads with -e and starts", "[filter:phiscrub:phiscrub.0] phiscrub" in out, out)

# ---------------------------------------------------------------- dummy -> stdout
for path, flt in (("native", native()), ("lua", lua())):
    conf = yaml_conf([dummy("dummy.0", RECORD, META, samples=2)], [flt],
                     [{"name": "stdout", "match": "*"}], plugins=path == "native")

    def two_records():
        return open(os.path.join(tmp, "flb.log")).read().count("dummy.0: [") >= 2
    rc, out, to = run_flb(["-c", conf], until=two_records, timeout=30)
    recs = [ln for ln in out.splitlines() if "dummy.0: [" in ln]
    body = "\n".join(recs)
    check(f"{path}: dummy -> stdout: both records arrive ({len(recs)})", len(recs) == 2, out)
    check(f"{path}: dummy -> stdout: no PHI value, metadata included",
          recs and not no_phi(body), no_phi(body))
    check(f"{path}: dummy -> stdout: masked in place, the metadata too",
          "ssn=[SSN]" in body and "[NAME]" in body and "[EMAIL]" in body and "[PHONE]" in body
          and '"status"=>200' in body and '"patient_name"=>"[NAME]"' in body
          and META["trace_id"] in body, body)


# ---------------------------------------------------------------- rules: added, or alone
site = os.path.join(tmp, "site.rules")
with open(site, "w") as f:
    f.write("[emp-site]\ncategory = MRN\npattern = \\bEMP-\\d{6}\\b\n")
SITE_REC = {"log": "emp EMP-123456 ssn=123-45-6789"}
for extra, want in ((["-p", "rules=" + site], "emp [MRN] ssn=[SSN]"),
                    (["-p", "rules=" + site, "-p", "no_default_rules=true"],
                     "emp [MRN] ssn=123-45-6789")):
    rc, out, _ = run_flb(["-e", PLUGIN, "-i", "dummy", "-p", "dummy=" + json.dumps(SITE_REC),
                          "-p", "samples=1", "-F", "phiscrub", "-m", "*",
                          "-p", "cache_dir=" + CACHE] + extra +
                         ["-o", "stdout", "-m", "*", "-f", "1"],
                         until=lambda: want in open(os.path.join(tmp, "flb.log")).read(),
                         timeout=30)
    check(f"native: {' '.join(extra[1::2])}: {want}", want in out, out[-1500:])


# ---------------------------------------------------------------- tail -> file, 100,000 lines
def gen_lines(n, seed=18):
    """Log lines, each with its sequence number; every tenth carries an SSN,
    a name, an MRN, a birth date or an email. Returns the lines and, per
    line, the value planted in it (or None)."""
    import random
    rnd = random.Random(seed)
    first = ["John", "Maria", "James", "Linda", "Robert", "Patricia", "Michael", "Jennifer"]
    last = ["Smith", "Garcia", "Johnson", "Williams", "Brown", "Miller", "Davis", "Martinez"]
    lines, planted = [], []
    for i in range(n):
        k, v = i % 10, None
        if k == 0:
            v = f"{rnd.randint(100, 665):03d}-{rnd.randint(10, 99):02d}-{rnd.randint(1000, 9999):04d}"
            lines.append(f"seq={i:06d} intake ssn={v} status=ok")
        elif k == 1:
            v = f"{rnd.choice(first)} {rnd.choice(last)}"
            lines.append(f"seq={i:06d} Patient: {v} admitted to ward 4")
        elif k == 2:
            v = f"{rnd.randint(10000000, 99999999)}"
            lines.append(f"seq={i:06d} chart lookup mrn={v} ok")
        elif k == 3:
            v = f"{rnd.randint(1, 12):02d}/{rnd.randint(1, 28):02d}/{rnd.randint(1930, 2005)}"
            lines.append(f"seq={i:06d} verify dob: {v} before release")
        elif k == 4:
            v = f"pt{rnd.randint(1000, 999999)}@example.org"
            lines.append(f'seq={i:06d} {{"event":"notify","email":"{v}","ok":true}}')
        else:
            lines.append(f"seq={i:06d} GET /api/v2/orders/{rnd.randint(1, 10**6)} 200 in "
                         f"{rnd.randint(1, 900)}ms trace={rnd.getrandbits(128):032x}")
        planted.append(v)
    return lines, planted


N = 100000
lines, planted = gen_lines(N)
log = os.path.join(tmp, "app.log")
with open(log, "w") as f:
    f.write("\n".join(lines) + "\n")
cli_out = subprocess.run([CLI, log], capture_output=True, env=env, check=True).stdout.decode()
cli_lines = cli_out.splitlines()
check("the program redacts the tail file: one line per line", len(cli_lines) == N,
      len(cli_lines))
has_db = sqlite_build()
print(f"     (tail db option: {'passed, this Fluent Bit has SQLite' if has_db else 'left out, this Fluent Bit has no SQLite'})")
got_by_path = {}
for path, flt in (("native", native()), ("lua", lua())):
    outdir = os.path.join(tmp, "tail-" + path)
    os.mkdir(outdir)
    tail = {"name": "tail", "path": log, "read_from_head": "true", "exit_on_eof": "true",
            "buffer_max_size": "1M"}
    if has_db:
        tail["db"] = os.path.join(tmp, path + ".db")
    conf = yaml_conf([tail], [flt], [{"name": "file", "match": "*", "path": outdir,
                                      "file": "out.txt", "format": "plain"}],
                     plugins=path == "native")
    t0 = time.monotonic()
    rc, out, to = run_flb(["-c", conf], timeout=300)
    secs = time.monotonic() - t0
    try:
        got = [json.loads(ln)["log"] for ln in open(os.path.join(outdir, "out.txt"))]
    except (OSError, ValueError, KeyError) as e:
        got = []
        out += f"\n(output unreadable: {e})"
    got_by_path[path] = got
    seqs = [int(m.group(1)) if (m := re.match(r"seq=(\d{6}) ", g)) else -1 for g in got]
    check(f"{path}: tail -> file: every line arrives, once, in order ({len(got)} in {secs:.1f} s)",
          not to and seqs == list(range(N)), out[-1500:])
    leaks = [i for i, g in enumerate(got) if i < N and planted[i] and planted[i] in g]
    check(f"{path}: tail -> file: no planted value leaves its line ({N // 2} planted)",
          got and not leaks, [got[i] for i in leaks[:5]])
    same = sum(1 for a, b in zip(got, cli_lines) if a == b)
    check(f"{path}: tail -> file: each line is what the program writes for it ({same} of {N})",
          same == N, [(a, b) for a, b in zip(got, cli_lines) if a != b][:5])
check("lua: tail -> file: the same output as the native plugin",
      got_by_path["lua"] and got_by_path["lua"] == got_by_path["native"])

# ---------------------------------------------------------------- parity, record for record
# Inputs by tag; each tag goes to its own msgpack file (the file output names
# it after the tag).
PARITY = {
    "full": ({"zeta": 1,
              "log": "intake ssn=123-45-6789 for patient John Smith, call (415) 555-0134",
              "email": "jane.doe@example.com", "status": 200, "gone": None, "ratio": 2.5,
              "resource": {"resourceType": "Patient", "name": [{"family": "Hamanova",
                                                                "given": ["Jana"]}],
                           "birthDate": "1980-03-14", "active": True},
              "John Smith 123-45-6789": "visit",
              "mrn": {"00123456": "bed 4", "note": "x"},
              "list": ["a", None, 3]},
             META,
             {"zeta": 1,
              "log": "intake ssn=[SSN] for patient [NAME], call [PHONE]",
              "email": "[EMAIL]", "status": 200, "gone": None, "ratio": 2.5,
              "resource": {"resourceType": "Patient", "name": [{"family": "[NAME]",
                                                                "given": ["[NAME]"]}],
                           "birthDate": "[DATE]", "active": True},
              "[NAME] [SSN]": "visit",
              "mrn": {"[MRN]": "bed 4", "note": "x"},
              "list": ["a", None, 3]},
             {"patient_name": "[NAME]", "trace_id": META["trace_id"]}),
    "clean": ({"zz": "GET /healthz 200 in 3ms", "port": 8443, "n": None, "a": [True, None]},
              {"k": "v"},
              {"zz": "GET /healthz 200 in 3ms", "port": 8443, "n": None, "a": [True, None]},
              {"k": "v"}),
}
COLLIDE = {"mrn": {"00123456": "a", "00123457": "b"}}
FLOAT = {"w": 70.0, "log": "ssn 123-45-6789"}


def parity_run(path, flt, tags, extra_env=None):
    outdir = os.path.join(tmp, f"parity-{path}-{time.monotonic_ns()}")
    os.mkdir(outdir)
    inputs = [dummy(t, rec, meta) for t, (rec, meta) in tags.items()]
    conf = yaml_conf(inputs, [flt], [{"name": "file", "match": "*", "path": outdir,
                                      "format": "msgpack"}], plugins=path.startswith("native"))

    def done():
        return all(len(events(os.path.join(outdir, t))) >= 1 for t in tags)
    rc, out, to = run_flb(["-c", conf], until=done, timeout=40, extra_env=extra_env)
    got = {t: events(os.path.join(outdir, t)) for t in tags}
    return got, out, to


tags = {t: (v[0], v[1]) for t, v in PARITY.items()}
tags["collide"] = (COLLIDE, {})
tags["float"] = (FLOAT, {})
res = {p: parity_run(p, f, tags) for p, f in (("native", native()), ("lua", lua()))}
for t, (rec, meta, want, want_meta) in PARITY.items():
    for p in ("native", "lua"):
        ev = res[p][0][t]
        check(f"{p}: parity record '{t}': one record", len(ev) == 1, res[p][1][-1500:])
    if len(res["native"][0][t]) != 1 or len(res["lua"][0][t]) != 1:
        continue
    (nm, nb), (lm, lb) = res["native"][0][t][0], res["lua"][0][t][0]
    check(f"native: '{t}': body as expected, keys in the record's order, null kept",
          nb == pairs(want), f"got  {nb}\nwant {pairs(want)}")
    check(f"native: '{t}': metadata redacted by the body's policy", nm == pairs(want_meta),
          f"got  {nm}\nwant {pairs(want_meta)}")
    check(f"lua: '{t}': the native plugin's body and metadata, null kept (enable_flb_null)",
          unordered(lb) == unordered(nb) and unordered(lm) == unordered(nm),
          f"lua    {lb} {lm}\nnative {nb} {nm}")
    if t == "clean":
        check("lua: an unchanged record keeps its key order too", lb == nb, f"{lb}\n{nb}")
# Where the paths differ, as docs/fluent-bit.md says.
full_lua = res["lua"][0]["full"][0][1] if res["lua"][0]["full"] else Pairs()
check("lua: a changed record's keys come in Lua's order (documented)",
      [k for k, _ in full_lua] != [k for k in PARITY["full"][2]], full_lua)
ncol = res["native"][0]["collide"][0][1] if res["native"][0]["collide"] else Pairs()
lcol = res["lua"][0]["collide"][0][1] if res["lua"][0]["collide"] else Pairs()
check("native: two keys that come out the same: both entries kept, in order",
      ncol == Pairs([("mrn", Pairs([("[MRN]", "a"), ("[MRN]", "b")]))]), ncol)
check("lua: two keys that come out the same: one entry (documented)",
      len(lcol) == 1 and len(lcol[0][1]) == 1 and lcol[0][1][0][0] == "[MRN]"
      and lcol[0][1][0][1] in ("a", "b"), lcol)
nfl = res["native"][0]["float"][0][1] if res["native"][0]["float"] else Pairs()
lfl = res["lua"][0]["float"][0][1] if res["lua"][0]["float"] else Pairs()
check("native: an integral float stays a float",
      dict(nfl).get("w") == 70.0 and isinstance(dict(nfl).get("w"), float), nfl)
check("lua: an integral float comes back an integer (documented)",
      dict(lfl).get("w") == 70 and isinstance(dict(lfl).get("w"), int), lfl)
# Without enable_flb_null the null-valued keys are lost, as documented, and
# the script says so when it loads.
got, out, _ = parity_run("lua-nonull", lua(enable_flb_null="false"),
                         {"full": tags["full"]})
body = dict(got["full"][0][1]) if got["full"] else {}
check("lua without enable_flb_null: a null-valued key is lost (documented), with a warning",
      got["full"] and "gone" not in body and body.get("status") == 200
      and "enable_flb_null is off" in out, out[-1500:])
# metadata keep, both paths
got, out, _ = parity_run("native-keep", native(metadata="keep"), {"full": tags["full"]})
check("native: metadata keep: the metadata as it came, the body redacted",
      got["full"] and got["full"][0][0] == pairs(META)
      and dict(got["full"][0][1]).get("email") == "[EMAIL]", got)
got, out, _ = parity_run("lua-keep", lua(), {"full": tags["full"]},
                         extra_env={"PHISCRUB_METADATA": "keep"})
check("lua: PHISCRUB_METADATA=keep: the metadata as it came, the body redacted",
      got["full"] and unordered(got["full"][0][0]) == unordered(pairs(META))
      and dict(got["full"][0][1]).get("email") == "[EMAIL]", got)

# ---------------------------------------------------------------- YAML, actions, processor
keyf = os.path.join(tmp, "key")
with open(keyf, "wb") as f:
    f.write(os.urandom(32))
os.chmod(keyf, 0o600)
yout = os.path.join(tmp, "out-yaml")
os.mkdir(yout)
conf = yaml_conf([dummy("phi", RECORD, samples=2), dummy("clean", CLEAN, samples=2)],
                 [native(mode="tokenize", actions="EMAIL=drop", key_file=keyf)],
                 [{"name": "file", "match": "*", "path": yout, "file": "out.txt"}])


def healthz_twice():
    try:
        return open(os.path.join(yout, "out.txt")).read().count("healthz") >= 2
    except OSError:
        return False


rc, out, _ = run_flb(["-c", conf], until=healthz_twice, timeout=30)
time.sleep(0.5)
got = open(os.path.join(yout, "out.txt")).read() if os.path.exists(
    os.path.join(yout, "out.txt")) else ""
check("yaml: plugins list loads the filter", "[filter:phiscrub:phiscrub.0] phiscrub" in out, out)
check("yaml: EMAIL=drop leaves the PHI records out, the clean ones pass",
      got.count("healthz") == 2 and "intake" not in got and not no_phi(got), got[:800])
conf = yaml_conf([dummy("dummy.0", RECORD, META)], [native(mode="tokenize", key_file=keyf)],
                 [{"name": "stdout", "match": "*"}])
rc, out, _ = run_flb(["-c", conf], timeout=30,
                     until=lambda: "dummy.0: [" in open(os.path.join(tmp, "flb.log")).read())
check("yaml: tokenize writes tokens, in the metadata too, no PHI",
      "SSN_" in out and '"patient_name"=>"NAME_' in out and not no_phi(out), out[-1500:])
# As a processor of a threaded input: it then runs on that input's thread.
inp = dummy("dummy.0", RECORD, META, samples=2)
inp["threaded"] = "true"
inp["processors"] = {"logs": [{"name": "phiscrub", "cache_dir": CACHE}]}
conf = yaml_conf([inp], [], [{"name": "stdout", "match": "*"}])
rc, out, _ = run_flb(["-c", conf], timeout=30,
                     until=lambda: open(os.path.join(tmp, "flb.log")).read().count("dummy.0: [") >= 2)
recs = [ln for ln in out.splitlines() if "dummy.0: [" in ln]
check("yaml: as a processor of a threaded input, records arrive masked",
      len(recs) == 2 and "ssn=[SSN]" in recs[0] and not no_phi(out), out[-1500:])

# ---------------------------------------------------------------- refusals
open_key = os.path.join(tmp, "open.key")
with open(open_key, "wb") as f:
    f.write(os.urandom(32))
os.chmod(open_key, 0o644)
bad_rules = os.path.join(tmp, "bad.rules")
with open(bad_rules, "w") as f:
    f.write("[broken-rule]\ncategory = SSN\npattern = (unclosed\n")
REFUSALS = [
    ("a key file others can read", {"mode": "tokenize", "key_file": open_key}, "chmod 600"),
    ("a missing key file", {"mode": "tokenize", "key_file": os.path.join(tmp, "none.key")},
     "key_file"),
    ("tokenize without a key", {"mode": "tokenize"}, "key"),
    ("on_error other than mask or drop", {"on_error": "pass"},
     "on_error must be 'mask' or 'drop'"),
    ("metadata other than redact or keep", {"metadata": "pass"},
     "metadata must be 'redact' or 'keep'"),
    ("an unknown mode", {"mode": "shred"}, "mode 'shred' is not one of"),
    ("an unknown category in actions", {"actions": "BOGUS=mask"}, "unknown category 'BOGUS'"),
    ("a broken rules file", {"rules": bad_rules}, "bad.rules"),
    ("an unknown option", {"colour": "blue"}, "colour"),
]
for what, props, msg in REFUSALS:
    conf = yaml_conf([dummy("dummy.0", RECORD)], [native(**props)],
                     [{"name": "stdout", "match": "*"}])
    rc, out, to = run_flb(["-c", conf], timeout=30)
    check(f"native: {what} stops Fluent Bit before any record, saying why",
          not to and rc != 0 and msg in out and "dummy.0: [" not in out and not no_phi(out),
          f"rc {rc}, timed out {to}\n" + out[-1500:])
conf = yaml_conf([dummy("dummy.0", RECORD)], [lua()], [{"name": "stdout", "match": "*"}],
                 plugins=False)
rc, out, _ = run_flb(["-c", conf], timeout=30,
                     until=lambda: "dummy.0: [" in open(os.path.join(tmp, "flb.log")).read(),
                     extra_env={"PHISCRUB_MODE": "tokenize", "PHISCRUB_KEY_FILE": open_key})
check("lua: a refused key fails closed (records masked whole, never passed), saying why",
      not no_phi(out) and "[UNPROCESSED]" in out and "PHISCRUB_KEY_FILE refused" in out,
      out[-1500:])

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)

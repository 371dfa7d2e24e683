#!/usr/bin/env python3
"""Property tests over generated logs (fixed seed, so every run is the same).

1. Lines with no PHI but full of look-alikes (timestamps with a time of day,
   UUIDs, trace and span ids, versions, ports, epoch values, hex, MACs, ...)
   in several shapes (plain, JSON, logfmt, access log, stack trace) come out
   byte-identical.
2. With PHI planted at known places, exactly those spans change: every byte
   outside them is identical and each span became [CATEGORY].
3. The same input written to phiscrub's stdin whole, in 1-byte writes and in
   random-size writes (with flushes and small sleeps, so the reads really
   are cut there) gives the same output.

Usage: test_properties.py PATH_TO_PHISCRUB [SEED]"""
import os
import subprocess
import sys
import threading
import time
import random

from clitest import Checks

c = Checks()
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 20240315
r = random.Random(SEED)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def hexs(n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def uuid():
    return f"{hexs(8)}-{hexs(4)}-4{hexs(3)}-{r.choice('89ab')}{hexs(3)}-{hexs(12)}"


def ver():
    return r.choice([f"{r.randint(0, 20)}.{r.randint(0, 40)}.{r.randint(0, 300)}",
                     f"v{r.randint(0, 9)}.{r.randint(0, 99)}",
                     f"{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 999)}.{r.randint(0, 99)}"])


def timestamp():
    """A log record's own timestamp: always a date with a time of day."""
    y, mo, d = r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28)
    h, mi, s, ms = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), r.randint(0, 999)
    mon = MONTHS[mo - 1]
    return r.choice([
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}Z",
        f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d},{ms:03d}",
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+01:00",
        f"[{d:02d}/{mon}/{y}:{h:02d}:{mi:02d}:{s:02d} +0000]",
        f"{y}/{mo:02d}/{d:02d} {h:02d}:{mi:02d}:{s:02d}",
        f"{mon} {d:2d} {h:02d}:{mi:02d}:{s:02d}",
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}Z",
        f"{mo:02d}/{d:02d}/{y} {h:02d}:{mi:02d}:{s:02d}",
    ])


LOOKALIKES = [
    lambda: f"trace_id={hexs(32)}",
    lambda: f"span_id={hexs(16)}",
    lambda: f"request_id={uuid()}",
    lambda: f"uuid={uuid().upper()}",
    lambda: f"version={ver()}",
    lambda: f"build={ver()}",
    lambda: f"sdk {ver()}",
    lambda: f"port={r.randint(1, 65535)}",
    lambda: f"host=api-{r.randint(1, 99)}.internal:{r.randint(1024, 65535)}",
    lambda: f"epoch={r.randint(1500000000, 1800000000)}",
    lambda: f"epoch_ms={r.randint(1500000000000, 1800000000000)}",
    lambda: f"took={r.randint(0, 99999)}ms",
    lambda: f"pid={r.randint(1, 4194304)}",
    lambda: f"sha={hexs(r.choice([7, 12, 40]))}",
    lambda: f"status={r.choice([200, 201, 204, 301, 304, 400, 404, 500, 503])}",
    lambda: f"bytes={r.randint(0, 10 ** 9)}",
    lambda: f"duration={r.random() * 100:.3f}s",
    lambda: f"pod=api-{hexs(9)}-{hexs(5)}",
    lambda: f"mac={':'.join(hexs(2) for _ in range(6))}",
    lambda: f"addr=0x{hexs(12)}",
    lambda: f"cpu={r.random():.2f}",
    lambda: f"retries={r.randint(0, 9)}",
    lambda: f"started={timestamp()}",
    lambda: f"thread=http-nio-8443-exec-{r.randint(1, 200)}",
    lambda: f"path=/api/v2/orders/{r.randint(1, 999999)}/items",
    lambda: f"queue=jobs-{r.randint(0, 31):02d}",
]


def lookalike_line():
    fields = [LOOKALIKES[r.randrange(len(LOOKALIKES))]() for _ in range(r.randint(1, 6))]
    lvl = r.choice(["INFO", "WARN", "DEBUG", "ERROR"])
    shape = r.randrange(5)
    if shape == 0:
        return f"{timestamp()} {lvl} [main] c.a.e.Service - " + " ".join(fields)
    if shape == 1:
        kv = ",".join('"%s":"%s"' % tuple(f.split("=", 1) if "=" in f else f.split(" ", 1))
                      for f in fields)
        return '{"ts":"%s","level":"%s",%s}' % (timestamp(), lvl.lower(), kv)
    if shape == 2:
        return f"ts={timestamp().replace(' ', 'T')} level={lvl.lower()} " + " ".join(fields)
    if shape == 3:
        return (f"api-{r.randint(1, 9)}.internal - - {timestamp()} \"GET /api/v2/orders/"
                f"{r.randint(1, 99999)}?page={r.randint(1, 9)} HTTP/1.1\" 200 {r.randint(0, 99999)} "
                f"\"-\" \"okhttp/4.{r.randint(0, 12)}.0\"")
    cls = r.choice(["PatientService", "OrderController", "CacheLoader", "Scheduler"])
    return f"\tat com.acme.ehr.{cls}.run({cls}.java:{r.randint(1, 3000)})"


# ---- PHI generators: (category, text before the value, value) --------------
def ssn():
    while True:
        a, g, s = r.randint(1, 899), r.randint(1, 99), r.randint(1, 9999)
        if a != 666 and (a, g, s) not in ((78, 5, 1120), (219, 9, 9999)):
            return f"{a:03d}-{g:02d}-{s:04d}"


def nanp():
    while True:
        area = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        if area[1:] != "11" and exch[1:] != "11":
            return area, exch, f"{r.randint(0, 9999):04d}"


def phone_text():
    a, e, n = nanp()
    return r.choice([f"({a}) {e}-{n}", f"{a}-{e}-{n}", f"{a}.{e}.{n}", f"+1 {a}-{e}-{n}"])


def date_text():
    y, mo, d = r.randint(1920, 2023), r.randint(1, 12), r.randint(1, 28)
    return r.choice([f"{y}-{mo:02d}-{d:02d}", f"{mo:02d}/{d:02d}/{y}", f"{mo}/{d}/{y}",
                     f"{MONTHS_LONG[mo - 1]} {d}, {y}", f"{d} {MONTHS[mo - 1]} {y}"])


def ipv4():
    return f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def alnum(n, chars="ABCDEFGHJKLMNPQRSTUVWXYZ"):
    return "".join(r.choice(chars) for _ in range(n))


def digits(n):
    return "".join(r.choice("0123456789") for _ in range(n))


PHI = [
    lambda: ("SSN", r.choice(["ssn=", "SSN: ", '"ssn":"', "social_security_number="]), ssn()),
    lambda: ("SSN", r.choice(["verified ", "id check ", ""]), ssn()),
    lambda: ("MRN", r.choice(["mrn=", "MRN: ", '"mrn":"', "medical_record_number="]),
             r.choice([digits(r.randint(6, 10)), "E" + digits(7)])),
    lambda: ("PATIENT_ID", r.choice(["patient_id=", '"patientId":"', "pt_id="]), "P-" + digits(7)),
    lambda: ("MEMBER_ID", r.choice(["member_id=", "member id ", "subscriber="]), alnum(3) + digits(9)),
    lambda: ("ACCOUNT_ID", r.choice(["acct=", "account #", "account_no="]), digits(5) + "-" + digits(4)),
    lambda: ("ENCOUNTER_ID", r.choice(["encounter_id=", "visit_id=", "csn="]), "ENC-" + digits(8)),
    lambda: ("DATE", r.choice(["dob=", "DOB: ", "birthDate=", "admitted on ", "discharge_date=",
                              "date of service "]), date_text()),
    lambda: ("DATE", r.choice(["follow-up on ", "seen ", "expires "]),
             f"{r.randint(1990, 2030)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"),
    lambda: ("PHONE", r.choice(["phone=", "tel: ", "callback ", "cell "]), phone_text()),
    lambda: ("PHONE", "call ", "-".join(nanp())),
    lambda: ("FAX", r.choice(["fax: ", "fax=", "Fax #"]), phone_text()),
    lambda: ("EMAIL", r.choice(["mail ", "email=", "to "]),
             f"{alnum(5, 'abcdefghijk')}.{alnum(4, 'lmnopqrs')}{digits(2)}@"
             f"{r.choice(['example.com', 'example.org', 'mail.example.net'])}"),
    lambda: ("IP", r.choice(["client ", "from ", "src="]), ipv4()),
    lambda: ("URL", r.choice(["GET /api/v2/patients/", "path=/members/", "/encounters/"]),
             digits(r.randint(5, 9))),
    lambda: ("ZIP", r.choice(["zip=", "zip code ", "postal_code="]),
             digits(5) + r.choice(["", "-" + digits(4)])),
    lambda: ("AGE", r.choice(["age=", "aged ", "patient_age="]), str(r.randint(90, 120))),
    lambda: ("ADDRESS", r.choice(["lives at ", "addr=", "ship to "]),
             f"{r.randint(1, 99999)} {r.choice(['Maple', 'Oak', 'Evergreen', 'Main', 'Cedar Hill'])} "
             f"{r.choice(['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'Terrace', 'Blvd'])}"),
]


def phi_line():
    """A look-alike line with 1-3 PHI values planted between its fields.
    Returns (bytes, [(start, end, category)])."""
    parts = [timestamp(), r.choice(["INFO", "WARN"])]
    parts += [LOOKALIKES[r.randrange(len(LOOKALIKES))]() for _ in range(r.randint(0, 3))]
    for _ in range(r.randint(1, 3)):
        cat, key, value = PHI[r.randrange(len(PHI))]()
        tail = '"' if key.endswith('"') else ""
        if key.startswith("GET /") or key.startswith("path=") or key.startswith("/"):
            tail = r.choice(["/chart", "?view=full", ""])
        parts.insert(r.randint(2, len(parts)), (key, value, tail, cat))
    line, spans = "", []
    for p in parts:
        if line:
            line += " "
        if isinstance(p, tuple):
            key, value, tail, cat = p
            line += key
            spans.append((len(line.encode()), len(line.encode()) + len(value.encode()), cat))
            line += value + tail
        else:
            line += p
    return line.encode(), spans


def redact_expected(data, spans):
    out, pos = bytearray(), 0
    for s, e, cat in spans:
        out += data[pos:s] + f"[{cat}]".encode()
        pos = e
    return bytes(out + data[pos:])


def check_spans(name, data, spans, out):
    """Walk the output: outside the spans byte-identical, each span [CAT]."""
    pos = opos = 0
    for s, e, cat in spans:
        gap = data[pos:s]
        if out[opos:opos + len(gap)] != gap:
            k = next(i for i in range(len(gap)) if opos + i >= len(out) or out[opos + i] != gap[i])
            return c.check(name, False, f"text before the {cat} span at input offset {s} changed: "
                                        f"expected {gap[max(0, k - 30):k + 30]!r}, got "
                                        f"{out[opos + max(0, k - 30):opos + k + 30]!r}")
        opos += len(gap)
        label = f"[{cat}]".encode()
        if out[opos:opos + len(label)] != label:
            line = data[data.rfind(b"\n", 0, s) + 1:data.find(b"\n", e)]
            return c.check(name, False, f"span {data[s:e]!r} at input offset {s} should be {label!r}; "
                                        f"line: {line!r}; output there: {out[opos - 20:opos + 40]!r}")
        opos += len(label)
        pos = e
    rest = data[pos:]
    if out[opos:] != rest:
        return c.check(name, False, f"text after the last span differs: expected "
                                    f"{rest[:80]!r}..., got {out[opos:opos + 80]!r}...")
    return c.check(name, True)


# ---- 1. no PHI: byte-identical ---------------------------------------------
clean = ("\n".join(lookalike_line() for _ in range(20000)) + "\n").encode()
st, out, err = c.run([], stdin=clean)
c.eq("look-alikes only: exit 0, no stderr", (st, err), (0, b""))
if out != clean:
    ol, il = out.split(b"\n"), clean.split(b"\n")
    diffs = [(a, b) for a, b in zip(il, ol) if a != b][:5]
    c.check("20000 look-alike lines come out byte-identical", False,
            "\n".join(f"in:  {a!r}\nout: {b!r}" for a, b in diffs))
else:
    c.check("20000 look-alike lines come out byte-identical", True)

# ---- 2. PHI at known places: exactly those spans ----------------------------
data, spans = bytearray(), []
for i in range(6000):
    if r.random() < 0.5:
        line, sp = phi_line()
        spans += [(len(data) + s, len(data) + e, cat) for s, e, cat in sp]
    else:
        line = lookalike_line().encode()
    data += line + r.choice([b"\n", b"\n", b"\n", b"\r\n"])
data = bytes(data)
st, out, err = c.run([], stdin=data)
c.eq("planted PHI: exit 0, no stderr", (st, err), (0, b""))
check_spans(f"{len(spans)} planted values in 6000 lines: only they change, each to [CATEGORY]",
            data, spans, out)
# per category, so a failure names the category: the lines whose planted
# values are all of that category
by_line = {}
for sp in spans:
    ls = data.rfind(b"\n", 0, sp[0]) + 1
    by_line.setdefault(ls, []).append(sp)
for cat in sorted({sp[2] for sp in spans}):
    sub, ssp = bytearray(), []
    for ls, sps in sorted(by_line.items()):
        if any(k != cat for _, _, k in sps):
            continue
        le = data.index(b"\n", ls) + 1
        ssp += [(len(sub) + s - ls, len(sub) + e - ls, k) for s, e, k in sps]
        sub += data[ls:le]
    st, out, _ = c.run([], stdin=bytes(sub))
    check_spans(f"category {cat}: {len(ssp)} planted values masked exactly", bytes(sub), ssp, out)

# ---- 3. the same output however the input is cut -----------------------------
# A stream mixing everything, with a PHI value across the 256 KiB mark (the
# default block) and a 600 KiB line with PHI at its start, across its middle
# and at its end, then no final newline.
parts, pspans = bytearray(), []


def add_line(line, sp, eol=b"\n"):
    pspans.extend((len(parts) + s, len(parts) + e, k) for s, e, k in sp)
    parts.extend(line + eol)


while len(parts) < (256 << 10) - 300:
    line, sp = phi_line() if r.random() < 0.5 else (lookalike_line().encode(), [])
    add_line(line, sp, r.choice([b"\n", b"\r\n"]))
pad = (256 << 10) - 6 - len(parts) - len(b"x ssn=")
add_line(b"x" * max(pad, 0) + b" ssn=123-45-6789 y", [(len(b"x" * max(pad, 0) + b" ssn="),
                                                      len(b"x" * max(pad, 0) + b" ssn=123-45-6789"), "SSN")])
big = bytearray(b"q" * (600 << 10))
big[0:len(b"mrn=00482133 ")] = b"mrn=00482133 "
mid = 300 << 10
big[mid - 5:mid - 5 + len(b" phone 415-555-0134 ")] = b" phone 415-555-0134 "
big[-len(b" mail jane.doe@example.com"):] = b" mail jane.doe@example.com"
add_line(bytes(big), [(4, 12, "MRN"), (mid - 5 + 7, mid - 5 + 19, "PHONE"),
                      (len(big) - len(b"jane.doe@example.com"), len(big), "EMAIL")])
while len(parts) < (1200 << 10):
    line, sp = phi_line() if r.random() < 0.5 else (lookalike_line().encode(), [])
    add_line(line, sp, r.choice([b"\n", b"\r\n", b" \x00\n", b"\t\x00\r\n"]))
line, sp = phi_line()
add_line(line, sp, b"")  # no final newline
stream = bytes(parts)


def wait_blocked(pid, timeout=60):
    """True once the process sleeps (state S) twice in a row: blocked in read."""
    end = time.time() + timeout
    seen = 0
    while time.time() < end:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True  # no /proc: carry on; the sleeps still cut the writes
        seen = seen + 1 if state == "S" else 0
        if seen >= 2:
            return True
        time.sleep(0.01)
    return False


def feed(data, sizes, pause):
    """Write data to phiscrub's stdin in writes of the given sizes."""
    p = subprocess.Popen([c.bin], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    got = {}

    def reader(name, f):
        got[name] = f.read()

    ts = [threading.Thread(target=reader, args=("out", p.stdout)),
          threading.Thread(target=reader, args=("err", p.stderr))]
    for t in ts:
        t.start()
    fd = p.stdin.fileno()
    # Start writing only once phiscrub waits in its first read (start-up
    # compiles the rules); otherwise the first writes would pile up in the
    # pipe and be read as one.
    waited = wait_blocked(p.pid)
    pos = 0
    for n in sizes:
        if pos >= len(data):
            break
        chunk = data[pos:pos + n]
        while chunk:
            w = os.write(fd, chunk)
            chunk = chunk[w:]
        pos += n
        if pause:
            time.sleep(pause(n))
    if pos < len(data):
        os.write(fd, data[pos:])
    p.stdin.close()
    for t in ts:
        t.join()
    return p.wait() if waited else "phiscrub never waited for input", got["out"], got["err"]


whole_path = c.write("stream.log", stream)
st, ref, err = c.run([whole_path])
c.eq("stream from a file: exit 0", (st, err), (0, b""))
check_spans(f"stream ({len(stream) >> 10} KiB, PHI across the block mark and in a 600 KiB line)",
            stream, pspans, ref)

st, out, _ = feed(stream, [len(stream)], None)
c.eq("whole stream in one write: same output", (st, out), (0, ref))

rs = random.Random(SEED + 1)
sizes = [rs.choice([1, 2, 3, 7, 100, 4095, 4096, 4097, 65536, 70000, 262143, 262145])
         for _ in range(5000)]
st, out, _ = feed(stream, sizes, lambda n: 0.002 if rs.random() < 0.05 else 0)
c.eq("random-size writes: same output", (st, out), (0, ref))

# 1-byte writes: a smaller piece (a sleep per byte), cut so it holds PHI,
# CRLF, NUL and no final newline
small_end = stream.index(b"\n", 6000) + 1
small = stream[:small_end] + b"tail\x00 ssn=234-56-7891\r\nlast dob=1957-04-12"
st, small_ref, _ = c.run([], stdin=small)
sspans = [sp for sp in pspans if sp[1] <= small_end] + \
         [(small.index(b"234-56-7891"), small.index(b"234-56-7891") + 11, "SSN"),
          (len(small) - 10, len(small), "DATE")]
check_spans("small stream: spans masked exactly", small, sspans, small_ref)
st, out, _ = feed(small, [1] * len(small), lambda n: 0.0003)
c.eq(f"1-byte writes ({len(small)} of them): same output", (st, out), (0, small_ref))
st, out, _ = feed(small, [rs.randint(1, 50) for _ in range(len(small))], lambda n: 0.0005)
c.eq("1..50-byte writes: same output", (st, out), (0, small_ref))

c.finish()

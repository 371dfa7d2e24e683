#!/usr/bin/env python3
"""Generate a deterministic, digit-heavy synthetic log corpus for benchmarks.

    bench/gen_corpus.py --size 100M -o bench/corpus/100M.log
    bench/gen_corpus.py --size 2G --seed 7 -o bench/corpus/2G.log

The corpus mixes what a health-care back end actually writes:

  * application logs: ISO-8601 or syslog timestamps, levels, thread names,
    logger names, messages full of numbers (durations, sizes, counts, ports,
    versions), UUIDs, hex trace/span ids, logfmt key=value pairs;
  * JSON events (one object per line);
  * Apache / nginx access logs (combined format, client IP, request path,
    status, bytes, referer, user agent, request time);
  * HL7 v2 messages (MSH, EVN, PID, PV1, OBX segments, one segment a line);
  * Java stack traces (exception line, 'at ...' frames, 'Caused by:',
    '... N more').

About 5-10 % of lines carry PHI (SSNs, dates of birth, phone numbers,
emails, MRNs, patient/member/account ids, street addresses, ZIP codes);
every HL7 PID segment carries PHI by construction. Everything is synthetic:
names, numbers and addresses are drawn from small fixed lists and random
digits, never from real people.

Output is streamed in ~1 MiB writes; the same --seed and --size always give
byte-identical output. Statistics (lines, PHI lines by kind) go to stderr, or
as JSON to --stats FILE.

Python 3 standard library only.
"""
import argparse
import json
import os
import random
import sys
import time

# ----------------------------------------------------------------- vocab

LEVELS = ["INFO"] * 60 + ["DEBUG"] * 25 + ["WARN"] * 10 + ["ERROR"] * 4 + ["TRACE"]
THREADS = (["http-nio-8080-exec-%d" % i for i in range(1, 41)]
           + ["pool-%d-thread-%d" % (p, t) for p in range(1, 5) for t in range(1, 9)]
           + ["main", "scheduler-1", "scheduler-2", "kafka-consumer-0",
              "kafka-consumer-1", "ForkJoinPool.commonPool-worker-3", "grpc-default-executor-7"])
LOGGERS = ["c.h.claims.ClaimService", "c.h.emr.EncounterController", "o.h.SQL",
           "c.h.fhir.PatientResource", "c.h.billing.InvoiceJob", "o.s.web.servlet.DispatcherServlet",
           "c.z.h.HikariPool", "o.a.k.c.c.KafkaConsumer", "c.h.auth.TokenFilter",
           "c.h.sched.AppointmentSync", "c.h.lab.ResultIngestor", "i.g.n.NettyServerHandler"]
SERVICES = ["claims-api", "emr-gateway", "billing-worker", "lab-ingest", "scheduler",
            "auth-svc", "fhir-proxy", "notify-svc"]
HOSTS = ["ip-10-0-%d-%d" % (a, b) for a in range(1, 5) for b in range(10, 30)]
METHODS = ["GET"] * 7 + ["POST"] * 2 + ["PUT", "DELETE"]
PATHS = ["/api/v2/claims/{n}", "/api/v1/encounters/{n}/notes", "/api/v1/appointments?from={d}&limit={k}",
         "/healthz", "/metrics", "/static/js/app.{h}.js", "/static/css/main.{h}.css",
         "/api/v2/invoices/{n}/pdf", "/fhir/Observation?_count={k}&_offset={n}",
         "/api/v1/providers/{n}/schedule", "/login", "/api/v1/search?q=order+{n}&page={k}",
         "/api/v1/labs/results/{n}", "/favicon.ico", "/api/v1/orders/{n}/status"]
PHI_PATHS = ["/api/v1/patients/{n}/chart", "/fhir/Patient/{n}", "/api/v2/members/{n}/eligibility"]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
          "okhttp/4.12.0", "python-requests/2.31.0", "kube-probe/1.28", "Prometheus/2.48.1",
          "curl/8.4.0", "Apache-HttpClient/4.5.14 (Java/17.0.9)"]
REFERERS = ["-", "-", "-", "https://portal.example-health.org/dashboard",
            "https://portal.example-health.org/claims/search?page=2"]
MESSAGES = [
    "Request completed in {ms}ms status={st} bytes={b}",
    "Fetched {k} rows from claims_{yyyy}_{mm} in {ms} ms",
    "Cache miss for key=claim:{n} ttl={k}s size={b}",
    "HikariPool-1 - Pool stats (total={k}, active={k2}, idle={k3}, waiting=0)",
    "Processed batch {n} of {k} records offset={b} partition={k3} lag={k2}",
    "Retrying call to {svc} attempt {a}/5 after {ms}ms backoff",
    "GC pause (G1 Evacuation Pause) {ms}.{k}ms heap {b}K->{b2}K({b3}K)",
    "Scheduled job invoice-export-{k} finished: {n} invoices, {k2} errors, elapsed {ms}ms",
    "Upstream {svc} responded {st} in {ms}ms (p99={ms2}ms)",
    "Loaded config version {v} from consul index {n}",
    "Connection to 10.{o1}.{o2}.{o3}:{port} established, local port {port2}",
    "Order {n} state changed PENDING -> SHIPPED qty={k} total={k2}.{k3}",
    "Claim {n} adjudicated amount={k2}.{k3} code={code} lines={k3}",
    "Slow query ({ms} ms): SELECT * FROM encounter WHERE id = {n} LIMIT {k}",
    "Kafka commit offsets topic=lab-results partition={k3} offset={b}",
    "Token refreshed for client_id=svc-{k} expires_in={k2}",
    "Memory usage heap={b}MB nonheap={k2}MB threads={k}",
    "Received {k} HL7 messages in {ms}ms queue_depth={k2}",
    "Appointment sync window {yyyy}-{mm}-{dd}T00:00:00Z..{yyyy}-{mm}-{dd}T23:59:59Z: {k} changes",
    "Released build {v} (commit {h}) to canary {k3}%",
]
EXC = ["java.lang.NullPointerException", "java.sql.SQLTransientConnectionException",
       "java.net.SocketTimeoutException: Read timed out",
       "org.springframework.dao.DataIntegrityViolationException",
       "java.lang.IllegalStateException: Claim {n} already adjudicated",
       "com.fasterxml.jackson.databind.JsonMappingException: Unexpected token at [Source: (String); line: 1, column: {k}]",
       "java.util.concurrent.TimeoutException: Timeout after {ms}ms"]
FRAMES = ["com.example.health.claims.ClaimService.adjudicate(ClaimService.java:{k})",
          "com.example.health.claims.ClaimController.post(ClaimController.java:{k})",
          "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:{k})",
          "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:{k})",
          "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:{k})",
          "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:{k})",
          "org.hibernate.internal.SessionImpl.find(SessionImpl.java:{k})",
          "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:{k})",
          "java.base/java.lang.Thread.run(Thread.java:{k})",
          "com.example.health.emr.EncounterRepository$$SpringCGLIB$$0.findById(<generated>)",
          "io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:{k})"]
FIRST = ["JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL", "LINDA",
         "DAVID", "ELIZABETH", "MARIA", "JOSE", "WEI", "AISHA", "OLUWASEUN", "PRIYA"]
LAST = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS",
        "RODRIGUEZ", "MARTINEZ", "NGUYEN", "PATEL", "KIM", "OKAFOR", "COHEN", "SILVA"]
STREETS = ["Main St", "Oak Avenue", "Maple Ave", "Cedar Road", "Elm Street", "Washington Blvd",
           "Lakeview Drive", "Park Lane", "Sunset Blvd", "Hillcrest Dr", "N Broad Street"]
CITIES = [("Springfield", "IL"), ("Portland", "OR"), ("Columbus", "OH"), ("Austin", "TX"),
          ("Raleigh", "NC"), ("Madison", "WI"), ("Albany", "NY"), ("Fresno", "CA")]
DOMAINS = ["example.com", "mail.example.org", "example.net", "patients.example-health.org"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HEX = "0123456789abcdef"


def parse_size(s):
    s = s.strip().upper()
    mult = 1
    for suf, m in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40)):
        if s.endswith(suf + "B"):
            s = s[:-2]
            mult = m
            break
        if s.endswith(suf):
            s = s[:-1]
            mult = m
            break
    return int(float(s) * mult)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        # Start time: 2024-03-01 00:00:00 UTC, advancing a few ms per line.
        self.t = 1709251200.0
        self.phi_kinds = {}
        self.kinds = {}
        # Pools so the hot loop calls random less: still varied enough that
        # no two lines are alike (every line draws fresh numbers as well).
        self.uuids = ["%08x-%04x-4%03x-%04x-%012x" % (r.getrandbits(32), r.getrandbits(16),
                      r.getrandbits(12), 0x8000 | r.getrandbits(14), r.getrandbits(48))
                      for _ in range(4096)]
        self.ips = ["%d.%d.%d.%d" % (r.choice((10, 172, 192, 34, 52, 66, 98, 203)), r.randrange(256),
                    r.randrange(256), r.randrange(1, 255)) for _ in range(2048)]
        self.hexes = ["".join(r.choice(HEX) for _ in range(16)) for _ in range(4096)]
        self._ts_sec = None

    # ------------------------------------------------------------ pieces
    def tick(self):
        self.t += self.r.random() * 0.004

    def iso(self):
        t = self.t
        sec = int(t)
        if sec != self._ts_sec:
            self._ts_sec = sec
            tm = time.gmtime(sec)
            self._iso = "%04d-%02d-%02dT%02d:%02d:%02d" % tm[:6]
            self._sys = "%s %2d %02d:%02d:%02d" % (MONTHS[tm[1] - 1], tm[2], tm[3], tm[4], tm[5])
            self._clf = "%02d/%s/%04d:%02d:%02d:%02d +0000" % (tm[2], MONTHS[tm[1] - 1], tm[0],
                                                              tm[3], tm[4], tm[5])
        return self._iso, int((t - sec) * 1000)

    def fmt(self, tpl):
        r = self.r
        n = r.getrandbits(24)
        return tpl.format(
            ms=r.randrange(1, 5000), ms2=r.randrange(100, 9000), st=r.choice((200, 200, 200, 201, 204, 304, 400, 404, 500, 503)),
            b=r.getrandbits(20), b2=r.getrandbits(19), b3=r.getrandbits(21), k=r.randrange(1, 1000),
            k2=r.randrange(0, 100), k3=r.randrange(0, 32), a=r.randrange(1, 6), n=n, svc=r.choice(SERVICES),
            yyyy=r.choice((2023, 2024)), mm="%02d" % r.randrange(1, 13), dd="%02d" % r.randrange(1, 29),
            v="%d.%d.%d" % (r.randrange(1, 6), r.randrange(0, 30), r.randrange(0, 200)),
            h=self.hexes[n & 4095][:12], o1=r.randrange(256), o2=r.randrange(256), o3=r.randrange(1, 255),
            port=r.choice((5432, 6379, 9092, 443, 8443)), port2=r.randrange(32768, 61000),
            code="%s%02d.%d" % (r.choice("EJKMZ"), r.randrange(0, 99), r.randrange(0, 9)),
            d="2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)),
        )

    # PHI values -------------------------------------------------------
    def ssn(self):
        r = self.r
        return "%03d-%02d-%04d" % (r.randrange(1, 666), r.randrange(1, 100), r.randrange(1, 10000))

    def dob(self):
        r = self.r
        y, m, d = r.randrange(1925, 2020), r.randrange(1, 13), r.randrange(1, 29)
        k = r.randrange(4)
        if k == 0:
            return "%04d-%02d-%02d" % (y, m, d)
        if k == 1:
            return "%02d/%02d/%04d" % (m, d, y)
        if k == 2:
            return "%s %d, %04d" % (MONTHS[m - 1], d, y)
        return "%04d%02d%02d" % (y, m, d)

    def phone(self):
        r = self.r
        a, b, c = r.randrange(201, 990), r.randrange(200, 1000), r.randrange(0, 10000)
        k = r.randrange(4)
        if k == 0:
            return "(%03d) %03d-%04d" % (a, b, c)
        if k == 1:
            return "%03d-%03d-%04d" % (a, b, c)
        if k == 2:
            return "%03d.%03d.%04d" % (a, b, c)
        return "+1 %03d-%03d-%04d" % (a, b, c)

    def name(self):
        return self.r.choice(FIRST), self.r.choice(LAST)

    def email(self):
        f, l = self.name()
        return "%s.%s%d@%s" % (f.lower(), l.lower(), self.r.randrange(100), self.r.choice(DOMAINS))

    def address(self):
        r = self.r
        city, st = r.choice(CITIES)
        return "%d %s, %s, %s %05d" % (r.randrange(1, 9999), r.choice(STREETS), city, st,
                                       r.randrange(1001, 99950))

    def mrn(self):
        return "%s%07d" % (self.r.choice(("MR", "A", "")), self.r.randrange(10 ** 7))

    def phi_snippet(self):
        """A PHI fragment to embed in an app-log or JSON line: (kind, text)."""
        r = self.r
        k = r.randrange(10)
        if k == 0:
            return "ssn", "ssn=%s" % self.ssn()
        if k == 1:
            return "dob", "dob=%s" % self.dob()
        if k == 2:
            return "phone", "callback phone %s" % self.phone()
        if k == 3:
            return "email", "notify %s" % self.email()
        if k == 4:
            return "mrn", "MRN: %s" % self.mrn()
        if k == 5:
            return "patient_id", "patientId=%d" % r.randrange(10 ** 5, 10 ** 9)
        if k == 6:
            return "member_id", "member_id=%s%09d" % (r.choice("WXYZ"), r.randrange(10 ** 9))
        if k == 7:
            return "address", "address='%s'" % self.address()
        if k == 8:
            return "zip", "zip=%05d" % r.randrange(1001, 99950)
        return "ssn_bare", "SSN on file %s verified" % self.ssn()

    def count_phi(self, kind):
        self.phi_kinds[kind] = self.phi_kinds.get(kind, 0) + 1

    # ------------------------------------------------------------ records
    def app_line(self, phi):
        r = self.r
        ts, ms = self.iso()
        msg = self.fmt(r.choice(MESSAGES))
        extra = ""
        if phi:
            kind, s = self.phi_snippet()
            self.count_phi(kind)
            msg = "%s; %s" % (msg, s)
        style = r.randrange(3)
        trace = self.hexes[r.getrandbits(12)]
        if style == 0:
            return "%s.%03dZ %-5s [%s] %s - %s trace_id=%s span_id=%s%s\n" % (
                ts, ms, r.choice(LEVELS), r.choice(THREADS), r.choice(LOGGERS), msg, trace,
                self.hexes[r.getrandbits(12)][:8], extra)
        if style == 1:
            return "%s %s %s[%d]: %s request_id=%s\n" % (
                self._sys, r.choice(HOSTS), r.choice(SERVICES), r.randrange(1000, 65000), msg,
                self.uuids[r.getrandbits(12)])
        return 'time=%s.%03dZ level=%s svc=%s host=%s msg="%s" dur_ms=%d.%03d req=%s\n' % (
            ts, ms, r.choice(LEVELS).lower(), r.choice(SERVICES), r.choice(HOSTS), msg,
            r.randrange(0, 3000), r.randrange(1000), self.uuids[r.getrandbits(12)])

    def json_line(self, phi):
        r = self.r
        ts, ms = self.iso()
        ev = {
            "ts": "%s.%03dZ" % (ts, ms), "level": r.choice(LEVELS).lower(),
            "service": r.choice(SERVICES), "event": r.choice(("claim.updated", "encounter.viewed",
                                                              "lab.result.received", "invoice.sent",
                                                              "appointment.booked", "auth.login")),
            "trace_id": self.hexes[r.getrandbits(12)] + self.hexes[r.getrandbits(12)],
            "duration_ms": round(r.random() * 900, 3), "status": r.choice((200, 200, 201, 404, 500)),
            "bytes": r.getrandbits(18), "claim_id": r.getrandbits(30), "version": r.randrange(1, 40),
            "request_id": self.uuids[r.getrandbits(12)],
        }
        if phi:
            k = r.randrange(6)
            if k == 0:
                ev["patient"] = {"ssn": self.ssn(), "birthDate": self.dob()}
                self.count_phi("json_ssn_dob")
            elif k == 1:
                ev["contact"] = {"phone": self.phone(), "email": self.email()}
                self.count_phi("json_contact")
            elif k == 2:
                ev["mrn"] = self.mrn()
                self.count_phi("json_mrn")
            elif k == 3:
                ev["patientId"] = str(r.randrange(10 ** 5, 10 ** 9))
                self.count_phi("json_patient_id")
            elif k == 4:
                ev["address"] = self.address()
                self.count_phi("json_address")
            else:
                ev["note"] = "callback requested at %s re: DOB %s" % (self.phone(), self.dob())
                self.count_phi("json_note")
        return json.dumps(ev, separators=(",", ":")) + "\n"

    def access_line(self, phi):
        r = self.r
        self.iso()
        if phi:
            path = r.choice(PHI_PATHS).format(n=r.randrange(10 ** 4, 10 ** 8))
            self.count_phi("url_patient")
        else:
            path = r.choice(PATHS).format(n=r.getrandbits(24), k=r.randrange(1, 200),
                                          h=self.hexes[r.getrandbits(12)][:8],
                                          d="2024-%02d-%02d" % (r.randrange(1, 13), r.randrange(1, 29)))
        if r.randrange(2):
            # Apache combined
            return '%s - - [%s] "%s %s HTTP/1.1" %d %d "%s" "%s"\n' % (
                self.ips[r.getrandbits(11)], self._clf, r.choice(METHODS), path,
                r.choice((200, 200, 200, 304, 404, 500)), r.getrandbits(16), r.choice(REFERERS),
                r.choice(AGENTS))
        # nginx with timings
        return '%s - - [%s] "%s %s HTTP/2.0" %d %d "%s" "%s" rt=%.3f uct="%.3f" urt="%.3f"\n' % (
            self.ips[r.getrandbits(11)], self._clf, r.choice(METHODS), path,
            r.choice((200, 200, 201, 304, 404, 502)), r.getrandbits(17), r.choice(REFERERS),
            r.choice(AGENTS), r.random(), r.random() / 50, r.random())

    def hl7_message(self):
        """MSH/EVN/PID/PV1/OBX: one segment per line; PID always carries PHI."""
        r = self.r
        ts, _ = self.iso()
        hts = ts.replace("-", "").replace("T", "").replace(":", "")
        ctl = r.getrandbits(40)
        f, l = self.name()
        dob = "%04d%02d%02d" % (r.randrange(1925, 2020), r.randrange(1, 13), r.randrange(1, 29))
        city, st = r.choice(CITIES)
        out = [
            "MSH|^~\\&|EPIC|MAINHOSP|LABSYS|LAB|%s||ADT^A08^ADT_A01|MSG%d|P|2.5.1\n" % (hts, ctl),
            "EVN|A08|%s|||USR%05d\n" % (hts, r.randrange(10 ** 5)),
            "PID|1||%07d^^^MAINHOSP^MR||%s^%s^%s||%s|%s|||%d %s^^%s^%s^%05d^USA||(%03d)%03d-%04d|||||%09d|%s\n" % (
                r.randrange(10 ** 7), l, f, r.choice("ABCDEJKLMRS"), dob, r.choice("MF"),
                r.randrange(1, 9999), r.choice(STREETS), city, st, r.randrange(1001, 99950),
                r.randrange(201, 990), r.randrange(200, 1000), r.randrange(10 ** 4), r.randrange(10 ** 9),
                self.ssn()),
            "PV1|1|I|4W^%d^%d^MAINHOSP||||%d^WELBY^MARCUS^^^DR|||MED||||1|||%d^WELBY^MARCUS|IN|V%09d|||||||||||||||||||||||||%s\n" % (
                r.randrange(100, 499), r.randrange(1, 4), r.randrange(10 ** 6), r.randrange(10 ** 6),
                r.randrange(10 ** 9), hts),
        ]
        for i in range(r.randrange(1, 4)):
            out.append("OBX|%d|NM|%d-%d^%s^LN||%d.%d|mg/dL|%d-%d|N|||F|||%s\n" % (
                i + 1, r.randrange(1000, 99999), r.randrange(10), r.choice(("GLU", "CREAT", "NA", "K", "HGB")),
                r.randrange(1, 300), r.randrange(10), r.randrange(1, 80), r.randrange(80, 200), hts))
        self.count_phi("hl7_pid")
        return "".join(out), len(out), 1

    def stack_trace(self):
        r = self.r
        ts, ms = self.iso()
        out = ["%s.%03dZ ERROR [%s] %s - Unhandled exception processing request %s\n" % (
            ts, ms, r.choice(THREADS), r.choice(LOGGERS), self.uuids[r.getrandbits(12)])]
        out.append(self.fmt(r.choice(EXC)) + "\n")
        for _ in range(r.randrange(4, 14)):
            out.append("\tat " + self.fmt(r.choice(FRAMES)) + "\n")
        if r.randrange(2):
            out.append("Caused by: " + self.fmt(r.choice(EXC)) + "\n")
            for _ in range(r.randrange(2, 6)):
                out.append("\tat " + self.fmt(r.choice(FRAMES)) + "\n")
            out.append("\t... %d more\n" % r.randrange(5, 60))
        return "".join(out), len(out)

    # ------------------------------------------------------------ driver
    def chunk(self, target):
        """About `target` bytes of complete records, and the stats."""
        r = self.r
        parts = []
        n = 0
        lines = 0
        phi_lines = 0
        kinds = self.kinds
        while n < target:
            self.tick()
            k = r.random()
            if k < 0.58:
                phi = r.random() < 0.075
                s = self.app_line(phi)
                kind = "app"
                nl = 1
            elif k < 0.75:
                phi = r.random() < 0.10
                s = self.json_line(phi)
                kind = "json"
                nl = 1
            elif k < 0.955:
                phi = r.random() < 0.01
                s = self.access_line(phi)
                kind = "access"
                nl = 1
            elif k < 0.98:
                s, nl, p = self.hl7_message()
                phi = p
                kind = "hl7"
            else:
                s, nl = self.stack_trace()
                phi = False
                kind = "stacktrace"
            parts.append(s)
            n += len(s)
            lines += nl
            phi_lines += int(phi)
            kinds[kind] = kinds.get(kind, 0) + nl
        return "".join(parts), lines, phi_lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="100M", help="bytes to write, with K/M/G suffix (default 100M)")
    ap.add_argument("--seed", type=int, default=20240301, help="random seed (default 20240301)")
    ap.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    ap.add_argument("--stats", help="write generation statistics as JSON to this file")
    a = ap.parse_args()

    total = parse_size(a.size)
    g = Gen(a.seed)
    out = sys.stdout.buffer if a.output == "-" else open(a.output, "wb")
    written = lines = phi_lines = 0
    t0 = time.time()
    try:
        while written < total:
            s, nl, pl = g.chunk(min(1 << 20, total - written))
            b = s.encode("ascii")
            if written + len(b) > total:
                # Cut at a line end so the file is exactly <= size and whole lines.
                cut = b.rfind(b"\n", 0, total - written) + 1
                if cut <= 0:
                    break
                nl = b.count(b"\n", 0, cut)
                b = b[:cut]
                # phi_lines is approximate for the final partial chunk
                pl = min(pl, nl)
                out.write(b)
                written += len(b)
                lines += nl
                phi_lines += pl
                break
            out.write(b)
            written += len(b)
            lines += nl
            phi_lines += pl
    finally:
        if out is not sys.stdout.buffer:
            out.close()
        else:
            out.flush()
    dt = time.time() - t0
    stats = {
        "bytes": written, "lines": lines, "phi_lines_injected": phi_lines,
        "phi_line_fraction": round(phi_lines / lines, 4) if lines else 0.0,
        "lines_by_kind": g.kinds, "phi_by_kind": g.phi_kinds, "seed": a.seed,
        "seconds": round(dt, 2),
    }
    if a.stats:
        with open(a.stats, "w") as f:
            json.dump(stats, f, indent=1, sort_keys=True)
            f.write("\n")
    print("gen_corpus: %d bytes, %d lines, %d PHI lines (%.1f%%; HL7 PID counted once per message) in %.1fs"
          % (written, lines, phi_lines, 100.0 * phi_lines / max(lines, 1), dt), file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate a deterministic mixed-format log corpus that looks unlike gen_corpus.py.

    bench/gen_mixed.py --size 100M -o bench/corpus/mixed-100M.log

gen_corpus.py writes a Java back end's logs: ISO timestamps on nearly every
line, numbers everywhere, one HL7 segment a line, lines of 100-300 bytes.
This corpus is the other kind of machine a filter meets, so that a speed
measured on one is checked on another:

  * Kubernetes klog lines (I0301 12:00:00.123456 ...) and structured
    controller messages;
  * RFC 5424 syslog with structured data;
  * PostgreSQL server logs, with multi-line statements;
  * Python logging and multi-line tracebacks;
  * nginx error logs (long, comma-separated);
  * cloud audit events: long JSON objects (1-4 KB, nested);
  * CSV exports (a header now and then, then rows);
  * Windows-style event text, "Key: Value | Key: Value";
  * free text: support tickets, chat and ops notes, care-team messages, a
    few hundred bytes of English words, with names and dates in them now
    and then;
  * HL7 v2 messages whose segments are CR-separated (one line per message),
    as MLLP capture tools write them;
  * very short lines (heartbeats, progress dots) and a few very long ones
    (a base64 blob, a 20-60 KB JSON dump).

About 1-2 % of lines carry PHI (a rarely matching stream, as real logs
are): SSNs, US dates m/d/yyyy, phone numbers, emails, names in free text,
MRNs. Everything is synthetic. The same --seed and --size give the same
bytes. Python 3 standard library only.
"""
import argparse
import base64
import json
import os
import random
import sys
import time

WORDS = ("the a an and or but if then when while after before because so that this these those "
         "user users customer team ticket issue request page dashboard report export import job queue "
         "server service cluster node pod deployment rollout config setting token session login logout "
         "password reset email message notification alert alarm threshold metric latency error warning "
         "timeout retry failure success pending approved rejected escalated resolved closed reopened "
         "update upgrade patch release version build pipeline test staging production region zone "
         "network firewall proxy gateway load balancer database replica backup restore snapshot disk "
         "memory cpu thread process worker schedule calendar appointment visit clinic pharmacy refill "
         "prescription lab result order referral insurance claim coverage benefit portal mobile app "
         "browser screen button form field upload download file folder permission role access group "
         "is was were be been has have had will would should could may might must can cannot not no "
         "yes please thanks again still already just only also very more less most least new old "
         "slow fast broken fixed working stuck missing wrong duplicate late early today yesterday "
         "tomorrow morning afternoon evening week month quarter year minute hour second after-hours "
         "reported said asked confirmed called emailed replied noted checked verified restarted "
         "rebooted deployed rolled back merged reviewed opened closed assigned moved changed added "
         "removed deleted created saved sent received loaded failed passed blocked allowed denied "
         "from to in on at by for with without about over under between into out up down off through "
         "we they he she it you I our their his her its your my someone nobody everyone anything").split()
FIRST = ["Maria", "James", "Aisha", "Wei", "Olga", "Carlos", "Priya", "Tomasz", "Fatima", "Kenji",
         "Grace", "Liam", "Noor", "Diego", "Hannah", "Samuel", "Ingrid", "Rahul", "Chloe", "Mateo"]
LAST = ["Garcia", "Okafor", "Nguyen", "Kowalski", "Haddad", "Tanaka", "Lindqvist", "Moreau",
        "Abernathy", "Castellanos", "Ivanova", "Mensah", "Oyelaran", "Petrov", "Whitfield", "Brennan"]
NAMESPACES = ["default", "kube-system", "ingest", "payments", "portal", "monitoring", "batch"]
GOFILES = ["controller.go", "reconciler.go", "leaderelection.go", "reflector.go", "server.go",
           "watch.go", "scheduler.go", "kubelet.go", "pod_workers.go", "eviction_manager.go"]
KMSGS = ['"Reconciled object" kind="Deployment" name="{ns}/{app}-{h}" generation={k}',
         '"Starting workers" controller="{app}" count={k3}',
         'Failed to watch *v1.Pod: the server has asked for the client to provide credentials',
         '"Observed a panic" err="runtime error: index out of range [{k3}] with length {k3}"',
         'lease {ns}/{app} renewed by {app}-{h} after {ms}ms',
         '"Pod status updated" pod="{ns}/{app}-{h}" phase="Running" restarts={k3}',
         'Trace[{n}]: "List" url:/api/v1/namespaces/{ns}/pods,user-agent:kubectl/v1.29 (total time: {ms}ms)',
         '"Syncing" resourceVersion="{n}" items={k}']
APPS = ["portal-web", "claims-sync", "fax-relay", "rx-router", "notify", "ledger", "etl-nightly"]
PG_STMTS = ["SELECT o.id, o.status FROM orders o JOIN lines l ON l.order_id = o.id WHERE o.created_at > now() - interval '{k3} days'",
            "UPDATE sessions SET last_seen = now() WHERE token_hash = $1",
            "INSERT INTO audit_events (actor, action, target, at) VALUES ($1, $2, $3, now())",
            "DELETE FROM job_locks WHERE expires_at < now()",
            "COPY staging.visits FROM STDIN WITH (FORMAT csv, HEADER true)"]
PYFILES = ["/srv/app/handlers/upload.py", "/srv/app/models/visit.py", "/usr/lib/python3.11/json/decoder.py",
           "/srv/app/tasks/sync.py", "/srv/app/api/views.py", "/usr/lib/python3/dist-packages/requests/adapters.py"]
PYFUNCS = ["handle", "save", "raw_decode", "run", "dispatch", "send", "_process_row", "validate"]
PYEXC = ["KeyError: 'visit_id'", "ValueError: invalid literal for int() with base 10: 'N/A'",
         "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='fax.internal', port=443): Max retries exceeded",
         "json.decoder.JSONDecodeError: Expecting value: line 1 column {k} (char {k2})",
         "TimeoutError: task sync-{k} exceeded {k3}s"]
NGX_ERR = ["upstream timed out (110: Connection timed out) while reading response header from upstream",
           "connect() failed (111: Connection refused) while connecting to upstream",
           "open() \"/var/www/static/{h}.map\" failed (2: No such file or directory)",
           "client intended to send too large body: {n} bytes",
           "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking"]
EVENTS = [("4624", "An account was successfully logged on"), ("4625", "An account failed to log on"),
          ("4672", "Special privileges assigned to new logon"), ("7036", "The service entered the running state"),
          ("1102", "The audit log was cleared")]
CSV_HEADER = "export_id,region,sku,qty,unit_price,discount,status,updated\n"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HEX = "0123456789abcdef"


def parse_size(s):
    s = s.strip().upper()
    for suf, m in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)):
        for t in (suf + "B", suf):
            if s.endswith(t):
                return int(float(s[:-len(t)]) * m)
    return int(s)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.t = 1717200000.0  # 2024-06-01
        self.phi = {}
        self.kinds = {}
        r = self.r
        self.hexes = ["".join(r.choice(HEX) for _ in range(12)) for _ in range(2048)]
        self.blob = base64.b64encode(bytes(r.getrandbits(8) for _ in range(48 * 1024))).decode()

    def count(self, kind):
        self.phi[kind] = self.phi.get(kind, 0) + 1

    def words(self, lo, hi):
        r = self.r
        return " ".join(r.choice(WORDS) for _ in range(r.randrange(lo, hi)))

    def v(self):
        r = self.r
        return dict(k=r.randrange(1, 1000), k2=r.randrange(1, 100000), k3=r.randrange(0, 32),
                    ms=r.randrange(1, 9000), n=r.getrandbits(31), h=self.hexes[r.getrandbits(11)][:5],
                    ns=r.choice(NAMESPACES), app=r.choice(APPS))

    # PHI fragments, in the way free text carries them
    def ssn(self):
        r = self.r
        return "%03d-%02d-%04d" % (r.randrange(1, 666), r.randrange(1, 100), r.randrange(1, 10000))

    def usdate(self):
        r = self.r
        return "%d/%d/%04d" % (r.randrange(1, 13), r.randrange(1, 29), r.randrange(1930, 2015))

    def phone(self):
        r = self.r
        return "(%03d) %03d-%04d" % (r.randrange(201, 990), r.randrange(200, 1000), r.randrange(10000))

    def person(self):
        return "%s %s" % (self.r.choice(FIRST), self.r.choice(LAST))

    def phi_text(self):
        r = self.r
        k = r.randrange(7)
        if k == 0:
            self.count("ssn")
            return "caller gave SSN %s to verify" % self.ssn()
        if k == 1:
            self.count("dob")
            return "DOB %s confirmed" % self.usdate()
        if k == 2:
            self.count("phone")
            return "please call back at %s" % self.phone()
        if k == 3:
            self.count("email")
            f, l = self.person().lower().split()
            return "reply to %s.%s@example.org" % (f, l)
        if k == 4:
            self.count("name")
            return "spoke with patient %s about the refill" % self.person()
        if k == 5:
            self.count("mrn")
            return "MRN %08d attached" % r.randrange(10 ** 8)
        self.count("name_dr")
        return "Dr. %s signed the order" % r.choice(LAST)

    # ------------------------------------------------------------ records
    def klog(self, phi):
        r = self.r
        tm = time.gmtime(self.t)
        v = self.v()
        msg = r.choice(KMSGS).format(**v)
        if phi:
            msg += ' note="%s"' % self.phi_text()
        return "%s%02d%02d %02d:%02d:%02d.%06d %7d %s:%d] %s\n" % (
            r.choice("IIIIIWE"), tm[1], tm[2], tm[3], tm[4], tm[5], r.randrange(10 ** 6),
            r.randrange(1, 40000), r.choice(GOFILES), r.randrange(20, 900), msg)

    def syslog(self, phi):
        r = self.r
        v = self.v()
        text = self.words(6, 20)
        if phi:
            text += "; " + self.phi_text()
        return '<%d>1 %s.%06d+00:00 %s-%s %s %d ID%d [meta@32473 seq="%d" iut="%d"] %s\n' % (
            r.choice((134, 131, 30, 86)), time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.t)),
            r.randrange(10 ** 6), v["app"], v["h"], v["app"], r.randrange(100, 60000), r.randrange(100),
            v["n"], v["k3"], text)

    def postgres(self, phi):
        r = self.r
        v = self.v()
        head = "%s.%03d UTC [%d] app@clinicdb " % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.t)),
                                                  r.randrange(1000), r.randrange(1000, 99999))
        stmt = r.choice(PG_STMTS).format(**v)
        if r.randrange(3) == 0:
            out = head + "LOG:  duration: %d.%03d ms  statement: %s\n" % (v["ms"], v["k"], stmt)
            return out, 1
        out = [head + "ERROR:  duplicate key value violates unique constraint \"%s_pkey\"\n" % r.choice(APPS).replace("-", "_"),
               head + "DETAIL:  Key (id)=(%d) already exists.\n" % v["n"],
               head + "STATEMENT:  %s\n" % stmt]
        if phi:
            out.append(head + "CONTEXT:  %s\n" % self.phi_text())
        return "".join(out), len(out)

    def python(self, phi):
        r = self.r
        v = self.v()
        ts = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.t))
        if r.randrange(4):
            msg = self.words(4, 14)
            if phi:
                msg += " (" + self.phi_text() + ")"
            return "%s,%03d %s %s.%s: %s\n" % (ts, r.randrange(1000), r.choice(("INFO", "INFO", "WARNING", "DEBUG")),
                                              r.choice(("app", "celery", "uvicorn")), r.choice(PYFUNCS), msg), 1
        out = ["%s,%03d ERROR app.tasks: task failed\n" % (ts, r.randrange(1000)),
               "Traceback (most recent call last):\n"]
        for _ in range(r.randrange(2, 7)):
            out.append('  File "%s", line %d, in %s\n' % (r.choice(PYFILES), r.randrange(10, 900), r.choice(PYFUNCS)))
            out.append("    %s\n" % self.words(3, 8).replace(" ", "_", 2))
        out.append(r.choice(PYEXC).format(**v) + "\n")
        return "".join(out), len(out)

    def nginx_err(self, phi):
        r = self.r
        v = self.v()
        tail = ""
        if phi:
            tail = ', referrer: "https://portal.example.org/help?q=%s"' % self.phi_text().replace(" ", "+")
        return '%s [error] %d#0: *%d %s, client: 198.51.100.%d, server: portal.example.org, request: "%s /api/%s/%d HTTP/1.1", upstream: "http://10.8.%d.%d:8080/", host: "portal.example.org"%s\n' % (
            time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(self.t)), r.randrange(1, 64), v["n"],
            r.choice(NGX_ERR).format(**v), r.randrange(1, 255), r.choice(("GET", "POST")),
            r.choice(("visits", "orders", "files", "messages")), v["k2"], r.randrange(256), r.randrange(1, 255), tail)

    def audit_json(self, phi):
        r = self.r
        v = self.v()
        ev = {"eventVersion": "1.09", "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.t)),
              "eventSource": r.choice(("s3.amazonaws.com", "iam.amazonaws.com", "kms.amazonaws.com")),
              "eventName": r.choice(("GetObject", "PutObject", "AssumeRole", "Decrypt", "ListBuckets")),
              "awsRegion": r.choice(("us-east-1", "us-west-2", "eu-central-1")),
              "sourceIPAddress": "203.0.113.%d" % r.randrange(1, 255),
              "userAgent": "aws-sdk-go-v2/1.%d.%d os/linux lang/go#1.22" % (v["k3"], v["k"]),
              "userIdentity": {"type": "AssumedRole", "principalId": "AROA%s:%s" % (v["h"].upper(), v["app"]),
                               "sessionContext": {"attributes": {"mfaAuthenticated": "false",
                                                                 "creationDate": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.t - 600))}}},
              "requestParameters": {"bucketName": "%s-artifacts" % v["app"],
                                    "key": "exports/%d/%s.parquet" % (v["k2"], self.hexes[r.getrandbits(11)]),
                                    "tags": [{"k": w, "v": self.words(1, 4)} for w in self.words(3, 12).split()]},
              "responseElements": None, "requestID": self.hexes[r.getrandbits(11)] * 2,
              "resources": [{"ARN": "arn:aws:s3:::%s-artifacts/%d" % (v["app"], i), "type": "AWS::S3::Object"}
                            for i in range(r.randrange(1, 12))],
              "readOnly": bool(r.randrange(2)), "managementEvent": False, "recipientAccountId": "%012d" % v["n"]}
        if phi:
            ev["requestParameters"]["description"] = self.phi_text()
        return json.dumps(ev, separators=(", ", ": ")) + "\n"

    def csv_rows(self, phi):
        r = self.r
        out = [CSV_HEADER] if r.randrange(8) == 0 else []
        for _ in range(r.randrange(1, 12)):
            out.append("%d,%s,SKU-%05d,%d,%d.%02d,0.%02d,%s,%s\n" % (
                r.getrandbits(30), r.choice(("NE", "SW", "MW", "PNW")), r.randrange(10 ** 5), r.randrange(1, 50),
                r.randrange(1, 900), r.randrange(100), r.randrange(50), r.choice(("open", "shipped", "void")),
                time.strftime("%Y-%m-%d", time.gmtime(self.t))))
        if phi:
            out.append("%d,NE,SKU-00000,1,0.00,0.00,note,\"%s\"\n" % (r.getrandbits(30), self.phi_text()))
        return "".join(out), len(out)

    def winevent(self, phi):
        r = self.r
        eid, desc = r.choice(EVENTS)
        acct = r.choice(("svc_backup", "SYSTEM", "CLINIC\\frontdesk%d" % r.randrange(20), "LOCAL SERVICE"))
        tail = " | Comment: %s" % self.phi_text() if phi else ""
        return "%s %s | EventID: %s | Source: Microsoft-Windows-Security-Auditing | Account Name: %s | Logon Type: %d | Workstation: WS-%04d | %s%s\n" % (
            time.strftime("%m/%d/%Y %I:%M:%S %p", time.gmtime(self.t)).replace(" ", " ", 1), r.choice(("Information", "Audit Success", "Audit Failure")),
            eid, acct, r.randrange(2, 11), r.randrange(10000), desc, tail)

    def freetext(self, phi):
        r = self.r
        kind = r.choice(("ticket", "chat", "note", "care"))
        body = self.words(20, 90)
        if phi:
            cut = body.split()
            at = r.randrange(len(cut))
            body = " ".join(cut[:at] + [self.phi_text()] + cut[at:])
        body = body[0].upper() + body[1:] + "."
        if kind == "ticket":
            return "[%s] ticket #%d updated by agent%d: %s\n" % (
                time.strftime("%d %b %Y %H:%M", time.gmtime(self.t)), r.getrandbits(20), r.randrange(90), body)
        if kind == "chat":
            return "%s <%s> %s\n" % (time.strftime("%H:%M", time.gmtime(self.t)), r.choice(WORDS) + str(r.randrange(99)), body)
        if kind == "note":
            return "ops-note: %s\n" % body
        return "care-team msg from %s desk: %s\n" % (r.choice(("north", "east", "peds", "ortho")), body)

    def hl7_cr(self):
        r = self.r
        ts = time.strftime("%Y%m%d%H%M%S", time.gmtime(self.t))
        segs = ["MSH|^~\\&|REG|CLINIC|HUB|STATE|%s||ADT^A04|C%d|P|2.3" % (ts, r.getrandbits(32)),
                "PID|||%08d^^^CLINIC||%s^%s||%s|%s" % (r.randrange(10 ** 8), r.choice(LAST).upper(), r.choice(FIRST).upper(),
                                                     "%04d%02d%02d" % (r.randrange(1930, 2015), r.randrange(1, 13), r.randrange(1, 29)),
                                                     r.choice("MF")),
                "PV1||O|CLINIC^%d||||%d^HOUSE^GREGORY" % (r.randrange(1, 40), r.randrange(10 ** 6))]
        self.count("hl7_cr")
        return "\r".join(segs) + "\n"

    def short(self):
        return self.r.choice(("ok\n", ".\n", "..\n", "-- MARK --\n", "heartbeat\n", "\n", "}\n", "done\n"))

    def long_line(self):
        r = self.r
        if r.randrange(2):
            n = r.randrange(8 * 1024, 60 * 1024)
            return "payload=%s\n" % self.blob[:n]
        items = [{"id": r.getrandbits(32), "label": self.words(2, 6), "score": r.random()}
                 for _ in range(r.randrange(200, 700))]
        return "dump " + json.dumps({"items": items}) + "\n"

    # ------------------------------------------------------------ driver
    def chunk(self, target):
        r = self.r
        parts = []
        n = lines = phi_lines = 0
        while n < target:
            self.t += r.random() * 0.02
            k = r.random()
            phi = r.random() < 0.012
            nl = 1
            if k < 0.16:
                s, kind = self.klog(phi), "klog"
            elif k < 0.28:
                s, kind = self.syslog(phi), "syslog"
            elif k < 0.36:
                (s, nl), kind = self.postgres(phi), "postgres"
            elif k < 0.48:
                (s, nl), kind = self.python(phi), "python"
            elif k < 0.54:
                s, kind = self.nginx_err(phi), "nginx_error"
            elif k < 0.60:
                s, kind = self.audit_json(phi), "audit_json"
            elif k < 0.66:
                (s, nl), kind = self.csv_rows(phi), "csv"
            elif k < 0.72:
                s, kind = self.winevent(phi), "winevent"
            elif k < 0.92:
                phi = r.random() < 0.03
                s, kind = self.freetext(phi), "freetext"
            elif k < 0.935:
                s, kind, phi = self.hl7_cr(), "hl7_cr", True
            elif k < 0.9995:
                s, kind, phi = self.short(), "short", False
            else:
                s, kind, phi = self.long_line(), "long", False
            parts.append(s)
            n += len(s)
            lines += nl
            phi_lines += int(phi)
            self.kinds[kind] = self.kinds.get(kind, 0) + nl
        return "".join(parts), lines, phi_lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", required=True, help="bytes to write: 100M, 1G, 500K ...")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--stats", help="write statistics as JSON here")
    a = ap.parse_args()
    size = parse_size(a.size)
    g = Gen(a.seed)
    out = sys.stdout if a.output == "-" else open(a.output, "w", newline="")
    written = lines = phi_lines = 0
    pending = ""
    while written < size:
        s, nl, p = g.chunk(1 << 20)
        lines += nl
        phi_lines += p
        s = pending + s
        if written + len(s) >= size:
            # cut at the last newline at or before the requested size
            cut = s.rfind("\n", 0, size - written)
            s = s[:cut + 1] if cut >= 0 else s[:size - written]
            out.write(s)
            written += len(s)
            break
        out.write(s)
        written += len(s)
    out.flush()
    st = {"generator": "gen_mixed.py", "seed": a.seed, "bytes": written, "lines_approx": lines,
          "phi_lines_approx": phi_lines, "phi_kinds": g.phi, "line_kinds": g.kinds}
    if a.stats:
        json.dump(st, open(a.stats, "w"), indent=1)
    else:
        sys.stderr.write(json.dumps(st) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()

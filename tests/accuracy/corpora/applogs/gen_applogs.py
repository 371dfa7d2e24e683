#!/usr/bin/env python3
"""Labelled application logs in outside formats, with outside identities.

Formats gen_labeled.py does not write: logrus, zap, pino, bunyan and
Serilog JSON lines (messages with \\n, \\t, \\r\\n and \\u escapes, nested
objects, .NET's escaping of every non-ASCII letter), Python logging,
log4j/logback and Spring Boot patterns, nginx and envoy access logs with
URL-encoded query strings and logged form bodies, CSV and pipe-delimited
exports with a header or none, Mirth-style HL7 dumps, FHIR bundles; the
encoded and near-miss forms of issue 13 (form names "i13:..."); letter-
prefixed record and payer ids; and clean lines of the same formats.

Identities come from faker (../faker/identities.json). Labels: see
../corpuslib.py; setting "structured" for a value under a key, in a column
or an HL7/FHIR field, "free" in a message. A URL-encoded value is labelled
as written (John%20Smith), a JSON-escaped one as its escaped bytes.

    python3 gen_applogs.py -o applogs.jsonl     # what the test reads (committed)
"""
import argparse
import datetime as dt
import json
import os
import sys
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import corpuslib  # noqa: E402
from corpuslib import Line  # noqa: E402

DEFAULT_SEED = 161803
DEFAULT_PHI = 13500
DEFAULT_CLEAN = 8500

# Keys real applications use, per category; some are in phiscrub's key lists,
# many are not.
KEYS = {
    "SSN": ["ssn", "SSN", "socialSecurityNumber", "patientSsn", "ssnNumber", "national_id", "taxId", "SocialSecurity"],
    "MRN": ["mrn", "MRN", "medicalRecordNumber", "chartNumber", "chart_no", "mrNumber", "emrId", "PatientMRN"],
    "PATIENT_ID": ["patientId", "patient_id", "patientKey", "PatientID", "ptId", "personId", "subjectId"],
    "MEMBER_ID": ["memberId", "member_id", "subscriberId", "insuredId", "policyMemberNo", "healthPlanId", "mbi", "payerMemberId"],
    "ACCOUNT_ID": ["accountNumber", "account_no", "guarantorAccount", "billingAccount", "acct", "bankAccount"],
    "ENCOUNTER_ID": ["encounterId", "visitNumber", "visit_id", "admissionId", "encounter", "csn"],
    "DATE": ["dob", "dateOfBirth", "birthDate", "DOB", "birth_dt", "admitDate", "dischargeDate", "serviceDate", "dod"],
    "PHONE": ["phone", "phoneNumber", "mobile", "cell", "homePhone", "callbackNumber", "contactPhone", "tel", "msisdn", "smsTo"],
    "FAX": ["fax", "faxNumber", "fax_to", "referralFax"],
    "EMAIL": ["email", "emailAddress", "mail", "contactEmail", "notifyEmail", "username"],
    "ZIP": ["zip", "zipCode", "postalCode", "postcode", "zip5"],
    "ADDRESS": ["address", "street", "addressLine1", "line1", "homeAddress", "street_address"],
    "LOCATION": ["city", "town", "county", "facility", "hospital", "clinicName", "placeOfService"],
    "AGE": ["age", "ageYears", "patientAge"],
    "LICENSE": ["driversLicense", "dlNumber", "license_no", "driverLicenseNumber", "dl"],
    "CARD": ["cardNumber", "pan", "ccNumber", "card", "creditCard", "paymentCard"],
    "VIN": ["vin", "vehicleVin", "vehicle_vin"],
    "DEVICE_ID": ["deviceSerial", "serialNumber", "udi", "device_udi", "pumpSerial", "implantUdi"],
    "IBAN": ["iban", "IBAN", "payoutIban", "debtorIban"],
}
NAME_KEYS = ["name", "patientName", "fullName", "displayName", "contactName", "insuredName", "beneficiaryName",
             "nokName", "guarantor", "PatientName", "subscriber", "emergencyContact", "provider", "attending"]
FIRST_KEYS = ["first_name", "firstName", "givenName", "fname", "first"]
LAST_KEYS = ["last_name", "lastName", "familyName", "lname", "surname", "last"]

SERVICES = ["intake-api", "scheduling", "claims-gw", "notify-svc", "billing", "portal-web", "eligibility",
            "rx-router", "lab-results", "device-hub", "payments", "referrals"]
GO_FILES = ["intake/handler.go", "notify/sms.go", "claims/submit.go", "portal/session.go", "payments/charge.go"]
JAVA_LOG = ["c.a.intake.PatientController", "o.s.web.servlet.DispatcherServlet", "c.a.billing.StatementJob",
            "com.acme.notify.SmsSender", "com.acme.claims.X12Writer", "c.a.portal.LoginFilter"]
PY_LOG = ["intake.views", "notify.tasks", "claims.worker", "portal.auth", "rx.sync", "celery.app.trace"]


class Lab:
    """A labelled JSON string value; its escaped bytes are the span."""

    def __init__(self, text, cat, form, setting="structured"):
        self.text, self.cat, self.form, self.setting = text, cat, form, setting


class LStr:
    """A JSON string made of pieces (text,) or (text, cat, setting, form)."""

    def __init__(self, pieces):
        self.pieces = pieces


class Raw:
    """Bytes written as they are: a bare JSON number, or an escape a
    serializer chose (\u0020) inside an LStr."""

    def __init__(self, text):
        self.text = text


class Num:
    """A bare JSON number that is a labelled value."""

    def __init__(self, text, cat, form):
        self.text, self.cat, self.form = text, cat, form


def jesc(t, ascii_only):
    return json.dumps(t, ensure_ascii=ascii_only)[1:-1]


def jpieces(obj, ascii_only=False, spaced=False):
    colon, comma = (": ", ", ") if spaced else (":", ",")
    out = []

    def walk(o):
        if isinstance(o, dict):
            out.append(("{",))
            for i, (k, v) in enumerate(o.items()):
                out.append(('%s"%s"%s' % (comma if i else "", jesc(k, ascii_only), colon),))
                walk(v)
            out.append(("}",))
        elif isinstance(o, list):
            out.append(("[",))
            for i, v in enumerate(o):
                if i:
                    out.append((comma,))
                walk(v)
            out.append(("]",))
        elif isinstance(o, Lab):
            out.extend([('"',), (jesc(o.text, ascii_only), o.cat, o.setting, o.form), ('"',)])
        elif isinstance(o, Num):
            out.append((o.text, o.cat, "structured", o.form))
        elif isinstance(o, Raw):
            out.append((o.text,))
        elif isinstance(o, LStr):
            out.append(('"',))
            for p in o.pieces:
                if isinstance(p[0], Raw):
                    out.append((p[0].text,))
                else:
                    out.append((jesc(p[0], ascii_only),) + tuple(p[1:]))
            out.append(('"',))
        else:
            out.append((json.dumps(o, ensure_ascii=ascii_only),))
    walk(obj)
    return out


def pct(text, plus=False):
    """Percent-encoding as a browser or client library writes a value."""
    if plus:
        return urllib.parse.quote_plus(text, safe="-._~")
    return urllib.parse.quote(text, safe="-._~")


class App(corpuslib.Gen):
    def __init__(self, seed):
        super().__init__(seed)
        self.t = dt.datetime(2024, 5, 6, 8, 0, 0)

    # ------------------------------------------------------------ time
    def tick(self):
        self.t += dt.timedelta(milliseconds=self.num(1, 20000))
        return self.t

    def iso(self):
        t = self.tick()
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % self.num(0, 999)

    def epoch(self):
        return int(self.tick().replace(tzinfo=dt.timezone.utc).timestamp())

    # ------------------------------------------------------------ values
    def value(self, cat):
        """(text, form) of a PHI value of cat, in a shape apps store."""
        p = self.person()
        if cat == "SSN":
            return self.ssn_text(self.pick(["-", "-", "-", ""])), "ssn"
        if cat == "MRN":
            return self.mrn()
        if cat == "PATIENT_ID":
            k = self.num(0, 3)
            if k == 0:
                return self.uuid(), "patient:uuid"
            if k == 1:
                return "P" + self.digits(8), "patient:letter-prefixed"
            return self.digits(self.num(6, 9), True), "patient:digits"
        if cat == "MEMBER_ID":
            return self.member_id()
        if cat == "ACCOUNT_ID":
            return self.account()
        if cat == "IBAN":
            return self.iban()
        if cat == "ENCOUNTER_ID":
            return self.encounter()
        if cat == "DATE":
            y, m, d = self.date(1925, 2010)
            f = self.pick(["iso", "iso", "us-slash", "compact", "us-dash", "month-day-year"])
            if f == "compact":
                return "%d%02d%02d" % (y, m, d), "date:yyyymmdd"
            return self.date_text(f, y, m, d)
        if cat in ("PHONE", "FAX"):
            if self.chance(0.15):
                return "+1" + "".join(self.nanp()), "phone:e164"
            pc = self.phone_pieces(self.pick(["paren", "dash", "dots", "bare", "spaces"]), cat=cat)
            core = [x for x in pc if len(x) > 1][0]
            return core[0], core[3]
        if cat == "EMAIL":
            return self.email(p), "email"
        if cat == "ZIP":
            return "%05d" % self.num(1001, 99950) + self.pick(["", "", "-%04d" % self.num(0, 9999)]), "zip"
        if cat == "ADDRESS":
            return self.street_line()[0], "address:street"
        if cat == "LOCATION":
            k = self.num(0, 3)
            if k == 0:
                return self.hospital(), "location:hospital"
            if k == 1:
                return self.clinic(), "location:clinic"
            if k == 2:
                return self.county(), "location:county"
            return self.city(), "location:city"
        if cat == "AGE":
            return str(self.num(90, 104)), "age:over-89"
        if cat == "LICENSE":
            v, st = self.dl()
            return v, "license:" + st
        if cat == "CARD":
            t, issuer, f = self.card()
            return t, f
        if cat == "VIN":
            return self.vin()[0], "vin"
        if cat == "DEVICE_ID":
            if self.chance(0.5):
                return self.udi()
            return self.device_serial(), "device:serial"
        if cat == "NAME":
            return self.name_text(p)
        raise KeyError(cat)

    def name_text(self, p=None):
        p = p or self.person()
        k = self.num(0, 9)
        if k <= 5:
            return "%s %s" % (p["first"], p["last"]), "name:full"
        if k == 6:
            return "%s, %s" % (p["last"], p["first"]), "name:last-comma-first"
        if k == 7:
            return ("%s %s" % (p["first"], p["last"])).upper(), "name:capitals"
        if k == 8 and p["middle"]:
            return "%s %s. %s" % (p["first"], p["middle"][0], p["last"]), "name:middle-initial"
        return "%s %s" % (p["first"], p["last"]), "name:full"

    def key_for(self, cat):
        if cat == "NAME":
            return self.pick(NAME_KEYS)
        return self.pick(KEYS[cat])

    def label_cat(self, cat):
        return "ACCOUNT_ID" if cat == "IBAN" else cat

    def field(self, cat):
        """(key, Lab) for a structured field of cat."""
        text, form = self.value(cat)
        return self.key_for(cat), Lab(text, self.label_cat(cat), form)

    PHI_CATS = ["SSN", "MRN", "PATIENT_ID", "MEMBER_ID", "ACCOUNT_ID", "IBAN", "ENCOUNTER_ID", "DATE", "PHONE",
                "FAX", "EMAIL", "ZIP", "ADDRESS", "LOCATION", "AGE", "LICENSE", "CARD", "VIN", "DEVICE_ID", "NAME",
                "NAME", "NAME", "DATE", "PHONE"]

    # ------------------------------------------------------------ messages
    MSGS = [
        ("created patient record for {NAME} dob {DATE}", "free"),
        ("sms reminder sent to {PHONE} for appointment {ENC}", "free"),
        ("eligibility check for member {MEMBER_ID} returned inactive", "free"),
        ("payment declined for card {CARD}", "free"),
        ("refund queued to IBAN {IBAN}", "free"),
        ("duplicate MRN {MRN} found while merging {NAME}", "free"),
        ("address changed to {ADDRESS} by portal user", "free"),
        ("patient {NAME} checked in at {LOCATION}", "free"),
        ("referral faxed to {FAX}", "free"),
        ("welcome email bounced for {EMAIL}", "free"),
        ("identity verified with DL {LICENSE}", "free"),
        ("device {DEVICE_ID} paired for patient {PATIENT_ID}", "free"),
        ("claim rejected: subscriber {NAME} member id {MEMBER_ID} dob {DATE}", "free"),
        ("MVA claim opened, vehicle VIN {VIN}", "free"),
        ("could not geocode {ADDRESS}, zip {ZIP}", "free"),
        ("callback requested by {NAME} at {PHONE}", "free"),
        ("ssn {SSN} failed checksum for {NAME}", "free"),
        ("account {ACCOUNT_ID} sent to collections", "free"),
        ("age {AGE} exceeds plan limit", "free"),
        ("statement mailed to {NAME}, {ADDRESS}", "free"),
    ]

    def message(self, ascii_only=False):
        """A free-text message with PHI slots: pieces for LStr."""
        tpl, setting = self.pick(self.MSGS)
        pieces = []
        rest = tpl
        while "{" in rest:
            a, b = rest.split("{", 1)
            slot, rest = b.split("}", 1)
            if a:
                pieces.append((a,))
            if slot == "ENC":
                v, f = self.encounter()
                pieces.append((v, "ENCOUNTER_ID", "free", f))
                continue
            v, f = self.value(slot)
            pieces.append((v, self.label_cat(slot), "free", f))
        if rest:
            pieces.append((rest,))
        return pieces

    def escaped_message(self):
        """issue 13: an escape just before the value: "intake form\\n123-45-6789 verified"."""
        esc = self.pick(["\n", "\t", "\r\n", " ", "\n\n", "\t"])
        form = {"\n": "i13:json-escape-before:\\n", "\t": "i13:json-escape-before:\\t",
                "\r\n": "i13:json-escape-before:\\r\\n", " ": "i13:json-escape-before:\\u0020",
                "\n\n": "i13:json-escape-before:\\n"}[esc]
        sep = (Raw("\\u0020"),) if esc == " " else (esc,)
        cat = self.pick(["SSN", "PHONE", "NAME", "DATE", "MRN", "EMAIL", "SSN"])
        v, _ = self.value(cat)
        lead = self.pick(["intake form", "note:", "Patient summary", "scanned document text", "free text",
                          "comment", "OCR result"])
        tail = self.pick([" verified", "", " (unverified)", "\nend of note", " on file"])
        return [(lead,), sep, (v, cat, "free", form), (tail,)]

    # ------------------------------------------------------------ shapes
    def logrus(self, clean):
        d = {}
        if clean:
            fields = {"component": self.pick(SERVICES), "duration_ms": self.num(1, 900), "status": self.pick([200, 204, 404])}
            msg = self.pick(["request completed", "cache warmed", "worker started", "lease renewed", "batch flushed"])
        else:
            fields = {}
            for _ in range(self.num(1, 3)):
                k, v = self.field(self.pick(self.PHI_CATS))
                fields[k] = v
            msg = LStr(self.message()) if self.chance(0.5) else self.pick(["patient updated", "lookup", "claim submitted", "notification sent"])
        d.update(fields)
        d["level"] = self.pick(["info", "warning", "error", "debug"])
        d["msg"] = msg
        d["time"] = self.iso()
        d = dict(sorted(d.items()))
        return jpieces(d)

    def zap(self, clean):
        d = {"level": self.pick(["info", "warn", "error", "debug"]), "ts": Raw("%d.%06d" % (self.epoch(), self.num(0, 999999))),
             "caller": "%s:%d" % (self.pick(GO_FILES), self.num(20, 400))}
        if clean:
            d["msg"] = self.pick(["handled request", "retrying", "shutting down", "flushed spans"])
            d["trace_id"] = self.hexs(32)
            d["attempt"] = self.num(1, 5)
        else:
            d["msg"] = LStr(self.message()) if self.chance(0.4) else self.pick(["patient upsert", "sending sms", "charge attempt"])
            pat = {}
            k = self.num(0, 2)
            if k == 0:
                p = self.person()
                pat["name"] = {"given": Lab(p["first"], "NAME", "name:given"), "family": Lab(p["last"], "NAME", "name:family")}
            else:
                pk, pv = self.field("NAME")
                pat[pk] = pv
            for _ in range(self.num(1, 3)):
                fk, fv = self.field(self.pick(self.PHI_CATS))
                pat[fk] = fv
            d[self.pick(["patient", "subject", "member", "contact", "payload"])] = pat
        return jpieces(d)

    def pino(self, clean):
        d = {"level": self.pick([30, 30, 40, 50]), "time": self.epoch() * 1000 + self.num(0, 999), "pid": self.num(100, 9999),
             "hostname": "%s-%s" % (self.pick(SERVICES), self.hexs(5)), "reqId": "req-%s" % self.alnum_upper(4).lower()}
        if clean:
            d["req"] = {"method": "GET", "url": "/api/v1/slots?date=2024-05-%02dT09:00:00Z&clinic=%d" % (self.num(1, 28), self.num(1, 99)),
                        "remoteAddress": "::1", "remotePort": self.num(1024, 65535)}
            d["res"] = {"statusCode": self.pick([200, 304])}
            d["responseTime"] = self.num(1, 900) / 10
            d["msg"] = "request completed"
            return jpieces(d)
        k = self.num(0, 2)
        if k == 0:
            # A URL-encoded query in the logged request.
            qk = self.pick(["q", "search", "term", "filter"])
            name, nf = self.name_text()
            ssn = self.ssn_text()
            url_pieces = [("/api/patients/search?%s=" % qk,), (pct(name), "NAME", "structured", "i13:pct-query-value"),
                          ("%20",), (ssn, "SSN", "structured", "i13:pct-query-value"), ("&limit=%d" % self.num(5, 50),)]
            d["req"] = {"method": "GET", "url": LStr(url_pieces), "remoteAddress": Lab(self.ip4(), "IP", "ip")}
            d["msg"] = "incoming request"
        elif k == 1:
            ssn = self.ssn_text()
            url = [("/login?redirect=%s" % pct("/api?ssn="),), (ssn, "SSN", "structured", "i13:pct-nested"),
                   ("&lang=en",)]
            d["req"] = {"method": "GET", "url": LStr(url)}
            d["msg"] = "redirecting unauthenticated request"
        else:
            fk, fv = self.field(self.pick(self.PHI_CATS))
            d["body"] = {fk: fv}
            d["msg"] = LStr(self.message())
        return jpieces(d)

    def bunyan(self, clean):
        d = {"name": self.pick(SERVICES), "hostname": "ip-10-%d-%d-%d" % (self.num(0, 255), self.num(0, 255), self.num(0, 255)),
             "pid": self.num(100, 9999), "level": self.pick([30, 40, 50])}
        if clean:
            d["msg"] = self.pick(["listening", "job done", "connected to broker"])
            d["port"] = self.pick([3000, 8080, 5672])
        else:
            d["patient"] = {}
            for _ in range(self.num(2, 4)):
                fk, fv = self.field(self.pick(self.PHI_CATS))
                d["patient"][fk] = fv
            if self.chance(0.3):
                d["patient"]["contacts"] = [{"relationship": self.pick(["SPOUSE", "CHILD", "PARENT"]),
                                             "name": self.lab_name(), "phone": self.field("PHONE")[1]}]
            d["msg"] = self.pick(["patient synced", "sync conflict", "record saved"])
        d["time"] = self.iso()
        d["v"] = 0
        return jpieces(d)

    def lab_name(self):
        t, f = self.name_text()
        return Lab(t, "NAME", f)

    def serilog(self, clean):
        """.NET: System.Text.Json escapes every non-ASCII letter as \\uXXXX."""
        d = {"@t": self.iso(), "@l": self.pick(["Information", "Warning", "Error"])}
        if clean:
            d["@mt"] = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms"
            d.update({"RequestMethod": "GET", "RequestPath": "/health", "StatusCode": 200,
                      "Elapsed": self.num(1, 9999) / 100, "SourceContext": "Serilog.AspNetCore.RequestLoggingMiddleware"})
            return jpieces(d, ascii_only=True)
        k = self.num(0, 2)
        if k == 0:
            p = self.person()
            d["@mt"] = "Admitted {PatientName} born {BirthDate} to {Ward}"
            d["PatientName"] = Lab("%s %s" % (p["first"], p["last"]), "NAME",
                                   "i13:json-u-escape" if not (p["first"] + p["last"]).isascii() else "name:full")
            bd, bf = self.value("DATE")
            d["BirthDate"] = Lab(bd, "DATE", bf)
            d["Ward"] = self.pick(["4 West", "ICU", "Maternity"])
        elif k == 1:
            # The rendered message: values inside the free text, escaped.
            p = self.person()
            name = "%s %s" % (p["first"], p["last"])
            form = "i13:json-u-escape" if not name.isascii() else "name:full"
            d["@m"] = LStr([("Sent reminder to \"",), (name, "NAME", "free", form), ("\" at ",),
                            (self.value("PHONE")[0], "PHONE", "free", "phone:in-message")])
            d["@i"] = self.hexs(8)
        else:
            fk, fv = self.field(self.pick(self.PHI_CATS))
            d["@mt"] = "Updated {Field} for {%s}" % fk
            d["Field"] = fk
            d[fk] = fv
        d["SourceContext"] = self.pick(["Intake.Api.Controllers.PatientsController", "Billing.Worker.StatementJob"])
        return jpieces(d, ascii_only=True)

    def json_escape_line(self, clean):
        """issue 13: {"msg":"intake form\\n123-45-6789 verified"} in some JSON logger."""
        d = {"level": "info", "time": self.iso(), "service": self.pick(SERVICES)}
        d["msg"] = LStr(self.escaped_message())
        return jpieces(d)

    def python_logging(self, clean):
        t = self.tick()
        k = self.num(0, 2)
        if k == 0:
            pre = "%s,%03d - %s - %s - " % (t.strftime("%Y-%m-%d %H:%M:%S"), self.num(0, 999), self.pick(PY_LOG), self.pick(["INFO", "WARNING", "ERROR"]))
        elif k == 1:
            pre = "%s:%s:" % (self.pick(["INFO", "WARNING", "ERROR"]), self.pick(PY_LOG))
        else:
            pre = "[%s,%03d] %s in %s: " % (t.strftime("%Y-%m-%d %H:%M:%S"), self.num(0, 999), self.pick(["INFO", "WARNING"]), self.pick(["app", "views", "tasks"]))
        if clean:
            return [(pre + self.pick(["Task notify.tasks.send_batch[%s] succeeded in %.3fs: None" % (self.uuid(), self.num(1, 9999) / 1000),
                                      "Starting new HTTPS connection (1): api.example.com:443",
                                      "worker ready, concurrency=%d" % self.num(2, 16),
                                      "\"GET /static/app.js HTTP/1.1\" 200 %d" % self.num(100, 99999)]),)]
        if self.chance(0.4):
            # Python reprs of dicts and tuples.
            fk, fv = self.field(self.pick(self.PHI_CATS))
            gk, gv = self.field(self.pick(self.PHI_CATS))
            return [(pre + "payload={'%s': '" % fk,), (fv.text, fv.cat, "structured", fv.form),
                    ("', '%s': '" % gk,), (gv.text, gv.cat, "structured", gv.form), ("'}",)]
        return [(pre,)] + self.message()

    def java_pattern(self, clean):
        t = self.tick()
        k = self.num(0, 2)
        thread = self.pick(["main", "http-nio-8080-exec-%d" % self.num(1, 40), "pool-2-thread-%d" % self.num(1, 8), "scheduling-1"])
        if k == 0:
            pre = "%s.%03d  %s %d --- [%15s] %-40s : " % (t.strftime("%Y-%m-%d %H:%M:%S"), self.num(0, 999), self.pick(["INFO", "WARN", "ERROR"]),
                                                          self.num(1, 9999), thread[-15:], self.pick(JAVA_LOG))
        elif k == 1:
            pre = "%s.%03d [%s] %s %s - " % (t.strftime("%H:%M:%S"), self.num(0, 999), thread, self.pick(["INFO ", "DEBUG", "WARN "]), self.pick(JAVA_LOG))
        else:
            pre = "[%s] %s,%03d [%s] %s - " % (self.pick(["INFO ", "WARN ", "ERROR"]), t.strftime("%Y-%m-%d %H:%M:%S"), self.num(0, 999), thread, self.pick(JAVA_LOG).split(".")[-1])
        if clean:
            return [(pre + self.pick(["Completed initialization in %d ms" % self.num(1, 99), "HikariPool-1 - Start completed.",
                                      "Tomcat started on port(s): 8080 (http) with context path ''",
                                      "Job statementJob finished, %d items written" % self.num(0, 9999)]),)]
        if self.chance(0.35):
            # toString() of an entity: Patient(id=..., name=..., ...)
            cls = self.pick(["Patient", "Member", "Guarantor", "Contact"])
            out = [(pre + "saving %s(" % cls,)]
            for i in range(self.num(2, 4)):
                fk, fv = self.field(self.pick(self.PHI_CATS))
                out += [(("" if i == 0 else ", ") + fk + "=",), (fv.text, fv.cat, "structured", fv.form)]
            out.append((")",))
            return out
        return [(pre,)] + self.message()

    def access_log(self, clean):
        ip = self.ip4()
        t = self.tick()
        ts = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        ua = self.pick(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
                        "okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP1A)", "axios/1.6.8"])
        if clean:
            path = self.pick(["/api/v1/slots?clinic=%d&week=%d" % (self.num(1, 99), self.num(1, 52)), "/healthz",
                              "/static/js/app.%s.js" % self.hexs(8), "/api/v2/orders/%d/status" % self.num(1, 10 ** 7)])
            return [('%s - - [%s] "GET %s HTTP/1.1" 200 %d "-" "%s"' % ("lb-internal", ts, path, self.num(100, 99999), ua),)]
        pieces = []
        k = self.num(0, 5)
        if k == 0:
            name, _ = self.name_text()
            q = [("/portal/search?name=",), (pct(name, plus=True), "NAME", "structured", "i13:plus-form"),
                 ("&dob=",), (pct(self.value("DATE")[0]), "DATE", "structured", "date:pct-encoded")]
        elif k == 1:
            mrn, _ = self.mrn()
            q = [("/api/lookup?text=%s" % pct("MRN: "),), (mrn, "MRN", "structured", "i13:pct-label"),
                 ("&src=fax",)]
        elif k == 2:
            p = self.person()
            q = [("/api/v1/patients?first=",), (pct(p["first"]), "NAME", "structured", "name:query"),
                 ("&last=",), (pct(p["last"]), "NAME", "structured", "name:query"),
                 ("&phone=",), (pct(self.value("PHONE")[0]), "PHONE", "structured", "phone:pct-encoded")]
        elif k == 3:
            pid = self.digits(8, True)
            q = [("/fhir/Patient/",), (pid, "URL", "structured", "url:patient-path"), ("/$everything",)]
        elif k == 4:
            name, _ = self.name_text()
            q = [("/api/search?q=",), (pct(name), "NAME", "structured", "i13:pct-query-value"), ("%20",),
                 (self.ssn_text(), "SSN", "structured", "i13:pct-query-value")]
        else:
            em = self.email()
            q = [("/unsubscribe?email=",), (pct(em), "EMAIL", "structured", "email:pct-encoded"), ("&t=%s" % self.hexs(16),)]
        if self.chance(0.5):
            pieces = [(ip, "IP", "structured", "ip"), (' - - [%s] "GET ' % ts,)] + q + \
                     [(' HTTP/1.1" %d %d "-" "%s"' % (self.pick([200, 302, 404]), self.num(100, 99999), ua),)]
        else:
            # envoy's default access log format
            pieces = [('[%s] "GET ' % self.iso(),)] + q + \
                     [(' HTTP/1.1" %d - 0 %d %d %d "' % (self.pick([200, 503]), self.num(100, 9999), self.num(1, 999), self.num(1, 999)),),
                      (ip, "IP", "structured", "ip"),
                      ('" "%s" "%s" "api.internal" "%s-%d:8080"' % (ua, self.uuid(), self.pick(SERVICES), self.num(0, 9)),)]
        return pieces

    def form_body(self, clean):
        t = self.tick()
        pre = "%s DEBUG [%s] request body: " % (t.strftime("%Y-%m-%d %H:%M:%S"), self.pick(SERVICES))
        if clean:
            return [(pre + "grant_type=client_credentials&scope=read+write&client_id=%s" % self.hexs(16),)]
        p = self.person()
        pieces = [(pre + "first_name=",), (pct(p["first"], plus=True), "NAME", "structured", "name:form"),
                  ("&last_name=",), (pct(p["last"], plus=True), "NAME", "structured", "name:form")]
        if self.chance(0.5):
            pieces = [(pre + "name=",), (pct("%s %s" % (p["first"], p["last"]), plus=True), "NAME", "structured", "i13:plus-form")]
        for cat in self.r.sample(["DATE", "PHONE", "EMAIL", "ADDRESS", "SSN", "ZIP"], self.num(1, 3)):
            v, f = self.value(cat)
            pieces += [("&%s=" % self.key_for(cat),), (pct(v, plus=True), cat, "structured", f + ":form-encoded")]
        pieces.append(("&consent=on",))
        return pieces

    CSV_COLS = [("mrn", "MRN"), ("last_name", "NAME"), ("first_name", "NAME"), ("dob", "DATE"), ("ssn", "SSN"),
                ("phone", "PHONE"), ("email", "EMAIL"), ("zip", "ZIP"), ("member_id", "MEMBER_ID")]

    def csv_header(self):
        cols = self.r.sample(self.CSV_COLS, self.num(4, 7))
        return cols

    def csv_row(self, clean):
        sep = self.pick([",", ",", "|", "|", "\t", ";"])
        if clean:
            cols = ["order_id", "sku", "qty", "status", "updated_at"]
            if self.chance(0.15):
                return [(sep.join(c for c, _ in self.csv_header()),)]
            if self.chance(0.2):
                return [(sep.join(cols),)]
            t = self.tick()
            return [(sep.join([self.digits(8, True), self.alnum_upper(6), str(self.num(1, 20)), self.pick(["SHIPPED", "OPEN"]),
                                t.strftime("%Y-%m-%d %H:%M:%S")]),)]
        p = self.person()
        k = self.num(0, 3)
        out = []
        if self.chance(0.25):
            out.append(("export row %d: " % self.num(1, 99999),))
        fields = []
        # The record id first, bare (issue 13: a bare identifier beside other PHI).
        rid = self.pick([(self.digits(8, True), "MRN", "i13:csv-bare-id"), ("A" + self.digits(7), "MRN", "i13:letter-prefixed-id"),
                         ("PT" + self.digits(6), "PATIENT_ID", "i13:letter-prefixed-id")])
        fields.append([(rid[0], rid[1], "structured", rid[2])])
        if k == 0:
            fields.append([("%s,%s" % (p["last"], p["first"]), "NAME", "structured", "i13:surname-comma-first")]
                          if sep != "," else [('"%s,%s"' % (p["last"], p["first"]),)])
            if sep == ",":
                fields[-1] = [('"',), ("%s,%s" % (p["last"], p["first"]), "NAME", "structured", "i13:surname-comma-first"), ('"',)]
        else:
            last, first = p["last"], p["first"]
            if k == 1:
                last, first = last.upper(), first.upper()
            fields.append([(last, "NAME", "structured", "name:csv-last")])
            fields.append([(first, "NAME", "structured", "name:csv-first")])
        y, m, d = self.date(1925, 2010)
        dtext = self.pick(["%d-%02d-%02d" % (y, m, d), "%02d/%02d/%d" % (m, d, y), "%d%02d%02d" % (y, m, d)])
        fields.append([(dtext, "DATE", "structured", "date:csv")])
        fields.append([(self.ssn_text(self.pick(["-", ""])), "SSN", "structured", "ssn:csv")])
        ph = self.phone_pieces(self.pick(["paren", "dash", "bare", "dots"]), setting="structured")
        fields.append([x for x in ph if len(x) > 1])
        if self.chance(0.4):
            mem, mf = self.member_id()
            fields.append([(mem, "MEMBER_ID", "structured", "i13:letter-prefixed-id" if mem[0].isalpha() else mf)])
        if self.chance(0.3):
            fields.append([(self.email(p), "EMAIL", "structured", "email")])
        for i, f in enumerate(fields):
            if i:
                out.append((sep,))
            out.extend(f)
        return out

    def hl7_dump(self, clean):
        t = self.tick()
        pre = "%s INFO  [%s] c.m.s.c.d.DefaultChannelProcessor: message received: " % (
            t.strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % self.num(0, 999), self.pick(["Channel Reader Thread", "ADT-IN Source", "pool-3-thread-1"]))
        br = self.pick(["\\r", "\\n", "\\r\\n", " "])
        msh = "MSH|^~\\&|EPIC|%s|MIRTH|HUB|%s||ADT^A%02d|%s|P|2.5.1" % (
            self.pick(["MAINHOSP", "NORTHCL", "LAB1"]), t.strftime("%Y%m%d%H%M%S"), self.pick([1, 3, 4, 8]), self.digits(10))
        if clean:
            return [(pre + msh + br + "EVN|A08|%s" % t.strftime("%Y%m%d%H%M%S"),)]
        p = self.person()
        a = self.pick(self.addresses)
        y, m, d = self.date(1925, 2015)
        mrn = self.digits(8, True)
        out = [(pre + msh + br + "PID|1||",), (mrn, "MRN", "structured", "hl7:pid3"), ("^^^MAINHOSP^MR||",),
               (p["last"].upper(), "NAME", "structured", "hl7:pid5"), ("^",), (p["first"].upper(), "NAME", "structured", "hl7:pid5"),
               ("||",), ("%d%02d%02d" % (y, m, d), "DATE", "structured", "hl7:pid7"), ("|%s|||" % self.pick("MFU"),),
               ("%s %s" % (a["number"], a["street"]), "ADDRESS", "structured", "hl7:pid11"), ("^^",),
               (a["city"], "LOCATION", "structured", "hl7:pid11-city"), ("^%s^" % a["state"],), (a["zip"][:5], "ZIP", "structured", "hl7:pid11"),
               ("||",)]
        ph = self.nanp()
        out += [("(%s)%s-%s" % ph, "PHONE", "structured", "hl7:pid13"), ("|||||",),
                (self.digits(9, True), "ACCOUNT_ID", "structured", "hl7:pid18"), ("|",), (self.ssn_text(""), "SSN", "structured", "hl7:pid19")]
        if self.chance(0.5):
            q = self.person()
            out += [(br + "NK1|1|",), (q["last"].upper(), "NAME", "structured", "hl7:nk1-2"), ("^",),
                    (q["first"].upper(), "NAME", "structured", "hl7:nk1-2"), ("|SPO^Spouse^HL70063|",)]
        if self.chance(0.5):
            txt = self.message()
            out += [(br + "OBX|1|TX|NOTE^Note||",)] + txt + [("||||||F",)]
        return out

    def fhir(self, clean):
        if clean:
            return jpieces({"resourceType": "Bundle", "type": "searchset", "total": 0, "link": [{"relation": "self", "url": "https://fhir.example.org/Patient?_count=0"}]})
        p = self.person()
        a = self.pick(self.addresses)
        y, m, d = self.date(1925, 2015)
        pat = {"resourceType": "Patient", "id": self.hexs(12),
               "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": Lab(self.digits(8, True), "MRN", "fhir:identifier")}],
               "name": [{"family": Lab(p["last"], "NAME", "fhir:family"), "given": [Lab(p["first"], "NAME", "fhir:given")]}],
               "telecom": [{"system": "phone", "value": Lab("%s-%s-%s" % self.nanp(), "PHONE", "fhir:telecom")}],
               "birthDate": Lab("%d-%02d-%02d" % (y, m, d), "DATE", "fhir:birthDate"),
               "address": [{"line": [Lab("%s %s" % (a["number"], a["street"]), "ADDRESS", "fhir:address-line")],
                            "city": Lab(a["city"], "LOCATION", "fhir:address-city"), "state": a["state"],
                            "postalCode": Lab(a["zip"][:5], "ZIP", "fhir:postalCode")}]}
        bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": pat, "request": {"method": "POST", "url": "Patient"}}]}
        if self.chance(0.4):
            cov = {"resourceType": "Coverage", "subscriberId": Lab(self.member_id()[0], "MEMBER_ID", "fhir:subscriberId"),
                   "beneficiary": {"reference": LStr([("Patient/",), (self.digits(7, True), "PATIENT_ID", "structured", "fhir:reference")])}}
            bundle["entry"].append({"resource": cov})
        if self.chance(0.3):
            dev = {"resourceType": "Device", "udiCarrier": [{"carrierHRF": Lab(self.udi()[0], "DEVICE_ID", "fhir:udi")}],
                   "serialNumber": Lab(self.device_serial(), "DEVICE_ID", "fhir:serial")}
            bundle["entry"].append({"resource": dev})
        pieces = jpieces(bundle)
        if self.chance(0.5):
            t = self.tick()
            pieces = [("%s DEBUG fhir-client POST /fhir body=" % t.strftime("%Y-%m-%dT%H:%M:%S"),)] + pieces
        return pieces

    def near_miss(self, clean):
        """issue 13's near-miss forms, in the plain text lines of some logger."""
        t = self.tick()
        pre = self.pick(["%s INFO  " % t.strftime("%Y-%m-%d %H:%M:%S"), "%s level=info msg=\"" % t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "[%s] " % t.strftime("%H:%M:%S"), ""])
        post = '"' if pre.endswith('"') else ""
        k = self.num(0, 6)
        if k == 0:
            s = self.ssn()
            body = [("verify ssn ",), (".".join(s), "SSN", "free", "i13:ssn-dots"), (" against payer file",)]
        elif k == 1:
            y, m, d = self.date(1925, 2010)
            body = [("intake dob ",), ("%02d%s%d" % (d, corpuslib.MON3[m - 1].upper(), y), "DATE", "free", "i13:dob-ddmonyyyy"), (" parsed",)]
        elif k == 2:
            p = self.person()
            nm = ("%s %s" % (p["first"], p["last"])).lower()
            body = [("lookup name=",), (nm, "NAME", "structured", "i13:name-lowercase"), (" status=miss",)]
        elif k == 3:
            ph = self.phone_pieces(self.pick(["plus1-spaces", "bare", "spaces"]))
            core = [x for x in ph if len(x) > 1][0]
            lead = [x for x in ph if len(x) == 1 and not x[0].startswith(" ")]
            body = [("forwarding to ",)] + lead + [(core[0], "PHONE", "free", "i13:phone-no-cue")] + [(" via twilio",)]
        elif k == 4:
            a, b, c = self.nanp(valid=False)
            body = [("callback ",), ("(%s) %s-%s" % (a, b, c), "PHONE", "free", "i13:phone-bad-npa-context"), (" requested",)]
        elif k == 5:
            mem, _ = self.member_id()
            body = [("payer=%s member " % self.pick(["AETNA", "BCBSMA", "UHC"]),), ("XJH" + self.digits(9), "MEMBER_ID", "free", "i13:letter-prefixed-id"),
                    (" not eligible",)]
        else:
            body = [("record ",), (self.pick("AEK") + self.digits(7), "MRN", "free", "i13:letter-prefixed-id"), (" locked by another user",)]
        return [(pre,)] + body + [(post,)]

    SHAPES = [("logrus", 10), ("zap", 9), ("pino", 8), ("bunyan", 6), ("serilog", 7), ("json_escape_line", 6),
              ("python_logging", 9), ("java_pattern", 9), ("access_log", 9), ("form_body", 5), ("csv_row", 9),
              ("hl7_dump", 5), ("fhir", 4), ("near_miss", 8)]


def build(pieces, kind, shape):
    ln = Line()
    for p in pieces:
        if not p[0]:
            continue
        if len(p) > 1:
            ln.add(p[0], p[1], p[2], p[3])
        else:
            ln.add(p[0])
    rec = ln.record(kind, shape)
    return rec


def generate(seed=DEFAULT_SEED, phi=DEFAULT_PHI, clean=DEFAULT_CLEAN):
    g = App(seed)
    shapes = []
    for name, w in App.SHAPES:
        shapes += [name] * w
    out = []
    for i in range(phi):
        shape = shapes[i % len(shapes)]
        rec = build(getattr(g, shape)(False), "phi", shape)
        if not rec["spans"]:
            raise AssertionError(rec)
        out.append(rec)
    clean_shapes = [s for s in shapes if s not in ("json_escape_line", "near_miss")]
    for i in range(clean):
        shape = clean_shapes[i % len(clean_shapes)]
        out.append(build(getattr(g, shape)(True), "clean", shape))
    g.r.shuffle(out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--phi", type=int, default=DEFAULT_PHI)
    ap.add_argument("--clean", type=int, default=DEFAULT_CLEAN)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args(argv)
    recs = generate(a.seed, a.phi, a.clean)
    if a.output == "-":
        for r in recs:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        corpuslib.write_jsonl(a.output, recs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

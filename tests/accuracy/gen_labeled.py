#!/usr/bin/env python3
"""Labeled corpus for phiscrub's accuracy test.

Output: JSON lines, one per corpus line:

    {"text": "...", "spans": [[start, end, "CATEGORY"], ...],
     "kind": "phi" | "clean", "shape": "json"}

start and end are byte offsets into the UTF-8 encoding of text, end
exclusive. A "phi" line carries one span per PHI value in it, known by
construction; a "clean" line carries none and must come out of phiscrub byte
for byte as it went in. shape names the log shape a line imitates, to make
failures readable. The text never contains a newline.

Person names are labeled NAME although no bundled rule looks for names yet:
score.py reports them without a floor, so the corpus is ready when one does.

Everything is generated from the seed (the same seed gives the same corpus
on every platform): SSNs obey the SSA area/group/serial rules, phone and fax
numbers the NANP rules, dates are real calendar dates. No value is real PHI.

What the clean lines may hold follows the default policy (--dates all):
  * every calendar date is PHI except a log record's own timestamp, i.e. a
    date followed by a time of day; clean lines carry dates only with a time;
  * IP and email addresses are PHI wherever they appear, so clean lines carry
    none (dotted versions such as 5.5.224.0 are look-alikes, not addresses);
  * ages are PHI only over 89, so "age=45" is clean;
  * an identifier is PHI when its key says so (ssn=, mrn=, patient_id=...);
    the same digits under order_id= or pid= are clean.
"""
import argparse
import datetime as dt
import json
import random
import string
import sys

DEFAULT_SEED = 20240314
DEFAULT_PHI_LINES = 4000
DEFAULT_CLEAN_LINES = 12000

# Categories with a floor in score.py; NAME is labeled but not scored.
CATEGORIES = ["SSN", "MRN", "PATIENT_ID", "MEMBER_ID", "ACCOUNT_ID", "ENCOUNTER_ID", "DATE",
              "PHONE", "FAX", "EMAIL", "IP", "URL", "ZIP", "ADDRESS", "AGE"]


class Line:
    """A corpus line built piece by piece; labeled pieces become spans."""

    def __init__(self):
        self.parts = []
        self.spans = []
        self.pos = 0

    def add(self, pieces):
        for text, cat in pieces:
            start = self.pos
            self.parts.append(text)
            self.pos += len(text.encode("utf-8"))
            if cat:
                self.spans.append([start, self.pos, cat])
        return self

    def t(self, text):
        return self.add([(text, None)])

    def record(self, kind, shape):
        text = "".join(self.parts)
        assert "\n" not in text and "\r" not in text
        return {"text": text, "spans": self.spans, "kind": kind, "shape": shape}


def plain(text):
    return [(text, None)]


def fill(template, pieces):
    """Pieces of a "{v}" template with the labeled value pieces in place."""
    before, after = template.split("{v}", 1)
    out = []
    if before:
        out.append((before, None))
    out.extend(pieces)
    if after:
        out.append((after, None))
    return out


def text_of(pieces):
    return "".join(t for t, _ in pieces)


class Item:
    """One PHI value (possibly with unlabeled text around it, as in a URL
    path or "City, ST 12345") and the ways a log may present it."""

    def __init__(self, cat, pieces, keys, labels, phrases, number=False):
        self.cat = cat
        self.pieces = pieces      # [(text, category or None)]
        self.keys = keys          # field names: json, logfmt, query strings
        self.labels = labels      # human labels: "MRN: 123", "Date of Birth: ..."
        self.phrases = phrases    # free-text templates with {v}; the only way a
                                  # value that needs a key appears without one
        self.number = number      # may be a bare JSON number


# ---------------------------------------------------------------- vocabulary

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
         "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
         "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony",
         "Betty", "Mark", "Margaret", "Donald", "Sandra", "José", "Zoë", "Andre", "Mei",
         "Priya", "Tyrone", "Olga", "Hiroshi", "Fatima", "Liam"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Núñez", "O'Brien",
        "Nguyen", "Kowalski", "Okafor", "Schmidt", "Patel", "Kim", "Cohen", "Fitzgerald"]
CITIES = [("Springfield", "IL"), ("Columbus", "OH"), ("Austin", "TX"), ("Portland", "OR"),
          ("Madison", "WI"), ("Albany", "NY"), ("Boise", "ID"), ("Raleigh", "NC"),
          ("Tucson", "AZ"), ("Denver", "CO"), ("Omaha", "NE"), ("Richmond", "VA"),
          ("Fort Worth", "TX"), ("Ann Arbor", "MI"), ("St. Louis", "MO"), ("Salt Lake City", "UT"),
          ("Boston", "MA"), ("Hartford", "CT"), ("Baton Rouge", "LA"), ("Des Moines", "IA"),
          ("Little Rock", "AR"), ("San Juan", "PR"), ("Burlington", "VT"), ("Anchorage", "AK"),
          ("Honolulu", "HI"), ("Jackson", "MS"), ("Fargo", "ND"), ("Newark", "NJ"),
          ("Cheyenne", "WY"), ("Wilmington", "DE")]
STREETS = ["Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Pine",
           "Sunset", "Highland", "Lincoln", "Jefferson", "Madison", "River", "Spring", "Church",
           "Mill", "Walnut", "Chestnut", "Cherry Blossom", "Martin Luther King Jr", "Old Farm",
           "Green Valley", "Kings", "Prospect", "Beacon", "Meadow Brook", "Willow Creek"]
NUMBERED = ["1st", "2nd", "3rd", "4th", "5th", "12th", "21st", "42nd", "103rd"]
SUFFIXES = ["Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Rd.", "Boulevard",
            "Blvd", "Drive", "Dr", "Dr.", "Lane", "Ln", "Way", "Court", "Ct", "Place", "Pl",
            "Terrace", "Parkway", "Pkwy", "Highway", "Circle", "Cir", "Trail", "Loop", "Square"]
UNITS = ["Apt 4B", "Apt. 12", "Apt #3", "Suite 200", "Ste 110", "Unit 7", "#12", "Bldg 3",
         "Fl 2", "Rm 101", "Apartment 9C"]
DOMAINS = ["example.com", "mail.example.org", "example-health.org", "patientmail.net",
           "gmail.com", "yahoo.com", "outlook.com", "clinic.example.co.uk", "example.us",
           "members.example-insure.com"]
FACILITIES = ["HOSP", "MAINCLINIC", "STMARY", "EPIC", "CERNER"]
LEVELS = ["INFO", "WARN", "ERROR", "DEBUG", "INFO", "INFO"]
LOGGERS = ["c.e.ehr.PatientController", "com.example.ehr.api.PatientResource", "ehr.api.patients",
           "billing.worker", "scheduling.reminders", "eligibility.client", "portal.auth",
           "fax.gateway", "hl7.listener", "claims.adjudication", "intake.service",
           "o.s.web.servlet.DispatcherServlet", "registration", "audit"]
SERVICES = ["patient-api", "patient-identity-service", "account-service", "billing-worker",
            "scheduler", "fhir-gateway", "eligibility", "member-portal", "hl7-ingest",
            "encounter-sync", "notify", "auth", "claims-engine", "fax-relay"]
HOSTS = ["app01", "app02", "ehr-web-3", "ip-10-0-3-17.ec2.internal", "worker-7", "mirth01",
         "node-4.prod.internal", "lb-2", "db-proxy-1"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
DOW = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.2.1 Safari/605.1.15",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
       "Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
       "okhttp/4.9.3", "Apache-HttpClient/4.5.13 (Java/17.0.9)", "python-requests/2.31.0",
       "kube-probe/1.28", "Go-http-client/1.1", "curl/8.4.0",
       "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    # ------------------------------------------------------------ primitives

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    def digits(self, n):
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def num(self, lo, hi):
        return self.r.randint(lo, hi)

    def hexs(self, n, upper=False):
        h = "".join(self.r.choice("0123456789abcdef") for _ in range(n))
        return h.upper() if upper else h

    def uuid(self):
        return "-".join([self.hexs(8), self.hexs(4), "4" + self.hexs(3),
                         self.pick("89ab") + self.hexs(3), self.hexs(12)])

    def alnum(self, n, alphabet=string.ascii_lowercase + string.digits):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def moment(self, y0=2023, y1=2025):
        start = dt.datetime(y0, 1, 1)
        span = (dt.datetime(y1, 12, 31) - start).total_seconds()
        return start + dt.timedelta(seconds=self.r.randrange(int(span)),
                                    microseconds=self.r.randrange(1000000))

    def day(self, y0, y1):
        start = dt.date(y0, 1, 1)
        return start + dt.timedelta(days=self.r.randrange((dt.date(y1, 12, 31) - start).days))

    def name(self):
        return self.pick(FIRST), self.pick(LAST)

    # ------------------------------------------------------------ timestamps

    def log_prefix(self):
        """The record's own timestamp and header: a date here is followed by
        a time of day, so policy keeps it."""
        m = self.moment()
        lvl = self.pick(LEVELS)
        ms = "%03d" % (m.microsecond // 1000)
        k = self.num(0, 12)
        if k == 12:
            # .NET DateTime.ToString(): 3/14/2024 10:11:12 AM
            return "%d/%d/%d %d:%s %s %s " % (m.month, m.day, m.year, (m.hour % 12) or 12,
                                               m.strftime("%M:%S"), "AM" if m.hour < 12 else "PM", lvl)
        if k == 0:
            return "%s.%sZ %-5s [%s] %s - " % (m.strftime("%Y-%m-%dT%H:%M:%S"), ms, lvl,
                                              self.thread(), self.pick(LOGGERS))
        if k == 1:
            return "%s,%s %s %s: " % (m.strftime("%Y-%m-%d %H:%M:%S"), ms, lvl, self.pick(LOGGERS))
        if k == 2:
            return "%s %2d %s %s %s[%d]: " % (MONTHS[m.month - 1], m.day, m.strftime("%H:%M:%S"),
                                              self.pick(HOSTS), self.pick(SERVICES),
                                              self.num(100, 65000))
        if k == 3:
            return "<%d>1 %s.%sZ %s %s %d - - " % (self.num(8, 190), m.strftime("%Y-%m-%dT%H:%M:%S"),
                                                   ms, self.pick(HOSTS), self.pick(SERVICES),
                                                   self.num(100, 65000))
        if k == 4:
            return m.strftime("%Y/%m/%d %H:%M:%S ")
        if k == 5:
            return "%s [%s] %d#0: *%d " % (m.strftime("%Y/%m/%d %H:%M:%S"),
                                           self.pick(["error", "warn", "notice"]),
                                           self.num(1, 9999), self.num(1, 999999))
        if k == 6:
            return "[%s %s %02d %s.%06d %d] [%s] [pid %d] " % (
                DOW[m.weekday()], MONTHS[m.month - 1], m.day, m.strftime("%H:%M:%S"),
                m.microsecond, m.year, self.pick(["proxy:error", "core:warn", "ssl:info"]),
                self.num(100, 65000))
        if k == 7:
            return "%s%s %s.%06d %7d %s.go:%d] " % (lvl[0], m.strftime("%m%d"), m.strftime("%H:%M:%S"),
                                                   m.microsecond, self.num(1, 99999),
                                                   self.pick(["server", "handler", "sync", "main"]),
                                                   self.num(10, 900))
        if k == 8:
            return "%s.%s [%s] %-5s %s - " % (m.strftime("%H:%M:%S"), ms, self.thread(), lvl,
                                             self.pick(LOGGERS))
        if k == 9:
            return "[%s.%s+00:00] %s.%s: " % (m.strftime("%Y-%m-%dT%H:%M:%S"), ms,
                                             self.pick(["app", "production", "worker"]), lvl)
        if k == 10:
            return "%s - %s - %s - " % (m.strftime("%Y-%m-%d %H:%M:%S,") + ms, self.pick(LOGGERS), lvl)
        return "%s %s %s " % (m.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d" % m.microsecond + "+00:00",
                              self.pick(HOSTS), lvl.lower())

    def thread(self):
        return self.pick(["main", "http-nio-8080-exec-%d" % self.num(1, 200),
                          "pool-%d-thread-%d" % (self.num(1, 9), self.num(1, 64)),
                          "scheduling-1", "kafka-consumer-%d" % self.num(0, 11),
                          "ForkJoinPool.commonPool-worker-%d" % self.num(1, 32)])

    def iso_ts(self):
        m = self.moment()
        return self.pick([m.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (m.microsecond // 1000),
                          m.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          m.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d+00:00" % m.microsecond,
                          m.strftime("%Y-%m-%d %H:%M:%S")])

    def apache_ts(self):
        m = self.moment()
        return "[%02d/%s/%d:%s %s]" % (m.day, MONTHS[m.month - 1], m.year, m.strftime("%H:%M:%S"),
                                       self.pick(["+0000", "-0500", "-0800"]))

    # --------------------------------------------------------------- values

    def ssn(self):
        while True:
            area = self.num(1, 899)
            if area != 666:
                break
        return "%03d" % area, "%02d" % self.num(1, 99), "%04d" % self.num(1, 9999)

    def nanp(self):
        def nxx():
            while True:
                x = "%d%s" % (self.num(2, 9), self.digits(2))
                if x[1:] != "11":
                    return x
        return nxx(), nxx(), self.digits(4)

    def phone_text(self, keyed):
        a, x, n = self.nanp()
        shapes = ["(%s) %s-%s", "(%s)%s-%s", "%s-%s-%s", "%s.%s.%s", "+1 %s-%s-%s",
                  "+1 (%s) %s-%s", "1-%s-%s-%s", "+1-%s-%s-%s", "+1.%s.%s.%s", "+1%s%s%s"]
        if keyed:
            shapes += ["%s%s%s", "%s %s %s", "+1 %s %s %s", "1 (%s) %s-%s"]
        return self.pick(shapes) % (a, x, n)

    def date_text(self, d, forms):
        form = self.pick(forms)
        y, m, dd = d.year, d.month, d.day
        if form == "iso":
            return "%04d-%02d-%02d" % (y, m, dd)
        if form == "iso_slash":
            return "%04d/%02d/%02d" % (y, m, dd)
        if form == "us":
            return "%02d/%02d/%04d" % (m, dd, y)
        if form == "us_nopad":
            return "%d/%d/%04d" % (m, dd, y)
        if form == "us_2y":
            return "%02d/%02d/%02d" % (m, dd, y % 100)
        if form == "us_dash":
            return "%02d-%02d-%04d" % (m, dd, y)
        if form == "long":
            return "%s %d, %d" % (MONTHS_LONG[m - 1], dd, y)
        if form == "short":
            return "%s %d, %d" % (MONTHS[m - 1], dd, y)
        if form == "short_dot":
            return "%s. %d, %d" % (MONTHS[m - 1], dd, y)
        if form == "ordinal":
            suf = "th" if 10 <= dd % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(dd % 10, "th")
            return "%s %d%s, %d" % (MONTHS_LONG[m - 1], dd, suf, y)
        if form == "dmy":
            return "%d %s %d" % (dd, MONTHS[m - 1], y)
        if form == "dmy_long":
            return "%d %s %d" % (dd, MONTHS_LONG[m - 1], y)
        if form == "dmy_dash":
            return "%02d-%s-%d" % (dd, self.pick([MONTHS[m - 1], MONTHS[m - 1].upper()]), y)
        if form == "compact":
            return "%04d%02d%02d" % (y, m, dd)
        if form == "dmy_slash":
            return "%02d/%02d/%04d" % (dd, m, y)
        if form == "dotted":
            return "%02d.%02d.%04d" % (dd, m, y)
        raise ValueError(form)

    def ipv4(self):
        k = self.num(0, 3)
        if k == 0:
            return "10.%d.%d.%d" % (self.num(0, 255), self.num(0, 255), self.num(1, 254))
        if k == 1:
            return "192.168.%d.%d" % (self.num(0, 255), self.num(1, 254))
        if k == 2:
            return "172.%d.%d.%d" % (self.num(16, 31), self.num(0, 255), self.num(1, 254))
        first = self.pick([23, 34, 45, 52, 64, 71, 98, 104, 128, 142, 151, 173, 184, 198, 203, 207, 216])
        return "%d.%d.%d.%d" % (first, self.num(0, 255), self.num(0, 255), self.num(1, 254))

    def ipv6(self):
        g = lambda: "%x" % self.num(0, 0xffff)
        k = self.num(0, 5)
        if k == 0:
            return "2001:db8:%s:%s::%s" % (g(), g(), g())
        if k == 1:
            return ":".join("%04x" % self.num(0, 0xffff) for _ in range(8))
        if k == 2:
            return "fe80::%s:%s:%s:%s" % (g(), g(), g(), g())
        if k == 3:
            return "2600:%s:%s:%s::%s" % (g(), g(), g(), self.num(1, 99))
        if k == 4:
            return "::ffff:%s" % self.ipv4()
        return "2a02:%s:%s:%s:%s:%s:%s:%s" % tuple(g() for _ in range(7))

    def email(self):
        f, l = self.name()
        f = f.translate(str.maketrans("éëúñ'", "eeun ")).replace(" ", "")
        l = l.translate(str.maketrans("éëúñ'", "eeun ")).replace(" ", "")
        local = self.pick(["%s.%s" % (f, l), "%s%s" % (f[0], l), "%s_%s%d" % (f, l, self.num(1, 99)),
                           "%s.%s+portal" % (f, l), "%s%d" % (l, self.num(10, 9999))])
        if self.chance(0.7):
            local = local.lower()
        dom = self.pick(DOMAINS)
        if self.chance(0.05):
            dom = dom.upper()
        return "%s@%s" % (local, dom)

    def street(self):
        """A street line: number, directional, name, suffix, unit."""
        num = str(self.num(1, 99999)) if self.chance(0.8) else str(self.num(1, 999))
        if self.chance(0.05):
            num += self.pick("AB")
        parts = [num]
        if self.chance(0.2):
            parts.append(self.pick(["N", "S", "E", "W", "N.", "W.", "North", "South", "East", "West"]))
        parts.append(self.pick(NUMBERED) if self.chance(0.15) else self.pick(STREETS))
        parts.append(self.pick(SUFFIXES))
        s = " ".join(parts)
        if self.chance(0.1):
            s += " " + self.pick(["NW", "NE", "SW", "SE"])
        if self.chance(0.3):
            s += self.pick([" ", ", "]) + self.pick(UNITS)
        if self.chance(0.12):
            s = s.upper()
        return s

    def zip_text(self):
        z = "%05d" % self.num(501, 99950)
        if self.chance(0.2):
            z += "-%04d" % self.num(1, 9999)
        return z

    def mrn(self):
        k = self.num(0, 5)
        if k == 0:
            return self.digits(self.num(7, 10))
        if k == 1:
            return "MR" + self.digits(7)
        if k == 2:
            return self.pick("AEMZ") + self.digits(7)
        if k == 3:
            return "00" + self.digits(6)
        if k == 4:
            return "%s-%s" % (self.digits(4), self.digits(4))
        return str(self.num(100000, 99999999))

    def patient_id(self):
        k = self.num(0, 4)
        if k == 0:
            return str(self.num(10000, 9999999999))
        if k == 1:
            return "P" + self.digits(self.num(6, 9))
        if k == 2:
            return "PT-" + self.digits(8)
        if k == 3:
            return self.uuid()
        return "pat_" + self.digits(8)

    def member_id(self):
        k = self.num(0, 5)
        if k == 0:
            return "W" + self.digits(9)
        if k == 1:
            return "".join(self.r.choice(string.ascii_uppercase) for _ in range(3)) + self.digits(9)
        if k == 2:
            return "%s-%s" % (self.digits(9), self.pick(["01", "02", "00"]))
        if k in (3, 4):
            letters = "ACDEFGHJKMNPQRTUVWXY"
            an = letters + string.digits
            m = (str(self.num(1, 9)) + self.pick(letters) + self.pick(an) + self.digits(1)
                 + self.pick(letters) + self.pick(an) + self.digits(1) + self.pick(letters)
                 + self.pick(letters) + self.digits(2))
            return m if k == 3 else "%s-%s-%s" % (m[:4], m[4:7], m[7:])
        return "ZGP" + self.digits(9)

    def account_id(self):
        k = self.num(0, 4)
        if k == 0:
            return self.digits(self.num(7, 12))
        if k == 1:
            return "ACC" + self.digits(8)
        if k == 2:
            return "G" + self.digits(8)
        if k == 3:
            return "%s-%s" % (self.digits(4), self.digits(6))
        return str(self.num(1000000, 999999999999))

    def encounter_id(self):
        k = self.num(0, 4)
        if k == 0:
            return self.digits(self.num(8, 12))
        if k == 1:
            return "E" + self.digits(9)
        if k == 2:
            return "V" + self.digits(8)
        if k == 3:
            return "ENC-" + self.digits(8)
        return str(self.num(10000000, 999999999999))

    # ---------------------------------------------------------------- items

    def item(self, cat):
        return getattr(self, "item_" + cat.lower())()

    def item_ssn(self):
        a, g, s = self.ssn()
        form = self.pick(["dashed", "dashed", "spaced", "bare"])
        v = {"dashed": "%s-%s-%s", "spaced": "%s %s %s", "bare": "%s%s%s"}[form] % (a, g, s)
        keys = ["ssn", "SSN", "patient_ssn", "patientSSN", "memberSsn", "social_security_number",
                "socialSecurityNumber", "SocialSecurityNumber", "soc_sec_no", "ssn_number",
                "subscriber_ssn", "guarantorSSN"]
        labels = ["SSN", "Social Security Number", "SSN#", "SS#", "Social Security #", "Soc Sec No",
                  "SSN No."]
        phrases = ["SSN {v} failed identity verification", "identity check failed for ssn {v}",
                   "caller verified social security number {v}",
                   "SSN on file ({v}) does not match payer record", "rejecting duplicate SSN {v}",
                   "Duplicate entry '{v}' for key 'patients.uk_ssn'",
                   "DETAIL:  Key (ssn)=({v}) already exists.",
                   "guarantor SSN: {v}, relationship=self"]
        if form == "dashed":
            phrases += ["W-9 on file lists TIN {v}", "eligibility 271: subscriber {v} active coverage",
                        "record matched on {v} (score 0.97)", "imported row 42: {v}|M|ACTIVE"]
        return Item("SSN", [(v, "SSN")], keys, labels, phrases,
                    number=form == "bare" and v[0] != "0")

    def item_mrn(self):
        v = self.mrn()
        keys = ["mrn", "MRN", "patient_mrn", "patientMrn", "patientMRN", "mrn_id",
                "medical_record_number", "medicalRecordNumber", "MedicalRecordNumber", "med_rec_no",
                "chart_number", "source_mrn", "mergedMrn"]
        labels = ["MRN", "MRN#", "Medical Record Number", "Med Rec #", "Medical Record #", "Chart #",
                  "MR#"]
        phrases = ["chart locked for MRN {v}", "no patient found for MRN {v}",
                   "merging MRN {v} into surviving record", "Duplicate entry '{v}' for key 'uk_mrn'",
                   "MRN {v} not found in EMPI", "ADT A08 update for mrn {v}",
                   "DETAIL:  Key (mrn)=({v}) already exists.", "<MRN>{v}</MRN>",
                   "java.lang.IllegalStateException: duplicate medical record number {v}"]
        return Item("MRN", [(v, "MRN")], keys, labels, phrases, number=v.isdigit() and v[0] != "0")

    def item_patient_id(self):
        v = self.patient_id()
        keys = ["patient_id", "patientId", "PatientID", "patientID", "patient-id", "pt_id", "ptId",
                "patient_identifier", "patientIdentifier", "X-Patient-Id", "subject_patient_id",
                "sourcePatientId", "patient_uuid", "patientGuid", "empi_id", "empiId", "EMPI"]
        labels = ["Patient ID", "Patient #", "Patient No.", "Pt ID", "Patient Identifier", "PatientID", "EMPI",
                  "Patient", "Pt #"]
        phrases = ["loading chart for patient {v}", "Patient #{v} checked in at front desk",
                   "patient {v} discharged", "failed to load patient {v}: timeout",
                   "PatientNotFoundException: Patient {v} not found", "No patient with id {v}",
                   "KeyError: patient_id={v}", "sync complete for patient_id {v}"]
        return Item("PATIENT_ID", [(v, "PATIENT_ID")], keys, labels, phrases,
                    number=v.isdigit())

    def item_member_id(self):
        v = self.member_id()
        keys = ["member_id", "memberId", "MemberID", "member_number", "memberNumber", "mbr_id",
                "subscriber_id", "subscriberId", "SubscriberID", "subscriber_no", "insured_id",
                "beneficiary_id", "mbi", "MBI", "medicare_id", "medicareId", "medicaid_id",
                "medicaidId", "insuranceMemberId", "policy_number", "policyNumber", "insurance_id",
                "insuranceId"]
        labels = ["Member ID", "Member #", "Subscriber ID", "Subscriber #", "MBI", "Medicare ID",
                  "Medicaid ID", "Member No", "Policy #", "Insurance ID"]
        phrases = ["eligibility check for member ID {v}", "subscriber {v} not found at payer",
                   "270 inquiry sent for subscriber {v}", "claim rejected: invalid member id {v}",
                   "coverage terminated for member {v}", "MBI {v} failed format check",
                   "prior auth requested for member {v} (plan PPO-200)"]
        return Item("MEMBER_ID", [(v, "MEMBER_ID")], keys, labels, phrases)

    def item_account_id(self):
        v = self.account_id()
        keys = ["account_id", "accountId", "AccountID", "account_number", "accountNumber", "acct",
                "acct_no", "acct_num", "acctNo", "billing_account", "billingAccountId",
                "guarantor_account", "guarantorAccountId", "hospital_account_id", "har"]
        labels = ["Account #", "Account Number", "Acct #", "Acct No", "Account ID", "Guarantor Acct",
                  "HAR", "Acct#"]
        phrases = ["payment of $%d.%02d posted to account {v}" % (self.num(5, 900), self.num(0, 99)),
                   "statement generated for acct {v}", "Acct# {v} sent to collections",
                   "balance inquiry on account {v}", "refund issued to account {v}",
                   "autopay failed for account number {v}: card declined"]
        return Item("ACCOUNT_ID", [(v, "ACCOUNT_ID")], keys, labels, phrases,
                    number=v.isdigit() and v[0] != "0")

    def item_encounter_id(self):
        v = self.encounter_id()
        keys = ["encounter_id", "encounterId", "EncounterID", "enc_id", "encounter", "visit_id",
                "visitId", "visit_number", "visitNumber", "csn", "CSN", "fin", "FIN", "fin_nbr",
                "admission_id", "encounterCsn", "encntr_id", "ENCNTR_ID"]
        labels = ["Encounter", "Encounter ID", "Encounter #", "Visit #", "Visit ID", "CSN", "FIN",
                  "Visit No."]
        phrases = ["encounter {v} closed by provider", "created encounter {v}",
                   "charges dropped for visit {v}", "ADT A03 discharge for encounter {v}",
                   "no orders on encounter {v}", "note signed on visit {v}",
                   "EncounterNotFoundException: encounter {v} does not exist"]
        return Item("ENCOUNTER_ID", [(v, "ENCOUNTER_ID")], keys, labels, phrases,
                    number=v.isdigit() and v[0] != "0")

    def item_date(self):
        kind = self.pick(["birth", "birth", "birth", "admit", "discharge", "service", "death",
                          "appt", "bare", "bare", "bare"])
        if kind == "birth":
            d = self.day(1915, 2016)
        elif kind == "death":
            d = self.day(2010, 2025)
        else:
            d = self.day(2019, 2025)
        person_forms = ["iso", "iso", "iso_slash", "us", "us", "us_nopad", "us_2y", "us_dash", "long",
                        "short", "short_dot", "ordinal", "dmy", "dmy_long", "dmy_dash"]
        if kind == "birth":
            v = self.date_text(d, person_forms + ["compact", "compact", "dotted", "dmy_slash"])
        elif kind == "bare":
            v = self.date_text(d, ["iso", "us", "us_nopad", "long", "short", "dmy"])
        else:
            v = self.date_text(d, person_forms)
        pieces = [(v, "DATE")]
        # A date under a person key is PHI even with a time after it.
        timed = kind in ("admit", "discharge", "appt", "service") and v[:4].isdigit() and self.chance(0.4)
        if kind == "birth" and v[:4].isdigit() and "-" in v and self.chance(0.2):
            # serializers write a birth date as midnight: 1962-03-14T00:00:00Z
            timed = True
            pieces.append((self.pick(["T00:00:00Z", "T00:00:00.000Z", "T00:00:00", " 00:00:00"]), None))
        elif timed:
            pieces.append((self.pick(["T%02d:%02d:00Z" % (self.num(0, 23), self.num(0, 59)),
                                      " %02d:%02d" % (self.num(6, 20), self.pick([0, 15, 30, 45])),
                                      "T%02d:%02d:%02d-05:00" % (self.num(0, 23), self.num(0, 59),
                                                                 self.num(0, 59))]), None))
        keys, labels, phrases = {
            "birth": (["dob", "DOB", "date_of_birth", "dateOfBirth", "DateOfBirth", "birth_date",
                       "birthDate", "birthdate", "patient_dob", "patientDob", "memberDOB", "dob_str",
                       "subscriberBirthDate"],
                      ["DOB", "Date of Birth", "D.O.B.", "Birth Date", "Birthdate", "DOB#"],
                      ["DOB {v}", "born {v}", "born on {v}", "patient DOB is {v}",
                       "ValueError: invalid date of birth '{v}'", "dob mismatch: payer has {v}",
                       "date of birth {v} does not match"]),
            "admit": (["admit_date", "admitDate", "admission_date", "admissionDate", "admitDateTime",
                       "admit_dt", "admitted_at"],
                      ["Admit Date", "Admitted", "Admission Date", "Date of Admission"],
                      ["admitted {v}", "admitted on {v}", "admit date {v}"]),
            "discharge": (["discharge_date", "dischargeDate", "dischargeDateTime", "discharge_dt",
                           "discharged_at"],
                          ["Discharge Date", "Discharged", "Date of Discharge"],
                          ["discharged {v}", "discharged on {v}", "discharge date {v}"]),
            "service": (["service_date", "serviceDate", "date_of_service", "dos", "DOS", "svc_date",
                         "visit_date", "visitDate"],
                        ["Date of Service", "DOS", "Service Date", "Visit Date"],
                        ["claim for date of service {v} denied", "DOS {v} outside coverage"]),
            "death": (["death_date", "deathDate", "deceased_date", "dateOfDeath", "date_of_death",
                       "dod"],
                      ["Date of Death", "DOD", "Deceased"],
                      ["patient deceased {v}", "died {v}", "died on {v}", "date of death {v}"]),
            "appt": (["appointment_date", "appointmentDate", "appt_date", "apptDate", "appt_time",
                      "appointment_start"],
                     ["Appointment", "Appt Date", "Appointment Date"],
                     ["appointment on {v} confirmed", "appt {v} rescheduled",
                      "reminder sent for appointment {v}"]),
            "bare": ([], [],
                     ["follow-up scheduled for {v}", "referral expires {v}", "last seen in clinic {v}",
                      "prior auth valid through {v}", "lab results from {v} reviewed",
                      "patient reports symptoms since {v}", "vaccine dose 2 given {v}",
                      "next refill due {v}", "surgery on {v} postponed"]),
        }[kind]
        if timed:
            phrases = [p for p in phrases if p.endswith("{v}")] or [l + " {v}" for l in labels]
        return Item("DATE", pieces, keys, labels, phrases)

    def item_phone(self):
        keyed = self.chance(0.35)
        v = self.phone_text(keyed)
        keys = ["phone", "phone_number", "phoneNumber", "PhoneNumber", "home_phone", "homePhone",
                "mobile", "mobile_phone", "mobilePhone", "cell", "cell_phone", "work_phone",
                "workPhone", "contact_phone", "tel", "telephone", "callback_number", "callbackNumber",
                "primaryPhone", "patient_phone", "emergencyContactPhone"]
        labels = ["Phone", "Ph", "Tel", "Mobile", "Cell", "Home Phone", "Callback #", "Contact Number",
                  "Phone #", "Telephone"]
        phrases = ["Patient called from {v} requesting refill", "left voicemail at {v}",
                   "SMS reminder sent to {v}", "callback requested at {v}",
                   "unable to reach patient at {v}", "emergency contact phone {v}",
                   "call back at {v} after 5pm"]
        if not keyed:
            phrases += ["twilio: message SM%s queued to {v}" % self.hexs(32),
                        "contact updated: {v}", "patient prefers {v} (text ok)"]
        pieces = [(v, "PHONE")]
        if self.chance(0.08):
            pieces.append((self.pick([" ext. %d", " x%d", " ext %d"]) % self.num(10, 9999), None))
        return Item("PHONE", pieces, keys, labels, phrases)

    def item_fax(self):
        keyed = self.chance(0.35)
        v = self.phone_text(keyed)
        keys = ["fax", "fax_number", "faxNumber", "FaxNumber", "fax_no", "provider_fax", "providerFax",
                "pharmacy_fax", "faxTo", "referring_fax"]
        labels = ["Fax", "Fax #", "Fax No", "Fax Number", "FAX"]
        phrases = ["fax sent to {v} (3 pages)", "outbound fax to {v} failed: busy",
                   "referral faxed to {v}", "records request faxed to {v}", "fax number {v} invalid"]
        return Item("FAX", [(v, "FAX")], keys, labels, phrases)

    def item_email(self):
        v = self.email()
        keys = ["email", "email_address", "emailAddress", "patient_email", "patientEmail",
                "contact_email", "to", "recipient", "username", "login", "user"]
        labels = ["Email", "E-mail", "Email Address", "To", "Recipient", "User"]
        phrases = ["sent appointment reminder to {v}", "password reset requested for {v}",
                   "bounce: mailbox unavailable <{v}>", "mailto:{v}", "portal login failed for user {v}",
                   "status=sent (250 2.0.0 OK) to=<{v}>", "Duplicate entry '{v}' for key 'users.email'",
                   "invite emailed to {v}"]
        return Item("EMAIL", [(v, "EMAIL")], keys, labels, phrases)

    def item_ip(self):
        if self.chance(0.08):
            # a proxy chain: every hop is an address
            a, b = self.ipv4(), self.ipv4()
            return Item("IP", [(a, "IP"), (", ", None), (b, "IP")], ["x_forwarded_for", "xff", "forwarded_for"],
                        ["X-Forwarded-For"], ["X-Forwarded-For: {v}", "proxy chain {v}"])
        v6 = self.chance(0.3)
        v = self.ipv6() if v6 else self.ipv4()
        keys = ["ip", "client_ip", "clientIp", "remote_addr", "remoteAddr", "src_ip", "source_ip",
                "x_forwarded_for", "peer", "ipAddress", "client.ip"]
        labels = ["IP", "Client IP", "Remote Address", "Source IP", "From"]
        phrases = ["login from {v} succeeded", "blocked request from {v} (rate limit)",
                   "X-Forwarded-For: {v}", "new session for patient portal from {v}"]
        if v6:
            phrases += ["connect to [{v}]:443 failed", "peer [{v}]:5061 closed connection"]
        else:
            phrases += ["Connection refused: db01.internal/{v}:5432", "connect to {v}:3306 timed out",
                        "Accepted publickey for deploy from {v} port %d ssh2" % self.num(1024, 65535),
                        "java.net.ConnectException: Connection refused: /{v}:8443"]
        return Item("IP", [(v, "IP")], keys, labels, phrases)

    def url_id(self):
        k = self.num(0, 4)
        if k == 0:
            return str(self.num(1000, 99999999))
        if k == 1:
            return "P" + self.digits(7)
        if k == 2:
            return self.uuid()
        if k == 3:
            return self.mrn()
        return self.member_id()

    def url_path(self):
        """[(text, cat)] of a request path whose identifier segment is PHI."""
        ident = self.url_id()
        base = self.pick(["/api/v1/patients/", "/api/v2/patients/", "/patients/", "/fhir/R4/Patient/",
                          "/fhir/Patient/", "/api/members/", "/v2/members/", "/portal/patient/",
                          "/api/encounters/", "/v1/encounters/", "/mrn/", "/charts/", "/api/people/",
                          "/subjects/", "/api/subscribers/", "/ehr/Patient/"])
        if self.chance(0.1):
            # the identifier as a query parameter of a patient resource
            base = self.pick(["/api/patient", "/patients", "/fhir/Patient", "/api/v1/members"])
            return [(base + self.pick(["?id=", "?_id=", "?format=json&id="]), None), (ident, "URL")]
        tail = self.pick(["", "", "/chart", "/labs", "/claims", "/notes", "/documents/%d" % self.num(1, 999),
                          "/$everything", "/appointments", "/_history/%d" % self.num(1, 9)])
        return [(base, None), (ident, "URL"), (tail, None)]

    def item_url(self):
        pieces = self.url_path()
        k = self.num(0, 4)
        if k == 1:
            pieces = [("https://portal.example-health.org", None)] + pieces
        q = "&" if "?" in text_of(pieces) else "?"
        if k == 2:
            pieces = pieces + [("%sinclude=%s" % (q, self.pick(["labs", "meds", "all"])), None)]
        elif k == 3:
            pieces = [("http://fhir-gateway:8080", None)] + pieces + [("%s_format=json" % q, None)]
        keys = ["url", "path", "uri", "request_uri", "referer", "http.url", "location", "endpoint"]
        labels = ["URL", "Path", "Request", "Location"]
        phrases = ["GET {v} returned 404", "HTTP 500 on POST {v}", "redirecting to {v}",
                   "upstream timeout for {v} after 30000ms", "cache miss {v}"]
        if k == 0 and self.chance(0.3):
            # A FHIR reference is a relative URL: "Patient/123".
            ident = self.url_id()
            typ = self.pick(["Patient", "Patient", "Encounter"])
            pieces = [("%s/" % typ, None), (ident, "URL")]
            keys = ["reference", "subject", "patient_ref"]
            phrases = ["resolved reference {v}", "dangling reference {v} in Bundle"]
        return Item("URL", pieces, keys, labels, phrases)

    def city_state_zip(self):
        city, st = self.pick(CITIES)
        z = self.zip_text()
        k = self.num(0, 3)
        if k == 0:
            return [("%s, %s " % (city, st), None), (z, "ZIP")]
        if k == 1:
            return [("%s, %s " % (city.upper(), st), None), (z, "ZIP")]
        if k == 2:
            return [("%s %s " % (city.upper(), st), None), (z, "ZIP")]
        return [("%s, %s  " % (city, st), None), (z, "ZIP")]

    def item_zip(self):
        if self.chance(0.45):
            pieces = self.city_state_zip()
            keys = ["city_state_zip", "csz", "location", "address_line2"]
            phrases = ["geocode failed for '{v}'", "provider search near {v}", "mailing to {v}",
                       "address normalized: {v}"]
            return Item("ZIP", pieces, keys, ["City/State/Zip", "Location"], phrases)
        z = self.zip_text()
        keys = ["zip", "zip_code", "zipCode", "ZipCode", "postal_code", "postalCode", "zip5",
                "postcode", "home_zip", "patientZip"]
        labels = ["ZIP", "Zip Code", "Postal Code", "Zip"]
        phrases = ["address validation failed for zip {v}", "no in-network providers for zip code {v}",
                   "zip {v} outside service area"]
        return Item("ZIP", [(z, "ZIP")], keys, labels, phrases, number=z.isdigit() and z[0] != "0")

    def item_address(self):
        if self.chance(0.08):
            v = self.pick(["PO Box %d", "P.O. Box %d", "PO BOX %d", "P.O.Box %d"]) % self.num(1, 99999)
            pieces = [(v, "ADDRESS")]
        else:
            v = self.street()
            if self.chance(0.1):
                v = v.lower()
            pieces = [(v, "ADDRESS")]
            if self.chance(0.3):
                pieces = pieces + [(", ", None)] + self.city_state_zip()
        keys = ["address", "street", "street_address", "address_line1", "addressLine1", "address1",
                "addr", "home_address", "homeAddress", "mailing_address", "line1", "streetAddress"]
        labels = ["Address", "Street", "Addr", "Home Address", "Mailing Address", "Street Address"]
        phrases = ["patient moved to {v}", "shipping label printed for {v}",
                   "address on file {v} returned undeliverable", "home health visit at {v}",
                   "lives at {v}", "ambulance dispatched to {v}"]
        return Item("ADDRESS", pieces, keys, labels, phrases)

    def item_age(self):
        v = str(self.num(90, 109))
        keys = ["age", "patient_age", "patientAge", "age_years", "ageYears", "pt_age", "Age"]
        labels = ["Age", "Pt Age", "Patient Age", "AGE"]
        phrases = ["{v}-year-old female presenting with chest pain", "{v} y/o male, fall at home",
                   "{v}yo F with CHF exacerbation", "aged {v}", "patient is {v} years old",
                   "{v} yr old M, hip fracture", "{v} YO female, AMS", "age {v}, lives alone",
                   "{v}y F, dementia", "age {v}y", "{v}y/o male"]
        return Item("AGE", [(v, "AGE")], keys, labels, phrases, number=True)

    def item_name(self):
        f, l = self.name()
        form = self.num(0, 2)
        if form == 0:
            pieces = [("%s %s" % (f, l), "NAME")]
        elif form == 1:
            pieces = [("%s, %s" % (l, f), "NAME")]
        else:
            pieces = [("%s %s" % (f.upper(), l.upper()), "NAME")]
        return Item("NAME", pieces, ["patient_name", "patientName", "name", "full_name"],
                    ["Patient", "Name", "Patient Name"],
                    ["Patient {v} called back", "chart opened for {v}", "{v} checked in"])

    # --------------------------------------------------------------- shapes

    def render_kv(self, item, shape):
        """The item under one of its keys, in the shape's syntax."""
        key = self.pick(item.keys)
        v = item.pieces
        if shape == "json":
            if item.number and self.chance(0.4):
                return [('"%s":' % key, None)] + v
            return [('"%s":"' % key, None)] + v + [('"', None)]
        if shape == "json_spaced":
            return [('"%s": "' % key, None)] + v + [('"', None)]
        if shape == "logfmt":
            if " " in text_of(v) or "," in text_of(v):
                return [('%s="' % key, None)] + v + [('"', None)]
            return [("%s=" % key, None)] + v
        if shape == "query":
            return [("%s=" % key, None)] + v
        if shape == "xml":
            return [("<%s>" % key, None)] + v + [("</%s>" % key, None)]
        raise ValueError(shape)

    def render_label(self, item):
        lab = self.pick(item.labels)
        sep = self.pick([": ", ": ", "=", " ", " - ", ":"])
        if lab.endswith("#"):
            sep = self.pick([" ", ""])
        elif lab.endswith("."):
            sep = " "
        return [(lab + sep, None)] + item.pieces

    def render_phrase(self, item):
        return fill(self.pick(item.phrases), item.pieces)

    def message(self):
        return self.pick(["updated demographics", "patient lookup", "eligibility response",
                          "registration complete", "audit: record viewed", "ADT message processed",
                          "claim submitted", "reminder queued", "intake form saved",
                          "merge candidate found", "chart accessed", "export row", "referral created"])

    def noise_kv(self, shape):
        """Fields every log line has: ids, durations, statuses (no PHI)."""
        out = []
        seen = []
        for _ in range(self.num(0, 3)):
            k, v = self.pick([
                ("request_id", self.uuid()), ("trace_id", self.hexs(32)), ("span_id", self.hexs(16)),
                ("duration_ms", "%d" % self.num(1, 4000)), ("status", str(self.pick([200, 201, 204, 400, 404, 409, 500]))),
                ("user_id", "u%d" % self.num(100, 99999)), ("tenant", self.pick(["north", "acme", "mercy"])),
                ("order_id", str(self.num(100000, 999999999))), ("retries", str(self.num(0, 5))),
                ("pod", "%s-%s-%s" % (self.pick(SERVICES), self.hexs(9), self.alnum(5))),
                ("version", "%d.%d.%d" % (self.num(1, 9), self.num(0, 30), self.num(0, 200))),
                ("bytes", str(self.num(10, 10 ** 7))), ("latency", "%.1fms" % (self.r.random() * 900))])
            if k in seen:
                continue
            seen.append(k)
            if shape.startswith("json"):
                num = v.isdigit() and k not in ("request_id",)
                out.append(plain(', "%s": %s' % (k, v) if num else ', "%s": "%s"' % (k, v)))
            else:
                out.append(plain(" %s=%s" % (k, v)))
        return out

    def items_for(self, primary, allowed=None):
        items = [self.item(primary)]
        pool = allowed or CATEGORIES
        for _ in range(self.pick([0, 0, 1, 1, 2])):
            items.append(self.item(self.pick(pool)))
        if self.chance(0.1):
            items.append(self.item_name())
        self.r.shuffle(items)
        return items

    def phi_line(self, primary):
        shapes = ["json", "json", "json_escaped", "logfmt", "plain", "free", "pipe", "stack", "xml"]
        if primary in ("URL", "IP", "PATIENT_ID", "MRN", "EMAIL", "DATE", "MEMBER_ID"):
            shapes += ["access", "access"]
        if primary in ("MRN", "DATE", "ADDRESS", "ZIP", "PHONE", "SSN", "ACCOUNT_ID", "ENCOUNTER_ID"):
            shapes += ["hl7"]
        shape = self.pick(shapes)
        return getattr(self, "shape_" + shape)(primary)

    def shape_json(self, primary):
        items = self.items_for(primary)
        style = self.pick(["json", "json_spaced"])
        ln = Line()
        if self.chance(0.2):
            ln.t(self.log_prefix())
        ln.t('{"ts": "%s", "level": "%s", "logger": "%s", "msg": "%s"' % (
            self.iso_ts(), self.pick(LEVELS).lower(), self.pick(LOGGERS), self.message()))
        nested = self.chance(0.3)
        if nested:
            ln.t(', "%s": {' % self.pick(["patient", "subject", "member", "payload", "record"]))
        first = nested
        for it in items:
            ln.t("" if first else ", ")
            first = False
            if it.keys and self.chance(0.85):
                ln.add(self.render_kv(it, style))
            elif it.phrases:
                ln.add([('"note": "', None)] + self.render_phrase(it) + [('"', None)])
            else:
                ln.add(self.render_kv(it, style))
        if nested:
            ln.t("}")
        for p in self.noise_kv("json"):
            ln.add(p)
        ln.t("}")
        return ln.record("phi", "json")

    def shape_json_escaped(self, primary):
        """A JSON document carried as a string inside a JSON event."""
        items = self.items_for(primary)
        ln = Line()
        ln.t('{"timestamp":"%s","level":"%s","message":"%s","%s":"{' % (
            self.iso_ts(), self.pick(LEVELS), self.pick(["outbound payload", "webhook body", "kafka record"]),
            self.pick(["body", "payload", "value"])))
        for i, it in enumerate(items):
            if i:
                ln.t(",")
            if it.keys:
                key = self.pick(it.keys)
                if it.number and self.chance(0.3):
                    ln.add([('\\"%s\\":' % key, None)] + it.pieces)
                else:
                    ln.add([('\\"%s\\":\\"' % key, None)] + it.pieces + [('\\"', None)])
            else:
                ln.add([('\\"note\\":\\"', None)] + self.render_phrase(it) + [('\\"', None)])
        ln.t('}","partition":%d,"offset":%d}' % (self.num(0, 11), self.num(0, 10 ** 8)))
        return ln.record("phi", "json_escaped")

    def shape_logfmt(self, primary):
        items = self.items_for(primary)
        ln = Line()
        ln.t('ts=%s level=%s caller=%s.go:%d msg="%s"' % (
            self.iso_ts().replace(" ", "T"), self.pick(LEVELS).lower(),
            self.pick(["patients", "handler", "sync", "billing"]), self.num(10, 600), self.message()))
        for it in items:
            ln.t(" ")
            if it.keys and self.chance(0.85):
                ln.add(self.render_kv(it, "logfmt"))
            else:
                ln.add([('detail="', None)] + self.render_phrase(it) + [('"', None)])
        for p in self.noise_kv("logfmt"):
            ln.add(p)
        return ln.record("phi", "logfmt")

    def shape_plain(self, primary):
        """A human-written log message with labeled fields."""
        items = self.items_for(primary)
        ln = Line().t(self.log_prefix())
        ln.t(self.message().capitalize() + self.pick([": ", " - ", " | ", " ("]))
        for i, it in enumerate(items):
            if i:
                ln.t(self.pick([", ", "; ", " | ", " "]))
            if it.labels and self.chance(0.6):
                ln.add(self.render_label(it))
            elif it.keys and self.chance(0.5):
                ln.add(self.render_kv(it, "logfmt"))
            else:
                ln.add(self.render_phrase(it))
        for p in self.noise_kv("plain"):
            ln.add(p)
        return ln.record("phi", "plain")

    def shape_free(self, primary):
        """Free text, as from a call-center note or a message body."""
        items = self.items_for(primary)
        ln = Line()
        if self.chance(0.7):
            ln.t(self.log_prefix())
        for i, it in enumerate(items):
            if i:
                ln.t(self.pick([". ", "; ", ", ", " - "]))
            ln.add(self.render_phrase(it))
        if self.chance(0.3):
            ln.t(self.pick([".", " (ticket #%d)" % self.num(1000, 99999), " [retry 2/3]"]))
        return ln.record("phi", "free")

    def shape_pipe(self, primary):
        """Audit-style summary: "MRN: 123 | DOB: ... | Phone: ..."."""
        items = self.items_for(primary)
        ln = Line().t(self.log_prefix())
        ln.t(self.pick(["AUDIT ", "export ", "record ", "ADT "]))
        for i, it in enumerate(items):
            if i:
                ln.t(self.pick([" | ", " |", "|", ", ", "; "]))
            if it.labels:
                ln.add(self.render_label(it))
            else:
                ln.add(self.render_phrase(it))
        return ln.record("phi", "pipe")

    def shape_xml(self, primary):
        """XML and SOAP bodies dumped into a log line."""
        items = self.items_for(primary)
        root = self.pick(["Patient", "Member", "Request"])
        ln = Line().t(self.log_prefix()).t("request body: <%s>" % root)
        for it in items:
            if it.keys:
                ln.add(self.render_kv(it, "xml"))
            else:
                ln.add([("<Note>", None)] + self.render_phrase(it) + [("</Note>", None)])
        ln.t("</%s>" % root)
        return ln.record("phi", "xml")

    def shape_stack(self, primary):
        """An exception message that carries an identifier."""
        it = self.item(primary)
        ln = Line()
        k = self.num(0, 5)
        head = self.pick(["java.lang.IllegalStateException: ", "com.example.ehr.ValidationException: ",
                          "Caused by: org.hibernate.exception.ConstraintViolationException: ",
                          "ValueError: ", "RuntimeError: ", "panic: ", "error: ",
                          "Traceback (most recent call last): ... ", "    raise LookupError("])
        if k == 0:
            ln.t(self.log_prefix())
        ln.t(head)
        if it.phrases and (not it.keys or self.chance(0.6)):
            ln.add(self.render_phrase(it))
        elif it.labels and self.chance(0.5):
            ln.add(self.render_label(it))
        else:
            ln.add(self.render_kv(it, "logfmt"))
        if head.endswith("("):
            ln.t(")")
        if self.chance(0.3):
            ln.t(self.pick([" at com.example.ehr.PatientService.load(PatientService.java:%d)" % self.num(20, 900),
                            " [in %s.go:%d]" % (self.pick(["sync", "handler"]), self.num(10, 900)),
                            " (errno=%d)" % self.num(1, 140)]))
        return ln.record("phi", "stack")

    def shape_access(self, primary):
        """An access log: the client address, a path or query with ids."""
        ln = Line()
        ip = self.item_ip()
        path = self.url_path() if primary == "URL" or self.chance(0.4) else plain(
            self.pick(["/api/v1/search", "/portal/lookup", "/fhir/R4/Patient", "/api/eligibility",
                       "/login", "/api/v2/records"]))
        query = []
        if primary not in ("URL", "IP") or self.chance(0.3):
            cats = [primary] if primary not in ("URL", "IP") else []
            cats += [c for c in [self.pick(["PATIENT_ID", "MRN", "DATE", "MEMBER_ID", "EMAIL"])] if self.chance(0.4)]
            for i, c in enumerate(cats):
                it = self.item(c)
                if c == "EMAIL" and self.chance(0.4):
                    v = text_of(it.pieces).replace("@", "%40")
                    it = Item("EMAIL", [(v, "EMAIL")], it.keys, [], [])
                if not it.keys or " " in text_of(it.pieces) or "," in text_of(it.pieces):
                    continue
                query.append(plain("?" if not query and "?" not in text_of(path) else "&"))
                query.append(self.render_kv(it, "query"))
            if query and self.chance(0.5):
                query.append(plain("&_=%d" % self.num(10 ** 12, 10 ** 13)))
        user = [("-", None)]
        if self.chance(0.1):
            user = [(self.email(), "EMAIL")]
        method = self.pick(["GET", "GET", "GET", "POST", "PUT"])
        req = plain('"%s ' % method) + path + [p for q in query for p in q] + plain(' HTTP/1.1"')
        status = self.pick([200, 200, 200, 201, 304, 404, 500])
        if self.chance(0.5):
            # combined log format
            ln.add(ip.pieces).t(" - ").add(user).t(" %s " % self.apache_ts()).add(req)
            ln.t(" %d %d " % (status, self.num(0, 90000)))
            if self.chance(0.3):
                ref = plain('"https://portal.example-health.org') + self.url_path() + plain('"')
            else:
                ref = plain('"-"')
            ln.add(ref).t(' "%s"' % self.pick(UAS))
            if self.chance(0.4):
                ln.t(" rt=%.3f uct=%.3f" % (self.r.random(), self.r.random() / 10))
        else:
            # a JSON access log (ingress, envoy)
            ln.t('{"time":"%s","remote_addr":"' % self.iso_ts()).add(ip.pieces)
            ln.t('","method":"%s","path":"' % method).add(path + [p for q in query for p in q])
            ln.t('","status":%d,"bytes":%d,"duration":%.3f,"ua":"%s"}' % (
                status, self.num(0, 90000), self.r.random(), self.pick(UAS)))
        return ln.record("phi", "access")

    def shape_hl7(self, primary):
        """HL7 v2 segments, as an interface engine logs them."""
        ln = Line()
        if self.chance(0.5):
            ln.t(self.log_prefix()).t(self.pick(["received: ", "inbound ADT^A08 ", "ACK pending for ",
                                                 "parse error in "]))
        if primary in ("ENCOUNTER_ID",) or (primary == "DATE" and self.chance(0.3)):
            visit = self.encounter_id()
            admit = self.day(2019, 2025)
            ln.t("PV1|1|%s|%s^%d^%d^%s||||%d^%s^%s|||%s||||%s|||%d^%s^%s|%s|" % (
                self.pick("IOE"), self.pick(["4E", "ICU", "ED"]), self.num(100, 999), self.num(1, 4),
                self.pick(FACILITIES), self.num(1000, 9999), self.pick(LAST).upper(),
                self.pick(FIRST).upper(), self.pick(["MED", "SUR", "CAR"]), self.pick(["1", "7", "9"]),
                self.num(1000, 9999), self.pick(LAST).upper(), self.pick(FIRST).upper(),
                self.pick(["IN", "OUT", "ER"])))
            ln.add([(visit, "ENCOUNTER_ID")])
            ln.t("|||||||||||||||||||||||||")
            ln.add([("%04d%02d%02d" % (admit.year, admit.month, admit.day), "DATE")])
            ln.t("%02d%02d" % (self.num(0, 23), self.num(0, 59)))
            return ln.record("phi", "hl7")
        a, g, s = self.ssn()
        f, l = self.name()
        dob = self.day(1920, 2016)
        city, st = self.pick(CITIES)
        street = self.street()
        if "^" in street:
            street = street.replace("^", "")
        ln.t("PID|1||").add([(self.mrn(), "MRN")]).t("^^^%s^MR" % self.pick(FACILITIES))
        if self.chance(0.3):
            ln.t("~").add([("".join(self.ssn()), "SSN")]).t("^^^SSA^SS")
        ln.t("||").add([("%s^%s" % (l.upper(), f.upper()), "NAME")]).t("^%s||" % self.pick("ABCDEJKLM"))
        ln.add([("%04d%02d%02d" % (dob.year, dob.month, dob.day), "DATE")])
        ln.t("|%s|||" % self.pick("MFU"))
        unit = None
        if self.chance(0.3):
            street, unit = self.street().split(",")[0], self.pick(UNITS)
        ln.add([(street, "ADDRESS")]).t("^")
        if unit:
            ln.add([(unit, "ADDRESS")])
        ln.t("^%s^%s^" % (city.upper() if self.chance(0.5) else city, st))
        ln.add([(self.zip_text(), "ZIP")]).t("^USA||")
        a2, x2, n2 = self.nanp()
        ln.add([(self.pick(["(%s)%s-%s", "%s-%s-%s", "%s%s%s", "(%s) %s-%s"]) % (a2, x2, n2), "PHONE")])
        ln.t("|||%s||" % self.pick("SMDW"))
        ln.add([(self.account_id(), "ACCOUNT_ID")]).t("|")
        ln.add([(self.pick(["%s-%s-%s", "%s%s%s"]) % (a, g, s), "SSN")])
        ln.t("|")
        return ln.record("phi", "hl7")

    # --------------------------------------------------------- clean lines

    def version4(self):
        return "%d.%d.%d.%d" % (self.num(1, 12), self.num(0, 20), self.num(0, 255), self.num(0, 99))

    def semver(self):
        v = "%d.%d.%d" % (self.num(0, 12), self.num(0, 40), self.num(0, 300))
        if self.chance(0.15):
            v += self.pick(["-rc.%d" % self.num(1, 5), "-beta.%d" % self.num(1, 9), "+build.%d" % self.num(1, 999)])
        return v

    def clean_message(self):
        n = self.num(0, 58)
        r = self
        svc = r.pick(SERVICES)
        pod = "%s-%s-%s" % (svc, r.hexs(r.num(8, 10)), r.alnum(5))
        if n == 0:
            return "agent %s started" % r.version4()
        if n == 1:
            return "version=%s build=%d" % (r.version4(), r.num(1000, 99999))
        if n == 2:
            return "running %s v%s (commit %s)" % (svc, r.version4(), r.hexs(7))
        if n == 3:
            return "build %s deployed to %s" % (r.version4(), r.pick(["prod", "staging", "canary"]))
        if n == 4:
            return "upgraded to %s, restart required" % r.version4()
        if n == 5:
            return '{"agentVersion":"%s","sdkVersion":"%s","status":"ok"}' % (r.version4(), r.semver())
        if n == 6:
            return "Started %s in %.3f seconds (JVM running for %.3f) on port %d" % (
                svc, r.r.random() * 30, r.r.random() * 40, r.pick([8080, 8443, 9090, 3000]))
        if n == 7:
            return "listening on :%d, metrics on :%d" % (r.pick([8080, 8443, 50051]), r.pick([9090, 9102]))
        if n == 8:
            return "connected to postgres port=%d db=ehr pool_size=%d max_idle=%d" % (
                r.pick([5432, 6432]), r.num(5, 50), r.num(1, 10))
        if n == 9:
            return "epoch=%d ts_ms=%d lag_ms=%d" % (r.num(1600000000, 1760000000),
                                                   r.num(1600000000000, 1760000000000), r.num(0, 5000))
        if n == 10:
            return "order #%d shipped: %d items, total=$%d.%02d" % (r.num(100000, 99999999), r.num(1, 12),
                                                                   r.num(1, 999), r.num(0, 99))
        if n == 11:
            return "GC pause (G1 Evacuation Pause) %.1fms heap %dM->%dM(%dM)" % (
                r.r.random() * 300, r.num(100, 4000), r.num(50, 2000), r.pick([4096, 8192]))
        if n == 12:
            return "wrote %d bytes in %.2fs (%.1f MB/s)" % (r.num(1000, 10 ** 9), r.r.random() * 20, r.r.random() * 500)
        if n == 13:
            return "segfault at %s ip %s sp %s error 4 in libc.so.6[%s+1a5000]" % (
                r.hexs(12), r.hexs(16), r.hexs(16), r.hexs(12))
        if n == 14:
            return "Successfully assigned default/%s to node-%d" % (pod, r.num(1, 40))
        if n == 15:
            return "Back-off restarting failed container %s in pod %s_%s(%s)" % (svc, pod, r.pick(["prod", "default"]), r.uuid())
        if n == 16:
            return "deployed %s@%s (%s)" % (svc, r.hexs(7), r.hexs(40))
        if n == 17:
            return "upgraded %s from %s to %s" % (r.pick(["openssl", "libpq", "requests", "spring-boot"]),
                                                  r.semver(), r.semver())
        if n == 18:
            return "latency_ms p50=%d p90=%d p99=%d max=%d count=%d" % (
                r.num(1, 50), r.num(50, 200), r.num(200, 900), r.num(900, 9000), r.num(100, 99999))
        if n == 19:
            b = sorted(r.r.sample([1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000], r.num(3, 8)))
            return "histogram buckets=%s counts=%s" % (
                "[" + ",".join(map(str, b)) + "]", "[" + ",".join(str(r.num(0, 99999)) for _ in b) + "]")
        if n == 20:
            b = [str(r.num(0, 9999)) for _ in range(r.num(3, 8))]
            return "le=%s hist: %s" % (r.pick(["0.005", "0.05", "0.5", "+Inf"]), " ".join(b))
        if n == 21:
            return "steps: 1) validate 2) persist 3) notify; completed %d/%d" % (r.num(1, 3), 3)
        if n == 22:
            return "[%d/%d] migrating table %s (%d rows)" % (r.num(1, 20), 20, r.pick(["orders", "audit_log", "sessions"]),
                                                          r.num(0, 10 ** 7))
        if n == 23:
            return "upstream returned %d after %d retries (backoff %dms)" % (r.pick([502, 503, 504]), r.num(1, 5),
                                                                            r.pick([100, 250, 500, 1000]))
        if n == 24:
            return "at com.example.ehr.PatientService.load(PatientService.java:%d)" % r.num(20, 900)
        if n == 25:
            return "at java.base/java.lang.Thread.run(Thread.java:%d)" % r.pick([829, 833, 840])
        if n == 26:
            return "... %d more" % r.num(1, 80)
        if n == 27:
            return "com.example.ehr.PatientRepository$$EnhancerBySpringCGLIB$$%s@%s" % (r.hexs(8), r.hexs(8))
        if n == 28:
            return 'File "/app/ehr/patients.py", line %d, in load_patient' % r.num(10, 900)
        if n == 29:
            return "KeyError: 'patient_id'"
        if n == 30:
            return "goroutine %d [running]: main.(*Server).handle(0xc%s, 0x%x) /app/server.go:%d +0x%x" % (
                r.num(1, 9999), r.hexs(9), r.num(1, 255), r.num(10, 900), r.num(16, 4095))
        if n == 31:
            return "thread 'tokio-runtime-worker' panicked at src/main.rs:%d:%d at hyper::proto::h1::dispatch::Dispatcher::poll_loop" % (
                r.num(10, 900), r.num(1, 80))
        if n == 32:
            return "SELECT * FROM patients WHERE patient_id = $1 AND mrn = $2 (took %.1fms, rows=%d)" % (
                r.r.random() * 40, r.num(0, 1))
        if n == 33:
            return "UPDATE encounters SET status=$2 WHERE encounter_id=$1 [%d rows]" % r.num(0, 1)
        if n == 34:
            return "cursor.execute(\"SELECT 1 FROM accounts WHERE account_id = %%s\", (acct,)) took %dms" % r.num(1, 90)
        if n == 35:
            return "cache hit ratio=0.%02d entries=%d evictions=%d Cache-Control: max-age=%d" % (
                r.num(50, 99), r.num(1000, 99999), r.num(0, 999), r.pick([60, 90, 100, 120, 300, 3600]))
        if n == 36:
            return "aws_account_id=%s region=us-east-1 role=ehr-deploy" % r.digits(12)
        if n == 37:
            return "pulling chart https://charts.example.com/charts/%s-%s.tgz" % (
                r.pick(["postgresql", "redis", "ingress-nginx"]), r.semver())
        if n == 38:
            return "snmp get 1.3.6.1.4.1.2021.%d.%d.%d = %d" % (r.num(1, 20), r.num(1, 9), r.num(1, 9), r.num(0, 99999))
        if n == 39:
            return "elapsed=%dh%dm%d.%ds queue_depth=%d" % (r.num(0, 9), r.num(0, 59), r.num(0, 59), r.num(0, 9), r.num(0, 999))
        if n == 40:
            return "took %d\u00b5s (%d allocs, %d B/op)" % (r.num(1, 9999), r.num(0, 99), r.num(0, 99999))
        if n == 41:
            return "census: age=%d sex=%s bucket=%d-%d" % (r.num(0, 89), r.pick("MFU"), r.num(0, 8) * 10, r.num(0, 8) * 10 + 9)
        if n == 42:
            return "gzip: %d bytes -> %d bytes (level %d)" % (r.num(10000, 99999), r.num(1000, 9999), r.num(1, 9))
        if n == 43:
            return "etcdserver: added member %s [http://etcd-%d:2380] to cluster %s" % (
                r.hexs(16), r.num(0, 2), r.hexs(16))
        if n == 44:
            return "MSH|^~\\&|%s|%s|LAB|%s|%s||ADT^A0%d|MSG%s|P|2.5.1" % (
                r.pick(FACILITIES), r.pick(FACILITIES), r.pick(FACILITIES),
                r.moment().strftime("%Y%m%d%H%M%S"), r.num(1, 8), r.digits(8))
        if n == 45:
            return "EVN|A0%d|%s" % (r.num(1, 8), r.moment().strftime("%Y%m%d%H%M%S"))
        if n == 46:
            return "mem=0x%s rss=%d threads=%d cpu=%.1f%%" % (r.hexs(12), r.num(10 ** 6, 10 ** 9), r.num(4, 400), r.r.random() * 100)
        if n == 47:
            return "processed %d patients, %d encounters, %d accounts in %.1fs" % (
                r.num(1, 99999), r.num(1, 99999), r.num(1, 9999), r.r.random() * 100)
        if n == 48:
            return "pid=%d ppid=%d uid=%d exit=%d signal=%d" % (r.num(2, 4194304), r.num(1, 99999), r.num(0, 65534), r.num(0, 255), r.num(0, 31))
        if n == 49:
            return "tcp flags syn=%d ack=%d fin=%d rst=%d window=%d" % (r.num(0, 1), r.num(0, 1), r.num(0, 1), r.num(0, 1), r.num(1024, 65535))
        if n == 50:
            return "request_id=%s trace_id=%s span_id=%s parent_id=%s sampled=1" % (r.uuid(), r.hexs(32), r.hexs(16), r.hexs(16))
        if n == 51:
            return "ticket JIRA-%d moved to Done; sprint %d, %d story points" % (r.num(100, 9999), r.num(1, 99), r.num(1, 13))
        if n == 52:
            return "disk /dev/nvme0n1p%d: %d%% used (%.1fGiB free of %dGiB)" % (r.num(1, 4), r.num(1, 99), r.r.random() * 500, r.pick([100, 250, 500]))
        if n == 53:
            return "feature flag patient-portal-v%d enabled for %d%% of tenants" % (r.num(2, 5), r.num(1, 100))
        if n == 57:
            # PHI keys with no PHI in them: nulls, placeholders, values an
            # upstream scrubber (or phiscrub itself) already masked.
            return ('{"patient_id":null,"mrn":"","dob":"REDACTED","ssn":"***-**-%04d","phone":"[PHONE]",'
                    '"email":"[EMAIL]","member_id":"N/A","age":%d,"zip":"[ZIP]","address":"[ADDRESS]"}'
                    % (r.num(0, 9999), r.num(0, 89)))
        if n == 58:
            return "ssn_present=%s mrn_count=%d dob_valid=%s phone_verified=%d age_ms=%d" % (
                r.pick(["true", "false"]), r.num(0, 5), r.pick(["true", "false"]), r.num(0, 1), r.num(90, 999))
        if n == 55:
            return "exported %d Audit Trail records in %dms" % (r.num(2, 9999), r.num(1, 900))
        if n == 56:
            return "synced %d Google Drive files for tenant %s" % (r.num(2, 999), r.pick(["north", "acme", "mercy"]))
        return "retry %d/%d for job %s in %dms" % (r.num(1, 5), 5, r.uuid(), r.pick([100, 200, 400, 800]))

    def clean_line(self):
        k = self.num(0, 9)
        if k <= 4:
            return Line().t(self.log_prefix() + self.clean_message()).record("clean", "plain")
        if k == 5:
            return Line().t('{"ts":"%s","level":"%s","msg":"request completed","status":%d,'
                            '"duration_ms":%.1f,"bytes":%d,"request_id":"%s","trace_id":"%s",'
                            '"pod":"%s-%s-%s","version":"%s"}' % (
                                self.iso_ts(), self.pick(LEVELS).lower(), self.pick([200, 204, 301, 404, 503]),
                                self.r.random() * 900, self.num(0, 10 ** 6), self.uuid(), self.hexs(32),
                                self.pick(SERVICES), self.hexs(9), self.alnum(5), self.semver())).record("clean", "json")
        if k == 6:
            return Line().t('ts=%s level=info caller=%s.go:%d msg="%s" duration=%dms status=%d port=%d pid=%d' % (
                self.iso_ts().replace(" ", "T"), self.pick(["server", "cache", "sync"]), self.num(10, 900),
                self.pick(["request served", "cache refreshed", "batch done", "lease renewed"]),
                self.num(1, 5000), self.pick([200, 202, 404]), self.pick([5432, 6379, 8080, 9200]),
                self.num(2, 99999))).record("clean", "logfmt")
        if k == 7:
            # Access log with the client's host name (HostnameLookups) in place
            # of an address; addresses are PHI and belong to phi lines.
            return Line().t('%s - - %s "%s %s HTTP/1.1" %d %d "-" "%s" rt=%.3f' % (
                self.pick(["lb-internal", "kube-probe", "localhost", "healthcheck.internal"]),
                self.apache_ts(), self.pick(["GET", "POST"]),
                self.pick(["/healthz", "/api/v1/orders/%d" % self.num(1, 9999999), "/metrics",
                           "/static/js/main.%s.js" % self.hexs(8), "/api/v2/jobs/%s/status" % self.uuid(),
                           "/v1/products/%d?page=%d" % (self.num(1, 99999), self.num(1, 40))]),
                self.pick([200, 200, 304, 404]), self.num(0, 90000), self.pick(UAS), self.r.random())).record("clean", "access")
        if k == 8:
            return Line().t(self.clean_message()).record("clean", "bare")
        m = self.moment()
        return Line().t("%s, %02d %s %d %s GMT %s" % (
            DOW[m.weekday()], m.day, MONTHS[m.month - 1], m.year, m.strftime("%H:%M:%S"),
            self.clean_message())).record("clean", "rfc1123")


def generate(seed=DEFAULT_SEED, phi_lines=DEFAULT_PHI_LINES, clean_lines=DEFAULT_CLEAN_LINES):
    g = Gen(seed)
    out = []
    for i in range(phi_lines):
        # Round-robin over categories so each has a comparable sample.
        out.append(g.phi_line(CATEGORIES[i % len(CATEGORIES)]))
    for _ in range(clean_lines):
        out.append(g.clean_line())
    g.r.shuffle(out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--phi-lines", type=int, default=DEFAULT_PHI_LINES)
    ap.add_argument("--clean-lines", type=int, default=DEFAULT_CLEAN_LINES)
    ap.add_argument("-o", "--output", default="-", help="JSON lines file ('-' = stdout)")
    ap.add_argument("--text", action="store_true", help="write the raw text only, one line per record")
    a = ap.parse_args(argv)
    recs = generate(a.seed, a.phi_lines, a.clean_lines)
    f = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="\n")
    with f:
        for rec in recs:
            f.write((rec["text"] if a.text else json.dumps(rec, ensure_ascii=False)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

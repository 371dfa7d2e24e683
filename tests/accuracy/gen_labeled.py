#!/usr/bin/env python3
"""Labeled corpus for phiscrub's accuracy test.

Output: JSON lines, one per corpus line:

    {"text": "...", "spans": [[start, end, "CATEGORY"], ...],
     "kind": "phi" | "clean", "shape": "json"}

start and end are byte offsets into the UTF-8 encoding of text, end
exclusive. A NAME span has a 4th element, "free" or "structured": the setting
the name is in (score.py has a floor for each). A "phi" line carries one span
per PHI value in it, known by construction; a "clean" line carries none and
must come out of phiscrub byte for byte as it went in. shape names the log
shape a line imitates, to make failures readable. The text never contains a
newline.

The corpus, by default (seed 20240314):
  * 4000 PHI lines, round robin over CATEGORIES, in JSON, escaped JSON,
    logfmt, plain and free text, audit pipes, stack traces, XML, access logs
    and HL7; a tenth of them also carry a person's name;
  * 1600 name lines: 45% free text (sentences "pt Maria Lopez arrived",
    "signed by Dr. Alan Reyes", "guarantor: SMITH, JOHN", stack-trace
    messages, syslog lines), 55% structured (JSON name keys, nested
    "patient": {"name": ...}, FHIR-style family/given, arrays of contacts,
    JSON inside a JSON string, logfmt quoted and unquoted, key: value,
    query strings, HL7 PID-5/PID-6, NK1-2, GT1-3, IN1-16, PV1-7);
  * 400 structured documents: two thirds FHIR resources on one line
    (Patient, RelatedPerson, Practitioner, Coverage, Encounter, bare or in a
    Bundle or a log event), one third values of the wrong shape under a PHI
    key in logfmt, query strings and JSON (ssn=123-45-678, dob=02/30/1980,
    mrn=ABCDEF), labeled with the key's category;
  * 12000 clean lines of ordinary logs and 3000 clean name look-alikes: class
    names and stack frames (SmithAdapter, com.smith.billing.InvoiceJob,
    smith_job, @smith/utils, github.com/jsmith/repo), English messages that use
    Will, May, Mark, Grant, Bill, Long, White, Young, Price, Rose, Page ... as
    words, product names (Spring Boot, Apache Kafka, Azure Key Vault), weekday
    and month names, HTTP request lines, JSON events whose "name",
    "hostname", "username" are a service, a host, a service account.

Names. Dictionary names are drawn from the detector's data,
patterns/names/first-names.txt and surnames.txt, leaving out the entries of
common-words.txt (names that are also words). Four kinds (see NameData):
dictionary names appear with and without context; names that are also words
(Will Young, John Smith), names in no dictionary (invented, checked against
both lists) and names with diacritics (Jana Hamanová, Søren Dvořák) appear
in free text only after a context word (patient, pt, name, subscriber,
guarantor, spouse, mother, signed by, called, for) or a title, and anywhere
in structured fields. Label rules:
  * the name only, not the title: "Dr. Smith" -> "Smith", "Mrs. O'Brien" ->
    "O'Brien"; "John A. Smith", "Smith, John A.", "SMITH, JOHN", "J. Smith",
    "Maria Garcia-Lopez": one span each over the whole name;
  * HL7 (PID-5 "DOE^JOHN^Q"): one span per component, the ^ left out;
  * JSON arrays ("given":["John","Q"]): one span per string's contents;
  * JSON, logfmt, key: value and query values: the value without quotes, as
    written (JSON escapes such as \\u00e1 and %XX or + in a query included);
  * free = prose and human labels ("Patient: ..."); structured = a value in
    JSON, logfmt, key=value/key: value with a field-name key, a query
    string, HL7 or FHIR.
FHIR: identifier value -> MRN when its type is MR, SSN when its system is
us-ssn, PATIENT_ID otherwise (Patient), MEMBER_ID (Coverage), ENCOUNTER_ID
(Encounter); name parts -> NAME; telecom phone -> PHONE, email -> EMAIL;
address line and city -> ADDRESS; postalCode -> ZIP; birthDate -> DATE; a
reference "Patient/12345" -> the id as PATIENT_ID; display names -> NAME.
Resource ids, Organization references and codes are not labeled.

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
    the same digits under order_id= or pid= are clean;
  * a name is PHI in context or under a name key; a name-like word inside an
    identifier, or a name that is also a word used as a word, is not.
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import string
import sys
import unicodedata

DEFAULT_SEED = 20240314
DEFAULT_PHI_LINES = 4000
DEFAULT_CLEAN_LINES = 12000

DEFAULT_NAME_LINES = 1600
DEFAULT_STRUCT_LINES = 400
DEFAULT_LOOKALIKE_LINES = 3000

# Categories with a recall floor of their own in score.py, and the round
# robin of the per-category PHI lines. NAME is scored apart, per setting.
SETTINGS = ("free", "structured")
CATEGORIES = ["SSN", "MRN", "PATIENT_ID", "MEMBER_ID", "ACCOUNT_ID", "ENCOUNTER_ID", "DATE",
              "PHONE", "FAX", "EMAIL", "IP", "URL", "ZIP", "ADDRESS", "AGE"]


class Line:
    """A corpus line built piece by piece; labeled pieces become spans."""

    def __init__(self):
        self.parts = []
        self.spans = []
        self.pos = 0

    def add(self, pieces):
        """pieces: (text, category or None) or, for NAME, (text, "NAME",
        "free" | "structured")."""
        for piece in pieces:
            text, cat = piece[0], piece[1]
            start = self.pos
            self.parts.append(text)
            self.pos += len(text.encode("utf-8"))
            if cat:
                assert self.pos > start, piece
                span = [start, self.pos, cat]
                if cat == "NAME":
                    assert len(piece) == 3 and piece[2] in SETTINGS, piece
                    span.append(piece[2])
                self.spans.append(span)
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
    return "".join(p[0] for p in pieces)


def tag(pieces, setting):
    """NAME pieces of an Item get the setting they are rendered in."""
    return [(p[0], p[1], setting) if p[1] == "NAME" and len(p) == 2 else p for p in pieces]


class Lab:
    """A labeled JSON string value (its contents are the span)."""

    def __init__(self, text, cat, setting=None):
        self.text, self.cat, self.setting = text, cat, setting


class LStr:
    """A JSON string value made of pieces, some labeled ("Patient/" + id)."""

    def __init__(self, pieces):
        self.pieces = pieces


def jpieces(obj, spaced=False):
    """Pieces of obj serialized as one line of JSON; Lab and LStr values
    become labeled pieces."""
    colon, comma = (": ", ", ") if spaced else (":", ",")
    out = []

    def esc(t):
        return json.dumps(t, ensure_ascii=False)[1:-1]

    def walk(o):
        if isinstance(o, dict):
            out.append(("{", None))
            for i, (k, v) in enumerate(o.items()):
                out.append(('%s"%s"%s' % (comma if i else "", esc(k), colon), None))
                walk(v)
            out.append(("}", None))
        elif isinstance(o, list):
            out.append(("[", None))
            for i, v in enumerate(o):
                if i:
                    out.append((comma, None))
                walk(v)
            out.append(("]", None))
        elif isinstance(o, Lab):
            body = esc(o.text)
            out.extend([('"', None), (body, o.cat, o.setting) if o.setting else (body, o.cat), ('"', None)])
        elif isinstance(o, LStr):
            out.append(('"', None))
            out.extend((esc(p[0]),) + tuple(p[1:]) for p in o.pieces)
            out.append(('"', None))
        else:
            out.append((json.dumps(o, ensure_ascii=False), None))
    walk(obj)
    return out


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


# ------------------------------------------------------------------- names
#
# Dictionary names come from the detector's own data, patterns/names/
# (first-names.txt, surnames.txt; common-words.txt lists the names that are
# also ordinary or log words). The corpus draws person names in four kinds:
#
#   dict      first name and surname from the dictionaries, neither of them a
#             common word: a name with or without context;
#   common    names that are also words (Will Young, Mark White, John Smith):
#             names only with context (a context word, a title, a name key);
#   nodict    made-up or rare names in neither dictionary (Xyvora Thornwick):
#             only with context in free text, anywhere in structured fields;
#   diacritic UTF-8 names (Jana Hamanová, Søren Dvořák): as nodict.

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "patterns", "names"))

COMMON_FIRST = ["John", "Mary", "Will", "May", "Mark", "Grant", "Bill", "Rose", "Hope", "Faith",
                "Chase", "Jack", "Grace", "Joy", "Dawn", "June", "Summer", "Hunter", "Mason",
                "Page", "Bob", "Frank", "Rich", "Art", "Dean"]
COMMON_LAST = ["Smith", "Brown", "White", "Young", "Price", "Long", "King", "Hall", "Bell", "Lane",
               "Page", "Miller", "Baker", "Carter", "Hunter", "Rose", "Grant", "Doe", "Black",
               "Green", "Wood", "Stone", "Ford", "Chase", "Mark", "Fisher", "Cook", "Bishop"]
# Real names that happen to be in neither list (checked at load time).
RARE_FIRST = ["Dorjee", "Anahera", "Wiremu", "Bolat", "Yerlan", "Nurlan", "Aigerim", "Gulnara",
              "Dilnoza", "Bakhyt", "Zhanar", "Oyelaran", "Tuilagi", "Rangihuna", "Tamati",
              "Hinewai", "Sauliha", "Temirlan", "Ainur", "Dauren"]
RARE_LAST = ["Nurmagambetov", "Abdrakhmanov", "Tursunov", "Karimova", "Oyelaran", "Tuilagi",
             "Fifita", "Rangihuna", "Brightwater", "Thornwick", "Ravenshaw", "Kaliyeva",
             "Zhaksybekov", "Otunbayeva", "Tapsell", "Waititi-Ngata"]
DIA_FIRST = ["Søren", "Désirée", "Łukasz", "José", "Zoë", "François", "Jiří", "Björn", "Åsa",
             "Ólafur", "Małgorzata", "Renée", "Anaïs", "Hélène", "Jürgen", "Mónica", "Íñigo",
             "Raúl", "Inés", "Bartłomiej", "Tomáš", "Zdeněk", "Kateřina", "Dagný", "Siân",
             "Þórunn", "Noémie", "Göran", "Ørjan", "Çağla"]
DIA_LAST = ["Hamanová", "Nováková", "Dvořák", "Müller", "Núñez", "Ibáñez", "Gonçalves",
            "Øvergård", "Søndergård", "Kovačević", "Jovanović", "Wałęsa", "Łukaszewski", "Šimková",
            "Černý", "Gómez", "Peña", "Hernández", "Özdemir", "Çelik", "Yılmaz", "Şahin", "Lefèvre",
            "Bélanger", "Côté", "Strauß", "Schäfer", "Jäger", "Håkansson", "Nguyễn", "Trần",
            "Desrosiers-Côté", "Fernández-Peña"]
APOSTROPHE_LAST = ["O'Brien", "O'Connor", "O'Neill", "O'Malley", "D'Angelo", "O'Hara", "D'Souza",
                   "O'Reilly"]
# The issue's own examples, now and then, with context.
ISSUE_PEOPLE = [("John", "Smith", None), ("John", "Smith", "A"), ("Maria", "Garcia-Lopez", None),
                ("Jana", "Hamanová", None), ("Marc", "Desrosiers", None), ("Siobhan", "O'Brien", None),
                ("Emma", "Wilson", None), ("Alan", "Reyes", None), ("Maria", "Lopez", None),
                ("Jane", "Doe", None), ("Xolani", "Brightwater", None)]
TITLES = ["Dr.", "Dr.", "Dr", "Mr.", "Mrs.", "Ms.", "Mrs", "Mr"]
SYLL_ON = ["b", "br", "d", "dr", "f", "g", "gr", "k", "kh", "l", "m", "n", "p", "qu", "r", "s",
           "sh", "t", "th", "v", "vr", "z", "x", "y", "zh"]
SYLL_V = ["a", "e", "i", "o", "u", "ae", "ai", "ou", "y", "io"]
SYLL_CODA = ["", "", "", "n", "r", "l", "s", "th", "x", "m", "nd", "rk", "v"]
COMPOUND_A = ["Bright", "Storm", "Thorn", "Ash", "Frost", "Gold", "Silver", "Raven", "Oak",
              "Wolf", "Moon", "Ember", "Cinder", "Briar", "Hazel", "Quill"]
COMPOUND_B = ["water", "wick", "vale", "bury", "hollow", "crest", "brook", "mere", "shaw",
              "thorne", "ridge", "wyn", "holt", "stead"]

_NAME_DATA = None


def fold(s):
    """ASCII letters of a name, lower-cased: Hamanová -> hamanova."""
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O").replace(
        "ß", "ss").replace("þ", "th").replace("Þ", "Th").replace("ı", "i")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return "".join(c for c in s.lower() if c.isalpha())


class NameData:
    """The dictionaries and the name pools derived from them."""

    def __init__(self, names_dir=NAMES_DIR):
        def read(fn):
            with open(os.path.join(names_dir, fn), encoding="utf-8") as f:
                return [w.strip() for w in f if w.strip()]
        first, sur, common = read("first-names.txt"), read("surnames.txt"), read("common-words.txt")
        self.common = {w.lower() for w in common}
        self.known = {w.lower() for w in first} | {w.lower() for w in sur} | self.common
        fset, sset = {w.lower() for w in first}, {w.lower() for w in sur}
        # Sorted lists, so the same seed draws the same names everywhere.
        self.first = [w for w in first if w.lower() not in self.common and len(w) >= 3]
        self.sur = [w for w in sur if w.lower() not in self.common and len(w) >= 3]
        # Frequent names of the old vocabulary, so common names are well
        # represented next to the long tail of the lists.
        self.freq_first = [w for w in FIRST if w.lower() in fset and w.lower() not in self.common]
        self.freq_last = [w for w in LAST if w.lower() in sset and w.lower() not in self.common]
        self.common_first = [w for w in COMMON_FIRST if w.lower() in fset and w.lower() in self.common]
        self.common_last = [w for w in COMMON_LAST if w.lower() in sset and w.lower() in self.common]
        self.apostrophe = [w for w in APOSTROPHE_LAST if fold(w) in sset and fold(w) not in self.common]
        self.rare_first = [w for w in RARE_FIRST if self.in_no_dictionary(w)]
        self.rare_last = [w for w in RARE_LAST if self.in_no_dictionary(w)]
        for w in DIA_FIRST + DIA_LAST:
            assert any(ord(c) > 127 for c in w), w
        assert len(self.common_first) >= 15 and len(self.common_last) >= 15
        assert len(self.rare_first) >= 10 and len(self.rare_last) >= 10

    def in_no_dictionary(self, name):
        parts = [p for p in name.replace("'", "-").split("-") if p]
        return all(p.lower() not in self.known and fold(p) not in self.known for p in parts)


def name_data():
    global _NAME_DATA
    if _NAME_DATA is None:
        _NAME_DATA = NameData()
    return _NAME_DATA


class Person:
    def __init__(self, first, last, middle=None, kind="dict"):
        self.first, self.last, self.middle, self.kind = first, last, middle, kind

    def full(self):
        return " ".join(x for x in (self.first, self.middle, self.last) if x)


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
        """A person's name riding along with other PHI. Under a key it is
        structured; in prose it gets a context word unless it is a plain
        dictionary name."""
        p = self.any_person()
        v = self.name_value(p)
        phrases = ["Patient {v} called back", "chart opened for {v}", "callback for {v} scheduled",
                   "signed by {v}", "guarantor: {v}", "spouse {v} notified"]
        if p.kind == "dict":
            phrases += ["{v} checked in", "{v} reviewed chart"]
        return Item("NAME", [(v, "NAME")], self.NAME_FULL_KEYS,
                    ["Patient", "Name", "Patient Name", "Guarantor", "Subscriber"], phrases)

    # --------------------------------------------------------------- shapes

    def render_kv(self, item, shape):
        """The item under one of its keys, in the shape's syntax."""
        key = self.pick(item.keys)
        v = tag(item.pieces, "structured")
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
        return [(lab + sep, None)] + tag(item.pieces, "free")

    def render_phrase(self, item):
        return fill(self.pick(item.phrases), tag(item.pieces, "free"))

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
                    ln.add([('\\"%s\\":' % key, None)] + tag(it.pieces, "structured"))
                else:
                    ln.add([('\\"%s\\":\\"' % key, None)] + tag(it.pieces, "structured") + [('\\"', None)])
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
            # PV1-7 attending and PV1-17 admitting doctor: names, one span a component
            ln.t("PV1|1|%s|%s^%d^%d^%s||||%d^" % (
                self.pick("IOE"), self.pick(["4E", "ICU", "ED"]), self.num(100, 999), self.num(1, 4),
                self.pick(FACILITIES), self.num(1000, 9999)))
            ln.add([(self.pick(LAST).upper(), "NAME", "structured"), ("^", None),
                    (self.pick(FIRST).upper(), "NAME", "structured")])
            ln.t("|||%s||||%s|||%d^" % (self.pick(["MED", "SUR", "CAR"]), self.pick(["1", "7", "9"]),
                                         self.num(1000, 9999)))
            ln.add([(self.pick(LAST).upper(), "NAME", "structured"), ("^", None),
                    (self.pick(FIRST).upper(), "NAME", "structured")])
            ln.t("|%s|" % self.pick(["IN", "OUT", "ER"]))
            ln.add([(visit, "ENCOUNTER_ID")])
            ln.t("|||||||||||||||||||||||||")
            ln.add([("%04d%02d%02d" % (admit.year, admit.month, admit.day), "DATE")])
            ln.t("%02d%02d" % (self.num(0, 23), self.num(0, 59)))
            return ln.record("phi", "hl7")
        a, g, s = self.ssn()
        p = self.any_person()
        p.middle = self.pick("ABCDEJKLM")
        dob = self.day(1920, 2016)
        city, st = self.pick(CITIES)
        street = self.street()
        if "^" in street:
            street = street.replace("^", "")
        ln.t("PID|1||").add([(self.mrn(), "MRN")]).t("^^^%s^MR" % self.pick(FACILITIES))
        if self.chance(0.3):
            ln.t("~").add([("".join(self.ssn()), "SSN")]).t("^^^SSA^SS")
        ln.t("||").add(self.xpn(p, self.chance(0.8))).t("||")
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

    # ------------------------------------------------------------ people

    def invented(self):
        """A capitalized word in neither dictionary (nor common-words)."""
        nd = name_data()
        while True:
            k = self.r.random()
            if k < 0.55:
                w = "".join(self.pick(SYLL_ON) + self.pick(SYLL_V) + self.pick(SYLL_CODA)
                            for _ in range(self.num(2, 3)))
            elif k < 0.8:
                w = self.pick(COMPOUND_A) + self.pick(COMPOUND_B)
            else:
                w = self.pick(nd.rare_first + nd.rare_last)
            w = w[0].upper() + w[1:]
            if 4 <= len(w) <= 16 and nd.in_no_dictionary(w):
                return w

    def person(self, kind):
        nd = name_data()
        if kind == "dict":
            first = self.pick(nd.freq_first if self.chance(0.4) else nd.first)
            k = self.r.random()
            if k < 0.35:
                last = self.pick(nd.freq_last)
            elif k < 0.88:
                last = self.pick(nd.sur)
            elif k < 0.95:
                last = "%s-%s" % (self.pick(nd.freq_last), self.pick(nd.freq_last + nd.sur[::50]))
            else:
                last = self.pick(nd.apostrophe)
        elif kind == "common":
            first = self.pick(nd.common_first) if self.chance(0.7) else self.pick(nd.first)
            last = self.pick(nd.common_last) if self.chance(0.7) else self.pick(nd.sur)
            if first.lower() not in nd.common and last.lower() not in nd.common:
                last = self.pick(nd.common_last)
        elif kind == "nodict":
            first = self.invented() if self.chance(0.75) else self.pick(nd.first)
            last = self.invented()
        elif kind == "diacritic":
            first = self.pick(DIA_FIRST) if self.chance(0.5) else self.pick(nd.first)
            last = self.pick(DIA_LAST) if self.chance(0.75) else self.pick(nd.sur)
            if all(ord(c) < 128 for c in first + last):
                last = self.pick(DIA_LAST)
        else:
            raise ValueError(kind)
        middle = None
        if self.chance(0.2):
            middle = self.pick(string.ascii_uppercase.replace("X", "").replace("Q", "") + "Q")
        if kind != "dict" and self.chance(0.05):
            # two given names: "Mary Ann", "Jean-Luc"
            first = "%s%s%s" % (first, self.pick([" ", "-"]), self.pick(nd.freq_first))
        return Person(first, last, middle, kind)

    def any_person(self, weights=(("dict", 0.45), ("common", 0.2), ("nodict", 0.15),
                                  ("diacritic", 0.2))):
        """A name for a place with context or a name key: any kind."""
        if self.chance(0.04):
            f, l, m = self.pick(ISSUE_PEOPLE)
            return Person(f, l, m, "issue")
        x = self.r.random()
        for kind, w in weights:
            if x < w:
                return self.person(kind)
            x -= w
        return self.person(weights[-1][0])

    def name_prose(self, p, setting, tail):
        """p as free text writes it: [(text, cat, setting)]. Titles are not
        part of the name; "Smith, John A." is one span."""
        forms = ["FL", "FL", "FL", "FML", "IL", "UFL", "TL", "TFL"]
        if tail:
            forms += ["LF", "LFM", "ULF", "ULF"]
        form = self.pick(forms)
        f, l, m = p.first, p.last, p.middle
        before = ""
        if form == "FML" and m:
            v = "%s %s. %s" % (f, m, l)
        elif form == "LF":
            v = "%s, %s" % (l, f)
        elif form == "LFM":
            v = "%s, %s %s." % (l, f, m) if m else "%s, %s" % (l, f)
        elif form == "ULF":
            v = ("%s, %s" % (l, f)).upper()
        elif form == "UFL":
            v = ("%s %s" % (f, l)).upper()
        elif form == "IL":
            v = "%s. %s" % (f[0], l)
        elif form == "TL":
            before, v = self.pick(TITLES) + " ", l
        elif form == "TFL":
            before, v = self.pick(TITLES) + " ", "%s %s" % (f, l)
        else:
            v = "%s %s" % (f, l)
        out = [(before, None)] if before else []
        return out + [(v, "NAME", setting)]

    def name_value(self, p):
        """A whole name as one structured value."""
        f, l, m = p.first, p.last, p.middle
        k = self.num(0, 6)
        if k == 0 and m:
            return "%s %s. %s" % (f, m, l)
        if k == 1:
            return "%s, %s" % (l, f)
        if k == 2:
            return ("%s, %s" % (l, f)).upper() + ((" " + m) if m else "")
        if k == 3 and m:
            return "%s, %s %s." % (l, f, m)
        if k == 4:
            return ("%s %s" % (f, l)).upper()
        return "%s %s" % (f, l)

    # ------------------------------------------------------- name lines

    NAME_CTX = ["Called {n} back about results", "called {n} re: lab results, no answer",
                "pt {n} arrived for appointment", "Pt {n} roomed, vitals taken",
                "note signed by {n}", "order signed by {n}", "discharge summary signed by {n}",
                "Rx for {n} ready for pickup", "refill request for {n} sent to pharmacy",
                "prior auth submitted for {n}", "guarantor: {n}",
                "guarantor {n} updated billing info", "spouse {n} notified", "spouse: {n}",
                "mother {n} at bedside", "mother: {n}", "subscriber {n} verified with payer",
                "subscriber: {n}", "Patient: {n}", "patient {n} called back",
                "Patient {n} no-show, rebooking", "name: {n}", "Name: {n}",
                "Patient Name: {n}", "Pt: {n}", "callback for {n} scheduled"]
    NAME_NOCTX = ["{n} reviewed chart", "{n} checked in at front desk",
                  "{n} left without being seen", "{n} requested release of records",
                  "discharge instructions reviewed with {n}", "message from {n}: please call back",
                  "{n} no-show, rebooking", "{n} called about a billing question",
                  "appointment confirmed with {n}", "walk-in: {n}"]
    STACK_HEADS = ["com.example.ehr.RegistrationException: ", "java.lang.IllegalStateException: ",
                   "ValueError: ", "Caused by: com.example.billing.GuarantorException: ",
                   "PatientMatchException: ", "panic: ", "error: ", "RuntimeError: "]

    def name_phrase(self, context):
        """[(text, cat, setting)] of one free-text clause with a name."""
        if context:
            tpl = self.pick(self.NAME_CTX)
            p = self.any_person((("dict", 0.4), ("common", 0.2), ("nodict", 0.2), ("diacritic", 0.2)))
        else:
            tpl = self.pick(self.NAME_NOCTX)
            p = self.person("dict")
        before, after = tpl.split("{n}", 1)
        pieces = [(before, None)] if before else []
        pieces += self.name_prose(p, "free", tail=not after)
        if after:
            pieces.append((after, None))
        return pieces

    def shape_name_free(self):
        ln = Line()
        context = self.chance(0.65)
        k = self.num(0, 9)
        if k <= 5:
            shape = "name_free"
            if self.chance(0.7):
                ln.t(self.log_prefix())
            ln.add(self.name_phrase(context))
            if self.chance(0.15):
                ln.t(self.pick([". ", "; "])).add(self.name_phrase(self.chance(0.65)))
            if self.chance(0.3):
                ln.t(self.pick([".", " (ticket #%d)" % self.num(1000, 99999), " [retry 2/3]"]))
        elif k <= 7:
            shape = "name_stack"
            if self.chance(0.4):
                ln.t(self.log_prefix())
            ln.t(self.pick(self.STACK_HEADS)).add(self.name_phrase(context))
            if self.chance(0.4):
                ln.t(self.pick([" at com.example.ehr.PatientService.register(PatientService.java:%d)"
                                % self.num(20, 900), " [in %s.go:%d]" % (self.pick(["intake", "match"]),
                                                                        self.num(10, 900))]))
        else:
            shape = "name_syslog"
            m = self.moment()
            ln.t("%s %2d %s %s %s[%d]: " % (MONTHS[m.month - 1], m.day, m.strftime("%H:%M:%S"),
                                            self.pick(HOSTS), self.pick(SERVICES), self.num(100, 65000)))
            ln.add(self.name_phrase(context))
        return ln.record("phi", shape)

    NAME_FULL_KEYS = ["patient_name", "patientName", "PatientName", "full_name", "fullName",
                      "guarantor_name", "guarantorName", "subscriber_name", "subscriberName",
                      "insured_name", "spouse_name", "mother_name", "emergency_contact_name",
                      "patient_full_name", "signed_by"]
    NAME_FIRST_KEYS = [("first_name", "last_name", "middle_name"), ("firstName", "lastName", "middleName"),
                       ("FirstName", "LastName", "MiddleName"), ("given_name", "family_name", "middle_initial"),
                       ("givenName", "familyName", "middleInitial"),
                       ("patient_first_name", "patient_last_name", "patient_middle_name"),
                       ("patientFirstName", "patientLastName", "patientMiddleName")]
    NAME_PARENTS = ["patient", "subscriber", "guarantor", "spouse", "mother", "emergencyContact",
                    "insured", "member", "subject", "nextOfKin"]

    def jstr_pieces(self, text, cat, setting, escape_unicode=False):
        """A JSON string's contents as a piece (escaped as a serializer would)."""
        body = json.dumps(text, ensure_ascii=escape_unicode)[1:-1]
        return (body, cat, setting) if cat else (body, None)

    def name_fields(self, p, style):
        """[(key, value-pieces)] for p under name keys: one key or first/last."""
        S = "structured"
        esc = style == "json" and self.chance(0.3)
        def val(t):
            if style == "json":
                return [self.jstr_pieces(t, "NAME", S, esc)]
            return [(t, "NAME", S)]
        if self.chance(0.5):
            return [(self.pick(self.NAME_FULL_KEYS), val(self.name_value(p)))]
        kf, kl, km = self.pick(self.NAME_FIRST_KEYS)
        up = self.chance(0.15)
        f, l = (p.first.upper(), p.last.upper()) if up else (p.first, p.last)
        out = [(kf, val(f))]
        if p.middle and self.chance(0.6):
            out.append((km, val(p.middle)))
        out.append((kl, val(l)))
        if self.chance(0.3):
            self.r.shuffle(out)
        return out

    def shape_name_json(self):
        p = self.any_person()
        ln = Line()
        if self.chance(0.2):
            ln.t(self.log_prefix())
        sp = self.chance(0.5)
        q = (lambda k: '"%s": ' % k) if sp else (lambda k: '"%s":' % k)
        sep = ", " if sp else ","
        ln.t('{%s"%s"%s"%s"%s"%s"' % (q("ts"), self.iso_ts(), sep + q("level"), self.pick(LEVELS).lower(),
                                      sep + q("msg"), self.message()))
        k = self.num(0, 9)
        if k <= 3:
            for key, v in self.name_fields(p, "json"):
                ln.t(sep + q(key) + '"').add(v).t('"')
        elif k <= 5:
            ln.t(sep + q(self.pick(self.NAME_PARENTS)) + "{")
            ln.t(q("name") + '"').add([self.jstr_pieces(self.name_value(p), "NAME", "structured",
                                                        self.chance(0.2))]).t('"')
            if self.chance(0.4):
                it = self.keyed_item(["DATE", "MRN", "PHONE", "PATIENT_ID"])
                ln.t(sep).add(self.render_kv(it, "json_spaced" if sp else "json"))
            ln.t("}")
        elif k <= 7:
            # FHIR-style name object: family string, given array
            ln.t(sep + q(self.pick(["patient", "subscriber", "guarantor", "spouse"])) + "{" + q("name") + "{")
            ln.t(q("family") + '"').add([self.jstr_pieces(p.last, "NAME", "structured")]).t('"')
            ln.t(sep + q("given") + "[")
            given = [p.first] + ([p.middle] if p.middle else [])
            for i, gv in enumerate(given):
                ln.t((sep if i else "") + '"').add([self.jstr_pieces(gv, "NAME", "structured")]).t('"')
            ln.t("]}}")
        else:
            # an array of contact objects, each with a name
            ln.t(sep + q(self.pick(["emergencyContacts", "contacts", "relatedPersons", "guarantors"])) + "[")
            for i in range(self.num(1, 2)):
                pp = p if i == 0 else self.any_person()
                ln.t((sep if i else "") + "{" + q("relationship") + '"%s"' % self.pick(
                    ["spouse", "mother", "father", "child", "guardian", "sibling"]))
                ln.t(sep + q("name") + '"').add([self.jstr_pieces(self.name_value(pp), "NAME", "structured")]).t('"')
                ln.t("}")
            ln.t("]")
        if self.chance(0.3):
            it = self.keyed_item(["DATE", "MRN", "SSN", "PHONE", "EMAIL", "MEMBER_ID", "ZIP"])
            ln.t(sep).add(self.render_kv(it, "json_spaced" if sp else "json"))
        for piece in self.noise_kv("json"):
            ln.add(piece)
        ln.t("}")
        return ln.record("phi", "name_json")

    def shape_name_json_escaped(self):
        p = self.any_person()
        ln = Line()
        ln.t('{"timestamp":"%s","level":"%s","message":"%s","%s":"{' % (
            self.iso_ts(), self.pick(LEVELS), self.pick(["outbound payload", "webhook body", "kafka record"]),
            self.pick(["body", "payload", "value"])))
        for i, (key, v) in enumerate(self.name_fields(p, "json")):
            ln.t((',' if i else "") + '\\"%s\\":\\"' % key).add(v).t('\\"')
        ln.t('}","partition":%d,"offset":%d}' % (self.num(0, 11), self.num(0, 10 ** 8)))
        return ln.record("phi", "name_json_escaped")

    def shape_name_logfmt(self):
        p = self.any_person()
        ln = Line()
        if self.chance(0.3):
            ln.t(self.log_prefix())
        ln.t('ts=%s level=%s caller=%s.go:%d msg="%s"' % (
            self.iso_ts().replace(" ", "T"), self.pick(LEVELS).lower(),
            self.pick(["patients", "intake", "eligibility", "billing"]), self.num(10, 600), self.message()))
        for key, v in self.name_fields(p, "logfmt"):
            t = v[0][0]
            if " " in t or "," in t or self.chance(0.3):
                ln.t(' %s="' % key).add(v).t('"')
            else:
                ln.t(" %s=" % key).add(v)
        if self.chance(0.3):
            it = self.keyed_item(["DATE", "MRN", "SSN", "PHONE", "MEMBER_ID"])
            ln.t(" ").add(self.render_kv(it, "logfmt"))
        for piece in self.noise_kv("logfmt"):
            ln.add(piece)
        return ln.record("phi", "name_logfmt")

    def shape_name_kv(self):
        """key: value, key=value, key='value' in an ordinary log message."""
        p = self.any_person()
        ln = Line().t(self.log_prefix())
        ln.t(self.message().capitalize() + self.pick([": ", " - ", " | "]))
        style = self.pick([": ", "=", "='", '="'])
        fields = self.name_fields(p, "kv")
        if style == "='" and any("'" in v[0][0] for _, v in fields):
            style = '="'
        if style == "=" and any(" " in v[0][0] for _, v in fields):
            style = ": "
        close = {"='": "'", '="': '"'}.get(style, "")
        for i, (key, v) in enumerate(fields):
            if i:
                ln.t(self.pick([" | ", "; "]) if "," in v[0][0] and not close else self.pick([", ", " | ", " "]))
            ln.t(key + style).add(v).t(close)
        if self.chance(0.3):
            ln.t(self.pick([" | ", "; "])).add(self.render_kv(self.keyed_item(["DATE", "MRN", "PHONE"]), "logfmt"))
        return ln.record("phi", "name_kv")

    def qenc(self, text):
        """Query-string encoding of a value: spaces as + or %20, UTF-8 as %XX."""
        plus = self.chance(0.5)
        out = []
        for ch in text:
            if ch == " ":
                out.append("+" if plus else "%20")
            elif ch.isascii() and (ch.isalnum() or ch in "-._~"):
                out.append(ch)
            else:
                out.append("".join("%%%02X" % b for b in ch.encode("utf-8")))
        return "".join(out)

    def shape_name_query(self):
        p = self.any_person()
        S = "structured"
        params = []
        k = self.num(0, 3)
        if k == 0:
            path = self.pick(["/fhir/R4/Patient", "/fhir/Patient", "/baseR4/Patient"])
            params.append(("family", [(self.qenc(p.last), "NAME", S)]))
            if self.chance(0.8):
                params.append(("given", [(self.qenc(p.first), "NAME", S)]))
            if self.chance(0.5):
                d = self.day(1920, 2016)
                params.append(("birthdate", [("%04d-%02d-%02d" % (d.year, d.month, d.day), "DATE")]))
        else:
            path = self.pick(["/api/search", "/api/v1/patients/search", "/portal/lookup",
                              "/api/eligibility", "/v2/members/find", "/registration/match"])
            if self.chance(0.5):
                params.append((self.pick(["patient_name", "patientName", "full_name", "subscriber_name"]),
                               [(self.qenc(self.name_value(p)), "NAME", S)]))
            else:
                kf, kl, km = self.pick(self.NAME_FIRST_KEYS)
                params.append((kl, [(self.qenc(p.last), "NAME", S)]))
                params.append((kf, [(self.qenc(p.first), "NAME", S)]))
                if self.chance(0.5):
                    self.r.shuffle(params)
            if self.chance(0.6):
                d = self.day(1920, 2016)
                params.append((self.pick(["dob", "date_of_birth", "birthDate"]),
                               [(self.date_text(d, ["iso", "us", "compact"]).replace("/", "%2F"), "DATE")]))
        if self.chance(0.3):
            params.append(("limit", [(str(self.pick([10, 20, 50])), None)]))
        url = [(path, None)]
        for i, (key, v) in enumerate(params):
            url.append(("?" if i == 0 else "&", None))
            url.append(("%s=" % key, None))
            url.extend(v)
        method = self.pick(["GET", "GET", "GET", "POST"])
        ln = Line()
        if self.chance(0.5):
            ip = self.item_ip()
            ln.add(ip.pieces).t(" - - %s \"%s " % (self.apache_ts(), method)).add(url)
            ln.t(' HTTP/1.1" %d %d "-" "%s"' % (self.pick([200, 200, 404]), self.num(0, 90000), self.pick(UAS)))
        else:
            ln.t(self.log_prefix()).t(self.pick(["%s " % method, "handled %s " % method, "upstream %s " % method]))
            ln.add(url).t(self.pick([" status=200 duration=%dms" % self.num(1, 900), " -> 200",
                                     " 404 Not Found", ""]))
        return ln.record("phi", "name_query")

    def xpn(self, p, upper):
        """HL7 XPN components as pieces: each of family^given^middle is a span."""
        S = "structured"
        f, l = (p.first.upper(), p.last.upper()) if upper else (p.first, p.last)
        out = [(l, "NAME", S), ("^", None), (f, "NAME", S)]
        if p.middle:
            out += [("^", None), (p.middle, "NAME", S)]
        if self.chance(0.25):
            out.append(("^^^^L" if p.middle else "^^^^^L", None))
        return out

    def shape_name_hl7(self):
        ln = Line()
        if self.chance(0.4):
            ln.t(self.log_prefix()).t(self.pick(["received: ", "inbound ADT^A04 ", "parse error in ", "segment "]))
        p = self.any_person()
        up = self.chance(0.7)
        seg = self.pick(["PID", "PID", "NK1", "GT1", "IN1", "PV1"])
        if seg == "PID":
            dob = self.day(1920, 2016)
            ln.t("PID|1||").add([(self.mrn(), "MRN")]).t("^^^%s^MR||" % self.pick(FACILITIES))
            ln.add(self.xpn(p, up)).t("|")
            if self.chance(0.3):
                ln.add([(self.person("dict").last.upper() if up else self.person("dict").last, "NAME", "structured")])
            ln.t("|").add([("%04d%02d%02d" % (dob.year, dob.month, dob.day), "DATE")])
            ln.t("|%s" % self.pick("MFU"))
        elif seg == "NK1":
            rel = self.pick(["SPO^Spouse", "MTH^Mother", "FTH^Father", "CHD^Child", "GRD^Guardian", "EMC^Emergency Contact"])
            ln.t("NK1|%d|" % self.num(1, 3)).add(self.xpn(p, up)).t("|%s^HL70063|||" % rel)
        elif seg == "GT1":
            ln.t("GT1|1||").add(self.xpn(p, up)).t("||||||%s|%s|" % (self.pick("MFU"), self.pick(["P", "I"])))
        elif seg == "IN1":
            # IN1-16 is the insured's name: fields 5-15 empty
            ln.t("IN1|1|%s|%d|%s||||||||||||" % (self.pick(["PPO200", "HMO10", "MCR", "MCD"]), self.num(100, 99999),
                                               self.pick(["BLUE CROSS BLUE SHIELD", "AETNA", "UNITED HEALTHCARE",
                                                          "MEDICARE PART B", "CIGNA", "HUMANA"])))
            ln.add(self.xpn(p, up)).t("|%s|" % self.pick(["01", "SEL", "02", "19"]))
        else:
            ln.t("PV1|1|%s|%s^%d^%d^%s||||%d^" % (self.pick("IOE"), self.pick(["4E", "ICU", "ED"]), self.num(100, 999),
                                                self.num(1, 4), self.pick(FACILITIES), self.num(1000, 9999)))
            ln.add(self.xpn(p, up)).t("|||%s||||||" % self.pick(["MED", "SUR", "CAR"]))
        return ln.record("phi", "name_hl7")

    # -------------------------------------------------------------- FHIR

    def fhir_name(self, p, prefix=False):
        S = "structured"
        d = {"use": self.pick(["official", "usual"])}
        if self.chance(0.2):
            d["text"] = Lab(p.full() if not p.middle else "%s %s. %s" % (p.first, p.middle, p.last), "NAME", S)
        d["family"] = Lab(p.last, "NAME", S)
        d["given"] = [Lab(p.first, "NAME", S)] + ([Lab(p.middle, "NAME", S)] if p.middle else [])
        if prefix:
            d["prefix"] = ["Dr."]
        return d

    def fhir_telecom(self):
        out = []
        if self.chance(0.8):
            a, x, n = self.nanp()
            out.append({"system": "phone", "value": Lab(self.pick(["(%s) %s-%s", "%s-%s-%s", "+1%s%s%s"]) % (a, x, n), "PHONE"),
                        "use": self.pick(["home", "mobile", "work"])})
        if self.chance(0.5):
            out.append({"system": "email", "value": Lab(self.email(), "EMAIL")})
        return out

    def fhir_address(self):
        city, st = self.pick(CITIES)
        street = self.street()
        d = {"use": "home", "line": [Lab(street.split(",")[0], "ADDRESS")]}
        d["city"] = Lab(city, "ADDRESS")
        d["state"] = st
        d["postalCode"] = Lab(self.zip_text(), "ZIP")
        return d

    def fhir_ref(self, typ="Patient"):
        return LStr([("%s/" % typ, None), (self.pick([str(self.num(1000, 9999999)), "pat-" + self.digits(6),
                                                      self.uuid()]), "PATIENT_ID")])

    def fhir_resource(self):
        kind = self.pick(["Patient", "Patient", "Patient", "RelatedPerson", "Practitioner", "Coverage", "Encounter"])
        p = self.any_person()
        if kind == "Patient":
            ids = []
            if self.chance(0.5):
                ids.append({"use": "usual", "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                                                 "code": "MR"}]},
                            "system": "urn:oid:1.2.36.146.595.217.0.1", "value": Lab(self.mrn(), "MRN")})
            else:
                ids.append({"system": "https://example-health.org/fhir/sid/patient-id",
                            "value": Lab(self.patient_id(), "PATIENT_ID")})
            if self.chance(0.2):
                ids.append({"system": "http://hl7.org/fhir/sid/us-ssn", "value": Lab("%s-%s-%s" % self.ssn(), "SSN")})
            r = {"resourceType": "Patient", "identifier": ids, "active": True, "name": [self.fhir_name(p)]}
            tel = self.fhir_telecom()
            if tel:
                r["telecom"] = tel
            r["gender"] = self.pick(["male", "female", "other", "unknown"])
            d = self.day(1920, 2016)
            r["birthDate"] = Lab("%04d-%02d-%02d" % (d.year, d.month, d.day), "DATE")
            if self.chance(0.7):
                r["address"] = [self.fhir_address()]
            if self.chance(0.25):
                r["contact"] = [{"relationship": [{"coding": [{"code": self.pick(["C", "N", "E"])}]}],
                                 "name": self.fhir_name(self.any_person())}]
        elif kind == "RelatedPerson":
            r = {"resourceType": "RelatedPerson", "active": True, "patient": {"reference": self.fhir_ref()},
                 "relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                               "code": self.pick(["WIFE", "HUSB", "MTH", "FTH", "DAU", "SON"])}]}],
                 "name": [self.fhir_name(p)]}
            tel = self.fhir_telecom()
            if tel:
                r["telecom"] = tel
            if self.chance(0.4):
                r["address"] = [self.fhir_address()]
        elif kind == "Practitioner":
            r = {"resourceType": "Practitioner", "active": True, "name": [self.fhir_name(p, prefix=self.chance(0.5))]}
            if self.chance(0.6):
                a, x, n = self.nanp()
                r["telecom"] = [{"system": "phone", "value": Lab("%s-%s-%s" % (a, x, n), "PHONE"), "use": "work"}]
        elif kind == "Coverage":
            mid = self.member_id()
            r = {"resourceType": "Coverage", "status": "active",
                 "identifier": [{"system": "https://payer.example.com/member-id", "value": Lab(mid, "MEMBER_ID")}],
                 "subscriber": {"reference": self.fhir_ref()}, "subscriberId": Lab(mid, "MEMBER_ID"),
                 "beneficiary": {"reference": self.fhir_ref()},
                 "relationship": {"coding": [{"code": self.pick(["self", "spouse", "child"])}]},
                 "payor": [{"reference": "Organization/payer-%s" % self.pick(["aetna", "cigna", "bcbs"])}]}
        else:
            S = "structured"
            r = {"resourceType": "Encounter", "status": self.pick(["finished", "in-progress", "planned"]),
                 "identifier": [{"system": "https://example-health.org/fhir/sid/encounter",
                                 "value": Lab(self.encounter_id(), "ENCOUNTER_ID")}],
                 "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": self.pick(["AMB", "IMP", "EMER"])},
                 "subject": {"reference": self.fhir_ref(), "display": Lab("%s %s" % (p.first, p.last), "NAME", S)}}
            if self.chance(0.5):
                doc = self.any_person()
                r["participant"] = [{"individual": {"display": LStr([("Dr. ", None),
                                                                     ("%s %s" % (doc.first, doc.last), "NAME", S)])}}]
        return kind, r

    def shape_fhir(self):
        kind, r = self.fhir_resource()
        sp = self.chance(0.3)
        ln = Line()
        wrap = self.num(0, 3)
        if wrap == 1:
            ln.t(self.log_prefix()).t(self.pick(["fhir request body: ", "POST /fhir/R4/%s " % kind,
                                                 "validation failed for resource: "]))
        elif wrap == 2:
            r = {"resourceType": "Bundle", "type": "transaction",
                 "entry": [{"fullUrl": "urn:uuid:%s" % self.uuid(), "resource": r,
                            "request": {"method": "POST", "url": kind}}]}
        elif wrap == 3:
            r = {"ts": self.iso_ts(), "level": "info", "msg": "fhir resource stored", "resource": r}
        ln.add(jpieces(r, sp))
        return ln.record("phi", "fhir")

    # ------------------------------------------- values of the wrong shape

    def odd_value(self):
        """A value under a PHI key that no value rule would take on its own."""
        cat = self.pick(["SSN", "SSN", "DATE", "DATE", "MRN", "MRN", "PATIENT_ID", "MEMBER_ID"])
        if cat == "SSN":
            keys = ["ssn", "SSN", "social_security_number", "patient_ssn"]
            v = self.pick(["%s-%s-%s" % (self.digits(3), self.digits(2), self.digits(3)),
                           "%s-%s-%s" % (self.digits(2), self.digits(3), self.digits(4)),
                           "000-%s-%s" % (self.digits(2), self.digits(4)),
                           "%s-00-%s" % (self.digits(3), self.digits(4)), self.digits(8),
                           "%sxx%s" % (self.digits(3), self.digits(4))])
        elif cat == "DATE":
            keys = ["dob", "DOB", "date_of_birth", "birthDate", "birth_date"]
            y = self.num(1920, 2016)
            v = self.pick(["02/30/%d" % y, "%d-13-%02d" % (y, self.num(1, 28)), "%d-02-30" % y,
                           "31/31/%d" % y, "%02d/00/%d" % (self.num(1, 12), y), "%d%02d32" % (y, self.num(1, 12))])
        elif cat == "MRN":
            keys = ["mrn", "MRN", "medical_record_number", "patient_mrn"]
            v = self.pick(["".join(self.r.choice(string.ascii_uppercase) for _ in range(self.num(5, 8))),
                           "mr-" + "".join(self.r.choice(string.ascii_lowercase) for _ in range(5)),
                           "X" + self.digits(3)])
        elif cat == "PATIENT_ID":
            keys = ["patient_id", "patientId", "patient_identifier"]
            v = self.pick(["".join(self.r.choice(string.ascii_lowercase) for _ in range(self.num(6, 10))),
                           "pt-" + "".join(self.r.choice(string.ascii_uppercase) for _ in range(4))])
        else:
            keys = ["member_id", "memberId", "subscriber_id"]
            v = self.pick(["".join(self.r.choice(string.ascii_uppercase) for _ in range(self.num(6, 9))),
                           "m-" + self.digits(3)])
        return cat, self.pick(keys), v

    def shape_keyed_odd(self):
        ln = Line()
        style = self.pick(["logfmt", "logfmt", "query", "query", "json"])
        fields = [self.odd_value() for _ in range(self.num(1, 2))]
        if style == "logfmt":
            ln.t('ts=%s level=%s msg="%s"' % (self.iso_ts().replace(" ", "T"), self.pick(LEVELS).lower(),
                                               self.pick(["validation failed", "record rejected", "lookup",
                                                          "payload echoed"])))
            for cat, key, v in fields:
                if self.chance(0.3):
                    ln.t(' %s="' % key).add([(v, cat)]).t('"')
                else:
                    ln.t(" %s=" % key).add([(v, cat)])
            for piece in self.noise_kv("logfmt"):
                ln.add(piece)
        elif style == "query":
            ln.t(self.log_prefix()).t("%s %s" % (self.pick(["GET", "POST"]),
                                                 self.pick(["/api/search", "/api/v1/patients/lookup",
                                                            "/eligibility/check", "/portal/verify"])))
            for i, (cat, key, v) in enumerate(fields):
                ln.t("%s%s=" % ("?" if i == 0 else "&", key)).add([(v.replace("/", "%2F"), cat)])
            ln.t(self.pick([" 400", " -> 422 Unprocessable Entity", " status=400 duration=%dms" % self.num(1, 90)]))
        else:
            ln.t('{"ts":"%s","level":"warn","msg":"schema validation failed"' % self.iso_ts())
            for cat, key, v in fields:
                ln.t(',"%s":"' % key).add([(v, cat)]).t('"')
            ln.t("}")
        return ln.record("phi", "keyed_odd_" + style)

    # ------------------------------------------------- name look-alikes

    CLASS_SUFFIXES = ["Adapter", "Controller", "Service", "Factory", "Handler", "Repository", "Client",
                      "Mapper", "Job", "Listener", "Util", "Helper", "Config", "Resource", "Worker",
                      "Processor", "Validator", "Serializer", "Test", "Impl"]
    WORD_MESSAGES = [
        "Will retry in %ds", "Will retry in %dms (attempt 2 of 5)", "May be null: config.timeout",
        "May need a restart after upgrade to %s", "Mark as read: %d notifications",
        "Mark job %d complete", "Grant access to role billing-admin", "Grant revoked for service account",
        "Bill run completed: %d invoices", "Bill Run %d finished in 42s", "Long GC pause detected: %dms",
        "Long running query cancelled after %ds", "White list updated: %d entries",
        "White Paper export finished", "Young generation collection took %dms",
        "Young Gen: %dK->%dK", "Price feed stale for %ds", "Price Engine warmed up",
        "Rose to %d%% CPU on node-7", "Page not found: /static/app.%s.js", "Page %d of 40 rendered",
        "Chase the leader: follower lag %dms", "Hope this is transient, retrying",
        "Faith-based retry disabled (max_retries=%d)", "Lane %d congested, rerouting", "Bell curve fit r2=0.%d",
        "Hall sensor reading %d", "King of the hill election won by node-%d", "Hunter process reaped %d zombies",
        "Mason build step %d skipped", "Baker queue drained", "Carter ingest throttled", "Grace period expires in %ds",
        "Summer release freeze starts next sprint", "Dawn batch window opened", "Joy of Rust: compile took %ds",
        "Frank error from upstream: status %d", "Rich text renderer loaded %d fonts",
        "Art assets synced (%d files)", "Dean list cache warmed", "Ford pipeline paused",
        "Stone cold start: %dms", "Green deployment live, Blue draining", "Black box test suite passed (%d cases)",
        "Wood grain texture cache miss", "Bishop move validated", "Cook time estimator retrained",
        "Fisher exact test p=0.0%d", "Miller-Rabin primality check passed (%d rounds)",
        "Will and May flags both set; ignoring May", "Mark White as deprecated theme",
        "Grant Long-lived token refresh OK", "Bill Young-gen sizing: %dM"]
    PRODUCT_MESSAGES = [
        ":: Spring Boot :: (v%s)", "Connected to Apache Kafka cluster %s", "Jenkins Pipeline #%d finished: SUCCESS",
        "Azure Key Vault secret refreshed (%d secrets)", "Spring Cloud Config refreshed", "Apache Tomcat/%s started",
        "Amazon Web Services SDK %s", "Google Cloud Storage upload complete", "Microsoft Teams webhook 200",
        "Red Hat Enterprise Linux 9.%d", "Elastic Beats shipper connected", "Grafana Loki push ok",
        "Jenkins Blue Ocean plugin %s loaded", "Ruby on Rails %s booted", "Django %s started",
        "Jasmine spec run: %d specs, 0 failures", "Julia kernel ready", "Crystal compiler %s",
        "Hugo site rebuilt in %dms", "Gatsby build complete", "Ember Data store flushed",
        "Apache Spark executor %d lost", "Docker Engine %s"]

    def keyed_item(self, cats):
        """An item of one of cats that has keys (a bare date has none)."""
        while True:
            it = self.item(self.pick(cats))
            if it.keys:
                return it

    def fmt(self, msg):
        """msg with %d a small number, %s a version, %% a percent sign."""
        return re.sub(r"%([%ds])", lambda m: "%" if m.group(1) == "%" else (
            str(self.num(2, 99)) if m.group(1) == "d" else self.semver()), msg)

    def class_name(self):
        nd = name_data()
        base = self.pick(nd.freq_last + nd.common_last + nd.sur[::200])
        return base.replace("'", "").replace("-", "") + self.pick(self.CLASS_SUFFIXES)

    def lookalike_message(self):
        nd = name_data()
        r = self
        k = r.num(0, 21)
        if k >= 16:
            return self.fmt(r.pick(self.WORD_MESSAGES))
        surname = r.pick(nd.freq_last + nd.common_last + nd.sur[::300]).replace("'", "").replace("-", "")
        low = surname.lower()
        cls = r.class_name()
        if k == 0:
            return "    at com.%s.billing.%s.run(%s.java:%d)" % (low, cls, cls, r.num(10, 900))
        if k == 1:
            return "    at com.example.%s.%s.handle(%s.java:%d)" % (
                r.pick(["web", "api", "billing", "claims"]), cls, cls, r.num(10, 900))
        if k == 2:
            return "    at org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:%d)" % r.num(1000, 1300)
        if k == 3:
            return 'File "/opt/app/%s_job/tasks.py", line %d, in run_%s_job' % (low, r.num(10, 900), low)
        if k == 4:
            return "    at Object.<anonymous> (/app/node_modules/@%s/utils/index.js:%d:%d)" % (low, r.num(1, 400), r.num(1, 80))
        if k == 5:
            return "github.com/%s%s/%s/pkg/handler.(*Server).Serve(0xc%s)" % (
                r.pick("ajmrdkst"), low, r.pick(["repo", "ingest", "billing"]), r.hexs(9))
        if k == 6:
            return "%s: bean '%s' created in %dms" % (r.pick(["o.s.b.f.s.DefaultListableBeanFactory", "Spring"]),
                                                       cls[0].lower() + cls[1:], r.num(1, 400))
        if k == 7:
            return "Exception in thread \"main\" com.%s.%s.%sException: config missing" % (
                low, r.pick(["core", "billing"]), cls)
        if k in (8, 9, 10):
            return self.fmt(r.pick(self.WORD_MESSAGES))
        if k == 11:
            return self.fmt(r.pick(self.PRODUCT_MESSAGES))
        if k == 12:
            m = r.moment()
            return r.pick(["cron: next run %s %02d:00 UTC" % (r.pick(["Monday", "Tuesday", "Friday", "Sunday"]), r.num(0, 23)),
                           "maintenance window %s %02d:00-%02d:00 UTC" % (r.pick(DOW), r.num(0, 4), r.num(5, 8)),
                           "%s release train closed" % r.pick(["May", "June", "April", "August"]),
                           "rotated app.log.%d.gz (%s)" % (r.num(1, 9), m.strftime("%H:%M:%S")),
                           "quarterly job (%s/%s/%s) queued" % tuple(r.r.sample(MONTHS, 3))])
        if k == 13:
            return '%s %s HTTP/1.1 %d' % (r.pick(["GET", "POST", "PUT", "DELETE", "PATCH"]),
                                          r.pick(["/api/v1/grants/%d" % r.num(1, 9999), "/jobs/%s_job/run" % low,
                                                  "/api/v2/marks/read", "/bills/run?cycle=%d" % r.num(1, 12),
                                                  "/pages/%d" % r.num(1, 99), "/api/%s/health" % low,
                                                  "/static/@%s/utils.js" % low]),
                                          r.pick([200, 201, 204, 404]))
        if k == 14:
            return "job=%s_job queue=%s attempt=%d msg=\"Will retry\" owner=team-%s" % (
                low, r.pick(["grant_access", "bill_run", "mark_read", "price_feed"]), r.num(1, 5),
                r.pick(["billing", "platform", "claims"]))
        return "loaded %d classes from com.%s.%s (%s, %s)" % (r.num(2, 999), low, r.pick(["billing", "core"]),
                                                              cls, r.class_name())

    def lookalike_line(self):
        k = self.num(0, 9)
        if k <= 4:
            return Line().t(self.log_prefix() + self.lookalike_message()).record("clean", "names_plain")
        if k <= 6:
            return Line().t(self.lookalike_message()).record("clean", "names_bare")
        if k == 7:
            svc = self.pick(SERVICES)
            return Line().t('{"ts":"%s","level":"info","name":"%s","hostname":"%s","username":"%s",'
                            '"event":"%s","class":"%s","job_name":"%s_job"}' % (
                                self.iso_ts(), self.pick([svc, self.class_name(), "checkout-service",
                                                          "InvoiceJob", "Spring Boot Admin"]),
                                self.pick(HOSTS), self.pick(["svc_batch", "svc_billing", "jenkins", "deploy",
                                                             "root", "app"]),
                                self.pick(["deploy", "job started", "job finished", "config reload"]),
                                self.class_name(), self.pick(name_data().freq_last).lower())).record("clean", "names_json")
        if k == 8:
            return Line().t('ts=%s level=info logger=com.%s.billing.%s msg="%s" service=%s' % (
                self.iso_ts().replace(" ", "T"), self.pick(name_data().freq_last).lower(), self.class_name(),
                self.pick(["Will retry", "Grant access ok", "Mark as read", "Bill run completed", "Page not found"]),
                self.pick(SERVICES))).record("clean", "names_logfmt")
        return Line().t('{"level":"warn","logger":"%s","msg":"%s","displayName":"%s"}' % (
            self.class_name(), self.lookalike_message().replace("\\", "\\\\").replace('"', '\\"'),
            self.pick(["Billing Worker", "Grant Manager", "Price Engine", "Spring Boot Admin",
                       "Apache Kafka Connect", "Azure Key Vault"]))).record("clean", "names_json")

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


def generate(seed=DEFAULT_SEED, phi_lines=DEFAULT_PHI_LINES, clean_lines=DEFAULT_CLEAN_LINES,
             name_lines=DEFAULT_NAME_LINES, struct_lines=DEFAULT_STRUCT_LINES,
             lookalike_lines=DEFAULT_LOOKALIKE_LINES):
    g = Gen(seed)
    out = []
    for i in range(phi_lines):
        # Round-robin over categories so each has a comparable sample.
        out.append(g.phi_line(CATEGORIES[i % len(CATEGORIES)]))
    # Name lines: 45% free text, 55% structured fields.
    name_shapes = ([g.shape_name_free] * 45 + [g.shape_name_json] * 16 + [g.shape_name_json_escaped] * 4 +
                   [g.shape_name_logfmt] * 10 + [g.shape_name_kv] * 6 + [g.shape_name_query] * 9 +
                   [g.shape_name_hl7] * 10)
    for i in range(name_lines):
        out.append(name_shapes[i % len(name_shapes)]())
    # Structured documents: FHIR resources, values of the wrong shape under PHI keys.
    for i in range(struct_lines):
        out.append(g.shape_fhir() if i % 3 else g.shape_keyed_odd())
    for _ in range(clean_lines):
        out.append(g.clean_line())
    for _ in range(lookalike_lines):
        out.append(g.lookalike_line())
    g.r.shuffle(out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--phi-lines", type=int, default=DEFAULT_PHI_LINES)
    ap.add_argument("--clean-lines", type=int, default=DEFAULT_CLEAN_LINES)
    ap.add_argument("--name-lines", type=int, default=DEFAULT_NAME_LINES)
    ap.add_argument("--struct-lines", type=int, default=DEFAULT_STRUCT_LINES)
    ap.add_argument("--lookalike-lines", type=int, default=DEFAULT_LOOKALIKE_LINES)
    ap.add_argument("-o", "--output", default="-", help="JSON lines file ('-' = stdout)")
    ap.add_argument("--text", action="store_true", help="write the raw text only, one line per record")
    a = ap.parse_args(argv)
    recs = generate(a.seed, a.phi_lines, a.clean_lines, a.name_lines, a.struct_lines, a.lookalike_lines)
    f = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="\n")
    with f:
        for rec in recs:
            f.write((rec["text"] if a.text else json.dumps(rec, ensure_ascii=False)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

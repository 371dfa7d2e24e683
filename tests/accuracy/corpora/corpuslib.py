"""Shared pieces of the accuracy corpora generators (gen_prose.py,
gen_applogs.py, gen_syslogs.py): the record builder, the outside identities
(faker/identities.json) and value generators for the PHI forms.

A record is one JSON line:

    {"text": "...", "spans": [[start, end, "CATEGORY", "setting", "form"], ...],
     "kind": "phi" | "clean", "shape": "..."}

start and end are byte offsets into the UTF-8 encoding of text, end
exclusive. setting is "free" (prose) or "structured" (a value in a key,
field or column); form names the written form of the value (phone:dots,
name:last-comma-first, ...) so that misses can be told apart by shape.

Every value is made from a seeded random.Random: the same seed gives the
same corpus on every platform (only integer and choice draws are used).
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
IDENTITIES = os.path.join(HERE, "faker", "identities.json")

SETTINGS = ("free", "structured")


class Line:
    """A record built piece by piece; labelled pieces become spans."""

    def __init__(self):
        self.parts = []
        self.spans = []
        self.pos = 0

    def add(self, text, cat=None, setting="free", form=None):
        start = self.pos
        self.parts.append(text)
        self.pos += len(text.encode("utf-8"))
        if cat:
            assert self.pos > start, (text, cat)
            assert setting in SETTINGS
            self.spans.append([start, self.pos, cat, setting, form or cat.lower()])
        return self

    def extend(self, pieces):
        for p in pieces:
            self.add(*p)
        return self

    def text(self):
        return "".join(self.parts)

    def record(self, kind, shape):
        text = self.text()
        assert "\n" not in text and "\r" not in text, text
        if kind == "clean":
            assert not self.spans
        return {"text": text, "spans": self.spans, "kind": kind, "shape": shape}


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def load_identities():
    with open(IDENTITIES, encoding="utf-8") as f:
        return json.load(f)


# ------------------------------------------------------------------ checks

def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(stem):
    for d in "0123456789":
        if luhn_ok(stem + d):
            return d
    raise AssertionError(stem)


def card_issuer_ok(issuer, digits):
    """Real issuer ranges (IIN prefixes and lengths)."""
    n = len(digits)
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    if issuer == "visa":
        return digits[0] == "4" and n in (13, 16, 19)
    if issuer == "mastercard":
        return n == 16 and (51 <= p2 <= 55 or 2221 <= p4 <= 2720)
    if issuer == "amex":
        return n == 15 and p2 in (34, 37)
    if issuer == "discover":
        return n == 16 and (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925)
    if issuer == "jcb":
        return n == 16 and 3528 <= p4 <= 3589
    if issuer == "diners_club":
        return n == 14 and (300 <= p3 <= 305 or p2 in (36, 38, 39))
    return False


def iban_ok(iban):
    s = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VIN_VALUE = {c: v for c, v in zip("ABCDEFGH", range(1, 9))}
VIN_VALUE.update({c: v for c, v in zip("JKLMN", range(1, 6))})
VIN_VALUE.update({"P": 7, "R": 9})
VIN_VALUE.update({c: v for c, v in zip("STUVWXYZ", range(2, 10))})
VIN_VALUE.update({str(d): d for d in range(10)})
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
# World manufacturer identifiers in public use (first three characters).
VIN_WMI = ["1HG", "1FA", "1FT", "1G1", "1GC", "1N4", "2T1", "2HG", "3VW", "3FA", "4T1", "4S3",
           "5YJ", "5NP", "JHM", "JN1", "JTD", "KMH", "KNA", "WBA", "WDD", "WVW", "WAU", "SAL",
           "YV1", "ZFF", "VF1", "LSV"]
VIN_YEAR = "ABCDEFGHJKLMNPRSTVWXY123456789"


def vin_check(vin17):
    total = sum(VIN_VALUE[c] * w for c, w in zip(vin17, VIN_WEIGHTS))
    r = total % 11
    return "X" if r == 10 else str(r)


def vin_ok(vin):
    return len(vin) == 17 and all(c in VIN_CHARS for c in vin) and vin[8] == vin_check(vin)


HIBC_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"


def hibc_check(data):
    return HIBC_CHARS[sum(HIBC_CHARS.index(c) for c in data) % 43]


def gs1_check(stem):
    """Check digit of a GTIN (mod 10, weights 3 and 1 from the right)."""
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(stem)))
    return str((10 - total % 10) % 10)


# ------------------------------------------------------------ the generator

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON3 = [m[:3] for m in MONTHS]

# Clinician credentials and titles (outside the NAME span).
CREDENTIALS = ["MD", "M.D.", "DO", "RN", "NP", "PA-C", "APRN", "LPN", "PharmD", "MSW", "LCSW",
               "DDS", "CNA", "RT", "PT", "DPT"]

# Relation words by the relative's sex.
REL_F = ["wife", "daughter", "mother", "sister", "granddaughter", "niece", "aunt", "mom",
         "fiancee", "girlfriend", "stepdaughter", "daughter-in-law", "grandmother"]
REL_M = ["husband", "son", "father", "brother", "grandson", "nephew", "uncle", "dad",
         "boyfriend", "stepson", "son-in-law", "grandfather"]
REL_ANY = ["partner", "friend", "neighbor", "HCP", "health care proxy", "cousin", "caregiver",
           "roommate", "guardian", "POA"]

STREET_ABBR = {"Street": ["St", "St.", "ST"], "Avenue": ["Ave", "Ave.", "AVE", "Av"],
               "Road": ["Rd", "Rd."], "Drive": ["Dr", "Dr."], "Lane": ["Ln", "Ln."],
               "Boulevard": ["Blvd", "Blvd."], "Court": ["Ct", "Ct."], "Place": ["Pl"],
               "Circle": ["Cir"], "Parkway": ["Pkwy"], "Terrace": ["Ter"], "Square": ["Sq"],
               "Highway": ["Hwy"], "Trail": ["Trl"], "Mountain": ["Mtn"], "Heights": ["Hts"]}
DIRECTIONS = ["N", "S", "E", "W", "N.", "S.", "E.", "W.", "North", "South", "East", "West", "NE", "SW"]

# Hospital and clinic names are built from faker's cities, counties and
# surnames with the words facilities use.
HOSPITAL_FORMS = ["{city} General Hospital", "{last} Memorial Hospital", "St. {first} Medical Center",
                  "Saint {first} Hospital", "{county} Regional Medical Center", "{city} Community Hospital",
                  "Mercy {city}", "{last} Children's Hospital", "{city} VA Medical Center",
                  "{last}-{last2} Hospital", "{city} Medical Center", "University of {city} Hospital",
                  "{county} Hospital", "{last} Heart Institute", "{city} Behavioral Health Center",
                  "{city} Rehabilitation Hospital", "Good Samaritan of {city}", "{last} Cancer Center"]
CLINIC_FORMS = ["{last} Family Practice", "{city} Urgent Care", "{last} Pediatrics",
                "{city} Dialysis Center", "{last} Eye Clinic", "{city} Women's Health",
                "{last} & {last2} Orthopedics", "{city} Sleep Center", "Clinica {last}",
                "{city} Health Center", "{last} Dermatology", "{county} Public Health Clinic",
                "{city} Free Clinic", "{last} Manor", "{city} Nursing and Rehab", "{last} House hospice",
                "{city} Infusion Center", "{last} Wound Care", "{city} Imaging"]


def ordinal(n):
    return "%d%s" % (n, "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


class Gen:
    """Random values and PHI forms over the outside identities."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        ids = load_identities()
        self.persons = ids["persons"]
        self.by_loc = {}
        for p in self.persons:
            self.by_loc.setdefault(p["loc"], []).append(p)
        self.particle = [p for p in self.persons if " " in p["last"] and
                         p["last"].split()[0].lower() in ("van", "de", "den", "der", "del", "da", "di", "le", "la", "von", "ter")]
        self.addresses = ids["addresses"]
        self.cities = ids["cities"]
        self.counties = ids["counties"]
        # 13 and 19-digit Visas are rare in the wild; the corpora keep 14-16.
        self.cards = [c for c in ids["cards"]
                      if card_issuer_ok(c["issuer"], "".join(x for x in c["number"] if x.isdigit()))
                      and len([x for x in c["number"] if x.isdigit()]) in (14, 15, 16)]
        self.ibans = [i for i in ids["ibans"] if iban_ok(i)]
        self.vehicles = ids["vehicles"]
        self.usernames = ids["usernames"]
        self.companies = ids["companies"]
        assert len(self.cards) > 300 and len(self.ibans) > 300

    # basic draws
    def num(self, a, b):
        return self.r.randint(a, b)

    def pick(self, xs):
        return xs[self.r.randrange(len(xs))]

    def chance(self, p):
        return self.r.randrange(10000) < int(p * 10000)

    def digits(self, n, lead_nonzero=False):
        s = "".join(self.pick("0123456789") for _ in range(n))
        if lead_nonzero and s[0] == "0":
            s = self.pick("123456789") + s[1:]
        return s

    def hexs(self, n):
        return "".join(self.pick("0123456789abcdef") for _ in range(n))

    def alnum_upper(self, n):
        return "".join(self.pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(n))

    def uuid(self):
        h = self.hexs(32)
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], self.pick("89ab"), h[17:20], h[20:32])

    # people
    LOC_WEIGHTS = [("en_US", 30), ("en_GB", 4), ("es", 7), ("es_MX", 7), ("de", 6), ("fr", 6),
                   ("it", 5), ("pl", 5), ("vi", 5), ("zh_CN", 6), ("nl", 4), ("pt_BR", 4),
                   ("en_IN", 4), ("en_NG", 3), ("cs_CZ", 2), ("tr", 2), ("sv", 2)]

    def person(self, sex=None):
        total = sum(w for _, w in self.LOC_WEIGHTS)
        while True:
            k = self.r.randrange(total)
            for loc, w in self.LOC_WEIGHTS:
                if k < w:
                    break
                k -= w
            p = self.pick(self.by_loc[loc])
            if sex is None or p["sex"] == sex:
                return p

    def particle_person(self):
        if self.chance(0.5) and self.particle:
            return self.pick(self.particle)
        p = dict(self.person())
        pre = self.pick(["de la", "del", "de los", "van der", "van den", "van", "von", "da", "di",
                         "dos", "le", "du", "el", "bin", "ter", "De La", "Van", "D'"])
        last = self.pick(self.by_loc[self.pick(["es", "es_MX", "nl", "de", "it", "pt_BR"])])["last"].split()[0]
        p["last"] = (pre + last) if pre.endswith("'") else "%s %s" % (pre, last)
        return p

    # addresses and places
    def street_line(self, unit=None):
        a = self.pick(self.addresses)
        words = a["street"].split()
        suffix = words[-1]
        if suffix in STREET_ABBR and self.chance(0.5):
            words[-1] = self.pick(STREET_ABBR[suffix])
        street = " ".join(words)
        if self.chance(0.15) and words[0] not in ("N", "S", "E", "W", "North", "South", "East", "West"):
            street = "%s %s" % (self.pick(DIRECTIONS), street)
        if self.chance(0.1):
            street = "%s %s" % (ordinal(self.num(1, 99)), self.pick(["Street", "St", "Ave", "Avenue"]))
        number = a["number"]
        if self.chance(0.3):
            number = str(self.num(1, 999))
        line = "%s %s" % (number, street)
        if unit is None:
            unit = self.chance(0.25)
        if unit:
            u = self.pick([a["secondary"], "Apt %d%s" % (self.num(1, 30), self.pick("ABCD")),
                           "#%d" % self.num(1, 999), "Unit %d" % self.num(1, 40), "Ste %d" % self.num(100, 900),
                           "Apt. %d" % self.num(1, 999), "Suite %d" % self.num(100, 999)])
            line += self.pick([" ", ", "]) + u
        return line, a

    def city(self):
        return self.pick(self.cities)

    def county(self):
        c = self.pick(self.counties)
        return c

    def hospital(self):
        return self.facility(HOSPITAL_FORMS)

    def clinic(self):
        return self.facility(CLINIC_FORMS)

    def facility(self, forms):
        f = self.pick(forms)
        p, q = self.person(), self.person()
        first = self.pick(self.by_loc["en_US"])["first"]
        return f.format(city=self.city(), last=p["last"].split()[-1], last2=q["last"].split()[-1],
                        first=first, county=self.county().replace(" County", ""))

    # identifiers
    def ssn(self):
        while True:
            area = self.num(1, 899)
            if area != 666:
                break
        return "%03d" % area, "%02d" % self.num(1, 99), "%04d" % self.num(1, 9999)

    def ssn_text(self, sep="-"):
        return sep.join(self.ssn())

    def nanp(self, valid=True):
        while True:
            npa = "%d%d%d" % (self.num(2, 9), self.num(0, 8), self.num(0, 9))
            nxx = "%d%d%d" % (self.num(2, 9), self.num(0, 9), self.num(0, 9))
            if npa[1:] == "11" or nxx[1:] == "11" or nxx == "555" or npa in ("800", "888", "877", "866", "855", "844", "833"):
                continue
            break
        if not valid:
            npa = self.pick(["811", "911", "411", "611", "011", "123", "199", "099"])
        return npa, nxx, "%04d" % self.num(0, 9999)

    PHONE_FORMS = ["paren", "dash", "dots", "spaces", "plus1-spaces", "plus1-dash", "1-dash",
                   "bare", "paren-nospace", "slash", "plus1-bare", "1-paren"]

    def phone_pieces(self, form=None, valid=True, cat="PHONE", setting="free"):
        """Pieces of a phone number in a written form; the 10-digit number
        is the span, a +1 or 1- prefix and an extension are outside it."""
        a, b, c = self.nanp(valid)
        form = form or self.pick(self.PHONE_FORMS)
        pre = ""
        if form == "paren":
            core = "(%s) %s-%s" % (a, b, c)
        elif form == "dash":
            core = "%s-%s-%s" % (a, b, c)
        elif form == "dots":
            core = "%s.%s.%s" % (a, b, c)
        elif form == "spaces":
            core = "%s %s %s" % (a, b, c)
        elif form == "plus1-spaces":
            pre, core = "+1 ", "%s %s %s" % (a, b, c)
        elif form == "plus1-dash":
            pre, core = "+1-", "%s-%s-%s" % (a, b, c)
        elif form == "1-dash":
            pre, core = "1-", "%s-%s-%s" % (a, b, c)
        elif form == "1-paren":
            pre, core = "1 ", "(%s) %s-%s" % (a, b, c)
        elif form == "bare":
            core = a + b + c
        elif form == "plus1-bare":
            pre, core = "+1", a + b + c
        elif form == "paren-nospace":
            core = "(%s)%s-%s" % (a, b, c)
        elif form == "slash":
            core = "%s/%s-%s" % (a, b, c)
        else:
            raise ValueError(form)
        out = []
        if pre:
            out.append((pre,))
        out.append((core, cat, setting, "phone:" + form + ("" if valid else ":bad-npa")))
        if self.chance(0.06):
            out.append((self.pick([" x", " ext. ", " ext ", " x"]) + str(self.num(10, 9999)),))
        return out

    def date(self, lo=1925, hi=2025):
        y = self.num(lo, hi)
        m = self.num(1, 12)
        d = self.num(1, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)
        return y, m, d

    DATE_FORMS = ["month-day-year", "mon-day-year", "day-month-year", "us-slash", "us-slash-2y",
                  "us-dash", "iso", "ordinal", "mon-day", "md-slash", "month-day", "ddmonyyyy",
                  "month-year", "dotted"]

    def date_text(self, form=None, y=None, m=None, d=None):
        if y is None:
            y, m, d = self.date()
        form = form or self.pick(self.DATE_FORMS)
        M, Mo = MONTHS[m - 1], MON3[m - 1]
        ordn = ordinal(d)
        if form == "month-day-year":
            t = "%s %d, %d" % (M, d, y)
        elif form == "mon-day-year":
            t = "%s%s %d %d" % (Mo, self.pick(["", "."]), d, y)
        elif form == "day-month-year":
            t = "%d %s %d" % (d, self.pick([M, Mo]), y)
        elif form == "us-slash":
            t = self.pick(["%d/%d/%d", "%02d/%02d/%d"]) % (m, d, y)
        elif form == "us-slash-2y":
            t = "%d/%d/%02d" % (m, d, y % 100)
        elif form == "us-dash":
            t = "%02d-%02d-%d" % (m, d, y)
        elif form == "iso":
            t = "%d-%02d-%02d" % (y, m, d)
        elif form == "ordinal":
            t = self.pick(["%s %s" % (M, ordn), "the %s of %s" % (ordn, M), "%s %s, %d" % (M, ordn, y)])
        elif form == "mon-day":
            t = "%s %d" % (self.pick([Mo, M]), d)
        elif form == "md-slash":
            t = "%d/%d" % (m, d)
        elif form == "month-day":
            t = "%s %d" % (M, d)
        elif form == "ddmonyyyy":
            t = "%02d%s%d" % (d, Mo.upper(), y)
        elif form == "month-year":
            t = "%s %d" % (M, y)
        elif form == "dotted":
            t = "%02d.%02d.%d" % (d, m, y)
        else:
            raise ValueError(form)
        return t, "date:" + form

    def card(self):
        c = self.pick(self.cards)
        digits = "".join(x for x in c["number"] if x.isdigit())
        n = len(digits)
        k = self.num(0, 3)
        if k == 0:
            t = digits
            f = "bare"
        else:
            sep = " " if k == 1 else "-" if k == 2 else self.pick([" ", "-"])
            if n == 15:
                groups = [digits[:4], digits[4:10], digits[10:]]
            elif n == 14:
                groups = [digits[:4], digits[4:10], digits[10:]]
            else:
                groups = [digits[i:i + 4] for i in range(0, n, 4)]
            t = sep.join(groups)
            f = "spaced" if sep == " " else "dashed"
        return t, c["issuer"], "card:%s:%s" % (c["issuer"], f)

    def iban(self):
        i = self.pick(self.ibans)
        if self.chance(0.6):
            return " ".join(i[k:k + 4] for k in range(0, len(i), 4)), "iban:spaced"
        return i, "iban:compact"

    def vin(self):
        v = self.pick(self.vehicles)
        body = "".join(c if c in VIN_CHARS else self.pick("ABCDEFGHJKLMNPRSTUVWXYZ") for c in v["vin"].upper())
        body = self.pick(VIN_WMI) + body[3:8] + "0" + self.pick(VIN_YEAR) + body[10:]
        vin = body[:8] + vin_check(body) + body[9:]
        assert vin_ok(vin), vin
        return vin, v

    # State driver's licence shapes (state: generator of the written number).
    def dl(self, state=None):
        L = lambda n=1: "".join(self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))  # noqa: E731
        D = self.digits
        shapes = {
            "CA": lambda: L() + D(7),
            "NY": lambda: self.pick([D(9), "%s %s %s" % (D(3), D(3), D(3))]),
            "TX": lambda: D(8),
            "FL": lambda: "%s%s-%s-%s-%s-%s" % (L(), D(3), D(3), D(2), D(3), D(1)),
            "IL": lambda: "%s%s-%s-%s" % (L(), D(3), D(4), D(4)),
            "PA": lambda: self.pick([D(8), "%s %s %s" % (D(2), D(3), D(3))]),
            "MA": lambda: "S" + D(8),
            "NJ": lambda: "%s%s %s %s" % (L(), D(4), D(5), D(5)),
            "MI": lambda: "%s %s %s %s %s" % (L(), D(3), D(3), D(3), D(3)),
            "OH": lambda: L(2) + D(6),
            "WA": lambda: "WDL" + "".join(self.pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)),
            "GA": lambda: D(9),
            "AZ": lambda: L() + D(8),
            "CO": lambda: "%s-%s-%s" % (D(2), D(3), D(4)),
            "WI": lambda: "%s%s-%s-%s-%s" % (L(), D(3), D(4), D(4), D(2)),
            "VA": lambda: L() + D(8),
            "MD": lambda: "%s-%s-%s-%s-%s" % (L(), D(3), D(3), D(3), D(3)),
            "MN": lambda: L() + D(12),
            "NC": lambda: D(12),
        }
        state = state or self.pick(sorted(shapes))
        return shapes[state](), state

    def device_serial(self):
        k = self.num(0, 5)
        if k == 0:
            return self.pick(["PJN", "RNH", "BLK", "CVN", "NWR"]) + self.digits(6) + self.pick("HSGV")
        if k == 1:
            return self.pick(["NG", "HG", "KG"]) + self.digits(7) + "H"
        if k == 2:
            return self.alnum_upper(self.num(8, 12))
        if k == 3:
            return "%s-%s" % (self.alnum_upper(4), self.digits(6))
        if k == 4:
            return self.digits(2) + self.alnum_upper(2) + self.digits(6)
        return self.pick(["SN", "S"]) + self.digits(self.num(7, 10))

    def udi(self):
        gtin = "0" + self.digits(12)
        gtin += gs1_check(gtin)
        exp = "%02d%02d%02d" % (self.num(25, 31), self.num(1, 12), self.num(1, 28))
        lot = self.alnum_upper(self.num(4, 8))
        ser = self.alnum_upper(self.num(5, 10))
        k = self.num(0, 3)
        if k == 0:
            return "(01)%s(17)%s(10)%s(21)%s" % (gtin, exp, lot, ser), "udi:gs1-paren"
        if k == 1:
            return "(01)%s(21)%s" % (gtin, ser), "udi:gs1-paren-short"
        if k == 2:
            return "01%s17%s10%s" % (gtin, exp, lot), "udi:gs1-plain"
        data = "+H%s%s%s%d" % (self.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), self.digits(3),
                               self.alnum_upper(self.num(4, 10)), self.num(0, 9))
        return data + hibc_check(data), "udi:hibcc"

    def mrn(self):
        k = self.num(0, 5)
        if k <= 2:
            return self.digits(self.num(6, 10), True), "mrn:digits"
        if k == 3:
            return self.pick("AEMKH") + self.digits(7), "mrn:letter-prefixed"
        if k == 4:
            return "MR%s" % self.digits(8), "mrn:letter-prefixed"
        return "%s-%s" % (self.digits(3), self.digits(5)), "mrn:dashed"

    def member_id(self):
        k = self.num(0, 3)
        if k == 0:
            # Medicare beneficiary identifier shape
            a = "ACDEFGHJKMNPQRTUVWXY"
            an = a + "0123456789"
            mbi = "%d%s%s%d%s%s%d%s%s%d%d" % (self.num(1, 9), self.pick(a), self.pick(an), self.num(0, 9),
                                               self.pick(a), self.pick(an), self.num(0, 9), self.pick(a),
                                               self.pick(a), self.num(0, 9), self.num(0, 9))
            return mbi, "member:mbi"
        if k == 1:
            return self.pick(["XEH", "YKL", "ZGP", "W", "H"]) + self.digits(9), "member:letter-prefixed"
        if k == 2:
            return self.digits(self.num(9, 12), True), "member:digits"
        return "%s%s-%s" % (self.pick(["BCB", "AET", "UHC", "CIG"]), self.digits(6), self.digits(2)), "member:payer-prefixed"

    def account(self):
        k = self.num(0, 2)
        if k == 0:
            return self.digits(self.num(8, 12), True), "account:digits"
        if k == 1:
            return "%s-%s" % (self.digits(4), self.digits(5)), "account:dashed"
        return "A" + self.digits(9), "account:letter-prefixed"

    def encounter(self):
        k = self.num(0, 2)
        if k == 0:
            return self.digits(self.num(8, 10), True), "encounter:digits"
        if k == 1:
            return "V" + self.digits(8), "encounter:letter-prefixed"
        return "ENC-%s" % self.digits(7), "encounter:letter-prefixed"

    def email(self, p=None):
        p = p or self.person()
        e = p["email"]
        if self.chance(0.3):
            user = e.split("@")[0]
            e = "%s@%s" % (user, self.pick(["example.com", "mail.example.org", "proton.me", "icloud.com",
                                            "comcast.net", "aol.com", "health-example.org"]))
        return e

    # misc non-PHI
    def ip4(self):
        return "%d.%d.%d.%d" % (self.pick([10, 172, 192, 198, 203, 100]), self.num(0, 255), self.num(0, 255), self.num(1, 254))

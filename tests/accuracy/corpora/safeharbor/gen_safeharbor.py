#!/usr/bin/env python3
"""Card numbers, IBANs, VINs, driver's licences, device serials and UDIs
beside the numbers that look like them.

Labelled records hold one identifier of issue 13's missing Safe Harbor
categories (CARD, ACCOUNT_ID for an IBAN, VIN, LICENSE, DEVICE_ID) in the
forms logs and notes write them, made with their checks (Luhn and issuer
ranges, MOD 97-10 and the country's length, the VIN check digit, the state
licence shapes, the GS1 and HIBCC check characters), and next to it one or
two look-alikes. Clean records hold only look-alikes in real formats:
order and invoice numbers, transaction and reference ids (some
Luhn-valid), hashes and digests, git commits, base64 tokens, parcel
tracking numbers (UPS, FedEx, USPS, DHL), timestamps in seconds,
milliseconds and microseconds, UUIDs and ULIDs, snowflake ids, build and
version numbers, GTINs alone, SWIFT codes and ISINs, and the words that
make the context rules look (software licences, "DL" for download,
"serial console", "device eth0").

The figures: recall per category, precision per finding category (a
finding that overlaps no label is a false positive) and the share of clean
records changed. Issue 13's goal is precision >= 0.95 on look-alikes.

    python3 gen_safeharbor.py -o safeharbor.jsonl   # what the test reads (committed)
"""
import argparse
import os
import random
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import corpuslib  # noqa: E402
from corpuslib import Line  # noqa: E402

DEFAULT_SEED = 13013
DEFAULT_LINES = 4000

DIG = "0123456789"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = UP + DIG
HEX = "0123456789abcdef"
B64 = UP + UP.lower() + DIG + "+/"

# Issuer prefixes and lengths (ISO/IEC 7812 ranges the brands publish).
CARD_BRANDS = [("visa", ["4"], 16), ("visa", ["4"], 13), ("mastercard", ["51", "52", "53", "54", "55", "2221", "2300", "2720"], 16),
               ("amex", ["34", "37"], 15), ("discover", ["6011", "644", "649", "65"], 16),
               ("jcb", ["3528", "3550", "3589"], 16), ("diners", ["300", "305", "36", "38"], 14),
               ("unionpay", ["62"], 16)]
# IBAN country and length (ISO 13616, SWIFT IBAN registry), with the BBAN's
# letter positions kept simple: digits, or four letters of a bank code.
IBAN_COUNTRIES = [("DE", 22, 0), ("FR", 27, 0), ("GB", 22, 4), ("ES", 24, 0), ("IT", 27, 1), ("NL", 18, 4),
                  ("BE", 16, 0), ("AT", 20, 0), ("CH", 21, 0), ("PL", 28, 0), ("PT", 25, 0), ("IE", 22, 4),
                  ("DK", 18, 0), ("SE", 24, 0), ("NO", 15, 0), ("FI", 18, 0), ("CZ", 24, 0), ("HU", 28, 0),
                  ("RO", 24, 4), ("GR", 27, 0), ("LU", 20, 0), ("SA", 24, 0), ("AE", 23, 0), ("TR", 26, 0)]
# State licence shapes: (state, letters, digits, grouping of the digits).
DL_SHAPES = [("CA", 1, 7, None), ("FL", 1, 12, (3, 3, 2, 3, 1)), ("IL", 1, 11, (3, 4, 4)), ("MD", 1, 12, (3, 3, 3, 3)),
             ("MI", 1, 12, (3, 3, 3, 3)), ("MN", 1, 12, None), ("NJ", 1, 14, (4, 5, 5)), ("WI", 1, 13, (3, 4, 4, 2)),
             ("NY", 0, 9, (3, 3, 3)), ("PA", 0, 8, (2, 3, 3)), ("TX", 0, 8, None), ("CO", 0, 9, (2, 3, 4)),
             ("GA", 0, 9, None), ("NC", 0, 12, None), ("OH", 2, 6, None), ("MA", 1, 8, None), ("VA", 1, 8, None),
             ("AZ", 1, 8, None), ("WA", -1, 0, None)]
STATES = {"CA": "California", "FL": "Florida", "IL": "Illinois", "MD": "Maryland", "MI": "Michigan",
          "MN": "Minnesota", "NJ": "New Jersey", "WI": "Wisconsin", "NY": "New York", "PA": "Pennsylvania",
          "TX": "Texas", "CO": "Colorado", "GA": "Georgia", "NC": "North Carolina", "OH": "Ohio",
          "MA": "Massachusetts", "VA": "Virginia", "AZ": "Arizona", "WA": "Washington"}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def num(self, a, b):
        return self.r.randint(a, b)

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def chars(self, alphabet, n):
        return "".join(self.pick(alphabet) for _ in range(n))

    def digits(self, n):
        return self.chars(DIG, n)

    # ------------------------------------------------------------- identifiers

    def card(self):
        brand, prefixes, n = self.pick(CARD_BRANDS)
        stem = self.pick(prefixes)
        stem += self.digits(n - 1 - len(stem))
        d = stem + corpuslib.luhn_digit(stem)
        style = self.pick(["bare", "spaced", "dashed"])
        if style == "bare":
            return d, "card:%s:bare" % brand
        sep = " " if style == "spaced" else "-"
        if n == 15:
            groups = (4, 6, 5)
        elif n == 14:
            groups = (4, 6, 4)
        elif n == 13:
            return d, "card:%s:bare" % brand
        else:
            groups = (4, 4, 4, 4)
        out, i = [], 0
        for g in groups:
            out.append(d[i:i + g])
            i += g
        return sep.join(out), "card:%s:%s" % (brand, style)

    def iban(self):
        cc, n, letters = self.pick(IBAN_COUNTRIES)
        bban = self.chars(UP, letters) + self.digits(n - 4 - letters)
        s = bban + cc + "00"
        check = 98 - int("".join(str(int(c, 36)) for c in s)) % 97
        iban = "%s%02d%s" % (cc, check, bban)
        assert corpuslib.iban_ok(iban)
        if self.num(0, 1):
            return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)), "iban:spaced"
        return iban, "iban:compact"

    def vin(self):
        wmi = self.pick(corpuslib.VIN_WMI)
        vds = self.chars(corpuslib.VIN_CHARS, 5)
        rest = self.pick(corpuslib.VIN_YEAR) + self.chars(corpuslib.VIN_CHARS, 2) + self.digits(5)
        v = wmi + vds + "0" + rest
        v = v[:8] + corpuslib.vin_check(v) + v[9:]
        assert corpuslib.vin_ok(v)
        return v, "vin"

    def licence(self):
        st, letters, ndig, groups = self.pick(DL_SHAPES)
        if letters < 0:
            return "WDL" + self.chars(ALNUM, 9), st
        d = self.digits(ndig)
        if groups and self.num(0, 2):
            parts, i = [], 0
            for g in groups:
                parts.append(d[i:i + g])
                i += g
            sep = " " if st == "MI" or st == "NY" or (st == "NJ") or st == "PA" else "-"
            d = sep.join(parts)
            if letters == 1 and st in ("MD",):
                d = "-" + d
            elif letters == 1 and st in ("MI",):
                d = " " + d
            elif letters == 1 and st in ("FL", "IL", "WI", "NJ"):
                pass
        return self.chars(UP, letters) + d, st

    def udi(self):
        stem = "0" + self.digits(12)
        gtin = stem + corpuslib.gs1_check(stem)
        kind = self.num(0, 3)
        exp = "%02d%02d%02d" % (self.num(25, 32), self.num(1, 12), self.num(1, 28))
        lot = self.chars(ALNUM, self.num(4, 8))
        sn = self.chars(ALNUM, self.num(5, 10))
        if kind == 0:
            return "(01)%s(17)%s(10)%s(21)%s" % (gtin, exp, lot, sn), "udi:gs1-paren"
        if kind == 1:
            return "(01)%s(21)%s" % (gtin, sn), "udi:gs1-paren-short"
        if kind == 2:
            return "01%s17%s10%s" % (gtin, exp, lot), "udi:gs1-plain"
        data = "+" + self.pick(UP) + self.chars(ALNUM, 3) + self.chars(ALNUM, self.num(3, 10)) + self.pick(DIG)
        return data + corpuslib.hibc_check(data), "udi:hibcc"

    def serial(self):
        f = self.num(0, 2)
        if f == 0:
            return self.chars(UP, 2) + self.digits(7) + self.pick(UP), "device:serial"
        if f == 1:
            return self.chars(ALNUM, 4) + "-" + self.digits(6), "device:serial"
        return self.digits(2) + self.chars(UP, 2) + self.digits(6), "device:serial"

    # -------------------------------------------------------------- look-alikes

    def lookalike(self):
        k = self.num(0, 27)
        d = self.digits
        if k == 0:
            return "order %s-%s-%s shipped" % (d(3), d(7), d(7))
        if k == 1:
            stem = self.pick(["4", "5", "6", "3"]) + d(14)
            return "Transaction %s%s settled in batch %d" % (stem, corpuslib.luhn_digit(stem), self.num(1, 999))
        if k == 2:
            return "Reference number %s attached to invoice INV%s" % (d(16), d(8))
        if k == 3:
            return "orderId=%s status=PAID" % d(self.num(12, 19))
        if k == 4:
            return "sha256:%s" % self.chars(HEX, 64)
        if k == 5:
            return "commit %s merged" % self.chars(HEX, 40)
        if k == 6:
            return "md5=%s" % self.chars(HEX, 32).upper()
        if k == 7:
            return "token=%s==" % self.chars(B64, 42)
        if k == 8:
            return "tracking 1Z%s%s" % (self.chars(ALNUM, 6), d(10))
        if k == 9:
            return "FedEx tracking %s" % self.pick([d(12), d(15), d(20)])
        if k == 10:
            return "USPS tracking 9400 %s %s %s %s %s" % (d(4), d(4), d(4), d(4), d(2))
        if k == 11:
            return "DHL waybill %s picked up" % d(10)
        if k == 12:
            return '"ts":%d,"elapsed_ms":%d' % (self.num(1600000000000, 1800000000000), self.num(1, 9999))
        if k == 13:
            return "event_time_us=%d" % self.num(1600000000000000, 1800000000000000)
        if k == 14:
            return "trace %s-%s-%s-%s-%s" % (self.chars(HEX, 8), self.chars(HEX, 4), self.chars(HEX, 4),
                                             self.chars(HEX, 4), self.chars(HEX, 12))
        if k == 15:
            return "job %s queued" % ("01" + self.chars("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24))
        if k == 16:
            return "message id %d" % self.num(100000000000000000, 1999999999999999999)
        if k == 17:
            return "build %d.%d.%d.%s (%s)" % (self.num(1, 20), self.num(0, 30), self.num(0, 99), d(5),
                                              self.chars(HEX, 7))
        if k == 18:
            return "kernel %d.%d.0-%d.%d.1.el9_%d.x86_64" % (self.num(4, 6), self.num(1, 20), self.num(100, 600),
                                                           self.num(1, 40), self.num(1, 4))
        if k == 19:
            stem = "0" + d(12)
            return "GTIN %s printed on the box" % (stem + corpuslib.gs1_check(stem))
        if k == 20:
            return "SWIFT %s%s%s, ISIN %s%s" % (self.chars(UP, 4), self.pick(["DE", "FR", "GB", "NL"]),
                                               self.chars(ALNUM, 2), self.pick(["US", "DE", "GB"]),
                                               self.chars(ALNUM, 9) + d(1))
        if k == 21:
            return "license: %s" % self.pick(["MIT", "Apache-2.0", "GPL-3.0-or-later", "BSD-3-Clause"])
        if k == 22:
            return "DL %d bytes in %d ms" % (self.num(100000, 99999999), self.num(10, 9999))
        if k == 23:
            return "serial console ttyS%d enabled at %d baud" % (self.num(0, 3), self.pick([9600, 115200]))
        if k == 24:
            return "device eth%d entered promiscuous mode; device veth%s up" % (self.num(0, 3), self.chars(HEX, 7))
        if k == 25:
            return "request id %s" % self.chars(ALNUM, 17)
        if k == 26:
            return "build number %s" % d(self.num(13, 17))
        return "voucher %s-%s-%s-%s redeemed" % (d(4), d(4), d(4), d(4))

    # ---------------------------------------------------------------- records

    def labelled(self):
        cat = self.pick(["CARD", "CARD", "ACCOUNT_ID", "VIN", "LICENSE", "DEVICE_ID", "DEVICE_ID"])
        ln = Line()
        look = self.lookalike()
        style = self.num(0, 2)
        if cat == "CARD":
            v, form = self.card()
            pre = self.pick(["payment declined for card ", "CC# ", "charged to card ", '{"cardNumber":"',
                             "Paid by credit card ", "pan="])
            post = '"}' if pre.endswith('"') else ""
        elif cat == "ACCOUNT_ID":
            v, form = self.iban()
            pre = self.pick(["refund queued to IBAN ", '{"payoutIban":"', "IBAN: ", "debtor_iban="])
            post = '"}' if pre.endswith('"') else ""
        elif cat == "VIN":
            v, form = self.vin()
            pre = self.pick(["VIN ", '{"vin":"', "vehicle ", "MVA claim, vehicle_vin="])
            post = '"}' if pre.endswith('"') else ""
        elif cat == "LICENSE":
            v, st = self.licence()
            form = "license:" + st
            pre = self.pick(["identity verified with DL ", "Driver's license: ", '{"driversLicense":"',
                             "dlNumber=", "DL# ", "driver license number "])
            post = '"}' if pre.endswith('"') else self.pick(["", " (%s)" % st, ", state %s" % STATES[st]])
        else:
            if self.num(0, 1):
                v, form = self.udi()
                pre = self.pick(["device ", "UDI ", '{"implantUdi":"', "scanned UDI "])
            else:
                v, form = self.serial()
                pre = self.pick(["serial ", "S/N: ", "SN ", '{"serialNumber":"', "pump serial is ", "deviceSerial="])
            post = '"}' if pre.endswith('"') else self.pick(["", " paired", " on file"])
        setting = "structured" if pre.endswith(('"', "=")) else "free"
        if style == 0:
            ln.add(look + "; ")
        ln.add(pre).add(v, cat, setting, form).add(post)
        if style == 1:
            ln.add(" " + look)
        if style == 2:
            ln.add(" after " + self.lookalike())
        return ln.record("phi", cat.lower())

    def clean(self):
        ln = Line().add(self.lookalike())
        if self.num(0, 2) == 0:
            ln.add("; " + self.lookalike())
        return ln.record("clean", "lookalike")


def generate(seed=DEFAULT_SEED, lines=DEFAULT_LINES):
    g = Gen(seed)
    return [g.labelled() if i % 2 == 0 else g.clean() for i in range(lines)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--lines", type=int, default=DEFAULT_LINES)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args(argv)
    recs = generate(a.seed, a.lines)
    if a.output == "-":
        for r in recs:
            sys.stdout.write(corpuslib.json.dumps(r, ensure_ascii=False) + "\n")
    else:
        corpuslib.write_jsonl(a.output, recs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

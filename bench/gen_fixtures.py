#!/usr/bin/env python3
"""Generate a folder of log fixture files for the `phiscrub scan` benchmark.

    bench/gen_fixtures.py --files 1000 -o bench/corpus/fixtures

Each file is 2-20 KB (uniform) of the mixed log lines of gen_corpus.py
(application, JSON, access, HL7, stack traces; 5-10 % of lines carry
synthetic PHI), cut at a line end, in ten subfolders. Same --seed, same
files.
Statistics go to stderr as JSON. Python 3 standard library only."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import Gen  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--min-kb", type=int, default=2)
    ap.add_argument("--max-kb", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("-o", "--output", required=True, help="folder to fill (created)")
    a = ap.parse_args()
    g = Gen(a.seed)
    r = g.r
    os.makedirs(a.output, exist_ok=True)
    total = 0
    for i in range(a.files):
        size = r.randint(a.min_kb * 1024, a.max_kb * 1024)
        text, _, _ = g.chunk(size)
        b = text.encode("ascii")[:size]
        b = b[:b.rfind(b"\n") + 1]
        sub = os.path.join(a.output, f"d{i % 10}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"fixture-{i:04d}.log"), "wb") as f:
            f.write(b)
        total += len(b)
    json.dump({"files": a.files, "bytes": total, "seed": a.seed}, sys.stderr)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The committed corpora are what their generators make: each generator runs
with its default seed into a temporary file, which must equal the committed
corpus byte for byte. A corpus edited by hand, or a generator changed without
regenerating its corpus, fails here. (faker/identities.json, the generators'
input, is made by gen_identities.mjs with npm; that step is not rerun.)

The last line of output is "N passed, M failed"."""
import filecmp
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = [("prose", "gen_prose.py", "prose.jsonl"), ("syslogs", "gen_syslogs.py", "syslogs.jsonl"),
           ("applogs", "gen_applogs.py", "applogs.jsonl")]


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="phiscrub-corpora-") as d:
        for folder, gen, corpus in CORPORA:
            out = os.path.join(d, corpus)
            proc = subprocess.run([sys.executable, "-B", os.path.join(HERE, folder, gen), "-o", out],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            committed = os.path.join(HERE, folder, corpus)
            ok = proc.returncode == 0 and filecmp.cmp(out, committed, shallow=False)
            print("%-8s %-14s %s" % (folder, corpus, "same" if ok else "DIFFERS (run %s/%s -o %s/%s)"
                                      % (folder, gen, folder, corpus)))
            if proc.returncode != 0:
                print(proc.stderr.decode(errors="replace")[-2000:])
            passed += ok
            failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The clinical-notes floors: shared/tools/score-notes over shared/data/deid-dev.

    score_notes.py --phiscrub build/phiscrub --shared ../shared --floors notes/floors.json

score-notes (outside the project, read its header) runs the binary over the
1,450 labelled ICU notes of the development half and prints per-type recall
and a last line "recall R precision P". This script checks those figures
against the floors file: "recall" {type or "all": minimum}, "precision"
minimum. The notes live outside the checkout (the shared folder beside it,
or PHISCRUB_SHARED_DIR); when they are not there the test FAILS and says
where it looked: a floor that cannot be measured is not a pass.

score-notes also lists the commonest false positives, with note text; that
line is not printed here. Exit status: 0 when every floor holds, 1 when one
is missed or the notes are missing, 2 when score-notes could not run the
binary. The last line of output is "N passed, M failed".
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

LINE = re.compile(r"^(\S+)\s+(\d+) gold\s+(\d+) caught\s+recall ([0-9.]+)$")
LAST = re.compile(r"^recall ([0-9.]+) precision ([0-9.]+)$")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phiscrub", default=os.environ.get("PHISCRUB", "phiscrub"))
    ap.add_argument("--shared", default=os.environ.get("PHISCRUB_SHARED_DIR"),
                    help="the shared folder with tools/score-notes and data/deid-dev "
                         "(default: $PHISCRUB_SHARED_DIR)")
    ap.add_argument("--floors", required=True)
    ap.add_argument("--measure", action="store_true", help="print a floors file at today's figures")
    a = ap.parse_args(argv)
    out = sys.stdout
    with open(a.floors, encoding="utf-8") as f:
        floors = json.load(f)
    shared = a.shared or ""
    tool = os.path.join(shared, "tools", "score-notes")
    data = os.path.join(shared, "data", "deid-dev")
    missing = [p for p in (tool, os.path.join(data, "id.text"), os.path.join(data, "id-phi.phrase"))
               if not os.path.isfile(p)]
    if not shared or missing:
        out.write("FAIL: the labelled notes are not there (looked for %s). They live in the shared folder "
                  "beside the checkout (../shared); point PHISCRUB_SHARED_DIR (CMake or environment) at it. "
                  "The notes floors cannot be checked without them.\n" % (", ".join(missing) or "a shared folder"))
        out.write("0 passed, 1 failed\n")
        return 1
    proc = subprocess.run([sys.executable, tool, data, a.phiscrub], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    text = proc.stdout.decode("utf-8", errors="replace")
    types = {}
    total = None
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            types[m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)))
            continue
        m = LAST.match(line.strip())
        if m:
            total = (float(m.group(1)), float(m.group(2)))
    if proc.returncode != 0 or total is None:
        # score-notes' own failure line says how many notes came back; no note text.
        first = [ln for ln in text.splitlines() if ln.startswith("command failed")]
        out.write("error: score-notes exited with %d%s\n" % (proc.returncode, (": " + first[0]) if first else ""))
        out.write("0 passed, 1 failed\n")
        return 2
    out.write("notes: %s (score-notes, binary %s)\n\n" % (data, a.phiscrub))
    out.write("%-18s %6s %7s %7s\n" % ("type", "gold", "caught", "recall"))
    for t, (g, c, r) in sorted(types.items()):
        out.write("%-18s %6d %7d %7.3f\n" % (t, g, c, r))
    out.write("%-18s %6s %7s %7.3f   precision %.3f\n" % ("all", "", "", total[0], total[1]))
    if a.measure:
        down = lambda x: math.floor(x * 1000 + 1e-9) / 1000  # noqa: E731
        fl = {k: v for k, v in floors.items() if k in ("about", "notes")}
        fl["recall"] = {t: down(r) for t, (_, _, r) in sorted(types.items())}
        fl["recall"]["all"] = down(total[0])
        fl["precision"] = down(total[1])
        out.write("\n" + json.dumps(fl, indent=2) + "\n")
        return 0
    passed = failed = 0
    out.write("\nfloors:\n")
    checks = [("recall " + t, types[t][2] if t in types else float("nan"), fl)
              for t, fl in sorted(floors.get("recall", {}).items()) if t != "all"]
    checks.append(("recall all", total[0], floors["recall"]["all"]))
    checks.append(("precision all", total[1], floors["precision"]))
    for what, value, floor in checks:
        ok = value == value and value >= floor
        passed += ok
        failed += not ok
        out.write("  %-26s %7.3f >= %.3f  %s\n" % (what, value, floor, "pass" if ok else "FAIL"))
    out.write("\n%d passed, %d failed\n" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Score the real phiscrub binary on a labelled corpus and check its floors.

    score_corpus.py --phiscrub build/phiscrub --floors prose/floors.json

The floors file names the corpus (a JSON lines file beside it, records as in
corpuslib.py), the extra phiscrub arguments (e.g. ["-d", "IP"] for the
system logs) and the floors. The script runs `phiscrub --findings` over the
corpus text, one record a line, and reports:

  recall     per label category: labelled spans whose every non-blank byte
             is inside findings of that category or an equivalent one
             (EQUIVALENT below, printed with the results); "equiv" counts the
             spans that needed the equivalence;
  masked     the same with findings of any category: the share of the value
             that is gone from the output, whatever the mask says;
  precision  per finding category: findings that overlap some labelled span,
             over all findings of that category; "all" over every finding;
  changed    clean records (no labels) that phiscrub changed, over all clean
             records;
  forms      recall per written form (span element 5: phone:dots,
             name:last-comma-first, ...), worst first;
  commonest misses by category and form, false positives by category, rule
  and the shape of the matched text (letters as A/a, digits as 9), each with
  one example from the corpus (synthetic: no real PHI).

Floors (floors.json): "recall" and "masked" {CATEGORY or "all": minimum},
"precision" {CATEGORY or "all": minimum}, "groups" {name: {"categories"
[...] or "form_prefix" "i13:", "recall", "precision"}} (an issue's headline
figure over several categories or forms), "max_changed_share" (a ceiling).
A category phiscrub cannot detect yet has floor 0 and a note. Floors are set
at what the binary measured, rounded down (ceilings rounded up); raise them
as detection gains, never lower them to get a green run. --measure prints a
floors file at today's figures.

Exit status: 0 when every floor holds, 1 when one is missed, 2 when the
binary could not be run or the corpus is missing. The last line of output is
"N passed, M failed".
"""
import argparse
import bisect
import collections
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

# A finding of the second category counts for a label of the first: the
# value is masked, the mask only says something else. phiscrub detects no
# LOCATION, CARD, VIN or DEVICE_ID yet; the table says which of its
# categories stand in for them. The strict figure is what "equiv" takes away.
EQUIVALENT = {
    ("PHONE", "FAX"): "a fax number is a phone number; 'fax' nearby decides the mask",
    ("FAX", "PHONE"): "the same, the other way",
    ("LOCATION", "ADDRESS"): "a city, county or facility masked as ADDRESS (LOCATION not detected yet)",
    ("ADDRESS", "LOCATION"): "a street masked as LOCATION",
    ("CARD", "ACCOUNT_ID"): "a payment card number masked as an account number",
}

MAX_FORMS = 40
MAX_TOP = 20


def category_ok(label, found):
    return label == found or (label, found) in EQUIVALENT


def load_records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_phiscrub(binary, args, records, workdir):
    """(output lines as bytes, findings per record index as (start, end,
    category, rule) relative to the record)."""
    src = os.path.join(workdir, "corpus.log")
    out = os.path.join(workdir, "redacted.log")
    fnd = os.path.join(workdir, "findings.jsonl")
    starts = []
    pos = 0
    with open(src, "wb") as f:
        for rec in records:
            b = rec["text"].encode("utf-8") + b"\n"
            starts.append(pos)
            pos += len(b)
            f.write(b)
    proc = subprocess.run([binary] + args + ["--findings", fnd, "-o", out, src],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (binary, proc.returncode,
                                                      proc.stderr.decode(errors="replace")[:2000]))
    with open(out, "rb") as f:
        lines = f.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != len(records):
        raise RuntimeError("output has %d lines for %d records" % (len(lines), len(records)))
    by_rec = collections.defaultdict(list)
    with open(fnd, encoding="utf-8") as f:
        for raw in f:
            d = json.loads(raw)
            i = bisect.bisect_right(starts, d["offset"]) - 1
            if i + 1 != d["line"]:
                raise RuntimeError("finding at offset %d reports line %d, offset says %d"
                                   % (d["offset"], d["line"], i + 1))
            s = d["offset"] - starts[i]
            by_rec[i].append((s, s + d["length"], d["category"], d["rule"]))
    return lines, by_rec


def covered(text_b, s, e, fs):
    """Every non-blank byte of [s, e) lies in one of the findings fs."""
    for k in range(s, e):
        if text_b[k] in b" \t":
            continue
        if not any(f[0] <= k < f[1] for f in fs):
            return False
    return True


def shape_of(text):
    """Letters as A/a, digits as 9, runs squeezed: 'John Smith' -> 'Aa Aa'."""
    out = []
    for ch in text:
        c = "A" if ch.isupper() else "a" if ch.isalpha() else "9" if ch.isdigit() else ch
        if not out or out[-1] != c or c not in "Aa9":
            out.append(c)
    return "".join(out)[:40]


class Stat:
    def __init__(self):
        self.labels = self.hit = self.equiv = self.masked = 0
        self.found = self.tp = 0


def score(records, lines, by_rec):
    cats = collections.defaultdict(Stat)
    forms = collections.defaultdict(lambda: [0, 0])
    misses = collections.Counter()
    miss_ex = {}
    fps = collections.Counter()
    fp_ex = {}
    clean_total = clean_changed = 0
    changed_by_shape = collections.Counter()
    clean_by_shape = collections.Counter()
    for i, rec in enumerate(records):
        text_b = rec["text"].encode("utf-8")
        fs = by_rec.get(i, [])
        if rec["kind"] == "clean":
            clean_total += 1
            clean_by_shape[rec["shape"]] += 1
            if lines[i] != text_b or fs:
                clean_changed += 1
                changed_by_shape[rec["shape"]] += 1
        for span in rec["spans"]:
            s, e, cat = span[0], span[1], span[2]
            form = span[4] if len(span) > 4 else cat.lower()
            st = cats[cat]
            st.labels += 1
            ok = [f for f in fs if category_ok(cat, f[2])]
            hit = covered(text_b, s, e, ok)
            if hit:
                st.hit += 1
                if not covered(text_b, s, e, [f for f in ok if f[2] == cat]):
                    st.equiv += 1
            masked = covered(text_b, s, e, fs)
            st.masked += masked
            forms[(cat, form)][0] += 1
            forms[(cat, form)][1] += hit
            if cat == "NAME" and len(span) > 3:
                row = cats["NAME/" + span[3]]
                row.labels += 1
                row.hit += hit
                row.masked += masked
            if not hit:
                key = (cat, form)
                misses[key] += 1
                if key not in miss_ex:
                    miss_ex[key] = (rec, (s, e), fs)
        for f in fs:
            st = cats[f[2]]
            st.found += 1
            if any(f[0] < sp[1] and sp[0] < f[1] for sp in rec["spans"]):
                st.tp += 1
            else:
                key = (f[2], f[3], shape_of(text_b[f[0]:f[1]].decode("utf-8", errors="replace")))
                fps[key] += 1
                if key not in fp_ex:
                    fp_ex[key] = (rec, f)
    return {"cats": cats, "forms": forms, "misses": misses, "miss_ex": miss_ex, "fps": fps,
            "fp_ex": fp_ex, "clean_total": clean_total, "clean_changed": clean_changed,
            "changed_by_shape": changed_by_shape, "clean_by_shape": clean_by_shape}


def ratio(a, b):
    return a / b if b else float("nan")


def totals(res):
    cats = {k: v for k, v in res["cats"].items() if "/" not in k}
    labels = sum(c.labels for c in cats.values())
    found = sum(c.found for c in cats.values())
    return {
        "recall": ratio(sum(c.hit for c in cats.values()), labels),
        "masked": ratio(sum(c.masked for c in cats.values()), labels),
        "precision": ratio(sum(c.tp for c in cats.values()), found),
        "labels": labels, "found": found,
    }


def fmt(x):
    return "    -" if x != x else "%.3f" % x


def snippet(text_b, s, e, width=70):
    a = max(0, s - width // 2)
    b = min(len(text_b), e + width // 2)
    pre = "..." if a > 0 else ""
    post = "..." if b < len(text_b) else ""
    return "%s%s[[%s]]%s%s" % (pre, text_b[a:s].decode("utf-8", "replace"), text_b[s:e].decode("utf-8", "replace"),
                               text_b[e:b].decode("utf-8", "replace"), post)


def report(res, out, name, show, floors=None):
    cats = res["cats"]
    tot = totals(res)
    out.write("%-13s %7s %7s %6s %7s %8s %9s\n" % ("category", "labels", "recall", "equiv", "masked",
                                                 "findings", "precision"))
    for cat in sorted(cats):
        c = cats[cat]
        out.write("%-13s %7d %7s %6d %7s %8d %9s\n" % (cat, c.labels, fmt(ratio(c.hit, c.labels)), c.equiv,
                                                     fmt(ratio(c.masked, c.labels)), c.found,
                                                     fmt(ratio(c.tp, c.found))))
    out.write("%-13s %7d %7s %6s %7s %8d %9s\n" % ("all", tot["labels"], fmt(tot["recall"]), "",
                                                 fmt(tot["masked"]), tot["found"], fmt(tot["precision"])))
    for gname, grp in sorted((floors or {}).get("groups", {}).items()):
        r, pr = group_figures(res, grp)
        out.write("group %-28s recall %s  precision %s  (%s)\n" % (
            gname, fmt(r), fmt(pr), grp.get("form_prefix") or " ".join(grp["categories"])))
    out.write("\nclean records changed: %d of %d (%.4f%%)\n" % (
        res["clean_changed"], res["clean_total"], 100 * ratio(res["clean_changed"], res["clean_total"])))
    if res["changed_by_shape"]:
        out.write("  by shape: %s\n" % ", ".join(
            "%s %d/%d" % (k, v, res["clean_by_shape"][k]) for k, v in res["changed_by_shape"].most_common()))
    out.write("\nequivalences (label <- finding):\n")
    for (a, b), why in EQUIVALENT.items():
        out.write("  %-10s <- %-10s %s\n" % (a, b, why))
    i13 = sorted((k, v) for k, v in res["forms"].items() if k[1].startswith("i13:"))
    if i13:
        out.write("\nissue 13's encoded and near-miss forms (span form i13:...):\n")
        for (cat, form), (n, h) in i13:
            out.write("  %-12s %-44s %5d labels  recall %.3f\n" % (cat, form, n, h / n))
    forms = [(k, v) for k, v in res["forms"].items() if v[1] < v[0]]
    forms.sort(key=lambda kv: (kv[1][1] / kv[1][0], -kv[1][0]))
    if forms:
        out.write("\nforms below full recall (worst first, up to %d of %d):\n" % (MAX_FORMS, len(forms)))
        for (cat, form), (n, h) in forms[:MAX_FORMS]:
            out.write("  %-12s %-44s %5d labels  recall %.3f\n" % (cat, form, n, h / n))
    if res["misses"]:
        out.write("\ncommonest misses (category, form), up to %d:\n" % show)
        for (cat, form), n in res["misses"].most_common(show):
            rec, (s, e), fs = res["miss_ex"][(cat, form)]
            tb = rec["text"].encode("utf-8")
            got = ",".join(sorted({f[2] for f in fs if f[0] < e and s < f[1]})) or "nothing"
            out.write("  %5d  %-12s %-40s found %s  e.g. %s\n" % (n, cat, form, got, snippet(tb, s, e)))
    if res["fps"]:
        out.write("\ncommonest findings on no label (category, rule, shape), up to %d:\n" % show)
        for (cat, rule, shp), n in res["fps"].most_common(show):
            rec, f = res["fp_ex"][(cat, rule, shp)]
            tb = rec["text"].encode("utf-8")
            out.write("  %5d  %-10s %-26s %-14s [%s] e.g. %s\n" % (n, cat, rule, shp, rec["shape"],
                                                               snippet(tb, f[0], f[1])))


def group_figures(res, grp):
    """Recall and precision over a group: the labels and findings of some
    categories, or the labels whose form starts with a prefix (issue 13's
    "i13:" forms; precision is not defined there)."""
    if "form_prefix" in grp:
        n = h = 0
        for (cat, form), (a, b) in res["forms"].items():
            if form.startswith(grp["form_prefix"]):
                n, h = n + a, h + b
        return ratio(h, n), float("nan")
    cs = [res["cats"][c] for c in grp["categories"] if c in res["cats"]]
    return (ratio(sum(c.hit for c in cs), sum(c.labels for c in cs)),
            ratio(sum(c.tp for c in cs), sum(c.found for c in cs)))


def check(res, floors, out):
    passed = failed = 0
    cats = res["cats"]
    tot = totals(res)
    notes = floors.get("notes", {})

    def verdict(what, value, floor, ceiling=False):
        nonlocal passed, failed
        ok = value == value and (value <= floor if ceiling else value >= floor)
        if ok:
            passed += 1
        else:
            failed += 1
        note = notes.get(what.split()[-1], "") if floor == 0 and not ceiling else ""
        out.write("  %-30s %8s %s %.4f  %s%s\n" % (what, fmt(value) if not ceiling else "%.4f" % value,
                                                 "<=" if ceiling else ">=", floor,
                                                 "pass" if ok else "FAIL", ("  (" + note + ")") if note else ""))
    out.write("\nfloors:\n")
    for kind in ("recall", "masked", "precision"):
        for cat, floor in sorted(floors.get(kind, {}).items()):
            if cat == "all":
                value = tot[kind]
            elif kind == "precision":
                c = cats.get(cat)
                value = ratio(c.tp, c.found) if c else float("nan")
                if floor == 0 and value != value:
                    value = 0.0
            else:
                c = cats.get(cat)
                value = ratio(c.hit if kind == "recall" else c.masked, c.labels) if c else float("nan")
            verdict("%s %s" % (kind, cat), value, floor)
    for gname, grp in sorted(floors.get("groups", {}).items()):
        r, pr = group_figures(res, grp)
        if "recall" in grp:
            verdict("recall group %s" % gname, r, grp["recall"])
        if "precision" in grp:
            verdict("precision group %s" % gname, pr, grp["precision"])
    if "max_changed_share" in floors:
        verdict("clean records changed share", ratio(res["clean_changed"], res["clean_total"]),
                floors["max_changed_share"], ceiling=True)
    return passed, failed


def measured_floors(res, base):
    """A floors file at today's figures: rounded down, the ceiling up."""
    down = lambda x: math.floor(x * 1000 + 1e-9) / 1000  # noqa: E731
    cats = res["cats"]
    tot = totals(res)
    fl = {k: v for k, v in base.items() if k in ("about", "corpus", "args")}
    if tot["labels"]:
        fl["recall"] = {c: down(ratio(s.hit, s.labels)) for c, s in sorted(cats.items()) if s.labels}
        fl["recall"]["all"] = down(tot["recall"])
        fl["masked"] = {"all": down(tot["masked"])}
        # Precision is measured where there are labels to be right about.
        fl["precision"] = {c: down(ratio(s.tp, s.found)) for c, s in sorted(cats.items()) if s.found}
        if tot["found"]:
            fl["precision"]["all"] = down(tot["precision"])
    for gname, grp in base.get("groups", {}).items():
        r, pr = group_figures(res, grp)
        g = {k: v for k, v in grp.items() if k in ("categories", "form_prefix", "why")}
        if r == r:
            g["recall"] = down(r)
        if pr == pr:
            g["precision"] = down(pr)
        fl.setdefault("groups", {})[gname] = g
    if res["clean_total"]:
        share = ratio(res["clean_changed"], res["clean_total"])
        fl["max_changed_share"] = math.ceil(share * 10000 - 1e-9) / 10000
    if "notes" in base:
        fl["notes"] = base["notes"]
    return fl


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phiscrub", default=os.environ.get("PHISCRUB", "phiscrub"))
    ap.add_argument("--floors", required=True, help="floors file; names the corpus beside it")
    ap.add_argument("--corpus", help="score this corpus instead of the one the floors file names")
    ap.add_argument("--show", type=int, default=MAX_TOP, help="misses and false positives to list")
    ap.add_argument("--measure", action="store_true", help="print a floors file at today's figures")
    ap.add_argument("--keep", metavar="DIR", help="keep the corpus text, output and findings in DIR")
    a = ap.parse_args(argv)
    out = sys.stdout
    try:
        with open(a.floors, encoding="utf-8") as f:
            floors = json.load(f)
        corpus = a.corpus or os.path.join(os.path.dirname(os.path.abspath(a.floors)), floors["corpus"])
        records = load_records(corpus)
    except (OSError, ValueError, KeyError) as e:
        out.write("error: %s\n0 passed, 1 failed\n" % e)
        return 2
    args = floors.get("args", [])
    t0 = time.monotonic()
    try:
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            lines, by_rec = run_phiscrub(a.phiscrub, args, records, a.keep)
        else:
            with tempfile.TemporaryDirectory(prefix="phiscrub-corpus-") as d:
                lines, by_rec = run_phiscrub(a.phiscrub, args, records, d)
    except (OSError, RuntimeError) as e:
        out.write("error: %s\n0 passed, 1 failed\n" % e)
        return 2
    t1 = time.monotonic()
    res = score(records, lines, by_rec)
    nphi = sum(1 for r in records if r["kind"] != "clean")
    out.write("corpus %s: %d records (%d with labels, %d clean), phiscrub %s in %.1fs\n\n" % (
        os.path.basename(corpus), len(records), nphi, res["clean_total"], " ".join(args) or "(defaults)", t1 - t0))
    report(res, out, corpus, a.show, floors)
    if a.measure:
        out.write("\n" + json.dumps(measured_floors(res, floors), indent=2) + "\n")
        return 0
    passed, failed = check(res, floors, out)
    out.write("\n%d passed, %d failed\n" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

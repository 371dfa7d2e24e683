#!/usr/bin/env python3
"""Summarize a bench/run.sh result: bench/summarize.py RESULT.tsv META.json

Writes RESULT.json (machine, corpora, best and median per command, derived
ratios) and RESULT.md (the tables) next to the .tsv, and prints the tables.
"Best" is the fastest of the interleaved runs (the least disturbed by
other load on a shared machine); the median is given beside it.
MB = 10^6 bytes. Python 3 standard library only.
"""
import csv
import json
import os
import statistics
import sys


def load(tsv):
    groups = {}
    with open(tsv) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["section"], row["name"], row["config"], row["corpus"])
            g = groups.setdefault(key, {"bytes": int(row["bytes"]), "wall": [], "rss": [], "cpu": [],
                                        "exit": [], "first": []})
            g["wall"].append(float(row["wall_s"]))
            g["rss"].append(int(row["maxrss_kb"] or 0))
            g["cpu"].append(float(row["user_s"] or 0) + float(row["sys_s"] or 0))
            g["exit"].append(int(row["exit"] or 0))
            fb = row.get("first_byte_s") or ""
            if fb:
                g["first"].append(float(fb))
    out = {}
    for k, g in groups.items():
        firsts = [x for x in g["first"] if x >= 0]
        out[k] = {"bytes": g["bytes"], "n": len(g["wall"]),
                  "wall_s": statistics.median(g["wall"]), "wall_best_s": min(g["wall"]),
                  "wall_max_s": max(g["wall"]), "cpu_s": statistics.median(g["cpu"]),
                  "cpu_best_s": min(g["cpu"]), "maxrss_kb": max(g["rss"]), "exit": max(g["exit"]),
                  "first_byte_s": statistics.median(firsts) if firsts else None,
                  "first_byte_best_s": min(firsts) if firsts else None,
                  "first_byte_missing": len(g["first"]) - len(firsts)}
    return out


def mbps(nbytes, secs):
    return nbytes / 1e6 / secs if secs and secs > 0 else None


def fmt(x, nd=0):
    return "n/a" if x is None else ("{:,.%df}" % nd).format(x)


def table(headers, rows):
    w = [len(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            w[i] = max(w[i], len(c))
    line = lambda cells: "| " + " | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i])
                                           for i, c in enumerate(cells)) + " |"
    out = [line(headers), "|" + "|".join("-" * (x + 2) if i == 0 else "-" * (x + 1) + ":"
                                          for i, x in enumerate(w)) + "|"]
    return "\n".join(out + [line(r) for r in rows])


LABELS = {
    ("phiscrub", "j1"): "phiscrub, default policy, -j 1",
    ("phiscrub", "j1-pinned"): "phiscrub, -j 1 pinned to one CPU",
    ("phiscrub", "j2"): "phiscrub, -j 2",
    ("phiscrub-hyperscan", "j1"): "phiscrub, -j 1, Intel Hyperscan build",
    ("sed-E", "heavy"): "sed -E, heavy set",
    ("sed-E", "light"): "sed -E, light set",
    ("rg", "heavy"): "rg --passthru -r, heavy set",
    ("rg", "light"): "rg --passthru -r, light set",
    ("rg-no-mmap", "heavy"): "rg --no-mmap --passthru -r, heavy set",
    ("rg-no-mmap", "light"): "rg --no-mmap --passthru -r, light set",
    ("cat", "-"): "cat (ceiling)",
}


def main():
    tsv, metaf = sys.argv[1], sys.argv[2]
    meta = json.load(open(metaf)) if os.path.exists(metaf) else json.load(open(tsv[:-4] + ".json"))["meta"]
    g = load(tsv)
    base = tsv[:-4]
    S = {"meta": meta, "main": [], "startup": [], "scaling": [], "rss": [], "categories": [],
         "rules": [], "derived": {}}
    md = []
    corpora = sorted({co for (s, n, c, co) in g if s == "main"}, key=lambda c: (not c.startswith("s"), c))

    # ---- main: one row per command, one column pair per corpus
    if corpora:
        rows = []
        for (name, config), label in LABELS.items():
            cells, seen = [label], False
            for co in corpora:
                v = g.get(("main", name, config, co))
                if not v:
                    cells += ["", ""]
                    continue
                seen = True
                e = {"tool": name, "config": config, "label": label, "corpus": co, "bytes": v["bytes"],
                     "mb_per_s_best": mbps(v["bytes"], v["wall_best_s"]),
                     "mb_per_s_median": mbps(v["bytes"], v["wall_s"]),
                     "mb_per_cpu_s": mbps(v["bytes"], v["cpu_s"]), "wall_best_s": v["wall_best_s"],
                     "wall_median_s": v["wall_s"], "wall_max_s": v["wall_max_s"], "cpu_s": v["cpu_s"],
                     "maxrss_kb": v["maxrss_kb"], "exit": v["exit"], "reps": v["n"]}
                S["main"].append(e)
                cells += ["%s (%s)" % (fmt(e["mb_per_s_best"]), fmt(e["mb_per_s_median"])),
                          fmt(v["maxrss_kb"] / 1024, 1)]
            if seen:
                rows.append(cells)
        hdr = ["command"]
        for co in corpora:
            b = next(e["bytes"] for e in S["main"] if e["corpus"] == co)
            hdr += ["%s: MB/s best (median)" % co, "RSS MiB"]
        md.append("## Side by side (best of %d interleaved runs, median in brackets; output to /dev/null)\n"
                  % meta["reps"])
        md.append(table(hdr, rows))
        by = {(e["tool"], e["config"], e["corpus"]): e for e in S["main"]}
        d = S["derived"]
        for co in corpora:
            p1, p2 = by.get(("phiscrub", "j1", co)), by.get(("phiscrub", "j2", co))
            pin = by.get(("phiscrub", "j1-pinned", co))
            dc = d.setdefault(co, {})
            for ref in (("rg", "light"), ("rg", "heavy"), ("rg-no-mmap", "light"), ("sed-E", "light")):
                r = by.get(ref + (co,))
                if p1 and r:
                    dc["phiscrub_j1_over_%s_%s" % ref] = p1["mb_per_s_best"] / r["mb_per_s_best"]
            if p1 and p2:
                dc["j2_speedup"] = p2["mb_per_s_best"] / p1["mb_per_s_best"]
            if pin:
                dc["phiscrub_j1_pinned_mb_per_s"] = pin["mb_per_s_best"]
        md.append("\nDerived (best runs): " + json.dumps(
            {co: {k: round(v, 3) for k, v in dc.items()} for co, dc in d.items()}))

    # ---- start-up
    rows = []
    for (s, n, c, co), v in sorted(g.items()):
        if s != "startup":
            continue
        e = {"name": n, "config": c, "wall_median_s": v["wall_s"], "wall_best_s": v["wall_best_s"],
             "first_byte_median_s": v["first_byte_s"], "first_byte_best_s": v["first_byte_best_s"],
             "first_byte_missing": v["first_byte_missing"], "cpu_s": v["cpu_s"],
             "maxrss_kb": v["maxrss_kb"], "exit": v["exit"], "reps": v["n"]}
        S["startup"].append(e)
        fb = fmt(v["first_byte_s"] * 1000, 1) if v["first_byte_s"] is not None else "none"
        if v["first_byte_missing"]:
            fb += " (%d of %d runs: none before the timeout)" % (v["first_byte_missing"], v["n"])
        rows.append(["%s %s" % (n, c), fmt(v["wall_best_s"] * 1000, 1), fmt(v["wall_s"] * 1000, 1), fb,
                     fmt(v["cpu_s"] * 1000, 0), fmt(v["maxrss_kb"] / 1024, 1)])
    if rows:
        md.append("\n## Start-up, one short line (ms)\n")
        md.append("`-cold`: a new, empty cache folder (first run after install); `-warm`: the cache "
                  "filled; whole run with the input closed after the line; `first-byte`: the pipe left "
                  "open until output appears; `quiet-line`: once the first line is out, a second one after "
                  "0.3 s of silence, its \"first byte\" the time from its write to its output (the "
                  "latency of a quiet pipe without the start-up).\n")
        md.append(table(["run", "wall best", "wall median", "first byte median", "CPU median", "RSS MiB"], rows))

    # ---- scaling
    sc = sorted({co for (s, n, c, co) in g if s == "scaling" and n == "phiscrub"})
    for co in sc:
        cat = g.get(("scaling", "cat", "-", co))
        js = sorted({int(c[1:]) for (s, n, c, cc) in g if s == "scaling" and cc == co and n == "phiscrub"})
        one = g.get(("scaling", "phiscrub", "j1", co))
        rows = []
        for j in js:
            v = g.get(("scaling", "phiscrub", "j%d" % j, co))
            z = g.get(("scaling", "phiscrub-no-rules", "j%d" % j, co))
            e = {"corpus": co, "jobs": j, "bytes": v["bytes"], "mb_per_s_best": mbps(v["bytes"], v["wall_best_s"]),
                 "mb_per_s_median": mbps(v["bytes"], v["wall_s"]), "cpu_s": v["cpu_s"],
                 "speedup_best": one["wall_best_s"] / v["wall_best_s"], "maxrss_kb": v["maxrss_kb"],
                 "no_rules_mb_per_s_best": mbps(z["bytes"], z["wall_best_s"]) if z else None,
                 "no_rules_cpu_s": z["cpu_s"] if z else None}
            S["scaling"].append(e)
            rows.append([str(j), fmt(e["mb_per_s_best"]), fmt(e["mb_per_s_median"]), fmt(e["speedup_best"], 2),
                         fmt(v["cpu_s"], 2), fmt(v["maxrss_kb"] / 1024, 1), fmt(e["no_rules_mb_per_s_best"]),
                         fmt(e["no_rules_cpu_s"], 2)])
        md.append("\n## Scaling, %s (%s bytes; cat %s MB/s)\n" % (co, fmt(one["bytes"]),
                                                                 fmt(mbps(cat["bytes"], cat["wall_best_s"])) if cat else "n/a"))
        md.append(table(["-j", "MB/s best", "MB/s median", "speed-up", "CPU s", "RSS MiB",
                         "-d all MB/s best", "-d all CPU s"], rows))

    # ---- rss
    rows = []
    for (s, n, c, co), v in sorted(g.items(), key=lambda kv: (kv[1]["bytes"], kv[0][2])):
        if s != "rss":
            continue
        S["rss"].append({"corpus": co, "config": c, "bytes": v["bytes"], "maxrss_kb": v["maxrss_kb"],
                         "mb_per_s_best": mbps(v["bytes"], v["wall_best_s"])})
        rows.append([co, c, fmt(v["bytes"]), fmt(mbps(v["bytes"], v["wall_best_s"])), fmt(v["maxrss_kb"] / 1024, 1)])
    if rows:
        md.append("\n## Peak RSS against input size\n")
        md.append(table(["corpus", "-j", "bytes", "MB/s best", "peak RSS MiB (max of runs)"], rows))

    # ---- categories (CPU time, start-up subtracted)
    for co in sorted({co for (s, n, c, co) in g if s == "cat"}):
        allv, allst = g.get(("cat", "phiscrub", "all", co)), g.get(("catstart", "phiscrub", "all", "null"))
        none = g.get(("cat", "phiscrub", "none", co))
        if not (allv and allst and none):
            continue
        t_all = allv["cpu_s"] - allst["cpu_s"]
        nb = allv["bytes"]
        rows = []
        cats = sorted({c.split(":", 1)[1] for (s, n, c, cc) in g if s == "cat" and cc == co and ":" in c})
        for c in cats:
            w, ws = g[("cat", "phiscrub", "without:" + c, co)], g[("catstart", "phiscrub", "without:" + c, "null")]
            o, os_ = g[("cat", "phiscrub", "only:" + c, co)], g[("catstart", "phiscrub", "only:" + c, "null")]
            tw, to = w["cpu_s"] - ws["cpu_s"], o["cpu_s"] - os_["cpu_s"]
            e = {"corpus": co, "category": c, "only_mb_per_s": mbps(nb, to), "alone_cost_s": to - none["cpu_s"],
                 "without_mb_per_s": mbps(nb, tw), "marginal_s": t_all - tw}
            S["categories"].append(e)
            rows.append([c, fmt(e["only_mb_per_s"]), fmt(e["alone_cost_s"] * 1000), fmt(e["without_mb_per_s"]),
                         fmt(e["marginal_s"] * 1000)])
        rows.sort(key=lambda r: -float(r[2].replace(",", "")) if r[2] != "n/a" else 0)
        md.append("\n## Per category, %s (CPU s, start-up subtracted; whole set %s MB/CPU-s)\n"
                  % (co, fmt(mbps(nb, t_all))))
        md.append(table(["category", "alone MB/s", "alone cost ms", "set without it MB/s", "marginal ms"], rows))

    # ---- rules
    for co in sorted({co for (s, n, c, co) in g if s == "rule"}):
        none = g.get(("rule", "phiscrub", "none", co))
        rows = []
        for (s, n, c, cc), v in g.items():
            if s != "rule" or cc != co or c == "none":
                continue
            st = g[("rulestart", n, c, "null")]
            t = v["cpu_s"] - st["cpu_s"]
            e = {"corpus": co, "rule": c.split(":", 1)[1], "mb_per_s": mbps(v["bytes"], t),
                 "alone_cost_s": t - none["cpu_s"], "exit": v["exit"]}
            S["rules"].append(e)
            rows.append((e["alone_cost_s"], [e["rule"], fmt(e["mb_per_s"]), fmt(e["alone_cost_s"] * 1000)]))
        rows.sort(key=lambda r: -r[0])
        if rows:
            md.append("\n## Per rule alone, %s (CPU s, start-up subtracted)\n" % co)
            md.append(table(["rule", "MB/CPU-s", "cost over no rules, ms"], [r for _, r in rows]))

    text = "\n".join(md) + "\n"
    m = meta["machine"]
    hdr = ("# phiscrub benchmark %s (%s)\n\nMachine: %s, %d CPUs, load average %s at start, %s at end. "
           "Source %s, rules %s. Patterns: heavy = %s, light = %s. Raw rows: %s. MB = 10^6 bytes.\n\n" % (
               meta["date"], meta["label"], m["cpu_model"], m["nproc"], " ".join(m["loadavg_at_start"]),
               " ".join(m.get("loadavg_at_end", ["?"])), meta["source"].get("head", "?")[:10],
               meta["source"].get("rules_sha256", "?"), meta["patterns"]["heavy"], meta["patterns"]["light"],
               os.path.basename(tsv)))
    open(base + ".md", "w").write(hdr + text)
    json.dump(S, open(base + ".json", "w"), indent=1)
    if os.path.exists(metaf):
        os.remove(metaf)
    sys.stdout.write(hdr + text)


if __name__ == "__main__":
    main()

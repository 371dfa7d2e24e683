#!/usr/bin/env python3
"""Summarize a bench/run.sh result: medians, MB/s, ratios.

    bench/summarize.py bench/results/<date>-<label>.tsv bench/results/<date>-<label>.meta.json

Writes <date>-<label>.json (machine-readable summary, raw rows kept in the
.tsv) and <date>-<label>.md (human tables) next to the .tsv, and prints the
tables. MB = 10^6 bytes. Python 3 standard library only.
"""
import csv
import json
import os
import statistics
import sys


def med(xs):
    return statistics.median(xs) if xs else None


def load(tsv):
    groups = {}
    with open(tsv) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["section"], row["name"], row["config"], row["corpus"])
            g = groups.setdefault(key, {"bytes": int(row["bytes"]), "wall": [], "rss": [],
                                        "cpu": [], "exit": []})
            g["wall"].append(float(row["wall_s"]))
            g["rss"].append(int(row["maxrss_kb"]))
            g["cpu"].append(float(row["user_s"]) + float(row["sys_s"]))
            g["exit"].append(int(row["exit"]))
    out = {}
    for k, g in groups.items():
        out[k] = {"bytes": g["bytes"], "n": len(g["wall"]), "wall_s": med(g["wall"]),
                  "wall_min_s": min(g["wall"]), "wall_max_s": max(g["wall"]),
                  "maxrss_kb": max(g["rss"]), "maxrss_kb_median": med(g["rss"]),
                  "cpu_s": med(g["cpu"]), "exit": max(g["exit"])}
    return out


def mbps(nbytes, secs):
    return nbytes / 1e6 / secs if secs and secs > 0 else None


def fmt(x, nd=0):
    if x is None:
        return "n/a"
    return ("{:,.%df}" % nd).format(x)


def mib(kb):
    return kb / 1024.0


def table(headers, rows):
    w = [len(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            w[i] = max(w[i], len(c))
    line = lambda cells: "| " + " | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i])
                                           for i, c in enumerate(cells)) + " |"
    out = [line(headers), "|" + "|".join("-" * (x + 2) if i == 0 else "-" * (x + 1) + ":"
                                          for i, x in enumerate(w)) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


def main():
    tsv, metaf = sys.argv[1], sys.argv[2]
    # The meta file is folded into the .json; rerunning on an old result
    # reads it back from there.
    meta = json.load(open(metaf)) if os.path.exists(metaf) else json.load(open(tsv[:-4] + ".json"))["meta"]
    g = load(tsv)
    base = tsv[:-4]
    S = {"meta": meta, "main": [], "rss": [], "categories": [], "rules": [], "derived": {}}
    md = []

    def get(section, name, config, corpus=None):
        for (s, n, c, co), v in g.items():
            if s == section and n == name and c == config and (corpus is None or co == corpus):
                return v
        return None

    # ---- main
    main_corpus = meta["main_corpus"]
    start = {n: get("startup", n, "bundled") for n in ("phiscrub-vectorscan", "phiscrub-hyperscan")}
    cold = {n: get("startup-cold", n, "bundled") for n in ("phiscrub-vectorscan", "phiscrub-hyperscan")}
    rows = []
    order = ["phiscrub-vectorscan", "phiscrub-hyperscan", "phiscrub-vectorscan-1cpu",
             "sed-E", "rg", "rg-no-mmap", "cat"]
    labels = {"phiscrub-vectorscan": "phiscrub, whole rule set (Vectorscan 5.4.9)",
              "phiscrub-hyperscan": "phiscrub, whole rule set (Intel Hyperscan 5.4.0)",
              "phiscrub-vectorscan-1cpu": "phiscrub, Vectorscan, pinned to one CPU",
              "sed-E": "sed -E, 3 patterns", "rg": "rg --passthru -r, 3 patterns",
              "rg-no-mmap": "rg --no-mmap --passthru -r, 3 patterns", "cat": "cat (ceiling)"}
    for n in order:
        v = None
        for (s, nn, c, co), vv in g.items():
            if s == "main" and nn == n and co == main_corpus:
                v = vv
        if not v:
            continue
        st = start.get(n.replace("-1cpu", ""))
        stc = cold.get(n.replace("-1cpu", ""))
        ph = bool(st) and n.startswith("phiscrub")
        net = mbps(v["bytes"], v["wall_s"] - st["wall_s"]) if ph else None
        netcpu = mbps(v["bytes"], v["cpu_s"] - st["cpu_s"]) if ph else None
        e = {"tool": n, "label": labels[n], "bytes": v["bytes"], "wall_s": v["wall_s"],
             "wall_range_s": [v["wall_min_s"], v["wall_max_s"]], "mb_per_s": mbps(v["bytes"], v["wall_s"]),
             "cpu_s": v["cpu_s"], "mb_per_cpu_s": mbps(v["bytes"], v["cpu_s"]),
             "mb_per_s_excl_startup": net, "mb_per_cpu_s_excl_startup": netcpu,
             "startup_s": st["wall_s"] if ph else None, "startup_cpu_s": st["cpu_s"] if ph else None,
             "startup_cold_s": stc["wall_s"] if ph and stc else None,
             "startup_cold_cpu_s": stc["cpu_s"] if ph and stc else None,
             "maxrss_kb": v["maxrss_kb"], "exit": v["exit"], "reps": v["n"]}
        S["main"].append(e)
        rows.append([labels[n], fmt(e["mb_per_s"]), fmt(e["mb_per_cpu_s"]), fmt(net) if ph else "",
                     fmt(netcpu) if ph else "", fmt(e["wall_s"], 2),
                     "%s-%s" % (fmt(v["wall_min_s"], 2), fmt(v["wall_max_s"], 2)),
                     fmt(e["startup_s"], 3) if ph else "",
                     fmt(e["startup_cold_s"], 3) if ph and stc else "", fmt(mib(e["maxrss_kb"]), 1), str(e["exit"])])
    md.append("## Side by side (%s, %s bytes, median of %d)\n" % (
        main_corpus, fmt(S["main"][0]["bytes"]) if S["main"] else "?", meta["reps"]))
    md.append(table(["tool", "MB/s (wall)", "MB/CPU-s", "MB/s excl. start-up", "MB/CPU-s excl. start-up",
                     "wall s", "wall range s", "start-up s", "start-up s, no cache", "peak RSS MiB", "exit"], rows))

    by = {e["tool"]: e for e in S["main"]}
    d = S["derived"]
    p1 = by.get("phiscrub-vectorscan-1cpu") or by.get("phiscrub-vectorscan")
    rg = by.get("rg")
    if p1 and rg:
        d["phiscrub_1cpu_over_rg"] = p1["mb_per_s"] / rg["mb_per_s"]
        d["phiscrub_1cpu_over_rg_cpu"] = p1["mb_per_cpu_s"] / rg["mb_per_cpu_s"]
        d["floor_1_5x_rg_holds"] = d["phiscrub_1cpu_over_rg"] >= 1.5
    if p1:
        d["phiscrub_1cpu_mb_per_s"] = p1["mb_per_s"]
        d["phiscrub_1cpu_mb_per_s_excl_startup"] = p1["mb_per_s_excl_startup"]
        d["phiscrub_1cpu_mb_per_cpu_s_excl_startup"] = p1["mb_per_cpu_s_excl_startup"]
        d["fraction_of_1GBps_target"] = p1["mb_per_s"] / 1000.0
    if by.get("phiscrub-vectorscan") and by.get("phiscrub-hyperscan"):
        a, b = by["phiscrub-vectorscan"], by["phiscrub-hyperscan"]
        d["hyperscan_over_vectorscan_wall"] = a["wall_s"] / b["wall_s"]
        d["hyperscan_over_vectorscan_cpu"] = a["cpu_s"] / b["cpu_s"]
        if a["mb_per_cpu_s_excl_startup"] and b["mb_per_cpu_s_excl_startup"]:
            d["hyperscan_over_vectorscan_scan_cpu"] = b["mb_per_cpu_s_excl_startup"] / a["mb_per_cpu_s_excl_startup"]
        d["startup_s"] = {"vectorscan": a["startup_s"], "hyperscan": b["startup_s"]}
        d["startup_cpu_s"] = {"vectorscan": a["startup_cpu_s"], "hyperscan": b["startup_cpu_s"]}
        d["startup_cold_s"] = {"vectorscan": a["startup_cold_s"], "hyperscan": b["startup_cold_s"]}
        d["startup_cold_cpu_s"] = {"vectorscan": a["startup_cold_cpu_s"], "hyperscan": b["startup_cold_cpu_s"]}
    md.append("\nDerived: " + json.dumps({k: (round(v, 3) if isinstance(v, float) else v)
                                          for k, v in d.items()}))

    # ---- rss
    rows = []
    for (s, n, c, co), v in sorted(g.items(), key=lambda kv: kv[1]["bytes"]):
        if s != "rss":
            continue
        e = {"corpus": co, "bytes": v["bytes"], "wall_s": v["wall_s"], "mb_per_s": mbps(v["bytes"], v["wall_s"]),
             "maxrss_kb": v["maxrss_kb"], "maxrss_kb_median": v["maxrss_kb_median"], "exit": v["exit"]}
        S["rss"].append(e)
        rows.append([co, fmt(v["bytes"]), fmt(e["mb_per_s"]), fmt(mib(e["maxrss_kb"]), 1), str(e["exit"])])
    if rows:
        md.append("\n## Peak RSS vs input size (phiscrub, Vectorscan)\n")
        md.append(table(["corpus", "bytes", "MB/s", "peak RSS MiB (max of reps)", "exit"], rows))

    # ---- categories
    an = meta["analysis_corpus"]
    allv, allst = get("cat", "phiscrub-vectorscan", "all"), get("catstart", "phiscrub-vectorscan", "all")
    none = get("cat", "phiscrub-vectorscan", "none")
    if allv and allst and none:
        t_all = allv["cpu_s"] - allst["cpu_s"]
        t_none = none["cpu_s"]
        nb = allv["bytes"]
        S["categories_base"] = {"all_scan_s": t_all, "all_mb_per_s_excl_startup": mbps(nb, t_all),
                                "all_startup_s": allst["cpu_s"], "none_s": t_none,
                                "none_mb_per_s": mbps(nb, t_none)}
        cats = sorted({c.split(":", 1)[1] for (s, n, c, co) in g if s == "cat" and ":" in c})
        rows = []
        for c in cats:
            w, ws = get("cat", "phiscrub-vectorscan", "without:" + c), get("catstart", "phiscrub-vectorscan", "without:" + c)
            o, os_ = get("cat", "phiscrub-vectorscan", "only:" + c), get("catstart", "phiscrub-vectorscan", "only:" + c)
            tw = w["cpu_s"] - ws["cpu_s"]
            to = o["cpu_s"] - os_["cpu_s"]
            e = {"category": c, "without_scan_s": tw, "without_mb_per_s": mbps(nb, tw),
                 "marginal_s": t_all - tw, "marginal_share": (t_all - tw) / t_all,
                 "only_scan_s": to, "only_mb_per_s": mbps(nb, to), "alone_cost_s": to - t_none,
                 "startup_only_s": os_["cpu_s"], "startup_without_s": ws["cpu_s"]}
            S["categories"].append(e)
        S["categories"].sort(key=lambda e: -e["alone_cost_s"])
        for e in S["categories"]:
            rows.append([e["category"], fmt(e["only_mb_per_s"]), fmt(e["alone_cost_s"] * 1000),
                         fmt(e["without_mb_per_s"]), fmt(e["marginal_s"] * 1000),
                         fmt(100 * e["marginal_share"], 1), fmt(e["startup_only_s"], 2)])
        md.append("\n## Per category (%s; CPU seconds (user+sys), start-up subtracted)\n" % an)
        md.append("Whole set: %s MB/s (scan %s s, start-up %s s); no category: %s MB/s.\n" % (
            fmt(mbps(nb, t_all)), fmt(t_all, 2), fmt(allst["cpu_s"], 2), fmt(mbps(nb, t_none))))
        md.append(table(["category", "alone MB/s", "alone cost ms", "set without it MB/s",
                         "marginal ms", "marginal %", "alone start-up s"], rows))

    # ---- rules
    none = get("rule", "phiscrub-vectorscan", "none") or none
    if none:
        rows = []
        for (s, n, c, co), v in g.items():
            if s != "rule" or c == "none":
                continue
            st = get("rulestart", n, c)
            t = v["cpu_s"] - st["cpu_s"]
            e = {"rule": c.split(":", 1)[1], "scan_s": t, "mb_per_s": mbps(v["bytes"], t),
                 "alone_cost_s": t - none["cpu_s"], "startup_s": st["cpu_s"], "exit": v["exit"]}
            S["rules"].append(e)
        S["rules"].sort(key=lambda e: -e["alone_cost_s"])
        for e in S["rules"]:
            rows.append([e["rule"], fmt(e["mb_per_s"]), fmt(e["alone_cost_s"] * 1000), fmt(e["startup_s"], 3)])
        if rows:
            md.append("\n## Per rule alone (%s; CPU seconds (user+sys), start-up subtracted)\n" % an)
            md.append(table(["rule", "MB/s", "cost over no rules, ms", "start-up s"], rows))
            tot = sum(e["alone_cost_s"] for e in S["rules"])
            if allv and allst:
                md.append("\nSum of single-rule costs: %s ms; whole set costs %s ms over no rules." % (
                    fmt(tot * 1000), fmt((allv["cpu_s"] - allst["cpu_s"] - none["cpu_s"]) * 1000)))

    text = "\n".join(md) + "\n"
    hdr = "# phiscrub benchmark %s (%s)\n\nMachine: %s, %d CPUs. Source %s (%d modified files, diff %s), rules %s.\n" \
          "Raw rows: %s. MB = 10^6 bytes.\n\n" % (
              meta["date"], meta["label"], meta["machine"]["cpu_model"], meta["machine"]["nproc"],
              meta["source"]["head"][:10], meta["source"]["dirty_files"], meta["source"]["diff_sha256"],
              meta["source"]["rules_sha256"], os.path.basename(tsv))
    open(base + ".md", "w").write(hdr + text)
    json.dump(S, open(base + ".json", "w"), indent=1)
    if os.path.exists(metaf):
        os.remove(metaf)
    sys.stdout.write(hdr + text)


if __name__ == "__main__":
    main()

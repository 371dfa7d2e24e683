#!/usr/bin/env bash
# Where phiscrub's CPU time goes, per stage, on each bench corpus.
#
#   bench/profile.sh [--bin PATH] [--size 100M] [--freq 1000] [--label L]
#
# For each corpus (bench/gen_corpus.py and bench/gen_mixed.py, SIZE each):
#   1. perf record with DWARF call graphs (libhs has no frame pointers), then
#      bench/perf_stages.py gives each sample to a stage: Hyperscan rules
#      prefilter, name-word collection, dictionary scan, shape scan, PCRE2
#      confirm, the JSON and HL7 walkers, act/output, framing, I/O, start-up;
#   2. the bench/hs_matches.c shim (LD_PRELOAD) counts the matches each
#      Hyperscan database hands over, per rule, and times each scan in CPU
#      time, once as run and once again with no callback (the engine alone);
#   3. /usr/bin/time for the run's CPU time and peak RSS;
#   4. -j 2, with the rules and with -d all (no rules): the CPU time of each
#      thread kind (the reader is the main thread "phiscrub", then
#      "phs-worker" and "phs-writer"), from perf samples by thread name,
#      per 256 KiB block (the default --job-size): the per-block costs of
#      the scaling model.
#   5. with --per-rule SIZE: each enabled rule alone (-r on a folder with the
#      defines and that rule), on the first SIZE bytes of each corpus: its
#      Hyperscan database's scan CPU with no callback, and the whole run's
#      CPU: which prefilters make the combined database slow.
# Results: bench/results/<date>-<label>-profile.{md,json}. The binary should
# be a Release build with -g (symbols for perf); by default this script
# builds one in build-prof/. perf needs no hardware counters: it samples
# on cpu-clock, which works in a VM.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
BIN=""
SIZE=100M
FREQ=1000
LABEL=""
PER_RULE=""
while [ $# -gt 0 ]; do
    case $1 in
    --bin) BIN=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --freq) FREQ=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --per-rule) PER_RULE=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "profile.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
export LC_ALL=C
log() { printf '[profile.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v perf >/dev/null || { echo "profile.sh: perf not found (Debian: linux-perf; scripts/setup.sh --bench)" >&2; exit 2; }
if [ -z "$BIN" ]; then
    log "building build-prof/ (Release, -g -fno-omit-frame-pointer)"
    cmake -S "$ROOT" -B "$ROOT/build-prof" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_FLAGS="-g -fno-omit-frame-pointer" -DPHISCRUB_BUILD_TESTS=OFF >/dev/null
    cmake --build "$ROOT/build-prof" -j2 --target phiscrub_cli >/dev/null
    BIN=$ROOT/build-prof/phiscrub
fi
TMP=$(mktemp -d /tmp/phsprof.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export PHISCRUB_CACHE_DIR=$TMP/cache
cc -O2 -Wall -shared -fPIC -o "$TMP/hs_matches.so" "$BENCH/hs_matches.c" -ldl
"$BIN" --list-rules | awk '{print $1}' >"$TMP/rules.txt"
"$BIN" /dev/null   # fill the cache

mkdir -p "$BENCH/corpus" "$BENCH/results"
corpus() { # generator name size -> path
    local f=$BENCH/corpus/$2-$3.log
    if [ ! -s "$f" ]; then
        log "generating $f"
        python3 "$BENCH/$1" --size "$3" -o "$f.tmp" --stats "$f.stats.json" 2>/dev/null
        mv "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}
OURS=$(corpus gen_corpus.py s20240301 "$SIZE")
MIXED=$(corpus gen_mixed.py mixed "$SIZE")
DATE=$(date -u +%Y-%m-%d)
[ -n "$LABEL" ] || LABEL=$(git -C "$ROOT" rev-parse --short HEAD)
OUT=$BENCH/results/$DATE-$LABEL-profile
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

for kind in ours mixed; do
    f=$OURS; [ $kind = mixed ] && f=$MIXED
    dd if="$f" of=/dev/null bs=1M status=none
    log "$kind: perf record"
    perf record -q -F "$FREQ" --call-graph dwarf,16384 -o "$TMP/$kind.data" "$BIN" "$f" >/dev/null 2>"$TMP/$kind.perf.log"
    perf script -i "$TMP/$kind.data" -F comm,tid,ip,sym,dso 2>/dev/null |
        python3 "$BENCH/perf_stages.py" --label "$kind" --json "$TMP/$kind.stages.json" >"$TMP/$kind.stages.txt"
    rm -f "$TMP/$kind.data"
    log "$kind: Hyperscan match counts and scan times"
    for bare in 0 1; do
        LD_PRELOAD=$TMP/hs_matches.so HS_MATCHES_BARE=$bare HS_MATCHES_OUT=$TMP/$kind.hs$bare.tsv \
            "$BIN" "$f" >/dev/null
    done
    /usr/bin/time -f '%U %S %M' -o "$TMP/$kind.time" "$BIN" "$f" >/dev/null
    log "$kind: -j 2 thread shares"
    for cfg in rules norules; do
        extra=(); [ $cfg = norules ] && extra=(-d all)
        perf record -q -F "$FREQ" -o "$TMP/$kind.j2.data" "$BIN" -j 2 "${extra[@]}" "$f" >/dev/null 2>&1
        /usr/bin/time -f '%U %S %e' -o "$TMP/$kind.j2$cfg.time" "$BIN" -j 2 "${extra[@]}" "$f" >/dev/null
        perf report -i "$TMP/$kind.j2.data" --sort comm --stdio 2>/dev/null |
            awk '/^ +[0-9.]+%/ {sub("%", "", $1); print $2 "\t" $1}' >"$TMP/$kind.j2$cfg.threads"
        rm -f "$TMP/$kind.j2.data"
    done
done

# ------------------------------------------------------------ per rule
: >"$TMP/per-rule.tsv"
if [ -n "$PER_RULE" ]; then
    python3 - "$ROOT/patterns" "$TMP/rules.d" <<'PYEOF'
# One folder per enabled rule: every define of the set, then that rule.
import glob, os, re, sys
src, out = sys.argv[1], sys.argv[2]
defines, rules = [], []
for f in sorted(glob.glob(src + "/*.rules")):
    cur = None
    for line in open(f):
        if re.match(r"^\s*define\s", line):
            defines.append(line)
            continue
        m = re.match(r"^\[([^\]]+)\]\s*$", line)
        if m:
            cur = [m.group(1), []]
            rules.append(cur)
        if cur is not None:
            cur[1].append(line)
for rid, lines in rules:
    if any(re.match(r"^\s*enabled\s*=\s*false", l) for l in lines):
        continue
    d = os.path.join(out, rid)
    os.makedirs(d)
    open(os.path.join(d, "00-defines.rules"), "w").write("".join(defines))
    open(os.path.join(d, "10-rule.rules"), "w").write("".join(lines))
PYEOF
    ONLY=()
    "$BIN" --help | grep -q -- '--no-default-rules' && ONLY=(--no-default-rules)
    for kind in ours mixed; do
        f=$OURS; [ $kind = mixed ] && f=$MIXED
        head -c "$(numfmt --from=iec "$PER_RULE")" "$f" | sed '$d' >"$TMP/slice.log"
        log "$kind: each rule alone on $PER_RULE"
        for d in "$TMP"/rules.d/*/; do
            r=$(basename "$d")
            LD_PRELOAD=$TMP/hs_matches.so HS_MATCHES_BARE=1 HS_MATCHES_OUT=$TMP/r.tsv \
                /usr/bin/env "$BIN" "${ONLY[@]}" -r "$d" "$TMP/slice.log" >/dev/null 2>&1 || true
            bare=$(awk -F'\t' 'NR==2 {print $5}' "$TMP/r.tsv")
            m=$(awk -F'\t' 'NR>1 {s+=$7} END {print s+0}' "$TMP/r.tsv")
            # bash's time: CPU in ms (GNU time prints tens of ms)
            { TIMEFORMAT='%3U %3S'; time "$BIN" "${ONLY[@]}" -r "$d" "$TMP/slice.log" >/dev/null 2>&1; } 2>"$TMP/r.time" || true
            { TIMEFORMAT='%3U %3S'; time "$BIN" "${ONLY[@]}" -r "$d" /dev/null >/dev/null 2>&1; } 2>"$TMP/r0.time" || true
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$r" "${bare:-0}" "$m" \
                "$(awk '{print $1+$2}' "$TMP/r.time")" "$(awk '{print $1+$2}' "$TMP/r0.time")" >>"$TMP/per-rule.tsv"
        done
    done
fi
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

PER_RULE=$PER_RULE python3 - "$TMP" "$OUT" "$BIN" "$OURS" "$MIXED" "$LOAD0" "$LOAD1" "$ROOT" <<'EOF'
import csv, json, os, subprocess, sys
tmp, out, binp, ours, mixed, l0, l1, root = sys.argv[1:]
rules = [l.strip() for l in open(os.path.join(tmp, "rules.txt"))]
sh = lambda c: subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
res = {"binary": binp, "version": sh(binp + " -V"), "head": sh("git -C %s rev-parse HEAD" % root),
       "cpu": sh("lscpu | sed -n 's/^Model name: *//p'"), "nproc": int(sh("nproc")),
       "loadavg_before": l0.split(), "loadavg_after": l1.split(), "corpora": {}}
md = ["# phiscrub profile %s\n" % os.path.basename(out),
      "Machine: %s, %d CPUs; load average %s before, %s after. Binary: %s (%s).\n"
      % (res["cpu"], res["nproc"], l0, l1, binp, res["version"])]
for kind, f in (("ours", ours), ("mixed", mixed)):
    size = os.path.getsize(f)
    u, s_, rss = open(os.path.join(tmp, kind + ".time")).read().split()[-3:]
    st = json.load(open(os.path.join(tmp, kind + ".stages.json")))
    dbs = {}
    for bare in "01":
        for r in csv.DictReader(open(os.path.join(tmp, "%s.hs%s.tsv" % (kind, bare))), delimiter="\t"):
            d = dbs.setdefault(r["db"], {"scans": int(r["scans"]), "bytes": int(r["bytes"]), "ids": {}})
            if bare == "0":
                d["scan_cpu_s"] = int(r["scan_ns"]) / 1e9
                if int(r["id"]) >= 0:
                    d["ids"][int(r["id"])] = int(r["matches"])
            else:
                d["bare_scan_cpu_s"] = int(r["bare_scan_ns"]) / 1e9
    cpu = float(u) + float(s_)
    e = {"corpus": os.path.basename(f), "bytes": size, "cpu_s": cpu, "mb_per_cpu_s": size / 1e6 / cpu,
         "maxrss_kb": int(rss), "stages": st["share"], "samples": st["samples"], "hyperscan": {}}
    md.append("\n## %s: %s, %.1f MB, %.2f s CPU (%.0f MB/CPU-s), peak RSS %.1f MiB, %d samples\n"
              % (kind, e["corpus"], size / 1e6, cpu, e["mb_per_cpu_s"], int(rss) / 1024, st["samples"]))
    md.append("| stage | share | CPU s per 100 MB |\n|---|---:|---:|")
    for n, v in sorted(st["share"].items(), key=lambda kv: -kv[1]):
        md.append("| %s | %.1f %% | %.3f |" % (n, 100 * v, v * cpu * 1e8 / size))
    for k, d in sorted(dbs.items()):
        name = "rules prefilter" if len(d["ids"]) < len(rules) + 1 and d["bytes"] >= size * 0.99 else "name dictionaries"
        tot = sum(d["ids"].values())
        h = {"database": name, "scans": d["scans"], "bytes": d["bytes"], "matches": tot,
             "scan_cpu_s": d.get("scan_cpu_s"), "bare_scan_cpu_s": d.get("bare_scan_cpu_s")}
        if name == "rules prefilter":
            h["matches_per_rule"] = {rules[i] if i < len(rules) else str(i): c
                                     for i, c in sorted(d["ids"].items(), key=lambda kv: -kv[1])}
        e["hyperscan"][name] = h
        md.append("\nHyperscan, %s: %d scans of %.1f MB, %d matches (%.0f per MB); scan %.3f s CPU with "
                  "phiscrub's callback, %.3f s with none (%.0f MB/CPU-s)."
                  % (name, d["scans"], d["bytes"] / 1e6, tot, tot / (d["bytes"] / 1e6),
                     h["scan_cpu_s"] or 0, h["bare_scan_cpu_s"] or 0,
                     d["bytes"] / 1e6 / h["bare_scan_cpu_s"] if h["bare_scan_cpu_s"] else 0))
        if "matches_per_rule" in h:
            top = list(h["matches_per_rule"].items())[:10]
            md.append("Most matches: " + ", ".join("%s %d" % kv for kv in top) + ".")
    e["j2_threads"] = {}
    nblocks = size / (256 << 10)
    md.append("\n-j 2, CPU per 256 KiB block by thread (perf samples by thread name x the run's CPU time):\n")
    md.append("| run | wall s | CPU s | reader (phiscrub) ms/block | workers ms/block | writer ms/block |\n|---|---:|---:|---:|---:|---:|")
    for cfg in ("rules", "norules"):
        tu, ts, tw = map(float, open(os.path.join(tmp, "%s.j2%s.time" % (kind, cfg))).read().split()[-3:])
        sh_ = {}
        for ln in open(os.path.join(tmp, "%s.j2%s.threads" % (kind, cfg))):
            n, v = ln.split("\t")
            sh_[n] = sh_.get(n, 0) + float(v) / 100
        cpu2 = tu + ts
        per = {n: v * cpu2 / nblocks * 1000 for n, v in sh_.items()}
        e["j2_threads"][cfg] = {"wall_s": tw, "cpu_s": cpu2, "share": sh_, "ms_per_block": per}
        md.append("| %s | %.2f | %.2f | %.3f | %.3f | %.3f |" % (
            "-j 2" if cfg == "rules" else "-j 2 -d all", tw, cpu2, per.get("phiscrub", 0),
            per.get("phs-worker", 0), per.get("phs-writer", 0)))
    res["corpora"][kind] = e
pr = [l.rstrip("\n").split("\t") for l in open(os.path.join(tmp, "per-rule.tsv")) if l.strip()]
if pr:
    res["per_rule"] = []
    md.append("\n## Each rule alone (first %s of each corpus): Hyperscan scan CPU with no callback, "
              "matches, and the run's CPU less its start-up\n" % os.environ.get("PER_RULE", "?"))
    md.append("| rule | ours: Hyperscan ms | ours: matches | ours: run ms | mixed: Hyperscan ms | mixed: matches | mixed: run ms |")
    md.append("|---|---:|---:|---:|---:|---:|---:|")
    by = {}
    for kind, r, bare, m, cpu, cpu0 in pr:
        e = {"corpus": kind, "rule": r, "hs_bare_scan_ms": int(bare) / 1e6, "matches": int(m),
             "run_cpu_ms": (float(cpu) - float(cpu0)) * 1000}
        res["per_rule"].append(e)
        by.setdefault(r, {})[kind] = e
    key = lambda r: -(by[r].get("ours", {}).get("hs_bare_scan_ms", 0) + by[r].get("mixed", {}).get("hs_bare_scan_ms", 0))
    for r in sorted(by, key=key):
        o, x = by[r].get("ours", {}), by[r].get("mixed", {})
        md.append("| %s | %.0f | %d | %.0f | %.0f | %d | %.0f |" % (
            r, o.get("hs_bare_scan_ms", 0), o.get("matches", 0), o.get("run_cpu_ms", 0),
            x.get("hs_bare_scan_ms", 0), x.get("matches", 0), x.get("run_cpu_ms", 0)))
json.dump(res, open(out + ".json", "w"), indent=1)
open(out + ".md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
EOF
log "done: $OUT.{md,json}"

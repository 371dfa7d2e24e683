#!/usr/bin/env bash
# Throughput of the site policy (issue 17): the bundled rules alone against
# the bundled rules under a 1,000-entry allow list (bench/gen_allowlist.py:
# 700 values in five categories, 250 allowed name words, 50 anchored
# patterns), and under the same list with some entries taken from the
# corpus, so that findings are really kept. Same corpus file in the page
# cache, one CPU (taskset), REPS runs each in round-robin order; medians of
# wall time -> MB/s (10^6 bytes), CPU seconds, peak RSS.
#
# Usage: bench/allowlist.sh [--size 500M] [--reps 5] [--label LABEL] [--no-build]
# Results: bench/results/<date>-<label>.tsv (one row per run) and .md
# (medians). Needs: python3, GNU time (installed as root when missing).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
BUILD=$ROOT/build-bench
SIZE=500M
REPS=5
LABEL=allowlist
DO_BUILD=1
SEED=20240301
while [ $# -gt 0 ]; do
    case $1 in
    --size) SIZE=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "allowlist.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else
        echo "allowlist.sh: needs GNU time (apt-get install time)" >&2; exit 2; fi
fi
if [ $DO_BUILD = 1 ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPHISCRUB_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BUILD" -j2 >/dev/null
fi
BIN=$BUILD/phiscrub
mkdir -p "$BENCH/corpus" "$BENCH/results"
CORPUS=$BENCH/corpus/s$SEED-$SIZE.log
[ -f "$CORPUS" ] || python3 "$BENCH/gen_corpus.py" --size "$SIZE" --seed $SEED -o "$CORPUS" \
    --stats "$CORPUS.stats.json"
BYTES=$(stat -c %s "$CORPUS")

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PHISCRUB_CACHE_DIR=$WORK/cache
python3 "$BENCH/gen_allowlist.py" --entries 1000 -o "$WORK/allow1000.rules"
python3 "$BENCH/gen_allowlist.py" --entries 1000 --from-corpus "$CORPUS" \
    -o "$WORK/allow1000-hits.rules"
for r in "" "$WORK/allow1000.rules" "$WORK/allow1000-hits.rules"; do
    "$BIN" ${r:+-r "$r"} --check-rules 2>/dev/null   # compile once into the cache
done
cat "$CORPUS" >/dev/null           # into the page cache

DATE=$(date -u +%Y-%m-%d)
TSV=$BENCH/results/$DATE-$LABEL.tsv
MD=$BENCH/results/$DATE-$LABEL.md
printf 'policy\trep\tbytes\twall_s\tuser_s\tsys_s\tmaxrss_kb\tout_bytes\tkept\n' >"$TSV"
for rep in $(seq 1 "$REPS"); do
    for policy in none allow1000 allow1000-hits; do
        args=()
        [ $policy = none ] || args=(-r "$WORK/$policy.rules")
        t0=$(date +%s%N)
        /usr/bin/time -f '%U %S %M' -o "$WORK/t" taskset -c 1 "$BIN" "${args[@]}" \
            --report "$WORK/report.json" "$CORPUS" >"$WORK/out"
        t1=$(date +%s%N)
        read -r u s m <"$WORK/t"
        wall=$(python3 -c "print(($t1-$t0)/1e9)")
        kept=$(python3 -c "import json,sys; print(sum(a['kept'] for a in json.load(open(sys.argv[1])).get('allow', [])))" "$WORK/report.json")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$policy" "$rep" "$BYTES" "$wall" "$u" "$s" \
            "$m" "$(stat -c %s "$WORK/out")" "$kept" >>"$TSV"
        rm -f "$WORK/out"
    done
done

python3 - "$TSV" "$MD" "$SIZE" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)" \
    "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'EOF'
import csv, statistics, sys
tsv, md, size, cpus, cpu, commit = sys.argv[1:7]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
pols = []
for r in rows:
    if r["policy"] not in pols:
        pols.append(r["policy"])
def med(p, k):
    return statistics.median(float(r[k]) for r in rows if r["policy"] == p)
base = None
out = [f"# phiscrub with a 1,000-entry allow list, {size} corpus, one CPU (taskset -c 1), "
       f"commit {commit}", "",
       f"Machine: {cpus} CPUs,{cpu}. Median of {len(rows) // len(pols)} runs each, round-robin. "
       "MB = 10^6 bytes. `kept`: findings the allow list kept (from --report).", "",
       "| policy | MB/s | vs none | CPU s | peak RSS MiB | kept |", "|---|---|---|---|---|---|"]
for p in pols:
    mbs = med(p, "bytes") / 1e6 / med(p, "wall_s")
    base = base or mbs
    out.append(f"| {p} | {mbs:.1f} | {mbs / base:.3f}x | {med(p, 'user_s') + med(p, 'sys_s'):.2f} | "
               f"{med(p, 'maxrss_kb') / 1024:.1f} | {int(med(p, 'kept'))} |")
open(md, "w").write("\n".join(out) + "\n")
print("\n".join(out))
EOF

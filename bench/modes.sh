#!/usr/bin/env bash
# Throughput of each action (issue 4) on the bench corpus: phiscrub with
# --mode mask, partial, tokenize, encrypt, surrogate and drop, on one CPU
# (taskset), the same corpus file in the page cache, REPS runs each in
# round-robin order; medians of wall time -> MB/s (10^6 bytes), peak RSS.
#
# Usage: bench/modes.sh [--size 1G] [--reps 3] [--label LABEL] [--no-build]
# Results: bench/results/<date>-<label>-modes.tsv (one row per run) and .md
# (medians). Needs: python3, GNU time (installed as root when missing).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
BUILD=$ROOT/build-bench
SIZE=1G
REPS=3
LABEL=modes
DO_BUILD=1
SEED=20240301
while [ $# -gt 0 ]; do
    case $1 in
    --size) SIZE=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "modes.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else
        echo "modes.sh: needs GNU time (apt-get install time)" >&2; exit 2; fi
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
(umask 077; head -c 32 /dev/urandom >"$WORK/key")
"$BIN" --check-rules 2>/dev/null   # compile once into the cache
cat "$CORPUS" >/dev/null           # into the page cache

DATE=$(date -u +%Y-%m-%d)
TSV=$BENCH/results/$DATE-$LABEL.tsv
MD=$BENCH/results/$DATE-$LABEL.md
MODES="mask partial tokenize encrypt surrogate drop"
printf 'mode\trep\tbytes\twall_s\tuser_s\tsys_s\tmaxrss_kb\tout_bytes\n' >"$TSV"
for rep in $(seq 1 "$REPS"); do
    for mode in $MODES; do
        t0=$(date +%s%N)
        /usr/bin/time -f '%U %S %M' -o "$WORK/t" taskset -c 1 "$BIN" --mode "$mode" \
            --key-file "$WORK/key" "$CORPUS" >"$WORK/out"
        t1=$(date +%s%N)
        read -r u s m <"$WORK/t"
        wall=$(python3 -c "print(($t1-$t0)/1e9)")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$rep" "$BYTES" "$wall" "$u" "$s" "$m" \
            "$(stat -c %s "$WORK/out")" >>"$TSV"
        rm -f "$WORK/out"
    done
done

python3 - "$TSV" "$MD" "$SIZE" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)" \
    "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'EOF'
import csv, statistics, sys
tsv, md, size, cpus, cpu, commit = sys.argv[1:7]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
modes = []
for r in rows:
    if r["mode"] not in modes:
        modes.append(r["mode"])
def med(mode, k):
    return statistics.median(float(r[k]) for r in rows if r["mode"] == mode)
base = None
out = [f"# phiscrub actions, {size} corpus, one CPU (taskset -c 1), commit {commit}", "",
       f"Machine: {cpus} CPUs,{cpu}. Median of {len(rows) // len(modes)} runs per mode. "
       "MB = 10^6 bytes.", "",
       "| mode | MB/s | vs mask | CPU s | peak RSS MiB | output MB |", "|---|---|---|---|---|---|"]
for m in modes:
    b = med(m, "bytes")
    mbs = b / 1e6 / med(m, "wall_s")
    base = base or mbs
    out.append(f"| {m} | {mbs:.1f} | {mbs / base:.2f}x | {med(m, 'user_s') + med(m, 'sys_s'):.2f} | "
               f"{med(m, 'maxrss_kb') / 1024:.1f} | {med(m, 'out_bytes') / 1e6:.1f} |")
open(md, "w").write("\n".join(out) + "\n")
print("\n".join(out))
EOF

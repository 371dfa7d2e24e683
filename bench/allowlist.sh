#!/usr/bin/env bash
# Throughput of the site policy (issue 17): the bundled rules alone against
# the bundled rules under a 1,000-entry allow list (bench/gen_allowlist.py:
# 700 values in five categories, 250 allowed name words, 50 anchored
# patterns), and under the same list with some entries taken from the
# corpus, so that findings are really kept. Same corpus file in the page
# cache, one CPU (taskset), REPS runs each in round-robin order; medians of
# wall time -> MB/s (10^6 bytes), CPU seconds, peak RSS.
#
# With --instructions it counts instructions instead (valgrind's callgrind,
# deterministic, so it holds on a loaded machine): an empty input (start-up)
# and the first SLICE bytes of the corpus cut at a line end, per policy.
#
# Usage: bench/allowlist.sh [--size 500M] [--reps 5] [--label LABEL] [--no-build]
#                           [--instructions [--slice 5M]]
# Results: bench/results/<date>-<label>.tsv (one row per run) and .md
# (medians); with --instructions <date>-<label>-instructions.md. Needs:
# python3, GNU time (installed as root when missing), valgrind for
# --instructions.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
BUILD=$ROOT/build-bench
SIZE=500M
REPS=5
LABEL=allowlist
DO_BUILD=1
SEED=20240301
INSTR=0
SLICE=5M
while [ $# -gt 0 ]; do
    case $1 in
    --size) SIZE=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    --instructions) INSTR=1; shift ;;
    --slice) SLICE=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
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
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ $INSTR = 1 ]; then
    command -v valgrind >/dev/null || { echo "allowlist.sh: needs valgrind" >&2; exit 2; }
    head -c "$(numfmt --from=iec "$SLICE")" "$CORPUS" | sed '$d' >"$WORK/slice.log"
    : >"$WORK/empty.log"
    ir() {  # instructions of one run: ir INPUT [ARGS...]
        local in=$1; shift
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$@" "$in" \
            2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
    }
    MDI=$BENCH/results/$DATE-$LABEL-instructions.md
    {
        echo "# phiscrub with a 1,000-entry allow list: instructions (callgrind), commit $COMMIT"
        echo
        echo "Slice: the first $SLICE of $(basename "$CORPUS") cut at a line end" \
             "($(wc -l <"$WORK/slice.log") lines, $(stat -c %s "$WORK/slice.log") bytes)." \
             "Start-up: an empty input (the compiled rules from the cache)."
        echo
        echo "| policy | start-up | slice | slice minus start-up | vs none |"
        echo "|---|---|---|---|---|"
    } >"$MDI"
    base=
    for policy in none allow1000 allow1000-hits; do
        args=()
        [ $policy = none ] || args=(-r "$WORK/$policy.rules")
        # the compiled rules into the cache, as valgrind's CPU sees them (a
        # Hyperscan database is for one CPU's features)
        valgrind -q --tool=none "$BIN" "${args[@]}" "$WORK/empty.log" >/dev/null
        s0=$(ir "$WORK/empty.log" "${args[@]}")
        s1=$(ir "$WORK/slice.log" "${args[@]}")
        net=$((s1 - s0))
        base=${base:-$net}
        printf '| %s | %s | %s | %s | %s |\n' "$policy" "$s0" "$s1" "$net" \
            "$(python3 -c "print(f'{$net / $base:.4f}')")" >>"$MDI"
    done
    cat "$MDI"
    exit 0
fi
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
    "$COMMIT" <<'EOF'
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

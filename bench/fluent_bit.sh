#!/usr/bin/env bash
# Records per second through a real Fluent Bit: the tail input reads a file
# of N log lines from its head and exits at its end (exit_on_eof), through
#   none     no filter
#   native   flb-filter_phiscrub.so (mask)
#   lua      Fluent Bit's lua filter with src/fluent-bit/phiscrub.lua (mask)
# to the file output. REPS runs each, round-robin; medians. Start-up (the
# same run on a 1-line file) is subtracted, so the figure is the steady rate;
# a 0.2 s flush keeps the end of a run from waiting for a 1 s tick.
#
# Usage: bench/fluent_bit.sh FLUENT_BIT PLUGIN_SO LIBPHISCRUB_SO [--lines N]
#                            [--reps 3] [--label LABEL]
# Results: bench/results/<date>-<label>.tsv and .md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FLB=$1 PLUGIN=$2 LIB=$3
shift 3
LINES=200000
REPS=3
LABEL=fluent-bit
while [ $# -gt 0 ]; do
    case $1 in
    --lines) LINES=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    *) echo "fluent_bit.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PHISCRUB_CACHE_DIR=$WORK/cache PHISCRUB_LIB=$LIB
# the bench corpus's lines: 6 % carry PHI, like the throughput benchmark
python3 "$ROOT/bench/gen_corpus.py" --size $((LINES / 4000 + 1))M --seed 11 -o "$WORK/gen.log" \
    2>/dev/null
head -n "$LINES" "$WORK/gen.log" >"$WORK/in.log"
rm -f "$WORK/gen.log"
head -n 1 "$WORK/in.log" >"$WORK/one.log"

run() { # variant input -> seconds
    local v=$1 in=$2
    local out=$WORK/out-$v
    rm -rf "$out" "$WORK/db"; mkdir -p "$out"
    local filter=()
    case $v in
    native) filter=(-e "$PLUGIN" -F phiscrub -m '*' -p "cache_dir=$PHISCRUB_CACHE_DIR") ;;
    lua) filter=(-F lua -m '*' -p "script=$ROOT/src/fluent-bit/phiscrub.lua" -p call=phiscrub_filter) ;;
    esac
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$WORK/cpu" "$FLB" -q -i tail -p "path=$in" -p read_from_head=true -p exit_on_eof=true \
        -p "db=$WORK/db" -p buffer_max_size=1M "${filter[@]}" \
        -o file -m '*' -p "path=$out" -p file=out.txt -p format=plain -f 0.2 >/dev/null 2>&1
    t1=$(date +%s%N)
    local got
    got=$(wc -l <"$out/out.txt")
    local u sy
    read -r u sy <"$WORK/cpu"
    python3 -c "print(($t1-$t0)/1e9, $got, $u + $sy)"
}

run native "$WORK/one.log" >/dev/null  # compile the dictionaries into the cache

DATE=$(date -u +%Y-%m-%d)
TSV=$ROOT/bench/results/$DATE-$LABEL.tsv
MD=$ROOT/bench/results/$DATE-$LABEL.md
printf 'variant\trep\tlines\tseconds\tstartup_s\trecords_out\tcpu_s\tstartup_cpu_s\n' >"$TSV"
for rep in $(seq 1 "$REPS"); do
    for v in none native lua; do
        read -r s0 _ c0 < <(run "$v" "$WORK/one.log")
        read -r s n c < <(run "$v" "$WORK/in.log")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$rep" "$LINES" "$s" "$s0" "$n" "$c" \
            "$c0" >>"$TSV"
    done
done
python3 - "$TSV" "$MD" "$("$FLB" --version | head -1)" "$(uptime)" <<'EOF'
import csv, statistics, sys
tsv, md, ver, load = sys.argv[1:5]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
out = [f"# Records per second through Fluent Bit ({ver.strip()})", "",
       f"tail (read_from_head, exit_on_eof) -> filter -> file, one pipeline; median of "
       f"{len(rows) // 3} runs; start-up (a 1-line file) subtracted. Load at the end: {load.strip()}", "",
       "Wall time moves in steps of Fluent Bit's timers (the end of a run waits for one), so",
       "the steady figure is records per CPU second: all of Fluent Bit's threads, start-up",
       "CPU taken off.", "",
       "| filter | records | records out | wall s | CPU s | start-up CPU s | records per CPU second | CPU per record |",
       "|---|---|---|---|---|---|---|---|"]
for v in ("none", "native", "lua"):
    rs = [r for r in rows if r["variant"] == v]
    s = statistics.median(float(r["seconds"]) for r in rs)
    cpu = statistics.median(float(r["cpu_s"]) for r in rs)
    c0 = statistics.median(float(r["startup_cpu_s"]) for r in rs)
    n = int(rs[0]["lines"])
    got = statistics.median(int(r["records_out"]) for r in rs)
    per = max(cpu - c0, 1e-9)
    out.append(f"| {v} | {n} | {got:.0f} | {s:.2f} | {cpu:.2f} | {c0:.2f} | {n / per:,.0f} | "
               f"{per / n * 1e6:.1f} µs |")
open(md, "w").write("\n".join(out) + "\n")
print("\n".join(out))
EOF

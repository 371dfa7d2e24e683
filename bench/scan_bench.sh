#!/usr/bin/env bash
# Time `phiscrub scan` over a folder of log fixtures (issue 5: 1,000 files
# of typical size in well under a second).
#   bench/scan_bench.sh [--bin PATH] [--files N] [--reps N] [--tag NAME]
# Generates N fixture files of 2-20 KB (bench/gen_fixtures.py) under
# bench/corpus/, warms the compiled-rules cache (bench/out/scan-cache), then
# runs the scan --reps times with the default jobs (every CPU) and with -j 1,
# and once over a single small file (start-up alone). Writes the raw rows
# and the medians to bench/results/DATE-TAG-scan.{tsv,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/phiscrub
files=1000
reps=5
tag=$(git rev-parse --short HEAD 2>/dev/null || echo local)
while (($#)); do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    *) echo "usage: $0 [--bin PATH] [--files N] [--reps N] [--tag NAME]" >&2; exit 2 ;;
  esac
done
[[ -x $bin ]] || { echo "scan_bench: no program at $bin (build first, or --bin)" >&2; exit 2; }
corpus=bench/corpus/fixtures-$files
if [[ ! -d $corpus ]]; then
  python3 bench/gen_fixtures.py --files "$files" -o "$corpus"
fi
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
nfiles=$(find "$corpus" -type f | wc -l)
mkdir -p bench/out bench/results
export PHISCRUB_CACHE_DIR=$PWD/bench/out/scan-cache
one=$(find "$corpus" -type f | sort | head -n 1)
"$bin" scan -q --exit-zero -o /dev/null "$one" # fills the cache (seconds, once)

date_=$(date -u +%F)
# other work on the machine shows in the wall times: say how busy it was
load0=$(cut -d' ' -f1-3 /proc/loadavg)
tsv=bench/results/$date_-$tag-scan.tsv
printf 'case\trep\twall_s\tuser_s\tsys_s\tmax_rss_kib\texit\n' > "$tsv"
run() { # case rep args...
  local name=$1 rep=$2 t
  shift 2
  t=$(mktemp)
  set +e
  /usr/bin/time -o "$t" -f '%e\t%U\t%S\t%M\t%x' "$bin" scan -q --exit-zero -o /dev/null "$@"
  set -e
  printf '%s\t%s\t%s\n' "$name" "$rep" "$(tail -n 1 "$t")" >> "$tsv"
  rm -f "$t"
}
for ((i = 1; i <= reps; i++)); do
  run "all CPUs ($(nproc))" "$i" "$corpus"
  run "-j 1" "$i" -j 1 "$corpus"
  run "start-up (one file)" "$i" "$one"
done

md=bench/results/$date_-$tag-scan.md
python3 - "$tsv" "$md" "$nfiles" "$bytes" "$tag" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import csv, statistics, sys, platform
tsv, md, nfiles, nbytes, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
load0, load1 = sys.argv[6], sys.argv[7]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
cases = []
for r in rows:
    if r["case"] not in cases:
        cases.append(r["case"])
cpu = "unknown"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
with open(md, "w") as f:
    f.write(f"# phiscrub scan benchmark ({tag})\n\n")
    f.write(f"{nfiles} fixture files, {nbytes:,} bytes (bench/gen_fixtures.py), warm cache, "
            f"median of {len([r for r in rows if r['case'] == cases[0]])}.\n")
    f.write(f"Machine: {cpu}, {open('/proc/cpuinfo').read().count('processor')} CPUs, "
            f"{platform.system()} {platform.release()}. Load average (1, 5, 15 min) "
            f"before: {load0}, after: {load1}. Raw rows: {tsv.split('/')[-1]}.\n\n")
    f.write("| case | wall s | range s | user s | sys s | MB/s (wall) | peak RSS MiB |\n")
    f.write("|---|---:|---:|---:|---:|---:|---:|\n")
    for c in cases:
        rs = [r for r in rows if r["case"] == c]
        w = [float(r["wall_s"]) for r in rs]
        mb = "" if c.startswith("start-up") else f"{nbytes / 1e6 / statistics.median(w):.0f}"
        f.write(f"| {c} | {statistics.median(w):.3f} | {min(w):.2f}-{max(w):.2f} | "
                f"{statistics.median(float(r['user_s']) for r in rs):.2f} | "
                f"{statistics.median(float(r['sys_s']) for r in rs):.2f} | {mb} | "
                f"{max(int(r['max_rss_kib']) for r in rs) / 1024:.1f} |\n")
print(open(md).read())
PY

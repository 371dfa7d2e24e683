#!/usr/bin/env bash
# phiscrub benchmark harness. One run measures, on the same corpus files held
# in the page cache:
#
#   main     phiscrub (Vectorscan build), phiscrub (Intel Hyperscan build),
#            sed -E, rg --passthru -r, rg --no-mmap, cat: wall time -> MB/s
#            and peak RSS; plus phiscrub pinned to one CPU, and each
#            phiscrub build's start-up (rule compile) on empty input.
#   rss      phiscrub on 100M / 500M / 1G / 2G corpora: peak RSS must stay
#            flat as the input grows.
#   cat      per category: the whole set, the set minus one category
#            (-d CAT), one category alone (-d all -e CAT).
#   rule     per rule: each enabled bundled rule alone (-r DIR).
#
# Every measurement is repeated REPS times (default 3), round-robin over the
# tools so that drift hits all of them alike; summaries use the median.
# MB = 10^6 bytes. Timing: /usr/bin/time -f '%e %M %U %S' for peak RSS and
# CPU time, and a nanosecond clock around it for wall time.
#
# Usage: bench/run.sh [--main-size 1G] [--sizes "100M 500M 1G 2G"]
#                     [--analysis-size 500M] [--reps 3] [--label LABEL]
#                     [--no-build] [--skip main,rss,cat,rule] [--keep-corpora]
#
# Results: bench/results/<date>-<label>.tsv (one row per run),
#          .json (medians, MB/s, machine, corpus) and .md (tables), written
#          by bench/summarize.py. Corpora go to bench/corpus/ (gitignored);
#          those over 100M are deleted at the end unless --keep-corpora.
#
# As root, installs what it needs and is missing (Debian packages `time`,
# `ripgrep`). The Intel Hyperscan build uses a private prefix (/tmp/hs540,
# from `apt-get download libhyperscan5 libhyperscan-dev` + `dpkg -x`):
# libhyperscan-dev conflicts with libvectorscan-dev and is never installed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
CORPUS_DIR=$BENCH/corpus
RESULTS_DIR=$BENCH/results
BUILD_VS=$ROOT/build-bench
BUILD_HS=$ROOT/build-bench-hs
HS_PREFIX=${HS_PREFIX:-/tmp/hs540}

MAIN_SIZE=1G
SIZES="100M 500M 1G 2G"
ANALYSIS_SIZE=500M
REPS=3
LABEL=""
BUILD=1
SKIP=""
KEEP=0
SEED=20240301

while [ $# -gt 0 ]; do
    case $1 in
    --main-size) MAIN_SIZE=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --analysis-size) ANALYSIS_SIZE=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --skip) SKIP=$2; shift 2 ;;
    --keep-corpora) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
skipped() { case ",$SKIP," in *",$1,"*) return 0 ;; esac; return 1; }

export LC_ALL=C   # byte semantics for every tool; GNU sed is far slower in UTF-8
log() { printf '[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ------------------------------------------------------------ prerequisites
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v rg >/dev/null || need_pkgs+=(ripgrep)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        log "installing ${need_pkgs[*]}"
        apt-get install -y "${need_pkgs[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${need_pkgs[@]}" >/dev/null; }
    else
        echo "run.sh: missing ${need_pkgs[*]} (run as root to install them)" >&2
        exit 2
    fi
fi
for t in python3 cmake sed cat taskset pkg-config; do
    command -v $t >/dev/null || { echo "run.sh: $t not found" >&2; exit 2; }
done

# Intel Hyperscan 5.4.0 in a private prefix.
setup_hs() {
    local pc=$HS_PREFIX/usr/lib/x86_64-linux-gnu/pkgconfig/libhs.pc
    if [ ! -f "$pc" ]; then
        log "fetching Intel Hyperscan into $HS_PREFIX (apt-get download + dpkg -x; not installed)"
        local dl
        dl=$(mktemp -d /tmp/hsdl.XXXXXX)
        (cd "$dl" && apt-get download libhyperscan5 libhyperscan-dev >/dev/null 2>&1)
        mkdir -p "$HS_PREFIX"
        for d in "$dl"/*.deb; do dpkg -x "$d" "$HS_PREFIX"; done
        rm -rf "$dl"
    fi
    # Point the .pc file at the private prefix (idempotent).
    sed -i "s#^prefix=.*#prefix=$HS_PREFIX/usr#; s#^exec_prefix=.*#exec_prefix=\${prefix}#; \
s#^libdir=.*#libdir=\${prefix}/lib/x86_64-linux-gnu#; s#^includedir=.*#includedir=\${prefix}/include#" "$pc"
}
HS_LIBDIR=$HS_PREFIX/usr/lib/x86_64-linux-gnu

TMP=$(mktemp -d /tmp/phsbench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# The rules the binaries embed are read from patterns/ at build time; other
# people may edit patterns/ while this runs, so the per-rule section works on
# this snapshot, and a change during the build is reported.
rules_hash() { cat "$ROOT"/patterns/*.rules | sha256sum | cut -c1-16; }
cp -r "$ROOT/patterns" "$TMP/patterns"
RULES_HASH=$(rules_hash)

if [ $BUILD = 1 ]; then
    setup_hs
    log "building $BUILD_VS (libhs from the system: Vectorscan)"
    { cmake -S "$ROOT" -B "$BUILD_VS" -DCMAKE_BUILD_TYPE=Release -DPHISCRUB_BUILD_TESTS=OFF &&
      cmake --build "$BUILD_VS" -j2 --target phiscrub_cli; } >"$TMP/build-vs.log" 2>&1 ||
        { tail -30 "$TMP/build-vs.log" >&2; exit 2; }
    log "building $BUILD_HS (libhs from $HS_PREFIX: Intel Hyperscan)"
    { PKG_CONFIG_PATH=$HS_LIBDIR/pkgconfig \
        cmake -S "$ROOT" -B "$BUILD_HS" -DCMAKE_BUILD_TYPE=Release -DPHISCRUB_BUILD_TESTS=OFF &&
      cmake --build "$BUILD_HS" -j2 --target phiscrub_cli; } >"$TMP/build-hs.log" 2>&1 ||
        { tail -30 "$TMP/build-hs.log" >&2; exit 2; }
fi
PHS_VS=$BUILD_VS/phiscrub
PHS_HS=$BUILD_HS/phiscrub
# What the binaries were built from: recorded when this script builds them,
# read back with --no-build (the tree may have moved on since).
BUILD_RECORD=$BUILD_VS/bench-build.json
if [ $BUILD = 1 ]; then
    python3 - "$BUILD_RECORD" <<EOF
import json, subprocess, sys, time
sh = lambda c: subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
json.dump({"head": sh("git -C $ROOT rev-parse HEAD"),
           "dirty_files": len([l for l in sh("git -C $ROOT status --porcelain --untracked-files=no").splitlines() if l]),
           "diff_sha256": sh("git -C $ROOT diff HEAD | sha256sum | cut -c1-16"),
           "rules_sha256": "$RULES_HASH",
           "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, open(sys.argv[1], "w"))
EOF
fi
[ -x "$PHS_VS" ] || { echo "run.sh: $PHS_VS missing (drop --no-build)" >&2; exit 2; }
# Each binary must load the libhs it was built for.
vs_lib=$(ldd "$PHS_VS" | awk '/libhs\.so/ {print $3}')
HAVE_HS=0
if [ -x "$PHS_HS" ]; then
    hs_lib=$(LD_LIBRARY_PATH=$HS_LIBDIR ldd "$PHS_HS" | awk '/libhs\.so/ {print $3}')
    case $hs_lib in "$HS_LIBDIR"/*) HAVE_HS=1 ;; *) log "warning: $PHS_HS loads $hs_lib, not $HS_LIBDIR: skipping it" ;; esac
fi
RULES_CHANGED=false
if [ "$(rules_hash)" != "$RULES_HASH" ]; then
    RULES_CHANGED=true
    log "warning: patterns/ changed during the build; the per-rule section uses the snapshot taken before it"
fi
# Compiled-database cache (phiscrub builds that have --no-cache): a private
# cache per build, so runs neither read nor fill ~/.cache and the two libhs
# builds never share serialized databases.
NOCACHE=()
if "$PHS_VS" --help 2>/dev/null | grep -q -- '--no-cache'; then NOCACHE=(--no-cache); fi
VS=(env PHISCRUB_CACHE_DIR="$TMP/cache-vs" "$PHS_VS")
HS=(env LD_LIBRARY_PATH="$HS_LIBDIR" PHISCRUB_CACHE_DIR="$TMP/cache-hs" "$PHS_HS")
log "vectorscan build loads $vs_lib"
[ $HAVE_HS = 1 ] && log "hyperscan build loads $hs_lib"

# ------------------------------------------------------------------ corpora
mkdir -p "$CORPUS_DIR" "$RESULTS_DIR"
corpus() { # size -> path (generated once per seed)
    local f=$CORPUS_DIR/s$SEED-$1.log
    if [ ! -s "$f" ] || [ ! -s "$f.stats.json" ]; then
        log "generating $1 corpus"
        python3 "$BENCH/gen_corpus.py" --size "$1" --seed $SEED -o "$f.tmp" --stats "$f.stats.json" 2>/dev/null
        mv "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}
skipped main && MAIN_SIZE=$ANALYSIS_SIZE
skipped rss && SIZES=""
ALL_SIZES=$(printf '%s\n' $SIZES $MAIN_SIZE $ANALYSIS_SIZE 100M | awk '!seen[$0]++')
for s in $ALL_SIZES; do corpus "$s" >/dev/null; done
MAIN=$(corpus "$MAIN_SIZE")
ANALYSIS=$(corpus "$ANALYSIS_SIZE")
SMALL=$(corpus 100M)

warm() { for f in "$@"; do dd if="$f" of=/dev/null bs=1M status=none; done; }

# ------------------------------------------------------------------ output
DATE=$(date -u +%Y-%m-%d)
if [ -z "$LABEL" ]; then
    LABEL=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //; s/[^A-Za-z0-9]\+/-/g; s/-$//' | tr A-Z a-z)-$(nproc)cpu
fi
OUT=$RESULTS_DIR/$DATE-$LABEL
TSV=$OUT.tsv
META=$OUT.meta.json
printf 'section\tname\tconfig\tcorpus\tbytes\trep\twall_s\tmaxrss_kb\tuser_s\tsys_s\texit\n' >"$TSV"

# measure SECTION NAME CONFIG CORPUS REP cmd...  (stdout -> /dev/null)
measure() {
    local section=$1 name=$2 config=$3 corpus=$4 rep=$5
    shift 5
    local bytes=0
    [ "$corpus" != /dev/null ] && bytes=$(stat -c %s "$corpus")
    local t0 t1 rc=0
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" || rc=$?
    t1=$(date +%s%N)
    read -r _e rss usr sys <"$TMP/time" || true
    # /usr/bin/time prepends "Command exited with non-zero status N" on failure
    if [ $rc != 0 ]; then
        read -r _e rss usr sys < <(tail -1 "$TMP/time")
        log "warning: $name [$config] exited $rc: $(head -c 300 "$TMP/err")"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%.4f\t%s\t%s\t%s\t%s\n' "$section" "$name" "$config" \
        "$(basename "$corpus")" "$bytes" "$rep" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" \
        "$rss" "$usr" "$sys" "$rc" >>"$TSV"
}
command -v bc >/dev/null || { echo "run.sh: bc not found" >&2; exit 2; }

# The three comparison patterns, written once as POSIX ERE using only
# constructs GNU sed -E and ripgrep read alike; both tools get these strings.
P_SSN='[0-9]{3}-[0-9]{2}-[0-9]{4}'
P_DATE='(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'
P_PHONE='\(?[0-9]{3}\)?[-. ]?[0-9]{3}[-.][0-9]{4}'
REPL='[REDACTED]'
SED_ARGS=(-E -e "s/$P_SSN/$REPL/g" -e "s/$P_DATE/$REPL/g" -e "s/$P_PHONE/$REPL/g")
RG_ARGS=(--no-config --passthru -N -r "$REPL" -e "$P_SSN" -e "$P_DATE" -e "$P_PHONE")


# ------------------------------------------------------------ metadata
log "sanity: sed and rg give the same output on the 100M corpus"
sed "${SED_ARGS[@]}" "$SMALL" >"$TMP/sed.out"
rg "${RG_ARGS[@]}" "$SMALL" >"$TMP/rg.out" || true
SED_RG_SAME=false
cmp -s "$TMP/sed.out" "$TMP/rg.out" && SED_RG_SAME=true
REDACTED_LINES=$(grep -c -F "$REPL" "$TMP/rg.out" || true)
"${VS[@]}" --report "$TMP/report.json" "$SMALL" >"$TMP/phs.out"
PHS_OUT_BYTES=$(stat -c %s "$TMP/phs.out")
PHS_HS_SAME=null
if [ $HAVE_HS = 1 ]; then
    "${HS[@]}" "$SMALL" >"$TMP/phs-hs.out"
    PHS_HS_SAME=false
    cmp -s "$TMP/phs.out" "$TMP/phs-hs.out" && PHS_HS_SAME=true
fi
rm -f "$TMP"/*.out

python3 - "$META" <<EOF
import json, os, platform, subprocess, sys
def sh(c):
    try:
        return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return ""
cpu = ""
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip(); break
fam = sh("lscpu | sed -n 's/^CPU family: *//p'")
corp = {}
for f in sorted(set(["$MAIN", "$ANALYSIS", "$SMALL"] + ["$CORPUS_DIR/s$SEED-%s.log" % s for s in "$SIZES".split()])):
    st = json.load(open(f + ".stats.json"))
    corp[os.path.basename(f)] = st
meta = {
    "date": "$DATE", "label": "$LABEL", "reps": $REPS,
    "machine": {"nproc": int(sh("nproc")), "cpu_model": cpu, "cpu_family": fam,
                "flags_avx2": "avx2" in open("/proc/cpuinfo").read(),
                "flags_avx512bw": "avx512bw" in open("/proc/cpuinfo").read(),
                "mem_total": sh("awk '/MemTotal/ {print \$2\" kB\"}' /proc/meminfo"),
                "kernel": platform.release(), "virtualized": "hypervisor" in open("/proc/cpuinfo").read(),
                "loadavg_at_start": open("/proc/loadavg").read().split()[:3]},
    "source": json.load(open("$BUILD_RECORD")) if os.path.exists("$BUILD_RECORD") else {"head": sh("git -C $ROOT rev-parse HEAD"),
               "dirty_files": len([l for l in sh("git -C $ROOT status --porcelain --untracked-files=no").splitlines() if l]),
               "diff_sha256": sh("git -C $ROOT diff HEAD | sha256sum | cut -c1-16"),
               "rules_sha256": "$RULES_HASH", "note": "no build record: tree state at run time"},
    "build": {"reused": $BUILD == 0, "rules_changed_during_build": "$RULES_CHANGED" == "true",
              "db_cache": "private per build (PHISCRUB_CACHE_DIR)" if "${NOCACHE[*]}" else "not supported by this build",
              "rules": int(sh("$PHS_VS --list-rules | wc -l") or 0),
              "rules_active": int(sh("$PHS_VS --list-rules | awk '\$3==\"on\"' | wc -l") or 0),
              "phiscrub_sha256": sh("sha256sum $PHS_VS | cut -c1-16")},
    "tools": {"phiscrub": sh("$PHS_VS -V"),
              "vectorscan": sh("pkg-config --modversion libhs") + " (" + "$vs_lib" + ")",
              "hyperscan": (sh("PKG_CONFIG_PATH=$HS_LIBDIR/pkgconfig pkg-config --modversion libhs") + " ($HS_LIBDIR)") if $HAVE_HS else None,
              "pcre2": sh("pkg-config --modversion libpcre2-8"),
              "cc": sh("cc --version | head -1"),
              "sed": sh("sed --version | head -1"), "rg": sh("rg --version | head -1"),
              "cat": sh("cat --version | head -1"), "time": sh("/usr/bin/time --version 2>&1 | head -1")},
    "patterns": {"ssn": r"""$P_SSN""", "date": r"""$P_DATE""", "phone": r"""$P_PHONE""",
                 "replacement": "$REPL"},
    "sanity": {"sed_equals_rg_on_100M": "$SED_RG_SAME" == "true", "rg_redacted_lines_100M": int("$REDACTED_LINES" or 0),
               "phiscrub_vectorscan_equals_hyperscan_on_100M": {"true": True, "false": False}.get("$PHS_HS_SAME"),
               "phiscrub_output_bytes_100M": $PHS_OUT_BYTES,
               "phiscrub_report_100M": json.load(open("$TMP/report.json"))},
    "corpora": corp,
    "main_corpus": os.path.basename("$MAIN"), "analysis_corpus": os.path.basename("$ANALYSIS"),
}
json.dump(meta, open(sys.argv[1], "w"), indent=1)
EOF

# ------------------------------------------------------------ main table
if ! skipped main; then
log "main: $MAIN_SIZE corpus, $REPS rounds"
warm "$MAIN"
# fill the caches (the sanity step above did for the Vectorscan build)
"${VS[@]}" /dev/null >/dev/null
[ $HAVE_HS = 1 ] && "${HS[@]}" /dev/null >/dev/null
for rep in $(seq 1 "$REPS"); do
    # start-up: as run by default (cache warm, where supported) and cold
    measure startup phiscrub-vectorscan bundled /dev/null "$rep" "${VS[@]}" /dev/null
    [ $HAVE_HS = 1 ] && measure startup phiscrub-hyperscan bundled /dev/null "$rep" "${HS[@]}" /dev/null
    if [ ${#NOCACHE[@]} -gt 0 ]; then
        measure startup-cold phiscrub-vectorscan bundled /dev/null "$rep" "${VS[@]}" --no-cache /dev/null
        [ $HAVE_HS = 1 ] && measure startup-cold phiscrub-hyperscan bundled /dev/null "$rep" "${HS[@]}" --no-cache /dev/null
    fi
    measure main phiscrub-vectorscan bundled "$MAIN" "$rep" "${VS[@]}" "$MAIN"
    [ $HAVE_HS = 1 ] && measure main phiscrub-hyperscan bundled "$MAIN" "$rep" "${HS[@]}" "$MAIN"
    measure main phiscrub-vectorscan-1cpu bundled "$MAIN" "$rep" taskset -c 1 "${VS[@]}" "$MAIN"
    measure main sed-E 3-patterns "$MAIN" "$rep" sed "${SED_ARGS[@]}" "$MAIN"
    measure main rg 3-patterns "$MAIN" "$rep" rg "${RG_ARGS[@]}" "$MAIN"
    measure main rg-no-mmap 3-patterns "$MAIN" "$rep" rg --no-mmap "${RG_ARGS[@]}" "$MAIN"
    measure main cat - "$MAIN" "$rep" cat "$MAIN"
done
fi

# ------------------------------------------------------------ RSS vs size
if ! skipped rss; then
    for s in $SIZES; do
        f=$(corpus "$s")
        log "rss: $s"
        warm "$f"
        for rep in $(seq 1 "$REPS"); do
            measure rss phiscrub-vectorscan bundled "$f" "$rep" "${VS[@]}" "$f"
        done
    done
fi

# ------------------------------------------------------------ per category
CATS="SSN MRN PATIENT_ID MEMBER_ID ACCOUNT_ID ENCOUNTER_ID NAME DATE PHONE FAX EMAIL IP URL ZIP ADDRESS AGE"
if ! skipped cat; then
    # only the categories the bundled rules use
    used=$("${VS[@]}" --list-rules | awk '{print $2}' | sort -u)
    log "per category on $ANALYSIS_SIZE: $(echo $used)"
    warm "$ANALYSIS"
    for rep in $(seq 1 "$REPS"); do
        measure cat phiscrub-vectorscan all "$ANALYSIS" "$rep" "${VS[@]}" "${NOCACHE[@]}" "$ANALYSIS"
        measure catstart phiscrub-vectorscan all /dev/null "$rep" "${VS[@]}" "${NOCACHE[@]}" /dev/null
        measure cat phiscrub-vectorscan none "$ANALYSIS" "$rep" "${VS[@]}" "${NOCACHE[@]}" -d all "$ANALYSIS"
        for c in $CATS; do
            echo "$used" | grep -qx "$c" || continue
            measure cat phiscrub-vectorscan "without:$c" "$ANALYSIS" "$rep" "${VS[@]}" "${NOCACHE[@]}" -d "$c" "$ANALYSIS"
            measure catstart phiscrub-vectorscan "without:$c" /dev/null "$rep" "${VS[@]}" "${NOCACHE[@]}" -d "$c" /dev/null
            measure cat phiscrub-vectorscan "only:$c" "$ANALYSIS" "$rep" "${VS[@]}" "${NOCACHE[@]}" -d all -e "$c" "$ANALYSIS"
            measure catstart phiscrub-vectorscan "only:$c" /dev/null "$rep" "${VS[@]}" "${NOCACHE[@]}" -d all -e "$c" /dev/null
        done
    done
fi

# ------------------------------------------------------------ per rule
if ! skipped rule; then
    log "per rule on $ANALYSIS_SIZE"
    python3 - "$TMP/patterns" "$TMP/rules" <<'EOF'
# One folder per enabled rule: every define of the set (in file order), then
# the rule's own section.
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
EOF
    warm "$ANALYSIS"
    for rep in $(seq 1 "$REPS"); do
        measure rule phiscrub-vectorscan none "$ANALYSIS" "$rep" "${VS[@]}" "${NOCACHE[@]}" -d all "$ANALYSIS"
        for d in "$TMP"/rules/*/; do
            r=$(basename "$d")
            measure rule phiscrub-vectorscan "only:$r" "$ANALYSIS" "$rep" "${VS[@]}" "${NOCACHE[@]}" --no-default-rules -r "$d" "$ANALYSIS"
            measure rulestart phiscrub-vectorscan "only:$r" /dev/null "$rep" "${VS[@]}" "${NOCACHE[@]}" --no-default-rules -r "$d" /dev/null
        done
    done
fi

python3 - "$META" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["machine"]["loadavg_at_end"] = open("/proc/loadavg").read().split()[:3]
json.dump(m, open(sys.argv[1], "w"), indent=1)
EOF

log "summarizing"
python3 "$BENCH/summarize.py" "$TSV" "$META"

if [ $KEEP = 0 ]; then
    for s in $ALL_SIZES; do
        [ "$s" = 100M ] && continue
        rm -f "$CORPUS_DIR/s$SEED-$s.log"
    done
fi
log "done: $OUT.{tsv,json,md}"

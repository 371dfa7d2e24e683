#!/usr/bin/env bash
# phiscrub benchmark harness. Sections (--sections, default main,startup,scaling):
#
#   main     MB/s side by side on two corpus kinds, ours (gen_corpus.py) and
#            a mixed log (gen_mixed.py), in the page cache, output to
#            /dev/null: phiscrub -j 1, -j 1 pinned to one CPU, -j 2; sed -E
#            and rg --passthru -r (with and without --no-mmap) with the HEAVY
#            pattern set (SSN, ISO date, phone: the ISO date rewrites every
#            log timestamp) and the LIGHT set (SSN, US date m/d/yyyy, phone:
#            rarely matching, as PHI does); cat. With --hyperscan, also an
#            Intel Hyperscan build of phiscrub.
#   startup  one short line: cold (a new, empty cache folder: the first run
#            after install) and warm; the whole run with the input at EOF,
#            and the time to the first output byte with the pipe left open
#            (bench/startup.py); and the latency of a line on a quiet pipe
#            once phiscrub is up (quiet-line: a second line after 0.3 s of
#            silence, write to output); -j 1 and -j 2.
#   scaling  phiscrub -j 1..max(2, nproc) on both corpora, and -j N -d all
#            (no rules: what is left is the serial part of -j: read, split,
#            ordered write), for the scaling model in docs/benchmarks.md.
#   rss      peak RSS of phiscrub on growing corpora (--sizes).
#   cat      per category: the whole set, minus one category, one alone.
#   rule     per rule: each enabled bundled rule alone (-r DIR).
#
# Each measurement is repeated REPS times, round-robin over the commands so
# that drift hits all alike; the summary gives the best (fastest) run and
# the median. MB = 10^6 bytes. Wall time from a nanosecond clock; CPU time
# and peak RSS from /usr/bin/time. The machine (lscpu model, nproc, load
# average before and after) goes into the result.
#
# Usage: bench/run.sh [--sections LIST] [--skip LIST] [--main-size 200M]
#                     [--sizes "100M 500M 1G"] [--analysis-size 100M]
#                     [--reps 5] [--label LABEL] [--no-build] [--hyperscan]
#                     [--keep-corpora]
#
# Results: bench/results/<date>-<label>.tsv (one row per run), .json
# (medians, best, MB/s, machine, corpora) and .md (tables), written by
# bench/summarize.py. Corpora go to bench/corpus/ (gitignored); those over
# 100M are deleted at the end unless --keep-corpora.
#
# Needs rg, GNU time and bc: `scripts/setup.sh --bench` installs them
# (ripgrep, time, bc, linux-perf), and this script runs it when one is
# missing and it is root. The Intel Hyperscan build (--hyperscan) uses a
# private prefix (/tmp/hs540, from `apt-get download libhyperscan5
# libhyperscan-dev` + `dpkg -x`): libhyperscan-dev conflicts with
# libvectorscan-dev and is never installed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
CORPUS_DIR=$BENCH/corpus
RESULTS_DIR=$BENCH/results
BUILD_VS=$ROOT/build-bench
BUILD_HS=$ROOT/build-bench-hs
HS_PREFIX=${HS_PREFIX:-/tmp/hs540}

SECTIONS=main,startup,scaling
MAIN_SIZE=200M
SIZES="100M 500M 1G"
ANALYSIS_SIZE=100M
REPS=5
LABEL=""
BUILD=1
SKIP=""
KEEP=0
WITH_HS=0
SEED=20240301
MIXED_SEED=20240601

while [ $# -gt 0 ]; do
    case $1 in
    --sections) SECTIONS=$2; shift 2 ;;
    --skip) SKIP=$2; shift 2 ;;
    --main-size) MAIN_SIZE=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --analysis-size) ANALYSIS_SIZE=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --hyperscan) WITH_HS=1; shift ;;
    --keep-corpora) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
want() { case ",$SECTIONS," in *",$1,"*) ;; *) return 1 ;; esac
         case ",$SKIP," in *",$1,"*) return 1 ;; esac; return 0; }

export LC_ALL=C   # byte semantics for every tool; GNU sed is far slower in UTF-8
log() { printf '[run.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ------------------------------------------------------------ prerequisites
missing=""
[ -x /usr/bin/time ] || missing="$missing time"
command -v rg >/dev/null || missing="$missing rg"
command -v bc >/dev/null || missing="$missing bc"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        log "missing:$missing; running scripts/setup.sh --bench"
        "$ROOT/scripts/setup.sh" --bench
    else
        echo "run.sh: missing$missing: run scripts/setup.sh --bench as root" >&2
        exit 2
    fi
fi
for t in python3 cmake sed cat taskset rg bc; do
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
    sed -i "s#^prefix=.*#prefix=$HS_PREFIX/usr#; s#^exec_prefix=.*#exec_prefix=\${prefix}#; \
s#^libdir=.*#libdir=\${prefix}/lib/x86_64-linux-gnu#; s#^includedir=.*#includedir=\${prefix}/include#" "$pc"
}
HS_LIBDIR=$HS_PREFIX/usr/lib/x86_64-linux-gnu

TMP=$(mktemp -d /tmp/phsbench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# Other people may edit patterns/ while this runs: the per-rule section
# works on this snapshot, and a change during the build is reported.
rules_hash() { cat "$ROOT"/patterns/*.rules | sha256sum | cut -c1-16; }
cp -r "$ROOT/patterns" "$TMP/patterns"
RULES_HASH=$(rules_hash)

build() { # dir [env...]
    local dir=$1
    shift
    { env "$@" cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DPHISCRUB_BUILD_TESTS=OFF &&
      cmake --build "$dir" -j2 --target phiscrub_cli; } >"$TMP/build.log" 2>&1 ||
        { tail -30 "$TMP/build.log" >&2; exit 2; }
}
if [ $BUILD = 1 ]; then
    log "building $BUILD_VS (libhs from the system)"
    build "$BUILD_VS"
    if [ $WITH_HS = 1 ]; then
        setup_hs
        log "building $BUILD_HS (libhs from $HS_PREFIX: Intel Hyperscan)"
        build "$BUILD_HS" PKG_CONFIG_PATH="$HS_LIBDIR/pkgconfig"
    fi
fi
PHS_VS=$BUILD_VS/phiscrub
PHS_HS=$BUILD_HS/phiscrub
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
vs_lib=$(ldd "$PHS_VS" | awk '/libhs\.so/ {print $3}')
HAVE_HS=0
if [ $WITH_HS = 1 ] && [ -x "$PHS_HS" ]; then
    hs_lib=$(LD_LIBRARY_PATH=$HS_LIBDIR ldd "$PHS_HS" | awk '/libhs\.so/ {print $3}')
    case $hs_lib in "$HS_LIBDIR"/*) HAVE_HS=1 ;; *) log "warning: $PHS_HS loads $hs_lib, not $HS_LIBDIR: skipping it" ;; esac
fi
RULES_CHANGED=false
[ "$(rules_hash)" != "$RULES_HASH" ] && { RULES_CHANGED=true; log "warning: patterns/ changed during the build"; }
# A private compiled-database cache per build: runs neither read nor fill
# ~/.cache, and the two libhs builds never share serialized databases.
VS=(env PHISCRUB_CACHE_DIR="$TMP/cache-vs" "$PHS_VS")
HS=(env LD_LIBRARY_PATH="$HS_LIBDIR" PHISCRUB_CACHE_DIR="$TMP/cache-hs" "$PHS_HS")
# With --rules adding to the bundled set, a rule alone needs the switch
# that replaces it.
RULES_ONLY=()
"$PHS_VS" --help | grep -q -- '--no-default-rules' && RULES_ONLY=(--no-default-rules)
NPROC=$(nproc)
MAXJ=$NPROC
[ "$MAXJ" -ge 2 ] || MAXJ=2

# ------------------------------------------------------------------ corpora
mkdir -p "$CORPUS_DIR" "$RESULTS_DIR"
corpus() { # kind size -> path (generated once per seed)
    local f gen seed
    if [ "$1" = ours ]; then f=$CORPUS_DIR/s$SEED-$2.log; gen=gen_corpus.py; seed=$SEED
    else f=$CORPUS_DIR/mixed-$2.log; gen=gen_mixed.py; seed=$MIXED_SEED; fi
    if [ ! -s "$f" ] || [ ! -s "$f.stats.json" ]; then
        log "generating $1 $2 corpus"
        python3 "$BENCH/$gen" --size "$2" --seed $seed -o "$f.tmp" --stats "$f.stats.json" 2>/dev/null
        mv "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}
warm() { for f in "$@"; do dd if="$f" of=/dev/null bs=1M status=none; done; }

DATE=$(date -u +%Y-%m-%d)
if [ -z "$LABEL" ]; then
    LABEL=$(lscpu | sed -n 's/^Model name: *//p' | head -1 | sed 's/[^A-Za-z0-9]\+/-/g; s/-$//' | tr A-Z a-z)-${NPROC}cpu
fi
OUT=$RESULTS_DIR/$DATE-$LABEL
TSV=$OUT.tsv
META=$OUT.meta.json
printf 'section\tname\tconfig\tcorpus\tbytes\trep\twall_s\tmaxrss_kb\tuser_s\tsys_s\texit\tfirst_byte_s\n' >"$TSV"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

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
    read -r _e rss usr sys < <(tail -1 "$TMP/time")
    [ $rc = 0 ] || log "warning: $name [$config] exited $rc: $(head -c 300 "$TMP/err")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%.4f\t%s\t%s\t%s\t%s\t\n' "$section" "$name" "$config" \
        "$(basename "$corpus")" "$bytes" "$rep" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" \
        "$rss" "$usr" "$sys" "$rc" >>"$TSV"
}
# startup_row NAME CONFIG REP startup.py-args...
startup_row() {
    local name=$1 config=$2 rep=$3
    shift 3
    local r
    r=$(python3 "$BENCH/startup.py" "$@")
    read -r fb total usr sys rss code <<<"$r"
    printf 'startup\t%s\t%s\t-\t0\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$config" "$rep" "$total" "$rss" \
        "$usr" "$sys" "$code" "$fb" >>"$TSV"
}

# The comparison patterns, written once as POSIX ERE that GNU sed -E and
# ripgrep read alike; both tools get these strings.
P_SSN='[0-9]{3}-[0-9]{2}-[0-9]{4}'
P_ISO='(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'
P_US='(0?[1-9]|1[0-2])/(0?[1-9]|[12][0-9]|3[01])/(19|20)[0-9]{2}'
P_PHONE='\(?[0-9]{3}\)?[-. ]?[0-9]{3}[-.][0-9]{4}'
REPL='[REDACTED]'
SED_HEAVY=(-E -e "s#$P_SSN#$REPL#g" -e "s#$P_ISO#$REPL#g" -e "s#$P_PHONE#$REPL#g")
SED_LIGHT=(-E -e "s#$P_SSN#$REPL#g" -e "s#$P_US#$REPL#g" -e "s#$P_PHONE#$REPL#g")
RG_HEAVY=(--no-config --passthru -N -r "$REPL" -e "$P_SSN" -e "$P_ISO" -e "$P_PHONE")
RG_LIGHT=(--no-config --passthru -N -r "$REPL" -e "$P_SSN" -e "$P_US" -e "$P_PHONE")

# ------------------------------------------------------------ sanity + meta
SMALL_OURS=$(corpus ours 100M)
SMALL_MIXED=$(corpus mixed 100M)
"${VS[@]}" /dev/null >/dev/null  # fill the cache
sanity() { # corpus -> json object
    local f=$1 k
    local res="{"
    for k in heavy light; do
        local -n sa=SED_${k^^} ra=RG_${k^^}
        sed "${sa[@]}" "$f" >"$TMP/sed.out"
        rg "${ra[@]}" "$f" >"$TMP/rg.out" || true
        local same=false
        cmp -s "$TMP/sed.out" "$TMP/rg.out" && same=true
        res="$res\"sed_equals_rg_$k\": $same, \"rg_lines_changed_$k\": $(grep -c -F "$REPL" "$TMP/rg.out" || true), "
    done
    "${VS[@]}" --report "$TMP/report.json" "$f" >"$TMP/p1.out"
    "${VS[@]}" -j 2 "$f" >"$TMP/p2.out"
    local jsame=false
    cmp -s "$TMP/p1.out" "$TMP/p2.out" && jsame=true
    res="$res\"phiscrub_j2_equals_j1\": $jsame, \"phiscrub_output_bytes\": $(stat -c %s "$TMP/p1.out"), \"phiscrub_report\": $(cat "$TMP/report.json")}"
    rm -f "$TMP"/*.out
    printf '%s' "$res"
}
log "sanity: sed = rg, phiscrub -j 2 = -j 1, on the 100M corpora"
SANITY_OURS=$(sanity "$SMALL_OURS")
SANITY_MIXED=$(sanity "$SMALL_MIXED")

python3 - "$META" <<EOF
import json, os, platform, subprocess, sys
def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
flags = open("/proc/cpuinfo").read()
meta = {
    "date": "$DATE", "label": "$LABEL", "reps": $REPS, "sections": "$SECTIONS", "skip": "$SKIP",
    "main_size": "$MAIN_SIZE",
    "machine": {"nproc": $NPROC, "cpu_model": sh("lscpu | sed -n 's/^Model name: *//p'"),
                "cpu_family": sh("lscpu | sed -n 's/^CPU family: *//p'"),
                "lscpu": sh("lscpu | grep -E '^(Architecture|CPU\\\\(s\\\\)|Model name|Thread|Core|Socket|Hypervisor|L1d|L2|L3|Flags)' | sed 's/^Flags:.*/Flags: (see flags_*)/'"),
                "flags_avx2": " avx2" in flags, "flags_avx512bw": " avx512bw" in flags,
                "mem_total": sh("awk '/MemTotal/ {print \$2\" kB\"}' /proc/meminfo"),
                "kernel": platform.release(), "virtualized": "hypervisor" in flags,
                "loadavg_at_start": "$LOAD_START".split()},
    "source": json.load(open("$BUILD_RECORD")) if os.path.exists("$BUILD_RECORD") else
              {"head": sh("git -C $ROOT rev-parse HEAD"), "note": "no build record: tree state at run time"},
    "build": {"reused": $BUILD == 0, "rules_changed_during_build": "$RULES_CHANGED" == "true",
              "rules": int(sh("$PHS_VS --list-rules | wc -l") or 0),
              "rules_active": int(sh("$PHS_VS --list-rules | awk '\$3==\"on\"' | wc -l") or 0),
              "phiscrub_sha256": sh("sha256sum $PHS_VS | cut -c1-16"), "hyperscan_build": $HAVE_HS == 1},
    "tools": {"phiscrub": sh("$PHS_VS -V"), "libhs": sh("pkg-config --modversion libhs") + " ($vs_lib)",
              "pcre2": sh("pkg-config --modversion libpcre2-8"), "cc": sh("cc --version | head -1"),
              "sed": sh("sed --version | head -1"), "rg": sh("rg --version | head -1"),
              "cat": sh("cat --version | head -1"), "time": sh("/usr/bin/time --version 2>&1 | head -1")},
    "patterns": {"ssn": r"""$P_SSN""", "iso_date": r"""$P_ISO""", "us_date": r"""$P_US""",
                 "phone": r"""$P_PHONE""", "heavy": "ssn, iso_date, phone", "light": "ssn, us_date, phone",
                 "replacement": "$REPL"},
    "sanity": {"ours_100M": json.loads(r'''$SANITY_OURS'''), "mixed_100M": json.loads(r'''$SANITY_MIXED''')},
    "corpora": {},
}
json.dump(meta, open(sys.argv[1], "w"), indent=1)
EOF
add_corpus_meta() {
    python3 - "$META" "$@" <<'EOF'
import json, os, sys
m = json.load(open(sys.argv[1]))
for f in sys.argv[2:]:
    m["corpora"][os.path.basename(f)] = json.load(open(f + ".stats.json"))
json.dump(m, open(sys.argv[1], "w"), indent=1)
EOF
}
add_corpus_meta "$SMALL_OURS" "$SMALL_MIXED"

# ------------------------------------------------------------ main table
if want main; then
    M_OURS=$(corpus ours "$MAIN_SIZE")
    M_MIXED=$(corpus mixed "$MAIN_SIZE")
    add_corpus_meta "$M_OURS" "$M_MIXED"
    log "main: $MAIN_SIZE corpora, $REPS rounds"
    for rep in $(seq 1 "$REPS"); do
        for f in "$M_OURS" "$M_MIXED"; do
            warm "$f"
            measure main phiscrub j1 "$f" "$rep" "${VS[@]}" "$f"
            measure main phiscrub j1-pinned "$f" "$rep" taskset -c 1 "${VS[@]}" "$f"
            measure main phiscrub j2 "$f" "$rep" "${VS[@]}" -j 2 "$f"
            [ $HAVE_HS = 1 ] && measure main phiscrub-hyperscan j1 "$f" "$rep" "${HS[@]}" "$f"
            measure main sed-E heavy "$f" "$rep" sed "${SED_HEAVY[@]}" "$f"
            measure main sed-E light "$f" "$rep" sed "${SED_LIGHT[@]}" "$f"
            measure main rg heavy "$f" "$rep" rg "${RG_HEAVY[@]}" "$f"
            measure main rg light "$f" "$rep" rg "${RG_LIGHT[@]}" "$f"
            measure main rg-no-mmap heavy "$f" "$rep" rg --no-mmap "${RG_HEAVY[@]}" "$f"
            measure main rg-no-mmap light "$f" "$rep" rg --no-mmap "${RG_LIGHT[@]}" "$f"
            measure main cat - "$f" "$rep" cat "$f"
        done
    done
fi

# ------------------------------------------------------------ start-up
if want startup; then
    log "startup: $REPS rounds (a cold run compiles the rules database)"
    for rep in $(seq 1 "$REPS"); do
        for j in 1 2; do
            startup_row phiscrub-cold "j$j" "$rep" --eof --cold-under "$TMP/cold" -- "$PHS_VS" -j $j
            startup_row phiscrub-warm "j$j" "$rep" --eof -- "${VS[@]}" -j $j
            startup_row phiscrub-warm-first-byte "j$j" "$rep" --timeout 3 -- "${VS[@]}" -j $j
            startup_row phiscrub-quiet-line "j$j" "$rep" --quiet 0.3 --timeout 3 -- "${VS[@]}" -j $j
        done
        startup_row cat - "$rep" --eof -- cat
    done
fi

# ------------------------------------------------------------ scaling
if want scaling; then
    S_OURS=$(corpus ours 100M)
    S_MIXED=$(corpus mixed 100M)
    log "scaling: -j 1..$MAXJ, and -d all (serial part), $REPS rounds"
    for rep in $(seq 1 "$REPS"); do
        for f in "$S_OURS" "$S_MIXED"; do
            warm "$f"
            for j in $(seq 1 "$MAXJ"); do
                measure scaling phiscrub "j$j" "$f" "$rep" "${VS[@]}" -j "$j" "$f"
                measure scaling phiscrub-no-rules "j$j" "$f" "$rep" "${VS[@]}" -d all -j "$j" "$f"
            done
            measure scaling cat - "$f" "$rep" cat "$f"
        done
    done
fi

# ------------------------------------------------------------ RSS vs size
if want rss; then
    for s in $SIZES; do
        f=$(corpus ours "$s")
        log "rss: $s"
        warm "$f"
        for rep in $(seq 1 "$REPS"); do
            measure rss phiscrub j1 "$f" "$rep" "${VS[@]}" "$f"
            measure rss phiscrub j2 "$f" "$rep" "${VS[@]}" -j 2 "$f"
        done
    done
fi

# ------------------------------------------------------------ per category
CATS="SSN MRN PATIENT_ID MEMBER_ID ACCOUNT_ID ENCOUNTER_ID NAME DATE PHONE FAX EMAIL IP URL ZIP ADDRESS AGE LICENSE"
if want cat; then
    used=$("${VS[@]}" --list-rules | awk '{print $2}' | sort -u)
    for kind in ours mixed; do
        A=$(corpus $kind "$ANALYSIS_SIZE")
        log "per category on $A: $(echo $used)"
        warm "$A"
        for rep in $(seq 1 "$REPS"); do
            measure cat phiscrub all "$A" "$rep" "${VS[@]}" "$A"
            measure catstart phiscrub all /dev/null "$rep" "${VS[@]}" /dev/null
            measure cat phiscrub none "$A" "$rep" "${VS[@]}" -d all "$A"
            for c in $CATS; do
                echo "$used" | grep -qx "$c" || continue
                measure cat phiscrub "without:$c" "$A" "$rep" "${VS[@]}" -d "$c" "$A"
                measure catstart phiscrub "without:$c" /dev/null "$rep" "${VS[@]}" -d "$c" /dev/null
                measure cat phiscrub "only:$c" "$A" "$rep" "${VS[@]}" -d all -e "$c" "$A"
                measure catstart phiscrub "only:$c" /dev/null "$rep" "${VS[@]}" -d all -e "$c" /dev/null
            done
        done
    done
fi

# ------------------------------------------------------------ per rule
if want rule; then
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
    for kind in ours mixed; do
        A=$(corpus $kind "$ANALYSIS_SIZE")
        log "per rule on $A"
        warm "$A"
        for rep in $(seq 1 "$REPS"); do
            measure rule phiscrub none "$A" "$rep" "${VS[@]}" -d all "$A"
            for d in "$TMP"/rules/*/; do
                r=$(basename "$d")
                measure rule phiscrub "only:$r" "$A" "$rep" "${VS[@]}" "${RULES_ONLY[@]}" -r "$d" "$A"
                measure rulestart phiscrub "only:$r" /dev/null "$rep" "${VS[@]}" "${RULES_ONLY[@]}" -r "$d" /dev/null
            done
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
    for f in "$CORPUS_DIR"/*.log; do
        case $f in *-100M.log) ;; *) rm -f "$f" "$f.stats.json" ;; esac
    done
fi
log "done: $OUT.{tsv,json,md}"

#!/usr/bin/env python3
"""Where phiscrub's CPU time goes, per stage, from a perf recording.

    perf record -F 1000 --call-graph dwarf,16384 -o run.data phiscrub FILE >/dev/null
    perf script -i run.data -F comm,tid,ip,sym,dso | bench/perf_stages.py [--json OUT]

bench/profile.sh does both for each corpus. Each sample's call stack is
given to one stage: the first stage in STAGES (most specific first) with
a marker function anywhere on the stack. Unwinding needs DWARF call
graphs: libhs is built without frame pointers, and most of its functions
have no symbol, so its samples are told apart by the phiscrub function
that called hs_scan (the rules database from phs_prefilter; before the
lexicon, also the name dictionaries from phs_names_scan). PCRE2's JIT code has no unwind data:
a sample whose leaf is in JIT code counts as PCRE2 confirm.
Python 3 standard library only.
"""
import argparse
import json
import re
import sys

# (stage, marker functions), most specific first. Names are those of
# src/lib and src/cli; inlined functions show up as frames of their own.
STAGES = [
    ("startup: rules load, db create, PCRE2 JIT compile, cache map",
     {"phs_db_create", "phs_rules_load_bundled", "phs_rules_load", "phs_stream_create",
      "phs_matcher_init", "_dl_start", "_dl_relocate_object"}),
    ("names: dictionary hit callback (on_name)", {"on_name"}),
    ("free text: words, lexicon tags, features, linear models (freetext.c)",
     {"phs_ft_scan", "phs_ft_words", "phs_ft_features", "phs_ft_eligible", "score_word", "label_of",
      "token_attrs", "word_tags", "lex_attrs", "case_attrs", "gap_attrs", "push_word", "mark_fields"}),
    ("names: lexicon look-up of each word (hash table)", {"look_up", "phs_lex_lookup", "phs_lex_lookup_key",
                                                         "phs_lex_key", "add_hit"}),
    ("walker: HL7 fields (phs_hl7_scan)", {"phs_hl7_scan"}),
    ("walker: JSON keys and values (phs_json_scan, key classes)", {"phs_json_scan", "classify_key"}),
    ("confirm: name forms (phs_names_confirm)", {"phs_names_confirm"}),
    ("confirm: PCRE2 match", {"pcre2_match_8", "pcre2_jit_match_8", "@JIT"}),
    ("confirm: context words, validators, own-output, resolve", {"phs_confirm_line", "phs_resolve"}),
    ("names: capitalised-word collection (SIMD pass, copy)",
     {"collect_words", "consider", "add_word", "word_masks64", "word_left_ok", "word_right_ok",
      "add_form_candidates", "may_start_form"}),
    ("names: the rest of phs_names_scan (a Hyperscan literal scan before the lexicon)", {"phs_names_scan"}),
    ("prefilter: candidate bookkeeping (on_match, phs_add_candidate, merge)",
     {"on_match", "phs_add_candidate", "merge_sorted", "cmp_cand"}),
    ("shape scan (phs_shape_scan)", {"phs_shape_scan", "scan_cluster", "masks64", "cluster_start"}),
    ("prefilter: Hyperscan rules scan", {"phs_prefilter"}),
    ("act/output: spans, labels, tokens, line copy (emit_*)",
     {"emit_line", "emit_whole_mask", "emit_act", "emit_plain", "emit", "count_nl", "report",
      "phs_act_span", "count_span"}),
    ("framing: block cut, drain to caller, copy in (stream.c)",
     {"process_block", "drain", "process_complete", "phs_stream_feed", "phs_stream_flush"}),
    ("-j driver: reader, writer, findings (parallel.c)",
     {"read_blocks", "write_job", "writer_main", "worker_main", "redact_job", "findings_line"}),
    ("input: read, gzip inflate (io.c, kernel)", {"source_read", "read_gzip", "refill", "source_open"}),
    ("output: write, gzip deflate (io.c, kernel)", {"sink_write", "write_all", "deflate_some", "sink_close"}),
]
OTHER = "other (exit, page faults, kernel, unattributed)"


def frames(lines):
    out = []
    for ln in lines:
        m = re.match(r"\s*[0-9a-f]+ (.*?) \((.*)\)\s*$", ln)
        if not m:
            continue
        sym, dso = m.group(1), m.group(2)
        sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
        sym = re.sub(r"\.(part|isra|constprop|cold)\.\d+.*$", "", sym)
        if dso.startswith("/tmp/perf-") or "[JIT]" in dso:
            sym = "@JIT"
        out.append(sym)
    return out


def classify(stack):
    s = set(stack)
    for name, marks in STAGES:
        if s & marks:
            return name
    if stack and stack[0] in ("[unknown]",) and len(stack) == 1:
        return "confirm: PCRE2 match"  # a lone JIT frame that did not unwind
    return OTHER


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", help="write the shares as JSON here")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    counts = {}
    total = 0
    block = []
    comm_ok = True

    def flush():
        nonlocal total
        if block and comm_ok:
            st = classify(frames(block))
            counts[st] = counts.get(st, 0) + 1
            total += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            block = []
            continue
        if not line[0].isspace():
            flush()
            block = []
            comm_ok = line.split()[0].startswith("phiscrub")
            continue
        block.append(line)
    flush()
    order = [n for n, _ in STAGES] + [OTHER]
    rows = [(n, counts.get(n, 0)) for n in order if counts.get(n)]
    print(f"{a.label} {total} samples")
    for n, k in sorted(rows, key=lambda r: -r[1]):
        print(f"{100.0 * k / total:6.1f} %  {n}")
    if a.json:
        json.dump({"label": a.label, "samples": total,
                   "share": {n: k / total for n, k in rows}}, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()

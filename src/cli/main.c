/* phiscrub: the command. Argument parsing and I/O over libphiscrub. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cliutil.h"
#include "io.h"
#include "keyopt.h"
#include "parallel.h"
#include "phiscrub.h"
#include "progress.h"
#include "report.h"
#include "reveal.h"
#include "scan.h"

enum exit_code {
    EXIT_OK = 0,
    EXIT_INPUT = 2,    /* usage, rules or input errors */
    EXIT_OUTPUT = 3,   /* the output could not be written (EPIPE, disk full) */
    EXIT_INTERNAL = 4, /* out of memory or a matcher failure */
    EXIT_UNPROCESSED = 5 /* the output is whole, but lines were masked whole */
};

static const char usage_text[] =
    "Usage: phiscrub [OPTIONS] [FILE...]\n"
    "       phiscrub reveal --key-file KEY [OPTIONS] [FILE...]\n"
    "       phiscrub scan [OPTIONS] PATH...       (find PHI before a commit)\n"
    "       phiscrub baseline [OPTIONS] PATH...   (accept the findings there)\n"
    "Mask protected health information (PHI) in logs. Reads the FILEs, or\n"
    "standard input when there is none or FILE is '-', and writes the text with\n"
    "every finding replaced by its category, e.g. [SSN], to standard output.\n"
    "gzip input is recognised by its magic bytes; UTF-16 and UTF-32 input (by\n"
    "its byte-order mark, or the NUL bytes of its first characters) is decoded,\n"
    "and the output written in the same encoding, mark and all.\n"
    "\n"
    "Rules:\n"
    "  -r, --rules PATH        add the rules of a file or a folder of *.rules to\n"
    "                          the bundled set (repeat for more; docs/rules.md);\n"
    "                          site policy alone (allow lists, key policy:\n"
    "                          docs/policy.md) applies over the rules the same way\n"
    "      --no-default-rules  use only the --rules given, not the bundled set\n"
    "  -d, --disable LIST      switch categories off: comma list, or 'all'\n"
    "  -e, --enable LIST       switch categories on again (applied in order)\n"
    "      --dates POLICY      'all' (default): every date but a log timestamp;\n"
    "                          'context': only birth/admit/discharge/death/service\n"
    "      --list-rules        print the rules (id, category or * when each field\n"
    "                          has its own, state) and exit\n"
    "      --check-rules       load and compile the rules, run every rule's example\n"
    "                          and not-example lines, then exit (2 when one fails)\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE       write to FILE instead of standard output\n"
    "  -z, --gzip              write gzip\n"
    "\n"
    "Policy (docs/policy.md): what replaces a finding, per category:\n"
    "  -m, --mode ACTION       one action for every category\n"
    "  -a, --action CAT=ACTION one category's action (repeat; CAT may be 'all')\n"
    "                          --mode and --action apply in the order given, over\n"
    "                          the rules' own 'action' lines\n"
    "                          mask       [SSN] (the default)\n"
    "                          partial    Safe Harbor partial: ***-**-6789,\n"
    "                                     1980-**-**, 021**, 90+; else the label\n"
    "                          tokenize   SSN_k2q9x4m7vd3hfy6b, the same for the\n"
    "                                     same value and key\n"
    "                          encrypt    [SSN:e1:...], 'phiscrub reveal' opens it\n"
    "                          surrogate  a realistic fake of the same shape\n"
    "                          drop       leave the whole line out\n"
    "      --partial           same as --mode partial\n"
    "  -k, --key-file FILE     the key for tokenize, encrypt and surrogate\n"
    "                          (default: the file $PHISCRUB_KEY_FILE names); at\n"
    "                          least 32 bytes, readable by you alone\n"
    "\n"
    "Other output:\n"
    "      --report FILE       JSON counts per category and rule ('-' = stderr)\n"
    "      --findings FILE     JSON lines: input, line, offset, length, category,\n"
    "                          rule of every masked span; never the value\n"
    "      --no-cache          compile the rules (seconds), do not use the cache\n"
    "                          of compiled rules ($PHISCRUB_CACHE_DIR, else\n"
    "                          $XDG_CACHE_HOME/phiscrub or ~/.cache/phiscrub)\n"
    "                          nor the install's ($PHISCRUB_SEED_DIR, else\n"
    "                          share/phiscrub/cache beside bin/)\n"
    "      --encoding ENC      the input's encoding: auto (default), utf-8 (bytes\n"
    "                          as they are), utf-16le, utf-16be, utf-32le or\n"
    "                          utf-32be; the output is written in it\n"
    "      --max-line-size N   longest line processed (default 128M, at most\n"
    "                          4G-1; K/M/G suffixes); longer lines are masked\n"
    "                          whole\n"
    "  -j, --jobs N            redact each input on N threads (default 1; 0 = every\n"
    "                          CPU this process may use; at most 64); output,\n"
    "                          findings and report are those of one thread\n"
    "      --job-size SIZE     with -j: bytes of whole lines a thread takes at a\n"
    "                          time (default 256K, 1K to 1G)\n"
    "  -q, --quiet             no progress and no summary on standard error (they\n"
    "                          are shown only when it is a terminal)\n"
    "\n"
    "  -h, --help              show this help\n"
    "  -V, --version           show the version\n"
    "\n"
    "Categories: SSN MRN PATIENT_ID MEMBER_ID ACCOUNT_ID ENCOUNTER_ID NAME DATE\n"
    "PHONE FAX EMAIL IP URL ZIP ADDRESS AGE LICENSE LOCATION CARD VIN\n"
    "DEVICE_ID\n"
    "\n"
    "'phiscrub reveal' turns encrypted tokens back into the values, with the\n"
    "key that made them; a token that does not open is left as it is and the\n"
    "exit status is 2. 'phiscrub reveal --help' says more.\n"
    "'phiscrub scan' reports PHI in files and folders as path:line:column\n"
    "(text, JSON, SARIF), for pre-commit hooks; 'phiscrub scan --help'.\n"
    "\n"
    "Exit status: 0 success; 2 usage, rules, key or input error; 3 output error\n"
    "(closed pipe, full disk, closed stdout); 4 internal error (out of memory);\n"
    "5 the output is complete but some lines could not be processed: each was\n"
    "masked whole as " PHS_UNPROCESSED_MARK " and counted, never passed through;\n"
    "128+N stopped by signal N (130 SIGINT, 143 SIGTERM) after writing every\n"
    "line read in full.\n"
    "See phiscrub(1) and docs/ for rules, policy and the PHI data flow.\n";

#define MAX_RULES_PATHS 16

typedef struct cli {
    const char *rules_paths[MAX_RULES_PATHS];
    size_t nrules_paths;
    bool no_default_rules;
    const char *output;
    const char *report;
    const char *findings;
    bool gzip;
    bool list_rules;
    bool check_rules;
    bool no_cache;
    int encoding; /* IO_ENC_AUTO or a phs_encoding */
    bool quiet;
    const char *key_file;
    char cache_dir[4096];
    char seed_dir[4096];
    phs_options opts;
    FILE *findings_f;
    const char *cur_input;
    unsigned jobs;
    size_t job_size;
} cli;

__attribute__((format(printf, 1, 2), noreturn)) static void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("phiscrub: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'phiscrub --help'.\n", stderr);
    exit(EXIT_INPUT);
}

static void apply_categories(phs_options *o, const char *list, bool on)
{
    char err[600];
    if (!cli_categories(o, list, on, err, sizeof err))
        die_usage("%s", err);
}

static size_t parse_size(const char *s)
{
    size_t v;
    bool range;
    /* The library takes at most 4 GiB - 1 (one Hyperscan scan). */
    if (!cli_parse_size(s, 0xffffffffull, &v, &range)) {
        if (range)
            die_usage("--max-line-size: '%s' is out of range (1 to 4G-1 bytes)", s);
        die_usage("--max-line-size: '%s' is not a size (digits, then K, M or G)", s);
    }
    return v;
}

/* -j: 0 is every CPU we may run on */
static unsigned parse_jobs(const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-' || v > PAR_MAX_JOBS)
        die_usage("--jobs: '%s' is not a thread count (0 to %d; 0 = every CPU)", s, PAR_MAX_JOBS);
    if (v == 0)
        v = par_cpus();
    return v > PAR_MAX_JOBS ? PAR_MAX_JOBS : (unsigned)v;
}

static size_t parse_job_size(const char *s)
{
    size_t v;
    bool range;
    if (!cli_parse_size(s, PAR_MAX_BLOCK, &v, &range) || v < PAR_MIN_BLOCK)
        die_usage("--job-size: '%s' is not a size from 1K to 1G", s);
    return v;
}

enum {
    OPT_DATES = 256,
    OPT_LIST,
    OPT_CHECK,
    OPT_PARTIAL,
    OPT_REPORT,
    OPT_FINDINGS,
    OPT_MAXLINE,
    OPT_NOCACHE,
    OPT_NODEFAULT,
    OPT_ENCODING,
    OPT_JOBSIZE
};

static void set_mode(cli *c, const char *name)
{
    phs_action a;
    if (phs_action_from_name(name, &a))
        die_usage("--mode: unknown action '%s' (mask, partial, tokenize, encrypt, surrogate, "
                  "drop)", name);
    for (unsigned i = 0; i < PHS_CAT_COUNT; i++)
        c->opts.actions[i] = a;
}

/* CAT=ACTION, CAT a category name or 'all' */
static void set_action(cli *c, const char *arg)
{
    phs_error e;
    if (phs_options_set_actions(&c->opts, arg, &e))
        die_usage("--action: %s", e.reason);
}

/* "auto" or a name phs_encoding_name gives, in any case. */
static int parse_encoding(const char *s)
{
    if (strcmp(s, "auto") == 0)
        return IO_ENC_AUTO;
    for (int e = PHS_ENC_UTF8; phs_encoding_name((phs_encoding)e); e++)
        if (strcasecmp(s, phs_encoding_name((phs_encoding)e)) == 0)
            return e;
    die_usage("--encoding must be auto, utf-8, utf-16le, utf-16be, utf-32le or utf-32be");
}

static void parse_args(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"no-default-rules", no_argument, NULL, OPT_NODEFAULT},
        {"disable", required_argument, NULL, 'd'},
        {"enable", required_argument, NULL, 'e'},
        {"dates", required_argument, NULL, OPT_DATES},
        {"list-rules", no_argument, NULL, OPT_LIST},
        {"check-rules", no_argument, NULL, OPT_CHECK},
        {"output", required_argument, NULL, 'o'},
        {"gzip", no_argument, NULL, 'z'},
        {"partial", no_argument, NULL, OPT_PARTIAL},
        {"mode", required_argument, NULL, 'm'},
        {"action", required_argument, NULL, 'a'},
        {"key-file", required_argument, NULL, 'k'},
        {"report", required_argument, NULL, OPT_REPORT},
        {"findings", required_argument, NULL, OPT_FINDINGS},
        {"max-line-size", required_argument, NULL, OPT_MAXLINE},
        {"no-cache", no_argument, NULL, OPT_NOCACHE},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"jobs", required_argument, NULL, 'j'},
        {"job-size", required_argument, NULL, OPT_JOBSIZE},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    static const char shortopts[] = ":r:d:e:o:m:a:k:j:zqhV";
    phs_options_init(&c->opts);
    c->encoding = IO_ENC_AUTO;
    c->jobs = 1;
    c->job_size = PAR_DEFAULT_BLOCK;
    if (!cli_exact_long_options("phiscrub", argc, argv, shortopts, longopts))
        exit(EXIT_INPUT);
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (ch) {
        case 'r':
            if (c->nrules_paths == MAX_RULES_PATHS)
                die_usage("--rules: at most %d (put the files in one folder)", MAX_RULES_PATHS);
            c->rules_paths[c->nrules_paths++] = optarg;
            break;
        case OPT_NODEFAULT: c->no_default_rules = true; break;
        case 'd': apply_categories(&c->opts, optarg, false); break;
        case 'e': apply_categories(&c->opts, optarg, true); break;
        case 'o': c->output = optarg; break;
        case 'z': c->gzip = true; break;
        case OPT_DATES:
            if (strcmp(optarg, "all") == 0)
                c->opts.date_policy = PHS_DATES_ALL;
            else if (strcmp(optarg, "context") == 0)
                c->opts.date_policy = PHS_DATES_CONTEXT;
            else
                die_usage("--dates must be 'all' or 'context', not '%s'", optarg);
            break;
        case OPT_LIST: c->list_rules = true; break;
        case OPT_CHECK: c->check_rules = true; break;
        case OPT_PARTIAL: set_mode(c, "partial"); break;
        case 'm': set_mode(c, optarg); break;
        case 'a': set_action(c, optarg); break;
        case 'k': c->key_file = optarg; break;
        case OPT_REPORT: c->report = optarg; break;
        case OPT_FINDINGS: c->findings = optarg; break;
        case OPT_MAXLINE: c->opts.max_line_size = parse_size(optarg); break;
        case OPT_NOCACHE: c->no_cache = true; break;
        case OPT_ENCODING: c->encoding = parse_encoding(optarg); break;
        case 'j': c->jobs = parse_jobs(optarg); break;
        case OPT_JOBSIZE: c->job_size = parse_job_size(optarg); break;
        case 'q': c->quiet = true; break;
        case 'h': fputs(usage_text, stdout); exit(EXIT_OK);
        case 'V': printf("phiscrub %s\n", phs_version()); exit(EXIT_OK);
        case ':': die_usage("option '%s' needs a value", argv[optind - 1]); break;
        default:
            /* optopt names a bad short option even inside a cluster (-xz);
               it is 0 for a bad long option, which argv[optind - 1] holds. */
            if (optopt)
                die_usage("unknown option '-%c'", optopt);
            die_usage("unknown option '%s'", argv[optind - 1]);
            break;
        }
    }
}

static void on_finding(const phs_finding *f, void *user)
{
    cli *c = user;
    findings_line(c->findings_f, c->cur_input, f);
}

static void add_stats(totals *t, const phs_stream *s, size_t nrules)
{
    phs_stats st;
    phs_stream_stats(s, &st);
    t->st.bytes_in += st.bytes_in;
    t->st.bytes_out += st.bytes_out;
    t->st.lines += st.lines;
    t->st.lines_with_findings += st.lines_with_findings;
    t->st.lines_masked_whole += st.lines_masked_whole;
    t->st.lines_dropped += st.lines_dropped;
    t->st.findings += st.findings;
    for (unsigned i = 0; i < PHS_CAT_COUNT; i++)
        t->st.per_category[i] += st.per_category[i];
    for (size_t i = 0; i < nrules; i++)
        t->rule_counts[i] += phs_stream_rule_count(s, i);
    for (size_t i = 0; i < t->nallow; i++)
        t->allow_kept[i] += phs_stream_allow_kept(s, i);
    t->redacted += phs_stream_redacted(s);
}


/* One input on its way through the stream into the sink. */
typedef struct run {
    phs_stream *s;
    sink *out;
    const char *path;
    phs_outbuf ob;          /* redacted output not yet written */
    struct timespec since;  /* when ob got its first waiting byte */
    run_status st;
} run;

/* Output waits at most this long while input keeps coming. */
#define RUN_MAX_WAIT_NS 100000000L

static void run_fail(run *r, run_status st, int rc)
{
    if (rc)
        fprintf(stderr, "phiscrub: %s: %s\n", r->path, phs_strerror(rc));
    if (r->st == RUN_OK)
        r->st = st;
}

/* Write what the output buffer holds. */
static bool run_put(run *r)
{
    if (r->ob.pos && !sink_write(r->out, r->ob.dst, r->ob.pos)) {
        run_fail(r, RUN_OUTPUT_ERR, 0);
        return false;
    }
    r->ob.pos = 0;
    return true;
}

/* The input would wait: the reader gets every line redacted so far now. */
static void run_idle(void *ctx)
{
    run *r = ctx;
    if (r->st == RUN_OK && run_put(r) && !sink_flush(r->out))
        run_fail(r, RUN_OUTPUT_ERR, 0);
}

static long elapsed_ns(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (long)(b.tv_sec - a->tv_sec) * 1000000000L + (b.tv_nsec - a->tv_nsec);
}

/* Feed n bytes; output is written whenever the buffer fills, and when it
   has waited RUN_MAX_WAIT_NS. */
static bool run_feed(run *r, const char *p, size_t n)
{
    bool was_empty = r->ob.pos == 0;
    phs_inbuf ib = {p, n, 0};
    do {
        int rc = phs_stream_feed(r->s, &r->ob, &ib);
        if (rc) {
            run_fail(r, RUN_INTERNAL, rc);
            return false;
        }
        if (r->ob.pos == r->ob.size && !run_put(r))
            return false;
    } while (ib.pos < ib.size || phs_stream_pending(r->s));
    if (was_empty && r->ob.pos)
        clock_gettime(CLOCK_MONOTONIC, &r->since);
    else if (r->ob.pos && elapsed_ns(&r->since) >= RUN_MAX_WAIT_NS) {
        run_idle(r);
        return r->st == RUN_OK;
    }
    return true;
}

/* Stream one input through the engine into the sink. */
static run_status run_input(phs_stream *s, const char *path, int enc, sink *out, char *ibuf,
                            char *obuf)
{
    source src;
    if (!source_open_as(&src, path, enc)) {
        progress_pause();
        fprintf(stderr, "phiscrub: %s: %s\n", path, src.err);
        bool nomem = src.nomem;
        source_close(&src);
        return nomem ? RUN_INTERNAL : RUN_INPUT_ERR;
    }
    progress_input(path, src.fd);
    /* The output goes out in the first input's encoding (mark and all). */
    if (!out->encoding_set && !sink_set_encoding(out, src.enc, src.bom)) {
        source_close(&src);
        if (out->err != ENOMEM)
            return RUN_OUTPUT_ERR;
        fputs("phiscrub: out of memory before reading any input; give phiscrub more memory\n",
              stderr);
        return RUN_INTERNAL;
    }
    run r = {.s = s, .out = out, .path = path, .ob = {obuf, IO_CHUNK, 0}, .st = RUN_OK};
    src.idle = run_idle;
    src.idle_ctx = &r;
    for (;;) {
        size_t n = source_read(&src, ibuf, IO_CHUNK);
        progress_read(src.fd);
        if (n == 0 || r.st != RUN_OK || !run_feed(&r, ibuf, n))
            break;
    }
    if (r.st != RUN_OK)
        goto done;
    /* Input errors still flush what was read: it leaves redacted, not lost.
       The line the error (or a stop signal) cut is not whole: it leaves
       masked (fail closed). */
    if (src.err[0] || src.stopped) {
        progress_pause();
        if (src.err[0])
            fprintf(stderr, "phiscrub: %s: %s\n", path, src.err);
        r.st = src.err[0] ? RUN_INPUT_ERR : RUN_STOPPED;
        int rc = phs_stream_abort_line(s);
        if (rc) {
            run_fail(&r, RUN_INTERNAL, rc);
            r.st = RUN_INTERNAL;
            goto done;
        }
    }
    size_t rem;
    do {
        int rc = phs_stream_flush(s, &r.ob, &rem);
        if (rc) {
            run_fail(&r, RUN_INTERNAL, rc);
            r.st = RUN_INTERNAL;
            break;
        }
        if (!run_put(&r)) {
            r.st = RUN_OUTPUT_ERR;
            break;
        }
    } while (rem);
done:
    source_close(&src);
    return r.st;
}

static int list_rules(const phs_db *db)
{
    size_t n = phs_db_rule_count(db);
    for (size_t i = 0; i < n; i++) {
        /* a walker rule (hl7, json) gives each field its own category */
        const char *cat = phs_category_name(phs_db_rule_category(db, i));
        printf("%-28s %-13s %s\n", phs_db_rule_id(db, i), cat ? cat : "*",
               phs_db_rule_active(db, i) ? "on" : "off");
    }
    return EXIT_OK;
}

static void on_example_failure(const phs_example_failure *f, void *user)
{
    (void)user;
    /* the example is the rules file's own text, not input */
    fprintf(stderr, "phiscrub: rule %s (%s line %zu): %s: %s\n", f->rule_id, f->file, f->line,
            f->must_match ? "example not found" : "not-example found", f->text);
}

/* --check-rules: the set compiled; now every rule's examples. */
static int check_rules(const phs_rules *rules, const phs_options *opts, const phs_db *db)
{
    size_t nrun = 0, failed = 0, bare = 0;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = phs_rules_check_examples(rules, opts, on_example_failure, NULL, &nrun, &failed, &e);
    if (rc && rc != PHS_E_RULES) {
        cli_rules_error("cannot run the rules' examples", rc, &e);
        return rc == PHS_E_NOMEM ? EXIT_INTERNAL : EXIT_INPUT;
    }
    size_t n = phs_rules_count(rules);
    for (size_t i = 0; i < n; i++) {
        size_t pos, neg;
        phs_rules_examples(rules, i, &pos, &neg);
        bare += pos == 0 || neg == 0;
    }
    fprintf(stderr, "phiscrub: %zu rules %s%s; ", phs_db_rule_count(db),
            failed ? "compiled" : "OK",
            phs_db_cache_hit(db) ? " (compiled databases from the cache)" : "");
    if (failed)
        fprintf(stderr, "%zu examples run, %zu failed", nrun, failed);
    else
        fprintf(stderr, "%zu examples passed", nrun);
    if (bare)
        fprintf(stderr, " (%zu rule%s without both an example and a not-example)", bare,
                bare == 1 ? "" : "s");
    fputc('\n', stderr);
    return failed ? EXIT_INPUT : EXIT_OK;
}

/* Stream every input through the engine into the output; returns the exit
   status. Owns and frees everything it opens. */
static int scrub(cli *c, const phs_db *db, char **inputs)
{
    int status = EXIT_OK;
    totals t = {0};
    t.rule_counts = calloc(phs_db_rule_count(db) + 1, sizeof *t.rule_counts);
    t.nallow = phs_db_allow_count(db);
    t.allow_kept = calloc(t.nallow + 1, sizeof *t.allow_kept);
    char *ibuf = malloc(IO_CHUNK), *obuf = malloc(IO_CHUNK);
    phs_stream *s = NULL;
    par_pool *pool = NULL;
    sink out = {.fd = -1};
    /* -j: the workers have streams of their own */
    if (!t.rule_counts || !t.allow_kept || !ibuf || !obuf ||
        (c->jobs == 1 && phs_stream_create(db, &s) != PHS_OK)) {
        fputs("phiscrub: out of memory before reading any input; give phiscrub more memory\n",
              stderr);
        status = EXIT_INTERNAL;
        goto done;
    }
    if (c->findings) {
        c->findings_f = strcmp(c->findings, "-") == 0 ? stderr : fopen(c->findings, "w");
        if (!c->findings_f) {
            fprintf(stderr, "phiscrub: --findings %s: %s\n", c->findings, strerror(errno));
            status = EXIT_OUTPUT; /* like -o and --report: an output that cannot be written */
            goto done;
        }
        phs_stream_set_callback(s, on_finding, c);
    }
    if (c->jobs > 1 && !(pool = par_create(db, c->jobs, c->job_size, c->findings_f))) {
        fprintf(stderr, "phiscrub: cannot start %u threads (out of memory or threads)\n", c->jobs);
        status = EXIT_INTERNAL;
        goto done;
    }
    if (!sink_open(&out, c->output, c->gzip)) {
        if (!c->output || strcmp(c->output, "-") == 0)
            fputs("phiscrub: cannot write output: standard output is closed; redirect it or "
                  "give -o FILE\n",
                  stderr);
        else
            fprintf(stderr, "phiscrub: cannot open output %s: %s\n", c->output,
                    strerror(out.err));
        sink_close(&out);
        status = EXIT_OUTPUT;
        goto done;
    }

    char *stdin_only[] = {"-", NULL};
    if (!inputs)
        inputs = stdin_only;
    bool stopped = false;
    size_t ninputs = 0;
    while (inputs[ninputs])
        ninputs++;
    /* redacted text on the same terminal would break the progress line */
    progress_begin(PROGRESS_PIPE, "phiscrub", ninputs,
                   (c->quiet ? PROGRESS_QUIET : 0) |
                       (!c->output && isatty(STDOUT_FILENO) ? PROGRESS_NO_TICKER : 0));
    for (; *inputs; inputs++) {
        c->cur_input = *inputs;
        phs_stream_reset(s);
        t.inputs++;
        run_status r;
        if (pool) {
            r = par_input(pool, *inputs, c->encoding, &out, &t);
        } else {
            r = run_input(s, *inputs, c->encoding, &out, ibuf, obuf);
            add_stats(&t, s, phs_db_rule_count(db));
        }
        if (r == RUN_INPUT_ERR) {
            t.input_errors++;
            status = EXIT_INPUT;
        } else if (r == RUN_OUTPUT_ERR) {
            status = EXIT_OUTPUT;
            break;
        } else if (r == RUN_INTERNAL) {
            status = EXIT_INTERNAL;
            break;
        } else if (r == RUN_STOPPED) {
            stopped = true;
            break;
        }
    }
    progress_end();
    /* a signal that came as the input ended: all of it was written */
    stopped |= io_stop_signal != 0;
    if (!sink_close(&out) && status != EXIT_OUTPUT && status != EXIT_INTERNAL)
        status = EXIT_OUTPUT;
    if (out.err) {
        uint64_t unwritten = t.st.bytes_out > out.written && !c->gzip && !out.encoded ? t.st.bytes_out - out.written : 0;
        fprintf(stderr,
                "phiscrub: cannot write output: %s. %" PRIu64 " bytes of input were read; "
                "%" PRIu64 " bytes of redacted output were written%s.\n",
                out.err == EPIPE ? "the reader closed the pipe" : strerror(out.err),
                t.st.bytes_in, out.written,
                unwritten ? " and the rest was not" : "");
        status = EXIT_OUTPUT;
    }
    if (t.st.lines_masked_whole) {
        fprintf(stderr,
                "phiscrub: %" PRIu64 " line(s) could not be processed and were masked whole "
                "as %s\n",
                t.st.lines_masked_whole, PHS_UNPROCESSED_MARK);
        /* A pipeline must be able to tell that it lost lines. */
        if (status == EXIT_OK)
            status = EXIT_UNPROCESSED;
    }
    progress_summary(t.st.per_category, t.st.findings, "lines", t.st.lines);
    if (c->findings_f && c->findings_f != stderr) {
        int bad = fclose(c->findings_f);
        c->findings_f = NULL;
        if (bad) {
            fprintf(stderr, "phiscrub: --findings %s: write failed\n", c->findings);
            if (status == EXIT_OK)
                status = EXIT_OUTPUT;
        }
    }
    if (c->report && write_report(c->report, db, &t) != 0) {
        fprintf(stderr, "phiscrub: --report %s: cannot write\n", c->report);
        if (status == EXIT_OK)
            status = EXIT_OUTPUT;
    }
    if (stopped && status != EXIT_OUTPUT && status != EXIT_INTERNAL) {
        int sig = io_stop_signal;
        fprintf(stderr,
                "phiscrub: stopped by %s: the %" PRIu64 " line(s) read in full were written "
                "redacted, a line the signal cut was masked, and the rest of the input was not "
                "read\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM", t.st.lines);
        status = 128 + sig;
    }
done:
    par_free(pool);
    if (c->findings_f && c->findings_f != stderr)
        fclose(c->findings_f);
    phs_stream_free(s);
    free(t.rule_counts);
    free(t.allow_kept);
    if (ibuf)
        explicit_bzero(ibuf, IO_CHUNK);
    free(ibuf);
    free(obuf);
    return status;
}

int main(int argc, char **argv)
{
    /* before anything is opened: nothing may land on fd 0, 1 or 2 */
    io_guard_std_fds();
    if (argc > 1 && strcmp(argv[1], "reveal") == 0)
        return reveal_main(argc - 1, argv + 1);
    cli c = {0};
    /* Compiling the rules' PCRE2 JIT code mallocs and frees large work
       areas; glibc would hand them back to the kernel after each rule and
       fault them in again for the next. Keeping them halves a warm start. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    /* Subcommands with options of their own (scan.c). */
    if (argc > 1 && strcmp(argv[1], "scan") == 0)
        return scan_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "baseline") == 0)
        return baseline_main(argc - 1, argv + 1);
    parse_args(&c, argc, argv);
    /* A closed pipe must be an error we report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT and SIGTERM: write out what was read in full, then end. */
    io_catch_stop();
    /* Our buffers hold raw PHI: a core dump would carry it off the host.
       docs/phi-data-flow.md */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

    phs_error e;
    phs_rules *rules = NULL;
    int rc = cli_load_rules("phiscrub", c.rules_paths, c.nrules_paths, c.no_default_rules, &rules);
    if (rc)
        return rc;
    phs_db *db = NULL;
    phs_key *key = NULL;
    int krc = keyopt_load(c.key_file, &key);
    if (krc) {
        phs_rules_free(rules);
        return krc;
    }
    c.opts.key = key;
    if (!c.no_cache) {
        c.opts.cache_dir = cli_cache_dir(c.cache_dir, sizeof c.cache_dir);
        c.opts.seed_dir = cli_seed_dir(c.seed_dir, sizeof c.seed_dir, c.opts.seed_dir);
    } else {
        c.opts.seed_dir = NULL;
    }
    rc = phs_db_create(rules, &c.opts, &db, &e);
    /* The db holds its own subkeys. */
    phs_key_free(key);
    c.opts.key = NULL;
    if (rc == PHS_OK && c.check_rules) {
        cli_cache_report("phiscrub", db, c.opts.cache_dir);
        int x = check_rules(rules, &c.opts, db);
        phs_rules_free(rules);
        phs_db_free(db);
        return x;
    }
    phs_rules_free(rules);
    if (rc == PHS_E_KEY) {
        fprintf(stderr, "phiscrub: %s\n", e.reason);
        keyopt_hint();
        return EXIT_INPUT;
    }
    if (rc == PHS_E_CRYPTO) {
        fprintf(stderr, "phiscrub: %s; see the FIPS notes in docs/policy.md\n", e.reason);
        return EXIT_INTERNAL;
    }
    if (rc == PHS_E_NOMEM) {
        fputs("phiscrub: out of memory while compiling the rules; give phiscrub more memory "
              "(the bundled rules take about 60 MiB of address space to compile, 40 MiB "
              "from the cache)\n",
              stderr);
        return EXIT_INTERNAL;
    }
    if (rc) {
        cli_rules_error("cannot compile rules", rc, &e);
        return EXIT_INPUT;
    }
    cli_cache_report("phiscrub", db, c.opts.cache_dir);
    if (c.list_rules) {
        int x = list_rules(db);
        phs_db_free(db);
        return x;
    }

    int status = scrub(&c, db, optind < argc ? argv + optind : NULL);
    phs_db_free(db);
    return status;
}

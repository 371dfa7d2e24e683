/* phiscrub reveal: reads text made with `--mode encrypt` (or any action
   mix with encrypted categories) and writes it with each encrypted token
   replaced by its value. The library opens the tokens (phs_reveal); this
   file frames lines and reports where a token did not open. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "../lib/grow.h"
#include "cliutil.h"
#include "io.h"
#include "keyopt.h"
#include "phiscrub.h"
#include "reveal.h"

static const char reveal_usage[] =
    "Usage: phiscrub reveal [--key-file KEY] [OPTIONS] [FILE...]\n"
    "Write the FILEs (or standard input) with every encrypted token, such as\n"
    "[SSN:e1:...] from 'phiscrub --mode encrypt', replaced by the value it\n"
    "holds. Only the key that made a token opens it. Everything else is copied\n"
    "as it is; gzip input is recognised by its magic bytes.\n"
    "\n"
    "  -k, --key-file FILE     the key (default: the file $PHISCRUB_KEY_FILE names)\n"
    "  -o, --output FILE       write to FILE instead of standard output\n"
    "  -z, --gzip              write gzip\n"
    "  -h, --help              show this help\n"
    "\n"
    "A token that does not open (a changed byte, cut short, another key,\n"
    "moved to another category or out of its quotes) is left as it is and its\n"
    "line and column go to standard error. Revealed output holds PHI: keep it\n"
    "where PHI may be.\n"
    "\n"
    "Exit status: 0 success; 2 usage, key or input error, or a token that did\n"
    "not open; 3 output error; 4 internal error.\n";

enum { RV_OK = 0, RV_INPUT = 2, RV_OUTPUT = 3, RV_INTERNAL = 4 };

__attribute__((format(printf, 1, 2), noreturn)) static void reveal_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("phiscrub reveal: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'phiscrub reveal --help'.\n", stderr);
    exit(RV_INPUT);
}

typedef struct where {
    const char *input;
    const char *chunk;   /* the text handed to phs_reveal */
    uint64_t line;       /* lines before chunk[0] */
    size_t col0;         /* bytes of the current line before chunk[0] */
    uint64_t bad;
} where;

static void on_bad(uint64_t offset, size_t length, int status, void *user)
{
    where *w = user;
    (void)length;
    (void)status;
    uint64_t line = w->line + 1;
    size_t ls = 0;
    for (size_t i = 0; i < offset; i++) {
        if (w->chunk[i] == '\n') {
            line++;
            ls = i + 1;
        }
    }
    size_t col = (size_t)offset - ls + 1 + (line == w->line + 1 ? w->col0 : 0);
    fprintf(stderr,
            "phiscrub reveal: %s:%" PRIu64 ":%zu: an encrypted token does not open (changed, "
            "cut short, made with another key, or moved to another category or out of its "
            "quotes); left as it is\n",
            w->input, line, col);
    w->bad++;
}

/* The output holds revealed values: it grows and goes as grow.h says. */
typedef phs_buf rbuf;

static bool rbuf_room(rbuf *b, size_t extra) { return phs_buf_reserve(b, extra) == 0; }

/* Reveal acc[0, n) and write it; updates the position counters. */
static int reveal_part(const phs_key *key, rbuf *acc, size_t n, rbuf *ob, sink *out, where *w)
{
    if (!rbuf_room(ob, n))
        return RV_INTERNAL;
    w->chunk = acc->p;
    size_t written = 0;
    int rc = phs_reveal(key, acc->p, n, ob->p, ob->cap, &written, on_bad, w);
    if (rc != PHS_OK && rc != PHS_E_TOKEN) {
        fprintf(stderr, "phiscrub reveal: %s: %s\n", w->input, phs_strerror(rc));
        return RV_INTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        if (acc->p[i] == '\n') {
            w->line++;
            w->col0 = 0;
        } else {
            w->col0++;
        }
    }
    if (!sink_write(out, ob->p, written))
        return RV_OUTPUT;
    explicit_bzero(ob->p, written);
    memmove(acc->p, acc->p + n, acc->len - n);
    acc->len -= n;
    return RV_OK;
}

static int reveal_input(const phs_key *key, const char *path, sink *out, rbuf *acc, rbuf *ob,
                        uint64_t *bad)
{
    source src;
    if (!source_open(&src, path)) {
        fprintf(stderr, "phiscrub reveal: %s: %s\n", path, src.err);
        source_close(&src);
        return RV_INPUT;
    }
    where w = {.input = path};
    int st = RV_OK;
    acc->len = 0;
    for (;;) {
        if (!rbuf_room(acc, IO_CHUNK)) {
            st = RV_INTERNAL;
            break;
        }
        size_t n = source_read(&src, acc->p + acc->len, IO_CHUNK);
        if (n == 0)
            break;
        acc->len += n;
        /* Whole lines go to the library; with no newline in sight, cut
           before the last '[' so a token is never split. */
        const char *nl = memrchr(acc->p, '\n', acc->len);
        size_t cut = nl ? (size_t)(nl - acc->p) + 1 : 0;
        if (!cut && acc->len >= ((size_t)16 << 20)) {
            const char *lb = memrchr(acc->p, '[', acc->len);
            cut = lb && lb > acc->p ? (size_t)(lb - acc->p) : acc->len;
        }
        if (cut && (st = reveal_part(key, acc, cut, ob, out, &w)) != RV_OK)
            break;
    }
    if (st == RV_OK && src.err[0]) {
        fprintf(stderr, "phiscrub reveal: %s: %s\n", path, src.err);
        st = RV_INPUT;
    }
    if ((st == RV_OK || st == RV_INPUT) && acc->len) {
        int r = reveal_part(key, acc, acc->len, ob, out, &w);
        if (r != RV_OK)
            st = r;
    }
    explicit_bzero(acc->p, acc->cap);
    source_close(&src);
    *bad += w.bad;
    return st;
}

int reveal_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"key-file", required_argument, NULL, 'k'},
        {"output", required_argument, NULL, 'o'},
        {"gzip", no_argument, NULL, 'z'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *key_file = NULL, *output = NULL;
    bool gz = false;
    if (!cli_exact_long_options("phiscrub reveal", argc, argv, ":k:o:zh", longopts))
        return RV_INPUT;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":k:o:zh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'k': key_file = optarg; break;
        case 'o': output = optarg; break;
        case 'z': gz = true; break;
        case 'h': fputs(reveal_usage, stdout); return RV_OK;
        case ':': reveal_die("option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt)
                reveal_die("unknown option '-%c'", optopt);
            reveal_die("unknown option '%s'", argv[optind - 1]);
        }
    }
    signal(SIGPIPE, SIG_IGN);
    /* Revealed values are in our buffers: no core dumps. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    phs_key *key = NULL;
    int krc = keyopt_load(key_file, &key);
    if (krc)
        return krc;
    if (!key) {
        fputs("phiscrub reveal: no key: only the key that made the tokens opens them\n", stderr);
        keyopt_hint();
        return RV_INPUT;
    }
    sink out = {.fd = -1};
    if (!sink_open(&out, output, gz)) {
        fprintf(stderr, "phiscrub reveal: cannot open output %s: %s\n", output ? output : "-",
                strerror(out.err));
        sink_close(&out);
        phs_key_free(key);
        return RV_OUTPUT;
    }
    rbuf acc = {0}, ob = {0};
    uint64_t bad = 0;
    int status = RV_OK;
    char *stdin_only[] = {"-", NULL};
    char **inputs = optind < argc ? argv + optind : stdin_only;
    for (; *inputs; inputs++) {
        int r = reveal_input(key, *inputs, &out, &acc, &ob, &bad);
        if (r == RV_INPUT) {
            status = RV_INPUT;
        } else if (r != RV_OK) {
            status = r;
            break;
        }
    }
    if (!sink_close(&out) && status != RV_INTERNAL)
        status = RV_OUTPUT;
    if (out.err)
        fprintf(stderr, "phiscrub reveal: cannot write output: %s\n",
                out.err == EPIPE ? "the reader closed the pipe" : strerror(out.err));
    if (bad) {
        fprintf(stderr, "phiscrub reveal: %" PRIu64 " token(s) did not open\n", bad);
        if (status == RV_OK)
            status = RV_INPUT;
    }
    phs_buf_free(&acc);
    phs_buf_free(&ob);
    phs_key_free(key);
    return status;
}

/*
 * libFuzzer target: for any input,
 *   1. nothing is lost: the output is the input with exactly the reported
 *      spans replaced by their labels (or the unprocessed mark), every other
 *      byte the same;
 *   2. chunking does not matter: feeding the input in pieces whose sizes come
 *      from the input itself, through a tiny output buffer, gives the same
 *      bytes as the one-shot call;
 *   3. under `encrypt` for every category, phs_reveal gives the input back
 *      byte for byte (unless a line was masked whole);
 *   4. under a mix of tokenize, surrogate, partial and drop, chunking does
 *      not matter either.
 * Any difference aborts, which libFuzzer reports as a crash.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

static phs_db *db, *db_enc, *db_mix;
static phs_key *key;

typedef struct spans {
    phs_finding v[4096];
    size_t n;
    int overflow;
} spans;

static void collect(const phs_finding *f, void *user)
{
    spans *s = user;
    if (s->n == sizeof s->v / sizeof s->v[0]) {
        s->overflow = 1;
        return;
    }
    s->v[s->n++] = *f;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    phs_rules *r;
    phs_options o;
    phs_options_init(&o);
    o.block_size = 64;       /* small, so block edges are exercised */
    o.max_line_size = 4096;  /* and the fail-closed path for long lines */
    /* the name dictionaries take seconds to compile: cache them */
    o.cache_dir = getenv("PHISCRUB_CACHE_DIR");
    if (phs_rules_load_bundled(&r, NULL) || phs_db_create(r, &o, &db, NULL))
        abort();
    static const char k[] = "fuzz key, not a secret: 0123456789abcdef";
    if (phs_key_from_bytes(k, sizeof k - 1, &key))
        abort();
    o.key = key;
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = PHS_ACT_ENCRYPT;
    if (phs_db_create(r, &o, &db_enc, NULL))
        abort();
    static const phs_action mix[] = {PHS_ACT_TOKENIZE, PHS_ACT_SURROGATE, PHS_ACT_PARTIAL,
                                     PHS_ACT_TOKENIZE, PHS_ACT_SURROGATE};
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = mix[c % 5];
    o.actions[PHS_CAT_AGE] = PHS_ACT_DROP;
    if (phs_db_create(r, &o, &db_mix, NULL))
        abort();
    phs_rules_free(r);
    return 0;
}

/* Feed data in pieces sized by the data itself, through tiny output
   buffers; returns the output length. */
static size_t run_chunked(const phs_db *d, const uint8_t *data, size_t size, char *chunked)
{
    phs_stream *st;
    if (phs_stream_create(d, &st))
        abort();
    size_t n2 = 0, pos = 0, step = 0;
    while (pos < size) {
        size_t len = 1 + (size_t)(data[step++ % size] % 17);
        if (len > size - pos)
            len = size - pos;
        phs_inbuf in = {data + pos, len, 0};
        while (in.pos < in.size) {
            char tiny[3];
            phs_outbuf out = {tiny, sizeof tiny, 0};
            if (phs_stream_feed(st, &out, &in))
                abort();
            memcpy(chunked + n2, tiny, out.pos);
            n2 += out.pos;
            while (phs_stream_pending(st)) {
                out.pos = 0;
                phs_inbuf none = {NULL, 0, 0};
                if (phs_stream_feed(st, &out, &none))
                    abort();
                memcpy(chunked + n2, tiny, out.pos);
                n2 += out.pos;
            }
        }
        pos += len;
    }
    size_t rem;
    do {
        char tiny[5];
        phs_outbuf out = {tiny, sizeof tiny, 0};
        if (phs_stream_flush(st, &out, &rem))
            abort();
        memcpy(chunked + n2, tiny, out.pos);
        n2 += out.pos;
    } while (rem);
    phs_stream_free(st);
    return n2;
}

static void check_actions(const uint8_t *data, size_t size, char *one, char *chunked, size_t cap)
{
    spans *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    size_t n1 = 0;
    if (phs_redact(db_enc, data, size, one, cap, &n1, collect, s) != PHS_OK)
        abort();
    int whole = s->overflow;
    for (size_t i = 0; i < s->n; i++)
        whole |= s->v[i].category == PHS_CAT_COUNT;
    if (!whole) {
        size_t w = 0;
        int rc = phs_reveal(key, one, n1, chunked, cap, &w, NULL, NULL);
        if ((rc != PHS_OK && rc != PHS_E_TOKEN) || w != size || memcmp(chunked, data, size) != 0)
            abort();
    }
    free(s);
    if (phs_redact(db_mix, data, size, one, cap, &n1, NULL, NULL) != PHS_OK)
        abort();
    size_t n2 = run_chunked(db_mix, data, size, chunked);
    if (n1 != n2 || memcmp(one, chunked, n1) != 0)
        abort();
}

/* A span that may be a bare JSON number or literal: its label may come out
   in quotes ("age":"[AGE]", so the record stays JSON). */
static bool bare_scalar(const uint8_t *in, const phs_finding *f)
{
    if (f->offset && in[f->offset - 1] == '"')
        return false;
    for (size_t i = 0; i < f->length; i++)
        if (!strchr("0123456789-+.eEtruefalsn", in[f->offset + i]) || !in[f->offset + i])
            return false;
    return f->length > 0;
}

/* The input with each reported span replaced by its label, quoted where the
   output quotes a bare scalar's: `out` says which, nothing else is taken
   from it. */
static char *expected_from(const uint8_t *in, size_t n, const spans *s, const char *out,
                           size_t outn, size_t *len)
{
    size_t cap = n + s->n * 34 + 1;
    char *e = malloc(cap);
    if (!e)
        abort();
    size_t pos = 0, k = 0;
    for (size_t i = 0; i < s->n; i++) {
        const phs_finding *f = &s->v[i];
        if (f->offset < pos || f->offset + f->length > n)
            abort(); /* out of order or out of range */
        memcpy(e + k, in + pos, f->offset - pos);
        k += f->offset - pos;
        const char *cat = phs_category_name(f->category);
        char label[32];
        int l = cat ? snprintf(label, sizeof label, "[%s]", cat)
                    : snprintf(label, sizeof label, "%s", PHS_UNPROCESSED_MARK);
        bool q = cat && k < outn && out[k] == '"' && bare_scalar(in, f);
        if (q)
            e[k++] = '"';
        memcpy(e + k, label, (size_t)l);
        k += (size_t)l;
        if (q)
            e[k++] = '"';
        pos = f->offset + f->length;
    }
    memcpy(e + k, in + pos, n - pos);
    k += n - pos;
    *len = k;
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a surrogate of an n-byte value takes up to 4n + 64 bytes */
    size_t cap = size * 80 + 512;
    char *one = malloc(cap), *chunked = malloc(cap);
    if (!one || !chunked)
        abort();
    spans *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    size_t n1 = 0;
    if (phs_redact(db, data, size, one, cap, &n1, collect, s) != PHS_OK)
        abort();

    if (!s->overflow) {
        size_t ne;
        char *exp = expected_from(data, size, s, one, n1, &ne);
        if (ne != n1 || memcmp(exp, one, n1) != 0)
            abort();
        free(exp);
    }

    size_t n2 = run_chunked(db, data, size, chunked);
    if (n1 != n2 || memcmp(one, chunked, n1) != 0)
        abort();
    check_actions(data, size, one, chunked, cap);
    free(one);
    free(chunked);
    free(s);
    return 0;
}

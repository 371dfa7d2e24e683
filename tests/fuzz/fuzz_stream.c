/*
 * libFuzzer target: for any input,
 *   1. nothing is lost: the output is the input with exactly the reported
 *      spans replaced by their labels (or the unprocessed mark), every other
 *      byte the same;
 *   2. chunking does not matter: feeding the input in pieces whose sizes come
 *      from the input itself, through a tiny output buffer, gives the same
 *      bytes as the one-shot call.
 * Any difference aborts, which libFuzzer reports as a crash.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

static phs_db *db;

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
    phs_rules_free(r);
    return 0;
}

static char *expected_from(const uint8_t *in, size_t n, const spans *s, size_t *len)
{
    size_t cap = n + s->n * 32 + 1;
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
        memcpy(e + k, label, (size_t)l);
        k += (size_t)l;
        pos = f->offset + f->length;
    }
    memcpy(e + k, in + pos, n - pos);
    k += n - pos;
    *len = k;
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap = size * 16 + 64;
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
        char *exp = expected_from(data, size, s, &ne);
        if (ne != n1 || memcmp(exp, one, n1) != 0)
            abort();
        free(exp);
    }

    phs_stream *st;
    if (phs_stream_create(db, &st))
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
    if (n1 != n2 || memcmp(one, chunked, n1) != 0)
        abort();
    free(one);
    free(chunked);
    free(s);
    return 0;
}

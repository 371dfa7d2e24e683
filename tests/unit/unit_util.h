/* Helpers shared by the cmocka unit tests: databases from rules text or the
   bundled set, one-shot and chunked redaction into growable buffers, a
   findings collector and a small deterministic PRNG. Header-only. */
#ifndef PHISCRUB_UNIT_UTIL_H
#define PHISCRUB_UNIT_UTIL_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "phiscrub.h"

/* ------------------------------------------------------------ temp files */

/* A new folder under $TMPDIR (ctest sets it to the build dir), named after
   `tag`; the caller frees the path. */
static inline char *make_tmpdir_named(const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    size_t n = strlen(base) + strlen(tag) + 16;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/phs-%s-XXXXXX", base, tag);
    assert_non_null(mkdtemp(p));
    return p;
}

static inline char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Remove a folder and everything under it; links are removed, not followed. */
static inline void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

/* ------------------------------------------------------------ byte buffer */

typedef struct ubuf {
    char *p;
    size_t len, cap;
} ubuf;

static inline void ubuf_add(ubuf *b, const void *p, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc - b->len < n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        assert_non_null(np);
        b->p = np;
        b->cap = nc;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void ubuf_free(ubuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------ findings */

typedef struct flist {
    phs_finding *v;
    size_t n, cap;
} flist;

static inline void flist_cb(const phs_finding *f, void *user)
{
    flist *l = user;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        phs_finding *nv = realloc(l->v, nc * sizeof *nv);
        assert_non_null(nv);
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = *f;
}

static inline void flist_free(flist *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* ------------------------------------------------------------ databases */

/* Compile rules text; fails the test (printing the phs_error) on error. */
static inline phs_db *db_from_text(const char *text, const phs_options *opts)
{
    phs_rules *rules = NULL;
    phs_error err;
    memset(&err, 0, sizeof err);
    int rc = phs_rules_load_buffer(text, strlen(text), "<test>", &rules, &err);
    if (rc != PHS_OK)
        print_error("rules: %s:%zu [%s] %s\n", err.file, err.line, err.rule_id, err.reason);
    assert_int_equal(rc, PHS_OK);
    phs_db *db = NULL;
    rc = phs_db_create(rules, opts, &db, &err);
    if (rc != PHS_OK)
        print_error("compile: %s:%zu [%s] %s\n", err.file, err.line, err.rule_id, err.reason);
    assert_int_equal(rc, PHS_OK);
    phs_rules_free(rules);
    return db;
}

static inline phs_db *db_bundled(const phs_options *opts)
{
    phs_rules *rules = NULL;
    phs_error err;
    memset(&err, 0, sizeof err);
    int rc = phs_rules_load_bundled(&rules, &err);
    if (rc != PHS_OK)
        print_error("bundled: %s:%zu [%s] %s\n", err.file, err.line, err.rule_id, err.reason);
    assert_int_equal(rc, PHS_OK);
    /* The bundled rules carry the name dictionaries, whose compile takes
       seconds: the test programs share one cache in the build tree. */
    phs_options o;
    if (opts)
        o = *opts;
    else
        phs_options_init(&o);
    char cache[4096];
    const char *tmp = getenv("TMPDIR");
    if (!o.cache_dir && snprintf(cache, sizeof cache, "%s/phiscrub-test-cache",
                                 tmp ? tmp : "/tmp") < (int)sizeof cache)
        o.cache_dir = cache;
    phs_db *db = NULL;
    rc = phs_db_create(rules, &o, &db, &err);
    if (rc != PHS_OK)
        print_error("compile: %s:%zu [%s] %s\n", err.file, err.line, err.rule_id, err.reason);
    assert_int_equal(rc, PHS_OK);
    phs_rules_free(rules);
    return db;
}

/* Index of rule `id` in db, or the rule count when absent. */
static inline size_t db_rule_index(const phs_db *db, const char *id)
{
    size_t n = phs_db_rule_count(db);
    for (size_t i = 0; i < n; i++)
        if (strcmp(phs_db_rule_id(db, i), id) == 0)
            return i;
    return n;
}

/* ------------------------------------------------------------ redaction */

/* One-shot redaction of [in, in+len) with phs_redact. A first call gets
   room for twice the input; when that is too small, PHS_E_DSTSIZE must give
   the exact size for a second call. Result is NUL-terminated; *outlen gets
   its length. */
static inline char *redact_buf(const phs_db *db, const void *in, size_t len, size_t *outlen,
                               flist *findings)
{
    size_t cap = 2 * len + 64;
    char *out = malloc(cap + 1);
    assert_non_null(out);
    size_t written = SIZE_MAX;
    int rc = phs_redact(db, in, len, out, cap, &written, findings ? flist_cb : NULL, findings);
    if (rc == PHS_E_DSTSIZE) {
        assert_true(written > cap);
        cap = written;
        free(out);
        out = malloc(cap + 1);
        assert_non_null(out);
        if (findings)
            findings->n = 0;
        written = SIZE_MAX;
        rc = phs_redact(db, in, len, out, cap, &written, findings ? flist_cb : NULL, findings);
        assert_int_equal(written, cap);
    }
    assert_int_equal(rc, PHS_OK);
    assert_true(written <= cap);
    out[written] = '\0';
    if (outlen)
        *outlen = written;
    return out;
}

/* The same through a reusable stream: reset, feed all, flush. */
static inline char *redact_stream(phs_stream *s, const void *in, size_t len, size_t *outlen,
                                  flist *findings)
{
    phs_stream_reset(s);
    phs_stream_set_callback(s, findings ? flist_cb : NULL, findings);
    size_t cap = 2 * len + 64;
    char *out = malloc(cap + 1);
    assert_non_null(out);
    phs_outbuf ob = {out, cap, 0};
    phs_inbuf ib = {in, len, 0};
    while (ib.pos < ib.size) {
        if (ob.pos == ob.size) {
            cap *= 2;
            char *n = realloc(out, cap + 1);
            assert_non_null(n);
            out = n;
            ob.dst = out;
            ob.size = cap;
        }
        assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    }
    size_t rem;
    do {
        if (ob.pos == ob.size) {
            cap *= 2;
            char *n = realloc(out, cap + 1);
            assert_non_null(n);
            out = n;
            ob.dst = out;
            ob.size = cap;
        }
        assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
    } while (rem);
    out[ob.pos] = '\0';
    if (outlen)
        *outlen = ob.pos;
    return out;
}

static inline char *redact_str(const phs_db *db, const char *in)
{
    return redact_buf(db, in, strlen(in), NULL, NULL);
}

static inline void check_redact(const phs_db *db, const char *in, const char *expected,
                                 const char *file, int line)
{
    char *got = redact_str(db, in);
    if (strcmp(got, expected) != 0)
        print_error("input:    \"%s\"\nexpected: \"%s\"\ngot:      \"%s\"\n", in, expected, got);
    _assert_string_equal(got, expected, file, line);
    free(got);
}

/* The output must equal the input exactly. */
#define EXPECT_REDACT(db, in, out) check_redact((db), (in), (out), __FILE__, __LINE__)
#define EXPECT_KEPT(db, in) check_redact((db), (in), (in), __FILE__, __LINE__)

/* ------------------------------------------------------------ PRNG */

static inline uint64_t rng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

/* Uniform-ish in [lo, hi]. */
static inline size_t rng_range(uint64_t *s, size_t lo, size_t hi)
{
    return lo + (size_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

#endif

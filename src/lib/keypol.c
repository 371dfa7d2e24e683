/* The site's key policy (allow.h): a value under a kept key is left as it
   is, one under a redacted key (or, in strict mode, under any key that is
   not listed) becomes PHS_REDACTED_MARK. Lines are read as JSON records
   (json.c's walker) or, when they hold none, as logfmt pairs; records
   (Fluent Bit) ask phs_stream_key_policy value by value. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "allow.h"
#include "structure.h"

#define REF_NONE 0xffffffu

phs_key_verdict phs_site_key(const phs_sitedb *sd, const char *key, size_t klen, uint32_t *ref)
{
    uint32_t v;
    *ref = REF_NONE;
    if (!sd)
        return PHS_KEY_SCAN;
    if (klen && phs_hset_get(&sd->keys, 0, key, klen, &v)) {
        switch ((phs_site_kind)(v >> 24)) {
        case PHS_SITE_KEEP_KEY: *ref = v & REF_NONE; return PHS_KEY_KEEP;
        case PHS_SITE_REDACT_KEY: return PHS_KEY_REDACT;
        default: return PHS_KEY_SCAN; /* listed: the detectors decide */
        }
    }
    /* strict: a key nobody reviewed holds PHI until someone says not */
    return sd->strict ? PHS_KEY_REDACT : PHS_KEY_SCAN;
}

typedef struct kp_ctx {
    const phs_sitedb *sd;
    phs_site_state *st;
    const char *line;
    size_t base;       /* the line's offset in the block */
    uint32_t ref;      /* audit entry of the key classified last */
    bool oom;
} kp_ctx;

static void add_range(kp_ctx *k, size_t s, size_t e, bool redact, bool quote, uint32_t ref)
{
    phs_site_state *st = k->st;
    if (st->nr == st->capr) {
        size_t nc = st->capr ? st->capr * 2 : 16;
        phs_site_range *nv = realloc(st->r, nc * sizeof *nv);
        if (!nv) {
            k->oom = true;
            return;
        }
        st->r = nv;
        st->capr = nc;
    }
    st->r[st->nr++] = (phs_site_range){.start = k->base + s, .end = k->base + e, .ref = ref,
                                       .redact = redact, .quote = quote};
    if (!redact && ref != REF_NONE)
        st->kept[ref]++;
}

/* ------------------------------------------------------------------ JSON */

static phs_category json_classify(const char *key, size_t klen, const char *parent, size_t plen,
                                  const char *rtype, size_t rtlen, void *ctx)
{
    (void)parent, (void)plen, (void)rtype, (void)rtlen;
    kp_ctx *k = ctx;
    /* an array's scalars take the array's verdict: the last key asked
       about is theirs unless an object sits between them */
    switch (phs_site_key(k->sd, key, klen, &k->ref)) {
    case PHS_KEY_KEEP: return PHS_JSON_KEEP;
    case PHS_KEY_REDACT: return PHS_JSON_REDACT;
    default: return PHS_CAT_COUNT;
    }
}

static int json_emit(size_t start, size_t end, phs_category cat, void *ctx)
{
    kp_ctx *k = ctx;
    if (cat != PHS_JSON_KEEP && cat != PHS_JSON_REDACT)
        return 0;
    /* a string's span is inside its quotes; a number or a literal gets
       quotes around the mark, so the record stays JSON */
    bool quote = start == 0 || k->line[start - 1] != '"';
    add_range(k, start, end, cat == PHS_JSON_REDACT, quote, k->ref);
    return k->oom;
}

/* ---------------------------------------------------------------- logfmt */

static bool key_start(unsigned char c) { return isalpha(c) || c == '_'; }

static bool key_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == '@';
}

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* The value after the '=' at i: a "quoted" string (backslash escapes) or a
   run to the next blank. Sets [*vs, *ve) and returns where the pair ends. */
static size_t kv_value(const char *line, size_t len, size_t i, size_t *vs, size_t *ve)
{
    if (i < len && line[i] == '"') {
        size_t j = i + 1;
        while (j < len && line[j] != '"')
            j += line[j] == '\\' && j + 1 < len ? 2 : 1;
        *vs = i + 1;
        *ve = j < len ? j : len; /* unterminated: to the end (fail closed) */
        return j < len ? j + 1 : len;
    }
    size_t j = i;
    while (j < len && !blank(line[j]))
        j++;
    *vs = i;
    *ve = j;
    return j;
}

/* key=value pairs; a key starts the line or follows a blank. */
static void kv_walk(kp_ctx *k, const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && !k->oom) {
        if ((i && !blank(line[i - 1])) || !key_start((unsigned char)line[i])) {
            i++;
            continue;
        }
        size_t ks = i;
        while (i < len && key_char((unsigned char)line[i]))
            i++;
        if (i >= len || line[i] != '=')
            continue;
        size_t ke = i, vs, ve;
        i = kv_value(line, len, i + 1, &vs, &ve);
        if (ve == vs || phs_is_own_output(line + vs, ve - vs))
            continue;
        uint32_t ref;
        phs_key_verdict v = phs_site_key(k->sd, line + ks, ke - ks, &ref);
        if (v == PHS_KEY_KEEP || v == PHS_KEY_REDACT)
            add_range(k, vs, ve, v == PHS_KEY_REDACT, false, ref);
    }
}

/* ------------------------------------------------------------------ a line */

static bool starts_record(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (blank(line[i]) || line[i] == '\r'))
        i++;
    return i < len && (line[i] == '{' || line[i] == '[');
}

int phs_keypol_line(const phs_sitedb *sd, phs_site_state *st, const char *blk, size_t ls,
                    size_t le)
{
    const char *line = blk + ls;
    size_t len = le - ls;
    kp_ctx k = {.sd = sd, .st = st, .line = line, .base = ls, .ref = REF_NONE};
    int r = phs_json_scan_policy(line, len, json_classify, &k, json_emit, &k);
    if (k.oom)
        return PHS_E_NOMEM;
    if (r == PHS_STRUCT_OK)
        return PHS_OK;
    if (r == PHS_STRUCT_MALFORMED) {
        /* what a broken record's walk would keep is not trusted */
        size_t n = 0;
        for (size_t i = 0; i < st->nr; i++)
            if (st->r[i].redact)
                st->r[n++] = st->r[i];
        st->nr = n;
        /* strict mode cannot tell which key a value of it sits under */
        if (sd->strict && starts_record(line, len))
            return PHS_E_RULES;
    }
    kv_walk(&k, line, len);
    return k.oom ? PHS_E_NOMEM : PHS_OK;
}

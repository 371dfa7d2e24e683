/* The record walk (msgpack_record.h). Values are redacted one at a time
   through one phiscrub stream; the walk keeps the parent key and the FHIR
   resourceType of each level, as the JSON walker does for JSON text, so one
   key policy (the rules' `keys` classes) serves lines and records alike. */
#define _GNU_SOURCE
#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgpack_record.h"

#define MREC_MAX_DEPTH 64

static const char unprocessed[] = PHS_UNPROCESSED_MARK;

struct phs_mrec {
    phs_stream *s;
    char **keys;
    size_t nkeys;
    char *buf;       /* a value's replacement */
    size_t cap;
};

int phs_mrec_create(const phs_db *db, const char *const *keys, size_t nkeys, phs_mrec **out)
{
    if (!db || !out || (nkeys && !keys))
        return PHS_E_ARG;
    *out = NULL;
    phs_mrec *r = calloc(1, sizeof *r);
    if (!r)
        return PHS_E_NOMEM;
    int rc = phs_stream_create(db, &r->s);
    if (!rc && nkeys) {
        r->keys = calloc(nkeys, sizeof *r->keys);
        rc = r->keys ? PHS_OK : PHS_E_NOMEM;
        for (size_t i = 0; !rc && i < nkeys; i++) {
            r->keys[i] = strdup(keys[i]);
            rc = r->keys[i] ? PHS_OK : PHS_E_NOMEM;
            r->nkeys = i + 1;
        }
    }
    if (rc) {
        phs_mrec_free(r);
        return rc;
    }
    *out = r;
    return PHS_OK;
}

void phs_mrec_free(phs_mrec *r)
{
    if (!r)
        return;
    phs_stream_free(r->s);
    for (size_t i = 0; i < r->nkeys; i++)
        free(r->keys[i]);
    free(r->keys);
    if (r->buf)
        explicit_bzero(r->buf, r->cap);
    free(r->buf);
    free(r);
}

void phs_mrec_stats(const phs_mrec *r, phs_stats *out)
{
    if (r && out)
        phs_stream_stats(r->s, out);
}

static int reserve(phs_mrec *r, size_t need)
{
    if (r->cap >= need)
        return PHS_OK;
    size_t nc = r->cap ? r->cap : 4096;
    while (nc < need)
        nc *= 2;
    char *nb = malloc(nc);
    if (!nb)
        return PHS_E_NOMEM;
    if (r->buf) {
        explicit_bzero(r->buf, r->cap);
        free(r->buf);
    }
    r->buf = nb;
    r->cap = nc;
    return PHS_OK;
}

/* A walk's view of where a value sits. */
typedef struct where {
    const char *key, *parent, *rtype;
    size_t klen, plen, rtlen;
} where;

static bool is_str(const msgpack_object *o) { return o->type == MSGPACK_OBJECT_STR; }

/* The output buffer is full: double it, keeping what is written. */
static int grow_out(phs_mrec *r, phs_outbuf *out)
{
    size_t used = out->pos;
    char *nb = malloc(r->cap * 2);
    if (!nb)
        return PHS_E_NOMEM;
    memcpy(nb, r->buf, used);
    explicit_bzero(r->buf, r->cap);
    free(r->buf);
    r->buf = nb;
    r->cap *= 2;
    *out = (phs_outbuf){r->buf, r->cap, used};
    return PHS_OK;
}

/* Free text through the stream. *changed when the bytes differ; *drop
   when the policy drops a line of it. */
static int redact_text(phs_mrec *r, const char *p, size_t n, size_t *outlen, bool *changed,
                       bool *drop)
{
    phs_stats before;
    phs_stream_stats(r->s, &before);
    int rc = reserve(r, n + n / 4 + 256);
    if (rc)
        return rc;
    phs_inbuf in = {p, n, 0};
    phs_outbuf out = {r->buf, r->cap, 0};
    while ((rc = phs_stream_feed(r->s, &out, &in)) == PHS_OK && in.pos < in.size)
        if ((rc = grow_out(r, &out)))
            return rc;
    if (rc)
        return rc;
    size_t rem;
    do {
        if ((rc = phs_stream_flush(r->s, &out, &rem)))
            return rc;
        if (rem && (rc = grow_out(r, &out)))
            return rc;
    } while (rem);
    phs_stats after;
    phs_stream_stats(r->s, &after);
    *drop = after.lines_dropped != before.lines_dropped;
    *outlen = out.pos;
    *changed = out.pos != n || (n && memcmp(r->buf, p, n) != 0); /* p may be NULL when n is 0 */
    return PHS_OK;
}

static int pack_str(msgpack_packer *pk, const char *p, size_t n)
{
    if (msgpack_pack_str(pk, n) || msgpack_pack_str_body(pk, p, n))
        return PHS_E_NOMEM;
    return PHS_OK;
}

/* A whole value of category cat, written as a string. */
static int act_value(phs_mrec *r, phs_category cat, const char *p, size_t n, msgpack_packer *pk,
                     bool *drop, bool *changed)
{
    int rc = reserve(r, PHS_ACT_ROOM(n));
    if (rc)
        return rc;
    size_t w = 0;
    int d = 0;
    rc = phs_stream_act(r->s, cat, p, n, r->buf, r->cap, &w, &d);
    if (rc)
        return rc;
    *drop = d != 0;
    *changed = d || w != n || memcmp(r->buf, p, n) != 0;
    return d ? PHS_OK : pack_str(pk, r->buf, w);
}

typedef struct walk {
    phs_mrec *r;
    msgpack_packer *pk;
    bool select; /* the `keys` selection applies (a record body) */
    bool changed, drop;
} walk;

static int walk_value(walk *w, const msgpack_object *o, const where *at, int depth);

/* The resourceType of a FHIR resource, when this map is one. */
static void find_rtype(const msgpack_object_map *m, where *child, const where *at)
{
    child->rtype = at->rtype;
    child->rtlen = at->rtlen;
    for (uint32_t i = 0; i < m->size; i++) {
        const msgpack_object *k = &m->ptr[i].key, *v = &m->ptr[i].val;
        if (is_str(k) && k->via.str.size == 12 && memcmp(k->via.str.ptr, "resourceType", 12) == 0 &&
            is_str(v)) {
            child->rtype = v->via.str.ptr;
            child->rtlen = v->via.str.size;
            return;
        }
    }
}

static bool key_selected(const phs_mrec *r, const msgpack_object *k)
{
    if (!is_str(k))
        return false;
    for (size_t i = 0; i < r->nkeys; i++)
        if (strlen(r->keys[i]) == k->via.str.size &&
            memcmp(r->keys[i], k->via.str.ptr, k->via.str.size) == 0)
            return true;
    return false;
}

static bool has_digit(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] >= '0' && p[i] <= '9')
            return true;
    return false;
}

/* A number as text: integers in full, other numbers with 17 digits. */
static size_t number_text(const msgpack_object *o, char *num, size_t cap)
{
    int nl;
    if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
        nl = snprintf(num, cap, "%" PRIu64, o->via.u64);
    else if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
        nl = snprintf(num, cap, "%" PRId64, o->via.i64);
    else
        nl = snprintf(num, cap, "%.17g", o->via.f64);
    assert(nl > 0 && (size_t)nl < cap);
    return (size_t)nl;
}

static bool is_number(const msgpack_object *o)
{
    return o->type == MSGPACK_OBJECT_POSITIVE_INTEGER ||
           o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER || o->type == MSGPACK_OBJECT_FLOAT32 ||
           o->type == MSGPACK_OBJECT_FLOAT64;
}

/* A map key is data too (docs/fluent-bit.md, "Keys"): a string key is
   redacted as text, and in a map held by a PHI key ("mrn": {"00123456":
   ...}) a key with a digit in it, or a number, is a value of that key's
   category. Field names ("family" under "patient_name") have no digit. */
static int walk_key(walk *w, const msgpack_object *k, phs_category held)
{
    phs_mrec *r = w->r;
    bool d = false, ch = false;
    int rc;
    if (held < PHS_CAT_COUNT && is_number(k)) {
        char num[48];
        size_t nl = number_text(k, num, sizeof num);
        w->changed = true; /* the type changes */
        rc = act_value(r, held, num, nl, w->pk, &d, &ch);
    } else if (!is_str(k) || !k->via.str.size) {
        return msgpack_pack_object(w->pk, *k) ? PHS_E_NOMEM : PHS_OK;
    } else if (held < PHS_CAT_COUNT && has_digit(k->via.str.ptr, k->via.str.size)) {
        rc = act_value(r, held, k->via.str.ptr, k->via.str.size, w->pk, &d, &ch);
    } else {
        size_t ol = 0;
        rc = redact_text(r, k->via.str.ptr, k->via.str.size, &ol, &ch, &d);
        if (!rc)
            rc = pack_str(w->pk, r->buf, ol);
    }
    w->drop |= d;
    w->changed |= ch;
    return rc;
}

static int walk_map(walk *w, const msgpack_object_map *m, const where *at, int depth, bool top)
{
    if (msgpack_pack_map(w->pk, m->size))
        return PHS_E_NOMEM;
    where child = {.parent = at->key, .plen = at->klen};
    find_rtype(m, &child, at);
    /* the category of the key that holds this map, as a scalar there has */
    phs_category held = at->klen ? phs_stream_key_category(w->r->s, at->key, at->klen, at->parent,
                                                           at->plen, at->rtype, at->rtlen)
                                 : PHS_CAT_COUNT;
    for (uint32_t i = 0; i < m->size; i++) {
        const msgpack_object *k = &m->ptr[i].key, *v = &m->ptr[i].val;
        if (top && w->select && !key_selected(w->r, k)) {
            if (msgpack_pack_object(w->pk, *k) || msgpack_pack_object(w->pk, *v))
                return PHS_E_NOMEM;
            continue;
        }
        int rc = walk_key(w, k, held);
        if (rc)
            return rc;
        /* the value is classified by the key as it came in */
        child.key = is_str(k) ? k->via.str.ptr : "";
        child.klen = is_str(k) ? k->via.str.size : 0;
        if ((rc = walk_value(w, v, &child, depth + 1)))
            return rc;
    }
    return PHS_OK;
}

static int walk_value(walk *w, const msgpack_object *o, const where *at, int depth)
{
    if (depth > MREC_MAX_DEPTH)
        return PHS_E_ARG;
    phs_mrec *r = w->r;
    /* The key classes are regular expressions: asked for scalars only (a
       boolean only for the site's key policy). */
    phs_category cat = PHS_CAT_COUNT;
    phs_key_verdict kv = PHS_KEY_SCAN;
    bool boolean = o->type == MSGPACK_OBJECT_BOOLEAN;
    if (at->klen && o->type != MSGPACK_OBJECT_MAP && o->type != MSGPACK_OBJECT_ARRAY &&
        o->type != MSGPACK_OBJECT_NIL && !(is_str(o) && o->via.str.size == 0))
        kv = phs_stream_key_policy(r->s, at->key, at->klen, at->parent, at->plen, at->rtype,
                                   at->rtlen, boolean ? NULL : &cat);
    if (kv == PHS_KEY_KEEP)
        return msgpack_pack_object(w->pk, *o) ? PHS_E_NOMEM : PHS_OK;
    if (kv == PHS_KEY_REDACT) {
        w->changed = true;
        return pack_str(w->pk, PHS_REDACTED_MARK, sizeof PHS_REDACTED_MARK - 1);
    }
    char num[48];
    switch (o->type) {
    case MSGPACK_OBJECT_STR:
    case MSGPACK_OBJECT_BIN: {
        const char *p = o->type == MSGPACK_OBJECT_STR ? o->via.str.ptr : o->via.bin.ptr;
        size_t n = o->type == MSGPACK_OBJECT_STR ? o->via.str.size : o->via.bin.size;
        if (cat < PHS_CAT_COUNT && n) {
            bool d = false, ch = false;
            int rc = act_value(r, cat, p, n, w->pk, &d, &ch);
            w->drop |= d;
            w->changed |= ch;
            return rc;
        }
        size_t ol = 0;
        bool ch = false, d = false;
        int rc = redact_text(r, p, n, &ol, &ch, &d);
        if (rc)
            return rc;
        w->changed |= ch;
        w->drop |= d;
        if (o->type == MSGPACK_OBJECT_BIN)
            return msgpack_pack_bin(w->pk, ol) || msgpack_pack_bin_body(w->pk, r->buf, ol)
                       ? PHS_E_NOMEM
                       : PHS_OK;
        return pack_str(w->pk, r->buf, ol);
    }
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64:
        if (cat == PHS_CAT_COUNT)
            return msgpack_pack_object(w->pk, *o) ? PHS_E_NOMEM : PHS_OK;
        /* A number under a PHI key ("ssn": 123456789, "age": 95) is PHI
           whatever its type: it becomes a string. */
        {
            size_t nl = number_text(o, num, sizeof num);
            /* the type changes, so the record does */
            w->changed = true;
            bool d = false, ch = false;
            int rc = act_value(r, cat, num, nl, w->pk, &d, &ch);
            w->drop |= d;
            return rc;
        }
    case MSGPACK_OBJECT_ARRAY:
        if (msgpack_pack_array(w->pk, o->via.array.size))
            return PHS_E_NOMEM;
        for (uint32_t i = 0; i < o->via.array.size; i++) {
            /* elements sit under the array's key, as in the JSON walker:
               "identifier": [{"value": ...}] */
            int rc = walk_value(w, &o->via.array.ptr[i], at, depth + 1);
            if (rc)
                return rc;
        }
        return PHS_OK;
    case MSGPACK_OBJECT_MAP:
        return walk_map(w, &o->via.map, at, depth, false);
    default: /* nil, boolean, ext */
        return msgpack_pack_object(w->pk, *o) ? PHS_E_NOMEM : PHS_OK;
    }
}

static int redact(phs_mrec *r, const msgpack_object *obj, bool select, msgpack_packer *pk)
{
    if (!r || !obj || !pk)
        return PHS_E_ARG;
    walk w = {.r = r, .pk = pk, .select = select && r->nkeys};
    where top = {0};
    int rc = obj->type == MSGPACK_OBJECT_MAP ? walk_map(&w, &obj->via.map, &top, 0, true)
                                             : walk_value(&w, obj, &top, 0);
    if (rc)
        return rc;
    if (w.drop)
        return PHS_MREC_DROP;
    return w.changed ? PHS_MREC_CHANGED : PHS_MREC_SAME;
}

int phs_mrec_redact(phs_mrec *r, const msgpack_object *record, msgpack_packer *pk)
{
    return redact(r, record, true, pk);
}

int phs_mrec_redact_metadata(phs_mrec *r, const msgpack_object *metadata, msgpack_packer *pk)
{
    return redact(r, metadata, false, pk);
}

static int mask_whole(const msgpack_object *o, msgpack_packer *pk, int depth)
{
    if (depth > MREC_MAX_DEPTH)
        return PHS_E_ARG;
    switch (o->type) {
    case MSGPACK_OBJECT_MAP:
        if (msgpack_pack_map(pk, o->via.map.size))
            return PHS_E_NOMEM;
        for (uint32_t i = 0; i < o->via.map.size; i++) {
            /* keys are data too: masked as values are */
            int rc = mask_whole(&o->via.map.ptr[i].key, pk, depth + 1);
            if (!rc)
                rc = mask_whole(&o->via.map.ptr[i].val, pk, depth + 1);
            if (rc)
                return rc;
        }
        return PHS_OK;
    case MSGPACK_OBJECT_ARRAY:
        if (msgpack_pack_array(pk, o->via.array.size))
            return PHS_E_NOMEM;
        for (uint32_t i = 0; i < o->via.array.size; i++) {
            int rc = mask_whole(&o->via.array.ptr[i], pk, depth + 1);
            if (rc)
                return rc;
        }
        return PHS_OK;
    case MSGPACK_OBJECT_NIL:
    case MSGPACK_OBJECT_BOOLEAN:
        return msgpack_pack_object(pk, *o) ? PHS_E_NOMEM : PHS_OK;
    default:
        return pack_str(pk, unprocessed, sizeof unprocessed - 1);
    }
}

int phs_mrec_mask_whole(const msgpack_object *record, msgpack_packer *pk)
{
    if (!record || !pk)
        return PHS_E_ARG;
    return mask_whole(record, pk, 0);
}

/* JSON record walker: finds the objects on a log line and reports the values
   under PHI keys by position, so every other byte of the line stays as it
   was (nothing is re-serialized). No heap and no recursion: the line is
   untrusted input, and a fixed stack bounds both the memory and the nesting
   a hostile line can make us follow; deeper nesting is reported as such
   (PHS_STRUCT_TOO_DEEP), and the line is masked whole. One pass, linear
   time. */
#include <assert.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "act.h"
#include "structure.h"

/* FHIR resources nest about a dozen levels; 64 leaves room for wrappers. */
#define JSON_MAX_DEPTH 64

/* FHIR id: [A-Za-z0-9\-\.]{1,64} */
#define FHIR_ID_MAX 64

/* What the value about to be read is, as far as its position tells. */
typedef struct json_value {
    const char *key; /* the member's key, or the key the enclosing array took */
    size_t klen;
    const char *parent; /* for classify: the key of the enclosing object */
    size_t plen;
    bool member;      /* an object member: its category is asked of classify */
    bool ref;         /* under "reference" */
    phs_category cat; /* array elements: inherited from the array */
} json_value;

/* One open object or array. */
typedef struct {
    const char *key; /* key of the member holding it ("" at the top): the
                        parent of its members, or of objects in the array */
    size_t klen;
    phs_category cat; /* arrays: category of the scalars in it */
    bool ref;         /* arrays under "reference": strings are references */
    bool is_obj;
    const char *rtype; /* FHIR resourceType of the nearest object that has */
    size_t rtlen;      /* one, seen before this container opened */
    json_value held;   /* objects: the value position it took */
    bool held_known;   /* objects: cat is the category of `held` */
} json_frame;

typedef struct {
    const char *line;
    size_t len;
    size_t i;
    phs_json_classify classify;
    void *cctx;
    phs_struct_emit emit;
    void *ectx;
    json_frame st[JSON_MAX_DEPTH];
    size_t depth;
    bool policy;  /* the key policy's walk: references and literals too */
    bool scalars; /* phs_json_scalars: every number and literal, no string */
} json_walker;

/* Where the walk is: S_OBJ_NEXT (after a comma) differs from S_OBJ_FIRST in
   not taking '}', so a trailing comma is malformed. */
enum {
    S_VALUE,     /* a value is next */
    S_AFTER,     /* a value was read: ',' or the closing bracket is next */
    S_OBJ_FIRST, /* after '{': a key or '}' */
    S_OBJ_NEXT,  /* after ',' in an object: a key */
    S_ARR_FIRST  /* after '[': a value or ']' */
};

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_fhir_id_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '.';
}

static void skip_ws(json_walker *w)
{
    while (w->i < w->len && is_ws(w->line[w->i]))
        w->i++;
}

/* From the byte after an opening quote, finds the closing quote. Escapes are
   checked, not decoded: a key is handed to classify raw, and a value is
   masked in place. Bytes >= 0x80 pass whatever their encoding, since logs
   carry broken UTF-8 and the caller masks bytes, not characters. */
static bool scan_string(const char *p, size_t len, size_t *at)
{
    size_t i = *at;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"') {
            *at = i;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c != '\\') {
            i++;
            continue;
        }
        if (i + 1 >= len)
            return false;
        switch (p[i + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            i += 2;
            break;
        case 'u':
            if (len - i < 6 || !is_hex(p[i + 2]) || !is_hex(p[i + 3]) || !is_hex(p[i + 4]) ||
                !is_hex(p[i + 5]))
                return false;
            i += 6;
            break;
        default:
            return false;
        }
    }
    return false;
}

/* JSON number grammar, except that leading zeros are let through: "00123"
   under an id key is still an id, and failing the whole line for it would
   only send it to the patterns. What follows the token is checked by the
   caller's state (a delimiter must come next). */
static bool scan_number(const char *p, size_t len, size_t *at)
{
    size_t i = *at;
    if (i < len && p[i] == '-')
        i++;
    if (i >= len || !is_digit(p[i]))
        return false;
    while (i < len && is_digit(p[i]))
        i++;
    if (i < len && p[i] == '.') {
        i++;
        if (i >= len || !is_digit(p[i]))
            return false;
        while (i < len && is_digit(p[i]))
            i++;
    }
    if (i < len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < len && (p[i] == '+' || p[i] == '-'))
            i++;
        if (i >= len || !is_digit(p[i]))
            return false;
        while (i < len && is_digit(p[i]))
            i++;
    }
    *at = i;
    return true;
}

static bool scan_literal(const char *p, size_t len, size_t *at)
{
    static const char *const lits[] = {"true", "false", "null"};
    for (size_t k = 0; k < sizeof lits / sizeof lits[0]; k++) {
        size_t n = strlen(lits[k]);
        if (len - *at >= n && memcmp(p + *at, lits[k], n) == 0) {
            *at += n;
            return true;
        }
    }
    return false;
}

static bool all_of(const char *s, size_t n, char a, char b)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] != a && s[k] != b)
            return false;
    return true;
}

/* A value that is already a mask, a token or a placeholder is not
   reported, so scrubbed output scrubs to itself. The same set as
   PLACEHOLDER in patterns/70-keys.rules (with PHS_OUT of 00-defines.rules),
   so both paths leave the same values alone. */
static bool is_mask(const char *s, size_t n)
{
    static const char *const words[] = {"redacted", "masked", "hidden", "removed", "n/a",
                                        "na",       "none",   "null",   "unknown"};
    assert(n > 0);
    /* a label, a token or an encrypted token: act.c knows their forms */
    if (s[0] == '*' || phs_is_own_output(s, n))
        return true;
    if (all_of(s, n, 'x', 'X') || all_of(s, n, '-', '-'))
        return true;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strlen(words[k]) == n && strncasecmp(s, words[k], n) == 0)
            return true;
    return false;
}

/* Length of the path separator that ends just before `at`: "/", or "\/"
   from a serializer that escapes slashes; 0 if none. */
static size_t sep_before(const char *s, size_t at)
{
    if (at == 0 || s[at - 1] != '/')
        return 0;
    return at >= 2 && s[at - 2] == '\\' ? 2 : 1;
}

/* Start of the run of FHIR id characters that ends at `e`. */
static size_t id_start(const char *s, size_t e)
{
    while (e > 0 && is_fhir_id_char(s[e - 1]))
        e--;
    return e;
}

/* A FHIR reference to a person, "Patient/123" or an absolute
   ".../Patient/123", optionally with "/_history/2": finds the id, the part
   that identifies the person. The resource type must be a whole path
   segment, so "XPatient/1" is no person; "RelatedPerson/1" matches its own
   type before "Person" is tried. */
static bool person_ref_id(const char *s, size_t n, size_t *is, size_t *ie)
{
    static const char *const types[] = {"Patient", "RelatedPerson", "Person"};
    static const char hist[] = "_history";
    const size_t hl = sizeof hist - 1;
    size_t e = n, b = id_start(s, e);
    size_t sep = sep_before(s, b);
    if (e - b >= 1 && e - b <= FHIR_ID_MAX && sep && b - sep >= hl &&
        memcmp(s + b - sep - hl, hist, hl) == 0 && sep_before(s, b - sep - hl)) {
        e = b - sep - hl - sep_before(s, b - sep - hl);
        b = id_start(s, e);
        sep = sep_before(s, b);
    }
    if (e - b < 1 || e - b > FHIR_ID_MAX || !sep)
        return false;
    size_t te = b - sep; /* the type ends here */
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
        size_t tl = strlen(types[k]);
        if (te < tl)
            continue;
        size_t ts = te - tl;
        if (memcmp(s + ts, types[k], tl) == 0 && (ts == 0 || s[ts - 1] == '/')) {
            *is = b;
            *ie = e;
            return true;
        }
    }
    return false;
}

static phs_category value_category(const json_walker *w, const json_value *v)
{
    if (!v->member || (v->ref && !w->policy))
        return v->cat;
    const json_frame *f = w->depth ? &w->st[w->depth - 1] : NULL;
    phs_category c = w->classify(v->key, v->klen, v->parent, v->plen, f ? f->rtype : "",
                                 f ? f->rtlen : 0, w->cctx);
    assert((unsigned)c <= (unsigned)PHS_JSON_REDACT);
    return c;
}

static int push(json_walker *w, const json_value *v, bool is_obj)
{
    if (w->depth == JSON_MAX_DEPTH)
        return PHS_STRUCT_TOO_DEEP;
    const json_frame *up = w->depth ? &w->st[w->depth - 1] : NULL;
    json_frame *f = &w->st[w->depth++];
    f->rtype = up ? up->rtype : "";
    f->rtlen = up ? up->rtlen : 0;
    f->key = v->key;
    f->klen = v->klen;
    f->is_obj = is_obj;
    f->ref = !is_obj && v->ref;
    f->cat = is_obj ? PHS_CAT_COUNT : value_category(w, v);
    /* an object's own category is asked only when a key may be a value */
    f->held = *v;
    f->held_known = !is_obj;
    return PHS_STRUCT_OK;
}

/* A key of an object held by a PHI key is one of its values when it holds
   a digit: field names ("family" under "patient_name") have none. The hex
   of a \u escape is not one. */
static bool key_is_value(const char *k, size_t n)
{
    if (!n || is_mask(k, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (k[i] == '\\')
            i += i + 1 < n && k[i + 1] == 'u' ? 5 : 1;
        else if (is_digit(k[i]))
            return true;
    }
    return false;
}

/* The category of the key that holds the innermost object ("mrn" in
   "mrn": {"00123456": ...}), asked as for a scalar in its place, with the
   resourceType seen before it opened. */
static phs_category held_category(json_walker *w)
{
    json_frame *f = &w->st[w->depth - 1];
    if (!f->held_known) {
        const json_frame *up = w->depth > 1 ? &w->st[w->depth - 2] : NULL;
        const json_value *v = &f->held;
        f->cat = !v->member || v->ref
                     ? v->cat
                     : w->classify(v->key, v->klen, v->parent, v->plen, up ? up->rtype : "",
                                   up ? up->rtlen : 0, w->cctx);
        f->held_known = true;
    }
    return f->cat;
}

/* Reads one value at w->i; containers are only opened here, their contents
   are read by the state loop in walk_value. */
static int read_value(json_walker *w, const json_value *v, int *state)
{
    const char *p = w->line;
    char c = p[w->i];
    if (c == '{' || c == '[') {
        w->i++;
        *state = c == '{' ? S_OBJ_FIRST : S_ARR_FIRST;
        return push(w, v, c == '{');
    }
    *state = S_AFTER;
    size_t s = w->i;
    if (c == '"') {
        size_t e = s + 1;
        if (!scan_string(p, w->len, &e))
            return PHS_STRUCT_MALFORMED;
        w->i = e + 1;
        s++;
        if (e == s || w->scalars)
            return PHS_STRUCT_OK;
        if (v->ref && !w->policy) {
            size_t is, ie;
            if (person_ref_id(p + s, e - s, &is, &ie) &&
                w->emit(s + is, s + ie, PHS_CAT_PATIENT_ID, w->ectx))
                return PHS_STRUCT_STOPPED;
            return PHS_STRUCT_OK;
        }
        if (is_mask(p + s, e - s))
            return PHS_STRUCT_OK;
        if (v->member && w->depth && v->klen == 12 && memcmp(v->key, "resourceType", 12) == 0) {
            w->st[w->depth - 1].rtype = p + s;
            w->st[w->depth - 1].rtlen = e - s;
        }
        phs_category cat = value_category(w, v);
        if (cat != PHS_CAT_COUNT && w->emit(s, e, cat, w->ectx))
            return PHS_STRUCT_STOPPED;
        return PHS_STRUCT_OK;
    }
    if (c == '-' || is_digit(c)) {
        if (!scan_number(p, w->len, &w->i))
            return PHS_STRUCT_MALFORMED;
        if (w->scalars)
            return w->emit(s, w->i, PHS_CAT_COUNT, w->ectx) ? PHS_STRUCT_STOPPED : PHS_STRUCT_OK;
        if (v->ref && !w->policy)
            return PHS_STRUCT_OK; /* a reference is a string */
        phs_category cat = value_category(w, v);
        if (cat != PHS_CAT_COUNT && w->emit(s, w->i, cat, w->ectx))
            return PHS_STRUCT_STOPPED;
        return PHS_STRUCT_OK;
    }
    if (!scan_literal(p, w->len, &w->i))
        return PHS_STRUCT_MALFORMED;
    if (w->scalars)
        return w->emit(s, w->i, PHS_CAT_COUNT, w->ectx) ? PHS_STRUCT_STOPPED : PHS_STRUCT_OK;
    /* true and false under a key of the policy's ("hiv_positive": true);
       null holds nothing */
    if (w->policy && c != 'n') {
        phs_category cat = value_category(w, v);
        if (cat > PHS_CAT_COUNT && w->emit(s, w->i, cat, w->ectx))
            return PHS_STRUCT_STOPPED;
    }
    return PHS_STRUCT_OK;
}

/* The context of the next element of an array: its key and category. */
static json_value element_of(const json_frame *arr)
{
    assert(!arr->is_obj);
    return (json_value){.key = arr->key, .klen = arr->klen, .parent = "", .ref = arr->ref,
                        .cat = arr->cat};
}

/* Walks the object or array at w->i to its end, leaving w->i after it. */
static int walk_value(json_walker *w)
{
    static const char reference[] = "reference";
    assert(w->i < w->len && (w->line[w->i] == '{' || w->line[w->i] == '['));
    const char *p = w->line;
    json_value v = {.key = "", .parent = "", .cat = PHS_CAT_COUNT};
    int state = S_VALUE;
    w->depth = 0;
    for (;;) {
        if (state == S_AFTER && w->depth == 0)
            return PHS_STRUCT_OK;
        skip_ws(w);
        if (w->i == w->len)
            return PHS_STRUCT_MALFORMED; /* truncated */
        char c = p[w->i];
        assert(state == S_VALUE || w->depth > 0);
        const json_frame *top = w->depth ? &w->st[w->depth - 1] : NULL;
        if (state == S_VALUE) {
            int r = read_value(w, &v, &state);
            if (r != PHS_STRUCT_OK)
                return r;
        } else if ((state == S_AFTER || state == S_OBJ_FIRST || state == S_ARR_FIRST) &&
                   c == (top->is_obj ? '}' : ']')) {
            w->i++;
            w->depth--;
            state = S_AFTER; /* the container was a value */
        } else if (state == S_AFTER) {
            if (c != ',')
                return PHS_STRUCT_MALFORMED;
            w->i++;
            if (top->is_obj) {
                state = S_OBJ_NEXT;
            } else {
                v = element_of(top);
                state = S_VALUE;
            }
        } else if (state == S_ARR_FIRST) {
            v = element_of(top);
            state = S_VALUE;
        } else {
            assert(state == S_OBJ_FIRST || state == S_OBJ_NEXT);
            if (c != '"')
                return PHS_STRUCT_MALFORMED; /* also a comma before '}' */
            size_t ks = w->i + 1, ke = ks;
            if (!scan_string(p, w->len, &ke))
                return PHS_STRUCT_MALFORMED;
            w->i = ke + 1;
            skip_ws(w);
            if (w->i == w->len || p[w->i] != ':')
                return PHS_STRUCT_MALFORMED;
            w->i++;
            size_t kl = ke - ks;
            if (key_is_value(p + ks, kl)) {
                phs_category hc = held_category(w);
                if (hc != PHS_CAT_COUNT && w->emit(ks, ke, hc, w->ectx))
                    return PHS_STRUCT_STOPPED;
            }
            /* FHIR references are recognized here, by their shape, so no
               classifier can forget them */
            bool ref =
                kl == sizeof reference - 1 && memcmp(p + ks, reference, sizeof reference - 1) == 0;
            v = (json_value){.key = p + ks, .klen = kl, .parent = top->key, .plen = top->klen,
                             .member = true, .ref = ref, .cat = PHS_CAT_COUNT};
            state = S_VALUE;
        }
    }
}

/* Where a JSON value starts for the '{' at `brace`: a '[' just before it
   (only whitespace or more '[' between) makes the line a bare array. */
static size_t value_start(const char *line, size_t from, size_t brace)
{
    size_t b = brace;
    while (b > from && (line[b - 1] == '[' || is_ws(line[b - 1])))
        b--;
    while (b < brace && line[b] != '[')
        b++;
    return b;
}

static int json_scan(json_walker w)
{
    const char *line = w.line;
    size_t len = w.len;
    assert(w.classify && w.emit && (line || len == 0));
    bool found = false;
    /* A logger may put two records, or a record and a trailer, on one line:
       after each value the rest of the line is searched again. Text between
       records is left to the patterns. */
    while (w.i < len) {
        const char *brace = memchr(line + w.i, '{', len - w.i);
        if (!brace)
            break;
        w.i = value_start(line, w.i, (size_t)(brace - line));
        found = true;
        int r = walk_value(&w);
        if (r != PHS_STRUCT_OK)
            return r;
    }
    return found ? PHS_STRUCT_OK : PHS_STRUCT_NONE;
}

int phs_json_scan(const char *line, size_t len, phs_json_classify classify, void *cctx,
                  phs_struct_emit emit, void *ectx)
{
    return json_scan((json_walker){.line = line, .len = len, .classify = classify, .cctx = cctx,
                                   .emit = emit, .ectx = ectx});
}

int phs_json_scan_policy(const char *line, size_t len, phs_json_classify classify, void *cctx,
                         phs_struct_emit emit, void *ectx)
{
    return json_scan((json_walker){.line = line, .len = len, .classify = classify, .cctx = cctx,
                                   .emit = emit, .ectx = ectx, .policy = true});
}

bool phs_json_is_number(const char *p, size_t n)
{
    size_t i = 0, d = n && p[0] == '-';
    /* strict JSON: no leading zero, which the walker's scan lets through */
    return scan_number(p, n, &i) && i == n && !(d + 1 < n && p[d] == '0' && is_digit(p[d + 1]));
}

static phs_category no_category(const char *key, size_t klen, const char *parent, size_t plen,
                                const char *rtype, size_t rtlen, void *ctx)
{
    (void)key, (void)klen, (void)parent, (void)plen, (void)rtype, (void)rtlen, (void)ctx;
    return PHS_CAT_COUNT;
}

int phs_json_scalars(const char *line, size_t len, phs_struct_emit emit, void *ctx)
{
    return json_scan((json_walker){.line = line, .len = len, .classify = no_category,
                                   .emit = emit, .ectx = ctx, .scalars = true});
}

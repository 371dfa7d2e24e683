/* Rules parser: the text format of docs/rules.md into phs_rules. */
#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "act.h"
#include "grow.h"
#include "allow.h"
#include "internal.h"

typedef struct define {
    char name[PHS_ID_MAX];
    char *value;
} define;

typedef struct parser {
    phs_rules *rules;
    define *defs;
    size_t ndefs, capdefs;
    const char *file;
    phs_error *err;
} parser;

static char *dup_range(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void rule_clear(phs_rule *r)
{
    free(r->pattern);
    free(r->prefilter);
    for (size_t i = 0; i < r->ncontext; i++)
        free(r->context[i]);
    free(r->context);
    for (size_t i = 0; i < r->nshapes; i++)
        free(r->shapes[i]);
    free(r->shapes);
    for (size_t i = 0; i < r->nnot_context; i++)
        free(r->not_context[i]);
    free(r->not_context);
    for (size_t i = 0; i < r->nexamples; i++)
        free(r->examples[i]);
    free(r->examples);
    for (size_t i = 0; i < r->nnot_examples; i++)
        free(r->not_examples[i]);
    free(r->not_examples);
    free(r->example_lines);
    memset(r, 0, sizeof *r);
}

void phs_rules_free(phs_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        rule_clear(&rules->v[i]);
    for (size_t i = 0; i < rules->nkeys; i++) {
        free(rules->keys[i].parent);
        free(rules->keys[i].rtype);
        free(rules->keys[i].key);
    }
    free(rules->keys);
    phs_site_clear(&rules->site);
    free(rules->v);
    free(rules);
}

size_t phs_rules_count(const phs_rules *rules) { return rules ? rules->n : 0; }

const char *phs_rules_id(const phs_rules *rules, size_t i)
{
    return (rules && i < rules->n) ? rules->v[i].id : NULL;
}

phs_category phs_rules_category(const phs_rules *rules, size_t i)
{
    return (rules && i < rules->n) ? rules->v[i].category : PHS_CAT_COUNT;
}

static const char *trim(const char *p, const char *end, const char **out_end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    *out_end = end;
    return p;
}

/* Replace every %{NAME} by its define. */
static int expand(parser *ps, size_t line, const char *rule_id, const char *v,
                  size_t n, char **out)
{
    size_t cap = n + 1, len = 0;
    char *s = malloc(cap);
    if (!s)
        return PHS_E_NOMEM;
    for (size_t i = 0; i < n;) {
        const char *rep = NULL;
        size_t replen = 0, skip = 1;
        if (v[i] == '%' && i + 1 < n && v[i + 1] == '{') {
            const char *close = memchr(v + i + 2, '}', n - i - 2);
            if (!close) {
                free(s);
                return phs_fail(ps->err, PHS_E_RULES, ps->file, line, rule_id,
                                "unterminated %%{ in value");
            }
            size_t nl = (size_t)(close - (v + i + 2));
            size_t d;
            for (d = 0; d < ps->ndefs; d++)
                if (strlen(ps->defs[d].name) == nl &&
                    memcmp(ps->defs[d].name, v + i + 2, nl) == 0)
                    break;
            if (d == ps->ndefs) {
                free(s);
                return phs_fail(ps->err, PHS_E_RULES, ps->file, line, rule_id,
                                "unknown define %%{%.*s}", (int)(nl < 60 ? nl : 60),
                                v + i + 2);
            }
            rep = ps->defs[d].value;
            replen = strlen(rep);
            skip = nl + 3;
        } else {
            rep = v + i;
            replen = 1;
        }
        if (PHS_GROW_PLAIN(s, cap, len + replen + 1)) {
            free(s);
            return PHS_E_NOMEM;
        }
        memcpy(s + len, rep, replen);
        len += replen;
        i += skip;
    }
    s[len] = '\0';
    *out = s;
    return PHS_OK;
}

/* Split a comma-separated list; empty items are an error. */
static int split_list(parser *ps, size_t line, const char *rule_id,
                      const char *v, size_t n, char ***out, size_t *count)
{
    size_t items = 1;
    for (size_t i = 0; i < n; i++)
        items += v[i] == ',';
    char **list = calloc(items, sizeof *list);
    if (!list)
        return PHS_E_NOMEM;
    size_t k = 0;
    const char *p = v, *end = v + n;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        const char *te;
        const char *ts = trim(p, stop, &te);
        if (ts == te) {
            for (size_t i = 0; i < k; i++)
                free(list[i]);
            free(list);
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, rule_id,
                            "empty item in word list");
        }
        list[k] = dup_range(ts, (size_t)(te - ts));
        if (!list[k]) {
            for (size_t i = 0; i < k; i++)
                free(list[i]);
            free(list);
            return PHS_E_NOMEM;
        }
        k++;
        if (!comma)
            break;
        p = comma + 1;
    }
    assert(k <= items);
    *out = list;
    *count = k;
    return PHS_OK;
}

static int parse_bool(const char *v, size_t n, bool *out)
{
    if ((n == 4 && strncasecmp(v, "true", 4) == 0) || (n == 3 && strncasecmp(v, "yes", 3) == 0)) {
        *out = true;
        return 0;
    }
    if ((n == 5 && strncasecmp(v, "false", 5) == 0) || (n == 2 && strncasecmp(v, "no", 2) == 0)) {
        *out = false;
        return 0;
    }
    return -1;
}

/* Non-negative decimal integer of at most 6 digits. */
static int parse_small_uint(const char *v, size_t n, long *out)
{
    if (n == 0 || n > 6)
        return -1;
    long x = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)v[i]))
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    *out = x;
    return 0;
}

static int finish_rule(parser *ps, phs_rule *r)
{
    if (r->engine != PHS_ENGINE_REGEX) {
        /* A walker finds its own spans: no pattern; the names engine's
           prefilter is its dictionary, the others need one. */
        if (r->pattern || r->shapes || r->context)
            return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                            "an engine rule takes no pattern, shape or context");
        if (r->engine == PHS_ENGINE_NAMES && r->prefilter)
            return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                            "engine 'names' is prefiltered by its dictionaries: no prefilter");
        if (r->engine != PHS_ENGINE_NAMES && !r->prefilter)
            return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                            "engine rule needs a prefilter");
        if (r->engine == PHS_ENGINE_NAMES && r->category != PHS_CAT_NAME)
            return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                            "engine 'names' needs category = NAME");
        if (r->engine != PHS_ENGINE_NAMES && r->category != PHS_CAT_COUNT)
            return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                            "engines 'hl7', 'json', 'freetext', 'views' and 'rows' give each span "
                            "its category: no category key");
        return PHS_OK;
    }
    if (!r->pattern)
        return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                        "rule has no pattern");
    if (r->category == PHS_CAT_COUNT)
        return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                        "rule has no category");
    if ((r->shapes != NULL) + (r->prefilter != NULL) + (r->context != NULL) > 1)
        return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                        "a rule has one prefilter: shape, prefilter or context");
    if (r->bare_date && r->category != PHS_CAT_DATE)
        return phs_fail(ps->err, PHS_E_RULES, r->file, r->line, r->id,
                        "date_class applies only to category DATE");
    return PHS_OK;
}

static bool valid_id(const char *p, size_t n)
{
    if (n == 0 || n >= PHS_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '_' && p[i] != '.')
            return false;
    return true;
}

static int add_define(parser *ps, size_t line, const char *p, const char *end)
{
    const char *eq = memchr(p, '=', (size_t)(end - p));
    if (!eq)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "define needs the form: define NAME = value");
    const char *ne;
    const char *ns = trim(p, eq, &ne);
    if (!valid_id(ns, (size_t)(ne - ns)))
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "define name must be 1-63 letters, digits, '-', '_' or '.'");
    const char *ve;
    const char *vs = trim(eq + 1, end, &ve);
    char *value;
    int rc = expand(ps, line, NULL, vs, (size_t)(ve - vs), &value);
    if (rc)
        return rc;
    for (size_t d = 0; d < ps->ndefs; d++) {
        if (strlen(ps->defs[d].name) == (size_t)(ne - ns) &&
            memcmp(ps->defs[d].name, ns, (size_t)(ne - ns)) == 0) {
            free(ps->defs[d].value);
            ps->defs[d].value = value;
            return PHS_OK;
        }
    }
    if (PHS_GROW_PLAIN(ps->defs, ps->capdefs, ps->ndefs + 1)) {
        free(value);
        return PHS_E_NOMEM;
    }
    define *d = &ps->defs[ps->ndefs++];
    memcpy(d->name, ns, (size_t)(ne - ns));
    d->name[ne - ns] = '\0';
    d->value = value;
    return PHS_OK;
}

/* Next blank-separated word of [*p, end), advancing *p. */
static bool next_word(const char **p, const char *end, const char **ws, size_t *wn)
{
    const char *q = *p;
    while (q < end && isspace((unsigned char)*q))
        q++;
    const char *s = q;
    while (q < end && !isspace((unsigned char)*q))
        q++;
    *p = q;
    *ws = s;
    *wn = (size_t)(q - s);
    return q > s;
}

/* action CATEGORY = ACTION[, CATEGORY = ACTION ...], CATEGORY may be
   "all"; a later line wins. */
static int add_action(parser *ps, size_t line, const char *p, const char *end)
{
    char why[160];
    if (phs_actions_parse(ps->rules->policy, p, (size_t)(end - p), why, sizeof why))
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL, "action: %s", why);
    return PHS_OK;
}

/* keys CATEGORY [in PARENT-REGEX] [of RESOURCE-TYPE-REGEX] = KEY-REGEX */
static int add_keys(parser *ps, size_t line, const char *p, const char *end)
{
    static const char form[] = "keys needs the form: keys CATEGORY [in PARENT] [of TYPE] = KEY";
    phs_rules *rs = ps->rules;
    const char *eq = memchr(p, '=', (size_t)(end - p));
    if (!eq)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL, "%s", form);
    const char *q = p, *w;
    size_t wn;
    char name[32];
    if (!next_word(&q, eq, &w, &wn) || wn >= sizeof name)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL, "%s", form);
    memcpy(name, w, wn);
    name[wn] = '\0';
    phs_category cat;
    if (phs_category_from_name(name, &cat) != PHS_OK)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "keys: unknown category '%s'", name);
    char *parts[2] = {NULL, NULL}; /* in, of */
    int rc = PHS_OK;
    while (!rc && next_word(&q, eq, &w, &wn)) {
        int slot = (wn == 2 && memcmp(w, "in", 2) == 0) ? 0
                   : (wn == 2 && memcmp(w, "of", 2) == 0) ? 1
                                                          : -1;
        const char *xs, *xe;
        size_t xn;
        if (slot < 0 || parts[slot] || !next_word(&q, eq, &xs, &xn)) {
            rc = phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL, "%s", form);
            break;
        }
        xe = xs + xn;
        rc = expand(ps, line, NULL, xs, (size_t)(xe - xs), &parts[slot]);
    }
    const char *ve;
    const char *vs = trim(eq + 1, end, &ve);
    char *key = NULL;
    if (!rc && vs == ve)
        rc = phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL, "keys: empty key pattern");
    if (!rc)
        rc = expand(ps, line, NULL, vs, (size_t)(ve - vs), &key);
    if (!rc && PHS_GROW_PLAIN(rs->keys, rs->capkeys, rs->nkeys + 1))
        rc = PHS_E_NOMEM;
    if (rc) {
        free(parts[0]);
        free(parts[1]);
        free(key);
        return rc;
    }
    phs_keys *k = &rs->keys[rs->nkeys++];
    memset(k, 0, sizeof *k);
    k->category = cat;
    k->parent = parts[0];
    k->rtype = parts[1];
    k->key = key;
    snprintf(k->file, sizeof k->file, "%s", ps->file);
    k->line = line;
    return PHS_OK;
}

/* example = LINE / not-example = LINE: a line the rule must find, or must
   not; any number of each. Kept as written (no defines, no escapes), so a
   JSON or HL7 line reads as it would in a log. */
static int add_example(parser *ps, phs_rule *r, size_t line, bool must, const char *v, size_t vn)
{
    char ***list = must ? &r->examples : &r->not_examples;
    size_t *n = must ? &r->nexamples : &r->nnot_examples;
    size_t total = r->nexamples + r->nnot_examples;
    char **nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl)
        return PHS_E_NOMEM;
    *list = nl;
    size_t *lines = realloc(r->example_lines, (total + 1) * sizeof *lines);
    if (!lines)
        return PHS_E_NOMEM;
    r->example_lines = lines;
    if (!(nl[*n] = dup_range(v, vn)))
        return PHS_E_NOMEM;
    /* examples first, then not-examples: shift the latter up by one */
    size_t at = must ? r->nexamples : total;
    memmove(lines + at + 1, lines + at, (total - at) * sizeof *lines);
    lines[at] = line;
    (*n)++;
    (void)ps;
    return PHS_OK;
}

static int key_example(parser *ps, phs_rule *r, size_t line, const char *v, size_t vn)
{
    return add_example(ps, r, line, true, v, vn);
}

static int key_not_example(parser *ps, phs_rule *r, size_t line, const char *v, size_t vn)
{
    return add_example(ps, r, line, false, v, vn);
}

/* Rule keys handled by a function of their own (the others follow in
   set_key). */
static const struct rule_key {
    const char *name;
    int (*fn)(parser *ps, phs_rule *r, size_t line, const char *v, size_t vn);
} rule_keys[] = {
    {"example", key_example},
    {"not-example", key_not_example},
};

static int set_key(parser *ps, phs_rule *r, size_t line, const char *k, size_t kn,
                   const char *v, size_t vn)
{
#define KEY(s) (kn == sizeof(s) - 1 && memcmp(k, s, kn) == 0)
    if (vn == 0)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                        "key '%.*s' has an empty value", (int)(kn < 40 ? kn : 40), k);
    for (size_t i = 0; i < sizeof rule_keys / sizeof rule_keys[0]; i++)
        if (strlen(rule_keys[i].name) == kn && memcmp(rule_keys[i].name, k, kn) == 0)
            return rule_keys[i].fn(ps, r, line, v, vn);
    if (KEY("category")) {
        char name[32];
        if (vn >= sizeof name)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id, "unknown category");
        memcpy(name, v, vn);
        name[vn] = '\0';
        if (phs_category_from_name(name, &r->category) != PHS_OK)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "unknown category '%s'", name);
        return PHS_OK;
    }
    if (KEY("pattern") || KEY("prefilter")) {
        char **dst = KEY("pattern") ? &r->pattern : &r->prefilter;
        if (*dst)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "duplicate key '%.*s'", (int)kn, k);
        return expand(ps, line, r->id, v, vn, dst);
    }
    if (KEY("context")) {
        if (r->context)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id, "duplicate key 'context'");
        return split_list(ps, line, r->id, v, vn, &r->context, &r->ncontext);
    }
    if (KEY("shape")) {
        if (r->shapes)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id, "duplicate key 'shape'");
        int rc = split_list(ps, line, r->id, v, vn, &r->shapes, &r->nshapes);
        if (rc)
            return rc;
        for (size_t i = 0; i < r->nshapes; i++) {
            phs_shape sh;
            const char *why = NULL;
            if (phs_shape_parse(r->shapes[i], &sh, &why) != PHS_OK)
                return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                                "shape '%.40s': %s", r->shapes[i], why);
        }
        return PHS_OK;
    }
    if (KEY("not_context")) {
        if (r->not_context)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "duplicate key 'not_context'");
        return split_list(ps, line, r->id, v, vn, &r->not_context, &r->nnot_context);
    }
    if (KEY("validator")) {
        char name[32];
        if (vn >= sizeof name)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id, "unknown validator");
        memcpy(name, v, vn);
        name[vn] = '\0';
        if (phs_validator_from_name(name, &r->validator) != PHS_OK)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "unknown validator '%s' (known: none, ssn, luhn, date, nanp, "
                            "ipv4, ipv6, age89, hasdigit, name, uncommon_name, person, card, "
                            "iban, vin, gs1_udi, hibcc, dl, place, full_name)", name);
        return PHS_OK;
    }
    if (KEY("priority") || KEY("window")) {
        long x;
        if (parse_small_uint(v, vn, &x) || x > 1000)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "'%.*s' must be a whole number from 0 to 1000", (int)kn, k);
        if (KEY("priority"))
            r->priority = (int)x;
        else
            r->window = (size_t)x;
        return PHS_OK;
    }
    if (KEY("timestamp")) {
        if (vn == 4 && memcmp(v, "keep", 4) == 0)
            r->timestamp_keep = true;
        else if (vn == 4 && memcmp(v, "mask", 4) == 0)
            r->timestamp_keep = false;
        else
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "timestamp must be 'keep' or 'mask'");
        return PHS_OK;
    }
    if (KEY("date_class")) {
        if (vn == 4 && memcmp(v, "bare", 4) == 0)
            r->bare_date = true;
        else if (vn == 6 && memcmp(v, "person", 6) == 0)
            r->bare_date = false;
        else
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "date_class must be 'bare' or 'person'");
        return PHS_OK;
    }
    if (KEY("engine")) {
        if (vn == 5 && memcmp(v, "names", 5) == 0)
            r->engine = PHS_ENGINE_NAMES;
        else if (vn == 3 && memcmp(v, "hl7", 3) == 0)
            r->engine = PHS_ENGINE_HL7;
        else if (vn == 4 && memcmp(v, "json", 4) == 0)
            r->engine = PHS_ENGINE_JSON;
        else if (vn == 8 && memcmp(v, "freetext", 8) == 0)
            r->engine = PHS_ENGINE_FREETEXT;
        else if (vn == 5 && memcmp(v, "views", 5) == 0)
            r->engine = PHS_ENGINE_VIEWS;
        else if (vn == 4 && memcmp(v, "rows", 4) == 0)
            r->engine = PHS_ENGINE_ROWS;
        else
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "engine must be names, hl7, json, freetext, views or rows");
        return PHS_OK;
    }
    if (KEY("enabled")) {
        if (parse_bool(v, vn, &r->enabled))
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                            "enabled must be true or false");
        return PHS_OK;
    }
    return phs_fail(ps->err, PHS_E_RULES, ps->file, line, r->id,
                    "unknown key '%.*s' (known: category, pattern, prefilter, shape, context, "
                    "not_context, window, validator, priority, timestamp, date_class, engine, enabled, "
                    "example, not-example)",
                    (int)(kn < 40 ? kn : 40), k);
#undef KEY
}

/* ------------------------------------------------------------ site policy */

/* The category word before '=' of allow lines: a category or "all"
   (PHS_CAT_COUNT). */
static int site_category(parser *ps, size_t line, const char *what, const char *w, size_t wn,
                         phs_category *out)
{
    char name[32];
    if (wn == 3 && strncasecmp(w, "all", 3) == 0) {
        *out = PHS_CAT_COUNT;
        return PHS_OK;
    }
    if (wn && wn < sizeof name) {
        memcpy(name, w, wn);
        name[wn] = '\0';
        if (phs_category_from_name(name, out) == PHS_OK)
            return PHS_OK;
    }
    return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                    "%s: unknown category '%.*s' (a category name, or 'all')", what,
                    (int)(wn < 32 ? wn : 32), w);
}

static int site_add(parser *ps, size_t line, phs_site_kind kind, phs_category cat, bool broad,
                    const char *v, size_t n, unsigned item)
{
    const char *what = phs_site_kind_name(kind);
    if (n == 0)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL, "%s: empty entry", what);
    if (n > PHS_SITE_ENTRY_MAX)
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "%s: an entry is at most %d bytes, and this one has %zu: no finding is "
                        "that long", what, PHS_SITE_ENTRY_MAX, n);
    if (memchr(v, '\r', n))
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "%s: a carriage return inside an entry", what);
    int rc = phs_site_add(&ps->rules->site, kind, cat, broad, v, n, item, ps->file, line);
    return rc;
}

/* allow CATEGORY = VALUE and allow-pattern CATEGORY [broad] = PATTERN: one
   entry a line, so a value may hold commas. */
static int site_allow_line(parser *ps, size_t line, const char *p, const char *end,
                           phs_site_kind kind)
{
    const char *what = phs_site_kind_name(kind);
    const char *eq = memchr(p, '=', (size_t)(end - p));
    const char *q = p, *w, *f;
    size_t wn, fn;
    phs_category cat;
    if (!eq || !next_word(&q, eq, &w, &wn))
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "%s needs the form: %s CATEGORY%s = %s", what, what,
                        kind == PHS_SITE_ALLOW_PATTERN ? " [broad]" : "",
                        kind == PHS_SITE_ALLOW_PATTERN ? "PATTERN" : "VALUE");
    int rc = site_category(ps, line, what, w, wn, &cat);
    if (rc)
        return rc;
    bool broad = false;
    if (next_word(&q, eq, &f, &fn)) {
        if (kind != PHS_SITE_ALLOW_PATTERN || fn != 5 || memcmp(f, "broad", 5) != 0 ||
            next_word(&q, eq, &f, &fn))
            return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                            "%s: unexpected '%.*s' before '='%s", what, (int)(fn < 32 ? fn : 32),
                            f, kind == PHS_SITE_ALLOW_PATTERN ? " (only 'broad' may stand there)"
                                                              : "");
        broad = true;
    }
    const char *ve;
    const char *vs = trim(eq + 1, end, &ve);
    if (kind != PHS_SITE_ALLOW_PATTERN)
        return site_add(ps, line, kind, cat, false, vs, (size_t)(ve - vs), 1);
    char *pat;
    if ((rc = expand(ps, line, NULL, vs, (size_t)(ve - vs), &pat)))
        return rc;
    rc = site_add(ps, line, kind, cat, broad, pat, strlen(pat), 1);
    free(pat);
    return rc;
}

static int add_allow(parser *ps, size_t line, const char *p, const char *end)
{
    return site_allow_line(ps, line, p, end, PHS_SITE_ALLOW);
}

static int add_allow_pattern(parser *ps, size_t line, const char *p, const char *end)
{
    return site_allow_line(ps, line, p, end, PHS_SITE_ALLOW_PATTERN);
}

/* DIRECTIVE = a, b, c: a comma list of words, names or keys. */
static int site_list(parser *ps, size_t line, const char *p, const char *end, phs_site_kind kind)
{
    const char *what = phs_site_kind_name(kind);
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p == end || *p != '=')
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "%s needs the form: %s = ITEM, ITEM, ...", what, what);
    const char *v = p + 1;
    unsigned item = 0;
    for (;;) {
        const char *comma = memchr(v, ',', (size_t)(end - v));
        const char *stop = comma ? comma : end;
        const char *ie;
        const char *is = trim(v, stop, &ie);
        int rc = site_add(ps, line, kind, PHS_CAT_COUNT, false, is, (size_t)(ie - is), ++item);
        if (rc)
            return rc;
        if (!comma)
            return PHS_OK;
        v = comma + 1;
    }
}

static int add_allow_words(parser *ps, size_t line, const char *p, const char *end)
{
    return site_list(ps, line, p, end, PHS_SITE_ALLOW_WORD);
}

static int add_deny_names(parser *ps, size_t line, const char *p, const char *end)
{
    return site_list(ps, line, p, end, PHS_SITE_DENY_NAME);
}

static int add_keep_keys(parser *ps, size_t line, const char *p, const char *end)
{
    return site_list(ps, line, p, end, PHS_SITE_KEEP_KEY);
}

static int add_scan_keys(parser *ps, size_t line, const char *p, const char *end)
{
    return site_list(ps, line, p, end, PHS_SITE_SCAN_KEY);
}

static int add_redact_keys(parser *ps, size_t line, const char *p, const char *end)
{
    return site_list(ps, line, p, end, PHS_SITE_REDACT_KEY);
}

/* strict-keys = yes | no; a later line wins. */
static int add_strict_keys(parser *ps, size_t line, const char *p, const char *end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    const char *ve;
    const char *vs = p < end && *p == '=' ? trim(p + 1, end, &ve) : NULL;
    bool on;
    if (!vs || parse_bool(vs, (size_t)(ve - vs), &on))
        return phs_fail(ps->err, PHS_E_RULES, ps->file, line, NULL,
                        "strict-keys needs the form: strict-keys = yes (or no)");
    phs_site *site = &ps->rules->site;
    site->strict = on;
    snprintf(site->strict_file, sizeof site->strict_file, "%s", ps->file);
    site->strict_line = line;
    return PHS_OK;
}

/* The lines outside rules, by their first word. Each function gets the
   text after that word. */
typedef struct directive {
    const char *name;
    int (*fn)(parser *ps, size_t line, const char *p, const char *end);
    bool bare;  /* no words between the name and '=' */
} directive;

static const directive directives[] = {
    {"define", add_define, false},
    {"keys", add_keys, false},
    {"action", add_action, false},
    {"allow", add_allow, false},
    {"allow-pattern", add_allow_pattern, false},
    {"allow-words", add_allow_words, true},
    {"deny-names", add_deny_names, true},
    {"keep-keys", add_keep_keys, true},
    {"scan-keys", add_scan_keys, true},
    {"redact-keys", add_redact_keys, true},
    {"strict-keys", add_strict_keys, true},
};

/* The directive [ts, te) starts with: its name, then white space (or the
   '=' of one that takes no words before it). */
static const directive *find_directive(const char *ts, const char *te)
{
    for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++) {
        const directive *d = &directives[i];
        size_t n = strlen(d->name);
        if ((size_t)(te - ts) > n && memcmp(ts, d->name, n) == 0 &&
            (isspace((unsigned char)ts[n]) || (d->bare && ts[n] == '=')))
            return d;
    }
    return NULL;
}

static int grow_rules(phs_rules *rs)
{
    return PHS_GROW_PLAIN(rs->v, rs->cap, rs->n + 1) ? PHS_E_NOMEM : PHS_OK;
}

static int parse_text(parser *ps, const char *text, size_t len)
{
    phs_rules *rs = ps->rules;
    phs_rule *cur = NULL;
    size_t lineno = 0;
    const char *p = text, *end = text + len;
    int rc = PHS_OK;

    if (memchr(text, '\0', len))
        return phs_fail(ps->err, PHS_E_RULES, ps->file, 0, NULL,
                        "rules file contains a NUL byte");
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        const char *te;
        const char *ts = trim(p, le, &te);
        p = nl ? nl + 1 : end;
        if (ts == te || *ts == '#')
            continue;
        if (*ts == '[') {
            if (te[-1] != ']')
                return phs_fail(ps->err, PHS_E_RULES, ps->file, lineno, NULL,
                                "section header must end with ']'");
            if (cur && (rc = finish_rule(ps, cur)))
                return rc;
            const char *ie;
            const char *is = trim(ts + 1, te - 1, &ie);
            if (!valid_id(is, (size_t)(ie - is)))
                return phs_fail(ps->err, PHS_E_RULES, ps->file, lineno, NULL,
                                "rule id must be 1-63 letters, digits, '-', '_' or '.'");
            for (size_t i = 0; i < rs->n; i++)
                if (strlen(rs->v[i].id) == (size_t)(ie - is) &&
                    memcmp(rs->v[i].id, is, (size_t)(ie - is)) == 0)
                    return phs_fail(ps->err, PHS_E_RULES, ps->file, lineno, rs->v[i].id,
                                    "duplicate rule id (first defined in %s line %zu)",
                                    rs->v[i].file, rs->v[i].line);
            if ((rc = grow_rules(rs)))
                return rc;
            cur = &rs->v[rs->n++];
            memset(cur, 0, sizeof *cur);
            memcpy(cur->id, is, (size_t)(ie - is));
            cur->category = PHS_CAT_COUNT;
            cur->window = PHS_DEFAULT_WINDOW;
            cur->priority = 50;
            cur->enabled = true;
            snprintf(cur->file, sizeof cur->file, "%s", ps->file);
            cur->line = lineno;
            continue;
        }
        const directive *dv = find_directive(ts, te);
        if (dv) {
            if ((rc = dv->fn(ps, lineno, ts + strlen(dv->name), te)))
                return rc;
            continue;
        }
        const char *eq = memchr(ts, '=', (size_t)(te - ts));
        if (!eq)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, lineno, cur ? cur->id : NULL,
                            "expected 'key = value', '[rule-id]' or a # comment");
        if (!cur)
            return phs_fail(ps->err, PHS_E_RULES, ps->file, lineno, NULL,
                            "key outside a rule: start a rule with [rule-id]");
        const char *ke, *ve;
        const char *ks = trim(ts, eq, &ke);
        const char *vs = trim(eq + 1, te, &ve);
        if ((rc = set_key(ps, cur, lineno, ks, (size_t)(ke - ks), vs, (size_t)(ve - vs))))
            return rc;
    }
    if (cur && (rc = finish_rule(ps, cur)))
        return rc;
    return PHS_OK;
}

static void parser_done(parser *ps)
{
    for (size_t d = 0; d < ps->ndefs; d++)
        free(ps->defs[d].value);
    free(ps->defs);
}

static int new_rules(phs_rules **out)
{
    *out = calloc(1, sizeof **out);
    if (*out)
        (*out)->site.strict = -1;
    return *out ? PHS_OK : PHS_E_NOMEM;
}

/* The rules the site policy adds (allow.h) go at the end of the set; they
   are made again whenever the set grows. */
static void strip_site_rules(phs_rules *rs)
{
    size_t k = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (strchr(rs->v[i].id, ':')) {
            rule_clear(&rs->v[i]);
            continue;
        }
        if (k != i)
            rs->v[k] = rs->v[i];
        k++;
    }
    rs->n = k;
}

static int finish_site(phs_rules *rs, phs_error *err)
{
    strip_site_rules(rs);
    for (int which = 0; which < 2; which++) {
        phs_rule r;
        bool made;
        int rc = phs_site_make_rule(&rs->site, which, &r, &made, err);
        if (rc)
            return rc;
        if (!made)
            continue;
        if (grow_rules(rs)) {
            rule_clear(&r);
            return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
        }
        rs->v[rs->n++] = r;
    }
    return PHS_OK;
}

/* A set with no rule of its own but lines of site policy, key classes or
   actions: meant to apply over another set. */
static bool policy_only(const phs_rules *rs)
{
    bool action = false;
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        action |= rs->policy[c] != PHS_ACT_DEFAULT;
    return rs->n == 0 && (rs->site.n || rs->site.strict >= 0 || rs->nkeys || action);
}

static int no_rules(const phs_rules *rs, phs_error *err, const char *file)
{
    if (policy_only(rs))
        return phs_fail(err, PHS_E_RULES, file, 0, NULL,
                        "no rules defined, only policy: add it to a rule set "
                        "(phs_rules_add, or phs_rules_load_site)");
    return phs_fail(err, PHS_E_RULES, file, 0, NULL, "no rules defined");
}

int phs_rules_load_buffer(const char *text, size_t len, const char *name,
                          phs_rules **out, phs_error *err)
{
    if (!out || (!text && len))
        return phs_fail(err, PHS_E_ARG, name, 0, NULL, "invalid argument");
    *out = NULL;
    phs_rules *rs;
    if (new_rules(&rs))
        return phs_fail(err, PHS_E_NOMEM, name, 0, NULL, "out of memory");
    parser ps = {.rules = rs, .file = name ? name : "<buffer>", .err = err};
    int rc = parse_text(&ps, text ? text : "", len);
    parser_done(&ps);
    if (rc == PHS_OK && rs->n == 0)
        rc = no_rules(rs, err, ps.file);
    if (rc == PHS_OK)
        rc = finish_site(rs, err);
    if (rc) {
        if (rc == PHS_E_NOMEM)
            phs_fail(err, rc, ps.file, 0, NULL, "out of memory");
        phs_rules_free(rs);
        return rc;
    }
    *out = rs;
    return PHS_OK;
}

int phs_rules_load_bundled(phs_rules **out, phs_error *err)
{
    return phs_rules_load_buffer(phs_bundled_rules, phs_bundled_rules_len, "<bundled>",
                                 out, err);
}

static int read_file(const char *path, char **out, size_t *len, phs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return phs_fail(err, PHS_E_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return phs_fail(err, PHS_E_NOMEM, path, 0, NULL, "out of memory");
    }
    for (;;) {
        if (n == cap && PHS_GROW_PLAIN(buf, cap, cap + 1)) {
            free(buf);
            fclose(f);
            return phs_fail(err, PHS_E_NOMEM, path, 0, NULL, "out of memory");
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        /* checked on what was read: the buffer doubles past the limit */
        if (n > ((size_t)64 << 20)) {
            free(buf);
            fclose(f);
            return phs_fail(err, PHS_E_RULES, path, 0, NULL, "rules file larger than 64 MiB");
        }
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return phs_fail(err, PHS_E_IO, path, 0, NULL, "read error");
    }
    *out = buf;
    *len = n;
    return PHS_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_rules_dir(const char *dir, char ***out, size_t *count, phs_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return phs_fail(err, PHS_E_IO, dir, 0, NULL, "cannot open folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = PHS_OK;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 7 || strcmp(e->d_name + l - 6, ".rules") != 0 || e->d_name[0] == '.')
            continue;
        if (PHS_GROW_PLAIN(names, cap, n + 1)) {
            rc = PHS_E_NOMEM;
            break;
        }
        size_t pl = strlen(dir) + 1 + l + 1;
        names[n] = malloc(pl);
        if (!names[n]) {
            rc = PHS_E_NOMEM;
            break;
        }
        snprintf(names[n], pl, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return phs_fail(err, rc, dir, 0, NULL, "out of memory");
    }
    if (n == 0) {
        free(names);
        return phs_fail(err, PHS_E_IO, dir, 0, NULL, "folder has no *.rules files");
    }
    qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    *count = n;
    return PHS_OK;
}

/* Parse the file or folder at path into rs (appending). */
static int load_path(phs_rules *rs, const char *path, phs_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return phs_fail(err, PHS_E_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    char **files = NULL;
    size_t nfiles = 0;
    char *single = (char *)path;
    int rc;
    if (S_ISDIR(st.st_mode)) {
        if ((rc = list_rules_dir(path, &files, &nfiles, err)))
            return rc;
    } else {
        files = &single;
        nfiles = 1;
    }
    parser ps = {.rules = rs, .err = err};
    rc = PHS_OK;
    for (size_t i = 0; i < nfiles && rc == PHS_OK; i++) {
        char *text = NULL;
        size_t len = 0;
        if ((rc = read_file(files[i], &text, &len, err)))
            break;
        ps.file = files[i];
        rc = parse_text(&ps, text, len);
        if (rc == PHS_E_NOMEM)
            phs_fail(err, rc, files[i], 0, NULL, "out of memory");
        free(text);
    }
    parser_done(&ps);
    if (files != &single) {
        for (size_t i = 0; i < nfiles; i++)
            free(files[i]);
        free(files);
    }
    return rc;
}

int phs_rules_load(const char *path, phs_rules **out, phs_error *err)
{
    if (!path || !out)
        return phs_fail(err, PHS_E_ARG, path, 0, NULL, "invalid argument");
    *out = NULL;
    phs_rules *rs;
    if (new_rules(&rs))
        return phs_fail(err, PHS_E_NOMEM, path, 0, NULL, "out of memory");
    int rc = load_path(rs, path, err);
    if (rc == PHS_OK && rs->n == 0)
        rc = no_rules(rs, err, path);
    if (rc == PHS_OK)
        rc = finish_site(rs, err);
    if (rc)
        phs_rules_free(rs);
    else
        *out = rs;
    return rc;
}

/* Undo what a failed phs_rules_add appended. */
static void truncate_rules(phs_rules *rs, size_t n, size_t nkeys, size_t nsite)
{
    for (size_t i = n; i < rs->n; i++)
        rule_clear(&rs->v[i]);
    rs->n = n;
    for (size_t i = nkeys; i < rs->nkeys; i++) {
        free(rs->keys[i].parent);
        free(rs->keys[i].rtype);
        free(rs->keys[i].key);
    }
    rs->nkeys = nkeys;
    phs_site_truncate(&rs->site, nsite);
}

int phs_rules_add(phs_rules *rules, const char *path, phs_error *err)
{
    if (!rules || !path)
        return phs_fail(err, PHS_E_ARG, path, 0, NULL, "invalid argument");
    /* all or nothing: what the path adds goes again on an error */
    strip_site_rules(rules);
    size_t n = rules->n, nkeys = rules->nkeys, nsite = rules->site.n;
    phs_action policy[PHS_CAT_COUNT];
    memcpy(policy, rules->policy, sizeof policy);
    phs_site saved = rules->site;
    int rc = load_path(rules, path, err);
    /* a path that adds nothing (an empty folder, a misspelt file name of
       a folder's) is a mistake to say, not a silent no-op */
    if (rc == PHS_OK && rules->n == n && rules->nkeys == nkeys && rules->site.n == nsite &&
        rules->site.strict == saved.strict && memcmp(rules->policy, policy, sizeof policy) == 0)
        rc = phs_fail(err, PHS_E_RULES, path, 0, NULL, "no rules defined");
    if (rc == PHS_OK)
        rc = finish_site(rules, err);
    if (rc) {
        truncate_rules(rules, n, nkeys, nsite);
        memcpy(rules->policy, policy, sizeof policy);
        rules->site.strict = saved.strict;
        memcpy(rules->site.strict_file, saved.strict_file, sizeof saved.strict_file);
        rules->site.strict_line = saved.strict_line;
        phs_error keep;
        (void)finish_site(rules, &keep); /* the set as it was */
    }
    return rc;
}

int phs_rules_load_site(const char *path, phs_rules **out, phs_error *err)
{
    if (!out)
        return phs_fail(err, PHS_E_ARG, path, 0, NULL, "invalid argument");
    *out = NULL;
    phs_rules *rs = NULL;
    int rc = phs_rules_load_bundled(&rs, err);
    /* added, never replacing: a site file of one rule must not switch off
       every other category (issue 15) */
    if (rc == PHS_OK && path)
        rc = phs_rules_add(rs, path, err);
    if (rc) {
        phs_rules_free(rs);
        return rc;
    }
    *out = rs;
    return PHS_OK;
}

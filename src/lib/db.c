/* Compile rules into the immutable database: one Hyperscan prefilter set
   for every active rule, one PCRE2 JIT program per rule. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allow.h"
#include "engine.h"

bool phs_hs_nomem(hs_error_t he, const hs_compile_error_t *ce)
{
    /* Hyperscan reports a failed allocation while compiling as a compile
       error "Unable to allocate memory." (hs_compile.h), not as HS_NOMEM,
       and names whichever expression it was at when it ran out */
    return he == HS_NOMEM || (he == HS_COMPILER_ERROR && ce && ce->message &&
                              strstr(ce->message, "allocate memory"));
}

static void free_words(char **w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
}

static int copy_words(char *const *src, size_t n, char ***dst)
{
    *dst = NULL;
    if (n == 0)
        return PHS_OK;
    char **w = calloc(n, sizeof *w);
    if (!w)
        return PHS_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        w[i] = strdup(src[i]);
        if (!w[i]) {
            free_words(w, i);
            return PHS_E_NOMEM;
        }
    }
    *dst = w;
    return PHS_OK;
}

void phs_db_free(phs_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->nrules; i++) {
        pcre2_code_free(db->rules[i].re);
        free_words(db->rules[i].context, db->rules[i].ncontext);
        free_words(db->rules[i].not_context, db->rules[i].nnot_context);
    }
    for (size_t i = 0; i < db->nkeys; i++) {
        pcre2_code_free(db->keys[i].parent);
        pcre2_code_free(db->keys[i].rtype);
        pcre2_code_free(db->keys[i].key);
    }
    free(db->keys);
    phs_site_free(db->site);
    free(db->ftmodel);
    free(db->rules);
    free(db->shapes);
    phs_actdb_free(&db->act);
    if (db->hs_map.map)
        phs_cache_unmap(&db->hs_map);
    else
        hs_free_database(db->hs);
    free(db);
}

size_t phs_db_rule_count(const phs_db *db) { return db ? db->nrules : 0; }

const char *phs_db_rule_id(const phs_db *db, size_t i)
{
    return (db && i < db->nrules) ? db->rules[i].id : NULL;
}

phs_category phs_db_rule_category(const phs_db *db, size_t i)
{
    return (db && i < db->nrules) ? db->rules[i].category : PHS_CAT_COUNT;
}

void phs_db_cache_note(phs_db *db, uint64_t key, phs_cache_state st, const char *why,
                       const char *store_why)
{
    const char *folder = st == PHS_CST_UNUSABLE ? why : store_why;
    if (st == PHS_CST_BAD)
        db->cache_status |= PHS_CACHE_REPLACED;
    if (folder)
        db->cache_status |= PHS_CACHE_UNUSABLE;
    if (db->cache_note[0] || (st != PHS_CST_BAD && !folder))
        return;
    if (st == PHS_CST_BAD)
        snprintf(db->cache_note, sizeof db->cache_note,
                 "the cache file %016llx.hsdb %s; it was compiled again and %s",
                 (unsigned long long)key, why,
                 folder ? "could not be replaced: the folder " : "replaced");
    else
        snprintf(db->cache_note, sizeof db->cache_note, "the cache folder %s", folder);
    if (st == PHS_CST_BAD && folder) {
        size_t n = strlen(db->cache_note);
        snprintf(db->cache_note + n, sizeof db->cache_note - n, "%s", folder);
    }
}

unsigned phs_db_cache_status(const phs_db *db, const char **note)
{
    if (note)
        *note = db ? db->cache_note : "";
    return db ? db->cache_status : 0;
}

int phs_db_cache_hit(const phs_db *db)
{
    if (!db || !db->hs)
        return 0;
    return db->cache_hit;
}

int phs_db_rule_active(const phs_db *db, size_t i)
{
    return (db && i < db->nrules && db->rules[i].active) ? 1 : 0;
}

/* Escape a literal for use inside a Hyperscan expression. */
static char *hs_escape(const char *s)
{
    size_t n = strlen(s);
    char *o = malloc(n * 4 + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == ' ' || c == '_') {
            o[k++] = (char)c;
        } else {
            snprintf(o + k, 5, "\\x%02x", c);
            k += 4;
        }
    }
    o[k] = '\0';
    return o;
}

static bool rule_active(const phs_rule *r, const phs_options *o)
{
    /* A walker's fields have many categories: each span is checked. */
    if (r->category == PHS_CAT_COUNT)
        return r->enabled && (o->categories & PHS_ALL_CATEGORIES);
    if (!r->enabled || !(o->categories & (1u << r->category)))
        return false;
    /* Only bare dates depend on the policy: person-context dates are PHI. */
    if (r->bare_date && o->date_policy == PHS_DATES_CONTEXT)
        return false;
    return true;
}

typedef struct hs_list {
    char **expr;
    unsigned *flags;
    unsigned *ids;
    size_t n, ecap, fcap, icap;
} hs_list;

static int hs_list_add(hs_list *l, char *expr, unsigned flags, unsigned id)
{
    if (l->n == l->ecap || l->n == l->fcap || l->n == l->icap) {
        if (PHS_GROW_PLAIN(l->expr, l->ecap, l->n + 1) ||
            PHS_GROW_PLAIN(l->flags, l->fcap, l->n + 1) ||
            PHS_GROW_PLAIN(l->ids, l->icap, l->n + 1))
            return PHS_E_NOMEM;
    }
    l->expr[l->n] = expr;
    l->flags[l->n] = flags;
    l->ids[l->n] = id;
    l->n++;
    return PHS_OK;
}

static void hs_list_free(hs_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->expr[i]);
    free(l->expr);
    free(l->flags);
    free(l->ids);
}

static int compile_pcre(const phs_rule *r, phs_crule *c, uint32_t *max_groups, phs_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    c->re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
    if (!c->re && ec == PCRE2_ERROR_HEAP_FAILED)
        return phs_fail(err, PHS_E_NOMEM, r->file, r->line, r->id, "out of memory");
    if (!c->re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return phs_fail(err, PHS_E_COMPILE, r->file, r->line, r->id,
                        "pattern: %s at offset %zu", (const char *)msg, (size_t)eo);
    }
    /* JIT is an optimisation: the interpreter gives the same answers. */
    (void)pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE);
    int g = pcre2_substring_number_from_name(c->re, (PCRE2_SPTR) "phi");
    c->phi_group = g > 0 ? (uint32_t)g : 0;
    uint32_t cap = 0;
    pcre2_pattern_info(c->re, PCRE2_INFO_CAPTURECOUNT, &cap);
    if (cap + 1 > *max_groups)
        *max_groups = cap + 1;
    return PHS_OK;
}

/* A key class matches the whole key, ignoring case. */
static int compile_key_re(const phs_keys *k, const char *src, pcre2_code **out, phs_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    *out = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                         PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_CASELESS, &ec, &eo, NULL);
    if (!*out && ec == PCRE2_ERROR_HEAP_FAILED)
        return phs_fail(err, PHS_E_NOMEM, k->file, k->line, NULL, "out of memory");
    if (!*out) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return phs_fail(err, PHS_E_COMPILE, k->file, k->line, NULL,
                        "keys: %s at offset %zu", (const char *)msg, (size_t)eo);
    }
    (void)pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
    return PHS_OK;
}

static int compile_keys(phs_db *db, const phs_rules *rules, phs_error *err)
{
    if (!rules->nkeys)
        return PHS_OK;
    db->keys = calloc(rules->nkeys, sizeof *db->keys);
    if (!db->keys)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    db->nkeys = rules->nkeys;
    for (size_t i = 0; i < rules->nkeys; i++) {
        const phs_keys *k = &rules->keys[i];
        db->keys[i].category = k->category;
        int rc = compile_key_re(k, k->key, &db->keys[i].key, err);
        if (!rc && k->parent)
            rc = compile_key_re(k, k->parent, &db->keys[i].parent, err);
        if (!rc && k->rtype)
            rc = compile_key_re(k, k->rtype, &db->keys[i].rtype, err);
        if (rc)
            return rc;
    }
    return PHS_OK;
}

/* Adds expr (taken over: freed when it cannot be added). */
static int hs_list_take(hs_list *l, char *expr, unsigned flags, unsigned id)
{
    if (!expr)
        return PHS_E_NOMEM;
    int rc = hs_list_add(l, expr, flags, id);
    if (rc)
        free(expr);
    return rc;
}

static int add_prefilters(hs_list *l, const phs_rule *r, unsigned id)
{
    if (r->prefilter)
        return hs_list_take(l, strdup(r->prefilter), HS_FLAG_MULTILINE | HS_FLAG_PREFILTER, id);
    if (r->ncontext) {
        for (size_t i = 0; i < r->ncontext; i++) {
            int rc = hs_list_take(l, hs_escape(r->context[i]), HS_FLAG_CASELESS, id);
            if (rc)
                return rc;
        }
        return PHS_OK;
    }
    return hs_list_take(l, strdup(r->pattern), HS_FLAG_MULTILINE | HS_FLAG_PREFILTER, id);
}

static int add_shapes(phs_db *db, const phs_rule *r, uint32_t id, phs_error *err)
{
    if (PHS_GROW_PLAIN(db->shapes, db->capshapes, db->nshapes + r->nshapes))
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    for (size_t k = 0; k < r->nshapes; k++) {
        phs_shape_rule *sr = &db->shapes[db->nshapes];
        const char *why = NULL;
        if (phs_shape_parse(r->shapes[k], &sr->shape, &why) != PHS_OK)
            return phs_fail(err, PHS_E_RULES, r->file, r->line, r->id, "shape: %s", why);
        sr->rule = id;
        sr->timestamp_keep = r->timestamp_keep;
        db->nshapes++;
    }
    return PHS_OK;
}

static int cmp_shape(const void *a, const void *b)
{
    const phs_shape_rule *x = a, *y = b;
    int sx = phs_sep_index(x->shape.sep[0]), sy = phs_sep_index(y->shape.sep[0]);
    if (sx != sy)
        return sx < sy ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The scanner looks only at the shapes whose first separator is the one it
   sees after a group. */
static void group_shapes(phs_db *db)
{
    if (db->nshapes)
        qsort(db->shapes, db->nshapes, sizeof *db->shapes, cmp_shape);
    for (int k = 0; k < PHS_NSEP; k++) {
        size_t i = 0;
        while (i < db->nshapes && phs_sep_index(db->shapes[i].shape.sep[0]) < k)
            i++;
        db->shape_lo[k] = i;
        while (i < db->nshapes && phs_sep_index(db->shapes[i].shape.sep[0]) == k)
            i++;
        db->shape_hi[k] = i;
    }
}

/* The free-text models, compiled into the library (freetext_data.c). */
extern const char phs_freetext_model[];

static int load_ftmodel(phs_db *db, phs_error *err)
{
    db->ftmodel = malloc(sizeof *db->ftmodel);
    if (!db->ftmodel)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    return phs_ftmodel_parse(phs_freetext_model, strlen(phs_freetext_model), db->ftmodel, err);
}

static void make_labels(phs_db *db)
{
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++) {
        int n = snprintf(db->labels[c], PHS_MAX_LABEL, "[%s]", phs_category_name((phs_category)c));
        assert(n > 0 && n < PHS_MAX_LABEL);
        db->label_len[c] = (size_t)n;
    }
}

/* The cache key of the prefilter database: everything its compile
   depends on (Hyperscan's version, the CPU it tunes for, the patterns). */
static uint64_t prefilter_key(const hs_list *l)
{
    uint64_t key = phs_cache_key_start();
    const char *v = hs_version();
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof plat);
    hs_populate_platform(&plat);
    phs_cache_hash(&key, v, strlen(v) + 1);
    phs_cache_hash(&key, &plat, sizeof plat);
    for (size_t i = 0; i < l->n; i++) {
        phs_cache_hash(&key, l->expr[i], strlen(l->expr[i]) + 1);
        phs_cache_hash(&key, &l->flags[i], sizeof l->flags[i]);
        phs_cache_hash(&key, &l->ids[i], sizeof l->ids[i]);
    }
    return key;
}

/* Map the compiled prefilters from the user's cache, else from the seed
   folder the build made (the install's, read only). A seed file that
   cannot be used is passed over in silence (the compile is the fallback
   and stores into the user's cache); a seed hit reports nothing. */
static phs_cache_state map_cached(phs_db *db, uint64_t key, const char **why)
{
    phs_cache_state cst = phs_cache_map(db->opts.cache_dir, key, "rules", &db->hs_map, why);
    if (cst == PHS_CST_HIT || !db->opts.seed_dir)
        return cst;
    const char *seed_why = NULL;
    if (phs_cache_map_seed(db->opts.seed_dir, key, "rules", &db->hs_map, &seed_why) !=
        PHS_CST_HIT)
        return cst;
    *why = NULL;
    return PHS_CST_HIT;
}

int phs_db_create(const phs_rules *rules, const phs_options *opts, phs_db **out, phs_error *err)
{
    if (!rules || !out)
        return phs_fail(err, PHS_E_ARG, NULL, 0, NULL, "invalid argument");
    *out = NULL;
    phs_db *db = calloc(1, sizeof *db);
    if (!db)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    if (opts)
        db->opts = *opts;
    else
        phs_options_init(&db->opts);
    if (!db->opts.max_line_size)
        db->opts.max_line_size = PHS_DEFAULT_MAX_LINE;
    if (!db->opts.block_size)
        db->opts.block_size = PHS_DEFAULT_BLOCK;
    if (db->opts.max_line_size > 0xffffffffu) {
        phs_db_free(db);
        return phs_fail(err, PHS_E_ARG, NULL, 0, NULL,
                        "max_line_size is at most 4 GiB - 1 (Hyperscan scans up to that)");
    }
    if (db->opts.block_size > db->opts.max_line_size)
        db->opts.block_size = db->opts.max_line_size;
    make_labels(db);
    db->max_groups = 1;
    /* The db keeps derived subkeys, never the caller's key object. */
    int arc = phs_actdb_init(&db->act, rules->policy, &db->opts, err);
    db->opts.key = NULL;
    if (arc) {
        phs_db_free(db);
        return arc;
    }

    int rc = PHS_OK;
    hs_list l = {0};
    bool need_names = false;
    db->names_rule = UINT32_MAX;
    db->freetext_rule = UINT32_MAX;
    if ((rc = compile_keys(db, rules, err)) || (rc = phs_site_compile(db, rules, err)))
        goto fail;
    db->rules = calloc(rules->n ? rules->n : 1, sizeof *db->rules);
    if (!db->rules) {
        rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
        goto fail;
    }
    db->nrules = rules->n;
    for (size_t i = 0; i < rules->n; i++) {
        const phs_rule *r = &rules->v[i];
        phs_crule *c = &db->rules[i];
        memcpy(c->id, r->id, sizeof c->id);
        c->category = r->category;
        c->validator = r->validator;
        c->priority = r->priority;
        c->window = r->window;
        c->timestamp_keep = r->timestamp_keep;
        c->engine = r->engine;
        c->active = rule_active(r, &db->opts);
        if (copy_words(r->context, r->ncontext, &c->context) ||
            copy_words(r->not_context, r->nnot_context, &c->not_context)) {
            rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
            goto fail;
        }
        c->ncontext = r->ncontext;
        c->nnot_context = r->nnot_context;
        if (r->engine == PHS_ENGINE_NAMES) {
            /* one names rule: its dictionary hits are the candidates */
            if (c->active && db->names_rule == UINT32_MAX) {
                db->names_rule = (uint32_t)i;
                need_names = true;
            }
            continue;
        }
        need_names |= c->active && (r->validator == PHS_V_NAME || r->validator == PHS_V_NAME_UNCOMMON);
        if (r->engine == PHS_ENGINE_FREETEXT && c->active && db->freetext_rule == UINT32_MAX) {
            /* its candidates: its prefilter's cue words, and name words */
            db->freetext_rule = (uint32_t)i;
            need_names = true;
            if ((rc = load_ftmodel(db, err)))
                goto fail;
        }
        /* Every rule is compiled, active or not, so a broken rule is found
           whichever categories this run enables. */
        if (r->engine == PHS_ENGINE_REGEX && (rc = compile_pcre(r, c, &db->max_groups, err)))
            goto fail;
        if (c->active && r->nshapes) {
            if ((rc = add_shapes(db, r, (uint32_t)i, err)))
                goto fail;
            continue;
        }
        if (c->active && (rc = add_prefilters(&l, r, (unsigned)i))) {
            phs_fail(err, rc, NULL, 0, NULL, "out of memory");
            goto fail;
        }
    }
    group_shapes(db);
    uint64_t key = 0;
    phs_cache_state cst = PHS_CST_MISS;
    const char *cwhy = NULL;
    if (l.n && (db->opts.cache_dir || db->opts.seed_dir)) {
        key = prefilter_key(&l);
        cst = map_cached(db, key, &cwhy);
        db->cache_hit = cst == PHS_CST_HIT;
        if (db->cache_hit)
            db->hs = db->hs_map.db;
    }
    if (l.n && !db->cache_hit) {
        hs_compile_error_t *ce = NULL;
        hs_error_t he = hs_compile_multi((const char *const *)l.expr, l.flags, l.ids,
                                         (unsigned)l.n, HS_MODE_BLOCK, NULL, &db->hs, &ce);
        if (he == HS_SUCCESS && db->opts.cache_dir && cst != PHS_CST_UNUSABLE)
            phs_db_cache_note(db, key, cst, cwhy,
                              phs_cache_store(db->opts.cache_dir, key, "rules", db->hs, NULL, 0));
        else if (he == HS_SUCCESS && cst == PHS_CST_UNUSABLE)
            phs_db_cache_note(db, key, cst, cwhy, NULL);
        if (he != HS_SUCCESS && phs_hs_nomem(he, ce)) {
            hs_free_compile_error(ce);
            rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
            goto fail;
        }
        if (he != HS_SUCCESS) {
            const phs_rule *r = NULL;
            if (ce && ce->expression >= 0 && (size_t)ce->expression < l.n)
                r = &rules->v[l.ids[ce->expression]];
            rc = phs_fail(err, PHS_E_COMPILE, r ? r->file : NULL, r ? r->line : 0,
                          r ? r->id : NULL, "prefilter: %s",
                          ce && ce->message ? ce->message : "Hyperscan compile failed");
            hs_free_compile_error(ce);
            goto fail;
        }
    }
    db->names_on = need_names;
    hs_list_free(&l);
    db->opts.cache_dir = NULL;
    db->opts.seed_dir = NULL;
    *out = db;
    return PHS_OK;
fail:
    hs_list_free(&l);
    phs_db_free(db);
    return rc;
}

phs_action phs_db_action(const phs_db *db, phs_category cat)
{
    return (db && (unsigned)cat < PHS_CAT_COUNT) ? db->act.action[cat] : PHS_ACT_MASK;
}

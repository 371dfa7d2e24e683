/* Rule self-tests: each rule's `example` lines must give it a finding and
   its `not-example` lines must not (phiscrub --check-rules). A rule is run
   alone, through its own prefilter and confirm step, so an example also
   catches a prefilter or shape that misses what the pattern matches. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

void phs_rules_examples(const phs_rules *rules, size_t i, size_t *examples, size_t *not_examples)
{
    const phs_rule *r = rules && i < rules->n ? &rules->v[i] : NULL;
    if (examples)
        *examples = r ? r->nexamples : 0;
    if (not_examples)
        *not_examples = r ? r->nnot_examples : 0;
}

/* Does rule `rule` alone find anything on the line [p, p + n)? A line it
   could not process (a match limit) counts as found: it would leave
   masked whole. */
static int rule_finds(phs_matcher *m, uint32_t rule, const char *p, size_t n, bool *found)
{
    *found = false;
    if (n == 0)
        return PHS_OK;
    int rc = phs_prefilter(m, p, n);
    if (rc)
        return rc;
    bool cand = false;
    for (size_t i = 0; i < m->ncands && !cand; i++)
        cand = m->cands[i].rule == rule;
    if (!cand)
        return PHS_OK;
    phs_cand c = {.line_start = 0, .rule = rule};
    *found = phs_confirm_line(m, p, 0, n, &c, 1) != PHS_LINE_OK || m->nspans > 0;
    return PHS_OK;
}

/* The rules as they are, but each one on, and without the site policy:
   examples test rules, not a site's allow lists. */
static int build_all_on(const phs_rules *rules, const phs_options *opts, phs_db **db,
                        phs_error *err)
{
    phs_rules copy = *rules;
    copy.v = malloc((rules->n ? rules->n : 1) * sizeof *copy.v);
    if (!copy.v)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    memcpy(copy.v, rules->v, rules->n * sizeof *copy.v);
    for (size_t i = 0; i < copy.n; i++)
        copy.v[i].enabled = true;
    memset(&copy.site, 0, sizeof copy.site);
    copy.site.strict = -1;
    phs_options o;
    if (opts)
        o = *opts;
    else
        phs_options_init(&o);
    o.categories = PHS_ALL_CATEGORIES;
    o.date_policy = PHS_DATES_ALL;
    o.key = NULL;
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = PHS_ACT_MASK; /* no key is needed to find */
    int rc = phs_db_create(&copy, &o, db, err);
    free(copy.v); /* the rules' contents are the caller's */
    return rc;
}

static bool check_one(phs_matcher *m, const phs_rule *r, uint32_t i, size_t k, bool must,
                      phs_example_fn fn, void *user, int *rc)
{
    const char *text = must ? r->examples[k] : r->not_examples[k - r->nexamples];
    bool found;
    if ((*rc = rule_finds(m, i, text, strlen(text), &found)))
        return false;
    if (found == must)
        return true;
    if (fn) {
        phs_example_failure f = {.rule_id = r->id, .file = r->file,
                                 .line = r->example_lines ? r->example_lines[k] : r->line,
                                 .must_match = must, .text = text};
        fn(&f, user);
    }
    return false;
}

int phs_rules_check_examples(const phs_rules *rules, const phs_options *opts, phs_example_fn fn,
                             void *user, size_t *run, size_t *failed, phs_error *err)
{
    size_t nrun = 0, nfail = 0;
    if (run)
        *run = 0;
    if (failed)
        *failed = 0;
    if (!rules)
        return phs_fail(err, PHS_E_ARG, NULL, 0, NULL, "invalid argument");
    phs_db *db;
    int rc = build_all_on(rules, opts, &db, err);
    if (rc)
        return rc;
    phs_matcher m;
    rc = phs_matcher_init(&m, db);
    for (size_t i = 0; i < rules->n && !rc; i++) {
        const phs_rule *r = &rules->v[i];
        size_t total = r->nexamples + r->nnot_examples;
        for (size_t k = 0; k < total && !rc; k++) {
            nrun++;
            if (!check_one(&m, r, (uint32_t)i, k, k < r->nexamples, fn, user, &rc) && !rc)
                nfail++;
        }
    }
    phs_matcher_done(&m);
    phs_db_free(db);
    if (run)
        *run = nrun;
    if (failed)
        *failed = nfail;
    if (rc)
        return phs_fail(err, rc, NULL, 0, NULL, "the examples could not be run: %s",
                        phs_strerror(rc));
    return nfail ? PHS_E_RULES : PHS_OK;
}

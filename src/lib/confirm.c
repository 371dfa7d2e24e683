/* Prefilter (Hyperscan over a block of lines) and confirmation (PCRE2 and
   validators on candidate lines only), then overlap resolution. */
#define _GNU_SOURCE
#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "lexicon.h"
#include "structure.h"

int phs_matcher_init(phs_matcher *m, const phs_db *db)
{
    memset(m, 0, sizeof *m);
    m->db = db;
    if (db->hs && hs_alloc_scratch(db->hs, &m->scratch) != HS_SUCCESS)
        return PHS_E_NOMEM;
    m->md = pcre2_match_data_create(db->max_groups, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    m->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    m->line_stamp = calloc(db->nrules ? db->nrules : 1, sizeof *m->line_stamp);
    if (!m->md || !m->mctx || !m->jit_stack || !m->line_stamp)
        return PHS_E_NOMEM;
    pcre2_set_match_limit(m->mctx, PHS_PCRE_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mctx, PHS_PCRE_DEPTH_LIMIT);
    pcre2_jit_stack_assign(m->mctx, NULL, m->jit_stack);
    return PHS_OK;
}

void phs_matcher_done(phs_matcher *m)
{
    if (m->scratch)
        hs_free_scratch(m->scratch);
    /* offsets of findings: cleared */
    phs_free_clear(m->hits, m->caphits * sizeof *m->hits);
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit_stack);
    phs_free_clear(m->cands, m->capcands * sizeof *m->cands);
    phs_free_clear(m->merge_tmp, m->captmp * sizeof *m->merge_tmp);
    phs_free_clear(m->spans, m->capspans * sizeof *m->spans);
    phs_ftscratch_free(&m->ft);
    phs_view_free(&m->view);
    if (m->viewm) {
        phs_matcher_done(m->viewm);
        free(m->viewm);
    }
    free(m->line_stamp);
    memset(m, 0, sizeof *m);
}

void phs_add_candidate(phs_matcher *m, size_t at, uint32_t id)
{
    if (m->oom)
        return;
    assert(at < m->blk_len);
    if (!(m->cur_serial && at >= m->cur_ls && at < m->cur_le)) {
        const char *b = m->blk;
        const char *nl = memchr(b + at, '\n', m->blk_len - at);
        const char *prev = at ? memrchr(b, '\n', at) : NULL;
        size_t ls = prev ? (size_t)(prev - b) + 1 : 0;
        if (m->cur_serial && ls < m->cur_ls)
            m->unsorted = true;
        m->cur_ls = ls;
        m->cur_le = nl ? (size_t)(nl - b) + 1 : m->blk_len;
        m->cur_serial++;
    }
    assert(id < m->db->nrules);
    if (m->line_stamp[id] == m->cur_serial)
        return;
    m->line_stamp[id] = m->cur_serial;
    /* merge_sorted swaps cands and merge_tmp: each has room for all */
    if (m->ncands == m->capcands || m->captmp < m->capcands) {
        if (PHS_MGROW(m, m->cands, m->capcands, m->ncands, m->ncands + 1) ||
            PHS_MGROW(m, m->merge_tmp, m->captmp, 0, m->capcands)) {
            m->oom = true; /* the block fails closed */
            return;
        }
    }
    m->cands[m->ncands].line_start = m->cur_ls;
    m->cands[m->ncands].rule = id;
    m->ncands++;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    phs_matcher *m = ctx;
    /* `to` is one past the last byte; the byte at to-1 is on the line. */
    size_t at = to ? (size_t)to - 1 : 0;
    if (at >= m->blk_len)
        at = m->blk_len - 1;
    phs_add_candidate(m, at, id);
    return m->oom ? 1 : 0; /* stop the scan on allocation failure */
}

static int cmp_cand(const void *a, const void *b)
{
    const phs_cand *x = a, *y = b;
    if (x->line_start != y->line_start)
        return x->line_start < y->line_start ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Merge the two sorted runs [0, mid) and [mid, n) of the candidates,
   dropping duplicate (line, rule) pairs. */
static void merge_sorted(phs_matcher *m, size_t mid)
{
    const phs_cand *a = m->cands, *b = m->cands + mid;
    size_t na = mid, nb = m->ncands - mid, i = 0, j = 0, k = 0;
    phs_cand *o = m->merge_tmp;
    while (i < na || j < nb) {
        const phs_cand *c;
        if (j == nb || (i < na && cmp_cand(&a[i], &b[j]) <= 0))
            c = &a[i++];
        else
            c = &b[j++];
        if (k == 0 || cmp_cand(&o[k - 1], c) != 0)
            o[k++] = *c;
    }
    phs_cand *t = m->cands;
    size_t tc = m->capcands;
    m->cands = m->merge_tmp;
    m->capcands = m->captmp;
    m->merge_tmp = t;
    m->captmp = tc;
    m->ncands = k;
}

int phs_prefilter(phs_matcher *m, const char *blk, size_t len)
{
    m->ncands = 0;
    m->unsorted = false;
    m->oom = false;
    m->cur_serial = 0;
    m->nhits = 0;
    if (len == 0 || (!m->db->hs && !m->db->nshapes && !m->db->names_on))
        return PHS_OK;
    /* Stamps must never equal a serial of this scan unless set by it. */
    memset(m->line_stamp, 0, m->db->nrules * sizeof *m->line_stamp);
    m->blk = blk;
    m->blk_len = len;
    if (m->db->hs) {
        /* Hyperscan takes an unsigned length. A block is over 4 GiB only when
           max_line_size allows such a line; it then fails closed. */
        if (len > 0xffffffffu)
            return PHS_E_INTERNAL;
        hs_error_t he = hs_scan(m->db->hs, blk, (unsigned)len, 0, m->scratch, on_match, m);
        if (m->oom)
            return PHS_E_NOMEM;
        if (he != HS_SUCCESS)
            return PHS_E_INTERNAL;
    }
    /* Each further pass starts again from the first line; its sorted run is
       merged into the candidates so far. */
    bool unsorted = m->unsorted;
    size_t before = m->ncands;
    m->cur_ls = m->cur_le = 0;
    m->unsorted = false;
    int rc = phs_names_scan(m, blk, len);
    if (rc)
        return rc;
    unsorted |= m->unsorted;
    if (!unsorted && before && m->ncands > before)
        merge_sorted(m, before);
    before = m->ncands;
    m->cur_ls = m->cur_le = 0;
    m->unsorted = false;
    phs_shape_scan(m, blk, len);
    if (m->oom)
        return PHS_E_NOMEM;
    m->unsorted |= unsorted;
    if (!m->unsorted && before && m->ncands > before)
        merge_sorted(m, before);
    if (m->unsorted) {
        qsort(m->cands, m->ncands, sizeof *m->cands, cmp_cand);
        /* drop duplicate (line, rule) pairs left by out-of-order lines */
        size_t k = 0;
        for (size_t i = 0; i < m->ncands; i++)
            if (k == 0 || cmp_cand(&m->cands[k - 1], &m->cands[i]) != 0)
                m->cands[k++] = m->cands[i];
        m->ncands = k;
    }
    return PHS_OK;
}

/* A lower-case letter then an upper-case one is a word boundary too: JSON
   keys are camelCase (agentVersion, maxAge). */
static bool hump(const char *p) { return islower((unsigned char)p[0]) && isupper((unsigned char)p[1]); }

/* Case-insensitive search for any word in [lo, hi); a word must not
   continue a longer alphabetic word on its left, and with `whole` not on
   its right either (before `lim`, the end of the line). */
static bool word_near(char *const *words, size_t nwords, const char *lo, const char *hi,
                      bool whole, const char *lim)
{
    for (size_t w = 0; w < nwords; w++) {
        size_t wl = strlen(words[w]);
        if (wl == 0 || (size_t)(hi - lo) < wl)
            continue;
        for (const char *p = lo; p + wl <= hi; p++) {
            if (tolower((unsigned char)*p) != tolower((unsigned char)words[w][0]))
                continue;
            if (strncasecmp(p, words[w], wl) != 0)
                continue;
            if (p > lo && isalpha((unsigned char)p[-1]) && isalpha((unsigned char)words[w][0]) &&
                !hump(p - 1))
                continue;
            if (whole && p + wl < lim && isalpha((unsigned char)p[wl]) &&
                isalpha((unsigned char)words[w][wl - 1]) && !hump(p + wl - 1))
                continue;
            return true;
        }
    }
    return false;
}

static bool word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* A byte that may stand between an encrypted token's brackets
   ([SSN:e1:base32]); phs_is_own_output checks the exact form. */
static bool enc_char(char c) { return word_char(c) || c == ':'; }

/* Does [s, e) touch what phiscrub itself wrote for an earlier finding: a
   token (SSN_k2q9x4m7vd3hfy6b) or an encrypted token ([SSN:e1:...])? Such
   text holds no PHI, and finding it again would make a second run change
   the first run's output. This finds the candidate around the span; the
   forms themselves are phs_is_own_output's (act.c). */
static bool in_own_output(const char *b, size_t len, size_t s, size_t e)
{
    /* The scans are bounded, so a span inside a long run of letters costs
       no more than a token's length: a token is at most 29 bytes, and an
       encrypted token of a value up to a few KB. */
    enum { TOKEN_MAX = 64, ENC_MAX = 8192 };
    /* the whole word around the span: a cut-off window is never a token */
    size_t ws = s, we = e;
    while (ws > 0 && s - ws < TOKEN_MAX && word_char(b[ws - 1]))
        ws--;
    while (we < len && we - e < TOKEN_MAX && word_char(b[we]))
        we++;
    if ((ws == 0 || !word_char(b[ws - 1])) && (we == len || !word_char(b[we])) &&
        phs_is_own_output(b + ws, we - ws))
        return true;
    /* the '[' at or before the span, the ']' at or after it */
    size_t o = s;
    while (o > 0 && b[o] != '[' && s - o < ENC_MAX && enc_char(b[o]))
        o--;
    if (b[o] != '[')
        return false;
    size_t k = o + 1;
    while (k < len && k - o < ENC_MAX && enc_char(b[k]))
        k++;
    return k < len && b[k] == ']' && e <= k + 1 && phs_is_own_output(b + o, k + 1 - o);
}

static bool letter_byte(unsigned char c) { return isalpha(c) || c >= 0x80; }

/* A state that is no city's name too (New York is both: it stays PHI). */
static bool state_only(const char *p, size_t n)
{
    return (phs_lex_lookup(p, n) & (PHS_LEX_STATE | PHS_LEX_PLACE)) == PHS_LEX_STATE;
}

/* [s, e) is a state of two words or part of one (North Carolina, West
   Virginia): a state is no PHI under Safe Harbor, and its words
   look like a name or a city to the detectors. One word alone stays
   theirs to judge (Virginia Smith, lives in Washington). */
static bool in_two_word_state(const char *b, size_t len, size_t s, size_t e)
{
    size_t ps = s, ne = e;
    if (s >= 2 && b[s - 1] == ' ' && letter_byte((unsigned char)b[s - 2])) {
        ps = s - 1;
        while (ps > 0 && letter_byte((unsigned char)b[ps - 1]))
            ps--;
    }
    if (e + 1 < len && b[e] == ' ' && letter_byte((unsigned char)b[e + 1])) {
        ne = e + 1;
        while (ne < len && letter_byte((unsigned char)b[ne]))
            ne++;
    }
    bool spaced = memchr(b + s, ' ', e - s) != NULL;
    return (spaced && state_only(b + s, e - s)) || (ps < s && state_only(b + ps, e - ps)) ||
           (ne > e && state_only(b + s, ne - s));
}

static int add_span(phs_matcher *m, size_t s, size_t e, uint32_t rule, int prio,
                    phs_category cat)
{
    assert(s < e && cat < PHS_CAT_COUNT);
    if (!(m->db->opts.categories & (1u << cat)))
        return PHS_OK; /* a walker's field of a category this run leaves alone */
    if (in_own_output(m->blk, m->blk_len, s, e))
        return PHS_OK;
    if ((cat == PHS_CAT_NAME || cat == PHS_CAT_LOCATION) &&
        in_two_word_state(m->blk, m->blk_len, s, e))
        return PHS_OK;
    if (m->nspans == m->capspans) {
        if (PHS_MGROW(m, m->spans, m->capspans, m->nspans, m->nspans + 1))
            return PHS_E_NOMEM;
    }
    m->spans[m->nspans++] =
        (phs_span){.start = s, .end = e, .rule = rule, .priority = prio, .category = cat};
    return PHS_OK;
}

/* Two capitals alone (HO, ED, RN): in notes and logs an abbreviation far
   more often than a name, even where a name could stand ("per HO"). */
static bool lone_caps_pair(const char *p, size_t n)
{
    return n == 2 && isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]);
}

/* A state (California, North Carolina) or a word that is never a name
   (VIN, DMV, unknown): after "for" or "from" a cue word takes a name and
   these alike, and the lexicon tells them apart. */
static bool never_name(const char *p, size_t n)
{
    return (phs_lex_lookup(p, n) & (PHS_LEX_STATE | PHS_LEX_NOTNAME)) != 0;
}

/* The rule's validator on the span at byte `at` of the block. The name
   validators look at the dictionary hits of the block, the others at the
   bytes alone. */
static bool span_valid(const phs_matcher *m, const phs_crule *r, size_t at, const char *p,
                       size_t n)
{
    switch (r->validator) {
    case PHS_V_NAME: return phs_names_starts_at(m, at, false) && phs_names_plausible(p, n);
    case PHS_V_NAME_UNCOMMON:
        return !lone_caps_pair(p, n) && !never_name(p, n) && phs_names_starts_at(m, at, true) &&
               phs_names_plausible(p, n);
    default: return phs_validate(r->validator, p, n);
    }
}

typedef struct walk_ctx {
    phs_matcher *m;
    size_t ls;
    uint32_t rule;
    int priority;
} walk_ctx;

static int walk_emit(size_t start, size_t end, phs_category cat, void *ctx)
{
    walk_ctx *w = ctx;
    if (end <= start || cat >= PHS_CAT_COUNT)
        return 0;
    return add_span(w->m, w->ls + start, w->ls + end, w->rule, w->priority, cat);
}

static bool key_match(pcre2_code *re, const char *k, size_t kn, pcre2_match_data *md,
                      pcre2_match_context *mctx)
{
    return pcre2_match(re, (PCRE2_SPTR)k, kn, 0, 0, md, mctx) >= 0;
}

static phs_category classify_key(const char *key, size_t klen, const char *parent, size_t plen,
                                 const char *rtype, size_t rtlen, void *ctx)
{
    phs_matcher *m = ctx;
    const phs_db *db = m->db;
    for (size_t i = 0; i < db->nkeys; i++) {
        const phs_ckeys *k = &db->keys[i];
        if (k->parent && !key_match(k->parent, parent, plen, m->md, m->mctx))
            continue;
        if (k->rtype && !key_match(k->rtype, rtype, rtlen, m->md, m->mctx))
            continue;
        if (key_match(k->key, key, klen, m->md, m->mctx))
            return k->category;
    }
    return PHS_CAT_COUNT;
}

phs_category phs_classify_key(phs_matcher *m, const char *key, size_t klen, const char *parent,
                              size_t plen, const char *rtype, size_t rtlen)
{
    phs_category c = classify_key(key, klen, parent, plen, rtype, rtlen, m);
    return c < PHS_CAT_COUNT && (m->db->opts.categories & (1u << c)) ? c : PHS_CAT_COUNT;
}

/* The free-text engine keeps some 40 bytes per word of its line: a line of
   50 MB would need several times its size. A long line is read in windows
   of FT_WINDOW bytes cut after a blank (at worst mid-word), so its memory
   stays within a constant; prose has no lines that long. */
#define FT_WINDOW ((size_t)64 << 10)

static int ft_scan_windows(phs_matcher *m, const char *blk, size_t ls, size_t le, walk_ctx *w)
{
    for (size_t s = ls; s < le;) {
        size_t e = le - s > FT_WINDOW ? s + FT_WINDOW : le;
        if (e < le) {
            size_t c = e;
            while (c > s + FT_WINDOW / 2 && blk[c - 1] != ' ' && blk[c - 1] != '\t')
                c--;
            if (c > s + FT_WINDOW / 2)
                e = c;
        }
        w->ls = s;
        if (phs_ft_scan(&m->ft, m->db->ftmodel, blk + s, e - s, walk_emit, w))
            return PHS_E_NOMEM;
        s = e;
    }
    return PHS_OK;
}

/* Every rule over one decoded view of the line [ls, le); the findings come
   back as the line's bytes they were decoded from, whole escapes. */
static int confirm_view(phs_matcher *m, const char *blk, size_t ls, size_t le, unsigned what)
{
    phs_matcher *vm = m->viewm;
    if (phs_view_build(&m->view, blk + ls, le - ls, what))
        return PHS_E_NOMEM;
    const phs_view *v = &m->view;
    if (v->len == 0)
        return PHS_OK;
    int rc = phs_prefilter(vm, v->text, v->len);
    if (rc)
        return rc;
    if (vm->ncands && phs_confirm_line(vm, v->text, 0, v->len, vm->cands, vm->ncands) != PHS_LINE_OK)
        return PHS_E_NOMEM;
    for (size_t i = 0; vm->ncands && i < vm->nspans; i++) {
        const phs_span *sp = &vm->spans[i];
        size_t os, oe;
        phs_view_map(v, sp->start, sp->end, &os, &oe);
        if ((rc = add_span(m, ls + os, ls + oe, sp->rule, sp->priority, sp->category)))
            return rc;
    }
    return PHS_OK;
}

/* The views engine: the line as a reader sees it, with JSON escapes and
   percent-encoding decoded, and once more with '+' as a space when the
   line holds a query string or form body (the email a+b@x.org keeps its
   '+' in the first view). */
static int confirm_views(phs_matcher *m, const char *blk, size_t ls, size_t le)
{
    unsigned what = phs_view_needs(blk + ls, le - ls);
    if (!what)
        return PHS_OK;
    if (!m->viewm) {
        m->viewm = calloc(1, sizeof *m->viewm);
        if (!m->viewm || phs_matcher_init(m->viewm, m->db))
            return PHS_E_NOMEM;
        m->viewm->in_view = true;
    }
    int rc = PHS_OK;
    if (what & ~PHS_VIEW_PLUS)
        rc = confirm_view(m, blk, ls, le, what & ~PHS_VIEW_PLUS);
    if (!rc && (what & PHS_VIEW_PLUS))
        rc = confirm_view(m, blk, ls, le, what);
    return rc;
}

/* A finding read in the line itself may begin or end inside a JSON escape
   ("x\ta+b@x.org" read as "ta+b@x.org"): the escape is a separator, so the
   span gives it up, and a mask never cuts one. */
static void trim_escapes(phs_matcher *m, const char *blk, size_t ls, size_t le)
{
    size_t k = 0;
    for (size_t i = 0; i < m->nspans; i++) {
        phs_span sp = m->spans[i];
        size_t b, e;
        if (phs_view_inside_escape(blk + ls, le - ls, sp.start - ls, &b, &e))
            sp.start = ls + e;
        if (sp.end > sp.start && phs_view_inside_escape(blk + ls, le - ls, sp.end - ls, &b, &e))
            sp.end = ls + b;
        if (sp.end > sp.start)
            m->spans[k++] = sp;
    }
    m->nspans = k;
}

/* A walker rule: the spans come from the structure of the line. A record
   that does not parse keeps what the walk found before; the pattern rules
   scan the whole line in any case. */
static int confirm_engine(phs_matcher *m, const char *blk, size_t ls, size_t le, uint32_t rule,
                          const phs_crule *r)
{
    if (r->engine == PHS_ENGINE_NAMES)
        return phs_names_confirm(m, blk, ls, le, rule, r->priority, r->category, add_span);
    if (r->engine == PHS_ENGINE_VIEWS)
        return m->in_view ? PHS_OK : confirm_views(m, blk, ls, le);
    walk_ctx w = {.m = m, .ls = ls, .rule = rule, .priority = r->priority};
    /* free text reads the view too: a name whose letters are escapes
       (J\u0119drzejczyk) is one word only there */
    if (r->engine == PHS_ENGINE_FREETEXT)
        return ft_scan_windows(m, blk, ls, le, &w);
    if (m->in_view)
        return PHS_OK; /* the walkers read the line itself, escapes and all */
    int rc = r->engine == PHS_ENGINE_HL7    ? phs_hl7_scan(blk + ls, le - ls, walk_emit, &w)
             : r->engine == PHS_ENGINE_ROWS ? phs_row_scan(blk + ls, le - ls, walk_emit, &w)
                                            : phs_json_scan(blk + ls, le - ls, classify_key, m, walk_emit, &w);
    /* a record too deep to walk fails the line: masked whole */
    return rc == PHS_STRUCT_STOPPED ? PHS_E_NOMEM
           : rc == PHS_STRUCT_TOO_DEEP ? PHS_E_INTERNAL
                                       : PHS_OK;
}

phs_line_result phs_confirm_line(phs_matcher *m, const char *blk, size_t ls, size_t le,
                                 const phs_cand *c, size_t n)
{
    m->nspans = 0;
    const char *line = blk + ls;
    size_t len = le - ls;
    for (size_t k = 0; k < n; k++) {
        const phs_crule *r = &m->db->rules[c[k].rule];
        if (r->engine != PHS_ENGINE_REGEX) {
            if (confirm_engine(m, blk, ls, le, c[k].rule, r))
                return PHS_LINE_FAIL;
            continue;
        }
        PCRE2_SIZE at = 0;
        while (at <= len) {
            int rc = pcre2_match(r->re, (PCRE2_SPTR)line, len, at, 0, m->md, m->mctx);
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            if (rc < 0)
                return PHS_LINE_FAIL; /* a limit or an internal error */
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
            size_t ms = ov[0], me = ov[1];
            size_t ps = ms, pe = me;
            if (r->phi_group && ov[2 * r->phi_group] != PCRE2_UNSET) {
                ps = ov[2 * r->phi_group];
                pe = ov[2 * r->phi_group + 1];
            }
            /* A rejected match gives way: the search goes on from its next
               byte, so it cannot hide a value it overlaps, as a key with no
               value does in "</guarantorAccountId><acct_num>8441625041". An
               accepted one is skipped whole. */
            size_t after = me > ms ? me : ms + 1;
            at = ms + 1;
            if (pe <= ps)
                continue;
            if (!span_valid(m, r, ls + ps, line + ps, pe - ps))
                continue;
            if (r->timestamp_keep && phs_followed_by_time(line + pe, line + len))
                continue;
            size_t lo = ms < r->window ? 0 : ms - r->window;
            if (r->ncontext && !word_near(r->context, r->ncontext, line + lo, line + pe, false, line + len))
                continue;
            size_t nlo = ps < r->window ? 0 : ps - r->window;
            if (r->nnot_context &&
                word_near(r->not_context, r->nnot_context, line + nlo, line + ps, true, line + len))
                continue;
            if (add_span(m, ls + ps, ls + pe, c[k].rule, r->priority, r->category))
                return PHS_LINE_FAIL;
            at = after;
        }
    }
    phs_names_extend(blk, ls, le, m->spans, m->nspans);
    if (m->nspans && memchr(line, '\\', len))
        trim_escapes(m, blk, ls, le);
    m->nspans = phs_resolve(m->spans, m->nspans);
    return PHS_LINE_OK;
}

static int cmp_span(const void *a, const void *b)
{
    const phs_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Does candidate b beat the current winner a of a merged cluster? */
static bool beats(const phs_span *b, const phs_span *a)
{
    if (b->priority != a->priority)
        return b->priority > a->priority;
    size_t lb = b->end - b->start, la = a->end - a->start;
    if (lb != la)
        return lb > la;
    return b->rule < a->rule;
}

size_t phs_resolve(phs_span *v, size_t n)
{
    if (n < 2)
        return n;
    qsort(v, n, sizeof *v, cmp_span);
    size_t k = 0;
    phs_span win = v[0]; /* winner of the current cluster, for its rule */
    for (size_t i = 1; i < n; i++) {
        if (v[i].start < v[k].end) {
            if (beats(&v[i], &win))
                win = v[i];
            if (v[i].end > v[k].end)
                v[k].end = v[i].end;
            v[k].rule = win.rule;
            v[k].priority = win.priority;
            v[k].category = win.category;
        } else {
            v[++k] = v[i];
            win = v[i];
        }
    }
    return k + 1;
}

/* The site policy's allow and deny lists (allow.h): parsed entries, the
   rules they add, their compiled form, and the filter over a line's
   resolved spans. Findings are rare, so every check here runs per finding,
   never per byte: a hash set of normal forms for values, one of folded
   words for names, and one PCRE2 alternation per category for patterns. */
#define _GNU_SOURCE
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "allow.h"

static const char *const kind_names[PHS_SITE_KIND_COUNT] = {
    "allow", "allow-pattern", "allow-words", "deny-names", "keep-keys", "scan-keys", "redact-keys"};

const char *phs_site_kind_name(phs_site_kind k)
{
    return (unsigned)k < PHS_SITE_KIND_COUNT ? kind_names[k] : "?";
}

/* ---------------------------------------------------------------- entries */

int phs_site_add(phs_site *s, phs_site_kind kind, phs_category cat, bool broad, const char *v,
                 size_t n, unsigned item, const char *file, size_t line)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        phs_site_entry *nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return PHS_E_NOMEM;
        s->v = nv;
        s->cap = nc;
    }
    phs_site_entry *e = &s->v[s->n];
    memset(e, 0, sizeof *e);
    e->text = malloc(n + 1);
    if (!e->text)
        return PHS_E_NOMEM;
    memcpy(e->text, v, n);
    e->text[n] = '\0';
    e->len = n;
    e->kind = kind;
    e->category = cat;
    e->broad = broad;
    e->item = item;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    s->n++;
    return PHS_OK;
}

void phs_site_truncate(phs_site *s, size_t n)
{
    for (size_t i = n; i < s->n; i++)
        free(s->v[i].text);
    if (n < s->n)
        s->n = n;
}

void phs_site_clear(phs_site *s)
{
    phs_site_truncate(s, 0);
    free(s->v);
    s->v = NULL;
    s->cap = 0;
}

/* ------------------------------------------------------- the added rules */

/* Append s to b with every byte that is not a letter or digit as \xHH:
   a literal for PCRE2 and Hyperscan alike. */
static int put_literal(phs_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char hex[5];
        if (isalnum(c)) {
            if (phs_buf_append(b, &s[i], 1))
                return PHS_E_NOMEM;
            continue;
        }
        snprintf(hex, sizeof hex, "\\x%02x", c);
        if (phs_buf_append(b, hex, 4))
            return PHS_E_NOMEM;
    }
    return PHS_OK;
}

/* (?:a|b|c) over the entries of one kind (or of the key kinds). */
static int alternation(const phs_site *s, bool keys, phs_site_kind kind, phs_buf *b)
{
    bool first = true;
    if (phs_buf_append(b, "(?:", 3))
        return PHS_E_NOMEM;
    for (size_t i = 0; i < s->n; i++) {
        const phs_site_entry *e = &s->v[i];
        bool take = keys ? (e->kind == PHS_SITE_KEEP_KEY || e->kind == PHS_SITE_REDACT_KEY)
                         : e->kind == kind;
        if (!take)
            continue;
        if ((!first && phs_buf_append(b, "|", 1)) || put_literal(b, e->text, e->len))
            return PHS_E_NOMEM;
        first = false;
    }
    return phs_buf_append(b, ")", 1) ? PHS_E_NOMEM : PHS_OK;
}

static const phs_site_entry *first_of(const phs_site *s, phs_site_kind a, phs_site_kind b)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].kind == a || s->v[i].kind == b)
            return &s->v[i];
    return NULL;
}

static char *buf_string(phs_buf *b)
{
    if (phs_buf_append(b, "", 1)) {
        free(b->p);
        return NULL;
    }
    return b->p;
}

/* The deny list: a whole-word pattern rule of category NAME. */
static int names_rule(const phs_site *s, phs_rule *r, bool *made)
{
    const phs_site_entry *e = first_of(s, PHS_SITE_DENY_NAME, PHS_SITE_DENY_NAME);
    if (!e)
        return PHS_OK;
    static const char edge_l[] = "(?i)(?<![A-Za-z0-9_\\x80-\\xff])";
    static const char edge_r[] = "(?![A-Za-z0-9_\\x80-\\xff])";
    phs_buf pat = {0}, pre = {0};
    int rc = phs_buf_append(&pat, edge_l, sizeof edge_l - 1);
    if (!rc)
        rc = alternation(s, false, PHS_SITE_DENY_NAME, &pat);
    if (!rc)
        rc = phs_buf_append(&pat, edge_r, sizeof edge_r - 1);
    if (!rc)
        rc = phs_buf_append(&pre, "(?i)", 4);
    if (!rc)
        rc = alternation(s, false, PHS_SITE_DENY_NAME, &pre);
    if (rc) {
        free(pat.p);
        free(pre.p);
        return rc;
    }
    r->pattern = buf_string(&pat);
    r->prefilter = buf_string(&pre);
    if (!r->pattern || !r->prefilter)
        return PHS_E_NOMEM;
    snprintf(r->id, sizeof r->id, "%s", PHS_SITE_NAMES_RULE);
    r->category = PHS_CAT_NAME;
    /* over the free-text name rules (40), under the key rules (96) */
    r->priority = 90;
    snprintf(r->file, sizeof r->file, "%s", e->file);
    r->line = e->line;
    *made = true;
    return PHS_OK;
}

/* The key policy's rule: it matches nothing ((*FAIL)); its prefilter makes
   the lines that name a kept or redacted key (every line with '=' or '{'
   in strict mode) candidates, so the confirm step hands them to the key
   walk of phs_site_line. */
static int keys_rule(const phs_site *s, phs_rule *r, bool *made)
{
    const phs_site_entry *e = first_of(s, PHS_SITE_KEEP_KEY, PHS_SITE_REDACT_KEY);
    bool strict = s->strict == 1;
    if (!e && !strict)
        return PHS_OK;
    phs_buf pre = {0};
    int rc = strict ? phs_buf_append(&pre, "[={]", 4) : phs_buf_append(&pre, "(?i)", 4);
    if (!rc && !strict)
        rc = alternation(s, true, PHS_SITE_KEEP_KEY, &pre);
    if (rc) {
        free(pre.p);
        return rc;
    }
    r->prefilter = buf_string(&pre);
    r->pattern = strdup("(*FAIL)");
    if (!r->prefilter || !r->pattern)
        return PHS_E_NOMEM;
    snprintf(r->id, sizeof r->id, "%s", PHS_SITE_KEYS_RULE);
    r->category = PHS_CAT_COUNT; /* each value it redacts is reported as such */
    r->priority = 50;
    snprintf(r->file, sizeof r->file, "%s", e ? e->file : s->strict_file);
    r->line = e ? e->line : s->strict_line;
    *made = true;
    return PHS_OK;
}

int phs_site_make_rule(const phs_site *s, int which, phs_rule *out, bool *made, phs_error *err)
{
    memset(out, 0, sizeof *out);
    out->window = PHS_DEFAULT_WINDOW;
    out->enabled = true;
    *made = false;
    int rc = which == 0 ? names_rule(s, out, made) : keys_rule(s, out, made);
    if (rc) {
        free(out->pattern);
        free(out->prefilter);
        memset(out, 0, sizeof *out);
        *made = false;
        return phs_fail(err, rc, NULL, 0, NULL, "out of memory");
    }
    return PHS_OK;
}

/* --------------------------------------------------------------- hash sets */

typedef struct phs_hslot {
    uint64_t h;
    uint32_t off, len;
    uint32_t val;
    uint8_t tag;
    bool used;
} phs_hslot;

static unsigned char fold(unsigned char c) { return (unsigned char)tolower(c); }

uint64_t phs_site_hash(uint8_t tag, const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull ^ tag;
    for (size_t i = 0; i < n; i++) {
        h ^= fold((unsigned char)p[i]);
        h *= 0x100000001b3ull;
    }
    return h ^ (h >> 29);
}

static bool same(const phs_hset *h, const phs_hslot *s, uint8_t tag, const char *p, size_t n)
{
    if (s->tag != tag || s->len != n)
        return false;
    const char *q = h->pool + s->off;
    for (size_t i = 0; i < n; i++)
        if (fold((unsigned char)q[i]) != fold((unsigned char)p[i]))
            return false;
    return true;
}

bool phs_hset_get(const phs_hset *h, uint8_t tag, const char *p, size_t n, uint32_t *val)
{
    if (!h->n)
        return false;
    uint64_t hv = phs_site_hash(tag, p, n);
    for (size_t i = hv & h->mask;; i = (i + 1) & h->mask) {
        const phs_hslot *s = &h->v[i];
        if (!s->used)
            return false;
        if (s->h == hv && same(h, s, tag, p, n)) {
            *val = s->val;
            return true;
        }
    }
}

static int hset_grow(phs_hset *h)
{
    size_t cap = h->v ? (h->mask + 1) * 2 : 64;
    phs_hslot *nv = calloc(cap, sizeof *nv);
    if (!nv)
        return PHS_E_NOMEM;
    for (size_t i = 0; h->v && i <= h->mask; i++) {
        if (!h->v[i].used)
            continue;
        size_t j = h->v[i].h & (cap - 1);
        while (nv[j].used)
            j = (j + 1) & (cap - 1);
        nv[j] = h->v[i];
    }
    free(h->v);
    h->v = nv;
    h->mask = cap - 1;
    return PHS_OK;
}

/* Add (tag, p, n) -> val; an existing key keeps its first value. */
static int hset_put(phs_hset *h, uint8_t tag, const char *p, size_t n, uint32_t val)
{
    uint32_t old;
    if (phs_hset_get(h, tag, p, n, &old))
        return PHS_OK;
    if ((!h->v || (h->n + 1) * 2 > h->mask + 1) && hset_grow(h))
        return PHS_E_NOMEM;
    if (h->pool_len + n > h->pool_cap) {
        size_t nc = h->pool_cap ? h->pool_cap * 2 : 4096;
        while (nc < h->pool_len + n)
            nc *= 2;
        char *np = realloc(h->pool, nc);
        if (!np)
            return PHS_E_NOMEM;
        h->pool = np;
        h->pool_cap = nc;
    }
    memcpy(h->pool + h->pool_len, p, n);
    uint64_t hv = phs_site_hash(tag, p, n);
    size_t i = hv & h->mask;
    while (h->v[i].used)
        i = (i + 1) & h->mask;
    h->v[i] = (phs_hslot){.h = hv, .off = (uint32_t)h->pool_len, .len = (uint32_t)n, .val = val,
                          .tag = tag, .used = true};
    h->pool_len += n;
    h->n++;
    return PHS_OK;
}

static void hset_free(phs_hset *h)
{
    free(h->v);
    free(h->pool);
    memset(h, 0, sizeof *h);
}

/* -------------------------------------------------------------- compiling */

void phs_site_free(phs_sitedb *s)
{
    if (!s)
        return;
    free(s->refs);
    hset_free(&s->values);
    hset_free(&s->words);
    hset_free(&s->keys);
    for (size_t i = 0; i < s->npat; i++)
        pcre2_code_free(s->pat_re[i]);
    free(s->pat_re);
    free(s->pat_ref);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++) {
        pcre2_code_free(s->pats[c].alt);
        free(s->pats[c].idx);
    }
    free(s);
}

static uint32_t add_ref(phs_sitedb *sd, const phs_site_entry *e)
{
    phs_site_ref *r = &sd->refs[sd->nrefs];
    r->kind = e->kind;
    r->category = e->category;
    memcpy(r->file, e->file, sizeof r->file);
    r->line = e->line;
    r->item = e->item;
    return (uint32_t)sd->nrefs++;
}

static const char *cat_name(phs_category c)
{
    return c < PHS_CAT_COUNT ? phs_category_name(c) : "all";
}

/* allow CATEGORY = VALUE: its normal form under each category it names. */
static int compile_value(phs_sitedb *sd, const phs_db *db, const phs_site_entry *e, phs_error *err)
{
    char *norm = malloc(e->len + 16);
    if (!norm)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    uint32_t ref = add_ref(sd, e);
    bool any = false;
    int rc = PHS_OK;
    for (unsigned c = 0; c < PHS_CAT_COUNT && !rc; c++) {
        if (e->category != PHS_CAT_COUNT && e->category != c)
            continue;
        size_t nl = phs_act_normal_form(&db->act, (phs_category)c, e->text, e->len, norm);
        if (nl == 0)
            continue; /* nothing this category compares (no digits for an SSN) */
        any = true;
        sd->has_values[c] = true;
        if (hset_put(&sd->values, (uint8_t)c, norm, nl, ref))
            rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    }
    free(norm);
    if (!rc && !any)
        rc = phs_fail(err, PHS_E_RULES, e->file, e->line, NULL,
                      "allow %s: the value has nothing a finding of %s is compared on (its "
                      "normal form is empty: docs/policy.md, \"Normal forms\")",
                      cat_name(e->category),
                      e->category == PHS_CAT_COUNT ? "any category" : cat_name(e->category));
    return rc;
}

/* allow-words: one word each, compared as a name word is (folded). */
static int compile_word(phs_sitedb *sd, const phs_db *db, const phs_site_entry *e, phs_error *err)
{
    char *norm = malloc(e->len + 16);
    if (!norm)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    size_t nl = phs_act_normal_form(&db->act, PHS_CAT_NAME, e->text, e->len, norm);
    int rc = PHS_OK;
    if (nl == 0 || memchr(norm, ' ', nl))
        rc = phs_fail(err, PHS_E_RULES, e->file, e->line, NULL,
                      "allow-words: item %u is not one name word (a whole name goes in "
                      "'allow NAME = ...'; titles such as Dr are never names anyway)",
                      e->item);
    else {
        uint32_t ref = add_ref(sd, e);
        sd->refs[ref].category = PHS_CAT_NAME;
        if (hset_put(&sd->words, 0, norm, nl, ref))
            rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    }
    free(norm);
    return rc;
}

/* Keys: kind in the top byte of the value, the audit entry of a kept key
   below it. */
static int compile_key(phs_sitedb *sd, const phs_site_entry *e, phs_error *err)
{
    uint32_t old;
    if (phs_hset_get(&sd->keys, 0, e->text, e->len, &old)) {
        if ((phs_site_kind)(old >> 24) == e->kind)
            return PHS_OK;
        return phs_fail(err, PHS_E_RULES, e->file, e->line, NULL,
                        "%s: item %u is listed under %s too: a key has one policy",
                        phs_site_kind_name(e->kind), e->item,
                        phs_site_kind_name((phs_site_kind)(old >> 24)));
    }
    uint32_t ref = e->kind == PHS_SITE_KEEP_KEY ? add_ref(sd, e) : 0xffffffu;
    if (hset_put(&sd->keys, 0, e->text, e->len, ((uint32_t)e->kind << 24) | ref))
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    /* scanned keys alone change nothing outside strict mode */
    sd->has_keys |= e->kind != PHS_SITE_SCAN_KEY;
    return PHS_OK;
}

/* Ordinary values of each category: an allow pattern that keeps more
   than one of them would keep real people's values, and must say
   `broad` if that is meant. */
static const char *const probes[PHS_CAT_COUNT][6] = {
    [PHS_CAT_SSN] = {"123-45-6789", "219-09-9999", "078-05-1120", "457 55 5462", "536228726",
                     "001-01-0001"},
    [PHS_CAT_MRN] = {"MRN0012345", "A00123", "0012345678", "MR-778812", "12-345-678", "X9Q7R2"},
    [PHS_CAT_PATIENT_ID] = {"P123456", "88412-A", "0008841625", "ZX-4411-09", "abc123def",
                            "M-00012"},
    [PHS_CAT_MEMBER_ID] = {"W123456789", "MBR-88412", "0008841625", "XEH123M45678", "12345678901",
                           "ABC-00-1234"},
    [PHS_CAT_ACCOUNT_ID] = {"8841625041", "ACCT-00912", "0000123456", "A-77-1234", "99812",
                            "CUST448812"},
    [PHS_CAT_ENCOUNTER_ID] = {"E-22", "ENC0012345", "V123456", "2024-000912", "88123", "VIS-7-1"},
    [PHS_CAT_NAME] = {"John Smith", "Maria Lopez", "SMITH^JOHN", "O'Brien", "Jana Hamanova",
                      "Lee"},
    [PHS_CAT_DATE] = {"1962-03-14", "03/14/1962", "14 March 1962", "Mar 3, 1980", "19800115",
                      "2/3/99"},
    [PHS_CAT_PHONE] = {"(555) 234-5678", "555-234-5678", "+1 617 555 0100", "555.234.5678",
                       "2025550143", "1-800-555-0199"},
    [PHS_CAT_FAX] = {"(555) 234-5678", "555-234-5678", "+1 617 555 0100", "555.234.5678",
                     "2025550143", "1-800-555-0199"},
    [PHS_CAT_EMAIL] = {"jane.doe@example.com", "j@x.org", "SMITH.J@HOSPITAL.ORG",
                       "a.b+c@mail.example.net", "bob_99@gmail.com", "maria.lopez@clinic.test"},
    [PHS_CAT_IP] = {"10.20.30.40", "192.168.1.17", "203.0.113.9", "2001:db8::1", "172.16.254.3",
                    "8.8.4.4"},
    [PHS_CAT_URL] = {"/patients/12345", "/api/v1/patient/778812/chart", "/mrn/A00123",
                     "/members/99812", "/pt/4411", "/encounters/E-22"},
    [PHS_CAT_ZIP] = {"02139", "94110-1234", "10001", "60614", "30301", "73301"},
    [PHS_CAT_ADDRESS] = {"12 Elm St", "1600 Main Street Apt 4", "42 Oak Avenue", "7 W 3rd St",
                         "PO Box 123", "990 Pine Rd."},
    [PHS_CAT_AGE] = {"91", "95", "103", "90", "99", "117"},
    [PHS_CAT_LICENSE] = {"D1234567", "S530-4127-8812", "F255-921-50-094-0", "123456789",
                         "A12-34-5678", "X4412890"},
    [PHS_CAT_LOCATION] = {"Boston", "Springfield", "Cook County", "Mercy General Hospital",
                          "San Antonio", "Lake Forest"},
    [PHS_CAT_CARD] = {"4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009",
                      "6011000000000004", "4012888888881881", "3530111333300000"},
    [PHS_CAT_VIN] = {"1HGCM82633A004352", "JH4KA7561PC008269", "1FTFW1ET5DFC10312",
                     "WDBRF61J21F123456", "5YJSA1E26HF000337", "2T1BURHE0JC043821"},
    [PHS_CAT_DEVICE_ID] = {"SN-00012345", "(01)00844588003288(17)141120(10)7654321D(21)10",
                           "C02XG0FDJGH5", "R58M123ABC", "DEV-4411-09", "00844588003288"},
};
/* a category added without probes fails the build here, not at run time */
_Static_assert(PHS_CAT_DEVICE_ID + 1 == PHS_CAT_COUNT,
               "allow.c: give the new category its probe values");

static int check_broad(const pcre2_code *re, const phs_site_entry *e, phs_error *err)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    int rc = PHS_OK;
    for (unsigned c = 0; c < PHS_CAT_COUNT && !rc; c++) {
        if (e->category != PHS_CAT_COUNT && e->category != c)
            continue;
        unsigned hits = 0;
        for (size_t k = 0; k < 6 && probes[c][k]; k++)
            if (pcre2_match(re, (PCRE2_SPTR)probes[c][k], strlen(probes[c][k]), 0, 0, md, NULL) >=
                0)
                hits++;
        if (hits > 1)
            rc = phs_fail(err, PHS_E_RULES, e->file, e->line, NULL,
                          "allow-pattern %s: it matches %u of 6 ordinary %s values, so it would "
                          "keep real people's: narrow it, or write 'allow-pattern %s broad = "
                          "...' if that is meant",
                          cat_name(e->category), hits, phs_category_name((phs_category)c),
                          cat_name(e->category));
    }
    pcre2_match_data_free(md);
    return rc;
}

static pcre2_code *compile_anchored(const char *pat, size_t n, int *ec, PCRE2_SIZE *eo)
{
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, n, PCRE2_ANCHORED | PCRE2_ENDANCHORED, ec, eo,
                                   NULL);
    if (re)
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

static int compile_pattern(phs_sitedb *sd, const phs_site_entry *e, phs_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = compile_anchored(e->text, e->len, &ec, &eo);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(ec, msg, sizeof msg);
        return phs_fail(err, PHS_E_COMPILE, e->file, e->line, NULL,
                        "allow-pattern: %s at offset %zu", (const char *)msg, (size_t)eo);
    }
    int rc = e->broad ? PHS_OK : check_broad(re, e, err);
    if (rc) {
        pcre2_code_free(re);
        return rc;
    }
    sd->pat_re[sd->npat] = re;
    sd->pat_ref[sd->npat] = add_ref(sd, e);
    sd->npat++;
    return PHS_OK;
}

/* Would the pattern mean something else as one branch of a join? Group
   numbers shift there, so a numbered subroutine call, recursion or
   condition ((?1), (?R), (?(1)...), \g<1>) would reach another entry's
   group; a verb such as (*COMMIT) would fail the whole alternation; an
   extended-mode '#' comment would run on into the next branch. Such a
   pattern is matched alone (a false alarm here only costs speed). */
static bool join_unsafe(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        char c = p[i], d = p[i + 1], e = i + 2 < n ? p[i + 2] : '\0';
        if (c == '\\') {
            if (d == 'g' && (e == '<' || e == '\''))
                return true;
            i++;
            continue;
        }
        if (c != '(')
            continue;
        if (d == '*')
            return true;
        if (d != '?')
            continue;
        if (isdigit((unsigned char)e) || e == '+' || e == 'R' || e == '(' ||
            (e == '-' && i + 3 < n && isdigit((unsigned char)p[i + 3])))
            return true;
        for (size_t k = i + 2; k < n && (isalpha((unsigned char)p[k]) || p[k] == '^' ||
                                         p[k] == '-');
             k++)
            if (p[k] == 'x')
                return true;
    }
    return false;
}

/* One alternation of a category's patterns, so a finding costs one match.
   Patterns with back-references, those join_unsafe names, and joins that
   do not compile keep the category on the one-by-one path. The join is a
   prefilter only: the entry that keeps a value is found one by one. */
static int category_patterns(phs_sitedb *sd, const phs_site *site, unsigned c)
{
    phs_site_pats *cp = &sd->pats[c];
    cp->idx = calloc(sd->npat ? sd->npat : 1, sizeof *cp->idx);
    if (!cp->idx)
        return PHS_E_NOMEM;
    phs_buf alt = {0};
    bool joinable = true;
    int rc = PHS_OK;
    for (size_t i = 0, k = 0; i < site->n && !rc; i++) {
        const phs_site_entry *e = &site->v[i];
        if (e->kind != PHS_SITE_ALLOW_PATTERN)
            continue;
        uint32_t at = (uint32_t)k++;
        if (e->category != PHS_CAT_COUNT && e->category != c)
            continue;
        uint32_t backref = 0;
        pcre2_pattern_info(sd->pat_re[at], PCRE2_INFO_BACKREFMAX, &backref);
        joinable &= backref == 0 && !join_unsafe(e->text, e->len);
        cp->idx[cp->n++] = at;
        if ((cp->n > 1 && phs_buf_append(&alt, "|", 1)) || phs_buf_append(&alt, "(?:", 3) ||
            phs_buf_append(&alt, e->text, e->len) || phs_buf_append(&alt, ")", 1))
            rc = PHS_E_NOMEM;
    }
    if (!rc && joinable && cp->n > 1) {
        int ec;
        PCRE2_SIZE eo;
        cp->alt = compile_anchored(alt.p, alt.len, &ec, &eo);
    }
    free(alt.p);
    return rc;
}

static uint32_t rule_index(const phs_rules *rules, const char *id)
{
    for (size_t i = 0; i < rules->n; i++)
        if (strcmp(rules->v[i].id, id) == 0)
            return (uint32_t)i;
    return UINT32_MAX;
}

static int compile_entries(phs_sitedb *sd, const phs_db *db, const phs_site *site, phs_error *err)
{
    int rc = PHS_OK;
    for (size_t i = 0; i < site->n && !rc; i++) {
        const phs_site_entry *e = &site->v[i];
        /* A line can be no longer than max_line_size, so a longer entry
           never matches: a mistake to report, not to keep. */
        if (e->len >= db->opts.max_line_size)
            return phs_fail(err, PHS_E_RULES, e->file, e->line, NULL,
                            "%s: the entry is longer than a line can be (%zu bytes, the line "
                            "limit is %zu)", phs_site_kind_name(e->kind), e->len,
                            db->opts.max_line_size);
        switch (e->kind) {
        case PHS_SITE_ALLOW: rc = compile_value(sd, db, e, err); break;
        case PHS_SITE_ALLOW_PATTERN: rc = compile_pattern(sd, e, err); break;
        case PHS_SITE_ALLOW_WORD: rc = compile_word(sd, db, e, err); break;
        case PHS_SITE_KEEP_KEY:
        case PHS_SITE_SCAN_KEY:
        case PHS_SITE_REDACT_KEY: rc = compile_key(sd, e, err); break;
        default: break; /* deny-names: a rule of the set */
        }
    }
    return rc;
}

int phs_site_compile(phs_db *db, const phs_rules *rules, phs_error *err)
{
    const phs_site *site = &rules->site;
    db->site = NULL;
    if (!site->n && site->strict != 1)
        return PHS_OK;
    phs_sitedb *sd = calloc(1, sizeof *sd);
    if (sd) {
        sd->refs = calloc(site->n ? site->n : 1, sizeof *sd->refs);
        sd->pat_re = calloc(site->n ? site->n : 1, sizeof *sd->pat_re);
        sd->pat_ref = calloc(site->n ? site->n : 1, sizeof *sd->pat_ref);
    }
    if (!sd || !sd->refs || !sd->pat_re || !sd->pat_ref) {
        phs_site_free(sd);
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    }
    sd->strict = site->strict == 1;
    sd->has_keys = sd->strict;
    sd->keys_rule = rule_index(rules, PHS_SITE_KEYS_RULE);
    sd->names_rule = rule_index(rules, PHS_SITE_NAMES_RULE);
    int rc = compile_entries(sd, db, site, err);
    for (unsigned c = 0; c < PHS_CAT_COUNT && !rc && sd->npat; c++)
        if (category_patterns(sd, site, c))
            rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    if (rc) {
        phs_site_free(sd);
        return rc;
    }
    db->site = sd;
    return PHS_OK;
}

/* ------------------------------------------------------------------ state */

int phs_site_state_create(const phs_db *db, phs_site_state **out)
{
    *out = NULL;
    if (!db->site)
        return PHS_OK;
    phs_site_state *st = calloc(1, sizeof *st);
    if (!st)
        return PHS_E_NOMEM;
    st->kept = calloc(db->site->nrefs ? db->site->nrefs : 1, sizeof *st->kept);
    if (!st->kept) {
        free(st);
        return PHS_E_NOMEM;
    }
    *out = st;
    return PHS_OK;
}

void phs_site_state_free(phs_site_state *st)
{
    if (!st)
        return;
    free(st->kept);
    free(st->r);
    free(st);
}

void phs_site_state_reset(const phs_db *db, phs_site_state *st)
{
    if (!st)
        return;
    memset(st->kept, 0, (db->site->nrefs ? db->site->nrefs : 1) * sizeof *st->kept);
    st->redacted = 0;
    st->nr = 0;
}

/* ---------------------------------------------------------------- the check */

/* The first allow pattern of cat that matches the whole of [p, p + n). */
static bool pattern_allows(const phs_sitedb *sd, phs_matcher *m, phs_category cat, const char *p,
                           size_t n, uint32_t *ref)
{
    const phs_site_pats *cp = &sd->pats[cat];
    if (!cp->n)
        return false;
    /* a match limit or an error is no match: the finding stays masked */
    if (cp->alt && pcre2_match(cp->alt, (PCRE2_SPTR)p, n, 0, 0, m->md, m->mctx) < 0)
        return false;
    for (size_t k = 0; k < cp->n; k++) {
        uint32_t i = cp->idx[k];
        if (pcre2_match(sd->pat_re[i], (PCRE2_SPTR)p, n, 0, 0, m->md, m->mctx) >= 0) {
            *ref = sd->pat_ref[i];
            return true;
        }
    }
    return false;
}

/* A NAME finding made of allowed words alone: each word counts once. */
static bool words_allow(const phs_sitedb *sd, phs_site_state *st, const char *norm, size_t nl)
{
    if (!sd->words.n || nl == 0)
        return false;
    for (size_t i = 0; i < nl;) {
        const char *sp = memchr(norm + i, ' ', nl - i);
        size_t e = sp ? (size_t)(sp - norm) : nl;
        uint32_t ref;
        if (!phs_hset_get(&sd->words, 0, norm + i, e - i, &ref))
            return false;
        i = e + 1;
    }
    for (size_t i = 0; i < nl;) {
        const char *sp = memchr(norm + i, ' ', nl - i);
        size_t e = sp ? (size_t)(sp - norm) : nl;
        uint32_t ref;
        if (phs_hset_get(&sd->words, 0, norm + i, e - i, &ref))
            st->kept[ref]++;
        i = e + 1;
    }
    return true;
}

bool phs_site_allowed(const phs_db *db, phs_matcher *m, phs_site_state *st, phs_category cat,
                      const char *p, size_t n)
{
    const phs_sitedb *sd = db->site;
    if (!sd || (unsigned)cat >= PHS_CAT_COUNT || n == 0)
        return false;
    uint32_t ref;
    if (pattern_allows(sd, m, cat, p, n, &ref)) {
        st->kept[ref]++;
        return true;
    }
    /* a finding of a category with no values (a date, mostly) costs no
       normal form */
    if (!sd->has_values[cat] && !(cat == PHS_CAT_NAME && sd->words.n))
        return false;
    char small[512];
    char *norm = n + 16 <= sizeof small ? small : malloc(n + 16);
    if (!norm)
        return false; /* no memory: the finding stays masked */
    size_t nl = phs_act_normal_form(&db->act, cat, p, n, norm);
    bool ok = false;
    if (nl && phs_hset_get(&sd->values, (uint8_t)cat, norm, nl, &ref)) {
        st->kept[ref]++;
        ok = true;
    } else if (cat == PHS_CAT_NAME) {
        ok = words_allow(sd, st, norm, nl);
    }
    /* the normal form of a finding is PHI until it was allowed */
    explicit_bzero(norm, nl);
    if (norm != small)
        free(norm);
    return ok;
}

/* ------------------------------------------------------------ on a line */

static bool overlaps(const phs_site_range *r, size_t s, size_t e) { return s < r->end && r->start < e; }

/* Is the resolved span sp a finding the policy keeps out of the output? */
static bool span_goes(const phs_db *db, phs_matcher *m, phs_site_state *st, const char *blk,
                      const phs_span *sp)
{
    const phs_sitedb *sd = db->site;
    if (sp->rule == sd->names_rule)
        return false; /* the deny list: always a name */
    for (size_t i = 0; i < st->nr; i++) {
        const phs_site_range *r = &st->r[i];
        if (r->redact && overlaps(r, sp->start, sp->end))
            return false; /* it joins the redacted value */
        /* a kept key's value: whatever was found inside it stays; a span
           reaching past the value is not the value's and stays masked */
        if (!r->redact && sp->start >= r->start && sp->end <= r->end)
            return true;
    }
    return phs_site_allowed(db, m, st, sp->category, blk + sp->start, sp->end - sp->start);
}

static int add_redactions(const phs_sitedb *sd, phs_matcher *m, const phs_site_state *st)
{
    bool any = false;
    for (size_t i = 0; i < st->nr; i++) {
        const phs_site_range *r = &st->r[i];
        if (!r->redact || r->end <= r->start)
            continue;
        if (m->nspans == m->capspans) {
            size_t nc = m->capspans ? m->capspans * 2 : 16;
            phs_span *v = realloc(m->spans, nc * sizeof *v);
            if (!v)
                return PHS_E_NOMEM;
            m->spans = v;
            m->capspans = nc;
        }
        m->spans[m->nspans++] = (phs_span){.start = r->start,
                                           .end = r->end,
                                           .rule = sd->keys_rule,
                                           .priority = PHS_SPAN_REDACT_PRIORITY,
                                           .category = r->quote ? PHS_SPAN_REDACT_Q
                                                                : PHS_SPAN_REDACT};
        any = true;
    }
    if (any)
        m->nspans = phs_resolve(m->spans, m->nspans);
    return PHS_OK;
}

phs_line_result phs_site_line(const phs_db *db, phs_matcher *m, phs_site_state *st,
                              const char *blk, size_t ls, size_t le)
{
    const phs_sitedb *sd = db->site;
    if (!sd || !st)
        return PHS_LINE_OK;
    st->nr = 0;
    if (sd->has_keys && phs_keypol_line(sd, st, blk, ls, le) != PHS_OK)
        return PHS_LINE_FAIL;
    size_t k = 0;
    for (size_t i = 0; i < m->nspans; i++)
        if (!span_goes(db, m, st, blk, &m->spans[i]))
            m->spans[k++] = m->spans[i];
    m->nspans = k;
    if (add_redactions(sd, m, st))
        return PHS_LINE_FAIL;
    return PHS_LINE_OK;
}

/* ------------------------------------------------------------------ audit */

size_t phs_db_allow_count(const phs_db *db) { return db && db->site ? db->site->nrefs : 0; }

int phs_db_allow_entry(const phs_db *db, size_t i, phs_allow_info *out)
{
    if (!out || i >= phs_db_allow_count(db))
        return PHS_E_ARG;
    const phs_site_ref *r = &db->site->refs[i];
    out->directive = phs_site_kind_name(r->kind);
    out->category = r->category;
    out->file = r->file;
    out->line = r->line;
    out->item = r->item ? r->item : 1;
    return PHS_OK;
}

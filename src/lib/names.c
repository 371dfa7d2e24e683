/* Person names from dictionaries: the first-name, surname and log-word lists
   of patterns/names/ are one Hyperscan literal database (Title case). The
   block's capitalised words that stand alone are copied out and only they
   are scanned; a line whose hits could make a name form is confirmed by the
   forms below. */
#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine.h"

/* The lists, embedded by names_data.c. Each ends in a NUL. */
extern const char phs_names_first[], phs_names_surnames[], phs_names_common[];

enum { K_FIRST = 1, K_SURNAME = 2, K_COMMON = 4, K_UPPER = 8 };

/* Calls fn(word, len, kind) for every list entry (Title case) in id order.
   UPPER-case words of the input are matched in Title case (add_word). */
static int each_literal(int (*fn)(const char *w, size_t n, uint8_t kind, void *ctx), void *ctx)
{
    const char *lists[3] = {phs_names_first, phs_names_surnames, phs_names_common};
    const uint8_t kinds[3] = {K_FIRST, K_SURNAME, K_COMMON};
    for (int l = 0; l < 3; l++) {
        const char *p = lists[l];
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n >= 2 && n < 64) {
                int rc = fn(p, n, kinds[l], ctx);
                if (rc)
                    return rc;
            }
            p += n + (e != NULL);
        }
    }
    return 0;
}

typedef struct lit_build {
    uint8_t *kind, *len;
    char **expr;
    size_t n, cap;
} lit_build;

static int count_lit(const char *w, size_t n, uint8_t kind, void *ctx)
{
    (void)w;
    (void)n;
    (void)kind;
    ((lit_build *)ctx)->cap++;
    return 0;
}

static int note_lit(const char *w, size_t n, uint8_t kind, void *ctx)
{
    lit_build *b = ctx;
    assert(b->n < b->cap);
    b->kind[b->n] = kind;
    b->len[b->n] = (uint8_t)n;
    if (b->expr) {
        b->expr[b->n] = malloc(n + 1);
        if (!b->expr[b->n])
            return PHS_E_NOMEM;
        memcpy(b->expr[b->n], w, n);
        b->expr[b->n][n] = '\0';
    }
    b->n++;
    return 0;
}

/* The cache key: the lists (their SHA-256 from the build, or their bytes),
   Hyperscan's version and the platform. */
static uint64_t names_key(void)
{
    uint64_t key = 0x84222325cbf29ce4ull;
    const char *v = hs_version();
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof plat);
    hs_populate_platform(&plat);
    phs_cache_hash(&key, "names-v3", 9);
    phs_cache_hash(&key, v, strlen(v) + 1);
    phs_cache_hash(&key, &plat, sizeof plat);
#ifdef PHS_NAMES_SHA256
    /* hashing 1.3 MB of lists would cost more than the rest of a warm start */
    phs_cache_hash(&key, PHS_NAMES_SHA256, sizeof PHS_NAMES_SHA256);
#else
    phs_cache_hash(&key, phs_names_first, strlen(phs_names_first));
    phs_cache_hash(&key, phs_names_surnames, strlen(phs_names_surnames));
    phs_cache_hash(&key, phs_names_common, strlen(phs_names_common));
#endif
    return key;
}

int phs_names_build(phs_db *db, const char *cache_dir, phs_error *err)
{
    uint64_t key = names_key();
    phs_cache_entry *ce = &db->names_map;
    /* A hit brings the kinds and lengths with it: the lists are not read. */
    if (cache_dir && phs_cache_map(cache_dir, key, ce)) {
        if (ce->extra_len % 2 == 0 && ce->extra_len > 0) {
            db->names_hs = ce->db;
            db->nnames = ce->extra_len / 2;
            db->name_kind = ce->extra;
            db->name_len = ce->extra + db->nnames;
            db->names_cache_hit = true;
            return PHS_OK;
        }
        phs_cache_unmap(ce);
    }
    lit_build b = {0};
    each_literal(count_lit, &b);
    db->nnames = b.cap;
    db->name_owned = malloc(2 * b.cap + 1);
    if (!db->name_owned)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    b.kind = db->name_owned;
    b.len = db->name_owned + b.cap;
    db->name_kind = b.kind;
    db->name_len = b.len;
    b.expr = calloc(b.cap ? b.cap : 1, sizeof *b.expr);
    if (!b.expr)
        return phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    int rc = each_literal(note_lit, &b);
    assert(rc || b.n == b.cap);
    if (!rc) {
        size_t *lens = malloc(b.n * sizeof *lens);
        unsigned *ids = malloc(b.n * sizeof *ids);
        unsigned *flags = calloc(b.n, sizeof *flags);
        if (lens && ids && flags) {
            for (size_t i = 0; i < b.n; i++) {
                lens[i] = db->name_len[i];
                /* One id per literal: Hyperscan compiles a large set with
                   few distinct ids orders of magnitude slower. */
                ids[i] = (unsigned)i;
            }
            hs_compile_error_t *cerr = NULL;
            if (hs_compile_lit_multi((const char *const *)b.expr, flags, ids, lens,
                                     (unsigned)b.n, HS_MODE_BLOCK, NULL, &db->names_hs,
                                     &cerr) != HS_SUCCESS) {
                rc = phs_fail(err, PHS_E_COMPILE, NULL, 0, NULL, "name dictionary: %s",
                              cerr && cerr->message ? cerr->message : "Hyperscan compile failed");
                hs_free_compile_error(cerr);
            } else if (cache_dir) {
                phs_cache_store(cache_dir, key, db->names_hs, db->name_owned, 2 * b.n);
            }
        } else {
            rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
        }
        free(lens);
        free(ids);
        free(flags);
    } else {
        rc = phs_fail(err, PHS_E_NOMEM, NULL, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < b.n; i++)
        free(b.expr[i]);
    free(b.expr);
    return rc;
}

static bool is_alnum(unsigned char c) { return isalnum(c) != 0; }

/* A hit stands as a word: nothing word-like glued to either side. This is
   what keeps SmithAdapter, com.Smith.Billing, Smith_Job, @Smith, Smith.java
   and Smith( out. */
static bool word_left_ok(const char *b, size_t s)
{
    if (s == 0)
        return true;
    unsigned char c = (unsigned char)b[s - 1];
    if (c == ':')
        return s < 2 || b[s - 2] != ':'; /* "name:John", not "ns::John" */
    if (is_alnum(c) || c >= 0x80 || c == '_' || c == '@' || c == '.' || c == '/' ||
        c == '\\' || c == '$' || c == '#')
        return false;
    if (c == '-' || c == '\'')
        return s < 2 || !is_alnum((unsigned char)b[s - 2]) ||
               isupper((unsigned char)b[s - 2]); /* Garcia-Lopez, O'Brien */
    return true;
}

static bool word_right_ok(const char *b, size_t e, size_t len)
{
    if (e >= len)
        return true;
    unsigned char c = (unsigned char)b[e];
    if (is_alnum(c) || c >= 0x80 || c == '_' || c == '@' || c == '(' || c == '/' || c == '\\' ||
        c == '$' || c == '#')
        return false;
    if ((c == '.' || c == ':') && e + 1 < len && is_alnum((unsigned char)b[e + 1]))
        return false; /* Smith.java, Smith::run */
    if (c == '\'' && e + 1 < len && is_alnum((unsigned char)b[e + 1]))
        return b[e + 1] == 's' && (e + 2 >= len || !is_alnum((unsigned char)b[e + 2]));
    return true;
}

/* Bit i set when byte i of b[0..64) is an ASCII capital (*up), or a byte
   that continues a word: a letter, digit, '_' or any byte >= 0x80 (*wd). */
static void word_masks64(const char *b, uint64_t *up, uint64_t *wd)
{
#if defined(__SSE2__)
    uint64_t u = 0, w = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * k));
        __m128i az = _mm_set1_epi8(25), n9 = _mm_set1_epi8(9);
        __m128i cu = _mm_sub_epi8(v, _mm_set1_epi8('A'));
        __m128i isup = _mm_cmpeq_epi8(_mm_max_epu8(cu, az), az);
        __m128i cl = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
        __m128i isal = _mm_cmpeq_epi8(_mm_max_epu8(cl, az), az);
        __m128i cd = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        __m128i isdg = _mm_cmpeq_epi8(_mm_max_epu8(cd, n9), n9);
        __m128i isus = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
        __m128i word = _mm_or_si128(_mm_or_si128(isal, isdg), isus);
        u |= (uint64_t)(uint16_t)_mm_movemask_epi8(isup) << (16 * k);
        w |= (uint64_t)(uint16_t)(_mm_movemask_epi8(word) | _mm_movemask_epi8(v)) << (16 * k);
    }
    *up = u;
    *wd = w;
#else
    uint64_t u = 0, w = 0;
    for (int k = 0; k < 64; k++) {
        unsigned char c = (unsigned char)b[k];
        u |= (uint64_t)(c >= 'A' && c <= 'Z') << k;
        w |= (uint64_t)(isalnum(c) || c == '_' || c >= 0x80) << k;
    }
    *up = u;
    *wd = w;
#endif
}

/* The longest list entry; a longer word is no name of the lists. */
#define NAME_WORD_MAX 24

static int add_word(phs_matcher *m, const char *b, size_t s, size_t e)
{
    assert(e > s && e - s <= NAME_WORD_MAX);
    if (PHS_MGROW(m, m->words, m->capwords, m->nwords, m->nwords + 1))
        return PHS_E_NOMEM;
    if (PHS_MBUF_RESERVE(m, &m->compact, e - s + 1))
        return PHS_E_NOMEM;
    bool upper = true;
    for (size_t i = s + 1; i < e && upper; i++)
        upper = isupper((unsigned char)b[i]) != 0;
    m->words[m->nwords++] = (phs_nword){
        .at = s, .cstart = m->compact.len, .cend = m->compact.len + (e - s), .upper = upper};
    char *d = m->compact.p + m->compact.len;
    memcpy(d, b + s, e - s);
    /* SMITH is looked up as Smith: the dictionary holds one case */
    for (size_t i = 1; upper && i < e - s; i++)
        d[i] = (char)tolower((unsigned char)d[i]);
    m->compact.len += e - s;
    m->compact.p[m->compact.len++] = '\0'; /* no literal spans two words */
    return PHS_OK;
}

/* A capital at s that starts a word: the whole word, when it stands alone. */
static int consider(phs_matcher *m, const char *b, size_t len, size_t s)
{
    if (!word_left_ok(b, s))
        return PHS_OK;
    /* Title case or capitals only: the lists hold no inner capital, so
       AppleWebKit and HikariPool need no look-up */
    size_t e = s + 1;
    bool lower = e < len && islower((unsigned char)b[e]);
    while (e < len && e - s <= NAME_WORD_MAX &&
           (lower ? islower((unsigned char)b[e]) : isupper((unsigned char)b[e])))
        e++;
    if (e - s < 2 || e - s > NAME_WORD_MAX || (e < len && isalpha((unsigned char)b[e])) ||
        !word_right_ok(b, e, len))
        return PHS_OK;
    return add_word(m, b, s, e);
}

/*
 * The words that could be names: a capital not glued to a word on its left,
 * then letters, standing alone (word_left_ok, word_right_ok). They are
 * copied, each ended by a NUL, into m->compact, and only that is scanned by
 * the dictionary: capitalised words are a small part of a log, and a scan of
 * the whole block met every name as the prefix of a longer word ("Pro" in
 * "Processed") at several times the cost.
 */
static int collect_words(phs_matcher *m, const char *b, size_t len)
{
    m->nwords = 0;
    m->compact.len = 0;
    size_t base = 0;
    uint64_t carry = 1; /* the block starts a word boundary */
    for (; base + 64 <= len; base += 64) {
        uint64_t up, wd;
        word_masks64(b + base, &up, &wd);
        uint64_t starts = up & ~((wd << 1) | (carry ? 0 : 1));
        carry = !(wd >> 63);
        while (starts) {
            int rc = consider(m, b, len, base + (size_t)__builtin_ctzll(starts));
            if (rc)
                return rc;
            starts &= starts - 1;
        }
    }
    for (size_t i = base; i < len; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c < 'A' || c > 'Z')
            continue;
        unsigned char p = i ? (unsigned char)b[i - 1] : ' ';
        if (isalnum(p) || p == '_' || p >= 0x80)
            continue;
        int rc = consider(m, b, len, i);
        if (rc)
            return rc;
    }
    return PHS_OK;
}

static int on_name(unsigned int id, unsigned long long from, unsigned long long to,
                   unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    phs_matcher *m = ctx;
    const phs_db *db = m->db;
    assert(id < db->nnames);
    size_t e = (size_t)to, n = db->name_len[id];
    /* matches come in the order of their ends: follow the words */
    while (m->wcur < m->nwords && m->words[m->wcur].cend < e)
        m->wcur++;
    if (m->wcur == m->nwords)
        return 0;
    const phs_nword *w = &m->words[m->wcur];
    if (w->cend != e || w->cstart + n != e)
        return 0; /* a part of a word */
    size_t s = w->at;
    e = s + n;
    uint8_t kind = (uint8_t)(db->name_kind[id] | (w->upper ? K_UPPER : 0));
    /* The same word from several lists arrives as consecutive hits. */
    if (m->nhits && m->hits[m->nhits - 1].start == s && m->hits[m->nhits - 1].end == e) {
        m->hits[m->nhits - 1].kind |= kind;
        return 0;
    }
    if (PHS_MGROW(m, m->hits, m->caphits, m->nhits, m->nhits + 1)) {
        m->oom = true;
        return 1;
    }
    m->hits[m->nhits++] = (phs_nhit){.start = s, .end = e, .kind = kind};
    return 0;
}

/* Could the hit start a name form of phs_names_confirm? Only those lines are
   candidates: a lone dictionary word, the commonest hit by far, is not. */
static bool may_start_form(const phs_matcher *m, size_t i)
{
    const phs_nhit *a = &m->hits[i], *b = i + 1 < m->nhits ? &m->hits[i + 1] : NULL;
    const char *blk = m->blk;
    size_t len = m->blk_len;
    if ((a->kind & K_FIRST) && a->end < len && blk[a->end] == ' ') {
        if (b && b->start > a->end && b->start <= a->end + 6)
            return true; /* First Last, First M. Last, First O'Last */
        if (!(a->kind & K_COMMON) && a->end + 2 < len &&
            (isupper((unsigned char)blk[a->end + 1]) || (unsigned char)blk[a->end + 1] >= 0xc3))
            return true; /* First Hamanová: checked by foreign_word */
    }
    if ((a->kind & K_SURNAME) && !(a->kind & K_COMMON)) {
        if (b && (a->kind & K_SURNAME) && b->start > a->end && b->start <= a->end + 2 &&
            blk[a->end] == ',')
            return true; /* Last, First */
        if (a->start >= 3 && blk[a->start - 1] == ' ' && blk[a->start - 2] == '.')
            return true; /* J. Last */
    }
    return false;
}

static void add_form_candidates(phs_matcher *m)
{
    uint32_t rule = m->db->names_rule;
    if (rule == UINT32_MAX)
        return;
    for (size_t i = 0; i < m->nhits && !m->oom; i++)
        if (may_start_form(m, i))
            phs_add_candidate(m, m->hits[i].start, rule);
}

int phs_names_scan(phs_matcher *m, const char *blk, size_t len)
{
    m->nhits = 0;
    if (!m->db->names_hs || len == 0)
        return PHS_OK;
    if (collect_words(m, blk, len))
        return PHS_E_NOMEM;
    if (m->compact.len == 0)
        return PHS_OK;
    if (m->compact.len > 0xffffffffu)
        return PHS_E_INTERNAL;
    m->wcur = 0;
    hs_error_t he = hs_scan(m->db->names_hs, m->compact.p, (unsigned)m->compact.len, 0,
                            m->names_scratch, on_name, m);
    if (m->oom)
        return PHS_E_NOMEM;
    if (he != HS_SUCCESS)
        return PHS_E_INTERNAL;
    add_form_candidates(m);
    return m->oom ? PHS_E_NOMEM : PHS_OK;
}

/* Hits are in the order of their end offsets, and whole-word hits cannot
   nest, so they are in start order as well: the first hit at or after s. */
static size_t first_hit(const phs_matcher *m, size_t s)
{
    size_t lo = 0, hi = m->nhits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->hits[mid].start < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool phs_names_starts_at(const phs_matcher *m, size_t s, bool uncommon)
{
    size_t i = first_hit(m, s);
    return i < m->nhits && m->hits[i].start == s && !(uncommon && (m->hits[i].kind & K_COMMON));
}

/* [p, end) starts with a capitalised word that a dictionary cannot hold:
   one with letters outside ASCII (Hamanová, Müller). Returns its length. */
static size_t foreign_word(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t n = (size_t)(end - p), i = 0;
    bool wide = false;
    if (n && isupper(u[0]))
        i = 1;
    else if (n >= 2 && u[0] >= 0xc3 && u[0] <= 0xc5 && u[1] >= 0x80 && u[1] <= 0xbf)
        i = 2, wide = true;
    else
        return 0;
    while (i < n && (islower(u[i]) || u[i] >= 0x80 || u[i] == '\'')) {
        wide |= u[i] >= 0x80;
        i++;
    }
    if (!wide || (i < n && (is_alnum(u[i]) || u[i] == '_')))
        return 0;
    return i;
}

/* Length of a middle initial "A. " or "A " at p (before the next word). */
static size_t middle_initial(const char *p, const char *end)
{
    if (end - p >= 3 && isupper((unsigned char)p[0]) && p[1] == '.' && p[2] == ' ')
        return 3;
    if (end - p >= 2 && isupper((unsigned char)p[0]) && p[1] == ' ')
        return 2;
    return 0;
}

static bool same_case(const phs_nhit *a, const phs_nhit *b)
{
    return (a->kind & K_UPPER) == (b->kind & K_UPPER);
}

/* A hyphenated or further name part glued on: Garcia-Lopez, Mary-Jane. */
static size_t extend_hyphen(const char *b, size_t e, size_t le)
{
    while (e + 2 < le && b[e] == '-' && isupper((unsigned char)b[e + 1])) {
        size_t k = e + 2;
        while (k < le && (isalpha((unsigned char)b[k]) || (unsigned char)b[k] >= 0x80))
            k++;
        if (!word_right_ok(b, k, le))
            break;
        e = k;
    }
    return e;
}

int phs_names_confirm(phs_matcher *m, const char *blk, size_t ls, size_t le, uint32_t rule,
                      int priority, phs_category cat,
                      int (*add)(phs_matcher *m, size_t s, size_t e, uint32_t rule, int prio,
                                 phs_category cat))
{
    size_t i = first_hit(m, ls);
    const char *end = blk + le;
    for (; i < m->nhits && m->hits[i].start < le; i++) {
        const phs_nhit *a = &m->hits[i];
        const phs_nhit *b = i + 1 < m->nhits && m->hits[i + 1].start < le ? &m->hits[i + 1] : NULL;
        size_t s = 0, e = 0;
        /* First Last, First M. Last, First Last-Other */
        if (a->kind & K_FIRST) {
            const char *g = blk + a->end;
            size_t mid = 0;
            if (g < end && *g == ' ')
                mid = 1 + middle_initial(g + 1, end);
            /* Betty O'Reilly: the surname hit starts after its O' */
            if (mid && b && b->start == a->end + mid + 2 && g + mid + 2 <= end &&
                isupper((unsigned char)g[mid]) && g[mid + 1] == '\'')
                mid += 2;
            if (mid && b && b->start == a->end + mid && same_case(a, b) &&
                (b->kind & (K_SURNAME | K_FIRST)) &&
                !((a->kind & K_COMMON) && (b->kind & K_COMMON))) {
                s = a->start;
                e = b->end;
                /* First Middle Last */
                const phs_nhit *c = i + 2 < m->nhits ? &m->hits[i + 2] : NULL;
                if (c && c->start == e + 1 && blk[e] == ' ' && same_case(b, c) &&
                    (c->kind & K_SURNAME) && c->start < le)
                    e = c->end;
            } else if (mid == 1 && !(a->kind & (K_COMMON | K_UPPER))) {
                size_t fw = foreign_word(g + 1, end);
                if (fw) {
                    s = a->start;
                    e = a->end + 1 + fw;
                }
            }
        }
        /* Last, First and LAST, FIRST (with a middle initial) */
        /* the surname must not be a log word: "Lane, Boston" is an address */
        if (!e && (a->kind & K_SURNAME) && !(a->kind & K_COMMON) && b && same_case(a, b) &&
            (b->kind & K_FIRST)) {
            const char *g = blk + a->end;
            size_t gap = b->start - a->end;
            if ((gap == 2 && g[0] == ',' && g[1] == ' ') || (gap == 1 && g[0] == ',')) {
                s = a->start;
                e = b->end;
                if (e + 2 < le && blk[e] == ' ' && isupper((unsigned char)blk[e + 1]) &&
                    (e + 2 == le || !isalnum((unsigned char)blk[e + 2]))) {
                    e += 2;
                    if (e < le && blk[e] == '.')
                        e++;
                }
            }
        }
        /* J. Smith */
        if (!e && (a->kind & K_SURNAME) && !(a->kind & K_COMMON) && a->start >= 3 &&
            a->start - 3 >= ls && blk[a->start - 1] == ' ' && blk[a->start - 2] == '.' &&
            isupper((unsigned char)blk[a->start - 3]) &&
            (a->start - 3 == ls || !isalnum((unsigned char)blk[a->start - 4]))) {
            s = a->start - 3;
            e = a->end;
        }
        if (!e)
            continue;
        /* O'Brien: the apostrophe prefix belongs to the name */
        if (s >= ls + 2 && blk[s - 1] == '\'' && isupper((unsigned char)blk[s - 2]))
            s -= 2;
        e = extend_hyphen(blk, e, le);
        int rc = add(m, s, e, rule, priority, cat);
        if (rc)
            return rc;
        while (i + 1 < m->nhits && m->hits[i + 1].start < e)
            i++;
    }
    return PHS_OK;
}

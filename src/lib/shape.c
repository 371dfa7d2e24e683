/*
 * Shape prefilter: candidates for rules whose value is a run of digit groups
 * (SSNs, phones, numeric dates, IPv4), found by one pass in C.
 *
 * Why not Hyperscan: on digit-heavy logs (timestamps, ids, durations on
 * every line) a Hyperscan set of patterns that start with \d runs as an NFA
 * at about 200-300 MB/s however the patterns are written, while each
 * literal-anchored pattern runs at GB/s. docs/benchmarks.md has the figures.
 * A shape needs no regex: it is a list of digit-group lengths and the single
 * separators between them, so one pass that parses each cluster of digit
 * groups and compares it with a small table is enough.
 *
 * The scan is a superset of what the rule's pattern can match: the first
 * group may be the tail of a longer run and the last group the head of one,
 * so boundaries are left to PCRE2, which confirms every candidate.
 */
#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine.h"

static bool is_sep(int c)
{
    return c == '-' || c == '.' || c == '/' || c == ' ' || c == ':' || c == ')';
}

int phs_shape_parse(const char *spec, phs_shape *out, const char **why)
{
    memset(out, 0, sizeof *out);
    const char *p = spec;
    while (*p == ' ')
        p++;
    if (*p == '(') {
        out->lparen = true;
        p++;
    }
    for (;;) {
        if (out->ngroups == PHS_SHAPE_MAX_GROUPS) {
            *why = "a shape has at most 6 digit groups";
            return PHS_E_RULES;
        }
        if (!isdigit((unsigned char)*p)) {
            *why = "a shape group is a digit count N or a range N..M";
            return PHS_E_RULES;
        }
        unsigned lo = 0, hi;
        while (isdigit((unsigned char)*p) && lo < 100)
            lo = lo * 10 + (unsigned)(*p++ - '0');
        hi = lo;
        if (p[0] == '.' && p[1] == '.') {
            p += 2;
            if (!isdigit((unsigned char)*p)) {
                *why = "a range needs an upper bound: N..M";
                return PHS_E_RULES;
            }
            hi = 0;
            while (isdigit((unsigned char)*p) && hi < 100)
                hi = hi * 10 + (unsigned)(*p++ - '0');
        }
        if (lo < 1 || hi < lo || hi > 16) {
            *why = "digit counts must be 1 to 16, low before high";
            return PHS_E_RULES;
        }
        out->min[out->ngroups] = (uint8_t)lo;
        out->max[out->ngroups] = (uint8_t)hi;
        out->ngroups++;
        if (*p == '\0' || (*p == ' ' && p[1] == '\0'))
            break;
        if (!is_sep((unsigned char)*p)) {
            *why = "separators are one of - . / : ) or a space";
            return PHS_E_RULES;
        }
        out->sep[out->ngroups - 1] = *p++;
        /* ") " and ")" are one separator: "(555) 234" and "(555)234" */
        if (out->sep[out->ngroups - 1] == ')' && *p == ' ')
            p++;
    }
    if (out->lparen && (out->ngroups < 2 || out->sep[0] != ')')) {
        *why = "a shape that opens with ( closes it after the first group";
        return PHS_E_RULES;
    }
    if (!out->lparen && out->ngroups > 0 && out->sep[0] == ')') {
        *why = "')' needs an opening '(' at the start of the shape";
        return PHS_E_RULES;
    }
    if (out->ngroups < 2) {
        *why = "a shape has at least two digit groups";
        return PHS_E_RULES;
    }
    return PHS_OK;
}

typedef struct group {
    size_t start, len;
    char sep;          /* separator after this group; 0 for the last */
} group;

static bool match_at(const phs_shape *s, const char *b, const group *g, size_t ng, size_t k,
                     size_t *end)
{
    if (s->ngroups > ng - k)
        return false;
    if (s->lparen && (g[k].start == 0 || b[g[k].start - 1] != '('))
        return false;
    for (size_t i = 0; i < s->ngroups; i++) {
        const group *x = &g[k + i];
        bool first = i == 0 && !s->lparen, last = i + 1 == s->ngroups;
        if (x->len < s->min[i])
            return false;
        if (!first && !last && x->len > s->max[i])
            return false;
        if (s->lparen && i == 0 && x->len > s->max[i])
            return false;
        if (!last && x->sep != s->sep[i])
            return false;
    }
    const group *l = &g[k + s->ngroups - 1];
    *end = l->start + (l->len < s->max[s->ngroups - 1] ? l->len : s->max[s->ngroups - 1]);
    return true;
}

/* Parse the cluster of digit groups that starts at i and test every shape
   against every window of it; returns where the cluster ends. */
static size_t scan_cluster(phs_matcher *m, const char *b, size_t n, size_t i)
{
    const phs_db *db = m->db;
    group g[PHS_SHAPE_MAX_GROUPS + 2];
    size_t ng = 0, j = i;
    bool full = false;
    for (;;) {
        size_t s = j;
        while (j < n && (unsigned)(b[j] - '0') <= 9)
            j++;
        g[ng].start = s;
        g[ng].len = j - s;
        g[ng].sep = 0;
        ng++;
        if (j + 1 >= n || !is_sep((unsigned char)b[j]))
            break;
        size_t next = j + 1;
        if (b[j] == ')' && b[next] == ' ' && next + 1 < n)
            next++;
        if ((unsigned)(b[next] - '0') > 9)
            break;
        if (ng == sizeof g / sizeof g[0]) {
            full = true;
            break;
        }
        g[ng - 1].sep = b[j];
        j = next;
    }
    for (size_t k = 0; k + 1 < ng; k++) {
        int si = phs_sep_index(g[k].sep);
        assert(si >= 0);
        for (size_t r = db->shape_lo[si]; r < db->shape_hi[si]; r++) {
            const phs_shape_rule *sr = &db->shapes[r];
            size_t end;
            if (!match_at(&sr->shape, b, g, ng, k, &end))
                continue;
            if (sr->timestamp_keep && phs_followed_by_time(b + end, b + n))
                continue;
            phs_add_candidate(m, g[k].start, sr->rule);
        }
    }
    /* A cluster longer than the group array: go on from a group after which
       every window of PHS_SHAPE_MAX_GROUPS groups is seen whole. */
    return full ? g[ng - PHS_SHAPE_MAX_GROUPS + 1].start : j;
}

static inline bool dig(const char *b, size_t i) { return (unsigned)(b[i] - '0') <= 9; }

/* Start of the cluster around the digit at p, not before lo. */
static size_t cluster_start(const char *b, size_t lo, size_t p)
{
    size_t q = p;
    for (;;) {
        while (q > lo && dig(b, q - 1))
            q--;
        if (q >= lo + 2 && is_sep((unsigned char)b[q - 1]) && dig(b, q - 2)) {
            q -= 1;
        } else if (q >= lo + 3 && b[q - 1] == ' ' && b[q - 2] == ')' && dig(b, q - 3)) {
            q -= 2;
        } else {
            return q;
        }
    }
}

/* Bit i of the result is set when byte i of b[0..64) is a digit / sep. */
static void masks64(const char *b, uint64_t *dm, uint64_t *sm, uint64_t *pm, uint64_t *spm)
{
#if defined(__SSE2__)
    uint64_t d = 0, s = 0, p = 0, sp = 0;
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * k));
        __m128i x = _mm_sub_epi8(v, zero);
        __m128i isd = _mm_cmpeq_epi8(_mm_max_epu8(x, nine), nine);
        __m128i par = _mm_cmpeq_epi8(v, _mm_set1_epi8(')'));
        __m128i spc = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
        __m128i sep = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))),
                         _mm_or_si128(par, spc)));
        d |= (uint64_t)(uint16_t)_mm_movemask_epi8(isd) << (16 * k);
        s |= (uint64_t)(uint16_t)_mm_movemask_epi8(sep) << (16 * k);
        p |= (uint64_t)(uint16_t)_mm_movemask_epi8(par) << (16 * k);
        sp |= (uint64_t)(uint16_t)_mm_movemask_epi8(spc) << (16 * k);
    }
    *dm = d;
    *sm = s;
    *pm = p;
    *spm = sp;
#else
    uint64_t d = 0, s = 0, p = 0, sp = 0;
    for (int k = 0; k < 64; k++) {
        unsigned char c = (unsigned char)b[k];
        d |= (uint64_t)((unsigned)(c - '0') <= 9) << k;
        s |= (uint64_t)is_sep(c) << k;
        p |= (uint64_t)(c == ')') << k;
        sp |= (uint64_t)(c == ' ') << k;
    }
    *dm = d;
    *sm = s;
    *pm = p;
    *spm = sp;
#endif
}

/*
 * Only a digit, a separator and a digit in a row (or digit ") " digit) can
 * start a shape of two groups or more, so the block is first reduced to
 * those positions with 64-byte masks and clusters are parsed only there.
 */
void phs_shape_scan(phs_matcher *m, const char *b, size_t n)
{
    if (m->db->nshapes == 0 || n < 3)
        return;
    size_t done = 0; /* clusters before this are parsed */
    size_t base = 0;
    uint64_t dm, sm, pm, spm, dn = 0, sn = 0, pn = 0, spn = 0;
    if (n >= 64)
        masks64(b, &dm, &sm, &pm, &spm);
    while (base + 64 <= n) {
        /* the next chunk's low bits complete triples that straddle */
        if (base + 128 <= n) {
            masks64(b + base + 64, &dn, &sn, &pn, &spn);
        } else {
            dn = sn = pn = spn = 0;
            for (size_t k = 0; base + 64 + k < n && k < 3; k++) {
                unsigned char c = (unsigned char)b[base + 64 + k];
                dn |= (uint64_t)((unsigned)(c - '0') <= 9) << k;
                sn |= (uint64_t)is_sep(c) << k;
                pn |= (uint64_t)(c == ')') << k;
                spn |= (uint64_t)(c == ' ') << k;
            }
        }
        uint64_t s1 = (sm >> 1) | (sn << 63);
        uint64_t d2 = (dm >> 2) | (dn << 62);
        uint64_t p1 = (pm >> 1) | (pn << 63);
        uint64_t sp2 = (spm >> 2) | (spn << 62);
        uint64_t d3 = (dm >> 3) | (dn << 61);
        uint64_t t = (dm & s1 & d2) | (dm & p1 & sp2 & d3);
        while (t) {
            size_t p = base + (size_t)__builtin_ctzll(t);
            t &= t - 1;
            if (p < done)
                continue;
            done = scan_cluster(m, b, n, cluster_start(b, done, p));
        }
        base += 64;
        dm = dn;
        sm = sn;
        pm = pn;
        spm = spn;
    }
    /* the tail shorter than 64 bytes, byte by byte */
    for (size_t p = base; p + 2 < n; p++) {
        if (p < done || !dig(b, p))
            continue;
        bool tri = (is_sep((unsigned char)b[p + 1]) && dig(b, p + 2)) ||
                   (p + 3 < n && b[p + 1] == ')' && b[p + 2] == ' ' && dig(b, p + 3));
        if (tri)
            done = scan_cluster(m, b, n, cluster_start(b, done, p));
    }
}

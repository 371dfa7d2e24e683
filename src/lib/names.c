/* Person names from dictionaries: the block's capitalised words that stand
   alone are looked up in the lexicon (first names, surnames and the log
   words of patterns/names/); a line whose hits could make a name form is
   confirmed by the forms below. */
#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine.h"
#include "lexicon.h"

enum { K_FIRST = 1, K_SURNAME = 2, K_COMMON = 4, K_UPPER = 8 };

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

static int add_hit(phs_matcher *m, size_t s, size_t e, uint8_t kind, uint32_t tags)
{
    if (PHS_MGROW(m, m->hits, m->caphits, m->nhits, m->nhits + 1))
        return PHS_E_NOMEM;
    m->hits[m->nhits++] = (phs_nhit){.start = s, .end = e, .kind = kind, .tags = tags};
    return PHS_OK;
}

/* The word [s, e) as a dictionary hit, when the lexicon holds it as a
   name. A word in capitals counts as the same name in Title case. */
static int look_up(phs_matcher *m, const char *b, size_t s, size_t e)
{
    uint32_t tags = phs_lex_lookup(b + s, e - s);
    if (!(tags & (PHS_LEX_FIRST | PHS_LEX_SURNAME)))
        return PHS_OK;
    bool upper = true;
    for (size_t i = s + 1; i < e && upper; i++)
        upper = isupper((unsigned char)b[i]) != 0;
    uint8_t kind = (uint8_t)(((tags & PHS_LEX_FIRST) ? K_FIRST : 0) |
                             ((tags & PHS_LEX_SURNAME) ? K_SURNAME : 0) |
                             ((tags & PHS_LEX_LOGWORD) ? K_COMMON : 0) | (upper ? K_UPPER : 0));
    return add_hit(m, s, e, kind, tags);
}

/* The case of the two-byte Latin letter with a diacritic at b[i]
   (phs_lex_latin_cp): 'a' lower, 'A' upper, 0 when there is none there. In
   Latin Extended-A the capital comes first in each pair, except in the
   runs U+0139-U+0148 and U+0179-U+017E, where the pairs start one later. */
static char latin_case(const char *b, size_t i, size_t len)
{
    unsigned cp = phs_lex_latin_cp(b, i, len);
    if (!cp || cp == 0xd7 || cp == 0xf7)
        return 0;
    if (cp < 0x100)
        return cp >= 0xdf ? 'a' : 'A';
    bool odd_first = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e);
    return (cp % 2 == 1) != odd_first ? 'a' : 'A';
}

/* A capital at s that starts a word: the whole word, when it stands alone. */
static int consider(phs_matcher *m, const char *b, size_t len, size_t s)
{
    if (!word_left_ok(b, s))
        return PHS_OK;
    /* Title case or capitals only: the lists hold no inner capital, so
       AppleWebKit and HikariPool need no look-up */
    size_t e = s + 1;
    bool lower = e < len && (islower((unsigned char)b[e]) || latin_case(b, e, len) == 'a');
    while (e < len && e - s <= NAME_WORD_MAX) {
        if (lower ? islower((unsigned char)b[e]) : isupper((unsigned char)b[e]))
            e++;
        else if (latin_case(b, e, len) == (lower ? 'a' : 'A'))
            e += 2; /* Díaz, MÓNICA: the lexicon folds the accent */
        else
            break;
    }
    if (e - s < 2 || e - s > NAME_WORD_MAX || (e < len && isalpha((unsigned char)b[e])) ||
        !word_right_ok(b, e, len))
        return PHS_OK;
    return look_up(m, b, s, e);
}

/*
 * The words that could be names: a capital not glued to a word on its left,
 * then letters, standing alone (word_left_ok, word_right_ok), each looked up
 * in the lexicon. Capitalised words are a small part of a log, and a SIMD
 * pass finds their first letters 64 bytes at a time.
 */
static int collect_words(phs_matcher *m, const char *b, size_t len)
{
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

/* A word written in capitals stands for a name only when it is among the
   commonest names or is no English, clinical or cue word: DOWN TO, SEE
   FLOW, GOOD EFFECT are words, JOHN SMITH and OYELARAN are names. */
static bool caps_word_ok(uint32_t tags)
{
    const uint32_t words = PHS_LEX_ENGLISH | PHS_LEX_CLINICAL | PHS_LEX_TITLE |
                           PHS_LEX_RELATION | PHS_LEX_ROLE | PHS_LEX_CRED | PHS_LEX_VERB |
                           PHS_LEX_AFTER | PHS_LEX_DATECUE | PHS_LEX_PLACECUE | PHS_LEX_PATIENT |
                           PHS_LEX_NOTNAME | PHS_LEX_MONTH | PHS_LEX_WEEKDAY;
    return (tags & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME)) || !(tags & words);
}

/* Any word of a name: no clinical word (IV, Cath, CT) unless among the
   commonest names (Foley); in capitals, caps_word_ok. */
static bool name_word_ok(const char *w, size_t n)
{
    uint32_t tags = phs_lex_lookup(w, n);
    bool top = (tags & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME)) != 0;
    if ((tags & PHS_LEX_CLINICAL) && !top)
        return false;
    for (size_t i = 0; i < n; i++)
        if (islower((unsigned char)w[i]))
            return true; /* case is evidence enough outside capitals */
    return caps_word_ok(tags);
}

/* The next word of [p, p+n) at or after *i: letters, bytes outside ASCII
   and apostrophes, as [*i, *j). False when none is left. */
static bool next_word(const char *p, size_t n, size_t *i, size_t *j)
{
    while (*i < n && !isalpha((unsigned char)p[*i]) && (unsigned char)p[*i] < 0x80)
        (*i)++;
    if (*i >= n)
        return false;
    *j = *i;
    while (*j < n && (isalpha((unsigned char)p[*j]) || (unsigned char)p[*j] >= 0x80 || p[*j] == '\''))
        (*j)++;
    return true;
}

/* An initial: one letter, in ASCII or two bytes of UTF-8 (Ø). */
static bool one_letter(const char *p, size_t n)
{
    return n == 1 || (n == 2 && (unsigned char)p[0] >= 0xc3 && (unsigned char)p[0] <= 0xdf);
}

bool phs_names_plausible(const char *p, size_t n)
{
    bool words = false, name = false; /* a name has a word no English word is */
    for (size_t i = 0, j; next_word(p, n, &i, &j); i = j) {
        if (!one_letter(p + i, j - i)) {
            if (!name_word_ok(p + i, j - i))
                return false;
            uint32_t tags = phs_lex_lookup(p + i, j - i);
            words = true;
            name |= (tags & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME)) || !(tags & PHS_LEX_ENGLISH);
        }
    }
    return !words || name;
}

bool phs_place_plausible(const char *p, size_t n)
{
    bool word_start = true, one_word = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == ' ' || c == '-') {
            word_start = true;
            one_word = false;
            continue;
        }
        if (word_start ? !isupper(c) : !islower(c))
            return false; /* title case only: a place in capitals is a notes heading as often */
        word_start = false;
    }
    uint32_t tags = phs_lex_lookup(p, n);
    if (!(tags & PHS_LEX_PLACE))
        return false;
    /* one word: no English word (in Mobile), and no person's name either
       (to Jackson, from Madison), which the name rules are better judges of */
    return !one_word || !(tags & (PHS_LEX_ENGLISH | PHS_LEX_CLINICAL | PHS_LEX_MONTH |
                                  PHS_LEX_WEEKDAY | PHS_LEX_FIRST | PHS_LEX_SURNAME));
}

static bool newborn_word(const char *w, size_t n)
{
    return (n == 4 && strncasecmp(w, "baby", 4) == 0) || (n == 3 && strncasecmp(w, "boy", 3) == 0) ||
           (n == 4 && strncasecmp(w, "girl", 4) == 0);
}

bool phs_names_full(const char *p, size_t n)
{
    /* The key said "a person" already: only a value made of ordinary words
       says otherwise, and not when each is also among the commonest names
       (Rose Price, Will Smith). The common words only: the large English
       list holds many given names and surnames (Yulan, Barre). */
    const uint32_t word = PHS_LEX_COMMON | PHS_LEX_TECH | PHS_LEX_NOTNAME;
    bool all_words = true, all_names = true, any = false;
    for (size_t i = 0, j; next_word(p, n, &i, &j); i = j) {
        /* two letters say little (Fu, An, Xue's Na); a newborn is
           registered as Baby (Boy, Girl) and a surname */
        if (j - i > 2 && !newborn_word(p + i, j - i)) {
            uint32_t tags = phs_lex_lookup(p + i, j - i);
            if (!(tags & PHS_LEX_PARTICLE)) {
                any = true;
                all_words &= (tags & word) != 0;
                all_names &= (tags & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME)) != 0;
            }
        }
    }
    return !(any && all_words && !all_names);
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

/* A name word that is no English or clinical word: the free-text models
   look at its line. */
static bool free_text_word(const phs_nhit *h)
{
    return !(h->tags & (PHS_LEX_ENGLISH | PHS_LEX_CLINICAL | PHS_LEX_LOGWORD));
}

static void add_form_candidates(phs_matcher *m)
{
    uint32_t rule = m->db->names_rule, ft = m->db->freetext_rule;
    for (size_t i = 0; i < m->nhits && !m->oom; i++) {
        if (rule != UINT32_MAX && may_start_form(m, i))
            phs_add_candidate(m, m->hits[i].start, rule);
        if (ft != UINT32_MAX && free_text_word(&m->hits[i]))
            phs_add_candidate(m, m->hits[i].start, ft);
    }
}

int phs_names_scan(phs_matcher *m, const char *blk, size_t len)
{
    m->nhits = 0;
    if (!m->db->names_on || len == 0)
        return PHS_OK;
    if (collect_words(m, blk, len))
        return PHS_E_NOMEM;
    add_form_candidates(m);
    return m->oom ? PHS_E_NOMEM : PHS_OK;
}

/* Hits are whole words found left to right: in start order. The first hit
   at or after s. */
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

static bool title_case(const char *p, size_t n);
static bool glue_byte(unsigned char c);

/* [p, end) starts with a Title-case word of letters that the lexicon does
   not know at all (no English, clinical, tech or log word: Gamper, Poels):
   after a common first name, a surname the Census list lacks. Returns its
   length. */
static size_t unlisted_surname(const char *p, const char *end)
{
    size_t n = 0;
    while (p + n < end && isalpha((unsigned char)p[n]))
        n++;
    if (n < 3)
        return 0;
    /* glued to an identifier, a path or a file name (Anna Gamper.log) */
    if (p + n < end && glue_byte((unsigned char)p[n]) &&
        !(p[n] == '.' && (p + n + 1 == end || !isalnum((unsigned char)p[n + 1]))))
        return 0;
    return title_case(p, n) && phs_lex_lookup(p, n) == 0 ? n : 0;
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

/* A dictionary hit that can be part of a name: as name_word_ok. */
static bool hit_ok(const phs_nhit *h)
{
    bool top = (h->tags & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME)) != 0;
    if ((h->tags & PHS_LEX_CLINICAL) && !top)
        return false;
    return !(h->kind & K_UPPER) || caps_word_ok(h->tags);
}

/* The surname of "J. Smith": no English word unless a common surname. */
static bool initial_surname_ok(const phs_nhit *h)
{
    return hit_ok(h) && (!(h->tags & PHS_LEX_ENGLISH) || (h->tags & PHS_LEX_TOPSURNAME));
}

/* A word that is a name first: a common name, or no English word. */
static bool named(const phs_nhit *h)
{
    return (h->tags & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME)) || !(h->tags & PHS_LEX_ENGLISH);
}

/* Two words of one name are written in the same case, each can be part of
   a name, and one is a name first (DOWN TO, ABLE TO, Hickman Cath, Channel
   Reader are not). */
static bool same_case(const phs_nhit *a, const phs_nhit *b)
{
    return (a->kind & K_UPPER) == (b->kind & K_UPPER) && hit_ok(a) && hit_ok(b) &&
           (named(a) || named(b));
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
                if (!fw && (a->tags & PHS_LEX_TOPFIRST))
                    fw = unlisted_surname(g + 1, end);
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
        /* J. Smith, and not N. Blood */
        if (!e && (a->kind & K_SURNAME) && !(a->kind & K_COMMON) && initial_surname_ok(a) &&
            a->start >= 3 &&
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

/* ------------------------------------------------------ name extension */

/* A name's own neighbour: the engines find a name by the words they know,
   and the rest of it is often a word nobody lists (Claudio Núñez Munguía,
   Ziqian Wei, BATILDA BRUSCHI). A word joined to a NAME span by one space
   is taken into it when it is written as the span is (Title case after
   Title case, capitals after capitals), is letters only, and is no word of
   English, of the clinic or of a cue, unless a name list has it. */
#define EXTEND_MAX 2

static bool word_byte(unsigned char c) { return isalpha(c) || c >= 0x80 || c == '\''; }

/* A byte that glues a word to an identifier, a path or a number. */
static bool glue_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80 || (c && strchr("_@./\\:=-#$%&*+<>[]{}|~^`", c));
}

static bool all_upper(const char *p, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (islower(c))
            return false;
        letters += isupper(c) != 0;
    }
    return letters >= 2;
}

/* Title case: a capital (or a letter outside ASCII), then no capital. */
static bool title_case(const char *p, size_t n)
{
    unsigned char c = (unsigned char)p[0];
    if (!isupper(c) && c < 0xc3)
        return false;
    for (size_t i = 1; i < n; i++)
        if (isupper((unsigned char)p[i]))
            return false;
    return true;
}

static bool takes_word(const char *p, size_t n, bool upper)
{
    if (n < (upper ? 3 : 2) || n > NAME_WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!word_byte((unsigned char)p[i]))
            return false;
    if (upper ? !all_upper(p, n) : !title_case(p, n))
        return false;
    const uint32_t not_name = PHS_LEX_ENGLISH | PHS_LEX_CLINICAL | PHS_LEX_FACILITY |
                              PHS_LEX_TITLE | PHS_LEX_RELATION | PHS_LEX_ROLE | PHS_LEX_CRED |
                              PHS_LEX_VERB | PHS_LEX_AFTER | PHS_LEX_DATECUE | PHS_LEX_PLACECUE |
                              PHS_LEX_STREET | PHS_LEX_MONTH | PHS_LEX_WEEKDAY | PHS_LEX_PATIENT |
                              PHS_LEX_NOTNAME | PHS_LEX_TECH | PHS_LEX_STATE | PHS_LEX_PLACE |
                              PHS_LEX_LOGWORD;
    uint32_t t = phs_lex_lookup(p, n);
    if (t & (PHS_LEX_FIRST | PHS_LEX_SURNAME))
        return !(t & (PHS_LEX_COMMON | PHS_LEX_LOGWORD | PHS_LEX_TECH | PHS_LEX_CLINICAL |
                      PHS_LEX_TITLE | PHS_LEX_CRED | PHS_LEX_MONTH | PHS_LEX_WEEKDAY));
    if (t & not_name)
        return false;
    /* the letter trigrams know ASCII only: Munguía, Nguyễn go by their case */
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            return true;
    return phs_lex_name_shape(p, n) > 0;
}

/* The word that ends at byte e (exclusive) of [ls, le): its start, or e. */
static size_t word_before(const char *b, size_t ls, size_t e)
{
    size_t s = e;
    while (s > ls && word_byte((unsigned char)b[s - 1]))
        s--;
    return s;
}

static size_t word_after(const char *b, size_t s, size_t le)
{
    size_t e = s;
    while (e < le && word_byte((unsigned char)b[e]))
        e++;
    return e;
}

static void extend_one(const char *b, size_t ls, size_t le, phs_span *sp)
{
    bool upper = all_upper(b + sp->start, sp->end - sp->start);
    for (int k = 0; k < EXTEND_MAX; k++) {
        size_t e = sp->start - 1;
        if (sp->start < ls + 2 || b[e] != ' ')
            break;
        size_t s = word_before(b, ls, e);
        if (s == e || (s > ls && glue_byte((unsigned char)b[s - 1])) || !takes_word(b + s, e - s, upper))
            break;
        sp->start = s;
    }
    for (int k = 0; k < EXTEND_MAX; k++) {
        size_t s = sp->end + 1;
        if (s >= le || b[sp->end] != ' ')
            break;
        size_t e = word_after(b, s, le);
        if (e == s || (e < le && glue_byte((unsigned char)b[e]) && b[e] != '.' && b[e] != '-') ||
            !takes_word(b + s, e - s, upper))
            break;
        sp->end = e;
    }
}

void phs_names_extend(const char *blk, size_t ls, size_t le, phs_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].category == PHS_CAT_NAME && v[i].end > v[i].start)
            extend_one(blk, ls, le, &v[i]);
}

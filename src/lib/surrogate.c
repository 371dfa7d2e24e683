/* Surrogates (act.c's `surrogate` action): a realistic fake of the same
   shape for each finding, the same for the same value under the same key.

   Every choice is drawn from the caller's keyed PRF over a normalised form
   of the value (its digits, or its bytes lower-cased), so equal values in
   any layout or case that the normalisation folds get equal fakes and
   nothing has to be remembered between calls or threads. The fakes come
   from ranges that are never real: SSN areas 900-999 with groups 01-49
   (neither an issued SSN nor an ITIN), phones NPA-555-01XX (the fiction
   range), mail at example.com/org/net, IPs in the documentation networks
   (RFC 5737, RFC 3849), names from the bundled dictionaries. Whatever has
   no realistic form keeps its shape: digit for digit, letter for letter.

   A fake never equals its input when the input has a letter or digit: a
   draw that lands on the input is drawn again (or moved to the next
   choice), so no value leaves unchanged by chance. */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "surrogate.h"

/* The lists, embedded by names_data.c: Title-case names, one a line,
   sorted bytewise, the whole ending in a NUL. */
extern const char phs_names_first[], phs_names_surnames[];

/* A list's entries as (offset, length) so a draw is one index. */
typedef struct name_list {
    const char *text;
    uint32_t *off;
    uint8_t *len;
    size_t n;
    size_t maxlen;
} name_list;

struct phs_surr {
    name_list first, last;
};

/* Names longer than this are left out: they would not fit the output
   budget (cap >= 4 n + 64) of an e-mail, and no real one is this long. */
enum { NAME_MAX_LEN = 25 };

/* Lower-cased copies of a value are made this many bytes at a time. */
enum { FOLD_CHUNK = 256 };

/* Draws that land on the input are retried this often before a
   deterministic nudge; with any sane PRF the retry is already rare. */
enum { RETRIES = 16 };

/* ------------------------------------------------------------ ASCII */

/* Bytes are classified as ASCII, never by <ctype.h>, so that the locale
   cannot change a surrogate. */
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }
static bool is_alnum(unsigned char c) { return is_digit(c) || is_alpha(c); }
/* Name and street words: ASCII letters and any UTF-8 byte (José, Müller). */
static bool is_word(unsigned char c) { return is_alpha(c) || c >= 0x80; }

static char to_lower(char c) { return is_upper((unsigned char)c) ? (char)(c - 'A' + 'a') : c; }
static char to_upper(char c) { return is_lower((unsigned char)c) ? (char)(c - 'a' + 'A') : c; }

static void lower_copy(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = to_lower(src[i]);
}

static bool has_alnum(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_alnum((unsigned char)p[i]))
            return true;
    return false;
}

static size_t count_digits(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += is_digit((unsigned char)p[i]);
    return k;
}

/* Case-insensitive (ASCII) equality of two byte strings. */
static bool ieq(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++)
        if (to_lower(a[i]) != to_lower(b[i]))
            return false;
    return true;
}

/* ------------------------------------------------------------ name lists */

static int list_build(name_list *l, const char *text)
{
    memset(l, 0, sizeof *l);
    l->text = text;
    size_t lines = 0;
    for (const char *q = text; *q; q++)
        lines += *q == '\n';
    lines++; /* a last line without '\n' */
    l->off = malloc(lines * sizeof *l->off);
    l->len = malloc(lines);
    if (!l->off || !l->len)
        return PHS_E_NOMEM;
    const char *q = text;
    while (*q) {
        const char *e = strchr(q, '\n');
        size_t len = e ? (size_t)(e - q) : strlen(q);
        size_t at = (size_t)(q - text);
        if (len > 0 && len <= NAME_MAX_LEN && at <= UINT32_MAX) {
            assert(l->n < lines);
            l->off[l->n] = (uint32_t)at;
            l->len[l->n] = (uint8_t)len;
            l->n++;
            if (len > l->maxlen)
                l->maxlen = len;
        }
        q += len + (e != NULL);
    }
    /* A draw needs at least a few names of every short length; an empty
       list would be a build error in names_data.c. */
    if (l->n == 0)
        return PHS_E_INTERNAL;
    return PHS_OK;
}

static void list_free(name_list *l)
{
    free(l->off);
    free(l->len);
}

static const char *entry(const name_list *l, size_t i, size_t *len)
{
    assert(i < l->n);
    *len = l->len[i];
    return l->text + l->off[i];
}

/* Whether the word (any case) is on the list. The list is sorted bytewise
   in Title case, so the word is put in Title case and searched for. */
static bool list_has(const name_list *l, const char *w, size_t n)
{
    if (n == 0 || n > l->maxlen)
        return false;
    char key[NAME_MAX_LEN];
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)w[i] >= 0x80)
            return false; /* the lists are ASCII */
        key[i] = i == 0 ? to_upper(w[i]) : to_lower(w[i]);
    }
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, elen;
        const char *e = entry(l, mid, &elen);
        int c = memcmp(e, key, elen < n ? elen : n);
        if (c == 0)
            c = elen < n ? -1 : elen > n ? 1 : 0;
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

int phs_surr_create(phs_surr **out)
{
    if (!out)
        return PHS_E_ARG;
    *out = NULL;
    phs_surr *s = calloc(1, sizeof *s);
    if (!s)
        return PHS_E_NOMEM;
    int rc = list_build(&s->first, phs_names_first);
    if (rc == PHS_OK)
        rc = list_build(&s->last, phs_names_surnames);
    if (rc != PHS_OK) {
        phs_surr_free(s);
        return rc;
    }
    *out = s;
    return PHS_OK;
}

void phs_surr_free(phs_surr *s)
{
    if (!s)
        return;
    list_free(&s->first);
    list_free(&s->last);
    free(s);
}

/* ------------------------------------------------------------ PRF stream */

/* An endless keyed byte stream for one value: seed = PRF(label, msg), then
   blocks PRF("sur-more", seed || counter). The seed already depends on the
   label, so one expansion label serves every purpose. A PRF failure is
   remembered and the stream gives zeros from then on; every caller checks
   `failed` before its result is used, and every loop is bounded. */
typedef struct prs {
    const phs_prf *prf;
    uint8_t seed[32];
    uint8_t block[32];
    size_t used; /* bytes of block already handed out */
    uint32_t ctr;
    bool failed;
} prs;

static void prs_call(prs *s, const char *label, const void *msg, size_t len, uint8_t out[32])
{
    if (!s->failed && s->prf->fn(s->prf->ctx, label, msg, len, out) != 0)
        s->failed = true;
    if (s->failed)
        memset(out, 0, 32);
}

static void prs_start(prs *s, const phs_prf *prf, const char *label, const void *msg, size_t len)
{
    s->prf = prf;
    s->used = 0;
    s->ctr = 0;
    s->failed = false;
    prs_call(s, label, msg, len, s->seed);
    memcpy(s->block, s->seed, sizeof s->block);
}

/* The same keyed by the value lower-cased (ASCII). Values longer than one
   chunk are folded chunk by chunk into the seed, so no copy of the whole
   value is needed. */
static void prs_start_lower(prs *s, const phs_prf *prf, const char *label, const char *p, size_t n)
{
    char buf[32 + FOLD_CHUNK] = {0};
    size_t k = n < FOLD_CHUNK ? n : FOLD_CHUNK;
    lower_copy(buf, p, k);
    prs_start(s, prf, label, buf, k);
    for (size_t at = k; at < n; at += k) {
        k = n - at < FOLD_CHUNK ? n - at : FOLD_CHUNK;
        memcpy(buf, s->seed, 32);
        lower_copy(buf + 32, p + at, k);
        prs_call(s, "sur-fold", buf, 32 + k, s->seed);
    }
    memcpy(s->block, s->seed, sizeof s->block);
}

static unsigned prs_byte(prs *s)
{
    if (s->used == sizeof s->block) {
        uint8_t msg[36];
        memcpy(msg, s->seed, 32);
        s->ctr++;
        msg[32] = (uint8_t)(s->ctr >> 24);
        msg[33] = (uint8_t)(s->ctr >> 16);
        msg[34] = (uint8_t)(s->ctr >> 8);
        msg[35] = (uint8_t)s->ctr;
        prs_call(s, "sur-more", msg, sizeof msg, s->block);
        s->used = 0;
    }
    return s->block[s->used++];
}

static uint64_t prs_u64(prs *s)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | prs_byte(s);
    return v;
}

/* Uniform in [0, bound). Small bounds (digits, letters) use one byte with
   rejection, so long spans cost few PRF calls; larger ones a 64-bit draw,
   whose modulo bias is below 2^-40 for any list here. */
static size_t prs_below(prs *s, size_t bound)
{
    assert(bound > 0);
    if (bound <= 256) {
        unsigned lim = 256u - 256u % (unsigned)bound;
        unsigned b = prs_byte(s);
        for (int i = 0; i < 64 && b >= lim; i++)
            b = prs_byte(s);
        return b % bound;
    }
    return (size_t)(prs_u64(s) % bound);
}

/* ------------------------------------------------------------ output */

typedef struct outw {
    char *p;
    size_t cap, len;
    bool full; /* something did not fit; the result is then 0 */
} outw;

static void put(outw *w, const char *s, size_t n)
{
    if (w->full || w->cap - w->len < n) {
        w->full = true;
        return;
    }
    memcpy(w->p + w->len, s, n);
    w->len += n;
}

static void put_byte(outw *w, char c) { put(w, &c, 1); }

enum name_case { CASE_TITLE, CASE_UPPER, CASE_LOWER };

/* The case pattern of a word: lower when its first letter is, ALL CAPS
   when it has two or more letters and none lower case, else Title. */
static enum name_case word_case(const char *w, size_t n)
{
    size_t up = 0, lo = 0;
    bool first_lower = false, seen = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (!is_alpha(c))
            continue;
        if (!seen)
            first_lower = is_lower(c);
        seen = true;
        up += is_upper(c);
        lo += is_lower(c);
    }
    if (first_lower)
        return CASE_LOWER;
    if (lo == 0 && up >= 2)
        return CASE_UPPER;
    return CASE_TITLE;
}

static void put_cased(outw *w, const char *name, size_t n, enum name_case nc)
{
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (nc == CASE_UPPER || (nc == CASE_TITLE && i == 0))
            c = to_upper(c);
        else
            c = to_lower(c);
        put_byte(w, c);
    }
}

/* A name from the list for the word, never the word itself and at most
   maxlen bytes: start at the drawn index and take the next entry that
   qualifies, so equal words always land on the same entry. */
static size_t pick_name(const name_list *l, prs *s, const char *w, size_t wn, size_t maxlen)
{
    size_t i = prs_below(s, l->n);
    for (size_t k = 0; k < l->n; k++, i = i + 1 == l->n ? 0 : i + 1) {
        size_t elen;
        const char *e = entry(l, i, &elen);
        if (elen <= maxlen && !ieq(e, elen, w, wn))
            return i;
    }
    return i; /* only a list of one name equal to the word gets here */
}

/* ------------------------------------------------------------ generic */

static const char *const generic_label[PHS_CAT_COUNT] = {
    [PHS_CAT_SSN] = "sur-gen-ssn",
    [PHS_CAT_MRN] = "sur-gen-mrn",
    [PHS_CAT_PATIENT_ID] = "sur-gen-patient-id",
    [PHS_CAT_MEMBER_ID] = "sur-gen-member-id",
    [PHS_CAT_ACCOUNT_ID] = "sur-gen-account-id",
    [PHS_CAT_ENCOUNTER_ID] = "sur-gen-encounter-id",
    [PHS_CAT_NAME] = "sur-gen-name",
    [PHS_CAT_DATE] = "sur-gen-date",
    [PHS_CAT_PHONE] = "sur-gen-phone",
    [PHS_CAT_FAX] = "sur-gen-fax",
    [PHS_CAT_EMAIL] = "sur-gen-email",
    [PHS_CAT_IP] = "sur-gen-ip",
    [PHS_CAT_URL] = "sur-gen-url",
    [PHS_CAT_ZIP] = "sur-gen-zip",
    [PHS_CAT_ADDRESS] = "sur-gen-address",
    [PHS_CAT_AGE] = "sur-gen-age",
    [PHS_CAT_LICENSE] = "sur-gen-license",
    [PHS_CAT_LOCATION] = "sur-gen-location",
    [PHS_CAT_CARD] = "sur-gen-card",
    [PHS_CAT_VIN] = "sur-gen-vin",
    [PHS_CAT_DEVICE_ID] = "sur-gen-device-id",
};

/* Move the first letter or digit to the next one of its class, for the
   (vanishingly rare) fake that is still equal after every retry. */
static void nudge(char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = out[i];
        if (c == '9' || c == 'z' || c == 'Z') {
            out[i] = (char)(c == '9' ? '0' : c - 25);
            return;
        }
        if (is_alnum((unsigned char)c)) {
            out[i] = (char)(c + 1);
            return;
        }
    }
}

/* Digit for digit, letter for letter in the same case, everything else
   copied; keyed on the raw span under the category's label. */
static size_t sur_generic(const phs_prf *prf, phs_category cat, const char *p, size_t n, char *out,
                          size_t cap)
{
    if (n > cap)
        return 0;
    /* A category added to phiscrub.h but not to the table still gets a
       label of its own kind. */
    const char *label = generic_label[cat] ? generic_label[cat] : "sur-gen";
    prs s;
    prs_start(&s, prf, label, p, n);
    bool alnum = has_alnum(p, n);
    for (int attempt = 0; attempt < RETRIES; attempt++) {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)p[i];
            if (is_digit(c))
                out[i] = (char)('0' + prs_below(&s, 10));
            else if (is_upper(c))
                out[i] = (char)('A' + prs_below(&s, 26));
            else if (is_lower(c))
                out[i] = (char)('a' + prs_below(&s, 26));
            else
                out[i] = (char)c;
        }
        if (s.failed)
            return 0;
        if (!alnum || memcmp(out, p, n) != 0)
            return n;
    }
    nudge(out, n);
    assert(memcmp(out, p, n) != 0);
    return n;
}

/* ------------------------------------------------------------ SSN */

static size_t sur_ssn(const phs_prf *prf, const char *p, size_t n, char *out, size_t cap)
{
    if (count_digits(p, n) != 9)
        return sur_generic(prf, PHS_CAT_SSN, p, n, out, cap);
    if (n > cap)
        return 0;
    char d[9];
    for (size_t i = 0, k = 0; i < n; i++)
        if (is_digit((unsigned char)p[i]))
            d[k++] = p[i];
    prs s;
    prs_start(&s, prf, "sur-ssn", d, sizeof d);
    /* Area 9xx is never an SSN; groups 01-49 are outside the ITIN groups
       (50-65, 70-88, 90-92, 94-99) too. */
    unsigned area = 0, group = 0, serial = 0;
    char w[10];
    for (int attempt = 0; attempt < RETRIES; attempt++) {
        area = 900 + (unsigned)prs_below(&s, 100);
        group = 1 + (unsigned)prs_below(&s, 49);
        serial = 1 + (unsigned)prs_below(&s, 9999);
        snprintf(w, sizeof w, "%03u%02u%04u", area, group, serial);
        if (memcmp(w, d, 9) != 0)
            break;
    }
    if (memcmp(w, d, 9) == 0)
        snprintf(w, sizeof w, "%03u%02u%04u", area, group, serial % 9999 + 1);
    if (s.failed)
        return 0;
    for (size_t i = 0, k = 0; i < n; i++)
        out[i] = is_digit((unsigned char)p[i]) ? w[k++] : p[i];
    return n;
}

/* ------------------------------------------------------------ phone */

static size_t sur_phone(const phs_prf *prf, phs_category cat, const char *p, size_t n, char *out,
                        size_t cap)
{
    size_t nd = count_digits(p, n);
    size_t skip = 0; /* a leading country code 1 is kept */
    if (nd == 11) {
        size_t i = 0;
        while (!is_digit((unsigned char)p[i]))
            i++;
        if (p[i] != '1')
            return sur_generic(prf, cat, p, n, out, cap);
        skip = 1;
    } else if (nd != 10) {
        return sur_generic(prf, cat, p, n, out, cap);
    }
    if (n > cap)
        return 0;
    char d[11];
    for (size_t i = 0, k = 0; i < n; i++)
        if (is_digit((unsigned char)p[i]))
            d[k++] = p[i];
    /* PHONE and FAX share a label: one number is one fake wherever found. */
    prs s;
    prs_start(&s, prf, "sur-phone", d + skip, 10);
    unsigned npa = 201, xx = 0;
    char w[11];
    for (int attempt = 0; attempt < RETRIES; attempt++) {
        /* NPA: first digit 2-9, second 0-8 (9 is reserved), not N11 (service
           codes) and not 555. */
        npa = 201;
        for (int t = 0; t < RETRIES; t++) {
            unsigned v = (unsigned)prs_below(&s, 720);
            unsigned a = 2 + v / 90, b = v / 10 % 9, c = v % 10;
            if ((b == 1 && c == 1) || (a == 5 && b == 5 && c == 5))
                continue;
            npa = a * 100 + b * 10 + c;
            break;
        }
        xx = (unsigned)prs_below(&s, 100);
        snprintf(w, sizeof w, "%03u55501%02u", npa, xx);
        if (memcmp(w, d + skip, 10) != 0)
            break;
    }
    if (memcmp(w, d + skip, 10) == 0)
        snprintf(w, sizeof w, "%03u55501%02u", npa, (xx + 1) % 100);
    if (s.failed)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)p[i])) {
            out[i] = p[i];
        } else {
            out[i] = k < skip ? p[i] : w[k - skip];
            k++;
        }
    }
    return n;
}

/* ------------------------------------------------------------ e-mail */

static size_t sur_email(const phs_surr *sr, const phs_prf *prf, const char *p, size_t n, char *out,
                        size_t cap)
{
    static const char *const domains[3] = {"example.com", "example.org", "example.net"};
    prs s;
    prs_start_lower(&s, prf, "sur-email", p, n);
    for (int attempt = 0; attempt < RETRIES; attempt++) {
        size_t fi = pick_name(&sr->first, &s, "", 0, NAME_MAX_LEN);
        size_t li = pick_name(&sr->last, &s, "", 0, NAME_MAX_LEN);
        const char *dom = domains[prs_below(&s, 3)];
        if (s.failed)
            return 0;
        outw w = {out, cap, 0, false};
        size_t fl, ll;
        const char *f = entry(&sr->first, fi, &fl);
        const char *l = entry(&sr->last, li, &ll);
        put_cased(&w, f, fl, CASE_LOWER);
        put_byte(&w, '.');
        put_cased(&w, l, ll, CASE_LOWER);
        put_byte(&w, '@');
        put(&w, dom, strlen(dom));
        if (w.full)
            return 0;
        if (w.len != n || memcmp(out, p, n) != 0)
            return w.len;
    }
    return sur_generic(prf, PHS_CAT_EMAIL, p, n, out, cap);
}

/* ------------------------------------------------------------ names */

enum role { ROLE_GIVEN, ROLE_SURNAME };

/* One word of a name: an initial becomes another letter, a longer word a
   name of the role's list in the word's case. The draw is keyed by the word
   lower-cased, so SMITH and Smith get the same name, each in its own case.
   A fake is at most 4 bytes per input byte, which keeps the whole within
   the caller's 4 n + 64. */
static void name_word(const phs_surr *sr, const phs_prf *prf, enum role role, const char *wp,
                      size_t wn, outw *w, bool *failed)
{
    prs s;
    if (wn == 1) {
        prs_start_lower(&s, prf, "sur-init", wp, 1);
        unsigned char c = (unsigned char)wp[0];
        size_t orig = is_alpha(c) ? (size_t)(to_lower((char)c) - 'a') : 26;
        size_t r = prs_below(&s, orig < 26 ? 25 : 26);
        if (orig < 26 && r >= orig)
            r++;
        char letter = (char)('a' + r);
        put_byte(w, is_lower(c) ? letter : to_upper(letter));
    } else {
        const name_list *l = role == ROLE_GIVEN ? &sr->first : &sr->last;
        prs_start_lower(&s, prf, role == ROLE_GIVEN ? "sur-first" : "sur-last", wp, wn);
        size_t maxlen = wn < NAME_MAX_LEN / 4 ? 4 * wn : NAME_MAX_LEN;
        size_t i = pick_name(l, &s, wp, wn, maxlen);
        size_t elen;
        const char *e = entry(l, i, &elen);
        put_cased(w, e, elen, word_case(wp, wn));
    }
    if (s.failed)
        *failed = true;
}

static size_t sur_name(const phs_surr *sr, const phs_prf *prf, const char *p, size_t n, char *out,
                       size_t cap)
{
    /* Family names come first before a comma ("Smith, John") and in HL7's
       family^given^middle; otherwise the last word is the family name. */
    size_t sep = n;
    for (size_t i = 0; i < n; i++)
        if (p[i] == ',' || p[i] == '^') {
            sep = i;
            break;
        }
    size_t words = 0, last_start = 0;
    for (size_t i = 0; i < n;) {
        if (!is_word((unsigned char)p[i])) {
            i++;
            continue;
        }
        last_start = i;
        words++;
        while (i < n && is_word((unsigned char)p[i]))
            i++;
    }
    outw w = {out, cap, 0, false};
    bool failed = false;
    for (size_t i = 0; i < n;) {
        if (!is_word((unsigned char)p[i])) {
            put_byte(&w, p[i++]);
            continue;
        }
        size_t b = i;
        while (i < n && is_word((unsigned char)p[i]))
            i++;
        enum role role;
        if (sep < n)
            role = b < sep ? ROLE_SURNAME : ROLE_GIVEN;
        else if (words >= 2)
            role = b == last_start ? ROLE_SURNAME : ROLE_GIVEN;
        else
            role = list_has(&sr->first, p + b, i - b) ? ROLE_GIVEN : ROLE_SURNAME;
        name_word(sr, prf, role, p + b, i - b, &w, &failed);
    }
    if (failed || w.full)
        return 0;
    return w.len;
}

/* ------------------------------------------------------------ date */

static size_t sur_date(const phs_prf *prf, const char *p, size_t n, int date_shift, int ref_year,
                       char *out, size_t cap)
{
    phs_date d;
    if (!phs_date_parse(p, n, ref_year, &d))
        return sur_generic(prf, PHS_CAT_DATE, p, n, out, cap);
    /* No PRF here: the shift is the key's, so intervals between dates
       survive. */
    return phs_date_shift(p, n, &d, date_shift, ref_year, out, cap);
}

/* ------------------------------------------------------------ IP */

/* The four octets of a dotted quad that is the whole span. */
static bool parse_ipv4(const char *p, size_t n, uint8_t oct[4])
{
    size_t i = 0;
    for (int k = 0; k < 4; k++) {
        if (k > 0) {
            if (i >= n || p[i] != '.')
                return false;
            i++;
        }
        unsigned v = 0;
        size_t digits = 0;
        while (i < n && is_digit((unsigned char)p[i]) && digits < 3) {
            v = v * 10 + (unsigned)(p[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || v > 255)
            return false;
        oct[k] = (uint8_t)v;
    }
    return i == n;
}

static size_t sur_ip(const phs_prf *prf, const char *p, size_t n, char *out, size_t cap)
{
    static const char *const nets[3] = {"192.0.2.", "198.51.100.", "203.0.113."};
    uint8_t oct[4];
    bool v4 = parse_ipv4(p, n, oct);
    if (!v4 && !memchr(p, ':', n))
        return sur_generic(prf, PHS_CAT_IP, p, n, out, cap);
    prs s;
    if (v4)
        prs_start(&s, prf, "sur-ipv4", oct, sizeof oct);
    else
        prs_start_lower(&s, prf, "sur-ipv6", p, n);
    char buf[64];
    int len = 0;
    for (int attempt = 0; attempt < RETRIES; attempt++) {
        if (v4) {
            const char *net = nets[prs_below(&s, 3)];
            unsigned x = 1 + (unsigned)prs_below(&s, 254);
            len = snprintf(buf, sizeof buf, "%s%u", net, x);
        } else {
            /* Four non-zero groups after the 2001:db8::/32 prefix keep the
               form canonical (RFC 5952) and collisions rare. */
            unsigned g[4];
            for (int k = 0; k < 4; k++)
                g[k] = 1 + (unsigned)prs_below(&s, 0xffff);
            len = snprintf(buf, sizeof buf, "2001:db8::%x:%x:%x:%x", g[0], g[1], g[2], g[3]);
        }
        assert(len > 0 && (size_t)len < sizeof buf);
        if ((size_t)len != n || memcmp(buf, p, n) != 0)
            break;
    }
    if (s.failed)
        return 0;
    if ((size_t)len == n && memcmp(buf, p, n) == 0)
        return sur_generic(prf, PHS_CAT_IP, p, n, out, cap);
    if ((size_t)len > cap)
        return 0;
    memcpy(out, buf, (size_t)len);
    return (size_t)len;
}

/* ------------------------------------------------------------ age */

static size_t sur_age(const phs_prf *prf, const char *p, size_t n, char *out, size_t cap)
{
    size_t nd = count_digits(p, n);
    if (nd != 2 && nd != 3)
        return sur_generic(prf, PHS_CAT_AGE, p, n, out, cap);
    if (n > cap)
        return 0;
    char d[3];
    unsigned v = 0;
    for (size_t i = 0, k = 0; i < n; i++)
        if (is_digit((unsigned char)p[i])) {
            d[k++] = p[i];
            v = v * 10 + (unsigned)(p[i] - '0');
        }
    /* Still over 89 and of the same width: 90-99 or 100-109, never the
       input itself. */
    unsigned base = nd == 2 ? 90 : 100;
    prs s;
    prs_start(&s, prf, "sur-age", d, nd);
    bool in_range = v >= base && v < base + 10;
    unsigned r = (unsigned)prs_below(&s, in_range ? 9 : 10);
    if (in_range && base + r >= v)
        r++;
    if (s.failed)
        return 0;
    char w[4];
    snprintf(w, sizeof w, "%u", base + r);
    for (size_t i = 0, k = 0; i < n; i++)
        out[i] = is_digit((unsigned char)p[i]) ? w[k++] : p[i];
    return n;
}

/* ------------------------------------------------------------ address */

/* Words an address keeps: street types, unit words and directions. */
static bool street_word(const char *w, size_t n)
{
    static const char *const keep[] = {
        "st",     "street",  "ave",  "avenue",  "rd",      "road",  "blvd", "boulevard",
        "dr",     "drive",   "ln",   "lane",    "way",     "ct",    "court", "pl",
        "place",  "ter",     "terrace", "pkwy", "parkway", "hwy",   "highway", "cir",
        "circle", "apt",     "suite", "ste",    "unit",    "floor", "box",  "po",
        "n",      "s",       "e",    "w",       "ne",      "nw",    "se",   "sw",
        "north",  "south",   "east", "west",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        if (ieq(w, n, keep[i], strlen(keep[i])))
            return true;
    return false;
}

static size_t sur_address(const phs_surr *sr, const phs_prf *prf, const char *p, size_t n,
                          char *out, size_t cap)
{
    prs num;
    prs_start_lower(&num, prf, "sur-addr", p, n);
    outw w = {out, cap, 0, false};
    bool failed = false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        if (is_digit(c)) {
            /* A house or unit number never starts with 0. */
            put_byte(&w, (char)('1' + prs_below(&num, 9)));
            for (i++; i < n && is_digit((unsigned char)p[i]); i++)
                put_byte(&w, (char)('0' + prs_below(&num, 10)));
            continue;
        }
        if (!is_word(c)) {
            put_byte(&w, p[i++]);
            continue;
        }
        size_t b = i;
        while (i < n && is_word((unsigned char)p[i]))
            i++;
        size_t wn = i - b;
        if (!is_upper(c) || wn < 3 || street_word(p + b, wn)) {
            put(&w, p + b, wn);
            continue;
        }
        prs s;
        prs_start_lower(&s, prf, "sur-street", p + b, wn);
        size_t maxlen = wn < NAME_MAX_LEN / 4 ? 4 * wn : NAME_MAX_LEN;
        size_t k = pick_name(&sr->last, &s, p + b, wn, maxlen);
        size_t elen;
        const char *e = entry(&sr->last, k, &elen);
        put_cased(&w, e, elen, word_case(p + b, wn) == CASE_UPPER ? CASE_UPPER : CASE_TITLE);
        failed |= s.failed;
    }
    if (failed || num.failed || w.full)
        return 0;
    return w.len;
}

/* ------------------------------------------------------------ dispatch */

size_t phs_surrogate(const phs_surr *s, const phs_prf *prf, phs_category cat, const char *p,
                     size_t n, int date_shift, int ref_year, char *out, size_t cap)
{
    assert(s && prf && prf->fn && out);
    assert(p || n == 0);
    if (!s || !prf || !prf->fn || !out || !p || n == 0 || (unsigned)cat >= PHS_CAT_COUNT)
        return 0;
    size_t r;
    switch (cat) {
    case PHS_CAT_SSN:
        r = sur_ssn(prf, p, n, out, cap);
        break;
    case PHS_CAT_PHONE:
    case PHS_CAT_FAX:
        r = sur_phone(prf, cat, p, n, out, cap);
        break;
    case PHS_CAT_EMAIL:
        r = sur_email(s, prf, p, n, out, cap);
        break;
    case PHS_CAT_NAME:
        r = sur_name(s, prf, p, n, out, cap);
        break;
    case PHS_CAT_DATE:
        r = sur_date(prf, p, n, date_shift, ref_year, out, cap);
        break;
    case PHS_CAT_IP:
        r = sur_ip(prf, p, n, out, cap);
        break;
    case PHS_CAT_AGE:
        r = sur_age(prf, p, n, out, cap);
        break;
    case PHS_CAT_ADDRESS:
    case PHS_CAT_LOCATION:
        r = sur_address(s, prf, p, n, out, cap);
        break;
    default:
        return sur_generic(prf, cat, p, n, out, cap);
    }
    /* A form that left the value as it was (a name span of digits only, an
       address of street words only, a zero date shift) gets the shape
       rule, which always changes a letter or digit. */
    if (r == n && memcmp(out, p, n) == 0 && has_alnum(p, n))
        return sur_generic(prf, cat, p, n, out, cap);
    return r;
}

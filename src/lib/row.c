/* Row context: a delimited row (CSV, semicolon, pipe or tab export) is
   read field by field, and a field's neighbours are its evidence. A bare
   number or a bare word means nothing alone; in a row that also holds a
   name, a birth date and an SSN, it is that person's identifier and name.
   One forward pass over the line, no allocation: the fields are bounded by
   a fixed table, and a row longer than it is left to the pattern rules. */
#include <stdbool.h>
#include <string.h>

#include "internal.h"
#include "structure.h"

enum { MAX_FIELDS = 48, MAX_NAME = 64, MAX_ID = 24 };

typedef enum kind {
    K_OTHER = 0,
    K_SSN_DASHED, /* 123-45-6789 that passes the SSA rules */
    K_SSN_BARE,   /* nine digits that pass them */
    K_DATE_SEP,   /* 1961-03-04, 03/04/1961 */
    K_DATE_BARE,  /* 19610304 */
    K_PHONE_FMT,  /* (617) 555-0142, 617-555-0142, 617.555.0142, +1 617 ... */
    K_PHONE_BARE, /* 6175550142 */
    K_EMAIL,
    K_NAME,       /* words of letters: Smith, DE LA CRUZ, O'Neil, Smith,John */
    K_ID          /* letters and digits with four digits or more */
} kind;

typedef struct field {
    size_t s, e; /* the value, without blanks and quotes */
    kind k;
} field;

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
/* A byte of a letter outside ASCII (UTF-8 lead or continuation byte): names
   are written in every script. */
static bool is_letter(unsigned char c) { return is_alpha(c) || c >= 0x80; }

static size_t count_digits(const char *p, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += is_digit((unsigned char)p[i]);
    return d;
}

/* Only digits and the bytes in `seps`. */
static bool only(const char *p, size_t n, const char *seps)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)p[i]) && !strchr(seps, p[i]))
            return false;
    return true;
}

/* A birth or service date needs a year a person can have: a build number
   like 20991231 is no one's birthday. */
static bool plausible_year(const char *p, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if (!is_digit((unsigned char)p[i]) || (i > 0 && is_digit((unsigned char)p[i - 1])))
            continue;
        size_t j = i;
        while (j < n && is_digit((unsigned char)p[j]))
            j++;
        if (j - i == 4 || j - i == 8) {
            int y = (p[i] - '0') * 1000 + (p[i + 1] - '0') * 100 + (p[i + 2] - '0') * 10 + (p[i + 3] - '0');
            if (y >= 1880 && y <= 2039)
                return true;
        }
    }
    return false;
}

static kind numeric_kind(const char *p, size_t n)
{
    size_t d = count_digits(p, n);
    if (d == n) {
        if (n == 9 && phs_valid_ssn(p, n))
            return K_SSN_BARE;
        if (n == 8 && phs_valid_date(p, n) && plausible_year(p, n))
            return K_DATE_BARE;
        if ((n == 10 || (n == 11 && p[0] == '1')) && phs_valid_nanp(p, n))
            return K_PHONE_BARE;
        return K_OTHER;
    }
    if (n == 11 && p[3] == '-' && p[6] == '-' && d == 9 && phs_valid_ssn(p, n))
        return K_SSN_DASHED;
    if (n == 10 && d == 8 && (only(p, n, "-") || only(p, n, "/") || only(p, n, ".")) &&
        phs_valid_date(p, n) && plausible_year(p, n))
        return K_DATE_SEP;
    if (n >= 8 && n <= 10 && d >= 6 && only(p, n, "/") && phs_valid_date(p, n) && plausible_year(p, n))
        return K_DATE_SEP; /* 3/4/1961 */
    if ((d == 10 || (d == 11 && p[p[0] == '+'] == '1')) && only(p, n, " ()-.+") &&
        phs_valid_nanp(p, n))
        return K_PHONE_FMT;
    return K_OTHER;
}

/* Words of letters, with the blanks, hyphens, apostrophes and dots names
   have, and at most one comma (Surname,First in one field). */
static bool name_like(const char *p, size_t n)
{
    if (n < 2 || n > MAX_NAME || !is_letter((unsigned char)p[0]))
        return false;
    size_t letters = 0, commas = 0, words = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (is_letter(c))
            letters++;
        else if (c == ',')
            commas++;
        else if (c == ' ')
            words += i + 1 < n && p[i + 1] != ' ';
        else if (c != '-' && c != '\'' && c != '.')
            return false;
    }
    return letters >= 2 && commas <= 1 && words <= 5 && p[n - 1] != ',';
}

static bool id_like(const char *p, size_t n)
{
    if (n < 5 || n > MAX_ID || count_digits(p, n) < 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alpha((unsigned char)p[i]) && !is_digit((unsigned char)p[i]) && p[i] != '-')
            return false;
    return true;
}

static kind classify(const char *p, size_t n)
{
    if (n == 0)
        return K_OTHER;
    const char *at = memchr(p, '@', n);
    if (at && at > p && memchr(at, '.', (size_t)(p + n - at)) && !memchr(p, ' ', n))
        return K_EMAIL;
    kind k = numeric_kind(p, n);
    if (k != K_OTHER)
        return k;
    if (name_like(p, n))
        return K_NAME;
    if (id_like(p, n))
        return K_ID;
    return K_OTHER;
}

/* The delimiter of the row: the one of tab, pipe, semicolon and comma
   that occurs most (outside double quotes), at least three times. */
static char pick_delim(const char *line, size_t len)
{
    static const char cand[] = "\t|;,";
    size_t best = 0;
    char d = 0;
    for (size_t c = 0; c < 4; c++) {
        size_t cnt = 0;
        bool q = false;
        for (size_t i = 0; i < len; i++) {
            if (line[i] == '"')
                q = !q;
            else if (!q && line[i] == cand[c])
                cnt++;
        }
        if (cnt > best) {
            best = cnt;
            d = cand[c];
        }
    }
    return best >= 3 ? d : 0;
}

/* HL7 segments and JSON have walkers of their own. */
static bool other_structure(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i < len && (line[i] == '{' || line[i] == '['))
        return true;
    for (size_t k = 0; k + 4 <= len; k++)
        if (line[k + 3] == '|' && (memcmp(line + k, "MSH", 3) == 0 || memcmp(line + k, "PID", 3) == 0))
            return true;
    return false;
}

static size_t split(const char *line, size_t len, char d, field *f)
{
    size_t nf = 0, i = 0;
    while (i <= len && nf < MAX_FIELDS) {
        size_t s = i;
        bool q = false;
        while (i < len && (q || line[i] != d)) {
            if (line[i] == '"')
                q = !q;
            i++;
        }
        size_t e = i;
        while (s < e && (line[s] == ' ' || line[s] == '"'))
            s++;
        while (e > s && (line[e - 1] == ' ' || line[e - 1] == '"' || line[e - 1] == '\r'))
            e--;
        f[nf++] = (field){.s = s, .e = e, .k = K_OTHER};
        if (i == len)
            return nf;
        i++;
    }
    return i > len ? nf : 0; /* more fields than the table: not read as a row */
}

/* The first field may carry the log line's own text ("export row 7: 5521");
   the row's value is what follows the last ": ". */
static void trim_lead(const char *line, field *f)
{
    for (size_t i = f->e; i > f->s + 1; i--)
        if (line[i - 1] == ' ' && line[i - 2] == ':') {
            f->s = i;
            return;
        }
}

/* Is this a person's record? Each kind of evidence counts once, the
   stronger shapes more: a name, an SSN with its dashes, a date or phone
   with separators, an email; bare digits count less (an order number can
   look like a date or a phone). A name or a dashed SSN must be there. */
static bool person_row(const field *f, size_t nf)
{
    unsigned seen = 0;
    for (size_t i = 0; i < nf; i++)
        seen |= 1u << f[i].k;
    int w[] = {[K_SSN_DASHED] = 4, [K_SSN_BARE] = 2, [K_DATE_SEP] = 2, [K_DATE_BARE] = 1,
               [K_PHONE_FMT] = 2, [K_PHONE_BARE] = 1, [K_EMAIL] = 2, [K_NAME] = 2};
    int score = 0;
    for (size_t k = K_SSN_DASHED; k <= K_NAME; k++)
        if (seen & (1u << k))
            score += w[k];
    if (seen & (1u << K_SSN_DASHED) && seen & (1u << K_SSN_BARE))
        score -= w[K_SSN_BARE]; /* one SSN kind */
    return score >= 6 && (seen & ((1u << K_NAME) | (1u << K_SSN_DASHED)));
}

/* An identifier's category from its place: in the first field it is the
   record's own key, a patient id when its letters say so (PT, PAT) and a
   medical record number otherwise; one further on is a payer's or plan's.
   The guess only names the mask: the value is masked either way. */
static phs_category id_category(const char *p, size_t n, bool first)
{
    if (!first)
        return PHS_CAT_MEMBER_ID;
    if (n > 2 && (p[0] | 0x20) == 'p' && ((p[1] | 0x20) == 't' || (p[1] | 0x20) == 'a'))
        return PHS_CAT_PATIENT_ID;
    return PHS_CAT_MRN;
}

static phs_category category_of(kind k)
{
    switch (k) {
    case K_SSN_DASHED:
    case K_SSN_BARE: return PHS_CAT_SSN;
    case K_DATE_SEP:
    case K_DATE_BARE: return PHS_CAT_DATE;
    case K_PHONE_FMT:
    case K_PHONE_BARE: return PHS_CAT_PHONE;
    case K_EMAIL: return PHS_CAT_EMAIL;
    case K_NAME: return PHS_CAT_NAME;
    default: return PHS_CAT_COUNT;
    }
}

int phs_row_scan(const char *line, size_t len, phs_struct_emit emit, void *ctx)
{
    if (other_structure(line, len))
        return PHS_STRUCT_NONE;
    char d = pick_delim(line, len);
    if (!d)
        return PHS_STRUCT_NONE;
    field f[MAX_FIELDS];
    size_t nf = split(line, len, d, f);
    if (nf < 4)
        return PHS_STRUCT_NONE;
    trim_lead(line, &f[0]);
    for (size_t i = 0; i < nf; i++)
        f[i].k = classify(line + f[i].s, f[i].e - f[i].s);
    if (!person_row(f, nf))
        return PHS_STRUCT_NONE;
    for (size_t i = 0; i < nf; i++) {
        const char *p = line + f[i].s;
        size_t n = f[i].e - f[i].s;
        phs_category c = f[i].k == K_ID ? id_category(p, n, i == 0) : category_of(f[i].k);
        if (c != PHS_CAT_COUNT && emit(f[i].s, f[i].e, c, ctx))
            return PHS_STRUCT_STOPPED;
    }
    return PHS_STRUCT_OK;
}

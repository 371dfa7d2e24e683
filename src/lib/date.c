/* Dates inside a finding: parse one written date (the DATE_ANY forms of
   patterns/00-defines.rules, key values and HL7 DTM values), write it as
   ISO, keep only its year, or move it by a number of days while keeping
   the way it was written. Reads only [p, p + n); allocates nothing. */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "date.h"

/* ------------------------------------------------------------ bytes */

/* Our own classes rather than <ctype.h>: the result must not depend on the
   locale, and these take a char without the unsigned cast dance. */
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_alpha(char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static char to_lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }
static char to_upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

/* \s of the rules (PCRE): space, \t, \n, \v, \f, \r. */
static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static size_t digit_run(const char *p, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && is_digit(p[j]))
        j++;
    return j - i;
}

static size_t alpha_run(const char *p, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && is_alpha(p[j]))
        j++;
    return j - i;
}

/* Callers pass at most 4 digits, so this cannot overflow. */
static int num_at(const char *p, size_t i, size_t len)
{
    assert(len <= 4);
    int x = 0;
    for (size_t k = 0; k < len; k++)
        x = x * 10 + (p[i + k] - '0');
    return x;
}

/* Skip a separator run: white space, plus ',' and '-' when allowed. */
static size_t skip_sep(const char *p, size_t n, size_t i, bool comma, bool dash)
{
    while (i < n && (is_space(p[i]) || (comma && p[i] == ',') || (dash && p[i] == '-')))
        i++;
    return i;
}

/* ------------------------------------------------------------ calendar */

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    assert(m >= 1 && m <= 12);
    return mdays[m - 1] + (m == 2 && leap(y));
}

/* Year 0 stands for "no year"; it is a leap year in the proleptic
   Gregorian calendar, so "Feb 29" without a year is accepted. */
static bool real_day(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Day number from 1970-01-01 and back (proleptic Gregorian, any year):
   H. Hinnant's era-based algorithms, which need no tables or loops. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* ------------------------------------------------------------ month names */

static const char *const month_full[12] = {"january", "february", "march",     "april",
                                           "may",     "june",     "july",      "august",
                                           "september", "october", "november", "december"};

/* Jan..Dec, the full names and "Sept", any case; 0 when not a month. */
static int month_by_name(const char *p, size_t len)
{
    if (len < 3 || len > 9)
        return 0;
    char w[9];
    for (size_t k = 0; k < len; k++)
        w[k] = to_lower(p[k]);
    for (int i = 0; i < 12; i++) {
        const char *f = month_full[i];
        if (memcmp(w, f, 3) != 0)
            continue;
        if (len == 3 || (len == strlen(f) && memcmp(w, f, len) == 0))
            return i + 1;
        if (i == 8 && len == 4 && w[3] == 't')
            return 9; /* Sept */
    }
    return 0;
}

/* An ordinal suffix (st, nd, rd, th, any case) at i that ends the word. */
static bool ord_at(const char *p, size_t n, size_t i)
{
    if (i + 2 > n || (i + 2 < n && is_alpha(p[i + 2])))
        return false;
    char a = to_lower(p[i]), b = to_lower(p[i + 1]);
    return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
           (a == 't' && b == 'h');
}

/* ------------------------------------------------------------ parse */

static int pivot(int yy, int ref_year) { return 2000 + yy <= ref_year ? 2000 + yy : 1900 + yy; }

/* Set the year from the 2- or 4-digit run at [i, i + len); false for any
   other width or a 4-digit year outside 1800..2199. */
static bool take_year(const char *p, size_t i, size_t len, int ref_year, phs_date *o)
{
    if (len != 2 && len != 4)
        return false;
    int y = num_at(p, i, len);
    if (len == 2) {
        y = pivot(y, ref_year);
        o->two_digit_year = true;
    } else if (y < 1800 || y > 2199) {
        return false;
    }
    o->year = y;
    o->ypos = i;
    o->ylen = len;
    return true;
}

/* HL7 DTM after YYYYMMDD: [HH[MM[SS[.S+]]]][+-ZZZZ], t time digits at i.
   The time is checked for range so that a 12-digit identifier that merely
   starts like a date is not taken for one. */
static bool compact_time_ok(const char *p, size_t n, size_t i, size_t t)
{
    if (t != 0 && t != 2 && t != 4 && t != 6)
        return false;
    if (t >= 2 && num_at(p, i, 2) > 23)
        return false;
    if (t >= 4 && num_at(p, i + 2, 2) > 59)
        return false;
    if (t >= 6 && num_at(p, i + 4, 2) > 60) /* 60: a leap second */
        return false;
    i += t;
    if (t == 6 && i < n && p[i] == '.') {
        size_t f = digit_run(p, n, i + 1);
        if (f == 0)
            return false;
        i += 1 + f;
    }
    if (i < n && (p[i] == '+' || p[i] == '-')) {
        if (digit_run(p, n, i + 1) != 4 || num_at(p, i + 1, 2) > 14 || num_at(p, i + 3, 2) > 59)
            return false;
        i += 5;
    }
    return i == n;
}

/* Starts with a month name: Mon[.] D[ord] [[,] Y]. */
static bool parse_month_first(const char *p, size_t n, int ref_year, phs_date *o)
{
    size_t ml = alpha_run(p, n, 0);
    int m = month_by_name(p, ml);
    if (!m)
        return false;
    o->month = m;
    o->mpos = 0;
    o->mlen = ml;
    o->month_named = true;
    size_t i = ml;
    if (i < n && p[i] == '.')
        i++;
    size_t j = skip_sep(p, n, i, false, true);
    if (j == i)
        return false;
    i = j;
    size_t dl = digit_run(p, n, i);
    if (dl < 1 || dl > 2)
        return false;
    o->day = num_at(p, i, dl);
    o->dpos = i;
    o->dlen = dl;
    i += dl;
    if (ord_at(p, n, i))
        i += 2;
    if (i == n)
        return true; /* Mar 14: no year */
    j = skip_sep(p, n, i, true, true);
    if (j == i)
        return false;
    size_t yl = digit_run(p, n, j);
    return j + yl == n && take_year(p, j, yl, ref_year, o);
}

/* D[ord] then a month name: 14 Mar 1980, 14-Mar-1980, 14th March, 1980,
   14 March (no year). The day's digits are at [0, dl). */
static bool parse_day_first(const char *p, size_t n, size_t dl, int ref_year, phs_date *o)
{
    o->day = num_at(p, 0, dl);
    o->dpos = 0;
    o->dlen = dl;
    size_t i = dl;
    if (ord_at(p, n, i))
        i += 2;
    size_t j = skip_sep(p, n, i, false, true);
    if (j == i)
        return false;
    i = j;
    size_t ml = alpha_run(p, n, i);
    int m = month_by_name(p + i, ml);
    if (!m)
        return false;
    o->month = m;
    o->mpos = i;
    o->mlen = ml;
    o->month_named = true;
    i += ml;
    if (i < n && p[i] == '.')
        i++;
    if (i == n)
        return true;
    j = skip_sep(p, n, i, true, true);
    if (j == i)
        return false;
    size_t yl = digit_run(p, n, j);
    return j + yl == n && take_year(p, j, yl, ref_year, o);
}

/* A sep B sep C with one separator, A and B one or two digits: M/D/Y, or
   D/M/Y when A cannot be a month; dotted is always D.M.Y and needs four
   year digits, since 1.2.80 is more often a version than a date. */
static bool parse_numeric_year_last(const char *p, size_t n, size_t al, int ref_year,
                                    phs_date *o)
{
    char sep = p[al];
    size_t bpos = al + 1;
    size_t bl = digit_run(p, n, bpos);
    if (bl < 1 || bl > 2 || bpos + bl >= n || p[bpos + bl] != sep)
        return false;
    size_t cpos = bpos + bl + 1;
    size_t cl = digit_run(p, n, cpos);
    if (cpos + cl != n || (sep == '.' && cl != 4))
        return false;
    if (!take_year(p, cpos, cl, ref_year, o))
        return false;
    int a = num_at(p, 0, al), b = num_at(p, bpos, bl);
    if (sep == '.' || a > 12) {
        o->day = a, o->dpos = 0, o->dlen = al;
        o->month = b, o->mpos = bpos, o->mlen = bl;
    } else {
        o->month = a, o->mpos = 0, o->mlen = al;
        o->day = b, o->dpos = bpos, o->dlen = bl;
    }
    return true;
}

/* Y sep M sep D with one separator (-, / or .). */
static bool parse_year_first(const char *p, size_t n, int ref_year, phs_date *o)
{
    char sep = p[4];
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    size_t mpos = 5;
    size_t ml = digit_run(p, n, mpos);
    if (ml < 1 || ml > 2 || mpos + ml >= n || p[mpos + ml] != sep)
        return false;
    size_t dpos = mpos + ml + 1;
    size_t dl = digit_run(p, n, dpos);
    if (dl < 1 || dl > 2 || dpos + dl != n)
        return false;
    if (!take_year(p, 0, 4, ref_year, o))
        return false;
    o->month = num_at(p, mpos, ml), o->mpos = mpos, o->mlen = ml;
    o->day = num_at(p, dpos, dl), o->dpos = dpos, o->dlen = dl;
    return true;
}

static bool parse_compact(const char *p, size_t n, size_t la, int ref_year, phs_date *o)
{
    if (!compact_time_ok(p, n, 8, la - 8) || !take_year(p, 0, 4, ref_year, o))
        return false;
    o->month = num_at(p, 4, 2), o->mpos = 4, o->mlen = 2;
    o->day = num_at(p, 6, 2), o->dpos = 6, o->dlen = 2;
    return true;
}

bool phs_date_parse(const char *p, size_t n, int ref_year, phs_date *out)
{
    assert(out);
    if (!p || n == 0)
        return false;
    phs_date o;
    memset(&o, 0, sizeof o);
    bool ok;
    if (is_alpha(p[0])) {
        ok = parse_month_first(p, n, ref_year, &o);
    } else if (is_digit(p[0])) {
        size_t la = digit_run(p, n, 0);
        if (la >= 8)
            ok = parse_compact(p, n, la, ref_year, &o);
        else if (la == 4)
            ok = la < n && parse_year_first(p, n, ref_year, &o);
        else if (la > 2 || la == n)
            ok = false;
        else if ((p[la] == '/' || p[la] == '-' || p[la] == '.') && la + 1 < n &&
                 is_digit(p[la + 1]))
            ok = parse_numeric_year_last(p, n, la, ref_year, &o);
        else
            ok = parse_day_first(p, n, la, ref_year, &o);
    } else {
        ok = false;
    }
    if (!ok || !real_day(o.year, o.month, o.day))
        return false;
    *out = o;
    return true;
}

/* ------------------------------------------------------------ ISO */

/* Right-aligned, zero-padded decimal of v in exactly w bytes. */
static void put_padded(char *dst, int64_t v, size_t w)
{
    assert(v >= 0);
    for (size_t k = w; k-- > 0;) {
        dst[k] = (char)('0' + v % 10);
        v /= 10;
    }
}

void phs_date_iso(const phs_date *d, char out[11])
{
    assert(d && out);
    assert(d->year >= 0 && d->year <= 9999);
    assert(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31);
    put_padded(out, d->year, 4);
    out[4] = '-';
    put_padded(out + 5, d->month, 2);
    out[7] = '-';
    put_padded(out + 8, d->day, 2);
    out[10] = '\0';
}

/* ------------------------------------------------------------ shift */

typedef struct seg {
    size_t pos, len; /* what is replaced in the span */
    char text[16];   /* by this */
    size_t tlen;
} seg;

/* Is the numeric part at [pos, pos+len) zero-padded? A leading zero says
   so, one digit says not; two digits over 9 say nothing by themselves, so
   the other numeric part decides: 12/3/1980 is unpadded, 12/31/1980 is
   taken as padded. A day next to a month name has no such partner, and
   "March 14" is far more common than "March 05": unpadded. */
static bool is_padded(const char *p, size_t pos, size_t len, bool partner, size_t partner_len)
{
    if (len == 1)
        return false;
    if (p[pos] == '0')
        return true;
    return partner && partner_len != 1;
}

static void seg_number(seg *s, int64_t v, bool padded)
{
    assert(v >= 0 && v <= 99);
    s->tlen = (padded || v >= 10) ? 2 : 1;
    put_padded(s->text, v, s->tlen);
}

/* The new month's name in the old one's style: three letters stay three
   letters ("Sept" stays "Sept" only for September; other months get their
   three letters), a full name stays full (a bare "May" counts as the three-
   letter style). Letter k takes the case of the old name's letter k, or of
   its last letter past its end: JAN -> FEB, Jan -> Feb, January ->
   February. */
static void seg_month_name(seg *s, const char *old, size_t olen, int m)
{
    assert(olen >= 3 && m >= 1 && m <= 12);
    const char *full = month_full[m - 1];
    bool sept = olen == 4 && to_lower(old[0]) == 's' && to_lower(old[3]) == 't';
    size_t len;
    if (olen == 3)
        len = 3;
    else if (sept)
        len = m == 9 ? 4 : 3;
    else
        len = strlen(full);
    assert(len < sizeof s->text);
    for (size_t k = 0; k < len; k++) {
        char c = full[k];
        s->text[k] = is_upper(old[k < olen ? k : olen - 1]) ? to_upper(c) : c;
    }
    s->tlen = len;
}

/* The ordinal suffix that goes with day d, in the case of the old one. */
static void seg_ordinal(seg *s, const char *old, int d)
{
    const char *suf = "th";
    if (d / 10 != 1) {
        if (d % 10 == 1)
            suf = "st";
        else if (d % 10 == 2)
            suf = "nd";
        else if (d % 10 == 3)
            suf = "rd";
    }
    for (size_t k = 0; k < 2; k++)
        s->text[k] = is_upper(old[k]) ? to_upper(suf[k]) : suf[k];
    s->tlen = 2;
}

size_t phs_date_shift(const char *p, size_t n, const phs_date *d, int days, int ref_year,
                      char *out, size_t cap)
{
    assert(p && d && out);
    assert(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31);
    assert(d->mlen >= 1 && d->mpos + d->mlen <= n);
    assert(d->dlen >= 1 && d->dlen <= 2 && d->dpos + d->dlen <= n);
    assert(d->ylen == 0 || d->ylen == 2 || d->ylen == 4);
    assert(d->ypos + d->ylen <= n);

    /* Without a year the date lives in ref_year; Feb 29 in a common year
       would silently become Mar 1, so it borrows the last leap year. */
    int64_t y = d->ylen ? d->year : ref_year;
    if (!d->ylen && d->month == 2 && d->day == 29)
        while (!leap(y))
            y--;
    int64_t ny;
    int nm, nd;
    civil_from_days(days_from_civil(y, d->month, d->day) + days, &ny, &nm, &nd);

    seg segs[4];
    size_t ns = 0;
    if (d->ylen == 4) {
        if (ny < 0 || ny > 9999)
            return 0; /* cannot keep four digits; the caller masks instead */
        segs[ns] = (seg){.pos = d->ypos, .len = 4, .tlen = 4};
        put_padded(segs[ns++].text, ny, 4);
    } else if (d->ylen == 2) {
        segs[ns] = (seg){.pos = d->ypos, .len = 2, .tlen = 2};
        put_padded(segs[ns++].text, (ny % 100 + 100) % 100, 2);
    }
    segs[ns] = (seg){.pos = d->mpos, .len = d->mlen};
    if (d->month_named)
        seg_month_name(&segs[ns], p + d->mpos, d->mlen, nm);
    else
        seg_number(&segs[ns], nm, is_padded(p, d->mpos, d->mlen, true, d->dlen));
    ns++;
    segs[ns] = (seg){.pos = d->dpos, .len = d->dlen};
    seg_number(&segs[ns], nd, is_padded(p, d->dpos, d->dlen, !d->month_named, d->mlen));
    ns++;
    /* An ordinal must follow the new day (14th -> 1st), or it would both
       read wrong and hint at the real day. */
    size_t opos = d->dpos + d->dlen;
    if (d->month_named && ord_at(p, n, opos)) {
        segs[ns] = (seg){.pos = opos, .len = 2};
        seg_ordinal(&segs[ns], p + opos, nd);
        ns++;
    }

    /* Emit in span order; parts never overlap. */
    for (size_t a = 1; a < ns; a++)
        for (size_t b = a; b > 0 && segs[b - 1].pos > segs[b].pos; b--) {
            seg t = segs[b];
            segs[b] = segs[b - 1];
            segs[b - 1] = t;
        }
    size_t total = n;
    for (size_t k = 0; k < ns; k++) {
        assert(k == 0 || segs[k - 1].pos + segs[k - 1].len <= segs[k].pos);
        total = total - segs[k].len + segs[k].tlen;
    }
    if (total > cap)
        return 0;
    size_t w = 0, r = 0;
    for (size_t k = 0; k < ns; k++) {
        memcpy(out + w, p + r, segs[k].pos - r);
        w += segs[k].pos - r;
        memcpy(out + w, segs[k].text, segs[k].tlen);
        w += segs[k].tlen;
        r = segs[k].pos + segs[k].len;
    }
    memcpy(out + w, p + r, n - r);
    w += n - r;
    assert(w == total);
    return w;
}

/* ------------------------------------------------------------ keep year */

size_t phs_date_keep_year(const char *p, size_t n, const phs_date *d, char *out, size_t cap)
{
    assert(p && d && out);
    assert(d->mpos + d->mlen <= n && d->dpos + d->dlen <= n && d->ypos + d->ylen <= n);
    if (d->ylen != 4 || d->two_digit_year)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *put = NULL;
        size_t plen = 0, skip = 1;
        if (i == d->mpos) {
            put = "***";
            plen = d->month_named ? 3 : 2;
            skip = d->mlen;
        } else if (i == d->dpos) {
            put = "**";
            plen = 2;
            skip = d->dlen;
            /* "22nd" would give the day's last digit away: gone too. */
            if (d->month_named && ord_at(p, n, i + skip))
                skip += 2;
        } else {
            put = p + i;
            plen = i == d->ypos ? d->ylen : 1;
            skip = plen;
        }
        if (cap - o < plen)
            return 0;
        memcpy(out + o, put, plen);
        o += plen;
        i += skip;
    }
    return o;
}

/* Validators: cheap structural checks that cut false positives after a
   pattern matched. Each looks only at the candidate bytes. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Copy the digits of [p, p+n) to d (at most cap); returns the count, or
   cap + 1 when there are more. */
static size_t digits_of(const char *p, size_t n, char *d, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)p[i])) {
            if (k == cap)
                return cap + 1;
            d[k++] = p[i];
        }
    }
    return k;
}

static int num(const char *d, size_t n)
{
    int x = 0;
    for (size_t i = 0; i < n; i++)
        x = x * 10 + (d[i] - '0');
    return x;
}

bool phs_valid_ssn(const char *p, size_t n)
{
    char d[9];
    if (digits_of(p, n, d, 9) != 9)
        return false;
    int area = num(d, 3), group = num(d + 3, 2), serial = num(d + 5, 4);
    if (area == 0 || area == 666 || area >= 900)
        return false;
    if (group == 0 || serial == 0)
        return false;
    /* The numbers the SSA never issued but advertising and sample data used
       (078-05-1120, 219-09-9999) are SSNs to a reader and are masked: a
       site that keeps them says so in its allow list (docs/policy.md). */
    return true;
}

bool phs_valid_luhn(const char *p, size_t n)
{
    char d[32];
    size_t k = digits_of(p, n, d, sizeof d);
    if (k < 2 || k > sizeof d)
        return false;
    int sum = 0;
    bool dbl = false;
    for (size_t i = k; i-- > 0;) {
        int x = d[i] - '0';
        if (dbl) {
            x *= 2;
            if (x > 9)
                x -= 9;
        }
        sum += x;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool real_date(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1)
        return false;
    int lim = mdays[m - 1] + (m == 2 && leap(y));
    return d <= lim;
}

static int month_from_name(const char *p, size_t n)
{
    static const char *const names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3)
        return 0;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(p, names[i], 3) == 0)
            return i + 1;
    return 0;
}

/*
 * Accepts the date shapes the bundled rules produce: Y-M-D, M/D/Y, D-Mon-Y,
 * Month D, Y, D Month Y, Month D (no year: day and month checked against a
 * leap year) and YYYYMMDD. Two-digit years map to 19xx/20xx.
 */
bool phs_valid_date(const char *p, size_t n)
{
    int nums[3] = {0, 0, 0};
    size_t lens[3] = {0, 0, 0};
    size_t nn = 0;
    int month_name = 0;
    int name_pos = -1; /* index in nums that the month name stands before */
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        if (isdigit(c)) {
            if (nn == 3)
                return false;
            size_t j = i;
            int x = 0;
            while (j < n && isdigit((unsigned char)p[j]) && j - i < 8)
                x = x * 10 + (p[j++] - '0');
            if (j < n && isdigit((unsigned char)p[j]))
                return false;
            nums[nn] = x;
            lens[nn] = j - i;
            nn++;
            i = j;
        } else if (isalpha(c)) {
            size_t j = i;
            while (j < n && isalpha((unsigned char)p[j]))
                j++;
            int m = month_from_name(p + i, j - i);
            bool suffix = (j - i == 2) && nn > 0 &&
                          (strncasecmp(p + i, "st", 2) == 0 || strncasecmp(p + i, "nd", 2) == 0 ||
                           strncasecmp(p + i, "rd", 2) == 0 || strncasecmp(p + i, "th", 2) == 0);
            if (m) {
                if (month_name)
                    return false;
                month_name = m;
                name_pos = (int)nn;
            } else if (!suffix) {
                return false;
            }
            i = j;
        } else {
            i++;
        }
    }
    int y, m, d;
    if (month_name) {
        m = month_name;
        if (nn == 1) { /* "Jan 5" or "5 Jan": no year */
            return nums[0] >= 1 && real_date(2000, m, nums[0]);
        }
        if (nn != 2)
            return false;
        if (lens[0] == 4) { /* 1980 Jan 5 */
            y = nums[0];
            d = nums[1];
        } else {
            d = nums[0];
            y = nums[1];
            if (lens[1] == 2)
                y += y < 50 ? 2000 : 1900;
            else if (lens[1] != 4)
                return false;
        }
        (void)name_pos;
        return real_date(y, m, d);
    }
    if (nn == 1 && lens[0] == 8) { /* YYYYMMDD */
        y = nums[0] / 10000;
        m = nums[0] / 100 % 100;
        d = nums[0] % 100;
        return real_date(y, m, d);
    }
    if (nn == 2) { /* M/D with no year */
        return real_date(2000, nums[0], nums[1]);
    }
    if (nn != 3)
        return false;
    if (lens[0] == 4) {
        y = nums[0];
        m = nums[1];
        d = nums[2];
    } else {
        m = nums[0];
        d = nums[1];
        y = nums[2];
        if (lens[2] == 2)
            y += y < 50 ? 2000 : 1900;
        else if (lens[2] != 4)
            return false;
        if (!real_date(y, m, d) && real_date(y, d, m)) /* D/M/Y */
            return true;
    }
    return real_date(y, m, d);
}

bool phs_valid_nanp(const char *p, size_t n)
{
    char d[12];
    size_t k = digits_of(p, n, d, 11);
    const char *x = d;
    if (k == 11) {
        if (d[0] != '1')
            return false;
        x = d + 1;
    } else if (k != 10) {
        return false;
    }
    /* NXX-NXX-XXXX: area code and exchange start with 2-9; N11 codes are
       service codes, not subscriber numbers. */
    if (x[0] < '2' || x[3] < '2')
        return false;
    if (x[1] == '1' && x[2] == '1')
        return false;
    if (x[4] == '1' && x[5] == '1')
        return false;
    return true;
}

bool phs_valid_ipv4(const char *p, size_t n)
{
    char buf[16];
    if (n < 7 || n > 15)
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    struct in_addr a;
    if (inet_pton(AF_INET, buf, &a) != 1)
        return false;
    /* 0.x.x.x is no host address; versions like 0.9.1.2 look like it. */
    return buf[0] != '0';
}

bool phs_valid_ipv6(const char *p, size_t n)
{
    char buf[64];
    if (n < 3 || n >= sizeof buf)
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    size_t colons = 0;
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        colons += buf[i] == ':';
        digit |= isdigit((unsigned char)buf[i]) != 0;
    }
    /* C++ scopes (Cache::add) and MACs parse or nearly parse as IPv6; an
       address in a log has at least three colons and a digit. */
    if (colons < 3 || !digit)
        return false;
    struct in6_addr a;
    return inet_pton(AF_INET6, buf, &a) == 1;
}

bool phs_valid_age89(const char *p, size_t n)
{
    char d[4];
    size_t k = digits_of(p, n, d, 3);
    if (k == 0 || k > 3)
        return false;
    int age = num(d, k);
    return age >= 90 && age <= 130;
}

bool phs_valid_hasdigit(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)p[i]))
            return true;
    return false;
}

bool phs_validate(phs_validator v, const char *p, size_t n)
{
    switch (v) {
    case PHS_V_NONE: return true;
    case PHS_V_SSN: return phs_valid_ssn(p, n);
    case PHS_V_LUHN: return phs_valid_luhn(p, n);
    case PHS_V_DATE: return phs_valid_date(p, n);
    case PHS_V_NANP: return phs_valid_nanp(p, n);
    case PHS_V_IPV4: return phs_valid_ipv4(p, n);
    case PHS_V_IPV6: return phs_valid_ipv6(p, n);
    case PHS_V_AGE89: return phs_valid_age89(p, n);
    case PHS_V_HASDIGIT: return phs_valid_hasdigit(p, n);
    case PHS_V_NAME:
    case PHS_V_NAME_UNCOMMON: return false; /* need the dictionary hits: confirm.c */
    case PHS_V_PERSON: return phs_names_plausible(p, n);
    case PHS_V_COUNT: break;
    }
    return false;
}

int phs_validator_from_name(const char *name, phs_validator *out)
{
    static const char *const names[PHS_V_COUNT] = {
        "none", "ssn", "luhn", "date", "nanp", "ipv4", "ipv6", "age89", "hasdigit", "name", "uncommon_name", "person"};
    for (int i = 0; i < PHS_V_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (phs_validator)i;
            return PHS_OK;
        }
    }
    return PHS_E_ARG;
}

bool phs_followed_by_time(const char *p, const char *end)
{
    if (p >= end || (*p != 'T' && *p != ' ' && *p != ':'))
        return false;
    p++;
    size_t d = 0;
    while (p < end && isdigit((unsigned char)*p) && d < 3) {
        p++;
        d++;
    }
    if (d < 1 || d > 2 || p + 2 >= end || *p != ':')
        return false;
    return isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]);
}

void phs_partial_mask(const char *src, size_t n, char *dst)
{
    size_t keep = 0;
    size_t i = n;
    while (i > 0 && keep < 4) {
        i--;
        if (isalnum((unsigned char)src[i]))
            keep++;
    }
    /* i is the first byte kept; everything alphanumeric before it is starred */
    for (size_t j = 0; j < n; j++)
        dst[j] = (j < i && isalnum((unsigned char)src[j])) ? '*' : src[j];
}

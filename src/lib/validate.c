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

/* ------------------------------------------------- Safe Harbor identifiers */

/* Does the digit string d (k digits) start with an issuer range (ISO/IEC
   7812 IIN) of a card brand whose numbers are k digits long? The ranges
   are the brands' published ones: Visa 4 (13, 16, 19); Mastercard 51-55
   and 2221-2720 (16); American Express 34, 37 (15); Discover 6011, 644-649,
   65 (16-19); Diners Club 300-305, 3095, 36, 38, 39 (14-19); JCB
   3528-3589 (16-19); UnionPay 62 (16-19); Mir 2200-2204 (16-19); Maestro
   5018, 5020, 5038, 5893, 6304, 6759, 6761-6763 (16-19, the lengths
   written with separators). A number outside them is an order or
   transaction id that happens to pass Luhn. */
static bool card_iin(const char *d, size_t k)
{
    int p2 = num(d, 2), p3 = num(d, 3), p4 = num(d, 4);
    bool l16_19 = k >= 16 && k <= 19;
    if (d[0] == '4')
        return k == 13 || k == 16 || k == 19;
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
        return k == 16;
    if (p2 == 34 || p2 == 37)
        return k == 15;
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65)
        return l16_19;
    if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39)
        return k >= 14 && k <= 19;
    if (p4 >= 3528 && p4 <= 3589)
        return l16_19;
    if (p2 == 62)
        return l16_19;
    if (p4 >= 2200 && p4 <= 2204)
        return l16_19;
    if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759 ||
        (p4 >= 6761 && p4 <= 6763))
        return l16_19;
    return false;
}

bool phs_valid_card(const char *p, size_t n)
{
    char d[20];
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]) && p[i] != ' ' && p[i] != '-')
            return false;
    size_t k = digits_of(p, n, d, 19);
    if (k < 13 || k > 19 || !card_iin(d, k))
        return false;
    /* One digit repeated is a filler or a test pattern, not an account. */
    size_t same = 1;
    while (same < k && d[same] == d[0])
        same++;
    return same < k && phs_valid_luhn(d, k);
}

/* IBAN lengths by country (ISO 13616; the SWIFT IBAN registry). Two
   letters and the length, packed in one string for a short table. */
static const char iban_lengths[] =
    "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22DJ27DK18DO28"
    "EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27"
    "JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18"
    "NO15OM23PK24PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28"
    "TL23TN24TR26UA29VA22VG24XK20YE30";

static size_t iban_length(char a, char b)
{
    for (const char *t = iban_lengths; *t; t += 4)
        if (t[0] == a && t[1] == b)
            return (size_t)((t[2] - '0') * 10 + (t[3] - '0'));
    return 0;
}

/* An IBAN, compact or in groups of four: a country's length, two check
   digits, and the whole read from the fifth character on, letters as
   10-35, then the first four, is 1 modulo 97 (ISO 7064 MOD 97-10). */
bool phs_valid_iban(const char *p, size_t n)
{
    char c[34];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)p[i];
        if (x == ' ')
            continue;
        if (!isdigit(x) && !isupper(x))
            return false;
        if (k == sizeof c)
            return false;
        c[k++] = (char)x;
    }
    if (k < 15 || !isupper((unsigned char)c[0]) || !isupper((unsigned char)c[1]) ||
        !isdigit((unsigned char)c[2]) || !isdigit((unsigned char)c[3]))
        return false;
    if (iban_length(c[0], c[1]) != k)
        return false;
    unsigned rem = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char x = (unsigned char)c[(i + 4) % k];
        if (isdigit(x))
            rem = (rem * 10 + (unsigned)(x - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(x - 'A' + 10)) % 97;
    }
    return rem == 1;
}

/* A VIN character's value for the check digit (49 CFR 565.15(c)); -1 for
   one outside the alphabet (I, O and Q are never used). */
static int vin_value(unsigned char c)
{
    static const signed char letters[26] = {1, 2, 3, 4, 5, 6, 7, 8, -1, 1, 2, 3, 4,
                                            5, -1, 7, -1, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    if (isdigit(c))
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return letters[c - 'A'];
    return -1;
}

/* A 17-character VIN with a good check digit in position 9 (49 CFR 565,
   mandatory in North America since 1981), a model-year code in position 10
   (never U, Z or 0), the last four characters numeric (ISO 3779) and a
   letter somewhere: a run of 17 digits is an order id, not a VIN. */
bool phs_valid_vin(const char *p, size_t n)
{
    static const int weight[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    if (n != 17)
        return false;
    int sum = 0;
    bool letter = false;
    for (size_t i = 0; i < 17; i++) {
        int v = vin_value((unsigned char)p[i]);
        if (v < 0)
            return false;
        letter |= isupper((unsigned char)p[i]) != 0;
        sum += v * weight[i];
    }
    for (size_t i = 13; i < 17; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    if (p[9] == 'U' || p[9] == 'Z' || p[9] == '0' || !letter)
        return false;
    int check = sum % 11;
    return p[8] == (check == 10 ? 'X' : '0' + check);
}

/* The GS1 check digit of a GTIN-14 (GS1 General Specifications 7.9):
   from the right, digits weighted 3, 1, 3, ... sum to a multiple of 10
   with the check digit. */
static bool gtin_ok(const char *d)
{
    int sum = 0;
    for (int i = 12; i >= 0; i--)
        sum += (d[i] - '0') * ((12 - i) % 2 == 0 ? 3 : 1);
    return (10 - sum % 10) % 10 == d[13] - '0';
}

/* A GS1 UDI: AI (01) and a GTIN-14 with its check digit, then at least
   one production identifier: (11) and (17) a date YYMMDD (month 1-12, day
   0-31), (10) lot, (21) serial. In parentheses, or as one run where a
   variable-length field is last. The GTIN alone names a product, not a
   device, and "01" and 14 digits alone is any number. */
bool phs_valid_gs1_udi(const char *p, size_t n)
{
    bool paren = n > 0 && p[0] == '(';
    size_t i = paren ? 4 : 2;
    if (n < i + 14 || memcmp(p, paren ? "(01)" : "01", i) != 0)
        return false;
    for (size_t j = i; j < i + 14; j++)
        if (!isdigit((unsigned char)p[j]))
            return false;
    if (!gtin_ok(p + i))
        return false;
    i += 14;
    size_t ais = 1;
    while (i < n) {
        char ai[2];
        if (paren) {
            if (n - i < 5 || p[i] != '(' || p[i + 3] != ')')
                return false;
            ai[0] = p[i + 1];
            ai[1] = p[i + 2];
            i += 4;
        } else {
            if (n - i < 3)
                return false;
            ai[0] = p[i];
            ai[1] = p[i + 1];
            i += 2;
        }
        if (ai[0] == '1' && (ai[1] == '1' || ai[1] == '7')) {
            if (n - i < 6)
                return false;
            for (size_t j = i; j < i + 6; j++)
                if (!isdigit((unsigned char)p[j]))
                    return false;
            int mm = num(p + i + 2, 2), dd = num(p + i + 4, 2);
            if (mm < 1 || mm > 12 || dd > 31)
                return false;
            i += 6;
        } else if ((ai[0] == '1' && ai[1] == '0') || (ai[0] == '2' && ai[1] == '1')) {
            size_t j = i;
            while (j < n && p[j] != '(')
                j++;
            if (j == i || j - i > 20 || (!paren && j != n))
                return false;
            i = j;
        } else {
            return false;
        }
        ais++;
    }
    return ais > 1;
}

/* A HIBCC UDI (ANSI/HIBC 2.x): '+', a labeler code of a letter and three
   letters or digits, the product data, and a check character: the values
   of every character before it (0-9, A-Z as 10-35, then - . space $ / + %
   as 36-42) summed modulo 43. */
bool phs_valid_hibcc(const char *p, size_t n)
{
    static const char set[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";
    if (n < 8 || p[0] != '+' || !isupper((unsigned char)p[1]) || !phs_valid_hasdigit(p, n))
        return false;
    unsigned sum = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        const char *at = p[i] ? strchr(set, p[i]) : NULL;
        if (!at)
            return false;
        sum += (unsigned)(at - set);
    }
    return set[sum % 43] == p[n - 1];
}

/* A driver's licence number in one of the states' shapes (AAMVA DL/ID
   card design; the states' own descriptions), separators dropped: 6-13
   digits; one letter and 5-14 digits (CA, FL, IL, MD, MI, MN, NJ, WI, ...);
   two letters and 4-8 digits (OH, MA, ...); three letters and 6 digits;
   WA's WDL and nine characters, and its older seven letters, three digits
   and two characters; NH's 2 digits, 3 letters, 5 digits; IA's 3 digits,
   2 letters, 4 digits. The rules give the licence word; this checks the
   value could be a licence, not "DL 2" or a version. */
bool phs_valid_dl(const char *p, size_t n)
{
    char c[25]; /* NUL-terminated for strspn below */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)p[i];
        if (x == ' ' || x == '-')
            continue;
        if (!isalnum(x) && x != '*')
            return false;
        if (k == sizeof c - 1)
            return false;
        c[k++] = (char)toupper(x);
    }
    c[k] = '\0';
    if (k == 12 && memcmp(c, "WDL", 3) == 0)
        return true;
    size_t L = 0, D = 0;
    while (L < k && isupper((unsigned char)c[L]))
        L++;
    while (L + D < k && isdigit((unsigned char)c[L + D]))
        D++;
    if (L + D == k) {
        switch (L) {
        case 0: return D >= 6 && D <= 13;
        case 1: return D >= 5 && D <= 14;
        case 2: return D >= 4 && D <= 8;
        case 3: return D == 6;
        default: return false;
        }
    }
    size_t a = 0;
    while (a < k && (isupper((unsigned char)c[a]) || c[a] == '*'))
        a++;
    if (k == 12 && a == 7 && isdigit((unsigned char)c[7]) && isdigit((unsigned char)c[8]) &&
        isdigit((unsigned char)c[9]) && isalnum((unsigned char)c[10]) &&
        isalnum((unsigned char)c[11]))
        return true;
    if (k == 10 && L == 0 && D == 2 && isupper((unsigned char)c[2]) && isupper((unsigned char)c[3]) &&
        isupper((unsigned char)c[4]))
        return strspn(c + 5, "0123456789") == 5;
    if (k == 9 && L == 0 && D == 3 && isupper((unsigned char)c[3]) && isupper((unsigned char)c[4]))
        return strspn(c + 5, "0123456789") == 4;
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
    case PHS_V_CARD: return phs_valid_card(p, n);
    case PHS_V_IBAN: return phs_valid_iban(p, n);
    case PHS_V_VIN: return phs_valid_vin(p, n);
    case PHS_V_GS1_UDI: return phs_valid_gs1_udi(p, n);
    case PHS_V_HIBCC: return phs_valid_hibcc(p, n);
    case PHS_V_DL: return phs_valid_dl(p, n);
    case PHS_V_PLACE: return phs_place_plausible(p, n);
    case PHS_V_FULL_NAME: return phs_names_full(p, n);
    case PHS_V_COUNT: break;
    }
    return false;
}

int phs_validator_from_name(const char *name, phs_validator *out)
{
    static const char *const names[PHS_V_COUNT] = {
        "none", "ssn", "luhn", "date", "nanp", "ipv4", "ipv6", "age89", "hasdigit", "name", "uncommon_name", "person",
        "card", "iban", "vin", "gs1_udi", "hibcc", "dl", "place", "full_name"};
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

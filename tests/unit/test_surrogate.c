/* surrogate.c: realistic fakes per category. The PRF here is a keyed
   FNV-1a hash with a SplitMix64 finish: not a secure PRF, but deterministic
   and well spread, which is all the surrogates need from it in a test.
   Every input is passed as a heap copy of exactly its length, and every
   output buffer is exactly `cap` bytes, so ASan catches a read past the span
   or a write past cap. */
#include "unit_util.h"

#include "date.h"
#include "surrogate.h"

/* The embedded lists, to check that fakes are names from them. */
extern const char phs_names_first[], phs_names_surnames[];

/* ------------------------------------------------------------ test PRF */

typedef struct test_key {
    uint64_t k;
    long calls;
    long fail_after; /* calls that succeed before every call fails; -1 never */
} test_key;

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int test_prf(void *ctx, const char *label, const void *msg, size_t len, uint8_t out[32])
{
    test_key *key = ctx;
    key->calls++;
    if (key->fail_after >= 0 && key->calls > key->fail_after)
        return PHS_E_INTERNAL;
    uint64_t h = fnv1a(0xcbf29ce484222325ULL ^ splitmix(key->k), label, strlen(label) + 1);
    h = fnv1a(h, msg, len);
    h = splitmix(h ^ len);
    for (int i = 0; i < 4; i++) {
        uint64_t v = splitmix(h + (uint64_t)i * 0x632be59bd9b4e019ULL);
        for (int j = 0; j < 8; j++)
            out[8 * i + j] = (uint8_t)(v >> (8 * j));
    }
    return 0;
}

static test_key K1 = {0x1111, 0, -1}, K2 = {0x2222, 0, -1};
static phs_prf P1 = {test_prf, &K1}, P2 = {test_prf, &K2};
static phs_surr *S1, *S2;

static int setup(void **state)
{
    (void)state;
    if (phs_surr_create(&S1) != PHS_OK || phs_surr_create(&S2) != PHS_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    phs_surr_free(S1);
    phs_surr_free(S2);
    return 0;
}

/* ------------------------------------------------------------ helpers */

enum { REF_YEAR = 2024 };

/* The surrogate of [in, in+n) into an exactly 4n+64-byte buffer; returns
   it NUL-terminated (malloc'ed) with its length in *outn. */
static char *sur_n(const phs_surr *s, const phs_prf *prf, phs_category cat, const char *in,
                   size_t n, int shift, size_t *outn)
{
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, in, n);
    size_t cap = 4 * n + 64;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t r = phs_surrogate(s, prf, cat, copy, n, shift, REF_YEAR, out, cap);
    assert_true(r <= cap);
    char *res = malloc(r + 1);
    assert_non_null(res);
    memcpy(res, out, r);
    res[r] = '\0';
    free(out);
    free(copy);
    if (outn)
        *outn = r;
    return res;
}

static char *sur(phs_category cat, const char *in)
{
    size_t r;
    char *out = sur_n(S1, &P1, cat, in, strlen(in), 10, &r);
    if (r == 0)
        print_error("no surrogate for \"%s\" (category %d)\n", in, (int)cat);
    assert_true(r > 0);
    return out;
}

static bool in_list(const char *list, const char *w, size_t n)
{
    if (n == 0)
        return false;
    for (const char *p = list; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, w, n) == 0)
            return true;
        p += len + (e != NULL);
    }
    return false;
}

/* Whether the word, in Title case, is on the list. */
static bool in_list_any_case(const char *list, const char *w, size_t n)
{
    char t[64];
    if (n == 0 || n >= sizeof t)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (i == 0 && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (i > 0 && c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        t[i] = c;
    }
    return in_list(list, t, n);
}

static bool ieq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

static bool all_upper(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(w[i] >= 'A' && w[i] <= 'Z'))
            return false;
    return true;
}

static bool is_title(const char *w, size_t n)
{
    if (n == 0 || !(w[0] >= 'A' && w[0] <= 'Z'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(w[i] >= 'a' && w[i] <= 'z'))
            return false;
    return true;
}

static bool isdig(char c) { return c >= '0' && c <= '9'; }

static unsigned num(const char *p, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(p[i] - '0');
    return v;
}

/* Same length, digits where digits were, letters of the same case where
   letters were, every other byte unchanged. */
static void assert_shape(const char *in, size_t n, const char *out, size_t outn)
{
    assert_int_equal(outn, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)in[i], b = (unsigned char)out[i];
        if (isdig((char)a))
            assert_true(isdig((char)b));
        else if (a >= 'A' && a <= 'Z')
            assert_true(b >= 'A' && b <= 'Z');
        else if (a >= 'a' && a <= 'z')
            assert_true(b >= 'a' && b <= 'z');
        else
            assert_int_equal(a, b);
    }
}

/* ------------------------------------------------------------ tests */

static void test_create_free(void **state)
{
    (void)state;
    phs_surr *s = NULL;
    assert_int_equal(phs_surr_create(&s), PHS_OK);
    assert_non_null(s);
    phs_surr_free(s);
    phs_surr_free(NULL);
    assert_int_equal(phs_surr_create(NULL), PHS_E_ARG);
}

static const struct {
    phs_category cat;
    const char *in;
} samples[] = {
    {PHS_CAT_SSN, "123-45-6789"},
    {PHS_CAT_SSN, "123 45 6789"},
    {PHS_CAT_MRN, "MRN00123456"},
    {PHS_CAT_PATIENT_ID, "PID-77812-x"},
    {PHS_CAT_MEMBER_ID, "XKJ928371923"},
    {PHS_CAT_ACCOUNT_ID, "ACCT 99812"},
    {PHS_CAT_ENCOUNTER_ID, "E000918273"},
    {PHS_CAT_NAME, "John Smith"},
    {PHS_CAT_NAME, "SMITH^JOHN^Q"},
    {PHS_CAT_NAME, "O'Brien, Mary-Kate"},
    {PHS_CAT_DATE, "2020-01-05"},
    {PHS_CAT_PHONE, "(617) 555-1234"},
    {PHS_CAT_PHONE, "+1 617.555.1234"},
    {PHS_CAT_FAX, "617-555-9876"},
    {PHS_CAT_EMAIL, "John.Smith@Hospital.org"},
    {PHS_CAT_IP, "10.1.2.3"},
    {PHS_CAT_IP, "fe80::1ff:fe23:4567:890a"},
    {PHS_CAT_URL, "/patients/12345/chart"},
    {PHS_CAT_ZIP, "02139-4307"},
    {PHS_CAT_ADDRESS, "123 Main Street, Apt 4B"},
    {PHS_CAT_AGE, "92"},
    {PHS_CAT_LICENSE, "D1234567"},
};

enum { NSAMPLES = sizeof samples / sizeof samples[0] };

/* The same value gives the same fake, from any instance of the tables. */
static void test_deterministic(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSAMPLES; i++) {
        const char *in = samples[i].in;
        size_t n = strlen(in), r1, r2, r3;
        char *a = sur_n(S1, &P1, samples[i].cat, in, n, 10, &r1);
        char *b = sur_n(S1, &P1, samples[i].cat, in, n, 10, &r2);
        char *c = sur_n(S2, &P1, samples[i].cat, in, n, 10, &r3);
        assert_true(r1 > 0);
        assert_string_equal(a, b);
        assert_string_equal(a, c);
        assert_false(r1 == n && memcmp(a, in, n) == 0);
        free(a);
        free(b);
        free(c);
    }
}

/* Another key, another fake (dates move by the key's shift, not the PRF;
   ages have only ten fakes, so they are counted apart). */
static void test_keys_differ(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSAMPLES; i++) {
        if (samples[i].cat == PHS_CAT_DATE || samples[i].cat == PHS_CAT_AGE)
            continue;
        const char *in = samples[i].in;
        size_t n = strlen(in);
        char *a = sur_n(S1, &P1, samples[i].cat, in, n, 10, NULL);
        char *b = sur_n(S1, &P2, samples[i].cat, in, n, 10, NULL);
        if (strcmp(a, b) == 0)
            print_error("same fake \"%s\" for \"%s\" under two keys\n", a, in);
        assert_string_not_equal(a, b);
        free(a);
        free(b);
    }
    int differ = 0;
    for (unsigned v = 90; v < 110; v++) {
        char in[8];
        snprintf(in, sizeof in, "%u", v);
        char *a = sur_n(S1, &P1, PHS_CAT_AGE, in, strlen(in), 0, NULL);
        char *b = sur_n(S1, &P2, PHS_CAT_AGE, in, strlen(in), 0, NULL);
        differ += strcmp(a, b) != 0;
        free(a);
        free(b);
    }
    assert_true(differ >= 10);
}

/* Split at the first of `seps`: [0, *k) and after. */
static size_t find_sep(const char *s, const char *seps)
{
    size_t k = strcspn(s, seps);
    assert_true(s[k] != '\0');
    return k;
}

/* SMITH^JOHN and Smith, John: the same surname and given name, each in its
   own case; John Smith agrees; single words and initials. */
static void test_name_case(void **state)
{
    (void)state;
    char *hl7 = sur(PHS_CAT_NAME, "SMITH^JOHN");
    char *comma = sur(PHS_CAT_NAME, "Smith, John");
    char *plain = sur(PHS_CAT_NAME, "John Smith");
    char *lower = sur(PHS_CAT_NAME, "smith, john");

    size_t h = find_sep(hl7, "^");
    size_t c = find_sep(comma, ",");
    size_t p = find_sep(plain, " ");
    size_t l = find_sep(lower, ",");
    const char *hg = hl7 + h + 1, *cg = comma + c + 2, *pg = plain, *lg = lower + l + 2;
    assert_int_equal(comma[c + 1], ' ');
    assert_int_equal(lower[l + 1], ' ');

    /* surnames */
    assert_int_equal(h, c);
    assert_int_equal(h, strlen(plain) - p - 1);
    assert_true(ieq(hl7, comma, h));
    assert_true(ieq(hl7, plain + p + 1, h));
    assert_true(ieq(hl7, lower, h));
    assert_true(all_upper(hl7, h));
    assert_true(is_title(comma, c));
    assert_true(in_list(phs_names_surnames, comma, c));
    assert_false(ieq(comma, "Smith", 5) && c == 5);
    for (size_t i = 0; i < l; i++)
        assert_true(lower[i] >= 'a' && lower[i] <= 'z');

    /* given names */
    assert_int_equal(strlen(hg), strlen(cg));
    assert_int_equal(strlen(hg), p);
    assert_true(ieq(hg, cg, strlen(hg)));
    assert_true(ieq(hg, pg, p));
    assert_true(ieq(hg, lg, strlen(lg)));
    assert_true(all_upper(hg, strlen(hg)));
    assert_true(is_title(cg, strlen(cg)));
    assert_true(in_list(phs_names_first, cg, strlen(cg)));

    /* A single word: Zyskowski is no first name, so a surname; the same one
       as in a full name. */
    char *one = sur(PHS_CAT_NAME, "Zyskowski");
    char *full = sur(PHS_CAT_NAME, "Anna Zyskowski");
    size_t f = find_sep(full, " ");
    assert_string_equal(one, full + f + 1);
    assert_true(in_list(phs_names_surnames, one, strlen(one)));

    /* Initials become another letter of the same case; punctuation stays. */
    char *init = sur(PHS_CAT_NAME, "John Q. Public");
    size_t a = find_sep(init, " ");
    assert_true(ieq(init, hg, a));
    const char *q = init + a + 1;
    assert_true(q[0] >= 'A' && q[0] <= 'Z' && q[0] != 'Q');
    assert_memory_equal(q + 1, ". ", 2);
    assert_true(in_list(phs_names_surnames, q + 3, strlen(q + 3)));

    free(hl7);
    free(comma);
    free(plain);
    free(lower);
    free(one);
    free(full);
    free(init);
}

static bool name_byte(char c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (unsigned char)c >= 0x80;
}

/* Every non-letter byte stays; apostrophes and hyphens split words; a word
   never maps to itself; UTF-8 bytes are letters of their word. */
static void test_name_layout(void **state)
{
    (void)state;
    static const char *const in[] = {
        "O'Brien, Mary-Kate", "DOE^JANE^A^JR", "de la Cruz, María", "Müller",
        "  John   Smith ", "J. R. R. Tolkien", "smith", "Dr. John Smith III", "ANNE-MARIE",
    };
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        size_t n = strlen(in[i]), r;
        char *out = sur_n(S1, &P1, PHS_CAT_NAME, in[i], n, 0, &r);
        assert_true(r > 0);
        /* Walk both: non-word bytes equal, word counts equal. */
        size_t a = 0, b = 0;
        while (a < n || b < r) {
            bool wa = a < n && name_byte(in[i][a]);
            bool wb = b < r && ((out[b] | 0x20) >= 'a' && (out[b] | 0x20) <= 'z');
            assert_int_equal(wa, wb);
            if (!wa) {
                assert_true(a < n && b < r);
                assert_int_equal(in[i][a], out[b]);
                a++;
                b++;
                continue;
            }
            size_t a0 = a, b0 = b;
            while (a < n && name_byte(in[i][a]))
                a++;
            while (b < r && (out[b] | 0x20) >= 'a' && (out[b] | 0x20) <= 'z')
                b++;
            assert_false(a - a0 == b - b0 && ieq(in[i] + a0, out + b0, a - a0));
            if (a - a0 > 1)
                assert_true(in_list_any_case(phs_names_first, out + b0, b - b0) ||
                            in_list_any_case(phs_names_surnames, out + b0, b - b0));
            else
                assert_int_equal(b - b0, 1);
        }
        free(out);
    }
    /* The case of each word is kept. */
    char *m = sur(PHS_CAT_NAME, "smith");
    for (const char *p = m; *p; p++)
        assert_true(*p >= 'a' && *p <= 'z');
    free(m);
    /* Two-letter words get short names: the output stays within 4n + 64. */
    char big[3 * 200];
    for (size_t i = 0; i < 200; i++)
        memcpy(big + 3 * i, i == 199 ? "Li " : "Li,", 3);
    size_t r;
    char *o = sur_n(S1, &P1, PHS_CAT_NAME, big, sizeof big - 1, 0, &r);
    assert_true(r > 0 && r <= 4 * (sizeof big - 1) + 64);
    free(o);
}

static bool valid_issued_area(unsigned area)
{
    return area >= 1 && area <= 899 && area != 666;
}

/* SSN fakes: area 9xx, group 01-49 (not an ITIN group), serial not 0000,
   the input's layout. */
static void test_ssn(void **state)
{
    (void)state;
    static const char *const layouts[] = {"ddd-dd-dddd", "ddd dd dddd", "ddddddddd", "ddd-dddddd"};
    uint64_t rng = 0x5eed5eedULL;
    for (int t = 0; t < 3000; t++) {
        const char *lay = layouts[t % 4];
        size_t n = strlen(lay);
        char in[16];
        for (size_t i = 0; i < n; i++)
            in[i] = lay[i] == 'd' ? (char)('0' + rng_range(&rng, 0, 9)) : lay[i];
        in[n] = '\0';
        size_t r;
        char *out = sur_n(S1, t % 2 ? &P1 : &P2, PHS_CAT_SSN, in, n, 0, &r);
        assert_int_equal(r, n);
        char d[9];
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (lay[i] == 'd') {
                assert_true(isdig(out[i]));
                d[k++] = out[i];
            } else {
                assert_int_equal(out[i], lay[i]);
            }
        }
        assert_int_equal(k, 9);
        unsigned area = num(d, 3), group = num(d + 3, 2), serial = num(d + 5, 4);
        assert_true(area >= 900 && area <= 999);
        assert_false(valid_issued_area(area));
        assert_true(group >= 1 && group <= 49);
        assert_true(serial >= 1);
        assert_memory_not_equal(out, in, n);
        free(out);
    }
    /* The digits are the value: another layout, the same digits. */
    char *a = sur(PHS_CAT_SSN, "123-45-6789");
    char *b = sur(PHS_CAT_SSN, "123456789");
    assert_memory_equal(a, b, 3);
    assert_memory_equal(a + 4, b + 3, 2);
    assert_memory_equal(a + 7, b + 5, 4);
    /* Not nine digits: the shape rule. */
    char *c = sur(PHS_CAT_SSN, "123-45-678");
    assert_shape("123-45-678", 10, c, strlen(c));
    free(a);
    free(b);
    free(c);
}

/* Phone and fax fakes: NPA-555-01XX in the input's layout. */
static void test_phone(void **state)
{
    (void)state;
    static const char *const layouts[] = {
        "(ddd) ddd-dddd", "ddd-ddd-dddd", "ddd.ddd.dddd", "dddddddddd",
        "+1 ddd ddd dddd", "1-ddd-ddd-dddd", "1dddddddddd", "+1 (ddd) ddd-dddd",
    };
    uint64_t rng = 0xfeedULL;
    for (int t = 0; t < 3000; t++) {
        const char *lay = layouts[t % 8];
        size_t n = strlen(lay);
        char in[32];
        for (size_t i = 0; i < n; i++)
            in[i] = lay[i] == 'd' ? (char)('0' + rng_range(&rng, 0, 9)) : lay[i];
        size_t r;
        char *out = sur_n(S1, &P1, t % 3 ? PHS_CAT_PHONE : PHS_CAT_FAX, in, n, 0, &r);
        assert_int_equal(r, n);
        char d[11];
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (lay[i] == 'd') {
                d[k++] = out[i];
            } else {
                assert_int_equal(out[i], in[i]);
            }
        }
        assert_int_equal(k, 10);
        unsigned npa = num(d, 3);
        assert_true(npa >= 200 && npa <= 999);
        assert_false(npa % 100 == 11);
        assert_int_not_equal(npa, 555);
        assert_memory_equal(d + 3, "55501", 5);
        assert_true(isdig(d[8]) && isdig(d[9]));
        assert_memory_not_equal(out, in, n);
        free(out);
    }
    /* Phone and fax agree; the country code is not part of the value. */
    char *a = sur(PHS_CAT_PHONE, "617-555-1234");
    char *b = sur(PHS_CAT_FAX, "617-555-1234");
    char *c = sur(PHS_CAT_PHONE, "1-617-555-1234");
    assert_string_equal(a, b);
    assert_string_equal(a, c + 2);
    /* Other digit counts: the shape rule. */
    char *e = sur(PHS_CAT_PHONE, "2-617-555-1234");
    assert_shape("2-617-555-1234", 14, e, strlen(e));
    char *f = sur(PHS_CAT_FAX, "555-1234");
    assert_shape("555-1234", 8, f, strlen(f));
    free(a);
    free(b);
    free(c);
    free(e);
    free(f);
}

/* first.last@example.{com,org,net}, from the lists; case-blind. */
static void test_email(void **state)
{
    (void)state;
    static const char *const in[] = {
        "John.Smith@Hospital.org", "jdoe@gmail.com", "x@y.z", "a.b+tag@sub.example.co.uk",
        "no-at-sign", "JOHN.SMITH@HOSPITAL.ORG",
    };
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *out = sur(PHS_CAT_EMAIL, in[i]);
        const char *at = strchr(out, '@');
        const char *dot = strchr(out, '.');
        assert_non_null(at);
        assert_non_null(dot);
        assert_true(dot < at);
        assert_true(strcmp(at, "@example.com") == 0 || strcmp(at, "@example.org") == 0 ||
                    strcmp(at, "@example.net") == 0);
        for (const char *p = out; p < at; p++)
            assert_true((*p >= 'a' && *p <= 'z') || p == dot);
        assert_true(in_list_any_case(phs_names_first, out, (size_t)(dot - out)));
        assert_true(in_list_any_case(phs_names_surnames, dot + 1, (size_t)(at - dot - 1)));
        free(out);
    }
    char *a = sur(PHS_CAT_EMAIL, "John.Smith@Hospital.org");
    char *b = sur(PHS_CAT_EMAIL, "JOHN.SMITH@HOSPITAL.ORG");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* IPv4 into the RFC 5737 nets, IPv6 into 2001:db8::/32. */
static void test_ip(void **state)
{
    (void)state;
    uint64_t rng = 0x1234ULL;
    for (int t = 0; t < 2000; t++) {
        char in[32];
        snprintf(in, sizeof in, "%u.%u.%u.%u", (unsigned)rng_range(&rng, 0, 255),
                 (unsigned)rng_range(&rng, 0, 255), (unsigned)rng_range(&rng, 0, 255),
                 (unsigned)rng_range(&rng, 0, 255));
        char *out = sur(PHS_CAT_IP, in);
        const char *x = NULL;
        if (strncmp(out, "192.0.2.", 8) == 0)
            x = out + 8;
        else if (strncmp(out, "198.51.100.", 11) == 0)
            x = out + 11;
        else if (strncmp(out, "203.0.113.", 10) == 0)
            x = out + 10;
        assert_non_null(x);
        size_t xn = strlen(x);
        assert_true(xn >= 1 && xn <= 3);
        for (size_t i = 0; i < xn; i++)
            assert_true(isdig(x[i]));
        unsigned v = num(x, xn);
        assert_true(v >= 1 && v <= 254);
        assert_string_not_equal(out, in);
        free(out);
    }
    static const char *const v6[] = {"fe80::1", "2001:0db8:85a3::8a2e:0370:7334", "::1",
                                     "::ffff:10.0.0.1", "2001:DB8::1"};
    for (size_t i = 0; i < sizeof v6 / sizeof v6[0]; i++) {
        char *out = sur(PHS_CAT_IP, v6[i]);
        assert_int_equal(strncmp(out, "2001:db8::", 10), 0);
        for (const char *p = out + 10; *p; p++)
            assert_true(isdig(*p) || (*p >= 'a' && *p <= 'f') || *p == ':');
        free(out);
    }
    /* Neither: the shape rule. */
    char *g = sur(PHS_CAT_IP, "10.1.2.300");
    assert_shape("10.1.2.300", 10, g, strlen(g));
    free(g);
}

/* The shape rule: same length, same classes, other bytes kept. */
static void test_generic(void **state)
{
    (void)state;
    static const phs_category cats[] = {PHS_CAT_MRN,          PHS_CAT_PATIENT_ID, PHS_CAT_MEMBER_ID,
                                        PHS_CAT_ACCOUNT_ID,   PHS_CAT_ENCOUNTER_ID, PHS_CAT_ZIP,
                                        PHS_CAT_URL,          PHS_CAT_LICENSE};
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-/_.: #";
    uint64_t rng = 0xabcULL;
    for (int t = 0; t < 2000; t++) {
        char in[64];
        size_t n = rng_range(&rng, 1, sizeof in);
        for (size_t i = 0; i < n; i++)
            in[i] = alphabet[rng_range(&rng, 0, sizeof alphabet - 2)];
        size_t r;
        char *out = sur_n(S1, &P1, cats[t % 8], in, n, 0, &r);
        assert_shape(in, n, out, r);
        free(out);
    }
    /* A long span draws many PRF blocks; the fake still has the shape. */
    size_t n = 5000;
    char *in = malloc(n);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++)
        in[i] = alphabet[i % (sizeof alphabet - 1)];
    size_t r;
    char *out = sur_n(S1, &P1, PHS_CAT_URL, in, n, 0, &r);
    assert_shape(in, n, out, r);
    free(out);
    free(in);
    /* The label is the category's: one value, two categories, two fakes. */
    char *a = sur(PHS_CAT_MRN, "AB123456");
    char *b = sur(PHS_CAT_LICENSE, "AB123456");
    assert_string_not_equal(a, b);
    free(a);
    free(b);
}

/* Dates move by the given shift through date.c, keeping their layout. */
static void test_date(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"2020-01-05", "2020-01-15"},
        {"2019-12-25", "2020-01-04"},
        {"2020-02-25", "2020-03-06"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = sur(PHS_CAT_DATE, cases[i].in);
        assert_string_equal(out, cases[i].want);
        free(out);
    }
    /* The same shift for every key: intervals between dates survive. */
    char *a = sur_n(S1, &P2, PHS_CAT_DATE, "2020-01-05", 10, 10, NULL);
    assert_string_equal(a, "2020-01-15");
    free(a);
    /* Back in time. */
    char *b = sur_n(S1, &P1, PHS_CAT_DATE, "2020-01-05", 10, -10, NULL);
    assert_string_equal(b, "2019-12-26");
    free(b);
    /* Not a date: the shape rule. A zero shift would leave it as it was:
       the shape rule too. */
    char *c = sur(PHS_CAT_DATE, "2020-13-45");
    assert_shape("2020-13-45", 10, c, strlen(c));
    size_t r;
    char *d = sur_n(S1, &P1, PHS_CAT_DATE, "2020-01-05", 10, 0, &r);
    assert_shape("2020-01-05", 10, d, r);
    assert_string_not_equal(d, "2020-01-05");
    free(c);
    free(d);
}

/* Ages over 89 stay over 89 and keep their width. */
static void test_age(void **state)
{
    (void)state;
    for (unsigned v = 90; v < 120; v++) {
        char in[16];
        snprintf(in, sizeof in, "%u", v);
        char *out = sur(PHS_CAT_AGE, in);
        assert_int_equal(strlen(out), strlen(in));
        unsigned o = num(out, strlen(out));
        if (v < 100)
            assert_true(o >= 90 && o <= 99);
        else
            assert_true(o >= 100 && o <= 109);
        assert_int_not_equal(o, v);
        free(out);
    }
    char *a = sur(PHS_CAT_AGE, "age 95");
    assert_memory_equal(a, "age 9", 5);
    assert_true(isdig(a[5]) && a[5] != '5');
    char *b = sur(PHS_CAT_AGE, "5");
    assert_shape("5", 1, b, strlen(b));
    free(a);
    free(b);
}

/* Numbers and capitalised place words change; street words stay. */
static void test_address(void **state)
{
    (void)state;
    char *a = sur(PHS_CAT_ADDRESS, "123 Main Street, Apt 4B");
    /* "ddd Xxxx Street, Apt dB" */
    assert_true(a[0] >= '1' && a[0] <= '9' && isdig(a[1]) && isdig(a[2]) && a[3] == ' ');
    const char *sp = strchr(a + 4, ' ');
    assert_non_null(sp);
    assert_true(is_title(a + 4, (size_t)(sp - a - 4)));
    assert_true(in_list(phs_names_surnames, a + 4, (size_t)(sp - a - 4)));
    assert_false((size_t)(sp - a - 4) == 4 && memcmp(a + 4, "Main", 4) == 0);
    assert_int_equal(strncmp(sp, " Street, Apt ", 13), 0);
    assert_true(sp[13] >= '1' && sp[13] <= '9' && sp[14] == 'B' && sp[15] == '\0');
    free(a);

    char *b = sur(PHS_CAT_ADDRESS, "77 ELM AVE NW");
    const char *s2 = strchr(b + 3, ' ');
    assert_non_null(s2);
    assert_true(all_upper(b + 3, (size_t)(s2 - b - 3)));
    assert_string_equal(s2, " AVE NW");
    assert_true(b[0] != '0');
    free(b);

    /* Same word, same fake, in any case. */
    char *c = sur(PHS_CAT_ADDRESS, "Main St");
    char *d = sur(PHS_CAT_ADDRESS, "MAIN ST");
    assert_int_equal(strlen(c), strlen(d));
    assert_true(ieq(c, d, strlen(c)));
    free(c);
    free(d);

    /* Only street words: nothing would change, so the shape rule. */
    char *e = sur(PHS_CAT_ADDRESS, "PO Box");
    assert_shape("PO Box", 6, e, strlen(e));
    free(e);
}

/* No fake equals its input when the input has a letter or digit, even for
   one-byte spans where a random pick would often land on the input. */
static void test_never_equal(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.- ^,@:";
    uint64_t rng = 0x77ULL;
    for (int cat = 0; cat < PHS_CAT_COUNT; cat++) {
        for (int t = 0; t < 400; t++) {
            char in[8];
            size_t n = rng_range(&rng, 1, 4);
            for (size_t i = 0; i < n; i++)
                in[i] = alphabet[rng_range(&rng, 0, sizeof alphabet - 2)];
            bool alnum = false;
            for (size_t i = 0; i < n; i++)
                alnum |= isdig(in[i]) || ((in[i] | 0x20) >= 'a' && (in[i] | 0x20) <= 'z');
            size_t r;
            char *out = sur_n(S1, t % 2 ? &P1 : &P2, (phs_category)cat, in, n, 10, &r);
            assert_true(r > 0);
            if (alnum && r == n && memcmp(out, in, n) == 0)
                print_error("category %d: \"%.*s\" kept\n", cat, (int)n, in);
            if (alnum)
                assert_false(r == n && memcmp(out, in, n) == 0);
            free(out);
        }
    }
}

/* A failing PRF, at the first call or any later one, gives 0. */
static void test_prf_failure(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSAMPLES; i++) {
        if (samples[i].cat == PHS_CAT_DATE)
            continue; /* a real date needs no PRF */
        const char *in = samples[i].in;
        size_t n = strlen(in);
        /* How many calls a success takes, then fail at each of them. */
        test_key k = {0x3333, 0, -1};
        phs_prf p = {test_prf, &k};
        size_t r;
        char *out = sur_n(S1, &p, samples[i].cat, in, n, 10, &r);
        assert_true(r > 0);
        free(out);
        long need = k.calls;
        assert_true(need >= 1);
        for (long f = 0; f < need; f++) {
            test_key kf = {0x3333, 0, f};
            phs_prf pf = {test_prf, &kf};
            out = sur_n(S1, &pf, samples[i].cat, in, n, 10, &r);
            assert_int_equal(r, 0);
            free(out);
        }
    }
    /* A date that does not parse falls back to the PRF, and fails with it. */
    test_key kf = {0x3333, 0, 0};
    phs_prf pf = {test_prf, &kf};
    size_t r;
    char *out = sur_n(S1, &pf, PHS_CAT_DATE, "2020-13-45", 10, 10, &r);
    assert_int_equal(r, 0);
    free(out);
}

/* Too little room gives 0 and no write past cap (ASan). */
static void test_small_cap(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSAMPLES; i++) {
        const char *in = samples[i].in;
        size_t n = strlen(in);
        static char room[1024];
        size_t need = phs_surrogate(S1, &P1, samples[i].cat, in, n, 10, REF_YEAR, room,
                                    sizeof room);
        assert_true(need > 0);
        for (size_t cap = 0; cap < need; cap++) {
            char *out = malloc(cap ? cap : 1);
            assert_non_null(out);
            assert_int_equal(phs_surrogate(S1, &P1, samples[i].cat, in, n, 10, REF_YEAR, out, cap),
                             0);
            free(out);
        }
    }
    /* An empty span has no surrogate. */
    char out[64];
    assert_int_equal(phs_surrogate(S1, &P1, PHS_CAT_NAME, "", 0, 0, REF_YEAR, out, sizeof out), 0);
}

/* Random bytes (NUL, UTF-8, controls) in every category: no crash, no
   overrun (ASan/UBSan), output within 4n + 64. */
static void test_random_bytes(void **state)
{
    (void)state;
    uint64_t rng = 0xdeadbeefULL;
    for (int t = 0; t < 20000; t++) {
        char in[96];
        size_t n = rng_range(&rng, 1, sizeof in);
        int mode = t % 3;
        for (size_t i = 0; i < n; i++) {
            if (mode == 0)
                in[i] = (char)rng_range(&rng, 0, 255);
            else if (mode == 1)
                in[i] = "0123456789-. ,^@:'abcXYZ\xc3\xa9"[rng_range(&rng, 0, 25)];
            else
                in[i] = (char)rng_range(&rng, 0x20, 0x7e);
        }
        size_t r;
        char *out = sur_n(S1, &P1, (phs_category)(t % PHS_CAT_COUNT), in, n, 10 - t % 21, &r);
        assert_true(r > 0);
        assert_true(r <= 4 * n + 64);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_free),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_keys_differ),
        cmocka_unit_test(test_name_case),
        cmocka_unit_test(test_name_layout),
        cmocka_unit_test(test_ssn),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_ip),
        cmocka_unit_test(test_generic),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_address),
        cmocka_unit_test(test_never_equal),
        cmocka_unit_test(test_prf_failure),
        cmocka_unit_test(test_small_cap),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

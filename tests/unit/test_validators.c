/* validate.c: every validator, the dispatcher, phs_followed_by_time and
   phs_partial_mask. Each validator looks only at [p, p+n): the cases are
   passed with their exact length, and some with bytes after the end that
   must not be read (ASan checks this with the heap copy in CHECK). */
#include "unit_util.h"

#include "internal.h"

typedef bool (*validator_fn)(const char *p, size_t n);

/* Run fn on a heap copy of exactly strlen(s) bytes, so reading past the
   candidate is caught under ASan. */
static bool run_exact(validator_fn fn, const char *s)
{
    size_t n = strlen(s);
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, s, n);
    bool r = fn(copy, n);
    free(copy);
    return r;
}

static void check(validator_fn fn, const char *fname, const char *s, bool want, const char *file,
                  int line)
{
    bool got = run_exact(fn, s);
    if (got != want) {
        print_error("%s(\"%s\") = %s, want %s\n", fname, s, got ? "true" : "false",
                    want ? "true" : "false");
        _fail(file, line);
    }
}

#define YES(fn, s) check(fn, #fn, (s), true, __FILE__, __LINE__)
#define NO(fn, s) check(fn, #fn, (s), false, __FILE__, __LINE__)

/* ------------------------------------------------------------ SSN */

static void test_ssn(void **state)
{
    (void)state;
    YES(phs_valid_ssn, "123-45-6789");
    YES(phs_valid_ssn, "123456789");
    YES(phs_valid_ssn, "123 45 6789");
    YES(phs_valid_ssn, "001-01-0001");
    YES(phs_valid_ssn, "665-12-3456");
    YES(phs_valid_ssn, "667-12-3456");
    YES(phs_valid_ssn, "899-99-9999");
    YES(phs_valid_ssn, "078-05-1121"); /* next to the advertising number */
    YES(phs_valid_ssn, "219-09-9998");
    /* area 000, 666, 900-999 */
    NO(phs_valid_ssn, "000-12-3456");
    NO(phs_valid_ssn, "666-12-3456");
    NO(phs_valid_ssn, "900-12-3456");
    NO(phs_valid_ssn, "950-12-3456");
    NO(phs_valid_ssn, "999-99-9999");
    /* group 00, serial 0000 */
    NO(phs_valid_ssn, "123-00-4567");
    NO(phs_valid_ssn, "123-45-0000");
    NO(phs_valid_ssn, "123004567");
    /* numbers never issued */
    /* the advertising numbers look like SSNs and are masked */
    YES(phs_valid_ssn, "078-05-1120");
    YES(phs_valid_ssn, "219-09-9999");
    /* not nine digits */
    NO(phs_valid_ssn, "");
    NO(phs_valid_ssn, "12345678");
    NO(phs_valid_ssn, "1234567890");
    NO(phs_valid_ssn, "123-45-678");
    NO(phs_valid_ssn, "abc-de-fghi");
    /* only [p, p+n) counts */
    assert_true(phs_valid_ssn("123-45-67890", 11));
    assert_false(phs_valid_ssn("123-45-6789", 10));
}

/* ------------------------------------------------------------ Luhn */

static void test_luhn(void **state)
{
    (void)state;
    YES(phs_valid_luhn, "79927398713");
    YES(phs_valid_luhn, "4111111111111111");
    YES(phs_valid_luhn, "4111 1111 1111 1111");
    YES(phs_valid_luhn, "4111-1111-1111-1111");
    YES(phs_valid_luhn, "5555555555554444");
    YES(phs_valid_luhn, "378282246310005");
    YES(phs_valid_luhn, "00");
    YES(phs_valid_luhn, "18");
    YES(phs_valid_luhn, "0000000000000000000000000000000"); /* 31 digits */
    YES(phs_valid_luhn, "00000000000000000000000000000000"); /* 32 digits */
    NO(phs_valid_luhn, "79927398710");
    NO(phs_valid_luhn, "79927398711");
    NO(phs_valid_luhn, "4111111111111112");
    NO(phs_valid_luhn, "4111111111111121"); /* transposed digits */
    NO(phs_valid_luhn, "19");
    NO(phs_valid_luhn, "0");   /* fewer than two digits */
    NO(phs_valid_luhn, "");
    NO(phs_valid_luhn, "abc");
    NO(phs_valid_luhn, "000000000000000000000000000000000"); /* 33 digits */
    /* only [p, p+n) counts */
    assert_true(phs_valid_luhn("799273987139", 11));
}

/* ------------------------------------------------------------ dates */

static void test_date_iso(void **state)
{
    (void)state;
    YES(phs_valid_date, "2021-01-31");
    YES(phs_valid_date, "2021/03/31");
    YES(phs_valid_date, "2021-1-5");
    YES(phs_valid_date, "1800-01-01");
    YES(phs_valid_date, "2199-12-31");
    YES(phs_valid_date, "1980-07-04");
    NO(phs_valid_date, "1799-12-31");
    NO(phs_valid_date, "2200-01-01");
    NO(phs_valid_date, "2021-13-01");
    NO(phs_valid_date, "2021-00-10");
    NO(phs_valid_date, "2021-01-00");
    NO(phs_valid_date, "2021-01-32");
    /* the 31st of the short months */
    NO(phs_valid_date, "2021-04-31");
    NO(phs_valid_date, "2021-06-31");
    NO(phs_valid_date, "2021-09-31");
    NO(phs_valid_date, "2021-11-31");
    YES(phs_valid_date, "2021-04-30");
    YES(phs_valid_date, "2021-05-31");
    YES(phs_valid_date, "2021-07-31");
    YES(phs_valid_date, "2021-08-31");
    YES(phs_valid_date, "2021-10-31");
    YES(phs_valid_date, "2021-12-31");
}

static void test_date_leap_years(void **state)
{
    (void)state;
    YES(phs_valid_date, "2020-02-29");
    YES(phs_valid_date, "2000-02-29"); /* divisible by 400 */
    YES(phs_valid_date, "1996-02-29");
    YES(phs_valid_date, "2024-02-29");
    NO(phs_valid_date, "2019-02-29");
    NO(phs_valid_date, "1900-02-29"); /* divisible by 100, not 400 */
    NO(phs_valid_date, "2100-02-29");
    NO(phs_valid_date, "2021-02-29");
    NO(phs_valid_date, "2020-02-30");
    NO(phs_valid_date, "2000-02-30");
    YES(phs_valid_date, "2019-02-28");
    YES(phs_valid_date, "02/29/2020");
    NO(phs_valid_date, "02/29/2019");
    YES(phs_valid_date, "20200229");
    NO(phs_valid_date, "20190229");
    YES(phs_valid_date, "Feb 29, 2020");
    NO(phs_valid_date, "Feb 29, 2021");
    YES(phs_valid_date, "29 February 2000");
    NO(phs_valid_date, "29 February 1900");
    YES(phs_valid_date, "2/29/00"); /* 2000 */
    NO(phs_valid_date, "2/29/01");
}

static void test_date_us_and_dmy(void **state)
{
    (void)state;
    YES(phs_valid_date, "03/15/1980");
    YES(phs_valid_date, "3/5/1980");
    YES(phs_valid_date, "12-31-2021");
    YES(phs_valid_date, "3/5/80");  /* 1980 */
    YES(phs_valid_date, "3/5/49");  /* 2049 */
    YES(phs_valid_date, "12/31/99");
    YES(phs_valid_date, "15/03/1980"); /* D/M/Y when M/D/Y is impossible */
    YES(phs_valid_date, "31.12.2020");
    YES(phs_valid_date, "2020.12.31");
    NO(phs_valid_date, "02/30/2020");
    NO(phs_valid_date, "31/31/2020");
    NO(phs_valid_date, "13/13/2020");
    NO(phs_valid_date, "00/10/2020");
    NO(phs_valid_date, "3/5/198");   /* three-digit year */
    NO(phs_valid_date, "3/5/19800"); /* five-digit year */
    NO(phs_valid_date, "1.2.3.4");   /* four numbers */
    /* M/D with no year: checked against a leap year */
    YES(phs_valid_date, "12/25");
    YES(phs_valid_date, "2/29");
    NO(phs_valid_date, "2/30");
}

static void test_date_named(void **state)
{
    (void)state;
    YES(phs_valid_date, "March 5, 1980");
    YES(phs_valid_date, "Mar 5 1980");
    YES(phs_valid_date, "Mar. 5, 1980");
    YES(phs_valid_date, "March 5th, 2021");
    YES(phs_valid_date, "May 1st 2021");
    YES(phs_valid_date, "June 2nd, 2021");
    YES(phs_valid_date, "Aug 3rd 2021");
    YES(phs_valid_date, "5 Mar 2021");
    YES(phs_valid_date, "5-Mar-2021");
    YES(phs_valid_date, "5-mar-21");
    YES(phs_valid_date, "05 SEPTEMBER 2021");
    NO(phs_valid_date, "5th of March 2021"); /* "of" is neither month nor suffix */
    YES(phs_valid_date, "1980 Jan 5");
    YES(phs_valid_date, "December 31, 2199");
    NO(phs_valid_date, "April 31, 2021");
    NO(phs_valid_date, "Jun 31 2021");
    NO(phs_valid_date, "Sep 31, 2021");
    NO(phs_valid_date, "Nov 31 2021");
    NO(phs_valid_date, "Jan 32, 2021");
    NO(phs_valid_date, "Jan 0, 2021");
    NO(phs_valid_date, "Jan 5, 1799");
    NO(phs_valid_date, "Jan 5, 202");   /* three-digit year */
    NO(phs_valid_date, "Foo 5, 2021");  /* not a month */
    NO(phs_valid_date, "Jan Feb 5");    /* two months */
    NO(phs_valid_date, "Jan 5, 2021, 3"); /* three numbers with a name */
    /* month and day with no year */
    YES(phs_valid_date, "Jan 5");
    YES(phs_valid_date, "5 Jan");
    YES(phs_valid_date, "Feb 29");
    YES(phs_valid_date, "Dec 31st");
    NO(phs_valid_date, "Feb 30");
    NO(phs_valid_date, "Apr 31");
    NO(phs_valid_date, "Jan 0");
    NO(phs_valid_date, "Jan");
}

static void test_date_compact_and_junk(void **state)
{
    (void)state;
    YES(phs_valid_date, "19800704");
    YES(phs_valid_date, "21991231");
    NO(phs_valid_date, "19801304");
    NO(phs_valid_date, "19800732");
    NO(phs_valid_date, "17991231");
    NO(phs_valid_date, "123456789"); /* nine digits */
    NO(phs_valid_date, "1234567");
    NO(phs_valid_date, "2021");
    NO(phs_valid_date, "");
    NO(phs_valid_date, "--/--");
    NO(phs_valid_date, "2021-01-05x"); /* a letter that is no suffix */
    NO(phs_valid_date, "st 5");        /* a suffix must follow a number */
    /* only [p, p+n) counts */
    assert_true(phs_valid_date("2021-01-3199", 10));
    assert_false(phs_valid_date("2021-02-2999", 10));
}

/* ------------------------------------------------------------ NANP */

static void test_nanp(void **state)
{
    (void)state;
    YES(phs_valid_nanp, "555-234-5678");
    YES(phs_valid_nanp, "(555) 234-5678");
    YES(phs_valid_nanp, "555.234.5678");
    YES(phs_valid_nanp, "5552345678");
    YES(phs_valid_nanp, "+1 555 234 5678");
    YES(phs_valid_nanp, "1-555-234-5678");
    YES(phs_valid_nanp, "15552345678");
    YES(phs_valid_nanp, "200-200-0000");
    YES(phs_valid_nanp, "999-999-9999");
    YES(phs_valid_nanp, "212-234-5678"); /* N12 is fine */
    YES(phs_valid_nanp, "555-212-5678");
    /* area code starting 0 or 1 */
    NO(phs_valid_nanp, "055-234-5678");
    NO(phs_valid_nanp, "155-234-5678");
    NO(phs_valid_nanp, "1-155-234-5678");
    /* exchange starting 0 or 1 */
    NO(phs_valid_nanp, "555-034-5678");
    NO(phs_valid_nanp, "555-134-5678");
    NO(phs_valid_nanp, "555-123-4567");
    /* N11 area codes and exchanges */
    NO(phs_valid_nanp, "911-234-5678");
    NO(phs_valid_nanp, "411-234-5678");
    NO(phs_valid_nanp, "211-234-5678");
    NO(phs_valid_nanp, "555-911-5678");
    NO(phs_valid_nanp, "555-611-5678");
    /* digit counts */
    NO(phs_valid_nanp, "25552345678"); /* 11 digits not starting with 1 */
    NO(phs_valid_nanp, "555234567");
    NO(phs_valid_nanp, "115552345678");
    NO(phs_valid_nanp, "");
    NO(phs_valid_nanp, "phone");
}

/* ------------------------------------------------------------ IP */

static void test_ipv4(void **state)
{
    (void)state;
    YES(phs_valid_ipv4, "10.1.2.3");
    YES(phs_valid_ipv4, "192.168.0.1");
    YES(phs_valid_ipv4, "255.255.255.255");
    YES(phs_valid_ipv4, "1.0.0.0");
    YES(phs_valid_ipv4, "100.100.100.100");
    NO(phs_valid_ipv4, "256.1.1.1");
    NO(phs_valid_ipv4, "1.2.3.256");
    NO(phs_valid_ipv4, "1.2.3");
    NO(phs_valid_ipv4, "1.2.3.4.5");
    NO(phs_valid_ipv4, "0.9.1.2"); /* 0.x.x.x: a version, not a host */
    NO(phs_valid_ipv4, "0.0.0.0");
    NO(phs_valid_ipv4, "01.2.3.4");
    NO(phs_valid_ipv4, "1.2.3.4 ");
    NO(phs_valid_ipv4, "a.b.c.d");
    NO(phs_valid_ipv4, "1000.100.100.1");
    NO(phs_valid_ipv4, "");
    /* only [p, p+n) counts */
    assert_true(phs_valid_ipv4("10.1.2.34", 8));
    assert_false(phs_valid_ipv4("10.1.2.", 7));
}

static void test_ipv6(void **state)
{
    (void)state;
    YES(phs_valid_ipv6, "fe80::1ff:fe23:4567:890a");
    YES(phs_valid_ipv6, "2001:db8::1");
    YES(phs_valid_ipv6, "2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    YES(phs_valid_ipv6, "1:2:3:4:5:6:7:8");
    YES(phs_valid_ipv6, "::ffff:192.168.1.1");
    YES(phs_valid_ipv6, "2001:DB8::8:800:200C:417A");
    /* C++ scopes */
    NO(phs_valid_ipv6, "Cache::add");
    NO(phs_valid_ipv6, "std::vector");
    NO(phs_valid_ipv6, "a::b::c");
    NO(phs_valid_ipv6, "dead::beef");
    /* MAC addresses */
    NO(phs_valid_ipv6, "00:1a:2b:3c:4d:5e");
    NO(phs_valid_ipv6, "00:1A:2B:3C:4D:5E");
    NO(phs_valid_ipv6, "aa:bb:cc:dd:ee:ff");
    /* times and other colon runs */
    NO(phs_valid_ipv6, "12:34:56");
    NO(phs_valid_ipv6, "12:34:56:78");
    NO(phs_valid_ipv6, "1::2::3");
    NO(phs_valid_ipv6, "1:2:3:4:5:6:7:8:9");
    NO(phs_valid_ipv6, "::1"); /* fewer than three colons */
    NO(phs_valid_ipv6, "::");
    NO(phs_valid_ipv6, "12345::1:2");
    NO(phs_valid_ipv6, "");
    /* longer than any address */
    NO(phs_valid_ipv6, "0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000");
}

/* ------------------------------------------------------------ small ones */

static void test_age89(void **state)
{
    (void)state;
    YES(phs_valid_age89, "90");
    YES(phs_valid_age89, "95");
    YES(phs_valid_age89, "101");
    YES(phs_valid_age89, "130");
    YES(phs_valid_age89, "age 92");
    NO(phs_valid_age89, "89");
    NO(phs_valid_age89, "45");
    NO(phs_valid_age89, "9");
    NO(phs_valid_age89, "0");
    NO(phs_valid_age89, "131");
    NO(phs_valid_age89, "999");
    NO(phs_valid_age89, "1000");
    NO(phs_valid_age89, "");
    NO(phs_valid_age89, "ninety");
}

static void test_hasdigit(void **state)
{
    (void)state;
    YES(phs_valid_hasdigit, "a1");
    YES(phs_valid_hasdigit, "0");
    YES(phs_valid_hasdigit, "ABC-0");
    NO(phs_valid_hasdigit, "abc");
    NO(phs_valid_hasdigit, "A-B_C");
    NO(phs_valid_hasdigit, "");
    NO(phs_valid_hasdigit, "\xd9\xa3"); /* an Arabic-Indic digit is no ASCII digit */
    assert_false(phs_valid_hasdigit("ab1", 2));
}

static void test_dispatch_and_names(void **state)
{
    (void)state;
    assert_true(phs_validate(PHS_V_NONE, "anything", 8));
    assert_true(phs_validate(PHS_V_NONE, "", 0));
    assert_true(phs_validate(PHS_V_SSN, "123-45-6789", 11));
    assert_false(phs_validate(PHS_V_SSN, "000-45-6789", 11));
    assert_true(phs_validate(PHS_V_LUHN, "79927398713", 11));
    assert_false(phs_validate(PHS_V_LUHN, "79927398710", 11));
    assert_true(phs_validate(PHS_V_DATE, "2020-02-29", 10));
    assert_false(phs_validate(PHS_V_DATE, "2019-02-29", 10));
    assert_true(phs_validate(PHS_V_NANP, "555-234-5678", 12));
    assert_false(phs_validate(PHS_V_NANP, "555-123-4567", 12));
    assert_true(phs_validate(PHS_V_IPV4, "10.0.0.1", 8));
    assert_false(phs_validate(PHS_V_IPV4, "10.0.0.256", 10));
    assert_true(phs_validate(PHS_V_IPV6, "2001:db8::1", 11));
    assert_false(phs_validate(PHS_V_IPV6, "Cache::add", 10));
    assert_true(phs_validate(PHS_V_AGE89, "90", 2));
    assert_false(phs_validate(PHS_V_AGE89, "89", 2));
    assert_true(phs_validate(PHS_V_HASDIGIT, "x1", 2));
    assert_false(phs_validate(PHS_V_HASDIGIT, "xy", 2));
    assert_true(phs_validate(PHS_V_CARD, "4111111111111111", 16));
    assert_false(phs_validate(PHS_V_CARD, "4111111111111112", 16));
    assert_true(phs_validate(PHS_V_IBAN, "DE89370400440532013000", 22));
    assert_false(phs_validate(PHS_V_IBAN, "DE89370400440532013001", 22));
    assert_true(phs_validate(PHS_V_VIN, "1M8GDM9AXKP042788", 17));
    assert_false(phs_validate(PHS_V_VIN, "1M8GDM9A1KP042788", 17));
    assert_true(phs_validate(PHS_V_GS1_UDI, "(01)10884012345673(21)A1B2C3", 28));
    assert_false(phs_validate(PHS_V_GS1_UDI, "(01)10884012345674(21)A1B2C3", 28));
    assert_true(phs_validate(PHS_V_HIBCC, "+J012AB77C", 10));
    assert_false(phs_validate(PHS_V_HIBCC, "+J012AB77D", 10));
    assert_true(phs_validate(PHS_V_DL, "D4412097", 8));
    assert_false(phs_validate(PHS_V_DL, "D441", 4));
    assert_false(phs_validate(PHS_V_COUNT, "1", 1));
    /* the name validators need the dictionary hits: confirm.c checks them,
       and bytes alone never pass them */
    assert_false(phs_validate(PHS_V_NAME, "John", 4));
    assert_false(phs_validate(PHS_V_NAME_UNCOMMON, "John", 4));
    /* person: the words can be a name; in capitals no English, clinical or
       cue word unless a common name; a clinical word in any case */
    assert_true(phs_validate(PHS_V_PERSON, "John Smith", 10));
    assert_true(phs_validate(PHS_V_PERSON, "JOHN SMITH", 10));
    assert_true(phs_validate(PHS_V_PERSON, "MOONSTEAD OYELARAN", 18));
    assert_true(phs_validate(PHS_V_PERSON, "Good Effect", 11)); /* case says name */
    assert_false(phs_validate(PHS_V_PERSON, "GOOD EFFECT", 11));
    assert_false(phs_validate(PHS_V_PERSON, "DOWN TO", 7));
    assert_false(phs_validate(PHS_V_PERSON, "SEE FLOW", 8));
    assert_false(phs_validate(PHS_V_PERSON, "IV Oxacillin", 12));
    assert_true(phs_validate(PHS_V_PERSON, "Foley", 5)); /* a common surname */
    /* place: an entry of the place list in title case; alone, no English
       word and no person's name */
    assert_true(phs_validate(PHS_V_PLACE, "Germantown", 10));
    assert_true(phs_validate(PHS_V_PLACE, "Bel Air", 7));
    assert_true(phs_validate(PHS_V_PLACE, "Good Hope", 9)); /* two words: the list decides */
    assert_false(phs_validate(PHS_V_PLACE, "GERMANTOWN", 10));
    assert_false(phs_validate(PHS_V_PLACE, "Mobile", 6));
    assert_false(phs_validate(PHS_V_PLACE, "Jackson", 7));
    assert_false(phs_validate(PHS_V_PLACE, "Bel Airr", 8));
    assert_false(phs_validate(PHS_V_PLACE, "", 0));
    /* full_name: not only ordinary words, unless each is a common name too */
    assert_true(phs_validate(PHS_V_FULL_NAME, "Toluwani Taiwo", 14));
    assert_true(phs_validate(PHS_V_FULL_NAME, "Yara de Vos", 11));
    assert_false(phs_validate(PHS_V_FULL_NAME, "Price Engine", 12));
    assert_false(phs_validate(PHS_V_FULL_NAME, "Billing Worker", 14));
    assert_true(phs_validate(PHS_V_FULL_NAME, "Guoqin Pan", 10));
    assert_true(phs_validate(PHS_V_FULL_NAME, "Baby Stiedemann", 15));

    static const char *const names[PHS_V_COUNT] = {"none", "ssn",  "luhn",  "date",
                                                   "nanp", "ipv4", "ipv6", "age89",
                                                   "hasdigit", "name", "uncommon_name",
                                                   "person", "card", "iban", "vin",
                                                   "gs1_udi", "hibcc", "dl", "place", "full_name"};
    for (int i = 0; i < PHS_V_COUNT; i++) {
        phs_validator v = PHS_V_COUNT;
        assert_int_equal(phs_validator_from_name(names[i], &v), PHS_OK);
        assert_int_equal(v, i);
    }
    phs_validator v = PHS_V_SSN;
    assert_int_equal(phs_validator_from_name("", &v), PHS_E_ARG);
    assert_int_equal(phs_validator_from_name("ipv", &v), PHS_E_ARG);
    assert_int_equal(phs_validator_from_name("hasdigits", &v), PHS_E_ARG);
    assert_int_equal(v, PHS_V_SSN);
}

/* ------------------------------------------------- Safe Harbor identifiers */

static void test_card(void **state)
{
    (void)state;
    /* the brands' published test numbers, in the shapes people write */
    YES(phs_valid_card, "4111111111111111");
    YES(phs_valid_card, "4111 1111 1111 1111");
    YES(phs_valid_card, "4111-1111-1111-1111");
    YES(phs_valid_card, "4222222222222");    /* Visa, 13 digits */
    YES(phs_valid_card, "5555555555554444"); /* Mastercard 51-55 */
    YES(phs_valid_card, "2223000048400011"); /* Mastercard 2221-2720 */
    YES(phs_valid_card, "378282246310005");  /* Amex, 15 */
    YES(phs_valid_card, "3782 822463 10005");
    YES(phs_valid_card, "6011111111111117");  /* Discover */
    YES(phs_valid_card, "30569309025904");    /* Diners, 14 */
    YES(phs_valid_card, "3056 930902 5904");
    YES(phs_valid_card, "3530111333300000");  /* JCB */
    YES(phs_valid_card, "6221260000000000");  /* UnionPay */
    YES(phs_valid_card, "2200123456789019");  /* Mir */
    NO(phs_valid_card, "4111111111111112");   /* Luhn */
    NO(phs_valid_card, "79927398713");        /* Luhn-valid, too short */
    NO(phs_valid_card, "9111111111111119");   /* Luhn-valid, no issuer */
    NO(phs_valid_card, "1715012345678903");   /* a millisecond timestamp's shape */
    NO(phs_valid_card, "3782822463100050");   /* Amex range, 16 digits */
    NO(phs_valid_card, "5555555555554444000"); /* Mastercard is 16 */
    NO(phs_valid_card, "0000000000000000");
    NO(phs_valid_card, "4111.1111.1111.1111"); /* not a card separator */
    NO(phs_valid_card, "");
    /* only [p, p+n) counts */
    assert_true(phs_valid_card("41111111111111119", 16));
}

static void test_iban(void **state)
{
    (void)state;
    /* ISO 13616's and the registry's examples */
    YES(phs_valid_iban, "GB82WEST12345698765432");
    YES(phs_valid_iban, "GB82 WEST 1234 5698 7654 32");
    YES(phs_valid_iban, "DE89370400440532013000");
    YES(phs_valid_iban, "NO9386011117947");               /* shortest, 15 */
    YES(phs_valid_iban, "MT84MALT011000012345MTLCAST001S"); /* 31 */
    NO(phs_valid_iban, "GB82WEST12345698765433");   /* check */
    NO(phs_valid_iban, "GB28WEST12345698765432");   /* transposed check digits */
    NO(phs_valid_iban, "GB82WEST1234569876543");    /* GB is 22 */
    NO(phs_valid_iban, "XX82WEST12345698765432");   /* no such country */
    NO(phs_valid_iban, "gb82west12345698765432");   /* written in capitals */
    NO(phs_valid_iban, "GB82-WEST-1234-5698-7654-32");
    NO(phs_valid_iban, "GB82");
    NO(phs_valid_iban, "");
}

static void test_vin(void **state)
{
    (void)state;
    YES(phs_valid_vin, "1M8GDM9AXKP042788"); /* check digit X */
    YES(phs_valid_vin, "1HGCM8265SA004352");
    YES(phs_valid_vin, "3VWDX7AJ1BM391752");
    NO(phs_valid_vin, "1M8GDM9A1KP042788");  /* check digit */
    NO(phs_valid_vin, "1M8GDM9AXKP04278");   /* 16 characters */
    NO(phs_valid_vin, "1M8GDM9AXKP0427880");
    NO(phs_valid_vin, "1M8GDM9AXKP04278A");  /* last four numeric */
    NO(phs_valid_vin, "IM8GDM9AXKP042788");  /* I is not in the alphabet */
    NO(phs_valid_vin, "1m8gdm9axkp042788");
    NO(phs_valid_vin, "11111111111111111");  /* digits only, check digit good */
    NO(phs_valid_vin, "1HGCM8260UA004352");  /* U is no model year */
    NO(phs_valid_vin, "");
}

static void test_gs1_udi(void **state)
{
    (void)state;
    YES(phs_valid_gs1_udi, "(01)00614141000036(17)270131(10)LOT42(21)SN7731");
    YES(phs_valid_gs1_udi, "(01)10884012345673(21)A1B2C3");
    YES(phs_valid_gs1_udi, "(01)00614141000036(11)240229");
    YES(phs_valid_gs1_udi, "0100380123456787172601311042AB");
    YES(phs_valid_gs1_udi, "0110884012345673112405152177X9");
    YES(phs_valid_gs1_udi, "010038012345678710AB12");
    NO(phs_valid_gs1_udi, "(01)00614141000037(17)270131"); /* GTIN check */
    NO(phs_valid_gs1_udi, "(01)00614141000036");          /* a product, no device */
    NO(phs_valid_gs1_udi, "0100614141000036");
    NO(phs_valid_gs1_udi, "(01)00614141000036(17)271331"); /* month 13 */
    NO(phs_valid_gs1_udi, "(01)00614141000036(17)2701");
    NO(phs_valid_gs1_udi, "(01)00614141000036(99)ABC");    /* not a UDI AI */
    NO(phs_valid_gs1_udi, "(01)00614141000036(10)");
    NO(phs_valid_gs1_udi, "(01)0061414100003X(10)A");
    NO(phs_valid_gs1_udi, "");
}

static void test_hibcc(void **state)
{
    (void)state;
    YES(phs_valid_hibcc, "+H123ABC01234L");
    YES(phs_valid_hibcc, "+J012AB77C");
    YES(phs_valid_hibcc, "+E245PX3001%");  /* a symbol as the check */
    YES(phs_valid_hibcc, "+H771KL0009.");
    YES(phs_valid_hibcc, "+A99912345/$$52001510X33"); /* with secondary data */
    NO(phs_valid_hibcc, "+H123ABC01234M");
    NO(phs_valid_hibcc, "+1123ABC01234L");  /* labeler code starts with a letter */
    NO(phs_valid_hibcc, "H123ABC01234L");
    NO(phs_valid_hibcc, "+HABCDEFGHIJK");   /* no digit */
    NO(phs_valid_hibcc, "+h123abc01234l");
    NO(phs_valid_hibcc, "+H12");
    NO(phs_valid_hibcc, "");
}

static void test_dl(void **state)
{
    (void)state;
    YES(phs_valid_dl, "D4412097");             /* CA: letter, 7 digits */
    YES(phs_valid_dl, "M310-552-71-209-4");    /* FL */
    YES(phs_valid_dl, "S 123 456 789 012");    /* MI */
    YES(phs_valid_dl, "P3021 88415 10776");    /* NJ: letter, 14 */
    YES(phs_valid_dl, "12-345-6789");          /* CO */
    YES(phs_valid_dl, "123 456 789");          /* NY */
    YES(phs_valid_dl, "AB123456");             /* OH */
    YES(phs_valid_dl, "WDL7Q2K8MN4B");         /* WA */
    YES(phs_valid_dl, "WDLABCDEFGHJ");
    YES(phs_valid_dl, "SMITHJD123AB");         /* WA before 2018 */
    YES(phs_valid_dl, "12ABC34567");           /* NH */
    YES(phs_valid_dl, "123AB4567");            /* IA */
    YES(phs_valid_dl, "h094-9593-1387-57");    /* any case */
    NO(phs_valid_dl, "12345");                 /* too short */
    NO(phs_valid_dl, "2");
    NO(phs_valid_dl, "A1234");
    NO(phs_valid_dl, "ABCD123456");            /* four letters */
    NO(phs_valid_dl, "MIT");
    NO(phs_valid_dl, "1.2.3456789");
    NO(phs_valid_dl, "12345678901234");        /* 14 digits */
    NO(phs_valid_dl, "");
}

/* ------------------------------------------------------------ time of day */

static bool fbt(const char *s)
{
    size_t n = strlen(s);
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, s, n);
    bool r = phs_followed_by_time(copy, copy + n);
    free(copy);
    return r;
}

static void test_followed_by_time(void **state)
{
    (void)state;
    assert_true(fbt("T12:34"));
    assert_true(fbt("T12:34:56Z"));
    assert_true(fbt(" 12:34:56,789"));
    assert_true(fbt(" 1:05 PM"));
    assert_true(fbt(":13:55:36 -0700")); /* 10/Oct/2000:13:55:36 */
    assert_true(fbt("T00:00"));
    assert_false(fbt(""));
    assert_false(fbt("12:34"));    /* no separator */
    assert_false(fbt("t12:34"));   /* lower-case t */
    assert_false(fbt("_12:34"));
    assert_false(fbt("  12:34"));  /* two spaces */
    assert_false(fbt("T123:45"));  /* three-digit hour */
    assert_false(fbt("T:34"));     /* no hour */
    assert_false(fbt("T12:3"));    /* one-digit minute at the end */
    assert_false(fbt("T12:3x"));
    assert_false(fbt("T12-34"));
    assert_false(fbt("T12:"));
    assert_false(fbt("T12"));
    assert_false(fbt(" INFO 12:34"));
    /* the end bound is respected */
    const char *s = "T12:34";
    assert_false(phs_followed_by_time(s, s + 5));
    assert_true(phs_followed_by_time(s, s + 6));
    assert_false(phs_followed_by_time(s, s));
}

/* ------------------------------------------------------------ partial mask */

static void check_partial(const char *in, const char *want, const char *file, int line)
{
    size_t n = strlen(in);
    char *src = malloc(n + 1);
    char *dst = malloc(n + 2);
    assert_non_null(src);
    assert_non_null(dst);
    memcpy(src, in, n);
    memset(dst, '?', n + 2);
    phs_partial_mask(src, n, dst);
    if (memcmp(dst, want, n) != 0 || strlen(want) != n || dst[n] != '?') {
        print_error("partial(\"%s\") = \"%.*s\", want \"%s\"\n", in, (int)n, dst, want);
        _fail(file, line);
    }
    free(src);
    free(dst);
}

#define PARTIAL(in, want) check_partial((in), (want), __FILE__, __LINE__)

static void test_partial_mask(void **state)
{
    (void)state;
    PARTIAL("123-45-6789", "***-**-6789");
    PARTIAL("123456789", "*****6789");
    PARTIAL("(555) 234-5678", "(***) ***-5678");
    PARTIAL("+1 555.234.5678", "+* ***.***.5678");
    PARTIAL("MRN0012345", "******2345");
    PARTIAL("A1-B2-C3-D4", "**-**-C3-D4");
    PARTIAL("12-3", "12-3");   /* four or fewer alphanumerics: all kept */
    PARTIAL("1234", "1234");
    PARTIAL("12345", "*2345");
    PARTIAL("1234-", "1234-");
    PARTIAL("12345--", "*2345--");
    PARTIAL("--", "--");
    PARTIAL("", "");
    PARTIAL("ab\xc3\xa9" "cdef", "**\xc3\xa9" "cdef"); /* non-ASCII bytes are kept */
    PARTIAL("abcdefgh", "****efgh");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ssn),
        cmocka_unit_test(test_luhn),
        cmocka_unit_test(test_date_iso),
        cmocka_unit_test(test_date_leap_years),
        cmocka_unit_test(test_date_us_and_dmy),
        cmocka_unit_test(test_date_named),
        cmocka_unit_test(test_date_compact_and_junk),
        cmocka_unit_test(test_nanp),
        cmocka_unit_test(test_ipv4),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_age89),
        cmocka_unit_test(test_hasdigit),
        cmocka_unit_test(test_card),
        cmocka_unit_test(test_iban),
        cmocka_unit_test(test_vin),
        cmocka_unit_test(test_gs1_udi),
        cmocka_unit_test(test_hibcc),
        cmocka_unit_test(test_dl),
        cmocka_unit_test(test_dispatch_and_names),
        cmocka_unit_test(test_followed_by_time),
        cmocka_unit_test(test_partial_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

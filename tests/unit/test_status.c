/* status.c: version, error texts, category names, option defaults,
   phs_fail. */
#include "unit_util.h"

#include "internal.h"

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(phs_version(), PHS_VERSION_STRING);
    assert_string_equal(phs_version(), "0.1.0");
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(phs_strerror(PHS_OK), "success");
    assert_string_equal(phs_strerror(PHS_E_NOMEM), "out of memory");
    assert_string_equal(phs_strerror(PHS_E_ARG), "invalid argument");
    assert_string_equal(phs_strerror(PHS_E_IO), "cannot read rules");
    assert_string_equal(phs_strerror(PHS_E_RULES), "malformed rules");
    assert_string_equal(phs_strerror(PHS_E_COMPILE), "a rule pattern does not compile");
    assert_string_equal(phs_strerror(PHS_E_DSTSIZE), "output buffer too small");
    assert_string_equal(phs_strerror(PHS_E_INTERNAL), "internal matcher error");
    assert_string_equal(phs_strerror(PHS_E_KEY), "no usable key");
    assert_non_null(strstr(phs_strerror(PHS_E_TOKEN), "does not open"));
    assert_string_equal(phs_strerror(PHS_E_CRYPTO), "cryptographic library error");
    assert_string_equal(phs_strerror(-11), "unknown error");
    assert_string_equal(phs_strerror(1), "unknown error");
    assert_string_equal(phs_strerror(-1000000), "unknown error");
}

static void test_category_names(void **state)
{
    (void)state;
    static const char *const names[PHS_CAT_COUNT] = {
        "SSN", "MRN", "PATIENT_ID", "MEMBER_ID", "ACCOUNT_ID", "ENCOUNTER_ID",
        "NAME", "DATE", "PHONE", "FAX", "EMAIL", "IP", "URL", "ZIP", "ADDRESS", "AGE", "LICENSE",
        "LOCATION", "CARD", "VIN", "DEVICE_ID"};
    for (int c = 0; c < PHS_CAT_COUNT; c++) {
        assert_string_equal(phs_category_name((phs_category)c), names[c]);
        phs_category back = PHS_CAT_COUNT;
        assert_int_equal(phs_category_from_name(names[c], &back), PHS_OK);
        assert_int_equal(back, c);
    }
    assert_null(phs_category_name(PHS_CAT_COUNT));
    assert_null(phs_category_name((phs_category)-1));
    assert_null(phs_category_name((phs_category)1000));
}

static void test_category_from_name(void **state)
{
    (void)state;
    phs_category c = PHS_CAT_COUNT;
    assert_int_equal(phs_category_from_name("ssn", &c), PHS_OK);
    assert_int_equal(c, PHS_CAT_SSN);
    assert_int_equal(phs_category_from_name("Patient_Id", &c), PHS_OK);
    assert_int_equal(c, PHS_CAT_PATIENT_ID);
    assert_int_equal(phs_category_from_name("age", &c), PHS_OK);
    assert_int_equal(c, PHS_CAT_AGE);

    c = PHS_CAT_DATE;
    assert_int_equal(phs_category_from_name("", &c), PHS_E_ARG);
    assert_int_equal(phs_category_from_name("SSNX", &c), PHS_E_ARG);
    assert_int_equal(phs_category_from_name("SS", &c), PHS_E_ARG);
    assert_int_equal(phs_category_from_name(" SSN", &c), PHS_E_ARG);
    assert_int_equal(phs_category_from_name("PATIENT-ID", &c), PHS_E_ARG);
    assert_int_equal(c, PHS_CAT_DATE); /* untouched on failure */
    assert_int_equal(phs_category_from_name(NULL, &c), PHS_E_ARG);
    assert_int_equal(phs_category_from_name("SSN", NULL), PHS_E_ARG);
}

static void test_options_init(void **state)
{
    (void)state;
    phs_options o;
    memset(&o, 0xa5, sizeof o);
    phs_options_init(&o);
    assert_int_equal(o.categories, PHS_ALL_CATEGORIES);
    assert_int_equal(o.categories, 0x1fffffu); /* 21 categories */
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        assert_int_equal(o.actions[c], PHS_ACT_DEFAULT);
    assert_null(o.key);
    assert_int_equal(o.reference_year, 0);
    assert_int_equal(o.date_policy, PHS_DATES_ALL);
    assert_int_equal(o.max_line_size, 0);
    assert_int_equal(o.block_size, 0);
    phs_options_init(NULL); /* no crash */
}

static void test_fail_fills_error(void **state)
{
    (void)state;
    phs_error e;
    memset(&e, 0x5a, sizeof e);
    assert_int_equal(phs_fail(&e, PHS_E_RULES, "a.rules", 7, "rule-1", "bad %s %d", "thing", 3),
                     PHS_E_RULES);
    assert_string_equal(e.file, "a.rules");
    assert_int_equal(e.line, 7);
    assert_string_equal(e.rule_id, "rule-1");
    assert_string_equal(e.reason, "bad thing 3");

    assert_int_equal(phs_fail(&e, PHS_E_IO, NULL, 0, NULL, "x"), PHS_E_IO);
    assert_string_equal(e.file, "");
    assert_int_equal(e.line, 0);
    assert_string_equal(e.rule_id, "");
    assert_string_equal(e.reason, "x");

    /* NULL err: just the code */
    assert_int_equal(phs_fail(NULL, PHS_E_COMPILE, "f", 1, "r", "y"), PHS_E_COMPILE);

    /* long texts are cut, always NUL-terminated */
    char longname[600];
    memset(longname, 'f', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    phs_fail(&e, PHS_E_RULES, longname, 1, longname, "%s", longname);
    assert_int_equal(strlen(e.file), sizeof e.file - 1);
    assert_int_equal(strlen(e.rule_id), sizeof e.rule_id - 1);
    assert_int_equal(strlen(e.reason), sizeof e.reason - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_category_names),
        cmocka_unit_test(test_category_from_name),
        cmocka_unit_test(test_options_init),
        cmocka_unit_test(test_fail_fills_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

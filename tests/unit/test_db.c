/* db.c: compiling rules into a database: options, active rules, labels,
   context literals, and compile errors that name the rule. */
#include "unit_util.h"

#include "engine.h"

static void expect_compile_error(const char *text, const phs_options *o, size_t line,
                                 const char *rule_id, const char *reason_prefix,
                                 const char *reason_part)
{
    phs_rules *r = NULL;
    phs_error e;
    assert_int_equal(phs_rules_load_buffer(text, strlen(text), "<c>", &r, &e), PHS_OK);
    phs_db *db = (phs_db *)&db;
    memset(&e, 0x7f, sizeof e);
    int rc = phs_db_create(r, o, &db, &e);
    if (rc != PHS_E_COMPILE || e.line != line || strcmp(e.rule_id, rule_id) != 0 ||
        strncmp(e.reason, reason_prefix, strlen(reason_prefix)) != 0 ||
        !strstr(e.reason, reason_part))
        print_error("got rc=%d %s:%zu [%s] %s\n", rc, e.file, e.line, e.rule_id, e.reason);
    assert_int_equal(rc, PHS_E_COMPILE);
    assert_null(db);
    assert_string_equal(e.file, "<c>");
    assert_int_equal(e.line, line);
    assert_string_equal(e.rule_id, rule_id);
    assert_memory_equal(e.reason, reason_prefix, strlen(reason_prefix));
    assert_non_null(strstr(e.reason, reason_part));
    /* no err: same code, no crash */
    assert_int_equal(phs_db_create(r, o, &db, NULL), PHS_E_COMPILE);
    phs_rules_free(r);
}

static void test_compile_error_pcre(void **state)
{
    (void)state;
    const char *text = "[good]\ncategory = SSN\npattern = a\n\n"
                       "[bad-re]\ncategory = MRN\npattern = (abc\n";
    expect_compile_error(text, NULL, 5, "bad-re", "pattern: ", "missing closing parenthesis");
    expect_compile_error("[x]\ncategory = SSN\npattern = a{2,1}\n", NULL, 1, "x", "pattern: ",
                         "out of order");
    expect_compile_error("[x]\ncategory = SSN\npattern = (?<phi>a)(?<phi>b)\n", NULL, 1, "x",
                         "pattern: ", "same name");
}

static void test_compile_error_inactive_rule(void **state)
{
    (void)state;
    /* a broken rule is found whatever this run enables */
    expect_compile_error("[good]\ncategory = SSN\npattern = a\n"
                         "[off]\ncategory = SSN\npattern = [z\nenabled = false\n",
                         NULL, 4, "off", "pattern: ", "missing terminating ]");
    phs_options o;
    phs_options_init(&o);
    o.categories = 1u << PHS_CAT_SSN;
    expect_compile_error("[good]\ncategory = SSN\npattern = a\n"
                         "[other-cat]\ncategory = ZIP\npattern = (\n",
                         &o, 4, "other-cat", "pattern: ", "missing closing parenthesis");
}

static void test_compile_error_prefilter(void **state)
{
    (void)state;
    const char *text = "[a]\ncategory = SSN\npattern = a\n"
                       "[b]\ncategory = SSN\npattern = b\nprefilter = (b\n";
    expect_compile_error(text, NULL, 4, "b", "prefilter: ", "");
    /* Hyperscan refuses a pattern that matches the empty buffer */
    expect_compile_error("[a]\ncategory = SSN\npattern = a\n"
                         "[empty]\ncategory = SSN\npattern = x*\n",
                         NULL, 4, "empty", "prefilter: ", "empty");
    /* an inactive rule's prefilter is not compiled */
    phs_options o;
    phs_options_init(&o);
    o.categories &= ~(1u << PHS_CAT_ZIP);
    phs_db *db = db_from_text("[a]\ncategory = SSN\npattern = a\n"
                              "[b]\ncategory = ZIP\npattern = b\nprefilter = (b\n",
                              &o);
    phs_db_free(db);
}

static void test_args_and_null(void **state)
{
    (void)state;
    phs_rules *r = NULL;
    phs_error e;
    const char *t = "[a]\ncategory = SSN\npattern = a\n";
    assert_int_equal(phs_rules_load_buffer(t, strlen(t), "<c>", &r, &e), PHS_OK);
    phs_db *db = (phs_db *)&db;
    assert_int_equal(phs_db_create(NULL, NULL, &db, &e), PHS_E_ARG);
    assert_int_equal(phs_db_create(r, NULL, NULL, &e), PHS_E_ARG);
    assert_int_equal(phs_db_create(NULL, NULL, &db, NULL), PHS_E_ARG);
    phs_rules_free(r);

    phs_db_free(NULL);
    assert_int_equal(phs_db_rule_count(NULL), 0);
    assert_null(phs_db_rule_id(NULL, 0));
    assert_int_equal(phs_db_rule_category(NULL, 0), PHS_CAT_COUNT);
}

static void test_accessors(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[r0]\ncategory = SSN\npattern = a\n"
                              "[r1]\ncategory = AGE\npattern = b\nenabled = false\n"
                              "[r2]\ncategory = email\npattern = c\n",
                              NULL);
    assert_int_equal(phs_db_rule_count(db), 3); /* disabled rules included */
    assert_string_equal(phs_db_rule_id(db, 0), "r0");
    assert_string_equal(phs_db_rule_id(db, 1), "r1");
    assert_string_equal(phs_db_rule_id(db, 2), "r2");
    assert_null(phs_db_rule_id(db, 3));
    assert_int_equal(phs_db_rule_category(db, 0), PHS_CAT_SSN);
    assert_int_equal(phs_db_rule_category(db, 1), PHS_CAT_AGE);
    assert_int_equal(phs_db_rule_category(db, 2), PHS_CAT_EMAIL);
    assert_int_equal(phs_db_rule_category(db, 3), PHS_CAT_COUNT);
    assert_int_equal(phs_db_rule_active(db, 0), 1);
    assert_int_equal(phs_db_rule_active(db, 1), 0);
    assert_int_equal(phs_db_rule_active(db, 2), 1);
    assert_int_equal(phs_db_rule_active(db, 3), 0);
    assert_int_equal(phs_db_rule_active(NULL, 0), 0);
    phs_db_free(db);
}

static void test_option_defaults_and_clamp(void **state)
{
    (void)state;
    const char *t = "[a]\ncategory = SSN\npattern = a\n";
    phs_db *db = db_from_text(t, NULL);
    assert_int_equal(db->opts.categories, PHS_ALL_CATEGORIES);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        assert_int_equal(phs_db_action(db, (phs_category)c), PHS_ACT_MASK);
    assert_int_equal(db->opts.date_policy, PHS_DATES_ALL);
    assert_int_equal(db->opts.max_line_size, (size_t)128 << 20);
    assert_int_equal(db->opts.block_size, (size_t)256 << 10);
    phs_db_free(db);

    phs_options o;
    phs_options_init(&o);
    o.max_line_size = 100;
    db = db_from_text(t, &o);
    assert_int_equal(db->opts.max_line_size, 100);
    assert_int_equal(db->opts.block_size, 100); /* never above the line limit */
    phs_db_free(db);

    /* Hyperscan scans at most 4 GiB - 1 at once */
    o.max_line_size = 0xffffffffu;
    o.block_size = 0;
    db = db_from_text(t, &o);
    assert_int_equal(db->opts.max_line_size, 0xffffffffu);
    phs_db_free(db);
#if SIZE_MAX > 0xffffffffu
    phs_rules *r = NULL;
    phs_error e;
    assert_int_equal(phs_rules_load_buffer(t, strlen(t), "<c>", &r, &e), PHS_OK);
    o.max_line_size = (size_t)1 << 32;
    db = (phs_db *)&db;
    assert_int_equal(phs_db_create(r, &o, &db, &e), PHS_E_ARG);
    assert_null(db);
    assert_non_null(strstr(e.reason, "max_line_size"));
    phs_rules_free(r);
#endif

    o.max_line_size = 4096;
    o.block_size = 64;
    o.actions[PHS_CAT_SSN] = PHS_ACT_PARTIAL;
    db = db_from_text(t, &o);
    /* the options are copied: later changes do not reach the db */
    o.block_size = 1;
    o.actions[PHS_CAT_SSN] = PHS_ACT_MASK;
    assert_int_equal(db->opts.max_line_size, 4096);
    assert_int_equal(db->opts.block_size, 64);
    assert_int_equal(phs_db_action(db, PHS_CAT_SSN), PHS_ACT_PARTIAL);
    phs_db_free(db);
}

static void test_labels(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[a]\ncategory = SSN\npattern = a\n", NULL);
    for (int c = 0; c < PHS_CAT_COUNT; c++) {
        char want[32];
        snprintf(want, sizeof want, "[%s]", phs_category_name((phs_category)c));
        assert_string_equal(db->labels[c], want);
        assert_int_equal(db->label_len[c], strlen(want));
    }
    phs_db_free(db);
}

static void test_active_rules_by_options(void **state)
{
    (void)state;
    const char *t = "[ssn]\ncategory = SSN\npattern = s\\d\n"
                    "[person-date]\ncategory = DATE\npattern = p\\d\n"
                    "[bare-date]\ncategory = DATE\npattern = b\\d\ndate_class = bare\n"
                    "[off]\ncategory = ZIP\npattern = z\\d\nenabled = no\n";
    const char *in = "s1 p1 b1 z1\n";
    phs_options o;
    phs_options_init(&o);

    phs_db *db = db_from_text(t, &o);
    assert_int_equal(phs_db_rule_active(db, 0), 1);
    assert_int_equal(phs_db_rule_active(db, 1), 1);
    assert_int_equal(phs_db_rule_active(db, 2), 1);
    assert_int_equal(phs_db_rule_active(db, 3), 0);
    EXPECT_REDACT(db, in, "[SSN] [DATE] [DATE] z1\n");
    phs_db_free(db);

    o.date_policy = PHS_DATES_CONTEXT;
    db = db_from_text(t, &o);
    assert_int_equal(phs_db_rule_active(db, 0), 1);
    assert_int_equal(phs_db_rule_active(db, 1), 1); /* person context */
    assert_int_equal(phs_db_rule_active(db, 2), 0); /* bare */
    EXPECT_REDACT(db, in, "[SSN] [DATE] b1 z1\n");
    phs_db_free(db);

    o.date_policy = PHS_DATES_ALL;
    o.categories = PHS_ALL_CATEGORIES & ~(1u << PHS_CAT_DATE);
    db = db_from_text(t, &o);
    assert_int_equal(phs_db_rule_active(db, 0), 1);
    assert_int_equal(phs_db_rule_active(db, 1), 0);
    assert_int_equal(phs_db_rule_active(db, 2), 0);
    assert_int_equal(phs_db_rule_active(db, 3), 0);
    EXPECT_REDACT(db, in, "[SSN] p1 b1 z1\n");
    phs_db_free(db);

    /* nothing active: no Hyperscan database, everything passes through */
    o.categories = 0;
    db = db_from_text(t, &o);
    assert_null(db->hs);
    assert_int_equal(db->nshapes, 0);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(phs_db_rule_active(db, i), 0);
    EXPECT_KEPT(db, in);
    EXPECT_KEPT(db, "s1\np1\n\nb1");
    phs_db_free(db);
}

static void test_phi_group_and_groups(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[whole]\ncategory = SSN\npattern = w(\\d)(\\d)\n"
                              "[named]\ncategory = MRN\npattern = (k)=(?<phi>\\d+)(x)?(y)?\n",
                              NULL);
    assert_int_equal(db->rules[0].phi_group, 0);
    assert_int_equal(db->rules[1].phi_group, 2);
    assert_int_equal(db->max_groups, 5);
    EXPECT_REDACT(db, "a w12 k=345 k=6x\n", "a [SSN] k=[MRN] k=[MRN]x\n");
    phs_db_free(db);
}

static void test_db_outlives_rules(void **state)
{
    (void)state;
    /* the db copies what it needs: redact after the rules are gone */
    phs_rules *r = NULL;
    phs_error e;
    const char *t = "[k]\ncategory = MRN\npattern = \\d{4}\ncontext = mrn, chart\n"
                    "not_context = test\n";
    assert_int_equal(phs_rules_load_buffer(t, strlen(t), "<c>", &r, &e), PHS_OK);
    phs_db *db = NULL;
    assert_int_equal(phs_db_create(r, NULL, &db, &e), PHS_OK);
    phs_rules_free(r);
    assert_string_equal(phs_db_rule_id(db, 0), "k");
    EXPECT_REDACT(db, "mrn 1234\nchart 5678 test 9012\nid 3456\n",
                  "mrn [MRN]\nchart [MRN] test 9012\nid 3456\n");
    phs_db_free(db);
}

static void test_context_literals_escaped(void **state)
{
    (void)state;
    /* context words become Hyperscan literals: regex metacharacters and
       non-ASCII bytes must be matched as themselves */
    phs_db *db = db_from_text("[k]\ncategory = MRN\npattern = \\d{4}\n"
                              "context = a.b, (x, s+t, \xc3\xa9t\xc3\xa9, [q], ^r$, b\\s, {2}\n",
                              NULL);
    EXPECT_REDACT(db, "a.b 1234\n", "a.b [MRN]\n");
    EXPECT_KEPT(db, "axb 1234\n");
    EXPECT_REDACT(db, "(x 1234\n", "(x [MRN]\n");
    EXPECT_REDACT(db, "s+t 1234\n", "s+t [MRN]\n");
    EXPECT_KEPT(db, "sst 1234\n");
    EXPECT_REDACT(db, "\xc3\xa9t\xc3\xa9 1234\n", "\xc3\xa9t\xc3\xa9 [MRN]\n");
    EXPECT_REDACT(db, "[q] 1234\n", "[q] [MRN]\n");
    EXPECT_KEPT(db, "q 1234\n");
    EXPECT_REDACT(db, "^r$ 1234\n", "^r$ [MRN]\n");
    EXPECT_KEPT(db, "r 1234\n");
    EXPECT_REDACT(db, "b\\s 1234\n", "b\\s [MRN]\n");
    EXPECT_KEPT(db, "b  1234\n");
    EXPECT_REDACT(db, "{2} 1234\n", "{2} [MRN]\n");
    /* case-insensitive */
    EXPECT_REDACT(db, "A.B 1234\n", "A.B [MRN]\n");
    phs_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compile_error_pcre),
        cmocka_unit_test(test_compile_error_inactive_rule),
        cmocka_unit_test(test_compile_error_prefilter),
        cmocka_unit_test(test_args_and_null),
        cmocka_unit_test(test_accessors),
        cmocka_unit_test(test_option_defaults_and_clamp),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_active_rules_by_options),
        cmocka_unit_test(test_phi_group_and_groups),
        cmocka_unit_test(test_db_outlives_rules),
        cmocka_unit_test(test_context_literals_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

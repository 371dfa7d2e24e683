/* rules.c: the rules text format (every key, defines, comments, whitespace,
   folders in name order) and every error path, which must name the file,
   line and rule and give a reason. */
#include "unit_util.h"

#include <dirent.h>
#include <errno.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* ------------------------------------------------------------ helpers */

static phs_rules *load_ok(const char *text)
{
    phs_rules *r = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = phs_rules_load_buffer(text, strlen(text), "<t>", &r, &e);
    if (rc != PHS_OK)
        print_error("%s:%zu [%s] %s\n", e.file, e.line, e.rule_id, e.reason);
    assert_int_equal(rc, PHS_OK);
    assert_non_null(r);
    return r;
}

static void check_error(const phs_error *e, int rc, int want_rc, const char *file, size_t line,
                        const char *rule_id, const char *reason_part, const char *src, int src_line)
{
    if (rc != want_rc || strcmp(e->file, file) != 0 || e->line != line ||
        strcmp(e->rule_id, rule_id) != 0 || !strstr(e->reason, reason_part)) {
        print_error("got rc=%d %s:%zu [%s] '%s'\nwant rc=%d %s:%zu [%s] '...%s...'\n", rc,
                    e->file, e->line, e->rule_id, e->reason, want_rc, file, line, rule_id,
                    reason_part);
        _fail(src, src_line);
    }
}

/* Parse `text` (with explicit length, so NULs can be tested) as "<t>" and
   expect an error at `line` naming `rule_id`, with `reason_part` in the
   reason. *out must stay NULL. The same call with err == NULL must give the
   same code. */
static void expect_error_len(const char *text, size_t len, int want_rc, size_t line,
                             const char *rule_id, const char *reason_part, const char *src,
                             int src_line)
{
    phs_rules *r = (phs_rules *)&r; /* anything but NULL */
    phs_error e;
    memset(&e, 0x7f, sizeof e);
    int rc = phs_rules_load_buffer(text, len, "<t>", &r, &e);
    check_error(&e, rc, want_rc, "<t>", line, rule_id, reason_part, src, src_line);
    _assert_true(r == NULL, "out is NULL", src, src_line);
    r = NULL;
    rc = phs_rules_load_buffer(text, len, "<t>", &r, NULL);
    _assert_int_equal((uintmax_t)rc, (uintmax_t)want_rc, src, src_line);
    _assert_true(r == NULL, "out is NULL", src, src_line);
}

#define EXPECT_ERROR(text, rc, line, id, reason) \
    expect_error_len((text), strlen(text), (rc), (line), (id), (reason), __FILE__, __LINE__)

/* A rule header and the two keys every rule needs. */
#define R(id) "[" id "]\ncategory = SSN\npattern = \\d{3}\n"

static char *make_tmpdir(void) { return make_tmpdir_named("rules"); }

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    free(p);
}

/* ------------------------------------------------------------ good files */

static void test_every_key(void **state)
{
    (void)state;
    const char *text =
        "# A comment line\n"
        "   # an indented comment\n"
        "\n"
        "define D1 = abc\n"
        "define D2 = x%{D1}y\n"
        "[all-keys]\n"
        "category = ssn\n"
        "pattern = (?<phi>%{D2})-%{D1}\n"
        "context = foo, bar baz ,qux\n"
        "not_context = nope,never\n"
        "window = 1000\n"
        "validator = luhn\n"
        "priority = 0\n"
        "timestamp = keep\n"
        "enabled = No\n"
        "\n"
        "[date.rule_2]\n"
        "category = DATE\n"
        "pattern = \\d+\n"
        "prefilter = \\d%{D1}\n"
        "date_class = bare\n"
        "timestamp = mask\n"
        "validator = date\n"
        "priority = 1000\n"
        "window = 0\n"
        "enabled = TRUE\n"
        "[defaults]\n"
        "category = Email\n"
        "pattern = a=b\n"
        "[shaped]\n"
        "category = phone\n"
        "pattern = \\d{3}-\\d{3}-\\d{4}|\\(\\d{3}\\) ?\\d{3}-\\d{4}\n"
        "shape = 3-3-4, (3)3-4\n";
    phs_rules *r = load_ok(text);
    assert_int_equal(phs_rules_count(r), 4);
    assert_string_equal(phs_rules_id(r, 0), "all-keys");
    assert_string_equal(phs_rules_id(r, 1), "date.rule_2");
    assert_string_equal(phs_rules_id(r, 2), "defaults");
    assert_string_equal(phs_rules_id(r, 3), "shaped");
    assert_null(phs_rules_id(r, 4));
    assert_int_equal(phs_rules_category(r, 0), PHS_CAT_SSN);
    assert_int_equal(phs_rules_category(r, 1), PHS_CAT_DATE);
    assert_int_equal(phs_rules_category(r, 2), PHS_CAT_EMAIL);
    assert_int_equal(phs_rules_category(r, 3), PHS_CAT_PHONE);
    assert_int_equal(phs_rules_category(r, 4), PHS_CAT_COUNT);

    const phs_rule *a = &r->v[0];
    assert_string_equal(a->pattern, "(?<phi>xabcy)-abc");
    assert_null(a->prefilter);
    assert_null(a->shapes);
    assert_int_equal(a->ncontext, 3);
    assert_string_equal(a->context[0], "foo");
    assert_string_equal(a->context[1], "bar baz");
    assert_string_equal(a->context[2], "qux");
    assert_int_equal(a->nnot_context, 2);
    assert_string_equal(a->not_context[0], "nope");
    assert_string_equal(a->not_context[1], "never");
    assert_int_equal(a->window, 1000);
    assert_int_equal(a->validator, PHS_V_LUHN);
    assert_int_equal(a->priority, 0);
    assert_true(a->timestamp_keep);
    assert_false(a->bare_date);
    assert_false(a->enabled);
    assert_string_equal(a->file, "<t>");
    assert_int_equal(a->line, 6);

    const phs_rule *b = &r->v[1];
    assert_string_equal(b->pattern, "\\d+");
    assert_string_equal(b->prefilter, "\\dabc");
    assert_true(b->bare_date);
    assert_false(b->timestamp_keep);
    assert_int_equal(b->validator, PHS_V_DATE);
    assert_int_equal(b->priority, 1000);
    assert_int_equal(b->window, 0);
    assert_true(b->enabled);
    assert_int_equal(b->line, 17);

    /* defaults; a value may itself contain '=' */
    const phs_rule *c = &r->v[2];
    assert_string_equal(c->pattern, "a=b");
    assert_null(c->prefilter);
    assert_null(c->context);
    assert_int_equal(c->ncontext, 0);
    assert_null(c->not_context);
    assert_int_equal(c->nnot_context, 0);
    assert_int_equal(c->window, PHS_DEFAULT_WINDOW);
    assert_int_equal(c->window, 32);
    assert_int_equal(c->validator, PHS_V_NONE);
    assert_int_equal(c->priority, 50);
    assert_false(c->timestamp_keep);
    assert_false(c->bare_date);
    assert_true(c->enabled);
    assert_int_equal(c->line, 27);

    const phs_rule *d = &r->v[3];
    assert_int_equal(d->nshapes, 2);
    assert_string_equal(d->shapes[0], "3-3-4");
    assert_string_equal(d->shapes[1], "(3)3-4");
    assert_null(d->prefilter);
    assert_null(d->context);
    assert_int_equal(d->line, 30);
    phs_rules_free(r);
}

static void test_every_validator_name(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        phs_validator v;
    } names[] = {
        {"none", PHS_V_NONE},   {"ssn", PHS_V_SSN},   {"luhn", PHS_V_LUHN},
        {"date", PHS_V_DATE},   {"nanp", PHS_V_NANP}, {"ipv4", PHS_V_IPV4},
        {"ipv6", PHS_V_IPV6},   {"age89", PHS_V_AGE89}, {"hasdigit", PHS_V_HASDIGIT},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "[v]\ncategory = SSN\npattern = x\nvalidator = %s\n",
                 names[i].name);
        phs_rules *r = load_ok(text);
        assert_int_equal(r->v[0].validator, names[i].v);
        phs_rules_free(r);
    }
}

static void test_bool_spellings(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool value;
    } cases[] = {{"true", true}, {"TRUE", true}, {"yes", true}, {"Yes", true},
                 {"false", false}, {"False", false}, {"no", false}, {"NO", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, R("b") "enabled = %s\n", cases[i].text);
        phs_rules *r = load_ok(text);
        assert_int_equal(r->v[0].enabled, cases[i].value);
        phs_rules_free(r);
    }
}

static void test_whitespace_and_crlf(void **state)
{
    (void)state;
    /* CRLF endings, tabs, spaces around everything, blank lines holding
       only whitespace, and no newline at the end. */
    const char *text = "\r\n"
                       " \t \r\n"
                       "\t# comment\r\n"
                       "  define   SP   =   a b  \r\n"
                       "  [  spaced-id  ]  \r\n"
                       "\tcategory\t=\tPHONE\t\r\n"
                       "   pattern   =   %{SP}c   \r\n"
                       "  context =  one ,\ttwo\t\r\n"
                       "\tpriority = 7";
    phs_rules *r = load_ok(text);
    assert_int_equal(phs_rules_count(r), 1);
    const phs_rule *a = &r->v[0];
    assert_string_equal(a->id, "spaced-id");
    assert_int_equal(a->category, PHS_CAT_PHONE);
    assert_string_equal(a->pattern, "a bc");
    assert_int_equal(a->ncontext, 2);
    assert_string_equal(a->context[0], "one");
    assert_string_equal(a->context[1], "two");
    assert_int_equal(a->priority, 7);
    assert_int_equal(a->line, 5);
    phs_rules_free(r);
}

static void test_defines(void **state)
{
    (void)state;
    const char *text = "define A = 1\n"
                       "define B = %{A}%{A}\n"
                       "define A = [%{A}]\n" /* redefinition sees the old value */
                       "define EMPTY_OK.x-y = z\n"
                       "[d]\n"
                       "category = ZIP\n"
                       "define C = %{B}c\n" /* a define inside a rule section */
                       "pattern = %{A}|%{B}|%{C}|%{EMPTY_OK.x-y}|100%|%{A\n";
    /* the trailing "%{A" has no '}' : error */
    EXPECT_ERROR(text, PHS_E_RULES, 8, "d", "unterminated %{");

    const char *good = "define A = 1\n"
                       "define B = %{A}%{A}\n"
                       "define A = [%{A}]\n"
                       "define EMPTY_OK.x-y = z\n"
                       "[d]\n"
                       "category = ZIP\n"
                       "define C = %{B}c\n"
                       "pattern = %{A}|%{B}|%{C}|%{EMPTY_OK.x-y}|100%|%|{A}\n";
    phs_rules *r = load_ok(good);
    assert_string_equal(r->v[0].pattern, "[1]|11|11c|z|100%|%|{A}");
    phs_rules_free(r);

    /* defines also apply to prefilter values */
    r = load_ok("define P = ab\n[p]\ncategory = SSN\npattern = x\nprefilter = %{P}+\n");
    assert_string_equal(r->v[0].prefilter, "ab+");
    phs_rules_free(r);
}

static void test_name_defaults(void **state)
{
    (void)state;
    phs_rules *r = NULL;
    phs_error e;
    /* NULL name is reported as "<buffer>" */
    assert_int_equal(phs_rules_load_buffer("[x]\n", 4, NULL, &r, &e), PHS_E_RULES);
    assert_string_equal(e.file, "<buffer>");
    assert_int_equal(e.line, 1);
    assert_string_equal(e.rule_id, "x");
    assert_null(r);
    const char *t = R("ok");
    assert_int_equal(phs_rules_load_buffer(t, strlen(t), NULL, &r, &e), PHS_OK);
    assert_string_equal(r->v[0].file, "<buffer>");
    phs_rules_free(r);
}

static void test_bundled(void **state)
{
    (void)state;
    phs_rules *r = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = phs_rules_load_bundled(&r, &e);
    if (rc)
        print_error("%s:%zu [%s] %s\n", e.file, e.line, e.rule_id, e.reason);
    assert_int_equal(rc, PHS_OK);
    size_t n = phs_rules_count(r);
    assert_true(n >= 10);
    /* every category the bundled set is meant to cover has a rule */
    static const phs_category want[] = {
        PHS_CAT_SSN, PHS_CAT_MRN, PHS_CAT_PATIENT_ID, PHS_CAT_MEMBER_ID, PHS_CAT_ACCOUNT_ID,
        PHS_CAT_ENCOUNTER_ID, PHS_CAT_DATE, PHS_CAT_PHONE, PHS_CAT_FAX, PHS_CAT_EMAIL,
        PHS_CAT_IP, PHS_CAT_URL, PHS_CAT_ZIP, PHS_CAT_ADDRESS, PHS_CAT_AGE};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            seen |= phs_rules_category(r, i) == want[w];
        if (!seen)
            print_error("no bundled rule for %s\n", phs_category_name(want[w]));
        assert_true(seen);
    }
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r->v[i].file, "<bundled>");
        assert_true(r->v[i].line > 0);
        /* a walker rule finds its own spans; every other rule has a pattern */
        if (r->v[i].engine == PHS_ENGINE_REGEX)
            assert_non_null(r->v[i].pattern);
        else
            assert_null(r->v[i].pattern);
    }
    /* and they compile, under default and under restrictive options */
    phs_db *db = NULL;
    rc = phs_db_create(r, NULL, &db, &e);
    if (rc)
        print_error("%s:%zu [%s] %s\n", e.file, e.line, e.rule_id, e.reason);
    assert_int_equal(rc, PHS_OK);
    assert_int_equal(phs_db_rule_count(db), n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(phs_db_rule_id(db, i), phs_rules_id(r, i));
        assert_int_equal(phs_db_rule_category(db, i), phs_rules_category(r, i));
    }
    phs_db_free(db);
    phs_options o;
    phs_options_init(&o);
    o.date_policy = PHS_DATES_CONTEXT;
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = PHS_ACT_PARTIAL;
    o.categories = 1u << PHS_CAT_SSN;
    assert_int_equal(phs_db_create(r, &o, &db, &e), PHS_OK);
    phs_db_free(db);
    phs_rules_free(r);
}

/* ------------------------------------------------------------ broken text */

static void test_errors_rule_shape(void **state)
{
    (void)state;
    EXPECT_ERROR("[r]\ncategory = SSN\n", PHS_E_RULES, 1, "r", "rule has no pattern");
    EXPECT_ERROR("[r]\npattern = x\n", PHS_E_RULES, 1, "r", "rule has no category");
    /* checked when the next rule starts, and named by the rule's header line */
    EXPECT_ERROR(R("a") "\n# c\n[r]\npattern = x\n\n[s]\n" "category=SSN\npattern=y\n",
                 PHS_E_RULES, 6, "r", "rule has no category");
    EXPECT_ERROR("[r]\ncategory = SSN\npattern = x\ndate_class = bare\n", PHS_E_RULES, 1, "r",
                 "date_class applies only to category DATE");
    /* one prefilter per rule */
    EXPECT_ERROR(R("r") "prefilter = x\ncontext = y\n", PHS_E_RULES, 1, "r",
                 "a rule has one prefilter: shape, prefilter or context");
    EXPECT_ERROR(R("r") "shape = 3-3\nprefilter = x\n", PHS_E_RULES, 1, "r",
                 "a rule has one prefilter: shape, prefilter or context");
    EXPECT_ERROR(R("r") "context = y\nshape = 3-3\n" R("s"), PHS_E_RULES, 1, "r",
                 "a rule has one prefilter: shape, prefilter or context");
}

static void test_errors_defines(void **state)
{
    (void)state;
    EXPECT_ERROR("define X\n" R("r"), PHS_E_RULES, 1, "", "define needs the form");
    EXPECT_ERROR("# x\ndefine A B = 1\n" R("r"), PHS_E_RULES, 2, "", "define name must be");
    EXPECT_ERROR("define  = 1\n" R("r"), PHS_E_RULES, 1, "", "define name must be");
    EXPECT_ERROR("define A/B = 1\n" R("r"), PHS_E_RULES, 1, "", "define name must be");
    EXPECT_ERROR("define "
                 "A234567890123456789012345678901234567890123456789012345678901234 = 1\n" R("r"),
                 PHS_E_RULES, 1, "", "define name must be");
    EXPECT_ERROR("define A = %{B}\n" R("r"), PHS_E_RULES, 1, "", "unknown define %{B}");
    EXPECT_ERROR("define A = x%{B\n" R("r"), PHS_E_RULES, 1, "", "unterminated %{");
    EXPECT_ERROR(R("r") "prefilter = %{NOPE}x\n", PHS_E_RULES, 4, "r", "unknown define %{NOPE}");
    EXPECT_ERROR("[r]\ncategory = SSN\npattern = a%{\n", PHS_E_RULES, 3, "r", "unterminated %{");
    /* a define is not visible before it is defined */
    EXPECT_ERROR("[r]\ncategory = SSN\npattern = %{L}\ndefine L = x\n", PHS_E_RULES, 3, "r",
                 "unknown define %{L}");
}

static void test_errors_values(void **state)
{
    (void)state;
    EXPECT_ERROR("[r]\ncategory =\npattern = x\n", PHS_E_RULES, 2, "r",
                 "key 'category' has an empty value");
    EXPECT_ERROR(R("r") "context =   \n", PHS_E_RULES, 4, "r", "key 'context' has an empty value");
    EXPECT_ERROR("[r]\ncategory = SOCIAL\npattern = x\n", PHS_E_RULES, 2, "r",
                 "unknown category 'SOCIAL'");
    EXPECT_ERROR("[r]\ncategory = AVERYLONGCATEGORYNAMEOFMORETHAN32\npattern = x\n",
                 PHS_E_RULES, 2, "r", "unknown category");
    EXPECT_ERROR(R("r") "validator = crc\n", PHS_E_RULES, 4, "r", "unknown validator 'crc'");
    EXPECT_ERROR(R("r") "validator = averyveryverylongvalidatornamehere\n", PHS_E_RULES, 4, "r",
                 "unknown validator");
    static const char *const bad_numbers[] = {"-1", "1001", "abc", "1e3", "5x", "1234567",
                                              "0x10", "+5", "1 0", "99999"};
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, R("r") "priority = %s\n", bad_numbers[i]);
        EXPECT_ERROR(text, PHS_E_RULES, 4, "r", "'priority' must be a whole number from 0 to 1000");
        snprintf(text, sizeof text, R("r") "window = %s\n", bad_numbers[i]);
        EXPECT_ERROR(text, PHS_E_RULES, 4, "r", "'window' must be a whole number from 0 to 1000");
    }
    EXPECT_ERROR(R("r") "timestamp = drop\n", PHS_E_RULES, 4, "r",
                 "timestamp must be 'keep' or 'mask'");
    EXPECT_ERROR("[r]\ncategory = DATE\npattern = x\ndate_class = all\n", PHS_E_RULES, 4, "r",
                 "date_class must be 'bare' or 'person'");
    EXPECT_ERROR(R("r") "enabled = maybe\n", PHS_E_RULES, 4, "r", "enabled must be true or false");
    EXPECT_ERROR(R("r") "enabled = 1\n", PHS_E_RULES, 4, "r", "enabled must be true or false");
    EXPECT_ERROR(R("r") "colour = red\n", PHS_E_RULES, 4, "r", "unknown key 'colour'");
}

static void test_errors_lists_and_duplicates(void **state)
{
    (void)state;
    EXPECT_ERROR(R("r") "context = a,,b\n", PHS_E_RULES, 4, "r", "empty item in word list");
    EXPECT_ERROR(R("r") "context = a,\n", PHS_E_RULES, 4, "r", "empty item in word list");
    EXPECT_ERROR(R("r") "not_context = , a\n", PHS_E_RULES, 4, "r", "empty item in word list");
    EXPECT_ERROR(R("r") "not_context = a, \t ,b\n", PHS_E_RULES, 4, "r",
                 "empty item in word list");
    EXPECT_ERROR(R("r") "pattern = y\n", PHS_E_RULES, 4, "r", "duplicate key 'pattern'");
    EXPECT_ERROR(R("r") "prefilter = y\nprefilter = z\n", PHS_E_RULES, 5, "r",
                 "duplicate key 'prefilter'");
    EXPECT_ERROR(R("r") "context = y\ncontext = z\n", PHS_E_RULES, 5, "r",
                 "duplicate key 'context'");
    EXPECT_ERROR(R("r") "not_context = y\nnot_context = z\n", PHS_E_RULES, 5, "r",
                 "duplicate key 'not_context'");
    EXPECT_ERROR(R("r") "shape = 3-3\nshape = 4-4\n", PHS_E_RULES, 5, "r",
                 "duplicate key 'shape'");
    EXPECT_ERROR(R("r") "shape = 3-3,,4-4\n", PHS_E_RULES, 4, "r", "empty item in word list");
    EXPECT_ERROR(R("dup") R("other") "\n" R("dup"), PHS_E_RULES, 8, "dup",
                 "duplicate rule id (first defined in <t> line 1)");
}

static void test_errors_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *shape, *why;
    } cases[] = {
        {"1-1-1-1-1-1-1", "shape '1-1-1-1-1-1-1': a shape has at most 6 digit groups"},
        {"a-3", "shape 'a-3': a shape group is a digit count N or a range N..M"},
        {"3--4", "shape '3--4': a shape group is a digit count N or a range N..M"},
        {"3-", "shape '3-': a shape group is a digit count N or a range N..M"},
        {"3..-4", "shape '3..-4': a range needs an upper bound: N..M"},
        {"0-3", "shape '0-3': digit counts must be 1 to 16, low before high"},
        {"17-3", "shape '17-3': digit counts must be 1 to 16, low before high"},
        {"3-4..3", "shape '3-4..3': digit counts must be 1 to 16, low before high"},
        {"3-1..17", "shape '3-1..17': digit counts must be 1 to 16, low before high"},
        {"3_4", "shape '3_4': separators are one of - . / : ) or a space"},
        {"3x4", "shape '3x4': separators are one of - . / : ) or a space"},
        {"(3-3-4", "shape '(3-3-4': a shape that opens with ( closes it after the first group"},
        {"3)3-4", "shape '3)3-4': ')' needs an opening '(' at the start of the shape"},
        {"3", "shape '3': a shape has at least two digit groups"},
        {"16", "shape '16': a shape has at least two digit groups"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, R("r") "\nshape = 3-2-4, %s\n", cases[i].shape);
        expect_error_len(text, strlen(text), PHS_E_RULES, 5, "r", cases[i].why, __FILE__,
                         __LINE__);
    }
    /* the longest shapes are fine */
    phs_rules *r = load_ok(R("r") "shape = 1-1-1-1-1-1, 16..16.1..16, (3) 3 4\n");
    assert_int_equal(r->v[0].nshapes, 3);
    phs_rules_free(r);
}

static void test_errors_structure(void **state)
{
    (void)state;
    EXPECT_ERROR(R("a") "[b\ncategory = SSN\n", PHS_E_RULES, 4, "", "section header must end with ']'");
    EXPECT_ERROR("[]\n", PHS_E_RULES, 1, "", "rule id must be 1-63 letters");
    EXPECT_ERROR("[  ]\n", PHS_E_RULES, 1, "", "rule id must be 1-63 letters");
    EXPECT_ERROR("[a b]\n", PHS_E_RULES, 1, "", "rule id must be 1-63 letters");
    EXPECT_ERROR("[a/b]\n", PHS_E_RULES, 1, "", "rule id must be 1-63 letters");
    EXPECT_ERROR("[" "a234567890123456789012345678901234567890123456789012345678901234" "]\n",
                 PHS_E_RULES, 1, "", "rule id must be 1-63 letters");
    /* 63 characters is the longest id */
    phs_rules *r = load_ok("[a23456789012345678901234567890123456789012345678901234567890123]\n"
                           "category = SSN\npattern = x\n");
    assert_int_equal(strlen(r->v[0].id), 63);
    phs_rules_free(r);

    EXPECT_ERROR(R("r") "this line has no equals sign\n", PHS_E_RULES, 4, "r",
                 "expected 'key = value', '[rule-id]' or a # comment");
    EXPECT_ERROR(R("r") "; not a comment\n", PHS_E_RULES, 4, "r",
                 "expected 'key = value', '[rule-id]' or a # comment");
    EXPECT_ERROR("stray words\n" R("r"), PHS_E_RULES, 1, "",
                 "expected 'key = value', '[rule-id]' or a # comment");
    EXPECT_ERROR("\n\ncategory = SSN\n" R("r"), PHS_E_RULES, 3, "", "key outside a rule");
    /* an inline comment is part of the value */
    EXPECT_ERROR(R("r") "priority = 5 # five\n", PHS_E_RULES, 4, "r", "'priority' must be");
}

static void test_errors_empty_and_nul(void **state)
{
    (void)state;
    EXPECT_ERROR("", PHS_E_RULES, 0, "", "no rules defined");
    EXPECT_ERROR("# only a comment\n\n   \n", PHS_E_RULES, 0, "", "no rules defined");
    EXPECT_ERROR("define A = 1\n", PHS_E_RULES, 0, "", "no rules defined");
    static const char nul[] = "[r]\ncategory = SSN\npattern = a\0b\n";
    expect_error_len(nul, sizeof nul - 1, PHS_E_RULES, 0, "", "NUL byte", __FILE__, __LINE__);

    /* NULL text with length 0 is an empty file */
    phs_rules *r = NULL;
    phs_error e;
    assert_int_equal(phs_rules_load_buffer(NULL, 0, "<t>", &r, &e), PHS_E_RULES);
    assert_string_equal(e.reason, "no rules defined");
    assert_null(r);
}

static void test_errors_arguments(void **state)
{
    (void)state;
    phs_rules *r = NULL;
    phs_error e;
    assert_int_equal(phs_rules_load_buffer(NULL, 3, "n", &r, &e), PHS_E_ARG);
    assert_string_equal(e.file, "n");
    assert_int_equal(phs_rules_load_buffer("x", 1, "n", NULL, &e), PHS_E_ARG);
    assert_int_equal(phs_rules_load_buffer(NULL, 3, "n", &r, NULL), PHS_E_ARG);
    assert_int_equal(phs_rules_load(NULL, &r, &e), PHS_E_ARG);
    assert_int_equal(phs_rules_load("/", NULL, &e), PHS_E_ARG);
    assert_int_equal(phs_rules_load_bundled(NULL, &e), PHS_E_ARG);

    /* accessors and free accept NULL and out-of-range indexes */
    assert_int_equal(phs_rules_count(NULL), 0);
    assert_null(phs_rules_id(NULL, 0));
    assert_int_equal(phs_rules_category(NULL, 0), PHS_CAT_COUNT);
    phs_rules_free(NULL);
}

/* ------------------------------------------------------------ files */

static void test_load_file(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "one.rules", "# one file\n" R("f1") "\n" R("f2"));
    char *p = path_join(dir, "one.rules");
    phs_rules *r = NULL;
    phs_error e;
    assert_int_equal(phs_rules_load(p, &r, &e), PHS_OK);
    assert_int_equal(phs_rules_count(r), 2);
    assert_string_equal(r->v[0].file, p);
    assert_int_equal(r->v[0].line, 2);
    assert_string_equal(r->v[1].file, p);
    assert_int_equal(r->v[1].line, 6);
    phs_rules_free(r);

    /* a single file need not end in .rules */
    write_file(dir, "custom.txt", R("t"));
    char *q = path_join(dir, "custom.txt");
    assert_int_equal(phs_rules_load(q, &r, &e), PHS_OK);
    assert_int_equal(phs_rules_count(r), 1);
    phs_rules_free(r);

    /* an error names the file */
    write_file(dir, "bad.rules", R("ok") "\n[b]\ncategory = SSN\npattern = x\nwindow = far\n");
    char *b = path_join(dir, "bad.rules");
    r = (phs_rules *)&r;
    assert_int_equal(phs_rules_load(b, &r, &e), PHS_E_RULES);
    assert_null(r);
    assert_string_equal(e.file, b);
    assert_int_equal(e.line, 8);
    assert_string_equal(e.rule_id, "b");
    assert_non_null(strstr(e.reason, "'window' must be"));

    free(b);
    free(q);
    free(p);
    remove_tree(dir);
    free(dir);
}

static void test_load_folder_in_name_order(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    /* written out of order; names sort 00 < 10 < 2 < a < b */
    write_file(dir, "b-last.rules", "[b1]\ncategory = AGE\npattern = %{SHARED}b\n");
    write_file(dir, "10-second.rules", "[s1]\ncategory = ZIP\npattern = s\n[s2]\n"
                                       "category = ZIP\npattern = %{SHARED}s\n");
    write_file(dir, "00-first.rules", "define SHARED = sh\n[f1]\ncategory = SSN\npattern = f");
    write_file(dir, "2-third.rules", "# only a comment\n");
    write_file(dir, "a-fourth.rules", "[a1]\ncategory = MRN\npattern = a\n");
    /* not loaded: other extensions, hidden files, a bare ".rules" */
    write_file(dir, "zz.rules.bak", "garbage\n");
    write_file(dir, "notes.txt", "garbage\n");
    write_file(dir, ".hidden.rules", "garbage\n");
    write_file(dir, ".rules", "garbage\n");
    write_file(dir, "rules", "garbage\n");

    phs_rules *r = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = phs_rules_load(dir, &r, &e);
    if (rc)
        print_error("%s:%zu [%s] %s\n", e.file, e.line, e.rule_id, e.reason);
    assert_int_equal(rc, PHS_OK);
    assert_int_equal(phs_rules_count(r), 5);
    static const char *const ids[] = {"f1", "s1", "s2", "a1", "b1"};
    static const char *const files[] = {"00-first.rules", "10-second.rules", "10-second.rules",
                                        "a-fourth.rules", "b-last.rules"};
    static const size_t lines[] = {2, 1, 4, 1, 1};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(phs_rules_id(r, i), ids[i]);
        char *p = path_join(dir, files[i]);
        assert_string_equal(r->v[i].file, p);
        free(p);
        assert_int_equal(r->v[i].line, lines[i]);
    }
    /* defines carry over to later files */
    assert_string_equal(r->v[2].pattern, "shs");
    assert_string_equal(r->v[4].pattern, "shb");
    phs_rules_free(r);

    /* a duplicate id across files names both places */
    write_file(dir, "c-dup.rules", "\n\n[s2]\ncategory = ZIP\npattern = x\n");
    r = (phs_rules *)&r;
    assert_int_equal(phs_rules_load(dir, &r, &e), PHS_E_RULES);
    assert_null(r);
    char *dup = path_join(dir, "c-dup.rules");
    char *first = path_join(dir, "10-second.rules");
    assert_string_equal(e.file, dup);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.rule_id, "s2");
    char want[1024];
    snprintf(want, sizeof want, "duplicate rule id (first defined in %s line 4)", first);
    assert_string_equal(e.reason, want);
    free(dup);
    free(first);

    /* a key at the top of a file does not belong to the previous file's rule */
    char *dp = path_join(dir, "c-dup.rules");
    unlink(dp);
    free(dp);
    write_file(dir, "c-orphan.rules", "priority = 5\n");
    assert_int_equal(phs_rules_load(dir, &r, &e), PHS_E_RULES);
    char *orphan = path_join(dir, "c-orphan.rules");
    assert_string_equal(e.file, orphan);
    assert_int_equal(e.line, 1);
    assert_string_equal(e.rule_id, "");
    assert_non_null(strstr(e.reason, "key outside a rule"));
    free(orphan);

    remove_tree(dir);
    free(dir);
}

static void test_load_io_errors(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    phs_rules *r = NULL;
    phs_error e;

    /* missing path */
    char *missing = path_join(dir, "missing.rules");
    r = (phs_rules *)&r;
    assert_int_equal(phs_rules_load(missing, &r, &e), PHS_E_IO);
    assert_null(r);
    assert_string_equal(e.file, missing);
    assert_int_equal(e.line, 0);
    assert_string_equal(e.rule_id, "");
    assert_non_null(strstr(e.reason, "cannot open"));
    free(missing);

    /* a folder without *.rules */
    char *empty = path_join(dir, "empty");
    assert_int_equal(mkdir(empty, 0700), 0);
    write_file(empty, "x.txt", R("r"));
    assert_int_equal(phs_rules_load(empty, &r, &e), PHS_E_IO);
    assert_string_equal(e.file, empty);
    assert_string_equal(e.reason, "folder has no *.rules files");

    /* a folder whose rules files hold no rule */
    write_file(empty, "only-comments.rules", "# nothing\n");
    assert_int_equal(phs_rules_load(empty, &r, &e), PHS_E_RULES);
    assert_string_equal(e.file, empty);
    assert_string_equal(e.reason, "no rules defined");
    free(empty);

    /* a *.rules entry that cannot be opened (dangling link) */
    char *d2 = path_join(dir, "dangling");
    assert_int_equal(mkdir(d2, 0700), 0);
    write_file(d2, "a.rules", R("a"));
    char *link = path_join(d2, "b.rules");
    assert_int_equal(symlink("/nonexistent/phiscrub/x.rules", link), 0);
    assert_int_equal(phs_rules_load(d2, &r, &e), PHS_E_IO);
    assert_null(r);
    assert_string_equal(e.file, link);
    assert_non_null(strstr(e.reason, "cannot open"));
    free(link);
    free(d2);

    /* a *.rules entry that cannot be read (a folder) */
    char *d3 = path_join(dir, "subdir");
    assert_int_equal(mkdir(d3, 0700), 0);
    write_file(d3, "a.rules", R("a"));
    char *sub = path_join(d3, "b.rules");
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(phs_rules_load(d3, &r, &e), PHS_E_IO);
    assert_null(r);
    assert_string_equal(e.file, sub);
    assert_string_equal(e.reason, "read error");
    free(sub);
    free(d3);

    /* a folder that cannot be opened (no file descriptor left) */
    char *d4 = path_join(dir, "nofd");
    assert_int_equal(mkdir(d4, 0700), 0);
    write_file(d4, "a.rules", R("a"));
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    int lowest = dup(0); /* the lowest free descriptor */
    assert_true(lowest >= 0);
    close(lowest);
    struct rlimit tight = old;
    tight.rlim_cur = (rlim_t)lowest;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
    r = (phs_rules *)&r;
    int rc = phs_rules_load(d4, &r, &e);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_int_equal(rc, PHS_E_IO);
    assert_null(r);
    assert_string_equal(e.file, d4);
    assert_non_null(strstr(e.reason, "cannot open folder"));
    /* and a single file that cannot be opened */
    char *one = path_join(d4, "a.rules");
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
    rc = phs_rules_load(one, &r, &e);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_int_equal(rc, PHS_E_IO);
    assert_string_equal(e.file, one);
    assert_non_null(strstr(e.reason, "cannot open"));
    free(one);
    free(d4);

    remove_tree(dir);
    free(dir);
}

static void test_load_too_large(void **state)
{
    (void)state;
    /* 64 MiB + 1 byte of comments, then a valid rule: over the limit. */
    char *dir = make_tmpdir();
    char *p = path_join(dir, "big.rules");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    static char chunk[1 << 16];
    memset(chunk, '#', sizeof chunk);
    chunk[sizeof chunk - 1] = '\n';
    for (size_t i = 0; i < 1024; i++)
        assert_int_equal(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    const char *tail = "\n" R("late");
    assert_int_equal(fwrite(tail, 1, strlen(tail), f), strlen(tail));
    assert_int_equal(fclose(f), 0);

    phs_rules *r = (phs_rules *)&r;
    phs_error e;
    assert_int_equal(phs_rules_load(p, &r, &e), PHS_E_RULES);
    assert_null(r);
    assert_string_equal(e.file, p);
    assert_string_equal(e.reason, "rules file larger than 64 MiB");
    phs_rules_free(r);

    /* exactly 64 MiB is within the limit (a comment-only file: no rules) */
    assert_int_equal(truncate(p, (off_t)64 << 20), 0);
    assert_int_equal(phs_rules_load(p, &r, &e), PHS_E_RULES);
    assert_string_equal(e.reason, "no rules defined");

    free(p);
    remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_every_validator_name),
        cmocka_unit_test(test_bool_spellings),
        cmocka_unit_test(test_whitespace_and_crlf),
        cmocka_unit_test(test_defines),
        cmocka_unit_test(test_name_defaults),
        cmocka_unit_test(test_bundled),
        cmocka_unit_test(test_errors_rule_shape),
        cmocka_unit_test(test_errors_defines),
        cmocka_unit_test(test_errors_values),
        cmocka_unit_test(test_errors_lists_and_duplicates),
        cmocka_unit_test(test_errors_shapes),
        cmocka_unit_test(test_errors_structure),
        cmocka_unit_test(test_errors_empty_and_nul),
        cmocka_unit_test(test_errors_arguments),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_load_folder_in_name_order),
        cmocka_unit_test(test_load_io_errors),
        cmocka_unit_test(test_load_too_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

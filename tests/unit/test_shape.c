/* shape.c: the digit-group shape parser, and the shape prefilter checked
   against Hyperscan: a rule set with shapes must redact exactly like the
   same rules prefiltered by Hyperscan, on any input (the shapes below cover
   their patterns, so any difference is a scanner miss). */
#include "unit_util.h"

#include "engine.h"

/* ------------------------------------------------------------ parser */

static void test_parse_valid(void **state)
{
    (void)state;
    phs_shape s;
    const char *why = NULL;

    assert_int_equal(phs_shape_parse("3-2-4", &s, &why), PHS_OK);
    assert_int_equal(s.ngroups, 3);
    assert_false(s.lparen);
    assert_int_equal(s.min[0], 3);
    assert_int_equal(s.max[0], 3);
    assert_int_equal(s.min[1], 2);
    assert_int_equal(s.min[2], 4);
    assert_int_equal(s.max[2], 4);
    assert_int_equal(s.sep[0], '-');
    assert_int_equal(s.sep[1], '-');

    assert_int_equal(phs_shape_parse("(3) 3-4", &s, &why), PHS_OK);
    assert_int_equal(s.ngroups, 3);
    assert_true(s.lparen);
    assert_int_equal(s.sep[0], ')');
    assert_int_equal(s.sep[1], '-');
    phs_shape t;
    assert_int_equal(phs_shape_parse("(3)3-4", &t, &why), PHS_OK);
    assert_memory_equal(&s, &t, sizeof s); /* ") " and ")" are one separator */

    assert_int_equal(phs_shape_parse("4-1..2-1..2", &s, &why), PHS_OK);
    assert_int_equal(s.ngroups, 3);
    assert_int_equal(s.min[1], 1);
    assert_int_equal(s.max[1], 2);
    assert_int_equal(s.min[2], 1);
    assert_int_equal(s.max[2], 2);

    assert_int_equal(phs_shape_parse("1..3.1..3.1..3.1..3", &s, &why), PHS_OK);
    assert_int_equal(s.ngroups, 4);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(s.min[i], 1);
        assert_int_equal(s.max[i], 3);
    }
    assert_int_equal(s.sep[2], '.');

    assert_int_equal(phs_shape_parse("2:2 2/16", &s, &why), PHS_OK);
    assert_int_equal(s.sep[0], ':');
    assert_int_equal(s.sep[1], ' ');
    assert_int_equal(s.sep[2], '/');
    assert_int_equal(s.max[3], 16);

    assert_int_equal(phs_shape_parse("1-1-1-1-1-1", &s, &why), PHS_OK);
    assert_int_equal(s.ngroups, PHS_SHAPE_MAX_GROUPS);
    assert_int_equal(phs_shape_parse(" 3-3 ", &s, &why), PHS_OK);
    assert_int_equal(s.ngroups, 2);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "-", "3", "(3)", "3-", "-3", "3--3", "3..", "3..x-2",
                                      "0-1", "1-0", "17-1", "2..1-3", "1-1-1-1-1-1-1", "3_3",
                                      "3,3", "(3-3", "3)3", "((3)3", "3-3)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        phs_shape s;
        const char *why = NULL;
        int rc = phs_shape_parse(bad[i], &s, &why);
        if (rc != PHS_E_RULES || !why || !*why)
            print_error("shape '%s' accepted\n", bad[i]);
        assert_int_equal(rc, PHS_E_RULES);
        assert_non_null(why);
    }
}

/* ------------------------------------------------------------ differential */

/* Patterns written so that the shapes cover them exactly. */
#define SHAPE_RULES(S1, S2, S3, S4, S5, S6)                                                     \
    "[ssn]\ncategory = SSN\n"                                                                   \
    "pattern = (?<![\\w-])(?<phi>\\d{3}-\\d{2}-\\d{4})(?![\\w-])\n" S1                          \
    "[phone]\ncategory = PHONE\n"                                                               \
    "pattern = (?<![\\w+.-])(?<phi>(?:\\(\\d{3}\\) ?\\d{3}[-. ]\\d{4}|\\d{3}-\\d{3}-\\d{4}|"   \
    "\\d{3}\\.\\d{3}\\.\\d{4}))(?![\\w-]|\\.\\d)\n" S2                                           \
    "[date]\ncategory = DATE\n"                                                                 \
    "pattern = (?<![\\w.:/-])(?<phi>(?:1[89]|2[01])\\d{2}([-/])(?:0?[1-9]|1[0-2])\\g{-1}"      \
    "(?:0?[1-9]|[12]\\d|3[01]))(?![\\w/-]|\\.\\d)\ntimestamp = keep\nvalidator = date\n" S3     \
    "[ip]\ncategory = IP\n"                                                                     \
    "pattern = (?<![\\w.:/-])(?<phi>(?:\\d{1,3}\\.){3}\\d{1,3})(?![\\w-]|\\.\\d)\n"            \
    "validator = ipv4\n" S4                                                                     \
    "[six]\ncategory = ACCOUNT_ID\npattern = \\d-\\d\\d?-\\d-\\d-\\d-\\d{1,3}\n" S5           \
    "[mixed]\ncategory = AGE\npattern = (?<!\\d)\\d{2}:\\d{2} \\d{1,2}/\\d{2}(?!\\d)\n"        \
    "timestamp = keep\n" S6

static const char WITH_SHAPES[] = SHAPE_RULES(
    "shape = 3-2-4\n", "shape = (3)3-4, (3)3.4, (3)3 4, 3-3-4, 3.3.4\n",
    "shape = 4-1..2-1..2, 4/1..2/1..2\n", "shape = 1..3.1..3.1..3.1..3\n",
    "shape = 1-1..2-1-1-1-1..3\n", "shape = 2:2 1..2/2\n");

static const char WITH_HYPERSCAN[] = SHAPE_RULES("", "", "", "", "", "");

static void fill_random(uint64_t *seed, ubuf *b, size_t len)
{
    static const char alpha[] = "0123456789012345678901234567890123456789"
                                "-----....///:::   ))((\nxT+\r,";
    for (size_t i = 0; i < len; i++) {
        char c = alpha[rng_range(seed, 0, sizeof alpha - 2)];
        ubuf_add(b, &c, 1);
    }
}

/* Append a value that one of the rules matches, with random surroundings. */
static void add_value(uint64_t *seed, ubuf *b)
{
    static const char *const vals[] = {
        "123-45-6789", "(555) 234-5678", "(555)234.5678", "(555) 234 5678", "555-234-5678",
        "555.234.5678", "2021-03-04", "1999/12/31", "2021-3-4", "10.1.2.3", "192.168.100.200",
        "1-22-3-4-5-666", "1-2-3-4-5-6", "12:34 5/67", "2021-03-04 10:22", "2021-03-04T10:22",
        "12:34 5/67 10:22", "1.2.3.4.5", "9-9-9-9-9-9-9-9-9-9-9-9-9", "000-00-0000"};
    const char *v = vals[rng_range(seed, 0, sizeof vals / sizeof vals[0] - 1)];
    ubuf_add(b, v, strlen(v));
}

/* Two dbs of the same rules, and a reusable stream on each. */
typedef struct pair {
    phs_db *shaped, *hs;
    phs_stream *ss, *hss;
} pair;

static void pair_open(pair *p)
{
    phs_options o;
    phs_options_init(&o);
    o.block_size = 4096;
    p->shaped = db_from_text(WITH_SHAPES, &o);
    p->hs = db_from_text(WITH_HYPERSCAN, &o);
    assert_int_equal(phs_stream_create(p->shaped, &p->ss), PHS_OK);
    assert_int_equal(phs_stream_create(p->hs, &p->hss), PHS_OK);
}

static void pair_close(pair *p)
{
    phs_stream_free(p->ss);
    phs_stream_free(p->hss);
    phs_db_free(p->shaped);
    phs_db_free(p->hs);
}

static void compare_once(const pair *p, const ubuf *in, int round)
{
    flist fa = {0}, fb = {0};
    size_t na, nb;
    char *a = redact_stream(p->ss, in->p, in->len, &na, &fa);
    char *b = redact_stream(p->hss, in->p, in->len, &nb, &fb);
    if (na != nb || memcmp(a, b, na) != 0 || fa.n != fb.n) {
        print_error("round %d: shape and Hyperscan prefilters differ\ninput (%zu bytes):\n",
                    round, in->len);
        for (size_t i = 0; i < in->len; i++)
            print_error("%s%02x", i % 32 ? " " : "\n  ", (unsigned char)in->p[i]);
        print_error("\nshape:     %s\nhyperscan: %s\n", a, b);
        fail();
    }
    for (size_t i = 0; i < fa.n; i++) {
        assert_int_equal(fa.v[i].offset, fb.v[i].offset);
        assert_int_equal(fa.v[i].length, fb.v[i].length);
        assert_int_equal(fa.v[i].rule_index, fb.v[i].rule_index);
        assert_int_equal(fa.v[i].line, fb.v[i].line);
    }
    free(a);
    free(b);
    flist_free(&fa);
    flist_free(&fb);
}

static void test_shapes_match_hyperscan_fixed(void **state)
{
    (void)state;
    pair p;
    pair_open(&p);
    /* the shaped rules really are off Hyperscan */
    assert_int_equal(p.shaped->nshapes, 11);
    assert_null(p.shaped->hs);
    static const char *const lines[] = {
        "ssn 123-45-6789 ok",
        "123-45-6789",
        "x123-45-6789",
        "call (555) 234-5678 or (555)234.5678 or 555.234.5678 or 555-234-5678.",
        "on 2021-03-04 and 1999/12/31 at 2021-03-04 10:22 and 2021-03-04T10:22",
        "from 10.1.2.3:80 to 192.168.100.200, not 1.2.3.4.5",
        "seq 1-22-3-4-5-666 and 9-9-9-9-9-9-9-9-9-9-9-9-9-9 and 1-2-3-4-5-6",
        "t 12:34 5/67 and 12:34 5/67 10:22",
        "(555) 234-5678(555) 234-5678(555) 234-5678",
        "((555) 234-5678)",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 123-45-6789",
        "0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-0-1-2-3-4-5-6",
        "12345678901234567890123456789012345678901234567890123456789012 123-45-6789",
        "123456789012345678901234567890123456789012345678901234567890123-45-6789 10.1.2.3",
        "1234567890123456789012345678901234567890123456789012345678901 123-45-6789",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(555) 234-5678",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(555) 234-5678",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(555) 234-5678",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(555) 234-5678",
        "12-3",
        "1-2",
        "(5) 2",
    };
    /* each line alone, at every offset in a 64-byte frame, and all together */
    ubuf all = {0};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        for (size_t pad = 0; pad < 70; pad++) {
            ubuf in = {0};
            for (size_t k = 0; k < pad; k++)
                ubuf_add(&in, "x", 1);
            ubuf_add(&in, " ", 1);
            ubuf_add(&in, lines[i], strlen(lines[i]));
            compare_once(&p, &in, (int)(i * 1000 + pad));
            ubuf_add(&in, "\n", 1);
            compare_once(&p, &in, (int)(i * 1000 + pad));
            ubuf_free(&in);
        }
        ubuf_add(&all, lines[i], strlen(lines[i]));
        ubuf_add(&all, "\n", 1);
    }
    compare_once(&p, &all, -1);
    ubuf_free(&all);
    pair_close(&p);
}

static void test_shapes_match_hyperscan_random(void **state)
{
    (void)state;
    pair p;
    pair_open(&p);
    uint64_t seed = 0x5eed5eed12345677ull;
    for (int round = 0; round < 20000; round++) {
        ubuf in = {0};
        size_t parts = rng_range(&seed, 1, 8);
        for (size_t part = 0; part < parts; part++) {
            fill_random(&seed, &in, rng_range(&seed, 0, round % 4 == 0 ? 300 : 40));
            if (rng_range(&seed, 0, 2))
                add_value(&seed, &in);
        }
        compare_once(&p, &in, round);
        ubuf_free(&in);
    }
    pair_close(&p);
}

static void test_shapes_with_other_rules(void **state)
{
    (void)state;
    /* shape rules and Hyperscan rules in one db: candidates of both scans
       are merged per line */
    static const char rules[] =
        "[mail]\ncategory = EMAIL\npattern = [a-z]+@[a-z]+\\.com\n"
        "[ssn]\ncategory = SSN\npattern = (?<![\\w-])\\d{3}-\\d{2}-\\d{4}(?![\\w-])\n"
        "shape = 3-2-4\n"
        "[key]\ncategory = MRN\npattern = mrn=(?<phi>\\w+)\ncontext = mrn\n"
        "[ip]\ncategory = IP\npattern = (?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\w.])\n"
        "shape = 1..3.1..3.1..3.1..3\n";
    phs_db *db = db_from_text(rules, NULL);
    assert_non_null(db->hs);
    assert_int_equal(db->nshapes, 2);
    EXPECT_REDACT(db,
                  "a@b.com 123-45-6789 mrn=Q1 10.0.0.1\n"
                  "nothing\n"
                  "10.0.0.2 mrn=Q2 123-45-6789 c@d.com\n"
                  "123-45-6789\n"
                  "mrn=Q3\n",
                  "[EMAIL] [SSN] mrn=[MRN] [IP]\n"
                  "nothing\n"
                  "[IP] mrn=[MRN] [SSN] [EMAIL]\n"
                  "[SSN]\n"
                  "mrn=[MRN]\n");
    /* switching a category off removes its shapes */
    phs_db_free(db);
    phs_options o;
    phs_options_init(&o);
    o.categories &= ~(1u << PHS_CAT_SSN);
    db = db_from_text(rules, &o);
    assert_int_equal(db->nshapes, 1);
    EXPECT_REDACT(db, "123-45-6789 10.0.0.1\n", "123-45-6789 [IP]\n");
    phs_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_shapes_match_hyperscan_fixed),
        cmocka_unit_test(test_shapes_match_hyperscan_random),
        cmocka_unit_test(test_shapes_with_other_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

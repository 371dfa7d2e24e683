/* confirm.c: overlap resolution (phs_resolve), and the confirm step seen
   through the public API with small rule sets: context words and windows,
   veto words, validators, timestamps, priorities, several findings per
   line, and a PCRE2 limit failing the line closed. */
#include "unit_util.h"

#include "internal.h"

/* ------------------------------------------------------------ phs_resolve */

#define SP(s, e, r, p) ((phs_span){.start = (s), .end = (e), .rule = (r), .priority = (p)})

static void expect_spans(const phs_span *got, size_t ngot, const phs_span *want, size_t nwant,
                         const char *file, int line)
{
    bool ok = ngot == nwant;
    for (size_t i = 0; ok && i < ngot; i++)
        ok = got[i].start == want[i].start && got[i].end == want[i].end &&
             got[i].rule == want[i].rule && got[i].priority == want[i].priority;
    if (!ok) {
        for (size_t i = 0; i < ngot; i++)
            print_error("got  [%zu,%zu) rule %u prio %d\n", got[i].start, got[i].end,
                        (unsigned)got[i].rule, got[i].priority);
        for (size_t i = 0; i < nwant; i++)
            print_error("want [%zu,%zu) rule %u prio %d\n", want[i].start, want[i].end,
                        (unsigned)want[i].rule, want[i].priority);
        _fail(file, line);
    }
}

#define RESOLVE(in, ...)                                                                        \
    do {                                                                                        \
        phs_span v_[] = in;                                                                     \
        const phs_span w_[] = __VA_ARGS__;                                                      \
        size_t n_ = phs_resolve(v_, sizeof v_ / sizeof v_[0]);                                  \
        expect_spans(v_, n_, w_, sizeof w_ / sizeof w_[0], __FILE__, __LINE__);                 \
    } while (0)

#define L(...) {__VA_ARGS__}

static void test_resolve_trivial(void **state)
{
    (void)state;
    assert_int_equal(phs_resolve(NULL, 0), 0);
    phs_span one = SP(3, 9, 7, 10);
    assert_int_equal(phs_resolve(&one, 1), 1);
    assert_int_equal(one.start, 3);
    assert_int_equal(one.end, 9);
    assert_int_equal(one.rule, 7);
    assert_int_equal(one.priority, 10);
}

static void test_resolve_disjoint_and_adjacent(void **state)
{
    (void)state;
    /* adjacent spans stay separate */
    RESOLVE(L(SP(0, 5, 0, 50), SP(5, 10, 1, 60)), L(SP(0, 5, 0, 50), SP(5, 10, 1, 60)));
    /* sorted by start */
    RESOLVE(L(SP(20, 25, 2, 1), SP(0, 5, 0, 1), SP(10, 12, 1, 1)),
            L(SP(0, 5, 0, 1), SP(10, 12, 1, 1), SP(20, 25, 2, 1)));
    RESOLVE(L(SP(7, 9, 3, 5), SP(5, 7, 4, 5), SP(9, 10, 5, 5)),
            L(SP(5, 7, 4, 5), SP(7, 9, 3, 5), SP(9, 10, 5, 5)));
}

static void test_resolve_priority(void **state)
{
    (void)state;
    /* overlap: the union, with the higher-priority rule */
    RESOLVE(L(SP(0, 10, 1, 50), SP(5, 15, 0, 90)), L(SP(0, 15, 0, 90)));
    RESOLVE(L(SP(5, 15, 0, 90), SP(0, 10, 1, 50)), L(SP(0, 15, 0, 90)));
    RESOLVE(L(SP(0, 10, 0, 90), SP(5, 15, 1, 50)), L(SP(0, 15, 0, 90)));
    /* a short high-priority span inside a long low-priority one */
    RESOLVE(L(SP(0, 20, 0, 10), SP(5, 8, 1, 95)), L(SP(0, 20, 1, 95)));
    /* identical spans: the higher priority, whatever the rule index */
    RESOLVE(L(SP(2, 6, 0, 40), SP(2, 6, 9, 41)), L(SP(2, 6, 9, 41)));
    /* a chain merges into one span; the best of all links wins */
    RESOLVE(L(SP(0, 5, 0, 10), SP(4, 9, 1, 30), SP(8, 12, 2, 20)), L(SP(0, 12, 1, 30)));
    RESOLVE(L(SP(8, 12, 2, 70), SP(0, 5, 0, 10), SP(4, 9, 1, 30)), L(SP(0, 12, 2, 70)));
    /* two clusters */
    RESOLVE(L(SP(0, 4, 0, 1), SP(2, 6, 1, 2), SP(6, 9, 2, 3), SP(7, 8, 3, 9)),
            L(SP(0, 6, 1, 2), SP(6, 9, 3, 9)));
    /* a span that touches the merged end but not the start span still joins */
    RESOLVE(L(SP(0, 10, 0, 5), SP(1, 3, 1, 5), SP(9, 14, 2, 1)), L(SP(0, 14, 0, 5)));
}

static void test_resolve_ties(void **state)
{
    (void)state;
    /* equal priority: the longer span's rule */
    RESOLVE(L(SP(0, 5, 0, 50), SP(2, 12, 1, 50)), L(SP(0, 12, 1, 50)));
    RESOLVE(L(SP(0, 12, 1, 50), SP(2, 5, 0, 50)), L(SP(0, 12, 1, 50)));
    /* equal priority and length: the lower rule index */
    RESOLVE(L(SP(0, 5, 3, 50), SP(2, 7, 1, 50)), L(SP(0, 7, 1, 50)));
    RESOLVE(L(SP(2, 7, 1, 50), SP(0, 5, 3, 50)), L(SP(0, 7, 1, 50)));
    RESOLVE(L(SP(0, 5, 4, 50), SP(0, 5, 2, 50), SP(0, 5, 3, 50)), L(SP(0, 5, 2, 50)));
    /* priority beats length */
    RESOLVE(L(SP(0, 30, 0, 50), SP(10, 12, 1, 51)), L(SP(0, 30, 1, 51)));
}

static void test_resolve_many(void **state)
{
    (void)state;
    /* a randomized cross-check against a direct computation */
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (int round = 0; round < 2000; round++) {
        phs_span v[12];
        size_t n = rng_range(&seed, 1, 12);
        for (size_t i = 0; i < n; i++) {
            size_t s = rng_range(&seed, 0, 40);
            v[i] = SP(s, s + rng_range(&seed, 1, 8), (uint32_t)rng_range(&seed, 0, 5),
                      (int)rng_range(&seed, 0, 3));
        }
        /* expected: mark covered bytes, split into runs of overlapping
           spans (cluster = connected by overlap, not adjacency) */
        phs_span orig[12];
        memcpy(orig, v, sizeof orig);
        size_t k = phs_resolve(v, n);
        assert_true(k >= 1 && k <= n);
        for (size_t i = 0; i < k; i++) {
            assert_true(v[i].start < v[i].end);
            if (i)
                assert_true(v[i - 1].end <= v[i].start);
            /* each output span is the union of the inputs inside it */
            size_t lo = SIZE_MAX, hi = 0;
            const phs_span *best = NULL;
            for (size_t j = 0; j < n; j++) {
                if (orig[j].start >= v[i].start && orig[j].end <= v[i].end) {
                    if (orig[j].start < lo)
                        lo = orig[j].start;
                    if (orig[j].end > hi)
                        hi = orig[j].end;
                    size_t lj = orig[j].end - orig[j].start;
                    if (!best || orig[j].priority > best->priority ||
                        (orig[j].priority == best->priority &&
                         (lj > best->end - best->start ||
                          (lj == best->end - best->start && orig[j].rule < best->rule))))
                        best = &orig[j];
                } else {
                    /* no input straddles an output boundary */
                    assert_true(orig[j].end <= v[i].start || orig[j].start >= v[i].end);
                }
            }
            assert_non_null(best);
            /* connected by overlap: every inner point is strictly inside
               some input (adjacent spans are not merged) */
            for (size_t x = v[i].start + 1; x < v[i].end; x++) {
                bool inside = false;
                for (size_t j = 0; j < n && !inside; j++)
                    inside = orig[j].start < x && x < orig[j].end;
                assert_true(inside);
            }
            assert_int_equal(lo, v[i].start);
            assert_int_equal(hi, v[i].end);
            assert_int_equal(best->rule, v[i].rule);
            assert_int_equal(best->priority, v[i].priority);
        }
    }
}

/* ------------------------------------------------------------ confirm */

static void test_context_window(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[k]\ncategory = MRN\npattern = (?<![\\d])\\d{6}(?!\\d)\n"
                              "context = mrn, chart\nwindow = 10\n",
                              NULL);
    EXPECT_REDACT(db, "mrn 123456\n", "mrn [MRN]\n");
    EXPECT_REDACT(db, "MRN:123456\n", "MRN:[MRN]\n");
    EXPECT_REDACT(db, "chart     123456\n", "chart     [MRN]\n"); /* 10 bytes before */
    EXPECT_KEPT(db, "chart      123456\n");                      /* 11 bytes before */
    EXPECT_KEPT(db, "id 123456\n");
    EXPECT_KEPT(db, "123456 id mrn\n"); /* the word must come before the value */
    EXPECT_KEPT(db, "mrn\n123456\n");   /* and be on the same line */
    EXPECT_KEPT(db, "xmrn 123456\n");   /* not the end of a longer word */
    EXPECT_REDACT(db, "mrns 123456\n", "mrns [MRN]\n"); /* a word start is enough */
    EXPECT_REDACT(db, "mrn 123456 and 654321\n", "mrn [MRN] and 654321\n");
    EXPECT_REDACT(db, "mrn 123456 mrn 654321\n", "mrn [MRN] mrn [MRN]\n");
    phs_db_free(db);
}

static void test_not_context(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[ip]\ncategory = IP\n"
                              "pattern = (?<![\\w.])(?<phi>(?:\\d{1,3}\\.){3}\\d{1,3})(?![\\w.])\n"
                              "validator = ipv4\nnot_context = version, build\nwindow = 10\n",
                              NULL);
    EXPECT_REDACT(db, "from 10.1.2.3\n", "from [IP]\n");
    EXPECT_KEPT(db, "version 5.5.224.0\n");
    EXPECT_KEPT(db, "version=5.5.224.0\n");
    EXPECT_KEPT(db, "Version: 5.5.224.1\n");
    EXPECT_KEPT(db, "build 10.0.190.1\n");
    EXPECT_REDACT(db, "version    10.1.2.3\n", "version    [IP]\n"); /* outside the window */
    EXPECT_REDACT(db, "versions 10.1.2.3\n", "versions [IP]\n");   /* a whole word only */
    EXPECT_REDACT(db, "subversion 10.1.2.3\n", "subversion [IP]\n");
    EXPECT_REDACT(db, "10.1.2.3 version\n", "[IP] version\n");
    EXPECT_REDACT(db, "ip 300.1.2.3 10.1.2.3\n", "ip 300.1.2.3 [IP]\n"); /* validator */
    EXPECT_KEPT(db, "ip 0.9.1.2\n");
    phs_db_free(db);
}

static void test_timestamp_keep(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[d]\ncategory = DATE\npattern = \\d{4}-\\d{2}-\\d{2}\n"
                              "validator = date\ntimestamp = keep\n"
                              "[m]\ncategory = DATE\npattern = dob=(?<phi>\\d{4}-\\d{2}-\\d{2})\n"
                              "validator = date\n",
                              NULL);
    EXPECT_KEPT(db, "2023-10-05T12:34:56Z start\n");
    EXPECT_KEPT(db, "2023-10-05 12:34:56 start\n");
    EXPECT_KEPT(db, "at 2023-10-05 1:05 PM\n");
    EXPECT_REDACT(db, "on 2023-10-05 done\n", "on [DATE] done\n");
    EXPECT_REDACT(db, "on 2023-10-05\n", "on [DATE]\n");
    EXPECT_REDACT(db, "on 2023-10-05 12 done\n", "on [DATE] 12 done\n");
    EXPECT_KEPT(db, "on 2023-02-30 done\n"); /* the validator */
    /* timestamp = mask (the default): a time does not save it */
    EXPECT_REDACT(db, "dob=1980-01-02T10:00\n", "dob=[DATE]T10:00\n");
    phs_db_free(db);
}

static void test_priority_picks_category(void **state)
{
    (void)state;
    const char *rules = "[low]\ncategory = PHONE\npattern = \\d{3}-\\d{2}-\\d{4}\npriority = 10\n"
                        "[high]\ncategory = SSN\npattern = \\d{3}-\\d{2}-\\d{4}\npriority = 20\n"
                        "[wide]\ncategory = ACCOUNT_ID\npattern = acct \\d{3}-\\d{2}\n"
                        "priority = 15\n";
    phs_db *db = db_from_text(rules, NULL);
    EXPECT_REDACT(db, "x 123-45-6789\n", "x [SSN]\n");
    /* overlapping findings merge into one mask over the union */
    EXPECT_REDACT(db, "acct 123-45-6789 end\n", "[SSN] end\n");
    flist f = {0};
    size_t n;
    char *out = redact_buf(db, "acct 123-45-6789 end\n", 21, &n, &f);
    assert_string_equal(out, "[SSN] end\n");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0].offset, 0);
    assert_int_equal(f.v[0].length, 16);
    assert_string_equal(f.v[0].rule_id, "high");
    assert_int_equal(f.v[0].rule_index, 1);
    assert_int_equal(f.v[0].category, PHS_CAT_SSN);
    free(out);
    flist_free(&f);
    phs_db_free(db);
}

static void test_many_on_one_line(void **state)
{
    (void)state;
    phs_db *db = db_from_text("[s]\ncategory = SSN\npattern = (?<![\\w-])\\d{3}-\\d{2}-\\d{4}(?![\\w-])\n"
                              "validator = ssn\n"
                              "[e]\ncategory = EMAIL\npattern = [a-z]+@[a-z]+\\.com\n",
                              NULL);
    EXPECT_REDACT(db, "a 123-45-6789 b 234-56-7890 c x@y.com 000-12-3456 345-67-8901\n",
                  "a [SSN] b [SSN] c [EMAIL] 000-12-3456 [SSN]\n");
    EXPECT_REDACT(db, "123-45-6789\n234-56-7890\n\nnone\nx@y.com", "[SSN]\n[SSN]\n\nnone\n[EMAIL]");
    phs_db_free(db);
}

static void test_empty_phi_group_ignored(void **state)
{
    (void)state;
    /* a match whose phi group is empty or unset masks nothing */
    phs_db *db = db_from_text("[g]\ncategory = MRN\npattern = id=(?<phi>\\d*)(?:;|$)\n", NULL);
    EXPECT_KEPT(db, "id=;\n");
    EXPECT_REDACT(db, "id=; id=12;\n", "id=; id=[MRN];\n");
    EXPECT_REDACT(db, "id=7\n", "id=[MRN]\n");
    phs_db_free(db);
}

static void test_match_limit_fails_closed(void **state)
{
    (void)state;
    /* catastrophic backtracking: PCRE2 gives up at its match limit, and the
       line leaves as the mark, never as it came in */
    phs_db *db = db_from_text("[evil]\ncategory = MRN\npattern = (?:(?:a|aa)+)+[^a]\n"
                              "context = evil\n",
                              NULL);
    char line[200];
    memcpy(line, "evil ", 5);
    memset(line + 5, 'a', 60);
    static const char tail[] = "\r\nnext evil ok\n";
    memcpy(line + 65, tail, sizeof tail);
    flist f = {0};
    size_t n;
    char *out = redact_buf(db, line, strlen(line), &n, &f);
    assert_string_equal(out, PHS_UNPROCESSED_MARK "\r\nnext evil ok\n");
    assert_int_equal(f.n, 1);
    assert_int_equal(f.v[0].offset, 0);
    assert_int_equal(f.v[0].length, 65);
    assert_int_equal(f.v[0].line, 1);
    assert_int_equal(f.v[0].category, PHS_CAT_COUNT);
    assert_string_equal(f.v[0].rule_id, "unprocessed");
    free(out);
    flist_free(&f);

    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    char buf[512];
    phs_outbuf o = {buf, sizeof buf, 0};
    phs_inbuf in = {line, strlen(line), 0};
    assert_int_equal(phs_stream_feed(s, &o, &in), PHS_OK);
    size_t rem = 1;
    assert_int_equal(phs_stream_flush(s, &o, &rem), PHS_OK);
    assert_int_equal(rem, 0);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 2);
    assert_int_equal(st.lines_masked_whole, 1);
    assert_int_equal(st.findings, 0);
    assert_int_equal(st.lines_with_findings, 0);
    phs_stream_free(s);
    phs_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_trivial),
        cmocka_unit_test(test_resolve_disjoint_and_adjacent),
        cmocka_unit_test(test_resolve_priority),
        cmocka_unit_test(test_resolve_ties),
        cmocka_unit_test(test_resolve_many),
        cmocka_unit_test(test_context_window),
        cmocka_unit_test(test_not_context),
        cmocka_unit_test(test_timestamp_keep),
        cmocka_unit_test(test_priority_picks_category),
        cmocka_unit_test(test_many_on_one_line),
        cmocka_unit_test(test_empty_phi_group_ignored),
        cmocka_unit_test(test_match_limit_fails_closed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

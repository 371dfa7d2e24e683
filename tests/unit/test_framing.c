/* stream.c: framing. The output must not depend on how input is cut or how
   much output room each call gets; every byte that is not PHI passes
   through; long lines are scanned whole; lines over max_line_size fail
   closed; findings carry stream offsets and line numbers; reset, stats,
   phs_redact sizing and NULL handling. */
#include "unit_util.h"

#include <pthread.h>

/* Small rule set with predictable behaviour, independent of patterns/. */
static const char RULES[] =
    "[t-ssn]\ncategory = SSN\n"
    "pattern = (?<![\\w-])(?<phi>\\d{3}-\\d{2}-\\d{4})(?![\\w-])\nvalidator = ssn\n"
    "[t-mail]\ncategory = EMAIL\npattern = [a-z]+@[a-z]+\\.com\n"
    "[t-mrn]\ncategory = MRN\npattern = mrn=(?<phi>\\w+)\n";

enum { R_SSN = 0, R_MAIL = 1, R_MRN = 2 };

static phs_db *make_db(size_t block, size_t max_line)
{
    phs_options o;
    phs_options_init(&o);
    o.block_size = block;
    o.max_line_size = max_line;
    return db_from_text(RULES, &o);
}

/* ------------------------------------------------------------ the driver */

/* Stream `in` through a fresh stream: input cut into chunks of 1..max_in
   bytes and output room of 1..max_out bytes per call (random when seed is
   given, else exactly max_in / max_out). Checks that every call makes
   progress and that nothing is left pending. */
static char *run_stream(const phs_db *db, const char *in, size_t len, uint64_t *seed,
                        size_t max_in, size_t max_out, size_t *outlen, flist *f)
{
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    if (f)
        phs_stream_set_callback(s, flist_cb, f);
    ubuf out = {0};
    char *room = malloc(max_out);
    assert_non_null(room);
    size_t pos = 0;
    while (pos < len) {
        size_t c = seed ? rng_range(seed, 1, max_in) : max_in;
        if (c > len - pos)
            c = len - pos;
        phs_inbuf ib = {in + pos, c, 0};
        do {
            size_t r = seed ? rng_range(seed, 1, max_out) : max_out;
            phs_outbuf ob = {room, r, 0};
            size_t before = ib.pos;
            assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
            assert_true(ib.pos <= ib.size && ob.pos <= ob.size);
            assert_true(ib.pos > before || ob.pos > 0 || ib.pos == ib.size);
            ubuf_add(&out, room, ob.pos);
        } while (ib.pos < ib.size);
        pos += c;
    }
    size_t rem;
    int guard = 0;
    do {
        size_t r = seed ? rng_range(seed, 1, max_out) : max_out;
        phs_outbuf ob = {room, r, 0};
        rem = SIZE_MAX;
        assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
        ubuf_add(&out, room, ob.pos);
        assert_int_equal(rem, phs_stream_pending(s));
        assert_true(rem == 0 || ob.pos == ob.size);
        assert_true(++guard < 100000000);
    } while (rem);
    assert_int_equal(phs_stream_pending(s), 0);

    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.bytes_in, len);
    assert_int_equal(st.bytes_out, out.len);

    free(room);
    phs_stream_free(s);
    if (outlen)
        *outlen = out.len;
    if (!out.p)
        ubuf_add(&out, "", 0);
    return out.p;
}

static void expect_same_findings(const flist *a, const flist *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->v[i].category, b->v[i].category);
        assert_int_equal(a->v[i].rule_index, b->v[i].rule_index);
        assert_string_equal(a->v[i].rule_id, b->v[i].rule_id);
        assert_int_equal(a->v[i].offset, b->v[i].offset);
        assert_int_equal(a->v[i].length, b->v[i].length);
        assert_int_equal(a->v[i].line, b->v[i].line);
    }
}

/* Feed `in` every way we can think of and compare with the one-shot. */
static void expect_chunking_invariant(const phs_db *db, const char *in, size_t len,
                                      const char *want, size_t wantlen, int rounds)
{
    flist f1 = {0};
    size_t n1;
    char *one = redact_buf(db, in, len, &n1, &f1);
    if (want) {
        assert_int_equal(n1, wantlen);
        assert_memory_equal(one, want, wantlen);
    }
    static const size_t fixed[][2] = {{1, 1}, {1, 4096}, {4096, 1}, {2, 3}, {7, 5},
                                      {64, 1}, {1, 64}, {1 << 20, 1 << 20}};
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++) {
        flist f2 = {0};
        size_t n2;
        char *two = run_stream(db, in, len, NULL, fixed[k][0], fixed[k][1], &n2, &f2);
        if (n2 != n1 || memcmp(one, two, n1) != 0)
            print_error("chunk %zu out %zu differs from one-shot\n", fixed[k][0], fixed[k][1]);
        assert_int_equal(n2, n1);
        assert_memory_equal(two, one, n1);
        expect_same_findings(&f2, &f1);
        free(two);
        flist_free(&f2);
    }
    uint64_t seed = 0x243f6a8885a308d3ull ^ len;
    for (int r = 0; r < rounds; r++) {
        size_t max_in = rng_range(&seed, 1, r % 3 == 0 ? 8 : 300);
        size_t max_out = rng_range(&seed, 1, r % 2 ? 16 : 500);
        flist f2 = {0};
        size_t n2;
        char *two = run_stream(db, in, len, &seed, max_in, max_out, &n2, &f2);
        if (n2 != n1 || memcmp(one, two, n1) != 0)
            print_error("round %d (max_in %zu, max_out %zu) differs from one-shot\n", r, max_in,
                        max_out);
        assert_int_equal(n2, n1);
        assert_memory_equal(two, one, n1);
        expect_same_findings(&f2, &f1);
        free(two);
        flist_free(&f2);
    }
    free(one);
    flist_free(&f1);
}

/* ------------------------------------------------------------ bytes */

static void test_bytes_preserved(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    static const char in[] =
        "plain line\n"
        "crlf 123-45-6789\r\n"
        "\r\n"
        "\n"
        "nul\0byte 123-45-6789\0tail\n"
        "bad utf8 \xff\xfe\xc3 123-45-6789 \xe2\x82\n"
        "lone\rcr 123-45-6789\rx\n"
        "utf8 \xc3\xa9t\xc3\xa9 a@b.com \xf0\x9f\x98\x80\n"
        "\t  mrn=AB12 \x01\x02\x7f\n"
        "no newline at end 123-45-6789";
    static const char want[] =
        "plain line\n"
        "crlf [SSN]\r\n"
        "\r\n"
        "\n"
        "nul\0byte [SSN]\0tail\n"
        "bad utf8 \xff\xfe\xc3 [SSN] \xe2\x82\n"
        "lone\rcr [SSN]\rx\n"
        "utf8 \xc3\xa9t\xc3\xa9 [EMAIL] \xf0\x9f\x98\x80\n"
        "\t  mrn=[MRN] \x01\x02\x7f\n"
        "no newline at end [SSN]";
    expect_chunking_invariant(db, in, sizeof in - 1, want, sizeof want - 1, 60);

    /* nothing but terminators, and nothing at all */
    EXPECT_KEPT(db, "\n\n\r\n\r\r\n");
    EXPECT_KEPT(db, "");
    EXPECT_KEPT(db, "x");
    EXPECT_KEPT(db, "\r");
    EXPECT_REDACT(db, "123-45-6789", "[SSN]");
    EXPECT_REDACT(db, "123-45-6789\r", "[SSN]\r");
    phs_db_free(db);
}

static void test_tiny_buffers(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    const char *in = "first 123-45-6789 x@y.com\nsecond mrn=Z9\r\n\nthird 234-56-7890";
    const char *want = "first [SSN] [EMAIL]\nsecond mrn=[MRN]\r\n\nthird [SSN]";
    /* one byte in, one byte out */
    flist f = {0};
    size_t n;
    char *out = run_stream(db, in, strlen(in), NULL, 1, 1, &n, &f);
    assert_string_equal(out, want);
    assert_int_equal(f.n, 4);
    free(out);
    flist_free(&f);
    /* and every other pairing */
    expect_chunking_invariant(db, in, strlen(in), want, strlen(want), 100);
    phs_db_free(db);
}

static void test_random_corpus(void **state)
{
    (void)state;
    /* a generated corpus of mixed lines, streamed under several block sizes */
#define P(x) {x, sizeof(x) - 1}
    static const struct {
        const char *p;
        size_t n;
    } pieces[] = {
        P("GET /index.html 200\n"), P("ssn 123-45-6789 ok\n"), P("bad 000-12-3456\n"),
        P("mail a@b.com and c@d.com\n"), P("mrn=XYZ\r\n"), P("\n"), P("\r\n"),
        P("nul\0in line\n"), P("\xff\xfe raw 345-67-8901\n"), P("partial 123-45-"),
        P("6789 joined\n"),
        P("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        P("mrn="), P("END")};
#undef P
    uint64_t seed = 42;
    ubuf in = {0};
    for (int i = 0; i < 600; i++) {
        size_t k = rng_range(&seed, 0, sizeof pieces / sizeof pieces[0] - 1);
        ubuf_add(&in, pieces[k].p, pieces[k].n);
    }
    static const size_t sizes[][2] = {{0, 0}, {64, 0}, {100, 0}, {64, 300}, {32, 200},
                                      {1, 1}, {1, 2}, {3, 5}, {0, 20}};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        phs_db *db = make_db(sizes[k][0], sizes[k][1]);
        expect_chunking_invariant(db, in.p, in.len, NULL, 0, 25);
        phs_db_free(db);
    }
    /* the block size never changes the output */
    phs_db *a = make_db(0, 0), *b = make_db(64, 0);
    size_t na, nb;
    char *oa = redact_buf(a, in.p, in.len, &na, NULL);
    char *ob = redact_buf(b, in.p, in.len, &nb, NULL);
    assert_int_equal(na, nb);
    assert_memory_equal(oa, ob, na);
    free(oa);
    free(ob);
    phs_db_free(a);
    phs_db_free(b);
    ubuf_free(&in);
}

/* ------------------------------------------------------------ long lines */

static void test_long_line_fully_scanned(void **state)
{
    (void)state;
    /* lines many times the block size: PHI at the start, middle and end is
       masked, terminated or not */
    phs_db *db = make_db(64, 0);
    ubuf in = {0}, want = {0};
    for (int part = 0; part < 3; part++) {
        ubuf_add(&in, "123-45-6789 ", 12);
        ubuf_add(&want, "[SSN] ", 6);
        for (int i = 0; i < 700; i++) {
            ubuf_add(&in, "abcdefg ", 8);
            ubuf_add(&want, "abcdefg ", 8);
        }
        ubuf_add(&in, "mrn=QQ77 ", 9);
        ubuf_add(&want, "mrn=[MRN] ", 10);
        for (int i = 0; i < 700; i++) {
            ubuf_add(&in, "hijklmn ", 8);
            ubuf_add(&want, "hijklmn ", 8);
        }
        ubuf_add(&in, "end 234-56-7890", 15);
        ubuf_add(&want, "end [SSN]", 9);
        if (part < 2) {
            ubuf_add(&in, part ? "\r\n" : "\n", part ? 2 : 1);
            ubuf_add(&want, part ? "\r\n" : "\n", part ? 2 : 1);
        }
    }
    flist f = {0};
    size_t n;
    char *out = redact_buf(db, in.p, in.len, &n, &f);
    assert_int_equal(n, want.len);
    assert_memory_equal(out, want.p, n);
    assert_int_equal(f.n, 9);
    for (size_t i = 0; i < f.n; i++)
        assert_int_equal(f.v[i].line, i / 3 + 1);
    size_t line_len = 12 + 5600 + 9 + 5600 + 15;
    assert_int_equal(f.v[2].offset, line_len - 11);
    assert_int_equal(f.v[3].offset, line_len + 1);
    assert_int_equal(f.v[6].offset, 2 * line_len + 3);
    assert_int_equal(f.v[8].offset, 3 * line_len + 3 - 11);

    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    phs_stats st;
    char *tmp = malloc(want.len + 100);
    assert_non_null(tmp);
    phs_outbuf ob = {tmp, want.len + 100, 0};
    phs_inbuf ib = {in.p, in.len, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_OK);
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 3);
    assert_int_equal(st.lines_masked_whole, 0);
    assert_int_equal(st.findings, 9);
    phs_stream_free(s);
    free(tmp);

    free(out);
    flist_free(&f);
    expect_chunking_invariant(db, in.p, in.len, want.p, want.len, 10);
    ubuf_free(&in);
    ubuf_free(&want);
    phs_db_free(db);
}

/* A long line (4 blocks or more) is a block of its own whose output is
   made as the caller takes it: the stream never holds more than about a
   block of it, whether the line ends in a newline, ends the input, or is
   dropped. */
static void test_long_line_output_in_pieces(void **state)
{
    (void)state;
    phs_db *db = make_db(4096, 0);
    ubuf in = {0}, want = {0};
    for (int i = 0; i < 20000; i++) { /* 1.1 MB: SSNs all along */
        ubuf_add(&in, "ssn 123-45-6789 filler text ", 28);
        ubuf_add(&want, "ssn [SSN] filler text ", 22);
    }
    ubuf_add(&in, "\nshort mrn=QQ77\n", 16);
    ubuf_add(&want, "\nshort mrn=[MRN]\n", 17);
    for (int i = 0; i < 5000; i++) { /* the last line, without a newline */
        ubuf_add(&in, "x@y.com and more ", 17);
        ubuf_add(&want, "[EMAIL] and more ", 17);
    }
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    ubuf out = {0};
    char room[100];
    phs_inbuf ib = {in.p, in.len, 0};
    size_t most = 0;
    int calls = 0;
    while (ib.pos < ib.size) {
        phs_outbuf ob = {room, sizeof room, 0};
        assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
        ubuf_add(&out, room, ob.pos);
        if (phs_stream_pending(s) > most)
            most = phs_stream_pending(s);
        calls++;
    }
    size_t rem;
    do {
        phs_outbuf ob = {room, sizeof room, 0};
        assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
        ubuf_add(&out, room, ob.pos);
        if (rem > most)
            most = rem;
        calls++;
    } while (rem);
    assert_int_equal(out.len, want.len);
    assert_memory_equal(out.p, want.p, want.len);
    assert_true(most <= 4096 + 64); /* a block's worth, never the line */
    assert_true(calls > 1000);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 3);
    assert_int_equal(st.findings, 20000 + 1 + 5000);
    assert_int_equal(st.bytes_out, want.len);
    phs_stream_free(s);

    /* the same, every way of cutting it, against the one-shot */
    expect_chunking_invariant(db, in.p, in.len, want.p, want.len, 3);

    /* abort with a long line's output still waiting: it is all written,
       then the cut last line is masked */
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    size_t first = 20000 * 28 + 1;
    ib = (phs_inbuf){in.p, first + 6, 0}; /* "short " cut */
    phs_outbuf ob = {room, sizeof room, 0};
    while (ib.pos < ib.size) {
        ob.pos = 0;
        assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    }
    assert_true(phs_stream_pending(s) > 0);
    assert_int_equal(phs_stream_abort_line(s), PHS_OK);
    ubuf cut = {0};
    do {
        ob.pos = 0;
        assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
        ubuf_add(&cut, room, ob.pos);
    } while (rem);
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 2);
    assert_int_equal(st.lines_masked_whole, 1);
    assert_true(cut.len >= strlen(PHS_UNPROCESSED_MARK));
    assert_memory_equal(cut.p + cut.len - strlen(PHS_UNPROCESSED_MARK), PHS_UNPROCESSED_MARK,
                        strlen(PHS_UNPROCESSED_MARK));
    ubuf_free(&cut);
    phs_stream_free(s);
    ubuf_free(&out);
    ubuf_free(&in);
    ubuf_free(&want);
    phs_db_free(db);

    /* a dropped long line leaves nothing, and counts */
    phs_options o;
    phs_options_init(&o);
    o.block_size = 4096;
    o.actions[PHS_CAT_SSN] = PHS_ACT_DROP;
    db = db_from_text(RULES, &o);
    ubuf drop = {0};
    for (int i = 0; i < 2000; i++)
        ubuf_add(&drop, "ssn 123-45-6789 filler text ", 28);
    ubuf_add(&drop, "\nkept\n", 6);
    size_t n;
    char *res = redact_buf(db, drop.p, drop.len, &n, NULL);
    assert_int_equal(n, 5);
    assert_memory_equal(res, "kept\n", 5);
    free(res);
    ubuf_free(&drop);
    phs_db_free(db);
}

static void test_line_over_max(void **state)
{
    (void)state;
    phs_db *db = make_db(64, 256);
    ubuf in = {0};
    ubuf_add(&in, "ok 123-45-6789\n", 15);              /* line 1, offset 0 */
    for (int i = 0; i < 300; i++)                       /* line 2, offset 15 */
        ubuf_add(&in, "y", 1);
    ubuf_add(&in, " 123-45-6789\r\n", 14);
    ubuf_add(&in, "after 123-45-6789\n", 18);           /* line 3, offset 329 */
    for (int i = 0; i < 200; i++)                       /* line 4: within the limit */
        ubuf_add(&in, "w", 1);
    ubuf_add(&in, " 234-56-7890\n", 13);                /* line 4 at 347 */
    for (int i = 0; i < 1000; i++)                      /* line 5, offset 560 */
        ubuf_add(&in, "z", 1);
    ubuf_add(&in, "\n", 1);
    for (int i = 0; i < 400; i++)                       /* line 6, offset 1561, no newline */
        ubuf_add(&in, "q", 1);

    ubuf want = {0};
    ubuf_add(&want, "ok [SSN]\n", 9);
    ubuf_add(&want, PHS_UNPROCESSED_MARK "\r\n", sizeof PHS_UNPROCESSED_MARK + 1);
    ubuf_add(&want, "after [SSN]\n", 12);
    for (int i = 0; i < 200; i++)
        ubuf_add(&want, "w", 1);
    ubuf_add(&want, " [SSN]\n", 7);
    ubuf_add(&want, PHS_UNPROCESSED_MARK "\n", sizeof PHS_UNPROCESSED_MARK);
    ubuf_add(&want, PHS_UNPROCESSED_MARK, sizeof PHS_UNPROCESSED_MARK - 1);

    flist f = {0};
    size_t n;
    char *out = redact_buf(db, in.p, in.len, &n, &f);
    assert_int_equal(n, want.len);
    assert_memory_equal(out, want.p, n);
    free(out);

    /* findings: the fail-closed lines are reported, with no rule */
    static const struct {
        uint64_t offset;
        size_t length;
        uint64_t line;
        bool unprocessed;
    } exp[] = {{3, 11, 1, false},   {15, 312, 2, true},    {335, 11, 3, false},
               {548, 11, 4, false}, {560, 1000, 5, true}, {1561, 400, 6, true}};
    assert_int_equal(f.n, sizeof exp / sizeof exp[0]);
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(f.v[i].offset, exp[i].offset);
        assert_int_equal(f.v[i].length, exp[i].length);
        assert_int_equal(f.v[i].line, exp[i].line);
        if (exp[i].unprocessed) {
            assert_int_equal(f.v[i].category, PHS_CAT_COUNT);
            assert_int_equal(f.v[i].rule_index, SIZE_MAX);
            assert_string_equal(f.v[i].rule_id, "unprocessed");
        } else {
            assert_int_equal(f.v[i].category, PHS_CAT_SSN);
            assert_int_equal(f.v[i].rule_index, R_SSN);
            assert_string_equal(f.v[i].rule_id, "t-ssn");
        }
    }
    flist_free(&f);

    /* counters */
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    char *tmp = malloc(want.len);
    assert_non_null(tmp);
    phs_outbuf ob = {tmp, want.len, 0};
    phs_inbuf ib = {in.p, in.len, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    size_t rem = 1;
    assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
    assert_int_equal(rem, 0);
    assert_int_equal(ob.pos, want.len);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 6);
    assert_int_equal(st.lines_masked_whole, 3);
    assert_int_equal(st.findings, 3);
    assert_int_equal(st.lines_with_findings, 3);
    assert_int_equal(st.per_category[PHS_CAT_SSN], 3);
    assert_int_equal(st.bytes_in, in.len);
    assert_int_equal(st.bytes_out, want.len);
    phs_stream_free(s);
    free(tmp);

    expect_chunking_invariant(db, in.p, in.len, want.p, want.len, 30);
    ubuf_free(&in);
    ubuf_free(&want);
    phs_db_free(db);
}

static void test_over_max_line_number_continues(void **state)
{
    (void)state;
    /* after a masked line, line numbers and offsets stay right */
    phs_db *db = make_db(16, 32);
    const char *in = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"   /* 52 */
                     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n" /* 54 */
                     "x 123-45-6789\n";
    flist f = {0};
    size_t n;
    char *out = redact_buf(db, in, strlen(in), &n, &f);
    assert_string_equal(out, PHS_UNPROCESSED_MARK "\n" PHS_UNPROCESSED_MARK "\r\nx [SSN]\n");
    assert_int_equal(f.n, 3);
    assert_int_equal(f.v[0].line, 1);
    assert_int_equal(f.v[0].offset, 0);
    assert_int_equal(f.v[0].length, 52);
    assert_int_equal(f.v[1].line, 2);
    assert_int_equal(f.v[1].offset, 53);
    assert_int_equal(f.v[1].length, 52);
    assert_int_equal(f.v[2].line, 3);
    assert_int_equal(f.v[2].offset, 53 + 54 + 2);
    assert_int_equal(f.v[2].length, 11);
    free(out);
    flist_free(&f);
    expect_chunking_invariant(db, in, strlen(in), NULL, 0, 40);
    phs_db_free(db);
}

/* ------------------------------------------------------------ findings */

static void test_findings_offsets_and_lines(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    const char *in = "\n"                                  /* 1 */
                     "a 123-45-6789 b@c.com\r\n"           /* 2: offset 1 */
                     "mrn=M1 mrn=M2\n"                     /* 3: offset 24 */
                     "\n"                                  /* 4 */
                     "none here\n"                         /* 5 */
                     "234-56-7890";                        /* 6: offset 49 */
    static const struct {
        phs_category cat;
        size_t rule;
        const char *id;
        uint64_t off;
        size_t len;
        uint64_t line;
    } exp[] = {
        {PHS_CAT_SSN, R_SSN, "t-ssn", 3, 11, 2},   {PHS_CAT_EMAIL, R_MAIL, "t-mail", 15, 7, 2},
        {PHS_CAT_MRN, R_MRN, "t-mrn", 28, 2, 3},   {PHS_CAT_MRN, R_MRN, "t-mrn", 35, 2, 3},
        {PHS_CAT_SSN, R_SSN, "t-ssn", 49, 11, 6},
    };
    flist f = {0};
    size_t n;
    char *out = redact_buf(db, in, strlen(in), &n, &f);
    assert_string_equal(out, "\na [SSN] [EMAIL]\r\nmrn=[MRN] mrn=[MRN]\n\nnone here\n[SSN]");
    assert_int_equal(f.n, sizeof exp / sizeof exp[0]);
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(f.v[i].category, exp[i].cat);
        assert_int_equal(f.v[i].rule_index, exp[i].rule);
        assert_string_equal(f.v[i].rule_id, exp[i].id);
        assert_string_equal(f.v[i].rule_id, phs_db_rule_id(db, f.v[i].rule_index));
        assert_int_equal(f.v[i].offset, exp[i].off);
        assert_int_equal(f.v[i].length, exp[i].len);
        assert_int_equal(f.v[i].line, exp[i].line);
        /* the offsets point at the value in the input */
        assert_true(f.v[i].offset + f.v[i].length <= strlen(in));
    }
    assert_memory_equal(in + 3, "123-45-6789", 11);
    assert_memory_equal(in + 15, "b@c.com", 7);
    assert_memory_equal(in + 28, "M1", 2);
    assert_memory_equal(in + 35, "M2", 2);
    free(out);
    flist_free(&f);
    expect_chunking_invariant(db, in, strlen(in), NULL, 0, 40);
    phs_db_free(db);
}

static void test_callback_switch_off(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    flist f = {0};
    phs_stream_set_callback(s, flist_cb, &f);
    char buf[256];
    phs_outbuf ob = {buf, sizeof buf, 0};
    phs_inbuf ib = {"123-45-6789\n", 12, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(f.n, 1);
    phs_stream_set_callback(s, NULL, NULL);
    ib = (phs_inbuf){"234-56-7890\n", 12, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(f.n, 1);
    assert_int_equal(ob.pos, 12);
    assert_memory_equal(buf, "[SSN]\n[SSN]\n", 12);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.findings, 2); /* still counted */
    flist_free(&f);
    phs_stream_free(s);
    phs_db_free(db);
}

/* ------------------------------------------------------------ state */

static void test_stats_and_rule_counts(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    phs_stats st;
    phs_stream_stats(s, &st);
    phs_stats zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(&st, &zero, sizeof st);

    const char *in = "a 123-45-6789 234-56-7890\nb@c.com\nnothing\nmrn=1 z@y.com\npartial 345-67-";
    char buf[512];
    phs_outbuf ob = {buf, sizeof buf, 0};
    phs_inbuf ib = {in, strlen(in), 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(ib.pos, strlen(in));
    const char *done = "a [SSN] [SSN]\n[EMAIL]\nnothing\nmrn=[MRN] [EMAIL]\n";
    assert_int_equal(ob.pos, strlen(done));
    assert_memory_equal(buf, done, ob.pos);
    phs_stream_stats(s, &st);
    assert_int_equal(st.bytes_in, strlen(in));
    assert_int_equal(st.bytes_out, strlen(done));
    assert_int_equal(st.lines, 4);
    assert_int_equal(st.lines_with_findings, 3);
    assert_int_equal(st.findings, 5);
    assert_int_equal(st.lines_masked_whole, 0);
    assert_int_equal(st.per_category[PHS_CAT_SSN], 2);
    assert_int_equal(st.per_category[PHS_CAT_EMAIL], 2);
    assert_int_equal(st.per_category[PHS_CAT_MRN], 1);
    assert_int_equal(st.per_category[PHS_CAT_PHONE], 0);
    assert_int_equal(phs_stream_rule_count(s, R_SSN), 2);
    assert_int_equal(phs_stream_rule_count(s, R_MAIL), 2);
    assert_int_equal(phs_stream_rule_count(s, R_MRN), 1);
    assert_int_equal(phs_stream_rule_count(s, 3), 0); /* out of range */

    ib = (phs_inbuf){"6789", 4, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_OK);
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 5);
    assert_int_equal(st.findings, 6);
    assert_int_equal(st.lines_with_findings, 4);
    assert_int_equal(st.bytes_in, strlen(in) + 4);
    assert_int_equal(st.bytes_out, ob.pos);
    assert_int_equal(phs_stream_rule_count(s, R_SSN), 3);
    assert_memory_equal(buf + strlen(done), "partial [SSN]", 13);
    phs_stream_free(s);
    phs_db_free(db);
}

static void test_pending_and_drain(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    assert_int_equal(phs_stream_pending(s), 0);
    char buf[64];
    /* no room at all: the input is consumed, the output waits */
    phs_outbuf ob = {buf, 0, 0};
    phs_inbuf ib = {"x 123-45-6789\n", 14, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(ib.pos, 14);
    assert_int_equal(ob.pos, 0);
    assert_int_equal(phs_stream_pending(s), 8);
    /* a feed with no input drains */
    ob = (phs_outbuf){buf, 3, 0};
    ib = (phs_inbuf){NULL, 0, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(ob.pos, 3);
    assert_int_equal(phs_stream_pending(s), 5);
    /* more input while output waits: nothing is consumed until there is room */
    phs_outbuf none = {buf + 3, 0, 0};
    ib = (phs_inbuf){"y\n", 2, 0};
    assert_int_equal(phs_stream_feed(s, &none, &ib), PHS_OK);
    assert_int_equal(none.pos, 0);
    assert_true(ib.pos < ib.size);
    ob = (phs_outbuf){buf, sizeof buf, 3};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(ib.pos, 2);
    size_t rem = 99;
    assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
    assert_int_equal(rem, 0);
    assert_int_equal(ob.pos, 10);
    assert_memory_equal(buf, "x [SSN]\ny\n", 10);
    phs_stream_free(s);
    phs_db_free(db);
}

static void test_reset(void **state)
{
    (void)state;
    phs_db *db = make_db(16, 32);
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    flist f = {0};
    phs_stream_set_callback(s, flist_cb, &f);
    char buf[256];

    /* buffered partial line, pending output and counters are forgotten */
    phs_outbuf ob = {buf, 2, 0};
    phs_inbuf ib = {"line 123-45-6789\nhalf 234-56-", 29, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_true(phs_stream_pending(s) > 0);
    assert_int_equal(f.n, 1);
    phs_stream_reset(s);
    assert_int_equal(phs_stream_pending(s), 0);
    phs_stats st;
    phs_stream_stats(s, &st);
    phs_stats zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(&st, &zero, sizeof st);
    assert_int_equal(phs_stream_rule_count(s, R_SSN), 0);

    /* offsets and line numbers start again; the callback is kept */
    ob = (phs_outbuf){buf, sizeof buf, 0};
    ib = (phs_inbuf){"\nx 345-67-8901\n", 15, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_OK);
    assert_int_equal(ob.pos, 9);
    assert_memory_equal(buf, "\nx [SSN]\n", 9);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.v[1].offset, 3);
    assert_int_equal(f.v[1].line, 2);
    phs_stream_stats(s, &st);
    assert_int_equal(st.bytes_in, 15);
    assert_int_equal(st.bytes_out, 9);
    assert_int_equal(st.lines, 2);
    assert_int_equal(st.findings, 1);

    /* reset in the middle of a line over max_line_size */
    phs_stream_reset(s);
    ob = (phs_outbuf){buf, sizeof buf, 0};
    ib = (phs_inbuf){"ccccccccccccccccccccccccccccccccccccccccccccccccc", 49, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    phs_stream_reset(s);
    ob = (phs_outbuf){buf, sizeof buf, 0};
    ib = (phs_inbuf){"ok 123-45-6789\n", 15, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_OK);
    assert_int_equal(ob.pos, 9);
    assert_memory_equal(buf, "ok [SSN]\n", 9);
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines_masked_whole, 0);
    assert_int_equal(st.lines, 1);
    assert_int_equal(f.v[f.n - 1].offset, 3);
    assert_int_equal(f.v[f.n - 1].line, 1);

    flist_free(&f);
    phs_stream_free(s);
    phs_db_free(db);
}

static void test_abort_line(void **state)
{
    (void)state;
    phs_db *db = make_db(16, 32);
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    flist f = {0};
    phs_stream_set_callback(s, flist_cb, &f);
    char buf[256];

    /* a cut last line leaves as the mark, complete lines are untouched */
    phs_outbuf ob = {buf, sizeof buf, 0};
    phs_inbuf ib = {"a 123-45-6789\r\nhalf 123-45-67", 30, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_abort_line(s), PHS_OK);
    size_t rem = 1;
    assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
    assert_int_equal(rem, 0);
    const char *want = "a [SSN]\r\n" PHS_UNPROCESSED_MARK;
    assert_int_equal(ob.pos, strlen(want));
    assert_memory_equal(buf, want, ob.pos);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines, 2);
    assert_int_equal(st.lines_masked_whole, 1);
    assert_int_equal(st.findings, 1);
    assert_int_equal(st.bytes_in, 30);
    assert_int_equal(st.bytes_out, strlen(want));
    assert_int_equal(f.n, 2);
    assert_int_equal(f.v[1].offset, 15);
    assert_int_equal(f.v[1].length, 15);
    assert_int_equal(f.v[1].line, 2);
    assert_int_equal(f.v[1].category, PHS_CAT_COUNT);
    assert_string_equal(f.v[1].rule_id, "unprocessed");

    /* nothing partial: nothing changes */
    phs_stream_reset(s);
    ob = (phs_outbuf){buf, sizeof buf, 0};
    ib = (phs_inbuf){"ok 123-45-6789\n", 15, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_abort_line(s), PHS_OK);
    assert_int_equal(phs_stream_abort_line(s), PHS_OK);
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_OK);
    assert_int_equal(ob.pos, 9);
    assert_memory_equal(buf, "ok [SSN]\n", 9);
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines_masked_whole, 0);
    assert_int_equal(st.lines, 1);

    /* with output still waiting for room, only the cut line is masked */
    phs_stream_reset(s);
    ib = (phs_inbuf){"l1 123-45-6789\nl2\ncut", 21, 0};
    size_t got = 0;
    while (ib.pos < ib.size) {
        ob = (phs_outbuf){buf + got, 1, 0};
        assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
        got += ob.pos;
    }
    assert_true(phs_stream_pending(s) > 0);
    assert_int_equal(phs_stream_abort_line(s), PHS_OK);
    ob = (phs_outbuf){buf + got, sizeof buf - got, 0};
    rem = 1;
    assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
    assert_int_equal(rem, 0);
    got += ob.pos;
    want = "l1 [SSN]\nl2\n" PHS_UNPROCESSED_MARK;
    assert_int_equal(got, strlen(want));
    assert_memory_equal(buf, want, got);

    /* inside a line over max_line_size: it is masked already */
    phs_stream_reset(s);
    ob = (phs_outbuf){buf, sizeof buf, 0};
    ib = (phs_inbuf){"cccccccccccccccccccccccccccccccccccccccccccccccc", 48, 0};
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
    assert_int_equal(phs_stream_abort_line(s), PHS_OK);
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_OK);
    assert_int_equal(ob.pos, strlen(PHS_UNPROCESSED_MARK));
    assert_memory_equal(buf, PHS_UNPROCESSED_MARK, ob.pos);
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines_masked_whole, 1);
    assert_int_equal(st.lines, 1);

    assert_int_equal(phs_stream_abort_line(NULL), PHS_E_ARG);
    flist_free(&f);
    phs_stream_free(s);
    phs_db_free(db);
}

/* ------------------------------------------------------------ one-shot */

static void test_redact_dstsize(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    const char *in = "ssn 123-45-6789\n"; /* -> "ssn [SSN]\n": 10 bytes */
    char buf[64];
    size_t w = 0;
    assert_int_equal(phs_redact(db, in, strlen(in), buf, sizeof buf, &w, NULL, NULL), PHS_OK);
    assert_int_equal(w, 10);
    assert_memory_equal(buf, "ssn [SSN]\n", 10);
    w = 0;
    assert_int_equal(phs_redact(db, in, strlen(in), buf, 10, &w, NULL, NULL), PHS_OK);
    assert_int_equal(w, 10);
    for (size_t cap = 0; cap < 10; cap++) {
        w = 0;
        assert_int_equal(phs_redact(db, in, strlen(in), buf, cap, &w, NULL, NULL),
                         PHS_E_DSTSIZE);
        assert_int_equal(w, 10);
    }
    w = 0;
    assert_int_equal(phs_redact(db, in, strlen(in), NULL, 0, &w, NULL, NULL), PHS_E_DSTSIZE);
    assert_int_equal(w, 10);
    /* output larger than input */
    w = 0;
    assert_int_equal(phs_redact(db, "mrn=1", 5, buf, 5, &w, NULL, NULL), PHS_E_DSTSIZE);
    assert_int_equal(w, 9);
    /* empty input */
    w = 99;
    assert_int_equal(phs_redact(db, "", 0, buf, 0, &w, NULL, NULL), PHS_OK);
    assert_int_equal(w, 0);
    w = 99;
    assert_int_equal(phs_redact(db, NULL, 0, NULL, 0, &w, NULL, NULL), PHS_OK);
    assert_int_equal(w, 0);

    /* a big input with a small buffer: the size needed is still exact, and
       the findings are still reported once each */
    ubuf big = {0}, want = {0};
    for (int i = 0; i < 3000; i++) {
        ubuf_add(&big, "row 123-45-6789 end\n", 20);
        ubuf_add(&want, "row [SSN] end\n", 14);
    }
    ubuf_add(&big, "last 123-45-6789", 16);
    ubuf_add(&want, "last [SSN]", 10);
    static const size_t caps[] = {0, 1, 100, 4095, 4096, 4097, 20000};
    for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
        char *dst = malloc(caps[k] + 1);
        assert_non_null(dst);
        flist f = {0};
        w = 0;
        assert_int_equal(phs_redact(db, big.p, big.len, dst, caps[k], &w, flist_cb, &f),
                         PHS_E_DSTSIZE);
        assert_int_equal(w, want.len);
        assert_int_equal(f.n, 3001);
        free(dst);
        flist_free(&f);
    }
    char *dst = malloc(want.len);
    assert_non_null(dst);
    assert_int_equal(phs_redact(db, big.p, big.len, dst, want.len, &w, NULL, NULL), PHS_OK);
    assert_int_equal(w, want.len);
    assert_memory_equal(dst, want.p, want.len);
    free(dst);
    ubuf_free(&big);
    ubuf_free(&want);
    phs_db_free(db);
}

static void test_arguments_and_null(void **state)
{
    (void)state;
    phs_db *db = make_db(0, 0);
    char buf[16];
    size_t w;
    assert_int_equal(phs_redact(NULL, "x", 1, buf, 16, &w, NULL, NULL), PHS_E_ARG);
    assert_int_equal(phs_redact(db, NULL, 1, buf, 16, &w, NULL, NULL), PHS_E_ARG);
    assert_int_equal(phs_redact(db, "x", 1, NULL, 16, &w, NULL, NULL), PHS_E_ARG);
    assert_int_equal(phs_redact(db, "x", 1, buf, 16, NULL, NULL, NULL), PHS_E_ARG);

    phs_stream *s = (phs_stream *)&s;
    assert_int_equal(phs_stream_create(NULL, &s), PHS_E_ARG);
    assert_int_equal(phs_stream_create(db, NULL), PHS_E_ARG);
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    phs_outbuf ob = {buf, sizeof buf, 0};
    phs_inbuf ib = {"x", 1, 0};
    assert_int_equal(phs_stream_feed(NULL, &ob, &ib), PHS_E_ARG);
    assert_int_equal(phs_stream_feed(s, NULL, &ib), PHS_E_ARG);
    assert_int_equal(phs_stream_feed(s, &ob, NULL), PHS_E_ARG);
    ob.pos = ob.size + 1;
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_E_ARG);
    ob.pos = 0;
    ib.pos = 2;
    assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_E_ARG);
    assert_int_equal(phs_stream_flush(NULL, &ob, NULL), PHS_E_ARG);
    assert_int_equal(phs_stream_flush(s, NULL, NULL), PHS_E_ARG);
    ob.pos = ob.size + 1;
    assert_int_equal(phs_stream_flush(s, &ob, NULL), PHS_E_ARG);
    phs_stream_free(s);

    /* every free accepts NULL; the other calls tolerate it */
    phs_stream_free(NULL);
    phs_db_free(NULL);
    phs_rules_free(NULL);
    phs_stream_set_callback(NULL, flist_cb, NULL);
    phs_stream_reset(NULL);
    phs_stats st;
    memset(&st, 0x11, sizeof st);
    phs_stream_stats(NULL, &st);
    assert_int_equal(st.lines, 0x1111111111111111ull); /* untouched */
    assert_int_equal(phs_stream_pending(NULL), 0);
    assert_int_equal(phs_stream_rule_count(NULL, 0), 0);
    phs_db_free(db);
}

static void test_many_streams_one_db(void **state)
{
    (void)state;
    /* streams sharing a db do not share state */
    phs_db *db = make_db(0, 0);
    phs_stream *a = NULL, *b = NULL;
    assert_int_equal(phs_stream_create(db, &a), PHS_OK);
    assert_int_equal(phs_stream_create(db, &b), PHS_OK);
    char ba[64], bb[64];
    phs_outbuf oa = {ba, sizeof ba, 0}, obb = {bb, sizeof bb, 0};
    phs_inbuf ia = {"a 123-45-", 9, 0}, ib = {"b x@y.com\n", 10, 0};
    assert_int_equal(phs_stream_feed(a, &oa, &ia), PHS_OK);
    assert_int_equal(phs_stream_feed(b, &obb, &ib), PHS_OK);
    ia = (phs_inbuf){"6789\n", 5, 0};
    assert_int_equal(phs_stream_feed(a, &oa, &ia), PHS_OK);
    assert_int_equal(phs_stream_flush(a, &oa, NULL), PHS_OK);
    assert_int_equal(phs_stream_flush(b, &obb, NULL), PHS_OK);
    assert_int_equal(oa.pos, 8);
    assert_memory_equal(ba, "a [SSN]\n", 8);
    assert_int_equal(obb.pos, 10);
    assert_memory_equal(bb, "b [EMAIL]\n", 10);
    phs_stream_free(a);
    phs_stream_free(b);
    phs_db_free(db);
}

/* One db shared by threads, one stream each (no cmocka calls in threads). */
typedef struct worker {
    const phs_db *db;
    const char *in, *want;
    size_t len, wantlen;
    uint64_t seed;
    int failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    phs_stream *s = NULL;
    if (phs_stream_create(w->db, &s) != PHS_OK) {
        w->failures++;
        return NULL;
    }
    char *out = malloc(w->wantlen + 1);
    if (!out) {
        w->failures++;
        phs_stream_free(s);
        return NULL;
    }
    for (int round = 0; round < 200; round++) {
        phs_stream_reset(s);
        size_t pos = 0, got = 0;
        while (pos < w->len) {
            size_t c = rng_range(&w->seed, 1, 97);
            if (c > w->len - pos)
                c = w->len - pos;
            phs_inbuf ib = {w->in + pos, c, 0};
            while (ib.pos < ib.size) {
                phs_outbuf ob = {out + got, w->wantlen + 1 - got, 0};
                if (phs_stream_feed(s, &ob, &ib) != PHS_OK || ob.pos == ob.size) {
                    w->failures++; /* an error, or more output than expected */
                    goto done;
                }
                got += ob.pos;
            }
            pos += c;
        }
        phs_outbuf ob = {out + got, w->wantlen + 1 - got, 0};
        size_t rem = 0;
        if (phs_stream_flush(s, &ob, &rem) != PHS_OK || rem)
            w->failures++;
        got += ob.pos;
        if (got != w->wantlen || memcmp(out, w->want, got) != 0)
            w->failures++;
    }
done:
    free(out);
    phs_stream_free(s);
    return NULL;
}

static void test_threads_share_db(void **state)
{
    (void)state;
    phs_db *db = make_db(128, 0);
    ubuf in = {0}, want = {0};
    static const char line_in[] = "t 123-45-6789 a@b.com mrn=X1 plain text here\n";
    static const char line_out[] = "t [SSN] [EMAIL] mrn=[MRN] plain text here\n";
    for (int i = 0; i < 200; i++) {
        ubuf_add(&in, line_in, sizeof line_in - 1);
        ubuf_add(&want, line_out, sizeof line_out - 1);
    }
    worker w[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){db, in.p, want.p, in.len, want.len, 1000u + (uint64_t)i, 0};
        assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
    ubuf_free(&in);
    ubuf_free(&want);
    phs_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bytes_preserved),
        cmocka_unit_test(test_tiny_buffers),
        cmocka_unit_test(test_random_corpus),
        cmocka_unit_test(test_long_line_fully_scanned),
        cmocka_unit_test(test_long_line_output_in_pieces),
        cmocka_unit_test(test_line_over_max),
        cmocka_unit_test(test_over_max_line_number_continues),
        cmocka_unit_test(test_findings_offsets_and_lines),
        cmocka_unit_test(test_callback_switch_off),
        cmocka_unit_test(test_stats_and_rule_counts),
        cmocka_unit_test(test_pending_and_drain),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_abort_line),
        cmocka_unit_test(test_redact_dstsize),
        cmocka_unit_test(test_arguments_and_null),
        cmocka_unit_test(test_many_streams_one_db),
        cmocka_unit_test(test_threads_share_db),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

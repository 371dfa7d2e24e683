/* encoding.c: UTF-16/UTF-32 detection, and the round trip through UTF-8
   that must give back every byte (unpaired surrogates included) whatever
   the chunking of input and output. */
#include "unit_util.h"

static const phs_encoding ALL[] = {PHS_ENC_UTF16LE, PHS_ENC_UTF16BE, PHS_ENC_UTF32LE,
                                   PHS_ENC_UTF32BE};

static size_t usize(phs_encoding e) { return e == PHS_ENC_UTF16LE || e == PHS_ENC_UTF16BE ? 2 : 4; }
static bool be(phs_encoding e) { return e == PHS_ENC_UTF16BE || e == PHS_ENC_UTF32BE; }

static size_t put_unit(phs_encoding e, uint32_t v, uint8_t *o)
{
    size_t n = usize(e);
    for (size_t i = 0; i < n; i++)
        o[i] = (uint8_t)(v >> (8 * (be(e) ? n - 1 - i : i)));
    return n;
}

/* ASCII text in encoding e, with or without a byte-order mark. */
static size_t encode_ascii(phs_encoding e, const char *s, bool bom, uint8_t *o)
{
    size_t k = 0;
    if (bom)
        k += put_unit(e, 0xFEFF, o);
    for (; *s; s++)
        k += put_unit(e, (uint8_t)*s, o + k);
    return k;
}

/* Run the converter over src in pieces of at most `in_step` bytes into an
   output of at most `out_step` bytes per call. */
static size_t convert(phs_encoding e, int to_utf8, const uint8_t *src, size_t n, uint8_t *dst,
                      size_t cap, size_t in_step, size_t out_step)
{
    phs_transcoder *t = NULL;
    assert_int_equal(phs_transcoder_create(e, to_utf8, &t), PHS_OK);
    size_t w = 0;
    for (size_t pos = 0; pos < n;) {
        size_t take = n - pos < in_step ? n - pos : in_step;
        phs_inbuf ib = {src + pos, take, 0};
        while (ib.pos < ib.size) {
            size_t room = cap - w < out_step ? cap - w : out_step;
            phs_outbuf ob = {dst + w, room, 0};
            assert_int_equal(phs_transcode(t, &ob, &ib), PHS_OK);
            w += ob.pos;
            assert_true(w < cap);
        }
        pos += take;
    }
    size_t rem;
    do {
        size_t room = cap - w < out_step ? cap - w : out_step;
        phs_outbuf ob = {dst + w, room, 0};
        assert_int_equal(phs_transcode_end(t, &ob, &rem), PHS_OK);
        w += ob.pos;
    } while (rem);
    phs_transcoder_free(t);
    return w;
}

static void test_detect(void **state)
{
    (void)state;
    uint8_t b[256];
    for (size_t i = 0; i < 4; i++) {
        phs_encoding e = ALL[i];
        for (int bom = 0; bom <= 1; bom++) {
            size_t n = encode_ascii(e, "2024-03-15 INFO ssn=123-45-6789\r\n", bom, b);
            assert_int_equal(phs_encoding_detect(b, n), e);
            /* four bytes are enough */
            assert_int_equal(phs_encoding_detect(b, 4), e);
        }
    }
    /* a UTF-16 text with some characters outside ASCII */
    size_t n = 0;
    const uint32_t mixed[] = {'J', 0xE9, 'r', 0xF4, 'm', 'e', ' ', 0x4E2D, 'x', '\n'};
    for (size_t i = 0; i < 10; i++)
        n += put_unit(PHS_ENC_UTF16LE, mixed[i], b + n);
    assert_int_equal(phs_encoding_detect(b, n), PHS_ENC_UTF16LE);
    /* not UTF-16 or UTF-32 */
    const char *const plain[] = {"plain text\n", "ab", "a", "", "caf\xc3\xa9 \xe4\xb8\xad\n",
                                 "\xef\xbb\xbfwith a UTF-8 mark\n", "one\0NUL in text\n"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        assert_int_equal(phs_encoding_detect(plain[i], strlen(plain[i]) + (i == 6 ? 12 : 0)),
                         PHS_ENC_UTF8);
    assert_int_equal(phs_encoding_detect(NULL, 10), PHS_ENC_UTF8);
    /* a UTF-16 mark then 8-bit text (no NUL: no ASCII character in UTF-16)
       is 8-bit text: decoded, its ssn would pass in clear */
    static const char ffe[] = "\xff\xfessn=123-45-6789 caf\xe9\n", fef[] = "\xfe\xffssn=1\n";
    assert_int_equal(phs_encoding_detect(ffe, sizeof ffe - 1), PHS_ENC_UTF8);
    assert_int_equal(phs_encoding_detect(fef, sizeof fef - 1), PHS_ENC_UTF8);
    /* UTF-16 all outside ASCII with its mark and a newline is told */
    n = 0;
    const uint32_t cjk[] = {0xFEFF, 0x4E2D, 0x6587, 0x0A};
    for (size_t i = 0; i < 4; i++)
        n += put_unit(PHS_ENC_UTF16BE, cjk[i], b + n);
    assert_int_equal(phs_encoding_detect(b, n), PHS_ENC_UTF16BE);
    /* binary: NUL runs (UTF-16 units of zero) are no text */
    uint8_t bin[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    assert_int_equal(phs_encoding_detect(bin, sizeof bin), PHS_ENC_UTF8);
    uint64_t rng = 42;
    for (size_t i = 0; i < sizeof b; i++)
        b[i] = (uint8_t)(rng_next(&rng) >> 24);
    assert_int_equal(phs_encoding_detect(b, sizeof b), PHS_ENC_UTF8);
    /* names */
    assert_string_equal(phs_encoding_name(PHS_ENC_UTF16LE), "UTF-16LE");
    assert_string_equal(phs_encoding_name(PHS_ENC_UTF32BE), "UTF-32BE");
    assert_null(phs_encoding_name((phs_encoding)99));
}

static void test_decode_values(void **state)
{
    (void)state;
    uint8_t src[128], dst[128];
    for (size_t i = 0; i < 4; i++) {
        phs_encoding e = ALL[i];
        size_t n = encode_ascii(e, "ssn 123-45-6789\n", true, src);
        size_t w = convert(e, 1, src, n, dst, sizeof dst, 3, 5);
        assert_int_equal(w, 3 + 16);
        assert_memory_equal(dst, "\xef\xbb\xbfssn 123-45-6789\n", w);
        /* and back */
        uint8_t back[128];
        size_t b = convert(e, 0, dst, w, back, sizeof back, 1, 3);
        assert_int_equal(b, n);
        assert_memory_equal(back, src, n);
    }
    /* a pair, an unpaired high and low surrogate, U+FFFF, a unit cut at the end */
    size_t n = 0;
    const uint32_t units[] = {0xD83D, 0xDE00, 0xD800, 'a', 0xDC00, 0xFFFF};
    for (size_t i = 0; i < 6; i++)
        n += put_unit(PHS_ENC_UTF16LE, units[i], src + n);
    size_t w = convert(PHS_ENC_UTF16LE, 1, src, n, dst, sizeof dst, 1, 1);
    assert_int_equal(w, 4 + 3 + 1 + 3 + 3);
    assert_memory_equal(dst, "\xf0\x9f\x98\x80\xed\xa0\x80" "a" "\xed\xb0\x80\xef\xbf\xbf", w);
    src[n++] = 'x'; /* half a unit */
    w = convert(PHS_ENC_UTF16LE, 1, src, n, dst, sizeof dst, 7, 2);
    assert_memory_equal(dst + w - 3, "\xef\xbf\xbd", 3);
    /* a high surrogate last, then a cut unit: the surrogate first */
    n = put_unit(PHS_ENC_UTF16BE, 0xD801, src);
    src[n++] = 0;
    w = convert(PHS_ENC_UTF16BE, 1, src, n, dst, sizeof dst, 1, 1);
    assert_int_equal(w, 6);
    assert_memory_equal(dst, "\xed\xa0\x81\xef\xbf\xbd", 6);
    /* UTF-32 past U+10FFFF: U+FFFD */
    n = put_unit(PHS_ENC_UTF32LE, 0x110000, src);
    n += put_unit(PHS_ENC_UTF32LE, 0x10FFFF, src + n);
    w = convert(PHS_ENC_UTF32LE, 1, src, n, dst, sizeof dst, 2, 3);
    assert_int_equal(w, 7);
    assert_memory_equal(dst, "\xef\xbf\xbd\xf4\x8f\xbf\xbf", 7);
}

static void test_encode_invalid(void **state)
{
    (void)state;
    /* bytes that are not UTF-8: each maximal bad part is one U+FFFD */
    static const struct {
        const char *in;
        size_t n;
        const uint32_t out[8];
        size_t nout;
    } cases[] = {
        {"a\x80" "b", 3, {'a', 0xFFFD, 'b'}, 3},
        {"\xc3" "a", 2, {0xFFFD, 'a'}, 2},
        {"\xe4\xb8" "a", 3, {0xFFFD, 'a'}, 2},
        {"\xc0\xaf", 2, {0xFFFD, 0xFFFD}, 2},
        {"\xe0\x80\x80", 3, {0xFFFD, 0xFFFD, 0xFFFD}, 3},
        {"\xf5\x80", 2, {0xFFFD, 0xFFFD}, 2},
        {"\xf4\x90\x80\x80", 4, {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}, 4},
        {"\xe4\xb8\xad", 3, {0x4E2D}, 1},
        {"\xe4\xb8", 2, {0xFFFD}, 1}, /* cut at the end */
        {"\xed\xa0\x80", 3, {0xD800}, 1}, /* a surrogate carried by decoding */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t dst[64], want[64];
        size_t wn = 0;
        for (size_t k = 0; k < cases[i].nout; k++)
            wn += put_unit(PHS_ENC_UTF32BE, cases[i].out[k], want + wn);
        size_t w = convert(PHS_ENC_UTF32BE, 0, (const uint8_t *)cases[i].in, cases[i].n, dst,
                           sizeof dst, 1, 64);
        if (w != wn || memcmp(dst, want, wn) != 0)
            print_error("case %zu\n", i);
        assert_int_equal(w, wn);
        assert_memory_equal(dst, want, wn);
    }
    /* UTF-16: a code point past the BMP becomes a pair */
    uint8_t dst[16];
    size_t w = convert(PHS_ENC_UTF16LE, 0, (const uint8_t *)"\xf0\x9f\x98\x80", 4, dst,
                       sizeof dst, 1, 1);
    assert_int_equal(w, 4);
    assert_memory_equal(dst, "\x3d\xd8\x00\xde", 4);
}

/* Random units of every kind, any chunking: decode then encode gives the
   bytes back. */
static void test_round_trip(void **state)
{
    (void)state;
    uint64_t rng = 0x7574663136ull;
    static uint8_t src[8192], mid[16384], back[8192];
    for (int round = 0; round < 400; round++) {
        phs_encoding e = ALL[round % 4];
        size_t n = 0, size = usize(e);
        while (n + 8 <= sizeof src / 2) {
            uint32_t r = (uint32_t)rng_next(&rng), v;
            switch (r % 6) {
            case 0: v = 0x20 + (r >> 8) % 0x5F; break;
            case 1: v = 0x80 + (r >> 8) % 0x780; break;
            case 2: v = 0xD800 + (r >> 8) % 0x800; break; /* any surrogate, paired or not */
            case 3: v = 0xE000 + (r >> 8) % 0x2000; break;
            case 4: v = size == 4 ? 0x10000 + (r >> 8) % 0x100000 : '\n'; break;
            default: v = (r >> 8) % 0x10000; if (!v) v = 1; break;
            }
            if (size == 2 && v > 0xFFFF)
                v = 'x';
            n += put_unit(e, v, src + n);
        }
        size_t w = convert(e, 1, src, n, mid, sizeof mid, 1 + rng_next(&rng) % 700,
                           1 + rng_next(&rng) % 300);
        size_t b = convert(e, 0, mid, w, back, sizeof back, 1 + rng_next(&rng) % 700,
                           1 + rng_next(&rng) % 300);
        assert_int_equal(b, n);
        assert_memory_equal(back, src, n);
    }
}

/* A high surrogate left at the end while the output before it waits for
   room (fuzz_encoding's first finding: D83D D800 in two-byte pieces lost
   the D800): it comes out after, on a later call of phs_transcode_end. */
static void test_pending_unit_at_end(void **state)
{
    (void)state;
    static const uint8_t src[] = {0x3d, 0xd8, 0x00, 0xd8};
    static const uint8_t wtf8[] = {0xed, 0xa0, 0xbd, 0xed, 0xa0, 0x80};
    uint8_t mid[32], back[32];
    for (size_t step = 1; step <= 4; step++) {
        for (size_t ostep = 1; ostep <= 8; ostep++) {
            size_t w = convert(PHS_ENC_UTF16LE, 1, src, sizeof src, mid, sizeof mid, step, ostep);
            assert_int_equal(w, sizeof wtf8);
            assert_memory_equal(mid, wtf8, w);
            size_t b = convert(PHS_ENC_UTF16LE, 0, mid, w, back, sizeof back, ostep, step);
            assert_int_equal(b, sizeof src);
            assert_memory_equal(back, src, b);
        }
    }
}

static void test_arguments(void **state)
{
    (void)state;
    phs_transcoder *t = (phs_transcoder *)&t;
    assert_int_equal(phs_transcoder_create(PHS_ENC_UTF8, 1, &t), PHS_E_ARG);
    assert_null(t);
    assert_int_equal(phs_transcoder_create((phs_encoding)9, 1, &t), PHS_E_ARG);
    assert_int_equal(phs_transcoder_create(PHS_ENC_UTF16LE, 1, NULL), PHS_E_ARG);
    assert_int_equal(phs_transcoder_create(PHS_ENC_UTF16LE, 1, &t), PHS_OK);
    phs_inbuf ib = {"a\0", 2, 3};
    char o[4];
    phs_outbuf ob = {o, sizeof o, 0};
    assert_int_equal(phs_transcode(t, &ob, &ib), PHS_E_ARG);
    assert_int_equal(phs_transcode(NULL, &ob, &ib), PHS_E_ARG);
    assert_int_equal(phs_transcode_end(NULL, &ob, NULL), PHS_E_ARG);
    ib.pos = 0;
    assert_int_equal(phs_transcode(t, &ob, &ib), PHS_OK);
    assert_int_equal(ob.pos, 1);
    assert_int_equal(phs_transcode_end(t, &ob, NULL), PHS_OK);
    phs_transcoder_free(t);
    phs_transcoder_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_decode_values),
        cmocka_unit_test(test_encode_invalid),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_pending_unit_at_end),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

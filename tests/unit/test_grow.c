/* grow.h: a buffer that grows or goes away leaves no PHI behind. Built with
   -Wl,--wrap=free,--wrap=realloc: every free and realloc of the library
   and of this test comes here first, so a freed block can be read before it
   goes, and a realloc of a block holding a planted value is caught (realloc
   frees the old block with the bytes in it). */
#define _GNU_SOURCE
#include "unit_util.h"

#include <malloc.h>

#include "grow.h"

void __real_free(void *p);
void *__real_realloc(void *p, size_t n);

/* What no freed block may hold. */
static const char *watch;
static size_t watch_len;
static unsigned leaks; /* freed or realloc'd blocks that held it */
static void *watch_block;   /* a block whose first watch_block_len bytes */
static size_t watch_block_len; /* must be zero when it is freed */
static unsigned watch_block_checked;

static bool holds_watch(const void *p)
{
    if (!watch || !p)
        return false;
    size_t n = malloc_usable_size((void *)p);
    return n >= watch_len && memmem(p, n, watch, watch_len) != NULL;
}

void __wrap_free(void *p)
{
    if (holds_watch(p))
        leaks++;
    if (p && p == watch_block) {
        const unsigned char *b = p;
        for (size_t i = 0; i < watch_block_len; i++)
            if (b[i]) {
                leaks++;
                break;
            }
        watch_block_checked++;
        watch_block = NULL;
    }
    __real_free(p);
}

void *__wrap_realloc(void *p, size_t n)
{
    if (holds_watch(p))
        leaks++;
    return __real_realloc(p, n);
}

/* ---------------------------------------------------------------- grow.h */

static void test_grow_clears_old_block(void **state)
{
    (void)state;
    char *p = NULL;
    size_t cap = 0;
    assert_int_equal(PHS_GROW(p, cap, 0, 100), 0);
    assert_true(cap >= 100);
    memset(p, 'x', cap);
    memcpy(p, "123-45-6789", 11);
    watch_block = p;
    watch_block_len = cap;
    watch_block_checked = 0;
    leaks = 0;
    size_t old = cap;
    assert_int_equal(PHS_GROW(p, cap, 11, old + 1), 0);
    assert_int_equal(watch_block_checked, 1); /* the old block went */
    assert_int_equal(leaks, 0);               /* cleared first */
    assert_memory_equal(p, "123-45-6789", 11); /* the used part moved */
    assert_true(cap > old);
    watch_block = p;
    watch_block_len = cap;
    phs_free_clear(p, cap);
    assert_int_equal(watch_block_checked, 2);
    assert_int_equal(leaks, 0);
}

/* "dd" in the VmFlags of the mapping that holds p (MADV_DONTDUMP). */
static bool mapping_dontdump(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    assert_non_null(f);
    char line[512];
    bool in = false, dd = false;
    uintptr_t a = (uintptr_t)p;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = a >= lo && a < hi;
            continue;
        }
        if (in && strncmp(line, "VmFlags:", 8) == 0)
            dd = strstr(line, " dd") != NULL;
    }
    fclose(f);
    return dd;
}

static void test_grow_large_is_mapped(void **state)
{
    (void)state;
    phs_buf b = {0};
    assert_int_equal(phs_buf_append(&b, "123-45-6789", 11), 0);
    void *small = b.p;
    watch_block = small;
    watch_block_len = b.cap;
    watch_block_checked = 0;
    leaks = 0;
    /* past PHS_GROW_MAP: a mapping of its own, the small block cleared */
    assert_int_equal(phs_buf_reserve(&b, PHS_GROW_MAP), 0);
    assert_int_equal(watch_block_checked, 1);
    assert_int_equal(leaks, 0);
    assert_true(b.cap >= PHS_GROW_MAP + 11);
    assert_memory_equal(b.p, "123-45-6789", 11);
    assert_int_equal((uintptr_t)b.p % 4096, 0);
#ifdef MADV_DONTDUMP
    assert_true(mapping_dontdump(b.p));
#endif
    /* grown again by mremap: the bytes move with the pages */
    memset(b.p + 11, 'y', b.cap - 11);
    b.len = b.cap;
    size_t before = b.cap;
    assert_int_equal(phs_buf_reserve(&b, 1), 0);
    assert_true(b.cap > before);
    assert_memory_equal(b.p, "123-45-6789", 11);
    assert_int_equal(b.p[before - 1], 'y');
    phs_buf_free(&b);
    assert_null(b.p);
    assert_int_equal(b.cap, 0);
}

static void test_grow_plain_and_overflow(void **state)
{
    (void)state;
    uint64_t *v = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(PHS_GROW_PLAIN(v, cap, i + 1), 0);
        v[i] = i;
    }
    assert_true(cap >= 1000);
    assert_int_equal(v[999], 999);
    free(v);
    /* a count whose bytes overflow size_t is refused, p unchanged */
    uint64_t *w = NULL;
    size_t wc = 0;
    assert_int_equal(PHS_GROW(w, wc, 0, SIZE_MAX / 4), -1);
    assert_null(w);
    assert_int_equal(wc, 0);
    phs_buf b = {0};
    assert_int_equal(phs_buf_append(&b, "x", 1), 0);
    assert_int_equal(phs_buf_reserve(&b, SIZE_MAX), -1);
    assert_int_equal(b.len, 1);
    phs_buf_free(&b);
}

/* ---------------------------------------------------------------- stream */

static const char RULES[] =
    "[t-ssn]\ncategory = SSN\n"
    "pattern = (?<![\\w-])(?<phi>\\d{3}-\\d{2}-\\d{4})(?![\\w-])\nvalidator = ssn\n"
    "[t-mail]\ncategory = EMAIL\npattern = [a-z]+@[a-z]+\\.com\n";

/* A stream whose input, output and span buffers all grow, over lines that
   hold the planted value: when the stream is freed, no block it ever freed
   or moved held the value. On the code before grow.h this counted the
   realloc'd input and output buffers. */
static void run_planted(const phs_options *o, size_t line_len, size_t chunk)
{
    phs_db *db = db_from_text(RULES, o);
    assert_non_null(db);
    /* the mark is no SSN (a 000 area), so it stays in the input and is
       copied to the output as it is: both buffers hold it */
    static const char mark[] = "000-12-3456";
    size_t len = 3 * (line_len + 1);
    char *in = malloc(len);
    assert_non_null(in);
    for (size_t i = 0; i < len; i++)
        in[i] = (char)('a' + i % 26);
    for (size_t l = 0; l < 3; l++) {
        char *line = in + l * (line_len + 1);
        for (size_t k = 0; k + 40 < line_len; k += line_len / 7 + 1) {
            memcpy(line + k, " ssn 123-45-6789 x@y.com ", 25);
            memcpy(line + k + 25, mark, 11);
        }
        line[line_len] = '\n';
    }
    watch = mark;
    watch_len = 11;
    leaks = 0;
    phs_stream *s = NULL;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    char *room = malloc(chunk);
    assert_non_null(room);
    for (size_t pos = 0; pos < len;) {
        size_t n = len - pos < chunk ? len - pos : chunk;
        phs_inbuf ib = {in + pos, n, 0};
        while (ib.pos < ib.size) {
            phs_outbuf ob = {room, chunk, 0};
            assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
        }
        pos += n;
    }
    size_t rem;
    do {
        phs_outbuf ob = {room, chunk, 0};
        assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
    } while (rem);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_true(st.findings >= 6);
    phs_stream_free(s);
    phs_db_free(db);
    watch = NULL;
    assert_int_equal(leaks, 0);
    free(room);
    free(in);
}

static void test_stream_leaves_no_value(void **state)
{
    (void)state;
    phs_options o;
    phs_options_init(&o);
    o.block_size = 4096;
    /* lines longer than the block: the input buffer doubles, and the output
       buffer with it; small output room keeps output pending */
    run_planted(&o, 50000, 777);
    /* past PHS_GROW_MAP: the mapped, mremap'd path */
    run_planted(&o, 3 << 20, 1 << 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_clears_old_block),
        cmocka_unit_test(test_grow_large_is_mapped),
        cmocka_unit_test(test_grow_plain_and_overflow),
        cmocka_unit_test(test_stream_leaves_no_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

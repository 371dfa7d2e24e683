/* Allocation failure, the way curl's torture tests do it: over a
   representative run (the bundled rules loaded and compiled, a stream over
   text, JSON, FHIR, HL7 and a long line, tokens and encrypted tokens, and
   reveal), the Nth allocation fails, for every N until a run needs no more.
   Each time: every call returns PHS_OK or PHS_E_NOMEM (a clean error); each
   output line is the reference line, or that line masked whole, or (the
   keyed actions) that line with a token that could not be made written as
   its label (act.h: the fallback); no planted value comes out; nothing
   crashes; every block taken is given back (counted here; under ASan,
   LeakSanitizer checks it too).

   Built with -Wl,--wrap for malloc, calloc, realloc, posix_memalign,
   strdup and strndup: every allocation of the library comes here; Hyperscan
   allocates through hs_set_allocator, so its scratch and database blocks
   count too. PCRE2 and libcrypto allocate inside their own libraries and
   are not counted. */
#define _GNU_SOURCE
#include "unit_util.h"

#include <hs/hs.h>
#include <execinfo.h>
#include <limits.h>
#include <time.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
int __real_posix_memalign(void **p, size_t a, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);

static long countdown = -1; /* allocations left before the failing one */
static long calls;          /* allocations asked for while armed */
static long live;           /* blocks taken and not yet given back */
static bool failed;         /* the failing allocation happened */

static bool fail_now(void)
{
    if (countdown < 0)
        return false;
    calls++;
    if (countdown-- == 0) {
        failed = true;
        if (getenv("TORTURE_TRACE")) {
            void *bt[32];
            backtrace_symbols_fd(bt, backtrace(bt, 32), 2);
        }
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __real_malloc(n);
    live += p != NULL;
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    if (fail_now())
        return NULL;
    void *p = __real_calloc(n, m);
    live += p != NULL;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (fail_now())
        return NULL;
    void *q = __real_realloc(p, n);
    live += q != NULL && p == NULL;
    return q;
}

int __wrap_posix_memalign(void **p, size_t a, size_t n)
{
    if (fail_now())
        return 12; /* ENOMEM */
    int rc = __real_posix_memalign(p, a, n);
    live += rc == 0;
    return rc;
}

char *__wrap_strdup(const char *s)
{
    if (fail_now())
        return NULL;
    char *p = __real_strdup(s);
    live += p != NULL;
    return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
    if (fail_now())
        return NULL;
    char *p = __real_strndup(s, n);
    live += p != NULL;
    return p;
}

void __wrap_free(void *p)
{
    live -= p != NULL;
    __real_free(p);
}

/* act.c's own-output check (act.h): a label, a token, an encrypted token */
bool phs_is_own_output(const char *p, size_t n);

static void *hs_alloc(size_t n) { return __wrap_malloc(n); }
static void hs_free(void *p) { __wrap_free(p); }

/* ------------------------------------------------------------ the run */

/* Values planted in the input that must never come out. */
static const char *const planted[] = {
    "123-45-6789", "John Smith", "jane.doe@example.com", "(555) 234-5678", "00482133",
    "DOE^JANE",    "1962-03-14", "Hamanova",             "987-65-4321",
};

static char input[16384];
static size_t input_len;

static void make_input(void)
{
    static const char *const lines[] = {
        "2024-03-15T10:22:31Z INFO svc=billing took=12ms status=200\n",
        "pt lookup ssn=123-45-6789 dob: 03/14/1962 cb (555) 234-5678 from 10.20.30.40\n",
        "Patient: John Smith seen, email jane.doe@example.com mrn=00482133\r\n",
        "{\"resourceType\":\"Patient\",\"birthDate\":\"1962-03-14\",\"name\":[{\"family\":"
        "\"Hamanova\",\"given\":[\"Jana\"]}],\"identifier\":[{\"value\":\"00482133\"}]}\n",
        "PID|1||00482133^^^HOSP^MR||DOE^JANE^Q||19620314|F|||1 MAIN ST^^BOSTON^MA^02139\n",
        "no phi here at all, just words and 0x7fff v2.14.3\n",
    };
    input_len = 0;
    for (int rep = 0; rep < 2; rep++)
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
            size_t n = strlen(lines[i]);
            memcpy(input + input_len, lines[i], n);
            input_len += n;
        }
    /* a long line: over 4 blocks of 1 KiB, a block of its own */
    for (int i = 0; i < 120; i++) {
        memcpy(input + input_len, " ssn 987-65-4321 and more text ", 31);
        input_len += 31;
    }
    input[input_len++] = '\n';
    memcpy(input + input_len, "last line, no newline, John Smith", 33);
    input_len += 33;
    assert_true(input_len < sizeof input);
}

typedef struct result {
    int rc;            /* the first error, or PHS_OK */
    char out[65536];
    size_t len;
} result;

static result ref_plain, ref_keyed, got;

static int keep(int rc, int *first)
{
    if (rc && !*first)
        *first = rc;
    return rc;
}

/* The build: bundled rules, a key (keyed), the db. */
static int build(bool keyed, const char *cache, phs_db **db, phs_key **key)
{
    *db = NULL;
    *key = NULL;
    phs_rules *rules = NULL;
    static const char k[] = "torture key, not a secret: 0123456789";
    int rc = phs_rules_load_bundled(&rules, NULL);
    phs_options o;
    phs_options_init(&o);
    o.block_size = 1024;
    o.cache_dir = cache;
    if (!rc && keyed) {
        rc = phs_key_from_bytes(k, sizeof k - 1, key);
        o.key = *key;
        for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
            o.actions[c] = c % 2 ? PHS_ACT_ENCRYPT : PHS_ACT_TOKENIZE;
    }
    if (!rc)
        rc = phs_db_create(rules, &o, db, NULL);
    phs_rules_free(rules);
    return rc;
}

/* A stream over the input, and reveal of what it wrote (keyed). */
static void stream_run(const phs_db *db, const phs_key *key, result *r)
{
    r->rc = PHS_OK;
    r->len = 0;
    phs_stream *s = NULL;
    if (keep(phs_stream_create(db, &s), &r->rc))
        goto done;
    for (size_t pos = 0; pos < input_len;) {
        size_t n = input_len - pos < 700 ? input_len - pos : 700;
        phs_inbuf ib = {input + pos, n, 0};
        while (ib.pos < ib.size) {
            phs_outbuf ob = {r->out + r->len, sizeof r->out - r->len, 0};
            int rc = phs_stream_feed(s, &ob, &ib);
            r->len += ob.pos;
            if (keep(rc, &r->rc))
                goto done;
            assert_true(r->len < sizeof r->out);
        }
        pos += n;
    }
    size_t rem;
    do {
        phs_outbuf ob = {r->out + r->len, sizeof r->out - r->len, 0};
        int rc = phs_stream_flush(s, &ob, &rem);
        r->len += ob.pos;
        if (keep(rc, &r->rc))
            goto done;
    } while (rem);
    if (key) {
        /* reveal gives the encrypted values back, into a buffer of its own */
        static char back[65536];
        size_t w = 0;
        int rc = phs_reveal(key, r->out, r->len, back, sizeof back, &w, NULL, NULL);
        if (rc != PHS_E_TOKEN)
            keep(rc, &r->rc);
        explicit_bzero(back, sizeof back);
    }
done:
    phs_stream_free(s);
}

/* One run: the build armed or not, then the stream armed or not. */
static void run(bool keyed, const char *cache, bool arm_build, long n, result *r)
{
    phs_db *db;
    phs_key *key;
    countdown = arm_build ? n : -1;
    int rc = build(keyed, cache, &db, &key);
    countdown = -1;
    r->rc = rc;
    r->len = 0;
    if (rc == PHS_OK) {
        countdown = arm_build ? -1 : n;
        stream_run(db, key, r);
        countdown = -1;
    }
    phs_db_free(db);
    phs_key_free(key);
}

/* [p, p + n) with every label, token and encrypted token as one \x01:
   where a token could not be made its label stands (act.h). */
static size_t fold_outputs(const char *p, size_t n, char *o)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t best = 0;
        for (size_t e = i + 2; e <= n && e - i <= 200; e++) {
            bool tok = e - i > 17 && p[e - 17] == '_'; /* CAT_ and 16 base32 */
            if (((p[i] == '[' && p[e - 1] == ']') || tok) && phs_is_own_output(p + i, e - i))
                best = e - i;
        }
        if (best) {
            o[k++] = '\x01';
            i += best;
        } else {
            o[k++] = p[i++];
        }
    }
    return k;
}

static bool same_but_labels(const char *a, size_t al, const char *b, size_t bl)
{
    static char fa[70000], fb[70000];
    size_t na = fold_outputs(a, al, fa), nb = fold_outputs(b, bl, fb);
    return na == nb && memcmp(fa, fb, na) == 0;
}

/* Line by line: each output line is the reference line, or the reference
   line's terminator after PHS_UNPROCESSED_MARK, or (keyed) the reference
   line with labels for some tokens. With `cut`, the output may stop
   anywhere (a run that failed): its last line may be a prefix. */
static bool same_or_masked(const result *ref, const result *r, bool cut, bool keyed)
{
    const char *a = ref->out, *ae = a + ref->len, *b = r->out, *be = b + r->len;
    const size_t ml = strlen(PHS_UNPROCESSED_MARK);
    while (b < be) {
        if (a == ae)
            return false;
        const char *an = memchr(a, '\n', (size_t)(ae - a));
        const char *bn = memchr(b, '\n', (size_t)(be - b));
        size_t al = an ? (size_t)(an - a) + 1 : (size_t)(ae - a);
        size_t bl = bn ? (size_t)(bn - b) + 1 : (size_t)(be - b);
        size_t term = al && a[al - 1] == '\n' ? (al > 1 && a[al - 2] == '\r' ? 2 : 1) : 0;
        bool same = (al == bl && memcmp(a, b, al) == 0) ||
                    (keyed && same_but_labels(a, al, b, bl));
        bool masked = bl == ml + term && memcmp(b, PHS_UNPROCESSED_MARK, ml) == 0 &&
                      memcmp(b + ml, a + al - term, term) == 0;
        bool prefix = cut && b + bl == be && (bl <= al && memcmp(a, b, bl) == 0);
        bool mprefix = cut && b + bl == be && bl <= ml + term &&
                       memcmp(b, PHS_UNPROCESSED_MARK, bl < ml ? bl : ml) == 0;
        if (!same && !masked && !prefix && !mprefix)
            return false;
        a += al;
        b += bl;
    }
    return cut || a == ae;
}

static void expect_no_planted(const result *r)
{
    for (size_t i = 0; i < sizeof planted / sizeof planted[0]; i++)
        if (memmem(r->out, r->len, planted[i], strlen(planted[i]))) {
            print_error("'%s' came out\n", planted[i]);
            fail();
        }
}

/* Fail allocation n of the build (arm_build) or of the stream, for every n
   until the run needs no more. */
static void torture(bool keyed, bool arm_build, const char *dir, const result *ref)
{
    long nomem = 0, masked = 0, n;
    long from = getenv("TORTURE_FROM") ? atol(getenv("TORTURE_FROM")) : 0;
    for (n = from;; n++) {
        failed = false;
        live = 0;
        calls = 0;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        run(keyed, dir, arm_build, n, &got);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (getenv("TORTURE_TIME") && (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 > 100)
            print_message("n=%ld took %ld ms\n", n, (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
        if (!failed) {
            /* past the last allocation: the run is the reference */
            assert_int_equal(got.rc, PHS_OK);
            assert_int_equal(got.len, ref->len);
            assert_memory_equal(got.out, ref->out, ref->len);
            break;
        }
        if (got.rc != PHS_OK && got.rc != PHS_E_NOMEM) {
            print_error("allocation %ld: status %d (%s)\n", n, got.rc, phs_strerror(got.rc));
            fail();
        }
        if (live != 0) {
            print_error("allocation %ld failed: %ld block(s) not given back\n", n, live);
            fail();
        }
        expect_no_planted(&got);
        if (!same_or_masked(ref, &got, got.rc != PHS_OK, keyed)) {
            print_error("allocation %ld failed: output neither the reference nor masked\n"
                        "%.*s\n",
                        n, (int)got.len, got.out);
            fail();
        }
        nomem += got.rc == PHS_E_NOMEM;
        masked += got.rc == PHS_OK && (got.len != ref->len ||
                                       memcmp(got.out, ref->out, ref->len) != 0);
        assert_true(n < 100000);
    }
    print_message("%s, %s: %ld allocations; %ld failed cleanly, %ld went on with lines or "
                  "tokens masked\n",
                  keyed ? "tokens and encryption" : "mask", arm_build ? "build" : "stream",
                  n - from, nomem, masked);
    assert_true(nomem > 0);
}

static void torture_both(bool keyed, result *ref)
{
    char *dir = make_tmpdir_named("torture");
    /* the reference run, which also fills the cache: a failure at the
       cache's own allocations recompiles from there on (seconds) */
    live = 0;
    run(keyed, dir, false, -1, ref);
    assert_int_equal(ref->rc, PHS_OK);
    assert_int_equal(live, 0);
    expect_no_planted(ref);
    torture(keyed, true, dir, ref);
    torture(keyed, false, dir, ref);
    remove_tree(dir);
    free(dir);
}

static void test_every_allocation_fails_once_mask(void **state)
{
    (void)state;
    torture_both(false, &ref_plain);
}

static void test_every_allocation_fails_once_keyed(void **state)
{
    (void)state;
    torture_both(true, &ref_keyed);
}

int main(void)
{
    hs_set_allocator(hs_alloc, hs_free);
    make_input();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails_once_mask),
        cmocka_unit_test(test_every_allocation_fails_once_keyed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

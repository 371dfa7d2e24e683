/* act.c and key.c: the policy, keys and their file checks, tokens and their
   normal forms, encrypted tokens and phs_reveal, surrogates and drop, as the
   library's callers see them. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <time.h>

#include "unit_util.h"

static const char KEYTEXT[] = "unit-test key: K3yM4t3r1al-0123456789abcdefghij";
static const char KEYTEXT2[] = "another unit-test key, rotated: 9876543210ZYXWVU";

static phs_key *key_of(const char *text)
{
    phs_key *k = NULL;
    assert_int_equal(phs_key_from_bytes(text, strlen(text), &k), PHS_OK);
    return k;
}

static phs_db *db_mode(phs_action a, const char *keytext)
{
    phs_options o;
    phs_options_init(&o);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = a;
    o.reference_year = 2026;
    phs_key *k = keytext ? key_of(keytext) : NULL;
    o.key = k;
    phs_db *db = db_bundled(&o);
    phs_key_free(k); /* the db keeps its own subkeys */
    return db;
}

/* The token of category `cat` in s (the first one), as a new string. */
static char *token_in(const char *s, const char *cat)
{
    char pre[32];
    snprintf(pre, sizeof pre, "%s_", cat);
    const char *p = strstr(s, pre);
    if (!p)
        return NULL;
    size_t n = strlen(pre) + 16;
    char *t = malloc(n + 1);
    assert_non_null(t);
    memcpy(t, p, n);
    t[n] = '\0';
    return t;
}

static bool is_token(const char *t, const char *cat)
{
    size_t cl = strlen(cat);
    if (strncmp(t, cat, cl) != 0 || t[cl] != '_')
        return false;
    for (size_t i = 0; i < 16; i++) {
        char c = t[cl + 1 + i];
        if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')))
            return false;
    }
    return true;
}

/* ---------------------------------------------------------------- policy */

static void test_action_names(void **state)
{
    (void)state;
    for (unsigned a = PHS_ACT_MASK; a < PHS_ACT_COUNT; a++) {
        phs_action back;
        assert_int_equal(phs_action_from_name(phs_action_name((phs_action)a), &back), PHS_OK);
        assert_int_equal(back, a);
    }
    phs_action x;
    assert_int_equal(phs_action_from_name("TOKENIZE", &x), PHS_OK);
    assert_int_equal(x, PHS_ACT_TOKENIZE);
    assert_int_equal(phs_action_from_name("hash", &x), PHS_E_ARG);
    assert_int_equal(phs_action_from_name("default", &x), PHS_E_ARG);
    assert_null(phs_action_name(PHS_ACT_COUNT));
}

static void test_policy_from_rules_and_options(void **state)
{
    (void)state;
    const char *t = "action all = partial\n"
                    "action SSN = tokenize\n"
                    "action email = drop\n"
                    "[ssn]\ncategory = SSN\npattern = \\d{3}-\\d{2}-\\d{4}\n";
    phs_options o;
    phs_options_init(&o);
    phs_key *k = key_of(KEYTEXT);
    o.key = k;
    phs_db *db = db_from_text(t, &o);
    assert_int_equal(phs_db_action(db, PHS_CAT_SSN), PHS_ACT_TOKENIZE);
    assert_int_equal(phs_db_action(db, PHS_CAT_EMAIL), PHS_ACT_DROP);
    assert_int_equal(phs_db_action(db, PHS_CAT_DATE), PHS_ACT_PARTIAL);
    phs_db_free(db);
    /* the options win over the rules */
    o.actions[PHS_CAT_SSN] = PHS_ACT_MASK;
    db = db_from_text(t, &o);
    assert_int_equal(phs_db_action(db, PHS_CAT_SSN), PHS_ACT_MASK);
    EXPECT_REDACT(db, "a 123-45-6789 b\n", "a [SSN] b\n");
    phs_db_free(db);
    /* no action lines and no options: mask */
    phs_options_init(&o);
    db = db_from_text("[ssn]\ncategory = SSN\npattern = x\n", &o);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        assert_int_equal(phs_db_action(db, (phs_category)c), PHS_ACT_MASK);
    phs_db_free(db);
    phs_key_free(k);
}

#define EXPECT_RULES_ERROR(text, lineno, needle)                                       \
    do {                                                                              \
        phs_rules *r_ = NULL;                                                         \
        phs_error e_;                                                                 \
        const char *t_ = (text);                                                      \
        assert_int_equal(phs_rules_load_buffer(t_, strlen(t_), "<p>", &r_, &e_),      \
                         PHS_E_RULES);                                                \
        assert_null(r_);                                                              \
        assert_int_equal(e_.line, (lineno));                                          \
        if (!strstr(e_.reason, (needle)))                                             \
            print_error("reason: %s\n", e_.reason);                                   \
        assert_non_null(strstr(e_.reason, (needle)));                                 \
    } while (0)

static void test_options_set_actions(void **state)
{
    (void)state;
    phs_options o;
    phs_options_init(&o);
    phs_error e;
    assert_int_equal(phs_options_set_actions(&o, "all=partial, SSN = tokenize,,email=drop", &e),
                     PHS_OK);
    assert_int_equal(o.actions[PHS_CAT_SSN], PHS_ACT_TOKENIZE);
    assert_int_equal(o.actions[PHS_CAT_EMAIL], PHS_ACT_DROP);
    assert_int_equal(o.actions[PHS_CAT_DATE], PHS_ACT_PARTIAL);
    /* all or nothing: the good first item is not applied either */
    assert_int_equal(phs_options_set_actions(&o, "SSN=mask,FOO=mask", &e), PHS_E_ARG);
    assert_non_null(strstr(e.reason, "unknown category 'FOO'"));
    assert_int_equal(o.actions[PHS_CAT_SSN], PHS_ACT_TOKENIZE);
    assert_int_equal(phs_options_set_actions(&o, "SSN=hash", &e), PHS_E_ARG);
    assert_non_null(strstr(e.reason, "unknown action 'hash'"));
    assert_int_equal(phs_options_set_actions(&o, "SSN", &e), PHS_E_ARG);
    assert_non_null(strstr(e.reason, "needs the form CATEGORY=ACTION"));
    assert_int_equal(phs_options_set_actions(&o, "=mask", &e), PHS_E_ARG);
    assert_int_equal(phs_options_set_actions(NULL, "SSN=mask", &e), PHS_E_ARG);
}

static void test_policy_rules_errors(void **state)
{
    (void)state;
    const char *rule = "[r]\ncategory = SSN\npattern = x\n";
    char t[256];
    snprintf(t, sizeof t, "action SSN = hash\n%s", rule);
    EXPECT_RULES_ERROR(t, 1, "unknown action 'hash'");
    snprintf(t, sizeof t, "# c\naction SOCIAL = mask\n%s", rule);
    EXPECT_RULES_ERROR(t, 2, "unknown category 'SOCIAL'");
    snprintf(t, sizeof t, "action SSN tokenize\n%s", rule);
    EXPECT_RULES_ERROR(t, 1, "action: needs the form CATEGORY=ACTION");
    snprintf(t, sizeof t, "action  = mask\n%s", rule);
    EXPECT_RULES_ERROR(t, 1, "action: needs the form CATEGORY=ACTION");
}

static void test_key_required(void **state)
{
    (void)state;
    const char *t = "[r]\ncategory = SSN\npattern = \\d{9}\n";
    phs_rules *r = NULL;
    phs_error e;
    assert_int_equal(phs_rules_load_buffer(t, strlen(t), "<k>", &r, &e), PHS_OK);
    static const phs_action needs[] = {PHS_ACT_TOKENIZE, PHS_ACT_ENCRYPT, PHS_ACT_SURROGATE};
    for (size_t i = 0; i < 3; i++) {
        phs_options o;
        phs_options_init(&o);
        o.actions[PHS_CAT_NAME] = needs[i];
        phs_db *db = (phs_db *)&o;
        assert_int_equal(phs_db_create(r, &o, &db, &e), PHS_E_KEY);
        assert_null(db);
        assert_non_null(strstr(e.reason, "NAME"));
        assert_non_null(strstr(e.reason, phs_action_name(needs[i])));
        assert_non_null(strstr(e.reason, "no default key"));
        /* a category switched off needs no key */
        o.categories &= ~(1u << PHS_CAT_NAME);
        assert_int_equal(phs_db_create(r, &o, &db, &e), PHS_OK);
        phs_db_free(db);
    }
    /* mask, partial and drop need none */
    phs_options o;
    phs_options_init(&o);
    o.actions[PHS_CAT_SSN] = PHS_ACT_PARTIAL;
    o.actions[PHS_CAT_DATE] = PHS_ACT_DROP;
    phs_db *db = NULL;
    assert_int_equal(phs_db_create(r, &o, &db, &e), PHS_OK);
    phs_db_free(db);
    phs_rules_free(r);
}

/* ------------------------------------------------------------------- keys */

static char *write_file(const char *dir, const char *name, const void *p, size_t n, mode_t mode)
{
    char *path = path_join(dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    close(fd);
    assert_int_equal(chmod(path, mode), 0);
    return path;
}

static void expect_key_refused(const char *path, const char *needle)
{
    phs_key *k = (phs_key *)&k;
    phs_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(phs_key_load(path, &k, &e), PHS_E_KEY);
    assert_null(k);
    if (!strstr(e.reason, needle))
        print_error("reason: %s\n", e.reason);
    assert_non_null(strstr(e.reason, needle));
    /* no key bytes in any field of the error */
    assert_null(strstr(e.reason, "K3yM4t3r1al"));
    assert_null(strstr(e.file, "K3yM4t3r1al"));
}

static void test_key_files(void **state)
{
    (void)state;
    char *dir = make_tmpdir_named("keys");
    size_t kl = strlen(KEYTEXT);
    char *good = write_file(dir, "good", KEYTEXT, kl, 0600);
    char nl[128];
    memcpy(nl, KEYTEXT, kl);
    nl[kl] = '\n';
    char *with_nl = write_file(dir, "nl", nl, kl + 1, 0400);
    phs_key *a = NULL, *b = NULL;
    phs_error e;
    assert_int_equal(phs_key_load(good, &a, &e), PHS_OK);
    assert_int_equal(phs_key_load(with_nl, &b, &e), PHS_OK);
    /* the final newline an editor adds is not part of the key */
    char ida[17], idb[17];
    phs_key_id(a, ida);
    phs_key_id(b, idb);
    assert_string_equal(ida, idb);
    assert_int_equal(strlen(ida), 16);
    phs_key_free(a);
    phs_key_free(b);
    /* a binary key keeps a final newline byte: 31 random bytes and '\n'
       are a 32-byte key, not a 31-byte one */
    char bin[32];
    for (size_t i = 0; i < 31; i++)
        bin[i] = (char)(0x80 + i);
    bin[31] = '\n';
    char *binkey = write_file(dir, "bin", bin, 32, 0600);
    assert_int_equal(phs_key_load(binkey, &a, &e), PHS_OK);
    phs_key_free(a);
    free(binkey);

    char *g = write_file(dir, "g", KEYTEXT, kl, 0640);
    expect_key_refused(g, "group or others");
    char *o = write_file(dir, "o", KEYTEXT, kl, 0604);
    expect_key_refused(o, "group or others");
    char *w = write_file(dir, "w", KEYTEXT, kl, 0620);
    expect_key_refused(w, "group or others");
    char *s31 = write_file(dir, "s31", KEYTEXT, 31, 0600);
    expect_key_refused(s31, "too short");
    memcpy(nl, KEYTEXT, 31);
    nl[31] = '\n';
    char *s31nl = write_file(dir, "s31nl", nl, 32, 0600);
    expect_key_refused(s31nl, "too short");
    char *empty = write_file(dir, "empty", "", 0, 0600);
    expect_key_refused(empty, "too short");
    char big[5000];
    memset(big, 'k', sizeof big);
    char *huge = write_file(dir, "huge", big, sizeof big, 0600);
    expect_key_refused(huge, "over 4096");
    /* one byte repeated is no secret: zeros, a letter, with a newline */
    char same[64];
    memset(same, 0, sizeof same);
    char *zeros = write_file(dir, "zeros", same, 32, 0600);
    expect_key_refused(zeros, "one byte repeated");
    memset(same, 'a', sizeof same);
    same[63] = '\n';
    char *letters = write_file(dir, "letters", same, 64, 0600);
    expect_key_refused(letters, "one byte repeated");
    same[0] = 'b'; /* one byte differs: a key (a weak one, but not refused) */
    char *almost = write_file(dir, "almost", same, 64, 0600);
    assert_int_equal(phs_key_load(almost, &a, &e), PHS_OK);
    phs_key_free(a);
    free(zeros);
    free(letters);
    free(almost);
    char *missing = path_join(dir, "missing");
    expect_key_refused(missing, "cannot open");
    expect_key_refused(dir, "not a regular file");
    expect_key_refused("", "no key file");

    phs_key *k = (phs_key *)&k;
    assert_int_equal(phs_key_from_bytes(KEYTEXT, 31, &k), PHS_E_KEY);
    assert_null(k);
    assert_int_equal(phs_key_from_bytes(NULL, 40, &k), PHS_E_KEY);
    static const char zero32[32];
    assert_int_equal(phs_key_from_bytes(zero32, sizeof zero32, &k), PHS_E_KEY);
    assert_null(k);
    phs_key_free(NULL);

    free(good);
    free(with_nl);
    free(g);
    free(o);
    free(w);
    free(s31);
    free(s31nl);
    free(empty);
    free(huge);
    free(missing);
    remove_tree(dir);
    free(dir);
}

static void test_key_mac_and_id(void **state)
{
    (void)state;
    phs_key *a = key_of(KEYTEXT), *a2 = key_of(KEYTEXT), *b = key_of(KEYTEXT2);
    unsigned char x[32], y[32], z[32], w[32];
    assert_int_equal(phs_key_mac(a, "baseline", "123-45-6789", 11, x), PHS_OK);
    assert_int_equal(phs_key_mac(a2, "baseline", "123-45-6789", 11, y), PHS_OK);
    assert_memory_equal(x, y, 32);
    assert_int_equal(phs_key_mac(a, "other", "123-45-6789", 11, z), PHS_OK);
    assert_memory_not_equal(x, z, 32);
    assert_int_equal(phs_key_mac(b, "baseline", "123-45-6789", 11, w), PHS_OK);
    assert_memory_not_equal(x, w, 32);
    assert_int_equal(phs_key_mac(NULL, "p", "x", 1, w), PHS_E_ARG);
    char ia[17], ib[17];
    phs_key_id(a, ia);
    phs_key_id(b, ib);
    assert_string_not_equal(ia, ib);
    phs_key_free(a);
    phs_key_free(a2);
    phs_key_free(b);
}

/* ----------------------------------------------------------------- tokens */

static const char corpus[] =
    "2024-03-15T08:01:12Z intake mrn=MRN0048213 dob=1957-04-12 ssn=123-45-6789\n"
    "contact phone (415) 555-0134, email Jane.Q.Doe@Example.com\r\n"
    "Patient: John Smith admitted; MRN 00123456\n"
    "{\"resourceType\":\"Patient\",\"birthDate\":\"1980-03-14\",\"name\":[{\"family\":\"Garcia\"}]}\n"
    "PID|1||12345^^^HOSP^MR||SMITH^JOHN^A||19800314|M|||12 Main St^^Boston^MA^02139||555-234-5678\n"
    "clean line with a uuid 123e4567-e89b-12d3-a456-426614174000 and port 8443\n"
    "no newline at the end: ssn 078-05-1120";

static void test_tokenize_format_and_determinism(void **state)
{
    (void)state;
    phs_db *a = db_mode(PHS_ACT_TOKENIZE, KEYTEXT);
    phs_db *a2 = db_mode(PHS_ACT_TOKENIZE, KEYTEXT);
    phs_db *b = db_mode(PHS_ACT_TOKENIZE, KEYTEXT2);
    size_t n = sizeof corpus - 1;
    char *x = redact_buf(a, corpus, n, NULL, NULL);
    char *y = redact_buf(a2, corpus, n, NULL, NULL);
    char *z = redact_buf(b, corpus, n, NULL, NULL);
    assert_string_equal(x, y); /* another db, same key: the same tokens */
    assert_string_not_equal(x, z); /* rotation: a new key, new tokens */
    char *t = token_in(x, "SSN");
    assert_non_null(t);
    assert_true(is_token(t, "SSN"));
    assert_null(strstr(z, t));
    free(t);
    /* clean text and the record's own timestamp are untouched */
    assert_non_null(strstr(x, "2024-03-15T08:01:12Z intake mrn=MRN_"));
    assert_non_null(strstr(x, "clean line with a uuid 123e4567-e89b-12d3-a456-426614174000 and port 8443\n"));
    assert_non_null(strstr(x, "\r\n"));
    assert_null(strstr(x, "123-45-6789"));
    assert_null(strstr(x, "Smith"));
    assert_null(strstr(x, "SMITH"));
    /* output is independent of how the input is cut */
    phs_stream *s;
    assert_int_equal(phs_stream_create(a, &s), PHS_OK);
    uint64_t seed = 0x5eed;
    for (int round = 0; round < 50; round++) {
        phs_stream_reset(s);
        ubuf out = {0};
        char ob[97];
        size_t pos = 0;
        while (pos < n) {
            size_t k = rng_range(&seed, 1, 40);
            if (k > n - pos)
                k = n - pos;
            phs_inbuf ib = {corpus + pos, k, 0};
            while (ib.pos < ib.size) {
                phs_outbuf o = {ob, rng_range(&seed, 1, sizeof ob), 0};
                assert_int_equal(phs_stream_feed(s, &o, &ib), PHS_OK);
                ubuf_add(&out, ob, o.pos);
            }
            pos += k;
        }
        size_t rem;
        do {
            phs_outbuf o = {ob, sizeof ob, 0};
            assert_int_equal(phs_stream_flush(s, &o, &rem), PHS_OK);
            ubuf_add(&out, ob, o.pos);
        } while (rem);
        assert_string_equal(out.p, x);
        ubuf_free(&out);
    }
    phs_stream_free(s);
    free(x);
    free(y);
    free(z);
    phs_db_free(a);
    phs_db_free(a2);
    phs_db_free(b);
}

/* Each group of inputs must give one token of `cat`. */
static void expect_same_token(const phs_db *db, const char *cat, const char *const *in, size_t n)
{
    char *first = NULL;
    for (size_t i = 0; i < n; i++) {
        char *out = redact_str(db, in[i]);
        char *t = token_in(out, cat);
        if (!t)
            print_error("no %s token in: %s\n", cat, out);
        assert_non_null(t);
        if (!first)
            first = t;
        else {
            if (strcmp(first, t) != 0)
                print_error("input %zu: %s gives %s, not %s\n", i, in[i], t, first);
            assert_string_equal(first, t);
            free(t);
        }
        free(out);
    }
    free(first);
}

static void test_tokenize_normal_forms(void **state)
{
    (void)state;
    phs_db *db = db_mode(PHS_ACT_TOKENIZE, KEYTEXT);
    static const char *const ssn[] = {"ssn=123-45-6789", "SSN: 123456789", "ssn 123 45 6789"};
    expect_same_token(db, "SSN", ssn, 3);
    static const char *const phone[] = {"phone: (415) 555-0134", "phone=415.555.0134",
                                        "phone: +1 415-555-0134", "tel 4155550134"};
    expect_same_token(db, "PHONE", phone, 4);
    static const char *const email[] = {"email Jane.Doe@Example.COM", "email=jane.doe@example.com"};
    expect_same_token(db, "EMAIL", email, 2);
    static const char *const name[] = {
        "PID|1||12345^^^HOSP^MR||SMITH^JOHN||19800314|M",
        "Patient: John Smith admitted",
        "Patient: Smith, John admitted",
        "patient JOHN SMITH admitted",
        "PID|1||12345^^^HOSP^MR||Smith^John^^^Dr||19800314|M",
    };
    expect_same_token(db, "NAME", name, 5);
    static const char *const date[] = {"dob=1980-03-14", "dob: 03/14/1980", "DOB: Mar 14, 1980",
                                       "born 14 March 1980",
                                       "PID|1||12345^^^HOSP^MR||X^Y||19800314|M"};
    expect_same_token(db, "DATE", date, 5);
    /* different values, different tokens */
    char *p = redact_str(db, "ssn=123-45-6789 ssn=123-45-6780");
    char *t1 = token_in(p, "SSN");
    char *t2 = token_in(strstr(p, t1) + 5, "SSN");
    assert_string_not_equal(t1, t2);
    free(t1);
    free(t2);
    free(p);
    phs_db_free(db);
}

static void test_tokenize_hl7_name_keeps_structure(void **state)
{
    (void)state;
    phs_db *db = db_mode(PHS_ACT_TOKENIZE, KEYTEXT);
    char *out = redact_str(db, "PID|1||12345^^^HOSP^MR||SMITH^JOHN^A||19800314|M\r");
    /* one token for the whole name in the first component, every
       separator kept */
    const char *p = strstr(out, "||NAME_");
    assert_non_null(p);
    assert_int_equal(strncmp(p + 2 + 21, "^^||", 4), 0);
    size_t bars = 0, hats = 0;
    for (const char *q = out; *q; q++) {
        bars += *q == '|';
        hats += *q == '^';
    }
    assert_int_equal(bars, 8);
    assert_int_equal(hats, 6);
    free(out);
    phs_db_free(db);
}

/* ------------------------------------------------------ encrypt / reveal */

typedef struct badlist {
    uint64_t off[16];
    size_t len[16];
    size_t n;
} badlist;

static void on_bad(uint64_t offset, size_t length, int status, void *user)
{
    badlist *b = user;
    assert_int_equal(status, PHS_E_TOKEN);
    if (b->n < 16) {
        b->off[b->n] = offset;
        b->len[b->n] = length;
    }
    b->n++;
}

static char *reveal_str(const phs_key *k, const char *in, int expect_rc, badlist *bad)
{
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t w = SIZE_MAX;
    int rc = phs_reveal(k, in, n, out, n, &w, bad ? on_bad : NULL, bad);
    assert_int_equal(rc, expect_rc);
    assert_true(w <= n);
    out[w] = '\0';
    return out;
}

static void test_encrypt_reveal_round_trip(void **state)
{
    (void)state;
    phs_db *db = db_mode(PHS_ACT_ENCRYPT, KEYTEXT);
    phs_key *k = key_of(KEYTEXT);
    size_t n = sizeof corpus - 1;
    char *enc = redact_buf(db, corpus, n, NULL, NULL);
    assert_null(strstr(enc, "123-45-6789"));
    assert_non_null(strstr(enc, "[SSN:e1:"));
    assert_non_null(strstr(enc, "[NAME:e1:"));
    /* deterministic: the same again */
    char *enc2 = redact_buf(db, corpus, n, NULL, NULL);
    assert_string_equal(enc, enc2);
    free(enc2);
    badlist bad = {0};
    char *dec = reveal_str(k, enc, PHS_OK, &bad);
    assert_int_equal(bad.n, 0);
    assert_string_equal(dec, corpus);
    free(dec);
    /* text with no tokens, or bracket text that is not a token, is copied */
    char *plain = reveal_str(k, "[SSN] [x] [SSN:e2:abc] [ ssn", PHS_OK, NULL);
    assert_string_equal(plain, "[SSN] [x] [SSN:e2:abc] [ ssn");
    free(plain);
    free(enc);
    phs_key_free(k);
    phs_db_free(db);
}

/* A bare JSON scalar's token is quoted for valid JSON, and reveal drops
   those quotes again: only around a token sealed as a bare scalar's. */
static void test_encrypt_bare_json_scalar(void **state)
{
    (void)state;
    phs_db *db = db_mode(PHS_ACT_ENCRYPT, KEYTEXT);
    phs_key *k = key_of(KEYTEXT);
    const char *in = "{\"age\":92,\"ok\":true}\n";
    char *enc = redact_str(db, in);
    assert_null(strstr(enc, "92"));
    assert_true(strncmp(enc, "{\"age\":\"[AGE:e1:", 16) == 0);
    assert_non_null(strstr(enc, "]\",\"ok\":true}"));
    char *dec = reveal_str(k, enc, PHS_OK, NULL);
    assert_string_equal(dec, in);
    free(dec);
    /* out of its quotes it does not open, and stays as it is */
    const char *tok = enc + 8, *end = strchr(tok, ']');
    char bare[256];
    assert_true(end && (size_t)(end - tok) + 3 < sizeof bare);
    snprintf(bare, sizeof bare, "a %.*s b", (int)(end - tok + 1), tok);
    badlist bad = {0};
    dec = reveal_str(k, bare, PHS_E_TOKEN, &bad);
    assert_int_equal(bad.n, 1);
    assert_string_equal(dec, bare);
    free(dec);
    /* and a plain token in quotes keeps them */
    char *str = redact_str(db, "{\"ssn\":\"123-45-6789\"}\n");
    dec = reveal_str(k, str, PHS_OK, NULL);
    assert_string_equal(dec, "{\"ssn\":\"123-45-6789\"}\n");
    free(dec);
    free(str);
    free(enc);
    phs_key_free(k);
    phs_db_free(db);
}

static void test_reveal_refuses_bad_tokens(void **state)
{
    (void)state;
    phs_db *db = db_mode(PHS_ACT_ENCRYPT, KEYTEXT);
    phs_key *k = key_of(KEYTEXT), *other = key_of(KEYTEXT2);
    char *enc = redact_str(db, "x ssn=123-45-6789 y\n");
    const char *tok = strstr(enc, "[SSN:e1:");
    assert_non_null(tok);
    size_t at = (size_t)(tok - enc);
    size_t tl = strcspn(tok, "]") + 1;

    /* every single changed character of the token is caught */
    size_t caught = 0, tried = 0;
    for (size_t i = at + 8; i < at + tl - 1; i++) {
        char *t = strdup(enc);
        t[i] = t[i] == 'a' ? 'b' : 'a';
        badlist bad = {0};
        char *d = reveal_str(k, t, PHS_E_TOKEN, &bad);
        assert_int_equal(bad.n, 1);
        assert_int_equal(bad.off[0], at);
        assert_int_equal(bad.len[0], tl);
        assert_string_equal(d, t); /* left as it is */
        caught++;
        tried++;
        free(d);
        free(t);
    }
    assert_int_equal(caught, tried);
    assert_true(tried > 20);

    /* another key */
    badlist bad = {0};
    char *d = reveal_str(other, enc, PHS_E_TOKEN, &bad);
    assert_int_equal(bad.n, 1);
    assert_string_equal(d, enc);
    free(d);

    /* moved to another category: the category is authenticated */
    char *moved = malloc(strlen(enc) + 8);
    assert_non_null(moved);
    memcpy(moved, enc, at);
    snprintf(moved + at, strlen(enc) + 8 - at, "[MRN%s", tok + 4);
    d = reveal_str(k, moved, PHS_E_TOKEN, NULL);
    free(d);
    free(moved);

    /* cut short: no ']', or fewer bytes */
    char *cut = strndup(enc, at + tl - 1);
    d = reveal_str(k, cut, PHS_E_TOKEN, NULL);
    assert_string_equal(d, cut);
    free(d);
    free(cut);
    char *shorter = strdup(enc);
    memmove(shorter + at + tl - 9, shorter + at + tl - 1, strlen(shorter + at + tl - 1) + 1);
    d = reveal_str(k, shorter, PHS_E_TOKEN, NULL);
    free(d);
    free(shorter);
    char *tiny = strdup("a [SSN:e1:abcdefgh] b");
    d = reveal_str(k, tiny, PHS_E_TOKEN, NULL);
    assert_string_equal(d, tiny);
    free(d);
    free(tiny);

    /* one bad token does not stop the good ones */
    size_t el = strlen(enc);
    char *two = malloc(2 * el + 1);
    assert_non_null(two);
    memcpy(two, enc, el);
    memcpy(two + el, enc, el + 1);
    two[at + 10] = two[at + 10] == 'a' ? 'b' : 'a';
    bad = (badlist){0};
    d = reveal_str(k, two, PHS_E_TOKEN, &bad);
    assert_int_equal(bad.n, 1);
    assert_non_null(strstr(d, "x ssn=123-45-6789 y\n"));
    free(d);
    free(two);

    char small[4];
    size_t w;
    assert_int_equal(phs_reveal(k, enc, strlen(enc), small, sizeof small, &w, NULL, NULL),
                     PHS_E_DSTSIZE);
    assert_int_equal(phs_reveal(NULL, enc, strlen(enc), small, sizeof small, &w, NULL, NULL),
                     PHS_E_ARG);
    free(enc);
    phs_key_free(k);
    phs_key_free(other);
    phs_db_free(db);
}

/* ------------------------------------------------------ surrogate, drop */

static void test_surrogate_action(void **state)
{
    (void)state;
    phs_db *a = db_mode(PHS_ACT_SURROGATE, KEYTEXT);
    phs_db *b = db_mode(PHS_ACT_SURROGATE, KEYTEXT2);
    const char *in = "admit date 2024-03-01, discharge date 2024-03-11 for ssn=123-45-6789\n";
    char *x = redact_str(a, in), *x2 = redact_str(a, in), *y = redact_str(b, in);
    assert_string_equal(x, x2);
    assert_string_not_equal(x, y);
    assert_null(strstr(x, "123-45-6789"));
    assert_null(strstr(x, "2024-03-01"));
    /* the SSN keeps its shape and comes from a never-issued area */
    const char *s = strstr(x, "ssn=");
    assert_non_null(s);
    s += 4;
    assert_true(s[0] == '9' && s[3] == '-' && s[6] == '-' && strlen(s) == 12);
    int group = (s[4] - '0') * 10 + (s[5] - '0');
    assert_true(group >= 1 && group <= 49);
    /* one shift for every date: the ten days between them survive */
    int y1, m1, d1, y2, m2, d2;
    const char *p1 = strstr(x, "admit date ");
    const char *p2 = strstr(x, "discharge date ");
    assert_non_null(p1);
    assert_non_null(p2);
    assert_int_equal(sscanf(p1 + 11, "%4d-%2d-%2d", &y1, &m1, &d1), 3);
    assert_int_equal(sscanf(p2 + 15, "%4d-%2d-%2d", &y2, &m2, &d2), 3);
    struct tm t1 = {.tm_year = y1 - 1900, .tm_mon = m1 - 1, .tm_mday = d1, .tm_hour = 12};
    struct tm t2 = {.tm_year = y2 - 1900, .tm_mon = m2 - 1, .tm_mday = d2, .tm_hour = 12};
    double days = difftime(timegm(&t2), timegm(&t1)) / 86400.0;
    assert_true(days > 9.99 && days < 10.01);
    free(x);
    free(x2);
    free(y);
    phs_db_free(a);
    phs_db_free(b);
}

static void test_drop_lines(void **state)
{
    (void)state;
    phs_options o;
    phs_options_init(&o);
    o.actions[PHS_CAT_SSN] = PHS_ACT_DROP;
    phs_db *db = db_bundled(&o);
    const char *in = "keep me\nssn=123-45-6789 goes\nmail a@b.com stays masked\nlast ssn 078-05-1120";
    flist f = {0};
    size_t n;
    char *out = redact_buf(db, in, strlen(in), &n, &f);
    assert_string_equal(out, "keep me\nmail [EMAIL] stays masked\n");
    assert_int_equal(f.n, 3); /* dropped lines still count their findings */
    phs_stream *s;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    char *out2 = redact_stream(s, in, strlen(in), NULL, NULL);
    assert_string_equal(out2, out);
    phs_stats st;
    phs_stream_stats(s, &st);
    assert_int_equal(st.lines_dropped, 2);
    assert_int_equal(st.lines, 4);
    phs_stream_free(s);
    free(out);
    free(out2);
    flist_free(&f);
    phs_db_free(db);
}

/* Keys never reach the output, the findings or the error texts. */
static void test_no_key_bytes_anywhere(void **state)
{
    (void)state;
    for (unsigned a = PHS_ACT_MASK; a < PHS_ACT_COUNT; a++) {
        phs_db *db = db_mode((phs_action)a, KEYTEXT);
        flist f = {0};
        size_t n;
        char *out = redact_buf(db, corpus, sizeof corpus - 1, &n, &f);
        assert_null(memmem(out, n, "K3yM4t3r1al", 11));
        for (size_t i = 0; i < f.n; i++)
            assert_null(strstr(f.v[i].rule_id, "K3y"));
        free(out);
        flist_free(&f);
        phs_db_free(db);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_action_names),
        cmocka_unit_test(test_policy_from_rules_and_options),
        cmocka_unit_test(test_options_set_actions),
        cmocka_unit_test(test_policy_rules_errors),
        cmocka_unit_test(test_key_required),
        cmocka_unit_test(test_key_files),
        cmocka_unit_test(test_key_mac_and_id),
        cmocka_unit_test(test_tokenize_format_and_determinism),
        cmocka_unit_test(test_tokenize_normal_forms),
        cmocka_unit_test(test_tokenize_hl7_name_keeps_structure),
        cmocka_unit_test(test_encrypt_reveal_round_trip),
        cmocka_unit_test(test_encrypt_bare_json_scalar),
        cmocka_unit_test(test_reveal_refuses_bad_tokens),
        cmocka_unit_test(test_surrogate_action),
        cmocka_unit_test(test_drop_lines),
        cmocka_unit_test(test_no_key_bytes_anywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

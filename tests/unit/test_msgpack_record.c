/* src/fluent-bit/record: the walk over msgpack records that the Fluent Bit
   filter runs, built here with Debian's msgpack-c alone. Records are packed
   with msgpack-c, redacted, unpacked again and printed with
   msgpack_object_print_buffer for exact comparison. */
#define _GNU_SOURCE
#include "unit_util.h"

#include "msgpack_record.h"

static const char KEY[] = "record test key: 00112233445566778899aabbccddeeff";

typedef struct fixture {
    phs_db *mask, *tok, *drop_ssn;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    phs_options o;
    phs_options_init(&o);
    f->mask = db_bundled(&o);
    phs_key *k = NULL;
    if (phs_key_from_bytes(KEY, sizeof KEY - 1, &k))
        return -1;
    o.key = k;
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = PHS_ACT_TOKENIZE;
    f->tok = db_bundled(&o);
    phs_options_init(&o);
    o.actions[PHS_CAT_SSN] = PHS_ACT_DROP;
    f->drop_ssn = db_bundled(&o);
    phs_key_free(k);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    phs_db_free(f->mask);
    phs_db_free(f->tok);
    phs_db_free(f->drop_ssn);
    free(f);
    return 0;
}

/* ---- a tiny builder: "{" "}" "[" "]" open and close, 's' a string, 'i'
   an int, 'n' nil, 'b' true; counts are given with the opener. */
typedef struct pk {
    msgpack_sbuffer sb;
    msgpack_packer p;
} pk;

static void pk_init(pk *k)
{
    msgpack_sbuffer_init(&k->sb);
    msgpack_packer_init(&k->p, &k->sb, msgpack_sbuffer_write);
}

static void S(pk *k, const char *s)
{
    msgpack_pack_str(&k->p, strlen(s));
    msgpack_pack_str_body(&k->p, s, strlen(s));
}

/* Unpack and print: the form compared by the tests. */
static char *show(const char *data, size_t len)
{
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    assert_int_equal(msgpack_unpack_next(&u, data, len, &off), MSGPACK_UNPACK_SUCCESS);
    assert_int_equal(off, len);
    char *b = malloc(8192);
    assert_non_null(b);
    int n = msgpack_object_print_buffer(b, 8192, u.data);
    assert_true(n > 0 && n < 8192);
    b[n] = '\0';
    msgpack_unpacked_destroy(&u);
    return b;
}

/* Redact the record packed in k; returns the result code, *out the
   printed record (NULL when nothing is to be shown). */
static int redact(const phs_db *db, pk *k, char **out, const char *const *keys, size_t nkeys)
{
    phs_mrec *r = NULL;
    assert_int_equal(phs_mrec_create(db, keys, nkeys, &r), PHS_OK);
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    assert_int_equal(msgpack_unpack_next(&u, k->sb.data, k->sb.size, &off), MSGPACK_UNPACK_SUCCESS);
    pk o;
    pk_init(&o);
    int rc = phs_mrec_redact(r, &u.data, &o.p);
    *out = rc >= 0 ? show(o.sb.data, o.sb.size) : NULL;
    msgpack_sbuffer_destroy(&o.sb);
    msgpack_unpacked_destroy(&u);
    phs_mrec_free(r);
    return rc;
}

static void expect(const phs_db *db, pk *k, int want_rc, const char *want)
{
    char *got = NULL;
    int rc = redact(db, k, &got, NULL, 0);
    if (rc != want_rc || !got || strcmp(got, want) != 0)
        print_error("rc %d (want %d)\ngot:  %s\nwant: %s\n", rc, want_rc, got ? got : "-", want);
    assert_int_equal(rc, want_rc);
    assert_string_equal(got, want);
    free(got);
    msgpack_sbuffer_destroy(&k->sb);
}

static void test_free_text_and_keys(void **state)
{
    fixture *f = *state;
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 5);
    S(&k, "log");
    S(&k, "2024-03-15T08:01:12Z intake ssn=123-45-6789 call (415) 555-0134");
    S(&k, "ssn");
    S(&k, "123-45-678"); /* the wrong shape, but under an SSN key */
    S(&k, "dob");
    msgpack_pack_uint64(&k.p, 19800314); /* a number under a PHI key */
    S(&k, "status");
    msgpack_pack_int(&k.p, 200);
    S(&k, "ok");
    msgpack_pack_true(&k.p);
    expect(f->mask, &k, PHS_MREC_CHANGED,
           "{\"log\"=>\"2024-03-15T08:01:12Z intake ssn=[SSN] call [PHONE]\", \"ssn\"=>\"[SSN]\", "
           "\"dob\"=>\"[DATE]\", \"status\"=>200, \"ok\"=>true}");
}

static void test_nested_fhir(void **state)
{
    fixture *f = *state;
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 2);
    S(&k, "kubernetes");
    msgpack_pack_map(&k.p, 1);
    S(&k, "pod_name");
    S(&k, "ehr-api-7d9f");
    S(&k, "resource");
    msgpack_pack_map(&k.p, 4);
    S(&k, "resourceType");
    S(&k, "Patient");
    S(&k, "name");
    msgpack_pack_array(&k.p, 1);
    msgpack_pack_map(&k.p, 2);
    S(&k, "family");
    S(&k, "Hamanova");
    S(&k, "given");
    msgpack_pack_array(&k.p, 2);
    S(&k, "Jana");
    S(&k, "Q");
    S(&k, "birthDate");
    S(&k, "1980-03-14");
    S(&k, "active");
    msgpack_pack_true(&k.p);
    expect(f->mask, &k, PHS_MREC_CHANGED,
           "{\"kubernetes\"=>{\"pod_name\"=>\"ehr-api-7d9f\"}, \"resource\"=>{\"resourceType\"=>"
           "\"Patient\", \"name\"=>[{\"family\"=>\"[NAME]\", \"given\"=>[\"[NAME]\", \"[NAME]\"]}], "
           "\"birthDate\"=>\"[DATE]\", \"active\"=>true}}");
}

static void test_clean_record_same(void **state)
{
    fixture *f = *state;
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 3);
    S(&k, "log");
    S(&k, "GET /healthz 200 in 3ms trace=4bf92f3577b34da6a3ce929d0e0e4736");
    S(&k, "port");
    msgpack_pack_int(&k.p, 8443);
    S(&k, "tags");
    msgpack_pack_array(&k.p, 2);
    S(&k, "v3.8.1");
    msgpack_pack_nil(&k.p);
    expect(f->mask, &k, PHS_MREC_SAME,
           "{\"log\"=>\"GET /healthz 200 in 3ms trace=4bf92f3577b34da6a3ce929d0e0e4736\", "
           "\"port\"=>8443, \"tags\"=>[\"v3.8.1\", nil]}");
}

static void test_own_output_stays(void **state)
{
    fixture *f = *state;
    /* values already replaced by phiscrub: a second pass changes nothing */
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 3);
    S(&k, "ssn");
    S(&k, "[SSN]");
    S(&k, "mrn");
    S(&k, "MRN_abcdefghijklmnop");
    S(&k, "dob");
    S(&k, "[DATE:e1:abcdefghijklmnopqrstuvwxyz234567abcd]");
    expect(f->tok, &k, PHS_MREC_SAME,
           "{\"ssn\"=>\"[SSN]\", \"mrn\"=>\"MRN_abcdefghijklmnop\", "
           "\"dob\"=>\"[DATE:e1:abcdefghijklmnopqrstuvwxyz234567abcd]\"}");
}

static void test_tokens_match_lines(void **state)
{
    fixture *f = *state;
    /* a record's "ssn" value and the same SSN in a line: one token */
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 2);
    S(&k, "ssn");
    S(&k, "123456789");
    S(&k, "msg");
    S(&k, "ssn=123-45-6789");
    char *got = NULL;
    assert_int_equal(redact(f->tok, &k, &got, NULL, 0), PHS_MREC_CHANGED);
    char *line = redact_str(f->tok, "ssn=123-45-6789");
    const char *t = strstr(line, "SSN_");
    assert_non_null(t);
    char tok[22];
    memcpy(tok, t, 20);
    tok[20] = '\0';
    const char *a = strstr(got, tok);
    assert_non_null(a);
    assert_non_null(strstr(a + 1, tok)); /* both places */
    free(got);
    free(line);
    msgpack_sbuffer_destroy(&k.sb);
}

/* Tokens are longer than what they replace: a value with many findings
   outgrows the first output buffer, in feed and in flush. */
static void test_output_grows(void **state)
{
    fixture *f = *state;
    ubuf v = {0};
    for (int i = 0; i < 2000; i++)
        ubuf_add(&v, "ssn 123-45-6789 ", 16);
    ubuf_add(&v, "\nlast ssn 078-05-1120", 21); /* the flush's part */
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 1);
    S(&k, "log");
    msgpack_pack_str(&k.p, v.len);
    msgpack_pack_str_body(&k.p, v.p, v.len);
    phs_mrec *r = NULL;
    assert_int_equal(phs_mrec_create(f->tok, NULL, 0, &r), PHS_OK);
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    assert_int_equal(msgpack_unpack_next(&u, k.sb.data, k.sb.size, &off), MSGPACK_UNPACK_SUCCESS);
    pk o;
    pk_init(&o);
    assert_int_equal(phs_mrec_redact(r, &u.data, &o.p), PHS_MREC_CHANGED);
    msgpack_unpacked out;
    msgpack_unpacked_init(&out);
    off = 0;
    assert_int_equal(msgpack_unpack_next(&out, o.sb.data, o.sb.size, &off), MSGPACK_UNPACK_SUCCESS);
    const msgpack_object_str *str = &out.data.via.map.ptr[0].val.via.str;
    size_t tokens = 0;
    for (const char *q = str->ptr; (q = memmem(q, str->size - (size_t)(q - str->ptr), "SSN_", 4));
         q += 4)
        tokens++;
    assert_int_equal(tokens, 2001);
    assert_true(str->size > v.len * 5 / 4 + 256);
    assert_null(memmem(str->ptr, str->size, "123-45-6789", 11));
    msgpack_unpacked_destroy(&out);
    msgpack_unpacked_destroy(&u);
    msgpack_sbuffer_destroy(&o.sb);
    msgpack_sbuffer_destroy(&k.sb);
    phs_mrec_free(r);
    ubuf_free(&v);
}

static void test_drop_and_selected_keys(void **state)
{
    fixture *f = *state;
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 2);
    S(&k, "log");
    S(&k, "ssn 123-45-6789");
    S(&k, "user");
    S(&k, "call 415-555-0134");
    char *got = NULL;
    assert_int_equal(redact(f->drop_ssn, &k, &got, NULL, 0), PHS_MREC_DROP);
    free(got);
    /* only "user" selected: "log" is passed as it is, by the user's choice */
    static const char *const keys[] = {"user"};
    assert_int_equal(redact(f->mask, &k, &got, keys, 1), PHS_MREC_CHANGED);
    assert_string_equal(got, "{\"log\"=>\"ssn 123-45-6789\", \"user\"=>\"call [PHONE]\"}");
    free(got);
    msgpack_sbuffer_destroy(&k.sb);
}

static void test_too_deep_fails_closed(void **state)
{
    fixture *f = *state;
    /* msgpack-c's unpacker stops at 32 levels, so the objects are made by
       hand: 80 maps {"a": ...} around one string. */
    enum { DEPTH = 80 };
    msgpack_object obj[DEPTH + 1];
    msgpack_object_kv kv[DEPTH];
    obj[DEPTH].type = MSGPACK_OBJECT_STR;
    obj[DEPTH].via.str.ptr = "ssn 123-45-6789";
    obj[DEPTH].via.str.size = 15;
    for (int i = DEPTH - 1; i >= 0; i--) {
        kv[i].key.type = MSGPACK_OBJECT_STR;
        kv[i].key.via.str.ptr = "a";
        kv[i].key.via.str.size = 1;
        kv[i].val = obj[i + 1];
        obj[i].type = MSGPACK_OBJECT_MAP;
        obj[i].via.map.size = 1;
        obj[i].via.map.ptr = &kv[i];
    }
    phs_mrec *r = NULL;
    assert_int_equal(phs_mrec_create(f->mask, NULL, 0, &r), PHS_OK);
    pk o;
    pk_init(&o);
    assert_true(phs_mrec_redact(r, &obj[0], &o.p) < 0);
    msgpack_sbuffer_clear(&o.sb);
    /* the whole-record mask refuses it too: the caller drops it */
    assert_true(phs_mrec_mask_whole(&obj[0], &o.p) < 0);
    msgpack_sbuffer_clear(&o.sb);
    /* 30 levels are fine */
    assert_true(phs_mrec_redact(r, &obj[DEPTH - 30], &o.p) == PHS_MREC_CHANGED);
    msgpack_sbuffer_destroy(&o.sb);
    phs_mrec_free(r);
}

static void test_mask_whole(void **state)
{
    (void)state;
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 3);
    S(&k, "log");
    S(&k, "anything");
    S(&k, "n");
    msgpack_pack_array(&k.p, 3);
    msgpack_pack_int(&k.p, 7);
    msgpack_pack_false(&k.p);
    msgpack_pack_nil(&k.p);
    S(&k, "bin");
    msgpack_pack_bin(&k.p, 3);
    msgpack_pack_bin_body(&k.p, "abc", 3);
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    assert_int_equal(msgpack_unpack_next(&u, k.sb.data, k.sb.size, &off), MSGPACK_UNPACK_SUCCESS);
    pk o;
    pk_init(&o);
    assert_int_equal(phs_mrec_mask_whole(&u.data, &o.p), PHS_OK);
    char *got = show(o.sb.data, o.sb.size);
    /* keys are data too: masked with the values */
    assert_string_equal(got, "{\"[UNPROCESSED]\"=>\"[UNPROCESSED]\", \"[UNPROCESSED]\"=>"
                             "[\"[UNPROCESSED]\", false, nil], \"[UNPROCESSED]\"=>\"[UNPROCESSED]\"}");
    free(got);
    msgpack_sbuffer_destroy(&o.sb);
    msgpack_unpacked_destroy(&u);
    msgpack_sbuffer_destroy(&k.sb);
}

static void test_keys_are_data(void **state)
{
    fixture *f = *state;
    /* a key that holds PHI is redacted as text; in a map held by a PHI key
       a key with a digit, or a number, is that key's value; field names and
       clean keys stay; the value is classified by the key as it came in */
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 4);
    S(&k, "John Smith 123-45-6789");
    S(&k, "visit");
    S(&k, "mrn");
    msgpack_pack_map(&k.p, 3);
    S(&k, "00123456");
    S(&k, "bed 4");
    S(&k, "note");
    S(&k, "x");
    msgpack_pack_uint64(&k.p, 7654321);
    S(&k, "bed 5");
    S(&k, "patient_ssn");
    msgpack_pack_array(&k.p, 1);
    msgpack_pack_map(&k.p, 1);
    S(&k, "123-45-6789");
    msgpack_pack_true(&k.p);
    S(&k, "ssn");
    S(&k, "123-45-6789");
    expect(f->mask, &k, PHS_MREC_CHANGED,
           "{\"[NAME] [SSN]\"=>\"visit\", \"mrn\"=>{\"[MRN]\"=>\"bed 4\", \"note\"=>\"x\", "
           "\"[MRN]\"=>\"bed 5\"}, \"patient_ssn\"=>[{\"[SSN]\"=>true}], \"ssn\"=>\"[SSN]\"}");
    /* a key's finding whose action is drop drops the record */
    pk_init(&k);
    msgpack_pack_map(&k.p, 1);
    S(&k, "ssn 123-45-6789");
    S(&k, "x");
    char *got = NULL;
    assert_int_equal(redact(f->drop_ssn, &k, &got, NULL, 0), PHS_MREC_DROP);
    free(got);
    msgpack_sbuffer_destroy(&k.sb);
    /* tokens under a PHI key's map are left as they are */
    pk_init(&k);
    msgpack_pack_map(&k.p, 1);
    S(&k, "mrn");
    msgpack_pack_map(&k.p, 1);
    S(&k, "MRN_abcdefghijklmnop");
    S(&k, "x");
    expect(f->tok, &k, PHS_MREC_SAME, "{\"mrn\"=>{\"MRN_abcdefghijklmnop\"=>\"x\"}}");
}

static void test_metadata(void **state)
{
    fixture *f = *state;
    /* metadata: every value, whatever `keys` selects */
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 2);
    S(&k, "patient_name");
    S(&k, "John Smith");
    S(&k, "trace_id");
    S(&k, "4bf92f3577b34da6a3ce929d0e0e4736");
    static const char *const keys[] = {"log"};
    phs_mrec *r = NULL;
    assert_int_equal(phs_mrec_create(f->mask, keys, 1, &r), PHS_OK);
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    assert_int_equal(msgpack_unpack_next(&u, k.sb.data, k.sb.size, &off), MSGPACK_UNPACK_SUCCESS);
    pk o;
    pk_init(&o);
    assert_int_equal(phs_mrec_redact_metadata(r, &u.data, &o.p), PHS_MREC_CHANGED);
    char *got = show(o.sb.data, o.sb.size);
    assert_string_equal(got, "{\"patient_name\"=>\"[NAME]\", "
                             "\"trace_id\"=>\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
    free(got);
    /* as a body, the selection leaves it as it is */
    msgpack_sbuffer_clear(&o.sb);
    assert_int_equal(phs_mrec_redact(r, &u.data, &o.p), PHS_MREC_SAME);
    msgpack_sbuffer_destroy(&o.sb);
    msgpack_unpacked_destroy(&u);
    msgpack_sbuffer_destroy(&k.sb);
    phs_mrec_free(r);
}

/* Random records: never a crash, and the output always unpacks. */
static void test_random_records(void **state)
{
    fixture *f = *state;
    static const char *const vals[] = {"ssn=123-45-6789", "plain", "", "John Smith", "\n\n",
                                       "dob 1980-03-14\r\n", "a\0b", "Patient: Ann Lee"};
    static const char *const keys[] = {"log", "ssn", "name", "family", "identifier", "value",
                                       "resourceType", "x"};
    uint64_t seed = 77;
    phs_mrec *r = NULL;
    assert_int_equal(phs_mrec_create(f->tok, NULL, 0, &r), PHS_OK);
    for (int round = 0; round < 2000; round++) {
        pk k;
        pk_init(&k);
        size_t n = rng_range(&seed, 0, 6);
        msgpack_pack_map(&k.p, (uint32_t)n);
        for (size_t i = 0; i < n; i++) {
            S(&k, keys[rng_range(&seed, 0, 7)]);
            switch (rng_range(&seed, 0, 3)) {
            case 0: S(&k, vals[rng_range(&seed, 0, 7)]); break;
            case 1: msgpack_pack_int64(&k.p, (int64_t)rng_next(&seed)); break;
            case 2:
                msgpack_pack_array(&k.p, 2);
                S(&k, vals[rng_range(&seed, 0, 7)]);
                msgpack_pack_map(&k.p, 1);
                S(&k, keys[rng_range(&seed, 0, 7)]);
                S(&k, vals[rng_range(&seed, 0, 7)]);
                break;
            default: msgpack_pack_double(&k.p, 1.5); break;
            }
        }
        msgpack_unpacked u;
        msgpack_unpacked_init(&u);
        size_t off = 0;
        assert_int_equal(msgpack_unpack_next(&u, k.sb.data, k.sb.size, &off),
                         MSGPACK_UNPACK_SUCCESS);
        pk o;
        pk_init(&o);
        int rc = phs_mrec_redact(r, &u.data, &o.p);
        assert_true(rc >= 0);
        free(show(o.sb.data, o.sb.size));
        msgpack_sbuffer_destroy(&o.sb);
        msgpack_unpacked_destroy(&u);
        msgpack_sbuffer_destroy(&k.sb);
    }
    phs_mrec_free(r);
}


/* The bundled rules with a site policy over them (docs/policy.md). */
static phs_db *policy_db(const char *policy)
{
    const char *t = getenv("TMPDIR");
    char path[4096], cache[4096];
    snprintf(path, sizeof path, "%s/mrec-policy-%d.rules", t ? t : "/tmp", (int)getpid());
    snprintf(cache, sizeof cache, "%s/phiscrub-test-cache", t ? t : "/tmp");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(policy, fp);
    fclose(fp);
    phs_rules *rules;
    phs_error e;
    assert_int_equal(phs_rules_load_site(path, &rules, &e), PHS_OK);
    unlink(path);
    phs_options o;
    phs_options_init(&o);
    o.cache_dir = cache;
    phs_db *db = NULL;
    assert_int_equal(phs_db_create(rules, &o, &db, &e), PHS_OK);
    phs_rules_free(rules);
    return db;
}

/* Strict mode: every scalar under a key not listed becomes [REDACTED]
   (numbers and booleans too, nil stays); kept keys pass; listed keys go
   through the detectors and the allow lists, free text of a listed key
   included (a logfmt line in "log"). */
static void test_site_policy_strict(void **state)
{
    (void)state;
    phs_db *db = policy_db("strict-keys = yes\nkeep-keys = trace_id\n"
                           "scan-keys = log, msg, ssn, level\n"
                           "allow SSN = 078-05-1120\nallow PHONE = 617-555-0100\n");
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 9);
    S(&k, "log");
    S(&k, "level=info user=bob");
    S(&k, "trace_id");
    S(&k, "123-45-6789");
    S(&k, "user");
    S(&k, "bob");
    S(&k, "age");
    msgpack_pack_int(&k.p, 95);
    S(&k, "ok");
    msgpack_pack_true(&k.p);
    S(&k, "gone");
    msgpack_pack_nil(&k.p);
    S(&k, "ssn");
    S(&k, "078-05-1120");
    S(&k, "msg");
    S(&k, "call 617-555-0100 or 617-555-0134");
    S(&k, "nested");
    msgpack_pack_map(&k.p, 2);
    S(&k, "level");
    S(&k, "x");
    S(&k, "y");
    msgpack_pack_array(&k.p, 1);
    S(&k, "z");
    expect(db, &k, PHS_MREC_CHANGED,
           "{\"log\"=>\"level=info user=[REDACTED]\", \"trace_id\"=>\"123-45-6789\", "
           "\"user\"=>\"[REDACTED]\", \"age\"=>\"[REDACTED]\", \"ok\"=>\"[REDACTED]\", "
           "\"gone\"=>nil, \"ssn\"=>\"078-05-1120\", "
           "\"msg\"=>\"call 617-555-0100 or [PHONE]\", "
           "\"nested\"=>{\"level\"=>\"x\", \"y\"=>[\"[REDACTED]\"]}}");
    phs_db_free(db);
}

/* Outside strict mode: kept and redacted keys only; an unlisted PHI key
   under an allow list keeps its allowed value. */
static void test_site_policy_keys(void **state)
{
    (void)state;
    phs_db *db = policy_db("keep-keys = build\nredact-keys = notes\nallow MRN = TEST-1\n");
    pk k;
    pk_init(&k);
    msgpack_pack_map(&k.p, 4);
    S(&k, "build");
    S(&k, "2024-03-15");
    S(&k, "notes");
    msgpack_pack_int(&k.p, 7);
    S(&k, "mrn");
    S(&k, "TEST-1");
    S(&k, "note");
    S(&k, "pt dob 03/14/1962");
    expect(db, &k, PHS_MREC_CHANGED,
           "{\"build\"=>\"2024-03-15\", \"notes\"=>\"[REDACTED]\", \"mrn\"=>\"TEST-1\", "
           "\"note\"=>\"pt dob [DATE]\"}");
    phs_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_text_and_keys),
        cmocka_unit_test(test_nested_fhir),
        cmocka_unit_test(test_clean_record_same),
        cmocka_unit_test(test_own_output_stays),
        cmocka_unit_test(test_tokens_match_lines),
        cmocka_unit_test(test_output_grows),
        cmocka_unit_test(test_drop_and_selected_keys),
        cmocka_unit_test(test_too_deep_fails_closed),
        cmocka_unit_test(test_mask_whole),
        cmocka_unit_test(test_random_records),
        cmocka_unit_test(test_site_policy_strict),
        cmocka_unit_test(test_site_policy_keys),
        cmocka_unit_test(test_keys_are_data),
        cmocka_unit_test(test_metadata),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

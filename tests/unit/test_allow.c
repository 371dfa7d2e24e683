/* allow.c, keypol.c, selftest.c: the site policy over the bundled rules.
   Allow values in every shape the detectors accept, per category and for
   all; anchored patterns; name words and the deny list; kept, redacted and
   strict keys in JSON and logfmt lines and in records; the audit counts;
   every bad entry refused with its file and line; rule self-tests; and
   phs_rules_add / phs_rules_load_site. */
#include "unit_util.h"

#include "allow.h"

/* ------------------------------------------------------------ helpers */

static char *tmp;

static int setup(void **state)
{
    (void)state;
    tmp = make_tmpdir_named("allow");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(tmp);
    free(tmp);
    return 0;
}

static char *write_file(const char *name, const char *text)
{
    char *p = path_join(tmp, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static phs_options test_opts(char *cache, size_t cap)
{
    phs_options o;
    phs_options_init(&o);
    const char *t = getenv("TMPDIR");
    snprintf(cache, cap, "%s/phiscrub-test-cache", t ? t : "/tmp");
    o.cache_dir = cache;
    return o;
}

/* The bundled rules with the policy text over them, as --rules reads a
   policy file. Returns the status; *db on success. */
static int try_policy(const char *policy, phs_db **db, phs_error *err)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "p%d.rules", n++);
    char *path = write_file(name, policy);
    phs_rules *rules = NULL;
    memset(err, 0, sizeof *err);
    int rc = phs_rules_load_site(path, &rules, err);
    free(path);
    if (rc)
        return rc;
    char cache[4096];
    phs_options o = test_opts(cache, sizeof cache);
    rc = phs_db_create(rules, &o, db, err);
    phs_rules_free(rules);
    return rc;
}

static phs_db *policy_db(const char *policy)
{
    phs_db *db = NULL;
    phs_error e;
    int rc = try_policy(policy, &db, &e);
    if (rc)
        print_error("policy: %s:%zu %s\n", e.file, e.line, e.reason);
    assert_int_equal(rc, PHS_OK);
    return db;
}

static void expect(const phs_db *db, const char *in, const char *want)
{
    char *out = redact_buf(db, in, strlen(in), NULL, NULL);
    if (strcmp(out, want) != 0)
        print_error("in:   %s\nwant: %s\ngot:  %s\n", in, want, out);
    assert_string_equal(out, want);
    free(out);
}

/* A policy that fails: the status, and the reason naming its line. */
static void refused(const char *policy, int want_rc, size_t line, const char *reason_part)
{
    phs_db *db = NULL;
    phs_error e;
    int rc = try_policy(policy, &db, &e);
    if (rc != want_rc || e.line != line || !strstr(e.reason, reason_part))
        print_error("policy %s\n -> rc %d line %zu: %s\n", policy, rc, e.line, e.reason);
    assert_int_equal(rc, want_rc);
    assert_null(db);
    assert_int_equal(e.line, line);
    assert_non_null(strstr(e.file, ".rules"));
    assert_non_null(strstr(e.reason, reason_part));
}

/* ------------------------------------------------------------ allow values */

static void test_phone_every_shape(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow PHONE = 617-555-0100\n");
    expect(db, "call (617) 555-0100 now\n", "call (617) 555-0100 now\n");
    expect(db, "call 617-555-0100 now\n", "call 617-555-0100 now\n");
    expect(db, "call 617.555.0100 now\n", "call 617.555.0100 now\n");
    expect(db, "call +1 617 555 0100 now\n", "call +1 617 555 0100 now\n");
    expect(db, "phone=6175550100\n", "phone=6175550100\n");
    expect(db, "{\"phone\":\"(617) 555-0100\"}\n", "{\"phone\":\"(617) 555-0100\"}\n");
    /* another number, and the same digits as a fax: masked */
    expect(db, "call (617) 555-0199 now\n", "call [PHONE] now\n");
    expect(db, "fax: 617-555-0100\n", "fax: [FAX]\n");
    phs_db_free(db);
}

static void test_value_per_category_and_all(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow SSN = 078-05-1120\nallow all = 219-09-9999\n"
                           "allow EMAIL = Help.Desk@Example.ORG\n");
    expect(db, "ssn 078-05-1120 and 078051120\n", "ssn 078-05-1120 and 078051120\n");
    expect(db, "ssn=219099999 ssn 219-09-9998\n", "ssn=219099999 ssn [SSN]\n");
    /* an email compares in lower case */
    expect(db, "mail help.desk@example.org or x@example.org\n",
           "mail help.desk@example.org or [EMAIL]\n");
    /* MRN with the SSN's digits: only `all` reaches it */
    expect(db, "mrn=078051120 mrn=219099999\n", "mrn=[MRN] mrn=219099999\n");
    phs_db_free(db);
}

static void test_name_values_and_words(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow NAME = Grant Svc\nallow-words = Jordan, Baker\n"
                           "deny-names = Okonkwo, Ward Seven\n");
    expect(db, "patient Jordan Baker seen\n", "patient Jordan Baker seen\n");
    /* a person whose name has an allowed word stays masked whole */
    expect(db, "patient John Baker seen\n", "patient [NAME] seen\n");
    expect(db, "called SVC, GRANT\n", "called SVC, GRANT\n");
    /* the deny list: a local name the dictionaries do not know */
    expect(db, "paged Okonkwo on ward seven today\n", "paged [NAME] on [NAME] today\n");
    /* whole words only */
    expect(db, "OkonkwoService started\n", "OkonkwoService started\n");
    phs_db_free(db);
}

static void test_patterns_anchored(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow-pattern MRN = TEST-\\d{6}\nallow-pattern EMAIL = noreply@.*\n"
                           "allow-pattern all = (?i)demo-[a-z]+@example\\.com\n");
    expect(db, "mrn=TEST-123456 mrn=TEST-1234567\n", "mrn=TEST-123456 mrn=[MRN]\n");
    expect(db, "from noreply@example.com to anoreply@example.com\n",
           "from noreply@example.com to [EMAIL]\n");
    expect(db, "from DEMO-ann@example.com\n", "from DEMO-ann@example.com\n");
    phs_db_free(db);
}

/* A category with a back-reference pattern, a numbered subroutine call or
   a verb (each would mean something else as one branch of an alternation),
   or one in extended mode (whose '#' comment would swallow the next
   branch), is matched one by one, not by the alternation; the answers are
   those of the patterns alone. */
static void test_patterns_backref(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow-pattern MRN = (\\d)\\1{5}\nallow-pattern MRN = X-\\d+\n");
    expect(db, "mrn=777777 mrn=777778 mrn=X-12\n", "mrn=777777 mrn=[MRN] mrn=X-12\n");
    phs_db_free(db);
    /* joined, (?1) would call the first entry's group (Q) */
    db = policy_db("allow-pattern MRN = (Q)-\\d+\nallow-pattern MRN = (\\d)(?1){5}\n");
    expect(db, "mrn=Q-12 mrn=123456 mrn=X-12\n", "mrn=Q-12 mrn=123456 mrn=[MRN]\n");
    phs_db_free(db);
    /* joined, (*COMMIT) would fail the alternation before X-\d+ is tried */
    db = policy_db("allow-pattern MRN = (*COMMIT)Q-\\d+\nallow-pattern MRN = X-\\d+\n");
    expect(db, "mrn=Q-12 mrn=X-12 mrn=Y-12\n", "mrn=Q-12 mrn=X-12 mrn=[MRN]\n");
    phs_db_free(db);
    db = policy_db("allow-pattern MRN = (?x) Q - \\d+  # test records\n"
                   "allow-pattern MRN = X-\\d+\n");
    expect(db, "mrn=Q-12 mrn=X-12 mrn=Y-12\n", "mrn=Q-12 mrn=X-12 mrn=[MRN]\n");
    phs_db_free(db);
}

static void test_thousand_entries(void **state)
{
    (void)state;
    size_t cap = 1000 * 48;
    char *p = malloc(cap), *in = malloc(64 * 1000);
    assert_non_null(p);
    assert_non_null(in);
    size_t o = 0, io = 0;
    for (int i = 0; i < 1000; i++)
        o += (size_t)snprintf(p + o, cap - o, "allow PHONE = (617) 555-%04d\n", i);
    phs_db *db = policy_db(p);
    for (int i = 0; i < 1000; i += 7)
        io += (size_t)snprintf(in + io, 64 * 1000 - io, "cb 617-555-%04d\n", i);
    char *out = redact_buf(db, in, io, NULL, NULL);
    assert_string_equal(out, in);
    free(out);
    expect(db, "cb 617-555-1000\n", "cb [PHONE]\n");
    phs_db_free(db);
    free(p);
    free(in);
}

/* ------------------------------------------------------------ keys */

static void test_keep_and_redact_keys(void **state)
{
    (void)state;
    phs_db *db = policy_db("keep-keys = trace_id, build\nredact-keys = notes\n");
    expect(db, "trace_id=123-45-6789 ssn=123-45-6789 notes=\"any text\" build=2024-03-14\n",
           "trace_id=123-45-6789 ssn=[SSN] notes=\"[REDACTED]\" build=2024-03-14\n");
    expect(db, "{\"trace_id\":\"123-45-6789\",\"notes\":\"any text\",\"Build\":19800314}\n",
           "{\"trace_id\":\"123-45-6789\",\"notes\":\"[REDACTED]\",\"Build\":19800314}\n");
    /* a redacted number stays JSON */
    expect(db, "{\"notes\":42}\n", "{\"notes\":\"[REDACTED]\"}\n");
    phs_db_free(db);
}

static void test_strict_json(void **state)
{
    (void)state;
    phs_db *db = policy_db("strict-keys = yes\nkeep-keys = trace_id\nscan-keys = msg, ssn, level\n"
                           "allow SSN = 078-05-1120\n");
    expect(db,
           "{\"trace_id\":\"t-1\",\"msg\":\"ssn 123-45-6789\",\"user\":\"bob\",\"age\":95,"
           "\"ok\":true,\"n\":null,\"tags\":[\"a\",1],\"x\":{\"level\":\"info\",\"y\":\"z\"}}\n",
           "{\"trace_id\":\"t-1\",\"msg\":\"ssn [SSN]\",\"user\":\"[REDACTED]\","
           "\"age\":\"[REDACTED]\",\"ok\":\"[REDACTED]\",\"n\":null,"
           "\"tags\":[\"[REDACTED]\",\"[REDACTED]\"],\"x\":{\"level\":\"info\",\"y\":\"[REDACTED]\"}}\n");
    /* a listed key's value goes through the detectors and the allow list;
       an unlisted PHI key is redacted even when the value is allowed */
    expect(db, "{\"ssn\":\"078-05-1120\",\"SSN2\":\"078-05-1120\"}\n",
           "{\"ssn\":\"078-05-1120\",\"SSN2\":\"[REDACTED]\"}\n");
    /* a record that does not parse cannot be read by key: masked whole */
    expect(db, "{\"user\": \"bob\n", PHS_UNPROCESSED_MARK "\n");
    /* scrubbed output scrubs to itself */
    expect(db, "{\"user\":\"[REDACTED]\",\"age\":\"[REDACTED]\"}\n",
           "{\"user\":\"[REDACTED]\",\"age\":\"[REDACTED]\"}\n");
    phs_db_free(db);
}

static void test_strict_logfmt(void **state)
{
    (void)state;
    phs_db *db = policy_db("strict-keys = yes\nscan-keys = msg, level\n");
    expect(db, "level=info msg=\"called John Smith\" user=bob dur=12ms\n",
           "level=info msg=\"called [NAME]\" user=[REDACTED] dur=[REDACTED]\n");
    /* text with no keys goes through the detectors only */
    expect(db, "plain words, call 555-234-5678\n", "plain words, call [PHONE]\n");
    expect(db, "level=info user=[REDACTED]\n", "level=info user=[REDACTED]\n");
    phs_db_free(db);
}

/* ------------------------------------------------------------ records */

static void test_record_api(void **state)
{
    (void)state;
    phs_db *db = policy_db("strict-keys = yes\nkeep-keys = trace_id\nscan-keys = ssn, msg\n"
                           "allow SSN = 078-05-1120\n");
    phs_stream *s;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    phs_category cat;
    assert_int_equal(phs_stream_key_policy(s, "trace_id", 8, "", 0, "", 0, &cat), PHS_KEY_KEEP);
    assert_int_equal(phs_stream_key_policy(s, "user", 4, "", 0, "", 0, &cat), PHS_KEY_REDACT);
    assert_int_equal(phs_stream_key_policy(s, "ok", 2, "", 0, "", 0, NULL), PHS_KEY_REDACT);
    assert_int_equal(phs_stream_key_policy(s, "msg", 3, "", 0, "", 0, &cat), PHS_KEY_SCAN);
    assert_int_equal(phs_stream_key_policy(s, "SSN", 3, "", 0, "", 0, &cat), PHS_KEY_PHI);
    assert_int_equal(cat, PHS_CAT_SSN);
    assert_int_equal(phs_stream_redacted(s), 2);
    /* the allow list keeps a whole value under a PHI key */
    char out[PHS_ACT_ROOM(16)];
    size_t w;
    int drop;
    assert_int_equal(phs_stream_act(s, PHS_CAT_SSN, "078051120", 9, out, sizeof out, &w, &drop),
                     PHS_OK);
    assert_int_equal(w, 9);
    assert_memory_equal(out, "078051120", 9);
    assert_int_equal(phs_stream_act(s, PHS_CAT_SSN, "123456789", 9, out, sizeof out, &w, &drop),
                     PHS_OK);
    assert_memory_equal(out, "[SSN]", w);
    /* audit: the allow value kept one, the kept key one */
    assert_int_equal(phs_db_allow_count(db), 2);
    phs_allow_info a;
    assert_int_equal(phs_db_allow_entry(db, 0, &a), PHS_OK);
    assert_string_equal(a.directive, "keep-keys");
    assert_int_equal(a.line, 2);
    assert_int_equal(phs_stream_allow_kept(s, 0), 1);
    assert_int_equal(phs_db_allow_entry(db, 1, &a), PHS_OK);
    assert_string_equal(a.directive, "allow");
    assert_int_equal(a.category, PHS_CAT_SSN);
    assert_int_equal(phs_stream_allow_kept(s, 1), 1);
    assert_int_equal(phs_db_allow_entry(db, 2, &a), PHS_E_ARG);
    phs_stream_reset(s);
    assert_int_equal(phs_stream_allow_kept(s, 1), 0);
    assert_int_equal(phs_stream_redacted(s), 0);
    phs_stream_free(s);
    phs_db_free(db);
}

/* Without a policy the verdicts are the key classes' and nothing counts. */
static void test_record_api_no_policy(void **state)
{
    (void)state;
    char cache[4096];
    phs_options o = test_opts(cache, sizeof cache);
    phs_db *db = db_bundled(&o);
    phs_stream *s;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    phs_category cat;
    assert_int_equal(phs_stream_key_policy(s, "user", 4, "", 0, "", 0, &cat), PHS_KEY_SCAN);
    assert_int_equal(cat, PHS_CAT_COUNT);
    assert_int_equal(phs_stream_key_policy(s, "dob", 3, "", 0, "", 0, &cat), PHS_KEY_PHI);
    assert_int_equal(cat, PHS_CAT_DATE);
    assert_int_equal(phs_db_allow_count(db), 0);
    assert_int_equal(phs_stream_redacted(s), 0);
    phs_stream_free(s);
    phs_db_free(db);
}

/* The audit over lines, and findings: a redacted value is reported with
   the key policy's rule and no category. */
static void test_audit_lines(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow PHONE = 617-555-0100\nallow-words = Jordan, Baker\n"
                           "redact-keys = notes\n");
    const char *in = "cb (617) 555-0100, 617.555.0100; pt Jordan\nnotes=x\n";
    flist fl = {0};
    phs_stream *s;
    assert_int_equal(phs_stream_create(db, &s), PHS_OK);
    char *out = redact_stream(s, in, strlen(in), NULL, &fl);
    assert_string_equal(out, "cb (617) 555-0100, 617.555.0100; pt Jordan\nnotes=[REDACTED]\n");
    assert_int_equal(phs_stream_allow_kept(s, 0), 2);
    assert_int_equal(phs_stream_allow_kept(s, 1), 1);
    assert_int_equal(phs_stream_allow_kept(s, 2), 0);
    assert_int_equal(phs_stream_redacted(s), 1);
    assert_int_equal(fl.n, 1);
    assert_int_equal(fl.v[0].category, PHS_CAT_COUNT);
    assert_string_equal(fl.v[0].rule_id, PHS_KEY_POLICY_RULE);
    free(out);
    flist_free(&fl);
    phs_stream_free(s);
    phs_db_free(db);
}

/* ------------------------------------------------------------ bad input */

static void test_bad_entries(void **state)
{
    (void)state;
    refused("# site\nallow-pattern SSN = .*\n", PHS_E_RULES, 2, "matches 6 of 6 ordinary SSN");
    refused("allow-pattern all = \\d+\n", PHS_E_RULES, 1, "ordinary");
    refused("allow-pattern IP = (\n", PHS_E_COMPILE, 1, "missing closing parenthesis");
    refused("allow-pattern IP =\n", PHS_E_RULES, 1, "empty entry");
    refused("allow SSN =   \n", PHS_E_RULES, 1, "empty entry");
    refused("allow SSN = no digits\n", PHS_E_RULES, 1, "normal form is empty");
    refused("allow BLOOD = 1\n", PHS_E_RULES, 1, "unknown category 'BLOOD'");
    refused("allow-pattern SSN wide = x\n", PHS_E_RULES, 1, "only 'broad'");
    refused("allow SSN broad = 078-05-1120\n", PHS_E_RULES, 1, "unexpected 'broad'");
    refused("allow-words = Jordan, Van Dyke\n", PHS_E_RULES, 1, "item 2 is not one name word");
    refused("keep-keys = a, b\nredact-keys = B\n", PHS_E_RULES, 2, "listed under keep-keys");
    refused("deny-names = a,, b\n", PHS_E_RULES, 1, "empty entry");
    refused("strict-keys = maybe\n", PHS_E_RULES, 1, "strict-keys = yes");
    refused("keep-keys trace\n", PHS_E_RULES, 1, "keep-keys = ITEM");
    /* longer than any finding */
    size_t n = PHS_SITE_ENTRY_MAX + 1;
    char *big = malloc(n + 32);
    assert_non_null(big);
    memcpy(big, "allow MRN = ", 12);
    memset(big + 12, '7', n);
    memcpy(big + 12 + n, "\n", 2);
    refused(big, PHS_E_RULES, 1, "at most 1024 bytes");
    free(big);
}

/* A broad pattern is taken when the entry says so. */
static void test_broad_meant(void **state)
{
    (void)state;
    phs_db *db = policy_db("allow-pattern IP broad = 10\\..*\nallow-pattern ZIP broad = \\d{5}\n");
    expect(db, "from 10.1.2.3 zip=02139\n", "from 10.1.2.3 zip=02139\n");
    phs_db_free(db);
}

/* An entry longer than the line limit never matches: refused at compile. */
static void test_longer_than_a_line(void **state)
{
    (void)state;
    char *path = write_file("long.rules", "allow MRN = A0000000000000000012345\n");
    phs_rules *rules;
    phs_error e;
    assert_int_equal(phs_rules_load_site(path, &rules, &e), PHS_OK);
    char cache[4096];
    phs_options o = test_opts(cache, sizeof cache);
    o.max_line_size = 16;
    phs_db *db = NULL;
    assert_int_equal(phs_db_create(rules, &o, &db, &e), PHS_E_RULES);
    assert_null(db);
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.reason, "longer than a line can be"));
    phs_rules_free(rules);
    free(path);
}

/* ------------------------------------------------------------ loading */

static void test_load_site_and_add(void **state)
{
    (void)state;
    phs_rules *bundled, *r;
    phs_error e;
    assert_int_equal(phs_rules_load_bundled(&bundled, &e), PHS_OK);
    size_t nb = phs_rules_count(bundled);
    /* policy alone: over the bundled set, with the rules it adds */
    char *pol = write_file("only.rules", "deny-names = Okonkwo\nredact-keys = notes\n");
    assert_int_equal(phs_rules_load_site(pol, &r, &e), PHS_OK);
    assert_int_equal(phs_rules_count(r), nb + 2);
    assert_string_equal(phs_rules_id(r, nb), "site:names");
    assert_string_equal(phs_rules_id(r, nb + 1), "site:keys");
    phs_rules_free(r);
    /* plain phs_rules_load says what to do with it */
    assert_int_equal(phs_rules_load(pol, &r, &e), PHS_E_RULES);
    assert_non_null(strstr(e.reason, "only policy"));
    /* rules of its own: added to the bundled set, never replacing it (a
       site file of one rule must not switch the other categories off) */
    char *own = write_file("own.rules", "[mine]\ncategory = SSN\npattern = \\d{9}\n"
                                        "allow SSN = 078051120\n");
    assert_int_equal(phs_rules_load_site(own, &r, &e), PHS_OK);
    assert_int_equal(phs_rules_count(r), nb + 1); /* and mine */
    assert_string_equal(phs_rules_id(r, 0), phs_rules_id(bundled, 0));
    phs_rules_free(r);
    /* a path that adds nothing is said */
    char *empty = write_file("empty.rules", "# nothing here\n");
    assert_int_equal(phs_rules_load_site(empty, &r, &e), PHS_E_RULES);
    assert_null(r);
    assert_non_null(strstr(e.reason, "no rules defined"));
    free(empty);
    /* add: all or nothing */
    char *bad = write_file("bad.rules", "allow SSN = 078051120\n[mine]\ncategory = NOPE\n");
    assert_int_equal(phs_rules_add(bundled, bad, &e), PHS_E_RULES);
    assert_int_equal(phs_rules_count(bundled), nb);
    assert_int_equal(phs_rules_add(bundled, own, &e), PHS_OK);
    assert_int_equal(phs_rules_count(bundled), nb + 1);
    /* a rule id already in the set */
    assert_int_equal(phs_rules_add(bundled, own, &e), PHS_E_RULES);
    assert_non_null(strstr(e.reason, "duplicate rule id"));
    assert_int_equal(phs_rules_count(bundled), nb + 1);
    assert_int_equal(phs_rules_load_site(NULL, &r, &e), PHS_OK);
    assert_int_equal(phs_rules_count(r), nb);
    phs_rules_free(r);
    phs_rules_free(bundled);
    free(pol);
    free(own);
    free(bad);
}

/* ------------------------------------------------------------ examples */

typedef struct {
    char text[128][96];
    int must[128];
    size_t line[128];
    size_t n;
} failures;

static void on_fail(const phs_example_failure *f, void *user)
{
    failures *fs = user;
    assert_true(fs->n < 128);
    snprintf(fs->text[fs->n], sizeof fs->text[0], "%s|%s", f->rule_id, f->text);
    fs->must[fs->n] = f->must_match;
    fs->line[fs->n] = f->line;
    fs->n++;
}

static void test_examples(void **state)
{
    (void)state;
    static const char text[] =
        "[ssn-test]\n"
        "category = SSN\n"
        "example = ssn 123-45-6789\n"
        "not-example = build 123-45-67890\n"
        "pattern = (?<!\\d)\\d{3}-\\d{2}-\\d{4}(?!\\d)\n"
        "validator = ssn\n"
        "example = ssn 000-45-6789\n"   /* line 7: the validator refuses it */
        "not-example = ssn 536-22-8726\n" /* line 8: it is found */
        "[off]\n"
        "category = MRN\n"
        "pattern = MR\\d{4}\n"
        "enabled = false\n"
        "example = see MR1234\n"        /* an off rule is still tested */
        "[names]\n"
        "category = NAME\n"
        "engine = names\n";
    phs_rules *rules;
    phs_error e;
    assert_int_equal(phs_rules_load_buffer(text, strlen(text), "<t>", &rules, &e), PHS_OK);
    size_t pos, neg;
    phs_rules_examples(rules, 0, &pos, &neg);
    assert_int_equal(pos, 2);
    assert_int_equal(neg, 2);
    char cache[4096];
    phs_options o = test_opts(cache, sizeof cache);
    o.categories = 1u << PHS_CAT_SSN; /* the examples run with every category */
    failures fs = {0};
    size_t run = 0, failed = 0;
    assert_int_equal(phs_rules_check_examples(rules, &o, on_fail, &fs, &run, &failed, &e),
                     PHS_E_RULES);
    for (size_t i = 0; i < fs.n; i++)
        print_message("failed: %s (line %zu)\n", fs.text[i], fs.line[i]);
    assert_int_equal(run, 5);
    assert_int_equal(failed, 2);
    assert_int_equal(fs.n, 2);
    assert_string_equal(fs.text[0], "ssn-test|ssn 000-45-6789");
    assert_int_equal(fs.must[0], 1);
    assert_int_equal(fs.line[0], 7);
    assert_string_equal(fs.text[1], "ssn-test|ssn 536-22-8726");
    assert_int_equal(fs.must[1], 0);
    assert_int_equal(fs.line[1], 8);
    phs_rules_free(rules);
}

/* The shipped rules: each carries an example and a not-example, and all
   of them pass. */
static void test_bundled_examples(void **state)
{
    (void)state;
    phs_rules *rules;
    phs_error e;
    assert_int_equal(phs_rules_load_bundled(&rules, &e), PHS_OK);
    size_t n = phs_rules_count(rules);
    for (size_t i = 0; i < n; i++) {
        size_t pos, neg;
        phs_rules_examples(rules, i, &pos, &neg);
        if (pos == 0 || neg == 0)
            print_error("rule %s: %zu examples, %zu not-examples\n", phs_rules_id(rules, i), pos,
                        neg);
        assert_true(pos > 0 && neg > 0);
    }
    char cache[4096];
    phs_options o = test_opts(cache, sizeof cache);
    failures fs = {0};
    size_t run = 0, failed = 0;
    int rc = phs_rules_check_examples(rules, &o, on_fail, &fs, &run, &failed, &e);
    for (size_t i = 0; i < fs.n; i++)
        print_error("%s example failed: %s\n", fs.must[i] ? "positive" : "negative", fs.text[i]);
    assert_int_equal(rc, PHS_OK);
    assert_int_equal(failed, 0);
    assert_true(run >= 2 * n);
    phs_rules_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_every_shape),
        cmocka_unit_test(test_value_per_category_and_all),
        cmocka_unit_test(test_name_values_and_words),
        cmocka_unit_test(test_patterns_anchored),
        cmocka_unit_test(test_patterns_backref),
        cmocka_unit_test(test_thousand_entries),
        cmocka_unit_test(test_keep_and_redact_keys),
        cmocka_unit_test(test_strict_json),
        cmocka_unit_test(test_strict_logfmt),
        cmocka_unit_test(test_record_api),
        cmocka_unit_test(test_record_api_no_policy),
        cmocka_unit_test(test_audit_lines),
        cmocka_unit_test(test_bad_entries),
        cmocka_unit_test(test_broad_meant),
        cmocka_unit_test(test_longer_than_a_line),
        cmocka_unit_test(test_load_site_and_add),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_bundled_examples),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

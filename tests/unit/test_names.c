/* Person names (names.c and patterns/80-names.rules): the dictionary forms
   of the names engine on their own, then the bundled rules with context,
   the words that are names only with context, names inside identifiers,
   and the rules format of engine rules and JSON key classes. */
#include "unit_util.h"

typedef struct ncase {
    const char *in;
    const char *out; /* NULL: unchanged */
} ncase;

static void run_table(const phs_db *db, const ncase *c, size_t n, const char *file, int line)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *want = c[i].out ? c[i].out : c[i].in;
        char *got = redact_str(db, c[i].in);
        if (strcmp(got, want) != 0) {
            print_error("  input:    \"%s\"\n  expected: \"%s\"\n  got:      \"%s\"\n", c[i].in,
                        want, got);
            bad++;
        }
        free(got);
    }
    if (bad) {
        print_error("%zu of %zu cases failed\n", bad, n);
        _fail(file, line);
    }
}
#define RUN(db, table) run_table((db), (table), sizeof(table) / sizeof((table)[0]), __FILE__, __LINE__)

/* The engine alone, with its own rule: what the dictionaries decide. */
static const char ENGINE_ONLY[] = "[names]\ncategory = NAME\nengine = names\n";

static phs_db *engine_db(void)
{
    phs_options o;
    phs_options_init(&o);
    char cache[4096];
    const char *tmp = getenv("TMPDIR");
    assert_true(snprintf(cache, sizeof cache, "%s/phiscrub-test-cache", tmp ? tmp : "/tmp") <
                (int)sizeof cache);
    o.cache_dir = cache;
    return db_from_text(ENGINE_ONLY, &o);
}

static void test_engine_forms(void **state)
{
    (void)state;
    phs_db *db = engine_db();
    static const ncase c[] = {
        {"Called John Smith back", "Called [NAME] back"},
        {"JOHN SMITH admitted", "[NAME] admitted"},
        {"SMITH, JOHN admitted", "[NAME] admitted"},
        {"Smith, John A. seen today", "[NAME] seen today"},
        {"seen: Smith,John", "seen: [NAME]"},
        {"John A. Smith arrived", "[NAME] arrived"},
        {"J. Smith reviewed the chart", "[NAME] reviewed the chart"},
        {"Maria Garcia-Lopez checked in", "[NAME] checked in"},
        {"Betty O'Reilly called", "[NAME] called"},
        {"Jana Hamanová arrived", "[NAME] arrived"},
        {"Will Smith", "[NAME]"}, /* a log word beside a name that is not one */
        {"(John Smith)", "([NAME])"},
        {"\"John Smith\"", "\"[NAME]\""},
        {"name:John Smith", "name:[NAME]"},
        {"DOE^JOHN SMITH", "DOE^[NAME]"},
        /* accents are looked up without them: Monica, Diaz, Alfreda */
        {"merging Mónica Díaz today", "merging [NAME] today"},
        {"MÓNICA DÍAZ admitted", "[NAME] admitted"},
        {"merging Alfréda Molnárová", "merging [NAME]"},
        /* a common first name before a word no list knows */
        {"merging Anna Gamper", "merging [NAME]"},
    };
    RUN(db, c);
    phs_db_free(db);
}

static void test_engine_not_names(void **state)
{
    (void)state;
    phs_db *db = engine_db();
    static const ncase c[] = {
        {"John", NULL},                          /* one word alone: no context */
        {"Smith", NULL},
        {"Will retry in 5s", NULL},              /* log words together */
        {"Mark Price update", NULL},
        {"Grant Access denied", NULL},
        {"May Young", NULL},
        {"[Thu Jun 12 18:58:45 2025] error", NULL}, /* weekday and month */
        {"SmithAdapter JohnSmith", NULL},        /* inside identifiers */
        {"com.John.Smith.Billing", NULL},
        {"John_Smith_job", NULL},
        {"@John Smith", NULL},                   /* a handle, then a name alone */
        {"John.Smith@example.org", NULL},         /* an email is the email rule's */
        {"/home/John/Smith", NULL},
        {"John Smith()", NULL},                  /* a call, not a name */
        {"Smith.java:12", NULL},
        {"john smith", NULL},                    /* lower case: no name form */
        {"JOHN smith", NULL},                    /* mixed case forms do not pair */
        {"Apache Kafka", NULL},
        {"Anna Gamper.log", NULL},               /* a file name */
        {"Anna Nginx", NULL},                    /* a tech word the lexicon knows */
        {"Will Gamper", NULL},                   /* a log word first */
        {"Spring Boot Admin", NULL},
        {"BLUE CROSS BLUE SHIELD", NULL},
        {"ns::John Smith", NULL},                /* a scope, then a name alone */
        {"AppleWebKit JohnSmith McJohn Smith", NULL},
    };
    RUN(db, c);
    phs_db_free(db);
}

static void test_context(void **state)
{
    (void)state;
    phs_db *db = db_bundled(NULL);
    static const ncase c[] = {
        /* a label or a person word makes any capitalised pair a name */
        {"Patient: Xolani Brightwater", "Patient: [NAME]"},
        {"patient_name=Jana Hamanová", "patient_name=[NAME]"},
        {"guarantorName: BRITANE JÄGER", "guarantorName: [NAME]"},
        {"spouse Vaendmo Toumfyr notified", "spouse [NAME] notified"},
        {"signed by Øvergård, Sakile", "signed by [NAME]"},
        {"signed by Ø. Søndergård", "signed by [NAME]"},
        {"Dr. Smith reviewed", "Dr. [NAME] reviewed"},
        {"Mrs. O'Brien called", "Mrs. [NAME] called"},
        /* a single word after a person word must be in a dictionary */
        {"pt Maria arrived", "pt [NAME] arrived"},
        {"called Emma back", "called [NAME] back"},
        {"called Frank back", NULL}, /* a log word alone needs a stronger context */
        /* log words count with context */
        {"callback for Mark King scheduled", "callback for [NAME] scheduled"},
        {"guarantor: Will Young", "guarantor: [NAME]"},
        /* context words before things that are not names */
        {"Patient: unknown", NULL},
        {"Patient: ID missing", NULL},
        {"waiting for Kafka broker", NULL},
        {"retry for Production", NULL},
        {"patient portal login", NULL},
        {"called Foo.bar()", NULL},
        {"for May 5", NULL},
    };
    RUN(db, c);
    phs_db_free(db);
}

/* A name's unlisted words beside it go with it (phs_names_extend): written
   as the name is, letters only, no word of English, the clinic or a cue. */
static void test_extension(void **state)
{
    (void)state;
    phs_db *db = db_bundled(NULL);
    static const ncase c[] = {
        {"Device return: Claudio Núñez Munguía shipped it",
         "Device return: [NAME] shipped it"},
        {"Emergency contact Francisco Carrión Limón called", "Emergency contact [NAME] called"},
        {">> Ziqian Wei | Case Manager", ">> [NAME] | Case Manager"},
        {"BATILDA BRUSCHI resides at home", "[NAME] resides at home"},
        /* what stops it: an English, clinical or facility word, a glued
           identifier */
        {"John Smith Cardiology follow up", "[NAME] Cardiology follow up"},
        {"JOHN SMITH Pharmacy", "[NAME] Pharmacy"},
        {"John Smith Xqzvt.log", "[NAME] Xqzvt.log"},
        {"John Smith Ordered labs", "[NAME] Ordered labs"},
    };
    RUN(db, c);
    phs_db_free(db);
}

/* With NAME switched off, neither the engine nor the context rules mask. */
static void test_category_off(void **state)
{
    (void)state;
    phs_options o;
    phs_options_init(&o);
    o.categories &= ~(1u << PHS_CAT_NAME);
    phs_db *db = db_bundled(&o);
    EXPECT_REDACT(db, "Patient: John Smith ssn 123-45-6789\n", "Patient: John Smith ssn [SSN]\n");
    phs_db_free(db);
}

/* Output does not depend on where a block ends: the dictionary hits are per
   block, and a name split across blocks must still be found. */
static void test_chunking(void **state)
{
    (void)state;
    phs_options o;
    phs_options_init(&o);
    o.block_size = 16;
    phs_db *db = db_bundled(&o);
    const char *in = "a\nJohn Smith here\nxx SMITH, JOHN\nJ. Smith\n";
    const char *want = "a\n[NAME] here\nxx [NAME]\n[NAME]\n";
    for (size_t chunk = 1; chunk < 12; chunk++) {
        phs_stream *s = NULL;
        assert_int_equal(phs_stream_create(db, &s), PHS_OK);
        char got[256];
        phs_outbuf ob = {got, sizeof got, 0};
        for (size_t at = 0; at < strlen(in); at += chunk) {
            size_t n = strlen(in) - at < chunk ? strlen(in) - at : chunk;
            phs_inbuf ib = {in + at, n, 0};
            assert_int_equal(phs_stream_feed(s, &ob, &ib), PHS_OK);
            assert_int_equal(ib.pos, n);
        }
        size_t rem = 0;
        assert_int_equal(phs_stream_flush(s, &ob, &rem), PHS_OK);
        assert_int_equal(rem, 0);
        assert_int_equal(ob.pos, strlen(want));
        assert_memory_equal(got, want, ob.pos);
        phs_stream_free(s);
    }
    phs_db_free(db);
}

static void expect_rules_error(const char *text, const char *why)
{
    phs_rules *r = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = phs_rules_load_buffer(text, strlen(text), "<t>", &r, &e);
    if (rc != PHS_E_RULES || !strstr(e.reason, why))
        print_error("rules %s: want error containing '%s', got %d '%s'\n", text, why, rc,
                    e.reason);
    assert_int_equal(rc, PHS_E_RULES);
    assert_non_null(strstr(e.reason, why));
    assert_null(r);
}

static void test_engine_rules_format(void **state)
{
    (void)state;
    expect_rules_error("[n]\ncategory = NAME\nengine = words\n", "engine must be");
    expect_rules_error("[n]\ncategory = SSN\nengine = names\n", "needs category = NAME");
    expect_rules_error("[n]\ncategory = NAME\nengine = names\npattern = x\n", "no pattern");
    expect_rules_error("[n]\ncategory = NAME\nengine = names\nprefilter = x\n", "no prefilter");
    expect_rules_error("[h]\nengine = hl7\n", "needs a prefilter");
    expect_rules_error("[h]\nengine = hl7\ncategory = NAME\nprefilter = PID\n", "no category");
    expect_rules_error("keys NOPE = ssn\n[r]\ncategory = SSN\npattern = x\n", "unknown category");
    expect_rules_error("keys SSN ssn\n[r]\ncategory = SSN\npattern = x\n", "keys needs");
    expect_rules_error("keys SSN under x = ssn\n[r]\ncategory = SSN\npattern = x\n", "keys needs");
    expect_rules_error("keys SSN =\n[r]\ncategory = SSN\npattern = x\n", "empty key pattern");
}

/* A key class of a custom rules file drives the JSON walker. */
static void test_keys_directive(void **state)
{
    (void)state;
    static const char text[] =
        "keys NAME in owner = nick\n"
        "keys MEMBER_ID in card of Coverage = number\n"
        "[json]\nengine = json\nprefilter = \"(?:nick|number)\"\\s*:\n";
    phs_db *db = db_from_text(text, NULL);
    EXPECT_REDACT(db, "{\"owner\":{\"nick\":\"Bo\"},\"nick\":\"x\"}\n",
                  "{\"owner\":{\"nick\":\"[NAME]\"},\"nick\":\"x\"}\n");
    EXPECT_REDACT(db, "{\"resourceType\":\"Coverage\",\"card\":{\"number\":\"W1\"}}\n",
                  "{\"resourceType\":\"Coverage\",\"card\":{\"number\":\"[MEMBER_ID]\"}}\n");
    EXPECT_REDACT(db, "{\"resourceType\":\"Claim\",\"card\":{\"number\":\"W1\"}}\n",
                  "{\"resourceType\":\"Claim\",\"card\":{\"number\":\"W1\"}}\n");
    /* a malformed record keeps the line to the other rules: here none */
    EXPECT_REDACT(db, "{\"owner\":{\"nick\":\"Bo\"\n", "{\"owner\":{\"nick\":\"[NAME]\"\n");
    phs_db_free(db);
    static const char bad[] = "keys NAME = (\n[r]\ncategory = SSN\npattern = x\n";
    phs_rules *r = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    assert_int_equal(phs_rules_load_buffer(bad, strlen(bad), "<t>", &r, &e), PHS_OK);
    phs_db *d2 = NULL;
    assert_int_equal(phs_db_create(r, NULL, &d2, &e), PHS_E_COMPILE);
    assert_non_null(strstr(e.reason, "keys:"));
    assert_int_equal(e.line, 1);
    assert_null(d2);
    phs_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine_forms),       cmocka_unit_test(test_engine_not_names),
        cmocka_unit_test(test_context),            cmocka_unit_test(test_category_off),
        cmocka_unit_test(test_chunking),           cmocka_unit_test(test_engine_rules_format),
        cmocka_unit_test(test_keys_directive),     cmocka_unit_test(test_extension),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* json.c: the JSON record walker. A test classifier stands in for the key
   lists; the cases check the exact spans (offsets and category) for flat,
   nested and FHIR records, references, masks, escapes, the malformed and
   stopped returns, and a random robustness loop. Every scan runs on a heap
   copy of exactly the line's length, so ASan catches a read past the end. */
#include <strings.h>

#include "unit_util.h"

#include "structure.h"
#include "view.h"

/* ------------------------------------------------------------ helpers */

typedef struct {
    size_t s, e;
    phs_category c;
} span;

#define MAX_SPANS 4096

typedef struct {
    span v[MAX_SPANS];
    size_t n;
    size_t stop_after; /* ask the walker to stop after this many; 0: never */
} sink;

static int collect(size_t s, size_t e, phs_category c, void *ctx)
{
    sink *k = ctx;
    assert_true(k->n < MAX_SPANS);
    k->v[k->n++] = (span){s, e, c};
    return k->stop_after && k->n >= k->stop_after;
}

static bool key_is(const char *k, size_t kl, const char *want)
{
    return kl == strlen(want) && strncasecmp(k, want, kl) == 0;
}

/* The key table a real caller builds from its rules; parent NULL: any. */
static const struct {
    const char *key, *parent;
    phs_category cat;
} key_table[] = {
    {"ssn", NULL, PHS_CAT_SSN},
    {"mrn", NULL, PHS_CAT_MRN},
    {"dob", NULL, PHS_CAT_DATE},
    {"birthDate", NULL, PHS_CAT_DATE},
    {"phone", NULL, PHS_CAT_PHONE},
    {"patientId", NULL, PHS_CAT_PATIENT_ID},
    {"family", "name", PHS_CAT_NAME},
    {"given", "name", PHS_CAT_NAME},
    {"value", "identifier", PHS_CAT_PATIENT_ID},
    {"value", "telecom", PHS_CAT_PHONE},
    {"line", "address", PHS_CAT_ADDRESS},
    {"city", "address", PHS_CAT_ADDRESS},
    {"postalCode", "address", PHS_CAT_ZIP},
    {"name", "patient", PHS_CAT_NAME},
};

static phs_category table_classify(const char *key, size_t klen, const char *parent,
                                   size_t plen, const char *rtype,
                                   size_t rtlen, void *ctx)
{
    (void)rtype;
    (void)rtlen;
    (void)ctx;
    assert_non_null(key);
    assert_non_null(parent);
    for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++)
        if (key_is(key, klen, key_table[i].key) &&
            (!key_table[i].parent || key_is(parent, plen, key_table[i].parent)))
            return key_table[i].cat;
    return PHS_CAT_COUNT;
}

/* Every key is PHI: the most spans for the robustness loop. */
static phs_category all_classify(const char *key, size_t klen, const char *parent, size_t plen,
                                 const char *rtype, size_t rtlen, void *ctx)
{
    (void)rtype;
    (void)rtlen;
    (void)key;
    (void)klen;
    (void)parent;
    (void)plen;
    (void)ctx;
    return PHS_CAT_NAME;
}

static int scan_n(const char *line, size_t len, phs_json_classify cl, void *cctx, sink *k)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, line, len);
    int rc = phs_json_scan(copy, len, cl, cctx, collect, k);
    free(copy);
    return rc;
}

static int scan(const char *line, sink *k)
{
    return scan_n(line, strlen(line), table_classify, NULL, k);
}

static void dump(const char *line, const sink *k)
{
    for (size_t i = 0; i < k->n; i++)
        print_error("  span %zu: [%zu,%zu) cat %d \"%.*s\"\n", i, k->v[i].s, k->v[i].e,
                    (int)k->v[i].c, (int)(k->v[i].e - k->v[i].s), line + k->v[i].s);
}

/* Exact offsets, for the cases that pin the contract down by hand. */
static void expect_spans(const char *line, int want_rc, const span *want, size_t n,
                         const char *file, int lno)
{
    sink k = {0};
    int rc = scan(line, &k);
    bool ok = rc == want_rc && k.n == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = k.v[i].s == want[i].s && k.v[i].e == want[i].e && k.v[i].c == want[i].c;
    if (!ok) {
        print_error("%s\n  rc %d (want %d), %zu spans (want %zu)\n", line, rc, want_rc, k.n, n);
        dump(line, &k);
        _fail(file, lno);
    }
}

#define SPANS(line, rc, ...)                                                                   \
    expect_spans((line), (rc), (const span[]){__VA_ARGS__},                                    \
                 sizeof((const span[]){__VA_ARGS__}) / sizeof(span), __FILE__, __LINE__)

typedef struct {
    const char *text;
    phs_category cat;
} want;

/* The next value at or after `from` whose bytes are `text`: a string's
   contents (between quotes, and not a key), a reference's id (after '/',
   before the closing quote), or a bare number. */
static size_t find_value(const char *line, size_t from, const char *text, bool *found)
{
    size_t len = strlen(line), tl = strlen(text);
    *found = true;
    for (size_t i = from; i + tl <= len; i++) {
        if (memcmp(line + i, text, tl) != 0)
            continue;
        char before = i ? line[i - 1] : '\0', after = line[i + tl];
        if ((before == '"' && after == '"') || (before == '/' && after && strchr("\"/\\", after))) {
            size_t j = i + tl + 1;
            while (line[j] == ' ')
                j++;
            if (line[j] != ':')
                return i;
        }
        if (before && strchr(":[, ", before) && after && strchr(",]} ", after))
            return i;
    }
    *found = false;
    return 0;
}

/* Spans given by their text, in line order: each must be found after the
   previous one, and the walker must report exactly those offsets. */
static void expect_values(const char *line, int want_rc, const want *w, size_t n,
                          const char *file, int lno)
{
    sink k = {0};
    int rc = scan(line, &k);
    bool ok = rc == want_rc && k.n == n;
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        bool found;
        size_t s = find_value(line, from, w[i].text, &found);
        if (!found) {
            print_error("test bug: \"%s\" not in the line after %zu\n", w[i].text, from);
            _fail(file, lno);
        }
        size_t e = s + strlen(w[i].text);
        if (ok && (k.v[i].s != s || k.v[i].e != e || k.v[i].c != w[i].cat)) {
            print_error("  want span %zu: [%zu,%zu) cat %d \"%s\"\n", i, s, e, (int)w[i].cat,
                        w[i].text);
            ok = false;
        }
        from = e;
    }
    if (!ok) {
        print_error("%s\n  rc %d (want %d), %zu spans (want %zu)\n", line, rc, want_rc, k.n, n);
        dump(line, &k);
        _fail(file, lno);
    }
}

#define VALUES(line, rc, ...)                                                                  \
    expect_values((line), (rc), (const want[]){__VA_ARGS__},                                   \
                  sizeof((const want[]){__VA_ARGS__}) / sizeof(want), __FILE__, __LINE__)
#define NOTHING(line, rc) expect_values((line), (rc), NULL, 0, __FILE__, __LINE__)

/* ------------------------------------------------------------ records */

static void test_flat_object(void **state)
{
    (void)state;
    /*          0         1         2         3         4
                0123456789012345678901234567890123456789012345 */
    SPANS("{\"ssn\":\"123-45-6789\",\"note\":\"x\",\"mrn\":12345}", PHS_STRUCT_OK,
          {8, 19, PHS_CAT_SSN}, {38, 43, PHS_CAT_MRN});
    /* keys are case-insensitive in the classifier, never reported themselves */
    SPANS("{\"SSN\":\"1\"}", PHS_STRUCT_OK, {8, 9, PHS_CAT_SSN});
    NOTHING("{\"note\":\"ssn\",\"event\":\"intake\"}", PHS_STRUCT_OK);
    NOTHING("{}", PHS_STRUCT_OK);
}

static void test_log_prefix(void **state)
{
    (void)state;
    /*          0         1         2         3
                0123456789012345678901234567890123456 */
    SPANS("2024-03-15 INFO [api] {\"dob\":\"1980-02-03\"}", PHS_STRUCT_OK,
          {30, 40, PHS_CAT_DATE});
    /* the prefix is not JSON, even with brackets in it */
    VALUES("[INFO] [worker-2] msg={\"ssn\":\"123456789\"}", PHS_STRUCT_OK,
           {"123456789", PHS_CAT_SSN});
    /* trailing whitespace and line ends are fine */
    VALUES("{\"ssn\":\"1\"}  \r\n", PHS_STRUCT_OK, {"1", PHS_CAT_SSN});
    VALUES("{ \"ssn\" :\t\"1\" , \"dob\" : \"2\" }\n", PHS_STRUCT_OK, {"1", PHS_CAT_SSN},
           {"2", PHS_CAT_DATE});
}

static void test_nested_objects(void **state)
{
    (void)state;
    /* "name" is PHI only under "patient": the parent is the key that holds
       the object, and a deeper object has its own key as parent */
    VALUES("{\"patient\":{\"name\":\"Ann Lee\",\"ssn\":\"1\",\"meta\":{\"name\":\"svc\"}},"
           "\"name\":\"intake\"}",
           PHS_STRUCT_OK, {"Ann Lee", PHS_CAT_NAME}, {"1", PHS_CAT_SSN});
    /* members of an object under a PHI key are classified on their own */
    VALUES("{\"patient\":{\"ssn\":{\"note\":\"x\",\"ssn\":\"9\"}}}", PHS_STRUCT_OK,
           {"9", PHS_CAT_SSN});
    VALUES("{\"a\":{\"b\":{\"c\":{\"d\":{\"dob\":\"2000-01-01\"}}}},\"dob\":\"x1\"}",
           PHS_STRUCT_OK, {"2000-01-01", PHS_CAT_DATE}, {"x1", PHS_CAT_DATE});
}

static void test_arrays_of_strings(void **state)
{
    (void)state;
    VALUES("{\"name\":{\"given\":[\"John\",\"Q\"],\"family\":\"Smith\"}}", PHS_STRUCT_OK,
           {"John", PHS_CAT_NAME}, {"Q", PHS_CAT_NAME}, {"Smith", PHS_CAT_NAME});
    /* scalars in nested arrays take the outer key; literals and empty
       strings are nothing to mask */
    VALUES("{\"ssn\":[[\"1\",[2]],[],null,true,\"\",\"3\"]}", PHS_STRUCT_OK,
           {"1", PHS_CAT_SSN}, {"2", PHS_CAT_SSN}, {"3", PHS_CAT_SSN});
    NOTHING("{\"tags\":[\"a\",\"b\",[\"c\"]]}", PHS_STRUCT_OK);
}

static void test_arrays_of_objects(void **state)
{
    (void)state;
    VALUES("{\"name\":[{\"use\":\"official\",\"family\":\"Smith\",\"given\":[\"John\"]},"
           "{\"family\":\"Smyth\"}]}",
           PHS_STRUCT_OK, {"Smith", PHS_CAT_NAME}, {"John", PHS_CAT_NAME},
           {"Smyth", PHS_CAT_NAME});
    /* an object in an array in an array still has the member's key as parent */
    VALUES("{\"name\":[[{\"family\":\"Roe\"}]]}", PHS_STRUCT_OK, {"Roe", PHS_CAT_NAME});
    /* an array of objects under a non-PHI key: only the members decide */
    VALUES("{\"entries\":[{\"ssn\":\"5\"},{\"family\":\"NotAName\"}]}", PHS_STRUCT_OK,
           {"5", PHS_CAT_SSN});
}

static void test_fhir_patient(void **state)
{
    (void)state;
    VALUES("2024-03-15T08:00:00Z fhir POST /Patient body={\"resourceType\":\"Patient\","
           "\"id\":\"example\",\"meta\":{\"versionId\":\"1\"},"
           "\"identifier\":[{\"use\":\"usual\",\"type\":{\"coding\":[{\"system\":"
           "\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"MR\"}]},"
           "\"system\":\"urn:oid:1.2.36.146.595.217.0.1\",\"value\":\"12345\"}],"
           "\"active\":true,"
           "\"name\":[{\"use\":\"official\",\"family\":\"Chalmers\",\"given\":[\"Peter\","
           "\"James\"]}],"
           "\"telecom\":[{\"system\":\"phone\",\"value\":\"(03) 5555 6473\",\"use\":\"work\"}],"
           "\"gender\":\"male\",\"birthDate\":\"1974-12-25\","
           "\"address\":[{\"use\":\"home\",\"line\":[\"534 Erewhon St\"],\"city\":"
           "\"PleasantVille\",\"state\":\"Vic\",\"postalCode\":\"3999\"}],"
           "\"managingOrganization\":{\"reference\":\"Organization/1\"}}",
           PHS_STRUCT_OK, {"12345", PHS_CAT_PATIENT_ID}, {"Chalmers", PHS_CAT_NAME},
           {"Peter", PHS_CAT_NAME}, {"James", PHS_CAT_NAME},
           {"(03) 5555 6473", PHS_CAT_PHONE}, {"1974-12-25", PHS_CAT_DATE},
           {"534 Erewhon St", PHS_CAT_ADDRESS}, {"PleasantVille", PHS_CAT_ADDRESS},
           {"3999", PHS_CAT_ZIP});
}

static void test_fhir_references(void **state)
{
    (void)state;
    VALUES("{\"resourceType\":\"Coverage\",\"status\":\"active\","
           "\"beneficiary\":{\"reference\":\"Patient/123\"},"
           "\"subscriber\":{\"reference\":\"RelatedPerson/rp-7.a\"},"
           "\"payor\":[{\"reference\":\"Organization/2\"}]}",
           PHS_STRUCT_OK, {"123", PHS_CAT_PATIENT_ID}, {"rp-7.a", PHS_CAT_PATIENT_ID});
    /* a version suffix is not the id; absolute references name the person too */
    VALUES("{\"subject\":{\"reference\":\"Person/p1/_history/3\"},\"x\":{\"reference\":"
           "\"https://fhir.example.org/r4/Patient/777\"}}",
           PHS_STRUCT_OK, {"p1", PHS_CAT_PATIENT_ID}, {"777", PHS_CAT_PATIENT_ID});
    /* slashes escaped by the serializer */
    VALUES("{\"subject\":{\"reference\":\"Patient\\/p2\\/_history\\/1\"},"
           "\"x\":{\"reference\":\"http:\\/\\/h\\/RelatedPerson\\/9\"}}",
           PHS_STRUCT_OK, {"p2", PHS_CAT_PATIENT_ID}, {"9", PHS_CAT_PATIENT_ID});
    /* "reference" is exact and case-sensitive; the shape must be whole */
    NOTHING("{\"Reference\":\"Patient/1\",\"ref\":\"Patient/2\",\"note\":\"Patient/3\"}",
            PHS_STRUCT_OK);
    NOTHING("{\"reference\":\"XPatient/1\",\"reference\":\"Patient/\",\"reference\":"
            "\"Patient/a b\",\"reference\":\"Patient/[PATIENT_ID]\",\"reference\":"
            "\"Patient\",\"reference\":\"/1\",\"reference\":\"#contained\"}",
            PHS_STRUCT_OK);
    /* ids are at most 64 characters */
    NOTHING("{\"reference\":\"Patient/"
            "12345678901234567890123456789012345678901234567890123456789012345\"}",
            PHS_STRUCT_OK);
    VALUES("{\"reference\":\"Patient/"
           "1234567890123456789012345678901234567890123456789012345678901234\"}",
           PHS_STRUCT_OK,
           {"1234567890123456789012345678901234567890123456789012345678901234",
            PHS_CAT_PATIENT_ID});
    /* an array of references, and a number under "reference" */
    VALUES("{\"reference\":[\"Patient/8\",5]}", PHS_STRUCT_OK, {"8", PHS_CAT_PATIENT_ID});
}

/* The reference check is the walker's own: classify is not asked. */
static phs_category refuse_reference(const char *key, size_t klen, const char *parent,
                                     size_t plen, const char *rtype,
                                   size_t rtlen, void *ctx)
{
    (void)rtype;
    (void)rtlen;
    (void)parent;
    (void)plen;
    (void)ctx;
    assert_false(key_is(key, klen, "reference"));
    return PHS_CAT_SSN;
}

static void test_reference_not_classified(void **state)
{
    (void)state;
    const char *line = "{\"a\":{\"reference\":\"Patient/42\"},\"b\":\"y\"}";
    sink k = {0};
    assert_int_equal(scan_n(line, strlen(line), refuse_reference, NULL, &k), PHS_STRUCT_OK);
    assert_int_equal(k.n, 2);
    assert_int_equal(k.v[0].c, PHS_CAT_PATIENT_ID);
    assert_int_equal(k.v[1].c, PHS_CAT_SSN);
}

static void test_numbers(void **state)
{
    (void)state;
    VALUES("{\"mrn\":0,\"patientId\":-12,\"ssn\":1.5e3,\"dob\":2E-2,\"phone\":00123,"
           "\"count\":42}",
           PHS_STRUCT_OK, {"0", PHS_CAT_MRN}, {"-12", PHS_CAT_PATIENT_ID},
           {"1.5e3", PHS_CAT_SSN}, {"2E-2", PHS_CAT_DATE}, {"00123", PHS_CAT_PHONE});
    /* literals under a PHI key are nothing to mask */
    NOTHING("{\"ssn\":null,\"dob\":true,\"mrn\":false,\"phone\":\"\"}", PHS_STRUCT_OK);
    /* not numbers */
    NOTHING("{\"ssn\":-}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":1.}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":1e}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"count\":12abc}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":+1}", PHS_STRUCT_MALFORMED);
}

/* Records the raw key and parent of every classify call. */
typedef struct {
    char log[512];
    size_t n;
} call_log;

static phs_category log_classify(const char *key, size_t klen, const char *parent, size_t plen,
                                 const char *rtype, size_t rtlen, void *ctx)
{
    (void)rtype;
    (void)rtlen;
    call_log *l = ctx;
    int w = snprintf(l->log + l->n, sizeof l->log - l->n, "%.*s<%.*s;", (int)klen, key,
                     (int)plen, parent);
    assert_true(w > 0 && (size_t)w < sizeof l->log - l->n);
    l->n += (size_t)w;
    return PHS_CAT_COUNT;
}

static void test_escapes(void **state)
{
    (void)state;
    /* escaped quotes and backslashes do not end the string */
    VALUES("{\"ssn\":\"a\\\"b\\\\\",\"dob\":\"\\u0031\\/\\b\\f\\n\\r\\t\"}", PHS_STRUCT_OK,
           {"a\\\"b\\\\", PHS_CAT_SSN}, {"\\u0031\\/\\b\\f\\n\\r\\t", PHS_CAT_DATE});
    /* a key is classified raw: "s\u0073n" is not "ssn" to the classifier */
    NOTHING("{\"s\\u0073n\":\"1\",\"note\":\"\\\"ssn\\\":\\\"2\\\"\"}", PHS_STRUCT_OK);
    /* the raw key bytes, escapes and all, reach classify */
    const char *line = "{\"a\\\"b\":{\"\\u00e9\":1}}";
    call_log l = {0};
    sink k = {0};
    assert_int_equal(scan_n(line, strlen(line), log_classify, &l, &k), PHS_STRUCT_OK);
    assert_string_equal(l.log, "\\u00e9<a\\\"b;");
    /* bytes >= 0x80, valid UTF-8 or not, are string bytes */
    VALUES("{\"ssn\":\"J\xc3\xb3zef\xff\xfe\",\"n\xe9\":\"x\"}", PHS_STRUCT_OK,
           {"J\xc3\xb3zef\xff\xfe", PHS_CAT_SSN});
}

static void test_parent_rules(void **state)
{
    (void)state;
    /* classify is asked for strings, numbers and arrays (objects, literals,
       empty strings and masks need no answer); the parent is the key of
       the member holding the object, through any arrays, "" at the top */
    const char *line = "{\"a\":\"1\",\"o\":{\"b\":2,\"c\":{\"d\":\"v\"},\"e\":null},"
                       "\"arr\":[[{\"f\":\"y\"}],{\"g\":[{\"h\":\"z\"}]}],\"i\":\"\"}"
                       " [{\"j\":\"w\"}]";
    call_log l = {0};
    sink k = {0};
    assert_int_equal(scan_n(line, strlen(line), log_classify, &l, &k), PHS_STRUCT_OK);
    assert_string_equal(l.log, "a<;b<o;d<c;arr<;f<arr;g<arr;h<g;j<;");
    assert_int_equal(k.n, 0);
}

static void test_masks(void **state)
{
    (void)state;
    /* already masked: scrubbed output scrubs to itself */
    NOTHING("{\"ssn\":\"[SSN]\",\"family\":\"x\",\"name\":{\"family\":\"[NAME]\",\"given\":"
            "[\"[NAME]\",\"***\"]},\"phone\":\"***-***-4567\",\"dob\":\"REDACTED\","
            "\"mrn\":\"N/A\",\"patientId\":\"xxxx\",\"ssn\":\"---\",\"ssn\":\"unknown\","
            "\"ssn\":\"[PATIENT_ID]\"}",
            PHS_STRUCT_OK);
    /* look like masks but are not */
    VALUES("{\"ssn\":\"[ssn]\",\"ssn\":\"[]\",\"ssn\":\"[SSN\",\"ssn\":\"a***\","
           "\"ssn\":\"[SSN] 1\",\"ssn\":\"Nina\"}",
           PHS_STRUCT_OK, {"[ssn]", PHS_CAT_SSN}, {"[]", PHS_CAT_SSN},
           {"[SSN", PHS_CAT_SSN}, {"a***", PHS_CAT_SSN}, {"[SSN] 1", PHS_CAT_SSN},
           {"Nina", PHS_CAT_SSN});
}

static void test_several_records(void **state)
{
    (void)state;
    /* two records on one line, with text between and after */
    VALUES("req={\"ssn\":\"1\"} resp={\"dob\":\"2\",\"x\":[1]} done", PHS_STRUCT_OK,
           {"1", PHS_CAT_SSN}, {"2", PHS_CAT_DATE});
    VALUES("{\"ssn\":\"1\"}{\"ssn\":\"2\"}", PHS_STRUCT_OK, {"1", PHS_CAT_SSN},
           {"2", PHS_CAT_SSN});
    /* a bare array of records */
    VALUES("[{\"ssn\":\"1\"},{\"name\":{\"given\":\"Al\"}}]", PHS_STRUCT_OK,
           {"1", PHS_CAT_SSN}, {"Al", PHS_CAT_NAME});
    VALUES("batch= [ [ {\"ssn\":\"1\"}, 7 ] ]", PHS_STRUCT_OK, {"1", PHS_CAT_SSN});
    /* a second record that does not parse: the first one's spans stand */
    VALUES("{\"ssn\":\"1\"} took {5ms}", PHS_STRUCT_MALFORMED, {"1", PHS_CAT_SSN});
}

/* ------------------------------------------------------------ failures */

static void test_malformed_truncated(void **state)
{
    (void)state;
    const char *full = "{\"name\":{\"given\":[\"John\",\"Q\"]},\"ssn\":\"123\",\"n\":null}";
    /* every proper prefix that holds the '{' is malformed */
    for (size_t n = 1; n < strlen(full); n++) {
        sink k = {0};
        assert_int_equal(scan_n(full, n, table_classify, NULL, &k), PHS_STRUCT_MALFORMED);
    }
    NOTHING("{\"ssn\":\"123", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":\"123\\", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":\"12\\u00", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":tru", PHS_STRUCT_MALFORMED);
    NOTHING("[{\"k\":1}", PHS_STRUCT_MALFORMED);
    /* spans before the break are still reported */
    VALUES("{\"ssn\":\"1\",\"dob\":\"2", PHS_STRUCT_MALFORMED, {"1", PHS_CAT_SSN});
}

static void test_malformed_strings(void **state)
{
    (void)state;
    NOTHING("{\"ssn\":\"a\\x\"}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":\"a\\'\"}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":\"\\u12g4\"}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":\"\\U1234\"}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ss\\qn\":\"1\"}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":\"a\tb\"}", PHS_STRUCT_MALFORMED); /* raw control byte */
    NOTHING("{\"ssn\":\"a\nb\"}", PHS_STRUCT_MALFORMED);
    /* NUL inside a string: a control byte too, and not the line's end */
    const char nul[] = "{\"ssn\":\"a\0b\"}";
    sink k = {0};
    assert_int_equal(scan_n(nul, sizeof nul - 1, table_classify, NULL, &k),
                     PHS_STRUCT_MALFORMED);
    assert_int_equal(k.n, 0);
}

static void test_malformed_structure(void **state)
{
    (void)state;
    NOTHING("{\"ssn\" \"1\"}", PHS_STRUCT_MALFORMED); /* missing colon */
    NOTHING("{\"ssn\"}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"k\":\"1\"]", PHS_STRUCT_MALFORMED); /* mismatched */
    NOTHING("{\"a\":[1}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"a\":[1,]}", PHS_STRUCT_MALFORMED); /* trailing commas */
    NOTHING("{\"a\":1,}", PHS_STRUCT_MALFORMED);
    NOTHING("{,}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"a\":1 \"b\":2}", PHS_STRUCT_MALFORMED);
    NOTHING("{ssn:1}", PHS_STRUCT_MALFORMED); /* unquoted key */
    NOTHING("{'ssn':'1'}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":NaN}", PHS_STRUCT_MALFORMED);
    NOTHING("{\"ssn\":True}", PHS_STRUCT_MALFORMED);
    NOTHING("user {name} logged in", PHS_STRUCT_MALFORMED);
    NOTHING("{{}}", PHS_STRUCT_MALFORMED);
}

/* A record `depth` levels deep holding one SSN: nested objects
   {"a":{"a":...{"ssn":"1"}...}}, or nested arrays {"ssn":[[...["1"]...]]}. */
static char *nest(size_t depth, bool arrays)
{
    assert_true(depth >= 1);
    size_t cap = depth * 8 + 32, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    if (arrays) {
        memcpy(b, "{\"ssn\":", 7);
        n = 7;
        memset(b + n, '[', depth - 1);
        n += depth - 1;
        memcpy(b + n, "\"1\"", 3);
        n += 3;
        memset(b + n, ']', depth - 1);
        n += depth - 1;
    } else {
        for (size_t d = 1; d < depth; d++) {
            memcpy(b + n, "{\"a\":", 5);
            n += 5;
        }
        memcpy(b + n, "{\"ssn\":\"1\"", 10);
        n += 10;
        memset(b + n, '}', depth - 1);
        n += depth - 1;
    }
    b[n++] = '}';
    b[n] = '\0';
    assert_true(n < cap);
    return b;
}

static void test_depth(void **state)
{
    (void)state;
    for (int arrays = 0; arrays <= 1; arrays++) {
        char *ok = nest(64, arrays);
        VALUES(ok, PHS_STRUCT_OK, {"1", PHS_CAT_SSN});
        free(ok);
        char *deep = nest(65, arrays);
        NOTHING(deep, PHS_STRUCT_TOO_DEEP);
        free(deep);
    }
    /* a long line of brackets is refused, not followed */
    size_t n = 100000;
    char *b = malloc(n + 1);
    assert_non_null(b);
    memset(b, '[', n);
    b[n / 2] = '{';
    b[n] = '\0';
    NOTHING(b, PHS_STRUCT_TOO_DEEP);
    free(b);
}

static void test_stopped(void **state)
{
    (void)state;
    const char *line = "{\"ssn\":\"1\",\"dob\":\"2\",\"mrn\":3} {\"ssn\":\"4\"}";
    for (size_t stop = 1; stop <= 4; stop++) {
        sink k = {.stop_after = stop};
        assert_int_equal(scan(line, &k), PHS_STRUCT_STOPPED);
        assert_int_equal(k.n, stop); /* at once: no span after the refusal */
    }
    sink k = {.stop_after = 5};
    assert_int_equal(scan(line, &k), PHS_STRUCT_OK);
    assert_int_equal(k.n, 4);
    /* a reference span stops the walk too */
    sink r = {.stop_after = 1};
    assert_int_equal(scan("{\"reference\":\"Patient/1\",\"ssn\":\"2\"}", &r),
                     PHS_STRUCT_STOPPED);
    assert_int_equal(r.n, 1);
}

static void test_none(void **state)
{
    (void)state;
    NOTHING("", PHS_STRUCT_NONE);
    NOTHING("plain text ssn=123-45-6789", PHS_STRUCT_NONE);
    NOTHING("[1,2,3] [\"a\"]", PHS_STRUCT_NONE);
    NOTHING("}{", PHS_STRUCT_MALFORMED); /* a '{' is a record to walk */
    sink k = {0};
    assert_int_equal(phs_json_scan(NULL, 0, table_classify, NULL, collect, &k),
                     PHS_STRUCT_NONE);
}

/* ------------------------------------------------------------ robustness */

/* Every span lies in the line, in order, and is either a number token or
   the contents of a string: between its quotes, never taking the closing
   quote nor ending inside an escape. */
static void check_spans(const char *line, size_t len, const sink *k)
{
    size_t prev = 0;
    for (size_t i = 0; i < k->n; i++) {
        size_t s = k->v[i].s, e = k->v[i].e;
        assert_true(s < e && e <= len && s >= prev);
        assert_true(k->v[i].c < PHS_CAT_COUNT);
        prev = e;
        /* a reference's id follows a '/' and may precede "/_history/" */
        bool in_string = s > 0 && (line[s - 1] == '"' || line[s - 1] == '/');
        if (!in_string) {
            assert_true(line[s] == '-' || (line[s] >= '0' && line[s] <= '9'));
            for (size_t j = s; j < e; j++)
                assert_non_null(strchr("-+.eE0123456789", line[j]));
            continue;
        }
        assert_true(e < len);
        assert_true(line[e] == '"' ||
                    (line[s - 1] == '/' && (line[e] == '/' || line[e] == '\\')));
        size_t j = s;
        while (j < e) {
            assert_true(line[j] != '"');
            j += line[j] == '\\' ? 2 : 1;
        }
        assert_int_equal(j, e);
    }
}

/* A random well-formed record: keys and values drawn from small lists with
   escapes, masks and references among them. */
static size_t gen_record(uint64_t *rng, char *b, size_t cap)
{
    static const char *const keys[] = {"a", "ssn", "name", "given", "reference", "value",
                                       "k\\\"q", "\\u0061"};
    static const char *const strs[] = {"x",      "a\\\"b", "\\u00411", "",
                                       "[NAME]", "Patient/12", "1/2", "\\\\"};
    static const char *const scal[] = {"12", "-3.5e2", "0", "true", "null", "false"};
    bool is_obj[16];
    size_t items[16], depth = 0, n = 0;
#define PUT(str)                                                                               \
    do {                                                                                       \
        const char *s_ = (str); /* once: the argument may draw a random number */             \
        size_t l_ = strlen(s_);                                                                \
        assert_true(n + l_ < cap);                                                             \
        memcpy(b + n, s_, l_);                                                                 \
        n += l_;                                                                               \
    } while (0)
    PUT("{");
    is_obj[0] = true, items[0] = 0, depth = 1;
    while (depth > 0) {
        size_t t = depth - 1;
        if (rng_range(rng, 0, 3) == 0 || n > cap / 2) {
            PUT(is_obj[t] ? "}" : "]");
            depth--;
            continue;
        }
        if (items[t]++)
            PUT(rng_range(rng, 0, 3) ? "," : " , ");
        if (is_obj[t]) {
            PUT("\"");
            PUT(keys[rng_range(rng, 0, sizeof keys / sizeof keys[0] - 1)]);
            PUT("\":");
        }
        size_t kind = rng_range(rng, 0, 3);
        if (kind >= 2 && depth < 16) {
            is_obj[depth] = kind == 2;
            items[depth++] = 0;
            PUT(kind == 2 ? "{" : "[");
        } else if (kind == 1) {
            PUT(scal[rng_range(rng, 0, sizeof scal / sizeof scal[0] - 1)]);
        } else {
            PUT("\"");
            PUT(strs[rng_range(rng, 0, sizeof strs / sizeof strs[0] - 1)]);
            PUT("\"");
        }
    }
#undef PUT
    return n;
}

static void test_random_lines(void **state)
{
    (void)state;
    static const char alphabet[] = "{}[]\":,\\ a1u  ";
    uint64_t rng = 0x6a736f6e5f776b72ull;
    char line[2048];
    size_t spans = 0, ok = 0;
    for (int iter = 0; iter < 6000; iter++) {
        size_t len;
        bool intact = false;
        if (iter % 2) {
            len = rng_range(&rng, 0, 200);
            for (size_t i = 0; i < len; i++)
                line[i] = alphabet[rng_range(&rng, 0, sizeof alphabet - 2)];
        } else {
            len = gen_record(&rng, line, sizeof line);
            switch (rng_range(&rng, 0, 3)) {
            case 0: { /* flip one byte */
                size_t at = rng_range(&rng, 0, len - 1);
                line[at] = alphabet[rng_range(&rng, 0, sizeof alphabet - 2)];
                break;
            }
            case 1: /* cut short */
                len = rng_range(&rng, 0, len);
                break;
            default:
                intact = true;
            }
        }
        sink k = {0};
        int rc = scan_n(line, len, all_classify, NULL, &k);
        assert_true(rc == PHS_STRUCT_OK || rc == PHS_STRUCT_NONE || rc == PHS_STRUCT_MALFORMED);
        if (intact && rc != PHS_STRUCT_OK) {
            print_error("%.*s\n", (int)len, line);
            fail();
        }
        if (rc == PHS_STRUCT_NONE)
            assert_int_equal(k.n, 0);
        check_spans(line, len, &k);
        spans += k.n;
        ok += rc == PHS_STRUCT_OK;
    }
    /* the loop reached the walker's reporting paths, not only its errors */
    assert_true(ok > 1000 && spans > 3000);
}

/* Many records on one line take one pass, not one per record. */
static void test_long_line(void **state)
{
    (void)state;
    const char rec[] = "{\"ssn\":\"1\",\"a\":[{\"b\":2}]} ";
    size_t nrec = 2000, rl = sizeof rec - 1;
    char *b = malloc(nrec * rl);
    assert_non_null(b);
    for (size_t i = 0; i < nrec; i++)
        memcpy(b + i * rl, rec, rl);
    sink k = {0};
    assert_int_equal(scan_n(b, nrec * rl, table_classify, NULL, &k), PHS_STRUCT_OK);
    assert_int_equal(k.n, nrec);
    check_spans(b, nrec * rl, &k);
    free(b);
}

/* The FHIR resourceType of the enclosing object reaches classify. */
static char seen_rtype[64];
static phs_category rtype_classify(const char *key, size_t klen, const char *parent, size_t plen,
                                   const char *rtype, size_t rtlen, void *ctx)
{
    (void)parent;
    (void)plen;
    (void)ctx;
    if (klen == 5 && memcmp(key, "value", 5) == 0 && rtlen < sizeof seen_rtype) {
        memcpy(seen_rtype, rtype, rtlen);
        seen_rtype[rtlen] = '\0';
        return PHS_CAT_MEMBER_ID;
    }
    return PHS_CAT_COUNT;
}

static void test_resource_type(void **state)
{
    (void)state;
    sink k;
    memset(&k, 0, sizeof k);
    const char *line = "{\"resourceType\":\"Coverage\",\"identifier\":[{\"value\":\"W123\"}]}";
    assert_int_equal(scan_n(line, strlen(line), rtype_classify, NULL, &k), PHS_STRUCT_OK);
    assert_string_equal(seen_rtype, "Coverage");
    assert_int_equal(k.n, 1);
    const char *w = strstr(line, "W123");
    assert_int_equal(k.v[0].s, (size_t)(w - line));
    assert_int_equal(k.v[0].e, (size_t)(w - line) + 4);
    assert_int_equal(k.v[0].c, PHS_CAT_MEMBER_ID);
    memset(&k, 0, sizeof k);
    const char *plain = "{\"identifier\":[{\"value\":\"W123\"}]}";
    assert_int_equal(scan_n(plain, strlen(plain), rtype_classify, NULL, &k), PHS_STRUCT_OK);
    assert_string_equal(seen_rtype, "");
}

/* The span of the key `quoted` (with its quotes) in the line, without them. */
static span key_span(const char *line, const char *quoted, phs_category c)
{
    const char *at = strstr(line, quoted);
    assert_non_null(at);
    size_t s = (size_t)(at - line) + 1;
    return (span){s, s + strlen(quoted) - 2, c};
}

static void test_keys_under_phi_key(void **state)
{
    (void)state;
    /* a map keyed by MRNs: its keys are MRNs; a key without a digit is a
       field name; keys elsewhere, masks and \u escapes are not reported */
    const char *line = "{\"mrn\":{\"00123456\":\"bed 4\",\"note\":\"x\",\"[MRN]\":1,"
                       "\"caf\\u00e9\":2},\"ssn\":[{\"123-45-6789\":true}],"
                       "\"other\":{\"k1\":\"v\"}}";
    sink k = {0};
    assert_int_equal(scan(line, &k), PHS_STRUCT_OK);
    span exp[] = {key_span(line, "\"00123456\"", PHS_CAT_MRN),
                   key_span(line, "\"123-45-6789\"", PHS_CAT_SSN)};
    if (k.n != 2)
        dump(line, &k);
    assert_int_equal(k.n, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(k.v[i].s, exp[i].s);
        assert_int_equal(k.v[i].e, exp[i].e);
        assert_int_equal(k.v[i].c, exp[i].c);
    }
}

/* The bare scalars: numbers and literals outside strings, in order, with
   nothing from inside a string (a number in a message, "true" as text). */
static void test_scalars(void **state)
{
    (void)state;
    const char *line = "t=1 {\"age\":92,\"m\":\"id 12 true\",\"a\":[-1.5e3,true,null],"
                       "\"o\":{\"x\":false,\"k\\\"\":7}}";
    size_t len = strlen(line);
    char *copy = malloc(len);
    assert_non_null(copy);
    memcpy(copy, line, len);
    sink k = {0};
    assert_int_equal(phs_json_scalars(copy, len, collect, &k), PHS_STRUCT_OK);
    free(copy);
    const char *expect[] = {"92", "-1.5e3", "true", "null", "false", "7"};
    assert_int_equal(k.n, 6);
    const char *from = line;
    for (size_t i = 0; i < 6; i++) {
        const char *at = strstr(from, expect[i]);
        assert_non_null(at);
        assert_int_equal(k.v[i].s, (size_t)(at - line));
        assert_int_equal(k.v[i].e - k.v[i].s, strlen(expect[i]));
        assert_int_equal(k.v[i].c, PHS_CAT_COUNT);
        from = at + strlen(expect[i]);
    }
    /* a line that is no JSON gives nothing */
    sink none = {0};
    assert_int_equal(phs_json_scalars("age 92, ok", 10, collect, &none), PHS_STRUCT_NONE);
    assert_int_equal(none.n, 0);
}

/* A value's escapes decode to UTF-8 and escape back to a string that JSON
   reads as the same text; a lone backslash or a cut escape is copied. */
static void test_string_escapes(void **state)
{
    (void)state;
    const char *in = "\\t123\\u00e9\\\"x\\\\y\\/\\ud83d\\ude00\\q\\u12";
    char dec[64], enc[6 * 64];
    assert_true(phs_json_has_escape(in, strlen(in)));
    assert_false(phs_json_has_escape("C:\\q", 4));
    assert_false(phs_json_has_escape("ab\\", 3));
    size_t d = phs_json_unescape(in, strlen(in), dec);
    const char expect[] = "\t123\xc3\xa9\"x\\y/\xf0\x9f\x98\x80\\q\\u12";
    assert_int_equal(d, sizeof expect - 1);
    assert_memory_equal(dec, expect, d);
    size_t e = phs_json_escape(dec, d, enc);
    const char back[] = "\\t123\xc3\xa9\\\"x\\\\y/\xf0\x9f\x98\x80\\\\q\\\\u12";
    assert_int_equal(e, sizeof back - 1);
    assert_memory_equal(enc, back, e);
    char ctl[1] = {1}, out[6];
    assert_int_equal(phs_json_escape(ctl, 1, out), 6);
    assert_memory_equal(out, "\\u0001", 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resource_type),
        cmocka_unit_test(test_flat_object),
        cmocka_unit_test(test_log_prefix),
        cmocka_unit_test(test_nested_objects),
        cmocka_unit_test(test_arrays_of_strings),
        cmocka_unit_test(test_arrays_of_objects),
        cmocka_unit_test(test_fhir_patient),
        cmocka_unit_test(test_fhir_references),
        cmocka_unit_test(test_reference_not_classified),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_parent_rules),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_several_records),
        cmocka_unit_test(test_malformed_truncated),
        cmocka_unit_test(test_malformed_strings),
        cmocka_unit_test(test_malformed_structure),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_stopped),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_random_lines),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_keys_under_phi_key),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_string_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

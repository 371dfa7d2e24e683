/* hl7.c: the HL7 v2 walker. Spans are checked exactly (start, end,
   category) against the values they must cover; a redacted message must
   keep its segments, fields and components; arbitrary bytes must never
   yield a span outside the line or across a delimiter. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "structure.h"

/* ------------------------------------------------------------- helpers */

typedef struct span {
    size_t start, end;
    phs_category cat;
} span;

typedef struct spans {
    size_t n;
    size_t stop_at; /* emit asks to stop once this many are held; 0 never */
    span v[512];
} spans;

static int collect(size_t start, size_t end, phs_category cat, void *ctx)
{
    spans *s = ctx;
    assert_true(s->n < sizeof s->v / sizeof s->v[0]);
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].cat = cat;
    s->n++;
    return s->stop_at && s->n >= s->stop_at;
}

static int scan(const char *line, size_t len, spans *out)
{
    memset(out, 0, sizeof *out);
    return phs_hl7_scan(line, len, collect, out);
}

static int scan_str(const char *line, spans *out) { return scan(line, strlen(line), out); }

/* One expected span: the next occurrence of `value` after the previous
   expected span, and its category. */
typedef struct want {
    const char *value;
    phs_category cat;
} want;

static void expect_spans(const char *line, const spans *got, const want *w, size_t nw)
{
    size_t from = 0;
    for (size_t i = 0; i < nw; i++) {
        const char *p = strstr(line + from, w[i].value);
        if (!p)
            fail_msg("expected value %zu (\"%s\") is not in the line", i, w[i].value);
        size_t start = (size_t)(p - line), end = start + strlen(w[i].value);
        if (i >= got->n)
            fail_msg("span %zu (\"%s\") missing: only %zu reported", i, w[i].value, got->n);
        if (got->v[i].start != start || got->v[i].end != end || got->v[i].cat != w[i].cat)
            fail_msg("span %zu: got [%zu,%zu) \"%.*s\" %s, want [%zu,%zu) \"%s\" %s", i,
                     got->v[i].start, got->v[i].end, (int)(got->v[i].end - got->v[i].start),
                     line + got->v[i].start, phs_category_name(got->v[i].cat), start, end,
                     w[i].value, phs_category_name(w[i].cat));
        from = end;
    }
    if (got->n != nw)
        fail_msg("%zu spans reported, %zu expected; first extra: [%zu,%zu) \"%.*s\"", got->n, nw,
                 got->v[nw].start, got->v[nw].end, (int)(got->v[nw].end - got->v[nw].start),
                 line + got->v[nw].start);
}

/* Replaces every span by "[CATEGORY]", as the engine's label mask does. */
static char *apply(const char *line, size_t len, const spans *sp, size_t *outlen)
{
    char *out = malloc(len + sp->n * 16 + 1);
    assert_non_null(out);
    size_t o = 0, at = 0;
    for (size_t i = 0; i < sp->n; i++) {
        assert_true(sp->v[i].start >= at);
        memcpy(out + o, line + at, sp->v[i].start - at);
        o += sp->v[i].start - at;
        int k = snprintf(out + o, 16, "[%s]", phs_category_name(sp->v[i].cat));
        assert_true(k > 0 && k < 16);
        o += (size_t)k;
        at = sp->v[i].end;
    }
    memcpy(out + o, line + at, len - at);
    o += len - at;
    out[o] = '\0';
    *outlen = o;
    return out;
}

/*
 * The shape of an HL7 message, independent of its values: for each segment
 * its id, then one character per delimiter in order ('F' field, 'C'
 * component, 'R' repetition, 'S' subcomponent). Two lines with the same
 * shape have the same segments, fields per segment and components per
 * field. Breaks are CR, LF and the two characters '\' 'r' / '\' 'n' (the
 * test messages have no other backslash before an 'r' or 'n').
 */
static void shape_of(const char *s, size_t n, const char *delims, char *out, size_t cap)
{
    size_t o = 0;
    bool seg_start = true;
    for (size_t i = 0; i < n; i++) {
        assert_true(o + 8 < cap);
        size_t brk = s[i] == '\r' || s[i] == '\n' ? 1
                     : (s[i] == '\\' && i + 1 < n && (s[i + 1] == 'r' || s[i + 1] == 'n')) ? 2
                                                                                            : 0;
        if (brk) {
            out[o++] = '/';
            i += brk - 1;
            seg_start = true;
            continue;
        }
        if (seg_start && n - i >= 3) {
            memcpy(out + o, s + i, 3);
            o += 3;
            i += 2;
            seg_start = false;
            continue;
        }
        seg_start = false;
        const char *d = memchr(delims, s[i], 4);
        if (d && s[i])
            out[o++] = "FCRS"[d - delims];
    }
    out[o] = '\0';
}

/* Redacts the line with its spans and checks the message kept its shape
   and that the redacted line yields no span (the masks are left alone). */
static void check_redaction_keeps_shape(const char *line, const spans *sp, const char *delims)
{
    size_t len = strlen(line), rlen;
    char *red = apply(line, len, sp, &rlen);
    char *a = malloc(4 * len + 16), *b = malloc(4 * rlen + 16);
    assert_non_null(a);
    assert_non_null(b);
    shape_of(line, len, delims, a, 4 * len + 16);
    shape_of(red, rlen, delims, b, 4 * rlen + 16);
    assert_string_equal(a, b);
    spans again;
    assert_int_equal(scan(red, rlen, &again), PHS_STRUCT_OK);
    if (again.n)
        fail_msg("redacted line still yields \"%.*s\"", (int)(again.v[0].end - again.v[0].start),
                 red + again.v[0].start);
    free(a);
    free(b);
    free(red);
}

/* A message with every break written `sep`, each backslash written
   `bslash`, between `before` and `after`. */
static char *render(const char *const *segs, size_t nseg, const char *sep, const char *bslash,
                    const char *before, const char *after)
{
    size_t cap = strlen(before) + strlen(after) + 1;
    for (size_t i = 0; i < nseg; i++)
        cap += 2 * strlen(segs[i]) + strlen(sep);
    char *out = malloc(cap);
    assert_non_null(out);
    size_t o = 0;
    memcpy(out, before, strlen(before));
    o += strlen(before);
    for (size_t i = 0; i < nseg; i++) {
        if (i) {
            memcpy(out + o, sep, strlen(sep));
            o += strlen(sep);
        }
        for (const char *p = segs[i]; *p; p++) {
            if (*p == '\\') {
                memcpy(out + o, bslash, strlen(bslash));
                o += strlen(bslash);
            } else {
                out[o++] = *p;
            }
        }
    }
    memcpy(out + o, after, strlen(after));
    o += strlen(after);
    assert_true(o < cap);
    out[o] = '\0';
    return out;
}

/* ------------------------------------------------------- the ADT^A01 */

static const char *const adt[] = {
    "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB, INC.|GOOD HEALTH HOSPITAL|198808181126|"
    "SECURITY|ADT^A01^ADT_A01|MSG00001|P|2.5.1",
    "EVN|A01|200708181123",
    "PID|1|EXT7788|PATID1234^5^M11^ADT1^MR^GOOD HEALTH HOSPITAL~123456789^^^USSSA^SS||"
    "EVERYMAN^ADAM^A^III^DR||19610615|M||2106-3|"
    "2222 HOME STREET^APT 4B^GREENSBORO^NC^27401-1020^USA^H^^GUILFORD|GL|"
    "(555)555-2004^PRN^PH^adam@example.com~^WPN^PH^^1^555^5552005|(555)555-2004||S||"
    "PATID12345001^2^M10^ADT1^AN^A|444-33-3333|S1234567^NC^20300101||",
    "NK1|1|NUCLEAR^NELDA^W|SPO^SPOUSE||||NK^NEXT OF KIN",
    "PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0||0012^ADMIT^ALICE||"
    "V100^^^ADT1^VN|||||||||||||||||||||||||20240301083000",
    "GT1|1|GUAR8899|EVERYMAN^EVE^E||2222 HOME STREET^^GREENSBORO^NC^27401|(555)555-2004||"
    "19620101|F||SE|444-33-4444",
    "IN1|1|PLAN01^BCBS|CO123|BLUE CROSS||||||||||||EVERYMAN^ADAM|SEL|19610615|"
    "2222 HOME STREET^^GREENSBORO^NC^27401|||||||||||||||||POL998877|||||||||||||INSID5566",
    "IN2|EMP777|444-33-3333||||||MCR12345A",
};
#define NADT (sizeof adt / sizeof adt[0])

static const want adt_want[] = {
    /* PID */
    {"EXT7788", PHS_CAT_PATIENT_ID},
    {"PATID1234", PHS_CAT_MRN},
    {"123456789", PHS_CAT_SSN},
    {"EVERYMAN", PHS_CAT_NAME},
    {"ADAM", PHS_CAT_NAME},
    {"A", PHS_CAT_NAME},
    {"19610615", PHS_CAT_DATE},
    {"2222 HOME STREET", PHS_CAT_ADDRESS},
    {"APT 4B", PHS_CAT_ADDRESS},
    {"GREENSBORO", PHS_CAT_ADDRESS},
    {"27401-1020", PHS_CAT_ZIP},
    {"GUILFORD", PHS_CAT_ADDRESS},
    {"(555)555-2004", PHS_CAT_PHONE},
    {"adam@example.com", PHS_CAT_EMAIL},
    {"1", PHS_CAT_PHONE},
    {"555", PHS_CAT_PHONE},
    {"5552005", PHS_CAT_PHONE},
    {"(555)555-2004", PHS_CAT_PHONE},
    {"PATID12345001", PHS_CAT_ACCOUNT_ID},
    {"444-33-3333", PHS_CAT_SSN},
    {"S1234567", PHS_CAT_LICENSE},
    /* NK1 */
    {"NUCLEAR", PHS_CAT_NAME},
    {"NELDA", PHS_CAT_NAME},
    {"W", PHS_CAT_NAME},
    /* PV1 */
    {"ATTEND", PHS_CAT_NAME},
    {"AARON", PHS_CAT_NAME},
    {"A", PHS_CAT_NAME},
    {"ADMIT", PHS_CAT_NAME},
    {"ALICE", PHS_CAT_NAME},
    {"V100", PHS_CAT_ENCOUNTER_ID},
    {"20240301083000", PHS_CAT_DATE},
    /* GT1 */
    {"GUAR8899", PHS_CAT_ACCOUNT_ID},
    {"EVERYMAN", PHS_CAT_NAME},
    {"EVE", PHS_CAT_NAME},
    {"E", PHS_CAT_NAME},
    {"2222 HOME STREET", PHS_CAT_ADDRESS},
    {"GREENSBORO", PHS_CAT_ADDRESS},
    {"27401", PHS_CAT_ZIP},
    {"(555)555-2004", PHS_CAT_PHONE},
    {"19620101", PHS_CAT_DATE},
    {"444-33-4444", PHS_CAT_SSN},
    /* IN1 */
    {"EVERYMAN", PHS_CAT_NAME},
    {"ADAM", PHS_CAT_NAME},
    {"19610615", PHS_CAT_DATE},
    {"2222 HOME STREET", PHS_CAT_ADDRESS},
    {"GREENSBORO", PHS_CAT_ADDRESS},
    {"27401", PHS_CAT_ZIP},
    {"POL998877", PHS_CAT_MEMBER_ID},
    {"INSID5566", PHS_CAT_MEMBER_ID},
    /* IN2 */
    {"EMP777", PHS_CAT_MEMBER_ID},
    {"444-33-3333", PHS_CAT_SSN},
    {"MCR12345A", PHS_CAT_MEMBER_ID},
};
#define NADT_WANT (sizeof adt_want / sizeof adt_want[0])

static void check_adt(const char *line)
{
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    expect_spans(line, &sp, adt_want, NADT_WANT);
    check_redaction_keeps_shape(line, &sp, "|^~&");
}

static void adt_with_cr_breaks(void **state)
{
    (void)state;
    char *line = render(adt, NADT, "\r", "\\", "", "\r\n");
    check_adt(line);
    free(line);
    /* CR LF between segments, and LF alone */
    line = render(adt, NADT, "\r\n", "\\", "", "\n");
    check_adt(line);
    free(line);
}

static void adt_with_escaped_breaks(void **state)
{
    (void)state;
    char *line = render(adt, NADT, "\\r", "\\", "2024-03-01T10:00:00Z INFO hl7 inbound: ", "\n");
    check_adt(line);
    free(line);
    line = render(adt, NADT, "\\n", "\\", "msg=", "\\r");
    check_adt(line);
    free(line);
}

static void adt_inside_json_string(void **state)
{
    (void)state;
    char *line = render(adt, NADT, "\\r", "\\\\", "{\"ts\":\"2024-03-01T10:00:00Z\",\"msg\":\"",
                        "\\r\",\"peer\":\"10.0.0.5\"}\n");
    assert_non_null(strstr(line, "MSH|^~\\\\&|"));
    check_adt(line);
    free(line);
    /* nothing after the closing quote belongs to the message, and the text
       before MSH is never read as a segment */
    line = render(adt, NADT, "\\r", "\\\\", "{\"PID\":\"x\",\"msg\":\"", "\",\"n\":\"PID|1||999\"}");
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    assert_int_equal(sp.n, NADT_WANT + 1); /* and a second, lone PID */
    assert_memory_equal(line + sp.v[NADT_WANT].start, "999", 3);
    free(line);

    /* a message further into the string ends at its closing quote too, so
       the last field never takes in the JSON after it */
    line = "{\"msg\":\"got MSH|^~\\\\&|A\\rPID|1||||||||||||||||||123-45-6789\",\"n\":1}\n";
    spans sp2;
    assert_int_equal(scan_str(line, &sp2), PHS_STRUCT_OK);
    const want w[] = {{"123-45-6789", PHS_CAT_SSN}};
    expect_spans(line, &sp2, w, 1);
    line = "t=1 msg=\"seg PID|1||||||||||||||||||123-45-6789\" user=\"x\"\n";
    assert_int_equal(scan_str(line, &sp2), PHS_STRUCT_OK);
    expect_spans(line, &sp2, w, 1);
    /* quotes that close before the message leave it unquoted */
    line = "user=\"x\" PID|1||||||||||||||||||123-45-6789 \"\n";
    assert_int_equal(scan_str(line, &sp2), PHS_STRUCT_OK);
    const want w2[] = {{"123-45-6789 \"", PHS_CAT_SSN}};
    expect_spans(line, &sp2, w2, 1);
}

/* ------------------------------------------- separators from MSH-1/2 */

static void non_standard_encoding_characters(void **state)
{
    (void)state;
    /* '#' for components: '^' is then text, part of the value */
    const char *line = "MSH|#~\\&|APP|FAC\rPID|1||12345#x#y#HOSP#MR||DOE#JOHN#Q^R||19800101\r";
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w1[] = {{"12345", PHS_CAT_MRN}, {"DOE", PHS_CAT_NAME},
                       {"JOHN", PHS_CAT_NAME},        {"Q^R", PHS_CAT_NAME},
                       {"19800101", PHS_CAT_DATE}};
    expect_spans(line, &sp, w1, 5);
    check_redaction_keeps_shape(line, &sp, "|#~&");

    /* '!' for fields: '|' is text */
    line = "MSH!^~\\&!APP!FAC\rPID!1!!A|9^^^H^MR!!ROE^JANE!!19700101!F\r\n";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w2[] = {{"A|9", PHS_CAT_MRN},
                       {"ROE", PHS_CAT_NAME},
                       {"JANE", PHS_CAT_NAME},
                       {"19700101", PHS_CAT_DATE}};
    expect_spans(line, &sp, w2, 4);
    check_redaction_keeps_shape(line, &sp, "!^~&");

    /* v2.7 adds a truncation character to MSH-2; a subcomponent splits */
    line = "MSH|^~\\&#|A\rPID|1||55&66^^^H||SMITH&VAN^ANN";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w3[] = {{"55", PHS_CAT_PATIENT_ID},
                       {"66", PHS_CAT_PATIENT_ID},
                       {"SMITH", PHS_CAT_NAME},
                       {"VAN", PHS_CAT_NAME},
                       {"ANN", PHS_CAT_NAME}};
    expect_spans(line, &sp, w3, 5);

    /* a later MSH in the same line brings its own separators */
    line = "MSH|^~\\&|A\rPID|1||11\rMSH!^~\\&!B\rPID!1!!22|x";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w4[] = {{"11", PHS_CAT_PATIENT_ID}, {"22|x", PHS_CAT_PATIENT_ID}};
    expect_spans(line, &sp, w4, 2);
}

/* ----------------------------------------------- where a message starts */

static void lone_segment(void **state)
{
    (void)state;
    const char *line = "PID|1||12345^^^HOSP^MR||DOE^JOHN||19800101|M\n";
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w[] = {{"12345", PHS_CAT_MRN},
                      {"DOE", PHS_CAT_NAME},
                      {"JOHN", PHS_CAT_NAME},
                      {"19800101", PHS_CAT_DATE}};
    expect_spans(line, &sp, w, 4);
    check_redaction_keeps_shape(line, &sp, "|^~&");

    /* after a log prefix */
    line = "10:00:01 WARN segment=PID|1||12345^^^HOSP^MR||DOE^JOHN||19800101|M";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    expect_spans(line, &sp, w, 4);

    /* a segment with no MSH in sight and no PHI field */
    assert_int_equal(scan_str("PV1|1|I|4W^412^B^GENHOSP\n", &sp), PHS_STRUCT_OK);
    assert_int_equal(sp.n, 0);
    assert_int_equal(scan_str("sent ACK MSA|AA|MSG00001 in 9ms", &sp), PHS_STRUCT_OK);
    assert_int_equal(sp.n, 0);

    /* quoted lone segments, one message per string */
    line = "{\"in\":\"PID|1||11\",\"out\":\"PID|1||22\",\"x\":\"PID|\"}";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w2[] = {{"11", PHS_CAT_PATIENT_ID}, {"22", PHS_CAT_PATIENT_ID}};
    expect_spans(line, &sp, w2, 2);
}

static void prefix_before_msh(void **state)
{
    (void)state;
    const char *line = "2024-03-01T10:00:00Z INFO hl7 inbound: MSH|^~\\&|A|B\rPID|1||777^^^H^MR||"
                       "SMITH^ANN\r\n";
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w[] = {{"777", PHS_CAT_MRN}, {"SMITH", PHS_CAT_NAME}, {"ANN", PHS_CAT_NAME}};
    expect_spans(line, &sp, w, 3);

    /* "MSH-9" in prose is not a message; the real one follows */
    line = "WARN check MSH-9, got MSH|^~\\&|A|B\\rPID|1||777^^^H^MR||SMITH^ANN";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    expect_spans(line, &sp, w, 3);

    /* an id inside a word is not a segment start */
    assert_int_equal(scan_str("XMSH|^~\\&|A and TPID|1||5", &sp), PHS_STRUCT_NONE);
}

static void empty_and_short_lines(void **state)
{
    (void)state;
    spans sp;
    assert_int_equal(scan(NULL, 0, &sp), PHS_STRUCT_NONE);
    assert_int_equal(scan("", 0, &sp), PHS_STRUCT_NONE);
    assert_int_equal(scan_str("\n", &sp), PHS_STRUCT_NONE);
    assert_int_equal(scan_str("\r\n", &sp), PHS_STRUCT_NONE);
    assert_int_equal(scan_str("PID", &sp), PHS_STRUCT_NONE);
    assert_int_equal(scan_str("MSH", &sp), PHS_STRUCT_NONE);
    /* the length bounds the walk, not a NUL */
    assert_int_equal(scan("PID|9||12345", 3, &sp), PHS_STRUCT_NONE);
    assert_int_equal(scan("PID|9||12345", 8, &sp), PHS_STRUCT_OK);
    const want w[] = {{"1", PHS_CAT_PATIENT_ID}};
    expect_spans("PID|9||1", &sp, w, 1);
    assert_int_equal(scan_str("PID|", &sp), PHS_STRUCT_OK);
    assert_int_equal(sp.n, 0);
    assert_int_equal(scan_str("PID|1||||||", &sp), PHS_STRUCT_OK);
    assert_int_equal(sp.n, 0);
    /* HL7's explicit null "" and blank components are not values */
    const char *line = "PID|1||\"\"||  ^JOHN\n";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w2[] = {{"JOHN", PHS_CAT_NAME}};
    expect_spans(line, &sp, w2, 1);
    /* blanks around a value stay out of the span */
    line = "PID|1||  42  ||DOE\n";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w3[] = {{"42", PHS_CAT_PATIENT_ID}, {"DOE", PHS_CAT_NAME}};
    expect_spans(line, &sp, w3, 2);
}

static void garbage_is_none(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "hello world\n",
        "GET /api/patients?id=42 HTTP/1.1 200\n",
        "a|b|c|d\n",
        "XYZ|1||12345^^^HOSP^MR||DOE^JOHN\n",
        "the MSH segment was fine\n",
        "see MSH-9 for the message type\n",
        "pid|1||12345\n",
        "PIDS|1||12345\n",
        "\\r\\n\\r\r\n",
        "|^~\\&|^~\\&|\n",
        "{\"level\":\"info\",\"msg\":\"MSHA|x\"}\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        spans sp;
        int rc = scan_str(lines[i], &sp);
        if (rc != PHS_STRUCT_NONE)
            fail_msg("line %zu gave %d", i, rc);
        assert_int_equal(sp.n, 0);
    }
}

static void malformed_messages(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "MSH|^^\\&|A|B\rPID|1||12345\n",          /* encoding characters repeat */
        "MSH|^~|A|B\rPID|1||12345\n",             /* too few */
        "MSH|A~\\&|X\rPID|1||12345\n",            /* a letter */
        "MSH|^~\\&^~|X\rPID|1||12345\n",          /* too many */
        "MSH|^|\\&|X\n",                          /* the field separator again */
        "MSH|",                                   /* nothing after MSH-1 */
        "MSH\rPID|1||12345\n",                    /* MSH-1 is a break */
        "MSH\"^~\\&\"X\n",                        /* a quote for MSH-1 */
        "in: MSH|^ ~\\&|X|Y\n",                   /* a blank */
        "{\"msg\":\"MSH|^~\\\\\\&|A\\rPID|1\"}\n", /* JSON-escaped badly */
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        spans sp;
        int rc = scan_str(lines[i], &sp);
        if (rc != PHS_STRUCT_MALFORMED)
            fail_msg("line %zu gave %d", i, rc);
        assert_int_equal(sp.n, 0);
    }

    /* The walk stops where it loses the message; what it found before
       stays valid. */
    const char *line = "MSH|^~\\&|A\rPID|1||123\rnot a segment\rPID|1||456\n";
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_MALFORMED);
    const want w[] = {{"123", PHS_CAT_PATIENT_ID}};
    expect_spans(line, &sp, w, 1);
    line = "PID|1||5\rMSH|^^^^|x\rPID|1||6";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_MALFORMED);
    const want w2[] = {{"5", PHS_CAT_PATIENT_ID}};
    expect_spans(line, &sp, w2, 1);
    /* blank text between breaks is harmless */
    line = "MSH|^~\\&|A\rPID|1||123\r  \rPV1|1|I\r\n";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    expect_spans(line, &sp, w, 1);
}

static void escaped_break_needs_a_segment_after_it(void **state)
{
    (void)state;
    /* "\.br\" then "results": the "\r" is text, and OBX keeps its fields */
    const char *line = "MSH|^~\\&|A\\rOBX|1|FT|||line one\\.br\\results pending\\rPID|1||55||DOE\n";
    spans sp;
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w[] = {{"55", PHS_CAT_PATIENT_ID}, {"DOE", PHS_CAT_NAME}};
    expect_spans(line, &sp, w, 2);
    /* so the name runs on through the "\r" that no segment follows */
    line = "PID|1||55||DOE\\rest of it^ANN\\r\n";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w2[] = {{"55", PHS_CAT_PATIENT_ID},
                       {"DOE\\rest of it", PHS_CAT_NAME},
                       {"ANN", PHS_CAT_NAME}};
    expect_spans(line, &sp, w2, 3);
    /* in a JSON string "\\r" is a backslash and an 'r', never a break */
    line = "{\"m\":\"MSH|^~\\\\&|A\\rPID|1||55\\\\rPV1\"}";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w3[] = {{"55\\\\rPV1", PHS_CAT_PATIENT_ID}};
    expect_spans(line, &sp, w3, 1);
}

static void emit_can_stop_the_walk(void **state)
{
    (void)state;
    char *line = render(adt, NADT, "\r", "\\", "", "\n");
    for (size_t k = 1; k <= 3; k++) {
        spans sp;
        memset(&sp, 0, sizeof sp);
        sp.stop_at = k;
        assert_int_equal(phs_hl7_scan(line, strlen(line), collect, &sp), PHS_STRUCT_STOPPED);
        assert_int_equal(sp.n, k);
    }
    /* the last span of the line too */
    spans sp;
    memset(&sp, 0, sizeof sp);
    sp.stop_at = NADT_WANT;
    assert_int_equal(phs_hl7_scan(line, strlen(line), collect, &sp), PHS_STRUCT_STOPPED);
    free(line);
}

static void masks_are_left_alone(void **state)
{
    (void)state;
    spans sp;
    assert_int_equal(scan_str("PID|1||[PATIENT_ID]^^^HOSP^MR||[NAME]^[NAME]\n", &sp),
                     PHS_STRUCT_OK);
    assert_int_equal(sp.n, 0);
    /* a bracketed value that is not a mask is still a value */
    const char *line = "PID|1||[12]||[Name]^[]\n";
    assert_int_equal(scan_str(line, &sp), PHS_STRUCT_OK);
    const want w[] = {{"[12]", PHS_CAT_PATIENT_ID}, {"[Name]", PHS_CAT_NAME}, {"[]", PHS_CAT_NAME}};
    expect_spans(line, &sp, w, 3);
    /* the whole ADT, redacted, then scanned again (check_adt redacts) */
    char *adt_line = render(adt, NADT, "\r", "\\", "", "\n");
    check_adt(adt_line);
    free(adt_line);
}

/* ----------------------------------------------------- arbitrary bytes */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

/* Whether every MSH on the line declares the standard separators, so that
   '|', '^', '~' and '&' are delimiters wherever a span may fall. Any other
   MSH may make some of them text, and then only CR and LF are checked. */
static bool standard_separators(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++) {
        if (memcmp(s + i, "MSH", 3) != 0)
            continue;
        size_t rest = n - i - 3;
        if (!(rest >= 5 && memcmp(s + i + 3, "|^~\\&", 5) == 0) &&
            !(rest >= 6 && memcmp(s + i + 3, "|^~\\\\&", 6) == 0))
            return false;
    }
    return true;
}

static void random_bytes(const char *alphabet, size_t trials)
{
    size_t na = strlen(alphabet);
    char buf[96];
    for (size_t t = 0; t < trials; t++) {
        size_t n = rnd() % sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[rnd() % na];
        /* give MSH and PID a fair chance to appear */
        if (n >= 8 && rnd() % 2)
            memcpy(buf + rnd() % (n - 7), rnd() % 2 ? "MSH|^~\\&" : "\rPID|1||", 8);
        /* the buffer is copied to the heap at its exact length so that a
           read past the end is caught by the sanitizers */
        char *line = malloc(n ? n : 1);
        assert_non_null(line);
        memcpy(line, buf, n);
        spans sp;
        int rc = scan(line, n, &sp);
        assert_true(rc == PHS_STRUCT_OK || rc == PHS_STRUCT_NONE || rc == PHS_STRUCT_MALFORMED);
        if (rc == PHS_STRUCT_NONE)
            assert_int_equal(sp.n, 0);
        const char *forbidden = standard_separators(line, n) ? "|^~&\r\n" : "\r\n";
        size_t prev_end = 0;
        for (size_t i = 0; i < sp.n; i++) {
            const span *s = &sp.v[i];
            assert_true(s->start < s->end);
            assert_true(s->end <= n);
            assert_true(s->start >= prev_end);
            assert_true((unsigned)s->cat < PHS_CAT_COUNT);
            prev_end = s->end;
            for (size_t k = s->start; k < s->end; k++) {
                char c = line[k];
                if (c && strchr(forbidden, c))
                    fail_msg("trial %zu: span [%zu,%zu) holds delimiter 0x%02x", t, s->start,
                             s->end, (unsigned char)c);
            }
        }
        /* and the same walk stops on the first span when asked */
        if (sp.n) {
            spans one;
            memset(&one, 0, sizeof one);
            one.stop_at = 1;
            assert_int_equal(phs_hl7_scan(line, n, collect, &one), PHS_STRUCT_STOPPED);
            assert_int_equal(one.n, 1);
        }
        free(line);
    }
}

static void random_bytes_stay_in_bounds(void **state)
{
    (void)state;
    random_bytes("|^~\\&\r\nPIDMSH0123ab", 4000);
    random_bytes("|^~\\&\r\nPIDMSHNK1GT1IN2V0123ab \"#!", 4000);
    /* every byte value */
    char all[256];
    for (size_t i = 0; i < 256; i++)
        all[i] = (char)(i ? i : 1);
    all[255] = '\0';
    random_bytes(all, 2000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adt_with_cr_breaks),
        cmocka_unit_test(adt_with_escaped_breaks),
        cmocka_unit_test(adt_inside_json_string),
        cmocka_unit_test(non_standard_encoding_characters),
        cmocka_unit_test(lone_segment),
        cmocka_unit_test(prefix_before_msh),
        cmocka_unit_test(empty_and_short_lines),
        cmocka_unit_test(garbage_is_none),
        cmocka_unit_test(malformed_messages),
        cmocka_unit_test(escaped_break_needs_a_segment_after_it),
        cmocka_unit_test(emit_can_stop_the_walk),
        cmocka_unit_test(masks_are_left_alone),
        cmocka_unit_test(random_bytes_stay_in_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

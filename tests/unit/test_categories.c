/* Each category through the public one-shot API with the bundled rules:
   positive cases with their exact output, and look-alikes that must come
   out unchanged. Then the options: category switch-off, the date policy,
   partial masks. */
#include "unit_util.h"

typedef struct ccase {
    const char *in;
    const char *out; /* NULL: unchanged */
} ccase;

typedef struct dbs {
    phs_db *all;      /* defaults */
    phs_db *context;  /* PHS_DATES_CONTEXT */
    phs_db *partial;  /* every category PHS_ACT_PARTIAL */
} dbs;

static int setup(void **state)
{
    dbs *d = calloc(1, sizeof *d);
    if (!d)
        return -1;
    phs_options o;
    phs_options_init(&o);
    d->all = db_bundled(&o);
    o.date_policy = PHS_DATES_CONTEXT;
    d->context = db_bundled(&o);
    phs_options_init(&o);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o.actions[c] = PHS_ACT_PARTIAL;
    o.reference_year = 2026;
    d->partial = db_bundled(&o);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    dbs *d = *state;
    phs_db_free(d->all);
    phs_db_free(d->context);
    phs_db_free(d->partial);
    free(d);
    return 0;
}

static void frame(char *dst, size_t cap, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    assert_true(la + lb + lc < cap);
    memcpy(dst, a, la);
    memcpy(dst + la, b, lb);
    memcpy(dst + la + lb, c, lc + 1);
}

/* Run a table; report every failing case, then fail once. Each case is also
   run with a trailing newline, and as the middle line of three. */
static void run_cases(const phs_db *db, const ccase *c, size_t n, const char *file, int line)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *want = c[i].out ? c[i].out : c[i].in;
        static const char *const pre[] = {"", "", "first line\n"};
        static const char *const post[] = {"", "\n", "\r\nlast line"};
        for (size_t k = 0; k < 3; k++) {
            char in[1024], exp[1024];
            frame(in, sizeof in, pre[k], c[i].in, post[k]);
            frame(exp, sizeof exp, pre[k], want, post[k]);
            char *got = redact_str(db, in);
            if (strcmp(got, exp) != 0) {
                print_error("%s:%d: case %zu%s\n  input:    \"%s\"\n  expected: \"%s\"\n"
                            "  got:      \"%s\"\n",
                            file, line, i, k ? " (framed)" : "", c[i].in, want, got);
                bad++;
                free(got);
                break;
            }
            free(got);
        }
    }
    if (bad) {
        print_error("%zu of %zu cases failed\n", bad, n);
        _fail(file, line);
    }
}

#define RUN(db, table) run_cases((db), (table), sizeof(table) / sizeof((table)[0]), __FILE__, __LINE__)

/* ------------------------------------------------------------ identifiers */

static void test_ssn(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"ssn=123-45-6789", "ssn=[SSN]"},
        {"SSN: 123456789", "SSN: [SSN]"},
        {"ssn 123 45 6789", "ssn [SSN]"},
        {"social security number 123 45 6789", "social security number [SSN]"},
        {"{\"ssn\": \"123-45-6789\"}", "{\"ssn\": \"[SSN]\"}"},
        {"ss# 123-45-6789", "ss# [SSN]"},
        {"id 123-45-6789 ok", "id [SSN] ok"},
        {"spaced 123 45 6789 end", "spaced [SSN] end"},
        {"a 123-45-6789, b 234-56-7890.", "a [SSN], b [SSN]."},
        /* under an SSN key any nine digits are masked, valid or not */
        {"ssn=000-12-3456", "ssn=[SSN]"},
        /* invalid bare numbers stay */
        {"bad 000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000", NULL},
        {"x 123456789 y", NULL},
        {"order 1234-5678-9012", NULL},
        {"ref 123-45-67890", NULL},
        {"ref 123-45-6789-01", NULL},
    };
    RUN(d->all, cases);
}

static void test_mrn(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"mrn=A12345", "mrn=[MRN]"},
        {"MRN: 00123456", "MRN: [MRN]"},
        {"medical record number: 7788123", "medical record number: [MRN]"},
        {"MR#: 445566", "MR#: [MRN]"},
        {"{\"mrn\":\"MRN-0012345\"}", "{\"mrn\":\"[MRN]\"}"},
        {"MRN=12345 pid=99", "MRN=[MRN] pid=99"},
        /* under a PHI key the value is PHI whatever its shape (issue 3) */
        {"mrn=ABCDEF", "mrn=[MRN]"},
        {"order=ABCDEF", NULL},
        {"mrn: none", NULL},
    };
    RUN(d->all, cases);
}

static void test_patient_id(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"patient_id=P-12345", "patient_id=[PATIENT_ID]"},
        {"patientId: 987654", "patientId: [PATIENT_ID]"},
        {"Patient ID: ABC-00123", "Patient ID: [PATIENT_ID]"},
        {"patient #123456 admitted", "patient #[PATIENT_ID] admitted"},
        {"patient 12345 seen", "patient [PATIENT_ID] seen"},
        {"pt_id=77812", "pt_id=[PATIENT_ID]"},
        {"patient_id=none", NULL},
        {"patients: 3", NULL},
    };
    RUN(d->all, cases);
}

static void test_member_id(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"member id: XYZ123456", "member id: [MEMBER_ID]"},
        {"subscriber=W12345678", "subscriber=[MEMBER_ID]"},
        {"memberId=M998877", "memberId=[MEMBER_ID]"},
        {"mbr_no: 123456789", "mbr_no: [MEMBER_ID]"},
        {"member_id=ABCDEF", "member_id=[MEMBER_ID]"},
        {"member_idx=ABCDEF", NULL},
        {"members=12 subscribers=3", NULL},
    };
    RUN(d->all, cases);
}

static void test_account_id(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"account=AC-99812", "account=[ACCOUNT_ID]"},
        {"acct#: 55512", "acct#: [ACCOUNT_ID]"},
        {"accountNumber=12345678", "accountNumber=[ACCOUNT_ID]"},
        {"account=admin", NULL},
    };
    RUN(d->all, cases);
}

static void test_encounter_id(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"encounter_id=E998877", "encounter_id=[ENCOUNTER_ID]"},
        {"visit_id: 12345", "visit_id: [ENCOUNTER_ID]"},
        {"csn 778899001", "csn [ENCOUNTER_ID]"},
        {"admission_id=ADM99881", "admission_id=[ENCOUNTER_ID]"},
        {"encounter=new", NULL},
    };
    RUN(d->all, cases);
}

/* ------------------------------------------------------------ dates */

static const ccase person_dates[] = {
    {"dob=1980-02-29", "dob=[DATE]"},
    {"DOB: 03/15/1980", "DOB: [DATE]"},
    {"born on March 5, 1980", "born on [DATE]"},
    {"date of birth: 29 February 2020", "date of birth: [DATE]"},
    {"birth_date=20200229", "birth_date=[DATE]"},
    {"dob=Feb 29, 2020", "dob=[DATE]"},
    {"Date of service: 12/31/2021", "Date of service: [DATE]"},
    {"DOD: 31.12.2020", "DOD: [DATE]"},
    {"discharged on 2021-03-04", "discharged on [DATE]"},
    /* person context: masked even with a time of day */
    {"admitted 2020-01-05 10:22", "admitted [DATE] 10:22"},
};

static const ccase timestamps[] = {
    {"2023-10-05T12:34:56Z INFO start", NULL},
    {"2023-10-05T12:34:56.123Z level=info msg=\"request done\"", NULL},
    {"2023-10-05 12:34:56 INFO start", NULL},
    {"[2023-10-05 12:34:56,789] INFO", NULL},
    {"10/05/2023 12:34:56 INFO start", NULL},
    {"Oct 05, 2023 12:34:56 PM start", NULL},
    {"Oct 5 12:34:56 host sshd[1234]: ok", NULL},
    {"\"GET / HTTP/1.0\" [10/Oct/2000:13:55:36 -0700] 200", NULL},
    {"trace=20231005", NULL},
    {"event on 2021-02-30 done", NULL}, /* no such day */
};

static void test_date_all(void **state)
{
    const dbs *d = *state;
    static const ccase bare[] = {
        {"event on 2023-10-05 done", "event on [DATE] done"},
        {"event on 10/05/2023 done", "event on [DATE] done"},
        {"event on 5 Mar 2021 done", "event on [DATE] done"},
        {"event on March 5th, 2021 done", "event on [DATE] done"},
        {"from 2020-01-01 to 2020-12-31.", "from [DATE] to [DATE]."},
    };
    RUN(d->all, person_dates);
    RUN(d->all, bare);
    RUN(d->all, timestamps);
}

static void test_date_context_policy(void **state)
{
    const dbs *d = *state;
    static const ccase bare[] = {
        {"event on 2023-10-05 done", NULL},
        {"event on 10/05/2023 done", NULL},
        {"event on 5 Mar 2021 done", NULL},
        {"event on March 5th, 2021 done", NULL},
    };
    RUN(d->context, person_dates);
    RUN(d->context, bare);
    RUN(d->context, timestamps);
}

/* ------------------------------------------------------------ contact */

static void test_phone(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"phone: (555) 234-5678", "phone: [PHONE]"},
        {"call 555-234-5678 now", "call [PHONE] now"},
        {"tel 555.234.5678", "tel [PHONE]"},
        {"PHONE: 5552345678", "PHONE: [PHONE]"},
        {"phone=555-234-5678", "phone=[PHONE]"},
        {"phone +1 (555) 234-5678", "phone [PHONE]"},
        {"callback 555 234 5678", "callback [PHONE]"},
        {"bad 555-123-4567", NULL},   /* exchange starts with 1 */
        {"bad 155-234-5678", NULL},   /* area code starts with 1 */
        {"bad 911-234-5678", NULL},   /* N11 */
        {"x 5552345678 y", NULL},     /* bare digits need a key */
    };
    RUN(d->all, cases);
}

static void test_fax(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"fax: 555-234-5678", "fax: [FAX]"},
        {"Fax: (555) 234-5678", "Fax: [FAX]"},
        {"fax_number=555.234.5678", "fax_number=[FAX]"},
        {"fax: 555-123-4567", "fax: [FAX]"}, /* not a valid NANP number, but a fax key */
        {"call 555-123-4567", NULL},
    };
    RUN(d->all, cases);
}

static void test_email(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"mail john.doe@example.com now", "mail [EMAIL] now"},
        {"email: JANE_DOE+tag@mail.example.co.uk", "email: [EMAIL]"},
        {"<a@b.io>", "<[EMAIL]>"},
        {"user@localhost", NULL},
        {"@handle says hi", NULL},
        {"foo@bar.c", NULL},
    };
    RUN(d->all, cases);
}

/* ------------------------------------------------------------ network */

static void test_ip(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"from 10.1.2.3 to 192.168.0.1", "from [IP] to [IP]"},
        {"from 192.168.1.1:8080", "from [IP]:8080"},
        {"client=203.0.113.7,", "client=[IP],"},
        {"addr fe80::1ff:fe23:4567:890a", "addr [IP]"},
        {"ip=2001:db8::1", "ip=[IP]"},
        {"127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326",
         "[IP] - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326"},
        {"version=5.5.224.0", NULL},
        {"version 5.5.224.0", NULL},
        {"agent 1.2.3.4", NULL},
        {"ip 0.9.1.2", NULL},
        {"ip 999.1.1.1", NULL},
        {"oid 1.2.3.4.5", NULL},
        {"Cache::add called", NULL},
        {"std::vector<int>::push_back", NULL},
        {"mac 00:1a:2b:3c:4d:5e", NULL},
        {"mac=00:1A:2B:3C:4D:5E", NULL},
        {"at 12:34:56", NULL},
    };
    RUN(d->all, cases);
}

static void test_url(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"GET /api/patients/12345/chart", "GET /api/patients/[URL]/chart"},
        {"https://x.example.com/api/patient/A12345?x=1",
         "https://x.example.com/api/patient/[URL]?x=1"},
        {"/members/M998877/claims", "/members/[URL]/claims"},
        {"GET /patients/12345 200", "GET /patients/[URL] 200"},
        {"GET /api/patients/search/chart", NULL},
        {"GET /api/patients?page=2", NULL},
    };
    RUN(d->all, cases);
}

/* ------------------------------------------------------------ location, age */

static void test_zip(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"zip=62704", "zip=[ZIP]"},
        {"zip code: 62704-1234", "zip code: [ZIP]"},
        {"postal_code=90210", "postal_code=[ZIP]"},
        /* the city of a postal address is a place smaller than a state */
        {"Springfield, IL 62704", "[LOCATION], IL [ZIP]"},
        {"Boston, MA 02115", "[LOCATION], MA [ZIP]"},
        {"order 4, MA 02115", NULL},
        {"port 62704", NULL},
        {"count 90210", NULL},
        {"zip=abc", "zip=[ZIP]"},
        {"zipped=abc", NULL},
    };
    RUN(d->all, cases);
}

static void test_address(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"lives at 123 Main Street, Apt 4", "lives at [ADDRESS]"},
        {"4200 N Lamar Blvd, Suite 200", "[ADDRESS]"},
        {"1600 Pennsylvania Avenue", "[ADDRESS]"},
        {"addr: 12 Oak Ln.", "addr: [ADDRESS]"},
        {"PO Box 1234", "[ADDRESS]"},
        {"P.O. Box 42", "[ADDRESS]"},
        {"processed 42 records in 3 ms", NULL},
        {"GET /index.html 200", NULL},
        /* the suffixes of USPS Publication 28, in title case */
        {"moved to 6745 N Timmothy Isle, Unit 34", "moved to [ADDRESS]"},
        {"841 Ahmad Hills, New Domenicostad, MI.", "[ADDRESS], [LOCATION], MI."},
        {"SLEPT 3 HOURS OF REST", NULL},
        {"lives at 4521 oak street port=53812", "lives at [ADDRESS] port=53812"},
        {"addr=12 Cedar Hill Drive path=/api", "addr=[ADDRESS] path=/api"},
        {"8 TRACH IN PLACE", NULL},
        {"waited 3 Minutes Of Rest", NULL},
    };
    RUN(d->all, cases);
}

static void test_age(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"age: 92", "age: [AGE]"},
        {"aged 101", "aged [AGE]"},
        {"age=130", "age=[AGE]"},
        {"a 95 year old man", "a [AGE] year old man"},
        {"95-year-old", "[AGE]-year-old"},
        {"105 yo", "[AGE] yo"},
        {"92 yrs old", "[AGE] yrs old"},
        {"age: 45", NULL},
        {"Age: 89", NULL},
        {"age=131", NULL},
        {"page: 95", NULL},
        {"usage 95", NULL},
        {"a 45 year old man", NULL},
    };
    RUN(d->all, cases);
}

/* ------------------------------------------------------------ look-alikes */

static void test_lookalikes_unchanged(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7", NULL},
        {"request_id=123456789 traceid=987654321", NULL},
        {"uuid=550e8400-e29b-41d4-a716-446655440000", NULL},
        {"listening on port 8080", NULL},
        {"ts=1699999999 epoch=1699999999123", NULL},
        {"pid=12345 tid=678", NULL},
        {"sha=a94a8fe5ccb19ba61c4c0873d391e987982fbbd3", NULL},
        {"at com.example.Foo.bar(Foo.java:123)", NULL},
        {"duration_ms=123 status=200 bytes=5120", NULL},
        {"version=5.5.224.0", NULL},
        {"size 10.5 MB in 0.25 s", NULL},
        {"GET /index.html 200", NULL},
        {"", NULL},
    };
    RUN(d->all, cases);
    RUN(d->context, cases);
    RUN(d->partial, cases);
}

/* ------------------------------------------------------------ options */

static void test_category_switch_off(void **state)
{
    (void)state;
    const char *in = "ssn=123-45-6789 mail a@b.com dob=1980-02-29 phone: (555) 234-5678\n";
    phs_options o;
    phs_options_init(&o);
    o.categories = PHS_ALL_CATEGORIES & ~(1u << PHS_CAT_SSN);
    phs_db *db = db_bundled(&o);
    EXPECT_REDACT(db, in, "ssn=123-45-6789 mail [EMAIL] dob=[DATE] phone: [PHONE]\n");
    phs_db_free(db);

    o.categories = 1u << PHS_CAT_EMAIL;
    db = db_bundled(&o);
    EXPECT_REDACT(db, in, "ssn=123-45-6789 mail [EMAIL] dob=1980-02-29 phone: (555) 234-5678\n");
    phs_db_free(db);

    o.categories = (1u << PHS_CAT_DATE) | (1u << PHS_CAT_PHONE);
    db = db_bundled(&o);
    EXPECT_REDACT(db, in, "ssn=123-45-6789 mail a@b.com dob=[DATE] phone: [PHONE]\n");
    phs_db_free(db);

    o.categories = 0;
    db = db_bundled(&o);
    EXPECT_KEPT(db, in);
    phs_db_free(db);
}

static void test_partial_masks(void **state)
{
    const dbs *d = *state;
    static const ccase cases[] = {
        {"ssn=123-45-6789", "ssn=***-**-6789"},
        {"SSN: 123456789", "SSN: *****6789"},
        {"id 123-45-6789 ok", "id ***-**-6789 ok"},
        {"phone: (555) 234-5678", "phone: (***) ***-5678"},
        {"call 555-234-5678 now", "call ***-***-5678 now"},
        {"fax: 555-234-5678", "fax: ***-***-5678"},
        /* fewer than eight alphanumerics: the label */
        {"phone: 234-5678", "phone: [PHONE]"},
        /* identifiers: Safe Harbor removes them whole, so no partial form */
        {"mrn=MRN0012345", "mrn=[MRN]"},
        {"patient_id=P-12345678", "patient_id=[PATIENT_ID]"},
        {"member id: XYZ123456", "member id: [MEMBER_ID]"},
        {"account=AC-99812345", "account=[ACCOUNT_ID]"},
        {"encounter_id=E99887766", "encounter_id=[ENCOUNTER_ID]"},
        /* dates keep the year, unless it is 90 or more years back (2026) */
        {"dob=1980-02-29", "dob=1980-**-**"},
        {"dob: 03/14/1980", "dob: **/**/1980"},
        {"born Mar 14, 1980 in", "born *** **, 1980 in"},
        {"dob=1937-01-01", "dob=1937-**-**"},
        {"dob=1936-12-31", "dob=[DATE]"},
        {"dob: 3/4/80", "dob: [DATE]"},
        /* ZIP3, or 000 for the restricted areas */
        {"zip=62704", "zip=627**"},
        {"zip: 62704-1234", "zip: 627**-****"},
        {"zip=03601", "zip=000**"},
        {"zip=89301", "zip=000**"},
        /* ages over 89 fold into 90+ */
        {"age: 92", "age: 90+"},
        /* categories without partial masks: the label */
        {"mail a@b.com", "mail [EMAIL]"},
        {"from 10.1.2.3", "from [IP]"},
        {"GET /api/patients/12345678/chart", "GET /api/patients/[URL]/chart"},
    };
    RUN(d->partial, cases);
}

static void test_findings_categories(void **state)
{
    const dbs *d = *state;
    const char *in = "ssn=123-45-6789 a@b.com\nfax: 555-234-5678 zip=62704\n";
    flist f = {0};
    size_t n;
    char *out = redact_buf(d->all, in, strlen(in), &n, &f);
    assert_string_equal(out, "ssn=[SSN] [EMAIL]\nfax: [FAX] zip=[ZIP]\n");
    assert_int_equal(f.n, 4);
    static const phs_category cats[] = {PHS_CAT_SSN, PHS_CAT_EMAIL, PHS_CAT_FAX, PHS_CAT_ZIP};
    static const uint64_t offs[] = {4, 16, 29, 46};
    static const size_t lens[] = {11, 7, 12, 5};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(f.v[i].category, cats[i]);
        assert_int_equal(f.v[i].offset, offs[i]);
        assert_int_equal(f.v[i].length, lens[i]);
        assert_int_equal(f.v[i].line, i / 2 + 1);
        assert_int_equal(phs_db_rule_category(d->all, f.v[i].rule_index), cats[i]);
        assert_string_equal(f.v[i].rule_id, phs_db_rule_id(d->all, f.v[i].rule_index));
    }
    free(out);
    flist_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ssn),
        cmocka_unit_test(test_mrn),
        cmocka_unit_test(test_patient_id),
        cmocka_unit_test(test_member_id),
        cmocka_unit_test(test_account_id),
        cmocka_unit_test(test_encounter_id),
        cmocka_unit_test(test_date_all),
        cmocka_unit_test(test_date_context_policy),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_fax),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_ip),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_address),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_lookalikes_unchanged),
        cmocka_unit_test(test_category_switch_off),
        cmocka_unit_test(test_partial_masks),
        cmocka_unit_test(test_findings_categories),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

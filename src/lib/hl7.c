/* HL7 v2 walker: finds the message on a log line and reports the PHI
   components of the patient-bearing segments by field position. It works in
   place on the line with one forward pass per message: no allocation, no
   recursion, and every read is bounded by the end of the message, which is
   never past the end of the line. */
#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "structure.h"

/* Which components of a field hold PHI. The data types are HL7's. */
typedef enum pick {
    PICK_FIRST, /* CX, DLN, ST ids: component 1 is the number itself; the
                   rest name the authority and type, which is not PHI */
    PICK_ALL,   /* SSN: the value is the field, every component of it */
    PICK_TS,    /* TS: component 1; component 2 is a precision code */
    PICK_XPN,   /* person: family (1), given (2), further given (3); the
                   suffix, prefix and degree are not identifying */
    PICK_XCN,   /* provider: the same names one component later (2-4);
                   component 1 is the provider's id */
    PICK_XAD,   /* street (1), other designation (2), city (3), county (9)
                   and zip (5); Safe Harbor keeps state (4) and country (6) */
    PICK_XTN    /* any component with a digit (PHONE) or an '@' (EMAIL);
                   use and equipment codes ("PRN", "PH") stay */
} pick;

typedef struct field_rule {
    char seg[4];
    size_t field;
    pick how;
    phs_category cat; /* for PICK_XAD and PICK_XTN the category comes from
                         the component, this one is unused */
} field_rule;

/* Grouped by segment: walk_segment() takes the run of one segment. */
static const field_rule rules[] = {
    {"PID", 2, PICK_FIRST, PHS_CAT_PATIENT_ID},  /* external id */
    {"PID", 3, PICK_FIRST, PHS_CAT_PATIENT_ID},  /* identifier list */
    {"PID", 4, PICK_FIRST, PHS_CAT_PATIENT_ID},  /* alternate id */
    {"PID", 5, PICK_XPN, PHS_CAT_NAME},          /* patient name */
    {"PID", 6, PICK_XPN, PHS_CAT_NAME},          /* mother's maiden name */
    {"PID", 7, PICK_TS, PHS_CAT_DATE},           /* birth date/time */
    {"PID", 9, PICK_XPN, PHS_CAT_NAME},          /* alias */
    {"PID", 11, PICK_XAD, PHS_CAT_ADDRESS},      /* address */
    {"PID", 13, PICK_XTN, PHS_CAT_PHONE},        /* home phone */
    {"PID", 14, PICK_XTN, PHS_CAT_PHONE},        /* business phone */
    {"PID", 18, PICK_FIRST, PHS_CAT_ACCOUNT_ID}, /* account number */
    {"PID", 19, PICK_ALL, PHS_CAT_SSN},          /* SSN */
    {"PID", 20, PICK_FIRST, PHS_CAT_LICENSE},    /* driver's licence */
    {"PID", 21, PICK_FIRST, PHS_CAT_PATIENT_ID}, /* mother's identifier */
    {"PID", 29, PICK_TS, PHS_CAT_DATE},          /* death date/time */
    {"PD1", 4, PICK_XCN, PHS_CAT_NAME},          /* primary care provider */
    {"NK1", 2, PICK_XPN, PHS_CAT_NAME},          /* name */
    {"NK1", 4, PICK_XAD, PHS_CAT_ADDRESS},       /* address */
    {"NK1", 5, PICK_XTN, PHS_CAT_PHONE},         /* phone */
    {"NK1", 6, PICK_XTN, PHS_CAT_PHONE},         /* business phone */
    {"NK1", 16, PICK_TS, PHS_CAT_DATE},          /* birth date */
    {"NK1", 30, PICK_XPN, PHS_CAT_NAME},         /* contact person's name */
    {"NK1", 31, PICK_XTN, PHS_CAT_PHONE},        /* contact person's phone */
    {"NK1", 32, PICK_XAD, PHS_CAT_ADDRESS},      /* contact person's address */
    {"NK1", 33, PICK_FIRST, PHS_CAT_PATIENT_ID}, /* identifiers */
    {"NK1", 37, PICK_ALL, PHS_CAT_SSN},          /* contact person's SSN */
    {"GT1", 2, PICK_FIRST, PHS_CAT_ACCOUNT_ID},  /* guarantor number */
    {"GT1", 3, PICK_XPN, PHS_CAT_NAME},          /* name */
    {"GT1", 4, PICK_XPN, PHS_CAT_NAME},          /* spouse name */
    {"GT1", 5, PICK_XAD, PHS_CAT_ADDRESS},       /* address */
    {"GT1", 6, PICK_XTN, PHS_CAT_PHONE},         /* home phone */
    {"GT1", 7, PICK_XTN, PHS_CAT_PHONE},         /* business phone */
    {"GT1", 8, PICK_TS, PHS_CAT_DATE},           /* birth date */
    {"GT1", 12, PICK_ALL, PHS_CAT_SSN},          /* SSN */
    {"GT1", 19, PICK_FIRST, PHS_CAT_ACCOUNT_ID}, /* employee id */
    {"IN1", 16, PICK_XPN, PHS_CAT_NAME},         /* insured's name */
    {"IN1", 18, PICK_TS, PHS_CAT_DATE},          /* insured's birth date */
    {"IN1", 19, PICK_XAD, PHS_CAT_ADDRESS},      /* insured's address */
    {"IN1", 36, PICK_FIRST, PHS_CAT_MEMBER_ID},  /* policy number */
    {"IN1", 49, PICK_FIRST, PHS_CAT_MEMBER_ID},  /* insured's id */
    {"IN2", 1, PICK_FIRST, PHS_CAT_MEMBER_ID},   /* insured's employee id */
    {"IN2", 2, PICK_ALL, PHS_CAT_SSN},           /* insured's SSN */
    {"IN2", 8, PICK_FIRST, PHS_CAT_MEMBER_ID},   /* Medicare number */
    {"IN2", 61, PICK_FIRST, PHS_CAT_MEMBER_ID},  /* patient member number */
    {"PV1", 7, PICK_XCN, PHS_CAT_NAME},          /* attending doctor */
    {"PV1", 8, PICK_XCN, PHS_CAT_NAME},          /* referring doctor */
    {"PV1", 9, PICK_XCN, PHS_CAT_NAME},          /* consulting doctor */
    {"PV1", 17, PICK_XCN, PHS_CAT_NAME},         /* admitting doctor */
    {"PV1", 19, PICK_FIRST, PHS_CAT_ENCOUNTER_ID}, /* visit number */
    {"PV1", 44, PICK_TS, PHS_CAT_DATE},          /* admit date/time */
    {"PV1", 45, PICK_TS, PHS_CAT_DATE},          /* discharge date/time */
    {"PV1", 50, PICK_FIRST, PHS_CAT_ENCOUNTER_ID}, /* alternate visit id */
    /* OBX-5 free text is left to the pattern rules: masking the whole value
       would lose the clinical content that makes the log worth keeping. */
};

/* Segments that may stand alone on a line, without the MSH that would say
   which separators they use. Only known ids, so that "ABC|x" in some other
   pipe-separated log is not taken for HL7. */
static const char lone_ids[][4] = {
    "PID", "PD1", "NK1", "GT1", "IN1", "IN2", "IN3", "PV1", "PV2", "OBX", "OBR", "ORC",
    "NTE", "EVN", "MSA", "ERR", "AL1", "DG1", "PR1", "MRG", "ROL", "SPM", "TXA", "FT1",
    "ACC", "UB1", "UB2", "DB1", "PRT", "SFT", "QRD", "QPD", "RXA", "RXE", "RXO", "RXR"};

/* Bytes are compared against ASCII ranges, not <ctype.h>, so that the
   locale cannot make a byte over 0x7f a letter or a separator. */
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(char c) { return is_upper(c) || is_digit(c) || (c >= 'a' && c <= 'z'); }

typedef struct delims {
    char fs, cs, rs, ss; /* field, component, repetition, subcomponent */
    bool doubled;        /* the message was logged as an escaped string (JSON):
                            a backslash of the message is written "\\" */
} delims;

static const delims default_delims = {'|', '^', '~', '&', false};

typedef struct walk {
    const char *s;
    size_t end; /* one past the message: the closing quote or the line end */
    delims d;
    phs_struct_emit emit;
    void *ctx;
} walk;

/* A separator must survive the log line around it: not a letter or digit
   (ids would parse as separators), not blank or a control byte, not the
   quote or backslash that the logger's own escaping uses. */
static bool separator_ok(char c)
{
    unsigned char u = (unsigned char)c;
    return u > 0x20 && u < 0x7f && !is_alnum(c) && c != '"' && c != '\\';
}

/*
 * Reads MSH-1 and MSH-2 at `at` (the 'M' of "MSH"). MSH-2 is four distinct
 * characters (component, repetition, escape, subcomponent), five from v2.7
 * on (a truncation character). A message logged as a JSON string writes its
 * escape character "\\": that pair stands for one backslash, and tells the
 * walker that every backslash of the message is doubled.
 */
static bool parse_msh(const walk *w, size_t at, delims *out)
{
    const char *s = w->s;
    assert(at + 3 <= w->end);
    if (at + 3 == w->end)
        return false;
    char fs = s[at + 3];
    if (!separator_ok(fs))
        return false;
    char enc[5];
    size_t n = 0;
    bool doubled = false;
    size_t i = at + 4;
    while (i < w->end && s[i] != fs && s[i] != '\r' && s[i] != '\n') {
        if (n == sizeof enc)
            return false;
        if (s[i] == '\\' && i + 1 < w->end && s[i + 1] == '\\') {
            doubled = true;
            i++;
        }
        enc[n++] = s[i++];
    }
    if (n < 4)
        return false;
    for (size_t k = 0; k < n; k++) {
        /* the escape character may be the backslash; the others may not */
        if (enc[k] == fs || !(separator_ok(enc[k]) || (k == 2 && enc[k] == '\\')))
            return false;
        for (size_t m = 0; m < k; m++)
            if (enc[m] == enc[k])
                return false;
    }
    out->fs = fs;
    out->cs = enc[0];
    out->rs = enc[1];
    out->ss = enc[3];
    out->doubled = doubled;
    return true;
}

/* A segment id at i: three characters [A-Z][A-Z0-9]{2} followed by the
   field separator, or ending the segment. MSH brings its own separator,
   which parse_msh() checks. */
static bool segment_id_at(const walk *w, size_t i)
{
    const char *s = w->s;
    if (w->end - i < 3 || !is_upper(s[i]) || !(is_upper(s[i + 1]) || is_digit(s[i + 1])) ||
        !(is_upper(s[i + 2]) || is_digit(s[i + 2])))
        return false;
    if (memcmp(s + i, "MSH", 3) == 0)
        return true;
    if (i + 3 == w->end)
        return true;
    char c = s[i + 3];
    return c == w->d.fs || c == '\r' || c == '\n' ||
           (c == '\\' && i + 4 < w->end && (s[i + 4] == 'r' || s[i + 4] == 'n'));
}

/* A message logged with its segments joined by spaces ("...|2.5.1 PID|1||..."):
   spaces, then a standard segment id and the field separator. The ids are
   a fixed list, so free text in an OBX or NTE field ("see ABC|") is no
   break. */
static size_t space_break(const walk *w, size_t i)
{
    static const char ids[][4] = {"PID", "PD1", "NK1", "GT1", "IN1", "IN2", "IN3", "PV1",
                                  "PV2", "EVN", "OBR", "OBX", "ORC", "NTE", "AL1", "DG1",
                                  "PR1", "MRG", "ROL", "SCH", "TXA", "MSA", "ACC", "UB2"};
    const char *s = w->s;
    size_t j = i;
    while (j < w->end && s[j] == ' ')
        j++;
    if (j - i > 3 || w->end - j < 4 || s[j + 3] != w->d.fs)
        return 0;
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
        if (memcmp(s + j, ids[k], 3) == 0)
            return j - i;
    return 0;
}

/*
 * The length of a segment break at i, or 0. CR and LF always break. The
 * escaped "\r" / "\n" of a logged message only when what follows confirms
 * it (a segment id, another break, or the end of the message): a free-text
 * field may hold "\.br\results", and that "\r" is text.
 */
static size_t break_at(const walk *w, size_t i)
{
    const char *s = w->s;
    assert(i < w->end);
    if (s[i] == '\r' || s[i] == '\n')
        return 1;
    if (s[i] == ' ')
        return space_break(w, i);
    if (s[i] != '\\' || i + 1 >= w->end || (s[i + 1] != 'r' && s[i + 1] != 'n'))
        return 0;
    size_t j = i + 2;
    if (j == w->end || s[j] == '\r' || s[j] == '\n')
        return 2;
    if (s[j] == '\\' && j + 1 < w->end && (s[j + 1] == 'r' || s[j + 1] == 'n'))
        return 2;
    return segment_id_at(w, j) ? 2 : 0;
}

/* "[NAME]", "[PATIENT_ID]": a value this library already masked, left as is
   so that redacting twice changes nothing. */
static bool is_mask(const char *p, size_t n)
{
    if (n < 3 || p[0] != '[' || p[n - 1] != ']')
        return false;
    for (size_t i = 1; i + 1 < n; i++)
        if (!is_upper(p[i]) && p[i] != '_')
            return false;
    return true;
}

/* Whether component `comp` of a field read by `r` is PHI, and as what. */
static bool picked(const field_rule *r, size_t comp, const char *p, size_t n, phs_category *cat)
{
    *cat = r->cat;
    switch (r->how) {
    case PICK_FIRST:
    case PICK_TS:
        return comp == 1;
    case PICK_ALL:
        return true;
    case PICK_XPN:
        return comp >= 1 && comp <= 3;
    case PICK_XCN:
        return comp >= 2 && comp <= 4;
    case PICK_XAD:
        *cat = comp == 5 ? PHS_CAT_ZIP : PHS_CAT_ADDRESS;
        return comp == 1 || comp == 2 || comp == 3 || comp == 5 || comp == 9;
    case PICK_XTN: {
        bool digit = false;
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '@') {
                *cat = PHS_CAT_EMAIL;
                return true;
            }
            digit = digit || is_digit(p[i]);
        }
        *cat = PHS_CAT_PHONE;
        return digit;
    }
    }
    return false;
}

/* The identifier type code (HL7 table 0203) in component 5 of the CX whose
   component 1 ends at e, read up to the end of that repetition: an MR is a
   medical record number, an SS a social security number, and so on. */
static phs_category cx_category(const walk *w, size_t e, phs_category dflt)
{
    const char *s = w->s;
    const delims *d = &w->d;
    size_t comp = 1, i = e, t0 = 0;
    for (; i < w->end; i++) {
        char c = s[i];
        if (c == d->fs || c == d->rs || c == '\r' || c == '\n' || c == '\\' || c == '"')
            break;
        if (c == d->cs && ++comp == 5)
            t0 = i + 1;
        else if (c == d->cs && comp == 6)
            break;
    }
    if (comp < 5)
        return dflt;
    size_t n = i - t0;
    const char *t = s + t0;
    static const struct {
        char code[4];
        phs_category cat;
    } codes[] = {{"MR", PHS_CAT_MRN},        {"MRN", PHS_CAT_MRN},        {"MRT", PHS_CAT_MRN},
                 {"SS", PHS_CAT_SSN},        {"AN", PHS_CAT_ACCOUNT_ID},  {"MB", PHS_CAT_MEMBER_ID},
                 {"MC", PHS_CAT_MEMBER_ID},  {"MA", PHS_CAT_MEMBER_ID},   {"SN", PHS_CAT_MEMBER_ID},
                 {"VN", PHS_CAT_ENCOUNTER_ID}, {"DL", PHS_CAT_LICENSE}};
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
        if (strlen(codes[k].code) == n && memcmp(codes[k].code, t, n) == 0)
            return codes[k].cat;
    return dflt;
}

/* Reports [a, e), one component (or subcomponent) of a PHI field, unless
   it is empty, blank, HL7's explicit null "" or already a mask. */
static int atom_done(const walk *w, const field_rule *r, size_t comp, size_t a, size_t e)
{
    const char *s = w->s;
    assert(a <= e && e <= w->end);
    while (a < e && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    size_t n = e - a;
    if (n == 0 || (n == 2 && memcmp(s + a, "\"\"", 2) == 0) ||
        (n == 4 && memcmp(s + a, "\\\"\\\"", 4) == 0) || is_mask(s + a, n))
        return PHS_STRUCT_OK;
    phs_category cat;
    if (!picked(r, comp, s + a, n, &cat))
        return PHS_STRUCT_OK;
    if (r->how == PICK_FIRST && r->cat == PHS_CAT_PATIENT_ID)
        cat = cx_category(w, e, cat);
    return w->emit(a, e, cat, w->ctx) ? PHS_STRUCT_STOPPED : PHS_STRUCT_OK;
}

static const field_rule *rule_for(const field_rule *lo, const field_rule *hi, size_t field)
{
    for (const field_rule *r = lo; r < hi; r++)
        if (r->field == field)
            return r;
    return NULL;
}

/* Walks the segment whose id is at *pos, up to its break or the end of the
   message; leaves *pos on the break. */
static int walk_segment(const walk *w, size_t *pos)
{
    const char *s = w->s;
    size_t i = *pos;
    assert(w->end - i >= 3);
    const field_rule *lo = NULL, *hi = NULL;
    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        if (memcmp(rules[k].seg, s + i, 3) == 0) {
            if (!lo)
                lo = &rules[k];
            hi = &rules[k] + 1;
        }
    }
    /* MSH-1 is the field separator itself, so the first field after the id
       is MSH-2; in every other segment it is field 1. */
    size_t field = memcmp(s + i, "MSH", 3) == 0 ? 1 : 0;
    size_t comp = 1;
    const field_rule *r = NULL;
    i += 3;
    size_t atom = i;
    const delims *d = &w->d;
    while (i < w->end) {
        char c = s[i];
        if (d->doubled && c == '\\' && i + 1 < w->end && s[i + 1] == '\\') {
            i += 2; /* one backslash of the message: text, never a break */
            continue;
        }
        size_t b = break_at(w, i);
        if (!b && c != d->fs && c != d->cs && c != d->rs && c != d->ss) {
            i++;
            continue;
        }
        if (r) {
            int rc = atom_done(w, r, comp, atom, i);
            if (rc != PHS_STRUCT_OK)
                return rc;
        }
        if (b) {
            *pos = i;
            return PHS_STRUCT_OK;
        }
        if (c == d->fs) {
            field++;
            comp = 1;
            r = lo ? rule_for(lo, hi, field) : NULL;
        } else if (c == d->cs) {
            comp++;
        } else if (c == d->rs) {
            comp = 1; /* a repetition starts over at component 1 */
        }
        /* a subcomponent separator splits the value but keeps the component */
        atom = ++i;
    }
    *pos = i;
    return r ? atom_done(w, r, comp, atom, i) : PHS_STRUCT_OK;
}

/* Walks the message from its first segment id at i to w->end. */
static int walk_message(walk *w, size_t i)
{
    const char *s = w->s;
    while (i < w->end) {
        size_t b = break_at(w, i);
        if (b) {
            i += b;
            continue;
        }
        if (!segment_id_at(w, i)) {
            /* Blank text between breaks is harmless; anything else means the
               walker lost track of the message, and a field it would then
               misnumber could let PHI through as non-PHI. */
            while (i < w->end && (s[i] == ' ' || s[i] == '\t'))
                i++;
            if (i < w->end && !break_at(w, i))
                return PHS_STRUCT_MALFORMED;
            continue;
        }
        if (memcmp(s + i, "MSH", 3) == 0 && !parse_msh(w, i, &w->d))
            return PHS_STRUCT_MALFORMED;
        int rc = walk_segment(w, &i);
        if (rc != PHS_STRUCT_OK)
            return rc;
    }
    return PHS_STRUCT_OK;
}

enum start_kind { START_NONE, START_MSH, START_LONE, START_BAD };

/*
 * Finds where a message starts, at or after `from`: "MSH" or a known
 * segment id followed by '|', at the line start or after a byte that is
 * not a letter or digit (the end of a log prefix). An MSH at the line start,
 * or one followed by '|', must carry valid separators (START_BAD otherwise);
 * one elsewhere with some other punctuation ("see MSH-9") is just text.
 */
static enum start_kind find_start(const char *s, size_t len, size_t from, size_t *at, delims *d)
{
    for (size_t i = from; i < len && len - i >= 4; i++) {
        if (i > 0 && is_alnum(s[i - 1]))
            continue;
        if (memcmp(s + i, "MSH", 3) == 0) {
            char c = s[i + 3];
            const walk probe = {s, len, default_delims, NULL, NULL};
            if (parse_msh(&probe, i, d)) {
                *at = i;
                return START_MSH;
            }
            bool prose = c == ' ' || c == '\t' || is_alnum(c);
            if (c == '|' || (i == 0 && !prose))
                return START_BAD;
            continue;
        }
        if (s[i + 3] != '|')
            continue;
        for (size_t k = 0; k < sizeof lone_ids / sizeof lone_ids[0]; k++) {
            if (memcmp(s + i, lone_ids[k], 3) == 0) {
                *d = default_delims;
                *at = i;
                return START_LONE;
            }
        }
    }
    return START_NONE;
}

/* Whether [from, at) leaves a quoted string open: an odd number of quotes
   not escaped by a backslash (an even run of backslashes before each). A
   message inside a JSON or logfmt string ends at the closing quote, and the
   text after it is not the last field's. */
static bool in_string(const char *s, size_t from, size_t at)
{
    bool open = false;
    size_t run = 0;
    for (size_t i = from; i < at; i++) {
        if (s[i] == '"' && run % 2 == 0)
            open = !open;
        run = s[i] == '\\' ? run + 1 : 0;
    }
    return open;
}

/* The end of a message inside a quoted string: the first quote not escaped
   by a backslash. */
static size_t quoted_end(const char *s, size_t len, size_t from)
{
    size_t run = 0;
    for (size_t i = from; i < len; i++) {
        if (s[i] == '"' && run % 2 == 0)
            return i;
        run = s[i] == '\\' ? run + 1 : 0;
    }
    return len;
}

int phs_hl7_scan(const char *line, size_t len, phs_struct_emit emit, void *ctx)
{
    assert(emit);
    if (!line)
        return PHS_STRUCT_NONE;
    int result = PHS_STRUCT_NONE;
    size_t from = 0;
    while (from < len) {
        size_t at = 0;
        delims d;
        enum start_kind k = find_start(line, len, from, &at, &d);
        if (k == START_NONE)
            break;
        if (k == START_BAD)
            return PHS_STRUCT_MALFORMED;
        /* Inside a quoted string (JSON, logfmt) the message ends at the
           closing quote; the escaping that comes with it is doubled
           backslashes, which MSH-2 shows, and a lone segment takes on trust. */
        bool quoted = in_string(line, from, at);
        if (k == START_LONE)
            d.doubled = quoted;
        walk w = {line, quoted ? quoted_end(line, len, at) : len, d, emit, ctx};
        int rc = walk_message(&w, at);
        if (rc != PHS_STRUCT_OK)
            return rc;
        result = PHS_STRUCT_OK;
        from = w.end + 1; /* a line may quote several messages */
    }
    return result;
}

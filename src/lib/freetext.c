/* Names and places in free text: words, their attributes, two linear
   models over them, and the runs of words they pick (see freetext.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freetext.h"
#include "internal.h"
#include "lexicon.h"

#define BIT(a) ((uint64_t)1 << PHS_FT_##a)

static const char *const attr_names[PHS_FT_NATTR] = {
#define PHS_FT_NAME(name) #name,
    PHS_FT_ATTRS(PHS_FT_NAME)
#undef PHS_FT_NAME
};

static const char *const slot_names[PHS_FT_NSLOT] = {"L2", "L1", "SELF", "R1", "R2"};

static const char *const model_names[PHS_FT_NMODEL] = {"NAME", "PLACE"};

/* ------------------------------------------------------------------ words */

static bool alnum_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* The lexicon's tags as attributes. */
static uint64_t lex_attrs(uint32_t t)
{
    static const struct {
        uint32_t tag;
        int attr;
    } map[] = {
        {PHS_LEX_FIRST, PHS_FT_FIRST},       {PHS_LEX_SURNAME, PHS_FT_SURNAME},
        {PHS_LEX_LOGWORD, PHS_FT_LOGWORD},   {PHS_LEX_ENGLISH, PHS_FT_ENGLISH},
        {PHS_LEX_COMMON, PHS_FT_COMMON},     {PHS_LEX_CLINICAL, PHS_FT_CLINICAL},
        {PHS_LEX_PLACE, PHS_FT_PLACE},       {PHS_LEX_STATE, PHS_FT_STATE},
        {PHS_LEX_FACILITY, PHS_FT_FACILITY}, {PHS_LEX_TITLE, PHS_FT_TITLE},
        {PHS_LEX_RELATION, PHS_FT_RELATION}, {PHS_LEX_ROLE, PHS_FT_ROLE},
        {PHS_LEX_CRED, PHS_FT_CRED},         {PHS_LEX_VERB, PHS_FT_VERB},
        {PHS_LEX_AFTER, PHS_FT_AFTER},       {PHS_LEX_DATECUE, PHS_FT_DATECUE},
        {PHS_LEX_PLACECUE, PHS_FT_PLACECUE}, {PHS_LEX_STREET, PHS_FT_STREET},
        {PHS_LEX_MONTH, PHS_FT_MONTH},       {PHS_LEX_WEEKDAY, PHS_FT_WEEKDAY},
        {PHS_LEX_PARTICLE, PHS_FT_PARTICLE}, {PHS_LEX_PATIENT, PHS_FT_PATIENT},
        {PHS_LEX_NOTNAME, PHS_FT_NOTNAME},   {PHS_LEX_TECH, PHS_FT_TECH},
    };
    uint64_t a = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (t & map[i].tag)
            a |= (uint64_t)1 << map[i].attr;
    if (!t)
        a |= BIT(UNKNOWN);
    if ((t & (PHS_LEX_FIRST | PHS_LEX_SURNAME)) && !(t & (PHS_LEX_ENGLISH | PHS_LEX_CLINICAL)))
        a |= BIT(NAMELIKE);
    if (t & (PHS_LEX_TOPFIRST | PHS_LEX_TOPSURNAME))
        a |= BIT(TOPNAME);
    return a;
}

/* The lexicon's tags of a word: the whole word, else (Garcia-Lopez) the
   name and place tags of its parts, English only when every part is. */
static uint32_t word_tags(const char *p, size_t n)
{
    uint32_t t = phs_lex_lookup(p, n);
    if (t || !memchr(p, '-', n))
        return t;
    uint32_t any = 0, all = ~0u;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && p[j] != '-')
            j++;
        uint32_t pt = phs_lex_lookup(p + i, j - i);
        any |= pt;
        all &= pt;
        i = j + 1;
    }
    return (any & (PHS_LEX_FIRST | PHS_LEX_SURNAME | PHS_LEX_PLACE)) |
           (all & (PHS_LEX_ENGLISH | PHS_LEX_COMMON | PHS_LEX_CLINICAL));
}

static uint64_t case_attrs(const char *p, size_t n)
{
    size_t up = 0, low = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (isupper(c))
            up++;
        else if (islower(c))
            low++;
        letters += isalpha(c) || c >= 0x80;
    }
    uint64_t a = 0;
    if (letters == 1 && up == 1)
        a |= BIT(INITIAL);
    else if (low == 0 && up > 0)
        a |= BIT(CASE_UPPER);
    else if (up == 0)
        a |= BIT(CASE_LOWER);
    else if (isupper((unsigned char)p[0]) && up == 1)
        a |= BIT(CASE_TITLE);
    else
        a |= BIT(CASE_MIXED);
    if (letters == 2)
        a |= BIT(LEN2);
    else if (letters == 3)
        a |= BIT(LEN3);
    else if (letters >= 7)
        a |= BIT(LONG);
    return a;
}

/* What stands between two words: "Dr. Smith", "Smith, John", "(Mary)". */
static uint64_t gap_attrs(const char *p, size_t n)
{
    uint64_t a = 0;
    for (size_t i = 0; i < n; i++) {
        switch (p[i]) {
        case ' ':
        case '\t':
            break;
        case ',':
            a |= BIT(GAP_COMMA);
            break;
        case '.':
            a |= BIT(GAP_PERIOD);
            break;
        case '(':
        case ')':
            a |= BIT(GAP_PAREN);
            break;
        case '|':
        case '^':
        case '{':
        case '}':
        case '[':
        case ']':
        case '<':
        case '>':
        case '"':
        case '\\':
        case '~':
        case '`':
            a |= BIT(GAP_STRUCT);
            break;
        case ':':
        case '=':
            a |= BIT(GAP_COLON);
            break;
        default:
            a |= BIT(GAP_OTHER);
        }
    }
    return a;
}

static int push_word(phs_ftscratch *s, size_t start, size_t end, uint64_t attrs)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        phs_ftword *v = realloc(s->w, nc * sizeof *v);
        if (!v)
            return PHS_E_NOMEM;
        s->w = v;
        s->cap = nc;
    }
    s->w[s->n++] = (phs_ftword){.start = start, .end = end, .attrs = attrs};
    return PHS_OK;
}

/* A token: letters and digits with ' or - between two of them. */
static size_t token_end(const char *p, size_t i, size_t len)
{
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        if (alnum_byte(c)) {
            i++;
        } else if ((c == '\'' || c == '-') && i + 1 < len && alnum_byte((unsigned char)p[i + 1]) &&
                   i > 0 && alnum_byte((unsigned char)p[i - 1])) {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* The attributes of the token [b, e) that are its own. */
static uint64_t token_attrs(const char *p, size_t b, size_t e)
{
    bool digit = false;
    for (size_t i = b; i < e && !digit; i++)
        digit = isdigit((unsigned char)p[i]) != 0;
    if (digit)
        return BIT(NUM);
    size_t n = e - b;
    uint64_t a = 0;
    if (n > 2 && p[e - 2] == '\'' && (p[e - 1] == 's' || p[e - 1] == 'S')) {
        a |= BIT(POSSESSIVE);
        n -= 2;
    }
    int shape = phs_lex_name_shape(p + b, n);
    if (shape >= 12)
        a |= BIT(SHAPE_NAME);
    else if (shape >= 6)
        a |= BIT(SHAPE_NAMEISH);
    else if (shape <= 0)
        a |= BIT(SHAPE_WORD);
    return a | case_attrs(p + b, n) | lex_attrs(word_tags(p + b, n));
}

/* A byte of structure, not of prose: a field or markup separator. */
static bool struct_byte(char c) { return c && strchr("|^{}[]<>\"\\~`=", c) != NULL; }

/* A sentence ends in the gap: ".", "!", "?" or ";" not after a title or an
   initial ("Dr. Smith", "J. Smith" go on). */
static bool ends_sentence(const char *g, size_t n, uint64_t prev)
{
    for (size_t i = 0; i < n; i++) {
        char c = g[i];
        if (c == '!' || c == '?' || c == ';')
            return true;
        if (c == '.' && !(prev & (BIT(TITLE) | BIT(INITIAL))))
            return true;
    }
    return false;
}

/* A part of a dotted name or path: com.example.Patient, /srv/smith, a_b. */
static bool glued(const char *p, size_t len, size_t b, size_t e)
{
    const char *joins = "._/\\@:";
    if (b >= 2 && strchr(joins, p[b - 1]) && alnum_byte((unsigned char)p[b - 2]))
        return true;
    return e + 1 < len && strchr(joins, p[e]) && alnum_byte((unsigned char)p[e + 1]) &&
           !(p[e] == '.' && e + 1 < len && p[e + 1] == ' ');
}

/* The words of short delimited fields (|Smith^John|, ^Blue Cross PPO^):
   values of a record, not prose. A field of four words or more (an HL7
   OBX-5 or NTE comment) is prose. */
static void mark_fields(phs_ftscratch *s, const char *line, size_t len)
{
    size_t field_start = 0;
    bool open = false; /* a delimiter before the current field */
    for (size_t i = 0; i <= len; i++) {
        bool delim = i < len && (line[i] == '|' || line[i] == '^' || line[i] == '~');
        if (!delim && i < len)
            continue;
        size_t k = field_start;
        while (k < s->n && s->w[k].start < i)
            k++;
        if (open && delim && k - field_start <= 3)
            for (size_t j = field_start; j < k; j++)
                s->w[j].attrs |= BIT(FIELD);
        field_start = k;
        open = delim;
    }
}

int phs_ft_words(phs_ftscratch *s, const char *line, size_t len)
{
    s->n = 0;
    size_t up = 0, low = 0, jargon = 0, words = 0, structs = 0;
    size_t prev_end = 0;
    uint64_t prev = BIT(NONE);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)line[i];
        if (!alnum_byte(c)) {
            structs += struct_byte((char)c) || c == '/' || c == ':';
            i++;
            continue;
        }
        size_t e = token_end(line, i, len);
        uint64_t a = token_attrs(line, i, e);
        for (size_t k = i; k < e; k++) {
            up += isupper((unsigned char)line[k]) != 0;
            low += islower((unsigned char)line[k]) != 0;
        }
        size_t gap = i - prev_end;
        if (s->n == 0 || gap > 4 || ends_sentence(line + prev_end, gap, prev))
            a |= BIT(SENT_START);
        if (s->n)
            a |= gap_attrs(line + prev_end, gap);
        if (e < len && struct_byte(line[e]))
            a |= BIT(END_STRUCT);
        if (glued(line, len, i, e))
            a |= BIT(IN_IDENT);
        if (i > 0 && line[i - 1] == '[' && e < len && line[e] == ']')
            a |= BIT(LABEL); /* [NAME]: what phiscrub wrote */
        if (!(a & BIT(NUM))) {
            words++;
            jargon += (a & (BIT(CLINICAL) | BIT(UNKNOWN))) != 0;
        }
        if (push_word(s, i, e, a))
            return PHS_E_NOMEM;
        prev = a;
        prev_end = e;
        i = e;
    }
    uint64_t line_case = 0;
    if (up + low >= 8 && up * 10 >= (up + low) * 7)
        line_case = BIT(LINE_UPPER);
    else if (up + low >= 8 && up * 20 <= up + low)
        line_case = BIT(LINE_LOWER);
    mark_fields(s, line, len);
    /* notes dense with abbreviations: an unknown word there is jargon first */
    if (words >= 4 && jargon * 10 >= words * 3)
        line_case |= BIT(LINE_JARGON);
    /* sentences, or records: separators of fields and paths per word */
    if (words >= 4 && structs * 5 <= words)
        line_case |= BIT(LINE_PROSE);
    else if (structs * 2 >= words)
        line_case |= BIT(LINE_STRUCT);
    for (size_t k = 0; k < s->n; k++)
        s->w[k].attrs |= line_case;
    return PHS_OK;
}

/* ---------------------------------------------------------------- features */

/* The attributes a neighbour shows: its own, minus the line's (the word
   has those) and NONE when there is no neighbour in the sentence. */
#define CONTEXT_MASK                                                                      \
    (~(BIT(LINE_UPPER) | BIT(LINE_LOWER) | BIT(LINE_JARGON) | BIT(LINE_PROSE) |            \
       BIT(LINE_STRUCT)))

static uint64_t neighbour(const phs_ftscratch *s, size_t i, int d)
{
    /* a neighbour in the same sentence: no sentence start between */
    if (d < 0) {
        for (int k = 0; k < -d; k++) {
            if (i == 0 || (s->w[i].attrs & BIT(SENT_START)))
                return BIT(NONE);
            i--;
        }
    } else {
        for (int k = 0; k < d; k++) {
            if (i + 1 >= s->n || (s->w[i + 1].attrs & BIT(SENT_START)))
                return BIT(NONE);
            i++;
        }
    }
    return s->w[i].attrs & CONTEXT_MASK;
}

bool phs_ft_eligible(const phs_ftscratch *s, size_t i)
{
    uint64_t a = s->w[i].attrs;
    if (a & (BIT(NUM) | BIT(TECH) | BIT(LABEL)))
        return false; /* a number, a product, a mask: context only */
    /* a state stays (Safe Harbor keeps it); NY, CA never are names */
    if ((a & BIT(STATE)) && ((a & BIT(LEN2)) || !(neighbour(s, i, -1) & (BIT(TITLE) | BIT(RELATION)))))
        return false;
    /* a whole field of a record (|Smith^John|): the structure walkers and
       the row rules know fields, this engine knows prose */
    if (a & BIT(FIELD))
        return false;
    /* a name or place of the lexicon that is no everyday word (Rose, Will
       and Union need a cue, as unknown words do) */
    const uint64_t own = BIT(FIRST) | BIT(SURNAME) | BIT(PLACE);
    if (((a & own) && !(a & (BIT(COMMON) | BIT(LOGWORD)))) || (a & (BIT(INITIAL) | BIT(FACILITY))))
        return true;
    uint64_t l1 = neighbour(s, i, -1), r1 = neighbour(s, i, 1);
    uint64_t l2 = neighbour(s, i, -2), r2 = neighbour(s, i, 2);
    const uint64_t before = BIT(TITLE) | BIT(RELATION) | BIT(ROLE) | BIT(PATIENT) |
                            BIT(PLACECUE) | BIT(FACILITY);
    const uint64_t after = BIT(CRED) | BIT(AFTER) | BIT(FACILITY);
    /* a cue inside an identifier (ehr.api.patients) is no cue */
    if (l1 & BIT(IN_IDENT))
        l1 &= ~before;
    if ((l1 & before) || (r1 & after) || (r2 & BIT(FACILITY)))
        return true;
    /* the second word of a name: "Barbara Hosty", "d. renna", "Dr. Art
       White", "Stord-Painter MD" */
    if ((l1 & (BIT(FIRST) | BIT(INITIAL))) ||
        ((l1 & BIT(SURNAME)) && (l2 & before)) ||
        ((r1 & (BIT(FIRST) | BIT(SURNAME))) && (r2 & after)))
        return true;
    /* a Title-case word after a verb that takes a person, in mixed case */
    return (l1 & BIT(VERB)) && (a & BIT(CASE_TITLE)) && !(a & BIT(LINE_UPPER));
}

static size_t each_bit(uint64_t a, int *out)
{
    size_t n = 0;
    while (a) {
        out[n++] = __builtin_ctzll(a);
        a &= a - 1;
    }
    return n;
}

size_t phs_ft_features(const phs_ftscratch *s, size_t i, uint32_t *ids, size_t cap)
{
    uint64_t slot[PHS_FT_NSLOT] = {
        neighbour(s, i, -2), neighbour(s, i, -1), s->w[i].attrs, neighbour(s, i, 1),
        neighbour(s, i, 2)};
    int bits[PHS_FT_NSLOT][64];
    size_t nb[PHS_FT_NSLOT];
    size_t n = 0;
#define ADD(id)                    \
    do {                           \
        if (n < cap)               \
            ids[n] = (uint32_t)(id); \
        n++;                       \
    } while (0)
    ADD(PHS_FT_BIAS);
    for (int k = 0; k < PHS_FT_NSLOT; k++) {
        nb[k] = each_bit(slot[k], bits[k]);
        for (size_t j = 0; j < nb[k]; j++)
            ADD(PHS_FT_SINGLE(k, bits[k][j]));
    }
    for (size_t a = 0; a < nb[PHS_FT_SELF]; a++) {
        int x = bits[PHS_FT_SELF][a];
        for (size_t b = 0; b < nb[PHS_FT_L1]; b++)
            ADD(PHS_FT_PAIR_L(x, bits[PHS_FT_L1][b]));
        for (size_t b = 0; b < nb[PHS_FT_R1]; b++)
            ADD(PHS_FT_PAIR_R(x, bits[PHS_FT_R1][b]));
        for (size_t b = a + 1; b < nb[PHS_FT_SELF]; b++)
            ADD(PHS_FT_PAIR_S(x, bits[PHS_FT_SELF][b]));
    }
#undef ADD
    return n;
}

void phs_ft_feature_name(uint32_t id, char *out, size_t cap)
{
    if (id == PHS_FT_BIAS) {
        snprintf(out, cap, "BIAS");
    } else if (id < PHS_FT_PAIR_L(0, 0)) {
        snprintf(out, cap, "%s:%s", slot_names[id / PHS_FT_NATTR], attr_names[id % PHS_FT_NATTR]);
    } else if (id < PHS_FT_PAIR_R(0, 0)) {
        uint32_t k = id - PHS_FT_PAIR_L(0, 0);
        snprintf(out, cap, "SELF:%s&L1:%s", attr_names[k / PHS_FT_NATTR],
                 attr_names[k % PHS_FT_NATTR]);
    } else if (id < PHS_FT_PAIR_S(0, 0)) {
        uint32_t k = id - PHS_FT_PAIR_R(0, 0);
        snprintf(out, cap, "SELF:%s&R1:%s", attr_names[k / PHS_FT_NATTR],
                 attr_names[k % PHS_FT_NATTR]);
    } else if (id < PHS_FT_BIAS) {
        uint32_t k = id - PHS_FT_PAIR_S(0, 0);
        snprintf(out, cap, "SELF:%s&SELF:%s", attr_names[k / PHS_FT_NATTR],
                 attr_names[k % PHS_FT_NATTR]);
    } else if (cap) {
        out[0] = '\0';
    }
}

/* ------------------------------------------------------------- the model */

static int find_name(const char *const *names, size_t n, const char *p, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], p, len) == 0)
            return (int)i;
    return -1;
}

/* "SLOT:ATTR" -> slot and attribute; -1 when it is not one. */
static int parse_part(const char *p, size_t n, int *slot, int *attr)
{
    const char *colon = memchr(p, ':', n);
    if (!colon)
        return -1;
    *slot = find_name(slot_names, PHS_FT_NSLOT, p, (size_t)(colon - p));
    *attr = find_name(attr_names, PHS_FT_NATTR, colon + 1, n - (size_t)(colon + 1 - p));
    return *slot < 0 || *attr < 0 ? -1 : 0;
}

static long parse_feature(const char *p, size_t n)
{
    if (n == 4 && memcmp(p, "BIAS", 4) == 0)
        return PHS_FT_BIAS;
    const char *amp = memchr(p, '&', n);
    int s1, a1, s2, a2;
    if (!amp)
        return parse_part(p, n, &s1, &a1) ? -1 : PHS_FT_SINGLE(s1, a1);
    if (parse_part(p, (size_t)(amp - p), &s1, &a1) ||
        parse_part(amp + 1, n - (size_t)(amp + 1 - p), &s2, &a2) || s1 != PHS_FT_SELF)
        return -1;
    if (s2 == PHS_FT_L1)
        return PHS_FT_PAIR_L(a1, a2);
    if (s2 == PHS_FT_R1)
        return PHS_FT_PAIR_R(a1, a2);
    if (s2 == PHS_FT_SELF && a1 < a2)
        return PHS_FT_PAIR_S(a1, a2);
    return -1;
}

/* log(p / (1 - p)) for 0 < p < 1, without libm: the models compare scores
   on that scale, so a probability is never computed. */
static float logit(float p)
{
    double x = p / (1.0 - p), l = 0;
    /* ln x = 2 atanh((x-1)/(x+1)), after scaling x into [0.5, 2) */
    while (x >= 2) {
        x /= 2;
        l += 0.69314718055994531;
    }
    while (x < 0.5) {
        x *= 2;
        l -= 0.69314718055994531;
    }
    double y = (x - 1) / (x + 1), y2 = y * y, t = y, s = 0;
    for (int k = 1; k < 40; k += 2) {
        s += t / k;
        t *= y2;
    }
    return (float)(l + 2 * s);
}

/* One line of the model text: "MODEL FEATURE WEIGHT", or
   "threshold MODEL VALUE" for prose and "threshold-other MODEL VALUE" for
   other lines. */
static int parse_model_line(char *line, phs_ftmodel *m)
{
    char *f[4] = {0};
    size_t nf = 0;
    for (char *t = strtok(line, " \t"); t && nf < 4; t = strtok(NULL, " \t"))
        f[nf++] = t;
    if (nf != 3)
        return -1;
    char *end;
    float v = strtof(f[2], &end);
    if (*end || !(v > -1e6f && v < 1e6f))
        return -1;
    bool other = strcmp(f[0], "threshold-other") == 0;
    if (other || strcmp(f[0], "threshold") == 0) {
        int k = find_name(model_names, PHS_FT_NMODEL, f[1], strlen(f[1]));
        if (k < 0 || v <= 0 || v >= 1)
            return -1;
        (other ? m->threshold_other : m->threshold)[k] = logit(v);
        return 0;
    }
    int k = find_name(model_names, PHS_FT_NMODEL, f[0], strlen(f[0]));
    long id = parse_feature(f[1], strlen(f[1]));
    if (k < 0 || id < 0)
        return -1;
    m->w[k][id] = v;
    return 0;
}

int phs_ftmodel_parse(const char *text, size_t len, phs_ftmodel *out, phs_error *err)
{
    memset(out, 0, sizeof *out); /* threshold 0: a probability of one half */
    size_t no = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        no++;
        char buf[256];
        size_t n = e - i;
        if (n && text[i] != '#') {
            if (n >= sizeof buf)
                return phs_fail(err, PHS_E_RULES, "<freetext model>", no, NULL, "line too long");
            memcpy(buf, text + i, n);
            buf[n] = '\0';
            if (parse_model_line(buf, out))
                return phs_fail(err, PHS_E_RULES, "<freetext model>", no, NULL,
                                "expected 'MODEL FEATURE WEIGHT' or 'threshold[-other] MODEL VALUE'");
        }
        i = e + 1;
    }
    return PHS_OK;
}

/* ------------------------------------------------------------------ scan */

void phs_ftscratch_free(phs_ftscratch *s)
{
    free(s->w);
    free(s->score);
    memset(s, 0, sizeof *s);
}

/* The models' scores of word i, as logits. */
static void score_word(const phs_ftscratch *s, const phs_ftmodel *m, size_t i, float *out)
{
    uint32_t ids[512];
    size_t n = phs_ft_features(s, i, ids, sizeof ids / sizeof ids[0]);
    if (n > sizeof ids / sizeof ids[0])
        n = sizeof ids / sizeof ids[0];
    for (int k = 0; k < PHS_FT_NMODEL; k++) {
        float z = 0;
        for (size_t j = 0; j < n; j++)
            z += m->w[k][ids[j]];
        out[k] = z;
    }
}

/* The model that takes word i, or -1. */
static int label_of(const phs_ftmodel *m, const phs_ftscratch *s, size_t i)
{
    const float *p = s->score + i * PHS_FT_NMODEL;
    const float *t = (s->w[i].attrs & BIT(LINE_PROSE)) ? m->threshold : m->threshold_other;
    int best = -1;
    for (int k = 0; k < PHS_FT_NMODEL; k++)
        if (p[k] >= t[k] && (best < 0 || p[k] > p[best]))
            best = k;
    return best;
}

/* Two words of one label make one span when only a short gap of spaces,
   periods, commas, hyphens or apostrophes lies between them. */
static bool joins(const char *line, size_t a, size_t b)
{
    if (b - a > 3)
        return false;
    for (size_t i = a; i < b; i++)
        if (!strchr(" .,-'", line[i]))
            return false;
    return true;
}

int phs_ft_scan(phs_ftscratch *s, const phs_ftmodel *model, const char *line, size_t len,
                phs_ft_emit emit, void *ctx)
{
    if (phs_ft_words(s, line, len))
        return PHS_E_NOMEM;
    if (s->n * PHS_FT_NMODEL > s->score_cap) {
        float *v = realloc(s->score, s->n * PHS_FT_NMODEL * sizeof *v);
        if (!v)
            return PHS_E_NOMEM;
        s->score = v;
        s->score_cap = s->n * PHS_FT_NMODEL;
    }
    for (size_t i = 0; i < s->n; i++) {
        float *sc = s->score + i * PHS_FT_NMODEL;
        if (!phs_ft_eligible(s, i)) {
            for (int k = 0; k < PHS_FT_NMODEL; k++)
                sc[k] = -1e30f; /* a number is context, never a name or place */
        } else {
            score_word(s, model, i, sc);
        }
    }
    static const phs_category cats[PHS_FT_NMODEL] = {PHS_CAT_NAME, PHS_CAT_LOCATION};
    for (size_t i = 0; i < s->n;) {
        int k = label_of(model, s, i);
        if (k < 0) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < s->n && label_of(model, s, j) == k &&
               joins(line, s->w[j - 1].end, s->w[j].start))
            j++;
        int rc = emit(s->w[i].start, s->w[j - 1].end, cats[k], ctx);
        if (rc)
            return rc;
        i = j;
    }
    return PHS_OK;
}

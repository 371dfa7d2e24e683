/* Internal interfaces shared by the engine's modules. Not installed. */
#ifndef PHISCRUB_INTERNAL_H
#define PHISCRUB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phiscrub.h"

#define PHS_ID_MAX 64
#define PHS_DEFAULT_WINDOW 32
#define PHS_DEFAULT_MAX_LINE ((size_t)128 << 20)
#define PHS_DEFAULT_BLOCK ((size_t)256 << 10)

typedef enum phs_validator {
    PHS_V_NONE = 0,
    PHS_V_SSN,
    PHS_V_LUHN,
    PHS_V_DATE,
    PHS_V_NANP,
    PHS_V_IPV4,
    PHS_V_IPV6,
    PHS_V_AGE89,
    PHS_V_HASDIGIT,
    PHS_V_NAME,          /* the span starts with a dictionary name: needs the
                            block's dictionary hits, so confirm.c checks it */
    PHS_V_NAME_UNCOMMON, /* ... that is not also a common word */
    PHS_V_PERSON,        /* words that can be a name (phs_names_plausible) */
    PHS_V_CARD,          /* Luhn and an issuer range of the right length */
    PHS_V_IBAN,          /* country length and MOD 97-10 */
    PHS_V_VIN,           /* VIN alphabet, check digit, model year */
    PHS_V_GS1_UDI,       /* (01) GTIN-14 check digit and its AIs */
    PHS_V_HIBCC,         /* HIBCC mod-43 check character */
    PHS_V_DL,            /* a state driver's licence shape */
    PHS_V_PLACE,         /* a US place name in title case (phs_place_plausible) */
    PHS_V_FULL_NAME,     /* a whole value that is a name (phs_names_full) */
    PHS_V_COUNT
} phs_validator;

/* How a rule finds its spans once its prefilter fired. */
typedef enum phs_engine {
    PHS_ENGINE_REGEX = 0, /* its PCRE2 pattern */
    PHS_ENGINE_NAMES,     /* the name dictionaries and name forms (names.c) */
    PHS_ENGINE_HL7,       /* HL7 v2 fields (hl7.c) */
    PHS_ENGINE_JSON,      /* JSON keys (json.c) and the rules' key classes */
    PHS_ENGINE_FREETEXT,  /* names and places in free text (freetext.c) */
    PHS_ENGINE_VIEWS,     /* every rule again over the decoded line (view.c) */
    PHS_ENGINE_ROWS       /* fields of a delimited row by their neighbours (row.c) */
} phs_engine;

/* A `keys` directive: JSON key class. */
typedef struct phs_keys {
    phs_category category;
    char *parent;        /* regex for the enclosing key, or NULL */
    char *rtype;         /* regex for the FHIR resourceType, or NULL */
    char *key;           /* regex for the key */
    char file[256];
    size_t line;
} phs_keys;

#define PHS_SHAPE_MAX_GROUPS 6

/* A digit-group shape such as 3-2-4 or (3)3-4: see shape.c. */
typedef struct phs_shape {
    uint8_t ngroups;
    uint8_t min[PHS_SHAPE_MAX_GROUPS], max[PHS_SHAPE_MAX_GROUPS];
    char sep[PHS_SHAPE_MAX_GROUPS];
    bool lparen;
} phs_shape;

/* Parse one shape spec; on error returns PHS_E_RULES with *why set. */
int phs_shape_parse(const char *spec, phs_shape *out, const char **why);

typedef struct phs_rule {
    char id[PHS_ID_MAX];
    phs_category category;
    char *pattern;       /* PCRE2; the span is group "phi" if present */
    char *prefilter;     /* Hyperscan expression; NULL = derived */
    char **shapes;       /* digit-group shapes (shape.c), instead of Hyperscan */
    size_t nshapes;
    char **context;      /* prefilter literals (any one must be on the line) */
    size_t ncontext;
    char **not_context;  /* veto words in the window before the span */
    size_t nnot_context;
    size_t window;
    phs_validator validator;
    int priority;
    bool timestamp_keep; /* DATE: a date followed by a time of day is kept */
    bool bare_date;      /* DATE with no person context: off under PHS_DATES_CONTEXT */
    bool enabled;
    phs_engine engine;
    char **examples;     /* lines the rule must find (`example`) */
    size_t nexamples;
    char **not_examples; /* lines it must not find (`not-example`) */
    size_t nnot_examples;
    size_t *example_lines; /* file line of each, examples then not-examples */
    char file[256];
    size_t line;
} phs_rule;

/* The site policy's directives (docs/policy.md, "Site policy"), as parsed;
   allow.c compiles them into the db. */
typedef enum phs_site_kind {
    PHS_SITE_ALLOW = 0,     /* allow CATEGORY = value */
    PHS_SITE_ALLOW_PATTERN, /* allow-pattern CATEGORY [broad] = PCRE2 */
    PHS_SITE_ALLOW_WORD,    /* allow-words = Baker, Jordan: never a name */
    PHS_SITE_DENY_NAME,     /* deny-names = ...: always a name */
    PHS_SITE_KEEP_KEY,      /* keep-keys: the value is kept */
    PHS_SITE_SCAN_KEY,      /* scan-keys: listed for strict-keys */
    PHS_SITE_REDACT_KEY,    /* redact-keys: the value is always redacted */
    PHS_SITE_KIND_COUNT
} phs_site_kind;

typedef struct phs_site_entry {
    phs_site_kind kind;
    phs_category category; /* PHS_CAT_COUNT: every category ("all") */
    bool broad;            /* allow-pattern: matching many values is meant */
    char *text;            /* the value, pattern, word or key */
    size_t len;
    unsigned item;         /* 1-based place in a comma list line */
    char file[256];
    size_t line;
} phs_site_entry;

typedef struct phs_site {
    phs_site_entry *v;
    size_t n, cap;
    int strict;            /* strict-keys: -1 not said, 0 no, 1 yes */
    char strict_file[256];
    size_t strict_line;
} phs_site;

/* Ids of the rules the site policy adds to a set (allow.c); a ':' is not
   allowed in a rules file's ids, so they cannot clash. */
#define PHS_SITE_KEYS_RULE PHS_KEY_POLICY_RULE
#define PHS_SITE_NAMES_RULE "site:names"

struct phs_rules {
    phs_rule *v;
    size_t n, cap;
    phs_keys *keys;
    size_t nkeys, capkeys;
    phs_action policy[PHS_CAT_COUNT]; /* `action` lines; PHS_ACT_DEFAULT = none */
    phs_site site;       /* allow lists and key policy */
};

/* error helper: fills err (may be NULL) and returns code */
int phs_fail(phs_error *err, int code, const char *file, size_t line,
             const char *rule_id, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* validators (validate.c); each looks only at [p, p+n) */
bool phs_valid_ssn(const char *p, size_t n);
bool phs_valid_luhn(const char *p, size_t n);
bool phs_valid_date(const char *p, size_t n);
bool phs_valid_nanp(const char *p, size_t n);
bool phs_valid_ipv4(const char *p, size_t n);
bool phs_valid_ipv6(const char *p, size_t n);
bool phs_valid_age89(const char *p, size_t n);
bool phs_valid_hasdigit(const char *p, size_t n);
bool phs_valid_card(const char *p, size_t n);
bool phs_valid_iban(const char *p, size_t n);
bool phs_valid_vin(const char *p, size_t n);
bool phs_valid_gs1_udi(const char *p, size_t n);
bool phs_valid_hibcc(const char *p, size_t n);
bool phs_valid_dl(const char *p, size_t n);
/* [p, p+n) can be a person's name by its words (names.c): none of them is a
   clinical word, none written in capitals is an English or cue word, and
   one at least is no English word, each unless it is among the commonest
   names (DOWN TO, SEE FLOW, GOOD EFFECT, IV Oxacillin, Which Logon Failed
   are words; JOHN SMITH, Dr. Foley, Will Smith are names). */
bool phs_names_plausible(const char *p, size_t n);
/* For a value that a key says is a person's (a role key): false only when
   every word of three letters or more is a common English, product or
   never-name word and not every one is also among the commonest names
   (Price Engine, Billing Worker, Test User are not names; Rose Price, Dawn
   Beier, Guoqin Pan, Yara de Vos are). */
bool phs_names_full(const char *p, size_t n);
/* Is [p, p+n) a US city, town or county of the place list (one entry, in
   title case), and as a single word no English word (Mobile, Reading) and
   no person's name (Jackson)? */
bool phs_place_plausible(const char *p, size_t n);
bool phs_validate(phs_validator v, const char *p, size_t n);
int phs_validator_from_name(const char *name, phs_validator *out);
/* true when [p, end) starts with a time of day: [T ]HH:MM or :HH:MM */
bool phs_followed_by_time(const char *p, const char *end);

/* A finding inside one line, before resolution. */
typedef struct phs_span {
    size_t start, end;   /* offsets within the block */
    uint32_t rule;
    int priority;
    phs_category category; /* the rule's, or the field's for a walker */
    bool quote;            /* a bare JSON scalar: the replacement is quoted */
} phs_span;

/* Sort spans by start and merge overlapping ones: the merged span covers the
   union and takes the rule of the highest priority (then longest, then first
   rule). Returns the new count. */
size_t phs_resolve(phs_span *v, size_t n);

/* Partial mask: keep the last four alphanumerics, star the other
   alphanumerics, keep punctuation. Writes exactly n bytes. */
void phs_partial_mask(const char *src, size_t n, char *dst);

/* The bundled rules text, generated from patterns/ at build time. */
extern const char phs_bundled_rules[];
extern const size_t phs_bundled_rules_len;

#endif

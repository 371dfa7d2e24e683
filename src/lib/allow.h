/* The site policy (docs/policy.md, "Site policy"): allow lists of values,
   patterns and name words, a deny list of local names, and the key policy
   (kept, scanned and redacted keys; strict mode). Parsed by rules.c into
   phs_rules.site, compiled here into the db, and applied to a line's
   resolved spans (allow.c) and to the keys of JSON, logfmt and records
   (keypol.c). Not installed. */
#ifndef PHISCRUB_ALLOW_H
#define PHISCRUB_ALLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* Longest allow entry, key or name: no finding is longer than a few hundred
   bytes (key values stop at 200), and a longer entry is a mistake. */
#define PHS_SITE_ENTRY_MAX 1024

/* Span categories past the real ones: a value the key policy replaces by
   PHS_REDACTED_MARK, as it is (inside quotes or logfmt), or quoted (a JSON
   number or literal, so the record stays JSON). */
#define PHS_SPAN_REDACT ((phs_category)(PHS_CAT_COUNT + 4))
#define PHS_SPAN_REDACT_Q ((phs_category)(PHS_CAT_COUNT + 5))
/* Above every rule's priority (0-1000): a redacted value wins overlaps. */
#define PHS_SPAN_REDACT_PRIORITY 2000

/* ------------------------------------------------------- parsing (rules.c) */

/* "allow", "allow-pattern", ... as the rules file spells the directive. */
const char *phs_site_kind_name(phs_site_kind k);
/* Append one entry (copied). */
int phs_site_add(phs_site *s, phs_site_kind kind, phs_category cat, bool broad, const char *v,
                 size_t n, unsigned item, const char *file, size_t line);
void phs_site_clear(phs_site *s);
/* Drop the entries from the n-th on. */
void phs_site_truncate(phs_site *s, size_t n);
/* The rules the policy needs in the set: PHS_SITE_NAMES_RULE (the deny
   list, as a whole-word pattern rule) when which = 0, PHS_SITE_KEYS_RULE
   (finds nothing itself; its prefilter brings the lines whose keys the
   policy reads to the confirm step) when which = 1. *made is false when
   the policy needs no such rule. */
int phs_site_make_rule(const phs_site *s, int which, phs_rule *out, bool *made, phs_error *err);

/* ---------------------------------------------------------- compiled (db) */

typedef struct phs_hset phs_hset;

/* One entry the audit counts (--report): an allow value, pattern or word,
   or a kept key. */
typedef struct phs_site_ref {
    phs_site_kind kind;
    phs_category category;
    char file[256];
    size_t line;
    unsigned item;
} phs_site_ref;

typedef struct phs_site_pats {
    pcre2_code *alt;  /* every pattern of the category as one alternation,
                         or NULL (then each is tried) */
    uint32_t *idx;    /* into phs_sitedb.pat_re */
    size_t n;
} phs_site_pats;

struct phs_hset {
    struct phs_hslot *v;
    size_t mask, n;
    char *pool;
    size_t pool_len, pool_cap;
};

typedef struct phs_sitedb {
    phs_site_ref *refs;     /* audit entries */
    size_t nrefs;
    phs_hset values;        /* (category, normal form) -> ref */
    bool has_values[PHS_CAT_COUNT]; /* any allow value of the category */
    phs_hset words;         /* a name word, folded -> ref */
    phs_hset keys;          /* a key, folded -> its kind, and ref for kept keys */
    pcre2_code **pat_re;    /* each allow pattern, anchored at both ends */
    uint32_t *pat_ref;
    size_t npat;
    phs_site_pats pats[PHS_CAT_COUNT];
    bool strict;
    bool has_keys;          /* kept, scanned or redacted keys, or strict */
    uint32_t keys_rule;     /* PHS_SITE_KEYS_RULE's index, or UINT32_MAX */
    uint32_t names_rule;    /* PHS_SITE_NAMES_RULE's index, or UINT32_MAX */
} phs_sitedb;

/* Build db->site from rules->site (NULL when the rules hold no policy).
   Bad entries fail with PHS_E_RULES or PHS_E_COMPILE naming file and line. */
int phs_site_compile(phs_db *db, const phs_rules *rules, phs_error *err);
void phs_site_free(phs_sitedb *s);

/* ------------------------------------------------------- per stream state */

typedef struct phs_site_range {
    size_t start, end;   /* block offsets of a value */
    uint32_t ref;        /* kept: the key's audit entry */
    bool redact;         /* else kept */
    bool quote;          /* redact: write the mark in quotes */
} phs_site_range;

typedef struct phs_site_state {
    uint64_t *kept;      /* per audit entry */
    uint64_t redacted;   /* values replaced by PHS_REDACTED_MARK */
    phs_site_range *r;   /* the current line's key ranges */
    size_t nr, capr;
} phs_site_state;

/* NULL (and PHS_OK) when the db has no policy. */
int phs_site_state_create(const phs_db *db, phs_site_state **out);
void phs_site_state_free(phs_site_state *st);
void phs_site_state_reset(const phs_db *db, phs_site_state *st);

/* The policy over the resolved spans of the line [ls, le) of blk: findings
   the allow lists or kept keys keep go, values the key policy redacts come
   in. PHS_LINE_OK, or PHS_LINE_FAIL (a JSON record that strict mode cannot
   read, no memory): the caller masks the line whole. */
phs_line_result phs_site_line(const phs_db *db, phs_matcher *m, phs_site_state *st,
                              const char *blk, size_t ls, size_t le);

/* Does an allow entry keep [p, p + n), a finding of cat? Counts the entry. */
bool phs_site_allowed(const phs_db *db, phs_matcher *m, phs_site_state *st, phs_category cat,
                      const char *p, size_t n);

/* -------------------------------------------------------- keys (keypol.c) */

/* What the key policy says of a key: PHS_KEY_KEEP (and *ref, its audit
   entry), PHS_KEY_REDACT, or PHS_KEY_SCAN (the detectors decide). */
phs_key_verdict phs_site_key(const phs_sitedb *sd, const char *key, size_t klen, uint32_t *ref);

/* Walk the line [ls, le) of blk as JSON records, else as logfmt pairs,
   into st->r. PHS_OK, PHS_E_NOMEM, or PHS_E_RULES for a JSON record that
   does not parse in strict mode. */
int phs_keypol_line(const phs_sitedb *sd, phs_site_state *st, const char *blk, size_t ls,
                    size_t le);

/* Folding hash of a key or word (ASCII case), shared by the sets. */
uint64_t phs_site_hash(uint8_t tag, const char *p, size_t n);
/* The slot of (tag, p, n) in h, compared ignoring ASCII case; NULL when
   absent. *val receives its value. */
bool phs_hset_get(const phs_hset *h, uint8_t tag, const char *p, size_t n, uint32_t *val);

#endif

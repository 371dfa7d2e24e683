/* The compiled database and the per-stream matcher state. Not installed. */
#ifndef PHISCRUB_ENGINE_H
#define PHISCRUB_ENGINE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs/hs.h>
#include <pcre2.h>

#include "act.h"
#include "freetext.h"
#include "grow.h"
#include "internal.h"
#include "view.h"

/* Compiled-database cache (cache.c). A hit maps the file: `db` points into
   the mapping, and `extra` to the bytes stored with it. */
typedef struct phs_cache_entry {
    hs_database_t *db;
    void *map;
    size_t map_len;
    const unsigned char *extra;
    size_t extra_len;
} phs_cache_entry;

#define PHS_MAX_LABEL 24
#define PHS_PCRE_MATCH_LIMIT 1000000u
#define PHS_PCRE_DEPTH_LIMIT 10000u

/* The shape separators, in the order of phs_sep_index. */
#define PHS_SEPS "-./: )"
#define PHS_NSEP 6
static inline int phs_sep_index(char c)
{
    switch (c) {
    case '-': return 0;
    case '.': return 1;
    case '/': return 2;
    case ':': return 3;
    case ' ': return 4;
    case ')': return 5;
    default: return -1;
    }
}

typedef struct phs_shape_rule {
    phs_shape shape;
    uint32_t rule;
    bool timestamp_keep;
} phs_shape_rule;

typedef struct phs_crule {
    char id[PHS_ID_MAX];
    phs_category category;
    pcre2_code *re;
    uint32_t phi_group;  /* 0 = the whole match */
    phs_validator validator;
    int priority;
    size_t window;
    char **context;
    size_t ncontext;
    char **not_context;
    size_t nnot_context;
    bool timestamp_keep;
    bool active;         /* enabled in the rules and by the options */
    phs_engine engine;   /* PHS_ENGINE_REGEX: PCRE2; else a structure walker */
} phs_crule;

/* A JSON key class (rules directive `keys`): a key matching `key`, inside a
   value whose key matches `parent` and a FHIR resource whose type matches
   `rtype` (each when set), holds `category`. */
typedef struct phs_ckeys {
    phs_category category;
    pcre2_code *parent, *rtype, *key;
} phs_ckeys;

struct phs_db {
    hs_database_t *hs;   /* NULL when no rule needs Hyperscan */
    phs_cache_entry hs_map; /* hs is this mapped cache file when set */
    phs_shape_rule *shapes; /* shape prefilters of the active rules, */
    size_t nshapes, capshapes; /* grouped by their first separator: */
    size_t shape_lo[PHS_NSEP], shape_hi[PHS_NSEP];
    phs_crule *rules;
    size_t nrules;
    uint32_t max_groups; /* for pcre2_match_data */
    phs_options opts;    /* cache_dir is cleared: the db keeps no caller pointer */
    bool cache_hit;      /* the Hyperscan database came from the cache */
    phs_ckeys *keys;
    size_t nkeys;
    bool names_on;        /* some active rule needs the name dictionaries */
    uint32_t names_rule;  /* the active names-engine rule, or UINT32_MAX */
    uint32_t freetext_rule; /* the active free-text rule, or UINT32_MAX */
    phs_ftmodel *ftmodel; /* its models (patterns/freetext/model.txt) */
    unsigned cache_status; /* PHS_CACHE_REPLACED, PHS_CACHE_UNUSABLE */
    char cache_note[200];  /* the first problem, for phs_db_cache_status */
    phs_actdb act;        /* policy and keys of the act step */
    struct phs_sitedb *site; /* the site policy (allow.h), or NULL */
    char labels[PHS_CAT_COUNT][PHS_MAX_LABEL];
    size_t label_len[PHS_CAT_COUNT];
};

/* A whole-word dictionary hit in the current block. */
/* Offsets in a block fit 32 bits (a block is at most 4 GiB - 1, what
   Hyperscan scans), and a long line needs one of these per word. */
typedef struct phs_nhit {
    uint32_t start, end;
    uint8_t kind;
    uint32_t tags; /* the lexicon's */
} phs_nhit;

/* One candidate (line, rule) pair from the prefilter. */
typedef struct phs_cand {
    size_t line_start;
    uint32_t rule;
} phs_cand;

typedef struct phs_matcher {
    const phs_db *db;
    hs_scratch_t *scratch;
    phs_nhit *hits;
    size_t nhits, caphits;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    phs_cand *cands;
    size_t ncands, capcands;
    phs_cand *merge_tmp;  /* for merging the two scans; swapped with cands */
    size_t captmp;
    phs_span *spans;
    size_t nspans, capspans;
    phs_ftscratch ft;     /* the free-text engine's words of a line */
    phs_view view;        /* the decoded line of the views engine */
    struct phs_matcher *viewm; /* its matcher, made on first need */
    bool in_view;         /* this is a view's matcher: no views, no walkers */
    uint64_t *line_stamp; /* per rule: 1 + index of the last candidate line */
    /* prefilter callback state */
    const char *blk;
    size_t blk_len;
    size_t cur_ls, cur_le; /* current candidate line [ls, le) */
    uint64_t cur_serial;
    bool unsorted;
    bool oom;
    size_t meta;          /* bytes held by the arrays above (PHS_MGROW) */
    size_t budget;        /* ... at most this; 0 = PHS_META_BUDGET */
} phs_matcher;

/*
 * The matcher's per-block arrays (words, hits, candidates, spans) grow
 * within m->budget bytes in all: PHS_META_BUDGET for a block of ordinary
 * lines (256 KiB of them need a few MiB), the line's own length for a long
 * line (stream.c). A line dense with capitalised words or findings could
 * otherwise need several times its size in them; past the budget the block
 * fails closed (masked whole), and a stream's peak memory stays within
 * 2x its longest line and a constant (docs/phi-data-flow.md).
 */
#define PHS_META_BUDGET ((size_t)32 << 20)

static inline int phs_mgrow_(size_t *meta, size_t budget, void *pp, size_t *cap, size_t used,
                             size_t need, size_t elem, size_t min)
{
    if (need <= *cap)
        return 0;
    if (!budget)
        budget = PHS_META_BUDGET;
    size_t left = budget > *meta ? (budget - *meta) / elem : 0;
    if (need - *cap > left)
        return -1;
    size_t nc = *cap ? *cap * 2 : min;
    if (nc < need)
        nc = need;
    if (nc - *cap > left)
        nc = *cap + left; /* what the budget allows, which holds `need` */
    size_t before = *cap;
    if (phs_grow_to_(pp, cap, used, nc, elem, true))
        return -1;
    *meta += (*cap - before) * elem;
    return 0;
}

/* PHS_GROW for the matcher's arrays, within the budget. */
#define PHS_MGROW(m, p, cap, used, need) \
    phs_mgrow_(&(m)->meta, (m)->budget, &(p), &(cap), (used), (need), sizeof *(p), 16)
/* phs_buf_reserve for the matcher's buffers, within the budget. */
#define PHS_MBUF_RESERVE(m, b, extra)                                                  \
    ((b)->len + (extra) < (b)->len                                                    \
         ? -1                                                                         \
         : phs_mgrow_(&(m)->meta, (m)->budget, &(b)->p, &(b)->cap, (b)->len,           \
                      (b)->len + (extra), 1, PHS_GROW_MIN))

int phs_matcher_init(phs_matcher *m, const phs_db *db);
void phs_matcher_done(phs_matcher *m);

/* Outcome of confirming one line. */
typedef enum phs_line_result {
    PHS_LINE_OK = 0,      /* spans in m->spans[0..nspans) (may be none) */
    PHS_LINE_FAIL = 1     /* could not be processed: mask whole */
} phs_line_result;

/* Run the prefilter over a block of whole lines; fills m->cands sorted by
   line. Returns PHS_OK or PHS_E_INTERNAL / PHS_E_NOMEM. */
int phs_prefilter(phs_matcher *m, const char *blk, size_t len);

/* A Hyperscan compile that failed for want of memory (db.c). */
bool phs_hs_nomem(hs_error_t he, const hs_compile_error_t *ce);

/* The cache (cache.c). Keys start from phs_cache_key_start() (which holds
   the file format) and take everything the compile depends on through
   phs_cache_hash. */
typedef enum phs_cache_state {
    PHS_CST_MISS = 0, /* no file: compile, and store */
    PHS_CST_HIT,      /* out is the mapped file */
    PHS_CST_BAD,      /* a file is there that cannot be used (why): compile
                           and store, which replaces it */
    PHS_CST_UNUSABLE  /* the folder cannot be used (why) */
} phs_cache_state;
void phs_cache_hash(uint64_t *h, const void *p, size_t n);
uint64_t phs_cache_key_start(void);
phs_cache_state phs_cache_map(const char *dir, uint64_t key, const char *kind,
                              phs_cache_entry *out, const char **why);
/* The same from a read-only seed folder (opts->seed_dir), whose files may
   also be root's; never written. */
phs_cache_state phs_cache_map_seed(const char *dir, uint64_t key, const char *kind,
                                   phs_cache_entry *out, const char **why);
void phs_cache_unmap(phs_cache_entry *e);
/* NULL when stored (or when there was nothing to store for want of memory),
   else why the folder could not take it. */
const char *phs_cache_store(const char *dir, uint64_t key, const char *kind,
                            const hs_database_t *db, const void *extra, size_t extra_len);
/* Note what the cache did for one database in db (db.c): the first
   problem is kept for phs_db_cache_status. */
void phs_db_cache_note(phs_db *db, uint64_t key, phs_cache_state st, const char *why,
                       const char *store_why);

/* Add (line of byte `at`, rule) to the candidates. */
void phs_add_candidate(phs_matcher *m, size_t at, uint32_t rule);
/* Shape prefilter over a block; appends to m->cands. */
void phs_shape_scan(phs_matcher *m, const char *blk, size_t len);

/* Name dictionaries (names.c). */
int phs_names_scan(phs_matcher *m, const char *blk, size_t len);
/* Is there a dictionary word starting at byte s of the block (with
   `uncommon`, one that is not also a common word)? */
bool phs_names_starts_at(const phs_matcher *m, size_t s, bool uncommon);
typedef int (*phs_add_span_fn)(phs_matcher *m, size_t s, size_t e, uint32_t rule, int prio,
                               phs_category cat);
/* The name forms on the line [ls, le): spans through add. */
int phs_names_confirm(phs_matcher *m, const char *blk, size_t ls, size_t le, uint32_t rule,
                      int priority, phs_category cat, phs_add_span_fn add);

/* Take into each NAME span of the line [ls, le) the unlisted words of the
   same name beside it (Claudio Nunez Munguia, Ziqian Wei). */
void phs_names_extend(const char *blk, size_t ls, size_t le, phs_span *v, size_t n);

/* The category the rules' `keys` classes give a key (PHS_CAT_COUNT for none
   or a category switched off). */
phs_category phs_classify_key(phs_matcher *m, const char *key, size_t klen, const char *parent,
                              size_t plen, const char *rtype, size_t rtlen);

/* Confirm the candidate rules [c, c+n) on the line [ls, le) of blk. */
phs_line_result phs_confirm_line(phs_matcher *m, const char *blk, size_t ls, size_t le,
                                 const phs_cand *c, size_t n);

#endif

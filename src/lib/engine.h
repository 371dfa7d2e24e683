/* The compiled database and the per-stream matcher state. Not installed. */
#ifndef PHISCRUB_ENGINE_H
#define PHISCRUB_ENGINE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <hs/hs.h>
#include <pcre2.h>

#include "internal.h"

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
} phs_crule;

struct phs_db {
    hs_database_t *hs;   /* NULL when no rule needs Hyperscan */
    phs_shape_rule *shapes; /* shape prefilters of the active rules, */
    size_t nshapes;         /* grouped by their first separator: */
    size_t shape_lo[PHS_NSEP], shape_hi[PHS_NSEP];
    phs_crule *rules;
    size_t nrules;
    uint32_t max_groups; /* for pcre2_match_data */
    phs_options opts;    /* cache_dir is cleared: the db keeps no caller pointer */
    bool cache_hit;      /* the Hyperscan database came from the cache */
    char labels[PHS_CAT_COUNT][PHS_MAX_LABEL];
    size_t label_len[PHS_CAT_COUNT];
};

/* Growable byte buffer. */
typedef struct phs_buf {
    char *p;
    size_t len, cap;
} phs_buf;

int phs_buf_reserve(phs_buf *b, size_t extra);
int phs_buf_append(phs_buf *b, const void *p, size_t n);

/* One candidate (line, rule) pair from the prefilter. */
typedef struct phs_cand {
    size_t line_start;
    uint32_t rule;
} phs_cand;

typedef struct phs_matcher {
    const phs_db *db;
    hs_scratch_t *scratch;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    phs_cand *cands;
    size_t ncands, capcands;
    phs_cand *merge_tmp;  /* capcands entries, for merging the two scans */
    phs_span *spans;
    size_t nspans, capspans;
    uint64_t *line_stamp; /* per rule: 1 + index of the last candidate line */
    /* prefilter callback state */
    const char *blk;
    size_t blk_len;
    size_t cur_ls, cur_le; /* current candidate line [ls, le) */
    uint64_t cur_serial;
    bool unsorted;
    bool oom;
} phs_matcher;

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

/* Compiled-database cache (cache.c). */
void phs_cache_hash(uint64_t *h, const void *p, size_t n);
bool phs_cache_load(const char *dir, uint64_t key, hs_database_t **out);
void phs_cache_store(const char *dir, uint64_t key, const hs_database_t *db);

/* Add (line of byte `at`, rule) to the candidates. */
void phs_add_candidate(phs_matcher *m, size_t at, uint32_t rule);
/* Shape prefilter over a block; appends to m->cands. */
void phs_shape_scan(phs_matcher *m, const char *blk, size_t len);

/* Confirm the candidate rules [c, c+n) on the line [ls, le) of blk. */
phs_line_result phs_confirm_line(phs_matcher *m, const char *blk, size_t ls, size_t le,
                                 const phs_cand *c, size_t n);

#endif

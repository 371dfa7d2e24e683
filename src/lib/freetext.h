/* Names and places in free text (freetext.c): a line is cut into words,
   each word described by what the lexicon knows of it, its case and its
   neighbours, and two linear models (weights in patterns/freetext/, tuned on
   labelled text) score each word as part of a person's name or of a place.
   Runs of such words become NAME and LOCATION spans. Not installed. */
#ifndef PHISCRUB_FREETEXT_H
#define PHISCRUB_FREETEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phiscrub.h"

/* What a word position can be: the lexicon's classes, the word's case and
   length, and what stands between it and its left neighbour. */
#define PHS_FT_ATTRS(X)                                                                      \
    X(FIRST) X(SURNAME) X(LOGWORD) X(ENGLISH) X(COMMON) X(CLINICAL) X(PLACE) X(STATE)        \
    X(FACILITY) X(TITLE) X(RELATION) X(ROLE) X(CRED) X(VERB) X(AFTER) X(DATECUE)            \
    X(PLACECUE) X(STREET) X(MONTH) X(WEEKDAY) X(PARTICLE) X(PATIENT) X(NOTNAME) X(UNKNOWN)  \
    X(NAMELIKE) X(TOPNAME) X(CASE_TITLE) X(CASE_UPPER) X(CASE_LOWER) X(CASE_MIXED) X(INITIAL) X(LEN2)  \
    X(LEN3) X(LONG) X(NUM) X(NONE) X(LINE_UPPER) X(LINE_LOWER) X(SENT_START) X(GAP_COMMA)   \
    X(GAP_PERIOD) X(GAP_PAREN) X(GAP_COLON) X(GAP_OTHER) X(POSSESSIVE) X(TECH)              \
    X(SHAPE_NAME) X(SHAPE_NAMEISH) X(SHAPE_WORD) X(GAP_STRUCT) X(END_STRUCT) X(LINE_JARGON)      \
    X(LINE_PROSE) X(LINE_STRUCT) X(IN_IDENT) X(FIELD) X(LABEL)

enum {
#define PHS_FT_ENUM(name) PHS_FT_##name,
    PHS_FT_ATTRS(PHS_FT_ENUM)
#undef PHS_FT_ENUM
    PHS_FT_NATTR
};

/* Positions a feature looks at: two words left, the word, two right. */
enum { PHS_FT_L2, PHS_FT_L1, PHS_FT_SELF, PHS_FT_R1, PHS_FT_R2, PHS_FT_NSLOT };

/* Feature ids: one per (slot, attribute), then one per pair of an
   attribute of the word with an attribute of its left or right neighbour,
   then one per pair of two attributes of the word itself (a < b), then the
   bias. */
#define PHS_FT_SINGLE(slot, a) ((slot) * PHS_FT_NATTR + (a))
#define PHS_FT_PAIR_L(a, b) (PHS_FT_NSLOT * PHS_FT_NATTR + (a) * PHS_FT_NATTR + (b))
#define PHS_FT_PAIR_R(a, b) (PHS_FT_PAIR_L(0, 0) + PHS_FT_NATTR * PHS_FT_NATTR + (a) * PHS_FT_NATTR + (b))
#define PHS_FT_PAIR_S(a, b) (PHS_FT_PAIR_R(0, 0) + PHS_FT_NATTR * PHS_FT_NATTR + (a) * PHS_FT_NATTR + (b))
#define PHS_FT_BIAS (PHS_FT_PAIR_S(0, 0) + PHS_FT_NATTR * PHS_FT_NATTR)
#define PHS_FT_NFEAT (PHS_FT_BIAS + 1)

/* The models: what a word can be part of. */
enum { PHS_FT_MODEL_NAME, PHS_FT_MODEL_PLACE, PHS_FT_NMODEL };

/* The compiled models: weights per feature, and the thresholds, one for
   lines of prose and one for the rest (records, fields, markup), where a
   word needs more evidence. */
typedef struct phs_ftmodel {
    float w[PHS_FT_NMODEL][PHS_FT_NFEAT];
    float threshold[PHS_FT_NMODEL];       /* as logits: log(p / (1 - p)) */
    float threshold_other[PHS_FT_NMODEL];
} phs_ftmodel;

/* Parse the models' text (patterns/freetext/model.txt: docs/detection.md).
   Returns PHS_OK, or PHS_E_RULES with err saying the line. */
int phs_ftmodel_parse(const char *text, size_t len, phs_ftmodel *out, phs_error *err);

/* One word of a line. */
typedef struct phs_ftword {
    size_t start, end;   /* offsets in the line */
    uint64_t attrs;      /* bit (1 << PHS_FT_x) */
} phs_ftword;

/* Per-stream scratch: the words of the current line. */
typedef struct phs_ftscratch {
    phs_ftword *w;
    size_t n, cap;
    float *score;        /* PHS_FT_NMODEL per word */
    size_t score_cap;
} phs_ftscratch;

void phs_ftscratch_free(phs_ftscratch *s);

/* Cut [line, line+len) into words and describe them. PHS_OK or PHS_E_NOMEM. */
int phs_ft_words(phs_ftscratch *s, const char *line, size_t len);

/* Can word i be part of a name or place at all? A number never is; a word
   the lexicon does not know as a name or place only beside a cue: a title,
   relation, role or the patient before it, a credential or "aware" after
   it, a facility word or a place cue, or a name word next to it. The models
   score only these words. */
bool phs_ft_eligible(const phs_ftscratch *s, size_t i);

/* The feature ids of word i (after phs_ft_words): writes at most cap, returns
   how many there are. */
size_t phs_ft_features(const phs_ftscratch *s, size_t i, uint32_t *ids, size_t cap);

/* Receives a span [start, end) of the line and its category; non-zero stops. */
typedef int (*phs_ft_emit)(size_t start, size_t end, phs_category cat, void *ctx);

/* Score every word of the line and report the runs of name and place words.
   Returns PHS_OK, PHS_E_NOMEM, or what emit returned. */
int phs_ft_scan(phs_ftscratch *s, const phs_ftmodel *model, const char *line, size_t len,
                phs_ft_emit emit, void *ctx);

/* The name of a feature id, for the training tool and error messages
   ("L1:TITLE", "SELF:FIRST&R1:CRED", "BIAS"); writes a NUL-ended string. */
void phs_ft_feature_name(uint32_t id, char *out, size_t cap);

#endif

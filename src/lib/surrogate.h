/* Surrogates: realistic fakes of the same shape, the same for the same
   value under the same key (act.c's `surrogate` action). Not installed. */
#ifndef PHISCRUB_SURROGATE_H
#define PHISCRUB_SURROGATE_H

#include <stddef.h>
#include <stdint.h>

#include "phiscrub.h"

/* A keyed pseudo-random function: 32 bytes that depend only on the key,
   `label` and the message. act.c backs it with HMAC-SHA256 under the
   surrogate subkey. Returns PHS_OK or a negative phs_status. */
typedef struct phs_prf {
    int (*fn)(void *ctx, const char *label, const void *msg, size_t len, uint8_t out[32]);
    void *ctx;
} phs_prf;

/* Read-only tables built once per db (the name lists as arrays). */
typedef struct phs_surr phs_surr;

int phs_surr_create(phs_surr **out);
void phs_surr_free(phs_surr *s);

/* Write the surrogate of the span [p, p + n) of category `cat` into out
   (at most cap bytes; cap >= 4 * n + 64 always fits). Returns the length
   written, or 0 on a PRF failure (the caller then masks). `date_shift` is
   the key's day offset for DATE; `ref_year` pivots two-digit years. */
size_t phs_surrogate(const phs_surr *s, const phs_prf *prf, phs_category cat,
                     const char *p, size_t n, int date_shift, int ref_year,
                     char *out, size_t cap);

#endif

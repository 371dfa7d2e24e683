/* -j N: one input stream redacted on N worker threads, written in order.
   The same bytes, findings and counts as one thread (docs/benchmarks.md,
   "Parallel stream"). */
#ifndef PHISCRUB_CLI_PARALLEL_H
#define PHISCRUB_CLI_PARALLEL_H

#include <stddef.h>
#include <stdio.h>

#include "io.h"
#include "phiscrub.h"
#include "report.h"

/* How one input ended, for the exit status. */
/* RUN_STOPPED: a stop signal ended the reading (exit 128 + the signal) */
typedef enum { RUN_OK, RUN_INPUT_ERR, RUN_OUTPUT_ERR, RUN_INTERNAL, RUN_STOPPED } run_status;

#define PAR_MAX_JOBS 64
#define PAR_DEFAULT_BLOCK ((size_t)256 << 10)
#define PAR_MIN_BLOCK ((size_t)1 << 10)
#define PAR_MAX_BLOCK ((size_t)1 << 30)

typedef struct par_pool par_pool;

/* The CPUs this process may run on (its affinity mask), at least 1. */
unsigned par_cpus(void);

/* Start `workers` threads (2..PAR_MAX_JOBS), each with its own stream over
   the shared db, taking `block` bytes of whole lines at a time. Findings
   go to `findings` when it is not NULL. NULL when memory or threads ran
   out (nothing is left running). */
par_pool *par_create(const phs_db *db, unsigned workers, size_t block, FILE *findings);

/* Redact one input (a path, "-" for stdin; `enc` as source_open_as takes
   it) into `out`, adding its counts to `t`. Errors are printed as the one-thread path prints them. Returns
   when every block of the input has been written. */
run_status par_input(par_pool *p, const char *path, int enc, sink *out, totals *t);

/* Stop the threads and clear every buffer that held input or output. */
void par_free(par_pool *p);

#endif

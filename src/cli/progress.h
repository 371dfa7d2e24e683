/* Progress and the closing summary, on a terminal only.

   While `phiscrub` reads files, or `phiscrub scan` works through a tree, a
   ticker thread rewrites one line of standard error every 200 ms: files or
   bytes done, the rate. It is off when standard error is not a terminal,
   with --quiet, and for the pipe when the input is not a regular file (a
   `tail -F` has no end to count towards). progress_end() clears the line,
   and progress_summary() writes one line of findings by category.

   One run of the program has one progress: the state is the module's own,
   so the hooks in the commands are one line each. Every function may be
   called whether or not progress is on; the hot paths cost an atomic add.
   Nothing here ever sees input bytes: counts, sizes and file names only. */
#ifndef PHISCRUB_CLI_PROGRESS_H
#define PHISCRUB_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phiscrub.h"

typedef enum progress_kind {
    PROGRESS_PIPE, /* bytes of the current input, of its size */
    PROGRESS_SCAN  /* files done, of how many, and bytes */
} progress_kind;

enum {
    PROGRESS_QUIET = 1,    /* --quiet: no progress, no summary */
    PROGRESS_NO_TICKER = 2 /* the summary only (the pipe writing to the terminal) */
};

/* `label` starts each line ("phiscrub", "phiscrub scan"); `nfiles` the
   number of inputs or files; `flags` PROGRESS_*. When standard error is not
   a terminal, nothing is ever shown. */
void progress_begin(progress_kind kind, const char *label, size_t nfiles, unsigned flags);

/* The pipe: the next input is `name`, read from `fd`. */
void progress_input(const char *name, int fd);
/* The pipe: after each read from that input's descriptor. */
void progress_read(int fd);

/* scan: one more file done, `bytes` of it read (any thread). */
void progress_file_done(uint64_t bytes);

/* Stop the ticker and clear its line; before any other output on stderr.
   progress_pause() clears the line for a message, the next tick redraws. */
void progress_end(void);
void progress_pause(void);

/* Whether progress and summaries are shown in this run (stderr is a
   terminal and not --quiet). */
bool progress_on_terminal(void);

/* "LABEL: 12 findings in 3,000 lines: SSN 5, NAME 4, DATE 3" on stderr, when
   progress_on_terminal(); `counts` per category (PHS_CAT_COUNT entries),
   `units` and `nunits` say what was read ("lines", 3000). */
void progress_summary(const uint64_t counts[PHS_CAT_COUNT], uint64_t findings,
                      const char *units, uint64_t nunits);

/* The categories part of a summary into buf: "SSN 5, NAME 4, DATE 3", by
   count then category order; "" when there is none. */
void progress_categories(char *buf, size_t cap, const uint64_t counts[PHS_CAT_COUNT]);

#endif

/* Helpers that more than one subcommand of the program needs: the cache
   folder, rules error reports and category lists. */
#ifndef PHISCRUB_CLI_CLIUTIL_H
#define PHISCRUB_CLI_CLIUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "phiscrub.h"

/* $PHISCRUB_CACHE_DIR, $XDG_CACHE_HOME/phiscrub or $HOME/.cache/phiscrub,
   written into buf when it has to be built; NULL when none can be named. */
const char *cli_cache_dir(char *buf, size_t cap);

/* Print a rules load or compile error to stderr: file, line, rule, reason. */
void cli_rules_error(const char *what, int rc, const phs_error *e);

/* Apply a comma list of category names (or "all") to o->categories.
   Returns false with a message in err (no input bytes) for a bad list. */
bool cli_categories(phs_options *o, const char *list, bool on, char *err, size_t errcap);

/* Parse a byte count with an optional K, M or G suffix, 1..max.
   Returns false when s is not one; *out_of_range (may be NULL) tells a
   well-formed count outside 1..max from text that is no count at all. */
bool cli_parse_size(const char *s, unsigned long long max, size_t *out, bool *out_of_range);

#endif

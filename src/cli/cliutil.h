/* Helpers that more than one subcommand of the program needs: the cache
   folder, rules error reports and category lists. */
#ifndef PHISCRUB_CLI_CLIUTIL_H
#define PHISCRUB_CLI_CLIUTIL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "phiscrub.h"

/* $PHISCRUB_CACHE_DIR, $XDG_CACHE_HOME/phiscrub or $HOME/.cache/phiscrub,
   written into buf when it has to be built; NULL when none can be named. */
const char *cli_cache_dir(char *buf, size_t cap);

/* The read-only folder of databases compiled at build time: $PHISCRUB_SEED_DIR
   (empty = none), else share/phiscrub/cache beside this program's bin/
   folder when there is one (an install under any prefix), else dflt (the
   library's, from phs_options_init). Written into buf when built. */
const char *cli_seed_dir(char *buf, size_t cap, const char *dflt);

/* Print a rules load or compile error to stderr: file, line, rule, reason. */
void cli_rules_error(const char *what, int rc, const phs_error *e);

/* The rules of a run: the bundled set with the files or folders of paths
   (the --rules options, npaths of them) added, or (no_default) those alone.
   Returns the program's exit status: 0, else after printing why, 2 for
   rules that cannot be used and 4 for out of memory. `prog` prefixes the
   messages ("phiscrub", "phiscrub scan"). */
int cli_load_rules(const char *prog, const char *const *paths, size_t npaths, bool no_default,
                   phs_rules **out);

/* Say once on stderr what the cache met while db was made (a damaged or
   foreign cache file, a folder that cannot be used), if anything. */
void cli_cache_report(const char *prog, const phs_db *db, const char *dir);

/* Apply a comma list of category names (or "all") to o->categories.
   Returns false with a message in err (no input bytes) for a bad list. */
bool cli_categories(phs_options *o, const char *list, bool on, char *err, size_t errcap);

/* getopt_long takes any unambiguous prefix of a long option, so a
   mistyped --key SECRET would be --key-file SECRET, and the error about that
   "file" would print the secret. Run before getopt_long: returns false,
   after printing the option's name (never what follows it or its value),
   when an argument is a long option not spelt out in full. */
bool cli_exact_long_options(const char *prog, int argc, char *const *argv, const char *shortopts,
                            const struct option *longopts);

/* Parse a byte count with an optional K, M or G suffix, 1..max.
   Returns false when s is not one; *out_of_range (may be NULL) tells a
   well-formed count outside 1..max from text that is no count at all. */
bool cli_parse_size(const char *s, unsigned long long max, size_t *out, bool *out_of_range);

#endif

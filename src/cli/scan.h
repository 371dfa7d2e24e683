/* phiscrub scan and phiscrub baseline: find PHI in files and folders before
   they are committed. scan.c walks the paths and runs the library over each
   file on a pool of threads; scanout.c prints the results as text, JSON or
   SARIF. No structure here ever holds a matched value: a finding is a place,
   a category and a rule (and, for the baseline, a keyed fingerprint). */
#ifndef PHISCRUB_CLI_SCAN_H
#define PHISCRUB_CLI_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "baseline.h"
#include "phiscrub.h"

/* The subcommands; argv[0] is the subcommand's name. Return the exit status. */
int scan_main(int argc, char **argv);
int baseline_main(int argc, char **argv);

/* Exit statuses, as the main program's (main.c) plus 1 for findings. */
enum scan_exit {
    SCAN_EXIT_CLEAN = 0,
    SCAN_EXIT_FINDINGS = 1, /* --exit-zero / --findings-exit N change it */
    SCAN_EXIT_INPUT = 2,    /* usage, rules, an unreadable or too large file */
    SCAN_EXIT_OUTPUT = 3,   /* the report or a fixed file could not be written */
    SCAN_EXIT_INTERNAL = 4  /* out of memory, a matcher failure */
};

/* Why a finding is not reported as one. */
typedef enum scan_suppress {
    SUP_NONE = 0,
    SUP_INLINE,   /* phiscrub:allow on its line or allow-next-line above */
    SUP_BASELINE  /* its fingerprint is in the baseline file */
} scan_suppress;

typedef struct scan_finding {
    uint64_t line;         /* 1-based */
    uint64_t column;       /* 1-based byte column */
    uint64_t char_column;  /* 1-based column in code points (SARIF) */
    uint64_t char_length;  /* code points of the masked span */
    uint64_t offset;       /* byte offset in the decoded file */
    size_t length;         /* bytes */
    phs_category category; /* PHS_CAT_COUNT for a line masked whole */
    size_t rule_index;     /* SIZE_MAX for a line masked whole */
    const char *rule_id;   /* owned by the db */
    scan_suppress suppressed;
    bool has_fp;           /* fp is set (a key was given) */
    unsigned char fp[32];  /* HMAC of rule, path and value: never the value */
} scan_finding;

typedef enum scan_state {
    FILE_PENDING = 0,
    FILE_SCANNED,
    FILE_BINARY,   /* scanned in its text runs (strings(1)): lines count runs */
    FILE_ERROR     /* err says why; the exit status is 2 */
} scan_state;

/* A surrogate that --fix --policy surrogate wrote, to be recorded in the
   baseline: a later scan finds a realistic fake like the real thing. */
typedef struct scan_accepted {
    char fingerprint[65];
    const char *rule_id;   /* owned by the db */
    phs_category category;
} scan_accepted;

typedef struct scan_file {
    char *path;              /* as shown and fingerprinted: no "./", no "//" */
    scan_state state;
    bool fatal;              /* an internal error (exit 4) */
    char err[300];           /* never input bytes */
    scan_finding *findings;  /* in line, then column order */
    size_t nfindings, cap;
    size_t fixed;            /* findings masked by --fix in this file */
    bool fix_failed;         /* the rewrite failed: the original is untouched */
    scan_accepted *accepted; /* surrogates written by --fix, for the baseline */
    size_t naccepted, capaccepted;
} scan_file;

typedef enum scan_format { FMT_TEXT, FMT_JSON, FMT_SARIF } scan_format;

/* Everything the printers need; filled by scan.c. */
typedef struct scan_result {
    const phs_db *db;
    scan_file *files;        /* sorted by path */
    size_t nfiles;
    const baseline *base;    /* NULL without --baseline */
    bool fix;
    size_t findings, suppressed_inline, suppressed_baseline, binary, errors;
    const uint64_t *allow_kept; /* what each allow entry of db kept (the audit) */
    size_t nallow;
    uint64_t kept_by_policy;    /* their sum */
} scan_result;

/* Write the results; false when the stream failed. */
bool scan_print(FILE *f, scan_format fmt, const scan_result *r);

/* The text of a category for reports, "UNPROCESSED" for a line masked whole. */
const char *scan_category_name(phs_category c, const char *rule_id);

#endif

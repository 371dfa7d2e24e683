/* The --report (JSON) and --findings (JSON lines) writers. Neither is ever
   given a matched value: only names, counts and offsets. */
#ifndef PHISCRUB_CLI_REPORT_H
#define PHISCRUB_CLI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "phiscrub.h"

typedef struct totals {
    phs_stats st;
    uint64_t *rule_counts; /* phs_db_rule_count entries */
    uint64_t *allow_kept;  /* phs_db_allow_count entries */
    size_t nallow;
    uint64_t redacted;     /* values the key policy replaced */
    uint64_t inputs;
    uint64_t input_errors;
} totals;

/* Write s as a JSON string (quotes included), escaping as RFC 8259 says
   and replacing bytes that are not valid UTF-8 by U+FFFD. */
void json_string(FILE *f, const char *s);

void findings_line(FILE *f, const char *input, const phs_finding *fd);
/* The site policy's audit as the member "allow" of an open JSON object
   (a leading comma): each allow entry of db by its place in the rules,
   never its value, with what it kept (kept[i], n entries). */
void write_allow_list(FILE *f, const phs_db *db, const uint64_t *kept, size_t n);
int write_report(const char *path, const phs_db *db, const totals *t);

#endif

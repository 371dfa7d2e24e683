/* The baseline file of phiscrub scan (baseline.c; format in docs/scan.md):
   accepted findings by keyed fingerprint, rule, path and category. */
#ifndef PHISCRUB_CLI_BASELINE_H
#define PHISCRUB_CLI_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

/* An accepted finding. Neither path nor rule is PHI; the fingerprint is an
   HMAC under the user's key, never a plain hash of the value. */
typedef struct baseline_entry {
    char fingerprint[65];  /* 64 lower-case hex digits */
    char *rule;
    char *path;
    char *category;
    bool seen;     /* matched by a finding in this run */
    bool scanned;  /* its path was scanned in this run (stale if not seen) */
} baseline_entry;

typedef struct baseline {
    char key_id[17];  /* the public id of the key the fingerprints are under */
    baseline_entry *e;
    size_t n, cap;
} baseline;

enum { BASELINE_OK = 0, BASELINE_MISSING = 1, BASELINE_BAD = 2 };

/* Read and check a baseline file; entries come sorted by fingerprint.
   BASELINE_MISSING when it does not exist; BASELINE_BAD with err set
   (file problems and the byte offset of a syntax error: no PHI in there). */
int baseline_read(const char *path, baseline *b, char *err, size_t errcap);

/* Write atomically (temporary file beside it, fsync, rename), entries in
   path, rule, fingerprint order. The entries are sorted by fingerprint
   again afterwards. */
bool baseline_write(const char *path, baseline *b, char *err, size_t errcap);

/* Add a copy of an entry (unsorted until baseline_sort); false when out of
   memory. fp is 64 hex digits. */
bool baseline_add(baseline *b, const char *fp, const char *rule, const char *path,
                  const char *category);
void baseline_sort(baseline *b);
/* The entry with this fingerprint in a sorted baseline, or NULL. */
baseline_entry *baseline_find(const baseline *b, const char *fp);
void baseline_free(baseline *b);

#endif

/* The key the program uses: --key-file, else the file $PHISCRUB_KEY_FILE
   names. Shared by the filter, reveal and scan. */
#ifndef PHISCRUB_CLI_KEYOPT_H
#define PHISCRUB_CLI_KEYOPT_H

#include <stdbool.h>

#include "phiscrub.h"

/* Load the key named by `path` (from --key-file; NULL = use the
   environment). *out is NULL when neither names one. Returns false after
   printing why (never a key byte) when a named key cannot be used. */
bool keyopt_load(const char *path, phs_key **out);

/* The hint printed when an action needs a key and none was given. */
void keyopt_hint(void);

#endif

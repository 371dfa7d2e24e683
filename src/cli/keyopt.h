/* The key the program uses: --key-file, else the file $PHISCRUB_KEY_FILE
   names. Shared by the filter, reveal and scan. */
#ifndef PHISCRUB_CLI_KEYOPT_H
#define PHISCRUB_CLI_KEYOPT_H

#include "phiscrub.h"

/* Load the key named by `path` (from --key-file; NULL = use the
   environment). *out is NULL when neither names one. Returns 0, or after
   printing why (never a key byte) the exit status: 2 for a key that cannot
   be used, 4 when libcrypto fails. */
int keyopt_load(const char *path, phs_key **out);

/* The hint printed when an action needs a key and none was given. */
void keyopt_hint(void);

#endif

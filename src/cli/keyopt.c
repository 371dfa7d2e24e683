/* Key loading for the program: the library checks the file; this picks
   which file and says what to do when it is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "keyopt.h"

int keyopt_load(const char *path, phs_key **out)
{
    *out = NULL;
    const char *from = "--key-file";
    if (!path) {
        path = getenv(PHS_KEY_FILE_ENV);
        from = "$" PHS_KEY_FILE_ENV;
        if (!path || !*path)
            return 0;
    }
    phs_error e;
    int rc = phs_key_load(path, out, &e);
    if (rc == PHS_OK)
        return 0;
    /* A name that is no file may be the key itself, given by mistake where
       a file was wanted: it is not printed. */
    struct stat st;
    if (lstat(path, &st) != 0)
        fprintf(stderr, "phiscrub: the key file that %s names does not exist or cannot be "
                        "reached (its name is not shown: it may be a key given by mistake)\n",
                from);
    else
        fprintf(stderr, "phiscrub: key file %s (from %s): %s\n", path, from,
                e.reason[0] ? e.reason : phs_strerror(rc));
    return rc == PHS_E_CRYPTO || rc == PHS_E_NOMEM ? 4 : 2;
}

void keyopt_hint(void)
{
    fputs("phiscrub: give a key with --key-file FILE or $" PHS_KEY_FILE_ENV
          "; make one with: (umask 077; head -c 32 /dev/urandom > FILE). "
          "See docs/policy.md.\n",
          stderr);
}

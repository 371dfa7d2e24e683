/*
 * libFuzzer target: the rules loader (rules.c, allow.c, keypol.c) on any
 * text. A set that loads has a unique, non-empty id for every rule; one
 * that does not names a reason; nothing leaks (ASan) and nothing crashes.
 * Compiling the patterns is left out: Hyperscan and PCRE2 are not ours, and
 * a compile takes far longer than a parse.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    phs_rules *r = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = phs_rules_load_buffer((const char *)data, size, "fuzz.rules", &r, &e);
    if (rc != PHS_OK) {
        if (r || !e.reason[0])
            abort(); /* a failure leaves nothing behind and says why */
        return 0;
    }
    size_t n = phs_rules_count(r);
    for (size_t i = 0; i < n; i++) {
        const char *id = phs_rules_id(r, i);
        if (!id || !id[0])
            abort();
        for (size_t j = 0; j < i && n < 256; j++)
            if (strcmp(id, phs_rules_id(r, j)) == 0)
                abort(); /* ids are unique */
    }
    phs_rules_free(r);
    return 0;
}

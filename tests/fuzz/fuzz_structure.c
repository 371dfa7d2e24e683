/*
 * libFuzzer target: the HL7 and JSON walkers (hl7.c, json.c), one of them
 * chosen by the first byte (the JSON one with and without the key
 * policy's codes). Every span they report lies inside the line and is not
 * empty, its code is a category or a policy code, and a walk ends with one
 * of the documented results.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "structure.h"

typedef struct walk {
    size_t len;
    size_t spans;
} walk;

static int emit(size_t start, size_t end, phs_category cat, void *ctx)
{
    walk *w = ctx;
    if (start >= end || end > w->len)
        abort();
    if ((unsigned)cat > PHS_CAT_COUNT + 2)
        abort();
    w->spans++;
    return w->spans > 100000; /* stop a walk that would never end */
}

/* Keys of several kinds, so that values get reported at all depths. */
static phs_category classify(const char *key, size_t klen, const char *parent, size_t plen,
                             const char *rtype, size_t rtlen, void *ctx)
{
    (void)parent, (void)plen, (void)rtype, (void)rtlen;
    int policy = ctx != NULL;
    if (klen == 3 && memcmp(key, "mrn", 3) == 0)
        return PHS_CAT_MRN;
    if (klen == 4 && memcmp(key, "name", 4) == 0)
        return PHS_CAT_NAME;
    if (policy && klen >= 1 && key[0] == 'k')
        return PHS_JSON_KEEP;
    if (policy && klen >= 1 && key[0] == 'r')
        return PHS_JSON_REDACT;
    return PHS_CAT_COUNT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *line = (const char *)data + 1;
    size_t n = size - 1;
    walk w = {.len = n};
    int rc;
    switch (data[0] % 3) {
    case 0:
        rc = phs_hl7_scan(line, n, emit, &w);
        break;
    case 1:
        rc = phs_json_scan(line, n, classify, NULL, emit, &w);
        break;
    default:
        rc = phs_json_scan_policy(line, n, classify, &w, emit, &w);
        break;
    }
    if (rc < PHS_STRUCT_OK || rc > PHS_STRUCT_TOO_DEEP)
        abort();
    return 0;
}

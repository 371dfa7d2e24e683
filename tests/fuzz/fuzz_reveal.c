/*
 * libFuzzer target: phs_reveal (act.c) on any text under a fixed key. The
 * output is never longer than the input, so cap == len always fits; what
 * it writes stays within it; the status is one of the documented ones; and
 * a token that does not open is copied as it is, so text with no "[" comes
 * back byte for byte. The seeds hold real tokens made under this key
 * (tests/fuzz/seeds-reveal, see tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

static phs_key *key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const char k[] = "fuzz key, not a secret: 0123456789abcdef";
    if (phs_key_from_bytes(k, sizeof k - 1, &key))
        abort();
    return 0;
}

static void refused(uint64_t offset, size_t length, int status, void *user)
{
    size_t len = *(const size_t *)user;
    if (offset + length > len || status != PHS_E_TOKEN)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = malloc(size ? size : 1);
    if (!out)
        return 0;
    size_t w = (size_t)-1;
    int rc = phs_reveal(key, data, size, out, size, &w, refused, &size);
    if (rc != PHS_OK && rc != PHS_E_TOKEN && rc != PHS_E_NOMEM && rc != PHS_E_CRYPTO)
        abort(); /* never PHS_E_DSTSIZE with cap == len */
    if ((rc == PHS_OK || rc == PHS_E_TOKEN) && w > size)
        abort();
    if (rc == PHS_OK && !memchr(data, '[', size) && (w != size || memcmp(out, data, size)))
        abort();
    free(out);
    return 0;
}

/* Look-ups in the lexicon image that the build made (lexicon_data.c). */
#include <string.h>

#include "lexicon.h"

extern const unsigned char phs_lex_image[];

uint32_t phs_lex_lookup_key(const char *key, size_t n)
{
    if (n == 0 || n > PHS_LEX_KEY_MAX)
        return 0;
    const phs_lex_header *h = (const phs_lex_header *)(const void *)phs_lex_image;
    const phs_lex_slot *slots = (const phs_lex_slot *)(const void *)(h + 1);
    const unsigned char *blob = (const unsigned char *)(slots + h->nslots);
    uint32_t mask = h->nslots - 1;
    for (uint32_t i = (uint32_t)phs_lex_hash(key, n) & mask;; i = (i + 1) & mask) {
        const phs_lex_slot *s = &slots[i];
        if (s->off == 0)
            return 0;
        if (blob[s->off] == n && memcmp(blob + s->off + 1, key, n) == 0)
            return s->tags;
    }
}

uint32_t phs_lex_lookup(const char *w, size_t n)
{
    char key[PHS_LEX_KEY_MAX];
    size_t k = phs_lex_key(w, n, key, sizeof key);
    return k ? phs_lex_lookup_key(key, k) : 0;
}

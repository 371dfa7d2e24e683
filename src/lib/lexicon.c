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

int phs_lex_name_shape(const char *w, size_t n)
{
    const phs_lex_header *h = (const phs_lex_header *)(const void *)phs_lex_image;
    const phs_lex_slot *slots = (const phs_lex_slot *)(const void *)(h + 1);
    const signed char *tri = (const signed char *)(slots + h->nslots) + h->blob_len;
    int a = 0, b = 0, sum = 0, count = 0;
    for (size_t i = 0; i <= n; i++) {
        int c = 0;
        if (i < n) {
            unsigned char u = (unsigned char)w[i];
            if (u == '\'' || u == '-' || u == '.')
                continue;
            c = phs_lex_sym(u);
        }
        if (i > 0 || c) {
            sum += tri[(a * PHS_LEX_NSYM + b) * PHS_LEX_NSYM + c];
            count++;
        }
        a = b;
        b = c;
    }
    return count ? sum / count : 0;
}

uint32_t phs_lex_lookup(const char *w, size_t n)
{
    char key[PHS_LEX_KEY_MAX];
    size_t k = phs_lex_key(w, n, key, sizeof key);
    return k ? phs_lex_lookup_key(key, k) : 0;
}

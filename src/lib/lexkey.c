/* The lexicon's key and tag names: shared by the library and the build-time
   generator (src/tools/gen_lexicon.c), so both fold a word the same way. */
#include <string.h>

#include "lexicon.h"

size_t phs_lex_key(const char *w, size_t n, char *dst, size_t cap)
{
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == '\'' || c == '.')
            continue;
        if (c == ' ' || c == '\t') {
            space = k > 0;
            continue;
        }
        if (space) {
            if (k == cap)
                return 0;
            dst[k++] = ' ';
            space = false;
        }
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (!((c >= 'a' && c <= 'z') || c >= 0x80 || c == '-'))
            return 0;
        if (k == cap)
            return 0;
        dst[k++] = (char)c;
    }
    return k;
}

uint32_t phs_lex_tag_from_name(const char *name, size_t n)
{
    static const struct {
        const char *name;
        uint32_t tag;
    } tags[] = {
#define PHS_LEX_NAME(nm, bit) {#nm, PHS_LEX_##nm},
        PHS_LEX_TAGS(PHS_LEX_NAME)
#undef PHS_LEX_NAME
    };
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strlen(tags[i].name) == n && memcmp(tags[i].name, name, n) == 0)
            return tags[i].tag;
    return 0;
}

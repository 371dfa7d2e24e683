/* The lexicon's key and tag names: shared by the library and the build-time
   generator (src/tools/gen_lexicon.c), so both fold a word the same way. */
#include <string.h>

#include "lexicon.h"

/* Latin letters with a diacritic (U+00C0-U+017F) as their base letter, in
   lower case; 0 where there is none (Æ, ß, Œ, ×): a name is looked up as
   it is written without its accents (Mónica as Monica, Díaz as Diaz),
   which is how the SSA and Census lists spell them. */
static const char fold_latin[0x180 - 0xc0] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 0,
    'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 'y',
    'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd',
    'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g',
    'g', 'g', 'g', 'g', 'h', 'h', 'h', 'h', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i',
    'i', 'i', 0, 0, 'j', 'j', 'k', 'k', 'k', 'l', 'l', 'l', 'l', 'l', 'l', 'l',
    'l', 'l', 'l', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'o', 'o', 'o', 'o',
    'o', 'o', 0, 0, 'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's',
    's', 's', 't', 't', 't', 't', 't', 't', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 's',
};

unsigned phs_lex_latin_cp(const char *w, size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)w;
    if (i + 1 >= n || u[i] < 0xc3 || u[i] > 0xc5 || (u[i + 1] & 0xc0) != 0x80)
        return 0;
    return ((unsigned)(u[i] & 0x1f) << 6) | (u[i + 1] & 0x3fu);
}

/* The base letter of the two-byte UTF-8 letter at w[i], or 0. */
static char folded(const char *w, size_t i, size_t n)
{
    unsigned cp = phs_lex_latin_cp(w, i, n);
    return cp ? fold_latin[cp - 0xc0] : 0;
}

static size_t make_key(const char *w, size_t n, char *dst, size_t cap, bool fold)
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
        char base = fold ? folded(w, i, n) : 0;
        if (base) {
            c = (unsigned char)base;
            i++;
        } else if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (!((c >= 'a' && c <= 'z') || c >= 0x80 || c == '-'))
            return 0;
        if (k == cap)
            return 0;
        dst[k++] = (char)c;
    }
    return k;
}

size_t phs_lex_key(const char *w, size_t n, char *dst, size_t cap)
{
    return make_key(w, n, dst, cap, true);
}

size_t phs_lex_key_exact(const char *w, size_t n, char *dst, size_t cap)
{
    return make_key(w, n, dst, cap, false);
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

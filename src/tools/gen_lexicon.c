/* Build-time generator of the lexicon image (src/lib/lexicon.h): reads the
   word lists of patterns/ and writes one hash table the library embeds.

     gen_lexicon OUT TAG=LIST [TAG=LIST ...]

   A list holds one entry a line; '#' starts a comment line. An entry may be
   followed by a tab and more tags, comma separated, which are
   added to the list's own TAG ("-" for a list whose lines carry all their
   tags). An entry whose key phs_lex_key refuses is an error: the lists are
   data the project reviews, so a stray byte is said, not dropped. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

typedef struct table {
    phs_lex_slot *slots;
    uint32_t nslots, nentries;
    unsigned char *blob;
    size_t blob_len, blob_cap;
} table;

/* "gen_lexicon: WHERE[:LINE]: WHAT", then exit 1. */
static void die(const char *where, size_t line, const char *what)
{
    if (line)
        fprintf(stderr, "gen_lexicon: %s:%zu: %s\n", where, line, what);
    else
        fprintf(stderr, "gen_lexicon: %s: %s\n", where, what);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        die("gen_lexicon", 0, "out of memory");
    return q;
}

static void put(table *t, const char *key, size_t n, uint32_t tags)
{
    uint32_t mask = t->nslots - 1;
    for (uint32_t i = (uint32_t)phs_lex_hash(key, n) & mask;; i = (i + 1) & mask) {
        phs_lex_slot *s = &t->slots[i];
        if (s->off && t->blob[s->off] == n && memcmp(t->blob + s->off + 1, key, n) == 0) {
            s->tags |= tags;
            return;
        }
        if (s->off)
            continue;
        if (t->blob_len + n + 1 > t->blob_cap) {
            t->blob_cap = (t->blob_cap + n + 1) * 2;
            t->blob = xrealloc(t->blob, t->blob_cap);
        }
        s->off = (uint32_t)t->blob_len;
        s->tags = tags;
        t->blob[t->blob_len++] = (unsigned char)n;
        memcpy(t->blob + t->blob_len, key, n);
        t->blob_len += n;
        t->nentries++;
        if ((uint64_t)t->nentries * 5 > (uint64_t)t->nslots * 3)
            die("gen_lexicon", 0, "more entries than the table was sized for");
        return;
    }
}

/* Count the trigrams of one key into cnt (with the word boundary as 0). */
static void count_trigrams(const unsigned char *k, size_t n, double *cnt)
{
    int a = 0, b = 0;
    for (size_t i = 0; i <= n; i++) {
        int c = 0;
        if (i < n) {
            if (k[i] == '-' || k[i] == ' ')
                continue;
            c = phs_lex_sym(k[i]);
        }
        if (i > 0 || c)
            cnt[(a * PHS_LEX_NSYM + b) * PHS_LEX_NSYM + c] += 1;
        a = b;
        b = c;
    }
}

/* The name-shape table: log P(trigram | name) / P(trigram | word), from
   the entries that are only names (first names, surnames) and those that
   are only words (English, clinical), add-one smoothed, times 16. */
static void name_shape_table(const table *t, signed char *tri)
{
    static double names[PHS_LEX_TRIGRAMS], words[PHS_LEX_TRIGRAMS];
    double nn = 0, nw = 0;
    const uint32_t name = PHS_LEX_FIRST | PHS_LEX_SURNAME;
    const uint32_t word = PHS_LEX_ENGLISH | PHS_LEX_CLINICAL;
    for (uint32_t i = 0; i < t->nslots; i++) {
        const phs_lex_slot *s = &t->slots[i];
        if (!s->off)
            continue;
        const unsigned char *k = t->blob + s->off + 1;
        size_t n = t->blob[s->off];
        if ((s->tags & name) && !(s->tags & word)) {
            count_trigrams(k, n, names);
            nn += (double)n + 1;
        } else if ((s->tags & word) && !(s->tags & name)) {
            count_trigrams(k, n, words);
            nw += (double)n + 1;
        }
    }
    for (int i = 0; i < PHS_LEX_TRIGRAMS; i++) {
        double v = 16 * log(((names[i] + 1) / (nn + PHS_LEX_TRIGRAMS)) /
                            ((words[i] + 1) / (nw + PHS_LEX_TRIGRAMS)));
        tri[i] = (signed char)(v > 127 ? 127 : v < -127 ? -127 : v);
    }
}

static uint32_t parse_tags(const char *s, size_t n, const char *path, size_t line)
{
    uint32_t tags = 0;
    while (n) {
        size_t k = 0;
        while (k < n && s[k] != ',')
            k++;
        uint32_t t = phs_lex_tag_from_name(s, k);
        if (!t)
            die(path, line, "unknown tag");
        tags |= t;
        s += k + (k < n);
        n -= k + (k < n);
    }
    return tags;
}

/* Every entry of one list. */
static void read_list(table *t, const char *path, uint32_t tags, bool exact)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die(path, 0, "cannot open");
    char line[512];
    size_t no = 0;
    while (fgets(line, sizeof line, f)) {
        no++;
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        size_t extra_at = strcspn(line, "\t"); /* "entry<TAB>TAGS" */
        uint32_t all = tags;
        if (extra_at < n)
            all |= parse_tags(line + extra_at + 1, n - extra_at - 1, path, no);
        if (!all)
            die(path, no, "an entry without a tag");
        char key[PHS_LEX_KEY_MAX];
        size_t k = exact ? phs_lex_key_exact(line, extra_at, key, sizeof key)
                         : phs_lex_key(line, extra_at, key, sizeof key);
        if (!k)
            die(path, no, "not a word the lexicon can hold");
        put(t, key, k, all);
    }
    if (ferror(f))
        die(path, 0, "read error");
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        die("usage", 0, "gen_lexicon OUT TAG=LIST...");
    /* The first pass counts the distinct entries in a generous table; the
       second builds the table sized for them (load at most 0.6); the third
       a table of the keys with their accents kept, for the name-shape
       trigrams alone. */
    table t = {0};
    uint32_t nslots = 1u << 21;
    signed char tri[PHS_LEX_TRIGRAMS];
    table built = {0};
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 2) {
            built = t;
            t = (table){0};
            nslots = 1u << 21;
        }
        t.nslots = nslots;
        t.nentries = 0;
        t.slots = calloc(t.nslots, sizeof *t.slots);
        t.blob_cap = 1 << 20;
        t.blob = xrealloc(NULL, t.blob_cap);
        t.blob[0] = 0;
        t.blob_len = 1; /* offset 0 marks an empty slot */
        if (!t.slots)
            die("gen_lexicon", 0, "out of memory");
        for (int i = 2; i < argc; i++) {
            const char *eq = strchr(argv[i], '=');
            if (!eq)
                die(argv[i], 0, "expected TAG=LIST");
            size_t tn = (size_t)(eq - argv[i]);
            bool none = tn == 1 && argv[i][0] == '-';
            uint32_t tag = none ? 0 : phs_lex_tag_from_name(argv[i], tn);
            if (!tag && !none)
                die(argv[i], 0, "unknown tag");
            read_list(&t, eq + 1, tag, pass == 2);
        }
        if (pass == 0) {
            nslots = 16;
            while ((uint64_t)nslots * 3 < (uint64_t)t.nentries * 5)
                nslots *= 2;
            free(t.slots);
            free(t.blob);
        }
    }
    name_shape_table(&t, tri);
    free(t.slots);
    free(t.blob);
    t = built;
    phs_lex_header h = {.nslots = t.nslots, .nentries = t.nentries,
                        .blob_len = (uint32_t)t.blob_len};
    memcpy(h.magic, PHS_LEX_MAGIC, sizeof h.magic);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *o = fopen(tmp, "wb");
    if (!o || fwrite(&h, sizeof h, 1, o) != 1 ||
        fwrite(t.slots, sizeof *t.slots, t.nslots, o) != t.nslots ||
        fwrite(t.blob, 1, t.blob_len, o) != t.blob_len ||
        fwrite(tri, 1, sizeof tri, o) != sizeof tri || fclose(o) != 0)
        die(tmp, 0, "cannot write");
    if (rename(tmp, argv[1]) != 0)
        die(argv[1], 0, "cannot rename");
    free(t.slots);
    free(t.blob);
    return 0;
}

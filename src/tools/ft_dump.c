/* Development tool for the free-text models (patterns/freetext/train.py):
   reads text on stdin and prints, for every word of every line,
   "LINE START END FEATURE-ID..." (LINE 0-based, offsets in the line; words
   phs_ft_eligible refuses are left out, as the models never score them).
   With
   --names, prints the feature names instead ("ID NAME" a line). Not
   installed. --shape prints phs_lex_name_shape of each word read; --score
   MODEL prints each word with its NAME and PLACE logits under MODEL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freetext.h"
#include "lexicon.h"

static const char *m_sep(size_t i, size_t n) { return i + 1 == n ? "\n" : "  "; }

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--names") == 0) {
        char name[128];
        for (uint32_t id = 0; id < PHS_FT_NFEAT; id++) {
            phs_ft_feature_name(id, name, sizeof name);
            printf("%u %s\n", id, name);
        }
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--shape") == 0) {
        char w[256];
        while (scanf("%255s", w) == 1)
            printf("%s %d\n", w, phs_lex_name_shape(w, strlen(w)));
        return 0;
    }
    phs_ftmodel *model = NULL;
    if (argc == 3 && strcmp(argv[1], "--score") == 0) {
        FILE *f = fopen(argv[2], "rb");
        static char text[1 << 22];
        size_t tn = f ? fread(text, 1, sizeof text - 1, f) : 0;
        phs_error err;
        model = malloc(sizeof *model);
        if (!f || !model || phs_ftmodel_parse(text, tn, model, &err)) {
            fprintf(stderr, "ft_dump: cannot read the model %s\n", argv[2]);
            return 1;
        }
        fclose(f);
    }
    phs_ftscratch s = {0};
    char *line = NULL;
    size_t cap = 0, no = 0;
    ssize_t n;
    uint32_t ids[1024];
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            len--;
        if (phs_ft_words(&s, line, len)) {
            fprintf(stderr, "ft_dump: out of memory\n");
            return 1;
        }
        for (size_t i = 0; i < s.n; i++) {
            if (!model && !phs_ft_eligible(&s, i))
                continue; /* the models never score such a word */
            size_t k = phs_ft_features(&s, i, ids, sizeof ids / sizeof ids[0]);
            if (model) {
                printf("%.*s", (int)(s.w[i].end - s.w[i].start), line + s.w[i].start);
                for (int m = 0; m < PHS_FT_NMODEL; m++) {
                    float z = 0;
                    for (size_t j = 0; j < k && j < sizeof ids / sizeof ids[0]; j++)
                        z += model->w[m][ids[j]];
                    printf(" %+.1f", z);
                }
                fputs(m_sep(i, s.n), stdout);
                continue;
            }
            printf("%zu %zu %zu", no, s.w[i].start, s.w[i].end);
            for (size_t j = 0; j < k && j < sizeof ids / sizeof ids[0]; j++)
                printf(" %u", ids[j]);
            putchar('\n');
        }
        no++;
    }
    free(line);
    phs_ftscratch_free(&s);
    return 0;
}

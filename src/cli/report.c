#include "report.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

static size_t utf8_len(const unsigned char *p)
{
    size_t n;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4;
    else
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
            p++;
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
            p++;
        } else if (c < 0x80) {
            fputc(c, f);
            p++;
        } else {
            size_t n = utf8_len(p);
            if (n) {
                fwrite(p, 1, n, f);
                p += n;
            } else {
                fputs("\\ufffd", f);
                p++;
            }
        }
    }
    fputc('"', f);
}

void findings_line(FILE *f, const char *input, const phs_finding *fd)
{
    const char *cat = phs_category_name(fd->category);
    fputs("{\"input\":", f);
    json_string(f, input);
    fprintf(f, ",\"line\":%" PRIu64 ",\"offset\":%" PRIu64 ",\"length\":%zu,\"category\":",
            fd->line, fd->offset, fd->length);
    json_string(f, cat                                          ? cat
                   : strcmp(fd->rule_id, PHS_KEY_POLICY_RULE) == 0 ? "REDACTED"
                                                                  : "UNPROCESSED");
    fputs(",\"rule\":", f);
    json_string(f, fd->rule_id);
    fputs("}\n", f);
}

void write_allow_list(FILE *f, const phs_db *db, const uint64_t *kept, size_t n)
{
    fputs(",\n  \"allow\": [", f);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        phs_allow_info a;
        if (phs_db_allow_entry(db, i, &a))
            continue;
        const char *cat = phs_category_name(a.category);
        fputs(any ? ",\n    {\"directive\": " : "\n    {\"directive\": ", f);
        any = true;
        json_string(f, a.directive);
        fputs(", \"category\": ", f);
        if (strcmp(a.directive, "keep-keys") == 0)
            fputs("null", f); /* a key, of no category */
        else
            json_string(f, cat ? cat : "all");
        fputs(", \"file\": ", f);
        json_string(f, a.file);
        fprintf(f, ", \"line\": %zu, \"item\": %u, \"kept\": %" PRIu64 "}", a.line, a.item,
                kept[i]);
    }
    fputs(any ? "\n  ]" : "]", f);
}

/* The site policy's audit: what each allow entry kept, and the values the
   key policy redacted. */
static void write_policy(FILE *f, const phs_db *db, const totals *t)
{
    fprintf(f, ",\n  \"redacted_by_key_policy\": %" PRIu64, t->redacted);
    write_allow_list(f, db, t->allow_kept, t->nallow);
}

int write_report(const char *path, const phs_db *db, const totals *t)
{
    FILE *f = strcmp(path, "-") == 0 ? stderr : fopen(path, "w");
    if (!f)
        return -1;
    const phs_stats *s = &t->st;
    fprintf(f,
            "{\n  \"version\": \"%s\",\n  \"inputs\": %" PRIu64 ",\n  \"input_errors\": %" PRIu64
            ",\n  \"bytes_in\": %" PRIu64 ",\n  \"bytes_out\": %" PRIu64 ",\n  \"lines\": %" PRIu64
            ",\n  \"lines_with_findings\": %" PRIu64 ",\n  \"lines_masked_whole\": %" PRIu64
            ",\n  \"lines_dropped\": %" PRIu64 ",\n  \"findings\": %" PRIu64
            ",\n  \"categories\": {",
            phs_version(), t->inputs, t->input_errors, s->bytes_in, s->bytes_out, s->lines,
            s->lines_with_findings, s->lines_masked_whole, s->lines_dropped, s->findings);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        fprintf(f, "%s\n    \"%s\": %" PRIu64, c ? "," : "", phs_category_name((phs_category)c),
                s->per_category[c]);
    /* what replaced the findings: the names of actions, never a key */
    fputs("\n  },\n  \"actions\": {", f);
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        fprintf(f, "%s\n    \"%s\": \"%s\"", c ? "," : "", phs_category_name((phs_category)c),
                phs_action_name(phs_db_action(db, (phs_category)c)));
    fputs("\n  },\n  \"rules\": {", f);
    size_t n = phs_db_rule_count(db);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        json_string(f, phs_db_rule_id(db, i));
        fprintf(f, ": %" PRIu64, t->rule_counts[i]);
    }
    fputs("\n  }", f);
    write_policy(f, db, t);
    fputs("\n}\n", f);
    int bad = ferror(f);
    if (f != stderr && fclose(f) != 0)
        bad = 1;
    return bad ? -1 : 0;
}

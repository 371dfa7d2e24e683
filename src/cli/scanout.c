/* The printers of phiscrub scan: text, JSON and SARIF 2.1.0. They get
   places, categories, rules and fingerprints, never a value (scan.h). */
#define _GNU_SOURCE
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "scan.h"

const char *scan_category_name(phs_category c, const char *rule_id)
{
    const char *n = phs_category_name(c);
    if (n)
        return n;
    /* a value the site's key policy redacts has no category of its own */
    return rule_id && strcmp(rule_id, PHS_KEY_POLICY_RULE) == 0 ? "REDACTED" : "UNPROCESSED";
}

static const char *suppress_name(scan_suppress s)
{
    return s == SUP_INLINE ? "inline" : s == SUP_BASELINE ? "baseline" : NULL;
}

/* A path on one text line: control characters (a newline in a file name
   would start a forged finding) become '?'. */
static void text_path(FILE *f, const char *p)
{
    for (; *p; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, f);
}

static void print_text(FILE *f, const scan_result *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        const scan_file *sf = &r->files[i];
        for (size_t j = 0; j < sf->nfindings; j++) {
            const scan_finding *x = &sf->findings[j];
            if (x->suppressed != SUP_NONE)
                continue;
            text_path(f, sf->path);
            fprintf(f, ":%" PRIu64 ":%" PRIu64 ": %s %s\n", x->line, x->column,
                    scan_category_name(x->category, x->rule_id), x->rule_id);
        }
    }
    if (r->base) {
        for (size_t i = 0; i < r->base->n; i++) {
            const baseline_entry *e = &r->base->e[i];
            if (e->scanned && !e->seen) {
                fputs("note: stale baseline entry ", f);
                text_path(f, e->path);
                fprintf(f, " %s %s %.16s\n", e->category, e->rule, e->fingerprint);
            }
        }
    }
}

static void hex(FILE *f, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x", p[i]);
}

/* A JSON array of the document, written item by item. */
typedef struct jlist {
    FILE *f;
    bool any;
} jlist;

static jlist jl_open(FILE *f, const char *name)
{
    fprintf(f, ",\n  \"%s\": [", name);
    return (jlist){f, false};
}

/* Starts an item that is an object beginning with "path". */
static void jl_path_item(jlist *l, const char *path)
{
    fputs(l->any ? ",\n    {\"path\": " : "\n    {\"path\": ", l->f);
    json_string(l->f, path);
    l->any = true;
}

static void jl_close(jlist *l) { fputs(l->any ? "\n  ]" : "]", l->f); }

static void print_json(FILE *f, const scan_result *r)
{
    fprintf(f, "{\n  \"version\": ");
    json_string(f, phs_version());
    fprintf(f, ",\n  \"files\": %zu", r->nfiles);
    jlist l = jl_open(f, "findings");
    for (size_t i = 0; i < r->nfiles; i++) {
        const scan_file *sf = &r->files[i];
        for (size_t j = 0; j < sf->nfindings; j++) {
            const scan_finding *x = &sf->findings[j];
            jl_path_item(&l, sf->path);
            fprintf(f, ", \"line\": %" PRIu64 ", \"column\": %" PRIu64 ", \"length\": %zu, "
                    "\"category\": ", x->line, x->column, x->length);
            json_string(f, scan_category_name(x->category, x->rule_id));
            fputs(", \"rule\": ", f);
            json_string(f, x->rule_id);
            const char *sup = suppress_name(x->suppressed);
            fputs(", \"suppressed\": ", f);
            if (sup)
                json_string(f, sup);
            else
                fputs("null", f);
            if (x->has_fp) {
                fputs(", \"fingerprint\": \"", f);
                hex(f, x->fp, sizeof x->fp);
                fputc('"', f);
            }
            fputc('}', f);
        }
    }
    jl_close(&l);
    l = jl_open(f, "binary");
    for (size_t i = 0; i < r->nfiles; i++) {
        if (r->files[i].state == FILE_BINARY) {
            jl_path_item(&l, r->files[i].path);
            fputs(", \"searched\": \"text runs\"}", f);
        }
    }
    jl_close(&l);
    l = jl_open(f, "errors");
    for (size_t i = 0; i < r->nfiles; i++) {
        if (r->files[i].state == FILE_ERROR) {
            jl_path_item(&l, r->files[i].path);
            fputs(", \"message\": ", f);
            json_string(f, r->files[i].err);
            fputc('}', f);
        }
    }
    jl_close(&l);
    l = jl_open(f, "fixed");
    for (size_t i = 0; i < r->nfiles; i++) {
        if (r->files[i].fixed) {
            jl_path_item(&l, r->files[i].path);
            fprintf(f, ", \"findings\": %zu}", r->files[i].fixed);
        }
    }
    jl_close(&l);
    if (r->base) {
        l = jl_open(f, "stale_baseline");
        for (size_t i = 0; i < r->base->n; i++) {
            const baseline_entry *e = &r->base->e[i];
            if (!e->scanned || e->seen)
                continue;
            jl_path_item(&l, e->path);
            fprintf(f, ", \"fingerprint\": \"%s\", \"rule\": ", e->fingerprint);
            json_string(f, e->rule);
            fputs(", \"category\": ", f);
            json_string(f, e->category);
            fputc('}', f);
        }
        jl_close(&l);
    }
    write_allow_list(f, r->db, r->allow_kept, r->nallow);
    fprintf(f, ",\n  \"summary\": {\"findings\": %zu, \"suppressed_inline\": %zu, "
            "\"suppressed_baseline\": %zu, \"kept_by_policy\": %" PRIu64 ", \"binary\": %zu, "
            "\"errors\": %zu}\n}\n",
            r->findings, r->suppressed_inline, r->suppressed_baseline, r->kept_by_policy,
            r->binary, r->errors);
}

/* ------------------------------------------------------------------ SARIF */

/* A path as a URI reference (RFC 3986): relative paths stay relative
   (resolved against %SRCROOT%), absolute ones become file:// URIs; every
   byte but the unreserved ones and '/' is percent-encoded. */
static void sarif_uri(FILE *f, const char *path)
{
    fputc('"', f);
    if (path[0] == '/')
        fputs("file://", f);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            fputc(c, f);
        else
            fprintf(f, "%%%02X", c);
    }
    fputc('"', f);
}

/* Opens a location and its physicalLocation, and leaves both open. */
static void sarif_artifact(FILE *f, const char *path)
{
    fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
    sarif_uri(f, path);
    if (path[0] != '/')
        fputs(", \"uriBaseId\": \"%SRCROOT%\"", f);
    fputs("}", f);
}

static void sarif_notification(FILE *f, const char **sep, const char *level, const char *path,
                               const char *text)
{
    fputs(*sep, f);
    *sep = ",\n          ";
    fprintf(f, "{\"level\": \"%s\", \"message\": {\"text\": ", level);
    json_string(f, text);
    fputs("}", f);
    if (path) {
        fputs(", \"locations\": [", f);
        sarif_artifact(f, path);
        fputs("}}]", f);
    }
    fputs("}", f);
}

static void print_sarif(FILE *f, const scan_result *r)
{
    size_t nrules = phs_db_rule_count(r->db);
    fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
          "      \"tool\": {\n        \"driver\": {\n          \"name\": \"phiscrub\",\n"
          "          \"version\": ", f);
    json_string(f, phs_version());
    fputs(",\n          \"rules\": [", f);
    for (size_t i = 0; i <= nrules; i++) {
        /* one more than the db has: lines masked whole (fail closed) */
        const char *id = i < nrules ? phs_db_rule_id(r->db, i) : "unprocessed";
        phs_category c = i < nrules ? phs_db_rule_category(r->db, i) : PHS_CAT_COUNT;
        const char *cat = i < nrules ? phs_category_name(c) : "UNPROCESSED";
        char desc[200];
        if (i == nrules)
            snprintf(desc, sizeof desc, "A line phiscrub could not process (too long, or a "
                     "matcher limit); it may hold PHI");
        else if (strcmp(id, PHS_KEY_POLICY_RULE) == 0)
            snprintf(desc, sizeof desc, "A value under a key the site's key policy redacts");
        else if (cat)
            snprintf(desc, sizeof desc, "%s: protected health information", cat);
        else
            snprintf(desc, sizeof desc, "PHI in a structured field (HL7, JSON)");
        fputs(i ? ",\n            {\"id\": " : "\n            {\"id\": ", f);
        json_string(f, id);
        fputs(", \"shortDescription\": {\"text\": ", f);
        json_string(f, desc);
        fputs("}, \"defaultConfiguration\": {\"level\": \"error\"}, "
              "\"properties\": {\"category\": ", f);
        json_string(f, cat ? cat : "*");
        fputs(", \"tags\": [\"phi\", \"privacy\"]}}", f);
    }
    fputs("\n          ]\n        }\n      },\n", f);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && cwd[0] == '/') {
        fputs("      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": ", f);
        size_t n = strlen(cwd);
        if (n + 1 < sizeof cwd && cwd[n - 1] != '/') {
            cwd[n] = '/';
            cwd[n + 1] = '\0';
        }
        sarif_uri(f, cwd);
        fputs("}},\n", f);
    }
    fputs("      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [", f);
    const char *sep = "\n        ";
    for (size_t i = 0; i < r->nfiles; i++) {
        const scan_file *sf = &r->files[i];
        for (size_t j = 0; j < sf->nfindings; j++) {
            const scan_finding *x = &sf->findings[j];
            size_t idx = x->rule_index < nrules ? x->rule_index : nrules;
            char msg[200];
            snprintf(msg, sizeof msg, "%s found by rule %s; the value is not shown",
                     scan_category_name(x->category, x->rule_id), x->rule_id);
            fputs(sep, f);
            sep = ",\n        ";
            fputs("{\"ruleId\": ", f);
            json_string(f, x->rule_id);
            fprintf(f, ", \"ruleIndex\": %zu, \"level\": \"error\", \"kind\": \"fail\", "
                    "\"message\": {\"text\": ", idx);
            json_string(f, msg);
            fputs("}, \"locations\": [", f);
            sarif_artifact(f, sf->path);
            fprintf(f, ", \"region\": {\"startLine\": %" PRIu64 ", \"startColumn\": %" PRIu64
                    ", \"endColumn\": %" PRIu64 "}}}]", x->line, x->char_column,
                    x->char_column + x->char_length);
            if (x->suppressed != SUP_NONE)
                fprintf(f, ", \"suppressions\": [{\"kind\": \"%s\"}]",
                        x->suppressed == SUP_INLINE ? "inSource" : "external");
            if (x->has_fp) {
                fputs(", \"partialFingerprints\": {\"phiscrubBaseline/v1\": \"", f);
                hex(f, x->fp, sizeof x->fp);
                fputs("\"}", f);
            }
            fputs("}", f);
        }
    }
    fputs(sep[0] == ',' ? "\n      ],\n" : "],\n", f);
    fprintf(f, "      \"invocations\": [\n        {\n          \"executionSuccessful\": %s,\n"
            "          \"toolExecutionNotifications\": [", r->errors ? "false" : "true");
    sep = "\n          ";
    for (size_t i = 0; i < r->nfiles; i++) {
        const scan_file *sf = &r->files[i];
        if (sf->state == FILE_BINARY)
            sarif_notification(f, &sep, "note", sf->path,
                               "binary file: searched in its text runs (as strings(1) "
                               "shows them; the line is the run)");
        else if (sf->state == FILE_ERROR)
            sarif_notification(f, &sep, "error", sf->path, sf->err);
    }
    if (r->base) {
        for (size_t i = 0; i < r->base->n; i++) {
            const baseline_entry *e = &r->base->e[i];
            if (!e->scanned || e->seen)
                continue;
            char msg[300];
            snprintf(msg, sizeof msg, "stale baseline entry: %s %s %.16s no longer found",
                     e->category, e->rule, e->fingerprint);
            sarif_notification(f, &sep, "note", e->path, msg);
        }
    }
    fputs(sep[0] == ',' ? "\n          ]\n        }\n      ]\n    }\n  ]\n}\n"
                        : "]\n        }\n      ]\n    }\n  ]\n}\n", f);
}

bool scan_print(FILE *f, scan_format fmt, const scan_result *r)
{
    switch (fmt) {
    case FMT_TEXT: print_text(f, r); break;
    case FMT_JSON: print_json(f, r); break;
    case FMT_SARIF: print_sarif(f, r); break;
    }
    return !ferror(f);
}

/* The baseline file of phiscrub scan: accepted findings, each recorded by a
   keyed fingerprint (HMAC-SHA256 of rule, path and value under the user's
   key), its rule, path and category. Never the value, and never a plain
   hash of it: there are only about 10^9 SSNs, so an unkeyed hash is the
   value to anyone who tries them all. The format (docs/scan.md):

   {
     "phiscrub_baseline": 1,
     "key_id": "<16 hex: the public id of the key>",
     "entries": [
       {"fingerprint": "<64 hex>", "rule": "...", "path": "...", "category": "..."}
     ]
   }

   The reader below takes exactly the JSON that a person or a merge tool may
   leave in such a file: any white space and key order, unknown keys
   skipped, string escapes decoded. */
#define _GNU_SOURCE
#include "baseline.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/grow.h"
#include "report.h"

/* Baseline files are small; a limit keeps a wrong path (a log) from being
   read whole. */
#define BASELINE_MAX ((size_t)64 << 20)

typedef struct jreader {
    const char *p, *end;
    char *err;
    size_t errcap;
    unsigned depth;
} jreader;

__attribute__((format(printf, 2, 3))) static bool jfail(jreader *r, const char *fmt, ...)
{
    if (r->err[0])
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errcap, fmt, ap);
    va_end(ap);
    return false;
}

static void jws(jreader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static bool jlit(jreader *r, char c)
{
    jws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return true;
    }
    return false;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool jhex4(jreader *r, unsigned *out)
{
    if (r->end - r->p < 4)
        return jfail(r, "a \\u escape is cut short");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(r->p[i]);
        if (h < 0)
            return jfail(r, "a \\u escape is not hexadecimal");
        v = v << 4 | (unsigned)h;
    }
    r->p += 4;
    *out = v;
    return true;
}

static size_t utf8_put(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A string; *out (may be NULL to skip) gets a malloc'd NUL-terminated copy.
   Decoded text is never longer than its JSON form, so one allocation of
   that size holds it. */
static bool jstring(jreader *r, char **out)
{
    if (!jlit(r, '"'))
        return jfail(r, "a string was expected");
    const char *s = r->p;
    const char *q = s;
    while (q < r->end && *q != '"') {
        if (*q == '\\')
            q++;
        q++;
    }
    if (q >= r->end)
        return jfail(r, "a string does not end");
    char *o = malloc((size_t)(q - s) + 1);
    if (!o)
        return jfail(r, "out of memory");
    size_t k = 0;
    while (r->p < q) {
        char c = *r->p++;
        if ((unsigned char)c < 0x20) {
            free(o);
            return jfail(r, "a control character inside a string");
        }
        if (c != '\\') {
            o[k++] = c;
            continue;
        }
        char e = *r->p++;
        unsigned cp;
        switch (e) {
        case '"': o[k++] = '"'; break;
        case '\\': o[k++] = '\\'; break;
        case '/': o[k++] = '/'; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u':
            if (!jhex4(r, &cp)) {
                free(o);
                return false;
            }
            if (cp >= 0xd800 && cp < 0xdc00 && q - r->p >= 6 && r->p[0] == '\\' &&
                r->p[1] == 'u') {
                unsigned lo;
                const char *save = r->p;
                r->p += 2;
                if (jhex4(r, &lo) && lo >= 0xdc00 && lo < 0xe000)
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                else
                    r->p = save;
            }
            if (cp == 0 || (cp >= 0xd800 && cp < 0xe000))
                cp = 0xfffd; /* no NUL inside a C string; a lone surrogate */
            /* \uXXXX is 6 bytes of JSON and at most 4 of UTF-8 (a pair:
               12 and 4), so the decoded text still fits */
            k += utf8_put(o + k, cp);
            break;
        default:
            free(o);
            return jfail(r, "an unknown escape in a string");
        }
    }
    r->p = q + 1;
    o[k] = '\0';
    if (out)
        *out = o;
    else
        free(o);
    return true;
}

static bool jvalue_skip(jreader *r);

static bool jcontainer_skip(jreader *r, char open, char close)
{
    if (++r->depth > 64)
        return jfail(r, "nested deeper than 64 levels");
    if (!jlit(r, open))
        return jfail(r, "'%c' was expected", open);
    if (jlit(r, close)) {
        r->depth--;
        return true;
    }
    do {
        if (open == '{' && (!jstring(r, NULL) || !jlit(r, ':')))
            return jfail(r, "an object member was expected");
        if (!jvalue_skip(r))
            return false;
    } while (jlit(r, ','));
    if (!jlit(r, close))
        return jfail(r, "'%c' was expected", close);
    r->depth--;
    return true;
}

static bool jvalue_skip(jreader *r)
{
    jws(r);
    if (r->p >= r->end)
        return jfail(r, "a value was expected");
    char c = *r->p;
    if (c == '"')
        return jstring(r, NULL);
    if (c == '{')
        return jcontainer_skip(r, '{', '}');
    if (c == '[')
        return jcontainer_skip(r, '[', ']');
    /* numbers, true, false, null: their characters */
    const char *s = r->p;
    while (r->p < r->end && strchr("0123456789+-.eEtruefalsn", *r->p))
        r->p++;
    return r->p > s ? true : jfail(r, "a value was expected");
}

static bool is_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (hexval(s[i]) < 0 || (s[i] >= 'A' && s[i] <= 'F'))
            return false;
    return true;
}

void baseline_free(baseline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->e[i].rule);
        free(b->e[i].path);
        free(b->e[i].category);
    }
    free(b->e);
    memset(b, 0, sizeof *b);
}

bool baseline_add(baseline *b, const char *fp, const char *rule, const char *path,
                  const char *category)
{
    if (PHS_GROW_PLAIN(b->e, b->cap, b->n + 1))
        return false;
    baseline_entry *e = &b->e[b->n];
    memset(e, 0, sizeof *e);
    assert(strlen(fp) == 64);
    memcpy(e->fingerprint, fp, 65);
    e->rule = strdup(rule);
    e->path = strdup(path);
    e->category = strdup(category);
    if (!e->rule || !e->path || !e->category) {
        free(e->rule);
        free(e->path);
        free(e->category);
        return false;
    }
    b->n++;
    return true;
}

static bool read_entry(jreader *r, baseline *b)
{
    char *fp = NULL, *rule = NULL, *path = NULL, *cat = NULL;
    bool ok = jlit(r, '{') || jfail(r, "an entry must be an object");
    if (ok && !jlit(r, '}')) {
        do {
            char *k = NULL, *v = NULL;
            ok = jstring(r, &k) && (jlit(r, ':') || jfail(r, "':' was expected"));
            if (ok) {
                char **slot = !strcmp(k, "fingerprint") ? &fp : !strcmp(k, "rule") ? &rule
                            : !strcmp(k, "path")        ? &path
                            : !strcmp(k, "category")    ? &cat
                                                        : NULL;
                if (slot) {
                    ok = jstring(r, &v);
                    if (ok) {
                        free(*slot);
                        *slot = v;
                    }
                } else {
                    ok = jvalue_skip(r);
                }
            }
            free(k);
        } while (ok && jlit(r, ','));
        ok = ok && (jlit(r, '}') || jfail(r, "'}' was expected after an entry"));
    }
    if (ok && (!fp || !rule || !path))
        ok = jfail(r, "an entry needs fingerprint, rule and path");
    if (ok && !is_hex(fp, 64))
        ok = jfail(r, "a fingerprint must be 64 lower-case hex digits");
    if (ok && !baseline_add(b, fp, rule, path, cat ? cat : ""))
        ok = jfail(r, "out of memory");
    free(fp);
    free(rule);
    free(path);
    free(cat);
    return ok;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const baseline_entry *)a)->fingerprint,
                  ((const baseline_entry *)b)->fingerprint);
}

void baseline_sort(baseline *b)
{
    if (b->n)
        qsort(b->e, b->n, sizeof *b->e, cmp_entry);
}

baseline_entry *baseline_find(const baseline *b, const char *fp)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->e[mid].fingerprint, fp);
        if (c == 0)
            return &b->e[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool parse(jreader *r, baseline *b)
{
    bool version = false;
    if (!jlit(r, '{'))
        return jfail(r, "not a baseline file (a JSON object was expected)");
    if (!jlit(r, '}')) {
        do {
            char *k = NULL;
            if (!jstring(r, &k) || !(jlit(r, ':') || jfail(r, "':' was expected"))) {
                free(k);
                return false;
            }
            bool ok;
            if (!strcmp(k, "phiscrub_baseline")) {
                jws(r);
                ok = r->p < r->end && *r->p == '1' && jvalue_skip(r);
                version = ok;
                if (!ok)
                    jfail(r, "phiscrub_baseline: only version 1 is known");
            } else if (!strcmp(k, "key_id")) {
                char *v = NULL;
                ok = jstring(r, &v);
                if (ok && !is_hex(v, 16))
                    ok = jfail(r, "key_id must be 16 lower-case hex digits");
                if (ok)
                    memcpy(b->key_id, v, 17);
                free(v);
            } else if (!strcmp(k, "entries")) {
                ok = jlit(r, '[') || jfail(r, "entries must be an array");
                if (ok && !jlit(r, ']')) {
                    do
                        ok = read_entry(r, b);
                    while (ok && jlit(r, ','));
                    ok = ok && (jlit(r, ']') || jfail(r, "']' was expected after the entries"));
                }
            } else {
                ok = jvalue_skip(r);
            }
            free(k);
            if (!ok)
                return false;
        } while (jlit(r, ','));
        if (!jlit(r, '}'))
            return jfail(r, "'}' was expected");
    }
    jws(r);
    if (r->p != r->end)
        return jfail(r, "text after the baseline object");
    if (!version)
        return jfail(r, "not a baseline file (no \"phiscrub_baseline\": 1)");
    if (!b->key_id[0])
        return jfail(r, "no key_id");
    return true;
}

int baseline_read(const char *path, baseline *b, char *err, size_t errcap)
{
    memset(b, 0, sizeof *b);
    err[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errcap, "cannot open: %s", strerror(e));
        return e == ENOENT ? BASELINE_MISSING : BASELINE_BAD;
    }
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > BASELINE_MAX) {
        snprintf(err, errcap, "not a regular file of at most 64 MiB");
    } else if (!(buf = malloc((size_t)st.st_size + 1))) {
        snprintf(err, errcap, "out of memory");
    } else {
        while (len < (size_t)st.st_size) {
            ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                snprintf(err, errcap, "read error: %s", n ? strerror(errno) : "short read");
                break;
            }
            len += (size_t)n;
        }
    }
    close(fd);
    if (err[0]) {
        free(buf);
        return BASELINE_BAD;
    }
    jreader r = {buf, buf + len, err, errcap, 0};
    bool ok = parse(&r, b);
    if (!ok) {
        /* the byte offset helps find the spot; the file holds no PHI */
        size_t at = (size_t)(r.p - buf), n = strlen(err);
        if (n < errcap)
            snprintf(err + n, errcap - n, " (at byte %zu)", at);
        baseline_free(b);
    }
    free(buf);
    if (ok)
        baseline_sort(b);
    return ok ? BASELINE_OK : BASELINE_BAD;
}

static int cmp_entry_out(const void *a, const void *b)
{
    const baseline_entry *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (!c)
        c = strcmp(x->rule, y->rule);
    return c ? c : strcmp(x->fingerprint, y->fingerprint);
}

bool baseline_write(const char *path, baseline *b, char *err, size_t errcap)
{
    /* sorted by path and rule so that a diff of the file reads well and an
       update that changes nothing changes no byte */
    if (b->n)
        qsort(b->e, b->n, sizeof *b->e, cmp_entry_out);
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
    char tmp[PATH_MAX];
    int k = snprintf(tmp, sizeof tmp, "%.*s.%s.phiscrub-XXXXXX", (int)dl, path, path + dl);
    bool ok = k > 0 && (size_t)k < sizeof tmp;
    int fd = ok ? mkostemp(tmp, O_CLOEXEC) : -1;
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        snprintf(err, errcap, "cannot create a temporary file beside it: %s",
                 ok ? strerror(errno) : "path too long");
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        baseline_sort(b);
        return false;
    }
    /* the file is meant to be committed: readable like the rest */
    (void)fchmod(fd, 0644);
    fprintf(f, "{\n  \"phiscrub_baseline\": 1,\n  \"key_id\": \"%s\",\n  \"entries\": [",
            b->key_id);
    for (size_t i = 0; i < b->n; i++) {
        const baseline_entry *e = &b->e[i];
        fprintf(f, "%s\n    {\"fingerprint\": \"%s\", \"rule\": ", i ? "," : "", e->fingerprint);
        json_string(f, e->rule);
        fputs(", \"path\": ", f);
        json_string(f, e->path);
        fputs(", \"category\": ", f);
        json_string(f, e->category);
        fputc('}', f);
    }
    fputs(b->n ? "\n  ]\n}\n" : "]\n}\n", f);
    ok = fflush(f) == 0 && !ferror(f) && fsync(fd) == 0;
    int e = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        snprintf(err, errcap, "cannot write: %s", strerror(e));
    }
    baseline_sort(b);
    return ok;
}

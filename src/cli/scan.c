/* phiscrub scan: find PHI in files and folders before they are committed
   (docs/scan.md). The paths are walked first, then a pool of threads takes
   files from a shared counter; each thread has its own phs_stream over the
   one shared phs_db. A file is read whole (decoded, up to --max-file-size),
   so that a finding's column, its line's allow comments and, for --fix, the
   original line are all at hand; results are printed after every file is
   done, sorted by path, so the output does not depend on the threads. */
#define _GNU_SOURCE
#include "progress.h"
#include "scan.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/grow.h"
#include "cliutil.h"
#include "io.h"
#include "keyopt.h"

/* The decoded content looked at to tell a binary file (binary_probe). */
#define BINARY_PROBE ((size_t)8 << 10)
/* The shortest text run searched in a binary file, as strings(1)'s */
#define TEXT_RUN_MIN 4
#define DEFAULT_MAX_FILE ((size_t)64 << 20)
#define MAX_JOBS 64u
#define DEFAULT_BASELINE ".phiscrub-baseline.json"

static const char scan_usage[] =
    "Usage: phiscrub scan [OPTIONS] PATH...\n"
    "Find PHI in files (plain or gzip) and folders, e.g. test fixtures before a\n"
    "commit. Prints one line per finding, path:line:column: CATEGORY rule-id,\n"
    "never the value. Folders are walked (not .git; symbolic links inside them\n"
    "are not followed). UTF-16 and UTF-32 files are decoded (BOM, or the NUL\n"
    "pattern of their first bytes). A binary file (control bytes in the first\n"
    "8 KiB; one stray NUL is not enough) is searched in its text runs, what\n"
    "strings(1) shows: LINE then counts runs. Columns count bytes from 1, of\n"
    "the text as UTF-8.\n"
    "\n"
    "Output:\n"
    "  -f, --format FMT        text (default), json, or sarif (SARIF 2.1.0)\n"
    "  -o, --output FILE       write the findings to FILE, not standard output\n"
    "  -q, --quiet             no progress and no summary line on standard error\n"
    "\n"
    "Suppressions:\n"
    "      --no-allow          ignore phiscrub:allow and phiscrub:allow-next-line\n"
    "                          comments\n"
    "      --baseline FILE     do not report the findings recorded in FILE (made\n"
    "                          by 'phiscrub baseline'); list its stale entries\n"
    "  -k, --key-file FILE     the key of the baseline's fingerprints (default:\n"
    "                          $PHISCRUB_KEY_FILE)\n"
    "\n"
    "Fixing:\n"
    "      --fix               rewrite each file that has findings with every\n"
    "                          finding masked; atomically (a temporary file beside\n"
    "                          it, same mode, renamed over it); lines with\n"
    "                          suppressed findings only are kept as they are\n"
    "      --policy POLICY     with --fix: 'mask' (default, [SSN]) or 'surrogate'\n"
    "                          (realistic fakes; needs a key; a later scan finds\n"
    "                          them too: baseline them, see docs/scan.md)\n"
    "\n"
    "Rules and limits:\n"
    "  -r, --rules PATH        add a rules file or folder of *.rules to the\n"
    "                          bundled set (repeat for more); site policy alone\n"
    "                          (allow lists, key policy: docs/policy.md) too\n"
    "      --no-default-rules  use only the --rules given\n"
    "  -d, --disable LIST      switch categories off: comma list, or 'all'\n"
    "  -e, --enable LIST       switch categories on again (applied in order)\n"
    "      --dates POLICY      'all' (default) or 'context' (see phiscrub --help)\n"
    "      --max-file-size N   largest file scanned, decoded (default 64M; K/M/G);\n"
    "                          a larger one is an error, never passed unscanned\n"
    "  -j, --jobs N            files scanned at once (default: the CPUs, up to 64)\n"
    "      --no-cache          do not use the cache of compiled rules, nor the\n"
    "                          install's seed folder\n"
    "\n"
    "Exit status:\n"
    "      --exit-zero         exit 0 when PHI was found (errors still exit 2)\n"
    "      --findings-exit N   exit N (0-125) when PHI was found\n"
    "  0 no PHI found; 1 PHI found (or --fix rewrote files); 2 usage, rules or\n"
    "  file errors (unreadable, too large); 3 the output or a fixed file could\n"
    "  not be written; 4 internal error. Errors win over findings.\n"
    "\n"
    "  -h, --help              show this help\n"
    "\n"
    "Inline suppressions: a line that contains 'phiscrub:allow' is not reported;\n"
    "'phiscrub:allow-next-line' suppresses the line below it. See docs/scan.md.\n";

static const char baseline_usage[] =
    "Usage: phiscrub baseline [OPTIONS] PATH...\n"
    "Record the PHI findings in PATHs as accepted, so that 'phiscrub scan\n"
    "--baseline FILE' does not report them. Each is kept as a keyed fingerprint\n"
    "(HMAC-SHA256 of rule, path and value under your key: never the value, never\n"
    "a plain hash) with its rule, path and category. Line numbers are not in it:\n"
    "an accepted finding stays accepted when lines move. Entries of files not\n"
    "scanned this time are kept; those of scanned files are replaced (stale ones\n"
    "dropped). Findings with a phiscrub:allow comment need no entry.\n"
    "\n"
    "  -b, --baseline FILE     the baseline file (default " DEFAULT_BASELINE ")\n"
    "  -k, --key-file FILE     the key (default: $PHISCRUB_KEY_FILE); everyone who\n"
    "                          scans against the baseline needs the same key\n"
    "      --no-allow          record the findings on allowed lines too\n"
    "  -r, --no-default-rules, -d, -e, --dates, --max-file-size, -j, --no-cache:\n"
    "                          as for phiscrub scan\n"
    "  -q, --quiet             no summary line\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 written; 2 usage, key, baseline or file errors (the baseline\n"
    "is then not changed); 3 it could not be written; 4 internal error.\n";

typedef enum fix_policy { POLICY_MASK = 0, POLICY_SURROGATE } fix_policy;

/* The fingerprint's purpose label for phs_key_mac: a baseline fingerprint
   cannot be compared with a MAC the key makes for anything else. */
#define FP_PURPOSE "baseline"

#define MAX_RULES_PATHS 16

typedef struct scan_opts {
    const char *rules_paths[MAX_RULES_PATHS];
    size_t nrules_paths;
    bool no_default_rules;
    phs_options opts;
    bool no_cache;
    char cache_dir[4096];
    char seed_dir[4096];
    scan_format fmt;
    const char *output;
    bool quiet;
    unsigned jobs;
    bool no_allow;
    bool fix;
    fix_policy policy;
    int findings_exit;
    size_t max_file;
    bool baseline_cmd;          /* phiscrub baseline: write, do not report */
    const char *baseline_path;  /* --baseline */
    const char *key_file;       /* --key-file */
    phs_key *key;               /* loaded when a baseline or surrogate needs it */
    baseline base;
    bool have_base;
} scan_opts;

/* A growable byte buffer whose old contents are cleared when it moves
   (grow.h): it holds raw file contents, which are PHI. */
typedef phs_buf bytes;

static bool bytes_reserve(bytes *b, size_t need)
{
    return phs_buf_reserve(b, need > b->len ? need - b->len : 0) == 0;
}

static void bytes_clear(bytes *b)
{
    if (b->p)
        explicit_bzero(b->p, b->len);
    b->len = 0;
}

static void bytes_free(bytes *b) { phs_buf_free(b); }

typedef struct scan_ctx scan_ctx;

typedef struct worker {
    scan_ctx *ctx;
    phs_stream *s;
    scan_file *cur;
    bool oom;          /* a finding could not be stored */
    bytes data;        /* the decoded file */
    bytes out;         /* the redacted file, with --fix */
    bytes msg;         /* a fingerprint's input: rule, path and value */
    char *scratch;     /* output we do not keep */
    uint64_t *kept;    /* what each allow entry kept, over this worker's files */
    pthread_t tid;
    bool started;
} worker;

struct scan_ctx {
    const scan_opts *o;
    const phs_db *db;
    scan_file *files;
    size_t nfiles;
    atomic_size_t next;
    uint64_t *kept;    /* the workers' kept counts, summed (nallow entries) */
    size_t nallow;
};

/* ----------------------------------------------------------------- paths */

typedef struct path_list {
    scan_file *f;
    size_t n, cap;
    bool oom;
} path_list;

/* "./a//b/" -> "a/b": the form shown and put into fingerprints, so that
   `scan ./x` and `scan x` agree. */
static char *normalize(const char *p)
{
    size_t n = strlen(p);
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    size_t k = 0;
    const char *s = p;
    while (s[0] == '.' && s[1] == '/') {
        s += 2;
        while (*s == '/')
            s++;
    }
    for (; *s; s++) {
        if (*s == '/' && k && r[k - 1] == '/')
            continue;
        if (*s == '/' && s[1] == '.' && s[2] == '/') {
            s++; /* "/./" -> "/" */
            continue;
        }
        r[k++] = *s;
    }
    while (k > 1 && r[k - 1] == '/')
        k--;
    if (k == 0)
        r[k++] = '.';
    r[k] = '\0';
    return r;
}

static scan_file *add_file(path_list *pl, const char *path)
{
    if (PHS_GROW_PLAIN(pl->f, pl->cap, pl->n + 1)) {
        pl->oom = true;
        return NULL;
    }
    char *p = normalize(path);
    if (!p) {
        pl->oom = true;
        return NULL;
    }
    scan_file *f = &pl->f[pl->n++];
    memset(f, 0, sizeof *f);
    f->path = p;
    return f;
}

static void add_error(path_list *pl, const char *path, const char *what, int err)
{
    scan_file *f = add_file(pl, path);
    if (f) {
        f->state = FILE_ERROR;
        snprintf(f->err, sizeof f->err, "%s: %s", what, strerror(err));
    }
}

static void walk_dir(path_list *pl, const char *dir, int depth);

/* explicit: named on the command line, so a symbolic link is followed and
   a special file is an error; inside a folder both are passed over. */
static void add_path(path_list *pl, const char *path, bool explicit, int depth)
{
    struct stat st;
    if (strcmp(path, "-") == 0 && explicit) {
        add_file(pl, "-");
        return;
    }
    if ((explicit ? stat(path, &st) : lstat(path, &st)) != 0) {
        add_error(pl, path, "cannot open", errno);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        walk_dir(pl, path, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
        add_file(pl, path);
    } else if (explicit) {
        scan_file *f = add_file(pl, path);
        if (f) {
            f->state = FILE_ERROR;
            snprintf(f->err, sizeof f->err, "not a regular file or folder");
        }
    }
}

static void walk_dir(path_list *pl, const char *dir, int depth)
{
    /* A loop would need a bind mount or a link we do not follow; bound the
       depth all the same so no tree can exhaust the stack. */
    if (depth > 256) {
        scan_file *f = add_file(pl, dir);
        if (f) {
            f->state = FILE_ERROR;
            snprintf(f->err, sizeof f->err, "folders nested deeper than 256 levels");
        }
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        add_error(pl, dir, "cannot open folder", errno);
        return;
    }
    size_t dl = strlen(dir);
    for (struct dirent *de; (de = readdir(d));) {
        const char *nm = de->d_name;
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0 || strcmp(nm, ".git") == 0)
            continue;
        size_t nl = strlen(nm);
        char *child = malloc(dl + nl + 2);
        if (!child) {
            pl->oom = true;
            break;
        }
        memcpy(child, dir, dl);
        size_t k = dl;
        if (k && child[k - 1] != '/')
            child[k++] = '/';
        memcpy(child + k, nm, nl + 1);
        add_path(pl, child, false, depth);
        free(child);
    }
    closedir(d);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const scan_file *)a)->path, ((const scan_file *)b)->path);
}

/* ------------------------------------------------------------ one file */

static void on_finding(const phs_finding *fd, void *user)
{
    worker *w = user;
    scan_file *f = w->cur;
    if (PHS_GROW_PLAIN(f->findings, f->cap, f->nfindings + 1)) {
        w->oom = true;
        return;
    }
    scan_finding *x = &f->findings[f->nfindings++];
    memset(x, 0, sizeof *x);
    x->line = fd->line;
    x->offset = fd->offset;
    x->length = fd->length;
    x->category = fd->category;
    x->rule_index = fd->rule_index;
    x->rule_id = fd->rule_id;
}

/* How a file was stored, to write it back the same way with --fix. */
typedef struct file_form {
    bool gz;
    phs_encoding enc;
    bool bom;
} file_form;

static bool read_whole(worker *w, scan_file *f, file_form *form)
{
    source src;
    bytes *b = &w->data;
    size_t max = w->ctx->o->max_file;
    bool ok = source_open(&src, f->path);
    while (ok) {
        /* one byte over the limit tells a file at the limit from a larger one */
        size_t want = max + 1 - b->len;
        if (want > IO_CHUNK)
            want = IO_CHUNK;
        if (!bytes_reserve(b, b->len + want)) {
            snprintf(f->err, sizeof f->err, "out of memory reading the file");
            f->fatal = true;
            ok = false;
            break;
        }
        size_t n = source_read(&src, b->p + b->len, want);
        b->len += n;
        if (b->len > max) {
            snprintf(f->err, sizeof f->err,
                     "larger than --max-file-size (%zu bytes decoded); not scanned", max);
            ok = false;
        } else if (n == 0) {
            break;
        }
    }
    if (src.err[0]) {
        snprintf(f->err, sizeof f->err, "%s", src.err);
        ok = false;
    }
    *form = (file_form){src.is_gzip, src.enc, src.bom};
    source_close(&src);
    return ok;
}

/* Run the whole buffer through the stream; keep the output with --fix. */
static int run_stream(worker *w, bool keep)
{
    phs_inbuf in = {w->data.p, w->data.len, 0};
    bytes *o = &w->out;
    size_t rem = 0;
    bool flushing = false;
    for (;;) {
        phs_outbuf ob = {w->scratch, IO_CHUNK, 0};
        if (keep) {
            if (!bytes_reserve(o, o->len + IO_CHUNK))
                return PHS_E_NOMEM;
            ob = (phs_outbuf){o->p + o->len, o->cap - o->len, 0};
        }
        int rc = flushing ? phs_stream_flush(w->s, &ob, &rem) : phs_stream_feed(w->s, &ob, &in);
        if (keep)
            o->len += ob.pos;
        if (rc)
            return rc;
        if (!flushing && in.pos == in.size)
            flushing = true;
        else if (flushing && rem == 0)
            return PHS_OK;
    }
}

enum { MARK_THIS = 1, MARK_NEXT = 2 };

static bool word_char(const char *t, const char *end)
{
    if (t >= end)
        return false;
    unsigned char c = (unsigned char)*t;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* The allow comments on one line. A marker must end there: a longer word
   such as "phiscrub:allowance" is not one. */
static unsigned line_markers(const char *p, size_t n)
{
    static const char mark[] = "phiscrub:allow";
    static const char next[] = "-next-line";
    const size_t ml = sizeof mark - 1, nl = sizeof next - 1;
    const char *end = p + n;
    unsigned k = 0;
    for (const char *q; p < end && (q = memmem(p, (size_t)(end - p), mark, ml)); p = q + 1) {
        const char *t = q + ml;
        if ((size_t)(end - t) >= nl && memcmp(t, next, nl) == 0 && !word_char(t + nl, end))
            k |= MARK_NEXT;
        else if (!word_char(t, end))
            k |= MARK_THIS;
    }
    return k;
}

/* Code points in [p, p + n): every byte that is not a UTF-8 continuation
   byte starts one (an invalid byte counts as one, as editors show it). */
static uint64_t code_points(const char *p, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)p[i] & 0xc0) != 0x80;
    return k;
}

static void hex32(const unsigned char *fp, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < 32; i++) {
        out[2 * i] = digits[fp[i] >> 4];
        out[2 * i + 1] = digits[fp[i] & 15];
    }
    out[64] = '\0';
}

/* HMAC of rule || 0 || path || 0 || value under the key. The line number
   is not in it, so an accepted finding stays accepted when lines move; the
   path and rule are, so the same value elsewhere is a new finding. */
static bool fingerprint(worker *w, const scan_file *f, scan_finding *x, const char *value)
{
    const scan_opts *o = w->ctx->o;
    size_t rl = strlen(x->rule_id), pl = strlen(f->path);
    bytes *m = &w->msg;
    bytes_clear(m);
    if (!bytes_reserve(m, rl + pl + 2 + x->length))
        return false;
    memcpy(m->p, x->rule_id, rl + 1);
    memcpy(m->p + rl + 1, f->path, pl + 1);
    memcpy(m->p + rl + pl + 2, value, x->length);
    m->len = rl + pl + 2 + x->length;
    bool ok = phs_key_mac(o->key, FP_PURPOSE, m->p, m->len, x->fp) == PHS_OK;
    bytes_clear(m);
    x->has_fp = ok;
    return ok;
}

/* Columns, inline suppressions, fingerprints and baseline matches of each
   finding. Returns false when a fingerprint could not be made. */
static bool place_findings(worker *w, scan_file *f, const char *data, size_t len)
{
    const scan_opts *o = w->ctx->o;
    uint64_t cur_line = 0;
    size_t ls = 0, cp_pos = 0;
    uint64_t cp_count = 0;
    bool allowed = false;
    for (size_t i = 0; i < f->nfindings; i++) {
        scan_finding *x = &f->findings[i];
        assert(x->offset <= len && x->length <= len - x->offset);
        size_t off = (size_t)x->offset;
        if (x->line != cur_line) {
            cur_line = x->line;
            const char *nl = off ? memrchr(data, '\n', off) : NULL;
            ls = nl ? (size_t)(nl - data) + 1 : 0;
            cp_pos = ls;
            cp_count = 0;
            allowed = false;
            if (!o->no_allow) {
                const char *e = memchr(data + off, '\n', len - off);
                size_t le = e ? (size_t)(e - data) : len;
                allowed = (line_markers(data + ls, le - ls) & MARK_THIS) != 0;
                if (!allowed && ls > 0) {
                    size_t pe = ls - 1;
                    const char *pn = pe ? memrchr(data, '\n', pe) : NULL;
                    size_t ps = pn ? (size_t)(pn - data) + 1 : 0;
                    allowed = (line_markers(data + ps, pe - ps) & MARK_NEXT) != 0;
                }
            }
        }
        /* findings of a line come in order: count on from the last one */
        if (off < cp_pos) {
            cp_pos = ls;
            cp_count = 0;
        }
        cp_count += code_points(data + cp_pos, off - cp_pos);
        cp_pos = off;
        x->column = off - ls + 1;
        x->char_column = cp_count + 1;
        x->char_length = code_points(data + off, x->length);
        if (allowed)
            x->suppressed = SUP_INLINE;
        if (o->key && !fingerprint(w, f, x, data + off))
            return false;
        if (o->have_base) {
            char hx[65];
            hex32(x->fp, hx);
            /* an entry's path is in its fingerprint, so only the one
               thread that scans that path ever writes `seen` */
            baseline_entry *e = baseline_find(&o->base, hx);
            if (e) {
                e->seen = true;
                if (x->suppressed == SUP_NONE)
                    x->suppressed = SUP_BASELINE;
            }
        }
    }
    return true;
}

/* Write data[0, n) over path: a temporary file beside it with the same
   mode, synced, renamed over it. On any failure the temporary file is
   removed and the original is untouched. */
static bool write_atomic(scan_file *f, const char *data, size_t n, const file_form *form)
{
    struct stat st;
    if (lstat(f->path, &st) != 0) {
        snprintf(f->err, sizeof f->err, "--fix: cannot stat: %s", strerror(errno));
        f->fix_failed = true;
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        /* Renaming over a link would replace the link, not fix its target:
           an input error (exit 2), like a file that cannot be read. */
        snprintf(f->err, sizeof f->err, "--fix: not a regular file (a symbolic link?); "
                 "left as it was");
        return false;
    }
    f->fix_failed = true; /* until the rename is done */
    const char *slash = strrchr(f->path, '/');
    size_t dl = slash ? (size_t)(slash - f->path) + 1 : 0;
    char tmp[PATH_MAX];
    int k = snprintf(tmp, sizeof tmp, "%.*s.%s.phiscrub-XXXXXX", (int)dl, f->path,
                     f->path + dl);
    if (k <= 0 || (size_t)k >= sizeof tmp) {
        snprintf(f->err, sizeof f->err, "--fix: path too long");
        return false;
    }
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        snprintf(f->err, sizeof f->err, "--fix: cannot create a temporary file beside it: %s",
                 strerror(errno));
        return false;
    }
    sink out;
    bool ok = fchmod(fd, st.st_mode & 07777) == 0;
    int err = ok ? 0 : errno;
    if (ok) {
        ok = sink_open_fd(&out, fd, form->gz);
        out.sync = true;
        ok = ok && sink_set_encoding(&out, form->enc, form->bom);
        ok = ok && sink_write(&out, data, n);
        ok = sink_close(&out) && ok;
        err = out.err;
    } else {
        close(fd);
    }
    if (ok && rename(tmp, f->path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        unlink(tmp);
        snprintf(f->err, sizeof f->err, "--fix: cannot write the fixed file: %s; left as it was",
                 strerror(err ? err : EIO));
    } else {
        f->fix_failed = false;
    }
    return ok;
}

static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl + 1 : end;
}

/* Build the fixed file from the original and the redacted output, line by
   line: a line with an unsuppressed finding comes from the output, every
   other line from the original. The library keeps the lines (it masks
   within them and never across a newline); if the two do not line up the
   file is not touched. */
static bool place_findings(worker *w, scan_file *f, const char *data, size_t len);
static int run_stream(worker *w, bool keep);

/* After --fix --policy surrogate with a baseline: scan the fixed content
   again and keep the fingerprints of what the rewritten lines now hold
   (the surrogates), so that the baseline accepts them. *fixed is swapped
   with the worker's data buffer; the caller frees it. */
static bool accept_surrogates(worker *w, scan_file *f, bytes *fixed, const uint64_t *lines,
                              size_t nlines)
{
    scan_file tmp = {.path = f->path};
    bytes orig = w->data;
    w->data = *fixed;
    *fixed = orig;
    w->cur = &tmp;
    w->oom = false;
    phs_stream_reset(w->s);
    bool ok = run_stream(w, false) == PHS_OK && !w->oom &&
              place_findings(w, &tmp, w->data.p, w->data.len);
    size_t li = 0;
    for (size_t i = 0; ok && i < tmp.nfindings; i++) {
        const scan_finding *x = &tmp.findings[i];
        while (li < nlines && lines[li] < x->line)
            li++;
        if (li == nlines || lines[li] != x->line || x->suppressed != SUP_NONE || !x->has_fp)
            continue;
        if (PHS_GROW_PLAIN(f->accepted, f->capaccepted, f->naccepted + 1)) {
            ok = false;
            break;
        }
        scan_accepted *a = &f->accepted[f->naccepted++];
        hex32(x->fp, a->fingerprint);
        a->rule_id = x->rule_id;
        a->category = x->category;
    }
    free(tmp.findings);
    w->cur = f;
    return ok;
}

static bool fix_file(worker *w, scan_file *f, const file_form *form)
{
    const scan_opts *o = w->ctx->o;
    size_t unsup = 0;
    for (size_t i = 0; i < f->nfindings; i++)
        unsup += f->findings[i].suppressed == SUP_NONE;
    if (!unsup)
        return true;
    const char *ip = w->data.p, *iend = ip + w->data.len;
    const char *op = w->out.p, *oend = op + w->out.len;
    bytes res = {0};
    bool ok = bytes_reserve(&res, w->out.len > w->data.len ? w->out.len : w->data.len);
    size_t fi = 0;
    uint64_t *lines = NULL; /* the rewritten ones */
    size_t nlines = 0, caplines = 0;
    for (uint64_t line = 1; ok && (ip < iend || op < oend); line++) {
        if (ip == iend || op == oend) {
            ok = false;
            break;
        }
        const char *ie = line_end(ip, iend), *oe = line_end(op, oend);
        bool rewrite = false;
        while (fi < f->nfindings && f->findings[fi].line < line)
            fi++;
        for (size_t j = fi; j < f->nfindings && f->findings[j].line == line; j++)
            rewrite |= f->findings[j].suppressed == SUP_NONE;
        if (rewrite)
            ok = PHS_GROW_PLAIN(lines, caplines, nlines + 1) == 0;
        if (rewrite && ok)
            lines[nlines++] = line;
        const char *src = rewrite ? op : ip;
        size_t n = (size_t)((rewrite ? oe : ie) - src);
        ok = bytes_reserve(&res, res.len + n);
        if (ok) {
            memcpy(res.p + res.len, src, n);
            res.len += n;
        }
        ip = ie;
        op = oe;
    }
    if (!ok) {
        snprintf(f->err, sizeof f->err,
                 "--fix: the redacted lines do not line up with the file's (or out of "
                 "memory); left as it was");
        f->fatal = true;
        bytes_free(&res);
        free(lines);
        return false;
    }
    ok = write_atomic(f, res.p, res.len, form);
    if (ok) {
        f->fixed = unsup;
        if (o->policy == POLICY_SURROGATE && o->have_base &&
            !accept_surrogates(w, f, &res, lines, nlines)) {
            snprintf(f->err, sizeof f->err, "--fix: fixed, but the surrogates could not be "
                     "recorded in the baseline (out of memory)");
            f->fatal = true;
            ok = false;
        }
    }
    bytes_free(&res);
    free(lines);
    return ok;
}

/* Binary: NUL and control bytes other than the usual white space (tab,
   newline, CR, FF, VT, backspace, escape) are more than 1 in 64 of the
   first 8 KiB, and 2 at least. A text file with a stray NUL is text. */
static bool looks_binary(const char *p, size_t n)
{
    if (n > BINARY_PROBE)
        n = BINARY_PROBE;
    size_t odd = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)p[i];
        odd += (b < 0x20 && (b == 0 || !strchr("\t\n\r\f\v\b\x1b", b))) || b == 0x7f;
    }
    return odd >= 2 && odd * 64 > n;
}

static bool printable(unsigned char b) { return (b >= 0x20 && b < 0x7f) || b == '\t'; }

/* The length in characters of the run of printable ASCII at p, each
   character `step` bytes (1, or 2 for UTF-16LE: the second byte NUL). */
static size_t run_length(const unsigned char *p, const unsigned char *end, size_t step)
{
    size_t k = 0;
    while ((size_t)(end - p) >= step && printable(p[0]) && (step == 1 || p[1] == 0)) {
        p += step;
        k++;
    }
    return k;
}

/* A binary file's text as strings(1) shows it: its runs of 4 or more
   printable ASCII characters, and of UTF-16LE ones, a run a line. PHI in
   a binary file (a database, an archive member stored as it is, a core
   file) is found there. */
static bool text_runs(const bytes *in, bytes *out)
{
    const unsigned char *p = (const unsigned char *)in->p, *end = p + in->len;
    while (p < end) {
        size_t step = 2, k = run_length(p, end, 2);
        if (k < TEXT_RUN_MIN) {
            step = 1;
            k = run_length(p, end, 1);
        }
        if (k < TEXT_RUN_MIN) {
            p += k ? k : 1;
            continue;
        }
        if (!bytes_reserve(out, out->len + k + 1))
            return false;
        for (size_t i = 0; i < k; i++)
            out->p[out->len++] = (char)p[i * step];
        out->p[out->len++] = '\n';
        p += k * step;
    }
    return true;
}

/* The file's data is replaced by its text runs (the raw bytes cleared). */
static bool to_text_runs(worker *w)
{
    bytes_clear(&w->out);
    if (!text_runs(&w->data, &w->out))
        return false;
    bytes t = w->data;
    w->data = w->out;
    w->out = t;
    bytes_clear(&w->out);
    return true;
}

/* --fix does not rewrite a binary file: what its text runs hold stays,
   and that is an error (exit 2), never a pass. */
static void refuse_fix_binary(scan_file *f)
{
    for (size_t i = 0; i < f->nfindings; i++) {
        if (f->findings[i].suppressed == SUP_NONE) {
            snprintf(f->err, sizeof f->err, "--fix: a binary file is not rewritten; remove "
                     "the PHI from its text runs (LINE is the run) by hand");
            f->state = FILE_ERROR;
            return;
        }
    }
}

static void scan_one(worker *w, scan_file *f)
{
    const scan_opts *o = w->ctx->o;
    file_form form = {0};
    w->cur = f;
    w->oom = false;
    bytes_clear(&w->data);
    bytes_clear(&w->out);
    if (!read_whole(w, f, &form)) {
        f->state = FILE_ERROR;
        return;
    }
    bool binary = looks_binary(w->data.p, w->data.len);
    if (binary && !to_text_runs(w)) {
        f->state = FILE_ERROR;
        f->fatal = true;
        snprintf(f->err, sizeof f->err, "out of memory");
        return;
    }
    phs_stream_reset(w->s);
    int rc = run_stream(w, o->fix && !binary);
    for (size_t i = 0; !rc && i < w->ctx->nallow; i++)
        w->kept[i] += phs_stream_allow_kept(w->s, i);
    if (rc || w->oom) {
        f->state = FILE_ERROR;
        f->fatal = true;
        snprintf(f->err, sizeof f->err, "%s", w->oom ? "out of memory" : phs_strerror(rc));
        return;
    }
    if (!place_findings(w, f, w->data.p, w->data.len)) {
        f->state = FILE_ERROR;
        f->fatal = true;
        snprintf(f->err, sizeof f->err,
                 "cannot make a fingerprint (out of memory, or libcrypto failed)");
        return;
    }
    f->state = binary ? FILE_BINARY : FILE_SCANNED;
    if (o->fix && binary)
        refuse_fix_binary(f);
    else if (o->fix && !fix_file(w, f, &form))
        f->state = FILE_ERROR;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    scan_ctx *c = w->ctx;
    for (;;) {
        size_t i = atomic_fetch_add(&c->next, 1);
        if (i >= c->nfiles)
            break;
        if (c->files[i].state == FILE_PENDING) {
            scan_one(w, &c->files[i]);
            progress_file_done(w->data.len);
        }
    }
    bytes_clear(&w->data);
    bytes_clear(&w->out);
    bytes_clear(&w->msg);
    return NULL;
}

/* ----------------------------------------------------------- the command */

/* "scan" or "baseline", for messages */
static const char *cmd_name = "scan";

__attribute__((format(printf, 1, 2), noreturn)) static void scan_die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "phiscrub %s: ", cmd_name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'phiscrub %s --help'.\n", cmd_name);
    exit(SCAN_EXIT_INPUT);
}

enum {
    OPT_DATES = 256,
    OPT_NOCACHE,
    OPT_NOALLOW,
    OPT_FIX,
    OPT_POLICY,
    OPT_EXITZERO,
    OPT_FEXIT,
    OPT_MAXFILE,
    OPT_BASELINE,
    OPT_NODEFAULT
};

static unsigned parse_uint(const char *opt, const char *s, unsigned lo, unsigned hi)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
        scan_die_usage("%s: '%s' is not a number from %u to %u", opt, s, lo, hi);
    return (unsigned)v;
}

/* phiscrub baseline takes the engine's options and these only. */
static bool baseline_option(int ch)
{
    switch (ch) {
    case 'r': case 'd': case 'e': case 'j': case 'q': case 'k': case 'b': case 'h':
    case ':': case '?':
    case OPT_DATES: case OPT_NOALLOW: case OPT_MAXFILE: case OPT_NOCACHE: case OPT_BASELINE:
    case OPT_NODEFAULT:
        return true;
    default:
        return false;
    }
}

static void parse_scan_args(scan_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"no-default-rules", no_argument, NULL, OPT_NODEFAULT},
        {"disable", required_argument, NULL, 'd'},
        {"enable", required_argument, NULL, 'e'},
        {"dates", required_argument, NULL, OPT_DATES},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"jobs", required_argument, NULL, 'j'},
        {"no-allow", no_argument, NULL, OPT_NOALLOW},
        {"fix", no_argument, NULL, OPT_FIX},
        {"policy", required_argument, NULL, OPT_POLICY},
        {"exit-zero", no_argument, NULL, OPT_EXITZERO},
        {"findings-exit", required_argument, NULL, OPT_FEXIT},
        {"max-file-size", required_argument, NULL, OPT_MAXFILE},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"key-file", required_argument, NULL, 'k'},
        {"no-cache", no_argument, NULL, OPT_NOCACHE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char err[600];
    phs_options_init(&o->opts);
    o->findings_exit = SCAN_EXIT_FINDINGS;
    o->max_file = DEFAULT_MAX_FILE;
    static const char shortopts[] = ":r:d:e:f:o:qj:k:b:h";
    char prog[32];
    snprintf(prog, sizeof prog, "phiscrub %s", cmd_name);
    if (!cli_exact_long_options(prog, argc, argv, shortopts, longopts))
        exit(SCAN_EXIT_INPUT);
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (o->baseline_cmd && !baseline_option(ch))
            scan_die_usage("output and --fix options are for phiscrub scan, not phiscrub "
                           "baseline (it writes the baseline file)");
        switch (ch) {
        case 'r':
            if (o->nrules_paths == MAX_RULES_PATHS)
                scan_die_usage("--rules: at most %d (put the files in one folder)",
                               MAX_RULES_PATHS);
            o->rules_paths[o->nrules_paths++] = optarg;
            break;
        case OPT_NODEFAULT: o->no_default_rules = true; break;
        case 'd':
        case 'e':
            if (!cli_categories(&o->opts, optarg, ch == 'e', err, sizeof err))
                scan_die_usage("%s", err);
            break;
        case OPT_DATES:
            if (strcmp(optarg, "all") == 0)
                o->opts.date_policy = PHS_DATES_ALL;
            else if (strcmp(optarg, "context") == 0)
                o->opts.date_policy = PHS_DATES_CONTEXT;
            else
                scan_die_usage("--dates must be 'all' or 'context', not '%s'", optarg);
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                o->fmt = FMT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                o->fmt = FMT_JSON;
            else if (strcmp(optarg, "sarif") == 0)
                o->fmt = FMT_SARIF;
            else
                scan_die_usage("--format must be text, json or sarif, not '%s'", optarg);
            break;
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = true; break;
        case 'j': o->jobs = parse_uint("--jobs", optarg, 1, MAX_JOBS); break;
        case OPT_NOALLOW: o->no_allow = true; break;
        case OPT_FIX: o->fix = true; break;
        case OPT_POLICY:
            if (strcmp(optarg, "mask") == 0)
                o->policy = POLICY_MASK;
            else if (strcmp(optarg, "surrogate") == 0)
                o->policy = POLICY_SURROGATE;
            else
                scan_die_usage("--policy must be 'mask' or 'surrogate', not '%s'", optarg);
            break;
        case 'b':
            if (!o->baseline_cmd)
                scan_die_usage("unknown option '-b' (phiscrub scan takes --baseline FILE)");
            o->baseline_path = optarg;
            break;
        case OPT_BASELINE: o->baseline_path = optarg; break;
        case 'k': o->key_file = optarg; break;
        case OPT_EXITZERO: o->findings_exit = 0; break;
        case OPT_FEXIT:
            o->findings_exit = (int)parse_uint("--findings-exit", optarg, 0, 125);
            break;
        case OPT_MAXFILE:
            if (!cli_parse_size(optarg, SIZE_MAX, &o->max_file, NULL))
                scan_die_usage("--max-file-size: '%s' is not a size (K, M or G)", optarg);
            break;
        case OPT_NOCACHE: o->no_cache = true; break;
        case 'h':
            fputs(o->baseline_cmd ? baseline_usage : scan_usage, stdout);
            exit(SCAN_EXIT_CLEAN);
        case ':': scan_die_usage("option '%s' needs a value", argv[optind - 1]); break;
        default:
            if (optopt)
                scan_die_usage("unknown option '-%c'", optopt);
            scan_die_usage("unknown option '%s'", argv[optind - 1]);
            break;
        }
    }
    if (optind >= argc)
        scan_die_usage("no PATH to scan");
    if (o->policy == POLICY_SURROGATE && !o->fix)
        scan_die_usage("--policy goes with --fix");
    if (o->baseline_cmd && !o->baseline_path)
        o->baseline_path = DEFAULT_BASELINE;
}

static int build_db(scan_opts *o, phs_db **db)
{
    phs_error e;
    phs_rules *rules = NULL;
    char prog[32];
    snprintf(prog, sizeof prog, "phiscrub %s", cmd_name);
    int rc = cli_load_rules(prog, o->rules_paths, o->nrules_paths, o->no_default_rules, &rules);
    if (rc)
        return rc == 4 ? SCAN_EXIT_INTERNAL : SCAN_EXIT_INPUT;
    if (!o->no_cache) {
        o->opts.cache_dir = cli_cache_dir(o->cache_dir, sizeof o->cache_dir);
        o->opts.seed_dir = cli_seed_dir(o->seed_dir, sizeof o->seed_dir, o->opts.seed_dir);
    } else {
        o->opts.seed_dir = NULL;
    }
    /* Every category gets the --fix policy, whatever the rules' own
       `action` lines say: a dropped line would not line up with the file,
       and a tokenize line would want a key the scan has no use for. */
    for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
        o->opts.actions[c] = o->policy == POLICY_SURROGATE ? PHS_ACT_SURROGATE : PHS_ACT_MASK;
    o->opts.key = o->key;
    rc = phs_db_create(rules, &o->opts, db, &e);
    phs_rules_free(rules);
    if (rc == PHS_E_CRYPTO) {
        /* surrogates need HMAC from libcrypto; docs/policy.md on FIPS */
        fprintf(stderr, "phiscrub %s: %s\n", cmd_name, e.reason);
        return SCAN_EXIT_INTERNAL;
    }
    if (rc == PHS_E_NOMEM) {
        fprintf(stderr, "phiscrub %s: out of memory while compiling the rules\n", cmd_name);
        return SCAN_EXIT_INTERNAL;
    }
    if (rc) {
        cli_rules_error("cannot compile rules", rc, &e);
        return SCAN_EXIT_INPUT;
    }
    cli_cache_report(prog, *db, o->opts.cache_dir);
    return SCAN_EXIT_CLEAN;
}

static unsigned pick_jobs(const scan_opts *o, size_t nfiles)
{
    unsigned j = o->jobs;
    if (!j) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        j = n < 1 ? 1u : n > (long)MAX_JOBS ? MAX_JOBS : (unsigned)n;
    }
    if (nfiles < j)
        j = nfiles ? (unsigned)nfiles : 1u;
    return j;
}

/* Scan every pending file on `jobs` threads. Returns false when the
   threads or their streams could not be had. */
static bool run_workers(scan_ctx *c, unsigned jobs)
{
    worker *w = calloc(jobs, sizeof *w);
    if (!w)
        return false;
    bool ok = true;
    for (unsigned i = 0; i < jobs && ok; i++) {
        w[i].ctx = c;
        w[i].scratch = malloc(IO_CHUNK);
        w[i].kept = calloc(c->nallow ? c->nallow : 1, sizeof *w[i].kept);
        ok = w[i].scratch && w[i].kept && phs_stream_create(c->db, &w[i].s) == PHS_OK;
        if (ok)
            phs_stream_set_callback(w[i].s, on_finding, &w[i]);
    }
    /* the first worker is this thread; the others are started */
    for (unsigned i = 1; i < jobs && ok; i++) {
        if (pthread_create(&w[i].tid, NULL, worker_main, &w[i]) == 0)
            w[i].started = true;
        /* fewer threads is still a whole scan: the counter hands out every file */
    }
    if (ok)
        worker_main(&w[0]);
    for (unsigned i = 0; i < jobs; i++) {
        if (w[i].started)
            pthread_join(w[i].tid, NULL);
        for (size_t k = 0; ok && k < c->nallow; k++)
            c->kept[k] += w[i].kept[k];
        free(w[i].kept);
        phs_stream_free(w[i].s);
        bytes_free(&w[i].data);
        bytes_free(&w[i].out);
        bytes_free(&w[i].msg);
        if (w[i].scratch)
            explicit_bzero(w[i].scratch, IO_CHUNK);
        free(w[i].scratch);
    }
    free(w);
    return ok;
}

static void free_files(scan_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].path);
        free(f[i].findings);
        free(f[i].accepted);
    }
    free(f);
}

/* The key when a baseline, --key-file or surrogates need it, and the
   baseline. Returns an exit status, 0 to go on. */
static int load_key_and_baseline(scan_opts *o)
{
    if (o->baseline_path || o->key_file || o->policy == POLICY_SURROGATE) {
        int krc = keyopt_load(o->key_file, &o->key);
        if (krc)
            return krc; /* 2: a key that cannot be used; 4: libcrypto failed */
        if (!o->key) {
            fprintf(stderr, "phiscrub %s: %s\n", cmd_name,
                    o->baseline_path ? "a baseline needs a key: its fingerprints are keyed"
                                     : "--policy surrogate needs a key: surrogates are keyed");
            keyopt_hint();
            return SCAN_EXIT_INPUT;
        }
    }
    if (!o->baseline_path)
        return SCAN_EXIT_CLEAN;
    char err[400], id[17];
    phs_key_id(o->key, id);
    int rc = baseline_read(o->baseline_path, &o->base, err, sizeof err);
    if (rc == BASELINE_MISSING && o->baseline_cmd) {
        memcpy(o->base.key_id, id, sizeof id); /* a new baseline */
    } else if (rc != BASELINE_OK) {
        fprintf(stderr, "phiscrub %s: baseline %s: %s\n", cmd_name, o->baseline_path, err);
        return SCAN_EXIT_INPUT;
    }
    if (strcmp(id, o->base.key_id) != 0) {
        fprintf(stderr,
                "phiscrub %s: baseline %s: its fingerprints were made with the key %s, and "
                "this key is %s: none would match. Use that key, or remove the file and make "
                "it again with this key (phiscrub baseline).\n",
                cmd_name, o->baseline_path, o->base.key_id, id);
        return SCAN_EXIT_INPUT;
    }
    o->have_base = true;
    return SCAN_EXIT_CLEAN;
}

/* The baseline file is not scanned for PHI: it is written by phiscrub and
   holds fingerprints, rule ids and paths. */
static void drop_baseline_file(const scan_opts *o, path_list *pl)
{
    struct stat bs, st;
    if (!o->baseline_path || stat(o->baseline_path, &bs) != 0)
        return;
    const char *bn = strrchr(o->baseline_path, '/');
    bn = bn ? bn + 1 : o->baseline_path;
    size_t k = 0;
    for (size_t i = 0; i < pl->n; i++) {
        const char *fn = strrchr(pl->f[i].path, '/');
        fn = fn ? fn + 1 : pl->f[i].path;
        if (pl->f[i].state == FILE_PENDING && strcmp(fn, bn) == 0 &&
            stat(pl->f[i].path, &st) == 0 && st.st_dev == bs.st_dev && st.st_ino == bs.st_ino) {
            free(pl->f[i].path);
            continue;
        }
        pl->f[k++] = pl->f[i];
    }
    pl->n = k;
}

/* Which baseline entries belong to a file that was scanned: the stale ones
   among them are those no finding matched. */
static void mark_scanned(baseline *b, const scan_file *files, size_t n)
{
    for (size_t i = 0; i < b->n; i++) {
        scan_file key = {.path = b->e[i].path};
        const scan_file *f = n ? bsearch(&key, files, n, sizeof *files, cmp_file) : NULL;
        b->e[i].scanned = f && f->state == FILE_SCANNED;
    }
}

/* phiscrub baseline: the entries of files not scanned this time are kept;
   those of scanned files are replaced by what the scan found (inline
   suppressions excepted: they need no entry). */
static int update_baseline(scan_opts *o, const scan_result *r)
{
    baseline nb = {0};
    memcpy(nb.key_id, o->base.key_id, sizeof nb.key_id);
    size_t kept = 0, added = 0, stale = 0, same = 0;
    bool ok = true;
    for (size_t i = 0; i < o->base.n && ok; i++) {
        const baseline_entry *e = &o->base.e[i];
        if (e->scanned) {
            stale += !e->seen;
            continue;
        }
        ok = baseline_add(&nb, e->fingerprint, e->rule, e->path, e->category);
        kept++;
    }
    baseline_sort(&nb);
    for (size_t i = 0; i < r->nfiles && ok; i++) {
        const scan_file *f = &r->files[i];
        for (size_t j = 0; j < f->nfindings && ok; j++) {
            const scan_finding *x = &f->findings[j];
            if (x->suppressed == SUP_INLINE || !x->has_fp)
                continue;
            char hx[65];
            hex32(x->fp, hx);
            if (baseline_find(&nb, hx))
                continue; /* the same value twice in a file: one entry */
            same += baseline_find(&o->base, hx) != NULL;
            added += baseline_find(&o->base, hx) == NULL;
            ok = baseline_add(&nb, hx, x->rule_id, f->path, scan_category_name(x->category, x->rule_id));
            baseline_sort(&nb);
        }
    }
    char err[400] = "out of memory";
    ok = ok && baseline_write(o->baseline_path, &nb, err, sizeof err);
    if (!ok) {
        fprintf(stderr, "phiscrub baseline: %s: %s; left as it was\n", o->baseline_path, err);
        baseline_free(&nb);
        return SCAN_EXIT_OUTPUT;
    }
    if (!o->quiet)
        fprintf(stderr,
                "phiscrub baseline: %s: %zu entries: %zu new, %zu already there, %zu stale "
                "removed, %zu kept from files not scanned\n",
                o->baseline_path, nb.n, added, same, stale, kept);
    baseline_free(&nb);
    return SCAN_EXIT_CLEAN;
}

/* --fix --policy surrogate --baseline FILE: the surrogates written are
   accepted findings. Returns 0 or SCAN_EXIT_OUTPUT. */
static int record_surrogates(scan_opts *o, const scan_result *r)
{
    size_t added = 0;
    bool ok = true;
    for (size_t i = 0; i < r->nfiles && ok; i++) {
        const scan_file *f = &r->files[i];
        for (size_t j = 0; j < f->naccepted && ok; j++) {
            const scan_accepted *a = &f->accepted[j];
            if (baseline_find(&o->base, a->fingerprint))
                continue;
            ok = baseline_add(&o->base, a->fingerprint, a->rule_id, f->path,
                              scan_category_name(a->category, a->rule_id));
            baseline_sort(&o->base);
            added++;
        }
    }
    if (!added && ok)
        return SCAN_EXIT_CLEAN;
    char err[400] = "out of memory";
    if (!ok || !baseline_write(o->baseline_path, &o->base, err, sizeof err)) {
        fprintf(stderr, "phiscrub scan: %s: the surrogates written could not be recorded: %s\n",
                o->baseline_path, err);
        return SCAN_EXIT_OUTPUT;
    }
    fprintf(stderr, "phiscrub scan: %s: %zu surrogate%s written by --fix recorded as accepted\n",
            o->baseline_path, added, added == 1 ? "" : "s");
    return SCAN_EXIT_CLEAN;
}

static void tally(scan_result *r, bool *fatal, bool *fix_failed, const char *policy_done)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        const scan_file *f = &r->files[i];
        assert(f->state != FILE_PENDING);
        if (f->state == FILE_BINARY) {
            r->binary++;
        } else if (f->state == FILE_ERROR) {
            r->errors++;
            *fatal |= f->fatal;
            *fix_failed |= f->fix_failed && !f->fatal;
            fprintf(stderr, "phiscrub %s: %s: %s\n", cmd_name, f->path, f->err);
        }
        for (size_t j = 0; j < f->nfindings; j++) {
            scan_suppress s = f->findings[j].suppressed;
            r->findings += s == SUP_NONE;
            r->suppressed_inline += s == SUP_INLINE;
            r->suppressed_baseline += s == SUP_BASELINE;
        }
        if (f->fixed)
            fprintf(stderr, "phiscrub scan: fixed %s (%zu finding%s %s)\n", f->path, f->fixed,
                    f->fixed == 1 ? "" : "s", policy_done);
    }
}

/* Print the results; returns 0 or SCAN_EXIT_OUTPUT. */
/* On a terminal, the summary line ends with the findings by category. */
static void print_categories(const scan_result *r)
{
    uint64_t counts[PHS_CAT_COUNT] = {0};
    for (size_t i = 0; i < r->nfiles; i++)
        for (size_t k = 0; k < r->files[i].nfindings; k++) {
            const scan_finding *x = &r->files[i].findings[k];
            if (x->suppressed == SUP_NONE && x->category < PHS_CAT_COUNT)
                counts[x->category]++;
        }
    char cats[1024];
    progress_categories(cats, sizeof cats, counts);
    if (cats[0])
        fprintf(stderr, ": %s", cats);
}

static int report(const scan_opts *o, const scan_result *r)
{
    int status = SCAN_EXIT_CLEAN;
    FILE *out = stdout;
    if (o->output && strcmp(o->output, "-") != 0) {
        out = fopen(o->output, "w");
        if (!out) {
            fprintf(stderr, "phiscrub scan: cannot open output %s: %s\n", o->output,
                    strerror(errno));
            return SCAN_EXIT_OUTPUT;
        }
    }
    bool printed = scan_print(out, o->fmt, r);
    if (out == stdout)
        printed = fflush(stdout) == 0 && printed;
    else
        printed = fclose(out) == 0 && printed;
    if (!printed) {
        fprintf(stderr, "phiscrub scan: cannot write the findings: %s\n",
                errno == EPIPE ? "the reader closed the pipe" : strerror(errno));
        status = SCAN_EXIT_OUTPUT;
    }
    if (o->fmt == FMT_TEXT && !o->quiet) {
        size_t stale = 0;
        for (size_t i = 0; r->base && i < r->base->n; i++)
            stale += r->base->e[i].scanned && !r->base->e[i].seen;
        fprintf(stderr, "phiscrub scan: %zu finding%s in %zu file%s", r->findings,
                r->findings == 1 ? "" : "s", r->nfiles, r->nfiles == 1 ? "" : "s");
        if (r->suppressed_inline || r->suppressed_baseline)
            fprintf(stderr, " (%zu suppressed inline, %zu by the baseline)",
                    r->suppressed_inline, r->suppressed_baseline);
        if (r->kept_by_policy)
            fprintf(stderr, "; %" PRIu64 " kept by the site policy",
                    r->kept_by_policy);
        if (stale)
            fprintf(stderr, "; %zu stale baseline entr%s", stale, stale == 1 ? "y" : "ies");
        if (r->binary)
            fprintf(stderr, "; %zu binary (text runs searched)", r->binary);
        if (r->errors)
            fprintf(stderr, "; %zu error%s", r->errors, r->errors == 1 ? "" : "s");
        if (progress_on_terminal())
            print_categories(r);
        fputs("\n", stderr);
    }
    return status;
}

static void free_opts(scan_opts *o)
{
    baseline_free(&o->base);
    phs_key_free(o->key);
    o->key = NULL;
}

/* Both subcommands: parse, list the files, scan them, then report or
   update the baseline. */
static int scan_command(int argc, char **argv, bool baseline_cmd)
{
    scan_opts o = {0};
    o.baseline_cmd = baseline_cmd;
    cmd_name = baseline_cmd ? "baseline" : "scan";
    parse_scan_args(&o, argc, argv);
    signal(SIGPIPE, SIG_IGN);
    /* the workers' buffers hold whole files of raw PHI: no core dumps */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    int status = load_key_and_baseline(&o);
    if (status) {
        free_opts(&o);
        return status;
    }

    path_list pl = {0};
    for (int i = optind; i < argc && !pl.oom; i++)
        add_path(&pl, argv[i], true, 0);
    if (pl.oom) {
        fprintf(stderr, "phiscrub %s: out of memory listing the files\n", cmd_name);
        free_files(pl.f, pl.n);
        free_opts(&o);
        return SCAN_EXIT_INTERNAL;
    }
    if (pl.n)
        qsort(pl.f, pl.n, sizeof *pl.f, cmp_file);
    /* a file named twice (or inside a folder also named) is scanned once */
    size_t k = 0;
    for (size_t i = 0; i < pl.n; i++) {
        if (k && strcmp(pl.f[k - 1].path, pl.f[i].path) == 0) {
            free(pl.f[i].path);
            continue;
        }
        pl.f[k++] = pl.f[i];
    }
    pl.n = k;
    drop_baseline_file(&o, &pl);
    for (size_t i = 0; i < pl.n; i++) {
        if (o.fix && strcmp(pl.f[i].path, "-") == 0) {
            pl.f[i].state = FILE_ERROR;
            snprintf(pl.f[i].err, sizeof pl.f[i].err, "--fix cannot rewrite standard input");
        }
    }

    phs_db *db = NULL;
    status = build_db(&o, &db);
    if (status) {
        free_files(pl.f, pl.n);
        free_opts(&o);
        return status;
    }
    scan_ctx c = {.o = &o, .db = db, .files = pl.f, .nfiles = pl.n,
                  .nallow = phs_db_allow_count(db)};
    c.kept = calloc(c.nallow ? c.nallow : 1, sizeof *c.kept);
    atomic_init(&c.next, 0);
    size_t pending = 0;
    for (size_t i = 0; i < pl.n; i++)
        pending += pl.f[i].state == FILE_PENDING;
    progress_begin(PROGRESS_SCAN, baseline_cmd ? "phiscrub baseline" : "phiscrub scan", pending,
                   o.quiet ? PROGRESS_QUIET : 0);
    bool workers_ok = c.kept && run_workers(&c, pick_jobs(&o, pl.n));
    progress_end();
    if (!workers_ok) {
        fprintf(stderr, "phiscrub %s: out of memory starting the scan\n", cmd_name);
        free(c.kept);
        phs_db_free(db);
        free_files(pl.f, pl.n);
        free_opts(&o);
        return SCAN_EXIT_INTERNAL;
    }
    if (o.have_base)
        mark_scanned(&o.base, pl.f, pl.n);

    scan_result r = {.db = db, .files = pl.f, .nfiles = pl.n, .fix = o.fix,
                     .base = o.have_base ? &o.base : NULL, .allow_kept = c.kept,
                     .nallow = c.nallow};
    for (size_t i = 0; i < c.nallow; i++)
        r.kept_by_policy += c.kept[i];
    bool fatal = false, fix_failed = false;
    tally(&r, &fatal, &fix_failed,
          o.policy == POLICY_SURROGATE ? "replaced by surrogates" : "masked");
    if (o.fix && o.policy == POLICY_SURROGATE && o.have_base && !fatal)
        status = record_surrogates(&o, &r);
    if (baseline_cmd) {
        /* an incomplete scan would drop the entries of the files it missed */
        if (!fatal && !r.errors)
            status = update_baseline(&o, &r);
        else
            fprintf(stderr, "phiscrub baseline: %s not updated: not every file could be "
                    "scanned\n", o.baseline_path);
    } else {
        int st = report(&o, &r);
        status = status ? status : st;
    }
    free(c.kept);
    phs_db_free(db);
    free_files(pl.f, pl.n);
    free_opts(&o);

    if (fatal)
        return SCAN_EXIT_INTERNAL;
    if (status)
        return status;
    if (fix_failed)
        return SCAN_EXIT_OUTPUT;
    if (r.errors)
        return SCAN_EXIT_INPUT;
    if (baseline_cmd)
        return SCAN_EXIT_CLEAN;
    return r.findings ? o.findings_exit : SCAN_EXIT_CLEAN;
}

int scan_main(int argc, char **argv) { return scan_command(argc, argv, false); }

int baseline_main(int argc, char **argv) { return scan_command(argc, argv, true); }

/* Progress on a terminal, and the closing summary (progress.h). A ticker
   thread draws; the commands only add to counters, so a run without a
   terminal pays nothing but an atomic add per file or read. */
#define _GNU_SOURCE
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TICK_MS 200
#define FIRST_TICK_MS 300 /* a short run shows nothing */

static struct {
    bool tty;    /* stderr is a terminal and not --quiet */
    bool running;
    progress_kind kind;
    const char *label;
    size_t nfiles;
    struct timespec t0;
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    atomic_uint_fast64_t files_done, bytes_done; /* scan; pipe: finished inputs */
    atomic_uint_fast64_t cur_off;                /* pipe: offset in this input */
    /* pipe, under mu: the input being read */
    bool have_input;
    size_t index;
    char name[256];
    uint64_t size;
    size_t drawn; /* columns of the line on screen, under mu */
} P = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static double elapsed(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - P.t0.tv_sec) + (double)(t.tv_nsec - P.t0.tv_nsec) / 1e9;
}

/* 1234567 -> "1,234,567" */
static const char *grouped(uint64_t v, char buf[32])
{
    char raw[24];
    int n = snprintf(raw, sizeof raw, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}

/* Decimal units, one decimal place: "45.6 MB". */
static const char *human(double b, char buf[24])
{
    static const char *const unit[] = {"B", "KB", "MB", "GB", "TB"};
    unsigned u = 0;
    while (b >= 1000 && u < 4) {
        b /= 1000;
        u++;
    }
    snprintf(buf, 24, u ? "%.1f %s" : "%.0f %s", b, unit[u]);
    return buf;
}

static size_t columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
        return ws.ws_col;
    return 80;
}

/* The line for now into buf; false when there is nothing to show. */
static bool render(char *buf, size_t cap)
{
    double t = elapsed();
    char a[24], b[24], r[24], g1[32], g2[32];
    if (P.kind == PROGRESS_SCAN) {
        uint64_t bytes = atomic_load(&P.bytes_done);
        snprintf(buf, cap, "%s: %s of %s files, %s, %s/s", P.label,
                 grouped(atomic_load(&P.files_done), g1), grouped(P.nfiles, g2),
                 human((double)bytes, a), human(t > 0 ? (double)bytes / t : 0, r));
        return true;
    }
    if (!P.have_input)
        return false; /* standard input from a pipe: no end to count towards */
    uint64_t off = atomic_load(&P.cur_off);
    uint64_t all = atomic_load(&P.bytes_done) + off;
    char which[48] = "";
    if (P.nfiles > 1)
        snprintf(which, sizeof which, "%zu/%zu ", P.index + 1, P.nfiles);
    snprintf(buf, cap, "%s: %s%s: %s of %s (%.0f%%), %s/s", P.label, which, P.name,
             human((double)off, a), human((double)P.size, b),
             P.size ? 100.0 * (double)off / (double)P.size : 100.0,
             human(t > 0 ? (double)all / t : 0, r));
    return true;
}

/* Under mu: replace the line on screen by `line` (NULL: clear it), in one
   write: "\r", the text, blanks over what a longer line left, and when
   there were blanks "\r" and the text again, so the cursor ends after it. */
static void draw(const char *line)
{
    char out[2048];
    size_t max = columns() - 1, len = line ? strlen(line) : 0;
    if (len > max)
        len = max;
    if (len > 600)
        len = 600;
    size_t pad = P.drawn > len ? P.drawn - len : 0;
    if (pad > 600)
        pad = 600;
    size_t n = 0;
    out[n++] = '\r';
    memcpy(out + n, line ? line : "", len);
    n += len;
    memset(out + n, ' ', pad);
    n += pad;
    if (pad) {
        out[n++] = '\r';
        memcpy(out + n, line ? line : "", len);
        n += len;
    }
    if (write(STDERR_FILENO, out, n) < 0) {
        /* progress is a courtesy: a failed write changes nothing */
    }
    P.drawn = len;
}

static void *ticker(void *arg)
{
    (void)arg;
    char line[512];
    pthread_mutex_lock(&P.mu);
    long wait_ms = FIRST_TICK_MS;
    while (!P.stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += wait_ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&P.cv, &P.mu, &until);
        if (P.stop)
            break;
        if (render(line, sizeof line))
            draw(line);
        wait_ms = TICK_MS;
    }
    pthread_mutex_unlock(&P.mu);
    return NULL;
}

void progress_begin(progress_kind kind, const char *label, size_t nfiles, unsigned flags)
{
    P.tty = !(flags & PROGRESS_QUIET) && isatty(STDERR_FILENO);
    P.kind = kind;
    P.label = label;
    P.nfiles = nfiles;
    clock_gettime(CLOCK_MONOTONIC, &P.t0);
    if (P.tty && !(flags & PROGRESS_NO_TICKER) && pthread_create(&P.tid, NULL, ticker, NULL) == 0)
        P.running = true;
}

void progress_input(const char *name, int fd)
{
    static size_t next;
    if (!P.running)
        return;
    struct stat st;
    pthread_mutex_lock(&P.mu);
    if (P.have_input)
        atomic_fetch_add(&P.bytes_done, atomic_load(&P.cur_off));
    atomic_store(&P.cur_off, 0);
    P.have_input = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    P.size = P.have_input ? (uint64_t)st.st_size : 0;
    P.index = next++;
    snprintf(P.name, sizeof P.name, "%s", strcmp(name, "-") == 0 ? "standard input" : name);
    pthread_mutex_unlock(&P.mu);
}

void progress_read(int fd)
{
    if (!P.running || !P.have_input)
        return;
    /* the raw offset, so a gzip input counts its compressed bytes */
    off_t at = lseek(fd, 0, SEEK_CUR);
    if (at >= 0)
        atomic_store(&P.cur_off, (uint64_t)at);
}

void progress_file_done(uint64_t bytes)
{
    atomic_fetch_add(&P.files_done, 1);
    atomic_fetch_add(&P.bytes_done, bytes);
}

void progress_pause(void)
{
    if (!P.running)
        return;
    pthread_mutex_lock(&P.mu);
    if (P.drawn)
        draw(NULL);
    pthread_mutex_unlock(&P.mu);
}

void progress_end(void)
{
    if (!P.running)
        return;
    pthread_mutex_lock(&P.mu);
    P.stop = true;
    pthread_cond_signal(&P.cv);
    pthread_mutex_unlock(&P.mu);
    pthread_join(P.tid, NULL);
    P.running = false;
    if (P.drawn)
        draw(NULL);
}

bool progress_on_terminal(void) { return P.tty; }

void progress_categories(char *buf, size_t cap, const uint64_t counts[PHS_CAT_COUNT])
{
    bool used[PHS_CAT_COUNT] = {false};
    size_t n = 0;
    buf[0] = '\0';
    for (;;) {
        int best = -1;
        for (int c = 0; c < PHS_CAT_COUNT; c++)
            if (!used[c] && counts[c] && (best < 0 || counts[c] > counts[best]))
                best = c;
        if (best < 0)
            break;
        used[best] = true;
        char g[32];
        int w = snprintf(buf + n, cap - n, "%s%s %s", n ? ", " : "",
                         phs_category_name((phs_category)best), grouped(counts[best], g));
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

void progress_summary(const uint64_t counts[PHS_CAT_COUNT], uint64_t findings,
                      const char *units, uint64_t nunits)
{
    if (!P.tty)
        return;
    char cats[1024], g1[32], g2[32];
    progress_categories(cats, sizeof cats, counts);
    fprintf(stderr, "%s: %s finding%s in %s %s, %.1f s%s%s\n", P.label, grouped(findings, g1),
            findings == 1 ? "" : "s", grouped(nunits, g2), units, elapsed(), cats[0] ? ": " : "",
            cats);
}

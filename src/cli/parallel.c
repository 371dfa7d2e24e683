/* -j N: one input redacted on N worker threads over the public library API.

   The reader (the calling thread) cuts the input into blocks of whole
   lines and queues them in a ring of slots; each worker takes the next
   block, redacts it through its own phs_stream (the db is shared and
   immutable) into the slot's output buffer and records the block's
   findings and counts; a writer thread writes the slots in input order,
   turning the findings' block-relative lines and offsets into the
   input's. Detection is per line, and a block always ends at a newline,
   so the bytes are those of one thread.

   A line longer than a block is not split between streams: the reader
   marks the block "open", the next one "continued", and the worker that
   took the open block also takes its continuation (workers take blocks in
   queue order, so it is the next one it takes), on the same stream.

   Latency: on a pipe, the reader hands over the whole lines it has as soon
   as a read would block, or when the oldest of them has waited
   HOLD_NS, so a line on a quiet pipe is out as soon as it is redacted. */
#define _GNU_SOURCE
#include "parallel.h"
#include "progress.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HOLD_NS 20000000ull /* 20 ms */

typedef enum { J_FREE, J_QUEUED, J_BUSY, J_DONE } job_state;

typedef struct job {
    char *in;               /* block_size bytes: whole lines of the input */
    size_t in_len, in_used; /* in_used: most ever filled, what free clears */
    char *out;
    size_t out_len, out_cap, out_used;
    phs_finding *fnd;       /* offsets and lines relative to the chain */
    size_t nfnd, capfnd;
    uint64_t chain_offset;  /* input offset where the worker's stream began */
    bool cont;              /* continues the previous block's last line */
    bool open;              /* ends inside a line that the next block ends */
    bool last;              /* the input's last block: flush the stream */
    bool abort;             /* the input was cut short after this block */
    int rc;                 /* a library error: the input fails */
    phs_stats st;           /* this block's counters */
    uint64_t *rules;        /* this block's counters (see counter) */
    job_state state;
} job;

typedef struct worker {
    par_pool *p;
    unsigned id;
    pthread_t th;
    phs_stream *s;
    job *cur;               /* the block being redacted, for the callback */
    bool fnd_oom;
    phs_stats snap;         /* counters at the end of the previous block */
    uint64_t *snap_rules;
} worker;

struct par_pool {
    const phs_db *db;
    size_t nrules;
    size_t ncounters;       /* nrules + allow entries + 1 (values redacted by key) */
    size_t block;
    FILE *findings;
    unsigned nworkers, started;
    worker *w;
    job *jobs;
    size_t njobs;           /* ring: block number k lives in jobs[k % njobs] */
    pthread_mutex_t mu;
    pthread_cond_t work_cv; /* a block was queued (or stop) */
    pthread_cond_t done_cv; /* a block was redacted (or the reader ended) */
    pthread_cond_t free_cv; /* a block was written: its slot is free */
    uint64_t next_fill, next_take, next_write;
    unsigned chain_owner;   /* the worker that took the last open block */
    bool stop;
    /* the current input */
    bool reading;
    run_status failed;      /* set by the writer: stop reading */
    sink *out;
    const char *path;
    totals *t;
    uint64_t lines_before;  /* lines of the blocks written so far */
    uint64_t chain_lines;   /* lines before the current chain's first block */
    char *carry;            /* the partial last line, for the next block */
    size_t carry_used;
};

static job *slot(par_pool *p, uint64_t k) { return &p->jobs[k % p->njobs]; }

unsigned par_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* ------------------------------------------------------------- workers */

/* Grow the block's output to twice its room, clearing the old copy: it
   holds redacted text, but a half-written span may sit at its end. */
static bool grow_out(job *j, phs_outbuf *ob)
{
    size_t cap = j->out_cap * 2;
    char *n = malloc(cap);
    if (!n)
        return false;
    memcpy(n, j->out, ob->pos);
    explicit_bzero(j->out, j->out_used > ob->pos ? j->out_used : ob->pos);
    free(j->out);
    j->out = n;
    j->out_cap = cap;
    j->out_used = ob->pos;
    ob->dst = n;
    ob->size = cap;
    return true;
}

static bool reserve_out(job *j, size_t need)
{
    if (j->out_cap >= need)
        return true;
    char *n = malloc(need);
    if (!n)
        return false;
    if (j->out) {
        explicit_bzero(j->out, j->out_used);
        free(j->out);
    }
    j->out = n;
    j->out_cap = need;
    j->out_used = 0;
    return true;
}

static void on_finding(const phs_finding *f, void *user)
{
    worker *w = user;
    job *j = w->cur;
    if (j->nfnd == j->capfnd) {
        size_t nc = j->capfnd ? j->capfnd * 2 : 256;
        phs_finding *v = realloc(j->fnd, nc * sizeof *v); /* offsets, no values */
        if (!v) {
            w->fnd_oom = true;
            return;
        }
        j->fnd = v;
        j->capfnd = nc;
    }
    j->fnd[j->nfnd++] = *f;
}

static void stats_delta(phs_stats *d, const phs_stats *now, const phs_stats *then)
{
    d->bytes_in = now->bytes_in - then->bytes_in;
    d->bytes_out = now->bytes_out - then->bytes_out;
    d->lines = now->lines - then->lines;
    d->lines_with_findings = now->lines_with_findings - then->lines_with_findings;
    d->lines_masked_whole = now->lines_masked_whole - then->lines_masked_whole;
    d->lines_dropped = now->lines_dropped - then->lines_dropped;
    d->findings = now->findings - then->findings;
    for (unsigned i = 0; i < PHS_CAT_COUNT; i++)
        d->per_category[i] = now->per_category[i] - then->per_category[i];
}

/* A stream's per-rule counts, then what each allow entry kept, then the
   values its key policy redacted: one array, so a block's share is one
   subtraction per entry. */
static uint64_t counter(const par_pool *p, const phs_stream *s, size_t i)
{
    if (i < p->nrules)
        return phs_stream_rule_count(s, i);
    if (i < p->ncounters - 1)
        return phs_stream_allow_kept(s, i - p->nrules);
    return phs_stream_redacted(s);
}

/* This block's counters: the stream's since the previous block of its
   chain (a chain starts with a reset). */
static void take_counts(worker *w, job *j)
{
    phs_stats now;
    phs_stream_stats(w->s, &now);
    stats_delta(&j->st, &now, &w->snap);
    w->snap = now;
    for (size_t r = 0; r < w->p->ncounters; r++) {
        uint64_t c = counter(w->p, w->s, r);
        j->rules[r] = c - w->snap_rules[r];
        w->snap_rules[r] = c;
    }
}

static int feed_all(worker *w, job *j, phs_outbuf *ob)
{
    phs_inbuf ib = {j->in, j->in_len, 0};
    for (;;) {
        int rc = phs_stream_feed(w->s, ob, &ib);
        if (rc)
            return rc;
        if (ib.pos == ib.size && phs_stream_pending(w->s) == 0)
            return PHS_OK;
        if (!grow_out(j, ob))
            return PHS_E_NOMEM;
    }
}

static int flush_all(worker *w, job *j, phs_outbuf *ob)
{
    for (;;) {
        size_t rem;
        int rc = phs_stream_flush(w->s, ob, &rem);
        if (rc || rem == 0)
            return rc;
        if (!grow_out(j, ob))
            return PHS_E_NOMEM;
    }
}

static void redact_job(worker *w, job *j)
{
    if (!j->cont) {
        phs_stream_reset(w->s);
        memset(&w->snap, 0, sizeof w->snap);
        memset(w->snap_rules, 0, w->p->ncounters * sizeof *w->snap_rules);
    }
    w->cur = j;
    w->fnd_oom = false;
    j->nfnd = 0;
    j->out_len = 0;
    int rc = reserve_out(j, j->in_len + j->in_len / 8 + 4096) ? PHS_OK : PHS_E_NOMEM;
    phs_outbuf ob = {j->out, j->out_cap, 0};
    if (rc == PHS_OK)
        rc = feed_all(w, j, &ob);
    if (rc == PHS_OK && j->abort)
        rc = phs_stream_abort_line(w->s);
    if (rc == PHS_OK && j->last)
        rc = flush_all(w, j, &ob);
    j->out_len = ob.pos;
    if (j->out_len > j->out_used)
        j->out_used = j->out_len;
    take_counts(w, j);
    j->rc = rc ? rc : w->fnd_oom ? PHS_E_NOMEM : PHS_OK;
}

/* Workers take blocks in queue order; a continued block waits for the
   worker whose stream holds the start of its line. */
static bool can_take(const par_pool *p, unsigned id)
{
    if (p->next_take >= p->next_fill)
        return false;
    const job *j = &p->jobs[p->next_take % p->njobs];
    return !j->cont || p->chain_owner == id;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    par_pool *p = w->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && !can_take(p, w->id))
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (p->stop)
            break;
        job *j = slot(p, p->next_take++);
        j->state = J_BUSY;
        if (j->open)
            p->chain_owner = w->id;
        bool skip = p->failed != RUN_OK; /* the writer writes no more */
        if (p->next_take < p->next_fill)
            pthread_cond_broadcast(&p->work_cv);
        pthread_mutex_unlock(&p->mu);
        if (skip)
            j->rc = PHS_OK, j->out_len = 0, j->nfnd = 0;
        else
            redact_job(w, j);
        pthread_mutex_lock(&p->mu);
        j->state = J_DONE;
        pthread_cond_signal(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* -------------------------------------------------------------- writer */

static void add_counts(totals *t, const job *j, size_t nrules)
{
    const uint64_t *allow = j->rules + nrules;
    const phs_stats *s = &j->st;
    t->st.bytes_in += s->bytes_in;
    t->st.bytes_out += s->bytes_out;
    t->st.lines += s->lines;
    t->st.lines_with_findings += s->lines_with_findings;
    t->st.lines_masked_whole += s->lines_masked_whole;
    t->st.lines_dropped += s->lines_dropped;
    t->st.findings += s->findings;
    for (unsigned i = 0; i < PHS_CAT_COUNT; i++)
        t->st.per_category[i] += s->per_category[i];
    for (size_t i = 0; i < nrules; i++)
        t->rule_counts[i] += j->rules[i];
    for (size_t i = 0; i < t->nallow; i++)
        t->allow_kept[i] += allow[i];
    t->redacted += allow[t->nallow];
}

static run_status write_job(par_pool *p, job *j)
{
    add_counts(p->t, j, p->nrules);
    if (j->rc) {
        fprintf(stderr, "phiscrub: %s: %s\n", p->path, phs_strerror(j->rc));
        return RUN_INTERNAL;
    }
    if (!j->cont)
        p->chain_lines = p->lines_before;
    for (size_t i = 0; p->findings && i < j->nfnd; i++) {
        phs_finding f = j->fnd[i];
        f.offset += j->chain_offset;
        f.line += p->chain_lines;
        findings_line(p->findings, p->path, &f);
    }
    p->lines_before += j->st.lines;
    return sink_write(p->out, j->out, j->out_len) ? RUN_OK : RUN_OUTPUT_ERR;
}

/* Write the blocks in order as they are done, until the reader has ended
   and every block it queued is written. */
static void *writer_main(void *arg)
{
    par_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->next_write < p->next_fill) {
            if (slot(p, p->next_write)->state != J_DONE) {
                /* Issue 15's rule (output every 100 ms while data waits)
                   is kept here: whatever was written has gone to the
                   sink; a sink that buffers is flushed before waiting. */
                pthread_cond_wait(&p->done_cv, &p->mu);
                continue;
            }
        } else if (p->reading) {
            pthread_cond_wait(&p->done_cv, &p->mu);
            continue;
        } else {
            break;
        }
        job *j = slot(p, p->next_write);
        bool failed = p->failed != RUN_OK;
        pthread_mutex_unlock(&p->mu);
        run_status r = failed ? RUN_OK : write_job(p, j);
        pthread_mutex_lock(&p->mu);
        if (r != RUN_OK && p->failed == RUN_OK)
            p->failed = r;
        j->state = J_FREE;
        p->next_write++;
        pthread_cond_signal(&p->free_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* -------------------------------------------------------------- reader */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Would the next source_read wait for the writer of a pipe? Bytes read
   but not yet handed out come back at once; gzip may hold some inside
   zlib, so a gzip source counts as blocking when its descriptor has
   nothing (handing over early is harmless). */
static bool would_block(const source *src)
{
    if (src->eof)
        return false;
    if (!src->is_gzip && src->raw_pos < src->raw_len)
        return false;
    struct pollfd pf = {.fd = src->fd, .events = POLLIN};
    return poll(&pf, 1, 0) == 0;
}

/* The next free slot, or NULL once the writer has failed. */
static job *acquire(par_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->failed == RUN_OK && p->next_fill - p->next_write >= p->njobs)
        pthread_cond_wait(&p->free_cv, &p->mu);
    job *j = p->failed == RUN_OK ? slot(p, p->next_fill) : NULL;
    pthread_mutex_unlock(&p->mu);
    return j;
}

static void publish(par_pool *p, job *j)
{
    pthread_mutex_lock(&p->mu);
    j->state = J_QUEUED;
    p->next_fill++;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
}

/* Fill j->in after the carried partial line. Returns the length read;
   *nl_end is one past its last newline (0 for none), *end is set at the
   end of the input or an error. */
static size_t fill(par_pool *p, source *src, bool may_block, job *j, size_t len, size_t *nl_end,
                   bool *end)
{
    uint64_t held = 0;
    *nl_end = 0;
    *end = false;
    while (len < p->block) {
        if (*nl_end && may_block && (would_block(src) || now_ns() - held >= HOLD_NS))
            break;
        size_t n = source_read(src, j->in + len, p->block - len);
        progress_read(src->fd);
        if (n == 0) {
            *end = true;
            break;
        }
        const char *nl = memrchr(j->in + len, '\n', n);
        len += n;
        if (nl) {
            if (!*nl_end && may_block)
                held = now_ns();
            *nl_end = (size_t)(nl - j->in) + 1;
        }
    }
    if (len > j->in_used)
        j->in_used = len;
    return len;
}

static void read_blocks(par_pool *p, source *src, bool may_block)
{
    uint64_t offset = 0, chain_offset = 0;
    bool cont = false;
    size_t carry = 0;
    for (;;) {
        job *j = acquire(p);
        if (!j)
            return;
        memcpy(j->in, p->carry, carry);
        size_t nl_end;
        bool end;
        size_t len = fill(p, src, may_block, j, carry, &nl_end, &end);
        explicit_bzero(p->carry, carry);
        carry = 0;
        if (end && len == 0 && !cont)
            return; /* nothing left for a stream to finish */
        j->cont = cont;
        j->last = end;
        j->abort = end && (src->err[0] || src->stopped); /* the cut line is masked */
        j->open = false;
        if (end || !nl_end) {
            j->in_len = len;
            j->open = !end; /* a full block inside one line */
        } else {
            j->in_len = nl_end;
            carry = len - nl_end;
            memcpy(p->carry, j->in + nl_end, carry);
            if (carry > p->carry_used)
                p->carry_used = carry;
        }
        j->chain_offset = cont ? chain_offset : offset;
        chain_offset = j->chain_offset;
        offset += j->in_len;
        cont = j->open;
        publish(p, j);
        if (end)
            return;
    }
}

run_status par_input(par_pool *p, const char *path, int enc, sink *out, totals *t)
{
    source src;
    if (!source_open_as(&src, path, enc)) {
        progress_pause();
        fprintf(stderr, "phiscrub: %s: %s\n", path, src.err);
        bool nomem = src.nomem;
        source_close(&src);
        return nomem ? RUN_INTERNAL : RUN_INPUT_ERR;
    }
    /* the output goes out in the first input's encoding, as with one thread */
    if (!out->encoding_set && !sink_set_encoding(out, src.enc, src.bom)) {
        source_close(&src);
        fputs("phiscrub: out of memory before reading any input; give phiscrub more memory\n",
              stderr);
        return RUN_INTERNAL;
    }
    progress_input(path, src.fd);
    struct stat sb;
    bool may_block = !(fstat(src.fd, &sb) == 0 && S_ISREG(sb.st_mode));
    p->out = out;
    p->path = path;
    p->t = t;
    p->lines_before = p->chain_lines = 0;
    p->failed = RUN_OK;
    p->reading = true;
    pthread_t wt;
    if (pthread_create(&wt, NULL, writer_main, p) != 0) {
        fprintf(stderr, "phiscrub: %s: cannot start a thread\n", path);
        source_close(&src);
        return RUN_INTERNAL;
    }
    pthread_setname_np(wt, "phs-writer"); /* for top -H and perf */
    read_blocks(p, &src, may_block);
    pthread_mutex_lock(&p->mu);
    p->reading = false;
    pthread_cond_signal(&p->done_cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(wt, NULL);
    run_status st = p->failed;
    if (st == RUN_OK && src.err[0]) {
        /* what was read before the error has been written, redacted */
        progress_pause();
        fprintf(stderr, "phiscrub: %s: %s\n", path, src.err);
        st = RUN_INPUT_ERR;
    } else if (st == RUN_OK && src.stopped) {
        st = RUN_STOPPED; /* what was read in full has been written */
    }
    source_close(&src);
    return st;
}

/* ---------------------------------------------------------------- pool */

static void stop_workers(par_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->started; i++)
        pthread_join(p->w[i].th, NULL);
    p->started = 0;
}

void par_free(par_pool *p)
{
    if (!p)
        return;
    stop_workers(p);
    for (unsigned i = 0; p->w && i < p->nworkers; i++) {
        phs_stream_free(p->w[i].s); /* clears its own buffers */
        free(p->w[i].snap_rules);
    }
    for (size_t i = 0; p->jobs && i < p->njobs; i++) {
        job *j = &p->jobs[i];
        if (j->in)
            explicit_bzero(j->in, j->in_used);
        if (j->out)
            explicit_bzero(j->out, j->out_used);
        free(j->in);
        free(j->out);
        free(j->fnd);
        free(j->rules);
    }
    if (p->carry)
        explicit_bzero(p->carry, p->carry_used);
    free(p->carry);
    free(p->jobs);
    free(p->w);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    pthread_cond_destroy(&p->free_cv);
    free(p);
}

par_pool *par_create(const phs_db *db, unsigned workers, size_t block, FILE *findings)
{
    if (workers < 2 || workers > PAR_MAX_JOBS || block < PAR_MIN_BLOCK || block > PAR_MAX_BLOCK)
        return NULL;
    par_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    pthread_cond_init(&p->free_cv, NULL);
    p->db = db;
    p->nrules = phs_db_rule_count(db);
    p->ncounters = p->nrules + phs_db_allow_count(db) + 1;
    p->block = block;
    p->findings = findings;
    p->nworkers = workers;
    /* One block redacting and one waiting per worker, one being read and
       one being written. Untouched pages of a block cost no memory. */
    p->njobs = 2 * (size_t)workers + 2;
    p->jobs = calloc(p->njobs, sizeof *p->jobs);
    p->w = calloc(workers, sizeof *p->w);
    p->carry = malloc(block);
    bool ok = p->jobs && p->w && p->carry;
    for (size_t i = 0; ok && i < p->njobs; i++) {
        p->jobs[i].in = malloc(block);
        p->jobs[i].rules = calloc(p->ncounters, sizeof *p->jobs[i].rules);
        ok = p->jobs[i].in && p->jobs[i].rules;
    }
    for (unsigned i = 0; ok && i < workers; i++) {
        worker *w = &p->w[i];
        w->p = p;
        w->id = i;
        w->snap_rules = calloc(p->ncounters, sizeof *w->snap_rules);
        ok = w->snap_rules && phs_stream_create(db, &w->s) == PHS_OK;
        if (ok && findings)
            phs_stream_set_callback(w->s, on_finding, w);
    }
    for (unsigned i = 0; ok && i < workers; i++) {
        ok = pthread_create(&p->w[i].th, NULL, worker_main, &p->w[i]) == 0;
        if (ok) {
            p->started++;
            pthread_setname_np(p->w[i].th, "phs-worker");
        }
    }
    if (!ok) {
        par_free(p);
        return NULL;
    }
    return p;
}

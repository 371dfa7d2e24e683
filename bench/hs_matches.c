/* Count the matches Hyperscan hands to phiscrub, per database and pattern
   id: an LD_PRELOAD shim for profiling the prefilter (bench/profile.sh).

     cc -O2 -shared -fPIC -o hs_matches.so bench/hs_matches.c -ldl
     LD_PRELOAD=./hs_matches.so HS_MATCHES_OUT=counts.tsv phiscrub FILE >/dev/null

   Each hs_scan call's database is told apart by its address; the output
   has one row per (database, id): scans of that database, bytes scanned,
   CPU time of the scans, matches; and one row with id -1 per database. For the rules database, id is the rule's index (the line of
   `phiscrub --list-rules`); for the name dictionaries, a literal id. It
   never writes the scanned bytes. With HS_MATCHES_BARE=1 each block is
   scanned a second time with no callback, and that time is reported too:
   the engine's own cost, without phiscrub's work on the matches. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAXDB 8
#define MAXID (1u << 20)

typedef struct {
    const hs_database_t *db;
    unsigned long long scans, bytes, ns, bare_ns;
    unsigned long long *count; /* MAXID entries */
} dbstat;

static dbstat dbs[MAXDB];

typedef struct {
    match_event_handler fn;
    void *ctx;
    dbstat *d;
} wrap;

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    wrap *w = ctx;
    if (id < MAXID)
        w->d->count[id]++;
    return w->fn ? w->fn(id, from, to, flags, w->ctx) : 0;
}

static unsigned long long now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be busy */
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static dbstat *stat_for(const hs_database_t *db)
{
    for (int i = 0; i < MAXDB; i++) {
        if (dbs[i].db == db)
            return &dbs[i];
        if (!dbs[i].db) {
            dbs[i].db = db;
            dbs[i].count = calloc(MAXID, sizeof *dbs[i].count);
            return dbs[i].count ? &dbs[i] : NULL;
        }
    }
    return NULL;
}

hs_error_t hs_scan(const hs_database_t *db, const char *data, unsigned int length,
                   unsigned int flags, hs_scratch_t *scratch, match_event_handler onEvent,
                   void *context)
{
    static hs_error_t (*real)(const hs_database_t *, const char *, unsigned int, unsigned int,
                              hs_scratch_t *, match_event_handler, void *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "hs_scan");
    dbstat *d = stat_for(db);
    if (!d)
        return real(db, data, length, flags, scratch, onEvent, context);
    d->scans++;
    d->bytes += length;
    wrap w = {onEvent, context, d};
    unsigned long long t0 = now();
    hs_error_t rc = real(db, data, length, flags, scratch, on_match, &w);
    unsigned long long t1 = now();
    d->ns += t1 - t0;
    const char *bare = getenv("HS_MATCHES_BARE");
    if (bare && *bare == '1') {
        real(db, data, length, flags, scratch, NULL, NULL);
        d->bare_ns += now() - t1;
    }
    return rc;
}

__attribute__((destructor)) static void dump(void)
{
    const char *path = getenv("HS_MATCHES_OUT");
    FILE *f = path ? fopen(path, "w") : stderr;
    if (!f)
        return;
    fprintf(f, "db\tscans\tbytes\tscan_ns\tbare_scan_ns\tid\tmatches\n");
    for (int i = 0; i < MAXDB && dbs[i].db; i++) {
        /* one row with id -1 per database, so a scan with no match shows */
        fprintf(f, "%d\t%llu\t%llu\t%llu\t%llu\t-1\t0\n", i, dbs[i].scans, dbs[i].bytes, dbs[i].ns,
                dbs[i].bare_ns);
        for (unsigned id = 0; id < MAXID; id++)
            if (dbs[i].count[id])
                fprintf(f, "%d\t%llu\t%llu\t%llu\t%llu\t%u\t%llu\n", i, dbs[i].scans,
                        dbs[i].bytes, dbs[i].ns, dbs[i].bare_ns, id, dbs[i].count[id]);
    }
    if (f != stderr)
        fclose(f);
}

/*
 * Cache of compiled Hyperscan databases, so start-up does not pay the
 * compile again (it is most of the start-up time, and grows with the rules).
 *
 * A file <dir>/<key>.hsdb holds one database image. The key is a hash of
 * everything the compile depends on: the expressions, their flags and ids,
 * the Hyperscan version, the platform and this file format. A cache file is trusted only when it is a regular file owned by
 * this user and writable by no one else, in a folder of the same kind:
 * deserialising a file that someone else could write would let them choose
 * what phiscrub matches.
 *
 * Layout (native byte order: the platform is part of the key):
 *
 *   [0, 4096)        header: magic, format, key, kind ("rules"),
 *                    the lengths below, the file's length, an XXH3-64 of
 *                    every byte after the header, an XXH3-64 of the header
 *   [4096, +image)   the image of a deserialised Hyperscan database
 *   [.., +extra)     the caller's bytes, if any
 *
 * Everything is checked before the image is used: a flipped byte, a cut
 * file, another kind's or another key's image copied in place, changed
 * lengths. Such a file is reported (phs_db_cache_status), the database is
 * compiled and the file rewritten; the cache never changes a result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "engine.h"

#define CACHE_MAX_FILE ((size_t)512 << 20)
#define CACHE_HEADER ((size_t)4096)
#define CACHE_FORMAT 2u

typedef struct cache_header {
    char magic[8];       /* "PHSCACHE" */
    uint32_t format;     /* CACHE_FORMAT */
    uint32_t header_len; /* CACHE_HEADER */
    uint64_t key;        /* as in the file's name */
    char kind[16];       /* which database: "rules" */
    uint64_t image_len;  /* the Hyperscan image */
    uint64_t extra_len;  /* the caller's bytes after it */
    uint64_t total_len;  /* the whole file */
    uint64_t body_sum;   /* XXH3-64 of every byte after the header */
    uint64_t head_sum;   /* XXH3-64 of the fields above */
} cache_header;

static const char cache_magic[8] = {'P', 'H', 'S', 'C', 'A', 'C', 'H', 'E'};

void phs_cache_hash(uint64_t *h, const void *p, size_t n)
{
    /* FNV-1a: a content key, not a security boundary (see file checks). */
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 0x100000001b3ull;
    }
}

uint64_t phs_cache_key_start(void)
{
    uint64_t key = 0xcbf29ce484222325ull;
    static const char fmt[] = "phiscrub cache format 2";
    phs_cache_hash(&key, fmt, sizeof fmt);
    return key;
}

/* Whose file we trust: this user's, and in a seed folder (installed by a
   package, read only) root's too. Writable by no one else either way. */
static bool trusted_owner(const struct stat *st, bool seed)
{
    return (st->st_uid == geteuid() || (seed && st->st_uid == 0)) && (st->st_mode & 022) == 0;
}

static bool private_dir(const char *dir, bool seed)
{
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && trusted_owner(&st, seed);
}

static int cache_path(char *buf, size_t cap, const char *dir, uint64_t key, const char *suffix)
{
    int n = snprintf(buf, cap, "%s/%016llx.hsdb%s", dir, (unsigned long long)key, suffix);
    return (n > 0 && (size_t)n < cap) ? 0 : -1;
}

static const char not_private[] =
    "is not a private folder (it must be yours and writable by no one else)";
static const char not_trusted_seed[] =
    "is not a trusted folder (it must be yours or root's and writable by no one else)";

/* Opens the cache file we may trust; returns its descriptor, or -1 with
   *state and *why saying why (PHS_CST_MISS: no file, nothing to report). */
static int open_trusted(const char *dir, bool seed, uint64_t key, size_t *size,
                        phs_cache_state *state, const char **why)
{
    char path[4096];
    *state = PHS_CST_MISS;
    if (cache_path(path, sizeof path, dir, key, "")) {
        *state = PHS_CST_UNUSABLE;
        *why = "has a name too long for a path";
        return -1;
    }
    struct stat ds;
    if (stat(dir, &ds) != 0)
        return -1; /* not made yet: the store makes it */
    if (!private_dir(dir, seed)) {
        *state = PHS_CST_UNUSABLE;
        *why = seed ? not_trusted_seed : not_private;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno != ENOENT) {
            *state = PHS_CST_BAD;
            *why = errno == ELOOP ? "is a symbolic link" : "cannot be opened";
        }
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && trusted_owner(&st, seed) &&
        (size_t)st.st_size <= CACHE_MAX_FILE) {
        *size = (size_t)st.st_size;
        return fd;
    }
    close(fd);
    *state = PHS_CST_BAD;
    *why = seed ? "is not a regular file of yours or root's that no one else can write"
                : "is not a regular file of yours that only you can write";
    return -1;
}

static uint64_t head_sum(const cache_header *h)
{
    return XXH3_64bits(h, offsetof(cache_header, head_sum));
}

/* Why the mapped file p (size bytes) is not the `kind` image of `key`, or
   NULL when it is. */
static const char *check_image(const void *p, size_t size, uint64_t key, const char *kind)
{
    cache_header h;
    if (size < CACHE_HEADER)
        return "is cut short (truncated)";
    memcpy(&h, p, sizeof h);
    if (memcmp(h.magic, cache_magic, sizeof h.magic) != 0 || h.format != CACHE_FORMAT ||
        h.header_len != CACHE_HEADER)
        return "is not a phiscrub cache file of this version";
    if (h.head_sum != head_sum(&h))
        return "has a damaged header (checksum mismatch)";
    if (h.key != key || strncmp(h.kind, kind, sizeof h.kind) != 0)
        return "holds another rule set's database (copied or renamed in place)";
    if (h.total_len != size)
        return h.total_len > size ? "is cut short (truncated)" : "has bytes past its end";
    if (h.image_len == 0 || h.image_len > size || h.extra_len > size ||
        CACHE_HEADER + h.image_len + h.extra_len != size)
        return "has lengths that do not add up";
    const char *body = (const char *)p + CACHE_HEADER;
    if (XXH3_64bits(body, size - CACHE_HEADER) != h.body_sum)
        return "is damaged (checksum mismatch)";
    size_t dbsize = 0;
    /* hs_database_size checks the image's own header; it allocates
       nothing (hs_database_info would) */
    if (hs_database_size((const hs_database_t *)(const void *)body, &dbsize) != HS_SUCCESS ||
        dbsize != h.image_len)
        return "holds an image Hyperscan does not take";
    return NULL;
}

/*
 * A database is cached as the image of a deserialised database and mapped,
 * not read and copied: start-up then costs a few page mappings instead of two
 * copies of the file. Hyperscan databases are position independent
 * (hs_deserialize_database_at exists for this); the image is laid out for a
 * 4096-aligned base, which a mapping at offset CACHE_HEADER always is.
 */
static phs_cache_state cache_map(const char *dir, bool seed, uint64_t key, const char *kind,
                                 phs_cache_entry *out, const char **why)
{
    size_t size = 0;
    phs_cache_state state;
    *why = NULL;
    if (!dir)
        return PHS_CST_MISS;
    int fd = open_trusted(dir, seed, key, &size, &state, why);
    if (fd < 0)
        return state;
    if (size < CACHE_HEADER) {
        close(fd);
        *why = "is cut short (truncated)";
        return PHS_CST_BAD;
    }
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        *why = "cannot be mapped";
        return PHS_CST_BAD;
    }
    *why = check_image(p, size, key, kind);
    if (*why) {
        munmap(p, size);
        return PHS_CST_BAD;
    }
    cache_header h;
    memcpy(&h, p, sizeof h);
    out->map = p;
    out->map_len = size;
    out->db = (hs_database_t *)(void *)((char *)p + CACHE_HEADER);
    out->extra = (const unsigned char *)p + CACHE_HEADER + h.image_len;
    out->extra_len = (size_t)h.extra_len;
    return PHS_CST_HIT;
}

phs_cache_state phs_cache_map(const char *dir, uint64_t key, const char *kind,
                              phs_cache_entry *out, const char **why)
{
    return cache_map(dir, false, key, kind, out, why);
}

phs_cache_state phs_cache_map_seed(const char *dir, uint64_t key, const char *kind,
                                   phs_cache_entry *out, const char **why)
{
    return cache_map(dir, true, key, kind, out, why);
}

void phs_cache_unmap(phs_cache_entry *e)
{
    if (e->map)
        munmap(e->map, e->map_len);
    memset(e, 0, sizeof *e);
}

/* Write len bytes to a new file that replaces <dir>/<key>.hsdb whole. */
static const char *write_file(const char *dir, uint64_t key, const char *bytes, size_t len)
{
    char path[4096], tmp[4096];
    if (cache_path(path, sizeof path, dir, key, "") ||
        cache_path(tmp, sizeof tmp, dir, key, ".XXXXXX"))
        return "has a name too long for a path";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return "cannot be created";
    if (!private_dir(dir, false))
        return not_private;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return "cannot be written to";
    size_t put = 0;
    while (put < len) {
        ssize_t w = write(fd, bytes + put, len - put);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        put += (size_t)w;
    }
    /* rename makes the file appear whole or not at all */
    if (close(fd) == 0 && put == len && rename(tmp, path) == 0)
        return NULL;
    unlink(tmp);
    return "cannot be written to (is the disk full?)";
}

const char *phs_cache_store(const char *dir, uint64_t key, const char *kind,
                            const hs_database_t *db, const void *extra, size_t extra_len)
{
    if (!dir || !db)
        return NULL;
    char *bytes = NULL;
    size_t len = 0, dbsize = 0;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        return NULL; /* out of memory: nothing is wrong with the folder */
    void *img = NULL;
    const char *why = NULL;
    if (hs_serialized_database_size(bytes, len, &dbsize) == HS_SUCCESS &&
        dbsize <= CACHE_MAX_FILE && extra_len <= CACHE_MAX_FILE &&
        posix_memalign(&img, 4096, CACHE_HEADER + dbsize + extra_len) == 0) {
        char *body = (char *)img + CACHE_HEADER;
        if (hs_deserialize_database_at(bytes, len, (hs_database_t *)(void *)body) ==
            HS_SUCCESS) {
            if (extra_len)
                memcpy(body + dbsize, extra, extra_len);
            cache_header h;
            memset(&h, 0, sizeof h);
            memcpy(h.magic, cache_magic, sizeof h.magic);
            h.format = CACHE_FORMAT;
            h.header_len = CACHE_HEADER;
            h.key = key;
            strncpy(h.kind, kind, sizeof h.kind - 1);
            h.image_len = dbsize;
            h.extra_len = extra_len;
            h.total_len = CACHE_HEADER + dbsize + extra_len;
            h.body_sum = XXH3_64bits(body, dbsize + extra_len);
            h.head_sum = head_sum(&h);
            memset(img, 0, CACHE_HEADER);
            memcpy(img, &h, sizeof h);
            why = write_file(dir, key, img, (size_t)h.total_len);
        }
        free(img);
    }
    free(bytes);
    return why;
}

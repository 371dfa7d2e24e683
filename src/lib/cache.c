/*
 * Cache of compiled Hyperscan databases, so start-up does not pay the
 * compile again (it is most of the start-up time, and grows with the rules).
 *
 * A file <dir>/<key>.hsdb holds a database image (see phs_cache_map). The key is a
 * hash of everything the compile depends on: the expressions, their flags
 * and ids, the Hyperscan version and the platform. A cache file is trusted
 * only when it is a regular file owned by this user and writable by no one
 * else, in a folder of the same kind: deserialising a file that someone else
 * could write would let them choose what phiscrub matches.
 * Every failure falls back to compiling; the cache never changes a result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"

#define CACHE_MAX_FILE ((size_t)512 << 20)

void phs_cache_hash(uint64_t *h, const void *p, size_t n)
{
    /* FNV-1a: a content key, not a security boundary (see file checks). */
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 0x100000001b3ull;
    }
}

static bool private_dir(const char *dir)
{
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
           (st.st_mode & 022) == 0;
}

static int cache_path(char *buf, size_t cap, const char *dir, uint64_t key, const char *suffix)
{
    int n = snprintf(buf, cap, "%s/%016llx.hsdb%s", dir, (unsigned long long)key, suffix);
    return (n > 0 && (size_t)n < cap) ? 0 : -1;
}

/* Opens a cache file we may trust; returns its descriptor or -1. */
static int open_trusted(const char *dir, uint64_t key, const char *suffix, size_t *size)
{
    char path[4096];
    if (!dir || cache_path(path, sizeof path, dir, key, suffix) || !private_dir(dir))
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
        (st.st_mode & 022) == 0 && st.st_size > 0 && (size_t)st.st_size <= CACHE_MAX_FILE) {
        *size = (size_t)st.st_size;
        return fd;
    }
    close(fd);
    return -1;
}

/*
 * A database is cached as the image of a deserialised database and mapped,
 * not read and copied: start-up then costs a few page mappings instead of two
 * copies of the file (page faults are most of a warm start). Hyperscan
 * databases are position independent (hs_deserialize_database_at exists for
 * this); the image is laid out for a 4096-aligned base, which a mapping
 * always is. After the image come `extra` bytes of the caller's and their
 * count (8 bytes). The header is checked (magic, version, platform, size);
 * the file checks above are what make it trustworthy.
 */
bool phs_cache_map(const char *dir, uint64_t key, phs_cache_entry *out)
{
    size_t size = 0;
    int fd = open_trusted(dir, key, "", &size);
    if (fd < 0)
        return false;
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return false;
    hs_database_t *db = p;
    size_t dbsize = 0;
    uint64_t extra = 0;
    char *info = NULL;
    bool ok = size >= 256 + sizeof extra;
    if (ok) {
        memcpy(&extra, (const char *)p + size - sizeof extra, sizeof extra);
        ok = hs_database_info(db, &info) == HS_SUCCESS &&
             hs_database_size(db, &dbsize) == HS_SUCCESS && dbsize < size &&
             extra == size - sizeof extra - dbsize;
    }
    free(info);
    if (!ok) {
        munmap(p, size);
        return false;
    }
    out->db = db;
    out->map = p;
    out->map_len = size;
    out->extra = (const unsigned char *)p + dbsize;
    out->extra_len = (size_t)extra;
    return true;
}

void phs_cache_unmap(phs_cache_entry *e)
{
    if (e->map)
        munmap(e->map, e->map_len);
    memset(e, 0, sizeof *e);
}

static void write_file(const char *dir, uint64_t key, const char *suffix, const char *bytes,
                       size_t len);

void phs_cache_store(const char *dir, uint64_t key, const hs_database_t *db, const void *extra,
                     size_t extra_len)
{
    if (!dir || !db)
        return;
    char *bytes = NULL;
    size_t len = 0, dbsize = 0;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        return;
    void *img = NULL;
    uint64_t n = extra_len;
    if (hs_serialized_database_size(bytes, len, &dbsize) == HS_SUCCESS &&
        dbsize <= SIZE_MAX - extra_len - sizeof n &&
        posix_memalign(&img, 4096, dbsize + extra_len + sizeof n) == 0) {
        if (hs_deserialize_database_at(bytes, len, img) == HS_SUCCESS) {
            if (extra_len)
                memcpy((char *)img + dbsize, extra, extra_len);
            memcpy((char *)img + dbsize + extra_len, &n, sizeof n);
            write_file(dir, key, "", img, dbsize + extra_len + sizeof n);
        }
        free(img);
    }
    free(bytes);
}

static void write_file(const char *dir, uint64_t key, const char *suffix, const char *bytes,
                       size_t len)
{
    char path[4096], tmp[4096], tsuf[16];
    if (cache_path(path, sizeof path, dir, key, suffix))
        return;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return;
    if (!private_dir(dir))
        return;
    snprintf(tsuf, sizeof tsuf, "%s.XXXXXX", suffix);
    if (cache_path(tmp, sizeof tmp, dir, key, tsuf) == 0) {
        int fd = mkstemp(tmp);
        if (fd >= 0) {
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
                tmp[0] = '\0';
            if (tmp[0])
                unlink(tmp);
        }
    }
}

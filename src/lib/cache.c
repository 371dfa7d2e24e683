/*
 * Cache of compiled Hyperscan databases, so start-up does not pay the
 * compile again (it is most of the start-up time, and grows with the rules).
 *
 * A file <dir>/<key>.hsdb holds hs_serialize_database() output. The key is a
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

bool phs_cache_load(const char *dir, uint64_t key, hs_database_t **out)
{
    char path[4096];
    if (!dir || cache_path(path, sizeof path, dir, key, "") || !private_dir(dir))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
              (st.st_mode & 022) == 0 && st.st_size > 0 && (size_t)st.st_size <= CACHE_MAX_FILE;
    char *buf = ok ? malloc((size_t)st.st_size) : NULL;
    size_t got = 0;
    while (buf && got < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    ok = buf && got == (size_t)st.st_size &&
         hs_deserialize_database(buf, got, out) == HS_SUCCESS;
    free(buf);
    return ok;
}

void phs_cache_store(const char *dir, uint64_t key, const hs_database_t *db)
{
    char path[4096], tmp[4096];
    if (!dir || !db || cache_path(path, sizeof path, dir, key, ""))
        return;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return;
    if (!private_dir(dir))
        return;
    char *bytes = NULL;
    size_t len = 0;
    if (hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
        return;
    if (cache_path(tmp, sizeof tmp, dir, key, ".XXXXXX") == 0) {
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
    free(bytes);
}

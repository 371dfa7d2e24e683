/* Keys: loading a key file with the checks a secret deserves, deriving one
   subkey per purpose, and keyed fingerprints. The file's bytes are read into
   memory that is cleared after the derivation; only subkeys stay. */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "act.h"

/* HMAC-SHA256 with a one-shot call: used only when keys are made, not per
   finding (act.c keeps per-stream contexts for that). */
static int hmac(const uint8_t *key, size_t klen, const void *msg, size_t n, uint8_t out[32])
{
    unsigned int ol = 0;
    if (!HMAC(EVP_sha256(), key, (int)klen, msg, n, out, &ol) || ol != 32)
        return PHS_E_CRYPTO;
    return PHS_OK;
}

int phs_key_derive(const phs_key *key, const char *purpose, uint8_t out[32])
{
    assert(key && purpose);
    return hmac(key->root, sizeof key->root, purpose, strlen(purpose), out);
}

/* All one byte (a file of zeros, "aaaa..."): no secret at all. */
static bool one_byte_repeated(const uint8_t *b, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (b[i] != b[0])
            return false;
    return true;
}

int phs_key_from_bytes(const void *bytes, size_t len, phs_key **out)
{
    if (!out)
        return PHS_E_ARG;
    *out = NULL;
    if (!bytes || len < PHS_KEY_MIN || len > PHS_KEY_MAX || one_byte_repeated(bytes, len))
        return PHS_E_KEY;
    phs_key *k = calloc(1, sizeof *k);
    if (!k)
        return PHS_E_NOMEM;
    /* The root depends on every byte of the file; the fixed label keeps
       our subkeys apart from any other use of the same file. */
    static const uint8_t label[] = "phiscrub key v1";
    if (hmac(label, sizeof label - 1, bytes, len, k->root)) {
        phs_key_free(k);
        return PHS_E_CRYPTO;
    }
    *out = k;
    return PHS_OK;
}

void phs_key_free(phs_key *key)
{
    if (!key)
        return;
    explicit_bzero(key, sizeof *key);
    free(key);
}

void phs_key_id(const phs_key *key, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t d[32];
    if (!key || phs_key_derive(key, "key id", d)) {
        memcpy(out, "0000000000000000", 17);
        return;
    }
    for (size_t i = 0; i < 8; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[16] = '\0';
}

int phs_key_mac(const phs_key *key, const char *purpose, const void *msg, size_t len,
                unsigned char out[32])
{
    if (!key || !purpose || (!msg && len) || !out)
        return PHS_E_ARG;
    /* "mac:" keeps caller purposes from reaching the subkeys of actions. */
    static const char pre[] = "mac:";
    size_t pl = strlen(purpose);
    char label[128];
    if (pl > sizeof label - sizeof pre)
        return PHS_E_ARG;
    memcpy(label, pre, sizeof pre - 1);
    memcpy(label + sizeof pre - 1, purpose, pl + 1);
    uint8_t sub[32];
    int rc = phs_key_derive(key, label, sub);
    if (rc == PHS_OK)
        rc = hmac(sub, sizeof sub, msg ? msg : "", len, out);
    explicit_bzero(sub, sizeof sub);
    return rc;
}

static int key_fail(phs_error *err, const char *path, const char *why)
{
    return phs_fail(err, PHS_E_KEY, path, 0, NULL, "%s", why);
}

int phs_key_load(const char *path, phs_key **out, phs_error *err)
{
    if (!out)
        return phs_fail(err, PHS_E_ARG, NULL, 0, NULL, "invalid argument");
    *out = NULL;
    if (!path || !*path)
        return key_fail(err, "", "no key file given");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return phs_fail(err, PHS_E_KEY, path, 0, NULL, "cannot open the key file: %s",
                        strerror(errno));
    struct stat st;
    int rc = PHS_OK;
    if (fstat(fd, &st) != 0)
        rc = phs_fail(err, PHS_E_KEY, path, 0, NULL, "cannot stat the key file: %s",
                      strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = key_fail(err, path, "the key file is not a regular file");
    else if (st.st_uid != geteuid() && st.st_uid != 0)
        rc = key_fail(err, path, "the key file is owned by another user; it must be yours");
    else if (st.st_mode & (S_IRWXG | S_IRWXO))
        rc = key_fail(err, path,
                      "the key file can be read or written by group or others; "
                      "run: chmod 600 on it (and make a new key if others may have read it)");
    else if (st.st_size < PHS_KEY_MIN)
        rc = key_fail(err, path,
                      "the key is too short: it needs at least 32 bytes "
                      "(make one with: head -c 32 /dev/urandom > FILE)");
    else if (st.st_size > PHS_KEY_MAX + 2)
        rc = key_fail(err, path, "the key file is over 4096 bytes: is it the right file?");
    if (rc) {
        close(fd);
        return rc;
    }
    uint8_t buf[PHS_KEY_MAX + 2];
    size_t n = 0;
    while (n < sizeof buf) {
        ssize_t r = read(fd, buf + n, sizeof buf - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = phs_fail(err, PHS_E_KEY, path, 0, NULL, "cannot read the key file: %s",
                          strerror(errno));
            break;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    /* A key written as text (openssl rand -hex, an editor, echo) ends in
       a newline that is not part of it. A binary key keeps every byte:
       32 random bytes end in '\n' once in 256. */
    if (!rc && n > 0 && buf[n - 1] == '\n') {
        size_t t = n - 1;
        if (t > 0 && buf[t - 1] == '\r')
            t--;
        bool text = true;
        for (size_t i = 0; i < t && text; i++)
            text = buf[i] >= 0x20 && buf[i] < 0x7f;
        if (text)
            n = t;
    }
    if (!rc && n < PHS_KEY_MIN)
        rc = key_fail(err, path,
                      "the key is too short: it needs at least 32 bytes "
                      "(make one with: head -c 32 /dev/urandom > FILE)");
    else if (!rc && n > PHS_KEY_MAX)
        rc = key_fail(err, path, "the key file is over 4096 bytes: is it the right file?");
    else if (!rc && one_byte_repeated(buf, n))
        rc = key_fail(err, path,
                      "the key is one byte repeated (all zeros, say): that is no secret "
                      "(make one with: head -c 32 /dev/urandom > FILE)");
    if (!rc) {
        rc = phs_key_from_bytes(buf, n, out);
        if (rc == PHS_E_CRYPTO)
            phs_fail(err, rc, path, 0, NULL,
                     "the OpenSSL providers in use offer no HMAC-SHA256 to derive the subkeys");
        else if (rc)
            phs_fail(err, rc, path, 0, NULL, "%s", phs_strerror(rc));
    }
    explicit_bzero(buf, sizeof buf);
    return rc;
}

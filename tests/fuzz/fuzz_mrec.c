/*
 * libFuzzer target: the Fluent Bit filter's msgpack record walk
 * (src/fluent-bit/record) on any msgpack object, with the bundled rules.
 * What it writes (redacted, or masked whole when it fails) is one whole
 * msgpack object again, of the same type at the top; PHS_MREC_SAME writes
 * the object unchanged. A record that cannot be walked is failed closed
 * with phs_mrec_mask_whole, as the filter does.
 */
#include <msgpack.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msgpack_record.h"
#include "phiscrub.h"

static phs_db *db;
static phs_mrec *rec;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    phs_rules *r;
    phs_options o;
    phs_options_init(&o);
    o.max_line_size = 4096;
    o.cache_dir = getenv("PHISCRUB_CACHE_DIR");
    if (phs_rules_load_bundled(&r, NULL) || phs_db_create(r, &o, &db, NULL))
        abort();
    phs_rules_free(r);
    if (phs_mrec_create(db, NULL, 0, &rec))
        abort();
    return 0;
}

/* The bytes hold exactly one msgpack object; *type gets its type. */
static int one_object(const char *p, size_t n, msgpack_object_type *type)
{
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    int ok = msgpack_unpack_next(&u, p, n, &off) == MSGPACK_UNPACK_SUCCESS && off == n;
    if (ok)
        *type = u.data.type;
    msgpack_unpacked_destroy(&u);
    return ok;
}

static uint64_t be_uint(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Every array, map, string, binary and extension that the first object of
   [p, p+n) declares fits in the bytes left. msgpack-c's unpacker allocates
   what a header declares before it reads the elements (an array of 2^32
   elements in five bytes is 100 GiB); Fluent Bit hands the filter only
   records its own packer made, so the harness keeps to inputs of that kind:
   one byte at least per declared element. */
static int counts_fit(const uint8_t *p, size_t n)
{
    size_t i = 0;
    uint64_t pending = 1; /* objects still to read */
    while (pending) {
        if (i >= n)
            return 0;
        uint8_t b = p[i++];
        pending--;
        uint64_t skip = 0, children = 0;
        size_t lenb = 0; /* bytes of a length or count after the type byte */
        if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
            /* a fixint, nil or a boolean */
        } else if (b <= 0x8f) {
            children = 2u * (b & 0x0f);
        } else if (b <= 0x9f) {
            children = b & 0x0f;
        } else if (b <= 0xbf) {
            skip = b & 0x1f;
        } else if (b == 0xc1) {
            return 0;
        } else if (b >= 0xc4 && b <= 0xc6) { /* bin 8/16/32 */
            lenb = (size_t)1 << (b - 0xc4);
        } else if (b >= 0xc7 && b <= 0xc9) { /* ext 8/16/32: a type byte too */
            lenb = (size_t)1 << (b - 0xc7);
            skip = 1;
        } else if (b == 0xca || b == 0xcb) {
            skip = b == 0xca ? 4 : 8;
        } else if (b >= 0xcc && b <= 0xd3) { /* uint and int 8..64 */
            skip = (uint64_t)1 << ((b - 0xcc) % 4);
        } else if (b >= 0xd4 && b <= 0xd8) { /* fixext 1..16 */
            skip = 1 + ((uint64_t)1 << (b - 0xd4));
        } else if (b >= 0xd9 && b <= 0xdb) { /* str 8/16/32 */
            lenb = (size_t)1 << (b - 0xd9);
        } else { /* array 16/32, map 16/32 */
            size_t k = b == 0xdc || b == 0xde ? 2 : 4;
            if (n - i < k)
                return 0;
            children = be_uint(p + i, k) * (b >= 0xde ? 2 : 1);
            i += k;
        }
        if (lenb) {
            if (n - i < lenb)
                return 0;
            skip += be_uint(p + i, lenb);
            i += lenb;
        }
        if (skip > n - i)
            return 0;
        i += (size_t)skip;
        pending += children;
        if (pending > n - i)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!counts_fit(data, size))
        return 0;
    msgpack_unpacked u;
    msgpack_unpacked_init(&u);
    size_t off = 0;
    if (msgpack_unpack_next(&u, (const char *)data, size, &off) != MSGPACK_UNPACK_SUCCESS) {
        msgpack_unpacked_destroy(&u);
        return 0;
    }
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    msgpack_packer pk;
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    int rc = phs_mrec_redact(rec, &u.data, &pk);
    if (rc < 0) {
        msgpack_sbuffer_clear(&sb);
        rc = phs_mrec_mask_whole(&u.data, &pk) == PHS_OK ? PHS_MREC_CHANGED : PHS_MREC_DROP;
    }
    if (rc == PHS_MREC_SAME || rc == PHS_MREC_CHANGED) {
        msgpack_object_type t;
        if (!one_object(sb.data, sb.size, &t) || t != u.data.type)
            abort();
    }
    if (rc == PHS_MREC_SAME) {
        /* the same object: packed again it gives the same bytes */
        msgpack_sbuffer sb2;
        msgpack_sbuffer_init(&sb2);
        msgpack_packer pk2;
        msgpack_packer_init(&pk2, &sb2, msgpack_sbuffer_write);
        msgpack_pack_object(&pk2, u.data);
        if (sb2.size != sb.size || memcmp(sb2.data, sb.data, sb.size) != 0)
            abort();
        msgpack_sbuffer_destroy(&sb2);
    }
    msgpack_sbuffer_destroy(&sb);
    msgpack_unpacked_destroy(&u);
    return 0;
}

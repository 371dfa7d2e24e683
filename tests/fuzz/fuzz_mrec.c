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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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

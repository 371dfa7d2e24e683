/* Fluent Bit filter: redact PHI in each log record before it leaves the
   node (docs/fluent-bit.md). Built as flb-filter_phiscrub.so against one
   configured Fluent Bit tree; Fluent Bit checks no ABI when it loads the
   file, so the build must match the binary that loads it.

   The record walk is the msgpack core in ../record (tested without Fluent
   Bit). This file reads the configuration, keeps one phiscrub stream per
   thread (threaded inputs call the filter from their own threads), and
   moves records through Fluent Bit's log event decoder and encoder. A
   record that cannot be processed is masked whole or dropped, as
   `on_error` says: it never passes through as it came in (unlike
   filter_nightfall, which returns the record untouched on error). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fluent-bit/flb_filter.h>
#include <fluent-bit/flb_filter_plugin.h>
#include <fluent-bit/flb_log_event_decoder.h>
#include <fluent-bit/flb_log_event_encoder.h>
#include <fluent-bit/flb_mem.h>
#include <fluent-bit/flb_sds.h>
#include <fluent-bit/flb_slist.h>
#include <fluent-bit/flb_str.h>
#include <msgpack.h>

#include "msgpack_record.h"
#include "phiscrub.h"

struct per_thread {
    phs_mrec *rec;
    struct per_thread *next;
};

struct phiscrub_ctx {
    struct flb_filter_instance *ins;
    /* config_map */
    flb_sds_t rules;
    int no_default_rules;
    flb_sds_t mode;
    flb_sds_t actions;
    flb_sds_t key_file;
    flb_sds_t cache_dir;
    struct mk_list *keys;
    flb_sds_t on_error;
    flb_sds_t metadata;
    /* state */
    int drop_on_error;
    int keep_metadata;
    phs_db *db;
    char **keynames;
    size_t nkeys;
    pthread_key_t tls;
    pthread_mutex_t lock;
    struct per_thread *all; /* every thread's state, freed at exit */
};

static void ctx_destroy(struct phiscrub_ctx *ctx)
{
    if (!ctx)
        return;
    for (struct per_thread *t = ctx->all, *n; t; t = n) {
        n = t->next;
        phs_mrec_free(t->rec);
        flb_free(t);
    }
    phs_db_free(ctx->db);
    for (size_t i = 0; i < ctx->nkeys; i++)
        flb_free(ctx->keynames[i]);
    flb_free(ctx->keynames);
    flb_free(ctx);
}

static int set_actions(struct phiscrub_ctx *ctx, phs_options *o)
{
    if (ctx->mode) {
        phs_action a;
        if (phs_action_from_name(ctx->mode, &a) != PHS_OK) {
            flb_plg_error(ctx->ins, "mode '%s' is not one of mask, partial, tokenize, encrypt, "
                          "surrogate, drop", ctx->mode);
            return -1;
        }
        for (unsigned c = 0; c < PHS_CAT_COUNT; c++)
            o->actions[c] = a;
    }
    phs_error e;
    if (ctx->actions && phs_options_set_actions(o, ctx->actions, &e)) {
        flb_plg_error(ctx->ins, "actions: %s", e.reason);
        return -1;
    }
    return 0;
}

static int cb_phiscrub_init(struct flb_filter_instance *ins, struct flb_config *config, void *data)
{
    (void)config;
    (void)data;
    struct phiscrub_ctx *ctx = flb_calloc(1, sizeof *ctx);
    if (!ctx) {
        flb_errno();
        return -1;
    }
    ctx->ins = ins;
    if (flb_filter_config_map_set(ins, ctx) == -1) {
        flb_free(ctx);
        return -1;
    }
    if (ctx->on_error && strcasecmp(ctx->on_error, "drop") == 0) {
        ctx->drop_on_error = 1;
    } else if (ctx->on_error && strcasecmp(ctx->on_error, "mask") != 0) {
        flb_plg_error(ins, "on_error must be 'mask' or 'drop' (never pass a record through)");
        flb_free(ctx);
        return -1;
    }
    if (ctx->metadata && strcasecmp(ctx->metadata, "keep") == 0) {
        ctx->keep_metadata = 1;
    } else if (ctx->metadata && strcasecmp(ctx->metadata, "redact") != 0) {
        flb_plg_error(ins, "metadata must be 'redact' or 'keep'");
        flb_free(ctx);
        return -1;
    }
    phs_options o;
    phs_options_init(&o);
    phs_key *key = NULL;
    phs_rules *rules = NULL;
    phs_error e;
    memset(&e, 0, sizeof e);
    int rc = set_actions(ctx, &o) ? PHS_E_ARG : PHS_OK;
    if (!rc && ctx->key_file && (rc = phs_key_load(ctx->key_file, &key, &e)) != PHS_OK)
        flb_plg_error(ins, "key_file %s: %s", ctx->key_file, e.reason);
    if (!rc && ctx->no_default_rules && !ctx->rules) {
        flb_plg_error(ins, "no_default_rules needs rules: there would be no rules");
        rc = PHS_E_ARG;
    }
    if (!rc) {
        /* `rules` adds to the bundled set, as the program's --rules: a
           site's one rule must not turn every other category off by
           replacing it; a file of site policy alone applies the same way */
        if (ctx->no_default_rules)
            rc = phs_rules_load(ctx->rules, &rules, &e);
        else
            rc = phs_rules_load_site(ctx->rules, &rules, &e);
        if (rc)
            flb_plg_error(ins, "rules %s: %s (line %zu, rule '%s')", e.file, e.reason, e.line,
                          e.rule_id);
    }
    if (!rc) {
        o.key = key;
        o.cache_dir = ctx->cache_dir;
        rc = phs_db_create(rules, &o, &ctx->db, &e);
        if (rc && e.file[0]) {
            flb_plg_error(ins, "cannot compile the rules: %s (line %zu, rule '%s'): %s: %s",
                          e.file, e.line, e.rule_id, phs_strerror(rc), e.reason);
        } else if (rc) {
            flb_plg_error(ins, "cannot compile the rules: %s: %s", phs_strerror(rc), e.reason);
        }
        const char *note = "";
        if (!rc && phs_db_cache_status(ctx->db, &note))
            flb_plg_warn(ins, "%s (%s)", note, ctx->cache_dir);
    }
    phs_rules_free(rules);
    phs_key_free(key);
    if (!rc && ctx->keys) {
        struct mk_list *head;
        size_t n = (size_t)mk_list_size(ctx->keys);
        ctx->keynames = flb_calloc(n ? n : 1, sizeof *ctx->keynames);
        if (!ctx->keynames)
            rc = PHS_E_NOMEM;
        mk_list_foreach(head, ctx->keys)
        {
            if (rc)
                break;
            struct flb_slist_entry *ent = mk_list_entry(head, struct flb_slist_entry, _head);
            ctx->keynames[ctx->nkeys] = flb_strdup(ent->str);
            if (!ctx->keynames[ctx->nkeys])
                rc = PHS_E_NOMEM;
            else
                ctx->nkeys++;
        }
    }
    if (!rc && pthread_key_create(&ctx->tls, NULL) != 0)
        rc = PHS_E_NOMEM;
    if (rc) {
        ctx_destroy(ctx);
        return -1;
    }
    pthread_mutex_init(&ctx->lock, NULL);
    flb_plg_info(ins, "phiscrub %s: %zu rules, mode %s%s", phs_version(),
                 phs_db_rule_count(ctx->db), ctx->mode ? ctx->mode : "mask",
                 phs_db_cache_hit(ctx->db) ? ", compiled databases from the cache" : "");
    flb_filter_set_context(ins, ctx);
    return 0;
}

/* This thread's record state: the db is shared, the Hyperscan scratch and
   buffers are not. */
static phs_mrec *thread_rec(struct phiscrub_ctx *ctx)
{
    struct per_thread *t = pthread_getspecific(ctx->tls);
    if (t)
        return t->rec;
    t = flb_calloc(1, sizeof *t);
    if (!t)
        return NULL;
    if (phs_mrec_create(ctx->db, (const char *const *)ctx->keynames, ctx->nkeys, &t->rec)) {
        flb_free(t);
        return NULL;
    }
    pthread_mutex_lock(&ctx->lock);
    t->next = ctx->all;
    ctx->all = t;
    pthread_mutex_unlock(&ctx->lock);
    pthread_setspecific(ctx->tls, t);
    return t->rec;
}

/* A record with its timestamp, and body and metadata as packed in b and m
   (m NULL: the record's own metadata). */
static int emit_record(struct flb_log_event_encoder *enc, struct flb_log_event *ev,
                       const msgpack_sbuffer *b, const msgpack_sbuffer *m)
{
    int ret = flb_log_event_encoder_begin_record(enc);
    if (ret == FLB_EVENT_ENCODER_SUCCESS)
        ret = flb_log_event_encoder_set_timestamp(enc, &ev->timestamp);
    if (ret == FLB_EVENT_ENCODER_SUCCESS && m)
        ret = flb_log_event_encoder_set_metadata_from_raw_msgpack(enc, m->data, m->size);
    else if (ret == FLB_EVENT_ENCODER_SUCCESS && ev->metadata)
        ret = flb_log_event_encoder_set_metadata_from_msgpack_object(enc, ev->metadata);
    if (ret == FLB_EVENT_ENCODER_SUCCESS)
        ret = flb_log_event_encoder_set_body_from_raw_msgpack(enc, b->data, b->size);
    if (ret == FLB_EVENT_ENCODER_SUCCESS)
        ret = flb_log_event_encoder_commit_record(enc);
    else
        flb_log_event_encoder_rollback_record(enc);
    return ret;
}

/* Packers for a record's body and metadata, reused across records. */
typedef struct packed {
    msgpack_sbuffer sb;
    msgpack_packer pk;
} packed;

static void packed_init(packed *p)
{
    msgpack_sbuffer_init(&p->sb);
    msgpack_packer_init(&p->pk, &p->sb, msgpack_sbuffer_write);
}

/* The body, then (unless `metadata keep`) the metadata, by one policy.
   Returns a phs_mrec_result for the pair, or a negative phs_status. */
static int redact_event(struct phiscrub_ctx *ctx, phs_mrec *rec, struct flb_log_event *ev,
                        packed *body, packed *meta, int *meta_packed)
{
    msgpack_sbuffer_clear(&body->sb);
    msgpack_sbuffer_clear(&meta->sb);
    *meta_packed = 0;
    int rc = phs_mrec_redact(rec, ev->body, &body->pk);
    if (rc < 0 || rc == PHS_MREC_DROP || ctx->keep_metadata || !ev->metadata)
        return rc;
    int mrc = phs_mrec_redact_metadata(rec, ev->metadata, &meta->pk);
    *meta_packed = 1;
    if (mrc < 0 || mrc == PHS_MREC_DROP)
        return mrc;
    return rc == PHS_MREC_SAME && mrc == PHS_MREC_SAME ? PHS_MREC_SAME : PHS_MREC_CHANGED;
}

/* Fail closed: body and metadata masked whole. Returns 0, or -1 when the
   record is to be dropped instead. */
static int mask_event(struct phiscrub_ctx *ctx, struct flb_log_event *ev, packed *body,
                      packed *meta, int *meta_packed)
{
    msgpack_sbuffer_clear(&body->sb);
    msgpack_sbuffer_clear(&meta->sb);
    *meta_packed = 0;
    if (ctx->drop_on_error || phs_mrec_mask_whole(ev->body, &body->pk) != PHS_OK)
        return -1;
    if (ctx->keep_metadata || !ev->metadata)
        return 0;
    *meta_packed = 1;
    return phs_mrec_mask_whole(ev->metadata, &meta->pk) == PHS_OK ? 0 : -1;
}

static int cb_phiscrub_filter(const void *data, size_t bytes, const char *tag, int tag_len,
                              void **out_buf, size_t *out_bytes, struct flb_filter_instance *f_ins,
                              struct flb_input_instance *i_ins, void *context,
                              struct flb_config *config)
{
    /* i_ins may be an output instance when this runs as a processor: it is
       never looked at. */
    (void)tag;
    (void)tag_len;
    (void)f_ins;
    (void)i_ins;
    (void)config;
    struct phiscrub_ctx *ctx = context;
    struct flb_log_event_decoder dec;
    struct flb_log_event_encoder enc;
    struct flb_log_event ev;
    int32_t type;
    int modified = 0, failed = 0;
    size_t dropped = 0, masked_whole = 0;

    /* Fail closed from the start: whatever goes wrong below, an empty
       MODIFIED result drops the chunk rather than pass it on unredacted. */
    *out_buf = NULL;
    *out_bytes = 0;
    phs_mrec *rec = thread_rec(ctx);
    if (!rec) {
        flb_plg_error(ctx->ins, "out of memory: the chunk is dropped");
        return FLB_FILTER_MODIFIED;
    }
    if (flb_log_event_decoder_init(&dec, (char *)data, bytes) != FLB_EVENT_DECODER_SUCCESS) {
        flb_plg_error(ctx->ins, "cannot decode the chunk: it is dropped");
        return FLB_FILTER_MODIFIED;
    }
    flb_log_event_decoder_read_groups(&dec, FLB_TRUE);
    if (flb_log_event_encoder_init(&enc, FLB_LOG_EVENT_FORMAT_DEFAULT) !=
        FLB_EVENT_ENCODER_SUCCESS) {
        flb_log_event_decoder_destroy(&dec);
        flb_plg_error(ctx->ins, "out of memory: the chunk is dropped");
        return FLB_FILTER_MODIFIED;
    }
    packed body, meta;
    packed_init(&body);
    packed_init(&meta);
    int meta_packed = 0;

    int ret;
    while ((ret = flb_log_event_decoder_next(&dec, &ev)) == FLB_EVENT_DECODER_SUCCESS) {
        int er = FLB_EVENT_ENCODER_SUCCESS;
        if (flb_log_event_decoder_get_record_type(&ev, &type) == 0 &&
            (type == FLB_LOG_EVENT_GROUP_START || type == FLB_LOG_EVENT_GROUP_END)) {
            /* OTLP group markers pass as they are: dropping them loses
               the group's records downstream */
            er = flb_log_event_encoder_emit_raw_record(&enc, dec.record_base, dec.record_length);
        } else {
            int rc = redact_event(ctx, rec, &ev, &body, &meta, &meta_packed);
            if (rc == PHS_MREC_SAME) {
                er = flb_log_event_encoder_emit_raw_record(&enc, dec.record_base,
                                                           dec.record_length);
            } else if (rc == PHS_MREC_CHANGED) {
                modified = 1;
                er = emit_record(&enc, &ev, &body.sb, meta_packed ? &meta.sb : NULL);
            } else if (rc == PHS_MREC_DROP) {
                modified = 1;
                dropped++;
            } else {
                modified = 1;
                if (mask_event(ctx, &ev, &body, &meta, &meta_packed) == 0) {
                    masked_whole++;
                    er = emit_record(&enc, &ev, &body.sb, meta_packed ? &meta.sb : NULL);
                } else {
                    dropped++;
                }
            }
        }
        if (er != FLB_EVENT_ENCODER_SUCCESS) {
            failed = 1;
            break;
        }
    }
    /* The decoder ends with INSUFFICIENT_DATA at the end of the chunk; any
       other result is a record it could not read: not passed on. */
    if (!failed && !(ret == FLB_EVENT_DECODER_ERROR_INSUFFICIENT_DATA && dec.offset == bytes)) {
        flb_plg_error(ctx->ins, "a record of the chunk cannot be decoded (%s): the rest of the "
                      "chunk is dropped", flb_log_event_decoder_get_error_description(ret));
        modified = 1;
    }
    if (masked_whole || dropped)
        flb_plg_warn(ctx->ins, "%zu record(s) masked whole, %zu dropped", masked_whole, dropped);
    msgpack_sbuffer_destroy(&body.sb);
    msgpack_sbuffer_destroy(&meta.sb);
    flb_log_event_decoder_destroy(&dec);
    if (failed) {
        flb_log_event_encoder_destroy(&enc);
        flb_plg_error(ctx->ins, "cannot encode the output: the chunk is dropped");
        return FLB_FILTER_MODIFIED;
    }
    if (!modified) {
        flb_log_event_encoder_destroy(&enc);
        return FLB_FILTER_NOTOUCH;
    }
    *out_buf = enc.output_buffer;
    *out_bytes = enc.output_length;
    flb_log_event_encoder_claim_internal_buffer_ownership(&enc);
    flb_log_event_encoder_destroy(&enc);
    return FLB_FILTER_MODIFIED;
}

static int cb_phiscrub_exit(void *data, struct flb_config *config)
{
    (void)config;
    struct phiscrub_ctx *ctx = data;
    if (!ctx)
        return 0;
    pthread_key_delete(ctx->tls);
    pthread_mutex_destroy(&ctx->lock);
    ctx_destroy(ctx);
    return 0;
}

static struct flb_config_map config_map[] = {
    {FLB_CONFIG_MAP_STR, "rules", NULL, 0, FLB_TRUE, offsetof(struct phiscrub_ctx, rules),
     "Rules file or folder of *.rules (docs/rules.md), added to the rules bundled into "
     "libphiscrub; a file of site policy alone (allow lists, key policy: "
     "docs/policy.md) applies over them the same way"},
    {FLB_CONFIG_MAP_BOOL, "no_default_rules", "false", 0, FLB_TRUE,
     offsetof(struct phiscrub_ctx, no_default_rules),
     "Use the `rules` alone, without the bundled rules"},
    {FLB_CONFIG_MAP_STR, "mode", NULL, 0, FLB_TRUE, offsetof(struct phiscrub_ctx, mode),
     "One action for every category: mask, partial, tokenize, encrypt, surrogate or drop; "
     "default: the rules' action lines, else mask"},
    {FLB_CONFIG_MAP_STR, "actions", NULL, 0, FLB_TRUE, offsetof(struct phiscrub_ctx, actions),
     "Per-category actions over mode, comma separated: e.g. SSN=tokenize,EMAIL=drop"},
    {FLB_CONFIG_MAP_STR, "key_file", NULL, 0, FLB_TRUE, offsetof(struct phiscrub_ctx, key_file),
     "Key for tokenize, encrypt and surrogate: a file of 32 to 4096 bytes readable by the "
     "Fluent Bit user alone; there is no default key"},
    {FLB_CONFIG_MAP_STR, "cache_dir", NULL, 0, FLB_TRUE, offsetof(struct phiscrub_ctx, cache_dir),
     "Folder for the compiled rules; without it each start compiles them (seconds). A "
     "damaged or foreign cache file is reported once and rewritten"},
    {FLB_CONFIG_MAP_CLIST, "keys", NULL, 0, FLB_TRUE, offsetof(struct phiscrub_ctx, keys),
     "Top-level record keys whose values are processed, comma separated; default: every "
     "value, nested maps and arrays included"},
    {FLB_CONFIG_MAP_STR, "on_error", "mask", 0, FLB_TRUE, offsetof(struct phiscrub_ctx, on_error),
     "A record that cannot be processed: 'mask' (every value becomes [UNPROCESSED]) or "
     "'drop'; it is never passed through"},
    {FLB_CONFIG_MAP_STR, "metadata", "redact", 0, FLB_TRUE, offsetof(struct phiscrub_ctx, metadata),
     "The record's metadata (OpenTelemetry log attributes): 'redact' it by the same policy "
     "as the body, or 'keep' it as it is"},
    {0}};

/* The one symbol the loader looks up (flb-filter_phiscrub.so ->
   filter_phiscrub_plugin); everything else stays hidden. */
__attribute__((visibility("default"))) struct flb_filter_plugin filter_phiscrub_plugin = {
    .name = "phiscrub",
    .description = "Redact protected health information (PHI)",
    .cb_init = cb_phiscrub_init,
    .cb_filter = cb_phiscrub_filter,
    .cb_exit = cb_phiscrub_exit,
    .config_map = config_map,
    .flags = 0,
};

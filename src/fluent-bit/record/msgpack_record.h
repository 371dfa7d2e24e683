/* The walk over one log record as msgpack (a map, nested maps and arrays):
   the core of the Fluent Bit filter, kept apart from Fluent Bit so the test
   suite builds it with Debian's msgpack-c alone. It uses only phiscrub.h.

   A value under a key that the rules' `keys` classes name (ssn, birthDate,
   FHIR name.family, ...) is replaced whole by its category's action; every
   other string value is redacted as text. The site's key policy
   (phs_stream_key_policy) comes first: kept values pass, redacted ones
   become PHS_REDACTED_MARK. Keys are data too: a string key is redacted as
   text, and in a map held by a PHI key ("mrn": {"00123456": ...}) a key that
   holds a digit, or a number, is replaced whole by that key's category. The
   values are classified (and the key policy applied) by their keys as they
   came in. */
#ifndef PHISCRUB_MSGPACK_RECORD_H
#define PHISCRUB_MSGPACK_RECORD_H

#include <stddef.h>

#include <msgpack.h>

#include "phiscrub.h"

/* Per-thread state: one phiscrub stream and its buffers. */
typedef struct phs_mrec phs_mrec;

/* `keys`: the top-level record keys whose values are processed (nested
   values included); NULL or nkeys 0 = every value. The strings are copied. */
int phs_mrec_create(const phs_db *db, const char *const *keys, size_t nkeys, phs_mrec **out);
void phs_mrec_free(phs_mrec *r);

typedef enum phs_mrec_result {
    PHS_MREC_SAME = 0,    /* written unchanged */
    PHS_MREC_CHANGED = 1, /* written with values replaced */
    PHS_MREC_DROP = 2     /* a finding's action is drop: leave the record out
                             (the packer may hold part of it: discard) */
} phs_mrec_result;

/* Write the redacted form of `record` (normally a map) to pk. Returns a
   phs_mrec_result, or a negative phs_status when the record could not be
   processed (nesting over 64 levels, no memory, a matcher error): then pk
   holds part of a record and the caller must discard it and fail closed
   with phs_mrec_mask_whole or by dropping the record. */
int phs_mrec_redact(phs_mrec *r, const msgpack_object *record, msgpack_packer *pk);

/* The same walk over a record's metadata (Fluent Bit 5 keeps OpenTelemetry
   log attributes there): every value, whatever `keys` selects. */
int phs_mrec_redact_metadata(phs_mrec *r, const msgpack_object *metadata, msgpack_packer *pk);

/* Fail closed: the record with its structure, and every string, number and
   binary key and value replaced by "[UNPROCESSED]" (booleans and nil
   stay). Returns PHS_OK or a negative phs_status (nesting too deep: then
   the caller drops the record). */
int phs_mrec_mask_whole(const msgpack_object *record, msgpack_packer *pk);

/* Counters since create: values replaced whole, text values changed,
   records masked whole are the caller's to count. */
void phs_mrec_stats(const phs_mrec *r, phs_stats *out);

#endif

/* Structure-aware detectors: HL7 v2 segments (hl7.c) and JSON records
   (json.c). Each walks one line and reports the PHI spans it finds by
   position in the record, not by the shape of the value. Not installed. */
#ifndef PHISCRUB_STRUCTURE_H
#define PHISCRUB_STRUCTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "phiscrub.h"

/* Receives one span [start, end) of the line (offsets from the line start)
   and its category. Returns 0 to go on, non-zero to stop the walk (the
   caller ran out of memory); the walker then returns PHS_STRUCT_STOPPED. */
typedef int (*phs_struct_emit)(size_t start, size_t end, phs_category cat, void *ctx);

enum {
    PHS_STRUCT_OK = 0,        /* walked; every PHI field was reported */
    PHS_STRUCT_NONE = 1,      /* no record of this kind on the line */
    PHS_STRUCT_MALFORMED = 2, /* a record that does not parse: the caller
                                 relies on pattern scanning of the whole line
                                 (spans already reported stay valid) */
    PHS_STRUCT_STOPPED = 3,   /* emit asked to stop */
    PHS_STRUCT_TOO_DEEP = 4   /* a record nested past what the walker
                                 follows: its fields cannot be told apart,
                                 so the caller masks the line whole (fail
                                 closed; the patterns would miss values
                                 found only by their key) */
};

/*
 * HL7 v2. Finds the segments on the line: a segment starts at the line start
 * or after a segment break, which is CR, LF, or the two characters '\' 'r'
 * (or '\' 'n') of a message logged with escapes; the message may also start
 * after some log prefix ("... msg=MSH|^~\&|..."). The field separator and
 * encoding characters come from MSH-1/MSH-2 when an MSH segment precedes;
 * otherwise '|' and "^~\&". Reports the PHI components of PID, PD1, NK1,
 * GT1, IN1, IN2, PV1 (and OBX-5 free text) by field position; never a
 * delimiter, so the message keeps its segments, fields and components.
 */
int phs_hl7_scan(const char *line, size_t len, phs_struct_emit emit, void *ctx);

/* Classifies a JSON key. `parent` is the nearest enclosing key (the key
   whose value is the object or array that holds this member), empty at the
   top level; `rtype` the FHIR resourceType of the nearest enclosing object
   that named one before this point, else empty. Returns the category of the
   value, or PHS_CAT_COUNT when the key is not PHI. */
typedef phs_category (*phs_json_classify)(const char *key, size_t klen, const char *parent,
                                          size_t plen, const char *rtype, size_t rtlen,
                                          void *ctx);

/*
 * JSON. Walks every JSON object on the line (a line may carry a log prefix
 * before its first '{'): nested objects and arrays, escaped strings. Each
 * scalar value (string contents without the quotes, or a number) is
 * classified by its key and parent key; a scalar inside an array takes the
 * array's key. A PHI value is reported, everything else is left to the
 * pattern rules. A key is reported only in an object held by a PHI key
 * ("mrn": {"00123456": ...}), when it holds a digit: it is then one of
 * that key's values. The pattern rules scan keys as any other text.
 * Nesting past 64 levels gives PHS_STRUCT_TOO_DEEP.
 */
int phs_json_scan(const char *line, size_t len, phs_json_classify classify, void *cctx,
                  phs_struct_emit emit, void *ectx);

/* Codes a classify may return past the categories, for the site's key
   policy (keypol.c): the value is kept, or replaced by [REDACTED]. */
#define PHS_JSON_KEEP ((phs_category)(PHS_CAT_COUNT + 1))
#define PHS_JSON_REDACT ((phs_category)(PHS_CAT_COUNT + 2))

/* phs_json_scan for the key policy: every scalar is classified, references
   and the literals true and false included, and reported with its code
   (a string's span is its contents, inside the quotes). */
int phs_json_scan_policy(const char *line, size_t len, phs_json_classify classify, void *cctx,
                         phs_struct_emit emit, void *ectx);

/* The bare scalars of the JSON records on the line: every number and every
   literal (true, false, null) outside a string, reported in order with
   PHS_CAT_COUNT. A replacement there must be quoted for the record to stay
   JSON. Returns as phs_json_scan. */
int phs_json_scalars(const char *line, size_t len, phs_struct_emit emit, void *ctx);

/* [p, p+n) is one JSON number, as RFC 8259 writes it (no leading zero). */
bool phs_json_is_number(const char *p, size_t n);

/*
 * Delimited rows (row.c): a line of four or more fields split by tab, '|',
 * ';' or ',' (double quotes group), after an optional log prefix ending in
 * ": ". When the fields read as a person's record (a name, an SSN, a date,
 * a phone or an email, enough of them), every field of those shapes is
 * reported, and a bare identifier beside them too. JSON and HL7 lines are
 * left to their walkers (PHS_STRUCT_NONE).
 */
int phs_row_scan(const char *line, size_t len, phs_struct_emit emit, void *ctx);

#endif

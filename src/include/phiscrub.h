/*
 * phiscrub.h - find and mask protected health information (PHI) in log streams.
 *
 * This header is the whole public interface of libphiscrub and is meant to be
 * read as its manual.
 *
 * Model
 * -----
 *   phs_rules   rules parsed from text (a rules file, a folder of them, or the
 *               set bundled into the library). Plain data; free after compile.
 *   phs_db      the compiled, immutable database built from rules and options.
 *               Thread-safe to share: any number of streams may use one db.
 *   phs_stream  per-stream state: framing buffers, Hyperscan scratch, PCRE2
 *               match data, counters. One stream per thread at a time.
 *
 * Every object has a create/free pair; every free accepts NULL.
 * Functions return PHS_OK (0) or a negative phs_status; phs_strerror() turns
 * one into text. The library never prints, never exits and never puts a
 * matched value into an error, a finding or a counter.
 *
 * Data flow (per stream)
 * ----------------------
 *   bytes -> lines (split on '\n') -> Hyperscan prefilter over the whole run
 *   of complete lines -> PCRE2 confirm + validators on candidate lines only
 *   -> overlap resolution -> act (mask, partial, token, encrypted token,
 *   surrogate, or drop the line: the policy, per category) -> bytes.
 *
 * Every byte that is not part of a finding is copied through unchanged: CR,
 * NUL, invalid UTF-8 and a missing final newline included. The output does
 * not depend on how the input is cut into calls.
 *
 * Fail closed: a line that cannot be processed (a PCRE2 match limit, a line
 * over max_line_size) has its content replaced by PHS_UNPROCESSED_MARK and
 * is counted in phs_stats.lines_masked_whole; it never leaves as it came in.
 */
#ifndef PHISCRUB_H
#define PHISCRUB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility; these are its exports. */
#if defined(__GNUC__)
#define PHS_API __attribute__((visibility("default")))
#else
#define PHS_API
#endif

#define PHS_VERSION_MAJOR 0
#define PHS_VERSION_MINOR 1
#define PHS_VERSION_PATCH 0
#define PHS_VERSION_STRING "0.1.0"

/* Returns PHS_VERSION_STRING of the library actually linked. */
PHS_API const char *phs_version(void);

/* ------------------------------------------------------------------ errors */

typedef enum phs_status {
    PHS_OK = 0,
    PHS_E_NOMEM = -1,     /* an allocation failed */
    PHS_E_ARG = -2,       /* a NULL or out-of-range argument */
    PHS_E_IO = -3,        /* a rules file or folder could not be read */
    PHS_E_RULES = -4,     /* a rules file is malformed (see phs_error) */
    PHS_E_COMPILE = -5,   /* a pattern did not compile (see phs_error) */
    PHS_E_DSTSIZE = -6,   /* the one-shot output buffer is too small */
    PHS_E_INTERNAL = -7,  /* Hyperscan or PCRE2 failed at run time */
    PHS_E_KEY = -8,       /* a key is needed and missing, or a key file is
                             unreadable, too short or open to others */
    PHS_E_TOKEN = -9,     /* an encrypted token failed authentication or
                             was cut short (tampered, or another key) */
    PHS_E_CRYPTO = -10    /* libcrypto failed (e.g. a provider without
                             the algorithm) */
} phs_status;

/* Static text for a phs_status; never NULL. */
PHS_API const char *phs_strerror(int status);

/*
 * Where a rules or compile error happened. Filled by phs_rules_* and
 * phs_db_create on failure. Text fields are always NUL-terminated. `reason`
 * names the problem and never quotes input beyond the rule's own pattern.
 */
typedef struct phs_error {
    char file[256];    /* rules file name, or "<bundled>" / "<buffer>" */
    size_t line;       /* 1-based line in that file; 0 when not known */
    char rule_id[64];  /* the rule concerned; empty when none */
    char reason[256];
} phs_error;

/* -------------------------------------------------------------- categories */

typedef enum phs_category {
    PHS_CAT_SSN = 0,
    PHS_CAT_MRN,
    PHS_CAT_PATIENT_ID,
    PHS_CAT_MEMBER_ID,    /* member and subscriber ids */
    PHS_CAT_ACCOUNT_ID,
    PHS_CAT_ENCOUNTER_ID,
    PHS_CAT_NAME,
    PHS_CAT_DATE,
    PHS_CAT_PHONE,
    PHS_CAT_FAX,
    PHS_CAT_EMAIL,
    PHS_CAT_IP,
    PHS_CAT_URL,          /* a patient identifier carried in a URL path */
    PHS_CAT_ZIP,
    PHS_CAT_ADDRESS,
    PHS_CAT_AGE,          /* ages over 89 */
    PHS_CAT_LICENSE,      /* driver's licence and other certificate numbers */
    PHS_CAT_LOCATION,     /* a city, county, hospital or other facility in text */
    PHS_CAT_CARD,         /* a payment card number */
    PHS_CAT_VIN,          /* a vehicle identification number */
    PHS_CAT_DEVICE_ID,    /* a device serial number or UDI */
    PHS_CAT_COUNT
} phs_category;

/* "SSN", "PATIENT_ID", ...; NULL for a value out of range. */
PHS_API const char *phs_category_name(phs_category cat);

/* Case-insensitive lookup; returns PHS_OK or PHS_E_ARG for an unknown name. */
PHS_API int phs_category_from_name(const char *name, phs_category *out);

/* ------------------------------------------------------------------- rules */

typedef struct phs_rules phs_rules;

/*
 * Parse rules (format: docs/rules.md). `path` is a file, or a folder whose
 * `*.rules` files are read in name order. On PHS_E_RULES or PHS_E_IO, `err`
 * (may be NULL) says which file, line and rule, and why. A path with no
 * rule is refused, also when it holds policy: add that to a set with
 * phs_rules_add, or load it with phs_rules_load_site.
 */
PHS_API int phs_rules_load(const char *path, phs_rules **out, phs_error *err);

/* Parse rules from memory; `name` is used in error reports. */
PHS_API int phs_rules_load_buffer(const char *text, size_t len, const char *name,
                          phs_rules **out, phs_error *err);

/* The rule set compiled into the library from patterns/ at build time. */
PHS_API int phs_rules_load_bundled(phs_rules **out, phs_error *err);

/* Add the rules and policy of `path` (a file or folder, read as
   phs_rules_load reads it) to `rules`, e.g. site rules to the bundled set.
   A rule id already in the set is an error (PHS_E_RULES, `err` names both
   places), and so is a path that adds nothing; `action` lines of path win
   over earlier ones. All or nothing: on an error, `rules` is as it was. */
PHS_API int phs_rules_add(phs_rules *rules, const char *path, phs_error *err);

/*
 * The rules a program runs with for a rules path, as `phiscrub --rules`,
 * the Fluent Bit plugin's `rules` and PHISCRUB_RULES of the Lua script
 * read it: the bundled set, with the rules and policy of `path` (may be
 * NULL) added (phs_rules_add): a site file of one rule never switches the
 * other categories off. To replace the bundled set, phs_rules_load.
 */
PHS_API int phs_rules_load_site(const char *path, phs_rules **out, phs_error *err);

/* Number of rules, and the id and category of rule i (0-based). */
PHS_API size_t phs_rules_count(const phs_rules *rules);
PHS_API const char *phs_rules_id(const phs_rules *rules, size_t i);
PHS_API phs_category phs_rules_category(const phs_rules *rules, size_t i);

PHS_API void phs_rules_free(phs_rules *rules);


/* --------------------------------------------------------------------- keys */

/*
 * A secret key for the actions that need one (tokenize, encrypt, surrogate)
 * and for keyed fingerprints. There is no built-in or default key.
 *
 * The key file's bytes are the key (a key written as printable text loses
 * one final newline; a binary key keeps every byte), at least
 * PHS_KEY_MIN bytes: `head -c 32 /dev/urandom > k` or `openssl rand -hex 32
 * > k`, then `chmod 600 k`. The library derives one subkey per purpose
 * (HMAC-SHA256 with a label) and forgets the file's bytes. A new key gives
 * new tokens, encrypted tokens and surrogates: that is key rotation (see
 * docs/policy.md). No function ever writes key bytes into an error, a
 * report or a finding.
 */
typedef struct phs_key phs_key;

#define PHS_KEY_MIN 32
#define PHS_KEY_MAX 4096
/* The environment variable the program reads for a key file's path. */
#define PHS_KEY_FILE_ENV "PHISCRUB_KEY_FILE"

/* Load a key file. Refused with PHS_E_KEY (and `err` saying why) when it
   cannot be read, is not a regular file, is not owned by the caller (or
   root), can be read or written by group or others, holds fewer than
   PHS_KEY_MIN or more than PHS_KEY_MAX bytes, or is one byte repeated
   (a file of zeros is no secret). */
PHS_API int phs_key_load(const char *path, phs_key **out, phs_error *err);

/* A key from memory (PHS_KEY_MIN..PHS_KEY_MAX bytes, not all one byte,
   else PHS_E_KEY). The caller keeps and clears its own copy. */
PHS_API int phs_key_from_bytes(const void *bytes, size_t len, phs_key **out);

/* Clears the key's memory; accepts NULL. */
PHS_API void phs_key_free(phs_key *key);

/* A public name for the key: 16 hex digits and a NUL derived one-way from
   it, so reports and baselines can say which key made them. */
PHS_API void phs_key_id(const phs_key *key, char out[17]);

/* Keyed fingerprint: HMAC-SHA256 of msg under the key's subkey for
   `purpose` (any short text; different purposes give unrelated results).
   Used by baselines, where a plain hash of a value from a small space (an
   SSN) could be reversed by trying them all. */
PHS_API int phs_key_mac(const phs_key *key, const char *purpose, const void *msg, size_t len,
                        unsigned char out[32]);

/* ------------------------------------------------------------------ actions */

/*
 * What happens to a finding, chosen per category (docs/policy.md):
 *
 *   mask       [SSN]
 *   partial    Safe Harbor-aware: the last four digits of an SSN, phone or
 *              fax (***-**-6789); the year of a date (1980-**-**) unless
 *              it is 90 or more years before the reference year; ZIP3
 *              (021**) unless it is a restricted ZIP3 (000**); AGE as 90+;
 *              every other category gets its label
 *   tokenize   SSN_k2q9x4m7vd3hfy6b: the category and 16 base32 characters
 *              (80 bits) of HMAC-SHA256 over the normalised value, so one
 *              value gives one token in every record, run and process
 *   encrypt    [SSN:e1:...]: AES-SIV (deterministic, authenticated) of the
 *              exact bytes; phs_reveal() gives them back to a key holder
 *   surrogate  a realistic fake of the same shape, the same for the same
 *              value and key (names from the dictionaries, SSNs from never
 *              issued ranges, phones 555-01xx, emails at example.com, dates
 *              shifted by one key-derived offset)
 *   drop       the whole line is left out of the output
 *
 * tokenize, encrypt and surrogate need phs_options.key.
 */
typedef enum phs_action {
    PHS_ACT_DEFAULT = 0, /* in phs_options: the rules' `action` lines, else mask */
    PHS_ACT_MASK,
    PHS_ACT_PARTIAL,
    PHS_ACT_TOKENIZE,
    PHS_ACT_ENCRYPT,
    PHS_ACT_SURROGATE,
    PHS_ACT_DROP,
    PHS_ACT_COUNT
} phs_action;

/* "mask", "partial", ...; NULL out of range ("default" for PHS_ACT_DEFAULT). */
PHS_API const char *phs_action_name(phs_action a);
/* Case-insensitive; PHS_OK or PHS_E_ARG for an unknown name. */
PHS_API int phs_action_from_name(const char *name, phs_action *out);

/* ----------------------------------------------------------------- options */

typedef enum phs_date_policy {
    /* Every valid calendar date is PHI except a log record's own timestamp
       (a date followed by a time of day). Dates in person contexts (birth,
       admission, discharge, death, service) are PHI even with a time. */
    PHS_DATES_ALL = 0,
    /* Only dates in person contexts are PHI. */
    PHS_DATES_CONTEXT = 1
} phs_date_policy;

/* Text that replaces the content of a line that could not be processed. */
#define PHS_UNPROCESSED_MARK "[UNPROCESSED]"

typedef struct phs_options {
    uint32_t categories;       /* bit (1u << cat) set = category enabled */
    phs_action actions[PHS_CAT_COUNT]; /* per category; PHS_ACT_DEFAULT =
                                  the rules' policy, else mask */
    const phs_key *key;        /* for tokenize, encrypt, surrogate; copied
                                  by phs_db_create (free it after) */
    int reference_year;        /* for partial dates (age over 89) and
                                  two-digit years; 0 = the current year */
    phs_date_policy date_policy;
    size_t max_line_size;      /* longest line processed, its terminator
                                  included; longer lines are masked whole.
                                  0 = default (128 MiB); at most 4 GiB - 1 */
    size_t block_size;         /* framing block; 0 = default (256 KiB) */
    const char *cache_dir;     /* where compiled databases are cached, or NULL
                                  for no cache. Read during phs_db_create
                                  only. The folder is created (0700); a file
                                  is used only if owned by this user and
                                  writable by no one else. A file is mapped
                                  while the db lives; the cache replaces
                                  files by rename, never in place, and
                                  checks each file whole before it is used
                                  (phs_db_cache_status). Without a cache,
                                  the bundled rules take seconds to
                                  compile. */
    const char *seed_dir;      /* a read-only folder of databases compiled
                                  when phiscrub was built (the install's
                                  share/phiscrub/cache), looked in when
                                  cache_dir has no usable file, so a first
                                  run after install starts at once with the
                                  bundled rules and default categories. A
                                  file is used only if owned by this user
                                  or root and writable by no one else, and
                                  is checked like a cache file; it is never
                                  written. phs_options_init sets the
                                  install's folder; NULL = none. */
} phs_options;

#define PHS_ALL_CATEGORIES ((uint32_t)((1u << PHS_CAT_COUNT) - 1u))

/* Set actions from text, as `--action` and the Fluent Bit plugin take it:
   "SSN=tokenize, EMAIL=drop", items applied in order, "all" for every
   category. All or nothing: on PHS_E_ARG, `err` names the bad item and
   opts is unchanged. */
PHS_API int phs_options_set_actions(phs_options *opts, const char *spec, phs_error *err);

/* Fill `opts` with defaults: every category, the rules' policy (mask where
   it says nothing), no key, PHS_DATES_ALL, no cache, the install's seed
   folder. */
PHS_API void phs_options_init(phs_options *opts);

/* ---------------------------------------------------------------- database */

typedef struct phs_db phs_db;

/*
 * Compile `rules` under `opts` (NULL = defaults) into an immutable database.
 * The database keeps no pointer to `rules`. On PHS_E_COMPILE, `err` names
 * the rule and the Hyperscan or PCRE2 message.
 */
PHS_API int phs_db_create(const phs_rules *rules, const phs_options *opts,
                  phs_db **out, phs_error *err);
PHS_API void phs_db_free(phs_db *db);

/* Rules in the database (disabled categories included), for reports. A
   structure rule (engine = hl7 or json) has PHS_CAT_COUNT: each field it
   masks has its own category, given in the finding. */
PHS_API size_t phs_db_rule_count(const phs_db *db);
PHS_API const char *phs_db_rule_id(const phs_db *db, size_t i);
PHS_API phs_category phs_db_rule_category(const phs_db *db, size_t i);
/* 1 when the compiled Hyperscan database of the rules' prefilters was
   loaded from opts->cache_dir. (The name dictionaries are compiled into
   the library and need no cache.) */
PHS_API int phs_db_cache_hit(const phs_db *db);

/* What the cache met while the db was made (bits; 0 when all was well).
   Every cache file carries its key and a checksum of all its bytes; a file
   that fails a check (damaged, cut short, another rule set's, lengths that
   do not add up, not owned by the user or writable by others) is not
   used: the database is compiled, the file rewritten, and the db says so
   here once, so the caller can tell the user. */
#define PHS_CACHE_REPLACED 1u /* a cache file could not be used: compiled and
                                 rewritten (or rewriting failed, see below) */
#define PHS_CACHE_UNUSABLE 2u /* the folder could not be used (not created,
                                 not private, not writable): compiled without */
/* Returns the bits; *note (may be NULL) receives one line on the first
   problem, naming the file or the folder and why (never a matched value),
   or "" when there was none. Valid while the db lives. */
PHS_API unsigned phs_db_cache_status(const phs_db *db, const char **note);

/* The action the db applies to category `cat`: the options' choice, else
   the rules' `action` line, else PHS_ACT_MASK. */
PHS_API phs_action phs_db_action(const phs_db *db, phs_category cat);

/* 1 when rule i runs under the options the db was built with (enabled in
   its rules file, its category on, allowed by the date policy), else 0. */
PHS_API int phs_db_rule_active(const phs_db *db, size_t i);

/*
 * Rule self-tests. A rule may carry `example = LINE` (a line it must find
 * something in) and `not-example = LINE` (a line it must find nothing in).
 * phs_rules_check_examples compiles `rules` under `opts` (NULL = defaults)
 * with every rule and category on, runs each rule alone on each of its
 * examples (its prefilter, then its pattern, validator and context, as on
 * a log line; no allow list applies), and calls `fn` (may be NULL) for each
 * example that fails. `*run` and `*failed` (may be NULL) receive the counts.
 * Returns PHS_OK when every example passed, PHS_E_RULES when one failed,
 * or the compile error (`err` says which).
 */
typedef struct phs_example_failure {
    const char *rule_id;
    const char *file;   /* the rules file, or "<bundled>" */
    size_t line;        /* the example's line in it */
    int must_match;     /* 1: an `example` found nothing; 0: a `not-example`
                           was found */
    const char *text;   /* the example, as the rules file gives it */
} phs_example_failure;
typedef void (*phs_example_fn)(const phs_example_failure *f, void *user);
PHS_API int phs_rules_check_examples(const phs_rules *rules, const phs_options *opts,
                                     phs_example_fn fn, void *user, size_t *run,
                                     size_t *failed, phs_error *err);
/* How many `example` and `not-example` lines rule i carries. */
PHS_API void phs_rules_examples(const phs_rules *rules, size_t i, size_t *examples,
                                size_t *not_examples);

/* ---------------------------------------------------------------- findings */

typedef struct phs_finding {
    phs_category category;
    size_t rule_index;    /* index for phs_db_rule_id() */
    const char *rule_id;  /* valid while the db lives */
    uint64_t offset;      /* byte offset from the start of the stream */
    size_t length;        /* bytes masked */
    uint64_t line;        /* 1-based line number in the stream */
} phs_finding;

/* Called once per masked span, in stream order. It gets no value, on purpose:
   a finding must be reportable without ever holding PHI.
   A line masked whole (fail closed) is reported with category PHS_CAT_COUNT,
   rule_index SIZE_MAX and rule_id "unprocessed"; offset and length cover the
   line's content without its terminator. A value the site's key policy
   replaced by PHS_REDACTED_MARK has category PHS_CAT_COUNT and rule_id
   "site:keys" (a rule of the set, with its own rule_index). */
typedef void (*phs_finding_fn)(const phs_finding *finding, void *user);

/* ------------------------------------------------------------------ stream */

typedef struct phs_stream phs_stream;

typedef struct phs_inbuf {
    const void *src;
    size_t size;
    size_t pos;   /* updated: bytes of src consumed */
} phs_inbuf;

typedef struct phs_outbuf {
    void *dst;
    size_t size;
    size_t pos;   /* updated: bytes of dst written */
} phs_outbuf;

typedef struct phs_stats {
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t lines;
    uint64_t lines_with_findings;
    uint64_t lines_masked_whole;   /* fail-closed events */
    uint64_t lines_dropped;        /* left out by the drop action */
    uint64_t findings;
    uint64_t per_category[PHS_CAT_COUNT];
} phs_stats;

PHS_API int phs_stream_create(const phs_db *db, phs_stream **out);
PHS_API void phs_stream_free(phs_stream *s);

/* Receive findings; `fn` may be NULL to stop. */
PHS_API void phs_stream_set_callback(phs_stream *s, phs_finding_fn fn, void *user);

/*
 * Consume input and produce output. Complete lines are processed as soon as
 * they are seen; a partial last line waits for more input or for the flush.
 * Returns PHS_OK when all of `in` was consumed and all output produced so far
 * fitted in `out`; call again with more room while in->pos < in->size.
 * Output still pending inside the stream is reported by phs_stream_pending().
 */
PHS_API int phs_stream_feed(phs_stream *s, phs_outbuf *out, phs_inbuf *in);

/*
 * End of input: process the partial last line, if any, and write output.
 * `*remaining` (may be NULL) receives the bytes still waiting for room in
 * `out`; call again with fresh room until it is 0.
 */
PHS_API int phs_stream_flush(phs_stream *s, phs_outbuf *out, size_t *remaining);

/*
 * The input was cut short (a truncated or corrupt file, a read error): its
 * partial last line, if any, is not a whole record, and a cut value such as
 * "123-45-67" matches no rule. Fail closed: that line's bytes are replaced by
 * PHS_UNPROCESSED_MARK and counted in lines_masked_whole. Complete lines are
 * not affected. Call before phs_stream_flush, which still writes the output.
 */
PHS_API int phs_stream_abort_line(phs_stream *s);

/* Output bytes held inside the stream, waiting for room in an outbuf. */
PHS_API size_t phs_stream_pending(const phs_stream *s);

/* Forget buffered input, pending output, counters and offsets; keep the db,
   the callback and the allocations. */
PHS_API void phs_stream_reset(phs_stream *s);

/* Counters since create or reset. Per-rule counts: phs_stream_rule_count. */
PHS_API void phs_stream_stats(const phs_stream *s, phs_stats *out);
PHS_API uint64_t phs_stream_rule_count(const phs_stream *s, size_t rule_index);

/* ---------------------------------------------------------------- records */

/*
 * For callers that hold structured records (a Fluent Bit record, a parsed
 * JSON object) rather than lines: the same key policy and actions, value
 * by value. Free text in a value goes through phs_stream_feed / flush as
 * usual (reset the stream between values if offsets should restart).
 */

/* The category that a value under `key` holds by the rules' `keys` classes
   (those of the JSON walker: docs/rules.md), given the enclosing key
   `parent` and the FHIR resourceType `rtype` (empty when none; not NUL
   terminated). PHS_CAT_COUNT when no class matches or its category is
   off. */
PHS_API phs_category phs_stream_key_category(phs_stream *s, const char *key, size_t klen,
                                             const char *parent, size_t plen, const char *rtype,
                                             size_t rtlen);

/* Room that always holds the replacement of an n-byte value. */
#define PHS_ACT_ROOM(n) (4 * (size_t)(n) + 128)

/*
 * Replace a whole value of category `cat` as the db's policy says (label,
 * partial form, token, encrypted token or surrogate) into dst, which holds
 * at least PHS_ACT_ROOM(len) bytes. Under `drop`, nothing is written and
 * *drop is set to 1 (the caller leaves the record out); else it is 0.
 * The value counts as a finding of `cat` in the stream's stats, with no
 * rule (no callback is made). A value that is already a label, a token or
 * an encrypted token is copied as it is and not counted, so a record
 * scrubs to itself. Returns PHS_OK, PHS_E_ARG or PHS_E_DSTSIZE.
 */
PHS_API int phs_stream_act(phs_stream *s, phs_category cat, const void *src, size_t len,
                           void *dst, size_t cap, size_t *written, int *drop);

/* -------------------------------------------------------------- site policy */

/*
 * A rules file may carry a site's own policy (docs/policy.md, "Site
 * policy"): values, patterns and name words that are never PHI there
 * (`allow`, `allow-pattern`, `allow-words`), local names that always are
 * (`deny-names`), and a key policy for JSON, logfmt and records: keys whose
 * value is kept (`keep-keys`), always redacted (`redact-keys`), or, with
 * `strict-keys = yes`, redacted unless the key is listed (`scan-keys`,
 * `keep-keys`). The pipe applies it by itself; a caller that walks records
 * asks phs_stream_key_policy for each scalar value.
 */

/* What replaces a value the key policy redacts, and the rule_id such a
   finding carries. */
#define PHS_REDACTED_MARK "[REDACTED]"
#define PHS_KEY_POLICY_RULE "site:keys"

typedef enum phs_key_verdict {
    PHS_KEY_SCAN = 0, /* free text: redact it with phs_stream_feed/flush */
    PHS_KEY_PHI,      /* a PHI key (the rules' `keys` classes): replace the
                         whole value with phs_stream_act of *cat */
    PHS_KEY_KEEP,     /* a kept key: leave the value as it is */
    PHS_KEY_REDACT    /* a redacted key, or strict mode and a key that is
                         not listed: write PHS_REDACTED_MARK (for any
                         scalar: string, number, boolean; nil stays) */
} phs_key_verdict;

/* The verdict for a scalar value under `key` (arguments as for
   phs_stream_key_category, whose category *cat receives for PHS_KEY_PHI).
   With cat NULL (a boolean, which no key class masks) the key classes are
   not asked and PHS_KEY_PHI is never returned. A kept or redacted value is
   counted in the stream's policy counters, so ask once per value. */
PHS_API phs_key_verdict phs_stream_key_policy(phs_stream *s, const char *key, size_t klen,
                                              const char *parent, size_t plen,
                                              const char *rtype, size_t rtlen, phs_category *cat);

/* The audit (--report): each allow value, allow pattern, allowed word and
   kept key is an entry, and the stream counts what each kept. Entries are
   named by place, never by value. */
typedef struct phs_allow_info {
    const char *directive;  /* "allow", "allow-pattern", "allow-words",
                               "keep-keys" */
    phs_category category;  /* NAME for words; PHS_CAT_COUNT: every
                               category ("all"), or none (kept keys) */
    const char *file;       /* valid while the db lives */
    size_t line;
    unsigned item;          /* 1-based place in a comma list, else 1 */
} phs_allow_info;

PHS_API size_t phs_db_allow_count(const phs_db *db);
PHS_API int phs_db_allow_entry(const phs_db *db, size_t i, phs_allow_info *out);
/* Findings (and, for a kept key, values) entry i kept since create or
   reset. */
PHS_API uint64_t phs_stream_allow_kept(const phs_stream *s, size_t i);
/* Values the key policy replaced by PHS_REDACTED_MARK. In the findings
   callback each is a finding of category PHS_CAT_COUNT whose rule_id is
   "site:keys". */
PHS_API uint64_t phs_stream_redacted(const phs_stream *s);

/* --------------------------------------------------------------- one-shot */

/*
 * Redact a whole buffer (treated as a complete stream) into `dst`.
 * `*written` receives the output length; on PHS_E_DSTSIZE it receives the
 * size needed. `fn` may be NULL.
 */
PHS_API int phs_redact(const phs_db *db, const void *src, size_t len, void *dst,
               size_t cap, size_t *written, phs_finding_fn fn, void *user);

/* ------------------------------------------------------------------ reveal */

/* Called for each encrypted token phs_reveal could not open: its offset
   from the start of src, its length, and PHS_E_TOKEN. No value is passed. */
typedef void (*phs_reveal_fn)(uint64_t offset, size_t length, int status, void *user);

/*
 * Turn the encrypted tokens ([SSN:e1:...]) in src back into the values they
 * hold, copying every other byte. A token that fails authentication (a
 * changed byte, another key, a changed category) or is cut short is copied
 * unchanged and passed to fn (may be NULL). src should hold whole lines: a
 * token cut at the end of src counts as cut short. The output is never
 * longer than the input, so cap >= len always fits.
 * Returns PHS_OK, PHS_E_TOKEN when at least one token was refused (the
 * output is still complete), PHS_E_DSTSIZE, or PHS_E_CRYPTO / PHS_E_NOMEM.
 */
PHS_API int phs_reveal(const phs_key *key, const void *src, size_t len, void *dst, size_t cap,
                       size_t *written, phs_reveal_fn fn, void *user);

/* --------------------------------------------------------------- encodings */

/*
 * The engine reads bytes as ASCII-compatible text (UTF-8, Latin-1, ...). Text
 * in UTF-16 or UTF-32 (PowerShell's `>` writes UTF-16LE) has a NUL byte in
 * every other or three of four bytes, and no pattern would match it: such
 * input is decoded to UTF-8 before the stream and the output encoded back,
 * as the program and `phiscrub scan` do (docs/phi-data-flow.md).
 */
typedef enum phs_encoding {
    PHS_ENC_UTF8 = 0, /* or any other ASCII-compatible bytes: as they are */
    PHS_ENC_UTF16LE,
    PHS_ENC_UTF16BE,
    PHS_ENC_UTF32LE,
    PHS_ENC_UTF32BE
} phs_encoding;

/* The encoding of text that begins with [p, p + n): its byte-order mark
   (a UTF-16 one only with a NUL byte after it: FF FE then 8-bit text is
   8-bit text), else the NUL pattern of text that is mostly ASCII (UTF-32:
   every unit a character, none NUL; UTF-16: six units in ten or more an
   ASCII character and none NUL); else PHS_ENC_UTF8. Reads at most 4096
   bytes; give at least 4 (a UTF-16 text without BOM and mostly outside
   ASCII is not told). */
PHS_API phs_encoding phs_encoding_detect(const void *p, size_t n);

/* "UTF-8", "UTF-16LE", ...; NULL for a value out of range. */
PHS_API const char *phs_encoding_name(phs_encoding enc);

typedef struct phs_transcoder phs_transcoder;

/*
 * A converter between `enc` and UTF-8: to_utf8 != 0 decodes enc into UTF-8,
 * else UTF-8 is encoded into enc. What goes through both comes back as it
 * was: an unpaired UTF-16 surrogate (or a UTF-32 unit in the surrogate
 * range) decodes to its three-byte form (ED A0..BF xx) and is encoded back
 * from it. A unit that is no character (UTF-32 above U+10FFFF), a unit cut
 * at the end, or bytes that are not UTF-8 when encoding become U+FFFD. The
 * byte-order mark, if any, is converted as the character U+FEFF.
 * Returns PHS_OK, PHS_E_ARG or PHS_E_NOMEM.
 */
PHS_API int phs_transcoder_create(phs_encoding enc, int to_utf8, phs_transcoder **out);

/* Convert from `in` into `out` as far as both go (in->pos and out->pos
   advance). A unit or sequence cut at the end of `in` is kept for the next
   call. Returns PHS_OK or PHS_E_ARG. */
PHS_API int phs_transcode(phs_transcoder *t, phs_outbuf *out, phs_inbuf *in);

/* The input has ended: what the converter holds (a cut unit, as U+FFFD) goes
   into `out`. *remaining (may be NULL) receives the bytes that did not fit:
   call again with room while it is not 0. Returns PHS_OK or PHS_E_ARG. */
PHS_API int phs_transcode_end(phs_transcoder *t, phs_outbuf *out, size_t *remaining);

/* Clears what it holds (a cut unit may be part of a value); accepts NULL. */
PHS_API void phs_transcoder_free(phs_transcoder *t);

#ifdef __cplusplus
}
#endif
#endif /* PHISCRUB_H */

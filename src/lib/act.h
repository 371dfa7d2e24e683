/* The act step: what replaces a finding (mask, partial, token, encrypted
   token, surrogate) and the keys behind it. Not installed. */
#ifndef PHISCRUB_ACT_H
#define PHISCRUB_ACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "surrogate.h"

struct phs_key {
    uint8_t root[32]; /* HMAC of the key file's bytes; subkeys come from it */
};

/* Subkey for `purpose`: HMAC-SHA256(root, purpose). */
int phs_key_derive(const phs_key *key, const char *purpose, uint8_t out[32]);

#define PHS_TOKEN_CHARS 16  /* base32 characters of a token: 80 bits */
#define PHS_ENC_TAG "e1"    /* version of the encrypted-token format */
/* second associated-data string of an encrypted bare JSON scalar */
#define PHS_ENC_BARE_AD "json bare scalar"

/* What the db holds for the act step; read-only once built. */
typedef struct phs_actdb {
    phs_action action[PHS_CAT_COUNT]; /* resolved: never PHS_ACT_DEFAULT */
    bool keyed;            /* the subkeys below are set */
    uint8_t tok[32];       /* HMAC key of tokens */
    uint8_t sur[32];       /* PRF key of surrogates */
    uint8_t siv[64];       /* AES-256-SIV key of encrypted tokens */
    int date_shift;        /* days, for surrogate dates; never 0 */
    int ref_year;
    bool any_drop;
    phs_surr *surr;        /* name lists, when some category surrogates */
    uint8_t zip3_restricted[1000];
} phs_actdb;

/* Resolve the policy (options over the rules' `action` lines over mask),
   check that a key is there when an action needs one, derive the subkeys. */
int phs_actdb_init(phs_actdb *a, const phs_action rules_policy[PHS_CAT_COUNT],
                   const phs_options *opts, phs_error *err);
void phs_actdb_free(phs_actdb *a);

/* Per-stream crypto state, made on first use. */
typedef struct phs_actor phs_actor;
void phs_actor_free(phs_actor *a);

/* Bytes of output room that always fit the replacement of an n-byte span. */
static inline size_t phs_act_room(size_t n) { return PHS_ACT_ROOM(n); }

/* Write what replaces the span [p, p + n) of category cat under the db's
   policy (never PHS_ACT_DROP: the caller drops the line) into out, which
   has phs_act_room(n) bytes. On any failure it writes the label, so the
   value never leaves. *actor is created on first need. */
size_t phs_act_span(phs_actor **actor, const phs_actdb *d, const char *label, size_t label_len,
                    phs_category cat, const char *p, size_t n, char *out);

/* Under encrypt, what replaces a bare JSON scalar ("age":92): the token in
   quotes, sealed as a bare scalar's, so that reveal gives back 92 without
   the quotes. out has phs_act_room(n) + 2 bytes. */
size_t phs_act_encrypt_bare(phs_actor **actor, const phs_actdb *d, const char *label,
                            size_t label_len, phs_category cat, const char *p, size_t n,
                            char *out);

/* The normal form a token is taken over, and the site allowlist compares
   on (docs/policy.md, "Normal forms"): digits of an SSN, a phone without
   its leading 1, a name's words folded and sorted, ... out has room for
   n + 16 bytes; returns its length. */
size_t phs_act_normal_form(const phs_actdb *d, phs_category cat, const char *p, size_t n,
                           char *out);

/* Apply "CATEGORY=ACTION[, CATEGORY=ACTION ...]" (CATEGORY may be "all")
   to actions, in order; the one parser of the rules' `action` lines,
   --action and the plugin's `actions`. On a bad item, writes the reason to
   why and returns PHS_E_ARG (earlier items are applied). */
int phs_actions_parse(phs_action actions[PHS_CAT_COUNT], const char *spec, size_t len, char *why,
                      size_t whycap);

/* Is [p, p + n) exactly something phiscrub writes for a finding: a label,
   a token or an encrypted token? */
bool phs_is_own_output(const char *p, size_t n);

/* The restricted ZIP3 list (patterns/safe-harbor-zip3.txt, embedded). */
extern const char phs_zip3_restricted_text[];

#endif

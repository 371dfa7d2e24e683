/* The lexicon: what a word is known to be (a first name, a surname, an
   English word, a clinical term, a place, a cue of some kind). One
   immutable hash table built from the lists of patterns/ at build time
   (src/tools/gen_lexicon.c) and compiled into the library, so looking a
   word up costs a hash and one or two probes and nothing is compiled at
   start-up. Not installed. */
#ifndef PHISCRUB_LEXICON_H
#define PHISCRUB_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a word is; an entry may carry several. The names are the tags of the
   list files (patterns/lexicon/README.md). */
#define PHS_LEX_TAGS(X)                                                                     \
    X(FIRST, 0)      /* a first name (SSA, Census) */                                      \
    X(SURNAME, 1)    /* a surname (Census) */                                              \
    X(LOGWORD, 2)    /* a name that is also an everyday or log word (Will, Grant) */       \
    X(ENGLISH, 3)    /* a lower-case English word (SCOWL large) */                         \
    X(COMMON, 4)     /* ... among the common ones (SCOWL small) */                         \
    X(CLINICAL, 5)   /* clinical abbreviation, term or drug */                             \
    X(PLACE, 6)      /* a US city, town or county name (GeoNames) */                       \
    X(STATE, 7)      /* a US state or its postal code */                                   \
    X(FACILITY, 8)   /* a word of a facility's name: hospital, clinic, rehab */            \
    X(TITLE, 9)      /* before a name: dr, mrs, prof */                                    \
    X(RELATION, 10)  /* a relative or proxy: wife, son, dtr, friend */                     \
    X(ROLE, 11)      /* a care role before a name: nurse, attending, pcp */                \
    X(CRED, 12)      /* a credential after a name: RN, MD, RRT */                          \
    X(VERB, 13)      /* a verb or preposition that may take a person: called, per */       \
    X(AFTER, 14)     /* a word that follows a person: aware, notified */                   \
    X(DATECUE, 15)   /* before a date: on, since, dated */                                 \
    X(PLACECUE, 16)  /* before a place: from, transferred, lives */                        \
    X(STREET, 17)    /* a street suffix: street, ave, rd */                                \
    X(MONTH, 18)     /* a month or its abbreviation */                                     \
    X(WEEKDAY, 19)   /* a weekday or its abbreviation */                                   \
    X(PARTICLE, 20)  /* a surname particle: van, de, la, mac */                            \
    X(PATIENT, 21)   /* the patient: pt, patient */                                        \
    X(NOTNAME, 22)   /* never a name after a cue: unknown, none, team */              \
    X(TOPFIRST, 23)  /* among the 2,000 commonest first names (SSA births) */         \
    X(TOPSURNAME, 24) /* among the 2,000 commonest surnames (Census rank) */         \
    X(TECH, 25)      /* a software, cloud or vendor product name */

enum {
#define PHS_LEX_ENUM(name, bit) PHS_LEX_##name = 1u << (bit),
    PHS_LEX_TAGS(PHS_LEX_ENUM)
#undef PHS_LEX_ENUM
};

/* The longest key of the table, in bytes. */
#define PHS_LEX_KEY_MAX 48

/* The key of a word: ASCII letters in lower case, Latin letters with a
   diacritic (U+00C0-U+017F) as their base letter (Díaz is diaz), other
   bytes >= 0x80 as they are, one space for each run of white space, '-'
   kept; apostrophes and periods dropped (O'Brien is obrien, as the Census
   writes it). Writes at most cap bytes and returns the key's length, or 0
   when it does not fit or holds another byte. */
size_t phs_lex_key(const char *w, size_t n, char *dst, size_t cap);

/* The code point of the two-byte UTF-8 sequence at w[i] when it is one of
   U+00C0-U+017F (the Latin letters with a diacritic the key folds, and the
   signs U+00D7, U+00F7), else 0. */
unsigned phs_lex_latin_cp(const char *w, size_t i, size_t n);

/* The same key with the accents kept (Mónica stays mónica): the build
   learns the name-shape trigrams from these, as the free-text models were
   trained on them. */
size_t phs_lex_key_exact(const char *w, size_t n, char *dst, size_t cap);

/* The tags of a word (any case, as phs_lex_key folds it); 0 when the
   lexicon does not know it. */
uint32_t phs_lex_lookup(const char *w, size_t n);

/* The same for a key already made by phs_lex_key. */
uint32_t phs_lex_lookup_key(const char *key, size_t n);

/* How much a word's letters look like a name's rather than an English or
   clinical word's: the mean log-odds of its letter trigrams, learnt from
   the lexicon's own lists at build time, times 16 (about -64..64; 0 when
   the word has no letters). */
int phs_lex_name_shape(const char *w, size_t n);

/* The tag of a list file's name ("FIRST"), for the generator; 0 if none. */
uint32_t phs_lex_tag_from_name(const char *name, size_t n);

/* The table's hash of a key, shared by the generator and the look-up. */
static inline uint64_t phs_lex_hash(const char *key, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3ull;
    }
    return h ^ (h >> 29);
}

/* The image's layout (little-endian, the build machine's). */
#define PHS_LEX_MAGIC "PHSLEX2"
typedef struct phs_lex_header {
    char magic[8];
    uint32_t nslots;  /* a power of two */
    uint32_t nentries;
    uint32_t blob_len;
    uint32_t reserved;
} phs_lex_header;

/* After the slots and the blob: the trigram table of phs_lex_name_shape,
   int8 log-odds times 16 per trigram of symbols (0 = word boundary, 1-26 =
   a-z, 27 = any other letter byte). */
#define PHS_LEX_NSYM 28
#define PHS_LEX_TRIGRAMS (PHS_LEX_NSYM * PHS_LEX_NSYM * PHS_LEX_NSYM)

static inline int phs_lex_sym(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    return c >= 'a' && c <= 'z' ? c - 'a' + 1 : 27;
}

typedef struct phs_lex_slot {
    uint32_t off;    /* 0: empty; else the key's length byte in the blob */
    uint32_t tags;
} phs_lex_slot;

#endif

/* Decoded views of a line (view.c): the bytes as a reader sees them, with
   JSON string escapes (\n, \t, \u0020, \"), percent-encoding (%20, %3A) and,
   in query strings and form bodies, '+' for a space decoded, and a map back
   to the original bytes, so a finding in the view masks the whole escape in
   the line and never cuts one. Not installed. */
#ifndef PHISCRUB_VIEW_H
#define PHISCRUB_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    PHS_VIEW_JSON = 1,    /* backslash escapes of JSON strings */
    PHS_VIEW_PERCENT = 2, /* %XX */
    PHS_VIEW_PLUS = 4     /* '+' as a space */
};

typedef struct phs_view {
    char *text;          /* the decoded line */
    size_t len;
    uint32_t *from;      /* per byte of text: its sequence's first byte */
    uint32_t *to;        /* ... and one past its last byte, in the line */
    size_t cap;
} phs_view;

/* Which decodings the line [p, p+n) calls for (0: none; the view would be
   the line itself). */
unsigned phs_view_needs(const char *p, size_t n);

/* Decode [p, p+n) with `what` into v (grown as needed; the old text is
   cleared). Returns PHS_OK or PHS_E_NOMEM. */
int phs_view_build(phs_view *v, const char *p, size_t n, unsigned what);

/* The bytes of the line that the view's [s, e) came from. */
static inline void phs_view_map(const phs_view *v, size_t s, size_t e, size_t *os, size_t *oe)
{
    *os = v->from[s];
    *oe = v->to[e - 1];
}

/* The JSON escape of [p, p+n) that holds byte i strictly inside it (after
   its backslash): its bounds in *b, *e, and true; false when i starts none
   or is in none. */
bool phs_view_inside_escape(const char *p, size_t n, size_t i, size_t *b, size_t *e);

/* [p, p+n) holds a JSON escape (\t, \u00e9, \\). */
bool phs_json_has_escape(const char *p, size_t n);

/* [p, p+n) with its JSON escapes decoded into out (UTF-8; at most n bytes;
   a byte that starts no escape is copied). Returns the length. */
size_t phs_json_unescape(const char *p, size_t n, char *out);

/* [p, p+n) escaped for the inside of a JSON string (quote, backslash and
   control bytes; at most 6n bytes) into out. Returns the length. */
size_t phs_json_escape(const char *p, size_t n, char *out);

/* Clears and frees the view's buffers. */
void phs_view_free(phs_view *v);

#endif

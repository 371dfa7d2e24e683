/* Decoded views of a line and their map back (see view.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "view.h"

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)p[i]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

/* The length of the escape that starts with the backslash at p (the line
   has n bytes from p), and its code point; 0 when it is none. */
static size_t escape_len(const char *p, size_t n, unsigned *cp)
{
    if (n < 2)
        return 0;
    switch (p[1]) {
    case 'n': *cp = '\n'; return 2;
    case 'r': *cp = '\r'; return 2;
    case 't': *cp = '\t'; return 2;
    case 'b': *cp = '\b'; return 2;
    case 'f': *cp = '\f'; return 2;
    case '/': *cp = '/'; return 2;
    case '"': *cp = '"'; return 2;
    case '\\': *cp = '\\'; return 2;
    case 'u': {
        unsigned hi, lo;
        if (n < 6 || !hex4(p + 2, &hi))
            return 0;
        if (hi >= 0xd800 && hi < 0xdc00 && n >= 12 && p[6] == '\\' && p[7] == 'u' &&
            hex4(p + 8, &lo) && lo >= 0xdc00 && lo < 0xe000) {
            *cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
            return 12;
        }
        if (hi >= 0xd800 && hi < 0xe000)
            return 0; /* a lone surrogate: read as it is */
        *cp = hi;
        return 6;
    }
    default:
        return 0;
    }
}

static size_t utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

unsigned phs_view_needs(const char *p, size_t n)
{
    unsigned what = 0;
    bool eq = false, plus = false;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned cp;
        if (p[i] == '\\' && escape_len(p + i, n - i, &cp)) {
            what |= PHS_VIEW_JSON;
            i++;
        } else if (p[i] == '%' && i + 2 < n && hexval((unsigned char)p[i + 1]) >= 0 &&
                   hexval((unsigned char)p[i + 2]) >= 0) {
            what |= PHS_VIEW_PERCENT;
        } else if (p[i] == '=') {
            eq = true;
        } else if (p[i] == '+' && i > 0 && isalpha((unsigned char)p[i - 1]) &&
                   isalpha((unsigned char)p[i + 1])) {
            plus = true;
        }
    }
    /* '+' is a space in a query string or a form body: name=Maria+Delgado */
    if (plus && eq)
        what |= PHS_VIEW_PLUS;
    return what;
}

int phs_view_build(phs_view *v, const char *p, size_t n, unsigned what)
{
    /* a decoded sequence is never longer than the bytes it came from */
    if (n + 1 > v->cap) {
        size_t cap = n + 64;
        char *t = malloc(cap);
        uint32_t *f = malloc(cap * sizeof *f), *e = malloc(cap * sizeof *e);
        if (!t || !f || !e) {
            free(t);
            free(f);
            free(e);
            return PHS_E_NOMEM;
        }
        phs_view_free(v); /* the old text held input: cleared, not reused */
        v->text = t;
        v->from = f;
        v->to = e;
        v->cap = cap;
    }
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char buf[4];
        size_t used = 1, made = 1;
        unsigned cp;
        size_t el;
        buf[0] = p[i];
        if ((what & PHS_VIEW_JSON) && p[i] == '\\' && (el = escape_len(p + i, n - i, &cp))) {
            used = el;
            /* a quote or a backslash stays escaped: decoded, it would end
               or escape the string in the view ("\\\\" then "\\\"") and a
               key rule would read past the value */
            if (cp == '"' || cp == '\\') {
                buf[0] = '\\';
                buf[1] = (char)cp;
                made = 2;
            } else {
                made = utf8(cp, buf);
            }
        } else if ((what & PHS_VIEW_PERCENT) && p[i] == '%' && i + 2 < n &&
                   hexval((unsigned char)p[i + 1]) >= 0 && hexval((unsigned char)p[i + 2]) >= 0) {
            buf[0] = (char)(hexval((unsigned char)p[i + 1]) * 16 + hexval((unsigned char)p[i + 2]));
            used = 3;
        } else if ((what & PHS_VIEW_PLUS) && p[i] == '+') {
            buf[0] = ' ';
        }
        for (size_t k = 0; k < made; k++) {
            v->text[o] = buf[k];
            v->from[o] = (uint32_t)i;
            v->to[o] = (uint32_t)(i + used);
            o++;
        }
        i += used;
    }
    v->len = o;
    return PHS_OK;
}

bool phs_view_inside_escape(const char *p, size_t n, size_t i, size_t *b, size_t *e)
{
    if (i >= n || i == 0)
        return false;
    /* an escape is at most 12 bytes (a surrogate pair) */
    size_t lo = i > 11 ? i - 11 : 0;
    for (size_t k = lo; k < i; k++) {
        if (p[k] != '\\')
            continue;
        /* the backslash starts an escape when an even run of them precedes it */
        size_t run = 0;
        while (k - run > 0 && p[k - run - 1] == '\\')
            run++;
        unsigned cp;
        size_t el;
        if (run % 2 == 0 && (el = escape_len(p + k, n - k, &cp)) && i < k + el) {
            *b = k;
            *e = k + el;
            return true;
        }
    }
    return false;
}

bool phs_json_has_escape(const char *p, size_t n)
{
    unsigned cp;
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\\')
            continue;
        if (escape_len(p + i, n - i, &cp))
            return true;
        i++; /* the byte after a backslash starts nothing */
    }
    return false;
}

size_t phs_json_unescape(const char *p, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t el = p[i] == '\\' ? escape_len(p + i, n - i, &cp) : 0;
        if (el) {
            o += utf8(cp, out + o);
            i += el;
        } else {
            out[o++] = p[i++];
        }
    }
    return o;
}

size_t phs_json_escape(const char *p, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                                 : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        if (short_form) {
            out[o++] = short_form[0];
            out[o++] = short_form[1];
        } else if (c < 0x20) {
            memcpy(out + o, "\\u00", 4);
            out[o + 4] = hex[c >> 4];
            out[o + 5] = hex[c & 15];
            o += 6;
        } else {
            out[o++] = (char)c;
        }
    }
    return o;
}

void phs_view_free(phs_view *v)
{
    if (v->text)
        explicit_bzero(v->text, v->cap);
    free(v->text);
    free(v->from);
    free(v->to);
    memset(v, 0, sizeof *v);
}

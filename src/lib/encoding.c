/*
 * UTF-16 and UTF-32 text: detected by its byte-order mark or its NUL
 * pattern, decoded to UTF-8 for the engine and encoded back for the output.
 *
 * The round trip must give back every byte the engine did not change, or
 * redaction would corrupt the text around the masks: so an unpaired
 * surrogate travels as its three-byte UTF-8 form (as WTF-8 does) instead of
 * being replaced. Only what has no form in the other encoding (a UTF-32
 * unit past U+10FFFF, a unit cut at the end, bytes that are not UTF-8 when
 * encoding, which the engine never writes itself) becomes U+FFFD.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DETECT_MAX 4096
#define REPLACEMENT 0xFFFDu

struct phs_transcoder {
    phs_encoding enc;
    bool to_utf8;
    uint8_t in[4]; /* a unit (decoding) or a UTF-8 sequence (encoding) cut short */
    size_t nin;
    size_t need;    /* encoding: the length of the sequence begun in `in` */
    uint32_t hi;    /* decoding UTF-16: a high surrogate waiting for its low */
    uint8_t out[8]; /* converted bytes that did not fit the caller's buffer */
    size_t nout, outpos;
};

static bool is_be(phs_encoding e) { return e == PHS_ENC_UTF16BE || e == PHS_ENC_UTF32BE; }

static size_t unit_size(phs_encoding e)
{
    return (e == PHS_ENC_UTF16LE || e == PHS_ENC_UTF16BE) ? 2 : 4;
}

static uint32_t unit_at(const uint8_t *b, size_t size, bool be)
{
    if (size == 2)
        return be ? (uint32_t)b[0] << 8 | b[1] : (uint32_t)b[1] << 8 | b[0];
    return be ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
              : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

/* Every unit a character and none NUL, half of them ASCII or more. */
static bool looks_utf32(const uint8_t *b, size_t n, bool be)
{
    size_t units = n / 4, ascii = 0;
    if (units == 0)
        return false;
    for (size_t i = 0; i < units; i++) {
        uint32_t v = unit_at(b + 4 * i, 4, be);
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return false;
        ascii += v < 0x80;
    }
    return 2 * ascii >= units;
}

/* No unit NUL, six in ten or more an ASCII character. */
static bool looks_utf16(const uint8_t *b, size_t n, bool be)
{
    size_t units = n / 2, ascii = 0;
    if (units < 2)
        return false;
    for (size_t i = 0; i < units; i++) {
        uint32_t v = unit_at(b + 2 * i, 2, be);
        if (v == 0)
            return false;
        ascii += v < 0x80;
    }
    return 10 * ascii >= 6 * units;
}

phs_encoding phs_encoding_detect(const void *p, size_t n)
{
    const uint8_t *b = p;
    if (!b)
        return PHS_ENC_UTF8;
    if (n > DETECT_MAX)
        n = DETECT_MAX;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        return PHS_ENC_UTF8;
    /* FF FE 00 00 is also UTF-16LE's mark and a NUL: UTF-32 is likelier */
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        return PHS_ENC_UTF32LE;
    if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        return PHS_ENC_UTF32BE;
    /* Text in UTF-16 that holds an ASCII character (a newline, a digit)
       holds a NUL byte: 8-bit text that happens to begin with FF FE (the
       Latin-1 "\u00ff\u00fe", or bytes that are no text) has none, and must
       not be decoded into characters no rule matches, which would pass it
       through in clear. Text without a NUL has no ASCII: as it is, it loses
       nothing. */
    bool nul = n > 2 && memchr(b + 2, 0, n - 2);
    if (nul && b[0] == 0xFF && b[1] == 0xFE)
        return PHS_ENC_UTF16LE;
    if (nul && b[0] == 0xFE && b[1] == 0xFF)
        return PHS_ENC_UTF16BE;
    if (looks_utf32(b, n, false))
        return PHS_ENC_UTF32LE;
    if (looks_utf32(b, n, true))
        return PHS_ENC_UTF32BE;
    if (looks_utf16(b, n, false))
        return PHS_ENC_UTF16LE;
    if (looks_utf16(b, n, true))
        return PHS_ENC_UTF16BE;
    return PHS_ENC_UTF8;
}

const char *phs_encoding_name(phs_encoding enc)
{
    static const char *const names[] = {"UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE",
                                        "UTF-32BE"};
    return (unsigned)enc < sizeof names / sizeof names[0] ? names[enc] : NULL;
}

int phs_transcoder_create(phs_encoding enc, int to_utf8, phs_transcoder **out)
{
    if (!out)
        return PHS_E_ARG;
    *out = NULL;
    if (enc == PHS_ENC_UTF8 || !phs_encoding_name(enc))
        return PHS_E_ARG;
    phs_transcoder *t = calloc(1, sizeof *t);
    if (!t)
        return PHS_E_NOMEM;
    t->enc = enc;
    t->to_utf8 = to_utf8 != 0;
    *out = t;
    return PHS_OK;
}

void phs_transcoder_free(phs_transcoder *t)
{
    if (!t)
        return;
    explicit_bzero(t, sizeof *t);
    free(t);
}

/* ------------------------------------------------------------ output */

static void put_byte(phs_transcoder *t, uint8_t b) { t->out[t->nout++] = b; }

/* cp (at most 0x10FFFF, surrogates included) as UTF-8. */
static void put_utf8(phs_transcoder *t, uint32_t cp)
{
    if (cp < 0x80) {
        put_byte(t, (uint8_t)cp);
    } else if (cp < 0x800) {
        put_byte(t, (uint8_t)(0xC0 | cp >> 6));
        put_byte(t, (uint8_t)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        put_byte(t, (uint8_t)(0xE0 | cp >> 12));
        put_byte(t, (uint8_t)(0x80 | (cp >> 6 & 0x3F)));
        put_byte(t, (uint8_t)(0x80 | (cp & 0x3F)));
    } else {
        put_byte(t, (uint8_t)(0xF0 | cp >> 18));
        put_byte(t, (uint8_t)(0x80 | (cp >> 12 & 0x3F)));
        put_byte(t, (uint8_t)(0x80 | (cp >> 6 & 0x3F)));
        put_byte(t, (uint8_t)(0x80 | (cp & 0x3F)));
    }
}

static void put_unit(phs_transcoder *t, uint32_t v)
{
    size_t size = unit_size(t->enc);
    bool be = is_be(t->enc);
    for (size_t i = 0; i < size; i++) {
        size_t shift = 8 * (be ? size - 1 - i : i);
        put_byte(t, (uint8_t)(v >> shift));
    }
}

/* cp in the target encoding; a code point past the BMP is a surrogate
   pair in UTF-16. */
static void put_encoded(phs_transcoder *t, uint32_t cp)
{
    if (unit_size(t->enc) == 2 && cp >= 0x10000) {
        cp -= 0x10000;
        put_unit(t, 0xD800 | cp >> 10);
        put_unit(t, 0xDC00 | (cp & 0x3FF));
    } else {
        put_unit(t, cp);
    }
}

/* Hand what t->out holds to the caller; true when it is all out. */
static bool drain(phs_transcoder *t, phs_outbuf *out)
{
    size_t n = t->nout - t->outpos, room = out->size - out->pos;
    if (n > room)
        n = room;
    memcpy((char *)out->dst + out->pos, t->out + t->outpos, n);
    out->pos += n;
    t->outpos += n;
    if (t->outpos < t->nout)
        return false;
    t->nout = t->outpos = 0;
    return true;
}

/* ------------------------------------------------------------ decoding */

static void decode_unit(phs_transcoder *t, uint32_t v)
{
    if (t->hi) {
        if (v >= 0xDC00 && v <= 0xDFFF) {
            put_utf8(t, 0x10000 + ((t->hi - 0xD800) << 10) + (v - 0xDC00));
            t->hi = 0;
            return;
        }
        put_utf8(t, t->hi); /* unpaired: its own three bytes */
        t->hi = 0;
    }
    if (unit_size(t->enc) == 2 && v >= 0xD800 && v <= 0xDBFF)
        t->hi = v;
    else
        put_utf8(t, v > 0x10FFFF ? REPLACEMENT : v);
}

static void decode_byte(phs_transcoder *t, uint8_t b)
{
    t->in[t->nin++] = b;
    size_t size = unit_size(t->enc);
    if (t->nin < size)
        return;
    t->nin = 0;
    decode_unit(t, unit_at(t->in, size, is_be(t->enc)));
}

/* ASCII units straight into out while nothing is pending. */
static void decode_fast(phs_transcoder *t, phs_outbuf *out, phs_inbuf *in)
{
    if (t->nin || t->hi || t->nout)
        return;
    size_t size = unit_size(t->enc);
    bool be = is_be(t->enc);
    const uint8_t *p = (const uint8_t *)in->src + in->pos;
    size_t units = (in->size - in->pos) / size, room = out->size - out->pos, i = 0;
    char *o = (char *)out->dst + out->pos;
    while (i < units && i < room) {
        uint32_t v = unit_at(p + i * size, size, be);
        if (v >= 0x80)
            break;
        o[i++] = (char)v;
    }
    in->pos += i * size;
    out->pos += i;
}

/* ------------------------------------------------------------ encoding */

/* May byte b stand at position `at` (1..3) of the sequence led by `lead`?
   ED A0..BF, a surrogate, is taken: it is how decoding carried one. */
static bool continues(uint8_t lead, size_t at, uint8_t b)
{
    if (at == 1 && lead == 0xE0)
        return b >= 0xA0 && b <= 0xBF;
    if (at == 1 && lead == 0xF0)
        return b >= 0x90 && b <= 0xBF;
    if (at == 1 && lead == 0xF4)
        return b >= 0x80 && b <= 0x8F;
    return b >= 0x80 && b <= 0xBF;
}

static uint32_t sequence_value(const uint8_t *s, size_t n)
{
    uint32_t cp = n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3Fu);
    return cp;
}

static void encode_byte(phs_transcoder *t, uint8_t b)
{
    if (t->nin) {
        if (continues(t->in[0], t->nin, b)) {
            t->in[t->nin++] = b;
            if (t->nin == t->need) {
                put_encoded(t, sequence_value(t->in, t->need));
                t->nin = 0;
            }
            return;
        }
        /* a sequence cut short: U+FFFD, and b begins afresh */
        put_encoded(t, REPLACEMENT);
        t->nin = 0;
    }
    if (b < 0x80) {
        put_encoded(t, b);
        return;
    }
    size_t need = (b >= 0xC2 && b <= 0xDF) ? 2 : (b >= 0xE0 && b <= 0xEF) ? 3
                  : (b >= 0xF0 && b <= 0xF4)                            ? 4
                                                                        : 0;
    if (!need) {
        put_encoded(t, REPLACEMENT);
        return;
    }
    t->in[0] = b;
    t->nin = 1;
    t->need = need;
}

/* ASCII bytes straight into out while nothing is pending. */
static void encode_fast(phs_transcoder *t, phs_outbuf *out, phs_inbuf *in)
{
    if (t->nin || t->nout)
        return;
    size_t size = unit_size(t->enc);
    bool be = is_be(t->enc);
    const uint8_t *p = (const uint8_t *)in->src + in->pos;
    size_t n = in->size - in->pos, room = (out->size - out->pos) / size, i = 0;
    uint8_t *o = (uint8_t *)out->dst + out->pos;
    while (i < n && i < room && p[i] < 0x80) {
        memset(o + i * size, 0, size);
        o[i * size + (be ? size - 1 : 0)] = p[i];
        i++;
    }
    in->pos += i;
    out->pos += i * size;
}

/* ------------------------------------------------------------ the calls */

int phs_transcode(phs_transcoder *t, phs_outbuf *out, phs_inbuf *in)
{
    if (!t || !out || !in || in->pos > in->size || out->pos > out->size ||
        (!in->src && in->size) || (!out->dst && out->size))
        return PHS_E_ARG;
    while (drain(t, out) && in->pos < in->size) {
        if (t->to_utf8)
            decode_fast(t, out, in);
        else
            encode_fast(t, out, in);
        if (in->pos == in->size)
            break;
        uint8_t b = ((const uint8_t *)in->src)[in->pos++];
        if (t->to_utf8)
            decode_byte(t, b);
        else
            encode_byte(t, b);
    }
    return PHS_OK;
}

int phs_transcode_end(phs_transcoder *t, phs_outbuf *out, size_t *remaining)
{
    if (!t || !out || out->pos > out->size || (!out->dst && out->size))
        return PHS_E_ARG;
    /* what is converted goes first: a pending unit is flushed only once
       the output before it is out, or a small buffer would lose it */
    if (drain(t, out)) {
        if (t->hi) { /* before the cut unit: it came first */
            put_utf8(t, t->hi);
            t->hi = 0;
        }
        if (t->nin) {
            t->nin = 0;
            if (t->to_utf8)
                put_utf8(t, REPLACEMENT);
            else
                put_encoded(t, REPLACEMENT);
        }
        drain(t, out);
    }
    if (remaining)
        *remaining = t->nout - t->outpos;
    return PHS_OK;
}

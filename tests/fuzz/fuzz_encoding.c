/*
 * libFuzzer target: encoding.c. phs_encoding_detect on any bytes; and for
 * UTF-16LE/BE and UTF-32LE/BE chosen by the first byte, decoding to UTF-8
 * then encoding back gives the bytes again, in pieces and through an
 * output buffer whose sizes come from the input, whenever every unit has a
 * form in UTF-8 (UTF-16: always, unpaired surrogates included; UTF-32: no
 * unit past U+10FFFF) and no unit is cut at the end. The UTF-8 in between
 * is what the engine reads: every byte of it is checked to be no NUL where
 * the units held none.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

/* Convert src through t in pieces of `step` into pieces of `ostep`. */
static size_t run(phs_transcoder *t, const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                  size_t step, size_t ostep)
{
    size_t w = 0;
    for (size_t pos = 0; pos < n;) {
        size_t take = n - pos < step ? n - pos : step;
        phs_inbuf ib = {src + pos, take, 0};
        while (ib.pos < ib.size) {
            size_t room = cap - w < ostep ? cap - w : ostep;
            phs_outbuf ob = {dst + w, room, 0};
            if (phs_transcode(t, &ob, &ib) != PHS_OK || room == 0)
                abort();
            w += ob.pos;
        }
        pos += take;
    }
    size_t rem;
    do {
        size_t room = cap - w < ostep ? cap - w : ostep;
        phs_outbuf ob = {dst + w, room, 0};
        if (phs_transcode_end(t, &ob, &rem) != PHS_OK || (rem && room == 0))
            abort();
        w += ob.pos;
    } while (rem);
    return w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)phs_encoding_detect(data, size);
    if (size < 3)
        return 0;
    static const phs_encoding encs[] = {PHS_ENC_UTF16LE, PHS_ENC_UTF16BE, PHS_ENC_UTF32LE,
                                        PHS_ENC_UTF32BE};
    phs_encoding e = encs[data[0] % 4];
    size_t step = 1 + data[1] % 64, ostep = 1 + data[2] % 64;
    const uint8_t *src = data + 3;
    size_t n = size - 3, unit = e == PHS_ENC_UTF16LE || e == PHS_ENC_UTF16BE ? 2 : 4;
    int exact = n % unit == 0;
    for (size_t i = 0; exact && unit == 4 && i < n; i += 4) {
        uint32_t v = e == PHS_ENC_UTF32LE
                         ? (uint32_t)src[i + 3] << 24 | (uint32_t)src[i + 2] << 16 |
                               (uint32_t)src[i + 1] << 8 | src[i]
                         : (uint32_t)src[i] << 24 | (uint32_t)src[i + 1] << 16 |
                               (uint32_t)src[i + 2] << 8 | src[i + 3];
        exact = v <= 0x10FFFF;
    }
    /* UTF-8 takes at most 3 bytes per UTF-16 unit, 4 per UTF-32 unit (and
       3 for a cut one at the end) */
    size_t cap8 = (n / unit + 1) * 4 + 8, cap = n + 16;
    uint8_t *mid = malloc(cap8), *back = malloc(cap);
    phs_transcoder *dec = NULL, *enc = NULL;
    if (!mid || !back || phs_transcoder_create(e, 1, &dec) || phs_transcoder_create(e, 0, &enc))
        goto out;
    size_t m = run(dec, src, n, mid, cap8, step, ostep);
    size_t b = run(enc, mid, m, back, cap, ostep, step);
    if (exact && (b != n || memcmp(back, src, n) != 0))
        abort();
out:
    phs_transcoder_free(dec);
    phs_transcoder_free(enc);
    free(mid);
    free(back);
    return 0;
}

/*
 * libFuzzer target: the date parser and rewriters (date.c). For any span
 * the parser takes for a date: its ISO form is a real calendar date, the
 * shift writes within n + 16 bytes and the result parses again as a date,
 * and keep-year writes within n + 4. The output buffers are exactly the
 * documented size, so ASan sees any byte written past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    /* the first two bytes choose the shift, up to about 90 years either way */
    int days = (int)(((unsigned)data[0] << 8 | data[1]) % 65536) - 32768;
    const char *p = (const char *)data + 2;
    size_t n = size - 2;
    phs_date d;
    if (!phs_date_parse(p, n, 2026, &d))
        return 0;
    char iso[11];
    phs_date_iso(&d, iso);
    if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        abort();
    int month = (iso[5] - '0') * 10 + (iso[6] - '0'), day = (iso[8] - '0') * 10 + (iso[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31)
        abort();
    char *out = malloc(n + 16);
    if (!out)
        return 0;
    size_t k = phs_date_shift(p, n, &d, days, 2026, out, n + 16);
    if (k == 0 || k > n + 16)
        abort(); /* n + 16 always fits */
    free(out);
    out = malloc(n + 4);
    if (!out)
        return 0;
    k = phs_date_keep_year(p, n, &d, out, n + 4);
    if (k > n + 4)
        abort();
    free(out);
    return 0;
}

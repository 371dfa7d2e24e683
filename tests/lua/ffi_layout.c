/* The layout of every struct and the value of every enum constant that
   src/fluent-bit/phiscrub.lua declares to LuaJIT's FFI, as the C compiler
   sees src/include/phiscrub.h: one "TYPE FIELD VALUE" line each ("sizeof"
   for the size, "enum" for a constant). test_ffi_layout.lua compares them
   with what the script's declarations give. */
#include <stddef.h>
#include <stdio.h>

#include "phiscrub.h"

#define SIZE(t) printf("%s sizeof %zu\n", #t, sizeof(t))
#define OFF(t, f) printf("%s %s %zu\n", #t, #f, offsetof(t, f))
#define ENUM(c) printf("enum %s %d\n", #c, (int)(c))

int main(void)
{
    SIZE(phs_error);
    OFF(phs_error, file);
    OFF(phs_error, line);
    OFF(phs_error, rule_id);
    OFF(phs_error, reason);
    SIZE(phs_options);
    OFF(phs_options, categories);
    OFF(phs_options, actions);
    OFF(phs_options, key);
    OFF(phs_options, reference_year);
    OFF(phs_options, date_policy);
    OFF(phs_options, max_line_size);
    OFF(phs_options, block_size);
    OFF(phs_options, cache_dir);
    OFF(phs_options, seed_dir);
    SIZE(phs_inbuf);
    OFF(phs_inbuf, src);
    OFF(phs_inbuf, size);
    OFF(phs_inbuf, pos);
    SIZE(phs_outbuf);
    OFF(phs_outbuf, dst);
    OFF(phs_outbuf, size);
    OFF(phs_outbuf, pos);
    SIZE(phs_stats);
    OFF(phs_stats, bytes_in);
    OFF(phs_stats, bytes_out);
    OFF(phs_stats, lines);
    OFF(phs_stats, lines_with_findings);
    OFF(phs_stats, lines_masked_whole);
    OFF(phs_stats, lines_dropped);
    OFF(phs_stats, findings);
    OFF(phs_stats, per_category);
    ENUM(PHS_OK);
    ENUM(PHS_E_NOMEM);
    ENUM(PHS_E_ARG);
    ENUM(PHS_E_IO);
    ENUM(PHS_E_RULES);
    ENUM(PHS_E_COMPILE);
    ENUM(PHS_E_DSTSIZE);
    ENUM(PHS_E_INTERNAL);
    ENUM(PHS_E_KEY);
    ENUM(PHS_E_TOKEN);
    ENUM(PHS_E_CRYPTO);
    ENUM(PHS_CAT_SSN);
    ENUM(PHS_CAT_NAME);
    ENUM(PHS_CAT_LOCATION);
    ENUM(PHS_CAT_DEVICE_ID);
    ENUM(PHS_CAT_COUNT);
    ENUM(PHS_ACT_DEFAULT);
    ENUM(PHS_ACT_MASK);
    ENUM(PHS_ACT_DROP);
    ENUM(PHS_ACT_COUNT);
    ENUM(PHS_DATES_ALL);
    ENUM(PHS_DATES_CONTEXT);
    return 0;
}

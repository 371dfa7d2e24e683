/* Error texts, category names, version. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *phs_version(void) { return PHS_VERSION_STRING; }

const char *phs_strerror(int status)
{
    switch (status) {
    case PHS_OK: return "success";
    case PHS_E_NOMEM: return "out of memory";
    case PHS_E_ARG: return "invalid argument";
    case PHS_E_IO: return "cannot read rules";
    case PHS_E_RULES: return "malformed rules";
    case PHS_E_COMPILE: return "a rule pattern does not compile";
    case PHS_E_DSTSIZE: return "output buffer too small";
    case PHS_E_INTERNAL: return "internal matcher error";
    case PHS_E_KEY: return "no usable key";
    case PHS_E_TOKEN: return "an encrypted token does not open (tampered, cut short, or another key)";
    case PHS_E_CRYPTO: return "cryptographic library error";
    default: return "unknown error";
    }
}

static const char *const cat_names[PHS_CAT_COUNT] = {
    [PHS_CAT_SSN] = "SSN",
    [PHS_CAT_MRN] = "MRN",
    [PHS_CAT_PATIENT_ID] = "PATIENT_ID",
    [PHS_CAT_MEMBER_ID] = "MEMBER_ID",
    [PHS_CAT_ACCOUNT_ID] = "ACCOUNT_ID",
    [PHS_CAT_ENCOUNTER_ID] = "ENCOUNTER_ID",
    [PHS_CAT_NAME] = "NAME",
    [PHS_CAT_DATE] = "DATE",
    [PHS_CAT_PHONE] = "PHONE",
    [PHS_CAT_FAX] = "FAX",
    [PHS_CAT_EMAIL] = "EMAIL",
    [PHS_CAT_IP] = "IP",
    [PHS_CAT_URL] = "URL",
    [PHS_CAT_ZIP] = "ZIP",
    [PHS_CAT_ADDRESS] = "ADDRESS",
    [PHS_CAT_AGE] = "AGE",
    [PHS_CAT_LICENSE] = "LICENSE",
    [PHS_CAT_LOCATION] = "LOCATION",
    [PHS_CAT_CARD] = "CARD",
    [PHS_CAT_VIN] = "VIN",
    [PHS_CAT_DEVICE_ID] = "DEVICE_ID",
};

const char *phs_category_name(phs_category cat)
{
    if ((unsigned)cat >= PHS_CAT_COUNT)
        return NULL;
    return cat_names[cat];
}

int phs_category_from_name(const char *name, phs_category *out)
{
    if (!name || !out)
        return PHS_E_ARG;
    for (unsigned i = 0; i < PHS_CAT_COUNT; i++) {
        if (strcasecmp(name, cat_names[i]) == 0) {
            *out = (phs_category)i;
            return PHS_OK;
        }
    }
    return PHS_E_ARG;
}

void phs_options_init(phs_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->categories = PHS_ALL_CATEGORIES;
    opts->date_policy = PHS_DATES_ALL;
#ifdef PHS_SEED_DIR
    opts->seed_dir = PHS_SEED_DIR;
#endif
}

int phs_fail(phs_error *err, int code, const char *file, size_t line,
             const char *rule_id, const char *fmt, ...)
{
    if (!err)
        return code;
    memset(err, 0, sizeof *err);
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    snprintf(err->rule_id, sizeof err->rule_id, "%s", rule_id ? rule_id : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->reason, sizeof err->reason, fmt, ap);
    va_end(ap);
    return code;
}

#include "cliutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *cli_cache_dir(char *buf, size_t cap)
{
    const char *env = getenv("PHISCRUB_CACHE_DIR");
    if (env && *env)
        return env;
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && *xdg == '/') {
        n = snprintf(buf, cap, "%s/phiscrub", xdg);
    } else if (home && *home == '/') {
        char parent[4096];
        n = snprintf(parent, sizeof parent, "%s/.cache", home);
        if (n <= 0 || (size_t)n >= sizeof parent)
            return NULL;
        /* the library creates the last level and checks who owns it */
        (void)mkdir(parent, 0700);
        n = snprintf(buf, cap, "%s/phiscrub", parent);
    } else {
        return NULL;
    }
    return (n > 0 && (size_t)n < cap) ? buf : NULL;
}

void cli_rules_error(const char *what, int rc, const phs_error *e)
{
    fprintf(stderr, "phiscrub: %s: %s", what, phs_strerror(rc));
    if (e->file[0])
        fprintf(stderr, "\n  file: %s", e->file);
    if (e->line)
        fprintf(stderr, "\n  line: %zu", e->line);
    if (e->rule_id[0])
        fprintf(stderr, "\n  rule: %s", e->rule_id);
    if (e->reason[0])
        fprintf(stderr, "\n  reason: %s", e->reason);
    fputs("\nFix the rules file (format: docs/rules.md); phiscrub will not run with broken "
          "rules.\n",
          stderr);
}

bool cli_categories(phs_options *o, const char *list, bool on, char *err, size_t errcap)
{
    char buf[512];
    size_t len = strlen(list);
    if (len >= sizeof buf) {
        snprintf(err, errcap, "category list too long (over 511 characters)");
        return false;
    }
    memcpy(buf, list, len + 1);
    for (char *tok = buf, *next; tok; tok = next) {
        next = strchr(tok, ',');
        if (next)
            *next++ = '\0';
        if (!*tok) {
            snprintf(err, errcap, "empty item in category list '%s'", list);
            return false;
        }
        uint32_t bits;
        phs_category c;
        if (strcasecmp(tok, "all") == 0) {
            bits = PHS_ALL_CATEGORIES;
        } else if (phs_category_from_name(tok, &c) == PHS_OK) {
            bits = 1u << c;
        } else {
            snprintf(err, errcap, "unknown category '%s' (see --help for the list)", tok);
            return false;
        }
        if (on)
            o->categories |= bits;
        else
            o->categories &= ~bits;
    }
    return true;
}

bool cli_parse_size(const char *s, unsigned long long max, size_t *out, bool *out_of_range)
{
    bool dummy;
    if (!out_of_range)
        out_of_range = &dummy;
    *out_of_range = false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return false;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1ull << 10;
    else if (*end == 'M' || *end == 'm')
        mul = 1ull << 20;
    else if (*end == 'G' || *end == 'g')
        mul = 1ull << 30;
    else if (*end)
        return false;
    if (mul != 1 && end[1])
        return false;
    if (v == 0 || v > max / mul || v * mul > SIZE_MAX) {
        *out_of_range = true;
        return false;
    }
    *out = (size_t)(v * mul);
    return true;
}

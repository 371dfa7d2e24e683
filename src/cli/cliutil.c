#include "cliutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

const char *cli_seed_dir(char *buf, size_t cap, const char *dflt)
{
    const char *env = getenv("PHISCRUB_SEED_DIR");
    if (env)
        return *env ? env : NULL;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return dflt;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return dflt;
    *slash = '\0';
    struct stat st;
    int k = snprintf(buf, cap, "%s/../share/phiscrub/cache", exe);
    if (k > 0 && (size_t)k < cap && stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
        return buf;
    return dflt;
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

int cli_load_rules(const char *prog, const char *const *paths, size_t npaths, bool no_default,
                   phs_rules **out)
{
    phs_error e;
    phs_rules *rules = NULL;
    int rc = PHS_OK;
    *out = NULL;
    if (no_default && npaths == 0) {
        fprintf(stderr, "%s: --no-default-rules needs --rules PATH: there would be no rules\n",
                prog);
        return 2;
    }
    size_t i = 0;
    if (no_default)
        rc = phs_rules_load(paths[i++], &rules, &e);
    else
        rc = phs_rules_load_bundled(&rules, &e);
    for (; rc == PHS_OK && i < npaths; i++)
        rc = phs_rules_add(rules, paths[i], &e);
    if (rc) {
        phs_rules_free(rules);
        if (rc == PHS_E_NOMEM) {
            fprintf(stderr, "%s: out of memory while loading the rules\n", prog);
            return 4;
        }
        cli_rules_error("cannot load rules", rc, &e);
        return 2;
    }
    *out = rules;
    return 0;
}

void cli_cache_report(const char *prog, const phs_db *db, const char *dir)
{
    const char *note = "";
    unsigned st = phs_db_cache_status(db, &note);
    if (!st)
        return;
    fprintf(stderr, "%s: %s (%s)%s\n", prog, note, dir ? dir : "",
            (st & PHS_CACHE_UNUSABLE) ? "; phiscrub compiles the rules at every start (seconds "
                                        "for the bundled set): fix the folder, or set "
                                        "PHISCRUB_CACHE_DIR to one of your own"
                                      : "");
}

static const struct option *long_named(const struct option *o, const char *name, size_t n)
{
    for (; o->name; o++)
        if (strlen(o->name) == n && memcmp(o->name, name, n) == 0)
            return o;
    return NULL;
}

/* Does short option c take a value (an optstring "c:")? */
static bool short_takes_value(const char *shortopts, char c)
{
    const char *p = c != ':' ? strchr(shortopts, c) : NULL;
    return p && p[1] == ':';
}

bool cli_exact_long_options(const char *prog, int argc, char *const *argv, const char *shortopts,
                            const struct option *longopts)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return true; /* the rest are operands */
        if (a[0] != '-' || a[1] == '\0')
            continue;    /* an operand: getopt_long moves it after the options */
        if (a[1] != '-') {
            /* a cluster of short options: the one that takes a value ends it */
            for (const char *c = a + 1; *c; c++)
                if (short_takes_value(shortopts, *c)) {
                    i += c[1] == '\0'; /* its value is the next argument */
                    break;
                }
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        const struct option *o = long_named(longopts, name, n);
        if (o) {
            i += o->has_arg == required_argument && !eq;
            continue;
        }
        const char *full = NULL;
        for (const struct option *p = longopts; p->name; p++)
            if (n && strncmp(p->name, name, n) == 0)
                full = full ? "" : p->name;
        if (full && *full)
            fprintf(stderr, "%s: unknown option '--%.*s': options are not abbreviated; "
                            "did you mean --%s?\nTry '%s --help'.\n",
                    prog, (int)(n < 60 ? n : 60), name, full, prog);
        else
            fprintf(stderr, "%s: unknown option '--%.*s'\nTry '%s --help'.\n", prog,
                    (int)(n < 60 ? n : 60), name, prog);
        return false;
    }
    return true;
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

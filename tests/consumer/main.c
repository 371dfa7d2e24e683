/* Redacts one line through the library a consumer build linked: exit 0 when
   the SSN comes out masked. */
#include <phiscrub.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    phs_rules *rules;
    phs_db *db;
    if (phs_rules_load_bundled(&rules, NULL) != PHS_OK)
        return 1;
    int rc = phs_db_create(rules, NULL, &db, NULL);
    phs_rules_free(rules);
    if (rc != PHS_OK)
        return 1;
    const char in[] = "ssn=123-45-6789\n";
    char out[64];
    size_t n = 0;
    rc = phs_redact(db, in, sizeof in - 1, out, sizeof out, &n, NULL, NULL);
    phs_db_free(db);
    if (rc != PHS_OK || n != 10 || memcmp(out, "ssn=[SSN]\n", 10) != 0)
        return 1;
    printf("consumer: libphiscrub %s: %.*s", phs_version(), (int)n, out);
    return 0;
}

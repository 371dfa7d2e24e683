/*
 * libFuzzer target: the baseline reader (src/cli/baseline.c), a small JSON
 * reader, on any file. It reads the file or refuses it with a message that
 * names no byte of it beyond an offset; every entry it takes has a
 * fingerprint of 64 hex digits, and the entries come sorted by it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/phiscrub-fuzz-baseline-%d.json", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    baseline b;
    memset(&b, 0, sizeof b);
    char err[256] = "";
    int rc = baseline_read(path, &b, err, sizeof err);
    if (rc == BASELINE_BAD && !err[0])
        abort();
    if (rc == BASELINE_OK) {
        for (size_t i = 0; i < b.n; i++) {
            const char *fp = b.e[i].fingerprint;
            if (strlen(fp) != 64 || strspn(fp, "0123456789abcdef") != 64)
                abort();
            if (i && strcmp(b.e[i - 1].fingerprint, fp) > 0)
                abort();
        }
    }
    baseline_free(&b);
    unlink(path);
    return 0;
}

/* The program's I/O: inputs (plain or gzip by magic bytes) and the output
   (plain or gzip), with errors kept for the caller to report. */
#ifndef PHISCRUB_CLI_IO_H
#define PHISCRUB_CLI_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#define IO_CHUNK ((size_t)256 << 10)

typedef struct source {
    int fd;
    const char *name;
    bool is_gzip;
    bool eof;          /* no more raw bytes */
    bool gz_done;      /* the last gzip member ended cleanly */
    bool z_ready;
    z_stream z;
    unsigned char *raw;
    size_t raw_len, raw_pos;
    size_t raw_used;   /* most of raw ever filled: what close clears */
    char err[256];     /* set on failure: never holds input bytes */
} source;

/* Open a file, or stdin for "-". Returns false with src->err set. */
bool source_open(source *src, const char *path);
/* Read up to cap decoded bytes. Returns the count; 0 with src->err empty
   is the end of input, 0 with src->err set is a failure. */
size_t source_read(source *src, char *buf, size_t cap);
void source_close(source *src);

typedef struct sink {
    int fd;
    bool gzip;
    bool z_ready;
    z_stream z;
    unsigned char *zbuf;
    bool sync;         /* fsync before close (a file about to be renamed) */
    uint64_t written;  /* bytes handed to the kernel */
    int err;           /* errno of the first failure, 0 if none */
} sink;

bool sink_open(sink *out, const char *path, bool gzip);
/* The same over an open descriptor, which sink_close closes. */
bool sink_open_fd(sink *out, int fd, bool gzip);
/* Write all of buf (compressing when gzip). false once the sink failed. */
bool sink_write(sink *out, const void *buf, size_t n);
/* Finish the gzip stream and close; false on failure. */
bool sink_close(sink *out);

#endif

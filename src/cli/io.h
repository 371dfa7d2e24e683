/* The program's I/O: inputs (plain or gzip by magic bytes) and the output
   (plain or gzip), with errors kept for the caller to report. */
#ifndef PHISCRUB_CLI_IO_H
#define PHISCRUB_CLI_IO_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "phiscrub.h"

#define IO_CHUNK ((size_t)256 << 10)
/* source_open_as: tell the encoding from the first bytes */
#define IO_ENC_AUTO (-1)

/* Call first in main: a closed standard descriptor is opened on /dev/null,
   so no file the program opens lands on it (and gets the output or the
   input meant for it); the sink and source of '-' then refuse it. */
void io_guard_std_fds(void);

/* Set by the SIGINT/SIGTERM handler (io_catch_stop): reads stop. */
extern volatile sig_atomic_t io_stop_signal;
/* Catch SIGINT and SIGTERM so that what was read in full can be written
   out before the program ends; a second one ends it at once. */
void io_catch_stop(void);

typedef struct source {
    int fd;
    const char *name;
    bool is_pipe;      /* not a regular file: reads may wait */
    bool stopped;      /* a stop signal ended the reading */
    /* called before a read that would wait, so output waiting in the
       caller is written first (a quiet pipe is not held back) */
    void (*idle)(void *ctx);
    void *idle_ctx;
    bool is_gzip;
    bool eof;          /* no more raw bytes */
    bool gz_done;      /* the last gzip member ended cleanly */
    bool z_ready;
    z_stream z;
    unsigned char *raw;
    size_t raw_len, raw_pos;
    size_t raw_used;   /* most of raw ever filled: what close clears */
    /* Below the encoding: the first bytes (read to tell the encoding), then
       UTF-16/32 bytes on their way through the decoder. */
    phs_encoding enc;  /* of the text (after gunzip) */
    bool bom;          /* it began with a byte-order mark, not passed on */
    phs_transcoder *dec; /* NULL for UTF-8 */
    unsigned char *text;
    size_t text_len, text_pos, text_used;
    char err[256];     /* set on failure: never holds input bytes */
    bool nomem;        /* the failure is out of memory (exit 4, not an input error) */
} source;

/* Open a file, or stdin for "-", and tell its encoding. Returns false with
   src->err set. */
bool source_open(source *src, const char *path);
/* The same with the encoding given (a phs_encoding), or IO_ENC_AUTO: told
   by phs_encoding_detect from the first bytes after gunzip (a byte-order
   mark is then taken off and src->bom set). */
bool source_open_as(source *src, const char *path, int enc);
/* Read up to cap decoded bytes: gunzipped, and UTF-16/32 decoded to UTF-8.
   Returns the count; 0 with src->err empty
   is the end of input (or src->stopped: a stop signal), 0 with src->err
   set is a failure. */
size_t source_read(source *src, char *buf, size_t cap);
void source_close(source *src);

typedef struct sink {
    int fd;
    bool gzip;
    bool z_ready;
    z_stream z;
    unsigned char *zbuf;
    bool sync;         /* fsync before close (a file about to be renamed) */
    bool unsynced;     /* gzip input taken since the last sync point */
    uint64_t written;  /* bytes handed to the kernel */
    int err;           /* errno of the first failure, 0 if none */
    bool encoding_set; /* sink_set_encoding was called */
    bool encoded;      /* to other than UTF-8: `written` counts its bytes */
    phs_transcoder *enc; /* UTF-8 into the output's encoding; NULL: as it is */
    unsigned char *ebuf;
} sink;

bool sink_open(sink *out, const char *path, bool gzip);
/* The same over an open descriptor, which sink_close closes. */
bool sink_open_fd(sink *out, int fd, bool gzip);
/* Write UTF-8 text out in enc (before any write), with a byte-order mark
   first when bom: the encoding the input came in. false when out of memory. */
bool sink_set_encoding(sink *out, phs_encoding enc, bool bom);
/* Write all of buf (encoding, compressing when gzip). false once the sink failed. */
bool sink_write(sink *out, const void *buf, size_t n);
/* Hand what gzip holds to the reader now (a sync point); no-op for plain
   output. false once the sink failed. */
bool sink_flush(sink *out);
/* Finish the gzip stream and close; false on failure. */
bool sink_close(sink *out);

#endif

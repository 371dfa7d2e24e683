#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool std_closed[3];

void io_guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* the lowest free descriptor: this one */
        int n = open("/dev/null", O_RDWR);
        if (n != fd) {
            if (n >= 0)
                close(n);
            _exit(4); /* cannot happen: fd was free */
        }
        std_closed[fd] = true;
    }
}

volatile sig_atomic_t io_stop_signal;

static void on_stop(int sig) { io_stop_signal = sig; }

void io_catch_stop(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    /* no SA_RESTART: a read waiting on a quiet pipe returns; the second
       signal finds the default action back and ends the program */
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* read(2), again after a signal unless it was a stop signal: then -2. */
static ssize_t read_full(int fd, unsigned char *buf, size_t cap)
{
    for (;;) {
        if (io_stop_signal)
            return -2;
        ssize_t r = read(fd, buf, cap);
        if (r < 0 && errno == EINTR)
            continue;
        return r;
    }
}

/* Before a read that would wait: let the caller write what it holds. */
static void before_read(source *src)
{
    if (!src->is_pipe || !src->idle)
        return;
    struct pollfd p = {.fd = src->fd, .events = POLLIN};
    int r = poll(&p, 1, 0);
    if (r == 0 || (r < 0 && errno == EINTR))
        src->idle(src->idle_ctx);
}

static bool detect_encoding(source *src, int enc);

bool source_open(source *src, const char *path) { return source_open_as(src, path, IO_ENC_AUTO); }

bool source_open_as(source *src, const char *path, int enc)
{
    memset(src, 0, sizeof *src);
    src->name = path;
    if (strcmp(path, "-") == 0) {
        src->fd = STDIN_FILENO;
        src->name = "-";
        if (std_closed[STDIN_FILENO]) {
            snprintf(src->err, sizeof src->err, "standard input is closed");
            src->fd = -1;
            return false;
        }
    } else {
        src->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (src->fd < 0) {
            snprintf(src->err, sizeof src->err, "cannot open: %s", strerror(errno));
            return false;
        }
    }
    struct stat st;
    src->is_pipe = fstat(src->fd, &st) != 0 || !S_ISREG(st.st_mode);
    src->raw = malloc(IO_CHUNK);
    if (!src->raw) {
        snprintf(src->err, sizeof src->err, "out of memory");
        src->nomem = true;
        return false;
    }
    /* Look at the first bytes for the gzip magic; what is read stays in raw. */
    while (src->raw_len < 2 && !src->eof) {
        ssize_t r = read_full(src->fd, src->raw + src->raw_len, IO_CHUNK - src->raw_len);
        if (r == -2) {
            src->stopped = src->eof = true;
            break;
        }
        if (r < 0) {
            snprintf(src->err, sizeof src->err, "read error: %s", strerror(errno));
            return false;
        }
        if (r == 0)
            src->eof = true;
        src->raw_len += (size_t)r;
    }
    src->raw_used = src->raw_len;
    if (src->raw_len >= 2 && src->raw[0] == 0x1f && src->raw[1] == 0x8b) {
        src->is_gzip = true;
        if (inflateInit2(&src->z, 16 + MAX_WBITS) != Z_OK) {
            snprintf(src->err, sizeof src->err, "cannot start gzip decoder");
            return false;
        }
        src->z_ready = true;
    }
    return detect_encoding(src, enc);
}

static bool refill(source *src)
{
    if (src->raw_pos < src->raw_len || src->eof)
        return true;
    before_read(src);
    ssize_t r = read_full(src->fd, src->raw, IO_CHUNK);
    if (r == -2) {
        src->stopped = src->eof = true;
        src->raw_pos = src->raw_len = 0;
        return true;
    }
    if (r < 0) {
        snprintf(src->err, sizeof src->err, "read error: %s", strerror(errno));
        return false;
    }
    src->raw_pos = 0;
    src->raw_len = (size_t)r;
    if (src->raw_len > src->raw_used)
        src->raw_used = src->raw_len;
    if (r == 0)
        src->eof = true;
    return true;
}

static size_t read_gzip(source *src, char *buf, size_t cap)
{
    z_stream *z = &src->z;
    z->next_out = (unsigned char *)buf;
    z->avail_out = (uInt)cap;
    while (z->avail_out == cap) {
        if (!refill(src))
            return 0;
        if (src->raw_pos == src->raw_len) {
            if (!src->gz_done && !src->stopped)
                snprintf(src->err, sizeof src->err,
                         "truncated gzip input: the stream ends before its last member is "
                         "complete (cut short, or corrupt); the lines decoded before it "
                         "were written redacted and the cut line masked");
            return 0;
        }
        if (src->gz_done) {
            /* Another member follows: concatenated gzip files are one stream. */
            if (src->raw_len - src->raw_pos >= 1 && src->raw[src->raw_pos] != 0x1f) {
                snprintf(src->err, sizeof src->err, "trailing data after the gzip stream");
                return 0;
            }
            inflateReset(z);
            src->gz_done = false;
        }
        z->next_in = src->raw + src->raw_pos;
        z->avail_in = (uInt)(src->raw_len - src->raw_pos);
        int rc = inflate(z, Z_NO_FLUSH);
        src->raw_pos = src->raw_len - z->avail_in;
        if (rc == Z_STREAM_END) {
            src->gz_done = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(src->err, sizeof src->err, "corrupt gzip input (%s)",
                     z->msg ? z->msg : "inflate failed");
            return 0;
        }
    }
    return cap - z->avail_out;
}

/* The bytes below the encoding: plain, or gunzipped. */
static size_t read_bytes(source *src, char *buf, size_t cap)
{
    if (src->err[0])
        return 0;
    if (src->is_gzip)
        return read_gzip(src, buf, cap);
    if (!refill(src))
        return 0;
    size_t n = src->raw_len - src->raw_pos;
    if (n > cap)
        n = cap;
    memcpy(buf, src->raw + src->raw_pos, n);
    src->raw_pos += n;
    return n;
}

/* UTF-16 or UTF-32 can only begin with a NUL in the first two bytes or a
   byte-order mark: any other start is told at once, and a quiet pipe's
   first short line is not held back waiting for more. */
static bool may_be_wide(const unsigned char *b, size_t n)
{
    return n < 2 || b[0] == 0 || b[1] == 0 || b[0] == 0xFF || b[0] == 0xFE;
}

static size_t bom_size(phs_encoding enc, const unsigned char *b, size_t n)
{
    static const unsigned char mark[][4] = {
        [PHS_ENC_UTF16LE] = {0xFF, 0xFE}, [PHS_ENC_UTF16BE] = {0xFE, 0xFF},
        [PHS_ENC_UTF32LE] = {0xFF, 0xFE, 0, 0}, [PHS_ENC_UTF32BE] = {0, 0, 0xFE, 0xFF}};
    size_t k = enc == PHS_ENC_UTF16LE || enc == PHS_ENC_UTF16BE ? 2 : 4;
    return enc != PHS_ENC_UTF8 && n >= k && memcmp(b, mark[enc], k) == 0 ? k : 0;
}

/* The first bytes go into src->text (up to 4096, what phs_encoding_detect
   reads) until the encoding is told; source_read hands them on first. */
static bool detect_encoding(source *src, int enc)
{
    src->text = malloc(IO_CHUNK);
    if (!src->text) {
        snprintf(src->err, sizeof src->err, "out of memory");
        src->nomem = true;
        return false;
    }
    if (enc == IO_ENC_AUTO) {
        do {
            size_t n = read_bytes(src, (char *)src->text + src->text_len, 4096 - src->text_len);
            if (n == 0)
                break;
            src->text_len += n;
        } while (src->text_len < 4 && may_be_wide(src->text, src->text_len));
        src->text_used = src->text_len;
        if (src->err[0])
            return false;
        enc = (int)phs_encoding_detect(src->text, src->text_len);
    }
    src->enc = (phs_encoding)enc;
    if (src->enc == PHS_ENC_UTF8)
        return true;
    if (phs_transcoder_create(src->enc, 1, &src->dec) != PHS_OK) {
        snprintf(src->err, sizeof src->err, "out of memory");
        src->nomem = true;
        return false;
    }
    src->text_pos = bom_size(src->enc, src->text, src->text_len);
    src->bom = src->text_pos != 0;
    return true;
}

/* UTF-16/32 through the decoder; what it holds at the end is let out. */
static size_t read_decoded(source *src, char *buf, size_t cap)
{
    phs_outbuf ob = {buf, cap, 0};
    while (ob.pos == 0) {
        if (src->text_pos == src->text_len) {
            size_t n = read_bytes(src, (char *)src->text, IO_CHUNK);
            src->text_pos = 0;
            src->text_len = n;
            if (n > src->text_used)
                src->text_used = n;
            if (n == 0) {
                if (!src->err[0])
                    phs_transcode_end(src->dec, &ob, NULL);
                return ob.pos;
            }
        }
        phs_inbuf ib = {src->text, src->text_len, src->text_pos};
        phs_transcode(src->dec, &ob, &ib);
        src->text_pos = ib.pos;
    }
    return ob.pos;
}

size_t source_read(source *src, char *buf, size_t cap)
{
    if (src->err[0])
        return 0;
    if (src->dec)
        return read_decoded(src, buf, cap);
    if (src->text_pos < src->text_len) {
        size_t n = src->text_len - src->text_pos;
        if (n > cap)
            n = cap;
        memcpy(buf, src->text + src->text_pos, n);
        src->text_pos += n;
        return n;
    }
    return read_bytes(src, buf, cap);
}

void source_close(source *src)
{
    phs_transcoder_free(src->dec);
    if (src->text)
        explicit_bzero(src->text, src->text_used);
    free(src->text);
    if (src->z_ready)
        inflateEnd(&src->z);
    if (src->fd > STDIN_FILENO)
        close(src->fd);
    if (src->raw)
        explicit_bzero(src->raw, src->raw_used); /* a small file does not pay for 256 KiB */
    free(src->raw);
    memset(src, 0, sizeof *src);
    src->fd = -1;
}

bool sink_open(sink *out, const char *path, bool gzip)
{
    int fd = STDOUT_FILENO;
    if (!path || strcmp(path, "-") == 0) {
        if (std_closed[STDOUT_FILENO]) {
            memset(out, 0, sizeof *out);
            out->fd = -1;
            out->err = EBADF; /* "Bad file descriptor": standard output is closed */
            return false;
        }
    } else {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) {
            memset(out, 0, sizeof *out);
            out->fd = -1;
            out->err = errno;
            return false;
        }
    }
    return sink_open_fd(out, fd, gzip);
}

bool sink_open_fd(sink *out, int fd, bool gzip)
{
    memset(out, 0, sizeof *out);
    out->fd = fd;
    out->gzip = gzip;
    if (gzip) {
        out->zbuf = malloc(IO_CHUNK);
        if (!out->zbuf || deflateInit2(&out->z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                       Z_DEFAULT_STRATEGY) != Z_OK) {
            out->err = ENOMEM;
            return false;
        }
        out->z_ready = true;
    }
    return true;
}

static bool write_all(sink *out, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(out->fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            out->err = errno;
            return false;
        }
        p += w;
        n -= (size_t)w;
        out->written += (uint64_t)w;
    }
    return true;
}

static bool deflate_some(sink *out, const void *buf, size_t n, int flush)
{
    z_stream *z = &out->z;
    z->next_in = (unsigned char *)buf;
    z->avail_in = (uInt)n;
    int rc;
    do {
        z->next_out = out->zbuf;
        z->avail_out = (uInt)IO_CHUNK;
        rc = deflate(z, flush);
        if (rc == Z_STREAM_ERROR) {
            out->err = EIO;
            return false;
        }
        if (!write_all(out, out->zbuf, IO_CHUNK - z->avail_out))
            return false;
    } while (z->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return true;
}

/* Bytes in the output's encoding: compressed or as they are. */
static bool put_bytes(sink *out, const void *buf, size_t n)
{
    if (n == 0)
        return true;
    if (out->gzip) {
        out->unsynced = true;
        return deflate_some(out, buf, n, Z_NO_FLUSH);
    }
    return write_all(out, buf, n);
}

bool sink_set_encoding(sink *out, phs_encoding enc, bool bom)
{
    out->encoding_set = true;
    if (enc == PHS_ENC_UTF8)
        return true;
    out->encoded = true;
    out->ebuf = malloc(IO_CHUNK);
    if (!out->ebuf || phs_transcoder_create(enc, 0, &out->enc) != PHS_OK) {
        out->err = ENOMEM;
        return false;
    }
    return !bom || sink_write(out, "\xEF\xBB\xBF", 3); /* U+FEFF */
}

bool sink_write(sink *out, const void *buf, size_t n)
{
    if (out->err)
        return false;
    if (!out->enc)
        return put_bytes(out, buf, n);
    phs_inbuf ib = {buf, n, 0};
    while (ib.pos < ib.size) {
        phs_outbuf ob = {out->ebuf, IO_CHUNK, 0};
        phs_transcode(out->enc, &ob, &ib);
        if (!put_bytes(out, out->ebuf, ob.pos))
            return false;
    }
    return true;
}

/* What the encoder holds (a UTF-8 sequence cut at the very end) goes out. */
static bool end_encoding(sink *out)
{
    size_t rem = 0;
    do {
        phs_outbuf ob = {out->ebuf, IO_CHUNK, 0};
        phs_transcode_end(out->enc, &ob, &rem);
        if (!put_bytes(out, out->ebuf, ob.pos))
            return false;
    } while (rem);
    return true;
}

bool sink_flush(sink *out)
{
    if (out->err)
        return false;
    if (!out->gzip || !out->unsynced)
        return true;
    out->unsynced = false;
    return deflate_some(out, NULL, 0, Z_SYNC_FLUSH);
}

bool sink_close(sink *out)
{
    bool ok = out->err == 0;
    if (ok && out->enc)
        ok = end_encoding(out);
    phs_transcoder_free(out->enc);
    out->enc = NULL;
    if (out->ebuf)
        explicit_bzero(out->ebuf, IO_CHUNK);
    free(out->ebuf);
    out->ebuf = NULL;
    if (ok && out->gzip)
        ok = deflate_some(out, NULL, 0, Z_FINISH);
    if (out->z_ready)
        deflateEnd(&out->z);
    free(out->zbuf);
    out->zbuf = NULL;
    out->z_ready = false;
    if (ok && out->sync && fsync(out->fd) != 0) {
        out->err = errno;
        ok = false;
    }
    if (out->fd > STDERR_FILENO && close(out->fd) != 0 && ok) {
        out->err = errno;
        ok = false;
    }
    return ok;
}

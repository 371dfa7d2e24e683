/* Framing: caller-owned in/out buffers, lines, blocks, long lines, and the
   act step (masking) that writes the output. */
#define _GNU_SOURCE
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "allow.h"
#include "engine.h"
#include "structure.h"

/* A long line whose output is being made as the caller takes it: the
   line is in.p[0, len), its spans m->spans[0, n). */
typedef struct long_line {
    bool on;
    bool last;           /* the final line, without a newline */
    size_t len, n;
    size_t i, pos;       /* the next span, the next byte */
    uint64_t line;
} long_line;

struct phs_stream {
    const phs_db *db;
    phs_matcher m;
    phs_buf in;          /* buffered input: the partial last line, and more */
    size_t in_limit;     /* current capacity target: block size up to max line */
    size_t nl_checked;   /* in.p[0..nl_checked) is known to hold no newline */
    phs_buf out;         /* produced output not yet handed to the caller */
    size_t opos;
    uint64_t offset;     /* stream offset of in.p[0] */
    uint64_t line_no;    /* complete lines before in.p[0] */
    bool skipping;       /* inside a line over max_line_size */
    bool skip_last_cr;
    uint64_t skip_offset;
    uint64_t skip_len;
    phs_finding_fn fn;
    void *user;
    phs_stats st;
    uint64_t *rule_counts;
    bool broken;         /* an allocation failed while writing output */
    phs_actor *actor;    /* crypto contexts of the act step, on first need */
    phs_buf group;       /* a name's HL7 components, joined for one token */
    phs_buf esc;         /* a span with JSON escapes, decoded, and its act */
    long_line lz;
    size_t long_min;     /* a line this long is a block of its own, */
    size_t long_piece;   /* ... its output made this much at a time */
    phs_site_state *site; /* the site policy's counters, when the db has one */
};

static const char unprocessed[] = PHS_UNPROCESSED_MARK;

int phs_stream_create(const phs_db *db, phs_stream **out)
{
    if (!db || !out)
        return PHS_E_ARG;
    *out = NULL;
    phs_stream *s = calloc(1, sizeof *s);
    if (!s)
        return PHS_E_NOMEM;
    s->db = db;
    s->in_limit = db->opts.block_size;
    /* at most 1 GiB, so a run of ordinary lines is a block of that at most */
    s->long_min = db->opts.block_size < ((size_t)256 << 20) ? 4 * db->opts.block_size
                                                            : (size_t)1 << 30;
    s->long_piece = db->opts.block_size;
    s->rule_counts = calloc(db->nrules ? db->nrules : 1, sizeof *s->rule_counts);
    int rc = s->rule_counts ? phs_matcher_init(&s->m, db) : PHS_E_NOMEM;
    if (rc == PHS_OK)
        rc = phs_buf_reserve(&s->in, s->in_limit);
    if (rc == PHS_OK)
        rc = phs_site_state_create(db, &s->site);
    if (rc) {
        phs_stream_free(s);
        return rc;
    }
    *out = s;
    return PHS_OK;
}

void phs_stream_free(phs_stream *s)
{
    if (!s)
        return;
    phs_matcher_done(&s->m);
    /* The buffers held PHI: cleared before they go back. */
    phs_buf_free(&s->in);
    phs_buf_free(&s->out);
    phs_buf_free(&s->group);
    phs_buf_free(&s->esc);
    free(s->rule_counts);
    phs_site_state_free(s->site);
    phs_actor_free(s->actor);
    free(s);
}

void phs_stream_set_callback(phs_stream *s, phs_finding_fn fn, void *user)
{
    if (!s)
        return;
    s->fn = fn;
    s->user = user;
}

void phs_stream_reset(phs_stream *s)
{
    if (!s)
        return;
    s->in.len = 0;
    s->out.len = 0;
    s->opos = 0;
    s->nl_checked = 0;
    s->offset = 0;
    s->line_no = 0;
    s->skipping = false;
    s->skip_last_cr = false;
    s->broken = false;
    s->lz.on = false;
    memset(&s->st, 0, sizeof s->st);
    memset(s->rule_counts, 0, (s->db->nrules ? s->db->nrules : 1) * sizeof *s->rule_counts);
    phs_site_state_reset(s->db, s->site);
}

void phs_stream_stats(const phs_stream *s, phs_stats *out)
{
    if (s && out)
        *out = s->st;
}

uint64_t phs_stream_rule_count(const phs_stream *s, size_t i)
{
    return (s && i < s->db->nrules) ? s->rule_counts[i] : 0;
}

size_t phs_stream_pending(const phs_stream *s)
{
    /* a long line still being written out counts as one byte */
    return s ? s->out.len - s->opos + (s->lz.on && s->out.len == s->opos) : 0;
}

/* ---------------------------------------------------------------- output */

static void emit(phs_stream *s, const void *p, size_t n)
{
    if (phs_buf_append(&s->out, p, n))
        s->broken = true;
}

static size_t count_nl(const char *p, size_t n)
{
    size_t c = 0;
    const char *end = p + n;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
        c++;
        p++;
    }
    return c;
}

static void emit_plain(phs_stream *s, const char *p, size_t n)
{
    emit(s, p, n);
    size_t nl = count_nl(p, n);
    s->line_no += nl;
    s->st.lines += nl;
}

static void report(phs_stream *s, phs_category cat, size_t rule, uint64_t off, size_t len,
                   uint64_t line)
{
    if (!s->fn)
        return;
    phs_finding f = {
        .category = cat,
        .rule_index = rule,
        .rule_id = rule < s->db->nrules ? s->db->rules[rule].id : "unprocessed",
        .offset = off,
        .length = len,
        .line = line,
    };
    s->fn(&f, s->user);
}

static size_t content_end(const char *blk, size_t ls, size_t le)
{
    if (le > ls && blk[le - 1] == '\n') {
        le--;
        if (le > ls && blk[le - 1] == '\r')
            le--;
    }
    return le;
}

/* Fail closed: the line's content becomes the mark; its terminator stays. */
static void emit_whole_mask(phs_stream *s, const char *blk, size_t ls, size_t le)
{
    size_t ce = content_end(blk, ls, le);
    emit(s, unprocessed, sizeof unprocessed - 1);
    emit(s, blk + ce, le - ce);
    s->st.lines_masked_whole++;
    report(s, PHS_CAT_COUNT, SIZE_MAX, s->offset + ls, ce - ls, s->line_no + 1);
    if (le > ls && blk[le - 1] == '\n') {
        s->line_no++;
        s->st.lines++;
    }
}

/* The act step for one span: mask, partial, token, encrypted token or
   surrogate, as the db's policy says (act.c). */
/* A partial mask or a surrogate keeps the value's shape character by
   character, so a JSON escape in it ("\t123-45-6789") would come out cut
   ("\*23-..."): the value is decoded, acted on, and escaped again. */
static void emit_act_escaped(phs_stream *s, const char *p, size_t n, phs_category cat)
{
    const phs_db *db = s->db;
    if (phs_buf_reserve(&s->esc, n + phs_act_room(n))) {
        s->broken = true;
        return;
    }
    char *dec = s->esc.p, *act = s->esc.p + n;
    size_t d = phs_json_unescape(p, n, dec);
    size_t o = phs_act_span(&s->actor, &db->act, db->labels[cat], db->label_len[cat], cat, dec, d,
                            act);
    if (phs_buf_reserve(&s->out, 6 * o))
        s->broken = true;
    else
        s->out.len += phs_json_escape(act, o, s->out.p + s->out.len);
    explicit_bzero(s->esc.p, n + o);
}

static void emit_act(phs_stream *s, const char *p, size_t n, phs_category cat)
{
    const phs_db *db = s->db;
    phs_action x = db->act.action[cat];
    if (x == PHS_ACT_MASK) {
        emit(s, db->labels[cat], db->label_len[cat]);
        return;
    }
    if ((x == PHS_ACT_PARTIAL || x == PHS_ACT_SURROGATE) && phs_json_has_escape(p, n)) {
        emit_act_escaped(s, p, n, cat);
        return;
    }
    if (phs_buf_reserve(&s->out, phs_act_room(n))) {
        s->broken = true;
        return;
    }
    s->out.len += phs_act_span(&s->actor, &db->act, db->labels[cat], db->label_len[cat], cat, p,
                               n, s->out.p + s->out.len);
}

/* What replaces a bare JSON scalar, in quotes unless it is a number. */
static void emit_act_quoted(phs_stream *s, const char *p, size_t n, phs_category cat)
{
    const phs_db *db = s->db;
    if (db->act.action[cat] == PHS_ACT_ENCRYPT) {
        if (phs_buf_reserve(&s->out, phs_act_room(n) + 2)) {
            s->broken = true;
            return;
        }
        s->out.len += phs_act_encrypt_bare(&s->actor, &db->act, db->labels[cat],
                                           db->label_len[cat], cat, p, n, s->out.p + s->out.len);
        return;
    }
    size_t at = s->out.len;
    emit_act(s, p, n, cat);
    if (s->broken || phs_json_is_number(s->out.p + at, s->out.len - at))
        return;
    if (phs_buf_reserve(&s->out, 2)) {
        s->broken = true;
        return;
    }
    memmove(s->out.p + at + 1, s->out.p + at, s->out.len - at);
    s->out.p[at] = '"';
    s->out.len++;
    s->out.p[s->out.len++] = '"';
}

/* Spans [i, j) that are the components of one HL7 name (SMITH^JOHN^A):
   NAME spans with only '^' between them. Tokenized together, so SMITH^JOHN
   gets the token of "John Smith". */
static size_t name_group_end(const phs_span *v, size_t n, size_t i, const char *blk)
{
    size_t j = i + 1;
    while (j < n && v[j].category == PHS_CAT_NAME && v[j].start > v[j - 1].end) {
        for (size_t k = v[j - 1].end; k < v[j].start; k++)
            if (blk[k] != '^')
                return j;
        j++;
    }
    return j;
}

static bool line_dropped(const phs_stream *s)
{
    const phs_matcher *m = &s->m;
    for (size_t i = 0; i < m->nspans; i++)
        if (m->spans[i].category < PHS_CAT_COUNT &&
            s->db->act.action[m->spans[i].category] == PHS_ACT_DROP)
            return true;
    return false;
}

static void count_span(phs_stream *s, const phs_span *sp, uint64_t line)
{
    s->rule_counts[sp->rule]++;
    if (sp->category >= PHS_CAT_COUNT) {
        /* a value the key policy redacted: no category of its own */
        report(s, PHS_CAT_COUNT, sp->rule, s->offset + sp->start, sp->end - sp->start, line);
        s->site->redacted++;
        return;
    }
    report(s, sp->category, sp->rule, s->offset + sp->start, sp->end - sp->start, line);
    s->st.findings++;
    s->st.per_category[sp->category]++;
}

/* PHS_REDACTED_MARK, in quotes where it stands for a JSON number or
   literal. */
static void emit_redacted(phs_stream *s, const phs_span *sp)
{
    static const char mark[] = PHS_REDACTED_MARK;
    bool q = sp->category == PHS_SPAN_REDACT_Q;
    if (q)
        emit(s, "\"", 1);
    emit(s, mark, sizeof mark - 1);
    if (q)
        emit(s, "\"", 1);
}

/* Counts a line with findings; false (and the line counted as dropped)
   when the policy drops it. */
static bool line_kept(phs_stream *s, const char *blk, size_t ls, size_t le, size_t nspans,
                      uint64_t line)
{
    const phs_matcher *m = &s->m;
    if (nspans)
        s->st.lines_with_findings++;
    if (!nspans || !s->db->act.any_drop || !line_dropped(s))
        return true;
    for (size_t i = 0; i < nspans; i++)
        count_span(s, &m->spans[i], line);
    s->st.lines_dropped++;
    if (le > ls && blk[le - 1] == '\n') {
        s->line_no++;
        s->st.lines++;
    }
    return false;
}

/*
 * Write the line [.., le) of blk from span *ip and byte *posp on, until the
 * output holds `limit` bytes (SIZE_MAX: all of it). Returns true when the
 * line is done; else *ip and *posp say where to go on. A long line is
 * written this way a piece at a time, as the caller takes the output, so
 * its output never has to be held whole.
 */
static bool emit_spans(phs_stream *s, const char *blk, size_t le, size_t nspans, size_t *ip,
                       size_t *posp, uint64_t line, size_t limit)
{
    const phs_matcher *m = &s->m;
    bool group_names = s->db->act.action[PHS_CAT_NAME] == PHS_ACT_TOKENIZE;
    size_t i = *ip, pos = *posp;
    bool done = false;
    while (!s->broken && s->out.len < limit) {
        if (i == nspans) {
            /* the rest of the line, with its terminator */
            size_t k = le - pos < limit - s->out.len ? le - pos : limit - s->out.len;
            emit_plain(s, blk + pos, k);
            pos += k;
            done = pos == le;
            if (done)
                break;
            continue;
        }
        const phs_span *sp = &m->spans[i];
        assert(sp->start >= pos && sp->end <= le && sp->start < sp->end);
        if (pos < sp->start) {
            size_t k = sp->start - pos;
            if (k > limit - s->out.len)
                k = limit - s->out.len;
            emit(s, blk + pos, k); /* no newline inside a line */
            pos += k;
            continue;
        }
        size_t j = i + 1;
        if (group_names && sp->category == PHS_CAT_NAME)
            j = name_group_end(m->spans, nspans, i, blk);
        if (j == i + 1) {
            if (sp->category >= PHS_CAT_COUNT)
                emit_redacted(s, sp);
            else if (sp->quote)
                emit_act_quoted(s, blk + sp->start, sp->end - sp->start, sp->category);
            else
                emit_act(s, blk + sp->start, sp->end - sp->start, sp->category);
            count_span(s, sp, line);
            pos = sp->end;
            i++;
            continue;
        }
        /* One token for the whole name in the first component; the other
           components are left empty, so every separator stays. */
        s->group.len = 0;
        for (size_t k = i; k < j; k++) {
            const phs_span *g = &m->spans[k];
            if ((k > i && phs_buf_append(&s->group, " ", 1)) ||
                phs_buf_append(&s->group, blk + g->start, g->end - g->start))
                s->broken = true;
        }
        if (!s->broken)
            emit_act(s, s->group.p, s->group.len, PHS_CAT_NAME);
        explicit_bzero(s->group.p, s->group.len);
        for (size_t k = i; k < j; k++) {
            const phs_span *g = &m->spans[k];
            if (k > i)
                emit(s, blk + m->spans[k - 1].end, g->start - m->spans[k - 1].end);
            count_span(s, g, line);
        }
        pos = m->spans[j - 1].end;
        i = j;
    }
    *ip = i;
    *posp = pos;
    return done || s->broken;
}

static void emit_line(phs_stream *s, const char *blk, size_t ls, size_t le)
{
    uint64_t line = s->line_no + 1;
    size_t n = s->m.nspans, i = 0, pos = ls;
    if (line_kept(s, blk, ls, le, n, line))
        emit_spans(s, blk, le, n, &i, &pos, line, SIZE_MAX);
}

static size_t line_end(const char *blk, size_t len, size_t ls)
{
    const char *nl = memchr(blk + ls, '\n', len - ls);
    return nl ? (size_t)(nl - blk) + 1 : len;
}

/* Spans inside one bare JSON number or literal ("age":92) become one span
   over the whole scalar, written in quotes ("age":"[AGE]"), so the record
   stays JSON. A span that reaches out of the scalar is left as it is. */
typedef struct {
    phs_span *v;
    size_t n, ls, k;
} bare_ctx;

static int on_scalar(size_t a, size_t b, phs_category cat, void *ctx)
{
    bare_ctx *c = ctx;
    (void)cat;
    a += c->ls;
    b += c->ls;
    while (c->k < c->n && c->v[c->k].end <= a)
        c->k++;
    size_t j = c->k;
    while (j < c->n && c->v[j].start < b)
        j++;
    if (j == c->k)
        return 0;
    for (size_t t = c->k; t < j; t++)
        if (c->v[t].start < a || c->v[t].end > b || c->v[t].category >= PHS_CAT_COUNT)
            return 0;
    phs_span *f = &c->v[c->k];
    f->start = a;
    f->end = b;
    f->quote = true;
    memmove(f + 1, c->v + j, (c->n - j) * sizeof *f);
    c->n -= j - c->k - 1;
    c->k++;
    return 0;
}

static void quote_bare_scalars(phs_matcher *m, const char *blk, size_t ls, size_t le)
{
    if (!m->nspans || !memchr(blk + ls, '{', le - ls))
        return;
    bare_ctx c = {.v = m->spans, .n = m->nspans, .ls = ls};
    (void)phs_json_scalars(blk + ls, le - ls, on_scalar, &c); /* a broken record keeps its spans */
    m->nspans = c.n;
}

/* A long line, confirmed: its output is made as the caller takes it
   (long_step); until then it stays at the start of the input buffer. */
static void long_start(phs_stream *s, const char *blk, size_t len, bool last)
{
    phs_matcher *m = &s->m;
    size_t n = 0;
    if (m->ncands) {
        if (phs_confirm_line(m, blk, 0, content_end(blk, 0, len), m->cands, m->ncands) !=
            PHS_LINE_OK) {
            emit_whole_mask(s, blk, 0, len);
            return;
        }
        quote_bare_scalars(m, blk, 0, content_end(blk, 0, len));
        n = m->nspans;
    }
    s->lz = (long_line){.on = true, .len = len, .n = n, .line = s->line_no + 1, .last = last};
    if (!line_kept(s, blk, 0, len, n, s->lz.line))
        s->lz.on = false;
}

/* Redact a run of whole lines (the last may lack its newline at flush), or
   start one long line (`lone`: the block is that line alone; `last`: the
   final line, without a newline). */
static void process_block(phs_stream *s, const char *blk, size_t len, bool lone, bool last)
{
    phs_matcher *m = &s->m;
    if (len == 0)
        return;
    m->budget = lone && len > PHS_META_BUDGET ? len : PHS_META_BUDGET;
    size_t need = len + len / 8 + 64;
    if (!lone && phs_buf_reserve(&s->out, need))
        s->broken = true;
    if (phs_prefilter(m, blk, len) != PHS_OK) {
        /* No verdict for any line of the block: mask them all. */
        for (size_t ls = 0; ls < len;) {
            size_t le = line_end(blk, len, ls);
            emit_whole_mask(s, blk, ls, le);
            ls = le;
        }
        return;
    }
    if (lone) {
        long_start(s, blk, len, last);
        return;
    }
    size_t pos = 0;
    const phs_cand *c = m->cands;
    size_t nc = m->ncands;
    for (size_t i = 0; i < nc;) {
        size_t ls = c[i].line_start, j = i;
        while (j < nc && c[j].line_start == ls)
            j++;
        assert(ls >= pos);
        size_t le = line_end(blk, len, ls);
        emit_plain(s, blk + pos, ls - pos);
        size_t ce = content_end(blk, ls, le);
        if (phs_confirm_line(m, blk, ls, ce, c + i, j - i) == PHS_LINE_OK &&
            phs_site_line(s->db, m, s->site, blk, ls, ce) == PHS_LINE_OK) {
            quote_bare_scalars(m, blk, ls, ce);
            emit_line(s, blk, ls, le);
        } else {
            emit_whole_mask(s, blk, ls, le);
        }
        pos = le;
        i = j;
    }
    emit_plain(s, blk + pos, len - pos);
}

/* ---------------------------------------------------------------- framing */

static void drain(phs_stream *s, phs_outbuf *out)
{
    /* After a failed append the buffer may lack a label: hand out nothing. */
    if (s->broken)
        return;
    size_t avail = s->out.len - s->opos;
    size_t room = out->size - out->pos;
    size_t n = avail < room ? avail : room;
    if (n) {
        memcpy((char *)out->dst + out->pos, s->out.p + s->opos, n);
        out->pos += n;
        s->opos += n;
        s->st.bytes_out += n;
    }
    if (s->opos == s->out.len) {
        s->opos = 0;
        s->out.len = 0;
    }
}

/* The first n bytes of the input buffer are done; `clean` when the rest is
   known to hold no newline. */
static void consume(phs_stream *s, size_t n, bool clean)
{
    s->offset += n;
    /* what the memmove leaves behind stays in the buffer, which is cleared
       when it grows or goes */
    memmove(s->in.p, s->in.p + n, s->in.len - n);
    s->in.len -= n;
    s->nl_checked = clean ? s->in.len : 0;
}

/* Write a long line's output on until the stream holds `limit` bytes; at
   its end, the line leaves the input buffer. */
static void long_step(phs_stream *s, size_t limit)
{
    long_line *z = &s->lz;
    if (!emit_spans(s, s->in.p, z->len, z->n, &z->i, &z->pos, z->line, limit))
        return;
    z->on = false;
    if (z->last) { /* the final line had no newline */
        s->st.lines++;
        s->line_no++;
    }
    consume(s, z->len, false);
}

/* Process complete lines of the input buffer: a run of them (up to the
   long-line size), or one long line. Returns false when there were none. */
static bool process_complete(phs_stream *s)
{
    if (s->lz.on || s->in.len <= s->nl_checked)
        return false;
    const char *p = s->in.p;
    size_t big = s->long_min;
    if (s->nl_checked < big) {
        size_t end = s->in.len < big ? s->in.len : big;
        const char *nl = memrchr(p + s->nl_checked, '\n', end - s->nl_checked);
        if (nl) {
            size_t n = (size_t)(nl - p) + 1;
            process_block(s, p, n, false, false);
            consume(s, n, end == s->in.len);
            return true;
        }
        s->nl_checked = end;
        if (end < big)
            return false;
    }
    /* The first line is long: a block of its own. */
    const char *nl = memchr(p + s->nl_checked, '\n', s->in.len - s->nl_checked);
    if (!nl) {
        s->nl_checked = s->in.len;
        return false;
    }
    size_t n = (size_t)(nl - p) + 1;
    process_block(s, p, n, true, false);
    if (!s->lz.on)
        consume(s, n, false);
    return true;
}

/* Hand out output while the caller has room, making a long line's output
   as it goes, and process the complete lines that follow. */
static void work(phs_stream *s, phs_outbuf *out)
{
    for (;;) {
        drain(s, out);
        if (s->broken || s->out.len > s->opos)
            return; /* the caller must make room */
        if (s->lz.on)
            long_step(s, s->long_piece);
        else if (!process_complete(s))
            return;
    }
}

/* After a long line: blocks are cut at the block size again, and buffers
   grown for it go back to the kernel. */
static void settle(phs_stream *s)
{
    size_t block = s->db->opts.block_size;
    if (s->lz.on)
        return;
    if (s->in_limit > block && s->in.len <= block)
        s->in_limit = block;
    if (s->in.cap > 4 * block && s->in.len <= block) {
        phs_buf small = {0};
        if (phs_buf_reserve(&small, block) == PHS_OK) {
            phs_buf_append(&small, s->in.p, s->in.len); /* fits */
            phs_buf_free(&s->in);
            s->in = small;
        }
    }
    if (s->out.cap > 4 * block + PHS_GROW_MIN && s->out.len == 0)
        phs_buf_free(&s->out);
    if (s->m.meta > PHS_META_BUDGET) { /* the matcher's arrays of a long line */
        phs_matcher_done(&s->m);
        if (phs_matcher_init(&s->m, s->db) != PHS_OK)
            s->broken = true;
    }
}

/* The buffer is full and holds one partial line: grow, or give up on it. */
static void overflow(phs_stream *s)
{
    size_t max = s->db->opts.max_line_size;
    if (s->in_limit < max) {
        size_t nl = s->in_limit > max / 2 ? max : s->in_limit * 2;
        if (phs_buf_reserve(&s->in, nl - s->in.len) == PHS_OK) {
            s->in_limit = nl;
            return;
        }
    }
    /* Over the limit, or no memory to hold it: the line leaves masked. */
    emit(s, unprocessed, sizeof unprocessed - 1);
    s->skipping = true;
    s->skip_offset = s->offset;
    s->skip_len = s->in.len;
    s->skip_last_cr = s->in.len && s->in.p[s->in.len - 1] == '\r';
    s->offset += s->in.len;
    explicit_bzero(s->in.p, s->in.len);
    s->in.len = 0;
    s->nl_checked = 0;
}

static void end_skip(phs_stream *s, bool newline)
{
    /* skip_len counts the line's bytes without its terminator. */
    uint64_t content = s->skip_len - (newline && s->skip_last_cr ? 1 : 0);
    if (newline)
        emit(s, s->skip_last_cr ? "\r\n" : "\n", s->skip_last_cr ? 2 : 1);
    s->st.lines_masked_whole++;
    report(s, PHS_CAT_COUNT, SIZE_MAX, s->skip_offset, (size_t)content, s->line_no + 1);
    /* A line, whether a newline or the end of input ended it. */
    s->line_no++;
    s->st.lines++;
    s->skipping = false;
}

static void skip_input(phs_stream *s, phs_inbuf *in)
{
    const char *p = (const char *)in->src + in->pos;
    size_t n = in->size - in->pos;
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) + 1 : n;
    size_t body = nl ? take - 1 : take;
    if (body)
        s->skip_last_cr = p[body - 1] == '\r';
    s->skip_len += body;
    s->offset += take;
    s->st.bytes_in += take;
    in->pos += take;
    if (nl)
        end_skip(s, true);
}

static int status(const phs_stream *s) { return s->broken ? PHS_E_NOMEM : PHS_OK; }

static bool waiting(const phs_stream *s) { return s->out.len > s->opos || s->lz.on; }

int phs_stream_feed(phs_stream *s, phs_outbuf *out, phs_inbuf *in)
{
    if (!s || !out || !in || out->pos > out->size || in->pos > in->size)
        return PHS_E_ARG;
    if (s->broken)
        return PHS_E_NOMEM;
    work(s, out);
    while (in->pos < in->size) {
        if (waiting(s)) {
            work(s, out);
            if (waiting(s))
                return status(s); /* the caller must make room */
        }
        if (s->skipping) {
            skip_input(s, in);
            continue;
        }
        size_t room = s->in_limit - s->in.len;
        size_t n = in->size - in->pos;
        if (n > room)
            n = room;
        memcpy(s->in.p + s->in.len, (const char *)in->src + in->pos, n);
        s->in.len += n;
        in->pos += n;
        s->st.bytes_in += n;
        if (s->in.len == s->in_limit) {
            while (!s->lz.on && process_complete(s))
                ;
            if (!s->lz.on && s->in.len == s->in_limit)
                overflow(s);
        }
    }
    work(s, out);
    settle(s);
    return status(s);
}

int phs_stream_flush(phs_stream *s, phs_outbuf *out, size_t *remaining)
{
    if (!s || !out || out->pos > out->size)
        return PHS_E_ARG;
    work(s, out);
    if (!waiting(s) && !s->broken) {
        /* every complete line is done: now the last one, if it has no
           newline */
        if (s->skipping) {
            end_skip(s, false);
        } else if (s->in.len) {
            size_t n = s->in.len;
            process_block(s, s->in.p, n, n >= s->long_min, true);
            if (!s->lz.on) {
                s->st.lines++; /* the last line had no newline */
                s->line_no++;
                consume(s, n, true);
            }
        }
        work(s, out);
        settle(s);
    }
    if (remaining)
        *remaining = phs_stream_pending(s);
    return status(s);
}

int phs_stream_abort_line(phs_stream *s)
{
    if (!s)
        return PHS_E_ARG;
    if (s->skipping || s->broken)
        return status(s); /* a skipped line is masked already; flush ends it */
    /* the complete lines first, a long one's output held whole */
    while (!s->broken && (s->lz.on || process_complete(s)))
        if (s->lz.on)
            long_step(s, SIZE_MAX);
    if (s->in.len && !s->broken) {
        emit_whole_mask(s, s->in.p, 0, s->in.len);
        s->line_no++; /* the cut line has no newline: count it here */
        s->st.lines++;
        consume(s, s->in.len, true);
    }
    return status(s);
}

int phs_redact(const phs_db *db, const void *src, size_t len, void *dst, size_t cap,
               size_t *written, phs_finding_fn fn, void *user)
{
    if (!db || (!src && len) || (!dst && cap) || !written)
        return PHS_E_ARG;
    phs_stream *s;
    int rc = phs_stream_create(db, &s);
    if (rc)
        return rc;
    phs_stream_set_callback(s, fn, user);
    phs_inbuf in = {src, len, 0};
    phs_outbuf out = {dst, cap, 0};
    size_t total = 0;
    char sink[4096];
    phs_outbuf *o = &out;
    phs_outbuf so;
    while (rc == PHS_OK) {
        rc = phs_stream_feed(s, o, &in);
        if (in.pos == in.size)
            break;
        /* dst is full: keep going into a sink only to learn the size */
        total += o->pos;
        so = (phs_outbuf){sink, sizeof sink, 0};
        o = &so;
    }
    size_t rem = 0;
    if (rc == PHS_OK) {
        do {
            rc = phs_stream_flush(s, o, &rem);
            if (rem) {
                total += o->pos;
                so = (phs_outbuf){sink, sizeof sink, 0};
                o = &so;
            }
        } while (rc == PHS_OK && rem);
    }
    total += o->pos;
    explicit_bzero(sink, sizeof sink);
    phs_stream_free(s);
    if (rc)
        return rc;
    *written = total;
    return o == &out ? PHS_OK : PHS_E_DSTSIZE;
}

phs_category phs_stream_key_category(phs_stream *s, const char *key, size_t klen,
                                     const char *parent, size_t plen, const char *rtype,
                                     size_t rtlen)
{
    if (!s || (!key && klen) || (!parent && plen) || (!rtype && rtlen))
        return PHS_CAT_COUNT;
    return phs_classify_key(&s->m, key ? key : "", klen, parent ? parent : "", plen,
                            rtype ? rtype : "", rtlen);
}

int phs_stream_act(phs_stream *s, phs_category cat, const void *src, size_t len, void *dst,
                   size_t cap, size_t *written, int *drop)
{
    if (!s || (unsigned)cat >= PHS_CAT_COUNT || (!src && len) || !dst || !written || !drop)
        return PHS_E_ARG;
    *written = 0;
    *drop = 0;
    if (cap < PHS_ACT_ROOM(len))
        return PHS_E_DSTSIZE;
    const phs_db *db = s->db;
    /* A value that is already a label or a token stays: records scrub to
       themselves, as lines do. */
    if (phs_is_own_output(src, len)) {
        memcpy(dst, src, len);
        *written = len;
        return PHS_OK;
    }
    /* the site's allow lists keep a whole value as they keep a finding */
    if (db->site && phs_site_allowed(db, &s->m, s->site, cat, src, len)) {
        memcpy(dst, src, len);
        *written = len;
        return PHS_OK;
    }
    s->st.findings++;
    s->st.per_category[cat]++;
    if (db->act.action[cat] == PHS_ACT_DROP) {
        *drop = 1;
        return PHS_OK;
    }
    *written = phs_act_span(&s->actor, &db->act, db->labels[cat], db->label_len[cat], cat,
                            src ? src : "", len, dst);
    return PHS_OK;
}

phs_key_verdict phs_stream_key_policy(phs_stream *s, const char *key, size_t klen,
                                      const char *parent, size_t plen, const char *rtype,
                                      size_t rtlen, phs_category *cat)
{
    if (cat)
        *cat = PHS_CAT_COUNT;
    if (!s || (!key && klen))
        return PHS_KEY_SCAN;
    uint32_t ref;
    phs_key_verdict v = phs_site_key(s->db->site, key ? key : "", klen, &ref);
    if (v == PHS_KEY_KEEP) {
        if (ref < s->db->site->nrefs)
            s->site->kept[ref]++;
        return v;
    }
    if (v == PHS_KEY_REDACT) {
        s->site->redacted++;
        return v;
    }
    if (!cat)
        return PHS_KEY_SCAN;
    *cat = phs_stream_key_category(s, key, klen, parent, plen, rtype, rtlen);
    return *cat < PHS_CAT_COUNT ? PHS_KEY_PHI : PHS_KEY_SCAN;
}

uint64_t phs_stream_allow_kept(const phs_stream *s, size_t i)
{
    return s && s->site && i < s->db->site->nrefs ? s->site->kept[i] : 0;
}

uint64_t phs_stream_redacted(const phs_stream *s) { return s && s->site ? s->site->redacted : 0; }

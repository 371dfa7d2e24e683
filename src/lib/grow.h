/*
 * grow.h - the one way to grow a buffer or an array, library and program.
 *
 * realloc frees the old block with its bytes still in it, and a buffer of
 * input, output or findings holds PHI: a later allocation, a heap dump or a
 * core would find it there. So:
 *
 *   PHS_GROW(p, cap, used, need)  room for `need` elements in p (capacity
 *       cap, `used` of them in use and kept). A new block is taken, the used
 *       elements copied, and the old block cleared, then freed. Blocks of
 *       PHS_GROW_MAP bytes or more are private anonymous mappings, grown with
 *       mremap (the kernel moves the pages: nothing is copied, nothing left
 *       behind, and a page never touched costs no memory) and marked
 *       MADV_DONTDUMP so a core dump leaves them out.
 *   PHS_GROW_PLAIN(p, cap, need)  realloc, for arrays that never hold input
 *       bytes or findings (rules, compiled programs, file lists).
 *   phs_free_clear(p, bytes)  clears and frees a block of PHS_GROW; `bytes`
 *       is its capacity times the element size, as PHS_GROW left it.
 *
 * Both macros evaluate to 0, or -1 when memory ran out (p is then as it
 * was). Capacity doubles from 16 elements (PHS_GROW_MIN bytes for byte
 * buffers) to at least `need`. Header-only, with no dependency on the rest of
 * the library, so the program uses it too.
 */
#ifndef PHISCRUB_GROW_H
#define PHISCRUB_GROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__linux__) && !defined(MREMAP_MAYMOVE)
/* Linux's mremap, declared by <sys/mman.h> only under _GNU_SOURCE. */
#define MREMAP_MAYMOVE 1
extern void *mremap(void *addr, size_t old_len, size_t new_len, int flags, ...);
#endif

/* Blocks this large are mappings of their own. */
#define PHS_GROW_MAP ((size_t)1 << 20)

static inline size_t phs_grow_map_len(size_t bytes)
{
    size_t pg = 4096;
    return (bytes + pg - 1) & ~(pg - 1);
}

static inline void *phs_grow_map(size_t bytes)
{
    void *p = mmap(NULL, phs_grow_map_len(bytes), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_DONTDUMP
    (void)madvise(p, phs_grow_map_len(bytes), MADV_DONTDUMP);
#endif
    return p;
}

/* Clear and free a block of `bytes` bytes taken by phs_grow_block. */
static inline void phs_free_clear(void *p, size_t bytes)
{
    if (!p)
        return;
    if (bytes >= PHS_GROW_MAP) {
        /* An unmapped page goes back to the kernel, which zeroes it before
           anyone else sees it: clearing 256 MiB first would only cost. */
        munmap(p, phs_grow_map_len(bytes));
        return;
    }
    explicit_bzero(p, bytes);
    free(p);
}

/* A block of nb bytes holding the first `keep` bytes of old (ob bytes),
   the old block cleared and freed; NULL (old untouched) on failure. */
static inline void *phs_grow_block(void *old, size_t ob, size_t keep, size_t nb)
{
    void *p;
    if (ob >= PHS_GROW_MAP) {
#ifdef MREMAP_MAYMOVE
        p = mremap(old, phs_grow_map_len(ob), phs_grow_map_len(nb), MREMAP_MAYMOVE);
        return p == MAP_FAILED ? NULL : p;
#endif
    }
    p = nb >= PHS_GROW_MAP ? phs_grow_map(nb) : malloc(nb);
    if (!p)
        return NULL;
    if (keep)
        memcpy(p, old, keep);
    phs_free_clear(old, ob);
    return p;
}

/* *pp (a T *, passed as its address) holds *cap elements of elem bytes, of
   which `used` are kept; make it hold exactly nc. */
static inline int phs_grow_to_(void *pp, size_t *cap, size_t used, size_t nc, size_t elem,
                               bool clear)
{
    if (nc > SIZE_MAX / elem)
        return -1;
    void *old, *p;
    memcpy(&old, pp, sizeof old);
    if (clear)
        p = phs_grow_block(old, *cap * elem, used * elem, nc * elem);
    else
        p = realloc(old, nc * elem);
    if (!p)
        return -1;
    memcpy(pp, &p, sizeof p);
    *cap = nc;
    return 0;
}

/* Room for `need`, the capacity doubling from `min`. */
static inline int phs_grow_(void *pp, size_t *cap, size_t used, size_t need, size_t elem,
                            size_t min, bool clear)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : min;
    while (nc < need)
        nc = nc > SIZE_MAX / 2 ? need : nc * 2;
    return phs_grow_to_(pp, cap, used, nc, elem, clear);
}

#define PHS_GROW(p, cap, used, need) \
    phs_grow_(&(p), &(cap), (used), (need), sizeof *(p), 16, true)
#define PHS_GROW_PLAIN(p, cap, need) \
    phs_grow_(&(p), &(cap), (cap), (need), sizeof *(p), 16, false)

/* Byte buffers start at 4 KiB. */
#define PHS_GROW_MIN 4096

/* A growable byte buffer of PHS_GROW blocks. */
typedef struct phs_buf {
    char *p;
    size_t len, cap;
} phs_buf;

static inline int phs_buf_reserve(phs_buf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return 0;
    if (b->len + extra < b->len)
        return -1;
    return phs_grow_(&b->p, &b->cap, b->len, b->len + extra, 1, PHS_GROW_MIN, true);
}

static inline int phs_buf_append(phs_buf *b, const void *p, size_t n)
{
    if (phs_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

/* Clears and frees the buffer's block; the buffer is empty after. */
static inline void phs_buf_free(phs_buf *b)
{
    phs_free_clear(b->p, b->cap);
    b->p = NULL;
    b->len = b->cap = 0;
}

#endif

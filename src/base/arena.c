/* arena.c — bump allocation in chained blocks; everything freed at once.
 *
 * Invariant: every pointer handed out is 16-byte aligned and zero-filled.
 * Large requests get a block of their own so small ones do not waste it.
 */
#include "config.h"
#include "pydbg/base.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536
#define ARENA_ALIGN 16

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, cap;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(Arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

static ArenaBlock *block_new(size_t cap)
{
    ArenaBlock *b = xmalloc(sizeof *b + cap);
    b->next = NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n == 0)
        n = ARENA_ALIGN;
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        if (n > ARENA_BLOCK / 4) {
            /* Oversized: its own block, linked behind the current one. */
            ArenaBlock *big = block_new(n);
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                a->head = big;
            }
            big->used = n;
            a->total += n;
            memset(big->data, 0, n);
            return big->data;
        }
        b = block_new(ARENA_BLOCK);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

void *arena_memdup(Arena *a, const void *p, size_t n)
{
    void *q = arena_alloc(a, n);
    if (n)
        memcpy(q, p, n);
    return q;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *q = arena_alloc(a, n + 1);
    if (n)
        memcpy(q, s, n);
    q[n] = '\0';
    return q;
}

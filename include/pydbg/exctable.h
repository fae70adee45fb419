/* exctable.h — the 3.11+ exception table (co_exceptiontable).
 *
 * Entries are decoded to byte offsets (the file stores code units).  Before
 * 3.11 there is no table and exctable_decode() yields zero entries.
 */
#ifndef PYDBG_EXCTABLE_H
#define PYDBG_EXCTABLE_H

#include "pydbg/pyc.h"

typedef struct ExcEntry {
    uint32_t start, end;   /* covered byte range [start, end) */
    uint32_t target;       /* handler byte offset */
    uint32_t depth;        /* value-stack depth to unwind to */
    uint8_t lasti;         /* push the raising instruction's offset first */
} ExcEntry;

/* Decode co->exctable into arena a.  Fails with d set on a truncated or
 * malformed table (bad entry start bit, varint overrun, offsets past the
 * code). */
int exctable_decode(const CodeObj *co, Arena *a, ExcEntry **out, uint32_t *n,
                    Diag *d);

/* The entry covering byte offset off, or NULL. */
const ExcEntry *exctable_find(const ExcEntry *v, uint32_t n, uint32_t off);

#endif

/* decode.h — raw co_code → Insn records, once per code object.
 *
 * One Insn per instruction that CPython's `dis` lists (EXTENDED_ARG prefixes
 * are their own Insn, exactly as dis shows them), so stepping, offset
 * breakpoints and the disassembly stay one-to-one.  CACHE units are skipped
 * (3.11+) but kept in `size`; jump targets are resolved to byte offsets and
 * instruction indexes.
 */
#ifndef PYDBG_DECODE_H
#define PYDBG_DECODE_H

#include "pydbg/opcode.h"

typedef struct Insn {
    uint32_t offset;     /* byte offset of this instruction */
    uint32_t size;       /* bytes, inline caches included */
    const OpInfo *info;  /* this version's row */
    uint16_t op;         /* OpId (== info->id) */
    uint8_t opcode;      /* raw opcode byte */
    uint8_t ncache;
    int32_t arg;         /* full oparg incl. EXTENDED_ARG prefixes; -1 if none */
    int32_t target;      /* jump target byte offset, -1 when not a jump */
    int32_t target_index;/* index of the target Insn, -1 when not a jump */
} Insn;

typedef struct InsnArray {
    Insn *v;
    uint32_t n;
} InsnArray;

/* Decode co with table t into arena a.  Fails with d set (naming the byte
 * offset) on an unknown opcode, a truncated instruction or a jump that does
 * not land on an instruction boundary inside the code. */
int decode_code(const CodeObj *co, const OpTable *t, Arena *a, InsnArray *out,
                Diag *d);

/* Index of the Insn at byte offset off, or -1. */
int32_t decode_index_at(const InsnArray *ia, uint32_t off);

/* ---- line events (src/bytecode/lines.c) -------------------------------- */

#include "pydbg/linetable.h"

/* Flags, one per Insn of ia (allocated in a, at least 1 byte): 1 where this
 * version's sys.settrace can report a 'line' event, i.e. where `step` stops.
 * Only the first Insn of an EXTENDED_ARG chain is ever marked.  Fails with d
 * set only on a malformed exception table (3.11+). */
int lines_event_points(const CodeObj *co, const InsnArray *ia,
                       const LineTable *lt, Arena *a, uint8_t **out, Diag *d);

/* The line such an event reports for in (linetable_line_at of its offset). */
int32_t lines_event_line(const LineTable *lt, const Insn *in);

#endif

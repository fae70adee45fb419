/* dis.h — `dis.dis(code)` of the code object's own Python version, byte
 * for byte (except the address inside `<code object … at 0x…>`).
 */
#ifndef PYDBG_DIS_H
#define PYDBG_DIS_H

#include "pydbg/pyc.h"

#include "pydbg/linetable.h"

/* One instruction as dis.get_instructions describes it (dis_rows). */
typedef struct DisRow {
    uint32_t offset;
    const char *opname;
    int opcode;
    int32_t arg;             /* -1: no argument */
    int arg_kind;            /* OPA_* of the opcode (opcode.h) */
    int32_t target;          /* jump target byte offset, -1 when not a jump */
    const char *argrepr;     /* what dis prints in parentheses ("" for none) */
    int32_t starts_line;     /* the line this instruction starts, -1 when none */
    int is_jump_target;
    SrcPos pos;              /* co_positions() of the instruction */
} DisRow;
typedef void (*DisRowFn)(void *ud, const DisRow *row);

typedef struct DisOptions {
    int recursive;       /* 3.7+: nested code objects follow (dis.dis does) */
    int show_caches;     /* 3.11+: print CACHE units */
    int show_offsets;    /* 3.13+: offset column */
    int32_t lasti;       /* byte offset marked `-->`, or -1 */
    const uint8_t *breakpoints;  /* optional: one flag per byte offset of the
                                    top code object, shown as a mark (debugger):
                                    1 `B` (breakpoint), 2 `b` (disabled), 0 none;
                                    NULL for dis-exact output */
    DisRowFn row_fn;     /* optional: called per instruction instead of printing */
    void *row_ud;
} DisOptions;

#define DIS_OPTIONS_DEFAULT {1, 0, 0, -1, NULL, NULL, NULL}

/* Append the disassembly of co to out.  Returns 0, or -1 with d set when the
 * code cannot be decoded (the text up to the error is kept). */
int dis_code(SBuf *out, const CodeObj *co, const DisOptions *opt, Diag *d);
/* The instructions of co (not of nested code objects), one call of fn each
 * (the dis module's get_instructions).  0, or -1 with d set. */
int dis_rows(const CodeObj *co, DisRowFn fn, void *ud, Diag *d);

#endif

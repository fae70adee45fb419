/* dis.h — `dis.dis(code)` of the code object's own Python version, byte
 * for byte (except the address inside `<code object … at 0x…>`).
 */
#ifndef PYDBG_DIS_H
#define PYDBG_DIS_H

#include "pydbg/pyc.h"

typedef struct DisOptions {
    int recursive;       /* 3.7+: nested code objects follow (dis.dis does) */
    int show_caches;     /* 3.11+: print CACHE units */
    int show_offsets;    /* 3.13+: offset column */
    int32_t lasti;       /* byte offset marked `-->`, or -1 */
    const uint8_t *breakpoints;  /* optional: one flag per byte offset of the
                                    top code object, shown as a mark (debugger):
                                    1 `B` (breakpoint), 2 `b` (disabled), 0 none;
                                    NULL for dis-exact output */
} DisOptions;

#define DIS_OPTIONS_DEFAULT {1, 0, 0, -1, NULL}

/* Append the disassembly of co to out.  Returns 0, or -1 with d set when the
 * code cannot be decoded (the text up to the error is kept). */
int dis_code(SBuf *out, const CodeObj *co, const DisOptions *opt, Diag *d);

#endif

/* linev.h — CPython 3.12's sys.settrace 'line' and 'call' events, at run time.
 *
 * bytecode/lines.c gives the static over-approximation (where an event
 * *can* happen); this module decides, as each instruction is about to run
 * (vm_trap_hook), whether 3.12's tracing reports an event there, so that
 * `step`, `next`, line breakpoints and `--trace` stop or print exactly
 * where CPython's tracing does.
 */
#ifndef PYDBG_LINEV_H
#define PYDBG_LINEV_H

#include <stdbool.h>

#include "pydbg/vm.h"

/* Instruction i of co is instrumented for LINE (a line start, a jump
 * target or an exception handler with a line).  Computed once per code
 * object and cached in it. */
bool linev_is_start(CodeRtObj *co, int32_t i);
/* About to execute instruction i (== f->lasti) of frame f, the frame's
 * previous instruction being prev (as vm_trap_hook receives it, with
 * f->inline_call): does 3.12 report a 'line' event?  *line gets its line. */
bool linev_line_event(Frame *f, int32_t prev, int32_t i, int *line);
/* A 'call' event before instruction i: the frame starts (prev == -1) or a
 * generator/coroutine resumes. */
bool linev_call_event(Frame *f, int32_t prev, int32_t i);

#endif

/* linev.h — CPython 3.12's sys.settrace 'line' and 'call' events, at run time.
 *
 * bytecode/lines.c gives the static over-approximation (where an event
 * *can* happen); this module decides, as each instruction is about to run
 * (vm_trap_hook), whether 3.12's tracing reports an event there, so that
 * `step`, `next`, line breakpoints and `--trace` stop or print exactly
 * where CPython's tracing does (the rules: src/dbg/linev.c).
 *
 * Every line event happens at an instruction linev_is_start marks.  Part of
 * the rule models CPython's specialiser (which makes some attribute and
 * subscript sites run Python code inline); that model learns from
 * linev_line_event seeing the instructions linev_needs_hook marks, each
 * time they run: with VM_TRAP_ALL it sees everything; with breakpoint
 * trapping the engine sets the breakpoint bytes of those instructions too
 * and calls linev_line_event once per hook.
 */
#ifndef PYDBG_LINEV_H
#define PYDBG_LINEV_H

#include <stdbool.h>

#include "pydbg/vm.h"

/* Instruction i of co is instrumented for LINE (a line start, a jump
 * target or an exception handler with a line).  Computed once per code
 * object and cached in it. */
bool linev_is_start(CodeRtObj *co, int32_t i);
/* linev_line_event must see every run of instruction i of co to be exact:
 * the LINE-instrumented instructions, and the LOAD_ATTR / BINARY_SUBSCR
 * sites the specialiser model follows. */
bool linev_needs_hook(CodeRtObj *co, int32_t i);
/* About to execute instruction i (== f->lasti) of frame f, the frame's
 * previous instruction being prev (as vm_trap_hook receives it, with
 * f->inline_call): does 3.12 report a 'line' event?  *line gets its line.
 * Call it once per hook (it advances the specialiser model). */
bool linev_line_event(Frame *f, int32_t prev, int32_t i, int *line);
/* A 'call' event before instruction i: the frame starts or a generator or
 * coroutine resumes (RESUME), or an exception was thrown into a suspended
 * generator (gen.throw(), gen.close(): the handler covering its yield).
 * Not reported: a throw into a generator that never started (no
 * instruction runs). */
bool linev_call_event(Frame *f, int32_t prev, int32_t i);

#endif

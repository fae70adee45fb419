/* inspect.h — what the debugger shows about a stopped program.
 *
 * Formatting shared by the REPL, batch transcripts and the TUI's panes:
 * every function writes plain text lines (each ending in '\n') to out, is
 * deterministic (no addresses, nothing that changes from run to run) and
 * never leaves a Python exception pending (a failing __repr__ shows as
 * `<repr failed: TYPE: message>`).
 *
 * "The current instruction" of a frame is f->lasti: the instruction about
 * to run for the innermost stopped frame, the CALL in progress for the
 * frames above it.
 */
#ifndef PYDBG_CLI_INSPECT_H
#define PYDBG_CLI_INSPECT_H

#include <stdio.h>

#include "pydbg/dbg.h"

/* repr(o) as UTF-8 into out, at most max_chars characters (0: no limit;
 * longer values end in "..."). */
void insp_repr(SBuf *out, Obj *o, size_t max_chars);
/* The type's name as CPython's type(o).__name__ ("int", "list", "Point"). */
const char *insp_type_name(Obj *o);

/* `info locals`, `info args`, `info cells`, `info freevars`, `info globals`:
 * one `NAME = REPR` a line in co_localsplusnames order (globals: dict
 * order); unbound: `<unbound>`; a cell/free variable shows
 * `NAME = REPR  (cell shared with: f, g.<locals>.h)` — the functions whose
 * closure holds that cell object among the frames' functions and the
 * values reachable from the frame (at least: enclosing and nested function
 * objects on the stack of frames and in locals).  An empty cell:
 * `<empty cell>`.  Nothing to show: "No locals." / "No arguments." /
 * "No cell variables." / "No free variables." / "No globals.". */
void insp_locals(FILE *out, Frame *f);
void insp_args(FILE *out, Frame *f);
void insp_cells(FILE *out, Frame *f);
void insp_freevars(FILE *out, Frame *f);
void insp_globals(FILE *out, Frame *f);
/* `info stack`: the value stack top first, one entry a line
 * `  [DEPTH] REPR  (TYPE)` with NULL slots as `NULL`, then
 * `depth N of co_stacksize M`.  Empty: "The value stack is empty
 * (co_stacksize M)." */
void insp_stack(FILE *out, Frame *f);
/* `info frame`: code name, qualname, file, line, instruction (offset and
 * opname), caller, locals count, stack depth, generator state. */
void insp_frame(FILE *out, Frame *f, int level);
/* `info code`: every co_* attribute as `pydbg --info` prints it. */
void insp_code(FILE *out, Frame *f);
/* `info lines`: offset → line map of the frame's code object (as
 * --dump-lines prints its co_lines part), current instruction marked. */
void insp_lines(FILE *out, Frame *f);
/* `info exceptions`: the exception-table entry (3.11+) that would catch an
 * exception raised at the current instruction, or "No handler: an exception
 * here leaves FUNC." */
void insp_handlers(FILE *out, Frame *f);

/* One backtrace line: `#N  fib (n=3) at fib.py:12` (the module frame:
 * `#N  <module> () at fib.py:3`); level < 0 leaves out the `#N  ` prefix
 * (stop reports: `Breakpoint 1, fib (n=3) at fib.py:12`). */
void insp_frame_line(FILE *out, Frame *f, int level);
/* The source line of the frame's current line: `12\t    a, b = b, a + b`,
 * or a one-line note when the source cannot be found. */
void insp_source_line(FILE *out, Frame *f);
/* `list`: source lines first..last (clamped) of the frame's file, the
 * current line marked `->`, breakpoint lines `B`; returns the last line
 * shown (for `list` continuing), -1 when the source is missing (message
 * printed). */
int insp_list(FILE *out, Dbg *d, Frame *f, int first, int last);
/* `disassemble`: the frame's code object as that version's dis shows it,
 * `-->` at the current instruction, breakpoint marks. */
void insp_disassemble(FILE *out, Dbg *d, Frame *f);
/* `x/Ni`: the next n instructions from the current one, dis format. */
void insp_next_insns(FILE *out, Dbg *d, Frame *f, int n);

/* Where the source of a code object's file is: co_filename as given, else
 * the same name in the program's directory (pyc_dir); a malloc'd path or
 * NULL. */
char *insp_find_source(const char *co_filename, const char *pyc_dir);

#endif

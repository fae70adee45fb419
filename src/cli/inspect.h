/* inspect.h — what the debugger shows about a stopped program.
 *
 * Formatting shared by the REPL, batch transcripts and the TUI's panes:
 * every function writes plain text lines (each ending in '\n') to out, is
 * deterministic (no addresses, nothing that changes from run to run) and
 * never leaves a Python exception pending (a failing __repr__ shows as
 * `<repr failed: TYPE: message>`; an exception pending before the call is
 * still pending after it).
 *
 * "The current instruction" of a frame is f->lasti: the instruction about
 * to run for the innermost stopped frame, the CALL in progress for the
 * frames above it.
 *
 * Values are reprs without the ` at 0x…` of default reprs
 * (`<function f>`, `<__main__.Point object>`), cut to INSP_VALUE_MAX
 * characters in variable and stack listings and to INSP_ARG_MAX in frame
 * lines.  tests/unit/test_inspect.c checks the formats below against what
 * CPython 3.12 shows at the same stops (tools/gen_inspect_fixture.py).
 */
#ifndef PYDBG_CLI_INSPECT_H
#define PYDBG_CLI_INSPECT_H

#include <stdio.h>

#include "pydbg/dbg.h"

#define INSP_VALUE_MAX 200   /* info locals/args/cells/freevars/globals/stack */
#define INSP_ARG_MAX 60      /* arguments in a frame line */

/* repr(o) as UTF-8 into out, at most max_chars characters (0: no limit;
 * longer values keep max_chars-3 characters and end in "..."), addresses
 * removed.  o NULL: `NULL`. */
void insp_repr(SBuf *out, Obj *o, size_t max_chars);
/* The type's name as CPython's type(o).__name__ ("int", "list", "Point"). */
const char *insp_type_name(Obj *o);

/* `info locals`, `info args`, `info cells`, `info freevars`, `info globals`:
 * one `NAME = REPR` a line in co_localsplusnames order (globals: dict
 * order).  locals: every variable that is not an argument (cell and free
 * variables included, as in f_locals; 3.12's hidden comprehension
 * variables left out); module and class bodies: their locals mapping.
 * args: positional, keyword-only, *args, **kwargs slots, in slot order.
 * Unbound: `<unbound>`; a cell/free variable shows
 * `NAME = REPR  (cell shared with: f, g.<locals>.h)` — the qualnames, sorted,
 * of the functions whose __closure__ holds that very cell object, among the
 * functions reachable from the frames (each frame's function, its fast
 * locals, cells, value stack, locals mapping and globals, and from there a
 * bounded walk through closures, methods, containers, class namespaces,
 * instance dicts and suspended generators), plus the frames that own it as
 * a cell variable; the frame's own function is left out and so is the
 * whole note when nobody else shares it.  An empty cell: `<empty cell>`.
 * Nothing to show: "No locals." / "No arguments." / "No cell variables." /
 * "No free variables." / "No globals.". */
void insp_locals(FILE *out, Frame *f);
void insp_args(FILE *out, Frame *f);
void insp_cells(FILE *out, Frame *f);
void insp_freevars(FILE *out, Frame *f);
void insp_globals(FILE *out, Frame *f);
/* `info stack`: the value stack top first, one entry a line
 * `  [I] REPR  (TYPE)`, I the slot's position from the bottom (0) so an
 * entry keeps its number while others are pushed above it; NULL slots as
 * `  [I] NULL`; then `depth N of co_stacksize M`.  Empty: "The value stack
 * is empty (co_stacksize M)." */
void insp_stack(FILE *out, Frame *f);
/* `info frame`:
 *   Stack level 0, frame of fib (n=3) at fib.py:12
 *    code object fib (qualname fib), first line 10, file fib.py
 *    instruction: offset 24, BINARY_OP 0 (index 9 of 20)
 *    caller: level 1, <module> () at fib.py:20      (or: none (outermost frame))
 *    variables: 3 (2 bound): 1 arguments, 0 cells, 0 free
 *    value stack: depth 2 of co_stacksize 4
 *    frame state: running       (generators: `generator object gen: suspended`) */
void insp_frame(FILE *out, Frame *f, int level);
/* `info code`: every co_* attribute exactly as `pydbg --info` prints it
 * (info_code()). */
void insp_code(FILE *out, Frame *f);
/* `info lines`: co_lines() of the frame's code object as --dump-lines
 * prints it, `lines START END LINE` a row, behind a 3-character column
 * holding `-->` on the range of the current instruction. */
void insp_lines(FILE *out, Frame *f);
/* `info exceptions`: the exception-table entry (3.11+) that would catch an
 * exception raised at the current instruction:
 *   ExceptionTable entry covering offset 28:
 *     14 to 98 -> 104 [0]                       (dis's row for that version)
 *   On an exception: the value stack is cut to depth 0, the exception is
 *   pushed, and execution jumps to 104.          (one line)
 * or "No handler: an exception here leaves QUALNAME." */
void insp_handlers(FILE *out, Frame *f);

/* One backtrace line: `#N  fib (n=3) at fib.py:12` (the module frame:
 * `#N  <module> () at fib.py:3`); level < 0 leaves out the `#N  ` prefix
 * (stop reports: `Breakpoint 1, fib (n=3) at fib.py:12`).  The name is the
 * qualname; arguments in signature order — positional, `*args=…`,
 * keyword-only, `**kwargs=…`; no line number: `at fib.py`. */
void insp_frame_line(FILE *out, Frame *f, int level);
/* The source line of the frame's current line: `12\t    a, b = b, a + b`,
 * or `12\t<source not available: fib.py>`. */
void insp_source_line(FILE *out, Frame *f);
/* insp_source_line, then (when the current instruction covers part of the
 * line, as co_positions() tells) a caret line under that part:
 *   12	    a, b = b, a + b
 *     	              ^^^^^
 * (the number's width in spaces, a tab, then the line's own tabs kept). */
void insp_source_position(FILE *out, Frame *f);
/* `list`: source lines first..last (clamped) of the frame's file, each
 * `MLINE\tTEXT` with M a 3-character mark column: first character `B` for a
 * line holding an enabled breakpoint, `b` only disabled ones, else a blank;
 * then `->` on the frame's current line, else two blanks:
 *   B->12\t    a, b = b, a + b
 *      13\t    return a
 * Returns the last line shown (for `list` continuing), -1 when nothing
 * could be shown (source missing, first past the end; a message printed).
 * d may be NULL (no breakpoint marks). */
int insp_list(FILE *out, Dbg *d, Frame *f, int first, int last);
/* `disassemble`: the frame's own code object (not the nested ones) as that
 * version's dis shows it, `-->` at the current instruction, and in the
 * marker column's first character `B` at an instruction where an enabled
 * breakpoint stops (`b`: disabled only).  d may be NULL. */
void insp_disassemble(FILE *out, Dbg *d, Frame *f);
/* `x/Ni`: the next n instruction rows of that listing from the current
 * one (blank lines skipped, the exception table not included). */
void insp_next_insns(FILE *out, Dbg *d, Frame *f, int n);

/* Where the source of a code object's file is: co_filename as given, else
 * the same name in the program's directory (pyc_dir), else its base name
 * there; a malloc'd path or NULL.  The printers look in the directory of
 * the running program (vm->main_dir, else sys.path[0]) and keep a few
 * files cached;
 * insp_source_cache_clear() forgets them (a new run). */
char *insp_find_source(const char *co_filename, const char *pyc_dir);
void insp_source_cache_clear(void);

#endif

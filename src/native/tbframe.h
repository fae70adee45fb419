/* tbframe.h — traceback entries for standard-library code that pydbg runs
 * natively.  Where CPython's module is Python (contextlib.py …), its
 * tracebacks show frames of that file ("File ".../contextlib.py", line 137,
 * in __enter__" with the source line and carets); a native method has no
 * frame, so the module describes the lines CPython would show and pushes
 * them onto the pending exception's traceback at the point where CPython's
 * frame would have been added.  The file name is CPython's for this
 * installation layout: sys.prefix + "/lib/python3.12/" + the module's file.
 */
#ifndef PYDBG_NATIVE_TBFRAME_H
#define PYDBG_NATIVE_TBFRAME_H

#include "pydbg/vm.h"

typedef struct TbLine {
    const char *func;        /* co_name of the Python function */
    const char *qualname;    /* its co_qualname */
    int firstlineno;         /* its `def` line */
    int line;                /* the line the entry shows */
    const char *text;        /* that source line, as in the file */
    const char *mark;        /* the part the carets cover; NULL: the whole statement;
                              * ending in "\n": the expression goes on to
                              * later lines (CPython marks to this line's end) */
} TbLine;

typedef struct TbFile {
    const char *tail;        /* "contextlib.py"; "<string>" stays as it is */
    const TbLine *lines;     /* the entries a module can push */
    int nlines;
    void *state;             /* built on first use (frames and code objects) */
} TbFile;

/* Prepend the entry file->lines[which] to the pending exception's
 * traceback, as leaving that Python frame would.  Nothing happens when no
 * exception is pending; a failure to build the entry is ignored (the
 * exception stays as it was). */
void tbframe_push(TbFile *file, int which);

/* A 3.12 code object of n locations: RESUME, one NOP per location (NOP k,
 * instruction k + 1, at locs[k]), RETURN_CONST None — what a traceback
 * entry of code pydbg does not run as bytecode points at (also eval()'s
 * "<string>" frame).  NULL with an exception. */
typedef struct TbLoc {
    int line, col, end;
    bool more;               /* the expression goes on to a later line */
} TbLoc;
Obj *tbframe_code_new(const char *filename, const char *name, const char *qualname, int firstlineno,
                      uint32_t flags, const TbLoc *locs, int n);
/* The same for exc, an exception object that is not (or not yet) the
 * pending one: an exception a native coroutine is handed and re-raises. */
void tbframe_push_exc(Obj *exc, TbFile *file, int which);

/* tbframe_push, then NULL: `return tbframe_fail(...)` at an error site. */
Obj *tbframe_fail(TbFile *file, int which);

#endif

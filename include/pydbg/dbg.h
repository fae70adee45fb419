/* dbg.h — the debugger engine: runs a program in the VM and stops it.
 *
 * Typed requests in, typed stop events out; the engine never prints
 * (front ends — the readline REPL, batch scripts, the TUI — do).  A front
 * end calls dbg_run(); the engine calls the front end's DbgStopFn at every
 * stop, from inside the VM (the program's frames are live and may be
 * inspected, expressions evaluated); the function returns how to resume.
 *
 * Where stops happen: `step`/`next` at the line events CPython 3.12's
 * sys.settrace reports (src/dbg/linev.c), `stepi`/`nexti` at every
 * instruction, breakpoints at line events of their line (or at one
 * instruction for `*OFFSET`), watchpoints right after the instruction that
 * changed the value.
 *
 * Ownership: DbgStop fields are borrowed and valid until the stop function
 * returns.
 */
#ifndef PYDBG_DBG_H
#define PYDBG_DBG_H

#include <stdbool.h>
#include <stdio.h>

#include "pydbg/base.h"
#include "pydbg/pyc.h"
#include "pydbg/vm.h"

typedef struct Dbg Dbg;

typedef enum DbgStopKind {
    DBG_STOP_ENTRY,          /* before the module's first instruction */
    DBG_STOP_STEP,           /* a step/next/stepi/nexti/until/advance finished */
    DBG_STOP_BREAKPOINT,     /* bpnum hit */
    DBG_STOP_WATCH,          /* watchpoint bpnum changed: old_value → value */
    DBG_STOP_WATCH_SCOPE,    /* watchpoint bpnum deleted: its frame has returned */
    DBG_STOP_FINISH,         /* finish: finish_frame returned value */
    DBG_STOP_INTERRUPT,      /* Ctrl-C */
    DBG_STOP_EXCEPTION,      /* uncaught exception `value` (post-mortem; traceback printed) */
    DBG_STOP_EXITED,         /* the program ended with exit_status (no frame) */
    DBG_STOP_KILLED          /* the program was killed (no frame) */
} DbgStopKind;

typedef struct DbgStop {
    DbgStopKind kind;
    Frame *frame;            /* the frame stopped in; NULL when the program is gone */
    int32_t index;           /* instruction about to execute (frame->lasti) */
    int line;                /* its line (-1: none) */
    bool at_line_start;      /* the stop is at a line event (not mid-line) */
    int bpnum;               /* BREAKPOINT, WATCH, WATCH_SCOPE */
    Obj *value;              /* FINISH: returned; WATCH: new; EXCEPTION: the exception */
    Obj *old_value;          /* WATCH (NULL: was unbound / not evaluable) */
    CodeRtObj *writer_code;  /* WATCH: the instruction that changed the value */
    int32_t writer_index;
    Frame *finish_frame;     /* FINISH: the frame that returned (its code, args) */
    int exit_status;         /* EXITED */
    const char *message;     /* extra line for the user (condition error, limit), or NULL */
} DbgStop;

typedef enum DbgResumeKind {
    DBG_CONTINUE, DBG_STEP, DBG_NEXT, DBG_STEPI, DBG_NEXTI,
    DBG_FINISH,              /* until `frame` returns */
    DBG_UNTIL,               /* next, but not backwards: a later line of `frame`, or its return */
    DBG_ADVANCE,             /* until breakpoint location `location` (or `frame` returns) */
    DBG_KILL                 /* unwind everything now; dbg_run returns DBG_STOP_KILLED */
} DbgResumeKind;

typedef struct DbgResume {
    DbgResumeKind kind;
    long count;              /* STEP/NEXT/STEPI/NEXTI: how many (≥1); CONTINUE: ignore the
                                breakpoint that stopped us count-1 more times */
    Frame *frame;            /* NEXT/NEXTI/FINISH/UNTIL/ADVANCE: the selected frame */
    const char *location;    /* ADVANCE / UNTIL LOCATION: as `break` takes it */
} DbgResume;

typedef DbgResume (*DbgStopFn)(Dbg *d, const DbgStop *stop, void *ud);

/* A debugging session of program `path` (already loaded as pf, which must
 * outlive the session) with sys.argv = argv[0..argc). */
Dbg *dbg_new(const PycFile *pf, int argc, char **argv);
void dbg_free(Dbg *d);
const PycFile *dbg_pyc(const Dbg *d);

/* Run the program once from its start; stop_at_entry stops before the
 * first instruction (DBG_STOP_ENTRY), otherwise it runs to the first
 * breakpoint.  fn is called at every stop; the final stop (EXITED or KILLED)
 * is returned, not passed to fn.  An uncaught exception prints its traceback
 * and stops post-mortem (DBG_STOP_EXCEPTION) before the program ends. */
DbgStop dbg_run(Dbg *d, bool stop_at_entry, DbgStopFn fn, void *ud);
bool dbg_running(const Dbg *d);
/* Ask the running program to stop at its next instruction (signal-safe). */
void dbg_interrupt(Dbg *d);
/* Limits for batch use (the VM's vm_limit_*): after max_steps instructions
 * (0: none) or timeout_s seconds (0: none) the program is abandoned as
 * `pydbg --run` abandons it (output flushed, one line on stderr) and
 * dbg_run returns DBG_STOP_EXITED with status 124. */
void dbg_set_limits(Dbg *d, unsigned long long max_steps, double timeout_s);

/* ---- breakpoints and watchpoints ------------------------------------------
 * LOCATION: LINE, FILE:LINE, FUNCTION, FILE:FUNCTION, CLASS.METHOD, *OFFSET
 * (in the current code object when stopped, else the module),
 * FUNCTION@OFFSET.  A line without code moves to the next line with code
 * (the note says so); a `def` line also stops at every call of that
 * function (at its first line).  Numbers are shared by breakpoints and
 * watchpoints, from 1, never reused. */
typedef enum DbgBpType { DBG_BP_BREAK, DBG_BP_WATCH } DbgBpType;

typedef struct DbgBp {
    int num;
    DbgBpType type;
    bool enabled, temporary;
    char *location;          /* as the user typed it */
    char *file;              /* resolved co_filename (as stored in the code) */
    int line;                /* resolved line, -1 for an instruction breakpoint */
    char *func;              /* qualname it is restricted to, or NULL */
    int32_t offset;          /* instruction breakpoint: byte offset; else -1 */
    bool entry;              /* stops on entering func (its first line event) */
    bool def_line;           /* a line breakpoint on func's `def` line: line events of
                                `line` anywhere in file, and entry into func */
    int firstlineno;         /* entry: func's co_firstlineno (tells same-named functions apart) */
    bool pending;            /* FILE not loaded yet */
    char *cond;              /* condition or NULL */
    void *cond_code;         /* its parsed form (ExprCode), engine-owned */
    const void *seen_code;   /* engine: the code object last matched against, and */
    bool seen_match;         /* whether it is this breakpoint's (file, function) */
    long ignore;             /* hits still to ignore */
    long hits;
    char **commands; size_t ncommands;   /* front end's `commands N`, kept here */
    /* watchpoints */
    char *expr;
    void *expr_code;         /* its parsed form (ExprCode), engine-owned */
    Frame *scope;            /* frame the expression is evaluated in (a reference), NULL: global */
    Obj *old_value;          /* last value seen (a reference), NULL: unbound / error */
} DbgBp;

/* Add a breakpoint; its number, or -1 with a one-line error in err.
 * note: what the user is told ("Breakpoint 1 at fib.py:12"), filled on success. */
int dbg_break_add(Dbg *d, const char *location, const char *cond, bool temporary,
                  SBuf *note, SBuf *err);
/* Add a watchpoint on expr, evaluated in frame (NULL: the module); -1 with err. */
int dbg_watch_add(Dbg *d, const char *expr, Frame *frame, SBuf *note, SBuf *err);
DbgBp *dbg_bp_get(Dbg *d, int num);
/* All breakpoints in number order: *n set; the array is the engine's. */
DbgBp **dbg_bp_list(Dbg *d, size_t *n);
int dbg_bp_delete(Dbg *d, int num);        /* 0, or -1 when no such breakpoint */
void dbg_bp_delete_all(Dbg *d);
int dbg_bp_enable(Dbg *d, int num, bool on);
/* New condition (NULL or "" removes it); -1 when it does not parse (err). */
int dbg_bp_condition(Dbg *d, int num, const char *cond, SBuf *err);
int dbg_bp_ignore(Dbg *d, int num, long count);
/* Would breakpoint bp (enabled or not) stop at instruction i of co?  (The
 * static part of the rule; `disassemble` and the TUI mark with it.) */
bool dbg_bp_at(const DbgBp *bp, CodeRtObj *co, int32_t i);
/* Resolve LOCATION to (code, instruction index) without adding anything:
 * for `list FUNCTION`, `until`, `advance`.  0 or -1 with err. */
int dbg_locate(Dbg *d, const char *location, char **file, int *line, SBuf *err);

/* ---- inspection helpers ------------------------------------------------------ */
/* The frame n levels above f (0: f itself), following f_back; NULL past the outermost. */
Frame *dbg_frame_up(Frame *f, int n);
/* Number of frames from f to the outermost. */
int dbg_frame_depth(Frame *f);
/* UTF-8 of a str object (names, file names); "" when not a str. */
const char *dbg_cstr(Obj *s);
/* The current stop (kind DBG_STOP_EXITED with frame NULL when not running). */
const DbgStop *dbg_current_stop(const Dbg *d);

#endif

/* dbgint.h — what the engine's files share (not for front ends).
 *
 * engine.c runs the program and decides where to stop; breakpoints.c keeps
 * the breakpoint table, resolves LOCATIONs against the code objects of the
 * program (statically, before they run) and marks each runtime code
 * object's breakpoint bytes so the VM traps only there.
 */
#ifndef PYDBG_DBGINT_H
#define PYDBG_DBGINT_H

#include <signal.h>

#include "pydbg/dbg.h"

/* A static code object the resolver knows: the main file's and every
 * module file seen so far. */
typedef struct KnownCode {
    const CodeObj *co;
    const char *file;        /* co_filename */
    const char *name, *qualname;
    int firstlineno;
    bool is_module;
    int32_t *lines;          /* lines with a line-event point, ascending, unique */
    size_t nlines;
    int first_body_line;     /* line of the first event point (-1 none) */
} KnownCode;

struct Dbg {
    const PycFile *pf;
    int argc;
    char **argv;
    char *dir;               /* directory of the program */
    Arena arena;             /* KnownCode storage */

    /* breakpoints */
    DbgBp **bps;
    size_t nbps, capbps;
    int next_num;

    /* resolver: static code objects by file */
    KnownCode *known;
    size_t nknown, capknown;
    PycFile **extra_pycs;    /* module files loaded only to resolve locations */
    size_t nextra;

    /* every runtime code object created in this run (references) */
    CodeRtObj **codes;
    size_t ncodes, capcodes;

    /* the run */
    bool running;
    DbgStopFn fn;
    void *ud;
    DbgStop stop;            /* current stop */
    bool in_stop;            /* the front end is inspecting: the VM runs for it */
    volatile sig_atomic_t interrupt;
    bool builtin_break;      /* breakpoint() was called: stop at the next instruction */
    bool stop_at_entry;
    bool killed;

    /* resume state */
    DbgResumeKind mode;
    long count;
    Frame *target;           /* a reference while stepping over / finishing */
    int target_depth;
    int start_line;
    bool finish_returned;
    Obj *finish_value;       /* reference */
    DbgBp *advance;          /* temporary location of until/advance (not in the table) */
    int last_bp;             /* the breakpoint that caused the current stop, 0 */

    /* watchpoints: where the last instruction ran */
    CodeRtObj *last_code;    /* reference */
    int32_t last_index;

    /* limits */
    unsigned long long max_steps;
    double timeout;
};

/* breakpoints.c */
/* Register a runtime code object (vm_code_hook) and mark its bytes. */
void dbg_code_created(Dbg *d, CodeRtObj *co);
/* Re-mark every runtime code object (after the table changed). */
void dbg_bps_changed(Dbg *d);
/* Release the runtime code objects of a finished run. */
void dbg_codes_release(Dbg *d);
/* Does breakpoint bp stop at instruction i of frame f?  is_line/line: the
 * line event there, if any. */
bool dbg_bp_hits(const DbgBp *bp, Frame *f, int32_t prev, int32_t i, bool is_line, int line);
/* A breakpoint record for location (not added to the table): for
 * until/advance.  NULL with err. */
DbgBp *dbg_bp_resolve(Dbg *d, const char *location, SBuf *note, SBuf *err);
void dbg_bp_free(DbgBp *bp);
/* Is there any enabled watchpoint? */
bool dbg_has_watch(const Dbg *d);
bool dbg_has_breaks(const Dbg *d);

#endif

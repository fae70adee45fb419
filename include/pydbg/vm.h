/* vm.h — the interpreter: state, exceptions, runtime code objects, frames,
 * the eval loop's entry points, and what the debugger may look at.
 *
 * One interpreter per process (the global `vm`).  The VM runs one CPython
 * version's bytecode at a time (vm->ver); everything version-specific is
 * resolved when a code object is prepared (code.c: decode + lower), so the
 * eval loop never asks which version runs.
 *
 * The value stack a user sees is exactly CPython's for that version (NULL
 * slots, self slots, exception entries): frames keep CPython's layout
 * localsplus[nlocalsplus] followed by the stack.
 */
#ifndef PYDBG_VM_H
#define PYDBG_VM_H

#include "pydbg/decode.h"
#include "pydbg/exctable.h"
#include "pydbg/linetable.h"
#include "pydbg/types.h"

/* ---- exceptions (exc.c, errors.c) ------------------------------------------
 * The pending exception is always a normalised exception instance. */
typedef struct ExcObj {
    Obj base;
    Obj *dict;
    Obj *args;           /* tuple */
    Obj *notes;          /* __notes__ list or NULL */
    Obj *traceback;      /* TracebackObj or NULL */
    Obj *context, *cause;
    bool suppress_context;
    /* subclass fields follow in the subclasses' own structs */
} ExcObj;

/* Layouts of the builtin exception subclasses that carry fields (exc.c). */
typedef struct StopIterationObj { ExcObj e; Obj *value; } StopIterationObj;
typedef struct SystemExitObj { ExcObj e; Obj *code; } SystemExitObj;
typedef struct ImportErrorObj { ExcObj e; Obj *msg, *name, *path, *name_from; } ImportErrorObj;
typedef struct OSErrorObj {
    ExcObj e;
    Obj *myerrno, *strerror, *filename, *filename2;
    Ssize written;                  /* BlockingIOError.characters_written, -1: unset */
} OSErrorObj;
typedef struct SyntaxErrorObj {
    ExcObj e;
    Obj *msg, *filename, *lineno, *offset, *text, *end_lineno, *end_offset, *print_file_and_line;
} SyntaxErrorObj;
typedef struct UnicodeErrorObj { ExcObj e; Obj *encoding, *object, *start, *end, *reason; } UnicodeErrorObj;
typedef struct AttributeErrorObj { ExcObj e; Obj *obj, *name; } AttributeErrorObj;
typedef struct NameErrorObj { ExcObj e; Obj *name; } NameErrorObj;
typedef struct ExceptionGroupObj { ExcObj e; Obj *msg, *excs; } ExceptionGroupObj;

/* Builtin exception types (exc.c).  X-macro list in src/obj/exc_types.def. */
#define EXC(name, base) extern TypeObj exc_##name;
#include "../../src/obj/exc_types.def"
#undef EXC

/* Raise type(msg) where msg is formatted as str_from_fmt formats. */
void vm_err_format(TypeObj *type, const char *fmt, ...);
void vm_err_set_str(TypeObj *type, const char *msg);
void vm_err_set_obj(TypeObj *type, Obj *value);   /* type(value); value may be an instance */
void vm_err_no_memory(void);
bool vm_err_occurred(void);
bool vm_err_matches(TypeObj *type);               /* pending exception is an instance of type */
Obj *vm_err_fetch(void);                          /* new ref to the pending exception, cleared */
void vm_err_restore(Obj *exc);                    /* steals; NULL clears */
void vm_err_clear(void);
/* Python-level `raise exc`: exc a type or instance, sets __context__ rules. */
int vm_err_raise(Obj *exc, Obj *cause);
/* Report an exception that cannot propagate (__del__, gc callbacks) as
 * CPython does: "Exception ignored in: <repr of obj>" then the traceback,
 * on stderr; clears it. */
void vm_err_write_unraisable(const char *msg, Obj *obj);
/* KeyError(key): the key is wrapped in a tuple so tuples stay one argument. */
void vm_err_set_key(Obj *key);

/* ---- runtime code objects (code.c) ---------------------------------------- */
typedef struct VmInsn {
    uint16_t op;         /* OpId of the lowered instruction */
    uint16_t flags;      /* lowering flags (e.g. push NULL) */
    int32_t arg;         /* lowered, version-neutral argument */
    int32_t target;      /* index of the jump target instruction, -1 */
    uint32_t offset;     /* byte offset in co_code (CPython's f_lasti * 2) */
    int32_t line;        /* start line or -1 */
} VmInsn;

/* VmInsn.flags, set by the lowering (code.c); the eval loop reads only these,
 * never a version's oparg bit layout. */
#define VMF_PUSH_NULL  0x0001   /* LOAD_GLOBAL: also push NULL below the value */
#define VMF_METHOD     0x0002   /* LOAD_ATTR / LOAD_SUPER_ATTR: method form,
                                   push (meth, self) or (NULL, attr) */
#define VMF_SUPER_2ARG 0x0004   /* LOAD_SUPER_ATTR: written `super(cls, obj)` */
#define VMF_TO_BOOL    0x0008   /* COMPARE_OP: result converted to bool (3.13+) */

/* An exception-table entry in instruction indexes (end exclusive). */
typedef struct VmHandler {
    int32_t start, end, target;
    int32_t depth;           /* value-stack depth to unwind to */
    uint8_t lasti;           /* push the raising instruction's offset first */
} VmHandler;

typedef struct CodeRtObj {
    Obj base;
    const CodeObj *src;      /* the loaded code object (owned by its PycFile) */
    PyVer ver;
    Obj *consts, *names;     /* tuples of runtime objects */
    Obj *localsplusnames;    /* tuple of str */
    uint8_t *localspluskinds;
    Obj *filename, *name, *qualname;
    int nlocalsplus, nlocals, ncells, nfrees, argcount, posonlyargcount, kwonlyargcount;
    int stacksize, flags, firstlineno;
    int32_t first_traceable; /* first instruction after the MAKE_CELL/COPY_FREE_VARS prefix */
    InsnArray insns;         /* decoded, one per dis row */
    VmInsn *code;            /* lowered, same indexes as insns */
    LineTable lines;
    ExcEntry *exc; uint32_t nexc;
    uint8_t *breakpoints;    /* debugger: one flag per instruction, NULL when none */
    GlobalCache *gcache;     /* LOAD_GLOBAL caches, one per instruction (calloc on first use) */
    struct LinevTable *linev;   /* linev.c's line-event table, built on first use (malloc) */
    Arena arena;             /* decode/line-table storage */
    VmHandler *handlers;     /* exc in instruction indexes, same order */
    Obj *weakreflist;
} CodeRtObj;

extern TypeObj code_type;
/* Runtime code object for a loaded one (constants converted, nested code
 * objects prepared recursively, bytecode decoded and lowered, verified). */
Obj *code_from_pyc(const CodeObj *co);
/* The same, reporting a code object pydbg refuses (unknown version, bad
 * oparg, jump, exception table or stack use) through d as
 * "code object 'f': RULE at offset N" instead of raising. */
Obj *code_load(const CodeObj *co, Diag *d);
/* Decode, lower and verify without creating any object (tests, tools);
 * 0, or -1 with d set as code_load sets it. */
int code_verify(const CodeObj *co, Diag *d);
/* Byte offset → instruction index (-1 when no instruction starts there). */
int32_t code_index_at(const CodeRtObj *co, uint32_t offset);

/* ---- frames (frame.c) ------------------------------------------------------ */
typedef struct Frame {
    Obj base;                /* frame objects are Python objects (tracebacks, sys._getframe) */
    struct Frame *back;
    CodeRtObj *code;
    Obj *func;               /* FuncObj or NULL (module / class body) */
    Obj *globals, *builtins, *locals;   /* locals: NULL for optimized frames */
    int32_t ip;              /* index of the NEXT instruction to execute */
    int32_t lasti;           /* index of the instruction executing / last executed */
    int32_t line;            /* last line event line (tracing) */
    Obj **sp;                /* top of the value stack (one past the last item) */
    Obj *gen;                /* owning generator or NULL */
    bool executing;
    uint8_t state;           /* FRAME_* */
    bool back_owned;         /* `back` is a reference (kept after this frame exited) */
    Obj *trace;              /* f_trace (unused by the VM; settable) */
    bool inline_call;        /* the instruction at lasti pushed a Python frame inline
                                (debugger line-event rule; cleared by the trap) */
    Obj *localsplus[];       /* nlocalsplus slots, then stacksize stack slots */
} Frame;

/* Frame.state */
enum {
    FRAME_CREATED = 0,       /* not started (or a generator before its first send) */
    FRAME_SUSPENDED,         /* generator frame stopped at YIELD_VALUE */
    FRAME_EXECUTING,
    FRAME_COMPLETED          /* returned or raised out; the value stack is empty */
};

extern TypeObj frame_type;
#define FRAME_STACK_BASE(f) ((f)->localsplus + (f)->code->nlocalsplus)
static inline Ssize frame_stack_depth(const Frame *f) { return f->sp - FRAME_STACK_BASE(f); }

/* New frame for code (frame.c): localsplus NULL, empty stack, state CREATED.
 * globals/builtins/locals/func are borrowed and referenced by the frame
 * (locals and func may be NULL). */
Frame *frame_new(CodeRtObj *code, Obj *globals, Obj *builtins, Obj *locals, Obj *func);
/* Frees the finished frames frame_new keeps for reuse (VM teardown). */
void frame_pool_drain(void);
/* Native code running "inside" frame f (eval() of a source string): f is the
 * innermost frame until vm_frame_leave (0, or -1 with RecursionError). */
int vm_frame_enter(Frame *f);
void vm_frame_leave(Frame *f);
/* Line of the instruction the frame is at (f_lineno); -1 when none. */
int frame_lineno(const Frame *f);
/* f_locals: the locals mapping (module/class frames) or a new dict snapshot
 * of the fast locals and cells (optimized frames), as CPython's
 * PyFrame_GetLocals for 3.12; NULL with exception. */
Obj *frame_get_locals(Frame *f);
/* Release what a finished frame holds on its stack (the frame object and its
 * locals stay for tracebacks). */
void frame_clear_stack(Frame *f);

/* ---- functions (func.c, call.c) ---------------------------------------------- */
/* New function object as MAKE_FUNCTION creates it (qualname from the code). */
Obj *func_new(Obj *code, Obj *globals);
/* A frame for calling a Python function with CPython's argument binding and
 * error messages ("f() missing 1 required positional argument: 'x'" …);
 * NULL with TypeError pending. */
Frame *func_make_frame(Obj *func, Obj *const *args, Ssize nargs, Obj *kwnames);
/* Calls with *args / **kwargs exactly as 3.12's CALL_FUNCTION_EX and
 * DICT_MERGE run them (eval.c; the debugger's expression calls use them
 * too): vm_call_ex takes any iterable callargs and a dict (or mapping)
 * kwargs; vm_merge_kwargs adds mapping update to dict refusing duplicate
 * keys; both raise CPython's messages naming func, as vm_function_str
 * (call.c) names it: "mod.qualname()". */
Obj *vm_call_ex(Obj *func, Obj *callargs, Obj *kwargs);
int vm_merge_kwargs(Obj *dict, Obj *update, Obj *func);
Obj *vm_function_str(Obj *callable);
/* What `*x` accepts: an iterator protocol or the old sequence protocol. */
static inline bool vm_is_iterable_or_seq(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    return t->iter || (t->as_sequence && t->as_sequence->item && !DICT_CHECK(o));
}
/* builtins.__build_class__(func, name, *bases, metaclass=…, **kwds). */
Obj *vm_build_class(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames);
extern const MethodDef vm_build_class_def;

/* ---- generators, coroutines, async generators (gen.c) ------------------------ */
/* An exception-state slot (what PUSH_EXC_INFO / POP_EXCEPT save and restore):
 * one for the main program and one per running generator, linked while the
 * generator runs.  vm->handled is always the innermost non-NULL value. */
typedef struct ExcSlot { Obj *value; struct ExcSlot *prev; } ExcSlot;

typedef struct GenObj {
    Obj base;
    Frame *frame;            /* a reference; state FRAME_COMPLETED when finished */
    Obj *name, *qualname;
    ExcSlot exc_state;       /* the generator's own handled exception */
    Obj *weakreflist;
    Obj *finalizer;          /* async generators: sys.set_asyncgen_hooks finalizer */
    Obj *origin;
    bool running_async;      /* async generators: an asend/athrow is in progress */
    bool hooks_inited;
    bool closed;             /* aclose() finished (async generators) */
} GenObj;

/* The generator, coroutine or async generator for frame f (RETURN_GENERATOR). */
Obj *gen_new(Frame *f, Obj *func);
/* Resume gen with value sent in (or exc thrown in when exc != NULL):
 * GEN_YIELD / GEN_RETURN with *out a new reference, or GEN_ERROR. */
enum { GEN_ERROR = -1, GEN_RETURN = 0, GEN_YIELD = 1 };
int gen_send_ex(Obj *gen, Obj *value, Obj *exc, Obj **out);
bool gen_check(Obj *o);      /* generator or coroutine (the types SEND drives directly) */
/* The innermost exception being handled (sys.exception()); BORROWED, NULL when none. */
Obj *vm_exc_info(void);
/* Exception-state slots (eval.c): the current one, and the helpers gen.c uses
 * to link a generator's slot while it runs. */
extern ExcSlot *vm_exc_slot;
void vm_exc_slot_changed(void);
/* StopIteration(value) pending (value may be NULL for a bare StopIteration). */
void gen_set_stop_iteration(Obj *value);
/* The value of a pending StopIteration (None when it has none) as a new
 * reference, clearing it; NULL when another exception is pending. */
Obj *gen_fetch_stop_iteration_value(void);

/* ---- imports (import.c) ----------------------------------------------------------- */
/* __import__(name, globals, locals, fromlist, level) as IMPORT_NAME performs it. */
Obj *import_name(Obj *name, Obj *globals, Obj *fromlist, int level);
/* from module import name (IMPORT_FROM). */
Obj *import_from(Obj *module, Obj *name);
/* Register a native module: init(…) returns a new module object. */
typedef Obj *(*NativeModuleInit)(void);
void import_register_native(const char *name, NativeModuleInit init);
/* `from module import *` into the locals mapping. */
int import_star(Obj *module, Obj *locals);
/* Load and execute FILE.pyc as module `name` (sys.modules[name] set first). */
Obj *import_exec_pyc(Obj *name, const char *path, Obj *package_path);

/* ---- the interpreter ---------------------------------------------------------- */
typedef struct Vm {
    PyVer ver;
    Obj *builtins;           /* dict of the builtins module */
    Obj *builtins_module;
    Obj *sys;                /* the sys module */
    Obj *modules;            /* sys.modules (dict) */
    Obj *main_dir;           /* directory of the program, for imports */
    Obj *exc;                /* pending exception or NULL */
    Obj *handled;            /* exception being handled (sys.exc_info) or NULL */
    Frame *frame;            /* innermost executing frame */
    int depth, recursion_limit;
    int argc; char **argv;
    volatile int interrupt;  /* SIGINT arrived: raise KeyboardInterrupt at the next check */
    volatile int trap;       /* debugger hook: VM_TRAP_*, checked once per instruction */
    bool killing;            /* debugger `kill`: unwind everything, run no handler */
    bool finalizing;         /* the modules are being finalised: imports fail (run.c) */
    uint64_t hash_k0, hash_k1;   /* SipHash key (PYTHONHASHSEED) */
    uint64_t nsteps;         /* instructions executed before the limits were last
                                armed (vm_steps() counts them all) */
    int c_depth;             /* C-level recursion (repr, str, comparisons, eval entries) */
    /* Batch limits (vm_limit_*, run.c).  Before every instruction the eval
     * loop counts steps_left down and stops when it goes below zero (one
     * decrement and a sign test: the cheapest exact budget).  INT64_MAX when
     * unlimited; the --timeout timer sets it to 0. */
    volatile int64_t steps_left;
    int64_t steps_armed;     /* steps_left as armed (vm_steps) */
    int64_t steps_parked;    /* steps_left when the timer fired */
    uint64_t max_steps;      /* --max-steps N as armed (0: none) */
    double timeout;          /* --timeout S as armed (0: none) */
    volatile int limit_hit;  /* VM_LIMIT_*: the limit that stopped the program */
} Vm;

extern Vm *vm;

/* 3.12 counts C-level recursion apart from Python frames: repr/str of nested
 * containers, comparisons, and each entry into the eval loop from C share
 * one counter limited to VM_C_RECURSION_LIMIT.  vm_enter_c returns -1 with
 * RecursionError("maximum recursion depth exceeded" + where) when exceeded;
 * every successful enter is paired with vm_leave_c. */
#define VM_C_RECURSION_LIMIT 1500
int vm_enter_c(const char *where);
/* True when the C stack is nearly used up (eval.c measures it against
 * RLIMIT_STACK).  Native code that recurses on the program's data where
 * CPython counts nothing (hashing nested tuples, deepcopy, pprint …)
 * checks it and raises RecursionError("maximum recursion depth exceeded")
 * instead of overflowing: what CPython manages still works, deeper fails
 * cleanly. */
bool vm_c_stack_low(void);
/* The guard's bounds — the stack's start and how much of it may be used —
 * read and replaced by the threading module when it switches C stacks. */
void vm_c_stack_get(uintptr_t *base, uintptr_t *limit);
void vm_c_stack_set(uintptr_t base, uintptr_t limit);
/* threading (mod_threading.c): run the threads still running before the
 * interpreter finishes (threading._shutdown), and time.sleep's way to let
 * them run (1: slept, 0: not handled, -1: exception).  NULL when unused. */
extern void (*vm_threads_shutdown_hook)(void);
extern int (*vm_sleep_hook)(double secs);
static inline void vm_leave_c(void) { vm->c_depth--; }

/* Create the interpreter for version ver (builtins, sys, modules). */
int vm_init(PyVer ver, int argc, char **argv, const char *program_path);
/* After a run has ended (vm_main_end or vm_main_abandon): release
 * everything it left — modules, sys, builtins, the native modules' cached
 * classes and constants, the last exception's frames — running no Python
 * code (teardown.c).  The next vm_main_begin starts from a fresh state, as
 * a new python3.12 process does.  vm_fini does it and also frees the
 * imported .pyc files, at the end of the process. */
void vm_teardown(void);
void vm_fini(void);
/* Register static slots of native code that hold references (classes and
 * constants a module builds once and reuses): vm_teardown clears them
 * (latest registered first), so the next use builds them again.  Register
 * each slot once (again is harmless), before it is filled or when. */
void vm_static_roots(Obj **slots, size_t n);
/* Run a module code object as __main__; returns the process exit status and
 * prints an uncaught exception's traceback exactly as CPython does. */
int vm_run_main(const PycFile *f);
/* vm_run_main in phases, for the debugger: begin (interpreter, code object
 * checked, __main__ made; 0 or the status after printing why not), exec
 * (NULL when the module ran to its end, else the uncaught exception, a new
 * reference, no longer pending), report (print it as CPython does: its
 * status; -SIGINT for KeyboardInterrupt), end (atexit, flush, finalise:
 * the final status).  abandon instead of end after a `kill`. */
typedef struct VmMain { Obj *code, *module; } VmMain;
int vm_main_begin(VmMain *m, const PycFile *pf);
Obj *vm_main_exec(VmMain *m);
int vm_main_report(Obj *exc);
int vm_main_end(VmMain *m, int status);
void vm_main_abandon(VmMain *m);

/* Limits for batch runs (auto-graders): `--max-steps N`, `--timeout S`.
 *
 * vm_limit_set arms them from now on: at most max_steps more instructions
 * (0: unlimited), at most timeout seconds of wall time (0: none; an interval
 * timer whose SIGALRM also ends a sleep or a read of stdin).  When one is
 * reached the eval loop raises, before the next instruction, an exception
 * the program cannot catch: vm->killing is set, so no handler (except,
 * finally, with) runs and every frame unwinds; the limit stays hit, so any
 * Python code run afterwards (a __del__, a generator's close) stops at its
 * first instruction, silently.  The run is then abandoned (vm_main_abandon
 * flushes the output so far) and reported with vm_limit_report;
 * vm_run_main does all of it and returns VM_LIMIT_STATUS, as timeout(1).
 * The instruction count is exact: "after N instructions" means N executed,
 * counted as CPython 3.12's sys.monitoring sees them: every instruction
 * from a code object's first RESUME on (RESUME included), not the prefix
 * before it (MAKE_CELL, COPY_FREE_VARS, RETURN_GENERATOR and the POP_TOP
 * after it), so a program that python3.12 runs in N instructions completes with
 * --max-steps N (tests/limits.test checks it against counts recorded from
 * python3.12).  The debugger engine can call vm_limit_check between
 * commands. */
enum { VM_LIMIT_NONE = 0, VM_LIMIT_STEPS, VM_LIMIT_TIME };
#define VM_LIMIT_STATUS 124
void vm_limit_set(uint64_t max_steps, double timeout);
/* Disarm and forget: timer off, no limit hit, vm->killing cleared. */
void vm_limit_clear(void);
/* 0 while no limit was hit; else -1 with the stop exception raised. */
int vm_limit_check(void);
/* Which limit stopped the program: VM_LIMIT_*, VM_LIMIT_NONE while none. */
int vm_limit_hit(void);
/* Instructions executed since the VM started. */
uint64_t vm_steps(void);

/* Memory ran out where no MemoryError can be raised (pydbg's own buffers:
 * xmalloc and friends; GMP outside the guarded arithmetic): the program's
 * output so far is flushed, `pydbg: FILE: out of memory (allocating N
 * bytes)` printed, and the process exits with status 1, as for an uncaught
 * MemoryError.  vm_main_begin installs it as diag_oom_hook. */
PYDBG_NORETURN void vm_out_of_memory(size_t n);

/* The last line of defence of the C stack, for a front end about to run a
 * program (vm_run_main calls it): a SIGSEGV at an address just below the
 * stack's limit — native code recursing where nothing checked
 * vm_c_stack_low — is caught on an alternate stack; the streams' pending
 * bytes are written, `pydbg: PATH: stopped: the C stack is exhausted (a
 * native operation nested too deeply)` printed, and the process exits with
 * status 1.  Any other SIGSEGV goes to the action installed before. */
void vm_guard_c_stack(const char *path);
/* An async-signal-safe function the C-stack handler calls before writing
 * (the TUI's: the terminal restored first); NULL for none. */
void vm_guard_c_stack_cleanup(void (*fn)(void));
/* `pydbg: PATH: stopped after N instructions (--max-steps N)` or
 * `pydbg: PATH: stopped after S seconds (--timeout S)` on stderr. */
void vm_limit_report(const char *path);
/* Evaluate a frame until it returns (or yields); NULL with exception. */
Obj *vm_eval(Frame *f, Obj *throwflag_exc);
/* Call a Python function object (argument binding as CPython). */
Obj *func_call(Obj *func, Obj *const *args, Ssize nargs, Obj *kwnames);

/* Debugger hooks (the engine in src/dbg installs them).
 *
 * vm->trap: VM_TRAP_OFF costs one branch per instruction; with
 * VM_TRAP_BREAKPOINTS vm_trap_hook runs only at instructions whose
 * code->breakpoints byte is non-zero; with VM_TRAP_ALL before every
 * instruction.  The hook runs before instruction f->lasti (== f->ip) with
 * `prev` the instruction the frame executed before it (-1: none yet; after
 * a call or an exception, the CALL or the raising instruction), and
 * f->inline_call telling whether `prev` pushed a Python frame inline.  It
 * returns 0 to go on, or -1 with an exception set (which then propagates
 * from that instruction). */
enum { VM_TRAP_OFF = 0, VM_TRAP_BREAKPOINTS = 1, VM_TRAP_ALL = 2 };
extern int (*vm_trap_hook)(Frame *f, int32_t prev);
/* With vm->trap set: frame f is about to return retval (borrowed) to its
 * caller (not called for yields or exceptions). */
extern void (*vm_return_hook)(Frame *f, Obj *retval);
/* breakpoint() (sys.breakpointhook): the debugger stops at the next
 * instruction; NULL without a debugger (breakpoint() then does nothing). */
extern void (*vm_breakpoint_hook)(void);
/* Every runtime code object, once prepared (code_from_pyc): lets the engine
 * set its breakpoint bytes.  The hook must not fail. */
extern void (*vm_code_hook)(CodeRtObj *co);

/* Print `Traceback (most recent call last):` … for exc to stderr exactly as
 * CPython of vm->ver does (source lines and carets when the source exists),
 * with chained causes/contexts. */
void traceback_print_exception(Obj *exc);

/* ---- tracebacks and the native modules (src/vm/traceback.c, src/native/) ----
 * Start-up order: builtins_init, sys_init, io_init; at exit io_flush_std
 * (after the main module ran and again after modules are cleared), as
 * CPython's finalisation flushes sys.stdout then sys.stderr. */
typedef struct TracebackObj {
    Obj base;
    Obj *next;               /* tb_next: TracebackObj or NULL */
    Frame *frame;            /* tb_frame (a reference) */
    int32_t lasti;           /* instruction index in frame->code */
    int32_t lineno;          /* tb_lineno, -1 when the instruction has none */
} TracebackObj;
/* The eval loop, as an exception leaves or passes through frame f: a new
 * traceback entry for f's current instruction (f->lasti) whose tb_next is tb
 * (borrowed, may be NULL).  NULL with MemoryError pending. */
Obj *traceback_add(Obj *tb, Frame *f);
/* Like traceback_print_exception but onto an explicit file object (a
 * sys.stderr-like object with write()); NULL file: sys.stderr. */
void traceback_print_exception_to(Obj *exc, Obj *file);
/* An uncaught exception as PyErr_Print handles it: sys.last_exc/last_type/
 * last_value/last_traceback set, then sys.excepthook(type, value, tb) — the
 * builtin hook prints the traceback; a replacement is called, and if it
 * fails "Error in sys.excepthook:" with both tracebacks is printed.  The
 * caller flushes first with io_flush_io(), as CPython does after running
 * the main module.  (traceback_print_exception stays the plain printer,
 * e.g. for "Exception ignored in" reports.) */
void traceback_print_uncaught(Obj *exc);
/* The traceback and message 3.12's default unraisablehook prints. */
void traceback_print_unraisable(Obj *exc);
/* One traceback entry's source part: `margin`, 4 spaces and the line from
 * its first non-blank character, then (when 3.12 shows one) the caret line
 * for the instruction's position pos.  line: the source line's UTF-8, no
 * line end.  (Also what the debugger shows for the current instruction.) */
void traceback_format_source(SBuf *out, const char *margin, const char *line, size_t len,
                             SrcPos pos);
/* The text of FILENAME for tracebacks when that file cannot be read: the
 * source of a standard-library module pydbg implements natively, whose
 * frames it shows as CPython does (src/native/tbframe.c); copied. */
void traceback_register_source(const char *filename, const char *text, size_t len);
/* The traceback module (mod_traceback.c) formats with the same printer:
 * traceback_format_chunks returns the list of str pieces
 * traceback.format_exception (only: format_exception_only) yields for exc,
 * with its limit (has_limit false: None) and chain arguments; tb, when not
 * NULL, stands for exc's own __traceback__.  traceback_source_line appends
 * line `lineno` of a program's source file (no line end) and says whether
 * it exists; traceback_format_frame_source shows a FrameSummary's line and
 * carets (stripped at both ends as FrameSummary.line is). */
typedef struct TbFormatOpts { bool has_limit, chain, only; Ssize limit; Obj *tb; } TbFormatOpts;
Obj *traceback_format_chunks(Obj *exc, const TbFormatOpts *o);
bool traceback_source_line(Obj *filename, int32_t lineno, SBuf *out);
void traceback_format_frame_source(SBuf *out, const char *line, size_t len, SrcPos pos);

/* builtins.c: the builtins module; sets vm->builtins_module and vm->builtins. */
int builtins_init(void);
/* sys.c: the sys module (argv = argv[0..argc), path[0] = the program's
 * directory); sets vm->sys and vm->modules (holding sys and builtins). */
int sys_init(int argc, char **argv, const char *program_path);
/* sys.c: an uncaught SystemExit as CPython handles it: the exit status for
 * exc.code (None → 0, int → its value, anything else printed to sys.stderr
 * with status 1). */
int sys_exit_status(Obj *exc);
/* sys.c: sys.NAME (BORROWED), NULL when missing (no exception). */
Obj *sys_get_borrow(const char *name);
/* sys.c: types.SimpleNamespace (sys.implementation is one); for the types
 * module to export. */
extern TypeObj simplenamespace_type;
/* io.c: sys.stdin/stdout/stderr and sys.__stdin__… over fds 0, 1 and 2. */
int io_init(void);
/* io.c: flush sys.stdout, then sys.stderr; 0, or -1 when flushing stdout
 * failed (CPython then exits with status 120). */
int io_flush_std(void);
/* io.c: from a signal handler, when the process must end now: write(2) the
 * bytes sys.__stdout__ and sys.__stderr__ still hold, raw (no allocation,
 * no Python code; best effort). */
void io_emergency_flush(void);
/* io.c: CPython's flush_io() after the main module ran (before its
 * exception or SystemExit is reported): sys.stderr, then sys.stdout;
 * errors ignored. */
void io_flush_io(void);
/* io.c: open(file, mode, ...) as the builtin does. */
Obj *io_open(Obj *const *args, Ssize nargs, Obj *kwnames);
/* io.c: write a str to a file object (file.write(s)); -1 with exception. */
int io_write_str(Obj *file, Obj *s);
int io_write_cstr(Obj *file, const char *s);
/* Write UTF-8 text; file NULL: straight to fd 2 (no sys.stderr yet). */
int io_write_utf8(Obj *file, const char *s, size_t n);
/* io.c: input([prompt]) — the prompt to sys.stdout (flushed), a line from
 * sys.stdin without its '\n'; EOFError "EOF when reading a line". */
Obj *io_input(Obj *prompt);
/* io.c: when set, what the program reads from fd 0 through its file
 * objects (sys.stdin: input(), readline(), read()) comes from this function
 * instead of read(2) — the TUI (src/tui) owns the terminal and reads such
 * lines in its own command line.  Same contract as read(2): bytes stored
 * (at most n), 0 at end of file, -1 with errno set (EINTR with
 * vm->interrupt set raises KeyboardInterrupt). */
extern Ssize (*io_stdin_hook)(void *buf, size_t n);

/* ---- standard-library modules (src/native/mod_*.c) ----------------------------
 * Each registers its module(s) with import_register_native; vm_init calls them. */
void native_collections_register(void);   /* collections, _collections */
void native_os_register(void);            /* os, os.path (posixpath) */
void native_json_register(void);          /* json, json.decoder, json.encoder */
void native_re_register(void);            /* re (PCRE2) */
void native_dataclasses_register(void);   /* dataclasses */
void native_enum_register(void);          /* enum */

/* Standard modules (src/native/mod_*.c): each registers its module(s) with
 * import_register_native; vm_init calls them. */
void native_math_register(void);
void native_random_register(void);
void native_time_register(void);
void native_itertools_register(void);
void native_functools_register(void);
void native_operator_register(void);
void native_heapq_register(void);
void native_bisect_register(void);
void native_string_register(void);
void native_copy_register(void);
void native_types_register(void);
void native_future_register(void);
void native_keyword_register(void);
void native_abc_register(void);
void native_warnings_register(void);
void native_atexit_register(void);
void native_weakref_register(void);       /* _weakref, weakref, _weakrefset */
void native_copyreg_register(void);
void native_collections_abc_register(void);   /* collections.abc, _collections_abc */
void native_pprint_register(void);   /* pprint */
void native_statistics_register(void);   /* statistics */
void native_fractions_register(void);   /* fractions */
void native_textwrap_register(void);   /* textwrap */
void native_typing_register(void);   /* typing */
void native_contextlib_register(void);   /* contextlib */
void native_queue_register(void);   /* queue, _queue */
void native_errno_register(void);   /* errno */
void native_numbers_register(void);   /* numbers */
void native_graphlib_register(void);   /* graphlib */
void native_reprlib_register(void);   /* reprlib */
void native_datetime_register(void);   /* datetime */
void native_calendar_register(void);   /* calendar */
void native_zoneinfo_register(void);   /* zoneinfo */
void native_decimal_register(void);   /* decimal */
void native_struct_register(void);   /* struct, _struct */
void native_binascii_register(void);   /* binascii */
void native_base64_register(void);   /* base64 */
void native_hashlib_register(void);   /* hashlib (OpenSSL, libb2) */
void native_hmac_register(void);   /* hmac */
void native_zlib_register(void);   /* zlib */
void native_array_register(void);   /* array */
void native_argparse_register(void);   /* argparse */
void native_logging_register(void);   /* logging */
void native_csv_register(void);   /* csv, _csv */
void native_getopt_register(void);   /* getopt */
void native_fnmatch_register(void);   /* fnmatch */
void native_shlex_register(void);   /* shlex */
void native_unicodedata_register(void);   /* unicodedata */
void native_traceback_register(void);   /* traceback */
void native_asyncio_register(void);   /* asyncio */
void native_threading_register(void);   /* threading */
void native_ast_register(void);   /* ast (literal_eval) */
void native_dis_register(void);   /* dis, opcode */
void native_inspect_register(void);   /* inspect (basics) */
void native_stat_register(void);   /* stat */
void native_pathlib_register(void);   /* pathlib */
void native_glob_register(void);   /* glob */
void native_shutil_register(void);   /* shutil */
void native_tempfile_register(void);   /* tempfile */
void native_filecmp_register(void);   /* filecmp */
void native_linecache_register(void);   /* linecache */
void native_fileinput_register(void);   /* fileinput */
void native_smallmods_register(void);   /* cmath, difflib, html, urllib.parse, uuid, … (smallmods.c) */
void native_unittest_register(void);   /* unittest */
void native_timeit_register(void);   /* timeit */
void native_importlib_register(void);   /* importlib (import_module) */
void native_pickle_register(void);   /* pickle, _pickle */
void native_configparser_register(void);   /* configparser */
void native_tomllib_register(void);   /* tomllib */
void native_optparse_register(void);   /* optparse */
void native_pickletools_register(void);   /* pickletools */
/* mod_warnings.c: warnings.warn(message, category, stacklevel) from native
 * code, with the warnings module's filters and hooks; -1 with an exception
 * (an "error" filter raises the warning). */
int warnings_warn(TypeObj *category, Obj *message, int stacklevel);
/* The same with warnings.warn's source= (the object the warning is about). */
int warnings_warn_source(TypeObj *category, Obj *message, int stacklevel, Obj *source);
/* mod_atexit.c: run the atexit callbacks (last registered first); called by
 * vm_run_main once the main module has finished, before the streams are
 * flushed (Py_FinalizeEx's order). */
void atexit_run_callbacks(void);

#endif

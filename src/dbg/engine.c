/* engine.c — running the program under the debugger and deciding where to stop.
 *
 * The VM calls trap_hook before an instruction when vm->trap says so (see
 * "Debugger hooks" in vm.h): at every instruction while stepping, watching,
 * interrupted or limited, else only where a code object's breakpoint byte
 * is set.  The hook applies, in order: limits, Ctrl-C, watchpoints (the
 * value changed by the instruction that just ran), breakpoints (the
 * run-time line-event rule of linev.c decides whether a line breakpoint's
 * line is *entered* here), then the stepping request.  A stop builds a
 * DbgStop and calls the front end's function, which inspects and returns
 * the next request; while it runs, the hook ignores the VM (evaluating an
 * expression may run Python code).
 *
 * `kill` unwinds: the hook raises, vm->killing makes every frame skip its
 * handlers, and dbg_run abandons the run (no atexit, no finalisation).
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pydbg/expr.h"
#include "pydbg/linev.h"
#include "src/dbg/dbgint.h"

static Dbg *active;   /* the session whose program runs (one VM per process) */

void dbg_know_program(Dbg *d);

Dbg *dbg_new(const PycFile *pf, int argc, char **argv)
{
    Dbg *d = xmalloc(sizeof *d);
    memset(d, 0, sizeof *d);
    d->pf = pf;
    d->argc = argc;
    d->argv = argv;
    arena_init(&d->arena);
    const char *slash = strrchr(pf->path, '/');
    d->dir = slash ? xstrdup(pf->path) : xstrdup(".");
    if (slash)
        d->dir[slash - pf->path == 0 ? 1 : slash - pf->path] = 0;
    d->stop.kind = DBG_STOP_EXITED;
    dbg_know_program(d);
    return d;
}

void dbg_free(Dbg *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nbps; i++)
        dbg_bp_free(d->bps[i]);
    free(d->bps);
    for (size_t i = 0; i < d->nextra; i++)
        pyc_free(d->extra_pycs[i]);
    free(d->extra_pycs);
    free(d->known);
    free(d->codes);
    free(d->dir);
    arena_free(&d->arena);
    free(d);
}

const PycFile *dbg_pyc(const Dbg *d) { return d->pf; }
bool dbg_running(const Dbg *d) { return d->running; }
const DbgStop *dbg_current_stop(const Dbg *d) { return &d->stop; }

void dbg_interrupt(Dbg *d)
{
    d->interrupt = 1;
    if (vm)
        vm->trap = VM_TRAP_ALL;
}

void dbg_set_limits(Dbg *d, unsigned long long max_steps, double timeout_s)
{
    d->max_steps = max_steps;
    d->timeout = timeout_s;
}

Frame *dbg_frame_up(Frame *f, int n)
{
    while (f && n-- > 0)
        f = f->back;
    return f;
}

int dbg_frame_depth(Frame *f)
{
    int n = 0;
    for (; f; f = f->back)
        n++;
    return n;
}

/* ---- trap levels ------------------------------------------------------------------ */

/* How much the VM must trap for the current request. */
static void set_trap(Dbg *d)
{
    if (!vm)
        return;
    if (d->mode != DBG_CONTINUE && d->mode != DBG_ADVANCE)
        vm->trap = VM_TRAP_ALL;
    else if (d->interrupt || d->builtin_break || dbg_has_watch(d))
        vm->trap = VM_TRAP_ALL;
    else if (dbg_has_breaks(d))
        vm->trap = VM_TRAP_BREAKPOINTS;
    else
        vm->trap = VM_TRAP_OFF;
}

static void clear_target(Dbg *d)
{
    if (d->target) {
        DECREF(d->target);
        d->target = NULL;
    }
    CLEAR(d->finish_value);
    d->finish_returned = false;
    if (d->advance) {
        dbg_bp_free(d->advance);
        d->advance = NULL;
        dbg_bps_changed(d);
    }
}

/* Depth (vm->depth units) of frame f, which is on the current chain. */
static int depth_of(Frame *f)
{
    int up = 0;
    for (Frame *g = vm->frame; g && g != f; g = g->back)
        up++;
    return vm->depth - up;
}

static void apply_resume(Dbg *d, const DbgResume *r)
{
    clear_target(d);
    d->mode = r->kind;
    d->count = r->count > 0 ? r->count : 1;
    Frame *f = r->frame ? r->frame : d->stop.frame;
    if (r->kind == DBG_CONTINUE && r->count > 1 && d->last_bp) {
        DbgBp *bp = dbg_bp_get(d, d->last_bp);
        if (bp)
            bp->ignore = r->count - 1;
    }
    if (f && (r->kind == DBG_NEXT || r->kind == DBG_NEXTI || r->kind == DBG_FINISH ||
              r->kind == DBG_UNTIL || r->kind == DBG_ADVANCE)) {
        d->target = (Frame *)INCREF(f);
        d->target_depth = depth_of(f);
        d->start_line = frame_lineno(f);
    }
    if (r->kind == DBG_ADVANCE && r->location) {
        SBuf note = SBUF_INIT, err = SBUF_INIT;
        d->advance = dbg_bp_resolve(d, r->location, &note, &err);
        sbuf_free(&note);
        sbuf_free(&err);
        if (d->advance) {
            d->advance->temporary = true;
            dbg_bps_changed(d);
        }
    }
    set_trap(d);
}

/* ---- stopping ------------------------------------------------------------------------ */

static DbgResume call_front_end(Dbg *d)
{
    d->in_stop = true;
    /* What the program printed so far comes before what the debugger says. */
    io_flush_std();
    vm_err_clear();
    DbgResume r = d->fn(d, &d->stop, d->ud);
    vm_err_clear();
    d->in_stop = false;
    return r;
}

/* Stop at instruction i of f; 0 to go on, -1 to unwind (kill). */
static int stop_here(Dbg *d, Frame *f, int32_t i, DbgStopKind kind, bool is_line, int line)
{
    DbgStop *s = &d->stop;
    DbgStop keep = *s;
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->frame = f;
    s->index = i;
    s->line = is_line ? line : f->code->code[i].line;
    s->at_line_start = is_line;
    s->bpnum = keep.bpnum;
    s->value = keep.value;
    s->old_value = keep.old_value;
    s->writer_code = keep.writer_code;
    s->writer_index = keep.writer_index;
    s->finish_frame = keep.finish_frame;
    s->message = keep.message;
    d->interrupt = 0;
    d->last_bp = kind == DBG_STOP_BREAKPOINT ? s->bpnum : 0;
    DbgResume r = call_front_end(d);
    /* What only this stop meant goes (the caller's references end soon). */
    s->bpnum = 0;
    s->value = s->old_value = NULL;
    s->writer_code = NULL;
    s->finish_frame = NULL;
    s->message = NULL;
    if (r.kind == DBG_KILL) {
        d->killed = true;
        vm->killing = true;
        vm->trap = VM_TRAP_ALL;
        if (!vm_err_occurred())
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
        return -1;
    }
    apply_resume(d, &r);
    return 0;
}

/* Has watchpoint bp's value changed?  Updates its old value; *oldp gets
 * the previous one (a reference) when it changed. */
static bool watch_changed(DbgBp *bp, Obj **oldp)
{
    ExprEnv env = {bp->scope, NULL, NULL};
    if (!bp->scope) {
        /* Global scope: the outermost frame of the run. */
        Frame *g = vm->frame;
        while (g && g->back)
            g = g->back;
        env.frame = g;
    }
    SBuf err = SBUF_INIT;
    Obj *v = expr_run(&env, bp->expr_code, &err);
    sbuf_free(&err);
    vm_err_clear();
    bool changed;
    if (!v || !bp->old_value) {
        changed = (v == NULL) != (bp->old_value == NULL);
    } else if (v == bp->old_value) {
        changed = false;
    } else {
        /* By value, as gdb compares contents: equal reprs are the same value. */
        Obj *a = obj_repr(v), *b = obj_repr(bp->old_value);
        vm_err_clear();
        changed = !a || !b || !(str_eq(a, b));
        XDECREF(a);
        XDECREF(b);
    }
    if (!changed) {
        XDECREF(v);
        return false;
    }
    *oldp = bp->old_value;
    bp->old_value = v;
    return true;
}

static int check_watches(Dbg *d, Frame *f, int32_t i, bool is_line, int line)
{
    for (size_t k = 0; k < d->nbps; k++) {
        DbgBp *bp = d->bps[k];
        if (bp->type != DBG_BP_WATCH || !bp->enabled)
            continue;
        if (bp->scope && bp->scope->state == FRAME_COMPLETED) {
            int num = bp->num;
            d->stop.bpnum = num;
            dbg_bp_delete(d, num);
            return stop_here(d, f, i, DBG_STOP_WATCH_SCOPE, is_line, line) < 0 ? -1 : 1;
        }
        Obj *old = NULL;
        d->in_stop = true;   /* evaluating runs Python code: no traps inside */
        bool changed = watch_changed(bp, &old);
        d->in_stop = false;
        if (!changed)
            continue;
        d->stop.bpnum = bp->num;
        d->stop.value = bp->old_value;
        d->stop.old_value = old;
        d->stop.writer_code = d->last_code;
        d->stop.writer_index = d->last_index;
        bp->hits++;
        int rc = stop_here(d, f, i, DBG_STOP_WATCH, is_line, line);
        XDECREF(old);
        return rc < 0 ? -1 : 1;
    }
    return 0;
}

/* Condition of bp true at f?  Errors stop (gdb does too) with a message. */
static bool condition_true(Dbg *d, DbgBp *bp, Frame *f, SBuf *msg)
{
    if (!bp->cond)
        return true;
    ExprEnv env = {f, NULL, NULL};
    SBuf err = SBUF_INIT;
    d->in_stop = true;
    Obj *v = expr_run(&env, bp->cond_code, &err);
    int t = v ? obj_is_true(v) : -1;
    bool evaluated = v != NULL;
    XDECREF(v);
    vm_err_clear();
    d->in_stop = false;
    if (t < 0) {
        sbuf_printf(msg, "Error in testing condition for breakpoint %d:\n%s", bp->num,
                    evaluated ? "its truth value raised an exception" : sbuf_cstr(&err));
        sbuf_free(&err);
        return true;
    }
    sbuf_free(&err);
    return t == 1;
}

static int check_breakpoints(Dbg *d, Frame *f, int32_t prev, int32_t i, bool is_line, int line)
{
    for (size_t k = 0; k < d->nbps; k++) {
        DbgBp *bp = d->bps[k];
        if (!dbg_bp_hits(bp, f, prev, i, is_line, line))
            continue;
        SBuf msg = SBUF_INIT;
        if (!condition_true(d, bp, f, &msg)) {
            sbuf_free(&msg);
            continue;
        }
        if (bp->ignore > 0) {
            bp->ignore--;
            bp->hits++;
            sbuf_free(&msg);
            continue;
        }
        bp->hits++;
        int num = bp->num;
        d->stop.bpnum = num;
        d->stop.message = msg.len ? sbuf_cstr(&msg) : NULL;
        if (bp->temporary)
            d->stop.bpnum = num;
        bool temp = bp->temporary;
        /* A temporary breakpoint is gone once it stopped the program. */
        if (temp)
            bp->enabled = false;
        int rc = stop_here(d, f, i, DBG_STOP_BREAKPOINT, is_line, line);
        if (temp)
            dbg_bp_delete(d, num);
        sbuf_free(&msg);
        return rc < 0 ? -1 : 1;
    }
    return 0;
}

/* The stepping request: stop here? */
static bool step_done(Dbg *d, Frame *f, int32_t i, bool is_line, int line)
{
    (void)i;
    bool left = d->target && vm->depth < d->target_depth;
    switch (d->mode) {
    case DBG_STEP:
        return is_line && --d->count == 0;
    case DBG_STEPI:
        return --d->count == 0;
    case DBG_NEXT:
        return is_line && (f == d->target || left) && --d->count == 0;
    case DBG_NEXTI:
        return (f == d->target || left) && --d->count == 0;
    case DBG_FINISH:
        return left;
    case DBG_UNTIL:
        return is_line && ((f == d->target && line > d->start_line) || left);
    case DBG_ADVANCE:
        if (d->advance && dbg_bp_hits(d->advance, f, -1, i, is_line, line))
            return true;
        return is_line && left;
    case DBG_CONTINUE:
    case DBG_KILL:
        return false;
    }
    return false;
}

static int trap_hook(Frame *f, int32_t prev)
{
    Dbg *d = active;
    if (!d || d->in_stop)
        return 0;
    if (vm->killing) {
        if (!vm_err_occurred())
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
        return -1;
    }
    int32_t i = f->lasti;
    int line = -1;
    bool is_line = linev_line_event(f, prev, i, &line);
    int rc = 0;

    if (d->interrupt) {
        rc = stop_here(d, f, i, DBG_STOP_INTERRUPT, is_line, line);
        goto done;
    }
    if (d->builtin_break) {
        /* breakpoint() returned: stop right after its call. */
        d->builtin_break = false;
        d->stop.message = "breakpoint() called";
        rc = stop_here(d, f, i, DBG_STOP_BREAKPOINT, is_line, line);
        goto done;
    }
    if (d->mode == DBG_STEP && prev < 0 && d->stop_at_entry) {
        /* The very first instruction of the run. */
        d->stop_at_entry = false;
        rc = stop_here(d, f, i, DBG_STOP_ENTRY, is_line, line);
        goto done;
    }
    bool watching = dbg_has_watch(d);
    if (watching) {
        int w = check_watches(d, f, i, is_line, line);
        if (w) {
            rc = w < 0 ? -1 : 0;
            goto done;
        }
    }
    if (f->code->breakpoints && f->code->breakpoints[i]) {
        int b = check_breakpoints(d, f, prev, i, is_line, line);
        if (b) {
            rc = b < 0 ? -1 : 0;
            goto done;
        }
    }
    if (step_done(d, f, i, is_line, line)) {
        if (d->mode == DBG_FINISH) {
            d->stop.value = d->finish_returned ? d->finish_value : NULL;
            d->stop.finish_frame = d->target;
            Obj *keepv = d->finish_value ? INCREF(d->finish_value) : NULL;
            Frame *keepf = d->target ? (Frame *)INCREF(d->target) : NULL;
            rc = stop_here(d, f, i, DBG_STOP_FINISH, is_line, line);
            XDECREF(keepv);
            XDECREF(keepf);
        } else {
            rc = stop_here(d, f, i, DBG_STOP_STEP, is_line, line);
        }
    }
done:
    /* Which instruction ran last matters only to a watchpoint's report. */
    if (rc == 0 && dbg_has_watch(d)) {
        CodeRtObj *old = d->last_code;
        d->last_code = (CodeRtObj *)INCREF(f->code);
        d->last_index = f->lasti;
        XDECREF(old);
    }
    return rc;
}

static void return_hook(Frame *f, Obj *retval)
{
    Dbg *d = active;
    if (!d || d->in_stop || d->mode != DBG_FINISH || f != d->target)
        return;
    CLEAR(d->finish_value);
    d->finish_value = retval ? INCREF(retval) : NULL;
    d->finish_returned = true;
}

static void breakpoint_hook(void)
{
    if (active && !active->in_stop) {
        active->builtin_break = true;
        vm->trap = VM_TRAP_ALL;
    }
}

static void code_hook(CodeRtObj *co)
{
    if (active)
        dbg_code_created(active, co);
}

/* ---- Ctrl-C ---------------------------------------------------------------------------- */

static void on_sigint(int sig)
{
    (void)sig;
    if (active)
        dbg_interrupt(active);
}

/* ---- a run ------------------------------------------------------------------------------ */

static DbgStop final_stop(DbgStopKind kind, int status)
{
    DbgStop s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.exit_status = status;
    s.index = -1;
    s.line = -1;
    return s;
}

/* The innermost frame of an exception's traceback and its instruction. */
static Frame *traceback_frame(Obj *exc, int32_t *index)
{
    TracebackObj *tb = EXC_CHECK(exc) ? (TracebackObj *)((ExcObj *)exc)->traceback : NULL;
    if (!tb)
        return NULL;
    while (tb->next)
        tb = (TracebackObj *)tb->next;
    *index = tb->lasti;
    return tb->frame;
}

DbgStop dbg_run(Dbg *d, bool stop_at_entry, DbgStopFn fn, void *ud)
{
    active = d;
    d->fn = fn;
    d->ud = ud;
    d->killed = false;
    d->interrupt = 0;
    vm_trap_hook = trap_hook;
    vm_return_hook = return_hook;
    vm_code_hook = code_hook;
    vm_breakpoint_hook = breakpoint_hook;
    d->builtin_break = false;
    d->stop_at_entry = stop_at_entry;
    d->mode = stop_at_entry ? DBG_STEP : DBG_CONTINUE;
    d->count = 1;

    VmMain m;
    vm->killing = false;
    vm->trap = VM_TRAP_OFF;
    /* A native operation nesting too deeply ends with one line, as under
     * --run (installed on each run: the TUI installs its handlers later). */
    vm_guard_c_stack(d->pf->path);
    int status = vm_main_begin(&m, d->pf);
    if (status) {
        dbg_codes_release(d);
        active = NULL;
        return final_stop(DBG_STOP_EXITED, status);
    }
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);

    d->running = true;
    /* --max-steps / --timeout: the VM's own exact budget (no trapping). */
    if (d->max_steps || d->timeout > 0)
        vm_limit_set(d->max_steps, d->timeout);
    set_trap(d);
    if (stop_at_entry)
        vm->trap = VM_TRAP_ALL;
    Obj *exc = vm_main_exec(&m);
    DbgStop result;
    if (vm->limit_hit) {
        /* As `pydbg --run` ends such a run: output flushed, one line, 124. */
        XDECREF(exc);
        vm_main_abandon(&m);
        vm_limit_report(d->pf->path);
        vm_limit_clear();
        result = final_stop(DBG_STOP_EXITED, VM_LIMIT_STATUS);
    } else if (d->killed) {
        XDECREF(exc);
        vm_main_abandon(&m);
        vm->killing = false;
        result = final_stop(DBG_STOP_KILLED, 0);
    } else {
        status = 0;
        if (exc) {
            bool sysexit = EXC_CHECK(exc) && type_is_subtype(OBJ_TYPE(exc), &exc_SystemExit);
            io_flush_io();
            status = vm_main_report(exc);
            int32_t idx = -1;
            Frame *tf = sysexit ? NULL : traceback_frame(exc, &idx);
            if (tf && idx >= 0) {
                /* Post-mortem: the frame that raised, as it was. */
                clear_target(d);
                memset(&d->stop, 0, sizeof d->stop);
                d->stop.value = exc;
                d->mode = DBG_CONTINUE;
                vm->trap = VM_TRAP_OFF;
                Frame *keep = (Frame *)INCREF(tf);
                d->stop.kind = DBG_STOP_EXCEPTION;
                d->stop.frame = tf;
                d->stop.index = idx;
                d->stop.line = tf->code->code[idx].line;
                d->stop.at_line_start = true;
                DbgResume r = call_front_end(d);
                DECREF(keep);
                if (r.kind == DBG_KILL)
                    d->killed = true;
            }
        }
        XDECREF(exc);
        clear_target(d);
        vm->trap = VM_TRAP_OFF;
        if (d->killed) {
            vm_main_abandon(&m);
            result = final_stop(DBG_STOP_KILLED, 0);
        } else {
            status = vm_main_end(&m, status);
            if (status == -SIGINT)
                status = 128 + SIGINT;
            result = final_stop(DBG_STOP_EXITED, status);
        }
    }
    sigaction(SIGINT, &old, NULL);
    clear_target(d);
    CLEAR(d->last_code);
    d->running = false;
    vm->trap = VM_TRAP_OFF;
    vm->killing = false;
    dbg_codes_release(d);
    vm_trap_hook = NULL;
    vm_return_hook = NULL;
    vm_code_hook = NULL;
    vm_breakpoint_hook = NULL;
    active = NULL;
    /* The next `run` starts from what a new python3.12 process starts from. */
    vm_teardown();
    d->stop = result;
    return result;
}

/* frame.c — frame objects: CPython 3.12's layout (localsplus slots, then the
 * value stack), their Python-level attributes and their life cycle.
 *
 * A Frame is both the interpreter's activation record and the frame object
 * Python code sees (tracebacks, sys._getframe, gi_frame).  The eval loop
 * owns a reference while the frame runs; a traceback or generator that
 * refers to it keeps it — and therefore its locals — alive afterwards, which
 * is exactly when CPython's frame object keeps its locals.
 *
 * Invariants: slots [0, nlocalsplus) are locals/cells/free variables (NULL:
 * unbound); the stack is [FRAME_STACK_BASE(f), f->sp) and may hold NULL
 * slots (as CPython's does); `back` is a borrowed pointer while the frame is
 * on the call chain and a reference (back_owned) once it outlived its exit;
 * `gen` is a borrowed back pointer (the generator owns the frame).
 */
#include "config.h"

#include <string.h>

#include "pydbg/vm.h"

/* Finished frames kept for reuse, one list per slot count: a call then
 * costs a pop instead of an allocation, zeroing and a GC registration, and
 * a return a push instead of a free (callgrind: ~35 % of the instructions a
 * call spent in frame set-up and release).  A pooled frame holds nothing:
 * its slots are NULL and its references were dropped by frame_dealloc.
 * Sanitizer builds keep every frame its own allocation so use-after-free of
 * a frame is still caught. */
#define FRAME_POOL_MAX_SLOTS 48   /* larger frames are rare: always allocated */
#define FRAME_POOL_DEPTH 64       /* frames kept per slot count */
#ifdef PYDBG_SANITIZERS
enum { frame_pooling = 0 };
#else
enum { frame_pooling = 1 };
#endif
static Frame *frame_pool[FRAME_POOL_MAX_SLOTS + 1];
static int frame_pool_len[FRAME_POOL_MAX_SLOTS + 1];

static Frame *frame_pool_take(Ssize n)
{
    if (!frame_pooling || n > FRAME_POOL_MAX_SLOTS || !frame_pool[n]) return NULL;
    Frame *f = frame_pool[n];
    frame_pool[n] = f->back;
    frame_pool_len[n]--;
    f->back = NULL;
    f->base.refcnt = 1;
    gc_track((Obj *)f);
    return f;
}

static bool frame_pool_give(Frame *f, Ssize nlocals, Ssize n)
{
    if (!frame_pooling || n > FRAME_POOL_MAX_SLOTS || frame_pool_len[n] >= FRAME_POOL_DEPTH)
        return false;
    /* frame_dealloc dropped the locals and references; popped value-stack
     * slots still hold stale pointers, and the next code using this frame
     * may count them as locals.  frame_new sets the position fields; the
     * rest goes back to a fresh frame's zeros. */
    memset(f->localsplus + nlocals, 0, (size_t)(n - nlocals) * sizeof(Obj *));
    f->gen = NULL;
    f->executing = false;
    f->inline_call = false;
    f->back = frame_pool[n];
    frame_pool[n] = f;
    frame_pool_len[n]++;
    return true;
}

void frame_pool_drain(void)
{
    for (int n = 0; n <= FRAME_POOL_MAX_SLOTS; n++)
        while (frame_pool[n]) {
            Frame *f = frame_pool[n];
            frame_pool[n] = f->back;
            f->back = NULL;
            obj_free((Obj *)f);
        }
    memset(frame_pool_len, 0, sizeof frame_pool_len);
}

Frame *frame_new(CodeRtObj *code, Obj *globals, Obj *builtins, Obj *locals, Obj *func)
{
    Ssize n = (Ssize)code->nlocalsplus + code->stacksize;
    Frame *f = frame_pool_take(n);
    if (!f) {
        f = (Frame *)obj_alloc(&frame_type, n);
        if (!f)
            return NULL;
        /* CPython 3.12 runs frames on its data stack: they are not GC
         * allocations and do not advance the collector's generation-0
         * count (which decides when automatic collections run). */
        gc_uncount((Obj *)f);
        f->back = NULL;   /* obj_alloc stored the item count there */
    }
    f->code = (CodeRtObj *)INCREF(code);
    f->globals = INCREF(globals);
    f->builtins = INCREF(builtins);
    f->locals = xincref(locals);
    f->func = xincref(func);
    f->sp = FRAME_STACK_BASE(f);
    f->ip = 0;
    f->lasti = -1;
    f->line = -1;
    f->state = FRAME_CREATED;
    return f;
}

void frame_clear_stack(Frame *f)
{
    Obj **base = FRAME_STACK_BASE(f);
    while (f->sp > base) {
        Obj *v = *--f->sp;
        *f->sp = NULL;
        XDECREF(v);
    }
}

int frame_lineno(const Frame *f)
{
    int32_t i = f->lasti;
    if (i < 0)
        return f->code->firstlineno;   /* not started: CPython reports co_firstlineno */
    if ((uint32_t)i >= f->code->insns.n)
        return -1;
    return f->code->code[i].line;
}

static void frame_dealloc(Obj *o)
{
    Frame *f = (Frame *)o;
    gc_untrack(o);
    frame_clear_stack(f);
    for (int i = 0; i < f->code->nlocalsplus; i++)
        CLEAR(f->localsplus[i]);
    Frame *back = f->back_owned ? f->back : NULL;
    f->back = NULL;
    f->back_owned = false;
    CLEAR(f->func);
    CLEAR(f->globals);
    CLEAR(f->builtins);
    CLEAR(f->locals);
    CLEAR(f->trace);
    Ssize nlocals = f->code->nlocalsplus, nslots = nlocals + f->code->stacksize;
    CLEAR(f->code);
    if (!frame_pool_give(f, nlocals, nslots))
        obj_free(o);
    /* A chain of exited frames kept by a deep traceback is released in a
     * loop, not by recursion: detach each frame's own back first. */
    while (back) {
        Frame *next = NULL;
        if (back->base.refcnt == 1 && back->back_owned) {
            next = back->back;
            back->back = NULL;
            back->back_owned = false;
        }
        DECREF(back);
        back = next;
    }
}

static int frame_traverse(Obj *o, VisitFn visit, void *arg)
{
    Frame *f = (Frame *)o;
#define VISIT(x) do { if ((x) && visit((Obj *)(x), arg)) return 1; } while (0)
    VISIT(f->code);
    VISIT(f->func);
    VISIT(f->globals);
    VISIT(f->builtins);
    VISIT(f->locals);
    VISIT(f->trace);
    if (f->back_owned)
        VISIT(f->back);
    if (f->code) {
        for (int i = 0; i < f->code->nlocalsplus; i++)
            VISIT(f->localsplus[i]);
        for (Obj **p = FRAME_STACK_BASE(f); p < f->sp; p++)
            VISIT(*p);
    }
#undef VISIT
    return 0;
}

/* tp_clear: break cycles through a frame that is no longer running. */
static int frame_clear(Obj *o)
{
    Frame *f = (Frame *)o;
    if (f->state == FRAME_EXECUTING)
        return 0;
    frame_clear_stack(f);
    for (int i = 0; i < f->code->nlocalsplus; i++)
        CLEAR(f->localsplus[i]);
    CLEAR(f->locals);
    CLEAR(f->trace);
    return 0;
}

/* ---- f_locals ---------------------------------------------------------------- */

Obj *frame_get_locals(Frame *f)
{
    CodeRtObj *co = f->code;
    if (!(co->flags & CO_OPTIMIZED)) {
        if (!f->locals) {
            vm_err_set_str(&exc_SystemError, "frame has no locals");
            return NULL;
        }
        return INCREF(f->locals);
    }
    /* 3.12: one dict per frame, refreshed from the fast locals each time. */
    if (!f->locals) {
        f->locals = dict_new();
        if (!f->locals)
            return NULL;
    }
    Obj *d = f->locals;
    for (int i = 0; i < co->nlocalsplus; i++) {
        uint8_t kind = co->localspluskinds[i];
        if (kind & CO_FAST_HIDDEN)
            continue;
        Obj *name = TUPLE_ITEMS(co->localsplusnames)[i];
        Obj *v = f->localsplus[i];
        if ((kind & (CO_FAST_CELL | CO_FAST_FREE)) && v && IS_TYPE(v, cell_type))
            v = ((CellObj *)v)->ref;
        if (v) {
            if (dict_set(d, name, v) < 0)
                return NULL;
        } else {
            Obj *old = NULL;
            if (dict_pop_opt(d, name, &old) < 0)
                return NULL;
            XDECREF(old);
        }
    }
    return INCREF(d);
}

/* ---- attributes -------------------------------------------------------------- */

#define FR(o) ((Frame *)(o))
static Obj *f_get_code(Obj *o, void *c) { (void)c; return INCREF(FR(o)->code); }
static Obj *f_get_globals(Obj *o, void *c) { (void)c; return INCREF(FR(o)->globals); }
static Obj *f_get_builtins(Obj *o, void *c) { (void)c; return INCREF(FR(o)->builtins); }
static Obj *f_get_locals(Obj *o, void *c) { (void)c; return frame_get_locals(FR(o)); }
static Obj *f_get_lineno(Obj *o, void *c)
{
    (void)c;
    int line = frame_lineno(FR(o));
    return line < 0 ? INCREF(NONE) : int_from_i64(line);
}
static Obj *f_get_lasti(Obj *o, void *c)
{
    (void)c;
    Frame *f = FR(o);
    if (f->lasti < 0)
        return int_from_i64(-1);
    return int_from_i64(f->code->code[f->lasti].offset);
}
static Obj *f_get_back(Obj *o, void *c)
{
    (void)c;
    Frame *b = FR(o)->back;
    return INCREF(b ? (Obj *)b : NONE);
}
static Obj *f_get_trace(Obj *o, void *c)
{
    (void)c;
    return INCREF(FR(o)->trace ? FR(o)->trace : NONE);
}
static int f_set_trace(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&FR(o)->trace, (v && v != NONE) ? INCREF(v) : NULL);
    return 0;
}
#undef FR

static Obj *frame_repr(Obj *o)
{
    Frame *f = (Frame *)o;
    return str_from_fmt("<frame at %p, file %R, line %d, code %S>", (void *)o,
                        f->code->filename, frame_lineno(f), f->code->name);
}

static Obj *frame_clear_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    Frame *f = (Frame *)self;
    if (f->state == FRAME_EXECUTING) {
        vm_err_set_str(&exc_RuntimeError, "cannot clear an executing frame");
        return NULL;
    }
    if (f->gen && f->state == FRAME_SUSPENDED) {
        vm_err_set_str(&exc_RuntimeError, "cannot clear a suspended frame");
        return NULL;
    }
    frame_clear(self);
    return INCREF(NONE);
}

static MethodDef frame_methods[] = {
    {"clear", frame_clear_m, METH_NOARGS, "Clear all references held by the frame."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef frame_getset[] = {
    {"f_code", f_get_code, NULL, NULL, NULL},
    {"f_globals", f_get_globals, NULL, NULL, NULL},
    {"f_builtins", f_get_builtins, NULL, NULL, NULL},
    {"f_locals", f_get_locals, NULL, NULL, NULL},
    {"f_lineno", f_get_lineno, NULL, NULL, NULL},
    {"f_lasti", f_get_lasti, NULL, NULL, NULL},
    {"f_back", f_get_back, NULL, NULL, NULL},
    {"f_trace", f_get_trace, f_set_trace, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj frame_type = {
    .base = TYPE_HEAD_INIT,
    .name = "frame",
    .basicsize = sizeof(Frame),
    .itemsize = sizeof(Obj *),
    .flags = TPF_GC,
    .dealloc = frame_dealloc,
    .repr = frame_repr,
    .traverse = frame_traverse,
    .clear = frame_clear,
    .methods = frame_methods,
    .getset = frame_getset,
};

/* gen.c — generators, coroutines and async generators.
 *
 * A generator object owns the frame its function created (RETURN_GENERATOR);
 * resuming it pushes the sent value onto that frame's stack and runs
 * vm_eval on it, with the generator's own exception-state slot linked in
 * front of the caller's (sys.exc_info() inside the generator sees the
 * generator's handled exception first, as in CPython).  send/throw/close,
 * `yield from` delegation for throw/close, "generator raised StopIteration"
 * (in the bytecode's handler, see eval.c), finalisation that runs `finally`
 * blocks when the last reference goes, and the async-generator protocol
 * (asend/athrow/aclose awaitables, wrapped values) follow CPython 3.12's
 * genobject.c behaviour and messages.
 *
 * Invariants: gen->frame is never NULL; its state says everything
 * (CREATED, SUSPENDED, EXECUTING, COMPLETED); a completed generator keeps
 * the frame object but not its locals unless something else (a traceback)
 * still refers to the frame.
 */
#include "config.h"

#include <string.h>

#include "src/vm/vmint.h"

enum { KIND_GEN, KIND_CORO, KIND_ASYNCGEN };

static int gen_kind(Obj *g)
{
    if (IS_TYPE(g, coroutine_type))
        return KIND_CORO;
    if (IS_TYPE(g, async_generator_type))
        return KIND_ASYNCGEN;
    return KIND_GEN;
}

static const char *kind_name(int k)
{
    return k == KIND_CORO ? "coroutine" : k == KIND_ASYNCGEN ? "async generator" : "generator";
}

#define GEN(o) ((GenObj *)(o))
#define STATE(o) (GEN(o)->frame->state)

bool gen_check(Obj *o)
{
    return IS_TYPE(o, generator_type) || IS_TYPE(o, coroutine_type);
}

bool gen_is_coroutine(Obj *o)
{
    return IS_TYPE(o, generator_type) && (GEN(o)->frame->code->flags & CO_ITERABLE_COROUTINE);
}

Obj *gen_new(Frame *f, Obj *func)
{
    int flags = f->code->flags;
    TypeObj *t = (flags & CO_COROUTINE) ? &coroutine_type
                 : (flags & CO_ASYNC_GENERATOR) ? &async_generator_type : &generator_type;
    GenObj *g = (GenObj *)obj_alloc(t, 0);
    if (!g)
        return NULL;
    g->frame = (Frame *)INCREF(f);
    f->gen = (Obj *)g;
    FuncObj *fn = (FuncObj *)func;
    g->name = INCREF(fn && IS_TYPE(func, function_type) ? fn->name : f->code->name);
    g->qualname = INCREF(fn && IS_TYPE(func, function_type) ? fn->qualname : f->code->qualname);
    return (Obj *)g;
}

/* ---- StopIteration helpers ---------------------------------------------------------- */

void gen_set_stop_iteration(Obj *value)
{
    if (!value || value == NONE) {
        vm_err_set_obj(&exc_StopIteration, NULL);
        return;
    }
    /* Always an instance: a tuple or exception value must not be unpacked. */
    Obj *e = obj_call((Obj *)&exc_StopIteration, &value, 1, NULL);
    if (!e)
        return;
    vm_err_set_obj(&exc_StopIteration, e);
    DECREF(e);
}

Obj *gen_fetch_stop_iteration_value(void)
{
    if (!vm_err_occurred())
        return INCREF(NONE);
    if (!vm_err_matches(&exc_StopIteration))
        return NULL;
    Obj *exc = vm_err_fetch();
    Obj *v = obj_getattr(exc, id_str("value"));
    DECREF(exc);
    return v;
}

/* ---- resuming --------------------------------------------------------------------------- */

/* What `yield from` / `await` the generator is suspended in, or NULL. */
static Obj *gen_yf(Obj *gen)
{
    Frame *f = GEN(gen)->frame;
    if (f->state != FRAME_SUSPENDED)
        return NULL;
    if ((uint32_t)f->ip >= f->code->insns.n)
        return NULL;
    const VmInsn *next = &f->code->code[f->ip];
    if (next->op != OP_RESUME || next->arg < 2)
        return NULL;
    if (f->sp <= FRAME_STACK_BASE(f))
        return NULL;
    return xincref(f->sp[-1]);
}

/* The generator finished: release its exception state and, when nothing
 * else refers to its frame, the frame's locals. */
static void gen_finished(GenObj *g)
{
    CLEAR(g->exc_state.value);
    Frame *f = g->frame;
    if (f->base.refcnt == 1) {
        frame_clear_stack(f);
        for (int i = 0; i < f->code->nlocalsplus; i++)
            CLEAR(f->localsplus[i]);
        return;
    }
    /* Something else holds the frame (the traceback of the exception that
     * ended it, close()'s GeneratorExit among them): as in 3.12, the frame
     * keeps the locals for as long as that lives, and the generator no
     * longer does — it gets an empty finished frame of its own, so the
     * locals go when the traceback goes, not when the generator does. */
    Obj *saved = vm_err_fetch();
    Frame *nf = frame_new(f->code, f->globals, f->builtins, NULL, NULL);
    if (nf) {
        nf->state = FRAME_COMPLETED;
        nf->ip = f->ip;
        nf->lasti = f->lasti;
        nf->line = f->line;
        nf->gen = (Obj *)g;
        f->gen = NULL;   /* a plain finished frame now, as gen_dealloc leaves it */
        g->frame = nf;
        DECREF(f);
    } else {
        vm_err_clear();
    }
    vm_err_restore(saved);
}

/* CPython's gen_send_ex2: value NULL means next() (a None return gives no
 * result); exc non-NULL throws it in; closing suppresses the coroutine
 * reuse error. */
static int send_ex2(Obj *gen, Obj *value, Obj *exc, bool closing, Obj **out)
{
    GenObj *g = GEN(gen);
    Frame *f = g->frame;
    int kind = gen_kind(gen);
    *out = NULL;
    if (f->state == FRAME_CREATED && value && value != NONE && !exc) {
        vm_err_format(&exc_TypeError, "can't send non-None value to a just-started %s", kind_name(kind));
        return GEN_ERROR;
    }
    if (f->state == FRAME_EXECUTING) {
        vm_err_format(&exc_ValueError, "%s already executing", kind_name(kind));
        return GEN_ERROR;
    }
    if (f->state >= FRAME_COMPLETED) {
        if (kind == KIND_CORO && !closing)
            vm_err_set_str(&exc_RuntimeError, "cannot reuse already awaited coroutine");
        else if (value && !exc) {
            *out = INCREF(NONE);
            return GEN_RETURN;
        } else if (exc) {
            vm_err_restore(INCREF(exc));
        }
        return GEN_ERROR;
    }
    *f->sp++ = INCREF(value ? value : NONE);
    /* The POP_TOP a first send runs after RETURN_GENERATOR belongs to the
     * frame's prefix, which the instruction budget does not count. */
    if (f->state == FRAME_CREATED && !exc && f->ip < f->code->first_traceable)
        vm->steps_left++;
    /* Link the generator's exception state in front of the caller's. */
    g->exc_state.prev = vm_exc_slot;
    vm_exc_slot = &g->exc_state;
    vm_exc_slot_changed();
    if (exc) {
        /* The thrown exception's context is what the generator was handling. */
        ExcObj *e = (ExcObj *)exc;
        Obj *h = vm_exc_info();
        if (h && h != exc && !e->context)
            e->context = INCREF(h);
    }
    Obj *r = vm_eval(f, exc);
    vm_exc_slot = g->exc_state.prev;
    g->exc_state.prev = NULL;
    vm_exc_slot_changed();
    if (r && f->state == FRAME_SUSPENDED) {
        *out = r;
        return GEN_YIELD;
    }
    gen_finished(g);
    if (!r)
        return GEN_ERROR;
    if (r == NONE && !value && kind != KIND_ASYNCGEN) {
        DECREF(r);
        return GEN_RETURN;    /* *out NULL: next() ends without a value */
    }
    *out = r;
    return GEN_RETURN;
}

int gen_send_ex(Obj *gen, Obj *value, Obj *exc, Obj **out)
{
    int st = send_ex2(gen, value ? value : NONE, exc, false, out);
    if (st == GEN_RETURN && !*out)
        *out = INCREF(NONE);
    return st;
}

/* CPython's gen_send_ex: the result of a yield, or NULL with StopIteration
 * (StopAsyncIteration for async generators) when it returned. */
static Obj *send_or_stop(Obj *gen, Obj *value, Obj *exc, bool closing)
{
    Obj *r;
    int st = send_ex2(gen, value, exc, closing, &r);
    if (st == GEN_RETURN) {
        if (gen_kind(gen) == KIND_ASYNCGEN)
            vm_err_set_obj(&exc_StopAsyncIteration, NULL);
        else
            gen_set_stop_iteration(r);
        XDECREF(r);
        return NULL;
    }
    return r;
}

static Obj *gen_iternext(Obj *gen)
{
    Obj *r;
    int st = send_ex2(gen, NULL, NULL, false, &r);
    if (st == GEN_RETURN) {
        if (r && r != NONE)
            gen_set_stop_iteration(r);
        XDECREF(r);
        return NULL;
    }
    return r;
}

static Obj *gen_send_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)kwnames;
    if (nargs != 1) {
        vm_err_format(&exc_TypeError, "send() takes exactly one argument (%zd given)", nargs);
        return NULL;
    }
    return send_or_stop(self, args[0], NULL, false);
}

/* PyErr_GivenExceptionMatches for an exception class or instance. */
static bool exc_class_or_inst_matches(Obj *x, TypeObj *t)
{
    if (TYPE_CHECK(x))
        return type_is_subtype((TypeObj *)x, t);
    return EXC_CHECK(x) && type_is_subtype(OBJ_TYPE(x), t);
}

/* Resume gen with the pending exception thrown in. */
static Obj *resume_with_pending(Obj *gen)
{
    Obj *exc = vm_err_fetch();
    if (!exc)
        exc = obj_call((Obj *)&exc_SystemError, NULL, 0, NULL);
    if (!exc)
        return NULL;
    Obj *r = send_or_stop(gen, NONE, exc, false);
    DECREF(exc);
    return r;
}

/* close() of a sub-iterator we delegate to. */
static int close_iter(Obj *yf);
static Obj *gen_close(Obj *gen);

/* _gen_throw: throw into the innermost delegate first. */
static Obj *gen_throw_impl(Obj *gen, bool close_on_genexit, Obj *typ, Obj *val, Obj *tb)
{
    Obj *yf = gen_yf(gen);
    Frame *f = GEN(gen)->frame;
    if (yf) {
        Obj *ret = NULL;
        if (close_on_genexit && exc_class_or_inst_matches(typ, &exc_GeneratorExit)) {
            uint8_t st = f->state;
            f->state = FRAME_EXECUTING;
            int err = close_iter(yf);
            f->state = st;
            DECREF(yf);
            if (err < 0)
                return resume_with_pending(gen);
            goto throw_here;
        }
        if (gen_check(yf)) {
            uint8_t st = f->state;
            f->state = FRAME_EXECUTING;
            ret = gen_throw_impl(yf, close_on_genexit, typ, val, tb);
            f->state = st;
        } else {
            Obj *meth = NULL;
            if (obj_lookup_attr(yf, id_str("throw"), &meth) < 0) {
                DECREF(yf);
                return NULL;
            }
            if (!meth) {
                DECREF(yf);
                goto throw_here;
            }
            uint8_t st = f->state;
            f->state = FRAME_EXECUTING;
            Obj *args[3] = {typ, val, tb};
            Ssize n = tb ? 3 : val ? 2 : 1;
            ret = obj_call(meth, args, n, NULL);
            f->state = st;
            DECREF(meth);
        }
        DECREF(yf);
        if (!ret)
            ret = resume_with_pending(gen);
        return ret;
    }
throw_here:
    if (tb == NONE)
        tb = NULL;
    else if (tb && !IS_TYPE(tb, traceback_type)) {
        vm_err_set_str(&exc_TypeError, "throw() third argument must be a traceback object");
        return NULL;
    }
    Obj *exc;
    if (TYPE_CHECK(typ) && type_is_subtype((TypeObj *)typ, &exc_BaseException)) {
        if (val && EXC_CHECK(val) && type_is_subtype(OBJ_TYPE(val), (TypeObj *)typ)) {
            exc = INCREF(val);
        } else {
            Obj *const *argv = NULL;
            Ssize n = 0;
            if (val && val != NONE) {
                if (TUPLE_CHECK(val)) {
                    argv = TUPLE_ITEMS(val);
                    n = TUPLE_LEN(val);
                } else {
                    argv = &val;
                    n = 1;
                }
            }
            exc = obj_call(typ, argv, n, NULL);
            if (!exc)
                return NULL;
            if (!EXC_CHECK(exc)) {
                vm_err_format(&exc_TypeError,
                              "calling %R should have returned an instance of BaseException, not %s",
                              typ, type_name(OBJ_TYPE(exc)));
                DECREF(exc);
                return NULL;
            }
        }
    } else if (EXC_CHECK(typ)) {
        if (val && val != NONE) {
            vm_err_set_str(&exc_TypeError, "instance exception may not have a separate value");
            return NULL;
        }
        exc = INCREF(typ);
    } else {
        vm_err_format(&exc_TypeError,
                      "exceptions must be classes or instances deriving from BaseException, not %s",
                      type_name(OBJ_TYPE(typ)));
        return NULL;
    }
    if (tb)
        obj_setref(&((ExcObj *)exc)->traceback, INCREF(tb));
    Obj *r = send_or_stop(gen, NONE, exc, false);
    DECREF(exc);
    return r;
}

/* 3.12 deprecates throw(type, value, tb) and athrow(type, value, tb). */
static int warn_throw_signature(const char *meth)
{
    Obj *msg = str_from_fmt("the (type, exc, tb) signature of %s() is deprecated, "
                            "use the single-arg signature instead.", meth);
    if (!msg)
        return -1;
    int r = warnings_warn(&exc_DeprecationWarning, msg, 1);
    DECREF(msg);
    return r;
}

static Obj *gen_throw_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("throw", kwnames) < 0 || args_count("throw", nargs, 1, 3) < 0)
        return NULL;
    if (nargs > 1 && warn_throw_signature("throw") < 0)
        return NULL;
    return gen_throw_impl(self, true, args[0], nargs > 1 ? args[1] : NULL, nargs > 2 ? args[2] : NULL);
}

static int close_iter(Obj *yf)
{
    Obj *r = NULL;
    if (gen_check(yf)) {
        r = gen_close(yf);
    } else {
        Obj *meth = NULL;
        if (obj_lookup_attr(yf, id_str("close"), &meth) < 0) {
            vm_err_write_unraisable(NULL, yf);
            return 0;
        }
        if (meth) {
            r = obj_call(meth, NULL, 0, NULL);
            DECREF(meth);
        } else {
            return 0;
        }
    }
    if (!r)
        return -1;
    DECREF(r);
    return 0;
}

static Obj *gen_close(Obj *gen)
{
    Frame *f = GEN(gen)->frame;
    if (f->state == FRAME_CREATED) {
        f->state = FRAME_COMPLETED;
        gen_finished(GEN(gen));
        return INCREF(NONE);
    }
    if (f->state >= FRAME_COMPLETED)
        return INCREF(NONE);
    int err = 0;
    Obj *yf = gen_yf(gen);
    if (yf) {
        uint8_t st = f->state;
        f->state = FRAME_EXECUTING;
        err = close_iter(yf);
        f->state = st;
        DECREF(yf);
    }
    Obj *exc = err == 0 ? obj_call((Obj *)&exc_GeneratorExit, NULL, 0, NULL) : vm_err_fetch();
    if (!exc)
        return NULL;
    Obj *r = NULL;
    int st = send_ex2(gen, NONE, exc, true, &r);
    DECREF(exc);
    if (st == GEN_YIELD) {
        XDECREF(r);
        int k = gen_kind(gen);
        vm_err_set_str(&exc_RuntimeError, k == KIND_CORO ? "coroutine ignored GeneratorExit"
                       : k == KIND_ASYNCGEN ? "async generator ignored GeneratorExit"
                                            : "generator ignored GeneratorExit");
        return NULL;
    }
    if (st == GEN_RETURN) {
        XDECREF(r);
        /* as gen_send_ex: an async generator's end is StopAsyncIteration,
         * which close() does not swallow */
        if (gen_kind(gen) != KIND_ASYNCGEN)
            return INCREF(NONE);
        vm_err_set_obj(&exc_StopAsyncIteration, NULL);
        return NULL;
    }
    if (vm_err_matches(&exc_StopIteration) || vm_err_matches(&exc_GeneratorExit)) {
        vm_err_clear();
        return INCREF(NONE);
    }
    return NULL;
}

static Obj *gen_close_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return gen_close(self);
}

/* ---- finalisation -------------------------------------------------------------------------- */

/* RuntimeWarning "coroutine 'f' was never awaited", reported as an
 * unraisable error if the warning itself fails (an "error" filter). */
static void warn_unawaited(Obj *coro)
{
    Obj *wmod = import_name(id_str("warnings"), NULL, NULL, 0), *fn = NULL;
    if (wmod && obj_lookup_attr(wmod, id_str("_warn_unawaited_coroutine"), &fn) < 0)
        vm_err_clear();
    XDECREF(wmod);
    vm_err_clear();
    int rc;
    if (fn) {
        Obj *r = obj_call(fn, &coro, 1, NULL);
        rc = r ? 0 : -1;
        XDECREF(r);
        DECREF(fn);
    } else {
        Obj *msg = str_from_fmt("coroutine '%S' was never awaited", GEN(coro)->qualname);
        rc = msg ? warnings_warn_source(&exc_RuntimeWarning, msg, 1, coro) : -1;
        XDECREF(msg);
    }
    if (rc < 0)
        vm_err_write_unraisable(NULL, coro);
}

static void gen_finalize(Obj *self)
{
    GenObj *g = GEN(self);
    Frame *f = g->frame;
    if (f->state >= FRAME_COMPLETED || f->state == FRAME_EXECUTING)
        return;
    Obj *saved = vm_err_fetch();
    if (gen_kind(self) == KIND_ASYNCGEN && g->finalizer && !g->closed) {
        Obj *r = obj_call(g->finalizer, &self, 1, NULL);
        if (!r)
            vm_err_write_unraisable(NULL, self);
        XDECREF(r);
        vm_err_restore(saved);
        return;
    }
    if (gen_kind(self) == KIND_CORO && f->state == FRAME_CREATED) {
        /* A coroutine that was never awaited: nothing runs, CPython warns
         * through warnings._warn_unawaited_coroutine. */
        warn_unawaited(self);
        f->state = FRAME_COMPLETED;   /* finalised once, even when collected */
        gen_finished(g);
    } else {
        Obj *r = gen_close(self);
        if (!r)
            vm_err_write_unraisable(NULL, self);
        XDECREF(r);
    }
    vm_err_restore(saved);
}

static void gen_dealloc(Obj *self)
{
    /* In the trashcan: a generator holding the next one (`yield from it`
     * a hundred thousand deep) releases it from its own dealloc. */
    int trash = trash_begin(self, gen_dealloc);
    if (trash > 0) return;
    GenObj *g = GEN(self);
    Frame *f = g->frame;
    if (g->weakreflist) weakref_clear_refs(self);
    if (f && f->state != FRAME_COMPLETED && f->state != FRAME_EXECUTING) {
        /* Run `finally` blocks while the generator is still whole. */
        self->refcnt = 1;
        gen_finalize(self);
        if (--self->refcnt > 0) {
            if (trash == 0) trash_end();
            return;      /* resurrected */
        }
    }
    gc_untrack(self);
    f = g->frame;   /* finalizing may have given the generator a new, finished frame */
    if (f) {
        f->gen = NULL;
        CLEAR(g->frame);
    }
    CLEAR(g->name);
    CLEAR(g->qualname);
    CLEAR(g->exc_state.value);
    CLEAR(g->finalizer);
    CLEAR(g->origin);
    obj_free(self);
    if (trash == 0) trash_end();
}

static int gen_traverse(Obj *self, VisitFn visit, void *arg)
{
    GenObj *g = GEN(self);
    Obj *fields[] = {(Obj *)g->frame, g->name, g->qualname, g->exc_state.value, g->finalizer,
                     g->origin};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i] && visit(fields[i], arg))
            return 1;
    return 0;
}

/* ---- attributes ------------------------------------------------------------------------------ */

static Obj *gen_repr(Obj *self)
{
    return str_from_fmt("<%s object %S at %p>", OBJ_TYPE(self)->name, GEN(self)->qualname,
                        (void *)self);
}

static Obj *g_get_frame(Obj *o, void *c)
{
    (void)c;
    Frame *f = GEN(o)->frame;
    return INCREF(f->state >= FRAME_COMPLETED ? NONE : (Obj *)f);
}
static Obj *g_get_running(Obj *o, void *c) { (void)c; return bool_from(STATE(o) == FRAME_EXECUTING); }
static Obj *g_get_suspended(Obj *o, void *c) { (void)c; return bool_from(STATE(o) == FRAME_SUSPENDED); }
static Obj *g_get_code(Obj *o, void *c) { (void)c; return INCREF(GEN(o)->frame->code); }
static Obj *g_get_yf(Obj *o, void *c)
{
    (void)c;
    Obj *yf = gen_yf(o);
    return yf ? yf : INCREF(NONE);
}
static Obj *g_get_name(Obj *o, void *c) { (void)c; return INCREF(GEN(o)->name); }
static Obj *g_get_qualname(Obj *o, void *c) { (void)c; return INCREF(GEN(o)->qualname); }
static int g_set_name(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v || !STR_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "__name__ must be set to a string object");
        return -1;
    }
    obj_setref(&GEN(o)->name, INCREF(v));
    return 0;
}
static int g_set_qualname(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v || !STR_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "__qualname__ must be set to a string object");
        return -1;
    }
    obj_setref(&GEN(o)->qualname, INCREF(v));
    return 0;
}
static Obj *ag_get_running(Obj *o, void *c) { (void)c; return bool_from(GEN(o)->running_async); }
static Obj *cr_get_origin(Obj *o, void *c) { (void)c; return INCREF(GEN(o)->origin ? GEN(o)->origin : NONE); }

static GetSetDef gen_getset[] = {
    {"gi_frame", g_get_frame, NULL, NULL, NULL},
    {"gi_running", g_get_running, NULL, NULL, NULL},
    {"gi_suspended", g_get_suspended, NULL, NULL, NULL},
    {"gi_code", g_get_code, NULL, NULL, NULL},
    {"gi_yieldfrom", g_get_yf, NULL, NULL, NULL},
    {"__name__", g_get_name, g_set_name, NULL, NULL},
    {"__qualname__", g_get_qualname, g_set_qualname, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *self_iter(Obj *o) { return INCREF(o); }

static MethodDef gen_methods[] = {
    {"send", gen_send_m, METH_FAST, "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
    {"throw", gen_throw_m, METH_FAST, "throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next yielded value or raise\nStopIteration."},
    {"close", gen_close_m, METH_NOARGS, "close() -> raise GeneratorExit inside generator."},
    {NULL, NULL, 0, NULL},
};

TypeObj generator_type = {
    .base = TYPE_HEAD_INIT,
    .name = "generator",
    .basicsize = sizeof(GenObj),
    .flags = TPF_GC,
    .dealloc = gen_dealloc,
    .repr = gen_repr,
    .iter = self_iter,
    .iternext = gen_iternext,
    .traverse = gen_traverse,
    .finalize = gen_finalize,
    .methods = gen_methods,
    .getset = gen_getset,
    .weaklistoffset = offsetof(GenObj, weakreflist),
};

/* ---- coroutines ------------------------------------------------------------------------------ */

typedef struct CoroWrapper { Obj base; Obj *coro; } CoroWrapper;
static TypeObj coro_wrapper_type;

static Obj *coro_await_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    CoroWrapper *w = (CoroWrapper *)obj_alloc(&coro_wrapper_type, 0);
    if (!w)
        return NULL;
    w->coro = INCREF(self);
    return (Obj *)w;
}

static GetSetDef coro_getset[] = {
    {"cr_frame", g_get_frame, NULL, NULL, NULL},
    {"cr_running", g_get_running, NULL, NULL, NULL},
    {"cr_suspended", g_get_suspended, NULL, NULL, NULL},
    {"cr_code", g_get_code, NULL, NULL, NULL},
    {"cr_await", g_get_yf, NULL, NULL, NULL},
    {"cr_origin", cr_get_origin, NULL, NULL, NULL},
    {"__name__", g_get_name, g_set_name, NULL, NULL},
    {"__qualname__", g_get_qualname, g_set_qualname, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef coro_methods[] = {
    {"send", gen_send_m, METH_FAST, "send(arg) -> send 'arg' into coroutine,\nreturn next iterated value or raise StopIteration."},
    {"throw", gen_throw_m, METH_FAST, "throw(value)\nthrow(type[,value[,traceback]])\n\nRaise exception in coroutine, return next iterated value or raise\nStopIteration."},
    {"close", gen_close_m, METH_NOARGS, "close() -> raise GeneratorExit inside coroutine."},
    {"__await__", coro_await_m, METH_NOARGS, "Return an iterator to be used in await expression."},
    {NULL, NULL, 0, NULL},
};

TypeObj coroutine_type = {
    .base = TYPE_HEAD_INIT,
    .name = "coroutine",
    .basicsize = sizeof(GenObj),
    .flags = TPF_GC,
    .dealloc = gen_dealloc,
    .repr = gen_repr,
    .traverse = gen_traverse,
    .finalize = gen_finalize,
    .methods = coro_methods,
    .getset = coro_getset,
    .weaklistoffset = offsetof(GenObj, weakreflist),
};

static void cw_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((CoroWrapper *)o)->coro);
    obj_free(o);
}
static int cw_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *c = ((CoroWrapper *)o)->coro;
    return c ? visit(c, arg) : 0;
}
static Obj *cw_iternext(Obj *o) { return send_or_stop(((CoroWrapper *)o)->coro, NONE, NULL, false); }
static Obj *cw_send(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return gen_send_m(((CoroWrapper *)self)->coro, args, nargs, kw);
}
static Obj *cw_throw(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return gen_throw_m(((CoroWrapper *)self)->coro, args, nargs, kw);
}
static Obj *cw_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return gen_close_m(((CoroWrapper *)self)->coro, args, nargs, kw);
}
static MethodDef cw_methods[] = {
    {"send", cw_send, METH_FAST, NULL},
    {"throw", cw_throw, METH_FAST, NULL},
    {"close", cw_close, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static TypeObj coro_wrapper_type = {
    .base = TYPE_HEAD_INIT,
    .name = "coroutine_wrapper",
    .basicsize = sizeof(CoroWrapper),
    .flags = TPF_GC,
    .dealloc = cw_dealloc,
    .traverse = cw_traverse,
    .iter = self_iter,
    .iternext = cw_iternext,
    .methods = cw_methods,
};

/* ---- awaitables ---------------------------------------------------------------------------- */

static bool is_iterator(Obj *o)
{
    return OBJ_TYPE(o)->iternext != NULL;
}

/* _PyCoro_GetAwaitableIter */
static Obj *awaitable_iter(Obj *o)
{
    if (IS_TYPE(o, coroutine_type) || gen_is_coroutine(o))
        return INCREF(o);
    Obj *m = type_lookup(OBJ_TYPE(o), id_str("__await__"));
    if (m) {
        Obj *res = obj_call_method(o, "__await__", NULL, 0);
        if (res) {
            if (IS_TYPE(res, coroutine_type) || gen_is_coroutine(res)) {
                vm_err_set_str(&exc_TypeError, "__await__() returned a coroutine");
                CLEAR(res);
            } else if (!is_iterator(res)) {
                vm_err_format(&exc_TypeError, "__await__() returned non-iterator of type '%s'",
                              type_name(OBJ_TYPE(res)));
                CLEAR(res);
            }
        }
        return res;
    }
    vm_err_format(&exc_TypeError, "object %s can't be used in 'await' expression",
                  type_name(OBJ_TYPE(o)));
    return NULL;
}

Obj *gen_get_awaitable(Obj *o, int where)
{
    Obj *it = awaitable_iter(o);
    if (!it) {
        if ((where == 1 || where == 2) && !type_lookup(OBJ_TYPE(o), id_str("__await__"))) {
            vm_err_clear();
            vm_err_format(&exc_TypeError,
                          "'async with' received an object from __a%s__ that does not implement "
                          "__await__: %s", where == 1 ? "enter" : "exit", type_name(OBJ_TYPE(o)));
        }
        return NULL;
    }
    if (IS_TYPE(it, coroutine_type)) {
        Obj *yf = gen_yf(it);
        if (yf) {
            DECREF(yf);
            DECREF(it);
            vm_err_set_str(&exc_RuntimeError, "coroutine is being awaited already");
            return NULL;
        }
    }
    return it;
}

Obj *gen_get_aiter(Obj *o)
{
    if (!type_lookup(OBJ_TYPE(o), id_str("__aiter__"))) {
        vm_err_format(&exc_TypeError, "'async for' requires an object with __aiter__ method, got %s",
                      type_name(OBJ_TYPE(o)));
        return NULL;
    }
    Obj *it = obj_call_method(o, "__aiter__", NULL, 0);
    if (!it)
        return NULL;
    if (!type_lookup(OBJ_TYPE(it), id_str("__anext__"))) {
        vm_err_format(&exc_TypeError,
                      "'async for' received an object from __aiter__ that does not implement "
                      "__anext__: %s", type_name(OBJ_TYPE(it)));
        DECREF(it);
        return NULL;
    }
    return it;
}

Obj *gen_get_anext(Obj *aiter)
{
    if (!type_lookup(OBJ_TYPE(aiter), id_str("__anext__"))) {
        vm_err_format(&exc_TypeError, "'async for' requires an iterator with __anext__ method, got %s",
                      type_name(OBJ_TYPE(aiter)));
        return NULL;
    }
    Obj *next = obj_call_method(aiter, "__anext__", NULL, 0);
    if (!next)
        return NULL;
    if (IS_TYPE(aiter, async_generator_type))
        return next;
    Obj *aw = awaitable_iter(next);
    if (!aw) {
        Obj *cause = vm_err_fetch();
        vm_err_format(&exc_TypeError, "'async for' received an invalid object from __anext__: %s",
                      type_name(OBJ_TYPE(next)));
        if (vm->exc && cause) {
            ExcObj *e = (ExcObj *)vm->exc;
            obj_setref(&e->cause, INCREF(cause));
            e->suppress_context = true;
            if (!e->context)
                e->context = INCREF(cause);
        }
        XDECREF(cause);
    }
    DECREF(next);
    return aw;
}

/* ---- async generators ------------------------------------------------------------------------ */

typedef struct WrappedValue { Obj base; Obj *val; } WrappedValue;
static TypeObj wrapped_value_type;

Obj *gen_async_wrap(Obj *value)
{
    WrappedValue *w = (WrappedValue *)obj_alloc(&wrapped_value_type, 0);
    if (!w)
        return NULL;
    w->val = INCREF(value);
    return (Obj *)w;
}

static void wv_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((WrappedValue *)o)->val);
    obj_free(o);
}
static int wv_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *v = ((WrappedValue *)o)->val;
    return v ? visit(v, arg) : 0;
}
static TypeObj wrapped_value_type = {
    .base = TYPE_HEAD_INIT,
    .name = "async_generator_wrapped_value",
    .basicsize = sizeof(WrappedValue),
    .flags = TPF_GC,
    .dealloc = wv_dealloc,
    .traverse = wv_traverse,
};

/* A yield of the async generator ends the awaitable with StopIteration(v);
 * its end raises StopAsyncIteration. */
static Obj *unwrap_value(GenObj *g, Obj *result)
{
    if (!result) {
        if (!vm_err_occurred())
            vm_err_set_obj(&exc_StopAsyncIteration, NULL);
        if (vm_err_matches(&exc_StopAsyncIteration) || vm_err_matches(&exc_GeneratorExit))
            g->closed = true;
        g->running_async = false;
        return NULL;
    }
    if (IS_TYPE(result, wrapped_value_type)) {
        gen_set_stop_iteration(((WrappedValue *)result)->val);
        DECREF(result);
        g->running_async = false;
        return NULL;
    }
    return result;
}

enum { AW_INIT, AW_ITER, AW_CLOSED };

typedef struct AsendObj {
    Obj base;
    Obj *gen;
    Obj *sendval;     /* asend: the value; athrow: the (typ, val, tb) tuple or NULL (aclose) */
    int state;
    bool is_throw;
} AsendObj;
static TypeObj asend_type, athrow_type;

static Obj *aw_new(TypeObj *t, Obj *gen, Obj *val, bool is_throw)
{
    AsendObj *a = (AsendObj *)obj_alloc(t, 0);
    if (!a)
        return NULL;
    a->gen = INCREF(gen);
    a->sendval = xincref(val);
    a->is_throw = is_throw;
    a->state = AW_INIT;
    return (Obj *)a;
}

static void aw_dealloc(Obj *o)
{
    AsendObj *a = (AsendObj *)o;
    gc_untrack(o);
    CLEAR(a->gen);
    CLEAR(a->sendval);
    obj_free(o);
}
static int aw_traverse(Obj *o, VisitFn visit, void *arg)
{
    AsendObj *a = (AsendObj *)o;
    if (a->gen && visit(a->gen, arg))
        return 1;
    return a->sendval ? visit(a->sendval, arg) : 0;
}

static Obj *asend_send(Obj *self, Obj *arg)
{
    AsendObj *a = (AsendObj *)self;
    GenObj *g = GEN(a->gen);
    if (a->state == AW_CLOSED) {
        vm_err_set_str(&exc_RuntimeError, "cannot reuse already awaited __anext__()/asend()");
        return NULL;
    }
    if (a->state == AW_INIT) {
        if (g->running_async) {
            vm_err_set_str(&exc_RuntimeError, "anext(): asynchronous generator is already running");
            return NULL;
        }
        if (!arg || arg == NONE)
            arg = a->sendval ? a->sendval : NONE;
        a->state = AW_ITER;
    }
    g->running_async = true;
    Obj *r = unwrap_value(g, send_or_stop(a->gen, arg ? arg : NONE, NULL, false));
    if (!r)
        a->state = AW_CLOSED;
    return r;
}

static Obj *athrow_send(Obj *self, Obj *arg)
{
    AsendObj *a = (AsendObj *)self;
    GenObj *g = GEN(a->gen);
    Obj *r;
    if (a->state == AW_CLOSED) {
        vm_err_set_str(&exc_RuntimeError, "cannot reuse already awaited aclose()/athrow()");
        return NULL;
    }
    if (g->frame->state >= FRAME_COMPLETED) {
        a->state = AW_CLOSED;
        vm_err_set_obj(&exc_StopIteration, NULL);
        return NULL;
    }
    if (a->state == AW_INIT) {
        if (g->running_async) {
            a->state = AW_CLOSED;
            vm_err_set_str(&exc_RuntimeError, a->sendval
                           ? "athrow(): asynchronous generator is already running"
                           : "aclose(): asynchronous generator is already running");
            return NULL;
        }
        if (g->closed) {
            a->state = AW_CLOSED;
            vm_err_set_obj(&exc_StopAsyncIteration, NULL);
            return NULL;
        }
        if (arg && arg != NONE) {
            vm_err_set_str(&exc_RuntimeError, "can't send non-None value to a just-started coroutine");
            return NULL;
        }
        a->state = AW_ITER;
        g->running_async = true;
        if (!a->sendval) {
            g->closed = true;
            r = gen_throw_impl(a->gen, false, (Obj *)&exc_GeneratorExit, NULL, NULL);
            if (r && IS_TYPE(r, wrapped_value_type)) {
                DECREF(r);
                goto yield_close;
            }
        } else {
            Obj *t = a->sendval;
            Ssize n = TUPLE_LEN(t);
            r = gen_throw_impl(a->gen, false, TUPLE_ITEMS(t)[0], n > 1 ? TUPLE_ITEMS(t)[1] : NULL,
                               n > 2 ? TUPLE_ITEMS(t)[2] : NULL);
            r = unwrap_value(g, r);
        }
        if (!r)
            goto check_error;
        return r;
    }
    r = send_or_stop(a->gen, arg ? arg : NONE, NULL, false);
    if (a->sendval)
        return unwrap_value(g, r);
    if (r) {
        if (IS_TYPE(r, wrapped_value_type)) {
            DECREF(r);
            goto yield_close;
        }
        return r;
    }
    goto check_error;
yield_close:
    g->running_async = false;
    a->state = AW_CLOSED;
    vm_err_set_str(&exc_RuntimeError, "async generator ignored GeneratorExit");
    return NULL;
check_error:
    g->running_async = false;
    a->state = AW_CLOSED;
    if ((vm_err_matches(&exc_StopAsyncIteration) || vm_err_matches(&exc_GeneratorExit)) && !a->sendval) {
        vm_err_clear();
        vm_err_set_obj(&exc_StopIteration, NULL);
    }
    return NULL;
}

static Obj *aw_send_dispatch(Obj *self, Obj *arg)
{
    return IS_TYPE(self, asend_type) ? asend_send(self, arg) : athrow_send(self, arg);
}

static Obj *aw_iternext(Obj *self) { return aw_send_dispatch(self, NULL); }

static Obj *aw_send_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    if (nargs != 1) {
        vm_err_format(&exc_TypeError, "send() takes exactly one argument (%zd given)", nargs);
        return NULL;
    }
    return aw_send_dispatch(self, args[0]);
}

static Obj *aw_throw_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    AsendObj *a = (AsendObj *)self;
    GenObj *g = GEN(a->gen);
    if (args_no_kw("throw", kw) < 0 || args_count("throw", nargs, 1, 3) < 0)
        return NULL;
    if (nargs > 1 && warn_throw_signature("throw") < 0)
        return NULL;
    if (a->state == AW_CLOSED) {
        vm_err_set_str(&exc_RuntimeError, IS_TYPE(self, asend_type)
                       ? "cannot reuse already awaited __anext__()/asend()"
                       : "cannot reuse already awaited aclose()/athrow()");
        return NULL;
    }
    Obj *r = gen_throw_impl(a->gen, true, args[0], nargs > 1 ? args[1] : NULL,
                            nargs > 2 ? args[2] : NULL);
    if (IS_TYPE(self, asend_type) || a->sendval) {
        r = unwrap_value(g, r);
        if (!r && IS_TYPE(self, asend_type))
            a->state = AW_CLOSED;
        return r;
    }
    if (r && IS_TYPE(r, wrapped_value_type)) {
        g->running_async = false;
        a->state = AW_CLOSED;
        DECREF(r);
        vm_err_set_str(&exc_RuntimeError, "async generator ignored GeneratorExit");
        return NULL;
    }
    if (vm_err_matches(&exc_StopAsyncIteration) || vm_err_matches(&exc_GeneratorExit)) {
        vm_err_clear();
        vm_err_set_obj(&exc_StopIteration, NULL);
    }
    return r;
}

static Obj *aw_close_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    ((AsendObj *)self)->state = AW_CLOSED;
    return INCREF(NONE);
}

static Obj *aw_await_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return INCREF(self);
}

static MethodDef aw_methods[] = {
    {"send", aw_send_m, METH_FAST, NULL},
    {"throw", aw_throw_m, METH_FAST, NULL},
    {"close", aw_close_m, METH_NOARGS, NULL},
    {"__await__", aw_await_m, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj asend_type = {
    .base = TYPE_HEAD_INIT,
    .name = "async_generator_asend",
    .basicsize = sizeof(AsendObj),
    .flags = TPF_GC,
    .dealloc = aw_dealloc,
    .traverse = aw_traverse,
    .iter = self_iter,
    .iternext = aw_iternext,
    .methods = aw_methods,
};

static TypeObj athrow_type = {
    .base = TYPE_HEAD_INIT,
    .name = "async_generator_athrow",
    .basicsize = sizeof(AsendObj),
    .flags = TPF_GC,
    .dealloc = aw_dealloc,
    .traverse = aw_traverse,
    .iter = self_iter,
    .iternext = aw_iternext,
    .methods = aw_methods,
};

/* sys.set_asyncgen_hooks: firstiter runs on the first asend/athrow/aclose. */
static int init_hooks(GenObj *g)
{
    if (g->hooks_inited)
        return 0;
    g->hooks_inited = true;
    Obj *get = sys_get_borrow("get_asyncgen_hooks");
    if (!get)
        return 0;
    Obj *hooks = obj_call(get, NULL, 0, NULL);
    if (!hooks)
        return -1;
    int rc = 0;
    if (TUPLE_CHECK(hooks) && TUPLE_LEN(hooks) == 2) {
        Obj *firstiter = TUPLE_ITEMS(hooks)[0], *finalizer = TUPLE_ITEMS(hooks)[1];
        if (finalizer != NONE)
            obj_setref(&g->finalizer, INCREF(finalizer));
        if (firstiter != NONE) {
            Obj *arg = (Obj *)g;
            Obj *r = obj_call(firstiter, &arg, 1, NULL);
            if (!r)
                rc = -1;
            XDECREF(r);
        }
    }
    DECREF(hooks);
    return rc;
}

static Obj *ag_anext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    if (init_hooks(GEN(self)) < 0)
        return NULL;
    return aw_new(&asend_type, self, NULL, false);
}

static Obj *ag_asend(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    if (nargs != 1) {
        vm_err_format(&exc_TypeError, "asend() takes exactly one argument (%zd given)", nargs);
        return NULL;
    }
    if (init_hooks(GEN(self)) < 0)
        return NULL;
    return aw_new(&asend_type, self, args[0], false);
}

static Obj *ag_athrow(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("athrow", kw) < 0 || args_count("athrow", nargs, 1, 3) < 0)
        return NULL;
    if (nargs > 1 && warn_throw_signature("athrow") < 0)
        return NULL;
    if (init_hooks(GEN(self)) < 0)
        return NULL;
    Obj *t = tuple_from_array(args, nargs);
    if (!t)
        return NULL;
    Obj *r = aw_new(&athrow_type, self, t, true);
    DECREF(t);
    return r;
}

static Obj *ag_aclose(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    if (init_hooks(GEN(self)) < 0)
        return NULL;
    return aw_new(&athrow_type, self, NULL, true);
}

static Obj *ag_aiter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return INCREF(self);
}

static MethodDef ag_methods[] = {
    {"asend", ag_asend, METH_FAST, "asend(v) -> send 'v' in generator."},
    {"athrow", ag_athrow, METH_FAST, "athrow(typ[,val[,tb]]) -> raise exception in generator."},
    {"aclose", ag_aclose, METH_NOARGS, "aclose() -> raise GeneratorExit inside generator."},
    {"__aiter__", ag_aiter, METH_NOARGS, "Return an awaitable, that resolves in asynchronous iterator."},
    {"__anext__", ag_anext, METH_NOARGS, "Return a value or raise StopAsyncIteration."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef ag_getset[] = {
    {"ag_frame", g_get_frame, NULL, NULL, NULL},
    {"ag_running", ag_get_running, NULL, NULL, NULL},
    {"ag_suspended", g_get_suspended, NULL, NULL, NULL},
    {"ag_code", g_get_code, NULL, NULL, NULL},
    {"ag_await", g_get_yf, NULL, NULL, NULL},
    {"__name__", g_get_name, g_set_name, NULL, NULL},
    {"__qualname__", g_get_qualname, g_set_qualname, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj async_generator_type = {
    .base = TYPE_HEAD_INIT,
    .name = "async_generator",
    .basicsize = sizeof(GenObj),
    .flags = TPF_GC,
    .dealloc = gen_dealloc,
    .repr = gen_repr,
    .traverse = gen_traverse,
    .finalize = gen_finalize,
    .methods = ag_methods,
    .getset = ag_getset,
    .weaklistoffset = offsetof(GenObj, weakreflist),
};

int gen_types_ready(void)
{
    TypeObj *types[] = {&generator_type, &coroutine_type, &async_generator_type, &coro_wrapper_type,
                        &wrapped_value_type, &asend_type, &athrow_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (type_ready(types[i]) < 0)
            return -1;
    return 0;
}

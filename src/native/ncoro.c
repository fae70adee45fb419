/* ncoro.c — native coroutines (ncoro.h).
 *
 * Driving follows `await`: the inner awaitable's iterator gets every send
 * and throw; when it yields, the value goes out of send(); when it
 * returns or raises, the step function runs with the result or the
 * exception.  A coroutine or generator inner is resumed with gen_send_ex,
 * any other iterator through __next__/send/throw; throw() into a
 * coroutine that awaits nothing hands the exception to the step.
 */
#include "config.h"

#include "src/native/ncoro.h"

Obj ncoro_pending_obj = OBJ_HEAD_INIT(&none_type);

static TypeObj ncoro_type;

static void nc_dealloc(Obj *o)
{
    NCoro *c = (NCoro *)o;
    gc_untrack(o);
    CLEAR(c->state);
    CLEAR(c->inner);
    for (int i = 0; i < NCORO_SLOTS; i++) CLEAR(c->slot[i]);
    obj_free(o);
}

static int nc_traverse(Obj *o, VisitFn visit, void *arg)
{
    NCoro *c = (NCoro *)o;
    Obj *v[2 + NCORO_SLOTS] = {c->state, c->inner};
    for (int i = 0; i < NCORO_SLOTS; i++) v[2 + i] = c->slot[i];
    for (int i = 0; i < 2 + NCORO_SLOTS; i++)
        if (v[i]) {
            int r = visit(v[i], arg);
            if (r) return r;
        }
    return 0;
}

static int nc_clear(Obj *o)
{
    NCoro *c = (NCoro *)o;
    CLEAR(c->state);
    CLEAR(c->inner);
    for (int i = 0; i < NCORO_SLOTS; i++) CLEAR(c->slot[i]);
    return 0;
}

static Obj *nc_repr(Obj *o)
{
    return str_from_fmt("<coroutine object %s at %p>", ((NCoro *)o)->qualname, (void *)o);
}

void ncoro_set(NCoro *co, int i, Obj *v) { obj_setref(&co->slot[i], v); }

Obj *ncoro_await(NCoro *co, Obj *aw, int next)
{
    Obj *it;
    if (gen_check(aw)) {
        it = INCREF(aw);
    } else if (type_lookup(OBJ_TYPE(aw), id_str("__await__"))) {
        it = obj_call_method(aw, "__await__", NULL, 0);
        if (!it) return NULL;
        if (!OBJ_TYPE(it)->iternext) {
            vm_err_format(&exc_TypeError, "__await__() returned non-iterator of type '%s'",
                          type_name(OBJ_TYPE(it)));
            DECREF(it);
            return NULL;
        }
    } else {
        vm_err_format(&exc_TypeError, "object %s can't be used in 'await' expression", type_name(OBJ_TYPE(aw)));
        return NULL;
    }
    obj_setref(&co->inner, it);
    co->phase = next;
    return NCORO_PENDING;
}

/* Resume the inner iterator: 1 yielded *out, 0 finished with *out, -1 raised. */
static int inner_resume(Obj *inner, Obj *value, Obj *exc, Obj **out)
{
    *out = NULL;
    if (!exc && gen_check(inner)) {
        int st = gen_send_ex(inner, value, NULL, out);
        return st == GEN_YIELD ? 1 : st == GEN_RETURN ? 0 : -1;
    }
    Obj *r;
    if (exc) {
        Obj *meth = NULL;
        if (obj_lookup_attr(inner, id_str("throw"), &meth) < 0) return -1;
        if (!meth) {
            vm_err_restore(INCREF(exc));
            return -1;
        }
        r = obj_call(meth, &exc, 1, NULL);
        DECREF(meth);
    } else if (value == NONE && OBJ_TYPE(inner)->iternext) {
        r = OBJ_TYPE(inner)->iternext(inner);
        if (!r && !vm_err_occurred()) {
            *out = INCREF(NONE);
            return 0;
        }
    } else {
        r = obj_call_method(inner, "send", &value, 1);
    }
    if (r) {
        *out = r;
        return 1;
    }
    if (vm_err_matches(&exc_StopIteration)) {
        *out = gen_fetch_stop_iteration_value();
        return *out ? 0 : -1;
    }
    return -1;
}

/* send(value) / throw(exc): the next value yielded, or NULL (StopIteration
 * with the result, or the exception). */
static Obj *drive(NCoro *co, Obj *value, Obj *exc)
{
    if (co->done) {
        if (exc) vm_err_restore(INCREF(exc));
        else vm_err_set_str(&exc_RuntimeError, "cannot reuse already awaited coroutine");
        return NULL;
    }
    if (co->running) {
        vm_err_set_str(&exc_ValueError, "coroutine already executing");
        return NULL;
    }
    co->running = true;
    INCREF(co);
    Obj *v = value ? INCREF(value) : NULL, *e = exc ? INCREF(exc) : NULL, *res = NULL;
    for (;;) {
        if (co->inner) {
            Obj *out;
            int st = inner_resume(co->inner, v ? v : NONE, e, &out);
            CLEAR(v);
            CLEAR(e);
            if (st > 0) {
                res = out;
                break;
            }
            CLEAR(co->inner);
            if (st == 0) v = out;
            else e = vm_err_fetch();
        } else if (e && co->phase == 0) {
            /* thrown in before it started: raised at once */
            co->done = true;
            vm_err_restore(e);
            e = NULL;
            CLEAR(v);
            break;
        }
        Obj *r = co->step(co, v ? v : NONE, e);
        CLEAR(v);
        CLEAR(e);
        if (r == NCORO_PENDING) {
            v = INCREF(NONE);
            continue;
        }
        co->done = true;
        if (r) {
            gen_set_stop_iteration(r);
            DECREF(r);
        } else if (vm_err_matches(&exc_StopIteration)) {
            Obj *si = vm_err_fetch();
            vm_err_set_str(&exc_RuntimeError, "coroutine raised StopIteration");
            Obj *x = vm_err_fetch();
            obj_setref(&((ExcObj *)x)->cause, si);
            ((ExcObj *)x)->suppress_context = true;
            vm_err_restore(x);
        }
        break;
    }
    co->running = false;
    DECREF(co);
    return res;
}

static Obj *nc_next(Obj *o) { return drive((NCoro *)o, NONE, NULL); }

static Obj *nc_send(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return drive((NCoro *)self, args[0], NULL);
}

static Obj *nc_throw(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("throw", kw) < 0 || args_count("throw", nargs, 1, 3) < 0) return NULL;
    Obj *exc;
    if (TYPE_CHECK(args[0]) && type_is_subtype((TypeObj *)args[0], &exc_BaseException)) {
        exc = nargs > 1 && args[1] != NONE && EXC_CHECK(args[1]) ? INCREF(args[1])
                                                                 : obj_call(args[0], NULL, 0, NULL);
        if (!exc) return NULL;
    } else if (EXC_CHECK(args[0])) {
        exc = INCREF(args[0]);
    } else {
        vm_err_set_str(&exc_TypeError, "exceptions must be classes or instances deriving from BaseException, not str");
        return NULL;
    }
    Obj *r = drive((NCoro *)self, NULL, exc);
    DECREF(exc);
    return r;
}

static Obj *nc_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    NCoro *co = (NCoro *)self;
    co->done = true;
    if (co->inner) {
        Obj *inner = co->inner;
        co->inner = NULL;
        Obj *meth = NULL;
        int r = obj_lookup_attr(inner, id_str("close"), &meth);
        Obj *res = r > 0 ? obj_call(meth, NULL, 0, NULL) : NULL;
        XDECREF(meth);
        DECREF(inner);
        if (r < 0 || (r > 0 && !res)) return NULL;
        XDECREF(res);
    }
    return INCREF(NONE);
}

static Obj *nc_await(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

static MethodDef nc_methods[] = {
    {"send", nc_send, METH_O, NULL},
    {"throw", nc_throw, METH_FAST, NULL},
    {"close", nc_close, METH_NOARGS, NULL},
    {"__await__", nc_await, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj ncoro_type = {
    .base = TYPE_HEAD_INIT, .name = "coroutine", .basicsize = sizeof(NCoro),
    .flags = TPF_GC, .dealloc = nc_dealloc, .repr = nc_repr, .getattro = obj_generic_getattr,
    .iter = iter_self, .iternext = nc_next, .traverse = nc_traverse, .clear = nc_clear,
    .methods = nc_methods,
};

Obj *ncoro_new(NCoroStep step, Obj *state, const char *qualname)
{
    if (!(ncoro_type.flags & TPF_READY) && type_ready(&ncoro_type) < 0) return NULL;
    NCoro *c = (NCoro *)obj_alloc(&ncoro_type, 0);
    if (!c) return NULL;
    c->step = step;
    c->state = xincref(state);
    c->qualname = qualname;
    return (Obj *)c;
}

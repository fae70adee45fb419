/* closure.c — Python-function look-alikes made by native modules
 * (closure.h).  One static type: the captured state is a tuple, the body a
 * C function; everything a program can see (repr, __dict__, binding) is
 * what a nested `def` would show. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "src/native/closure.h"

typedef struct Closure {
    Obj base;
    ClosureFn fn;
    Obj *state;
    Obj *dict;
    Obj *weakreflist;
} Closure;

static TypeObj closure_type;

static void cl_dealloc(Obj *o)
{
    Closure *c = (Closure *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    CLEAR(c->state);
    CLEAR(c->dict);
    obj_free(o);
}

static int cl_traverse(Obj *o, VisitFn visit, void *arg)
{
    Closure *c = (Closure *)o;
    int r = c->state ? visit(c->state, arg) : 0;
    return r ? r : c->dict ? visit(c->dict, arg) : 0;
}

static int cl_clear(Obj *o)
{
    CLEAR(((Closure *)o)->state);
    CLEAR(((Closure *)o)->dict);
    return 0;
}

static Obj *cl_repr(Obj *o)
{
    Closure *c = (Closure *)o;
    Obj *q = c->dict ? dict_get_str_borrow(c->dict, "__qualname__") : NULL;
    if (q && STR_CHECK(q)) return str_from_fmt("<function %S at %p>", q, (void *)o);
    return str_from_fmt("<function ? at %p>", (void *)o);
}

static Obj *cl_get(Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE) return INCREF(self);
    return method_new(self, obj);
}

static Obj *cl_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Closure *c = (Closure *)o;
    if (!c->state) {
        vm_err_set_str(&exc_SystemError, "function state was cleared");
        return NULL;
    }
    return c->fn(c->state, args, nargs, kwnames);
}

static Obj *cl_get_dict(Obj *o, void *x)
{
    (void)x;
    Closure *c = (Closure *)o;
    if (!c->dict && !(c->dict = dict_new())) return NULL;
    return INCREF(c->dict);
}

static int cl_set_dict(Obj *o, Obj *v, void *x)
{
    (void)x;
    if (!v || !DICT_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, v ? "__dict__ must be set to a dictionary" : "cannot delete __dict__");
        return -1;
    }
    obj_setref(&((Closure *)o)->dict, INCREF(v));
    return 0;
}

static GetSetDef cl_getset[] = {
    {"__dict__", cl_get_dict, cl_set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj closure_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(Closure),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = cl_dealloc, .repr = cl_repr,
    .call = cl_call, .getattro = obj_generic_getattr, .setattro = obj_generic_setattr,
    .descr_get = cl_get, .traverse = cl_traverse, .clear = cl_clear,
    .getset = cl_getset, .dictoffset = offsetof(Closure, dict),
    .weaklistoffset = offsetof(Closure, weakreflist),
};

Obj *closure_new(ClosureFn fn, Obj *state, const char *module, const char *qualname)
{
    if (!(closure_type.flags & TPF_READY) && type_ready(&closure_type) < 0) return NULL;
    Closure *c = (Closure *)obj_alloc(&closure_type, 0);
    if (!c) return NULL;
    c->fn = fn;
    c->state = INCREF(state);
    const char *dot = strrchr(qualname, '.');
    Obj *mod = str_from_cstr(module), *q = str_from_cstr(qualname), *nm = str_from_cstr(dot ? dot + 1 : qualname);
    c->dict = dict_new();
    int r = mod && q && nm && c->dict && dict_set_str(c->dict, "__module__", mod) == 0 &&
                    dict_set_str(c->dict, "__qualname__", q) == 0 && dict_set_str(c->dict, "__name__", nm) == 0 &&
                    dict_set_str(c->dict, "__doc__", NONE) == 0
                ? 0
                : -1;
    XDECREF(mod);
    XDECREF(q);
    XDECREF(nm);
    if (r < 0) {
        DECREF(c);
        return NULL;
    }
    return (Obj *)c;
}

Obj *closure_state(Obj *o)
{
    return OBJ_TYPE(o) == &closure_type ? ((Closure *)o)->state : NULL;
}

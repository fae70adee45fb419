/* abstractfn.c — abstract method descriptors for natively built ABCs
 * (abstractfn.h).  The wrapper binds, calls and reprs as the method
 * descriptor it holds; only __isabstractmethod__ differs. */
#include "config.h"

#include "src/native/abstractfn.h"

typedef struct AbstractFn { Obj base; Obj *inner; } AbstractFn;

static void afn_dealloc(Obj *o)
{
    gc_untrack(o);
    XDECREF(((AbstractFn *)o)->inner);
    obj_free(o);
}

static int afn_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *in = ((AbstractFn *)o)->inner;
    return in ? visit(in, arg) : 0;
}

static Obj *afn_get(Obj *o, Obj *obj, Obj *type)
{
    Obj *in = ((AbstractFn *)o)->inner;
    if (!obj) return INCREF(o);
    return OBJ_TYPE(in)->descr_get(in, obj, type);
}

static Obj *afn_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return obj_call(((AbstractFn *)o)->inner, args, nargs, kwnames);
}

static Obj *afn_repr(Obj *o) { return obj_repr(((AbstractFn *)o)->inner); }

static Obj *afn_getattro(Obj *o, Obj *name)
{
    if (STR_CHECK(name) && str_eq_cstr(name, "__isabstractmethod__")) return bool_from(true);
    return obj_getattr(((AbstractFn *)o)->inner, name);
}

static TypeObj abstractfn_type = {
    .base = TYPE_HEAD_INIT, .name = "method_descriptor", .basicsize = sizeof(AbstractFn),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = afn_dealloc, .repr = afn_repr,
    .call = afn_call, .descr_get = afn_get, .getattro = afn_getattro, .traverse = afn_traverse,
};

Obj *abstract_method_new(TypeObj *owner, const MethodDef *def)
{
    if (!(abstractfn_type.flags & TPF_READY) && type_ready(&abstractfn_type) < 0) return NULL;
    Obj *in = method_descr_new(owner, def);
    if (!in) return NULL;
    AbstractFn *a = (AbstractFn *)obj_alloc(&abstractfn_type, 0);
    if (!a) {
        DECREF(in);
        return NULL;
    }
    a->inner = in;
    return (Obj *)a;
}

/* descr.c — descriptors and builtin callables: builtin functions / bound
 * builtin methods (BuiltinObj), method descriptors of builtin types (and
 * their classmethod form), getset and member descriptors, slot wrappers and
 * method-wrappers, the builtin __new__ of static types, property,
 * staticmethod, classmethod and mappingproxy.
 *
 * Invariant: a descriptor owned by type T checks that the instance it is
 * applied to is a T before calling C code that assumes T's layout, with
 * CPython's messages ("descriptor 'append' for 'list' objects doesn't apply
 * to a 'int' object").
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/obj/objimpl.h"

/* The descriptor header shared by method, classmethod, getset, member. */
typedef struct DescrObj {
    Obj base;
    TypeObj *owner;
    Obj *name;
    const void *def;
} DescrObj;

static void descr_dealloc(Obj *o)
{
    DescrObj *d = (DescrObj *)o;
    XDECREF(d->owner);
    XDECREF(d->name);
    obj_free(o);
}

static int descr_traverse(Obj *o, VisitFn visit, void *arg)
{
    DescrObj *d = (DescrObj *)o;
    return d->owner ? visit((Obj *)d->owner, arg) : 0;
}

static Obj *descr_new(TypeObj *dt, TypeObj *owner, const char *name, const void *def)
{
    DescrObj *d = (DescrObj *)obj_alloc(dt, 0);
    if (!d) return NULL;
    d->owner = (TypeObj *)INCREF(owner);
    d->name = str_from_cstr(name);
    d->def = def;
    if (!d->name) {
        DECREF(d);
        return NULL;
    }
    return (Obj *)d;
}

/* The instance check of every descriptor. */
static int descr_check(DescrObj *d, Obj *obj)
{
    if (!type_is_subtype(OBJ_TYPE(obj), d->owner)) {
        vm_err_format(&exc_TypeError, "descriptor '%U' for '%s' objects doesn't apply to a '%s' object",
                      d->name, d->owner->name, type_name(OBJ_TYPE(obj)));
        return -1;
    }
    return 0;
}

static Obj *descr_get_name(Obj *o, void *c)
{
    (void)c;
    return INCREF(((DescrObj *)o)->name);
}
static Obj *descr_get_qualname(Obj *o, void *c)
{
    (void)c;
    DescrObj *d = (DescrObj *)o;
    return core_fmt("%s.%U", type_name(d->owner), d->name);
}
static Obj *descr_get_objclass(Obj *o, void *c)
{
    (void)c;
    return INCREF(((DescrObj *)o)->owner);
}
static Obj *method_get_doc(Obj *o, void *c)
{
    (void)c;
    const MethodDef *m = ((DescrObj *)o)->def;
    return m->doc ? str_from_cstr(m->doc) : INCREF(NONE);
}
static Obj *getset_get_doc(Obj *o, void *c)
{
    (void)c;
    const GetSetDef *g = ((DescrObj *)o)->def;
    return g->doc ? str_from_cstr(g->doc) : INCREF(NONE);
}
static Obj *none_getter(Obj *o, void *c)
{
    (void)o; (void)c;
    return INCREF(NONE);
}

static GetSetDef method_descr_getset[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", method_get_doc, NULL, NULL, NULL},
    {"__text_signature__", none_getter, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static GetSetDef getset_descr_getset[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", getset_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static GetSetDef member_descr_getset[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {"__doc__", none_getter, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- calling a MethodDef ------------------------------------------------------- */

/* "list.append" for methods of types, "len" for functions. */
static void qual_name(SBuf *b, const MethodDef *def, Obj *self)
{
    if (self && TYPE_CHECK(self) && false) sbuf_puts(b, type_name((TypeObj *)self));
    if (self && !IS_TYPE(self, module_type)) {
        TypeObj *t = TYPE_CHECK(self) ? (TypeObj *)self : OBJ_TYPE(self);
        sbuf_printf(b, "%s.", type_name(t));
    }
    sbuf_puts(b, def->name);
}

static Obj *call_def(const MethodDef *def, Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    int kind = def->flags & (METH_NOARGS | METH_O);
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (kind && nkw) {
        SBuf b = SBUF_INIT;
        qual_name(&b, def, self);
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", sbuf_cstr(&b));
        sbuf_free(&b);
        return NULL;
    }
    if (kind == METH_NOARGS && nargs != 0) {
        SBuf b = SBUF_INIT;
        qual_name(&b, def, self);
        vm_err_format(&exc_TypeError, "%s() takes no arguments (%zd given)", sbuf_cstr(&b), nargs);
        sbuf_free(&b);
        return NULL;
    }
    if (kind == METH_O && nargs != 1) {
        SBuf b = SBUF_INIT;
        qual_name(&b, def, self);
        vm_err_format(&exc_TypeError, "%s() takes exactly one argument (%zd given)", sbuf_cstr(&b),
                      nargs);
        sbuf_free(&b);
        return NULL;
    }
    return def->fn(self, args, nargs, kwnames);
}

/* ---- builtin functions and bound builtin methods --------------------------------- */

Obj *builtin_new(const MethodDef *def, Obj *self, Obj *module)
{
    BuiltinObj *b = (BuiltinObj *)obj_alloc(&builtin_function_type, 0);
    if (!b) return NULL;
    b->def = def;
    b->self = xincref(self);
    b->module = xincref(module);
    return (Obj *)b;
}

static void builtin_dealloc(Obj *o)
{
    BuiltinObj *b = (BuiltinObj *)o;
    if (b->weakreflist) weakref_clear_refs(o);
    XDECREF(b->self);
    XDECREF(b->module);
    obj_free(o);
}

static int builtin_traverse(Obj *o, VisitFn visit, void *arg)
{
    BuiltinObj *b = (BuiltinObj *)o;
    int r;
    if (b->self && (r = visit(b->self, arg))) return r;
    if (b->module && (r = visit(b->module, arg))) return r;
    return 0;
}

static Obj *builtin_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    BuiltinObj *b = (BuiltinObj *)o;
    return call_def(b->def, b->self, args, nargs, kwnames);
}

static Obj *builtin_repr(Obj *o)
{
    BuiltinObj *b = (BuiltinObj *)o;
    if (!b->self || IS_TYPE(b->self, module_type))
        return core_fmt("<built-in function %s>", b->def->name);
    return core_fmt("<built-in method %s of %s object at %p>", b->def->name,
                    type_name(OBJ_TYPE(b->self)), (void *)b->self);
}

static Obj *builtin_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, builtin_function_type))
        return INCREF(NOTIMPL);
    BuiltinObj *x = (BuiltinObj *)a, *y = (BuiltinObj *)b;
    bool eq = x->def == y->def && x->self == y->self;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Hash builtin_hash(Obj *o)
{
    BuiltinObj *b = (BuiltinObj *)o;
    Hash x = b->self ? obj_hash(b->self) : 0;
    if (x == -1) return -1;
    Hash y = (Hash)(((uintptr_t)b->def >> 4) | ((uintptr_t)b->def << (8 * sizeof(void *) - 4)));
    x ^= y;
    return x == -1 ? -2 : x;
}

static Obj *builtin_get_name(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(((BuiltinObj *)o)->def->name);
}
static Obj *builtin_get_qualname(Obj *o, void *c)
{
    (void)c;
    BuiltinObj *b = (BuiltinObj *)o;
    if (!b->self || IS_TYPE(b->self, module_type)) return str_from_cstr(b->def->name);
    TypeObj *t = TYPE_CHECK(b->self) ? (TypeObj *)b->self : OBJ_TYPE(b->self);
    Obj *tq = obj_getattr((Obj *)t, id_str("__qualname__"));
    if (!tq) return NULL;
    Obj *r = core_fmt("%U.%s", tq, b->def->name);
    DECREF(tq);
    return r;
}
static Obj *builtin_get_self(Obj *o, void *c)
{
    (void)c;
    BuiltinObj *b = (BuiltinObj *)o;
    return INCREF(b->self ? b->self : NONE);
}
static Obj *builtin_get_module(Obj *o, void *c)
{
    (void)c;
    BuiltinObj *b = (BuiltinObj *)o;
    return INCREF(b->module ? b->module : NONE);
}
static int builtin_set_module(Obj *o, Obj *v, void *c)
{
    (void)c;
    BuiltinObj *b = (BuiltinObj *)o;
    obj_setref(&b->module, xincref(v));
    return 0;
}
static Obj *builtin_get_doc(Obj *o, void *c)
{
    (void)c;
    BuiltinObj *b = (BuiltinObj *)o;
    return b->def->doc ? str_from_cstr(b->def->doc) : INCREF(NONE);
}
static Obj *builtin_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    BuiltinObj *b = (BuiltinObj *)self;
    if (!b->self || IS_TYPE(b->self, module_type)) return str_from_cstr(b->def->name);
    Obj *getattr_ = dict_get_str_borrow(vm->builtins ? vm->builtins : NONE, "getattr");
    if (!getattr_) return str_from_cstr(b->def->name);
    Obj *nm = str_from_cstr(b->def->name);
    Obj *r = nm ? tuple_pack(2, getattr_, tuple_pack(2, b->self, nm)) : NULL;
    XDECREF(nm);
    return r;
}

static GetSetDef builtin_getset[] = {
    {"__name__", builtin_get_name, NULL, NULL, NULL},
    {"__qualname__", builtin_get_qualname, NULL, NULL, NULL},
    {"__self__", builtin_get_self, NULL, NULL, NULL},
    {"__module__", builtin_get_module, builtin_set_module, NULL, NULL},
    {"__doc__", builtin_get_doc, NULL, NULL, NULL},
    {"__text_signature__", none_getter, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static MethodDef builtin_methods[] = {
    {"__reduce__", builtin_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj builtin_function_type = {
    .base = TYPE_HEAD_INIT, .name = "builtin_function_or_method", .basicsize = sizeof(BuiltinObj),
    .flags = TPF_GC, .dealloc = builtin_dealloc, .repr = builtin_repr, .hash = builtin_hash,
    .call = builtin_call, .richcompare = builtin_richcompare, .traverse = builtin_traverse,
    .getset = builtin_getset, .methods = builtin_methods,
    .weaklistoffset = offsetof(BuiltinObj, weakreflist),
};

/* ---- method descriptors ---------------------------------------------------------------- */

Obj *method_descr_new(TypeObj *owner, const MethodDef *def)
{
    return descr_new(&method_descr_type, owner, def->name, def);
}

static Obj *method_descr_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    DescrObj *d = (DescrObj *)o;
    if (!obj) return INCREF(o);
    if (descr_check(d, obj) < 0) return NULL;
    return builtin_new(d->def, obj, NULL);
}

static Obj *method_descr_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    DescrObj *d = (DescrObj *)o;
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "unbound method %s.%U() needs an argument",
                      type_name(d->owner), d->name);
        return NULL;
    }
    if (descr_check(d, args[0]) < 0) return NULL;
    return call_def(d->def, args[0], args + 1, nargs - 1, kwnames);
}

static Obj *method_descr_repr(Obj *o)
{
    DescrObj *d = (DescrObj *)o;
    return core_fmt("<method '%U' of '%s' objects>", d->name, d->owner->name);
}

TypeObj method_descr_type = {
    .base = TYPE_HEAD_INIT, .name = "method_descriptor", .basicsize = sizeof(DescrObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = descr_dealloc, .repr = method_descr_repr,
    .call = method_descr_call, .descr_get = method_descr_get, .traverse = descr_traverse,
    .getset = method_descr_getset,
};

/* ---- classmethod descriptors (dict.fromkeys) ------------------------------------------- */

Obj *classmethod_descr_new(TypeObj *owner, const MethodDef *def)
{
    return descr_new(&classmethod_descr_type, owner, def->name, def);
}

static Obj *classmethod_descr_get(Obj *o, Obj *obj, Obj *type)
{
    DescrObj *d = (DescrObj *)o;
    if (!type) type = (Obj *)OBJ_TYPE(obj);
    if (!TYPE_CHECK(type)) {
        vm_err_format(&exc_TypeError, "descriptor '%U' for type '%s' needs a type, not a '%s' as arg 2",
                      d->name, d->owner->name, type_name(OBJ_TYPE(type)));
        return NULL;
    }
    if (!type_is_subtype((TypeObj *)type, d->owner)) {
        vm_err_format(&exc_TypeError, "descriptor '%U' requires a subtype of '%s' but received '%s'",
                      d->name, d->owner->name, ((TypeObj *)type)->name);
        return NULL;
    }
    return builtin_new(d->def, type, NULL);
}

static Obj *classmethod_descr_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    DescrObj *d = (DescrObj *)o;
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "descriptor '%U' of '%s' object needs an argument", d->name,
                      d->owner->name);
        return NULL;
    }
    Obj *b = classmethod_descr_get(o, NULL, args[0]);
    if (!b) return NULL;
    Obj *r = obj_call(b, args + 1, nargs - 1, kwnames);
    DECREF(b);
    return r;
}

TypeObj classmethod_descr_type = {
    .base = TYPE_HEAD_INIT, .name = "classmethod_descriptor", .basicsize = sizeof(DescrObj),
    .flags = TPF_GC, .dealloc = descr_dealloc, .repr = method_descr_repr,
    .call = classmethod_descr_call, .descr_get = classmethod_descr_get, .traverse = descr_traverse,
    .getset = method_descr_getset,
};

/* ---- getset descriptors ------------------------------------------------------------------ */

Obj *getset_descr_new(TypeObj *owner, const GetSetDef *def)
{
    return descr_new(&getset_descr_type, owner, def->name, def);
}

static Obj *getset_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    DescrObj *d = (DescrObj *)o;
    if (!obj) return INCREF(o);
    if (descr_check(d, obj) < 0) return NULL;
    const GetSetDef *g = d->def;
    if (!g->get) {
        vm_err_format(&exc_AttributeError, "attribute '%U' of '%s' objects is not readable", d->name,
                      d->owner->name);
        return NULL;
    }
    return g->get(obj, g->closure);
}

static int getset_set(Obj *o, Obj *obj, Obj *value)
{
    DescrObj *d = (DescrObj *)o;
    if (descr_check(d, obj) < 0) return -1;
    const GetSetDef *g = d->def;
    if (!g->set) {
        vm_err_format(&exc_AttributeError, "attribute '%U' of '%s' objects is not writable", d->name,
                      d->owner->name);
        return -1;
    }
    return g->set(obj, value, g->closure);
}

static Obj *getset_repr(Obj *o)
{
    DescrObj *d = (DescrObj *)o;
    return core_fmt("<attribute '%U' of '%s' objects>", d->name, d->owner->name);
}

TypeObj getset_descr_type = {
    .base = TYPE_HEAD_INIT, .name = "getset_descriptor", .basicsize = sizeof(DescrObj),
    .flags = TPF_GC, .dealloc = descr_dealloc, .repr = getset_repr, .descr_get = getset_get,
    .descr_set = getset_set, .traverse = descr_traverse, .getset = getset_descr_getset,
};

/* ---- member descriptors (__slots__) ------------------------------------------------------ */

Obj *member_descr_new(TypeObj *owner, const MemberDef *def)
{
    return descr_new(&member_descr_type, owner, def->name, def);
}

static Obj *member_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    DescrObj *d = (DescrObj *)o;
    if (!obj) return INCREF(o);
    if (descr_check(d, obj) < 0) return NULL;
    const MemberDef *m = d->def;
    Obj *v = *(Obj **)((char *)obj + m->offset);
    if (!v) {
        if (m->kind == MEMBER_OBJ_NONE) return INCREF(NONE);
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute '%U'",
                      OBJ_TYPE(obj)->name, d->name);
        return NULL;
    }
    return INCREF(v);
}

static int member_set(Obj *o, Obj *obj, Obj *value)
{
    DescrObj *d = (DescrObj *)o;
    if (descr_check(d, obj) < 0) return -1;
    const MemberDef *m = d->def;
    if (m->readonly) {
        vm_err_set_str(&exc_AttributeError, "readonly attribute");
        return -1;
    }
    Obj **slot = (Obj **)((char *)obj + m->offset);
    if (!value && !*slot && m->kind == MEMBER_OBJ) {
        vm_err_set_obj(&exc_AttributeError, d->name);
        return -1;
    }
    obj_setref(slot, xincref(value));
    return 0;
}

static Obj *member_repr(Obj *o)
{
    DescrObj *d = (DescrObj *)o;
    return core_fmt("<member '%U' of '%s' objects>", d->name, d->owner->name);
}

TypeObj member_descr_type = {
    .base = TYPE_HEAD_INIT, .name = "member_descriptor", .basicsize = sizeof(DescrObj),
    .flags = TPF_GC, .dealloc = descr_dealloc, .repr = member_repr, .descr_get = member_get,
    .descr_set = member_set, .traverse = descr_traverse, .getset = member_descr_getset,
};

/* ---- slot wrappers and method-wrappers ------------------------------------------------------ */

Obj *wrapper_descr_new(TypeObj *owner, const SlotDef *def, void *wrapped)
{
    WrapperDescrObj *w = (WrapperDescrObj *)obj_alloc(&wrapper_descr_type, 0);
    if (!w) return NULL;
    w->owner = (TypeObj *)INCREF(owner);
    w->def = def;
    w->wrapped = wrapped;
    return (Obj *)w;
}

static void wrapper_descr_dealloc(Obj *o)
{
    XDECREF(((WrapperDescrObj *)o)->owner);
    obj_free(o);
}

static int wrapper_descr_traverse(Obj *o, VisitFn visit, void *arg)
{
    return visit((Obj *)((WrapperDescrObj *)o)->owner, arg);
}

typedef struct MethodWrapperObj { Obj base; WrapperDescrObj *descr; Obj *self; } MethodWrapperObj;

static Obj *wrapper_descr_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    WrapperDescrObj *w = (WrapperDescrObj *)o;
    if (!obj) return INCREF(o);
    if (!type_is_subtype(OBJ_TYPE(obj), w->owner)) {
        vm_err_format(&exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                      w->def->name, w->owner->name, type_name(OBJ_TYPE(obj)));
        return NULL;
    }
    MethodWrapperObj *m = (MethodWrapperObj *)obj_alloc(&method_wrapper_type, 0);
    if (!m) return NULL;
    m->descr = (WrapperDescrObj *)INCREF(w);
    m->self = INCREF(obj);
    return (Obj *)m;
}

static Obj *wrapper_descr_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    WrapperDescrObj *w = (WrapperDescrObj *)o;
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "descriptor '%s' of '%s' object needs an argument", w->def->name,
                      w->owner->name);
        return NULL;
    }
    if (!type_is_subtype(OBJ_TYPE(args[0]), w->owner)) {
        vm_err_format(&exc_TypeError, "descriptor '%s' requires a '%s' object but received a '%s'",
                      w->def->name, w->owner->name, type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    return w->def->wrapper(args[0], args + 1, nargs - 1, kwnames, w->wrapped, w->def);
}

static Obj *wrapper_descr_repr(Obj *o)
{
    WrapperDescrObj *w = (WrapperDescrObj *)o;
    return core_fmt("<slot wrapper '%s' of '%s' objects>", w->def->name, w->owner->name);
}

static Obj *wrapper_get_name(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(((WrapperDescrObj *)o)->def->name);
}
static Obj *wrapper_get_qualname(Obj *o, void *c)
{
    (void)c;
    WrapperDescrObj *w = (WrapperDescrObj *)o;
    return core_fmt("%s.%s", type_name(w->owner), w->def->name);
}
static Obj *wrapper_get_objclass(Obj *o, void *c)
{
    (void)c;
    return INCREF(((WrapperDescrObj *)o)->owner);
}
static GetSetDef wrapper_descr_getset[] = {
    {"__name__", wrapper_get_name, NULL, NULL, NULL},
    {"__qualname__", wrapper_get_qualname, NULL, NULL, NULL},
    {"__objclass__", wrapper_get_objclass, NULL, NULL, NULL},
    {"__doc__", none_getter, NULL, NULL, NULL},
    {"__text_signature__", none_getter, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj wrapper_descr_type = {
    .base = TYPE_HEAD_INIT, .name = "wrapper_descriptor", .basicsize = sizeof(WrapperDescrObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = wrapper_descr_dealloc, .repr = wrapper_descr_repr,
    .call = wrapper_descr_call, .descr_get = wrapper_descr_get, .traverse = wrapper_descr_traverse,
    .getset = wrapper_descr_getset,
};

static void method_wrapper_dealloc(Obj *o)
{
    MethodWrapperObj *m = (MethodWrapperObj *)o;
    XDECREF(m->descr);
    XDECREF(m->self);
    obj_free(o);
}

static int method_wrapper_traverse(Obj *o, VisitFn visit, void *arg)
{
    MethodWrapperObj *m = (MethodWrapperObj *)o;
    int r;
    if ((r = visit((Obj *)m->descr, arg))) return r;
    return visit(m->self, arg);
}

static Obj *method_wrapper_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    MethodWrapperObj *m = (MethodWrapperObj *)o;
    return m->descr->def->wrapper(m->self, args, nargs, kwnames, m->descr->wrapped, m->descr->def);
}

static Obj *method_wrapper_repr(Obj *o)
{
    MethodWrapperObj *m = (MethodWrapperObj *)o;
    return core_fmt("<method-wrapper '%s' of %s object at %p>", m->descr->def->name,
                    type_name(OBJ_TYPE(m->self)), (void *)m->self);
}

static Obj *method_wrapper_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, method_wrapper_type)) return INCREF(NOTIMPL);
    MethodWrapperObj *x = (MethodWrapperObj *)a, *y = (MethodWrapperObj *)b;
    bool eq = x->descr == y->descr && x->self == y->self;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Obj *mw_get_self(Obj *o, void *c)
{
    (void)c;
    return INCREF(((MethodWrapperObj *)o)->self);
}
static Obj *mw_get_name(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(((MethodWrapperObj *)o)->descr->def->name);
}
static Obj *mw_get_qualname(Obj *o, void *c)
{
    (void)c;
    return wrapper_get_qualname((Obj *)((MethodWrapperObj *)o)->descr, NULL);
}
static Obj *mw_get_objclass(Obj *o, void *c)
{
    (void)c;
    return INCREF(((MethodWrapperObj *)o)->descr->owner);
}
static GetSetDef method_wrapper_getset[] = {
    {"__objclass__", mw_get_objclass, NULL, NULL, NULL},
    {"__text_signature__", none_getter, NULL, NULL, NULL},
    {"__self__", mw_get_self, NULL, NULL, NULL},
    {"__name__", mw_get_name, NULL, NULL, NULL},
    {"__qualname__", mw_get_qualname, NULL, NULL, NULL},
    {"__doc__", none_getter, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj method_wrapper_type = {
    .base = TYPE_HEAD_INIT, .name = "method-wrapper", .basicsize = sizeof(MethodWrapperObj),
    .flags = TPF_GC, .dealloc = method_wrapper_dealloc, .repr = method_wrapper_repr,
    .call = method_wrapper_call, .richcompare = method_wrapper_richcompare,
    .traverse = method_wrapper_traverse, .getset = method_wrapper_getset,
};

/* ---- the builtin __new__ of static types ---------------------------------------------------- */

static Obj *tp_new_wrapper(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    TypeObj *t = (TypeObj *)self;
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "%s.__new__(): not enough arguments", t->name);
        return NULL;
    }
    Obj *arg0 = args[0];
    if (!TYPE_CHECK(arg0)) {
        vm_err_format(&exc_TypeError, "%s.__new__(X): X is not a type object (%s)", t->name,
                      type_name(OBJ_TYPE(arg0)));
        return NULL;
    }
    TypeObj *sub = (TypeObj *)arg0;
    if (!type_is_subtype(sub, t)) {
        vm_err_format(&exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s", t->name,
                      sub->name, sub->name, t->name);
        return NULL;
    }
    /* The most derived static base of sub must use this very __new__. */
    TypeObj *sb = sub;
    while (sb && (sb->flags & TPF_HEAPTYPE)) sb = sb->tp_base;
    if (sb && sb->new_ != t->new_) {
        vm_err_format(&exc_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()", t->name,
                      sub->name, sb->name);
        return NULL;
    }
    return t->new_(sub, args + 1, nargs - 1, kwnames);
}

static const MethodDef new_wrapper_def = {
    "__new__", tp_new_wrapper, METH_FAST,
    "Create and return a new object.  See help(type) for accurate signature.",
};

Obj *new_wrapper_new(TypeObj *t)
{
    return builtin_new(&new_wrapper_def, (Obj *)t, NULL);
}

bool is_new_wrapper(Obj *o, TypeObj **t)
{
    if (!IS_TYPE(o, builtin_function_type) || ((BuiltinObj *)o)->def != &new_wrapper_def) return false;
    if (t) *t = (TypeObj *)((BuiltinObj *)o)->self;
    return true;
}

/* ---- staticmethod / classmethod ------------------------------------------------------------- */

static void sm_dealloc(Obj *o)
{
    StaticMethodObj *s = (StaticMethodObj *)o;
    XDECREF(s->func);
    XDECREF(s->dict);
    obj_free(o);
}

static int sm_traverse(Obj *o, VisitFn visit, void *arg)
{
    StaticMethodObj *s = (StaticMethodObj *)o;
    int r;
    if (s->func && (r = visit(s->func, arg))) return r;
    if (s->dict && (r = visit(s->dict, arg))) return r;
    return 0;
}

static int sm_clear(Obj *o)
{
    StaticMethodObj *s = (StaticMethodObj *)o;
    CLEAR(s->func);
    CLEAR(s->dict);
    return 0;
}

/* Copy __module__, __name__, __qualname__, __doc__ of the wrapped function
 * into the instance dict (functools.wraps-like, 3.10+). */
static int sm_copy_attrs(StaticMethodObj *s)
{
    static const char *const names[] = {"__module__", "__name__", "__qualname__", "__doc__"};
    if (!s->dict && !(s->dict = dict_new())) return -1;
    for (int i = 0; i < 4; i++) {
        Obj *v;
        int r = obj_lookup_attr(s->func, id_str(names[i]), &v);
        if (r < 0) return -1;
        if (r == 0) continue;
        r = dict_set(s->dict, id_str(names[i]), v);
        DECREF(v);
        if (r < 0) return -1;
    }
    return 0;
}

static int sm_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    const char *name = IS_TYPE(o, classmethod_type) || type_is_subtype(OBJ_TYPE(o), &classmethod_type)
                           ? "classmethod" : "staticmethod";
    if (kwnames && TUPLE_LEN(kwnames)) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    if (args_count(name, nargs, 1, 1) < 0) return -1;
    StaticMethodObj *s = (StaticMethodObj *)o;
    obj_setref(&s->func, INCREF(args[0]));
    return sm_copy_attrs(s);
}

static Obj *sm_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return obj_alloc(t, 0);
}

static Obj *sm_get(Obj *o, Obj *obj, Obj *type)
{
    (void)obj; (void)type;
    StaticMethodObj *s = (StaticMethodObj *)o;
    if (!s->func) {
        vm_err_set_str(&exc_RuntimeError, "uninitialized staticmethod object");
        return NULL;
    }
    return INCREF(s->func);
}

static Obj *sm_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    StaticMethodObj *s = (StaticMethodObj *)o;
    if (!s->func) {   /* made by staticmethod.__new__ without __init__ */
        vm_err_set_str(&exc_RuntimeError, "uninitialized staticmethod object");
        return NULL;
    }
    return obj_call(s->func, args, nargs, kwnames);
}

static Obj *sm_repr(Obj *o)
{
    StaticMethodObj *s = (StaticMethodObj *)o;
    const char *n = type_name(OBJ_TYPE(o));
    if (!s->func) return core_fmt("<%s(NULL)>", n);
    return core_fmt("<%s(%R)>", n, s->func);
}

static Obj *sm_get_func(Obj *o, void *c)
{
    (void)c;
    StaticMethodObj *s = (StaticMethodObj *)o;
    return INCREF(s->func ? s->func : NONE);
}

static Obj *sm_get_isabstract(Obj *o, void *c)
{
    (void)c;
    StaticMethodObj *s = (StaticMethodObj *)o;
    Obj *v;
    int r = s->func ? obj_lookup_attr(s->func, id_str("__isabstractmethod__"), &v) : 0;
    if (r < 0) return NULL;
    if (r == 0) return INCREF(FALSE_);
    int t = obj_is_true(v);
    DECREF(v);
    return t < 0 ? NULL : bool_from(t);
}

static Obj *sm_get_dict(Obj *o, void *c)
{
    (void)c;
    StaticMethodObj *s = (StaticMethodObj *)o;
    if (!s->dict && !(s->dict = dict_new())) return NULL;
    return INCREF(s->dict);
}

static GetSetDef sm_getset[] = {
    {"__func__", sm_get_func, NULL, NULL, NULL},
    {"__wrapped__", sm_get_func, NULL, NULL, NULL},
    {"__isabstractmethod__", sm_get_isabstract, NULL, NULL, NULL},
    {"__dict__", sm_get_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj staticmethod_type = {
    .base = TYPE_HEAD_INIT, .name = "staticmethod", .basicsize = sizeof(StaticMethodObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = sm_dealloc, .repr = sm_repr, .call = sm_call,
    .descr_get = sm_get, .traverse = sm_traverse, .clear = sm_clear, .new_ = sm_new,
    .init = sm_init, .getset = sm_getset, .dictoffset = offsetof(StaticMethodObj, dict),
    .doc = "Convert a function to be a static method.",
};

static Obj *cm_get(Obj *o, Obj *obj, Obj *type)
{
    StaticMethodObj *s = (StaticMethodObj *)o;
    if (!s->func) {
        vm_err_set_str(&exc_RuntimeError, "uninitialized classmethod object");
        return NULL;
    }
    if (!type) type = (Obj *)OBJ_TYPE(obj);
    /* 3.9-3.12: a wrapped descriptor is bound through its own __get__. */
    DescrGetFn g = OBJ_TYPE(s->func)->descr_get;
    if (g && !IS_TYPE(s->func, function_type) && !IS_TYPE(s->func, builtin_function_type))
        return g(s->func, type, type);
    return method_new(s->func, type);
}

TypeObj classmethod_type = {
    .base = TYPE_HEAD_INIT, .name = "classmethod", .basicsize = sizeof(StaticMethodObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = sm_dealloc, .repr = sm_repr,
    .descr_get = cm_get, .traverse = sm_traverse, .clear = sm_clear, .new_ = sm_new,
    .init = sm_init, .getset = sm_getset, .dictoffset = offsetof(StaticMethodObj, dict),
    .doc = "Convert a function to be a class method.",
};

/* ---- property ------------------------------------------------------------------------------- */

static void prop_dealloc(Obj *o)
{
    PropertyObj *p = (PropertyObj *)o;
    XDECREF(p->fget);
    XDECREF(p->fset);
    XDECREF(p->fdel);
    XDECREF(p->doc);
    XDECREF(p->name);
    obj_free(o);
}

static int prop_traverse(Obj *o, VisitFn visit, void *arg)
{
    PropertyObj *p = (PropertyObj *)o;
    Obj *v[] = {p->fget, p->fset, p->fdel, p->doc, p->name};
    for (int i = 0; i < 5; i++) {
        int r;
        if (v[i] && (r = visit(v[i], arg))) return r;
    }
    return 0;
}

static int prop_clear(Obj *o)
{
    PropertyObj *p = (PropertyObj *)o;
    CLEAR(p->fget);
    CLEAR(p->fset);
    CLEAR(p->fdel);
    CLEAR(p->doc);
    CLEAR(p->name);
    return 0;
}

/* "property 'x' of 'C' object has no getter" (name left out when unknown) */
static void prop_error(PropertyObj *p, Obj *obj, const char *what)
{
    if (p->name)
        vm_err_format(&exc_AttributeError, "property %R of '%s' object has no %s", p->name,
                      type_name(OBJ_TYPE(obj)), what);
    else
        vm_err_format(&exc_AttributeError, "property of '%s' object has no %s",
                      type_name(OBJ_TYPE(obj)), what);
}

static Obj *prop_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    PropertyObj *p = (PropertyObj *)o;
    if (!obj || obj == NONE) {
        if (!obj) return INCREF(o);
    }
    if (!p->fget) {
        prop_error(p, obj, "getter");
        return NULL;
    }
    return obj_call(p->fget, &obj, 1, NULL);
}

static int prop_set(Obj *o, Obj *obj, Obj *value)
{
    PropertyObj *p = (PropertyObj *)o;
    Obj *f = value ? p->fset : p->fdel;
    if (!f) {
        prop_error(p, obj, value ? "setter" : "deleter");
        return -1;
    }
    Obj *args[2] = {obj, value};
    Obj *r = obj_call(f, args, value ? 2 : 1, NULL);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *prop_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return obj_alloc(t, 0);
}

static int prop_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    Obj *v[4];
    if (args_parse("property", args, nargs, kwnames, names, 4, 0, 0, v) < 0) return -1;
    PropertyObj *p = (PropertyObj *)o;
    for (int i = 0; i < 4; i++)
        if (v[i] == NONE) v[i] = NULL;
    obj_setref(&p->fget, xincref(v[0]));
    obj_setref(&p->fset, xincref(v[1]));
    obj_setref(&p->fdel, xincref(v[2]));
    obj_setref(&p->doc, xincref(v[3]));
    p->getter_doc = false;
    if (!v[3] && p->fget) {
        Obj *d;
        if (obj_lookup_attr(p->fget, id_str("__doc__"), &d) < 0) return -1;
        if (d == NONE) CLEAR(d);
        if (d) {
            /* A property subclass keeps the doc in its instance dict. */
            if (!IS_TYPE(o, property_type)) {
                int r = obj_setattr(o, id_str("__doc__"), d);
                DECREF(d);
                if (r < 0) return -1;
            } else {
                obj_setref(&p->doc, d);
                p->getter_doc = true;
            }
        }
    }
    return 0;
}

/* getter/setter/deleter: a copy of the property with one function replaced. */
static Obj *prop_copy(Obj *self, Obj *get, Obj *set, Obj *del)
{
    PropertyObj *p = (PropertyObj *)self;
    if (!get) get = p->fget;
    if (!set) set = p->fset;
    if (!del) del = p->fdel;
    Obj *doc = p->getter_doc && get != p->fget ? NONE : (p->doc ? p->doc : NONE);
    Obj *args[4] = {get ? get : NONE, set ? set : NONE, del ? del : NONE, doc};
    Obj *n = obj_call((Obj *)OBJ_TYPE(self), args, 4, NULL);
    if (n && type_is_subtype(OBJ_TYPE(n), &property_type))
        obj_setref(&((PropertyObj *)n)->name, xincref(p->name));
    return n;
}

static Obj *prop_getter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return prop_copy(self, a[0] == NONE ? NULL : a[0], NULL, NULL);
}
static Obj *prop_setter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return prop_copy(self, NULL, a[0] == NONE ? NULL : a[0], NULL);
}
static Obj *prop_deleter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return prop_copy(self, NULL, NULL, a[0] == NONE ? NULL : a[0]);
}
static Obj *prop_set_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    if (n != 2) {
        vm_err_format(&exc_TypeError, "__set_name__() takes 2 positional arguments but %zd were given",
                      n);
        return NULL;
    }
    obj_setref(&((PropertyObj *)self)->name, INCREF(a[1]));
    return INCREF(NONE);
}

static MethodDef prop_methods[] = {
    {"getter", prop_getter, METH_O, "Descriptor to obtain a copy of the property with a different getter."},
    {"setter", prop_setter, METH_O, "Descriptor to obtain a copy of the property with a different setter."},
    {"deleter", prop_deleter, METH_O, "Descriptor to obtain a copy of the property with a different deleter."},
    {"__set_name__", prop_set_name, METH_FAST, "Method to set name of a property."},
    {NULL, NULL, 0, NULL},
};

static Obj *prop_get_fget(Obj *o, void *c)
{
    (void)c;
    PropertyObj *p = (PropertyObj *)o;
    return INCREF(p->fget ? p->fget : NONE);
}
static Obj *prop_get_fset(Obj *o, void *c)
{
    (void)c;
    PropertyObj *p = (PropertyObj *)o;
    return INCREF(p->fset ? p->fset : NONE);
}
static Obj *prop_get_fdel(Obj *o, void *c)
{
    (void)c;
    PropertyObj *p = (PropertyObj *)o;
    return INCREF(p->fdel ? p->fdel : NONE);
}
static Obj *prop_get_doc(Obj *o, void *c)
{
    (void)c;
    PropertyObj *p = (PropertyObj *)o;
    return INCREF(p->doc ? p->doc : NONE);
}
static int prop_set_doc(Obj *o, Obj *v, void *c)
{
    (void)c;
    PropertyObj *p = (PropertyObj *)o;
    obj_setref(&p->doc, xincref(v));
    return 0;
}
static Obj *prop_get_isabstract(Obj *o, void *c)
{
    (void)c;
    PropertyObj *p = (PropertyObj *)o;
    Obj *fs[3] = {p->fget, p->fset, p->fdel};
    for (int i = 0; i < 3; i++) {
        if (!fs[i]) continue;
        Obj *v;
        int r = obj_lookup_attr(fs[i], id_str("__isabstractmethod__"), &v);
        if (r < 0) return NULL;
        if (r == 0) continue;
        int t = obj_is_true(v);
        DECREF(v);
        if (t < 0) return NULL;
        if (t) return INCREF(TRUE_);
    }
    return INCREF(FALSE_);
}

static GetSetDef prop_getset[] = {
    {"fget", prop_get_fget, NULL, NULL, NULL},
    {"fset", prop_get_fset, NULL, NULL, NULL},
    {"fdel", prop_get_fdel, NULL, NULL, NULL},
    {"__doc__", prop_get_doc, prop_set_doc, NULL, NULL},
    {"__isabstractmethod__", prop_get_isabstract, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj property_type = {
    .base = TYPE_HEAD_INIT, .name = "property", .basicsize = sizeof(PropertyObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = prop_dealloc, .descr_get = prop_get,
    .descr_set = prop_set, .traverse = prop_traverse, .clear = prop_clear, .new_ = prop_new,
    .init = prop_init, .methods = prop_methods, .getset = prop_getset,
    .doc = "Property attribute.",
};

/* ---- mappingproxy ------------------------------------------------------------------------------ */

typedef struct MappingProxyObj { Obj base; Obj *mapping; } MappingProxyObj;

Obj *mappingproxy_new(Obj *mapping)
{
    MappingProxyObj *m = (MappingProxyObj *)obj_alloc(&mappingproxy_type, 0);
    if (!m) return NULL;
    m->mapping = INCREF(mapping);
    return (Obj *)m;
}

static void mp_dealloc(Obj *o)
{
    XDECREF(((MappingProxyObj *)o)->mapping);
    obj_free(o);
}
static int mp_traverse(Obj *o, VisitFn visit, void *arg)
{
    return visit(((MappingProxyObj *)o)->mapping, arg);
}
static Obj *mp_repr(Obj *o) { return core_fmt("mappingproxy(%R)", ((MappingProxyObj *)o)->mapping); }
static Obj *mp_str(Obj *o) { return obj_str(((MappingProxyObj *)o)->mapping); }
static Ssize mp_len(Obj *o) { return obj_length(((MappingProxyObj *)o)->mapping); }
static Obj *mp_getitem(Obj *o, Obj *k) { return obj_getitem(((MappingProxyObj *)o)->mapping, k); }
static int mp_contains(Obj *o, Obj *k) { return obj_contains(((MappingProxyObj *)o)->mapping, k); }
static Obj *mp_iter(Obj *o) { return obj_getiter(((MappingProxyObj *)o)->mapping); }
static Obj *mp_richcompare(Obj *a, Obj *b, int op)
{
    return obj_richcompare(((MappingProxyObj *)a)->mapping, b, op);
}
static Obj *mp_forward(Obj *self, const char *name, Obj *const *a, Ssize n)
{
    return obj_call_method(((MappingProxyObj *)self)->mapping, name, a, n);
}
static Obj *mp_keys(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)kw; return mp_forward(s, "keys", a, n); }
static Obj *mp_values(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)kw; return mp_forward(s, "values", a, n); }
static Obj *mp_items(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)kw; return mp_forward(s, "items", a, n); }
static Obj *mp_get(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)kw; return mp_forward(s, "get", a, n); }
static Obj *mp_copy(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)kw; return mp_forward(s, "copy", a, n); }

static Obj *mp_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    static const char *const names[] = {"mapping"};
    Obj *m;
    if (args_parse("mappingproxy", args, nargs, kwnames, names, 1, 0, 1, &m) < 0) return NULL;
    TypeObj *mt = OBJ_TYPE(m);
    if (!mt->as_mapping || !mt->as_mapping->subscript || LIST_CHECK(m) || TUPLE_CHECK(m)) {
        vm_err_format(&exc_TypeError, "mappingproxy() argument must be a mapping, not %s",
                      type_name(mt));
        return NULL;
    }
    return mappingproxy_new(m);
}

static MappingMethods mp_as_mapping = {.length = mp_len, .subscript = mp_getitem};
static SequenceMethods mp_as_sequence = {.contains = mp_contains};
static MethodDef mp_methods[] = {
    {"keys", mp_keys, METH_NOARGS, NULL},
    {"values", mp_values, METH_NOARGS, NULL},
    {"items", mp_items, METH_NOARGS, NULL},
    {"get", mp_get, METH_FAST, NULL},
    {"copy", mp_copy, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* hash(proxy) is hash of the mapping (so a dict's is refused naming dict) */
static Hash mp_hash(Obj *o) { return obj_hash(((MappingProxyObj *)o)->mapping); }

TypeObj mappingproxy_type = {
    .base = TYPE_HEAD_INIT, .name = "mappingproxy", .basicsize = sizeof(MappingProxyObj),
    .flags = TPF_GC | TPF_MAPPING, .dealloc = mp_dealloc, .repr = mp_repr, .str = mp_str,
    .hash = mp_hash,
    .richcompare = mp_richcompare, .iter = mp_iter, .traverse = mp_traverse,
    .as_mapping = &mp_as_mapping, .as_sequence = &mp_as_sequence, .methods = mp_methods,
    .new_ = mp_tp_new,
};

/* ---- types.GenericAlias (list[int]) and types.UnionType (int | str) ------------------------ */

typedef struct AliasObj { Obj base; Obj *origin, *args, *params; } AliasObj;   /* also unions: args only */

/* How typing shows an argument: classes as module.qualname (builtins
 * without module), ... as "...", aliases by their repr, others by repr. */
static int alias_arg_repr(SBuf *b, Obj *a)
{
    if (a == ELLIPSIS) {
        sbuf_puts(b, "...");
        return 0;
    }
    if (a == NONE) {
        sbuf_puts(b, "None");
        return 0;
    }
    Obj *s;
    if (TYPE_CHECK(a) && !IS_TYPE(a, generic_alias_type)) {
        TypeObj *t = (TypeObj *)a;
        if (t == &none_type) {
            sbuf_puts(b, "None");
            return 0;
        }
        Obj *mod = obj_getattr(a, id_str("__module__"));
        Obj *qn = mod ? obj_getattr(a, id_str("__qualname__")) : NULL;
        if (!qn) {
            XDECREF(mod);
            return -1;
        }
        if (STR_CHECK(mod) && str_eq_cstr(mod, "builtins")) s = INCREF(qn);
        else s = core_fmt("%S.%S", mod, qn);
        DECREF(mod);
        DECREF(qn);
    } else {
        s = obj_repr(a);
    }
    if (!s) return -1;
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    sbuf_put(b, u, (size_t)n);
    DECREF(s);
    return 0;
}

static Obj *alias_alloc(TypeObj *t, Obj *origin, Obj *args)
{
    AliasObj *a = (AliasObj *)obj_alloc(t, 0);
    if (!a) return NULL;
    a->origin = INCREF(origin);
    a->args = TUPLE_CHECK(args) ? INCREF(args) : tuple_pack(1, args);
    a->params = tuple_new(0);
    if (!a->args || !a->params) {
        DECREF(a);
        return NULL;
    }
    return (Obj *)a;
}

Obj *generic_alias_new(Obj *origin, Obj *args)
{
    return alias_alloc(&generic_alias_type, origin, args);
}

/* types.GenericAlias(origin, args), also for subclasses: never an alias without both. */
static Obj *alias_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames)) {
        vm_err_set_str(&exc_TypeError, "GenericAlias() takes no keyword arguments");
        return NULL;
    }
    if (nargs != 2) {
        vm_err_format(&exc_TypeError, "GenericAlias expected 2 arguments, got %zd", nargs);
        return NULL;
    }
    return alias_alloc(t, args[0], args[1]);
}

static void alias_dealloc(Obj *o)
{
    AliasObj *a = (AliasObj *)o;
    XDECREF(a->origin);
    XDECREF(a->args);
    XDECREF(a->params);
    obj_free(o);
}

static int alias_traverse(Obj *o, VisitFn visit, void *arg)
{
    AliasObj *a = (AliasObj *)o;
    int r;
    if (a->origin && (r = visit(a->origin, arg))) return r;
    if (a->args && (r = visit(a->args, arg))) return r;
    if (a->params && (r = visit(a->params, arg))) return r;
    return 0;
}

static Obj *alias_repr(Obj *o)
{
    AliasObj *a = (AliasObj *)o;
    SBuf b = SBUF_INIT;
    if (alias_arg_repr(&b, a->origin) < 0) goto fail;
    sbuf_putc(&b, '[');
    if (TUPLE_LEN(a->args) == 0) sbuf_puts(&b, "()");
    for (Ssize i = 0; i < TUPLE_LEN(a->args); i++) {
        if (i) sbuf_puts(&b, ", ");
        Obj *x = TUPLE_ITEMS(a->args)[i];
        if (LIST_CHECK(x)) {
            sbuf_putc(&b, '[');
            for (Ssize k = 0; k < LIST_LEN(x); k++) {
                if (k) sbuf_puts(&b, ", ");
                if (alias_arg_repr(&b, LIST_ITEMS(x)[k]) < 0) goto fail;
            }
            sbuf_putc(&b, ']');
        } else if (alias_arg_repr(&b, x) < 0) {
            goto fail;
        }
    }
    sbuf_putc(&b, ']');
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
fail:
    sbuf_free(&b);
    return NULL;
}

static Obj *alias_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    AliasObj *a = (AliasObj *)o;
    Obj *r = obj_call(a->origin, args, nargs, kwnames);
    if (r) {
        /* obj.__orig_class__ = alias, ignoring failures as CPython does */
        if (obj_setattr(r, id_str("__orig_class__"), o) < 0) vm_err_clear();
    }
    return r;
}

static Obj *alias_getattro(Obj *o, Obj *name)
{
    AliasObj *a = (AliasObj *)o;
    static const char *const own[] = {"__origin__", "__args__", "__parameters__", "__mro_entries__",
                                      "__reduce_ex__", "__reduce__", "__copy__", "__deepcopy__",
                                      "__class__", "__unpacked__", "__typing_unpacked_tuple_args__",
                                      "__or__", "__ror__", "__getitem__", "__eq__", "__hash__",
                                      "__repr__", "__call__", "__dir__", "__instancecheck__",
                                      "__subclasscheck__", "__getattribute__"};
    if (STR_CHECK(name)) {
        bool mine = false;
        for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
            if (str_eq_cstr(name, own[i])) mine = true;
        if (!mine) return obj_getattr(a->origin, name);
    }
    return obj_generic_getattr(o, name);
}

static Obj *alias_richcompare(Obj *x, Obj *y, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(y, generic_alias_type)) return INCREF(NOTIMPL);
    AliasObj *a = (AliasObj *)x, *b = (AliasObj *)y;
    int eq = obj_richcompare_bool(a->origin, b->origin, CMP_EQ);
    if (eq > 0) eq = obj_richcompare_bool(a->args, b->args, CMP_EQ);
    if (eq < 0) return NULL;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Hash alias_hash(Obj *o)
{
    AliasObj *a = (AliasObj *)o;
    Hash h0 = obj_hash(a->origin);
    if (h0 == -1) return -1;
    Hash h1 = obj_hash(a->args);
    if (h1 == -1) return -1;
    Hash h = h0 ^ h1;
    return h == -1 ? -2 : h;
}

static Obj *alias_mro_entries(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return tuple_pack(1, ((AliasObj *)self)->origin);
}

static Obj *alias_instancecheck(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    vm_err_set_str(&exc_TypeError, "isinstance() argument 2 cannot be a parameterized generic");
    return NULL;
}

static Obj *alias_subclasscheck(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    vm_err_set_str(&exc_TypeError, "issubclass() argument 2 cannot be a parameterized generic");
    return NULL;
}

static Obj *alias_get_origin(Obj *o, void *c) { (void)c; return INCREF(((AliasObj *)o)->origin); }
static Obj *alias_get_args(Obj *o, void *c) { (void)c; return INCREF(((AliasObj *)o)->args); }
static Obj *alias_get_params(Obj *o, void *c) { (void)c; return INCREF(((AliasObj *)o)->params); }

static Obj *union_or(Obj *a, Obj *b);
static NumberMethods alias_as_number = {.or_ = union_or};
static MethodDef alias_methods[] = {
    {"__mro_entries__", alias_mro_entries, METH_O, NULL},
    {"__instancecheck__", alias_instancecheck, METH_O, NULL},
    {"__subclasscheck__", alias_subclasscheck, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef alias_getset[] = {
    {"__origin__", alias_get_origin, NULL, NULL, NULL},
    {"__args__", alias_get_args, NULL, NULL, NULL},
    {"__parameters__", alias_get_params, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj generic_alias_type = {
    .base = TYPE_HEAD_INIT, .name = "types.GenericAlias", .basicsize = sizeof(AliasObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = alias_dealloc, .repr = alias_repr,
    .hash = alias_hash, .call = alias_call, .getattro = alias_getattro,
    .richcompare = alias_richcompare, .traverse = alias_traverse, .as_number = &alias_as_number,
    .methods = alias_methods, .getset = alias_getset, .new_ = alias_new,
};

/* ---- unions --------------------------------------------------------------------------------- */

static bool unionable(Obj *o)
{
    return o == NONE || TYPE_CHECK(o) || IS_TYPE(o, generic_alias_type) || IS_TYPE(o, union_type);
}

/* Append o's members (flattening unions, None as NoneType) without repeats. */
static int union_collect(Obj *list, Obj *o)
{
    if (IS_TYPE(o, union_type)) {
        Obj *args = ((AliasObj *)o)->args;
        for (Ssize i = 0; i < TUPLE_LEN(args); i++)
            if (union_collect(list, TUPLE_ITEMS(args)[i]) < 0) return -1;
        return 0;
    }
    if (o == NONE) o = (Obj *)&none_type;
    for (Ssize i = 0; i < LIST_LEN(list); i++) {
        Obj *x = LIST_ITEMS(list)[i];
        if (x == o) return 0;
        if (IS_TYPE(x, generic_alias_type) && IS_TYPE(o, generic_alias_type)) {
            int eq = obj_richcompare_bool(x, o, CMP_EQ);
            if (eq < 0) return -1;
            if (eq) return 0;
        }
    }
    return list_append(list, o);
}

static Obj *union_or(Obj *a, Obj *b)
{
    if (!unionable(a) || !unionable(b)) return INCREF(NOTIMPL);
    Obj *l = list_new(0);
    if (!l) return NULL;
    if (union_collect(l, a) < 0 || union_collect(l, b) < 0) {
        DECREF(l);
        return NULL;
    }
    if (LIST_LEN(l) == 1) {
        Obj *r = INCREF(LIST_ITEMS(l)[0]);
        DECREF(l);
        return r;
    }
    AliasObj *u = (AliasObj *)obj_alloc(&union_type, 0);
    if (!u) {
        DECREF(l);
        return NULL;
    }
    u->args = list_as_tuple(l);
    DECREF(l);
    u->params = tuple_new(0);
    if (!u->args || !u->params) {
        DECREF(u);
        return NULL;
    }
    return (Obj *)u;
}

Obj *type_or(Obj *a, Obj *b) { return union_or(a, b); }

bool union_check(Obj *o) { return IS_TYPE(o, union_type); }
Obj *union_args_borrow(Obj *o) { return ((AliasObj *)o)->args; }

static Obj *union_repr(Obj *o)
{
    Obj *args = ((AliasObj *)o)->args;
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < TUPLE_LEN(args); i++) {
        if (i) sbuf_puts(&b, " | ");
        if (alias_arg_repr(&b, TUPLE_ITEMS(args)[i]) < 0) {
            sbuf_free(&b);
            return NULL;
        }
    }
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *union_richcompare(Obj *x, Obj *y, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(y, union_type)) return INCREF(NOTIMPL);
    Obj *a = frozenset_new(((AliasObj *)x)->args);
    Obj *b = a ? frozenset_new(((AliasObj *)y)->args) : NULL;
    Obj *r = b ? obj_richcompare(a, b, op) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Hash union_hash(Obj *o)
{
    Obj *a = frozenset_new(((AliasObj *)o)->args);
    if (!a) return -1;
    Hash h = obj_hash(a);
    DECREF(a);
    return h;
}

static Obj *union_instancecheck(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int r = obj_isinstance(a[0], ((AliasObj *)self)->args);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *union_subclasscheck(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int r = obj_issubclass(a[0], ((AliasObj *)self)->args);
    return r < 0 ? NULL : bool_from(r);
}

static NumberMethods union_as_number = {.or_ = union_or};
static MethodDef union_methods[] = {
    {"__instancecheck__", union_instancecheck, METH_O, NULL},
    {"__subclasscheck__", union_subclasscheck, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef union_getset[] = {
    {"__args__", alias_get_args, NULL, NULL, NULL},
    {"__parameters__", alias_get_params, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj union_type = {
    .base = TYPE_HEAD_INIT, .name = "types.UnionType", .basicsize = sizeof(AliasObj),
    .flags = TPF_GC, .dealloc = alias_dealloc, .repr = union_repr, .hash = union_hash,
    .richcompare = union_richcompare, .traverse = alias_traverse, .as_number = &union_as_number,
    .methods = union_methods, .getset = union_getset,
};

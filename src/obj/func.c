/* func.c — function objects, bound methods and cells.
 *
 * A FuncObj is what MAKE_FUNCTION builds: a runtime code object plus the
 * globals/builtins it runs in, defaults, closure cells and the dunder
 * attributes CPython 3.12 exposes (with its exact TypeError messages when
 * they are set to the wrong type).  Calling one goes through func_call
 * (call.c: argument binding, frame, eval loop); the eval loop short-cuts
 * that for Python-to-Python calls.  A MethodObj binds a callable to `self`;
 * a CellObj holds one variable shared between scopes.
 *
 * Invariants: code, globals, builtins, name and qualname are never NULL;
 * defaults is a tuple or NULL, kwdefaults/annotations a dict or NULL,
 * closure a tuple of cells or NULL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"

/* ---- functions --------------------------------------------------------------- */

/* The builtins of a globals dict: globals['__builtins__'] (a module or a
 * dict), else the interpreter's. */
static Obj *builtins_of(Obj *globals)
{
    Obj *b = dict_get_str_borrow(globals, "__builtins__");
    if (b && IS_TYPE(b, module_type))
        b = module_dict_borrow(b);
    if (!b || !DICT_CHECK(b))
        b = vm->builtins;
    return b;
}

Obj *func_new(Obj *code, Obj *globals)
{
    CodeRtObj *co = (CodeRtObj *)code;
    FuncObj *fn = (FuncObj *)obj_alloc(&function_type, 0);
    if (!fn)
        return NULL;
    fn->code = INCREF(code);
    fn->globals = INCREF(globals);
    Obj *b = builtins_of(globals);
    fn->builtins = b ? INCREF(b) : dict_new();
    fn->name = INCREF(co->name);
    fn->qualname = INCREF(co->qualname);
    Obj *doc = TUPLE_LEN(co->consts) > 0 ? TUPLE_ITEMS(co->consts)[0] : NONE;
    fn->doc = INCREF(STR_CHECK(doc) ? doc : NONE);
    Obj *mod = dict_get_str_borrow(globals, "__name__");
    fn->module = mod ? INCREF(mod) : NULL;
    fn->vectorcall = func_call;
    if (!fn->builtins) {
        DECREF(fn);
        return NULL;
    }
    return (Obj *)fn;
}

static void func_dealloc(Obj *o)
{
    FuncObj *fn = (FuncObj *)o;
    gc_untrack(o);
    if (fn->weakreflist) weakref_clear_refs(o);
    CLEAR(fn->code);
    CLEAR(fn->globals);
    CLEAR(fn->builtins);
    CLEAR(fn->name);
    CLEAR(fn->qualname);
    CLEAR(fn->module);
    CLEAR(fn->doc);
    CLEAR(fn->defaults);
    CLEAR(fn->kwdefaults);
    CLEAR(fn->closure);
    CLEAR(fn->annotations);
    CLEAR(fn->dict);
    CLEAR(fn->type_params);
    obj_free(o);
}

static int func_traverse(Obj *o, VisitFn visit, void *arg)
{
    FuncObj *fn = (FuncObj *)o;
    /* 3.12's func_traverse order. */
    Obj *fields[] = {fn->code, fn->globals, fn->builtins, fn->module, fn->defaults,
                     fn->kwdefaults, fn->doc, fn->name, fn->dict, fn->closure,
                     fn->annotations, fn->type_params, fn->qualname};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i] && visit(fields[i], arg))
            return 1;
    return 0;
}

static int func_clear(Obj *o)
{
    FuncObj *fn = (FuncObj *)o;
    CLEAR(fn->module);
    CLEAR(fn->doc);
    CLEAR(fn->defaults);
    CLEAR(fn->kwdefaults);
    CLEAR(fn->closure);
    CLEAR(fn->annotations);
    CLEAR(fn->dict);
    CLEAR(fn->type_params);
    return 0;
}

static Obj *func_repr(Obj *o)
{
    return str_from_fmt("<function %S at %p>", ((FuncObj *)o)->qualname, (void *)o);
}

static Obj *func_descr_get(Obj *f, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE)
        return INCREF(f);
    return method_new(f, obj);
}

static Obj *func_tp_call(Obj *f, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return func_call(f, args, nargs, kwnames);
}

#define FN(o) ((FuncObj *)(o))

static Obj *get_or_none(Obj *v) { return INCREF(v ? v : NONE); }

static Obj *fn_get_name(Obj *o, void *c) { (void)c; return INCREF(FN(o)->name); }
static Obj *fn_get_qualname(Obj *o, void *c) { (void)c; return INCREF(FN(o)->qualname); }
static Obj *fn_get_code(Obj *o, void *c) { (void)c; return INCREF(FN(o)->code); }
static Obj *fn_get_globals(Obj *o, void *c) { (void)c; return INCREF(FN(o)->globals); }
static Obj *fn_get_builtins(Obj *o, void *c) { (void)c; return INCREF(FN(o)->builtins); }
static Obj *fn_get_defaults(Obj *o, void *c) { (void)c; return get_or_none(FN(o)->defaults); }
static Obj *fn_get_kwdefaults(Obj *o, void *c) { (void)c; return get_or_none(FN(o)->kwdefaults); }
static Obj *fn_get_closure(Obj *o, void *c) { (void)c; return get_or_none(FN(o)->closure); }
static Obj *fn_get_doc(Obj *o, void *c) { (void)c; return get_or_none(FN(o)->doc); }
static Obj *fn_get_module(Obj *o, void *c) { (void)c; return get_or_none(FN(o)->module); }

static Obj *fn_get_annotations(Obj *o, void *c)
{
    (void)c;
    FuncObj *fn = FN(o);
    if (!fn->annotations) {
        fn->annotations = dict_new();
        if (!fn->annotations)
            return NULL;
    } else if (TUPLE_CHECK(fn->annotations)) {
        /* MAKE_FUNCTION 0x04 stores a flat (name, value, …) tuple. */
        Obj *t = fn->annotations, *d = dict_new();
        if (!d)
            return NULL;
        for (Ssize i = 0; i + 1 < TUPLE_LEN(t); i += 2)
            if (dict_set(d, TUPLE_ITEMS(t)[i], TUPLE_ITEMS(t)[i + 1]) < 0) {
                DECREF(d);
                return NULL;
            }
        obj_setref(&fn->annotations, d);
    }
    return INCREF(fn->annotations);
}

static Obj *fn_get_type_params(Obj *o, void *c)
{
    (void)c;
    FuncObj *fn = FN(o);
    return fn->type_params ? INCREF(fn->type_params) : tuple_new(0);
}

static Obj *fn_get_dict(Obj *o, void *c)
{
    (void)c;
    FuncObj *fn = FN(o);
    if (!fn->dict) {
        fn->dict = dict_new();
        if (!fn->dict)
            return NULL;
    }
    return INCREF(fn->dict);
}

/* Setter checks: None allowed only where CPython allows it; deletion is
 * "set to NULL", which most attributes refuse with the same message. */
static int set_checked(Obj **slot, Obj *v, bool ok, bool none_clears, const char *msg)
{
    if (none_clears && (v == NULL || v == NONE)) {
        obj_setref(slot, NULL);
        return 0;
    }
    if (!v || !ok) {
        vm_err_set_str(&exc_TypeError, msg);
        return -1;
    }
    obj_setref(slot, INCREF(v));
    return 0;
}

static int fn_set_name(Obj *o, Obj *v, void *c)
{
    (void)c;
    return set_checked(&FN(o)->name, v, v && STR_CHECK(v), false,
                       "__name__ must be set to a string object");
}
static int fn_set_qualname(Obj *o, Obj *v, void *c)
{
    (void)c;
    return set_checked(&FN(o)->qualname, v, v && STR_CHECK(v), false,
                       "__qualname__ must be set to a string object");
}
static int fn_set_code(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (v && IS_TYPE(v, code_type)) {
        CodeRtObj *nc = (CodeRtObj *)v;
        Ssize nclosure = FN(o)->closure ? TUPLE_LEN(FN(o)->closure) : 0;
        if (nc->nfrees != nclosure) {
            vm_err_format(&exc_ValueError,
                          "%S() requires a code object with %zd free vars, not %d",
                          FN(o)->name, nclosure, nc->nfrees);
            return -1;
        }
    }
    return set_checked(&FN(o)->code, v, v && IS_TYPE(v, code_type), false,
                       "__code__ must be set to a code object");
}
static int fn_set_defaults(Obj *o, Obj *v, void *c)
{
    (void)c;
    return set_checked(&FN(o)->defaults, v, v && TUPLE_CHECK(v), true,
                       "__defaults__ must be set to a tuple object");
}
static int fn_set_kwdefaults(Obj *o, Obj *v, void *c)
{
    (void)c;
    return set_checked(&FN(o)->kwdefaults, v, v && DICT_CHECK(v), true,
                       "__kwdefaults__ must be set to a dict object");
}
static int fn_set_annotations(Obj *o, Obj *v, void *c)
{
    (void)c;
    return set_checked(&FN(o)->annotations, v, v && DICT_CHECK(v), true,
                       "__annotations__ must be set to a dict object");
}
static int fn_set_doc(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&FN(o)->doc, v ? INCREF(v) : NULL);
    return 0;
}
static int fn_set_module(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&FN(o)->module, v ? INCREF(v) : NULL);
    return 0;
}
static int fn_set_type_params(Obj *o, Obj *v, void *c)
{
    (void)c;
    return set_checked(&FN(o)->type_params, v, v && TUPLE_CHECK(v), false,
                       "__type_params__ must be set to a tuple");
}
static int fn_set_dict(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "cannot delete __dict__");
        return -1;
    }
    if (!DICT_CHECK(v)) {
        vm_err_format(&exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                      type_name(OBJ_TYPE(v)));
        return -1;
    }
    obj_setref(&FN(o)->dict, INCREF(v));
    return 0;
}
#undef FN

static GetSetDef func_getset[] = {
    {"__name__", fn_get_name, fn_set_name, NULL, NULL},
    {"__qualname__", fn_get_qualname, fn_set_qualname, NULL, NULL},
    {"__code__", fn_get_code, fn_set_code, NULL, NULL},
    {"__globals__", fn_get_globals, NULL, NULL, NULL},
    {"__builtins__", fn_get_builtins, NULL, NULL, NULL},
    {"__defaults__", fn_get_defaults, fn_set_defaults, NULL, NULL},
    {"__kwdefaults__", fn_get_kwdefaults, fn_set_kwdefaults, NULL, NULL},
    {"__closure__", fn_get_closure, NULL, NULL, NULL},
    {"__doc__", fn_get_doc, fn_set_doc, NULL, NULL},
    {"__module__", fn_get_module, fn_set_module, NULL, NULL},
    {"__annotations__", fn_get_annotations, fn_set_annotations, NULL, NULL},
    {"__type_params__", fn_get_type_params, fn_set_type_params, NULL, NULL},
    {"__dict__", fn_get_dict, fn_set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj function_type = {
    .base = TYPE_HEAD_INIT,
    .name = "function",
    .basicsize = sizeof(FuncObj),
    .flags = TPF_GC | TPF_METHOD_DESCR,
    .dealloc = func_dealloc,
    .repr = func_repr,
    .call = func_tp_call,
    .descr_get = func_descr_get,
    .traverse = func_traverse,
    .clear = func_clear,
    .getset = func_getset,
    .dictoffset = offsetof(FuncObj, dict),
    .weaklistoffset = offsetof(FuncObj, weakreflist),
    .doc = "Create a function object.",
};

/* ---- bound methods --------------------------------------------------------------- */

Obj *method_new(Obj *func, Obj *self)
{
    MethodObj *m = (MethodObj *)obj_alloc(&method_type, 0);
    if (!m)
        return NULL;
    m->func = INCREF(func);
    m->self = INCREF(self);
    return (Obj *)m;
}

static void method_dealloc(Obj *o)
{
    MethodObj *m = (MethodObj *)o;
    gc_untrack(o);
    if (m->weakreflist) weakref_clear_refs(o);
    CLEAR(m->func);
    CLEAR(m->self);
    obj_free(o);
}

static int method_traverse(Obj *o, VisitFn visit, void *arg)
{
    MethodObj *m = (MethodObj *)o;
    if (m->func && visit(m->func, arg))
        return 1;
    if (m->self && visit(m->self, arg))
        return 1;
    return 0;
}

/* Call func(self, *args) without copying when the vector is small. */
static Obj *method_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    MethodObj *m = (MethodObj *)o;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    Ssize total = nargs + nkw + 1;
    Obj *small[8];
    Obj **v = total <= 8 ? small : xmalloc((size_t)total * sizeof *v);
    v[0] = m->self;
    if (nargs + nkw)
        memcpy(v + 1, args, (size_t)(nargs + nkw) * sizeof *v);
    Obj *func = INCREF(m->func), *self = INCREF(m->self);
    Obj *r = obj_call(func, v, nargs + 1, kwnames);
    DECREF(func);
    DECREF(self);
    if (v != small)
        free(v);
    return r;
}

static Obj *method_repr(Obj *o)
{
    MethodObj *m = (MethodObj *)o;
    Obj *name = NULL;
    if (obj_lookup_attr(m->func, id_str("__qualname__"), &name) < 0)
        return NULL;
    if (!name && obj_lookup_attr(m->func, id_str("__name__"), &name) < 0)
        return NULL;
    Obj *r = str_from_fmt("<bound method %S of %R>", name ? name : id_str("?"), m->self);
    XDECREF(name);
    return r;
}

static Obj *method_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(a, method_type) || !IS_TYPE(b, method_type))
        return INCREF(NOTIMPL);
    MethodObj *x = (MethodObj *)a, *y = (MethodObj *)b;
    int eq = obj_richcompare_bool(x->func, y->func, CMP_EQ);
    if (eq < 0)
        return NULL;
    eq = eq && x->self == y->self;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Hash method_hash(Obj *o)
{
    MethodObj *m = (MethodObj *)o;
    Hash y = obj_hash(m->func);
    if (y == -1)
        return -1;
    uintptr_t p = (uintptr_t)m->self;
    Hash x = (Hash)((p >> 4) | (p << (8 * sizeof(void *) - 4)));
    x ^= y;
    return x == -1 ? -2 : x;
}

/* Attributes not found on the method type come from the function. */
static Obj *method_getattro(Obj *o, Obj *name)
{
    TypeObj *t = OBJ_TYPE(o);
    Obj *descr = type_lookup(t, name);
    if (descr) {
        DescrGetFn get = OBJ_TYPE(descr)->descr_get;
        if (get)
            return get(descr, o, (Obj *)t);
        return INCREF(descr);
    }
    return obj_getattr(((MethodObj *)o)->func, name);
}

static Obj *method_descr_get(Obj *m, Obj *obj, Obj *type)
{
    (void)obj;
    (void)type;
    return INCREF(m);   /* a bound method does not rebind */
}

static Obj *m_get_func(Obj *o, void *c) { (void)c; return INCREF(((MethodObj *)o)->func); }
static Obj *m_get_self(Obj *o, void *c) { (void)c; return INCREF(((MethodObj *)o)->self); }
static Obj *m_get_doc(Obj *o, void *c)
{
    (void)c;
    return obj_getattr(((MethodObj *)o)->func, id_str("__doc__"));
}

static GetSetDef method_getset[] = {
    {"__func__", m_get_func, NULL, NULL, NULL},
    {"__self__", m_get_self, NULL, NULL, NULL},
    {"__doc__", m_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *method_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    MethodObj *m = (MethodObj *)self;
    Obj *getattr = dict_get_str_borrow(vm->builtins, "getattr");
    Obj *name = obj_getattr(m->func, id_str("__name__"));
    if (!name || !getattr) {
        XDECREF(name);
        if (!vm_err_occurred())
            vm_err_set_str(&exc_RuntimeError, "getattr not available");
        return NULL;
    }
    Obj *inner = tuple_pack(2, m->self, name);
    Obj *r = inner ? tuple_pack(2, getattr, inner) : NULL;
    XDECREF(inner);
    DECREF(name);
    return r;
}

/* types.MethodType(function, instance) */
static Obj *method_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    if (args_no_kw("method", kwnames) < 0 || args_count("method", nargs, 2, 2) < 0) return NULL;
    if (!OBJ_TYPE(args[0])->call) {
        vm_err_set_str(&exc_TypeError, "first argument must be callable");
        return NULL;
    }
    if (args[1] == NONE) {
        vm_err_set_str(&exc_TypeError, "instance must not be None");
        return NULL;
    }
    return method_new(args[0], args[1]);
}

static MethodDef method_methods[] = {
    {"__reduce__", method_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj method_type = {
    .base = TYPE_HEAD_INIT,
    .name = "method",
    .basicsize = sizeof(MethodObj),
    .weaklistoffset = offsetof(MethodObj, weakreflist),
    .flags = TPF_GC,
    .dealloc = method_dealloc,
    .repr = method_repr,
    .hash = method_hash,
    .call = method_call,
    .getattro = method_getattro,
    .richcompare = method_richcompare,
    .descr_get = method_descr_get,
    .traverse = method_traverse,
    .new_ = method_tp_new,
    .methods = method_methods,
    .getset = method_getset,
    .doc = "Create a bound instance method object.",
};

/* ---- cells ------------------------------------------------------------------------------ */

Obj *cell_new(Obj *value)
{
    CellObj *c = (CellObj *)obj_alloc(&cell_type, 0);
    if (!c)
        return NULL;
    c->ref = xincref(value);
    return (Obj *)c;
}

static void cell_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((CellObj *)o)->ref);
    obj_free(o);
}

static int cell_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *r = ((CellObj *)o)->ref;
    return r ? visit(r, arg) : 0;
}

static int cell_clear(Obj *o)
{
    CLEAR(((CellObj *)o)->ref);
    return 0;
}

static Obj *cell_repr(Obj *o)
{
    Obj *r = ((CellObj *)o)->ref;
    if (!r)
        return str_from_fmt("<cell at %p: empty>", (void *)o);
    return str_from_fmt("<cell at %p: %s object at %p>", (void *)o, type_name(OBJ_TYPE(r)),
                        (void *)r);
}

static Obj *cell_richcompare(Obj *a, Obj *b, int op)
{
    if (!IS_TYPE(a, cell_type) || !IS_TYPE(b, cell_type))
        return INCREF(NOTIMPL);
    Obj *x = ((CellObj *)a)->ref, *y = ((CellObj *)b)->ref;
    if (x && y)
        return obj_richcompare(x, y, op);
    /* Empty cells sort before full ones. */
    int c = (x != NULL) - (y != NULL);
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return bool_from(r);
}

static Obj *cell_get_contents(Obj *o, void *c)
{
    (void)c;
    Obj *r = ((CellObj *)o)->ref;
    if (!r) {
        vm_err_set_str(&exc_ValueError, "Cell is empty");
        return NULL;
    }
    return INCREF(r);
}

static int cell_set_contents(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&((CellObj *)o)->ref, xincref(v));
    return 0;
}

static GetSetDef cell_getset[] = {
    {"cell_contents", cell_get_contents, cell_set_contents, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj cell_type = {
    .base = TYPE_HEAD_INIT,
    .name = "cell",
    .basicsize = sizeof(CellObj),
    .flags = TPF_GC,
    .dealloc = cell_dealloc,
    .repr = cell_repr,
    .hash = hash_not_implemented,
    .richcompare = cell_richcompare,
    .traverse = cell_traverse,
    .clear = cell_clear,
    .getset = cell_getset,
    .doc = "Create a new cell object.",
};

/* module.c — module objects: a namespace dict plus a name.  Attribute
 * lookup falls back to a module-level __getattr__ (PEP 562) and fails with
 * "module 'x' has no attribute 'y'"; repr is "<module 'x' from 'path'>",
 * "<module 'x' (built-in)>" for native modules, or "<module 'x'>".
 */
#include "config.h"

#include "src/obj/objimpl.h"

static int init_dict(ModuleObj *m, Obj *name, Obj *doc)
{
    if (!m->dict && !(m->dict = dict_new())) return -1;
    if (dict_set(m->dict, id_str("__name__"), name) < 0 ||
        dict_set(m->dict, id_str("__doc__"), doc ? doc : NONE) < 0 ||
        dict_set(m->dict, id_str("__package__"), NONE) < 0 ||
        dict_set(m->dict, id_str("__loader__"), NONE) < 0 ||
        dict_set(m->dict, id_str("__spec__"), NONE) < 0)
        return -1;
    obj_setref(&m->name, INCREF(name));
    return 0;
}

Obj *module_new(const char *name)
{
    ModuleObj *m = (ModuleObj *)obj_alloc(&module_type, 0);
    if (!m) return NULL;
    Obj *n = str_from_cstr(name);
    if (!n || init_dict(m, n, NULL) < 0) {
        XDECREF(n);
        DECREF(m);
        return NULL;
    }
    DECREF(n);
    return (Obj *)m;
}

Obj *module_dict_borrow(Obj *m) { return ((ModuleObj *)m)->dict; }

int module_add(Obj *m, const char *name, Obj *value)
{
    if (!value) return -1;
    int r = dict_set_str(((ModuleObj *)m)->dict, name, value);
    DECREF(value);
    return r;
}

int module_add_functions(Obj *m, const MethodDef *defs)
{
    ModuleObj *mo = (ModuleObj *)m;
    for (const MethodDef *d = defs; d && d->name; d++) {
        Obj *f = builtin_new(d, m, mo->name);
        if (module_add(m, d->name, f) < 0) return -1;
    }
    return 0;
}

static Obj *module_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    ModuleObj *m = (ModuleObj *)obj_alloc(t, 0);
    if (!m) return NULL;
    if (!(m->dict = dict_new())) {
        DECREF(m);
        return NULL;
    }
    return (Obj *)m;
}

static int module_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"name", "doc"};
    Obj *v[2];
    if (args_parse("module", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return -1;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "module.__init__() argument 'name' must be str, not %s",
                      type_name(OBJ_TYPE(v[0])));
        return -1;
    }
    return init_dict((ModuleObj *)self, v[0], v[1]);
}

static void module_dealloc(Obj *o)
{
    ModuleObj *m = (ModuleObj *)o;
    if (m->weakreflist) weakref_clear_refs(o);
    XDECREF(m->dict);
    XDECREF(m->name);
    obj_free(o);
}

static int module_traverse(Obj *o, VisitFn visit, void *arg)
{
    ModuleObj *m = (ModuleObj *)o;
    int r;
    if (m->dict && (r = visit(m->dict, arg))) return r;
    if (m->name && (r = visit(m->name, arg))) return r;
    return 0;
}

static int module_clear(Obj *o)
{
    ModuleObj *m = (ModuleObj *)o;
    CLEAR(m->dict);
    return 0;
}

/* The module's __name__ for messages ("?" when it has none). */
static Obj *mod_name(ModuleObj *m)
{
    Obj *n = m->dict ? dict_get_borrow(m->dict, id_str("__name__")) : NULL;
    return n && STR_CHECK(n) ? n : NULL;
}

static Obj *module_repr(Obj *o)
{
    ModuleObj *m = (ModuleObj *)o;
    Obj *name = mod_name(m);
    Obj *n = name ? INCREF(name) : str_from_cstr("?");
    if (!n) return NULL;
    Obj *file = m->dict ? dict_get_borrow(m->dict, id_str("__file__")) : NULL;
    Obj *r;
    if (file && STR_CHECK(file)) r = core_fmt("<module %R from %R>", n, file);
    else if (m->native || str_eq_cstr(n, "builtins") || str_eq_cstr(n, "sys"))
        r = core_fmt("<module %R (built-in)>", n);
    else r = core_fmt("<module %R>", n);
    DECREF(n);
    return r;
}

static Obj *module_getattro(Obj *o, Obj *name)
{
    Obj *r = obj_generic_getattr(o, name);
    if (r || !vm_err_matches(&exc_AttributeError)) return r;
    ModuleObj *m = (ModuleObj *)o;
    vm_err_clear();
    Obj *ga = m->dict ? dict_get_borrow(m->dict, id_str("__getattr__")) : NULL;
    if (ga) {
        INCREF(ga);
        r = obj_call(ga, &name, 1, NULL);
        DECREF(ga);
        return r;
    }
    Obj *mn = mod_name(m);
    if (mn) {
        vm_err_format(&exc_AttributeError, "module '%U' has no attribute '%U'", mn, name);
    } else {
        vm_err_format(&exc_AttributeError, "module has no attribute '%U'", name);
    }
    if (vm->exc && type_is_subtype(OBJ_TYPE(vm->exc), &exc_AttributeError)) {
        AttributeErrorObj *e = (AttributeErrorObj *)vm->exc;
        obj_setref(&e->name, INCREF(name));
        obj_setref(&e->obj, INCREF(o));
    }
    return NULL;
}

static Obj *module_dir(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ModuleObj *m = (ModuleObj *)self;
    Obj *d = m->dict;
    if (!d || !DICT_CHECK(d)) {
        vm_err_set_str(&exc_TypeError, "<module>.__dict__ is not a dictionary");
        return NULL;
    }
    Obj *f = dict_get_borrow(d, id_str("__dir__"));
    if (f) return obj_call(f, NULL, 0, NULL);
    return dict_keys_list(d);
}

static Obj *module_get_dict(Obj *o, void *c)
{
    (void)c;
    ModuleObj *m = (ModuleObj *)o;
    if (!m->dict && !(m->dict = dict_new())) return NULL;
    return INCREF(m->dict);
}

static Obj *module_get_annotations(Obj *o, void *c)
{
    (void)c;
    ModuleObj *m = (ModuleObj *)o;
    Obj *a = dict_get_borrow(m->dict, id_str("__annotations__"));
    if (a) return INCREF(a);
    a = dict_new();
    if (a && dict_set(m->dict, id_str("__annotations__"), a) < 0) CLEAR(a);
    return a;
}

static int module_set_annotations(Obj *o, Obj *v, void *c)
{
    (void)c;
    ModuleObj *m = (ModuleObj *)o;
    if (v) return dict_set(m->dict, id_str("__annotations__"), v);
    int r = dict_del(m->dict, id_str("__annotations__"));
    if (r < 0 && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        vm_err_set_str(&exc_AttributeError, "__annotations__");
    }
    return r;
}

static MethodDef module_methods[] = {
    {"__dir__", module_dir, METH_NOARGS, "__dir__() -> list\nspecialized dir() implementation"},
    {NULL, NULL, 0, NULL},
};
static GetSetDef module_getset[] = {
    {"__dict__", module_get_dict, NULL, NULL, NULL},
    {"__annotations__", module_get_annotations, module_set_annotations, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj module_type = {
    .base = TYPE_HEAD_INIT, .name = "module", .basicsize = sizeof(ModuleObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = module_dealloc, .repr = module_repr,
    .getattro = module_getattro, .setattro = obj_generic_setattr, .traverse = module_traverse,
    .clear = module_clear, .new_ = module_tp_new, .init = module_init, .methods = module_methods,
    .getset = module_getset, .dictoffset = offsetof(ModuleObj, dict),
    .weaklistoffset = offsetof(ModuleObj, weakreflist),
    .doc = "Create a module object.\n\nThe name must be a string; the optional doc argument can have any type.",
};

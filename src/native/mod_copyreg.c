/* mod_copyreg.c — the `copyreg` module of CPython 3.12: the helpers of the
 * pickle protocol that object.__reduce_ex__ hands out (__newobj__,
 * __newobj_ex__, _reconstructor, _reduce_ex, _slotnames — implemented in the
 * core, src/obj/reduce.c), dispatch_table and the registration functions
 * pickle() and constructor().  The extension registry (add_extension …)
 * is not provided.
 */
#include "config.h"

#include "src/native/modhelp.h"

static Obj *dispatch_table;

static Obj *cr_reduce_ex(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"self", "proto"};
    Obj *v[2];
    if (mh_bind("_reduce_ex", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Ssize proto = mh_as_ssize(v[1]);
    if (proto == -1 && vm_err_occurred()) return NULL;
    if (proto >= 2) {
        vm_err_set_str(&exc_AssertionError, "");
        return NULL;
    }
    return copyreg_reduce_ex(v[0], (int)proto);
}

static Obj *cr_slotnames(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"cls"};
    Obj *v[1];
    if (mh_bind("_slotnames", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (!TYPE_CHECK(v[0])) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute '__dict__'",
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    return type_slotnames((TypeObj *)v[0]);
}

static Obj *cr_constructor(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind("constructor", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (!OBJ_TYPE(v[0])->call) {
        vm_err_set_str(&exc_TypeError, "constructors must be callable");
        return NULL;
    }
    return INCREF(NONE);
}

static Obj *cr_pickle(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"ob_type", "pickle_function", "constructor_ob"};
    Obj *v[3];
    if (mh_bind("pickle", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    if (!OBJ_TYPE(v[1])->call) {
        vm_err_set_str(&exc_TypeError, "reduction functions must be callable");
        return NULL;
    }
    if (dict_set(dispatch_table, v[0], v[1]) < 0) return NULL;
    if (v[2] && v[2] != NONE) return cr_constructor(m, &v[2], 1, NULL);
    return INCREF(NONE);
}

/* copyreg.pickle_complex, registered for complex as copyreg.py does */
static Obj *cr_pickle_complex(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"c"};
    Obj *v[1];
    if (mh_bind("pickle_complex", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *re = obj_getattr(v[0], id_str("real"));
    Obj *im = re ? obj_getattr(v[0], id_str("imag")) : NULL;
    Obj *a = im ? tuple_pack(2, re, im) : NULL;
    Obj *r = a ? tuple_pack(2, (Obj *)&complex_type, a) : NULL;
    XDECREF(re);
    XDECREF(im);
    XDECREF(a);
    return r;
}

static const MethodDef copyreg_methods[] = {
    {"pickle_complex", cr_pickle_complex, METH_FAST, NULL},
    {"_reduce_ex", cr_reduce_ex, METH_FAST, NULL},
    {"_slotnames", cr_slotnames, METH_FAST, "Return a list of slot names for a given class.\n\n    This needs to find slots defined by the class and its bases, because each\n    slot is listed only once.\n    "},
    {"pickle", cr_pickle, METH_FAST, NULL},
    {"constructor", cr_constructor, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *copyreg_init(void)
{
    if (!dispatch_table && !(dispatch_table = dict_new())) return NULL;
    Obj *m = mh_module("copyreg", copyreg_methods);
    if (!m) return NULL;
    static const char *const fns[] = {"__newobj__", "__newobj_ex__", "_reconstructor"};
    for (size_t i = 0; i < 3; i++) {
        Obj *f = copyreg_function_borrow(fns[i]);
        if (!f || mh_add_obj(m, fns[i], f) < 0) {
            DECREF(m);
            return NULL;
        }
    }
    static const char *const all[] = {"pickle", "constructor", "add_extension", "remove_extension",
                                      "clear_extension_cache"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof all[0]; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    Obj *pc = dict_get_str_borrow(module_dict_borrow(m), "pickle_complex");
    if (!l || module_add(m, "__all__", l) < 0 || mh_add_obj(m, "dispatch_table", dispatch_table) < 0 || !pc ||
        dict_set(dispatch_table, (Obj *)&complex_type, pc) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_copyreg_register(void)
{
    import_register_native("copyreg", copyreg_init);
    vm_static_roots(&dispatch_table, 1);
}

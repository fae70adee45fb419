/* modutil.c — helpers for the standard-library modules (see modutil.h).
 * Classes made here are ordinary heap classes (as CPython's pure-Python
 * library classes are), so user subclasses, __dict__ and the MRO behave as
 * for a `class` statement; their methods are native MethodDefs.
 */
#include "config.h"

#include <string.h>

#include "src/native/modutil.h"

Obj *mu_builtin(const MethodDef *def, Obj *self, const char *module)
{
    Obj *m = module ? str_from_cstr(module) : NULL;
    if (module && !m) return NULL;
    Obj *b = builtin_new(def, self, m);
    XDECREF(m);
    return b;
}

int mu_type_set(TypeObj *t, const char *name, Obj *v)
{
    if (!v) return -1;
    Obj *key = str_intern_cstr(name);
    int r = key ? dict_set(t->dict, key, v) : -1;
    DECREF(v);
    if (r == 0) {
        type_modified(t);
        r = type_update_slot(t, key);
    }
    XDECREF(key);
    return r;
}

int mu_add_methods(TypeObj *t, const MethodDef *defs)
{
    for (const MethodDef *d = defs; d && d->name; d++) {
        Obj *v;
        if (d->flags & (METH_CLASS | METH_STATIC)) {
            Obj *b = builtin_new(d, NULL, NULL);
            if (!b) return -1;
            v = obj_call((Obj *)((d->flags & METH_CLASS) ? &classmethod_type : &staticmethod_type),
                         &b, 1, NULL);
            DECREF(b);
        } else {
            v = method_descr_new(t, d);
        }
        if (mu_type_set(t, d->name, v) < 0) return -1;
    }
    return 0;
}

Obj *mu_class_new(const char *name, const char *module, Obj *bases, const MethodDef *defs)
{
    Obj *nm = str_from_cstr(name), *ns = dict_new();
    Obj *b = bases ? INCREF(bases) : tuple_new(0);
    Obj *mod = str_from_cstr(module);
    Obj *cls = NULL;
    if (nm && ns && b && mod && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", nm) == 0)
        cls = type_new_class(&type_type, nm, b, ns, NULL);
    XDECREF(nm);
    XDECREF(ns);
    XDECREF(b);
    XDECREF(mod);
    if (cls && mu_add_methods((TypeObj *)cls, defs) < 0) CLEAR(cls);
    return cls;
}

Obj *mu_call_method(Obj *o, const char *name, Obj *const *args, Ssize nargs)
{
    return obj_call_method(o, name, args, nargs);
}

Obj *mu_call1(Obj *callable, Obj *a)
{
    return obj_call(callable, &a, 1, NULL);
}

Obj *mu_call2(Obj *callable, Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return obj_call(callable, v, 2, NULL);
}

Obj *mu_kwarg(Obj *const *args, Ssize nargs, Obj *kwnames, const char *name)
{
    Ssize n = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize i = 0; i < n; i++)
        if (str_eq_cstr(TUPLE_ITEMS(kwnames)[i], name)) return args[nargs + i];
    return NULL;
}

int mu_add_type(Obj *module, TypeObj *t)
{
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return -1;
    const char *dot = strrchr(t->name, '.');
    return module_add(module, dot ? dot + 1 : t->name, INCREF((Obj *)t));
}

Obj *mu_fields_repr(const char *tname, Obj *const *items, const char *const *names, int n)
{
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, tname);
    sbuf_putc(&b, '(');
    for (int i = 0; i < n; i++) {
        Obj *r = obj_repr(items[i]);
        if (!r) {
            sbuf_free(&b);
            return NULL;
        }
        Ssize len;
        const char *p = str_utf8_lossy(r, &len);
        sbuf_printf(&b, "%s%s=", i ? ", " : "", names[i]);
        sbuf_put(&b, p, (size_t)len);
        DECREF(r);
    }
    sbuf_putc(&b, ')');
    Obj *s = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

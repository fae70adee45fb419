/* modhelp.h — small helpers shared by the standard-module files
 * src/native/mod_*.c (math, itertools, functools, random …): argument
 * checks with CPython 3.12's wording for module-level functions (which
 * name the module: "math.sqrt() takes exactly one argument (0 given)"),
 * module creation, and classes built from C the way a `class` statement
 * builds them (heap types whose methods are method descriptors).
 *
 * Everything is static inline so each module file stays self-contained;
 * ownership follows obj.h (borrowed in, new out).
 */
#ifndef PYDBG_NATIVE_MODHELP_H
#define PYDBG_NATIVE_MODHELP_H

#include "pydbg/vm.h"

/* classmethod_descr_new lives in descr.c (objimpl.h); declared here for
 * mh_class without pulling in the core's private header. */
Obj *classmethod_descr_new(TypeObj *owner, const MethodDef *def);

static inline Ssize mh_nkw(Obj *kwnames) { return kwnames ? TUPLE_LEN(kwnames) : 0; }

/* METH_O of a module function: "QUAL() takes exactly one argument (N given)". */
static inline int mh_one_arg(const char *qual, Ssize nargs, Obj *kwnames)
{
    if (mh_nkw(kwnames)) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", qual);
        return -1;
    }
    if (nargs != 1) {
        vm_err_format(&exc_TypeError, "%s() takes exactly one argument (%zd given)", qual, nargs);
        return -1;
    }
    return 0;
}

/* METH_NOARGS: "QUAL() takes no arguments (N given)". */
static inline int mh_no_args(const char *qual, Ssize nargs, Obj *kwnames)
{
    if (mh_nkw(kwnames)) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", qual);
        return -1;
    }
    if (nargs != 0) {
        vm_err_format(&exc_TypeError, "%s() takes no arguments (%zd given)", qual, nargs);
        return -1;
    }
    return 0;
}

/* Argument-clinic positional-only functions: "NAME expected 2 arguments, got 1"
 * (args_count) plus "QUAL() takes no keyword arguments". */
static inline int mh_pos_args(const char *qual, const char *name, Ssize nargs, Obj *kwnames,
                              Ssize min, Ssize max)
{
    if (mh_nkw(kwnames)) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", qual);
        return -1;
    }
    return args_count(name, nargs, min, max);
}

/* A module with functions; m->native marks it built-in for its repr. */
static inline Obj *mh_module(const char *name, const MethodDef *defs)
{
    Obj *m = module_new(name);
    if (!m) return NULL;
    ((ModuleObj *)m)->native = (void *)defs;
    if (defs && module_add_functions(m, defs) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static inline int mh_add_str(Obj *m, const char *name, const char *value)
{
    return module_add(m, name, str_from_cstr(value));
}

static inline int mh_add_obj(Obj *m, const char *name, Obj *value)   /* borrows value */
{
    return module_add(m, name, xincref(value));
}

/* A class made as `class NAME(*bases): ...` in module `modname` would be:
 * bases a tuple (NULL: object), the namespace filled from defs (methods
 * bind like functions: method descriptors owned by the new class; METH_CLASS
 * and METH_STATIC as in MethodDef) and getsets.  Returns the class. */
static inline Obj *mh_class(const char *modname, const char *name, Obj *bases, const MethodDef *defs,
                            const GetSetDef *getsets, TypeObj *meta)
{
    Obj *nm = str_from_cstr(name);
    Obj *ns = dict_new();
    Obj *own_bases = bases ? INCREF(bases) : tuple_new(0);
    Obj *mod = str_from_cstr(modname);
    Obj *cls = NULL;
    if (nm && ns && own_bases && mod && dict_set_str(ns, "__module__", mod) == 0)
        cls = type_new_class(meta ? meta : &type_type, nm, own_bases, ns, NULL);
    XDECREF(nm);
    XDECREF(ns);
    XDECREF(own_bases);
    XDECREF(mod);
    if (!cls) return NULL;
    TypeObj *t = (TypeObj *)cls;
    for (const MethodDef *d = defs; d && d->name; d++) {
        Obj *f;
        if (d->flags & METH_CLASS) {
            f = classmethod_descr_new(t, d);
        } else if (d->flags & METH_STATIC) {
            Obj *b = builtin_new(d, NULL, NULL);
            f = b ? obj_call((Obj *)&staticmethod_type, &b, 1, NULL) : NULL;
            XDECREF(b);
        } else {
            f = method_descr_new(t, d);
        }
        Obj *key = f ? str_from_cstr(d->name) : NULL;
        int r = key ? obj_setattr(cls, key, f) : -1;
        XDECREF(key);
        XDECREF(f);
        if (r < 0) {
            DECREF(cls);
            return NULL;
        }
    }
    for (const GetSetDef *g = getsets; g && g->name; g++) {
        Obj *f = getset_descr_new(t, g);
        Obj *key = f ? str_from_cstr(g->name) : NULL;
        int r = key ? obj_setattr(cls, key, f) : -1;
        XDECREF(key);
        XDECREF(f);
        if (r < 0) {
            DECREF(cls);
            return NULL;
        }
    }
    return cls;
}

/* _PyObject_LookupSpecial + call: o.NAME() with NAME looked up on type(o)
 * and bound through its __get__.  *found = 0 (NULL, no exception) when the
 * type has no such attribute. */
static inline Obj *mh_call_special(Obj *o, const char *name, Obj *const *args, Ssize nargs,
                                   int *found)
{
    *found = 0;
    Obj *key = str_intern_cstr(name);
    if (!key) return NULL;
    Obj *f = type_lookup(OBJ_TYPE(o), key);
    DECREF(key);
    *found = f != NULL;
    if (!f) return NULL;
    INCREF(f);
    Obj *bound;
    DescrGetFn get = OBJ_TYPE(f)->descr_get;
    if (get) {
        bound = get(f, o, (Obj *)OBJ_TYPE(o));
        DECREF(f);
        if (!bound) return NULL;
    } else {
        bound = f;
    }
    Obj *r = obj_call(bound, args, nargs, NULL);
    DECREF(bound);
    return r;
}

/* The "n" argument format: o.__index__() as a Py_ssize_t, OverflowError
 * "Python int too large to convert to C ssize_t" when it does not fit.
 * -1 with an exception on error (check vm_err_occurred). */
static inline Ssize mh_as_ssize(Obj *o)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    if (!int_fits_i64(i) || int_as_i64(i, &v) < 0) {
        vm_err_clear();
        DECREF(i);
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    DECREF(i);
    return (Ssize)v;
}

/* Bind arguments the way a Python function `def NAME(p0, p1=…, *, k0=…)`
 * would, with CPython's messages for Python functions ("NAME() missing 1
 * required positional argument: 'x'", "NAME() takes from 1 to 2
 * positional arguments but 3 were given", "NAME() got an unexpected
 * keyword argument 'y'", "NAME() got multiple values for argument 'x'").
 * names[0..npos) are positional-or-keyword (the first nposonly of them
 * positional-only), names[npos..nparams) keyword-only; the first
 * nrequired positional ones and every keyword-only one listed in
 * kwrequired (bit i for names[npos+i]) are required.  out receives
 * BORROWED references, NULL where not given. */
static inline int mh_bind_ex(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames,
                             const char *const *names, int nparams, int npos, int nposonly,
                             int nrequired, unsigned kwrequired, Obj **out, int shift)
{
    for (int i = 0; i < nparams; i++) out[i] = NULL;
    Ssize nkw = mh_nkw(kwnames);
    if (nargs > npos) {
        Ssize kwonly_given = 0;
        for (Ssize k = 0; k < nkw; k++)
            for (int i = npos; i < nparams; i++)
                if (str_eq_cstr(TUPLE_ITEMS(kwnames)[k], names[i])) kwonly_given++;
        args_err_too_many_positional(fname, nrequired + shift, npos + shift, nargs + shift,
                                     kwonly_given);
        return -1;
    }
    for (Ssize i = 0; i < nargs; i++) out[i] = args[i];
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = nposonly; i < nparams; i++)
            if (str_eq_cstr(kn, names[i])) break;
        if (i == nparams) {
            args_err_unexpected_kw(fname, kn);
            return -1;
        }
        if (out[i]) {
            args_err_multiple_values(fname, kn);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    Obj *missing[16];
    Ssize nmiss = 0;
    for (int i = 0; i < nrequired && i < 16; i++)
        if (!out[i]) missing[nmiss++] = str_from_cstr(names[i]);
    bool kwonly = false;
    if (!nmiss)
        for (int i = npos; i < nparams && nmiss < 16; i++)
            if ((kwrequired >> (i - npos)) & 1u && !out[i]) {
                missing[nmiss++] = str_from_cstr(names[i]);
                kwonly = true;
            }
    if (nmiss) {
        args_err_missing(fname, missing, nmiss, kwonly);
        for (Ssize i = 0; i < nmiss; i++) XDECREF(missing[i]);
        return -1;
    }
    return 0;
}

static inline int mh_bind(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames,
                          const char *const *names, int nparams, int npos, int nposonly,
                          int nrequired, unsigned kwrequired, Obj **out)
{
    return mh_bind_ex(fname, args, nargs, kwnames, names, nparams, npos, nposonly, nrequired,
                      kwrequired, out, 0);
}

/* mh_bind for a method `def f(self, …)` called bound: counts include self. */
static inline int mh_bind_m(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames,
                            const char *const *names, int nparams, int npos, int nposonly,
                            int nrequired, unsigned kwrequired, Obj **out)
{
    return mh_bind_ex(fname, args, nargs, kwnames, names, nparams, npos, nposonly, nrequired,
                      kwrequired, out, 1);
}

/* isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0) of math and cmath: binds
 * v[0..4) (borrowed, NULL where not given) with their messages. */
static inline int mh_isclose_bind(Obj *const *args, Ssize nargs, Obj *kwnames, Obj **v)
{
    static const char *const names[] = {"a", "b", "rel_tol", "abs_tol"};
    if (nargs > 2) {
        vm_err_format(&exc_TypeError, "isclose() takes exactly 2 positional arguments (%zd given)", nargs);
        return -1;
    }
    return args_parse("isclose", args, nargs, kwnames, names, 4, 0, 2, v);
}

/* The tolerances v[2], v[3] of mh_isclose_bind as doubles (defaults when
 * not given); ValueError when one is negative. */
static inline int mh_isclose_tolerances(Obj **v, double *rel, double *abst)
{
    *rel = 1e-09;
    *abst = 0.0;
    if (v[2] && (*rel = float_as_double(v[2])) == -1.0 && vm_err_occurred()) return -1;
    if (v[3] && (*abst = float_as_double(v[3])) == -1.0 && vm_err_occurred()) return -1;
    if (*rel < 0.0 || *abst < 0.0) {
        vm_err_set_str(&exc_ValueError, "tolerances must be non-negative");
        return -1;
    }
    return 0;
}

/* setattr(o, name, v) taking v's reference (v NULL: -1, the error already set). */
static inline int mh_setattr_steal(Obj *o, const char *name, Obj *v)
{
    if (!v) return -1;
    int r = obj_setattr_str(o, name, v);
    DECREF(v);
    return r;
}

/* getattr(o, name, dflt): only AttributeError gives dflt (a new reference; dflt may be NULL). */
static inline Obj *mh_getattr_default(Obj *o, const char *name, Obj *dflt)
{
    Obj *k = str_from_cstr(name), *v = NULL;
    if (!k) return NULL;
    int r = obj_lookup_attr(o, k, &v);
    DECREF(k);
    if (r < 0) return NULL;
    return r ? v : xincref(dflt);
}

/* `from module import name` (the module imported as an import statement would). */
static inline Obj *mh_import_attr(const char *module, const char *name)
{
    Obj *mn = str_from_cstr(module);
    Obj *fl = mn ? tuple_pack(1, id_str("__name__")) : NULL;
    Obj *m = fl ? import_name(mn, NULL, fl, 0) : NULL;
    XDECREF(mn);
    XDECREF(fl);
    if (!m) return NULL;
    Obj *r = obj_getattr_str(m, name);
    DECREF(m);
    return r;
}

#endif

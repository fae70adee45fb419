/* attrcall.h — one-line attribute and method helpers for native modules
 * written after a Python module (argparse, logging): getattr/setattr by
 * C name, truth of an attribute, obj.name(...) with 0–2 arguments.  Short
 * names on purpose: those modules translate Python lines call for call. */
#ifndef PYDBG_NATIVE_ATTRCALL_H
#define PYDBG_NATIVE_ATTRCALL_H

#include "pydbg/vm.h"

static inline Obj *S(const char *s) { return str_from_cstr(s); }

static inline Obj *ga(Obj *o, const char *name) { return obj_getattr_str(o, name); }

/* getattr(o, name, None)-like: NULL without exception when missing */
static inline Obj *ga_opt(Obj *o, const char *name)
{
    Obj *k = str_from_cstr(name), *v = NULL;
    if (!k) return NULL;
    obj_lookup_attr(o, k, &v);
    DECREF(k);
    return v;
}

static inline int sa(Obj *o, const char *name, Obj *v) { return obj_setattr_str(o, name, v); }   /* borrows v */

static inline int sa_steal(Obj *o, const char *name, Obj *v)
{
    if (!v) return -1;
    int r = sa(o, name, v);
    DECREF(v);
    return r;
}

static inline int truth_attr(Obj *o, const char *name)
{
    Obj *v = ga(o, name);
    if (!v) return -1;
    int r = obj_is_true(v);
    DECREF(v);
    return r;
}

static inline Obj *meth0(Obj *o, const char *name) { return obj_call_method(o, name, NULL, 0); }
static inline Obj *meth1(Obj *o, const char *name, Obj *a) { return obj_call_method(o, name, &a, 1); }
static inline Obj *meth2(Obj *o, const char *name, Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return obj_call_method(o, name, v, 2);
}

#endif

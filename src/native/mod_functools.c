/* mod_functools.c — the `functools` module of CPython 3.12.
 *
 * What CPython writes in C (_functools) is a C type here too: partial
 * (repr "functools.partial(<function f …>, 1, k=2)", flattening of nested
 * partials without a __dict__, __reduce__/__setstate__), the lru_cache
 * wrapper (functools._lru_cache_wrapper: CPython's key construction — a
 * lone int/str argument is its own key, otherwise the argument tuple plus a
 * keyword marker and, when typed, the argument types — a dict of links in
 * recency order with the hash computed once per call, hits/misses,
 * cache_info() as the CacheInfo named tuple, cache_clear(), binding as a
 * method), cmp_to_key's functools.KeyWrapper and reduce.  What CPython
 * writes in Python is written here with the same observable behaviour:
 * update_wrapper/wraps (wraps returns a partial of update_wrapper, as in
 * CPython), lru_cache/cache, total_ordering (the twelve derived comparison
 * methods with CPython's return values, e.g. `op_result or self == other`),
 * cached_property, partialmethod, singledispatch/singledispatchmethod
 * (dispatch over the MRO; registered ABCs are tried after the concrete
 * classes and before object — CPython merges them into the MRO).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *update_wrapper_impl(Obj *wrapper, Obj *wrapped, Obj *assigned, Obj *updated);
static Obj *assignments_tuple, *updates_tuple;   /* WRAPPER_ASSIGNMENTS, WRAPPER_UPDATES */
static Obj *kwd_mark;                             /* lru_cache keyword separator */

/* ---- functions that CPython writes in Python ------------------------------------------
 * A builtin that looks like a Python function where its repr shows (wraps()
 * returns partial(update_wrapper, …), lru_cache(n) returns a closure):
 * "<function QUALNAME at 0x…>", bound as a method when stored on a class. */
typedef struct PyFuncObj {
    Obj base;
    const MethodDef *def;
    const char *qualname;
    Obj *self;
} PyFuncObj;

static void pyfunc_dealloc(Obj *o)
{
    XDECREF(((PyFuncObj *)o)->self);
    obj_free(o);
}

static int pyfunc_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *s = ((PyFuncObj *)o)->self;
    return s ? visit(s, arg) : 0;
}

static Obj *pyfunc_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    PyFuncObj *f = (PyFuncObj *)o;
    return f->def->fn(f->self, args, nargs, kw);
}

static Obj *pyfunc_repr(Obj *o)
{
    return str_from_fmt("<function %s at %p>", ((PyFuncObj *)o)->qualname, (void *)o);
}

static Obj *pyfunc_get(Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE) return INCREF(self);
    return method_new(self, obj);
}

static Obj *pyfunc_name(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(((PyFuncObj *)o)->def->name);
}

static Obj *pyfunc_qualname(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(((PyFuncObj *)o)->qualname);
}

static Obj *pyfunc_module(Obj *o, void *c)
{
    (void)o; (void)c;
    return str_from_cstr("functools");
}

static GetSetDef pyfunc_getset[] = {
    {"__name__", pyfunc_name, NULL, NULL, NULL},
    {"__qualname__", pyfunc_qualname, NULL, NULL, NULL},
    {"__module__", pyfunc_module, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj pyfunc_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(PyFuncObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = pyfunc_dealloc, .repr = pyfunc_repr,
    .call = pyfunc_call, .getattro = obj_generic_getattr, .descr_get = pyfunc_get,
    .traverse = pyfunc_traverse, .getset = pyfunc_getset,
};

static Obj *pyfunc_new(const MethodDef *def, const char *qualname, Obj *self)
{
    PyFuncObj *f = (PyFuncObj *)obj_alloc(&pyfunc_type, 0);
    if (!f) return NULL;
    f->def = def;
    f->qualname = qualname;
    f->self = xincref(self);
    return (Obj *)f;
}

/* ---- reduce ----------------------------------------------------------------------------- */

static Obj *ft_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("reduce", "reduce", nargs, kw, 2, 3) < 0) return NULL;
    Obj *it = obj_getiter(args[1]);
    if (!it) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_set_str(&exc_TypeError, "reduce() arg 2 must support iteration");
        }
        return NULL;
    }
    Obj *result = nargs == 3 ? INCREF(args[2]) : NULL;
    Obj *item;
    while ((item = obj_iternext(it))) {
        if (!result) {
            result = item;
            continue;
        }
        Obj *v[2] = {result, item};
        Obj *r = obj_call(args[0], v, 2, NULL);
        DECREF(item);
        DECREF(result);
        result = r;
        if (!result) break;
    }
    DECREF(it);
    if (vm_err_occurred()) {
        XDECREF(result);
        return NULL;
    }
    if (!result) vm_err_set_str(&exc_TypeError, "reduce() of empty iterable with no initial value");
    return result;
}

/* ---- partial ---------------------------------------------------------------------------- */

typedef struct PartialObj {
    Obj base;
    Obj *fn, *args, *kw, *dict;
    Obj *weakreflist;
} PartialObj;

static TypeObj partial_type;

static void partial_dealloc(Obj *o)
{
    PartialObj *p = (PartialObj *)o;
    if (p->weakreflist) weakref_clear_refs(o);
    XDECREF(p->fn);
    XDECREF(p->args);
    XDECREF(p->kw);
    XDECREF(p->dict);
    obj_free(o);
}

static int partial_traverse(Obj *o, VisitFn visit, void *arg)
{
    PartialObj *p = (PartialObj *)o;
    Obj *f[] = {p->fn, p->args, p->kw, p->dict};
    for (int i = 0; i < 4; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int partial_clear(Obj *o)
{
    PartialObj *p = (PartialObj *)o;
    CLEAR(p->fn);
    CLEAR(p->args);
    CLEAR(p->kw);
    CLEAR(p->dict);
    return 0;
}

static bool is_callable(Obj *o) { return OBJ_TYPE(o)->call != NULL; }

/* tp_new of the types whose __init__ does the work */
static Obj *plain_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_alloc(t, 0);
}

static Obj *partial_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "type 'partial' takes at least one argument");
        return NULL;
    }
    Obj *func = args[0];
    Obj *pargs = NULL, *pkw = NULL;
    if (OBJ_TYPE(func)->call == partial_type.call && type_is_subtype(OBJ_TYPE(func), &partial_type)) {
        PartialObj *inner = (PartialObj *)func;
        if (!inner->dict) {
            pargs = inner->args;
            pkw = inner->kw;
            func = inner->fn;
        }
    }
    if (!is_callable(func)) {
        vm_err_set_str(&exc_TypeError, "the first argument must be callable");
        return NULL;
    }
    PartialObj *p = (PartialObj *)obj_alloc(t, 0);
    if (!p) return NULL;
    p->fn = INCREF(func);
    Obj *newargs = tuple_from_array(args + 1, nargs - 1);
    if (!newargs) goto fail;
    if (pargs && TUPLE_LEN(pargs)) {
        Obj *l = seq_to_list(pargs);
        if (!l || list_extend(l, newargs) < 0) {
            XDECREF(l);
            DECREF(newargs);
            goto fail;
        }
        DECREF(newargs);
        p->args = list_as_tuple(l);
        DECREF(l);
        if (!p->args) goto fail;
    } else {
        p->args = newargs;
    }
    p->kw = pkw ? dict_copy(pkw) : dict_new();
    if (!p->kw) goto fail;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(p->kw, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) goto fail;
    return (Obj *)p;
fail:
    DECREF(p);
    return NULL;
}

/* Call fn(*pre, *args[0..nargs), **kw-dict, **call-kw), the call's keywords
 * overriding kwd's. */
static Obj *call_with(Obj *fn, Obj *pre, Obj *kwd, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize npre = pre ? TUPLE_LEN(pre) : 0;
    Ssize nkw = mh_nkw(kwnames);
    Ssize nd = kwd ? dict_len(kwd) : 0;
    if (npre == 0 && nd == 0) return obj_call(fn, args, nargs, kwnames);
    Obj *merged = NULL;
    if (nd) {
        merged = dict_copy(kwd);
        if (!merged) return NULL;
        for (Ssize i = 0; i < nkw; i++)
            if (dict_set(merged, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) {
                DECREF(merged);
                return NULL;
            }
    }
    Ssize nk = merged ? dict_len(merged) : nkw;
    Obj **v = xmalloc((size_t)(npre + nargs + nk + 1) * sizeof(Obj *));
    for (Ssize i = 0; i < npre; i++) v[i] = TUPLE_ITEMS(pre)[i];
    for (Ssize i = 0; i < nargs; i++) v[npre + i] = args[i];
    Obj *kn = NULL;
    if (merged) {
        kn = tuple_new(nk);
        Ssize pos = 0, i = 0;
        Obj *k, *val;
        while (kn && dict_next(merged, &pos, &k, &val)) {
            TUPLE_ITEMS(kn)[i] = INCREF(k);
            v[npre + nargs + i++] = val;
        }
    } else {
        for (Ssize i = 0; i < nkw; i++) v[npre + nargs + i] = args[nargs + i];
        kn = kwnames ? INCREF(kwnames) : NULL;
    }
    Obj *r = (merged && !kn) ? NULL : obj_call(fn, v, npre + nargs, kn);
    free(v);
    XDECREF(kn);
    XDECREF(merged);
    return r;
}

static Obj *partial_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    PartialObj *p = (PartialObj *)o;
    return call_with(p->fn, p->args, p->kw, args, nargs, kwnames);
}

static Obj *partial_repr(Obj *o)
{
    PartialObj *p = (PartialObj *)o;
    int rc = repr_enter(o);
    if (rc < 0) return NULL;
    if (rc > 0) return str_from_cstr("...");
    Obj *res = NULL;
    SBuf b = SBUF_INIT;
    Obj *fr = obj_repr(p->fn);
    if (!fr) goto out;
    Ssize len;
    const char *s = str_utf8_lossy(fr, &len);
    sbuf_put(&b, s, (size_t)len);
    DECREF(fr);
    for (Ssize i = 0; i < TUPLE_LEN(p->args); i++) {
        Obj *r = obj_repr(TUPLE_ITEMS(p->args)[i]);
        if (!r) goto out;
        s = str_utf8_lossy(r, &len);
        sbuf_puts(&b, ", ");
        sbuf_put(&b, s, (size_t)len);
        DECREF(r);
    }
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(p->kw, &pos, &k, &v)) {
        Obj *ks = obj_str(k);
        Obj *vr = ks ? obj_repr(v) : NULL;
        if (!vr) {
            XDECREF(ks);
            goto out;
        }
        sbuf_puts(&b, ", ");
        s = str_utf8_lossy(ks, &len);
        sbuf_put(&b, s, (size_t)len);
        sbuf_putc(&b, '=');
        s = str_utf8_lossy(vr, &len);
        sbuf_put(&b, s, (size_t)len);
        DECREF(ks);
        DECREF(vr);
    }
    /* 3.12.1 names the type by tp_name: "functools.partial", a subclass "P" */
    Obj *body = str_from_utf8(b.data, (Ssize)b.len);
    if (body) res = str_from_fmt("%s(%U)", OBJ_TYPE(o)->name, body);
    XDECREF(body);
out:
    sbuf_free(&b);
    repr_leave(o);
    return res;
}

static Obj *partial_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    PartialObj *p = (PartialObj *)self;
    Obj *fnt = tuple_pack(1, p->fn);
    Obj *state = tuple_pack(4, p->fn, p->args, p->kw, p->dict ? p->dict : NONE);
    Obj *r = fnt && state ? tuple_pack(3, (Obj *)OBJ_TYPE(self), fnt, state) : NULL;
    XDECREF(fnt);
    XDECREF(state);
    return r;
}

static Obj *partial_setstate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    PartialObj *p = (PartialObj *)self;
    Obj *state = a[0];
    if (!TUPLE_CHECK(state)) {
        vm_err_set_str(&exc_TypeError, "argument to __setstate__ must be a tuple");
        return NULL;
    }
    if (TUPLE_LEN(state) != 4) {
        vm_err_format(&exc_TypeError, "expected 4 items in state, got %zd", TUPLE_LEN(state));
        return NULL;
    }
    Obj *fn = TUPLE_ITEMS(state)[0], *fargs = TUPLE_ITEMS(state)[1];
    Obj *fkw = TUPLE_ITEMS(state)[2], *dict = TUPLE_ITEMS(state)[3];
    if (!is_callable(fn) || !TUPLE_CHECK(fargs) || (fkw != NONE && !DICT_CHECK(fkw))) {
        vm_err_set_str(&exc_TypeError, "invalid partial state");
        return NULL;
    }
    Obj *nargs_t = IS_TYPE(fargs, tuple_type) ? INCREF(fargs) : seq_to_tuple(fargs);
    Obj *nkw = fkw == NONE ? dict_new() : dict_copy(fkw);
    if (!nargs_t || !nkw) {
        XDECREF(nargs_t);
        XDECREF(nkw);
        return NULL;
    }
    obj_setref(&p->fn, INCREF(fn));
    obj_setref(&p->args, nargs_t);
    obj_setref(&p->kw, nkw);
    obj_setref(&p->dict, dict == NONE ? NULL : INCREF(dict));
    return INCREF(NONE);
}

static Obj *class_getitem(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return generic_alias_new(cls, a[0]);
}

static Obj *partial_get_func(Obj *o, void *c) { (void)c; return INCREF(((PartialObj *)o)->fn); }
static Obj *partial_get_args(Obj *o, void *c) { (void)c; return INCREF(((PartialObj *)o)->args); }
static Obj *partial_get_kw(Obj *o, void *c) { (void)c; return INCREF(((PartialObj *)o)->kw); }

static Obj *get_dict(Obj *o, void *c)
{
    (void)c;
    Obj **dp = obj_dict_ptr(o);
    if (!*dp && !(*dp = dict_new())) return NULL;
    return INCREF(*dp);
}

static int set_dict(Obj *o, Obj *v, void *c)
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
    obj_setref(obj_dict_ptr(o), INCREF(v));
    return 0;
}

static MethodDef partial_methods[] = {
    {"__reduce__", partial_reduce, METH_NOARGS, NULL},
    {"__setstate__", partial_setstate, METH_O, NULL},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};
static GetSetDef partial_getset[] = {
    {"func", partial_get_func, NULL, "function object to use in future partial calls", NULL},
    {"args", partial_get_args, NULL, "tuple of arguments to future partial calls", NULL},
    {"keywords", partial_get_kw, NULL, "dictionary of keyword arguments to future partial calls", NULL},
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj partial_type = {
    .base = TYPE_HEAD_INIT, .name = "functools.partial", .basicsize = sizeof(PartialObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = partial_dealloc, .repr = partial_repr,
    .call = partial_call, .getattro = obj_generic_getattr, .setattro = obj_generic_setattr,
    .traverse = partial_traverse, .clear = partial_clear, .new_ = partial_new,
    .methods = partial_methods, .getset = partial_getset,
    .dictoffset = offsetof(PartialObj, dict),
    .weaklistoffset = offsetof(PartialObj, weakreflist),
    .doc = "partial(func, *args, **keywords) - new function with partial application\n"
           "    of the given arguments and keywords.\n",
};

static Obj *make_partial(Obj *fn, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj **v = xmalloc((size_t)(nargs + mh_nkw(kwnames) + 1) * sizeof(Obj *));
    v[0] = fn;
    for (Ssize i = 0; i < nargs + mh_nkw(kwnames); i++) v[i + 1] = args[i];
    Obj *r = partial_new(&partial_type, v, nargs + 1, kwnames);
    free(v);
    return r;
}

/* ---- CacheInfo (a named tuple) ---------------------------------------------------------- */

static const char *const cacheinfo_fields[] = {"hits", "misses", "maxsize", "currsize"};

static Obj *cacheinfo_get(Obj *self, void *c)
{
    Ssize i = (Ssize)(intptr_t)c;
    return INCREF(TUPLE_ITEMS(self)[i]);
}

static Obj *cacheinfo_repr(Obj *self)
{
    if (TUPLE_LEN(self) != 4) return str_from_cstr("CacheInfo(...)");
    return str_from_fmt("CacheInfo(hits=%R, misses=%R, maxsize=%R, currsize=%R)",
                        TUPLE_ITEMS(self)[0], TUPLE_ITEMS(self)[1], TUPLE_ITEMS(self)[2],
                        TUPLE_ITEMS(self)[3]);
}

static Obj *cacheinfo_asdict(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *d = dict_new();
    for (Ssize i = 0; d && i < 4 && i < TUPLE_LEN(self); i++)
        if (dict_set_str(d, cacheinfo_fields[i], TUPLE_ITEMS(self)[i]) < 0) CLEAR(d);
    return d;
}

static Obj *cacheinfo_getnewargs(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return tuple_from_array(TUPLE_ITEMS(self), TUPLE_LEN(self));
}

static Obj *cacheinfo_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"hits", "misses", "maxsize", "currsize"};
    Obj *v[4];
    if (mh_bind("CacheInfo.__new__", args, nargs, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    Obj *tup = tuple_new(4);
    if (!tup) return NULL;
    (void)t;
    for (int i = 0; i < 4; i++) TUPLE_ITEMS(tup)[i] = INCREF(v[i]);
    return tup;
}

static MethodDef cacheinfo_methods[] = {
    {"_asdict", cacheinfo_asdict, METH_NOARGS, "Return a new dict which maps field names to their values."},
    {"__getnewargs__", cacheinfo_getnewargs, METH_NOARGS, "Return self as a plain tuple.  Used by copy and pickle."},
    {NULL, NULL, 0, NULL},
};
static GetSetDef cacheinfo_getset[] = {
    {"hits", cacheinfo_get, NULL, "Alias for field number 0", (void *)0},
    {"misses", cacheinfo_get, NULL, "Alias for field number 1", (void *)1},
    {"maxsize", cacheinfo_get, NULL, "Alias for field number 2", (void *)2},
    {"currsize", cacheinfo_get, NULL, "Alias for field number 3", (void *)3},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj cacheinfo_type = {
    .base = TYPE_HEAD_INIT, .name = "functools.CacheInfo", .basicsize = sizeof(TupleObj),
    .itemsize = sizeof(Obj *), .tp_base = &tuple_type, .repr = cacheinfo_repr,
    .new_ = cacheinfo_new, .methods = cacheinfo_methods, .getset = cacheinfo_getset,
    .doc = "CacheInfo(hits, misses, maxsize, currsize)",
};

static Obj *make_cacheinfo(Ssize hits, Ssize misses, Obj *maxsize, Ssize currsize)
{
    Obj *t = obj_alloc(&cacheinfo_type, 4);
    if (!t) return NULL;
    ((TupleObj *)t)->hash = -1;
    TUPLE_ITEMS(t)[0] = int_from_i64(hits);
    TUPLE_ITEMS(t)[1] = int_from_i64(misses);
    TUPLE_ITEMS(t)[2] = INCREF(maxsize);
    TUPLE_ITEMS(t)[3] = int_from_i64(currsize);
    for (int i = 0; i < 4; i++)
        if (!TUPLE_ITEMS(t)[i]) {
            for (int j = 0; j < 4; j++)
                if (!TUPLE_ITEMS(t)[j]) TUPLE_ITEMS(t)[j] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
    return t;
}

/* ---- lru_cache ------------------------------------------------------------------------- */

typedef struct LinkObj {
    Obj base;
    struct LinkObj *prev, *next;   /* recency list (borrowed: the cache dict owns links) */
    Hash hash;
    Obj *key, *result;
} LinkObj;

static void link_dealloc(Obj *o)
{
    LinkObj *l = (LinkObj *)o;
    XDECREF(l->key);
    XDECREF(l->result);
    obj_free(o);
}

static int link_traverse(Obj *o, VisitFn visit, void *arg)
{
    LinkObj *l = (LinkObj *)o;
    int r = 0;
    if (l->key && (r = visit(l->key, arg))) return r;
    if (l->result && (r = visit(l->result, arg))) return r;
    return 0;
}

static int link_clear(Obj *o)
{
    LinkObj *l = (LinkObj *)o;
    CLEAR(l->key);
    CLEAR(l->result);
    return 0;
}

static TypeObj link_type = {
    .base = TYPE_HEAD_INIT, .name = "functools._lru_list_elem", .basicsize = sizeof(LinkObj),
    .flags = TPF_GC, .dealloc = link_dealloc, .traverse = link_traverse, .clear = link_clear,
    .getattro = obj_generic_getattr,
};

typedef struct LruObj {
    Obj base;
    Obj *func, *cache, *dict;
    Obj *cache_info_type;
    Ssize maxsize;          /* -1: unbounded */
    bool typed;
    Ssize hits, misses;
    LinkObj root;           /* sentinel of the recency list (not an object) */
} LruObj;

static void lru_unlink_all(LruObj *l)
{
    l->root.prev = l->root.next = &l->root;
}

static void lru_dealloc(Obj *o)
{
    LruObj *l = (LruObj *)o;
    lru_unlink_all(l);
    XDECREF(l->func);
    XDECREF(l->cache);
    XDECREF(l->dict);
    XDECREF(l->cache_info_type);
    obj_free(o);
}

static int lru_traverse(Obj *o, VisitFn visit, void *arg)
{
    LruObj *l = (LruObj *)o;
    Obj *f[] = {l->func, l->cache, l->dict, l->cache_info_type};
    for (int i = 0; i < 4; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int lru_clear(Obj *o)
{
    LruObj *l = (LruObj *)o;
    lru_unlink_all(l);
    CLEAR(l->func);
    if (l->cache) dict_clear(l->cache);
    CLEAR(l->dict);
    return 0;
}

/* CPython's lru_cache_make_key. */
static Obj *make_key(Obj *const *args, Ssize nargs, Obj *kwnames, bool typed)
{
    Ssize nkw = mh_nkw(kwnames);
    if (!typed && !nkw) {
        if (nargs == 1 && (IS_TYPE(args[0], int_type) || IS_TYPE(args[0], str_type)))
            return INCREF(args[0]);
        return tuple_from_array(args, nargs);
    }
    Ssize size = nargs + (nkw ? 2 * nkw + 1 : 0) + (typed ? nargs + nkw : 0);
    Obj *key = tuple_new(size);
    if (!key) return NULL;
    Ssize j = 0;
    for (Ssize i = 0; i < nargs; i++) TUPLE_ITEMS(key)[j++] = INCREF(args[i]);
    if (nkw) {
        TUPLE_ITEMS(key)[j++] = INCREF(kwd_mark);
        for (Ssize i = 0; i < nkw; i++) {
            TUPLE_ITEMS(key)[j++] = INCREF(TUPLE_ITEMS(kwnames)[i]);
            TUPLE_ITEMS(key)[j++] = INCREF(args[nargs + i]);
        }
    }
    if (typed) {
        for (Ssize i = 0; i < nargs; i++) TUPLE_ITEMS(key)[j++] = INCREF(OBJ_TYPE(args[i]));
        for (Ssize i = 0; i < nkw; i++) TUPLE_ITEMS(key)[j++] = INCREF(OBJ_TYPE(args[nargs + i]));
    }
    return key;
}

static void link_remove(LinkObj *k)
{
    k->prev->next = k->next;
    k->next->prev = k->prev;
}

static void link_append(LruObj *l, LinkObj *k)   /* as most recent */
{
    LinkObj *root = &l->root, *last = root->prev;
    last->next = root->prev = k;
    k->prev = last;
    k->next = root;
}

static Obj *lru_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    LruObj *l = (LruObj *)o;
    if (l->maxsize == 0) {
        l->misses++;
        return obj_call(l->func, args, nargs, kwnames);
    }
    Obj *key = make_key(args, nargs, kwnames, l->typed);
    if (!key) return NULL;
    Hash h = obj_hash(key);
    if (h == -1) {
        DECREF(key);
        return NULL;
    }
    if (l->maxsize < 0) {
        Obj *r = dict_get_known_hash_borrow(l->cache, key, h);
        if (r) {
            l->hits++;
            DECREF(key);
            return INCREF(r);
        }
        if (vm_err_occurred()) {
            DECREF(key);
            return NULL;
        }
        l->misses++;
        r = obj_call(l->func, args, nargs, kwnames);
        if (r && dict_set_known_hash(l->cache, key, h, r) < 0) CLEAR(r);
        DECREF(key);
        return r;
    }
    LinkObj *link = (LinkObj *)dict_get_known_hash_borrow(l->cache, key, h);
    if (link) {
        link_remove(link);
        link_append(l, link);
        l->hits++;
        DECREF(key);
        return INCREF(link->result);
    }
    if (vm_err_occurred()) {
        DECREF(key);
        return NULL;
    }
    l->misses++;
    Obj *result = obj_call(l->func, args, nargs, kwnames);
    if (!result) {
        DECREF(key);
        return NULL;
    }
    /* the call may have added this key already (recursion) */
    Obj *again = dict_get_known_hash_borrow(l->cache, key, h);
    if (again || vm_err_occurred()) {
        DECREF(key);
        if (!again) CLEAR(result);
        return result;
    }
    if (dict_len(l->cache) < l->maxsize || l->root.next == &l->root) {
        LinkObj *k = (LinkObj *)obj_alloc(&link_type, 0);
        if (!k) {
            DECREF(key);
            DECREF(result);
            return NULL;
        }
        k->hash = h;
        k->key = key;
        k->result = INCREF(result);
        if (dict_set_known_hash(l->cache, key, h, (Obj *)k) < 0) {
            DECREF(k);
            DECREF(result);
            return NULL;
        }
        link_append(l, k);
        DECREF(k);
        return result;
    }
    /* full: evict the oldest entry and reuse its link */
    LinkObj *old = l->root.next;
    link_remove(old);
    INCREF(old);
    Obj *popped = NULL;
    if (dict_pop_opt(l->cache, old->key, &popped) < 0) {
        DECREF(old);
        DECREF(key);
        DECREF(result);
        return NULL;
    }
    XDECREF(popped);
    Obj *oldkey = old->key, *oldresult = old->result;
    old->hash = h;
    old->key = key;
    old->result = INCREF(result);
    if (dict_set_known_hash(l->cache, key, h, (Obj *)old) < 0) {
        DECREF(old);
        DECREF(oldkey);
        DECREF(oldresult);
        DECREF(result);
        return NULL;
    }
    link_append(l, old);
    DECREF(old);
    DECREF(oldkey);
    DECREF(oldresult);
    return result;
}

static Obj *lru_cache_info(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    LruObj *l = (LruObj *)self;
    Obj *mx = l->maxsize < 0 ? INCREF(NONE) : int_from_i64(l->maxsize);
    if (!mx) return NULL;
    Obj *r = make_cacheinfo(l->hits, l->misses, mx, l->maxsize == 0 ? 0 : dict_len(l->cache));
    DECREF(mx);
    return r;
}

static Obj *lru_cache_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    LruObj *l = (LruObj *)self;
    l->hits = l->misses = 0;
    lru_unlink_all(l);
    dict_clear(l->cache);
    return INCREF(NONE);
}

static Obj *lru_get(Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE) return INCREF(self);
    return method_new(self, obj);
}

static Obj *lru_self(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return INCREF(self);
}

static Obj *lru_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_getattr(self, id_str("__qualname__"));
}

static MethodDef lru_methods[] = {
    {"cache_info", lru_cache_info, METH_NOARGS, "Report cache statistics"},
    {"cache_clear", lru_cache_clear, METH_NOARGS, "Clear the cache and cache statistics"},
    {"__reduce__", lru_reduce, METH_NOARGS, NULL},
    {"__copy__", lru_self, METH_NOARGS, NULL},
    {"__deepcopy__", lru_self, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef lru_getset[] = {
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj lru_type = {
    .base = TYPE_HEAD_INIT, .name = "functools._lru_cache_wrapper", .basicsize = sizeof(LruObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = lru_dealloc, .call = lru_call,   /* final, as in CPython */
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .descr_get = lru_get,
    .traverse = lru_traverse, .clear = lru_clear, .methods = lru_methods, .getset = lru_getset,
    .dictoffset = offsetof(LruObj, dict),
    .doc = "Create a cached callable that wraps another function.\n\n"
           "user_function:      the function being cached\n\n"
           "maxsize:  0         for no caching\n"
           "          None      for unlimited cache size\n"
           "          n         for a bounded cache\n\n"
           "typed:    False     cache f(3) and f(3.0) as identical calls\n"
           "          True      cache f(3) and f(3.0) as distinct calls\n\n"
           "cache_info_type:    namedtuple class with the fields:\n"
           "                        hits misses currsize maxsize\n",
};

static Obj *cache_parameters(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    LruObj *l = (LruObj *)self;   /* self: the wrapper the lambda belongs to */
    Obj *d = dict_new();
    if (!d) return NULL;
    Obj *mx = l->maxsize < 0 ? INCREF(NONE) : int_from_i64(l->maxsize);
    if (!mx || dict_set_str(d, "maxsize", mx) < 0 || dict_set_str(d, "typed", l->typed ? TRUE_ : FALSE_) < 0)
        CLEAR(d);
    XDECREF(mx);
    return d;
}
static const MethodDef cache_parameters_def = {"cache_parameters", cache_parameters, METH_NOARGS, NULL};

/* _lru_cache_wrapper(user_function, maxsize, typed, _CacheInfo) + update_wrapper */
static Obj *make_lru(Obj *func, Obj *maxsize_obj, bool typed)
{
    Ssize maxsize;
    if (maxsize_obj == NONE) {
        maxsize = -1;
    } else {
        maxsize = num_as_ssize(maxsize_obj, &exc_OverflowError);
        if (maxsize == -1 && vm_err_occurred()) return NULL;
        if (maxsize < 0) maxsize = 0;
    }
    if (!is_callable(func)) {
        vm_err_set_str(&exc_TypeError, "the first argument must be callable");
        return NULL;
    }
    LruObj *l = (LruObj *)obj_alloc(&lru_type, 0);
    if (!l) return NULL;
    lru_unlink_all(l);
    l->func = INCREF(func);
    l->cache = dict_new();
    l->dict = dict_new();
    l->maxsize = maxsize;
    l->typed = typed;
    Obj *cp = builtin_new(&cache_parameters_def, (Obj *)l, NULL);
    if (!l->cache || !l->dict || !cp || dict_set_str(l->dict, "cache_parameters", cp) < 0) {
        XDECREF(cp);
        DECREF(l);
        return NULL;
    }
    DECREF(cp);
    Obj *r = update_wrapper_impl((Obj *)l, func, assignments_tuple, updates_tuple);
    DECREF(l);
    return r;
}

static Obj *decorating_function(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"user_function"};
    Obj *v[1];
    if (mh_bind("decorating_function", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return make_lru(v[0], TUPLE_ITEMS(self)[0], TUPLE_ITEMS(self)[1] != FALSE_ &&
                    obj_is_true(TUPLE_ITEMS(self)[1]) > 0);
}
static const MethodDef decorating_def = {"decorating_function", decorating_function, METH_FAST, NULL};

static Obj *ft_lru_cache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"maxsize", "typed"};
    Obj *v[2];
    if (mh_bind("lru_cache", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *maxsize = v[0] ? v[0] : NULL, *typed = v[1] ? v[1] : FALSE_;
    Obj *ms_default = NULL;
    if (!maxsize) maxsize = ms_default = int_from_i64(128);
    Obj *r = NULL;
    if (INT_CHECK(maxsize)) {
        /* negative maxsize is treated as 0 (make_lru) */
    } else if (is_callable(maxsize) && type_is_subtype(OBJ_TYPE(typed), &bool_type)) {
        Obj *m128 = int_from_i64(128);
        if (m128) r = make_lru(maxsize, m128, typed == TRUE_);
        XDECREF(m128);
        XDECREF(ms_default);
        return r;
    } else if (maxsize != NONE) {
        vm_err_set_str(&exc_TypeError, "Expected first argument to be an integer, a callable, or None");
        XDECREF(ms_default);
        return NULL;
    }
    Obj *state = tuple_pack(2, maxsize, typed);
    XDECREF(ms_default);
    if (!state) return NULL;
    r = pyfunc_new(&decorating_def, "lru_cache.<locals>.decorating_function", state);
    DECREF(state);
    return r;
}

static Obj *ft_cache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"user_function"};
    Obj *v[1];
    if (mh_bind("cache", args, nargs, kw, names, 1, 1, 1, 1, 0, v) < 0) return NULL;
    return make_lru(v[0], NONE, false);
}

/* ---- update_wrapper / wraps ---------------------------------------------------------------- */

static Obj *update_wrapper_impl(Obj *wrapper, Obj *wrapped, Obj *assigned, Obj *updated)
{
    Obj *it = obj_getiter(assigned);
    if (!it) return NULL;
    Obj *attr;
    while ((attr = obj_iternext(it))) {
        Obj *value;
        int found = obj_lookup_attr(wrapped, attr, &value);
        if (found > 0) {
            int r = obj_setattr(wrapper, attr, value);
            DECREF(value);
            if (r < 0) found = -1;
        }
        DECREF(attr);
        if (found < 0) {
            DECREF(it);
            return NULL;
        }
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    it = obj_getiter(updated);
    if (!it) return NULL;
    while ((attr = obj_iternext(it))) {
        Obj *target = obj_getattr(wrapper, attr);
        Obj *src = NULL;
        int found = target ? obj_lookup_attr(wrapped, attr, &src) : -1;
        Obj *r = NULL;
        if (found >= 0) {
            if (!src) src = dict_new();
            r = src ? obj_call_method(target, "update", &src, 1) : NULL;
        }
        XDECREF(src);
        XDECREF(target);
        DECREF(attr);
        if (!r) {
            DECREF(it);
            return NULL;
        }
        DECREF(r);
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    if (obj_setattr(wrapper, id_str("__wrapped__"), wrapped) < 0) return NULL;
    return INCREF(wrapper);
}

static Obj *ft_update_wrapper(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"wrapper", "wrapped", "assigned", "updated"};
    Obj *v[4];
    if (mh_bind("update_wrapper", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    return update_wrapper_impl(v[0], v[1], v[2] ? v[2] : assignments_tuple,
                               v[3] ? v[3] : updates_tuple);
}

static Obj *ft_wraps(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"wrapped", "assigned", "updated"};
    Obj *v[3];
    if (mh_bind("wraps", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *uw = obj_getattr(self, id_str("update_wrapper"));
    if (!uw) return NULL;
    Obj *kwn = tuple_pack(3, id_str("wrapped"), id_str("assigned"), id_str("updated"));
    Obj *vals[3] = {v[0], v[1] ? v[1] : assignments_tuple, v[2] ? v[2] : updates_tuple};
    Obj *r = kwn ? make_partial(uw, vals, 0, kwn) : NULL;
    XDECREF(kwn);
    DECREF(uw);
    return r;
}

/* ---- cmp_to_key ----------------------------------------------------------------------------- */

typedef struct KeyObj {
    Obj base;
    Obj *cmp, *object;
} KeyObj;

static TypeObj keywrapper_type;

static void key_dealloc(Obj *o)
{
    KeyObj *k = (KeyObj *)o;
    XDECREF(k->cmp);
    XDECREF(k->object);
    obj_free(o);
}

static int key_traverse(Obj *o, VisitFn visit, void *arg)
{
    KeyObj *k = (KeyObj *)o;
    int r = 0;
    if (k->cmp && (r = visit(k->cmp, arg))) return r;
    if (k->object && (r = visit(k->object, arg))) return r;
    return 0;
}

static Obj *key_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"obj"};
    Obj *v[1];
    if (args_parse("K", args, nargs, kw, names, 1, 0, 1, v) < 0) return NULL;
    KeyObj *k = (KeyObj *)obj_alloc(&keywrapper_type, 0);
    if (!k) return NULL;
    k->cmp = INCREF(((KeyObj *)o)->cmp);
    k->object = INCREF(v[0]);
    return (Obj *)k;
}

static Hash key_hash(Obj *o)
{
    vm_err_format(&exc_TypeError, "unhashable type: '%s'", OBJ_TYPE(o)->name);
    return -1;
}

static Obj *key_richcompare(Obj *a, Obj *b, int op)
{
    if (!IS_TYPE(b, keywrapper_type)) {
        vm_err_set_str(&exc_TypeError, "other argument must be K instance");
        return NULL;
    }
    KeyObj *x = (KeyObj *)a, *y = (KeyObj *)b;
    if (!x->object || !y->object) {
        vm_err_set_str(&exc_AttributeError, "object");
        return NULL;
    }
    Obj *v[2] = {x->object, y->object};
    Obj *res = obj_call(x->cmp, v, 2, NULL);
    if (!res) return NULL;
    Obj *zero = int_from_i64(0);
    Obj *r = zero ? obj_richcompare(res, zero, op) : NULL;
    XDECREF(zero);
    DECREF(res);
    return r;
}

static Obj *key_get_obj(Obj *o, void *c)
{
    (void)c;
    KeyObj *k = (KeyObj *)o;
    if (!k->object) {
        vm_err_set_str(&exc_AttributeError, "obj");
        return NULL;
    }
    return INCREF(k->object);
}

static int key_set_obj(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&((KeyObj *)o)->object, xincref(v));
    return 0;
}

static GetSetDef key_getset[] = {
    {"obj", key_get_obj, key_set_obj, "Value wrapped by a key function.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj keywrapper_type = {
    .base = TYPE_HEAD_INIT, .name = "functools.KeyWrapper", .basicsize = sizeof(KeyObj),
    .flags = TPF_GC, .dealloc = key_dealloc, .call = key_call, .hash = key_hash,
    .richcompare = key_richcompare, .getattro = obj_generic_getattr, .setattro = obj_generic_setattr,
    .traverse = key_traverse, .getset = key_getset,
};

static Obj *ft_cmp_to_key(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"mycmp"};
    Obj *v[1];
    if (args_parse("cmp_to_key", args, nargs, kw, names, 1, 0, 1, v) < 0) return NULL;
    KeyObj *k = (KeyObj *)obj_alloc(&keywrapper_type, 0);
    if (!k) return NULL;
    k->cmp = INCREF(v[0]);
    return (Obj *)k;
}

/* ---- total_ordering ----------------------------------------------------------------------- */

/* type(self).<root>(self, other) */
static Obj *root_cmp(Obj *self, Obj *other, const char *root)
{
    Obj *f = obj_getattr((Obj *)OBJ_TYPE(self), id_str(root));
    if (!f) return NULL;
    Obj *v[2] = {self, other};
    Obj *r = obj_call(f, v, 2, NULL);
    DECREF(f);
    return r;
}

/* kinds of derivation from op_result (r) */
enum { D_NOT_AND_NE, D_OR_EQ, D_NOT, D_NOT_OR_EQ, D_AND_NE };

static Obj *derive(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *root, int kind)
{
    static const char *const names[] = {"self", "other"};
    Obj *v[2];
    /* bound call: self is the instance, a[0] is other */
    Obj *full[8];
    if (n + mh_nkw(kw) > 6) n = 6;
    full[0] = self;
    for (Ssize i = 0; i < n + mh_nkw(kw); i++) full[i + 1] = a[i];
    if (mh_bind(root, full, n + 1, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *other = v[1];
    Obj *r = root_cmp(self, other, root);
    if (!r || r == NOTIMPL) return r;
    int t = obj_is_true(r);
    if (t < 0) {
        DECREF(r);
        return NULL;
    }
    switch (kind) {
    case D_NOT_AND_NE:   /* not r and self != other */
        DECREF(r);
        if (t) return bool_from(false);
        return obj_richcompare(self, other, CMP_NE);
    case D_OR_EQ:        /* r or self == other */
        if (t) return r;
        DECREF(r);
        return obj_richcompare(self, other, CMP_EQ);
    case D_NOT:          /* not r */
        DECREF(r);
        return bool_from(!t);
    case D_NOT_OR_EQ:    /* not r or self == other */
        DECREF(r);
        if (!t) return bool_from(true);
        return obj_richcompare(self, other, CMP_EQ);
    default:             /* r and self != other */
        if (!t) return r;
        DECREF(r);
        return obj_richcompare(self, other, CMP_NE);
    }
}

#define DERIVE(fname, root, kind)                                                   \
    static Obj *fname(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return derive(s, a, n, kw, root, kind); }
DERIVE(gt_from_lt, "__lt__", D_NOT_AND_NE)
DERIVE(le_from_lt, "__lt__", D_OR_EQ)
DERIVE(ge_from_lt, "__lt__", D_NOT)
DERIVE(ge_from_le, "__le__", D_NOT_OR_EQ)
DERIVE(lt_from_le, "__le__", D_AND_NE)
DERIVE(gt_from_le, "__le__", D_NOT)
DERIVE(lt_from_gt, "__gt__", D_NOT_AND_NE)
DERIVE(ge_from_gt, "__gt__", D_OR_EQ)
DERIVE(le_from_gt, "__gt__", D_NOT)
DERIVE(le_from_ge, "__ge__", D_NOT_OR_EQ)
DERIVE(gt_from_ge, "__ge__", D_AND_NE)
DERIVE(lt_from_ge, "__ge__", D_NOT)

static const MethodDef derived_defs[4][3] = {
    {{"__gt__", gt_from_lt, METH_FAST, "Return a > b.  Computed by @total_ordering from (not a < b) and (a != b)."},
     {"__le__", le_from_lt, METH_FAST, "Return a <= b.  Computed by @total_ordering from (a < b) or (a == b)."},
     {"__ge__", ge_from_lt, METH_FAST, "Return a >= b.  Computed by @total_ordering from (not a < b)."}},
    {{"__ge__", ge_from_le, METH_FAST, "Return a >= b.  Computed by @total_ordering from (not a <= b) or (a == b)."},
     {"__lt__", lt_from_le, METH_FAST, "Return a < b.  Computed by @total_ordering from (a <= b) and (a != b)."},
     {"__gt__", gt_from_le, METH_FAST, "Return a > b.  Computed by @total_ordering from (not a <= b)."}},
    {{"__lt__", lt_from_gt, METH_FAST, "Return a < b.  Computed by @total_ordering from (not a > b) and (a != b)."},
     {"__ge__", ge_from_gt, METH_FAST, "Return a >= b.  Computed by @total_ordering from (a > b) or (a == b)."},
     {"__le__", le_from_gt, METH_FAST, "Return a <= b.  Computed by @total_ordering from (not a > b)."}},
    {{"__le__", le_from_ge, METH_FAST, "Return a <= b.  Computed by @total_ordering from (not a >= b) or (a == b)."},
     {"__gt__", gt_from_ge, METH_FAST, "Return a > b.  Computed by @total_ordering from (a >= b) and (a != b)."},
     {"__lt__", lt_from_ge, METH_FAST, "Return a < b.  Computed by @total_ordering from (not a >= b)."}},
};

static Obj *ft_total_ordering(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"cls"};
    Obj *v[1];
    if (mh_bind("total_ordering", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *cls = v[0];
    /* roots in max() order: __lt__ > __le__ > __gt__ > __ge__ */
    static const char *const ops[4] = {"__lt__", "__le__", "__gt__", "__ge__"};
    bool is_root[4];
    int root = -1;
    for (int i = 0; i < 4; i++) {
        Obj *mine = NULL, *base = NULL;
        if (obj_lookup_attr(cls, id_str(ops[i]), &mine) < 0) return NULL;
        if (obj_lookup_attr((Obj *)&object_type, id_str(ops[i]), &base) < 0) {
            XDECREF(mine);
            return NULL;
        }
        is_root[i] = mine != base;
        XDECREF(mine);
        XDECREF(base);
        if (is_root[i] && root < 0) root = i;
    }
    if (root < 0) {
        vm_err_set_str(&exc_ValueError, "must define at least one ordering operation: < > <= >=");
        return NULL;
    }
    for (int j = 0; j < 3; j++) {
        const MethodDef *d = &derived_defs[root][j];
        int idx = 0;
        while (strcmp(ops[idx], d->name)) idx++;
        if (is_root[idx]) continue;
        Obj *f = method_descr_new(&object_type, d);
        int r = f ? obj_setattr(cls, id_str(ops[idx]), f) : -1;
        XDECREF(f);
        if (r < 0) return NULL;
    }
    return INCREF(cls);
}

/* ---- cached_property ------------------------------------------------------------------------ */

typedef struct CachedPropObj {
    Obj base;
    Obj *func, *attrname, *dict;
} CachedPropObj;

static void cp_dealloc(Obj *o)
{
    CachedPropObj *c = (CachedPropObj *)o;
    XDECREF(c->func);
    XDECREF(c->attrname);
    XDECREF(c->dict);
    obj_free(o);
}

static int cp_traverse(Obj *o, VisitFn visit, void *arg)
{
    CachedPropObj *c = (CachedPropObj *)o;
    Obj *f[] = {c->func, c->attrname, c->dict};
    for (int i = 0; i < 3; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int cp_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"self", "func"};
    Obj *v[2];
    Obj *full[4] = {o, nargs > 0 ? args[0] : NULL, nargs > 1 ? args[1] : NULL, NULL};
    if (nargs + mh_nkw(kw) > 2) {
        args_err_too_many_positional("cached_property.__init__", 2, 2, nargs + 1, 0);
        return -1;
    }
    for (Ssize i = 0; i < nargs + mh_nkw(kw); i++) full[i + 1] = args[i];
    if (mh_bind("cached_property.__init__", full, nargs + 1, kw, names, 2, 2, 0, 2, 0, v) < 0) return -1;
    CachedPropObj *c = (CachedPropObj *)o;
    obj_setref(&c->func, INCREF(v[1]));
    obj_setref(&c->attrname, INCREF(NONE));
    Obj **dp = obj_dict_ptr(o);
    if (!*dp && !(*dp = dict_new())) return -1;
    Obj *doc = NULL, *mod = NULL;
    if (obj_lookup_attr(v[1], id_str("__doc__"), &doc) < 0) return -1;
    int r = dict_set_str(*dp, "__doc__", doc ? doc : NONE);
    XDECREF(doc);
    if (r < 0) return -1;
    mod = obj_getattr(v[1], id_str("__module__"));
    if (!mod) return -1;
    r = dict_set_str(*dp, "__module__", mod);
    DECREF(mod);
    return r;
}

static Obj *cp_set_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"owner", "name"};
    Obj *v[2];
    if (mh_bind_m("cached_property.__set_name__", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    CachedPropObj *c = (CachedPropObj *)self;
    if (!c->attrname || c->attrname == NONE) {
        obj_setref(&c->attrname, INCREF(v[1]));
    } else {
        int eq = obj_richcompare_bool(v[1], c->attrname, CMP_NE);
        if (eq < 0) return NULL;
        if (eq) {
            vm_err_format(&exc_TypeError,
                          "Cannot assign the same cached_property to two different names (%R and %R).",
                          c->attrname, v[1]);
            return NULL;
        }
    }
    return INCREF(NONE);
}

static Obj *cp_get(Obj *self, Obj *inst, Obj *owner)
{
    (void)owner;
    CachedPropObj *c = (CachedPropObj *)self;
    if (!inst || inst == NONE) return INCREF(self);
    if (!c->attrname || c->attrname == NONE) {
        vm_err_set_str(&exc_TypeError, "Cannot use cached_property instance without calling __set_name__ on it.");
        return NULL;
    }
    Obj *cache = NULL;
    if (obj_lookup_attr(inst, id_str("__dict__"), &cache) < 0) return NULL;
    if (!cache) {
        vm_err_format(&exc_TypeError, "No '__dict__' attribute on '%s' instance to cache %R property.",
                      type_name(OBJ_TYPE(inst)), c->attrname);
        return NULL;
    }
    Obj *val = NULL;
    if (DICT_CHECK(cache)) {
        val = dict_get_borrow(cache, c->attrname);
        if (val) {
            INCREF(val);
            DECREF(cache);
            return val;
        }
        if (vm_err_occurred()) {
            DECREF(cache);
            return NULL;
        }
    }
    val = obj_call(c->func, &inst, 1, NULL);
    if (!val) {
        DECREF(cache);
        /* functools.py's frame in tracebacks (tbframes_gen.h) */
        return tbframe_fail(&tbgen_functools, TBG_FUNCTOOLS_CACHED_PROPERTY_GET);
    }
    if (obj_setitem(cache, c->attrname, val) < 0) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError,
                          "The '__dict__' attribute on '%s' instance does not support item assignment for caching %R property.",
                          type_name(OBJ_TYPE(inst)), c->attrname);
        }
        DECREF(val);
        DECREF(cache);
        return NULL;
    }
    DECREF(cache);
    return val;
}

static Obj *cp_get_func(Obj *o, void *c) { (void)c; return INCREF(((CachedPropObj *)o)->func ? ((CachedPropObj *)o)->func : NONE); }
static int cp_set_func(Obj *o, Obj *v, void *c) { (void)c; obj_setref(&((CachedPropObj *)o)->func, xincref(v)); return 0; }
static Obj *cp_get_attrname(Obj *o, void *c) { (void)c; return INCREF(((CachedPropObj *)o)->attrname ? ((CachedPropObj *)o)->attrname : NONE); }
static int cp_set_attrname(Obj *o, Obj *v, void *c) { (void)c; obj_setref(&((CachedPropObj *)o)->attrname, xincref(v)); return 0; }

static MethodDef cp_methods[] = {
    {"__set_name__", cp_set_name, METH_FAST, NULL},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "Represent a PEP 585 generic type\n\nE.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,)."},
    {NULL, NULL, 0, NULL},
};
static GetSetDef cp_getset[] = {
    {"func", cp_get_func, cp_set_func, NULL, NULL},
    {"attrname", cp_get_attrname, cp_set_attrname, NULL, NULL},
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj cached_property_type = {
    .base = TYPE_HEAD_INIT, .name = "functools.cached_property", .basicsize = sizeof(CachedPropObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = cp_dealloc, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .descr_get = cp_get, .traverse = cp_traverse,
    .new_ = plain_new, .init = cp_init, .methods = cp_methods, .getset = cp_getset,
    .dictoffset = offsetof(CachedPropObj, dict),
};

/* ---- partialmethod -------------------------------------------------------------------------- */

typedef struct PMethodObj {
    Obj base;
    Obj *func, *args, *keywords, *dict;
} PMethodObj;

static TypeObj partialmethod_type, pm_unbound_type;

static void pm_dealloc(Obj *o)
{
    PMethodObj *p = (PMethodObj *)o;
    XDECREF(p->func);
    XDECREF(p->args);
    XDECREF(p->keywords);
    XDECREF(p->dict);
    obj_free(o);
}

static int pm_traverse(Obj *o, VisitFn visit, void *arg)
{
    PMethodObj *p = (PMethodObj *)o;
    Obj *f[] = {p->func, p->args, p->keywords, p->dict};
    for (int i = 0; i < 4; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int pm_check(PMethodObj *p);

static int pm_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    PMethodObj *p = (PMethodObj *)o;
    if (nargs < 1) {
        Obj *nm = str_from_cstr("func");
        if (nm) args_err_missing("partialmethod.__init__", &nm, 1, false);
        XDECREF(nm);
        return -1;
    }
    Obj *func = args[0];
    Obj *get = NULL;
    if (!is_callable(func)) {
        if (obj_lookup_attr(func, id_str("__get__"), &get) < 0) return -1;
        if (!get) {
            vm_err_format(&exc_TypeError, "%R is not callable or a descriptor", func);
            return -1;
        }
        DECREF(get);
    }
    Obj *newargs = tuple_from_array(args + 1, nargs - 1);
    Obj *kwd = dict_new();
    if (!newargs || !kwd) goto fail;
    if (type_is_subtype(OBJ_TYPE(func), &partialmethod_type)) {
        PMethodObj *inner = (PMethodObj *)func;
        if (pm_check(inner) < 0) goto fail;
        Obj *l = seq_to_list(inner->args);
        if (!l || list_extend(l, newargs) < 0) {
            XDECREF(l);
            goto fail;
        }
        obj_setref(&newargs, list_as_tuple(l));
        DECREF(l);
        if (!newargs || dict_update(kwd, inner->keywords) < 0) goto fail;
        func = inner->func;
    }
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwd, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) goto fail;
    obj_setref(&p->func, INCREF(func));
    obj_setref(&p->args, newargs);
    obj_setref(&p->keywords, kwd);
    return 0;
fail:
    XDECREF(newargs);
    XDECREF(kwd);
    return -1;
}

static Obj *pm_repr(Obj *o)
{
    PMethodObj *p = (PMethodObj *)o;
    if (!p->func || !p->args || !p->keywords) return obj_default_repr(o);
    SBuf b = SBUF_INIT;
    Obj *res = NULL, *mod = NULL, *qual = NULL, *fs = NULL;
    Ssize len;
    const char *s;
    for (Ssize i = 0; i < TUPLE_LEN(p->args); i++) {
        Obj *r = obj_repr(TUPLE_ITEMS(p->args)[i]);
        if (!r) goto out;
        if (i) sbuf_puts(&b, ", ");
        s = str_utf8_lossy(r, &len);
        sbuf_put(&b, s, (size_t)len);
        DECREF(r);
    }
    sbuf_puts(&b, ", ");
    Ssize pos = 0, n = 0;
    Obj *k, *v;
    while (dict_next(p->keywords, &pos, &k, &v)) {
        Obj *ks = obj_str(k), *vr = ks ? obj_repr(v) : NULL;
        if (!vr) {
            XDECREF(ks);
            goto out;
        }
        if (n++) sbuf_puts(&b, ", ");
        s = str_utf8_lossy(ks, &len);
        sbuf_put(&b, s, (size_t)len);
        sbuf_putc(&b, '=');
        s = str_utf8_lossy(vr, &len);
        sbuf_put(&b, s, (size_t)len);
        DECREF(ks);
        DECREF(vr);
    }
    mod = obj_getattr((Obj *)OBJ_TYPE(o), id_str("__module__"));
    qual = mod ? obj_getattr((Obj *)OBJ_TYPE(o), id_str("__qualname__")) : NULL;
    fs = qual ? obj_str(p->func) : NULL;
    if (fs) {
        Obj *body = str_from_utf8(b.data, (Ssize)b.len);
        if (body) res = str_from_fmt("%S.%S(%U, %U)", mod, qual, fs, body);
        XDECREF(body);
    }
out:
    XDECREF(mod);
    XDECREF(qual);
    XDECREF(fs);
    sbuf_free(&b);
    return res;
}

/* func, args and keywords as __init__ leaves them: missing after
 * partialmethod.__new__ alone or `del`, anything after assignment. */
static int pm_check(PMethodObj *p)
{
    static const char *const names[] = {"func", "args", "keywords"};
    Obj *v[] = {p->func, p->args, p->keywords};
    for (int i = 0; i < 3; i++)
        if (!v[i]) {
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute '%s'",
                          type_name(OBJ_TYPE(p)), names[i]);
            return -1;
        }
    if (!TUPLE_CHECK(p->args)) {
        vm_err_format(&exc_TypeError, "Value after * must be an iterable, not %s",
                      type_name(OBJ_TYPE(p->args)));
        return -1;
    }
    if (!DICT_CHECK(p->keywords)) {
        vm_err_format(&exc_TypeError, "'%s' object is not a mapping", type_name(OBJ_TYPE(p->keywords)));
        return -1;
    }
    return 0;
}

static Obj *pm_get(Obj *self, Obj *obj, Obj *cls)
{
    PMethodObj *p = (PMethodObj *)self;
    if (pm_check(p) < 0) return NULL;
    if (!obj) obj = NONE;
    if (!cls) cls = NONE;
    Obj *get = NULL;
    if (obj_lookup_attr(p->func, id_str("__get__"), &get) < 0) return NULL;
    Obj *result = NULL;
    if (get) {
        Obj *v[2] = {obj, cls};
        Obj *nf = obj_call(get, v, 2, NULL);
        DECREF(get);
        if (!nf) return NULL;
        if (nf != p->func) {
            Obj *kwn = NULL;
            Ssize nk = dict_len(p->keywords), na = TUPLE_LEN(p->args);
            Obj **vals = xmalloc((size_t)(na + nk + 1) * sizeof(Obj *));
            for (Ssize i = 0; i < na; i++) vals[i] = TUPLE_ITEMS(p->args)[i];
            if (nk) {
                kwn = tuple_new(nk);
                Ssize pos = 0, i = 0;
                Obj *k, *val;
                while (kwn && dict_next(p->keywords, &pos, &k, &val)) {
                    TUPLE_ITEMS(kwn)[i] = INCREF(k);
                    vals[na + i++] = val;
                }
            }
            result = (nk && !kwn) ? NULL : make_partial(nf, vals, na, kwn);
            free(vals);
            XDECREF(kwn);
            if (!result) {
                DECREF(nf);
                return NULL;
            }
            Obj *ns = NULL;
            if (obj_lookup_attr(nf, id_str("__self__"), &ns) < 0) {
                DECREF(nf);
                DECREF(result);
                return NULL;
            }
            if (ns) {
                int r = obj_setattr(result, id_str("__self__"), ns);
                DECREF(ns);
                if (r < 0) vm_err_clear();
            }
        }
        DECREF(nf);
    }
    if (result) return result;
    PMethodObj *u = (PMethodObj *)obj_alloc(&pm_unbound_type, 0);
    if (!u) return NULL;
    u->func = INCREF(self);   /* the partialmethod */
    if (obj == NONE) return (Obj *)u;
    result = method_new((Obj *)u, obj);
    DECREF(u);
    return result;
}

static Obj *pm_unbound_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    PMethodObj *pm = (PMethodObj *)((PMethodObj *)o)->func;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "_method() missing 1 required positional argument: 'cls_or_self'");
        return NULL;
    }
    if (pm_check(pm) < 0) return NULL;
    /* func(cls_or_self, *pm.args, *args, **{**pm.keywords, **kw}) */
    Ssize na = TUPLE_LEN(pm->args);
    Obj *pre = tuple_new(na + 1);
    if (!pre) return NULL;
    TUPLE_ITEMS(pre)[0] = INCREF(args[0]);
    for (Ssize i = 0; i < na; i++) TUPLE_ITEMS(pre)[i + 1] = INCREF(TUPLE_ITEMS(pm->args)[i]);
    Obj *r = call_with(pm->func, pre, pm->keywords, args + 1, nargs - 1, kwnames);
    DECREF(pre);
    return r;
}

static Obj *pm_unbound_get(Obj *self, Obj *obj, Obj *cls)
{
    (void)cls;
    if (!obj || obj == NONE) return INCREF(self);
    return method_new(self, obj);
}

static Obj *pm_get_isabstract(Obj *o, void *c)
{
    (void)c;
    PMethodObj *p = (PMethodObj *)o;
    Obj *v = NULL;
    if (p->func && obj_lookup_attr(p->func, id_str("__isabstractmethod__"), &v) < 0) return NULL;
    return v ? v : bool_from(false);
}

#define PM_FIELD(fld)                                                                  \
    static Obj *pm_get_##fld(Obj *o, void *c)                                         \
    {                                                                                  \
        (void)c;                                                                       \
        Obj *v = ((PMethodObj *)o)->fld;                                               \
        if (!v) {                                                                      \
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute '%s'",   \
                          type_name(OBJ_TYPE(o)), #fld);                               \
            return NULL;                                                               \
        }                                                                              \
        return INCREF(v);                                                              \
    }                                                                                  \
    static int pm_set_##fld(Obj *o, Obj *v, void *c)                                  \
    {                                                                                  \
        (void)c;                                                                       \
        obj_setref(&((PMethodObj *)o)->fld, xincref(v));                               \
        return 0;                                                                      \
    }
PM_FIELD(func)
PM_FIELD(args)
PM_FIELD(keywords)

static MethodDef pm_methods[] = {
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef pm_getset[] = {
    {"func", pm_get_func, pm_set_func, NULL, NULL},
    {"args", pm_get_args, pm_set_args, NULL, NULL},
    {"keywords", pm_get_keywords, pm_set_keywords, NULL, NULL},
    {"__isabstractmethod__", pm_get_isabstract, NULL, NULL, NULL},
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj partialmethod_type = {
    .base = TYPE_HEAD_INIT, .name = "functools.partialmethod", .basicsize = sizeof(PMethodObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = pm_dealloc, .repr = pm_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .descr_get = pm_get,
    .traverse = pm_traverse, .new_ = plain_new, .init = pm_init, .methods = pm_methods,
    .getset = pm_getset, .dictoffset = offsetof(PMethodObj, dict),
    .doc = "Method descriptor with partial application of the given arguments\n"
           "    and keywords.\n\n    Supports wrapping existing descriptors and handles non-descriptor\n"
           "    callables as instance methods.\n    ",
};

static TypeObj pm_unbound_type = {
    .base = TYPE_HEAD_INIT, .name = "functools._partialmethod_method", .basicsize = sizeof(PMethodObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = pm_dealloc, .call = pm_unbound_call,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .descr_get = pm_unbound_get,
    .traverse = pm_traverse, .dictoffset = offsetof(PMethodObj, dict),
};

/* ---- singledispatch ------------------------------------------------------------------------ */

typedef struct DispatchObj {
    Obj base;
    Obj *registry, *cache, *func, *funcname, *dict;
} DispatchObj;

static TypeObj dispatch_type;

static void dispatch_dealloc(Obj *o)
{
    DispatchObj *d = (DispatchObj *)o;
    XDECREF(d->registry);
    XDECREF(d->cache);
    XDECREF(d->func);
    XDECREF(d->funcname);
    XDECREF(d->dict);
    obj_free(o);
}

static int dispatch_traverse(Obj *o, VisitFn visit, void *arg)
{
    DispatchObj *d = (DispatchObj *)o;
    Obj *f[] = {d->registry, d->cache, d->func, d->funcname, d->dict};
    for (int i = 0; i < 5; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int dispatch_clear(Obj *o)
{
    DispatchObj *d = (DispatchObj *)o;
    CLEAR(d->registry);
    CLEAR(d->cache);
    CLEAR(d->func);
    CLEAR(d->dict);
    return 0;
}

/* The implementation registered for cls: the first class of cls.__mro__ in
 * the registry (object last), registered ABCs cls is a subclass of being
 * tried before object. */
static Obj *find_impl(DispatchObj *d, Obj *cls)
{
    Obj *mro = NULL;
    if (obj_lookup_attr(cls, id_str("__mro__"), &mro) < 0) return NULL;
    if (mro && TUPLE_CHECK(mro)) {
        for (Ssize i = 0; i < TUPLE_LEN(mro); i++) {
            Obj *t = TUPLE_ITEMS(mro)[i];
            if (t == (Obj *)&object_type) break;
            Obj *impl = dict_get_borrow(d->registry, t);
            if (impl) {
                DECREF(mro);
                return INCREF(impl);
            }
            if (vm_err_occurred()) {
                DECREF(mro);
                return NULL;
            }
        }
    }
    XDECREF(mro);
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(d->registry, &pos, &k, &v)) {
        if (k == (Obj *)&object_type || !TYPE_CHECK(k)) continue;
        int r = obj_issubclass(cls, k);
        if (r < 0) return NULL;
        if (r) return INCREF(v);
    }
    Obj *impl = dict_get_borrow(d->registry, (Obj *)&object_type);
    if (impl) return INCREF(impl);
    if (!vm_err_occurred()) vm_err_set_key(cls);
    return NULL;
}

static Obj *dispatch_for(DispatchObj *d, Obj *cls)
{
    Obj *impl = dict_get_borrow(d->cache, cls);
    if (impl) return INCREF(impl);
    if (vm_err_occurred()) vm_err_clear();   /* unhashable classes are not cached */
    impl = find_impl(d, cls);
    if (impl && dict_set(d->cache, cls, impl) < 0) vm_err_clear();
    return impl;
}

static Obj *dispatch_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    DispatchObj *d = (DispatchObj *)o;
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "%S requires at least 1 positional argument", d->funcname);
        return tbframe_fail(&tbgen_functools, TBG_FUNCTOOLS_SINGLEDISPATCH_NO_ARGS);
    }
    /* singledispatch's wrapper: dispatch(args[0].__class__)(*args, **kw) */
    Obj *cls = obj_getattr(args[0], id_str("__class__"));
    Obj *impl = cls ? dispatch_for(d, cls) : NULL;
    XDECREF(cls);
    Obj *r = impl ? obj_call(impl, args, nargs, kw) : NULL;
    XDECREF(impl);
    return r ? r : tbframe_fail(&tbgen_functools, TBG_FUNCTOOLS_SINGLEDISPATCH_WRAPPER);
}

static Obj *dispatch_get(Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE) return INCREF(self);
    return method_new(self, obj);
}

static Obj *sd_dispatch(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"cls"};
    Obj *v[1];
    if (mh_bind("dispatch", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return dispatch_for((DispatchObj *)self, v[0]);
}

static bool valid_dispatch_type(Obj *cls)
{
    if (TYPE_CHECK(cls)) return true;
    if (!IS_TYPE(cls, union_type)) return false;
    Obj *a = NULL;
    if (obj_lookup_attr(cls, id_str("__args__"), &a) <= 0 || !TUPLE_CHECK(a)) {
        vm_err_clear();
        XDECREF(a);
        return false;
    }
    bool ok = true;
    for (Ssize i = 0; i < TUPLE_LEN(a); i++)
        if (!TYPE_CHECK(TUPLE_ITEMS(a)[i])) ok = false;
    DECREF(a);
    return ok;
}

/* typing.get_type_hints(func): the first annotation, strings evaluated as
 * (dotted) names in func.__globals__ / builtins. */
static int first_annotation(Obj *func, Obj **argname, Obj **cls)
{
    Obj *ann = NULL;
    if (obj_lookup_attr(func, id_str("__annotations__"), &ann) < 0) return -1;
    Ssize pos = 0;
    Obj *k, *v;
    if (!ann || !DICT_CHECK(ann) || !dict_next(ann, &pos, &k, &v)) {
        XDECREF(ann);
        return 0;
    }
    *argname = INCREF(k);
    if (STR_CHECK(v)) {
        Obj *globals = NULL;
        if (obj_lookup_attr(func, id_str("__globals__"), &globals) < 0) {
            DECREF(ann);
            return -1;
        }
        Obj *parts = obj_call_method(v, "split", (Obj *[]){id_str(".")}, 1);
        Obj *cur = NULL;
        if (parts && LIST_LEN(parts) > 0) {
            Obj *first = LIST_ITEMS(parts)[0];
            cur = globals && DICT_CHECK(globals) ? dict_get_borrow(globals, first) : NULL;
            if (!cur) cur = dict_get_borrow(vm->builtins, first);
            if (cur) {
                INCREF(cur);
                for (Ssize i = 1; cur && i < LIST_LEN(parts); i++) {
                    Obj *n = obj_getattr(cur, LIST_ITEMS(parts)[i]);
                    DECREF(cur);
                    cur = n;
                }
            } else if (!vm_err_occurred()) {
                vm_err_format(&exc_NameError, "name '%U' is not defined", first);
            }
        }
        XDECREF(parts);
        XDECREF(globals);
        DECREF(ann);
        if (!cur) {
            CLEAR(*argname);
            return -1;
        }
        *cls = cur;
        return 1;
    }
    *cls = INCREF(v);
    DECREF(ann);
    return 1;
}

static Obj *sd_register(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    DispatchObj *d = (DispatchObj *)self;
    static const char *const names[] = {"cls", "func"};
    Obj *v[2];
    if (mh_bind("register", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *cls = v[0], *func = v[1];
    Obj *owned_cls = NULL;
    if (valid_dispatch_type(cls)) {
        if (!func || func == NONE) {
            Obj *reg = obj_getattr(self, id_str("register"));
            if (!reg) return NULL;
            Obj *p = make_partial(reg, &cls, 1, NULL);
            DECREF(reg);
            return p;
        }
    } else {
        if (func && func != NONE) {
            vm_err_format(&exc_TypeError,
                          "Invalid first argument to `register()`. %R is not a class or union type.", cls);
            return NULL;
        }
        Obj *argname = NULL;
        int r = first_annotation(cls, &argname, &owned_cls);
        if (r < 0) return NULL;
        if (r == 0) {
            vm_err_format(&exc_TypeError,
                          "Invalid first argument to `register()`: %R. Use either "
                          "`@register(some_class)` or plain `@register` on an annotated function.",
                          cls);
            return NULL;
        }
        func = cls;
        cls = owned_cls;
        if (!valid_dispatch_type(cls)) {
            if (IS_TYPE(cls, union_type))
                vm_err_format(&exc_TypeError, "Invalid annotation for %R. %R not all arguments are classes.",
                              argname, cls);
            else
                vm_err_format(&exc_TypeError, "Invalid annotation for %R. %R is not a class.", argname, cls);
            DECREF(argname);
            DECREF(owned_cls);
            return NULL;
        }
        DECREF(argname);
    }
    int rc = 0;
    if (IS_TYPE(cls, union_type)) {
        Obj *a = obj_getattr(cls, id_str("__args__"));
        if (!a) rc = -1;
        for (Ssize i = 0; a && rc == 0 && i < TUPLE_LEN(a); i++)
            rc = dict_set(d->registry, TUPLE_ITEMS(a)[i], func);
        XDECREF(a);
    } else {
        rc = dict_set(d->registry, cls, func);
    }
    XDECREF(owned_cls);
    if (rc < 0) return NULL;
    dict_clear(d->cache);
    return INCREF(func);
}

static Obj *sd_clear_cache(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    dict_clear(((DispatchObj *)self)->cache);
    return INCREF(NONE);
}

static const MethodDef sd_register_def = {"register", sd_register, METH_FAST,
                                          "generic_func.register(cls, func) -> func\n\n"
                                          "Registers a new implementation for the given *cls* on a *generic_func*."};
static const MethodDef sd_dispatch_def = {"dispatch", sd_dispatch, METH_FAST,
                                          "generic_func.dispatch(cls) -> <function implementation>\n\n"
                                          "Runs the dispatch algorithm to return the best available implementation\n"
                                          "for the given *cls* registered on *generic_func*."};
static const MethodDef sd_clear_def = {"clear", sd_clear_cache, METH_NOARGS, NULL};

static GetSetDef dispatch_getset[] = {
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj dispatch_type = {
    .base = TYPE_HEAD_INIT, .name = "functools._singledispatch_function", .basicsize = sizeof(DispatchObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = dispatch_dealloc, .call = dispatch_call,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .descr_get = dispatch_get,
    .traverse = dispatch_traverse, .clear = dispatch_clear, .getset = dispatch_getset,
    .dictoffset = offsetof(DispatchObj, dict),
};

static Obj *make_singledispatch(Obj *func)
{
    DispatchObj *d = (DispatchObj *)obj_alloc(&dispatch_type, 0);
    if (!d) return NULL;
    d->registry = dict_new();
    d->cache = dict_new();
    d->dict = dict_new();
    d->func = INCREF(func);
    if (!d->registry || !d->cache || !d->dict) goto fail;
    if (obj_lookup_attr(func, id_str("__name__"), &d->funcname) < 0) goto fail;
    if (!d->funcname && !(d->funcname = str_from_cstr("singledispatch function"))) goto fail;
    if (dict_set(d->registry, (Obj *)&object_type, func) < 0) goto fail;
    Obj *reg = builtin_new(&sd_register_def, (Obj *)d, NULL);
    Obj *dis = builtin_new(&sd_dispatch_def, (Obj *)d, NULL);
    Obj *mp = mappingproxy_new(d->registry);
    Obj *clr = builtin_new(&sd_clear_def, (Obj *)d, NULL);
    int rc = reg && dis && mp && clr && dict_set_str(d->dict, "register", reg) == 0 &&
             dict_set_str(d->dict, "dispatch", dis) == 0 && dict_set_str(d->dict, "registry", mp) == 0 &&
             dict_set_str(d->dict, "_clear_cache", clr) == 0 ? 0 : -1;
    XDECREF(reg);
    XDECREF(dis);
    XDECREF(mp);
    XDECREF(clr);
    if (rc < 0) goto fail;
    Obj *r = update_wrapper_impl((Obj *)d, func, assignments_tuple, updates_tuple);
    DECREF(d);
    return r;
fail:
    DECREF(d);
    return NULL;
}

static Obj *ft_singledispatch(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind("singledispatch", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return make_singledispatch(v[0]);
}

/* singledispatchmethod: dispatcher + func; __get__ gives a function that
 * dispatches on the class of its first argument and binds the chosen
 * implementation to the instance/class it was looked up through. */
typedef struct SDMethodObj {
    Obj base;
    Obj *dispatcher, *func, *dict;
} SDMethodObj;

typedef struct SDBoundObj {
    Obj base;
    Obj *sdm, *obj, *cls, *dict;
} SDBoundObj;

static TypeObj sdmethod_type, sdbound_type;

static void sdm_dealloc(Obj *o)
{
    SDMethodObj *s = (SDMethodObj *)o;
    XDECREF(s->dispatcher);
    XDECREF(s->func);
    XDECREF(s->dict);
    obj_free(o);
}

static int sdm_traverse(Obj *o, VisitFn visit, void *arg)
{
    SDMethodObj *s = (SDMethodObj *)o;
    Obj *f[] = {s->dispatcher, s->func, s->dict};
    for (int i = 0; i < 3; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int sdm_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind_m("singledispatchmethod.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return -1;
    Obj *get = NULL;
    if (!is_callable(v[0])) {
        if (obj_lookup_attr(v[0], id_str("__get__"), &get) < 0) return -1;
        if (!get) {
            vm_err_format(&exc_TypeError, "%R is not callable or a descriptor", v[0]);
            return -1;
        }
        DECREF(get);
    }
    SDMethodObj *s = (SDMethodObj *)o;
    Obj *d = make_singledispatch(v[0]);
    if (!d) return -1;
    obj_setref(&s->dispatcher, d);
    obj_setref(&s->func, INCREF(v[0]));
    return 0;
}

/* AttributeError for a field __init__ never set (singledispatchmethod.__new__
 * alone), naming the one CPython's code reaches first. */
static int sdm_check(SDMethodObj *s, bool func_first)
{
    const char *missing = func_first && !s->func ? "func" : !s->dispatcher ? "dispatcher" : !s->func ? "func" : NULL;
    if (!missing) return 0;
    vm_err_format(&exc_AttributeError, "'%s' object has no attribute '%s'", type_name(OBJ_TYPE(s)), missing);
    return -1;
}

static Obj *sdm_register(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"cls", "method"};
    Obj *v[2];
    if (mh_bind_m("singledispatchmethod.register", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    SDMethodObj *s = (SDMethodObj *)self;
    if (sdm_check(s, false) < 0) return NULL;
    Obj *reg = obj_getattr(s->dispatcher, id_str("register"));
    if (!reg) return NULL;
    Obj *a[2] = {v[0], v[1] ? v[1] : NONE};
    Obj *kwn = tuple_pack(1, id_str("func"));
    Obj *r = kwn ? obj_call(reg, a, 1, kwn) : NULL;
    XDECREF(kwn);
    DECREF(reg);
    return r;
}

static Obj *sdm_get(Obj *self, Obj *obj, Obj *cls)
{
    SDMethodObj *s = (SDMethodObj *)self;
    if (sdm_check(s, true) < 0) return NULL;   /* __isabstractmethod__ reads func first */
    SDBoundObj *b = (SDBoundObj *)obj_alloc(&sdbound_type, 0);
    if (!b) return NULL;
    b->sdm = INCREF(self);
    b->obj = INCREF(obj ? obj : NONE);
    b->cls = INCREF(cls ? cls : NONE);
    b->dict = dict_new();
    Obj *reg = obj_getattr(self, id_str("register"));
    if (!b->dict || !reg || dict_set_str(b->dict, "register", reg) < 0) {
        XDECREF(reg);
        DECREF(b);
        return NULL;
    }
    DECREF(reg);
    Obj *r = update_wrapper_impl((Obj *)b, s->func, assignments_tuple, updates_tuple);
    DECREF(b);
    return r;
}

static Obj *sdbound_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    SDBoundObj *b = (SDBoundObj *)o;
    SDMethodObj *s = (SDMethodObj *)b->sdm;
    if (nargs < 1) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    Obj *cls = obj_getattr(args[0], id_str("__class__"));
    if (!cls) return NULL;
    Obj *method = dispatch_for((DispatchObj *)s->dispatcher, cls);
    DECREF(cls);
    if (!method) return NULL;
    Obj *get = NULL;
    if (obj_lookup_attr(method, id_str("__get__"), &get) < 0) {
        DECREF(method);
        return NULL;
    }
    DECREF(method);
    if (!get) {
        vm_err_format(&exc_AttributeError, "object has no attribute '__get__'");
        return NULL;
    }
    Obj *gv[2] = {b->obj, b->cls};
    Obj *bound = obj_call(get, gv, 2, NULL);
    DECREF(get);
    if (!bound) return NULL;
    Obj *r = obj_call(bound, args, nargs, kw);
    DECREF(bound);
    return r ? r : tbframe_fail(&tbgen_functools, TBG_FUNCTOOLS_SINGLEDISPATCHMETHOD_METHOD);
}

static void sdb_dealloc(Obj *o)
{
    SDBoundObj *b = (SDBoundObj *)o;
    XDECREF(b->sdm);
    XDECREF(b->obj);
    XDECREF(b->cls);
    XDECREF(b->dict);
    obj_free(o);
}

static int sdb_traverse(Obj *o, VisitFn visit, void *arg)
{
    SDBoundObj *b = (SDBoundObj *)o;
    Obj *f[] = {b->sdm, b->obj, b->cls, b->dict};
    for (int i = 0; i < 4; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static Obj *sdm_get_isabstract(Obj *o, void *c)
{
    (void)c;
    SDMethodObj *s = (SDMethodObj *)o;
    Obj *v = NULL;
    if (s->func && obj_lookup_attr(s->func, id_str("__isabstractmethod__"), &v) < 0) return NULL;
    return v ? v : bool_from(false);
}

static Obj *sdm_get_dispatcher(Obj *o, void *c) { (void)c; return INCREF(((SDMethodObj *)o)->dispatcher ? ((SDMethodObj *)o)->dispatcher : NONE); }
static Obj *sdm_get_func(Obj *o, void *c) { (void)c; return INCREF(((SDMethodObj *)o)->func ? ((SDMethodObj *)o)->func : NONE); }

static MethodDef sdm_methods[] = {
    {"register", sdm_register, METH_FAST, "generic_method.register(cls, func) -> func\n\nRegisters a new implementation for the given *cls* on a *generic_method*."},
    {NULL, NULL, 0, NULL},
};
static GetSetDef sdm_getset[] = {
    {"dispatcher", sdm_get_dispatcher, NULL, NULL, NULL},
    {"func", sdm_get_func, NULL, NULL, NULL},
    {"__isabstractmethod__", sdm_get_isabstract, NULL, NULL, NULL},
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj sdmethod_type = {
    .base = TYPE_HEAD_INIT, .name = "functools.singledispatchmethod", .basicsize = sizeof(SDMethodObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = sdm_dealloc, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .descr_get = sdm_get, .traverse = sdm_traverse,
    .new_ = plain_new, .init = sdm_init, .methods = sdm_methods, .getset = sdm_getset,
    .dictoffset = offsetof(SDMethodObj, dict),
    .doc = "Single-dispatch generic method descriptor.\n\n    Supports wrapping existing descriptors and handles non-descriptor\n    callables as instance methods.\n    ",
};

static GetSetDef sdb_getset[] = {
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj sdbound_type = {
    .base = TYPE_HEAD_INIT, .name = "functools._singledispatchmethod_method", .basicsize = sizeof(SDBoundObj),
    .flags = TPF_GC, .dealloc = sdb_dealloc, .call = sdbound_call, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .traverse = sdb_traverse, .getset = sdb_getset,
    .dictoffset = offsetof(SDBoundObj, dict),
};

/* ---- the module ---------------------------------------------------------------------------- */

static const MethodDef functools_methods[] = {
    {"reduce", ft_reduce, METH_FAST,
     "reduce(function, iterable[, initial], /) -> value\n\n"
     "Apply a function of two arguments cumulatively to the items of an iterable, from left to right."},
    {"cmp_to_key", ft_cmp_to_key, METH_FAST, "Convert a cmp= function into a key= function."},
    {"wraps", ft_wraps, METH_FAST, "Decorator factory to apply update_wrapper() to a wrapper function"},
    {"lru_cache", ft_lru_cache, METH_FAST, "Least-recently-used cache decorator."},
    {"cache", ft_cache, METH_FAST, "Simple lightweight unbounded cache.  Sometimes called \"memoize\"."},
    {"total_ordering", ft_total_ordering, METH_FAST, "Class decorator that fills in missing ordering methods"},
    {"singledispatch", ft_singledispatch, METH_FAST, "Single-dispatch generic function decorator."},
    {NULL, NULL, 0, NULL},
};

static const MethodDef update_wrapper_def = {
    "update_wrapper", ft_update_wrapper, METH_FAST, "Update a wrapper function to look like the wrapped function"};

static Obj *functools_init(void)
{
    static TypeObj *const types[] = {
        &partial_type, &cacheinfo_type, &link_type, &lru_type, &keywrapper_type,
        &cached_property_type, &partialmethod_type, &pm_unbound_type, &dispatch_type,
        &sdmethod_type, &sdbound_type, &pyfunc_type,
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (type_ready(types[i]) < 0) return NULL;
    if (!assignments_tuple) {
        assignments_tuple = tuple_pack(6, id_str("__module__"), id_str("__name__"), id_str("__qualname__"),
                                       id_str("__doc__"), id_str("__annotations__"), id_str("__type_params__"));
        updates_tuple = tuple_pack(1, id_str("__dict__"));
        kwd_mark = obj_alloc(&object_type, 0);
        if (!assignments_tuple || !updates_tuple || !kwd_mark) return NULL;
    }
    Obj *m = mh_module("functools", functools_methods);
    if (!m) return NULL;
    static const char *const all[] = {
        "update_wrapper", "wraps", "WRAPPER_ASSIGNMENTS", "WRAPPER_UPDATES", "total_ordering",
        "cache", "cmp_to_key", "lru_cache", "reduce", "partial", "partialmethod", "singledispatch",
        "singledispatchmethod", "cached_property",
    };
    Obj *alls = list_new(0);
    for (size_t i = 0; alls && i < sizeof all / sizeof *all; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(alls, s) < 0) CLEAR(alls);
        XDECREF(s);
    }
    if (!alls || module_add(m, "__all__", alls) < 0 ||
        mh_add_obj(m, "WRAPPER_ASSIGNMENTS", assignments_tuple) < 0 ||
        mh_add_obj(m, "WRAPPER_UPDATES", updates_tuple) < 0 ||
        mh_add_obj(m, "partial", (Obj *)&partial_type) < 0 ||
        mh_add_obj(m, "partialmethod", (Obj *)&partialmethod_type) < 0 ||
        mh_add_obj(m, "cached_property", (Obj *)&cached_property_type) < 0 ||
        mh_add_obj(m, "singledispatchmethod", (Obj *)&sdmethod_type) < 0 ||
        mh_add_obj(m, "_lru_cache_wrapper", (Obj *)&lru_type) < 0 ||
        mh_add_obj(m, "_CacheInfo", (Obj *)&cacheinfo_type) < 0 ||
        mh_add_obj(m, "GenericAlias", (Obj *)&generic_alias_type) < 0 ||
        module_add(m, "update_wrapper", pyfunc_new(&update_wrapper_def, "update_wrapper", NULL)) < 0) {
        DECREF(m);
        return NULL;
    }
    /* reduce and cmp_to_key come from _functools in CPython */
    Obj *cmod = str_from_cstr("_functools");
    static const char *const cnames[] = {"reduce", "cmp_to_key"};
    for (int i = 0; cmod && i < 2; i++) {
        Obj *f = dict_get_str_borrow(module_dict_borrow(m), cnames[i]);
        if (f && obj_setattr(f, id_str("__module__"), cmod) < 0) CLEAR(cmod);
    }
    if (!cmod) {
        DECREF(m);
        return NULL;
    }
    DECREF(cmod);
    return m;
}

void native_functools_register(void)
{
    import_register_native("functools", functools_init);
    vm_static_roots(&assignments_tuple, 1);
    vm_static_roots(&updates_tuple, 1);
    vm_static_roots(&kwd_mark, 1);
}

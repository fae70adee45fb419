/* mod_types.c — the `types` module of CPython 3.12.
 *
 * The type names are the VM's builtin types (FunctionType is the function
 * type, SimpleNamespace sys.c's namespace type, …).  new_class,
 * resolve_bases, prepare_class, _calculate_meta and get_original_bases
 * follow types.py step by step (__mro_entries__, __prepare__, the
 * metaclass-conflict message).  coroutine() marks a generator function's
 * code object CO_ITERABLE_COROUTINE — in place, where CPython assigns a
 * copy made by code.replace(); the flag is what the VM reads — and wraps
 * other callables so a returned generator becomes awaitable through a
 * _GeneratorWrapper.  DynamicClassAttribute is the property-like
 * descriptor that is an AttributeError when looked up on the class.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"

/* ---- new_class and friends ---------------------------------------------------------------- */

static Obj *resolve_bases(Obj *bases)
{
    Obj *seq = seq_fast(bases, "'%s' object is not iterable");
    if (!seq) return NULL;
    Ssize n = VAR_SIZE(seq);
    Obj **items = LIST_CHECK(seq) ? LIST_ITEMS(seq) : TUPLE_ITEMS(seq);
    Obj *new_bases = list_from_array(items, n);
    bool updated = false;
    Ssize shift = 0;
    for (Ssize i = 0; new_bases && i < n; i++) {
        Obj *base = items[i];
        if (TYPE_CHECK(base)) continue;
        Obj *me = NULL;
        if (obj_lookup_attr(base, id_str("__mro_entries__"), &me) < 0) {
            CLEAR(new_bases);
            break;
        }
        if (!me) continue;
        Obj *nb = obj_call(me, &bases, 1, NULL);
        DECREF(me);
        if (!nb) {
            CLEAR(new_bases);
            break;
        }
        updated = true;
        if (!TUPLE_CHECK(nb)) {
            DECREF(nb);
            vm_err_set_str(&exc_TypeError, "__mro_entries__ must return a tuple");
            CLEAR(new_bases);
            break;
        }
        int rc = list_set_slice(new_bases, i + shift, i + shift + 1, nb);
        shift += TUPLE_LEN(nb) - 1;
        DECREF(nb);
        if (rc < 0) CLEAR(new_bases);
    }
    DECREF(seq);
    if (!new_bases) return NULL;
    if (!updated) {
        DECREF(new_bases);
        return INCREF(bases);
    }
    Obj *t = list_as_tuple(new_bases);
    DECREF(new_bases);
    return t;
}

static Obj *calculate_meta(Obj *meta, Obj *bases)
{
    Obj *winner = INCREF(meta);
    Obj *it = obj_getiter(bases);
    if (!it) {
        DECREF(winner);
        return NULL;
    }
    Obj *base;
    while ((base = obj_iternext(it))) {
        Obj *bm = (Obj *)OBJ_TYPE(base);
        DECREF(base);
        int r = obj_issubclass(winner, bm);
        if (r < 0) goto fail;
        if (r) continue;
        r = obj_issubclass(bm, winner);
        if (r < 0) goto fail;
        if (r) {
            obj_setref(&winner, INCREF(bm));
            continue;
        }
        vm_err_set_str(&exc_TypeError, "metaclass conflict: the metaclass of a derived class must be a "
                                       "(non-strict) subclass of the metaclasses of all its bases");
        goto fail;
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(winner);
        return NULL;
    }
    return winner;
fail:
    DECREF(it);
    DECREF(winner);
    return NULL;
}

/* (meta, ns, kwds) */
static Obj *prepare_class(Obj *name, Obj *bases, Obj *kwds_in)
{
    Obj *kwds = kwds_in && kwds_in != NONE ? dict_new() : dict_new();
    if (!kwds) return NULL;
    if (kwds_in && kwds_in != NONE && dict_merge(kwds, kwds_in, 0) < 0) {
        DECREF(kwds);
        return NULL;
    }
    Obj *meta = NULL;
    if (dict_pop_opt(kwds, id_str("metaclass"), &meta) < 0) {
        DECREF(kwds);
        return NULL;
    }
    if (!meta) {
        Ssize nb = obj_length(bases);
        if (nb < 0) {
            DECREF(kwds);
            return NULL;
        }
        if (nb) {
            Obj *zero = int_from_i64(0);
            Obj *b0 = zero ? obj_getitem(bases, zero) : NULL;
            XDECREF(zero);
            if (!b0) {
                DECREF(kwds);
                return NULL;
            }
            meta = INCREF(OBJ_TYPE(b0));
            DECREF(b0);
        } else {
            meta = INCREF(&type_type);
        }
    }
    if (TYPE_CHECK(meta)) {
        Obj *w = calculate_meta(meta, bases);
        DECREF(meta);
        if (!w) {
            DECREF(kwds);
            return NULL;
        }
        meta = w;
    }
    Obj *prep = NULL, *ns = NULL;
    if (obj_lookup_attr(meta, id_str("__prepare__"), &prep) < 0) goto fail;
    if (prep) {
        Ssize nk = dict_len(kwds), i = 0;
        Obj **v = xmalloc((size_t)(nk + 2) * sizeof(Obj *));
        Obj *kwn = tuple_new(nk);
        v[0] = name;
        v[1] = bases;
        Ssize pos = 0;
        Obj *k, *val;
        while (kwn && dict_next(kwds, &pos, &k, &val)) {
            TUPLE_ITEMS(kwn)[i] = INCREF(k);
            v[2 + i++] = val;
        }
        ns = kwn ? obj_call(prep, v, 2, nk ? kwn : NULL) : NULL;
        free(v);
        XDECREF(kwn);
        DECREF(prep);
    } else {
        ns = dict_new();
    }
    if (!ns) goto fail;
    Obj *r = tuple_pack(3, meta, ns, kwds);
    DECREF(meta);
    DECREF(ns);
    DECREF(kwds);
    return r;
fail:
    DECREF(meta);
    DECREF(kwds);
    return NULL;
}

static Obj *t_resolve_bases(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"bases"};
    Obj *v[1];
    if (mh_bind("resolve_bases", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return resolve_bases(v[0]);
}

static Obj *t_prepare_class(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"name", "bases", "kwds"};
    Obj *v[3];
    if (mh_bind("prepare_class", a, n, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *empty = NULL;
    if (!v[1] && !(v[1] = empty = tuple_new(0))) return NULL;
    Obj *r = prepare_class(v[0], v[1], v[2]);
    XDECREF(empty);
    return r;
}

static Obj *t_new_class(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"name", "bases", "kwds", "exec_body"};
    Obj *v[4];
    if (mh_bind("new_class", a, n, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *empty = NULL;
    Obj *bases = v[1];
    if (!bases && !(bases = empty = tuple_new(0))) return NULL;
    Obj *resolved = resolve_bases(bases);
    Obj *prep = resolved ? prepare_class(v[0], resolved, v[2]) : NULL;
    Obj *r = NULL;
    if (!prep) goto out;
    Obj *meta = TUPLE_ITEMS(prep)[0], *ns = TUPLE_ITEMS(prep)[1], *kwds = TUPLE_ITEMS(prep)[2];
    if (v[3] && v[3] != NONE) {
        Obj *x = obj_call(v[3], &ns, 1, NULL);
        if (!x) goto out;
        DECREF(x);
    }
    if (resolved != bases && obj_setitem(ns, id_str("__orig_bases__"), bases) < 0) goto out;
    /* type.__new__ takes __module__ from its caller's globals, which in
     * CPython are types.py's; a plain `type` metaclass cannot observe the
     * namespace, so give it that __module__ here */
    if (meta == (Obj *)&type_type && DICT_CHECK(ns) && !dict_get_borrow(ns, id_str("__module__")) &&
        dict_set_str(ns, "__module__", id_str("types")) < 0)
        goto out;
    {
        Ssize nk = dict_len(kwds), i = 0;
        Obj **cv = xmalloc((size_t)(nk + 3) * sizeof(Obj *));
        Obj *kwn = tuple_new(nk);
        cv[0] = v[0];
        cv[1] = resolved;
        cv[2] = ns;
        Ssize pos = 0;
        Obj *k, *val;
        while (kwn && dict_next(kwds, &pos, &k, &val)) {
            TUPLE_ITEMS(kwn)[i] = INCREF(k);
            cv[3 + i++] = val;
        }
        r = kwn ? obj_call(meta, cv, 3, nk ? kwn : NULL) : NULL;
        free(cv);
        XDECREF(kwn);
    }
out:
    XDECREF(prep);
    XDECREF(resolved);
    XDECREF(empty);
    return r;
}

static Obj *t_get_original_bases(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("get_original_bases", "get_original_bases", n, kw, 1, 1) < 0) return NULL;
    Obj *d = NULL;
    if (obj_lookup_attr(a[0], id_str("__dict__"), &d) < 0) return NULL;
    Obj *r = NULL;
    if (d) r = obj_call_method(d, "get", (Obj *[]){id_str("__orig_bases__"), NULL}, 1);
    if (r == NONE || (!r && d && vm_err_matches(&exc_AttributeError))) {
        if (!r) vm_err_clear();
        XDECREF(r);
        r = NULL;
        if (obj_lookup_attr(a[0], id_str("__bases__"), &r) < 0) {
            XDECREF(d);
            return NULL;
        }
    }
    XDECREF(d);
    if (!r && !vm_err_occurred())
        vm_err_format(&exc_TypeError, "Expected an instance of type, not '%s'", type_name(OBJ_TYPE(a[0])));
    return r;
}

/* ---- coroutine --------------------------------------------------------------------------- */

typedef struct GenWrapObj {
    Obj base;
    Obj *wrapped, *name, *qualname;
} GenWrapObj;

static TypeObj genwrapper_type, corowrap_type;

static void gw_dealloc(Obj *o)
{
    GenWrapObj *g = (GenWrapObj *)o;
    XDECREF(g->wrapped);
    XDECREF(g->name);
    XDECREF(g->qualname);
    obj_free(o);
}

static int gw_traverse(Obj *o, VisitFn visit, void *arg)
{
    GenWrapObj *g = (GenWrapObj *)o;
    Obj *f[] = {g->wrapped, g->name, g->qualname};
    for (int i = 0; i < 3; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static Obj *gw_send(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return obj_call_method(((GenWrapObj *)self)->wrapped, "send", (Obj **)a, 1);
}

static Obj *gw_throw(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    return obj_call_method(((GenWrapObj *)self)->wrapped, "throw", (Obj **)a, n);
}

static Obj *gw_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_call_method(((GenWrapObj *)self)->wrapped, "close", NULL, 0);
}

static Obj *gw_next(Obj *self) { return obj_iternext(((GenWrapObj *)self)->wrapped); }

static Obj *gw_iter(Obj *self)
{
    GenWrapObj *g = (GenWrapObj *)self;
    if (gen_check(g->wrapped) && IS_TYPE(g->wrapped, generator_type)) return INCREF(g->wrapped);
    return INCREF(self);
}

static Obj *gw_await(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return gw_iter(self);
}

#define GW_ATTR(fname, attr)                                                             \
    static Obj *fname(Obj *o, void *c)                                                   \
    {                                                                                    \
        (void)c;                                                                         \
        return obj_getattr(((GenWrapObj *)o)->wrapped, id_str(attr));                   \
    }
GW_ATTR(gw_gi_code, "gi_code")
GW_ATTR(gw_gi_frame, "gi_frame")
GW_ATTR(gw_gi_running, "gi_running")
GW_ATTR(gw_gi_yieldfrom, "gi_yieldfrom")

static MethodDef gw_methods[] = {
    {"send", gw_send, METH_O, NULL},
    {"throw", gw_throw, METH_FAST, NULL},
    {"close", gw_close, METH_NOARGS, NULL},
    {"__await__", gw_await, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef gw_getset[] = {
    {"gi_code", gw_gi_code, NULL, NULL, NULL},
    {"gi_frame", gw_gi_frame, NULL, NULL, NULL},
    {"gi_running", gw_gi_running, NULL, NULL, NULL},
    {"gi_yieldfrom", gw_gi_yieldfrom, NULL, NULL, NULL},
    {"cr_code", gw_gi_code, NULL, NULL, NULL},
    {"cr_frame", gw_gi_frame, NULL, NULL, NULL},
    {"cr_running", gw_gi_running, NULL, NULL, NULL},
    {"cr_await", gw_gi_yieldfrom, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj genwrapper_type = {
    .base = TYPE_HEAD_INIT, .name = "types._GeneratorWrapper", .basicsize = sizeof(GenWrapObj),
    .flags = TPF_GC, .dealloc = gw_dealloc, .getattro = obj_generic_getattr, .iter = gw_iter,
    .iternext = gw_next, .traverse = gw_traverse, .methods = gw_methods, .getset = gw_getset,
};

/* the wrapper coroutine() returns for callables that are not generator functions */
typedef struct CoroWrapObj {
    Obj base;
    Obj *func, *dict;
} CoroWrapObj;

static void cw_dealloc(Obj *o)
{
    CoroWrapObj *c = (CoroWrapObj *)o;
    XDECREF(c->func);
    XDECREF(c->dict);
    obj_free(o);
}

static int cw_traverse(Obj *o, VisitFn visit, void *arg)
{
    CoroWrapObj *c = (CoroWrapObj *)o;
    int r = 0;
    if (c->func && (r = visit(c->func, arg))) return r;
    if (c->dict && (r = visit(c->dict, arg))) return r;
    return 0;
}

static int abc_isinstance(Obj *o, const char *name)
{
    Obj *m = import_name(id_str("collections.abc"), NULL, NULL, 0);
    if (!m) {
        vm_err_clear();
        return 0;
    }
    Obj *sub = NULL;
    if (obj_lookup_attr(m, id_str("abc"), &sub) > 0 && sub) {
        DECREF(m);
        m = sub;
    }
    Obj *cls = obj_getattr(m, id_str(name));
    DECREF(m);
    if (!cls) {
        vm_err_clear();
        return 0;
    }
    int r = obj_isinstance(o, cls);
    DECREF(cls);
    return r;
}

static Obj *cw_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    CoroWrapObj *c = (CoroWrapObj *)o;
    Obj *coro = obj_call(c->func, args, nargs, kw);
    if (!coro) return NULL;
    if (IS_TYPE(coro, coroutine_type)) return coro;
    if (IS_TYPE(coro, generator_type) &&
        (((GenObj *)coro)->frame->code->flags & CO_ITERABLE_COROUTINE))
        return coro;
    int isgen = abc_isinstance(coro, "Generator");
    if (isgen < 0) {
        DECREF(coro);
        return NULL;
    }
    int iscoro = isgen ? abc_isinstance(coro, "Coroutine") : 0;
    if (iscoro < 0) {
        DECREF(coro);
        return NULL;
    }
    if (!isgen && gen_check(coro) && IS_TYPE(coro, generator_type)) isgen = 1;
    if (isgen && !iscoro) {
        GenWrapObj *g = (GenWrapObj *)obj_alloc(&genwrapper_type, 0);
        if (!g) {
            DECREF(coro);
            return NULL;
        }
        g->wrapped = coro;
        return (Obj *)g;
    }
    return coro;
}

static Obj *cw_get(Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE) return INCREF(self);
    return method_new(self, obj);
}

static Obj *cw_get_dict(Obj *o, void *c)
{
    (void)c;
    CoroWrapObj *w = (CoroWrapObj *)o;
    if (!w->dict && !(w->dict = dict_new())) return NULL;
    return INCREF(w->dict);
}

static GetSetDef cw_getset[] = {
    {"__dict__", cw_get_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj corowrap_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(CoroWrapObj),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = cw_dealloc, .call = cw_call,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .descr_get = cw_get,
    .traverse = cw_traverse, .getset = cw_getset, .dictoffset = offsetof(CoroWrapObj, dict),
};

static Obj *t_coroutine(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind("coroutine", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *func = v[0];
    if (!OBJ_TYPE(func)->call) {
        vm_err_set_str(&exc_TypeError, "types.coroutine() expects a callable");
        return NULL;
    }
    if (IS_TYPE(func, function_type)) {
        CodeRtObj *co = (CodeRtObj *)((FuncObj *)func)->code;
        if (IS_TYPE((Obj *)co, code_type)) {
            if (co->flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE)) return INCREF(func);
            if (co->flags & CO_GENERATOR) {
                co->flags |= CO_ITERABLE_COROUTINE;
                return INCREF(func);
            }
        }
    }
    CoroWrapObj *w = (CoroWrapObj *)obj_alloc(&corowrap_type, 0);
    if (!w) return NULL;
    w->func = INCREF(func);
    /* functools.wraps(func) */
    static const char *const assigned[] = {"__module__", "__name__", "__qualname__", "__doc__",
                                           "__annotations__", "__type_params__"};
    for (size_t i = 0; i < sizeof assigned / sizeof *assigned; i++) {
        Obj *val = NULL;
        if (obj_lookup_attr(func, id_str(assigned[i]), &val) < 0) goto fail;
        if (val) {
            int r = obj_setattr((Obj *)w, id_str(assigned[i]), val);
            DECREF(val);
            if (r < 0) goto fail;
        }
    }
    Obj *fd = NULL;
    if (obj_lookup_attr(func, id_str("__dict__"), &fd) < 0) goto fail;
    if (fd) {
        Obj *wd = cw_get_dict((Obj *)w, NULL);
        int r = wd ? dict_update(wd, fd) : -1;
        XDECREF(wd);
        DECREF(fd);
        if (r < 0) goto fail;
    }
    if (obj_setattr((Obj *)w, id_str("__wrapped__"), func) < 0) goto fail;
    return (Obj *)w;
fail:
    DECREF(w);
    return NULL;
}

/* ---- DynamicClassAttribute ------------------------------------------------------------------ */

typedef struct DcaObj {
    Obj base;
    Obj *fget, *fset, *fdel, *doc, *dict;
    bool overwrite_doc, isabstract;
} DcaObj;

static TypeObj dca_type;

static void dca_dealloc(Obj *o)
{
    DcaObj *d = (DcaObj *)o;
    XDECREF(d->fget);
    XDECREF(d->fset);
    XDECREF(d->fdel);
    XDECREF(d->doc);
    XDECREF(d->dict);
    obj_free(o);
}

static int dca_traverse(Obj *o, VisitFn visit, void *arg)
{
    DcaObj *d = (DcaObj *)o;
    Obj *f[] = {d->fget, d->fset, d->fdel, d->doc, d->dict};
    for (int i = 0; i < 5; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static Obj *dca_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_alloc(t, 0);
}

static int dca_init(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc"};
    Obj *v[4];
    if (mh_bind_m("DynamicClassAttribute.__init__", a, n, kw, names, 4, 4, 0, 0, 0, v) < 0) return -1;
    DcaObj *d = (DcaObj *)o;
    for (int i = 0; i < 4; i++)
        if (!v[i]) v[i] = NONE;
    obj_setref(&d->fget, INCREF(v[0]));
    obj_setref(&d->fset, INCREF(v[1]));
    obj_setref(&d->fdel, INCREF(v[2]));
    Obj *doc = v[3];
    Obj *fdoc = NULL;
    if (doc == NONE && v[0] != NONE && obj_lookup_attr(v[0], id_str("__doc__"), &fdoc) < 0) return -1;
    obj_setref(&d->doc, INCREF(fdoc ? fdoc : doc));
    XDECREF(fdoc);
    d->overwrite_doc = v[3] == NONE;
    Obj *ab = NULL;
    if (v[0] != NONE && obj_lookup_attr(v[0], id_str("__isabstractmethod__"), &ab) < 0) return -1;
    d->isabstract = ab && obj_is_true(ab) > 0;
    XDECREF(ab);
    return 0;
}

static Obj *dca_get(Obj *self, Obj *inst, Obj *owner)
{
    (void)owner;
    DcaObj *d = (DcaObj *)self;
    if (!inst || inst == NONE) {
        if (d->isabstract) return INCREF(self);
        Obj *e = obj_call((Obj *)&exc_AttributeError, NULL, 0, NULL);   /* AttributeError() */
        if (e) vm_err_restore(e);
        return NULL;
    }
    if (!d->fget || d->fget == NONE) {
        vm_err_set_str(&exc_AttributeError, "unreadable attribute");
        return NULL;
    }
    return obj_call(d->fget, &inst, 1, NULL);
}

static int dca_set(Obj *self, Obj *inst, Obj *value)
{
    DcaObj *d = (DcaObj *)self;
    Obj *f = value ? d->fset : d->fdel;
    if (!f || f == NONE) {
        vm_err_set_str(&exc_AttributeError, value ? "can't set attribute" : "can't delete attribute");
        return -1;
    }
    Obj *args[2] = {inst, value};
    Obj *r = obj_call(f, args, value ? 2 : 1, NULL);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* getter/setter/deleter: type(self)(fget, fset, fdel, doc) with one replaced */
static Obj *dca_copy(Obj *self, int which, Obj *f)
{
    DcaObj *d = (DcaObj *)self;
    Obj *v[4] = {d->fget ? d->fget : NONE, d->fset ? d->fset : NONE, d->fdel ? d->fdel : NONE,
                 d->doc ? d->doc : NONE};
    v[which] = f;
    Obj *r = obj_call((Obj *)OBJ_TYPE(self), v, 4, NULL);
    if (r && IS_TYPE(r, dca_type)) ((DcaObj *)r)->overwrite_doc = d->overwrite_doc;
    return r;
}

static Obj *dca_getter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    DcaObj *d = (DcaObj *)self;
    Obj *docsave = NULL;
    if (d->overwrite_doc && obj_lookup_attr(a[0], id_str("__doc__"), &docsave) < 0) return NULL;
    Obj *r = dca_copy(self, 0, a[0]);
    if (r && d->overwrite_doc && IS_TYPE(r, dca_type))
        obj_setref(&((DcaObj *)r)->doc, INCREF(docsave ? docsave : NONE));
    XDECREF(docsave);
    return r;
}

static Obj *dca_setter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return dca_copy(self, 1, a[0]);
}

static Obj *dca_deleter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return dca_copy(self, 2, a[0]);
}

#define DCA_FIELD(name, fld)                                                          \
    static Obj *dca_get_##name(Obj *o, void *c)                                       \
    {                                                                                 \
        (void)c;                                                                      \
        Obj *v = ((DcaObj *)o)->fld;                                                  \
        return INCREF(v ? v : NONE);                                                  \
    }                                                                                 \
    static int dca_set_##name(Obj *o, Obj *v, void *c)                               \
    {                                                                                 \
        (void)c;                                                                      \
        obj_setref(&((DcaObj *)o)->fld, xincref(v));                                  \
        return 0;                                                                     \
    }
DCA_FIELD(fget, fget)
DCA_FIELD(fset, fset)
DCA_FIELD(fdel, fdel)
DCA_FIELD(doc, doc)

static Obj *dca_get_abstract(Obj *o, void *c)
{
    (void)c;
    return bool_from(((DcaObj *)o)->isabstract);
}

static MethodDef dca_methods[] = {
    {"getter", dca_getter, METH_O, NULL},
    {"setter", dca_setter, METH_O, NULL},
    {"deleter", dca_deleter, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef dca_getset[] = {
    {"fget", dca_get_fget, dca_set_fget, NULL, NULL},
    {"fset", dca_get_fset, dca_set_fset, NULL, NULL},
    {"fdel", dca_get_fdel, dca_set_fdel, NULL, NULL},
    {"__doc__", dca_get_doc, dca_set_doc, NULL, NULL},
    {"__isabstractmethod__", dca_get_abstract, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj dca_type = {
    .base = TYPE_HEAD_INIT, .name = "types.DynamicClassAttribute", .basicsize = sizeof(DcaObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = dca_dealloc, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .descr_get = dca_get, .descr_set = dca_set,
    .traverse = dca_traverse, .new_ = dca_new, .init = dca_init, .methods = dca_methods,
    .getset = dca_getset, .dictoffset = offsetof(DcaObj, dict),
    .doc = "Route attribute access on a class to __getattr__.",
};

/* ---- the module -------------------------------------------------------------------------------- */

static const MethodDef types_methods[] = {
    {"new_class", t_new_class, METH_FAST, "Create a class object dynamically using the appropriate metaclass."},
    {"resolve_bases", t_resolve_bases, METH_FAST, "Resolve MRO entries dynamically as specified by PEP 560."},
    {"prepare_class", t_prepare_class, METH_FAST, "Call the __prepare__ method of the appropriate metaclass."},
    {"get_original_bases", t_get_original_bases, METH_FAST, "Return the class's \"original\" bases prior to modification by `__mro_entries__`."},
    {"coroutine", t_coroutine, METH_FAST, "Convert regular generator function to a coroutine."},
    {NULL, NULL, 0, NULL},
};

static Obj *types_init(void)
{
    static TypeObj *const own[] = {&genwrapper_type, &corowrap_type, &dca_type};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (type_ready(own[i]) < 0) return NULL;
    Obj *m = mh_module("types", types_methods);
    if (!m) return NULL;
    static const struct { const char *name; TypeObj *t; } types[] = {
        {"FunctionType", &function_type}, {"LambdaType", &function_type}, {"CodeType", &code_type},
        {"MappingProxyType", &mappingproxy_type}, {"SimpleNamespace", &simplenamespace_type},
        {"CellType", &cell_type}, {"GeneratorType", &generator_type},
        {"CoroutineType", &coroutine_type}, {"AsyncGeneratorType", &async_generator_type},
        {"MethodType", &method_type}, {"BuiltinFunctionType", &builtin_function_type},
        {"BuiltinMethodType", &builtin_function_type}, {"WrapperDescriptorType", &wrapper_descr_type},
        {"MethodWrapperType", &method_wrapper_type}, {"MethodDescriptorType", &method_descr_type},
        {"ClassMethodDescriptorType", &classmethod_descr_type}, {"ModuleType", &module_type},
        {"TracebackType", &traceback_type}, {"FrameType", &frame_type},
        {"GetSetDescriptorType", &getset_descr_type}, {"MemberDescriptorType", &member_descr_type},
        {"DynamicClassAttribute", &dca_type}, {"_GeneratorWrapper", &genwrapper_type},
        {"GenericAlias", &generic_alias_type}, {"UnionType", &union_type},
        {"EllipsisType", &ellipsis_type}, {"NoneType", &none_type},
        {"NotImplementedType", &notimpl_type},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (!(types[i].t->flags & TPF_READY) && type_ready(types[i].t) < 0) goto fail;
        if (mh_add_obj(m, types[i].name, (Obj *)types[i].t) < 0) goto fail;
    }
    static const char *const all[] = {
        "FunctionType", "LambdaType", "CodeType", "MappingProxyType", "SimpleNamespace", "CellType",
        "GeneratorType", "CoroutineType", "AsyncGeneratorType", "MethodType", "BuiltinFunctionType",
        "BuiltinMethodType", "WrapperDescriptorType", "MethodWrapperType", "MethodDescriptorType",
        "ClassMethodDescriptorType", "ModuleType", "TracebackType", "FrameType",
        "GetSetDescriptorType", "MemberDescriptorType", "new_class", "resolve_bases",
        "prepare_class", "get_original_bases", "DynamicClassAttribute", "coroutine", "GenericAlias",
        "UnionType", "EllipsisType", "NoneType", "NotImplementedType",
    };
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof *all; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_types_register(void) { import_register_native("types", types_init); }

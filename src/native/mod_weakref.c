/* mod_weakref.c — the modules `_weakref`, `weakref` and `_weakrefset` of
 * CPython 3.12 over the core references of src/obj/weakref.c.
 *
 * `_weakref` is C in CPython too: ref, proxy, getweakrefcount, getweakrefs,
 * _remove_dead_weakref.  What weakref.py and _weakrefset.py write in Python
 * is written here in C after the library's code, step for step, because
 * programs observe its order of operations: WeakValueDictionary,
 * WeakKeyDictionary and WeakSet are classes (heap types, subclassable, on
 * _collections_abc's MutableMapping when that module is there) whose
 * instances hold `data`, `_remove`, `_pending_removals` and `_iterating` as
 * attributes; removals while an iteration is under way are deferred through
 * an iteration guard exactly as _IterationGuard does; their iterating
 * methods return generator-like iterators whose body starts at the first
 * next().  KeyedRef and WeakMethod are subclasses of ReferenceType with
 * their __slots__ as C fields.  finalize keeps its registry in a dict
 * (finalize._registry) and runs the finalizers still marked atexit, newest
 * first, from an atexit callback.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"

/* ---- small helpers ------------------------------------------------------------------------ */

static Obj *attr(Obj *o, const char *name) { return obj_getattr(o, id_str(name)); }

/* o.name(*args) with name looked up on o. */
static Obj *callm(Obj *o, const char *name, Obj *const *args, Ssize nargs)
{
    return obj_call_method(o, name, args, nargs);
}

/* `if self._pending_removals: self._commit_removals()` */
static int maybe_commit(Obj *self)
{
    Obj *p = attr(self, "_pending_removals");
    if (!p) return -1;
    int t = obj_is_true(p);
    DECREF(p);
    if (t <= 0) return t;
    Obj *r = callm(self, "_commit_removals", NULL, 0);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* self.data, checked to be what the library's code would index. */
static Obj *data_of(Obj *self) { return attr(self, "data"); }

static Obj *call1(Obj *f, Obj *a) { return obj_call(f, &a, 1, NULL); }

/* wr() for any reference (a KeyedRef, a ref subclass with __call__ …). */
static Obj *deref(Obj *wr)
{
    if (type_is_subtype(OBJ_TYPE(wr), &weakref_type) && OBJ_TYPE(wr)->call == weakref_type.call) {
        Obj *o = weakref_get_borrow(wr);
        return INCREF(o ? o : NONE);
    }
    return obj_call(wr, NULL, 0, NULL);
}

static Obj *abc_mapping, *abc_mutable_mapping, *abc_mutable_set;

static void load_abcs(void)
{
    static bool tried;
    if (tried) return;
    tried = true;
    Obj *m = import_name(id_str("_collections_abc"), NULL, NULL, 0);
    if (!m) {
        vm_err_clear();
        return;
    }
    abc_mapping = attr(m, "Mapping");
    abc_mutable_mapping = abc_mapping ? attr(m, "MutableMapping") : NULL;
    abc_mutable_set = abc_mutable_mapping ? attr(m, "MutableSet") : NULL;
    if (!abc_mutable_set) {
        vm_err_clear();
        CLEAR(abc_mapping);
        CLEAR(abc_mutable_mapping);
    }
    DECREF(m);
}

/* isinstance(o, _collections_abc.Mapping) (a dict check without it). */
static int is_mapping(Obj *o)
{
    load_abcs();
    if (abc_mapping) return obj_isinstance(o, abc_mapping);
    return DICT_CHECK(o);
}

/* ---- KeyedRef ---------------------------------------------------------------------------- */

typedef struct KeyedRefObj { WeakRefObj ref; Obj *key; } KeyedRefObj;
static TypeObj keyedref_type;

static Obj *keyedref_make(TypeObj *t, Obj *ob, Obj *callback, Obj *key)
{
    Obj *r = weakref_new_typed(t, ob, callback);
    if (r) obj_setref(&((KeyedRefObj *)r)->key, INCREF(key));
    return r;
}

static Obj *keyedref_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"ob", "callback", "key"};
    Obj *v[3];
    if (mh_bind("KeyedRef.__new__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    return keyedref_make(t, v[0], v[1], v[2]);
}

static int keyedref_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"ob", "callback", "key"};
    Obj *v[3];
    return mh_bind_m("KeyedRef.__init__", args, nargs, kw, names, 3, 3, 0, 3, 0, v);
}

static void keyedref_dealloc(Obj *o)
{
    CLEAR(((KeyedRefObj *)o)->key);
    weakref_type.dealloc(o);
}

static int keyedref_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *k = ((KeyedRefObj *)o)->key;
    int r;
    if (k && (r = visit(k, arg))) return r;
    return weakref_type.traverse(o, visit, arg);
}

static int keyedref_clear(Obj *o)
{
    CLEAR(((KeyedRefObj *)o)->key);
    return weakref_type.clear(o);
}

static Obj *keyedref_get_key(Obj *o, void *c)
{
    (void)c;
    Obj *k = ((KeyedRefObj *)o)->key;
    if (!k) {
        vm_err_set_str(&exc_AttributeError, "'KeyedRef' object has no attribute 'key'");
        return NULL;
    }
    return INCREF(k);
}

static int keyedref_set_key(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&((KeyedRefObj *)o)->key, xincref(v));
    return 0;
}

static GetSetDef keyedref_getset[] = {
    {"key", keyedref_get_key, keyedref_set_key, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj keyedref_type = {
    .base = TYPE_HEAD_INIT, .name = "weakref.KeyedRef", .basicsize = sizeof(KeyedRefObj),
    .flags = TPF_GC | TPF_BASETYPE, .tp_base = &weakref_type, .dealloc = keyedref_dealloc,
    .new_ = keyedref_tp_new, .init = keyedref_tp_init, .traverse = keyedref_traverse,
    .clear = keyedref_clear, .getset = keyedref_getset,
    .doc = "Specialized reference that includes a key corresponding to the value.",
};

static Obj *key_of(Obj *wr)
{
    if (type_is_subtype(OBJ_TYPE(wr), &keyedref_type)) return keyedref_get_key(wr, NULL);
    return attr(wr, "key");
}

/* ---- WeakMethod ----------------------------------------------------------------------------- */

typedef struct WeakMethodObj {
    WeakRefObj ref;
    Obj *func_ref, *meth_type;
    Obj *alive;                /* True / False, NULL until set */
    Obj *weakreflist;
} WeakMethodObj;
static TypeObj weakmethod_type;
#define WM(o) ((WeakMethodObj *)(o))

/* The `_cb` closure of WeakMethod.__new__: a weak reference to the
 * WeakMethod and the user's callback. */
typedef struct WmCallbackObj { Obj base; Obj *self_wr, *callback; } WmCallbackObj;
static TypeObj wmcb_type;

static Obj *wmcb_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_pos_args("_cb", "_cb", nargs, kw, 1, 1) < 0) return NULL;
    WmCallbackObj *c = (WmCallbackObj *)o;
    Obj *self = c->self_wr ? weakref_get_borrow(c->self_wr) : NULL;
    if (!self) {
        vm_err_set_str(&exc_AttributeError, "'NoneType' object has no attribute '_alive'");
        return NULL;
    }
    INCREF(self);
    Obj *r = NULL;
    int alive = WM(self)->alive ? obj_is_true(WM(self)->alive) : 0;
    if (alive < 0) goto out;
    if (alive) {
        obj_setref(&WM(self)->alive, bool_from(false));
        if (c->callback && c->callback != NONE) {
            Obj *x = call1(c->callback, self);
            if (!x) goto out;
            DECREF(x);
        }
    }
    r = INCREF(NONE);
out:
    DECREF(self);
    return r;
}

static void wmcb_dealloc(Obj *o)
{
    WmCallbackObj *c = (WmCallbackObj *)o;
    gc_untrack(o);
    CLEAR(c->self_wr);
    CLEAR(c->callback);
    obj_free(o);
}

static int wmcb_traverse(Obj *o, VisitFn visit, void *arg)
{
    WmCallbackObj *c = (WmCallbackObj *)o;
    int r;
    if (c->self_wr && (r = visit(c->self_wr, arg))) return r;
    if (c->callback && (r = visit(c->callback, arg))) return r;
    return 0;
}

static int wmcb_clear(Obj *o)
{
    CLEAR(((WmCallbackObj *)o)->self_wr);
    CLEAR(((WmCallbackObj *)o)->callback);
    return 0;
}

static TypeObj wmcb_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(WmCallbackObj),
    .flags = TPF_GC, .dealloc = wmcb_dealloc, .call = wmcb_call, .traverse = wmcb_traverse,
    .clear = wmcb_clear,
};

static Obj *weakmethod_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"meth", "callback"};
    Obj *v[2];
    if (mh_bind("WeakMethod.__new__", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *obj = attr(v[0], "__self__");
    Obj *func = obj ? attr(v[0], "__func__") : NULL;
    if (!func) {
        if (!vm_err_matches(&exc_AttributeError)) {
            XDECREF(obj);
            return NULL;
        }
        vm_err_clear();
        XDECREF(obj);
        Obj *ty = (Obj *)OBJ_TYPE(v[0]);
        Obj *tr = obj_repr(ty);
        if (tr) {
            vm_err_format(&exc_TypeError, "argument should be a bound method, not %U", tr);
            DECREF(tr);
        }
        return NULL;
    }
    WmCallbackObj *cb = (WmCallbackObj *)obj_alloc(&wmcb_type, 0);
    Obj *self = NULL;
    if (cb) {
        cb->callback = xincref(v[1]);
        self = weakref_new_typed(t, obj, (Obj *)cb);
    }
    if (self) {
        Obj *fr = weakref_new(func, (Obj *)cb);
        if (fr) {
            obj_setref(&WM(self)->func_ref, fr);
            obj_setref(&WM(self)->meth_type, INCREF(OBJ_TYPE(v[0])));
            obj_setref(&WM(self)->alive, bool_from(true));
            cb->self_wr = weakref_new(self, NULL);
        }
        if (!fr || !cb->self_wr) CLEAR(self);
    }
    XDECREF(cb);
    DECREF(obj);
    DECREF(func);
    return self;
}

static int weakmethod_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    (void)kw;
    return args_count("__init__", nargs, 1, 2) < 0 ? -1 : 0;
}

static Obj *weakmethod_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_bind_m("WeakMethod.__call__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *obj = weakref_get_borrow(self);
    Obj *func = WM(self)->func_ref ? weakref_get_borrow(WM(self)->func_ref) : NULL;
    if (!obj || !func) return INCREF(NONE);
    Obj *a[2] = {func, obj};
    return obj_call(WM(self)->meth_type, a, 2, NULL);
}

static Obj *weakmethod_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !type_is_subtype(OBJ_TYPE(b), &weakmethod_type))
        return INCREF(NOTIMPL);
    int aa = WM(a)->alive ? obj_is_true(WM(a)->alive) : 0;
    int ba = WM(b)->alive ? obj_is_true(WM(b)->alive) : 0;
    if (aa < 0 || ba < 0) return NULL;
    if (!aa || !ba) return bool_from(op == CMP_EQ ? a == b : a != b);
    Obj *r = weakref_type.richcompare(a, b, op);
    if (!r) return NULL;
    int t = obj_is_true(r);
    if (t < 0 || (op == CMP_EQ ? !t : t)) return t < 0 ? (DECREF(r), NULL) : r;
    DECREF(r);
    return obj_richcompare(WM(a)->func_ref, WM(b)->func_ref, op);
}

static void weakmethod_dealloc(Obj *o)
{
    gc_untrack(o);
    if (WM(o)->weakreflist) weakref_clear_refs(o);
    CLEAR(WM(o)->func_ref);
    CLEAR(WM(o)->meth_type);
    CLEAR(WM(o)->alive);
    weakref_type.dealloc(o);
}

static int weakmethod_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *f[] = {WM(o)->func_ref, WM(o)->meth_type, WM(o)->alive};
    for (int i = 0; i < 3; i++) {
        int r;
        if (f[i] && (r = visit(f[i], arg))) return r;
    }
    return weakref_type.traverse(o, visit, arg);
}

static int weakmethod_clear(Obj *o)
{
    CLEAR(WM(o)->func_ref);
    CLEAR(WM(o)->meth_type);
    CLEAR(WM(o)->alive);
    return weakref_type.clear(o);
}

#define WM_MEMBER(fname, field, pyname)                                                  \
    static Obj *fname##_get(Obj *o, void *c)                                             \
    {                                                                                    \
        (void)c;                                                                         \
        if (!WM(o)->field) {                                                             \
            vm_err_set_str(&exc_AttributeError, "'WeakMethod' object has no attribute '" \
                           pyname "'");                                                  \
            return NULL;                                                                 \
        }                                                                                \
        return INCREF(WM(o)->field);                                                     \
    }                                                                                    \
    static int fname##_set(Obj *o, Obj *v, void *c)                                      \
    {                                                                                    \
        (void)c;                                                                         \
        obj_setref(&WM(o)->field, xincref(v));                                           \
        return 0;                                                                        \
    }
WM_MEMBER(wm_func_ref, func_ref, "_func_ref")
WM_MEMBER(wm_meth_type, meth_type, "_meth_type")
WM_MEMBER(wm_alive, alive, "_alive")

static Obj *wm_weakref_get(Obj *o, void *c)
{
    (void)c;
    return INCREF(WM(o)->weakreflist ? WM(o)->weakreflist : NONE);
}

static GetSetDef weakmethod_getset[] = {
    {"_func_ref", wm_func_ref_get, wm_func_ref_set, NULL, NULL},
    {"_meth_type", wm_meth_type_get, wm_meth_type_set, NULL, NULL},
    {"_alive", wm_alive_get, wm_alive_set, NULL, NULL},
    {"__weakref__", wm_weakref_get, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj weakmethod_type = {
    .base = TYPE_HEAD_INIT, .name = "weakref.WeakMethod", .basicsize = sizeof(WeakMethodObj),
    .flags = TPF_GC | TPF_BASETYPE, .tp_base = &weakref_type, .dealloc = weakmethod_dealloc,
    .new_ = weakmethod_tp_new, .init = weakmethod_tp_init, .call = weakmethod_call,
    .richcompare = weakmethod_richcompare, .traverse = weakmethod_traverse,
    .clear = weakmethod_clear, .getset = weakmethod_getset,
    .weaklistoffset = offsetof(WeakMethodObj, weakreflist),
    .doc = "\n    A custom `weakref.ref` subclass which simulates a weak reference to\n"
           "    a bound method, working around the lifetime problem of bound methods.\n    ",
};

/* ---- the `remove` closures of the weak containers ---------------------------------------- */

enum { KIND_WVD, KIND_WKD, KIND_WS };
typedef struct RemoveObj { Obj base; Obj *selfref; int kind; } RemoveObj;
static TypeObj remove_type;

static Obj *remove_dead(Obj *d, Obj *key);

static Obj *remove_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    RemoveObj *rm = (RemoveObj *)o;
    if (mh_pos_args("remove", "remove", nargs, kw, 1, 1) < 0) return NULL;
    Obj *self = weakref_get_borrow(rm->selfref);
    if (!self) return INCREF(NONE);
    INCREF(self);
    Obj *r = NULL, *it = attr(self, "_iterating");
    int busy = it ? obj_is_true(it) : -1;
    XDECREF(it);
    if (busy < 0) goto out;
    Obj *item = rm->kind == KIND_WVD ? key_of(args[0]) : INCREF(args[0]);
    if (!item) goto out;
    if (busy) {
        Obj *p = attr(self, "_pending_removals");
        Obj *x = p ? callm(p, "append", &item, 1) : NULL;
        XDECREF(p);
        if (x) r = x;
    } else {
        Obj *d = data_of(self);
        if (d) {
            if (rm->kind == KIND_WVD) {
                r = remove_dead(d, item);
            } else if (rm->kind == KIND_WKD) {
                if (obj_delitem(d, item) == 0) r = INCREF(NONE);
                else if (vm_err_matches(&exc_KeyError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
            } else {
                r = callm(d, "discard", &item, 1);
            }
            DECREF(d);
        }
    }
    DECREF(item);
    if (r) obj_setref(&r, INCREF(NONE));
out:
    DECREF(self);
    return r;
}

static void remove_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((RemoveObj *)o)->selfref);
    obj_free(o);
}

static int remove_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *s = ((RemoveObj *)o)->selfref;
    return s ? visit(s, arg) : 0;
}

static TypeObj remove_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(RemoveObj),
    .flags = TPF_GC, .dealloc = remove_dealloc, .call = remove_call, .traverse = remove_traverse,
};

/* Set the attributes every weak container starts with. */
static int container_init(Obj *self, int kind, Obj *data)
{
    RemoveObj *rm = (RemoveObj *)obj_alloc(&remove_type, 0);
    if (!rm) return -1;
    rm->kind = kind;
    rm->selfref = weakref_new(self, NULL);
    Obj *pend = list_new(0), *iter = set_new(NULL);
    int r = -1;
    if (rm->selfref && pend && iter) {
        if (kind == KIND_WKD && obj_setattr(self, id_str("data"), data) < 0) goto out;
        if (obj_setattr(self, id_str("_remove"), (Obj *)rm) < 0 ||
            obj_setattr(self, id_str("_pending_removals"), pend) < 0 ||
            obj_setattr(self, id_str("_iterating"), iter) < 0)
            goto out;
        if (kind == KIND_WKD && obj_setattr(self, id_str("_dirty_len"), FALSE_) < 0) goto out;
        if (kind != KIND_WKD && obj_setattr(self, id_str("data"), data) < 0) goto out;
        r = 0;
    }
out:
    DECREF(rm);
    XDECREF(pend);
    XDECREF(iter);
    return r;
}

/* ---- the iteration guard ------------------------------------------------------------------ */

/* _IterationGuard.__enter__: a token in self._iterating (NEW, or NULL). */
static Obj *guard_enter(Obj *self)
{
    Obj *token = obj_call((Obj *)&object_type, NULL, 0, NULL);
    Obj *s = token ? attr(self, "_iterating") : NULL;
    Obj *r = s ? callm(s, "add", &token, 1) : NULL;
    XDECREF(s);
    if (!r) {
        XDECREF(token);
        return NULL;
    }
    DECREF(r);
    return token;
}

/* __exit__: drop the token; the last guard out commits the removals.
 * Keeps a pending exception (the with body's) unless the exit fails. */
static int guard_exit(Obj *self, Obj *token)
{
    Obj *saved = vm_err_fetch();
    Obj *s = attr(self, "_iterating");
    Obj *r = s ? callm(s, "remove", &token, 1) : NULL;
    int rc = -1;
    if (r) {
        DECREF(r);
        int t = obj_is_true(s);
        if (t == 0) {
            Obj *c = callm(self, "_commit_removals", NULL, 0);
            if (c) {
                DECREF(c);
                rc = 0;
            }
        } else if (t > 0) {
            rc = 0;
        }
    }
    XDECREF(s);
    if (rc == 0) vm_err_restore(saved);
    else XDECREF(saved);
    return rc;
}

/* ---- generator-like iterators of the containers ---------------------------------------------- */

enum {
    IT_WVD_ITEMS, IT_WVD_KEYS, IT_WVD_VALUES, IT_WVD_REFS,
    IT_WKD_ITEMS, IT_WKD_KEYS, IT_WKD_VALUES, IT_WS
};
static const char *const it_names[] = {
    "WeakValueDictionary.items", "WeakValueDictionary.keys", "WeakValueDictionary.values",
    "WeakValueDictionary.itervaluerefs", "WeakKeyDictionary.items", "WeakKeyDictionary.keys",
    "WeakKeyDictionary.values", "WeakSet.__iter__",
};

typedef struct WeakIterObj {
    Obj base;
    Obj *self;             /* the container */
    Obj *it;               /* iterator over self.data (items / keys / values) */
    Obj *token;            /* guard token while the body is inside the with */
    int mode;
    bool started, done;
} WeakIterObj;
static TypeObj weakiter_type;

static Obj *weakiter_new(Obj *self, int mode)
{
    WeakIterObj *w = (WeakIterObj *)obj_alloc(&weakiter_type, 0);
    if (!w) return NULL;
    w->self = INCREF(self);
    w->mode = mode;
    return (Obj *)w;
}

static void weakiter_finish(WeakIterObj *w)
{
    w->done = true;
    CLEAR(w->it);
    if (w->token) {
        Obj *t = w->token;
        w->token = NULL;
        if (guard_exit(w->self, t) < 0) {
            DECREF(t);
            return;
        }
        DECREF(t);
    }
}

static int weakiter_start(WeakIterObj *w)
{
    w->started = true;
    if (w->mode <= IT_WVD_REFS && maybe_commit(w->self) < 0) return -1;
    if (!(w->token = guard_enter(w->self))) return -1;
    Obj *d = data_of(w->self);
    if (!d) return -1;
    Obj *src;
    switch (w->mode) {
    case IT_WVD_ITEMS: case IT_WVD_KEYS: case IT_WKD_ITEMS: case IT_WKD_VALUES:
        src = callm(d, "items", NULL, 0);
        break;
    case IT_WVD_VALUES: case IT_WVD_REFS:
        src = callm(d, "values", NULL, 0);
        break;
    default:
        src = INCREF(d);
    }
    DECREF(d);
    if (!src) return -1;
    w->it = obj_getiter(src);
    DECREF(src);
    return w->it ? 0 : -1;
}

/* Unpack a 2-tuple from an items() iterator. */
static int pair(Obj *t, Obj **a, Obj **b)
{
    if (!TUPLE_CHECK(t) || TUPLE_LEN(t) != 2) {
        vm_err_set_str(&exc_TypeError, "cannot unpack items");
        return -1;
    }
    *a = TUPLE_ITEMS(t)[0];
    *b = TUPLE_ITEMS(t)[1];
    return 0;
}

static Obj *weakiter_next(Obj *o)
{
    WeakIterObj *w = (WeakIterObj *)o;
    if (w->done) return NULL;
    if (!w->started && weakiter_start(w) < 0) goto fail;
    for (;;) {
        Obj *x = obj_iternext(w->it);
        if (!x) {
            if (vm_err_occurred()) goto fail;
            weakiter_finish(w);
            return NULL;
        }
        Obj *k, *v, *r = NULL;
        switch (w->mode) {
        case IT_WVD_ITEMS: case IT_WVD_KEYS: case IT_WKD_ITEMS: case IT_WKD_VALUES: {
            if (pair(x, &k, &v) < 0) {
                DECREF(x);
                goto fail;
            }
            bool wvd = w->mode == IT_WVD_ITEMS || w->mode == IT_WVD_KEYS;
            Obj *o2 = deref(wvd ? v : k);
            if (!o2) {
                DECREF(x);
                goto fail;
            }
            if (o2 != NONE) {
                if (w->mode == IT_WVD_ITEMS) r = tuple_pack(2, k, o2);
                else if (w->mode == IT_WVD_KEYS) r = INCREF(k);
                else if (w->mode == IT_WKD_ITEMS) r = tuple_pack(2, o2, v);
                else r = INCREF(v);
                if (!r) {
                    DECREF(o2);
                    DECREF(x);
                    goto fail;
                }
            }
            DECREF(o2);
            DECREF(x);
            break;
        }
        case IT_WVD_REFS:
            return x;
        default: {   /* values of a WVD, keys of a WKD, items of a WeakSet */
            Obj *o2 = deref(x);
            DECREF(x);
            if (!o2) goto fail;
            if (o2 != NONE) return o2;
            DECREF(o2);
        }
        }
        if (r) return r;
    }
fail:
    weakiter_finish(w);
    return NULL;
}

static void weakiter_dealloc(Obj *o)
{
    WeakIterObj *w = (WeakIterObj *)o;
    gc_untrack(o);
    if (w->token) {
        /* generator close(): the with block exits */
        o->refcnt = 1;
        Obj *saved = vm_err_fetch();
        weakiter_finish(w);
        if (vm_err_occurred()) vm_err_write_unraisable("Exception ignored in", o);
        vm_err_restore(saved);
        if (--o->refcnt > 0) return;
    }
    CLEAR(w->it);
    CLEAR(w->self);
    obj_free(o);
}

static int weakiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    WeakIterObj *w = (WeakIterObj *)o;
    Obj *f[] = {w->self, w->it, w->token};
    for (int i = 0; i < 3; i++) {
        int r;
        if (f[i] && (r = visit(f[i], arg))) return r;
    }
    return 0;
}

static Obj *weakiter_repr(Obj *o)
{
    return str_from_fmt("<generator object %s at %p>", it_names[((WeakIterObj *)o)->mode], (void *)o);
}

static Obj *self_iter(Obj *o) { return INCREF(o); }

static TypeObj weakiter_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(WeakIterObj),
    .flags = TPF_GC, .dealloc = weakiter_dealloc, .repr = weakiter_repr, .iter = self_iter,
    .iternext = weakiter_next, .traverse = weakiter_traverse, .getattro = obj_generic_getattr,
};

/* ---- _weakref -------------------------------------------------------------------------------- */

static Obj *remove_dead(Obj *d, Obj *key)
{
    if (!DICT_CHECK(d)) {
        vm_err_format(&exc_TypeError, "_remove_dead_weakref() argument 1 must be dict, not %s",
                      type_name(OBJ_TYPE(d)));
        return NULL;
    }
    Obj *v = dict_get_borrow(d, key);
    if (!v) {
        if (vm_err_occurred()) return NULL;
        return INCREF(NONE);
    }
    if (!weakref_check(v)) {
        vm_err_set_str(&exc_TypeError, "not a weakref");
        return NULL;
    }
    if (!weakref_get_borrow(v) && dict_del(d, key) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *wr_remove_dead(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_pos_args("_remove_dead_weakref", "_remove_dead_weakref", nargs, kw, 2, 2) < 0) return NULL;
    return remove_dead(args[0], args[1]);
}

static Obj *wr_getweakrefcount(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_one_arg("getweakrefcount", nargs, kw) < 0) return NULL;
    return int_from_i64(weakref_count(args[0]));
}

static Obj *wr_getweakrefs(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_one_arg("getweakrefs", nargs, kw) < 0) return NULL;
    Obj **l = obj_weaklist_ptr(args[0]);
    Obj *r = list_new(0);
    for (WeakRefObj *w = l ? (WeakRefObj *)*l : NULL; r && w; w = w->next)
        if (list_append(r, (Obj *)w) < 0) CLEAR(r);
    return r;
}

static Obj *wr_proxy(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_pos_args("proxy", "proxy", nargs, kw, 1, 2) < 0) return NULL;
    return weakref_proxy_new(args[0], nargs > 1 ? args[1] : NULL);
}

static const MethodDef weakref_c_methods[] = {
    {"getweakrefcount", wr_getweakrefcount, METH_FAST, "Return the number of weak references to 'object'."},
    {"getweakrefs", wr_getweakrefs, METH_FAST, "Return a list of all weak reference objects pointing to 'object'."},
    {"proxy", wr_proxy, METH_FAST, "Create a proxy object that weakly references 'object'.\n\n'callback', if given, is called with a reference to the\nproxy when 'object' is about to be finalized."},
    {"_remove_dead_weakref", wr_remove_dead, METH_FAST, "Atomically remove key from dict if it points to a dead weakref."},
    {NULL, NULL, 0, NULL},
};

/* ---- WeakValueDictionary ------------------------------------------------------------------------ */

static Obj *wvd_cls, *wkd_cls, *ws_cls, *finalize_cls;

static Obj *new_keyedref(Obj *self, Obj *value, Obj *key)
{
    Obj *rm = attr(self, "_remove");
    Obj *r = rm ? keyedref_make(&keyedref_type, value, rm, key) : NULL;
    XDECREF(rm);
    return r;
}

static Obj *call_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *u = attr(self, "update");
    Obj *r = u ? obj_call(u, args, nargs, kw) : NULL;
    XDECREF(u);
    return r;
}

static Obj *wvd_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs > 2) {
        vm_err_format(&exc_TypeError, "WeakValueDictionary.__init__() takes from 1 to 2 positional "
                      "arguments but %zd were given", nargs + 1);
        return NULL;
    }
    Obj *d = dict_new();
    if (!d || container_init(self, KIND_WVD, d) < 0) {
        XDECREF(d);
        return NULL;
    }
    DECREF(d);
    /* self.update(other, **kw), other defaulting to () */
    Obj *empty = nargs ? NULL : tuple_new(0);
    Ssize nkw = mh_nkw(kw);
    Obj **v = xcalloc((size_t)nkw + 1, sizeof(Obj *));
    v[0] = nargs ? args[0] : empty;
    for (Ssize i = 0; i < nkw; i++) v[1 + i] = args[nargs + i];
    Obj *r = v[0] ? call_update(self, v, 1, kw) : NULL;
    free(v);
    XDECREF(empty);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *wvd_commit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_commit_removals", nargs, kw) < 0) return NULL;
    Obj *p = attr(self, "_pending_removals");
    Obj *d = p ? data_of(self) : NULL;
    Obj *r = NULL;
    if (d) {
        for (;;) {
            Obj *key = callm(p, "pop", NULL, 0);
            if (!key) {
                if (vm_err_matches(&exc_IndexError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
                break;
            }
            Obj *x = remove_dead(d, key);
            DECREF(key);
            if (!x) break;
            DECREF(x);
        }
    }
    XDECREF(p);
    XDECREF(d);
    return r;
}

static Obj *wvd_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__getitem__", "__getitem__", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0)
        return NULL;
    Obj *d = data_of(self);
    Obj *wr = d ? obj_getitem(d, args[0]) : NULL;
    XDECREF(d);
    Obj *o = wr ? deref(wr) : NULL;
    XDECREF(wr);
    if (o == NONE) {
        DECREF(o);
        vm_err_set_key(args[0]);
        return NULL;
    }
    return o;
}

static Obj *wvd_delitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__delitem__", "__delitem__", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0)
        return NULL;
    Obj *d = data_of(self);
    int r = d ? obj_delitem(d, args[0]) : -1;
    XDECREF(d);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *wvd_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__len__", nargs, kw) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *d = data_of(self);
    Ssize n = d ? obj_length(d) : -1;
    XDECREF(d);
    return n < 0 ? NULL : int_from_i64(n);
}

static Obj *wvd_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__contains__", "__contains__", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0)
        return NULL;
    Obj *d = data_of(self);
    Obj *wr = d ? obj_getitem(d, args[0]) : NULL;
    XDECREF(d);
    if (!wr) {
        if (!vm_err_matches(&exc_KeyError)) return NULL;
        vm_err_clear();
        return bool_from(false);
    }
    Obj *o = deref(wr);
    DECREF(wr);
    if (!o) return NULL;
    bool r = o != NONE;
    DECREF(o);
    return bool_from(r);
}

/* "<%s at %#x>" % (self.__class__.__name__, id(self)) */
static Obj *container_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *c = attr(self, "__class__");
    Obj *n = c ? attr(c, "__name__") : NULL;
    XDECREF(c);
    if (!n) return NULL;
    Obj *r = str_from_fmt("<%S at %p>", n, (void *)self);
    DECREF(n);
    return r;
}

static Obj *wvd_setitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__setitem__", "__setitem__", nargs, kw, 2, 2) < 0 || maybe_commit(self) < 0)
        return NULL;
    Obj *kr = new_keyedref(self, args[1], args[0]);
    Obj *d = kr ? data_of(self) : NULL;
    int r = d ? obj_setitem(d, args[0], kr) : -1;
    XDECREF(d);
    XDECREF(kr);
    return r < 0 ? NULL : INCREF(NONE);
}

/* The copy loops of copy()/__deepcopy__ (WVD: values are refs; WKD: keys are). */
static int copy_into(Obj *self, Obj *new, bool wvd, Obj *memo)
{
    Obj *token = guard_enter(self);
    if (!token) return -1;
    Obj *d = data_of(self);
    Obj *items = d ? callm(d, "items", NULL, 0) : NULL;
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(d);
    XDECREF(items);
    Obj *deepcopy = NULL;
    int rc = it ? 0 : -1;
    if (rc == 0 && memo) {
        Obj *cm = import_name(id_str("copy"), NULL, NULL, 0);
        deepcopy = cm ? attr(cm, "deepcopy") : NULL;
        XDECREF(cm);
        if (!deepcopy) rc = -1;
    }
    while (rc == 0) {
        Obj *x = obj_iternext(it);
        if (!x) {
            if (vm_err_occurred()) rc = -1;
            break;
        }
        Obj *k, *v;
        if (pair(x, &k, &v) < 0) {
            DECREF(x);
            rc = -1;
            break;
        }
        Obj *o = deref(wvd ? v : k);
        if (o && o != NONE) {
            Obj *a[2] = {wvd ? k : v, memo};
            Obj *c = memo ? obj_call(deepcopy, a, 2, NULL) : INCREF(a[0]);
            if (!c || (wvd ? obj_setitem(new, c, o) : obj_setitem(new, o, c)) < 0) rc = -1;
            XDECREF(c);
        } else if (!o) {
            rc = -1;
        }
        XDECREF(o);
        DECREF(x);
    }
    XDECREF(it);
    XDECREF(deepcopy);
    if (guard_exit(self, token) < 0) rc = -1;
    DECREF(token);
    return rc;
}

static Obj *wvd_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("copy", nargs, kw) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *new = obj_call(wvd_cls, NULL, 0, NULL);
    if (new && copy_into(self, new, true, NULL) < 0) CLEAR(new);
    return new;
}

static Obj *wvd_deepcopy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__deepcopy__", "__deepcopy__", nargs, kw, 1, 1) < 0) return NULL;
    if (maybe_commit(self) < 0) return NULL;
    Obj *cls = attr(self, "__class__");
    Obj *new = cls ? obj_call(cls, NULL, 0, NULL) : NULL;
    XDECREF(cls);
    if (new && copy_into(self, new, true, args[0]) < 0) CLEAR(new);
    return new;
}

static Obj *wvd_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("WeakValueDictionary.get", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (maybe_commit(self) < 0) return NULL;
    Obj *dflt = v[1] ? v[1] : NONE;
    Obj *d = data_of(self);
    Obj *wr = d ? obj_getitem(d, v[0]) : NULL;
    XDECREF(d);
    if (!wr) {
        if (!vm_err_matches(&exc_KeyError)) return NULL;
        vm_err_clear();
        return INCREF(dflt);
    }
    Obj *o = deref(wr);
    DECREF(wr);
    if (o == NONE) {
        DECREF(o);
        return INCREF(dflt);
    }
    return o;
}

#define ITER_METHOD(fname, mode)                                                      \
    static Obj *fname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)              \
    {                                                                                 \
        (void)args;                                                                   \
        if (mh_no_args(it_names[mode], nargs, kw) < 0) return NULL;                   \
        return weakiter_new(self, mode);                                              \
    }
ITER_METHOD(wvd_items, IT_WVD_ITEMS)
ITER_METHOD(wvd_keys, IT_WVD_KEYS)
ITER_METHOD(wvd_values, IT_WVD_VALUES)
ITER_METHOD(wvd_itervaluerefs, IT_WVD_REFS)
ITER_METHOD(wkd_items, IT_WKD_ITEMS)
ITER_METHOD(wkd_keys, IT_WKD_KEYS)
ITER_METHOD(wkd_values, IT_WKD_VALUES)
ITER_METHOD(ws_iter, IT_WS)

static Obj *wvd_popitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("popitem", nargs, kw) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *d = data_of(self);
    if (!d) return NULL;
    for (;;) {
        Obj *t = callm(d, "popitem", NULL, 0);
        Obj *k, *wr;
        if (!t || pair(t, &k, &wr) < 0) {
            XDECREF(t);
            DECREF(d);
            return NULL;
        }
        Obj *o = deref(wr);
        if (!o || o != NONE) {
            Obj *r = o ? tuple_pack(2, k, o) : NULL;
            XDECREF(o);
            DECREF(t);
            DECREF(d);
            return r;
        }
        DECREF(o);
        DECREF(t);
    }
}

static Obj *wvd_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "WeakValueDictionary.pop() got an unexpected keyword argument");
        return NULL;
    }
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "WeakValueDictionary.pop() missing 1 required positional argument: 'key'");
        return NULL;
    }
    if (maybe_commit(self) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *wr = d ? callm(d, "pop", args, 1) : NULL;
    XDECREF(d);
    Obj *o = NULL;
    if (wr) {
        o = deref(wr);
        DECREF(wr);
        if (!o) return NULL;
    } else if (vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
    } else {
        return NULL;
    }
    if (!o || o == NONE) {
        XDECREF(o);
        if (nargs > 1) return INCREF(args[1]);
        vm_err_set_key(args[0]);
        return NULL;
    }
    return o;
}

static Obj *wvd_setdefault(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("WeakValueDictionary.setdefault", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0)
        return NULL;
    Obj *dflt = v[1] ? v[1] : NONE;
    Obj *d = data_of(self);
    if (!d) return NULL;
    Obj *wr = obj_getitem(d, v[0]), *o = NULL;
    if (wr) {
        o = deref(wr);
        DECREF(wr);
        if (!o) goto fail;
    } else if (vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
    } else {
        goto fail;
    }
    if (o && o != NONE) {
        DECREF(d);
        return o;
    }
    XDECREF(o);
    if (maybe_commit(self) < 0) goto fail;
    Obj *kr = new_keyedref(self, dflt, v[0]);
    if (!kr || obj_setitem(d, v[0], kr) < 0) {
        XDECREF(kr);
        goto fail;
    }
    DECREF(kr);
    DECREF(d);
    return INCREF(dflt);
fail:
    DECREF(d);
    return NULL;
}

/* for key, o in other.items(): d[key] = make(key, o) */
static int update_from(Obj *self, Obj *other, bool wvd)
{
    Obj *items = callm(other, "items", NULL, 0);
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(items);
    if (!it) return -1;
    Obj *d = data_of(self);
    Obj *rm = d ? attr(self, "_remove") : NULL;
    int rc = rm ? 0 : -1;
    while (rc == 0) {
        Obj *x = obj_iternext(it);
        if (!x) {
            if (vm_err_occurred()) rc = -1;
            break;
        }
        Obj *k, *v;
        if (pair(x, &k, &v) < 0) {
            DECREF(x);
            rc = -1;
            break;
        }
        if (wvd) {
            Obj *kr = keyedref_make(&keyedref_type, v, rm, k);
            if (!kr || obj_setitem(d, k, kr) < 0) rc = -1;
            XDECREF(kr);
        } else {
            Obj *kr = weakref_new(k, rm);
            if (!kr || obj_setitem(d, kr, v) < 0) rc = -1;
            XDECREF(kr);
        }
        DECREF(x);
    }
    DECREF(it);
    XDECREF(d);
    XDECREF(rm);
    return rc;
}

/* `if not hasattr(other, "items"): other = dict(other)` (NEW). */
static Obj *as_items_source(Obj *other)
{
    Obj *f;
    if (obj_lookup_attr(other, id_str("items"), &f) < 0) return NULL;
    if (f) {
        DECREF(f);
        return INCREF(other);
    }
    return obj_call((Obj *)&dict_type, &other, 1, NULL);
}

static Obj *kwargs_dict(Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *k = dict_new();
    for (Ssize i = 0; k && i < mh_nkw(kw); i++)
        if (dict_set(k, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) CLEAR(k);
    return k;
}

static Obj *wvd_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "WeakValueDictionary.update() takes from 1 to 2 positional "
                      "arguments but %zd were given", nargs + 1);
        return NULL;
    }
    if (maybe_commit(self) < 0) return NULL;
    if (nargs && args[0] != NONE) {
        Obj *src = as_items_source(args[0]);
        int r = src ? update_from(self, src, true) : -1;
        XDECREF(src);
        if (r < 0) return NULL;
    }
    if (mh_nkw(kw)) {
        Obj *k = kwargs_dict(args, nargs, kw);
        int r = k ? update_from(self, k, true) : -1;
        XDECREF(k);
        if (r < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *wvd_valuerefs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("valuerefs", nargs, kw) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *v = d ? callm(d, "values", NULL, 0) : NULL;
    XDECREF(d);
    Obj *r = v ? obj_call((Obj *)&list_type, &v, 1, NULL) : NULL;
    XDECREF(v);
    return r;
}

static Obj *container_ior(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__ior__", "__ior__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *r = call_update(self, args, 1, NULL);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

static Obj *container_or(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__or__", "__or__", nargs, kw, 1, 1) < 0) return NULL;
    int m = is_mapping(args[0]);
    if (m <= 0) return m < 0 ? NULL : INCREF(NOTIMPL);
    Obj *c = callm(self, "copy", NULL, 0);
    Obj *r = c ? callm(c, "update", args, 1) : NULL;
    if (!r) {
        XDECREF(c);
        return NULL;
    }
    DECREF(r);
    return c;
}

static Obj *container_ror(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__ror__", "__ror__", nargs, kw, 1, 1) < 0) return NULL;
    int m = is_mapping(args[0]);
    if (m <= 0) return m < 0 ? NULL : INCREF(NOTIMPL);
    Obj *cls = attr(self, "__class__");
    Obj *c = cls ? obj_call(cls, NULL, 0, NULL) : NULL;
    XDECREF(cls);
    Obj *r = c ? callm(c, "update", args, 1) : NULL;
    XDECREF(r);
    r = r ? callm(c, "update", &self, 1) : NULL;
    if (!r) {
        XDECREF(c);
        return NULL;
    }
    DECREF(r);
    return c;
}

static const MethodDef wvd_methods[] = {
    {"__init__", wvd_init, METH_FAST, NULL},
    {"_commit_removals", wvd_commit, METH_FAST, NULL},
    {"__getitem__", wvd_getitem, METH_FAST, NULL},
    {"__delitem__", wvd_delitem, METH_FAST, NULL},
    {"__len__", wvd_len, METH_FAST, NULL},
    {"__contains__", wvd_contains, METH_FAST, NULL},
    {"__repr__", container_repr, METH_FAST, NULL},
    {"__setitem__", wvd_setitem, METH_FAST, NULL},
    {"copy", wvd_copy, METH_FAST, NULL},
    {"__copy__", wvd_copy, METH_FAST, NULL},
    {"__deepcopy__", wvd_deepcopy, METH_FAST, NULL},
    {"get", wvd_get, METH_FAST, NULL},
    {"items", wvd_items, METH_FAST, NULL},
    {"keys", wvd_keys, METH_FAST, NULL},
    {"__iter__", wvd_keys, METH_FAST, NULL},
    {"itervaluerefs", wvd_itervaluerefs, METH_FAST,
     "Return an iterator that yields the weak references to the values."},
    {"values", wvd_values, METH_FAST, NULL},
    {"popitem", wvd_popitem, METH_FAST, NULL},
    {"pop", wvd_pop, METH_FAST, NULL},
    {"setdefault", wvd_setdefault, METH_FAST, NULL},
    {"update", wvd_update, METH_FAST, NULL},
    {"valuerefs", wvd_valuerefs, METH_FAST, "Return a list of weak references to the values."},
    {"__ior__", container_ior, METH_FAST, NULL},
    {"__or__", container_or, METH_FAST, NULL},
    {"__ror__", container_ror, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- WeakKeyDictionary ------------------------------------------------------------------------ */

static Obj *wkd_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"dict"};
    Obj *v[1];
    if (mh_bind_m("WeakKeyDictionary.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0)
        return NULL;
    Obj *d = dict_new();
    if (!d || container_init(self, KIND_WKD, d) < 0) {
        XDECREF(d);
        return NULL;
    }
    DECREF(d);
    if (v[0] && v[0] != NONE) {
        Obj *r = call_update(self, v, 1, NULL);
        if (!r) return NULL;
        DECREF(r);
    }
    return INCREF(NONE);
}

static Obj *wkd_commit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_commit_removals", nargs, kw) < 0) return NULL;
    Obj *p = attr(self, "_pending_removals");
    Obj *d = p ? data_of(self) : NULL;
    Obj *r = NULL;
    if (d) {
        for (;;) {
            Obj *key = callm(p, "pop", NULL, 0);
            if (!key) {
                if (vm_err_matches(&exc_IndexError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
                break;
            }
            int rc = obj_delitem(d, key);
            DECREF(key);
            if (rc < 0) {
                if (!vm_err_matches(&exc_KeyError)) break;
                vm_err_clear();
            }
        }
    }
    XDECREF(p);
    XDECREF(d);
    return r;
}

static Obj *wkd_scrub(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_scrub_removals", nargs, kw) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *p = d ? attr(self, "_pending_removals") : NULL;
    Obj *it = p ? obj_getiter(p) : NULL;
    Obj *keep = it ? list_new(0) : NULL;
    int rc = keep ? 0 : -1;
    while (rc == 0) {
        Obj *k = obj_iternext(it);
        if (!k) {
            if (vm_err_occurred()) rc = -1;
            break;
        }
        int in = obj_contains(d, k);
        if (in < 0 || (in && list_append(keep, k) < 0)) rc = -1;
        DECREF(k);
    }
    if (rc == 0 && (obj_setattr(self, id_str("_pending_removals"), keep) < 0 ||
                    obj_setattr(self, id_str("_dirty_len"), FALSE_) < 0))
        rc = -1;
    XDECREF(d);
    XDECREF(p);
    XDECREF(it);
    XDECREF(keep);
    return rc < 0 ? NULL : INCREF(NONE);
}

static int set_dirty(Obj *self) { return obj_setattr(self, id_str("_dirty_len"), TRUE_); }

/* self.data[ref(key)]-style access: a new plain reference to key. */
static Obj *plain_ref(Obj *key) { return weakref_new(key, NULL); }

static Obj *wkd_delitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__delitem__", "__delitem__", nargs, kw, 1, 1) < 0 || set_dirty(self) < 0)
        return NULL;
    Obj *d = data_of(self);
    Obj *r = d ? plain_ref(args[0]) : NULL;
    int rc = r ? obj_delitem(d, r) : -1;
    XDECREF(d);
    XDECREF(r);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *wkd_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__getitem__", "__getitem__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *r = d ? plain_ref(args[0]) : NULL;
    Obj *v = r ? obj_getitem(d, r) : NULL;
    XDECREF(d);
    XDECREF(r);
    return v;
}

static Obj *wkd_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__len__", nargs, kw) < 0) return NULL;
    Obj *dirty = attr(self, "_dirty_len");
    int t = dirty ? obj_is_true(dirty) : -1;
    XDECREF(dirty);
    if (t < 0) return NULL;
    Obj *p = attr(self, "_pending_removals");
    if (!p) return NULL;
    if (t) {
        int pt = obj_is_true(p);
        if (pt < 0) {
            DECREF(p);
            return NULL;
        }
        if (pt) {
            DECREF(p);
            Obj *x = callm(self, "_scrub_removals", NULL, 0);
            if (!x) return NULL;
            DECREF(x);
            if (!(p = attr(self, "_pending_removals"))) return NULL;
        }
    }
    Obj *d = data_of(self);
    Ssize n = d ? obj_length(d) : -1, m = n >= 0 ? obj_length(p) : -1;
    XDECREF(d);
    DECREF(p);
    return m < 0 ? NULL : int_from_i64(n - m);
}

static Obj *wkd_setitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__setitem__", "__setitem__", nargs, kw, 2, 2) < 0) return NULL;
    Obj *rm = attr(self, "_remove");
    Obj *r = rm ? weakref_new(args[0], rm) : NULL;
    Obj *d = r ? data_of(self) : NULL;
    int rc = d ? obj_setitem(d, r, args[1]) : -1;
    XDECREF(rm);
    XDECREF(r);
    XDECREF(d);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *wkd_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("copy", nargs, kw) < 0) return NULL;
    Obj *new = obj_call(wkd_cls, NULL, 0, NULL);
    if (new && copy_into(self, new, false, NULL) < 0) CLEAR(new);
    return new;
}

static Obj *wkd_deepcopy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__deepcopy__", "__deepcopy__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *cls = attr(self, "__class__");
    Obj *new = cls ? obj_call(cls, NULL, 0, NULL) : NULL;
    XDECREF(cls);
    if (new && copy_into(self, new, false, args[0]) < 0) CLEAR(new);
    return new;
}

static Obj *wkd_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("WeakKeyDictionary.get", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *r = d ? plain_ref(v[0]) : NULL;
    Obj *a[2] = {r, v[1] ? v[1] : NONE};
    Obj *x = r ? callm(d, "get", a, 2) : NULL;
    XDECREF(d);
    XDECREF(r);
    return x;
}

static Obj *wkd_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__contains__", "__contains__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *r = plain_ref(args[0]);
    if (!r) {
        if (!vm_err_matches(&exc_TypeError)) return NULL;
        vm_err_clear();
        return bool_from(false);
    }
    Obj *d = data_of(self);
    int in = d ? obj_contains(d, r) : -1;
    XDECREF(d);
    DECREF(r);
    return in < 0 ? NULL : bool_from(in);
}

static Obj *wkd_keyrefs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("keyrefs", nargs, kw) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *r = d ? obj_call((Obj *)&list_type, &d, 1, NULL) : NULL;
    XDECREF(d);
    return r;
}

static Obj *wkd_popitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("popitem", nargs, kw) < 0 || set_dirty(self) < 0) return NULL;
    Obj *d = data_of(self);
    if (!d) return NULL;
    for (;;) {
        Obj *t = callm(d, "popitem", NULL, 0);
        Obj *k, *v;
        if (!t || pair(t, &k, &v) < 0) {
            XDECREF(t);
            DECREF(d);
            return NULL;
        }
        Obj *o = deref(k);
        if (!o || o != NONE) {
            Obj *r = o ? tuple_pack(2, o, v) : NULL;
            XDECREF(o);
            DECREF(t);
            DECREF(d);
            return r;
        }
        DECREF(o);
        DECREF(t);
    }
}

static Obj *wkd_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "WeakKeyDictionary.pop() got an unexpected keyword argument");
        return NULL;
    }
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "WeakKeyDictionary.pop() missing 1 required positional argument: 'key'");
        return NULL;
    }
    if (set_dirty(self) < 0) return NULL;
    Obj *r = plain_ref(args[0]);
    Obj *d = r ? data_of(self) : NULL;
    Obj *a[2] = {r, nargs > 1 ? args[1] : NULL};
    Obj *x = d ? callm(d, "pop", a, nargs > 1 ? 2 : 1) : NULL;
    XDECREF(r);
    XDECREF(d);
    return x;
}

static Obj *wkd_setdefault(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("WeakKeyDictionary.setdefault", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0)
        return NULL;
    Obj *rm = attr(self, "_remove");
    Obj *r = rm ? weakref_new(v[0], rm) : NULL;
    Obj *d = r ? data_of(self) : NULL;
    Obj *a[2] = {r, v[1] ? v[1] : NONE};
    Obj *x = d ? callm(d, "setdefault", a, 2) : NULL;
    XDECREF(rm);
    XDECREF(r);
    XDECREF(d);
    return x;
}

static Obj *wkd_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "WeakKeyDictionary.update() takes from 1 to 2 positional "
                      "arguments but %zd were given", nargs + 1);
        return NULL;
    }
    if (nargs && args[0] != NONE) {
        Obj *src = as_items_source(args[0]);
        int r = src ? update_from(self, src, false) : -1;
        XDECREF(src);
        if (r < 0) return NULL;
    }
    if (mh_nkw(kw)) {
        Obj *k = kwargs_dict(args, nargs, kw);
        Obj *r = k ? call_update(self, &k, 1, NULL) : NULL;
        XDECREF(k);
        if (!r) return NULL;
        DECREF(r);
    }
    return INCREF(NONE);
}

static const MethodDef wkd_methods[] = {
    {"__init__", wkd_init, METH_FAST, NULL},
    {"_commit_removals", wkd_commit, METH_FAST, NULL},
    {"_scrub_removals", wkd_scrub, METH_FAST, NULL},
    {"__delitem__", wkd_delitem, METH_FAST, NULL},
    {"__getitem__", wkd_getitem, METH_FAST, NULL},
    {"__len__", wkd_len, METH_FAST, NULL},
    {"__repr__", container_repr, METH_FAST, NULL},
    {"__setitem__", wkd_setitem, METH_FAST, NULL},
    {"copy", wkd_copy, METH_FAST, NULL},
    {"__copy__", wkd_copy, METH_FAST, NULL},
    {"__deepcopy__", wkd_deepcopy, METH_FAST, NULL},
    {"get", wkd_get, METH_FAST, NULL},
    {"__contains__", wkd_contains, METH_FAST, NULL},
    {"items", wkd_items, METH_FAST, NULL},
    {"keys", wkd_keys, METH_FAST, NULL},
    {"__iter__", wkd_keys, METH_FAST, NULL},
    {"values", wkd_values, METH_FAST, NULL},
    {"keyrefs", wkd_keyrefs, METH_FAST, "Return a list of weak references to the keys."},
    {"popitem", wkd_popitem, METH_FAST, NULL},
    {"pop", wkd_pop, METH_FAST, NULL},
    {"setdefault", wkd_setdefault, METH_FAST, NULL},
    {"update", wkd_update, METH_FAST, NULL},
    {"__ior__", container_ior, METH_FAST, NULL},
    {"__or__", container_or, METH_FAST, NULL},
    {"__ror__", container_ror, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- WeakSet ---------------------------------------------------------------------------------------- */

static Obj *ws_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind_m("WeakSet.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *s = set_new(NULL);
    if (!s || container_init(self, KIND_WS, s) < 0) {
        XDECREF(s);
        return NULL;
    }
    DECREF(s);
    if (v[0] && v[0] != NONE) {
        Obj *r = callm(self, "update", v, 1);
        if (!r) return NULL;
        DECREF(r);
    }
    return INCREF(NONE);
}

static Obj *ws_commit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_commit_removals", nargs, kw) < 0) return NULL;
    Obj *p = attr(self, "_pending_removals");
    Obj *d = p ? data_of(self) : NULL;
    Obj *r = NULL;
    if (d) {
        for (;;) {
            Obj *item = callm(p, "pop", NULL, 0);
            if (!item) {
                if (vm_err_matches(&exc_IndexError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
                break;
            }
            Obj *x = callm(d, "discard", &item, 1);
            DECREF(item);
            if (!x) break;
            DECREF(x);
        }
    }
    XDECREF(p);
    XDECREF(d);
    return r;
}

static Obj *ws_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__len__", nargs, kw) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *p = d ? attr(self, "_pending_removals") : NULL;
    Ssize n = p ? obj_length(d) : -1, m = n >= 0 ? obj_length(p) : -1;
    XDECREF(d);
    XDECREF(p);
    return m < 0 ? NULL : int_from_i64(n - m);
}

static Obj *ws_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return wkd_contains(self, args, nargs, kw);
}

/* self.data.NAME(ref(item)) after committing the removals. */
static Obj *ws_data_call(Obj *self, const char *name, Obj *item, Obj *callback)
{
    if (maybe_commit(self) < 0) return NULL;
    Obj *r = weakref_new(item, callback);
    Obj *d = r ? data_of(self) : NULL;
    Obj *x = d ? callm(d, name, &r, 1) : NULL;
    XDECREF(r);
    XDECREF(d);
    return x;
}

static Obj *ws_add(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("add", "add", nargs, kw, 1, 1) < 0) return NULL;
    Obj *rm = attr(self, "_remove");
    Obj *x = rm ? ws_data_call(self, "add", args[0], rm) : NULL;
    XDECREF(rm);
    return x;
}

static Obj *ws_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("remove", "remove", nargs, kw, 1, 1) < 0) return NULL;
    return ws_data_call(self, "remove", args[0], NULL);
}

static Obj *ws_discard(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("discard", "discard", nargs, kw, 1, 1) < 0) return NULL;
    return ws_data_call(self, "discard", args[0], NULL);
}

static Obj *ws_clear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("clear", nargs, kw) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *x = d ? callm(d, "clear", NULL, 0) : NULL;
    XDECREF(d);
    return x;
}

static Obj *ws_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("copy", nargs, kw) < 0) return NULL;
    Obj *cls = attr(self, "__class__");
    Obj *r = cls ? obj_call(cls, &self, 1, NULL) : NULL;
    XDECREF(cls);
    return r;
}

static Obj *ws_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("pop", nargs, kw) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *d = data_of(self);
    if (!d) return NULL;
    for (;;) {
        Obj *r = callm(d, "pop", NULL, 0);
        if (!r) {
            if (vm_err_matches(&exc_KeyError)) {
                vm_err_clear();
                vm_err_set_str(&exc_KeyError, "pop from empty WeakSet");
                /* `from None` */
                Obj *e = vm_err_fetch();
                if (e && EXC_CHECK(e)) ((ExcObj *)e)->suppress_context = true;
                vm_err_restore(e);
            }
            DECREF(d);
            return NULL;
        }
        Obj *o = deref(r);
        DECREF(r);
        if (!o || o != NONE) {
            DECREF(d);
            return o;
        }
        DECREF(o);
    }
}

static Obj *ws_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("update", "update", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *it = obj_getiter(args[0]);
    if (!it) return NULL;
    for (;;) {
        Obj *x = obj_iternext(it);
        if (!x) break;
        Obj *r = callm(self, "add", &x, 1);
        DECREF(x);
        if (!r) break;
        DECREF(r);
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *ws_ior(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__ior__", "__ior__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *r = callm(self, "update", args, 1);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

/* A list of ref(item) (with callback when given) for item in other. */
static Obj *refs_of(Obj *other, Obj *callback)
{
    Obj *it = obj_getiter(other);
    Obj *l = it ? list_new(0) : NULL;
    while (l) {
        Obj *x = obj_iternext(it);
        if (!x) {
            if (vm_err_occurred()) CLEAR(l);
            break;
        }
        Obj *r = weakref_new(x, callback);
        DECREF(x);
        if (!r || list_append(l, r) < 0) CLEAR(l);
        XDECREF(r);
    }
    XDECREF(it);
    return l;
}

/* self.data.NAME(<refs of other>) */
static Obj *ws_data_refs(Obj *self, const char *name, Obj *other, Obj *callback, bool as_set)
{
    Obj *l = refs_of(other, callback);
    Obj *arg = l && as_set ? set_new(l) : xincref(l);
    XDECREF(l);
    Obj *d = arg ? data_of(self) : NULL;
    Obj *x = d ? callm(d, name, &arg, 1) : NULL;
    XDECREF(d);
    XDECREF(arg);
    return x;
}

static Obj *ws_isub(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__isub__", "__isub__", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *x;
    if (self == args[0]) {
        Obj *d = data_of(self);
        x = d ? callm(d, "clear", NULL, 0) : NULL;
        XDECREF(d);
    } else {
        x = ws_data_refs(self, "difference_update", args[0], NULL, false);
    }
    if (!x) return NULL;
    DECREF(x);
    return INCREF(self);
}

static Obj *ws_iand(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__iand__", "__iand__", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *x = ws_data_refs(self, "intersection_update", args[0], NULL, false);
    if (!x) return NULL;
    DECREF(x);
    return INCREF(self);
}

static Obj *ws_ixor(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__ixor__", "__ixor__", nargs, kw, 1, 1) < 0 || maybe_commit(self) < 0) return NULL;
    Obj *x;
    if (self == args[0]) {
        Obj *d = data_of(self);
        x = d ? callm(d, "clear", NULL, 0) : NULL;
        XDECREF(d);
    } else {
        Obj *rm = attr(self, "_remove");
        x = rm ? ws_data_refs(self, "symmetric_difference_update", args[0], rm, false) : NULL;
        XDECREF(rm);
    }
    if (!x) return NULL;
    DECREF(x);
    return INCREF(self);
}

/* newset = self.copy(); newset.NAME(other); return newset */
static Obj *ws_copy_then(Obj *self, const char *name, Obj *other)
{
    Obj *n = callm(self, "copy", NULL, 0);
    Obj *x = n ? callm(n, name, &other, 1) : NULL;
    if (!x) {
        XDECREF(n);
        return NULL;
    }
    DECREF(x);
    return n;
}

#define WS_BINOP(fname, pyname, inner)                                            \
    static Obj *fname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)          \
    {                                                                             \
        if (mh_pos_args(pyname, pyname, nargs, kw, 1, 1) < 0) return NULL;        \
        return ws_copy_then(self, inner, args[0]);                                \
    }
WS_BINOP(ws_difference, "difference", "difference_update")
WS_BINOP(ws_symmetric_difference, "symmetric_difference", "symmetric_difference_update")

#define WS_UPDATE(fname, pyname, inner)                                           \
    static Obj *fname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)          \
    {                                                                             \
        if (mh_pos_args(pyname, pyname, nargs, kw, 1, 1) < 0) return NULL;        \
        Obj *x = callm(self, inner, args, 1);                                     \
        if (!x) return NULL;                                                      \
        DECREF(x);                                                                \
        return INCREF(NONE);                                                      \
    }
WS_UPDATE(ws_difference_update, "difference_update", "__isub__")
WS_UPDATE(ws_intersection_update, "intersection_update", "__iand__")
WS_UPDATE(ws_symmetric_difference_update, "symmetric_difference_update", "__ixor__")

/* self.__class__(<items of src filtered / chained>) through a list. */
static Obj *ws_build(Obj *self, Obj *items)
{
    Obj *cls = attr(self, "__class__");
    Obj *r = cls ? obj_call(cls, &items, 1, NULL) : NULL;
    XDECREF(cls);
    return r;
}

static Obj *ws_intersection(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("intersection", "intersection", nargs, kw, 1, 1) < 0) return NULL;
    Obj *it = obj_getiter(args[0]);
    Obj *l = it ? list_new(0) : NULL;
    while (l) {
        Obj *x = obj_iternext(it);
        if (!x) {
            if (vm_err_occurred()) CLEAR(l);
            break;
        }
        int in = obj_contains(self, x);
        if (in < 0 || (in && list_append(l, x) < 0)) CLEAR(l);
        DECREF(x);
    }
    XDECREF(it);
    Obj *r = l ? ws_build(self, l) : NULL;
    XDECREF(l);
    return r;
}

static Obj *ws_union(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("union", "union", nargs, kw, 1, 1) < 0) return NULL;
    Obj *l = list_new(0);
    Obj *srcs[2] = {self, args[0]};
    for (int i = 0; l && i < 2; i++) {
        Obj *it = obj_getiter(srcs[i]);
        if (!it) {
            CLEAR(l);
            break;
        }
        for (;;) {
            Obj *x = obj_iternext(it);
            if (!x) {
                if (vm_err_occurred()) CLEAR(l);
                break;
            }
            if (list_append(l, x) < 0) CLEAR(l);
            DECREF(x);
            if (!l) break;
        }
        DECREF(it);
    }
    Obj *r = l ? ws_build(self, l) : NULL;
    XDECREF(l);
    return r;
}

static Obj *ws_isdisjoint(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("isdisjoint", "isdisjoint", nargs, kw, 1, 1) < 0) return NULL;
    Obj *i = callm(self, "intersection", args, 1);
    Ssize n = i ? obj_length(i) : -1;
    XDECREF(i);
    return n < 0 ? NULL : bool_from(n == 0);
}

/* self.data <op> {ref(item) for item in other} */
static Obj *ws_compare(Obj *self, Obj *other, int op)
{
    Obj *l = refs_of(other, NULL);
    Obj *s = l ? set_new(l) : NULL;
    XDECREF(l);
    Obj *d = s ? data_of(self) : NULL;
    Obj *r = d ? obj_richcompare(d, s, op) : NULL;
    XDECREF(d);
    XDECREF(s);
    return r;
}

static Obj *ws_issubset(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("issubset", "issubset", nargs, kw, 1, 1) < 0) return NULL;
    return ws_data_refs(self, "issubset", args[0], NULL, false);
}

static Obj *ws_issuperset(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("issuperset", "issuperset", nargs, kw, 1, 1) < 0) return NULL;
    return ws_data_refs(self, "issuperset", args[0], NULL, false);
}

static Obj *ws_lt(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__lt__", "__lt__", nargs, kw, 1, 1) < 0) return NULL;
    return ws_compare(self, args[0], CMP_LT);
}

static Obj *ws_gt(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__gt__", "__gt__", nargs, kw, 1, 1) < 0) return NULL;
    return ws_compare(self, args[0], CMP_GT);
}

static Obj *ws_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__eq__", "__eq__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *cls = attr(self, "__class__");
    int is = cls ? obj_isinstance(args[0], cls) : -1;
    XDECREF(cls);
    if (is <= 0) return is < 0 ? NULL : INCREF(NOTIMPL);
    return ws_compare(self, args[0], CMP_EQ);
}

static Obj *ws_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *d = data_of(self);
    Obj *r = d ? obj_repr(d) : NULL;
    XDECREF(d);
    return r;
}

static Obj *ws_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__reduce__", nargs, kw) < 0) return NULL;
    Obj *cls = attr(self, "__class__");
    Obj *l = cls ? obj_call((Obj *)&list_type, &self, 1, NULL) : NULL;
    Obj *a = l ? tuple_pack(1, l) : NULL;
    Obj *st = a ? callm(self, "__getstate__", NULL, 0) : NULL;
    Obj *r = st ? tuple_pack(3, cls, a, st) : NULL;
    XDECREF(cls);
    XDECREF(l);
    XDECREF(a);
    XDECREF(st);
    return r;
}

static Obj *ws_class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__class_getitem__", "__class_getitem__", nargs, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, args[0]);
}

static const MethodDef ws_methods[] = {
    {"__init__", ws_init, METH_FAST, NULL},
    {"_commit_removals", ws_commit, METH_FAST, NULL},
    {"__iter__", ws_iter, METH_FAST, NULL},
    {"__len__", ws_len, METH_FAST, NULL},
    {"__contains__", ws_contains, METH_FAST, NULL},
    {"__reduce__", ws_reduce, METH_FAST, NULL},
    {"add", ws_add, METH_FAST, NULL},
    {"clear", ws_clear, METH_FAST, NULL},
    {"copy", ws_copy, METH_FAST, NULL},
    {"pop", ws_pop, METH_FAST, NULL},
    {"remove", ws_remove, METH_FAST, NULL},
    {"discard", ws_discard, METH_FAST, NULL},
    {"update", ws_update, METH_FAST, NULL},
    {"__ior__", ws_ior, METH_FAST, NULL},
    {"difference", ws_difference, METH_FAST, NULL},
    {"__sub__", ws_difference, METH_FAST, NULL},
    {"difference_update", ws_difference_update, METH_FAST, NULL},
    {"__isub__", ws_isub, METH_FAST, NULL},
    {"intersection", ws_intersection, METH_FAST, NULL},
    {"__and__", ws_intersection, METH_FAST, NULL},
    {"intersection_update", ws_intersection_update, METH_FAST, NULL},
    {"__iand__", ws_iand, METH_FAST, NULL},
    {"issubset", ws_issubset, METH_FAST, NULL},
    {"__le__", ws_issubset, METH_FAST, NULL},
    {"__lt__", ws_lt, METH_FAST, NULL},
    {"issuperset", ws_issuperset, METH_FAST, NULL},
    {"__ge__", ws_issuperset, METH_FAST, NULL},
    {"__gt__", ws_gt, METH_FAST, NULL},
    {"__eq__", ws_eq, METH_FAST, NULL},
    {"symmetric_difference", ws_symmetric_difference, METH_FAST, NULL},
    {"__xor__", ws_symmetric_difference, METH_FAST, NULL},
    {"symmetric_difference_update", ws_symmetric_difference_update, METH_FAST, NULL},
    {"__ixor__", ws_ixor, METH_FAST, NULL},
    {"union", ws_union, METH_FAST, NULL},
    {"__or__", ws_union, METH_FAST, NULL},
    {"isdisjoint", ws_isdisjoint, METH_FAST, NULL},
    {"__repr__", ws_repr, METH_FAST, NULL},
    {"__class_getitem__", ws_class_getitem, METH_FAST | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

/* ---- finalize ---------------------------------------------------------------------------------------- */

/* finalize._Info: the registry's value for a live finalizer. */
typedef struct InfoObj {
    Obj base;
    Obj *weakref, *func, *args, *kwargs;   /* kwargs: dict or NULL */
    bool atexit;
    int64_t index;
} InfoObj;
static TypeObj info_type;

static void info_dealloc(Obj *o)
{
    InfoObj *i = (InfoObj *)o;
    gc_untrack(o);
    CLEAR(i->weakref);
    CLEAR(i->func);
    CLEAR(i->args);
    CLEAR(i->kwargs);
    obj_free(o);
}

static int info_traverse(Obj *o, VisitFn visit, void *arg)
{
    InfoObj *i = (InfoObj *)o;
    Obj *f[] = {i->weakref, i->func, i->args, i->kwargs};
    for (int k = 0; k < 4; k++) {
        int r;
        if (f[k] && (r = visit(f[k], arg))) return r;
    }
    return 0;
}

static int info_clear(Obj *o)
{
    InfoObj *i = (InfoObj *)o;
    CLEAR(i->weakref);
    CLEAR(i->func);
    CLEAR(i->args);
    CLEAR(i->kwargs);
    return 0;
}

static TypeObj info_type = {
    .base = TYPE_HEAD_INIT, .name = "_Info", .basicsize = sizeof(InfoObj), .flags = TPF_GC,
    .dealloc = info_dealloc, .traverse = info_traverse, .clear = info_clear,
};

static Obj *fin_registry;           /* finalize._registry: finalize -> _Info */
static bool fin_shutdown, fin_dirty, fin_registered;
static int64_t fin_index;

static Obj *fin_exitfunc(Obj *m, Obj *const *args, Ssize nargs, Obj *kw);
static const MethodDef fin_exit_def = {"_exitfunc", fin_exitfunc, METH_FAST, NULL};

static Obj *fin_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 2) {
        static const char *const names[] = {"obj", "func"};
        Obj *v[2];
        mh_bind_m("finalize.__init__", args, nargs, NULL, names, 2, 2, 2, 2, 0, v);
        return NULL;
    }
    if (!fin_registered) {
        Obj *ax = import_name(id_str("atexit"), NULL, NULL, 0);
        Obj *f = ax ? builtin_new(&fin_exit_def, NULL, NULL) : NULL;
        Obj *r = f ? callm(ax, "register", &f, 1) : NULL;
        XDECREF(ax);
        XDECREF(f);
        if (!r) return NULL;
        DECREF(r);
        fin_registered = true;
    }
    InfoObj *info = (InfoObj *)obj_alloc(&info_type, 0);
    if (!info) return NULL;
    info->weakref = weakref_new(args[0], self);
    info->func = INCREF(args[1]);
    info->args = tuple_from_array(args + 2, nargs - 2);
    if (mh_nkw(kw)) info->kwargs = kwargs_dict(args, nargs, kw);
    info->atexit = true;
    info->index = fin_index++;
    int rc = info->weakref && info->args && (!mh_nkw(kw) || info->kwargs)
                 ? dict_set(fin_registry, self, (Obj *)info) : -1;
    DECREF(info);
    if (rc < 0) return NULL;
    fin_dirty = true;
    return INCREF(NONE);
}

static InfoObj *fin_info(Obj *self)
{
    Obj *i = dict_get_borrow(fin_registry, self);
    return i && IS_TYPE(i, info_type) ? (InfoObj *)i : NULL;
}

/* info.func(*info.args, **(info.kwargs or {})) */
static Obj *call_info(InfoObj *info)
{
    Ssize na = TUPLE_LEN(info->args), nk = info->kwargs ? obj_length(info->kwargs) : 0;
    Obj **v = xcalloc((size_t)(na + nk) + 1, sizeof(Obj *));
    Obj *names = nk ? tuple_new(nk) : NULL;
    for (Ssize i = 0; i < na; i++) v[i] = TUPLE_ITEMS(info->args)[i];
    Ssize pos = 0, i = 0;
    Obj *k, *val;
    while (names && i < nk && dict_next(info->kwargs, &pos, &k, &val)) {
        TUPLE_ITEMS(names)[i] = INCREF(k);
        v[na + i++] = val;
    }
    Obj *r = nk && !names ? NULL : obj_call(info->func, v, na, names);
    XDECREF(names);
    free(v);
    return r;
}

static Obj *fin_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"_"};
    Obj *v[1];
    if (mh_bind_m("finalize.__call__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *info = NULL;
    if (dict_pop_opt(fin_registry, self, &info) < 0) return NULL;
    Obj *r = NULL;
    if (info && IS_TYPE(info, info_type) && !fin_shutdown) r = call_info((InfoObj *)info);
    else r = INCREF(NONE);
    XDECREF(info);
    return r;
}

/* (obj, func, args, kwargs or {}) while alive, else NULL (no exception). */
static Obj *fin_peek_tuple(InfoObj *info)
{
    Obj *obj = info && info->weakref ? weakref_get_borrow(info->weakref) : NULL;
    if (!obj) return NULL;
    Obj *kw = info->kwargs ? INCREF(info->kwargs) : dict_new();
    Obj *r = kw ? tuple_pack(4, obj, info->func, info->args, kw) : NULL;
    XDECREF(kw);
    return r;
}

static Obj *fin_detach(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("detach", nargs, kw) < 0) return NULL;
    InfoObj *info = fin_info(self);
    if (!info) return INCREF(NONE);
    INCREF(info);
    Obj *t = fin_peek_tuple(info);
    Obj *popped = NULL;
    if (t && dict_pop_opt(fin_registry, self, &popped) < 0) CLEAR(t);
    XDECREF(popped);
    DECREF(info);
    if (!t && !vm_err_occurred()) return INCREF(NONE);
    return t;
}

static Obj *fin_peek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("peek", nargs, kw) < 0) return NULL;
    Obj *t = fin_peek_tuple(fin_info(self));
    if (!t && !vm_err_occurred()) return INCREF(NONE);
    return t;
}

static Obj *fin_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    InfoObj *info = fin_info(self);
    Obj *obj = info && info->weakref ? weakref_get_borrow(info->weakref) : NULL;
    const char *tn = type_name(OBJ_TYPE(self));
    if (!obj) return str_from_fmt("<%s object at %p; dead>", tn, (void *)self);
    return str_from_fmt("<%s object at %p; for '%s' at %p>", tn, (void *)self,
                        type_name(OBJ_TYPE(obj)), (void *)obj);
}

static Obj *fin_get_alive(Obj *self, void *c)
{
    (void)c;
    int r = dict_contains(fin_registry, self);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *fin_get_atexit(Obj *self, void *c)
{
    (void)c;
    InfoObj *info = fin_info(self);
    return bool_from(info && info->atexit);
}

static int fin_set_atexit(Obj *self, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "can't delete attribute");
        return -1;
    }
    InfoObj *info = fin_info(self);
    if (info) {
        int t = obj_is_true(v);
        if (t < 0) return -1;
        info->atexit = t;
    }
    return 0;
}

static int cmp_index(const void *a, const void *b)
{
    int64_t x = (*(InfoObj *const *)a)->index, y = (*(InfoObj *const *)b)->index;
    return x < y ? -1 : x > y;
}

/* Live finalizers marked atexit, oldest first (a list of finalize objects). */
static Obj *select_for_exit(void)
{
    Ssize pos = 0, n = 0;
    Obj *k, *v;
    Ssize cap = obj_length(fin_registry);
    InfoObj **infos = xcalloc((size_t)cap + 1, sizeof *infos);
    Obj **keys = xcalloc((size_t)cap + 1, sizeof *keys);
    while (dict_next(fin_registry, &pos, &k, &v))
        if (IS_TYPE(v, info_type) && ((InfoObj *)v)->atexit && n < cap) {
            infos[n] = (InfoObj *)v;
            keys[n++] = k;
        }
    /* sort keys along with their infos by index */
    typedef struct { InfoObj *i; Obj *k; } Pair;
    Pair *p = xcalloc((size_t)n + 1, sizeof *p);
    for (Ssize i = 0; i < n; i++) p[i] = (Pair){infos[i], keys[i]};
    qsort(p, (size_t)n, sizeof *p, cmp_index);
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < n; i++)
        if (list_append(l, p[i].k) < 0) CLEAR(l);
    free(p);
    free(infos);
    free(keys);
    return l;
}

static Obj *fin_exitfunc(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    (void)args;
    (void)nargs;
    (void)kw;
    bool reenable = false;
    Obj *result = NULL;
    if (obj_length(fin_registry) > 0) {
        if (gc_is_enabled()) {
            reenable = true;
            gc_set_enabled(false);
        }
        Obj *pending = NULL;
        for (;;) {
            if (!pending || fin_dirty) {
                XDECREF(pending);
                pending = select_for_exit();
                fin_dirty = false;
                if (!pending) goto out;
            }
            if (LIST_LEN(pending) == 0) break;
            Obj *f = callm(pending, "pop", NULL, 0);
            Obj *r = f ? obj_call(f, NULL, 0, NULL) : NULL;
            XDECREF(f);
            if (r) {
                DECREF(r);
            } else if (vm_err_matches(&exc_Exception)) {
                Obj *e = vm_err_fetch();
                Obj *hook = obj_getattr_str(vm->sys, "excepthook");
                Obj *a[3] = {(Obj *)OBJ_TYPE(e), e, ((ExcObj *)e)->traceback ? ((ExcObj *)e)->traceback : NONE};
                Obj *x = hook ? obj_call(hook, a, 3, NULL) : NULL;
                XDECREF(hook);
                XDECREF(x);
                DECREF(e);
                if (!x) goto out;
            } else {
                goto out;
            }
        }
        XDECREF(pending);
    }
    result = INCREF(NONE);
out:
    fin_shutdown = true;
    if (reenable) gc_set_enabled(true);
    return result;
}

static const MethodDef fin_methods[] = {
    {"__init__", fin_init, METH_FAST, NULL},
    {"__call__", fin_call, METH_FAST, "If alive then mark as dead and return func(*args, **kwargs);\n        otherwise return None"},
    {"detach", fin_detach, METH_FAST, "If alive then mark as dead and return (obj, func, args, kwargs);\n        otherwise return None"},
    {"peek", fin_peek, METH_FAST, "If alive then return (obj, func, args, kwargs);\n        otherwise return None"},
    {"__repr__", fin_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef fin_getset[] = {
    {"alive", fin_get_alive, NULL, "Whether finalizer is alive", NULL},
    {"atexit", fin_get_atexit, fin_set_atexit, "Whether finalizer should be called at exit", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the modules ------------------------------------------------------------------------------------- */

static int make_classes(void)
{
    if (wvd_cls) return 0;
    TypeObj *static_types[] = {&weakref_type, &weakproxy_type, &weakcallableproxy_type,
                               &keyedref_type, &weakmethod_type, &wmcb_type, &remove_type,
                               &weakiter_type, &info_type};
    for (size_t i = 0; i < sizeof static_types / sizeof static_types[0]; i++)
        if (type_ready(static_types[i]) < 0) return -1;
    load_abcs();
    Obj *mm = abc_mutable_mapping ? tuple_pack(1, abc_mutable_mapping) : NULL;
    if (abc_mutable_mapping && !mm) return -1;
    wvd_cls = mh_class("weakref", "WeakValueDictionary", mm, wvd_methods, NULL, NULL);
    wkd_cls = wvd_cls ? mh_class("weakref", "WeakKeyDictionary", mm, wkd_methods, NULL, NULL) : NULL;
    ws_cls = wkd_cls ? mh_class("_weakrefset", "WeakSet", NULL, ws_methods, NULL, NULL) : NULL;
    finalize_cls = ws_cls ? mh_class("weakref", "finalize", NULL, fin_methods, fin_getset, NULL) : NULL;
    XDECREF(mm);
    if (!finalize_cls) return -1;
    /* ABCMeta computed the abstract methods before mh_class added ours */
    Obj *none_abstract = obj_call((Obj *)&frozenset_type, NULL, 0, NULL);
    if (!none_abstract) return -1;
    int rc = 0;
    if (abc_mutable_mapping &&
        (obj_setattr(wvd_cls, id_str("__abstractmethods__"), none_abstract) < 0 ||
         obj_setattr(wkd_cls, id_str("__abstractmethods__"), none_abstract) < 0))
        rc = -1;
    DECREF(none_abstract);
    if (rc < 0) return -1;
    if (!fin_registry && !(fin_registry = dict_new())) return -1;
    if (obj_setattr(finalize_cls, id_str("_registry"), fin_registry) < 0) return -1;
    if (abc_mutable_set) {
        Obj *r = callm(abc_mutable_set, "register", &ws_cls, 1);
        if (!r) return -1;
        DECREF(r);
    }
    return 0;
}

static int add_common(Obj *m)
{
    return mh_add_obj(m, "ref", (Obj *)&weakref_type) < 0 ||
                   mh_add_obj(m, "ReferenceType", (Obj *)&weakref_type) < 0 ||
                   mh_add_obj(m, "ProxyType", (Obj *)&weakproxy_type) < 0 ||
                   mh_add_obj(m, "CallableProxyType", (Obj *)&weakcallableproxy_type) < 0
               ? -1 : 0;
}

static Obj *c_weakref_init(void)
{
    if (make_classes() < 0) return NULL;
    Obj *m = mh_module("_weakref", weakref_c_methods);
    if (!m || add_common(m) < 0) {
        XDECREF(m);
        return NULL;
    }
    return m;
}

static Obj *weakref_init(void)
{
    if (make_classes() < 0) return NULL;
    Obj *m = mh_module("weakref", weakref_c_methods);
    if (!m) return NULL;
    Obj *pt = tuple_pack(2, (Obj *)&weakproxy_type, (Obj *)&weakcallableproxy_type);
    static const char *const all[] = {"ref", "proxy", "getweakrefcount", "getweakrefs",
                                      "WeakKeyDictionary", "ReferenceType", "ProxyType",
                                      "CallableProxyType", "ProxyTypes", "WeakValueDictionary",
                                      "WeakSet", "WeakMethod", "finalize"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof all[0]; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!pt || !l || add_common(m) < 0 || module_add(m, "ProxyTypes", pt) < 0 ||
        module_add(m, "__all__", l) < 0 ||
        mh_add_obj(m, "WeakValueDictionary", wvd_cls) < 0 ||
        mh_add_obj(m, "WeakKeyDictionary", wkd_cls) < 0 || mh_add_obj(m, "WeakSet", ws_cls) < 0 ||
        mh_add_obj(m, "WeakMethod", (Obj *)&weakmethod_type) < 0 ||
        mh_add_obj(m, "KeyedRef", (Obj *)&keyedref_type) < 0 ||
        mh_add_obj(m, "finalize", finalize_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static Obj *weakrefset_init(void)
{
    if (make_classes() < 0) return NULL;
    Obj *m = mh_module("_weakrefset", NULL);
    if (!m) return NULL;
    Obj *all = list_new(0);
    Obj *s = all ? str_from_cstr("WeakSet") : NULL;
    if (!s || list_append(all, s) < 0 || module_add(m, "__all__", INCREF(all)) < 0 ||
        mh_add_obj(m, "WeakSet", ws_cls) < 0 || mh_add_obj(m, "ref", (Obj *)&weakref_type) < 0) {
        XDECREF(s);
        XDECREF(all);
        DECREF(m);
        return NULL;
    }
    DECREF(s);
    DECREF(all);
    return m;
}

void native_weakref_register(void)
{
    import_register_native("_weakref", c_weakref_init);
    import_register_native("weakref", weakref_init);
    import_register_native("_weakrefset", weakrefset_init);
}

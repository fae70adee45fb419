/* mod_weakref.c — the modules `_weakref`, `weakref` and `_weakrefset` of
 * CPython 3.12 over the core references of src/obj/weakref.c.
 *
 * `_weakref` is C in CPython too: ref, proxy, getweakrefcount, getweakrefs,
 * _remove_dead_weakref.  What weakref.py and _weakrefset.py write in Python
 * is written in C after the library's code, step for step, because
 * programs observe its order of operations: WeakValueDictionary,
 * WeakKeyDictionary and WeakSet (their methods in mod_weakcontainers.c) are
 * classes made here (heap types, subclassable, on _collections_abc's
 * MutableMapping when that module is there) whose instances hold `data`,
 * `_remove`, `_pending_removals` and `_iterating` as attributes; removals
 * while an iteration is under way are deferred through an iteration guard
 * exactly as _IterationGuard does; their iterating methods return
 * generator-like iterators whose body starts at the first next().  KeyedRef and WeakMethod are subclasses of ReferenceType with
 * their __slots__ as C fields.  finalize keeps its registry in a dict
 * (finalize._registry) and runs the finalizers still marked atexit, newest
 * first, from an atexit callback.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/weakimpl.h"
/* ---- small helpers ------------------------------------------------------------------------ */

/* `if self._pending_removals: self._commit_removals()` */
int wk_maybe_commit(Obj *self)
{
    Obj *p = wk_attr(self, "_pending_removals");
    if (!p) return -1;
    int t = obj_is_true(p);
    DECREF(p);
    if (t <= 0) return t;
    Obj *r = wk_callm(self, "_commit_removals", NULL, 0);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *call1(Obj *f, Obj *a) { return obj_call(f, &a, 1, NULL); }

/* wr() for any reference (a KeyedRef, a ref subclass with __call__ …). */
Obj *wk_deref(Obj *wr)
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
    if (abc_mapping) return;
    Obj *m = import_name(id_str("_collections_abc"), NULL, NULL, 0);
    if (!m) {
        vm_err_clear();
        return;
    }
    abc_mapping = wk_attr(m, "Mapping");
    abc_mutable_mapping = abc_mapping ? wk_attr(m, "MutableMapping") : NULL;
    abc_mutable_set = abc_mutable_mapping ? wk_attr(m, "MutableSet") : NULL;
    if (!abc_mutable_set) {
        vm_err_clear();
        CLEAR(abc_mapping);
        CLEAR(abc_mutable_mapping);
    }
    DECREF(m);
}

/* isinstance(o, _collections_abc.Mapping) (a dict check without it). */
int wk_is_mapping(Obj *o)
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

Obj *wk_keyedref_new(Obj *ob, Obj *callback, Obj *key)
{
    return keyedref_make(&keyedref_type, ob, callback, key);
}

static Obj *key_of(Obj *wr)
{
    if (type_is_subtype(OBJ_TYPE(wr), &keyedref_type)) return keyedref_get_key(wr, NULL);
    return wk_attr(wr, "key");
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
    Obj *obj = wk_attr(v[0], "__self__");
    Obj *func = obj ? wk_attr(v[0], "__func__") : NULL;
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

typedef struct RemoveObj { Obj base; Obj *selfref; int kind; } RemoveObj;
static TypeObj remove_type;

static Obj *remove_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    RemoveObj *rm = (RemoveObj *)o;
    if (mh_pos_args("remove", "remove", nargs, kw, 1, 1) < 0) return NULL;
    Obj *self = weakref_get_borrow(rm->selfref);
    if (!self) return INCREF(NONE);
    INCREF(self);
    Obj *r = NULL, *it = wk_attr(self, "_iterating");
    int busy = it ? obj_is_true(it) : -1;
    XDECREF(it);
    if (busy < 0) goto out;
    Obj *item = rm->kind == KIND_WVD ? key_of(args[0]) : INCREF(args[0]);
    if (!item) goto out;
    if (busy) {
        Obj *p = wk_attr(self, "_pending_removals");
        Obj *x = p ? wk_callm(p, "append", &item, 1) : NULL;
        XDECREF(p);
        if (x) r = x;
    } else {
        Obj *d = wk_data(self);
        if (d) {
            if (rm->kind == KIND_WVD) {
                r = wk_remove_dead(d, item);
            } else if (rm->kind == KIND_WKD) {
                if (obj_delitem(d, item) == 0) r = INCREF(NONE);
                else if (vm_err_matches(&exc_KeyError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
            } else {
                r = wk_callm(d, "discard", &item, 1);
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
int wk_container_init(Obj *self, int kind, Obj *data)
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
Obj *wk_guard_enter(Obj *self)
{
    Obj *token = obj_call((Obj *)&object_type, NULL, 0, NULL);
    Obj *s = token ? wk_attr(self, "_iterating") : NULL;
    Obj *r = s ? wk_callm(s, "add", &token, 1) : NULL;
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
int wk_guard_exit(Obj *self, Obj *token)
{
    Obj *saved = vm_err_fetch();
    Obj *s = wk_attr(self, "_iterating");
    Obj *r = s ? wk_callm(s, "remove", &token, 1) : NULL;
    int rc = -1;
    if (r) {
        DECREF(r);
        int t = obj_is_true(s);
        if (t == 0) {
            Obj *c = wk_callm(self, "_commit_removals", NULL, 0);
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

const char *const wk_it_names[] = {
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

Obj *wk_iter_new(Obj *self, int mode)
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
        if (wk_guard_exit(w->self, t) < 0) {
            DECREF(t);
            return;
        }
        DECREF(t);
    }
}

static int weakiter_start(WeakIterObj *w)
{
    w->started = true;
    if (w->mode <= IT_WVD_REFS && wk_maybe_commit(w->self) < 0) return -1;
    if (!(w->token = wk_guard_enter(w->self))) return -1;
    Obj *d = wk_data(w->self);
    if (!d) return -1;
    Obj *src;
    switch (w->mode) {
    case IT_WVD_ITEMS: case IT_WVD_KEYS: case IT_WKD_ITEMS: case IT_WKD_VALUES:
        src = wk_callm(d, "items", NULL, 0);
        break;
    case IT_WVD_VALUES: case IT_WVD_REFS:
        src = wk_callm(d, "values", NULL, 0);
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
int wk_pair(Obj *t, Obj **a, Obj **b)
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
            if (wk_pair(x, &k, &v) < 0) {
                DECREF(x);
                goto fail;
            }
            bool wvd = w->mode == IT_WVD_ITEMS || w->mode == IT_WVD_KEYS;
            Obj *o2 = wk_deref(wvd ? v : k);
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
            Obj *o2 = wk_deref(x);
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
    return str_from_fmt("<generator object %s at %p>", wk_it_names[((WeakIterObj *)o)->mode], (void *)o);
}

static Obj *self_iter(Obj *o) { return INCREF(o); }

static TypeObj weakiter_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(WeakIterObj),
    .flags = TPF_GC, .dealloc = weakiter_dealloc, .repr = weakiter_repr, .iter = self_iter,
    .iternext = weakiter_next, .traverse = weakiter_traverse, .getattro = obj_generic_getattr,
};

/* ---- _weakref -------------------------------------------------------------------------------- */

Obj *wk_remove_dead(Obj *d, Obj *key)
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
    return wk_remove_dead(args[0], args[1]);
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

static Obj *finalize_cls;

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
        Obj *r = f ? wk_callm(ax, "register", &f, 1) : NULL;
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
    if (mh_nkw(kw)) info->kwargs = wk_kwargs_dict(args, nargs, kw);
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
            Obj *f = wk_callm(pending, "pop", NULL, 0);
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
    if (wk_wvd_cls) return 0;
    TypeObj *static_types[] = {&weakref_type, &weakproxy_type, &weakcallableproxy_type,
                               &keyedref_type, &weakmethod_type, &wmcb_type, &remove_type,
                               &weakiter_type, &info_type};
    for (size_t i = 0; i < sizeof static_types / sizeof static_types[0]; i++)
        if (type_ready(static_types[i]) < 0) return -1;
    load_abcs();
    Obj *mm = abc_mutable_mapping ? tuple_pack(1, abc_mutable_mapping) : NULL;
    if (abc_mutable_mapping && !mm) return -1;
    wk_wvd_cls = mh_class("weakref", "WeakValueDictionary", mm, wk_wvd_methods, NULL, NULL);
    wk_wkd_cls = wk_wvd_cls ? mh_class("weakref", "WeakKeyDictionary", mm, wk_wkd_methods, NULL, NULL) : NULL;
    wk_ws_cls = wk_wkd_cls ? mh_class("_weakrefset", "WeakSet", NULL, wk_ws_methods, NULL, NULL) : NULL;
    finalize_cls = wk_ws_cls ? mh_class("weakref", "finalize", NULL, fin_methods, fin_getset, NULL) : NULL;
    XDECREF(mm);
    if (!finalize_cls) return -1;
    /* ABCMeta computed the abstract methods before mh_class added ours */
    Obj *none_abstract = obj_call((Obj *)&frozenset_type, NULL, 0, NULL);
    if (!none_abstract) return -1;
    int rc = 0;
    if (abc_mutable_mapping &&
        (obj_setattr(wk_wvd_cls, id_str("__abstractmethods__"), none_abstract) < 0 ||
         obj_setattr(wk_wkd_cls, id_str("__abstractmethods__"), none_abstract) < 0))
        rc = -1;
    DECREF(none_abstract);
    if (rc < 0) return -1;
    if (!fin_registry && !(fin_registry = dict_new())) return -1;
    if (obj_setattr(finalize_cls, id_str("_registry"), fin_registry) < 0) return -1;
    if (abc_mutable_set) {
        Obj *r = wk_callm(abc_mutable_set, "register", &wk_ws_cls, 1);
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
        mh_add_obj(m, "WeakValueDictionary", wk_wvd_cls) < 0 ||
        mh_add_obj(m, "WeakKeyDictionary", wk_wkd_cls) < 0 || mh_add_obj(m, "WeakSet", wk_ws_cls) < 0 ||
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
        mh_add_obj(m, "WeakSet", wk_ws_cls) < 0 || mh_add_obj(m, "ref", (Obj *)&weakref_type) < 0) {
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
    vm_static_roots(&abc_mapping, 1);
    vm_static_roots(&abc_mutable_mapping, 1);
    vm_static_roots(&abc_mutable_set, 1);
    vm_static_roots(&wk_wvd_cls, 1);
    vm_static_roots(&wk_wkd_cls, 1);
    vm_static_roots(&wk_ws_cls, 1);
    vm_static_roots(&finalize_cls, 1);
    vm_static_roots(&fin_registry, 1);
    import_register_native("_weakref", c_weakref_init);
    import_register_native("weakref", weakref_init);
    import_register_native("_weakrefset", weakrefset_init);
}

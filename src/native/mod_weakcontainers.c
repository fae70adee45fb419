/* mod_weakcontainers.c — WeakValueDictionary, WeakKeyDictionary (weakref.py)
 * and WeakSet (_weakrefset.py) of CPython 3.12, written in C after the
 * library's code step for step: instances keep `data`, `_remove`,
 * `_pending_removals` and `_iterating` as attributes, every method commits
 * pending removals where the library does, and iteration runs inside the
 * iteration guard (mod_weakref.c) so entries whose referent dies meanwhile
 * are removed afterwards.  The classes are made by mod_weakref.c.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/weakimpl.h"

/* ---- WeakValueDictionary ------------------------------------------------------------------------ */

Obj *wk_wvd_cls, *wk_wkd_cls, *wk_ws_cls;

static Obj *new_keyedref(Obj *self, Obj *value, Obj *key)
{
    Obj *rm = wk_attr(self, "_remove");
    Obj *r = rm ? wk_keyedref_new(value, rm, key) : NULL;
    XDECREF(rm);
    return r;
}

static Obj *call_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *u = wk_attr(self, "update");
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
    if (!d || wk_container_init(self, KIND_WVD, d) < 0) {
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
    Obj *p = wk_attr(self, "_pending_removals");
    Obj *d = p ? wk_data(self) : NULL;
    Obj *r = NULL;
    if (d) {
        for (;;) {
            Obj *key = wk_callm(p, "pop", NULL, 0);
            if (!key) {
                if (vm_err_matches(&exc_IndexError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
                break;
            }
            Obj *x = wk_remove_dead(d, key);
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
    if (mh_pos_args("__getitem__", "__getitem__", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0)
        return NULL;
    Obj *d = wk_data(self);
    Obj *wr = d ? obj_getitem(d, args[0]) : NULL;
    XDECREF(d);
    Obj *o = wr ? wk_deref(wr) : NULL;
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
    if (mh_pos_args("__delitem__", "__delitem__", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0)
        return NULL;
    Obj *d = wk_data(self);
    int r = d ? obj_delitem(d, args[0]) : -1;
    XDECREF(d);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *wvd_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__len__", nargs, kw) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *d = wk_data(self);
    Ssize n = d ? obj_length(d) : -1;
    XDECREF(d);
    return n < 0 ? NULL : int_from_i64(n);
}

static Obj *wvd_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__contains__", "__contains__", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0)
        return NULL;
    Obj *d = wk_data(self);
    Obj *wr = d ? obj_getitem(d, args[0]) : NULL;
    XDECREF(d);
    if (!wr) {
        if (!vm_err_matches(&exc_KeyError)) return NULL;
        vm_err_clear();
        return bool_from(false);
    }
    Obj *o = wk_deref(wr);
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
    Obj *c = wk_attr(self, "__class__");
    Obj *n = c ? wk_attr(c, "__name__") : NULL;
    XDECREF(c);
    if (!n) return NULL;
    Obj *r = str_from_fmt("<%S at %p>", n, (void *)self);
    DECREF(n);
    return r;
}

static Obj *wvd_setitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__setitem__", "__setitem__", nargs, kw, 2, 2) < 0 || wk_maybe_commit(self) < 0)
        return NULL;
    Obj *kr = new_keyedref(self, args[1], args[0]);
    Obj *d = kr ? wk_data(self) : NULL;
    int r = d ? obj_setitem(d, args[0], kr) : -1;
    XDECREF(d);
    XDECREF(kr);
    return r < 0 ? NULL : INCREF(NONE);
}

/* The copy loops of copy()/__deepcopy__ (WVD: values are refs; WKD: keys are). */
static int copy_into(Obj *self, Obj *new, bool wvd, Obj *memo)
{
    Obj *token = wk_guard_enter(self);
    if (!token) return -1;
    Obj *d = wk_data(self);
    Obj *items = d ? wk_callm(d, "items", NULL, 0) : NULL;
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(d);
    XDECREF(items);
    Obj *deepcopy = NULL;
    int rc = it ? 0 : -1;
    if (rc == 0 && memo) {
        Obj *cm = import_name(id_str("copy"), NULL, NULL, 0);
        deepcopy = cm ? wk_attr(cm, "deepcopy") : NULL;
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
        if (wk_pair(x, &k, &v) < 0) {
            DECREF(x);
            rc = -1;
            break;
        }
        Obj *o = wk_deref(wvd ? v : k);
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
    if (wk_guard_exit(self, token) < 0) rc = -1;
    DECREF(token);
    return rc;
}

static Obj *wvd_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("copy", nargs, kw) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *new = obj_call(wk_wvd_cls, NULL, 0, NULL);
    if (new && copy_into(self, new, true, NULL) < 0) CLEAR(new);
    return new;
}

static Obj *wvd_deepcopy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__deepcopy__", "__deepcopy__", nargs, kw, 1, 1) < 0) return NULL;
    if (wk_maybe_commit(self) < 0) return NULL;
    Obj *cls = wk_attr(self, "__class__");
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
    if (wk_maybe_commit(self) < 0) return NULL;
    Obj *dflt = v[1] ? v[1] : NONE;
    Obj *d = wk_data(self);
    Obj *wr = d ? obj_getitem(d, v[0]) : NULL;
    XDECREF(d);
    if (!wr) {
        if (!vm_err_matches(&exc_KeyError)) return NULL;
        vm_err_clear();
        return INCREF(dflt);
    }
    Obj *o = wk_deref(wr);
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
        if (mh_no_args(wk_it_names[mode], nargs, kw) < 0) return NULL;                   \
        return wk_iter_new(self, mode);                                              \
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
    if (mh_no_args("popitem", nargs, kw) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *d = wk_data(self);
    if (!d) return NULL;
    for (;;) {
        Obj *t = wk_callm(d, "popitem", NULL, 0);
        Obj *k, *wr;
        if (!t || wk_pair(t, &k, &wr) < 0) {
            XDECREF(t);
            DECREF(d);
            return NULL;
        }
        Obj *o = wk_deref(wr);
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
    if (wk_maybe_commit(self) < 0) return NULL;
    Obj *d = wk_data(self);
    Obj *wr = d ? wk_callm(d, "pop", args, 1) : NULL;
    XDECREF(d);
    Obj *o = NULL;
    if (wr) {
        o = wk_deref(wr);
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
    Obj *d = wk_data(self);
    if (!d) return NULL;
    Obj *wr = obj_getitem(d, v[0]), *o = NULL;
    if (wr) {
        o = wk_deref(wr);
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
    if (wk_maybe_commit(self) < 0) goto fail;
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
    Obj *items = wk_callm(other, "items", NULL, 0);
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(items);
    if (!it) return -1;
    Obj *d = wk_data(self);
    Obj *rm = d ? wk_attr(self, "_remove") : NULL;
    int rc = rm ? 0 : -1;
    while (rc == 0) {
        Obj *x = obj_iternext(it);
        if (!x) {
            if (vm_err_occurred()) rc = -1;
            break;
        }
        Obj *k, *v;
        if (wk_pair(x, &k, &v) < 0) {
            DECREF(x);
            rc = -1;
            break;
        }
        if (wvd) {
            Obj *kr = wk_keyedref_new(v, rm, k);
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

Obj *wk_kwargs_dict(Obj *const *args, Ssize nargs, Obj *kw)
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
    if (wk_maybe_commit(self) < 0) return NULL;
    if (nargs && args[0] != NONE) {
        Obj *src = as_items_source(args[0]);
        int r = src ? update_from(self, src, true) : -1;
        XDECREF(src);
        if (r < 0) return NULL;
    }
    if (mh_nkw(kw)) {
        Obj *k = wk_kwargs_dict(args, nargs, kw);
        int r = k ? update_from(self, k, true) : -1;
        XDECREF(k);
        if (r < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *wvd_valuerefs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("valuerefs", nargs, kw) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *d = wk_data(self);
    Obj *v = d ? wk_callm(d, "values", NULL, 0) : NULL;
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
    int m = wk_is_mapping(args[0]);
    if (m <= 0) return m < 0 ? NULL : INCREF(NOTIMPL);
    Obj *c = wk_callm(self, "copy", NULL, 0);
    Obj *r = c ? wk_callm(c, "update", args, 1) : NULL;
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
    int m = wk_is_mapping(args[0]);
    if (m <= 0) return m < 0 ? NULL : INCREF(NOTIMPL);
    Obj *cls = wk_attr(self, "__class__");
    Obj *c = cls ? obj_call(cls, NULL, 0, NULL) : NULL;
    XDECREF(cls);
    Obj *r = c ? wk_callm(c, "update", args, 1) : NULL;
    XDECREF(r);
    r = r ? wk_callm(c, "update", &self, 1) : NULL;
    if (!r) {
        XDECREF(c);
        return NULL;
    }
    DECREF(r);
    return c;
}

const MethodDef wk_wvd_methods[] = {
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
    if (!d || wk_container_init(self, KIND_WKD, d) < 0) {
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
    Obj *p = wk_attr(self, "_pending_removals");
    Obj *d = p ? wk_data(self) : NULL;
    Obj *r = NULL;
    if (d) {
        for (;;) {
            Obj *key = wk_callm(p, "pop", NULL, 0);
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
    Obj *d = wk_data(self);
    Obj *p = d ? wk_attr(self, "_pending_removals") : NULL;
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
    Obj *d = wk_data(self);
    Obj *r = d ? plain_ref(args[0]) : NULL;
    int rc = r ? obj_delitem(d, r) : -1;
    XDECREF(d);
    XDECREF(r);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *wkd_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__getitem__", "__getitem__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *d = wk_data(self);
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
    Obj *dirty = wk_attr(self, "_dirty_len");
    int t = dirty ? obj_is_true(dirty) : -1;
    XDECREF(dirty);
    if (t < 0) return NULL;
    Obj *p = wk_attr(self, "_pending_removals");
    if (!p) return NULL;
    if (t) {
        int pt = obj_is_true(p);
        if (pt < 0) {
            DECREF(p);
            return NULL;
        }
        if (pt) {
            DECREF(p);
            Obj *x = wk_callm(self, "_scrub_removals", NULL, 0);
            if (!x) return NULL;
            DECREF(x);
            if (!(p = wk_attr(self, "_pending_removals"))) return NULL;
        }
    }
    Obj *d = wk_data(self);
    Ssize n = d ? obj_length(d) : -1, m = n >= 0 ? obj_length(p) : -1;
    XDECREF(d);
    DECREF(p);
    return m < 0 ? NULL : int_from_i64(n - m);
}

static Obj *wkd_setitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__setitem__", "__setitem__", nargs, kw, 2, 2) < 0) return NULL;
    Obj *rm = wk_attr(self, "_remove");
    Obj *r = rm ? weakref_new(args[0], rm) : NULL;
    Obj *d = r ? wk_data(self) : NULL;
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
    Obj *new = obj_call(wk_wkd_cls, NULL, 0, NULL);
    if (new && copy_into(self, new, false, NULL) < 0) CLEAR(new);
    return new;
}

static Obj *wkd_deepcopy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__deepcopy__", "__deepcopy__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *cls = wk_attr(self, "__class__");
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
    Obj *d = wk_data(self);
    Obj *r = d ? plain_ref(v[0]) : NULL;
    Obj *a[2] = {r, v[1] ? v[1] : NONE};
    Obj *x = r ? wk_callm(d, "get", a, 2) : NULL;
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
    Obj *d = wk_data(self);
    int in = d ? obj_contains(d, r) : -1;
    XDECREF(d);
    DECREF(r);
    return in < 0 ? NULL : bool_from(in);
}

static Obj *wkd_keyrefs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("keyrefs", nargs, kw) < 0) return NULL;
    Obj *d = wk_data(self);
    Obj *r = d ? obj_call((Obj *)&list_type, &d, 1, NULL) : NULL;
    XDECREF(d);
    return r;
}

static Obj *wkd_popitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("popitem", nargs, kw) < 0 || set_dirty(self) < 0) return NULL;
    Obj *d = wk_data(self);
    if (!d) return NULL;
    for (;;) {
        Obj *t = wk_callm(d, "popitem", NULL, 0);
        Obj *k, *v;
        if (!t || wk_pair(t, &k, &v) < 0) {
            XDECREF(t);
            DECREF(d);
            return NULL;
        }
        Obj *o = wk_deref(k);
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
    Obj *d = r ? wk_data(self) : NULL;
    Obj *a[2] = {r, nargs > 1 ? args[1] : NULL};
    Obj *x = d ? wk_callm(d, "pop", a, nargs > 1 ? 2 : 1) : NULL;
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
    Obj *rm = wk_attr(self, "_remove");
    Obj *r = rm ? weakref_new(v[0], rm) : NULL;
    Obj *d = r ? wk_data(self) : NULL;
    Obj *a[2] = {r, v[1] ? v[1] : NONE};
    Obj *x = d ? wk_callm(d, "setdefault", a, 2) : NULL;
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
        Obj *k = wk_kwargs_dict(args, nargs, kw);
        Obj *r = k ? call_update(self, &k, 1, NULL) : NULL;
        XDECREF(k);
        if (!r) return NULL;
        DECREF(r);
    }
    return INCREF(NONE);
}

const MethodDef wk_wkd_methods[] = {
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
    if (!s || wk_container_init(self, KIND_WS, s) < 0) {
        XDECREF(s);
        return NULL;
    }
    DECREF(s);
    if (v[0] && v[0] != NONE) {
        Obj *r = wk_callm(self, "update", v, 1);
        if (!r) return NULL;
        DECREF(r);
    }
    return INCREF(NONE);
}

static Obj *ws_commit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_commit_removals", nargs, kw) < 0) return NULL;
    Obj *p = wk_attr(self, "_pending_removals");
    Obj *d = p ? wk_data(self) : NULL;
    Obj *r = NULL;
    if (d) {
        for (;;) {
            Obj *item = wk_callm(p, "pop", NULL, 0);
            if (!item) {
                if (vm_err_matches(&exc_IndexError)) {
                    vm_err_clear();
                    r = INCREF(NONE);
                }
                break;
            }
            Obj *x = wk_callm(d, "discard", &item, 1);
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
    Obj *d = wk_data(self);
    Obj *p = d ? wk_attr(self, "_pending_removals") : NULL;
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
    if (wk_maybe_commit(self) < 0) return NULL;
    Obj *r = weakref_new(item, callback);
    Obj *d = r ? wk_data(self) : NULL;
    Obj *x = d ? wk_callm(d, name, &r, 1) : NULL;
    XDECREF(r);
    XDECREF(d);
    return x;
}

static Obj *ws_add(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("add", "add", nargs, kw, 1, 1) < 0) return NULL;
    Obj *rm = wk_attr(self, "_remove");
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
    if (mh_no_args("clear", nargs, kw) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *d = wk_data(self);
    Obj *x = d ? wk_callm(d, "clear", NULL, 0) : NULL;
    XDECREF(d);
    return x;
}

static Obj *ws_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("copy", nargs, kw) < 0) return NULL;
    Obj *cls = wk_attr(self, "__class__");
    Obj *r = cls ? obj_call(cls, &self, 1, NULL) : NULL;
    XDECREF(cls);
    return r;
}

static Obj *ws_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("pop", nargs, kw) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *d = wk_data(self);
    if (!d) return NULL;
    for (;;) {
        Obj *r = wk_callm(d, "pop", NULL, 0);
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
        Obj *o = wk_deref(r);
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
    if (mh_pos_args("update", "update", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *it = obj_getiter(args[0]);
    if (!it) return NULL;
    for (;;) {
        Obj *x = obj_iternext(it);
        if (!x) break;
        Obj *r = wk_callm(self, "add", &x, 1);
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
    Obj *r = wk_callm(self, "update", args, 1);
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
    Obj *d = arg ? wk_data(self) : NULL;
    Obj *x = d ? wk_callm(d, name, &arg, 1) : NULL;
    XDECREF(d);
    XDECREF(arg);
    return x;
}

static Obj *ws_isub(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__isub__", "__isub__", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *x;
    if (self == args[0]) {
        Obj *d = wk_data(self);
        x = d ? wk_callm(d, "clear", NULL, 0) : NULL;
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
    if (mh_pos_args("__iand__", "__iand__", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *x = ws_data_refs(self, "intersection_update", args[0], NULL, false);
    if (!x) return NULL;
    DECREF(x);
    return INCREF(self);
}

static Obj *ws_ixor(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__ixor__", "__ixor__", nargs, kw, 1, 1) < 0 || wk_maybe_commit(self) < 0) return NULL;
    Obj *x;
    if (self == args[0]) {
        Obj *d = wk_data(self);
        x = d ? wk_callm(d, "clear", NULL, 0) : NULL;
        XDECREF(d);
    } else {
        Obj *rm = wk_attr(self, "_remove");
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
    Obj *n = wk_callm(self, "copy", NULL, 0);
    Obj *x = n ? wk_callm(n, name, &other, 1) : NULL;
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
        Obj *x = wk_callm(self, inner, args, 1);                                     \
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
    Obj *cls = wk_attr(self, "__class__");
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
    Obj *i = wk_callm(self, "intersection", args, 1);
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
    Obj *d = s ? wk_data(self) : NULL;
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
    Obj *cls = wk_attr(self, "__class__");
    int is = cls ? obj_isinstance(args[0], cls) : -1;
    XDECREF(cls);
    if (is <= 0) return is < 0 ? NULL : INCREF(NOTIMPL);
    return ws_compare(self, args[0], CMP_EQ);
}

static Obj *ws_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *d = wk_data(self);
    Obj *r = d ? obj_repr(d) : NULL;
    XDECREF(d);
    return r;
}

static Obj *ws_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__reduce__", nargs, kw) < 0) return NULL;
    Obj *cls = wk_attr(self, "__class__");
    Obj *l = cls ? obj_call((Obj *)&list_type, &self, 1, NULL) : NULL;
    Obj *a = l ? tuple_pack(1, l) : NULL;
    Obj *st = a ? wk_callm(self, "__getstate__", NULL, 0) : NULL;
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

const MethodDef wk_ws_methods[] = {
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


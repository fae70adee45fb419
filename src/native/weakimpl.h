/* weakimpl.h — what mod_weakref.c (the modules, KeyedRef, WeakMethod, the
 * iteration guard and the containers' iterators, finalize) and
 * mod_weakcontainers.c (WeakValueDictionary, WeakKeyDictionary, WeakSet)
 * share.  Private to those two files; ownership as obj.h says. */
#ifndef PYDBG_NATIVE_WEAKIMPL_H
#define PYDBG_NATIVE_WEAKIMPL_H

#include "src/native/modhelp.h"

static inline Obj *wk_attr(Obj *o, const char *name) { return obj_getattr(o, id_str(name)); }

/* o.name(*args) with name looked up on o. */
static inline Obj *wk_callm(Obj *o, const char *name, Obj *const *args, Ssize nargs)
{
    return obj_call_method(o, name, args, nargs);
}

/* self.data (the dict or set behind a weak container) */
static inline Obj *wk_data(Obj *self) { return wk_attr(self, "data"); }

/* the containers' `remove` closures */
enum { KIND_WVD, KIND_WKD, KIND_WS };
/* the generator-like iterators of the containers (their body starts at the
 * first next(), inside the iteration guard) */
enum {
    IT_WVD_ITEMS, IT_WVD_KEYS, IT_WVD_VALUES, IT_WVD_REFS,
    IT_WKD_ITEMS, IT_WKD_KEYS, IT_WKD_VALUES, IT_WS
};
extern const char *const wk_it_names[];   /* "WeakValueDictionary.items" … by mode */

int wk_maybe_commit(Obj *self);        /* if self._pending_removals: self._commit_removals() */
Obj *wk_deref(Obj *wr);                /* wr(), None when dead */
int wk_is_mapping(Obj *o);             /* isinstance(o, _collections_abc.Mapping) */
Obj *wk_keyedref_new(Obj *ob, Obj *callback, Obj *key);      /* KeyedRef(ob, callback, key) */
int wk_container_init(Obj *self, int kind, Obj *data);      /* data, _remove, _pending_removals … */
Obj *wk_guard_enter(Obj *self);        /* _IterationGuard.__enter__: a token in self._iterating */
int wk_guard_exit(Obj *self, Obj *token);
Obj *wk_iter_new(Obj *self, int mode);
int wk_pair(Obj *t, Obj **a, Obj **b); /* unpack a 2-tuple (BORROWED items) */
Obj *wk_remove_dead(Obj *d, Obj *key); /* _weakref._remove_dead_weakref */
Obj *wk_kwargs_dict(Obj *const *args, Ssize nargs, Obj *kw);   /* the keyword arguments as a dict */

/* mod_weakcontainers.c: the classes' methods; the classes themselves are
 * made by mod_weakref.c when the module is first imported */
extern const MethodDef wk_wvd_methods[], wk_wkd_methods[], wk_ws_methods[];
extern Obj *wk_wvd_cls, *wk_wkd_cls, *wk_ws_cls;

#endif

/* mod_copy.c — the `copy` module of CPython 3.12.
 *
 * copy() and deepcopy() take copy.py's decisions in its order: the
 * per-type dispatch tables (immutable types returned as they are, list/
 * dict/set/bytearray copied, deep copies of list/tuple/dict/bound methods
 * with the memo filled before the items are copied), classes as atoms,
 * __copy__ / __deepcopy__(memo), then the reduce protocol and
 * _reconstruct (args, state through __setstate__ or __dict__.update and
 * slot setattr, list and dict items).  The memo is a real dict keyed by
 * id() (visible to __deepcopy__ methods) and keeps the originals alive
 * under memo[id(memo)] as copy.py does.
 *
 * Where a class has no reduce method of its own, object.__reduce_ex__(4)
 * is computed here as CPython's reduce_newobj does (the core does not
 * provide it): __getnewargs_ex__/__getnewargs__, cls.__new__(cls, *args),
 * the default __getstate__ (instance dict copy, plus the __slots__ values
 * named by copyreg._slotnames, cached in cls.__slotnames__), list and
 * dict items, and the "cannot pickle 'X' object" refusal for C-level
 * state.  Each nested deepcopy level counts against the recursion limit
 * like copy.py's frames do.  copyreg.dispatch_table is not consulted.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"

static Obj *error_cls;
static Obj *newobj_fn, *newobj_ex_fn;

/* ---- helpers -------------------------------------------------------------------------------- */

static Obj *id_of(Obj *o) { return int_from_u64((uint64_t)(uintptr_t)o); }

static bool in_types(Obj *x, TypeObj *const *types, size_t n)
{
    TypeObj *t = OBJ_TYPE(x);
    for (size_t i = 0; i < n; i++)
        if (t == types[i]) return true;
    return false;
}

static TypeObj *const copy_immutable[] = {
    &none_type, &int_type, &float_type, &bool_type, &complex_type, &str_type, &tuple_type,
    &bytes_type, &frozenset_type, &type_type, &range_type, &slice_type, &property_type,
    &builtin_function_type, &ellipsis_type, &notimpl_type, &function_type, &code_type,
};
static TypeObj *const deep_atomic[] = {
    &none_type, &ellipsis_type, &notimpl_type, &int_type, &float_type, &bool_type, &complex_type,
    &bytes_type, &str_type, &code_type, &type_type, &range_type, &builtin_function_type,
    &function_type, &property_type,
};

/* type(o) defines NAME itself, not just object's */
static int overrides(Obj *o, const char *name)
{
    Obj *mine = type_lookup(OBJ_TYPE(o), id_str(name));
    Obj *base = type_lookup(&object_type, id_str(name));
    return mine && mine != base;
}

static int enter(void)
{
    if (vm->depth >= vm->recursion_limit) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return -1;
    }
    vm->depth++;
    return 0;
}
static void leave(void) { vm->depth--; }

/* ---- object.__reduce_ex__(4) ------------------------------------------------------------------ */

static Obj *slotnames(TypeObj *cls)
{
    Obj *cached = cls->dict ? dict_get_borrow(cls->dict, id_str("__slotnames__")) : NULL;
    if (cached && cached != NONE) return INCREF(cached);
    Obj *names = list_new(0);
    if (!names) return NULL;
    Obj *has = NULL;
    if (obj_lookup_attr((Obj *)cls, id_str("__slots__"), &has) < 0) goto fail;
    if (has) {
        DECREF(has);
        for (Ssize i = 0; cls->mro && i < TUPLE_LEN(cls->mro); i++) {
            TypeObj *c = (TypeObj *)TUPLE_ITEMS(cls->mro)[i];
            Obj *slots = c->dict ? dict_get_borrow(c->dict, id_str("__slots__")) : NULL;
            if (!slots) continue;
            Obj *seq = STR_CHECK(slots) ? tuple_pack(1, slots) : seq_to_tuple(slots);
            if (!seq) goto fail;
            for (Ssize j = 0; j < TUPLE_LEN(seq); j++) {
                Obj *name = TUPLE_ITEMS(seq)[j], *add = NULL;
                if (!STR_CHECK(name)) continue;
                if (str_eq_cstr(name, "__dict__") || str_eq_cstr(name, "__weakref__")) continue;
                Ssize n = VAR_SIZE(name);
                bool mangle = n > 2 && str_char(name, 0) == '_' && str_char(name, 1) == '_' &&
                              !(str_char(name, n - 1) == '_' && str_char(name, n - 2) == '_');
                if (mangle) {
                    const char *cn = type_name(c);
                    while (*cn == '_') cn++;
                    add = *cn ? str_from_fmt("_%s%U", cn, name) : INCREF(name);
                } else {
                    add = INCREF(name);
                }
                if (!add || list_append(names, add) < 0) {
                    XDECREF(add);
                    DECREF(seq);
                    goto fail;
                }
                DECREF(add);
            }
            DECREF(seq);
        }
    }
    if (obj_setattr((Obj *)cls, id_str("__slotnames__"), names) < 0) vm_err_clear();
    return names;
fail:
    DECREF(names);
    return NULL;
}

/* object.__getstate__ semantics (required: refuse C-level state) */
static Obj *default_state(Obj *x, bool required)
{
    TypeObj *t = OBJ_TYPE(x);
    if (required && t->itemsize) {
        vm_err_format(&exc_TypeError, "cannot pickle %s objects", t->name);
        return NULL;
    }
    Obj *state;
    Obj **dp = obj_dict_ptr(x);
    if (dp && *dp && dict_len(*dp) > 0) state = dict_copy(*dp);
    else state = INCREF(NONE);
    if (!state) return NULL;
    Obj *names = slotnames(t);
    if (!names) {
        DECREF(state);
        return NULL;
    }
    if (required) {
        TypeObj *b = t;
        while (b && (b->flags & TPF_HEAPTYPE)) b = b->tp_base;
        if (b && b != &object_type) {
            DECREF(names);
            DECREF(state);
            vm_err_format(&exc_TypeError, "cannot pickle '%s' object", t->name);
            return NULL;
        }
    }
    if (LIST_LEN(names) > 0) {
        Obj *slots = dict_new();
        for (Ssize i = 0; slots && i < LIST_LEN(names); i++) {
            Obj *v = NULL;
            if (obj_lookup_attr(x, LIST_ITEMS(names)[i], &v) < 0) CLEAR(slots);
            else if (v && dict_set(slots, LIST_ITEMS(names)[i], v) < 0) CLEAR(slots);
            XDECREF(v);
        }
        if (!slots) {
            DECREF(names);
            DECREF(state);
            return NULL;
        }
        if (dict_len(slots) > 0) {
            Obj *pair = tuple_pack(2, state, slots);
            DECREF(state);
            state = pair;
        }
        DECREF(slots);
    }
    DECREF(names);
    return state;
}

static Obj *reduce_newobj(Obj *x)
{
    TypeObj *t = OBJ_TYPE(x);
    if (!t->new_) {
        vm_err_format(&exc_TypeError, "cannot pickle '%s' object", t->name);
        return NULL;
    }
    Obj *args = NULL, *kwargs = NULL;
    int found;
    Obj *r = mh_call_special(x, "__getnewargs_ex__", NULL, 0, &found);
    if (found) {
        if (!r) return NULL;
        if (!TUPLE_CHECK(r)) {
            vm_err_format(&exc_TypeError, "__getnewargs_ex__ should return a tuple, not '%s'", type_name(OBJ_TYPE(r)));
            DECREF(r);
            return NULL;
        }
        if (TUPLE_LEN(r) != 2) {
            vm_err_format(&exc_ValueError, "__getnewargs_ex__ should return a tuple of length 2, not %zd", TUPLE_LEN(r));
            DECREF(r);
            return NULL;
        }
        args = INCREF(TUPLE_ITEMS(r)[0]);
        kwargs = INCREF(TUPLE_ITEMS(r)[1]);
        DECREF(r);
        if (!TUPLE_CHECK(args)) {
            vm_err_format(&exc_TypeError, "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '%s'",
                          type_name(OBJ_TYPE(args)));
            goto fail;
        }
        if (!DICT_CHECK(kwargs)) {
            vm_err_format(&exc_TypeError, "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '%s'",
                          type_name(OBJ_TYPE(kwargs)));
            goto fail;
        }
    } else {
        if (vm_err_occurred()) return NULL;
        r = mh_call_special(x, "__getnewargs__", NULL, 0, &found);
        if (found) {
            if (!r) return NULL;
            if (!TUPLE_CHECK(r)) {
                vm_err_format(&exc_TypeError, "__getnewargs__ should return a tuple, not '%s'", type_name(OBJ_TYPE(r)));
                DECREF(r);
                return NULL;
            }
            args = r;
        } else if (vm_err_occurred()) {
            return NULL;
        }
    }
    bool hasargs = args != NULL;
    Obj *func, *newargs;
    if (!kwargs || dict_len(kwargs) == 0) {
        func = newobj_fn;
        Ssize n = args ? TUPLE_LEN(args) : 0;
        newargs = tuple_new(n + 1);
        if (!newargs) goto fail;
        TUPLE_ITEMS(newargs)[0] = INCREF(t);
        for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(newargs)[i + 1] = INCREF(TUPLE_ITEMS(args)[i]);
    } else {
        func = newobj_ex_fn;
        newargs = tuple_pack(3, (Obj *)t, args, kwargs);
        if (!newargs) goto fail;
    }
    Obj *state;
    if (overrides(x, "__getstate__")) state = obj_call_method(x, "__getstate__", NULL, 0);
    else state = default_state(x, !(hasargs || LIST_CHECK(x) || DICT_CHECK(x)));
    if (!state) {
        DECREF(newargs);
        goto fail;
    }
    Obj *listitems = NULL, *dictitems = NULL;
    if (LIST_CHECK(x)) listitems = obj_getiter(x);
    else listitems = INCREF(NONE);
    if (DICT_CHECK(x)) {
        Obj *items = obj_call_method(x, "items", NULL, 0);
        dictitems = items ? obj_getiter(items) : NULL;
        XDECREF(items);
    } else {
        dictitems = INCREF(NONE);
    }
    Obj *res = listitems && dictitems ? tuple_pack(5, func, newargs, state, listitems, dictitems) : NULL;
    XDECREF(listitems);
    XDECREF(dictitems);
    DECREF(newargs);
    DECREF(state);
    XDECREF(args);
    XDECREF(kwargs);
    return res;
fail:
    XDECREF(args);
    XDECREF(kwargs);
    return NULL;
}

/* getattr(x, "__reduce_ex__")(4), with object's own computed here */
static Obj *reduce_ex4(Obj *x)
{
    if (overrides(x, "__reduce_ex__")) {
        Obj *four = int_from_i64(4);
        Obj *r = four ? obj_call_method(x, "__reduce_ex__", &four, 1) : NULL;
        XDECREF(four);
        return r;
    }
    if (overrides(x, "__reduce__")) return obj_call_method(x, "__reduce__", NULL, 0);
    if (type_is_subtype(OBJ_TYPE(x), &bytearray_type)) {
        /* bytearray.__reduce_ex__: rebuild from its bytes */
        Obj *b = bytes_from(((ByteArrayObj *)x)->data, VAR_SIZE(x));
        Obj *args = b ? tuple_pack(1, b) : NULL;
        XDECREF(b);
        Obj **dp = obj_dict_ptr(x);
        Obj *r = args ? tuple_pack(3, (Obj *)OBJ_TYPE(x), args, dp && *dp ? *dp : NONE) : NULL;
        XDECREF(args);
        return r;
    }
    return reduce_newobj(x);
}

static Obj *newobj(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (nargs < 1) {
        Obj *nm = str_from_cstr("cls");
        if (nm) args_err_missing("__newobj__", &nm, 1, false);
        XDECREF(nm);
        return NULL;
    }
    Obj *nw = obj_getattr(args[0], id_str("__new__"));
    if (!nw) return NULL;
    Obj *r = obj_call(nw, args, nargs, NULL);
    DECREF(nw);
    return r;
}

static Obj *newobj_ex(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (nargs != 3) {
        args_err_too_many_positional("__newobj_ex__", 3, 3, nargs, 0);
        return NULL;
    }
    Obj *nw = obj_getattr(args[0], id_str("__new__"));
    if (!nw) return NULL;
    Obj *pos = seq_to_tuple(args[1]);
    Obj *kwd = args[2];
    Obj *r = NULL;
    if (pos && DICT_CHECK(kwd)) {
        Ssize np = TUPLE_LEN(pos), nk = dict_len(kwd), i = 0;
        Obj **v = xmalloc((size_t)(np + nk + 1) * sizeof(Obj *));
        v[0] = args[0];
        for (Ssize j = 0; j < np; j++) v[1 + j] = TUPLE_ITEMS(pos)[j];
        Obj *kwn = tuple_new(nk);
        Ssize p = 0;
        Obj *k, *val;
        while (kwn && dict_next(kwd, &p, &k, &val)) {
            TUPLE_ITEMS(kwn)[i] = INCREF(k);
            v[1 + np + i++] = val;
        }
        r = kwn ? obj_call(nw, v, np + 1, nk ? kwn : NULL) : NULL;
        free(v);
        XDECREF(kwn);
    }
    XDECREF(pos);
    DECREF(nw);
    return r;
}

static const MethodDef newobj_def = {"__newobj__", newobj, METH_FAST, NULL};
static const MethodDef newobj_ex_def = {"__newobj_ex__", newobj_ex, METH_FAST, NULL};

/* ---- _reconstruct --------------------------------------------------------------------------- */

static Obj *deepcopy(Obj *x, Obj *memo);

static Obj *reconstruct(Obj *x, Obj *memo, Obj *rv)
{
    Obj *t = seq_to_tuple(rv);
    if (!t) return NULL;
    Ssize n = TUPLE_LEN(t);
    if (n < 2 || n > 5) {
        if (n < 2) {
            Obj *names[2] = {str_from_cstr("func"), str_from_cstr("args")};
            if (n == 0 && names[0] && names[1]) args_err_missing("_reconstruct", names, 2, false);
            else if (names[1]) args_err_missing("_reconstruct", names + 1, 1, false);
            XDECREF(names[0]);
            XDECREF(names[1]);
        } else {
            args_err_too_many_positional("_reconstruct", 4, 7, n + 2, 0);
        }
        DECREF(t);
        return NULL;
    }
    if (enter() < 0) {
        DECREF(t);
        return NULL;
    }
    bool deep = memo != NULL;
    Obj *func = TUPLE_ITEMS(t)[0];
    Obj *args = INCREF(TUPLE_ITEMS(t)[1]);
    Obj *state = n > 2 ? TUPLE_ITEMS(t)[2] : NONE;
    Obj *listiter = n > 3 ? TUPLE_ITEMS(t)[3] : NONE;
    Obj *dictiter = n > 4 ? TUPLE_ITEMS(t)[4] : NONE;
    Obj *y = NULL, *st = NULL;
    if (deep) {
        int nonempty = obj_is_true(args);
        if (nonempty < 0) goto out;
        if (nonempty) {
            Obj *a2 = deepcopy(args, memo);
            if (!a2) goto out;
            obj_setref(&args, a2);
        }
    }
    {
        Obj *targs = seq_to_tuple(args);
        if (!targs) goto out;
        y = obj_call(func, TUPLE_ITEMS(targs), TUPLE_LEN(targs), NULL);
        DECREF(targs);
    }
    if (!y) goto out;
    if (deep) {
        Obj *k = id_of(x);
        int rc = k ? dict_set(memo, k, y) : -1;
        XDECREF(k);
        if (rc < 0) goto fail;
    }
    if (state != NONE) {
        st = deep ? deepcopy(state, memo) : INCREF(state);
        if (!st) goto fail;
        Obj *setstate = NULL;
        if (obj_lookup_attr(y, id_str("__setstate__"), &setstate) < 0) goto fail;
        if (setstate) {
            Obj *r = obj_call(setstate, &st, 1, NULL);
            DECREF(setstate);
            if (!r) goto fail;
            DECREF(r);
        } else {
            Obj *dstate = st, *slotstate = NONE;
            if (TUPLE_CHECK(st) && TUPLE_LEN(st) == 2) {
                dstate = TUPLE_ITEMS(st)[0];
                slotstate = TUPLE_ITEMS(st)[1];
            }
            if (dstate != NONE) {
                Obj *d = obj_getattr(y, id_str("__dict__"));
                Obj *r = d ? obj_call_method(d, "update", &dstate, 1) : NULL;
                XDECREF(d);
                if (!r) goto fail;
                DECREF(r);
            }
            if (slotstate != NONE) {
                Obj *items = obj_call_method(slotstate, "items", NULL, 0);
                Obj *it = items ? obj_getiter(items) : NULL;
                XDECREF(items);
                if (!it) goto fail;
                Obj *kv;
                while ((kv = obj_iternext(it))) {
                    Obj *p = seq_to_tuple(kv);
                    DECREF(kv);
                    int rc = p && TUPLE_LEN(p) == 2 ? obj_setattr(y, TUPLE_ITEMS(p)[0], TUPLE_ITEMS(p)[1]) : -1;
                    XDECREF(p);
                    if (rc < 0) {
                        DECREF(it);
                        goto fail;
                    }
                }
                DECREF(it);
                if (vm_err_occurred()) goto fail;
            }
        }
    }
    if (listiter != NONE) {
        Obj *it = obj_getiter(listiter), *item;
        if (!it) goto fail;
        while ((item = obj_iternext(it))) {
            Obj *v = deep ? deepcopy(item, memo) : INCREF(item);
            DECREF(item);
            Obj *r = v ? obj_call_method(y, "append", &v, 1) : NULL;
            XDECREF(v);
            if (!r) {
                DECREF(it);
                goto fail;
            }
            DECREF(r);
        }
        DECREF(it);
        if (vm_err_occurred()) goto fail;
    }
    if (dictiter != NONE) {
        Obj *it = obj_getiter(dictiter), *kv;
        if (!it) goto fail;
        while ((kv = obj_iternext(it))) {
            Obj *p = seq_to_tuple(kv);
            DECREF(kv);
            if (!p || TUPLE_LEN(p) != 2) {
                if (p) vm_err_format(&exc_ValueError, "not enough values to unpack (expected 2, got %zd)", TUPLE_LEN(p));
                XDECREF(p);
                DECREF(it);
                goto fail;
            }
            Obj *k = deep ? deepcopy(TUPLE_ITEMS(p)[0], memo) : INCREF(TUPLE_ITEMS(p)[0]);
            Obj *v = k ? (deep ? deepcopy(TUPLE_ITEMS(p)[1], memo) : INCREF(TUPLE_ITEMS(p)[1])) : NULL;
            int rc = v ? obj_setitem(y, k, v) : -1;
            XDECREF(k);
            XDECREF(v);
            DECREF(p);
            if (rc < 0) {
                DECREF(it);
                goto fail;
            }
        }
        DECREF(it);
        if (vm_err_occurred()) goto fail;
    }
    goto out;
fail:
    CLEAR(y);
out:
    XDECREF(st);
    DECREF(args);
    DECREF(t);
    leave();
    return y;
}

/* ---- copy ----------------------------------------------------------------------------------- */

static Obj *copy_error(const char *what, Obj *cls)
{
    Obj *msg = str_from_fmt("%s object of type %R", what, cls);
    if (msg) {
        Obj *e = obj_call(error_cls, &msg, 1, NULL);
        DECREF(msg);
        if (e) vm_err_restore(e);
    }
    return NULL;
}

static Obj *shallow(Obj *x)
{
    Obj *cls = (Obj *)OBJ_TYPE(x);
    if (in_types(x, copy_immutable, sizeof copy_immutable / sizeof *copy_immutable)) return INCREF(x);
    if (IS_TYPE(x, list_type) || IS_TYPE(x, dict_type) || IS_TYPE(x, set_type) || IS_TYPE(x, bytearray_type))
        return obj_call_method(x, "copy", NULL, 0);
    if (TYPE_CHECK(x)) return INCREF(x);
    Obj *copier = NULL;
    if (obj_lookup_attr(cls, id_str("__copy__"), &copier) < 0) return NULL;
    if (copier) {
        Obj *r = obj_call(copier, &x, 1, NULL);
        DECREF(copier);
        return r;
    }
    Obj *has = NULL;
    if (obj_lookup_attr(x, id_str("__reduce_ex__"), &has) < 0) return NULL;
    Obj *rv;
    if (has) {
        DECREF(has);
        rv = reduce_ex4(x);
    } else {
        if (obj_lookup_attr(x, id_str("__reduce__"), &has) < 0) return NULL;
        if (!has) return copy_error("un(shallow)copyable", cls);
        rv = obj_call(has, NULL, 0, NULL);
        DECREF(has);
    }
    if (!rv) return NULL;
    if (STR_CHECK(rv)) {
        DECREF(rv);
        return INCREF(x);
    }
    Obj *y = reconstruct(x, NULL, rv);
    DECREF(rv);
    return y;
}

/* ---- deepcopy --------------------------------------------------------------------------------- */

static int keep_alive(Obj *x, Obj *memo)
{
    Obj *k = id_of(memo);
    if (!k) return -1;
    Obj *l = dict_get_borrow(memo, k);
    int rc;
    if (l) {
        Obj *r = obj_call_method(l, "append", &x, 1);
        rc = r ? 0 : -1;
        XDECREF(r);
    } else if (vm_err_occurred()) {
        rc = -1;
    } else {
        Obj *nl = list_from_array(&x, 1);
        rc = nl ? dict_set(memo, k, nl) : -1;
        XDECREF(nl);
    }
    DECREF(k);
    return rc;
}

static Obj *deep_list(Obj *x, Obj *memo)
{
    Obj *y = list_new(0);
    Obj *k = y ? id_of(x) : NULL;
    if (!k || dict_set(memo, k, y) < 0) {
        XDECREF(k);
        XDECREF(y);
        return NULL;
    }
    DECREF(k);
    Obj *it = obj_getiter(x), *a;
    if (!it) {
        DECREF(y);
        return NULL;
    }
    while ((a = obj_iternext(it))) {
        Obj *c = deepcopy(a, memo);
        DECREF(a);
        if (!c || list_append(y, c) < 0) {
            XDECREF(c);
            DECREF(it);
            DECREF(y);
            return NULL;
        }
        DECREF(c);
    }
    DECREF(it);
    if (vm_err_occurred()) CLEAR(y);
    return y;
}

static Obj *deep_tuple(Obj *x, Obj *memo)
{
    Ssize n = TUPLE_LEN(x);
    Obj *y = list_new(0);
    for (Ssize i = 0; y && i < n; i++) {
        Obj *c = deepcopy(TUPLE_ITEMS(x)[i], memo);
        if (!c || list_append(y, c) < 0) CLEAR(y);
        XDECREF(c);
    }
    if (!y) return NULL;
    Obj *k = id_of(x);
    Obj *m = k ? dict_get_borrow(memo, k) : NULL;
    XDECREF(k);
    if (m) {
        DECREF(y);
        return INCREF(m);
    }
    if (vm_err_occurred()) {
        DECREF(y);
        return NULL;
    }
    for (Ssize i = 0; i < n; i++)
        if (TUPLE_ITEMS(x)[i] != LIST_ITEMS(y)[i]) {
            Obj *t = list_as_tuple(y);
            DECREF(y);
            return t;
        }
    DECREF(y);
    return INCREF(x);
}

static Obj *deep_dict(Obj *x, Obj *memo)
{
    Obj *y = dict_new();
    Obj *k = y ? id_of(x) : NULL;
    if (!k || dict_set(memo, k, y) < 0) {
        XDECREF(k);
        XDECREF(y);
        return NULL;
    }
    DECREF(k);
    Obj *items = dict_items_list(x);
    if (!items) {
        DECREF(y);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *kv = LIST_ITEMS(items)[i];
        Obj *ck = deepcopy(TUPLE_ITEMS(kv)[0], memo);
        Obj *cv = ck ? deepcopy(TUPLE_ITEMS(kv)[1], memo) : NULL;
        int rc = cv ? obj_setitem(y, ck, cv) : -1;
        XDECREF(ck);
        XDECREF(cv);
        if (rc < 0) {
            DECREF(items);
            DECREF(y);
            return NULL;
        }
    }
    DECREF(items);
    return y;
}

static Obj *deep_method(Obj *x, Obj *memo)
{
    MethodObj *m = (MethodObj *)x;
    Obj *s = deepcopy(m->self, memo);
    if (!s) return NULL;
    Obj *r = method_new(m->func, s);   /* type(x)(x.__func__, copy of x.__self__) */
    DECREF(s);
    return r;
}

static Obj *deepcopy(Obj *x, Obj *memo)
{
    Obj *d = id_of(x);
    if (!d) return NULL;
    Obj *y = dict_get_borrow(memo, d);
    if (y) {
        DECREF(d);
        return INCREF(y);
    }
    if (vm_err_occurred() || enter() < 0) {
        DECREF(d);
        return NULL;
    }
    Obj *cls = (Obj *)OBJ_TYPE(x);
    bool helper = false;
    if (in_types(x, deep_atomic, sizeof deep_atomic / sizeof *deep_atomic)) {
        y = INCREF(x);
    } else if (IS_TYPE(x, list_type) || IS_TYPE(x, tuple_type) || IS_TYPE(x, dict_type) ||
               IS_TYPE(x, method_type)) {
        /* copy.py's _deepcopy_list/_tuple/_dict/_method: one more frame */
        helper = true;
        if (enter() < 0) {
            y = NULL;
            helper = false;
        } else if (IS_TYPE(x, list_type)) {
            y = deep_list(x, memo);
        } else if (IS_TYPE(x, tuple_type)) {
            y = deep_tuple(x, memo);
        } else if (IS_TYPE(x, dict_type)) {
            y = deep_dict(x, memo);
        } else {
            y = deep_method(x, memo);
        }
    } else if (TYPE_CHECK(x)) {
        y = INCREF(x);
    } else {
        Obj *copier = NULL;
        if (obj_lookup_attr(x, id_str("__deepcopy__"), &copier) < 0) {
            y = NULL;
        } else if (copier) {
            y = obj_call(copier, &memo, 1, NULL);
            DECREF(copier);
        } else {
            Obj *has = NULL;
            Obj *rv = NULL;
            if (obj_lookup_attr(x, id_str("__reduce_ex__"), &has) >= 0) {
                if (has) {
                    DECREF(has);
                    rv = reduce_ex4(x);
                } else if (obj_lookup_attr(x, id_str("__reduce__"), &has) >= 0) {
                    if (has) {
                        rv = obj_call(has, NULL, 0, NULL);
                        DECREF(has);
                    } else {
                        copy_error("un(deep)copyable", cls);
                    }
                }
            }
            if (!rv) {
                y = NULL;
            } else if (STR_CHECK(rv)) {
                y = INCREF(x);
                DECREF(rv);
            } else {
                y = reconstruct(x, memo, rv);
                DECREF(rv);
            }
        }
    }
    if (helper) leave();
    leave();
    if (y && y != x) {
        if (dict_set(memo, d, y) < 0 || keep_alive(x, memo) < 0) CLEAR(y);
    }
    DECREF(d);
    return y;
}

static Obj *c_copy(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"x"};
    Obj *v[1];
    if (mh_bind("copy", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return shallow(v[0]);
}

static Obj *c_deepcopy(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"x", "memo", "_nil"};
    Obj *v[3];
    if (mh_bind("deepcopy", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *memo = v[1] && v[1] != NONE ? INCREF(v[1]) : dict_new();
    if (!memo) return NULL;
    Obj *r;
    if (!DICT_CHECK(memo)) {
        /* a mapping that is not a dict: copy.py would use memo.get/[]; use it through a dict view */
        vm_err_format(&exc_TypeError, "deepcopy() memo must be a dict, not %s", type_name(OBJ_TYPE(memo)));
        r = NULL;
    } else {
        r = deepcopy(v[0], memo);
    }
    DECREF(memo);
    return r;
}

/* ---- the module ----------------------------------------------------------------------------- */

static const MethodDef copy_methods[] = {
    {"copy", c_copy, METH_FAST, "Shallow copy operation on arbitrary Python objects.\n\n    See the module's __doc__ string for more info.\n    "},
    {"deepcopy", c_deepcopy, METH_FAST, "Deep copy operation on arbitrary Python objects.\n\n    See the module's __doc__ string for more info.\n    "},
    {NULL, NULL, 0, NULL},
};

static Obj *copy_init(void)
{
    if (!error_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        error_cls = bases ? mh_class("copy", "Error", bases, NULL, NULL, NULL) : NULL;
        XDECREF(bases);
        newobj_fn = builtin_new(&newobj_def, NULL, NULL);
        newobj_ex_fn = builtin_new(&newobj_ex_def, NULL, NULL);
        if (!error_cls || !newobj_fn || !newobj_ex_fn) return NULL;
    }
    Obj *m = mh_module("copy", copy_methods);
    if (!m) return NULL;
    static const char *const all[] = {"Error", "copy", "deepcopy"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < 3; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0 || mh_add_obj(m, "Error", error_cls) < 0 ||
        mh_add_obj(m, "error", error_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_copy_register(void) { import_register_native("copy", copy_init); }

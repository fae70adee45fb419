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
 * is the core's (src/obj/reduce.c).  Each nested deepcopy level counts
 * against the recursion limit like copy.py's frames do.
 * copyreg.dispatch_table is not consulted.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"

static Obj *error_cls;

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
    /* copy.py's frames are Python frames; ours are C frames, which a
     * recursion limit raised with sys.setrecursionlimit does not protect */
    if (vm->depth >= vm->recursion_limit || vm_c_stack_low()) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return -1;
    }
    vm->depth++;
    return 0;
}
static void leave(void) { vm->depth--; }

/* ---- the reduce protocol ---------------------------------------------------------------------- */

/* getattr(x, "__reduce_ex__")(4); object's own is the core's (reduce.c) */
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
    return obj_reduce_ex(x, 4);
}

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
        if (!error_cls) return NULL;
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

void native_copy_register(void)
{
    import_register_native("copy", copy_init);
    vm_static_roots(&error_cls, 1);
}

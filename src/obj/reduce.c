/* reduce.c — the pickle protocol's core: object.__reduce_ex__(protocol),
 * object.__reduce__() and object.__getstate__(), with the pieces of the
 * copyreg module they lean on (__newobj__, __newobj_ex__, _reconstructor,
 * _reduce_ex, _slotnames); src/native/mod_copyreg.c exposes them as the
 * module, copy.copy/deepcopy (mod_copy.c) reduce through them.
 *
 * Behaviour is 3.12's typeobject.c and copyreg.py:
 *  - __reduce_ex__ calls an overriding __reduce__ when the class has one,
 *    else protocol >= 2 gives (copyreg.__newobj__, (cls, *args), state,
 *    listitems, dictitems) from __getnewargs_ex__/__getnewargs__ and the
 *    state (__getstate__), and protocols 0 and 1 go through
 *    copyreg._reduce_ex: (copyreg._reconstructor, (cls, base, base(obj)),
 *    state) with base the first builtin class of the MRO;
 *  - the default state is the instance __dict__ itself (None when empty),
 *    paired with a dict of the __slots__ values that are set, and objects
 *    with C-level state refuse ("cannot pickle 'X' object").
 * The functions copyreg defines in Python are builtins here; their names
 * and __module__ are copyreg's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/obj/objimpl.h"

/* type(o) (its MRO) defines NAME, not only object */
static bool overrides(Obj *o, const char *name)
{
    Obj *mine = type_lookup(OBJ_TYPE(o), id_str(name));
    Obj *base = type_lookup(&object_type, id_str(name));
    return mine && mine != base;
}

/* ---- copyreg._slotnames ------------------------------------------------------------------ */

Obj *type_slotnames(TypeObj *cls)
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

/* ---- object.__getstate__ ------------------------------------------------------------------- */

/* object_getstate_default: `required` refuses objects with C-level state
 * (what their dict and slots cannot rebuild). */
static Obj *default_state(Obj *x, bool required)
{
    TypeObj *t = OBJ_TYPE(x);
    if (required && t->itemsize) {
        vm_err_format(&exc_TypeError, "cannot pickle %s objects", t->name);
        return NULL;
    }
    Obj **dp = obj_dict_ptr(x);
    Obj *state = dp && *dp && dict_len(*dp) > 0 ? INCREF(*dp) : INCREF(NONE);
    Obj *names = type_slotnames(t);
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

Obj *object_getstate_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return default_state(self, false);
}

/* ---- copyreg.__newobj__, __newobj_ex__, _reconstructor ------------------------------------------ */

static Obj *newobj(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)kw;
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
    (void)self;
    (void)kw;
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

/* _reconstructor(cls, base, state) */
static Obj *reconstructor(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (kw && TUPLE_LEN(kw)) {
        args_err_unexpected_kw("_reconstructor", TUPLE_ITEMS(kw)[0]);
        return NULL;
    }
    if (nargs != 3) {
        if (nargs > 3) {
            args_err_too_many_positional("_reconstructor", 3, 3, nargs, 0);
        } else {
            static const char *const names[] = {"cls", "base", "state"};
            Obj *miss[3];
            Ssize m = 0;
            for (Ssize i = nargs; i < 3; i++) miss[m++] = str_from_cstr(names[i]);
            args_err_missing("_reconstructor", miss, m, false);
            for (Ssize i = 0; i < m; i++) XDECREF(miss[i]);
        }
        return NULL;
    }
    Obj *cls = args[0], *base = args[1], *state = args[2];
    if (base == (Obj *)&object_type) {
        Obj *nw = obj_getattr((Obj *)&object_type, id_str("__new__"));
        Obj *r = nw ? obj_call(nw, &cls, 1, NULL) : NULL;
        XDECREF(nw);
        return r;
    }
    Obj *nw = obj_getattr(base, id_str("__new__"));
    Obj *a[2] = {cls, state};
    Obj *o = nw ? obj_call(nw, a, 2, NULL) : NULL;
    XDECREF(nw);
    if (!o) return NULL;
    Obj *bi = obj_getattr(base, id_str("__init__"));
    Obj *oi = bi ? obj_getattr((Obj *)&object_type, id_str("__init__")) : NULL;
    int ne = oi ? obj_richcompare_bool(bi, oi, CMP_NE) : -1;
    XDECREF(oi);
    if (ne > 0) {
        Obj *b[2] = {o, state};
        Obj *r = obj_call(bi, b, 2, NULL);
        if (r) DECREF(r);
        else ne = -1;
    }
    XDECREF(bi);
    if (ne < 0) CLEAR(o);
    return o;
}

static const MethodDef copyreg_defs[] = {
    {"__newobj__", newobj, METH_FAST, NULL},
    {"__newobj_ex__", newobj_ex, METH_FAST, "Used by pickle protocol 4, instead of __newobj__ to allow classes with\n    keyword-only arguments to be pickled correctly.\n    "},
    {"_reconstructor", reconstructor, METH_FAST, NULL},
};
static Obj *copyreg_objs[3];

Obj *copyreg_function_borrow(const char *name)
{
    for (size_t i = 0; i < sizeof copyreg_defs / sizeof copyreg_defs[0]; i++) {
        if (strcmp(copyreg_defs[i].name, name) != 0) continue;
        if (!copyreg_objs[i]) {
            Obj *mod = str_from_cstr("copyreg");
            copyreg_objs[i] = mod ? builtin_new(&copyreg_defs[i], NULL, mod) : NULL;
            XDECREF(mod);
        }
        return copyreg_objs[i];
    }
    vm_err_format(&exc_AttributeError, "module 'copyreg' has no attribute '%s'", name);
    return NULL;
}

/* ---- protocol >= 2: reduce_newobj ------------------------------------------------------------ */

static Obj *reduce_newobj(Obj *x)
{
    TypeObj *t = OBJ_TYPE(x);
    if (!t->new_) {
        vm_err_format(&exc_TypeError, "cannot pickle '%s' object", t->name);
        return NULL;
    }
    Obj *args = NULL, *kwargs = NULL;
    int found;
    Obj *r = call_special(x, "__getnewargs_ex__", NULL, 0, &found);
    if (found) {
        if (!r) return NULL;
        if (!TUPLE_CHECK(r)) {
            vm_err_format(&exc_TypeError, "__getnewargs_ex__ should return a tuple, not '%s'",
                          type_name(OBJ_TYPE(r)));
            DECREF(r);
            return NULL;
        }
        if (TUPLE_LEN(r) != 2) {
            vm_err_format(&exc_ValueError, "__getnewargs_ex__ should return a tuple of length 2, not %zd",
                          TUPLE_LEN(r));
            DECREF(r);
            return NULL;
        }
        args = INCREF(TUPLE_ITEMS(r)[0]);
        kwargs = INCREF(TUPLE_ITEMS(r)[1]);
        DECREF(r);
        if (!TUPLE_CHECK(args)) {
            vm_err_format(&exc_TypeError, "first item of the tuple returned by __getnewargs_ex__ must "
                          "be a tuple, not '%s'", type_name(OBJ_TYPE(args)));
            goto fail;
        }
        if (!DICT_CHECK(kwargs)) {
            vm_err_format(&exc_TypeError, "second item of the tuple returned by __getnewargs_ex__ must "
                          "be a dict, not '%s'", type_name(OBJ_TYPE(kwargs)));
            goto fail;
        }
    } else {
        if (vm_err_occurred()) return NULL;
        r = call_special(x, "__getnewargs__", NULL, 0, &found);
        if (found) {
            if (!r) return NULL;
            if (!TUPLE_CHECK(r)) {
                vm_err_format(&exc_TypeError, "__getnewargs__ should return a tuple, not '%s'",
                              type_name(OBJ_TYPE(r)));
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
        func = copyreg_function_borrow("__newobj__");
        Ssize n = args ? TUPLE_LEN(args) : 0;
        newargs = func ? tuple_new(n + 1) : NULL;
        if (!newargs) goto fail;
        TUPLE_ITEMS(newargs)[0] = INCREF(t);
        for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(newargs)[i + 1] = INCREF(TUPLE_ITEMS(args)[i]);
    } else {
        func = copyreg_function_borrow("__newobj_ex__");
        newargs = func ? tuple_pack(3, (Obj *)t, args, kwargs) : NULL;
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

/* ---- protocols 0 and 1: copyreg._reduce_ex ---------------------------------------------------- */

Obj *copyreg_reduce_ex(Obj *self, int proto)
{
    Obj *cls = obj_getattr(self, id_str("__class__"));
    if (!cls) return NULL;
    if (!TYPE_CHECK(cls)) {
        DECREF(cls);
        vm_err_set_str(&exc_TypeError, "__class__ is not a type");
        return NULL;
    }
    TypeObj *base = &object_type;
    Obj *mro = ((TypeObj *)cls)->mro;
    for (Ssize i = 0; mro && i < TUPLE_LEN(mro); i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        if (!(b->flags & TPF_HEAPTYPE)) {
            base = b;
            break;
        }
    }
    Obj *state;
    if (base == &object_type) {
        state = INCREF(NONE);
    } else {
        if ((Obj *)base == cls) {
            vm_err_format(&exc_TypeError, "cannot pickle '%s' object", type_name(base));
            DECREF(cls);
            return NULL;
        }
        state = obj_call((Obj *)base, &self, 1, NULL);
        if (!state) {
            DECREF(cls);
            return NULL;
        }
    }
    Obj *args = tuple_pack(3, cls, (Obj *)base, state);
    DECREF(state);
    Obj *dict = NULL, *res = NULL;
    if (!args) goto out;
    if (!overrides(self, "__getstate__")) {
        Obj *sl = NULL;
        if (obj_lookup_attr(self, id_str("__slots__"), &sl) < 0) goto out;
        int t = sl ? obj_is_true(sl) : 0;
        XDECREF(sl);
        if (t < 0) goto out;
        if (t) {
            vm_err_set_str(&exc_TypeError, "a class that defines __slots__ without defining "
                           "__getstate__ cannot be pickled");
            goto out;
        }
    }
    dict = obj_call_method(self, "__getstate__", NULL, 0);
    if (!dict) goto out;
    int t = obj_is_true(dict);
    if (t < 0) goto out;
    Obj *rc = copyreg_function_borrow("_reconstructor");
    if (!rc) goto out;
    res = t ? tuple_pack(3, rc, args, dict) : tuple_pack(2, rc, args);
out:
    (void)proto;
    XDECREF(dict);
    XDECREF(args);
    DECREF(cls);
    return res;
}

/* ---- object.__reduce_ex__ / __reduce__ ---------------------------------------------------------- */

static Obj *common_reduce(Obj *self, int proto)
{
    if (proto >= 2) return reduce_newobj(self);
    return copyreg_reduce_ex(self, proto);
}

Obj *obj_reduce_ex(Obj *self, int protocol)
{
    if (overrides(self, "__reduce__")) return obj_call_method(self, "__reduce__", NULL, 0);
    return common_reduce(self, protocol);
}

Obj *object_reduce_ex_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (args_no_kw("object.__reduce_ex__", kw) < 0) return NULL;
    if (n != 1) {
        vm_err_format(&exc_TypeError, "object.__reduce_ex__() takes exactly one argument (%zd given)", n);
        return NULL;
    }
    Obj *i = num_index(a[0]);
    if (!i) return NULL;
    int64_t v;
    int rc = int_as_i64(i, &v);
    DECREF(i);
    if (rc < 0 || v > INT32_MAX || v < INT32_MIN) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    return obj_reduce_ex(self, (int)v);
}

Obj *object_reduce_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return common_reduce(self, 0);
}

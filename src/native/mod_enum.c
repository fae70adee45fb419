/* mod_enum.c — the `enum` module of CPython 3.12 (core of it): EnumType,
 * Enum, ReprEnum, IntEnum, StrEnum, Flag, IntFlag, auto, unique.
 *
 * EnumType.__new__ takes the class namespace, removes the member
 * candidates (names that are not _sunder_/__dunder__ and values that are
 * not descriptors), makes the class, then the members in definition order:
 * auto() values come from _generate_next_value_, equal values become
 * aliases, a mixin type (int, str) builds the member with its __new__ and a
 * user __init__ receives the value's items.  The class keeps CPython's
 * _member_names_, _member_map_ and _value2member_map_.  Flag values that
 * are not members become cached pseudo-members named "R|W" (members in
 * definition order), 0 has no name.
 */
#include "config.h"

#include <string.h>

#include "src/native/modutil.h"
#include "src/native/tbframes_gen.h"

static Obj *enumtype_cls, *enum_cls, *reprenum_cls, *intenum_cls, *strenum_cls, *flag_cls,
    *intflag_cls, *auto_cls;

static Obj *ga(Obj *o, const char *name) { return obj_getattr_str(o, name); }

static bool is_flag_class(Obj *cls)
{
    return flag_cls && TYPE_CHECK(cls) && type_is_subtype((TypeObj *)cls, (TypeObj *)flag_cls);
}

/* The class's own dict entry (no inheritance). */
static Obj *own(Obj *cls, const char *name) { return dict_get_str_borrow(((TypeObj *)cls)->dict, name); }

static bool is_dunder_or_sunder(Obj *name)
{
    Ssize n;
    const char *s = str_utf8_lossy(name, &n);
    if (n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_') return true;
    if (n > 2 && s[0] == '_' && s[n - 1] == '_' && s[1] != '_' && s[n - 2] != '_') return true;
    return false;
}

static bool is_descriptor(Obj *v)
{
    TypeObj *t = OBJ_TYPE(v);
    return t->descr_get || t->descr_set || type_lookup(t, id_str("__get__")) ||
           type_lookup(t, id_str("__set__")) || type_lookup(t, id_str("__delete__"));
}

/* The data type mixed in (int, str …) or object. */
static TypeObj *member_type_of(Obj *cls)
{
    Obj *mro = ((TypeObj *)cls)->mro;
    for (Ssize i = 1; i < TUPLE_LEN(mro); i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        if (b == &object_type) continue;
        if (OBJ_TYPE(b) == (TypeObj *)enumtype_cls || type_is_subtype(OBJ_TYPE(b), (TypeObj *)enumtype_cls)) continue;
        if (!(b->flags & TPF_HEAPTYPE)) return b;
    }
    return &object_type;
}

static int set_class_attr(Obj *cls, Obj *name, Obj *v)
{
    TypeObj *t = (TypeObj *)cls;
    if (dict_set(t->dict, name, v) < 0) return -1;
    type_modified(t);
    return 0;
}

/* ---- EnumType ------------------------------------------------------------------------ */

/* As EnumType does: __repr__/__str__/__format__/__reduce_ex__ that would
 * come from the data type or object come from the first enum base. */
static int fix_methods(Obj *cls)
{
    Obj *mro = ((TypeObj *)cls)->mro;
    TypeObj *first_enum = NULL;
    for (Ssize i = 1; i < TUPLE_LEN(mro); i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        if (type_is_subtype(OBJ_TYPE(b), (TypeObj *)enumtype_cls)) {
            first_enum = b;
            break;
        }
    }
    if (!first_enum) return 0;
    TypeObj *mt = member_type_of(cls);
    static const char *const names[] = {"__repr__", "__str__", "__format__", "__reduce_ex__"};
    for (int i = 0; i < 4; i++) {
        if (own(cls, names[i])) continue;
        Obj *key = id_str(names[i]);
        Obj *enum_m = type_lookup(first_enum, key), *found = type_lookup((TypeObj *)cls, key);
        Obj *obj_m = type_lookup(&object_type, key), *data_m = type_lookup(mt, key);
        if (enum_m && (found == obj_m || found == data_m) && mu_type_set((TypeObj *)cls, names[i], INCREF(enum_m)) < 0)
            return -1;
    }
    return 0;
}

static Obj *make_member(Obj *cls, TypeObj *mt, Obj *name, Obj *value)
{
    Obj *args = TUPLE_CHECK(value) ? INCREF(value) : tuple_pack(1, value);
    if (!args) return NULL;
    Obj *m;
    if (mt == &object_type) m = object_type.new_((TypeObj *)cls, NULL, 0, NULL);
    else m = mt->new_((TypeObj *)cls, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL);
    if (!m) {
        DECREF(args);
        return NULL;
    }
    Obj *val = NULL;
    if (mt == &object_type) val = INCREF(value);
    else val = obj_call((Obj *)mt, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL);
    int rc = val ? obj_setattr(m, id_str("_value_"), val) : -1;
    if (rc == 0) rc = obj_setattr(m, id_str("_name_"), name);
    XDECREF(val);
    if (rc == 0) {
        /* a user __init__ gets the value's items */
        Obj *init = type_lookup((TypeObj *)cls, id_str("__init__"));
        Obj *base_init = own(enum_cls, "__init__");
        if (init && init != base_init && init != type_lookup(&object_type, id_str("__init__")) &&
            init != type_lookup(mt, id_str("__init__"))) {
            Obj *r = obj_call_method(m, "__init__", TUPLE_ITEMS(args), TUPLE_LEN(args));
            if (!r) rc = -1;
            XDECREF(r);
        }
    }
    DECREF(args);
    if (rc < 0) CLEAR(m);
    return m;
}

static Obj *v2m_get(Obj *cls, Obj *value)
{
    Obj *v2m = own(cls, "_value2member_map_");
    if (!v2m) return NULL;
    Obj *m = dict_get_borrow(v2m, value);
    if (m) return INCREF(m);
    if (vm_err_occurred()) {
        if (!vm_err_matches(&exc_TypeError)) return NULL;
        vm_err_clear();
    }
    /* unhashable values: compare with every member */
    Obj *map = own(cls, "_member_map_");
    Ssize pos = 0;
    Obj *k, *mem;
    while (map && dict_next(map, &pos, &k, &mem)) {
        Obj *mv = ga(mem, "_value_");
        int eq = mv ? obj_richcompare_bool(mv, value, CMP_EQ) : -1;
        XDECREF(mv);
        if (eq < 0) return NULL;
        if (eq) return INCREF(mem);
    }
    return NULL;
}

static int add_member(Obj *cls, Obj *name, Obj *member, bool canonical)
{
    Obj *names = own(cls, "_member_names_"), *map = own(cls, "_member_map_"), *v2m = own(cls, "_value2member_map_");
    if (canonical && list_append(names, name) < 0) return -1;
    if (dict_set(map, name, member) < 0) return -1;
    Obj *v = ga(member, "_value_");
    if (!v) return -1;
    int rc = dict_set(v2m, v, member);
    DECREF(v);
    if (rc < 0) {
        if (!vm_err_matches(&exc_TypeError)) return -1;
        vm_err_clear();
    }
    return set_class_attr(cls, name, member);
}

static bool single_bit(Obj *v)
{
    int64_t x;
    if (!INT_CHECK(v) || int_as_i64(v, &x) < 0) {
        vm_err_clear();
        return false;
    }
    return x > 0 && (x & (x - 1)) == 0;
}

static Obj *et_new(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs < 4) {
        vm_err_set_str(&exc_TypeError, "EnumType.__new__() missing required arguments");
        return NULL;
    }
    Obj *mcls = args[0], *name = args[1], *bases = args[2], *ns = args[3];
    if (!DICT_CHECK(ns)) {
        vm_err_set_str(&exc_TypeError, "EnumType.__new__() argument 4 must be dict");
        return NULL;
    }
    Obj *ns2 = dict_copy(ns);
    Obj *members = list_new(0);   /* (name, value) pairs */
    if (!ns2 || !members) goto fail0;
    {
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(ns, &pos, &k, &v)) {
            if (!STR_CHECK(k) || is_dunder_or_sunder(k) || is_descriptor(v)) continue;
            Ssize n;
            const char *s = str_utf8_lossy(k, &n);
            if (n > 1 && s[0] == '_' && s[1] == '_') continue;   /* private names */
            Obj *t = tuple_pack(2, k, v);
            if (!t || list_append(members, t) < 0) { XDECREF(t); goto fail0; }
            DECREF(t);
            if (dict_del(ns2, k) < 0) goto fail0;
        }
    }
    Obj *mn = list_new(0), *mm = dict_new(), *vm_ = dict_new();
    int rc = mn && mm && vm_ ? 0 : -1;
    if (rc == 0) rc = dict_set_str(ns2, "_member_names_", mn);
    if (rc == 0) rc = dict_set_str(ns2, "_member_map_", mm);
    if (rc == 0) rc = dict_set_str(ns2, "_value2member_map_", vm_);
    XDECREF(mn);
    XDECREF(mm);
    XDECREF(vm_);
    if (rc < 0) goto fail0;
    Obj *kw = kwnames && TUPLE_LEN(kwnames) ? NULL : NULL;
    (void)kw;
    Obj *cls = type_new_class((TypeObj *)mcls, name, bases, ns2, NULL);
    DECREF(ns2);
    ns2 = NULL;
    if (!cls) goto fail0;
    if (fix_methods(cls) < 0) {
        DECREF(cls);
        goto fail0;
    }
    if (LIST_LEN(members) > 0) {
        TypeObj *mt = member_type_of(cls);
        bool flag = is_flag_class(cls);
        Obj *last = list_new(0);
        int64_t mask = 0;
        for (Ssize i = 0; last && i < LIST_LEN(members); i++) {
            Obj *mname = TUPLE_ITEMS(LIST_ITEMS(members)[i])[0];
            Obj *value = INCREF(TUPLE_ITEMS(LIST_ITEMS(members)[i])[1]);
            if (auto_cls && type_is_subtype(OBJ_TYPE(value), (TypeObj *)auto_cls)) {
                Obj *start = int_from_i64(1), *count = int_from_i64(LIST_LEN(own(cls, "_member_names_")));
                Obj *a[4] = {mname, start, count, last};
                Obj *gen = ga(cls, "_generate_next_value_");
                Obj *nv = gen && start && count ? obj_call(gen, a, 4, NULL) : NULL;
                XDECREF(gen);
                XDECREF(start);
                XDECREF(count);
                DECREF(value);
                if (!nv) { CLEAR(last); break; }
                value = nv;
            }
            Obj *existing = v2m_get(cls, value);
            if (!existing && vm_err_occurred()) { DECREF(value); CLEAR(last); break; }
            if (existing) {
                rc = add_member(cls, mname, existing, false);
                DECREF(existing);
            } else {
                Obj *m = make_member(cls, mt, mname, value);
                bool canonical = !flag || single_bit(value) || (INT_CHECK(value) && int_sign(value) == 0);
                if (flag && INT_CHECK(value)) {
                    int64_t x;
                    if (int_as_i64(value, &x) == 0) mask |= x;
                    else vm_err_clear();
                }
                rc = m ? add_member(cls, mname, m, canonical) : -1;
                XDECREF(m);
            }
            if (rc == 0) rc = list_append(last, value);
            DECREF(value);
            if (rc < 0) CLEAR(last);
        }
        if (!last) {
            DECREF(cls);
            goto fail0;
        }
        DECREF(last);
        if (flag) {
            Obj *mk = int_from_i64(mask);
            if (!mk || set_class_attr(cls, id_str("_flag_mask_"), mk) < 0) {
                XDECREF(mk);
                DECREF(cls);
                goto fail0;
            }
            DECREF(mk);
        }
    }
    DECREF(members);
    return cls;
fail0:
    XDECREF(ns2);
    XDECREF(members);
    return NULL;
}

/* Flag pseudo-member for an int value. */
static Obj *flag_pseudo(Obj *cls, Obj *value)
{
    int64_t v;
    if (!INT_CHECK(value) || int_as_i64(value, &v) < 0) {
        vm_err_clear();
        return NULL;
    }
    Obj *names = own(cls, "_member_names_"), *map = own(cls, "_member_map_");
    SBuf b = SBUF_INIT;
    int64_t covered = 0;
    for (Ssize i = 0; names && i < LIST_LEN(names); i++) {
        Obj *m = dict_get_borrow(map, LIST_ITEMS(names)[i]);
        Obj *mv = m ? ga(m, "_value_") : NULL;
        int64_t x;
        if (mv && int_as_i64(mv, &x) == 0 && x && (v & x) == x) {
            Ssize n;
            const char *u = str_utf8_lossy(LIST_ITEMS(names)[i], &n);
            if (b.len) sbuf_putc(&b, '|');
            sbuf_put(&b, u, (size_t)n);
            covered |= x;
        }
        XDECREF(mv);
        vm_err_clear();
    }
    TypeObj *mt = member_type_of(cls);
    Obj *m = mt == &object_type ? object_type.new_((TypeObj *)cls, NULL, 0, NULL)
                                : mt->new_((TypeObj *)cls, &value, 1, NULL);
    if (m) {
        Obj *nm = b.len ? str_from_utf8(sbuf_cstr(&b), (Ssize)b.len) : INCREF(NONE);
        if (!nm || obj_setattr(m, id_str("_value_"), value) < 0 || obj_setattr(m, id_str("_name_"), nm) < 0)
            CLEAR(m);
        XDECREF(nm);
        Obj *v2m = own(cls, "_value2member_map_");
        if (m && v2m && dict_set(v2m, value, m) < 0) CLEAR(m);
    }
    sbuf_free(&b);
    (void)covered;
    return m;
}

/* ValueError("<value> is not a valid <qualname>"), raised: NULL. */
static Obj *not_valid(Obj *cls, Obj *value)
{
    Obj *qn = ga(cls, "__qualname__");
    if (qn) vm_err_format(&exc_ValueError, "%R is not a valid %S", value, qn);
    XDECREF(qn);
    return NULL;
}

/* The pending exception came out of _missing_ in Enum.__new__, which
 * re-raises it (enum.py's frames, tbframes_gen.h); one that is not a
 * ValueError gets the ValueError as its __context__. */
static Obj *missing_failed(Obj *cls, Obj *value)
{
    tbframe_push(&tbgen_enum, TBG_ENUM_NEW_MISSING);
    tbframe_push(&tbgen_enum, TBG_ENUM_NEW_RAISE_EXC);
    if (vm_err_matches(&exc_ValueError)) return NULL;
    Obj *exc = vm_err_fetch();
    not_valid(cls, value);
    Obj *ve = vm_err_fetch();
    if (ve && EXC_CHECK(exc)) obj_setref(&((ExcObj *)exc)->context, ve);
    else XDECREF(ve);
    vm_err_restore(exc);
    return NULL;
}

/* Enum.__new__(cls, value): the member for `value`. */
static Obj *enum_lookup(Obj *cls, Obj *value)
{
    if (type_is_subtype(OBJ_TYPE(value), (TypeObj *)cls)) return INCREF(value);
    Obj *m = v2m_get(cls, value);
    if (m || vm_err_occurred()) return m;
    if (is_flag_class(cls)) {
        m = flag_pseudo(cls, value);
        if (m) return m;
        if (vm_err_occurred()) {
            tbframe_push(&tbgen_enum, TBG_ENUM_FLAG_MISSING);
            return missing_failed(cls, value);
        }
    }
    Obj *missing = ga(cls, "_missing_");
    Obj *r = missing ? obj_call(missing, &value, 1, NULL) : NULL;
    XDECREF(missing);
    if (!r) return missing_failed(cls, value);
    if (r != NONE) return r;
    DECREF(r);
    not_valid(cls, value);
    return tbframe_fail(&tbgen_enum, TBG_ENUM_NEW_RAISE);
}

static Obj *functional(Obj *cls, Obj *clsname, Obj *names)
{
    Obj *ns = dict_new();
    Obj *list = NULL;
    if (!ns) return NULL;
    if (STR_CHECK(names)) {
        Obj *c = str_from_cstr(","), *sp = str_from_cstr(" ");
        Obj *r = c && sp ? obj_call_method(names, "replace", (Obj *[]){c, sp}, 2) : NULL;
        XDECREF(c);
        XDECREF(sp);
        list = r ? obj_call_method(r, "split", NULL, 0) : NULL;
        XDECREF(r);
    } else if (DICT_CHECK(names)) {
        list = dict_items_list(names);
    } else {
        list = seq_to_list(names);
    }
    if (!list) goto fail;
    for (Ssize i = 0; i < LIST_LEN(list); i++) {
        Obj *it = LIST_ITEMS(list)[i];
        Obj *k, *v;
        if (STR_CHECK(it)) {
            k = INCREF(it);
            v = obj_call(auto_cls, NULL, 0, NULL);
        } else {
            Obj *t = seq_to_tuple(it);
            if (!t) goto fail;
            if (TUPLE_LEN(t) != 2) {
                DECREF(t);
                vm_err_set_str(&exc_ValueError, "not enough values to unpack");
                goto fail;
            }
            k = INCREF(TUPLE_ITEMS(t)[0]);
            v = INCREF(TUPLE_ITEMS(t)[1]);
            DECREF(t);
        }
        int rc = v ? dict_set(ns, k, v) : -1;
        DECREF(k);
        XDECREF(v);
        if (rc < 0) goto fail;
    }
    if (vm->frame && vm->frame->globals) {
        Obj *mn = dict_get_str_borrow(vm->frame->globals, "__name__");
        if (mn && dict_set_str(ns, "__module__", mn) < 0) goto fail;
    }
    if (dict_set_str(ns, "__qualname__", clsname) < 0) goto fail;
    Obj *bases = tuple_pack(1, cls);
    Obj *a[4] = {(Obj *)OBJ_TYPE(cls), clsname, bases, ns};
    Obj *r = bases ? et_new(NULL, a, 4, NULL) : NULL;
    XDECREF(bases);
    DECREF(list);
    DECREF(ns);
    return r;
fail:
    XDECREF(list);
    DECREF(ns);
    return NULL;
}

static Obj *et_call(Obj *cls, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *names = nargs > 1 ? args[1] : mu_kwarg(args, nargs, kwnames, "names");
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "EnumType.__call__() missing 1 required positional argument: 'value'");
        return NULL;
    }
    if (names && names != NONE) return functional(cls, args[0], names);
    Obj *r = enum_lookup(cls, args[0]);
    return r ? r : tbframe_fail(&tbgen_enum, TBG_ENUM_CALL_NEW);
}

static Obj *et_call_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return et_call(self, args, nargs, kwnames);
}

static Obj *members_list(Obj *cls)
{
    Obj *names = own(cls, "_member_names_"), *map = own(cls, "_member_map_");
    if (!names) {
        Obj *n2 = ga(cls, "_member_names_"), *m2 = n2 ? ga(cls, "_member_map_") : NULL;
        Obj *l = list_new(0);
        for (Ssize i = 0; l && m2 && LIST_CHECK(n2) && i < LIST_LEN(n2); i++) {
            Obj *m = dict_get_borrow(m2, LIST_ITEMS(n2)[i]);
            if (!m || list_append(l, m) < 0) CLEAR(l);
        }
        XDECREF(n2);
        XDECREF(m2);
        return l;
    }
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < LIST_LEN(names); i++) {
        Obj *m = dict_get_borrow(map, LIST_ITEMS(names)[i]);
        if (!m || list_append(l, m) < 0) CLEAR(l);
    }
    return l;
}

static Obj *et_iter(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *l = members_list(self);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *et_reversed(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *l = members_list(self);
    if (!l) return NULL;
    list_reverse(l);
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *et_len(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *l = members_list(self);
    if (!l) return NULL;
    Obj *r = int_from_i64(LIST_LEN(l));
    DECREF(l);
    return r;
}

static Obj *et_bool(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)self; (void)a; (void)n; (void)k;
    return bool_from(true);
}

static Obj *et_contains(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    if (type_is_subtype(OBJ_TYPE(args[0]), (TypeObj *)self)) return bool_from(true);
    Obj *m = v2m_get(self, args[0]);
    if (!m && vm_err_occurred()) return NULL;
    XDECREF(m);
    return bool_from(m != NULL);
}

static Obj *et_getitem(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    Obj *map = ga(self, "_member_map_");
    if (!map) return NULL;
    Obj *r = obj_getitem(map, args[0]);
    DECREF(map);
    return r ? r : tbframe_fail(&tbgen_enum, TBG_ENUM_GETITEM);
}

static Obj *et_repr(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *nm = ga(self, "__name__");
    if (!nm) return NULL;
    Obj *r = str_from_fmt(is_flag_class(self) ? "<flag %R>" : "<enum %R>", nm);
    DECREF(nm);
    return r;
}

static Obj *et_setattr(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)k;
    Obj *map = TYPE_CHECK(self) ? own(self, "_member_map_") : NULL;
    if (map && dict_get_borrow(map, args[0])) {
        vm_err_format(&exc_AttributeError, n > 1 ? "cannot reassign member %R" : "cannot delete member %R", args[0]);
        return NULL;
    }
    int rc = type_type.setattro(self, args[0], n > 1 ? args[1] : NULL);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *et_members(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    Obj *cls = self ? self : args[0];
    Obj *map = ga(cls, "_member_map_");
    if (!map) return NULL;
    Obj *r = mappingproxy_new(map);
    DECREF(map);
    return r;
}
static const MethodDef et_members_def = {"__members__", et_members, METH_O, NULL};

static const MethodDef enumtype_methods[] = {
    {"__new__", et_new, METH_FAST | METH_STATIC, NULL},
    {"__call__", et_call_m, METH_FAST, NULL},
    {"__iter__", et_iter, METH_NOARGS, NULL},
    {"__reversed__", et_reversed, METH_NOARGS, NULL},
    {"__len__", et_len, METH_NOARGS, NULL},
    {"__bool__", et_bool, METH_NOARGS, NULL},
    {"__contains__", et_contains, METH_O, NULL},
    {"__getitem__", et_getitem, METH_O, NULL},
    {"__repr__", et_repr, METH_NOARGS, NULL},
    {"__setattr__", et_setattr, METH_FAST, NULL},
    {"__delattr__", et_setattr, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Enum ------------------------------------------------------------------------------------ */

static Obj *e_repr(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *cn = ga((Obj *)OBJ_TYPE(self), "__name__");
    Obj *nm = cn ? ga(self, "_name_") : NULL;
    Obj *v = nm ? ga(self, "_value_") : NULL;
    Obj *vr = v ? obj_repr(v) : NULL;
    Obj *r = NULL;
    if (vr) r = nm == NONE ? str_from_fmt("<%S: %S>", cn, vr) : str_from_fmt("<%S.%S: %S>", cn, nm, vr);
    XDECREF(cn);
    XDECREF(nm);
    XDECREF(v);
    XDECREF(vr);
    return r;
}

static Obj *e_str(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *cn = ga((Obj *)OBJ_TYPE(self), "__name__");
    Obj *nm = cn ? ga(self, "_name_") : NULL;
    Obj *r = NULL;
    if (nm && nm == NONE) {
        Obj *v = ga(self, "_value_");
        r = v ? str_from_fmt("%S(%R)", cn, v) : NULL;
        XDECREF(v);
    } else if (nm) {
        r = str_from_fmt("%S.%S", cn, nm);
    }
    XDECREF(cn);
    XDECREF(nm);
    return r;
}

static Obj *e_format(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    Obj *s = obj_str(self);
    if (!s) return NULL;
    Obj *r = obj_format(s, args[0]);
    DECREF(s);
    return r;
}

static Obj *e_hash(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *nm = ga(self, "_name_");
    if (!nm) return NULL;
    Hash h = obj_hash(nm);
    DECREF(nm);
    return h == -1 ? NULL : int_from_i64(h);
}

static Obj *e_init(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)self; (void)a; (void)n; (void)k;
    return INCREF(NONE);
}

static Obj *e_gnv(Obj *self, Obj *const *args, Ssize nargs, Obj *k)
{
    (void)self; (void)k;
    if (nargs != 4) {
        vm_err_set_str(&exc_TypeError, "_generate_next_value_() takes 4 arguments");
        return NULL;
    }
    Obj *last = args[3];
    Ssize n = obj_length(last);
    if (n < 0) return NULL;
    if (n == 0) return INCREF(args[1]);
    Obj *lv = obj_getitem(last, int_from_i64(-1));
    if (!lv) return NULL;
    Obj *one = int_from_i64(1);
    Obj *r = num_binary(lv, one, NB_ADD);
    DECREF(one);
    DECREF(lv);
    if (!r) {
        vm_err_clear();
        vm_err_set_str(&exc_TypeError, "unable to increment value");
    }
    return r;
}

static Obj *e_missing(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)self; (void)a; (void)n; (void)k;
    return INCREF(NONE);
}

static Obj *e_name(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    return ga(self ? self : args[0], "_name_");
}
static Obj *e_value(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    return ga(self ? self : args[0], "_value_");
}
static const MethodDef e_name_def = {"name", e_name, METH_O, NULL};
static const MethodDef e_value_def = {"value", e_value, METH_O, NULL};

static Obj *e_reduce_ex(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *v = ga(self, "_value_");
    Obj *t = v ? tuple_pack(1, v) : NULL;
    Obj *r = t ? tuple_pack(2, (Obj *)OBJ_TYPE(self), t) : NULL;
    XDECREF(v);
    XDECREF(t);
    return r;
}

static Obj *e_copy(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return INCREF(self);
}

static const MethodDef enum_methods[] = {
    {"__repr__", e_repr, METH_NOARGS, NULL},
    {"__str__", e_str, METH_NOARGS, NULL},
    {"__format__", e_format, METH_O, NULL},
    {"__hash__", e_hash, METH_NOARGS, NULL},
    {"__init__", e_init, METH_FAST, NULL},
    {"__reduce_ex__", e_reduce_ex, METH_O, NULL},
    {"__copy__", e_copy, METH_NOARGS, NULL},
    {"__deepcopy__", e_copy, METH_O, NULL},
    {"_generate_next_value_", e_gnv, METH_FAST | METH_STATIC, NULL},
    {"_missing_", e_missing, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ReprEnum: str() and format() of the mixed-in value. */
static Obj *re_str(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *v = ga(self, "_value_");
    Obj *r = v ? obj_str(v) : NULL;
    XDECREF(v);
    return r;
}

static Obj *re_format(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    Obj *v = ga(self, "_value_");
    Obj *r = v ? obj_format(v, args[0]) : NULL;
    XDECREF(v);
    return r;
}

static const MethodDef reprenum_methods[] = {
    {"__str__", re_str, METH_NOARGS, NULL},
    {"__format__", re_format, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *se_gnv(Obj *self, Obj *const *args, Ssize nargs, Obj *k)
{
    (void)self; (void)k;
    if (nargs != 4) {
        vm_err_set_str(&exc_TypeError, "_generate_next_value_() takes 4 arguments");
        return NULL;
    }
    return obj_call_method(args[0], "lower", NULL, 0);
}

static const MethodDef strenum_methods[] = {
    {"_generate_next_value_", se_gnv, METH_FAST | METH_STATIC, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Flag ---- */

static int flag_value(Obj *o, int64_t *out)
{
    Obj *v = ga(o, "_value_");
    if (!v) return -1;
    int r = int_as_i64(v, out);
    DECREF(v);
    return r;
}

static Obj *flag_binop(Obj *self, Obj *other, int op)
{
    Obj *cls = (Obj *)OBJ_TYPE(self);
    int64_t a, b;
    if (type_is_subtype(OBJ_TYPE(other), (TypeObj *)cls)) {
        if (flag_value(other, &b) < 0) return NULL;
    } else if (INT_CHECK(other) && type_is_subtype((TypeObj *)cls, &int_type)) {
        if (int_as_i64(other, &b) < 0) return NULL;
    } else {
        return INCREF(NOTIMPL);
    }
    if (flag_value(self, &a) < 0) return NULL;
    int64_t r = op == NB_OR ? (a | b) : op == NB_AND ? (a & b) : (a ^ b);
    Obj *v = int_from_i64(r);
    Obj *res = v ? enum_lookup(cls, v) : NULL;
    XDECREF(v);
    return res;
}

static Obj *fl_or(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return flag_binop(s, a[0], NB_OR); }
static Obj *fl_and(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return flag_binop(s, a[0], NB_AND); }
static Obj *fl_xor(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return flag_binop(s, a[0], NB_XOR); }

static Obj *fl_invert(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    int64_t v, mask = 0;
    if (flag_value(self, &v) < 0) return NULL;
    Obj *m = ga((Obj *)OBJ_TYPE(self), "_flag_mask_");
    if (m && int_as_i64(m, &mask) < 0) {
        DECREF(m);
        return NULL;
    }
    XDECREF(m);
    if (!m) vm_err_clear();
    Obj *nv = int_from_i64(mask & ~v);
    Obj *r = nv ? enum_lookup((Obj *)OBJ_TYPE(self), nv) : NULL;
    XDECREF(nv);
    return r;
}

static Obj *fl_members_in(Obj *self)
{
    int64_t v;
    if (flag_value(self, &v) < 0) return NULL;
    Obj *all = members_list((Obj *)OBJ_TYPE(self));
    Obj *l = all ? list_new(0) : NULL;
    for (Ssize i = 0; l && i < LIST_LEN(all); i++) {
        int64_t x;
        if (flag_value(LIST_ITEMS(all)[i], &x) < 0) { CLEAR(l); break; }
        if (x && (v & x) == x && list_append(l, LIST_ITEMS(all)[i]) < 0) CLEAR(l);
    }
    XDECREF(all);
    return l;
}

static Obj *fl_iter(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *l = fl_members_in(self);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *fl_len(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *l = fl_members_in(self);
    if (!l) return NULL;
    Obj *r = int_from_i64(LIST_LEN(l));
    DECREF(l);
    return r;
}

static Obj *fl_contains(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)n; (void)k;
    if (!type_is_subtype(OBJ_TYPE(args[0]), OBJ_TYPE(self))) {
        vm_err_format(&exc_TypeError, "unsupported operand type(s) for 'in': '%s' and '%s'",
                      type_name(OBJ_TYPE(args[0])), type_name(OBJ_TYPE(self)));
        return NULL;
    }
    int64_t a, b;
    if (flag_value(self, &a) < 0 || flag_value(args[0], &b) < 0) return NULL;
    return bool_from((a & b) == b);
}

static Obj *fl_bool(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    int64_t v;
    if (flag_value(self, &v) < 0) return NULL;
    return bool_from(v != 0);
}

/* Flag._generate_next_value_(name, start, count, last_values): start (1 for
 * None) for the first member, else the power of two above the highest
 * bit of max(last_values), as enum.py's. */
static Obj *fl_gnv(Obj *self, Obj *const *args, Ssize nargs, Obj *k)
{
    (void)self; (void)k;
    static const char *const names[] = {"name", "start", "count", "last_values"};
    if (nargs < 4) {
        Obj *missing[4];
        for (Ssize i = nargs; i < 4; i++) missing[i - nargs] = id_str(names[i]);
        args_err_missing("Flag._generate_next_value_", missing, 4 - nargs, false);
        return NULL;
    }
    if (nargs > 4) {
        args_err_too_many_positional("Flag._generate_next_value_", 4, 4, nargs, 0);
        return NULL;
    }
    int counted = obj_is_true(args[2]);
    if (counted < 0) return NULL;
    if (!counted) return args[1] == NONE ? int_from_i64(1) : INCREF(args[1]);
    Obj *it = obj_getiter(args[3]);
    if (!it) return NULL;
    Obj *hi = NULL, *x;
    while ((x = obj_iternext(it))) {
        int gt = hi ? obj_richcompare_bool(x, hi, CMP_GT) : 1;
        if (gt < 0) {
            DECREF(x);
            break;
        }
        if (gt) {
            XDECREF(hi);
            hi = x;
        } else {
            DECREF(x);
        }
    }
    DECREF(it);
    if (vm_err_occurred()) {
        XDECREF(hi);
        return NULL;
    }
    if (!hi) {
        vm_err_set_str(&exc_ValueError, "max() iterable argument is empty");
        return NULL;
    }
    Obj *bl = INT_CHECK(hi) ? obj_call_method(hi, "bit_length", NULL, 0) : NULL;
    if (!bl) {
        vm_err_clear();
        vm_err_format(&exc_TypeError, "invalid flag value %R", hi);
        DECREF(hi);
        return NULL;
    }
    DECREF(hi);
    /* 2 ** (high_bit + 1) == 1 << bit_length */
    Obj *one = int_from_i64(1);
    Obj *r = one ? num_binary(one, bl, NB_LSHIFT) : NULL;
    XDECREF(one);
    DECREF(bl);
    return r;
}

static const MethodDef flag_methods[] = {
    {"__or__", fl_or, METH_O, NULL},
    {"__ror__", fl_or, METH_O, NULL},
    {"__and__", fl_and, METH_O, NULL},
    {"__rand__", fl_and, METH_O, NULL},
    {"__xor__", fl_xor, METH_O, NULL},
    {"__rxor__", fl_xor, METH_O, NULL},
    {"__invert__", fl_invert, METH_NOARGS, NULL},
    {"__iter__", fl_iter, METH_NOARGS, NULL},
    {"__len__", fl_len, METH_NOARGS, NULL},
    {"__contains__", fl_contains, METH_O, NULL},
    {"__bool__", fl_bool, METH_NOARGS, NULL},
    {"_generate_next_value_", fl_gnv, METH_FAST | METH_STATIC, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- auto / unique ---- */

static Obj *auto_init(Obj *self, Obj *const *args, Ssize nargs, Obj *k)
{
    (void)k;
    return obj_setattr(self, id_str("value"), nargs ? args[0] : NONE) < 0 ? NULL : INCREF(NONE);
}

static Obj *auto_repr(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *v = ga(self, "value");
    Obj *r = v ? str_from_fmt("auto(%R)", v) : NULL;
    XDECREF(v);
    return r;
}

static const MethodDef auto_methods[] = {
    {"__init__", auto_init, METH_FAST, NULL},
    {"__repr__", auto_repr, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *enum_unique(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)self; (void)n; (void)k;
    Obj *cls = args[0];
    Obj *map = ga(cls, "_member_map_");
    if (!map) return NULL;
    SBuf b = SBUF_INIT;
    Ssize pos = 0;
    Obj *name, *m;
    while (dict_next(map, &pos, &name, &m)) {
        Obj *mn = ga(m, "_name_");
        if (!mn) { sbuf_free(&b); DECREF(map); return NULL; }
        if (!str_eq(mn, name)) {
            Ssize l1, l2;
            const char *a = str_utf8_lossy(name, &l1), *c = str_utf8_lossy(mn, &l2);
            if (b.len) sbuf_puts(&b, ", ");
            sbuf_put(&b, a, (size_t)l1);
            sbuf_puts(&b, " -> ");
            sbuf_put(&b, c, (size_t)l2);
        }
        DECREF(mn);
    }
    DECREF(map);
    if (b.len) {
        vm_err_format(&exc_ValueError, "duplicate values found in %R: %s", cls, sbuf_cstr(&b));
        sbuf_free(&b);
        return tbframe_fail(&tbgen_enum, TBG_ENUM_UNIQUE_DUPLICATES);
    }
    sbuf_free(&b);
    return INCREF(cls);
}

/* ---- the module ---------------------------------------------------------------------------------- */

static Obj *make_enum_class(const char *name, Obj *bases, const MethodDef *defs)
{
    Obj *nm = str_from_cstr(name), *ns = dict_new(), *mod = str_from_cstr("enum");
    Obj *cls = NULL;
    if (nm && ns && mod && dict_set_str(ns, "__module__", mod) == 0 && dict_set_str(ns, "__qualname__", nm) == 0) {
        Obj *e1 = list_new(0), *e2 = dict_new(), *e3 = dict_new();
        if (e1 && e2 && e3 && dict_set_str(ns, "_member_names_", e1) == 0 &&
            dict_set_str(ns, "_member_map_", e2) == 0 && dict_set_str(ns, "_value2member_map_", e3) == 0)
            cls = type_new_class((TypeObj *)enumtype_cls, nm, bases, ns, NULL);
        XDECREF(e1);
        XDECREF(e2);
        XDECREF(e3);
    }
    XDECREF(nm);
    XDECREF(ns);
    XDECREF(mod);
    if (cls && mu_add_methods((TypeObj *)cls, defs) < 0) CLEAR(cls);
    if (cls && fix_methods(cls) < 0) CLEAR(cls);
    return cls;
}

static const MethodDef no_methods[] = {{NULL, NULL, 0, NULL}};

static int make_classes(void)
{
    if (enum_cls) return 0;
    Obj *b = tuple_pack(1, (Obj *)&type_type);
    enumtype_cls = b ? mu_class_new("EnumType", "enum", b, enumtype_methods) : NULL;
    XDECREF(b);
    if (!enumtype_cls) return -1;
    Obj *g = builtin_new(&et_members_def, NULL, NULL);
    Obj *p = g ? obj_call((Obj *)&property_type, &g, 1, NULL) : NULL;
    XDECREF(g);
    if (mu_type_set((TypeObj *)enumtype_cls, "__members__", p) < 0) return -1;
    Obj *empty = tuple_new(0);
    enum_cls = empty ? make_enum_class("Enum", empty, enum_methods) : NULL;
    XDECREF(empty);
    if (!enum_cls) return -1;
    const MethodDef *props[2] = {&e_name_def, &e_value_def};
    for (int i = 0; i < 2; i++) {
        Obj *gg = builtin_new(props[i], NULL, NULL);
        Obj *pp = gg ? obj_call((Obj *)&property_type, &gg, 1, NULL) : NULL;
        XDECREF(gg);
        if (mu_type_set((TypeObj *)enum_cls, props[i]->name, pp) < 0) return -1;
    }
    b = tuple_pack(1, enum_cls);
    reprenum_cls = b ? make_enum_class("ReprEnum", b, reprenum_methods) : NULL;
    flag_cls = b ? make_enum_class("Flag", b, flag_methods) : NULL;
    XDECREF(b);
    if (!reprenum_cls || !flag_cls) return -1;
    b = tuple_pack(2, (Obj *)&int_type, reprenum_cls);
    intenum_cls = b ? make_enum_class("IntEnum", b, no_methods) : NULL;
    XDECREF(b);
    b = tuple_pack(2, (Obj *)&str_type, reprenum_cls);
    strenum_cls = b ? make_enum_class("StrEnum", b, strenum_methods) : NULL;
    XDECREF(b);
    b = tuple_pack(3, (Obj *)&int_type, reprenum_cls, flag_cls);
    /* int is before Flag in the MRO: the flag operators go on IntFlag itself */
    intflag_cls = b ? make_enum_class("IntFlag", b, flag_methods) : NULL;
    XDECREF(b);
    auto_cls = mu_class_new("auto", "enum", NULL, auto_methods);
    return intenum_cls && strenum_cls && intflag_cls && auto_cls ? 0 : -1;
}

static const MethodDef enum_functions[] = {
    {"unique", enum_unique, METH_O, "Class decorator for enumerations ensuring unique member values."},
    {NULL, NULL, 0, NULL},
};

static Obj *enum_init(void)
{
    Obj *m = module_new("enum");
    if (!m) return NULL;
    if (make_classes() < 0 || module_add_functions(m, enum_functions) < 0 ||
        module_add(m, "EnumType", INCREF(enumtype_cls)) < 0 ||
        module_add(m, "EnumMeta", INCREF(enumtype_cls)) < 0 ||
        module_add(m, "Enum", INCREF(enum_cls)) < 0 || module_add(m, "ReprEnum", INCREF(reprenum_cls)) < 0 ||
        module_add(m, "IntEnum", INCREF(intenum_cls)) < 0 || module_add(m, "StrEnum", INCREF(strenum_cls)) < 0 ||
        module_add(m, "Flag", INCREF(flag_cls)) < 0 || module_add(m, "IntFlag", INCREF(intflag_cls)) < 0 ||
        module_add(m, "auto", INCREF(auto_cls)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_enum_register(void)
{
    vm_static_roots(&enumtype_cls, 1);
    vm_static_roots(&enum_cls, 1);
    vm_static_roots(&reprenum_cls, 1);
    vm_static_roots(&intenum_cls, 1);
    vm_static_roots(&strenum_cls, 1);
    vm_static_roots(&flag_cls, 1);
    vm_static_roots(&intflag_cls, 1);
    vm_static_roots(&auto_cls, 1);
    import_register_native("enum", enum_init);
}

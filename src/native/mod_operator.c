/* mod_operator.c — the `operator` module (and `_operator`, which CPython's
 * operator.py re-exports) of CPython 3.12.
 *
 * The functions are builtins named as in _operator ("<built-in function
 * add>") with its argument messages ("add expected 2 arguments, got 1",
 * "_operator.neg() takes exactly one argument (0 given)"); the dunder
 * aliases (__add__ …) are the same objects, as operator.py binds them.
 * itemgetter / attrgetter / methodcaller are the C types
 * "operator.itemgetter" … with CPython's reprs and __reduce__ forms
 * (methodcaller's uses functools.partial for keyword arguments).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

/* ---- plain functions ------------------------------------------------------------------- */

#define OP1(name, expr)                                                             \
    static Obj *op_##name(Obj *s, Obj *const *a, Ssize n, Obj *kw)                 \
    {                                                                               \
        (void)s;                                                                    \
        if (mh_one_arg("_operator." #name, n, kw) < 0) return NULL;                 \
        Obj *x = a[0];                                                              \
        return expr;                                                                \
    }
#define OP2(name, expr)                                                             \
    static Obj *op_##name(Obj *s, Obj *const *a, Ssize n, Obj *kw)                 \
    {                                                                               \
        (void)s;                                                                    \
        if (mh_pos_args("_operator." #name, #name, n, kw, 2, 2) < 0) return NULL;   \
        Obj *x = a[0], *y = a[1];                                                   \
        return expr;                                                                \
    }

static Obj *num_unary_abs(Obj *x);

static Obj *truth_of(Obj *x, bool negate)
{
    int r = obj_is_true(x);
    if (r < 0) return NULL;
    return bool_from(negate ? !r : r);
}

OP1(truth, truth_of(x, false))
OP1(not_, truth_of(x, true))
OP1(abs, num_unary_abs(x))
OP1(index, num_index(x))
OP1(inv, num_unary(x, UN_INVERT))
OP1(invert, num_unary(x, UN_INVERT))
OP1(neg, num_unary(x, UN_NEGATIVE))
OP1(pos, num_unary(x, UN_POSITIVE))

OP2(lt, obj_richcompare(x, y, CMP_LT))
OP2(le, obj_richcompare(x, y, CMP_LE))
OP2(eq, obj_richcompare(x, y, CMP_EQ))
OP2(ne, obj_richcompare(x, y, CMP_NE))
OP2(ge, obj_richcompare(x, y, CMP_GE))
OP2(gt, obj_richcompare(x, y, CMP_GT))
OP2(is_, bool_from(x == y))
OP2(is_not, bool_from(x != y))
OP2(add, num_binary(x, y, NB_ADD))
OP2(and_, num_binary(x, y, NB_AND))
OP2(floordiv, num_binary(x, y, NB_FLOOR_DIVIDE))
OP2(lshift, num_binary(x, y, NB_LSHIFT))
OP2(mod, num_binary(x, y, NB_REMAINDER))
OP2(mul, num_binary(x, y, NB_MULTIPLY))
OP2(matmul, num_binary(x, y, NB_MATRIX_MULTIPLY))
OP2(or_, num_binary(x, y, NB_OR))
OP2(pow, num_binary(x, y, NB_POWER))
OP2(rshift, num_binary(x, y, NB_RSHIFT))
OP2(sub, num_binary(x, y, NB_SUBTRACT))
OP2(truediv, num_binary(x, y, NB_TRUE_DIVIDE))
OP2(xor, num_binary(x, y, NB_XOR))
OP2(iadd, num_binary(x, y, NB_INPLACE_ADD))
OP2(iand, num_binary(x, y, NB_INPLACE_AND))
OP2(ifloordiv, num_binary(x, y, NB_INPLACE_FLOOR_DIVIDE))
OP2(ilshift, num_binary(x, y, NB_INPLACE_LSHIFT))
OP2(imod, num_binary(x, y, NB_INPLACE_REMAINDER))
OP2(imul, num_binary(x, y, NB_INPLACE_MULTIPLY))
OP2(imatmul, num_binary(x, y, NB_INPLACE_MATRIX_MULTIPLY))
OP2(ior, num_binary(x, y, NB_INPLACE_OR))
OP2(ipow, num_binary(x, y, NB_INPLACE_POWER))
OP2(irshift, num_binary(x, y, NB_INPLACE_RSHIFT))
OP2(isub, num_binary(x, y, NB_INPLACE_SUBTRACT))
OP2(itruediv, num_binary(x, y, NB_INPLACE_TRUE_DIVIDE))
OP2(ixor, num_binary(x, y, NB_INPLACE_XOR))
OP2(getitem, obj_getitem(x, y))

static Obj *num_unary_abs(Obj *x)
{
    NumberMethods *nb = OBJ_TYPE(x)->as_number;
    if (nb && nb->absolute) return nb->absolute(x);
    vm_err_format(&exc_TypeError, "bad operand type for abs(): '%s'", OBJ_TYPE(x)->name);
    return NULL;
}

/* PySequence_Check: not a dict, and indexable. */
static bool is_sequence(Obj *o)
{
    if (DICT_CHECK(o)) return false;
    SequenceMethods *sq = OBJ_TYPE(o)->as_sequence;
    return sq && sq->item;
}

static Obj *concat(Obj *x, Obj *y, bool inplace)
{
    SequenceMethods *sq = OBJ_TYPE(x)->as_sequence;
    if (inplace && sq && sq->inplace_concat) return sq->inplace_concat(x, y);
    if (sq && sq->concat) return sq->concat(x, y);
    if (is_sequence(x) && is_sequence(y)) return num_binary(x, y, inplace ? NB_INPLACE_ADD : NB_ADD);
    vm_err_format(&exc_TypeError, "'%s' object can't be concatenated", type_name(OBJ_TYPE(x)));
    return NULL;
}

OP2(concat, concat(x, y, false))
OP2(iconcat, concat(x, y, true))

static Obj *contains(Obj *x, Obj *y)
{
    int r = obj_contains(x, y);
    return r < 0 ? NULL : bool_from(r);
}
OP2(contains, contains(x, y))

/* countOf / indexOf: iterate, comparing with == (identity first). */
static Obj *seq_search(Obj *seq, Obj *item, bool index)
{
    Obj *it = obj_getiter(seq);
    if (!it) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError, "argument of type '%s' is not iterable",
                          type_name(OBJ_TYPE(seq)));
        }
        return NULL;
    }
    Ssize n = 0;
    Obj *x;
    while ((x = obj_iternext(it))) {
        int eq = obj_richcompare_bool(x, item, CMP_EQ);
        DECREF(x);
        if (eq < 0) {
            DECREF(it);
            return NULL;
        }
        if (eq > 0 && index) {
            DECREF(it);
            return int_from_i64(n);
        }
        if (eq > 0 || index) n++;
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    if (index) {
        vm_err_set_str(&exc_ValueError, "sequence.index(x): x not in sequence");
        return NULL;
    }
    return int_from_i64(n);
}
OP2(countOf, seq_search(x, y, false))
OP2(indexOf, seq_search(x, y, true))

static Obj *op_setitem(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_operator.setitem", "setitem", n, kw, 3, 3) < 0) return NULL;
    if (obj_setitem(a[0], a[1], a[2]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *op_delitem(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_operator.delitem", "delitem", n, kw, 2, 2) < 0) return NULL;
    if (obj_delitem(a[0], a[1]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *op_length_hint(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_operator.length_hint", "length_hint", n, kw, 1, 2) < 0) return NULL;
    Ssize dflt = 0;
    if (n == 2) {
        dflt = mh_as_ssize(a[1]);
        if (dflt == -1 && vm_err_occurred()) return NULL;
    }
    Ssize r = iter_length_hint(a[0], dflt);
    if (r < 0 && vm_err_occurred()) return NULL;
    return int_from_i64(r);
}

static Obj *op_call(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (n < 1) {
        vm_err_format(&exc_TypeError, "call expected at least 1 argument, got %zd", n);
        return NULL;
    }
    return obj_call(a[0], a + 1, n - 1, kw);
}

/* ---- itemgetter / attrgetter / methodcaller -------------------------------------------- */

typedef struct GetterObj {
    Obj base;
    Obj *items;          /* itemgetter: the keys; attrgetter: tuples of interned names per dotted name */
    Obj *names;          /* attrgetter: the names as given; methodcaller: the method name */
    Obj *args, *kwargs;  /* methodcaller */
} GetterObj;

static void getter_dealloc(Obj *o)
{
    GetterObj *g = (GetterObj *)o;
    XDECREF(g->items);
    XDECREF(g->names);
    XDECREF(g->args);
    XDECREF(g->kwargs);
    obj_free(o);
}

static int getter_traverse(Obj *o, VisitFn visit, void *arg)
{
    GetterObj *g = (GetterObj *)o;
    Obj *f[] = {g->items, g->names, g->args, g->kwargs};
    for (size_t i = 0; i < 4; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static TypeObj itemgetter_type, attrgetter_type, methodcaller_type;

static Obj *itemgetter_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("itemgetter", kw) < 0) return NULL;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "itemgetter expected 1 argument, got 0");
        return NULL;
    }
    GetterObj *g = (GetterObj *)obj_alloc(t, 0);
    if (!g) return NULL;
    g->items = tuple_from_array(args, nargs);
    if (!g->items) {
        DECREF(g);
        return NULL;
    }
    return (Obj *)g;
}

static Obj *itemgetter_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    GetterObj *g = (GetterObj *)o;
    if (args_no_kw("itemgetter", kw) < 0 || args_count("itemgetter", nargs, 1, 1) < 0) return NULL;
    Ssize n = TUPLE_LEN(g->items);
    if (n == 1) return obj_getitem(args[0], TUPLE_ITEMS(g->items)[0]);
    Obj *r = tuple_new(n);
    if (!r) return NULL;
    for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(r)[i] = NULL;
    for (Ssize i = 0; i < n; i++) {
        Obj *v = obj_getitem(args[0], TUPLE_ITEMS(g->items)[i]);
        if (!v) {
            for (Ssize j = i; j < n; j++) TUPLE_ITEMS(r)[j] = INCREF(NONE);
            DECREF(r);
            return NULL;
        }
        TUPLE_ITEMS(r)[i] = v;
    }
    return r;
}

/* "operator.itemgetter(1)" / "operator.itemgetter(1, 2)" */
static Obj *args_repr(Obj *o, Obj *tup)
{
    const char *name = OBJ_TYPE(o)->name;
    int rc = repr_enter(o);
    if (rc < 0) return NULL;
    if (rc > 0) return str_from_fmt("%s(...)", name);
    Obj *r = TUPLE_LEN(tup) == 1 ? str_from_fmt("%s(%R)", name, TUPLE_ITEMS(tup)[0])
                                 : str_from_fmt("%s%R", name, tup);
    repr_leave(o);
    return r;
}

static Obj *itemgetter_repr(Obj *o) { return args_repr(o, ((GetterObj *)o)->items); }

static Obj *itemgetter_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return tuple_pack(2, (Obj *)OBJ_TYPE(self), ((GetterObj *)self)->items);
}

static MethodDef itemgetter_methods[] = {
    {"__reduce__", itemgetter_reduce, METH_NOARGS, "Return state information for pickling"},
    {NULL, NULL, 0, NULL},
};

static TypeObj itemgetter_type = {
    .base = TYPE_HEAD_INIT, .name = "operator.itemgetter", .basicsize = sizeof(GetterObj),
    .flags = TPF_GC, .dealloc = getter_dealloc, .repr = itemgetter_repr, .call = itemgetter_call,
    .getattro = obj_generic_getattr, .traverse = getter_traverse, .new_ = itemgetter_new,
    .methods = itemgetter_methods,
    .doc = "Return a callable object that fetches the given item(s) from its operand.\n"
           "After f = itemgetter(2), the call f(r) returns r[2].\n"
           "After g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])",
};

static Obj *attrgetter_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("attrgetter", kw) < 0) return NULL;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "attrgetter expected 1 argument, got 0");
        return NULL;
    }
    Obj *items = tuple_new(nargs);
    if (!items) return NULL;
    for (Ssize i = 0; i < nargs; i++) TUPLE_ITEMS(items)[i] = INCREF(NONE);
    for (Ssize i = 0; i < nargs; i++) {
        if (!STR_CHECK(args[i])) {
            vm_err_set_str(&exc_TypeError, "attribute name must be a string");
            DECREF(items);
            return NULL;
        }
        Obj *parts = obj_call_method(args[i], "split", (Obj *[]){id_str(".")}, 1);
        Obj *tup = parts ? list_as_tuple(parts) : NULL;
        XDECREF(parts);
        if (!tup) {
            DECREF(items);
            return NULL;
        }
        for (Ssize j = 0; j < TUPLE_LEN(tup); j++) str_intern_inplace(&TUPLE_ITEMS(tup)[j]);
        obj_setref(&TUPLE_ITEMS(items)[i], tup);
    }
    GetterObj *g = (GetterObj *)obj_alloc(t, 0);
    if (!g) {
        DECREF(items);
        return NULL;
    }
    g->items = items;
    g->names = tuple_from_array(args, nargs);
    if (!g->names) {
        DECREF(g);
        return NULL;
    }
    return (Obj *)g;
}

static Obj *dotted_get(Obj *obj, Obj *parts)
{
    Obj *cur = INCREF(obj);
    for (Ssize i = 0; i < TUPLE_LEN(parts); i++) {
        Obj *next = obj_getattr(cur, TUPLE_ITEMS(parts)[i]);
        DECREF(cur);
        if (!next) return NULL;
        cur = next;
    }
    return cur;
}

static Obj *attrgetter_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    GetterObj *g = (GetterObj *)o;
    if (args_no_kw("attrgetter", kw) < 0 || args_count("attrgetter", nargs, 1, 1) < 0) return NULL;
    Ssize n = TUPLE_LEN(g->items);
    if (n == 1) return dotted_get(args[0], TUPLE_ITEMS(g->items)[0]);
    Obj *r = tuple_new(n);
    if (!r) return NULL;
    for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(r)[i] = NULL;
    for (Ssize i = 0; i < n; i++) {
        Obj *v = dotted_get(args[0], TUPLE_ITEMS(g->items)[i]);
        if (!v) {
            for (Ssize j = i; j < n; j++) TUPLE_ITEMS(r)[j] = INCREF(NONE);
            DECREF(r);
            return NULL;
        }
        TUPLE_ITEMS(r)[i] = v;
    }
    return r;
}

static Obj *attrgetter_repr(Obj *o) { return args_repr(o, ((GetterObj *)o)->names); }

static Obj *attrgetter_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return tuple_pack(2, (Obj *)OBJ_TYPE(self), ((GetterObj *)self)->names);
}

static MethodDef attrgetter_methods[] = {
    {"__reduce__", attrgetter_reduce, METH_NOARGS, "Return state information for pickling"},
    {NULL, NULL, 0, NULL},
};

static TypeObj attrgetter_type = {
    .base = TYPE_HEAD_INIT, .name = "operator.attrgetter", .basicsize = sizeof(GetterObj),
    .flags = TPF_GC, .dealloc = getter_dealloc, .repr = attrgetter_repr, .call = attrgetter_call,
    .getattro = obj_generic_getattr, .traverse = getter_traverse, .new_ = attrgetter_new,
    .methods = attrgetter_methods,
    .doc = "Return a callable object that fetches the given attribute(s) from its operand.\n"
           "After f = attrgetter('name'), the call f(r) returns r.name.\n"
           "After g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\n"
           "After h = attrgetter('name.first', 'name.last'), the call h(r) returns\n"
           "(r.name.first, r.name.last).",
};

static Obj *methodcaller_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "methodcaller needs at least one argument, the method name");
        return NULL;
    }
    if (!STR_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "method name must be a string");
        return NULL;
    }
    GetterObj *g = (GetterObj *)obj_alloc(t, 0);
    if (!g) return NULL;
    g->names = INCREF(args[0]);
    str_intern_inplace(&g->names);
    g->args = tuple_from_array(args + 1, nargs - 1);
    g->kwargs = dict_new();
    if (!g->args || !g->kwargs) {
        DECREF(g);
        return NULL;
    }
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(g->kwargs, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) {
            DECREF(g);
            return NULL;
        }
    return (Obj *)g;
}

static Obj *methodcaller_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    GetterObj *g = (GetterObj *)o;
    if (args_no_kw("methodcaller", kw) < 0 || args_count("methodcaller", nargs, 1, 1) < 0) return NULL;
    Obj *meth = obj_getattr(args[0], g->names);
    if (!meth) return NULL;
    Ssize na = TUPLE_LEN(g->args), nk = dict_len(g->kwargs);
    Obj **v = xmalloc((size_t)(na + nk + 1) * sizeof(Obj *));
    for (Ssize i = 0; i < na; i++) v[i] = TUPLE_ITEMS(g->args)[i];
    Obj *kwn = nk ? tuple_new(nk) : NULL;
    Ssize pos = 0, i = 0;
    Obj *k, *val;
    while (kwn && dict_next(g->kwargs, &pos, &k, &val)) {
        TUPLE_ITEMS(kwn)[i] = INCREF(k);
        v[na + i] = val;
        i++;
    }
    Obj *r = (nk && !kwn) ? NULL : obj_call(meth, v, na, kwn);
    free(v);
    XDECREF(kwn);
    DECREF(meth);
    return r;
}

static Obj *methodcaller_repr(Obj *o)
{
    GetterObj *g = (GetterObj *)o;
    int rc = repr_enter(o);
    if (rc < 0) return NULL;
    if (rc > 0) return str_from_fmt("%s(...)", OBJ_TYPE(o)->name);
    SBuf b = SBUF_INIT;
    Obj *res = NULL;
    Obj *nr = obj_repr(g->names);
    if (!nr) goto out;
    sbuf_printf(&b, "%s(", OBJ_TYPE(o)->name);
    Ssize len;
    const char *p = str_utf8_lossy(nr, &len);
    sbuf_put(&b, p, (size_t)len);
    DECREF(nr);
    for (Ssize i = 0; i < TUPLE_LEN(g->args); i++) {
        Obj *r = obj_repr(TUPLE_ITEMS(g->args)[i]);
        if (!r) goto out;
        p = str_utf8_lossy(r, &len);
        sbuf_puts(&b, ", ");
        sbuf_put(&b, p, (size_t)len);
        DECREF(r);
    }
    Ssize pos = 0;
    Obj *k, *val;
    while (dict_next(g->kwargs, &pos, &k, &val)) {
        Obj *r = obj_repr(val);
        if (!r) goto out;
        sbuf_puts(&b, ", ");
        p = str_utf8_lossy(k, &len);
        sbuf_put(&b, p, (size_t)len);
        sbuf_putc(&b, '=');
        p = str_utf8_lossy(r, &len);
        sbuf_put(&b, p, (size_t)len);
        DECREF(r);
    }
    sbuf_putc(&b, ')');
    res = str_from_utf8(b.data, (Ssize)b.len);
out:
    sbuf_free(&b);
    repr_leave(o);
    return res;
}

static Obj *methodcaller_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    GetterObj *g = (GetterObj *)self;
    if (dict_len(g->kwargs) == 0) {
        Obj *args = tuple_new(TUPLE_LEN(g->args) + 1);
        if (!args) return NULL;
        TUPLE_ITEMS(args)[0] = INCREF(g->names);
        for (Ssize i = 0; i < TUPLE_LEN(g->args); i++)
            TUPLE_ITEMS(args)[i + 1] = INCREF(TUPLE_ITEMS(g->args)[i]);
        Obj *r = tuple_pack(2, (Obj *)OBJ_TYPE(self), args);
        DECREF(args);
        return r;
    }
    /* (functools.partial(type, name, **kwargs), args) */
    Obj *functools = import_name(id_str("functools"), NULL, NULL, 0);
    if (!functools) return NULL;
    Obj *partial = obj_getattr(functools, id_str("partial"));
    DECREF(functools);
    if (!partial) return NULL;
    Ssize nk = dict_len(g->kwargs);
    Obj *v[2 + 64];
    if (nk > 64) {
        DECREF(partial);
        vm_err_set_str(&exc_OverflowError, "too many keyword arguments");
        return NULL;
    }
    v[0] = (Obj *)OBJ_TYPE(self);
    v[1] = g->names;
    Obj *kwn = tuple_new(nk);
    if (!kwn) {
        DECREF(partial);
        return NULL;
    }
    Ssize pos = 0, i = 0;
    Obj *k, *val;
    while (dict_next(g->kwargs, &pos, &k, &val)) {
        TUPLE_ITEMS(kwn)[i] = INCREF(k);
        v[2 + i++] = val;
    }
    Obj *p = obj_call(partial, v, 2, kwn);
    DECREF(partial);
    DECREF(kwn);
    if (!p) return NULL;
    Obj *r = tuple_pack(2, p, g->args);
    DECREF(p);
    return r;
}

static MethodDef methodcaller_methods[] = {
    {"__reduce__", methodcaller_reduce, METH_NOARGS, "Return state information for pickling"},
    {NULL, NULL, 0, NULL},
};

static TypeObj methodcaller_type = {
    .base = TYPE_HEAD_INIT, .name = "operator.methodcaller", .basicsize = sizeof(GetterObj),
    .flags = TPF_GC, .dealloc = getter_dealloc, .repr = methodcaller_repr, .call = methodcaller_call,
    .getattro = obj_generic_getattr, .traverse = getter_traverse, .new_ = methodcaller_new,
    .methods = methodcaller_methods,
    .doc = "Return a callable object that calls the given method on its operand.\n"
           "After f = methodcaller('name'), the call f(r) returns r.name().\n"
           "After g = methodcaller('name', 'date', foo=1), the call g(r) returns\n"
           "r.name('date', foo=1).",
};

/* ---- the module ------------------------------------------------------------------------- */

#define F(name) {#name, op_##name, METH_FAST, NULL}
static const MethodDef operator_methods[] = {
    F(abs), F(add), F(and_), F(call), F(concat), F(contains), F(countOf), F(delitem), F(eq),
    F(floordiv), F(ge), F(getitem), F(gt), F(iadd), F(iand), F(iconcat), F(ifloordiv),
    F(ilshift), F(imatmul), F(imod), F(imul), F(index), F(indexOf), F(inv), F(invert), F(ior),
    F(ipow), F(irshift), F(is_), F(is_not), F(isub), F(itruediv), F(ixor), F(le),
    F(length_hint), F(lshift), F(lt), F(matmul), F(mod), F(mul), F(ne), F(neg), F(not_), F(or_),
    F(pos), F(pow), F(rshift), F(setitem), F(sub), F(truediv), F(truth), F(xor),
    {NULL, NULL, 0, NULL},
};
#undef F

static Obj *operator_init_named(const char *modname)
{
    static TypeObj *const types[] = {&itemgetter_type, &attrgetter_type, &methodcaller_type};
    Obj *m = mh_module(modname, operator_methods);
    if (!m) return NULL;
    Obj *d = module_dict_borrow(m);
    /* the functions come from _operator, as in CPython */
    Obj *cmod = str_from_cstr("_operator");
    for (const MethodDef *f = operator_methods; cmod && f->name; f++) {
        Obj *fn = dict_get_str_borrow(d, f->name);
        if (fn && obj_setattr(fn, id_str("__module__"), cmod) < 0) CLEAR(cmod);
    }
    if (!cmod) goto fail;
    DECREF(cmod);
    for (size_t i = 0; i < 3; i++)
        if (type_ready(types[i]) < 0 || mh_add_obj(m, type_name(types[i]), (Obj *)types[i]) < 0)
            goto fail;
    /* __all__: the public names, sorted as operator.py lists them */
    Obj *all = list_new(0);
    if (!all) goto fail;
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(d, &pos, &k, &v))
        if (STR_CHECK(k) && str_char(k, 0) != '_' && list_append(all, k) < 0) {
            DECREF(all);
            goto fail;
        }
    if (list_sort(all, NULL, false) < 0 || module_add(m, "__all__", all) < 0) goto fail;
    /* operator.py's dunder aliases: the same function objects */
    static const char *const aliases[] = {
        "lt", "le", "eq", "ne", "ge", "gt", "not", "abs", "add", "and", "floordiv", "index",
        "inv", "invert", "lshift", "mod", "mul", "matmul", "neg", "or", "pos", "pow", "rshift",
        "sub", "truediv", "xor", "concat", "contains", "delitem", "getitem", "setitem", "iadd",
        "iand", "iconcat", "ifloordiv", "ilshift", "imod", "imul", "imatmul", "ior", "ipow",
        "irshift", "isub", "itruediv", "ixor", "call",
    };
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++) {
        char src[32], dst[40];
        snprintf(src, sizeof src, "%s", aliases[i]);
        if (!strcmp(src, "not") || !strcmp(src, "and") || !strcmp(src, "or")) strcat(src, "_");
        snprintf(dst, sizeof dst, "__%s__", aliases[i]);
        Obj *f = dict_get_str_borrow(d, src);
        if (!f || dict_set_str(d, dst, f) < 0) goto fail;
    }
    return m;
fail:
    DECREF(m);
    return NULL;
}

static Obj *operator_init(void) { return operator_init_named("operator"); }
static Obj *operator_c_init(void) { return operator_init_named("_operator"); }

void native_operator_register(void)
{
    import_register_native("operator", operator_init);
    import_register_native("_operator", operator_c_init);
}

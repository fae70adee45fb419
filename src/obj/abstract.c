/* abstract.c — the abstract protocols on top of the type slots: calling,
 * number operations (CPython's binary_op1 rules: the right operand's slot
 * first when its type is a proper subclass, NotImplemented falls through,
 * sequence concat/repeat as the last resort for + and *), in-place
 * operations, index conversion, length/item access, iteration, containment,
 * isinstance/issubclass with their hooks, and dir().
 *
 * Every error message is CPython 3.12's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/obj/objimpl.h"

/* ---- calls -------------------------------------------------------------------- */

Obj *obj_call(Obj *callable, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    CallFn f = OBJ_TYPE(callable)->call;
    if (!f) {
        vm_err_format(&exc_TypeError, "'%s' object is not callable", OBJ_TYPE(callable)->name);
        return NULL;
    }
    if (kwnames && TUPLE_LEN(kwnames) == 0) kwnames = NULL;
    Obj *r = f(callable, args, nargs, kwnames);
    if (!r && !vm_err_occurred())
        vm_err_format(&exc_SystemError, "%R returned NULL without setting an exception", callable);
    return r;
}

Obj *obj_call_method(Obj *o, const char *name, Obj *const *args, Ssize nargs)
{
    Obj *m = obj_getattr_str(o, name);
    if (!m) return NULL;
    Obj *r = obj_call(m, args, nargs, NULL);
    DECREF(m);
    return r;
}

/* ---- numbers -------------------------------------------------------------------- */

#define NB_SLOT(t, off) ((t)->as_number ? *(void **)((char *)(t)->as_number + (off)) : NULL)

typedef struct BinOpInfo {
    size_t off;          /* binary slot */
    size_t ioff;         /* in-place slot, or (size_t)-1 */
    const char *sym;
} BinOpInfo;

static const BinOpInfo binops[] = {
    [NB_ADD] = {offsetof(NumberMethods, add), offsetof(NumberMethods, inplace_add), "+"},
    [NB_AND] = {offsetof(NumberMethods, and_), offsetof(NumberMethods, inplace_and), "&"},
    [NB_FLOOR_DIVIDE] = {offsetof(NumberMethods, floor_divide), offsetof(NumberMethods, inplace_floor_divide), "//"},
    [NB_LSHIFT] = {offsetof(NumberMethods, lshift), offsetof(NumberMethods, inplace_lshift), "<<"},
    [NB_MATRIX_MULTIPLY] = {offsetof(NumberMethods, matrix_multiply), offsetof(NumberMethods, inplace_matrix_multiply), "@"},
    [NB_MULTIPLY] = {offsetof(NumberMethods, multiply), offsetof(NumberMethods, inplace_multiply), "*"},
    [NB_REMAINDER] = {offsetof(NumberMethods, remainder), offsetof(NumberMethods, inplace_remainder), "%"},
    [NB_OR] = {offsetof(NumberMethods, or_), offsetof(NumberMethods, inplace_or), "|"},
    [NB_POWER] = {offsetof(NumberMethods, power), offsetof(NumberMethods, inplace_power), "**"},
    [NB_RSHIFT] = {offsetof(NumberMethods, rshift), offsetof(NumberMethods, inplace_rshift), ">>"},
    [NB_SUBTRACT] = {offsetof(NumberMethods, subtract), offsetof(NumberMethods, inplace_subtract), "-"},
    [NB_TRUE_DIVIDE] = {offsetof(NumberMethods, true_divide), offsetof(NumberMethods, inplace_true_divide), "/"},
    [NB_XOR] = {offsetof(NumberMethods, xor_), offsetof(NumberMethods, inplace_xor), "^"},
};

static Obj *binary_op1(Obj *v, Obj *w, size_t off)
{
    TypeObj *tv = OBJ_TYPE(v), *tw = OBJ_TYPE(w);
    BinaryFn slotv = (BinaryFn)NB_SLOT(tv, off);
    BinaryFn slotw = NULL;
    if (tw != tv) {
        slotw = (BinaryFn)NB_SLOT(tw, off);
        if (slotw == slotv) slotw = NULL;
    }
    Obj *x;
    if (slotv) {
        if (slotw && type_is_subtype(tw, tv)) {
            x = slotw(v, w);
            if (x != NOTIMPL) return x;
            DECREF(x);
            slotw = NULL;
        }
        x = slotv(v, w);
        if (x != NOTIMPL) return x;
        DECREF(x);
    }
    if (slotw) {
        x = slotw(v, w);
        if (x != NOTIMPL) return x;
        DECREF(x);
    }
    return INCREF(NOTIMPL);
}

static Obj *ternary_op1(Obj *v, Obj *w, Obj *z, size_t off)
{
    TypeObj *tv = OBJ_TYPE(v), *tw = OBJ_TYPE(w);
    TernaryFn slotv = (TernaryFn)NB_SLOT(tv, off);
    TernaryFn slotw = NULL;
    if (tw != tv) {
        slotw = (TernaryFn)NB_SLOT(tw, off);
        if (slotw == slotv) slotw = NULL;
    }
    Obj *x;
    if (slotv) {
        if (slotw && type_is_subtype(tw, tv)) {
            x = slotw(v, w, z);
            if (x != NOTIMPL) return x;
            DECREF(x);
            slotw = NULL;
        }
        x = slotv(v, w, z);
        if (x != NOTIMPL) return x;
        DECREF(x);
    }
    if (slotw) {
        x = slotw(v, w, z);
        if (x != NOTIMPL) return x;
        DECREF(x);
    }
    if (z != NONE) {
        TernaryFn slotz = (TernaryFn)NB_SLOT(OBJ_TYPE(z), off);
        if (slotz && slotz != slotv && slotz != slotw) {
            x = slotz(v, w, z);
            if (x != NOTIMPL) return x;
            DECREF(x);
        }
    }
    return INCREF(NOTIMPL);
}

static Obj *binop_type_error(Obj *v, Obj *w, const char *sym)
{
    if (strcmp(sym, ">>") == 0 && IS_TYPE(v, builtin_function_type) &&
        strcmp(((BuiltinObj *)v)->def->name, "print") == 0) {
        vm_err_format(&exc_TypeError,
                      "unsupported operand type(s) for %s: '%s' and '%s'. Did you mean "
                      "\"print(<message>, file=<output_stream>)\"?",
                      sym, OBJ_TYPE(v)->name, OBJ_TYPE(w)->name);
        return NULL;
    }
    vm_err_format(&exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", sym,
                  OBJ_TYPE(v)->name, OBJ_TYPE(w)->name);
    return NULL;
}

static Obj *seq_repeat(Obj *seq, Obj *n, SsizeArgFn repeat)
{
    if (!OBJ_TYPE(n)->as_number || !OBJ_TYPE(n)->as_number->index) {
        vm_err_format(&exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                      OBJ_TYPE(n)->name);
        return NULL;
    }
    Ssize count = num_as_ssize(n, &exc_OverflowError);
    if (count == -1 && vm_err_occurred()) return NULL;
    return repeat(seq, count);
}

static Obj *binary_number(Obj *a, Obj *b, int op)
{
    const BinOpInfo *bi = &binops[op];
    Obj *r;
    if (op == NB_POWER) {
        r = ternary_op1(a, b, NONE, bi->off);
        if (r != NOTIMPL) return r;
        DECREF(r);
        vm_err_format(&exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s' and '%s'",
                      OBJ_TYPE(a)->name, OBJ_TYPE(b)->name);
        return NULL;
    }
    r = binary_op1(a, b, bi->off);
    if (r != NOTIMPL) return r;
    DECREF(r);
    if (op == NB_ADD) {
        SequenceMethods *sq = OBJ_TYPE(a)->as_sequence;
        if (sq && sq->concat) return sq->concat(a, b);
    } else if (op == NB_MULTIPLY) {
        SequenceMethods *sa = OBJ_TYPE(a)->as_sequence, *sb = OBJ_TYPE(b)->as_sequence;
        if (sa && sa->repeat) return seq_repeat(a, b, sa->repeat);
        if (sb && sb->repeat) return seq_repeat(b, a, sb->repeat);
    }
    return binop_type_error(a, b, bi->sym);
}

static Obj *inplace_number(Obj *a, Obj *b, int bop)
{
    const BinOpInfo *bi = &binops[bop];
    static const char *const isym[] = {
        [NB_ADD] = "+=", [NB_AND] = "&=", [NB_FLOOR_DIVIDE] = "//=", [NB_LSHIFT] = "<<=",
        [NB_MATRIX_MULTIPLY] = "@=", [NB_MULTIPLY] = "*=", [NB_REMAINDER] = "%=", [NB_OR] = "|=",
        [NB_POWER] = "**=", [NB_RSHIFT] = ">>=", [NB_SUBTRACT] = "-=", [NB_TRUE_DIVIDE] = "/=",
        [NB_XOR] = "^=",
    };
    TypeObj *ta = OBJ_TYPE(a);
    Obj *r;
    if (bop == NB_POWER) {
        TernaryFn ip = (TernaryFn)NB_SLOT(ta, bi->ioff);
        if (ip) {
            r = ip(a, b, NONE);
            if (r != NOTIMPL) return r;
            DECREF(r);
        }
        r = ternary_op1(a, b, NONE, bi->off);
        if (r != NOTIMPL) return r;
        DECREF(r);
        vm_err_format(&exc_TypeError, "unsupported operand type(s) for **=: '%s' and '%s'",
                      OBJ_TYPE(a)->name, OBJ_TYPE(b)->name);
        return NULL;
    }
    BinaryFn ip = (BinaryFn)NB_SLOT(ta, bi->ioff);
    if (ip) {
        r = ip(a, b);
        if (r != NOTIMPL) return r;
        DECREF(r);
    }
    r = binary_op1(a, b, bi->off);
    if (r != NOTIMPL) return r;
    DECREF(r);
    SequenceMethods *sq = ta->as_sequence;
    if (bop == NB_ADD && sq) {
        if (sq->inplace_concat) return sq->inplace_concat(a, b);
        if (sq->concat) return sq->concat(a, b);
    } else if (bop == NB_MULTIPLY) {
        SequenceMethods *sb = OBJ_TYPE(b)->as_sequence;
        if (sq && sq->inplace_repeat) return seq_repeat(a, b, sq->inplace_repeat);
        if (sq && sq->repeat) return seq_repeat(a, b, sq->repeat);
        if (sb && sb->repeat) return seq_repeat(b, a, sb->repeat);
    }
    return binop_type_error(a, b, isym[bop]);
}

Obj *num_binary(Obj *a, Obj *b, int op)
{
    if (op >= NB_ADD && op <= NB_XOR) return binary_number(a, b, op);
    if (op >= NB_INPLACE_ADD && op <= NB_INPLACE_XOR) return inplace_number(a, b, op - NB_INPLACE_ADD);
    if (op == NB_SUBSCR) return obj_getitem(a, b);
    vm_err_format(&exc_SystemError, "bad binary operator %d", op);
    return NULL;
}

/* pow(a, b, c) */
Obj *num_power3(Obj *a, Obj *b, Obj *c)
{
    if (c == NONE) return binary_number(a, b, NB_POWER);
    Obj *r = ternary_op1(a, b, c, offsetof(NumberMethods, power));
    if (r != NOTIMPL) return r;
    DECREF(r);
    vm_err_format(&exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                  OBJ_TYPE(a)->name, OBJ_TYPE(b)->name, OBJ_TYPE(c)->name);
    return NULL;
}

Obj *num_divmod(Obj *a, Obj *b)
{
    Obj *r = binary_op1(a, b, offsetof(NumberMethods, divmod));
    if (r != NOTIMPL) return r;
    DECREF(r);
    return binop_type_error(a, b, "divmod()");
}

Obj *num_unary(Obj *a, int op)
{
    NumberMethods *nb = OBJ_TYPE(a)->as_number;
    UnaryFn f = NULL;
    const char *sym = "";
    switch (op) {
    case UN_NEGATIVE: f = nb ? nb->negative : NULL; sym = "-"; break;
    case UN_POSITIVE: f = nb ? nb->positive : NULL; sym = "+"; break;
    case UN_INVERT: f = nb ? nb->invert : NULL; sym = "~"; break;
    case UN_NOT: {
        int t = obj_is_true(a);
        return t < 0 ? NULL : bool_from(!t);
    }
    default:
        vm_err_format(&exc_SystemError, "bad unary operator %d", op);
        return NULL;
    }
    if (!f) {
        vm_err_format(&exc_TypeError, "bad operand type for unary %s: '%s'", sym, OBJ_TYPE(a)->name);
        return NULL;
    }
    return f(a);
}

Obj *num_index(Obj *o)
{
    if (IS_TYPE(o, int_type)) return INCREF(o);
    if (INT_CHECK(o)) return INCREF(o);
    NumberMethods *nb = OBJ_TYPE(o)->as_number;
    if (!nb || !nb->index) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      OBJ_TYPE(o)->name);
        return NULL;
    }
    Obj *r = nb->index(o);
    if (!r || IS_TYPE(r, int_type)) return r;
    if (!INT_CHECK(r)) {
        vm_err_format(&exc_TypeError, "__index__ returned non-int (type %s)", OBJ_TYPE(r)->name);
        DECREF(r);
        return NULL;
    }
    return r;
}

Ssize num_as_ssize(Obj *o, TypeObj *overflow_exc)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    if (int_fits_i64(i) && int_as_i64(i, &v) == 0) {
        DECREF(i);
        return (Ssize)v;
    }
    vm_err_clear();
    int sign = int_sign(i);
    DECREF(i);
    if (!overflow_exc) return sign < 0 ? INTPTR_MIN : INTPTR_MAX;
    vm_err_format(overflow_exc, "cannot fit '%s' into an index-sized integer", OBJ_TYPE(o)->name);
    return -1;
}

/* ---- length, items -------------------------------------------------------------------- */

Ssize obj_length(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t->as_sequence && t->as_sequence->length) return t->as_sequence->length(o);
    if (t->as_mapping && t->as_mapping->length) return t->as_mapping->length(o);
    vm_err_format(&exc_TypeError, "object of type '%s' has no len()", t->name);
    return -1;
}

Obj *obj_getitem(Obj *o, Obj *key)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t->as_mapping && t->as_mapping->subscript) return t->as_mapping->subscript(o, key);
    if (t->as_sequence && t->as_sequence->item) {
        NumberMethods *kn = OBJ_TYPE(key)->as_number;
        if (kn && kn->index) {
            Ssize i = num_as_ssize(key, &exc_IndexError);
            if (i == -1 && vm_err_occurred()) return NULL;
            if (i < 0 && t->as_sequence->length) {
                Ssize n = t->as_sequence->length(o);
                if (n < 0) return NULL;
                i += n;
            }
            return t->as_sequence->item(o, i);
        }
        vm_err_format(&exc_TypeError, "sequence index must be integer, not '%s'", OBJ_TYPE(key)->name);
        return NULL;
    }
    if (TYPE_CHECK(o)) {
        Obj *f;
        if (obj_lookup_attr(o, id_str("__class_getitem__"), &f) < 0) return NULL;
        if (f) {
            Obj *r = obj_call(f, &key, 1, NULL);
            DECREF(f);
            return r;
        }
        vm_err_format(&exc_TypeError, "type '%s' is not subscriptable", type_name((TypeObj *)o));
        return NULL;
    }
    vm_err_format(&exc_TypeError, "'%s' object is not subscriptable", t->name);
    return NULL;
}

int obj_setitem(Obj *o, Obj *key, Obj *value)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t->as_mapping && t->as_mapping->ass_subscript) return t->as_mapping->ass_subscript(o, key, value);
    if (t->as_sequence && t->as_sequence->item) {
        vm_err_format(&exc_TypeError, "'%s' object does not support item assignment", t->name);
        return -1;
    }
    vm_err_format(&exc_TypeError, "'%s' object does not support item assignment", t->name);
    return -1;
}

int obj_delitem(Obj *o, Obj *key)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t->as_mapping && t->as_mapping->ass_subscript) return t->as_mapping->ass_subscript(o, key, NULL);
    /* 3.12 words it "doesn't" when an index meets a type with sequence
     * methods (PySequence_DelItem); classes and the module types 3.12 builds
     * as heap types (dotted names) always have them */
    bool seq = t->as_sequence || (t->flags & TPF_HEAPTYPE) ||
               (strchr(t->name, '.') && strcmp(t->name, "types.SimpleNamespace") != 0 &&
                strncmp(t->name, "weakref.", 8) != 0);
    if (seq && index_check(key)) {
        vm_err_format(&exc_TypeError, "'%s' object doesn't support item deletion", t->name);
        return -1;
    }
    vm_err_format(&exc_TypeError, "'%s' object does not support item deletion", t->name);
    return -1;
}

/* ---- iteration -------------------------------------------------------------------------- */

Obj *obj_getiter(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (!t->iter) {
        if (t->as_sequence && t->as_sequence->item) return seqiter_new(o);
        vm_err_format(&exc_TypeError, "'%s' object is not iterable", t->name);
        return NULL;
    }
    Obj *r = t->iter(o);
    if (r && !OBJ_TYPE(r)->iternext) {
        vm_err_format(&exc_TypeError, "iter() returned non-iterator of type '%s'", OBJ_TYPE(r)->name);
        DECREF(r);
        return NULL;
    }
    return r;
}

Obj *obj_iternext(Obj *it)
{
    UnaryFn f = OBJ_TYPE(it)->iternext;
    if (!f) {
        vm_err_format(&exc_TypeError, "'%s' object is not an iterator", OBJ_TYPE(it)->name);
        return NULL;
    }
    Obj *r = f(it);
    if (!r && vm_err_matches(&exc_StopIteration)) vm_err_clear();
    return r;
}

int seq_iter_search_contains(Obj *seq, Obj *item)
{
    Obj *it = obj_getiter(seq);
    if (!it) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError, "argument of type '%s' is not iterable", OBJ_TYPE(seq)->name);
        }
        return -1;
    }
    for (;;) {
        Obj *x = obj_iternext(it);
        if (!x) {
            DECREF(it);
            return vm_err_occurred() ? -1 : 0;
        }
        int c = obj_richcompare_bool(x, item, CMP_EQ);
        DECREF(x);
        if (c != 0) {
            DECREF(it);
            return c;
        }
    }
}

int obj_contains(Obj *container, Obj *item)
{
    SequenceMethods *sq = OBJ_TYPE(container)->as_sequence;
    if (sq && sq->contains) return sq->contains(container, item);
    return seq_iter_search_contains(container, item);
}

/* ---- isinstance / issubclass ------------------------------------------------------------- */

static Obj *get_bases(Obj *cls)
{
    Obj *b;
    if (obj_lookup_attr(cls, id_str("__bases__"), &b) < 0) return NULL;
    if (b && !TUPLE_CHECK(b)) CLEAR(b);
    return b;
}

static int abstract_issubclass(Obj *derived, Obj *cls, int depth)
{
    if (depth > 1000) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded in __subclasscheck__");
        return -1;
    }
    for (;;) {
        if (derived == cls) return 1;
        Obj *bases = get_bases(derived);
        if (!bases) return vm_err_occurred() ? -1 : 0;
        Ssize n = TUPLE_LEN(bases);
        if (n == 0) {
            DECREF(bases);
            return 0;
        }
        if (n == 1) {
            derived = TUPLE_ITEMS(bases)[0];
            DECREF(bases);   /* still referenced by its owner */
            continue;
        }
        for (Ssize i = 0; i < n; i++) {
            int r = abstract_issubclass(TUPLE_ITEMS(bases)[i], cls, depth + 1);
            if (r != 0) {
                DECREF(bases);
                return r;
            }
        }
        DECREF(bases);
        return 0;
    }
}

static bool check_class(Obj *cls)
{
    Obj *b = get_bases(cls);
    if (!b) {
        if (vm_err_matches(&exc_AttributeError)) vm_err_clear();
        return false;
    }
    DECREF(b);
    return true;
}

int obj_isinstance_plain(Obj *o, Obj *cls)
{
    if (TYPE_CHECK(cls)) {
        if (type_is_subtype(OBJ_TYPE(o), (TypeObj *)cls)) return 1;
        Obj *c;
        if (obj_lookup_attr(o, id_str("__class__"), &c) < 0) return -1;
        int r = 0;
        if (c && c != (Obj *)OBJ_TYPE(o) && TYPE_CHECK(c)) r = type_is_subtype((TypeObj *)c, (TypeObj *)cls);
        XDECREF(c);
        return r;
    }
    if (!check_class(cls)) {
        if (!vm_err_occurred())
            vm_err_set_str(&exc_TypeError,
                           "isinstance() arg 2 must be a type, a tuple of types, or a union");
        return -1;
    }
    Obj *c;
    if (obj_lookup_attr(o, id_str("__class__"), &c) < 0) return -1;
    if (!c) return 0;
    int r = abstract_issubclass(c, cls, 0);
    DECREF(c);
    return r;
}

int obj_issubclass_plain(Obj *derived, Obj *cls)
{
    if (TYPE_CHECK(cls) && TYPE_CHECK(derived))
        return type_is_subtype((TypeObj *)derived, (TypeObj *)cls);
    if (!check_class(derived)) {
        if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    if (!union_check(cls) && !check_class(cls)) {
        if (!vm_err_occurred())
            vm_err_set_str(&exc_TypeError,
                           "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        return -1;
    }
    return abstract_issubclass(derived, cls, 0);
}

static int isinstance_rec(Obj *o, Obj *cls, int depth)
{
    if ((Obj *)OBJ_TYPE(o) == cls) return 1;
    if (IS_TYPE(cls, type_type)) return obj_isinstance_plain(o, cls);
    if (union_check(cls)) cls = union_args_borrow(cls);
    if (TUPLE_CHECK(cls)) {
        if (depth > 1000) {
            vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded in __instancecheck__");
            return -1;
        }
        for (Ssize i = 0; i < TUPLE_LEN(cls); i++) {
            int r = isinstance_rec(o, TUPLE_ITEMS(cls)[i], depth + 1);
            if (r != 0) return r;
        }
        return 0;
    }
    Obj *checker = lookup_special(cls, "__instancecheck__");
    if (checker) {
        Obj *r = obj_call(checker, &o, 1, NULL);
        DECREF(checker);
        if (!r) return -1;
        int t = obj_is_true(r);
        DECREF(r);
        return t;
    }
    if (vm_err_occurred()) return -1;
    return obj_isinstance_plain(o, cls);
}

int obj_isinstance(Obj *o, Obj *cls)
{
    return isinstance_rec(o, cls, 0);
}

static int issubclass_rec(Obj *derived, Obj *cls, int depth)
{
    if (IS_TYPE(cls, type_type)) {
        if (derived == cls) return 1;
        return obj_issubclass_plain(derived, cls);
    }
    if (union_check(cls)) cls = union_args_borrow(cls);
    if (TUPLE_CHECK(cls)) {
        if (depth > 1000) {
            vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded in __subclasscheck__");
            return -1;
        }
        for (Ssize i = 0; i < TUPLE_LEN(cls); i++) {
            int r = issubclass_rec(derived, TUPLE_ITEMS(cls)[i], depth + 1);
            if (r != 0) return r;
        }
        return 0;
    }
    Obj *checker = lookup_special(cls, "__subclasscheck__");
    if (checker) {
        Obj *r = obj_call(checker, &derived, 1, NULL);
        DECREF(checker);
        if (!r) return -1;
        int t = obj_is_true(r);
        DECREF(r);
        return t;
    }
    if (vm_err_occurred()) return -1;
    return obj_issubclass_plain(derived, cls);
}

int obj_issubclass(Obj *derived, Obj *cls)
{
    return issubclass_rec(derived, cls, 0);
}

/* ---- dir ---------------------------------------------------------------------------------- */

Obj *obj_dir(Obj *o)
{
    Obj *f = lookup_special(o, "__dir__");
    if (!f) {
        if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "object does not provide __dir__");
        return NULL;
    }
    Obj *r = obj_call(f, NULL, 0, NULL);
    DECREF(f);
    if (!r) return NULL;
    Obj *l = seq_to_list(r);
    DECREF(r);
    if (!l) return NULL;
    if (list_sort(l, NULL, false) < 0) {
        DECREF(l);
        return NULL;
    }
    return l;
}

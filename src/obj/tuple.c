/* tuple.c — the `tuple` type and its iterator.
 *
 * A tuple is a VarObj with its items inline (TupleObj.items[size]); items
 * are never NULL once the creator has filled them.  The empty tuple is one
 * static, immortal object (`() is ()`), returned by every way of making an
 * empty exact tuple.  Hashes follow 3.8+'s xxHash scheme (pyhash_tuple) and
 * are not cached, as in 3.12: hash(t) asks every item each time.
 *
 * Behaviour and messages are CPython 3.12's: comparison finds the first
 * unequal pair with `==` and then applies the operator to it; `in`, index()
 * and count() compare item == value (item on the left); concatenation and
 * repetition return the operand itself when nothing changes and it is an
 * exact tuple.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

/* The empty tuple: immortal (its count starts huge and is never freed). */
static TupleObj empty_tuple = {
    .base = {.base = {.refcnt = (Ssize)1 << 40, .type = &tuple_type}, .size = 0},
    .hash = -1,
};

Obj *tuple_new(Ssize n)
{
    if (n <= 0) {
        if (n < 0) {
            vm_err_set_str(&exc_SystemError, "negative tuple size");
            return NULL;
        }
        return INCREF(&empty_tuple);
    }
    Obj *t = obj_alloc(&tuple_type, n);
    if (t)
        ((TupleObj *)t)->hash = -1;
    return t;
}

Obj *tuple_from_array(Obj *const *v, Ssize n)
{
    Obj *t = tuple_new(n);
    if (!t)
        return NULL;
    for (Ssize i = 0; i < n; i++)
        TUPLE_ITEMS(t)[i] = INCREF(v[i]);
    return t;
}

Obj *tuple_pack(Ssize n, ...)
{
    Obj *t = tuple_new(n);
    if (!t)
        return NULL;
    va_list ap;
    va_start(ap, n);
    for (Ssize i = 0; i < n; i++)
        TUPLE_ITEMS(t)[i] = INCREF(va_arg(ap, Obj *));
    va_end(ap);
    return t;
}

Obj *tuple_slice(Obj *t, Ssize lo, Ssize hi)
{
    Ssize n = TUPLE_LEN(t);
    if (lo < 0)
        lo = 0;
    if (hi > n)
        hi = n;
    if (hi < lo)
        hi = lo;
    if (lo == 0 && hi == n && IS_TYPE(t, tuple_type))
        return INCREF(t);
    return tuple_from_array(TUPLE_ITEMS(t) + lo, hi - lo);
}

/* ---- slots --------------------------------------------------------------- */

static void tuple_dealloc(Obj *o)
{
    gc_untrack(o);
    int trash = trash_begin(o, tuple_dealloc);
    if (trash > 0)
        return;
    /* Last item first, as CPython releases them. */
    Ssize i = TUPLE_LEN(o);
    while (--i >= 0)
        XDECREF(TUPLE_ITEMS(o)[i]);
    obj_free(o);
    if (trash == 0)
        trash_end();
}

static int tuple_traverse(Obj *o, VisitFn visit, void *arg)
{
    for (Ssize i = TUPLE_LEN(o); --i >= 0;) {
        Obj *x = TUPLE_ITEMS(o)[i];
        if (x) {
            int r = visit(x, arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static Obj *tuple_repr(Obj *o)
{
    Ssize n = TUPLE_LEN(o);
    if (n == 0)
        return str_from_cstr("()");
    int r = repr_enter(o);
    if (r != 0)
        return r > 0 ? str_from_cstr("(...)") : NULL;
    SBuf b = SBUF_INIT;
    sbuf_putc(&b, '(');
    for (Ssize i = 0; i < n; i++) {
        if (i)
            sbuf_puts(&b, ", ");
        Obj *s = obj_repr(TUPLE_ITEMS(o)[i]);
        if (!s) {
            sbuf_free(&b);
            repr_leave(o);
            return NULL;
        }
        Ssize len;
        const char *u = str_utf8_lossy(s, &len);
        sbuf_put(&b, u, (size_t)len);
        DECREF(s);
    }
    sbuf_puts(&b, n == 1 ? ",)" : ")");
    repr_leave(o);
    Obj *res = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return res;
}

Hash tuple_hash(Obj *o)
{
    /* (t,) nested a hundred thousand deep: CPython recurses unchecked */
    if (vm_c_stack_low()) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return -1;
    }
    Ssize n = TUPLE_LEN(o);
    uint64_t small[16] = {0};
    uint64_t *hs = small;
    if (n > 16) {
        hs = malloc((size_t)n * sizeof *hs);
        if (!hs) {
            vm_err_no_memory();
            return -1;
        }
    }
    for (Ssize i = 0; i < n; i++) {
        Hash h = obj_hash(TUPLE_ITEMS(o)[i]);
        if (h == -1) {
            if (hs != small)
                free(hs);
            return -1;
        }
        hs[i] = (uint64_t)h;
    }
    uint64_t h = pyhash_tuple(&pyhash_vm, hs, (size_t)n);
    if (hs != small)
        free(hs);
    return (Hash)pyhash_signed(&pyhash_vm, h);
}

static Obj *tuple_richcompare(Obj *v, Obj *w, int op)
{
    if (!TUPLE_CHECK(v) || !TUPLE_CHECK(w))
        return INCREF(NOTIMPL);
    Ssize vlen = TUPLE_LEN(v), wlen = TUPLE_LEN(w), i;
    for (i = 0; i < vlen && i < wlen; i++) {
        int k = obj_richcompare_bool(TUPLE_ITEMS(v)[i], TUPLE_ITEMS(w)[i], CMP_EQ);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= vlen || i >= wlen)
        return ssize_richcompare(vlen, wlen, op);
    if (op == CMP_EQ)
        return bool_from(false);
    if (op == CMP_NE)
        return bool_from(true);
    return obj_richcompare(TUPLE_ITEMS(v)[i], TUPLE_ITEMS(w)[i], op);
}

static Ssize tuple_length(Obj *o) { return TUPLE_LEN(o); }

static Obj *tuple_item(Obj *o, Ssize i)
{
    if (i < 0 || i >= TUPLE_LEN(o)) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    return INCREF(TUPLE_ITEMS(o)[i]);
}

static Obj *tuple_concat(Obj *a, Obj *b)
{
    if (!TUPLE_CHECK(b)) {
        vm_err_format(&exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple",
                      OBJ_TYPE(b)->name);
        return NULL;
    }
    Ssize na = TUPLE_LEN(a), nb = TUPLE_LEN(b);
    if (nb == 0 && IS_TYPE(a, tuple_type))
        return INCREF(a);
    if (na == 0 && IS_TYPE(b, tuple_type))
        return INCREF(b);
    if (na > INTPTR_MAX / 8 - nb) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *t = tuple_new(na + nb);
    if (!t)
        return NULL;
    for (Ssize i = 0; i < na; i++)
        TUPLE_ITEMS(t)[i] = INCREF(TUPLE_ITEMS(a)[i]);
    for (Ssize i = 0; i < nb; i++)
        TUPLE_ITEMS(t)[na + i] = INCREF(TUPLE_ITEMS(b)[i]);
    return t;
}

static Obj *tuple_repeat(Obj *a, Ssize n)
{
    Ssize len = TUPLE_LEN(a);
    if ((len == 0 || n == 1) && IS_TYPE(a, tuple_type))
        return INCREF(a);
    if (len == 0 || n <= 0)
        return tuple_new(0);
    if (len > INTPTR_MAX / 8 / n) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *t = tuple_new(len * n);
    if (!t)
        return NULL;
    Obj **dst = TUPLE_ITEMS(t);
    for (Ssize k = 0; k < n; k++)
        for (Ssize i = 0; i < len; i++)
            *dst++ = INCREF(TUPLE_ITEMS(a)[i]);
    return t;
}

static int tuple_contains(Obj *o, Obj *el)
{
    int cmp = 0;
    for (Ssize i = 0; cmp == 0 && i < TUPLE_LEN(o); i++)
        cmp = obj_richcompare_bool(TUPLE_ITEMS(o)[i], el, CMP_EQ);
    return cmp;
}

static Obj *tuple_subscript(Obj *o, Obj *item)
{
    if (index_check(item)) {
        Ssize i = num_as_ssize(item, &exc_IndexError);
        if (i == -1 && vm_err_occurred())
            return NULL;
        if (i < 0)
            i += TUPLE_LEN(o);
        return tuple_item(o, i);
    }
    if (IS_TYPE(item, slice_type)) {
        Ssize start, stop, step;
        if (slice_unpack(item, &start, &stop, &step) < 0)
            return NULL;
        Ssize n = slice_adjust(TUPLE_LEN(o), &start, &stop, step);
        if (n <= 0)
            return tuple_new(0);
        if (start == 0 && step == 1 && n == TUPLE_LEN(o) && IS_TYPE(o, tuple_type))
            return INCREF(o);
        Obj *t = tuple_new(n);
        if (!t)
            return NULL;
        for (Ssize i = 0, cur = start; i < n; i++, cur += step)
            TUPLE_ITEMS(t)[i] = INCREF(TUPLE_ITEMS(o)[cur]);
        return t;
    }
    vm_err_format(&exc_TypeError, "tuple indices must be integers or slices, not %s",
                  OBJ_TYPE(item)->name);
    return NULL;
}

/* tuple(iterable) for a subtype: build an exact tuple, then copy it into an
 * instance of the subtype. */
static Obj *tuple_subtype_new(TypeObj *t, Obj *iterable)
{
    Obj *tmp = iterable ? seq_to_tuple(iterable) : tuple_new(0);
    if (!tmp)
        return NULL;
    Ssize n = TUPLE_LEN(tmp);
    Obj *r = obj_alloc(t, n);
    if (r) {
        ((TupleObj *)r)->hash = -1;
        for (Ssize i = 0; i < n; i++)
            TUPLE_ITEMS(r)[i] = INCREF(TUPLE_ITEMS(tmp)[i]);
    }
    DECREF(tmp);
    return r;
}

static Obj *tuple_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    /* Keywords are refused unless a subclass brings its own __init__. */
    if ((t == &tuple_type || t->init == tuple_type.init) && args_no_kw("tuple", kwnames) < 0)
        return NULL;
    if (args_count("tuple", nargs, 0, 1) < 0)
        return NULL;
    Obj *iterable = nargs ? args[0] : NULL;
    if (t != &tuple_type)
        return tuple_subtype_new(t, iterable);
    if (!iterable)
        return tuple_new(0);
    return seq_to_tuple(iterable);
}

Obj *seq_to_tuple(Obj *v)
{
    if (IS_TYPE(v, tuple_type))
        return INCREF(v);
    if (IS_TYPE(v, list_type))
        return list_as_tuple(v);
    Obj *l = seq_to_list(v);
    if (!l)
        return NULL;
    Obj *t = list_as_tuple(l);
    DECREF(l);
    return t;
}

/* ---- methods --------------------------------------------------------------- */

static Obj *tuple_index_meth(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("tuple.index", kwnames) < 0 || args_count("index", nargs, 1, 3) < 0)
        return NULL;
    Ssize start = 0, stop = INTPTR_MAX;
    if (nargs > 1 && slice_index_not_none(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && slice_index_not_none(args[2], &stop) < 0)
        return NULL;
    Ssize n = TUPLE_LEN(self);
    if (start < 0) {
        start += n;
        if (start < 0)
            start = 0;
    }
    if (stop < 0)
        stop += n;
    else if (stop > n)
        stop = n;
    for (Ssize i = start; i < stop; i++) {
        int cmp = obj_richcompare_bool(TUPLE_ITEMS(self)[i], args[0], CMP_EQ);
        if (cmp > 0)
            return int_from_i64(i);
        if (cmp < 0)
            return NULL;
    }
    vm_err_set_str(&exc_ValueError, "tuple.index(x): x not in tuple");
    return NULL;
}

static Obj *tuple_count_meth(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Ssize count = 0;
    for (Ssize i = 0; i < TUPLE_LEN(self); i++) {
        int cmp = obj_richcompare_bool(TUPLE_ITEMS(self)[i], args[0], CMP_EQ);
        if (cmp > 0)
            count++;
        else if (cmp < 0)
            return NULL;
    }
    return int_from_i64(count);
}

static Obj *tuple_getnewargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    Obj *copy = tuple_from_array(TUPLE_ITEMS(self), TUPLE_LEN(self));
    if (!copy)
        return NULL;
    Obj *r = tuple_pack(1, copy);
    DECREF(copy);
    return r;
}

static Obj *tuple_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    /* CPython: 24-byte header + 8 per item (the GC header is added by
     * sys.getsizeof); subclass instances add what their layout adds. */
    Ssize extra = OBJ_TYPE(self)->basicsize - (Ssize)sizeof(TupleObj);
    return int_from_i64(24 + extra + 8 * TUPLE_LEN(self));
}

/* list[int] and friends: types.GenericAlias (PEP 585). */
static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(cls, args[0]);
}

static MethodDef tuple_methods[] = {
    {"__getnewargs__", tuple_getnewargs, METH_NOARGS, NULL},
    {"index", tuple_index_meth, METH_FAST,
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"count", tuple_count_meth, METH_O, "Return number of occurrences of value."},
    {"__sizeof__", tuple_sizeof, METH_NOARGS, NULL},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static SequenceMethods tuple_as_sequence = {
    .length = tuple_length,
    .concat = tuple_concat,
    .repeat = tuple_repeat,
    .item = tuple_item,
    .contains = tuple_contains,
};

static MappingMethods tuple_as_mapping = {
    .length = tuple_length,
    .subscript = tuple_subscript,
};

/* ---- tuple_iterator ------------------------------------------------------------ */

typedef IndexIter SeqIndexIter;

static Obj *tuple_iter(Obj *o)
{
    SeqIndexIter *it = (SeqIndexIter *)obj_alloc(&tuple_iter_type, 0);
    if (!it)
        return NULL;
    it->index = 0;
    it->seq = INCREF(o);
    return (Obj *)it;
}

static Obj *tupleiter_next(Obj *o)
{
    SeqIndexIter *it = (SeqIndexIter *)o;
    if (!it->seq)
        return NULL;
    if (it->index < TUPLE_LEN(it->seq))
        return INCREF(TUPLE_ITEMS(it->seq)[it->index++]);
    CLEAR(it->seq);
    return NULL;
}

static Obj *tupleiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SeqIndexIter *it = (SeqIndexIter *)o;
    Ssize len = it->seq ? TUPLE_LEN(it->seq) - it->index : 0;
    return int_from_i64(len > 0 ? len : 0);
}

static Obj *tupleiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SeqIndexIter *it = (SeqIndexIter *)o;
    return iter_reduce_seq(it->seq, it->index, NULL);
}

static Obj *tupleiter_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    SeqIndexIter *it = (SeqIndexIter *)o;
    Ssize index = num_as_ssize(a[0], &exc_OverflowError);
    if (index == -1 && vm_err_occurred())
        return NULL;
    if (it->seq) {
        if (index < 0)
            index = 0;
        else if (index > TUPLE_LEN(it->seq))
            index = TUPLE_LEN(it->seq);
        it->index = index;
    }
    return INCREF(NONE);
}

static MethodDef tupleiter_methods[] = {
    {"__length_hint__", tupleiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", tupleiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", tupleiter_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj tuple_iter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "tuple_iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(SeqIndexIter),
    .flags = TPF_GC,
    .dealloc = indexiter_dealloc,
    .traverse = indexiter_traverse,
    .iter = iter_self,
    .iternext = tupleiter_next,
    .methods = tupleiter_methods,
};

TypeObj tuple_type = {
    .base = TYPE_HEAD_INIT,
    .name = "tuple",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(TupleObj),
    .itemsize = sizeof(Obj *),
    .flags = TPF_BASETYPE | TPF_GC | TPF_TUPLE_SUBCLASS | TPF_SEQUENCE,
    .dealloc = tuple_dealloc,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcompare = tuple_richcompare,
    .iter = tuple_iter,
    .new_ = tuple_tp_new,
    .traverse = tuple_traverse,
    .as_sequence = &tuple_as_sequence,
    .as_mapping = &tuple_as_mapping,
    .methods = tuple_methods,
    .doc = "Built-in immutable sequence.\n\n"
           "If no argument is given, the constructor returns an empty tuple.\n"
           "If iterable is specified the tuple is initialized from iterable's items.\n\n"
           "If the argument is a tuple, the return value is the same object.",
};

/* iter.c — generic iterators and the iterator builtins.
 *
 * `iterator` (seqiter: iter() over __getitem__ until IndexError or
 * StopIteration), `callable_iterator` (iter(f, sentinel), stopping when
 * sentinel == f()), and the builtin classes enumerate, zip (strict=),
 * map, filter and reversed (__reversed__, else the sequence protocol).
 * Also the helpers every container iterator uses: iter_self, length hints
 * (operator.length_hint's rules) and the __reduce__ tuples that name the
 * builtins iter / reversed.
 *
 * Exhaustion is sticky: an iterator drops its source the first time it
 * runs out, as CPython's do, so a later next() does not resume.
 */
#include "config.h"

#include <stdlib.h>

#include "pydbg/vm.h"

/* ---- helpers ---------------------------------------------------------------------- */

Obj *iter_self(Obj *o) { return INCREF(o); }

bool has_len(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    return (t->as_sequence && t->as_sequence->length) || (t->as_mapping && t->as_mapping->length);
}

/* The special method `name` of type(o), bound to o; NULL without an
 * exception when the type has none. */
static Obj *special_method(Obj *o, const char *name)
{
    Obj *n = str_intern_cstr(name);
    if (!n)
        return NULL;
    Obj *f = type_lookup(OBJ_TYPE(o), n);
    DECREF(n);
    if (!f)
        return NULL;
    DescrGetFn get = OBJ_TYPE(f)->descr_get;
    if (get)
        return get(f, o, (Obj *)OBJ_TYPE(o));
    return INCREF(f);
}

Ssize iter_length_hint(Obj *o, Ssize dflt)
{
    if (has_len(o)) {
        Ssize res = obj_length(o);
        if (res >= 0)
            return res;
        if (!vm_err_matches(&exc_TypeError))
            return -1;
        vm_err_clear();
    }
    Obj *hint = special_method(o, "__length_hint__");
    if (!hint)
        return vm_err_occurred() ? -1 : dflt;
    Obj *result = obj_call(hint, NULL, 0, NULL);
    DECREF(hint);
    if (!result) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            return dflt;
        }
        return -1;
    }
    if (result == NOTIMPL) {
        DECREF(result);
        return dflt;
    }
    if (!INT_CHECK(result)) {
        vm_err_format(&exc_TypeError, "__length_hint__ must be an integer, not %s",
                      OBJ_TYPE(result)->name);
        DECREF(result);
        return -1;
    }
    int64_t v;
    int r = int_as_i64(result, &v);
    DECREF(result);
    if (r < 0) {
        if (vm_err_matches(&exc_OverflowError))
            vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    if (v < 0) {
        vm_err_set_str(&exc_ValueError, "__length_hint__() should return >= 0");
        return -1;
    }
    return (Ssize)v;
}

Obj *iter_get_builtin(const char *name)
{
    Obj *b = vm && vm->builtins ? dict_get_str_borrow(vm->builtins, name) : NULL;
    if (!b) {
        if (!vm_err_occurred())
            vm_err_format(&exc_AttributeError, "module 'builtins' has no attribute '%s'", name);
        return NULL;
    }
    return INCREF(b);
}

Obj *iter_reduce_builtin(const char *builtin, Obj *seq, Ssize index, Obj *exhausted)
{
    Obj *f = iter_get_builtin(builtin);
    if (!f)
        return NULL;
    Obj *res = NULL;
    if (seq) {
        Obj *args = tuple_pack(1, seq);
        Obj *i = args ? int_from_i64(index) : NULL;
        if (i)
            res = tuple_pack(3, f, args, i);
        XDECREF(args);
        XDECREF(i);
    } else {
        Obj *empty = exhausted ? INCREF(exhausted) : tuple_new(0);
        Obj *args = empty ? tuple_pack(1, empty) : NULL;
        if (args)
            res = tuple_pack(2, f, args);
        XDECREF(args);
        XDECREF(empty);
    }
    DECREF(f);
    return res;
}

Obj *iter_reduce_seq(Obj *seq, Ssize index, Obj *exhausted)
{
    return iter_reduce_builtin("iter", seq, index, exhausted);
}

/* next(it): NULL with no exception when exhausted (a StopIteration from
 * a Python __next__ is absorbed). */

/* seq[i] through the sequence protocol (PySequence_GetItem). */
static Obj *seq_getitem(Obj *seq, Ssize i)
{
    SequenceMethods *sq = OBJ_TYPE(seq)->as_sequence;
    if (sq && sq->item)
        return sq->item(seq, i);
    Obj *io = int_from_i64(i);
    if (!io)
        return NULL;
    Obj *r = obj_getitem(seq, io);
    DECREF(io);
    return r;
}

static Obj *ssize_state(Obj *state, Ssize *out)
{
    Obj *i = num_index(state);
    if (!i)
        return NULL;
    int64_t v;
    int r = int_as_i64(i, &v);
    DECREF(i);
    if (r < 0)
        return NULL;
    *out = (Ssize)v;
    return NONE;
}

static bool kw_given(Obj *kwnames) { return kwnames && TUPLE_LEN(kwnames) > 0; }

/* ---- iterator (seqiter) ------------------------------------------------------------------ */

typedef IndexIter SeqIter;

Obj *seqiter_new(Obj *seq)
{
    SeqIter *it = (SeqIter *)obj_alloc(&seqiter_type, 0);
    if (!it)
        return NULL;
    it->index = 0;
    it->seq = INCREF(seq);
    return (Obj *)it;
}

void indexiter_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((IndexIter *)o)->seq);
    obj_free(o);
}

int indexiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *s = ((IndexIter *)o)->seq;
    return s ? visit(s, arg) : 0;
}

static Obj *seqiter_next(Obj *o)
{
    SeqIter *it = (SeqIter *)o;
    Obj *seq = it->seq;
    if (!seq)
        return NULL;
    if (it->index == INTPTR_MAX) {
        vm_err_set_str(&exc_OverflowError, "iter index too large");
        return NULL;
    }
    Obj *r = seq_getitem(seq, it->index);
    if (r) {
        it->index++;
        return r;
    }
    if (vm_err_matches(&exc_IndexError) || vm_err_matches(&exc_StopIteration)) {
        vm_err_clear();
        CLEAR(it->seq);
    }
    return NULL;
}

static Obj *seqiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SeqIter *it = (SeqIter *)o;
    if (it->seq) {
        if (!has_len(it->seq))
            return INCREF(NOTIMPL);
        Ssize size = obj_length(it->seq);
        if (size == -1)
            return NULL;
        Ssize len = size - it->index;
        if (len >= 0)
            return int_from_i64(len);
    }
    return int_from_i64(0);
}

static Obj *seqiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SeqIter *it = (SeqIter *)o;
    return iter_reduce_seq(it->seq, it->index, NULL);
}

static Obj *seqiter_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    SeqIter *it = (SeqIter *)o;
    Ssize index;
    if (!ssize_state(a[0], &index))
        return NULL;
    if (it->seq)
        it->index = index < 0 ? 0 : index;
    return INCREF(NONE);
}

static MethodDef seqiter_methods[] = {
    {"__length_hint__", seqiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", seqiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", seqiter_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj seqiter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(SeqIter),
    .flags = TPF_GC,
    .dealloc = indexiter_dealloc,
    .traverse = indexiter_traverse,
    .iter = iter_self,
    .iternext = seqiter_next,
    .methods = seqiter_methods,
};

/* ---- callable_iterator -------------------------------------------------------------------- */

typedef struct CallIter {
    Obj base;
    Obj *callable;     /* both NULL once exhausted */
    Obj *sentinel;
} CallIter;

Obj *calliter_new(Obj *callable, Obj *sentinel)
{
    CallIter *it = (CallIter *)obj_alloc(&calliter_type, 0);
    if (!it)
        return NULL;
    it->callable = INCREF(callable);
    it->sentinel = INCREF(sentinel);
    return (Obj *)it;
}

static void calliter_dealloc(Obj *o)
{
    gc_untrack(o);
    CallIter *it = (CallIter *)o;
    CLEAR(it->callable);
    CLEAR(it->sentinel);
    obj_free(o);
}

static int calliter_traverse(Obj *o, VisitFn visit, void *arg)
{
    CallIter *it = (CallIter *)o;
    int r;
    if (it->callable && (r = visit(it->callable, arg)))
        return r;
    if (it->sentinel && (r = visit(it->sentinel, arg)))
        return r;
    return 0;
}

static Obj *calliter_next(Obj *o)
{
    CallIter *it = (CallIter *)o;
    if (!it->callable)
        return NULL;
    Obj *result = obj_call(it->callable, NULL, 0, NULL);
    if (result) {
        int ok = obj_richcompare_bool(it->sentinel, result, CMP_EQ);
        if (ok == 0)
            return result;
        if (ok > 0) {
            CLEAR(it->callable);
            CLEAR(it->sentinel);
        }
    } else if (vm_err_matches(&exc_StopIteration)) {
        vm_err_clear();
        CLEAR(it->callable);
        CLEAR(it->sentinel);
    }
    XDECREF(result);
    return NULL;
}

static Obj *calliter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    CallIter *it = (CallIter *)o;
    Obj *f = iter_get_builtin("iter");
    if (!f)
        return NULL;
    Obj *args = it->callable && it->sentinel ? tuple_pack(2, it->callable, it->sentinel) : NULL;
    Obj *res = NULL;
    if (args) {
        res = tuple_pack(2, f, args);
        DECREF(args);
    } else if (!it->callable || !it->sentinel) {
        res = iter_reduce_seq(NULL, 0, NULL);
    }
    DECREF(f);
    return res;
}

static MethodDef calliter_methods[] = {
    {"__reduce__", calliter_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj calliter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "callable_iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(CallIter),
    .flags = TPF_GC,
    .dealloc = calliter_dealloc,
    .traverse = calliter_traverse,
    .iter = iter_self,
    .iternext = calliter_next,
    .methods = calliter_methods,
};

/* ---- enumerate ------------------------------------------------------------------------ */

typedef struct EnumObj {
    Obj base;
    Ssize index;       /* INTPTR_MAX: counting in longindex */
    Obj *sit;          /* the underlying iterator */
    Obj *result;       /* (index, item) tuple reused while unshared */
    Obj *longindex;    /* NULL until the count leaves Py_ssize_t */
    Obj *unused;       /* CPython's cached 1: the object is as big as there */
} EnumObj;

static int bad_enum_kw(Obj *kw)
{
    vm_err_format(&exc_TypeError, "'%U' is an invalid keyword argument for enumerate()", kw);
    return -1;
}

static Obj *enum_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    Obj *iterable = NULL, *start = NULL;
    if (nargs + nkw == 2) {
        if (nkw == 1 && !str_eq_cstr(TUPLE_ITEMS(kwnames)[0], "start")) {
            bad_enum_kw(TUPLE_ITEMS(kwnames)[0]);
            return NULL;
        }
        iterable = args[0];
        start = args[1];
        if (nkw == 2) {
            Obj *k0 = TUPLE_ITEMS(kwnames)[0], *k1 = TUPLE_ITEMS(kwnames)[1];
            if (str_eq_cstr(k0, "start")) {
                /* enumerate(start=…, iterable=…) */
                if (!str_eq_cstr(k1, "iterable")) {
                    bad_enum_kw(k1);
                    return NULL;
                }
                iterable = args[1];
                start = args[0];
            } else if (!str_eq_cstr(k0, "iterable")) {
                bad_enum_kw(k0);
                return NULL;
            } else if (!str_eq_cstr(k1, "start")) {
                bad_enum_kw(k1);
                return NULL;
            }
        }
    } else if (nargs + nkw == 1) {
        if (nkw == 1 && !str_eq_cstr(TUPLE_ITEMS(kwnames)[0], "iterable")) {
            bad_enum_kw(TUPLE_ITEMS(kwnames)[0]);
            return NULL;
        }
        iterable = args[0];
    } else if (nargs + nkw == 0) {
        vm_err_set_str(&exc_TypeError, "enumerate() missing required argument 'iterable'");
        return NULL;
    } else {
        vm_err_format(&exc_TypeError, "enumerate() takes at most 2 arguments (%d given)",
                      (int)(nargs + nkw));
        return NULL;
    }
    EnumObj *en = (EnumObj *)obj_alloc(t, 0);
    if (!en)
        return NULL;
    en->index = 0;
    en->result = tuple_pack(2, NONE, NONE);
    if (!en->result) {
        DECREF(en);
        return NULL;
    }
    if (start) {
        Obj *s = num_index(start);
        if (!s) {
            DECREF(en);
            return NULL;
        }
        int64_t v;
        if (int_fits_i64(s) && int_as_i64(s, &v) == 0 && v != INT64_MAX) {
            en->index = (Ssize)v;
            DECREF(s);
        } else {
            en->index = INTPTR_MAX;
            en->longindex = s;
        }
    }
    en->sit = obj_getiter(iterable);
    if (!en->sit) {
        DECREF(en);
        return NULL;
    }
    return (Obj *)en;
}

static void enum_dealloc(Obj *o)
{
    gc_untrack(o);
    EnumObj *en = (EnumObj *)o;
    CLEAR(en->sit);
    CLEAR(en->result);
    CLEAR(en->longindex);
    obj_free(o);
}

static int enum_traverse(Obj *o, VisitFn visit, void *arg)
{
    EnumObj *en = (EnumObj *)o;
    int r;
    if (en->sit && (r = visit(en->sit, arg)))
        return r;
    if (en->result && (r = visit(en->result, arg)))
        return r;
    if (en->longindex && (r = visit(en->longindex, arg)))
        return r;
    return 0;
}

/* (a, b) (both stolen) in *cache when nobody else holds it (CPython's
 * result-tuple reuse, visible through id() and gc counts), else new. */
static Obj *pair_recycled(Obj **cache, Obj *a, Obj *b)
{
    Obj *result = *cache;
    if (result && result->refcnt == 1) {
        INCREF(result);
        Obj *olda = TUPLE_ITEMS(result)[0], *oldb = TUPLE_ITEMS(result)[1];
        TUPLE_ITEMS(result)[0] = a;
        TUPLE_ITEMS(result)[1] = b;
        DECREF(olda);
        DECREF(oldb);
        if (!gc_is_tracked(result))
            gc_track(result);
        return result;
    }
    Obj *t = tuple_new(2);
    if (!t) {
        DECREF(a);
        DECREF(b);
        return NULL;
    }
    TUPLE_ITEMS(t)[0] = a;
    TUPLE_ITEMS(t)[1] = b;
    return t;
}

static Obj *enum_next(Obj *o)
{
    EnumObj *en = (EnumObj *)o;
    Obj *item = obj_iternext(en->sit);
    if (!item)
        return NULL;
    Obj *index;
    if (en->index == INTPTR_MAX) {
        if (!en->longindex && !(en->longindex = int_from_i64(INTPTR_MAX))) {
            DECREF(item);
            return NULL;
        }
        index = en->longindex;
        Obj *one = int_from_i64(1);
        Obj *next = one ? num_binary(index, one, NB_ADD) : NULL;
        XDECREF(one);
        if (!next) {
            DECREF(item);
            return NULL;
        }
        en->longindex = next;   /* our reference to index passes to the tuple */
    } else {
        index = int_from_i64(en->index);
        if (!index) {
            DECREF(item);
            return NULL;
        }
        en->index++;
    }
    return pair_recycled(&en->result, index, item);
}

static Obj *enum_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    EnumObj *en = (EnumObj *)o;
    Obj *index = en->longindex ? INCREF(en->longindex) : int_from_i64(en->index);
    if (!index)
        return NULL;
    Obj *args = tuple_pack(2, en->sit, index);
    DECREF(index);
    if (!args)
        return NULL;
    Obj *res = tuple_pack(2, (Obj *)OBJ_TYPE(o), args);
    DECREF(args);
    return res;
}

/* list[int] and friends: types.GenericAlias (PEP 585). */
static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(cls, args[0]);
}

static MethodDef enum_methods[] = {
    {"__reduce__", enum_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

TypeObj enumerate_type = {
    .base = TYPE_HEAD_INIT,
    .name = "enumerate",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(EnumObj),
    .flags = TPF_GC | TPF_BASETYPE,
    .dealloc = enum_dealloc,
    .traverse = enum_traverse,
    .iter = iter_self,
    .iternext = enum_next,
    .new_ = enum_tp_new,
    .methods = enum_methods,
    .doc = "Return an enumerate object.\n\n"
           "  iterable\n    an object supporting iteration\n\n"
           "The enumerate object yields pairs containing a count (from start, which\n"
           "defaults to zero) and a value yielded by the iterable argument.\n\n"
           "enumerate is useful for obtaining an indexed list:\n"
           "    (0, seq[0]), (1, seq[1]), (2, seq[2]), ...",
};

/* ---- zip --------------------------------------------------------------------------------- */

typedef struct ZipObj {
    Obj base;
    Ssize tuplesize;
    Obj *ittuple;      /* tuple of iterators */
    Obj *result;       /* result tuple reused while unshared */
    bool strict;
} ZipObj;

static Obj *zip_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    bool strict = false;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (nkw) {
        if (t != &zip_type && t->init != zip_type.init) {
            /* a subclass with its own __init__ takes the keywords */
        } else {
            for (Ssize i = 0; i < nkw; i++) {
                Obj *name = TUPLE_ITEMS(kwnames)[i];
                if (!str_eq_cstr(name, "strict")) {
                    vm_err_format(&exc_TypeError, "'%U' is an invalid keyword argument for zip()", name);
                    return NULL;
                }
                int b = obj_is_true(args[nargs + i]);
                if (b < 0)
                    return NULL;
                strict = b != 0;
            }
        }
    }
    Obj *its = tuple_new(nargs);
    if (!its)
        return NULL;
    for (Ssize i = 0; i < nargs; i++) {
        Obj *it = obj_getiter(args[i]);
        if (!it) {
            for (Ssize j = i; j < nargs; j++)
                TUPLE_ITEMS(its)[j] = INCREF(NONE);
            DECREF(its);
            return NULL;
        }
        TUPLE_ITEMS(its)[i] = it;
    }
    Obj *result = tuple_new(nargs);
    if (!result) {
        DECREF(its);
        return NULL;
    }
    for (Ssize i = 0; i < nargs; i++)
        TUPLE_ITEMS(result)[i] = INCREF(NONE);
    ZipObj *z = (ZipObj *)obj_alloc(t, 0);
    if (!z) {
        DECREF(its);
        DECREF(result);
        return NULL;
    }
    z->tuplesize = nargs;
    z->ittuple = its;
    z->result = result;
    z->strict = strict;
    return (Obj *)z;
}

static void zip_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((ZipObj *)o)->ittuple);
    CLEAR(((ZipObj *)o)->result);
    obj_free(o);
}

static int zip_traverse(Obj *o, VisitFn visit, void *arg)
{
    ZipObj *z = (ZipObj *)o;
    int r;
    if (z->ittuple && (r = visit(z->ittuple, arg)))
        return r;
    if (z->result && (r = visit(z->result, arg)))
        return r;
    return 0;
}

static Obj *zip_next(Obj *o)
{
    ZipObj *z = (ZipObj *)o;
    Ssize n = z->tuplesize, i;
    if (n == 0)
        return NULL;
    Obj *result = z->result;
    if (result->refcnt == 1) {
        /* nobody holds the last result: fill it again */
        INCREF(result);
        for (i = 0; i < n; i++) {
            Obj *item = obj_iternext(TUPLE_ITEMS(z->ittuple)[i]);
            if (!item) {
                DECREF(result);
                if (z->strict)
                    goto check;
                return NULL;
            }
            Obj *old = TUPLE_ITEMS(result)[i];
            TUPLE_ITEMS(result)[i] = item;
            DECREF(old);
        }
        if (!gc_is_tracked(result))
            gc_track(result);
        return result;
    }
    result = tuple_new(n);
    if (!result)
        return NULL;
    for (i = 0; i < n; i++) {
        Obj *item = obj_iternext(TUPLE_ITEMS(z->ittuple)[i]);
        if (!item) {
            for (Ssize j = i; j < n; j++)
                TUPLE_ITEMS(result)[j] = INCREF(NONE);
            DECREF(result);
            if (z->strict)
                goto check;
            return NULL;
        }
        TUPLE_ITEMS(result)[i] = item;
    }
    return result;
check:
    if (vm_err_occurred()) {
        if (!vm_err_matches(&exc_StopIteration))
            return NULL;
        vm_err_clear();
    }
    if (i) {
        vm_err_format(&exc_ValueError, "zip() argument %d is shorter than argument%s%d",
                      (int)(i + 1), i == 1 ? " " : "s 1-", (int)i);
        return NULL;
    }
    for (i = 1; i < n; i++) {
        Obj *item = obj_iternext(TUPLE_ITEMS(z->ittuple)[i]);
        if (item) {
            DECREF(item);
            vm_err_format(&exc_ValueError, "zip() argument %d is longer than argument%s%d",
                          (int)(i + 1), i == 1 ? " " : "s 1-", (int)i);
            return NULL;
        }
        if (vm_err_occurred()) {
            if (!vm_err_matches(&exc_StopIteration))
                return NULL;
            vm_err_clear();
        }
    }
    return NULL;
}

static Obj *zip_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ZipObj *z = (ZipObj *)o;
    if (z->strict)
        return tuple_pack(3, (Obj *)OBJ_TYPE(o), z->ittuple, TRUE_);
    return tuple_pack(2, (Obj *)OBJ_TYPE(o), z->ittuple);
}

static Obj *zip_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int b = obj_is_true(a[0]);
    if (b < 0)
        return NULL;
    ((ZipObj *)o)->strict = b != 0;
    return INCREF(NONE);
}

static MethodDef zip_methods[] = {
    {"__reduce__", zip_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", zip_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj zip_type = {
    .base = TYPE_HEAD_INIT,
    .name = "zip",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(ZipObj),
    .flags = TPF_GC | TPF_BASETYPE,
    .dealloc = zip_dealloc,
    .traverse = zip_traverse,
    .iter = iter_self,
    .iternext = zip_next,
    .new_ = zip_tp_new,
    .methods = zip_methods,
    .doc = "zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.\n\n"
           "   >>> list(zip('abcdefg', range(3), range(4)))\n"
           "   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]\n\n"
           "The zip object yields n-length tuples, where n is the number of iterables\n"
           "passed as positional arguments to zip().  The i-th element in every tuple\n"
           "comes from the i-th iterable argument to zip().  This continues until the\n"
           "shortest argument is exhausted.\n\n"
           "If strict is true and one of the arguments is exhausted before the others,\n"
           "raise a ValueError.",
};

/* ---- map --------------------------------------------------------------------------------- */

typedef struct MapObj {
    Obj base;
    Obj *iters;        /* tuple of iterators */
    Obj *func;
} MapObj;

static Obj *map_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if ((t == &map_type || t->init == map_type.init) && kw_given(kwnames)) {
        vm_err_set_str(&exc_TypeError, "map() takes no keyword arguments");
        return NULL;
    }
    if (nargs < 2) {
        vm_err_set_str(&exc_TypeError, "map() must have at least two arguments.");
        return NULL;
    }
    Obj *iters = tuple_new(nargs - 1);
    if (!iters)
        return NULL;
    for (Ssize i = 1; i < nargs; i++) {
        Obj *it = obj_getiter(args[i]);
        if (!it) {
            for (Ssize j = i; j < nargs; j++)
                TUPLE_ITEMS(iters)[j - 1] = INCREF(NONE);
            DECREF(iters);
            return NULL;
        }
        TUPLE_ITEMS(iters)[i - 1] = it;
    }
    MapObj *m = (MapObj *)obj_alloc(t, 0);
    if (!m) {
        DECREF(iters);
        return NULL;
    }
    m->iters = iters;
    m->func = INCREF(args[0]);
    return (Obj *)m;
}

static void map_dealloc(Obj *o)
{
    gc_untrack(o);
    MapObj *m = (MapObj *)o;
    CLEAR(m->iters);
    CLEAR(m->func);
    obj_free(o);
}

static int map_traverse(Obj *o, VisitFn visit, void *arg)
{
    MapObj *m = (MapObj *)o;
    int r;
    if (m->iters && (r = visit(m->iters, arg)))
        return r;
    if (m->func && (r = visit(m->func, arg)))
        return r;
    return 0;
}

static Obj *map_next(Obj *o)
{
    MapObj *m = (MapObj *)o;
    Ssize n = TUPLE_LEN(m->iters), i;
    Obj *small[5];
    Obj **stack = small;
    if (n > 5) {
        stack = malloc((size_t)n * sizeof(Obj *));
        if (!stack) {
            vm_err_no_memory();
            return NULL;
        }
    }
    Obj *result = NULL;
    for (i = 0; i < n; i++) {
        Obj *val = obj_iternext(TUPLE_ITEMS(m->iters)[i]);
        if (!val)
            goto done;
        stack[i] = val;
    }
    result = obj_call(m->func, stack, n, NULL);
done:
    for (Ssize j = 0; j < i; j++)
        DECREF(stack[j]);
    if (stack != small)
        free(stack);
    return result;
}

static Obj *map_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    MapObj *m = (MapObj *)o;
    Ssize k = TUPLE_LEN(m->iters);
    Obj *args = tuple_new(k + 1);
    if (!args)
        return NULL;
    TUPLE_ITEMS(args)[0] = INCREF(m->func);
    for (Ssize i = 0; i < k; i++)
        TUPLE_ITEMS(args)[i + 1] = INCREF(TUPLE_ITEMS(m->iters)[i]);
    Obj *res = tuple_pack(2, (Obj *)OBJ_TYPE(o), args);
    DECREF(args);
    return res;
}

static MethodDef map_methods[] = {
    {"__reduce__", map_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj map_type = {
    .base = TYPE_HEAD_INIT,
    .name = "map",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(MapObj),
    .flags = TPF_GC | TPF_BASETYPE,
    .dealloc = map_dealloc,
    .traverse = map_traverse,
    .iter = iter_self,
    .iternext = map_next,
    .new_ = map_tp_new,
    .methods = map_methods,
    .doc = "map(func, *iterables) --> map object\n\n"
           "Make an iterator that computes the function using arguments from\n"
           "each of the iterables.  Stops when the shortest iterable is exhausted.",
};

/* ---- filter ---------------------------------------------------------------------------- */

typedef struct FilterObj {
    Obj base;
    Obj *func;
    Obj *it;
} FilterObj;

static Obj *filter_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if ((t == &filter_type || t->init == filter_type.init) && kw_given(kwnames)) {
        vm_err_set_str(&exc_TypeError, "filter() takes no keyword arguments");
        return NULL;
    }
    if (args_count("filter", nargs, 2, 2) < 0)
        return NULL;
    Obj *it = obj_getiter(args[1]);
    if (!it)
        return NULL;
    FilterObj *f = (FilterObj *)obj_alloc(t, 0);
    if (!f) {
        DECREF(it);
        return NULL;
    }
    f->func = INCREF(args[0]);
    f->it = it;
    return (Obj *)f;
}

static void filter_dealloc(Obj *o)
{
    gc_untrack(o);
    FilterObj *f = (FilterObj *)o;
    CLEAR(f->func);
    CLEAR(f->it);
    obj_free(o);
}

static int filter_traverse(Obj *o, VisitFn visit, void *arg)
{
    FilterObj *f = (FilterObj *)o;
    int r;
    if (f->it && (r = visit(f->it, arg)))
        return r;
    if (f->func && (r = visit(f->func, arg)))
        return r;
    return 0;
}

static Obj *filter_next(Obj *o)
{
    FilterObj *f = (FilterObj *)o;
    bool truth = f->func == NONE || f->func == (Obj *)&bool_type;
    for (;;) {
        Obj *item = obj_iternext(f->it);
        if (!item)
            return NULL;
        int ok;
        if (truth) {
            ok = obj_is_true(item);
        } else {
            Obj *good = obj_call(f->func, &item, 1, NULL);
            if (!good) {
                DECREF(item);
                return NULL;
            }
            ok = obj_is_true(good);
            DECREF(good);
        }
        if (ok > 0)
            return item;
        DECREF(item);
        if (ok < 0)
            return NULL;
    }
}

static Obj *filter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    FilterObj *f = (FilterObj *)o;
    Obj *args = tuple_pack(2, f->func, f->it);
    if (!args)
        return NULL;
    Obj *res = tuple_pack(2, (Obj *)OBJ_TYPE(o), args);
    DECREF(args);
    return res;
}

static MethodDef filter_methods[] = {
    {"__reduce__", filter_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj filter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "filter",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(FilterObj),
    .flags = TPF_GC | TPF_BASETYPE,
    .dealloc = filter_dealloc,
    .traverse = filter_traverse,
    .iter = iter_self,
    .iternext = filter_next,
    .new_ = filter_tp_new,
    .methods = filter_methods,
    .doc = "filter(function or None, iterable) --> filter object\n\n"
           "Return an iterator yielding those items of iterable for which function(item)\n"
           "is true. If function is None, return the items that are true.",
};

/* ---- reversed ----------------------------------------------------------------------------- */

typedef struct ReversedObj {
    Obj base;
    Ssize index;
    Obj *seq;          /* NULL once exhausted */
} ReversedObj;

static Obj *reversed_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if ((t == &reversed_type || t->init == reversed_type.init) && kw_given(kwnames)) {
        vm_err_set_str(&exc_TypeError, "reversed() takes no keyword arguments");
        return NULL;
    }
    if (args_count("reversed", nargs, 1, 1) < 0)
        return NULL;
    Obj *seq = args[0];
    Obj *meth = special_method(seq, "__reversed__");
    if (meth == NONE) {
        DECREF(meth);
        vm_err_format(&exc_TypeError, "'%s' object is not reversible", OBJ_TYPE(seq)->name);
        return NULL;
    }
    if (meth) {
        Obj *res = obj_call(meth, NULL, 0, NULL);
        DECREF(meth);
        return res;
    }
    if (vm_err_occurred())
        return NULL;
    /* the sequence protocol (dicts do not count) */
    SequenceMethods *sq = OBJ_TYPE(seq)->as_sequence;
    if (DICT_CHECK(seq) || !sq || !sq->item) {
        vm_err_format(&exc_TypeError, "'%s' object is not reversible", OBJ_TYPE(seq)->name);
        return NULL;
    }
    Ssize n = obj_length(seq);
    if (n == -1)
        return NULL;
    ReversedObj *ro = (ReversedObj *)obj_alloc(t, 0);
    if (!ro)
        return NULL;
    ro->index = n - 1;
    ro->seq = INCREF(seq);
    return (Obj *)ro;
}

static void reversed_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((ReversedObj *)o)->seq);
    obj_free(o);
}

static int reversed_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *s = ((ReversedObj *)o)->seq;
    return s ? visit(s, arg) : 0;
}

static Obj *reversed_next(Obj *o)
{
    ReversedObj *ro = (ReversedObj *)o;
    if (ro->index >= 0 && ro->seq) {
        Obj *item = seq_getitem(ro->seq, ro->index);
        if (item) {
            ro->index--;
            return item;
        }
        if (vm_err_matches(&exc_IndexError) || vm_err_matches(&exc_StopIteration))
            vm_err_clear();
    }
    ro->index = -1;
    CLEAR(ro->seq);
    return NULL;
}

static Obj *reversed_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ReversedObj *ro = (ReversedObj *)o;
    if (!ro->seq)
        return int_from_i64(0);
    Ssize size = obj_length(ro->seq);
    if (size == -1)
        return NULL;
    Ssize position = ro->index + 1;
    return int_from_i64(size < position ? 0 : position);
}

static Obj *reversed_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ReversedObj *ro = (ReversedObj *)o;
    Obj *args, *res = NULL;
    if (ro->seq) {
        args = tuple_pack(1, ro->seq);
        Obj *i = args ? int_from_i64(ro->index) : NULL;
        if (i)
            res = tuple_pack(3, (Obj *)OBJ_TYPE(o), args, i);
        XDECREF(i);
    } else {
        Obj *empty = tuple_new(0);
        args = empty ? tuple_pack(1, empty) : NULL;
        XDECREF(empty);
        if (args)
            res = tuple_pack(2, (Obj *)OBJ_TYPE(o), args);
    }
    XDECREF(args);
    return res;
}

static Obj *reversed_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    ReversedObj *ro = (ReversedObj *)o;
    Ssize index;
    if (!ssize_state(a[0], &index))
        return NULL;
    if (ro->seq) {
        Ssize size = obj_length(ro->seq);
        if (size < 0)
            return NULL;
        if (index < -1)
            index = -1;
        else if (index > size - 1)
            index = size - 1;
        ro->index = index;
    }
    return INCREF(NONE);
}

static MethodDef reversed_methods[] = {
    {"__length_hint__", reversed_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", reversed_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", reversed_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj reversed_type = {
    .base = TYPE_HEAD_INIT,
    .name = "reversed",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(ReversedObj),
    .flags = TPF_GC | TPF_BASETYPE,
    .dealloc = reversed_dealloc,
    .traverse = reversed_traverse,
    .iter = iter_self,
    .iternext = reversed_next,
    .new_ = reversed_tp_new,
    .methods = reversed_methods,
    .doc = "Return a reverse iterator over the values of the given sequence.",
};

/* slice.c — the `slice` type and the index arithmetic every sequence uses.
 *
 * A slice holds three arbitrary objects (None for omitted parts).  Resolving
 * it against a length is CPython's two-step PySlice_Unpack (indexes through
 * __index__, clamped to the Py_ssize_t range, step None → 1, step 0 refused)
 * then PySlice_AdjustIndices (negative indexes count from the end, then
 * clamp to the sequence).  slice.indices() does the same with unbounded
 * integers, so it is exact for any length.  3.12 slices are hashable.
 */
#include "config.h"

#include <gmp.h>

#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

#define SSIZE_MAX_ ((Ssize)INTPTR_MAX)
#define SSIZE_MIN_ ((Ssize)INTPTR_MIN)

Obj *slice_new(Obj *start, Obj *stop, Obj *step)
{
    SliceObj *s = (SliceObj *)obj_alloc(&slice_type, 0);
    if (!s)
        return NULL;
    s->start = INCREF(start ? start : NONE);
    s->stop = INCREF(stop ? stop : NONE);
    s->step = INCREF(step ? step : NONE);
    return (Obj *)s;
}

/* An __index__-able value as a Py_ssize_t, clamped to its range
 * (PyNumber_AsSsize_t with no overflow exception). */
static int index_clamped(Obj *v, Ssize *out)
{
    Obj *i = num_index(v);
    if (!i)
        return -1;
    int64_t x;
    if (int_fits_i64(i)) {
        int_as_i64(i, &x);
        *out = (Ssize)x;
    } else {
        *out = int_sign(i) < 0 ? SSIZE_MIN_ : SSIZE_MAX_;
    }
    DECREF(i);
    return 0;
}

int slice_index(Obj *v, Ssize *out)
{
    if (v == NONE)
        return 0;
    if (!index_check(v)) {
        vm_err_set_str(&exc_TypeError,
                       "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    return index_clamped(v, out);
}

int slice_index_not_none(Obj *v, Ssize *out)
{
    if (!index_check(v)) {
        vm_err_set_str(&exc_TypeError,
                       "slice indices must be integers or have an __index__ method");
        return -1;
    }
    return index_clamped(v, out);
}

int slice_unpack(Obj *slice, Ssize *start, Ssize *stop, Ssize *step)
{
    SliceObj *r = (SliceObj *)slice;
    if (r->step == NONE) {
        *step = 1;
    } else {
        if (slice_index(r->step, step) < 0)
            return -1;
        if (*step == 0) {
            vm_err_set_str(&exc_ValueError, "slice step cannot be zero");
            return -1;
        }
        /* -step must not overflow when a sequence reverses the slice */
        if (*step < -SSIZE_MAX_)
            *step = -SSIZE_MAX_;
    }
    if (r->start == NONE)
        *start = *step < 0 ? SSIZE_MAX_ : 0;
    else if (slice_index(r->start, start) < 0)
        return -1;
    if (r->stop == NONE)
        *stop = *step < 0 ? SSIZE_MIN_ : SSIZE_MAX_;
    else if (slice_index(r->stop, stop) < 0)
        return -1;
    return 0;
}

Ssize slice_adjust(Ssize length, Ssize *start, Ssize *stop, Ssize step)
{
    if (*start < 0) {
        *start += length;
        if (*start < 0)
            *start = step < 0 ? -1 : 0;
    } else if (*start >= length) {
        *start = step < 0 ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0)
            *stop = step < 0 ? -1 : 0;
    } else if (*stop >= length) {
        *stop = step < 0 ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start)
            return (*start - *stop - 1) / (-step) + 1;
    } else if (*start < *stop) {
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

int slice_indices(Obj *slice, Ssize len, Ssize *start, Ssize *stop, Ssize *step, Ssize *slicelen)
{
    if (slice_unpack(slice, start, stop, step) < 0)
        return -1;
    *slicelen = slice_adjust(len, start, stop, *step);
    return 0;
}

/* ---- slice.indices(): the same with unbounded integers ------------------------ */

/* v (None or __index__-able) as an mpz; def_ when None. */
static int long_index(Obj *v, mpz_t out, const mpz_t def_)
{
    if (v == NONE) {
        mpz_set(out, def_);
        return 0;
    }
    if (!index_check(v)) {
        vm_err_set_str(&exc_TypeError,
                       "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    Obj *i = num_index(v);
    if (!i)
        return -1;
    int_to_mpz(i, out);
    DECREF(i);
    return 0;
}

/* Clamp x (an index) per AdjustIndices, for length and step sign. */
static void long_adjust(mpz_t x, const mpz_t length, bool neg_step)
{
    if (mpz_sgn(x) < 0) {
        mpz_add(x, x, length);
        if (mpz_sgn(x) < 0)
            mpz_set_si(x, neg_step ? -1 : 0);
    } else if (mpz_cmp(x, length) >= 0) {
        mpz_set(x, length);
        if (neg_step)
            mpz_sub_ui(x, x, 1);
    }
}

int slice_indices_mpz(Obj *slice, const mpz_t length, mpz_t start, mpz_t stop, mpz_t step)
{
    SliceObj *r = (SliceObj *)slice;
    int res = -1;
    mpz_t dflt;
    mpz_init_set_ui(dflt, 1);
    if (long_index(r->step, step, dflt) < 0)
        goto done;
    if (mpz_sgn(step) == 0) {
        vm_err_set_str(&exc_ValueError, "slice step cannot be zero");
        goto done;
    }
    bool neg = mpz_sgn(step) < 0;
    /* defaults: start 0 or len-1, stop len or -1 */
    if (neg)
        mpz_sub_ui(dflt, length, 1);
    else
        mpz_set_ui(dflt, 0);
    if (long_index(r->start, start, dflt) < 0)
        goto done;
    if (r->start != NONE)
        long_adjust(start, length, neg);
    if (neg)
        mpz_set_si(dflt, -1);
    else
        mpz_set(dflt, length);
    if (long_index(r->stop, stop, dflt) < 0)
        goto done;
    if (r->stop != NONE)
        long_adjust(stop, length, neg);
    res = 0;
done:
    mpz_clear(dflt);
    return res;
}

static Obj *slice_indices_meth(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *lenobj = num_index(args[0]);
    if (!lenobj)
        return NULL;
    Obj *res = NULL;
    mpz_t length, start, stop, step;
    mpz_inits(length, start, stop, step, NULL);
    int_to_mpz(lenobj, length);
    DECREF(lenobj);
    if (mpz_sgn(length) < 0) {
        vm_err_set_str(&exc_ValueError, "length should not be negative");
    } else if (slice_indices_mpz(self, length, start, stop, step) == 0) {
        Obj *a = int_from_mpz(start), *b = int_from_mpz(stop), *c = int_from_mpz(step);
        if (a && b && c)
            res = tuple_pack(3, a, b, c);
        XDECREF(a);
        XDECREF(b);
        XDECREF(c);
    }
    mpz_clears(length, start, stop, step, NULL);
    return res;
}

/* ---- slots ------------------------------------------------------------------- */

static void slice_dealloc(Obj *o)
{
    SliceObj *s = (SliceObj *)o;
    gc_untrack(o);
    CLEAR(s->start);
    CLEAR(s->stop);
    CLEAR(s->step);
    obj_free(o);
}

static int slice_traverse(Obj *o, VisitFn visit, void *arg)
{
    SliceObj *s = (SliceObj *)o;
    int r;
    if (s->start && (r = visit(s->start, arg)))
        return r;
    if (s->stop && (r = visit(s->stop, arg)))
        return r;
    if (s->step && (r = visit(s->step, arg)))
        return r;
    return 0;
}

static Obj *slice_repr(Obj *o)
{
    SliceObj *s = (SliceObj *)o;
    return str_from_fmt("slice(%R, %R, %R)", s->start, s->stop, s->step);
}

/* 3.12: xxHash lanes over start, stop, step without tuple's length term. */
static Hash slice_hash(Obj *o)
{
    SliceObj *s = (SliceObj *)o;
    Obj *parts[3] = {s->start, s->stop, s->step};
    const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL,
                   P5 = 2870177450012600261ULL;
    uint64_t acc = P5;
    for (int i = 0; i < 3; i++) {
        Hash h = obj_hash(parts[i]);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    if (acc == UINT64_MAX)
        return 1546275796;
    return (Hash)acc;
}

static Obj *slice_richcompare(Obj *v, Obj *w, int op)
{
    if (!IS_TYPE(v, slice_type) || !IS_TYPE(w, slice_type))
        return INCREF(NOTIMPL);
    if (v == w) {
        switch (op) {
        case CMP_EQ: case CMP_LE: case CMP_GE:
            return bool_from(true);
        default:
            return bool_from(false);
        }
    }
    SliceObj *a = (SliceObj *)v, *b = (SliceObj *)w;
    Obj *t1 = tuple_pack(3, a->start, a->stop, a->step);
    if (!t1)
        return NULL;
    Obj *t2 = tuple_pack(3, b->start, b->stop, b->step);
    if (!t2) {
        DECREF(t1);
        return NULL;
    }
    Obj *res = obj_richcompare(t1, t2, op);
    DECREF(t1);
    DECREF(t2);
    return res;
}

static Obj *slice_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    if (args_no_kw("slice", kwnames) < 0 || args_count("slice", nargs, 1, 3) < 0)
        return NULL;
    if (nargs == 1)
        return slice_new(NULL, args[0], NULL);
    return slice_new(args[0], args[1], nargs > 2 ? args[2] : NULL);
}

static Obj *slice_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SliceObj *s = (SliceObj *)self;
    Obj *args = tuple_pack(3, s->start, s->stop, s->step);
    if (!args)
        return NULL;
    Obj *r = tuple_pack(2, (Obj *)&slice_type, args);
    DECREF(args);
    return r;
}

static Obj *get_start(Obj *o, void *c) { (void)c; return INCREF(((SliceObj *)o)->start); }
static Obj *get_stop(Obj *o, void *c) { (void)c; return INCREF(((SliceObj *)o)->stop); }
static Obj *get_step(Obj *o, void *c) { (void)c; return INCREF(((SliceObj *)o)->step); }

static GetSetDef slice_getset[] = {
    {"start", get_start, NULL, NULL, NULL},
    {"stop", get_stop, NULL, NULL, NULL},
    {"step", get_step, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef slice_methods[] = {
    {"indices", slice_indices_meth, METH_O,
     "S.indices(len) -> (start, stop, stride)\n\n"
     "Assuming a sequence of length len, calculate the start and stop\n"
     "indices, and the stride length of the extended slice described by\n"
     "S. Out of bounds indices are clipped in a manner consistent with the\n"
     "handling of normal slices."},
    {"__reduce__", slice_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj slice_type = {
    .base = TYPE_HEAD_INIT,
    .name = "slice",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(SliceObj),
    .flags = TPF_GC,
    .dealloc = slice_dealloc,
    .repr = slice_repr,
    .hash = slice_hash,
    .richcompare = slice_richcompare,
    .new_ = slice_tp_new,
    .traverse = slice_traverse,
    .methods = slice_methods,
    .getset = slice_getset,
    .doc = "slice(stop)\nslice(start, stop[, step])\n\n"
           "Create a slice object.  This is used for extended slicing (e.g. a[0:10:2]).",
};

/* range.c — the `range` type and its two iterators.
 *
 * A range keeps start, stop, step and its length as int objects (any size),
 * computed once: length = (hi - lo - 1) // |step| + 1 or 0.  Arithmetic on
 * them goes through GMP, so ranges of huge ints index, slice, compare and
 * test membership exactly; len() raises OverflowError past Py_ssize_t as
 * CPython does.  iter() gives the machine-word `range_iterator` when start,
 * stop, step and length all fit a C long without the last step overflowing,
 * else `longrange_iterator` over int objects (CPython's split, visible in
 * type names and __reduce__).
 *
 * `in`, index() and count() do the arithmetic only for exact ints and bools;
 * anything else is searched by iterating and comparing item == value.
 */
#include "config.h"

#include <gmp.h>

#include "pydbg/vm.h"

typedef struct RangeObj {
    Obj base;
    Obj *start, *stop, *step, *length;
} RangeObj;

#define R(o) ((RangeObj *)(o))

/* ---- arithmetic ---------------------------------------------------------------- */

static void length_mpz(mpz_t len, const mpz_t start, const mpz_t stop, const mpz_t step)
{
    mpz_t lo, hi, st;
    mpz_inits(lo, hi, st, NULL);
    if (mpz_sgn(step) > 0) {
        mpz_set(lo, start);
        mpz_set(hi, stop);
        mpz_set(st, step);
    } else {
        mpz_set(lo, stop);
        mpz_set(hi, start);
        mpz_neg(st, step);
    }
    if (mpz_cmp(lo, hi) >= 0) {
        mpz_set_ui(len, 0);
    } else {
        mpz_sub(len, hi, lo);
        mpz_sub_ui(len, len, 1);
        mpz_fdiv_q(len, len, st);
        mpz_add_ui(len, len, 1);
    }
    mpz_clears(lo, hi, st, NULL);
}

/* New range of type t over int objects (references taken, not stolen). */
static Obj *make_range(TypeObj *t, Obj *start, Obj *stop, Obj *step)
{
    mpz_t a, b, c, len;
    mpz_inits(a, b, c, len, NULL);
    int_to_mpz(start, a);
    int_to_mpz(stop, b);
    int_to_mpz(step, c);
    length_mpz(len, a, b, c);
    Obj *length = int_from_mpz(len);
    mpz_clears(a, b, c, len, NULL);
    if (!length)
        return NULL;
    RangeObj *r = (RangeObj *)obj_alloc(t, 0);
    if (!r) {
        DECREF(length);
        return NULL;
    }
    r->start = INCREF(start);
    r->stop = INCREF(stop);
    r->step = INCREF(step);
    r->length = length;
    return (Obj *)r;
}

Obj *range_new(Obj *start, Obj *stop, Obj *step)
{
    Obj *s0 = NULL, *s1 = NULL, *s2 = NULL, *r = NULL;
    s0 = start ? num_index(start) : int_from_i64(0);
    if (!s0)
        goto done;
    s1 = num_index(stop);
    if (!s1)
        goto done;
    s2 = step ? num_index(step) : int_from_i64(1);
    if (!s2)
        goto done;
    if (int_sign(s2) == 0) {
        vm_err_set_str(&exc_ValueError, "range() arg 3 must not be zero");
        goto done;
    }
    r = make_range(&range_type, s0, s1, s2);
done:
    XDECREF(s0);
    XDECREF(s1);
    XDECREF(s2);
    return r;
}

/* start + i * step for an index i already known to be in range. */
static Obj *compute_item(RangeObj *r, const mpz_t i)
{
    mpz_t a, s;
    mpz_inits(a, s, NULL);
    int_to_mpz(r->start, a);
    int_to_mpz(r->step, s);
    mpz_addmul(a, i, s);
    Obj *res = int_from_mpz(a);
    mpz_clears(a, s, NULL);
    return res;
}

/* r[i] for an int i (negative counts from the end). */
static Obj *compute_range_item(RangeObj *r, Obj *arg)
{
    mpz_t i, len;
    mpz_inits(i, len, NULL);
    int_to_mpz(arg, i);
    int_to_mpz(r->length, len);
    if (mpz_sgn(i) < 0)
        mpz_add(i, i, len);
    Obj *res = NULL;
    if (mpz_sgn(i) < 0 || mpz_cmp(i, len) >= 0)
        vm_err_set_str(&exc_IndexError, "range object index out of range");
    else
        res = compute_item(r, i);
    mpz_clears(i, len, NULL);
    return res;
}

/* Is the int ob one of r's values? */
static bool contains_long(RangeObj *r, Obj *ob)
{
    mpz_t x, a, b, s, t;
    mpz_inits(x, a, b, s, t, NULL);
    int_to_mpz(ob, x);
    int_to_mpz(r->start, a);
    int_to_mpz(r->stop, b);
    int_to_mpz(r->step, s);
    bool in;
    if (mpz_sgn(s) > 0)
        in = mpz_cmp(a, x) <= 0 && mpz_cmp(x, b) < 0;
    else
        in = mpz_cmp(x, a) <= 0 && mpz_cmp(b, x) < 0;
    if (in) {
        mpz_sub(t, x, a);
        in = mpz_divisible_p(t, s) != 0;
    }
    mpz_clears(x, a, b, s, t, NULL);
    return in;
}

static bool exact_int(Obj *o)
{
    return IS_TYPE(o, int_type) || IS_TYPE(o, bool_type);
}

enum { SEARCH_COUNT, SEARCH_INDEX, SEARCH_CONTAINS };

/* CPython's _PySequence_IterSearch: iterate, compare item == obj. */
static Ssize iter_search(Obj *seq, Obj *obj, int op)
{
    Obj *it = obj_getiter(seq);
    if (!it)
        return -1;
    Ssize n = 0;
    bool wrapped = false;
    for (;;) {
        Obj *item = obj_iternext(it);
        if (!item) {
            if (vm_err_occurred())
                goto fail;
            break;
        }
        int cmp = obj_richcompare_bool(item, obj, CMP_EQ);
        DECREF(item);
        if (cmp < 0)
            goto fail;
        if (cmp > 0) {
            if (op == SEARCH_COUNT) {
                if (n == INTPTR_MAX) {
                    vm_err_set_str(&exc_OverflowError, "count exceeds C integer size");
                    goto fail;
                }
                n++;
            } else if (op == SEARCH_INDEX) {
                if (wrapped) {
                    vm_err_set_str(&exc_OverflowError, "index exceeds C integer size");
                    goto fail;
                }
                DECREF(it);
                return n;
            } else {
                DECREF(it);
                return 1;
            }
        } else if (op == SEARCH_INDEX) {
            if (++n <= 0)
                wrapped = true;
        }
    }
    DECREF(it);
    if (op == SEARCH_INDEX) {
        vm_err_set_str(&exc_ValueError, "sequence.index(x): x not in sequence");
        return -1;
    }
    return op == SEARCH_COUNT ? n : 0;
fail:
    DECREF(it);
    return -1;
}

/* ---- slots ----------------------------------------------------------------------- */

static void range_dealloc(Obj *o)
{
    RangeObj *r = R(o);
    CLEAR(r->start);
    CLEAR(r->stop);
    CLEAR(r->step);
    CLEAR(r->length);
    obj_free(o);
}

static Obj *range_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    if (args_no_kw("range", kwnames) < 0 || args_count("range", nargs, 1, 3) < 0)
        return NULL;
    if (nargs == 1)
        return range_new(NULL, args[0], NULL);
    return range_new(args[0], args[1], nargs > 2 ? args[2] : NULL);
}

static Obj *range_repr(Obj *o)
{
    RangeObj *r = R(o);
    int64_t s;
    if (int_fits_i64(r->step) && int_as_i64(r->step, &s) == 0 && s == 1)
        return str_from_fmt("range(%R, %R)", r->start, r->stop);
    return str_from_fmt("range(%R, %R, %R)", r->start, r->stop, r->step);
}

static Ssize range_length(Obj *o)
{
    int64_t n;
    if (!int_fits_i64(R(o)->length) || int_as_i64(R(o)->length, &n) < 0) {
        if (vm_err_occurred())
            vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (Ssize)n;
}

static int range_bool(Obj *o)
{
    return int_sign(R(o)->length) != 0;
}

static Obj *range_item(Obj *o, Ssize i)
{
    Obj *io = int_from_i64(i);
    if (!io)
        return NULL;
    RangeObj *r = R(o);
    Obj *res = NULL;
    mpz_t z, len;
    mpz_inits(z, len, NULL);
    int_to_mpz(io, z);
    int_to_mpz(r->length, len);
    if (i < 0 || mpz_cmp(z, len) >= 0)
        vm_err_set_str(&exc_IndexError, "range object index out of range");
    else
        res = compute_item(r, z);
    mpz_clears(z, len, NULL);
    DECREF(io);
    return res;
}

static Obj *range_subscript(Obj *o, Obj *item)
{
    RangeObj *r = R(o);
    if (index_check(item)) {
        Obj *i = num_index(item);
        if (!i)
            return NULL;
        Obj *res = compute_range_item(r, i);
        DECREF(i);
        return res;
    }
    if (IS_TYPE(item, slice_type)) {
        /* (start, stop, step) of the slice against our length, any size;
         * then start + i*step for both ends, step * slice step */
        Obj *res = NULL;
        mpz_t a, b, c, len, rs, rst;
        mpz_inits(a, b, c, len, rs, rst, NULL);
        int_to_mpz(r->length, len);
        if (slice_indices_mpz(item, len, a, b, c) == 0) {
            int_to_mpz(r->start, rs);
            int_to_mpz(r->step, rst);
            mpz_mul(a, a, rst);
            mpz_add(a, a, rs);
            mpz_mul(b, b, rst);
            mpz_add(b, b, rs);
            mpz_mul(c, c, rst);
            Obj *x = int_from_mpz(a), *y = int_from_mpz(b), *z = int_from_mpz(c);
            if (x && y && z)
                res = make_range(OBJ_TYPE(o), x, y, z);
            XDECREF(x);
            XDECREF(y);
            XDECREF(z);
        }
        mpz_clears(a, b, c, len, rs, rst, NULL);
        return res;
    }
    vm_err_format(&exc_TypeError, "range indices must be integers or slices, not %s",
                  OBJ_TYPE(item)->name);
    return NULL;
}

static int range_contains(Obj *o, Obj *ob)
{
    if (exact_int(ob))
        return contains_long(R(o), ob);
    return (int)iter_search(o, ob, SEARCH_CONTAINS);
}

static bool range_equals(RangeObj *a, RangeObj *b)
{
    if (a == b)
        return true;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    bool eq;
    int_to_mpz(a->length, x);
    int_to_mpz(b->length, y);
    if (mpz_cmp(x, y) != 0) {
        eq = false;
    } else if (mpz_sgn(x) == 0) {
        eq = true;
    } else {
        bool one = mpz_cmp_ui(x, 1) == 0;
        int_to_mpz(a->start, x);
        int_to_mpz(b->start, y);
        if (mpz_cmp(x, y) != 0) {
            eq = false;
        } else if (one) {
            eq = true;
        } else {
            int_to_mpz(a->step, x);
            int_to_mpz(b->step, y);
            eq = mpz_cmp(x, y) == 0;
        }
    }
    mpz_clears(x, y, NULL);
    return eq;
}

static Obj *range_richcompare(Obj *a, Obj *b, int op)
{
    if (!IS_TYPE(b, range_type) || (op != CMP_EQ && op != CMP_NE))
        return INCREF(NOTIMPL);
    bool eq = range_equals(R(a), R(b));
    return bool_from(op == CMP_EQ ? eq : !eq);
}

/* hash((len, start, step)) with None for what does not matter: (0, None,
 * None) when empty, (1, start, None) for one item. */
static Hash range_hash(Obj *o)
{
    RangeObj *r = R(o);
    Obj *b = NONE, *c = NONE;
    int sign = int_sign(r->length);
    if (sign != 0) {
        b = r->start;
        int64_t n;
        if (!(int_fits_i64(r->length) && int_as_i64(r->length, &n) == 0 && n == 1))
            c = r->step;
    }
    Obj *t = tuple_pack(3, r->length, b, c);
    if (!t)
        return -1;
    Hash h = obj_hash(t);
    DECREF(t);
    return h;
}

/* ---- iterators ------------------------------------------------------------------------ */

typedef struct RangeIter {
    Obj base;
    int64_t start, step, len;
} RangeIter;

typedef struct LongRangeIter {
    Obj base;
    Obj *start, *step, *len;
} LongRangeIter;

static Obj *fast_range_iter(int64_t start, int64_t step, int64_t len)
{
    RangeIter *it = (RangeIter *)obj_alloc(&range_iter_type, 0);
    if (!it)
        return NULL;
    it->start = start;
    it->step = step;
    it->len = len;
    return (Obj *)it;
}

static Obj *range_iter(Obj *o)
{
    RangeObj *r = R(o);
    /* CPython takes the fast path only when start, stop and step each fit
     * a C long and stop does not come within one step of overflowing. */
    int64_t a, b, c;
    if (int_fits_i64(r->start) && int_fits_i64(r->stop) && int_fits_i64(r->step)) {
        int_as_i64(r->start, &a);
        int_as_i64(r->stop, &b);
        int_as_i64(r->step, &c);
        bool ok = true;
        if (int_sign(r->length) != 0) {
            if (c > 0)
                ok = b <= INT64_MAX - (c - 1);
            else
                ok = b >= INT64_MIN + (-1 - c);
        }
        if (ok && int_fits_i64(r->length)) {
            int64_t n;
            int_as_i64(r->length, &n);
            return fast_range_iter(a, c, n);
        }
    }
    LongRangeIter *it = (LongRangeIter *)obj_alloc(&longrange_iter_type, 0);
    if (!it)
        return NULL;
    it->start = INCREF(r->start);
    it->step = INCREF(r->step);
    it->len = INCREF(r->length);
    return (Obj *)it;
}

/* reversed(range(start, stop, step)) runs from start + (len-1)*step by
 * -step, len items; C longs when CPython's checks allow (start, stop, step
 * fit, -step and start - step do not overflow, len fits). */
static Obj *range_reversed(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    RangeObj *r = R(o);
    int64_t s, e, st, len;
    if (int_fits_i64(r->start) && int_fits_i64(r->stop) && int_fits_i64(r->step) &&
        int_fits_i64(r->length)) {
        int_as_i64(r->start, &s);
        int_as_i64(r->stop, &e);
        int_as_i64(r->step, &st);
        int_as_i64(r->length, &len);
        __int128 new_stop = (__int128)s - st;
        if (st != INT64_MIN && new_stop >= INT64_MIN && new_stop <= INT64_MAX) {
            int64_t first = (int64_t)((uint64_t)new_stop + (uint64_t)len * (uint64_t)st);
            return fast_range_iter(first, -st, len);
        }
    }
    mpz_t first, len_z, step;
    mpz_inits(first, len_z, step, NULL);
    int_to_mpz(r->start, first);
    int_to_mpz(r->length, len_z);
    int_to_mpz(r->step, step);
    /* first = start + (len - 1) * step */
    mpz_sub_ui(len_z, len_z, 1);
    mpz_addmul(first, len_z, step);
    mpz_neg(step, step);
    Obj *fs = int_from_mpz(first), *fst = int_from_mpz(step);
    mpz_clears(first, len_z, step, NULL);
    Obj *res = NULL;
    if (fs && fst) {
        LongRangeIter *it = (LongRangeIter *)obj_alloc(&longrange_iter_type, 0);
        if (it) {
            it->start = INCREF(fs);
            it->step = INCREF(fst);
            it->len = INCREF(r->length);
            res = (Obj *)it;
        }
    }
    XDECREF(fs);
    XDECREF(fst);
    return res;
}

static Obj *rangeiter_next(Obj *o)
{
    RangeIter *it = (RangeIter *)o;
    if (it->len <= 0)
        return NULL;
    int64_t v = it->start;
    it->start = (int64_t)((uint64_t)v + (uint64_t)it->step);
    it->len--;
    return int_from_i64(v);
}

static Obj *rangeiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return int_from_i64(((RangeIter *)o)->len);
}

/* (iter, (range(start, start + len*step, step),), None) */
static Obj *reduce_parts(Obj *start, Obj *step, Obj *len)
{
    Obj *res = NULL, *stop = NULL, *range = NULL;
    mpz_t a, s, n;
    mpz_inits(a, s, n, NULL);
    int_to_mpz(start, a);
    int_to_mpz(step, s);
    int_to_mpz(len, n);
    mpz_addmul(a, n, s);
    stop = int_from_mpz(a);
    mpz_clears(a, s, n, NULL);
    if (!stop)
        return NULL;
    range = make_range(&range_type, start, stop, step);
    Obj *iter = range ? iter_get_builtin("iter") : NULL;
    Obj *args = iter ? tuple_pack(1, range) : NULL;
    if (args)
        res = tuple_pack(3, iter, args, NONE);
    XDECREF(args);
    XDECREF(iter);
    XDECREF(stop);
    XDECREF(range);
    return res;
}

static Obj *rangeiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    RangeIter *it = (RangeIter *)o;
    Obj *s = int_from_i64(it->start), *st = int_from_i64(it->step), *l = int_from_i64(it->len);
    Obj *res = NULL;
    if (s && st && l)
        res = reduce_parts(s, st, l);
    XDECREF(s);
    XDECREF(st);
    XDECREF(l);
    return res;
}

static Obj *rangeiter_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    RangeIter *it = (RangeIter *)o;
    Obj *i = num_index(a[0]);
    if (!i)
        return NULL;
    int64_t index;
    if (int_as_i64(i, &index) < 0) {
        DECREF(i);
        return NULL;
    }
    DECREF(i);
    if (index < 0)
        index = 0;
    if (index > it->len)
        index = it->len;
    it->start = (int64_t)((uint64_t)it->start + (uint64_t)index * (uint64_t)it->step);
    it->len -= index;
    return INCREF(NONE);
}

static void longrangeiter_dealloc(Obj *o)
{
    LongRangeIter *it = (LongRangeIter *)o;
    CLEAR(it->start);
    CLEAR(it->step);
    CLEAR(it->len);
    obj_free(o);
}

static Obj *longrangeiter_next(Obj *o)
{
    LongRangeIter *it = (LongRangeIter *)o;
    if (int_sign(it->len) <= 0)
        return NULL;
    mpz_t a, s, n;
    mpz_inits(a, s, n, NULL);
    int_to_mpz(it->start, a);
    int_to_mpz(it->step, s);
    int_to_mpz(it->len, n);
    mpz_add(a, a, s);
    mpz_sub_ui(n, n, 1);
    Obj *ns = int_from_mpz(a), *nl = int_from_mpz(n);
    mpz_clears(a, s, n, NULL);
    if (!ns || !nl) {
        XDECREF(ns);
        XDECREF(nl);
        return NULL;
    }
    Obj *result = it->start;
    it->start = ns;
    obj_setref(&it->len, nl);
    return result;
}

static Obj *longrangeiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return INCREF(((LongRangeIter *)o)->len);
}

static Obj *longrangeiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    LongRangeIter *it = (LongRangeIter *)o;
    return reduce_parts(it->start, it->step, it->len);
}

static Obj *longrangeiter_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    LongRangeIter *it = (LongRangeIter *)o;
    Obj *i = num_index(a[0]);
    if (!i)
        return NULL;
    mpz_t idx, len, s, st;
    mpz_inits(idx, len, s, st, NULL);
    int_to_mpz(i, idx);
    DECREF(i);
    int_to_mpz(it->len, len);
    int_to_mpz(it->start, s);
    int_to_mpz(it->step, st);
    if (mpz_sgn(idx) < 0)
        mpz_set_ui(idx, 0);
    if (mpz_cmp(idx, len) > 0)
        mpz_set(idx, len);
    mpz_addmul(s, idx, st);
    mpz_sub(len, len, idx);
    Obj *ns = int_from_mpz(s), *nl = int_from_mpz(len);
    mpz_clears(idx, len, s, st, NULL);
    if (!ns || !nl) {
        XDECREF(ns);
        XDECREF(nl);
        return NULL;
    }
    obj_setref(&it->start, ns);
    obj_setref(&it->len, nl);
    return INCREF(NONE);
}

/* ---- methods -------------------------------------------------------------------------- */

static Obj *range_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (exact_int(args[0]))
        return int_from_i64(contains_long(R(self), args[0]) ? 1 : 0);
    Ssize n = iter_search(self, args[0], SEARCH_COUNT);
    return n < 0 ? NULL : int_from_i64(n);
}

static Obj *range_index(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    RangeObj *r = R(self);
    Obj *ob = args[0];
    if (!exact_int(ob)) {
        Ssize n = iter_search(self, ob, SEARCH_INDEX);
        return n < 0 ? NULL : int_from_i64(n);
    }
    if (!contains_long(r, ob)) {
        vm_err_format(&exc_ValueError, "%R is not in range", ob);
        return NULL;
    }
    mpz_t x, a, s;
    mpz_inits(x, a, s, NULL);
    int_to_mpz(ob, x);
    int_to_mpz(r->start, a);
    int_to_mpz(r->step, s);
    mpz_sub(x, x, a);
    mpz_fdiv_q(x, x, s);
    Obj *res = int_from_mpz(x);
    mpz_clears(x, a, s, NULL);
    return res;
}

static Obj *range_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    RangeObj *r = R(self);
    Obj *args = tuple_pack(3, r->start, r->stop, r->step);
    if (!args)
        return NULL;
    Obj *res = tuple_pack(2, (Obj *)OBJ_TYPE(self), args);
    DECREF(args);
    return res;
}

static Obj *get_start(Obj *o, void *c) { (void)c; return INCREF(R(o)->start); }
static Obj *get_stop(Obj *o, void *c) { (void)c; return INCREF(R(o)->stop); }
static Obj *get_step(Obj *o, void *c) { (void)c; return INCREF(R(o)->step); }

static GetSetDef range_getset[] = {
    {"start", get_start, NULL, NULL, NULL},
    {"stop", get_stop, NULL, NULL, NULL},
    {"step", get_step, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef range_methods[] = {
    {"__reversed__", range_reversed, METH_NOARGS,
     "Return a reverse iterator."},
    {"__reduce__", range_reduce, METH_NOARGS, NULL},
    {"count", range_count, METH_O, "rangeobject.count(value) -> integer -- return number of occurrences of value"},
    {"index", range_index, METH_O,
     "rangeobject.index(value) -> integer -- return index of value.\n"
     "Raise ValueError if the value is not present."},
    {NULL, NULL, 0, NULL},
};

static NumberMethods range_as_number = {.bool_ = range_bool};

static SequenceMethods range_as_sequence = {
    .length = range_length,
    .item = range_item,
    .contains = range_contains,
};

static MappingMethods range_as_mapping = {
    .length = range_length,
    .subscript = range_subscript,
};

static MethodDef rangeiter_methods[] = {
    {"__length_hint__", rangeiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", rangeiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", rangeiter_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

static MethodDef longrangeiter_methods[] = {
    {"__length_hint__", longrangeiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", longrangeiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", longrangeiter_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

static void plain_dealloc(Obj *o) { obj_free(o); }

TypeObj range_iter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "range_iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(RangeIter),
    .dealloc = plain_dealloc,
    .iter = iter_self,
    .iternext = rangeiter_next,
    .methods = rangeiter_methods,
};

TypeObj longrange_iter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "longrange_iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(LongRangeIter),
    .dealloc = longrangeiter_dealloc,
    .iter = iter_self,
    .iternext = longrangeiter_next,
    .methods = longrangeiter_methods,
};

TypeObj range_type = {
    .base = TYPE_HEAD_INIT,
    .name = "range",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(RangeObj),
    .flags = TPF_SEQUENCE,
    .dealloc = range_dealloc,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .iter = range_iter,
    .new_ = range_tp_new,
    .as_number = &range_as_number,
    .as_sequence = &range_as_sequence,
    .as_mapping = &range_as_mapping,
    .methods = range_methods,
    .getset = range_getset,
    .doc = "range(stop) -> range object\n"
           "range(start, stop[, step]) -> range object\n\n"
           "Return an object that produces a sequence of integers from start (inclusive)\n"
           "to stop (exclusive) by step.  range(i, j) produces i, i+1, i+2, ..., j-1.\n"
           "start defaults to 0, and stop is omitted!  range(4) produces 0, 1, 2, 3.\n"
           "These are exactly the valid indices for a list of 4 elements.\n"
           "When step is given, it specifies the increment (or decrement).",
};

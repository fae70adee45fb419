/* mod_statistics.c — the `statistics` module of CPython 3.12, natively.
 *
 * Results are CPython's bit for bit because the same exact arithmetic is
 * done: _sum and _ss accumulate exact numerator/denominator partials per
 * denominator (as_integer_ratio, or numerator/denominator), add them up
 * as Fractions (the VM's fractions.Fraction), divide exactly and only then
 * convert to the common type (_coerce / _convert: int → Fraction → float);
 * stdev/pstdev take the correctly rounded square root of the exact mean
 * square (round-to-odd integer square roots, 109 bits); fmean, covariance,
 * correlation and linear_regression use math.fsum and math.sumprod as
 * 3.12 does; median_grouped, quantiles, mode/multimode (collections.Counter)
 * follow the library's formulas term by term.  Intermediate values live in
 * a per-call scratch list (keep()), which keeps the reference counting of
 * these formula-like functions readable.  NormalDist keeps _mu and _sigma
 * as floats and computes with the C library's erf/exp/log/sqrt/hypot, as
 * CPython does, with the inverse CDF in CPython's operation order.  Decimal
 * data converts as _convert does (Decimal(numerator) / denominator) and
 * takes _decimal_sqrt_of_frac's correctly rounded square root.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *stats_error;       /* statistics.StatisticsError */
static Obj *linreg_cls;        /* LinearRegression namedtuple */

/* ---- plumbing ------------------------------------------------------------------------------------ */

/* keep(scratch, o): park a new reference in the scratch list, hand it back borrowed */
static Obj *keep(Obj *scratch, Obj *o)
{
    if (!o) return NULL;
    if (list_append(scratch, o) < 0) {
        DECREF(o);
        return NULL;
    }
    DECREF(o);
    return o;
}
#define K(e) keep(sc, (e))

static Obj *mod_attr(const char *module, const char *name)
{
    Obj *mn = str_from_cstr(module);
    Obj *m = mn ? import_name(mn, NULL, NULL, 0) : NULL;
    XDECREF(mn);
    Obj *key = m ? str_from_cstr(name) : NULL;
    Obj *v = key ? obj_getattr(m, key) : NULL;
    XDECREF(key);
    XDECREF(m);
    return v;
}

static Obj *call_mod(const char *module, const char *name, Obj *const *args, Ssize n)
{
    Obj *f = mod_attr(module, name);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, n, NULL);
    DECREF(f);
    return r;
}

static void stats_raise(const char *msg)
{
    Obj *m = str_from_cstr(msg);
    if (!m) return;
    Obj *e = obj_call(stats_error, &m, 1, NULL);
    DECREF(m);
    if (e) {
        vm_err_raise(e, NULL);
        DECREF(e);
    }
}

/* raise StatisticsError(msg) in statistics.py at entry `which` (tbframes_gen.h) */
static void stats_fail(const char *msg, int which)
{
    stats_raise(msg);
    tbframe_push(&tbgen_statistics, which);
}

/* raise StatisticsError(msg) while handling the pending exception, which
 * becomes its __context__ after leaving statistics.py at entry ctx_which */
static void stats_fail_chained(const char *msg, int ctx_which, int which)
{
    tbframe_push(&tbgen_statistics, ctx_which);
    Obj *ctx = vm_err_fetch();
    stats_fail(msg, which);
    Obj *e = vm_err_fetch();
    if (e && ctx && EXC_CHECK(e)) obj_setref(&((ExcObj *)e)->context, INCREF(ctx));
    XDECREF(ctx);
    if (e) vm_err_restore(e);
}

/* raise StatisticsError(msg) from None */
static void stats_raise_from_none(const char *msg)
{
    vm_err_clear();
    stats_raise(msg);
    Obj *e = vm_err_fetch();
    if (e) {
        ((ExcObj *)e)->suppress_context = true;
        obj_setref(&((ExcObj *)e)->cause, NULL);
    }
    vm_err_restore(e);
}

static Obj *bin(Obj *a, Obj *b, int op) { return a && b ? num_binary(a, b, op) : NULL; }
static Obj *ival(Obj *sc, int64_t v) { return K(int_from_i64(v)); }

static Obj *fraction(Obj *n, Obj *d)
{
    Obj *cls = mod_attr("fractions", "Fraction");
    Obj *a[2] = {n, d};
    Obj *r = cls ? obj_call(cls, a, 2, NULL) : NULL;
    XDECREF(cls);
    return r;
}

static Obj *sorted_list(Obj *data)
{
    Obj *l = seq_to_list(data);
    if (l && list_sort(l, NULL, false) < 0) CLEAR(l);
    return l;
}

/* ---- _exact_ratio, _coerce, _convert, _sum, _ss ---------------------------------------------------------- */

/* (n, d) of x; d == NULL for a non-finite float (n is x itself) */
static int exact_ratio(Obj *x, Obj **n, Obj **d)
{
    Obj *f = NULL;
    *n = *d = NULL;
    if (obj_lookup_attr(x, id_str("as_integer_ratio"), &f) < 0) return -1;
    if (f) {
        Obj *r = obj_call(f, NULL, 0, NULL);
        DECREF(f);
        if (!r) {
            if (vm_err_matches(&exc_OverflowError) || vm_err_matches(&exc_ValueError)) {
                vm_err_clear();
                *n = INCREF(x);
                return 0;
            }
            return -1;
        }
        if (!TUPLE_CHECK(r) || TUPLE_LEN(r) != 2) {
            DECREF(r);
            vm_err_set_str(&exc_TypeError, "as_integer_ratio() must return a pair");
            return -1;
        }
        *n = INCREF(TUPLE_ITEMS(r)[0]);
        *d = INCREF(TUPLE_ITEMS(r)[1]);
        DECREF(r);
        return 0;
    }
    Obj *num = NULL, *den = NULL;
    if (obj_lookup_attr(x, id_str("numerator"), &num) < 0) return -1;
    if (num && obj_lookup_attr(x, id_str("denominator"), &den) < 0) {
        DECREF(num);
        return -1;
    }
    if (!num || !den) {
        XDECREF(num);
        vm_err_format(&exc_TypeError, "can't convert type '%s' to numerator/denominator", type_name(OBJ_TYPE(x)));
        return -1;
    }
    *n = num;
    *d = den;
    return 0;
}

static TypeObj *fraction_type_obj(void)
{
    Obj *cls = mod_attr("fractions", "Fraction");
    TypeObj *t = cls && TYPE_CHECK(cls) ? (TypeObj *)cls : NULL;
    XDECREF(cls);   /* the module keeps it alive */
    return t;
}

static TypeObj *coerce(TypeObj *T, TypeObj *S)
{
    if (T == S) return T;
    if (S == &int_type || S == &bool_type) return T;
    if (T == &int_type) return S;
    if (type_is_subtype(S, T)) return S;
    if (type_is_subtype(T, S)) return T;
    if (type_is_subtype(T, &int_type)) return S;
    if (type_is_subtype(S, &int_type)) return T;
    TypeObj *fr = fraction_type_obj();
    if (fr && type_is_subtype(T, fr) && type_is_subtype(S, &float_type)) return S;
    if (fr && type_is_subtype(T, &float_type) && type_is_subtype(S, fr)) return T;
    vm_err_format(&exc_TypeError, "don't know how to coerce %s and %s", type_name(T), type_name(S));
    return NULL;
}

static bool is_decimal_type(const TypeObj *t)
{
    for (; t; t = t->tp_base)
        if (strcmp(t->name, "decimal.Decimal") == 0) return true;
    return false;
}

static Obj *convert(Obj *value, TypeObj *T)
{
    if ((TypeObj *)OBJ_TYPE(value) == T) return INCREF(value);
    if (type_is_subtype(T, &int_type)) {
        Obj *den = obj_getattr(value, id_str("denominator"));
        if (!den) return NULL;
        Obj *one = int_from_i64(1);
        int ne = one ? obj_richcompare_bool(den, one, CMP_NE) : -1;
        XDECREF(one);
        DECREF(den);
        if (ne < 0) return NULL;
        if (ne) T = &float_type;
    }
    Obj *r = obj_call((Obj *)T, &value, 1, NULL);
    if (!r && is_decimal_type(T) && vm_err_matches(&exc_TypeError)) {
        /* Decimal(value.numerator) / value.denominator */
        vm_err_clear();
        Obj *num = obj_getattr(value, id_str("numerator"));
        Obj *den = num ? obj_getattr(value, id_str("denominator")) : NULL;
        Obj *dn = den ? obj_call((Obj *)T, &num, 1, NULL) : NULL;
        r = dn ? num_binary(dn, den, NB_TRUE_DIVIDE) : NULL;
        XDECREF(num);
        XDECREF(den);
        XDECREF(dn);
    }
    return r;
}

typedef struct Acc {
    Obj *types;        /* list of the distinct types, first seen first */
    Obj *partials;     /* dict d -> n */
    Obj *partials2;    /* dict d -> n*n (for _ss) */
    Obj *nonfinite;    /* running sum of the non-finite values, or NULL */
    Obj *nonfinite2;
    int64_t count;
} Acc;

static void acc_free(Acc *a)
{
    XDECREF(a->types);
    XDECREF(a->partials);
    XDECREF(a->partials2);
    XDECREF(a->nonfinite);
    XDECREF(a->nonfinite2);
}

static int dict_add(Obj *d, Obj *key, Obj *n)
{
    Obj *old = dict_get_borrow(d, key);
    if (!old && vm_err_occurred()) return -1;
    Obj *sum = old ? num_binary(old, n, NB_ADD) : INCREF(n);
    int r = sum ? dict_set(d, key, sum) : -1;
    XDECREF(sum);
    return r;
}

/* accumulate data into a (with squares when ss) */
static int accumulate(Acc *a, Obj *data, bool ss)
{
    a->types = list_new(0);
    a->partials = dict_new();
    a->partials2 = dict_new();
    if (!a->types || !a->partials || !a->partials2) return -1;
    Obj *it = obj_getiter(data);
    if (!it) return -1;
    Obj *x;
    while ((x = obj_iternext(it))) {
        TypeObj *t = OBJ_TYPE(x);
        bool seen = false;
        for (Ssize i = 0; i < LIST_LEN(a->types) && !seen; i++) seen = LIST_ITEMS(a->types)[i] == (Obj *)t;
        if (!seen && list_append(a->types, (Obj *)t) < 0) goto fail_x;
        Obj *n, *d;
        if (exact_ratio(x, &n, &d) < 0) goto fail_x;
        a->count++;
        int r;
        if (!d) {
            /* partials[None] = partials.get(None, 0) + x */
            Obj *z = int_from_i64(0);
            Obj *s = a->nonfinite ? num_binary(a->nonfinite, n, NB_ADD) : bin(z, n, NB_ADD);
            XDECREF(z);
            obj_setref(&a->nonfinite, s);
            r = s ? 0 : -1;
            if (r == 0 && ss) {
                Obj *sq = num_binary(n, n, NB_MULTIPLY);
                Obj *z2 = int_from_i64(0);
                Obj *s2 = a->nonfinite2 ? bin(a->nonfinite2, sq, NB_ADD) : bin(z2, sq, NB_ADD);
                XDECREF(z2);
                XDECREF(sq);
                obj_setref(&a->nonfinite2, s2);
                r = s2 ? 0 : -1;
            }
        } else {
            r = dict_add(a->partials, d, n);
            if (r == 0 && ss) {
                Obj *sq = num_binary(n, n, NB_MULTIPLY);
                r = sq ? dict_add(a->partials2, d, sq) : -1;
                XDECREF(sq);
            }
        }
        XDECREF(n);
        XDECREF(d);
        if (r < 0) goto fail_x;
        DECREF(x);
        continue;
fail_x:
        DECREF(x);
        DECREF(it);
        return -1;
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

/* sum(Fraction(n, d*d if sq else d) for d, n in partials.items()) — 0 when empty */
static Obj *sum_fractions(Obj *partials, bool sq)
{
    Obj *total = int_from_i64(0);
    Obj *k, *v;
    Ssize pos = 0;
    while (total && dict_next(partials, &pos, &k, &v)) {
        INCREF(k);
        INCREF(v);
        Obj *den = sq ? num_binary(k, k, NB_MULTIPLY) : INCREF(k);
        Obj *f = den ? fraction(v, den) : NULL;
        Obj *t = f ? num_binary(total, f, NB_ADD) : NULL;
        XDECREF(den);
        XDECREF(f);
        DECREF(k);
        DECREF(v);
        obj_setref(&total, t);
    }
    return total;
}

static TypeObj *acc_type(Acc *a)
{
    TypeObj *T = &int_type;
    for (Ssize i = 0; T && i < LIST_LEN(a->types); i++) T = coerce(T, (TypeObj *)LIST_ITEMS(a->types)[i]);
    return T;
}

/* _sum(data): T, total (new ref), count */
static int do_sum(Obj *data, TypeObj **T, Obj **total, int64_t *count)
{
    Acc a = {0};
    *total = NULL;
    if (accumulate(&a, data, false) < 0) {
        acc_free(&a);
        return -1;
    }
    *total = a.nonfinite ? INCREF(a.nonfinite) : sum_fractions(a.partials, false);
    *count = a.count;
    *T = *total ? acc_type(&a) : NULL;
    acc_free(&a);
    if (!*T) {
        CLEAR(*total);
        return -1;
    }
    return 0;
}

/* _ss(data, c): T, ssd (new ref), count */
static int do_ss(Obj *data, Obj *c, TypeObj **T, Obj **ssd, int64_t *count)
{
    *ssd = NULL;
    if (c && c != NONE) {
        /* _sum((x - c) ** 2 for x in data) */
        Obj *sq = list_new(0);
        Obj *it = sq ? obj_getiter(data) : NULL;
        if (!it) {
            XDECREF(sq);
            return -1;
        }
        Obj *x;
        while ((x = obj_iternext(it))) {
            Obj *d = num_binary(x, c, NB_SUBTRACT);
            Obj *p = d ? num_binary(d, d, NB_MULTIPLY) : NULL;
            XDECREF(d);
            DECREF(x);
            if (!p || list_append(sq, p) < 0) {
                XDECREF(p);
                DECREF(it);
                DECREF(sq);
                return -1;
            }
            DECREF(p);
        }
        DECREF(it);
        int r = vm_err_occurred() ? -1 : do_sum(sq, T, ssd, count);
        DECREF(sq);
        return r;
    }
    Acc a = {0};
    if (accumulate(&a, data, true) < 0) {
        acc_free(&a);
        return -1;
    }
    *count = a.count;
    if (a.count == 0) {
        Obj *z = int_from_i64(0), *one = int_from_i64(1);
        *ssd = z && one ? fraction(z, one) : NULL;
        XDECREF(z);
        XDECREF(one);
    } else if (a.nonfinite) {
        *ssd = INCREF(a.nonfinite);
    } else {
        Obj *sx = sum_fractions(a.partials, false);
        Obj *sxx = sx ? sum_fractions(a.partials2, true) : NULL;
        Obj *cnt = int_from_i64(a.count);
        Obj *t1 = bin(cnt, sxx, NB_MULTIPLY);
        Obj *t2 = bin(sx, sx, NB_MULTIPLY);
        Obj *t3 = bin(t1, t2, NB_SUBTRACT);
        *ssd = bin(t3, cnt, NB_TRUE_DIVIDE);
        XDECREF(sx);
        XDECREF(sxx);
        XDECREF(cnt);
        XDECREF(t1);
        XDECREF(t2);
        XDECREF(t3);
    }
    *T = *ssd ? acc_type(&a) : NULL;
    acc_free(&a);
    if (!*T) {
        CLEAR(*ssd);
        return -1;
    }
    return 0;
}

/* ---- means ------------------------------------------------------------------------------------------ */

static Obj *s_mean(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind("mean", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    TypeObj *T;
    Obj *total;
    int64_t n;
    if (do_sum(v[0], &T, &total, &n) < 0) return NULL;
    if (n < 1) {
        DECREF(total);
        stats_fail("mean requires at least one data point", TBG_STATISTICS_MEAN_EMPTY);
        return NULL;
    }
    Obj *cnt = int_from_i64(n);
    Obj *q = bin(total, cnt, NB_TRUE_DIVIDE);
    XDECREF(cnt);
    DECREF(total);
    Obj *r = q ? convert(q, T) : NULL;
    XDECREF(q);
    return r;
}

static Obj *fmean_impl(Obj *data, Obj *weights)
{
    if (!weights || weights == NONE) {
        Ssize n = obj_length(data);
        Obj *d = NULL;
        if (n < 0) {
            if (!vm_err_matches(&exc_TypeError)) return NULL;
            vm_err_clear();
            d = seq_to_list(data);
            if (!d) return NULL;
            n = LIST_LEN(d);
        }
        Obj *total = call_mod("math", "fsum", d ? &d : &data, 1);
        XDECREF(d);
        if (!total) return NULL;
        if (!n) {
            DECREF(total);
            stats_fail("fmean requires at least one data point", TBG_STATISTICS_FMEAN_EMPTY);
            return NULL;
        }
        Obj *cnt = int_from_i64(n);
        Obj *r = bin(total, cnt, NB_TRUE_DIVIDE);
        XDECREF(cnt);
        DECREF(total);
        return r;
    }
    Obj *w = LIST_CHECK(weights) || TUPLE_CHECK(weights) ? INCREF(weights) : seq_to_list(weights);
    if (!w) return NULL;
    Obj *a[2] = {data, w};
    Obj *num = call_mod("math", "sumprod", a, 2);
    if (!num) {
        DECREF(w);
        if (vm_err_matches(&exc_ValueError))
            stats_fail_chained("data and weights must be the same length", TBG_STATISTICS_FMEAN_SUMPROD,
                               TBG_STATISTICS_FMEAN_WEIGHTS_LEN);
        return NULL;
    }
    Obj *den = call_mod("math", "fsum", &w, 1);
    DECREF(w);
    int t = den ? obj_is_true(den) : -1;
    Obj *r = NULL;
    if (t == 0) stats_fail("sum of weights must be non-zero", TBG_STATISTICS_FMEAN_WEIGHTS_ZERO);
    else if (t > 0) r = num_binary(num, den, NB_TRUE_DIVIDE);
    XDECREF(den);
    DECREF(num);
    return r;
}

static Obj *s_fmean(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data", "weights"};
    Obj *v[2];
    if (mh_bind("fmean", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return fmean_impl(v[0], v[1]);
}

static Obj *s_geometric_mean(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind("geometric_mean", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    static const char msg[] = "geometric mean requires a non-empty dataset containing positive numbers";
    Obj *logs = list_new(0);
    Obj *log = logs ? mod_attr("math", "log") : NULL;
    Obj *it = log ? obj_getiter(v[0]) : NULL;
    Obj *x, *r = NULL;
    if (!it) goto out;
    while ((x = obj_iternext(it))) {
        Obj *l = obj_call(log, &x, 1, NULL);
        DECREF(x);
        if (!l || list_append(logs, l) < 0) {
            XDECREF(l);
            if (vm_err_matches(&exc_ValueError)) {
                stats_raise_from_none(msg);
                tbframe_push(&tbgen_statistics, TBG_STATISTICS_GEOMETRIC_MEAN_EMPTY);
            }
            goto out;
        }
        DECREF(l);
    }
    if (vm_err_occurred()) goto out;
    Obj *m = fmean_impl(logs, NULL);
    if (!m) {
        if (vm_err_matches(&exc_ValueError)) {
            stats_raise_from_none(msg);
            tbframe_push(&tbgen_statistics, TBG_STATISTICS_GEOMETRIC_MEAN_EMPTY);
        }
        goto out;
    }
    r = call_mod("math", "exp", &m, 1);
    DECREF(m);
out:
    XDECREF(it);
    XDECREF(log);
    XDECREF(logs);
    return r;
}

static bool is_real(Obj *x)
{
    if (INT_CHECK(x) || type_is_subtype(OBJ_TYPE(x), &float_type)) return true;
    TypeObj *fr = fraction_type_obj();
    return fr && type_is_subtype(OBJ_TYPE(x), fr);
}

static Obj *s_harmonic_mean(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data", "weights"};
    Obj *v[2];
    if (mh_bind("harmonic_mean", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    static const char errmsg[] = "harmonic mean does not support negative values";
    Obj *sc = list_new(0);
    if (!sc) return NULL;
    Obj *res = NULL, *zero = ival(sc, 0);
    Obj *data = K(seq_to_list(v[0]));
    if (!data || !zero) goto out;
    Ssize n = LIST_LEN(data);
    Obj *weights = v[1] && v[1] != NONE ? v[1] : NULL;
    if (n < 1) {
        stats_fail("harmonic_mean requires at least one data point", TBG_STATISTICS_HARMONIC_MEAN_EMPTY);
        goto out;
    }
    if (n == 1 && !weights) {
        Obj *x = LIST_ITEMS(data)[0];
        if (!is_real(x)) {
            vm_err_set_str(&exc_TypeError, "unsupported type");
            goto out;
        }
        int neg = obj_richcompare_bool(x, zero, CMP_LT);
        if (neg < 0) goto out;
        if (neg) stats_fail(errmsg, TBG_STATISTICS_HARMONIC_MEAN_NEGATIVE);
        else res = INCREF(x);
        goto out;
    }
    Obj *wl, *sum_weights;
    if (!weights) {
        wl = NULL;
        sum_weights = ival(sc, n);
    } else {
        wl = K(seq_to_list(weights));
        if (!wl) goto out;
        if (LIST_LEN(wl) != n) {
            stats_fail("Number of weights does not match data size", TBG_STATISTICS_HARMONIC_MEAN_WEIGHTS);
            goto out;
        }
        for (Ssize i = 0; i < n; i++) {
            int neg = obj_richcompare_bool(LIST_ITEMS(wl)[i], zero, CMP_LT);
            if (neg) {
                if (neg > 0) stats_raise(errmsg);
                goto out;
            }
        }
        TypeObj *T0;
        int64_t c0;
        Obj *sw;
        if (do_sum(wl, &T0, &sw, &c0) < 0) goto out;
        sum_weights = K(sw);
    }
    Obj *terms = K(list_new(0));
    if (!terms || !sum_weights) goto out;
    for (Ssize i = 0; i < n; i++) {
        Obj *w = wl ? LIST_ITEMS(wl)[i] : K(int_from_i64(1));
        Obj *x = LIST_ITEMS(data)[i];
        int neg = w ? obj_richcompare_bool(x, zero, CMP_LT) : -1;
        if (neg) {
            if (neg > 0) {
                /* _fail_neg, consumed by _sum through the generator */
                stats_fail(errmsg, TBG_STATISTICS_FAIL_NEG);
                tbframe_push(&tbgen_statistics, TBG_STATISTICS_HARMONIC_MEAN_GENEXPR);
                tbframe_push(&tbgen_statistics, TBG_STATISTICS_SUM_VALUES);
                tbframe_push(&tbgen_statistics, TBG_STATISTICS_HARMONIC_MEAN_SUM);
            }
            goto out;
        }
        int wt = obj_is_true(w);
        if (wt < 0) goto out;
        Obj *term = wt ? K(num_binary(w, x, NB_TRUE_DIVIDE)) : zero;
        if (!term) {
            if (vm_err_matches(&exc_ZeroDivisionError)) {
                vm_err_clear();
                res = int_from_i64(0);
            }
            goto out;
        }
        if (list_append(terms, term) < 0) goto out;
    }
    TypeObj *T;
    int64_t cnt;
    Obj *total;
    if (do_sum(terms, &T, &total, &cnt) < 0) goto out;
    K(total);
    int le = obj_richcompare_bool(total, zero, CMP_LE);
    if (le < 0) goto out;
    if (le) {
        stats_raise("Weighted sum must be positive");
        goto out;
    }
    Obj *q = K(num_binary(sum_weights, total, NB_TRUE_DIVIDE));
    if (q) res = convert(q, T);
out:
    DECREF(sc);
    return res;
}

/* ---- medians and modes ------------------------------------------------------------------------------- */

static Obj *median_common(Obj *const *args, Ssize nargs, Obj *kw, const char *fname, int which)
{
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *data = sorted_list(v[0]);
    if (!data) {
        tbframe_push(&tbgen_statistics, which == 0  ? TBG_STATISTICS_MEDIAN_SORT
                                        : which < 0 ? TBG_STATISTICS_MEDIAN_LOW_SORT
                                                    : TBG_STATISTICS_MEDIAN_HIGH_SORT);
        return NULL;
    }
    Ssize n = LIST_LEN(data);
    Obj *r = NULL;
    if (n == 0) {
        stats_fail("no median for empty data", which == 0    ? TBG_STATISTICS_MEDIAN_EMPTY
                                               : which < 0 ? TBG_STATISTICS_MEDIAN_LOW_EMPTY
                                                           : TBG_STATISTICS_MEDIAN_HIGH_EMPTY);
    } else if (which == 1 || (which == 0 && n % 2 == 1)) {   /* median_high, odd median */
        r = INCREF(LIST_ITEMS(data)[n / 2]);
    } else if (which == -1) {   /* median_low */
        r = INCREF(LIST_ITEMS(data)[n % 2 == 1 ? n / 2 : n / 2 - 1]);
    } else {
        Obj *sum = num_binary(LIST_ITEMS(data)[n / 2 - 1], LIST_ITEMS(data)[n / 2], NB_ADD);
        Obj *two = int_from_i64(2);
        r = bin(sum, two, NB_TRUE_DIVIDE);
        XDECREF(sum);
        XDECREF(two);
    }
    DECREF(data);
    return r;
}

static Obj *s_median(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return median_common(a, n, kw, "median", 0); }
static Obj *s_median_low(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return median_common(a, n, kw, "median_low", -1); }
static Obj *s_median_high(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return median_common(a, n, kw, "median_high", 1); }

static Obj *s_median_grouped(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data", "interval"};
    Obj *v[2];
    if (mh_bind("median_grouped", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *data = sorted_list(v[0]);
    if (!data) return tbframe_fail(&tbgen_statistics, TBG_STATISTICS_MEDIAN_GROUPED_SORT);
    Ssize n = LIST_LEN(data);
    Obj *r = NULL;
    if (!n) {
        stats_fail("no median for empty data", TBG_STATISTICS_MEDIAN_GROUPED_EMPTY);
        goto out;
    }
    Obj *x = LIST_ITEMS(data)[n / 2];
    /* bisect_left, then bisect_right from there */
    Ssize lo = 0, hi = n;
    while (lo < hi) {
        Ssize mid = (lo + hi) / 2;
        int c = obj_richcompare_bool(LIST_ITEMS(data)[mid], x, CMP_LT);
        if (c < 0) goto out;
        if (c) lo = mid + 1;
        else hi = mid;
    }
    Ssize i = lo;
    hi = n;
    while (lo < hi) {
        Ssize mid = (lo + hi) / 2;
        int c = obj_richcompare_bool(x, LIST_ITEMS(data)[mid], CMP_LT);
        if (c < 0) goto out;
        if (c) hi = mid;
        else lo = mid + 1;
    }
    Ssize j = lo;
    Obj *iv = v[1] ? obj_call((Obj *)&float_type, &v[1], 1, NULL) : float_from_double(1.0);
    Obj *xf = iv ? obj_call((Obj *)&float_type, &x, 1, NULL) : NULL;
    if (!xf) {
        XDECREF(iv);
        if (vm_err_matches(&exc_ValueError)) {
            vm_err_clear();
            vm_err_set_str(&exc_TypeError, "Value cannot be converted to a float");
        }
        goto out;
    }
    double interval = float_value(iv), xd = float_value(xf);
    DECREF(iv);
    DECREF(xf);
    double L = xd - interval / 2.0;
    double cf = (double)i, f = (double)(j - i);
    r = float_from_double(L + interval * ((double)n / 2 - cf) / f);
out:
    DECREF(data);
    return r;
}

static Obj *counter_of(Obj *data)
{
    Obj *it = obj_getiter(data);
    if (!it) return NULL;
    Obj *r = call_mod("collections", "Counter", &it, 1);
    DECREF(it);
    return r;
}

static Obj *s_mode(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind("mode", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *c = counter_of(v[0]);
    Obj *one = c ? int_from_i64(1) : NULL;
    Obj *pairs = one ? obj_call_method(c, "most_common", &one, 1) : NULL;
    XDECREF(one);
    XDECREF(c);
    if (!pairs) return NULL;
    Obj *r = NULL;
    if (obj_length(pairs) == 0) {
        stats_raise_from_none("no mode for empty data");
        tbframe_push(&tbgen_statistics, TBG_STATISTICS_MODE_EMPTY);
    } else {
        Obj *zero = int_from_i64(0);
        Obj *p = zero ? obj_getitem(pairs, zero) : NULL;
        r = p ? obj_getitem(p, zero) : NULL;
        XDECREF(p);
        XDECREF(zero);
    }
    DECREF(pairs);
    return r;
}

static Obj *s_multimode(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind("multimode", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *c = counter_of(v[0]);
    if (!c) return NULL;
    Obj *out = list_new(0);
    Obj *maxc = NULL, *k, *val;
    Ssize pos = 0;
    while (out && dict_next(c, &pos, &k, &val)) {
        int gt = maxc ? obj_richcompare_bool(val, maxc, CMP_GT) : 1;
        if (gt < 0) CLEAR(out);
        else if (gt) obj_setref(&maxc, INCREF(val));
    }
    pos = 0;
    while (out && maxc && dict_next(c, &pos, &k, &val)) {
        int eq = obj_richcompare_bool(val, maxc, CMP_EQ);
        if (eq < 0 || (eq && list_append(out, k) < 0)) CLEAR(out);
    }
    XDECREF(maxc);
    DECREF(c);
    return out;
}

/* ---- quantiles ---------------------------------------------------------------------------------------- */

static Obj *s_quantiles(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"data", "n", "method"};
    Obj *v[3];
    if (mh_bind("quantiles", args, nargs, kw, names, 3, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *sc = list_new(0);
    if (!sc) return NULL;
    Obj *res = NULL;
    Obj *no = v[1] ? v[1] : ival(sc, 4);
    Obj *one = ival(sc, 1);
    int lt = no && one ? obj_richcompare_bool(no, one, CMP_LT) : -1;
    if (lt) {
        if (lt > 0) stats_fail("n must be at least 1", TBG_STATISTICS_QUANTILES_N);
        goto out;
    }
    int64_t n;
    if (!INT_CHECK(no)) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(OBJ_TYPE(no)));
        goto out;
    }
    if (int_as_i64(no, &n) < 0) goto out;
    Obj *data = K(sorted_list(v[0]));
    if (!data) goto out;
    Ssize ld = LIST_LEN(data);
    if (ld < 2) {
        stats_fail("must have at least two data points", TBG_STATISTICS_QUANTILES_SHORT);
        goto out;
    }
    Obj *method = v[2];
    bool inclusive = method && STR_CHECK(method) && str_eq_cstr(method, "inclusive");
    bool exclusive = !method || (STR_CHECK(method) && str_eq_cstr(method, "exclusive"));
    if (!inclusive && !exclusive) {
        vm_err_format(&exc_ValueError, "Unknown method: %R", method);
        tbframe_push(&tbgen_statistics, TBG_STATISTICS_QUANTILES_METHOD);
        goto out;
    }
    Obj *result = K(list_new(0));
    if (!result) goto out;
    for (int64_t i = 1; i < n; i++) {
        int64_t j, delta;
        Obj *a, *b;
        if (inclusive) {
            int64_t m = ld - 1;
            j = i * m / n;
            delta = i * m % n;
            a = LIST_ITEMS(data)[j];
            b = LIST_ITEMS(data)[j + 1];
        } else {
            int64_t m = ld + 1;
            j = i * m / n;
            j = j < 1 ? 1 : j > ld - 1 ? ld - 1 : j;
            delta = i * m - j * n;
            a = LIST_ITEMS(data)[j - 1];
            b = LIST_ITEMS(data)[j];
        }
        Obj *t1 = K(bin(a, ival(sc, n - delta), NB_MULTIPLY));
        Obj *t2 = K(bin(b, ival(sc, delta), NB_MULTIPLY));
        Obj *q = K(bin(K(bin(t1, t2, NB_ADD)), no, NB_TRUE_DIVIDE));
        if (!q || list_append(result, q) < 0) goto out;
    }
    res = INCREF(result);
out:
    DECREF(sc);
    return res;
}

/* ---- spread -------------------------------------------------------------------------------------------------- */

/* the square root of n/m as a correctly rounded float (round-to-odd, 109 bits) */
static void isqrt_frac_rto(mpz_t out, const mpz_t n, const mpz_t m)
{
    mpz_t q, sq;
    mpz_inits(q, sq, NULL);
    mpz_fdiv_q(q, n, m);
    mpz_sqrt(out, q);
    mpz_mul(sq, out, out);
    mpz_mul(sq, sq, m);
    if (mpz_cmp(sq, n) != 0) mpz_setbit(out, 0);
    mpz_clears(q, sq, NULL);
}

static Obj *float_sqrt_of_frac(Obj *num, Obj *den)
{
    mpz_t n, m, r, t;
    mpz_inits(n, m, r, t, NULL);
    int_to_mpz(num, n);
    int_to_mpz(den, m);
    long bits = 2 * 53 + 3;
    long nb = mpz_sgn(n) ? (long)mpz_sizeinbase(n, 2) : 0, mb = mpz_sgn(m) ? (long)mpz_sizeinbase(m, 2) : 0;
    long diff = nb - mb - bits;
    long q = diff >= 0 ? diff / 2 : -((-diff + 1) / 2);   /* floor division */
    Obj *res = NULL;
    if (mpz_sgn(n) < 0) {
        vm_err_set_str(&exc_ValueError, "isqrt() argument must be nonnegative");
        goto out;
    }
    if (q >= 0) {
        mpz_mul_2exp(t, m, (mp_bitcnt_t)(2 * q));
        isqrt_frac_rto(r, n, t);
        mpz_mul_2exp(r, r, (mp_bitcnt_t)q);
        Obj *ri = int_from_mpz(r);
        res = ri ? obj_call((Obj *)&float_type, &ri, 1, NULL) : NULL;
        XDECREF(ri);
    } else {
        mpz_mul_2exp(t, n, (mp_bitcnt_t)(-2 * q));
        isqrt_frac_rto(r, t, m);
        mpz_set_ui(t, 1);
        mpz_mul_2exp(t, t, (mp_bitcnt_t)(-q));
        Obj *ri = int_from_mpz(r), *di = ri ? int_from_mpz(t) : NULL;
        res = bin(ri, di, NB_TRUE_DIVIDE);
        XDECREF(ri);
        XDECREF(di);
    }
out:
    mpz_clears(n, m, r, t, NULL);
    return res;
}

/* (n, d) of a Decimal's as_integer_ratio into mpz's. */
static int decimal_ratio(Obj *d, mpz_t n, mpz_t m)
{
    Obj *r = obj_call_method(d, "as_integer_ratio", NULL, 0);
    if (!r) return -1;
    int_to_mpz(TUPLE_ITEMS(r)[0], n);
    int_to_mpz(TUPLE_ITEMS(r)[1], m);
    DECREF(r);
    return 0;
}

/* 4 * n * (d1 * d2)**2 compared with m * (d1 * n2 + d2 * n1)**2 (the
 * midpoint test of _decimal_sqrt_of_frac). */
static int midpoint_cmp(const mpz_t n, const mpz_t m, const mpz_t n1, const mpz_t d1, const mpz_t n2,
                        const mpz_t d2)
{
    mpz_t a, b, t;
    mpz_inits(a, b, t, NULL);
    mpz_mul(a, d1, d2);
    mpz_mul(a, a, a);
    mpz_mul(a, a, n);
    mpz_mul_ui(a, a, 4);
    mpz_mul(b, d1, n2);
    mpz_mul(t, d2, n1);
    mpz_add(b, b, t);
    mpz_mul(b, b, b);
    mpz_mul(b, b, m);
    int c = mpz_cmp(a, b);
    mpz_clears(a, b, t, NULL);
    return c;
}

/* _decimal_sqrt_of_frac: the square root of num/den as a Decimal, correctly rounded. */
static Obj *decimal_sqrt_of_frac(Obj *num, Obj *den)
{
    Obj *D = mod_attr("decimal", "Decimal");
    if (!D) return NULL;
    mpz_t n, m, nr, dr, n2, d2;
    mpz_inits(n, m, nr, dr, n2, d2, NULL);
    int_to_mpz(num, n);
    int_to_mpz(den, m);
    Obj *res = NULL, *root = NULL, *cand = NULL;
    if (mpz_sgn(n) <= 0) {
        if (mpz_sgn(n) == 0) {
            Obj *z = str_from_cstr("0.0");
            res = z ? obj_call(D, &z, 1, NULL) : NULL;
            XDECREF(z);
            goto out;
        }
        mpz_neg(n, n);
        mpz_neg(m, m);
    }
    {
        Obj *ni = int_from_mpz(n), *mi = int_from_mpz(m);
        Obj *dn = ni ? obj_call(D, &ni, 1, NULL) : NULL, *dm = mi ? obj_call(D, &mi, 1, NULL) : NULL;
        Obj *q = dn && dm ? num_binary(dn, dm, NB_TRUE_DIVIDE) : NULL;
        root = q ? obj_call_method(q, "sqrt", NULL, 0) : NULL;
        XDECREF(ni);
        XDECREF(mi);
        XDECREF(dn);
        XDECREF(dm);
        XDECREF(q);
    }
    if (!root || decimal_ratio(root, nr, dr) < 0) goto out;
    cand = obj_call_method(root, "next_plus", NULL, 0);
    if (!cand || decimal_ratio(cand, n2, d2) < 0) goto out;
    if (midpoint_cmp(n, m, nr, dr, n2, d2) > 0) {
        res = cand;
        cand = NULL;
        goto out;
    }
    CLEAR(cand);
    cand = obj_call_method(root, "next_minus", NULL, 0);
    if (!cand || decimal_ratio(cand, n2, d2) < 0) goto out;
    if (midpoint_cmp(n, m, nr, dr, n2, d2) < 0) {
        res = cand;
        cand = NULL;
        goto out;
    }
    res = INCREF(root);
out:
    XDECREF(root);
    XDECREF(cand);
    DECREF(D);
    mpz_clears(n, m, nr, dr, n2, d2, NULL);
    return res;
}

/* variance (pop=0, sq=0), pvariance (pop=1), stdev (sq=1), pstdev */
static Obj *spread(Obj *const *args, Ssize nargs, Obj *kw, const char *fname, bool pop, bool root)
{
    static const char *const sample_names[] = {"data", "xbar"}, *const pop_names[] = {"data", "mu"};
    Obj *v[2];
    if (mh_bind(fname, args, nargs, kw, pop ? pop_names : sample_names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    TypeObj *T;
    Obj *ss;
    int64_t n;
    if (do_ss(v[0], v[1], &T, &ss, &n) < 0) return NULL;
    if (n < (pop ? 1 : 2)) {
        DECREF(ss);
        char msg[96];
        snprintf(msg, sizeof msg, "%s requires at least %s data point%s", fname, pop ? "one" : "two", pop ? "" : "s");
        stats_fail(msg, pop ? (root ? TBG_STATISTICS_PSTDEV_EMPTY : TBG_STATISTICS_PVARIANCE_EMPTY)
                            : (root ? TBG_STATISTICS_STDEV_SHORT : TBG_STATISTICS_VARIANCE_SHORT));
        return NULL;
    }
    Obj *cnt = int_from_i64(pop ? n : n - 1);
    Obj *mss = bin(ss, cnt, NB_TRUE_DIVIDE);
    XDECREF(cnt);
    DECREF(ss);
    if (!mss) return NULL;
    Obj *r;
    if (root) {
        Obj *num = obj_getattr(mss, id_str("numerator"));
        Obj *den = num ? obj_getattr(mss, id_str("denominator")) : NULL;
        r = !den ? NULL : is_decimal_type(T) ? decimal_sqrt_of_frac(num, den) : float_sqrt_of_frac(num, den);
        XDECREF(num);
        XDECREF(den);
    } else {
        r = convert(mss, T);
    }
    DECREF(mss);
    return r;
}

static Obj *s_variance(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return spread(a, n, kw, "variance", false, false); }
static Obj *s_pvariance(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return spread(a, n, kw, "pvariance", true, false); }
static Obj *s_stdev(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return spread(a, n, kw, "stdev", false, true); }
static Obj *s_pstdev(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return spread(a, n, kw, "pstdev", true, true); }

/* ---- two variables ------------------------------------------------------------------------------------------ */

/* [xi - mean for xi in x] with mean = fsum(x) / n */
static Obj *centered(Obj *sc, Obj *x, Ssize n, Obj **mean)
{
    Obj *total = K(call_mod("math", "fsum", &x, 1));
    *mean = K(bin(total, ival(sc, n), NB_TRUE_DIVIDE));
    if (!*mean) return NULL;
    Obj *out = K(list_new(0));
    Obj *it = out ? obj_getiter(x) : NULL;
    if (!it) return NULL;
    Obj *xi;
    while ((xi = obj_iternext(it))) {
        Obj *d = num_binary(xi, *mean, NB_SUBTRACT);
        DECREF(xi);
        if (!d || list_append(out, d) < 0) {
            XDECREF(d);
            DECREF(it);
            return NULL;
        }
        DECREF(d);
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : out;
}

static Obj *sumprod(Obj *sc, Obj *a, Obj *b)
{
    Obj *args[2] = {a, b};
    return a && b ? K(call_mod("math", "sumprod", args, 2)) : NULL;
}

/* The length checks of correlation, covariance and linear_regression;
 * `lines`: their entries for unequal lengths and too few points. */
static int two_inputs(Obj *x, Obj *y, const char *what, const int lines[2], Ssize *n)
{
    Ssize nx = obj_length(x);
    if (nx < 0) return -1;
    Ssize ny = obj_length(y);
    if (ny < 0) return -1;
    char msg[128];
    if (nx != ny) {
        snprintf(msg, sizeof msg, "%s requires that both inputs have same number of data points", what);
        stats_fail(msg, lines[0]);
        return -1;
    }
    if (nx < 2) {
        snprintf(msg, sizeof msg, "%s requires at least two data points", what);
        stats_fail(msg, lines[1]);
        return -1;
    }
    *n = nx;
    return 0;
}

static Obj *s_covariance(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("covariance", "covariance", nargs, kw, 2, 2) < 0) return NULL;
    Ssize n;
    static const int lines[2] = {TBG_STATISTICS_COVARIANCE_LENGTHS, TBG_STATISTICS_COVARIANCE_SHORT};
    if (two_inputs(args[0], args[1], "covariance", lines, &n) < 0) return NULL;
    Obj *sc = list_new(0);
    if (!sc) return NULL;
    Obj *xb, *yb;
    Obj *cx = centered(sc, args[0], n, &xb);
    Obj *cy = cx ? centered(sc, args[1], n, &yb) : NULL;
    Obj *sxy = sumprod(sc, cx, cy);
    Obj *r = bin(sxy, ival(sc, n - 1), NB_TRUE_DIVIDE);
    DECREF(sc);
    return r;
}

/* _rank(data, start=start) with average ties */
static Obj *rank(Obj *sc, Obj *data, Obj *start)
{
    Obj *l = K(seq_to_list(data));
    if (!l) return NULL;
    Ssize n = LIST_LEN(l);
    Obj *pairs = K(list_new(0));
    for (Ssize i = 0; pairs && i < n; i++) {
        Obj *p = K(tuple_pack(2, LIST_ITEMS(l)[i], ival(sc, i)));
        if (!p || list_append(pairs, p) < 0) return NULL;
    }
    if (!pairs || list_sort(pairs, NULL, false) < 0) return NULL;
    Obj *result = K(list_new(n));
    if (!result) return NULL;
    for (Ssize i = 0; i < n; i++) LIST_ITEMS(result)[i] = int_from_i64(0);
    Obj *i0 = K(bin(start, ival(sc, 1), NB_SUBTRACT));
    Ssize k = 0;
    while (i0 && k < n) {
        Ssize e = k + 1;
        while (e < n) {
            int eq = obj_richcompare_bool(TUPLE_ITEMS(LIST_ITEMS(pairs)[e])[0], TUPLE_ITEMS(LIST_ITEMS(pairs)[k])[0], CMP_EQ);
            if (eq < 0) return NULL;
            if (!eq) break;
            e++;
        }
        Ssize size = e - k;
        Obj *half = K(bin(ival(sc, size + 1), ival(sc, 2), NB_TRUE_DIVIDE));
        Obj *rk = K(bin(i0, half, NB_ADD));
        if (!rk) return NULL;
        for (Ssize g = k; g < e; g++) {
            int64_t pos;
            if (int_as_i64(TUPLE_ITEMS(LIST_ITEMS(pairs)[g])[1], &pos) < 0) return NULL;
            obj_setref(&LIST_ITEMS(result)[pos], INCREF(rk));
        }
        i0 = K(bin(i0, ival(sc, size), NB_ADD));
        k = e;
    }
    return i0 ? result : NULL;
}

static Obj *s_correlation(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Ssize nkw = mh_nkw(kw);
    if (nargs != 2) {
        if (nargs < 2) {
            Obj *miss[2] = {str_from_cstr("x"), str_from_cstr("y")};
            args_err_missing("correlation", miss + nargs, 2 - nargs, false);
            XDECREF(miss[0]);
            XDECREF(miss[1]);
        } else {
            args_err_too_many_positional("correlation", 2, 2, nargs, nkw);
        }
        return NULL;
    }
    Obj *method = NULL;
    for (Ssize i = 0; i < nkw; i++) {
        if (!str_eq_cstr(TUPLE_ITEMS(kw)[i], "method")) {
            args_err_unexpected_kw("correlation", TUPLE_ITEMS(kw)[i]);
            return NULL;
        }
        method = args[nargs + i];
    }
    Ssize n;
    static const int lines[2] = {TBG_STATISTICS_CORRELATION_LENGTHS, TBG_STATISTICS_CORRELATION_SHORT};
    if (two_inputs(args[0], args[1], "correlation", lines, &n) < 0) return NULL;
    bool ranked = method && STR_CHECK(method) && str_eq_cstr(method, "ranked");
    if (method && !ranked && !(STR_CHECK(method) && str_eq_cstr(method, "linear"))) {
        vm_err_format(&exc_ValueError, "Unknown method: %R", method);
        return tbframe_fail(&tbgen_statistics, TBG_STATISTICS_CORRELATION_METHOD);
    }
    Obj *sc = list_new(0);
    if (!sc) return NULL;
    Obj *x, *y, *res = NULL;
    if (ranked) {
        Obj *start = K(float_from_double((double)(n - 1) / -2.0));
        x = start ? rank(sc, args[0], start) : NULL;
        y = x ? rank(sc, args[1], start) : NULL;
    } else {
        Obj *xb, *yb;
        x = centered(sc, args[0], n, &xb);
        y = x ? centered(sc, args[1], n, &yb) : NULL;
    }
    Obj *sxy = sumprod(sc, x, y), *sxx = sumprod(sc, x, x), *syy = sumprod(sc, y, y);
    Obj *prod = K(bin(sxx, syy, NB_MULTIPLY));
    Obj *root = prod ? K(call_mod("math", "sqrt", &prod, 1)) : NULL;
    res = bin(sxy, root, NB_TRUE_DIVIDE);
    if (!res && vm_err_matches(&exc_ZeroDivisionError))
        stats_fail_chained("at least one of the inputs is constant", TBG_STATISTICS_CORRELATION_DIVIDE,
                           TBG_STATISTICS_CORRELATION_CONSTANT);
    DECREF(sc);
    return res;
}

static Obj *s_linear_regression(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Ssize nkw = mh_nkw(kw);
    if (nargs != 2) {
        if (nargs < 2) {
            Obj *miss[2] = {str_from_cstr("x"), str_from_cstr("y")};
            args_err_missing("linear_regression", miss + nargs, 2 - nargs, false);
            XDECREF(miss[0]);
            XDECREF(miss[1]);
        } else {
            args_err_too_many_positional("linear_regression", 2, 2, nargs, nkw);
        }
        return NULL;
    }
    Obj *prop = NULL;
    for (Ssize i = 0; i < nkw; i++) {
        if (!str_eq_cstr(TUPLE_ITEMS(kw)[i], "proportional")) {
            args_err_unexpected_kw("linear_regression", TUPLE_ITEMS(kw)[i]);
            return NULL;
        }
        prop = args[nargs + i];
    }
    Ssize n;
    static const int lines[2] = {TBG_STATISTICS_LINEAR_REGRESSION_LENGTHS,
                                 TBG_STATISTICS_LINEAR_REGRESSION_SHORT};
    if (two_inputs(args[0], args[1], "linear regression", lines, &n) < 0) return NULL;
    int proportional = prop ? obj_is_true(prop) : 0;
    if (proportional < 0) return NULL;
    Obj *sc = list_new(0);
    if (!sc) return NULL;
    Obj *x = args[0], *y = args[1], *xb = NULL, *yb = NULL, *res = NULL;
    if (!proportional) {
        x = centered(sc, args[0], n, &xb);
        y = x ? centered(sc, args[1], n, &yb) : NULL;
    }
    Obj *sxy = K(bin(sumprod(sc, x, y), K(float_from_double(0.0)), NB_ADD));
    Obj *sxx = sumprod(sc, x, x);
    Obj *slope = K(bin(sxy, sxx, NB_TRUE_DIVIDE));
    if (!slope) {
        if (vm_err_matches(&exc_ZeroDivisionError))
            stats_fail_chained("x is constant", TBG_STATISTICS_LINEAR_REGRESSION_DIVIDE,
                               TBG_STATISTICS_LINEAR_REGRESSION_CONSTANT);
        goto out;
    }
    Obj *intercept = proportional ? K(float_from_double(0.0)) : K(bin(yb, K(bin(slope, xb, NB_MULTIPLY)), NB_SUBTRACT));
    if (!intercept) goto out;
    Obj *a[2] = {slope, intercept};
    res = obj_call(linreg_cls, a, 2, NULL);
out:
    DECREF(sc);
    return res;
}

/* ---- NormalDist ----------------------------------------------------------------------------------------- */

static Obj *normaldist_cls;

/* _normal_dist_inv_cdf: Wichura's AS241, in the same operation order as CPython's C version */
static double inv_cdf(double p, double mu, double sigma)
{
    double q = p - 0.5, r, num, den, x;
    if (fabs(q) <= 0.425) {
        r = 0.180625 - q * q;
        num = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r +
                   4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
                1.3314166789178437745e+2) * r + 3.3871328727963666080e+0) * q;
        den = (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r +
                   2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
                4.2313330701600911252e+1) * r + 1.0);
        x = num / den;
        return mu + (x * sigma);
    }
    r = q <= 0.0 ? p : 1.0 - p;
    r = sqrt(-log(r));
    if (r <= 5.0) {
        r = r - 1.6;
        num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
                   1.27045825245236838258e+0) * r + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r +
                4.63033784615654529590e+0) * r + 1.42343711074968357734e+0);
        den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
                   1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r +
                2.05319162663775882187e+0) * r + 1.0);
    } else {
        r = r - 5.0;
        num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
                   2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r +
                5.46378491116411436990e+0) * r + 6.65790464350110377720e+0);
        den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
                   7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
                5.99832206555887937690e-1) * r + 1.0);
    }
    x = num / den;
    if (q < 0.0) x = -x;
    return mu + (x * sigma);
}

static int nd_get(Obj *o, double *mu, double *sigma)
{
    Obj *m = obj_getattr(o, id_str("_mu"));
    Obj *sg = m ? obj_getattr(o, id_str("_sigma")) : NULL;
    int r = sg && IS_TYPE(m, float_type) && IS_TYPE(sg, float_type) ? 0 : -1;
    if (r == 0) {
        *mu = float_value(m);
        *sigma = float_value(sg);
    } else if (!vm_err_occurred()) {
        vm_err_set_str(&exc_TypeError, "NormalDist attributes must be floats");
    }
    XDECREF(m);
    XDECREF(sg);
    return r;
}

static bool nd_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), (TypeObj *)normaldist_cls); }

static Obj *nd_make(TypeObj *t, double mu, double sigma)
{
    Obj *a[2] = {float_from_double(mu), float_from_double(sigma)};
    Obj *r = a[0] && a[1] ? obj_call((Obj *)t, a, 2, NULL) : NULL;
    XDECREF(a[0]);
    XDECREF(a[1]);
    return r;
}

static Obj *nd_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"mu", "sigma"};
    Obj *v[2];
    if (mh_bind_m("NormalDist.__init__", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *zero = float_from_double(0.0);
    int neg = v[1] && zero ? obj_richcompare_bool(v[1], zero, CMP_LT) : zero ? 0 : -1;
    XDECREF(zero);
    if (neg) {
        if (neg > 0) stats_fail("sigma must be non-negative", TBG_STATISTICS_NORMALDIST_SIGMA);
        return NULL;
    }
    Obj *mu = v[0] ? obj_call((Obj *)&float_type, &v[0], 1, NULL) : float_from_double(0.0);
    Obj *sg = mu ? (v[1] ? obj_call((Obj *)&float_type, &v[1], 1, NULL) : float_from_double(1.0)) : NULL;
    int r = sg && obj_setattr(self, id_str("_mu"), mu) == 0 ? obj_setattr(self, id_str("_sigma"), sg) : -1;
    XDECREF(mu);
    XDECREF(sg);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *nd_from_samples(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind_m("NormalDist.from_samples", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    /* _mean_stdev: xbar and the correctly rounded stdev from _ss */
    Acc a = {0};
    if (accumulate(&a, v[0], true) < 0) {
        acc_free(&a);
        return NULL;
    }
    Obj *res = NULL, *xbar = NULL, *ssd = NULL;
    if (a.count < 2) {
        stats_fail("stdev requires at least two data points", TBG_STATISTICS_MEAN_STDEV_SHORT);
        tbframe_push(&tbgen_statistics, TBG_STATISTICS_FROM_SAMPLES_MEAN_STDEV);
        goto out;
    }
    if (a.nonfinite) {
        xbar = INCREF(a.nonfinite);
        ssd = INCREF(a.nonfinite);
    } else {
        Obj *sx = sum_fractions(a.partials, false);
        Obj *sxx = sx ? sum_fractions(a.partials2, true) : NULL;
        Obj *cnt = int_from_i64(a.count);
        Obj *t1 = bin(cnt, sxx, NB_MULTIPLY), *t2 = bin(sx, sx, NB_MULTIPLY), *t3 = bin(t1, t2, NB_SUBTRACT);
        ssd = bin(t3, cnt, NB_TRUE_DIVIDE);
        xbar = bin(sx, cnt, NB_TRUE_DIVIDE);
        XDECREF(sx);
        XDECREF(sxx);
        XDECREF(cnt);
        XDECREF(t1);
        XDECREF(t2);
        XDECREF(t3);
    }
    if (!ssd || !xbar) goto out;
    Obj *nm1 = int_from_i64(a.count - 1);
    Obj *mss = bin(ssd, nm1, NB_TRUE_DIVIDE);
    XDECREF(nm1);
    Obj *fx = mss ? obj_call((Obj *)&float_type, &xbar, 1, NULL) : NULL;
    Obj *sd = NULL;
    if (fx) {
        Obj *num = NULL, *den = NULL;
        if (obj_lookup_attr(mss, id_str("numerator"), &num) > 0 && obj_lookup_attr(mss, id_str("denominator"), &den) > 0)
            sd = float_sqrt_of_frac(num, den);
        else if (!vm_err_occurred()) {
            /* a non-finite mean square: float(xbar) / float(ss) */
            Obj *fs = obj_call((Obj *)&float_type, &ssd, 1, NULL);
            sd = bin(fx, fs, NB_TRUE_DIVIDE);
            XDECREF(fs);
        }
        XDECREF(num);
        XDECREF(den);
    }
    if (sd) {
        Obj *ca[2] = {fx, sd};
        res = obj_call(cls, ca, 2, NULL);
    }
    XDECREF(mss);
    XDECREF(fx);
    XDECREF(sd);
out:
    XDECREF(xbar);
    XDECREF(ssd);
    acc_free(&a);
    return res;
}

static Obj *nd_samples(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"n", "seed"};
    Obj *v[2];
    if (mh_bind_m("NormalDist.samples", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    double mu, sigma;
    if (nd_get(self, &mu, &sigma) < 0) return NULL;
    /* gauss = random.gauss, or random.Random(seed).gauss */
    Obj *gauss;
    if (!v[1] || v[1] == NONE) {
        gauss = mod_attr("random", "gauss");
    } else {
        Obj *R = mod_attr("random", "Random");
        Obj *inst = R ? obj_call(R, &v[1], 1, NULL) : NULL;
        XDECREF(R);
        gauss = inst ? obj_getattr(inst, id_str("gauss")) : NULL;
        XDECREF(inst);
    }
    if (!gauss) return NULL;
    Obj *ms[2] = {float_from_double(mu), float_from_double(sigma)};
    Ssize n = ms[0] && ms[1] ? mh_as_ssize(v[0]) : -1;
    Obj *out = n == -1 && vm_err_occurred() ? NULL : list_new(0);
    for (Ssize i = 0; out && i < n; i++) {
        Obj *x = obj_call(gauss, ms, 2, NULL);
        if (!x || list_append(out, x) < 0) CLEAR(out);
        XDECREF(x);
    }
    XDECREF(ms[0]);
    XDECREF(ms[1]);
    DECREF(gauss);
    return out;
}

static int arg_double(Obj *x, double *out)
{
    *out = float_as_double(x);
    return *out == -1.0 && vm_err_occurred() ? -1 : 0;
}

/* x - mu as Python computes it (errors included), as a double */
static int diff_double(Obj *x, double mu, double *out)
{
    Obj *m = float_from_double(mu);
    Obj *d = m ? num_binary(x, m, NB_SUBTRACT) : NULL;
    XDECREF(m);
    if (!d) return -1;
    int r = arg_double(d, out);
    DECREF(d);
    return r;
}

static Obj *nd_pdf(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x"};
    Obj *v[1];
    double mu, sigma, x;
    if (mh_bind_m("NormalDist.pdf", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 || nd_get(self, &mu, &sigma) < 0)
        return NULL;
    double variance = sigma * sigma;
    if (!variance) {
        stats_raise("pdf() not defined when sigma is zero");
        return NULL;
    }
    double diff;
    if (diff_double(v[0], mu, &diff) < 0) return NULL;
    (void)x;
    return float_from_double(exp(diff * diff / (-2.0 * variance)) / sqrt(6.283185307179586 * variance));
}

static double nd_cdf_value(double mu, double sigma, double x)
{
    return 0.5 * (1.0 + erf((x - mu) / (sigma * 1.4142135623730951)));
}

static double cdf_of_diff(double sigma, double diff)
{
    return 0.5 * (1.0 + erf(diff / (sigma * 1.4142135623730951)));
}

static Obj *nd_cdf(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x"};
    Obj *v[1];
    double mu, sigma, x;
    if (mh_bind_m("NormalDist.cdf", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 || nd_get(self, &mu, &sigma) < 0)
        return NULL;
    if (!sigma) {
        stats_raise("cdf() not defined when sigma is zero");
        return NULL;
    }
    double diff;
    if (diff_double(v[0], mu, &diff) < 0) return NULL;
    (void)x;
    return float_from_double(cdf_of_diff(sigma, diff));
}

static Obj *nd_inv_cdf(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"p"};
    Obj *v[1];
    double mu, sigma, p;
    if (mh_bind_m("NormalDist.inv_cdf", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 || nd_get(self, &mu, &sigma) < 0)
        return NULL;
    Obj *zero = float_from_double(0.0), *one = float_from_double(1.0);
    int out = zero && one ? obj_richcompare_bool(v[0], zero, CMP_LE) : -1;
    if (out == 0) out = obj_richcompare_bool(v[0], one, CMP_GE);
    XDECREF(zero);
    XDECREF(one);
    if (out < 0 || arg_double(v[0], &p) < 0) return NULL;
    if (out) {
        stats_raise("p must be in the range 0.0 < p < 1.0");
        return NULL;
    }
    return float_from_double(inv_cdf(p, mu, sigma));
}

static Obj *nd_quantiles(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("NormalDist.quantiles", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Ssize n = v[0] ? mh_as_ssize(v[0]) : 4;
    if (n == -1 && vm_err_occurred()) return NULL;
    Obj *out = list_new(0);
    for (Ssize i = 1; out && i < n; i++) {
        Obj *p = float_from_double((double)i / (double)n);
        Obj *q = p ? obj_call_method(self, "inv_cdf", &p, 1) : NULL;
        XDECREF(p);
        if (!q || list_append(out, q) < 0) CLEAR(out);
        XDECREF(q);
    }
    return out;
}

static Obj *nd_overlap(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"other"};
    Obj *v[1];
    if (mh_bind_m("NormalDist.overlap", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (!nd_check(v[0])) {
        vm_err_set_str(&exc_TypeError, "Expected another NormalDist instance");
        return NULL;
    }
    double xm, xs, ym, ys;
    if (nd_get(self, &xm, &xs) < 0 || nd_get(v[0], &ym, &ys) < 0) return NULL;
    if (ys < xs || (ys == xs && ym < xm)) {
        double t = xm; xm = ym; ym = t;
        t = xs; xs = ys; ys = t;
    }
    double xv = xs * xs, yv = ys * ys;
    if (!xv || !yv) {
        stats_raise("overlap() not defined when sigma is zero");
        return NULL;
    }
    double dv = yv - xv, dm = fabs(ym - xm);
    if (!dv) return float_from_double(1.0 - erf(dm / (2.0 * xs * 1.4142135623730951)));
    double a = xm * yv - ym * xv;
    double b = xs * ys * sqrt(dm * dm + dv * log(yv / xv));
    double x1 = (a + b) / dv, x2 = (a - b) / dv;
    return float_from_double(1.0 - (fabs(nd_cdf_value(ym, ys, x1) - nd_cdf_value(xm, xs, x1)) +
                                    fabs(nd_cdf_value(ym, ys, x2) - nd_cdf_value(xm, xs, x2))));
}

static Obj *nd_zscore(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x"};
    Obj *v[1];
    double mu, sigma, x;
    if (mh_bind_m("NormalDist.zscore", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 || nd_get(self, &mu, &sigma) < 0)
        return NULL;
    if (!sigma) {
        stats_raise("zscore() not defined when sigma is zero");
        return NULL;
    }
    double diff;
    if (diff_double(v[0], mu, &diff) < 0) return NULL;
    (void)x;
    return float_from_double(diff / sigma);
}

static Obj *nd_prop(Obj *self, int which)
{
    double mu, sigma;
    if (nd_get(self, &mu, &sigma) < 0) return NULL;
    return float_from_double(which == 0 ? mu : which == 1 ? sigma : sigma * sigma);
}

static Obj *g_mu(Obj *o, void *c) { (void)c; return nd_prop(o, 0); }
static Obj *g_sigma(Obj *o, void *c) { (void)c; return nd_prop(o, 1); }
static Obj *g_var(Obj *o, void *c) { (void)c; return nd_prop(o, 2); }

/* arithmetic: NormalDist op NormalDist / number */
static Obj *nd_arith(Obj *x1, Obj *x2, int op, bool reflected)
{
    double m1, s1;
    if (nd_get(x1, &m1, &s1) < 0) return NULL;
    TypeObj *t = (TypeObj *)normaldist_cls;   /* results are plain NormalDists */
    if ((op == NB_ADD || op == NB_SUBTRACT) && nd_check(x2)) {
        double m2, s2;
        if (nd_get(x2, &m2, &s2) < 0) return NULL;
        return nd_make(t, op == NB_ADD ? m1 + m2 : m1 - m2, hypot(s1, s2));
    }
    /* x1._mu OP x2 (and math.fabs(x2) for the scale) with Python's semantics and errors */
    Obj *mo = float_from_double(m1);
    Obj *nm = mo ? num_binary(mo, x2, op == NB_SUBTRACT && reflected ? NB_SUBTRACT : op) : NULL;
    XDECREF(mo);
    if (!nm) return NULL;
    double newmu;
    int r = arg_double(nm, &newmu);
    DECREF(nm);
    if (r < 0) return NULL;
    if (op == NB_SUBTRACT && reflected) newmu = -newmu;   /* -(x1 - x2) */
    double news = s1;
    if (op == NB_MULTIPLY || op == NB_TRUE_DIVIDE) {
        Obj *fa = call_mod("math", "fabs", &x2, 1);
        if (!fa) return NULL;
        double c = float_value(fa);
        DECREF(fa);
        news = op == NB_MULTIPLY ? s1 * c : s1 / c;
    }
    return nd_make(t, newmu, news);
}

#define ND_BIN(fn, op, refl)                                                                      \
    static Obj *fn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)                            \
    {                                                                                             \
        (void)nargs; (void)kw;                                                                    \
        return nd_arith(self, args[0], op, refl);                                                 \
    }
ND_BIN(nd_add, NB_ADD, false)
ND_BIN(nd_sub, NB_SUBTRACT, false)
ND_BIN(nd_rsub, NB_SUBTRACT, true)
ND_BIN(nd_mul, NB_MULTIPLY, false)
ND_BIN(nd_div, NB_TRUE_DIVIDE, false)

static Obj *nd_pos(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    double m, s;
    return nd_get(self, &m, &s) < 0 ? NULL : nd_make(OBJ_TYPE(self), m, s);
}

static Obj *nd_neg(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    double m, s;
    return nd_get(self, &m, &s) < 0 ? NULL : nd_make(OBJ_TYPE(self), -m, s);
}

static Obj *nd_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (!nd_check(args[0])) return INCREF(NOTIMPL);
    double m1, s1, m2, s2;
    if (nd_get(self, &m1, &s1) < 0 || nd_get(args[0], &m2, &s2) < 0) return NULL;
    return bool_from(m1 == m2 && s1 == s2);
}

static Obj *nd_hash(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *m = obj_getattr(self, id_str("_mu")), *s = m ? obj_getattr(self, id_str("_sigma")) : NULL;
    Obj *t = s ? tuple_pack(2, m, s) : NULL;
    XDECREF(m);
    XDECREF(s);
    if (!t) return NULL;
    Hash h = obj_hash(t);
    DECREF(t);
    return h == -1 ? NULL : int_from_i64(h);
}

static Obj *nd_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *tn = obj_getattr((Obj *)OBJ_TYPE(self), id_str("__name__"));
    Obj *m = tn ? obj_getattr(self, id_str("_mu")) : NULL, *s = m ? obj_getattr(self, id_str("_sigma")) : NULL;
    Obj *r = s ? str_from_fmt("%S(mu=%R, sigma=%R)", tn, m, s) : NULL;
    XDECREF(tn);
    XDECREF(m);
    XDECREF(s);
    return r;
}

static const MethodDef nd_methods[] = {
    {"__init__", nd_init, METH_FAST, NULL},
    {"from_samples", nd_from_samples, METH_FAST | METH_CLASS, "Make a normal distribution instance from sample data."},
    {"samples", nd_samples, METH_FAST, "Generate *n* samples for a given mean and standard deviation."},
    {"pdf", nd_pdf, METH_FAST, "Probability density function.  P(x <= X < x+dx) / dx"},
    {"cdf", nd_cdf, METH_FAST, "Cumulative distribution function.  P(X <= x)"},
    {"inv_cdf", nd_inv_cdf, METH_FAST, NULL},
    {"quantiles", nd_quantiles, METH_FAST, NULL},
    {"overlap", nd_overlap, METH_FAST, NULL},
    {"zscore", nd_zscore, METH_FAST, NULL},
    {"__add__", nd_add, METH_O, NULL}, {"__radd__", nd_add, METH_O, NULL},
    {"__sub__", nd_sub, METH_O, NULL}, {"__rsub__", nd_rsub, METH_O, NULL},
    {"__mul__", nd_mul, METH_O, NULL}, {"__rmul__", nd_mul, METH_O, NULL},
    {"__truediv__", nd_div, METH_O, NULL},
    {"__pos__", nd_pos, METH_NOARGS, NULL}, {"__neg__", nd_neg, METH_NOARGS, NULL},
    {"__eq__", nd_eq, METH_O, NULL}, {"__hash__", nd_hash, METH_NOARGS, NULL},
    {"__repr__", nd_repr, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef nd_getset[] = {
    {"mean", g_mu, NULL, "Arithmetic mean of the normal distribution.", NULL},
    {"median", g_mu, NULL, "Return the median of the normal distribution", NULL},
    {"mode", g_mu, NULL, "Return the mode of the normal distribution", NULL},
    {"stdev", g_sigma, NULL, "Standard deviation of the normal distribution.", NULL},
    {"variance", g_var, NULL, "Square of the standard deviation.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the module --------------------------------------------------------------------------------------------- */

static const MethodDef statistics_functions[] = {
    {"mean", s_mean, METH_FAST, "Return the sample arithmetic mean of data."},
    {"fmean", s_fmean, METH_FAST, "Convert data to floats and compute the arithmetic mean."},
    {"geometric_mean", s_geometric_mean, METH_FAST, "Convert data to floats and compute the geometric mean."},
    {"harmonic_mean", s_harmonic_mean, METH_FAST, "Return the harmonic mean of data."},
    {"median", s_median, METH_FAST, "Return the median (middle value) of numeric data."},
    {"median_low", s_median_low, METH_FAST, "Return the low median of numeric data."},
    {"median_high", s_median_high, METH_FAST, "Return the high median of data."},
    {"median_grouped", s_median_grouped, METH_FAST, "Estimates the median for numeric data binned around the midpoints of consecutive, fixed-width intervals."},
    {"mode", s_mode, METH_FAST, "Return the most common data point from discrete or nominal data."},
    {"multimode", s_multimode, METH_FAST, "Return a list of the most frequently occurring values."},
    {"quantiles", s_quantiles, METH_FAST, "Divide *data* into *n* continuous intervals with equal probability."},
    {"variance", s_variance, METH_FAST, "Return the sample variance of data."},
    {"pvariance", s_pvariance, METH_FAST, "Return the population variance of ``data``."},
    {"stdev", s_stdev, METH_FAST, "Return the square root of the sample variance."},
    {"pstdev", s_pstdev, METH_FAST, "Return the square root of the population variance."},
    {"covariance", s_covariance, METH_FAST, "Covariance"},
    {"correlation", s_correlation, METH_FAST, "Pearson's correlation coefficient"},
    {"linear_regression", s_linear_regression, METH_FAST, "Slope and intercept for simple linear regression."},
    {NULL, NULL, 0, NULL},
};

static int build(void)
{
    if (stats_error) return 0;
    Obj *bases = tuple_pack(1, (Obj *)&exc_ValueError);
    Obj *name = str_from_cstr("StatisticsError"), *ns = dict_new(), *mod = str_from_cstr("statistics");
    if (bases && name && ns && mod && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", name) == 0)
        stats_error = type_new_class(&type_type, name, bases, ns, NULL);
    XDECREF(bases);
    XDECREF(name);
    XDECREF(ns);
    if (!stats_error) {
        XDECREF(mod);
        return -1;
    }
    /* LinearRegression = namedtuple('LinearRegression', ('slope', 'intercept')) in statistics */
    Obj *nt = mod_attr("collections", "namedtuple");
    Obj *tn = str_from_cstr("LinearRegression");
    Obj *f1 = str_from_cstr("slope"), *f2 = str_from_cstr("intercept");
    Obj *fields = f1 && f2 ? tuple_pack(2, f1, f2) : NULL;
    Obj *kwn = tuple_pack(1, id_str("module"));
    Obj *a[3] = {tn, fields, mod};
    if (nt && tn && fields && kwn) linreg_cls = obj_call(nt, a, 2, kwn);
    XDECREF(nt);
    XDECREF(tn);
    XDECREF(f1);
    XDECREF(f2);
    XDECREF(fields);
    XDECREF(kwn);
    XDECREF(mod);
    if (!linreg_cls) return -1;
    normaldist_cls = mh_class("statistics", "NormalDist", NULL, nd_methods, nd_getset, NULL);
    return normaldist_cls ? 0 : -1;
}

static Obj *statistics_init(void)
{
    if (build() < 0) return NULL;
    Obj *m = mh_module("statistics", statistics_functions);
    if (!m) return NULL;
    if (mh_add_obj(m, "StatisticsError", stats_error) < 0 || mh_add_obj(m, "LinearRegression", linreg_cls) < 0 ||
        mh_add_obj(m, "NormalDist", normaldist_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    static const char *const all[] = {
        "NormalDist", "StatisticsError", "correlation", "covariance", "fmean", "geometric_mean",
        "harmonic_mean", "linear_regression", "mean", "median", "median_grouped", "median_high",
        "median_low", "mode", "multimode", "pstdev", "pvariance", "quantiles", "stdev", "variance", NULL};
    Obj *l = list_new(0);
    for (const char *const *p = all; l && *p; p++) {
        Obj *s = str_from_cstr(*p);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_statistics_register(void)
{
    import_register_native("statistics", statistics_init);
    vm_static_roots(&stats_error, 1);
    vm_static_roots(&linreg_cls, 1);
    vm_static_roots(&normaldist_cls, 1);
}

/* mod_datetime.c — the `datetime` module of CPython 3.12, natively.
 *
 * Types: timedelta, date, datetime (a date subclass), time, tzinfo (the
 * abstract base user classes subclass), timezone (fixed offsets, the utc
 * singleton) and IsoCalendarDate (a tuple subclass).  They are static
 * types named "datetime.X" as CPython's C types are, subclassable; methods
 * and operators that CPython answers with the receiver's class (replace,
 * date arithmetic, the alternate constructors) call a subclass as
 * CPython calls it: cls(year, month, day, ...).
 *
 * Values are kept as C ints (fields) and days/seconds/microseconds for
 * timedelta; exact integer arithmetic (GMP) is used wherever CPython works
 * with Python ints (timedelta construction from huge or float components,
 * multiplication and division with round-half-even).  Hashes are
 * CPython's: the SipHash of the pickle-state bytes for naive values, the
 * hash of the UTC-adjusted timedelta for aware ones, so sets of dates
 * iterate in CPython's order.  strftime replaces %f, %z, %:z and %Z and
 * hands the rest to time.strftime (C library, C locale) as CPython does;
 * strptime reuses the time module's _strptime implementation.  Local time
 * (now, fromtimestamp, timestamp, astimezone) goes through localtime_r /
 * the C library's TZ handling, with CPython's fold detection.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pydbg/pyhash.h"
#include "src/native/modhelp.h"
#include "src/native/timeint.h"

#define MINYEAR 1
#define MAXYEAR 9999
#define MAXORDINAL 3652059
#define MAX_DELTA_DAYS 999999999

typedef struct DeltaObj { Obj base; Hash hash; int days, seconds, us; } DeltaObj;
typedef struct DateObj { Obj base; Hash hash; int year, month, day; } DateObj;
typedef struct DateTimeObj {
    DateObj d;
    int hour, minute, second, us, fold;
    Obj *tzinfo;                       /* None when naive, never NULL */
} DateTimeObj;
typedef struct TimeObj {
    Obj base;
    Hash hash;
    int hour, minute, second, us, fold;
    Obj *tzinfo;
} TimeObj;
typedef struct TzObj { Obj base; Obj *offset, *name; } TzObj;   /* timezone; name NULL: none */

static TypeObj delta_type, date_type, datetime_type, time_type, tzinfo_type, timezone_type, isocal_type;
static Obj *utc_tz;          /* timezone.utc */

#define DELTA(o) ((DeltaObj *)(o))
#define DATE(o) ((DateObj *)(o))
#define DT(o) ((DateTimeObj *)(o))
#define TM(o) ((TimeObj *)(o))
#define TZ(o) ((TzObj *)(o))

static bool delta_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &delta_type); }
static bool date_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &date_type); }
static bool datetime_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &datetime_type); }
static bool time_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &time_type); }
static bool tzinfo_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &tzinfo_type); }
static bool timezone_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &timezone_type); }

/* ---- calendar arithmetic (proleptic Gregorian; ordinal 1 = 0001-01-01) ---------------------- */

static const int days_in_month_tab[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
static const int days_before_month_tab[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static bool is_leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
static int days_in_month(int y, int m) { return m == 2 && is_leap(y) ? 29 : days_in_month_tab[m]; }
static int days_before_month(int y, int m) { return days_before_month_tab[m] + (m > 2 && is_leap(y)); }
static int64_t days_before_year(int64_t y)
{
    int64_t y1 = y - 1;
    return y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400;
}
static int64_t ymd_to_ord(int y, int m, int d) { return days_before_year(y) + days_before_month(y, m) + d; }

/* ordinal (>= 1) to year, month, day: 400/100/4/1-year cycles */
static void ord_to_ymd(int64_t ord, int *y, int *m, int *d)
{
    int64_t n = ord - 1;
    int64_t n400 = n / 146097;
    n %= 146097;
    int64_t n100 = n / 36524;
    n %= 36524;
    int64_t n4 = n / 1461;
    n %= 1461;
    int64_t n1 = n / 365;
    n %= 365;
    int64_t year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
    if (n1 == 4 || n100 == 4) {
        *y = (int)year - 1;
        *m = 12;
        *d = 31;
        return;
    }
    bool leap = n1 == 3 && (n4 != 24 || n100 == 3);
    int month = (int)((n + 50) >> 5);
    int before = days_before_month_tab[month] + (month > 2 && leap);
    if (before > n) {
        month--;
        before -= days_in_month_tab[month] + (month == 2 && leap);
    }
    *y = (int)year;
    *m = month;
    *d = (int)(n - before) + 1;
}

static int weekday_of(int y, int m, int d) { return (int)((ymd_to_ord(y, m, d) + 6) % 7); }

/* ordinal of the Monday starting ISO week 1 of year y */
static int64_t iso_week1_monday(int y)
{
    int64_t first = days_before_year(y) + 1;
    int64_t wd = (first + 6) % 7;
    int64_t monday = first - wd;
    if (wd > 3) monday += 7;
    return monday;
}

/* ---- argument parsing as PyArg_ParseTupleAndKeywords words it ("function ...") --------------- */

/* a C int from an "i" argument: __index__, floats refused */
static int as_c_int(Obj *o, int *out)
{
    if (type_is_subtype(OBJ_TYPE(o), &float_type)) {
        vm_err_set_str(&exc_TypeError, "'float' object cannot be interpreted as an integer");
        return -1;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    if (!int_fits_i64(i) || int_as_i64(i, &v) < 0) {
        vm_err_clear();
        DECREF(i);
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    DECREF(i);
    if (v > INT_MAX) {
        vm_err_set_str(&exc_OverflowError, "signed integer is greater than maximum");
        return -1;
    }
    if (v < INT_MIN) {
        vm_err_set_str(&exc_OverflowError, "signed integer is less than minimum");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* Bind and convert: fmt has one letter per parameter, 'i' (int *) or 'O'
 * (Obj ** borrowed, left alone when not given); npos parameters may be
 * given by position, the rest are keyword-only; the first nreq are
 * required.  Errors in CPython's order: too many, then per parameter
 * conversion / missing, then name-and-position clashes and unknown
 * keywords. */
static int dt_parse(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames, const char *const *names,
                    int npos, int nreq, const char *fmt, void **outs)
{
    const char *fn = fname ? fname : "function", *par = fname ? "()" : "";
    int len = (int)strlen(fmt);
    Ssize nkw = mh_nkw(kwnames);
    if (nargs + nkw > len) {
        vm_err_format(&exc_TypeError, "%s%s takes at most %d %sargument%s (%zd given)", fn, par, len,
                      nargs == 0 ? "keyword " : "", len == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    if (nargs > npos) {
        vm_err_format(&exc_TypeError, "%s%s takes %s %d positional argument%s (%zd given)", fn, par,
                      nreq < len ? "at most" : "exactly", npos, npos == 1 ? "" : "s", nargs);
        return -1;
    }
    Ssize left = nkw;
    for (int i = 0; i < len; i++) {
        Obj *cur = NULL;
        if (i < nargs) {
            cur = args[i];
        } else if (left) {
            for (Ssize k = 0; k < nkw; k++)
                if (str_eq_cstr(TUPLE_ITEMS(kwnames)[k], names[i])) {
                    cur = args[nargs + k];
                    left--;
                    break;
                }
        }
        if (cur) {
            if (fmt[i] == 'i') {
                if (as_c_int(cur, (int *)outs[i]) < 0) return -1;
            } else {
                *(Obj **)outs[i] = cur;
            }
            continue;
        }
        if (i < nreq) {
            vm_err_format(&exc_TypeError, "%s%s missing required argument '%s' (pos %d)", fn, par,
                          names[i], i + 1);
            return -1;
        }
        if (!left) return 0;
    }
    if (left) {
        for (Ssize i = 0; i < nargs; i++)
            for (Ssize k = 0; k < nkw; k++)
                if (str_eq_cstr(TUPLE_ITEMS(kwnames)[k], names[i])) {
                    vm_err_format(&exc_TypeError, "argument for %s%s given by name ('%s') and position (%d)",
                                  fn, par, names[i], (int)i + 1);
                    return -1;
                }
        for (Ssize k = 0; k < nkw; k++) {
            Obj *kn = TUPLE_ITEMS(kwnames)[k];
            bool known = false;
            for (int i = 0; i < len; i++)
                if (str_eq_cstr(kn, names[i])) known = true;
            if (!known) {
                vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for %s%s", kn,
                              fname ? fname : "this function", par);
                return -1;
            }
        }
    }
    return 0;
}

/* "METHOD() takes no arguments (N given)" for METH_NOARGS methods named TYPE.METHOD */
static int no_args(const char *qual, Ssize nargs, Obj *kwnames)
{
    return mh_no_args(qual, nargs, kwnames);
}

/* the class name CPython's reprs use: tp_name (full for our types, __name__ for classes) */
static const char *tp_name(Obj *o) { return OBJ_TYPE(o)->name; }
/* the type as "argument N must be X, not Y" names it (None for None) */
static const char *arg_name(Obj *o) { return o == NONE ? "None" : OBJ_TYPE(o)->name; }

/* ---- timedelta ----------------------------------------------------------------------------- */

static Obj *delta_alloc(TypeObj *t, int days, int seconds, int us)
{
    Obj *o = obj_alloc(t, 0);
    if (!o) return NULL;
    DELTA(o)->hash = -1;
    DELTA(o)->days = days;
    DELTA(o)->seconds = seconds;
    DELTA(o)->us = us;
    return o;
}

/* a timedelta from normalised parts; OverflowError past 999999999 days */
static Obj *new_delta_t(TypeObj *t, int64_t days, int seconds, int us)
{
    if (days < -MAX_DELTA_DAYS || days > MAX_DELTA_DAYS) {
        vm_err_format(&exc_OverflowError, "days=%lld; must have magnitude <= %d", (long long)days, MAX_DELTA_DAYS);
        return NULL;
    }
    return delta_alloc(t, (int)days, seconds, us);
}

/* normalise (d, s, us) with any signs/magnitudes in int64 */
static Obj *new_delta_norm(int64_t d, int64_t s, int64_t us)
{
    int64_t q = us / 1000000, r = us % 1000000;
    if (r < 0) r += 1000000, q--;
    s += q;
    q = s / 86400;
    int64_t sr = s % 86400;
    if (sr < 0) sr += 86400, q--;
    d += q;
    return new_delta_t(&delta_type, d, (int)sr, (int)r);
}

static void delta_to_mpz(Obj *o, mpz_t out)
{
    mpz_set_si(out, DELTA(o)->days);
    mpz_mul_ui(out, out, 86400);
    mpz_add_ui(out, out, (unsigned long)DELTA(o)->seconds);
    mpz_mul_ui(out, out, 1000000);
    mpz_add_ui(out, out, (unsigned long)DELTA(o)->us);
}

/* microseconds (any size) to a timedelta of type t, CPython's errors */
static Obj *delta_from_mpz(TypeObj *t, const mpz_t us)
{
    mpz_t q, r;
    mpz_inits(q, r, NULL);
    mpz_fdiv_qr_ui(q, r, us, 1000000);
    int micro = (int)mpz_get_ui(r);
    mpz_fdiv_qr_ui(q, r, q, 86400);
    int secs = (int)mpz_get_ui(r);
    Obj *res = NULL;
    if (!mpz_fits_sint_p(q)) {
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
    } else {
        res = new_delta_t(t, mpz_get_si(q), secs, micro);
    }
    mpz_clears(q, r, NULL);
    return res;
}

static Obj *delta_from_mpz_base(const mpz_t us) { return delta_from_mpz(&delta_type, us); }

/* one component of timedelta(...): CPython's accum() */
static int accum(const char *tag, mpz_t sum, Obj *num, long factor, double *leftover)
{
    if (INT_CHECK(num)) {
        mpz_t p;
        mpz_init(p);
        int_to_mpz(num, p);
        mpz_mul_si(p, p, factor);
        mpz_add(sum, sum, p);
        mpz_clear(p);
        return 0;
    }
    if (type_is_subtype(OBJ_TYPE(num), &float_type)) {
        double dnum = float_value(num), intpart;
        double frac = modf(dnum, &intpart);
        if (isinf(dnum) || isnan(dnum)) {
            Obj *x = int_from_double(intpart);   /* raises as CPython does */
            XDECREF(x);
            return -1;
        }
        mpz_t p;
        mpz_init_set_d(p, intpart);
        mpz_mul_si(p, p, factor);
        mpz_add(sum, sum, p);
        if (frac != 0.0) {
            double f = (double)factor * frac;
            frac = modf(f, &intpart);
            mpz_set_d(p, intpart);
            mpz_add(sum, sum, p);
            *leftover += frac;
        }
        mpz_clear(p);
        return 0;
    }
    vm_err_format(&exc_TypeError, "unsupported type for timedelta %s component: %s", tag, tp_name(num));
    return -1;
}

static Obj *delta_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"days", "seconds", "microseconds", "milliseconds", "minutes",
                                        "hours", "weeks"};
    Obj *v[7] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    void *outs[7] = {&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]};
    if (dt_parse("__new__", args, nargs, kw, names, 7, 0, "OOOOOOO", outs) < 0) return NULL;
    static const struct { int idx; const char *tag; long factor; } order[] = {
        {2, "microseconds", 1}, {3, "milliseconds", 1000}, {1, "seconds", 1000000},
        {4, "minutes", 60000000}, {5, "hours", 3600000000L}, {0, "days", 86400000000L},
        {6, "weeks", 604800000000L},
    };
    mpz_t sum;
    mpz_init(sum);
    double leftover = 0.0;
    for (int i = 0; i < 7; i++) {
        Obj *x = v[order[i].idx];
        if (x && accum(order[i].tag, sum, x, order[i].factor, &leftover) < 0) {
            mpz_clear(sum);
            return NULL;
        }
    }
    if (leftover != 0.0) {
        double whole = round(leftover);
        if (fabs(whole - leftover) == 0.5) {
            int odd = mpz_odd_p(sum) ? 1 : 0;
            whole = 2.0 * round((leftover + odd) * 0.5) - odd;
        }
        mpz_t w;
        mpz_init_set_d(w, whole);
        mpz_add(sum, sum, w);
        mpz_clear(w);
    }
    Obj *r = delta_from_mpz(t, sum);
    mpz_clear(sum);
    return r;
}

static Obj *delta_repr(Obj *o)
{
    DeltaObj *d = DELTA(o);
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "%s(", tp_name(o));
    const char *sep = "";
    if (d->days) sbuf_printf(&b, "days=%d", d->days), sep = ", ";
    if (d->seconds) sbuf_printf(&b, "%sseconds=%d", sep, d->seconds), sep = ", ";
    if (d->us) sbuf_printf(&b, "%smicroseconds=%d", sep, d->us), sep = ", ";
    if (!*sep) sbuf_puts(&b, "0");
    sbuf_putc(&b, ')');
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *delta_str(Obj *o)
{
    DeltaObj *d = DELTA(o);
    SBuf b = SBUF_INIT;
    if (d->days) sbuf_printf(&b, "%d day%s, ", d->days, d->days == 1 || d->days == -1 ? "" : "s");
    int s = d->seconds;
    sbuf_printf(&b, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    if (d->us) sbuf_printf(&b, ".%06d", d->us);
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static int delta_cmp(Obj *a, Obj *b)
{
    DeltaObj *x = DELTA(a), *y = DELTA(b);
    int c = (x->days > y->days) - (x->days < y->days);
    if (!c) c = (x->seconds > y->seconds) - (x->seconds < y->seconds);
    if (!c) c = (x->us > y->us) - (x->us < y->us);
    return c;
}

static Obj *cmp_to_bool(int c, int op)
{
    bool r = op == CMP_LT ? c < 0 : op == CMP_LE ? c <= 0 : op == CMP_EQ ? c == 0
           : op == CMP_NE ? c != 0 : op == CMP_GT ? c > 0 : c >= 0;
    return bool_from(r);
}

static Obj *delta_richcompare(Obj *a, Obj *b, int op)
{
    if (!delta_check(b)) return INCREF(NOTIMPL);
    return cmp_to_bool(delta_cmp(a, b), op);
}

static Hash delta_hash(Obj *o)
{
    DeltaObj *d = DELTA(o);
    if (d->hash != -1) return d->hash;
    Obj *t = tuple_new(3);
    if (!t) return -1;
    TUPLE_ITEMS(t)[0] = int_from_i64(d->days);
    TUPLE_ITEMS(t)[1] = int_from_i64(d->seconds);
    TUPLE_ITEMS(t)[2] = int_from_i64(d->us);
    Hash h = -1;
    if (TUPLE_ITEMS(t)[0] && TUPLE_ITEMS(t)[1] && TUPLE_ITEMS(t)[2]) h = obj_hash(t);
    DECREF(t);
    d->hash = h;
    return h;
}

static Obj *delta_add(Obj *a, Obj *b)
{
    if (!delta_check(a) || !delta_check(b)) return INCREF(NOTIMPL);
    return new_delta_norm((int64_t)DELTA(a)->days + DELTA(b)->days, (int64_t)DELTA(a)->seconds + DELTA(b)->seconds,
                          (int64_t)DELTA(a)->us + DELTA(b)->us);
}

static Obj *delta_sub(Obj *a, Obj *b)
{
    if (!delta_check(a) || !delta_check(b)) return INCREF(NOTIMPL);
    return new_delta_norm((int64_t)DELTA(a)->days - DELTA(b)->days, (int64_t)DELTA(a)->seconds - DELTA(b)->seconds,
                          (int64_t)DELTA(a)->us - DELTA(b)->us);
}

static Obj *delta_neg(Obj *a)
{
    return new_delta_norm(-(int64_t)DELTA(a)->days, -(int64_t)DELTA(a)->seconds, -(int64_t)DELTA(a)->us);
}

static Obj *delta_pos(Obj *a) { return new_delta_t(&delta_type, DELTA(a)->days, DELTA(a)->seconds, DELTA(a)->us); }
static Obj *delta_abs(Obj *a) { return DELTA(a)->days < 0 ? delta_neg(a) : delta_pos(a); }
static int delta_bool(Obj *a) { return DELTA(a)->days || DELTA(a)->seconds || DELTA(a)->us; }

/* n * num / den rounded half to even (CPython's divide_nearest) */
static void div_nearest(mpz_t q, const mpz_t n, const mpz_t d)
{
    mpz_t r, twice;
    mpz_inits(r, twice, NULL);
    mpz_fdiv_qr(q, r, n, d);
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmpabs(twice, d);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_clears(r, twice, NULL);
}

/* delta * float or delta / float (float as an exact ratio) */
static Obj *delta_float_op(Obj *delta, Obj *f, bool divide)
{
    Obj *ratio = obj_call_method(f, "as_integer_ratio", NULL, 0);
    if (!ratio) return NULL;
    mpz_t us, n, d, q;
    mpz_inits(us, n, d, q, NULL);
    delta_to_mpz(delta, us);
    int_to_mpz(TUPLE_ITEMS(ratio)[0], n);
    int_to_mpz(TUPLE_ITEMS(ratio)[1], d);
    DECREF(ratio);
    Obj *r = NULL;
    if (divide) mpz_swap(n, d);
    if (mpz_sgn(d) == 0) {
        vm_err_set_str(&exc_ZeroDivisionError, "integer division or modulo by zero");
    } else {
        mpz_mul(us, us, n);
        div_nearest(q, us, d);
        r = delta_from_mpz_base(q);
    }
    mpz_clears(us, n, d, q, NULL);
    return r;
}

static Obj *delta_mul(Obj *a, Obj *b)
{
    Obj *delta = delta_check(a) ? a : b, *other = delta == a ? b : a;
    if (INT_CHECK(other)) {
        mpz_t us, k;
        mpz_inits(us, k, NULL);
        delta_to_mpz(delta, us);
        int_to_mpz(other, k);
        mpz_mul(us, us, k);
        Obj *r = delta_from_mpz_base(us);
        mpz_clears(us, k, NULL);
        return r;
    }
    if (type_is_subtype(OBJ_TYPE(other), &float_type)) return delta_float_op(delta, other, false);
    return INCREF(NOTIMPL);
}

static Obj *delta_truediv(Obj *a, Obj *b)
{
    if (!delta_check(a)) return INCREF(NOTIMPL);
    mpz_t us, k, q;
    mpz_inits(us, k, q, NULL);
    Obj *r = NULL;
    delta_to_mpz(a, us);
    if (delta_check(b)) {
        delta_to_mpz(b, k);
        Obj *x = int_from_mpz(us), *y = int_from_mpz(k);
        r = x && y ? num_binary(x, y, NB_TRUE_DIVIDE) : NULL;
        XDECREF(x);
        XDECREF(y);
    } else if (INT_CHECK(b)) {
        int_to_mpz(b, k);
        if (mpz_sgn(k) == 0) {
            vm_err_set_str(&exc_ZeroDivisionError, "integer division or modulo by zero");
        } else {
            div_nearest(q, us, k);
            r = delta_from_mpz_base(q);
        }
    } else if (type_is_subtype(OBJ_TYPE(b), &float_type)) {
        r = delta_float_op(a, b, true);
    } else {
        r = INCREF(NOTIMPL);
    }
    mpz_clears(us, k, q, NULL);
    return r;
}

static Obj *delta_floordiv(Obj *a, Obj *b)
{
    if (!delta_check(a)) return INCREF(NOTIMPL);
    mpz_t us, k;
    mpz_inits(us, k, NULL);
    Obj *r = NULL;
    delta_to_mpz(a, us);
    bool td = delta_check(b);
    if (td || INT_CHECK(b)) {
        if (td) delta_to_mpz(b, k);
        else int_to_mpz(b, k);
        if (mpz_sgn(k) == 0) {
            vm_err_set_str(&exc_ZeroDivisionError, "integer division or modulo by zero");
        } else {
            mpz_fdiv_q(us, us, k);
            r = td ? int_from_mpz(us) : delta_from_mpz_base(us);
        }
    } else {
        r = INCREF(NOTIMPL);
    }
    mpz_clears(us, k, NULL);
    return r;
}

static Obj *delta_mod(Obj *a, Obj *b)
{
    if (!delta_check(a) || !delta_check(b)) return INCREF(NOTIMPL);
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    delta_to_mpz(a, x);
    delta_to_mpz(b, y);
    Obj *r = NULL;
    if (mpz_sgn(y) == 0) {
        vm_err_set_str(&exc_ZeroDivisionError, "integer modulo by zero");
    } else {
        mpz_fdiv_r(x, x, y);
        r = delta_from_mpz_base(x);
    }
    mpz_clears(x, y, NULL);
    return r;
}

static Obj *delta_divmod(Obj *a, Obj *b)
{
    if (!delta_check(a) || !delta_check(b)) return INCREF(NOTIMPL);
    mpz_t x, y, q;
    mpz_inits(x, y, q, NULL);
    delta_to_mpz(a, x);
    delta_to_mpz(b, y);
    Obj *r = NULL;
    if (mpz_sgn(y) == 0) {
        vm_err_set_str(&exc_ZeroDivisionError, "integer division or modulo by zero");
    } else {
        mpz_fdiv_qr(q, x, x, y);
        Obj *qi = int_from_mpz(q), *rd = qi ? delta_from_mpz_base(x) : NULL;
        r = rd ? tuple_pack(2, qi, rd) : NULL;
        XDECREF(qi);
        XDECREF(rd);
    }
    mpz_clears(x, y, q, NULL);
    return r;
}

static Obj *delta_total_seconds(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("timedelta.total_seconds", n, kw) < 0) return NULL;
    mpz_t us;
    mpz_init(us);
    delta_to_mpz(self, us);
    Obj *x = int_from_mpz(us), *m = int_from_i64(1000000);
    mpz_clear(us);
    Obj *r = x && m ? num_binary(x, m, NB_TRUE_DIVIDE) : NULL;
    XDECREF(x);
    XDECREF(m);
    return r;
}

static Obj *delta_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *d = int_from_i64(DELTA(self)->days), *s = int_from_i64(DELTA(self)->seconds);
    Obj *u = int_from_i64(DELTA(self)->us);
    Obj *args = d && s && u ? tuple_pack(3, d, s, u) : NULL;
    XDECREF(d);
    XDECREF(s);
    XDECREF(u);
    Obj *r = args ? tuple_pack(2, (Obj *)OBJ_TYPE(self), args) : NULL;
    XDECREF(args);
    return r;
}

static Obj *delta_get_days(Obj *o, void *c) { (void)c; return int_from_i64(DELTA(o)->days); }
static Obj *delta_get_seconds(Obj *o, void *c) { (void)c; return int_from_i64(DELTA(o)->seconds); }
static Obj *delta_get_us(Obj *o, void *c) { (void)c; return int_from_i64(DELTA(o)->us); }

/* CPython's timedelta fields are read-only members, which word it so */
static int delta_readonly(Obj *o, Obj *v, void *c)
{
    (void)o; (void)v; (void)c;
    vm_err_set_str(&exc_AttributeError, "readonly attribute");
    return -1;
}

static MethodDef delta_methods[] = {
    {"total_seconds", delta_total_seconds, METH_FAST, "Total seconds in the duration."},
    {"__reduce__", delta_reduce, METH_NOARGS, "__reduce__() -> (cls, state)"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef delta_getset[] = {
    {"days", delta_get_days, delta_readonly, "Number of days.", NULL},
    {"seconds", delta_get_seconds, delta_readonly, "Number of seconds (>= 0 and less than 1 day).", NULL},
    {"microseconds", delta_get_us, delta_readonly, "Number of microseconds (>= 0 and less than 1 second).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods delta_as_number = {
    .add = delta_add, .subtract = delta_sub, .multiply = delta_mul, .remainder = delta_mod,
    .divmod = delta_divmod, .negative = delta_neg, .positive = delta_pos, .absolute = delta_abs,
    .bool_ = delta_bool, .floor_divide = delta_floordiv, .true_divide = delta_truediv,
};

static TypeObj delta_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.timedelta", .basicsize = sizeof(DeltaObj),
    .flags = TPF_BASETYPE, .repr = delta_repr, .str = delta_str, .hash = delta_hash,
    .richcompare = delta_richcompare, .getattro = obj_generic_getattr, .new_ = delta_new,
    .as_number = &delta_as_number, .methods = delta_methods, .getset = delta_getset,
    .doc = "Difference between two datetime values.\n\n"
           "timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)\n\n"
           "All arguments are optional and default to 0.\n"
           "Arguments may be integers or floats, and may be positive or negative.",
};

/* ---- tzinfo calls ------------------------------------------------------------------------------- */

static bool offset_out_of_range(Obj *off)
{
    DeltaObj *d = DELTA(off);
    return (d->days == -1 && d->seconds == 0 && d->us < 1) || d->days < -1 || d->days >= 1;
}

static void offset_range_error(Obj *off)
{
    vm_err_format(&exc_ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and "
                                   "timedelta(hours=24), not %R.", off);
}

/* tzinfo.NAME(arg) for utcoffset / dst: None or a timedelta within a day */
static Obj *call_offset_method(Obj *tzinfo, const char *name, Obj *arg)
{
    if (tzinfo == NONE) return INCREF(NONE);
    Obj *r = obj_call_method(tzinfo, name, &arg, 1);
    if (!r || r == NONE) return r;
    if (!delta_check(r)) {
        vm_err_format(&exc_TypeError, "tzinfo.%s() must return None or timedelta, not '%s'", name, tp_name(r));
        DECREF(r);
        return NULL;
    }
    if (offset_out_of_range(r)) {
        /* unlike timezone(), the tzinfo-call check does not show the value */
        vm_err_set_str(&exc_ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and "
                                        "timedelta(hours=24).");
        DECREF(r);
        return NULL;
    }
    return r;
}

static Obj *call_utcoffset(Obj *tzinfo, Obj *arg) { return call_offset_method(tzinfo, "utcoffset", arg); }
static Obj *call_dst(Obj *tzinfo, Obj *arg) { return call_offset_method(tzinfo, "dst", arg); }

static Obj *call_tzname(Obj *tzinfo, Obj *arg)
{
    if (tzinfo == NONE) return INCREF(NONE);
    Obj *r = obj_call_method(tzinfo, "tzname", &arg, 1);
    if (r && r != NONE && !STR_CHECK(r)) {
        vm_err_format(&exc_TypeError, "tzinfo.tzname() must return None or a string, not '%s'", tp_name(r));
        DECREF(r);
        return NULL;
    }
    return r;
}

static int check_tzinfo(Obj *tz)
{
    if (tz == NONE || tzinfo_check(tz)) return 0;
    vm_err_format(&exc_TypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '%s'", tp_name(tz));
    return -1;
}

/* +HH:MM[:SS[.ffffff]] of an offset (sep "" for %z, ":" for isoformat) into b */
static void format_offset(SBuf *b, Obj *off, const char *sep)
{
    DeltaObj *d = DELTA(off);
    int64_t us = ((int64_t)d->days * 86400 + d->seconds) * 1000000 + d->us;
    char sign = '+';
    if (us < 0) sign = '-', us = -us;
    int micro = (int)(us % 1000000);
    int64_t secs = us / 1000000;
    int s = (int)(secs % 60), m = (int)(secs / 60 % 60), h = (int)(secs / 3600);
    sbuf_printf(b, "%c%02d%s%02d", sign, h, sep, m);
    if (s || micro) sbuf_printf(b, "%s%02d", sep, s);
    if (micro) sbuf_printf(b, ".%06d", micro);
}

/* ---- tzinfo (abstract base) ------------------------------------------------------------------------ */

static Obj *tzinfo_not_impl(const char *name)
{
    vm_err_format(&exc_NotImplementedError, "a tzinfo subclass must implement %s()", name);
    return NULL;
}

static Obj *tzinfo_tzname(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_one_arg("tzname", n, kw) < 0) return NULL;
    return tzinfo_not_impl("tzname");
}
static Obj *tzinfo_utcoffset(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_one_arg("utcoffset", n, kw) < 0) return NULL;
    return tzinfo_not_impl("utcoffset");
}
static Obj *tzinfo_dst(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_one_arg("dst", n, kw) < 0) return NULL;
    return tzinfo_not_impl("dst");
}

static Obj *add_datetime_delta(Obj *dt, Obj *delta, int factor);
static Obj *datetime_utcoffset_obj(Obj *dt);
static Obj *datetime_dst_obj(Obj *dt);

static Obj *tzinfo_fromutc(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromutc", n, kw) < 0) return NULL;
    Obj *dt = a[0];
    if (!datetime_check(dt)) {
        vm_err_set_str(&exc_TypeError, "fromutc: argument must be a datetime");
        return NULL;
    }
    if (DT(dt)->tzinfo != self) {
        vm_err_set_str(&exc_ValueError, "fromutc: dt.tzinfo is not self");
        return NULL;
    }
    Obj *off = datetime_utcoffset_obj(dt);
    if (!off) return NULL;
    if (off == NONE) {
        DECREF(off);
        vm_err_set_str(&exc_ValueError, "fromutc: non-None utcoffset() result required");
        return NULL;
    }
    Obj *dst = datetime_dst_obj(dt);
    if (!dst) {
        DECREF(off);
        return NULL;
    }
    if (dst == NONE) {
        DECREF(off);
        DECREF(dst);
        vm_err_set_str(&exc_ValueError, "fromutc: non-None dst() result required");
        return NULL;
    }
    Obj *delta = delta_sub(off, dst);
    DECREF(off);
    DECREF(dst);
    if (!delta) return NULL;
    Obj *result = add_datetime_delta(dt, delta, 1);
    DECREF(delta);
    if (!result) return NULL;
    dst = call_dst(DT(dt)->tzinfo, result);
    if (!dst) {
        DECREF(result);
        return NULL;
    }
    if (dst == NONE) {
        DECREF(dst);
        DECREF(result);
        vm_err_set_str(&exc_ValueError, "fromutc: tz.dst() gave inconsistent results; cannot convert");
        return NULL;
    }
    if (delta_bool(dst)) {
        Obj *r2 = add_datetime_delta(result, dst, 1);
        DECREF(result);
        result = r2;
    }
    DECREF(dst);
    return result;
}

/* (type(self), args from __getinitargs__ or (), state from __getstate__ when not None) */
static Obj *tzinfo_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("tzinfo.__reduce__", n, kw) < 0) return NULL;
    Obj *gia, *args;
    if (obj_lookup_attr(self, id_str("__getinitargs__"), &gia) < 0) return NULL;
    if (gia) {
        args = obj_call(gia, NULL, 0, NULL);
        DECREF(gia);
    } else {
        args = tuple_new(0);
    }
    if (!args) return NULL;
    Obj *state = obj_call_method(self, "__getstate__", NULL, 0);
    if (!state) {
        DECREF(args);
        return NULL;
    }
    Obj *r = state == NONE ? tuple_pack(2, (Obj *)OBJ_TYPE(self), args)
                           : tuple_pack(3, (Obj *)OBJ_TYPE(self), args, state);
    DECREF(args);
    DECREF(state);
    return r;
}

static MethodDef tzinfo_methods[] = {
    {"tzname", tzinfo_tzname, METH_FAST, "datetime -> string name of time zone."},
    {"utcoffset", tzinfo_utcoffset, METH_FAST, "datetime -> timedelta showing offset from UTC, negative values indicating West of UTC"},
    {"dst", tzinfo_dst, METH_FAST, "datetime -> DST offset as timedelta positive east of UTC."},
    {"fromutc", tzinfo_fromutc, METH_FAST, "datetime in UTC -> datetime in local time."},
    {"__reduce__", tzinfo_reduce, METH_FAST, "-> (cls, state)"},
    {NULL, NULL, 0, NULL},
};

static Obj *tzinfo_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_alloc(t, 0);
}

static TypeObj tzinfo_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.tzinfo", .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE, .getattro = obj_generic_getattr, .new_ = tzinfo_new,
    .methods = tzinfo_methods, .doc = "Abstract base class for time zone info objects.",
};

/* ---- timezone (fixed offsets) -------------------------------------------------------------------- */

static void tz_dealloc(Obj *o)
{
    XDECREF(TZ(o)->offset);
    XDECREF(TZ(o)->name);
    obj_free(o);
}

static Obj *new_timezone(Obj *offset, Obj *name)
{
    if (!name && !delta_bool(offset) && utc_tz) return INCREF(utc_tz);
    if (offset_out_of_range(offset)) {
        offset_range_error(offset);
        return NULL;
    }
    Obj *o = obj_alloc(&timezone_type, 0);
    if (!o) return NULL;
    TZ(o)->offset = INCREF(offset);
    TZ(o)->name = xincref(name);
    return o;
}

static Obj *timezone_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"offset", "name"};
    Obj *off = NULL, *name = NULL;
    void *outs[2] = {&off, &name};
    if (dt_parse("timezone", args, nargs, kw, names, 2, 1, "OO", outs) < 0) return NULL;
    if (!delta_check(off)) {
        vm_err_format(&exc_TypeError, "timezone() argument 1 must be datetime.timedelta, not %s", arg_name(off));
        return NULL;
    }
    if (name && !STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "timezone() argument 2 must be str, not %s", arg_name(name));
        return NULL;
    }
    return new_timezone(off, name);
}

static Obj *timezone_str(Obj *o)
{
    TzObj *z = TZ(o);
    if (z->name) return INCREF(z->name);
    if (o == utc_tz || !delta_bool(z->offset)) return str_from_cstr("UTC");
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "UTC");
    format_offset(&b, z->offset, ":");
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *timezone_repr(Obj *o)
{
    if (o == utc_tz) return str_from_fmt("%s.utc", tp_name(o));
    if (!TZ(o)->name) return str_from_fmt("%s(%R)", tp_name(o), TZ(o)->offset);
    return str_from_fmt("%s(%R, %R)", tp_name(o), TZ(o)->offset, TZ(o)->name);
}

static Obj *timezone_richcompare(Obj *a, Obj *b, int op)
{
    if (op != CMP_EQ && op != CMP_NE) return INCREF(NOTIMPL);
    if (!timezone_check(b)) return INCREF(NOTIMPL);
    return delta_richcompare(TZ(a)->offset, TZ(b)->offset, op);
}

static Hash timezone_hash(Obj *o) { return delta_hash(TZ(o)->offset); }

static int tz_check_arg(Obj *dt, const char *what)
{
    if (dt == NONE || datetime_check(dt)) return 0;
    vm_err_format(&exc_TypeError, "%s(dt) argument must be a datetime instance or None, not %s", what, tp_name(dt));
    return -1;
}

static Obj *timezone_tzname(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("tzname", n, kw) < 0 || tz_check_arg(a[0], "tzname") < 0) return NULL;
    return timezone_str(self);
}

static Obj *timezone_utcoffset(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("utcoffset", n, kw) < 0 || tz_check_arg(a[0], "utcoffset") < 0) return NULL;
    return INCREF(TZ(self)->offset);
}

static Obj *timezone_dst(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    if (mh_one_arg("dst", n, kw) < 0 || tz_check_arg(a[0], "dst") < 0) return NULL;
    return INCREF(NONE);
}

static Obj *timezone_fromutc(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromutc", n, kw) < 0) return NULL;
    Obj *dt = a[0];
    if (!datetime_check(dt)) {
        vm_err_set_str(&exc_TypeError, "fromutc: argument must be a datetime");
        return NULL;
    }
    if (DT(dt)->tzinfo != self) {
        vm_err_set_str(&exc_ValueError, "fromutc: dt.tzinfo is not self");
        return NULL;
    }
    return add_datetime_delta(dt, TZ(self)->offset, 1);
}

static Obj *timezone_getinitargs(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("timezone.__getinitargs__", n, kw) < 0) return NULL;
    if (!TZ(self)->name) return tuple_pack(1, TZ(self)->offset);
    return tuple_pack(2, TZ(self)->offset, TZ(self)->name);
}

static MethodDef timezone_methods[] = {
    {"tzname", timezone_tzname, METH_FAST, "If name is specified when timezone is created, returns the name.  Otherwise returns offset as 'UTC(+|-)HH:MM'."},
    {"utcoffset", timezone_utcoffset, METH_FAST, "Return fixed offset."},
    {"dst", timezone_dst, METH_FAST, "Return None."},
    {"fromutc", timezone_fromutc, METH_FAST, "datetime in UTC -> datetime in local time."},
    {"__getinitargs__", timezone_getinitargs, METH_FAST, "pickle support"},
    {NULL, NULL, 0, NULL},
};

static TypeObj timezone_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.timezone", .basicsize = sizeof(TzObj),
    .tp_base = &tzinfo_type, .dealloc = tz_dealloc, .repr = timezone_repr, .str = timezone_str,
    .hash = timezone_hash, .richcompare = timezone_richcompare, .getattro = obj_generic_getattr,
    .new_ = timezone_new, .methods = timezone_methods,
    .doc = "Fixed offset from UTC implementation of tzinfo.",
};

/* ---- strftime: %z, %:z, %Z and %f here, the rest by time.strftime ------------------------------------ */

static Obj *time_module_attr(const char *name)
{
    Obj *m = import_name(id_str("time"), NULL, NULL, 0);
    if (!m) return NULL;
    Obj *r = obj_getattr_str(m, name);
    DECREF(m);
    return r;
}

/* time.struct_time((y, m, d, hh, mm, ss, wday, yday, dst)) */
static Obj *build_struct_time(int y, int m, int d, int hh, int mm, int ss, int dst)
{
    int64_t v[9] = {y, m, d, hh, mm, ss, (ymd_to_ord(y, m, d) + 6) % 7, days_before_month(y, m) + d, dst};
    Obj *t = tuple_new(9);
    if (!t) return NULL;
    for (int i = 0; i < 9; i++) {
        TUPLE_ITEMS(t)[i] = int_from_i64(v[i]);
        if (!TUPLE_ITEMS(t)[i]) {
            for (int j = i + 1; j < 9; j++) TUPLE_ITEMS(t)[j] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
    }
    Obj *cls = time_module_attr("struct_time");
    Obj *r = cls ? obj_call(cls, &t, 1, NULL) : NULL;
    XDECREF(cls);
    DECREF(t);
    return r;
}

/* object.strftime(format) with timetuple tt; tzinfo and tzinfoarg for %z/%Z */
static Obj *wrap_strftime(Obj *object, Obj *format, Obj *timetuple, Obj *tzinfoarg)
{
    Ssize n = VAR_SIZE(format);
    SBuf out = SBUF_INIT;
    Obj *zreplace = NULL, *colonz = NULL, *Zreplace = NULL;
    Obj *res = NULL;
    Ssize flen;
    const char *f = str_utf8(format, &flen);
    if (!f) return NULL;
    (void)n;
    int us = time_check(object) ? TM(object)->us : datetime_check(object) ? DT(object)->us : 0;
    Obj *tzinfo = time_check(object) ? TM(object)->tzinfo : datetime_check(object) ? DT(object)->tzinfo : NONE;
    /* the format ends at an embedded NUL, as CPython's scan of its UTF-8 does */
    flen = (Ssize)strlen(f);
    for (Ssize i = 0; i < flen; i++) {
        char c = f[i];
        if (c != '%' || i + 1 >= flen) {
            sbuf_putc(&out, c);
            continue;
        }
        char ch = f[i + 1];
        if (ch == 'z' || (ch == ':' && i + 2 < flen && f[i + 2] == 'z')) {
            Obj **slot = ch == 'z' ? &zreplace : &colonz;
            if (!*slot) {
                SBuf zb = SBUF_INIT;
                if (tzinfo != NONE) {
                    Obj *off = call_utcoffset(tzinfo, tzinfoarg);
                    if (!off) goto fail;
                    if (off != NONE) format_offset(&zb, off, ch == 'z' ? "" : ":");
                    DECREF(off);
                }
                *slot = str_from_utf8(zb.data ? zb.data : "", (Ssize)zb.len);
                sbuf_free(&zb);
                if (!*slot) goto fail;
            }
            Ssize zl;
            const char *zs = str_utf8_lossy(*slot, &zl);
            sbuf_put(&out, zs, (size_t)zl);
            i += ch == 'z' ? 1 : 2;
        } else if (ch == 'Z') {
            if (!Zreplace) {
                Obj *name = NULL;
                if (tzinfo != NONE) {
                    name = call_tzname(tzinfo, tzinfoarg);
                    if (!name) goto fail;
                }
                if (name && name != NONE) {
                    /* a literal % in the name must survive time.strftime */
                    Obj *pct = str_from_cstr("%"), *pp = str_from_cstr("%%");
                    Obj *ra[2] = {pct, pp};
                    Zreplace = pct && pp ? obj_call_method(name, "replace", ra, 2) : NULL;
                    XDECREF(pct);
                    XDECREF(pp);
                } else {
                    Zreplace = str_from_cstr("");
                }
                XDECREF(name);
                if (!Zreplace) goto fail;
            }
            Ssize zl;
            const char *zs = str_utf8_lossy(Zreplace, &zl);
            sbuf_put(&out, zs, (size_t)zl);
            i++;
        } else if (ch == 'f') {
            sbuf_printf(&out, "%06d", us);
            i++;
        } else {
            sbuf_putc(&out, '%');
            sbuf_putc(&out, ch);
            i++;
        }
    }
    {
        Obj *newfmt = str_from_utf8(out.data ? out.data : "", (Ssize)out.len);
        Obj *fn = newfmt ? time_module_attr("strftime") : NULL;
        Obj *a2[2] = {newfmt, timetuple};
        res = fn ? obj_call(fn, a2, 2, NULL) : NULL;
        XDECREF(fn);
        XDECREF(newfmt);
    }
fail:
    sbuf_free(&out);
    XDECREF(zreplace);
    XDECREF(colonz);
    XDECREF(Zreplace);
    return res;
}

static int check_strftime_format(Obj *fmt)
{
    if (STR_CHECK(fmt)) return 0;
    vm_err_format(&exc_TypeError, "strftime() argument 1 must be str, not %s", arg_name(fmt));
    return -1;
}

/* __format__(fmt) of date, time and datetime: str(self) or self.strftime(fmt) */
static Obj *dt_format(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__format__", n, kw) < 0) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "__format__() argument 1 must be str, not %s", arg_name(a[0]));
        return NULL;
    }
    if (VAR_SIZE(a[0]) == 0) return obj_str(self);
    return obj_call_method(self, "strftime", a, 1);
}

/* ---- date ------------------------------------------------------------------------------------------ */

static int check_date_args(int y, int m, int d)
{
    if (y < MINYEAR || y > MAXYEAR) {
        vm_err_format(&exc_ValueError, "year %d is out of range", y);
        return -1;
    }
    if (m < 1 || m > 12) {
        vm_err_set_str(&exc_ValueError, "month must be in 1..12");
        return -1;
    }
    if (d < 1 || d > days_in_month(y, m)) {
        vm_err_set_str(&exc_ValueError, "day is out of range for month");
        return -1;
    }
    return 0;
}

static int check_time_args(int h, int mi, int s, int us, int fold)
{
    const char *msg = h < 0 || h > 23 ? "hour must be in 0..23"
                    : mi < 0 || mi > 59 ? "minute must be in 0..59"
                    : s < 0 || s > 59 ? "second must be in 0..59"
                    : us < 0 || us > 999999 ? "microsecond must be in 0..999999"
                    : fold != 0 && fold != 1 ? "fold must be either 0 or 1" : NULL;
    if (msg) {
        vm_err_set_str(&exc_ValueError, msg);
        return -1;
    }
    return 0;
}

static Obj *date_alloc(TypeObj *t, int y, int m, int d)
{
    if (check_date_args(y, m, d) < 0) return NULL;
    Obj *o = obj_alloc(t, 0);
    if (!o) return NULL;
    DATE(o)->hash = -1;
    DATE(o)->year = y;
    DATE(o)->month = m;
    DATE(o)->day = d;
    return o;
}

static Obj *datetime_alloc(TypeObj *t, int y, int mo, int d, int h, int mi, int s, int us, Obj *tz, int fold)
{
    if (check_date_args(y, mo, d) < 0 || check_time_args(h, mi, s, us, fold) < 0 || check_tzinfo(tz) < 0)
        return NULL;
    Obj *o = obj_alloc(t, 0);
    if (!o) return NULL;
    DateTimeObj *x = DT(o);
    x->d.hash = -1;
    x->d.year = y, x->d.month = mo, x->d.day = d;
    x->hour = h, x->minute = mi, x->second = s, x->us = us, x->fold = fold;
    x->tzinfo = INCREF(tz);
    return o;
}

static Obj *ints_tuple(int n, const int *v)
{
    Obj *t = tuple_new(n);
    if (!t) return NULL;
    for (int i = 0; i < n; i++) {
        TUPLE_ITEMS(t)[i] = int_from_i64(v[i]);
        if (!TUPLE_ITEMS(t)[i]) {
            for (int j = i + 1; j < n; j++) TUPLE_ITEMS(t)[j] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
    }
    return t;
}

/* cls(y, m, d), directly for date and datetime (CPython's new_date_subclass_ex) */
static Obj *new_date_cls(Obj *cls, int y, int m, int d)
{
    if (cls == (Obj *)&date_type) return date_alloc(&date_type, y, m, d);
    if (cls == (Obj *)&datetime_type) return datetime_alloc(&datetime_type, y, m, d, 0, 0, 0, 0, NONE, 0);
    int v[3] = {y, m, d};
    Obj *args = ints_tuple(3, v);
    if (!args) return NULL;
    Obj *r = obj_call(cls, TUPLE_ITEMS(args), 3, NULL);
    DECREF(args);
    return r;
}

/* cls(y, m, d, hh, mm, ss, us, tz[, fold=1]) (new_datetime_subclass_fold_ex) */
static Obj *new_datetime_cls(Obj *cls, int y, int mo, int d, int h, int mi, int s, int us, Obj *tz, int fold)
{
    if (cls == (Obj *)&datetime_type) return datetime_alloc(&datetime_type, y, mo, d, h, mi, s, us, tz, fold);
    int v[7] = {y, mo, d, h, mi, s, us};
    Obj *a = ints_tuple(7, v);
    if (!a) return NULL;
    Obj *args[9];
    for (int i = 0; i < 7; i++) args[i] = TUPLE_ITEMS(a)[i];
    args[7] = tz;
    Obj *r;
    if (fold) {
        Obj *one = int_from_i64(1), *kn = tuple_pack(1, id_str("fold"));
        args[8] = one;
        r = one && kn ? obj_call(cls, args, 8, kn) : NULL;
        XDECREF(one);
        XDECREF(kn);
    } else {
        r = obj_call(cls, args, 8, NULL);
    }
    DECREF(a);
    return r;
}

static Obj *date_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"year", "month", "day"};
    int y, m, d;
    if (nargs == 1 && BYTES_CHECK(args[0]) && VAR_SIZE(args[0]) == 4 && BYTES_DATA(args[0])[2] >= 1 &&
        BYTES_DATA(args[0])[2] <= 12) {
        /* the pickle state: __reduce__'s bytes */
        const unsigned char *b = BYTES_DATA(args[0]);
        return date_alloc(t, b[0] << 8 | b[1], b[2], b[3]);
    }
    void *outs[3] = {&y, &m, &d};
    if (dt_parse(NULL, args, nargs, kw, names, 3, 3, "iii", outs) < 0) return NULL;
    return date_alloc(t, y, m, d);
}

static const char *const day_abbr[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const month_abbr[13] = {"", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static Obj *format_ctime(int y, int m, int d, int hh, int mm, int ss)
{
    return str_from_fmt("%s %s %2d %02d:%02d:%02d %04d", day_abbr[weekday_of(y, m, d)], month_abbr[m], d, hh, mm,
                        ss, y);
}

static Obj *date_repr(Obj *o)
{
    return str_from_fmt("%s(%d, %d, %d)", tp_name(o), DATE(o)->year, DATE(o)->month, DATE(o)->day);
}

static Obj *date_isoformat(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.isoformat", n, kw) < 0) return NULL;
    return str_from_fmt("%04d-%02d-%02d", DATE(o)->year, DATE(o)->month, DATE(o)->day);
}

static Obj *date_str(Obj *o) { return obj_call_method(o, "isoformat", NULL, 0); }

static Obj *date_ctime(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.ctime", n, kw) < 0) return NULL;
    return format_ctime(DATE(o)->year, DATE(o)->month, DATE(o)->day, 0, 0, 0);
}

static Obj *date_timetuple(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.timetuple", n, kw) < 0) return NULL;
    return build_struct_time(DATE(o)->year, DATE(o)->month, DATE(o)->day, 0, 0, 0, -1);
}

static Obj *date_strftime(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"format"};
    Obj *fmt = NULL;
    void *outs[1] = {&fmt};
    if (dt_parse(NULL, args, nargs, kw, names, 1, 1, "O", outs) < 0) return NULL;
    if (check_strftime_format(fmt) < 0) return NULL;
    Obj *tt = obj_call_method(o, "timetuple", NULL, 0);
    if (!tt) return NULL;
    Obj *r = wrap_strftime(o, fmt, tt, NONE);
    DECREF(tt);
    return r;
}

static Obj *date_toordinal(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.toordinal", n, kw) < 0) return NULL;
    return int_from_i64(ymd_to_ord(DATE(o)->year, DATE(o)->month, DATE(o)->day));
}

static Obj *date_weekday(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.weekday", n, kw) < 0) return NULL;
    return int_from_i64(weekday_of(DATE(o)->year, DATE(o)->month, DATE(o)->day));
}

static Obj *date_isoweekday(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.isoweekday", n, kw) < 0) return NULL;
    return int_from_i64(weekday_of(DATE(o)->year, DATE(o)->month, DATE(o)->day) + 1);
}

static Obj *isocal_new_raw(int y, int w, int d);

static Obj *date_isocalendar(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.isocalendar", n, kw) < 0) return NULL;
    int year = DATE(o)->year;
    int64_t monday = iso_week1_monday(year), today = ymd_to_ord(year, DATE(o)->month, DATE(o)->day);
    int64_t diff = today - monday;
    int64_t week = diff >= 0 ? diff / 7 : -((-diff + 6) / 7), day = diff - week * 7;
    if (week < 0) {
        --year;
        monday = iso_week1_monday(year);
        diff = today - monday;
        week = diff / 7;
        day = diff % 7;
    } else if (week >= 52 && today >= iso_week1_monday(year + 1)) {
        ++year;
        week = 0;
    }
    return isocal_new_raw(year, (int)week + 1, (int)day + 1);
}

static Obj *date_replace(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"year", "month", "day"};
    int y = DATE(o)->year, m = DATE(o)->month, d = DATE(o)->day;
    void *outs[3] = {&y, &m, &d};
    if (dt_parse("replace", args, nargs, kw, names, 3, 0, "iii", outs) < 0) return NULL;
    return new_date_cls((Obj *)OBJ_TYPE(o), y, m, d);
}

/* (type(o), (state bytes[, tzinfo])): CPython's pickle state, which the
 * constructors accept back */
static Obj *reduce_state(Obj *o, const unsigned char *b, Ssize n, Obj *tz)
{
    Obj *state = bytes_from(b, n);
    if (!state) return NULL;
    Obj *args = tz && tz != NONE ? tuple_pack(2, state, tz) : tuple_pack(1, state);
    DECREF(state);
    Obj *r = args ? tuple_pack(2, (Obj *)OBJ_TYPE(o), args) : NULL;
    XDECREF(args);
    return r;
}

static Obj *date_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.__reduce__", n, kw) < 0) return NULL;
    DateObj *x = DATE(o);
    unsigned char b[4] = {(unsigned char)(x->year >> 8), (unsigned char)x->year, (unsigned char)x->month,
                          (unsigned char)x->day};
    return reduce_state(o, b, 4, NULL);
}

/* ---- timestamps -------------------------------------------------------------------------------------- */

/* _PyTime_ObjectToTimeval / ObjectToTime_t: seconds and microseconds of a
 * timestamp; half_even: microseconds rounded half to even, else floor */
static int timestamp_parts(Obj *o, int64_t *secs, int *us, bool half_even)
{
    if (type_is_subtype(OBJ_TYPE(o), &float_type)) {
        double d = float_value(o);
        if (isnan(d)) {
            vm_err_set_str(&exc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        double intpart, frac = modf(d, &intpart);
        if (half_even) {
            frac *= 1e6;
            double r = round(frac);
            if (fabs(frac - r) == 0.5) r = 2.0 * round(frac / 2.0);
            frac = r;
            if (frac >= 1e6) frac -= 1e6, intpart += 1.0;
            else if (frac < 0) frac += 1e6, intpart -= 1.0;
        } else {
            if (frac < 0) intpart -= 1.0;
            frac = 0;
        }
        if (!(intpart >= -9.2233720368547758e18 && intpart < 9.2233720368547758e18)) {
            vm_err_set_str(&exc_OverflowError, "timestamp out of range for platform time_t");
            return -1;
        }
        *secs = (int64_t)intpart;
        *us = (int)frac;
        return 0;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    if (!int_fits_i64(i) || int_as_i64(i, secs) < 0) {
        vm_err_clear();
        DECREF(i);
        vm_err_set_str(&exc_OverflowError, "timestamp out of range for platform time_t");
        return -1;
    }
    DECREF(i);
    *us = 0;
    return 0;
}

/* OSError(errno, strerror(errno)), as PyErr_SetFromErrno raises it */
static void err_errno(int err)
{
    Obj *args[2] = {int_from_i64(err), str_from_cstr(strerror(err))};
    Obj *e = args[0] && args[1] ? obj_call((Obj *)&exc_OSError, args, 2, NULL) : NULL;
    XDECREF(args[0]);
    XDECREF(args[1]);
    if (e) vm_err_restore(e);
}

static int c_localtime(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    errno = 0;
    if (!localtime_r(&tt, tm)) {
        err_errno(errno ? errno : EINVAL);
        return -1;
    }
    return 0;
}

static int c_gmtime(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    errno = 0;
    if (!gmtime_r(&tt, tm)) {
        err_errno(errno ? errno : EINVAL);
        return -1;
    }
    return 0;
}

static const int64_t EPOCH_SECONDS = 719163LL * 24 * 60 * 60;
#define MAX_FOLD_SECONDS (24 * 3600)

static int64_t utc_to_seconds(int64_t y, int m, int d, int hh, int mm, int ss)
{
    return ymd_to_ord((int)y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* local(u): the local wall-clock seconds (since 0001-01-01) of UTC seconds u; -1 with an error */
static int64_t local_seconds(int64_t u, bool *err)
{
    struct tm tm;
    if (c_localtime(u - EPOCH_SECONDS, &tm) < 0) {
        *err = true;
        return -1;
    }
    int64_t y = (int64_t)tm.tm_year + 1900;
    if (y < MINYEAR || y > MAXYEAR) {
        vm_err_format(&exc_ValueError, "year %lld is out of range", (long long)y);
        *err = true;
        return -1;
    }
    return utc_to_seconds(y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* UTC seconds of a local wall-clock time, honouring fold (CPython's local_to_seconds) */
static int64_t local_to_seconds(int y, int m, int d, int hh, int mm, int ss, int fold, bool *err)
{
    int64_t t = utc_to_seconds(y, m, d, hh, mm, ss);
    int64_t lt = local_seconds(t, err);
    if (*err) return -1;
    int64_t a = lt - t;
    int64_t u1 = t - a;
    int64_t t1 = local_seconds(u1, err);
    if (*err) return -1;
    int64_t u2, b;
    if (t1 == t) {
        if (fold) {
            u2 = u1 + 86400;
        } else {
            u2 = u1 - 86400;
        }
        b = local_seconds(u2, err) - u2;
        if (*err) return -1;
        if (a == b) return u1;
    } else {
        b = t1 - u1;
    }
    u2 = t - b;
    int64_t t2 = local_seconds(u2, err);
    if (*err) return -1;
    if (t2 == t) return u2;
    if (t1 == t) return u1;
    /* in the gap: the later/earlier transition by fold */
    if (fold) return u1 < u2 ? u1 : u2;
    return u1 > u2 ? u1 : u2;
}

/* date.fromtimestamp(t) for class cls */
static Obj *date_from_timestamp(Obj *cls, Obj *ts)
{
    int64_t secs;
    int us;
    if (timestamp_parts(ts, &secs, &us, false) < 0) return NULL;
    struct tm tm;
    if (c_localtime(secs, &tm) < 0) return NULL;
    int64_t y = (int64_t)tm.tm_year + 1900;
    if (y < MINYEAR || y > MAXYEAR) {
        vm_err_format(&exc_ValueError, "year %lld is out of range", (long long)y);
        return NULL;
    }
    return new_date_cls(cls, (int)y, tm.tm_mon + 1, tm.tm_mday);
}

static Obj *date_fromtimestamp(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromtimestamp", n, kw) < 0) return NULL;
    return date_from_timestamp(cls, a[0]);
}

static Obj *now_float(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return float_from_double((double)ts.tv_sec + ts.tv_nsec * 1e-9);
}

static Obj *date_today(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("date.today", n, kw) < 0) return NULL;
    Obj *t = now_float();
    Obj *r = t ? obj_call_method(cls, "fromtimestamp", &t, 1) : NULL;
    XDECREF(t);
    return r;
}

static Obj *date_fromordinal(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"ordinal"};
    int ord;
    void *outs[1] = {&ord};
    if (dt_parse("fromordinal", args, nargs, kw, names, 1, 1, "i", outs) < 0) return NULL;
    if (ord < 1) {
        vm_err_set_str(&exc_ValueError, "ordinal must be >= 1");
        return NULL;
    }
    int y, m, d;
    ord_to_ymd(ord, &y, &m, &d);
    return new_date_cls(cls, y, m, d);
}

/* ISO year/week/day to y/m/d: 0, or -2 bad week, -3 bad day */
static int iso_to_ymd(int iy, int iw, int id, int *y, int *m, int *d)
{
    if (iw <= 0 || iw >= 53) {
        bool bad = true;
        if (iw == 53) {
            int64_t first = ymd_to_ord(iy, 1, 1) % 7;
            if (first == 4 || (first == 3 && is_leap(iy))) bad = false;
        }
        if (bad) return -2;
    }
    if (id <= 0 || id >= 8) return -3;
    int64_t ord = iso_week1_monday(iy) + (int64_t)(iw - 1) * 7 + id - 1;
    if (ord < 1) ord = 1;
    ord_to_ymd(ord, y, m, d);
    return 0;
}

static Obj *date_fromisocalendar(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"year", "week", "day"};
    int iy, iw, id;
    void *outs[3] = {&iy, &iw, &id};
    if (dt_parse("fromisocalendar", args, nargs, kw, names, 3, 3, "iii", outs) < 0) return NULL;
    if (iy < MINYEAR || iy > MAXYEAR) {
        vm_err_format(&exc_ValueError, "Year is out of range: %d", iy);
        return NULL;
    }
    int y, m, d;
    int rv = iso_to_ymd(iy, iw, id, &y, &m, &d);
    if (rv == -2) {
        vm_err_format(&exc_ValueError, "Invalid week: %d", iw);
        return NULL;
    }
    if (rv == -3) {
        vm_err_format(&exc_ValueError, "Invalid day: %d (range is [1, 7])", id);
        return NULL;
    }
    return new_date_cls(cls, y, m, d);
}

/* ---- ISO 8601 parsing (3.12's fromisoformat rules) ---------------------------------------------------- */

static const char *parse_digits(const char *p, int *out, int n)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        unsigned c = (unsigned char)p[i] - '0';
        if (c > 9) return NULL;
        *out = *out * 10 + (int)c;
    }
    return p + n;
}

/* YYYY-MM-DD, YYYYMMDD, YYYY-Www[-D], YYYYWww[D]: 0 or < 0 */
static int parse_isoformat_date(const char *s, size_t len, int *y, int *m, int *d)
{
    const char *p = parse_digits(s, y, 4);
    if (!p) return -1;
    bool sep = *p == '-';
    if (sep) p++;
    if (*p == 'W') {
        p++;
        int iw = 0, id = 0;
        p = parse_digits(p, &iw, 2);
        if (!p) return -3;
        if ((size_t)(p - s) < len) {
            if (sep && *(p++) != '-') return -2;
            p = parse_digits(p, &id, 1);
            if (!p) return -4;
        } else {
            id = 1;
        }
        int rv = iso_to_ymd(*y, iw, id, y, m, d);
        return rv ? -3 + rv : 0;
    }
    p = parse_digits(p, m, 2);
    if (!p) return -1;
    if (sep && *(p++) != '-') return -2;
    p = parse_digits(p, d, 2);
    return p ? 0 : -1;
}

static void invalid_isoformat(Obj *s) { vm_err_format(&exc_ValueError, "Invalid isoformat string: %R", s); }

static Obj *date_fromisoformat(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromisoformat", n, kw) < 0) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_set_str(&exc_TypeError, "fromisoformat: argument must be str");
        return NULL;
    }
    Ssize len;
    const char *s = str_utf8(a[0], &len);
    if (!s) {
        vm_err_clear();
        invalid_isoformat(a[0]);
        return NULL;
    }
    int y = 0, m = 0, d = 0;
    if ((len != 7 && len != 8 && len != 10) || parse_isoformat_date(s, (size_t)len, &y, &m, &d) < 0) {
        invalid_isoformat(a[0]);
        return NULL;
    }
    return new_date_cls(cls, y, m, d);
}

/* ---- date arithmetic, comparison, hash ------------------------------------------------------------------ */

/* the date `days` days after (y, m, d), OverflowError outside 1..9999 */
static int shift_days(int *y, int *m, int *d, int64_t days)
{
    int64_t ord = ymd_to_ord(*y, *m, *d) + days;
    if (ord < 1 || ord > MAXORDINAL) {
        vm_err_set_str(&exc_OverflowError, "date value out of range");
        return -1;
    }
    ord_to_ymd(ord, y, m, d);
    return 0;
}

static Obj *add_date_delta(Obj *date, Obj *delta, int sign)
{
    int y = DATE(date)->year, m = DATE(date)->month, d = DATE(date)->day;
    if (shift_days(&y, &m, &d, (int64_t)sign * DELTA(delta)->days) < 0) return NULL;
    return new_date_cls((Obj *)OBJ_TYPE(date), y, m, d);
}

static Obj *date_add(Obj *a, Obj *b)
{
    if (datetime_check(a) || datetime_check(b)) return INCREF(NOTIMPL);
    if (date_check(a)) {
        if (delta_check(b)) return add_date_delta(a, b, 1);
    } else if (delta_check(a)) {
        return add_date_delta(b, a, 1);
    }
    return INCREF(NOTIMPL);
}

static Obj *date_sub(Obj *a, Obj *b)
{
    if (datetime_check(a) || datetime_check(b)) return INCREF(NOTIMPL);
    if (date_check(a)) {
        if (date_check(b)) {
            int64_t d = ymd_to_ord(DATE(a)->year, DATE(a)->month, DATE(a)->day) -
                        ymd_to_ord(DATE(b)->year, DATE(b)->month, DATE(b)->day);
            return new_delta_norm(d, 0, 0);
        }
        if (delta_check(b)) return add_date_delta(a, b, -1);
    }
    return INCREF(NOTIMPL);
}

static int date_cmp_fields(Obj *a, Obj *b)
{
    DateObj *x = DATE(a), *y = DATE(b);
    int c = (x->year > y->year) - (x->year < y->year);
    if (!c) c = (x->month > y->month) - (x->month < y->month);
    if (!c) c = (x->day > y->day) - (x->day < y->day);
    return c;
}

static Obj *date_richcompare(Obj *a, Obj *b, int op)
{
    if (date_check(b) && !datetime_check(b)) return cmp_to_bool(date_cmp_fields(a, b), op);
    return INCREF(NOTIMPL);
}

static Hash hash_bytes(const unsigned char *p, size_t n)
{
    return (Hash)pyhash_signed(&pyhash_vm, pyhash_bytes(&pyhash_vm, p, n));
}

static Hash date_hash(Obj *o)
{
    DateObj *x = DATE(o);
    if (x->hash == -1) {
        unsigned char b[4] = {(unsigned char)(x->year >> 8), (unsigned char)x->year, (unsigned char)x->month,
                              (unsigned char)x->day};
        x->hash = hash_bytes(b, 4);
    }
    return x->hash;
}

static Obj *date_get_year(Obj *o, void *c) { (void)c; return int_from_i64(DATE(o)->year); }
static Obj *date_get_month(Obj *o, void *c) { (void)c; return int_from_i64(DATE(o)->month); }
static Obj *date_get_day(Obj *o, void *c) { (void)c; return int_from_i64(DATE(o)->day); }

static MethodDef date_methods[] = {
    {"fromtimestamp", date_fromtimestamp, METH_FAST | METH_CLASS, "Create a date from a POSIX timestamp."},
    {"fromordinal", date_fromordinal, METH_FAST | METH_CLASS, "int -> date corresponding to a proleptic Gregorian ordinal."},
    {"fromisoformat", date_fromisoformat, METH_FAST | METH_CLASS, "str -> Construct a date from a string in ISO 8601 format."},
    {"fromisocalendar", date_fromisocalendar, METH_FAST | METH_CLASS, "int, int, int -> Construct a date from the ISO year, week number and weekday."},
    {"today", date_today, METH_FAST | METH_CLASS, "Current date or datetime:  same as self.__class__.fromtimestamp(time.time())."},
    {"ctime", date_ctime, METH_FAST, "Return ctime() style string."},
    {"strftime", date_strftime, METH_FAST, "format -> strftime() style string."},
    {"__format__", dt_format, METH_FAST, "Formats self with strftime."},
    {"timetuple", date_timetuple, METH_FAST, "Return time tuple, compatible with time.localtime()."},
    {"isocalendar", date_isocalendar, METH_FAST, "Return a named tuple containing ISO year, week number, and weekday."},
    {"isoformat", date_isoformat, METH_FAST, "Return string in ISO 8601 format, YYYY-MM-DD."},
    {"isoweekday", date_isoweekday, METH_FAST, "Return the day of the week represented by the date.\nMonday == 1 ... Sunday == 7"},
    {"toordinal", date_toordinal, METH_FAST, "Return proleptic Gregorian ordinal.  January 1 of year 1 is day 1."},
    {"weekday", date_weekday, METH_FAST, "Return the day of the week represented by the date.\nMonday == 0 ... Sunday == 6"},
    {"replace", date_replace, METH_FAST, "Return date with new specified fields."},
    {"__reduce__", date_reduce, METH_FAST, "__reduce__() -> (cls, state)"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef date_getset[] = {
    {"year", date_get_year, NULL, NULL, NULL},
    {"month", date_get_month, NULL, NULL, NULL},
    {"day", date_get_day, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods date_as_number = {.add = date_add, .subtract = date_sub};

static TypeObj date_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.date", .basicsize = sizeof(DateObj),
    .flags = TPF_BASETYPE, .repr = date_repr, .str = date_str, .hash = date_hash,
    .richcompare = date_richcompare, .getattro = obj_generic_getattr, .new_ = date_new,
    .as_number = &date_as_number, .methods = date_methods, .getset = date_getset,
    .doc = "date(year, month, day) --> date object",
};

/* ---- time ------------------------------------------------------------------------------------------- */

static Obj *time_alloc(TypeObj *t, int h, int mi, int s, int us, Obj *tz, int fold)
{
    if (check_time_args(h, mi, s, us, fold) < 0 || check_tzinfo(tz) < 0) return NULL;
    Obj *o = obj_alloc(t, 0);
    if (!o) return NULL;
    TimeObj *x = TM(o);
    x->hash = -1;
    x->hour = h, x->minute = mi, x->second = s, x->us = us, x->fold = fold;
    x->tzinfo = INCREF(tz);
    return o;
}

static void time_dealloc(Obj *o)
{
    XDECREF(TM(o)->tzinfo);
    obj_free(o);
}

static void datetime_dealloc(Obj *o)
{
    XDECREF(DT(o)->tzinfo);
    obj_free(o);
}

static Obj *new_time_cls(Obj *cls, int h, int mi, int s, int us, Obj *tz, int fold)
{
    if (cls == (Obj *)&time_type) return time_alloc(&time_type, h, mi, s, us, tz, fold);
    int v[4] = {h, mi, s, us};
    Obj *a = ints_tuple(4, v);
    if (!a) return NULL;
    Obj *args[6] = {TUPLE_ITEMS(a)[0], TUPLE_ITEMS(a)[1], TUPLE_ITEMS(a)[2], TUPLE_ITEMS(a)[3], tz, NULL};
    Obj *r;
    if (fold) {
        Obj *one = int_from_i64(1), *kn = tuple_pack(1, id_str("fold"));
        args[5] = one;
        r = one && kn ? obj_call(cls, args, 5, kn) : NULL;
        XDECREF(one);
        XDECREF(kn);
    } else {
        r = obj_call(cls, args, 5, NULL);
    }
    DECREF(a);
    return r;
}

static Obj *time_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"hour", "minute", "second", "microsecond", "tzinfo", "fold"};
    int h = 0, mi = 0, s = 0, us = 0, fold = 0;
    Obj *tz = NONE;
    if (nargs >= 1 && nargs <= 2 && BYTES_CHECK(args[0]) && VAR_SIZE(args[0]) == 6 &&
        (BYTES_DATA(args[0])[0] & 0x7F) < 24) {
        const unsigned char *b = BYTES_DATA(args[0]);
        if (nargs == 2) tz = args[1];
        if (tz != NONE && !tzinfo_check(tz)) {
            vm_err_set_str(&exc_TypeError, "bad tzinfo state arg");
            return NULL;
        }
        return time_alloc(t, b[0] & 0x7F, b[1], b[2], b[3] << 16 | b[4] << 8 | b[5], tz, b[0] >> 7);
    }
    void *outs[6] = {&h, &mi, &s, &us, &tz, &fold};
    if (dt_parse(NULL, args, nargs, kw, names, 5, 0, "iiiiOi", outs) < 0) return NULL;
    return time_alloc(t, h, mi, s, us, tz, fold);
}

/* ", tzinfo=%R)" and ", fold=1)" endings of the reprs */
static Obj *repr_tail(SBuf *b, Obj *tz, int fold)
{
    if (tz != NONE) {
        Obj *r = obj_repr(tz);
        if (!r) {
            sbuf_free(b);
            return NULL;
        }
        Ssize n;
        const char *p = str_utf8_lossy(r, &n);
        sbuf_puts(b, ", tzinfo=");
        sbuf_put(b, p, (size_t)n);
        DECREF(r);
    }
    if (fold) sbuf_puts(b, ", fold=1");
    sbuf_putc(b, ')');
    Obj *s = str_from_utf8(b->data, (Ssize)b->len);
    sbuf_free(b);
    return s;
}

static Obj *time_repr(Obj *o)
{
    TimeObj *t = TM(o);
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "%s(%d, %d", tp_name(o), t->hour, t->minute);
    if (t->us) sbuf_printf(&b, ", %d, %d", t->second, t->us);
    else if (t->second) sbuf_printf(&b, ", %d", t->second);
    return repr_tail(&b, t->tzinfo, t->fold);
}

/* the time part of isoformat by timespec; -1 with ValueError for an unknown one */
static int format_time_part(SBuf *b, int h, int mi, int s, int us, Obj *timespec)
{
    const char *spec = "auto";
    if (timespec) {
        Ssize n;
        spec = str_utf8_lossy(timespec, &n);
    }
    if (!strcmp(spec, "auto")) {
        if (us) sbuf_printf(b, "%02d:%02d:%02d.%06d", h, mi, s, us);
        else sbuf_printf(b, "%02d:%02d:%02d", h, mi, s);
    } else if (!strcmp(spec, "hours")) {
        sbuf_printf(b, "%02d", h);
    } else if (!strcmp(spec, "minutes")) {
        sbuf_printf(b, "%02d:%02d", h, mi);
    } else if (!strcmp(spec, "seconds")) {
        sbuf_printf(b, "%02d:%02d:%02d", h, mi, s);
    } else if (!strcmp(spec, "milliseconds")) {
        sbuf_printf(b, "%02d:%02d:%02d.%03d", h, mi, s, us / 1000);
    } else if (!strcmp(spec, "microseconds")) {
        sbuf_printf(b, "%02d:%02d:%02d.%06d", h, mi, s, us);
    } else {
        vm_err_set_str(&exc_ValueError, "Unknown timespec value");
        return -1;
    }
    return 0;
}

static int append_utcoffset(SBuf *b, Obj *tz, Obj *arg)
{
    if (tz == NONE) return 0;
    Obj *off = call_utcoffset(tz, arg);
    if (!off) return -1;
    if (off != NONE) format_offset(b, off, ":");
    DECREF(off);
    return 0;
}

static int check_timespec(Obj *ts)
{
    if (!ts || STR_CHECK(ts)) return 0;
    vm_err_format(&exc_TypeError, "isoformat() argument %d must be str, not %s", 1, arg_name(ts));
    return -1;
}

static Obj *time_isoformat(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"timespec"};
    Obj *ts = NULL;
    void *outs[1] = {&ts};
    if (dt_parse("isoformat", args, nargs, kw, names, 1, 0, "O", outs) < 0 || check_timespec(ts) < 0) return NULL;
    TimeObj *t = TM(o);
    SBuf b = SBUF_INIT;
    if (format_time_part(&b, t->hour, t->minute, t->second, t->us, ts) < 0 ||
        append_utcoffset(&b, t->tzinfo, NONE) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *time_str(Obj *o) { return obj_call_method(o, "isoformat", NULL, 0); }

static Obj *time_strftime(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"format"};
    Obj *fmt = NULL;
    void *outs[1] = {&fmt};
    if (dt_parse(NULL, args, nargs, kw, names, 1, 1, "O", outs) < 0 || check_strftime_format(fmt) < 0) return NULL;
    int v[9] = {1900, 1, 1, TM(o)->hour, TM(o)->minute, TM(o)->second, 0, 1, -1};
    Obj *tt = ints_tuple(9, v);
    if (!tt) return NULL;
    Obj *r = wrap_strftime(o, fmt, tt, NONE);
    DECREF(tt);
    return r;
}

static Obj *time_utcoffset(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("time.utcoffset", n, kw) < 0) return NULL;
    return call_utcoffset(TM(o)->tzinfo, NONE);
}

static Obj *time_dst(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("time.dst", n, kw) < 0) return NULL;
    return call_dst(TM(o)->tzinfo, NONE);
}

static Obj *time_tzname(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("time.tzname", n, kw) < 0) return NULL;
    return call_tzname(TM(o)->tzinfo, NONE);
}

static Obj *time_replace(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"hour", "minute", "second", "microsecond", "tzinfo", "fold"};
    TimeObj *t = TM(o);
    int h = t->hour, mi = t->minute, s = t->second, us = t->us, fold = t->fold;
    Obj *tz = t->tzinfo;
    void *outs[6] = {&h, &mi, &s, &us, &tz, &fold};
    if (dt_parse("replace", args, nargs, kw, names, 5, 0, "iiiiOi", outs) < 0) return NULL;
    if (fold != 0 && fold != 1) {
        vm_err_set_str(&exc_ValueError, "fold must be either 0 or 1");
        return NULL;
    }
    return new_time_cls((Obj *)OBJ_TYPE(o), h, mi, s, us, tz, fold);
}

static Obj *time_reduce_proto(Obj *o, int proto)
{
    TimeObj *t = TM(o);
    unsigned char b[6] = {(unsigned char)t->hour, (unsigned char)t->minute, (unsigned char)t->second,
                          (unsigned char)(t->us >> 16), (unsigned char)(t->us >> 8), (unsigned char)t->us};
    if (proto > 3 && t->fold) b[0] |= 128;
    return reduce_state(o, b, 6, t->tzinfo);
}

static Obj *time_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("time.__reduce__", n, kw) < 0) return NULL;
    return time_reduce_proto(o, 2);
}

static Obj *time_reduce_ex(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("time.__reduce_ex__", "__reduce_ex__", n, kw, 1, 1) < 0) return NULL;
    int proto;
    if (as_c_int(a[0], &proto) < 0) return NULL;
    return time_reduce_proto(o, proto);
}

/* ---- ISO time parsing -------------------------------------------------------------------------------- */

/* [HH[:?MM[:?SS[{.,}fff[fff]]]]] between p and end: 0 at the end, 1 more follows, < 0 bad */
static int parse_hh_mm_ss_ff(const char *p, const char *end, int *h, int *mi, int *s, int *us)
{
    *h = *mi = *s = *us = 0;
    int *vals[3] = {h, mi, s};
    bool has_sep = true;
    for (int i = 0; i < 3; i++) {
        p = parse_digits(p, vals[i], 2);
        if (!p) return -3;
        char c = *(p++);
        if (i == 0) has_sep = c == ':';
        if (p >= end) return c != '\0';
        if (has_sep && c == ':') continue;
        if (c == '.' || c == ',') break;
        if (!has_sep) p--;
        else return -4;
    }
    size_t remains = (size_t)(end - p), to_parse = remains >= 6 ? 6 : remains;
    if (to_parse == 0) return -3;
    p = parse_digits(p, us, (int)to_parse);
    if (!p) return -3;
    static const int correction[] = {100000, 10000, 1000, 100, 10};
    if (to_parse < 6) *us *= correction[to_parse - 1];
    while (*p >= '0' && *p <= '9') p++;
    return *p != '\0';
}

/* time with optional Z / ±HH[:MM[:SS[.ffffff]]]: 0 naive, 1 with offset, < 0 bad */
static int parse_isoformat_time(const char *s, size_t len, int *h, int *mi, int *sec, int *us, int *tzoff, int *tzus)
{
    const char *end = s + len, *tzpos = s;
    do {
        if (*tzpos == 'Z' || *tzpos == '+' || *tzpos == '-') break;
    } while (++tzpos < end);
    int rv = parse_hh_mm_ss_ff(s, tzpos, h, mi, sec, us);
    if (rv < 0) return rv;
    if (tzpos == end) return rv == 1 ? -5 : 0;
    if (*tzpos == 'Z') {
        *tzoff = 0;
        *tzus = 0;
        return tzpos[1] != '\0' ? -5 : 1;
    }
    int sign = *tzpos == '-' ? -1 : 1;
    tzpos++;
    int th = 0, tm = 0, ts = 0;
    rv = parse_hh_mm_ss_ff(tzpos, end, &th, &tm, &ts, tzus);
    *tzoff = sign * (th * 3600 + tm * 60 + ts);
    *tzus *= sign;
    return rv ? -5 : 1;
}

static Obj *tzinfo_from_iso(int rv, int off, int us)
{
    if (rv != 1) return INCREF(NONE);
    if (off == 0) return INCREF(utc_tz);
    Obj *d = new_delta_norm(0, off, us);
    if (!d) return NULL;
    Obj *tz = new_timezone(d, NULL);
    DECREF(d);
    return tz;
}

static Obj *time_fromisoformat(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromisoformat", n, kw) < 0) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_set_str(&exc_TypeError, "fromisoformat: argument must be str");
        return NULL;
    }
    Ssize len;
    const char *p = str_utf8(a[0], &len);
    if (!p) {
        vm_err_clear();
        invalid_isoformat(a[0]);
        return NULL;
    }
    if (*p == 'T') p++, len--;
    int h, mi, s, us, off = 0, tzus = 0;
    int rv = parse_isoformat_time(p, (size_t)len, &h, &mi, &s, &us, &off, &tzus);
    if (rv < 0) {
        invalid_isoformat(a[0]);
        return NULL;
    }
    Obj *tz = tzinfo_from_iso(rv, off, tzus);
    if (!tz) return NULL;
    Obj *r = new_time_cls(cls, h, mi, s, us, tz, 0);
    DECREF(tz);
    return r;
}

/* ---- time comparison / hash ------------------------------------------------------------------------------ */

static int time_cmp_fields(TimeObj *x, TimeObj *y)
{
    int a[4] = {x->hour, x->minute, x->second, x->us}, b[4] = {y->hour, y->minute, y->second, y->us};
    for (int i = 0; i < 4; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

static bool same_offsets(Obj *o1, Obj *o2)
{
    return o1 == o2 || (o1 != NONE && o2 != NONE && delta_cmp(o1, o2) == 0);
}

static Obj *time_richcompare(Obj *a, Obj *b, int op)
{
    if (!time_check(b)) return INCREF(NOTIMPL);
    TimeObj *x = TM(a), *y = TM(b);
    if (x->tzinfo == y->tzinfo) return cmp_to_bool(time_cmp_fields(x, y), op);
    Obj *o1 = call_utcoffset(x->tzinfo, NONE);
    if (!o1) return NULL;
    Obj *o2 = call_utcoffset(y->tzinfo, NONE);
    if (!o2) {
        DECREF(o1);
        return NULL;
    }
    Obj *r;
    if (same_offsets(o1, o2)) {
        r = cmp_to_bool(time_cmp_fields(x, y), op);
    } else if (o1 != NONE && o2 != NONE) {
        int64_t s1 = (int64_t)x->hour * 3600 + x->minute * 60 + x->second - (int64_t)DELTA(o1)->days * 86400 -
                     DELTA(o1)->seconds;
        int64_t s2 = (int64_t)y->hour * 3600 + y->minute * 60 + y->second - (int64_t)DELTA(o2)->days * 86400 -
                     DELTA(o2)->seconds;
        int c = (s1 > s2) - (s1 < s2);
        if (!c) c = (x->us > y->us) - (x->us < y->us);
        r = cmp_to_bool(c, op);
    } else if (op == CMP_EQ) {
        r = bool_from(false);
    } else if (op == CMP_NE) {
        r = bool_from(true);
    } else {
        vm_err_set_str(&exc_TypeError, "can't compare offset-naive and offset-aware times");
        r = NULL;
    }
    DECREF(o1);
    DECREF(o2);
    return r;
}

static Hash time_hash(Obj *o)
{
    TimeObj *t = TM(o);
    if (t->hash != -1) return t->hash;
    Obj *self0 = o;
    if (t->fold) {
        self0 = time_alloc(OBJ_TYPE(o), t->hour, t->minute, t->second, t->us, t->tzinfo, 0);
        if (!self0) return -1;
    } else {
        INCREF(self0);
    }
    Obj *off = call_utcoffset(t->tzinfo, NONE);
    DECREF(self0);
    if (!off) return -1;
    Hash h;
    if (off == NONE) {
        unsigned char b[6] = {(unsigned char)t->hour, (unsigned char)t->minute, (unsigned char)t->second,
                              (unsigned char)(t->us >> 16), (unsigned char)(t->us >> 8), (unsigned char)t->us};
        h = hash_bytes(b, 6);
    } else {
        Obj *d1 = new_delta_norm(0, (int64_t)t->hour * 3600 + t->minute * 60 + t->second, t->us);
        Obj *d2 = d1 ? delta_sub(d1, off) : NULL;
        h = d2 ? obj_hash(d2) : -1;
        XDECREF(d1);
        XDECREF(d2);
    }
    DECREF(off);
    t->hash = h;
    return h;
}

static Obj *time_get_hour(Obj *o, void *c) { (void)c; return int_from_i64(TM(o)->hour); }
static Obj *time_get_minute(Obj *o, void *c) { (void)c; return int_from_i64(TM(o)->minute); }
static Obj *time_get_second(Obj *o, void *c) { (void)c; return int_from_i64(TM(o)->second); }
static Obj *time_get_us(Obj *o, void *c) { (void)c; return int_from_i64(TM(o)->us); }
static Obj *time_get_fold(Obj *o, void *c) { (void)c; return int_from_i64(TM(o)->fold); }
static Obj *time_get_tzinfo(Obj *o, void *c) { (void)c; return INCREF(TM(o)->tzinfo); }

static MethodDef time_methods[] = {
    {"isoformat", time_isoformat, METH_FAST, "Return string in ISO 8601 format, [HH[:MM[:SS[.mmm[uuu]]]]][+HH:MM]."},
    {"strftime", time_strftime, METH_FAST, "format -> strftime() style string."},
    {"__format__", dt_format, METH_FAST, "Formats self with strftime."},
    {"utcoffset", time_utcoffset, METH_FAST, "Return self.tzinfo.utcoffset(self)."},
    {"tzname", time_tzname, METH_FAST, "Return self.tzinfo.tzname(self)."},
    {"dst", time_dst, METH_FAST, "Return self.tzinfo.dst(self)."},
    {"replace", time_replace, METH_FAST, "Return time with new specified fields."},
    {"fromisoformat", time_fromisoformat, METH_FAST | METH_CLASS, "string -> time from a string in ISO 8601 format"},
    {"__reduce_ex__", time_reduce_ex, METH_FAST, "__reduce_ex__(proto) -> (cls, state)"},
    {"__reduce__", time_reduce, METH_FAST, "__reduce__() -> (cls, state)"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef time_getset[] = {
    {"hour", time_get_hour, NULL, NULL, NULL},
    {"minute", time_get_minute, NULL, NULL, NULL},
    {"second", time_get_second, NULL, NULL, NULL},
    {"microsecond", time_get_us, NULL, NULL, NULL},
    {"tzinfo", time_get_tzinfo, NULL, NULL, NULL},
    {"fold", time_get_fold, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj time_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.time", .basicsize = sizeof(TimeObj),
    .flags = TPF_BASETYPE, .dealloc = time_dealloc, .repr = time_repr, .str = time_str, .hash = time_hash,
    .richcompare = time_richcompare, .getattro = obj_generic_getattr, .new_ = time_new,
    .methods = time_methods, .getset = time_getset,
    .doc = "time([hour[, minute[, second[, microsecond[, tzinfo]]]]]) --> a time object\n\n"
           "All arguments are optional. tzinfo may be None, or an instance of\n"
           "a tzinfo subclass. The remaining arguments may be ints.\n",
};

/* ---- datetime ------------------------------------------------------------------------------------------- */

static Obj *datetime_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"year", "month", "day", "hour", "minute", "second", "microsecond",
                                        "tzinfo", "fold"};
    int y, mo, d, h = 0, mi = 0, s = 0, us = 0, fold = 0;
    Obj *tz = NONE;
    if (nargs >= 1 && nargs <= 2 && BYTES_CHECK(args[0]) && VAR_SIZE(args[0]) == 10 &&
        (BYTES_DATA(args[0])[2] & 0x7F) >= 1 && (BYTES_DATA(args[0])[2] & 0x7F) <= 12) {
        const unsigned char *b = BYTES_DATA(args[0]);
        if (nargs == 2) tz = args[1];
        if (tz != NONE && !tzinfo_check(tz)) {
            vm_err_set_str(&exc_TypeError, "bad tzinfo state arg");
            return NULL;
        }
        return datetime_alloc(t, b[0] << 8 | b[1], b[2] & 0x7F, b[3], b[4], b[5], b[6], b[7] << 16 | b[8] << 8 | b[9],
                              tz, b[2] >> 7);
    }
    void *outs[9] = {&y, &mo, &d, &h, &mi, &s, &us, &tz, &fold};
    if (dt_parse(NULL, args, nargs, kw, names, 8, 3, "iiiiiiiOi", outs) < 0) return NULL;
    return datetime_alloc(t, y, mo, d, h, mi, s, us, tz, fold);
}

static Obj *datetime_repr(Obj *o)
{
    DateTimeObj *x = DT(o);
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "%s(%d, %d, %d, %d, %d", tp_name(o), x->d.year, x->d.month, x->d.day, x->hour, x->minute);
    if (x->us) sbuf_printf(&b, ", %d, %d", x->second, x->us);
    else if (x->second) sbuf_printf(&b, ", %d", x->second);
    /* datetime puts fold before tzinfo, time after it (as CPython) */
    if (x->fold) sbuf_puts(&b, ", fold=1");
    return repr_tail(&b, x->tzinfo, 0);
}

static Obj *datetime_isoformat(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"sep", "timespec"};
    Obj *sep = NULL, *ts = NULL;
    void *outs[2] = {&sep, &ts};
    if (dt_parse("isoformat", args, nargs, kw, names, 2, 0, "OO", outs) < 0) return NULL;
    if (sep && (!STR_CHECK(sep) || VAR_SIZE(sep) != 1)) {
        vm_err_format(&exc_TypeError, "isoformat() argument 1 must be a unicode character, not %s", arg_name(sep));
        return NULL;
    }
    if (ts && !STR_CHECK(ts)) {
        vm_err_format(&exc_TypeError, "isoformat() argument 2 must be str, not %s", arg_name(ts));
        return NULL;
    }
    DateTimeObj *x = DT(o);
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "%04d-%02d-%02d", x->d.year, x->d.month, x->d.day);
    if (sep) {
        Ssize n;
        const char *p = str_utf8_lossy(sep, &n);
        sbuf_put(&b, p, (size_t)n);
    } else {
        sbuf_putc(&b, 'T');
    }
    if (format_time_part(&b, x->hour, x->minute, x->second, x->us, ts) < 0 ||
        append_utcoffset(&b, x->tzinfo, o) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *datetime_str(Obj *o)
{
    Obj *sp = str_from_cstr(" ");
    Obj *r = sp ? obj_call_method(o, "isoformat", &sp, 1) : NULL;
    XDECREF(sp);
    return r;
}

static Obj *datetime_utcoffset_obj(Obj *dt) { return call_utcoffset(DT(dt)->tzinfo, dt); }
static Obj *datetime_dst_obj(Obj *dt) { return call_dst(DT(dt)->tzinfo, dt); }

static Obj *datetime_utcoffset(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.utcoffset", n, kw) < 0) return NULL;
    return datetime_utcoffset_obj(o);
}

static Obj *datetime_dst(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.dst", n, kw) < 0) return NULL;
    return datetime_dst_obj(o);
}

static Obj *datetime_tzname(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.tzname", n, kw) < 0) return NULL;
    return call_tzname(DT(o)->tzinfo, o);
}

/* datetime ± delta (factor ±1), the receiver's class, fold 0 */
static Obj *add_datetime_delta(Obj *dt, Obj *delta, int factor)
{
    DateTimeObj *x = DT(dt);
    int64_t us = x->us + (int64_t)factor * DELTA(delta)->us;
    int64_t secs = (int64_t)x->hour * 3600 + x->minute * 60 + x->second + (int64_t)factor * DELTA(delta)->seconds;
    int64_t days = (int64_t)factor * DELTA(delta)->days;
    int64_t q = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
    us -= q * 1000000;
    secs += q;
    q = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    secs -= q * 86400;
    days += q;
    int y = x->d.year, m = x->d.month, d = x->d.day;
    if (shift_days(&y, &m, &d, days) < 0) return NULL;
    return new_datetime_cls((Obj *)OBJ_TYPE(dt), y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
                            (int)(secs % 60), (int)us, x->tzinfo, 0);
}

static Obj *datetime_add(Obj *a, Obj *b)
{
    if (datetime_check(a)) {
        if (delta_check(b)) return add_datetime_delta(a, b, 1);
    } else if (delta_check(a)) {
        return add_datetime_delta(b, a, 1);
    }
    return INCREF(NOTIMPL);
}

static Obj *datetime_sub(Obj *a, Obj *b)
{
    if (!datetime_check(a)) return INCREF(NOTIMPL);
    if (delta_check(b)) return add_datetime_delta(a, b, -1);
    if (!datetime_check(b)) return INCREF(NOTIMPL);
    DateTimeObj *x = DT(a), *y = DT(b);
    Obj *o1, *o2;
    if (x->tzinfo == y->tzinfo) {
        o1 = INCREF(NONE);
        o2 = INCREF(NONE);
    } else {
        o1 = datetime_utcoffset_obj(a);
        if (!o1) return NULL;
        o2 = datetime_utcoffset_obj(b);
        if (!o2) {
            DECREF(o1);
            return NULL;
        }
        if ((o1 != NONE) != (o2 != NONE)) {
            DECREF(o1);
            DECREF(o2);
            vm_err_set_str(&exc_TypeError, "can't subtract offset-naive and offset-aware datetimes");
            return NULL;
        }
    }
    Obj *offdiff = NULL;
    if (o1 != o2 && delta_cmp(o1, o2) != 0) {
        offdiff = delta_sub(o1, o2);
        if (!offdiff) {
            DECREF(o1);
            DECREF(o2);
            return NULL;
        }
    }
    DECREF(o1);
    DECREF(o2);
    int64_t dd = ymd_to_ord(x->d.year, x->d.month, x->d.day) - ymd_to_ord(y->d.year, y->d.month, y->d.day);
    int64_t ds = (int64_t)(x->hour - y->hour) * 3600 + (x->minute - y->minute) * 60 + (x->second - y->second);
    Obj *r = new_delta_norm(dd, ds, x->us - y->us);
    if (r && offdiff) {
        Obj *r2 = delta_sub(r, offdiff);
        DECREF(r);
        r = r2;
    }
    XDECREF(offdiff);
    return r;
}

static int dt_cmp_fields(Obj *a, Obj *b)
{
    int c = date_cmp_fields(a, b);
    if (c) return c;
    DateTimeObj *x = DT(a), *y = DT(b);
    int p[4] = {x->hour, x->minute, x->second, x->us}, q[4] = {y->hour, y->minute, y->second, y->us};
    for (int i = 0; i < 4; i++)
        if (p[i] != q[i]) return p[i] < q[i] ? -1 : 1;
    return 0;
}

/* utcoffset of dt with fold flipped */
static Obj *flip_fold_offset(Obj *dt)
{
    DateTimeObj *x = DT(dt);
    Obj *f = datetime_alloc(OBJ_TYPE(dt), x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second, x->us,
                            x->tzinfo, !x->fold);
    if (!f) return NULL;
    Obj *r = datetime_utcoffset_obj(f);
    DECREF(f);
    return r;
}

/* PEP 495: equal times in a fold whose offsets depend on fold are unequal */
static int pep495_eq_exception(Obj *a, Obj *b, Obj *oa, Obj *ob)
{
    Obj *f = flip_fold_offset(a);
    if (!f) return -1;
    int r = f != oa && !same_offsets(f, oa);
    DECREF(f);
    if (r) return 1;
    f = flip_fold_offset(b);
    if (!f) return -1;
    r = f != ob && !same_offsets(f, ob);
    DECREF(f);
    return r;
}

static Obj *datetime_richcompare(Obj *a, Obj *b, int op)
{
    if (!datetime_check(b)) {
        if (date_check(b)) {
            if (op == CMP_EQ) return bool_from(false);
            if (op == CMP_NE) return bool_from(true);
            vm_err_format(&exc_TypeError, "can't compare %s to %s", tp_name(a), tp_name(b));
            return NULL;
        }
        return INCREF(NOTIMPL);
    }
    if (DT(a)->tzinfo == DT(b)->tzinfo) return cmp_to_bool(dt_cmp_fields(a, b), op);
    Obj *o1 = datetime_utcoffset_obj(a);
    if (!o1) return NULL;
    Obj *o2 = datetime_utcoffset_obj(b);
    if (!o2) {
        DECREF(o1);
        return NULL;
    }
    Obj *r = NULL;
    int diff;
    if (same_offsets(o1, o2)) {
        diff = dt_cmp_fields(a, b);
        if ((op == CMP_EQ || op == CMP_NE) && diff == 0) {
            int ex = pep495_eq_exception(a, b, o1, o2);
            if (ex < 0) goto done;
            if (ex) diff = 1;
        }
        r = cmp_to_bool(diff, op);
    } else if (o1 != NONE && o2 != NONE) {
        Obj *delta = datetime_sub(a, b);
        if (!delta) goto done;
        diff = DELTA(delta)->days;
        if (!diff) diff = DELTA(delta)->seconds | DELTA(delta)->us;
        DECREF(delta);
        if ((op == CMP_EQ || op == CMP_NE) && diff == 0) {
            int ex = pep495_eq_exception(a, b, o1, o2);
            if (ex < 0) goto done;
            if (ex) diff = 1;
        }
        r = cmp_to_bool(diff, op);
    } else if (op == CMP_EQ) {
        r = bool_from(false);
    } else if (op == CMP_NE) {
        r = bool_from(true);
    } else {
        vm_err_set_str(&exc_TypeError, "can't compare offset-naive and offset-aware datetimes");
    }
done:
    DECREF(o1);
    DECREF(o2);
    return r;
}

static Hash datetime_hash(Obj *o)
{
    DateTimeObj *x = DT(o);
    if (x->d.hash != -1) return x->d.hash;
    Obj *self0;
    if (x->fold) {
        self0 = datetime_alloc(OBJ_TYPE(o), x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second, x->us,
                               x->tzinfo, 0);
        if (!self0) return -1;
    } else {
        self0 = INCREF(o);
    }
    Obj *off = datetime_utcoffset_obj(self0);
    DECREF(self0);
    if (!off) return -1;
    Hash h;
    if (off == NONE) {
        unsigned char b[10] = {(unsigned char)(x->d.year >> 8), (unsigned char)x->d.year, (unsigned char)x->d.month,
                               (unsigned char)x->d.day, (unsigned char)x->hour, (unsigned char)x->minute,
                               (unsigned char)x->second, (unsigned char)(x->us >> 16), (unsigned char)(x->us >> 8),
                               (unsigned char)x->us};
        h = hash_bytes(b, 10);
    } else {
        Obj *d1 = new_delta_norm(ymd_to_ord(x->d.year, x->d.month, x->d.day),
                                 (int64_t)x->hour * 3600 + x->minute * 60 + x->second, x->us);
        Obj *d2 = d1 ? delta_sub(d1, off) : NULL;
        h = d2 ? obj_hash(d2) : -1;
        XDECREF(d1);
        XDECREF(d2);
    }
    DECREF(off);
    x->d.hash = h;
    return h;
}

static Obj *datetime_date(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.date", n, kw) < 0) return NULL;
    return date_alloc(&date_type, DT(o)->d.year, DT(o)->d.month, DT(o)->d.day);
}

static Obj *datetime_time(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.time", n, kw) < 0) return NULL;
    DateTimeObj *x = DT(o);
    return time_alloc(&time_type, x->hour, x->minute, x->second, x->us, NONE, x->fold);
}

static Obj *datetime_timetz(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.timetz", n, kw) < 0) return NULL;
    DateTimeObj *x = DT(o);
    return time_alloc(&time_type, x->hour, x->minute, x->second, x->us, x->tzinfo, x->fold);
}

static Obj *datetime_ctime(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.ctime", n, kw) < 0) return NULL;
    DateTimeObj *x = DT(o);
    return format_ctime(x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second);
}

static Obj *datetime_timetuple(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.timetuple", n, kw) < 0) return NULL;
    DateTimeObj *x = DT(o);
    int dstflag = -1;
    if (x->tzinfo != NONE) {
        Obj *dst = call_dst(x->tzinfo, o);
        if (!dst) return NULL;
        if (dst != NONE) dstflag = delta_bool(dst);
        DECREF(dst);
    }
    return build_struct_time(x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second, dstflag);
}

static Obj *datetime_utctimetuple(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.utctimetuple", n, kw) < 0) return NULL;
    Obj *u = INCREF(o);
    if (DT(o)->tzinfo != NONE) {
        Obj *off = datetime_utcoffset_obj(o);
        if (!off) {
            DECREF(u);
            return NULL;
        }
        if (off != NONE) {
            DECREF(u);
            u = add_datetime_delta(o, off, -1);
        }
        DECREF(off);
        if (!u) return NULL;
    }
    DateTimeObj *x = DT(u);
    Obj *r = build_struct_time(x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second, 0);
    DECREF(u);
    return r;
}

static Obj *datetime_strftime(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"format"};
    Obj *fmt = NULL;
    void *outs[1] = {&fmt};
    if (dt_parse(NULL, args, nargs, kw, names, 1, 1, "O", outs) < 0 || check_strftime_format(fmt) < 0) return NULL;
    Obj *tt = obj_call_method(o, "timetuple", NULL, 0);
    if (!tt) return NULL;
    Obj *r = wrap_strftime(o, fmt, tt, o);
    DECREF(tt);
    return r;
}

static Obj *epoch_utc(void)
{
    return datetime_alloc(&datetime_type, 1970, 1, 1, 0, 0, 0, 0, utc_tz, 0);
}

static Obj *datetime_timestamp(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.timestamp", n, kw) < 0) return NULL;
    DateTimeObj *x = DT(o);
    if (x->tzinfo != NONE) {
        Obj *ep = epoch_utc();
        Obj *delta = ep ? datetime_sub(o, ep) : NULL;
        XDECREF(ep);
        if (!delta) return NULL;
        if (delta == NOTIMPL) {
            DECREF(delta);
            vm_err_set_str(&exc_TypeError, "can't subtract offset-naive and offset-aware datetimes");
            return NULL;
        }
        Obj *r = delta_total_seconds(delta, NULL, 0, NULL);
        DECREF(delta);
        return r;
    }
    bool err = false;
    int64_t secs = local_to_seconds(x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second, x->fold, &err);
    if (err) return NULL;
    return float_from_double((double)(secs - EPOCH_SECONDS) + x->us / 1e6);
}

static Obj *datetime_replace(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"year", "month", "day", "hour", "minute", "second", "microsecond",
                                        "tzinfo", "fold"};
    DateTimeObj *x = DT(o);
    int y = x->d.year, mo = x->d.month, d = x->d.day, h = x->hour, mi = x->minute, s = x->second, us = x->us;
    int fold = x->fold;
    Obj *tz = x->tzinfo;
    void *outs[9] = {&y, &mo, &d, &h, &mi, &s, &us, &tz, &fold};
    if (dt_parse("replace", args, nargs, kw, names, 8, 0, "iiiiiiiOi", outs) < 0) return NULL;
    if (fold != 0 && fold != 1) {
        vm_err_set_str(&exc_ValueError, "fold must be either 0 or 1");
        return NULL;
    }
    return new_datetime_cls((Obj *)OBJ_TYPE(o), y, mo, d, h, mi, s, us, tz, fold);
}

static Obj *datetime_reduce_proto(Obj *o, int proto)
{
    DateTimeObj *x = DT(o);
    unsigned char b[10] = {(unsigned char)(x->d.year >> 8), (unsigned char)x->d.year, (unsigned char)x->d.month,
                           (unsigned char)x->d.day, (unsigned char)x->hour, (unsigned char)x->minute,
                           (unsigned char)x->second, (unsigned char)(x->us >> 16), (unsigned char)(x->us >> 8),
                           (unsigned char)x->us};
    if (proto > 3 && x->fold) b[2] |= 128;
    return reduce_state(o, b, 10, x->tzinfo);
}

static Obj *datetime_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.__reduce__", n, kw) < 0) return NULL;
    return datetime_reduce_proto(o, 2);
}

static Obj *datetime_reduce_ex(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("datetime.__reduce_ex__", "__reduce_ex__", n, kw, 1, 1) < 0) return NULL;
    int proto;
    if (as_c_int(a[0], &proto) < 0) return NULL;
    return datetime_reduce_proto(o, proto);
}

/* ---- local time zones ---------------------------------------------------------------------------------- */

static Obj *local_timezone_from_timestamp(int64_t ts)
{
    struct tm tm;
    if (c_localtime(ts, &tm) < 0) return NULL;
    Obj *delta = new_delta_norm(0, tm.tm_gmtoff, 0);
    if (!delta) return NULL;
    Obj *name = tm.tm_zone ? str_decode(tm.tm_zone, (Ssize)strlen(tm.tm_zone), "utf-8", "surrogateescape") : NULL;
    if (tm.tm_zone && !name) {
        DECREF(delta);
        return NULL;
    }
    Obj *r = new_timezone(delta, name);
    DECREF(delta);
    XDECREF(name);
    return r;
}

/* the local zone at the UTC datetime u */
static Obj *local_timezone(Obj *u)
{
    DateTimeObj *x = DT(u);
    int64_t secs = utc_to_seconds(x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second) - EPOCH_SECONDS;
    return local_timezone_from_timestamp(secs);
}

static Obj *local_timezone_from_local(Obj *dt)
{
    DateTimeObj *x = DT(dt);
    bool err = false;
    int64_t secs = local_to_seconds(x->d.year, x->d.month, x->d.day, x->hour, x->minute, x->second, x->fold, &err);
    if (err) return NULL;
    return local_timezone_from_timestamp(secs - EPOCH_SECONDS);
}

static Obj *datetime_astimezone(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"tz"};
    Obj *tz = NONE;
    void *outs[1] = {&tz};
    if (dt_parse("astimezone", args, nargs, kw, names, 1, 0, "O", outs) < 0 || check_tzinfo(tz) < 0) return NULL;
    DateTimeObj *x = DT(o);
    Obj *self_tz;
    Obj *off = NULL;
    if (x->tzinfo == NONE) {
    naive:
        self_tz = local_timezone_from_local(o);
        if (!self_tz) return NULL;
    } else {
        self_tz = INCREF(x->tzinfo);
    }
    if (self_tz == tz) {
        DECREF(self_tz);
        return INCREF(o);
    }
    off = call_utcoffset(self_tz, o);
    if (!off) {
        DECREF(self_tz);
        return NULL;
    }
    if (off == NONE) {
        DECREF(off);
        DECREF(self_tz);
        goto naive;
    }
    DECREF(self_tz);
    Obj *res = add_datetime_delta(o, off, -1);
    DECREF(off);
    if (!res) return NULL;
    /* res is UTC: attach utc, then the target zone */
    DateTimeObj *r = DT(res);
    Obj *tmp = datetime_alloc(OBJ_TYPE(res), r->d.year, r->d.month, r->d.day, r->hour, r->minute, r->second, r->us,
                              utc_tz, r->fold);
    DECREF(res);
    if (!tmp) return NULL;
    r = DT(tmp);
    if (tz == NONE) {
        Obj *ltz = local_timezone(tmp);
        if (!ltz) {
            DECREF(tmp);
            return NULL;
        }
        Obj *out = datetime_alloc(OBJ_TYPE(tmp), r->d.year, r->d.month, r->d.day, r->hour, r->minute, r->second,
                                  r->us, ltz, r->fold);
        DECREF(ltz);
        DECREF(tmp);
        if (!out) return NULL;
        /* fromutc with the fixed zone: shift by its offset */
        Obj *final = timezone_fromutc(DT(out)->tzinfo, &out, 1, NULL);
        DECREF(out);
        return final;
    }
    obj_setref(&r->tzinfo, INCREF(tz));
    Obj *final = obj_call_method(tz, "fromutc", &tmp, 1);
    DECREF(tmp);
    return final;
}

/* ---- datetime alternate constructors -------------------------------------------------------------------------- */

static Obj *datetime_from_timet_us(Obj *cls, bool local, int64_t timet, int us, Obj *tz)
{
    struct tm tm;
    if ((local ? c_localtime(timet, &tm) : c_gmtime(timet, &tm)) < 0) return NULL;
    int64_t y = (int64_t)tm.tm_year + 1900;
    if (y < MINYEAR || y > MAXYEAR) {
        vm_err_format(&exc_ValueError, "year %lld is out of range", (long long)y);
        return NULL;
    }
    int sec = tm.tm_sec > 59 ? 59 : tm.tm_sec;
    int fold = 0;
    if (tz == NONE && local) {
        bool err = false;
        int64_t result = utc_to_seconds(y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, sec);
        int64_t probe = local_seconds(EPOCH_SECONDS + timet - MAX_FOLD_SECONDS, &err);
        if (err) return NULL;
        int64_t transition = result - probe - MAX_FOLD_SECONDS;
        if (transition < 0) {
            probe = local_seconds(EPOCH_SECONDS + timet + transition, &err);
            if (err) return NULL;
            if (probe == result) fold = 1;
        }
    }
    return new_datetime_cls(cls, (int)y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, sec, us, tz, fold);
}

static Obj *fromutc_if(Obj *dt, Obj *tz)
{
    if (!dt || tz == NONE) return dt;
    Obj *r = obj_call_method(tz, "fromutc", &dt, 1);
    DECREF(dt);
    return r;
}

static Obj *datetime_fromtimestamp(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"timestamp", "tz"};
    Obj *ts = NULL, *tz = NONE;
    void *outs[2] = {&ts, &tz};
    if (dt_parse("fromtimestamp", args, nargs, kw, names, 2, 1, "OO", outs) < 0 || check_tzinfo(tz) < 0) return NULL;
    int64_t secs;
    int us;
    if (timestamp_parts(ts, &secs, &us, true) < 0) return NULL;
    return fromutc_if(datetime_from_timet_us(cls, tz == NONE, secs, us, tz), tz);
}

static Obj *datetime_utcfromtimestamp(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("utcfromtimestamp", n, kw) < 0) return NULL;
    Obj *msg = str_from_cstr("datetime.datetime.utcfromtimestamp() is deprecated and scheduled for removal in a "
                             "future version. Use timezone-aware objects to represent datetimes in UTC: "
                             "datetime.datetime.fromtimestamp(timestamp, datetime.UTC).");
    int w = msg ? warnings_warn(&exc_DeprecationWarning, msg, 1) : -1;
    XDECREF(msg);
    if (w < 0) return NULL;
    int64_t secs;
    int us;
    if (timestamp_parts(a[0], &secs, &us, true) < 0) return NULL;
    return datetime_from_timet_us(cls, false, secs, us, NONE);
}

static void clock_now(int64_t *secs, int *us)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *secs = ts.tv_sec;
    *us = (int)(ts.tv_nsec / 1000);
}

static Obj *datetime_now(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"tz"};
    Obj *tz = NONE;
    void *outs[1] = {&tz};
    if (dt_parse("now", args, nargs, kw, names, 1, 0, "O", outs) < 0 || check_tzinfo(tz) < 0) return NULL;
    int64_t secs;
    int us;
    clock_now(&secs, &us);
    return fromutc_if(datetime_from_timet_us(cls, tz == NONE, secs, us, tz), tz);
}

static Obj *datetime_utcnow(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (no_args("datetime.utcnow", n, kw) < 0) return NULL;
    Obj *msg = str_from_cstr("datetime.datetime.utcnow() is deprecated and scheduled for removal in a future "
                             "version. Use timezone-aware objects to represent datetimes in UTC: "
                             "datetime.datetime.now(datetime.UTC).");
    int w = msg ? warnings_warn(&exc_DeprecationWarning, msg, 1) : -1;
    XDECREF(msg);
    if (w < 0) return NULL;
    int64_t secs;
    int us;
    clock_now(&secs, &us);
    return datetime_from_timet_us(cls, false, secs, us, NONE);
}

static Obj *datetime_combine(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"date", "time", "tzinfo"};
    Obj *d = NULL, *t = NULL, *tz = NULL;
    void *outs[3] = {&d, &t, &tz};
    if (dt_parse("combine", args, nargs, kw, names, 3, 2, "OOO", outs) < 0) return NULL;
    if (!date_check(d)) {
        vm_err_format(&exc_TypeError, "combine() argument 1 must be datetime.date, not %s", arg_name(d));
        return NULL;
    }
    if (!time_check(t)) {
        vm_err_format(&exc_TypeError, "combine() argument 2 must be datetime.time, not %s", arg_name(t));
        return NULL;
    }
    if (!tz) tz = TM(t)->tzinfo;
    return new_datetime_cls(cls, DATE(d)->year, DATE(d)->month, DATE(d)->day, TM(t)->hour, TM(t)->minute,
                            TM(t)->second, TM(t)->us, tz, TM(t)->fold);
}

/* where the date part of an ISO datetime string ends (CPython's rules) */
static Ssize iso_separator(const char *s, Ssize len)
{
    char c4 = len > 4 ? s[4] : '\0', c5 = len > 5 ? s[5] : '\0';
    if (len == 7) return 7;
    if (c4 == '-') {
        if (c5 == 'W') {
            if (len < 8) return -1;
            if (len > 8 && s[8] == '-') {
                if (len == 9) return -1;
                if (len > 10 && s[10] >= '0' && s[10] <= '9') return 8;
                return 10;
            }
            return 8;
        }
        return 10;
    }
    if (c4 == 'W') {
        Ssize i = 7;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (i < 9) return i;
        return i % 2 == 0 ? 7 : 8;
    }
    return 8;
}

static Obj *datetime_fromisoformat(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromisoformat", n, kw) < 0) return NULL;
    Obj *str = a[0];
    if (!STR_CHECK(str)) {
        vm_err_set_str(&exc_TypeError, "fromisoformat: argument must be str");
        return NULL;
    }
    Ssize len;
    const char *s = str_utf8(str, &len);
    if (!s) {
        vm_err_clear();
        invalid_isoformat(str);
        return NULL;
    }
    Ssize sep = iso_separator(s, len);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, us = 0, off = 0, tzus = 0;
    int rv = sep < 0 || sep > len ? -1 : parse_isoformat_date(s, (size_t)sep, &y, &mo, &d);
    if (!rv && len > sep) rv = parse_isoformat_time(s + sep + 1, (size_t)(len - sep - 1), &h, &mi, &sec, &us, &off, &tzus);
    if (rv < 0) {
        invalid_isoformat(str);
        return NULL;
    }
    Obj *tz = tzinfo_from_iso(rv, off, tzus);
    if (!tz) return NULL;
    Obj *r = new_datetime_cls(cls, y, mo, d, h, mi, sec, us, tz, 0);
    DECREF(tz);
    return r;
}

static Obj *datetime_strptime(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("strptime", "strptime", n, kw, 2, 2) < 0) return NULL;
    for (int i = 0; i < 2; i++)
        if (!STR_CHECK(a[i])) {
            vm_err_format(&exc_TypeError, "strptime() argument %d must be str, not %s", i + 1, arg_name(a[i]));
            return NULL;
        }
    TimeStrptime r;
    if (time_strptime_parse(a[0], a[1], &r) < 0) return NULL;
    Obj *tz = NONE;
    if (r.has_gmtoff) {
        Obj *delta = new_delta_norm(0, r.gmtoff, r.gmtoff_fraction);
        if (!delta) {
            XDECREF(r.tzname);
            return NULL;
        }
        tz = new_timezone(delta, r.tzname && r.tzname != NONE ? r.tzname : NULL);
        DECREF(delta);
        if (!tz) {
            XDECREF(r.tzname);
            return NULL;
        }
    } else {
        INCREF(tz);
    }
    XDECREF(r.tzname);
    Obj *res;
    if (cls == (Obj *)&datetime_type) {
        res = datetime_alloc(&datetime_type, (int)r.year, r.month, r.day, r.hour, r.minute, r.second, r.fraction, tz, 0);
    } else {
        int v[7] = {(int)r.year, r.month, r.day, r.hour, r.minute, r.second, r.fraction};
        Obj *t = ints_tuple(7, v);
        Obj *args[8];
        if (t) {
            for (int i = 0; i < 7; i++) args[i] = TUPLE_ITEMS(t)[i];
            args[7] = tz;
        }
        res = t ? obj_call(cls, args, r.has_gmtoff ? 8 : 7, NULL) : NULL;
        XDECREF(t);
    }
    DECREF(tz);
    return res;
}

static Obj *dt_get_hour(Obj *o, void *c) { (void)c; return int_from_i64(DT(o)->hour); }
static Obj *dt_get_minute(Obj *o, void *c) { (void)c; return int_from_i64(DT(o)->minute); }
static Obj *dt_get_second(Obj *o, void *c) { (void)c; return int_from_i64(DT(o)->second); }
static Obj *dt_get_us(Obj *o, void *c) { (void)c; return int_from_i64(DT(o)->us); }
static Obj *dt_get_fold(Obj *o, void *c) { (void)c; return int_from_i64(DT(o)->fold); }
static Obj *dt_get_tzinfo(Obj *o, void *c) { (void)c; return INCREF(DT(o)->tzinfo); }

static MethodDef datetime_methods[] = {
    {"now", datetime_now, METH_FAST | METH_CLASS, "Returns new datetime object representing current time local to tz."},
    {"utcnow", datetime_utcnow, METH_FAST | METH_CLASS, "Return a new datetime representing UTC day and time."},
    {"fromtimestamp", datetime_fromtimestamp, METH_FAST | METH_CLASS, "timestamp[, tz] -> tz's local time from POSIX timestamp."},
    {"utcfromtimestamp", datetime_utcfromtimestamp, METH_FAST | METH_CLASS, "Construct a naive UTC datetime from a POSIX timestamp."},
    {"strptime", datetime_strptime, METH_FAST | METH_CLASS, "string, format -> new datetime parsed from a string (like time.strptime())."},
    {"combine", datetime_combine, METH_FAST | METH_CLASS, "date, time -> datetime with same date and time fields"},
    {"fromisoformat", datetime_fromisoformat, METH_FAST | METH_CLASS, "string -> datetime from a string in most ISO 8601 formats"},
    {"date", datetime_date, METH_FAST, "Return date object with same year, month and day."},
    {"time", datetime_time, METH_FAST, "Return time object with same time but with tzinfo=None."},
    {"timetz", datetime_timetz, METH_FAST, "Return time object with same time and tzinfo."},
    {"ctime", datetime_ctime, METH_FAST, "Return ctime() style string."},
    {"timetuple", datetime_timetuple, METH_FAST, "Return time tuple, compatible with time.localtime()."},
    {"timestamp", datetime_timestamp, METH_FAST, "Return POSIX timestamp as float."},
    {"utctimetuple", datetime_utctimetuple, METH_FAST, "Return UTC time tuple, compatible with time.localtime()."},
    {"isoformat", datetime_isoformat, METH_FAST, "[sep] -> string in ISO 8601 format, YYYY-MM-DDT[HH[:MM[:SS[.mmm[uuu]]]]][+HH:MM]."},
    {"strftime", datetime_strftime, METH_FAST, "format -> strftime() style string."},
    {"utcoffset", datetime_utcoffset, METH_FAST, "Return self.tzinfo.utcoffset(self)."},
    {"tzname", datetime_tzname, METH_FAST, "Return self.tzinfo.tzname(self)."},
    {"dst", datetime_dst, METH_FAST, "Return self.tzinfo.dst(self)."},
    {"replace", datetime_replace, METH_FAST, "Return datetime with new specified fields."},
    {"astimezone", datetime_astimezone, METH_FAST, "tz -> convert to local time in new timezone tz\n"},
    {"__reduce_ex__", datetime_reduce_ex, METH_FAST, "__reduce_ex__(proto) -> (cls, state)"},
    {"__reduce__", datetime_reduce, METH_FAST, "__reduce__() -> (cls, state)"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef datetime_getset[] = {
    {"hour", dt_get_hour, NULL, NULL, NULL},
    {"minute", dt_get_minute, NULL, NULL, NULL},
    {"second", dt_get_second, NULL, NULL, NULL},
    {"microsecond", dt_get_us, NULL, NULL, NULL},
    {"tzinfo", dt_get_tzinfo, NULL, NULL, NULL},
    {"fold", dt_get_fold, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods datetime_as_number = {.add = datetime_add, .subtract = datetime_sub};

static TypeObj datetime_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.datetime", .basicsize = sizeof(DateTimeObj),
    .flags = TPF_BASETYPE, .tp_base = &date_type, .dealloc = datetime_dealloc, .repr = datetime_repr,
    .str = datetime_str, .hash = datetime_hash, .richcompare = datetime_richcompare,
    .getattro = obj_generic_getattr, .new_ = datetime_new, .as_number = &datetime_as_number,
    .methods = datetime_methods, .getset = datetime_getset,
    .doc = "datetime(year, month, day[, hour[, minute[, second[, microsecond[,tzinfo]]]]])\n\n"
           "The year, month and day arguments are required. tzinfo may be None, or an\n"
           "instance of a tzinfo subclass. The remaining arguments may be ints.\n",
};

/* ---- IsoCalendarDate (a tuple with names) ------------------------------------------------------------------- */

static Obj *isocal_new_raw(int y, int w, int d)
{
    Obj *o = obj_alloc(&isocal_type, 3);
    if (!o) return NULL;
    ((TupleObj *)o)->hash = -1;
    int v[3] = {y, w, d};
    for (int i = 0; i < 3; i++) {
        TUPLE_ITEMS(o)[i] = int_from_i64(v[i]);
        if (!TUPLE_ITEMS(o)[i]) {
            for (int j = i; j < 3; j++) TUPLE_ITEMS(o)[j] = INCREF(NONE);
            DECREF(o);
            return NULL;
        }
    }
    return o;
}

static Obj *isocal_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"year", "week", "weekday"};
    int y, w, d;
    void *outs[3] = {&y, &w, &d};
    if (dt_parse("IsoCalendarDate", args, nargs, kw, names, 3, 3, "iii", outs) < 0) return NULL;
    return isocal_new_raw(y, w, d);
}

static Obj *isocal_repr(Obj *o)
{
    return str_from_fmt("%s(year=%S, week=%S, weekday=%S)", tp_name(o), TUPLE_ITEMS(o)[0], TUPLE_ITEMS(o)[1],
                        TUPLE_ITEMS(o)[2]);
}

static Obj *isocal_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *t = tuple_from_array(TUPLE_ITEMS(o), 3);
    Obj *args = t ? tuple_pack(1, t) : NULL;
    XDECREF(t);
    Obj *r = args ? tuple_pack(2, (Obj *)&tuple_type, args) : NULL;
    XDECREF(args);
    return r;
}

static Obj *isocal_get(Obj *o, void *c) { return INCREF(TUPLE_ITEMS(o)[(intptr_t)c]); }

static MethodDef isocal_methods[] = {
    {"__reduce__", isocal_reduce, METH_FAST, "__reduce__() -> (cls, state)"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef isocal_getset[] = {
    {"year", isocal_get, NULL, NULL, (void *)0},
    {"week", isocal_get, NULL, NULL, (void *)1},
    {"weekday", isocal_get, NULL, NULL, (void *)2},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj isocal_type = {
    .base = TYPE_HEAD_INIT, .name = "datetime.IsoCalendarDate", .basicsize = sizeof(TupleObj),
    .itemsize = sizeof(Obj *), .flags = TPF_GC, .tp_base = &tuple_type, .repr = isocal_repr,
    .new_ = isocal_new, .methods = isocal_methods, .getset = isocal_getset,
};

/* ---- the module --------------------------------------------------------------------------------------------- */

static int set_class_attr(TypeObj *t, const char *name, Obj *v)   /* steals v */
{
    if (!v) return -1;
    int r = dict_set_str(t->dict, name, v);
    DECREF(v);
    type_modified(t);
    return r;
}

static int ready_types(void)
{
    static bool done;
    if (done) return 0;
    TypeObj *types[] = {&delta_type, &date_type, &datetime_type, &time_type, &tzinfo_type, &timezone_type,
                        &isocal_type};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (!(types[i]->flags & TPF_READY) && type_ready(types[i]) < 0) return -1;
    Obj *zero = delta_alloc(&delta_type, 0, 0, 0);
    if (!zero) return -1;
    utc_tz = obj_alloc(&timezone_type, 0);
    if (!utc_tz) {
        DECREF(zero);
        return -1;
    }
    TZ(utc_tz)->offset = zero;
    Obj *tzmin = delta_alloc(&delta_type, -1, 60, 0), *tzmax = delta_alloc(&delta_type, 0, 86340, 0);
    Obj *tz_min = tzmin ? new_timezone(tzmin, NULL) : NULL, *tz_max = tzmax ? new_timezone(tzmax, NULL) : NULL;
    XDECREF(tzmin);
    XDECREF(tzmax);
    if (set_class_attr(&delta_type, "min", delta_alloc(&delta_type, -MAX_DELTA_DAYS, 0, 0)) < 0 ||
        set_class_attr(&delta_type, "max", delta_alloc(&delta_type, MAX_DELTA_DAYS, 86399, 999999)) < 0 ||
        set_class_attr(&delta_type, "resolution", delta_alloc(&delta_type, 0, 0, 1)) < 0 ||
        set_class_attr(&date_type, "min", date_alloc(&date_type, 1, 1, 1)) < 0 ||
        set_class_attr(&date_type, "max", date_alloc(&date_type, MAXYEAR, 12, 31)) < 0 ||
        set_class_attr(&date_type, "resolution", delta_alloc(&delta_type, 1, 0, 0)) < 0 ||
        set_class_attr(&time_type, "min", time_alloc(&time_type, 0, 0, 0, 0, NONE, 0)) < 0 ||
        set_class_attr(&time_type, "max", time_alloc(&time_type, 23, 59, 59, 999999, NONE, 0)) < 0 ||
        set_class_attr(&time_type, "resolution", delta_alloc(&delta_type, 0, 0, 1)) < 0 ||
        set_class_attr(&datetime_type, "min", datetime_alloc(&datetime_type, 1, 1, 1, 0, 0, 0, 0, NONE, 0)) < 0 ||
        set_class_attr(&datetime_type, "max",
                       datetime_alloc(&datetime_type, MAXYEAR, 12, 31, 23, 59, 59, 999999, NONE, 0)) < 0 ||
        set_class_attr(&datetime_type, "resolution", delta_alloc(&delta_type, 0, 0, 1)) < 0 ||
        set_class_attr(&timezone_type, "utc", INCREF(utc_tz)) < 0 ||
        set_class_attr(&timezone_type, "min", tz_min) < 0 || set_class_attr(&timezone_type, "max", tz_max) < 0)
        return -1;
    done = true;
    return 0;
}

static Obj *datetime_init(void)
{
    if (ready_types() < 0) return NULL;
    Obj *m = mh_module("datetime", NULL);
    if (!m) return NULL;
    static const char *const all[] = {"date", "datetime", "time", "timedelta", "timezone", "tzinfo",
                                      "MINYEAR", "MAXYEAR", "UTC"};
    Obj *allt = tuple_new(9);
    if (!allt) goto fail;
    for (int i = 0; i < 9; i++) {
        TUPLE_ITEMS(allt)[i] = str_from_cstr(all[i]);
        if (!TUPLE_ITEMS(allt)[i]) {
            for (int j = i; j < 9; j++) TUPLE_ITEMS(allt)[j] = INCREF(NONE);
            DECREF(allt);
            goto fail;
        }
    }
    if (module_add(m, "__all__", allt) < 0 || module_add(m, "MINYEAR", int_from_i64(MINYEAR)) < 0 ||
        module_add(m, "MAXYEAR", int_from_i64(MAXYEAR)) < 0 || mh_add_obj(m, "date", (Obj *)&date_type) < 0 ||
        mh_add_obj(m, "datetime", (Obj *)&datetime_type) < 0 || mh_add_obj(m, "time", (Obj *)&time_type) < 0 ||
        mh_add_obj(m, "timedelta", (Obj *)&delta_type) < 0 || mh_add_obj(m, "tzinfo", (Obj *)&tzinfo_type) < 0 ||
        mh_add_obj(m, "timezone", (Obj *)&timezone_type) < 0 || mh_add_obj(m, "UTC", utc_tz) < 0)
        goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_datetime_register(void) { import_register_native("datetime", datetime_init); }

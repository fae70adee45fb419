/* mod_math.c — the `math` module of CPython 3.12.
 *
 * Results and errors are 3.12's: one-argument functions convert with
 * float() rules ("must be real number, not str") and report a NaN result
 * from a non-NaN argument as ValueError "math domain error" and an infinite
 * result from a finite argument as OverflowError "math range error" (where
 * the function can overflow) or ValueError; errno from libm is consulted as
 * CPython does (underflow is not an error).  Where CPython does not use libm
 * the same algorithms are written here: gamma/lgamma (Lanczos
 * approximation with g = 6.0247, N = 13, in the form CPython evaluates it),
 * fsum (Shewchuk's exact partials with the final half-even correction),
 * sumprod (triple-length float accumulation with int and generic paths),
 * nextafter with steps (IEEE bit arithmetic).  hypot/dist are computed
 * exactly (GMP) and rounded once, which is what 3.12's compensated
 * algorithm achieves; log of huge ints goes through a correctly rounded
 * frexp.  Integer functions (gcd, lcm, isqrt, factorial, comb, perm) use
 * GMP with CPython's argument checks and messages.
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

/* ---- conversions and error reporting ------------------------------------------ */

static int as_double(Obj *o, double *out)
{
    double d = float_as_double(o);
    if (d == -1.0 && vm_err_occurred()) return -1;
    *out = d;
    return 0;
}

static void domain_error(void) { vm_err_set_str(&exc_ValueError, "math domain error"); }
static void range_error(void) { vm_err_set_str(&exc_OverflowError, "math range error"); }

/* CPython's is_error: errno EDOM is a domain error, ERANGE an overflow
 * unless the result is small (underflow).  Returns 1 when an exception was
 * set. */
static int errno_error(double r)
{
    if (errno == EDOM) {
        domain_error();
        return 1;
    }
    if (errno == ERANGE) {
        if (fabs(r) < 1.5) return 0;
        range_error();
        return 1;
    }
    return 0;
}

static Obj *math_1(const char *qual, Obj *const *args, Ssize nargs, Obj *kw, double (*f)(double),
                   bool can_overflow)
{
    double x, r;
    if (mh_one_arg(qual, nargs, kw) < 0 || as_double(args[0], &x) < 0) return NULL;
    errno = 0;
    r = f(x);
    if (isnan(r) && !isnan(x)) {
        domain_error();
        return NULL;
    }
    if (isinf(r) && isfinite(x)) {
        if (can_overflow) range_error();
        else domain_error();
        return NULL;
    }
    if (isfinite(r) && errno && errno_error(r)) return NULL;
    return float_from_double(r);
}

/* For functions that set errno themselves (gamma, lgamma, erf, erfc). */
static Obj *math_1a(const char *qual, Obj *const *args, Ssize nargs, Obj *kw, double (*f)(double))
{
    double x, r;
    if (mh_one_arg(qual, nargs, kw) < 0 || as_double(args[0], &x) < 0) return NULL;
    errno = 0;
    r = f(x);
    if (errno && errno_error(r)) return NULL;
    return float_from_double(r);
}

/* ---- gamma and lgamma ------------------------------------------------------------ */

/* Lanczos approximation, N = 13, g = 6.024680040776729583740234375: the sum
 * is num(x)/den(x) with den(x) = x(x+1)...(x+11).  Coefficients as
 * published with Boost's lanczos13m53. */
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
};
static const double lanczos_den[LANCZOS_N] = {
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
    13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0,
};
#define NGAMMA_INTEGRAL 23
static double gamma_integral[NGAMMA_INTEGRAL];   /* (k-1)! for k = 1..23, exact */

static double lanczos_sum(double x)
{
    double num = 0.0, den = 0.0;
    /* ascending powers of x for small x, powers of 1/x for large x, so the
     * evaluation cannot overflow */
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num[i];
            den = den * x + lanczos_den[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num[i];
            den = den / x + lanczos_den[i];
        }
    }
    return num / den;
}

/* sin(pi * x) for the reflection formula, exact at integers and halves. */
static double sinpi(double x)
{
    double y = fmod(fabs(x), 2.0), r;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0: r = sin(M_PI * y); break;
    case 1: r = cos(M_PI * (y - 0.5)); break;
    case 2: r = sin(M_PI * (1.0 - y)); break;
    case 3: r = -cos(M_PI * (y - 1.5)); break;
    default: r = sin(M_PI * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

static double tgamma_py(double x)
{
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0) return x;
        errno = EDOM;
        return NAN;
    }
    if (x == 0.0) {
        errno = EDOM;
        return copysign(INFINITY, x);
    }
    if (x == floor(x)) {
        if (x < 0.0) {
            errno = EDOM;
            return NAN;
        }
        if (x <= NGAMMA_INTEGRAL) return gamma_integral[(int)x - 1];
    }
    double absx = fabs(x);
    if (absx < 1e-20) {
        double r = 1.0 / x;
        if (isinf(r)) errno = ERANGE;
        return r;
    }
    if (absx > 200.0) {
        if (x < 0.0) return 0.0 / sinpi(x);
        errno = ERANGE;
        return HUGE_VAL;
    }
    double y = absx + lanczos_g_minus_half, q, z, r;
    /* z = the rounding error of y, scaled: a correction term */
    if (absx > lanczos_g_minus_half) {
        q = y - absx;
        z = q - lanczos_g_minus_half;
    } else {
        q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    if (x < 0.0) {
        r = -M_PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0) {
            r /= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0) {
            r *= pow(y, absx - 0.5);
        } else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if (isinf(r)) errno = ERANGE;
    return r;
}

static double lgamma_py(double x)
{
    if (!isfinite(x)) {
        if (isnan(x)) return x;
        return INFINITY;   /* lgamma(+-inf) = +inf */
    }
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) {
            errno = EDOM;
            return INFINITY;
        }
        return 0.0;   /* lgamma(1) = lgamma(2) = 0 */
    }
    double absx = fabs(x);
    if (absx < 1e-20) return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0) r = log(M_PI) - log(fabs(sinpi(absx))) - log(absx) - r;
    if (isinf(r)) errno = ERANGE;
    return r;
}

/* ---- one-argument functions ---------------------------------------------------------------- */

#define MATH1(name, cfn, ovf)                                                      \
    static Obj *m_##name(Obj *s, Obj *const *a, Ssize n, Obj *kw)                 \
    {                                                                              \
        (void)s;                                                                   \
        return math_1("math." #name, a, n, kw, cfn, ovf);                          \
    }
#define MATH1A(name, cfn)                                                          \
    static Obj *m_##name(Obj *s, Obj *const *a, Ssize n, Obj *kw)                 \
    {                                                                              \
        (void)s;                                                                   \
        return math_1a("math." #name, a, n, kw, cfn);                              \
    }

MATH1(acos, acos, false)
MATH1(acosh, acosh, false)
MATH1(asin, asin, false)
MATH1(asinh, asinh, false)
MATH1(atan, atan, false)
MATH1(atanh, atanh, false)
MATH1(cbrt, cbrt, false)
MATH1(cos, cos, false)
MATH1(cosh, cosh, true)
MATH1(exp, exp, true)
MATH1(exp2, exp2, true)
MATH1(expm1, expm1, true)
MATH1(fabs, fabs, false)
MATH1(log1p, log1p, false)
MATH1(sin, sin, false)
MATH1(sinh, sinh, true)
MATH1(sqrt, sqrt, false)
MATH1(tan, tan, false)
MATH1(tanh, tanh, false)
MATH1A(erf, erf)
MATH1A(erfc, erfc)
MATH1A(gamma, tgamma_py)
MATH1A(lgamma, lgamma_py)

static Obj *m_degrees(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    if (mh_one_arg("math.degrees", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    return float_from_double(x * (180.0 / M_PI));
}

static Obj *m_radians(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    if (mh_one_arg("math.radians", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    return float_from_double(x * (M_PI / 180.0));
}

static Obj *m_isfinite(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    if (mh_one_arg("math.isfinite", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    return bool_from(isfinite(x));
}

static Obj *m_isinf(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    if (mh_one_arg("math.isinf", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    return bool_from(isinf(x));
}

static Obj *m_isnan(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    if (mh_one_arg("math.isnan", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    return bool_from(isnan(x));
}

static Obj *m_frexp(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    int e = 0;
    if (mh_one_arg("math.frexp", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    if (isfinite(x) && x != 0.0) x = frexp(x, &e);
    Obj *m = float_from_double(x), *ex = int_from_i64(e);
    Obj *r = m && ex ? tuple_pack(2, m, ex) : NULL;
    XDECREF(m);
    XDECREF(ex);
    return r;
}

static Obj *m_modf(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, ip, fp;
    if (mh_one_arg("math.modf", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    if (isinf(x)) {
        fp = copysign(0.0, x);
        ip = x;
    } else if (isnan(x)) {
        fp = ip = x;
    } else {
        fp = modf(x, &ip);
    }
    Obj *f = float_from_double(fp), *i = float_from_double(ip);
    Obj *r = f && i ? tuple_pack(2, f, i) : NULL;
    XDECREF(f);
    XDECREF(i);
    return r;
}

static Obj *m_ulp(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x;
    if (mh_one_arg("math.ulp", n, kw) < 0 || as_double(a[0], &x) < 0) return NULL;
    if (isnan(x)) return float_from_double(x);
    x = fabs(x);
    if (isinf(x)) return float_from_double(x);
    double up = nextafter(x, INFINITY);
    if (isinf(up)) return float_from_double(x - nextafter(x, -INFINITY));
    return float_from_double(up - x);
}

/* floor/ceil: exact floats directly, else the type's __floor__/__ceil__,
 * else float(x). */
static Obj *floor_ceil(const char *qual, const char *special, Obj *const *a, Ssize n, Obj *kw,
                       double (*f)(double))
{
    if (mh_one_arg(qual, n, kw) < 0) return NULL;
    double x;
    if (IS_TYPE(a[0], float_type)) {
        x = float_value(a[0]);
    } else {
        int found;
        Obj *r = mh_call_special(a[0], special, NULL, 0, &found);
        if (found || r) return r;
        if (vm_err_occurred() || as_double(a[0], &x) < 0) return NULL;
    }
    return int_from_double(f(x));
}

static Obj *m_floor(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return floor_ceil("math.floor", "__floor__", a, n, kw, floor);
}

static Obj *m_ceil(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return floor_ceil("math.ceil", "__ceil__", a, n, kw, ceil);
}

static Obj *m_trunc(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("math.trunc", n, kw) < 0) return NULL;
    if (IS_TYPE(a[0], float_type)) return int_from_double(trunc(float_value(a[0])));
    int found;
    Obj *r = mh_call_special(a[0], "__trunc__", NULL, 0, &found);
    if (!found && !vm_err_occurred())
        vm_err_format(&exc_TypeError, "type %s doesn't define __trunc__ method", OBJ_TYPE(a[0])->name);
    return r;
}

/* ---- logarithms ---------------------------------------------------------------------- */

/* x * 2**e == |v| with x in [0.5, 1) correctly rounded (round half even). */
static double int_frexp(Obj *v, int64_t *e)
{
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    mpz_abs(z, z);
    size_t bits = mpz_sizeinbase(z, 2);
    double x;
    if (bits <= 53) {
        x = mpz_get_d(z);
        int ee;
        x = frexp(x, &ee);
        *e = ee;
    } else {
        size_t shift = bits - 53;
        bool sticky = mpz_scan1(z, 0) < shift - 1;
        bool half = mpz_tstbit(z, shift - 1);
        mpz_tdiv_q_2exp(z, z, shift);
        uint64_t m = mpz_get_ui(z);
        if (half && (sticky || (m & 1))) m++;
        /* m may have become 2**53: ldexp handles it */
        x = ldexp((double)m, -53);
        *e = (int64_t)bits;
        if (x == 1.0) {
            x = 0.5;
            *e += 1;
        }
    }
    mpz_clear(z);
    return x;
}

static double log_py(double x)
{
    if (isfinite(x)) {
        if (x > 0.0) return log(x);
        errno = EDOM;
        return x == 0.0 ? -INFINITY : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
}

static double log2_py(double x)
{
    if (isfinite(x)) {
        if (x > 0.0) return log2(x);
        errno = EDOM;
        return x == 0.0 ? -INFINITY : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
}

static double log10_py(double x)
{
    if (isfinite(x)) {
        if (x > 0.0) return log10(x);
        errno = EDOM;
        return x == 0.0 ? -INFINITY : NAN;
    }
    if (isnan(x) || x > 0.0) return x;
    errno = EDOM;
    return NAN;
}

/* CPython's loghelper: ints of any size (log of the frexp parts), others
 * through float(). */
static Obj *loghelper(Obj *arg, double (*f)(double))
{
    if (INT_CHECK(arg)) {
        if (int_sign(arg) <= 0) {
            domain_error();
            return NULL;
        }
        int ovf;
        double x = int_as_double(arg, &ovf);
        if (ovf) {
            int64_t e;
            x = int_frexp(arg, &e);
            return float_from_double(f(x) + f(2.0) * (double)e);
        }
        return float_from_double(f(x));
    }
    double x, r;
    if (as_double(arg, &x) < 0) return NULL;
    errno = 0;
    r = f(x);
    if (isnan(r) && !isnan(x)) {
        domain_error();
        return NULL;
    }
    if (isinf(r) && isfinite(x)) {
        domain_error();
        return NULL;
    }
    if (isfinite(r) && errno && errno_error(r)) return NULL;
    return float_from_double(r);
}

static Obj *m_log(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("math.log", "log", n, kw, 1, 2) < 0) return NULL;
    Obj *num = loghelper(a[0], log_py);
    if (!num || n == 1) return num;
    Obj *den = loghelper(a[1], log_py);
    if (!den) {
        DECREF(num);
        return NULL;
    }
    Obj *r = num_binary(num, den, NB_TRUE_DIVIDE);
    DECREF(num);
    DECREF(den);
    return r;
}

static Obj *m_log2(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("math.log2", n, kw) < 0) return NULL;
    return loghelper(a[0], log2_py);
}

static Obj *m_log10(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("math.log10", n, kw) < 0) return NULL;
    return loghelper(a[0], log10_py);
}

/* ---- two-argument functions ------------------------------------------------------------ */

static int two_doubles(const char *qual, const char *name, Obj *const *a, Ssize n, Obj *kw,
                       double *x, double *y)
{
    if (mh_pos_args(qual, name, n, kw, 2, 2) < 0) return -1;
    if (as_double(a[0], x) < 0 || as_double(a[1], y) < 0) return -1;
    return 0;
}

/* CPython's math_2 error rules. */
static Obj *math_2_result(double x, double y, double r)
{
    errno = 0;
    if (isnan(r)) {
        if (!isnan(x) && !isnan(y)) errno = EDOM;
    } else if (isinf(r)) {
        if (isfinite(x) && isfinite(y)) errno = ERANGE;
    }
    if (errno && errno_error(r)) return NULL;
    return float_from_double(r);
}

static Obj *m_atan2(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, y;
    if (two_doubles("math.atan2", "atan2", a, n, kw, &y, &x) < 0) return NULL;
    return math_2_result(y, x, atan2(y, x));
}

static Obj *m_copysign(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, y;
    if (two_doubles("math.copysign", "copysign", a, n, kw, &x, &y) < 0) return NULL;
    return float_from_double(copysign(x, y));
}

static Obj *m_remainder(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, y;
    if (two_doubles("math.remainder", "remainder", a, n, kw, &x, &y) < 0) return NULL;
    double r;
    if (isnan(x)) r = x;
    else if (isnan(y)) r = y;
    else if (isinf(x) || y == 0.0) r = NAN;
    else if (isinf(y)) r = x;
    else r = remainder(x, y);
    return math_2_result(x, y, r);
}

static Obj *m_fmod(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, y;
    if (two_doubles("math.fmod", "fmod", a, n, kw, &x, &y) < 0) return NULL;
    /* fmod(x, +-inf) is x for finite x */
    if (isinf(y) && isfinite(x)) return float_from_double(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) {
        domain_error();
        return NULL;
    }
    return float_from_double(r);
}

static Obj *m_pow(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, y, r;
    if (two_doubles("math.pow", "pow", a, n, kw, &x, &y) < 0) return NULL;
    int err = 0;   /* 1 domain, 2 range */
    if (!isfinite(x) || !isfinite(y)) {
        /* IEEE special values, decided here as C99 Annex F does */
        if (isnan(x)) {
            r = y == 0.0 ? 1.0 : x;
        } else if (isnan(y)) {
            r = x == 1.0 ? 1.0 : y;
        } else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0) r = odd_y ? x : fabs(x);
            else if (y == 0.0) r = 1.0;
            else r = odd_y ? copysign(0.0, x) : 0.0;
        } else {
            if (fabs(x) == 1.0) r = 1.0;
            else if (y > 0.0 && fabs(x) > 1.0) r = y;
            else if (y < 0.0 && fabs(x) < 1.0) r = -y;
            else r = 0.0;
        }
    } else {
        r = pow(x, y);
        if (isnan(r)) err = 1;
        else if (isinf(r)) err = x == 0.0 ? 1 : 2;
    }
    if (err == 1) {
        domain_error();
        return NULL;
    }
    if (err == 2) {
        range_error();
        return NULL;
    }
    return float_from_double(r);
}

static Obj *m_ldexp(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double x, r;
    if (mh_pos_args("math.ldexp", "ldexp", n, kw, 2, 2) < 0 || as_double(a[0], &x) < 0) return NULL;
    if (!INT_CHECK(a[1])) {
        vm_err_set_str(&exc_TypeError, "Expected an int as second argument to ldexp.");
        return NULL;
    }
    int64_t e;
    if (int_as_i64(a[1], &e) < 0) {
        vm_err_clear();
        e = int_sign(a[1]) < 0 ? INT64_MIN : INT64_MAX;
    }
    if (x == 0.0 || !isfinite(x)) {
        r = x;
    } else if (e > INT_MAX) {
        range_error();
        return NULL;
    } else if (e < INT_MIN) {
        r = copysign(0.0, x);
    } else {
        r = ldexp(x, (int)e);
        if (isinf(r)) {
            range_error();
            return NULL;
        }
    }
    return float_from_double(r);
}

static Obj *m_nextafter(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"", "", "steps"};
    Obj *v[3];
    if (n != 2) {
        vm_err_format(&exc_TypeError, "nextafter() takes exactly 2 positional arguments (%zd given)", n);
        return NULL;
    }
    if (args_parse("nextafter", a, n, kw, names, 3, 2, 2, v) < 0) return NULL;
    double x, y;
    if (as_double(v[0], &x) < 0 || as_double(v[1], &y) < 0) return NULL;
    if (!v[2] || v[2] == NONE) return float_from_double(nextafter(x, y));
    Obj *st = num_index(v[2]);
    if (!st) return NULL;
    if (int_sign(st) < 0) {
        DECREF(st);
        vm_err_set_str(&exc_ValueError, "steps must be a non-negative integer");
        return NULL;
    }
    uint64_t steps;
    mpz_t z;
    mpz_init(z);
    int_to_mpz(st, z);
    steps = mpz_fits_ulong_p(z) ? mpz_get_ui(z) : UINT64_MAX;
    mpz_clear(z);
    DECREF(st);
    if (steps == 0) return float_from_double(x);
    if (isnan(x)) return float_from_double(x);
    if (isnan(y)) return float_from_double(y);
    /* Walk the ordered integer encodings of the doubles. */
    uint64_t ux, uy;
    memcpy(&ux, &x, 8);
    memcpy(&uy, &y, 8);
    if (ux == uy) return float_from_double(x);
    const uint64_t sign = (uint64_t)1 << 63;
    uint64_t ax = ux & ~sign, ay = uy & ~sign, ur;
    if ((ux ^ uy) & sign) {
        if (ax + ay <= steps) ur = uy;
        else if (ax < steps) ur = (uy & sign) | (steps - ax);
        else ur = ux - steps;
    } else if (ax > ay) {
        ur = ax - ay >= steps ? ux - steps : uy;
    } else {
        ur = ay - ax >= steps ? ux + steps : uy;
    }
    double r;
    memcpy(&r, &ur, 8);
    return float_from_double(r);
}

static Obj *m_isclose(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    Obj *v[4];
    double x, y, rel, abst;
    if (mh_isclose_bind(a, n, kw, v) < 0 || as_double(v[0], &x) < 0 || as_double(v[1], &y) < 0 ||
        mh_isclose_tolerances(v, &rel, &abst) < 0)
        return NULL;
    if (x == y) return bool_from(true);
    if (isinf(x) || isinf(y)) return bool_from(false);
    double diff = fabs(y - x);
    return bool_from(diff <= fabs(rel * y) || diff <= fabs(rel * x) || diff <= abst);
}

/* ---- hypot and dist -------------------------------------------------------------------- */

/* One coordinate as CPython's hypot/dist read it: exact float, exact int
 * (OverflowError when too large), else float(). */
static int coord(Obj *o, double *out)
{
    if (IS_TYPE(o, float_type)) {
        *out = float_value(o);
        return 0;
    }
    if (IS_TYPE(o, int_type)) {
        int ovf;
        *out = int_as_double(o, &ovf);
        if (ovf) {
            vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
            return -1;
        }
        return 0;
    }
    return as_double(o, out);
}

/* sqrt(sum of v[i]**2) correctly rounded; v[] are finite and non-negative. */
static double exact_norm(const double *v, Ssize n, double max)
{
    if (max == 0.0 || n <= 1) return max;
    int emin = INT_MAX;
    for (Ssize i = 0; i < n; i++)
        if (v[i] != 0.0) {
            int e;
            frexp(v[i], &e);
            if (e - 53 < emin) emin = e - 53;
        }
    /* v[i] = m_i * 2**emin exactly; N = sum m_i**2; result = sqrt(N) * 2**emin */
    mpz_t sum, t, r;
    mpz_inits(sum, t, r, NULL);
    for (Ssize i = 0; i < n; i++) {
        if (v[i] == 0.0) continue;
        int e;
        double m = frexp(v[i], &e);
        mpz_set_d(t, ldexp(m, 53));   /* exact 53-bit integer */
        mpz_mul_2exp(t, t, (mp_bitcnt_t)(e - 53 - emin));
        mpz_mul(t, t, t);
        mpz_add(sum, sum, t);
    }
    /* scale so the root has at least 64 bits */
    size_t bits = mpz_sizeinbase(sum, 2);
    long s = 0;
    if (bits < 130) s = (long)(130 - bits + 1) / 2;
    mpz_mul_2exp(sum, sum, (mp_bitcnt_t)(2 * s));
    mpz_sqrtrem(r, t, sum);
    bool inexact = mpz_sgn(t) != 0;
    size_t rbits = mpz_sizeinbase(r, 2);
    size_t shift = rbits - 53;
    bool sticky = inexact || mpz_scan1(r, 0) < shift - 1;
    bool half = mpz_tstbit(r, shift - 1);
    mpz_tdiv_q_2exp(r, r, shift);
    uint64_t m = mpz_get_ui(r);
    if (half && (sticky || (m & 1))) m++;
    mpz_clears(sum, t, r, NULL);
    return ldexp((double)m, (int)((long)shift - s + emin));
}

static double vector_norm(double *v, Ssize n, double max, bool found_nan)
{
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    return exact_norm(v, n, max);
}

static Obj *m_hypot(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "math.hypot() takes no keyword arguments");
        return NULL;
    }
    double stackbuf[16];
    double *v = n <= 16 ? stackbuf : xmalloc((size_t)n * sizeof(double));
    double max = 0.0;
    bool found_nan = false;
    for (Ssize i = 0; i < n; i++) {
        double x;
        if (coord(a[i], &x) < 0) {
            if (v != stackbuf) free(v);
            return NULL;
        }
        x = fabs(x);
        v[i] = x;
        found_nan |= isnan(x) != 0;
        if (x > max) max = x;
    }
    double r = vector_norm(v, n, max, found_nan);
    if (v != stackbuf) free(v);
    return float_from_double(r);
}

static Obj *m_dist(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("math.dist", "dist", n, kw, 2, 2) < 0) return NULL;
    Obj *p = TUPLE_CHECK(a[0]) ? INCREF(a[0]) : seq_to_tuple(a[0]);
    if (!p) return NULL;
    Obj *q = TUPLE_CHECK(a[1]) ? INCREF(a[1]) : seq_to_tuple(a[1]);
    if (!q) {
        DECREF(p);
        return NULL;
    }
    Obj *res = NULL;
    Ssize m = TUPLE_LEN(p);
    if (m != TUPLE_LEN(q)) {
        vm_err_set_str(&exc_ValueError, "both points must have the same number of dimensions");
        goto out;
    }
    double *v = xmalloc((size_t)(m ? m : 1) * sizeof(double));
    double max = 0.0;
    bool found_nan = false;
    for (Ssize i = 0; i < m; i++) {
        double px, qx;
        if (coord(TUPLE_ITEMS(p)[i], &px) < 0 || coord(TUPLE_ITEMS(q)[i], &qx) < 0) {
            free(v);
            goto out;
        }
        double x = fabs(px - qx);
        v[i] = x;
        found_nan |= isnan(x) != 0;
        if (x > max) max = x;
    }
    res = float_from_double(vector_norm(v, m, max, found_nan));
    free(v);
out:
    DECREF(p);
    DECREF(q);
    return res;
}

/* ---- fsum ------------------------------------------------------------------------------ */

static Obj *m_fsum(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("math.fsum", n, kw) < 0) return NULL;
    Obj *it = obj_getiter(a[0]);
    if (!it) return NULL;
    Ssize np = 0, cap = 32;
    double *p = xmalloc((size_t)cap * sizeof(double));
    double special_sum = 0.0, inf_sum = 0.0, hi = 0.0, lo = 0.0;
    Obj *item;
    while ((item = obj_iternext(it))) {
        double x;
        int rc = as_double(item, &x);
        DECREF(item);
        if (rc < 0) goto fail;
        double xsave = x;
        Ssize i = 0;
        for (Ssize j = 0; j < np; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0) p[i++] = lo;
            x = hi;
        }
        np = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* overflow of finite summands, or an inf/nan summand */
                if (isfinite(xsave)) {
                    vm_err_set_str(&exc_OverflowError, "intermediate overflow in fsum");
                    goto fail;
                }
                if (isinf(xsave)) inf_sum += xsave;
                special_sum += xsave;
                np = 0;
            } else {
                if (np == cap) {
                    cap *= 2;
                    p = xrealloc(p, (size_t)cap * sizeof(double));
                }
                p[np++] = x;
            }
        }
    }
    if (vm_err_occurred()) goto fail;
    DECREF(it);
    if (special_sum != 0.0) {
        free(p);
        if (isnan(inf_sum)) {
            vm_err_set_str(&exc_ValueError, "-inf + inf in fsum");
            return NULL;
        }
        return float_from_double(special_sum);
    }
    hi = 0.0;
    if (np > 0) {
        hi = p[--np];
        /* add from the top while the sum stays exact */
        while (np > 0) {
            double x = hi, y = p[--np];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0) break;
        }
        /* half-way cases: round half even across the remaining partials */
        if (np > 0 && ((lo < 0.0 && p[np - 1] < 0.0) || (lo > 0.0 && p[np - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y;
            if (y == x - hi) hi = x;
        }
    }
    free(p);
    return float_from_double(hi);
fail:
    free(p);
    DECREF(it);
    return NULL;
}

/* ---- prod and sumprod ------------------------------------------------------------------ */

static Obj *m_prod(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"", "start"};
    Obj *v[2];
    if (n != 1) {
        vm_err_format(&exc_TypeError, "prod() takes exactly 1 positional argument (%zd given)", n);
        return NULL;
    }
    if (args_parse("prod", a, n, kw, names, 2, 1, 1, v) < 0) return NULL;
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    Obj *result = v[1] ? INCREF(v[1]) : int_from_i64(1);
    Obj *item;
    while (result && (item = obj_iternext(it))) {
        Obj *r = num_binary(result, item, NB_MULTIPLY);
        DECREF(item);
        DECREF(result);
        result = r;
    }
    DECREF(it);
    if (result && vm_err_occurred()) CLEAR(result);
    return result;
}

/* Exact sums and products of doubles (two-sum and an exact product). */
typedef struct { double hi, lo; } DL;
typedef struct { double hi, lo, tiny; } TL;

static DL dl_sum(double a, double b)
{
    double x = a + b, z = x - a;
    double y = (a - (x - z)) + (b - z);
    return (DL){x, y};
}

static DL dl_mul(double x, double y)
{
    double z = x * y;
    return (DL){z, fma(x, y, -z)};
}

static TL tl_fma(double x, double y, TL t)
{
    DL pr = dl_mul(x, y);
    DL sm = dl_sum(t.hi, pr.hi);
    DL r1 = dl_sum(t.lo, pr.lo);
    DL r2 = dl_sum(r1.hi, sm.lo);
    return (TL){sm.hi, r2.hi, t.tiny + r1.lo + r2.lo};
}

static double tl_to_d(TL t)
{
    DL last = dl_sum(t.lo, t.hi);
    return t.tiny + last.lo + last.hi;
}

static bool add_into(Obj **total, Obj *term)   /* steals term */
{
    if (!term) return false;
    Obj *r = num_binary(*total, term, NB_ADD);
    DECREF(term);
    DECREF(*total);
    *total = r;
    return r != NULL;
}

static bool small_int(Obj *o, int64_t *v)
{
    return IS_TYPE(o, int_type) && int_fits_i64(o) && int_as_i64(o, v) == 0;
}

static Obj *m_sumprod(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("math.sumprod", "sumprod", n, kw, 2, 2) < 0) return NULL;
    Obj *pit = obj_getiter(a[0]);
    if (!pit) return NULL;
    Obj *qit = obj_getiter(a[1]);
    if (!qit) {
        DECREF(pit);
        return NULL;
    }
    Obj *total = int_from_i64(0);
    bool int_path = true, int_used = false, flt_used = false;
    int64_t itotal = 0;
    TL ftotal = {0.0, 0.0, 0.0};
    Obj *p = NULL, *q = NULL;
    for (;;) {
        p = obj_iternext(pit);
        if (!p && vm_err_occurred()) goto fail;
        q = obj_iternext(qit);
        if (!q && vm_err_occurred()) goto fail;
        bool finished = !p && !q;
        if ((p == NULL) != (q == NULL)) {
            vm_err_set_str(&exc_ValueError, "Inputs are not the same length");
            goto fail;
        }
        if (int_path) {
            int64_t ip, iq;
            if (!finished && small_int(p, &ip) && small_int(q, &iq)) {
                int64_t prod;
                if (!__builtin_mul_overflow(ip, iq, &prod) &&
                    !((itotal > 0 && prod > INT64_MAX - itotal) || (itotal < 0 && prod < INT64_MIN - itotal))) {
                    itotal += prod;
                    int_used = true;
                    CLEAR(p);
                    CLEAR(q);
                    continue;
                }
            }
            int_path = false;
            if (int_used) {
                if (!add_into(&total, int_from_i64(itotal))) goto fail;
                itotal = 0;
                int_used = false;
            }
        }
        {
            double fp = 0.0, fq = 0.0;
            bool ok = false;
            if (!finished) {
                bool pf = IS_TYPE(p, float_type), qf = IS_TYPE(q, float_type);
                if (pf && qf) {
                    fp = float_value(p);
                    fq = float_value(q);
                    ok = true;
                } else if (pf && (IS_TYPE(q, int_type) || IS_TYPE(q, bool_type))) {
                    int ovf;
                    fp = float_value(p);
                    fq = int_as_double(q, &ovf);
                    ok = !ovf;
                } else if (qf && (IS_TYPE(p, int_type) || IS_TYPE(p, bool_type))) {
                    int ovf;
                    fq = float_value(q);
                    fp = int_as_double(p, &ovf);
                    ok = !ovf;
                }
            }
            if (ok) {
                TL nt = tl_fma(fp, fq, ftotal);
                if (isfinite(nt.hi)) {
                    ftotal = nt;
                    flt_used = true;
                    CLEAR(p);
                    CLEAR(q);
                    continue;
                }
            }
            if (flt_used) {
                if (!add_into(&total, float_from_double(tl_to_d(ftotal)))) goto fail;
                ftotal = (TL){0.0, 0.0, 0.0};
                flt_used = false;
            }
        }
        if (finished) break;
        Obj *term = num_binary(p, q, NB_MULTIPLY);
        CLEAR(p);
        CLEAR(q);
        if (!add_into(&total, term)) goto fail;
    }
    DECREF(pit);
    DECREF(qit);
    return total;
fail:
    XDECREF(p);
    XDECREF(q);
    XDECREF(total);
    DECREF(pit);
    DECREF(qit);
    return NULL;
}

/* ---- integer functions ------------------------------------------------------------------ */

static Obj *int_abs(Obj *o)
{
    if (int_sign(o) >= 0) return INCREF(o);
    return num_unary(o, UN_NEGATIVE);
}

static Obj *m_gcd(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "math.gcd() takes no keyword arguments");
        return NULL;
    }
    if (n == 0) return int_from_i64(0);
    Obj *first = num_index(a[0]);
    if (!first) return NULL;
    mpz_t g, x;
    mpz_init(g);
    mpz_init(x);
    int_to_mpz(first, g);
    if (n == 1) {
        mpz_clears(g, x, NULL);
        Obj *r = int_abs(first);
        DECREF(first);
        return r;
    }
    DECREF(first);
    mpz_abs(g, g);
    for (Ssize i = 1; i < n; i++) {
        Obj *v = num_index(a[i]);
        if (!v) {
            mpz_clears(g, x, NULL);
            return NULL;
        }
        if (mpz_cmp_ui(g, 1) != 0) {
            int_to_mpz(v, x);
            mpz_gcd(g, g, x);
        }
        DECREF(v);
    }
    Obj *r = int_from_mpz(g);
    mpz_clears(g, x, NULL);
    return r;
}

static Obj *m_lcm(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "math.lcm() takes no keyword arguments");
        return NULL;
    }
    if (n == 0) return int_from_i64(1);
    Obj *first = num_index(a[0]);
    if (!first) return NULL;
    if (n == 1) {
        Obj *r = int_abs(first);
        DECREF(first);
        return r;
    }
    mpz_t l, x;
    mpz_init(l);
    mpz_init(x);
    int_to_mpz(first, l);
    DECREF(first);
    mpz_abs(l, l);
    for (Ssize i = 1; i < n; i++) {
        Obj *v = num_index(a[i]);
        if (!v) {
            mpz_clears(l, x, NULL);
            return NULL;
        }
        if (mpz_sgn(l) != 0) {
            int_to_mpz(v, x);
            mpz_lcm(l, l, x);
        }
        DECREF(v);
    }
    Obj *r = int_from_mpz(l);
    mpz_clears(l, x, NULL);
    return r;
}

static Obj *m_isqrt(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("math.isqrt", n, kw) < 0) return NULL;
    Obj *v = num_index(a[0]);
    if (!v) return NULL;
    if (int_sign(v) < 0) {
        DECREF(v);
        vm_err_set_str(&exc_ValueError, "isqrt() argument must be nonnegative");
        return NULL;
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    DECREF(v);
    mpz_sqrt(z, z);
    Obj *r = int_from_mpz(z);
    mpz_clear(z);
    return r;
}

/* PyLong_AsLongAndOverflow after __index__: 0 fits, 1 / -1 overflow. */
static int index_i64(Obj *o, int64_t *out, int *overflow)
{
    Obj *v = num_index(o);
    if (!v) return -1;
    *overflow = 0;
    if (!int_fits_i64(v)) {
        *overflow = int_sign(v) < 0 ? -1 : 1;
        *out = -1;
    } else {
        int_as_i64(v, out);
    }
    DECREF(v);
    return 0;
}

static Obj *factorial_of(Obj *arg)
{
    int64_t x;
    int ovf;
    if (index_i64(arg, &x, &ovf) < 0) return NULL;
    if (ovf == 1) {
        vm_err_format(&exc_OverflowError, "factorial() argument should not exceed %ld", (long)LONG_MAX);
        return NULL;
    }
    if (ovf == -1 || x < 0) {
        vm_err_set_str(&exc_ValueError, "factorial() not defined for negative values");
        return NULL;
    }
    mpz_t z;
    mpz_init(z);
    mpz_fac_ui(z, (unsigned long)x);
    Obj *r = int_from_mpz(z);
    mpz_clear(z);
    return r;
}

static Obj *m_factorial(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("math.factorial", n, kw) < 0) return NULL;
    return factorial_of(a[0]);
}

/* comb/perm: n and k after __index__ and the sign checks. */
static int nk_args(Obj *const *a, Obj **n, Obj **k)
{
    *n = num_index(a[0]);
    if (!*n) return -1;
    *k = num_index(a[1]);
    if (!*k) {
        DECREF(*n);
        return -1;
    }
    const char *bad = int_sign(*n) < 0 ? "n must be a non-negative integer"
                      : int_sign(*k) < 0 ? "k must be a non-negative integer" : NULL;
    if (bad) {
        vm_err_set_str(&exc_ValueError, bad);
        DECREF(*n);
        DECREF(*k);
        return -1;
    }
    return 0;
}

static Obj *m_comb(Obj *s, Obj *const *a, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("math.comb", "comb", nargs, kw, 2, 2) < 0) return NULL;
    Obj *n, *k;
    if (nk_args(a, &n, &k) < 0) return NULL;
    mpz_t zn, zk, t;
    mpz_inits(zn, zk, t, NULL);
    int_to_mpz(n, zn);
    int_to_mpz(k, zk);
    DECREF(n);
    DECREF(k);
    Obj *r = NULL;
    if (mpz_cmp(zk, zn) > 0) {
        r = int_from_i64(0);
        goto out;
    }
    mpz_sub(t, zn, zk);
    if (mpz_cmp(t, zk) < 0) mpz_set(zk, t);   /* k = min(k, n - k) */
    if (!mpz_fits_slong_p(zk)) {
        vm_err_format(&exc_OverflowError, "min(n - k, k) must not exceed %lld", (long long)LLONG_MAX);
        goto out;
    }
    mpz_bin_ui(t, zn, mpz_get_ui(zk));
    r = int_from_mpz(t);
out:
    mpz_clears(zn, zk, t, NULL);
    return r;
}

static Obj *m_perm(Obj *s, Obj *const *a, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("math.perm", "perm", nargs, kw, 1, 2) < 0) return NULL;
    if (nargs == 1 || a[1] == NONE) {
        Obj *nn = num_index(a[0]);
        if (!nn) return NULL;
        Obj *r = factorial_of(nn);
        DECREF(nn);
        return r;
    }
    Obj *n, *k;
    if (nk_args(a, &n, &k) < 0) return NULL;
    mpz_t zn, zk, t, f;
    mpz_inits(zn, zk, t, f, NULL);
    int_to_mpz(n, zn);
    int_to_mpz(k, zk);
    DECREF(n);
    DECREF(k);
    Obj *r = NULL;
    if (mpz_cmp(zk, zn) > 0) {
        r = int_from_i64(0);
        goto out;
    }
    if (!mpz_fits_slong_p(zk)) {
        vm_err_format(&exc_OverflowError, "k must not exceed %lld", (long long)LLONG_MAX);
        goto out;
    }
    /* n!/(n-k)! = comb(n, k) * k! */
    unsigned long ki = mpz_get_ui(zk);
    mpz_bin_ui(t, zn, ki);
    mpz_fac_ui(f, ki);
    mpz_mul(t, t, f);
    r = int_from_mpz(t);
out:
    mpz_clears(zn, zk, t, f, NULL);
    return r;
}

/* ---- the module ----------------------------------------------------------------------------- */

static const MethodDef math_methods[] = {
    {"acos", m_acos, METH_FAST, NULL},
    {"acosh", m_acosh, METH_FAST, NULL},
    {"asin", m_asin, METH_FAST, NULL},
    {"asinh", m_asinh, METH_FAST, NULL},
    {"atan", m_atan, METH_FAST, NULL},
    {"atan2", m_atan2, METH_FAST, NULL},
    {"atanh", m_atanh, METH_FAST, NULL},
    {"cbrt", m_cbrt, METH_FAST, NULL},
    {"ceil", m_ceil, METH_FAST, NULL},
    {"comb", m_comb, METH_FAST, NULL},
    {"copysign", m_copysign, METH_FAST, NULL},
    {"cos", m_cos, METH_FAST, NULL},
    {"cosh", m_cosh, METH_FAST, NULL},
    {"degrees", m_degrees, METH_FAST, NULL},
    {"dist", m_dist, METH_FAST, NULL},
    {"erf", m_erf, METH_FAST, NULL},
    {"erfc", m_erfc, METH_FAST, NULL},
    {"exp", m_exp, METH_FAST, NULL},
    {"exp2", m_exp2, METH_FAST, NULL},
    {"expm1", m_expm1, METH_FAST, NULL},
    {"fabs", m_fabs, METH_FAST, NULL},
    {"factorial", m_factorial, METH_FAST, NULL},
    {"floor", m_floor, METH_FAST, NULL},
    {"fmod", m_fmod, METH_FAST, NULL},
    {"frexp", m_frexp, METH_FAST, NULL},
    {"fsum", m_fsum, METH_FAST, NULL},
    {"gamma", m_gamma, METH_FAST, NULL},
    {"gcd", m_gcd, METH_FAST, NULL},
    {"hypot", m_hypot, METH_FAST, NULL},
    {"isclose", m_isclose, METH_FAST, NULL},
    {"isfinite", m_isfinite, METH_FAST, NULL},
    {"isinf", m_isinf, METH_FAST, NULL},
    {"isnan", m_isnan, METH_FAST, NULL},
    {"isqrt", m_isqrt, METH_FAST, NULL},
    {"lcm", m_lcm, METH_FAST, NULL},
    {"ldexp", m_ldexp, METH_FAST, NULL},
    {"lgamma", m_lgamma, METH_FAST, NULL},
    {"log", m_log, METH_FAST, NULL},
    {"log10", m_log10, METH_FAST, NULL},
    {"log1p", m_log1p, METH_FAST, NULL},
    {"log2", m_log2, METH_FAST, NULL},
    {"modf", m_modf, METH_FAST, NULL},
    {"pow", m_pow, METH_FAST, NULL},
    {"radians", m_radians, METH_FAST, NULL},
    {"remainder", m_remainder, METH_FAST, NULL},
    {"sin", m_sin, METH_FAST, NULL},
    {"sinh", m_sinh, METH_FAST, NULL},
    {"sqrt", m_sqrt, METH_FAST, NULL},
    {"tan", m_tan, METH_FAST, NULL},
    {"tanh", m_tanh, METH_FAST, NULL},
    {"trunc", m_trunc, METH_FAST, NULL},
    {"prod", m_prod, METH_FAST, NULL},
    {"perm", m_perm, METH_FAST, NULL},
    {"nextafter", m_nextafter, METH_FAST, NULL},
    {"ulp", m_ulp, METH_FAST, NULL},
    {"sumprod", m_sumprod, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *math_init(void)
{
    double f = 1.0;
    for (int k = 1; k <= NGAMMA_INTEGRAL; k++) {
        gamma_integral[k - 1] = f;   /* (k-1)! */
        f *= k;
    }
    Obj *m = mh_module("math", math_methods);
    if (!m) return NULL;
    if (module_add(m, "pi", float_from_double(M_PI)) < 0 ||
        module_add(m, "e", float_from_double(M_E)) < 0 ||
        module_add(m, "tau", float_from_double(2.0 * M_PI)) < 0 ||
        module_add(m, "inf", float_from_double(INFINITY)) < 0 ||
        module_add(m, "nan", float_from_double(NAN)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_math_register(void) { import_register_native("math", math_init); }

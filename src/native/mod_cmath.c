/* mod_cmath.c — the `cmath` module of CPython 3.12, natively.
 *
 * Finite arguments go through the same formulas CPython's cmath uses
 * (square roots with scaling, acos/asin/acosh/asinh from two square roots,
 * atanh's three regimes, log via log1p near the unit circle, exp/cosh/sinh
 * /tanh with their overflow-avoiding branches), so results agree to the
 * last bit and branch cuts keep their signed zeros.  Non-finite arguments
 * take C99 Annex G's special values (the C library's complex functions
 * follow the same table CPython does), and errno-style checks give
 * ValueError "math domain error" / OverflowError "math range error" for the
 * cases CPython reports.
 */
#include "config.h"

#include <complex.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"
#include "src/native/cmath_special.h"

typedef struct {
    double re, im;
} Cpx;

/* What a function reports besides its value (CPython's errno). */
enum { CM_OK = 0, CM_DOMAIN, CM_RANGE };

#define LARGE_DOUBLE (DBL_MAX / 4.)
#define SQRT_LARGE_DOUBLE (1.3407807929942596e+154 / 2.)   /* sqrt(LARGE_DOUBLE) */
#define LOG_LARGE_DOUBLE 708.3964185322641                /* log(LARGE_DOUBLE) */
#define SQRT_DBL_MIN 1.4916681462400413e-154              /* sqrt(DBL_MIN) */
static const double cm_e = 2.718281828459045;

static bool cx_finite(Cpx z) { return isfinite(z.re) && isfinite(z.im); }
static Cpx cx(double re, double im) { return (Cpx){re, im}; }
static Cpx from_c99(double complex c) { return cx(creal(c), cimag(c)); }
/* x + y*I would turn infinities into NaNs and lose signed zeros; C11
 * lays a double complex out as double[2] (CMPLX is missing under clang) */
static double complex to_c99(Cpx z)
{
    double parts[2] = {z.re, z.im};
    double complex c;
    memcpy(&c, parts, sizeof c);
    return c;
}

/* PyArg "D": a complex, __complex__, or a real number (float()/__index__). */
static int arg_complex(Obj *o, Cpx *out)
{
    if (type_is_subtype(OBJ_TYPE(o), &complex_type) && !type_lookup(OBJ_TYPE(o), id_str("__complex__"))) {
        *out = cx(((ComplexObj *)o)->re, ((ComplexObj *)o)->im);
        return 0;
    }
    int found;
    Obj *r = mh_call_special(o, "__complex__", NULL, 0, &found);
    if (found) {
        if (!r) return -1;
        if (!type_is_subtype(OBJ_TYPE(r), &complex_type)) {
            vm_err_format(&exc_TypeError, "__complex__ returned non-complex (type %s)", OBJ_TYPE(r)->name);
            DECREF(r);
            return -1;
        }
        *out = cx(((ComplexObj *)r)->re, ((ComplexObj *)r)->im);
        DECREF(r);
        return 0;
    }
    if (type_is_subtype(OBJ_TYPE(o), &complex_type)) {
        *out = cx(((ComplexObj *)o)->re, ((ComplexObj *)o)->im);
        return 0;
    }
    double d = float_as_double(o);
    if (d == -1.0 && vm_err_occurred()) return -1;
    *out = cx(d, 0.0);
    return 0;
}

static Obj *report(int err, Obj *result)
{
    if (err == CM_DOMAIN || err == CM_RANGE) {
        XDECREF(result);
        if (err == CM_DOMAIN) vm_err_set_str(&exc_ValueError, "math domain error");
        else vm_err_set_str(&exc_OverflowError, "math range error");
        return NULL;
    }
    return result;
}

/* ---- the functions on C values ------------------------------------------------------ */

static Cpx c_sqrt(Cpx z, int *err)
{
    (void)err;
    if (!cx_finite(z)) return from_c99(csqrt(to_c99(z)));
    if (z.re == 0. && z.im == 0.) return cx(0., z.im);
    double ax = fabs(z.re), ay = fabs(z.im), s, d;
    if (ax < DBL_MIN && ay < DBL_MIN) {
        /* scale up subnormals so hypot keeps their precision */
        ax = ldexp(ax, DBL_MANT_DIG);
        s = ldexp(sqrt(ax + hypot(ax, ldexp(ay, DBL_MANT_DIG))), -(DBL_MANT_DIG + 1) / 2);
    } else {
        ax /= 8.;
        s = 2. * sqrt(ax + hypot(ax, ay / 8.));
    }
    d = ay / (2. * s);
    if (z.re >= 0.) return cx(s, copysign(d, z.im));
    return cx(d, copysign(s, z.im));
}

static Cpx c_log_raw(Cpx z, int *err)
{
    if (!cx_finite(z)) return from_c99(clog(to_c99(z)));
    double ax = fabs(z.re), ay = fabs(z.im), re;
    if (ax > LARGE_DOUBLE || ay > LARGE_DOUBLE) {
        re = log(hypot(ax / 2., ay / 2.)) + M_LN2;
    } else if (ax < DBL_MIN && ay < DBL_MIN) {
        if (ax > 0. || ay > 0.) {
            re = log(hypot(ldexp(ax, DBL_MANT_DIG), ldexp(ay, DBL_MANT_DIG))) - DBL_MANT_DIG * M_LN2;
        } else {
            re = -INFINITY;
            *err = CM_DOMAIN;
        }
    } else {
        double h = hypot(ax, ay);
        if (0.71 <= h && h <= 1.73) {
            double am = ax > ay ? ax : ay, an = ax > ay ? ay : ax;
            re = log1p((am - 1) * (am + 1) + an * an) / 2.;
        } else {
            re = log(h);
        }
    }
    return cx(re, atan2(z.im, z.re));
}

static Cpx c_acos(Cpx z, int *err)
{
    if (!cx_finite(z)) return from_c99(cacos(to_c99(z)));
    if (fabs(z.re) > LARGE_DOUBLE || fabs(z.im) > LARGE_DOUBLE) {
        double re = atan2(fabs(z.im), z.re), im;
        if (z.re < 0) im = -copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., z.im);
        else im = copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., -z.im);
        return cx(re, im);
    }
    Cpx s1 = c_sqrt(cx(1. - z.re, -z.im), err), s2 = c_sqrt(cx(1. + z.re, z.im), err);
    return cx(2. * atan2(s1.re, s2.re), asinh(s2.re * s1.im - s2.im * s1.re));
}

static Cpx c_acosh(Cpx z, int *err)
{
    if (!cx_finite(z)) return from_c99(cacosh(to_c99(z)));
    if (fabs(z.re) > LARGE_DOUBLE || fabs(z.im) > LARGE_DOUBLE)
        return cx(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., atan2(z.im, z.re));
    Cpx s1 = c_sqrt(cx(z.re - 1., z.im), err), s2 = c_sqrt(cx(z.re + 1., z.im), err);
    return cx(asinh(s1.re * s2.re + s1.im * s2.im), 2. * atan2(s1.im, s2.re));
}

static Cpx c_asinh(Cpx z, int *err)
{
    if (!cx_finite(z)) return from_c99(casinh(to_c99(z)));
    if (fabs(z.re) > LARGE_DOUBLE || fabs(z.im) > LARGE_DOUBLE) {
        double re;
        if (z.im >= 0) re = copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., z.re);
        else re = -copysign(log(hypot(z.re / 2., z.im / 2.)) + M_LN2 * 2., -z.re);
        return cx(re, atan2(z.im, fabs(z.re)));
    }
    Cpx s1 = c_sqrt(cx(1. + z.im, -z.re), err), s2 = c_sqrt(cx(1. - z.im, z.re), err);
    return cx(asinh(s1.re * s2.im - s2.re * s1.im), atan2(z.im, s1.re * s2.re - s1.im * s2.im));
}

static Cpx c_asin(Cpx z, int *err)
{
    Cpx s = c_asinh(cx(-z.im, z.re), err);
    return cx(s.im, -s.re);
}

static Cpx c_atanh(Cpx z, int *err)
{
    if (!cx_finite(z)) return from_c99(catanh(to_c99(z)));
    if (z.re < 0.) {
        Cpx r = c_atanh(cx(-z.re, -z.im), err);
        return cx(-r.re, -r.im);
    }
    double ay = fabs(z.im);
    if (z.re > SQRT_LARGE_DOUBLE || ay > SQRT_LARGE_DOUBLE) {
        double h = hypot(z.re / 2., z.im / 2.);
        return cx(z.re / h / h / 4., -copysign(M_PI / 2., -z.im));
    }
    if (z.re == 1. && ay < SQRT_DBL_MIN) {
        if (ay == 0.) {
            *err = CM_DOMAIN;
            return cx(INFINITY, z.im);
        }
        return cx(-log(sqrt(ay) / sqrt(hypot(ay, 2.))), copysign(atan2(2., -ay) / 2, z.im));
    }
    return cx(log1p(4. * z.re / ((1 - z.re) * (1 - z.re) + ay * ay)) / 4.,
              -atan2(-2. * z.im, (1 - z.re) * (1 + z.re) - ay * ay) / 2.);
}

static Cpx c_atan(Cpx z, int *err)
{
    Cpx s = c_atanh(cx(-z.im, z.re), err);
    return cx(s.im, -s.re);
}

/* exp, cosh and sinh of an infinite imaginary part are domain errors unless
 * the real part makes the result a NaN anyway. */
static Cpx c_exp(Cpx z, int *err)
{
    if (!cx_finite(z)) {
        if (isinf(z.im) && (isfinite(z.re) || (isinf(z.re) && z.re > 0))) *err = CM_DOMAIN;
        return from_c99(cexp(to_c99(z)));
    }
    Cpx r;
    if (z.re > LOG_LARGE_DOUBLE) {
        double l = exp(z.re - 1.);
        r = cx(l * cos(z.im) * cm_e, l * sin(z.im) * cm_e);
    } else {
        double l = exp(z.re);
        r = cx(l * cos(z.im), l * sin(z.im));
    }
    if (isinf(r.re) || isinf(r.im)) *err = CM_RANGE;
    return r;
}

static Cpx c_cosh(Cpx z, int *err)
{
    if (!cx_finite(z)) {
        if (isinf(z.im) && !isnan(z.re)) *err = CM_DOMAIN;
        return from_c99(ccosh(to_c99(z)));
    }
    Cpx r;
    if (fabs(z.re) > LOG_LARGE_DOUBLE) {
        double x1 = z.re - copysign(1., z.re);
        r = cx(cos(z.im) * cosh(x1) * cm_e, sin(z.im) * sinh(x1) * cm_e);
    } else {
        r = cx(cos(z.im) * cosh(z.re), sin(z.im) * sinh(z.re));
    }
    if (isinf(r.re) || isinf(r.im)) *err = CM_RANGE;
    return r;
}

static Cpx c_sinh(Cpx z, int *err)
{
    if (!cx_finite(z)) {
        if (isinf(z.im) && !isnan(z.re)) *err = CM_DOMAIN;
        return from_c99(csinh(to_c99(z)));
    }
    Cpx r;
    if (fabs(z.re) > LOG_LARGE_DOUBLE) {
        double x1 = z.re - copysign(1., z.re);
        r = cx(cos(z.im) * sinh(x1) * cm_e, sin(z.im) * cosh(x1) * cm_e);
    } else {
        r = cx(cos(z.im) * sinh(z.re), sin(z.im) * cosh(z.re));
    }
    if (isinf(r.re) || isinf(r.im)) *err = CM_RANGE;
    return r;
}

static Cpx c_tanh(Cpx z, int *err)
{
    if (!cx_finite(z)) {
        if (isinf(z.im) && isfinite(z.re)) *err = CM_DOMAIN;
        return from_c99(ctanh(to_c99(z)));
    }
    if (fabs(z.re) > LOG_LARGE_DOUBLE)
        return cx(copysign(1., z.re), 4. * sin(z.im) * cos(z.im) * exp(-2. * fabs(z.re)));
    double tx = tanh(z.re), ty = tan(z.im), cxr = 1. / cosh(z.re), txty = tx * ty;
    double denom = 1. + txty * txty;
    return cx(tx * (1. + ty * ty) / denom, ((ty / denom) * cxr) * cxr);
}

static Cpx c_cos(Cpx z, int *err) { return c_cosh(cx(-z.im, z.re), err); }

static Cpx c_sin(Cpx z, int *err)
{
    Cpx s = c_sinh(cx(-z.im, z.re), err);
    return cx(s.im, -s.re);
}

static Cpx c_tan(Cpx z, int *err)
{
    Cpx s = c_tanh(cx(-z.im, z.re), err);
    return cx(s.im, -s.re);
}

static Cpx c_log10(Cpx z, int *err)
{
    Cpx r = c_log_raw(z, err);
    return cx(r.re / M_LN10, r.im / M_LN10);
}

/* |z| as complex.__abs__: hypot, infinities winning over NaNs. */
static double c_abs(Cpx z, int *err)
{
    if (!cx_finite(z)) {
        if (isinf(z.re)) return fabs(z.re);
        if (isinf(z.im)) return fabs(z.im);
        return NAN;
    }
    double r = hypot(z.re, z.im);
    if (isinf(r)) *err = CM_RANGE;
    return r;
}

/* a / b as complex division does (Smith's method); division by zero is a
 * domain error here, as in cmath.log(z, base). */
static Cpx c_quot(Cpx a, Cpx b, int *err)
{
    double abr = fabs(b.re), abi = fabs(b.im);
    if (abr >= abi) {
        if (abr == 0.0) {
            *err = CM_DOMAIN;
            return cx(0., 0.);
        }
        double ratio = b.im / b.re, denom = b.re + b.im * ratio;
        return cx((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom);
    }
    if (abi >= abr) {
        double ratio = b.re / b.im, denom = b.re * ratio + b.im;
        return cx((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom);
    }
    return cx(NAN, NAN);
}

/* Class of a part for the special-value table: -inf, -0, +0, +inf, nan;
 * -1 for a finite non-zero number. */
static int special_class(double x)
{
    if (isnan(x)) return 4;
    if (isinf(x)) return x < 0 ? 0 : 3;
    if (x == 0.) return signbit(x) ? 1 : 2;
    return -1;
}

/* CPython's answer for a non-finite argument made only of zeros,
 * infinities and NaNs (tools/gen_cmath_special.py); false otherwise. */
static bool special_lookup(const char *fname, Cpx z, Cpx *out, int *err)
{
    int cr = special_class(z.re), ci = special_class(z.im);
    if (cx_finite(z) || cr < 0 || ci < 0) return false;
    for (int f = 0; f < CM_SPECIAL_FUNCS; f++)
        if (!strcmp(cm_special_names[f], fname)) {
            const CmSpecial *e = &cm_special[f][cr][ci];
            *out = cx(e->re, e->im);
            *err = e->err;
            return true;
        }
    return false;
}

/* ---- module functions -------------------------------------------------------------------- */

typedef Cpx (*CFn)(Cpx, int *);

static Obj *cmath_1(const char *qual, Obj *const *args, Ssize nargs, Obj *kw, CFn f)
{
    Cpx z;
    if (mh_one_arg(qual, nargs, kw) < 0 || arg_complex(args[0], &z) < 0) return NULL;
    int err = CM_OK;
    Cpx r;
    if (!special_lookup(qual + 6, z, &r, &err)) r = f(z, &err);
    return report(err, complex_from_doubles(r.re, r.im));
}

#define CMATH_FN(name)                                                        \
    static Obj *cm_##name(Obj *s, Obj *const *a, Ssize n, Obj *kw)           \
    {                                                                         \
        (void)s;                                                              \
        return cmath_1("cmath." #name, a, n, kw, c_##name);                   \
    }
CMATH_FN(sqrt)
CMATH_FN(acos)
CMATH_FN(acosh)
CMATH_FN(asin)
CMATH_FN(asinh)
CMATH_FN(atan)
CMATH_FN(atanh)
CMATH_FN(cos)
CMATH_FN(cosh)
CMATH_FN(sin)
CMATH_FN(sinh)
CMATH_FN(tan)
CMATH_FN(tanh)
CMATH_FN(exp)
CMATH_FN(log10)

static Obj *cm_log(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    Cpx z, base;
    if (mh_pos_args("log", "log", n, kw, 1, 2) < 0 || arg_complex(a[0], &z) < 0) return NULL;
    if (n == 2 && arg_complex(a[1], &base) < 0) return NULL;
    /* as in CPython, the base's logarithm decides the error state: only
     * log(z, base) with base 0 or 1 (or z 0 without a base) is an error */
    int err = CM_OK;
    Cpx r;
    if (!special_lookup("log", z, &r, &err)) r = c_log_raw(z, &err);
    if (n == 2) {
        Cpx lb;
        err = CM_OK;
        if (!special_lookup("log", base, &lb, &err)) lb = c_log_raw(base, &err);
        r = c_quot(r, lb, &err);
    }
    return report(err, complex_from_doubles(r.re, r.im));
}

static Obj *cm_phase(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    Cpx z;
    if (mh_one_arg("cmath.phase", n, kw) < 0 || arg_complex(a[0], &z) < 0) return NULL;
    return float_from_double(atan2(z.im, z.re));
}

static Obj *cm_polar(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    Cpx z;
    if (mh_one_arg("cmath.polar", n, kw) < 0 || arg_complex(a[0], &z) < 0) return NULL;
    int err = CM_OK;
    double r = c_abs(z, &err);
    if (err) return report(err, NULL);
    Obj *ro = float_from_double(r), *po = float_from_double(atan2(z.im, z.re));
    Obj *t = ro && po ? tuple_pack(2, ro, po) : NULL;
    XDECREF(ro);
    XDECREF(po);
    return t;
}

static Obj *cm_rect(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    double r, phi;
    if (mh_pos_args("rect", "rect", n, kw, 2, 2) < 0) return NULL;
    r = float_as_double(a[0]);
    if (r == -1.0 && vm_err_occurred()) return NULL;
    phi = float_as_double(a[1]);
    if (phi == -1.0 && vm_err_occurred()) return NULL;
    Cpx z;
    int err = CM_OK;
    if (special_lookup("rect", cx(r, phi), &z, &err)) {
        /* r and phi both among zeros, infinities and NaNs: CPython's table */
    } else if (!isfinite(r) || !isfinite(phi)) {
        if (isinf(r) && isfinite(phi)) {       /* phi non-zero here */
            if (r > 0) z = cx(copysign(INFINITY, cos(phi)), copysign(INFINITY, sin(phi)));
            else z = cx(-copysign(INFINITY, cos(phi)), -copysign(INFINITY, sin(phi)));
        } else {
            z = cx(NAN, NAN);
            if (isinf(phi)) err = CM_DOMAIN;   /* r finite and non-zero */
        }
    } else if (phi == 0.0) {
        z = cx(r, r * phi);
    } else {
        z = cx(r * cos(phi), r * sin(phi));
    }
    return report(err, complex_from_doubles(z.re, z.im));
}

static Obj *cm_pred(Obj *const *a, Ssize n, Obj *kw, const char *qual, int which)
{
    Cpx z;
    if (mh_one_arg(qual, n, kw) < 0 || arg_complex(a[0], &z) < 0) return NULL;
    if (which == 0) return bool_from(isfinite(z.re) && isfinite(z.im));
    if (which == 1) return bool_from(isinf(z.re) || isinf(z.im));
    return bool_from(isnan(z.re) || isnan(z.im));
}

static Obj *cm_isfinite(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return cm_pred(a, n, kw, "cmath.isfinite", 0);
}

static Obj *cm_isinf(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return cm_pred(a, n, kw, "cmath.isinf", 1);
}

static Obj *cm_isnan(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return cm_pred(a, n, kw, "cmath.isnan", 2);
}

static Obj *cm_isclose(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    Obj *v[4];
    Cpx x, y;
    double rel, abst;
    if (mh_isclose_bind(a, n, kw, v) < 0 || arg_complex(v[0], &x) < 0 || arg_complex(v[1], &y) < 0 ||
        mh_isclose_tolerances(v, &rel, &abst) < 0)
        return NULL;
    if (x.re == y.re && x.im == y.im) return bool_from(true);
    if (isinf(x.re) || isinf(x.im) || isinf(y.re) || isinf(y.im)) return bool_from(false);
    int err = CM_OK;
    double diff = c_abs(cx(x.re - y.re, x.im - y.im), &err);
    return bool_from(diff <= rel * c_abs(y, &err) || diff <= rel * c_abs(x, &err) || diff <= abst);
}

static const MethodDef cmath_methods[] = {
    {"acos", cm_acos, METH_FAST, "Return the arc cosine of z."},
    {"acosh", cm_acosh, METH_FAST, "Return the inverse hyperbolic cosine of z."},
    {"asin", cm_asin, METH_FAST, "Return the arc sine of z."},
    {"asinh", cm_asinh, METH_FAST, "Return the inverse hyperbolic sine of z."},
    {"atan", cm_atan, METH_FAST, "Return the arc tangent of z."},
    {"atanh", cm_atanh, METH_FAST, "Return the inverse hyperbolic tangent of z."},
    {"cos", cm_cos, METH_FAST, "Return the cosine of z."},
    {"cosh", cm_cosh, METH_FAST, "Return the hyperbolic cosine of z."},
    {"exp", cm_exp, METH_FAST, "Return the exponential value e**z."},
    {"isclose", cm_isclose, METH_FAST, "Determine whether two complex numbers are close in value."},
    {"isinf", cm_isinf, METH_FAST, "Checks if the real or imaginary part of z is infinite."},
    {"isfinite", cm_isfinite, METH_FAST, "Return True if both the real and imaginary parts of z are finite, else False."},
    {"isnan", cm_isnan, METH_FAST, "Checks if the real or imaginary part of z not a number (NaN)."},
    {"log", cm_log, METH_FAST, "log(z[, base]) -> the logarithm of z to the given base."},
    {"log10", cm_log10, METH_FAST, "Return the base-10 logarithm of z."},
    {"phase", cm_phase, METH_FAST, "Return argument, also known as the phase angle, of a complex."},
    {"polar", cm_polar, METH_FAST, "Convert a complex from rectangular coordinates to polar coordinates."},
    {"rect", cm_rect, METH_FAST, "Convert from polar coordinates to rectangular coordinates."},
    {"sin", cm_sin, METH_FAST, "Return the sine of z."},
    {"sinh", cm_sinh, METH_FAST, "Return the hyperbolic sine of z."},
    {"sqrt", cm_sqrt, METH_FAST, "Return the square root of z."},
    {"tan", cm_tan, METH_FAST, "Return the tangent of z."},
    {"tanh", cm_tanh, METH_FAST, "Return the hyperbolic tangent of z."},
    {NULL, NULL, 0, NULL},
};

static Obj *cmath_init(void)
{
    Obj *m = mh_module("cmath", cmath_methods);
    if (!m) return NULL;
    if (module_add(m, "pi", float_from_double(M_PI)) < 0 || module_add(m, "e", float_from_double(cm_e)) < 0 ||
        module_add(m, "tau", float_from_double(2 * M_PI)) < 0 ||
        module_add(m, "inf", float_from_double(INFINITY)) < 0 ||
        module_add(m, "infj", complex_from_doubles(0., INFINITY)) < 0 ||
        module_add(m, "nan", float_from_double(NAN)) < 0 ||
        module_add(m, "nanj", complex_from_doubles(0., NAN)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_cmath_register(void) { import_register_native("cmath", cmath_init); }

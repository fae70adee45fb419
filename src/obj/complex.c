/* complex.c — Python's complex (two doubles), CPython 3.12 semantics.
 *
 * An int or float operand is first made a complex with a 0.0 imaginary part
 * (3.12 has no mixed real/complex arithmetic, so (inf+0j)*2 is (inf+nanj)).
 * Division is Smith's algorithm (scale by the larger component of the
 * divisor), as CPython computes it, so quotients match bit for bit.
 * Power: exponents that are small integers (|n| <= 100) use repeated
 * squaring, others the polar formula; a zero base with a negative or
 * complex exponent raises ZeroDivisionError, an infinite result part
 * OverflowError "complex exponentiation".
 * complex(str) accepts CPython's forms: [(] real [(+|-)imag j] [)], imag j,
 * [sign] j, with white space only outside the number and the brackets.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyfmt.h"
#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

typedef struct Cx {
    double re, im;
} Cx;

static bool is_complex(Obj *o)
{
    return IS_TYPE(o, complex_type) || type_is_subtype(OBJ_TYPE(o), &complex_type);
}

static bool is_float(Obj *o)
{
    return IS_TYPE(o, float_type) || type_is_subtype(OBJ_TYPE(o), &float_type);
}

static Cx cx_of(Obj *o)
{
    ComplexObj *c = (ComplexObj *)o;
    Cx r = {c->re, c->im};
    return r;
}

Obj *complex_from_doubles(double re, double im)
{
    ComplexObj *o = (ComplexObj *)obj_alloc(&complex_type, 0);
    if (!o)
        return NULL;
    o->re = re;
    o->im = im;
    return (Obj *)o;
}

static Obj *from_cx(Cx c)
{
    return complex_from_doubles(c.re, c.im);
}

/* An operand as a complex: 1 ok, 0 NotImplemented, -1 error. */
static int operand(Obj *o, Cx *out)
{
    if (is_complex(o)) {
        *out = cx_of(o);
        return 1;
    }
    if (is_float(o)) {
        out->re = float_value(o);
        out->im = 0.0;
        return 1;
    }
    if (INT_CHECK(o)) {
        int ovf;
        out->re = int_as_double(o, &ovf);
        out->im = 0.0;
        if (ovf) {
            vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
            return -1;
        }
        return 1;
    }
    return 0;
}

#define OPERANDS(a, b, x, y)                                                   \
    Cx x, y;                                                                   \
    do {                                                                       \
        int ka_ = operand(a, &x);                                              \
        if (ka_ <= 0)                                                          \
            return ka_ < 0 ? NULL : INCREF(NOTIMPL);                           \
        int kb_ = operand(b, &y);                                              \
        if (kb_ <= 0)                                                          \
            return kb_ < 0 ? NULL : INCREF(NOTIMPL);                           \
    } while (0)

/* ---- the algebra ------------------------------------------------------------ */

static Cx c_prod(Cx a, Cx b)
{
    Cx r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
    return r;
}

/* Smith's algorithm; *zero set when b == 0. */
static Cx c_quot(Cx a, Cx b, bool *zero)
{
    Cx r;
    double abr = fabs(b.re), abi = fabs(b.im);
    if (abr >= abi) {
        if (abr == 0.0) {
            *zero = true;
            r.re = r.im = 0.0;
        } else {
            double ratio = b.im / b.re;
            double denom = b.re + b.im * ratio;
            r.re = (a.re + a.im * ratio) / denom;
            r.im = (a.im - a.re * ratio) / denom;
        }
    } else if (abi >= abr) {
        double ratio = b.re / b.im;
        double denom = b.re * ratio + b.im;
        r.re = (a.re * ratio + a.im) / denom;
        r.im = (a.im * ratio - a.re) / denom;
    } else {                      /* a NaN in b */
        r.re = r.im = NAN;
    }
    return r;
}

static Cx c_powu(Cx x, long n)
{
    Cx r = {1.0, 0.0}, p = x;
    long mask = 1;
    while (mask > 0 && n >= mask) {
        if (n & mask)
            r = c_prod(r, p);
        mask <<= 1;
        p = c_prod(p, p);
    }
    return r;
}

static Cx c_powi(Cx x, long n, bool *zero)
{
    Cx one = {1.0, 0.0};
    if (n > 0)
        return c_powu(x, n);
    return c_quot(one, c_powu(x, -n), zero);
}

static Cx c_pow(Cx a, Cx b, bool *zero)
{
    Cx r;
    if (b.re == 0.0 && b.im == 0.0) {
        r.re = 1.0;
        r.im = 0.0;
    } else if (a.re == 0.0 && a.im == 0.0) {
        if (b.im != 0.0 || b.re < 0.0)
            *zero = true;
        r.re = r.im = 0.0;
    } else {
        double vabs = hypot(a.re, a.im);
        double len = pow(vabs, b.re);
        double at = atan2(a.im, a.re);
        double phase = at * b.re;
        if (b.im != 0.0) {
            len /= exp(at * b.im);
            phase += b.im * log(vabs);
        }
        r.re = len * cos(phase);
        r.im = len * sin(phase);
    }
    return r;
}

/* ---- slots ------------------------------------------------------------------------ */

static Obj *complex_add(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    return complex_from_doubles(x.re + y.re, x.im + y.im);
}

static Obj *complex_sub(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    return complex_from_doubles(x.re - y.re, x.im - y.im);
}

static Obj *complex_mul(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    return from_cx(c_prod(x, y));
}

static Obj *complex_div(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    bool zero = false;
    Cx r = c_quot(x, y, &zero);
    if (zero) {
        vm_err_set_str(&exc_ZeroDivisionError, "complex division by zero");
        return NULL;
    }
    return from_cx(r);
}

static Obj *complex_pow(Obj *a, Obj *b, Obj *m)
{
    if (m && m != NONE) {
        vm_err_set_str(&exc_ValueError, "complex modulo");
        return NULL;
    }
    OPERANDS(a, b, x, y);
    /* CPython judges the result by errno, so the C library's domain and
     * range errors (cos(inf) is EDOM) decide as they do there */
    bool zero = false;
    Cx r;
    errno = 0;
    if (y.im == 0.0 && y.re == floor(y.re) && fabs(y.re) <= 100.0)
        r = c_powi(x, (long)y.re, &zero);
    else
        r = c_pow(x, y, &zero);
    int err = zero ? EDOM : errno;
    if (isinf(r.re) || isinf(r.im)) {
        if (err == 0)
            err = ERANGE;
    } else if (err == ERANGE) {
        err = 0;                      /* underflow is fine */
    }
    if (err == EDOM) {
        vm_err_set_str(&exc_ZeroDivisionError, "0.0 to a negative or complex power");
        return NULL;
    }
    if (err == ERANGE) {
        vm_err_set_str(&exc_OverflowError, "complex exponentiation");
        return NULL;
    }
    return from_cx(r);
}

static Obj *complex_neg(Obj *a)
{
    Cx c = cx_of(a);
    return complex_from_doubles(-c.re, -c.im);
}

static Obj *complex_pos(Obj *a)
{
    if (IS_TYPE(a, complex_type))
        return INCREF(a);
    return from_cx(cx_of(a));
}

static Obj *complex_abs(Obj *a)
{
    Cx c = cx_of(a);
    double r;
    if (isinf(c.re) || isinf(c.im))
        r = HUGE_VAL;                 /* even with a NaN part */
    else if (isnan(c.re) || isnan(c.im))
        r = NAN;
    else {
        r = hypot(c.re, c.im);
        if (isinf(r)) {
            vm_err_set_str(&exc_OverflowError, "absolute value too large");
            return NULL;
        }
    }
    return float_from_double(r);
}

static int complex_bool(Obj *a)
{
    Cx c = cx_of(a);
    return c.re != 0.0 || c.im != 0.0;
}

static Obj *complex_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !is_complex(a))
        return INCREF(NOTIMPL);
    Cx x = cx_of(a);
    bool eq;
    if (INT_CHECK(b)) {
        if (x.im != 0.0) {
            eq = false;
        } else {
            /* exact int/float equality, as float == int */
            Obj *f = float_from_double(x.re);
            if (!f)
                return NULL;
            Obj *r = float_type.richcompare(f, b, CMP_EQ);
            DECREF(f);
            if (!r)
                return NULL;
            eq = r == TRUE_;
            DECREF(r);
        }
    } else if (is_float(b)) {
        eq = x.re == float_value(b) && x.im == 0.0;
    } else if (is_complex(b)) {
        Cx y = cx_of(b);
        eq = x.re == y.re && x.im == y.im;
    } else {
        return INCREF(NOTIMPL);
    }
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Hash complex_hash(Obj *o)
{
    Cx c = cx_of(o);
    const PyHashCfg *h = &pyhash_vm;
    uint64_t addr = (uint64_t)(uintptr_t)o;
    uint64_t hr = isnan(c.re) ? pyhash_pointer(h, addr) : pyhash_double(h, c.re);
    uint64_t hi = isnan(c.im) ? pyhash_pointer(h, addr) : pyhash_double(h, c.im);
    uint64_t x = hr + 1000003 * hi;
    if (x == ~(uint64_t)0)
        x = (uint64_t)-2;
    return (Hash)x;
}

static Obj *complex_repr(Obj *o)
{
    Cx c = cx_of(o);
    SBuf b = SBUF_INIT;
    pyfmt_complex_repr(&b, c.re, c.im);
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

/* ---- complex(str) ----------------------------------------------------------------- */

static bool space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 parsed, 0 malformed. */
static int parse_complex(const char *s, Ssize n, Cx *out)
{
    Ssize i = 0;
    while (i < n && space(s[i]))
        i++;
    while (n > i && space(s[n - 1]))
        n--;
    if (i < n && s[i] == '(') {
        if (s[n - 1] != ')')
            return 0;
        i++;
        n--;
        while (i < n && space(s[i]))
            i++;
        while (n > i && space(s[n - 1]))
            n--;
    }
    double x = 0.0, y = 0.0;
    Cx r = {0.0, 0.0};
    Ssize k = float_parse_prefix(s + i, n - i, &x);
    if (k > 0) {
        i += k;
        if (i < n && (s[i] == 'j' || s[i] == 'J')) {
            r.im = x;
            i++;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            r.re = x;
            k = float_parse_prefix(s + i, n - i, &y);
            if (k > 0) {
                i += k;
            } else {
                y = s[i] == '-' ? -1.0 : 1.0;
                i++;
            }
            if (!(i < n && (s[i] == 'j' || s[i] == 'J')))
                return 0;
            r.im = y;
            i++;
        } else {
            r.re = x;
        }
    } else {
        double sign = 1.0;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            sign = s[i++] == '-' ? -1.0 : 1.0;
        if (!(i < n && (s[i] == 'j' || s[i] == 'J')))
            return 0;
        r.im = sign;
        i++;
    }
    if (i != n)
        return 0;
    *out = r;
    return 1;
}

static Obj *complex_from_str_obj(Obj *o, Cx *out)
{
    Obj *a = str_to_decimal_ascii(o);
    if (!a)
        return NULL;
    Ssize n;
    const char *p = str_utf8(a, &n);
    if (!p) {
        DECREF(a);
        return NULL;
    }
    int ok = 0;
    if (memchr(p, 0, (size_t)n)) {
        ok = 0;
    } else if (memchr(p, '_', (size_t)n)) {
        /* underscores only between digits, then dropped */
        char *clean = malloc((size_t)n + 1);
        if (!clean) {
            DECREF(a);
            vm_err_no_memory();
            return NULL;
        }
        Ssize m = 0;
        for (Ssize i = 0; i < n; i++) {
            if (p[i] == '_') {
                if (i == 0 || i + 1 >= n || !digit(p[i - 1]) || !digit(p[i + 1])) {
                    free(clean);
                    DECREF(a);
                    vm_err_format(&exc_ValueError, "could not convert string to complex: %R", o);
                    return NULL;
                }
                continue;
            }
            clean[m++] = p[i];
        }
        ok = parse_complex(clean, m, out);
        free(clean);
    } else {
        ok = parse_complex(p, n, out);
    }
    DECREF(a);
    if (!ok) {
        vm_err_set_str(&exc_ValueError, "complex() arg is a malformed string");
        return NULL;
    }
    return INCREF(NONE);
}

/* __complex__ of o when its type has one: 1 found (*out set), 0 none, -1 error. */
static int try_complex_method(Obj *o, Cx *out, bool *is_cx)
{
    Obj *f = type_lookup(OBJ_TYPE(o), id_str("__complex__"));
    if (!f)
        return 0;
    DescrGetFn get = OBJ_TYPE(f)->descr_get;
    Obj *bound = get ? get(f, o, (Obj *)OBJ_TYPE(o)) : INCREF(f);
    Obj *r = bound ? obj_call(bound, NULL, 0, NULL) : NULL;
    XDECREF(bound);
    if (!r)
        return -1;
    if (!is_complex(r)) {
        vm_err_format(&exc_TypeError, "__complex__ returned non-complex (type %s)",
                      OBJ_TYPE(r)->name);
        DECREF(r);
        return -1;
    }
    *out = cx_of(r);
    *is_cx = true;
    DECREF(r);
    return 1;
}

static bool real_number(Obj *o)
{
    NumberMethods *nb = OBJ_TYPE(o)->as_number;
    return nb && (nb->float_ || nb->index);
}

static Obj *complex_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"real", "imag"};
    Obj *a[2];
    if (args_parse("complex", args, nargs, kwnames, names, 2, 0, 0, a) < 0)
        return NULL;
    Obj *r = a[0], *i = a[1];
    Cx cr = {0.0, 0.0}, ci = {0.0, 0.0};
    bool cr_cx = false, ci_cx = false;
    if (r && STR_CHECK(r)) {
        if (i) {
            vm_err_set_str(&exc_TypeError, "complex() can't take second arg if first is a string");
            return NULL;
        }
        Obj *ok = complex_from_str_obj(r, &cr);
        if (!ok)
            return NULL;
        DECREF(ok);
        if (t == &complex_type)
            return from_cx(cr);
        ComplexObj *o = (ComplexObj *)obj_alloc(t, 0);
        if (o) {
            o->re = cr.re;
            o->im = cr.im;
        }
        return (Obj *)o;
    }
    if (i && STR_CHECK(i)) {
        vm_err_set_str(&exc_TypeError, "complex() second arg can't be a string");
        return NULL;
    }
    if (r && IS_TYPE(r, complex_type) && !i && t == &complex_type)
        return INCREF(r);
    if (r) {
        int k = try_complex_method(r, &cr, &cr_cx);
        if (k < 0)
            return NULL;
        if (k == 0) {
            if (is_complex(r)) {
                cr = cx_of(r);
                cr_cx = true;
            } else if (real_number(r) || INT_CHECK(r) || is_float(r)) {
                cr.re = float_as_double(r);
                if (cr.re == -1.0 && vm_err_occurred())
                    return NULL;
            } else {
                vm_err_format(&exc_TypeError,
                              "complex() first argument must be a string or a number, not '%s'",
                              OBJ_TYPE(r)->name);
                return NULL;
            }
        }
    }
    if (!i) {
        ci.re = cr.im;
    } else if (is_complex(i)) {
        ci = cx_of(i);
        ci_cx = true;
    } else if (real_number(i) || INT_CHECK(i) || is_float(i)) {
        ci.re = float_as_double(i);
        if (ci.re == -1.0 && vm_err_occurred())
            return NULL;
    } else {
        vm_err_format(&exc_TypeError, "complex() second argument must be a number, not '%s'",
                      OBJ_TYPE(i)->name);
        return NULL;
    }
    /* r + i*1j for complex parts: fold the cross terms back */
    if (ci_cx)
        cr.re -= ci.im;
    if (cr_cx && i)
        ci.re += cr.im;
    ComplexObj *o = (ComplexObj *)obj_alloc(t, 0);
    if (o) {
        o->re = cr.re;
        o->im = ci.re;
    }
    return (Obj *)o;
}

/* ---- methods --------------------------------------------------------------------- */

static Obj *m_conjugate(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    Cx c = cx_of(self);
    return complex_from_doubles(c.re, -c.im);
}

static Obj *m_complex(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return complex_pos(self);
}

static Obj *m_getnewargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    Cx c = cx_of(self);
    Obj *x = float_from_double(c.re), *y = x ? float_from_double(c.im) : NULL;
    Obj *r = y ? tuple_pack(2, x, y) : NULL;
    XDECREF(x);
    XDECREF(y);
    return r;
}

static Obj *m_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "__format__() argument must be str, not %s",
                      args[0] == NONE ? "None" : OBJ_TYPE(args[0])->name);
        return NULL;
    }
    return num_format(self, args[0]);
}

static MethodDef complex_methods[] = {
    {"conjugate", m_conjugate, METH_NOARGS, "Return the complex conjugate of its argument. (3-4j).conjugate() == 3+4j."},
    {"__complex__", m_complex, METH_NOARGS, "Convert this value to exact type complex."},
    {"__getnewargs__", m_getnewargs, METH_NOARGS, NULL},
    {"__format__", m_format, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *get_real(Obj *self, void *closure)
{
    (void)closure;
    return float_from_double(cx_of(self).re);
}

static Obj *get_imag(Obj *self, void *closure)
{
    (void)closure;
    return float_from_double(cx_of(self).im);
}

static GetSetDef complex_getset[] = {
    {"real", get_real, NULL, "the real part of a complex number", NULL},
    {"imag", get_imag, NULL, "the imaginary part of a complex number", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods complex_as_number = {
    .add = complex_add,
    .subtract = complex_sub,
    .multiply = complex_mul,
    .power = complex_pow,
    .negative = complex_neg,
    .positive = complex_pos,
    .absolute = complex_abs,
    .bool_ = complex_bool,
    .true_divide = complex_div,
};

TypeObj complex_type = {
    .base = TYPE_HEAD_INIT,
    .name = "complex",
    .basicsize = sizeof(ComplexObj),
    .flags = TPF_BASETYPE,
    .repr = complex_repr,
    .hash = complex_hash,
    .richcompare = complex_richcompare,
    .new_ = complex_new,
    .as_number = &complex_as_number,
    .methods = complex_methods,
    .getset = complex_getset,
};

/* float.c — Python's float (an IEEE double), with CPython 3.12's semantics.
 *
 * Arithmetic follows CPython exactly where C does not: `%` and `//` take
 * the divisor's sign (fmod then adjust), `**` follows C99 Annex F pow plus
 * Python's rules (0.0 ** negative → ZeroDivisionError, a negative base with
 * a non-integral exponent → complex power, overflow → OverflowError
 * (34, 'Numerical result out of range')), comparisons with ints are exact,
 * round() rounds the exact binary value half to even.
 *
 * Parsing: float(str) strips white space, checks underscores (only between
 * two digits), then accepts [sign] digits[.digits][e[sign]digits] or
 * inf/infinity/nan; the digits go to strtod, which glibc rounds correctly.
 * Nothing calls setlocale, so strtod/snprintf use '.' as in the C locale.
 * repr/str come from pyfmt_float_repr (shortest round-tripping digits).
 */
#include "config.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyfmt.h"
#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

/* ---- construction and conversion --------------------------------------------- */

Obj *float_from_double(double v)
{
    FloatObj *o = (FloatObj *)obj_alloc(&float_type, 0);
    if (!o)
        return NULL;
    o->v = v;
    return (Obj *)o;
}

static bool is_float(Obj *o)
{
    return IS_TYPE(o, float_type) || type_is_subtype(OBJ_TYPE(o), &float_type);
}

double float_as_double(Obj *o)
{
    if (is_float(o))
        return float_value(o);
    /* exact ints directly; an int subclass may override __float__ */
    if (IS_TYPE(o, int_type) || IS_TYPE(o, bool_type)) {
        int ovf;
        double d = int_as_double(o, &ovf);
        if (ovf) {
            vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
            return -1.0;
        }
        return d;
    }
    NumberMethods *nb = OBJ_TYPE(o)->as_number;
    if (nb && nb->float_) {
        Obj *r = nb->float_(o);
        if (!r)
            return -1.0;
        if (!is_float(r)) {
            vm_err_format(&exc_TypeError, "%s.__float__ returned non-float (type %s)",
                          OBJ_TYPE(o)->name, OBJ_TYPE(r)->name);
            DECREF(r);
            return -1.0;
        }
        double d = float_value(r);
        DECREF(r);
        return d;
    }
    if (nb && nb->index) {
        Obj *i = num_index(o);
        if (!i)
            return -1.0;
        double d = float_as_double(i);
        DECREF(i);
        return d;
    }
    vm_err_format(&exc_TypeError, "must be real number, not %s", OBJ_TYPE(o)->name);
    return -1.0;
}

/* A float or int operand as a double: 1 ok, 0 not a number we handle
 * (NotImplemented), -1 error (int too large). */
static int operand(Obj *o, double *out)
{
    if (is_float(o)) {
        *out = float_value(o);
        return 1;
    }
    if (INT_CHECK(o)) {
        int ovf;
        *out = int_as_double(o, &ovf);
        if (ovf) {
            vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
            return -1;
        }
        return 1;
    }
    return 0;
}

#define OPERANDS(a, b, x, y)                                                   \
    double x, y;                                                               \
    do {                                                                       \
        int ka_ = operand(a, &x);                                              \
        if (ka_ <= 0)                                                          \
            return ka_ < 0 ? NULL : INCREF(NOTIMPL);                           \
        int kb_ = operand(b, &y);                                              \
        if (kb_ <= 0)                                                          \
            return kb_ < 0 ? NULL : INCREF(NOTIMPL);                           \
    } while (0)

Hash float_hash_double(double v)
{
    return (Hash)pyhash_signed(&pyhash_vm, pyhash_double(&pyhash_vm, v));
}

static Hash float_hash(Obj *o)
{
    double v = float_value(o);
    if (isnan(v))            /* 3.10+: NaNs hash by identity */
        return (Hash)pyhash_signed(&pyhash_vm, pyhash_pointer(&pyhash_vm, (uint64_t)(uintptr_t)o));
    return float_hash_double(v);
}

/* ---- parsing ------------------------------------------------------------------------ */

static bool ci_prefix(const char *s, Ssize n, const char *word)
{
    Ssize k = (Ssize)strlen(word);
    if (n < k)
        return false;
    for (Ssize i = 0; i < k; i++)
        if ((s[i] | 0x20) != word[i])
            return false;
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

Ssize float_parse_prefix(const char *s, Ssize n, double *out)
{
    Ssize i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    if (ci_prefix(s + i, n - i, "infinity")) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return i + 8;
    }
    if (ci_prefix(s + i, n - i, "inf")) {
        *out = neg ? -HUGE_VAL : HUGE_VAL;
        return i + 3;
    }
    if (ci_prefix(s + i, n - i, "nan")) {
        *out = neg ? -NAN : NAN;
        return i + 3;
    }
    Ssize ndig = 0;
    while (i < n && is_digit(s[i]))
        i++, ndig++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i]))
            i++, ndig++;
    }
    if (ndig == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        Ssize k = i + 1;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        if (k < n && is_digit(s[k])) {
            while (k < n && is_digit(s[k]))
                k++;
            i = k;
        }
    }
    char stackbuf[64];
    char *buf = i < (Ssize)sizeof stackbuf ? stackbuf : malloc((size_t)i + 1);
    if (!buf)
        return 0;
    memcpy(buf, s, (size_t)i);
    buf[i] = '\0';
    *out = strtod(buf, NULL);          /* correctly rounded; ±HUGE_VAL / 0 on range errors */
    if (buf != stackbuf)
        free(buf);
    return i;
}

/* Py_ISSPACE: str input has had Unicode white space turned into ' '. */
static bool ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Text → double as float() parses it: 1 ok, 0 invalid. */
static int parse_float_text(const char *s, Ssize n, double *out)
{
    while (n > 0 && ascii_space(s[0]))
        s++, n--;
    while (n > 0 && ascii_space(s[n - 1]))
        n--;
    if (n == 0)
        return 0;
    const char *p = s;
    char *clean = NULL;
    if (memchr(s, '_', (size_t)n)) {
        /* every underscore sits between two digits; then drop them */
        clean = malloc((size_t)n);
        if (!clean)
            return 0;
        Ssize m = 0;
        for (Ssize i = 0; i < n; i++) {
            if (s[i] == '_') {
                if (i == 0 || i + 1 >= n || !is_digit(s[i - 1]) || !is_digit(s[i + 1])) {
                    free(clean);
                    return 0;
                }
                continue;
            }
            clean[m++] = s[i];
        }
        p = clean;
        n = m;
    }
    Ssize got = float_parse_prefix(p, n, out);
    free(clean);
    return got > 0 && got == n;
}

/* float(o) for a str, bytes or bytearray. */
static Obj *float_from_text_obj(Obj *o)
{
    double v;
    int ok;
    if (STR_CHECK(o)) {
        Obj *a = str_to_decimal_ascii(o);
        if (!a)
            return NULL;
        Ssize n;
        const char *p = str_utf8(a, &n);
        ok = p && memchr(p, 0, (size_t)n) == NULL && parse_float_text(p, n, &v);
        DECREF(a);
    } else {
        const unsigned char *p = BYTES_CHECK(o) ? BYTES_DATA(o) : ((ByteArrayObj *)o)->data;
        Ssize n = VAR_SIZE(o);
        ok = (n == 0 || memchr(p, 0, (size_t)n) == NULL) && parse_float_text((const char *)p, n, &v);
    }
    if (!ok) {
        if (!vm_err_occurred())
            vm_err_format(&exc_ValueError, "could not convert string to float: %R", o);
        return NULL;
    }
    return float_from_double(v);
}

/* float(x) (PyNumber_Float) as an exact float. */
static Obj *float_of(Obj *x)
{
    if (IS_TYPE(x, float_type))
        return INCREF(x);
    NumberMethods *nb = OBJ_TYPE(x)->as_number;
    if (nb && nb->float_) {
        Obj *r = nb->float_(x);
        if (!r || IS_TYPE(r, float_type))
            return r;
        if (!is_float(r)) {
            vm_err_format(&exc_TypeError, "%s.__float__ returned non-float (type %s)",
                          OBJ_TYPE(x)->name, OBJ_TYPE(r)->name);
            DECREF(r);
            return NULL;
        }
        double d = float_value(r);
        DECREF(r);
        return float_from_double(d);
    }
    if (nb && nb->index) {
        Obj *i = num_index(x);
        if (!i)
            return NULL;
        double d = float_as_double(i);
        DECREF(i);
        if (d == -1.0 && vm_err_occurred())
            return NULL;
        return float_from_double(d);
    }
    if (is_float(x))
        return float_from_double(float_value(x));
    if (STR_CHECK(x) || BYTES_CHECK(x) || type_is_subtype(OBJ_TYPE(x), &bytearray_type))
        return float_from_text_obj(x);
    vm_err_format(&exc_TypeError, "float() argument must be a string or a real number, not '%s'",
                  OBJ_TYPE(x)->name);
    return NULL;
}

static Obj *float_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        vm_err_set_str(&exc_TypeError, "float() takes no keyword arguments");
        return NULL;
    }
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "float expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    Obj *v = nargs ? float_of(args[0]) : float_from_double(0.0);
    if (!v || t == &float_type)
        return v;
    FloatObj *o = (FloatObj *)obj_alloc(t, 0);
    if (o)
        o->v = float_value(v);
    DECREF(v);
    return (Obj *)o;
}

/* ---- arithmetic ---------------------------------------------------------------------- */

static Obj *float_add(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    return float_from_double(x + y);
}

static Obj *float_sub(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    return float_from_double(x - y);
}

static Obj *float_mul(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    return float_from_double(x * y);
}

static Obj *float_div(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) {
        vm_err_set_str(&exc_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return float_from_double(x / y);
}

/* Python's x % y: the result has the sign of y. */
static double py_mod(double x, double y)
{
    double mod = fmod(x, y);
    if (mod != 0.0) {
        if ((y < 0) != (mod < 0))
            mod += y;
    } else {
        mod = copysign(0.0, y);
    }
    return mod;
}

/* Python's divmod for doubles (y != 0). */
static void py_divmod(double x, double y, double *fdiv, double *fmodv)
{
    double mod = fmod(x, y);
    double div = (x - mod) / y;
    if (mod != 0.0) {
        if ((y < 0) != (mod < 0)) {
            mod += y;
            div -= 1.0;
        }
    } else {
        mod = copysign(0.0, y);
    }
    double floordiv;
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, x / y);
    }
    *fdiv = floordiv;
    *fmodv = mod;
}

static Obj *float_mod(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) {
        vm_err_set_str(&exc_ZeroDivisionError, "float modulo");
        return NULL;
    }
    return float_from_double(py_mod(x, y));
}

static Obj *float_floordiv(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) {
        vm_err_set_str(&exc_ZeroDivisionError, "float floor division by zero");
        return NULL;
    }
    double d, m;
    py_divmod(x, y, &d, &m);
    return float_from_double(d);
}

static Obj *float_divmod(Obj *a, Obj *b)
{
    OPERANDS(a, b, x, y);
    if (y == 0.0) {
        vm_err_set_str(&exc_ZeroDivisionError, "float divmod()");
        return NULL;
    }
    double d, m;
    py_divmod(x, y, &d, &m);
    Obj *fd = float_from_double(d), *fm = fd ? float_from_double(m) : NULL;
    Obj *r = fm ? tuple_pack(2, fd, fm) : NULL;
    XDECREF(fd);
    XDECREF(fm);
    return r;
}

static bool is_odd_integer(double x)
{
    return fmod(fabs(x), 2.0) == 1.0;
}

/* OverflowError(34, 'Numerical result out of range'), as PyErr_SetFromErrno. */
static void erange_error(void)
{
    Obj *args[2];
    args[0] = int_from_i64(ERANGE);
    args[1] = args[0] ? str_from_cstr("Numerical result out of range") : NULL;
    Obj *e = args[1] ? obj_call((Obj *)&exc_OverflowError, args, 2, NULL) : NULL;
    XDECREF(args[0]);
    XDECREF(args[1]);
    if (e)
        vm_err_set_obj(&exc_OverflowError, e);
    XDECREF(e);
}

/* ValueError(errno, strerror) for an unexpected C library error. */
static void errno_error(int err)
{
    Obj *args[2];
    args[0] = int_from_i64(err);
    args[1] = args[0] ? str_from_cstr(strerror(err)) : NULL;
    Obj *e = args[1] ? obj_call((Obj *)&exc_ValueError, args, 2, NULL) : NULL;
    XDECREF(args[0]);
    XDECREF(args[1]);
    if (e)
        vm_err_set_obj(&exc_ValueError, e);
    XDECREF(e);
}

static Obj *float_pow(Obj *a, Obj *b, Obj *m)
{
    if (m && m != NONE) {
        vm_err_set_str(&exc_TypeError,
                       "pow() 3rd argument not allowed unless all arguments are integers");
        return NULL;
    }
    OPERANDS(a, b, iv, iw);
    if (iw == 0.0)
        return float_from_double(1.0);
    if (isnan(iv))
        return float_from_double(iv);
    if (isnan(iw))
        return float_from_double(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        double av = fabs(iv);
        if (av == 1.0)
            return float_from_double(1.0);
        if ((iw > 0.0) == (av > 1.0))
            return float_from_double(fabs(iw));
        return float_from_double(0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0.0)
            return float_from_double(odd ? iv : fabs(iv));
        return float_from_double(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        if (iw < 0.0) {
            vm_err_set_str(&exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
            return NULL;
        }
        return float_from_double(is_odd_integer(iw) ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != floor(iw))      /* fractional power of a negative: complex */
            return complex_type.as_number->power(a, b, m);
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0)
        return float_from_double(negate ? -1.0 : 1.0);
    /* as CPython: errno from the C library, inf → ERANGE, underflow to 0 fine */
    errno = 0;
    double r = pow(iv, iw);
    int err = errno;
    if (err == 0) {
        if (isinf(r))
            err = ERANGE;
    } else if (err == ERANGE && r == 0.0) {
        err = 0;
    }
    if (negate)
        r = -r;
    if (err == ERANGE) {
        erange_error();
        return NULL;
    }
    if (err != 0) {
        errno_error(err);
        return NULL;
    }
    return float_from_double(r);
}

static Obj *float_neg(Obj *a)
{
    return float_from_double(-float_value(a));
}

static Obj *float_pos(Obj *a)
{
    return IS_TYPE(a, float_type) ? INCREF(a) : float_from_double(float_value(a));
}

static Obj *float_abs(Obj *a)
{
    return float_from_double(fabs(float_value(a)));
}

static int float_bool(Obj *a)
{
    return float_value(a) != 0.0;
}

static Obj *float_int(Obj *a)
{
    return int_from_double(float_value(a));
}

static Obj *float_float(Obj *a)
{
    return float_pos(a);
}

/* ---- comparison ---------------------------------------------------------------------- */

/* Sign of (i - d) for an int i and a finite double d, exactly. */
static int int_cmp_double(Obj *i, double d)
{
    IntObj *io = (IntObj *)i;
    const int64_t lim = (int64_t)1 << 53;
    if (!io->big && io->v >= -lim && io->v <= lim) {
        double x = (double)io->v;          /* exact */
        return (x > d) - (x < d);
    }
    double f = floor(d);
    mpz_t zi, zf;
    mpz_init(zi);
    mpz_init(zf);
    int_to_mpz(i, zi);
    mpz_set_d(zf, f);                      /* exact: f is integral */
    int c = mpz_cmp(zi, zf);
    mpz_clear(zi);
    mpz_clear(zf);
    if (c != 0)
        return c > 0 ? 1 : -1;
    return d > f ? -1 : 0;
}

static Obj *cmp_result(int c, int op)
{
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return bool_from(r);
}

static Obj *float_richcompare(Obj *a, Obj *b, int op)
{
    if (!is_float(a))
        return INCREF(NOTIMPL);
    double x = float_value(a);
    if (is_float(b)) {
        double y = float_value(b);
        if (isnan(x) || isnan(y))
            return bool_from(op == CMP_NE);
        return cmp_result((x > y) - (x < y), op);
    }
    if (INT_CHECK(b)) {
        if (isnan(x))
            return bool_from(op == CMP_NE);
        if (isinf(x))
            return cmp_result(x > 0 ? 1 : -1, op);
        return cmp_result(-int_cmp_double(b, x), op);
    }
    return INCREF(NOTIMPL);
}

/* ---- repr ------------------------------------------------------------------------------ */

static Obj *float_repr(Obj *o)
{
    SBuf b = SBUF_INIT;
    pyfmt_float_repr(&b, float_value(o));
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

/* ---- round ------------------------------------------------------------------------------- */

/* |x| = m * 2**e, m a 53-bit integer (x finite, non-zero). */
static void split(double x, uint64_t *m, int *e)
{
    int ex;
    double f = frexp(fabs(x), &ex);        /* f in [0.5, 1) */
    *m = (uint64_t)ldexp(f, 53);
    *e = ex - 53;
}

/* x rounded to ndigits decimal places (half to even on the exact value),
 * -308 <= ndigits <= 323, x finite and non-zero. */
static Obj *round_digits(double x, long nd)
{
    uint64_t m;
    int e;
    split(x, &m, &e);
    mpz_t num, den, q, r;
    mpz_init(num);
    mpz_init(den);
    mpz_init(q);
    mpz_init(r);
    mpz_import(num, 1, -1, sizeof m, 0, 0, &m);
    mpz_set_ui(den, 1);
    if (e >= 0)
        mpz_mul_2exp(num, num, (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(den, den, (mp_bitcnt_t)-e);
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)(nd >= 0 ? nd : -nd));
    if (nd >= 0)
        mpz_mul(num, num, p);
    else
        mpz_mul(den, den, p);
    mpz_clear(p);
    mpz_fdiv_qr(q, r, num, den);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, den);
    if (c > 0 || (c == 0 && mpz_odd_p(q)))
        mpz_add_ui(q, q, 1);
    /* q * 10**-nd, read back by strtod (correctly rounded) */
    char *digits = mpz_get_str(NULL, 10, q);
    size_t dl = strlen(digits);
    char *buf = malloc(dl + 32);
    double v = 0.0;
    if (buf) {
        snprintf(buf, dl + 32, "%se%ld", digits, -nd);
        errno = 0;
        v = strtod(buf, NULL);
        free(buf);
    }
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(digits, dl + 1);
    mpz_clear(num);
    mpz_clear(den);
    mpz_clear(q);
    mpz_clear(r);
    if (!buf) {
        vm_err_no_memory();
        return NULL;
    }
    if (isinf(v)) {
        vm_err_set_str(&exc_OverflowError, "rounded value too large to represent");
        return NULL;
    }
    return float_from_double(copysign(v, x));
}

static Obj *m_round(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("__round__", kwnames) < 0 || args_count("__round__", nargs, 0, 1) < 0)
        return NULL;
    double x = float_value(self);
    if (nargs == 0 || args[0] == NONE)
        return int_from_double(nearbyint(x));     /* ties to even (default mode) */
    Obj *o = num_index(args[0]);
    if (!o)
        return NULL;
    Ssize nd = num_as_ssize(o, NULL);
    DECREF(o);
    if (!isfinite(x) || x == 0.0)
        return float_from_double(x);
    if (nd > 323)
        return float_from_double(x);
    if (nd < -308)
        return float_from_double(0.0 * x);
    return round_digits(x, (long)nd);
}

/* ---- methods --------------------------------------------------------------------------------- */

static Obj *m_conjugate(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return float_pos(self);
}

static Obj *m_is_integer(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    double x = float_value(self);
    return bool_from(isfinite(x) && floor(x) == x);
}

static Obj *m_trunc(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return int_from_double(float_value(self));
}

static Obj *m_floor(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return int_from_double(floor(float_value(self)));
}

static Obj *m_ceil(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return int_from_double(ceil(float_value(self)));
}

static Obj *m_as_integer_ratio(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    double x = float_value(self);
    if (isinf(x)) {
        vm_err_set_str(&exc_OverflowError, "cannot convert Infinity to integer ratio");
        return NULL;
    }
    if (isnan(x)) {
        vm_err_set_str(&exc_ValueError, "cannot convert NaN to integer ratio");
        return NULL;
    }
    mpz_t n, d;
    mpz_init(n);
    mpz_init_set_ui(d, 1);
    if (x != 0.0) {
        uint64_t m;
        int e;
        split(x, &m, &e);
        while (e < 0 && !(m & 1)) {
            m >>= 1;
            e++;
        }
        mpz_import(n, 1, -1, sizeof m, 0, 0, &m);
        if (e >= 0)
            mpz_mul_2exp(n, n, (mp_bitcnt_t)e);
        else
            mpz_mul_2exp(d, d, (mp_bitcnt_t)-e);
        if (x < 0)
            mpz_neg(n, n);
    }
    Obj *on = int_from_mpz(n), *od = on ? int_from_mpz(d) : NULL;
    mpz_clear(n);
    mpz_clear(d);
    Obj *r = od ? tuple_pack(2, on, od) : NULL;
    XDECREF(on);
    XDECREF(od);
    return r;
}

static Obj *m_hex(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    double x = float_value(self);
    if (isnan(x) || isinf(x))
        return float_repr(self);
    char buf[64];
    if (x == 0.0) {
        snprintf(buf, sizeof buf, "%s0x0.0p+0", signbit(x) ? "-" : "");
        return str_from_cstr(buf);
    }
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    static const char hexd[] = "0123456789abcdef";
    int k = 0;
    if (x < 0)
        buf[k++] = '-';
    buf[k++] = '0';
    buf[k++] = 'x';
    int d = (int)m;
    buf[k++] = hexd[d];
    m -= d;
    buf[k++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
        m *= 16.0;
        d = (int)m;
        buf[k++] = hexd[d];
        m -= d;
    }
    snprintf(buf + k, sizeof buf - (size_t)k, "p%+d", e);
    return str_from_cstr(buf);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* float.fromhex(s): [sign] (inf | infinity | nan | [0x] hex[.hex] [p[sign]dec]) */
static Obj *m_fromhex(Obj *cls, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Obj *so = args[0];
    if (!STR_CHECK(so)) {
        vm_err_set_str(&exc_TypeError, "bad argument type for built-in operation");
        return NULL;
    }
    Ssize n;
    const char *s = str_utf8_lossy(so, &n);
    Ssize i = 0;
    while (i < n && ascii_space(s[i]))
        i++;
    while (n > i && ascii_space(s[n - 1]))
        n--;
    double v = 0.0;
    bool ok = false;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    if (ci_prefix(s + i, n - i, "infinity") && n - i == 8) {
        v = HUGE_VAL;
        ok = true;
    } else if (ci_prefix(s + i, n - i, "inf") && n - i == 3) {
        v = HUGE_VAL;
        ok = true;
    } else if (ci_prefix(s + i, n - i, "nan") && n - i == 3) {
        v = NAN;
        ok = true;
    } else {
        if (i + 1 < n && s[i] == '0' && (s[i + 1] | 0x20) == 'x')
            i += 2;
        SBuf b = SBUF_INIT;
        sbuf_puts(&b, "0x");
        Ssize nd = 0;
        while (i < n && hex_digit(s[i]) >= 0)
            sbuf_putc(&b, s[i++]), nd++;
        if (i < n && s[i] == '.') {
            sbuf_putc(&b, s[i++]);
            while (i < n && hex_digit(s[i]) >= 0)
                sbuf_putc(&b, s[i++]), nd++;
        }
        long long exp = 0;
        bool exp_ok = true;
        if (nd > 0 && i < n && (s[i] | 0x20) == 'p') {
            i++;
            bool eneg = false;
            if (i < n && (s[i] == '+' || s[i] == '-'))
                eneg = s[i++] == '-';
            exp_ok = i < n && is_digit(s[i]);
            while (i < n && is_digit(s[i])) {
                if (exp < 100000000)              /* saturate: beyond is 0 or inf anyway */
                    exp = exp * 10 + (s[i] - '0');
                i++;
            }
            if (eneg)
                exp = -exp;
        }
        if (nd > 0 && exp_ok && i == n) {
            sbuf_printf(&b, "p%lld", exp);
            v = strtod(sbuf_cstr(&b), NULL);   /* hex: exact, round-half-even */
            ok = true;
            if (isinf(v)) {
                sbuf_free(&b);
                vm_err_set_str(&exc_OverflowError,
                               "hexadecimal value too large to represent as a float");
                return NULL;
            }
        }
        sbuf_free(&b);
    }
    if (!ok) {
        vm_err_set_str(&exc_ValueError, "invalid hexadecimal floating-point string");
        return NULL;
    }
    Obj *r = float_from_double(neg ? -v : v);
    if (!r || cls == (Obj *)&float_type)
        return r;
    Obj *c = obj_call(cls, &r, 1, NULL);
    DECREF(r);
    return c;
}

static Obj *m_getformat(Obj *cls, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)cls; (void)nargs; (void)kwnames;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "__getformat__() argument must be str, not %s",
                      OBJ_TYPE(args[0])->name);
        return NULL;
    }
    if (!str_eq_cstr(args[0], "double") && !str_eq_cstr(args[0], "float")) {
        vm_err_set_str(&exc_ValueError, "__getformat__() argument 1 must be 'double' or 'float'");
        return NULL;
    }
    return str_from_cstr("IEEE, little-endian");
}

static Obj *m_getnewargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    Obj *v = float_from_double(float_value(self));
    if (!v)
        return NULL;
    Obj *r = tuple_pack(1, v);
    DECREF(v);
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

static MethodDef float_methods[] = {
    {"conjugate", m_conjugate, METH_NOARGS, "Return self, the complex conjugate of any float."},
    {"__trunc__", m_trunc, METH_NOARGS, "Return the Integral closest to x between 0 and x."},
    {"__floor__", m_floor, METH_NOARGS, "Return the floor as an Integral."},
    {"__ceil__", m_ceil, METH_NOARGS, "Return the ceiling as an Integral."},
    {"__round__", m_round, METH_FAST, NULL},
    {"as_integer_ratio", m_as_integer_ratio, METH_NOARGS, NULL},
    {"fromhex", m_fromhex, METH_O | METH_CLASS, NULL},
    {"hex", m_hex, METH_NOARGS, NULL},
    {"is_integer", m_is_integer, METH_NOARGS, "Return True if the float is an integer."},
    {"__getnewargs__", m_getnewargs, METH_NOARGS, NULL},
    {"__getformat__", m_getformat, METH_O | METH_CLASS, NULL},
    {"__format__", m_format, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *get_real(Obj *self, void *closure)
{
    (void)closure;
    return float_pos(self);
}

static Obj *get_imag(Obj *self, void *closure)
{
    (void)self; (void)closure;
    return float_from_double(0.0);
}

static GetSetDef float_getset[] = {
    {"real", get_real, NULL, "the real part of a complex number", NULL},
    {"imag", get_imag, NULL, "the imaginary part of a complex number", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods float_as_number = {
    .add = float_add,
    .subtract = float_sub,
    .multiply = float_mul,
    .remainder = float_mod,
    .divmod = float_divmod,
    .power = float_pow,
    .negative = float_neg,
    .positive = float_pos,
    .absolute = float_abs,
    .bool_ = float_bool,
    .int_ = float_int,
    .float_ = float_float,
    .floor_divide = float_floordiv,
    .true_divide = float_div,
};

TypeObj float_type = {
    .base = TYPE_HEAD_INIT,
    .name = "float",
    .basicsize = sizeof(FloatObj),
    .flags = TPF_BASETYPE,
    .repr = float_repr,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .new_ = float_new,
    .as_number = &float_as_number,
    .methods = float_methods,
    .getset = float_getset,
    .doc = "Convert a string or number to a floating point number, if possible.",
};

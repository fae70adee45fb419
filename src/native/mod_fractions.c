/* mod_fractions.c — the `fractions` module of CPython 3.12 (Fraction), natively.
 *
 * A Fraction keeps its numerator and denominator as VM ints, coprime with
 * a positive denominator; arithmetic is done on GMP integers and the
 * result normalised, which gives exactly the value (and so the repr and
 * str) CPython's fractions.py computes.  Mixed arithmetic follows
 * _operator_fallbacks: int and Fraction stay exact, float and complex
 * operands turn the Fraction into a float (complex) first.  Hashes are
 * CPython's (the inverse of the denominator modulo 2**61 - 1), so
 * Fraction(1, 2) == 0.5 hash alike.  Construction accepts ints, Fractions,
 * floats (as_integer_ratio) and strings (CPython's _RATIONAL_FORMAT through
 * the VM's `re`); __format__ implements 3.12's float-style presentation
 * types with exact round-half-even.  Decimals convert exactly (as_integer_ratio).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

typedef struct Frac { Obj base; Obj *num, *den; } Frac;
static TypeObj fraction_type;
static Obj *fraction_cls;   /* the class users see: a heap subclass of fraction_type */
#define FRACTION ((TypeObj *)fraction_cls)
#define FR(o) ((Frac *)(o))

static bool frac_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &fraction_type); }

static void frac_dealloc(Obj *o)
{
    XDECREF(FR(o)->num);
    XDECREF(FR(o)->den);
    obj_free(o);
}

/* A Fraction of type t from n/d already coprime with d > 0 (_from_coprime_ints). */
static Obj *frac_raw(TypeObj *t, const mpz_t n, const mpz_t d)
{
    Frac *f = (Frac *)obj_alloc(t, 0);
    if (!f) return NULL;
    f->num = int_from_mpz(n);
    f->den = int_from_mpz(d);
    if (!f->num || !f->den) {
        DECREF(f);
        return NULL;
    }
    return (Obj *)f;
}

/* n/d normalised (gcd, sign of d); d != 0 */
static Obj *frac_norm(TypeObj *t, mpz_t n, mpz_t d)
{
    mpz_t g;
    mpz_init(g);
    mpz_gcd(g, n, d);
    if (mpz_sgn(d) < 0) mpz_neg(g, g);
    if (mpz_sgn(g) != 0) {
        mpz_divexact(n, n, g);
        mpz_divexact(d, d, g);
    }
    mpz_clear(g);
    return frac_raw(t, n, d);
}

/* n and d of an int or a Fraction (numbers.Rational as far as the VM has
 * it): 1, or 0 when o is neither. */
static int rational_parts(Obj *o, mpz_t n, mpz_t d)
{
    if (INT_CHECK(o)) {
        int_to_mpz(o, n);
        mpz_set_ui(d, 1);
        return 1;
    }
    if (frac_check(o)) {
        int_to_mpz(FR(o)->num, n);
        int_to_mpz(FR(o)->den, d);
        return 1;
    }
    return 0;
}

static Obj *frac_float_obj(Obj *f)
{
    return num_binary(FR(f)->num, FR(f)->den, NB_TRUE_DIVIDE);
}

/* ---- construction ------------------------------------------------------------------------------ */

static Obj *rational_re;

static Obj *group(Obj *m, const char *name)
{
    Obj *key = str_from_cstr(name);
    Obj *g = key ? obj_call_method(m, "group", &key, 1) : NULL;
    XDECREF(key);
    return g;
}

static Obj *int_of_str(Obj *s)
{
    return obj_call((Obj *)&int_type, &s, 1, NULL);
}

/* Fraction('…'): CPython's _RATIONAL_FORMAT, then int() of the pieces */
static int parse_str(Obj *s, mpz_t n, mpz_t d)
{
    if (!rational_re) {
        Obj *re = import_name(id_str("re"), NULL, NULL, 0);
        Obj *comp = re ? obj_getattr(re, id_str("compile")) : NULL;
        XDECREF(re);
        Obj *pat = str_from_cstr(
            "\\A\\s*(?P<sign>[-+]?)(?=\\d|\\.\\d)(?P<num>\\d*|\\d+(_\\d+)*)"
            "(?:(?:\\s*/\\s*(?P<denom>\\d+(_\\d+)*))?|(?:\\.(?P<decimal>d*|\\d+(_\\d+)*))?"
            "(?:E(?P<exp>[-+]?\\d+(_\\d+)*))?)\\s*\\Z");
        Obj *flags = int_from_i64(2);   /* re.IGNORECASE */
        Obj *a[2] = {pat, flags};
        rational_re = comp && pat && flags ? obj_call(comp, a, 2, NULL) : NULL;
        XDECREF(comp);
        XDECREF(pat);
        XDECREF(flags);
        if (!rational_re) return -1;
    }
    Obj *m = obj_call_method(rational_re, "match", &s, 1);
    if (!m) return -1;
    if (m == NONE) {
        DECREF(m);
        vm_err_format(&exc_ValueError, "Invalid literal for Fraction: %R", s);
        return -1;
    }
    Obj *sign = group(m, "sign"), *num = group(m, "num"), *denom = group(m, "denom");
    Obj *dec = group(m, "decimal"), *exp = group(m, "exp");
    DECREF(m);
    int rc = -1;
    if (!sign || !num || !denom || !dec || !exp) goto out;
    if (obj_length(num) == 0) mpz_set_ui(n, 0);
    else {
        Obj *i = int_of_str(num);
        if (!i) goto out;
        int_to_mpz(i, n);
        DECREF(i);
    }
    mpz_set_ui(d, 1);
    if (denom != NONE) {
        Obj *i = int_of_str(denom);
        if (!i) goto out;
        int_to_mpz(i, d);
        DECREF(i);
    } else {
        if (dec != NONE) {
            Obj *u = str_from_cstr("_"), *e = str_from_cstr("");
            Obj *a[2] = {u, e};
            Obj *clean = u && e ? obj_call_method(dec, "replace", a, 2) : NULL;
            XDECREF(u);
            XDECREF(e);
            if (!clean) goto out;
            Ssize len = obj_length(clean);
            Obj *i = len > 0 ? int_of_str(clean) : int_from_i64(0);
            DECREF(clean);
            if (!i) goto out;
            mpz_t scale, t;
            mpz_inits(scale, t, NULL);
            mpz_ui_pow_ui(scale, 10, (unsigned long)len);
            int_to_mpz(i, t);
            DECREF(i);
            mpz_mul(n, n, scale);
            mpz_add(n, n, t);
            mpz_mul(d, d, scale);
            mpz_clears(scale, t, NULL);
        }
        if (exp != NONE) {
            Obj *i = int_of_str(exp);
            if (!i) goto out;
            int64_t e;
            if (int_as_i64(i, &e) < 0 || e > 100000000 || e < -100000000) {
                DECREF(i);
                if (!vm_err_occurred()) vm_err_no_memory();
                goto out;
            }
            DECREF(i);
            mpz_t p;
            mpz_init(p);
            mpz_ui_pow_ui(p, 10, (unsigned long)(e >= 0 ? e : -e));
            if (e >= 0) mpz_mul(n, n, p);
            else mpz_mul(d, d, p);
            mpz_clear(p);
        }
    }
    if (str_eq_cstr(sign, "-")) mpz_neg(n, n);
    rc = 0;
out:
    XDECREF(sign);
    XDECREF(num);
    XDECREF(denom);
    XDECREF(dec);
    XDECREF(exp);
    return rc;
}

/* A decimal.Decimal (the decimal module's type, or a subclass). */
static bool is_decimal(Obj *o)
{
    for (TypeObj *t = OBJ_TYPE(o); t; t = t->tp_base)
        if (strcmp(t->name, "decimal.Decimal") == 0) return true;
    return false;
}

/* float / Decimal: as_integer_ratio */
static int float_parts(Obj *f, mpz_t n, mpz_t d)
{
    Obj *r = obj_call_method(f, "as_integer_ratio", NULL, 0);
    if (!r) return -1;
    int_to_mpz(TUPLE_ITEMS(r)[0], n);
    int_to_mpz(TUPLE_ITEMS(r)[1], d);
    DECREF(r);
    return 0;
}

/* fractions.py's frames in tracebacks (tbframes_gen.h) */
static void tb_push(int which) { tbframe_push(&tbgen_fractions, which); }

static Obj *frac_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"numerator", "denominator"};
    Obj *v[2];
    if (mh_bind("Fraction.__new__", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *numer = v[0], *denom = v[1] && v[1] != NONE ? v[1] : NULL;
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    Obj *res = NULL;
    if (!numer) {
        mpz_set_ui(n, 0);
        mpz_set_ui(d, 1);
    } else if (!denom) {
        if (rational_parts(numer, n, d)) {
            /* already normalised when a Fraction; an int has d == 1 */
            res = frac_raw(t, n, d);
            goto out;
        } else if (IS_TYPE(numer, float_type) || type_is_subtype(OBJ_TYPE(numer), &float_type) ||
                   is_decimal(numer)) {
            if (float_parts(numer, n, d) < 0) {
                tb_push(TBG_FRACTIONS_NEW_AS_INTEGER_RATIO);
                goto out;
            }
            res = frac_raw(t, n, d);
            goto out;
        } else if (STR_CHECK(numer)) {
            if (parse_str(numer, n, d) < 0) {
                if (vm_err_matches(&exc_ValueError)) tb_push(TBG_FRACTIONS_NEW_INVALID_LITERAL);
                goto out;
            }
        } else {
            vm_err_set_str(&exc_TypeError, "argument should be a string or a Rational instance");
            tb_push(TBG_FRACTIONS_NEW_ONE_TYPE);
            goto out;
        }
    } else {
        mpz_t n2, d2;
        mpz_inits(n2, d2, NULL);
        if (!rational_parts(numer, n, d) || !rational_parts(denom, n2, d2)) {
            mpz_clears(n2, d2, NULL);
            vm_err_set_str(&exc_TypeError, "both arguments should be Rational instances");
            tb_push(TBG_FRACTIONS_NEW_TWO_TYPES);
            goto out;
        }
        mpz_mul(n, n, d2);
        mpz_mul(d, n2, d);
        mpz_clears(n2, d2, NULL);
    }
    if (mpz_sgn(d) == 0) {
        Obj *ni = int_from_mpz(n);
        if (ni) vm_err_format(&exc_ZeroDivisionError, "Fraction(%S, 0)", ni);
        XDECREF(ni);
        tb_push(TBG_FRACTIONS_NEW_ZERO_DENOMINATOR);
        goto out;
    }
    res = frac_norm(t, n, d);
out:
    mpz_clears(n, d, NULL);
    return res;
}

/* ---- arithmetic ---------------------------------------------------------------------------------- */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_FLOORDIV, OP_MOD, OP_DIVMOD };
static const int nb_of[] = {NB_ADD, NB_SUBTRACT, NB_MULTIPLY, NB_TRUE_DIVIDE, NB_FLOOR_DIVIDE, NB_REMAINDER, -1};

/* the exact operation on a/b and c/d */
static Obj *exact_op(int op, mpz_t a, mpz_t b, mpz_t c, mpz_t d)
{
    mpz_t n, m;
    mpz_inits(n, m, NULL);
    Obj *r = NULL;
    switch (op) {
    case OP_ADD:
    case OP_SUB:
        mpz_mul(n, a, d);
        mpz_mul(m, c, b);
        if (op == OP_ADD) mpz_add(n, n, m);
        else mpz_sub(n, n, m);
        mpz_mul(m, b, d);
        r = frac_norm(FRACTION, n, m);
        break;
    case OP_MUL:
        mpz_mul(n, a, c);
        mpz_mul(m, b, d);
        r = frac_norm(FRACTION, n, m);
        break;
    case OP_DIV:
        mpz_mul(n, a, d);
        mpz_mul(m, b, c);
        if (mpz_sgn(m) == 0) {
            /* 3.12 names the divisor's denominator */
            Obj *ni = int_from_mpz(d);
            if (ni) vm_err_format(&exc_ZeroDivisionError, "Fraction(%S, 0)", ni);
            XDECREF(ni);
            break;
        }
        r = frac_norm(FRACTION, n, m);
        break;
    case OP_FLOORDIV:
    case OP_MOD:
    case OP_DIVMOD: {
        /* (a*d) // (b*c), and (a*d) % (c*b) over b*d */
        mpz_mul(n, a, d);
        mpz_mul(m, b, c);
        if (mpz_sgn(m) == 0) {
            vm_err_set_str(&exc_ZeroDivisionError, op == OP_MOD ? "integer modulo by zero"
                                                                : "integer division or modulo by zero");
            break;
        }
        mpz_t q, rem, den;
        mpz_inits(q, rem, den, NULL);
        mpz_fdiv_qr(q, rem, n, m);
        mpz_mul(den, b, d);
        if (op == OP_FLOORDIV) {
            r = int_from_mpz(q);
        } else {
            Obj *fm = frac_norm(FRACTION, rem, den);
            if (op == OP_MOD) {
                r = fm;
            } else {
                Obj *qi = fm ? int_from_mpz(q) : NULL;
                r = qi ? tuple_pack(2, qi, fm) : NULL;
                XDECREF(qi);
                XDECREF(fm);
            }
        }
        mpz_clears(q, rem, den, NULL);
        break;
    }
    }
    mpz_clears(n, m, NULL);
    return r;
}

static Obj *float_divmod(Obj *x, Obj *y)
{
    Obj *bi = iter_get_builtin("divmod");
    Obj *a[2] = {x, y};
    Obj *r = bi ? obj_call(bi, a, 2, NULL) : NULL;
    XDECREF(bi);
    return r;
}

static Obj *fallback(int op, Obj *x, Obj *y)
{
    if (op == OP_DIVMOD) return float_divmod(x, y);
    return num_binary(x, y, nb_of[op]);
}

static bool is_float(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &float_type); }
static bool is_complex(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &complex_type); }

/* The entry of the Fraction operation `op` where a zero divisor raises. */
static const int zero_line_of[] = {-1, -1, -1, TBG_FRACTIONS_DIV_ZERO, TBG_FRACTIONS_FLOORDIV_ZERO,
                                   TBG_FRACTIONS_MOD_ZERO, TBG_FRACTIONS_DIVMOD_ZERO};

/* _operator_fallbacks' forward or reverse left at entry `which`, inside
 * the exact operation `op` when `exact`. */
static Obj *binop_failed(int op, bool exact, int which)
{
    if (exact && zero_line_of[op] >= 0) tb_push(zero_line_of[op]);
    tb_push(which);
    return NULL;
}

static Obj *binop(Obj *x, Obj *y, int op)
{
    mpz_t a, b, c, d;
    mpz_inits(a, b, c, d, NULL);
    Obj *r;
    if (frac_check(x)) {
        if (rational_parts(y, c, d)) {
            rational_parts(x, a, b);
            r = exact_op(op, a, b, c, d);
            if (!r) binop_failed(op, true, frac_check(y) ? TBG_FRACTIONS_FORWARD_FRACTION : TBG_FRACTIONS_FORWARD_INT);
        } else if (is_float(y) || is_complex(y)) {
            Obj *fx = frac_float_obj(x);
            if (fx && is_complex(y)) {
                Obj *cx = complex_from_doubles(float_value(fx), 0.0);
                DECREF(fx);
                fx = cx;
            }
            r = fx ? fallback(op, fx, y) : NULL;
            if (!r) binop_failed(op, false, is_complex(y) ? TBG_FRACTIONS_FORWARD_COMPLEX : TBG_FRACTIONS_FORWARD_FLOAT);
            XDECREF(fx);
        } else {
            r = INCREF(NOTIMPL);
        }
    } else {
        /* reflected: y is the Fraction */
        if (rational_parts(x, a, b)) {
            rational_parts(y, c, d);
            r = exact_op(op, a, b, c, d);
            if (!r) binop_failed(op, true, TBG_FRACTIONS_REVERSE_RATIONAL);
        } else if (is_float(x) || is_complex(x)) {
            Obj *fy = frac_float_obj(y);
            if (fy && is_complex(x)) {
                Obj *cy = complex_from_doubles(float_value(fy), 0.0);
                DECREF(fy);
                fy = cy;
            }
            Obj *fx = fy ? (is_complex(x) ? INCREF(x) : float_from_double(float_as_double(x))) : NULL;
            r = fx ? fallback(op, fx, fy) : NULL;
            if (!r) binop_failed(op, false, is_complex(x) ? TBG_FRACTIONS_REVERSE_COMPLEX : TBG_FRACTIONS_REVERSE_REAL);
            XDECREF(fx);
            XDECREF(fy);
        } else {
            r = INCREF(NOTIMPL);
        }
    }
    mpz_clears(a, b, c, d, NULL);
    return r;
}

static Obj *f_add(Obj *a, Obj *b) { return binop(a, b, OP_ADD); }
static Obj *f_sub(Obj *a, Obj *b) { return binop(a, b, OP_SUB); }
static Obj *f_mul(Obj *a, Obj *b) { return binop(a, b, OP_MUL); }
static Obj *f_div(Obj *a, Obj *b) { return binop(a, b, OP_DIV); }
static Obj *f_floordiv(Obj *a, Obj *b) { return binop(a, b, OP_FLOORDIV); }
static Obj *f_mod(Obj *a, Obj *b) { return binop(a, b, OP_MOD); }
static Obj *f_divmod(Obj *a, Obj *b) { return binop(a, b, OP_DIVMOD); }

/* a ** b with a Fraction and an integral exponent */
static Obj *frac_ipow(Obj *a, Obj *expo)
{
    int64_t e;
    if (int_as_i64(expo, &e) < 0) return NULL;
    if (e > 100000000 || e < -100000000) {
        vm_err_no_memory();
        return NULL;
    }
    mpz_t n, d, rn, rd;
    mpz_inits(n, d, rn, rd, NULL);
    int_to_mpz(FR(a)->num, n);
    int_to_mpz(FR(a)->den, d);
    Obj *r = NULL;
    unsigned long p = (unsigned long)(e >= 0 ? e : -e);
    if (e >= 0) {
        mpz_pow_ui(rn, n, p);
        mpz_pow_ui(rd, d, p);
        r = frac_raw(FRACTION, rn, rd);
    } else if (mpz_sgn(n) > 0) {
        mpz_pow_ui(rn, d, p);
        mpz_pow_ui(rd, n, p);
        r = frac_raw(FRACTION, rn, rd);
    } else if (mpz_sgn(n) == 0) {
        mpz_pow_ui(rn, d, p);
        Obj *ni = int_from_mpz(rn);
        if (ni) vm_err_format(&exc_ZeroDivisionError, "Fraction(%S, 0)", ni);
        XDECREF(ni);
        tb_push(TBG_FRACTIONS_POW_ZERO);
    } else {
        mpz_neg(d, d);
        mpz_neg(n, n);
        mpz_pow_ui(rn, d, p);
        mpz_pow_ui(rd, n, p);
        if (mpz_sgn(rd) < 0) {
            mpz_neg(rn, rn);
            mpz_neg(rd, rd);
        }
        r = frac_raw(FRACTION, rn, rd);
    }
    mpz_clears(n, d, rn, rd, NULL);
    return r;
}

static Obj *f_pow(Obj *a, Obj *b, Obj *mod)
{
    if (mod != NONE) return INCREF(NOTIMPL);
    if (frac_check(a)) {
        if (INT_CHECK(b)) return frac_ipow(a, b);
        if (frac_check(b)) {
            int64_t den;
            if (int_as_i64(FR(b)->den, &den) == 0 && den == 1) return frac_ipow(a, FR(b)->num);
            vm_err_clear();
            Obj *fa = frac_float_obj(a), *fb = fa ? frac_float_obj(b) : NULL;
            Obj *r = fb ? num_binary(fa, fb, NB_POWER) : NULL;
            XDECREF(fa);
            XDECREF(fb);
            return r;
        }
        if (is_float(b) || is_complex(b)) {
            Obj *fa = frac_float_obj(a);
            Obj *r = fa ? num_binary(fa, b, NB_POWER) : NULL;
            XDECREF(fa);
            return r;
        }
        return INCREF(NOTIMPL);
    }
    /* __rpow__: b is the Fraction */
    int64_t den;
    if (int_as_i64(FR(b)->den, &den) < 0) {
        vm_err_clear();
        den = 0;
    }
    if (den == 1 && int_sign(FR(b)->num) >= 0) return num_binary(a, FR(b)->num, NB_POWER);
    if (INT_CHECK(a)) {
        mpz_t n, d;
        mpz_inits(n, d, NULL);
        int_to_mpz(a, n);
        mpz_set_ui(d, 1);
        Obj *fa = frac_raw(FRACTION, n, d);
        mpz_clears(n, d, NULL);
        Obj *r = fa ? f_pow(fa, b, NONE) : NULL;
        XDECREF(fa);
        return r;
    }
    if (den == 1) return num_binary(a, FR(b)->num, NB_POWER);
    Obj *fb = frac_float_obj(b);
    Obj *r = fb ? num_binary(a, fb, NB_POWER) : NULL;
    XDECREF(fb);
    return r;
}

static Obj *f_neg(Obj *a)
{
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    rational_parts(a, n, d);
    mpz_neg(n, n);
    Obj *r = frac_raw(FRACTION, n, d);
    mpz_clears(n, d, NULL);
    return r;
}

static Obj *f_pos(Obj *a)
{
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    rational_parts(a, n, d);
    Obj *r = frac_raw(FRACTION, n, d);
    mpz_clears(n, d, NULL);
    return r;
}

static Obj *f_abs(Obj *a)
{
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    rational_parts(a, n, d);
    mpz_abs(n, n);
    Obj *r = frac_raw(FRACTION, n, d);
    mpz_clears(n, d, NULL);
    return r;
}

static int f_bool(Obj *a) { return int_sign(FR(a)->num) != 0; }

/* int(): truncation toward zero */
static Obj *f_int(Obj *a)
{
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    rational_parts(a, n, d);
    mpz_tdiv_q(n, n, d);
    Obj *r = int_from_mpz(n);
    mpz_clears(n, d, NULL);
    return r;
}

static Obj *f_float(Obj *a) { return frac_float_obj(a); }

/* ---- comparison and hashing ------------------------------------------------------------------------- */

static bool cmp_result(int c, int op)
{
    switch (op) {
    case CMP_LT: return c < 0;
    case CMP_LE: return c <= 0;
    case CMP_EQ: return c == 0;
    case CMP_NE: return c != 0;
    case CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

static Obj *f_richcompare(Obj *x, Obj *y, int op)
{
    mpz_t a, b, c, d;
    mpz_inits(a, b, c, d, NULL);
    Obj *r;
    rational_parts(x, a, b);
    Obj *other = y;
    Obj *real = NULL;
    if (is_complex(other) && (op == CMP_EQ || op == CMP_NE)) {
        ComplexObj *co = (ComplexObj *)other;
        if (co->im == 0.0) other = real = float_from_double(co->re);
    }
    if (rational_parts(other, c, d)) {
        mpz_mul(a, a, d);
        mpz_mul(c, c, b);
        r = bool_from(cmp_result(mpz_cmp(a, c), op));
    } else if (other && is_float(other)) {
        double v = float_value(other);
        if (v != v || v == 1.0 / 0.0 || v == -1.0 / 0.0) {
            Obj *z = float_from_double(0.0);
            r = z ? obj_richcompare(z, other, op) : NULL;
            XDECREF(z);
        } else {
            if (float_parts(other, c, d) < 0) {
                r = NULL;
            } else {
                mpz_mul(a, a, d);
                mpz_mul(c, c, b);
                r = bool_from(cmp_result(mpz_cmp(a, c), op));
            }
        }
    } else {
        r = INCREF(NOTIMPL);
    }
    XDECREF(real);
    mpz_clears(a, b, c, d, NULL);
    return r;
}

static Hash f_hash(Obj *o)
{
    mpz_t n, d, m, inv, h;
    mpz_inits(n, d, m, inv, h, NULL);
    rational_parts(o, n, d);
    mpz_set_ui(m, 1);
    mpz_mul_2exp(m, m, 61);
    mpz_sub_ui(m, m, 1);
    Hash result;
    if (!mpz_invert(inv, d, m)) {
        result = 314159;
    } else {
        mpz_abs(h, n);
        mpz_mod(h, h, m);
        mpz_mul(h, h, inv);
        mpz_mod(h, h, m);
        result = (Hash)mpz_get_ui(h);
    }
    if (mpz_sgn(n) < 0) result = -result;
    mpz_clears(n, d, m, inv, h, NULL);
    return result == -1 ? -2 : result;
}

/* ---- repr / str / format ------------------------------------------------------------------------- */

static Obj *f_repr(Obj *o)
{
    Obj *cls = (Obj *)OBJ_TYPE(o);
    Obj *name = obj_getattr(cls, id_str("__name__"));
    Obj *r = name ? str_from_fmt("%S(%S, %S)", name, FR(o)->num, FR(o)->den) : NULL;
    XDECREF(name);
    return r;
}

static Obj *f_str(Obj *o)
{
    int64_t d;
    if (int_fits_i64(FR(o)->den) && int_as_i64(FR(o)->den, &d) == 0 && d == 1) return obj_str(FR(o)->num);
    return str_from_fmt("%S/%S", FR(o)->num, FR(o)->den);
}

/* _round_to_exponent: n/d to a multiple of 10**exponent, ties to even */
static bool round_to_exponent(const mpz_t n0, const mpz_t d0, long exponent, bool no_neg_zero, mpz_t q)
{
    mpz_t n, d, p, r, half;
    mpz_inits(n, d, p, r, half, NULL);
    mpz_set(n, n0);
    mpz_set(d, d0);
    mpz_ui_pow_ui(p, 10, (unsigned long)(exponent >= 0 ? exponent : -exponent));
    if (exponent >= 0) mpz_mul(d, d, p);
    else mpz_mul(n, n, p);
    mpz_fdiv_q_2exp(half, d, 1);
    mpz_add(half, n, half);
    mpz_fdiv_qr(q, r, half, d);
    if (mpz_sgn(r) == 0 && mpz_even_p(d) && mpz_odd_p(q)) mpz_sub_ui(q, q, 1);
    bool sign = no_neg_zero ? mpz_sgn(q) < 0 : mpz_sgn(n) < 0;
    mpz_abs(q, q);
    mpz_clears(n, d, p, r, half, NULL);
    return sign;
}

static bool round_to_figures(const mpz_t n, const mpz_t d, long figures, mpz_t q, long *exponent)
{
    if (mpz_sgn(n) == 0) {
        mpz_set_ui(q, 0);
        *exponent = 1 - figures;
        return false;
    }
    mpz_t an;
    mpz_init(an);
    mpz_abs(an, n);
    char *sn = mpz_get_str(NULL, 10, an), *sd = mpz_get_str(NULL, 10, d);
    long ln = (long)strlen(sn), ld = (long)strlen(sd);
    bool le = strcmp(sd, sn) <= 0;   /* str_d <= str_n: compared as strings */
    free(sn);
    free(sd);
    mpz_clear(an);
    long m = ln - ld + (le ? 1 : 0);
    *exponent = m - figures;
    bool sign = round_to_exponent(n, d, *exponent, false, q);
    char *sq = mpz_get_str(NULL, 10, q);
    if ((long)strlen(sq) == figures + 1) {
        mpz_tdiv_q_ui(q, q, 10);
        (*exponent)++;
    }
    free(sq);
    return sign;
}

static void invalid_spec(Obj *self, Obj *spec, const char *extra)
{
    Obj *tn = obj_getattr((Obj *)OBJ_TYPE(self), id_str("__name__"));
    if (tn) vm_err_format(&exc_ValueError, "Invalid format specifier %R for object of type %R%s", spec, tn, extra);
    XDECREF(tn);
}

static Obj *f_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("Fraction.__format__", "__format__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *spec = args[0];
    if (!STR_CHECK(spec)) {
        vm_err_format(&exc_TypeError, "__format__() argument must be str, not %s", type_name(OBJ_TYPE(spec)));
        return NULL;
    }
    if (VAR_SIZE(spec) == 0) return obj_str(self);
    /* [[fill]align][sign][z][#][0][width][,|_][.precision]type */
    Ssize len = VAR_SIZE(spec), i = 0;
    uint32_t fill = ' ', align = 0, sign = '-', tsep = 0;
    bool nnz = false, alt = false, zeropad = false;
    long width = 0, precision = 6;
    bool have_prec = false;
#define CH(k) str_char(spec, (k))
#define ISALIGN(c) ((c) == '<' || (c) == '>' || (c) == '=' || (c) == '^')
    if (len >= 2 && ISALIGN(CH(1))) {
        fill = CH(0);
        align = CH(1);
        i = 2;
    } else if (len >= 1 && ISALIGN(CH(0))) {
        align = CH(0);
        i = 1;
    }
    if (i < len && (CH(i) == '-' || CH(i) == '+' || CH(i) == ' ')) sign = CH(i++);
    if (i < len && CH(i) == 'z') nnz = true, i++;
    if (i < len && CH(i) == '#') alt = true, i++;
    if (i + 1 < len && CH(i) == '0' && CH(i + 1) >= '0' && CH(i + 1) <= '9') zeropad = true, i++;
    bool bad = false;
    if (i < len && CH(i) >= '0' && CH(i) <= '9') {
        if (CH(i) == '0' && i + 1 < len && CH(i + 1) >= '0' && CH(i + 1) <= '9') bad = true;
        while (i < len && CH(i) >= '0' && CH(i) <= '9' && width < 100000000) width = width * 10 + (long)(CH(i++) - '0');
    }
    if (i < len && (CH(i) == ',' || CH(i) == '_')) tsep = CH(i++);
    if (i < len && CH(i) == '.') {
        i++;
        if (i >= len || !(CH(i) >= '0' && CH(i) <= '9')) bad = true;
        else if (CH(i) == '0' && i + 1 < len && CH(i + 1) >= '0' && CH(i + 1) <= '9') bad = true;
        precision = 0;
        have_prec = true;
        while (i < len && CH(i) >= '0' && CH(i) <= '9' && precision < 100000000)
            precision = precision * 10 + (long)(CH(i++) - '0');
    }
    (void)have_prec;
    uint32_t type = i < len ? CH(i) : 0;
    if (bad || i + 1 != len || !strchr("eEfFgG%", (int)type) || type == 0) {
        invalid_spec(self, spec, "");
        return NULL;
    }
    if (align && zeropad) {
        invalid_spec(self, spec, "; can't use explicit alignment when zero-padding");
        return NULL;
    }
#undef CH
#undef ISALIGN
    if (!align) align = '>';
    const char *pos_sign = sign == '-' ? "" : sign == '+' ? "+" : " ";
    bool trim_zeros = (type == 'g' || type == 'G') && !alt, trim_point = !alt;
    char expch = type == 'E' || type == 'F' || type == 'G' ? 'E' : 'e';
    mpz_t n, d, q;
    mpz_inits(n, d, q, NULL);
    rational_parts(self, n, d);
    bool negative, scientific;
    long exponent, point_pos, figures = 0;
    if (type == 'f' || type == 'F' || type == '%') {
        exponent = -precision - (type == '%' ? 2 : 0);
        negative = round_to_exponent(n, d, exponent, nnz, q);
        scientific = false;
        point_pos = precision;
    } else {
        figures = type == 'g' || type == 'G' ? (precision > 1 ? precision : 1) : precision + 1;
        negative = round_to_figures(n, d, figures, q, &exponent);
        scientific = type == 'e' || type == 'E' || exponent > 0 || exponent + figures <= -4;
        point_pos = scientific ? figures - 1 : -exponent;
    }
    char suffix[64] = "";
    if (type == '%') strcpy(suffix, "%");
    else if (scientific) snprintf(suffix, sizeof suffix, "%c%+03ld", expch, exponent + point_pos);
    char *digits = mpz_get_str(NULL, 10, q);
    mpz_clears(n, d, q, NULL);
    long dl = (long)strlen(digits);
    SBuf b = SBUF_INIT;
    for (long k = dl; k < point_pos + 1; k++) sbuf_putc(&b, '0');   /* zero-fill to point_pos + 1 */
    sbuf_puts(&b, digits);
    free(digits);
    char *all = xstrdup(sbuf_cstr(&b));
    sbuf_free(&b);
    long al = (long)strlen(all);
    SBuf leading = SBUF_INIT, trailing = SBUF_INIT;
    sbuf_put(&leading, all, (size_t)(al - point_pos));
    long fl = point_pos;
    const char *frac_part = all + (al - point_pos);
    if (trim_zeros)
        while (fl > 0 && frac_part[fl - 1] == '0') fl--;
    if (!(trim_point && fl == 0)) sbuf_putc(&trailing, '.');
    sbuf_put(&trailing, frac_part, (size_t)fl);
    sbuf_puts(&trailing, suffix);
    free(all);
    const char *sgn = negative ? "-" : pos_sign;
    long slen_ = (long)strlen(sgn);
    if (zeropad) {
        long min_leading = width - slen_ - (long)trailing.len;
        long target = tsep ? 3 * min_leading / 4 + 1 : min_leading;
        /* floor division as Python's for negative values is irrelevant: zfill ignores widths <= len */
        if (tsep && min_leading < 0) target = -((-3 * min_leading + 3) / 4) + 1;
        long cur = (long)leading.len;
        if (target > cur) {
            SBuf z = SBUF_INIT;
            for (long k = cur; k < target; k++) sbuf_putc(&z, '0');
            sbuf_put(&z, leading.data, leading.len);
            sbuf_free(&leading);
            leading = z;
        }
    }
    if (tsep) {
        long ll = (long)leading.len;
        long first = 1 + (ll - 1) % 3;
        SBuf t = SBUF_INIT;
        sbuf_put(&t, leading.data, (size_t)first);
        for (long pos = first; pos < ll; pos += 3) {
            sbuf_putc(&t, (char)tsep);
            sbuf_put(&t, leading.data + pos, 3);
        }
        sbuf_free(&leading);
        leading = t;
    }
    SBuf body = SBUF_INIT;
    sbuf_put(&body, leading.data, leading.len);
    sbuf_put(&body, trailing.data, trailing.len);
    sbuf_free(&leading);
    sbuf_free(&trailing);
    long npad = width - slen_ - (long)body.len;
    if (npad < 0) npad = 0;
    Obj *fillstr = str_from_char(fill);
    Obj *sgno = str_from_cstr(sgn);
    Obj *bodyo = str_from_utf8(body.data ? body.data : "", (Ssize)body.len);
    sbuf_free(&body);
    Obj *res = NULL;
    if (fillstr && sgno && bodyo) {
        long left = align == '>' ? npad : align == '^' ? npad / 2 : align == '=' ? 0 : 0;
        long right = align == '<' ? npad : align == '^' ? npad - npad / 2 : 0;
        long mid = align == '=' ? npad : 0;
        SBuf out = SBUF_INIT;
        Ssize fn;
        const char *fu = str_utf8_lossy(fillstr, &fn);
        for (long k = 0; k < left; k++) sbuf_put(&out, fu, (size_t)fn);
        sbuf_puts(&out, sgn);
        for (long k = 0; k < mid; k++) sbuf_put(&out, fu, (size_t)fn);
        Ssize bn;
        const char *bu = str_utf8_lossy(bodyo, &bn);
        sbuf_put(&out, bu, (size_t)bn);
        for (long k = 0; k < right; k++) sbuf_put(&out, fu, (size_t)fn);
        res = str_from_utf8(sbuf_cstr(&out), (Ssize)out.len);
        sbuf_free(&out);
    }
    XDECREF(fillstr);
    XDECREF(sgno);
    XDECREF(bodyo);
    return res;
}

/* ---- methods ------------------------------------------------------------------------------------------- */

static Obj *new_from_ints(TypeObj *t, Obj *n, Obj *d)
{
    Obj *a[2] = {n, d};
    return obj_call((Obj *)t, a, 2, NULL);
}

static Obj *f_from_float(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("Fraction.from_float", "from_float", nargs, kw, 1, 1) < 0) return NULL;
    Obj *f = args[0];
    if (INT_CHECK(f)) return obj_call(cls, &f, 1, NULL);
    if (!is_float(f)) {
        Obj *name = obj_getattr(cls, id_str("__name__"));
        if (name)
            vm_err_format(&exc_TypeError, "%S.from_float() only takes floats, not %R (%s)", name, f,
                          type_name(OBJ_TYPE(f)));
        XDECREF(name);
        return NULL;
    }
    mpz_t n, d;
    mpz_inits(n, d, NULL);
    Obj *r = float_parts(f, n, d) < 0 ? NULL : frac_raw((TypeObj *)cls, n, d);
    mpz_clears(n, d, NULL);
    return r;
}

static Obj *f_from_decimal(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("Fraction.from_decimal", "from_decimal", nargs, kw, 1, 1) < 0) return NULL;
    if (INT_CHECK(args[0]) || is_decimal(args[0])) return obj_call(cls, args, 1, NULL);
    Obj *name = obj_getattr(cls, id_str("__name__"));
    if (name)
        vm_err_format(&exc_TypeError, "%S.from_decimal() only takes Decimals, not %R (%s)", name, args[0],
                      type_name(OBJ_TYPE(args[0])));
    XDECREF(name);
    return NULL;
}

static Obj *f_limit_denominator(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"max_denominator"};
    Obj *v[1];
    if (mh_bind_m("Fraction.limit_denominator", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    mpz_t maxd, n, d, p0, q0, p1, q1, a, q2, t, k;
    mpz_inits(maxd, n, d, p0, q0, p1, q1, a, q2, t, k, NULL);
    Obj *r = NULL;
    if (v[0]) {
        if (!INT_CHECK(v[0])) {
            /* the comparison max_denominator < 1 decides the error */
            Obj *one = int_from_i64(1);
            int lt = one ? obj_richcompare_bool(v[0], one, CMP_LT) : -1;
            XDECREF(one);
            if (lt > 0) {
                vm_err_set_str(&exc_ValueError, "max_denominator should be at least 1");
                tb_push(TBG_FRACTIONS_LIMIT_DENOMINATOR);
            }
            else if (lt == 0)
                vm_err_format(&exc_TypeError, "unsupported operand type(s) for //: 'int' and '%s'",
                              type_name(OBJ_TYPE(v[0])));
            goto out;
        }
        int_to_mpz(v[0], maxd);
    } else {
        mpz_set_ui(maxd, 1000000);
    }
    if (mpz_cmp_ui(maxd, 1) < 0) {
        vm_err_set_str(&exc_ValueError, "max_denominator should be at least 1");
        tb_push(TBG_FRACTIONS_LIMIT_DENOMINATOR);
        goto out;
    }
    rational_parts(self, n, d);
    if (mpz_cmp(d, maxd) <= 0) {
        r = frac_raw(FRACTION, n, d);
        goto out;
    }
    mpz_t on, od;
    mpz_init_set(on, n);
    mpz_init_set(od, d);
    mpz_set_ui(p0, 0);
    mpz_set_ui(q0, 1);
    mpz_set_ui(p1, 1);
    mpz_set_ui(q1, 0);
    for (;;) {
        mpz_fdiv_q(a, n, d);
        mpz_mul(q2, a, q1);
        mpz_add(q2, q2, q0);
        if (mpz_cmp(q2, maxd) > 0) break;
        /* p0, q0, p1, q1 = p1, q1, p0+a*p1, q2 */
        mpz_mul(t, a, p1);
        mpz_add(t, t, p0);
        mpz_set(p0, p1);
        mpz_set(q0, q1);
        mpz_set(p1, t);
        mpz_set(q1, q2);
        /* n, d = d, n-a*d */
        mpz_mul(t, a, d);
        mpz_sub(t, n, t);
        mpz_set(n, d);
        mpz_set(d, t);
    }
    /* k = (max_denominator-q0)//q1 */
    mpz_sub(k, maxd, q0);
    mpz_fdiv_q(k, k, q1);
    /* 2*d*(q0+k*q1) <= self._denominator */
    mpz_mul(t, k, q1);
    mpz_add(t, t, q0);
    mpz_mul(t, t, d);
    mpz_mul_2exp(t, t, 1);
    if (mpz_cmp(t, od) <= 0) {
        r = frac_raw(FRACTION, p1, q1);
    } else {
        mpz_mul(t, k, p1);
        mpz_add(t, t, p0);
        mpz_mul(a, k, q1);
        mpz_add(a, a, q0);
        r = frac_raw(FRACTION, t, a);
    }
    mpz_clears(on, od, NULL);
out:
    mpz_clears(maxd, n, d, p0, q0, p1, q1, a, q2, t, k, NULL);
    return r;
}

static Obj *f_as_integer_ratio(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Fraction.as_integer_ratio", n, kw) < 0) return NULL;
    return tuple_pack(2, FR(self)->num, FR(self)->den);
}

static Obj *f_is_integer(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Fraction.is_integer", n, kw) < 0) return NULL;
    int64_t d;
    return bool_from(int_fits_i64(FR(self)->den) && int_as_i64(FR(self)->den, &d) == 0 && d == 1);
}

static Obj *f_conjugate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Fraction.conjugate", n, kw) < 0) return NULL;
    return f_pos(self);
}

static Obj *f_trunc(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return f_int(self);
}

static Obj *f_floor(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return num_binary(FR(self)->num, FR(self)->den, NB_FLOOR_DIVIDE);
}

static Obj *f_ceil(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    mpz_t q, d;
    mpz_inits(q, d, NULL);
    rational_parts(self, q, d);
    mpz_cdiv_q(q, q, d);
    Obj *r = int_from_mpz(q);
    mpz_clears(q, d, NULL);
    return r;
}

/* round-half-even of n/d */
static void round_half_even(mpz_t out, const mpz_t n, const mpz_t d)
{
    mpz_t r, twice;
    mpz_inits(r, twice, NULL);
    mpz_fdiv_qr(out, r, n, d);
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmp(twice, d);
    if (c > 0 || (c == 0 && mpz_odd_p(out))) mpz_add_ui(out, out, 1);
    mpz_clears(r, twice, NULL);
}

static Obj *f_round(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"ndigits"};
    Obj *v[1];
    if (mh_bind_m("Fraction.__round__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    mpz_t n, d, q;
    mpz_inits(n, d, q, NULL);
    rational_parts(self, n, d);
    Obj *r = NULL;
    if (!v[0] || v[0] == NONE) {
        round_half_even(q, n, d);
        r = int_from_mpz(q);
    } else {
        Obj *idx = num_index(v[0]);
        int64_t nd;
        if (!idx || int_as_i64(idx, &nd) < 0 || nd > 100000000 || nd < -100000000) {
            XDECREF(idx);
            if (!vm_err_occurred()) vm_err_no_memory();
            goto out;
        }
        DECREF(idx);
        mpz_t shift;
        mpz_init(shift);
        mpz_ui_pow_ui(shift, 10, (unsigned long)(nd >= 0 ? nd : -nd));
        if (nd > 0) {
            mpz_mul(n, n, shift);
            round_half_even(q, n, d);
            r = frac_norm(FRACTION, q, shift);
        } else {
            mpz_mul(d, d, shift);
            round_half_even(q, n, d);
            mpz_mul(q, q, shift);
            mpz_set_ui(d, 1);
            r = frac_raw(FRACTION, q, d);
        }
        mpz_clear(shift);
    }
out:
    mpz_clears(n, d, q, NULL);
    return r;
}

static Obj *f_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *args = tuple_pack(2, FR(self)->num, FR(self)->den);
    Obj *r = args ? tuple_pack(2, (Obj *)OBJ_TYPE(self), args) : NULL;
    XDECREF(args);
    return r;
}

static Obj *f_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    if (OBJ_TYPE(self) == FRACTION) return INCREF(self);
    return new_from_ints(OBJ_TYPE(self), FR(self)->num, FR(self)->den);
}

static MethodDef frac_methods[] = {
    {"from_float", f_from_float, METH_FAST | METH_CLASS, "Converts a finite float to a rational number, exactly."},
    {"from_decimal", f_from_decimal, METH_FAST | METH_CLASS, "Converts a finite Decimal instance to a rational number, exactly."},
    {"limit_denominator", f_limit_denominator, METH_FAST, "Closest Fraction to self with denominator at most max_denominator."},
    {"as_integer_ratio", f_as_integer_ratio, METH_FAST, "Return a pair of integers, whose ratio is equal to the original Fraction."},
    {"is_integer", f_is_integer, METH_FAST, "Return True if the Fraction is an integer."},
    {"conjugate", f_conjugate, METH_FAST, NULL},
    {"__trunc__", f_trunc, METH_NOARGS, NULL},
    {"__floor__", f_floor, METH_NOARGS, NULL},
    {"__ceil__", f_ceil, METH_NOARGS, NULL},
    {"__round__", f_round, METH_FAST, NULL},
    {"__format__", f_format, METH_FAST, NULL},
    {"__reduce__", f_reduce, METH_NOARGS, NULL},
    {"__copy__", f_copy, METH_NOARGS, NULL},
    {"__deepcopy__", f_copy, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *g_num(Obj *o, void *c) { (void)c; return INCREF(FR(o)->num); }
static Obj *g_den(Obj *o, void *c) { (void)c; return INCREF(FR(o)->den); }
static Obj *g_real(Obj *o, void *c) { (void)c; return f_pos(o); }
static Obj *g_imag(Obj *o, void *c) { (void)o; (void)c; return int_from_i64(0); }

static GetSetDef frac_getset[] = {
    {"numerator", g_num, NULL, NULL, NULL},
    {"denominator", g_den, NULL, NULL, NULL},
    {"_numerator", g_num, NULL, NULL, NULL},
    {"_denominator", g_den, NULL, NULL, NULL},
    {"real", g_real, NULL, "Real numbers are their real component.", NULL},
    {"imag", g_imag, NULL, "Real numbers have no imaginary component.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods frac_as_number = {
    .add = f_add, .subtract = f_sub, .multiply = f_mul, .remainder = f_mod, .divmod = f_divmod,
    .power = f_pow, .negative = f_neg, .positive = f_pos, .absolute = f_abs, .bool_ = f_bool,
    .int_ = f_int, .float_ = f_float, .floor_divide = f_floordiv, .true_divide = f_div,
};

static TypeObj fraction_type = {
    .base = TYPE_HEAD_INIT, .name = "fractions._FractionBase", .basicsize = sizeof(Frac),
    .flags = TPF_BASETYPE, .dealloc = frac_dealloc, .repr = f_repr, .str = f_str, .hash = f_hash,
    .richcompare = f_richcompare, .getattro = obj_generic_getattr, .new_ = frac_tp_new,
    .as_number = &frac_as_number, .methods = frac_methods, .getset = frac_getset,
    .doc = "This class implements rational numbers.",
};

static Obj *fractions_init(void)
{
    if (!fraction_cls) {
        /* CPython's Fraction is a Python class (tp_name "Fraction", no
         * __dict__): a heap class over the native layout and slots */
        if (!(fraction_type.flags & TPF_READY) && type_ready(&fraction_type) < 0) return NULL;
        Obj *name = str_from_cstr("Fraction"), *mod = str_from_cstr("fractions");
        Obj *doc = str_from_cstr(fraction_type.doc);
        Obj *bases = tuple_pack(1, (Obj *)&fraction_type), *ns = dict_new(), *slots = tuple_new(0);
        if (name && mod && doc && bases && ns && slots && dict_set_str(ns, "__module__", mod) == 0 &&
            dict_set_str(ns, "__qualname__", name) == 0 && dict_set_str(ns, "__doc__", doc) == 0 &&
            dict_set_str(ns, "__slots__", slots) == 0)
            fraction_cls = type_new_class(&type_type, name, bases, ns, NULL);
        XDECREF(name);
        XDECREF(mod);
        XDECREF(doc);
        XDECREF(bases);
        XDECREF(ns);
        XDECREF(slots);
        if (!fraction_cls) return NULL;
    }
    Obj *m = mh_module("fractions", NULL);
    if (!m) return NULL;
    Obj *all = list_new(0);
    Obj *s = str_from_cstr("Fraction");
    if (!all || !s || list_append(all, s) < 0 || module_add(m, "__all__", all) < 0 ||
        mh_add_obj(m, "Fraction", fraction_cls) < 0) {
        XDECREF(s);
        DECREF(m);
        return NULL;
    }
    DECREF(s);
    return m;
}

void native_fractions_register(void)
{
    import_register_native("fractions", fractions_init);
    vm_static_roots(&fraction_cls, 1);
    vm_static_roots(&rational_re, 1);
}

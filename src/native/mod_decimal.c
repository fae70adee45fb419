/* mod_decimal.c — the `decimal` module of CPython 3.12, natively.
 *
 * Decimal objects wrap a DecNum (decnum.h, the arithmetic on GMP);
 * Context objects hold a DecCtx plus capitals, flags and traps.  Every
 * operation runs in the current context (getcontext) or the one passed,
 * collects the conditions it raised, ORs them into the context's flags and
 * raises the first trapped signal as _decimal does:
 * `decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]` (the
 * exception's argument is the list of trapped conditions).  The signals
 * are classes built like CPython's (DivisionByZero also derives from
 * ZeroDivisionError, FloatOperation from TypeError …).  Decimal's repr,
 * str, hash (equal to int/float hashes for equal values), comparisons
 * with int, float, Fraction and complex, and __format__ follow 3.12.
 * Left out: Context._apply and the C API (AttributeError).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "src/native/decnum.h"
#include "src/native/modhelp.h"

typedef struct DecObj { Obj base; Hash hash; DecNum n; } DecObj;
typedef struct CtxObj { Obj base; DecCtx c; int capitals; uint32_t flags, traps; } CtxObj;
typedef struct SigDictObj { Obj base; Obj *ctx; bool traps; } SigDictObj;
typedef struct CtxMgrObj { Obj base; Obj *local, *saved; } CtxMgrObj;

static TypeObj dec_type, ctx_type, sigdict_type, ctxmgr_type;
#define DEC(o) (&((DecObj *)(o))->n)
#define CTX(o) ((CtxObj *)(o))

static bool dec_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &dec_type); }
static bool ctx_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &ctx_type); }

/* ---- signals ---------------------------------------------------------------------- */

/* The signals in _decimal's signal_map order (flags dict order, which
 * exception a set of trapped conditions raises). */
enum { SIG_INVALID, SIG_FLOAT, SIG_DIVZERO, SIG_OVERFLOW, SIG_UNDERFLOW, SIG_SUBNORMAL,
       SIG_INEXACT, SIG_ROUNDED, SIG_CLAMPED, SIG_COUNT };
static const char *const sig_names[SIG_COUNT] = {
    "InvalidOperation", "FloatOperation", "DivisionByZero", "Overflow", "Underflow",
    "Subnormal", "Inexact", "Rounded", "Clamped"};
static const uint32_t sig_bits[SIG_COUNT] = {
    DS_IEEE_INVALID, DS_FLOAT_OP, DS_DIV_BY_ZERO, DS_OVERFLOW, DS_UNDERFLOW, DS_SUBNORMAL,
    DS_INEXACT, DS_ROUNDED, DS_CLAMPED};
/* The conditions of InvalidOperation, in _decimal's cond_map order. */
enum { COND_CONV, COND_DIVIMP, COND_DIVUNDEF, COND_INVCTX, COND_COUNT };
static const char *const cond_names[COND_COUNT] = {
    "ConversionSyntax", "DivisionImpossible", "DivisionUndefined", "InvalidContext"};
static const uint32_t cond_bits[COND_COUNT] = {
    DS_CONV_SYNTAX, DS_DIV_IMPOSSIBLE, DS_DIV_UNDEFINED, DS_INVALID_CONTEXT};

static Obj *sig_cls[SIG_COUNT], *cond_cls[COND_COUNT], *decexc_cls;
static Obj *decimal_tuple;              /* DecimalTuple (a namedtuple) */
static Obj *default_ctx, *basic_ctx, *extended_ctx, *cur_ctx;

static const char *const round_names[DR_COUNT] = {
    "ROUND_CEILING", "ROUND_FLOOR", "ROUND_UP", "ROUND_DOWN", "ROUND_HALF_UP",
    "ROUND_HALF_DOWN", "ROUND_HALF_EVEN", "ROUND_05UP"};

/* Which signal (index) an exception class is, -1 when none. */
static int signal_index(Obj *o)
{
    for (int i = 0; i < SIG_COUNT; i++)
        if (sig_cls[i] && o == sig_cls[i]) return i;
    return -1;
}

/* Add conditions to a context: flags, then the first trapped signal is
 * raised with the list of trapped conditions.  0, or -1 with it raised. */
static int ctx_status(CtxObj *c, uint32_t st)
{
    c->flags |= st;
    uint32_t t = st & c->traps;
    if (!t) return 0;
    Obj *cls = NULL;
    for (int i = 0; i < SIG_COUNT && !cls; i++)
        if (t & sig_bits[i]) cls = sig_cls[i];
    Obj *list = list_new(0);
    if (!list) return -1;
    if (t & DS_INVALID_OP) list_append(list, sig_cls[SIG_INVALID]);
    for (int i = 0; i < COND_COUNT; i++)
        if (t & cond_bits[i]) list_append(list, cond_cls[i]);
    for (int i = 1; i < SIG_COUNT; i++)
        if (t & sig_bits[i]) list_append(list, sig_cls[i]);
    vm_err_set_obj((TypeObj *)cls, list);
    DECREF(list);
    return -1;
}

/* ---- argument parsing ------------------------------------------------------------------ */

/* _decimal parses with PyArg_ParseTupleAndKeywords and no function name, so
 * its messages say "function": bind args to names[0..n), the first nreq
 * required.  out gets borrowed references (NULL: not given). */
static int dec_args(Obj *const *args, Ssize nargs, Obj *kwnames, const char *const *names, int n,
                    int nreq, Obj **out)
{
    Ssize nkw = mh_nkw(kwnames);
    for (int i = 0; i < n; i++) out[i] = NULL;
    if (nargs + nkw > n) {
        vm_err_format(&exc_TypeError, "function takes at most %d argument%s (%zd given)", n,
                      n == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    for (Ssize i = 0; i < nargs; i++) out[i] = args[i];
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = 0; i < n; i++)
            if (str_eq_cstr(kn, names[i])) break;
        if (i == n) {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for this function", kn);
            return -1;
        }
        if (out[i]) {
            vm_err_format(&exc_TypeError, "argument for function given by name ('%s') and position (%d)",
                          names[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (int i = 0; i < nreq; i++)
        if (!out[i]) {
            vm_err_format(&exc_TypeError, "function missing required argument '%s' (pos %d)", names[i], i + 1);
            return -1;
        }
    return 0;
}

/* ---- contexts ------------------------------------------------------------------------ */

static Obj *ctx_new_raw(TypeObj *t)
{
    CtxObj *c = (CtxObj *)obj_alloc(t, 0);
    if (!c) return NULL;
    c->c = (DecCtx){28, -999999, 999999, DR_HALF_EVEN, 0};
    c->capitals = 1;
    c->traps = DS_IEEE_INVALID | DS_DIV_BY_ZERO | DS_OVERFLOW;
    return (Obj *)c;
}

static Obj *ctx_copy(Obj *src)
{
    CtxObj *c = (CtxObj *)ctx_new_raw(&ctx_type);
    if (!c) return NULL;
    c->c = CTX(src)->c;
    c->capitals = CTX(src)->capitals;
    c->flags = CTX(src)->flags;
    c->traps = CTX(src)->traps;
    return (Obj *)c;
}

/* The current context (borrowed). */
static CtxObj *current(void)
{
    if (!cur_ctx) {
        cur_ctx = ctx_copy(default_ctx);
        if (!cur_ctx) return NULL;
        CTX(cur_ctx)->flags = 0;
    }
    return CTX(cur_ctx);
}

/* context argument: None/absent → current; else must be a Context. Borrowed. */
static CtxObj *ctx_arg(Obj *o)
{
    if (!o || o == NONE) return current();
    if (!ctx_check(o)) {
        vm_err_set_str(&exc_TypeError, "optional argument must be a context");
        return NULL;
    }
    return CTX(o);
}

static void err_rounding(void)
{
    vm_err_set_str(&exc_TypeError,
                   "valid values for rounding are:\n  [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN,\n"
                   "   ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN,\n   ROUND_05UP]");
}

/* rounding argument: a ROUND_* string; None/absent → dflt. -1 on error. */
static int rounding_arg(Obj *o, int dflt)
{
    if (!o || o == NONE) return dflt;
    if (STR_CHECK(o))
        for (int i = 0; i < DR_COUNT; i++)
            if (str_eq_cstr(o, round_names[i])) return i;
    err_rounding();
    return -1;
}

/* ---- Decimal objects ------------------------------------------------------------------ */

static Obj *dec_alloc(TypeObj *t)
{
    DecObj *d = (DecObj *)obj_alloc(t, 0);
    if (!d) return NULL;
    d->hash = -1;
    dn_init(&d->n);
    return (Obj *)d;
}

static void dec_dealloc(Obj *o)
{
    dn_clear(DEC(o));
    obj_free(o);
}

static Obj *dec_from_num(const DecNum *n)
{
    Obj *r = dec_alloc(&dec_type);
    if (r) dn_copy(DEC(r), n);
    return r;
}

static void num_from_int(DecNum *r, Obj *i)
{
    int_to_mpz(i, r->coef);
    r->kind = DN_FINITE;
    r->exp = 0;
    r->sign = mpz_sgn(r->coef) < 0;
    mpz_abs(r->coef, r->coef);
}

/* Operand conversion: Decimal or int into *out (tmp holds converted ints).
 * 1 converted, 0 other type. */
static int conv_op(Obj *o, DecNum *tmp, const DecNum **out)
{
    if (dec_check(o)) {
        *out = DEC(o);
        return 1;
    }
    if (INT_CHECK(o)) {
        num_from_int(tmp, o);
        *out = tmp;
        return 1;
    }
    return 0;
}

/* The same for method arguments: TypeError for other types. */
static int conv_arg(Obj *o, DecNum *tmp, const DecNum **out)
{
    if (conv_op(o, tmp, out)) return 0;
    vm_err_format(&exc_TypeError, "conversion from %s to Decimal is not supported",
                  type_name(OBJ_TYPE(o)));
    return -1;
}

/* Text of the string argument: ASCII, white space stripped, '_' removed.
 * NULL (no exception) when it has other non-ASCII characters. */
static char *clean_numeric_str(Obj *s, size_t *n)
{
    Obj *a = str_to_decimal_ascii(s);
    if (!a) return NULL;
    Ssize len;
    const char *p = str_utf8(a, &len);
    if (!p) {
        DECREF(a);
        return NULL;
    }
    char *out = malloc((size_t)len + 1);
    if (!out) {
        DECREF(a);
        vm_err_no_memory();
        return NULL;
    }
    Ssize b = 0, e = len;
    while (b < e && strchr(" \t\n\r\v\f", p[b]) && p[b]) b++;
    while (e > b && strchr(" \t\n\r\v\f", p[e - 1]) && p[e - 1]) e--;
    size_t k = 0;
    for (Ssize i = b; i < e; i++)
        if (p[i] != '_') out[k++] = p[i];
    out[k] = 0;
    *n = k;
    DECREF(a);
    return out;
}

/* Exact value of a str: 0, or the status (ConversionSyntax etc.) with r a NaN.
 * -1 with an exception (memory). */
static int num_from_str(DecNum *r, Obj *s, uint32_t *st)
{
    size_t n = 0;
    char *p = clean_numeric_str(s, &n);
    if (!p && vm_err_occurred()) return -1;
    if (!p || memchr(p, '?', n) || dn_from_str(r, p, n) < 0) {
        dn_set_special(r, DN_NAN, 0);
        *st |= DS_CONV_SYNTAX;
    } else if (r->kind == DN_FINITE &&
               (r->exp > DEC_MAX_EMAX || r->exp < DEC_MIN_ETINY ||
                dn_adjusted(r) > DEC_MAX_EMAX)) {
        dn_set_special(r, DN_NAN, 0);
        *st |= DS_INVALID_OP;
    }
    free(p);
    return 0;
}

static int num_from_tuple(DecNum *r, Obj *o)
{
    Obj *t = TUPLE_CHECK(o) ? INCREF(o) : list_as_tuple(o);
    if (!t) return -1;
    int rc = -1;
    if (TUPLE_LEN(t) != 3) {
        vm_err_set_str(&exc_ValueError, "argument must be a sequence of length 3");
        goto out;
    }
    Obj *sign = TUPLE_ITEMS(t)[0], *digits = TUPLE_ITEMS(t)[1], *exp = TUPLE_ITEMS(t)[2];
    int64_t sv;
    if (!INT_CHECK(sign) || int_as_i64(sign, &sv) < 0 || (sv != 0 && sv != 1)) {
        vm_err_clear();
        vm_err_set_str(&exc_ValueError, "sign must be an integer with the value 0 or 1");
        goto out;
    }
    int kind = DN_FINITE;
    int64_t ev = 0;
    if (STR_CHECK(exp)) {
        if (str_eq_cstr(exp, "F")) kind = DN_INF;
        else if (str_eq_cstr(exp, "n")) kind = DN_NAN;
        else if (str_eq_cstr(exp, "N")) kind = DN_SNAN;
        else {
            vm_err_set_str(&exc_ValueError,
                           "string argument in the third position must be 'F', 'n' or 'N'");
            goto out;
        }
    } else if (!INT_CHECK(exp) || int_as_i64(exp, &ev) < 0) {
        vm_err_clear();
        vm_err_set_str(&exc_ValueError, "exponent must be an integer");
        goto out;
    }
    r->kind = kind;
    r->sign = (int)sv;
    r->exp = kind == DN_FINITE ? ev : 0;
    mpz_set_ui(r->coef, 0);
    if (kind == DN_INF) {
        rc = 0;
        goto out;
    }
    Obj *dt = TUPLE_CHECK(digits) ? INCREF(digits) : LIST_CHECK(digits) ? list_as_tuple(digits) : NULL;
    if (!dt) {
        if (!vm_err_occurred())
            vm_err_set_str(&exc_ValueError, "coefficient must be a tuple of digits");
        goto out;
    }
    for (Ssize i = 0; i < TUPLE_LEN(dt); i++) {
        Obj *d = TUPLE_ITEMS(dt)[i];
        int64_t dv;
        if (!INT_CHECK(d) || int_as_i64(d, &dv) < 0 || dv < 0 || dv > 9) {
            vm_err_clear();
            vm_err_set_str(&exc_ValueError, "coefficient must be a tuple of digits");
            DECREF(dt);
            goto out;
        }
        mpz_mul_ui(r->coef, r->coef, 10);
        mpz_add_ui(r->coef, r->coef, (unsigned long)dv);
    }
    DECREF(dt);
    rc = 0;
out:
    DECREF(t);
    return rc;
}

/* Decimal(value) into r, exactly; conditions into *st.  -1 on error. */
static int num_from_value(DecNum *r, Obj *v, CtxObj *c, uint32_t *st, bool *float_op)
{
    if (dec_check(v)) {
        dn_copy(r, DEC(v));
        return 0;
    }
    if (STR_CHECK(v)) return num_from_str(r, v, st);
    if (INT_CHECK(v)) {
        num_from_int(r, v);
        return 0;
    }
    if (IS_TYPE(v, float_type) || type_is_subtype(OBJ_TYPE(v), &float_type)) {
        *float_op = true;
        dn_from_double(r, float_value(v));
        return 0;
    }
    if (TUPLE_CHECK(v) || LIST_CHECK(v)) return num_from_tuple(r, v);
    (void)c;
    vm_err_format(&exc_TypeError, "conversion from %s to Decimal is not supported",
                  type_name(OBJ_TYPE(v)));
    return -1;
}

static Obj *dec_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"value", "context"};
    Obj *a[2];
    if (dec_args(args, nargs, kwnames, names, 2, 0, a) < 0) return NULL;
    CtxObj *c = ctx_arg(a[1]);
    if (!c) return NULL;
    if (a[0] && dec_check(a[0]) && t == &dec_type && IS_TYPE(a[0], dec_type)) return INCREF(a[0]);
    Obj *r = dec_alloc(t);
    if (!r) return NULL;
    if (!a[0]) {
        dn_set_i64(DEC(r), 0);
        return r;
    }
    uint32_t st = 0;
    bool fop = false;
    if (num_from_value(DEC(r), a[0], c, &st, &fop) < 0 ||
        (fop && ctx_status(c, DS_FLOAT_OP) < 0) || ctx_status(c, st) < 0) {
        DECREF(r);
        return NULL;
    }
    return r;
}

/* ---- text ------------------------------------------------------------------------------- */

static Obj *dec_to_str(Obj *o, bool eng, int capitals)
{
    SBuf b = SBUF_INIT;
    dn_to_sci(DEC(o), eng, capitals != 0, &b);
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *dec_to_str_num(const DecNum *x, CtxObj *c)
{
    SBuf b = SBUF_INIT;
    dn_to_sci(x, false, c->capitals != 0, &b);
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *dec_str(Obj *o)
{
    CtxObj *c = current();
    return c ? dec_to_str(o, false, c->capitals) : NULL;
}

static Obj *dec_repr(Obj *o)
{
    CtxObj *c = current();
    if (!c) return NULL;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "Decimal('");
    dn_to_sci(DEC(o), false, c->capitals != 0, &b);
    sbuf_puts(&b, "')");
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

/* ---- arithmetic dispatch ----------------------------------------------------------------- */

enum {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_DIVINT, OP_REM, OP_POW, OP_COMPARE, OP_COMPARE_SIGNAL,
    OP_MAX, OP_MIN, OP_MAX_MAG, OP_MIN_MAG, OP_NEXT_TOWARD, OP_REM_NEAR, OP_SCALEB,
    OP_QUANTIZE, OP_SAME_QUANTUM, OP_COPY_SIGN, OP_CMP_TOTAL, OP_CMP_TOTAL_MAG,
    OP_AND, OP_OR, OP_XOR, OP_ROTATE, OP_SHIFT, OP_INVERT, OP_DIVMOD,
    /* unary */
    OP_EXP, OP_LN, OP_LOG10, OP_LOGB, OP_SQRT, OP_NORMALIZE, OP_NEXT_MINUS, OP_NEXT_PLUS,
    OP_PLUS, OP_MINUS, OP_ABS, OP_COPY_ABS, OP_COPY_NEGATE, OP_IS_NORMAL, OP_IS_SUBNORMAL,
    OP_NUMBER_CLASS, OP_TO_SCI, OP_TO_ENG, OP_IS_CANONICAL, OP_IS_FINITE, OP_IS_INFINITE,
    OP_IS_NAN, OP_IS_QNAN, OP_IS_SNAN, OP_IS_SIGNED, OP_IS_ZERO, OP_TO_INTEGRAL,
    OP_TO_INTEGRAL_EXACT, OP_CANONICAL
};

/* Coefficients beyond this many digits are refused with MemoryError (as
 * CPython fails to allocate them) instead of letting GMP abort. */
#define DEC_DIGITS_LIMIT INT64_C(200000000)

static int err_too_big(void)
{
    vm_err_no_memory();
    return -1;
}

/* Whether op may build a coefficient of about prec digits (or of the
 * operands' exponent spread) that memory cannot hold: -1 with MemoryError. */
static int ctx_guard(CtxObj *c, int op, const DecNum *x, const DecNum *y)
{
    if (c->c.prec <= DEC_DIGITS_LIMIT) return 0;
    switch (op) {
    case OP_ADD: case OP_SUB: case OP_COMPARE: case OP_COMPARE_SIGNAL: case OP_MAX: case OP_MIN:
    case OP_MAX_MAG: case OP_MIN_MAG: case OP_CMP_TOTAL: case OP_CMP_TOTAL_MAG:
        if (c->c.clamp) return err_too_big();
        if (!y || dn_special(x) || dn_special(y)) return 0;
        return (x->exp > y->exp ? x->exp - y->exp : y->exp - x->exp) > DEC_DIGITS_LIMIT ? err_too_big() : 0;
    case OP_MUL: case OP_PLUS: case OP_MINUS: case OP_ABS: case OP_COPY_ABS: case OP_COPY_NEGATE:
    case OP_COPY_SIGN: case OP_SAME_QUANTUM: case OP_NUMBER_CLASS: case OP_TO_SCI: case OP_TO_ENG:
    case OP_IS_NORMAL: case OP_IS_SUBNORMAL: case OP_IS_CANONICAL: case OP_IS_FINITE:
    case OP_IS_INFINITE: case OP_IS_NAN: case OP_IS_QNAN: case OP_IS_SNAN: case OP_IS_SIGNED:
    case OP_IS_ZERO: case OP_CANONICAL:
        return c->c.clamp ? err_too_big() : 0;
    case OP_EXP: case OP_LN: case OP_LOG10:
        /* libmpdec refuses these precisions: InvalidOperation */
        return 1;
    default:
        return err_too_big();
    }
}

static Obj *finish(DecNum *r, CtxObj *c, uint32_t st)
{
    /* a NaN result keeps at most prec - clamp payload digits (_mpd_fix_nan) */
    if (dn_isnan(r)) dn_finalize(r, &c->c, &st);
    if (ctx_status(c, st) < 0) return NULL;
    return dec_from_num(r);
}

static Obj *apply_binary(int op, const DecNum *x, const DecNum *y, CtxObj *c, int round)
{
    if (ctx_guard(c, op, x, y) < 0) return NULL;
    DecNum r;
    dn_init(&r);
    uint32_t st = 0;
    Obj *res = NULL;
    const DecCtx *k = &c->c;
    switch (op) {
    case OP_ADD: dn_add(&r, x, y, false, k, &st); break;
    case OP_SUB: dn_add(&r, x, y, true, k, &st); break;
    case OP_MUL: dn_mul(&r, x, y, k, &st); break;
    case OP_DIV: dn_div(&r, x, y, k, &st); break;
    case OP_DIVINT: dn_divmod(&r, NULL, x, y, k, &st); break;
    case OP_REM: dn_divmod(NULL, &r, x, y, k, &st); break;
    case OP_POW: dn_pow(&r, x, y, k, &st); break;
    case OP_REM_NEAR: dn_rem_near(&r, x, y, k, &st); break;
    case OP_AND: dn_logical(&r, x, y, 0, k, &st); break;
    case OP_OR: dn_logical(&r, x, y, 1, k, &st); break;
    case OP_XOR: dn_logical(&r, x, y, 2, k, &st); break;
    case OP_ROTATE: dn_rotate(&r, x, y, false, k, &st); break;
    case OP_SHIFT: dn_rotate(&r, x, y, true, k, &st); break;
    case OP_SCALEB: dn_scaleb(&r, x, y, k, &st); break;
    case OP_QUANTIZE: dn_quantize(&r, x, y, round, k, &st); break;
    case OP_MAX: dn_maxmin(&r, x, y, true, false, k, &st); break;
    case OP_MIN: dn_maxmin(&r, x, y, false, false, k, &st); break;
    case OP_MAX_MAG: dn_maxmin(&r, x, y, true, true, k, &st); break;
    case OP_MIN_MAG: dn_maxmin(&r, x, y, false, true, k, &st); break;
    case OP_COMPARE:
    case OP_COMPARE_SIGNAL:
        if (op == OP_COMPARE_SIGNAL && (dn_isnan(x) || dn_isnan(y))) {
            /* any NaN signals; the result is the NaN compare would give */
            st |= DS_INVALID_OP;
            dn_nan_result(&r, x, y, &st);
        } else if (!dn_nan_result(&r, x, y, &st)) {
            dn_set_i64(&r, dn_cmp(x, y));
        }
        break;
    case OP_CMP_TOTAL:
    case OP_CMP_TOTAL_MAG:
        dn_set_i64(&r, dn_cmp_total(x, y, op == OP_CMP_TOTAL_MAG));
        break;
    case OP_COPY_SIGN: {
        dn_copy(&r, x);
        r.sign = y->sign;
        Obj *cs = dec_from_num(&r);
        dn_clear(&r);
        return cs;
    }
    case OP_SAME_QUANTUM: {
        bool same;
        if (dn_special(x) || dn_special(y))
            same = (dn_isnan(x) && dn_isnan(y)) || (x->kind == DN_INF && y->kind == DN_INF);
        else same = x->exp == y->exp;
        dn_clear(&r);
        return bool_from(same);
    }
    case OP_NEXT_TOWARD:
        if (dn_nan_result(&r, x, y, &st)) break;
        {
            int cmp = dn_cmp(x, y);
            if (cmp == 0) {
                dn_copy(&r, x);
                r.sign = y->sign;
            } else {
                uint32_t ws = 0;
                dn_next(&r, x, cmp < 0 ? 1 : -1, k, &ws);
                if (r.kind == DN_INF) {
                    st |= DS_OVERFLOW | DS_INEXACT | DS_ROUNDED;
                } else if (dn_adjusted(&r) < k->emin) {
                    st |= DS_UNDERFLOW | DS_SUBNORMAL | DS_INEXACT | DS_ROUNDED;
                    if (dn_iszero(&r)) st |= DS_CLAMPED;
                }
            }
        }
        break;
    }
    res = finish(&r, c, st);
    dn_clear(&r);
    return res;
}

static Obj *apply_unary(int op, const DecNum *x, CtxObj *c, int round)
{
    int g = ctx_guard(c, op, x, NULL);
    if (g < 0) return NULL;
    if (g > 0) {
        DecNum nan;
        dn_init(&nan);
        dn_set_special(&nan, DN_NAN, 0);
        Obj *res = finish(&nan, c, DS_INVALID_OP);
        dn_clear(&nan);
        return res;
    }
    DecNum r;
    dn_init(&r);
    uint32_t st = 0;
    const DecCtx *k = &c->c;
    Obj *res = NULL;
    switch (op) {
    case OP_EXP: dn_exp(&r, x, k, &st); break;
    case OP_INVERT: dn_logical(&r, x, NULL, 2, k, &st); break;
    case OP_LN: dn_ln(&r, x, k, &st); break;
    case OP_LOG10: dn_log10(&r, x, k, &st); break;
    case OP_LOGB: dn_logb(&r, x, k, &st); break;
    case OP_SQRT: dn_sqrt(&r, x, k, &st); break;
    case OP_NORMALIZE: dn_normalize(&r, x, k, &st); break;
    case OP_NEXT_MINUS: dn_next(&r, x, -1, k, &st); break;
    case OP_NEXT_PLUS: dn_next(&r, x, 1, k, &st); break;
    case OP_PLUS: dn_plus(&r, x, 0, k, &st); break;
    case OP_MINUS: dn_plus(&r, x, 1, k, &st); break;
    case OP_ABS: dn_plus(&r, x, 2, k, &st); break;
    case OP_COPY_ABS:
    case OP_COPY_NEGATE:
    case OP_CANONICAL:
        dn_copy(&r, x);
        if (op == OP_COPY_ABS) r.sign = 0;
        if (op == OP_COPY_NEGATE) r.sign = !r.sign;
        res = dec_from_num(&r);
        dn_clear(&r);
        return res;
    case OP_TO_INTEGRAL: dn_to_integral(&r, x, round, false, &st); break;
    case OP_TO_INTEGRAL_EXACT: dn_to_integral(&r, x, round, true, &st); break;
    case OP_IS_CANONICAL: case OP_IS_FINITE: case OP_IS_INFINITE: case OP_IS_NAN:
    case OP_IS_QNAN: case OP_IS_SNAN: case OP_IS_SIGNED: case OP_IS_ZERO: {
        bool v = op == OP_IS_CANONICAL ? true
               : op == OP_IS_FINITE ? x->kind == DN_FINITE
               : op == OP_IS_INFINITE ? x->kind == DN_INF
               : op == OP_IS_NAN ? dn_isnan(x)
               : op == OP_IS_QNAN ? x->kind == DN_NAN
               : op == OP_IS_SNAN ? x->kind == DN_SNAN
               : op == OP_IS_SIGNED ? x->sign != 0
               : dn_iszero(x);
        dn_clear(&r);
        return bool_from(v);
    }
    case OP_IS_NORMAL:
    case OP_IS_SUBNORMAL: {
        bool v = false;
        if (!dn_special(x) && !dn_iszero(x)) {
            bool sub = dn_adjusted(x) < k->emin;
            v = op == OP_IS_NORMAL ? !sub : sub;
        }
        dn_clear(&r);
        return bool_from(v);
    }
    case OP_NUMBER_CLASS: {
        const char *s;
        if (x->kind == DN_SNAN) s = "sNaN";
        else if (x->kind == DN_NAN) s = "NaN";
        else if (x->kind == DN_INF) s = x->sign ? "-Infinity" : "+Infinity";
        else if (dn_iszero(x)) s = x->sign ? "-Zero" : "+Zero";
        else if (dn_adjusted(x) < k->emin) s = x->sign ? "-Subnormal" : "+Subnormal";
        else s = x->sign ? "-Normal" : "+Normal";
        dn_clear(&r);
        return str_from_cstr(s);
    }
    case OP_TO_SCI:
    case OP_TO_ENG: {
        SBuf b = SBUF_INIT;
        dn_to_sci(x, op == OP_TO_ENG, c->capitals != 0, &b);
        res = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        sbuf_free(&b);
        dn_clear(&r);
        return res;
    }
    }
    (void)round;
    res = finish(&r, c, st);
    dn_clear(&r);
    return res;
}

/* ---- number slots ------------------------------------------------------------------------ */

static Obj *nb_binary(Obj *a, Obj *b, int op)
{
    DecNum ta, tb;
    const DecNum *x, *y;
    dn_init(&ta);
    dn_init(&tb);
    Obj *res;
    if (!conv_op(a, &ta, &x) || !conv_op(b, &tb, &y)) {
        res = INCREF(NOTIMPL);
    } else {
        CtxObj *c = current();
        res = c ? apply_binary(op, x, y, c, c->c.round) : NULL;
    }
    dn_clear(&ta);
    dn_clear(&tb);
    return res;
}

static Obj *nb_add(Obj *a, Obj *b) { return nb_binary(a, b, OP_ADD); }
static Obj *nb_sub(Obj *a, Obj *b) { return nb_binary(a, b, OP_SUB); }
static Obj *nb_mul(Obj *a, Obj *b) { return nb_binary(a, b, OP_MUL); }
static Obj *nb_div(Obj *a, Obj *b) { return nb_binary(a, b, OP_DIV); }
static Obj *nb_floordiv(Obj *a, Obj *b) { return nb_binary(a, b, OP_DIVINT); }
static Obj *nb_mod(Obj *a, Obj *b) { return nb_binary(a, b, OP_REM); }

static Obj *divmod_nums(const DecNum *x, const DecNum *y, CtxObj *c)
{
    if (ctx_guard(c, OP_DIVINT, x, y) < 0) return NULL;
    DecNum q, r;
    dn_init(&q);
    dn_init(&r);
    uint32_t st = 0;
    dn_divmod(&q, &r, x, y, &c->c, &st);
    if (dn_isnan(&q)) dn_finalize(&q, &c->c, &st);
    if (dn_isnan(&r)) dn_finalize(&r, &c->c, &st);
    Obj *res = NULL;
    if (ctx_status(c, st) == 0) {
        Obj *a = dec_from_num(&q), *b = dec_from_num(&r);
        if (a && b) res = tuple_pack(2, a, b);
        XDECREF(a);
        XDECREF(b);
    }
    dn_clear(&q);
    dn_clear(&r);
    return res;
}

static Obj *nb_divmod(Obj *a, Obj *b)
{
    DecNum ta, tb;
    const DecNum *x, *y;
    dn_init(&ta);
    dn_init(&tb);
    Obj *res;
    if (!conv_op(a, &ta, &x) || !conv_op(b, &tb, &y)) {
        res = INCREF(NOTIMPL);
    } else {
        CtxObj *c = current();
        res = c ? divmod_nums(x, y, c) : NULL;
    }
    dn_clear(&ta);
    dn_clear(&tb);
    return res;
}

/* pow(a, b, m) with integral operands: |a|**b mod |m|, sign of a when b is odd. */
static Obj *pow_mod(const DecNum *x, const DecNum *y, const DecNum *m, CtxObj *c)
{
    if (ctx_guard(c, OP_POW, x, y) < 0) return NULL;
    if ((!dn_special(x) && x->exp > DEC_DIGITS_LIMIT) || (!dn_special(y) && y->exp > DEC_DIGITS_LIMIT) ||
        (!dn_special(m) && m->exp > DEC_DIGITS_LIMIT))
        return err_too_big(), NULL;
    uint32_t st = 0;
    DecNum r;
    dn_init(&r);
    if (dn_special(x) || dn_special(y) || dn_special(m) || !dn_is_integer(x) ||
        !dn_is_integer(y) || !dn_is_integer(m) || y->sign || dn_iszero(m) ||
        (dn_iszero(x) && dn_iszero(y))) {
        dn_set_special(&r, DN_NAN, 0);
        st |= DS_INVALID_OP;
    } else {
        mpz_t a, b, mm, p;
        mpz_inits(a, b, mm, p, NULL);
        const DecNum *v[3] = {x, y, m};
        mpz_ptr o[3] = {a, b, mm};
        for (int i = 0; i < 3; i++) {
            if (v[i]->exp >= 0) {
                dn_pow10(p, v[i]->exp);
                mpz_mul(o[i], v[i]->coef, p);
            } else {
                dn_pow10(p, -v[i]->exp);
                mpz_tdiv_q(o[i], v[i]->coef, p);
            }
        }
        if (dn_mpz_digits(mm) > c->c.prec) {
            dn_set_special(&r, DN_NAN, 0);
            st |= DS_INVALID_OP;
        } else {
            mpz_powm(r.coef, a, b, mm);
            r.kind = DN_FINITE;
            r.exp = 0;
            r.sign = x->sign && mpz_odd_p(b);
        }
        mpz_clears(a, b, mm, p, NULL);
    }
    Obj *res = finish(&r, c, st);
    dn_clear(&r);
    return res;
}

static Obj *nb_pow(Obj *a, Obj *b, Obj *m)
{
    if (!m || m == NONE) return nb_binary(a, b, OP_POW);
    DecNum ta, tb, tm;
    const DecNum *x, *y, *z;
    dn_init(&ta);
    dn_init(&tb);
    dn_init(&tm);
    Obj *res;
    if (!conv_op(a, &ta, &x) || !conv_op(b, &tb, &y) || !conv_op(m, &tm, &z)) {
        res = INCREF(NOTIMPL);
    } else {
        CtxObj *c = current();
        res = c ? pow_mod(x, y, z, c) : NULL;
    }
    dn_clear(&ta);
    dn_clear(&tb);
    dn_clear(&tm);
    return res;
}

static Obj *nb_unary(Obj *a, int op)
{
    CtxObj *c = current();
    return c ? apply_unary(op, DEC(a), c, c->c.round) : NULL;
}
static Obj *nb_neg(Obj *a) { return nb_unary(a, OP_MINUS); }
static Obj *nb_pos(Obj *a) { return nb_unary(a, OP_PLUS); }
static Obj *nb_abs(Obj *a) { return nb_unary(a, OP_ABS); }
static int nb_bool(Obj *a) { return !dn_iszero(DEC(a)); }

/* int(): truncation; NaN / Infinity refused as CPython words it. */
static Obj *to_int(const DecNum *x, int round)
{
    if (dn_isnan(x)) {
        vm_err_set_str(&exc_ValueError, "cannot convert NaN to integer");
        return NULL;
    }
    if (x->kind == DN_INF) {
        vm_err_set_str(&exc_OverflowError, "cannot convert Infinity to integer");
        return NULL;
    }
    if (x->exp > DEC_DIGITS_LIMIT) {
        err_too_big();
        return NULL;
    }
    mpz_t v, p;
    mpz_inits(v, p, NULL);
    if (x->exp >= 0) {
        dn_pow10(p, x->exp);
        mpz_mul(v, x->coef, p);
    } else {
        DecNum r;
        dn_init(&r);
        dn_rescale(&r, x, 0, round);
        mpz_set(v, r.coef);
        dn_clear(&r);
    }
    if (x->sign) mpz_neg(v, v);
    Obj *res = int_from_mpz(v);
    mpz_clears(v, p, NULL);
    return res;
}

static Obj *nb_int(Obj *a) { return to_int(DEC(a), DR_DOWN); }

static double num_to_double(const DecNum *x, bool *err)
{
    *err = false;
    if (x->kind == DN_SNAN) {
        vm_err_set_str(&exc_ValueError, "cannot convert signaling NaN to float");
        *err = true;
        return 0;
    }
    if (x->kind == DN_NAN) return x->sign ? -NAN : NAN;
    SBuf b = SBUF_INIT;
    dn_to_sci(x, false, true, &b);
    double d = strtod(sbuf_cstr(&b), NULL);
    sbuf_free(&b);
    return d;
}

static Obj *nb_float(Obj *a)
{
    bool err;
    double d = num_to_double(DEC(a), &err);
    return err ? NULL : float_from_double(d);
}

/* ---- comparison and hash --------------------------------------------------------------- */

static Obj *fraction_cls_cache;

static bool is_fraction(Obj *o)
{
    if (!fraction_cls_cache) {
        Obj *mods = vm->modules;
        Obj *m = mods ? dict_get_str_borrow(mods, "fractions") : NULL;
        if (!m) return false;
        Obj *f = obj_getattr_str(m, "Fraction");
        if (!f) {
            vm_err_clear();
            return false;
        }
        fraction_cls_cache = f;
    }
    return TYPE_CHECK(fraction_cls_cache) &&
           type_is_subtype(OBJ_TYPE(o), (TypeObj *)fraction_cls_cache);
}

static Obj *dec_richcompare(Obj *a, Obj *b, int op)
{
    CtxObj *c = current();
    if (!c) return NULL;
    DecNum tb, ta;
    dn_init(&tb);
    dn_init(&ta);
    const DecNum *x = DEC(a), *y = NULL;
    Obj *res = NULL;
    bool eqop = op == CMP_EQ || op == CMP_NE;
    if (conv_op(b, &tb, &y)) {
        /* y set */
    } else if (IS_TYPE(b, float_type) || type_is_subtype(OBJ_TYPE(b), &float_type) ||
               (IS_TYPE(b, complex_type) && eqop && ((ComplexObj *)b)->im == 0)) {
        double d = IS_TYPE(b, complex_type) ? ((ComplexObj *)b)->re : float_value(b);
        if (eqop) c->flags |= DS_FLOAT_OP;
        else if (ctx_status(c, DS_FLOAT_OP) < 0) goto out;
        dn_from_double(&tb, d);
        y = &tb;
    } else if (IS_TYPE(b, complex_type) && eqop) {
        res = bool_from(op == CMP_NE);
        goto out;
    } else if (is_fraction(b) && !dn_isnan(x)) {
        Obj *num = obj_getattr_str(b, "numerator"), *den = num ? obj_getattr_str(b, "denominator") : NULL;
        if (!num || !den) {
            XDECREF(num);
            goto out;
        }
        num_from_int(&tb, num);
        DecNum dd;
        dn_init(&dd);
        num_from_int(&dd, den);
        DecCtx maxc = {DEC_MAX_PREC, DEC_MIN_EMIN, DEC_MAX_EMAX, DR_HALF_EVEN, 0};
        uint32_t ignore = 0;
        if (x->kind == DN_FINITE) dn_mul(&ta, x, &dd, &maxc, &ignore);
        else dn_copy(&ta, x);
        dn_clear(&dd);
        DECREF(num);
        DECREF(den);
        x = &ta;
        y = &tb;
    } else {
        res = INCREF(NOTIMPL);
        goto out;
    }
    if (dn_isnan(x) || dn_isnan(y)) {
        if (eqop && x->kind != DN_SNAN && y->kind != DN_SNAN) {
            res = bool_from(op == CMP_NE);
        } else if (ctx_status(c, DS_INVALID_OP) == 0) {
            res = bool_from(op == CMP_NE);
        }
        goto out;
    }
    int r = dn_cmp(x, y);
    bool v;
    switch (op) {
    case CMP_LT: v = r < 0; break;
    case CMP_LE: v = r <= 0; break;
    case CMP_EQ: v = r == 0; break;
    case CMP_NE: v = r != 0; break;
    case CMP_GT: v = r > 0; break;
    default: v = r >= 0;
    }
    res = bool_from(v);
out:
    dn_clear(&tb);
    dn_clear(&ta);
    return res;
}

static Hash dec_hash(Obj *o)
{
    DecObj *d = (DecObj *)o;
    if (d->hash != -1) return d->hash;
    if (d->n.kind == DN_SNAN) {
        vm_err_set_str(&exc_TypeError, "Cannot hash a signaling NaN value");
        return -1;
    }
    Hash h;
    if (d->n.kind == DN_NAN) h = (Hash)pyhash_signed(&pyhash_vm, pyhash_pointer(&pyhash_vm, (uint64_t)(uintptr_t)o));
    else h = (Hash)dn_hash(&d->n);
    if (h == -1) h = -2;
    d->hash = h;
    return h;
}

/* ---- __format__ --------------------------------------------------------------------------- */

typedef struct FmtSpec {
    char fill[8];          /* UTF-8 of one character */
    char align;            /* '<' '>' '^' '=' */
    char sign;             /* '-' '+' ' ' */
    bool no_neg_0, zeropad, thousands;
    int64_t width, prec;   /* -1: none */
    char type;             /* 0 or one of eEfFgGn% */
} FmtSpec;

static int utf8_len(unsigned char ch)
{
    return ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
}

static int parse_spec(const char *s, Ssize n, FmtSpec *f)
{
    memset(f, 0, sizeof *f);
    f->width = f->prec = -1;
    Ssize i = 0;
    bool have_fill = false, have_align = false;
    if (n > 0) {
        int l = utf8_len((unsigned char)s[0]);
        if (l < n && strchr("<>^=", s[l]) && s[l]) {
            memcpy(f->fill, s, (size_t)l);
            f->align = s[l];
            i = l + 1;
            have_fill = have_align = true;
        } else if (strchr("<>^=", s[0]) && s[0]) {
            f->align = s[0];
            i = 1;
            have_align = true;
        }
    }
    if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) f->sign = s[i++];
    if (i < n && s[i] == 'z') {
        f->no_neg_0 = true;
        i++;
    }
    if (i < n && s[i] == '0') {
        if (have_align) return -1;
        f->zeropad = true;
        i++;
    }
    if (i < n && s[i] >= '0' && s[i] <= '9') {
        if (f->zeropad && s[i] == '0') return -1;
        f->width = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            f->width = f->width * 10 + (s[i++] - '0');
            if (f->width > INT64_C(1000000000000000)) f->width = INT64_C(1000000000000000);
        }
    }
    if (i < n && s[i] == ',') {
        f->thousands = true;
        i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || s[i] < '0' || s[i] > '9') return -1;
        f->prec = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            f->prec = f->prec * 10 + (s[i++] - '0');
            if (f->prec > INT64_C(1000000000000000)) f->prec = INT64_C(1000000000000000);
        }
    }
    if (i < n) {
        if (!strchr("eEfFgGn%", s[i]) || !s[i]) return -1;
        f->type = s[i++];
    }
    if (i != n) return -1;
    if (f->zeropad) {
        strcpy(f->fill, "0");
        f->align = '=';
    }
    if (!have_fill && !f->zeropad) strcpy(f->fill, " ");
    if (!f->align) f->align = '>';
    if (f->thousands && f->type == 'n') return -1;
    if (f->prec == 0 && (!f->type || strchr("gGn", f->type))) f->prec = 1;
    return 0;
}

/* Rounded to places significant digits (_round). */
static void round_sig(DecNum *x, int64_t places, int round)
{
    if (dn_special(x) || dn_iszero(x)) return;
    int64_t adj = dn_adjusted(x);
    DecNum t;
    dn_init(&t);
    dn_rescale(&t, x, adj + 1 - places, round);
    if (dn_adjusted(&t) != adj) {
        DecNum u;
        dn_init(&u);
        dn_rescale(&u, &t, dn_adjusted(&t) + 1 - places, round);
        dn_copy(&t, &u);
        dn_clear(&u);
    }
    dn_copy(x, &t);
    dn_clear(&t);
}

static void put_fill(SBuf *b, const char *fill, int64_t n)
{
    for (int64_t i = 0; i < n; i++) sbuf_puts(b, fill);
}

static Obj *format_number(const DecNum *v, Obj *specobj, CtxObj *c)
{
    Ssize n;
    const char *s = str_utf8(specobj, &n);
    if (!s) return NULL;
    FmtSpec f;
    if (parse_spec(s, n, &f) < 0) {
        vm_err_set_str(&exc_ValueError, "invalid format string");
        return NULL;
    }
    if (n == 0) return dec_to_str_num(v, c);
    DecNum x;
    dn_init(&x);
    dn_copy(&x, v);
    SBuf body = SBUF_INIT;
    int sign = x.sign;
    char type = f.type;
    if (dn_special(&x)) {
        /* the '0' flag pads infinities and NaNs with spaces, on the right */
        if (f.zeropad) {
            strcpy(f.fill, " ");
            f.align = '>';
        }
        x.sign = 0;
        dn_to_sci(&x, false, true, &body);
        if (type == '%') sbuf_putc(&body, '%');
    } else {
        if (!type || type == 'n') type = c->capitals ? 'G' : 'g';
        if (f.type == 'n') type = 'g';
        if (type == '%') x.exp += 2;
        /* digits the text will hold: fixed point spells the exponent out */
        int64_t span = (strchr("fF%", type) ? (x.exp < 0 ? -x.exp : x.exp) : 0) + (f.prec > 0 ? f.prec : 0);
        if (span > DEC_DIGITS_LIMIT || f.width > DEC_DIGITS_LIMIT) {
            dn_clear(&x);
            sbuf_free(&body);
            err_too_big();
            return NULL;
        }
        int round = c->c.round;
        int64_t pad = 0;   /* zeros appended to the digits (a rescale to a lower exponent) */
        if (f.prec >= 0) {
            if (type == 'e' || type == 'E') round_sig(&x, f.prec + 1, round);
            else if (strchr("fF%", type)) {
                if (x.exp > -f.prec && !dn_iszero(&x)) {
                    pad = x.exp + f.prec;
                    x.exp = -f.prec;
                } else {
                    DecNum t;
                    dn_init(&t);
                    dn_rescale(&t, &x, -f.prec, round);
                    dn_copy(&x, &t);
                    dn_clear(&t);
                }
            } else if (dn_digits(&x) > f.prec) {
                round_sig(&x, f.prec, round);
            }
        }
        if (dn_iszero(&x) && x.exp > 0 && strchr("fF%", type)) x.exp = 0;
        /* (3.12 keeps the sign of a value that 'F' rounded to zero) */
        if (dn_iszero(&x) && f.no_neg_0 && (type != 'F' || dn_iszero(v))) sign = 0;
        char *digits0 = mpz_get_str(NULL, 10, x.coef);
        size_t nd0 = strlen(digits0);
        char *digits = malloc(nd0 + (size_t)pad + 1);
        if (!digits) {
            free(digits0);
            dn_clear(&x);
            sbuf_free(&body);
            vm_err_no_memory();
            return NULL;
        }
        memcpy(digits, digits0, nd0);
        memset(digits + nd0, '0', (size_t)pad);
        digits[nd0 + (size_t)pad] = 0;
        free(digits0);
        int64_t nd = (int64_t)(nd0 + (size_t)pad);
        int64_t left = x.exp + nd, dot;
        if (type == 'e' || type == 'E') dot = dn_iszero(&x) && f.prec >= 0 ? 1 - f.prec : 1;
        else if (strchr("fF%", type)) dot = left;
        else dot = x.exp <= 0 && left > -6 ? left : 1;
        SBuf ip = SBUF_INIT, fp = SBUF_INIT;
        if (dot < 0) {
            sbuf_putc(&ip, '0');
            sbuf_pad(&fp, '0', (size_t)-dot);
            sbuf_puts(&fp, digits);
        } else if (dot > nd) {
            sbuf_puts(&ip, digits);
            sbuf_pad(&ip, '0', (size_t)(dot - nd));
        } else {
            if (dot == 0) sbuf_putc(&ip, '0');
            else sbuf_put(&ip, digits, (size_t)dot);
            sbuf_puts(&fp, digits + dot);
        }
        int64_t e = left - dot;
        free(digits);
        SBuf tail = SBUF_INIT;
        if (fp.len) {
            sbuf_putc(&tail, '.');
            sbuf_put(&tail, fp.data, fp.len);
        }
        if (e != 0 || type == 'e' || type == 'E') {
            char ech = (type == 'E' || type == 'G') ? 'E' : 'e';
            sbuf_printf(&tail, "%c%+lld", ech, (long long)e);
        }
        if (type == '%') sbuf_putc(&tail, '%');
        int64_t signlen = (sign || f.sign == '+' || f.sign == ' ') ? 1 : 0;
        int64_t minw = f.zeropad ? f.width - (int64_t)tail.len - signlen : 0;
        /* digits of the integer part with separators, zero-padded to minw */
        const char *dg = sbuf_cstr(&ip);
        int64_t dl = (int64_t)ip.len;
        SBuf grouped = SBUF_INIT;
        if (f.thousands) {
            /* groups of three from the right, as _insert_thousands_sep */
            char **groups = malloc(sizeof(char *) * (size_t)(dl + (minw > 0 ? minw : 0) + 8));
            int ng = 0;
            int64_t mw = minw;
            while (1) {
                int64_t l = dl > mw ? dl : mw;
                if (l < 1) l = 1;
                if (l > 3) l = 3;
                char *g = malloc(4);
                int64_t take = dl < l ? dl : l;
                int64_t z = l - take;
                for (int64_t k = 0; k < z; k++) g[k] = '0';
                memcpy(g + z, dg + dl - take, (size_t)take);
                g[l] = 0;
                groups[ng++] = g;
                dl -= take;
                mw -= l;
                if (dl == 0 && mw <= 0) break;
                mw -= 1;
            }
            for (int k = ng - 1; k >= 0; k--) {
                sbuf_puts(&grouped, groups[k]);
                if (k) sbuf_putc(&grouped, ',');
                free(groups[k]);
            }
            free(groups);
        } else {
            if (minw > dl) sbuf_pad(&grouped, '0', (size_t)(minw - dl));
            sbuf_put(&grouped, dg, (size_t)dl);
        }
        sbuf_put(&body, grouped.data ? grouped.data : "", grouped.len);
        sbuf_put(&body, tail.data ? tail.data : "", tail.len);
        sbuf_free(&ip);
        sbuf_free(&fp);
        sbuf_free(&tail);
        sbuf_free(&grouped);
    }
    dn_clear(&x);
    const char *sg = sign ? "-" : f.sign == '+' ? "+" : f.sign == ' ' ? " " : "";
    int64_t len = (int64_t)strlen(sg) + (int64_t)body.len;
    int64_t pad = f.width > len ? f.width - len : 0;
    SBuf out = SBUF_INIT;
    switch (f.align) {
    case '<':
        sbuf_puts(&out, sg);
        sbuf_put(&out, body.data, body.len);
        put_fill(&out, f.fill, pad);
        break;
    case '=':
        sbuf_puts(&out, sg);
        put_fill(&out, f.fill, pad);
        sbuf_put(&out, body.data, body.len);
        break;
    case '^':
        put_fill(&out, f.fill, pad / 2);
        sbuf_puts(&out, sg);
        sbuf_put(&out, body.data, body.len);
        put_fill(&out, f.fill, pad - pad / 2);
        break;
    default:
        put_fill(&out, f.fill, pad);
        sbuf_puts(&out, sg);
        sbuf_put(&out, body.data, body.len);
    }
    sbuf_free(&body);
    Obj *r = str_from_utf8(sbuf_cstr(&out), (Ssize)out.len);
    sbuf_free(&out);
    return r;
}

/* ---- Decimal methods ------------------------------------------------------------------------ */

/* d.NAME(context=None) and d.NAME(rounding=None, context=None) */
static Obj *dm_unary(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, const char *name,
                     int op, bool rounding)
{
    static const char *const n1[] = {"context"};
    static const char *const n2[] = {"rounding", "context"};
    Obj *a[2] = {NULL, NULL};
    (void)name;
    if (rounding) {
        if (dec_args(args, nargs, kwnames, n2, 2, 0, a) < 0) return NULL;
    } else if (dec_args(args, nargs, kwnames, n1, 1, 0, a + 1) < 0) {
        return NULL;
    }
    CtxObj *c = ctx_arg(a[1]);
    if (!c) return NULL;
    int round = rounding_arg(a[0], c->c.round);
    if (round < 0) return NULL;
    return apply_unary(op, DEC(self), c, round);
}

/* d.NAME(other, context=None) */
static Obj *dm_binary(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, const char *name,
                      int op)
{
    static const char *const names[] = {"other", "context"};
    Obj *a[2];
    (void)name;
    if (dec_args(args, nargs, kwnames, names, 2, 1, a) < 0) return NULL;
    CtxObj *c = ctx_arg(a[1]);
    if (!c) return NULL;
    DecNum t;
    dn_init(&t);
    const DecNum *y;
    Obj *r = NULL;
    if (conv_arg(a[0], &t, &y) == 0) r = apply_binary(op, DEC(self), y, c, c->c.round);
    dn_clear(&t);
    return r;
}

#define DM_U(fn, name, op) \
    static Obj *fn(Obj *s, Obj *const *a, Ssize n, Obj *k) { return dm_unary(s, a, n, k, name, op, false); }
#define DM_UR(fn, name, op) \
    static Obj *fn(Obj *s, Obj *const *a, Ssize n, Obj *k) { return dm_unary(s, a, n, k, name, op, true); }
#define DM_B(fn, name, op) \
    static Obj *fn(Obj *s, Obj *const *a, Ssize n, Obj *k) { return dm_binary(s, a, n, k, name, op); }
#define DM_0(fn, op) \
    static Obj *fn(Obj *s, Obj *const *a, Ssize n, Obj *k) \
    { (void)a; (void)n; (void)k; CtxObj *c = current(); return c ? apply_unary(op, DEC(s), c, c->c.round) : NULL; }

DM_U(d_exp, "exp", OP_EXP)
DM_U(d_ln, "ln", OP_LN)
DM_U(d_log10, "log10", OP_LOG10)
DM_U(d_logb, "logb", OP_LOGB)
DM_U(d_sqrt, "sqrt", OP_SQRT)
DM_U(d_normalize, "normalize", OP_NORMALIZE)
DM_U(d_next_minus, "next_minus", OP_NEXT_MINUS)
DM_U(d_next_plus, "next_plus", OP_NEXT_PLUS)
DM_U(d_is_normal, "is_normal", OP_IS_NORMAL)
DM_U(d_is_subnormal, "is_subnormal", OP_IS_SUBNORMAL)
DM_U(d_number_class, "number_class", OP_NUMBER_CLASS)
DM_U(d_to_eng, "to_eng_string", OP_TO_ENG)
DM_UR(d_to_integral, "to_integral", OP_TO_INTEGRAL)
DM_UR(d_to_integral_value, "to_integral_value", OP_TO_INTEGRAL)
DM_UR(d_to_integral_exact, "to_integral_exact", OP_TO_INTEGRAL_EXACT)
DM_B(d_compare, "compare", OP_COMPARE)
DM_B(d_compare_signal, "compare_signal", OP_COMPARE_SIGNAL)
DM_B(d_compare_total, "compare_total", OP_CMP_TOTAL)
DM_B(d_compare_total_mag, "compare_total_mag", OP_CMP_TOTAL_MAG)
DM_B(d_max, "max", OP_MAX)
DM_B(d_min, "min", OP_MIN)
DM_B(d_max_mag, "max_mag", OP_MAX_MAG)
DM_B(d_min_mag, "min_mag", OP_MIN_MAG)
DM_B(d_next_toward, "next_toward", OP_NEXT_TOWARD)
DM_B(d_remainder_near, "remainder_near", OP_REM_NEAR)
DM_B(d_scaleb, "scaleb", OP_SCALEB)
DM_B(d_same_quantum, "same_quantum", OP_SAME_QUANTUM)
DM_B(d_copy_sign, "copy_sign", OP_COPY_SIGN)
DM_B(d_logical_and, "logical_and", OP_AND)
DM_B(d_logical_or, "logical_or", OP_OR)
DM_B(d_logical_xor, "logical_xor", OP_XOR)
DM_B(d_rotate, "rotate", OP_ROTATE)
DM_B(d_shift, "shift", OP_SHIFT)
DM_U(d_logical_invert, "logical_invert", OP_INVERT)
DM_0(d_copy_abs, OP_COPY_ABS)
DM_0(d_copy_negate, OP_COPY_NEGATE)
DM_0(d_is_canonical, OP_IS_CANONICAL)
DM_0(d_is_finite, OP_IS_FINITE)
DM_0(d_is_infinite, OP_IS_INFINITE)
DM_0(d_is_nan, OP_IS_NAN)
DM_0(d_is_qnan, OP_IS_QNAN)
DM_0(d_is_snan, OP_IS_SNAN)
DM_0(d_is_signed, OP_IS_SIGNED)
DM_0(d_is_zero, OP_IS_ZERO)

static Obj *d_quantize(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"exp", "rounding", "context"};
    Obj *a[3];
    if (dec_args(args, nargs, kwnames, names, 3, 1, a) < 0) return NULL;
    CtxObj *c = ctx_arg(a[2]);
    if (!c) return NULL;
    int round = rounding_arg(a[1], c->c.round);
    if (round < 0) return NULL;
    DecNum t;
    dn_init(&t);
    const DecNum *y;
    Obj *r = NULL;
    if (conv_arg(a[0], &t, &y) == 0) r = apply_binary(OP_QUANTIZE, DEC(self), y, c, round);
    dn_clear(&t);
    return r;
}

static Obj *d_fma(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"other", "third", "context"};
    Obj *a[3];
    if (dec_args(args, nargs, kwnames, names, 3, 2, a) < 0) return NULL;
    CtxObj *c = ctx_arg(a[2]);
    if (!c) return NULL;
    DecNum t1, t2, r;
    dn_init(&t1);
    dn_init(&t2);
    dn_init(&r);
    const DecNum *y, *z;
    Obj *res = NULL;
    if (conv_arg(a[0], &t1, &y) == 0 && conv_arg(a[1], &t2, &z) == 0) {
        uint32_t st = 0;
        dn_fma(&r, DEC(self), y, z, &c->c, &st);
        res = finish(&r, c, st);
    }
    dn_clear(&t1);
    dn_clear(&t2);
    dn_clear(&r);
    return res;
}

static Obj *d_adjusted(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return int_from_i64(dn_special(DEC(self)) ? 0 : dn_adjusted(DEC(self)));
}

static Obj *d_as_tuple(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    const DecNum *x = DEC(self);
    Obj *digits = NULL, *exp = NULL;
    if (x->kind == DN_INF) {
        Obj *z = int_from_i64(0);
        digits = z ? tuple_pack(1, z) : NULL;
        XDECREF(z);
        exp = str_from_cstr("F");
    } else {
        Ssize nd = 0;
        char *d = NULL;
        if (!(dn_isnan(x) && mpz_sgn(x->coef) == 0)) {
            d = mpz_get_str(NULL, 10, x->coef);
            nd = (Ssize)strlen(d);
        }
        digits = tuple_new(nd);
        for (Ssize i = 0; digits && i < nd; i++) TUPLE_ITEMS(digits)[i] = int_from_i64(d[i] - '0');
        free(d);
        exp = x->kind == DN_NAN ? str_from_cstr("n") : x->kind == DN_SNAN ? str_from_cstr("N")
                                                      : int_from_i64(x->exp);
    }
    Obj *sign = int_from_i64(x->sign);
    Obj *r = NULL;
    if (digits && exp && sign) {
        Obj *v[3] = {sign, digits, exp};
        r = obj_call(decimal_tuple, v, 3, NULL);
    }
    XDECREF(digits);
    XDECREF(exp);
    XDECREF(sign);
    return r;
}

static Obj *d_as_integer_ratio(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    const DecNum *x = DEC(self);
    if (dn_isnan(x)) {
        vm_err_set_str(&exc_ValueError, "cannot convert NaN to integer ratio");
        return NULL;
    }
    if (x->kind == DN_INF) {
        vm_err_set_str(&exc_OverflowError, "cannot convert Infinity to integer ratio");
        return NULL;
    }
    if (x->exp > DEC_DIGITS_LIMIT || x->exp < -DEC_DIGITS_LIMIT) {
        err_too_big();
        return NULL;
    }
    mpz_t num, den, g;
    mpz_inits(num, den, g, NULL);
    mpz_set(num, x->coef);
    if (x->exp >= 0) {
        dn_pow10(den, x->exp);
        mpz_mul(num, num, den);
        mpz_set_ui(den, 1);
    } else {
        dn_pow10(den, -x->exp);
        mpz_gcd(g, num, den);
        if (mpz_sgn(g)) {
            mpz_divexact(num, num, g);
            mpz_divexact(den, den, g);
        }
        if (mpz_sgn(num) == 0) mpz_set_ui(den, 1);
    }
    if (x->sign) mpz_neg(num, num);
    Obj *p = int_from_mpz(num), *q = int_from_mpz(den);
    Obj *r = p && q ? tuple_pack(2, p, q) : NULL;
    XDECREF(p);
    XDECREF(q);
    mpz_clears(num, den, g, NULL);
    return r;
}

static Obj *d_self(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return INCREF(self);
}

static Obj *d_deepcopy(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return INCREF(self);
}

static Obj *d_radix(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)self; (void)a; (void)n; (void)k;
    DecNum t;
    dn_init(&t);
    dn_set_i64(&t, 10);
    Obj *r = dec_from_num(&t);
    dn_clear(&t);
    return r;
}

static Obj *d_int_rounded(Obj *self, int round)
{
    return to_int(DEC(self), round);
}

static Obj *d_trunc(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return d_int_rounded(s, DR_DOWN); }
static Obj *d_floor(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return d_int_rounded(s, DR_FLOOR); }
static Obj *d_ceil(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return d_int_rounded(s, DR_CEILING); }

static Obj *d_round(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("__round__", kwnames) < 0) return NULL;
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "function takes at most 1 argument (%zd given)", nargs);
        return NULL;
    }
    if (nargs == 0) return d_int_rounded(self, DR_HALF_EVEN);
    if (!INT_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "optional arg must be an integer");
        return NULL;
    }
    int64_t nd;
    if (int_as_i64(args[0], &nd) < 0) return NULL;
    CtxObj *c = current();
    if (!c) return NULL;
    DecNum q;
    dn_init(&q);
    mpz_set_ui(q.coef, 1);
    q.exp = -nd;
    Obj *r = apply_binary(OP_QUANTIZE, DEC(self), &q, c, c->c.round);
    dn_clear(&q);
    return r;
}

static Obj *d_complex(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    bool err;
    double d = num_to_double(DEC(self), &err);
    return err ? NULL : complex_from_doubles(d, 0.0);
}

static Obj *d_reduce(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    Obj *s = dec_to_str(self, false, 1);
    Obj *args = s ? tuple_pack(1, s) : NULL;
    XDECREF(s);
    Obj *r = args ? tuple_pack(2, (Obj *)OBJ_TYPE(self), args) : NULL;
    XDECREF(args);
    return r;
}

static Obj *d_sizeof(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    /* _decimal's layout: 104 bytes with four 19-digit words inline; a
     * longer coefficient is allocated apart, a word per 19 digits */
    int64_t words = (dn_digits(DEC(self)) + 18) / 19;
    return int_from_i64(104 + (words > 4 ? 8 * words : 0));
}

static Obj *d_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("__format__", kwnames) < 0) return NULL;
    if (nargs < 1 || nargs > 2) {
        vm_err_format(&exc_TypeError, "function takes at %s %d argument%s (%zd given)",
                      nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 2, nargs < 1 ? "" : "s", nargs);
        return NULL;
    }
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "format arg must be str");
        return NULL;
    }
    CtxObj *c = current();
    return c ? format_number(DEC(self), args[0], c) : NULL;
}

static Obj *d_from_float(Obj *cls, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (mh_one_arg("Decimal.from_float", nargs, kwnames) < 0) return NULL;
    Obj *v = args[0];
    DecNum t;
    dn_init(&t);
    if (INT_CHECK(v)) {
        num_from_int(&t, v);
    } else if (IS_TYPE(v, float_type) || type_is_subtype(OBJ_TYPE(v), &float_type)) {
        dn_from_double(&t, float_value(v));
    } else {
        dn_clear(&t);
        vm_err_set_str(&exc_TypeError, "argument must be int or float");
        return NULL;
    }
    Obj *r = dec_from_num(&t);
    dn_clear(&t);
    if (r && cls != (Obj *)&dec_type) {
        Obj *x = obj_call(cls, &r, 1, NULL);
        DECREF(r);
        r = x;
    }
    return r;
}

static MethodDef dec_methods[] = {
    {"exp", d_exp, METH_FAST, NULL},
    {"ln", d_ln, METH_FAST, NULL},
    {"log10", d_log10, METH_FAST, NULL},
    {"logb", d_logb, METH_FAST, NULL},
    {"sqrt", d_sqrt, METH_FAST, NULL},
    {"normalize", d_normalize, METH_FAST, NULL},
    {"next_minus", d_next_minus, METH_FAST, NULL},
    {"next_plus", d_next_plus, METH_FAST, NULL},
    {"is_normal", d_is_normal, METH_FAST, NULL},
    {"is_subnormal", d_is_subnormal, METH_FAST, NULL},
    {"number_class", d_number_class, METH_FAST, NULL},
    {"to_eng_string", d_to_eng, METH_FAST, NULL},
    {"to_integral", d_to_integral, METH_FAST, NULL},
    {"to_integral_value", d_to_integral_value, METH_FAST, NULL},
    {"to_integral_exact", d_to_integral_exact, METH_FAST, NULL},
    {"compare", d_compare, METH_FAST, NULL},
    {"compare_signal", d_compare_signal, METH_FAST, NULL},
    {"compare_total", d_compare_total, METH_FAST, NULL},
    {"compare_total_mag", d_compare_total_mag, METH_FAST, NULL},
    {"max", d_max, METH_FAST, NULL},
    {"min", d_min, METH_FAST, NULL},
    {"max_mag", d_max_mag, METH_FAST, NULL},
    {"min_mag", d_min_mag, METH_FAST, NULL},
    {"next_toward", d_next_toward, METH_FAST, NULL},
    {"remainder_near", d_remainder_near, METH_FAST, NULL},
    {"scaleb", d_scaleb, METH_FAST, NULL},
    {"same_quantum", d_same_quantum, METH_FAST, NULL},
    {"copy_sign", d_copy_sign, METH_FAST, NULL},
    {"logical_and", d_logical_and, METH_FAST, NULL},
    {"logical_or", d_logical_or, METH_FAST, NULL},
    {"logical_xor", d_logical_xor, METH_FAST, NULL},
    {"logical_invert", d_logical_invert, METH_FAST, NULL},
    {"rotate", d_rotate, METH_FAST, NULL},
    {"shift", d_shift, METH_FAST, NULL},
    {"quantize", d_quantize, METH_FAST, NULL},
    {"fma", d_fma, METH_FAST, NULL},
    {"copy_abs", d_copy_abs, METH_NOARGS, NULL},
    {"copy_negate", d_copy_negate, METH_NOARGS, NULL},
    {"is_canonical", d_is_canonical, METH_NOARGS, NULL},
    {"is_finite", d_is_finite, METH_NOARGS, NULL},
    {"is_infinite", d_is_infinite, METH_NOARGS, NULL},
    {"is_nan", d_is_nan, METH_NOARGS, NULL},
    {"is_qnan", d_is_qnan, METH_NOARGS, NULL},
    {"is_snan", d_is_snan, METH_NOARGS, NULL},
    {"is_signed", d_is_signed, METH_NOARGS, NULL},
    {"is_zero", d_is_zero, METH_NOARGS, NULL},
    {"adjusted", d_adjusted, METH_NOARGS, NULL},
    {"as_tuple", d_as_tuple, METH_NOARGS, NULL},
    {"as_integer_ratio", d_as_integer_ratio, METH_NOARGS, NULL},
    {"canonical", d_self, METH_NOARGS, NULL},
    {"conjugate", d_self, METH_NOARGS, NULL},
    {"radix", d_radix, METH_NOARGS, NULL},
    {"__trunc__", d_trunc, METH_NOARGS, NULL},
    {"__floor__", d_floor, METH_NOARGS, NULL},
    {"__ceil__", d_ceil, METH_NOARGS, NULL},
    {"__round__", d_round, METH_FAST, NULL},
    {"__complex__", d_complex, METH_NOARGS, NULL},
    {"__reduce__", d_reduce, METH_NOARGS, NULL},
    {"__copy__", d_self, METH_NOARGS, NULL},
    {"__deepcopy__", d_deepcopy, METH_O, NULL},
    {"__sizeof__", d_sizeof, METH_NOARGS, NULL},
    {"__format__", d_format, METH_FAST, NULL},
    {"from_float", d_from_float, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *g_real(Obj *o, void *c) { (void)c; return INCREF(o); }
static Obj *g_imag(Obj *o, void *c)
{
    (void)o; (void)c;
    DecNum t;
    dn_init(&t);
    Obj *r = dec_from_num(&t);
    dn_clear(&t);
    return r;
}

static GetSetDef dec_getset[] = {
    {"real", g_real, NULL, NULL, NULL},
    {"imag", g_imag, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods dec_as_number = {
    .add = nb_add, .subtract = nb_sub, .multiply = nb_mul, .remainder = nb_mod,
    .divmod = nb_divmod, .power = nb_pow, .negative = nb_neg, .positive = nb_pos,
    .absolute = nb_abs, .bool_ = nb_bool, .int_ = nb_int, .float_ = nb_float,
    .floor_divide = nb_floordiv, .true_divide = nb_div,
};

static TypeObj dec_type = {
    .base = TYPE_HEAD_INIT, .name = "decimal.Decimal", .basicsize = sizeof(DecObj),
    .flags = TPF_BASETYPE, .dealloc = dec_dealloc, .repr = dec_repr, .str = dec_str,
    .hash = dec_hash, .richcompare = dec_richcompare, .getattro = obj_generic_getattr,
    .new_ = dec_tp_new, .as_number = &dec_as_number, .methods = dec_methods,
    .getset = dec_getset,
    .doc = "Construct a new Decimal object. 'value' can be an integer, string, tuple,\n"
           "or another Decimal object. If no value is given, return Decimal('0'). The\n"
           "context does not affect the conversion and is only passed to determine if\n"
           "the InvalidOperation trap is active.\n\n",
};

/* ---- Context ------------------------------------------------------------------------------- */

static int set_int_attr(Obj *v, int64_t *out)
{
    if (!INT_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "an integer is required");
        return -1;
    }
    if (int_as_i64(v, out) < 0) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return 0;
}

/* Set one attribute (index: prec, rounding, Emin, Emax, capitals, clamp). */
static int ctx_set_field(CtxObj *c, int which, Obj *v)
{
    int64_t x = 0;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "context attributes cannot be deleted");
        return -1;
    }
    if (which == 1) {
        if (!STR_CHECK(v)) {
            err_rounding();
            return -1;
        }
        int r = rounding_arg(v, 0);
        if (r < 0) return -1;
        c->c.round = r;
        return 0;
    }
    if (set_int_attr(v, &x) < 0) return -1;
    switch (which) {
    case 0:
        if (x < 1 || x > DEC_MAX_PREC) {
            vm_err_set_str(&exc_ValueError, "valid range for prec is [1, MAX_PREC]");
            return -1;
        }
        c->c.prec = x;
        break;
    case 2:
        if (x > 0 || x < DEC_MIN_EMIN) {
            vm_err_set_str(&exc_ValueError, "valid range for Emin is [MIN_EMIN, 0]");
            return -1;
        }
        c->c.emin = x;
        break;
    case 3:
        if (x < 0 || x > DEC_MAX_EMAX) {
            vm_err_set_str(&exc_ValueError, "valid range for Emax is [0, MAX_EMAX]");
            return -1;
        }
        c->c.emax = x;
        break;
    case 4:
        if (x != 0 && x != 1) {
            vm_err_set_str(&exc_ValueError, "valid values for capitals are 0 or 1");
            return -1;
        }
        c->capitals = (int)x;
        break;
    default:
        if (x != 0 && x != 1) {
            vm_err_set_str(&exc_ValueError, "valid values for clamp are 0 or 1");
            return -1;
        }
        c->c.clamp = (int)x;
    }
    return 0;
}

static uint32_t *sd_bits(Obj *o);

static void err_signal_key(void)
{
    Obj *s = str_from_cstr("valid values for signals are:\n  [InvalidOperation, FloatOperation, DivisionByZero,\n"
                           "   Overflow, Underflow, Subnormal, Inexact, Rounded,\n   Clamped]");
    if (s) {
        vm_err_set_key(s);
        DECREF(s);
    }
}

/* Signals from a dict {signal: bool} (or another context's flags/traps)
 * or, when list_ok (the Context constructor), a list of signal classes. */
static int signals_from(Obj *v, uint32_t *out, bool list_ok)
{
    uint32_t bits = 0;
    if (OBJ_TYPE(v) == &sigdict_type) {
        *out = *sd_bits(v);
        return 0;
    }
    if (!DICT_CHECK(v) && !list_ok) {
        vm_err_set_str(&exc_TypeError, "argument must be a signal dict");
        return -1;
    }
    if (DICT_CHECK(v) && dict_len(v) != SIG_COUNT) {
        Obj *m = str_from_cstr("invalid signal dict");
        if (m) vm_err_set_key(m);
        XDECREF(m);
        return -1;
    }
    if (DICT_CHECK(v)) {
        Ssize pos = 0;
        Obj *k, *val;
        while (dict_next(v, &pos, &k, &val)) {
            int i = signal_index(k);
            if (i < 0) {
                Obj *m = str_from_cstr("invalid signal dict");
                if (m) vm_err_set_key(m);
                XDECREF(m);
                return -1;
            }
            int t = obj_is_true(val);
            if (t < 0) return -1;
            if (t) bits |= sig_bits[i];
        }
    } else {
        Obj *seq = seq_fast(v, "argument must be a signal dict");
        if (!seq) return -1;
        Ssize n = TUPLE_CHECK(seq) ? TUPLE_LEN(seq) : LIST_LEN(seq);
        Obj **items = TUPLE_CHECK(seq) ? TUPLE_ITEMS(seq) : LIST_ITEMS(seq);
        for (Ssize j = 0; j < n; j++) {
            int i = signal_index(items[j]);
            if (i < 0) {
                DECREF(seq);
                err_signal_key();
                return -1;
            }
            bits |= sig_bits[i];
        }
        DECREF(seq);
    }
    *out = bits;
    return 0;
}

static const char *const ctx_fields[] = {"prec", "rounding", "Emin", "Emax", "capitals", "clamp",
                                         "flags", "traps"};

/* Apply keyword-style settings vals[0..8) (NULL/None: unchanged). */
static int ctx_apply(CtxObj *c, Obj **vals)
{
    for (int i = 0; i < 6; i++)
        if (vals[i] && vals[i] != NONE && ctx_set_field(c, i, vals[i]) < 0) return -1;
    if (vals[7] && vals[7] != NONE && signals_from(vals[7], &c->traps, true) < 0) return -1;
    if (vals[6] && vals[6] != NONE && signals_from(vals[6], &c->flags, true) < 0) return -1;
    return 0;
}

static Obj *ctx_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *vals[8];
    if (dec_args(args, nargs, kwnames, ctx_fields, 8, 0, vals) < 0) return NULL;
    CtxObj *c = (CtxObj *)ctx_new_raw(t);
    if (!c) return NULL;
    if (default_ctx) {
        c->c = CTX(default_ctx)->c;
        c->flags = CTX(default_ctx)->flags;
        c->traps = CTX(default_ctx)->traps;
    }
    if (ctx_apply(c, vals) < 0) {
        DECREF(c);
        return NULL;
    }
    return (Obj *)c;
}

static int ctx_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return 0;
}

static void signals_list(SBuf *b, uint32_t bits)
{
    /* libmpdec's order: by condition bit, InvalidOperation once, at the
     * first condition of its group */
    static const char *const names[15] = {
        "Clamped", "InvalidOperation", "DivisionByZero", "InvalidOperation", "InvalidOperation",
        NULL, "Inexact", "InvalidOperation", "InvalidOperation", NULL, "FloatOperation",
        "Overflow", "Rounded", "Subnormal", "Underflow"};
    sbuf_putc(b, '[');
    bool first = true, invalid_done = false;
    for (int i = 0; i < 15; i++) {
        if (!(bits & (1u << i)) || !names[i]) continue;
        if ((1u << i) & DS_IEEE_INVALID) {
            if (invalid_done) continue;
            invalid_done = true;
        }
        if (!first) sbuf_puts(b, ", ");
        sbuf_puts(b, names[i]);
        first = false;
    }
    sbuf_putc(b, ']');
}

static Obj *ctx_repr(Obj *o)
{
    CtxObj *c = CTX(o);
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "Context(prec=%lld, rounding=%s, Emin=%lld, Emax=%lld, capitals=%d, clamp=%d, flags=",
                (long long)c->c.prec, round_names[c->c.round], (long long)c->c.emin,
                (long long)c->c.emax, c->capitals, c->c.clamp);
    signals_list(&b, c->flags);
    sbuf_puts(&b, ", traps=");
    signals_list(&b, c->traps);
    sbuf_putc(&b, ')');
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *sigdict_new(Obj *ctx, bool traps)
{
    SigDictObj *d = (SigDictObj *)obj_alloc(&sigdict_type, 0);
    if (!d) return NULL;
    d->ctx = INCREF(ctx);
    d->traps = traps;
    return (Obj *)d;
}

static Obj *cg_field(Obj *o, void *which)
{
    CtxObj *c = CTX(o);
    switch ((int)(intptr_t)which) {
    case 0: return int_from_i64(c->c.prec);
    case 1: return str_from_cstr(round_names[c->c.round]);
    case 2: return int_from_i64(c->c.emin);
    case 3: return int_from_i64(c->c.emax);
    case 4: return int_from_i64(c->capitals);
    case 5: return int_from_i64(c->c.clamp);
    case 6: return sigdict_new(o, false);
    default: return sigdict_new(o, true);
    }
}

static int cs_field(Obj *o, Obj *v, void *which)
{
    int w = (int)(intptr_t)which;
    if (w >= 6) {
        if (!v) {
            vm_err_set_str(&exc_AttributeError, "context attributes cannot be deleted");
            return -1;
        }
        return signals_from(v, w == 6 ? &CTX(o)->flags : &CTX(o)->traps, false);
    }
    return ctx_set_field(CTX(o), w, v);
}

static GetSetDef ctx_getset[] = {
    {"prec", cg_field, cs_field, NULL, (void *)0},
    {"rounding", cg_field, cs_field, NULL, (void *)1},
    {"Emin", cg_field, cs_field, NULL, (void *)2},
    {"Emax", cg_field, cs_field, NULL, (void *)3},
    {"capitals", cg_field, cs_field, NULL, (void *)4},
    {"clamp", cg_field, cs_field, NULL, (void *)5},
    {"flags", cg_field, cs_field, NULL, (void *)6},
    {"traps", cg_field, cs_field, NULL, (void *)7},
    {NULL, NULL, NULL, NULL, NULL},
};

/* c.NAME(a) / c.NAME(a, b): operands converted, TypeError for others. */
static Obj *cm_op(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, const char *name, int op,
                  int arity)
{
    if (args_no_kw(name, kwnames) < 0) return NULL;
    if (nargs != arity) {
        vm_err_format(&exc_TypeError, "function takes exactly %d argument%s (%zd given)", arity,
                      arity == 1 ? "" : "s", nargs);
        return NULL;
    }
    CtxObj *c = CTX(self);
    DecNum t1, t2;
    dn_init(&t1);
    dn_init(&t2);
    const DecNum *x, *y;
    Obj *r = NULL;
    if (conv_arg(args[0], &t1, &x) == 0) {
        if (arity == 1) r = apply_unary(op, x, c, c->c.round);
        else if (conv_arg(args[1], &t2, &y) == 0) {
            if (op == OP_DIVMOD) r = divmod_nums(x, y, c);
            else r = apply_binary(op, x, y, c, c->c.round);
        }
    }
    dn_clear(&t1);
    dn_clear(&t2);
    return r;
}

#define CM1(fn, name, op) \
    static Obj *fn(Obj *s, Obj *const *a, Ssize n, Obj *k) { return cm_op(s, a, n, k, name, op, 1); }
#define CM2(fn, name, op) \
    static Obj *fn(Obj *s, Obj *const *a, Ssize n, Obj *k) { return cm_op(s, a, n, k, name, op, 2); }

CM1(c_abs, "abs", OP_ABS)
CM1(c_exp, "exp", OP_EXP)
CM1(c_ln, "ln", OP_LN)
CM1(c_log10, "log10", OP_LOG10)
CM1(c_logb, "logb", OP_LOGB)
CM1(c_minus, "minus", OP_MINUS)
CM1(c_plus, "plus", OP_PLUS)
CM1(c_next_minus, "next_minus", OP_NEXT_MINUS)
CM1(c_next_plus, "next_plus", OP_NEXT_PLUS)
CM1(c_normalize, "normalize", OP_NORMALIZE)
CM1(c_sqrt, "sqrt", OP_SQRT)
CM1(c_number_class, "number_class", OP_NUMBER_CLASS)
CM1(c_to_sci, "to_sci_string", OP_TO_SCI)
CM1(c_to_eng, "to_eng_string", OP_TO_ENG)
CM1(c_copy_abs, "copy_abs", OP_COPY_ABS)
CM1(c_copy_negate, "copy_negate", OP_COPY_NEGATE)
CM1(c_copy_decimal, "copy_decimal", OP_CANONICAL)
CM1(c_canonical, "canonical", OP_CANONICAL)
CM1(c_is_normal, "is_normal", OP_IS_NORMAL)
CM1(c_is_subnormal, "is_subnormal", OP_IS_SUBNORMAL)
CM1(c_is_canonical, "is_canonical", OP_IS_CANONICAL)
CM1(c_is_finite, "is_finite", OP_IS_FINITE)
CM1(c_is_infinite, "is_infinite", OP_IS_INFINITE)
CM1(c_is_nan, "is_nan", OP_IS_NAN)
CM1(c_is_qnan, "is_qnan", OP_IS_QNAN)
CM1(c_is_snan, "is_snan", OP_IS_SNAN)
CM1(c_is_signed, "is_signed", OP_IS_SIGNED)
CM1(c_is_zero, "is_zero", OP_IS_ZERO)
CM1(c_to_integral, "to_integral", OP_TO_INTEGRAL)
CM1(c_to_integral_value, "to_integral_value", OP_TO_INTEGRAL)
CM1(c_to_integral_exact, "to_integral_exact", OP_TO_INTEGRAL_EXACT)
CM2(c_add, "add", OP_ADD)
CM2(c_subtract, "subtract", OP_SUB)
CM2(c_multiply, "multiply", OP_MUL)
CM2(c_divide, "divide", OP_DIV)
CM2(c_divide_int, "divide_int", OP_DIVINT)
CM2(c_remainder, "remainder", OP_REM)
CM2(c_remainder_near, "remainder_near", OP_REM_NEAR)
CM2(c_divmod, "divmod", OP_DIVMOD)
CM2(c_compare, "compare", OP_COMPARE)
CM2(c_compare_signal, "compare_signal", OP_COMPARE_SIGNAL)
CM2(c_compare_total, "compare_total", OP_CMP_TOTAL)
CM2(c_compare_total_mag, "compare_total_mag", OP_CMP_TOTAL_MAG)
CM2(c_max, "max", OP_MAX)
CM2(c_min, "min", OP_MIN)
CM2(c_max_mag, "max_mag", OP_MAX_MAG)
CM2(c_min_mag, "min_mag", OP_MIN_MAG)
CM2(c_next_toward, "next_toward", OP_NEXT_TOWARD)
CM2(c_quantize, "quantize", OP_QUANTIZE)
CM2(c_same_quantum, "same_quantum", OP_SAME_QUANTUM)
CM2(c_scaleb, "scaleb", OP_SCALEB)
CM2(c_copy_sign, "copy_sign", OP_COPY_SIGN)
CM2(c_logical_and, "logical_and", OP_AND)
CM2(c_logical_or, "logical_or", OP_OR)
CM2(c_logical_xor, "logical_xor", OP_XOR)
CM2(c_rotate, "rotate", OP_ROTATE)
CM2(c_shift, "shift", OP_SHIFT)
CM1(c_logical_invert, "logical_invert", OP_INVERT)

static Obj *c_power(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"a", "b", "modulo"};
    Obj *a[3];
    if (dec_args(args, nargs, kwnames, names, 3, 2, a) < 0) return NULL;
    CtxObj *c = CTX(self);
    DecNum t1, t2, t3;
    dn_init(&t1);
    dn_init(&t2);
    dn_init(&t3);
    const DecNum *x, *y, *z;
    Obj *r = NULL;
    if (conv_arg(a[0], &t1, &x) == 0 && conv_arg(a[1], &t2, &y) == 0) {
        if (!a[2] || a[2] == NONE) r = apply_binary(OP_POW, x, y, c, c->c.round);
        else if (conv_arg(a[2], &t3, &z) == 0) r = pow_mod(x, y, z, c);
    }
    dn_clear(&t1);
    dn_clear(&t2);
    dn_clear(&t3);
    return r;
}

static Obj *c_fma(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("fma", kwnames) < 0 || args_count("fma", nargs, 3, 3) < 0) return NULL;
    DecNum t1, t2, t3, r;
    dn_init(&t1);
    dn_init(&t2);
    dn_init(&t3);
    dn_init(&r);
    const DecNum *x, *y, *z;
    Obj *res = NULL;
    if (conv_arg(args[0], &t1, &x) == 0 && conv_arg(args[1], &t2, &y) == 0 &&
        conv_arg(args[2], &t3, &z) == 0) {
        uint32_t st = 0;
        dn_fma(&r, x, y, z, &CTX(self)->c, &st);
        res = finish(&r, CTX(self), st);
    }
    dn_clear(&t1);
    dn_clear(&t2);
    dn_clear(&t3);
    dn_clear(&r);
    return res;
}

static Obj *c_create_decimal(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"num"};
    Obj *a[1];
    if (args_no_kw("create_decimal", kwnames) < 0 || dec_args(args, nargs, NULL, names, 1, 0, a) < 0)
        return NULL;
    CtxObj *c = CTX(self);
    DecNum t;
    dn_init(&t);
    uint32_t st = 0;
    bool fop = false;
    Obj *r = NULL;
    if (!a[0]) {
        dn_set_i64(&t, 0);
    } else if (num_from_value(&t, a[0], c, &st, &fop) < 0) {
        dn_clear(&t);
        return NULL;
    }
    if (fop && ctx_status(c, DS_FLOAT_OP) < 0) {
        dn_clear(&t);
        return NULL;
    }
    if (dn_isnan(&t) && mpz_sgn(t.coef) && dn_digits(&t) > c->c.prec - c->c.clamp) {
        dn_set_special(&t, DN_NAN, 0);
        st |= DS_CONV_SYNTAX;
    }
    dn_finalize(&t, &c->c, &st);
    r = finish(&t, c, st);
    dn_clear(&t);
    return r;
}

static Obj *c_create_decimal_from_float(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (mh_one_arg("Context.create_decimal_from_float", nargs, kwnames) < 0) return NULL;
    Obj *v = args[0];
    DecNum t;
    dn_init(&t);
    if (INT_CHECK(v)) {
        num_from_int(&t, v);
    } else if (IS_TYPE(v, float_type) || type_is_subtype(OBJ_TYPE(v), &float_type)) {
        dn_from_double(&t, float_value(v));
    } else {
        dn_clear(&t);
        vm_err_set_str(&exc_TypeError, "argument must be int or float");
        return NULL;
    }
    uint32_t st = 0;
    dn_finalize(&t, &CTX(self)->c, &st);
    Obj *r = finish(&t, CTX(self), st);
    dn_clear(&t);
    return r;
}

static Obj *c_copy(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return ctx_copy(self);
}

static Obj *c_clear_flags(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    CTX(self)->flags = 0;
    return INCREF(NONE);
}

static Obj *c_clear_traps(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    CTX(self)->traps = 0;
    return INCREF(NONE);
}

static Obj *c_etiny(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return int_from_i64(dc_etiny(&CTX(self)->c));
}

static Obj *c_etop(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return int_from_i64(dc_etop(&CTX(self)->c));
}

static Obj *c_radix(Obj *self, Obj *const *a, Ssize n, Obj *k) { return d_radix(self, a, n, k); }

/* The signals set in bits, as a list in signal_map order. */
static Obj *signals_as_list(uint32_t bits)
{
    Obj *l = list_new(0);
    for (int i = 0; l && i < SIG_COUNT; i++)
        if ((bits & sig_bits[i]) && list_append(l, sig_cls[i]) < 0) CLEAR(l);
    return l;
}

static Obj *c_reduce(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    CtxObj *c = CTX(self);
    Obj *v[8] = {int_from_i64(c->c.prec), str_from_cstr(round_names[c->c.round]),
                 int_from_i64(c->c.emin), int_from_i64(c->c.emax), int_from_i64(c->capitals),
                 int_from_i64(c->c.clamp), signals_as_list(c->flags), signals_as_list(c->traps)};
    Obj *args = NULL, *r = NULL;
    bool ok = true;
    for (int i = 0; i < 8; i++) ok = ok && v[i];
    if (ok) args = tuple_from_array(v, 8);
    if (args) r = tuple_pack(2, (Obj *)OBJ_TYPE(self), args);
    for (int i = 0; i < 8; i++) XDECREF(v[i]);
    XDECREF(args);
    return r;
}

static MethodDef ctx_methods[] = {
    {"abs", c_abs, METH_FAST, NULL}, {"exp", c_exp, METH_FAST, NULL},
    {"ln", c_ln, METH_FAST, NULL}, {"log10", c_log10, METH_FAST, NULL},
    {"logb", c_logb, METH_FAST, NULL}, {"minus", c_minus, METH_FAST, NULL},
    {"plus", c_plus, METH_FAST, NULL}, {"next_minus", c_next_minus, METH_FAST, NULL},
    {"next_plus", c_next_plus, METH_FAST, NULL}, {"normalize", c_normalize, METH_FAST, NULL},
    {"sqrt", c_sqrt, METH_FAST, NULL}, {"number_class", c_number_class, METH_FAST, NULL},
    {"to_sci_string", c_to_sci, METH_FAST, NULL}, {"to_eng_string", c_to_eng, METH_FAST, NULL},
    {"copy_abs", c_copy_abs, METH_FAST, NULL}, {"copy_negate", c_copy_negate, METH_FAST, NULL},
    {"copy_decimal", c_copy_decimal, METH_FAST, NULL}, {"canonical", c_canonical, METH_FAST, NULL},
    {"is_normal", c_is_normal, METH_FAST, NULL}, {"is_subnormal", c_is_subnormal, METH_FAST, NULL},
    {"is_canonical", c_is_canonical, METH_FAST, NULL}, {"is_finite", c_is_finite, METH_FAST, NULL},
    {"is_infinite", c_is_infinite, METH_FAST, NULL}, {"is_nan", c_is_nan, METH_FAST, NULL},
    {"is_qnan", c_is_qnan, METH_FAST, NULL}, {"is_snan", c_is_snan, METH_FAST, NULL},
    {"is_signed", c_is_signed, METH_FAST, NULL}, {"is_zero", c_is_zero, METH_FAST, NULL},
    {"to_integral", c_to_integral, METH_FAST, NULL},
    {"to_integral_value", c_to_integral_value, METH_FAST, NULL},
    {"to_integral_exact", c_to_integral_exact, METH_FAST, NULL},
    {"add", c_add, METH_FAST, NULL}, {"subtract", c_subtract, METH_FAST, NULL},
    {"multiply", c_multiply, METH_FAST, NULL}, {"divide", c_divide, METH_FAST, NULL},
    {"divide_int", c_divide_int, METH_FAST, NULL}, {"remainder", c_remainder, METH_FAST, NULL},
    {"remainder_near", c_remainder_near, METH_FAST, NULL}, {"divmod", c_divmod, METH_FAST, NULL},
    {"compare", c_compare, METH_FAST, NULL}, {"compare_signal", c_compare_signal, METH_FAST, NULL},
    {"compare_total", c_compare_total, METH_FAST, NULL},
    {"compare_total_mag", c_compare_total_mag, METH_FAST, NULL},
    {"max", c_max, METH_FAST, NULL}, {"min", c_min, METH_FAST, NULL},
    {"max_mag", c_max_mag, METH_FAST, NULL}, {"min_mag", c_min_mag, METH_FAST, NULL},
    {"next_toward", c_next_toward, METH_FAST, NULL}, {"quantize", c_quantize, METH_FAST, NULL},
    {"same_quantum", c_same_quantum, METH_FAST, NULL}, {"scaleb", c_scaleb, METH_FAST, NULL},
    {"copy_sign", c_copy_sign, METH_FAST, NULL}, {"power", c_power, METH_FAST, NULL},
    {"logical_and", c_logical_and, METH_FAST, NULL}, {"logical_or", c_logical_or, METH_FAST, NULL},
    {"logical_xor", c_logical_xor, METH_FAST, NULL},
    {"logical_invert", c_logical_invert, METH_FAST, NULL},
    {"rotate", c_rotate, METH_FAST, NULL}, {"shift", c_shift, METH_FAST, NULL},
    {"fma", c_fma, METH_FAST, NULL},
    {"create_decimal", c_create_decimal, METH_FAST, NULL},
    {"create_decimal_from_float", c_create_decimal_from_float, METH_FAST, NULL},
    {"copy", c_copy, METH_NOARGS, NULL}, {"__copy__", c_copy, METH_NOARGS, NULL},
    {"clear_flags", c_clear_flags, METH_NOARGS, NULL},
    {"clear_traps", c_clear_traps, METH_NOARGS, NULL},
    {"Etiny", c_etiny, METH_NOARGS, NULL}, {"Etop", c_etop, METH_NOARGS, NULL},
    {"radix", c_radix, METH_NOARGS, NULL}, {"__reduce__", c_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj ctx_type = {
    .base = TYPE_HEAD_INIT, .name = "decimal.Context", .basicsize = sizeof(CtxObj),
    .flags = TPF_BASETYPE, .repr = ctx_repr, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .new_ = ctx_tp_new, .init = ctx_tp_init,
    .methods = ctx_methods, .getset = ctx_getset,
    .doc = "The context affects almost all operations and controls rounding,\n"
           "Over/Underflow, raising of exceptions and much more.  A new context\n"
           "can be constructed as follows:\n\n"
           "    >>> c = Context(prec=28, Emin=-425000000, Emax=425000000,\n"
           "    ...             rounding=ROUND_HALF_EVEN, capitals=1, clamp=1,\n"
           "    ...             traps=[InvalidOperation, DivisionByZero, Overflow],\n"
           "    ...             flags=[])\n"
           "    >>>\n\n\n",
};

/* ---- SignalDict (Context.flags / Context.traps) ------------------------------------------------ */

static uint32_t *sd_bits(Obj *o)
{
    SigDictObj *d = (SigDictObj *)o;
    return d->traps ? &CTX(d->ctx)->traps : &CTX(d->ctx)->flags;
}

static void sd_dealloc(Obj *o)
{
    XDECREF(((SigDictObj *)o)->ctx);
    obj_free(o);
}

static Obj *sd_getitem(Obj *o, Obj *key)
{
    int i = signal_index(key);
    if (i < 0) {
        err_signal_key();
        return NULL;
    }
    return bool_from((*sd_bits(o) & sig_bits[i]) != 0);
}

static int sd_setitem(Obj *o, Obj *key, Obj *v)
{
    int i = signal_index(key);
    if (i < 0) {
        err_signal_key();
        return -1;
    }
    if (!v) {
        vm_err_set_str(&exc_ValueError, "signal keys cannot be deleted");
        return -1;
    }
    int t = obj_is_true(v);
    if (t < 0) return -1;
    if (t) *sd_bits(o) |= sig_bits[i];
    else *sd_bits(o) &= ~sig_bits[i];
    return 0;
}

static Ssize sd_len(Obj *o)
{
    (void)o;
    return SIG_COUNT;
}

static Obj *sd_to_dict(Obj *o)
{
    Obj *d = dict_new();
    for (int i = 0; d && i < SIG_COUNT; i++) {
        Obj *v = bool_from((*sd_bits(o) & sig_bits[i]) != 0);
        int r = dict_set(d, sig_cls[i], v);
        DECREF(v);
        if (r < 0) CLEAR(d);
    }
    return d;
}

static Obj *sd_repr(Obj *o)
{
    SBuf b = SBUF_INIT;
    sbuf_putc(&b, '{');
    for (int i = 0; i < SIG_COUNT; i++) {
        sbuf_printf(&b, "%s<class 'decimal.%s'>:%s", i ? ", " : "", sig_names[i],
                    (*sd_bits(o) & sig_bits[i]) ? "True" : "False");
    }
    sbuf_putc(&b, '}');
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *sd_iter(Obj *o)
{
    Obj *d = sd_to_dict(o);
    Obj *it = d ? obj_getiter(d) : NULL;
    XDECREF(d);
    return it;
}

static int sd_contains(Obj *o, Obj *key)
{
    (void)o;
    return signal_index(key) >= 0;
}

static Obj *sd_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE)) return INCREF(NOTIMPL);
    Obj *da = sd_to_dict(a);
    Obj *db = OBJ_TYPE(b) == &sigdict_type ? sd_to_dict(b) : INCREF(b);
    Obj *r = da && db ? obj_richcompare(da, db, op) : NULL;
    XDECREF(da);
    XDECREF(db);
    return r;
}

static Obj *sd_method(Obj *self, const char *name)
{
    Obj *d = sd_to_dict(self);
    Obj *r = d ? obj_call_method(d, name, NULL, 0) : NULL;
    XDECREF(d);
    return r;
}

static Obj *sd_keys(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return sd_method(s, "keys"); }
static Obj *sd_values(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return sd_method(s, "values"); }
static Obj *sd_items(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return sd_method(s, "items"); }
static Obj *sd_copy(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return sd_to_dict(s); }

static Obj *sd_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("get", kwnames) < 0 || args_count("get", nargs, 1, 2) < 0) return NULL;
    if (signal_index(args[0]) < 0) return INCREF(nargs > 1 ? args[1] : NONE);
    return sd_getitem(self, args[0]);
}

static MethodDef sd_methods[] = {
    {"keys", sd_keys, METH_NOARGS, NULL}, {"values", sd_values, METH_NOARGS, NULL},
    {"items", sd_items, METH_NOARGS, NULL}, {"copy", sd_copy, METH_NOARGS, NULL},
    {"get", sd_get, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static MappingMethods sd_as_mapping = {.length = sd_len, .subscript = sd_getitem, .ass_subscript = sd_setitem};
static SequenceMethods sd_as_sequence = {.length = sd_len, .contains = sd_contains};

static TypeObj sigdict_type = {
    .base = TYPE_HEAD_INIT, .name = "abc.SignalDict", .basicsize = sizeof(SigDictObj),
    .flags = TPF_MAPPING, .dealloc = sd_dealloc, .repr = sd_repr, .getattro = obj_generic_getattr,
    .iter = sd_iter, .richcompare = sd_richcompare, .hash = hash_not_implemented,
    .as_mapping = &sd_as_mapping, .as_sequence = &sd_as_sequence, .methods = sd_methods,
};

/* ---- getcontext / setcontext / localcontext ----------------------------------------------------- */

static int set_current(Obj *c)
{
    Obj *v;
    if (c == default_ctx || c == basic_ctx || c == extended_ctx) {
        v = ctx_copy(c);
        if (!v) return -1;
        CTX(v)->flags = 0;
    } else {
        v = INCREF(c);
    }
    obj_setref(&cur_ctx, v);
    return 0;
}

static Obj *m_getcontext(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (mh_no_args("decimal.getcontext", nargs, kwnames) < 0) return NULL;
    (void)args;
    CtxObj *c = current();
    return c ? INCREF(c) : NULL;
}

static Obj *m_setcontext(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (mh_one_arg("decimal.setcontext", nargs, kwnames) < 0) return NULL;
    if (!ctx_check(args[0])) {
        vm_err_set_str(&exc_TypeError, "argument must be a context");
        return NULL;
    }
    if (set_current(args[0]) < 0) return NULL;
    return INCREF(NONE);
}

static void cm_dealloc(Obj *o)
{
    XDECREF(((CtxMgrObj *)o)->local);
    XDECREF(((CtxMgrObj *)o)->saved);
    obj_free(o);
}

static Obj *m_localcontext(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (args_count("localcontext", nargs, 0, 1) < 0) return NULL;
    Obj *vals[8] = {NULL};
    Obj *ctxarg = nargs ? args[0] : NULL;
    for (Ssize k = 0; k < mh_nkw(kwnames); k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        int i;
        if (str_eq_cstr(kn, "ctx") && !ctxarg) {
            ctxarg = args[nargs + k];
            continue;
        }
        for (i = 0; i < 8; i++)
            if (str_eq_cstr(kn, ctx_fields[i])) break;
        if (i == 8) {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for this function", kn);
            return NULL;
        }
        vals[i] = args[nargs + k];
    }
    Obj *base;
    if (!ctxarg || ctxarg == NONE) {
        base = (Obj *)current();
        if (!base) return NULL;
    } else if (!ctx_check(ctxarg)) {
        vm_err_set_str(&exc_TypeError, "optional argument must be a context");
        return NULL;
    } else {
        base = ctxarg;
    }
    Obj *local = ctx_copy(base);
    if (!local) return NULL;
    if (ctx_apply(CTX(local), vals) < 0) {
        DECREF(local);
        return NULL;
    }
    CtxMgrObj *m = (CtxMgrObj *)obj_alloc(&ctxmgr_type, 0);
    if (!m) {
        DECREF(local);
        return NULL;
    }
    m->local = local;
    return (Obj *)m;
}

static Obj *cm_enter(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    CtxMgrObj *m = (CtxMgrObj *)self;
    CtxObj *cur = current();
    if (!cur) return NULL;
    obj_setref(&m->saved, INCREF(cur));
    if (set_current(m->local) < 0) return NULL;
    return INCREF(cur_ctx);
}

static Obj *cm_exit(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    CtxMgrObj *m = (CtxMgrObj *)self;
    if (m->saved && set_current(m->saved) < 0) return NULL;
    return INCREF(NONE);
}

static MethodDef cm_methods[] = {
    {"__enter__", cm_enter, METH_NOARGS, NULL},
    {"__exit__", cm_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj ctxmgr_type = {
    .base = TYPE_HEAD_INIT, .name = "decimal.ContextManager", .basicsize = sizeof(CtxMgrObj),
    .dealloc = cm_dealloc, .getattro = obj_generic_getattr, .methods = cm_methods,
};

static MethodDef decimal_functions[] = {
    {"getcontext", m_getcontext, METH_FAST, "Get the current default context."},
    {"setcontext", m_setcontext, METH_FAST, "Set a new default context."},
    {"localcontext", m_localcontext, METH_FAST,
     "Return a context manager that will set the default context to a copy of ctx on entry to the with-statement and restore the previous default context when exiting the with-statement."},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ------------------------------------------------------------------------------------ */

static Obj *make_class(const char *name, Obj *b1, Obj *b2, Obj *b3)
{
    Obj *bases = b3 ? tuple_pack(3, b1, b2, b3) : b2 ? tuple_pack(2, b1, b2) : tuple_pack(1, b1);
    Obj *nm = str_from_cstr(name), *ns = dict_new(), *mod = str_from_cstr("decimal");
    Obj *cls = NULL;
    if (bases && nm && ns && mod && dict_set_str(ns, "__module__", mod) == 0)
        cls = type_new_class(&type_type, nm, bases, ns, NULL);
    XDECREF(bases);
    XDECREF(nm);
    XDECREF(ns);
    XDECREF(mod);
    return cls;
}

static int make_signals(void)
{
    if (decexc_cls) return 0;
    Obj *de = make_class("DecimalException", (Obj *)&exc_ArithmeticError, NULL, NULL);
    if (!de) return -1;
    decexc_cls = de;
    Obj *clamped = make_class("Clamped", de, NULL, NULL);
    Obj *inv = make_class("InvalidOperation", de, NULL, NULL);
    Obj *divz = make_class("DivisionByZero", de, (Obj *)&exc_ZeroDivisionError, NULL);
    Obj *inexact = make_class("Inexact", de, NULL, NULL);
    Obj *rounded = make_class("Rounded", de, NULL, NULL);
    Obj *subn = make_class("Subnormal", de, NULL, NULL);
    if (!clamped || !inv || !divz || !inexact || !rounded || !subn) return -1;
    Obj *ovf = make_class("Overflow", inexact, rounded, NULL);
    Obj *unf = make_class("Underflow", inexact, rounded, subn);
    Obj *fop = make_class("FloatOperation", de, (Obj *)&exc_TypeError, NULL);
    Obj *conv = make_class("ConversionSyntax", inv, NULL, NULL);
    Obj *dimp = make_class("DivisionImpossible", inv, NULL, NULL);
    Obj *dund = make_class("DivisionUndefined", inv, (Obj *)&exc_ZeroDivisionError, NULL);
    Obj *ictx = make_class("InvalidContext", inv, NULL, NULL);
    if (!ovf || !unf || !fop || !conv || !dimp || !dund || !ictx) return -1;
    Obj *s[SIG_COUNT] = {inv, fop, divz, ovf, unf, subn, inexact, rounded, clamped};
    memcpy(sig_cls, s, sizeof s);
    Obj *cnd[COND_COUNT] = {conv, dimp, dund, ictx};
    memcpy(cond_cls, cnd, sizeof cnd);
    return 0;
}

static Obj *make_template(int64_t prec, int round, uint32_t traps)
{
    Obj *c = ctx_new_raw(&ctx_type);
    if (!c) return NULL;
    CTX(c)->c.prec = prec;
    CTX(c)->c.round = round;
    CTX(c)->traps = traps;
    return c;
}

static Obj *decimal_init(void)
{
    TypeObj *types[] = {&dec_type, &ctx_type, &sigdict_type, &ctxmgr_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!(types[i]->flags & TPF_READY) && type_ready(types[i]) < 0) return NULL;
    if (make_signals() < 0) return NULL;
    if (!default_ctx) {
        default_ctx = make_template(28, DR_HALF_EVEN, DS_IEEE_INVALID | DS_DIV_BY_ZERO | DS_OVERFLOW);
        basic_ctx = make_template(9, DR_HALF_UP, DS_IEEE_INVALID | DS_DIV_BY_ZERO | DS_OVERFLOW |
                                                     DS_UNDERFLOW | DS_CLAMPED);
        extended_ctx = make_template(9, DR_HALF_EVEN, 0);
        if (!default_ctx || !basic_ctx || !extended_ctx) return NULL;
    }
    if (!decimal_tuple) {
        Obj *coll = import_name(id_str("collections"), NULL, NULL, 0);
        Obj *nt = coll ? obj_getattr_str(coll, "namedtuple") : NULL;
        XDECREF(coll);
        Obj *a0 = str_from_cstr("DecimalTuple"), *a1 = str_from_cstr("sign digits exponent");
        Obj *mod = str_from_cstr("decimal");
        Obj *kw = tuple_pack(1, id_str("module"));
        Obj *v[3] = {a0, a1, mod};
        if (nt && a0 && a1 && mod && kw) decimal_tuple = obj_call(nt, v, 2, kw);
        XDECREF(nt);
        XDECREF(a0);
        XDECREF(a1);
        XDECREF(mod);
        XDECREF(kw);
        if (!decimal_tuple) return NULL;
    }
    Obj *m = mh_module("decimal", decimal_functions);
    if (!m) return NULL;
    int rc = 0;
    rc |= mh_add_obj(m, "Decimal", (Obj *)&dec_type);
    rc |= mh_add_obj(m, "Context", (Obj *)&ctx_type);
    rc |= mh_add_obj(m, "DecimalTuple", decimal_tuple);
    rc |= mh_add_obj(m, "DecimalException", decexc_cls);
    for (int i = 0; i < SIG_COUNT; i++) rc |= mh_add_obj(m, sig_names[i], sig_cls[i]);
    for (int i = 0; i < COND_COUNT; i++) rc |= mh_add_obj(m, cond_names[i], cond_cls[i]);
    for (int i = 0; i < DR_COUNT; i++) rc |= mh_add_str(m, round_names[i], round_names[i]);
    rc |= mh_add_obj(m, "DefaultContext", default_ctx);
    rc |= mh_add_obj(m, "BasicContext", basic_ctx);
    rc |= mh_add_obj(m, "ExtendedContext", extended_ctx);
    rc |= module_add(m, "MAX_PREC", int_from_i64(DEC_MAX_PREC));
    rc |= module_add(m, "MAX_EMAX", int_from_i64(DEC_MAX_EMAX));
    rc |= module_add(m, "MIN_EMIN", int_from_i64(DEC_MIN_EMIN));
    rc |= module_add(m, "MIN_ETINY", int_from_i64(DEC_MIN_ETINY));
    rc |= mh_add_obj(m, "HAVE_THREADS", TRUE_);
    rc |= mh_add_obj(m, "HAVE_CONTEXTVAR", TRUE_);
    rc |= mh_add_str(m, "__version__", "1.70");
    rc |= mh_add_str(m, "__libmpdec_version__", "2.5.1");
    if (rc) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_decimal_register(void) { import_register_native("decimal", decimal_init); }

/* int.c — Python's int: a machine word when the value fits, a GMP mpz beyond.
 *
 * Invariants:
 *   - an IntObj has big == false whenever its value fits in int64_t (every
 *     constructor normalises), so "big" implies |value| >= 2**63;
 *   - -5..256 are cached static objects (`is` behaves as in CPython);
 *   - every operation follows CPython 3.12: floor division and modulo take
 *     the sign of the divisor, true division is correctly rounded, `**` with
 *     a negative exponent is float power, shifts and bitwise operators act
 *     on the infinite two's complement form; messages are 3.12's;
 *   - no operation allocates without bound: results that would need more
 *     than INT_MAX_BITS bits raise MemoryError (GMP itself would abort);
 *     below that, a failed allocation in the arithmetic whose size the
 *     program controls (+ - * & | ^, **, <<) is MemoryError too, and
 *     anywhere else a clean stop (see "GMP's memory");
 *   - str(int) and int(str) honour the 4300-digit limit
 *     (int_max_str_digits, set by sys.set_int_max_str_digits).
 * bool (bool.c) is a subclass sharing this layout.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

#define INT_MAX_BITS ((uint64_t)1 << 32)   /* larger results: MemoryError */
/* 3.12's limit on 30-bit digits: (PY_SSIZE_T_MAX - 24) / 4 */
#define INT_MAX_LONG_DIGITS ((uint64_t)2305843009213693945)
#define SMALL_MIN (-5)
#define SMALL_MAX 256

int int_max_str_digits = INT_DEFAULT_MAX_STR_DIGITS;

static IntObj small_ints[SMALL_MAX - SMALL_MIN + 1];
static bool small_ready;

/* ---- GMP's memory ------------------------------------------------------------
 * GMP cannot report a failed allocation: its allocation functions must
 * return memory (the default ones abort the process).  Ours turn a failure
 * inside gmp_try (the operations whose result size the program controls)
 * into a longjmp back to it, and the operation raises MemoryError; the
 * memory that operation had already taken (its result, its temporaries) is
 * abandoned, not freed: GMP may have left it in any state.  A failure
 * anywhere else stops the program cleanly (vm_out_of_memory). */
static jmp_buf *gmp_jmp;

static void gmp_out_of_memory(size_t n)
{
    if (gmp_jmp)
        longjmp(*gmp_jmp, 1);
    vm_out_of_memory(n);
}

static void *gmp_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        gmp_out_of_memory(n);
    return p;
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    void *q = realloc(p, n);
    if (!q)
        gmp_out_of_memory(n);
    return q;
}

static void gmp_free(void *p, size_t n)
{
    (void)n;
    free(p);
}

/* Installed with the small ints (the first ints made) and before any
 * guarded operation.  GMP's own functions are malloc's, so blocks taken
 * before stay compatible. */
static void gmp_init(void)
{
    static bool done;
    if (!done) {
        done = true;
        mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
    }
}

typedef void (*MpzOp)(mpz_ptr, mpz_srcptr, mpz_srcptr);
typedef void (*MpzOpUi)(mpz_ptr, mpz_srcptr, unsigned long);

/* r = op(x, y) or op(x, k) (op2 NULL: op1): false with MemoryError raised
 * when memory ran out, r then re-initialised (its old block abandoned). */
static bool gmp_try(mpz_ptr r, MpzOp op1, MpzOpUi op2, mpz_srcptr x, mpz_srcptr y,
                    unsigned long k)
{
    gmp_init();
    jmp_buf jb, *outer = gmp_jmp;
    if (setjmp(jb)) {
        gmp_jmp = outer;
        mpz_init(r);
        vm_err_no_memory();
        return false;
    }
    gmp_jmp = &jb;
    if (op2)
        op2(r, x, k);
    else
        op1(r, x, y);
    gmp_jmp = outer;
    return true;
}

/* ---- mpz helpers ------------------------------------------------------------ */

static void mpz_set_i64(mpz_t z, int64_t v)
{
#if LONG_MAX == INT64_MAX
    mpz_set_si(z, (long)v);
#else
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    mpz_import(z, 1, -1, sizeof a, 0, 0, &a);
    if (v < 0)
        mpz_neg(z, z);
#endif
}

static void mpz_set_u64(mpz_t z, uint64_t a)
{
    mpz_import(z, 1, -1, sizeof a, 0, 0, &a);
}

/* The value of z as int64 when it fits. */
static bool mpz_get_i64(mpz_srcptr z, int64_t *out)
{
#if LONG_MAX == INT64_MAX
    if (!mpz_fits_slong_p(z))
        return false;
    *out = (int64_t)mpz_get_si(z);
    return true;
#else
    if (mpz_sizeinbase(z, 2) > 64)
        return false;
    uint64_t a = 0;
    mpz_export(&a, NULL, -1, sizeof a, 0, 0, z);
    if (mpz_sgn(z) >= 0) {
        if (a > (uint64_t)INT64_MAX)
            return false;
        *out = (int64_t)a;
    } else {
        if (a > (uint64_t)INT64_MAX + 1)
            return false;
        *out = (int64_t)(0 - a);
    }
    return true;
#endif
}

/* An operand as an mpz: borrowed from a big int, or a temporary. */
typedef struct ZArg {
    mpz_t tmp;
    mpz_srcptr p;
    bool owned;
} ZArg;

static void zarg(ZArg *a, Obj *o)
{
    IntObj *i = (IntObj *)o;
    if (i->big) {
        a->p = i->z;
        a->owned = false;
    } else {
        mpz_init(a->tmp);
        mpz_set_i64(a->tmp, i->v);
        a->p = a->tmp;
        a->owned = true;
    }
}

static void zarg_done(ZArg *a)
{
    if (a->owned)
        mpz_clear(a->tmp);
}

static size_t int_nbits(Obj *o)
{
    IntObj *i = (IntObj *)o;
    if (i->big)
        return mpz_sizeinbase(i->z, 2);
    uint64_t a = i->v < 0 ? (uint64_t)0 - (uint64_t)i->v : (uint64_t)i->v;
    size_t n = 0;
    while (a) {
        n++;
        a >>= 1;
    }
    return n;
}

static Obj *too_big(void)
{
    vm_err_no_memory();
    return NULL;
}

/* ---- construction -------------------------------------------------------------- */

static void small_init(void)
{
    for (int v = SMALL_MIN; v <= SMALL_MAX; v++) {
        IntObj *o = &small_ints[v - SMALL_MIN];
        o->base.refcnt = OBJ_STATIC_REFCNT;
        o->base.type = &int_type;
        o->big = false;
        o->v = v;
    }
    small_ready = true;
    gmp_init();
}

Obj *int_from_i64(int64_t v)
{
    if (v >= SMALL_MIN && v <= SMALL_MAX) {
        if (!small_ready)
            small_init();
        return INCREF(&small_ints[v - SMALL_MIN]);
    }
    IntObj *o = (IntObj *)obj_alloc(&int_type, 0);
    if (!o)
        return NULL;
    o->big = false;
    o->v = v;
    return (Obj *)o;
}

Obj *int_from_u64(uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return int_from_i64((int64_t)v);
    IntObj *o = (IntObj *)obj_alloc(&int_type, 0);
    if (!o)
        return NULL;
    o->big = true;
    mpz_init(o->z);
    mpz_set_u64(o->z, v);
    return (Obj *)o;
}

Obj *int_from_mpz(const mpz_t z)
{
    int64_t v;
    if (mpz_get_i64(z, &v))
        return int_from_i64(v);
    IntObj *o = (IntObj *)obj_alloc(&int_type, 0);
    if (!o)
        return NULL;
    o->big = true;
    mpz_init_set(o->z, z);
    return (Obj *)o;
}

/* Like int_from_mpz, but takes over z's storage (z is left cleared). */
static Obj *int_from_mpz_steal(mpz_t z)
{
    int64_t v;
    if (mpz_get_i64(z, &v)) {
        mpz_clear(z);
        return int_from_i64(v);
    }
    IntObj *o = (IntObj *)obj_alloc(&int_type, 0);
    if (!o) {
        mpz_clear(z);
        return NULL;
    }
    o->big = true;
    *o->z = *z;            /* move the limbs */
    return (Obj *)o;
}

Obj *int_from_digits15(const uint16_t *d, Ssize n, bool neg)
{
    mpz_t z;
    mpz_init(z);
    if (n > 0)
        mpz_import(z, (size_t)n, -1, sizeof *d, 0, 1, d);
    if (neg)
        mpz_neg(z, z);
    return int_from_mpz_steal(z);
}

/* A new int of exactly type int with o's value (o an int or subclass). */
static Obj *int_exact(Obj *o)
{
    if (IS_TYPE(o, int_type))
        return INCREF(o);
    IntObj *i = (IntObj *)o;
    return i->big ? int_from_mpz(i->z) : int_from_i64(i->v);
}

/* ---- accessors ------------------------------------------------------------------- */

bool int_fits_i64(Obj *o)
{
    return !((IntObj *)o)->big;
}

int int_as_i64(Obj *o, int64_t *out)
{
    IntObj *i = (IntObj *)o;
    if (i->big) {
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    *out = i->v;
    return 0;
}

void int_to_mpz(Obj *o, mpz_t out)
{
    IntObj *i = (IntObj *)o;
    if (i->big)
        mpz_set(out, i->z);
    else
        mpz_set_i64(out, i->v);
}

int int_sign(Obj *o)
{
    IntObj *i = (IntObj *)o;
    if (i->big)
        return mpz_sgn(i->z);
    return (i->v > 0) - (i->v < 0);
}

/* ---- int <-> double ---------------------------------------------------------------- */

/* The double nearest to q * 2**e (q > 0, round-half-even), or ±inf with
 * *overflow set.  When q is an inexact truncation, its lowest bit must be a
 * sticky bit at least two places below the rounding position (callers
 * ensure q has >= 55 bits then). */
static double round_scaled(mpz_srcptr q, long e, int *overflow)
{
    *overflow = 0;
    long nb = (long)mpz_sizeinbase(q, 2);
    long E = nb - 1 + e;                     /* exponent of the leading bit */
    if (E > 1023) {
        *overflow = 1;
        return HUGE_VAL;
    }
    long prec = E >= -1022 ? 53 : E + 1075;  /* subnormals keep fewer bits */
    if (prec <= -1)
        return 0.0;
    long drop = nb - prec;
    uint64_t mant;
    if (drop <= 0) {
        mant = 0;
        mpz_export(&mant, NULL, -1, sizeof mant, 0, 0, q);
        return ldexp((double)mant, (int)e);      /* exact */
    }
    mpz_t t;
    mpz_init(t);
    mpz_tdiv_q_2exp(t, q, (mp_bitcnt_t)drop);
    mant = 0;
    mpz_export(&mant, NULL, -1, sizeof mant, 0, 0, t);
    mpz_clear(t);
    bool half = mpz_tstbit(q, (mp_bitcnt_t)(drop - 1));
    bool below = drop >= 2 && mpz_scan1(q, 0) < (mp_bitcnt_t)(drop - 1);
    if (half && (below || (mant & 1)))
        mant++;
    double r = ldexp((double)mant, (int)(e + drop));
    if (isinf(r))
        *overflow = 1;
    return r;
}

double int_as_double(Obj *o, int *overflow)
{
    IntObj *i = (IntObj *)o;
    *overflow = 0;
    if (!i->big)
        return (double)i->v;    /* the C conversion rounds to nearest-even */
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, i->z);
    double r = round_scaled(a, 0, overflow);
    mpz_clear(a);
    return mpz_sgn(i->z) < 0 ? -r : r;
}

/* float(o) of an int with OverflowError; -1.0 + exception on error. */
static double to_double_or_err(Obj *o)
{
    int ovf;
    double d = int_as_double(o, &ovf);
    if (ovf) {
        vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return d;
}

Obj *int_from_double(double d)
{
    if (isinf(d)) {
        vm_err_set_str(&exc_OverflowError, "cannot convert float infinity to integer");
        return NULL;
    }
    if (isnan(d)) {
        vm_err_set_str(&exc_ValueError, "cannot convert float NaN to integer");
        return NULL;
    }
    if (d > -9223372036854775808.0 && d < 9223372036854775808.0)
        return int_from_i64((int64_t)d);
    mpz_t z;
    mpz_init(z);
    mpz_set_d(z, d);
    return int_from_mpz_steal(z);
}

/* ---- int <-> str ----------------------------------------------------------------------- */

static void free_gmp_str(char *s)
{
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(s, strlen(s) + 1);
}

static void str_limit_error(void)
{
    vm_err_format(&exc_ValueError,
                  "Exceeds the limit (%d digits) for integer string conversion; "
                  "use sys.set_int_max_str_digits() to increase the limit",
                  int_max_str_digits);
}

Obj *int_to_decimal_str(Obj *o)
{
    IntObj *i = (IntObj *)o;
    char buf[32];
    if (!i->big) {
        int n = snprintf(buf, sizeof buf, "%lld", (long long)i->v);
        return str_from_utf8(buf, n);
    }
    size_t est = mpz_sizeinbase(i->z, 10);      /* exact or one too many */
    if (int_max_str_digits > 0 && est > (size_t)int_max_str_digits + 1) {
        str_limit_error();
        return NULL;
    }
    char *s = mpz_get_str(NULL, 10, i->z);
    size_t len = strlen(s);
    size_t digits = len - (s[0] == '-');
    if (int_max_str_digits > 0 && digits > (size_t)int_max_str_digits) {
        free_gmp_str(s);
        str_limit_error();
        return NULL;
    }
    Obj *r = str_from_utf8(s, (Ssize)len);
    free_gmp_str(s);
    return r;
}

/* Digits of |o| in base 2, 8, 10 or 16 (lower case) into out; no limit check. */
void int_format_abs(Obj *o, int base, SBuf *out)
{
    IntObj *i = (IntObj *)o;
    if (!i->big) {
        uint64_t a = i->v < 0 ? (uint64_t)0 - (uint64_t)i->v : (uint64_t)i->v;
        char tmp[72];
        int n = 0;
        do {
            unsigned d = (unsigned)(a % (unsigned)base);
            tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
            a /= (unsigned)base;
        } while (a);
        while (n > 0)
            sbuf_putc(out, tmp[--n]);
        return;
    }
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, i->z);
    char *s = mpz_get_str(NULL, base, a);
    mpz_clear(a);
    sbuf_puts(out, s);
    free_gmp_str(s);
}

int int_check_str_digits(Obj *o)
{
    IntObj *i = (IntObj *)o;
    if (!i->big || int_max_str_digits <= 0)
        return 0;
    size_t est = mpz_sizeinbase(i->z, 10);
    if (est <= (size_t)int_max_str_digits)
        return 0;
    if (est > (size_t)int_max_str_digits + 1) {
        str_limit_error();
        return -1;
    }
    /* est may be one too many: compare with 10**limit */
    mpz_t p, a;
    mpz_init(p);
    mpz_init(a);
    mpz_ui_pow_ui(p, 10, (unsigned long)int_max_str_digits);
    mpz_abs(a, i->z);
    int over = mpz_cmp(a, p) >= 0;
    mpz_clear(p);
    mpz_clear(a);
    if (over) {
        str_limit_error();
        return -1;
    }
    return 0;
}

static int digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Py_ISSPACE: str input has had Unicode white space turned into ' '. */
static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Parse an int literal as int(s, base) does, s ASCII.  Returns the int, or
 * NULL: *bad = 1 for an invalid literal (no exception set), else an
 * exception is pending (digit limit, memory). */
static Obj *parse_int(const char *s, size_t n, int base, int *bad)
{
    *bad = 0;
    size_t i = 0, end = n;
    while (i < end && is_space((unsigned char)s[i]))
        i++;
    while (end > i && is_space((unsigned char)s[end - 1]))
        end--;
    bool neg = false;
    if (i < end && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    bool prefixed = false;
    if (i + 1 < end && s[i] == '0') {
        char p = (char)(s[i + 1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            base = pb;
            i += 2;
            prefixed = true;
        }
    }
    bool base0 = base == 0;
    if (base0)
        base = 10;
    /* digits with single underscores between them (and right after a prefix) */
    char stackbuf[128];
    char *digits = end - i < sizeof stackbuf ? stackbuf : malloc(end - i + 1);
    if (!digits) {
        vm_err_no_memory();
        return NULL;
    }
    size_t nd = 0;
    bool prev_us = prefixed;     /* "0x_1" is fine: treat the prefix like a digit */
    bool ok = i < end;
    if (ok && s[i] == '_' && !prefixed)
        ok = false;
    for (size_t k = i; ok && k < end; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '_') {
            if (k > i && s[k - 1] == '_') {
                ok = false;
                break;
            }
            prev_us = true;
            continue;
        }
        if (digit_value(c) >= base) {
            ok = false;
            break;
        }
        digits[nd++] = (char)c;
        prev_us = false;
    }
    if (ok && (nd == 0 || prev_us))
        ok = false;
    /* base 0 without prefix: no leading zeros unless the value is zero */
    if (ok && base0 && !prefixed && digits[0] == '0')
        for (size_t k = 0; k < nd; k++)
            if (digits[k] != '0') {
                ok = false;
                break;
            }
    if (!ok) {
        if (digits != stackbuf)
            free(digits);
        *bad = 1;
        return NULL;
    }
    digits[nd] = '\0';
    if ((base & (base - 1)) != 0 && int_max_str_digits > 0 && nd > (size_t)int_max_str_digits) {
        if (digits != stackbuf)
            free(digits);
        vm_err_format(&exc_ValueError,
                      "Exceeds the limit (%d digits) for integer string conversion: value has "
                      "%zd digits; use sys.set_int_max_str_digits() to increase the limit",
                      int_max_str_digits, (Ssize)nd);
        return NULL;
    }
    Obj *r;
    if (nd <= 12 || (base <= 16 && nd <= 15)) {
        int64_t v = 0;
        for (size_t k = 0; k < nd; k++)
            v = v * base + digit_value((unsigned char)digits[k]);
        r = int_from_i64(neg ? -v : v);
    } else {
        mpz_t z;
        mpz_init(z);
        mpz_set_str(z, digits, base);
        if (neg)
            mpz_neg(z, z);
        r = int_from_mpz_steal(z);
    }
    if (digits != stackbuf)
        free(digits);
    return r;
}

static void invalid_literal(int base, Obj *orig)
{
    Obj *rep = obj_repr(orig);
    if (!rep)
        return;
    if (VAR_SIZE(rep) > 200) {          /* CPython's %.200R */
        Obj *cut = str_substr(rep, 0, 200);
        DECREF(rep);
        if (!cut)
            return;
        rep = cut;
    }
    vm_err_format(&exc_ValueError, "invalid literal for int() with base %d: %S", base, rep);
    DECREF(rep);
}

Obj *int_from_str(const char *s, Ssize len, int base)
{
    int bad;
    Obj *r = parse_int(s, (size_t)len, base, &bad);
    if (!r && bad) {
        Obj *o = str_from_utf8(s, len);
        if (o) {
            invalid_literal(base, o);
            DECREF(o);
        }
    }
    return r;
}

/* int(o, base) for a str, bytes or bytearray o. */
static Obj *int_from_text_obj(Obj *o, int base)
{
    Obj *r;
    int bad;
    if (STR_CHECK(o)) {
        Obj *a = str_to_decimal_ascii(o);
        if (!a)
            return NULL;
        Ssize n;
        const char *p = str_utf8(a, &n);
        r = p ? parse_int(p, (size_t)n, base, &bad) : NULL;
        if (!p)
            bad = 0;
        DECREF(a);
    } else {
        const unsigned char *p;
        Ssize n = VAR_SIZE(o);
        if (BYTES_CHECK(o))
            p = BYTES_DATA(o);
        else
            p = ((ByteArrayObj *)o)->data;
        /* an embedded NUL ends the C string CPython parses: invalid */
        if (n > 0 && memchr(p, 0, (size_t)n)) {
            r = NULL;
            bad = 1;
        } else {
            r = parse_int((const char *)p, (size_t)n, base, &bad);
        }
    }
    if (!r && bad)
        invalid_literal(base, o);
    return r;
}

int int_set_max_str_digits(int64_t n)
{
    if (n != 0 && n < INT_MIN_MAX_STR_DIGITS) {
        vm_err_format(&exc_ValueError, "maxdigits must be 0 or larger than %d",
                      INT_MIN_MAX_STR_DIGITS);
        return -1;
    }
    int_max_str_digits = n > INT_MAX ? INT_MAX : (int)n;
    return 0;
}

/* ---- arithmetic ------------------------------------------------------------------------ */

#define BOTH_INTS(a, b)                                                        \
    do {                                                                       \
        if (!INT_CHECK(a) || !INT_CHECK(b))                                    \
            return INCREF(NOTIMPL);                                            \
    } while (0)

#define SMALL2(a, b) (!((IntObj *)(a))->big && !((IntObj *)(b))->big)
#define IV(o) (((IntObj *)(o))->v)

static Obj *big_binop(Obj *a, Obj *b, MpzOp op)
{
    ZArg x, y;
    zarg(&x, a);
    zarg(&y, b);
    mpz_t r;
    mpz_init(r);
    bool ok = gmp_try(r, op, NULL, x.p, y.p, 0);
    zarg_done(&x);
    zarg_done(&y);
    return ok ? int_from_mpz_steal(r) : NULL;
}

static Obj *int_add(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (SMALL2(a, b) && !__builtin_add_overflow(IV(a), IV(b), &r))
        return int_from_i64(r);
    return big_binop(a, b, mpz_add);
}

static Obj *int_sub(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (SMALL2(a, b) && !__builtin_sub_overflow(IV(a), IV(b), &r))
        return int_from_i64(r);
    return big_binop(a, b, mpz_sub);
}

static Obj *int_mul(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    int64_t r;
    if (SMALL2(a, b) && !__builtin_mul_overflow(IV(a), IV(b), &r))
        return int_from_i64(r);
    if ((uint64_t)int_nbits(a) + int_nbits(b) > INT_MAX_BITS)
        return too_big();
    return big_binop(a, b, mpz_mul);
}

/* Floor quotient and remainder (sign of the divisor).  want: 1 quotient,
 * 2 remainder, 3 both as a tuple. */
static Obj *int_divmod_impl(Obj *a, Obj *b, int want)
{
    if (int_sign(b) == 0) {
        vm_err_set_str(&exc_ZeroDivisionError, want == 2 ? "integer modulo by zero"
                                                         : "integer division or modulo by zero");
        return NULL;
    }
    Obj *q = NULL, *r = NULL;
    if (SMALL2(a, b) && !(IV(a) == INT64_MIN && IV(b) == -1)) {
        int64_t x = IV(a), y = IV(b);
        int64_t qq = x / y, rr = x % y;
        if (rr != 0 && ((rr < 0) != (y < 0))) {
            qq--;
            rr += y;
        }
        if (want & 1)
            q = int_from_i64(qq);
        if (want & 2)
            r = int_from_i64(rr);
    } else {
        ZArg x, y;
        zarg(&x, a);
        zarg(&y, b);
        mpz_t qq, rr;
        mpz_init(qq);
        mpz_init(rr);
        mpz_fdiv_qr(qq, rr, x.p, y.p);
        zarg_done(&x);
        zarg_done(&y);
        if (want & 1)
            q = int_from_mpz_steal(qq);
        else
            mpz_clear(qq);
        if (want & 2)
            r = int_from_mpz_steal(rr);
        else
            mpz_clear(rr);
    }
    if (want == 1)
        return q;
    if (want == 2)
        return r;
    Obj *t = NULL;
    if (q && r)
        t = tuple_pack(2, q, r);
    XDECREF(q);
    XDECREF(r);
    return t;
}

static Obj *int_floordiv(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return int_divmod_impl(a, b, 1);
}

static Obj *int_mod(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return int_divmod_impl(a, b, 2);
}

static Obj *int_divmod(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    return int_divmod_impl(a, b, 3);
}

/* a / b correctly rounded (CPython's long_true_divide results). */
static Obj *int_truediv(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (int_sign(b) == 0) {
        vm_err_set_str(&exc_ZeroDivisionError, "division by zero");
        return NULL;
    }
    const int64_t lim = (int64_t)1 << 53;
    if (SMALL2(a, b) && IV(a) >= -lim && IV(a) <= lim && IV(b) >= -lim && IV(b) <= lim)
        return float_from_double((double)IV(a) / (double)IV(b));
    bool negate = (int_sign(a) < 0) != (int_sign(b) < 0);
    if (int_sign(a) == 0)
        return float_from_double(negate ? -0.0 : 0.0);
    ZArg x, y;
    zarg(&x, a);
    zarg(&y, b);
    mpz_t n, d, q, r;
    mpz_init(n);
    mpz_init(d);
    mpz_init(q);
    mpz_init(r);
    mpz_abs(n, x.p);
    mpz_abs(d, y.p);
    zarg_done(&x);
    zarg_done(&y);
    long shift = 55 - ((long)mpz_sizeinbase(n, 2) - (long)mpz_sizeinbase(d, 2));
    double res = 0.0;
    int ovf = 0;
    /* A quotient too far below the smallest subnormal is 0 without work;
     * one far above the largest double overflows. */
    if (shift > 1200) {
        res = 0.0;
    } else if (shift < -1200) {
        ovf = 1;
    } else {
        if (shift >= 0)
            mpz_mul_2exp(n, n, (mp_bitcnt_t)shift);
        else
            mpz_mul_2exp(d, d, (mp_bitcnt_t)-shift);
        mpz_tdiv_qr(q, r, n, d);
        if (mpz_sgn(r) != 0)
            mpz_setbit(q, 0);           /* sticky bit */
        res = round_scaled(q, -shift, &ovf);
    }
    mpz_clear(n);
    mpz_clear(d);
    mpz_clear(q);
    mpz_clear(r);
    if (ovf) {
        vm_err_set_str(&exc_OverflowError, "integer division result too large for a float");
        return NULL;
    }
    return float_from_double(negate ? -res : res);
}

static Obj *int_neg(Obj *a)
{
    IntObj *i = (IntObj *)a;
    if (!i->big && i->v != INT64_MIN)
        return int_from_i64(-i->v);
    mpz_t r;
    mpz_init(r);
    if (i->big)
        mpz_neg(r, i->z);
    else {
        mpz_set_i64(r, i->v);
        mpz_neg(r, r);
    }
    return int_from_mpz_steal(r);
}

static Obj *int_pos(Obj *a)
{
    return int_exact(a);
}

static Obj *int_abs(Obj *a)
{
    return int_sign(a) < 0 ? int_neg(a) : int_exact(a);
}

static int int_bool(Obj *a)
{
    return int_sign(a) != 0;
}

static Obj *int_invert(Obj *a)
{
    IntObj *i = (IntObj *)a;
    if (!i->big)
        return int_from_i64(~i->v);
    mpz_t r;
    mpz_init(r);
    mpz_com(r, i->z);
    return int_from_mpz_steal(r);
}

static Obj *int_and(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (SMALL2(a, b))
        return int_from_i64(IV(a) & IV(b));
    return big_binop(a, b, mpz_and);
}

static Obj *int_or(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (SMALL2(a, b))
        return int_from_i64(IV(a) | IV(b));
    return big_binop(a, b, mpz_ior);
}

static Obj *int_xor(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    if (SMALL2(a, b))
        return int_from_i64(IV(a) ^ IV(b));
    return big_binop(a, b, mpz_xor);
}

/* Shift count of b: 0 ok (*out set), 1 huge (>= 2**63), -1 error (negative). */
static int shift_count(Obj *b, uint64_t *out)
{
    if (int_sign(b) < 0) {
        vm_err_set_str(&exc_ValueError, "negative shift count");
        return -1;
    }
    if (((IntObj *)b)->big)
        return 1;
    *out = (uint64_t)IV(b);
    return 0;
}

static Obj *int_lshift(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    uint64_t s = 0;
    int k = shift_count(b, &s);
    if (k < 0)
        return NULL;
    if (int_sign(a) == 0)
        return int_from_i64(0);
    /* CPython needs |a|'s 30-bit digits plus s/30 more: beyond what a
     * Py_ssize_t-sized object can count it is OverflowError, else the
     * allocation fails (MemoryError) */
    uint64_t q, r;
    if (k > 0) {
        mpz_t zq;
        mpz_init(zq);
        r = mpz_fdiv_q_ui(zq, ((IntObj *)b)->z, 30);
        int64_t t = 0;
        bool over = mpz_sizeinbase(zq, 2) > 62 || !mpz_get_i64(zq, &t);
        q = over ? INT_MAX_LONG_DIGITS + 1 : (uint64_t)t;
        mpz_clear(zq);
    } else {
        q = s / 30;
        r = s % 30;
    }
    uint64_t digits = (int_nbits(a) + 29) / 30 + q + (r != 0);
    if (q > INT_MAX_LONG_DIGITS || digits > INT_MAX_LONG_DIGITS) {
        vm_err_set_str(&exc_OverflowError, "too many digits in integer");
        return NULL;
    }
    if (k > 0 || int_nbits(a) + s > INT_MAX_BITS)
        return too_big();
    if (!((IntObj *)a)->big && s < 63) {
        int64_t res;
        if (!__builtin_mul_overflow(IV(a), (int64_t)1 << s, &res))
            return int_from_i64(res);
    }
    ZArg x;
    zarg(&x, a);
    mpz_t res;
    mpz_init(res);
    bool ok = gmp_try(res, NULL, mpz_mul_2exp, x.p, NULL, (unsigned long)s);
    zarg_done(&x);
    return ok ? int_from_mpz_steal(res) : NULL;
}

static Obj *int_rshift(Obj *a, Obj *b)
{
    BOTH_INTS(a, b);
    uint64_t s = 0;
    int k = shift_count(b, &s);
    if (k < 0)
        return NULL;
    if (k > 0 || s >= int_nbits(a) + 1)
        return int_from_i64(int_sign(a) < 0 ? -1 : 0);
    if (!((IntObj *)a)->big) {
        int64_t v = IV(a);
        if (s >= 63)
            return int_from_i64(v < 0 ? -1 : 0);
        return int_from_i64(v >= 0 ? v >> s : ~((~v) >> s));   /* floor */
    }
    mpz_t r;
    mpz_init(r);
    mpz_fdiv_q_2exp(r, ((IntObj *)a)->z, (mp_bitcnt_t)s);
    return int_from_mpz_steal(r);
}

/* pow(a, b, m) with all ints and m != 0. */
static Obj *int_powmod(Obj *a, Obj *b, Obj *m)
{
    ZArg x, y, z;
    zarg(&x, a);
    zarg(&y, b);
    zarg(&z, m);
    mpz_t mod, base, r;
    mpz_init(mod);
    mpz_init(base);
    mpz_init(r);
    mpz_abs(mod, z.p);
    Obj *res = NULL;
    if (mpz_cmp_ui(mod, 1) == 0) {
        res = int_from_i64(0);
        goto done;
    }
    mpz_mod(base, x.p, mod);
    if (mpz_sgn(y.p) < 0) {
        if (!mpz_invert(base, base, mod)) {
            vm_err_set_str(&exc_ValueError, "base is not invertible for the given modulus");
            goto done;
        }
        mpz_t e;
        mpz_init(e);
        mpz_neg(e, y.p);
        mpz_powm(r, base, e, mod);
        mpz_clear(e);
    } else {
        mpz_powm(r, base, y.p, mod);
    }
    if (mpz_sgn(z.p) < 0 && mpz_sgn(r) != 0)
        mpz_sub(r, r, mod);                 /* result takes the modulus' sign */
    res = int_from_mpz(r);
done:
    mpz_clear(mod);
    mpz_clear(base);
    mpz_clear(r);
    zarg_done(&x);
    zarg_done(&y);
    zarg_done(&z);
    return res;
}

static Obj *int_pow(Obj *a, Obj *b, Obj *m)
{
    if (m && m != NONE) {
        if (!INT_CHECK(a) || !INT_CHECK(b) || !INT_CHECK(m)) {
            return INCREF(NOTIMPL);
        }
        if (int_sign(m) == 0) {
            vm_err_set_str(&exc_ValueError, "pow() 3rd argument cannot be 0");
            return NULL;
        }
        return int_powmod(a, b, m);
    }
    BOTH_INTS(a, b);
    if (int_sign(b) < 0) {
        /* float power: convert both, then float.__pow__ */
        double x = to_double_or_err(a);
        if (x == -1.0 && vm_err_occurred())
            return NULL;
        double y = to_double_or_err(b);
        if (y == -1.0 && vm_err_occurred())
            return NULL;
        Obj *fx = float_from_double(x), *fy = fx ? float_from_double(y) : NULL;
        Obj *r = fy ? float_type.as_number->power(fx, fy, NONE) : NULL;
        XDECREF(fx);
        XDECREF(fy);
        return r;
    }
    /* trivial bases need no work whatever the exponent */
    if (!((IntObj *)a)->big && IV(a) >= -1 && IV(a) <= 1) {
        int64_t v = IV(a);
        if (v == 1 || int_sign(b) == 0)
            return int_from_i64(1);
        if (v == 0)
            return int_from_i64(0);
        bool odd = ((IntObj *)b)->big ? mpz_odd_p(((IntObj *)b)->z) : (IV(b) & 1);
        return int_from_i64(odd ? -1 : 1);
    }
    if (((IntObj *)b)->big)
        return too_big();
    uint64_t e = (uint64_t)IV(b);
    size_t nb = int_nbits(a);
    if (nb > 1 && (e > INT_MAX_BITS || (uint64_t)(nb - 1) * e > INT_MAX_BITS))
        return too_big();
    if (!((IntObj *)a)->big) {
        /* square-and-multiply in 64 bits while it does not overflow */
        int64_t base = IV(a), r = 1;
        uint64_t k = e;
        bool ovf = false;
        while (k) {
            if (k & 1 && __builtin_mul_overflow(r, base, &r)) {
                ovf = true;
                break;
            }
            k >>= 1;
            if (k && __builtin_mul_overflow(base, base, &base)) {
                ovf = true;
                break;
            }
        }
        if (!ovf)
            return int_from_i64(r);
    }
    ZArg x;
    zarg(&x, a);
    mpz_t r;
    mpz_init(r);
    bool ok = gmp_try(r, NULL, mpz_pow_ui, x.p, NULL, (unsigned long)e);
    zarg_done(&x);
    return ok ? int_from_mpz_steal(r) : NULL;
}

static Obj *int_int(Obj *a)
{
    return int_exact(a);
}

static Obj *int_float(Obj *a)
{
    double d = to_double_or_err(a);
    if (d == -1.0 && vm_err_occurred())
        return NULL;
    return float_from_double(d);
}

static Obj *int_richcompare(Obj *a, Obj *b, int op)
{
    if (!INT_CHECK(a) || !INT_CHECK(b))
        return INCREF(NOTIMPL);
    int c;
    if (SMALL2(a, b)) {
        c = (IV(a) > IV(b)) - (IV(a) < IV(b));
    } else {
        ZArg x, y;
        zarg(&x, a);
        zarg(&y, b);
        c = mpz_cmp(x.p, y.p);
        zarg_done(&x);
        zarg_done(&y);
    }
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

Hash int_hash(Obj *o)
{
    IntObj *i = (IntObj *)o;
    uint64_t h = i->big ? pyhash_mpz(&pyhash_vm, i->z) : pyhash_i64(&pyhash_vm, i->v);
    return (Hash)pyhash_signed(&pyhash_vm, h);
}

static Obj *int_repr(Obj *o)
{
    return int_to_decimal_str(o);
}

static void int_dealloc(Obj *o)
{
    IntObj *i = (IntObj *)o;
    if (i->big) {
        mpz_clear(i->z);
        i->big = false;
    }
    obj_free(o);
}

/* ---- int() ---------------------------------------------------------------------------- */

/* int(x) for one argument of any type (CPython's PyNumber_Long). */
static Obj *int_of(Obj *x)
{
    if (IS_TYPE(x, int_type))
        return INCREF(x);
    NumberMethods *nb = OBJ_TYPE(x)->as_number;
    if (nb && nb->int_) {
        Obj *r = nb->int_(x);
        if (!r || IS_TYPE(r, int_type))
            return r;
        if (!INT_CHECK(r)) {
            vm_err_format(&exc_TypeError, "__int__ returned non-int (type %s)", OBJ_TYPE(r)->name);
            DECREF(r);
            return NULL;
        }
        Obj *e = int_exact(r);
        DECREF(r);
        return e;
    }
    if (nb && nb->index) {
        Obj *r = num_index(x);
        if (!r)
            return NULL;
        Obj *e = int_exact(r);
        DECREF(r);
        return e;
    }
    if (INT_CHECK(x))
        return int_exact(x);
    /* 3.11+ still delegates to __trunc__ (with a DeprecationWarning) */
    Obj *t = NULL;
    Obj *f = type_lookup(OBJ_TYPE(x), id_str("__trunc__"));
    if (f) {
        DescrGetFn get = OBJ_TYPE(f)->descr_get;
        Obj *bound = get ? get(f, x, (Obj *)OBJ_TYPE(x)) : INCREF(f);
        t = bound ? obj_call(bound, NULL, 0, NULL) : NULL;
        XDECREF(bound);
        if (!t)
            return NULL;
        if (INT_CHECK(t)) {
            Obj *e = int_exact(t);
            DECREF(t);
            return e;
        }
        Obj *e = num_index(t);
        if (!e) {
            if (vm_err_matches(&exc_TypeError)) {
                vm_err_clear();
                vm_err_format(&exc_TypeError, "__trunc__ returned non-Integral (type %s)",
                              OBJ_TYPE(t)->name);
            }
            DECREF(t);
            return NULL;
        }
        DECREF(t);
        Obj *f = int_exact(e);
        DECREF(e);
        return f;
    }
    if (vm_err_occurred())
        return NULL;
    if (STR_CHECK(x) || BYTES_CHECK(x) || type_is_subtype(OBJ_TYPE(x), &bytearray_type))
        return int_from_text_obj(x, 10);
    vm_err_format(&exc_TypeError,
                  "int() argument must be a string, a bytes-like object or a real number, not '%s'",
                  OBJ_TYPE(x)->name);
    return NULL;
}

/* A new instance of subtype t holding the value of the exact int v (stolen). */
static Obj *int_subtype_from(TypeObj *t, Obj *v)
{
    if (!v)
        return NULL;
    IntObj *o = (IntObj *)obj_alloc(t, 0);
    if (!o) {
        DECREF(v);
        return NULL;
    }
    IntObj *src = (IntObj *)v;
    o->big = src->big;
    if (src->big)
        mpz_init_set(o->z, src->z);
    else
        o->v = src->v;
    DECREF(v);
    return (Obj *)o;
}

static Obj *int_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    Obj *x = nargs > 0 ? args[0] : NULL, *basearg = nargs > 1 ? args[1] : NULL;
    if (nargs + nkw > 2) {
        vm_err_format(&exc_TypeError, "int() takes at most 2 arguments (%zd given)", nargs + nkw);
        return NULL;
    }
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        if (!str_eq_cstr(kn, "base")) {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for int()", kn);
            return NULL;
        }
        if (basearg) {
            vm_err_set_str(&exc_TypeError,
                           "argument for int() given by name ('base') and position (2)");
            return NULL;
        }
        basearg = args[nargs + k];
    }
    Obj *v;
    if (!basearg) {
        v = x ? int_of(x) : int_from_i64(0);
    } else {
        if (!x) {
            vm_err_set_str(&exc_TypeError, "int() missing string argument");
            return NULL;
        }
        Ssize base = num_as_ssize(basearg, NULL);
        if (base == -1 && vm_err_occurred())
            return NULL;
        if ((base != 0 && base < 2) || base > 36) {
            vm_err_set_str(&exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
            return NULL;
        }
        if (STR_CHECK(x) || BYTES_CHECK(x) || type_is_subtype(OBJ_TYPE(x), &bytearray_type)) {
            v = int_from_text_obj(x, (int)base);
        } else {
            vm_err_set_str(&exc_TypeError, "int() can't convert non-string with explicit base");
            return NULL;
        }
    }
    if (t == &int_type || !v)
        return v;
    return int_subtype_from(t, v);
}

/* ---- methods ------------------------------------------------------------------------------ */

static Obj *m_conjugate(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return int_exact(self);
}

static Obj *m_bit_length(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return int_from_i64((int64_t)int_nbits(self));
}

static Obj *m_bit_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    IntObj *i = (IntObj *)self;
    if (!i->big) {
        uint64_t a = i->v < 0 ? (uint64_t)0 - (uint64_t)i->v : (uint64_t)i->v;
        return int_from_i64(__builtin_popcountll(a));
    }
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, i->z);
    int64_t n = (int64_t)mpz_popcount(a);
    mpz_clear(a);
    return int_from_i64(n);
}

/* byteorder argument: 1 little, 0 big, -1 error */
static int byteorder_arg(const char *fname, Obj *o)
{
    if (!o)
        return 0;
    if (!STR_CHECK(o)) {
        vm_err_format(&exc_TypeError, "%s() argument 'byteorder' must be str, not %s", fname,
                      OBJ_TYPE(o)->name);
        return -1;
    }
    if (str_eq_cstr(o, "little"))
        return 1;
    if (str_eq_cstr(o, "big"))
        return 0;
    vm_err_set_str(&exc_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

static Obj *m_to_bytes(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"length", "byteorder", "signed"};
    Obj *a[3];
    if (nargs > 2) {
        vm_err_format(&exc_TypeError, "to_bytes() takes at most 2 positional arguments (%zd given)",
                      nargs);
        return NULL;
    }
    if (args_parse("to_bytes", args, nargs, kwnames, names, 3, 0, 0, a) < 0)
        return NULL;
    Ssize length = 1;
    if (a[0]) {
        length = num_as_ssize(a[0], &exc_OverflowError);
        if (length == -1 && vm_err_occurred())
            return NULL;
        if (length < 0) {
            vm_err_set_str(&exc_ValueError, "length argument must be non-negative");
            return NULL;
        }
    }
    int little = byteorder_arg("to_bytes", a[1]);
    if (little < 0)
        return NULL;
    int is_signed = 0;
    if (a[2]) {
        is_signed = obj_is_true(a[2]);
        if (is_signed < 0)
            return NULL;
    }
    if (!is_signed && int_sign(self) < 0) {
        vm_err_set_str(&exc_OverflowError, "can't convert negative int to unsigned");
        return NULL;
    }
    /* two's complement of width 8*length must hold the value */
    mpz_t z, lim;
    mpz_init(z);
    mpz_init(lim);
    int_to_mpz(self, z);
    size_t nb = mpz_sizeinbase(z, 2);
    bool fits;
    if ((uint64_t)length * 8 > nb + 8) {
        fits = true;
    } else {
        mp_bitcnt_t bits = (mp_bitcnt_t)length * 8 - (is_signed ? 1 : 0);
        if (length == 0) {
            fits = mpz_sgn(z) == 0;
        } else if (mpz_sgn(z) >= 0) {
            fits = mpz_sizeinbase(z, 2) <= bits || mpz_sgn(z) == 0;
        } else {                       /* z >= -2**bits */
            mpz_set_ui(lim, 1);
            mpz_mul_2exp(lim, lim, bits);
            mpz_neg(lim, lim);
            fits = mpz_cmp(z, lim) >= 0;
        }
    }
    if (!fits) {
        mpz_clear(z);
        mpz_clear(lim);
        vm_err_set_str(&exc_OverflowError, "int too big to convert");
        return NULL;
    }
    if (mpz_sgn(z) < 0) {           /* z + 2**(8*length) */
        mpz_set_ui(lim, 1);
        mpz_mul_2exp(lim, lim, (mp_bitcnt_t)length * 8);
        mpz_add(z, z, lim);
    }
    unsigned char *buf = calloc((size_t)length + 1, 1);
    if (!buf) {
        mpz_clear(z);
        mpz_clear(lim);
        return too_big();
    }
    size_t cnt = 0;
    unsigned char *tmp = mpz_sgn(z) ? mpz_export(NULL, &cnt, -1, 1, 0, 0, z) : NULL;
    for (size_t k = 0; k < cnt && k < (size_t)length; k++)
        buf[little ? k : (size_t)length - 1 - k] = tmp[k];
    if (tmp) {
        void (*freefn)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &freefn);
        freefn(tmp, cnt);
    }
    mpz_clear(z);
    mpz_clear(lim);
    Obj *r = bytes_from(buf, length);
    free(buf);
    return r;
}

static Obj *m_from_bytes(Obj *cls, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"bytes", "byteorder", "signed"};
    Obj *a[3];
    if (nargs > 2) {
        vm_err_format(&exc_TypeError,
                      "from_bytes() takes at most 2 positional arguments (%zd given)", nargs);
        return NULL;
    }
    if (args_parse("from_bytes", args, nargs, kwnames, names, 3, 0, 1, a) < 0)
        return NULL;
    int little = byteorder_arg("from_bytes", a[1]);
    if (little < 0)
        return NULL;
    int is_signed = 0;
    if (a[2]) {
        is_signed = obj_is_true(a[2]);
        if (is_signed < 0)
            return NULL;
    }
    Obj *b;
    if (BYTES_CHECK(a[0])) {
        b = INCREF(a[0]);
    } else {
        if (STR_CHECK(a[0]) || INT_CHECK(a[0])) {
            vm_err_format(&exc_TypeError, "cannot convert '%s' object to bytes",
                          OBJ_TYPE(a[0])->name);
            return NULL;
        }
        b = obj_call((Obj *)&bytes_type, &a[0], 1, NULL);
        if (!b)
            return NULL;
    }
    Ssize n = VAR_SIZE(b);
    mpz_t z;
    mpz_init(z);
    if (n > 0)
        mpz_import(z, (size_t)n, little ? -1 : 1, 1, 0, 0, BYTES_DATA(b));
    if (is_signed && n > 0) {
        unsigned char top = little ? BYTES_DATA(b)[n - 1] : BYTES_DATA(b)[0];
        if (top & 0x80) {
            mpz_t p;
            mpz_init(p);
            mpz_setbit(p, (mp_bitcnt_t)n * 8);
            mpz_sub(z, z, p);
            mpz_clear(p);
        }
    }
    DECREF(b);
    Obj *v = int_from_mpz_steal(z);
    if (!v || (Obj *)cls == (Obj *)&int_type)
        return v;
    Obj *r = obj_call(cls, &v, 1, NULL);
    DECREF(v);
    return r;
}

static Obj *m_as_integer_ratio(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    Obj *n = int_exact(self);
    if (!n)
        return NULL;
    Obj *r = tuple_pack(2, n, int_from_i64(1));
    DECREF(n);
    return r;
}

static Obj *m_is_integer(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return bool_from(true);
}

static Obj *m_int_self(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return int_exact(self);
}

/* round(int, ndigits): round half to even at 10**-ndigits. */
static Obj *m_round(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("__round__", kwnames) < 0 || args_count("__round__", nargs, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return int_exact(self);
    Obj *nd = num_index(args[0]);
    if (!nd)
        return NULL;
    int sign = int_sign(nd);
    if (sign >= 0) {
        DECREF(nd);
        return int_exact(self);
    }
    /* 10**k with k = -ndigits; beyond the value's digits the result is 0 */
    size_t digits = int_nbits(self) / 3 + 2;
    bool huge = ((IntObj *)nd)->big || (uint64_t)(-(IV(nd) + 1)) + 1 > digits;
    uint64_t k = huge ? 0 : (uint64_t)(-(IV(nd) + 1)) + 1;
    DECREF(nd);
    if (huge)
        return int_from_i64(0);
    mpz_t x, p, q, r;
    mpz_init(x);
    mpz_init(p);
    mpz_init(q);
    mpz_init(r);
    int_to_mpz(self, x);
    mpz_ui_pow_ui(p, 10, (unsigned long)k);
    mpz_fdiv_qr(q, r, x, p);          /* x = q*p + r, 0 <= r < p */
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, p);
    if (c > 0 || (c == 0 && mpz_odd_p(q)))
        mpz_add_ui(q, q, 1);
    mpz_mul(q, q, p);
    mpz_clear(x);
    mpz_clear(p);
    mpz_clear(r);
    return int_from_mpz_steal(q);
}

static Obj *m_getnewargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    Obj *v = int_exact(self);
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

static Obj *m_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    /* 3.12: 24-byte header plus 30-bit digits, at least one */
    size_t nd = (int_nbits(self) + 29) / 30;
    int64_t base = OBJ_TYPE(self)->basicsize > (Ssize)sizeof(IntObj)
                       ? (int64_t)(OBJ_TYPE(self)->basicsize - (Ssize)sizeof(IntObj))
                       : 0;
    return int_from_i64(24 + 4 * (int64_t)(nd ? nd : 1) + base);
}

static MethodDef int_methods[] = {
    {"conjugate", m_conjugate, METH_NOARGS, "Returns self, the complex conjugate of any int."},
    {"bit_length", m_bit_length, METH_NOARGS, NULL},
    {"bit_count", m_bit_count, METH_NOARGS, NULL},
    {"to_bytes", m_to_bytes, METH_FAST, NULL},
    {"from_bytes", m_from_bytes, METH_FAST | METH_CLASS, NULL},
    {"as_integer_ratio", m_as_integer_ratio, METH_NOARGS, NULL},
    {"is_integer", m_is_integer, METH_NOARGS, NULL},
    {"__trunc__", m_int_self, METH_NOARGS, "Truncating an Integral returns itself."},
    {"__floor__", m_int_self, METH_NOARGS, "Flooring an Integral returns itself."},
    {"__ceil__", m_int_self, METH_NOARGS, "Ceiling of an Integral returns itself."},
    {"__round__", m_round, METH_FAST, NULL},
    {"__getnewargs__", m_getnewargs, METH_NOARGS, NULL},
    {"__format__", m_format, METH_O, NULL},
    {"__sizeof__", m_sizeof, METH_NOARGS, "Returns size in memory, in bytes."},
    {NULL, NULL, 0, NULL},
};

static Obj *get_self(Obj *self, void *closure)
{
    (void)closure;
    return int_exact(self);
}

static Obj *get_zero(Obj *self, void *closure)
{
    (void)self; (void)closure;
    return int_from_i64(0);
}

static Obj *get_one(Obj *self, void *closure)
{
    (void)self; (void)closure;
    return int_from_i64(1);
}

static GetSetDef int_getset[] = {
    {"real", get_self, NULL, "the real part of a complex number", NULL},
    {"imag", get_zero, NULL, "the imaginary part of a complex number", NULL},
    {"numerator", get_self, NULL, "the numerator of a rational number in lowest terms", NULL},
    {"denominator", get_one, NULL, "the denominator of a rational number in lowest terms", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static NumberMethods int_as_number = {
    .add = int_add,
    .subtract = int_sub,
    .multiply = int_mul,
    .remainder = int_mod,
    .divmod = int_divmod,
    .power = int_pow,
    .negative = int_neg,
    .positive = int_pos,
    .absolute = int_abs,
    .bool_ = int_bool,
    .invert = int_invert,
    .lshift = int_lshift,
    .rshift = int_rshift,
    .and_ = int_and,
    .xor_ = int_xor,
    .or_ = int_or,
    .int_ = int_int,
    .float_ = int_float,
    .floor_divide = int_floordiv,
    .true_divide = int_truediv,
    .index = int_int,
};

TypeObj int_type = {
    .base = TYPE_HEAD_INIT,
    .name = "int",
    .basicsize = sizeof(IntObj),
    .flags = TPF_BASETYPE | TPF_INT_SUBCLASS,
    .dealloc = int_dealloc,
    .repr = int_repr,
    .hash = int_hash,
    .richcompare = int_richcompare,
    .new_ = int_new,
    .as_number = &int_as_number,
    .methods = int_methods,
    .getset = int_getset,
};

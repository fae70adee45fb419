/* decnum.h — arbitrary-precision decimal floating point on GMP, the
 * arithmetic under the `decimal` module (mod_decimal.c).
 *
 * A DecNum is sign, coefficient (a non-negative mpz), exponent, or one of
 * the special values Infinity, NaN and sNaN (a NaN's payload is kept in
 * the coefficient).  Every operation follows the General Decimal
 * Arithmetic specification as CPython 3.12's libmpdec implements it: the
 * exact result rounded to the context (DecCtx) with the conditions it
 * raises ORed into *st as DS_* bits; the Python layer turns those into
 * context flags and trapped exceptions.  No Python objects here.
 */
#ifndef PYDBG_NATIVE_DECNUM_H
#define PYDBG_NATIVE_DECNUM_H

#include <gmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "pydbg/base.h"

enum { DN_FINITE = 0, DN_INF, DN_NAN, DN_SNAN };

/* Rounding modes, in the order of CPython's "valid values for rounding" list. */
enum { DR_CEILING = 0, DR_FLOOR, DR_UP, DR_DOWN, DR_HALF_UP, DR_HALF_DOWN, DR_HALF_EVEN, DR_05UP,
       DR_COUNT };

/* Conditions (libmpdec's bit order, which is also the order of the
 * signals in a Context's repr). */
#define DS_CLAMPED          (1u << 0)
#define DS_CONV_SYNTAX      (1u << 1)
#define DS_DIV_BY_ZERO      (1u << 2)
#define DS_DIV_IMPOSSIBLE   (1u << 3)
#define DS_DIV_UNDEFINED    (1u << 4)
#define DS_INEXACT          (1u << 6)
#define DS_INVALID_CONTEXT  (1u << 7)
#define DS_INVALID_OP       (1u << 8)
#define DS_FLOAT_OP         (1u << 10)
#define DS_OVERFLOW         (1u << 11)
#define DS_ROUNDED          (1u << 12)
#define DS_SUBNORMAL        (1u << 13)
#define DS_UNDERFLOW        (1u << 14)
/* The conditions that make up the InvalidOperation signal. */
#define DS_IEEE_INVALID (DS_CONV_SYNTAX | DS_DIV_IMPOSSIBLE | DS_DIV_UNDEFINED | \
                         DS_INVALID_CONTEXT | DS_INVALID_OP)

#define DEC_MAX_PREC  INT64_C(999999999999999999)
#define DEC_MAX_EMAX  INT64_C(999999999999999999)
#define DEC_MIN_EMIN  INT64_C(-999999999999999999)
#define DEC_MIN_ETINY (DEC_MIN_EMIN - (DEC_MAX_PREC - 1))

typedef struct DecCtx {
    int64_t prec, emin, emax;
    int round;          /* DR_* */
    int clamp;          /* 0/1 */
} DecCtx;

typedef struct DecNum {
    int kind;           /* DN_* */
    int sign;           /* 1: negative */
    int64_t exp;
    mpz_t coef;         /* >= 0; NaN payload (0: none) */
} DecNum;

void dn_init(DecNum *x);
void dn_clear(DecNum *x);
void dn_copy(DecNum *r, const DecNum *a);
void dn_set_i64(DecNum *r, int64_t v);
void dn_set_special(DecNum *r, int kind, int sign);
static inline bool dn_special(const DecNum *x) { return x->kind != DN_FINITE; }
static inline bool dn_isnan(const DecNum *x) { return x->kind == DN_NAN || x->kind == DN_SNAN; }
static inline bool dn_iszero(const DecNum *x) { return x->kind == DN_FINITE && mpz_sgn(x->coef) == 0; }
int64_t dn_digits(const DecNum *x);     /* digits of the coefficient (1 for 0) */
int64_t dn_mpz_digits(const mpz_t z);
static inline int64_t dn_adjusted(const DecNum *x) { return x->exp + dn_digits(x) - 1; }
static inline int64_t dc_etiny(const DecCtx *c) { return c->emin - c->prec + 1; }
static inline int64_t dc_etop(const DecCtx *c) { return c->emax - c->prec + 1; }
bool dn_is_integer(const DecNum *x);    /* finite with no fractional part */
void dn_pow10(mpz_t r, int64_t n);      /* 10**n, n >= 0 (cached for small n) */

/* Exact conversions.  dn_from_str: ASCII, already stripped of white space
 * and underscores; 0, or -1 on a syntax error (r untouched).
 * dn_from_double: exactly the binary value (NaN and infinities too). */
int dn_from_str(DecNum *r, const char *s, size_t n);
void dn_from_double(DecNum *r, double d);
/* Text: scientific (eng false) or engineering notation, exponent letter
 * 'E' or 'e'. */
void dn_to_sci(const DecNum *x, bool eng, bool capitals, SBuf *out);

/* Round to the context: precision, overflow, subnormals, clamping. */
void dn_finalize(DecNum *x, const DecCtx *c, uint32_t *st);
/* NaN operands: sets r and returns true when a or b (b may be NULL) is a NaN. */
bool dn_nan_result(DecNum *r, const DecNum *a, const DecNum *b, uint32_t *st);
/* Numeric comparison of non-NaN values: -1, 0, 1. */
int dn_cmp(const DecNum *a, const DecNum *b);
/* Total order of the specification (compare_total); mag: of the absolute values. */
int dn_cmp_total(const DecNum *a, const DecNum *b, bool mag);

void dn_add(DecNum *r, const DecNum *a, const DecNum *b, bool subtract, const DecCtx *c, uint32_t *st);
void dn_mul(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st);
void dn_div(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st);
/* divide-integer and remainder at once (q or rem may be NULL). */
void dn_divmod(DecNum *q, DecNum *rem, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st);
void dn_rem_near(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st);
void dn_pow(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st);
void dn_sqrt(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st);
void dn_exp(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st);
void dn_ln(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st);
void dn_log10(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st);
/* plus (a rounded; -0 becomes 0 unless rounding is FLOOR), minus, abs. */
void dn_plus(DecNum *r, const DecNum *a, int op, const DecCtx *c, uint32_t *st);   /* op: 0 plus, 1 minus, 2 abs */
void dn_quantize(DecNum *r, const DecNum *a, const DecNum *b, int round, const DecCtx *c, uint32_t *st);
/* a with exponent exp, rounding the coefficient (no context, no flags). */
void dn_rescale(DecNum *r, const DecNum *a, int64_t exp, int round);
void dn_to_integral(DecNum *r, const DecNum *a, int round, bool exact, uint32_t *st);
void dn_normalize(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st);
/* max/min (mag: by absolute value), the specification's rules for NaNs. */
void dn_maxmin(DecNum *r, const DecNum *a, const DecNum *b, bool max, bool mag, const DecCtx *c,
               uint32_t *st);
void dn_next(DecNum *r, const DecNum *a, int dir, const DecCtx *c, uint32_t *st);   /* dir +1 / -1 */
void dn_scaleb(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st);
void dn_fma(DecNum *r, const DecNum *a, const DecNum *b, const DecNum *d, const DecCtx *c, uint32_t *st);
void dn_logb(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st);

/* Digit-wise and/or/xor (op 0/1/2) of logical operands (0/1 digits,
 * exponent 0, positive); b NULL: invert.  rotate/shift by b digits. */
void dn_logical(DecNum *r, const DecNum *a, const DecNum *b, int op, const DecCtx *c, uint32_t *st);
void dn_rotate(DecNum *r, const DecNum *a, const DecNum *b, bool shift, const DecCtx *c, uint32_t *st);

/* Python's hash of the value (finite or infinite), with modulus 2**61-1. */
int64_t dn_hash(const DecNum *x);

#endif

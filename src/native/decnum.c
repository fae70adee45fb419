/* decnum.c — the decimal arithmetic of decnum.h on GMP integers.
 *
 * Each operation computes the exact result (or, for division, square
 * root, exp and ln, enough digits plus a "sticky" digit that stands for
 * the rest) and hands it to dn_finalize, which rounds it to the context
 * exactly as libmpdec's mpd_qfinalize does (overflow checked before and
 * after rounding, subnormals rounded at Etiny, zeros clamped).  The
 * transcendental functions are correctly rounded by a Ziv loop: an
 * approximation with a proven error bound is widened until both ends of
 * the interval round alike.  Powers follow libmpdec's method (binary
 * powering at a wider precision for integer exponents, exp(y*ln x) at
 * prec+23 digits otherwise) so even their rare double roundings agree.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/decnum.h"

/* ---- basics ------------------------------------------------------------------ */

void dn_init(DecNum *x)
{
    x->kind = DN_FINITE;
    x->sign = 0;
    x->exp = 0;
    mpz_init(x->coef);
}

void dn_clear(DecNum *x) { mpz_clear(x->coef); }

void dn_copy(DecNum *r, const DecNum *a)
{
    if (r == a) return;
    r->kind = a->kind;
    r->sign = a->sign;
    r->exp = a->exp;
    mpz_set(r->coef, a->coef);
}

void dn_set_i64(DecNum *r, int64_t v)
{
    r->kind = DN_FINITE;
    r->sign = v < 0;
    r->exp = 0;
    if (v < 0) {
        mpz_set_si(r->coef, (long)(v + 1));
        mpz_neg(r->coef, r->coef);
        mpz_add_ui(r->coef, r->coef, 1);
    } else {
        mpz_set_ui(r->coef, (unsigned long)v);
    }
}

void dn_set_special(DecNum *r, int kind, int sign)
{
    r->kind = kind;
    r->sign = sign;
    r->exp = 0;
    mpz_set_ui(r->coef, 0);
}

static mpz_t pow10_cache[64];
static bool pow10_ready;

void dn_pow10(mpz_t r, int64_t n)
{
    if (!pow10_ready) {
        for (int i = 0; i < 64; i++) {
            mpz_init(pow10_cache[i]);
            mpz_ui_pow_ui(pow10_cache[i], 10, (unsigned long)i);
        }
        pow10_ready = true;
    }
    if (n < 64) mpz_set(r, pow10_cache[n < 0 ? 0 : n]);
    else mpz_ui_pow_ui(r, 10, (unsigned long)n);
}

int64_t dn_mpz_digits(const mpz_t z)
{
    if (mpz_sgn(z) == 0) return 1;
    if (mpz_fits_ulong_p(z)) {
        unsigned long v = mpz_get_ui(z);
        int64_t n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
    int64_t n = (int64_t)mpz_sizeinbase(z, 10);
    mpz_t p;
    mpz_init(p);
    dn_pow10(p, n - 1);
    if (mpz_cmpabs(z, p) < 0) n--;
    mpz_clear(p);
    return n;
}

int64_t dn_digits(const DecNum *x) { return dn_mpz_digits(x->coef); }

/* Number of trailing zero digits of a non-zero z. */
static int64_t trailing_zeros(const mpz_t z)
{
    if (mpz_sgn(z) == 0) return 0;
    int64_t n = 0;
    mpz_t q;
    mpz_init_set(q, z);
    while (mpz_divisible_ui_p(q, 10)) {
        mpz_divexact_ui(q, q, 10);
        n++;
    }
    mpz_clear(q);
    return n;
}

bool dn_is_integer(const DecNum *x)
{
    if (x->kind != DN_FINITE) return false;
    if (x->exp >= 0 || mpz_sgn(x->coef) == 0) return true;
    return trailing_zeros(x->coef) >= -x->exp;
}

/* ---- rounding ---------------------------------------------------------------- */

/* q = c / 10**drop (drop >= 1) truncated; the discarded part classified:
 * 0 exact, 1 below half, 2 exactly half, 3 above half. */
static int drop_digits(mpz_t q, const mpz_t c, int64_t drop)
{
    if (mpz_sgn(c) == 0) {
        mpz_set_ui(q, 0);
        return 0;
    }
    if (drop > dn_mpz_digits(c)) {
        mpz_set_ui(q, 0);
        return 1;
    }
    mpz_t p, r;
    mpz_inits(p, r, NULL);
    dn_pow10(p, drop);
    mpz_tdiv_qr(q, r, c, p);
    int cls = 0;
    if (mpz_sgn(r) != 0) {
        mpz_mul_2exp(r, r, 1);
        int cmp = mpz_cmp(r, p);
        cls = cmp < 0 ? 1 : cmp == 0 ? 2 : 3;
    }
    mpz_clears(p, r, NULL);
    return cls;
}

/* Whether the truncated q goes up by one under mode. */
static bool round_up(int mode, int sign, const mpz_t q, int cls)
{
    if (cls == 0) return false;
    switch (mode) {
    case DR_DOWN: return false;
    case DR_UP: return true;
    case DR_CEILING: return !sign;
    case DR_FLOOR: return sign != 0;
    case DR_HALF_UP: return cls >= 2;
    case DR_HALF_DOWN: return cls == 3;
    case DR_HALF_EVEN: return cls == 3 || (cls == 2 && mpz_odd_p(q));
    default: {   /* DR_05UP */
        unsigned long d = mpz_fdiv_ui(q, 10);
        return d == 0 || d == 5;
    }
    }
}

/* c rounded to drop fewer digits; returns the class (0: exact). */
static int round_coef(mpz_t c, int64_t drop, int mode, int sign)
{
    int cls = drop_digits(c, c, drop);
    if (round_up(mode, sign, c, cls)) mpz_add_ui(c, c, 1);
    return cls;
}

static void set_overflow(DecNum *x, const DecCtx *c, uint32_t *st)
{
    bool inf;
    switch (c->round) {
    case DR_DOWN: case DR_05UP: inf = false; break;
    case DR_CEILING: inf = !x->sign; break;
    case DR_FLOOR: inf = x->sign; break;
    default: inf = true;
    }
    if (inf) {
        dn_set_special(x, DN_INF, x->sign);
    } else {
        dn_pow10(x->coef, c->prec);
        mpz_sub_ui(x->coef, x->coef, 1);
        x->exp = dc_etop(c);
    }
    *st |= DS_OVERFLOW | DS_INEXACT | DS_ROUNDED;
}

void dn_finalize(DecNum *x, const DecCtx *c, uint32_t *st)
{
    if (x->kind != DN_FINITE) {
        if (dn_isnan(x) && mpz_sgn(x->coef)) {
            int64_t keep = c->prec - c->clamp;
            if (dn_digits(x) > keep) {
                if (keep <= 0) {
                    mpz_set_ui(x->coef, 0);
                } else {
                    mpz_t p;
                    mpz_init(p);
                    dn_pow10(p, keep);
                    mpz_tdiv_r(x->coef, x->coef, p);
                    mpz_clear(p);
                }
            }
        }
        return;
    }
    int64_t etiny = dc_etiny(c), etop = dc_etop(c);
    if (mpz_sgn(x->coef) == 0) {
        int64_t hi = c->clamp ? etop : c->emax;
        int64_t e = x->exp < etiny ? etiny : x->exp > hi ? hi : x->exp;
        if (e != x->exp) {
            x->exp = e;
            *st |= DS_CLAMPED;
        }
        return;
    }
    int64_t digits = dn_digits(x);
    int64_t adj = x->exp + digits - 1;
    if (adj > c->emax) {
        set_overflow(x, c, st);
        return;
    }
    if (c->clamp && x->exp > etop) {
        mpz_t p;
        mpz_init(p);
        dn_pow10(p, x->exp - etop);
        mpz_mul(x->coef, x->coef, p);
        mpz_clear(p);
        x->exp = etop;
        *st |= DS_CLAMPED;
        if (adj < c->emin) *st |= DS_SUBNORMAL;
        return;
    }
    if (adj < c->emin) {
        *st |= DS_SUBNORMAL;
        if (x->exp < etiny) {
            int cls = round_coef(x->coef, etiny - x->exp, c->round, x->sign);
            x->exp = etiny;
            *st |= DS_ROUNDED;
            if (cls) {
                *st |= DS_INEXACT | DS_UNDERFLOW;
                if (mpz_sgn(x->coef) == 0) *st |= DS_CLAMPED;
            }
        }
        return;
    }
    if (digits > c->prec) {
        int64_t drop = digits - c->prec;
        int cls = round_coef(x->coef, drop, c->round, x->sign);
        x->exp += drop;
        if (dn_digits(x) > c->prec) {   /* 999.. rounded up to 1000.. */
            mpz_divexact_ui(x->coef, x->coef, 10);
            x->exp++;
        }
        if (x->exp + dn_digits(x) - 1 > c->emax) {
            set_overflow(x, c, st);
            return;
        }
        *st |= DS_ROUNDED;
        if (cls) *st |= DS_INEXACT;
    }
}

/* ---- conversions ------------------------------------------------------------------ */

static bool ieq(const char *s, size_t n, const char *word)
{
    size_t m = strlen(word);
    if (n != m) return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if (ch != word[i]) return false;
    }
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int dn_from_str(DecNum *r, const char *s, size_t n)
{
    int sign = 0;
    if (n && (s[0] == '+' || s[0] == '-')) {
        sign = s[0] == '-';
        s++;
        n--;
    }
    if (n == 0) return -1;
    if (ieq(s, n, "inf") || ieq(s, n, "infinity")) {
        dn_set_special(r, DN_INF, sign);
        return 0;
    }
    if ((n >= 3 && ieq(s, 3, "nan")) || (n >= 4 && ieq(s, 4, "snan"))) {
        size_t k = (s[0] == 's' || s[0] == 'S') ? 4 : 3;
        if (!all_digits(s + k, n - k)) return -1;
        dn_set_special(r, k == 4 ? DN_SNAN : DN_NAN, sign);
        if (n > k) {
            char *t = malloc(n - k + 1);
            if (!t) return -1;
            memcpy(t, s + k, n - k);
            t[n - k] = 0;
            mpz_set_str(r->coef, t, 10);
            free(t);
        }
        return 0;
    }
    size_t i = 0, intd = 0, fracd = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, intd++;
    size_t fstart = i;
    if (i < n && s[i] == '.') {
        i++;
        fstart = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, fracd++;
    }
    if (intd + fracd == 0) return -1;
    int64_t e = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int esign = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) esign = s[i++] == '-';
        if (i >= n || !all_digits(s + i, n - i)) return -1;
        /* saturate at 2 * 10**18: beyond any valid exponent, still far
         * from overflowing the exponent arithmetic */
        const int64_t cap = INT64_C(2000000000000000000);
        for (; i < n; i++) {
            if (e > (cap - 9) / 10) {
                e = cap;
                break;
            }
            e = e * 10 + (s[i] - '0');
        }
        i = n;
        if (esign) e = -e;
    }
    if (i != n) return -1;
    char *t = malloc(intd + fracd + 1);
    if (!t) return -1;
    memcpy(t, s, intd);
    memcpy(t + intd, s + fstart, fracd);
    t[intd + fracd] = 0;
    r->kind = DN_FINITE;
    r->sign = sign;
    mpz_set_str(r->coef, t, 10);
    free(t);
    r->exp = e - (int64_t)fracd;
    return 0;
}

void dn_from_double(DecNum *r, double d)
{
    if (isnan(d)) {
        dn_set_special(r, DN_NAN, signbit(d) != 0);
        return;
    }
    if (isinf(d)) {
        dn_set_special(r, DN_INF, d < 0);
        return;
    }
    r->kind = DN_FINITE;
    r->sign = signbit(d) != 0;
    r->exp = 0;
    d = fabs(d);
    if (d == 0) {
        mpz_set_ui(r->coef, 0);
        return;
    }
    int e2;
    double m = frexp(d, &e2);
    mpz_set_d(r->coef, ldexp(m, 53));
    e2 -= 53;
    while (e2 < 0 && mpz_even_p(r->coef)) {
        mpz_fdiv_q_2exp(r->coef, r->coef, 1);
        e2++;
    }
    if (e2 >= 0) {
        mpz_mul_2exp(r->coef, r->coef, (mp_bitcnt_t)e2);
    } else {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 5, (unsigned long)-e2);
        mpz_mul(r->coef, r->coef, p);
        mpz_clear(p);
        r->exp = e2;
    }
}

static int64_t floordiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
static int64_t floormod(int64_t a, int64_t b) { return a - floordiv(a, b) * b; }

void dn_to_sci(const DecNum *x, bool eng, bool capitals, SBuf *out)
{
    if (x->sign) sbuf_putc(out, '-');
    if (x->kind == DN_INF) {
        sbuf_puts(out, "Infinity");
        return;
    }
    if (dn_isnan(x)) {
        sbuf_puts(out, x->kind == DN_SNAN ? "sNaN" : "NaN");
        if (mpz_sgn(x->coef)) {
            char *d = mpz_get_str(NULL, 10, x->coef);
            sbuf_puts(out, d);
            free(d);
        }
        return;
    }
    char *d = mpz_get_str(NULL, 10, x->coef);
    int64_t nd = (int64_t)strlen(d);
    int64_t left = x->exp + nd;
    int64_t dot;
    if (x->exp <= 0 && left > -6) dot = left;
    else if (!eng) dot = 1;
    else if (mpz_sgn(x->coef) == 0) dot = floormod(left + 1, 3) - 1;
    else dot = floormod(left - 1, 3) + 1;
    if (dot <= 0) {
        sbuf_puts(out, "0.");
        sbuf_pad(out, '0', (size_t)-dot);
        sbuf_puts(out, d);
    } else if (dot >= nd) {
        sbuf_puts(out, d);
        sbuf_pad(out, '0', (size_t)(dot - nd));
    } else {
        sbuf_put(out, d, (size_t)dot);
        sbuf_putc(out, '.');
        sbuf_puts(out, d + dot);
    }
    if (left != dot) sbuf_printf(out, "%c%+lld", capitals ? 'E' : 'e', (long long)(left - dot));
    free(d);
}

/* ---- comparisons ---------------------------------------------------------------------- */

bool dn_nan_result(DecNum *r, const DecNum *a, const DecNum *b, uint32_t *st)
{
    const DecNum *pick = NULL;
    if (a->kind == DN_SNAN) pick = a;
    else if (b && b->kind == DN_SNAN) pick = b;
    if (pick) {
        *st |= DS_INVALID_OP;
    } else if (a->kind == DN_NAN) {
        pick = a;
    } else if (b && b->kind == DN_NAN) {
        pick = b;
    }
    if (!pick) return false;
    dn_copy(r, pick);
    r->kind = DN_NAN;
    return true;
}

/* |a| vs |b| for finite values. */
static int cmp_abs_finite(const DecNum *a, const DecNum *b)
{
    bool az = mpz_sgn(a->coef) == 0, bz = mpz_sgn(b->coef) == 0;
    if (az || bz) return az && bz ? 0 : az ? -1 : 1;
    int64_t aa = dn_adjusted(a), ba = dn_adjusted(b);
    if (aa != ba) return aa < ba ? -1 : 1;
    mpz_t t;
    mpz_init(t);
    int r;
    if (a->exp >= b->exp) {
        dn_pow10(t, a->exp - b->exp);
        mpz_mul(t, t, a->coef);
        r = mpz_cmp(t, b->coef);
    } else {
        dn_pow10(t, b->exp - a->exp);
        mpz_mul(t, t, b->coef);
        r = -mpz_cmp(t, a->coef);
    }
    mpz_clear(t);
    return r < 0 ? -1 : r > 0;
}

int dn_cmp(const DecNum *a, const DecNum *b)
{
    bool az = dn_iszero(a), bz = dn_iszero(b);
    int as = az ? 0 : a->sign ? -1 : 1, bs = bz ? 0 : b->sign ? -1 : 1;
    if (as != bs) return as < bs ? -1 : 1;
    if (as == 0) return 0;
    int r;
    if (a->kind == DN_INF || b->kind == DN_INF) {
        r = (a->kind == DN_INF) - (b->kind == DN_INF);
    } else {
        r = cmp_abs_finite(a, b);
    }
    return as < 0 ? -r : r;
}

int dn_cmp_total(const DecNum *a, const DecNum *b, bool mag)
{
    int as = mag ? 0 : a->sign, bs = mag ? 0 : b->sign;
    if (as != bs) return as ? -1 : 1;
    /* rank: finite 0, inf 1, nan 2, snan... qNaN above sNaN */
    static const int rank[] = {0, 1, 3, 2};
    int r;
    if (a->kind != b->kind) {
        r = rank[a->kind] < rank[b->kind] ? -1 : 1;
    } else if (a->kind == DN_INF) {
        r = 0;
    } else if (dn_isnan(a)) {
        int c = mpz_cmp(a->coef, b->coef);
        r = c < 0 ? -1 : c > 0;
    } else {
        r = cmp_abs_finite(a, b);
        if (r == 0) r = a->exp < b->exp ? -1 : a->exp > b->exp;
    }
    return as ? -r : r;
}

/* ---- add, multiply, divide ------------------------------------------------------------------ */

void dn_add(DecNum *r, const DecNum *a, const DecNum *b, bool subtract, const DecCtx *c, uint32_t *st)
{
    int bsign = b->sign ^ (subtract ? 1 : 0);
    if (dn_nan_result(r, a, b, st)) return;
    if (a->kind == DN_INF || b->kind == DN_INF) {
        if (a->kind == DN_INF && b->kind == DN_INF && a->sign != bsign) {
            dn_set_special(r, DN_NAN, 0);
            *st |= DS_INVALID_OP;
        } else {
            dn_set_special(r, DN_INF, a->kind == DN_INF ? a->sign : bsign);
        }
        return;
    }
    int64_t emin = a->exp < b->exp ? a->exp : b->exp;
    bool az = mpz_sgn(a->coef) == 0, bz = mpz_sgn(b->coef) == 0;
    if (az && bz) {
        int s = (a->sign && bsign) || (c->round == DR_FLOOR && a->sign != bsign);
        r->kind = DN_FINITE;
        r->sign = s;
        mpz_set_ui(r->coef, 0);
        r->exp = emin;
        dn_finalize(r, c, st);
        return;
    }
    if (az || bz) {
        const DecNum *x = az ? b : a;
        int xs = az ? bsign : a->sign;
        int64_t e = emin;
        if (e < x->exp - c->prec - 1) e = x->exp - c->prec - 1;
        mpz_t p;
        mpz_init(p);
        dn_pow10(p, x->exp - e);
        mpz_mul(r->coef, x->coef, p);
        mpz_clear(p);
        r->kind = DN_FINITE;
        r->sign = xs;
        r->exp = e;
        dn_finalize(r, c, st);
        return;
    }
    /* hi: the operand with the larger exponent */
    const DecNum *hi = a, *lo = b;
    int his = a->sign, los = bsign;
    if (a->exp < b->exp) {
        hi = b;
        lo = a;
        his = bsign;
        los = a->sign;
    }
    mpz_t lc, hc;
    mpz_init_set(lc, lo->coef);
    mpz_init(hc);
    int64_t le = lo->exp;
    /* a far smaller operand only matters as a sticky digit below the
     * rounding position: replace it by 1 there (keeps the shift small) */
    int64_t hd = dn_digits(hi);
    int64_t e = hi->exp + (hd - c->prec - 2 < -1 ? hd - c->prec - 2 : -1);
    if (dn_mpz_digits(lc) + le - 1 < e) {
        mpz_set_ui(lc, 1);
        le = e;
    }
    dn_pow10(hc, hi->exp - le);
    mpz_mul(hc, hc, hi->coef);
    r->kind = DN_FINITE;
    r->exp = le;
    if (his == los) {
        mpz_add(r->coef, hc, lc);
        r->sign = his;
    } else {
        int cmp = mpz_cmp(hc, lc);
        if (cmp == 0) {
            mpz_set_ui(r->coef, 0);
            r->sign = c->round == DR_FLOOR;
        } else if (cmp > 0) {
            mpz_sub(r->coef, hc, lc);
            r->sign = his;
        } else {
            mpz_sub(r->coef, lc, hc);
            r->sign = los;
        }
    }
    mpz_clears(lc, hc, NULL);
    dn_finalize(r, c, st);
}

void dn_mul(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st)
{
    int s = a->sign ^ b->sign;
    if (dn_nan_result(r, a, b, st)) return;
    if (a->kind == DN_INF || b->kind == DN_INF) {
        if (dn_iszero(a) || dn_iszero(b)) {
            dn_set_special(r, DN_NAN, 0);
            *st |= DS_INVALID_OP;
        } else {
            dn_set_special(r, DN_INF, s);
        }
        return;
    }
    int64_t e = a->exp + b->exp;
    mpz_mul(r->coef, a->coef, b->coef);
    r->kind = DN_FINITE;
    r->sign = s;
    r->exp = e;
    dn_finalize(r, c, st);
}

void dn_div(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st)
{
    int s = a->sign ^ b->sign;
    if (dn_nan_result(r, a, b, st)) return;
    if (a->kind == DN_INF) {
        if (b->kind == DN_INF) {
            dn_set_special(r, DN_NAN, 0);
            *st |= DS_INVALID_OP;
        } else {
            dn_set_special(r, DN_INF, s);
        }
        return;
    }
    if (b->kind == DN_INF) {
        r->kind = DN_FINITE;
        r->sign = s;
        mpz_set_ui(r->coef, 0);
        r->exp = dc_etiny(c);
        *st |= DS_CLAMPED;
        return;
    }
    if (mpz_sgn(b->coef) == 0) {
        if (mpz_sgn(a->coef) == 0) {
            dn_set_special(r, DN_NAN, 0);
            *st |= DS_DIV_UNDEFINED;
        } else {
            dn_set_special(r, DN_INF, s);
            *st |= DS_DIV_BY_ZERO;
        }
        return;
    }
    int64_t ideal = a->exp - b->exp;
    if (mpz_sgn(a->coef) == 0) {
        r->kind = DN_FINITE;
        r->sign = s;
        mpz_set_ui(r->coef, 0);
        r->exp = ideal;
        dn_finalize(r, c, st);
        return;
    }
    int64_t shift = dn_digits(b) - dn_digits(a) + c->prec + 1;
    int64_t e = ideal - shift;
    mpz_t q, rem, p;
    mpz_inits(q, rem, p, NULL);
    if (shift >= 0) {
        dn_pow10(p, shift);
        mpz_mul(p, p, a->coef);
        mpz_tdiv_qr(q, rem, p, b->coef);
    } else {
        dn_pow10(p, -shift);
        mpz_mul(p, p, b->coef);
        mpz_tdiv_qr(q, rem, a->coef, p);
    }
    if (mpz_sgn(rem) != 0) {
        if (mpz_divisible_ui_p(q, 5)) mpz_add_ui(q, q, 1);
    } else {
        while (e < ideal && mpz_divisible_ui_p(q, 10)) {
            mpz_divexact_ui(q, q, 10);
            e++;
        }
    }
    r->kind = DN_FINITE;
    r->sign = s;
    mpz_swap(r->coef, q);
    r->exp = e;
    mpz_clears(q, rem, p, NULL);
    dn_finalize(r, c, st);
}

/* r (when wanted) becomes NaN with condition cond. */
static void set_nan(DecNum *r, uint32_t *st, uint32_t cond)
{
    if (!r) return;
    dn_set_special(r, DN_NAN, 0);
    *st |= cond;
}

void dn_divmod(DecNum *q, DecNum *rem, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st)
{
    int s = a->sign ^ b->sign;
    if (dn_isnan(a) || dn_isnan(b)) {
        uint32_t st0 = 0;
        DecNum t;
        dn_init(&t);
        dn_nan_result(&t, a, b, &st0);
        if (q) dn_copy(q, &t);
        if (rem) dn_copy(rem, &t);
        dn_clear(&t);
        *st |= st0;
        return;
    }
    if (a->kind == DN_INF) {
        if (b->kind == DN_INF) {
            set_nan(q, st, DS_INVALID_OP);
        } else if (q) {
            dn_set_special(q, DN_INF, s);
        }
        set_nan(rem, st, DS_INVALID_OP);
        return;
    }
    if (b->kind == DN_INF) {
        if (q) {
            q->kind = DN_FINITE;
            q->sign = s;
            mpz_set_ui(q->coef, 0);
            q->exp = 0;
        }
        if (rem) {
            dn_copy(rem, a);
            dn_finalize(rem, c, st);
        }
        return;
    }
    if (mpz_sgn(b->coef) == 0) {
        if (mpz_sgn(a->coef) == 0) {
            set_nan(q, st, DS_DIV_UNDEFINED);
            set_nan(rem, st, DS_DIV_UNDEFINED);
        } else {
            if (q) {
                dn_set_special(q, DN_INF, s);
                *st |= DS_DIV_BY_ZERO;
            }
            set_nan(rem, st, DS_INVALID_OP);
        }
        return;
    }
    int64_t ideal = a->exp < b->exp ? a->exp : b->exp;
    int64_t expdiff = dn_adjusted(a) - dn_adjusted(b);
    mpz_t qq, rr, ac, bc;
    mpz_inits(qq, rr, ac, bc, NULL);
    bool ok = true;
    if (mpz_sgn(a->coef) == 0 || expdiff <= -2) {
        mpz_set_ui(qq, 0);
        dn_pow10(rr, a->exp - ideal);
        mpz_mul(rr, rr, a->coef);
    } else if (expdiff <= c->prec) {
        dn_pow10(ac, a->exp - ideal);
        mpz_mul(ac, ac, a->coef);
        dn_pow10(bc, b->exp - ideal);
        mpz_mul(bc, bc, b->coef);
        mpz_tdiv_qr(qq, rr, ac, bc);
        if (dn_mpz_digits(qq) > c->prec) ok = false;
    } else {
        ok = false;
    }
    if (!ok) {
        set_nan(q, st, DS_DIV_IMPOSSIBLE);
        set_nan(rem, st, DS_DIV_IMPOSSIBLE);
    } else {
        if (q) {
            q->kind = DN_FINITE;
            q->sign = s;
            mpz_set(q->coef, qq);
            q->exp = 0;
            dn_finalize(q, c, st);
        }
        if (rem) {
            rem->kind = DN_FINITE;
            rem->sign = a->sign;
            mpz_set(rem->coef, rr);
            rem->exp = ideal;
            dn_finalize(rem, c, st);
        }
    }
    mpz_clears(qq, rr, ac, bc, NULL);
}

void dn_rem_near(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, b, st)) return;
    if (a->kind == DN_INF) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (b->kind == DN_INF) {
        dn_copy(r, a);
        dn_finalize(r, c, st);
        return;
    }
    if (mpz_sgn(b->coef) == 0) {
        set_nan(r, st, mpz_sgn(a->coef) == 0 ? DS_DIV_UNDEFINED : DS_INVALID_OP);
        return;
    }
    int64_t ideal = a->exp < b->exp ? a->exp : b->exp;
    if (mpz_sgn(a->coef) == 0) {
        r->kind = DN_FINITE;
        r->sign = a->sign;
        mpz_set_ui(r->coef, 0);
        r->exp = ideal;
        dn_finalize(r, c, st);
        return;
    }
    int64_t expdiff = dn_adjusted(a) - dn_adjusted(b);
    if (expdiff >= c->prec + 1) {
        set_nan(r, st, DS_DIV_IMPOSSIBLE);
        return;
    }
    if (expdiff <= -2) {
        dn_rescale(r, a, ideal, DR_DOWN);
        dn_finalize(r, c, st);
        return;
    }
    mpz_t ac, bc, q, rr, t;
    mpz_inits(ac, bc, q, rr, t, NULL);
    dn_pow10(ac, a->exp - ideal);
    mpz_mul(ac, ac, a->coef);
    dn_pow10(bc, b->exp - ideal);
    mpz_mul(bc, bc, b->coef);
    mpz_tdiv_qr(q, rr, ac, bc);
    /* r > b/2, or r == b/2 with q odd: take the remainder on the other side */
    mpz_mul_2exp(t, rr, 1);
    int cmp = mpz_cmp(t, bc);
    int sign = a->sign;
    if (cmp > 0 || (cmp == 0 && mpz_odd_p(q))) {
        mpz_sub(rr, bc, rr);
        sign = !sign;
        mpz_add_ui(q, q, 1);
    }
    if (dn_mpz_digits(q) > c->prec) {
        set_nan(r, st, DS_DIV_IMPOSSIBLE);
    } else {
        r->kind = DN_FINITE;
        r->sign = sign;
        mpz_set(r->coef, rr);
        r->exp = ideal;
        dn_finalize(r, c, st);
    }
    mpz_clears(ac, bc, q, rr, t, NULL);
}

/* ---- plus, quantize, rounding to integers --------------------------------------- */

void dn_plus(DecNum *r, const DecNum *a, int op, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    dn_copy(r, a);
    if (op == 1) r->sign = !r->sign;
    if (op == 2) r->sign = 0;
    if (dn_iszero(r) && c->round != DR_FLOOR) r->sign = 0;
    dn_finalize(r, c, st);
}

void dn_rescale(DecNum *r, const DecNum *a, int64_t exp, int round)
{
    dn_copy(r, a);
    if (r->kind != DN_FINITE) return;
    if (mpz_sgn(r->coef) == 0) {
        r->exp = exp;
        return;
    }
    if (r->exp >= exp) {
        mpz_t p;
        mpz_init(p);
        dn_pow10(p, r->exp - exp);
        mpz_mul(r->coef, r->coef, p);
        mpz_clear(p);
    } else {
        round_coef(r->coef, exp - r->exp, round, r->sign);
    }
    r->exp = exp;
}

void dn_quantize(DecNum *r, const DecNum *a, const DecNum *b, int round, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, b, st)) return;
    if (a->kind == DN_INF || b->kind == DN_INF) {
        if (a->kind == DN_INF && b->kind == DN_INF) dn_copy(r, a);
        else set_nan(r, st, DS_INVALID_OP);
        return;
    }
    int64_t e = b->exp;
    if (e < dc_etiny(c) || e > c->emax) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (mpz_sgn(a->coef) == 0) {
        r->kind = DN_FINITE;
        r->sign = a->sign;
        mpz_set_ui(r->coef, 0);
        r->exp = e;
        dn_finalize(r, c, st);
        return;
    }
    int64_t adj = dn_adjusted(a);
    if (adj > c->emax || adj - e + 1 > c->prec) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    DecNum t;
    dn_init(&t);
    dn_rescale(&t, a, e, round);
    if ((mpz_sgn(t.coef) && dn_adjusted(&t) > c->emax) || dn_digits(&t) > c->prec) {
        set_nan(r, st, DS_INVALID_OP);
        dn_clear(&t);
        return;
    }
    if (mpz_sgn(t.coef) && dn_adjusted(&t) < c->emin) *st |= DS_SUBNORMAL;
    if (t.exp > a->exp) {
        if (dn_cmp(&t, a) != 0) *st |= DS_INEXACT;
        *st |= DS_ROUNDED;
    }
    dn_copy(r, &t);
    dn_clear(&t);
    dn_finalize(r, c, st);
}

void dn_to_integral(DecNum *r, const DecNum *a, int round, bool exact, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (a->kind == DN_INF || a->exp >= 0) {
        dn_copy(r, a);
        return;
    }
    if (mpz_sgn(a->coef) == 0) {
        dn_copy(r, a);
        r->exp = 0;
        return;
    }
    DecNum t;
    dn_init(&t);
    dn_rescale(&t, a, 0, round);
    if (exact) {
        if (dn_cmp(&t, a) != 0) *st |= DS_INEXACT;
        *st |= DS_ROUNDED;
    }
    dn_copy(r, &t);
    dn_clear(&t);
}

void dn_normalize(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    dn_copy(r, a);
    dn_finalize(r, c, st);
    if (r->kind == DN_INF) return;
    if (mpz_sgn(r->coef) == 0) {
        r->exp = 0;
        return;
    }
    int64_t emax = c->clamp ? dc_etop(c) : c->emax;
    while (r->exp < emax && mpz_divisible_ui_p(r->coef, 10)) {
        mpz_divexact_ui(r->coef, r->coef, 10);
        r->exp++;
    }
}

void dn_maxmin(DecNum *r, const DecNum *a, const DecNum *b, bool max, bool mag, const DecCtx *c,
               uint32_t *st)
{
    /* one quiet NaN: the other operand wins */
    if (a->kind == DN_SNAN || b->kind == DN_SNAN || (dn_isnan(a) && dn_isnan(b))) {
        dn_nan_result(r, a, b, st);
        return;
    }
    const DecNum *pick;
    if (dn_isnan(a)) {
        pick = b;
    } else if (dn_isnan(b)) {
        pick = a;
    } else {
        int cmp;
        if (mag) {
            DecNum x, y;
            x = *a;
            y = *b;
            x.sign = y.sign = 0;
            cmp = dn_cmp(&x, &y);
        } else {
            cmp = dn_cmp(a, b);
        }
        if (cmp == 0) cmp = dn_cmp_total(a, b, false);
        pick = (cmp >= 0) == max ? a : b;
    }
    dn_copy(r, pick);
    dn_finalize(r, c, st);
}

void dn_next(DecNum *r, const DecNum *a, int dir, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (a->kind == DN_INF) {
        if ((a->sign == 0) == (dir > 0)) {
            dn_copy(r, a);
        } else {
            r->kind = DN_FINITE;
            r->sign = a->sign;
            dn_pow10(r->coef, c->prec);
            mpz_sub_ui(r->coef, r->coef, 1);
            r->exp = dc_etop(c);
        }
        return;
    }
    /* a rounded toward the direction, when that moves it; else a plus or
     * minus a tiny amount below Etiny, also rounded toward it.  Only
     * invalid-operation conditions are reported (libmpdec's rule). */
    DecCtx w = *c;
    w.round = dir > 0 ? DR_CEILING : DR_FLOOR;
    uint32_t ws = 0;
    dn_copy(r, a);
    dn_finalize(r, &w, &ws);
    if (ws & DS_INEXACT) return;
    DecNum tiny;
    dn_init(&tiny);
    mpz_set_ui(tiny.coef, 1);
    tiny.exp = dc_etiny(c) - 1;
    tiny.sign = dir < 0;
    ws = 0;
    dn_add(r, a, &tiny, false, &w, &ws);
    dn_clear(&tiny);
    *st |= ws & (DS_IEEE_INVALID | DS_DIV_BY_ZERO);
}

void dn_scaleb(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, b, st)) return;
    int64_t lim = 2 * (c->emax + c->prec);
    if (b->kind != DN_FINITE || b->exp != 0 || dn_digits(b) > 18 ||
        mpz_cmp_si(b->coef, (long)lim) > 0) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (a->kind == DN_INF) {
        dn_copy(r, a);
        return;
    }
    int64_t n = (int64_t)mpz_get_si(b->coef);
    dn_copy(r, a);
    r->exp += b->sign ? -n : n;
    dn_finalize(r, c, st);
}

void dn_fma(DecNum *r, const DecNum *a, const DecNum *b, const DecNum *d, const DecCtx *c, uint32_t *st)
{
    DecCtx w = {DEC_MAX_PREC, DEC_MIN_EMIN, DEC_MAX_EMAX, DR_HALF_EVEN, 0};
    DecNum t;
    dn_init(&t);
    uint32_t ws = 0;
    if (a->kind == DN_SNAN || b->kind == DN_SNAN) {
        dn_nan_result(r, a, b, st);
        dn_clear(&t);
        return;
    }
    dn_mul(&t, a, b, &w, &ws);
    *st |= ws & DS_INVALID_OP;
    if (d->kind == DN_SNAN) {
        dn_nan_result(r, d, NULL, st);
    } else if (dn_isnan(&t)) {
        dn_copy(r, &t);
    } else {
        dn_add(r, &t, d, false, c, st);
    }
    dn_clear(&t);
}

void dn_logb(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (a->kind == DN_INF) {
        dn_set_special(r, DN_INF, 0);
        return;
    }
    if (mpz_sgn(a->coef) == 0) {
        dn_set_special(r, DN_INF, 1);
        *st |= DS_DIV_BY_ZERO;
        return;
    }
    dn_set_i64(r, dn_adjusted(a));
    dn_finalize(r, c, st);
}

/* ---- hash ------------------------------------------------------------------------ */

int64_t dn_hash(const DecNum *x)
{
    if (x->kind == DN_INF) return x->sign ? -314159 : 314159;
    const uint64_t P = (UINT64_C(1) << 61) - 1;
    mpz_t m, t, mod;
    mpz_inits(m, t, mod, NULL);
    mpz_set_ui(mod, P);
    if (x->exp >= 0) {
        mpz_set_ui(t, 10);
        mpz_powm_ui(m, t, (unsigned long)x->exp, mod);
    } else {
        mpz_set_ui(t, UINT64_C(2075258708292324556));   /* 10**-1 modulo P */
        mpz_powm_ui(m, t, (unsigned long)-x->exp, mod);
    }
    mpz_mod(t, x->coef, mod);
    mpz_mul(m, m, t);
    mpz_mod(m, m, mod);
    int64_t h = (int64_t)mpz_get_ui(m);
    mpz_clears(m, t, mod, NULL);
    if (x->sign) h = -h;
    return h == -1 ? -2 : h;
}

/* ---- square root ----------------------------------------------------------------- */

void dn_sqrt(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (a->kind == DN_INF) {
        if (a->sign) set_nan(r, st, DS_INVALID_OP);
        else dn_copy(r, a);
        return;
    }
    if (mpz_sgn(a->coef) == 0) {
        r->kind = DN_FINITE;
        r->sign = a->sign;
        mpz_set_ui(r->coef, 0);
        r->exp = floordiv(a->exp, 2);
        dn_finalize(r, c, st);
        return;
    }
    if (a->sign) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    int64_t prec = c->prec + 1;
    int64_t e = floordiv(a->exp, 2);
    int64_t nd = dn_digits(a);
    int64_t l;
    mpz_t cc, rem, p, n;
    mpz_inits(cc, rem, p, n, NULL);
    if (a->exp & 1) {
        mpz_mul_ui(cc, a->coef, 10);
        l = (nd >> 1) + 1;
    } else {
        mpz_set(cc, a->coef);
        l = (nd + 1) >> 1;
    }
    int64_t shift = prec - l;
    bool exact;
    if (shift >= 0) {
        dn_pow10(p, 2 * shift);
        mpz_mul(cc, cc, p);
        exact = true;
    } else {
        dn_pow10(p, -2 * shift);
        mpz_tdiv_qr(cc, rem, cc, p);
        exact = mpz_sgn(rem) == 0;
    }
    e -= shift;
    mpz_sqrtrem(n, rem, cc);
    exact = exact && mpz_sgn(rem) == 0;
    if (exact) {
        if (shift >= 0) {
            dn_pow10(p, shift);
            mpz_tdiv_q(n, n, p);
        } else {
            dn_pow10(p, -shift);
            mpz_mul(n, n, p);
        }
        e += shift;
    } else if (mpz_divisible_ui_p(n, 5)) {
        mpz_add_ui(n, n, 1);
    }
    r->kind = DN_FINITE;
    r->sign = 0;
    mpz_swap(r->coef, n);
    r->exp = e;
    mpz_clears(cc, rem, p, n, NULL);
    DecCtx w = *c;
    w.round = DR_HALF_EVEN;
    dn_finalize(r, &w, st);
}

/* ---- exp and ln: fixed-point series under a Ziv loop ---------------------------- */

/* Fixed point: an mpz v stands for v / 10**W. */

/* x (finite) as fixed point at W digits, truncated. */
static void to_fixed(mpz_t v, const DecNum *x, int64_t W)
{
    mpz_t p;
    mpz_init(p);
    if (x->exp + W >= 0) {
        dn_pow10(p, x->exp + W);
        mpz_mul(v, x->coef, p);
    } else {
        dn_pow10(p, -(x->exp + W));
        mpz_tdiv_q(v, x->coef, p);
    }
    if (x->sign) mpz_neg(v, v);
    mpz_clear(p);
}

/* exp(v / 10**W) * 10**W for |v| <= ~1.2 * 10**W; error a few units. */
static void exp_fixed(mpz_t out, const mpz_t v, int64_t W)
{
    /* halve the argument s times, sum the series, square back */
    int s = 0;
    int64_t bits = (int64_t)(W * 3.33) + 10;
    while ((int64_t)s * s < bits && s < 200) s++;
    int64_t G = W + (s * 3) / 10 + 10;   /* working digits */
    mpz_t one, x, term, sum, p;
    mpz_inits(one, x, term, sum, p, NULL);
    dn_pow10(one, G);
    dn_pow10(p, G - W);
    mpz_mul(x, v, p);
    mpz_tdiv_q_2exp(x, x, (mp_bitcnt_t)s);
    mpz_set(sum, one);
    mpz_set(term, one);
    for (unsigned long k = 1; mpz_sgn(term) != 0; k++) {
        mpz_mul(term, term, x);
        mpz_tdiv_q(term, term, one);
        mpz_tdiv_q_ui(term, term, k);
        mpz_add(sum, sum, term);
    }
    for (int i = 0; i < s; i++) {
        mpz_mul(sum, sum, sum);
        mpz_tdiv_q(sum, sum, one);
    }
    dn_pow10(p, G - W);
    mpz_tdiv_q(out, sum, p);
    mpz_clears(one, x, term, sum, p, NULL);
}

/* ln(v / 10**W) * 10**W for v / 10**W in [0.5, 10]: Newton on exp. */
static void ln_fixed(mpz_t out, const mpz_t v, int64_t W)
{
    int64_t G = W + 10;
    mpz_t y, vv, e, t, p, num, den;
    mpz_inits(y, vv, e, t, p, num, den, NULL);
    dn_pow10(p, G - W);
    mpz_mul(vv, v, p);
    /* the value as a double from its leading digits (10**W overflows a
     * double beyond W = 308) */
    double dv;
    if (W > 17) {
        mpz_t lead;
        mpz_init(lead);
        dn_pow10(p, W - 17);
        mpz_tdiv_q(lead, v, p);
        dv = mpz_get_d(lead) / 1e17;
        mpz_clear(lead);
    } else {
        dv = mpz_get_d(v) / pow(10.0, (double)W);
    }
    if (!(dv > 0) || !isfinite(dv)) dv = 1;
    /* start from the double's logarithm (15 digits), then cubic steps */
    int64_t have = 14;
    mpz_set_d(y, log(dv) * 1e15);
    if (G >= 15) {
        dn_pow10(p, G - 15);
        mpz_mul(y, y, p);
    } else {
        dn_pow10(p, 15 - G);
        mpz_tdiv_q(y, y, p);
    }
    while (1) {
        int64_t target = have * 3 > G ? G : have * 3;
        /* y += 2 (v - e^y) / (v + e^y), at full working precision */
        exp_fixed(e, y, G);
        mpz_sub(num, vv, e);
        mpz_add(den, vv, e);
        mpz_mul_2exp(num, num, 1);
        dn_pow10(p, G);
        mpz_mul(num, num, p);
        mpz_tdiv_q(t, num, den);
        mpz_add(y, y, t);
        if (target >= G && have >= G) break;
        have = target;
        if (have >= G) have = G;
    }
    dn_pow10(p, G - W);
    mpz_tdiv_q(out, y, p);
    mpz_clears(y, vv, e, t, p, num, den, NULL);
}

static mpz_t ln10_val;
static int64_t ln10_digits = -1;

/* ln(10) * 10**W (error < 1 unit). */
static void ln10_fixed(mpz_t out, int64_t W)
{
    if (ln10_digits < W + 5) {
        if (ln10_digits < 0) mpz_init(ln10_val);
        int64_t nw = W + 20 > 2 * ln10_digits ? W + 20 : 2 * ln10_digits;
        mpz_t ten;
        mpz_init(ten);
        dn_pow10(ten, nw + 1);
        ln_fixed(ln10_val, ten, nw);
        mpz_clear(ten);
        ln10_digits = nw;
    }
    mpz_t p;
    mpz_init(p);
    dn_pow10(p, ln10_digits - W);
    mpz_tdiv_q(out, ln10_val, p);
    mpz_clear(p);
}

/* Given lo <= v <= hi (integers standing for value * 10**scale_exp), the
 * correctly rounded result when both ends round alike: r gets prec+1 digits
 * and a sticky digit, ready for dn_finalize.  False when undecided. */
static bool ziv_pick(DecNum *r, const mpz_t lo, const mpz_t hi, int64_t scale_exp, int64_t prec,
                     int sign)
{
    if (mpz_sgn(lo) <= 0) return false;
    int64_t d = dn_mpz_digits(lo);
    if (d < prec + 3) return false;
    int64_t t = d - (prec + 1);
    mpz_t p, a, b;
    mpz_inits(p, a, b, NULL);
    dn_pow10(p, t);
    mpz_tdiv_q(a, lo, p);
    mpz_tdiv_q(b, hi, p);
    bool ok = mpz_cmp(a, b) == 0;
    if (ok) {
        r->kind = DN_FINITE;
        r->sign = sign;
        mpz_mul_ui(r->coef, a, 10);
        mpz_add_ui(r->coef, r->coef, 1);
        r->exp = scale_exp + t - 1;
    }
    mpz_clears(p, a, b, NULL);
    return ok;
}

/* log10 of coef * 10**exp (coef > 0), roughly. */
static double approx_log10_parts(const mpz_t coef, int64_t exp)
{
    int64_t d = dn_mpz_digits(coef);
    int64_t take = d > 17 ? 17 : d;
    mpz_t p, t;
    mpz_inits(p, t, NULL);
    dn_pow10(p, d - take);
    mpz_tdiv_q(t, coef, p);
    double m = mpz_get_d(t);
    mpz_clears(p, t, NULL);
    return log10(m) + (double)(exp + d - take);
}

static double approx_log10(const DecNum *x) { return approx_log10_parts(x->coef, x->exp); }

static void finalize_half_even(DecNum *r, const DecCtx *c, uint32_t *st)
{
    DecCtx w = *c;
    w.round = DR_HALF_EVEN;
    dn_finalize(r, &w, st);
}

void dn_exp(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (a->kind == DN_INF) {
        if (a->sign) {
            r->kind = DN_FINITE;
            r->sign = 0;
            mpz_set_ui(r->coef, 0);
            r->exp = 0;
        } else {
            dn_copy(r, a);
        }
        return;
    }
    if (mpz_sgn(a->coef) == 0) {
        dn_set_i64(r, 1);
        return;
    }
    int64_t adj = dn_adjusted(a);
    int64_t prec = c->prec;
    /* |a| tiny: exp(a) is 1 +- a hair; the hair decides the rounding */
    if (adj < -(prec + 3)) {
        r->kind = DN_FINITE;
        r->sign = 0;
        dn_pow10(r->coef, prec + 2);
        if (a->sign) mpz_sub_ui(r->coef, r->coef, 1);
        else mpz_add_ui(r->coef, r->coef, 1);
        r->exp = -(prec + 2);
        *st |= DS_INEXACT | DS_ROUNDED;
        finalize_half_even(r, c, st);
        return;
    }
    /* certain overflow or underflow: |a| > 2.31 * (Emax or -Etiny) */
    double lim = 2.31 * (double)(c->emax > -dc_etiny(c) ? c->emax : -dc_etiny(c)) + 10;
    if (adj > 20 || approx_log10(a) > log10(lim)) {
        r->kind = DN_FINITE;
        r->sign = 0;
        mpz_set_ui(r->coef, 1);
        r->exp = a->sign ? dc_etiny(c) - 2 : c->emax + 1;
        finalize_half_even(r, c, st);
        return;
    }
    int64_t W = prec + 10 + (adj > 0 ? adj : 0);
    mpz_t x, l10, k, rr, m, lo, hi, t;
    mpz_inits(x, l10, k, rr, m, lo, hi, t, NULL);
    for (int iter = 0;; iter++) {
        int64_t W2 = W + (adj > 0 ? adj : 0) + 5;
        to_fixed(x, a, W2);
        ln10_fixed(l10, W2);
        /* k = round(x / ln10); r = x - k ln10 */
        mpz_fdiv_q(k, x, l10);
        mpz_mul(t, k, l10);
        mpz_sub(rr, x, t);
        exp_fixed(m, rr, W2);
        /* m * 10**(k - W2) with error < 10 units + |k| * error(ln10) */
        mpz_abs(t, k);
        mpz_add_ui(t, t, 20);
        mpz_sub(lo, m, t);
        mpz_add(hi, m, t);
        int64_t kk = (int64_t)mpz_get_si(k);
        if (ziv_pick(r, lo, hi, kk - W2, prec, 0) || iter >= 6) {
            if (iter >= 6) {
                r->kind = DN_FINITE;
                r->sign = 0;
                mpz_set(r->coef, m);
                r->exp = kk - W2;
            }
            break;
        }
        W = W * 2;
    }
    mpz_clears(x, l10, k, rr, m, lo, hi, t, NULL);
    *st |= DS_INEXACT | DS_ROUNDED;
    finalize_half_even(r, c, st);
}

/* ln (log10_ false) or log10 of a finite positive a != 1 into r, correctly
 * rounded (half even), flags Inexact and Rounded. */
static void log_core(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st, bool log10_)
{
    int64_t prec = c->prec;
    int64_t d = dn_digits(a);
    int64_t E = a->exp + d - 1;
    int64_t edig = 1;
    for (int64_t en = E < 0 ? -E : E; en >= 10; en /= 10) edig++;
    int64_t W = prec + 10;
    /* a close to 1: ln a ~ a - 1 needs as many more digits as a - 1 has zeros */
    mpz_t m, p, l, l10, e, lo, hi;
    mpz_inits(m, p, l, l10, e, lo, hi, NULL);
    for (int iter = 0;; iter++) {
        int64_t eW = W + edig + 5;
        if (eW - (d - 1) >= 0) {
            dn_pow10(p, eW - (d - 1));
            mpz_mul(m, a->coef, p);
        } else {
            dn_pow10(p, (d - 1) - eW);
            mpz_tdiv_q(m, a->coef, p);
        }
        ln_fixed(l, m, eW);
        ln10_fixed(l10, eW);
        mpz_set_si(e, (long)E);
        mpz_addmul(l, e, l10);
        if (log10_) {
            /* l / ln10 at scale eW */
            dn_pow10(p, eW);
            mpz_mul(l, l, p);
            mpz_tdiv_q(l, l, l10);
        }
        int sign = mpz_sgn(l) < 0;
        mpz_abs(l, l);
        mpz_sub_ui(lo, l, 50);
        mpz_add_ui(hi, l, 50);
        if (ziv_pick(r, lo, hi, -eW, prec, sign)) break;
        if (iter >= 8) {
            r->kind = DN_FINITE;
            r->sign = sign;
            mpz_set(r->coef, l);
            r->exp = -eW;
            break;
        }
        int64_t got = dn_mpz_digits(l);
        W += (got < prec + 3 ? prec + 3 - got : 0) + W / 2 + 10;
    }
    mpz_clears(m, p, l, l10, e, lo, hi, NULL);
    *st |= DS_INEXACT | DS_ROUNDED;
    finalize_half_even(r, c, st);
}

void dn_ln(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (dn_iszero(a)) {
        dn_set_special(r, DN_INF, 1);
        return;
    }
    if (a->sign) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (a->kind == DN_INF) {
        dn_copy(r, a);
        return;
    }
    DecNum one;
    dn_init(&one);
    dn_set_i64(&one, 1);
    bool is_one = dn_cmp(a, &one) == 0;
    dn_clear(&one);
    if (is_one) {
        dn_set_i64(r, 0);
        return;
    }
    log_core(r, a, c, st, false);
}

void dn_log10(DecNum *r, const DecNum *a, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, NULL, st)) return;
    if (dn_iszero(a)) {
        dn_set_special(r, DN_INF, 1);
        return;
    }
    if (a->sign) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (a->kind == DN_INF) {
        dn_copy(r, a);
        return;
    }
    /* an exact power of ten: the integer exponent, exactly */
    int64_t tz = trailing_zeros(a->coef);
    mpz_t p;
    mpz_init(p);
    dn_pow10(p, tz);
    bool pow10 = mpz_cmp(p, a->coef) == 0;
    mpz_clear(p);
    if (pow10) {
        dn_set_i64(r, a->exp + tz);
        finalize_half_even(r, c, st);
        return;
    }
    log_core(r, a, c, st, true);
}

/* ---- power -------------------------------------------------------------------------- */

/* Decimal digits of |n| (1 for 0). */
static int64_t exp_digits(int64_t n)
{
    uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    int64_t d = 1;
    while (u >= 10) {
        u /= 10;
        d++;
    }
    return d;
}

/* A lower bound of floor(log10(|log10 x|)) for x > 0, x != 1 (libmpdec's). */
static int64_t lower_bound_zeta(const DecNum *x)
{
    int64_t t = dn_adjusted(x);
    if (t > 0) return exp_digits(t) - 1;
    if (t < -1) return exp_digits(t + 1) - 1;
    DecCtx maxc = {DEC_MAX_PREC, DEC_MIN_EMIN, DEC_MAX_EMAX, DR_HALF_EVEN, 0};
    DecNum one, d;
    dn_init(&one);
    dn_init(&d);
    dn_set_i64(&one, 1);
    uint32_t ignore = 0;
    dn_add(&d, x, &one, true, &maxc, &ignore);
    int64_t u = dn_adjusted(&d);
    dn_clear(&one);
    dn_clear(&d);
    return t == 0 ? u - 2 : u - 1;
}

/* libmpdec's binary powering over the bits of n > 0: left to right, each
 * product rounded to w. */
static void pow_bits(DecNum *r, const DecNum *base, const mpz_t n, int sign, const DecCtx *w,
                     uint32_t *st)
{
    uint32_t ws = 0;
    dn_copy(r, base);
    DecNum t;
    dn_init(&t);
    for (mp_bitcnt_t bit = mpz_sizeinbase(n, 2) - 1; bit-- > 0;) {
        dn_mul(&t, r, r, w, &ws);
        dn_copy(r, &t);
        if (mpz_tstbit(n, bit)) {
            dn_mul(&t, r, base, w, &ws);
            dn_copy(r, &t);
        }
        if (dn_special(r) || (dn_iszero(r) && (ws & DS_CLAMPED))) break;
    }
    dn_clear(&t);
    *st |= ws;
    r->sign = sign;
}

void dn_pow(DecNum *r, const DecNum *a, const DecNum *b, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, b, st)) return;
    bool bint = dn_is_integer(b);
    bool bodd = false;
    if (bint) {
        /* odd: the units digit of the integer value */
        if (b->exp == 0) {
            bodd = mpz_odd_p(b->coef);
        } else if (b->exp < 0) {
            mpz_t q, p;
            mpz_inits(q, p, NULL);
            dn_pow10(p, -b->exp);
            mpz_tdiv_q(q, b->coef, p);
            bodd = mpz_odd_p(q);
            mpz_clears(q, p, NULL);
        }
    }
    int rsign = a->sign && bint && bodd;
    if (dn_iszero(b)) {
        if (dn_iszero(a)) {
            set_nan(r, st, DS_INVALID_OP);
        } else {
            dn_set_i64(r, 1);
        }
        return;
    }
    if (a->sign && !dn_iszero(a) && !bint) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (dn_iszero(a)) {
        if (b->sign) {
            dn_set_special(r, DN_INF, rsign);
        } else {
            r->kind = DN_FINITE;
            r->sign = rsign;
            mpz_set_ui(r->coef, 0);
            r->exp = 0;
        }
        return;
    }
    if (a->kind == DN_INF) {
        if (b->sign) {
            r->kind = DN_FINITE;
            r->sign = rsign;
            mpz_set_ui(r->coef, 0);
            r->exp = 0;
        } else {
            dn_set_special(r, DN_INF, rsign);
        }
        return;
    }
    DecNum absa;
    absa = *a;
    absa.sign = 0;
    DecNum one;
    dn_init(&one);
    dn_set_i64(&one, 1);
    int cmp1 = dn_cmp(&absa, &one);
    if (b->kind == DN_INF) {
        if (cmp1 == 0) {
            r->kind = DN_FINITE;
            r->sign = 0;
            dn_pow10(r->coef, c->prec - 1);
            r->exp = -(c->prec - 1);
            *st |= DS_INEXACT | DS_ROUNDED;
        } else if ((cmp1 < 0) == (b->sign == 0)) {
            r->kind = DN_FINITE;
            r->sign = 0;
            mpz_set_ui(r->coef, 0);
            r->exp = 0;
        } else {
            dn_set_special(r, DN_INF, 0);
        }
        dn_clear(&one);
        return;
    }
    if (cmp1 == 0) {
        /* |a| == 1: 1.000**3 == 1.000000000 */
        int64_t shift;
        if (bint) {
            if (b->sign) {
                dn_set_i64(r, 1);
                r->sign = rsign;
                dn_clear(&one);
                return;
            }
            /* b * -a.exp, capped at prec - 1 */
            int64_t ae = -a->exp;
            mpz_t t;
            mpz_init(t);
            dn_pow10(t, b->exp > 0 ? b->exp : 0);
            mpz_mul(t, t, b->coef);
            if (b->exp < 0) {
                mpz_t p;
                mpz_init(p);
                dn_pow10(p, -b->exp);
                mpz_tdiv_q(t, t, p);
                mpz_clear(p);
            }
            mpz_mul_si(t, t, (long)ae);
            if (mpz_cmp_si(t, (long)(c->prec - 1)) > 0) {
                shift = c->prec - 1;
                *st |= DS_ROUNDED;
            } else {
                shift = (int64_t)mpz_get_si(t);
            }
            mpz_clear(t);
        } else {
            shift = c->prec - 1;
            *st |= DS_INEXACT | DS_ROUNDED;
        }
        r->kind = DN_FINITE;
        r->sign = rsign;
        dn_pow10(r->coef, shift);
        r->exp = -shift;
        dn_clear(&one);
        return;
    }
    dn_clear(&one);
    /* certain overflow / underflow, libmpdec's test: the digits of Emax
     * (or Etiny) below a lower bound of log10(|log10 |a||) + log10|b| */
    {
        int64_t lbz = lower_bound_zeta(&absa), lbt = dn_adjusted(b);
        bool up = (dn_adjusted(&absa) < 0) == (b->sign != 0);
        int64_t ub = exp_digits(up ? c->emax : dc_etiny(c));
        if (ub < lbz + lbt) {
            r->kind = DN_FINITE;
            r->sign = rsign;
            mpz_set_ui(r->coef, 1);
            r->exp = up ? c->emax + 1 : dc_etiny(c) - 1;
            dn_finalize(r, c, st);
            return;
        }
    }
    if (bint) {
        DecCtx w = *c;
        int64_t bd = dn_digits(b);
        w.prec += bd + b->exp + 2;
        w.round = DR_HALF_EVEN;
        w.clamp = 0;
        DecNum tb;
        dn_init(&tb);
        bool fail = false;
        if (b->sign) {
            uint32_t ws = 0;
            DecNum o;
            dn_init(&o);
            dn_set_i64(&o, 1);
            w.prec += 1;
            dn_div(&tb, &o, a, &w, &ws);
            dn_clear(&o);
            *st |= ws;
            if (ws & (DS_IEEE_INVALID | DS_DIV_BY_ZERO | DS_OVERFLOW | DS_UNDERFLOW)) {
                /* libmpdec's MPD_Errors */
                fail = (ws & (DS_IEEE_INVALID | DS_DIV_BY_ZERO)) != 0;
            }
        } else {
            dn_copy(&tb, a);
        }
        if (fail) {
            dn_set_special(r, DN_NAN, 0);
        } else {
            /* |b| as an integer; beyond 10**100000 (only reachable for a
             * base within 10**-100000 of one) its low digits are dropped */
            mpz_t n;
            mpz_init(n);
            int64_t e = b->exp > 100000 ? 100000 : b->exp;
            dn_pow10(n, e > 0 ? e : 0);
            mpz_mul(n, n, b->coef);
            if (b->exp < 0) {
                mpz_t p;
                mpz_init(p);
                dn_pow10(p, -b->exp);
                mpz_tdiv_q(n, n, p);
                mpz_clear(p);
            }
            pow_bits(r, &tb, n, rsign, &w, st);
            mpz_clear(n);
            if (r->kind == DN_INF) {
                r->kind = DN_FINITE;
                r->sign = rsign;
                mpz_set_ui(r->coef, 1);
                r->exp = c->emax + 1;
            }
        }
        dn_clear(&tb);
        dn_finalize(r, c, st);
        return;
    }
    /* exp(b * ln a) at prec + 23 digits, half even, then rounded to c */
    DecCtx w = {0, DEC_MIN_EMIN, DEC_MAX_EMAX, DR_HALF_EVEN, 0};
    int64_t ad = dn_digits(a);
    w.prec = (ad > c->prec ? ad : c->prec) + 4 + 19;
    uint32_t ws = 0;
    DecNum t, u;
    dn_init(&t);
    dn_init(&u);
    dn_ln(&t, a, &w, &ws);
    dn_mul(&u, &t, b, &w, &ws);
    dn_exp(r, &u, &w, st);
    dn_clear(&t);
    dn_clear(&u);
    *st |= ws & (DS_IEEE_INVALID | DS_DIV_BY_ZERO | DS_OVERFLOW | DS_UNDERFLOW);
    *st |= DS_INEXACT | DS_ROUNDED;
    dn_init(&one);
    dn_set_i64(&one, 1);
    bool is_one = !dn_special(r) && dn_cmp(r, &one) == 0;
    dn_clear(&one);
    if (is_one) {
        dn_pow10(r->coef, c->prec - 1);
        r->exp = -(c->prec - 1);
    }
    if (r->kind == DN_INF) {
        r->kind = DN_FINITE;
        r->sign = 0;
        mpz_set_ui(r->coef, 1);
        r->exp = c->emax + 1;
    }
    dn_finalize(r, c, st);
}

/* ---- digit-wise operations ------------------------------------------------------------ */

/* The coefficient's digits as exactly prec characters: zero-padded on the
 * left, or only the last prec digits.  Caller frees. */
static char *digits_to_prec(const mpz_t coef, int64_t prec)
{
    char *d = mpz_get_str(NULL, 10, coef);
    int64_t n = (int64_t)strlen(d);
    char *out = malloc((size_t)prec + 1);
    if (!out) {
        free(d);
        return NULL;
    }
    if (n >= prec) {
        memcpy(out, d + (n - prec), (size_t)prec);
    } else {
        memset(out, '0', (size_t)(prec - n));
        memcpy(out + (prec - n), d, (size_t)n);
    }
    out[prec] = 0;
    free(d);
    return out;
}

static bool is_logical(const DecNum *x)
{
    if (x->kind != DN_FINITE || x->sign || x->exp != 0) return false;
    char *d = mpz_get_str(NULL, 10, x->coef);
    bool ok = strspn(d, "01") == strlen(d);
    free(d);
    return ok;
}

void dn_logical(DecNum *r, const DecNum *a, const DecNum *b, int op, const DecCtx *c, uint32_t *st)
{
    if (!is_logical(a) || (b && !is_logical(b)) || c->prec > 100000000) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    char *x = digits_to_prec(a->coef, c->prec);
    char *y = b ? digits_to_prec(b->coef, c->prec) : NULL;
    if (!x || (b && !y)) {
        free(x);
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    for (int64_t i = 0; i < c->prec; i++) {
        int p = x[i] - '0', q = y ? y[i] - '0' : 1;
        int v = op == 0 ? (p & q) : op == 1 ? (p | q) : (p ^ q);
        x[i] = (char)('0' + v);
    }
    r->kind = DN_FINITE;
    r->sign = 0;
    r->exp = 0;
    mpz_set_str(r->coef, x, 10);
    free(x);
    free(y);
}

void dn_rotate(DecNum *r, const DecNum *a, const DecNum *b, bool shift, const DecCtx *c, uint32_t *st)
{
    if (dn_nan_result(r, a, b, st)) return;
    if (b->kind != DN_FINITE || b->exp != 0 || dn_digits(b) > 18 ||
        mpz_cmp_si(b->coef, (long)c->prec) > 0 || c->prec > 100000000) {
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (a->kind == DN_INF) {
        dn_copy(r, a);
        return;
    }
    int64_t n = (int64_t)mpz_get_si(b->coef);
    if (b->sign) n = -n;
    int64_t p = c->prec;
    char *d = digits_to_prec(a->coef, p);
    char *out = d ? malloc((size_t)p + 1) : NULL;
    if (!out) {
        free(d);
        set_nan(r, st, DS_INVALID_OP);
        return;
    }
    if (!shift) {
        /* rotated = d[n:] + d[:n], Python slicing */
        int64_t k = n < 0 ? p + n : n;
        memcpy(out, d + k, (size_t)(p - k));
        memcpy(out + (p - k), d, (size_t)k);
    } else if (n < 0) {
        /* shifted = d[:n]: the digits dropped on the right, zeros on the left */
        memset(out, '0', (size_t)-n);
        memcpy(out + (-n), d, (size_t)(p + n));
    } else {
        /* (d + '0' * n)[-p:] */
        memcpy(out, d + n, (size_t)(p - n));
        memset(out + (p - n), '0', (size_t)n);
    }
    out[p] = 0;
    r->kind = DN_FINITE;
    r->sign = a->sign;
    r->exp = a->exp;
    mpz_set_str(r->coef, out, 10);
    free(d);
    free(out);
}

/* pyfmt.c — Python's textual forms of floats, complex numbers and strings.
 *
 * Every function appends to an SBuf and reproduces CPython's repr() byte for
 * byte (rules measured on 2.7 and 3.6-3.14).  Input strings are UTF-8 as the
 * loader stores them (lone surrogates as 3-byte sequences); invalid bytes
 * never stop the output, they are taken as the code point of the same value.
 *
 * Float digits: the shortest decimal string that reads back as the same
 * double, found by trying 1..17 significant digits with the C library's
 * correctly rounded printf and strtod; then laid out as Python does.
 */
#include "config.h"
#include "pydbg/pyfmt.h"

#include <math.h>     /* classification macros only */
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ----------------------------------------------------------- */

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) {
        *cp = 0;
        return 0;
    }
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, v = c & 0x07, min = 0x10000;
    } else {
        *cp = c;
        return 1;
    }
    if (n <= need) {
        *cp = c;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = (v << 6) | (s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF) {   /* overlong or out of range */
        *cp = c;
        return 1;
    }
    *cp = v;
    return need + 1;
}

void utf8_encode(SBuf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        sbuf_putc(out, (char)cp);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        sbuf_put(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        sbuf_put(out, b, 3);
    } else {
        if (cp > 0x10FFFF)
            cp = 0xFFFD;
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        sbuf_put(out, b, 4);
    }
}

/* ---- floats ------------------------------------------------------------ */

/* Digits d[0..n) and decimal exponent e (value d0.d1d2... * 10**e) as text
 * for strtod, with the locale's decimal separator sep. */
static double digits_value(const char *d, size_t n, int e, char sep)
{
    char buf[64];
    size_t k = 0;
    buf[k++] = d[0];
    if (n > 1) {
        buf[k++] = sep;
        memcpy(buf + k, d + 1, n - 1);
        k += n - 1;
    }
    snprintf(buf + k, sizeof buf - k, "e%d", e);
    return strtod(buf, NULL);
}

/* Step the n-digit string d (exponent *e) one unit in the last place up
 * (dir > 0) or down, keeping n digits: 9.99 -> 1.00e+1, 1.00 -> 9.99e-1. */
static void digits_step(char *d, size_t n, int *e, int dir)
{
    size_t k = n;
    while (k > 0) {
        k--;
        if (dir > 0 && d[k] != '9') {
            d[k]++;
            return;
        }
        if (dir < 0 && d[k] != '0') {
            d[k]--;
            if (k == 0 && d[0] == '0') {       /* 1.00 -> 0.99.. -> 9.99 */
                memset(d, '9', n);
                (*e)--;
            }
            return;
        }
        d[k] = dir > 0 ? '0' : '9';
    }
    /* carried out of the first digit: 9.99 -> 10.0 */
    d[0] = '1';
    memset(d + 1, '0', n - 1);
    (*e)++;
}

/* Shortest round-tripping digits of a finite, non-zero |x| (Python's repr
 * picks, among the shortest strings that read back as x, the one nearest
 * x): digits without trailing zeros into dig, returns `decpt` such that
 * |x| = 0.DIGITS * 10**decpt. */
static int shortest_digits(double x, char *dig, size_t *ndig)
{
    char buf[64];
    size_t n = 0;
    int exp10 = 0;
    if (x < 0)
        x = -x;     /* no libm: the project links without -lm */
    for (int p = 1; p <= 17; p++) {
        /* "D[.DDD]e[+-]XX"; the separator may be locale dependent */
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        const char *q = buf;
        char sep = p > 1 ? buf[1] : '.';
        n = 0;
        for (; *q && *q != 'e'; q++)
            if (*q >= '0' && *q <= '9' && n < 24)
                dig[n++] = *q;
        exp10 = *q == 'e' ? atoi(q + 1) : 0;
        double y = strtod(buf, NULL);
        if (y == x || p == 17)
            break;
        /* The nearest p-digit string misses x; at a power of two the
         * interval of x is lopsided and the neighbour on the other side
         * may still read back as x. */
        char alt[24];
        int e2 = exp10;
        memcpy(alt, dig, n);
        digits_step(alt, n, &e2, y < x ? 1 : -1);
        if (digits_value(alt, n, e2, sep) == x) {
            memcpy(dig, alt, n);
            exp10 = e2;
            break;
        }
    }
    while (n > 1 && dig[n - 1] == '0')
        n--;
    dig[n] = '\0';
    *ndig = n;
    return exp10 + 1;
}

/* Python's 'r' formatting.  add_dot0: append ".0" to integral values in
 * positional form (float repr does, the parts of a complex do not).
 * force_sign: '+' before non-negative values (the imaginary part). */
static void float_fmt(SBuf *out, double x, int add_dot0, int force_sign)
{
    if (isnan(x)) {
        /* NaN never shows its sign */
        sbuf_puts(out, force_sign ? "+nan" : "nan");
        return;
    }
    if (signbit(x))
        sbuf_putc(out, '-');
    else if (force_sign)
        sbuf_putc(out, '+');
    if (isinf(x)) {
        sbuf_puts(out, "inf");
        return;
    }
    if (x == 0) {
        sbuf_puts(out, add_dot0 ? "0.0" : "0");
        return;
    }
    char dig[32];
    size_t n;
    int decpt = shortest_digits(x, dig, &n);
    if (decpt <= -4 || decpt > 16) {
        /* exponent form: d[.ddd]e±XX, at least two exponent digits */
        sbuf_putc(out, dig[0]);
        if (n > 1) {
            sbuf_putc(out, '.');
            sbuf_put(out, dig + 1, n - 1);
        }
        int e = decpt - 1;
        sbuf_printf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (decpt <= 0) {
        sbuf_puts(out, "0.");
        sbuf_pad(out, '0', (size_t)-decpt);
        sbuf_put(out, dig, n);
    } else if ((size_t)decpt >= n) {
        sbuf_put(out, dig, n);
        sbuf_pad(out, '0', (size_t)decpt - n);
        if (add_dot0)
            sbuf_puts(out, ".0");
    } else {
        sbuf_put(out, dig, (size_t)decpt);
        sbuf_putc(out, '.');
        sbuf_put(out, dig + decpt, n - (size_t)decpt);
    }
}

void pyfmt_float_repr(SBuf *out, double x)
{
    float_fmt(out, x, 1, 0);
}

void pyfmt_complex_repr(SBuf *out, double re, double im)
{
    /* A real part of +0.0 is left out (not -0.0: '(-0-0j)'). */
    if (re == 0 && !signbit(re)) {
        float_fmt(out, im, 0, 0);
        sbuf_putc(out, 'j');
        return;
    }
    sbuf_putc(out, '(');
    float_fmt(out, re, 0, 0);
    float_fmt(out, im, 0, 1);
    sbuf_puts(out, "j)");
}

/* ---- strings ----------------------------------------------------------- */

static const char HEX[] = "0123456789abcdef";

static void put_hex(SBuf *out, char kind, uint32_t v, int ndigits)
{
    sbuf_putc(out, '\\');
    sbuf_putc(out, kind);
    for (int k = ndigits - 1; k >= 0; k--)
        sbuf_putc(out, HEX[(v >> (4 * k)) & 0xF]);
}

/* The quote Python picks: ' unless the text has ' and no ". */
static char pick_quote(const unsigned char *s, size_t n)
{
    int sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    return sq && !dq ? '"' : '\'';
}

/* Escapes shared by every repr: backslash, the quote, \t \n \r.  Returns
 * 1 when c was written. */
static int put_common_escape(SBuf *out, uint32_t c, char quote)
{
    switch (c) {
    case '\\': sbuf_puts(out, "\\\\"); return 1;
    case '\t': sbuf_puts(out, "\\t"); return 1;
    case '\n': sbuf_puts(out, "\\n"); return 1;
    case '\r': sbuf_puts(out, "\\r"); return 1;
    default:
        if (c == (uint32_t)(unsigned char)quote) {
            sbuf_putc(out, '\\');
            sbuf_putc(out, quote);
            return 1;
        }
        return 0;
    }
}

void pyfmt_str_repr(SBuf *out, const char *utf8, size_t n, int pyminor)
{
    const unsigned char *s = (const unsigned char *)utf8;
    char quote = pick_quote(s, n);
    sbuf_putc(out, quote);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = utf8_decode(s + i, n - i, &c);
        i += k;
        if (put_common_escape(out, c, quote))
            continue;
        if (c < 0x20 || c == 0x7F)
            put_hex(out, 'x', c, 2);
        else if (c < 0x7F)
            sbuf_putc(out, (char)c);
        else if (pyfmt_isprintable(c, pyminor))
            utf8_encode(out, c);
        else if (c <= 0xFF)
            put_hex(out, 'x', c, 2);
        else if (c <= 0xFFFF)
            put_hex(out, 'u', c, 4);
        else
            put_hex(out, 'U', c, 8);
    }
    sbuf_putc(out, quote);
}

void pyfmt_bytes_repr(SBuf *out, const unsigned char *s, size_t n, int prefix_b)
{
    char quote = pick_quote(s, n);
    if (prefix_b)
        sbuf_putc(out, 'b');
    sbuf_putc(out, quote);
    for (size_t i = 0; i < n; i++) {
        if (put_common_escape(out, s[i], quote))
            continue;
        if (s[i] < 0x20 || s[i] >= 0x7F)
            put_hex(out, 'x', s[i], 2);
        else
            sbuf_putc(out, (char)s[i]);
    }
    sbuf_putc(out, quote);
}

void pyfmt_unicode2_repr(SBuf *out, const char *utf8, size_t n)
{
    /* 2.7 (wide build, as pyenv's is): each code point on its own, lone
     * surrogates included; no isprintable() test, all non-ASCII escaped. */
    const unsigned char *s = (const unsigned char *)utf8;
    char quote = pick_quote(s, n);
    sbuf_putc(out, 'u');
    sbuf_putc(out, quote);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += utf8_decode(s + i, n - i, &c);
        if (put_common_escape(out, c, quote))
            continue;
        if (c < 0x20 || (c >= 0x7F && c <= 0xFF))
            put_hex(out, 'x', c, 2);
        else if (c < 0x7F)
            sbuf_putc(out, (char)c);
        else if (c <= 0xFFFF)
            put_hex(out, 'u', c, 4);
        else
            put_hex(out, 'U', c, 8);
    }
    sbuf_putc(out, quote);
}

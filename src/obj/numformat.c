/* numformat.c — format(x, spec) for int, bool, float and complex, as 3.12.
 *
 * The spec [[fill]align][sign][z][#][0][width][,|_][.precision][type] is
 * parsed once (errors are CPython's ValueErrors, word for word), then:
 *   - ints are written in base 2/8/10/16 ('c': one character), with the
 *     '#' prefix, or converted to float for e/E/f/F/g/G/%;
 *   - floats go through double_to_string(), which lays out correctly
 *     rounded digits exactly as CPython's PyOS_double_to_string does for
 *     the codes e, f, g and r (repr digits, used when no type and no
 *     precision are given);
 *   - the number is then assembled as
 *       <lpad><sign><prefix><spad><grouped digits><decimal><rest><rpad>
 *     where zero padding ('0' fill with '=' alignment) happens inside the
 *     digit grouping, so separators also appear between padding zeros;
 *   - complex numbers format both parts without padding, then pad the
 *     whole "(re+imj)".
 * 'n' uses the C locale (nothing calls setlocale): no grouping, '.'.
 * Output is bounded: widths or precisions that would need more than
 * FMT_MAX characters raise MemoryError instead of exhausting memory.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyfmt.h"
#include "pydbg/vm.h"

#define FMT_MAX ((Ssize)1 << 26)

enum { SEP_NONE = 0, SEP_COMMA, SEP_UNDER, SEP_UNDER4 };

typedef struct FmtSpec {
    uint32_t fill;
    uint32_t align;          /* '<' '>' '=' '^' */
    uint32_t sign;           /* 0 '+' '-' ' ' */
    bool no_neg_0, alternate;
    Ssize width, precision;  /* -1: absent */
    int sep;                 /* SEP_* */
    uint32_t type;           /* 0: absent */
} FmtSpec;

/* ---- output ---------------------------------------------------------------- */

typedef struct Out {
    uint32_t *p;
    Ssize n, cap;
    bool oom;
} Out;

static void out_reserve(Out *o, Ssize more)
{
    if (o->oom)
        return;
    if (more < 0 || o->n + more > FMT_MAX) {
        o->oom = true;
        return;
    }
    if (o->n + more <= o->cap)
        return;
    Ssize cap = o->cap ? o->cap : 64;
    while (cap < o->n + more)
        cap *= 2;
    uint32_t *p = realloc(o->p, (size_t)cap * sizeof *p);
    if (!p) {
        o->oom = true;
        return;
    }
    o->p = p;
    o->cap = cap;
}

static void out_fill(Out *o, uint32_t c, Ssize n)
{
    if (n <= 0)
        return;
    out_reserve(o, n);
    if (o->oom)
        return;
    for (Ssize i = 0; i < n; i++)
        o->p[o->n++] = c;
}

static void out_ascii(Out *o, const char *s, Ssize n)
{
    if (n <= 0)
        return;
    out_reserve(o, n);
    if (o->oom)
        return;
    for (Ssize i = 0; i < n; i++)
        o->p[o->n++] = (unsigned char)s[i];
}

static Obj *out_finish(Out *o)
{
    Obj *r = NULL;
    if (o->oom)
        vm_err_no_memory();
    else
        r = str_from_ucs4(o->p, o->n);
    free(o->p);
    return r;
}

/* ---- the spec -------------------------------------------------------------------- */

static bool is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

/* Unicode decimal digits at *pos: count read, -1 on overflow (ValueError). */
static Ssize get_integer(Obj *s, Ssize *pos, Ssize end, Ssize *out)
{
    Ssize v = 0, n = 0;
    for (; *pos < end; (*pos)++, n++) {
        int d = ucd_decimal(str_char(s, *pos));
        if (d < 0)
            break;
        if (v > (INTPTR_MAX - d) / 10) {
            vm_err_set_str(&exc_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        v = v * 10 + d;
    }
    *out = v;
    return n;
}

static void type_error_code(uint32_t type, Obj *value)
{
    if (type > 32 && type < 128)
        vm_err_format(&exc_ValueError, "Unknown format code '%c' for object of type '%s'",
                      (int)type, OBJ_TYPE(value)->name);
    else
        vm_err_format(&exc_ValueError, "Unknown format code '\\x%x' for object of type '%s'",
                      (unsigned)type, OBJ_TYPE(value)->name);
}

static int parse_spec(Obj *value, Obj *spec, FmtSpec *f, char default_align)
{
    Ssize pos = 0, end = VAR_SIZE(spec);
    bool align_given = false, fill_given = false;
    f->fill = ' ';
    f->align = (uint32_t)default_align;
    f->sign = 0;
    f->no_neg_0 = f->alternate = false;
    f->width = f->precision = -1;
    f->sep = SEP_NONE;
    f->type = 0;
    if (end - pos >= 2 && is_align(str_char(spec, pos + 1))) {
        f->align = str_char(spec, pos + 1);
        f->fill = str_char(spec, pos);
        fill_given = align_given = true;
        pos += 2;
    } else if (end - pos >= 1 && is_align(str_char(spec, pos))) {
        f->align = str_char(spec, pos);
        align_given = true;
        pos++;
    }
    if (end - pos >= 1) {
        uint32_t c = str_char(spec, pos);
        if (c == '+' || c == '-' || c == ' ') {
            f->sign = c;
            pos++;
        }
    }
    if (end - pos >= 1 && str_char(spec, pos) == 'z') {
        f->no_neg_0 = true;
        pos++;
    }
    if (end - pos >= 1 && str_char(spec, pos) == '#') {
        f->alternate = true;
        pos++;
    }
    if (!fill_given && end - pos >= 1 && str_char(spec, pos) == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        pos++;
    }
    Ssize got = get_integer(spec, &pos, end, &f->width);
    if (got < 0)
        return -1;
    if (got == 0)
        f->width = -1;
    if (end - pos >= 1 && str_char(spec, pos) == ',') {
        f->sep = SEP_COMMA;
        pos++;
    }
    if (end - pos >= 1 && str_char(spec, pos) == '_') {
        if (f->sep != SEP_NONE) {
            vm_err_set_str(&exc_ValueError, "Cannot specify both ',' and '_'.");
            return -1;
        }
        f->sep = SEP_UNDER;
        pos++;
    }
    if (end - pos >= 1 && str_char(spec, pos) == ',' && f->sep == SEP_UNDER) {
        vm_err_set_str(&exc_ValueError, "Cannot specify both ',' and '_'.");
        return -1;
    }
    if (end - pos >= 1 && str_char(spec, pos) == '.') {
        pos++;
        got = get_integer(spec, &pos, end, &f->precision);
        if (got < 0)
            return -1;
        if (got == 0) {
            vm_err_set_str(&exc_ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (end - pos > 1) {
        vm_err_format(&exc_ValueError, "Invalid format specifier '%U' for object of type '%s'",
                      spec, OBJ_TYPE(value)->name);
        return -1;
    }
    if (end - pos == 1)
        f->type = str_char(spec, pos);
    if (f->sep != SEP_NONE) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->sep == SEP_UNDER) {
                f->sep = SEP_UNDER4;     /* every four digits in bin/oct/hex */
                break;
            }
            /* fall through */
        default: {
            char sc = f->sep == SEP_COMMA ? ',' : '_';
            if (f->type > 32 && f->type < 128)
                vm_err_format(&exc_ValueError, "Cannot specify '%c' with '%c'.", sc, (int)f->type);
            else
                vm_err_format(&exc_ValueError, "Cannot specify '%c' with '\\x%x'.", sc,
                              (unsigned)f->type);
            return -1;
        }
        }
    }
    return 0;
}

/* ---- assembling a number -------------------------------------------------------- */

/* One number as text: [sign] digits [decimal point] rest. */
typedef struct Num {
    char sign_char;          /* '-' or 0 */
    const char *prefix;      /* "0x" … (alternate form), may be NULL */
    Ssize nprefix;
    const char *digits;      /* integer digits (grouped) */
    Ssize ndigits;
    bool has_decimal;
    const char *rest;        /* after the decimal point: fraction, exponent, '%' */
    Ssize nrest;
    const uint32_t *rest_ucs;   /* 'c': the character, instead of rest */
} Num;

typedef struct Widths {
    Ssize lpad, spad, rpad;
    char sign;               /* 0 or the char */
    Ssize nsign, ngrouped, min_width;
} Widths;

/* Grouping as CPython's _PyUnicode_InsertThousandsGrouping: chunks of
 * `group` digits from the right (0: one chunk), padded with zeros up to
 * min_width, a separator between chunks.  Returns the length; when o is
 * given, appends the text (built right to left in a scratch buffer). */
static Ssize group_digits(Out *o, const char *digits, Ssize nd, Ssize min_width, int group,
                          char sep)
{
    Ssize nsep = sep ? 1 : 0;
    Ssize count = 0;
    char *buf = NULL;
    Ssize bpos = 0, dpos = nd;
    if (o) {
        count = group_digits(NULL, digits, nd, min_width, group, sep);
        out_reserve(o, count);
        if (o->oom)
            return count;
        buf = malloc((size_t)count + 1);
        if (!buf) {
            o->oom = true;
            return count;
        }
        bpos = count;
    }
    Ssize remaining = nd;
    bool broken = false, use_sep = false;
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0: the repeating groups; pass 1: the rest, unless done */
        if (pass == 0 && group <= 0)
            continue;
        if (pass == 1 && broken)
            break;
        for (;;) {
            Ssize lim = remaining > min_width ? remaining : min_width;
            if (lim < 1)
                lim = 1;
            Ssize len = pass == 0 && group < lim ? group : lim;
            Ssize zeros = len - remaining > 0 ? len - remaining : 0;
            Ssize chars = remaining < len ? remaining : len;
            if (chars < 0)
                chars = 0;
            if (buf) {
                if (use_sep && nsep)
                    buf[--bpos] = sep;
                bpos -= chars;
                dpos -= chars;
                memcpy(buf + bpos, digits + dpos, (size_t)chars);
                bpos -= zeros;
                memset(buf + bpos, '0', (size_t)zeros);
            } else {
                count += (use_sep ? nsep : 0) + zeros + chars;
            }
            use_sep = true;
            remaining -= chars;
            min_width -= len;
            if (pass == 1)
                break;
            if (remaining <= 0 && min_width <= 0) {
                broken = true;
                break;
            }
            min_width -= nsep;
        }
    }
    if (buf) {
        out_ascii(o, buf, count);
        free(buf);
    }
    return count;
}

static int sep_group(int sep, char *sepc)
{
    switch (sep) {
    case SEP_COMMA: *sepc = ','; return 3;
    case SEP_UNDER: *sepc = '_'; return 3;
    case SEP_UNDER4: *sepc = '_'; return 4;
    default: *sepc = 0; return 0;
    }
}

static void calc_widths(Widths *w, const Num *n, const FmtSpec *f)
{
    memset(w, 0, sizeof *w);
    switch (f->sign) {
    case '+':
        w->nsign = 1;
        w->sign = n->sign_char == '-' ? '-' : '+';
        break;
    case ' ':
        w->nsign = 1;
        w->sign = n->sign_char == '-' ? '-' : ' ';
        break;
    default:
        if (n->sign_char == '-') {
            w->nsign = 1;
            w->sign = '-';
        }
    }
    Ssize nrest = n->rest_ucs ? 1 : n->nrest;
    Ssize other = w->nsign + n->nprefix + (n->has_decimal ? 1 : 0) + nrest;
    w->min_width = f->fill == '0' && f->align == '=' ? f->width - other : 0;
    char sepc;
    int group = sep_group(f->sep, &sepc);
    w->ngrouped = n->ndigits == 0 ? 0
                                  : group_digits(NULL, n->digits, n->ndigits, w->min_width, group, sepc);
    Ssize pad = f->width - (other + w->ngrouped);
    if (pad > 0) {
        switch (f->align) {
        case '<': w->rpad = pad; break;
        case '^': w->lpad = pad / 2; w->rpad = pad - w->lpad; break;
        case '=': w->spad = pad; break;
        default: w->lpad = pad; break;
        }
    }
}

static void upcase(Out *o, Ssize from, Ssize to)
{
    if (o->oom)
        return;
    for (Ssize i = from; i < to; i++)
        if (o->p[i] >= 'a' && o->p[i] <= 'z')
            o->p[i] -= 32;
}

static void fill_number(Out *o, const Widths *w, const Num *n, const FmtSpec *f, bool upper)
{
    out_fill(o, f->fill, w->lpad);
    if (w->nsign)
        out_fill(o, (uint32_t)(unsigned char)w->sign, 1);
    Ssize at = o->n;
    out_ascii(o, n->prefix, n->nprefix);
    if (upper)
        upcase(o, at, o->n);
    out_fill(o, f->fill, w->spad);
    at = o->n;
    if (n->ndigits) {
        char sepc;
        int group = sep_group(f->sep, &sepc);
        group_digits(o, n->digits, n->ndigits, w->min_width, group, sepc);
    }
    if (upper)
        upcase(o, at, o->n);
    if (n->has_decimal)
        out_fill(o, '.', 1);
    if (n->rest_ucs)
        out_fill(o, n->rest_ucs[0], 1);
    else
        out_ascii(o, n->rest, n->nrest);
    out_fill(o, f->fill, w->rpad);
}

/* Split "digits[.rest]" (sign already removed) as CPython's parse_number. */
static void split_number(Num *n, const char *s, Ssize len)
{
    Ssize i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    n->digits = s;
    n->ndigits = i;
    n->has_decimal = i < len && s[i] == '.';
    if (n->has_decimal)
        i++;
    n->rest = s + i;
    n->nrest = len - i;
}

/* ---- float to text (PyOS_double_to_string) ------------------------------------------------ */

/* Correctly rounded digits of ax >= 0 (finite) as dtoa gives them:
 * mode 0 shortest repr digits, mode 2 `nd` significant digits, mode 3
 * `nd` digits after the point; trailing zeros dropped; zero is "0" with
 * decpt 1; a mode-3 value rounding to nothing is "" with decpt -nd. */
static int get_digits(double ax, int mode, int nd, SBuf *dig)
{
    sbuf_reset(dig);
    if (ax == 0.0) {
        sbuf_putc(dig, '0');
        return 1;
    }
    int decpt = 0;
    if (mode == 0) {
        SBuf r = SBUF_INIT;
        pyfmt_float_repr(&r, ax);
        const char *s = sbuf_cstr(&r);
        const char *e = strchr(s, 'e');
        size_t mlen = e ? (size_t)(e - s) : r.len;
        int intlen = -1;
        for (size_t i = 0; i < mlen; i++) {
            if (s[i] == '.')
                intlen = (int)dig->len;
            else
                sbuf_putc(dig, s[i]);
        }
        if (intlen < 0)
            intlen = (int)dig->len;
        decpt = intlen + (e ? atoi(e + 1) : 0);
        sbuf_free(&r);
        size_t lz = 0;              /* "0.0001": drop the leading zeros */
        while (lz + 1 < dig->len && dig->data[lz] == '0')
            lz++;
        decpt -= (int)lz;
        memmove(dig->data, dig->data + lz, dig->len - lz);
        dig->len -= lz;
    } else if (mode == 2) {
        int len = snprintf(NULL, 0, "%.*e", nd - 1, ax);
        char *buf = malloc((size_t)len + 1);
        if (!buf)
            return 1;
        snprintf(buf, (size_t)len + 1, "%.*e", nd - 1, ax);
        const char *p = buf;
        for (; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9')
                sbuf_putc(dig, *p);
        decpt = (*p == 'e' ? atoi(p + 1) : 0) + 1;
        free(buf);
    } else {
        int len = snprintf(NULL, 0, "%.*f", nd, ax);
        char *buf = malloc((size_t)len + 1);
        if (!buf)
            return 1;
        snprintf(buf, (size_t)len + 1, "%.*f", nd, ax);
        int intlen = -1;
        for (const char *p = buf; *p; p++) {
            if (*p == '.')
                intlen = (int)dig->len;
            else
                sbuf_putc(dig, *p);
        }
        if (intlen < 0)
            intlen = (int)dig->len;
        free(buf);
        /* drop leading zeros */
        size_t lz = 0;
        while (lz < dig->len && dig->data[lz] == '0')
            lz++;
        decpt = intlen - (int)lz;
        memmove(dig->data, dig->data + lz, dig->len - lz);
        dig->len -= lz;
        dig->data[dig->len] = '\0';
        if (dig->len == 0)
            return -nd;
    }
    while (dig->len > 1 && dig->data[dig->len - 1] == '0')
        dig->len--;
    if (dig->data)
        dig->data[dig->len] = '\0';
    return decpt;
}

static void zeros(SBuf *out, Ssize n)
{
    if (n > 0)
        sbuf_pad(out, '0', (size_t)n);
}

enum { DTS_ALT = 1, DTS_ADD_DOT_0 = 2, DTS_NO_NEG_0 = 4 };

/* PyOS_double_to_string(val, code, precision, flags): code one of
 * e E f F g G r; appends ASCII text to out ('-' for negatives). */
static void double_to_string(SBuf *out, double val, char code, int precision, int flags)
{
    bool upper = code == 'E' || code == 'F' || code == 'G';
    if (upper)
        code = (char)(code + 32);
    int mode = 0;
    switch (code) {
    case 'e': mode = 2; precision++; break;
    case 'f': mode = 3; break;
    case 'g': mode = 2; if (precision == 0) precision = 1; break;
    default: mode = 0; break;
    }
    if (isnan(val)) {
        sbuf_puts(out, upper ? "NAN" : "nan");
        return;
    }
    bool sign = signbit(val) != 0;
    if (isinf(val)) {
        if (sign)
            sbuf_putc(out, '-');
        sbuf_puts(out, upper ? "INF" : "inf");
        return;
    }
    SBuf dig = SBUF_INIT;
    int decpt = get_digits(fabs(val), mode, precision, &dig);
    Ssize nd = (Ssize)dig.len;
    const char *d = sbuf_cstr(&dig);
    bool alt = flags & DTS_ALT, add_dot_0 = flags & DTS_ADD_DOT_0;
    if ((flags & DTS_NO_NEG_0) && sign && (nd == 0 || (nd == 1 && d[0] == '0')))
        sign = false;
    Ssize vend = nd;
    bool use_exp = false;
    int exp = 0;
    switch (code) {
    case 'e':
        use_exp = true;
        vend = precision;
        break;
    case 'f':
        vend = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision))
            use_exp = true;
        if (alt)
            vend = precision;
        break;
    default:
        if (decpt <= -4 || decpt > 16)
            use_exp = true;
        break;
    }
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    Ssize vstart = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vend = vend > decpt ? vend : decpt + 1;
    else
        vend = vend > decpt ? vend : decpt;
    size_t mark = out->len;
    if (sign)
        sbuf_putc(out, '-');
    if (decpt <= 0) {
        zeros(out, decpt - vstart);
        sbuf_putc(out, '.');
        zeros(out, -decpt);
    } else {
        zeros(out, -vstart);
    }
    if (decpt > 0 && decpt <= nd) {
        sbuf_put(out, d, (size_t)decpt);
        sbuf_putc(out, '.');
        sbuf_put(out, d + decpt, (size_t)(nd - decpt));
    } else {
        sbuf_put(out, d, (size_t)nd);
    }
    if (nd < decpt) {
        zeros(out, decpt - nd);
        sbuf_putc(out, '.');
        zeros(out, vend - decpt);
    } else {
        zeros(out, vend - nd);
    }
    if (out->len > mark && out->data[out->len - 1] == '.' && !alt)
        out->data[--out->len] = '\0';
    if (use_exp)
        sbuf_printf(out, "%c%+.02d", upper ? 'E' : 'e', exp);
    sbuf_free(&dig);
}

/* ---- floats -------------------------------------------------------------------------------- */

static bool is_float_type(uint32_t t)
{
    return t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%' ||
           t == 'n' || t == 0;
}

/* The text of a float for spec f (type already checked): sets *code etc. */
static int float_text(SBuf *buf, double val, const FmtSpec *f, bool for_complex, bool *skip_re,
                      bool *parens, double re)
{
    uint32_t type = f->type;
    int flags = 0;
    int default_prec = 6;
    if (f->precision > 2147483647) {
        vm_err_set_str(&exc_ValueError, "precision too big");
        return -1;
    }
    if (f->precision > FMT_MAX) {
        vm_err_no_memory();
        return -1;
    }
    int precision = (int)f->precision;
    if (f->alternate)
        flags |= DTS_ALT;
    if (f->no_neg_0)
        flags |= DTS_NO_NEG_0;
    if (type == 0) {
        if (!for_complex)
            flags |= DTS_ADD_DOT_0;
        type = 'r';
        default_prec = 0;
        if (for_complex) {
            if (re == 0.0 && !signbit(re))
                *skip_re = true;
            else
                *parens = true;
        }
    }
    if (type == 'n')
        type = 'g';
    bool pct = false;
    if (type == '%') {
        type = 'f';
        val *= 100;
        pct = true;
    }
    if (precision < 0)
        precision = default_prec;
    else if (type == 'r')
        type = 'g';
    double_to_string(buf, val, (char)type, precision, flags);
    if (pct)
        sbuf_putc(buf, '%');
    return 0;
}

static int num_from_text(Num *n, const char *s, Ssize len)
{
    memset(n, 0, sizeof *n);
    if (len > 0 && s[0] == '-') {
        n->sign_char = '-';
        s++;
        len--;
    }
    split_number(n, s, len);
    return 0;
}

/* Widths beyond FMT_MAX: MemoryError (CPython's allocation would fail). */
static bool width_ok(const FmtSpec *f)
{
    if (f->width <= FMT_MAX)
        return true;
    vm_err_no_memory();
    return false;
}

static Obj *format_float(Obj *value, double val, const FmtSpec *f)
{
    SBuf buf = SBUF_INIT;
    if (float_text(&buf, val, f, false, NULL, NULL, 0.0) < 0) {
        sbuf_free(&buf);
        return NULL;
    }
    (void)value;
    if (!width_ok(f)) {
        sbuf_free(&buf);
        return NULL;
    }
    Num n;
    num_from_text(&n, sbuf_cstr(&buf), (Ssize)buf.len);
    Widths w;
    calc_widths(&w, &n, f);
    Out o = {0};
    fill_number(&o, &w, &n, f, false);
    sbuf_free(&buf);
    return out_finish(&o);
}

/* ---- ints -------------------------------------------------------------------------------- */

static Obj *format_int(Obj *value, const FmtSpec *f)
{
    if (f->precision != -1) {
        vm_err_set_str(&exc_ValueError, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (f->no_neg_0) {
        vm_err_set_str(&exc_ValueError,
                       "Negative zero coercion (z) not allowed in integer format specifier");
        return NULL;
    }
    Num n;
    memset(&n, 0, sizeof n);
    SBuf digits = SBUF_INIT;
    uint32_t ch[1];
    if (f->type == 'c') {
        if (f->sign) {
            vm_err_set_str(&exc_ValueError, "Sign not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (f->alternate) {
            vm_err_set_str(&exc_ValueError,
                           "Alternate form (#) not allowed with integer format specifier 'c'");
            return NULL;
        }
        int64_t x;
        if (int_as_i64(value, &x) < 0)
            return NULL;
        if (x < 0 || x > 0x10ffff) {
            vm_err_set_str(&exc_OverflowError, "%c arg not in range(0x110000)");
            return NULL;
        }
        ch[0] = (uint32_t)x;
        n.rest_ucs = ch;
    } else {
        int base = 10;
        const char *prefix = NULL;
        switch (f->type) {
        case 'b': base = 2; prefix = "0b"; break;
        case 'o': base = 8; prefix = "0o"; break;
        case 'x': case 'X': base = 16; prefix = "0x"; break;
        default: break;
        }
        if (base == 10 && int_check_str_digits(value) < 0)
            return NULL;
        int_format_abs(value, base, &digits);
        if (int_sign(value) < 0)
            n.sign_char = '-';
        if (f->alternate && prefix) {
            n.prefix = prefix;
            n.nprefix = 2;
        }
        n.digits = sbuf_cstr(&digits);
        n.ndigits = (Ssize)digits.len;
    }
    if (!width_ok(f)) {
        sbuf_free(&digits);
        return NULL;
    }
    Widths w;
    calc_widths(&w, &n, f);
    Out o = {0};
    fill_number(&o, &w, &n, f, f->type == 'X');
    sbuf_free(&digits);
    return out_finish(&o);
}

/* ---- complex ------------------------------------------------------------------------------- */

static Obj *format_complex(Obj *value, const FmtSpec *f)
{
    if (f->fill == '0') {
        vm_err_set_str(&exc_ValueError, "Zero padding is not allowed in complex format specifier");
        return NULL;
    }
    if (f->align == '=') {
        vm_err_set_str(&exc_ValueError,
                       "'=' alignment flag is not allowed in complex format specifier");
        return NULL;
    }
    if (!width_ok(f))
        return NULL;
    ComplexObj *c = (ComplexObj *)value;
    bool skip_re = false, parens = false;
    SBuf rb = SBUF_INIT, ib = SBUF_INIT;
    if (float_text(&rb, c->re, f, true, &skip_re, &parens, c->re) < 0 ||
        float_text(&ib, c->im, f, true, &skip_re, &parens, c->re) < 0) {
        sbuf_free(&rb);
        sbuf_free(&ib);
        return NULL;
    }
    /* float_text ran twice: the flags are the same both times */
    Num rn, in;
    num_from_text(&rn, sbuf_cstr(&rb), (Ssize)rb.len);
    num_from_text(&in, sbuf_cstr(&ib), (Ssize)ib.len);
    FmtSpec tf = *f;
    tf.fill = 0;
    tf.align = '<';
    tf.width = -1;
    Widths rw, iw;
    calc_widths(&rw, &rn, &tf);
    if (!skip_re)
        tf.sign = '+';
    calc_widths(&iw, &in, &tf);
    /* render both parts, then pad the whole */
    Out parts = {0};
    if (parens)
        out_fill(&parts, '(', 1);
    if (!skip_re)
        fill_number(&parts, &rw, &rn, &tf, false);
    fill_number(&parts, &iw, &in, &tf, false);
    out_fill(&parts, 'j', 1);
    if (parens)
        out_fill(&parts, ')', 1);
    sbuf_free(&rb);
    sbuf_free(&ib);
    if (parts.oom) {
        free(parts.p);
        vm_err_no_memory();
        return NULL;
    }
    Ssize nchars = parts.n, total = f->width > nchars ? f->width : nchars;
    Ssize lpad = 0;
    if (f->align == '>')
        lpad = total - nchars;
    else if (f->align == '^')
        lpad = (total - nchars) / 2;
    Out o = {0};
    out_fill(&o, f->fill, lpad);
    out_reserve(&o, nchars);
    if (!o.oom) {
        memcpy(o.p + o.n, parts.p, (size_t)nchars * sizeof *o.p);
        o.n += nchars;
    }
    out_fill(&o, f->fill, total - nchars - lpad);
    free(parts.p);
    return out_finish(&o);
}

/* ---- entry ------------------------------------------------------------------------------------ */

Obj *num_format(Obj *value, Obj *spec)
{
    if (VAR_SIZE(spec) == 0)
        return obj_str(value);
    FmtSpec f;
    if (parse_spec(value, spec, &f, '>') < 0)
        return NULL;
    if (INT_CHECK(value)) {
        switch (f.type) {
        case 0: f.type = 'd'; /* fall through */
        case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
            return format_int(value, &f);
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
            int ovf;
            double d = int_as_double(value, &ovf);
            if (ovf) {
                vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
                return NULL;
            }
            return format_float(value, d, &f);
        }
        default:
            type_error_code(f.type, value);
            return NULL;
        }
    }
    if (type_is_subtype(OBJ_TYPE(value), &complex_type)) {
        switch (f.type) {
        case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n':
            return format_complex(value, &f);
        default:
            type_error_code(f.type, value);
            return NULL;
        }
    }
    if (type_is_subtype(OBJ_TYPE(value), &float_type)) {
        if (!is_float_type(f.type)) {
            type_error_code(f.type, value);
            return NULL;
        }
        return format_float(value, float_value(value), &f);
    }
    vm_err_format(&exc_TypeError, "num_format: unsupported type '%s'", OBJ_TYPE(value)->name);
    return NULL;
}

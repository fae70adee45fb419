/* strformat.c — the three ways Python formats text: the format-spec
 * mini-language (format(value, spec); str's own here, numbers handed to
 * num_format), str.format / str.format_map, and printf-style `%` for str
 * and bytes; plus BUILD_STRING.
 *
 * Invariants: every parse walks code points with an explicit bound, so a
 * malformed format string ends in one of CPython 3.12's ValueErrors, never
 * in a read past the end; recursion of nested format specs is bounded by
 * the same depth CPython allows (2).  Messages are 3.12's, word for word.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "strimpl.h"

#define SCH(o, i) str_char((o), (i))
#define SLEN(o) VAR_SIZE(o)

/* ---- the format-spec mini-language, str flavour ---------------------------------- */

typedef struct Spec {
    uint32_t fill, align;   /* align 0: default */
    uint32_t sign;          /* 0, '+', '-', ' ' */
    bool no_neg_0, alternate;
    Ssize width, precision; /* -1: absent */
    uint32_t thousands;     /* 0, ',' or '_' */
    uint32_t type;          /* 0: absent */
} Spec;

/* Digits (any Unicode decimal) at *pos; returns how many were read, -1 on
 * overflow (ValueError set). */
static Ssize spec_integer(Obj *s, Ssize *pos, Ssize end, Ssize *out)
{
    Ssize v = 0, n = 0;
    for (; *pos < end; (*pos)++, n++) {
        int d = ucd_decimal(SCH(s, *pos));
        if (d < 0) break;
        if (v > (SSIZE_MAX - d) / 10) {
            vm_err_set_str(&exc_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        v = v * 10 + d;
    }
    *out = v;
    return n;
}

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

static void thousands_error(uint32_t sep, uint32_t type)
{
    if (type > 32 && type < 128)
        vm_err_format(&exc_ValueError, "Cannot specify '%c' with '%c'.", (int)sep, (int)type);
    else
        vm_err_format(&exc_ValueError, "Cannot specify '%c' with '\\x%x'.", (int)sep, (unsigned)type);
}

static int parse_spec(Obj *spec, Obj *value, uint32_t default_align, Spec *f)
{
    Ssize pos = 0, end = SLEN(spec);
    bool fill_given = false, align_given = false;
    f->fill = ' ';
    f->align = default_align;
    f->sign = 0;
    f->no_neg_0 = f->alternate = false;
    f->width = f->precision = -1;
    f->thousands = 0;
    f->type = 0;
    if (end - pos >= 2 && is_align(SCH(spec, pos + 1))) {
        f->fill = SCH(spec, pos);
        f->align = SCH(spec, pos + 1);
        fill_given = align_given = true;
        pos += 2;
    } else if (end - pos >= 1 && is_align(SCH(spec, pos))) {
        f->align = SCH(spec, pos);
        align_given = true;
        pos++;
    }
    if (end - pos >= 1) {
        uint32_t c = SCH(spec, pos);
        if (c == '+' || c == '-' || c == ' ') { f->sign = c; pos++; }
    }
    if (end - pos >= 1 && SCH(spec, pos) == 'z') { f->no_neg_0 = true; pos++; }
    if (end - pos >= 1 && SCH(spec, pos) == '#') { f->alternate = true; pos++; }
    if (!fill_given && end - pos >= 1 && SCH(spec, pos) == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>') f->align = '=';
        pos++;
    }
    Ssize n = spec_integer(spec, &pos, end, &f->width);
    if (n < 0) return -1;
    if (n == 0) f->width = -1;
    if (end - pos >= 1 && SCH(spec, pos) == ',') { f->thousands = ','; pos++; }
    if (end - pos >= 1 && SCH(spec, pos) == '_') {
        if (f->thousands) goto both;
        f->thousands = '_';
        pos++;
    }
    if (end - pos >= 1 && SCH(spec, pos) == ',' && f->thousands == '_') goto both;
    if (end - pos >= 1 && SCH(spec, pos) == '.') {
        pos++;
        n = spec_integer(spec, &pos, end, &f->precision);
        if (n < 0) return -1;
        if (n == 0) {
            vm_err_set_str(&exc_ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (end - pos > 1) {
        vm_err_format(&exc_ValueError, "Invalid format specifier '%U' for object of type '%s'", spec,
                      OBJ_TYPE(value)->name);
        return -1;
    }
    if (end - pos == 1) f->type = SCH(spec, pos);
    if (f->thousands) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->thousands == '_') break;
            /* fall through */
        default:
            thousands_error(f->thousands, f->type);
            return -1;
        }
    }
    return 0;
both:
    vm_err_set_str(&exc_ValueError, "Cannot specify both ',' and '_'.");
    return -1;
}

/* Pad text (already cut to its length) to the spec's width. */
static Obj *pad_spec(Obj *text, Ssize len, const Spec *f)
{
    Ssize total = f->width > len ? f->width : len;
    Ssize left = 0;
    if (f->align == '>') left = total - len;
    else if (f->align == '^') left = (total - len) / 2;
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, total) < 0) return NULL;
    strb_pad(&b, f->fill, left);
    strb_put_str(&b, text, 0, len);
    strb_pad(&b, f->fill, total - len - left);
    return strb_finish(&b);
}

static Obj *format_str(Obj *value, Obj *spec)
{
    if (SLEN(spec) == 0) return IS_TYPE(value, str_type) ? INCREF(value) : obj_str(value);
    Spec f;
    if (parse_spec(spec, value, '<', &f) < 0) return NULL;
    uint32_t type = f.type ? f.type : 's';
    if (type != 's') {
        if (type > 32 && type < 128)
            vm_err_format(&exc_ValueError, "Unknown format code '%c' for object of type '%s'", (int)type,
                          OBJ_TYPE(value)->name);
        else
            vm_err_format(&exc_ValueError, "Unknown format code '\\x%x' for object of type '%s'",
                          (unsigned)type, OBJ_TYPE(value)->name);
        return NULL;
    }
    if (f.thousands) {
        thousands_error(f.thousands, type);
        return NULL;
    }
    if (f.sign) {
        vm_err_set_str(&exc_ValueError, f.sign == ' ' ? "Space not allowed in string format specifier"
                                                      : "Sign not allowed in string format specifier");
        return NULL;
    }
    if (f.no_neg_0) {
        vm_err_set_str(&exc_ValueError, "Negative zero coercion (z) not allowed in string format specifier");
        return NULL;
    }
    if (f.alternate) {
        vm_err_set_str(&exc_ValueError, "Alternate form (#) not allowed in string format specifier");
        return NULL;
    }
    if (f.align == '=') {
        vm_err_set_str(&exc_ValueError, "'=' alignment not allowed in string format specifier");
        return NULL;
    }
    Ssize len = SLEN(value);
    if (f.precision >= 0 && f.precision < len) len = f.precision;
    if (len == SLEN(value) && f.width <= len && IS_TYPE(value, str_type)) return INCREF(value);
    return pad_spec(value, len, &f);
}

Obj *str_format_spec(Obj *value, Obj *spec)
{
    if (STR_CHECK(value)) return format_str(value, spec);
    if (INT_CHECK(value) || type_is_subtype(OBJ_TYPE(value), &float_type) ||
        type_is_subtype(OBJ_TYPE(value), &complex_type))
        return num_format(value, spec);
    return obj_format(value, spec);
}

Obj *str_build(Obj *const *pieces, Ssize n)
{
    if (n == 1 && IS_TYPE(pieces[0], str_type)) return INCREF(pieces[0]);
    StrBuilder b = STRB_INIT;
    for (Ssize i = 0; i < n; i++)
        if (strb_put_obj(&b, pieces[i]) < 0) {
            strb_free(&b);
            return NULL;
        }
    return strb_finish(&b);
}

/* ---- str.format / str.format_map ------------------------------------------------------- */

typedef struct Fmt {
    Obj *const *args;   /* NULL for format_map: positional fields are errors */
    Ssize nargs;
    Obj *kwargs;        /* dict (format), mapping (format_map) or NULL */
    bool is_map;
    int numbering;      /* 0 unknown, 1 automatic, 2 manual */
    Ssize next_auto;
} Fmt;

static int render(Fmt *st, Obj *fmt, Ssize start, Ssize end, int depth, StrBuilder *out);

/* All-digit text -> its value; -2 when not all digits (or empty: -1);
 * -3 with ValueError on overflow. */
static Ssize field_integer(Obj *s, Ssize a, Ssize b)
{
    if (a >= b) return -1;
    Ssize v = 0;
    for (Ssize i = a; i < b; i++) {
        int d = ucd_decimal(SCH(s, i));
        if (d < 0) return -2;
        if (v > (SSIZE_MAX - d) / 10) {
            vm_err_set_str(&exc_ValueError, "Too many decimal digits in format string");
            return -3;
        }
        v = v * 10 + d;
    }
    return v;
}

/* Resolve field_name s[a:b] (arg_name then .attr / [key] parts). */
static Obj *get_field(Fmt *st, Obj *s, Ssize a, Ssize b)
{
    Ssize i = a;
    while (i < b && SCH(s, i) != '.' && SCH(s, i) != '[') i++;
    Ssize idx = field_integer(s, a, i);
    if (idx == -3) return NULL;
    Obj *obj;
    if (idx == -2) {
        Obj *key = str_substr(s, a, i);
        if (!key) return NULL;
        if (!st->kwargs) {
            vm_err_set_obj(&exc_KeyError, key);
            DECREF(key);
            return NULL;
        }
        if (st->is_map) obj = obj_getitem(st->kwargs, key);
        else {
            obj = dict_get_borrow(st->kwargs, key);
            if (obj) INCREF(obj);
            else if (!vm_err_occurred()) vm_err_set_obj(&exc_KeyError, key);
        }
        DECREF(key);
        if (!obj) return NULL;
    } else {
        if (idx == -1) {   /* empty: automatic numbering */
            if (st->numbering == 2) {
                vm_err_set_str(&exc_ValueError,
                               "cannot switch from manual field specification to automatic field numbering");
                return NULL;
            }
            st->numbering = 1;
            idx = st->next_auto++;
        } else {
            if (st->numbering == 1) {
                vm_err_set_str(&exc_ValueError,
                               "cannot switch from automatic field numbering to manual field specification");
                return NULL;
            }
            st->numbering = 2;
        }
        if (!st->args) {
            vm_err_set_str(&exc_ValueError, "Format string contains positional fields");
            return NULL;
        }
        if (idx >= st->nargs) {
            vm_err_format(&exc_IndexError, "Replacement index %zd out of range for positional args tuple", idx);
            return NULL;
        }
        obj = INCREF(st->args[idx]);
    }
    /* The rest: .name or [key], repeated. */
    while (i < b) {
        uint32_t c = SCH(s, i++);
        Obj *next;
        if (c == '.') {
            Ssize j = i;
            while (j < b && SCH(s, j) != '.' && SCH(s, j) != '[') j++;
            if (j == i) {
                vm_err_set_str(&exc_ValueError, "Empty attribute in format string");
                goto fail;
            }
            Obj *name = str_substr(s, i, j);
            if (!name) goto fail;
            next = obj_getattr(obj, name);
            DECREF(name);
            i = j;
        } else if (c == '[') {
            Ssize j = i;
            while (j < b && SCH(s, j) != ']') j++;
            if (j >= b) {
                vm_err_set_str(&exc_ValueError, "Missing ']' in format string");
                goto fail;
            }
            if (j == i) {
                vm_err_set_str(&exc_ValueError, "Empty attribute in format string");
                goto fail;
            }
            Ssize k = field_integer(s, i, j);
            if (k == -3) goto fail;
            Obj *key = k >= 0 ? int_from_i64(k) : str_substr(s, i, j);
            if (!key) goto fail;
            next = obj_getitem(obj, key);
            DECREF(key);
            i = j + 1;
            if (i < b && SCH(s, i) != '.' && SCH(s, i) != '[') {
                XDECREF(next);
                vm_err_set_str(&exc_ValueError, "Only '.' or '[' may follow ']' in format field specifier");
                goto fail;
            }
        } else {
            vm_err_set_str(&exc_ValueError, "Only '.' or '[' may follow ']' in format field specifier");
            goto fail;
        }
        DECREF(obj);
        if (!next) return NULL;
        obj = next;
    }
    return obj;
fail:
    DECREF(obj);
    return NULL;
}

/* One replacement field whose text starts after the '{' at *pos; on return
 * *pos is past the closing '}'. */
static int do_field(Fmt *st, Obj *s, Ssize *pos, Ssize end, int depth, StrBuilder *out)
{
    Ssize p = *pos, name_start = p;
    uint32_t c = 0;
    bool stopped = false;
    while (p < end) {
        c = SCH(s, p++);
        if (c == '{') {
            vm_err_set_str(&exc_ValueError, "unexpected '{' in field name");
            return -1;
        }
        if (c == '[') {
            while (p < end && SCH(s, p) != ']') p++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!') {
            stopped = true;
            break;
        }
    }
    Ssize name_end = stopped ? p - 1 : p;
    uint32_t conv = 0;
    Ssize spec_start = -1, spec_end = -1;
    bool spec_nested = false;
    if (stopped && (c == '!' || c == ':')) {
        bool need_spec = true;
        if (c == '!') {
            if (p >= end) {
                vm_err_set_str(&exc_ValueError, "end of string while looking for conversion specifier");
                return -1;
            }
            conv = SCH(s, p++);
            if (p < end) {
                uint32_t d = SCH(s, p++);
                if (d == '}') need_spec = false;
                else if (d != ':') {
                    vm_err_set_str(&exc_ValueError, "expected ':' after conversion specifier");
                    return -1;
                }
            }
        }
        if (need_spec) {
            spec_start = p;
            int count = 1;
            bool closed = false;
            while (p < end) {
                uint32_t d = SCH(s, p++);
                if (d == '{') { spec_nested = true; count++; }
                else if (d == '}' && --count == 0) { spec_end = p - 1; closed = true; break; }
            }
            if (!closed) {
                vm_err_set_str(&exc_ValueError, "unmatched '{' in format spec");
                return -1;
            }
        }
    } else if (!stopped || c != '}') {
        vm_err_set_str(&exc_ValueError, "expected '}' before end of string");
        return -1;
    }
    *pos = p;

    Obj *obj = get_field(st, s, name_start, name_end);
    if (!obj) return -1;
    if (conv) {
        Obj *t;
        switch (conv) {
        case 'r': t = obj_repr(obj); break;
        case 's': t = obj_str(obj); break;
        case 'a': t = obj_ascii(obj); break;
        default:
            if (conv > 32 && conv < 127)
                vm_err_format(&exc_ValueError, "Unknown conversion specifier %c", (int)conv);
            else
                vm_err_format(&exc_ValueError, "Unknown conversion specifier \\x%x", (unsigned)conv);
            t = NULL;
            break;
        }
        DECREF(obj);
        if (!t) return -1;
        obj = t;
    }
    Obj *spec;
    if (spec_start < 0) spec = str_empty();
    else if (spec_nested) {
        StrBuilder sb = STRB_INIT;
        if (render(st, s, spec_start, spec_end, depth - 1, &sb) < 0) {
            strb_free(&sb);
            DECREF(obj);
            return -1;
        }
        spec = strb_finish(&sb);
    } else {
        spec = str_substr(s, spec_start, spec_end);
    }
    if (!spec) {
        DECREF(obj);
        return -1;
    }
    Obj *r = obj_format(obj, spec);
    DECREF(obj);
    DECREF(spec);
    if (!r) return -1;
    int rc = strb_put_obj(out, r);
    DECREF(r);
    return rc;
}

static int render(Fmt *st, Obj *s, Ssize start, Ssize end, int depth, StrBuilder *out)
{
    if (depth <= 0) {
        vm_err_set_str(&exc_ValueError, "Max string recursion exceeded");
        return -1;
    }
    Ssize p = start;
    while (p < end) {
        Ssize lit = p;
        uint32_t c = 0;
        bool markup = false;
        while (p < end) {
            c = SCH(s, p++);
            if (c == '{' || c == '}') {
                markup = true;
                break;
            }
        }
        bool at_end = p >= end;
        Ssize litlen = p - lit;
        if (markup) {
            if (c == '}' && (at_end || SCH(s, p) != '}')) {
                vm_err_set_str(&exc_ValueError, "Single '}' encountered in format string");
                return -1;
            }
            if (at_end && c == '{') {
                vm_err_set_str(&exc_ValueError, "Single '{' encountered in format string");
                return -1;
            }
            if (SCH(s, p) == c) {   /* doubled brace: literal */
                p++;
                markup = false;
            } else {
                litlen--;
            }
        }
        if (strb_put_str(out, s, lit, lit + litlen) < 0) return -1;
        if (markup && do_field(st, s, &p, end, depth, out) < 0) return -1;
    }
    return 0;
}

Obj *str_format_method(Obj *fmt, Obj *const *args, Ssize nargs, Obj *kwargs)
{
    Fmt st = {args, nargs, kwargs, false, 0, 0};
    StrBuilder b = STRB_INIT;
    if (render(&st, fmt, 0, SLEN(fmt), 2, &b) < 0) {
        strb_free(&b);
        return NULL;
    }
    return strb_finish(&b);
}

Obj *str_format_map(Obj *fmt, Obj *mapping)
{
    Fmt st = {NULL, 0, mapping, true, 0, 0};
    StrBuilder b = STRB_INIT;
    if (render(&st, fmt, 0, SLEN(fmt), 2, &b) < 0) {
        strb_free(&b);
        return NULL;
    }
    return strb_finish(&b);
}

/* ---- printf-style formatting ------------------------------------------------------------- */

enum { F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16 };

typedef struct PctState {
    bool bytes;             /* b'…' % args: %s means bytes, %c a byte */
    Obj *args;              /* the right operand */
    Obj *const *items;      /* its items when a tuple */
    Ssize nitems;           /* -1: a single non-tuple argument */
    Ssize next;
    bool single_used;
    Obj *dict;              /* mapping for %(key)s, or NULL */
} PctState;

static Obj *next_arg(PctState *ps)
{
    if (ps->nitems < 0) {
        if (!ps->single_used) {
            ps->single_used = true;
            return ps->args;
        }
    } else if (ps->next < ps->nitems) {
        return ps->items[ps->next++];
    }
    vm_err_set_str(&exc_TypeError, "not enough arguments for format string");
    return NULL;
}

static bool number_like(Obj *v)
{
    NumberMethods *nm = OBJ_TYPE(v)->as_number;
    if (type_is_subtype(OBJ_TYPE(v), &complex_type) || type_is_subtype(OBJ_TYPE(v), &float_type)) return true;
    return nm && (nm->index || nm->int_ || nm->float_);
}

/* Append text with the padding of width/flags; `numeric` text starts with
 * an optional sign and prefix of `prefix_len` chars after which zeros go. */
static int put_with_width(StrBuilder *out, Obj *text, Ssize len, Ssize width, int flags, bool zero_ok,
                          Ssize prefix_len)
{
    if (width <= len) return strb_put_str(out, text, 0, len);
    Ssize padn = width - len;
    if (flags & F_LJUST) {
        if (strb_put_str(out, text, 0, len) < 0) return -1;
        return strb_pad(out, ' ', padn);
    }
    if (zero_ok && (flags & F_ZERO)) {
        if (strb_put_str(out, text, 0, prefix_len) < 0 || strb_pad(out, '0', padn) < 0) return -1;
        return strb_put_str(out, text, prefix_len, len);
    }
    if (strb_pad(out, ' ', padn) < 0) return -1;
    return strb_put_str(out, text, 0, len);
}

static int put_cstr_width(StrBuilder *out, const char *s, Ssize width, int flags, bool zero_ok, Ssize prefix_len)
{
    Obj *t = str_from_utf8(s, (Ssize)strlen(s));
    if (!t) return -1;
    int r = put_with_width(out, t, SLEN(t), width, flags, zero_ok, prefix_len);
    DECREF(t);
    return r;
}

/* %d %i %u %x %X %o of an int object (already converted). */
static int format_int(StrBuilder *out, Obj *iv, uint32_t conv, Ssize width, Ssize prec, int flags)
{
    mpz_t z;
    mpz_init(z);
    int_to_mpz(iv, z);
    bool neg = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    int base = conv == 'x' || conv == 'X' ? 16 : conv == 'o' ? 8 : 10;
    char *digits = mpz_get_str(NULL, base, z);
    mpz_clear(z);
    size_t nd = strlen(digits);
    if (conv == 'X')
        for (size_t i = 0; i < nd; i++)
            if (digits[i] >= 'a' && digits[i] <= 'f') digits[i] = (char)(digits[i] - 32);
    size_t zeros = prec > 0 && (size_t)prec > nd ? (size_t)prec - nd : 0;
    char *buf = malloc(nd + zeros + 8);
    if (!buf) {
        void (*freefn)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &freefn);
        freefn(digits, nd + 1);
        vm_err_no_memory();
        return -1;
    }
    size_t k = 0;
    if (neg) buf[k++] = '-';
    else if (flags & F_SIGN) buf[k++] = '+';
    else if (flags & F_BLANK) buf[k++] = ' ';
    if ((flags & F_ALT) && base != 10) {
        buf[k++] = '0';
        buf[k++] = (char)conv == 'X' ? 'X' : conv == 'x' ? 'x' : 'o';
    }
    size_t prefix = k;
    memset(buf + k, '0', zeros);
    k += zeros;
    memcpy(buf + k, digits, nd);
    k += nd;
    buf[k] = 0;
    {
        void (*freefn)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &freefn);
        freefn(digits, nd + 1);
    }
    int r = put_cstr_width(out, buf, width, flags, true, (Ssize)prefix);
    free(buf);
    return r;
}

/* %e %f %g %E %F %G of a double, as CPython (no "-nan", inf/nan spelt out). */
static int format_double(StrBuilder *out, double x, uint32_t conv, Ssize width, Ssize prec, int flags)
{
    if (prec < 0) prec = 6;
    char *buf;
    size_t cap = (size_t)prec + 400;
    buf = malloc(cap);
    if (!buf) {
        vm_err_no_memory();
        return -1;
    }
    const char *sign = signbit(x) ? "-" : (flags & F_SIGN) ? "+" : (flags & F_BLANK) ? " " : "";
    bool upper = conv == 'E' || conv == 'F' || conv == 'G';
    if (isinf(x) || isnan(x)) {
        if (isnan(x)) sign = (flags & F_SIGN) ? "+" : (flags & F_BLANK) ? " " : "";
        snprintf(buf, cap, "%s%s", sign, isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
    } else {
        char cf[16];
        snprintf(cf, sizeof cf, "%%%s%s.*%c", (flags & F_SIGN) ? "+" : (flags & F_BLANK) ? " " : "",
                 (flags & F_ALT) ? "#" : "", (char)conv);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
        snprintf(buf, cap, cf, (int)prec, x);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    }
    Ssize prefix = (buf[0] == '-' || buf[0] == '+' || buf[0] == ' ') ? 1 : 0;
    int r = put_cstr_width(out, buf, width, flags, true, prefix);
    free(buf);
    return r;
}

static int pct_float_value(Obj *v, double *out, bool bytes)
{
    if (type_is_subtype(OBJ_TYPE(v), &float_type)) {
        *out = float_value(v);
        return 0;
    }
    if (INT_CHECK(v)) {
        int ovf = 0;
        double d = int_as_double(v, &ovf);
        if (ovf) {
            vm_err_set_str(&exc_OverflowError, "int too large to convert to float");
            return -1;
        }
        *out = d;
        return 0;
    }
    NumberMethods *nm = OBJ_TYPE(v)->as_number;
    if (!nm || (!nm->float_ && !nm->index)) {
        vm_err_format(&exc_TypeError, bytes ? "float argument required, not %s" : "must be real number, not %s",
                      OBJ_TYPE(v)->name);
        return -1;
    }
    double d = float_as_double(v);
    if (d == -1.0 && vm_err_occurred()) return -1;
    *out = d;
    return 0;
}

/* %s / %r / %a / %b text of v: a str for str formatting, bytes for bytes. */
static Obj *pct_text(PctState *ps, Obj *v, uint32_t conv)
{
    if (!ps->bytes) {
        if (conv == 's') return obj_str(v);
        if (conv == 'r') return obj_repr(v);
        return obj_ascii(v);
    }
    if (conv == 'r' || conv == 'a') {
        Obj *a = obj_ascii(v);
        if (!a) return NULL;
        Obj *b = bytes_from(STR_DATA(a), SLEN(a));
        DECREF(a);
        return b;
    }
    const unsigned char *p;
    Ssize n;
    if (bytes_like_check(v)) {
        if (bytes_view(v, &p, &n, NULL) < 0) return NULL;
        return bytes_from(p, n);
    }
    Obj *r;
    Obj *meth = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(v), id_str("__bytes__"), &meth) < 0) return NULL;
    if (meth && !STR_CHECK(v)) {
        DECREF(meth);
        r = obj_call_method(v, "__bytes__", NULL, 0);
        if (r && !BYTES_CHECK(r)) {
            vm_err_format(&exc_TypeError, "__bytes__ returned non-bytes (type %s)", OBJ_TYPE(r)->name);
            DECREF(r);
            return NULL;
        }
        return r;
    }
    XDECREF(meth);
    vm_err_format(&exc_TypeError,
                  "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'",
                  OBJ_TYPE(v)->name);
    return NULL;
}

static int pct_one(PctState *ps, StrBuilder *out, Obj *v, uint32_t conv, Ssize width, Ssize prec, int flags,
                   Obj *fmt, Ssize conv_at)
{
    switch (conv) {
    case 's': case 'r': case 'a': case 'b': {
        if (conv == 'b' && !ps->bytes) break;
        Obj *t = pct_text(ps, v, conv == 'b' ? 's' : conv);
        if (!t) return -1;
        int r;
        if (ps->bytes) {
            /* bytes become code points 0..255 in the builder */
            Obj *ts = str_from_latin1(BYTES_DATA(t), VAR_SIZE(t));
            DECREF(t);
            if (!ts) return -1;
            t = ts;
        }
        Ssize len = SLEN(t);
        if (prec >= 0 && prec < len) len = prec;
        r = put_with_width(out, t, len, width, flags, false, 0);
        DECREF(t);
        return r;
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
        Obj *iv;
        bool hexoct = conv == 'x' || conv == 'X' || conv == 'o';
        if (INT_CHECK(v)) iv = INCREF(v);
        else {
            if (!number_like(v)) iv = NULL;
            else if (hexoct) iv = num_index(v);
            else if (type_is_subtype(OBJ_TYPE(v), &float_type)) iv = int_from_double(float_value(v));
            else iv = obj_call((Obj *)&int_type, &v, 1, NULL);
            if (!iv && (!vm_err_occurred() || vm_err_matches(&exc_TypeError))) {
                vm_err_clear();
                /* bytes formatting turns %i into %d before it gets here */
                int shown = ps->bytes && conv == 'i' ? 'd' : (int)conv;
                if (hexoct)
                    vm_err_format(&exc_TypeError, "%%%c format: an integer is required, not %s", shown,
                                  OBJ_TYPE(v)->name);
                else
                    vm_err_format(&exc_TypeError, "%%%c format: a real number is required, not %s", shown,
                                  OBJ_TYPE(v)->name);
                return -1;
            }
            if (!iv) return -1;
        }
        int r = format_int(out, iv, conv == 'i' || conv == 'u' ? 'd' : conv, width, prec, flags);
        DECREF(iv);
        return r;
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        double x;
        if (pct_float_value(v, &x, ps->bytes) < 0) return -1;
        return format_double(out, x, conv, width, prec, flags);
    }
    case 'c': {
        uint32_t c;
        if (ps->bytes) {
            if (BYTES_CHECK(v) && VAR_SIZE(v) == 1) c = BYTES_DATA(v)[0];
            else if (IS_TYPE(v, bytearray_type) && VAR_SIZE(v) == 1) c = ((ByteArrayObj *)v)->data[0];
            else if (INT_CHECK(v) || (OBJ_TYPE(v)->as_number && OBJ_TYPE(v)->as_number->index)) {
                Obj *iv = num_index(v);
                if (!iv) return -1;
                int64_t x;
                int ok = int_as_i64(iv, &x);
                DECREF(iv);
                if (ok < 0 || x < 0 || x > 255) {
                    vm_err_clear();
                    vm_err_set_str(&exc_OverflowError, "%c arg not in range(256)");
                    return -1;
                }
                c = (uint32_t)x;
            } else {
                vm_err_set_str(&exc_TypeError, "%c requires an integer in range(256) or a single byte");
                return -1;
            }
        } else if (STR_CHECK(v)) {
            if (SLEN(v) != 1) {
                vm_err_set_str(&exc_TypeError, "%c requires int or char");
                return -1;
            }
            c = SCH(v, 0);
        } else if (INT_CHECK(v)) {
            int64_t x;
            if (int_as_i64(v, &x) < 0 || x < 0 || x > 0x10ffff) {
                vm_err_clear();
                vm_err_set_str(&exc_OverflowError, "%c arg not in range(0x110000)");
                return -1;
            }
            c = (uint32_t)x;
        } else {
            vm_err_set_str(&exc_TypeError, "%c requires int or char");
            return -1;
        }
        Obj *t = str_from_char(c);
        if (!t) return -1;
        int r = put_with_width(out, t, 1, width, flags, false, 0);
        DECREF(t);
        return r;
    }
    default:
        break;
    }
    (void)fmt;
    /* 3.12 shows printable ASCII as is and '?' for the rest; the bytes
     * version passes a C char, so control characters appear raw and bytes
     * >= 0x80 overflow the %c of the message. */
    if (ps->bytes && conv >= 128) {
        vm_err_set_str(&exc_OverflowError, "character argument not in range(0x110000)");
        return -1;
    }
    uint32_t shown = ps->bytes || (conv >= 32 && conv < 127) ? conv : '?';
    Obj *msg = str_from_fmt("unsupported format character '%c' (0x%x) at index %zd", (int)shown, (unsigned)conv,
                            conv_at);
    if (msg) {
        vm_err_set_obj(&exc_ValueError, msg);
        DECREF(msg);
    }
    return -1;
}

/* Width/precision from '*': an int argument. */
static int star_arg(PctState *ps, Ssize *out, bool is_prec)
{
    Obj *v = next_arg(ps);
    if (!v) return -1;
    if (!INT_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "* wants int");
        return -1;
    }
    int64_t x;
    if (int_as_i64(v, &x) < 0 || (is_prec && (x > INT_MAX || x < INT_MIN))) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, is_prec ? "Python int too large to convert to C int"
                                                   : "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (Ssize)x;
    return 0;
}

/* The engine: fmt is a str (code points; for bytes formatting, the bytes
 * as latin-1).  Output collects code points < 256 in the bytes case. */
static int pct_engine(PctState *ps, Obj *fmt, StrBuilder *out)
{
    Obj *args = ps->args;
    if (TUPLE_CHECK(args)) {
        ps->items = TUPLE_ITEMS(args);
        ps->nitems = TUPLE_LEN(args);
    } else {
        ps->items = NULL;
        ps->nitems = -1;
    }
    ps->next = 0;
    ps->single_used = false;
    ps->dict = NULL;
    if (!TUPLE_CHECK(args) && !STR_CHECK(args) && OBJ_TYPE(args)->as_mapping &&
        OBJ_TYPE(args)->as_mapping->subscript && !(ps->bytes && (BYTES_CHECK(args) || IS_TYPE(args, bytearray_type))))
        ps->dict = args;
    Ssize n = SLEN(fmt), i = 0;
    while (i < n) {
        Ssize j = i;
        while (j < n && SCH(fmt, j) != '%') j++;
        if (strb_put_str(out, fmt, i, j) < 0) return -1;
        if (j >= n) break;
        i = j + 1;
        if (i < n && SCH(fmt, i) == '%') {
            if (strb_putc(out, '%') < 0) return -1;
            i++;
            continue;
        }
        Obj *v = NULL, *keyed = NULL;
        if (i < n && SCH(fmt, i) == '(') {
            if (!ps->dict) {
                vm_err_set_str(&exc_TypeError, "format requires a mapping");
                return -1;
            }
            Ssize ks = ++i;
            int depth = 1;
            while (i < n) {
                uint32_t c = SCH(fmt, i);
                if (c == ')' && --depth == 0) break;
                if (c == '(') depth++;
                i++;
            }
            if (i >= n) {
                vm_err_set_str(&exc_ValueError, "incomplete format key");
                return -1;
            }
            Obj *key;
            if (ps->bytes) {
                Obj *ks_str = str_substr(fmt, ks, i);
                key = ks_str ? str_encode(ks_str, "latin-1", NULL) : NULL;
                XDECREF(ks_str);
            } else {
                key = str_substr(fmt, ks, i);
            }
            i++;
            if (!key) return -1;
            keyed = obj_getitem(ps->dict, key);
            DECREF(key);
            if (!keyed) return -1;
            /* a keyed conversion takes no positional argument */
            ps->nitems = -1;
            ps->single_used = true;
            v = keyed;
        }
        int flags = 0;
        while (i < n) {
            uint32_t c = SCH(fmt, i);
            if (c == '-') flags |= F_LJUST;
            else if (c == '+') flags |= F_SIGN;
            else if (c == ' ') flags |= F_BLANK;
            else if (c == '#') flags |= F_ALT;
            else if (c == '0') flags |= F_ZERO;
            else break;
            i++;
        }
        Ssize width = -1, prec = -1;
        if (i < n && SCH(fmt, i) == '*') {
            if (star_arg(ps, &width, false) < 0) goto fail;
            if (width < 0) {
                flags |= F_LJUST;
                width = -width;
            }
            i++;
        } else {
            while (i < n && SCH(fmt, i) >= '0' && SCH(fmt, i) <= '9') {
                int d = (int)(SCH(fmt, i) - '0');
                if (width < 0) width = 0;
                if (width > (SSIZE_MAX - d) / 10) {
                    vm_err_set_str(&exc_ValueError, "width too big");
                    goto fail;
                }
                width = width * 10 + d;
                i++;
            }
        }
        if (i < n && SCH(fmt, i) == '.') {
            i++;
            prec = 0;
            if (i < n && SCH(fmt, i) == '*') {
                if (star_arg(ps, &prec, true) < 0) goto fail;
                if (prec < 0) prec = 0;
                i++;
            } else {
                while (i < n && SCH(fmt, i) >= '0' && SCH(fmt, i) <= '9') {
                    int d = (int)(SCH(fmt, i) - '0');
                    if (prec > (INT_MAX - d) / 10) {
                        vm_err_set_str(&exc_ValueError, "precision too big");
                        goto fail;
                    }
                    prec = prec * 10 + d;
                    i++;
                }
            }
        }
        while (i < n && (SCH(fmt, i) == 'h' || SCH(fmt, i) == 'l' || SCH(fmt, i) == 'L')) i++;
        if (i >= n) {
            vm_err_set_str(&exc_ValueError, "incomplete format");
            goto fail;
        }
        uint32_t conv = SCH(fmt, i);
        Ssize conv_at = i;
        i++;
        if (!v) {
            v = next_arg(ps);
            if (!v) goto fail;
        }
        if (pct_one(ps, out, v, conv, width, prec, flags, fmt, conv_at) < 0) goto fail;
        XDECREF(keyed);
        continue;
    fail:
        XDECREF(keyed);
        return -1;
    }
    if (!ps->dict && ((ps->nitems >= 0 && ps->next < ps->nitems) || (ps->nitems < 0 && !ps->single_used))) {
        vm_err_set_str(&exc_TypeError, ps->bytes ? "not all arguments converted during bytes formatting"
                                                 : "not all arguments converted during string formatting");
        return -1;
    }
    return 0;
}

Obj *str_percent_format(Obj *fmt, Obj *args)
{
    PctState ps = {0};
    ps.bytes = false;
    ps.args = args;
    StrBuilder b = STRB_INIT;
    if (pct_engine(&ps, fmt, &b) < 0) {
        strb_free(&b);
        return NULL;
    }
    return strb_finish(&b);
}

Obj *bytes_percent_format(const unsigned char *p, Ssize n, Obj *args)
{
    Obj *fmt = str_from_latin1(p, n);
    if (!fmt) return NULL;
    PctState ps = {0};
    ps.bytes = true;
    ps.args = args;
    StrBuilder b = STRB_INIT;
    int r = pct_engine(&ps, fmt, &b);
    DECREF(fmt);
    if (r < 0) {
        strb_free(&b);
        return NULL;
    }
    unsigned char *buf = malloc((size_t)b.len + 1);
    if (!buf) {
        strb_free(&b);
        vm_err_no_memory();
        return NULL;
    }
    for (Ssize i = 0; i < b.len; i++) buf[i] = (unsigned char)b.buf[i];
    Obj *res = bytes_from(buf, b.len);
    free(buf);
    strb_free(&b);
    return res;
}

/* mod_binascii.c — the `binascii` module of CPython 3.12.
 *
 * hexlify/b2a_hex (with sep and bytes_per_sep, through bytes.hex, which is
 * the same routine in CPython), unhexlify/a2b_hex, b2a_base64/a2b_base64
 * (strict_mode with each of CPython's messages), crc32 (zlib's), crc_hqx,
 * a2b_uu/b2a_uu, a2b_qp/b2a_qp, and the Error (ValueError) and Incomplete
 * exceptions.  mod_base64.c builds on the codecs
 * here (binasciiint.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "src/native/binasciiint.h"
#include "src/native/modhelp.h"
#include "src/native/modutil.h"

static Obj *error_cls, *incomplete_cls;

static int binascii_classes(void)
{
    if (!error_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_ValueError);
        error_cls = bases ? mu_class_new("Error", "binascii", bases, NULL) : NULL;
        XDECREF(bases);
        if (!error_cls) return -1;
    }
    if (!incomplete_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        incomplete_cls = bases ? mu_class_new("Incomplete", "binascii", bases, NULL) : NULL;
        XDECREF(bases);
        if (!incomplete_cls) return -1;
    }
    return 0;
}

Obj *binascii_error_class(void)
{
    return binascii_classes() < 0 ? NULL : error_cls;
}

void binascii_raise(const char *msg)
{
    Obj *cls = binascii_error_class();
    if (cls) vm_err_set_str((TypeObj *)cls, msg);
}

/* ---- argument data --------------------------------------------------------------------- */

static bool is_buffer(Obj *o)
{
    return BYTES_CHECK(o) || type_is_subtype(OBJ_TYPE(o), &bytearray_type) ||
           type_is_subtype(OBJ_TYPE(o), &memoryview_type) ||
           strcmp(OBJ_TYPE(o)->name, "array.array") == 0;
}

static Obj *buffer_copy(Obj *o)
{
    if (IS_TYPE(o, bytes_type)) return INCREF(o);
    if (BYTES_CHECK(o)) return bytes_from(BYTES_DATA(o), VAR_SIZE(o));
    if (type_is_subtype(OBJ_TYPE(o), &bytearray_type))
        return bytes_from(((ByteArrayObj *)o)->data, VAR_SIZE(o));
    return obj_call((Obj *)&bytes_type, &o, 1, NULL);
}

Obj *binascii_bytes_data(Obj *o)
{
    if (is_buffer(o)) return buffer_copy(o);
    vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(o)));
    return NULL;
}

Obj *binascii_ascii_data(Obj *o)
{
    if (STR_CHECK(o)) {
        if (!((StrObj *)o)->ascii) {
            vm_err_set_str(&exc_ValueError, "string argument should contain only ASCII characters");
            return NULL;
        }
        Ssize n;
        const char *p = str_utf8(o, &n);
        return p ? bytes_from(p, n) : NULL;
    }
    if (is_buffer(o)) return buffer_copy(o);
    vm_err_format(&exc_TypeError, "argument should be bytes, buffer or ASCII string, not '%s'",
                  type_name(OBJ_TYPE(o)));
    return NULL;
}

/* ---- base64 ------------------------------------------------------------------------------ */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

Obj *binascii_b64encode(const unsigned char *p, Ssize n, bool newline)
{
    if (n > ((Ssize)1 << 34)) {
        vm_err_no_memory();
        return NULL;
    }
    Ssize outn = (n + 2) / 3 * 4 + (newline ? 1 : 0);
    unsigned char *out = xmalloc((size_t)outn + 1), *q = out;
    Ssize i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *q++ = (unsigned char)b64_alphabet[v >> 18];
        *q++ = (unsigned char)b64_alphabet[(v >> 12) & 63];
        *q++ = (unsigned char)b64_alphabet[(v >> 6) & 63];
        *q++ = (unsigned char)b64_alphabet[v & 63];
    }
    if (n - i == 1) {
        *q++ = (unsigned char)b64_alphabet[p[i] >> 2];
        *q++ = (unsigned char)b64_alphabet[(p[i] & 3) << 4];
        *q++ = '=';
        *q++ = '=';
    } else if (n - i == 2) {
        *q++ = (unsigned char)b64_alphabet[p[i] >> 2];
        *q++ = (unsigned char)b64_alphabet[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
        *q++ = (unsigned char)b64_alphabet[(p[i + 1] & 15) << 2];
        *q++ = '=';
    }
    if (newline) *q++ = '\n';
    Obj *r = bytes_from(out, q - out);
    free(out);
    return r;
}

/* a2b_base64: non-alphabet characters are skipped unless strict; a complete
 * pad sequence ends the data. */
Obj *binascii_b64decode(const unsigned char *p, Ssize n, bool strict)
{
    unsigned char *out = xmalloc((size_t)(n / 4 * 3 + 3)), *q = out;
    const char *err = NULL;
    int quad_pos = 0, pads = 0;
    unsigned leftchar = 0;
    bool padding_started = false;
    if (strict && n > 0 && p[0] == '=') {
        err = "Leading padding not allowed";
        goto fail;
    }
    for (Ssize i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '=') {
            padding_started = true;
            if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
                if (strict && i + 1 < n) {
                    err = "Excess data after padding";
                    goto fail;
                }
                goto done;
            }
            continue;
        }
        int v = b64_value(c);
        if (v < 0) {
            if (strict) {
                err = "Only base64 data is allowed";
                goto fail;
            }
            continue;
        }
        if (strict && padding_started) {
            err = "Discontinuous padding not allowed";
            goto fail;
        }
        pads = 0;
        switch (quad_pos) {
        case 0:
            quad_pos = 1;
            leftchar = (unsigned)v;
            break;
        case 1:
            quad_pos = 2;
            *q++ = (unsigned char)((leftchar << 2) | ((unsigned)v >> 4));
            leftchar = (unsigned)v & 0x0f;
            break;
        case 2:
            quad_pos = 3;
            *q++ = (unsigned char)((leftchar << 4) | ((unsigned)v >> 2));
            leftchar = (unsigned)v & 0x03;
            break;
        default:
            quad_pos = 0;
            *q++ = (unsigned char)((leftchar << 6) | (unsigned)v);
            leftchar = 0;
            break;
        }
    }
    if (quad_pos == 1) {
        Obj *cls = binascii_error_class();
        if (cls)
            vm_err_format((TypeObj *)cls,
                          "Invalid base64-encoded string: number of data characters (%zd) cannot "
                          "be 1 more than a multiple of 4",
                          (q - out) / 3 * 4 + 1);
        free(out);
        return NULL;
    }
    if (quad_pos != 0) {
        err = "Incorrect padding";
        goto fail;
    }
done:;
    Obj *r = bytes_from(out, q - out);
    free(out);
    return r;
fail:
    free(out);
    binascii_raise(err);
    return NULL;
}

/* ---- hex ---------------------------------------------------------------------------------- */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Obj *binascii_unhex(const unsigned char *p, Ssize n)
{
    if (n % 2) {
        binascii_raise("Odd-length string");
        return NULL;
    }
    unsigned char *out = xmalloc((size_t)n / 2 + 1);
    for (Ssize i = 0; i < n; i += 2) {
        int hi = hex_value(p[i]), lo = hex_value(p[i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            binascii_raise("Non-hexadecimal digit found");
            return NULL;
        }
        out[i / 2] = (unsigned char)(hi << 4 | lo);
    }
    Obj *r = bytes_from(out, n / 2);
    free(out);
    return r;
}

/* ---- module functions ------------------------------------------------------------------ */

static Obj *hexlify_common(const char *fname, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"data", "sep", "bytes_per_sep"};
    Obj *v[3];
    if (args_parse(fname, args, nargs, kw, names, 3, 0, 1, v) < 0) return NULL;
    Obj *data = binascii_bytes_data(v[0]);
    if (!data) return NULL;
    Obj *hargs[2] = {v[1], v[2]};
    Ssize hn = v[2] ? 2 : v[1] ? 1 : 0;
    if (v[2] && !v[1]) {
        /* bytes_per_sep without sep: no separator is inserted */
        hn = 0;
    }
    Obj *s = obj_call_method(data, "hex", hargs, hn);
    DECREF(data);
    if (!s) return NULL;
    Ssize len;
    const char *u = str_utf8(s, &len);
    Obj *r = u ? bytes_from(u, len) : NULL;
    DECREF(s);
    return r;
}

static Obj *f_hexlify(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    return hexlify_common("hexlify", a, n, kw);
}

static Obj *f_b2a_hex(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    return hexlify_common("b2a_hex", a, n, kw);
}

static Obj *unhex_common(const char *qual, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg(qual, n, kw) < 0) return NULL;
    Obj *data = binascii_ascii_data(a[0]);
    if (!data) return NULL;
    Obj *r = binascii_unhex(BYTES_DATA(data), VAR_SIZE(data));
    DECREF(data);
    return r;
}

static Obj *f_unhexlify(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    return unhex_common("binascii.unhexlify", a, n, kw);
}

static Obj *f_a2b_hex(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    return unhex_common("binascii.a2b_hex", a, n, kw);
}

/* One positional argument and one keyword-only flag, as Argument Clinic
 * checks them. */
static int parse_data_flag(const char *fname, const char *flag, Obj *const *a, Ssize n, Obj *kw,
                           Obj **data, int *value)
{
    if (n > 1) {
        vm_err_format(&exc_TypeError, "%s() takes exactly 1 positional argument (%zd given)", fname, n);
        return -1;
    }
    const char *const names[] = {"data", flag};
    Obj *v[2];
    if (args_parse(fname, a, n, kw, names, 2, 1, 1, v) < 0) return -1;
    *data = v[0];
    if (v[1]) {
        int t = obj_is_true(v[1]);
        if (t < 0) return -1;
        *value = t;
    }
    return 0;
}

static Obj *f_b2a_base64(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    Obj *arg;
    int newline = 1;
    if (parse_data_flag("b2a_base64", "newline", a, n, kw, &arg, &newline) < 0) return NULL;
    Obj *data = binascii_bytes_data(arg);
    if (!data) return NULL;
    Obj *r = binascii_b64encode(BYTES_DATA(data), VAR_SIZE(data), newline);
    DECREF(data);
    return r;
}

static Obj *f_a2b_base64(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    Obj *arg;
    int strict = 0;
    if (parse_data_flag("a2b_base64", "strict_mode", a, n, kw, &arg, &strict) < 0) return NULL;
    Obj *data = binascii_ascii_data(arg);
    if (!data) return NULL;
    Obj *r = binascii_b64decode(BYTES_DATA(data), VAR_SIZE(data), strict);
    DECREF(data);
    return r;
}

/* An "unsigned int, bitwise" argument: the low 32 bits of any int. */
static int arg_uint_mask(Obj *o, uint32_t *out)
{
    if (STR_CHECK(o) || !index_check(o)) {
        if (IS_TYPE(o, float_type))
            vm_err_set_str(&exc_TypeError, "'float' object cannot be interpreted as an integer");
        else
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(o)));
        return -1;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    mpz_t z;
    mpz_init(z);
    int_to_mpz(i, z);
    mpz_fdiv_r_2exp(z, z, 32);
    *out = (uint32_t)mpz_get_ui(z);
    mpz_clear(z);
    DECREF(i);
    return 0;
}

static Obj *f_crc32(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (mh_pos_args("binascii.crc32", "crc32", n, kw, 1, 2) < 0) return NULL;
    Obj *data = binascii_bytes_data(a[0]);
    if (!data) return NULL;
    uint32_t crc = 0;
    if (n > 1 && arg_uint_mask(a[1], &crc) < 0) {
        DECREF(data);
        return NULL;
    }
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data);
    uLong c = crc;
    while (len > 0) {
        uInt chunk = len > (Ssize)0x40000000 ? 0x40000000u : (uInt)len;
        c = crc32(c, p, chunk);
        p += chunk;
        len -= chunk;
    }
    DECREF(data);
    return int_from_u64((uint64_t)(c & 0xffffffffu));
}

static Obj *f_crc_hqx(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (mh_pos_args("binascii.crc_hqx", "crc_hqx", n, kw, 2, 2) < 0) return NULL;
    Obj *data = binascii_bytes_data(a[0]);
    if (!data) return NULL;
    uint32_t crc;
    if (arg_uint_mask(a[1], &crc) < 0) {
        DECREF(data);
        return NULL;
    }
    crc &= 0xffff;
    const unsigned char *p = BYTES_DATA(data);
    for (Ssize i = 0; i < VAR_SIZE(data); i++) {
        crc ^= (uint32_t)p[i] << 8;
        for (int b = 0; b < 8; b++) crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    DECREF(data);
    return int_from_i64(crc);
}

/* ---- uuencode ---------------------------------------------------------------------------- */

static Obj *f_b2a_uu(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    Obj *arg;
    int backtick = 0;
    if (parse_data_flag("b2a_uu", "backtick", a, n, kw, &arg, &backtick) < 0) return NULL;
    Obj *data = binascii_bytes_data(arg);
    if (!data) return NULL;
    Ssize len = VAR_SIZE(data);
    if (len > 45) {
        DECREF(data);
        binascii_raise("At most 45 bytes at once");
        return NULL;
    }
    const unsigned char *p = BYTES_DATA(data);
    unsigned char out[2 + 60 + 1], *q = out;
    *q++ = backtick && !len ? '`' : (unsigned char)(' ' + len);
    unsigned leftchar = 0;
    int leftbits = 0;
    for (Ssize left = len; left > 0 || leftbits != 0; left--, p++) {
        leftchar = (leftchar << 8) | (left > 0 ? *p : 0);
        leftbits += 8;
        while (leftbits >= 6) {
            unsigned ch = (leftchar >> (leftbits - 6)) & 0x3f;
            leftbits -= 6;
            *q++ = backtick && !ch ? '`' : (unsigned char)(ch + ' ');
        }
        leftchar &= (1u << leftbits) - 1;
    }
    *q++ = '\n';
    DECREF(data);
    return bytes_from(out, q - out);
}

static Obj *f_a2b_uu(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (mh_one_arg("binascii.a2b_uu", n, kw) < 0) return NULL;
    Obj *data = binascii_ascii_data(a[0]);
    if (!data) return NULL;
    /* the length byte is read even from empty input (its NUL terminator),
     * as CPython reads it */
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data);
    Ssize bin_len = (Ssize)(((unsigned)*p++ - ' ') & 077);
    len--;
    unsigned char out[64], *q = out;
    unsigned leftchar = 0;
    int leftbits = 0;
    const char *err = NULL;
    for (; bin_len > 0; len--, p++) {
        unsigned ch = len > 0 ? *p : 0;
        if (ch == '\n' || ch == '\r' || len <= 0) {
            ch = 0;
        } else {
            if (ch < ' ' || ch > ' ' + 64) {
                err = "Illegal char";
                break;
            }
            ch = (ch - ' ') & 077;
        }
        leftchar = (leftchar << 6) | ch;
        leftbits += 6;
        if (leftbits >= 8) {
            leftbits -= 8;
            *q++ = (unsigned char)((leftchar >> leftbits) & 0xff);
            leftchar &= (1u << leftbits) - 1;
            bin_len--;
        }
    }
    while (!err && len-- > 0) {
        unsigned ch = *p++;
        if (ch != ' ' && ch != ' ' + 64 && ch != '\n' && ch != '\r') err = "Trailing garbage";
    }
    DECREF(data);
    if (err) {
        binascii_raise(err);
        return NULL;
    }
    return bytes_from(out, q - out);
}

/* ---- quoted-printable ------------------------------------------------------------------ */

static Obj *f_a2b_qp(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"data", "header"};
    Obj *v[2];
    if (args_parse("a2b_qp", a, n, kw, names, 2, 0, 1, v) < 0) return NULL;
    int header = 0;
    if (v[1] && (header = obj_is_true(v[1])) < 0) return NULL;
    Obj *data = binascii_ascii_data(v[0]);
    if (!data) return NULL;
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data), in = 0, out = 0;
    unsigned char *o = xmalloc((size_t)len + 1);
    while (in < len) {
        if (p[in] == '=') {
            in++;
            if (in >= len) break;
            if (p[in] == '\n' || p[in] == '\r') {
                /* soft line break: skip to the end of the line */
                if (p[in] != '\n')
                    while (in < len && p[in] != '\n') in++;
                if (in < len) in++;
            } else if (p[in] == '=') {
                o[out++] = '=';
                in++;
            } else if (in + 1 < len && hex_value(p[in]) >= 0 && hex_value(p[in + 1]) >= 0) {
                o[out++] = (unsigned char)(hex_value(p[in]) << 4 | hex_value(p[in + 1]));
                in += 2;
            } else {
                o[out++] = '=';
            }
        } else if (header && p[in] == '_') {
            o[out++] = ' ';
            in++;
        } else {
            o[out++] = p[in++];
        }
    }
    Obj *r = bytes_from(o, out);
    free(o);
    DECREF(data);
    return r;
}

#define QP_MAXLINESIZE 76

static void qp_hex(SBuf *b, unsigned char c)
{
    static const char digits[] = "0123456789ABCDEF";
    sbuf_putc(b, digits[c >> 4]);
    sbuf_putc(b, digits[c & 15]);
}

static Obj *f_b2a_qp(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"data", "quotetabs", "istext", "header"};
    Obj *v[4];
    if (args_parse("b2a_qp", a, n, kw, names, 4, 0, 1, v) < 0) return NULL;
    int quotetabs = 0, istext = 1, header = 0;
    if ((v[1] && (quotetabs = obj_is_true(v[1])) < 0) || (v[2] && (istext = obj_is_true(v[2])) < 0) ||
        (v[3] && (header = obj_is_true(v[3])) < 0))
        return NULL;
    Obj *data = binascii_bytes_data(v[0]);
    if (!data) return NULL;
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data), in = 0;
    /* the first line end decides whether every line ends in CRLF */
    const unsigned char *nl = memchr(p, '\n', (size_t)len);
    bool crlf = nl && nl > p && nl[-1] == '\r';
    SBuf b = SBUF_INIT;
    unsigned linelen = 0;
    while (in < len) {
        unsigned char c = p[in];
        bool quote = c > 126 || c == '=' || (header && c == '_') ||
                     (c == '.' && linelen == 0 &&
                      (in + 1 == len || p[in + 1] == '\n' || p[in + 1] == '\r' || p[in + 1] == 0)) ||
                     (!istext && (c == '\r' || c == '\n')) ||
                     ((c == '\t' || c == ' ') && in + 1 == len) ||
                     (c < 33 && c != '\r' && c != '\n' && (quotetabs || (c != '\t' && c != ' ')));
        if (quote) {
            if (linelen + 3 >= QP_MAXLINESIZE) {
                sbuf_putc(&b, '=');
                if (crlf) sbuf_putc(&b, '\r');
                sbuf_putc(&b, '\n');
                linelen = 0;
            }
            sbuf_putc(&b, '=');
            qp_hex(&b, c);
            in++;
            linelen += 3;
        } else if (istext && (c == '\n' || (in + 1 < len && c == '\r' && p[in + 1] == '\n'))) {
            linelen = 0;
            /* white space before a line end is quoted */
            if (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t')) {
                unsigned char ch = (unsigned char)b.data[b.len - 1];
                b.data[b.len - 1] = '=';
                qp_hex(&b, ch);
            }
            if (crlf) sbuf_putc(&b, '\r');
            sbuf_putc(&b, '\n');
            in += c == '\r' ? 2 : 1;
        } else {
            if (in + 1 != len && p[in + 1] != '\n' && linelen + 1 >= QP_MAXLINESIZE) {
                sbuf_putc(&b, '=');
                if (crlf) sbuf_putc(&b, '\r');
                sbuf_putc(&b, '\n');
                linelen = 0;
            }
            linelen++;
            if (header && c == ' ') sbuf_putc(&b, '_');
            else sbuf_putc(&b, (char)c);
            in++;
        }
    }
    Obj *r = bytes_from(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    DECREF(data);
    return r;
}

static const MethodDef binascii_functions[] = {
    {"a2b_base64", f_a2b_base64, METH_FAST, "Decode a line of base64 data."},
    {"b2a_base64", f_b2a_base64, METH_FAST, "Base64-code line of data."},
    {"a2b_hex", f_a2b_hex, METH_FAST, "Binary data of hexadecimal representation."},
    {"b2a_hex", f_b2a_hex, METH_FAST, "Hexadecimal representation of binary data."},
    {"hexlify", f_hexlify, METH_FAST, "Hexadecimal representation of binary data."},
    {"unhexlify", f_unhexlify, METH_FAST, "Binary data of hexadecimal representation."},
    {"crc32", f_crc32, METH_FAST, "Compute CRC-32 incrementally."},
    {"crc_hqx", f_crc_hqx, METH_FAST, "Compute CRC-CCITT incrementally."},
    {"a2b_uu", f_a2b_uu, METH_FAST, "Decode a line of uuencoded data."},
    {"b2a_uu", f_b2a_uu, METH_FAST, "Uuencode line of data."},
    {"a2b_qp", f_a2b_qp, METH_FAST, "Decode a string of qp-encoded data."},
    {"b2a_qp", f_b2a_qp, METH_FAST, "Encode a string using quoted-printable encoding."},
    {NULL, NULL, 0, NULL},
};

static Obj *binascii_init(void)
{
    if (binascii_classes() < 0) return NULL;
    Obj *m = mh_module("binascii", binascii_functions);
    if (!m) return NULL;
    if (mh_add_obj(m, "Error", error_cls) < 0 || mh_add_obj(m, "Incomplete", incomplete_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_binascii_register(void)
{
    import_register_native("binascii", binascii_init);
}

/* mod_base64.c — the `base64` module of CPython 3.12 (base64.py), natively.
 *
 * Base64 (standard, URL-safe, alternative characters, validate), Base32
 * and its extended-hex alphabet (casefold, map01), Base16, Base85 and
 * Ascii85 (foldspaces, wrapcol, pad, adobe, ignorechars), and the legacy
 * encodebytes/decodebytes/encode/decode.  Each function converts its
 * argument the way base64.py does (so the TypeError/ValueError wording
 * matches: _bytes_from_decode_data, memoryview(s).tobytes(),
 * _input_type_check) and raises binascii.Error or ValueError with
 * base64.py's messages.  The Base64 and hex codecs are mod_binascii.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/binasciiint.h"
#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

/* ---- argument conversions of base64.py ---------------------------------------------- */

static bool is_buffer(Obj *o)
{
    return BYTES_CHECK(o) || type_is_subtype(OBJ_TYPE(o), &bytearray_type) ||
           type_is_subtype(OBJ_TYPE(o), &memoryview_type) ||
           strcmp(OBJ_TYPE(o)->name, "array.array") == 0;
}

/* _bytes_from_decode_data(s): new bytes. */
static Obj *decode_data(Obj *s)
{
    if (STR_CHECK(s)) {
        if (!((StrObj *)s)->ascii) {
            vm_err_set_str(&exc_ValueError, "string argument should contain only ASCII characters");
            return NULL;
        }
        Ssize n;
        const char *p = str_utf8(s, &n);
        return p ? bytes_from(p, n) : NULL;
    }
    if (is_buffer(s)) return binascii_bytes_data(s);
    vm_err_format(&exc_TypeError, "argument should be a bytes-like object or ASCII string, not '%s'",
                  type_name(OBJ_TYPE(s)));
    return NULL;
}

/* memoryview(s).tobytes() */
static Obj *memoryview_bytes(Obj *s)
{
    if (is_buffer(s)) return binascii_bytes_data(s);
    vm_err_format(&exc_TypeError, "memoryview: a bytes-like object is required, not '%s'",
                  type_name(OBJ_TYPE(s)));
    return NULL;
}

/* _input_type_check(s) + the data */
static Obj *checked_input(Obj *s)
{
    if (is_buffer(s)) return binascii_bytes_data(s);
    vm_err_format(&exc_TypeError, "expected bytes-like object, not %s", type_name(OBJ_TYPE(s)));
    return NULL;
}

/* `assert len(x) == n, repr(x)` */
static int assert_len(Obj *x, Ssize n)
{
    Ssize len = obj_length(x);
    if (len < 0) return -1;
    if (len != n) {
        Obj *r = obj_repr(x);
        if (!r) return -1;
        vm_err_set_obj(&exc_AssertionError, r);
        DECREF(r);
        return -1;
    }
    return 0;
}

/* b.translate(bytes.maketrans(from, to)) for two-byte from/to: a new
 * bytes object (b is released).  Bytes objects are never changed in place:
 * the empty and one-byte ones are shared singletons. */
static Obj *translated(Obj *b, const unsigned char *from, const unsigned char *to)
{
    unsigned char table[256];
    for (int i = 0; i < 256; i++) table[i] = (unsigned char)i;
    table[from[0]] = to[0];
    table[from[1]] = to[1];
    Ssize n = VAR_SIZE(b);
    unsigned char *buf = xmalloc((size_t)n + 1);
    for (Ssize i = 0; i < n; i++) buf[i] = table[BYTES_DATA(b)[i]];
    Obj *r = bytes_from(buf, n);
    free(buf);
    DECREF(b);
    return r;
}

/* b.upper() for ASCII letters: a new bytes object (b is released). */
static Obj *uppercased(Obj *b)
{
    Ssize n = VAR_SIZE(b);
    unsigned char *buf = xmalloc((size_t)n + 1);
    for (Ssize i = 0; i < n; i++) {
        unsigned char c = BYTES_DATA(b)[i];
        buf[i] = c >= 'a' && c <= 'z' ? (unsigned char)(c - 32) : c;
    }
    Obj *r = bytes_from(buf, n);
    free(buf);
    DECREF(b);
    return r;
}

static int bind(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, const char *const *names,
                int nparams, int npos, int nrequired, Obj **out)
{
    return mh_bind(fname, args, nargs, kw, names, nparams, npos, 0, nrequired, 0, out);
}

/* ---- Base64 -------------------------------------------------------------------------------- */

/* base64.py's frames in tracebacks (tbframes_gen.h) */
static Obj *tb_fail(int which) { return tbframe_fail(&tbgen_base64, which); }

static Obj *b64encode_impl(Obj *s, Obj *altchars)
{
    Obj *data = binascii_bytes_data(s);
    if (!data) return tb_fail(TBG_BASE64_B64ENCODE_B2A);
    Obj *r = binascii_b64encode(BYTES_DATA(data), VAR_SIZE(data), false);
    DECREF(data);
    if (!r || !altchars || altchars == NONE) return r;
    Obj *alt = NULL;
    if (assert_len(altchars, 2) < 0 || !(alt = binascii_bytes_data(altchars))) {
        DECREF(r);
        return NULL;
    }
    r = translated(r, (const unsigned char *)"+/", BYTES_DATA(alt));
    DECREF(alt);
    return r;
}

static Obj *b64decode_impl(Obj *s, Obj *altchars, bool validate)
{
    Obj *data = decode_data(s);
    if (!data) return NULL;
    if (altchars && altchars != NONE) {
        Obj *alt = decode_data(altchars);
        if (!alt || assert_len(alt, 2) < 0) {
            XDECREF(alt);
            DECREF(data);
            return NULL;
        }
        data = translated(data, BYTES_DATA(alt), (const unsigned char *)"+/");
        DECREF(alt);
        if (!data) return NULL;
    }
    Obj *r = binascii_b64decode(BYTES_DATA(data), VAR_SIZE(data), validate);
    DECREF(data);
    return r ? r : tb_fail(TBG_BASE64_B64DECODE_A2B);
}

static Obj *f_b64encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s", "altchars"};
    Obj *v[2];
    if (bind("b64encode", a, n, kw, names, 2, 2, 1, v) < 0) return NULL;
    return b64encode_impl(v[0], v[1]);
}

static Obj *f_b64decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s", "altchars", "validate"};
    Obj *v[3];
    if (bind("b64decode", a, n, kw, names, 3, 3, 1, v) < 0) return NULL;
    int validate = 0;
    if (v[2] && (validate = obj_is_true(v[2])) < 0) return NULL;
    return b64decode_impl(v[0], v[1], validate);
}

static Obj *f_standard_b64encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("standard_b64encode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *r = b64encode_impl(v[0], NULL);
    return r ? r : tb_fail(TBG_BASE64_STANDARD_B64ENCODE);
}

static Obj *f_standard_b64decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("standard_b64decode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *r = b64decode_impl(v[0], NULL, false);
    return r ? r : tb_fail(TBG_BASE64_STANDARD_B64DECODE);
}

static Obj *f_urlsafe_b64encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("urlsafe_b64encode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *r = b64encode_impl(v[0], NULL);
    return r ? translated(r, (const unsigned char *)"+/", (const unsigned char *)"-_")
             : tb_fail(TBG_BASE64_URLSAFE_B64ENCODE);
}

static Obj *f_urlsafe_b64decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("urlsafe_b64decode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *data = decode_data(v[0]);
    if (!data || !(data = translated(data, (const unsigned char *)"-_", (const unsigned char *)"+/")))
        return NULL;
    Obj *r = binascii_b64decode(BYTES_DATA(data), VAR_SIZE(data), false);
    DECREF(data);
    if (!r) {
        tb_fail(TBG_BASE64_B64DECODE_A2B);
        return tb_fail(TBG_BASE64_URLSAFE_B64DECODE);
    }
    return r;
}

/* ---- Base32 -------------------------------------------------------------------------------- */

static const char b32_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char b32_hex[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

static Obj *b32encode_impl(const char *alphabet, Obj *s)
{
    Obj *data = memoryview_bytes(s);
    if (!data) return NULL;
    const unsigned char *p = BYTES_DATA(data);
    Ssize n = VAR_SIZE(data);
    Ssize groups = (n + 4) / 5;
    unsigned char *out = xmalloc((size_t)groups * 8 + 1);
    for (Ssize g = 0; g < groups; g++) {
        uint64_t c = 0;
        for (int k = 0; k < 5; k++) {
            Ssize i = g * 5 + k;
            c = c << 8 | (i < n ? p[i] : 0);
        }
        for (int k = 0; k < 8; k++) out[g * 8 + k] = (unsigned char)alphabet[(c >> (35 - 5 * k)) & 31];
    }
    static const int pads[5] = {0, 6, 4, 3, 1};
    int pad = pads[n % 5];
    for (int k = 0; k < pad; k++) out[groups * 8 - 1 - k] = '=';
    Obj *r = bytes_from(out, groups * 8);
    free(out);
    DECREF(data);
    return r;
}

static Obj *b32decode_impl(const char *alphabet, Obj *s, Obj *casefold, Obj *map01)
{
    Obj *data = decode_data(s);
    if (!data) return NULL;
    Obj *r = NULL;
    Ssize l = VAR_SIZE(data);
    if (l % 8) {
        binascii_raise("Incorrect padding");
        goto done;
    }
    if (map01 && map01 != NONE) {
        Obj *m01 = decode_data(map01);
        if (!m01) goto done;
        if (assert_len(m01, 1) < 0) {
            DECREF(m01);
            goto done;
        }
        unsigned char to[2] = {'O', BYTES_DATA(m01)[0]};
        DECREF(m01);
        if (!(data = translated(data, (const unsigned char *)"01", to))) return NULL;
    }
    if (casefold) {
        int t = obj_is_true(casefold);
        if (t < 0) goto done;
        if (t && !(data = uppercased(data))) return NULL;
    }
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = l;
    while (len > 0 && p[len - 1] == '=') len--;
    Ssize padchars = l - len;
    int rev[256];
    for (int i = 0; i < 256; i++) rev[i] = -1;
    for (int i = 0; i < 32; i++) rev[(unsigned char)alphabet[i]] = i;
    Ssize nq = (len + 7) / 8;
    unsigned char *out = xmalloc((size_t)nq * 5 + 1);
    uint64_t acc = 0;
    for (Ssize q = 0; q < nq; q++) {
        acc = 0;
        for (Ssize i = q * 8; i < q * 8 + 8 && i < len; i++) {
            int v = rev[p[i]];
            if (v < 0) {
                free(out);
                binascii_raise("Non-base32 digit found");
                goto done;
            }
            acc = (acc << 5) + (uint64_t)v;
        }
        for (int k = 0; k < 5; k++) out[q * 5 + k] = (unsigned char)(acc >> (32 - 8 * k));
    }
    if (padchars != 0 && padchars != 1 && padchars != 3 && padchars != 4 && padchars != 6) {
        free(out);
        binascii_raise("Incorrect padding");
        goto done;
    }
    Ssize outn = nq * 5;
    if (padchars && nq) {
        acc <<= 5 * padchars;
        Ssize leftover = (43 - 5 * padchars) / 8;
        for (int k = 0; k < 5; k++) out[(nq - 1) * 5 + k] = (unsigned char)(acc >> (32 - 8 * k));
        outn = (nq - 1) * 5 + leftover;
    }
    r = bytes_from(out, outn);
    free(out);
done:
    DECREF(data);
    return r;
}

static Obj *f_b32encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("b32encode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    return b32encode_impl(b32_std, v[0]);
}

static Obj *f_b32hexencode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("b32hexencode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    return b32encode_impl(b32_hex, v[0]);
}

static Obj *f_b32decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s", "casefold", "map01"};
    Obj *v[3];
    if (bind("b32decode", a, n, kw, names, 3, 3, 1, v) < 0) return NULL;
    return b32decode_impl(b32_std, v[0], v[1], v[2]);
}

static Obj *f_b32hexdecode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s", "casefold"};
    Obj *v[2];
    if (bind("b32hexdecode", a, n, kw, names, 2, 2, 1, v) < 0) return NULL;
    return b32decode_impl(b32_hex, v[0], v[1], NULL);
}

/* ---- Base16 -------------------------------------------------------------------------------- */

static Obj *f_b16encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("b16encode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *data = binascii_bytes_data(v[0]);
    if (!data) return NULL;
    static const char digits[] = "0123456789ABCDEF";
    Ssize len = VAR_SIZE(data);
    unsigned char *out = xmalloc((size_t)len * 2 + 1);
    for (Ssize i = 0; i < len; i++) {
        out[2 * i] = (unsigned char)digits[BYTES_DATA(data)[i] >> 4];
        out[2 * i + 1] = (unsigned char)digits[BYTES_DATA(data)[i] & 15];
    }
    Obj *r = bytes_from(out, len * 2);
    free(out);
    DECREF(data);
    return r;
}

static Obj *f_b16decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s", "casefold"};
    Obj *v[2];
    if (bind("b16decode", a, n, kw, names, 2, 2, 1, v) < 0) return NULL;
    Obj *data = decode_data(v[0]);
    if (!data) return NULL;
    int fold = 0;
    if (v[1] && (fold = obj_is_true(v[1])) < 0) {
        DECREF(data);
        return NULL;
    }
    if (fold && !(data = uppercased(data))) return NULL;
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data);
    for (Ssize i = 0; i < len; i++) {
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'A' && p[i] <= 'F'))) {
            DECREF(data);
            binascii_raise("Non-base16 digit found");
            return tb_fail(TBG_BASE64_B16DECODE_DIGIT);
        }
    }
    Obj *r = binascii_unhex(p, len);
    DECREF(data);
    return r;
}

/* ---- Base85 and Ascii85 -------------------------------------------------------------------- */

static const char b85_alphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

/* base64.py's _85encode: chars(i) is the digit for value i. */
static Obj *encode85(Obj *b, const char *alphabet, bool pad, bool foldnuls, bool foldspaces)
{
    Obj *data = memoryview_bytes(b);
    if (!data) return NULL;
    const unsigned char *p = BYTES_DATA(data);
    Ssize n = VAR_SIZE(data);
    Ssize padding = (4 - n % 4) % 4;
    Ssize words = (n + padding) / 4;
    SBuf out = SBUF_INIT;
    Ssize last_start = 0;
    bool last_z = false;
    for (Ssize w = 0; w < words; w++) {
        uint32_t word = 0;
        for (int k = 0; k < 4; k++) {
            Ssize i = w * 4 + k;
            word = word << 8 | (i < n ? p[i] : 0);
        }
        last_start = (Ssize)out.len;
        last_z = false;
        if (foldnuls && word == 0) {
            sbuf_putc(&out, 'z');
            last_z = true;
        } else if (foldspaces && word == 0x20202020u) {
            sbuf_putc(&out, 'y');
        } else {
            char d[5];
            for (int k = 4; k >= 0; k--) {
                d[k] = alphabet[word % 85];
                word /= 85;
            }
            sbuf_put(&out, d, 5);
        }
    }
    if (padding && !pad) {
        if (last_z) {
            out.len = (size_t)last_start;
            for (int k = 0; k < 5; k++) sbuf_putc(&out, alphabet[0]);
        }
        out.len -= (size_t)padding;
    }
    Obj *r = bytes_from(out.data ? out.data : "", (Ssize)out.len);
    sbuf_free(&out);
    DECREF(data);
    return r;
}

static Obj *f_b85encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"b", "pad"};
    Obj *v[2];
    if (bind("b85encode", a, n, kw, names, 2, 2, 1, v) < 0) return NULL;
    int pad = 0;
    if (v[1] && (pad = obj_is_true(v[1])) < 0) return NULL;
    return encode85(v[0], b85_alphabet, pad, false, false);
}

static Obj *f_b85decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"b"};
    Obj *v[1];
    if (bind("b85decode", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *data = decode_data(v[0]);
    if (!data) return NULL;
    int rev[256];
    for (int i = 0; i < 256; i++) rev[i] = -1;
    for (int i = 0; i < 85; i++) rev[(unsigned char)b85_alphabet[i]] = i;
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data);
    Ssize padding = (5 - len % 5) % 5;
    Ssize total = len + padding;
    unsigned char *out = xmalloc((size_t)(total / 5) * 4 + 1);
    Obj *r = NULL;
    for (Ssize i = 0; i < total; i += 5) {
        uint64_t acc = 0;
        for (Ssize j = i; j < i + 5; j++) {
            int d = j < len ? rev[p[j]] : 84;   /* padded with '~' */
            if (d < 0) {
                vm_err_format(&exc_ValueError, "bad base85 character at position %zd", j);
                goto done;
            }
            acc = acc * 85 + (uint64_t)d;
        }
        if (acc > 0xffffffffu) {
            vm_err_format(&exc_ValueError, "base85 overflow in hunk starting at byte %zd", i);
            goto done;
        }
        for (int k = 0; k < 4; k++) out[i / 5 * 4 + k] = (unsigned char)(acc >> (24 - 8 * k));
    }
    r = bytes_from(out, total / 5 * 4 - padding);
done:
    free(out);
    DECREF(data);
    return r;
}

static int opt_bool(Obj *o, int *out)
{
    if (!o) return 0;
    int t = obj_is_true(o);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

static Obj *f_a85encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"b", "foldspaces", "wrapcol", "pad", "adobe"};
    Obj *v[5];
    if (bind("a85encode", a, n, kw, names, 5, 1, 1, v) < 0) return NULL;
    int foldspaces = 0, pad = 0, adobe = 0;
    Ssize wrapcol = 0;
    if (opt_bool(v[1], &foldspaces) < 0 || opt_bool(v[3], &pad) < 0 || opt_bool(v[4], &adobe) < 0)
        return NULL;
    if (v[2]) {
        int t = obj_is_true(v[2]);
        if (t < 0) return NULL;
        if (t) {
            wrapcol = num_as_ssize(v[2], &exc_OverflowError);
            if (wrapcol == -1 && vm_err_occurred()) return NULL;
        }
    }
    char chars[86];
    for (int i = 0; i < 85; i++) chars[i] = (char)(33 + i);
    chars[85] = 0;
    Obj *enc = encode85(v[0], chars, pad, true, foldspaces);
    if (!enc) return NULL;
    SBuf body = SBUF_INIT;
    if (adobe) sbuf_put(&body, "<~", 2);
    sbuf_put(&body, (const char *)BYTES_DATA(enc), (size_t)VAR_SIZE(enc));
    DECREF(enc);
    SBuf out = SBUF_INIT;
    if (wrapcol) {
        Ssize minw = adobe ? 2 : 1;
        if (wrapcol < minw) wrapcol = minw;
        Ssize len = (Ssize)body.len, last = 0;
        for (Ssize i = 0; i < len; i += wrapcol) {
            if (i) sbuf_putc(&out, '\n');
            last = len - i < wrapcol ? len - i : wrapcol;
            sbuf_put(&out, body.data + i, (size_t)last);
        }
        if (adobe && last + 2 > wrapcol) sbuf_putc(&out, '\n');
    } else {
        sbuf_put(&out, body.data ? body.data : "", body.len);
    }
    if (adobe) sbuf_put(&out, "~>", 2);
    Obj *r = bytes_from(out.data ? out.data : "", (Ssize)out.len);
    sbuf_free(&out);
    sbuf_free(&body);
    return r;
}

static Obj *f_a85decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"b", "foldspaces", "adobe", "ignorechars"};
    Obj *v[4];
    if (bind("a85decode", a, n, kw, names, 4, 1, 1, v) < 0) return NULL;
    int foldspaces = 0, adobe = 0;
    if (opt_bool(v[1], &foldspaces) < 0 || opt_bool(v[2], &adobe) < 0) return NULL;
    Obj *data = decode_data(v[0]);
    if (!data) return NULL;
    bool ignore[256] = {false};
    if (v[3]) {
        Obj *ig = binascii_bytes_data(v[3]);
        if (!ig) {
            DECREF(data);
            return NULL;
        }
        for (Ssize i = 0; i < VAR_SIZE(ig); i++) ignore[BYTES_DATA(ig)[i]] = true;
        DECREF(ig);
    } else {
        ignore[' '] = ignore['\t'] = ignore['\n'] = ignore['\r'] = ignore['\v'] = true;
    }
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data);
    if (adobe) {
        if (len < 2 || p[len - 2] != '~' || p[len - 1] != '>') {
            vm_err_set_str(&exc_ValueError, "Ascii85 encoded byte sequences must end with b'~>'");
            DECREF(data);
            return NULL;
        }
        len -= 2;
        if (len >= 2 && p[0] == '<' && p[1] == '~') {
            p += 2;
            len -= 2;
        } else if (VAR_SIZE(data) >= 4 && p[0] == '<' && p[1] == '~') {
            /* "<~~>": startswith holds but the stripped slice is empty */
            len = 0;
        }
    }
    SBuf out = SBUF_INIT;
    unsigned char curr[5];
    int ncurr = 0;
    Obj *r = NULL;
    for (Ssize i = 0; i < len + 4; i++) {
        unsigned char x = i < len ? p[i] : 'u';
        if (x >= '!' && x <= 'u') {
            curr[ncurr++] = x;
            if (ncurr == 5) {
                uint64_t acc = 0;
                for (int k = 0; k < 5; k++) acc = 85 * acc + (uint64_t)(curr[k] - 33);
                if (acc > 0xffffffffu) {
                    vm_err_set_str(&exc_ValueError, "Ascii85 overflow");
                    goto done;
                }
                char w[4] = {(char)(acc >> 24), (char)(acc >> 16), (char)(acc >> 8), (char)acc};
                sbuf_put(&out, w, 4);
                ncurr = 0;
            }
        } else if (x == 'z') {
            if (ncurr) {
                vm_err_set_str(&exc_ValueError, "z inside Ascii85 5-tuple");
                goto done;
            }
            sbuf_put(&out, "\0\0\0\0", 4);
        } else if (foldspaces && x == 'y') {
            if (ncurr) {
                vm_err_set_str(&exc_ValueError, "y inside Ascii85 5-tuple");
                goto done;
            }
            sbuf_put(&out, "    ", 4);
        } else if (ignore[x]) {
            continue;
        } else {
            Obj *msg = str_from_fmt("Non-Ascii85 digit found: %c", (int)x);
            if (x >= 0x80) {
                XDECREF(msg);
                uint32_t cp = x;
                Obj *ch = str_from_ucs4(&cp, 1);
                msg = ch ? str_from_fmt("Non-Ascii85 digit found: %S", ch) : NULL;
                XDECREF(ch);
            }
            if (msg) {
                vm_err_set_obj(&exc_ValueError, msg);
                DECREF(msg);
            }
            goto done;
        }
    }
    {
        Ssize padding = 4 - ncurr;
        Ssize outn = (Ssize)out.len;
        if (padding) outn = outn > padding ? outn - padding : 0;
        r = bytes_from(out.data ? out.data : "", outn);
    }
done:
    sbuf_free(&out);
    DECREF(data);
    return r;
}

/* ---- legacy interface ------------------------------------------------------------------------ */

static Obj *f_encodebytes(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("encodebytes", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *data = checked_input(v[0]);
    if (!data) return NULL;
    SBuf out = SBUF_INIT;
    Ssize len = VAR_SIZE(data);
    for (Ssize i = 0; i < len; i += 57) {
        Obj *line = binascii_b64encode(BYTES_DATA(data) + i, len - i < 57 ? len - i : 57, true);
        if (!line) {
            sbuf_free(&out);
            DECREF(data);
            return NULL;
        }
        sbuf_put(&out, (const char *)BYTES_DATA(line), (size_t)VAR_SIZE(line));
        DECREF(line);
    }
    Obj *r = bytes_from(out.data ? out.data : "", (Ssize)out.len);
    sbuf_free(&out);
    DECREF(data);
    return r;
}

static Obj *f_decodebytes(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (bind("decodebytes", a, n, kw, names, 1, 1, 1, v) < 0) return NULL;
    Obj *data = checked_input(v[0]);
    if (!data) return NULL;
    Obj *r = binascii_b64decode(BYTES_DATA(data), VAR_SIZE(data), false);
    DECREF(data);
    return r;
}

static Obj *write_bytes(Obj *output, Obj *b)
{
    Obj *r = obj_call_method(output, "write", &b, 1);
    DECREF(b);
    return r;
}

/* encode(input, output): 57-byte chunks of input.read(), one line each. */
static Obj *f_encode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"input", "output"};
    Obj *v[2];
    if (bind("encode", a, n, kw, names, 2, 2, 2, v) < 0) return NULL;
    Obj *want = int_from_i64(57);
    if (!want) return NULL;
    for (;;) {
        Obj *s = obj_call_method(v[0], "read", &want, 1);
        if (!s) goto fail;
        int t = obj_is_true(s);
        if (t <= 0) {
            DECREF(s);
            if (t < 0) goto fail;
            break;
        }
        while (obj_length(s) < 57) {
            Ssize have = obj_length(s);
            if (have < 0) {
                DECREF(s);
                goto fail;
            }
            Obj *k = int_from_i64(57 - have);
            Obj *ns = k ? obj_call_method(v[0], "read", &k, 1) : NULL;
            XDECREF(k);
            if (!ns) {
                DECREF(s);
                goto fail;
            }
            int nt = obj_is_true(ns);
            if (nt <= 0) {
                DECREF(ns);
                if (nt < 0) {
                    DECREF(s);
                    goto fail;
                }
                break;
            }
            Obj *joined = num_binary(s, ns, NB_ADD);
            DECREF(s);
            DECREF(ns);
            if (!joined) goto fail;
            s = joined;
        }
        Obj *data = binascii_bytes_data(s);
        DECREF(s);
        Obj *line = data ? binascii_b64encode(BYTES_DATA(data), VAR_SIZE(data), true) : NULL;
        XDECREF(data);
        Obj *w = line ? write_bytes(v[1], line) : NULL;
        if (!w) goto fail;
        DECREF(w);
    }
    DECREF(want);
    return INCREF(NONE);
fail:
    DECREF(want);
    return NULL;
}

/* decode(input, output): each input.readline() decoded. */
static Obj *f_decode(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"input", "output"};
    Obj *v[2];
    if (bind("decode", a, n, kw, names, 2, 2, 2, v) < 0) return NULL;
    for (;;) {
        Obj *line = obj_call_method(v[0], "readline", NULL, 0);
        if (!line) return NULL;
        int t = obj_is_true(line);
        if (t <= 0) {
            DECREF(line);
            if (t < 0) return NULL;
            break;
        }
        Obj *data = binascii_ascii_data(line);
        DECREF(line);
        Obj *dec = data ? binascii_b64decode(BYTES_DATA(data), VAR_SIZE(data), false) : NULL;
        XDECREF(data);
        Obj *w = dec ? write_bytes(v[1], dec) : NULL;
        if (!w) return NULL;
        DECREF(w);
    }
    return INCREF(NONE);
}

static const MethodDef base64_functions[] = {
    {"b64encode", f_b64encode, METH_FAST, "Encode the bytes-like object s using Base64 and return a bytes object."},
    {"b64decode", f_b64decode, METH_FAST, "Decode the Base64 encoded bytes-like object or ASCII string s."},
    {"standard_b64encode", f_standard_b64encode, METH_FAST, "Encode bytes-like object s using the standard Base64 alphabet."},
    {"standard_b64decode", f_standard_b64decode, METH_FAST, "Decode bytes encoded with the standard Base64 alphabet."},
    {"urlsafe_b64encode", f_urlsafe_b64encode, METH_FAST, "Encode bytes using the URL- and filesystem-safe Base64 alphabet."},
    {"urlsafe_b64decode", f_urlsafe_b64decode, METH_FAST, "Decode bytes using the URL- and filesystem-safe Base64 alphabet."},
    {"b32encode", f_b32encode, METH_FAST, "Encode the bytes-like objects using base32 and return a bytes object."},
    {"b32decode", f_b32decode, METH_FAST, "Decode the base32 encoded bytes-like object or ASCII string s."},
    {"b32hexencode", f_b32hexencode, METH_FAST, "Encode the bytes-like objects using base32hex."},
    {"b32hexdecode", f_b32hexdecode, METH_FAST, "Decode the base32hex encoded bytes-like object or ASCII string s."},
    {"b16encode", f_b16encode, METH_FAST, "Encode the bytes-like object s using Base16 and return a bytes object."},
    {"b16decode", f_b16decode, METH_FAST, "Decode the Base16 encoded bytes-like object or ASCII string s."},
    {"b85encode", f_b85encode, METH_FAST, "Encode bytes-like object b in base85 format and return a bytes object."},
    {"b85decode", f_b85decode, METH_FAST, "Decode the base85-encoded bytes-like object or ASCII string b."},
    {"a85encode", f_a85encode, METH_FAST, "Encode bytes-like object b using Ascii85 and return a bytes object."},
    {"a85decode", f_a85decode, METH_FAST, "Decode the Ascii85 encoded bytes-like object or ASCII string b."},
    {"encodebytes", f_encodebytes, METH_FAST, "Encode a bytestring into a bytes object containing multiple lines of base-64 data."},
    {"decodebytes", f_decodebytes, METH_FAST, "Decode a bytestring of base-64 data into a bytes object."},
    {"encode", f_encode, METH_FAST, "Encode a file; input and output are binary files."},
    {"decode", f_decode, METH_FAST, "Decode a file; input and output are binary files."},
    {NULL, NULL, 0, NULL},
};

static Obj *base64_init(void)
{
    Obj *m = mh_module("base64", base64_functions);
    if (!m) return NULL;
    Obj *types = tuple_pack(2, (Obj *)&bytes_type, (Obj *)&bytearray_type);
    if (!types || module_add(m, "bytes_types", types) < 0 ||
        module_add(m, "MAXLINESIZE", int_from_i64(76)) < 0 ||
        module_add(m, "MAXBINSIZE", int_from_i64(57)) < 0) {
        DECREF(m);
        return NULL;
    }
    static const char *const all[] = {
        "encode", "decode", "encodebytes", "decodebytes", "b64encode", "b64decode", "b32encode",
        "b32decode", "b32hexencode", "b32hexdecode", "b16encode", "b16decode", "b85encode",
        "b85decode", "a85encode", "a85decode", "standard_b64encode", "standard_b64decode",
        "urlsafe_b64encode", "urlsafe_b64decode",
    };
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof all[0]; i++) {
        Obj *nm = str_from_cstr(all[i]);
        if (!nm || list_append(l, nm) < 0) CLEAR(l);
        XDECREF(nm);
    }
    if (!l || module_add(m, "__all__", l) < 0) {
        DECREF(m);
        return NULL;
    }
    /* base64.py's functions are Python functions of module base64 */
    Obj *d = module_dict_borrow(m);
    Obj *modname = str_from_cstr("base64");
    for (const MethodDef *f = base64_functions; modname && f->name; f++) {
        Obj *fn = dict_get_str_borrow(d, f->name);
        if (fn && obj_setattr(fn, id_str("__module__"), modname) < 0) CLEAR(modname);
    }
    if (!modname) {
        DECREF(m);
        return NULL;
    }
    DECREF(modname);
    return m;
}

void native_base64_register(void)
{
    import_register_native("base64", base64_init);
}

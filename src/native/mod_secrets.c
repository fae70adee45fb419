/* mod_secrets.c — the `secrets` module of CPython 3.12, natively.
 *
 * token_bytes/token_hex/token_urlsafe read the operating system's random
 * source (/dev/urandom, as os.urandom does); choice, randbits and
 * randbelow are those of a random.SystemRandom instance (`_sysrand`), as in
 * secrets.py, and compare_digest is hmac's.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

#define DEFAULT_ENTROPY 32

static Obj *sysrand;   /* the module's SystemRandom() */

static Obj *token(const char *fname, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"nbytes"};
    Obj *v[1];
    if (mh_bind(fname, args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Ssize n = DEFAULT_ENTROPY;
    if (v[0] && v[0] != NONE && (n = mh_as_ssize(v[0])) == -1 && vm_err_occurred()) return NULL;
    if (n < 0) {
        vm_err_set_str(&exc_ValueError, "negative argument not allowed");
        return NULL;
    }
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *r = smallmods_random_bytes(buf, (size_t)n) < 0 ? NULL : bytes_from(buf, n);
    free(buf);
    return r;
}

static Obj *s_token_bytes(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return token("token_bytes", args, nargs, kw);
}

static Obj *s_token_hex(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *b = token("token_hex", args, nargs, kw);
    Obj *r = b ? obj_call_method(b, "hex", NULL, 0) : NULL;
    XDECREF(b);
    return r;
}

static Obj *s_token_urlsafe(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    Obj *b = token("token_urlsafe", args, nargs, kw);
    if (!b) return NULL;
    const unsigned char *p = BYTES_DATA(b);
    Ssize n = VAR_SIZE(b);
    SBuf out = SBUF_INIT;
    for (Ssize i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        Ssize chars = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;   /* base64 without the '=' padding */
        for (Ssize k = 0; k < chars; k++) sbuf_putc(&out, alphabet[(v >> (18 - 6 * k)) & 63]);
    }
    DECREF(b);
    Obj *r = str_from_utf8(sbuf_cstr(&out), (Ssize)out.len);
    sbuf_free(&out);
    return r;
}

static Obj *s_randbelow(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"exclusive_upper_bound"};
    Obj *v[1];
    if (mh_bind("randbelow", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *zero = int_from_i64(0);
    int bad = zero ? obj_richcompare_bool(v[0], zero, CMP_LE) : -1;
    XDECREF(zero);
    if (bad < 0) return NULL;
    if (bad) {
        vm_err_set_str(&exc_ValueError, "Upper bound must be positive.");
        return NULL;
    }
    return obj_call_method(sysrand, "_randbelow", v, 1);
}

static const MethodDef secrets_methods[] = {
    {"token_bytes", s_token_bytes, METH_FAST, "Return a random byte string containing *nbytes* bytes."},
    {"token_hex", s_token_hex, METH_FAST, "Return a random text string, in hexadecimal."},
    {"token_urlsafe", s_token_urlsafe, METH_FAST, "Return a random URL-safe text string, in Base64 encoding."},
    {"randbelow", s_randbelow, METH_FAST, "Return a random int in the range [0, n)."},
    {NULL, NULL, 0, NULL},
};

static Obj *secrets_init(void)
{
    Obj *m = mh_module("secrets", secrets_methods);
    Obj *random = m ? import_name(id_str("random"), NULL, NULL, 0) : NULL;
    Obj *hmac = random ? import_name(id_str("hmac"), NULL, NULL, 0) : NULL;
    Obj *cls = hmac ? obj_getattr_str(random, "SystemRandom") : NULL;
    Obj *cmp = cls ? obj_getattr_str(hmac, "compare_digest") : NULL;
    if (cmp && !sysrand) sysrand = obj_call(cls, NULL, 0, NULL);
    Obj *choice = sysrand && cmp ? obj_getattr_str(sysrand, "choice") : NULL;
    Obj *bits = choice ? obj_getattr_str(sysrand, "getrandbits") : NULL;
    int ok = bits && mh_add_obj(m, "SystemRandom", cls) == 0 && mh_add_obj(m, "_sysrand", sysrand) == 0 &&
             mh_add_obj(m, "choice", choice) == 0 && mh_add_obj(m, "randbits", bits) == 0 &&
             mh_add_obj(m, "compare_digest", cmp) == 0 &&
             module_add(m, "DEFAULT_ENTROPY", int_from_i64(DEFAULT_ENTROPY)) == 0;
    XDECREF(random);
    XDECREF(hmac);
    XDECREF(cls);
    XDECREF(cmp);
    XDECREF(choice);
    XDECREF(bits);
    if (!ok) CLEAR(m);
    if (m && smallmods_set_all(m,
                               "choice randbelow randbits SystemRandom token_bytes token_hex token_urlsafe compare_digest",
                               false) < 0)
        CLEAR(m);
    return m;
}

void native_secrets_register(void)
{
    vm_static_roots(&sysrand, 1);
    import_register_native("secrets", secrets_init);
}

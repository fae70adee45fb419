/* mod_hmac.c — the `hmac` module of CPython 3.12 (hmac.py), natively.
 *
 * HMAC objects follow hmac.py's generic construction over any hash object:
 * an inner and an outer hash made by the digest constructor (a name passed
 * to hashlib.new, a callable such as hashlib.sha256, or a module with
 * new()), the key hashed when longer than the block size, padded, XORed
 * with 0x36 / 0x5c.  For the digests CPython hands to OpenSSL's HMAC the
 * result is the same bytes.  compare_digest is _hashlib's (constant time,
 * ASCII str or bytes-like).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

typedef struct HmacObj {
    Obj base;
    Obj *inner, *outer;      /* hash objects */
    Obj *digest_size, *block_size;
    Obj *weakreflist;
} HmacObj;

TypeObj hmac_type;

static bool is_buffer(Obj *o)
{
    return BYTES_CHECK(o) || type_is_subtype(OBJ_TYPE(o), &bytearray_type) ||
           type_is_subtype(OBJ_TYPE(o), &memoryview_type) ||
           strcmp(OBJ_TYPE(o)->name, "array.array") == 0;
}

/* The digest constructor's result for hmac.py's digest_cons(d). */
static Obj *make_hash(Obj *digestmod, Obj *data)
{
    Obj *args[1] = {data};
    Ssize n = data ? 1 : 0;
    if (STR_CHECK(digestmod)) {
        Obj *mod = import_name(id_str("hashlib"), NULL, NULL, 0);
        if (!mod) return NULL;
        Obj *newf = obj_getattr_str(mod, "new");
        DECREF(mod);
        if (!newf) return NULL;
        Obj *a2[2] = {digestmod, data};
        Obj *r = obj_call(newf, a2, 1 + n, NULL);
        DECREF(newf);
        return r;
    }
    TypeObj *t = OBJ_TYPE(digestmod);
    if (t->call) return obj_call(digestmod, args, n, NULL);
    return obj_call_method(digestmod, "new", args, n);
}

/* HMAC.__init__: fills h (whose fields are released first, so __init__
 * may run again). */
static int hmac_fill(HmacObj *h, Obj *key, Obj *msg, Obj *digestmod)
{
    if (!BYTES_CHECK(key) && !type_is_subtype(OBJ_TYPE(key), &bytearray_type)) {
        vm_err_format(&exc_TypeError, "key: expected bytes or bytearray, but got '%s'", type_name(OBJ_TYPE(key)));
        return -1;
    }
    int t_ = digestmod ? obj_is_true(digestmod) : 0;
    if (t_ < 0) return -1;
    if (!t_) {
        vm_err_set_str(&exc_TypeError, "Missing required parameter 'digestmod'.");
        return -1;
    }
    CLEAR(h->inner);
    CLEAR(h->outer);
    CLEAR(h->digest_size);
    CLEAR(h->block_size);
    Obj *keyb = NULL, *tmp = NULL;
    if (!(h->outer = make_hash(digestmod, NULL)) || !(h->inner = make_hash(digestmod, NULL))) goto fail;
    if (!(h->digest_size = obj_getattr_str(h->inner, "digest_size"))) goto fail;
    Ssize blocksize = 64;
    Obj *bs;
    if (obj_lookup_attr(h->inner, id_str("block_size"), &bs) < 0) goto fail;
    if (bs) {
        blocksize = num_as_ssize(bs, &exc_OverflowError);
        DECREF(bs);
        if (blocksize == -1 && vm_err_occurred()) goto fail;
        if (blocksize < 16) {
            Obj *m = str_from_fmt("block_size of %zd seems too small; using our default of 64.", blocksize);
            int w = m ? warnings_warn(&exc_RuntimeWarning, m, 2) : -1;
            XDECREF(m);
            if (w < 0) goto fail;
            blocksize = 64;
        }
    } else {
        Obj *m = str_from_fmt("No block_size attribute on given digest object; Assuming %d.", 64);
        int w = m ? warnings_warn(&exc_RuntimeWarning, m, 2) : -1;
        XDECREF(m);
        if (w < 0) goto fail;
    }
    if (!(h->block_size = int_from_i64(blocksize))) goto fail;
    keyb = BYTES_CHECK(key) ? INCREF(key) : bytes_from(((ByteArrayObj *)key)->data, VAR_SIZE(key));
    if (!keyb) goto fail;
    if (VAR_SIZE(keyb) > blocksize) {
        Obj *kh = make_hash(digestmod, keyb);
        if (!kh) goto fail;
        tmp = obj_call_method(kh, "digest", NULL, 0);
        DECREF(kh);
        if (!tmp) goto fail;
        if (!BYTES_CHECK(tmp)) {
            vm_err_set_str(&exc_TypeError, "digest() must return bytes");
            goto fail;
        }
        obj_setref(&keyb, tmp);
        tmp = NULL;
    }
    unsigned char *pad = calloc(1, (size_t)(blocksize > VAR_SIZE(keyb) ? blocksize : VAR_SIZE(keyb)) + 1);
    Ssize padn = blocksize > VAR_SIZE(keyb) ? blocksize : VAR_SIZE(keyb);
    if (!pad) {
        vm_err_no_memory();
        goto fail;
    }
    memcpy(pad, BYTES_DATA(keyb), (size_t)VAR_SIZE(keyb));
    for (Ssize i = 0; i < padn; i++) pad[i] ^= 0x5c;
    Obj *ko = bytes_from(pad, padn);
    for (Ssize i = 0; i < padn; i++) pad[i] ^= 0x5c ^ 0x36;
    Obj *ki = bytes_from(pad, padn);
    free(pad);
    Obj *r1 = ko ? obj_call_method(h->outer, "update", &ko, 1) : NULL;
    Obj *r2 = r1 && ki ? obj_call_method(h->inner, "update", &ki, 1) : NULL;
    XDECREF(ko);
    XDECREF(ki);
    XDECREF(r1);
    if (!r2) goto fail;
    DECREF(r2);
    if (msg && msg != NONE) {
        Obj *r = obj_call_method(h->inner, "update", &msg, 1);
        if (!r) goto fail;
        DECREF(r);
    }
    DECREF(keyb);
    return 0;
fail:
    XDECREF(keyb);
    XDECREF(tmp);
    return -1;
}

static Obj *hmac_build(TypeObj *t, Obj *key, Obj *msg, Obj *digestmod)
{
    HmacObj *h = (HmacObj *)obj_alloc(t, 0);
    if (h && hmac_fill(h, key, msg, digestmod) < 0) CLEAR(h);
    return (Obj *)h;
}

/* As the Python class: __new__ makes an empty object, __init__ fills it
 * (so subclasses may define __init__ and call super().__init__). */
static Obj *hmac_tp_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_alloc(t, 0);
}

static int hmac_tp_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"key", "msg", "digestmod"};
    Obj *v[3];
    if (mh_bind_m("HMAC.__init__", a, n, kw, names, 3, 3, 0, 1, 0, v) < 0) return -1;
    return hmac_fill((HmacObj *)self, v[0], v[1], v[2]);
}

static void hmac_dealloc(Obj *o)
{
    HmacObj *h = (HmacObj *)o;
    gc_untrack(o);
    if (h->weakreflist) weakref_clear_refs(o);
    CLEAR(h->inner);
    CLEAR(h->outer);
    CLEAR(h->digest_size);
    CLEAR(h->block_size);
    obj_free(o);
}

static int hmac_traverse(Obj *o, VisitFn visit, void *arg)
{
    HmacObj *h = (HmacObj *)o;
    Obj *f[4] = {h->inner, h->outer, h->digest_size, h->block_size};
    for (int i = 0; i < 4; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int hmac_clear(Obj *o)
{
    HmacObj *h = (HmacObj *)o;
    CLEAR(h->inner);
    CLEAR(h->outer);
    return 0;
}

static int hmac_ready(HmacObj *h)
{
    if (!h->inner || !h->outer) {
        vm_err_set_str(&exc_AttributeError, "'HMAC' object has no attribute '_inner'");
        return -1;
    }
    return 0;
}

static Obj *hm_update(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"msg"};
    Obj *v[1];
    if (mh_bind_m("HMAC.update", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    HmacObj *h = (HmacObj *)self;
    if (hmac_ready(h) < 0) return NULL;
    Obj *r = obj_call_method(h->inner, "update", v, 1);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *hm_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_bind_m("HMAC.copy", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    HmacObj *h = (HmacObj *)self;
    if (hmac_ready(h) < 0) return NULL;
    HmacObj *c = (HmacObj *)obj_alloc(OBJ_TYPE(self), 0);
    if (!c) return NULL;
    c->digest_size = xincref(h->digest_size);
    c->block_size = xincref(h->block_size);
    if (!(c->inner = obj_call_method(h->inner, "copy", NULL, 0)) ||
        !(c->outer = obj_call_method(h->outer, "copy", NULL, 0))) {
        DECREF(c);
        return NULL;
    }
    return (Obj *)c;
}

/* outer.copy().update(inner.digest()) */
static Obj *hmac_current(HmacObj *h)
{
    if (hmac_ready(h) < 0) return NULL;
    Obj *o = obj_call_method(h->outer, "copy", NULL, 0);
    if (!o) return NULL;
    Obj *d = obj_call_method(h->inner, "digest", NULL, 0);
    Obj *r = d ? obj_call_method(o, "update", &d, 1) : NULL;
    XDECREF(d);
    if (!r) {
        DECREF(o);
        return NULL;
    }
    DECREF(r);
    return o;
}

static Obj *hm_digest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_bind_m("HMAC.digest", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *o = hmac_current((HmacObj *)self);
    if (!o) return NULL;
    Obj *r = obj_call_method(o, "digest", NULL, 0);
    DECREF(o);
    return r;
}

static Obj *hm_hexdigest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_bind_m("HMAC.hexdigest", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *o = hmac_current((HmacObj *)self);
    if (!o) return NULL;
    Obj *r = obj_call_method(o, "hexdigest", NULL, 0);
    DECREF(o);
    return r;
}

static Obj *hmac_get_name(Obj *self, void *c)
{
    (void)c;
    HmacObj *h = (HmacObj *)self;
    if (hmac_ready(h) < 0) return NULL;
    Obj *nm = obj_getattr_str(h->inner, "name");
    if (!nm) return NULL;
    Obj *r = str_from_fmt("hmac-%S", nm);
    DECREF(nm);
    return r;
}

static Obj *hmac_get_digest_size(Obj *self, void *c)
{
    (void)c;
    Obj *v = ((HmacObj *)self)->digest_size;
    return INCREF(v ? v : NONE);
}

static Obj *hmac_get_block_size(Obj *self, void *c)
{
    (void)c;
    Obj *v = ((HmacObj *)self)->block_size;
    return INCREF(v ? v : NONE);
}

static MethodDef hmac_methods[] = {
    {"update", hm_update, METH_FAST, "Feed data from msg into this hashing object."},
    {"copy", hm_copy, METH_FAST, "Return a separate copy of this hashing object."},
    {"digest", hm_digest, METH_FAST, "Return the hash value of this hashing object."},
    {"hexdigest", hm_hexdigest, METH_FAST, "Like digest(), but returns a string of hexadecimal digits instead."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef hmac_getset[] = {
    {"name", hmac_get_name, NULL, NULL, NULL},
    {"digest_size", hmac_get_digest_size, NULL, NULL, NULL},
    {"block_size", hmac_get_block_size, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj hmac_type = {
    .base = TYPE_HEAD_INIT, .name = "hmac.HMAC", .basicsize = sizeof(HmacObj),
    .flags = TPF_BASETYPE | TPF_GC, .getattro = obj_generic_getattr, .dealloc = hmac_dealloc,
    .traverse = hmac_traverse, .clear = hmac_clear, .new_ = hmac_tp_new, .init = hmac_tp_init,
    .methods = hmac_methods,
    .getset = hmac_getset, .weaklistoffset = offsetof(HmacObj, weakreflist),
    .doc = "RFC 2104 HMAC class.  Also complies with RFC 4231.",
};

/* ---- module functions ----------------------------------------------------------------------- */

static Obj *f_new(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"key", "msg", "digestmod"};
    Obj *v[3];
    if (mh_bind("new", a, n, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    return hmac_build(&hmac_type, v[0], v[1], v[2]);
}

static Obj *f_digest(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"key", "msg", "digest"};
    Obj *v[3];
    if (mh_bind("digest", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *h = hmac_build(&hmac_type, v[0], v[1], v[2]);
    if (!h) return NULL;
    Obj *r = hm_digest(h, NULL, 0, NULL);
    DECREF(h);
    return r;
}

static int compare_view(Obj *o, const unsigned char **p, Ssize *n, Obj **keep)
{
    *keep = NULL;
    if (!is_buffer(o)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(o)));
        return -1;
    }
    if (BYTES_CHECK(o)) {
        *p = BYTES_DATA(o);
        *n = VAR_SIZE(o);
        return 0;
    }
    Obj *b = obj_call((Obj *)&bytes_type, &o, 1, NULL);
    if (!b) return -1;
    *keep = b;
    *p = BYTES_DATA(b);
    *n = VAR_SIZE(b);
    return 0;
}

/* Constant time in the length of b, as _tscmp. */
static bool tscmp(const unsigned char *a, Ssize na, const unsigned char *b, Ssize nb)
{
    const unsigned char *left = na == nb ? a : b;
    unsigned result = na == nb ? 0 : 1;
    for (Ssize i = 0; i < nb; i++) result |= (unsigned)(left[i] ^ b[i]);
    return result == 0;
}

static Obj *f_compare_digest(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (mh_pos_args("compare_digest", "compare_digest", n, kw, 2, 2) < 0) return NULL;
    Obj *x = a[0], *y = a[1];
    if (STR_CHECK(x) && STR_CHECK(y)) {
        if (!((StrObj *)x)->ascii || !((StrObj *)y)->ascii) {
            vm_err_set_str(&exc_TypeError, "comparing strings with non-ASCII characters is not supported");
            return NULL;
        }
        Ssize nx, ny;
        const char *px = str_utf8(x, &nx), *py = str_utf8(y, &ny);
        if (!px || !py) return NULL;
        return bool_from(tscmp((const unsigned char *)px, nx, (const unsigned char *)py, ny));
    }
    if (!is_buffer(x) && !is_buffer(y)) {
        vm_err_format(&exc_TypeError, "unsupported operand types(s) or combination of types: '%s' and '%s'",
                      type_name(OBJ_TYPE(x)), type_name(OBJ_TYPE(y)));
        return NULL;
    }
    const unsigned char *px, *py;
    Ssize nx, ny;
    Obj *kx, *ky;
    if (compare_view(x, &px, &nx, &kx) < 0) return NULL;
    if (compare_view(y, &py, &ny, &ky) < 0) {
        XDECREF(kx);
        return NULL;
    }
    bool eq = tscmp(px, nx, py, ny);
    XDECREF(kx);
    XDECREF(ky);
    return bool_from(eq);
}

static const MethodDef hmac_functions[] = {
    {"new", f_new, METH_FAST, "Create a new hashing object and return it."},
    {"digest", f_digest, METH_FAST, "Fast inline implementation of HMAC."},
    {"compare_digest", f_compare_digest, METH_FAST, "Return 'a == b'."},
    {NULL, NULL, 0, NULL},
};

static Obj *hmac_init(void)
{
    if (!(hmac_type.flags & TPF_READY)) {
        if (type_ready(&hmac_type) < 0) return NULL;
        Obj *bs = int_from_i64(64);
        if (!bs || dict_set_str(hmac_type.dict, "blocksize", bs) < 0) {
            XDECREF(bs);
            return NULL;
        }
        DECREF(bs);
        type_modified(&hmac_type);
    }
    Obj *m = mh_module("hmac", hmac_functions);
    if (!m) return NULL;
    unsigned char t5c[256], t36[256];
    for (int i = 0; i < 256; i++) {
        t5c[i] = (unsigned char)(i ^ 0x5c);
        t36[i] = (unsigned char)(i ^ 0x36);
    }
    if (mh_add_obj(m, "HMAC", (Obj *)&hmac_type) < 0 || module_add(m, "trans_5C", bytes_from(t5c, 256)) < 0 ||
        module_add(m, "trans_36", bytes_from(t36, 256)) < 0 || mh_add_obj(m, "digest_size", NONE) < 0) {
        DECREF(m);
        return NULL;
    }
    /* hmac.new and hmac.digest are Python functions of module hmac;
     * compare_digest is _hashlib's builtin */
    Obj *d = module_dict_borrow(m);
    Obj *cmp = dict_get_str_borrow(d, "compare_digest");
    Obj *hl = str_from_cstr("_hashlib");
    if (!hl || !cmp || obj_setattr(cmp, id_str("__module__"), hl) < 0) {
        XDECREF(hl);
        DECREF(m);
        return NULL;
    }
    DECREF(hl);
    return m;
}

void native_hmac_register(void)
{
    import_register_native("hmac", hmac_init);
}

/* mod_hashlib.c — the `hashlib` module of CPython 3.12 (with the parts of
 * _hashlib and _blake2 it exposes).
 *
 * Digests come from libraries, not from code of ours: OpenSSL's libcrypto
 * (EVP) for md5, sha1, the SHA-2 and SHA-3 families, SHAKE and whatever
 * else the provider offers (hashlib.new("ripemd160") …), and libb2 for
 * blake2b/blake2s, whose constructors take the whole BLAKE2 parameter block
 * (digest_size, key, salt, person and the tree parameters) as CPython's
 * _blake2 does — OpenSSL 3.0 cannot set those for an unkeyed hash.  Both
 * are opened on the module's first import (cryptolib.h says why).
 *
 * Objects: _hashlib.HASH (and HASHXOF for shake_*, whose digest takes a
 * length), _blake2.blake2b and _blake2.blake2s (the constructors are the
 * types, as in CPython).  update/digest/hexdigest/copy, name, digest_size,
 * block_size; hashlib.new, algorithms_guaranteed/available, pbkdf2_hmac,
 * file_digest.  Messages are CPython 3.12's.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/cryptolib.h"
#include "src/native/modhelp.h"

/* ---- the data argument -------------------------------------------------------------------- */

static bool is_buffer(Obj *o)
{
    return BYTES_CHECK(o) || type_is_subtype(OBJ_TYPE(o), &bytearray_type) ||
           type_is_subtype(OBJ_TYPE(o), &memoryview_type) ||
           strcmp(OBJ_TYPE(o)->name, "array.array") == 0;
}

/* Bytes of a buffer argument in *p and *n; *keep owns them (release with
 * XDECREF).  Hashing runs no Python code, so a bytearray is read in place. */
static int buffer_get(Obj *o, const unsigned char **p, Ssize *n, Obj **keep)
{
    *keep = NULL;
    if (BYTES_CHECK(o)) {
        *p = BYTES_DATA(o);
        *n = VAR_SIZE(o);
        return 0;
    }
    if (type_is_subtype(OBJ_TYPE(o), &bytearray_type)) {
        const unsigned char *d = ((ByteArrayObj *)o)->data;
        *p = d ? d : (const unsigned char *)"";
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

/* What hashing accepts: "Strings must be encoded before hashing" for str. */
static int hash_data(Obj *o, const unsigned char **p, Ssize *n, Obj **keep)
{
    if (STR_CHECK(o)) {
        vm_err_set_str(&exc_TypeError, "Strings must be encoded before hashing");
        return -1;
    }
    if (!is_buffer(o)) {
        vm_err_set_str(&exc_TypeError, "object supporting the buffer API required");
        return -1;
    }
    return buffer_get(o, p, n, keep);
}

/* "y*" arguments (key, salt, person, password …). */
static int bytes_arg(Obj *o, const unsigned char **p, Ssize *n, Obj **keep)
{
    if (!is_buffer(o)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(o)));
        return -1;
    }
    return buffer_get(o, p, n, keep);
}

static Obj *hex_of(const unsigned char *d, Ssize n)
{
    static const char digits[] = "0123456789abcdef";
    char *s = xmalloc((size_t)n * 2 + 1);
    for (Ssize i = 0; i < n; i++) {
        s[2 * i] = digits[d[i] >> 4];
        s[2 * i + 1] = digits[d[i] & 15];
    }
    Obj *r = str_from_utf8(s, n * 2);
    free(s);
    return r;
}

/* ---- OpenSSL digests --------------------------------------------------------------------- */

/* Python names and OpenSSL's, in algorithms_available's order of mention. */
static const struct { const char *py, *ossl; } digest_names[] = {
    {"md5", "MD5"}, {"sha1", "SHA1"}, {"sha224", "SHA224"}, {"sha256", "SHA256"},
    {"sha384", "SHA384"}, {"sha512", "SHA512"}, {"sha512_224", "SHA512-224"},
    {"sha512_256", "SHA512-256"}, {"sha3_224", "SHA3-224"}, {"sha3_256", "SHA3-256"},
    {"sha3_384", "SHA3-384"}, {"sha3_512", "SHA3-512"}, {"shake_128", "SHAKE128"},
    {"shake_256", "SHAKE256"}, {"md5-sha1", "MD5-SHA1"}, {"ripemd160", "RIPEMD160"},
    {"sm3", "SM3"},
};
#define NDIGESTS ((int)(sizeof digest_names / sizeof digest_names[0]))

typedef struct HashObj {
    Obj base;
    EVP_MD_CTX *ctx;
    const char *name;       /* Python name (static) or owned copy */
    bool name_owned;
    Obj *weakreflist;
} HashObj;

TypeObj hash_type, hashxof_type;

static Obj *ssl_error(void)
{
    vm_err_set_str(&exc_ValueError, "OpenSSL digest failure");
    return NULL;
}

/* The EVP_MD for a Python or OpenSSL name and its Python name; NULL when
 * unknown (no exception). */
static EVP_MD *digest_lookup(const char *name, const char **pyname, bool *owned)
{
    *owned = false;
    for (int i = 0; i < NDIGESTS; i++) {
        if (strcmp(name, digest_names[i].py) == 0) {
            *pyname = digest_names[i].py;
            return cryptolib.EVP_MD_fetch(NULL, digest_names[i].ossl, NULL);
        }
    }
    EVP_MD *md = cryptolib.EVP_MD_fetch(NULL, name, NULL);
    if (!md) return NULL;
    int nid = cryptolib.EVP_MD_get_type(md);
    for (int i = 0; i < NDIGESTS; i++) {
        EVP_MD *m2 = cryptolib.EVP_MD_fetch(NULL, digest_names[i].ossl, NULL);
        bool same = m2 && cryptolib.EVP_MD_get_type(m2) == nid;
        cryptolib.EVP_MD_free(m2);
        if (same) {
            *pyname = digest_names[i].py;
            return md;
        }
    }
    const char *on = cryptolib.EVP_MD_get0_name(md);
    char *low = xmalloc(strlen(on) + 1);
    for (size_t i = 0; on[i]; i++) low[i] = (char)tolower((unsigned char)on[i]);
    low[strlen(on)] = 0;
    *pyname = low;
    *owned = true;
    return md;
}

static Obj *hash_new_md(EVP_MD *md, const char *pyname, bool owned)
{
    bool xof = (cryptolib.EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0;
    HashObj *h = (HashObj *)obj_alloc(xof ? &hashxof_type : &hash_type, 0);
    if (!h) {
        if (owned) free((char *)pyname);
        return NULL;
    }
    h->name = pyname;
    h->name_owned = owned;
    h->ctx = cryptolib.EVP_MD_CTX_new();
    if (!h->ctx || !cryptolib.EVP_DigestInit_ex(h->ctx, md, NULL)) {
        DECREF(h);
        return ssl_error();
    }
    return (Obj *)h;
}

static int hash_update_obj(HashObj *h, Obj *data)
{
    const unsigned char *p;
    Ssize n;
    Obj *keep;
    if (hash_data(data, &p, &n, &keep) < 0) return -1;
    int ok = cryptolib.EVP_DigestUpdate(h->ctx, p, (size_t)n);
    XDECREF(keep);
    if (!ok) {
        ssl_error();
        return -1;
    }
    return 0;
}

static void hash_dealloc(Obj *o)
{
    HashObj *h = (HashObj *)o;
    if (h->weakreflist) weakref_clear_refs(o);
    cryptolib.EVP_MD_CTX_free(h->ctx);
    if (h->name_owned) free((char *)h->name);
    obj_free(o);
}

static Obj *hash_repr(Obj *o)
{
    HashObj *h = (HashObj *)o;
    return str_from_fmt("<%s %s object @ %p>", h->name, OBJ_TYPE(o)->name, (void *)o);
}

static Obj *hm_update(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("HASH.update", n, kw) < 0) return NULL;
    if (hash_update_obj((HashObj *)self, a[0]) < 0) return NULL;
    return INCREF(NONE);
}

/* The digest of a copy of the context (the object stays usable). */
static int hash_final(HashObj *h, unsigned char *out, unsigned *len, Ssize xof_len)
{
    EVP_MD_CTX *c = cryptolib.EVP_MD_CTX_new();
    int ok = c && cryptolib.EVP_MD_CTX_copy_ex(c, h->ctx);
    if (ok) ok = xof_len >= 0 ? cryptolib.EVP_DigestFinalXOF(c, out, (size_t)xof_len) : cryptolib.EVP_DigestFinal_ex(c, out, len);
    cryptolib.EVP_MD_CTX_free(c);
    if (!ok) ssl_error();
    return ok ? 0 : -1;
}

static Obj *hm_digest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("HASH.digest", n, kw) < 0) return NULL;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (hash_final((HashObj *)self, out, &len, -1) < 0) return NULL;
    return bytes_from(out, len);
}

static Obj *hm_hexdigest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("HASH.hexdigest", n, kw) < 0) return NULL;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (hash_final((HashObj *)self, out, &len, -1) < 0) return NULL;
    return hex_of(out, len);
}

static Obj *hm_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("HASH.copy", n, kw) < 0) return NULL;
    HashObj *h = (HashObj *)self;
    HashObj *c = (HashObj *)obj_alloc(OBJ_TYPE(self), 0);
    if (!c) return NULL;
    c->name = h->name_owned ? xstrdup(h->name) : h->name;
    c->name_owned = h->name_owned;
    c->ctx = cryptolib.EVP_MD_CTX_new();
    if (!c->ctx || !cryptolib.EVP_MD_CTX_copy_ex(c->ctx, h->ctx)) {
        DECREF(c);
        return ssl_error();
    }
    return (Obj *)c;
}

/* HASHXOF.digest(length) / hexdigest(length) */
static Obj *xof_common(Obj *self, const char *fname, Obj *const *a, Ssize n, Obj *kw, bool hex)
{
    static const char *const names[] = {"length"};
    Obj *v[1];
    if (args_parse(fname, a, n, kw, names, 1, 0, 1, v) < 0) return NULL;
    Ssize len = mh_as_ssize(v[0]);
    if (len == -1 && vm_err_occurred()) return NULL;
    if (len < 0 || len > ((Ssize)1 << 32)) {
        vm_err_no_memory();
        return NULL;
    }
    unsigned char *out = xmalloc((size_t)len + 1);
    Obj *r = NULL;
    if (len == 0 || hash_final((HashObj *)self, out, NULL, len) == 0)
        r = hex ? hex_of(out, len) : bytes_from(out, len);
    free(out);
    return r;
}

static Obj *xm_digest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return xof_common(self, "digest", a, n, kw, false);
}

static Obj *xm_hexdigest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return xof_common(self, "hexdigest", a, n, kw, true);
}

static Obj *hash_get_name(Obj *self, void *c)
{
    (void)c;
    return str_from_cstr(((HashObj *)self)->name);
}

static Obj *hash_get_digest_size(Obj *self, void *c)
{
    (void)c;
    HashObj *h = (HashObj *)self;
    if (OBJ_TYPE(self) == &hashxof_type) return int_from_i64(0);
    return int_from_i64(cryptolib.EVP_MD_get_size(cryptolib.EVP_MD_CTX_get0_md(h->ctx)));
}

static Obj *hash_get_block_size(Obj *self, void *c)
{
    (void)c;
    return int_from_i64(cryptolib.EVP_MD_get_block_size(cryptolib.EVP_MD_CTX_get0_md(((HashObj *)self)->ctx)));
}

static MethodDef hash_methods[] = {
    {"update", hm_update, METH_FAST, "Update this hash object's state with the provided string."},
    {"digest", hm_digest, METH_FAST, "Return the digest value as a bytes object."},
    {"hexdigest", hm_hexdigest, METH_FAST, "Return the digest value as a string of hexadecimal digits."},
    {"copy", hm_copy, METH_FAST, "Return a copy of the hash object."},
    {NULL, NULL, 0, NULL},
};

static MethodDef hashxof_methods[] = {
    {"digest", xm_digest, METH_FAST, "Return the digest value as a bytes object."},
    {"hexdigest", xm_hexdigest, METH_FAST, "Return the digest value as a string of hexadecimal digits."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef hash_getset[] = {
    {"name", hash_get_name, NULL, NULL, NULL},
    {"digest_size", hash_get_digest_size, NULL, NULL, NULL},
    {"block_size", hash_get_block_size, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj hash_type = {
    .base = TYPE_HEAD_INIT, .name = "_hashlib.HASH", .basicsize = sizeof(HashObj),
    .getattro = obj_generic_getattr, .dealloc = hash_dealloc, .repr = hash_repr,
    .methods = hash_methods, .getset = hash_getset, .weaklistoffset = offsetof(HashObj, weakreflist),
    .doc = "A hash is an object used to calculate a checksum of a string of information.",
};

TypeObj hashxof_type = {
    .base = TYPE_HEAD_INIT, .name = "_hashlib.HASHXOF", .basicsize = sizeof(HashObj),
    .getattro = obj_generic_getattr, .dealloc = hash_dealloc, .repr = hash_repr,
    .methods = hashxof_methods, .tp_base = &hash_type,
    .weaklistoffset = offsetof(HashObj, weakreflist),
    .doc = "A hash is an object used to calculate a checksum of a string of information.",
};

/* A new hash object of a Python-named OpenSSL digest with initial data (NULL: none). */
static Obj *hash_new_named(const char *name, Obj *data)
{
    const char *pyname;
    bool owned;
    EVP_MD *md = digest_lookup(name, &pyname, &owned);
    if (!md) {
        vm_err_format(&exc_ValueError, "unsupported hash type %s", name);
        return NULL;
    }
    Obj *h = hash_new_md(md, pyname, owned);
    cryptolib.EVP_MD_free(md);
    if (h && data && hash_update_obj((HashObj *)h, data) < 0) CLEAR(h);
    return h;
}

/* openssl_NAME(string=b'', *, usedforsecurity=True) */
static Obj *named_constructor(const char *pyname, Obj *const *a, Ssize n, Obj *kw)
{
    char fname[40];
    snprintf(fname, sizeof fname, "openssl_%s", pyname);
    if (n > 1) {
        vm_err_format(&exc_TypeError, "%s() takes at most 1 positional argument (%zd given)", fname, n);
        return NULL;
    }
    static const char *const names[] = {"string", "usedforsecurity"};
    Obj *v[2];
    if (args_parse(fname, a, n, kw, names, 2, 0, 0, v) < 0) return NULL;
    return hash_new_named(pyname, v[0]);
}

#define NAMED(py)                                                              \
    static Obj *f_##py(Obj *m, Obj *const *a, Ssize n, Obj *kw)                \
    {                                                                          \
        (void)m;                                                               \
        return named_constructor(#py, a, n, kw);                               \
    }
NAMED(md5)
NAMED(sha1)
NAMED(sha224)
NAMED(sha256)
NAMED(sha384)
NAMED(sha512)
NAMED(sha3_224)
NAMED(sha3_256)
NAMED(sha3_384)
NAMED(sha3_512)
NAMED(shake_128)
NAMED(shake_256)

/* ---- BLAKE2 (libb2) ---------------------------------------------------------------------------- */

typedef struct Blake2Obj {
    Obj base;
    bool is_b;               /* blake2b, else blake2s */
    blake2b_state b;
    blake2s_state s;
    int digest_size;
    Obj *weakreflist;
} Blake2Obj;

TypeObj blake2b_type, blake2s_type;

static void store_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* An int argument with its range check ("NAME must be between LO and HI"). */
static int int_arg(Obj *o, int64_t *out)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int r = int_as_i64(i, out);
    DECREF(i);
    return r;
}

static Obj *blake2_tp_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    bool is_b = type_is_subtype(t, &blake2b_type);
    const char *fname = is_b ? "blake2b" : "blake2s";
    const int max_digest = is_b ? 64 : 32, max_key = is_b ? 64 : 32, max_salt = is_b ? 16 : 8,
              max_person = is_b ? 16 : 8;
    if (n > 1) {
        vm_err_format(&exc_TypeError, "%s() takes at most 1 positional argument (%zd given)", fname, n);
        return NULL;
    }
    static const char *const names[] = {"data", "digest_size", "key", "salt", "person", "fanout",
                                        "depth", "leaf_size", "node_offset", "node_depth",
                                        "inner_size", "last_node", "usedforsecurity"};
    Obj *v[13];
    if (args_parse(fname, a, n, kw, names, 13, 1, 0, v) < 0) return NULL;
    int64_t digest_size = max_digest, fanout = 1, depth = 1, leaf_size = 0, node_offset = 0,
            node_depth = 0, inner_size = 0;
    int last_node = 0;
    if (v[1] && int_arg(v[1], &digest_size) < 0) return NULL;
    if (digest_size <= 0 || digest_size > max_digest) {
        vm_err_format(&exc_ValueError, "digest_size must be between 1 and %d bytes", max_digest);
        return NULL;
    }
    Obj *keeps[3] = {NULL, NULL, NULL};
    const unsigned char *key = NULL, *salt = NULL, *person = NULL;
    Ssize keylen = 0, saltlen = 0, personlen = 0;
    Obj *r = NULL;
    if (v[3]) {
        if (bytes_arg(v[3], &salt, &saltlen, &keeps[0]) < 0) goto done;
        if (saltlen > max_salt) {
            vm_err_format(&exc_ValueError, "maximum salt length is %d bytes", max_salt);
            goto done;
        }
    }
    if (v[4]) {
        if (bytes_arg(v[4], &person, &personlen, &keeps[1]) < 0) goto done;
        if (personlen > max_person) {
            vm_err_format(&exc_ValueError, "maximum person length is %d bytes", max_person);
            goto done;
        }
    }
    if (v[5] && int_arg(v[5], &fanout) < 0) goto done;
    if (fanout < 0 || fanout > 255) {
        vm_err_set_str(&exc_ValueError, "fanout must be between 0 and 255");
        goto done;
    }
    if (v[6] && int_arg(v[6], &depth) < 0) goto done;
    if (depth <= 0 || depth > 255) {
        vm_err_set_str(&exc_ValueError, "depth must be between 1 and 255");
        goto done;
    }
    if (v[7]) {
        if (int_arg(v[7], &leaf_size) < 0) {
            if (vm_err_matches(&exc_OverflowError)) {
                vm_err_clear();
                vm_err_set_str(&exc_OverflowError, "leaf_size is too large");
            }
            goto done;
        }
        if (leaf_size < 0) {
            vm_err_set_str(&exc_ValueError, "value must be positive");
            goto done;
        }
        if (leaf_size > 0xFFFFFFFFll) {
            vm_err_set_str(&exc_OverflowError, "leaf_size is too large");
            goto done;
        }
    }
    if (v[8]) {
        if (int_arg(v[8], &node_offset) < 0) {
            if (vm_err_matches(&exc_OverflowError)) {
                vm_err_clear();
                vm_err_set_str(&exc_OverflowError, "node_offset is too large");
            }
            goto done;
        }
        if (node_offset < 0) {
            vm_err_set_str(&exc_ValueError, "value must be positive");
            goto done;
        }
        if (!is_b && node_offset > 0xFFFFFFFFFFFFll) {
            vm_err_set_str(&exc_OverflowError, "node_offset is too large");
            goto done;
        }
    }
    if (v[9] && int_arg(v[9], &node_depth) < 0) goto done;
    if (node_depth < 0 || node_depth > 255) {
        vm_err_set_str(&exc_ValueError, "node_depth must be between 0 and 255");
        goto done;
    }
    if (v[10] && int_arg(v[10], &inner_size) < 0) goto done;
    if (inner_size < 0 || inner_size > max_digest) {
        vm_err_format(&exc_ValueError, "inner_size must be between 0 and is %d", max_digest);
        goto done;
    }
    if (v[11] && (last_node = obj_is_true(v[11])) < 0) goto done;
    if (v[2]) {
        if (bytes_arg(v[2], &key, &keylen, &keeps[2]) < 0) goto done;
        if (keylen > max_key) {
            vm_err_format(&exc_ValueError, "maximum key length is %d bytes", max_key);
            goto done;
        }
    }
    Blake2Obj *h = (Blake2Obj *)obj_alloc(t, 0);
    if (!h) goto done;
    h->is_b = is_b;
    h->digest_size = (int)digest_size;
    int ok;
    if (is_b) {
        blake2b_param P;
        memset(&P, 0, sizeof P);
        P.digest_length = (uint8_t)digest_size;
        P.key_length = (uint8_t)keylen;
        P.fanout = (uint8_t)fanout;
        P.depth = (uint8_t)depth;
        store_le((uint8_t *)&P.leaf_length, (uint64_t)leaf_size, 4);
        store_le((uint8_t *)&P.node_offset, (uint64_t)node_offset, 8);
        P.node_depth = (uint8_t)node_depth;
        P.inner_length = (uint8_t)inner_size;
        if (saltlen) memcpy(P.salt, salt, (size_t)saltlen);
        if (personlen) memcpy(P.personal, person, (size_t)personlen);
        ok = cryptolib.blake2b_init_param(&h->b, &P) == 0;
        h->b.last_node = (uint8_t)last_node;
        if (ok && keylen) {
            uint8_t block[BLAKE2B_BLOCKBYTES] = {0};
            memcpy(block, key, (size_t)keylen);
            ok = cryptolib.blake2b_update(&h->b, block, sizeof block) == 0;
        }
    } else {
        blake2s_param P;
        memset(&P, 0, sizeof P);
        P.digest_length = (uint8_t)digest_size;
        P.key_length = (uint8_t)keylen;
        P.fanout = (uint8_t)fanout;
        P.depth = (uint8_t)depth;
        store_le((uint8_t *)&P.leaf_length, (uint64_t)leaf_size, 4);
        store_le(P.node_offset, (uint64_t)node_offset, 6);
        P.node_depth = (uint8_t)node_depth;
        P.inner_length = (uint8_t)inner_size;
        if (saltlen) memcpy(P.salt, salt, (size_t)saltlen);
        if (personlen) memcpy(P.personal, person, (size_t)personlen);
        ok = cryptolib.blake2s_init_param(&h->s, &P) == 0;
        h->s.last_node = (uint8_t)last_node;
        if (ok && keylen) {
            uint8_t block[BLAKE2S_BLOCKBYTES] = {0};
            memcpy(block, key, (size_t)keylen);
            ok = cryptolib.blake2s_update(&h->s, block, sizeof block) == 0;
        }
    }
    if (!ok) {
        DECREF(h);
        vm_err_set_str(&exc_ValueError, "error initializing hash function");
        goto done;
    }
    r = (Obj *)h;
    if (v[0]) {
        const unsigned char *p;
        Ssize len;
        Obj *keep;
        if (hash_data(v[0], &p, &len, &keep) < 0) {
            CLEAR(r);
            goto done;
        }
        if (is_b) cryptolib.blake2b_update(&h->b, p, (size_t)len);
        else cryptolib.blake2s_update(&h->s, p, (size_t)len);
        XDECREF(keep);
    }
done:
    for (int i = 0; i < 3; i++) XDECREF(keeps[i]);
    return r;
}

static void blake2_dealloc(Obj *o)
{
    Blake2Obj *h = (Blake2Obj *)o;
    if (h->weakreflist) weakref_clear_refs(o);
    obj_free(o);
}

static Obj *b2_update(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Blake2Obj *h = (Blake2Obj *)self;
    if (mh_one_arg(h->is_b ? "blake2b.update" : "blake2s.update", n, kw) < 0) return NULL;
    const unsigned char *p;
    Ssize len;
    Obj *keep;
    if (hash_data(a[0], &p, &len, &keep) < 0) return NULL;
    if (h->is_b) cryptolib.blake2b_update(&h->b, p, (size_t)len);
    else cryptolib.blake2s_update(&h->s, p, (size_t)len);
    XDECREF(keep);
    return INCREF(NONE);
}

static void b2_final(Blake2Obj *h, uint8_t *out)
{
    if (h->is_b) {
        blake2b_state c = h->b;
        cryptolib.blake2b_final(&c, out, (size_t)h->digest_size);
    } else {
        blake2s_state c = h->s;
        cryptolib.blake2s_final(&c, out, (size_t)h->digest_size);
    }
}

static Obj *b2_digest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    Blake2Obj *h = (Blake2Obj *)self;
    if (mh_no_args(h->is_b ? "blake2b.digest" : "blake2s.digest", n, kw) < 0) return NULL;
    uint8_t out[64];
    b2_final(h, out);
    return bytes_from(out, h->digest_size);
}

static Obj *b2_hexdigest(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    Blake2Obj *h = (Blake2Obj *)self;
    if (mh_no_args(h->is_b ? "blake2b.hexdigest" : "blake2s.hexdigest", n, kw) < 0) return NULL;
    uint8_t out[64];
    b2_final(h, out);
    return hex_of(out, h->digest_size);
}

static Obj *b2_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    Blake2Obj *h = (Blake2Obj *)self;
    if (mh_no_args(h->is_b ? "blake2b.copy" : "blake2s.copy", n, kw) < 0) return NULL;
    Blake2Obj *c = (Blake2Obj *)obj_alloc(OBJ_TYPE(self), 0);
    if (!c) return NULL;
    c->is_b = h->is_b;
    c->b = h->b;
    c->s = h->s;
    c->digest_size = h->digest_size;
    return (Obj *)c;
}

static Obj *b2_get_name(Obj *self, void *c)
{
    (void)c;
    return str_from_cstr(((Blake2Obj *)self)->is_b ? "blake2b" : "blake2s");
}

static Obj *b2_get_digest_size(Obj *self, void *c)
{
    (void)c;
    return int_from_i64(((Blake2Obj *)self)->digest_size);
}

static Obj *b2_get_block_size(Obj *self, void *c)
{
    (void)c;
    return int_from_i64(((Blake2Obj *)self)->is_b ? 128 : 64);
}

static MethodDef blake2_methods[] = {
    {"update", b2_update, METH_FAST, "Update this hash object's state with the provided bytes-like object."},
    {"digest", b2_digest, METH_FAST, "Return the digest value as a bytes object."},
    {"hexdigest", b2_hexdigest, METH_FAST, "Return the digest value as a string of hexadecimal digits."},
    {"copy", b2_copy, METH_FAST, "Return a copy of the hash object."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef blake2_getset[] = {
    {"name", b2_get_name, NULL, NULL, NULL},
    {"digest_size", b2_get_digest_size, NULL, NULL, NULL},
    {"block_size", b2_get_block_size, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj blake2b_type = {
    .base = TYPE_HEAD_INIT, .name = "_blake2.blake2b", .basicsize = sizeof(Blake2Obj),
    .flags = TPF_BASETYPE, .getattro = obj_generic_getattr, .dealloc = blake2_dealloc,
    .new_ = blake2_tp_new, .methods = blake2_methods, .getset = blake2_getset,
    .weaklistoffset = offsetof(Blake2Obj, weakreflist),
    .doc = "Return a new BLAKE2b hash object.",
};

TypeObj blake2s_type = {
    .base = TYPE_HEAD_INIT, .name = "_blake2.blake2s", .basicsize = sizeof(Blake2Obj),
    .flags = TPF_BASETYPE, .getattro = obj_generic_getattr, .dealloc = blake2_dealloc,
    .new_ = blake2_tp_new, .methods = blake2_methods, .getset = blake2_getset,
    .weaklistoffset = offsetof(Blake2Obj, weakreflist),
    .doc = "Return a new BLAKE2s hash object.",
};

/* ---- module functions ------------------------------------------------------------------------ */

/* hashlib.new(name, data=b'', **kwargs) — hashlib.py's __hash_new */
static Obj *f_new(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    Ssize nkw = mh_nkw(kw);
    Obj *name = n > 0 ? a[0] : NULL, *data = n > 1 ? a[1] : NULL;
    if (n > 2) {
        args_err_too_many_positional("__hash_new", 1, 2, n, 0);
        return NULL;
    }
    /* name and data may come by keyword; the rest go to the constructor */
    Obj **rest = xmalloc(sizeof(Obj *) * (size_t)(nkw + 1));
    Obj **restnames = xmalloc(sizeof(Obj *) * (size_t)(nkw + 1));
    Ssize nrest = 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kw)[k];
        Obj *val = a[n + k];
        if (str_eq_cstr(kn, "name") || str_eq_cstr(kn, "data")) {
            bool is_name = str_eq_cstr(kn, "name");
            if ((is_name && name) || (!is_name && data)) {
                args_err_multiple_values("__hash_new", kn);
                free(rest);
                free(restnames);
                return NULL;
            }
            if (is_name) name = val;
            else data = val;
        } else {
            rest[nrest] = val;
            restnames[nrest++] = kn;
        }
    }
    Obj *r = NULL;
    if (!name) {
        Obj *nm = str_from_cstr("name");
        if (nm) args_err_missing("__hash_new", &nm, 1, false);
        XDECREF(nm);
        goto done;
    }
    if (!STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "name must be a string");
        goto done;
    }
    if (str_eq_cstr(name, "blake2b") || str_eq_cstr(name, "blake2s")) {
        Obj **args = xmalloc(sizeof(Obj *) * (size_t)(nrest + 1));
        Ssize np = 0;
        if (data) args[np++] = data;
        for (Ssize k = 0; k < nrest; k++) args[np + k] = rest[k];
        Obj *knames = nrest ? tuple_from_array(restnames, nrest) : NULL;
        if (!nrest || knames)
            r = obj_call(str_eq_cstr(name, "blake2b") ? (Obj *)&blake2b_type : (Obj *)&blake2s_type, args,
                         np, knames);
        XDECREF(knames);
        free(args);
        goto done;
    }
    for (Ssize k = 0; k < nrest; k++) {
        if (!str_eq_cstr(restnames[k], "usedforsecurity")) {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for new()", restnames[k]);
            goto done;
        }
    }
    Ssize len;
    const char *cname = str_utf8(name, &len);
    if (cname) r = hash_new_named(cname, data);
done:
    free(rest);
    free(restnames);
    return r;
}

static Obj *f_pbkdf2_hmac(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"hash_name", "password", "salt", "iterations", "dklen"};
    Obj *v[5];
    if (args_parse("pbkdf2_hmac", a, n, kw, names, 5, 0, 4, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "pbkdf2_hmac() argument 'hash_name' must be str, not %s",
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    Obj *keeps[2] = {NULL, NULL}, *r = NULL;
    const unsigned char *pw, *salt;
    Ssize pwlen, saltlen;
    if (bytes_arg(v[1], &pw, &pwlen, &keeps[0]) < 0 || bytes_arg(v[2], &salt, &saltlen, &keeps[1]) < 0)
        goto done;
    int64_t iters;
    if (int_arg(v[3], &iters) < 0) goto done;
    if (iters < 1) {
        vm_err_set_str(&exc_ValueError, "iteration value must be greater than 0.");
        goto done;
    }
    if (iters > 0x7fffffff) {
        vm_err_set_str(&exc_OverflowError, "iteration value is too great.");
        goto done;
    }
    Ssize len;
    const char *cname = str_utf8(v[0], &len);
    if (!cname) goto done;
    const char *pyname;
    bool owned;
    EVP_MD *md = digest_lookup(cname, &pyname, &owned);
    if (owned) free((char *)pyname);
    if (!md) {
        vm_err_format(&exc_ValueError, "unsupported hash type %s", cname);
        goto done;
    }
    int64_t dklen = cryptolib.EVP_MD_get_size(md);
    if (v[4] && v[4] != NONE) {
        if (int_arg(v[4], &dklen) < 0) {
            cryptolib.EVP_MD_free(md);
            goto done;
        }
        if (dklen < 1) {
            cryptolib.EVP_MD_free(md);
            vm_err_set_str(&exc_ValueError, "key length must be greater than 0.");
            goto done;
        }
        if (dklen > 0x7fffffff) {
            cryptolib.EVP_MD_free(md);
            vm_err_set_str(&exc_OverflowError, "key length is too great.");
            goto done;
        }
    }
    unsigned char *out = xmalloc((size_t)dklen);
    int ok = cryptolib.PKCS5_PBKDF2_HMAC((const char *)pw, (int)pwlen, salt, (int)saltlen, (int)iters, md,
                               (int)dklen, out);
    cryptolib.EVP_MD_free(md);
    if (ok) r = bytes_from(out, dklen);
    else ssl_error();
    free(out);
done:
    XDECREF(keeps[0]);
    XDECREF(keeps[1]);
    return r;
}

/* scrypt(password, *, salt, n, r, p, maxmem=0, dklen=64) through OpenSSL. */
static Obj *f_scrypt(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (n > 1) {
        vm_err_format(&exc_TypeError, "scrypt() takes exactly 1 positional argument (%zd given)", n);
        return NULL;
    }
    static const char *const names[] = {"password", "salt", "n", "r", "p", "maxmem", "dklen"};
    Obj *v[7];
    if (args_parse("scrypt", a, n, kw, names, 7, 0, 1, v) < 0) return NULL;
    Obj *keeps[2] = {NULL, NULL}, *r = NULL;
    const unsigned char *pw, *salt;
    Ssize pwlen, saltlen;
    if (bytes_arg(v[0], &pw, &pwlen, &keeps[0]) < 0) goto done;
    if (!v[1] || v[1] == NONE) {
        vm_err_set_str(&exc_TypeError, "salt is required");
        goto done;
    }
    if (bytes_arg(v[1], &salt, &saltlen, &keeps[1]) < 0) goto done;
    int64_t N = 0, R = 0, P = 0, maxmem = 0, dklen = 64;
    if (!v[2] || v[2] == NONE) {
        vm_err_set_str(&exc_TypeError, "n is required and must be an unsigned int");
        goto done;
    }
    if (int_arg(v[2], &N) < 0) goto done;
    if (N < 2 || (N & (N - 1))) {
        vm_err_set_str(&exc_ValueError, "n must be a power of 2.");
        goto done;
    }
    if (!v[3] || v[3] == NONE) {
        vm_err_set_str(&exc_TypeError, "r is required and must be an unsigned int");
        goto done;
    }
    if (int_arg(v[3], &R) < 0) goto done;
    if (!v[4] || v[4] == NONE) {
        vm_err_set_str(&exc_TypeError, "p is required and must be an unsigned int");
        goto done;
    }
    if (int_arg(v[4], &P) < 0) goto done;
    if (v[5] && int_arg(v[5], &maxmem) < 0) goto done;
    if (maxmem < 0 || maxmem > 0x7fffffff) {
        vm_err_format(&exc_ValueError, "maxmem must be positive and smaller than %d", 0x7fffffff);
        goto done;
    }
    if (v[6] && int_arg(v[6], &dklen) < 0) goto done;
    if (dklen < 1 || dklen > 0x7fffffff) {
        vm_err_format(&exc_ValueError, "dklen must be greater than 0 and smaller than %d", 0x7fffffff);
        goto done;
    }
    if (R < 0 || P < 0 ||
        !cryptolib.EVP_PBE_scrypt(NULL, 0, NULL, 0, (uint64_t)N, (uint64_t)R, (uint64_t)P, (uint64_t)maxmem, NULL, 0)) {
        /* CPython reports OpenSSL's own reason when there is one */
        unsigned long e = cryptolib.ERR_peek_last_error();
        const char *lib = e ? cryptolib.ERR_lib_error_string(e) : NULL, *reason = e ? cryptolib.ERR_reason_error_string(e) : NULL;
        if (lib && reason) vm_err_format(&exc_ValueError, "[%s] %s", lib, reason);
        else if (reason) vm_err_set_str(&exc_ValueError, reason);
        else vm_err_set_str(&exc_ValueError, "Invalid parameter combination for n, r, p, maxmem.");
        cryptolib.ERR_clear_error();
        goto done;
    }
    unsigned char *out = xmalloc((size_t)dklen);
    if (cryptolib.EVP_PBE_scrypt((const char *)pw, (size_t)pwlen, salt, (size_t)saltlen, (uint64_t)N, (uint64_t)R,
                       (uint64_t)P, (uint64_t)maxmem, out, (size_t)dklen))
        r = bytes_from(out, dklen);
    else
        ssl_error();
    free(out);
done:
    XDECREF(keeps[0]);
    XDECREF(keeps[1]);
    return r;
}

/* file_digest(fileobj, digest, /, *, _bufsize=2**18): read() until empty. */
static Obj *f_file_digest(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"fileobj", "digest", "_bufsize"};
    Obj *v[3];
    if (mh_bind("file_digest", a, n, kw, names, 3, 2, 2, 2, 0, v) < 0) return NULL;
    Obj *h;
    if (STR_CHECK(v[1])) {
        Ssize len;
        const char *cname = str_utf8(v[1], &len);
        h = cname ? hash_new_named(cname, NULL) : NULL;
    } else {
        h = obj_call(v[1], NULL, 0, NULL);
    }
    if (!h) return NULL;
    /* hashlib.py: a BytesIO (getbuffer) or a binary file open for reading */
    Obj *attr;
    int has = obj_lookup_attr(v[0], id_str("getbuffer"), &attr);
    XDECREF(attr);
    if (has == 0) {
        Obj *ri = NULL, *rd = NULL, *ok = NULL;
        int t = 0;
        if (obj_lookup_attr(v[0], id_str("readinto"), &ri) >= 0 && ri &&
            obj_lookup_attr(v[0], id_str("readable"), &rd) >= 0 && rd && (ok = obj_call(rd, NULL, 0, NULL)))
            t = obj_is_true(ok);
        XDECREF(ri);
        XDECREF(rd);
        XDECREF(ok);
        if (vm_err_occurred() || t <= 0) {
            if (!vm_err_occurred()) vm_err_format(&exc_ValueError, "'%R' is not a file-like object in binary reading mode.", v[0]);
            DECREF(h);
            return NULL;
        }
    } else if (has < 0) {
        DECREF(h);
        return NULL;
    }
    Obj *size = v[2] ? INCREF(v[2]) : int_from_i64(1 << 18);
    for (;;) {
        Obj *chunk = size ? obj_call_method(v[0], "read", &size, 1) : NULL;
        if (!chunk) goto fail;
        Ssize len = obj_length(chunk);
        if (len <= 0) {
            DECREF(chunk);
            if (len < 0) goto fail;
            break;
        }
        Obj *r = obj_call_method(h, "update", &chunk, 1);
        DECREF(chunk);
        if (!r) goto fail;
        DECREF(r);
    }
    XDECREF(size);
    return h;
fail:
    XDECREF(size);
    DECREF(h);
    return NULL;
}

static const MethodDef hashlib_functions[] = {
    {"new", f_new, METH_FAST, "Return a new hashing object using the named algorithm."},
    {"pbkdf2_hmac", f_pbkdf2_hmac, METH_FAST, "Password based key derivation function 2 (PKCS #5 v2.0) with HMAC as pseudorandom function."},
    {"file_digest", f_file_digest, METH_FAST, "Hash the contents of a file-like object."},
    {"scrypt", f_scrypt, METH_FAST, "scrypt password-based key derivation function."},
    {NULL, NULL, 0, NULL},
};

/* hashlib.md5 … are _hashlib's openssl_NAME builtins under the short names. */
static const MethodDef constructor_defs[] = {
    {"openssl_md5", f_md5, METH_FAST, "Returns a md5 hash object; optionally initialized with a string"},
    {"openssl_sha1", f_sha1, METH_FAST, "Returns a sha1 hash object; optionally initialized with a string"},
    {"openssl_sha224", f_sha224, METH_FAST, "Returns a sha224 hash object; optionally initialized with a string"},
    {"openssl_sha256", f_sha256, METH_FAST, "Returns a sha256 hash object; optionally initialized with a string"},
    {"openssl_sha384", f_sha384, METH_FAST, "Returns a sha384 hash object; optionally initialized with a string"},
    {"openssl_sha512", f_sha512, METH_FAST, "Returns a sha512 hash object; optionally initialized with a string"},
    {"openssl_sha3_224", f_sha3_224, METH_FAST, "Returns a sha3-224 hash object; optionally initialized with a string"},
    {"openssl_sha3_256", f_sha3_256, METH_FAST, "Returns a sha3-256 hash object; optionally initialized with a string"},
    {"openssl_sha3_384", f_sha3_384, METH_FAST, "Returns a sha3-384 hash object; optionally initialized with a string"},
    {"openssl_sha3_512", f_sha3_512, METH_FAST, "Returns a sha3-512 hash object; optionally initialized with a string"},
    {"openssl_shake_128", f_shake_128, METH_FAST, "Returns a shake-128 variable hash object; optionally initialized with a string"},
    {"openssl_shake_256", f_shake_256, METH_FAST, "Returns a shake-256 variable hash object; optionally initialized with a string"},
    {NULL, NULL, 0, NULL},
};

static const char *const guaranteed[] = {
    "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384",
    "sha3_512", "shake_128", "shake_256", "blake2b", "blake2s",
};

static Obj *name_set(bool available)
{
    Obj *s = set_new(NULL);
    if (!s) return NULL;
    for (size_t i = 0; i < sizeof guaranteed / sizeof guaranteed[0]; i++) {
        Obj *nm = str_from_cstr(guaranteed[i]);
        if (!nm || set_add(s, nm) < 0) {
            XDECREF(nm);
            DECREF(s);
            return NULL;
        }
        DECREF(nm);
    }
    for (int i = 0; available && i < NDIGESTS; i++) {
        EVP_MD *md = cryptolib.EVP_MD_fetch(NULL, digest_names[i].ossl, NULL);
        if (!md) continue;
        cryptolib.EVP_MD_free(md);
        Obj *nm = str_from_cstr(digest_names[i].py);
        if (!nm || set_add(s, nm) < 0) {
            XDECREF(nm);
            DECREF(s);
            return NULL;
        }
        DECREF(nm);
    }
    return s;
}

static int blake2_constants(TypeObj *t, bool is_b)
{
    struct { const char *name; int v; } c[] = {
        {"SALT_SIZE", is_b ? 16 : 8}, {"PERSON_SIZE", is_b ? 16 : 8},
        {"MAX_KEY_SIZE", is_b ? 64 : 32}, {"MAX_DIGEST_SIZE", is_b ? 64 : 32},
    };
    for (int i = 0; i < 4; i++) {
        Obj *v = int_from_i64(c[i].v);
        if (!v || dict_set_str(t->dict, c[i].name, v) < 0) {
            XDECREF(v);
            return -1;
        }
        DECREF(v);
    }
    type_modified(t);
    return 0;
}

static int hashlib_types_ready(void)
{
    TypeObj *types[] = {&hash_type, &hashxof_type, &blake2b_type, &blake2s_type};
    for (int i = 0; i < 4; i++)
        if (!(types[i]->flags & TPF_READY)) {
            if (type_ready(types[i]) < 0) return -1;
            if (i >= 2 && blake2_constants(types[i], i == 2) < 0) return -1;
        }
    return 0;
}

static Obj *hashlib_init(void)
{
    if (cryptolib_load() < 0 || hashlib_types_ready() < 0) return NULL;
    Obj *m = mh_module("hashlib", hashlib_functions);
    if (!m) return NULL;
    Obj *g = name_set(false), *av = name_set(true);
    Obj *all = tuple_pack(0);
    static const char *const all_names[] = {
        "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "sha3_224",
        "sha3_256", "sha3_384", "sha3_512", "shake_128", "shake_256", "new",
        "algorithms_guaranteed", "algorithms_available", "file_digest", "pbkdf2_hmac",
    };
    Ssize nall = (Ssize)(sizeof all_names / sizeof all_names[0]);
    XDECREF(all);
    all = tuple_new(nall);
    for (Ssize i = 0; all && i < nall; i++) {
        TUPLE_ITEMS(all)[i] = str_from_cstr(all_names[i]);
        if (!TUPLE_ITEMS(all)[i]) {
            for (Ssize j = i; j < nall; j++) TUPLE_ITEMS(all)[j] = INCREF(NONE);
            CLEAR(all);
        }
    }
    if (!g || !av || !all || module_add(m, "algorithms_guaranteed", g) < 0 ||
        module_add(m, "algorithms_available", av) < 0 || module_add(m, "__all__", all) < 0 ||
        mh_add_obj(m, "blake2b", (Obj *)&blake2b_type) < 0 ||
        mh_add_obj(m, "blake2s", (Obj *)&blake2s_type) < 0) {
        DECREF(m);
        return NULL;
    }
    Obj *modname = str_from_cstr("_hashlib");
    for (const MethodDef *f = constructor_defs; modname && f->name; f++) {
        if (module_add(m, f->name + strlen("openssl_"), builtin_new(f, m, modname)) < 0) {
            DECREF(modname);
            DECREF(m);
            return NULL;
        }
    }
    XDECREF(modname);
    if (!modname) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_hashlib_register(void)
{
    import_register_native("hashlib", hashlib_init);
}

/* mod_uuid.c — the `uuid` module of CPython 3.12, natively.
 *
 * UUID is a heap class whose one piece of state is its 128-bit `int`
 * attribute (plus `is_safe`), set once by __init__ and then immutable
 * ("UUID objects are immutable"); every other property (bytes, fields,
 * hex, urn, variant, version, time …) is computed from it as uuid.py
 * does.  The constructor accepts exactly one of hex, bytes, bytes_le,
 * fields and int with uuid.py's checks and messages, and `version` sets
 * the RFC 4122 variant and version bits.  uuid3/uuid5 hash with OpenSSL's
 * MD5/SHA-1 (the library hashlib already uses), uuid4 and uuid1's node and
 * clock sequence come from /dev/urandom.  getnode() returns a random
 * multicast node (no hardware address is read).
 */
#include "config.h"

#include <gmp.h>
#include <string.h>
#include <time.h>

#include "src/native/cryptolib.h"
#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *uuid_cls, *safe_enum, *safe_unknown;

static const char *const variant_names[] = {"reserved for NCS compatibility", "specified in RFC 4122",
                                            "reserved for Microsoft compatibility",
                                            "reserved for future definition"};

/* ---- the 128-bit value ------------------------------------------------------------------- */

static Obj *int_from_be(const unsigned char b[16])
{
    mpz_t z;
    mpz_init(z);
    mpz_import(z, 16, 1, 1, 0, 0, b);
    Obj *r = int_from_mpz(z);
    mpz_clear(z);
    return r;
}

/* an int of at most 128 bits as 16 big-endian bytes (zeros otherwise) */
static void int_to_be16(Obj *v, unsigned char b[16])
{
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    memset(b, 0, 16);
    if (mpz_sgn(z) > 0 && mpz_sizeinbase(z, 2) <= 128) {
        size_t count = 0;
        unsigned char tmp[16];
        mpz_export(tmp, &count, 1, 1, 0, 0, z);
        memcpy(b + 16 - count, tmp, count);
    }
    mpz_clear(z);
}

/* self.int as 16 big-endian bytes */
static int uuid_bytes(Obj *self, unsigned char out[16])
{
    Obj *v = obj_getattr_str(self, "int");
    if (!v) return -1;
    if (!INT_CHECK(v) || int_sign(v) < 0) {
        DECREF(v);
        vm_err_set_str(&exc_TypeError, "UUID.int must be a non-negative int");
        return -1;
    }
    int_to_be16(v, out);
    DECREF(v);
    return 0;
}

static uint64_t be_bits(const unsigned char *b, int from, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | b[from + i];
    return v;
}

/* ---- construction ------------------------------------------------------------------------- */

static int set_value(Obj *self, const unsigned char b[16], Obj *is_safe)
{
    Obj *v = int_from_be(b);
    if (!v) return -1;
    Obj *k1 = str_from_cstr("int"), *k2 = str_from_cstr("is_safe");
    int r = k1 && k2 && obj_generic_setattr(self, k1, v) == 0 && obj_generic_setattr(self, k2, is_safe) == 0 ? 0 : -1;
    XDECREF(k1);
    XDECREF(k2);
    DECREF(v);
    return r;
}

static int from_hex(Obj *hex, unsigned char b[16])
{
    static const char *const steps[][2] = {{"urn:", ""}, {"uuid:", ""}};
    Obj *h = INCREF(hex);
    for (int i = 0; h && i < 2; i++) {
        Obj *f = str_from_cstr(steps[i][0]), *t = str_from_cstr(steps[i][1]);
        obj_setref(&h, f && t ? obj_call_method(h, "replace", (Obj *[]){f, t}, 2) : NULL);
        XDECREF(f);
        XDECREF(t);
    }
    Obj *br = h ? str_from_cstr("{}") : NULL;
    if (br) obj_setref(&h, obj_call_method(h, "strip", &br, 1));
    XDECREF(br);
    Obj *dash = h ? str_from_cstr("-") : NULL, *none = h ? str_from_cstr("") : NULL;
    if (dash && none) obj_setref(&h, obj_call_method(h, "replace", (Obj *[]){dash, none}, 2));
    XDECREF(dash);
    XDECREF(none);
    if (!h) return -1;
    if (obj_length(h) != 32) {
        DECREF(h);
        if (!vm_err_occurred()) vm_err_set_str(&exc_ValueError, "badly formed hexadecimal UUID string");
        return -1;
    }
    Obj *sixteen = int_from_i64(16);
    Obj *v = sixteen ? obj_call((Obj *)&int_type, (Obj *[]){h, sixteen}, 2, NULL) : NULL;
    XDECREF(sixteen);
    DECREF(h);
    if (!v) return -1;
    int_to_be16(v, b);
    DECREF(v);
    return 0;
}

static int from_bytes_arg(Obj *o, unsigned char b[16], bool le)
{
    Ssize n = obj_length(o);
    if (n < 0) return -1;
    if (n != 16) {
        vm_err_set_str(&exc_ValueError, le ? "bytes_le is not a 16-char string" : "bytes is not a 16-char string");
        return -1;
    }
    if (!BYTES_CHECK(o)) {
        if (le) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as bytes", OBJ_TYPE(o)->name);
        } else {
            Obj *r = obj_repr(o);
            if (r) vm_err_set_obj(&exc_AssertionError, r);
            XDECREF(r);
        }
        return -1;
    }
    const unsigned char *p = BYTES_DATA(o);
    if (le) {
        static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        for (int i = 0; i < 16; i++) b[i] = p[order[i]];
    } else {
        memcpy(b, p, 16);
    }
    return 0;
}

static int from_fields(Obj *fields, unsigned char b[16])
{
    Ssize n = obj_length(fields);
    if (n < 0) return -1;
    if (n != 6) {
        vm_err_set_str(&exc_ValueError, "fields is not a 6-tuple");
        return -1;
    }
    Obj *t = seq_fast(fields, "fields must be iterable");
    if (!t) return -1;
    static const int bits[6] = {32, 16, 16, 8, 8, 48};
    static const int pos[6] = {0, 4, 6, 8, 9, 10};
    int rc = 0;
    memset(b, 0, 16);
    for (int i = 0; i < 6 && rc == 0; i++) {
        Obj *f = (TUPLE_CHECK(t) ? TUPLE_ITEMS(t) : LIST_ITEMS(t))[i];
        Obj *zero = int_from_i64(0), *lim = int_from_u64((uint64_t)1 << bits[i]);
        int lo = zero ? obj_richcompare_bool(zero, f, CMP_LE) : -1;
        int hi = lo > 0 && lim ? obj_richcompare_bool(f, lim, CMP_LT) : 0;
        XDECREF(zero);
        XDECREF(lim);
        if (lo < 0 || hi < 0) {
            rc = -1;
        } else if (!lo || !hi) {
            vm_err_format(&exc_ValueError, "field %d out of range (need a%s %d-bit value)", i + 1,
                          bits[i] == 8 ? "n" : "", bits[i]);
            rc = -1;
        } else {
            int64_t v = 0;
            Obj *iv = num_index(f);
            if (!iv || int_as_i64(iv, &v) < 0) rc = -1;
            XDECREF(iv);
            for (int k = bits[i] / 8 - 1; rc == 0 && k >= 0; k--, v >>= 8) b[pos[i] + k] = (unsigned char)(v & 0xff);
        }
    }
    DECREF(t);
    return rc;
}

static int from_int(Obj *v, unsigned char b[16])
{
    Obj *zero = int_from_i64(0);
    Obj *one = int_from_i64(1), *s128 = int_from_i64(128);
    Obj *lim = one && s128 ? num_binary(one, s128, NB_LSHIFT) : NULL;
    int lo = zero && lim ? obj_richcompare_bool(zero, v, CMP_LE) : -1;
    int hi = lo > 0 ? obj_richcompare_bool(v, lim, CMP_LT) : 0;
    XDECREF(zero);
    XDECREF(one);
    XDECREF(s128);
    XDECREF(lim);
    if (lo < 0 || hi < 0) return -1;
    if (!lo || !hi) {
        vm_err_set_str(&exc_ValueError, "int is out of range (need a 128-bit value)");
        return -1;
    }
    Obj *iv = num_index(v);
    if (!iv) return -1;
    int_to_be16(iv, b);
    DECREF(iv);
    return 0;
}

static void set_version(unsigned char b[16], int version)
{
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);                  /* RFC 4122 variant */
    b[6] = (unsigned char)((b[6] & 0x0f) | (version << 4));
}

static Obj *uuid_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"hex", "bytes", "bytes_le", "fields", "int", "version", "is_safe"};
    Obj *v[7];
    if (mh_bind_m("UUID.__init__", args, nargs, kw, names, 7, 6, 0, 0, 0, v) < 0) return NULL;
    int given = 0;
    for (int i = 0; i < 5; i++) given += v[i] && v[i] != NONE;
    if (given != 1) {
        vm_err_set_str(&exc_TypeError, "one of the hex, bytes, bytes_le, fields, or int arguments must be given");
        return NULL;
    }
    unsigned char b[16];
    int r;
    if (v[0] && v[0] != NONE) r = from_hex(v[0], b);
    else if (v[2] && v[2] != NONE) r = from_bytes_arg(v[2], b, true);
    else if (v[1] && v[1] != NONE) r = from_bytes_arg(v[1], b, false);
    else if (v[3] && v[3] != NONE) r = from_fields(v[3], b);
    else r = from_int(v[4], b);
    if (r < 0) return NULL;
    if (v[5] && v[5] != NONE) {
        Obj *one = int_from_i64(1), *five = int_from_i64(5);
        int lo = one ? obj_richcompare_bool(one, v[5], CMP_LE) : -1;
        int hi = lo > 0 && five ? obj_richcompare_bool(v[5], five, CMP_LE) : 0;
        XDECREF(one);
        XDECREF(five);
        if (lo < 0 || hi < 0) return NULL;
        if (!lo || !hi) {
            vm_err_set_str(&exc_ValueError, "illegal version number");
            return NULL;
        }
        int64_t ver = 0;
        Obj *iv = num_index(v[5]);
        if (!iv || int_as_i64(iv, &ver) < 0) {
            XDECREF(iv);
            return NULL;
        }
        DECREF(iv);
        set_version(b, (int)ver);
    }
    return set_value(self, b, v[6] ? v[6] : safe_unknown) < 0 ? NULL : INCREF(NONE);
}

/* ---- dunder methods -------------------------------------------------------------------------- */

static Obj *uuid_setattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kw;
    vm_err_set_str(&exc_TypeError, "UUID objects are immutable");
    return NULL;
}

static Obj *uuid_str_of(Obj *self)
{
    unsigned char b[16];
    if (uuid_bytes(self, b) < 0) return NULL;
    char buf[40];
    int k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) buf[k++] = '-';
        k += snprintf(buf + k, sizeof buf - (size_t)k, "%02x", b[i]);
    }
    return str_from_cstr(buf);
}

static Obj *uuid_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("UUID.__str__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return uuid_str_of(self);
}

static Obj *uuid_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("UUID.__repr__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *s = uuid_str_of(self);
    Obj *r = s ? str_from_fmt("%s(%R)", type_name(OBJ_TYPE(self)), s) : NULL;
    XDECREF(s);
    return r;
}

static Obj *uuid_int_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("UUID.__int__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return obj_getattr_str(self, "int");
}

static Obj *uuid_hash(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("UUID.__hash__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *v = obj_getattr_str(self, "int");
    if (!v) return NULL;
    Hash h = obj_hash(v);
    DECREF(v);
    return h == -1 ? NULL : int_from_i64(h);
}

static Obj *uuid_compare(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, int op)
{
    if (mh_nkw(kw) || nargs != 1) {
        vm_err_format(&exc_TypeError, "expected 1 argument, got %zd", nargs);
        return NULL;
    }
    int isu = obj_isinstance(args[0], uuid_cls);
    if (isu < 0) return NULL;
    if (!isu) return INCREF(NOTIMPL);
    Obj *a = obj_getattr_str(self, "int"), *b = a ? obj_getattr_str(args[0], "int") : NULL;
    Obj *r = b ? obj_richcompare(a, b, op) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

#define UUID_CMP(name, op)                                                    \
    static Obj *uuid_##name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw) \
    {                                                                         \
        return uuid_compare(self, args, nargs, kw, op);                       \
    }
UUID_CMP(eq, CMP_EQ)
UUID_CMP(lt, CMP_LT)
UUID_CMP(le, CMP_LE)
UUID_CMP(gt, CMP_GT)
UUID_CMP(ge, CMP_GE)

static Obj *uuid_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("UUID.__reduce__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *s = uuid_str_of(self);
    Obj *a = s ? tuple_pack(1, s) : NULL;
    Obj *r = a ? tuple_pack(2, (Obj *)OBJ_TYPE(self), a) : NULL;
    XDECREF(s);
    XDECREF(a);
    return r;
}

static const MethodDef uuid_methods[] = {
    {"__init__", uuid_init, METH_FAST, NULL},
    {"__setattr__", uuid_setattr, METH_FAST, NULL},
    {"__str__", uuid_str, METH_FAST, NULL},
    {"__repr__", uuid_repr, METH_FAST, NULL},
    {"__int__", uuid_int_m, METH_FAST, NULL},
    {"__hash__", uuid_hash, METH_FAST, NULL},
    {"__eq__", uuid_eq, METH_FAST, NULL},
    {"__lt__", uuid_lt, METH_FAST, NULL},
    {"__le__", uuid_le, METH_FAST, NULL},
    {"__gt__", uuid_gt, METH_FAST, NULL},
    {"__ge__", uuid_ge, METH_FAST, NULL},
    {"__reduce__", uuid_reduce, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- properties ------------------------------------------------------------------------------ */

enum { P_BYTES, P_BYTES_LE, P_FIELDS, P_TIME_LOW, P_TIME_MID, P_TIME_HI_VERSION, P_CLOCK_SEQ_HI_VARIANT,
       P_CLOCK_SEQ_LOW, P_TIME, P_CLOCK_SEQ, P_NODE, P_HEX, P_URN, P_VARIANT, P_VERSION };

static int variant_of(const unsigned char b[16])
{
    if (!(b[8] & 0x80)) return 0;
    if (!(b[8] & 0x40)) return 1;
    if (!(b[8] & 0x20)) return 2;
    return 3;
}

static Obj *uuid_prop(Obj *self, void *closure)
{
    unsigned char b[16];
    if (uuid_bytes(self, b) < 0) return NULL;
    switch ((int)(intptr_t)closure) {
    case P_BYTES:
        return bytes_from(b, 16);
    case P_BYTES_LE: {
        static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        unsigned char le[16];
        for (int i = 0; i < 16; i++) le[i] = b[order[i]];
        return bytes_from(le, 16);
    }
    case P_FIELDS: {
        Obj *v[6] = {int_from_u64(be_bits(b, 0, 4)), int_from_u64(be_bits(b, 4, 2)), int_from_u64(be_bits(b, 6, 2)),
                     int_from_u64(b[8]), int_from_u64(b[9]), int_from_u64(be_bits(b, 10, 6))};
        Obj *t = v[0] && v[1] && v[2] && v[3] && v[4] && v[5] ? tuple_from_array(v, 6) : NULL;
        for (int i = 0; i < 6; i++) XDECREF(v[i]);
        return t;
    }
    case P_TIME_LOW: return int_from_u64(be_bits(b, 0, 4));
    case P_TIME_MID: return int_from_u64(be_bits(b, 4, 2));
    case P_TIME_HI_VERSION: return int_from_u64(be_bits(b, 6, 2));
    case P_CLOCK_SEQ_HI_VARIANT: return int_from_u64(b[8]);
    case P_CLOCK_SEQ_LOW: return int_from_u64(b[9]);
    case P_TIME:
        return int_from_u64((be_bits(b, 6, 2) & 0x0fff) << 48 | be_bits(b, 4, 2) << 32 | be_bits(b, 0, 4));
    case P_CLOCK_SEQ: return int_from_u64((uint64_t)(b[8] & 0x3f) << 8 | b[9]);
    case P_NODE: return int_from_u64(be_bits(b, 10, 6));
    case P_HEX: {
        char buf[40];
        for (int i = 0; i < 16; i++) snprintf(buf + 2 * i, sizeof buf - (size_t)(2 * i), "%02x", b[i]);
        return str_from_cstr(buf);
    }
    case P_URN: {
        Obj *s = uuid_str_of(self);
        Obj *r = s ? str_from_fmt("urn:uuid:%S", s) : NULL;
        XDECREF(s);
        return r;
    }
    case P_VARIANT: return str_from_cstr(variant_names[variant_of(b)]);
    case P_VERSION:
        if (variant_of(b) != 1) return INCREF(NONE);
        return int_from_i64(b[6] >> 4);
    }
    return INCREF(NONE);
}

#define PROP(name, id) {name, uuid_prop, NULL, NULL, (void *)(intptr_t)(id)}
static const GetSetDef uuid_getsets[] = {
    PROP("bytes", P_BYTES), PROP("bytes_le", P_BYTES_LE), PROP("fields", P_FIELDS),
    PROP("time_low", P_TIME_LOW), PROP("time_mid", P_TIME_MID), PROP("time_hi_version", P_TIME_HI_VERSION),
    PROP("clock_seq_hi_variant", P_CLOCK_SEQ_HI_VARIANT), PROP("clock_seq_low", P_CLOCK_SEQ_LOW),
    PROP("time", P_TIME), PROP("clock_seq", P_CLOCK_SEQ), PROP("node", P_NODE), PROP("hex", P_HEX),
    PROP("urn", P_URN), PROP("variant", P_VARIANT), PROP("version", P_VERSION),
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- module functions -------------------------------------------------------------------------- */

static Obj *uuid_from_bytes(const unsigned char b[16])
{
    Obj *bs = bytes_from(b, 16);
    if (!bs) return NULL;
    Obj *kwn = tuple_pack(1, id_str("bytes"));
    Obj *r = kwn ? obj_call(uuid_cls, &bs, 0, kwn) : NULL;
    XDECREF(kwn);
    DECREF(bs);
    return r;
}

/* uuid3 / uuid5: digest of namespace.bytes + name, version bits set */
static Obj *name_based(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, int version)
{
    /* libcrypto is opened on first use (cryptolib.h) */
    if (cryptolib_load() < 0) return NULL;
    const EVP_MD *md = version == 3 ? cryptolib.EVP_md5() : cryptolib.EVP_sha1();
    static const char *const names[] = {"namespace", "name"};
    Obj *v[2];
    if (mh_bind(fname, args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *nsb = obj_getattr_str(v[0], "bytes");
    if (!nsb) return NULL;
    Obj *name = STR_CHECK(v[1]) ? str_encode(v[1], "utf-8", "strict") : INCREF(v[1]);
    Obj *data = name ? num_binary(nsb, name, NB_ADD) : NULL;
    XDECREF(nsb);
    XDECREF(name);
    if (!data) return NULL;
    if (!BYTES_CHECK(data)) {
        vm_err_format(&exc_TypeError, "Strings must be encoded before hashing");
        DECREF(data);
        return NULL;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    int ok = cryptolib.EVP_Digest(BYTES_DATA(data), (size_t)VAR_SIZE(data), digest, &len, md, NULL);
    DECREF(data);
    if (!ok || len < 16) {
        vm_err_set_str(&exc_ValueError, "digest failed");
        return NULL;
    }
    set_version(digest, version);
    return uuid_from_bytes(digest);
}

static Obj *m_uuid3(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return name_based("uuid3", args, nargs, kw, 3);
}

static Obj *m_uuid5(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return name_based("uuid5", args, nargs, kw, 5);
}

static Obj *m_uuid4(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("uuid4", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    unsigned char b[16];
    if (smallmods_random_bytes(b, 16) < 0) return NULL;
    set_version(b, 4);
    return uuid_from_bytes(b);
}

static uint64_t random_node(void)
{
    unsigned char r[6];
    if (smallmods_random_bytes(r, 6) < 0) return 0;
    return be_bits(r, 0, 6) | ((uint64_t)1 << 40);   /* the multicast bit marks it as not a MAC */
}

static Obj *m_getnode(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static uint64_t node;
    if (mh_bind("getnode", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    if (!node && !(node = random_node())) return NULL;
    return int_from_u64(node);
}

static Obj *m_uuid1(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"node", "clock_seq"};
    static uint64_t last_timestamp;
    Obj *v[2];
    if (mh_bind("uuid1", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t timestamp = (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u + 0x01b21dd213814000ULL;
    if (last_timestamp && timestamp <= last_timestamp) timestamp = last_timestamp + 1;
    last_timestamp = timestamp;
    int64_t clock_seq, node;
    unsigned char r[2];
    if (v[1] && v[1] != NONE) {
        if ((clock_seq = num_as_ssize(v[1], &exc_OverflowError)) == -1 && vm_err_occurred()) return NULL;
    } else {
        if (smallmods_random_bytes(r, 2) < 0) return NULL;
        clock_seq = (int64_t)be_bits(r, 0, 2) & 0x3fff;
    }
    if (v[0] && v[0] != NONE) {
        if ((node = num_as_ssize(v[0], &exc_OverflowError)) == -1 && vm_err_occurred()) return NULL;
    } else {
        Obj *n = m_getnode(NULL, NULL, 0, NULL);
        if (!n || int_as_i64(n, &node) < 0) {
            XDECREF(n);
            return NULL;
        }
        DECREF(n);
    }
    unsigned char b[16];
    uint64_t tl = timestamp & 0xffffffffu, tm = (timestamp >> 32) & 0xffff, th = (timestamp >> 48) & 0x0fff;
    for (int i = 0; i < 4; i++) b[i] = (unsigned char)(tl >> (24 - 8 * i));
    b[4] = (unsigned char)(tm >> 8), b[5] = (unsigned char)tm;
    b[6] = (unsigned char)(th >> 8), b[7] = (unsigned char)th;
    b[8] = (unsigned char)((clock_seq >> 8) & 0x3f), b[9] = (unsigned char)clock_seq;
    for (int i = 0; i < 6; i++) b[10 + i] = (unsigned char)((uint64_t)node >> (40 - 8 * i));
    set_version(b, 1);
    return uuid_from_bytes(b);
}

static const MethodDef uuid_module_methods[] = {
    {"uuid1", m_uuid1, METH_FAST, "Generate a UUID from a host ID, sequence number, and the current time."},
    {"uuid3", m_uuid3, METH_FAST, "Generate a UUID from the MD5 hash of a namespace UUID and a name."},
    {"uuid4", m_uuid4, METH_FAST, "Generate a random UUID."},
    {"uuid5", m_uuid5, METH_FAST, "Generate a UUID from the SHA-1 hash of a namespace UUID and a name."},
    {"getnode", m_getnode, METH_FAST, "Get the hardware address as a 48-bit positive integer."},
    {NULL, NULL, 0, NULL},
};

static Obj *make_safe_enum(void)
{
    Obj *enm = import_name(id_str("enum"), NULL, NULL, 0);
    Obj *cls = enm ? obj_getattr_str(enm, "Enum") : NULL;
    XDECREF(enm);
    Obj *name = str_from_cstr("SafeUUID"), *zero = int_from_i64(0), *minus = int_from_i64(-1);
    Obj *s1 = str_from_cstr("safe"), *s2 = str_from_cstr("unsafe"), *s3 = str_from_cstr("unknown");
    Obj *p1 = s1 && zero ? tuple_pack(2, s1, zero) : NULL, *p2 = s2 && minus ? tuple_pack(2, s2, minus) : NULL;
    Obj *p3 = s3 ? tuple_pack(2, s3, NONE) : NULL;
    Obj *members = p1 && p2 && p3 ? list_from_array((Obj *[]){p1, p2, p3}, 3) : NULL;
    Obj *r = cls && name && members ? obj_call(cls, (Obj *[]){name, members}, 2, NULL) : NULL;
    Obj *objs[] = {cls, name, zero, minus, s1, s2, s3, p1, p2, p3, members};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) XDECREF(objs[i]);
    if (r) {
        Obj *mod = str_from_cstr("uuid");
        if (!mod || obj_setattr_str(r, "__module__", mod) < 0) CLEAR(r);
        XDECREF(mod);
    }
    return r;
}

static Obj *uuid_module_init(void)
{
    Obj *m = mh_module("uuid", uuid_module_methods);
    if (!m) return NULL;
    if (!safe_enum) {
        if (!(safe_enum = make_safe_enum())) goto fail;
        if (!(safe_unknown = obj_getattr_str(safe_enum, "unknown"))) goto fail;
    }
    if (!uuid_cls && !(uuid_cls = mh_class("uuid", "UUID", NULL, uuid_methods, uuid_getsets, NULL))) goto fail;
    if (mh_add_obj(m, "UUID", uuid_cls) < 0 || mh_add_obj(m, "SafeUUID", safe_enum) < 0) goto fail;
    static const char *const ns[][2] = {{"NAMESPACE_DNS", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
                                        {"NAMESPACE_URL", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
                                        {"NAMESPACE_OID", "6ba7b812-9dad-11d1-80b4-00c04fd430c8"},
                                        {"NAMESPACE_X500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8"}};
    for (int i = 0; i < 4; i++) {
        Obj *h = str_from_cstr(ns[i][1]);
        Obj *u = h ? obj_call(uuid_cls, &h, 1, NULL) : NULL;
        XDECREF(h);
        if (module_add(m, ns[i][0], u) < 0) goto fail;
    }
    static const char *const vnames[] = {"RESERVED_NCS", "RFC_4122", "RESERVED_MICROSOFT", "RESERVED_FUTURE"};
    for (int i = 0; i < 4; i++)
        if (mh_add_str(m, vnames[i], variant_names[i]) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_uuid_register(void)
{
    vm_static_roots(&uuid_cls, 1);
    vm_static_roots(&safe_enum, 1);
    vm_static_roots(&safe_unknown, 1);
    import_register_native("uuid", uuid_module_init);
}

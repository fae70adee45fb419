/* mod_zlib.c — the `zlib` module of CPython 3.12 over Debian's zlib.
 *
 * compress/decompress (level, wbits, bufsize), crc32, adler32, the
 * streaming Compress and Decompress objects (compressobj/decompressobj
 * with zdict; compress/flush/copy; decompress with max_length,
 * unconsumed_tail, unused_data, eof), zlib.error and the constants.  The
 * loops call deflate/inflate with the flush modes CPython's zlibmodule
 * uses, so the bytes produced and the errors ("Error -3 while
 * decompressing data: incorrect header check") are CPython's with the same
 * zlib.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"

static Obj *zlib_error_cls;

/* ---- helpers ------------------------------------------------------------------------------- */

static bool is_buffer(Obj *o)
{
    return BYTES_CHECK(o) || type_is_subtype(OBJ_TYPE(o), &bytearray_type) ||
           type_is_subtype(OBJ_TYPE(o), &memoryview_type) ||
           strcmp(OBJ_TYPE(o)->name, "array.array") == 0;
}

/* A bytes copy of a bytes-like argument (zlib may run long; no Python code
 * runs meanwhile, but a copy keeps the ownership simple). */
static Obj *data_arg(Obj *o)
{
    if (!is_buffer(o)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(o)));
        return NULL;
    }
    if (IS_TYPE(o, bytes_type)) return INCREF(o);
    if (BYTES_CHECK(o)) return bytes_from(BYTES_DATA(o), VAR_SIZE(o));
    if (type_is_subtype(OBJ_TYPE(o), &bytearray_type))
        return bytes_from(((ByteArrayObj *)o)->data, VAR_SIZE(o));
    return obj_call((Obj *)&bytes_type, &o, 1, NULL);
}

static void zlib_raise(z_stream *zst, int err, const char *what)
{
    const char *zmsg = err == Z_VERSION_ERROR ? "library version mismatch" : zst ? zst->msg : NULL;
    if (!zmsg) {
        switch (err) {
        case Z_BUF_ERROR: zmsg = "incomplete or truncated stream"; break;
        case Z_STREAM_ERROR: zmsg = "inconsistent stream state"; break;
        case Z_DATA_ERROR: zmsg = "invalid input data"; break;
        default: break;
        }
    }
    if (zmsg)
        vm_err_format((TypeObj *)zlib_error_cls, "Error %d %s: %.200s", err, what, zmsg);
    else
        vm_err_format((TypeObj *)zlib_error_cls, "Error %d %s", err, what);
}

static int int_arg(Obj *o, int *out)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    int r = int_as_i64(i, &v);
    DECREF(i);
    if (r < 0 || v < INT32_MIN || v > INT32_MAX) {
        if (r == 0 || vm_err_matches(&exc_OverflowError)) {
            vm_err_clear();
            vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
        }
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int ssize_arg(Obj *o, Ssize *out)
{
    Ssize v = mh_as_ssize(o);
    if (v == -1 && vm_err_occurred()) return -1;
    *out = v;
    return 0;
}

/* Growing output buffer. */
typedef struct OutBuf {
    unsigned char *p;
    Ssize len, cap, limit;    /* limit: most bytes wanted (-1: none) */
} OutBuf;

/* Point zst's output at free space (at least one byte unless the limit is
 * reached); 0 when the limit leaves no room. */
static int outbuf_arrange(OutBuf *b, z_stream *zst)
{
    b->len = b->cap - (Ssize)zst->avail_out;
    if (b->limit >= 0 && b->len >= b->limit) return 0;
    if (b->len == b->cap) {
        Ssize ncap = b->cap ? b->cap * 2 : 16384;
        if (b->limit >= 0 && ncap > b->limit) ncap = b->limit;
        b->p = xrealloc(b->p, (size_t)ncap);
        b->cap = ncap;
    }
    Ssize room = b->cap - b->len;
    if (room > 0x40000000) room = 0x40000000;
    zst->next_out = b->p + b->len;
    zst->avail_out = (uInt)room;
    b->cap = b->len + room;
    return 1;
}

static Obj *outbuf_finish(OutBuf *b, z_stream *zst)
{
    b->len = b->cap - (Ssize)zst->avail_out;
    Obj *r = bytes_from(b->p ? b->p : (unsigned char *)"", b->len);
    free(b->p);
    b->p = NULL;
    return r;
}

static void outbuf_start(OutBuf *b, z_stream *zst, Ssize first, Ssize limit)
{
    /* a huge bufsize only changes how the output grows, not the output */
    if (first > ((Ssize)1 << 26)) first = (Ssize)1 << 26;
    b->limit = limit;
    b->cap = first > 0 ? first : 1;
    if (limit >= 0 && b->cap > limit) b->cap = limit;
    b->p = xmalloc((size_t)(b->cap ? b->cap : 1));
    b->len = 0;
    zst->next_out = b->p;
    zst->avail_out = (uInt)b->cap;
}

/* ---- one-shot functions ----------------------------------------------------------------------- */

static Obj *f_compress(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"data", "level", "wbits"};
    Obj *v[3];
    if (args_parse("compress", a, n, kw, names, 3, 1, 1, v) < 0) return NULL;
    int level = Z_DEFAULT_COMPRESSION, wbits = MAX_WBITS;
    if ((v[1] && int_arg(v[1], &level) < 0) || (v[2] && int_arg(v[2], &wbits) < 0)) return NULL;
    Obj *data = data_arg(v[0]);
    if (!data) return NULL;
    z_stream zst;
    memset(&zst, 0, sizeof zst);
    int err = deflateInit2(&zst, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
    if (err != Z_OK) {
        DECREF(data);
        if (err == Z_MEM_ERROR) vm_err_set_str(&exc_MemoryError, "Out of memory while compressing data");
        else if (err == Z_STREAM_ERROR) vm_err_set_str((TypeObj *)zlib_error_cls, "Bad compression level");
        else {
            deflateEnd(&zst);
            zlib_raise(&zst, err, "while compressing data");
        }
        return NULL;
    }
    const unsigned char *in = BYTES_DATA(data);
    Ssize left = VAR_SIZE(data);
    OutBuf b;
    outbuf_start(&b, &zst, 16384, -1);
    int flush;
    do {
        uInt chunk = left > 0x40000000 ? 0x40000000u : (uInt)left;
        zst.next_in = (Bytef *)in;
        zst.avail_in = chunk;
        in += chunk;
        left -= chunk;
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            outbuf_arrange(&b, &zst);
            err = deflate(&zst, flush);
            if (err == Z_STREAM_ERROR) {
                deflateEnd(&zst);
                free(b.p);
                DECREF(data);
                zlib_raise(&zst, err, "while compressing data");
                return NULL;
            }
        } while (zst.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&zst);
    DECREF(data);
    return outbuf_finish(&b, &zst);
}

static Obj *f_decompress(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"data", "wbits", "bufsize"};
    Obj *v[3];
    if (args_parse("decompress", a, n, kw, names, 3, 1, 1, v) < 0) return NULL;
    int wbits = MAX_WBITS;
    Ssize bufsize = 16384;
    if ((v[1] && int_arg(v[1], &wbits) < 0) || (v[2] && ssize_arg(v[2], &bufsize) < 0)) return NULL;
    if (bufsize < 0) {
        vm_err_set_str(&exc_ValueError, "bufsize must be non-negative");
        return NULL;
    }
    if (bufsize == 0) bufsize = 1;
    Obj *data = data_arg(v[0]);
    if (!data) return NULL;
    z_stream zst;
    memset(&zst, 0, sizeof zst);
    int err = inflateInit2(&zst, wbits);
    if (err != Z_OK) {
        DECREF(data);
        if (err == Z_MEM_ERROR) vm_err_set_str(&exc_MemoryError, "Out of memory while decompressing data");
        else {
            inflateEnd(&zst);
            zlib_raise(&zst, err, "while preparing to decompress data");
        }
        return NULL;
    }
    if (VAR_SIZE(data) > (Ssize)UINT32_MAX) {
        inflateEnd(&zst);
        DECREF(data);
        vm_err_no_memory();
        return NULL;
    }
    zst.next_in = BYTES_DATA(data);
    zst.avail_in = (uInt)VAR_SIZE(data);
    OutBuf b;
    outbuf_start(&b, &zst, bufsize, -1);
    /* all the input is there: Z_FINISH, as CPython for its last chunk */
    do {
        outbuf_arrange(&b, &zst);
        err = inflate(&zst, Z_FINISH);
        if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) {
            if (err == Z_MEM_ERROR) vm_err_set_str(&exc_MemoryError, "Out of memory while decompressing data");
            else zlib_raise(&zst, err, "while decompressing data");
            inflateEnd(&zst);
            free(b.p);
            DECREF(data);
            return NULL;
        }
    } while (zst.avail_out == 0);
    if (err != Z_STREAM_END) {
        zlib_raise(&zst, err, "while decompressing data");
        inflateEnd(&zst);
        free(b.p);
        DECREF(data);
        return NULL;
    }
    inflateEnd(&zst);
    DECREF(data);
    return outbuf_finish(&b, &zst);
}

static Obj *checksum(const char *qual, const char *name, Obj *const *a, Ssize n, Obj *kw, bool adler)
{
    if (mh_pos_args(qual, name, n, kw, 1, 2) < 0) return NULL;
    Obj *data = data_arg(a[0]);
    if (!data) return NULL;
    uLong value = adler ? 1 : 0;
    if (n > 1) {
        Obj *i = index_check(a[1]) && !STR_CHECK(a[1]) ? num_index(a[1]) : NULL;
        if (!i) {
            if (!vm_err_occurred())
                vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                              type_name(OBJ_TYPE(a[1])));
            DECREF(data);
            return NULL;
        }
        mpz_t z;
        mpz_init(z);
        int_to_mpz(i, z);
        mpz_fdiv_r_2exp(z, z, 32);
        value = mpz_get_ui(z);
        mpz_clear(z);
        DECREF(i);
    }
    const unsigned char *p = BYTES_DATA(data);
    Ssize len = VAR_SIZE(data);
    while (len > 0) {
        uInt chunk = len > 0x40000000 ? 0x40000000u : (uInt)len;
        value = adler ? adler32(value, p, chunk) : crc32(value, p, chunk);
        p += chunk;
        len -= chunk;
    }
    DECREF(data);
    return int_from_u64(value & 0xffffffffu);
}

static Obj *f_crc32(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    return checksum("zlib.crc32", "crc32", a, n, kw, false);
}

static Obj *f_adler32(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    return checksum("zlib.adler32", "adler32", a, n, kw, true);
}

/* ---- Compress objects --------------------------------------------------------------------------- */

typedef struct ZObj {
    Obj base;
    z_stream zst;
    bool initialised;
    bool is_compress;
    Obj *unused_data, *unconsumed_tail;   /* Decompress */
    Obj *zdict;                           /* Decompress: bytes or NULL */
    bool eof;
} ZObj;

TypeObj compress_type, decompress_type;

static void zobj_dealloc(Obj *o)
{
    ZObj *z = (ZObj *)o;
    if (z->initialised) {
        if (z->is_compress) deflateEnd(&z->zst);
        else inflateEnd(&z->zst);
    }
    XDECREF(z->unused_data);
    XDECREF(z->unconsumed_tail);
    XDECREF(z->zdict);
    obj_free(o);
}

static Obj *f_compressobj(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"level", "method", "wbits", "memLevel", "strategy", "zdict"};
    Obj *v[6];
    if (args_parse("compressobj", a, n, kw, names, 6, 0, 0, v) < 0) return NULL;
    int level = Z_DEFAULT_COMPRESSION, method = Z_DEFLATED, wbits = MAX_WBITS, memlevel = 8,
        strategy = Z_DEFAULT_STRATEGY;
    if ((v[0] && int_arg(v[0], &level) < 0) || (v[1] && int_arg(v[1], &method) < 0) ||
        (v[2] && int_arg(v[2], &wbits) < 0) || (v[3] && int_arg(v[3], &memlevel) < 0) ||
        (v[4] && int_arg(v[4], &strategy) < 0))
        return NULL;
    Obj *zdict = NULL;
    if (v[5] && v[5] != NONE) {
        if (!is_buffer(v[5])) {
            vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(v[5])));
            return NULL;
        }
        if (!(zdict = data_arg(v[5]))) return NULL;
    }
    ZObj *z = (ZObj *)obj_alloc(&compress_type, 0);
    if (!z) {
        XDECREF(zdict);
        return NULL;
    }
    z->is_compress = true;
    int err = deflateInit2(&z->zst, level, method, wbits, memlevel, strategy);
    if (err == Z_OK) {
        z->initialised = true;
        if (zdict) {
            err = deflateSetDictionary(&z->zst, BYTES_DATA(zdict), (uInt)VAR_SIZE(zdict));
            XDECREF(zdict);
            if (err != Z_OK) {
                DECREF(z);
                vm_err_set_str(&exc_ValueError, "Invalid dictionary");
                return NULL;
            }
        }
        return (Obj *)z;
    }
    XDECREF(zdict);
    if (err == Z_MEM_ERROR) vm_err_set_str(&exc_MemoryError, "Can't allocate memory for compression object");
    else if (err == Z_STREAM_ERROR) vm_err_set_str(&exc_ValueError, "Invalid initialization option");
    else zlib_raise(&z->zst, err, "while creating compression object");
    DECREF(z);
    return NULL;
}

static Obj *deflate_all(ZObj *z, const unsigned char *in, Ssize len, int flush, const char *what)
{
    OutBuf b;
    outbuf_start(&b, &z->zst, 16384, -1);
    int err;
    do {
        uInt chunk = len > 0x40000000 ? 0x40000000u : (uInt)len;
        z->zst.next_in = (Bytef *)in;
        z->zst.avail_in = chunk;
        in += chunk;
        len -= chunk;
        int f = len == 0 ? flush : Z_NO_FLUSH;
        do {
            outbuf_arrange(&b, &z->zst);
            err = deflate(&z->zst, f);
            if (err == Z_STREAM_ERROR) {
                free(b.p);
                zlib_raise(&z->zst, err, what);
                return NULL;
            }
        } while (z->zst.avail_out == 0);
    } while (len > 0);
    return outbuf_finish(&b, &z->zst);
}

static Obj *cm_compress(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("Compress.compress", n, kw) < 0) return NULL;
    ZObj *z = (ZObj *)self;
    Obj *data = data_arg(a[0]);
    if (!data) return NULL;
    Obj *r;
    if (!z->initialised) {
        zlib_raise(NULL, Z_STREAM_ERROR, "while compressing data");
        r = NULL;
    } else {
        r = deflate_all(z, BYTES_DATA(data), VAR_SIZE(data), Z_NO_FLUSH, "while compressing data");
    }
    DECREF(data);
    return r;
}

static Obj *cm_flush(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    ZObj *z = (ZObj *)self;
    if (mh_pos_args("Compress.flush", "flush", n, kw, 0, 1) < 0) return NULL;
    int mode = Z_FINISH;
    if (n > 0 && int_arg(a[0], &mode) < 0) return NULL;
    if (mode == Z_NO_FLUSH) return bytes_from("", 0);
    if (!z->initialised) {
        zlib_raise(NULL, Z_STREAM_ERROR, "while flushing");
        return NULL;
    }
    Obj *r = deflate_all(z, (const unsigned char *)"", 0, mode, "while flushing");
    if (r && mode == Z_FINISH) {
        deflateEnd(&z->zst);
        z->initialised = false;
    }
    return r;
}

static Obj *zobj_copy(ZObj *z)
{
    if (!z->initialised) {
        vm_err_set_str(&exc_ValueError, "Inconsistent stream state");
        return NULL;
    }
    ZObj *c = (ZObj *)obj_alloc(OBJ_TYPE(z), 0);
    if (!c) return NULL;
    c->is_compress = z->is_compress;
    int err = z->is_compress ? deflateCopy(&c->zst, &z->zst) : inflateCopy(&c->zst, &z->zst);
    if (err != Z_OK) {
        DECREF(c);
        if (err == Z_STREAM_ERROR) vm_err_set_str(&exc_ValueError, "Inconsistent stream state");
        else if (err == Z_MEM_ERROR) vm_err_set_str(&exc_MemoryError, "Can't allocate memory for compression object");
        else zlib_raise(&z->zst, err, "while copying compression object");
        return NULL;
    }
    c->initialised = true;
    c->unused_data = xincref(z->unused_data);
    c->unconsumed_tail = xincref(z->unconsumed_tail);
    c->zdict = xincref(z->zdict);
    c->eof = z->eof;
    return (Obj *)c;
}

static Obj *cm_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Compress.copy", n, kw) < 0) return NULL;
    return zobj_copy((ZObj *)self);
}

static MethodDef compress_methods[] = {
    {"compress", cm_compress, METH_FAST, "Returns a bytes object containing compressed data."},
    {"flush", cm_flush, METH_FAST, "Return a bytes object containing any remaining compressed data."},
    {"copy", cm_copy, METH_FAST, "Return a copy of the compression object."},
    {"__copy__", cm_copy, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj compress_type = {
    .base = TYPE_HEAD_INIT, .name = "zlib.Compress", .basicsize = sizeof(ZObj),
    .getattro = obj_generic_getattr, .dealloc = zobj_dealloc, .methods = compress_methods,
};

/* ---- Decompress objects ------------------------------------------------------------------------ */

static int set_inflate_zdict(ZObj *z)
{
    int err = inflateSetDictionary(&z->zst, BYTES_DATA(z->zdict), (uInt)VAR_SIZE(z->zdict));
    if (err != Z_OK) {
        zlib_raise(&z->zst, err, "while setting zdict");
        return -1;
    }
    return 0;
}

static Obj *f_decompressobj(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"wbits", "zdict"};
    Obj *v[2];
    if (args_parse("decompressobj", a, n, kw, names, 2, 0, 0, v) < 0) return NULL;
    int wbits = MAX_WBITS;
    if (v[0] && int_arg(v[0], &wbits) < 0) return NULL;
    Obj *zdict = NULL;
    if (v[1]) {
        if (!is_buffer(v[1])) {
            vm_err_set_str(&exc_TypeError, "zdict argument must support the buffer protocol");
            return NULL;
        }
        if (!(zdict = data_arg(v[1]))) return NULL;
    }
    ZObj *z = (ZObj *)obj_alloc(&decompress_type, 0);
    if (!z) {
        XDECREF(zdict);
        return NULL;
    }
    z->zdict = zdict;
    z->unused_data = bytes_from("", 0);
    z->unconsumed_tail = bytes_from("", 0);
    if (!z->unused_data || !z->unconsumed_tail) {
        DECREF(z);
        return NULL;
    }
    int err = inflateInit2(&z->zst, wbits);
    if (err == Z_OK) {
        z->initialised = true;
        if (zdict && wbits < 0 && set_inflate_zdict(z) < 0) {
            DECREF(z);
            return NULL;
        }
        return (Obj *)z;
    }
    if (err == Z_STREAM_ERROR) vm_err_set_str(&exc_ValueError, "Invalid initialization option");
    else if (err == Z_MEM_ERROR) vm_err_set_str(&exc_MemoryError, "Can't allocate memory for decompression object");
    else zlib_raise(&z->zst, err, "while creating decompression object");
    DECREF(z);
    return NULL;
}

/* CPython's save_unconsumed_input, data[0..n) being the input of this
 * call.  Its quirk is kept: the tail is measured from next_in, so after
 * the end of the stream the leftover is both unused_data and (when a tail
 * existed before) unconsumed_tail. */
static int save_unconsumed(ZObj *z, const unsigned char *data, Ssize n, int err)
{
    Ssize left = (Ssize)(data + n - (const unsigned char *)z->zst.next_in);
    if (err == Z_STREAM_END) {
        if (z->zst.avail_in > 0) {
            Ssize old = VAR_SIZE(z->unused_data);
            unsigned char *buf = xmalloc((size_t)(old + left) + 1);
            memcpy(buf, BYTES_DATA(z->unused_data), (size_t)old);
            memcpy(buf + old, z->zst.next_in, (size_t)left);
            Obj *nu = bytes_from(buf, old + left);
            free(buf);
            if (!nu) return -1;
            obj_setref(&z->unused_data, nu);
            z->zst.avail_in = 0;
        }
    }
    if (z->zst.avail_in > 0 || VAR_SIZE(z->unconsumed_tail)) {
        Obj *nt = bytes_from(left ? z->zst.next_in : (Bytef *)"", left);
        if (!nt) return -1;
        obj_setref(&z->unconsumed_tail, nt);
    }
    return 0;
}

/* Inflate data with flush mode `flush` into at most `limit` bytes (-1: no
 * limit); the decompress/flush loops of zlibmodule.c. */
/* flush() keeps the output of a stream error instead of raising. */
static Obj *inflate_some(ZObj *z, Obj *data, Ssize limit, int flush, Ssize first, bool raise)
{
    if (VAR_SIZE(data) > (Ssize)UINT32_MAX) {
        vm_err_no_memory();
        return NULL;
    }
    z->zst.next_in = BYTES_DATA(data);
    z->zst.avail_in = (uInt)VAR_SIZE(data);
    OutBuf b;
    outbuf_start(&b, &z->zst, first, limit);
    int err = Z_OK;
    do {
        if (!outbuf_arrange(&b, &z->zst)) break;   /* max_length reached */
        err = inflate(&z->zst, flush);
        if (err == Z_NEED_DICT && z->zdict) {
            if (set_inflate_zdict(z) < 0) {
                free(b.p);
                return NULL;
            }
            continue;
        }
        if (err != Z_OK && err != Z_BUF_ERROR && err != Z_STREAM_END) break;
    } while (z->zst.avail_out == 0 || err == Z_NEED_DICT);
    if (save_unconsumed(z, BYTES_DATA(data), VAR_SIZE(data), err) < 0) {
        free(b.p);
        return NULL;
    }
    if (err == Z_STREAM_END) {
        z->eof = true;
    } else if (raise && err != Z_OK && err != Z_BUF_ERROR) {
        zlib_raise(&z->zst, err, "while decompressing data");
        free(b.p);
        return NULL;
    }
    return outbuf_finish(&b, &z->zst);
}

static Obj *dm_decompress(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    ZObj *z = (ZObj *)self;
    static const char *const names[] = {"data", "max_length"};
    Obj *v[2];
    if (args_parse("decompress", a, n, kw, names, 2, 1, 1, v) < 0) return NULL;
    Ssize max_length = 0;
    if (v[1] && ssize_arg(v[1], &max_length) < 0) return NULL;
    if (max_length < 0) {
        vm_err_set_str(&exc_ValueError, "max_length must be non-negative");
        return NULL;
    }
    Obj *data = data_arg(v[0]);
    if (!data) return NULL;
    Obj *r;
    if (!z->initialised) {
        /* flush() ended the stream and released it, as CPython's does */
        zlib_raise(NULL, Z_STREAM_ERROR, "while decompressing data");
        r = NULL;
    } else {
        Ssize first = 16384;
        if (max_length && first > max_length) first = max_length;
        r = inflate_some(z, data, max_length ? max_length : -1, Z_SYNC_FLUSH, first, true);
    }
    DECREF(data);
    return r;
}

static Obj *dm_flush(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    ZObj *z = (ZObj *)self;
    if (mh_pos_args("Decompress.flush", "flush", n, kw, 0, 1) < 0) return NULL;
    Ssize length = 16384;
    if (n > 0 && ssize_arg(a[0], &length) < 0) return NULL;
    if (length <= 0) {
        vm_err_set_str(&exc_ValueError, "length must be greater than zero");
        return NULL;
    }
    if (!z->initialised) return bytes_from("", 0);
    Obj *tail = INCREF(z->unconsumed_tail);
    /* stream errors are not raised: flush() returns what came out */
    Obj *r = inflate_some(z, tail, -1, Z_FINISH, length, false);
    DECREF(tail);
    if (r && z->eof && z->initialised) {
        inflateEnd(&z->zst);
        z->initialised = false;
    }
    return r;
}

static Obj *dm_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Decompress.copy", n, kw) < 0) return NULL;
    return zobj_copy((ZObj *)self);
}

static Obj *dm_get_unused_data(Obj *self, void *c)
{
    (void)c;
    return INCREF(((ZObj *)self)->unused_data);
}

static Obj *dm_get_unconsumed_tail(Obj *self, void *c)
{
    (void)c;
    return INCREF(((ZObj *)self)->unconsumed_tail);
}

static Obj *dm_get_eof(Obj *self, void *c)
{
    (void)c;
    return bool_from(((ZObj *)self)->eof);
}

static MethodDef decompress_methods[] = {
    {"decompress", dm_decompress, METH_FAST, "Return a bytes object containing the decompressed version of the data."},
    {"flush", dm_flush, METH_FAST, "Return a bytes object containing any remaining decompressed data."},
    {"copy", dm_copy, METH_FAST, "Return a copy of the decompression object."},
    {"__copy__", dm_copy, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef decompress_getset[] = {
    {"unused_data", dm_get_unused_data, NULL, NULL, NULL},
    {"unconsumed_tail", dm_get_unconsumed_tail, NULL, NULL, NULL},
    {"eof", dm_get_eof, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj decompress_type = {
    .base = TYPE_HEAD_INIT, .name = "zlib.Decompress", .basicsize = sizeof(ZObj),
    .getattro = obj_generic_getattr, .dealloc = zobj_dealloc, .methods = decompress_methods,
    .getset = decompress_getset,
};

/* ---- the module ------------------------------------------------------------------------------------ */

static const MethodDef zlib_functions[] = {
    {"adler32", f_adler32, METH_FAST, "Compute an Adler-32 checksum of data."},
    {"compress", f_compress, METH_FAST, "Returns a bytes object containing compressed data."},
    {"compressobj", f_compressobj, METH_FAST, "Return a compressor object."},
    {"crc32", f_crc32, METH_FAST, "Compute a CRC-32 checksum of data."},
    {"decompress", f_decompress, METH_FAST, "Returns a bytes object containing the uncompressed data."},
    {"decompressobj", f_decompressobj, METH_FAST, "Return a decompressor object."},
    {NULL, NULL, 0, NULL},
};

static Obj *zlib_init(void)
{
    if (!(compress_type.flags & TPF_READY) && type_ready(&compress_type) < 0) return NULL;
    if (!(decompress_type.flags & TPF_READY) && type_ready(&decompress_type) < 0) return NULL;
    if (!zlib_error_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        zlib_error_cls = bases ? mu_class_new("error", "zlib", bases, NULL) : NULL;
        XDECREF(bases);
        if (!zlib_error_cls) return NULL;
    }
    Obj *m = mh_module("zlib", zlib_functions);
    if (!m) return NULL;
    static const struct { const char *name; int v; } consts[] = {
        {"MAX_WBITS", MAX_WBITS}, {"DEFLATED", Z_DEFLATED}, {"DEF_MEM_LEVEL", 8},
        {"DEF_BUF_SIZE", 16384}, {"Z_NO_COMPRESSION", Z_NO_COMPRESSION},
        {"Z_BEST_SPEED", Z_BEST_SPEED}, {"Z_BEST_COMPRESSION", Z_BEST_COMPRESSION},
        {"Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION}, {"Z_FILTERED", Z_FILTERED},
        {"Z_HUFFMAN_ONLY", Z_HUFFMAN_ONLY}, {"Z_RLE", Z_RLE}, {"Z_FIXED", Z_FIXED},
        {"Z_DEFAULT_STRATEGY", Z_DEFAULT_STRATEGY}, {"Z_NO_FLUSH", Z_NO_FLUSH},
        {"Z_PARTIAL_FLUSH", Z_PARTIAL_FLUSH}, {"Z_SYNC_FLUSH", Z_SYNC_FLUSH},
        {"Z_FULL_FLUSH", Z_FULL_FLUSH}, {"Z_FINISH", Z_FINISH}, {"Z_BLOCK", Z_BLOCK},
        {"Z_TREES", Z_TREES},
    };
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (module_add(m, consts[i].name, int_from_i64(consts[i].v)) < 0) {
            DECREF(m);
            return NULL;
        }
    if (mh_add_obj(m, "error", zlib_error_cls) < 0 || mh_add_str(m, "ZLIB_VERSION", ZLIB_VERSION) < 0 ||
        mh_add_str(m, "ZLIB_RUNTIME_VERSION", zlibVersion()) < 0 ||
        mh_add_str(m, "__version__", "1.0") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_zlib_register(void)
{
    import_register_native("zlib", zlib_init);
}

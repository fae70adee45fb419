/* mod_struct.c — the `struct` module of CPython 3.12 (_struct).
 *
 * A format is compiled once into a list of codes (format character, byte
 * offset, item size, repeat count) with the sizes and alignment of x86-64
 * Linux for native mode ('@' or no prefix) and the standard sizes for
 * '=', '<', '>' and '!'.  pack/unpack walk the codes; every range check,
 * conversion rule and error message (struct.error, OverflowError, TypeError)
 * is CPython 3.12's.  Struct objects hold a compiled format; the module
 * functions compile theirs each call (CPython caches them, which no program
 * can observe).  The byte layout is also what mod_array.c relies on.
 *
 * Bytes-like arguments are bytes and bytearray (a memoryview is read through
 * bytes(view)); pack_into writes to a bytearray.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"

static Obj *struct_error;   /* struct.error */

/* Larger results fail with MemoryError, as the allocation would in CPython,
 * instead of ending pydbg when the allocator gives up. */
#define STRUCT_MAX_BUFFER ((Ssize)1 << 34)

/* ---- format descriptions ------------------------------------------------------- */

typedef struct FmtCode {
    char c;          /* format character */
    Ssize offset;    /* of the first item */
    Ssize size;      /* of one item ('s'/'p': of the whole string) */
    Ssize repeat;    /* items ('s'/'p': 1) */
} FmtCode;

typedef struct Format {
    bool native;     /* native sizes and alignment */
    bool little;     /* byte order */
    Ssize size;      /* total bytes */
    Ssize nitems;    /* values packed / unpacked */
    Ssize ncodes;
    FmtCode *codes;
} Format;

/* Size of one item of c, 0 when c is not a format character in that mode. */
static Ssize fmt_item_size(char c, bool native)
{
    switch (c) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': case 'e': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': return native ? 8 : 4;
    case 'q': case 'Q': case 'd': return 8;
    case 'n': case 'N': case 'P': return native ? 8 : 0;
    default: return 0;
    }
}

static void struct_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *msg = str_from_vfmt(fmt, ap);
    va_end(ap);
    if (msg) {
        vm_err_set_obj((TypeObj *)struct_error, msg);
        DECREF(msg);
    }
}

/* The format text of a str or bytes argument: its bytes in *p and *n. */
static int fmt_text(Obj *fmt, const char **p, Ssize *n)
{
    if (STR_CHECK(fmt)) {
        *p = str_utf8(fmt, n);
        return *p ? 0 : -1;
    }
    if (BYTES_CHECK(fmt)) {
        *p = (const char *)BYTES_DATA(fmt);
        *n = VAR_SIZE(fmt);
        return 0;
    }
    vm_err_format(&exc_TypeError, "Struct() argument 1 must be a str or bytes object, not %s",
                  type_name(OBJ_TYPE(fmt)));
    return -1;
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Compile format text into f (codes malloc'ed); -1 with struct.error. */
static int fmt_compile(const char *s, Ssize n, Format *f)
{
    memset(f, 0, sizeof *f);
    f->native = true;
    f->little = true;
    Ssize i = 0;
    if (n > 0) {
        switch (s[0]) {
        case '@': i = 1; break;
        case '=': f->native = false; i = 1; break;
        case '<': f->native = false; i = 1; break;
        case '>': case '!': f->native = false; f->little = false; i = 1; break;
        default: break;
        }
    }
    if (memchr(s, 0, (size_t)n)) {
        struct_err("embedded null character");
        return -1;
    }
    Ssize cap = 8;
    f->codes = xmalloc(sizeof(FmtCode) * (size_t)cap);
    const Ssize max = (Ssize)(SIZE_MAX >> 1);
    Ssize size = 0;
    while (i < n) {
        char c = s[i++];
        if (is_space(c)) continue;
        Ssize num = 1;
        if (c >= '0' && c <= '9') {
            num = c - '0';
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (num >= max / 10 && (num > max / 10 || (s[i] - '0') > max % 10)) {
                    struct_err("total struct size too long");
                    goto fail;
                }
                num = num * 10 + (s[i++] - '0');
            }
            if (i >= n) {
                struct_err("repeat count given without format specifier");
                goto fail;
            }
            c = s[i++];
        }
        Ssize isz = fmt_item_size(c, f->native);
        if (!isz) {
            struct_err("bad char in struct format");
            goto fail;
        }
        bool string = c == 's' || c == 'p';
        if (f->native && !string && c != 'x' && size > 0) {
            Ssize extra = (isz - 1) - (size - 1) % isz;
            if (extra > max - size) {
                struct_err("total struct size too long");
                goto fail;
            }
            size += extra;
        }
        if (num > (max - size) / isz) {
            struct_err("total struct size too long");
            goto fail;
        }
        if (f->ncodes == cap) {
            cap *= 2;
            f->codes = xrealloc(f->codes, sizeof(FmtCode) * (size_t)cap);
        }
        FmtCode *code = &f->codes[f->ncodes++];
        code->c = c;
        code->offset = size;
        code->size = string ? num : isz;
        code->repeat = string ? 1 : num;
        if (c != 'x') f->nitems += code->repeat;
        size += num * isz;
    }
    f->size = size;
    return 0;
fail:
    free(f->codes);
    f->codes = NULL;
    return -1;
}

/* ---- packing one value ----------------------------------------------------------- */

static void put_uint(unsigned char *p, uint64_t v, Ssize size, bool little)
{
    for (Ssize k = 0; k < size; k++) {
        p[little ? k : size - 1 - k] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static uint64_t get_uint(const unsigned char *p, Ssize size, bool little)
{
    uint64_t v = 0;
    for (Ssize k = 0; k < size; k++) v = (v << 8) | p[little ? size - 1 - k : k];
    return v;
}

static void range_error(char c, Ssize size, bool is_unsigned)
{
    uint64_t ulargest = size >= 8 ? UINT64_MAX : ((uint64_t)1 << (size * 8)) - 1;
    if (is_unsigned) {
        struct_err("'%c' format requires 0 <= number <= %llu", c, (unsigned long long)ulargest);
    } else {
        long long largest = (long long)(ulargest >> 1);
        struct_err("'%c' format requires %lld <= number <= %lld", c, ~largest, largest);
    }
}

/* The integer for an integer code: an int, or __index__; the two's
 * complement bits in *out; -1 with struct.error (or __index__'s error). */
static int pack_int_value(Obj *v, char c, Ssize size, uint64_t *out)
{
    bool is_unsigned = c == 'B' || c == 'H' || c == 'I' || c == 'L' || c == 'Q' || c == 'N' ||
                       c == 'P';
    Obj *iv;
    if (INT_CHECK(v)) {
        iv = INCREF(v);
    } else if (index_check(v)) {
        iv = num_index(v);
        if (!iv) return -1;
    } else {
        struct_err("required argument is not an integer");
        return -1;
    }
    int rc = 0;
    if (c == 'P') {
        /* PyLong_AsVoidPtr: negative values through C long, others unsigned */
        mpz_t z;
        mpz_init(z);
        int_to_mpz(iv, z);
        if (mpz_sgn(z) < 0 ? !mpz_fits_slong_p(z) : !mpz_fits_ulong_p(z)) {
            vm_err_set_str(&exc_OverflowError, mpz_sgn(z) < 0
                           ? "Python int too large to convert to C long"
                           : "Python int too large to convert to C unsigned long");
            rc = -1;
        } else {
            *out = mpz_sgn(z) < 0 ? (uint64_t)mpz_get_si(z) : (uint64_t)mpz_get_ui(z);
        }
        mpz_clear(z);
        DECREF(iv);
        return rc;
    }
    if (int_fits_i64(iv)) {
        int64_t x;
        int_as_i64(iv, &x);
        if (is_unsigned) {
            if (x < 0 || (size < 8 && (uint64_t)x >> (size * 8))) rc = -1;
        } else if (size < 8) {
            int64_t lim = (int64_t)1 << (size * 8 - 1);
            if (x < -lim || x >= lim) rc = -1;
        }
        *out = (uint64_t)x;
    } else {
        mpz_t z;
        mpz_init(z);
        int_to_mpz(iv, z);
        if (is_unsigned && size == 8 && mpz_sgn(z) > 0 && mpz_sizeinbase(z, 2) <= 64)
            *out = (uint64_t)mpz_get_ui(z);
        else
            rc = -1;
        mpz_clear(z);
    }
    DECREF(iv);
    if (rc < 0) range_error(c, size, is_unsigned);
    return rc;
}

/* PyFloat_Pack2: IEEE half precision, round half to even. */
static int pack_half(double x, unsigned char *p, bool little)
{
    unsigned short bits;
    int sign, e;
    if (x == 0.0) {
        sign = copysign(1.0, x) == -1.0;
        e = 0;
        bits = 0;
    } else if (isinf(x)) {
        sign = x < 0.0;
        e = 0x1f;
        bits = 0;
    } else if (isnan(x)) {
        sign = copysign(1.0, x) == -1.0;
        e = 0x1f;
        bits = 512;
    } else {
        sign = x < 0.0;
        if (sign) x = -x;
        double f = frexp(x, &e);
        f *= 2.0;
        e--;
        if (e >= 16) goto overflow;
        if (e < -25) {
            f = 0.0;
            e = 0;
        } else if (e < -14) {
            f = ldexp(f, 14 + e);
            e = 0;
        } else {
            e += 15;
            f -= 1.0;
        }
        f *= 1024.0;
        bits = (unsigned short)f;
        if (f - bits > 0.5 || (f - bits == 0.5 && bits % 2 == 1)) {
            ++bits;
            if (bits == 1024) {
                bits = 0;
                ++e;
                if (e == 31) goto overflow;
            }
        }
    }
    bits |= (unsigned short)((e << 10) | (sign << 15));
    put_uint(p, bits, 2, little);
    return 0;
overflow:
    vm_err_set_str(&exc_OverflowError, "float too large to pack with e format");
    return -1;
}

static double unpack_half(const unsigned char *p, bool little)
{
    unsigned v = (unsigned)get_uint(p, 2, little);
    int sign = (v >> 15) & 1;
    int e = (v >> 10) & 0x1f;
    unsigned f = v & 0x3ff;
    if (e == 0x1f) {
        if (f == 0) return sign ? -INFINITY : INFINITY;
        return sign ? -fabs(NAN) : fabs(NAN);
    }
    double x = (double)f / 1024.0;
    if (e == 0) {
        e = -14;
    } else {
        x += 1.0;
        e -= 15;
    }
    x = ldexp(x, e);
    return sign ? -x : x;
}

/* One value of code c into p (zeroed beforehand). */
static int pack_one(const Format *f, char c, Ssize size, Obj *v, unsigned char *p)
{
    switch (c) {
    case 'c':
        if (!BYTES_CHECK(v) || VAR_SIZE(v) != 1) {
            struct_err("char format requires a bytes object of length 1");
            return -1;
        }
        p[0] = BYTES_DATA(v)[0];
        return 0;
    case 's': case 'p': {
        const unsigned char *d;
        Ssize n;
        if (BYTES_CHECK(v)) {
            d = BYTES_DATA(v);
        } else if (type_is_subtype(OBJ_TYPE(v), &bytearray_type)) {
            d = ((ByteArrayObj *)v)->data;
        } else {
            struct_err("argument for '%c' must be a bytes object", c);
            return -1;
        }
        n = VAR_SIZE(v);
        if (c == 's') {
            if (n > size) n = size;
            if (n) memcpy(p, d, (size_t)n);
        } else {
            if (n >= size) n = size - 1;
            if (n > 0) memcpy(p + 1, d, (size_t)n);
            if (size > 0) p[0] = (unsigned char)(n > 255 ? 255 : n);
        }
        return 0;
    }
    case '?': {
        int t = obj_is_true(v);
        if (t < 0) return -1;
        p[0] = (unsigned char)t;
        return 0;
    }
    case 'e': case 'f': case 'd': {
        double x = float_as_double(v);
        if (x == -1.0 && vm_err_occurred()) {
            vm_err_clear();
            struct_err("required argument is not a float");
            return -1;
        }
        if (c == 'e') return pack_half(x, p, f->little);
        if (c == 'd') {
            uint64_t bits;
            memcpy(&bits, &x, 8);
            put_uint(p, bits, 8, f->little);
            return 0;
        }
        float y = (float)x;
        if (!f->native && isinf(y) && !isinf(x)) {
            vm_err_set_str(&exc_OverflowError, "float too large to pack with f format");
            return -1;
        }
        uint32_t bits;
        memcpy(&bits, &y, 4);
        put_uint(p, bits, 4, f->little);
        return 0;
    }
    default: {
        uint64_t bits;
        if (pack_int_value(v, c, size, &bits) < 0) return -1;
        put_uint(p, bits, size, f->little);
        return 0;
    }
    }
}

static Obj *unpack_one(const Format *f, char c, Ssize size, const unsigned char *p)
{
    switch (c) {
    case 'c': return bytes_from(p, 1);
    case 's': return bytes_from(p, size);
    case 'p': {
        if (size == 0) {
            /* CPython 3.12 computes a length of -1 here */
            vm_err_set_str(&exc_SystemError, "Negative size passed to PyBytes_FromStringAndSize");
            return NULL;
        }
        Ssize n = p[0];
        if (n >= size) n = size - 1;
        return bytes_from(p + 1, n);
    }
    case '?': return bool_from(p[0] != 0);
    case 'e': return float_from_double(unpack_half(p, f->little));
    case 'f': {
        uint32_t bits = (uint32_t)get_uint(p, 4, f->little);
        float y;
        memcpy(&y, &bits, 4);
        return float_from_double((double)y);
    }
    case 'd': {
        uint64_t bits = get_uint(p, 8, f->little);
        double x;
        memcpy(&x, &bits, 8);
        return float_from_double(x);
    }
    case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N': case 'P':
        return int_from_u64(get_uint(p, size, f->little));
    default: {
        uint64_t v = get_uint(p, size, f->little);
        if (size < 8 && (v >> (size * 8 - 1)) & 1) v |= ~(uint64_t)0 << (size * 8);
        return int_from_i64((int64_t)v);
    }
    }
}

/* Pack values v[0..nitems) into p (f->size bytes, zeroed here). */
static int fmt_pack(const Format *f, Obj *const *v, unsigned char *p)
{
    memset(p, 0, (size_t)f->size);
    Ssize k = 0;
    for (Ssize i = 0; i < f->ncodes; i++) {
        const FmtCode *code = &f->codes[i];
        if (code->c == 'x') continue;
        for (Ssize r = 0; r < code->repeat; r++, k++) {
            if (pack_one(f, code->c, code->size, v[k], p + code->offset + r * code->size) < 0) {
                /* 3.12's s_pack_internal: an OverflowError while packing an
                 * int becomes struct.error (e.g. pack('e', 70000)) */
                if (INT_CHECK(v[k]) && vm_err_matches(&exc_OverflowError)) {
                    vm_err_clear();
                    struct_err("int too large to convert");
                }
                return -1;
            }
        }
    }
    return 0;
}

static Obj *fmt_unpack(const Format *f, const unsigned char *p)
{
    Obj *t = tuple_new(f->nitems);
    if (!t) return NULL;
    Ssize k = 0;
    for (Ssize i = 0; i < f->ncodes; i++) {
        const FmtCode *code = &f->codes[i];
        if (code->c == 'x') continue;
        for (Ssize r = 0; r < code->repeat; r++) {
            Obj *o = unpack_one(f, code->c, code->size, p + code->offset + r * code->size);
            if (!o) {
                /* fill the rest so the tuple can be released */
                for (Ssize j = k; j < f->nitems; j++) TUPLE_ITEMS(t)[j] = INCREF(NONE);
                DECREF(t);
                return NULL;
            }
            TUPLE_ITEMS(t)[k++] = o;
        }
    }
    return t;
}

/* ---- buffers ---------------------------------------------------------------------------- */

/* Read-only bytes of a bytes-like object: *keep holds a reference that keeps
 * the data alive (a copy for a memoryview). */
static int buffer_read(Obj *o, const unsigned char **p, Ssize *n, Obj **keep)
{
    if (BYTES_CHECK(o)) {
        *p = BYTES_DATA(o);
        *n = VAR_SIZE(o);
        *keep = INCREF(o);
        return 0;
    }
    if (type_is_subtype(OBJ_TYPE(o), &bytearray_type)) {
        ByteArrayObj *b = (ByteArrayObj *)o;
        *p = b->data ? b->data : (const unsigned char *)"";
        *n = VAR_SIZE(o);
        *keep = INCREF(o);
        return 0;
    }
    if (type_is_subtype(OBJ_TYPE(o), &memoryview_type) ||
        (OBJ_TYPE(o)->name && strcmp(OBJ_TYPE(o)->name, "array.array") == 0)) {
        Obj *b = obj_call((Obj *)&bytes_type, &o, 1, NULL);
        if (!b) return -1;
        *p = BYTES_DATA(b);
        *n = VAR_SIZE(b);
        *keep = b;
        return 0;
    }
    vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(o)));
    return -1;
}

/* ---- Struct objects -------------------------------------------------------------------- */

typedef struct StructObj {
    Obj base;
    Format f;
    Obj *format;     /* str */
    Obj *weakreflist;
} StructObj;

TypeObj struct_type;

static Obj *struct_alloc(TypeObj *t)
{
    StructObj *s = (StructObj *)obj_alloc(t, 0);
    if (!s) return NULL;
    s->f.native = true;
    s->f.little = true;
    s->format = str_from_cstr("");
    if (!s->format) {
        DECREF(s);
        return NULL;
    }
    return (Obj *)s;
}

/* (Re)compile s from a format object. */
static int struct_set_format(StructObj *s, Obj *fmt)
{
    const char *p;
    Ssize n;
    if (fmt_text(fmt, &p, &n) < 0) return -1;
    Format f;
    if (fmt_compile(p, n, &f) < 0) return -1;
    Obj *text = str_from_utf8(p, n);
    if (!text) {
        free(f.codes);
        return -1;
    }
    free(s->f.codes);
    s->f = f;
    obj_setref(&s->format, text);
    return 0;
}

static Obj *struct_from_format(Obj *fmt)
{
    Obj *s = struct_alloc(&struct_type);
    if (s && struct_set_format((StructObj *)s, fmt) < 0) CLEAR(s);
    return s;
}

static Obj *struct_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return struct_alloc(t);
}

static int struct_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"format"};
    Obj *v[1];
    if (mh_nkw(kwnames) == 0 && nargs == 0) {
        vm_err_set_str(&exc_TypeError, "Struct() missing required argument 'format' (pos 1)");
        return -1;
    }
    if (args_parse("Struct", args, nargs, kwnames, names, 1, 0, 0, v) < 0) return -1;
    return struct_set_format((StructObj *)self, v[0]);
}

static void struct_dealloc(Obj *o)
{
    StructObj *s = (StructObj *)o;
    if (s->weakreflist) weakref_clear_refs(o);
    free(s->f.codes);
    XDECREF(s->format);
    obj_free(o);
}

static Obj *do_pack(const Format *f, const char *fname, Obj *const *args, Ssize nargs)
{
    if (nargs != f->nitems) {
        struct_err("%s expected %zd items for packing (got %zd)", fname, f->nitems, nargs);
        return NULL;
    }
    if (f->size > STRUCT_MAX_BUFFER) {
        vm_err_no_memory();
        return NULL;
    }
    unsigned char *tmp = xmalloc((size_t)f->size + 1);
    Obj *b = fmt_pack(f, args, tmp) < 0 ? NULL : bytes_from(tmp, f->size);
    free(tmp);
    return b;
}

static Obj *do_unpack(const Format *f, Obj *buf)
{
    const unsigned char *p;
    Ssize n;
    Obj *keep;
    if (buffer_read(buf, &p, &n, &keep) < 0) return NULL;
    Obj *r = NULL;
    if (n != f->size) struct_err("unpack requires a buffer of %zd bytes", f->size);
    else r = fmt_unpack(f, p);
    DECREF(keep);
    return r;
}

static Obj *do_unpack_from(const Format *f, Obj *buf, Obj *offo)
{
    Ssize offset = 0;
    if (offo) {
        offset = num_as_ssize(offo, &exc_OverflowError);
        if (offset == -1 && vm_err_occurred()) return NULL;
    }
    const unsigned char *p;
    Ssize n;
    Obj *keep;
    if (buffer_read(buf, &p, &n, &keep) < 0) return NULL;
    Obj *r = NULL;
    if (offset < 0) {
        if (offset + f->size > 0) {
            struct_err("not enough data to unpack %zd bytes at offset %zd", f->size, offset);
            goto done;
        }
        if (offset + n < 0) {
            struct_err("offset %zd out of range for %zd-byte buffer", offset, n);
            goto done;
        }
        offset += n;
    }
    if (n - offset < f->size) {
        struct_err("unpack_from requires a buffer of at least %zu bytes for unpacking %zd bytes "
                   "at offset %zd (actual buffer size is %zd)",
                   (size_t)f->size + (size_t)offset, f->size, offset, n);
        goto done;
    }
    r = fmt_unpack(f, p + offset);
done:
    DECREF(keep);
    return r;
}

/* pack_into(buffer, offset, *v) with args[0] the buffer. */
static Obj *do_pack_into(const Format *f, Obj *const *args, Ssize nargs)
{
    if (nargs != f->nitems + 2) {
        if (nargs == 0) struct_err("pack_into expected buffer argument");
        else if (nargs == 1) struct_err("pack_into expected offset argument");
        else struct_err("pack_into expected %zd items for packing (got %zd)", f->nitems, nargs - 2);
        return NULL;
    }
    Obj *buf = args[0];
    if (!type_is_subtype(OBJ_TYPE(buf), &bytearray_type)) {
        if (BYTES_CHECK(buf) || type_is_subtype(OBJ_TYPE(buf), &memoryview_type))
            vm_err_format(&exc_TypeError, "argument must be read-write bytes-like object, not %s",
                          type_name(OBJ_TYPE(buf)));
        else
            vm_err_format(&exc_TypeError, "argument must be read-write bytes-like object, not %s",
                          type_name(OBJ_TYPE(buf)));
        return NULL;
    }
    Ssize offset = num_as_ssize(args[1], &exc_IndexError);
    if (offset == -1 && vm_err_occurred()) return NULL;
    /* Pack into a scratch buffer first: converting the values may run
     * Python code that resizes the bytearray. */
    if (f->size > STRUCT_MAX_BUFFER) {
        vm_err_no_memory();
        return NULL;
    }
    unsigned char *tmp = xmalloc((size_t)f->size + 1);
    if (fmt_pack(f, args + 2, tmp) < 0) {
        free(tmp);
        return NULL;
    }
    Ssize n = VAR_SIZE(buf);
    if (offset < 0) {
        if (offset + f->size > 0) {
            struct_err("no space to pack %zd bytes at offset %zd", f->size, offset);
            free(tmp);
            return NULL;
        }
        if (offset + n < 0) {
            struct_err("offset %zd out of range for %zd-byte buffer", offset, n);
            free(tmp);
            return NULL;
        }
        offset += n;
    }
    if (n - offset < f->size) {
        struct_err("pack_into requires a buffer of at least %zu bytes for packing %zd bytes at "
                   "offset %zd (actual buffer size is %zd)",
                   (size_t)f->size + (size_t)offset, f->size, offset, n);
        free(tmp);
        return NULL;
    }
    if (f->size) memcpy(((ByteArrayObj *)buf)->data + offset, tmp, (size_t)f->size);
    free(tmp);
    return INCREF(NONE);
}

/* ---- iter_unpack ------------------------------------------------------------------------ */

typedef struct UnpackIterObj {
    Obj base;
    Obj *s;          /* the Struct */
    Obj *data;       /* bytes holding the buffer (a copy for a bytearray), NULL when done */
    Ssize pos;
} UnpackIterObj;

TypeObj unpackiter_type;

static Obj *do_iter_unpack(Obj *s, Obj *buf)
{
    const Format *f = &((StructObj *)s)->f;
    if (f->size == 0) {
        struct_err("cannot iteratively unpack with a struct of length 0");
        return NULL;
    }
    const unsigned char *p;
    Ssize n;
    Obj *keep;
    if (buffer_read(buf, &p, &n, &keep) < 0) return NULL;
    if (n % f->size != 0) {
        struct_err("iterative unpacking requires a buffer of a multiple of %zd bytes", f->size);
        DECREF(keep);
        return NULL;
    }
    /* CPython holds the buffer export; a snapshot gives the same values
     * for programs that do not mutate the buffer while iterating. */
    Obj *data = BYTES_CHECK(keep) ? INCREF(keep) : bytes_from(p, n);
    DECREF(keep);
    if (!data) return NULL;
    UnpackIterObj *it = (UnpackIterObj *)obj_alloc(&unpackiter_type, 0);
    if (!it) {
        DECREF(data);
        return NULL;
    }
    it->s = INCREF(s);
    it->data = data;
    return (Obj *)it;
}

static Obj *unpackiter_next(Obj *o)
{
    UnpackIterObj *it = (UnpackIterObj *)o;
    if (!it->data) return NULL;
    const Format *f = &((StructObj *)it->s)->f;
    if (it->pos + f->size > VAR_SIZE(it->data)) {
        CLEAR(it->data);
        return NULL;
    }
    Obj *r = fmt_unpack(f, BYTES_DATA(it->data) + it->pos);
    it->pos += f->size;
    return r;
}

static Obj *unpackiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    UnpackIterObj *it = (UnpackIterObj *)o;
    if (!it->data) return int_from_i64(0);
    const Format *f = &((StructObj *)it->s)->f;
    return int_from_i64((VAR_SIZE(it->data) - it->pos) / f->size);
}

static void unpackiter_dealloc(Obj *o)
{
    UnpackIterObj *it = (UnpackIterObj *)o;
    gc_untrack(o);
    XDECREF(it->s);
    XDECREF(it->data);
    obj_free(o);
}

static int unpackiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    UnpackIterObj *it = (UnpackIterObj *)o;
    return it->s ? visit(it->s, arg) : 0;
}

static MethodDef unpackiter_methods[] = {
    {"__length_hint__", unpackiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj unpackiter_type = {
    .base = TYPE_HEAD_INIT, .name = "_struct.unpack_iterator", .basicsize = sizeof(UnpackIterObj),
    .flags = TPF_GC, .getattro = obj_generic_getattr, .dealloc = unpackiter_dealloc,
    .traverse = unpackiter_traverse, .iter = iter_self, .iternext = unpackiter_next,
    .methods = unpackiter_methods,
};

/* ---- Struct methods ------------------------------------------------------------------- */

#define SF(o) (&((StructObj *)(o))->f)

static Obj *sm_pack(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("Struct.pack", kw) < 0) return NULL;
    return do_pack(SF(self), "pack", args, nargs);
}

static Obj *sm_pack_into(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("Struct.pack_into", kw) < 0) return NULL;
    return do_pack_into(SF(self), args, nargs);
}

static Obj *sm_unpack(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    if (mh_one_arg("Struct.unpack", nargs, kw) < 0) return NULL;
    return do_unpack(SF(self), args[0]);
}

static Obj *sm_unpack_from(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"buffer", "offset"};
    Obj *v[2];
    if (args_parse("unpack_from", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    return do_unpack_from(SF(self), v[0], v[1]);
}

static Obj *sm_iter_unpack(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("Struct.iter_unpack", nargs, kw) < 0) return NULL;
    return do_iter_unpack(self, args[0]);
}

static Obj *sm_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return int_from_i64(56 + (SF(self)->ncodes + 1) * 32);
}

static MethodDef struct_methods[] = {
    {"pack", sm_pack, METH_FAST, "S.pack(v1, v2, ...) -> bytes"},
    {"pack_into", sm_pack_into, METH_FAST, "S.pack_into(buffer, offset, v1, v2, ...)"},
    {"unpack", sm_unpack, METH_FAST, "Return a tuple containing unpacked values."},
    {"unpack_from", sm_unpack_from, METH_FAST, "Return a tuple containing unpacked values."},
    {"iter_unpack", sm_iter_unpack, METH_FAST, "Return an iterator yielding tuples."},
    {"__sizeof__", sm_sizeof, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *struct_get_format(Obj *self, void *c)
{
    (void)c;
    return INCREF(((StructObj *)self)->format);
}

static Obj *struct_get_size(Obj *self, void *c)
{
    (void)c;
    return int_from_i64(SF(self)->size);
}

static GetSetDef struct_getset[] = {
    {"format", struct_get_format, NULL, "struct format string", NULL},
    {"size", struct_get_size, NULL, "struct size in bytes", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj struct_type = {
    .base = TYPE_HEAD_INIT, .name = "_struct.Struct", .basicsize = sizeof(StructObj),
    .flags = TPF_BASETYPE, .getattro = obj_generic_getattr, .dealloc = struct_dealloc,
    .new_ = struct_tp_new, .init = struct_tp_init, .methods = struct_methods,
    .getset = struct_getset, .weaklistoffset = offsetof(StructObj, weakreflist),
    .doc = "Struct(format)\n--\n\nCreate a compiled struct object.",
};

/* ---- module functions --------------------------------------------------------------- */

/* The Struct for a module function's format argument. */
static Obj *struct_for(Obj *fmt) { return struct_from_format(fmt); }

static Obj *f_calcsize(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_one_arg("_struct.calcsize", nargs, kw) < 0) return NULL;
    Obj *s = struct_for(args[0]);
    if (!s) return NULL;
    Obj *r = int_from_i64(SF(s)->size);
    DECREF(s);
    return r;
}

static Obj *f_pack(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (args_no_kw("_struct.pack", kw) < 0) return NULL;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "missing format argument");
        return NULL;
    }
    Obj *s = struct_for(args[0]);
    if (!s) return NULL;
    Obj *r = do_pack(SF(s), "pack", args + 1, nargs - 1);
    DECREF(s);
    return r;
}

static Obj *f_pack_into(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (args_no_kw("_struct.pack_into", kw) < 0) return NULL;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "missing format argument");
        return NULL;
    }
    Obj *s = struct_for(args[0]);
    if (!s) return NULL;
    Obj *r = do_pack_into(SF(s), args + 1, nargs - 1);
    DECREF(s);
    return r;
}

static Obj *f_unpack(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_pos_args("unpack", "unpack", nargs, kw, 2, 2) < 0) return NULL;
    Obj *s = struct_for(args[0]);
    if (!s) return NULL;
    Obj *r = do_unpack(SF(s), args[1]);
    DECREF(s);
    return r;
}

static Obj *f_unpack_from(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"format", "buffer", "offset"};
    Obj *v[3];
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "unpack_from() takes at least 1 positional argument (%zd given)", nargs);
        return NULL;
    }
    if (args_parse("unpack_from", args, nargs, kw, names, 3, 1, 2, v) < 0) return NULL;
    Obj *s = struct_for(v[0]);
    if (!s) return NULL;
    Obj *r = do_unpack_from(SF(s), v[1], v[2]);
    DECREF(s);
    return r;
}

static Obj *f_iter_unpack(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_pos_args("iter_unpack", "iter_unpack", nargs, kw, 2, 2) < 0) return NULL;
    Obj *s = struct_for(args[0]);
    if (!s) return NULL;
    Obj *r = do_iter_unpack(s, args[1]);
    DECREF(s);
    return r;
}

static Obj *f_clearcache(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m; (void)args;
    if (mh_no_args("_clearcache", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}

static const MethodDef struct_functions[] = {
    {"calcsize", f_calcsize, METH_FAST, "Return size in bytes of the struct described by the format string."},
    {"pack", f_pack, METH_FAST, "pack(format, v1, v2, ...) -> bytes"},
    {"pack_into", f_pack_into, METH_FAST, "pack_into(format, buffer, offset, v1, v2, ...)"},
    {"unpack", f_unpack, METH_FAST, "Return a tuple containing values unpacked according to the format string."},
    {"unpack_from", f_unpack_from, METH_FAST, "Return a tuple containing values unpacked according to the format string."},
    {"iter_unpack", f_iter_unpack, METH_FAST, "Return an iterator yielding tuples unpacked from the given bytes."},
    {"_clearcache", f_clearcache, METH_FAST, "Clear the internal cache."},
    {NULL, NULL, 0, NULL},
};

static int struct_types_ready(void)
{
    if (!(struct_type.flags & TPF_READY) && type_ready(&struct_type) < 0) return -1;
    if (!(unpackiter_type.flags & TPF_READY) && type_ready(&unpackiter_type) < 0) return -1;
    if (!struct_error) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        struct_error = bases ? mu_class_new("error", "struct", bases, NULL) : NULL;
        XDECREF(bases);
        if (!struct_error) return -1;
    }
    return 0;
}

static Obj *struct_init_named(const char *name)
{
    if (struct_types_ready() < 0) return NULL;
    Obj *m = mh_module(name, struct_functions);
    if (!m) return NULL;
    if (mh_add_obj(m, "error", struct_error) < 0 || mh_add_obj(m, "Struct", (Obj *)&struct_type) < 0) {
        DECREF(m);
        return NULL;
    }
    if (strcmp(name, "struct") == 0) {
        /* struct.py's __all__ (the C module _struct has none) */
        static const char *const all[] = {"calcsize", "pack", "pack_into", "unpack", "unpack_from",
                                          "iter_unpack", "Struct", "error"};
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
    }
    return m;
}

static Obj *struct_init(void) { return struct_init_named("struct"); }
static Obj *struct_c_init(void) { return struct_init_named("_struct"); }

void native_struct_register(void)
{
    import_register_native("struct", struct_init);
    import_register_native("_struct", struct_c_init);
}

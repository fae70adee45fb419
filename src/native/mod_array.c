/* mod_array.c — the `array` module of CPython 3.12.
 *
 * array.array stores machine values contiguously with the sizes of x86-64
 * Linux (b/B 1, h/H 2, i/I 4, l/L 8, q/Q 8, f 4, d 8, u 4 — a wchar_t), so
 * tobytes()/frombytes() agree with struct's native formats.  Each typecode
 * has a getter and a setter; the setters convert and range-check values with
 * the messages of CPython's converters ("signed char is greater than
 * maximum", "Python int too large to convert to C long", "must be real
 * number, not str" …).  Sequence, slice and comparison behaviour, repr and
 * the iterator (which sees items appended later) follow arraymodule.c.
 *
 * pydbg has no buffer protocol: bytes(a) works through __bytes__ (which
 * CPython's array does not define), and the modules that take bytes-like
 * arguments (struct, hashlib, zlib, binascii, base64) read an array that
 * way; memoryview(a) is not supported.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

typedef struct ArrayObj ArrayObj;

typedef struct ArrDesc {
    char tc;
    int itemsize;
    Obj *(*get)(ArrayObj *a, Ssize i);
    int (*set)(char *dst, Obj *v);   /* dst NULL: convert and check only */
} ArrDesc;

struct ArrayObj {
    VarObj base;          /* size: number of items */
    char *data;
    Ssize alloc;          /* items allocated */
    const ArrDesc *d;
    Obj *weakreflist;
};

TypeObj array_type, arrayiter_type;

#define ARR(o) ((ArrayObj *)(o))
#define ALEN(o) VAR_SIZE(o)
#define ITEM(a, i) ((a)->data + (i) * (a)->d->itemsize)

static bool array_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &array_type); }

/* ---- value conversion ---------------------------------------------------------------------- */

/* The int for an integer typecode: __index__, "'float' object cannot be
 * interpreted as an integer" otherwise.  Result in z (initialised). */
static int to_mpz(Obj *v, mpz_t z)
{
    if (!index_check(v)) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(OBJ_TYPE(v)));
        return -1;
    }
    Obj *i = num_index(v);
    if (!i) return -1;
    int_to_mpz(i, z);
    DECREF(i);
    return 0;
}

static int overflow(const char *msg)
{
    vm_err_set_str(&exc_OverflowError, msg);
    return -1;
}

/* The value of a signed typecode's item, checked as CPython's converters
 * check it; -1 with OverflowError/TypeError. */
static int int_value(char tc, Obj *v, int64_t *out, uint64_t *uout)
{
    mpz_t z;
    mpz_init(z);
    int rc = to_mpz(v, z);
    if (rc < 0) goto done;
    rc = -1;
    bool fits_long = mpz_fits_slong_p(z) != 0;
    long x = fits_long ? mpz_get_si(z) : 0;
    switch (tc) {
    case 'b': case 'h': case 'B': case 'H': case 'i': case 'l':
        if (!fits_long) {
            overflow("Python int too large to convert to C long");
            goto done;
        }
        break;
    default: break;
    }
    switch (tc) {
    case 'b':
        if (x < -32768) { overflow("signed short integer is less than minimum"); goto done; }
        if (x > 32767) { overflow("signed short integer is greater than maximum"); goto done; }
        if (x < -128) { overflow("signed char is less than minimum"); goto done; }
        if (x > 127) { overflow("signed char is greater than maximum"); goto done; }
        break;
    case 'B':
        if (x < 0) { overflow("unsigned byte integer is less than minimum"); goto done; }
        if (x > 255) { overflow("unsigned byte integer is greater than maximum"); goto done; }
        break;
    case 'h':
        if (x < -32768) { overflow("signed short integer is less than minimum"); goto done; }
        if (x > 32767) { overflow("signed short integer is greater than maximum"); goto done; }
        break;
    case 'H':
        if (x < INT32_MIN) { overflow("signed integer is less than minimum"); goto done; }
        if (x > INT32_MAX) { overflow("signed integer is greater than maximum"); goto done; }
        if (x < 0) { overflow("unsigned short is less than minimum"); goto done; }
        if (x > 65535) { overflow("unsigned short is greater than maximum"); goto done; }
        break;
    case 'i':
        if (x < INT32_MIN) { overflow("signed integer is less than minimum"); goto done; }
        if (x > INT32_MAX) { overflow("signed integer is greater than maximum"); goto done; }
        break;
    case 'l': break;
    case 'q':
        if (!fits_long) { overflow("int too big to convert"); goto done; }
        break;
    case 'I': case 'L':
        if (mpz_sgn(z) < 0) { overflow("can't convert negative value to unsigned int"); goto done; }
        if (!mpz_fits_ulong_p(z)) { overflow("Python int too large to convert to C unsigned long"); goto done; }
        *uout = mpz_get_ui(z);
        if (tc == 'I' && *uout > UINT32_MAX) { overflow("unsigned int is greater than maximum"); goto done; }
        rc = 0;
        goto done;
    case 'Q':
        if (mpz_sgn(z) < 0) { overflow("can't convert negative int to unsigned"); goto done; }
        if (!mpz_fits_ulong_p(z)) { overflow("int too big to convert"); goto done; }
        *uout = mpz_get_ui(z);
        rc = 0;
        goto done;
    default: break;
    }
    *out = x;
    rc = 0;
done:
    mpz_clear(z);
    return rc;
}

#define INT_ACCESSORS(NAME, CT, TC, UNSIGNED)                                      \
    static Obj *get_##NAME(ArrayObj *a, Ssize i)                                   \
    {                                                                              \
        CT x;                                                                      \
        memcpy(&x, ITEM(a, i), sizeof x);                                          \
        return UNSIGNED ? int_from_u64((uint64_t)x) : int_from_i64((int64_t)x);    \
    }                                                                              \
    static int set_##NAME(char *dst, Obj *v)                                       \
    {                                                                              \
        int64_t s = 0;                                                             \
        uint64_t u = 0;                                                            \
        if (int_value(TC, v, &s, &u) < 0) return -1;                               \
        CT x = UNSIGNED && (TC == 'I' || TC == 'L' || TC == 'Q') ? (CT)u : (CT)s;  \
        if (dst) memcpy(dst, &x, sizeof x);                                        \
        return 0;                                                                  \
    }

INT_ACCESSORS(b, int8_t, 'b', 0)
INT_ACCESSORS(B, uint8_t, 'B', 1)
INT_ACCESSORS(h, int16_t, 'h', 0)
INT_ACCESSORS(H, uint16_t, 'H', 1)
INT_ACCESSORS(i, int32_t, 'i', 0)
INT_ACCESSORS(I, uint32_t, 'I', 1)
INT_ACCESSORS(l, int64_t, 'l', 0)
INT_ACCESSORS(L, uint64_t, 'L', 1)
INT_ACCESSORS(q, int64_t, 'q', 0)
INT_ACCESSORS(Q, uint64_t, 'Q', 1)

static int arr_float_value(Obj *v, double *out)
{
    double x = float_as_double(v);
    if (x == -1.0 && vm_err_occurred()) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError, "must be real number, not %s", type_name(OBJ_TYPE(v)));
        }
        return -1;
    }
    *out = x;
    return 0;
}

static Obj *get_f(ArrayObj *a, Ssize i)
{
    float x;
    memcpy(&x, ITEM(a, i), sizeof x);
    return float_from_double((double)x);
}

static int set_f(char *dst, Obj *v)
{
    double x;
    if (arr_float_value(v, &x) < 0) return -1;
    float y = (float)x;
    if (dst) memcpy(dst, &y, sizeof y);
    return 0;
}

static Obj *get_d(ArrayObj *a, Ssize i)
{
    double x;
    memcpy(&x, ITEM(a, i), sizeof x);
    return float_from_double(x);
}

static int set_d(char *dst, Obj *v)
{
    double x;
    if (arr_float_value(v, &x) < 0) return -1;
    if (dst) memcpy(dst, &x, sizeof x);
    return 0;
}

static Obj *get_u(ArrayObj *a, Ssize i)
{
    uint32_t c;
    memcpy(&c, ITEM(a, i), sizeof c);
    if (c > 0x10ffff) {
        vm_err_set_str(&exc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    return str_from_char(c);
}

static int set_u(char *dst, Obj *v)
{
    if (!STR_CHECK(v) || VAR_SIZE(v) != 1) {
        vm_err_set_str(&exc_TypeError, "array item must be unicode character");
        return -1;
    }
    uint32_t c = str_char(v, 0);
    if (dst) memcpy(dst, &c, sizeof c);
    return 0;
}

static const ArrDesc descs[] = {
    {'b', 1, get_b, set_b}, {'B', 1, get_B, set_B}, {'u', 4, get_u, set_u},
    {'h', 2, get_h, set_h}, {'H', 2, get_H, set_H}, {'i', 4, get_i, set_i},
    {'I', 4, get_I, set_I}, {'l', 8, get_l, set_l}, {'L', 8, get_L, set_L},
    {'q', 8, get_q, set_q}, {'Q', 8, get_Q, set_Q}, {'f', 4, get_f, set_f},
    {'d', 8, get_d, set_d},
};

/* ---- storage ---------------------------------------------------------------------------------- */

/* CPython's array_resize, so `allocated` (and __sizeof__) follow the same
 * growth: 0, 4, 8, 16, 25, 34, 46, 56 … items; the over-allocation is
 * computed from the current size. */
static int array_resize(ArrayObj *a, Ssize n)
{
    if (n < 0 || n > ((Ssize)1 << 34) / a->d->itemsize) {
        vm_err_no_memory();
        return -1;
    }
    if (a->alloc >= n && ALEN(a) < n + 16) {
        VAR_SIZE(a) = n;
        return 0;
    }
    if (n == 0) {
        /* CPython frees its buffer; ours stays (never NULL) but is unused */
        a->alloc = 0;
        VAR_SIZE(a) = 0;
        return 0;
    }
    Ssize cap = (n >> 4) + (ALEN(a) < 8 ? 3 : 7) + n;
    a->data = xrealloc(a->data, (size_t)(cap * a->d->itemsize));
    a->alloc = cap;
    VAR_SIZE(a) = n;
    return 0;
}

/* newarrayobject: exactly n items allocated, zeroed. */
static ArrayObj *array_alloc(TypeObj *t, const ArrDesc *d, Ssize n)
{
    if (n < 0 || n > ((Ssize)1 << 34) / d->itemsize) {
        vm_err_no_memory();
        return NULL;
    }
    ArrayObj *a = (ArrayObj *)obj_alloc(t, 0);
    if (!a) return NULL;
    a->d = d;
    a->data = xmalloc((size_t)((n ? n : 1) * d->itemsize));
    memset(a->data, 0, (size_t)((n ? n : 1) * d->itemsize));
    a->alloc = n;
    VAR_SIZE(a) = n;
    return a;
}

static Obj *array_new_from(const ArrDesc *d, const char *p, Ssize n)
{
    ArrayObj *a = array_alloc(&array_type, d, n);
    if (a && n) memcpy(a->data, p, (size_t)(n * d->itemsize));
    return (Obj *)a;
}

static int append_value(ArrayObj *a, Obj *v)
{
    char item[8];
    if (a->d->set(item, v) < 0) return -1;
    Ssize n = ALEN(a);
    if (array_resize(a, n + 1) < 0) return -1;
    memcpy(ITEM(a, n), item, (size_t)a->d->itemsize);
    return 0;
}

static int extend_iterable(ArrayObj *a, Obj *it_src)
{
    Obj *it = obj_getiter(it_src);
    if (!it) return -1;
    Obj *v;
    while ((v = obj_iternext(it))) {
        int r = append_value(a, v);
        DECREF(v);
        if (r < 0) {
            DECREF(it);
            return -1;
        }
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

static int frombytes_data(ArrayObj *a, const unsigned char *p, Ssize n)
{
    int isz = a->d->itemsize;
    if (n % isz) {
        vm_err_set_str(&exc_ValueError, "bytes length not a multiple of item size");
        return -1;
    }
    Ssize old = ALEN(a);
    if (array_resize(a, old + n / isz) < 0) return -1;
    if (n) memcpy(a->data + old * isz, p, (size_t)n);
    return 0;
}

static int fromunicode_str(ArrayObj *a, Obj *s)
{
    Ssize old = ALEN(a), n = VAR_SIZE(s);
    if (array_resize(a, old + n) < 0) return -1;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        memcpy(ITEM(a, old + i), &c, 4);
    }
    return 0;
}

/* Data of a bytes-like argument (bytes, bytearray, array via tobytes). */
static Obj *buffer_bytes(Obj *o)
{
    if (BYTES_CHECK(o)) return INCREF(o);
    if (type_is_subtype(OBJ_TYPE(o), &bytearray_type)) return bytes_from(((ByteArrayObj *)o)->data, VAR_SIZE(o));
    if (array_check(o)) return bytes_from(ARR(o)->data, ALEN(o) * ARR(o)->d->itemsize);
    if (type_is_subtype(OBJ_TYPE(o), &memoryview_type)) return obj_call((Obj *)&bytes_type, &o, 1, NULL);
    vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(o)));
    return NULL;
}

/* ---- construction ------------------------------------------------------------------------------ */

static Obj *array_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (t == &array_type && mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "array.array() takes no keyword arguments");
        return NULL;
    }
    if (nargs < 1 || nargs > 2) {
        vm_err_format(&exc_TypeError, "array() takes %s %d argument%s (%zd given)", nargs < 1 ? "at least" : "at most",
                      nargs < 1 ? 1 : 2, nargs < 1 ? "" : "s", nargs);
        return NULL;
    }
    Obj *tco = args[0];
    if (!STR_CHECK(tco) || VAR_SIZE(tco) != 1) {
        vm_err_format(&exc_TypeError, "array() argument 1 must be a unicode character, not %s",
                      type_name(OBJ_TYPE(tco)));
        return NULL;
    }
    uint32_t c = str_char(tco, 0);
    const ArrDesc *d = NULL;
    for (size_t i = 0; i < sizeof descs / sizeof descs[0]; i++)
        if ((uint32_t)descs[i].tc == c) d = &descs[i];
    if (!d) {
        vm_err_set_str(&exc_ValueError, "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
        return NULL;
    }
    Obj *init = nargs > 1 ? args[1] : NULL;
    if (init && STR_CHECK(init) && d->tc != 'u') {
        vm_err_format(&exc_TypeError, "cannot use a str to initialize an array with typecode '%c'", d->tc);
        return NULL;
    }
    if (init && array_check(init) && ARR(init)->d->tc == 'u' && d->tc != 'u') {
        vm_err_format(&exc_TypeError, "cannot use a unicode array to initialize an array with typecode '%c'", d->tc);
        return NULL;
    }
    /* as array_new: lists, tuples and same-typecode arrays are sized
     * first, the rest grows as it is appended */
    Ssize len = 0;
    if (init && (LIST_CHECK(init) || TUPLE_CHECK(init))) len = VAR_SIZE(init);
    else if (init && array_check(init) && ARR(init)->d == d) len = ALEN(init);
    ArrayObj *a = array_alloc(t, d, len);
    if (!a) return NULL;
    int r = 0;
    if (!init) {
        r = 0;
    } else if (LIST_CHECK(init) || TUPLE_CHECK(init)) {
        for (Ssize i = 0; i < len && r == 0; i++) {
            if (i >= VAR_SIZE(init)) {
                vm_err_set_str(&exc_IndexError, "list index out of range");
                r = -1;
                break;
            }
            Obj *v = INCREF(LIST_CHECK(init) ? LIST_ITEMS(init)[i] : TUPLE_ITEMS(init)[i]);
            char item[8];
            r = d->set(item, v);
            DECREF(v);
            if (r == 0) memcpy(ITEM(a, i), item, (size_t)d->itemsize);
        }
    } else if (STR_CHECK(init)) {
        r = fromunicode_str(a, init);
    } else if (BYTES_CHECK(init) || type_is_subtype(OBJ_TYPE(init), &bytearray_type)) {
        Obj *b = buffer_bytes(init);
        r = b ? frombytes_data(a, BYTES_DATA(b), VAR_SIZE(b)) : -1;
        XDECREF(b);
    } else if (array_check(init) && ARR(init)->d == d) {
        if (len) memcpy(a->data, ARR(init)->data, (size_t)(len * d->itemsize));
    } else {
        r = extend_iterable(a, init);
    }
    if (r < 0) {
        DECREF(a);
        return NULL;
    }
    return (Obj *)a;
}

static void array_dealloc(Obj *o)
{
    ArrayObj *a = ARR(o);
    if (a->weakreflist) weakref_clear_refs(o);
    free(a->data);
    a->data = NULL;
    obj_free(o);
}

/* ---- repr, comparison -------------------------------------------------------------------------- */

static Obj *array_tolist_obj(ArrayObj *a)
{
    Obj *l = list_new(ALEN(a));
    if (!l) return NULL;
    for (Ssize i = 0; i < ALEN(a); i++) {
        Obj *v = a->d->get(a, i);
        if (!v) {
            for (Ssize j = i; j < ALEN(a); j++) LIST_ITEMS(l)[j] = INCREF(NONE);
            DECREF(l);
            return NULL;
        }
        LIST_ITEMS(l)[i] = v;
    }
    return l;
}

static Obj *array_tounicode_obj(ArrayObj *a)
{
    uint32_t *cps = xmalloc(sizeof(uint32_t) * (size_t)(ALEN(a) + 1));
    for (Ssize i = 0; i < ALEN(a); i++) {
        memcpy(&cps[i], ITEM(a, i), 4);
        if (cps[i] > 0x10ffff) {
            vm_err_format(&exc_ValueError, "character U+%x is not in range [U+0000; U+10ffff]", cps[i]);
            free(cps);
            return NULL;
        }
    }
    Obj *s = str_from_ucs4(cps, ALEN(a));
    free(cps);
    return s;
}

static Obj *array_repr(Obj *o)
{
    ArrayObj *a = ARR(o);
    const char *tn = OBJ_TYPE(o) == &array_type ? "array" : type_name(OBJ_TYPE(o));
    if (ALEN(a) == 0) return str_from_fmt("%s('%c')", tn, a->d->tc);
    Obj *v = a->d->tc == 'u' ? array_tounicode_obj(a) : array_tolist_obj(a);
    if (!v) return NULL;
    Obj *r = str_from_fmt("%s('%c', %R)", tn, a->d->tc, v);
    DECREF(v);
    return r;
}

static Obj *array_richcompare(Obj *x, Obj *y, int op)
{
    if (!array_check(x) || !array_check(y)) return INCREF(NOTIMPL);
    ArrayObj *a = ARR(x), *b = ARR(y);
    if (ALEN(a) != ALEN(b) && (op == CMP_EQ || op == CMP_NE)) return bool_from(op == CMP_NE);
    Ssize i;
    Obj *va = NULL, *vb = NULL;
    for (i = 0; i < ALEN(a) && i < ALEN(b); i++) {
        va = a->d->get(a, i);
        vb = va ? b->d->get(b, i) : NULL;
        if (!vb) {
            XDECREF(va);
            return NULL;
        }
        int eq = obj_richcompare_bool(va, vb, CMP_EQ);
        if (eq < 0) {
            DECREF(va);
            DECREF(vb);
            return NULL;
        }
        if (!eq) break;
        DECREF(va);
        DECREF(vb);
        va = vb = NULL;
    }
    if (i >= ALEN(a) || i >= ALEN(b)) return ssize_richcompare(ALEN(a), ALEN(b), op);
    Obj *r;
    if (op == CMP_EQ) r = INCREF(FALSE_);
    else if (op == CMP_NE) r = INCREF(TRUE_);
    else r = obj_richcompare(va, vb, op);
    DECREF(va);
    DECREF(vb);
    return r;
}

/* ---- sequence protocol --------------------------------------------------------------------------- */

static Ssize array_length(Obj *o) { return ALEN(o); }

static Obj *array_item(Obj *o, Ssize i)
{
    if (i < 0 || i >= ALEN(o)) {
        vm_err_set_str(&exc_IndexError, "array index out of range");
        return NULL;
    }
    return ARR(o)->d->get(ARR(o), i);
}

static Obj *array_slice(ArrayObj *a, Ssize start, Ssize step, Ssize n)
{
    ArrayObj *r = array_alloc(&array_type, a->d, n);
    if (!r) return NULL;
    int isz = a->d->itemsize;
    for (Ssize k = 0; k < n; k++) memcpy(r->data + k * isz, ITEM(a, start + k * step), (size_t)isz);
    return (Obj *)r;
}

static Obj *array_subscript(Obj *o, Obj *key)
{
    ArrayObj *a = ARR(o);
    if (IS_TYPE(key, slice_type)) {
        Ssize start, stop, step, n;
        if (slice_indices(key, ALEN(a), &start, &stop, &step, &n) < 0) return NULL;
        return array_slice(a, start, step, n);
    }
    if (!index_check(key)) {
        vm_err_set_str(&exc_TypeError, "array indices must be integers");
        return NULL;
    }
    Ssize i = num_as_ssize(key, &exc_IndexError);
    if (i == -1 && vm_err_occurred()) return NULL;
    if (i < 0) i += ALEN(a);
    return array_item(o, i);
}

static int array_del_range(ArrayObj *a, Ssize lo, Ssize hi)
{
    int isz = a->d->itemsize;
    Ssize n = ALEN(a);
    memmove(a->data + lo * isz, a->data + hi * isz, (size_t)((n - hi) * isz));
    return array_resize(a, n - (hi - lo));
}

static int array_ass_subscript(Obj *o, Obj *key, Obj *value)
{
    ArrayObj *a = ARR(o);
    int isz = a->d->itemsize;
    if (!IS_TYPE(key, slice_type)) {
        if (!index_check(key)) {
            vm_err_set_str(&exc_TypeError, "array indices must be integers");
            return -1;
        }
        Ssize i = num_as_ssize(key, &exc_IndexError);
        if (i == -1 && vm_err_occurred()) return -1;
        if (i < 0) i += ALEN(a);
        if (i < 0 || i >= ALEN(a)) {
            vm_err_set_str(&exc_IndexError, "array assignment index out of range");
            return -1;
        }
        if (!value) return array_del_range(a, i, i + 1);
        /* convert first: __index__ may change the array */
        char item[8];
        if (a->d->set(item, value) < 0) return -1;
        if (i < ALEN(a)) memcpy(ITEM(a, i), item, (size_t)isz);
        return 0;
    }
    Ssize start, stop, step, n;
    if (slice_indices(key, ALEN(a), &start, &stop, &step, &n) < 0) return -1;
    ArrayObj *v = NULL;
    char *src = NULL;
    Ssize vn = 0;
    if (value) {
        if (!array_check(value)) {
            vm_err_format(&exc_TypeError, "can only assign array (not \"%s\") to array slice",
                          type_name(OBJ_TYPE(value)));
            return -1;
        }
        v = ARR(value);
        if (v->d != a->d) {
            vm_err_set_str(&exc_TypeError, "bad argument type for built-in operation");
            return -1;
        }
        vn = ALEN(v);
        src = xmalloc((size_t)(vn * isz) + 1);
        if (vn) memcpy(src, v->data, (size_t)(vn * isz));
    }
    int rc = 0;
    if (step == 1) {
        if (stop < start) stop = start;
        Ssize old = ALEN(a), delta = vn - (stop - start);
        if (delta > 0) {
            if (array_resize(a, old + delta) < 0) {
                free(src);
                return -1;
            }
            memmove(a->data + (stop + delta) * isz, a->data + stop * isz, (size_t)((old - stop) * isz));
        } else if (delta < 0) {
            memmove(a->data + (stop + delta) * isz, a->data + stop * isz, (size_t)((old - stop) * isz));
            rc = array_resize(a, old + delta);
        }
        if (vn) memcpy(a->data + start * isz, src, (size_t)(vn * isz));
    } else if (!value || vn == 0) {
        /* delete an extended slice (assigning an empty array deletes it
         * too, as in CPython): keep the items not selected */
        if (step < 0) {
            start = start + step * (n - 1);
            step = -step;
        }
        Ssize old = ALEN(a), w = 0;
        for (Ssize i = 0; i < old; i++) {
            bool sel = i >= start && (i - start) % step == 0 && (i - start) / step < n;
            if (!sel) {
                if (w != i) memmove(a->data + w * isz, a->data + i * isz, (size_t)isz);
                w++;
            }
        }
        rc = array_resize(a, w);
    } else {
        if (vn != n) {
            vm_err_format(&exc_ValueError, "attempt to assign array of size %zd to extended slice of size %zd", vn, n);
            free(src);
            return -1;
        }
        for (Ssize k = 0; k < n; k++) memcpy(a->data + (start + k * step) * isz, src + k * isz, (size_t)isz);
    }
    free(src);
    return rc;
}

static int array_contains(Obj *o, Obj *v)
{
    ArrayObj *a = ARR(o);
    for (Ssize i = 0; i < ALEN(a); i++) {
        Obj *x = a->d->get(a, i);
        if (!x) return -1;
        int r = obj_richcompare_bool(x, v, CMP_EQ);
        DECREF(x);
        if (r != 0) return r;
    }
    return 0;
}

static Obj *array_concat(Obj *x, Obj *y)
{
    if (!array_check(y)) {
        vm_err_format(&exc_TypeError, "can only append array (not \"%s\") to array", type_name(OBJ_TYPE(y)));
        return NULL;
    }
    ArrayObj *a = ARR(x), *b = ARR(y);
    if (a->d != b->d) {
        vm_err_set_str(&exc_TypeError, "bad argument type for built-in operation");
        return NULL;
    }
    int isz = a->d->itemsize;
    ArrayObj *r = array_alloc(&array_type, a->d, ALEN(a) + ALEN(b));
    if (!r) return NULL;
    if (ALEN(a)) memcpy(r->data, a->data, (size_t)(ALEN(a) * isz));
    if (ALEN(b)) memcpy(r->data + ALEN(a) * isz, b->data, (size_t)(ALEN(b) * isz));
    return (Obj *)r;
}

static Obj *array_repeat(Obj *o, Ssize n)
{
    ArrayObj *a = ARR(o);
    if (n < 0) n = 0;
    Ssize len = ALEN(a);
    if (len && n > ((Ssize)1 << 34) / (len * a->d->itemsize)) {
        vm_err_no_memory();
        return NULL;
    }
    ArrayObj *r = array_alloc(&array_type, a->d, len * n);
    if (!r) return NULL;
    Ssize bytes = len * a->d->itemsize;
    for (Ssize k = 0; k < n; k++) memcpy(r->data + k * bytes, a->data, (size_t)bytes);
    return (Obj *)r;
}

static Obj *array_inplace_concat(Obj *x, Obj *y)
{
    if (!array_check(y)) {
        vm_err_format(&exc_TypeError, "can only extend array with array (not \"%s\")", type_name(OBJ_TYPE(y)));
        return NULL;
    }
    ArrayObj *a = ARR(x), *b = ARR(y);
    if (a->d != b->d) {
        vm_err_set_str(&exc_TypeError, "can only extend with array of same kind");
        return NULL;
    }
    Obj *keep = INCREF(y);
    int r = frombytes_data(a, (const unsigned char *)b->data, ALEN(b) * b->d->itemsize);
    DECREF(keep);
    return r < 0 ? NULL : INCREF(x);
}

static Obj *array_inplace_repeat(Obj *o, Ssize n)
{
    ArrayObj *a = ARR(o);
    Ssize len = ALEN(a);
    if (len == 0 || n == 1) return INCREF(o);
    if (n <= 0) {
        if (array_resize(a, 0) < 0) return NULL;
        return INCREF(o);
    }
    if (len && n > ((Ssize)1 << 34) / (len * a->d->itemsize)) {
        vm_err_no_memory();
        return NULL;
    }
    if (array_resize(a, len * n) < 0) return NULL;
    Ssize bytes = len * a->d->itemsize;
    for (Ssize k = 1; k < n; k++) memcpy(a->data + k * bytes, a->data, (size_t)bytes);
    return INCREF(o);
}

/* ---- methods ----------------------------------------------------------------------------------------- */

static Obj *am_append(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    (void)n;
    if (append_value(ARR(self), a[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *am_extend(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    (void)n;
    if (array_check(a[0])) {
        if (ARR(a[0])->d != ARR(self)->d) {
            vm_err_set_str(&exc_TypeError, "can only extend with array of same kind");
            return NULL;
        }
        Obj *r = array_inplace_concat(self, a[0]);
        if (!r) return NULL;
        DECREF(r);
        return INCREF(NONE);
    }
    if (extend_iterable(ARR(self), a[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *am_insert(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("insert", "insert", n, kw, 2, 2) < 0) return NULL;
    ArrayObj *arr = ARR(self);
    Ssize i = mh_as_ssize(a[0]);
    if (i == -1 && vm_err_occurred()) return NULL;
    char item[8];
    if (arr->d->set(item, a[1]) < 0) return NULL;
    Ssize len = ALEN(arr);
    if (i < 0) {
        i += len;
        if (i < 0) i = 0;
    }
    if (i > len) i = len;
    if (array_resize(arr, len + 1) < 0) return NULL;
    int isz = arr->d->itemsize;
    memmove(arr->data + (i + 1) * isz, arr->data + i * isz, (size_t)((len - i) * isz));
    memcpy(ITEM(arr, i), item, (size_t)isz);
    return INCREF(NONE);
}

static Obj *am_pop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("pop", "pop", n, kw, 0, 1) < 0) return NULL;
    ArrayObj *arr = ARR(self);
    Ssize i = -1;
    if (n > 0 && (i = mh_as_ssize(a[0])) == -1 && vm_err_occurred()) return NULL;
    if (ALEN(arr) == 0) {
        vm_err_set_str(&exc_IndexError, "pop from empty array");
        return NULL;
    }
    if (i < 0) i += ALEN(arr);
    if (i < 0 || i >= ALEN(arr)) {
        vm_err_set_str(&exc_IndexError, "pop index out of range");
        return NULL;
    }
    Obj *v = arr->d->get(arr, i);
    if (!v) return NULL;
    if (array_del_range(arr, i, i + 1) < 0) {
        DECREF(v);
        return NULL;
    }
    return v;
}

/* Index of the first item equal to v in [start, stop), -1 none, -2 error. */
static Ssize find_item(ArrayObj *a, Obj *v, Ssize start, Ssize stop)
{
    for (Ssize i = start; i < stop && i < ALEN(a); i++) {
        Obj *x = a->d->get(a, i);
        if (!x) return -2;
        int r = obj_richcompare_bool(x, v, CMP_EQ);
        DECREF(x);
        if (r < 0) return -2;
        if (r) return i;
    }
    return -1;
}

static Obj *am_remove(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    Ssize i = find_item(ARR(self), a[0], 0, ALEN(self));
    if (i == -2) return NULL;
    if (i == -1) {
        vm_err_set_str(&exc_ValueError, "array.remove(x): x not in array");
        return NULL;
    }
    if (array_del_range(ARR(self), i, i + 1) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *am_index(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("index", "index", n, kw, 1, 3) < 0) return NULL;
    Ssize start = 0, stop = ALEN(self);
    if (n > 1 && slice_index_not_none(a[1], &start) < 0) return NULL;
    if (n > 2 && slice_index_not_none(a[2], &stop) < 0) return NULL;
    if (start < 0) {
        start += ALEN(self);
        if (start < 0) start = 0;
    }
    if (stop < 0) {
        stop += ALEN(self);
        if (stop < 0) stop = 0;
    }
    Ssize i = find_item(ARR(self), a[0], start, stop);
    if (i == -2) return NULL;
    if (i == -1) {
        vm_err_set_str(&exc_ValueError, "array.index(x): x not in array");
        return NULL;
    }
    return int_from_i64(i);
}

static Obj *am_count(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    ArrayObj *arr = ARR(self);
    Ssize c = 0;
    for (Ssize i = 0; i < ALEN(arr); i++) {
        Obj *x = arr->d->get(arr, i);
        if (!x) return NULL;
        int r = obj_richcompare_bool(x, a[0], CMP_EQ);
        DECREF(x);
        if (r < 0) return NULL;
        c += r;
    }
    return int_from_i64(c);
}

static Obj *am_reverse(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ArrayObj *arr = ARR(self);
    int isz = arr->d->itemsize;
    char tmp[8];
    for (Ssize i = 0, j = ALEN(arr) - 1; i < j; i++, j--) {
        memcpy(tmp, ITEM(arr, i), (size_t)isz);
        memcpy(ITEM(arr, i), ITEM(arr, j), (size_t)isz);
        memcpy(ITEM(arr, j), tmp, (size_t)isz);
    }
    return INCREF(NONE);
}

static Obj *am_byteswap(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ArrayObj *arr = ARR(self);
    int isz = arr->d->itemsize;
    for (Ssize i = 0; i < ALEN(arr); i++) {
        char *p = ITEM(arr, i);
        for (int k = 0; k < isz / 2; k++) {
            char t = p[k];
            p[k] = p[isz - 1 - k];
            p[isz - 1 - k] = t;
        }
    }
    return INCREF(NONE);
}

static Obj *am_tobytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return bytes_from(ARR(self)->data ? ARR(self)->data : "", ALEN(self) * ARR(self)->d->itemsize);
}

static Obj *am_frombytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    Obj *b = buffer_bytes(a[0]);
    if (!b) return NULL;
    int r = frombytes_data(ARR(self), BYTES_DATA(b), VAR_SIZE(b));
    DECREF(b);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *am_tolist(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return array_tolist_obj(ARR(self));
}

static Obj *am_fromlist(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    if (!LIST_CHECK(a[0])) {
        vm_err_set_str(&exc_TypeError, "arg must be list");
        return NULL;
    }
    ArrayObj *arr = ARR(self);
    Obj *list = a[0];
    Ssize old = ALEN(arr), m = LIST_LEN(list);
    if (array_resize(arr, old + m) < 0) return NULL;
    for (Ssize i = 0; i < m && i < LIST_LEN(list); i++) {
        char item[8];
        Obj *v = INCREF(LIST_ITEMS(list)[i]);
        int r = arr->d->set(item, v);
        DECREF(v);
        if (r < 0) {
            if (ALEN(arr) > old) array_resize(arr, old);
            return NULL;
        }
        if (old + i < ALEN(arr)) memcpy(ITEM(arr, old + i), item, (size_t)arr->d->itemsize);
    }
    return INCREF(NONE);
}

static Obj *am_tounicode(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    if (ARR(self)->d->tc != 'u') {
        vm_err_set_str(&exc_ValueError, "tounicode() may only be called on unicode type arrays");
        return NULL;
    }
    return array_tounicode_obj(ARR(self));
}

static Obj *am_fromunicode(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "fromunicode() argument must be str, not %s", type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    if (ARR(self)->d->tc != 'u') {
        vm_err_set_str(&exc_ValueError, "fromunicode() may only be called on unicode type arrays");
        return NULL;
    }
    return fromunicode_str(ARR(self), a[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *am_buffer_info(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    Obj *addr = int_from_u64((uint64_t)(uintptr_t)ARR(self)->data);
    Obj *len = int_from_i64(ALEN(self));
    Obj *r = addr && len ? tuple_pack(2, addr, len) : NULL;
    XDECREF(addr);
    XDECREF(len);
    return r;
}

static Obj *am_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ArrayObj *arr = ARR(self);
    return array_new_from(arr->d, arr->data, ALEN(arr));
}

static Obj *am_reduce_ex(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ArrayObj *arr = ARR(self);
    Obj *list = array_tolist_obj(arr);
    Obj *tc = list ? str_from_fmt("%c", arr->d->tc) : NULL;
    Obj *args = tc ? tuple_pack(2, tc, list) : NULL;
    XDECREF(list);
    XDECREF(tc);
    if (!args) return NULL;
    Obj **dp = obj_dict_ptr(self);
    Obj *dict = dp && *dp && dict_len(*dp) ? *dp : NONE;
    Obj *r = tuple_pack(3, (Obj *)OBJ_TYPE(self), args, dict);
    DECREF(args);
    return r;
}

static Obj *am_sizeof(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    /* CPython's arrayobject is 64 bytes (it also counts buffer exports) */
    return int_from_i64(obj_cpython_basicsize(OBJ_TYPE(self)) + 8 + ARR(self)->alloc * ARR(self)->d->itemsize);
}

static Obj *am_tofile(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    Obj *b = am_tobytes(self, NULL, 0, NULL);
    if (!b) return NULL;
    Obj *r = obj_call_method(a[0], "write", &b, 1);
    DECREF(b);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *am_fromfile(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("fromfile", "fromfile", n, kw, 2, 2) < 0) return NULL;
    ArrayObj *arr = ARR(self);
    Ssize count = mh_as_ssize(a[1]);
    if (count == -1 && vm_err_occurred()) return NULL;
    if (count < 0) {
        vm_err_set_str(&exc_ValueError, "negative count");
        return NULL;
    }
    Obj *want = int_from_i64(count * arr->d->itemsize);
    Obj *b = want ? obj_call_method(a[0], "read", &want, 1) : NULL;
    XDECREF(want);
    if (!b) return NULL;
    if (!BYTES_CHECK(b)) {
        DECREF(b);
        vm_err_set_str(&exc_TypeError, "read() didn't return bytes");
        return NULL;
    }
    Ssize got = VAR_SIZE(b) / arr->d->itemsize;
    int r = frombytes_data(arr, BYTES_DATA(b), got * arr->d->itemsize);
    Ssize blen = VAR_SIZE(b);
    DECREF(b);
    if (r < 0) return NULL;
    if (blen != count * arr->d->itemsize) {
        vm_err_set_str(&exc_EOFError, "read() didn't return enough bytes");
        return NULL;
    }
    return INCREF(NONE);
}

static Obj *am_class_getitem(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n;
    (void)kw;
    return generic_alias_new(cls, a[0]);
}

static MethodDef array_methods[] = {
    {"append", am_append, METH_O, "Append new value v to the end of the array."},
    {"buffer_info", am_buffer_info, METH_NOARGS, "Return a tuple (address, length) giving the current memory address and the length in items of the buffer used to hold array's contents."},
    {"byteswap", am_byteswap, METH_NOARGS, "Byteswap all items of the array."},
    {"count", am_count, METH_O, "Return number of occurrences of v in the array."},
    {"extend", am_extend, METH_O, "Append items to the end of the array."},
    {"frombytes", am_frombytes, METH_O, "Appends items from the string, interpreting it as an array of machine values, as if it had been read from a file using the fromfile() method."},
    {"fromfile", am_fromfile, METH_FAST, "Read n objects from the file object f and append them to the end of the array."},
    {"fromlist", am_fromlist, METH_O, "Append items to array from list."},
    {"fromunicode", am_fromunicode, METH_O, "Extends this array with data from the unicode string ustr."},
    {"index", am_index, METH_FAST, "Return index of first occurrence of v in the array."},
    {"insert", am_insert, METH_FAST, "Insert a new item v into the array before position i."},
    {"pop", am_pop, METH_FAST, "Return the i-th element and delete it from the array."},
    {"remove", am_remove, METH_O, "Remove the first occurrence of v in the array."},
    {"reverse", am_reverse, METH_NOARGS, "Reverse the order of the items in the array."},
    {"tobytes", am_tobytes, METH_NOARGS, "Convert the array to an array of machine values and return the bytes representation."},
    {"tofile", am_tofile, METH_O, "Write all items (as machine values) to the file object f."},
    {"tolist", am_tolist, METH_NOARGS, "Convert array to an ordinary list with the same items."},
    {"tounicode", am_tounicode, METH_NOARGS, "Extends this array with data from the unicode string ustr."},
    {"__copy__", am_copy, METH_NOARGS, "Return a copy of the array."},
    {"__deepcopy__", am_copy, METH_O, "Return a copy of the array."},
    {"__reduce_ex__", am_reduce_ex, METH_O, "Return state information for pickling."},
    {"__sizeof__", am_sizeof, METH_NOARGS, "Size of the array in memory, in bytes."},
    {"__bytes__", am_tobytes, METH_NOARGS, "pydbg: the buffer protocol's bytes (bytes(a))."},
    {"__class_getitem__", am_class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static Obj *array_get_typecode(Obj *self, void *c)
{
    (void)c;
    return str_from_fmt("%c", ARR(self)->d->tc);
}

static Obj *array_get_itemsize(Obj *self, void *c)
{
    (void)c;
    return int_from_i64(ARR(self)->d->itemsize);
}

static GetSetDef array_getset[] = {
    {"typecode", array_get_typecode, NULL, "the typecode character used to create the array", NULL},
    {"itemsize", array_get_itemsize, NULL, "the size, in bytes, of one array item", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- iterator -------------------------------------------------------------------------------------- */

static Obj *array_iter(Obj *o)
{
    IndexIter *it = (IndexIter *)obj_alloc(&arrayiter_type, 0);
    if (!it) return NULL;
    it->seq = INCREF(o);
    it->index = 0;
    return (Obj *)it;
}

static Obj *arrayiter_next(Obj *o)
{
    IndexIter *it = (IndexIter *)o;
    if (!it->seq) return NULL;
    if (it->index < ALEN(it->seq)) {
        ArrayObj *a = ARR(it->seq);
        return a->d->get(a, it->index++);
    }
    CLEAR(it->seq);
    return NULL;
}

static Obj *arrayiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    IndexIter *it = (IndexIter *)o;
    Obj *empty = NULL;
    if (!it->seq) {
        ArrayObj *e = array_alloc(&array_type, &descs[0], 0);
        if (!e) return NULL;
        empty = (Obj *)e;
    }
    Obj *r = iter_reduce_seq(it->seq, it->index, empty);
    XDECREF(empty);
    return r;
}

static MethodDef arrayiter_methods[] = {
    {"__reduce__", arrayiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj arrayiter_type = {
    .base = TYPE_HEAD_INIT, .name = "array.arrayiterator", .basicsize = sizeof(IndexIter),
    .flags = TPF_GC, .getattro = obj_generic_getattr, .dealloc = indexiter_dealloc,
    .traverse = indexiter_traverse, .iter = iter_self, .iternext = arrayiter_next,
    .methods = arrayiter_methods,
};

static SequenceMethods array_as_sequence = {
    .length = array_length, .concat = array_concat, .repeat = array_repeat, .item = array_item,
    .contains = array_contains, .inplace_concat = array_inplace_concat,
    .inplace_repeat = array_inplace_repeat,
};

static MappingMethods array_as_mapping = {
    .length = array_length, .subscript = array_subscript, .ass_subscript = array_ass_subscript,
};

/* Arrays hold no objects; they are GC types only because CPython's are
 * (sys.getsizeof counts the GC header). */
static int array_traverse(Obj *o, VisitFn visit, void *arg)
{
    (void)o; (void)visit; (void)arg;
    return 0;
}

TypeObj array_type = {
    .base = TYPE_HEAD_INIT, .name = "array.array", .basicsize = sizeof(ArrayObj),
    .flags = TPF_BASETYPE | TPF_SEQUENCE | TPF_GC, .getattro = obj_generic_getattr,
    .dealloc = array_dealloc, .traverse = array_traverse,
    .repr = array_repr, .hash = hash_not_implemented, .richcompare = array_richcompare,
    .iter = array_iter, .new_ = array_tp_new, .as_sequence = &array_as_sequence,
    .as_mapping = &array_as_mapping, .methods = array_methods, .getset = array_getset,
    .weaklistoffset = offsetof(ArrayObj, weakreflist),
    .doc = "array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\na bytes-like object, or iterable over elements of the appropriate type.",
};

static Obj *array_module_init(void)
{
    if (!(array_type.flags & TPF_READY) && type_ready(&array_type) < 0) return NULL;
    if (!(arrayiter_type.flags & TPF_READY) && type_ready(&arrayiter_type) < 0) return NULL;
    static const MethodDef no_functions[] = {{NULL, NULL, 0, NULL}};
    Obj *m = mh_module("array", no_functions);
    if (!m) return NULL;
    if (mh_add_obj(m, "array", (Obj *)&array_type) < 0 || mh_add_obj(m, "ArrayType", (Obj *)&array_type) < 0 ||
        mh_add_str(m, "typecodes", "bBuhHiIlLqQfd") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_array_register(void)
{
    import_register_native("array", array_module_init);
}

/* bytearray.c — the mutable byte sequence.
 *
 * Storage: data[0..size) in a malloc'ed block of `alloc` bytes, always
 * NUL-terminated when alloc > 0 (data may be NULL when empty).  Resizing
 * follows CPython's strategy (exact for large jumps and big shrinks, about
 * 1/8 over-allocation for small growth), so __alloc__ and __sizeof__ give
 * CPython's numbers.  The read-only methods are bytes.c's shared ones.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "strimpl.h"

#define SSIZE_MAXV ((Ssize)(SIZE_MAX >> 1))
#define UNUSED_ARGS (void)args; (void)nargs; (void)kwnames
#define BA(o) ((ByteArrayObj *)(o))

static bool has_index(Obj *o)
{
    return INT_CHECK(o) || (OBJ_TYPE(o)->as_number && OBJ_TYPE(o)->as_number->index);
}

/* Set the size to n (contents of the first min(old, n) bytes kept). */
static int ba_resize(Obj *o, Ssize n)
{
    ByteArrayObj *b = BA(o);
    if (n < 0 || n > STR_MAX_ALLOC) {
        vm_err_no_memory();
        return -1;
    }
    if (n == b->base.size) return 0;   /* as CPython: no reallocation at all */
    Ssize alloc = b->alloc;
    if (n + 1 <= alloc) {
        if (n >= alloc / 2) {
            b->base.size = n;
            b->data[n] = 0;
            return 0;
        }
        alloc = n + 1;
    } else if ((double)n <= (double)alloc * 1.125) {
        alloc = n + (n >> 3) + (n < 9 ? 3 : 6);
    } else {
        alloc = n + 1;
    }
    unsigned char *d = realloc(b->data, (size_t)alloc);
    if (!d) {
        vm_err_no_memory();
        return -1;
    }
    b->data = d;
    b->alloc = alloc;
    b->base.size = n;
    d[n] = 0;
    return 0;
}

static Obj *ba_alloc(TypeObj *t, const void *p, Ssize n)
{
    Obj *o = obj_alloc(t, 0);
    if (!o) return NULL;
    BA(o)->base.size = 0;
    BA(o)->alloc = 0;
    BA(o)->data = NULL;
    BA(o)->exports = 0;
    if (n > 0) {
        if (ba_resize(o, n) < 0) {
            DECREF(o);
            return NULL;
        }
        memcpy(BA(o)->data, p, (size_t)n);
    }
    return o;
}

Obj *bytearray_from(const void *p, Ssize n) { return ba_alloc(&bytearray_type, p, n); }

static inline unsigned char *bdata(Obj *o) { return BA(o)->data ? BA(o)->data : (unsigned char *)""; }

static void ba_dealloc(Obj *o)
{
    free(BA(o)->data);
    BA(o)->data = NULL;
    obj_free(o);
}

static Obj *ba_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return ba_alloc(t, NULL, 0);
}

static int ba_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"source", "encoding", "errors"};
    Obj *a[3] = {NULL, NULL, NULL};
    if (args_parse("bytearray", args, nargs, kwnames, names, 3, 0, 0, a) < 0) return -1;
    for (int k = 1; k < 3; k++)
        if (a[k] && !STR_CHECK(a[k])) {
            vm_err_format(&exc_TypeError, "bytearray() argument '%s' must be str, not %s", names[k],
                          OBJ_TYPE(a[k])->name);
            return -1;
        }
    unsigned char *buf;
    Ssize n;
    if (bytes_from_object(a[0], a[1], a[2], "bytearray", &buf, &n) < 0) return -1;
    int r = ba_resize(self, n);
    if (r == 0 && n) memcpy(BA(self)->data, buf, (size_t)n);
    free(buf);
    return r;
}

static Obj *ba_repr(Obj *o)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s(", type_name(OBJ_TYPE(o)));
    return bytes_repr_data(bdata(o), VAR_SIZE(o), prefix, ")");
}

static Obj *ba_richcompare(Obj *a, Obj *b, int op)
{
    if (!bytes_like_check(a) || !bytes_like_check(b)) return INCREF(NOTIMPL);
    const unsigned char *pa, *pb;
    Ssize na, nb;
    bytes_view(a, &pa, &na, NULL);
    bytes_view(b, &pb, &nb, NULL);
    return bytes_richcompare_data(pa, na, pb, nb, op);
}

/* ---- sequence protocol ---------------------------------------------------------------- */

static Ssize ba_length(Obj *o) { return VAR_SIZE(o); }

static Obj *ba_concat(Obj *a, Obj *b)
{
    const unsigned char *pb;
    Ssize nb;
    if (!bytes_like_check(b)) {
        vm_err_format(&exc_TypeError, "can't concat %s to %s", OBJ_TYPE(b)->name, OBJ_TYPE(a)->name);
        return NULL;
    }
    bytes_view(b, &pb, &nb, NULL);
    Ssize na = VAR_SIZE(a);
    Obj *r = bytearray_from(bdata(a), na);
    if (!r) return NULL;
    if (nb) {
        /* pb may point into a itself; the copy above does not move it */
        if (ba_resize(r, na + nb) < 0) {
            DECREF(r);
            return NULL;
        }
        memcpy(BA(r)->data + na, pb, (size_t)nb);
    }
    return r;
}

static int ba_extend_bytes(Obj *self, const unsigned char *p, Ssize n)
{
    if (n == 0) return 0;
    Ssize old = VAR_SIZE(self);
    if (old > SSIZE_MAXV - n - 16) {
        vm_err_no_memory();
        return -1;
    }
    /* p may alias self's own buffer: copy first */
    unsigned char *tmp = malloc((size_t)n);
    if (!tmp) {
        vm_err_no_memory();
        return -1;
    }
    memcpy(tmp, p, (size_t)n);
    int r = ba_resize(self, old + n);
    if (r == 0) memcpy(BA(self)->data + old, tmp, (size_t)n);
    free(tmp);
    return r;
}

static Obj *ba_inplace_concat(Obj *a, Obj *b)
{
    const unsigned char *pb;
    Ssize nb;
    if (!bytes_like_check(b)) {
        vm_err_format(&exc_TypeError, "can't concat %s to %s", OBJ_TYPE(b)->name, OBJ_TYPE(a)->name);
        return NULL;
    }
    bytes_view(b, &pb, &nb, NULL);
    if (ba_extend_bytes(a, pb, nb) < 0) return NULL;
    return INCREF(a);
}

static Obj *ba_repeat(Obj *o, Ssize count)
{
    Ssize n = VAR_SIZE(o);
    if (count < 0) count = 0;
    if (n && count > SSIZE_MAXV / n) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *r = bytearray_from(NULL, 0);
    if (!r || n * count == 0) return r;
    if (ba_resize(r, n * count) < 0) {
        DECREF(r);
        return NULL;
    }
    for (Ssize i = 0; i < count; i++) memcpy(BA(r)->data + i * n, bdata(o), (size_t)n);
    return r;
}

static Obj *ba_inplace_repeat(Obj *o, Ssize count)
{
    Ssize n = VAR_SIZE(o);
    if (count < 0) count = 0;
    if (n && count > SSIZE_MAXV / n) {
        vm_err_no_memory();
        return NULL;
    }
    if (ba_resize(o, n * count) < 0) return NULL;
    for (Ssize i = 1; i < count; i++) memcpy(BA(o)->data + i * n, BA(o)->data, (size_t)n);
    return INCREF(o);
}

static Obj *ba_item(Obj *o, Ssize i)
{
    if (i < 0 || i >= VAR_SIZE(o)) {
        vm_err_set_str(&exc_IndexError, "bytearray index out of range");
        return NULL;
    }
    return int_from_i64(BA(o)->data[i]);
}

static int ba_contains(Obj *o, Obj *item) { return bytes_contains_data(bdata(o), VAR_SIZE(o), item); }

static Obj *ba_subscript(Obj *o, Obj *key)
{
    if (has_index(key)) {
        Ssize i = num_as_ssize(key, &exc_IndexError);
        if (i == -1 && vm_err_occurred()) return NULL;
        if (i < 0) i += VAR_SIZE(o);
        return ba_item(o, i);
    }
    if (IS_TYPE(key, slice_type)) {
        Ssize start, stop, step, len;
        if (slice_indices(key, VAR_SIZE(o), &start, &stop, &step, &len) < 0) return NULL;
        if (step == 1) return bytearray_from(bdata(o) + start, len);
        Obj *r = bytearray_from(NULL, 0);
        if (!r || len <= 0) return r;
        if (ba_resize(r, len) < 0) {
            DECREF(r);
            return NULL;
        }
        for (Ssize i = 0, j = start; i < len; i++, j += step) BA(r)->data[i] = BA(o)->data[j];
        return r;
    }
    vm_err_format(&exc_TypeError, "bytearray indices must be integers or slices, not %s", OBJ_TYPE(key)->name);
    return NULL;
}

static int byte_of(Obj *v, unsigned char *out)
{
    Ssize x = num_as_ssize(v, NULL);
    if (x == -1 && vm_err_occurred()) {
        if (!vm_err_matches(&exc_OverflowError)) return -1;
        vm_err_clear();
        x = 256;
    }
    if (x < 0 || x > 255) {
        vm_err_set_str(&exc_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *out = (unsigned char)x;
    return 0;
}

/* Bytes for slice assignment: a buffer or an iterable of ints (malloc'ed copy). */
static int assign_source(Obj *self, Obj *v, unsigned char **out, Ssize *n)
{
    *out = NULL;
    *n = 0;
    if (v == NULL) return 0;
    if (bytes_like_check(v)) {
        const unsigned char *p;
        bytes_view(v, &p, n, NULL);
        *out = malloc((size_t)*n + 1);
        if (!*out) {
            vm_err_no_memory();
            return -1;
        }
        memcpy(*out, p, (size_t)*n);
        return 0;
    }
    (void)self;
    if (has_index(v) || STR_CHECK(v)) goto bad;
    Obj *it = obj_getiter(v);
    if (!it) {
        if (!vm_err_matches(&exc_TypeError)) return -1;
        vm_err_clear();
        goto bad;
    }
    Ssize cap = 16;
    unsigned char *buf = malloc((size_t)cap);
    if (!buf) {
        DECREF(it);
        vm_err_no_memory();
        return -1;
    }
    Obj *item;
    while ((item = obj_iternext(it))) {
        unsigned char c;
        int r = byte_of(item, &c);
        DECREF(item);
        if (r < 0) goto fail;
        if (*n >= cap) {
            unsigned char *nb = realloc(buf, (size_t)cap * 2);
            if (!nb) {
                vm_err_no_memory();
                goto fail;
            }
            buf = nb;
            cap *= 2;
        }
        buf[(*n)++] = c;
    }
    if (vm_err_occurred()) goto fail;
    DECREF(it);
    *out = buf;
    return 0;
fail:
    DECREF(it);
    free(buf);
    return -1;
bad:
    vm_err_set_str(&exc_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
    return -1;
}

/* Replace self[lo:hi] by p[0..n). */
static int splice(Obj *self, Ssize lo, Ssize hi, const unsigned char *p, Ssize n)
{
    Ssize size = VAR_SIZE(self);
    if (hi < lo) hi = lo;
    Ssize tail = size - hi, newsize = size - (hi - lo) + n;
    if (n > hi - lo) {
        if (ba_resize(self, newsize) < 0) return -1;
        memmove(BA(self)->data + lo + n, BA(self)->data + hi, (size_t)tail);
    } else {
        if (tail) memmove(BA(self)->data + lo + n, BA(self)->data + hi, (size_t)tail);
        if (ba_resize(self, newsize) < 0) return -1;
    }
    if (n) memcpy(BA(self)->data + lo, p, (size_t)n);
    return 0;
}

static int ba_ass_subscript(Obj *o, Obj *key, Obj *value)
{
    if (has_index(key)) {
        Ssize i = num_as_ssize(key, &exc_IndexError);
        if (i == -1 && vm_err_occurred()) return -1;
        if (i < 0) i += VAR_SIZE(o);
        if (i < 0 || i >= VAR_SIZE(o)) {
            vm_err_set_str(&exc_IndexError, "bytearray index out of range");
            return -1;
        }
        if (!value) return splice(o, i, i + 1, NULL, 0);
        unsigned char c;
        if (byte_of(value, &c) < 0) return -1;
        BA(o)->data[i] = c;
        return 0;
    }
    if (!IS_TYPE(key, slice_type)) {
        vm_err_format(&exc_TypeError, "bytearray indices must be integers or slices, not %s",
                      OBJ_TYPE(key)->name);
        return -1;
    }
    Ssize start, stop, step, len;
    if (slice_indices(key, VAR_SIZE(o), &start, &stop, &step, &len) < 0) return -1;
    unsigned char *src;
    Ssize n;
    if (assign_source(o, value, &src, &n) < 0) return -1;
    int r = 0;
    if (step == 1) {
        r = splice(o, start, start + len, src, n);
    } else if (!value) {
        /* delete an extended slice: keep the bytes not selected */
        if (len > 0) {
            Ssize size = VAR_SIZE(o), w = 0;
            if (step < 0) {
                start = start + step * (len - 1);
                step = -step;
            }
            for (Ssize i = 0; i < size; i++) {
                bool del = i >= start && (i - start) % step == 0 && (i - start) / step < len;
                if (!del) BA(o)->data[w++] = BA(o)->data[i];
            }
            r = ba_resize(o, w);
        }
    } else if (n != len) {
        vm_err_format(&exc_ValueError, "attempt to assign bytes of size %zd to extended slice of size %zd", n,
                      len);
        r = -1;
    } else {
        for (Ssize i = 0, j = start; i < len; i++, j += step) BA(o)->data[j] = src[i];
    }
    free(src);
    return r;
}

/* ---- iterator -------------------------------------------------------------------------- */

typedef struct BaIterObj {
    Obj base;
    Obj *seq;
    Ssize index;
} BaIterObj;

TypeObj bytearray_iterator_type;

static Obj *ba_iter(Obj *o)
{
    BaIterObj *it = (BaIterObj *)obj_alloc(&bytearray_iterator_type, 0);
    if (!it) return NULL;
    it->seq = INCREF(o);
    it->index = 0;
    return (Obj *)it;
}

static void baiter_dealloc(Obj *o)
{
    CLEAR(((BaIterObj *)o)->seq);
    obj_free(o);
}

static int baiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    BaIterObj *it = (BaIterObj *)o;
    return it->seq ? visit(it->seq, arg) : 0;
}

static Obj *baiter_next(Obj *o)
{
    BaIterObj *it = (BaIterObj *)o;
    if (!it->seq) return NULL;
    if (it->index < VAR_SIZE(it->seq)) return int_from_i64(BA(it->seq)->data[it->index++]);
    CLEAR(it->seq);
    return NULL;
}

static Obj *baiter_length_hint(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    BaIterObj *it = (BaIterObj *)self;
    Ssize r = it->seq ? VAR_SIZE(it->seq) - it->index : 0;
    return int_from_i64(r < 0 ? 0 : r);
}

static MethodDef baiter_methods[] = {
    {"__length_hint__", baiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *self_iter(Obj *o) { return INCREF(o); }

TypeObj bytearray_iterator_type = {
    .base = TYPE_HEAD_INIT,
    .name = "bytearray_iterator",
    .basicsize = sizeof(BaIterObj),
    .flags = TPF_GC | TPF_IMMUTABLE,
    .dealloc = baiter_dealloc,
    .traverse = baiter_traverse,
    .iter = self_iter,
    .iternext = baiter_next,
    .methods = baiter_methods,
};

/* ---- mutating methods ------------------------------------------------------------------ */

static Obj *m_append(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    unsigned char c;
    if (byte_of(args[0], &c) < 0) return NULL;
    if (ba_extend_bytes(self, &c, 1) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *m_extend(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Obj *v = args[0];
    if (bytes_like_check(v)) {
        const unsigned char *p;
        Ssize n;
        bytes_view(v, &p, &n, NULL);
        if (ba_extend_bytes(self, p, n) < 0) return NULL;
        return INCREF(NONE);
    }
    /* Collect everything first: a bad item leaves self unchanged. */
    Obj *it = obj_getiter(v);
    if (!it) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError, "can't extend bytearray with %s", OBJ_TYPE(v)->name);
        }
        return NULL;
    }
    Obj *tmp = bytearray_from(NULL, 0);
    if (!tmp) {
        DECREF(it);
        return NULL;
    }
    Obj *item;
    while ((item = obj_iternext(it))) {
        unsigned char c;
        int r = byte_of(item, &c);
        DECREF(item);
        if (r < 0 || ba_extend_bytes(tmp, &c, 1) < 0) goto fail;
    }
    if (vm_err_occurred()) goto fail;
    DECREF(it);
    int r = ba_extend_bytes(self, bdata(tmp), VAR_SIZE(tmp));
    DECREF(tmp);
    if (r < 0) return NULL;
    return INCREF(NONE);
fail:
    DECREF(it);
    DECREF(tmp);
    return NULL;
}

static int index_arg(Obj *o, Ssize *out)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    int r = int_as_i64(i, &v);
    DECREF(i);
    if (r < 0) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (Ssize)v;
    return 0;
}

static Obj *m_insert(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("bytearray.insert", kwnames) < 0) return NULL;
    if (strarg_unpack("insert", nargs, 2, 2) < 0) return NULL;
    Ssize i;
    if (index_arg(args[0], &i) < 0) return NULL;
    unsigned char c;
    if (byte_of(args[1], &c) < 0) return NULL;
    Ssize n = VAR_SIZE(self);
    if (i < 0) {
        i += n;
        if (i < 0) i = 0;
    }
    if (i > n) i = n;
    if (splice(self, i, i, &c, 1) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *m_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("bytearray.pop", kwnames) < 0) return NULL;
    if (strarg_unpack("pop", nargs, 0, 1) < 0) return NULL;
    Ssize i = -1, n = VAR_SIZE(self);
    if (nargs > 0 && index_arg(args[0], &i) < 0) return NULL;
    if (n == 0) {
        vm_err_set_str(&exc_IndexError, "pop from empty bytearray");
        return NULL;
    }
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        vm_err_set_str(&exc_IndexError, "pop index out of range");
        return NULL;
    }
    int c = BA(self)->data[i];
    if (splice(self, i, i + 1, NULL, 0) < 0) return NULL;
    return int_from_i64(c);
}

static Obj *m_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    unsigned char c;
    if (byte_of(args[0], &c) < 0) return NULL;
    Ssize n = VAR_SIZE(self);
    for (Ssize i = 0; i < n; i++)
        if (BA(self)->data[i] == c) {
            if (splice(self, i, i + 1, NULL, 0) < 0) return NULL;
            return INCREF(NONE);
        }
    vm_err_set_str(&exc_ValueError, "value not found in bytearray");
    return NULL;
}

static Obj *m_clear(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    if (ba_resize(self, 0) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *m_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return bytearray_from(bdata(self), VAR_SIZE(self));
}

static Obj *m_reverse(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    Ssize n = VAR_SIZE(self);
    unsigned char *d = BA(self)->data;
    for (Ssize a = 0, z = n - 1; a < z; a++, z--) {
        unsigned char t = d[a];
        d[a] = d[z];
        d[z] = t;
    }
    return INCREF(NONE);
}

static Obj *m_alloc(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return int_from_i64(BA(self)->alloc);
}

static Obj *m_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return int_from_i64(56 + BA(self)->alloc);   /* CPython's PyByteArrayObject is 56 bytes */
}

static Obj *ba_mod(Obj *a, Obj *b)
{
    if (!type_is_subtype(OBJ_TYPE(a), &bytearray_type)) return INCREF(NOTIMPL);
    Obj *r = bytes_percent_format(bdata(a), VAR_SIZE(a), b);
    if (!r) return NULL;
    Obj *ba = bytearray_from(BYTES_DATA(r), VAR_SIZE(r));
    DECREF(r);
    return ba;
}

static MethodDef bytearray_methods[] = {
    {"append", m_append, METH_O, NULL},
    {"extend", m_extend, METH_O, NULL},
    {"insert", m_insert, METH_FAST, NULL},
    {"pop", m_pop, METH_FAST, NULL},
    {"remove", m_remove, METH_O, NULL},
    {"clear", m_clear, METH_NOARGS, NULL},
    {"copy", m_copy, METH_NOARGS, NULL},
    {"reverse", m_reverse, METH_NOARGS, NULL},
    {"__alloc__", m_alloc, METH_NOARGS, NULL},
    {"__sizeof__", m_sizeof, METH_NOARGS, NULL},
    BYTES_SHARED_METHODS(BYTES_METHOD_ENTRY)
    {NULL, NULL, 0, NULL},
};

static NumberMethods ba_as_number = {
    .remainder = ba_mod,
};

static SequenceMethods ba_as_sequence = {
    .length = ba_length,
    .concat = ba_concat,
    .repeat = ba_repeat,
    .item = ba_item,
    .contains = ba_contains,
    .inplace_concat = ba_inplace_concat,
    .inplace_repeat = ba_inplace_repeat,
};

static MappingMethods ba_as_mapping = {
    .length = ba_length,
    .subscript = ba_subscript,
    .ass_subscript = ba_ass_subscript,
};

TypeObj bytearray_type = {
    .base = TYPE_HEAD_INIT,
    .name = "bytearray",
    .basicsize = sizeof(ByteArrayObj),
    .flags = TPF_BASETYPE | TPF_IMMUTABLE,
    .dealloc = ba_dealloc,
    .repr = ba_repr,
    .str = ba_repr,
    .hash = hash_not_implemented,
    .richcompare = ba_richcompare,
    .iter = ba_iter,
    .new_ = ba_new,
    .init = ba_init,
    .as_number = &ba_as_number,
    .as_sequence = &ba_as_sequence,
    .as_mapping = &ba_as_mapping,
    .methods = bytearray_methods,
    .tp_base = &object_type,
};

/* bytes.c — the bytes type, and the methods bytes and bytearray share.
 *
 * A bytes object holds its data inline after the header, NUL-terminated
 * (BYTES_DATA), and caches its hash (the same function as str's latin-1
 * form, so hash(b'abc') == hash('abc') as in CPython).  The empty bytes
 * and the 256 one-byte bytes are shared singletons, as in CPython.
 *
 * Shared methods (bytesm_*) read self through a (pointer, length) view, so
 * they work on bytes, bytearray and their subclasses; a method that makes a
 * new sequence makes one of self's base kind (bytes or bytearray).  A bytes
 * method whose result equals an exact-bytes self returns self, as CPython.
 * Messages are CPython 3.12's.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "pydbg/vm.h"
#include "strimpl.h"

#define SSIZE_MAXV ((Ssize)(SIZE_MAX >> 1))
#define UNUSED_ARGS (void)args; (void)nargs; (void)kwnames

static inline bool is_ba(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &bytearray_type); }

static void self_view(Obj *self, const unsigned char **p, Ssize *n)
{
    if (is_ba(self)) {
        *p = ((ByteArrayObj *)self)->data ? ((ByteArrayObj *)self)->data : (const unsigned char *)"";
        *n = VAR_SIZE(self);
    } else {
        *p = BYTES_DATA(self);
        *n = VAR_SIZE(self);
    }
}

bool bytes_like_check(Obj *o)
{
    return BYTES_CHECK(o) || is_ba(o);
}

int bytes_view(Obj *o, const unsigned char **p, Ssize *n, const char *what)
{
    if (bytes_like_check(o)) {
        self_view(o, p, n);
        return 0;
    }
    if (what)
        vm_err_format(&exc_TypeError, "%s", what);
    else
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(o)->name);
    return -1;
}

/* ---- construction ------------------------------------------------------------ */

static Obj *empty_bytes;
static Obj *byte_cache[256];

static Obj *alloc_type(TypeObj *t, Ssize n)
{
    if (n < 0 || n > STR_MAX_ALLOC) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *o = obj_alloc(t, n + 1);
    if (!o) return NULL;
    ((BytesObj *)o)->base.size = n;
    ((BytesObj *)o)->hash = -1;
    BYTES_DATA(o)[n] = 0;
    return o;
}

Obj *bytes_alloc(Ssize n) { return alloc_type(&bytes_type, n); }

Obj *bytes_from(const void *p, Ssize n)
{
    if (n == 0) {
        if (!empty_bytes && !(empty_bytes = bytes_alloc(0))) return NULL;
        return INCREF(empty_bytes);
    }
    if (n == 1) {
        unsigned char c = *(const unsigned char *)p;
        if (!byte_cache[c]) {
            Obj *b = bytes_alloc(1);
            if (!b) return NULL;
            BYTES_DATA(b)[0] = c;
            byte_cache[c] = b;
        }
        return INCREF(byte_cache[c]);
    }
    Obj *o = bytes_alloc(n);
    if (o) memcpy(BYTES_DATA(o), p, (size_t)n);
    return o;
}

Obj *bytes_new_like(bool as_bytearray, const void *p, Ssize n)
{
    return as_bytearray ? bytearray_from(p, n) : bytes_from(p, n);
}

/* A new sequence of self's kind. */
static Obj *make(Obj *self, const void *p, Ssize n) { return bytes_new_like(is_ba(self), p, n); }

/* self unchanged: itself for exact bytes, else a copy of its kind. */
static Obj *same(Obj *self)
{
    if (IS_TYPE(self, bytes_type)) return INCREF(self);
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    return make(self, p, n);
}

/* A growable byte buffer with MemoryError on failure. */
typedef struct BBuf { unsigned char *p; Ssize len, cap; } BBuf;

static int bb_reserve(BBuf *b, Ssize extra)
{
    if (extra < 0 || extra > STR_MAX_ALLOC || b->len > STR_MAX_ALLOC - extra) {
        vm_err_no_memory();
        return -1;
    }
    if (b->len + extra <= b->cap) return 0;
    Ssize cap = b->cap ? b->cap : 32;
    while (cap < b->len + extra) cap *= 2;
    unsigned char *q = realloc(b->p, (size_t)cap);
    if (!q) {
        vm_err_no_memory();
        return -1;
    }
    b->p = q;
    b->cap = cap;
    return 0;
}

static int bb_put(BBuf *b, const void *p, Ssize n)
{
    if (bb_reserve(b, n) < 0) return -1;
    if (n) memcpy(b->p + b->len, p, (size_t)n);
    b->len += n;
    return 0;
}

static int bb_putc(BBuf *b, unsigned char c) { return bb_put(b, &c, 1); }

static Obj *bb_finish(BBuf *b, Obj *self)
{
    Obj *r = make(self, b->p ? b->p : (const unsigned char *)"", b->len);
    free(b->p);
    b->p = NULL;
    return r;
}

/* Byte value of an integer-like object for `in`, append, find …:
 * "byte must be in range(0, 256)". */
static int byte_value(Obj *o, int *out)
{
    Ssize v = num_as_ssize(o, NULL);
    if (v == -1 && vm_err_occurred()) {
        if (!vm_err_matches(&exc_OverflowError)) return -1;
        vm_err_clear();
        v = 256;
    }
    if (v < 0 || v > 255) {
        vm_err_set_str(&exc_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static bool has_index(Obj *o)
{
    return INT_CHECK(o) || (OBJ_TYPE(o)->as_number && OBJ_TYPE(o)->as_number->index);
}

int bytes_from_object(Obj *x, Obj *encoding, Obj *errors, const char *tname, unsigned char **out, Ssize *n)
{
    *out = NULL;
    *n = 0;
    if (!x) {
        if (encoding) {
            vm_err_set_str(&exc_TypeError, "encoding without a string argument");
            return -1;
        }
        if (errors) {
            vm_err_set_str(&exc_TypeError, "errors without a string argument");
            return -1;
        }
        *out = malloc(1);
        return *out ? 0 : (vm_err_no_memory(), -1);
    }
    if (STR_CHECK(x)) {
        if (!encoding) {
            vm_err_set_str(&exc_TypeError, "string argument without an encoding");
            return -1;
        }
        Ssize el, rl = 0;
        const char *enc = str_utf8(encoding, &el), *err = errors ? str_utf8(errors, &rl) : NULL;
        if (!enc || (errors && !err)) return -1;
        Obj *b = str_encode(x, enc, err);
        if (!b) return -1;
        *n = VAR_SIZE(b);
        *out = malloc((size_t)*n + 1);
        if (!*out) {
            DECREF(b);
            vm_err_no_memory();
            return -1;
        }
        memcpy(*out, BYTES_DATA(b), (size_t)*n);
        DECREF(b);
        return 0;
    }
    if (encoding) {
        vm_err_set_str(&exc_TypeError, "encoding without a string argument");
        return -1;
    }
    if (errors) {
        vm_err_set_str(&exc_TypeError, "errors without a string argument");
        return -1;
    }
    if (bytes_like_check(x)) {
        const unsigned char *p;
        self_view(x, &p, n);
        *out = malloc((size_t)*n + 1);
        if (!*out) {
            vm_err_no_memory();
            return -1;
        }
        memcpy(*out, p, (size_t)*n);
        return 0;
    }
    if (has_index(x)) {
        Ssize count = num_as_ssize(x, &exc_OverflowError);
        if (count == -1 && vm_err_occurred()) return -1;
        if (count < 0) {
            vm_err_set_str(&exc_ValueError, "negative count");
            return -1;
        }
        *out = count > STR_MAX_ALLOC ? NULL : calloc((size_t)count + 1, 1);
        if (!*out) {
            vm_err_no_memory();
            return -1;
        }
        *n = count;
        return 0;
    }
    Obj *it = obj_getiter(x);
    if (!it) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError, "cannot convert '%s' object to %s", OBJ_TYPE(x)->name, tname);
        }
        return -1;
    }
    BBuf b = {NULL, 0, 0};
    Obj *item;
    while ((item = obj_iternext(it))) {
        Ssize v = num_as_ssize(item, NULL);
        DECREF(item);
        if (v == -1 && vm_err_occurred()) {
            if (!vm_err_matches(&exc_OverflowError)) goto fail;
            vm_err_clear();
            v = 256;
        }
        if (v < 0 || v > 255) {
            /* bytes() says "bytes", bytearray() "byte" */
            vm_err_set_str(&exc_ValueError, tname[4] == 'a' ? "byte must be in range(0, 256)"
                                                             : "bytes must be in range(0, 256)");
            goto fail;
        }
        if (bb_putc(&b, (unsigned char)v) < 0) goto fail;
    }
    if (vm_err_occurred()) goto fail;
    DECREF(it);
    if (bb_reserve(&b, 1) < 0) {
        free(b.p);
        return -1;
    }
    *out = b.p;
    *n = b.len;
    return 0;
fail:
    DECREF(it);
    free(b.p);
    return -1;
}

static int str_arg(Obj *o, const char *fname, const char *argname)
{
    if (STR_CHECK(o)) return 0;
    vm_err_format(&exc_TypeError, "%s() argument '%s' must be str, not %s", fname, argname, OBJ_TYPE(o)->name);
    return -1;
}

static Obj *bytes_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"source", "encoding", "errors"};
    Obj *a[3] = {NULL, NULL, NULL};
    if (args_parse("bytes", args, nargs, kwnames, names, 3, 0, 0, a) < 0) return NULL;
    if (a[1] && str_arg(a[1], "bytes", "encoding") < 0) return NULL;
    if (a[2] && str_arg(a[2], "bytes", "errors") < 0) return NULL;
    Obj *r = NULL;
    if (a[0] && !a[1] && !a[2] && !STR_CHECK(a[0]) && !bytes_like_check(a[0])) {
        /* __bytes__ comes first (but not for the int count form). */
        Obj *meth = NULL;
        if (obj_lookup_attr((Obj *)OBJ_TYPE(a[0]), id_str("__bytes__"), &meth) < 0) return NULL;
        if (meth) {
            DECREF(meth);
            r = obj_call_method(a[0], "__bytes__", NULL, 0);
            if (!r) return NULL;
            if (!BYTES_CHECK(r)) {
                vm_err_format(&exc_TypeError, "__bytes__ returned non-bytes (type %s)", OBJ_TYPE(r)->name);
                DECREF(r);
                return NULL;
            }
        }
    }
    if (!r) {
        unsigned char *buf;
        Ssize n;
        if (bytes_from_object(a[0], a[1], a[2], "bytes", &buf, &n) < 0) return NULL;
        r = bytes_from(buf, n);
        free(buf);
        if (!r) return NULL;
    }
    if (t == &bytes_type) {
        if (IS_TYPE(r, bytes_type)) return r;
        Obj *c = bytes_from(BYTES_DATA(r), VAR_SIZE(r));
        DECREF(r);
        return c;
    }
    Obj *sub = alloc_type(t, VAR_SIZE(r));
    if (sub) memcpy(BYTES_DATA(sub), BYTES_DATA(r), (size_t)VAR_SIZE(r));
    DECREF(r);
    return sub;
}

/* ---- repr, hash, comparison ------------------------------------------------------- */

Obj *bytes_repr_data(const unsigned char *p, Ssize n, const char *prefix, const char *suffix)
{
    bool sq = memchr(p, '\'', (size_t)n) != NULL, dq = memchr(p, '"', (size_t)n) != NULL;
    char quote = (sq && !dq) ? '"' : '\'';
    /* bytearray's repr (prefix "NAME(") escapes ' even inside "…" */
    bool escape_sq = prefix[0] != 0;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, prefix);
    sbuf_putc(&b, 'b');
    sbuf_putc(&b, quote);
    for (Ssize i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == quote || c == '\\' || (c == '\'' && escape_sq)) { sbuf_putc(&b, '\\'); sbuf_putc(&b, (char)c); }
        else if (c == '\t') sbuf_puts(&b, "\\t");
        else if (c == '\n') sbuf_puts(&b, "\\n");
        else if (c == '\r') sbuf_puts(&b, "\\r");
        else if (c < ' ' || c >= 0x7f) sbuf_printf(&b, "\\x%02x", c);
        else sbuf_putc(&b, (char)c);
    }
    sbuf_putc(&b, quote);
    sbuf_puts(&b, suffix);
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *bytes_repr(Obj *o) { return bytes_repr_data(BYTES_DATA(o), VAR_SIZE(o), "", ""); }

static Hash bytes_hash(Obj *o)
{
    BytesObj *b = (BytesObj *)o;
    if (b->hash == -1)
        b->hash = (Hash)pyhash_signed(&pyhash_vm, pyhash_bytes(&pyhash_vm, BYTES_DATA(o), (size_t)VAR_SIZE(o)));
    return b->hash;
}

Obj *bytes_richcompare_data(const unsigned char *a, Ssize na, const unsigned char *b, Ssize nb, int op)
{
    int c;
    if ((op == CMP_EQ || op == CMP_NE) && na != nb) c = 1;
    else {
        Ssize m = na < nb ? na : nb;
        c = m ? memcmp(a, b, (size_t)m) : 0;
        if (c == 0) c = na < nb ? -1 : na > nb ? 1 : 0;
    }
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return bool_from(r);
}

static Obj *bytes_richcompare(Obj *a, Obj *b, int op)
{
    if (!BYTES_CHECK(a) || !bytes_like_check(b)) return INCREF(NOTIMPL);
    const unsigned char *pb;
    Ssize nb;
    self_view(b, &pb, &nb);
    return bytes_richcompare_data(BYTES_DATA(a), VAR_SIZE(a), pb, nb, op);
}

/* ---- sequence protocol ------------------------------------------------------------- */

static Ssize bytes_length(Obj *o) { return VAR_SIZE(o); }

static Obj *bytes_concat(Obj *a, Obj *b)
{
    const unsigned char *pa, *pb;
    Ssize na, nb;
    if (!bytes_like_check(a) || !bytes_like_check(b)) {
        vm_err_format(&exc_TypeError, "can't concat %s to %s", OBJ_TYPE(b)->name, OBJ_TYPE(a)->name);
        return NULL;
    }
    self_view(a, &pa, &na);
    self_view(b, &pb, &nb);
    if (nb == 0 && IS_TYPE(a, bytes_type)) return INCREF(a);
    if (na == 0 && IS_TYPE(b, bytes_type)) return INCREF(b);
    if (na > SSIZE_MAXV - nb) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *r = bytes_alloc(na + nb);
    if (!r) return NULL;
    memcpy(BYTES_DATA(r), pa, (size_t)na);
    memcpy(BYTES_DATA(r) + na, pb, (size_t)nb);
    return r;
}

static Obj *bytes_repeat(Obj *o, Ssize count)
{
    Ssize n = VAR_SIZE(o);
    if (count < 0) count = 0;
    if (count == 1 && IS_TYPE(o, bytes_type)) return INCREF(o);
    if (n == 0 || count == 0) return bytes_from("", 0);
    if (n > SSIZE_MAXV / count) {
        vm_err_set_str(&exc_OverflowError, "repeated bytes are too long");
        return NULL;
    }
    Obj *r = bytes_alloc(n * count);
    if (!r) return NULL;
    unsigned char *d = BYTES_DATA(r);
    if (n == 1) memset(d, BYTES_DATA(o)[0], (size_t)count);
    else {
        size_t total = (size_t)(n * count), done = (size_t)n;
        memcpy(d, BYTES_DATA(o), (size_t)n);
        while (done < total) {
            size_t m = done < total - done ? done : total - done;
            memcpy(d + done, d, m);
            done += m;
        }
    }
    return r;
}

static Obj *bytes_item(Obj *o, Ssize i)
{
    if (i < 0 || i >= VAR_SIZE(o)) {
        vm_err_set_str(&exc_IndexError, "index out of range");
        return NULL;
    }
    return int_from_i64(BYTES_DATA(o)[i]);
}

static Obj *bytes_subscript(Obj *o, Obj *key)
{
    if (has_index(key)) {
        Ssize i = num_as_ssize(key, &exc_IndexError);
        if (i == -1 && vm_err_occurred()) return NULL;
        if (i < 0) i += VAR_SIZE(o);
        return bytes_item(o, i);
    }
    if (IS_TYPE(key, slice_type)) {
        Ssize start, stop, step, len;
        if (slice_indices(key, VAR_SIZE(o), &start, &stop, &step, &len) < 0) return NULL;
        if (step == 1) {
            if (len == VAR_SIZE(o) && IS_TYPE(o, bytes_type)) return INCREF(o);
            return bytes_from(BYTES_DATA(o) + start, len);
        }
        if (len <= 0) return bytes_from("", 0);
        Obj *r = bytes_alloc(len);
        if (!r) return NULL;
        for (Ssize i = 0, j = start; i < len; i++, j += step) BYTES_DATA(r)[i] = BYTES_DATA(o)[j];
        return r;
    }
    vm_err_format(&exc_TypeError, "byte indices must be integers or slices, not %s", OBJ_TYPE(key)->name);
    return NULL;
}

/* Needle of find/count/index/`in`: an int byte or a bytes-like object. */
static int needle_arg(Obj *o, const unsigned char **p, Ssize *n, unsigned char *one, bool for_in)
{
    if (has_index(o)) {
        int v;
        if (byte_value(o, &v) < 0) return -1;
        *one = (unsigned char)v;
        *p = one;
        *n = 1;
        return 0;
    }
    if (bytes_like_check(o)) {
        self_view(o, p, n);
        return 0;
    }
    if (for_in)
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(o)->name);
    else
        vm_err_format(&exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
                      OBJ_TYPE(o)->name);
    return -1;
}

static Ssize bsearch_sub(const unsigned char *h, Ssize start, Ssize end, const unsigned char *s, Ssize m, int dir)
{
    if (end - start < m) return -1;
    if (m == 0) return dir > 0 ? start : end;
    if (dir > 0) {
        const unsigned char *p = h + start, *last = h + end - m;
        while (p <= last) {
            p = memchr(p, s[0], (size_t)(last - p + 1));
            if (!p) return -1;
            if (memcmp(p, s, (size_t)m) == 0) return p - h;
            p++;
        }
        return -1;
    }
    for (Ssize i = end - m; i >= start; i--)
        if (h[i] == s[0] && memcmp(h + i, s, (size_t)m) == 0) return i;
    return -1;
}

int bytes_contains_data(const unsigned char *p, Ssize n, Obj *item)
{
    const unsigned char *s;
    Ssize m;
    unsigned char one;
    if (needle_arg(item, &s, &m, &one, true) < 0) return -1;
    return bsearch_sub(p, 0, n, s, m, 1) >= 0;
}

static int bytes_contains(Obj *o, Obj *item) { return bytes_contains_data(BYTES_DATA(o), VAR_SIZE(o), item); }

static Obj *bytes_mod(Obj *a, Obj *b)
{
    if (!BYTES_CHECK(a)) return INCREF(NOTIMPL);
    return bytes_percent_format(BYTES_DATA(a), VAR_SIZE(a), b);
}

/* ---- iterator ---------------------------------------------------------------------- */

typedef struct BytesIterObj {
    Obj base;
    Obj *seq;       /* NULL once exhausted */
    Ssize index;
} BytesIterObj;

TypeObj bytes_iterator_type;

static Obj *bytes_iter(Obj *o)
{
    BytesIterObj *it = (BytesIterObj *)obj_alloc(&bytes_iterator_type, 0);
    if (!it) return NULL;
    it->seq = INCREF(o);
    it->index = 0;
    return (Obj *)it;
}

static void biter_dealloc(Obj *o)
{
    CLEAR(((BytesIterObj *)o)->seq);
    obj_free(o);
}

static int biter_traverse(Obj *o, VisitFn visit, void *arg)
{
    BytesIterObj *it = (BytesIterObj *)o;
    return it->seq ? visit(it->seq, arg) : 0;
}

static Obj *biter_next(Obj *o)
{
    BytesIterObj *it = (BytesIterObj *)o;
    if (!it->seq) return NULL;
    if (it->index < VAR_SIZE(it->seq)) return int_from_i64(BYTES_DATA(it->seq)[it->index++]);
    CLEAR(it->seq);
    return NULL;
}

static Obj *biter_length_hint(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    BytesIterObj *it = (BytesIterObj *)self;
    return int_from_i64(it->seq ? VAR_SIZE(it->seq) - it->index : 0);
}

static MethodDef biter_methods[] = {
    {"__length_hint__", biter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *self_iter(Obj *o) { return INCREF(o); }

TypeObj bytes_iterator_type = {
    .base = TYPE_HEAD_INIT,
    .name = "bytes_iterator",
    .basicsize = sizeof(BytesIterObj),
    .flags = TPF_GC | TPF_IMMUTABLE,
    .dealloc = biter_dealloc,
    .traverse = biter_traverse,
    .iter = self_iter,
    .iternext = biter_next,
    .methods = biter_methods,
};

/* ---- shared methods ----------------------------------------------------------------- */

static const char *tname(Obj *self) { return is_ba(self) ? "bytearray" : "bytes"; }

static int no_kw(Obj *self, const char *meth, Obj *kwnames)
{
    char q[48];
    snprintf(q, sizeof q, "%s.%s", tname(self), meth);
    return args_no_kw(q, kwnames);
}

static int parse_finds(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kwnames,
                       Ssize *start, Ssize *end)
{
    if (no_kw(self, name, kwnames) < 0) return -1;
    if (strarg_parse(name, nargs, 1, 3) < 0) return -1;
    *start = 0;
    *end = SSIZE_MAXV;
    if (nargs > 1 && strarg_slice_index(args[1], start) < 0) return -1;
    if (nargs > 2 && strarg_slice_index(args[2], end) < 0) return -1;
    return 0;
}

static Obj *find_common(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kwnames, int dir,
                        bool raise)
{
    Ssize start, end;
    if (parse_finds(self, name, args, nargs, kwnames, &start, &end) < 0) return NULL;
    const unsigned char *p, *s;
    Ssize n, m;
    unsigned char one;
    if (needle_arg(args[0], &s, &m, &one, false) < 0) return NULL;
    self_view(self, &p, &n);
    str_adjust_indices(&start, &end, n);
    Ssize r = bsearch_sub(p, start, end, s, m, dir);
    if (r < 0 && raise) {
        vm_err_set_str(&exc_ValueError, "subsection not found");
        return NULL;
    }
    return int_from_i64(r);
}

Obj *bytesm_find(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common(self, "find", args, nargs, kwnames, 1, false); }
Obj *bytesm_rfind(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common(self, "rfind", args, nargs, kwnames, -1, false); }
Obj *bytesm_index(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common(self, "index", args, nargs, kwnames, 1, true); }
Obj *bytesm_rindex(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common(self, "rindex", args, nargs, kwnames, -1, true); }

static Ssize count_in(const unsigned char *p, Ssize start, Ssize end, const unsigned char *s, Ssize m,
                      Ssize maxcount)
{
    if (end - start < m) return 0;
    if (m == 0) {
        Ssize c = end - start + 1;
        return maxcount >= 0 && c > maxcount ? maxcount : c;
    }
    Ssize c = 0, i = start;
    while (maxcount < 0 || c < maxcount) {
        Ssize j = bsearch_sub(p, i, end, s, m, 1);
        if (j < 0) break;
        c++;
        i = j + m;
    }
    return c;
}

Obj *bytesm_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize start, end;
    if (parse_finds(self, "count", args, nargs, kwnames, &start, &end) < 0) return NULL;
    const unsigned char *p, *s;
    Ssize n, m;
    unsigned char one;
    if (needle_arg(args[0], &s, &m, &one, false) < 0) return NULL;
    self_view(self, &p, &n);
    str_adjust_indices(&start, &end, n);
    return int_from_i64(count_in(p, start, end, s, m, -1));
}

static bool tailmatch(const unsigned char *p, Ssize n, const unsigned char *s, Ssize m, Ssize start, Ssize end,
                      int dir)
{
    str_adjust_indices(&start, &end, n);
    end -= m;
    if (end < start) return false;
    if (m == 0) return true;
    return memcmp(p + (dir < 0 ? start : end), s, (size_t)m) == 0;
}

static Obj *starts_ends(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kwnames, int dir)
{
    Ssize start, end;
    if (parse_finds(self, name, args, nargs, kwnames, &start, &end) < 0) return NULL;
    const unsigned char *p, *s;
    Ssize n, m;
    self_view(self, &p, &n);
    Obj *sub = args[0];
    if (TUPLE_CHECK(sub)) {
        for (Ssize i = 0; i < TUPLE_LEN(sub); i++) {
            if (bytes_view(TUPLE_ITEMS(sub)[i], &s, &m, NULL) < 0) return NULL;
            if (tailmatch(p, n, s, m, start, end, dir)) return bool_from(true);
        }
        return bool_from(false);
    }
    if (!bytes_like_check(sub)) {
        vm_err_format(&exc_TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name,
                      OBJ_TYPE(sub)->name);
        return NULL;
    }
    self_view(sub, &s, &m);
    return bool_from(tailmatch(p, n, s, m, start, end, dir));
}

Obj *bytesm_startswith(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return starts_ends(self, "startswith", args, nargs, kwnames, -1); }
Obj *bytesm_endswith(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return starts_ends(self, "endswith", args, nargs, kwnames, 1); }

Obj *bytesm_removeprefix(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    const unsigned char *p, *s;
    Ssize n, m;
    if (bytes_view(args[0], &s, &m, NULL) < 0) return NULL;
    self_view(self, &p, &n);
    if (m > 0 && m <= n && memcmp(p, s, (size_t)m) == 0) return make(self, p + m, n - m);
    return same(self);
}

Obj *bytesm_removesuffix(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    const unsigned char *p, *s;
    Ssize n, m;
    if (bytes_view(args[0], &s, &m, NULL) < 0) return NULL;
    self_view(self, &p, &n);
    if (m > 0 && m <= n && memcmp(p + n - m, s, (size_t)m) == 0) return make(self, p, n - m);
    return same(self);
}

/* ASCII character classes (Py_ISSPACE etc.). */
static bool b_space(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13); }
static bool b_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool b_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool b_alpha(unsigned char c) { return b_lower(c) || b_upper(c); }
static bool b_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool b_alnum(unsigned char c) { return b_alpha(c) || b_digit(c); }

static Obj *all_of(Obj *self, bool (*pred)(unsigned char))
{
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    if (n == 0) return bool_from(false);
    for (Ssize i = 0; i < n; i++)
        if (!pred(p[i])) return bool_from(false);
    return bool_from(true);
}

Obj *bytesm_isalnum(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return all_of(self, b_alnum); }
Obj *bytesm_isalpha(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return all_of(self, b_alpha); }
Obj *bytesm_isdigit(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return all_of(self, b_digit); }
Obj *bytesm_isspace(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return all_of(self, b_space); }

Obj *bytesm_isascii(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    for (Ssize i = 0; i < n; i++)
        if (p[i] >= 128) return bool_from(false);
    return bool_from(true);
}

static Obj *case_check(Obj *self, bool (*want)(unsigned char), bool (*other)(unsigned char))
{
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    bool cased = false;
    for (Ssize i = 0; i < n; i++) {
        if (other(p[i])) return bool_from(false);
        if (want(p[i])) cased = true;
    }
    return bool_from(cased);
}

Obj *bytesm_islower(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return case_check(self, b_lower, b_upper); }
Obj *bytesm_isupper(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return case_check(self, b_upper, b_lower); }

Obj *bytesm_istitle(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    bool cased = false, prev = false;
    for (Ssize i = 0; i < n; i++) {
        if (b_upper(p[i])) {
            if (prev) return bool_from(false);
            prev = cased = true;
        } else if (b_lower(p[i])) {
            if (!prev) return bool_from(false);
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return bool_from(cased);
}

enum { BC_LOWER, BC_UPPER, BC_SWAP, BC_TITLE, BC_CAP };

static Obj *case_map(Obj *self, int how)
{
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf) {
        vm_err_no_memory();
        return NULL;
    }
    bool prev = false;
    for (Ssize i = 0; i < n; i++) {
        unsigned char c = p[i];
        switch (how) {
        case BC_LOWER: if (b_upper(c)) c += 32; break;
        case BC_UPPER: if (b_lower(c)) c -= 32; break;
        case BC_SWAP: if (b_upper(c)) c += 32; else if (b_lower(c)) c -= 32; break;
        case BC_TITLE:
            if (b_lower(c)) { if (!prev) c -= 32; prev = true; }
            else if (b_upper(c)) { if (prev) c += 32; prev = true; }
            else prev = false;
            break;
        default:
            if (i == 0) { if (b_lower(c)) c -= 32; }
            else if (b_upper(c)) c += 32;
            break;
        }
        buf[i] = c;
    }
    Obj *r = make(self, buf, n);
    free(buf);
    return r;
}

Obj *bytesm_lower(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return case_map(self, BC_LOWER); }
Obj *bytesm_upper(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return case_map(self, BC_UPPER); }
Obj *bytesm_swapcase(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return case_map(self, BC_SWAP); }
Obj *bytesm_title(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return case_map(self, BC_TITLE); }
Obj *bytesm_capitalize(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames) { UNUSED_ARGS; return case_map(self, BC_CAP); }

/* center/ljust/rjust: (width, fillchar=b' ') */
static int parse_fill(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kwnames, Ssize *width,
                      unsigned char *fill)
{
    if (no_kw(self, name, kwnames) < 0) return -1;
    if (strarg_unpack(name, nargs, 1, 2) < 0) return -1;
    Ssize w;
    if (strarg_ssize(args[0], &w) < 0) return -1;
    *width = w;
    *fill = ' ';
    if (nargs > 1) {
        Obj *f = args[1];
        if (BYTES_CHECK(f) && VAR_SIZE(f) == 1) *fill = BYTES_DATA(f)[0];
        else if (is_ba(f) && VAR_SIZE(f) == 1) *fill = ((ByteArrayObj *)f)->data[0];
        else {
            vm_err_format(&exc_TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name,
                          OBJ_TYPE(f)->name);
            return -1;
        }
    }
    return 0;
}

static Obj *pad(Obj *self, Ssize left, Ssize right, unsigned char fill)
{
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    if (left == 0 && right == 0) return same(self);
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    BBuf b = {NULL, 0, 0};
    if (bb_reserve(&b, n + left + right) < 0) return NULL;
    memset(b.p, fill, (size_t)left);
    memcpy(b.p + left, p, (size_t)n);
    memset(b.p + left + n, fill, (size_t)right);
    b.len = n + left + right;
    return bb_finish(&b, self);
}

Obj *bytesm_center(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize width;
    unsigned char fill;
    if (parse_fill(self, "center", args, nargs, kwnames, &width, &fill) < 0) return NULL;
    Ssize n = VAR_SIZE(self);
    if (n >= width) return same(self);
    Ssize marg = width - n, left = marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}

Obj *bytesm_ljust(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize width;
    unsigned char fill;
    if (parse_fill(self, "ljust", args, nargs, kwnames, &width, &fill) < 0) return NULL;
    return pad(self, 0, width - VAR_SIZE(self), fill);
}

Obj *bytesm_rjust(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize width;
    unsigned char fill;
    if (parse_fill(self, "rjust", args, nargs, kwnames, &width, &fill) < 0) return NULL;
    return pad(self, width - VAR_SIZE(self), 0, fill);
}

Obj *bytesm_zfill(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Ssize width;
    if (strarg_ssize(args[0], &width) < 0) return NULL;
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    if (n >= width) return same(self);
    Ssize fill = width - n;
    BBuf b = {NULL, 0, 0};
    if (bb_reserve(&b, width) < 0) return NULL;
    Ssize from = 0;
    if (n > 0 && (p[0] == '+' || p[0] == '-')) {
        b.p[b.len++] = p[0];
        from = 1;
    }
    memset(b.p + b.len, '0', (size_t)fill);
    b.len += fill;
    memcpy(b.p + b.len, p + from, (size_t)(n - from));
    b.len += n - from;
    return bb_finish(&b, self);
}

Obj *bytesm_expandtabs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"tabsize"};
    Obj *a[1] = {NULL};
    if (args_parse("expandtabs", args, nargs, kwnames, names, 1, 0, 0, a) < 0) return NULL;
    int tabsize = 8;
    if (a[0] && strarg_int(a[0], &tabsize) < 0) return NULL;
    const unsigned char *p;
    Ssize n, col = 0;
    self_view(self, &p, &n);
    BBuf b = {NULL, 0, 0};
    for (Ssize i = 0; i < n; i++) {
        if (p[i] == '\t') {
            if (tabsize > 0) {
                Ssize incr = tabsize - col % tabsize;
                col += incr;
                if (bb_reserve(&b, incr) < 0) { free(b.p); return NULL; }
                memset(b.p + b.len, ' ', (size_t)incr);
                b.len += incr;
            }
        } else {
            col++;
            if (p[i] == '\n' || p[i] == '\r') col = 0;
            if (bb_putc(&b, p[i]) < 0) { free(b.p); return NULL; }
        }
    }
    return bb_finish(&b, self);
}

/* ---- split / join / partition / replace / strip ---------------------------------- */

static int add_piece(Obj *list, Obj *self, const unsigned char *p, Ssize a, Ssize b)
{
    Obj *x;
    if (a == 0 && b == VAR_SIZE(self) && IS_TYPE(self, bytes_type)) x = INCREF(self);
    else x = make(self, p + a, b - a);
    if (!x) return -1;
    int r = list_append(list, x);
    DECREF(x);
    return r;
}

static void reverse_list(Obj *list)
{
    Ssize len = LIST_LEN(list);
    for (Ssize a = 0, z = len - 1; a < z; a++, z--) {
        Obj *t = LIST_ITEMS(list)[a];
        LIST_ITEMS(list)[a] = LIST_ITEMS(list)[z];
        LIST_ITEMS(list)[z] = t;
    }
}

static Obj *split_common(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kwnames, bool right)
{
    static const char *const names[] = {"sep", "maxsplit"};
    Obj *a[2] = {NULL, NULL};
    if (args_parse(name, args, nargs, kwnames, names, 2, 0, 0, a) < 0) return NULL;
    Ssize maxsplit = -1;
    if (a[1]) {
        if (strarg_ssize(a[1], &maxsplit) < 0) return NULL;
    }
    if (maxsplit < 0) maxsplit = SSIZE_MAXV;
    const unsigned char *p, *s = NULL;
    Ssize n, m = 0;
    if (a[0] && a[0] != NONE) {
        if (bytes_view(a[0], &s, &m, NULL) < 0) return NULL;
        if (m == 0) {
            vm_err_set_str(&exc_ValueError, "empty separator");
            return NULL;
        }
    }
    self_view(self, &p, &n);
    Obj *list = list_new(0);
    if (!list) return NULL;
    if (!s) {
        if (!right) {
            Ssize i = 0;
            while (i < n) {
                while (i < n && b_space(p[i])) i++;
                if (i == n) break;
                if (maxsplit-- == 0) {
                    if (add_piece(list, self, p, i, n) < 0) goto fail;
                    break;
                }
                Ssize j = i;
                while (j < n && !b_space(p[j])) j++;
                if (add_piece(list, self, p, i, j) < 0) goto fail;
                i = j;
            }
        } else {
            Ssize i = n - 1;
            while (i >= 0) {
                while (i >= 0 && b_space(p[i])) i--;
                if (i < 0) break;
                if (maxsplit-- == 0) {
                    if (add_piece(list, self, p, 0, i + 1) < 0) goto fail;
                    break;
                }
                Ssize j = i;
                while (j >= 0 && !b_space(p[j])) j--;
                if (add_piece(list, self, p, j + 1, i + 1) < 0) goto fail;
                i = j;
            }
            reverse_list(list);
        }
        return list;
    }
    if (!right) {
        Ssize i = 0;
        while (maxsplit-- > 0) {
            Ssize j = bsearch_sub(p, i, n, s, m, 1);
            if (j < 0) break;
            if (add_piece(list, self, p, i, j) < 0) goto fail;
            i = j + m;
        }
        if (add_piece(list, self, p, i, n) < 0) goto fail;
    } else {
        Ssize e = n;
        while (maxsplit-- > 0) {
            Ssize j = bsearch_sub(p, 0, e, s, m, -1);
            if (j < 0) break;
            if (add_piece(list, self, p, j + m, e) < 0) goto fail;
            e = j;
        }
        if (add_piece(list, self, p, 0, e) < 0) goto fail;
        reverse_list(list);
    }
    return list;
fail:
    DECREF(list);
    return NULL;
}

Obj *bytesm_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return split_common(self, "split", args, nargs, kwnames, false); }
Obj *bytesm_rsplit(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return split_common(self, "rsplit", args, nargs, kwnames, true); }

Obj *bytesm_splitlines(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"keepends"};
    Obj *a[1] = {NULL};
    if (args_parse("splitlines", args, nargs, kwnames, names, 1, 0, 0, a) < 0) return NULL;
    int keep = 0;
    if (a[0] && (keep = obj_is_true(a[0])) < 0) return NULL;
    const unsigned char *p;
    Ssize n, i = 0;
    self_view(self, &p, &n);
    Obj *list = list_new(0);
    if (!list) return NULL;
    while (i < n) {
        Ssize j = i;
        while (j < n && p[j] != '\n' && p[j] != '\r') j++;
        Ssize eol = j;
        if (j < n) {
            j += (p[j] == '\r' && j + 1 < n && p[j + 1] == '\n') ? 2 : 1;
            if (keep) eol = j;
        }
        if (add_piece(list, self, p, i, eol) < 0) {
            DECREF(list);
            return NULL;
        }
        i = j;
    }
    return list;
}

Obj *bytesm_join(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Obj *seq;
    Obj *iterable = args[0];
    if (LIST_CHECK(iterable) || TUPLE_CHECK(iterable)) seq = INCREF(iterable);
    else {
        Obj *it = obj_getiter(iterable);
        if (!it) {
            if (vm_err_matches(&exc_TypeError)) {
                vm_err_clear();
                vm_err_set_str(&exc_TypeError, "can only join an iterable");
            }
            return NULL;
        }
        DECREF(it);
        seq = seq_to_list(iterable);
        if (!seq) return NULL;
    }
    bool lst = LIST_CHECK(seq);
    Ssize cnt = lst ? LIST_LEN(seq) : TUPLE_LEN(seq);
    if (cnt == 1 && IS_TYPE(self, bytes_type)) {
        Obj *x = lst ? LIST_ITEMS(seq)[0] : TUPLE_ITEMS(seq)[0];
        if (IS_TYPE(x, bytes_type)) {
            INCREF(x);
            DECREF(seq);
            return x;
        }
    }
    const unsigned char *sp;
    Ssize sn;
    self_view(self, &sp, &sn);
    BBuf b = {NULL, 0, 0};
    for (Ssize i = 0; i < cnt; i++) {
        if (lst && i >= LIST_LEN(seq)) break;
        Obj *x = lst ? LIST_ITEMS(seq)[i] : TUPLE_ITEMS(seq)[i];
        const unsigned char *xp;
        Ssize xn;
        if (!bytes_like_check(x)) {
            vm_err_format(&exc_TypeError, "sequence item %zd: expected a bytes-like object, %s found", i,
                          OBJ_TYPE(x)->name);
            goto fail;
        }
        self_view(x, &xp, &xn);
        if (i > 0 && bb_put(&b, sp, sn) < 0) goto fail;
        if (bb_put(&b, xp, xn) < 0) goto fail;
    }
    DECREF(seq);
    return bb_finish(&b, self);
fail:
    free(b.p);
    DECREF(seq);
    return NULL;
}

static Obj *partition_impl(Obj *self, Obj *sepo, bool right)
{
    const unsigned char *p, *s;
    Ssize n, m;
    if (bytes_view(sepo, &s, &m, NULL) < 0) return NULL;
    if (m == 0) {
        vm_err_set_str(&exc_ValueError, "empty separator");
        return NULL;
    }
    self_view(self, &p, &n);
    Ssize j = bsearch_sub(p, 0, n, s, m, right ? -1 : 1);
    Obj *a, *b, *c;
    if (j < 0) {
        Obj *whole = same(self);
        Obj *e1 = make(self, "", 0), *e2 = make(self, "", 0);
        Obj *r = (whole && e1 && e2) ? (right ? tuple_pack(3, e1, e2, whole) : tuple_pack(3, whole, e1, e2)) : NULL;
        XDECREF(whole);
        XDECREF(e1);
        XDECREF(e2);
        return r;
    }
    a = make(self, p, j);
    b = (IS_TYPE(sepo, bytes_type) && !is_ba(self)) ? INCREF(sepo) : make(self, s, m);
    c = make(self, p + j + m, n - j - m);
    Obj *r = (a && b && c) ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return r;
}

Obj *bytesm_partition(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ (void)nargs; (void)kwnames; return partition_impl(self, args[0], false); }
Obj *bytesm_rpartition(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ (void)nargs; (void)kwnames; return partition_impl(self, args[0], true); }

Obj *bytesm_replace(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (no_kw(self, "replace", kwnames) < 0) return NULL;
    if (strarg_unpack("replace", nargs, 2, 3) < 0) return NULL;
    const unsigned char *p, *o, *w;
    Ssize n, m, k, count = -1;
    if (bytes_view(args[0], &o, &m, NULL) < 0) return NULL;
    if (bytes_view(args[1], &w, &k, NULL) < 0) return NULL;
    if (nargs > 2) {
        if (strarg_ssize(args[2], &count) < 0) return NULL;
    }
    self_view(self, &p, &n);
    if (count < 0) count = SSIZE_MAXV;
    Ssize cnt = count == 0 ? 0 : count_in(p, 0, n, o, m, count);
    if (cnt == 0) return same(self);
    BBuf b = {NULL, 0, 0};
    if (m == 0) {
        Ssize i;
        for (i = 0; i < n && cnt > 0; i++, cnt--)
            if (bb_put(&b, w, k) < 0 || bb_putc(&b, p[i]) < 0) goto fail;
        if (cnt > 0 && bb_put(&b, w, k) < 0) goto fail;
        if (bb_put(&b, p + i, n - i) < 0) goto fail;
        return bb_finish(&b, self);
    }
    Ssize pos = 0;
    while (cnt-- > 0) {
        Ssize j = bsearch_sub(p, pos, n, o, m, 1);
        if (j < 0) break;
        if (bb_put(&b, p + pos, j - pos) < 0 || bb_put(&b, w, k) < 0) goto fail;
        pos = j + m;
    }
    if (bb_put(&b, p + pos, n - pos) < 0) goto fail;
    return bb_finish(&b, self);
fail:
    free(b.p);
    return NULL;
}

static Obj *strip_common(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kwnames, int where)
{
    if (no_kw(self, name, kwnames) < 0) return NULL;
    if (strarg_unpack(name, nargs, 0, 1) < 0) return NULL;
    const unsigned char *p, *chars = NULL;
    Ssize n, cn = 0;
    if (nargs > 0 && args[0] != NONE && bytes_view(args[0], &chars, &cn, NULL) < 0) return NULL;
    self_view(self, &p, &n);
    bool set[256];
    if (chars) {
        memset(set, 0, sizeof set);
        for (Ssize i = 0; i < cn; i++) set[chars[i]] = true;
    }
    Ssize i = 0, j = n;
    if (where & 1) while (i < j && (chars ? set[p[i]] : b_space(p[i]))) i++;
    if (where & 2) while (j > i && (chars ? set[p[j - 1]] : b_space(p[j - 1]))) j--;
    if (i == 0 && j == n) return same(self);
    return make(self, p + i, j - i);
}

Obj *bytesm_strip(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return strip_common(self, "strip", args, nargs, kwnames, 3); }
Obj *bytesm_lstrip(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return strip_common(self, "lstrip", args, nargs, kwnames, 1); }
Obj *bytesm_rstrip(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return strip_common(self, "rstrip", args, nargs, kwnames, 2); }

Obj *bytesm_translate(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"table", "delete"};
    Obj *a[2] = {NULL, NULL};
    if (nargs == 0 && (!kwnames || TUPLE_LEN(kwnames) == 0)) {
        vm_err_set_str(&exc_TypeError, "translate() takes at least 1 positional argument (0 given)");
        return NULL;
    }
    if (args_parse("translate", args, nargs, kwnames, names, 2, 1, 1, a) < 0) return NULL;
    const unsigned char *table = NULL, *del = NULL, *p;
    Ssize tn = 0, dn = 0, n;
    if (a[0] != NONE) {
        if (bytes_view(a[0], &table, &tn, NULL) < 0) return NULL;
        if (tn != 256) {
            vm_err_set_str(&exc_ValueError, "translation table must be 256 characters long");
            return NULL;
        }
    }
    if (a[1] && bytes_view(a[1], &del, &dn, NULL) < 0) return NULL;
    bool dset[256];
    memset(dset, 0, sizeof dset);
    for (Ssize i = 0; i < dn; i++) dset[del[i]] = true;
    self_view(self, &p, &n);
    BBuf b = {NULL, 0, 0};
    if (bb_reserve(&b, n) < 0) return NULL;
    bool changed = false;
    for (Ssize i = 0; i < n; i++) {
        if (dset[p[i]]) { changed = true; continue; }
        unsigned char c = table ? table[p[i]] : p[i];
        if (c != p[i]) changed = true;
        b.p[b.len++] = c;
    }
    if (!changed && IS_TYPE(self, bytes_type)) {
        free(b.p);
        return INCREF(self);
    }
    return bb_finish(&b, self);
}

Obj *bytesm_maketrans(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (args_no_kw("maketrans", kwnames) < 0) return NULL;
    if (strarg_unpack("maketrans", nargs, 2, 2) < 0) return NULL;
    const unsigned char *f, *t;
    Ssize fn, tn;
    if (bytes_view(args[0], &f, &fn, NULL) < 0) return NULL;
    if (bytes_view(args[1], &t, &tn, NULL) < 0) return NULL;
    if (fn != tn) {
        vm_err_set_str(&exc_ValueError, "maketrans arguments must have same length");
        return NULL;
    }
    Obj *r = bytes_alloc(256);
    if (!r) return NULL;
    for (int i = 0; i < 256; i++) BYTES_DATA(r)[i] = (unsigned char)i;
    for (Ssize i = 0; i < fn; i++) BYTES_DATA(r)[f[i]] = t[i];
    return r;
}

/* ---- hex / fromhex / decode --------------------------------------------------------- */

Obj *bytesm_hex(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"sep", "bytes_per_sep"};
    Obj *a[2] = {NULL, NULL};
    if (args_parse("hex", args, nargs, kwnames, names, 2, 0, 0, a) < 0) return NULL;
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    uint32_t sep = 0;
    bool has_sep = false;
    int per = 1;
    if (a[1] && strarg_int(a[1], &per) < 0) return NULL;
    if (a[0] && a[0] != NONE) {
        Ssize sl;
        if (STR_CHECK(a[0])) {
            sl = VAR_SIZE(a[0]);
            if (sl != 1) goto badlen;
            sep = str_char(a[0], 0);
        } else if (bytes_like_check(a[0])) {
            const unsigned char *sp;
            self_view(a[0], &sp, &sl);
            if (sl != 1) goto badlen;
            sep = sp[0];
        } else {
            Ssize l = obj_length(a[0]);
            if (l < 0) return NULL;
            vm_err_set_str(&exc_TypeError, "sep must be str or bytes.");
            return NULL;
        }
        has_sep = true;
        if (sep >= 128) {
            vm_err_set_str(&exc_ValueError, "sep must be ASCII.");
            return NULL;
        }
    }
    static const char hexd[] = "0123456789abcdef";
    SBuf b = SBUF_INIT;
    Ssize group = per < 0 ? -(Ssize)per : per;
    for (Ssize i = 0; i < n; i++) {
        if (has_sep && group > 0 && i > 0) {
            /* positive: groups counted from the right; negative: from the left */
            bool at = per > 0 ? ((n - i) % group == 0) : (i % group == 0);
            if (at) sbuf_putc(&b, (char)sep);
        }
        sbuf_putc(&b, hexd[p[i] >> 4]);
        sbuf_putc(&b, hexd[p[i] & 15]);
    }
    Obj *r = str_from_utf8(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
badlen:
    vm_err_set_str(&exc_ValueError, "sep must be length 1.");
    return NULL;
}

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

Obj *bytesm_fromhex(Obj *cls, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Obj *s = args[0];
    if (!STR_CHECK(s)) {
        vm_err_format(&exc_TypeError, "fromhex() argument must be str, not %s", OBJ_TYPE(s)->name);
        return NULL;
    }
    Ssize n = VAR_SIZE(s), i = 0;
    BBuf b = {NULL, 0, 0};
    while (i < n) {
        uint32_t c = str_char(s, i);
        if (c < 128 && b_space((unsigned char)c)) {
            i++;
            continue;
        }
        int hi = hexval(c);
        if (hi < 0) goto bad;
        if (i + 1 >= n) { i++; goto bad; }
        int lo = hexval(str_char(s, i + 1));
        if (lo < 0) { i++; goto bad; }
        if (bb_putc(&b, (unsigned char)(hi * 16 + lo)) < 0) {
            free(b.p);
            return NULL;
        }
        i += 2;
    }
    {
        bool ba = type_is_subtype((TypeObj *)cls, &bytearray_type);
        Obj *r = bytes_new_like(ba, b.p ? b.p : (unsigned char *)"", b.len);
        free(b.p);
        if (!r) return NULL;
        if (cls == (Obj *)&bytes_type || cls == (Obj *)&bytearray_type) return r;
        Obj *sub = obj_call(cls, &r, 1, NULL);
        DECREF(r);
        return sub;
    }
bad:
    free(b.p);
    vm_err_format(&exc_ValueError, "non-hexadecimal number found in fromhex() arg at position %zd", i);
    return NULL;
}

Obj *bytesm_decode(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"encoding", "errors"};
    Obj *a[2] = {NULL, NULL};
    if (args_parse("decode", args, nargs, kwnames, names, 2, 0, 0, a) < 0) return NULL;
    const char *enc = NULL, *err = NULL;
    for (int k = 0; k < 2; k++) {
        if (!a[k]) continue;
        if (!STR_CHECK(a[k])) {
            vm_err_format(&exc_TypeError, "decode() argument '%s' must be str, not %s", names[k],
                          OBJ_TYPE(a[k])->name);
            return NULL;
        }
        const char *s = str_utf8(a[k], NULL);
        if (!s) return NULL;
        if (k == 0) enc = s;
        else err = s;
    }
    const unsigned char *p;
    Ssize n;
    self_view(self, &p, &n);
    return str_decode(p, n, enc, err);
}

/* ---- bytes-only methods and the type ---------------------------------------------------- */

static Obj *m_getnewargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    Obj *b = bytes_from(BYTES_DATA(self), VAR_SIZE(self));
    if (!b) return NULL;
    Obj *r = tuple_pack(1, b);
    DECREF(b);
    return r;
}

static Obj *m_bytes(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    if (IS_TYPE(self, bytes_type)) return INCREF(self);
    return bytes_from(BYTES_DATA(self), VAR_SIZE(self));
}

static Obj *m_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    /* CPython: PyBytesObject is 33 bytes before the data, one NUL after. */
    return int_from_i64(33 + VAR_SIZE(self));
}

static MethodDef bytes_methods[] = {
    {"__getnewargs__", m_getnewargs, METH_NOARGS, NULL},
    {"__bytes__", m_bytes, METH_NOARGS, NULL},
    {"__sizeof__", m_sizeof, METH_NOARGS, NULL},
    BYTES_SHARED_METHODS(BYTES_METHOD_ENTRY)
    {NULL, NULL, 0, NULL},
};

static NumberMethods bytes_as_number = {
    .remainder = bytes_mod,
};

static SequenceMethods bytes_as_sequence = {
    .length = bytes_length,
    .concat = bytes_concat,
    .repeat = bytes_repeat,
    .item = bytes_item,
    .contains = bytes_contains,
};

static MappingMethods bytes_as_mapping = {
    .length = bytes_length,
    .subscript = bytes_subscript,
};

TypeObj bytes_type = {
    .base = TYPE_HEAD_INIT,
    .name = "bytes",
    .basicsize = sizeof(BytesObj),
    .itemsize = 1,
    .flags = TPF_BASETYPE | TPF_IMMUTABLE | TPF_BYTES_SUBCLASS,
    .dealloc = obj_free,
    .repr = bytes_repr,
    .str = bytes_repr,
    .hash = bytes_hash,
    .richcompare = bytes_richcompare,
    .iter = bytes_iter,
    .new_ = bytes_new,
    .as_number = &bytes_as_number,
    .as_sequence = &bytes_as_sequence,
    .as_mapping = &bytes_as_mapping,
    .methods = bytes_methods,
    .tp_base = &object_type,
};

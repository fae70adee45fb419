/* strimpl.h — private plumbing shared by str.c, strformat.c, bytes.c and
 * bytearray.c.  Not an interface: other modules use types.h.
 *
 * StrBuilder collects code points (UCS-4) and turns them into a str of the
 * narrowest kind at the end; every function returning int gives 0, or -1
 * with MemoryError pending (the builder then only needs strb_free).
 * The byte-side helpers work on a (pointer, length) view so bytes and
 * bytearray share one implementation of every read-only method.
 */
#ifndef PYDBG_STRIMPL_H
#define PYDBG_STRIMPL_H

#include "pydbg/vm.h"

/* Larger requests fail with MemoryError before reaching the allocator, as
 * they would fail there anyway (and sanitizer builds abort on them). */
#define STR_MAX_ALLOC ((Ssize)1 << 39)

/* ---- str building (str.c) ------------------------------------------------ */
typedef struct StrBuilder {
    uint32_t *buf;
    Ssize len, cap;
    uint32_t maxchar;
} StrBuilder;
#define STRB_INIT {NULL, 0, 0, 0}

int strb_reserve(StrBuilder *b, Ssize extra);
int strb_putc(StrBuilder *b, uint32_t c);
int strb_pad(StrBuilder *b, uint32_t c, Ssize n);
int strb_put_str(StrBuilder *b, Obj *s, Ssize start, Ssize end);   /* s[start:end] */
int strb_put_obj(StrBuilder *b, Obj *s);                          /* all of str s */
int strb_put_ascii(StrBuilder *b, const char *s, Ssize n);
int strb_put_utf8(StrBuilder *b, const char *s, Ssize n);
Obj *strb_finish(StrBuilder *b);   /* the str; the builder is emptied (also on error) */
void strb_free(StrBuilder *b);

/* New str of n code points, maxchar deciding the kind; contents
 * uninitialised except the final NUL. */
Obj *str_alloc(Ssize n, uint32_t maxchar);
/* Same for a subtype (str.__new__(Sub, …)): a copy of exact str s. */
Obj *str_subtype_copy(TypeObj *t, Obj *s);
static inline void str_setchar(Obj *s, Ssize i, uint32_t c)
{
    switch (((StrObj *)s)->kind) {
    case 1: ((uint8_t *)STR_DATA(s))[i] = (uint8_t)c; break;
    case 2: ((uint16_t *)STR_DATA(s))[i] = (uint16_t)c; break;
    default: ((uint32_t *)STR_DATA(s))[i] = c; break;
    }
}
static inline int str_kind(Obj *s) { return ((StrObj *)s)->kind; }
static inline Ssize str_len(Obj *s) { return VAR_SIZE(s); }
uint32_t str_maxchar(Obj *s);
/* The shared empty string, NEW reference. */
Obj *str_empty(void);

/* Argument helpers with CPython's two wordings of positional-count errors:
 * "NAME expected at least 1 argument, got 0" (unpack style) and
 * "NAME() takes at most 3 arguments (4 given)" (parse style). */
int strarg_unpack(const char *name, Ssize nargs, Ssize min, Ssize max);
int strarg_parse(const char *name, Ssize nargs, Ssize min, Ssize max);
/* A slice bound for find/count/startswith…: None keeps *out; ints are
 * clamped to the Ssize range. */
int strarg_slice_index(Obj *o, Ssize *out);
/* An Ssize argument as Argument Clinic converts it (__index__; OverflowError
 * "Python int too large to convert to C ssize_t"). */
int strarg_ssize(Obj *o, Ssize *out);
int strarg_int(Obj *o, int *out);   /* same for C int: "... to convert to C int" */
/* Clamp [start, end) to a sequence of length len (CPython's ADJUST_INDICES). */
static inline void str_adjust_indices(Ssize *start, Ssize *end, Ssize len)
{
    if (*end > len) *end = len;
    else if (*end < 0) { *end += len; if (*end < 0) *end = 0; }
    if (*start < 0) { *start += len; if (*start < 0) *start = 0; }
}

/* ---- codecs (str.c) ------------------------------------------------------- */
/* Raise UnicodeEncodeError / UnicodeDecodeError(encoding, object, start, end, reason). */
void str_raise_encode_error(const char *encoding, Obj *s, Ssize start, Ssize end, const char *reason);
void str_raise_decode_error(const char *encoding, const void *p, Ssize n, Ssize start, Ssize end,
                            const char *reason);

/* ---- formatting (strformat.c) ---------------------------------------------- */
Obj *str_format_method(Obj *fmt, Obj *const *args, Ssize nargs, Obj *kwargs);  /* kwargs dict or NULL */
Obj *str_format_map(Obj *fmt, Obj *mapping);
/* b'…' % args for bytes and bytearray; returns bytes. */
Obj *bytes_percent_format(const unsigned char *fmt, Ssize n, Obj *args);

/* ---- bytes helpers (bytes.c) ------------------------------------------------ */
/* Data of a bytes-like object (bytes, bytearray; memoryview when that type
 * answers).  0 with *p and *n set, or -1 with TypeError naming `what`:
 * "a bytes-like object is required, not 'int'" when what is NULL. */
int bytes_view(Obj *o, const unsigned char **p, Ssize *n, const char *what);
bool bytes_like_check(Obj *o);
/* New bytes (as_bytearray false) or bytearray of n bytes, uninitialised. */
Obj *bytes_alloc(Ssize n);
Obj *bytes_new_like(bool as_bytearray, const void *p, Ssize n);
/* bytes(x) / bytearray(x) contents from an int count, buffer, iterable of
 * ints, or str with encoding: fills a malloc'ed buffer. */
int bytes_from_object(Obj *x, Obj *encoding, Obj *errors, const char *tname,
                      unsigned char **out, Ssize *n);
/* The methods bytes and bytearray share (bytes.c): one C function each,
 * bytesm_NAME, whose result type follows type(self).  Each type's method
 * table lists them with BYTES_SHARED_METHODS(ENTRY). */
#define BYTES_SHARED_METHODS(M) \
    M(capitalize, METH_NOARGS) M(center, METH_FAST) M(count, METH_FAST) \
    M(decode, METH_FAST) M(endswith, METH_FAST) M(expandtabs, METH_FAST) \
    M(find, METH_FAST) M(hex, METH_FAST) M(index, METH_FAST) \
    M(isalnum, METH_NOARGS) M(isalpha, METH_NOARGS) M(isascii, METH_NOARGS) \
    M(isdigit, METH_NOARGS) M(islower, METH_NOARGS) M(isspace, METH_NOARGS) \
    M(istitle, METH_NOARGS) M(isupper, METH_NOARGS) M(join, METH_O) \
    M(ljust, METH_FAST) M(lower, METH_NOARGS) M(lstrip, METH_FAST) \
    M(partition, METH_O) M(removeprefix, METH_O) M(removesuffix, METH_O) \
    M(replace, METH_FAST) M(rfind, METH_FAST) M(rindex, METH_FAST) \
    M(rjust, METH_FAST) M(rpartition, METH_O) M(rsplit, METH_FAST) \
    M(rstrip, METH_FAST) M(split, METH_FAST) M(splitlines, METH_FAST) \
    M(startswith, METH_FAST) M(strip, METH_FAST) M(swapcase, METH_NOARGS) \
    M(title, METH_NOARGS) M(translate, METH_FAST) M(upper, METH_NOARGS) \
    M(zfill, METH_O) M(fromhex, METH_O | METH_CLASS) M(maketrans, METH_FAST | METH_STATIC)
#define BYTES_DECLARE_METHOD(name, flags) \
    Obj *bytesm_##name(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames);
BYTES_SHARED_METHODS(BYTES_DECLARE_METHOD)
#define BYTES_METHOD_ENTRY(name, flags) {#name, bytesm_##name, flags, NULL},

Obj *bytes_repr_data(const unsigned char *p, Ssize n, const char *prefix, const char *suffix);
Obj *bytes_richcompare_data(const unsigned char *a, Ssize na, const unsigned char *b, Ssize nb, int op);
int bytes_contains_data(const unsigned char *p, Ssize n, Obj *item);

#endif

/* str.c — the str type: PEP 393 storage, constructors, interning, the
 * sequence protocol, repr, hashing, codecs and every method of 3.12's str.
 *
 * Invariants:
 *   - a str is always stored in the narrowest kind that holds its largest
 *     code point (kind 1 for < 256, 2 for < 65536, else 4), NUL-terminated,
 *     and `ascii` is set iff every code point is < 128.  Hashes and
 *     equality depend on this canonical form, as in CPython;
 *   - strings are immutable once handed out: only code that has just
 *     allocated a str (str_alloc) writes into it;
 *   - the empty string and the 256 one-character latin-1 strings are
 *     shared singletons, as in CPython (so `is` agrees);
 *   - interned strings live as long as the process (the intern table
 *     holds a reference).
 * Results, reprs and error messages are CPython 3.12's, checked against the
 * interpreter (tests/unit/test_str.c, tests/programs/strings_*.py).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyfmt.h"
#include "pydbg/pyhash.h"
#include "pydbg/vm.h"
#include "strimpl.h"

#define MAX_UNICODE 0x10ffffu
#define SSIZE_MAXV ((Ssize)(SIZE_MAX >> 1))

static inline uint32_t rd(const void *data, int kind, Ssize i)
{
    switch (kind) {
    case 1: return ((const uint8_t *)data)[i];
    case 2: return ((const uint16_t *)data)[i];
    default: return ((const uint32_t *)data)[i];
    }
}
#define SDATA(o) ((const void *)STR_DATA(o))
#define SKIND(o) (((StrObj *)(o))->kind)
#define SLEN(o) VAR_SIZE(o)
#define SCH(o, i) rd(SDATA(o), SKIND(o), (i))
#define ISEXACT(o) (OBJ_TYPE(o) == &str_type)

static inline bool is_space(uint32_t c)
{
    if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
    return (ucd_flags(c) & UCD_SPACE) != 0;
}

static Obj *str_iter(Obj *o);

/* ---- allocation ------------------------------------------------------------ */

static Obj *alloc_type(TypeObj *t, Ssize n, uint32_t maxchar)
{
    int kind = maxchar < 256 ? 1 : maxchar < 65536 ? 2 : 4;
    if (n < 0 || n > STR_MAX_ALLOC / kind - 1) {
        vm_err_no_memory();
        return NULL;
    }
    bool ascii = maxchar < 128;
    Obj *o = obj_alloc(t, (Ssize)kind * (n + 1) + (ascii ? 0 : (Ssize)sizeof(char *)));
    if (!o) return NULL;
    StrObj *s = (StrObj *)o;
    s->base.size = n;
    s->hash = -1;
    s->kind = (uint8_t)kind;
    s->ascii = ascii;
    s->interned = false;
    if (!ascii) STR_UTF8(o) = NULL;
    return o;
}

Obj *str_alloc(Ssize n, uint32_t maxchar) { return alloc_type(&str_type, n, maxchar); }

static Obj *empty_singleton;
static Obj *latin1_cache[256];

Obj *str_empty(void)
{
    if (!empty_singleton) {
        empty_singleton = str_alloc(0, 0);
        if (!empty_singleton) return NULL;
    }
    return INCREF(empty_singleton);
}

static Obj *latin1_char(uint32_t c)
{
    if (!latin1_cache[c]) {
        Obj *s = str_alloc(1, c);
        if (!s) return NULL;
        ((uint8_t *)STR_DATA(s))[0] = (uint8_t)c;
        latin1_cache[c] = s;
    }
    return INCREF(latin1_cache[c]);
}

Obj *str_from_char(uint32_t cp)
{
    if (cp < 256) return latin1_char(cp);
    Obj *s = str_alloc(1, cp);
    if (s) str_setchar(s, 0, cp);
    return s;
}

uint32_t str_maxchar(Obj *s)
{
    if (((StrObj *)s)->ascii) return 127;
    uint32_t m = 0;
    Ssize n = SLEN(s);
    const void *d = SDATA(s);
    int k = SKIND(s);
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = rd(d, k, i);
        if (c > m) m = c;
    }
    return m;
}

/* A new str holding cps[0..n) (already known maxchar), singletons used. */
static Obj *from_ucs4_max(const uint32_t *cps, Ssize n, uint32_t maxchar)
{
    if (n == 0) return str_empty();
    if (n == 1 && maxchar < 256) return latin1_char(cps[0]);
    Obj *s = str_alloc(n, maxchar);
    if (!s) return NULL;
    switch (SKIND(s)) {
    case 1: { uint8_t *d = STR_DATA(s); for (Ssize i = 0; i < n; i++) d[i] = (uint8_t)cps[i]; break; }
    case 2: { uint16_t *d = STR_DATA(s); for (Ssize i = 0; i < n; i++) d[i] = (uint16_t)cps[i]; break; }
    default: memcpy(STR_DATA(s), cps, (size_t)n * 4); break;
    }
    return s;
}

Obj *str_from_ucs4(const uint32_t *cps, Ssize n)
{
    uint32_t m = 0;
    for (Ssize i = 0; i < n; i++)
        if (cps[i] > m) m = cps[i];
    return from_ucs4_max(cps, n, m);
}

Obj *str_new_ascii(const char *p, Ssize n)
{
    if (n == 0) return str_empty();
    Obj *s = str_alloc(n, 127);
    if (s) memcpy(STR_DATA(s), p, (size_t)n);
    return s;
}

Obj *str_from_latin1(const unsigned char *p, Ssize n)
{
    if (n == 0) return str_empty();
    if (n == 1) return latin1_char(p[0]);
    uint32_t m = 0;
    for (Ssize i = 0; i < n; i++)
        if (p[i] > m) m = p[i];
    Obj *s = str_alloc(n, m);
    if (s) memcpy(STR_DATA(s), p, (size_t)n);
    return s;
}

/* A copy of s[start:end) (exact str), singletons used. */
Obj *str_substr(Obj *o, Ssize start, Ssize end)
{
    Ssize len = SLEN(o);
    if (start < 0) start = 0;
    if (end > len) end = len;
    if (start >= end) return str_empty();
    if (start == 0 && end == len && ISEXACT(o)) return INCREF(o);
    int k = SKIND(o);
    const void *d = SDATA(o);
    Ssize n = end - start;
    if (n == 1) return str_from_char(rd(d, k, start));
    uint32_t m = 0;
    if (((StrObj *)o)->ascii) m = 127;
    else
        for (Ssize i = start; i < end; i++) {
            uint32_t c = rd(d, k, i);
            if (c > m) m = c;
        }
    Obj *s = str_alloc(n, m);
    if (!s) return NULL;
    if (SKIND(s) == k) {
        memcpy(STR_DATA(s), (const char *)d + start * k, (size_t)(n * k));
    } else {
        for (Ssize i = 0; i < n; i++) str_setchar(s, i, rd(d, k, start + i));
    }
    return s;
}

/* Exact-str copy of a str subclass instance (or the str itself). */
static Obj *exact_str(Obj *o)
{
    if (ISEXACT(o)) return INCREF(o);
    return str_substr(o, 0, SLEN(o));
}

Obj *str_subtype_copy(TypeObj *t, Obj *s)
{
    Ssize n = SLEN(s);
    Obj *r = alloc_type(t, n, str_maxchar(s));
    if (!r) return NULL;
    int k = SKIND(s);
    if (SKIND(r) == k) memcpy(STR_DATA(r), SDATA(s), (size_t)(n * k));
    else
        for (Ssize i = 0; i < n; i++) str_setchar(r, i, SCH(s, i));
    return r;
}

/* ---- the builder ------------------------------------------------------------ */

int strb_reserve(StrBuilder *b, Ssize extra)
{
    if (extra < 0 || extra > STR_MAX_ALLOC / 4 || b->len > STR_MAX_ALLOC / 4 - extra) {
        vm_err_no_memory();
        return -1;
    }
    Ssize need = b->len + extra;
    if (need <= b->cap) return 0;
    Ssize cap = b->cap ? b->cap : 16;
    while (cap < need) cap = cap > SSIZE_MAXV / 8 ? need : cap * 2;
    uint32_t *p = realloc(b->buf, (size_t)cap * sizeof(uint32_t));
    if (!p) {
        vm_err_no_memory();
        return -1;
    }
    b->buf = p;
    b->cap = cap;
    return 0;
}

int strb_putc(StrBuilder *b, uint32_t c)
{
    if (b->len >= b->cap && strb_reserve(b, 1) < 0) return -1;
    b->buf[b->len++] = c;
    if (c > b->maxchar) b->maxchar = c;
    return 0;
}

int strb_pad(StrBuilder *b, uint32_t c, Ssize n)
{
    if (n <= 0) return 0;
    if (strb_reserve(b, n) < 0) return -1;
    for (Ssize i = 0; i < n; i++) b->buf[b->len++] = c;
    if (c > b->maxchar) b->maxchar = c;
    return 0;
}

int strb_put_str(StrBuilder *b, Obj *s, Ssize start, Ssize end)
{
    if (end <= start) return 0;
    if (strb_reserve(b, end - start) < 0) return -1;
    const void *d = SDATA(s);
    int k = SKIND(s);
    uint32_t m = b->maxchar;
    for (Ssize i = start; i < end; i++) {
        uint32_t c = rd(d, k, i);
        b->buf[b->len++] = c;
        if (c > m) m = c;
    }
    b->maxchar = m;
    return 0;
}

int strb_put_obj(StrBuilder *b, Obj *s) { return strb_put_str(b, s, 0, SLEN(s)); }

int strb_put_ascii(StrBuilder *b, const char *s, Ssize n)
{
    if (strb_reserve(b, n) < 0) return -1;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = (unsigned char)s[i];
        b->buf[b->len++] = c;
        if (c > b->maxchar) b->maxchar = c;
    }
    return 0;
}

int strb_put_utf8(StrBuilder *b, const char *s, Ssize n)
{
    if (strb_reserve(b, n) < 0) return -1;
    const unsigned char *p = (const unsigned char *)s;
    Ssize i = 0;
    while (i < n) {
        uint32_t c;
        size_t k = utf8_decode(p + i, (size_t)(n - i), &c);
        b->buf[b->len++] = c;
        if (c > b->maxchar) b->maxchar = c;
        i += (Ssize)k;
    }
    return 0;
}

void strb_free(StrBuilder *b)
{
    free(b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
    b->maxchar = 0;
}

Obj *strb_finish(StrBuilder *b)
{
    Obj *s = from_ucs4_max(b->buf, b->len, b->maxchar);
    strb_free(b);
    return s;
}

/* ---- UTF-8 in and out ------------------------------------------------------- */

Obj *str_from_utf8(const char *s, Ssize len)
{
    const unsigned char *p = (const unsigned char *)s;
    Ssize i;
    for (i = 0; i < len && p[i] < 128; i++)
        ;
    if (i == len) {
        if (len <= 1) return len ? latin1_char(p[0]) : str_empty();
        Obj *r = str_alloc(len, 127);
        if (r) memcpy(STR_DATA(r), s, (size_t)len);
        return r;
    }
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, len) < 0) return NULL;
    i = 0;
    while (i < len) {
        uint32_t c;
        size_t k = utf8_decode(p + i, (size_t)(len - i), &c);
        /* utf8_decode passes a stray byte through as its value; show it
         * as U+FFFD like a lossy decoder would. */
        if (k == 1 && c >= 128) c = 0xfffd;
        b.buf[b.len++] = c;
        if (c > b.maxchar) b.maxchar = c;
        i += (Ssize)k;
    }
    return strb_finish(&b);
}

Obj *str_from_cstr(const char *s) { return str_from_utf8(s, (Ssize)strlen(s)); }

static bool has_surrogate(Obj *o, Ssize *pos)
{
    if (SKIND(o) == 1) return false;
    Ssize n = SLEN(o);
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = SCH(o, i);
        if (c >= 0xd800 && c <= 0xdfff) {
            if (pos) *pos = i;
            return true;
        }
    }
    return false;
}

/* Encode the UTF-8 form (surrogates as 3-byte sequences) into the cache. */
static int fill_utf8(Obj *o)
{
    StrObj *s = (StrObj *)o;
    if (s->ascii || STR_UTF8(o)) return 0;
    Ssize n = SLEN(o);
    size_t cap = (size_t)n * (s->kind == 1 ? 2 : s->kind == 2 ? 3 : 4) + 1;
    char *block = malloc(sizeof(Ssize) + cap);
    if (!block) {
        vm_err_no_memory();
        return -1;
    }
    char *buf = block + sizeof(Ssize);
    size_t j = 0;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = SCH(o, i);
        if (c < 0x80) buf[j++] = (char)c;
        else if (c < 0x800) {
            buf[j++] = (char)(0xc0 | (c >> 6));
            buf[j++] = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            buf[j++] = (char)(0xe0 | (c >> 12));
            buf[j++] = (char)(0x80 | ((c >> 6) & 0x3f));
            buf[j++] = (char)(0x80 | (c & 0x3f));
        } else {
            buf[j++] = (char)(0xf0 | (c >> 18));
            buf[j++] = (char)(0x80 | ((c >> 12) & 0x3f));
            buf[j++] = (char)(0x80 | ((c >> 6) & 0x3f));
            buf[j++] = (char)(0x80 | (c & 0x3f));
        }
    }
    buf[j] = 0;
    memcpy(block, &(Ssize){(Ssize)j}, sizeof(Ssize));
    STR_UTF8(o) = buf;
    return 0;
}

const char *str_utf8_lossy(Obj *o, Ssize *len)
{
    StrObj *s = (StrObj *)o;
    if (s->ascii) {
        if (len) *len = SLEN(o);
        return (const char *)STR_DATA(o);
    }
    if (fill_utf8(o) < 0) {
        /* Out of memory: the caller wanted something printable. */
        vm_err_clear();
        if (len) *len = 0;
        return "";
    }
    if (len) *len = STR_UTF8_LEN(o);
    return STR_UTF8(o);
}

const char *str_utf8(Obj *o, Ssize *len)
{
    Ssize pos;
    if (has_surrogate(o, &pos)) {
        Ssize end = pos + 1;
        while (end < SLEN(o)) {
            uint32_t c = SCH(o, end);
            if (c < 0xd800 || c > 0xdfff) break;
            end++;
        }
        str_raise_encode_error("utf-8", o, pos, end, "surrogates not allowed");
        return NULL;
    }
    if (!((StrObj *)o)->ascii && fill_utf8(o) < 0) return NULL;
    return str_utf8_lossy(o, len);
}

/* ---- str_from_fmt ------------------------------------------------------------ */

/* Append src[0..n) but at most `prec` code points (prec < 0: all), padded
 * to `width` code points (left-aligned when `left`). */
static int put_padded(StrBuilder *b, Obj *src, Ssize width, Ssize prec, bool left)
{
    Ssize n = SLEN(src);
    if (prec >= 0 && prec < n) n = prec;
    if (!left && width > n && strb_pad(b, ' ', width - n) < 0) return -1;
    if (strb_put_str(b, src, 0, n) < 0) return -1;
    if (left && width > n && strb_pad(b, ' ', width - n) < 0) return -1;
    return 0;
}

Obj *str_from_vfmt(const char *fmt, va_list ap)
{
    StrBuilder b = STRB_INIT;
    const char *p = fmt;
    while (*p) {
        if (*p != '%') {
            const char *q = p;
            while (*q && *q != '%') q++;
            if (strb_put_utf8(&b, p, q - p) < 0) goto fail;
            p = q;
            continue;
        }
        const char *spec = p++;
        if (*p == '%') {
            if (strb_putc(&b, '%') < 0) goto fail;
            p++;
            continue;
        }
        bool left = false, zero = false;
        while (*p == '-' || *p == '0') {
            if (*p == '-') left = true;
            else zero = true;
            p++;
        }
        Ssize width = -1, prec = -1;
        if (*p == '*') { width = va_arg(ap, int); p++; }
        else if (*p >= '1' && *p <= '9') {
            width = 0;
            while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
        }
        if (*p == '.') {
            p++;
            if (*p == '*') { prec = va_arg(ap, int); p++; }
            else {
                prec = 0;
                while (*p >= '0' && *p <= '9') prec = prec * 10 + (*p++ - '0');
            }
        }
        int lng = 0;   /* 1: l, 2: ll, 3: z */
        if (*p == 'l') { lng = 1; p++; if (*p == 'l') { lng = 2; p++; } }
        else if (*p == 'z') { lng = 3; p++; }
        char conv = *p ? *p++ : 0;
        char buf[96];
        int blen = -1;
        Obj *sub = NULL;
        switch (conv) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            char pf[40];
            int m = 0;
            pf[m++] = '%';
            if (left) pf[m++] = '-';
            if (zero) pf[m++] = '0';
            if (width >= 0) m += snprintf(pf + m, 12, "%d", (int)width);
            if (prec >= 0) m += snprintf(pf + m, 12, ".%d", (int)prec);
            if (lng == 1 || lng == 2) pf[m++] = 'l';
            if (lng == 2) pf[m++] = 'l';
            if (lng == 3) pf[m++] = 'z';
            pf[m++] = conv;
            pf[m] = 0;
            bool is_unsigned = conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o';
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
            if (lng == 0) {
                if (is_unsigned) blen = snprintf(buf, sizeof buf, pf, va_arg(ap, unsigned));
                else blen = snprintf(buf, sizeof buf, pf, va_arg(ap, int));
            } else if (lng == 1) {
                if (is_unsigned) blen = snprintf(buf, sizeof buf, pf, va_arg(ap, unsigned long));
                else blen = snprintf(buf, sizeof buf, pf, va_arg(ap, long));
            } else if (lng == 2) {
                if (is_unsigned) blen = snprintf(buf, sizeof buf, pf, va_arg(ap, unsigned long long));
                else blen = snprintf(buf, sizeof buf, pf, va_arg(ap, long long));
            } else {
                if (is_unsigned) blen = snprintf(buf, sizeof buf, pf, va_arg(ap, size_t));
                else blen = snprintf(buf, sizeof buf, pf, va_arg(ap, Ssize));
            }
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
            break;
        }
        case 'c': {
            unsigned c = (unsigned)va_arg(ap, int);
            if (c > MAX_UNICODE) c = 0xfffd;
            if (strb_putc(&b, c) < 0) goto fail;
            break;
        }
        case 'p': {
            void *ptr = va_arg(ap, void *);
            blen = snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)(uintptr_t)ptr);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            sub = str_from_cstr(s);
            break;
        }
        case 'U': case 'V': {
            Obj *o = va_arg(ap, Obj *);
            const char *alt = conv == 'V' ? va_arg(ap, const char *) : NULL;
            if (o) sub = INCREF(o);
            else sub = str_from_cstr(alt ? alt : "(null)");
            break;
        }
        case 'S': case 'R': case 'A': {
            Obj *o = va_arg(ap, Obj *);
            sub = conv == 'S' ? obj_str(o) : conv == 'R' ? obj_repr(o) : obj_ascii(o);
            if (!sub) goto fail;
            break;
        }
        case 'T': {
            Obj *o = va_arg(ap, Obj *);
            sub = str_from_cstr(OBJ_TYPE(o)->name);
            break;
        }
        default:
            /* Unknown directive: copy it through literally. */
            if (strb_put_ascii(&b, spec, p - spec) < 0) goto fail;
            break;
        }
        if (blen >= 0 && strb_put_ascii(&b, buf, blen < (int)sizeof buf ? blen : (int)sizeof buf - 1) < 0)
            goto fail;
        if (sub) {
            int r = put_padded(&b, sub, width, prec, left);
            DECREF(sub);
            if (r < 0) goto fail;
        }
    }
    return strb_finish(&b);
fail:
    strb_free(&b);
    return NULL;
}

Obj *str_from_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *r = str_from_vfmt(fmt, ap);
    va_end(ap);
    return r;
}

/* ---- comparison and hashing ------------------------------------------------------ */

bool str_eq(Obj *a, Obj *b)
{
    if (a == b) return true;
    Ssize n = SLEN(a);
    if (n != SLEN(b) || SKIND(a) != SKIND(b)) return false;
    StrObj *sa = (StrObj *)a, *sb = (StrObj *)b;
    if (sa->hash != -1 && sb->hash != -1 && sa->hash != sb->hash) return false;
    return memcmp(STR_DATA(a), STR_DATA(b), (size_t)(n * SKIND(a))) == 0;
}

bool str_eq_cstr(Obj *o, const char *s)
{
    size_t n = strlen(s);
    if (((StrObj *)o)->ascii) return (size_t)SLEN(o) == n && memcmp(STR_DATA(o), s, n) == 0;
    Ssize len;
    const char *u = str_utf8_lossy(o, &len);
    return (size_t)len == n && memcmp(u, s, n) == 0;
}

int str_compare(Obj *a, Obj *b)
{
    Ssize na = SLEN(a), nb = SLEN(b), n = na < nb ? na : nb;
    int ka = SKIND(a), kb = SKIND(b);
    if (ka == 1 && kb == 1) {
        int c = memcmp(STR_DATA(a), STR_DATA(b), (size_t)n);
        if (c) return c < 0 ? -1 : 1;
    } else {
        const void *da = SDATA(a), *db = SDATA(b);
        for (Ssize i = 0; i < n; i++) {
            uint32_t x = rd(da, ka, i), y = rd(db, kb, i);
            if (x != y) return x < y ? -1 : 1;
        }
    }
    return na < nb ? -1 : na > nb ? 1 : 0;
}

Hash str_hash(Obj *o)
{
    StrObj *s = (StrObj *)o;
    if (s->hash != -1) return s->hash;
    uint64_t h = pyhash_str(&pyhash_vm, STR_DATA(o), s->kind, (size_t)SLEN(o));
    s->hash = (Hash)pyhash_signed(&pyhash_vm, h);
    return s->hash;
}

/* ---- interning ------------------------------------------------------------------- */

/* Open addressing on str_hash; the table owns one reference per entry. */
static Obj **intern_tab;
static size_t intern_cap, intern_used;

static int intern_grow(void)
{
    size_t ncap = intern_cap ? intern_cap * 2 : 1024;
    Obj **nt = calloc(ncap, sizeof(Obj *));
    if (!nt) return -1;
    for (size_t i = 0; i < intern_cap; i++) {
        Obj *s = intern_tab[i];
        if (!s) continue;
        size_t j = (size_t)((StrObj *)s)->hash & (ncap - 1);
        while (nt[j]) j = (j + 1) & (ncap - 1);
        nt[j] = s;
    }
    free(intern_tab);
    intern_tab = nt;
    intern_cap = ncap;
    return 0;
}

static Obj *intern(Obj *s);

/* CPython 3.12 interns its runtime's static identifiers before anything
 * else, and eleven of them are one character long (argument and attribute
 * names such as `a`, `x`, `_`).  They are objects distinct from chr()'s
 * cached Latin-1 strings, so interning "a" gives an object that is not
 * "abc"[0], while interning "5" gives chr(53) itself.  The set is what
 * python3.12 answers to `sys.intern(chr(i)) is not chr(i)` for i < 256. */
static void intern_preload(void)
{
    static bool done;
    if (done) return;
    done = true;
    for (const char *c = "_abcdenprsx"; *c; c++) {
        Obj *s = str_alloc(1, (uint32_t)(unsigned char)*c);
        if (!s) return;
        ((uint8_t *)STR_DATA(s))[0] = (uint8_t)*c;
        Obj *r = intern(s);
        DECREF(r);
        DECREF(s);
    }
}

/* The interned string equal to s (exact str), interning s itself when new.
 * NEW reference; on allocation failure returns s unchanged. */
static Obj *intern(Obj *s)
{
    if (((StrObj *)s)->interned) return INCREF(s);
    intern_preload();
    if ((intern_used + 1) * 2 > intern_cap && intern_grow() < 0) return INCREF(s);
    Hash h = str_hash(s);
    size_t j = (size_t)h & (intern_cap - 1);
    while (intern_tab[j]) {
        if (str_eq(intern_tab[j], s)) return INCREF(intern_tab[j]);
        j = (j + 1) & (intern_cap - 1);
    }
    intern_tab[j] = INCREF(s);
    intern_used++;
    ((StrObj *)s)->interned = true;
    return INCREF(s);
}

void str_intern_inplace(Obj **p)
{
    Obj *s = *p;
    if (!s || !ISEXACT(s) || ((StrObj *)s)->interned) return;
    Obj *r = intern(s);
    DECREF(s);
    *p = r;
}

Obj *str_intern_cstr(const char *s)
{
    Obj *o = str_from_cstr(s);
    if (!o) return NULL;
    str_intern_inplace(&o);
    return o;
}

/* ---- codecs ---------------------------------------------------------------------- */

typedef enum {
    CODEC_UTF8, CODEC_UTF8_SIG, CODEC_ASCII, CODEC_LATIN1,
    CODEC_UTF16, CODEC_UTF16_LE, CODEC_UTF16_BE,
    CODEC_UTF32, CODEC_UTF32_LE, CODEC_UTF32_BE
} Codec;

typedef enum {
    ERRH_STRICT, ERRH_IGNORE, ERRH_REPLACE, ERRH_SURROGATEESCAPE, ERRH_SURROGATEPASS,
    ERRH_BACKSLASHREPLACE, ERRH_XMLCHARREFREPLACE, ERRH_NAMEREPLACE, ERRH_UNKNOWN
} ErrHandler;

/* Canonical module names and the aliases of encodings.aliases (3.12) that
 * lead to the codecs implemented here. */
static const struct { const char *name; Codec codec; } CODEC_NAMES[] = {
    {"utf_8", CODEC_UTF8}, {"u8", CODEC_UTF8}, {"utf", CODEC_UTF8}, {"utf8", CODEC_UTF8},
    {"utf8_ucs2", CODEC_UTF8}, {"utf8_ucs4", CODEC_UTF8}, {"cp65001", CODEC_UTF8},
    {"utf_8_sig", CODEC_UTF8_SIG},
    {"ascii", CODEC_ASCII}, {"646", CODEC_ASCII}, {"ansi_x3.4_1968", CODEC_ASCII},
    {"ansi_x3.4_1986", CODEC_ASCII}, {"ansi_x3_4_1968", CODEC_ASCII}, {"cp367", CODEC_ASCII},
    {"csascii", CODEC_ASCII}, {"ibm367", CODEC_ASCII}, {"iso646_us", CODEC_ASCII},
    {"iso_646.irv_1991", CODEC_ASCII}, {"iso_ir_6", CODEC_ASCII}, {"us", CODEC_ASCII},
    {"us_ascii", CODEC_ASCII},
    {"latin_1", CODEC_LATIN1}, {"8859", CODEC_LATIN1}, {"cp819", CODEC_LATIN1},
    {"csisolatin1", CODEC_LATIN1}, {"ibm819", CODEC_LATIN1}, {"iso8859", CODEC_LATIN1},
    {"iso8859_1", CODEC_LATIN1}, {"iso_8859_1", CODEC_LATIN1}, {"iso_8859_1_1987", CODEC_LATIN1},
    {"iso_ir_100", CODEC_LATIN1}, {"l1", CODEC_LATIN1}, {"latin", CODEC_LATIN1},
    {"latin1", CODEC_LATIN1},
    {"utf_16", CODEC_UTF16}, {"u16", CODEC_UTF16}, {"utf16", CODEC_UTF16},
    {"utf_16_le", CODEC_UTF16_LE}, {"utf_16le", CODEC_UTF16_LE}, {"unicodelittleunmarked", CODEC_UTF16_LE},
    {"utf_16_be", CODEC_UTF16_BE}, {"utf_16be", CODEC_UTF16_BE}, {"unicodebigunmarked", CODEC_UTF16_BE},
    {"utf_32", CODEC_UTF32}, {"u32", CODEC_UTF32}, {"utf32", CODEC_UTF32},
    {"utf_32_le", CODEC_UTF32_LE}, {"utf_32le", CODEC_UTF32_LE},
    {"utf_32_be", CODEC_UTF32_BE}, {"utf_32be", CODEC_UTF32_BE},
};
/* Codecs that exist but are not text encodings (bytes-to-bytes, str-to-str). */
static const char *const NONTEXT_CODECS[] = {
    "base64_codec", "base64", "base_64", "bz2_codec", "bz2", "hex_codec", "hex",
    "quopri_codec", "quopri", "quoted_printable", "quotedprintable", "rot_13", "rot13",
    "uu_codec", "uu", "zlib_codec", "zip", "zlib",
};

static const char *codec_display(Codec c)
{
    switch (c) {
    case CODEC_UTF8: case CODEC_UTF8_SIG: return "utf-8";
    case CODEC_ASCII: return "ascii";
    case CODEC_LATIN1: return "latin-1";
    case CODEC_UTF16: return "utf-16";
    case CODEC_UTF16_LE: return "utf-16-le";
    case CODEC_UTF16_BE: return "utf-16-be";
    case CODEC_UTF32: return "utf-32";
    case CODEC_UTF32_LE: return "utf-32-le";
    default: return "utf-32-be";
    }
}

/* Is this the name of a codec module (as opposed to an alias)? */
static bool codec_canonical(const char *name)
{
    static const char *const mods[] = {"utf_8", "utf_8_sig", "ascii", "latin_1", "utf_16", "utf_16_le",
                                       "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
        if (strcmp(name, mods[i]) == 0) return true;
    return false;
}

/* encodings.normalize_encoding + lower-casing + the alias table.  `dir` is
 * "encode" or "decode" for the message about non-text codecs. */
static int codec_lookup(const char *name, Codec *out, const char *dir)
{
    char norm[64];
    size_t j = 0;
    bool pend = false;
    for (const char *p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.';
        if (c >= 128 || j >= sizeof norm - 2) { j = 0; norm[0] = '?'; j = 1; break; }
        if (!keep) {
            pend = j > 0;
            continue;
        }
        if (pend) norm[j++] = '_';
        pend = false;
        norm[j++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    norm[j] = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof CODEC_NAMES / sizeof CODEC_NAMES[0]; i++) {
            /* the second pass is an alias lookup only: module names do not
             * count ("utf.8" is unknown although "utf_8" is the module) */
            if (pass == 1 && codec_canonical(CODEC_NAMES[i].name)) continue;
            if (strcmp(norm, CODEC_NAMES[i].name) == 0) {
                *out = CODEC_NAMES[i].codec;
                return 0;
            }
        }
        /* The alias table is also tried with dots as underscores. */
        for (char *q = norm; *q; q++)
            if (*q == '.') *q = '_';
    }
    for (size_t i = 0; i < sizeof NONTEXT_CODECS / sizeof NONTEXT_CODECS[0]; i++)
        if (strcmp(norm, NONTEXT_CODECS[i]) == 0) {
            vm_err_format(&exc_LookupError,
                          "'%s' is not a text encoding; use codecs.%s() to handle arbitrary codecs",
                          name, dir);
            return -1;
        }
    vm_err_format(&exc_LookupError, "unknown encoding: %s", name);
    return -1;
}

static ErrHandler errh_lookup(const char *e)
{
    static const char *const names[] = {
        "strict", "ignore", "replace", "surrogateescape", "surrogatepass",
        "backslashreplace", "xmlcharrefreplace", "namereplace",
    };
    if (!e) return ERRH_STRICT;
    for (int i = 0; i < 8; i++)
        if (strcmp(e, names[i]) == 0) return (ErrHandler)i;
    return ERRH_UNKNOWN;
}

static void raise_unicode_error(TypeObj *t, const char *encoding, Obj *obj, Ssize start, Ssize end,
                                const char *reason)
{
    Obj *args[5];
    args[0] = str_from_cstr(encoding);
    args[1] = INCREF(obj);
    args[2] = int_from_i64(start);
    args[3] = int_from_i64(end);
    args[4] = str_from_cstr(reason);
    bool ok = args[0] && args[2] && args[3] && args[4];
    Obj *e = ok ? obj_call((Obj *)t, args, 5, NULL) : NULL;
    for (int i = 0; i < 5; i++) XDECREF(args[i]);
    if (e) vm_err_restore(e);
}

void str_raise_encode_error(const char *encoding, Obj *s, Ssize start, Ssize end, const char *reason)
{
    raise_unicode_error(&exc_UnicodeEncodeError, encoding, s, start, end, reason);
}

void str_raise_decode_error(const char *encoding, const void *p, Ssize n, Ssize start, Ssize end,
                            const char *reason)
{
    Obj *b = bytes_from(p, n);
    if (!b) return;
    raise_unicode_error(&exc_UnicodeDecodeError, encoding, b, start, end, reason);
    DECREF(b);
}

static void unknown_handler(const char *errors)
{
    vm_err_format(&exc_LookupError, "unknown error handler name '%s'", errors);
}

/* Emit one code point in the codec's byte form (the caller knows it fits). */
static void emit_cp(SBuf *o, Codec c, uint32_t ch)
{
    unsigned char b[4];
    switch (c) {
    case CODEC_ASCII: case CODEC_LATIN1:
        sbuf_putc(o, (char)ch);
        return;
    case CODEC_UTF8: case CODEC_UTF8_SIG:
        utf8_encode(o, ch);
        return;
    case CODEC_UTF16: case CODEC_UTF16_LE: case CODEC_UTF16_BE: {
        bool be = c == CODEC_UTF16_BE;
        if (ch >= 0x10000) {
            uint32_t v = ch - 0x10000;
            emit_cp(o, c, 0xd800 | (v >> 10));
            emit_cp(o, c, 0xdc00 | (v & 0x3ff));
            return;
        }
        b[be ? 0 : 1] = (unsigned char)(ch >> 8);
        b[be ? 1 : 0] = (unsigned char)ch;
        sbuf_put(o, (const char *)b, 2);
        return;
    }
    default: {
        bool be = c == CODEC_UTF32_BE;
        for (int i = 0; i < 4; i++) b[be ? 3 - i : i] = (unsigned char)(ch >> (8 * i));
        sbuf_put(o, (const char *)b, 4);
        return;
    }
    }
}

static bool encodable(Codec c, uint32_t ch)
{
    switch (c) {
    case CODEC_ASCII: return ch < 128;
    case CODEC_LATIN1: return ch < 256;
    default: return ch < 0xd800 || ch > 0xdfff;
    }
}

static void emit_ascii(SBuf *o, Codec c, const char *s)
{
    for (; *s; s++) emit_cp(o, c, (unsigned char)*s);
}

static Obj *encode_with(Obj *s, Codec c, const char *errors)
{
    Ssize n = SLEN(s);
    if ((c == CODEC_UTF8 || c == CODEC_ASCII || c == CODEC_LATIN1) && ((StrObj *)s)->ascii)
        return bytes_from(STR_DATA(s), n);
    ErrHandler eh = errh_lookup(errors);
    SBuf o = SBUF_INIT;
    /* The BOM-writing codecs write native order: little-endian here, as on
     * the x86-64/arm64 builds the reference runs on. */
    const char *name = codec_display(c);   /* errors name the codec asked for */
    if (c == CODEC_UTF16) { sbuf_put(&o, "\xff\xfe", 2); c = CODEC_UTF16_LE; }
    else if (c == CODEC_UTF32) { sbuf_put(&o, "\xff\xfe\0\0", 4); c = CODEC_UTF32_LE; }
    else if (c == CODEC_UTF8_SIG) sbuf_put(&o, "\xef\xbb\xbf", 3);
    const char *reason = c == CODEC_ASCII ? "ordinal not in range(128)"
                         : c == CODEC_LATIN1 ? "ordinal not in range(256)" : "surrogates not allowed";
    bool utf = c != CODEC_ASCII && c != CODEC_LATIN1;
    Ssize i = 0;
    while (i < n) {
        uint32_t ch = SCH(s, i);
        if (encodable(c, ch)) {
            emit_cp(&o, c, ch);
            i++;
            continue;
        }
        /* The UTF-16/32 encoders report one character; the others the
         * whole run of characters they cannot encode. */
        Ssize end = i + 1;
        if (c == CODEC_ASCII || c == CODEC_LATIN1 || c == CODEC_UTF8 || c == CODEC_UTF8_SIG)
            while (end < n && !encodable(c, SCH(s, end))) end++;
        Ssize bad = -1;   /* where to raise from, -1: handled */
        switch (eh) {
        case ERRH_STRICT: case ERRH_NAMEREPLACE: bad = i; break;
        case ERRH_UNKNOWN:
            unknown_handler(errors);
            sbuf_free(&o);
            return NULL;
        case ERRH_IGNORE: break;
        case ERRH_REPLACE:
            for (Ssize k = i; k < end; k++) emit_cp(&o, c, '?');
            break;
        case ERRH_BACKSLASHREPLACE:
            for (Ssize k = i; k < end; k++) {
                uint32_t v = SCH(s, k);
                char buf[16];
                if (v < 256) snprintf(buf, sizeof buf, "\\x%02x", v);
                else if (v < 65536) snprintf(buf, sizeof buf, "\\u%04x", v);
                else snprintf(buf, sizeof buf, "\\U%08x", v);
                emit_ascii(&o, c, buf);
            }
            break;
        case ERRH_XMLCHARREFREPLACE:
            for (Ssize k = i; k < end; k++) {
                char buf[16];
                snprintf(buf, sizeof buf, "&#%u;", (unsigned)SCH(s, k));
                emit_ascii(&o, c, buf);
            }
            break;
        case ERRH_SURROGATEESCAPE:
            if (c != CODEC_UTF8 && c != CODEC_UTF8_SIG && c != CODEC_ASCII && c != CODEC_LATIN1) {
                bad = i;
                break;
            }
            for (Ssize k = i; k < end; k++) {
                uint32_t v = SCH(s, k);
                if (v < 0xdc80 || v > 0xdcff) { bad = k; break; }
                sbuf_putc(&o, (char)(v - 0xdc00));
            }
            break;
        case ERRH_SURROGATEPASS:
            if (!utf) { bad = i; break; }
            for (Ssize k = i; k < end; k++) {
                uint32_t v = SCH(s, k);
                if (c == CODEC_UTF8 || c == CODEC_UTF8_SIG) utf8_encode(&o, v);
                else emit_cp(&o, c, v);
            }
            break;
        }
        if (bad >= 0) {
            sbuf_free(&o);
            str_raise_encode_error(name, s, bad, end, reason);
            return NULL;
        }
        i = end;
    }
    Obj *r = bytes_from(o.data ? o.data : "", (Ssize)o.len);
    sbuf_free(&o);
    return r;
}

Obj *str_encode(Obj *s, const char *encoding, const char *errors)
{
    Codec c = CODEC_UTF8;
    if (encoding && codec_lookup(encoding, &c, "encode") < 0) return NULL;
    return encode_with(s, c, errors);
}

/* Apply the error handler to bytes [es, ee) of a failed decode.  Returns
 * where decoding resumes (normally ee), or -1 with the exception set. */
static Ssize decode_error(StrBuilder *b, ErrHandler eh, const char *errors, const char *name,
                          const unsigned char *p, Ssize n, Ssize es, Ssize ee, const char *reason)
{
    switch (eh) {
    case ERRH_IGNORE: return ee;
    case ERRH_REPLACE: return strb_putc(b, 0xfffd) < 0 ? -1 : ee;
    case ERRH_BACKSLASHREPLACE:
        for (Ssize k = es; k < ee; k++) {
            char buf[8];
            snprintf(buf, sizeof buf, "\\x%02x", p[k]);
            if (strb_put_ascii(b, buf, 4) < 0) return -1;
        }
        return ee;
    case ERRH_SURROGATEESCAPE: {
        /* CPython's handler escapes at most 4 bytes, stopping at the first
         * ASCII byte, and decoding resumes after what it escaped. */
        Ssize k = es;
        while (k < ee && k - es < 4 && p[k] >= 128) {
            if (strb_putc(b, 0xdc00 + p[k]) < 0) return -1;
            k++;
        }
        if (k > es) return k;
        break;
    }
    case ERRH_XMLCHARREFREPLACE: case ERRH_NAMEREPLACE:
        vm_err_set_str(&exc_TypeError, "don't know how to handle UnicodeDecodeError in error callback");
        return -1;
    case ERRH_UNKNOWN:
        unknown_handler(errors);
        return -1;
    default: break;
    }
    str_raise_decode_error(name, p, n, es, ee, reason);
    return -1;
}

static int decode_utf8(StrBuilder *b, const unsigned char *p, Ssize n, ErrHandler eh, const char *errors)
{
    Ssize i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            Ssize j = i;
            while (j < n && p[j] < 0x80) j++;
            if (strb_put_ascii(b, (const char *)p + i, j - i) < 0) return -1;
            i = j;
            continue;
        }
        int need;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0) lo = 0xa0;
            else if (c == 0xed) hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0) lo = 0x90;
            else if (c == 0xf4) hi = 0x8f;
        } else {
            if ((i = decode_error(b, eh, errors, "utf-8", p, n, i, i + 1, "invalid start byte")) < 0) return -1;
            continue;
        }
        /* surrogatepass: ED A0..BF 80..BF is a surrogate. */
        if (c == 0xed && eh == ERRH_SURROGATEPASS && i + 2 < n && p[i + 1] >= 0xa0 && p[i + 1] <= 0xbf &&
            p[i + 2] >= 0x80 && p[i + 2] <= 0xbf) {
            uint32_t v = ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(p[i + 1] & 0x3f) << 6) | (p[i + 2] & 0x3f);
            if (strb_putc(b, v) < 0) return -1;
            i += 3;
            continue;
        }
        int k;
        const char *reason = NULL;
        for (k = 1; k <= need; k++) {
            if (i + k >= n) { reason = "unexpected end of data"; break; }
            unsigned char d = p[i + k];
            unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xbf;
            if (d < l || d > h) { reason = "invalid continuation byte"; break; }
        }
        if (reason) {
            Ssize ee = reason[0] == 'u' ? n : i + k;
            if ((i = decode_error(b, eh, errors, "utf-8", p, n, i, ee, reason)) < 0) return -1;
            continue;
        }
        uint32_t v;
        if (need == 1) v = ((uint32_t)(c & 0x1f) << 6) | (p[i + 1] & 0x3f);
        else if (need == 2) v = ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(p[i + 1] & 0x3f) << 6) | (p[i + 2] & 0x3f);
        else v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[i + 1] & 0x3f) << 12) |
                 ((uint32_t)(p[i + 2] & 0x3f) << 6) | (p[i + 3] & 0x3f);
        if (strb_putc(b, v) < 0) return -1;
        i += need + 1;
    }
    return 0;
}

/* Decoding starts at byte i (after a BOM): positions in errors count from
 * the start of the whole input, which is also the error's object. */
static int decode_utf16(StrBuilder *b, const unsigned char *p, Ssize n, Ssize i, bool be, ErrHandler eh,
                        const char *errors)
{
    const char *name = be ? "utf-16-be" : "utf-16-le";
    while (i < n) {
        if (n - i < 2) {
            if ((i = decode_error(b, eh, errors, name, p, n, i, n, "truncated data")) < 0) return -1;
            continue;
        }
        uint32_t u = be ? ((uint32_t)p[i] << 8 | p[i + 1]) : ((uint32_t)p[i + 1] << 8 | p[i]);
        if (u < 0xd800 || u > 0xdfff) {
            if (strb_putc(b, u) < 0) return -1;
            i += 2;
            continue;
        }
        const char *reason = NULL;
        Ssize ee = i + 2;
        if (u >= 0xdc00) reason = "illegal encoding";
        else if (n - i < 4) { reason = "unexpected end of data"; ee = n; }
        else {
            uint32_t u2 = be ? ((uint32_t)p[i + 2] << 8 | p[i + 3]) : ((uint32_t)p[i + 3] << 8 | p[i + 2]);
            if (u2 >= 0xdc00 && u2 <= 0xdfff) {
                if (strb_putc(b, 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00)) < 0) return -1;
                i += 4;
                continue;
            }
            reason = "illegal UTF-16 surrogate";
        }
        if (eh == ERRH_SURROGATEPASS) {
            if (strb_putc(b, u) < 0) return -1;
            i += 2;
            continue;
        }
        if ((i = decode_error(b, eh, errors, name, p, n, i, ee, reason)) < 0) return -1;
    }
    return 0;
}

static int decode_utf32(StrBuilder *b, const unsigned char *p, Ssize n, Ssize i, bool be, ErrHandler eh,
                        const char *errors)
{
    const char *name = be ? "utf-32-be" : "utf-32-le";
    while (i < n) {
        if (n - i < 4) {
            if ((i = decode_error(b, eh, errors, name, p, n, i, n, "truncated data")) < 0) return -1;
            continue;
        }
        uint32_t u = be ? ((uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3])
                        : ((uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 1] << 8 | p[i]);
        const char *reason = NULL;
        if (u > MAX_UNICODE) reason = "code point not in range(0x110000)";
        else if (u >= 0xd800 && u <= 0xdfff && eh != ERRH_SURROGATEPASS)
            reason = "code point in surrogate code point range(0xd800, 0xe000)";
        if (reason) {
            if ((i = decode_error(b, eh, errors, name, p, n, i, i + 4, reason)) < 0) return -1;
            continue;
        }
        if (strb_putc(b, u) < 0) return -1;
        i += 4;
    }
    return 0;
}

Obj *str_decode(const void *vp, Ssize n, const char *encoding, const char *errors)
{
    const unsigned char *p = vp;
    Codec c = CODEC_UTF8;
    if (n == 0) return str_empty();   /* CPython does not even look the codec up */
    if (encoding && codec_lookup(encoding, &c, "decode") < 0) return NULL;
    ErrHandler eh = errh_lookup(errors);
    StrBuilder b = STRB_INIT;
    int r = 0;
    switch (c) {
    case CODEC_UTF8_SIG:
        if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
            p += 3;
            n -= 3;
        }
        /* fall through */
    case CODEC_UTF8: {
        Ssize i;
        for (i = 0; i < n && p[i] < 128; i++)
            ;
        if (i == n) return str_from_utf8((const char *)p, n);
        r = decode_utf8(&b, p, n, eh, errors);
        break;
    }
    case CODEC_ASCII:
        for (Ssize i = 0; i < n && r == 0;) {
            if (p[i] < 128) {
                r = strb_putc(&b, p[i]);
                i++;
            } else if ((i = decode_error(&b, eh, errors, "ascii", p, n, i, i + 1, "ordinal not in range(128)")) < 0) {
                r = -1;
            }
        }
        break;
    case CODEC_LATIN1:
        return str_from_latin1(p, n);
    case CODEC_UTF16: case CODEC_UTF16_LE: case CODEC_UTF16_BE: {
        bool be = c == CODEC_UTF16_BE;
        Ssize start = 0;
        if (c == CODEC_UTF16 && n >= 2) {
            if (p[0] == 0xff && p[1] == 0xfe) start = 2;
            else if (p[0] == 0xfe && p[1] == 0xff) { start = 2; be = true; }
        }
        r = decode_utf16(&b, p, n, start, be, eh, errors);
        break;
    }
    default: {
        bool be = c == CODEC_UTF32_BE;
        Ssize start = 0;
        if (c == CODEC_UTF32 && n >= 4) {
            if (memcmp(p, "\xff\xfe\0\0", 4) == 0) start = 4;
            else if (memcmp(p, "\0\0\xfe\xff", 4) == 0) { start = 4; be = true; }
        }
        r = decode_utf32(&b, p, n, start, be, eh, errors);
        break;
    }
    }
    if (r < 0) {
        strb_free(&b);
        return NULL;
    }
    return strb_finish(&b);
}

Obj *str_to_decimal_ascii(Obj *s)
{
    if (((StrObj *)s)->ascii) return exact_str(s);
    Ssize n = SLEN(s);
    Obj *r = str_alloc(n, 127);
    if (!r) return NULL;
    uint8_t *d = STR_DATA(r);
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = SCH(s, i);
        if (c < 128) d[i] = (uint8_t)c;
        else if (is_space(c)) d[i] = ' ';
        else {
            int v = ucd_decimal(c);
            if (v < 0) {
                d[i] = '?';
                d[i + 1] = 0;
                ((StrObj *)r)->base.size = i + 1;
                break;
            }
            d[i] = (uint8_t)('0' + v);
        }
    }
    return r;
}

/* ---- repr and the slots ------------------------------------------------------------- */

Obj *str_repr(Obj *o)
{
    Ssize n = SLEN(o);
    const void *d = SDATA(o);
    int k = SKIND(o);
    bool sq = false, dq = false;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = rd(d, k, i);
        if (c == '\'') sq = true;
        else if (c == '"') dq = true;
    }
    uint32_t quote = (sq && !dq) ? '"' : '\'';
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, n + 2) < 0) return NULL;
    strb_putc(&b, quote);
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = rd(d, k, i);
        char buf[12];
        int bl = 0;
        if (c == quote || c == '\\') { buf[0] = '\\'; buf[1] = (char)c; bl = 2; }
        else if (c == '\t') { memcpy(buf, "\\t", 2); bl = 2; }
        else if (c == '\n') { memcpy(buf, "\\n", 2); bl = 2; }
        else if (c == '\r') { memcpy(buf, "\\r", 2); bl = 2; }
        else if (c < ' ' || c == 0x7f) bl = snprintf(buf, sizeof buf, "\\x%02x", c);
        else if (c < 0x7f || (ucd_flags(c) & UCD_PRINTABLE)) {
            if (strb_putc(&b, c) < 0) return NULL;
            continue;
        } else if (c <= 0xff) bl = snprintf(buf, sizeof buf, "\\x%02x", c);
        else if (c <= 0xffff) bl = snprintf(buf, sizeof buf, "\\u%04x", c);
        else bl = snprintf(buf, sizeof buf, "\\U%08x", c);
        if (strb_put_ascii(&b, buf, bl) < 0) return NULL;
    }
    if (strb_putc(&b, quote) < 0) return NULL;
    return strb_finish(&b);
}

static Obj *str_str_slot(Obj *o) { return exact_str(o); }

static void str_dealloc(Obj *o)
{
    StrObj *s = (StrObj *)o;
    if (!s->ascii && STR_UTF8(o)) free(STR_UTF8(o) - sizeof(Ssize));
    obj_free(o);
}

static Obj *str_richcompare(Obj *a, Obj *b, int op)
{
    if (!STR_CHECK(a) || !STR_CHECK(b)) return INCREF(NOTIMPL);
    bool r;
    if (op == CMP_EQ || op == CMP_NE) {
        r = str_eq(a, b);
        if (op == CMP_NE) r = !r;
    } else {
        int c = a == b ? 0 : str_compare(a, b);
        switch (op) {
        case CMP_LT: r = c < 0; break;
        case CMP_LE: r = c <= 0; break;
        case CMP_GT: r = c > 0; break;
        default: r = c >= 0; break;
        }
    }
    return bool_from(r);
}

static Ssize str_length(Obj *o) { return SLEN(o); }

Obj *str_concat(Obj *a, Obj *b)
{
    if (!STR_CHECK(b)) {
        vm_err_format(&exc_TypeError, "can only concatenate str (not \"%s\") to str",
                      OBJ_TYPE(b)->name);
        return NULL;
    }
    if (!STR_CHECK(a)) {
        vm_err_format(&exc_TypeError, "can only concatenate str (not \"%s\") to str",
                      OBJ_TYPE(a)->name);
        return NULL;
    }
    Ssize na = SLEN(a), nb = SLEN(b);
    if (na == 0 && ISEXACT(b)) return INCREF(b);
    if (nb == 0 && ISEXACT(a)) return INCREF(a);
    if (na > SSIZE_MAXV - nb) {
        vm_err_set_str(&exc_OverflowError, "strings are too large to concat");
        return NULL;
    }
    uint32_t ma = str_maxchar(a), mb = str_maxchar(b);
    Obj *r = str_alloc(na + nb, ma > mb ? ma : mb);
    if (!r) return NULL;
    int kr = SKIND(r);
    if (SKIND(a) == kr) memcpy(STR_DATA(r), STR_DATA(a), (size_t)(na * kr));
    else for (Ssize i = 0; i < na; i++) str_setchar(r, i, SCH(a, i));
    if (SKIND(b) == kr) memcpy((char *)STR_DATA(r) + na * kr, STR_DATA(b), (size_t)(nb * kr));
    else for (Ssize i = 0; i < nb; i++) str_setchar(r, na + i, SCH(b, i));
    return r;
}

/* Copy n code points of src (from 0) into dst at position at; dst's kind is
 * at least src's. */
static void copy_chars(Obj *dst, Ssize at, Obj *src, Ssize n)
{
    int dk = SKIND(dst), sk = SKIND(src);
    if (dk == sk) {
        memcpy((char *)STR_DATA(dst) + (size_t)at * (size_t)dk, SDATA(src), (size_t)n * (size_t)sk);
        return;
    }
    for (Ssize i = 0; i < n; i++) str_setchar(dst, at + i, SCH(src, i));
}

Obj *str_append_inplace(Obj *a, Obj *b)
{
    StrObj *sa = (StrObj *)a;
    Ssize na = SLEN(a), nb = SLEN(b);
    int ka = SKIND(a);
    /* Only when a keeps its layout: same width, and ASCII stays ASCII (a
     * non-ASCII str has its UTF-8 slot before the code points). */
    if (a->refcnt != 1 || sa->interned || SKIND(b) > ka || (sa->ascii && !((StrObj *)b)->ascii) ||
        nb == 0 || na > STR_MAX_ALLOC / ka - 1 - nb) {
        Obj *r = str_concat(a, b);
        DECREF(a);
        return r;
    }
    Ssize extra = sa->ascii ? 0 : (Ssize)sizeof(char *);
    Obj *r = obj_resize_items(a, (Ssize)ka * (na + nb + 1) + extra);
    if (!r) {
        DECREF(a);
        return NULL;
    }
    StrObj *sr = (StrObj *)r;
    if (!sr->ascii && STR_UTF8(r)) {
        free(STR_UTF8(r) - sizeof(Ssize));
        STR_UTF8(r) = NULL;
    }
    copy_chars(r, na, b, nb);
    memset((char *)STR_DATA(r) + (size_t)(na + nb) * (size_t)ka, 0, (size_t)ka);
    VAR_SIZE(r) = na + nb;
    sr->hash = -1;
    return r;
}

static Obj *str_repeat(Obj *o, Ssize count)
{
    Ssize n = SLEN(o);
    if (count < 0) count = 0;
    if (count == 1 && ISEXACT(o)) return INCREF(o);
    if (n == 0 || count == 0) return str_empty();
    if (n > SSIZE_MAXV / count) {
        vm_err_set_str(&exc_OverflowError, "repeated string is too long");
        return NULL;
    }
    if (n == 1) {
        uint32_t c = SCH(o, 0);
        Obj *r = str_alloc(count, c);
        if (!r) return NULL;
        if (SKIND(r) == 1) memset(STR_DATA(r), (int)c, (size_t)count);
        else for (Ssize i = 0; i < count; i++) str_setchar(r, i, c);
        return r;
    }
    Obj *r = str_alloc(n * count, str_maxchar(o));
    if (!r) return NULL;
    size_t unit = (size_t)(n * SKIND(o));
    char *dst = STR_DATA(r);
    memcpy(dst, STR_DATA(o), unit);
    size_t done = unit, total = unit * (size_t)count;
    while (done < total) {   /* doubling copies */
        size_t m = done < total - done ? done : total - done;
        memcpy(dst + done, dst, m);
        done += m;
    }
    return r;
}

static Obj *str_item(Obj *o, Ssize i)
{
    if (i < 0 || i >= SLEN(o)) {
        vm_err_set_str(&exc_IndexError, "string index out of range");
        return NULL;
    }
    return str_from_char(SCH(o, i));
}

static bool has_index(Obj *o)
{
    return INT_CHECK(o) || (OBJ_TYPE(o)->as_number && OBJ_TYPE(o)->as_number->index);
}

static Obj *str_subscript(Obj *o, Obj *key)
{
    if (has_index(key)) {
        Ssize i = num_as_ssize(key, &exc_IndexError);
        if (i == -1 && vm_err_occurred()) return NULL;
        if (i < 0) i += SLEN(o);
        return str_item(o, i);
    }
    if (IS_TYPE(key, slice_type)) {
        Ssize start, stop, step, len;
        if (slice_indices(key, SLEN(o), &start, &stop, &step, &len) < 0) return NULL;
        if (step == 1) return str_substr(o, start, start + len);
        if (len <= 0) return str_empty();
        StrBuilder b = STRB_INIT;
        if (strb_reserve(&b, len) < 0) return NULL;
        for (Ssize i = 0, j = start; i < len; i++, j += step) strb_putc(&b, SCH(o, j));
        return strb_finish(&b);
    }
    vm_err_format(&exc_TypeError, "string indices must be integers, not '%s'", OBJ_TYPE(key)->name);
    return NULL;
}

/* ---- searching ---------------------------------------------------------------------- */

/* Index of the first (dir > 0) or last (dir < 0) occurrence of needle[0..m)
 * in hay[start..end), both of kind k, or -1.  m >= 1. */
static Ssize search(const void *hay, const void *needle, int k, Ssize start, Ssize end, Ssize m, int dir)
{
    if (end - start < m) return -1;
    uint32_t first = rd(needle, k, 0);
    size_t bytes = (size_t)(m * k);
    if (dir > 0) {
        if (k == 1) {
            const uint8_t *h = hay;
            const uint8_t *p = h + start, *last = h + end - m;
            while (p <= last) {
                p = memchr(p, (int)first, (size_t)(last - p + 1));
                if (!p) return -1;
                if (memcmp(p, needle, bytes) == 0) return p - h;
                p++;
            }
            return -1;
        }
        for (Ssize i = start; i <= end - m; i++)
            if (rd(hay, k, i) == first && memcmp((const char *)hay + i * k, needle, bytes) == 0) return i;
    } else {
        for (Ssize i = end - m; i >= start; i--)
            if (rd(hay, k, i) == first && memcmp((const char *)hay + i * k, needle, bytes) == 0) return i;
    }
    return -1;
}

/* A view of needle in the kind of hay: widened copy in *tmp (free it), or
 * NULL when needle holds a character hay's kind cannot have. */
static const void *needle_as(Obj *needle, int k, void **tmp)
{
    *tmp = NULL;
    int nk = SKIND(needle);
    if (nk == k) return STR_DATA(needle);
    if (nk > k) return NULL;
    Ssize m = SLEN(needle);
    void *buf = malloc((size_t)(m + 1) * (size_t)k);
    if (!buf) return NULL;
    for (Ssize i = 0; i < m; i++) {
        uint32_t c = SCH(needle, i);
        if (k == 2) ((uint16_t *)buf)[i] = (uint16_t)c;
        else ((uint32_t *)buf)[i] = c;
    }
    *tmp = buf;
    return buf;
}

/* find/rfind over [start, end) after clamping; -1 when absent. */
static Ssize find_sub(Obj *hay, Obj *needle, Ssize start, Ssize end, int dir)
{
    Ssize len = SLEN(hay), m = SLEN(needle);
    str_adjust_indices(&start, &end, len);
    if (end - start < m) return -1;
    if (m == 0) return dir > 0 ? start : end;
    void *tmp;
    const void *nd = needle_as(needle, SKIND(hay), &tmp);
    if (!nd) return -1;
    Ssize r = search(SDATA(hay), nd, SKIND(hay), start, end, m, dir);
    free(tmp);
    return r;
}

static Ssize count_sub(Obj *hay, Obj *needle, Ssize start, Ssize end, Ssize maxcount)
{
    Ssize len = SLEN(hay), m = SLEN(needle);
    str_adjust_indices(&start, &end, len);
    if (end - start < m) return 0;
    if (m == 0) {
        Ssize c = end - start + 1;
        return maxcount >= 0 && c > maxcount ? maxcount : c;
    }
    void *tmp;
    const void *nd = needle_as(needle, SKIND(hay), &tmp);
    if (!nd) return 0;
    Ssize c = 0, i = start;
    while (maxcount < 0 || c < maxcount) {
        Ssize j = search(SDATA(hay), nd, SKIND(hay), i, end, m, 1);
        if (j < 0) break;
        c++;
        i = j + m;
    }
    free(tmp);
    return c;
}

static int str_contains(Obj *o, Obj *item)
{
    if (!STR_CHECK(item)) {
        vm_err_format(&exc_TypeError, "'in <string>' requires string as left operand, not %s",
                      OBJ_TYPE(item)->name);
        return -1;
    }
    return find_sub(o, item, 0, SLEN(o), 1) >= 0;
}

static Obj *str_mod(Obj *a, Obj *b)
{
    if (!STR_CHECK(a)) return INCREF(NOTIMPL);
    return str_percent_format(a, b);
}

/* ---- iterators ---------------------------------------------------------------------- */

/* 3.12 has a separate iterator type for ASCII strings; only its name shows. */
typedef struct StrIterObj {
    Obj base;
    Obj *str;     /* NULL once exhausted */
    Ssize index;
} StrIterObj;

TypeObj str_iterator_type, str_ascii_iterator_type;

static Obj *str_iter(Obj *o)
{
    TypeObj *t = ((StrObj *)o)->ascii ? &str_ascii_iterator_type : &str_iterator_type;
    StrIterObj *it = (StrIterObj *)obj_alloc(t, 0);
    if (!it) return NULL;
    it->str = INCREF(o);
    it->index = 0;
    return (Obj *)it;
}

static void striter_dealloc(Obj *o)
{
    StrIterObj *it = (StrIterObj *)o;
    CLEAR(it->str);
    obj_free(o);
}

static int striter_traverse(Obj *o, VisitFn visit, void *arg)
{
    StrIterObj *it = (StrIterObj *)o;
    if (it->str) return visit(it->str, arg);
    return 0;
}

static Obj *striter_next(Obj *o)
{
    StrIterObj *it = (StrIterObj *)o;
    if (!it->str) return NULL;
    if (it->index < SLEN(it->str)) return str_from_char(SCH(it->str, it->index++));
    CLEAR(it->str);
    return NULL;
}

static Obj *striter_length_hint(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    StrIterObj *it = (StrIterObj *)self;
    return int_from_i64(it->str ? SLEN(it->str) - it->index : 0);
}

static MethodDef striter_methods[] = {
    {"__length_hint__", striter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *self_iter(Obj *o) { return INCREF(o); }

TypeObj str_iterator_type = {
    .base = TYPE_HEAD_INIT,
    .name = "str_iterator",
    .basicsize = sizeof(StrIterObj),
    .flags = TPF_GC | TPF_IMMUTABLE,
    .dealloc = striter_dealloc,
    .traverse = striter_traverse,
    .iter = self_iter,
    .iternext = striter_next,
    .methods = striter_methods,
};

TypeObj str_ascii_iterator_type = {
    .base = TYPE_HEAD_INIT,
    .name = "str_ascii_iterator",
    .basicsize = sizeof(StrIterObj),
    .flags = TPF_GC | TPF_IMMUTABLE,
    .dealloc = striter_dealloc,
    .traverse = striter_traverse,
    .iter = self_iter,
    .iternext = striter_next,
    .methods = striter_methods,
};

/* ---- argument helpers ------------------------------------------------------------------ */

int strarg_unpack(const char *name, Ssize nargs, Ssize min, Ssize max)
{
    if (nargs < min) {
        vm_err_format(&exc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                      min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        vm_err_format(&exc_TypeError, "%s expected %s%zd argument%s, got %zd", name,
                      min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

int strarg_parse(const char *name, Ssize nargs, Ssize min, Ssize max)
{
    if (nargs < min) {
        vm_err_format(&exc_TypeError, "%s() takes %s %zd argument%s (%zd given)", name,
                      min == max ? "exactly" : "at least", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        vm_err_format(&exc_TypeError, "%s() takes %s %zd argument%s (%zd given)", name,
                      min == max ? "exactly" : "at most", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

int strarg_slice_index(Obj *o, Ssize *out)
{
    if (o == NONE) return 0;
    if (!has_index(o)) {
        vm_err_set_str(&exc_TypeError,
                       "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    if (int_as_i64(i, &v) < 0) {
        vm_err_clear();
        v = int_sign(i) < 0 ? INT64_MIN : INT64_MAX;
    }
    DECREF(i);
    *out = v > SSIZE_MAXV ? SSIZE_MAXV : v < -SSIZE_MAXV - 1 ? -SSIZE_MAXV - 1 : (Ssize)v;
    return 0;
}

/* "must be str, not int" style checks. */
static int need_str(Obj *o, const char *prefix)
{
    if (STR_CHECK(o)) return 0;
    vm_err_format(&exc_TypeError, "%smust be str, not %s", prefix, OBJ_TYPE(o)->name);
    return -1;
}

/* An int argument (width, count …) as Argument Clinic's Py_ssize_t
 * converter takes it: __index__, then "Python int too large to convert to
 * C ssize_t" when it does not fit. */
int strarg_ssize(Obj *o, Ssize *out)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    int r = int_as_i64(i, &v);
    DECREF(i);
    if (r < 0 || v > SSIZE_MAXV || v < -SSIZE_MAXV - 1) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (Ssize)v;
    return 0;
}
#define arg_ssize strarg_ssize

/* Argument Clinic's int converter: "Python int too large to convert to C int". */
int strarg_int(Obj *o, int *out)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    int r = int_as_i64(i, &v);
    DECREF(i);
    if (r < 0 || v > INT_MAX || v < INT_MIN) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* Methods taking (sub[, start[, end]]) with PyArg_ParseTuple wording. */
static int parse_finds(const char *name, const char *qual, Obj *const *args, Ssize nargs, Obj *kwnames,
                       Obj **sub, Ssize *start, Ssize *end)
{
    if (args_no_kw(qual, kwnames) < 0) return -1;
    if (strarg_parse(name, nargs, 1, 3) < 0) return -1;
    *sub = args[0];
    *start = 0;
    *end = SSIZE_MAXV;
    if (nargs > 1 && strarg_slice_index(args[1], start) < 0) return -1;
    if (nargs > 2 && strarg_slice_index(args[2], end) < 0) return -1;
    return 0;
}

#define UNUSED_ARGS (void)args; (void)nargs; (void)kwnames

/* ---- case mapping ------------------------------------------------------------------------ */

/* Final-sigma rule of str.lower(): Σ at i lowers to ς when a cased letter
 * precedes it and none follows (case-ignorable characters skipped). */
static bool final_sigma(Obj *s, Ssize i)
{
    Ssize n = SLEN(s), j;
    uint32_t c = 0;
    for (j = i - 1; j >= 0; j--) {
        c = SCH(s, j);
        if (!(ucd_flags(c) & UCD_CASE_IGNORABLE)) break;
    }
    if (j < 0 || !(ucd_flags(c) & UCD_CASED)) return false;
    for (j = i + 1; j < n; j++) {
        c = SCH(s, j);
        if (!(ucd_flags(c) & UCD_CASE_IGNORABLE)) break;
    }
    return j == n || !(ucd_flags(c) & UCD_CASED);
}

static int lower_at(Obj *s, Ssize i, uint32_t c, uint32_t out[3])
{
    if (c == 0x3a3) {
        out[0] = final_sigma(s, i) ? 0x3c2 : 0x3c3;
        return 1;
    }
    return ucd_to_lower(c, out);
}

static int put_mapped(StrBuilder *b, const uint32_t *m, int n)
{
    for (int i = 0; i < n; i++)
        if (strb_putc(b, m[i]) < 0) return -1;
    return 0;
}

enum { CASE_LOWER, CASE_UPPER, CASE_CASEFOLD, CASE_SWAP, CASE_TITLE, CASE_CAPITALIZE };

static Obj *case_convert(Obj *s, int how)
{
    Ssize n = SLEN(s);
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, n) < 0) return NULL;
    bool prev_cased = false;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = SCH(s, i), m[3];
        int k;
        unsigned f = ucd_flags(c);
        switch (how) {
        case CASE_LOWER: k = lower_at(s, i, c, m); break;
        case CASE_UPPER: k = ucd_to_upper(c, m); break;
        case CASE_CASEFOLD: k = ucd_to_fold(c, m); break;
        case CASE_SWAP:
            if (f & UCD_UPPER) k = lower_at(s, i, c, m);
            else if (f & UCD_LOWER) k = ucd_to_upper(c, m);
            else { m[0] = c; k = 1; }
            break;
        case CASE_TITLE:
            k = prev_cased ? lower_at(s, i, c, m) : ucd_to_title(c, m);
            prev_cased = (f & UCD_CASED) != 0;
            break;
        default:   /* capitalize: 3.8+ titlecases the first character */
            k = i == 0 ? ucd_to_title(c, m) : lower_at(s, i, c, m);
            break;
        }
        if (put_mapped(&b, m, k) < 0) {
            strb_free(&b);
            return NULL;
        }
    }
    return strb_finish(&b);
}

static Obj *m_lower(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    if (((StrObj *)self)->ascii) {
        Ssize n = SLEN(self);
        Obj *r = str_alloc(n, 127);
        if (!r) return NULL;
        const uint8_t *s = STR_DATA(self);
        uint8_t *d = STR_DATA(r);
        for (Ssize i = 0; i < n; i++) d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
        if (n <= 1) { Obj *x = str_substr(r, 0, n); DECREF(r); return x; }
        return r;
    }
    return case_convert(self, CASE_LOWER);
}

static Obj *m_upper(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    if (((StrObj *)self)->ascii) {
        Ssize n = SLEN(self);
        Obj *r = str_alloc(n, 127);
        if (!r) return NULL;
        const uint8_t *s = STR_DATA(self);
        uint8_t *d = STR_DATA(r);
        for (Ssize i = 0; i < n; i++) d[i] = (s[i] >= 'a' && s[i] <= 'z') ? s[i] - 32 : s[i];
        if (n <= 1) { Obj *x = str_substr(r, 0, n); DECREF(r); return x; }
        return r;
    }
    return case_convert(self, CASE_UPPER);
}

static Obj *m_casefold(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return case_convert(self, CASE_CASEFOLD);
}

static Obj *m_swapcase(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return case_convert(self, CASE_SWAP);
}

static Obj *m_title(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return case_convert(self, CASE_TITLE);
}

static Obj *m_capitalize(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return case_convert(self, CASE_CAPITALIZE);
}

/* ---- predicates --------------------------------------------------------------------------- */

static Obj *all_flags(Obj *s, unsigned mask)
{
    Ssize n = SLEN(s);
    if (n == 0) return bool_from(false);
    for (Ssize i = 0; i < n; i++)
        if (!(ucd_flags(SCH(s, i)) & mask)) return bool_from(false);
    return bool_from(true);
}

static Obj *m_isalpha(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return all_flags(self, UCD_ALPHA); }
static Obj *m_isdecimal(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return all_flags(self, UCD_DECIMAL); }
static Obj *m_isdigit(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return all_flags(self, UCD_DIGIT); }
static Obj *m_isnumeric(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return all_flags(self, UCD_NUMERIC); }
static Obj *m_isspace(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return all_flags(self, UCD_SPACE); }
static Obj *m_isalnum(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return all_flags(self, UCD_ALPHA | UCD_DECIMAL | UCD_DIGIT | UCD_NUMERIC); }

static Obj *m_isascii(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return bool_from(((StrObj *)self)->ascii);
}

static Obj *m_isprintable(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    Ssize n = SLEN(self);
    for (Ssize i = 0; i < n; i++)
        if (!(ucd_flags(SCH(self, i)) & UCD_PRINTABLE)) return bool_from(false);
    return bool_from(true);
}

/* islower/isupper: no character of the other case (or titlecase), and at
 * least one cased character of this case. */
static Obj *case_pred(Obj *s, unsigned want, unsigned other)
{
    Ssize n = SLEN(s);
    if (n == 1) return bool_from((ucd_flags(SCH(s, 0)) & want) != 0);
    bool cased = false;
    for (Ssize i = 0; i < n; i++) {
        unsigned f = ucd_flags(SCH(s, i));
        if (f & (other | UCD_TITLE)) return bool_from(false);
        if (f & want) cased = true;
    }
    return bool_from(cased);
}

static Obj *m_islower(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return case_pred(self, UCD_LOWER, UCD_UPPER); }
static Obj *m_isupper(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ UNUSED_ARGS; return case_pred(self, UCD_UPPER, UCD_LOWER); }

static Obj *m_istitle(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    Ssize n = SLEN(self);
    if (n == 1) return bool_from((ucd_flags(SCH(self, 0)) & (UCD_UPPER | UCD_TITLE)) != 0);
    bool cased = false, prev = false;
    for (Ssize i = 0; i < n; i++) {
        unsigned f = ucd_flags(SCH(self, i));
        if (f & (UCD_UPPER | UCD_TITLE)) {
            if (prev) return bool_from(false);
            prev = cased = true;
        } else if (f & UCD_LOWER) {
            if (!prev) return bool_from(false);
            prev = cased = true;
        } else {
            prev = false;
        }
    }
    return bool_from(cased);
}

bool str_isidentifier(Obj *s)
{
    Ssize n = SLEN(s);
    if (n == 0) return false;
    uint32_t c = SCH(s, 0);
    if (c != '_' && !(ucd_flags(c) & UCD_XID_START)) return false;
    for (Ssize i = 1; i < n; i++)
        if (!(ucd_flags(SCH(s, i)) & UCD_XID_CONTINUE)) return false;
    return true;
}

static Obj *m_isidentifier(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    return bool_from(str_isidentifier(self));
}

/* ---- padding --------------------------------------------------------------------------------- */

static Obj *pad(Obj *self, Ssize left, Ssize right, uint32_t fill)
{
    if (left < 0) left = 0;
    if (right < 0) right = 0;
    if (left == 0 && right == 0) return exact_str(self);
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, SLEN(self) + left + right) < 0) return NULL;
    strb_pad(&b, fill, left);
    strb_put_obj(&b, self);
    strb_pad(&b, fill, right);
    return strb_finish(&b);
}

static int parse_fill(const char *name, Obj *const *args, Ssize nargs, Obj *kwnames, Ssize *width,
                      uint32_t *fill)
{
    char qual[32];
    snprintf(qual, sizeof qual, "str.%s", name);
    if (args_no_kw(qual, kwnames) < 0) return -1;
    if (strarg_unpack(name, nargs, 1, 2) < 0) return -1;
    if (arg_ssize(args[0], width) < 0) return -1;
    *fill = ' ';
    if (nargs > 1) {
        if (!STR_CHECK(args[1])) {
            vm_err_format(&exc_TypeError, "The fill character must be a unicode character, not %s",
                          OBJ_TYPE(args[1])->name);
            return -1;
        }
        if (SLEN(args[1]) != 1) {
            vm_err_set_str(&exc_TypeError, "The fill character must be exactly one character long");
            return -1;
        }
        *fill = SCH(args[1], 0);
    }
    return 0;
}

static Obj *m_center(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize width;
    uint32_t fill;
    if (parse_fill("center", args, nargs, kwnames, &width, &fill) < 0) return NULL;
    Ssize n = SLEN(self);
    if (n >= width) return exact_str(self);
    Ssize marg = width - n;
    Ssize left = marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}

static Obj *m_ljust(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize width;
    uint32_t fill;
    if (parse_fill("ljust", args, nargs, kwnames, &width, &fill) < 0) return NULL;
    return pad(self, 0, width - SLEN(self), fill);
}

static Obj *m_rjust(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize width;
    uint32_t fill;
    if (parse_fill("rjust", args, nargs, kwnames, &width, &fill) < 0) return NULL;
    return pad(self, width - SLEN(self), 0, fill);
}

static Obj *m_zfill(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Ssize width;
    if (arg_ssize(args[0], &width) < 0) return NULL;
    Ssize n = SLEN(self);
    if (n >= width) return exact_str(self);
    Ssize fill = width - n;
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, width) < 0) return NULL;
    Ssize from = 0;
    if (n > 0) {
        uint32_t c = SCH(self, 0);
        if (c == '+' || c == '-') {
            strb_putc(&b, c);
            from = 1;
        }
    }
    strb_pad(&b, '0', fill);
    strb_put_str(&b, self, from, n);
    return strb_finish(&b);
}

static Obj *m_expandtabs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"tabsize"};
    Obj *a[1] = {NULL};
    if (args_parse("expandtabs", args, nargs, kwnames, names, 1, 0, 0, a) < 0) return NULL;
    int tabsize = 8;
    if (a[0] && strarg_int(a[0], &tabsize) < 0) return NULL;
    Ssize n = SLEN(self), col = 0;
    bool tabs = false;
    StrBuilder b = STRB_INIT;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = SCH(self, i);
        if (c == '\t') {
            tabs = true;
            if (tabsize > 0) {
                Ssize incr = tabsize - col % tabsize;
                if (col > SSIZE_MAXV - incr) {
                    strb_free(&b);
                    vm_err_set_str(&exc_OverflowError, "result too long");
                    return NULL;
                }
                col += incr;
                if (strb_pad(&b, ' ', incr) < 0) return NULL;
            }
        } else {
            col++;
            if (c == '\n' || c == '\r') col = 0;
            if (strb_putc(&b, c) < 0) return NULL;
        }
    }
    if (!tabs && ISEXACT(self)) {
        strb_free(&b);
        return INCREF(self);
    }
    return strb_finish(&b);
}

/* ---- finding ------------------------------------------------------------------------------ */

static Obj *find_common(const char *name, const char *qual, Obj *self, Obj *const *args, Ssize nargs,
                        Obj *kwnames, int dir, bool raise)
{
    Obj *sub;
    Ssize start, end;
    if (parse_finds(name, qual, args, nargs, kwnames, &sub, &start, &end) < 0) return NULL;
    if (need_str(sub, "") < 0) return NULL;
    Ssize r = find_sub(self, sub, start, end, dir);
    if (r < 0 && raise) {
        vm_err_set_str(&exc_ValueError, "substring not found");
        return NULL;
    }
    return int_from_i64(r);
}

static Obj *m_find(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common("find", "str.find", self, args, nargs, kwnames, 1, false); }
static Obj *m_rfind(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common("rfind", "str.rfind", self, args, nargs, kwnames, -1, false); }
static Obj *m_index(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common("index", "str.index", self, args, nargs, kwnames, 1, true); }
static Obj *m_rindex(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return find_common("rindex", "str.rindex", self, args, nargs, kwnames, -1, true); }

static Obj *m_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *sub;
    Ssize start, end;
    if (parse_finds("count", "str.count", args, nargs, kwnames, &sub, &start, &end) < 0) return NULL;
    if (need_str(sub, "") < 0) return NULL;
    return int_from_i64(count_sub(self, sub, start, end, -1));
}

/* startswith / endswith: does s[start:end] begin/end with sub? */
static bool tailmatch(Obj *s, Obj *sub, Ssize start, Ssize end, int dir)
{
    Ssize len = SLEN(s), m = SLEN(sub);
    str_adjust_indices(&start, &end, len);
    end -= m;
    if (end < start) return false;
    if (m == 0) return true;
    Ssize at = dir < 0 ? start : end;
    if (SKIND(s) == SKIND(sub))
        return memcmp((const char *)SDATA(s) + at * SKIND(s), SDATA(sub), (size_t)(m * SKIND(s))) == 0;
    for (Ssize i = 0; i < m; i++)
        if (SCH(s, at + i) != SCH(sub, i)) return false;
    return true;
}

static Obj *starts_ends(const char *name, Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, int dir)
{
    char qual[32];
    snprintf(qual, sizeof qual, "str.%s", name);
    Obj *sub;
    Ssize start, end;
    if (parse_finds(name, qual, args, nargs, kwnames, &sub, &start, &end) < 0) return NULL;
    if (TUPLE_CHECK(sub)) {
        for (Ssize i = 0; i < TUPLE_LEN(sub); i++) {
            Obj *x = TUPLE_ITEMS(sub)[i];
            if (!STR_CHECK(x)) {
                vm_err_format(&exc_TypeError, "tuple for %s must only contain str, not %s", name,
                              OBJ_TYPE(x)->name);
                return NULL;
            }
            if (tailmatch(self, x, start, end, dir)) return bool_from(true);
        }
        return bool_from(false);
    }
    if (!STR_CHECK(sub)) {
        vm_err_format(&exc_TypeError, "%s first arg must be str or a tuple of str, not %s", name,
                      OBJ_TYPE(sub)->name);
        return NULL;
    }
    return bool_from(tailmatch(self, sub, start, end, dir));
}

static Obj *m_startswith(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return starts_ends("startswith", self, args, nargs, kwnames, -1); }
static Obj *m_endswith(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return starts_ends("endswith", self, args, nargs, kwnames, 1); }

static Obj *m_removeprefix(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    if (need_str(args[0], "removeprefix() argument ") < 0) return NULL;
    if (tailmatch(self, args[0], 0, SSIZE_MAXV, -1))
        return str_substr(self, SLEN(args[0]), SLEN(self));
    return exact_str(self);
}

static Obj *m_removesuffix(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    if (need_str(args[0], "removesuffix() argument ") < 0) return NULL;
    if (SLEN(args[0]) > 0 && tailmatch(self, args[0], 0, SSIZE_MAXV, 1))
        return str_substr(self, 0, SLEN(self) - SLEN(args[0]));
    return exact_str(self);
}

/* ---- replace, split, join, partition ------------------------------------------------------- */

static Obj *replace_impl(Obj *self, Obj *old, Obj *new_, Ssize maxcount)
{
    Ssize n = SLEN(self), m = SLEN(old);
    if (maxcount < 0) maxcount = SSIZE_MAXV;
    Ssize cnt = maxcount == 0 ? 0 : count_sub(self, old, 0, n, maxcount);
    if (cnt == 0) return exact_str(self);
    if (m == SLEN(new_) && m > 0 && str_eq(old, new_)) return exact_str(self);
    StrBuilder b = STRB_INIT;
    if (m == 0) {
        /* Insert new before every character (and at the end), cnt times. */
        Ssize i;
        for (i = 0; i < n && cnt > 0; i++, cnt--) {
            if (strb_put_obj(&b, new_) < 0 || strb_putc(&b, SCH(self, i)) < 0) goto fail;
        }
        if (cnt > 0 && strb_put_obj(&b, new_) < 0) goto fail;
        if (strb_put_str(&b, self, i, n) < 0) goto fail;
        return strb_finish(&b);
    }
    Ssize pos = 0;
    while (cnt-- > 0) {
        Ssize j = find_sub(self, old, pos, n, 1);
        if (j < 0) break;
        if (strb_put_str(&b, self, pos, j) < 0 || strb_put_obj(&b, new_) < 0) goto fail;
        pos = j + m;
    }
    if (strb_put_str(&b, self, pos, n) < 0) goto fail;
    return strb_finish(&b);
fail:
    strb_free(&b);
    return NULL;
}

static Obj *m_replace(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("str.replace", kwnames) < 0) return NULL;
    if (strarg_unpack("replace", nargs, 2, 3) < 0) return NULL;
    if (need_str(args[0], "replace() argument 1 ") < 0) return NULL;
    if (need_str(args[1], "replace() argument 2 ") < 0) return NULL;
    Ssize count = -1;
    if (nargs > 2 && arg_ssize(args[2], &count) < 0) return NULL;
    return replace_impl(self, args[0], args[1], count);
}

/* Append s[a:b] to list (whole exact self reused). */
static int list_add_sub(Obj *list, Obj *s, Ssize a, Ssize b)
{
    Obj *x = str_substr(s, a, b);
    if (!x) return -1;
    int r = list_append(list, x);
    DECREF(x);
    return r;
}

static Obj *split_ws(Obj *self, Ssize maxsplit, bool right)
{
    Ssize n = SLEN(self);
    Obj *list = list_new(0);
    if (!list) return NULL;
    if (!right) {
        Ssize i = 0;
        while (i < n) {
            while (i < n && is_space(SCH(self, i))) i++;
            if (i == n) break;
            if (maxsplit-- == 0) {
                Ssize e = n;
                if (list_add_sub(list, self, i, e) < 0) goto fail;
                break;
            }
            Ssize j = i;
            while (j < n && !is_space(SCH(self, j))) j++;
            if (list_add_sub(list, self, i, j) < 0) goto fail;
            i = j;
        }
    } else {
        Ssize i = n - 1;
        while (i >= 0) {
            while (i >= 0 && is_space(SCH(self, i))) i--;
            if (i < 0) break;
            if (maxsplit-- == 0) {
                if (list_add_sub(list, self, 0, i + 1) < 0) goto fail;
                break;
            }
            Ssize j = i;
            while (j >= 0 && !is_space(SCH(self, j))) j--;
            if (list_add_sub(list, self, j + 1, i + 1) < 0) goto fail;
            i = j;
        }
        /* reverse in place */
        Ssize len = LIST_LEN(list);
        for (Ssize a = 0, z = len - 1; a < z; a++, z--) {
            Obj *t = LIST_ITEMS(list)[a];
            LIST_ITEMS(list)[a] = LIST_ITEMS(list)[z];
            LIST_ITEMS(list)[z] = t;
        }
    }
    return list;
fail:
    DECREF(list);
    return NULL;
}

static Obj *split_sep(Obj *self, Obj *sep, Ssize maxsplit, bool right)
{
    Ssize n = SLEN(self), m = SLEN(sep);
    Obj *list = list_new(0);
    if (!list) return NULL;
    if (!right) {
        Ssize i = 0;
        while (maxsplit-- != 0) {
            Ssize j = find_sub(self, sep, i, n, 1);
            if (j < 0) break;
            if (list_add_sub(list, self, i, j) < 0) goto fail;
            i = j + m;
        }
        if (list_add_sub(list, self, i, n) < 0) goto fail;
    } else {
        Ssize e = n;
        while (maxsplit-- != 0) {
            Ssize j = find_sub(self, sep, 0, e, -1);
            if (j < 0) break;
            if (list_add_sub(list, self, j + m, e) < 0) goto fail;
            e = j;
        }
        if (list_add_sub(list, self, 0, e) < 0) goto fail;
        Ssize len = LIST_LEN(list);
        for (Ssize a = 0, z = len - 1; a < z; a++, z--) {
            Obj *t = LIST_ITEMS(list)[a];
            LIST_ITEMS(list)[a] = LIST_ITEMS(list)[z];
            LIST_ITEMS(list)[z] = t;
        }
    }
    return list;
fail:
    DECREF(list);
    return NULL;
}

static Obj *split_common(const char *name, Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, bool right)
{
    static const char *const names[] = {"sep", "maxsplit"};
    Obj *a[2] = {NULL, NULL};
    if (args_parse(name, args, nargs, kwnames, names, 2, 0, 0, a) < 0) return NULL;
    Ssize maxsplit = -1;
    Obj *sep = a[0];
    if (sep == NONE) sep = NULL;
    if (sep && !STR_CHECK(sep)) {
        vm_err_format(&exc_TypeError, "must be str or None, not %s", OBJ_TYPE(sep)->name);
        return NULL;
    }
    if (a[1] && arg_ssize(a[1], &maxsplit) < 0) return NULL;
    if (maxsplit < 0) maxsplit = SSIZE_MAXV;
    if (!sep) return split_ws(self, maxsplit, right);
    if (SLEN(sep) == 0) {
        vm_err_set_str(&exc_ValueError, "empty separator");
        return NULL;
    }
    return split_sep(self, sep, maxsplit, right);
}

static Obj *m_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return split_common("split", self, args, nargs, kwnames, false); }
static Obj *m_rsplit(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return split_common("rsplit", self, args, nargs, kwnames, true); }

static Obj *m_splitlines(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"keepends"};
    Obj *a[1] = {NULL};
    if (args_parse("splitlines", args, nargs, kwnames, names, 1, 0, 0, a) < 0) return NULL;
    int keep = 0;
    if (a[0] && (keep = obj_is_true(a[0])) < 0) return NULL;
    Ssize n = SLEN(self), i = 0;
    Obj *list = list_new(0);
    if (!list) return NULL;
    while (i < n) {
        Ssize j = i;
        while (j < n && !(ucd_flags(SCH(self, j)) & UCD_LINEBREAK)) j++;
        Ssize eol = j;
        if (j < n) {
            if (SCH(self, j) == '\r' && j + 1 < n && SCH(self, j + 1) == '\n') j += 2;
            else j++;
            if (keep) eol = j;
        }
        if (list_add_sub(list, self, i, eol) < 0) {
            DECREF(list);
            return NULL;
        }
        i = j;
    }
    return list;
}

Obj *str_join(Obj *sep, Obj *iterable)
{
    Obj *seq;
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
    Obj *const *items = LIST_CHECK(seq) ? LIST_ITEMS(seq) : TUPLE_ITEMS(seq);
    Ssize n = LIST_CHECK(seq) ? LIST_LEN(seq) : TUPLE_LEN(seq);
    if (n == 1 && IS_TYPE(items[0], str_type)) {
        Obj *r = INCREF(items[0]);
        DECREF(seq);
        return r;
    }
    /* Two passes, as the result's size and kind are known before copying:
     * the result is allocated once, at its final width (a code-point
     * buffer would need four bytes a character, more than the result). */
    Ssize seplen = SLEN(sep), total = 0;
    uint32_t maxchar = n > 1 ? str_maxchar(sep) : 0;
    for (Ssize i = 0; i < n; i++) {
        Obj *x = items[i];
        if (!STR_CHECK(x)) {
            vm_err_format(&exc_TypeError, "sequence item %zd: expected str instance, %s found", i,
                          OBJ_TYPE(x)->name);
            DECREF(seq);
            return NULL;
        }
        if (SLEN(x) > STR_MAX_ALLOC - total || (i > 0 && seplen > STR_MAX_ALLOC - total - SLEN(x))) {
            DECREF(seq);
            vm_err_no_memory();
            return NULL;
        }
        total += SLEN(x) + (i > 0 ? seplen : 0);
        uint32_t m = str_maxchar(x);
        if (m > maxchar) maxchar = m;
    }
    /* Nothing runs Python code between the passes, so items stays valid. */
    Obj *r = total ? str_alloc(total, maxchar) : str_empty();
    if (!r || !total) {
        DECREF(seq);
        return r;
    }
    Ssize at = 0;
    for (Ssize i = 0; i < n; i++) {
        if (i > 0) {
            copy_chars(r, at, sep, seplen);
            at += seplen;
        }
        copy_chars(r, at, items[i], SLEN(items[i]));
        at += SLEN(items[i]);
    }
    DECREF(seq);
    return r;
}

static Obj *m_join(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    return str_join(self, args[0]);
}

static Obj *partition_impl(Obj *self, Obj *sep, bool right)
{
    if (need_str(sep, "") < 0) return NULL;
    if (SLEN(sep) == 0) {
        vm_err_set_str(&exc_ValueError, "empty separator");
        return NULL;
    }
    Ssize n = SLEN(self);
    Ssize j = find_sub(self, sep, 0, n, right ? -1 : 1);
    Obj *a, *b, *c;
    if (j < 0) {
        Obj *whole = exact_str(self), *e = str_empty();
        if (!whole || !e) { XDECREF(whole); XDECREF(e); return NULL; }
        Obj *r = right ? tuple_pack(3, e, e, whole) : tuple_pack(3, whole, e, e);
        DECREF(whole);
        DECREF(e);
        return r;
    }
    a = str_substr(self, 0, j);
    b = exact_str(sep);
    c = str_substr(self, j + SLEN(sep), n);
    Obj *r = (a && b && c) ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return r;
}

static Obj *m_partition(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    return partition_impl(self, args[0], false);
}

static Obj *m_rpartition(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    return partition_impl(self, args[0], true);
}

/* ---- strip ------------------------------------------------------------------------------- */

static bool in_chars(Obj *chars, uint32_t c)
{
    Ssize n = SLEN(chars);
    for (Ssize i = 0; i < n; i++)
        if (SCH(chars, i) == c) return true;
    return false;
}

static Obj *strip_common(const char *name, Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, int where)
{
    char qual[32];
    snprintf(qual, sizeof qual, "str.%s", name);
    if (args_no_kw(qual, kwnames) < 0) return NULL;
    if (strarg_unpack(name, nargs, 0, 1) < 0) return NULL;
    Obj *chars = nargs > 0 ? args[0] : NONE;
    if (chars != NONE && !STR_CHECK(chars)) {
        vm_err_format(&exc_TypeError, "%s arg must be None or str", name);
        return NULL;
    }
    Ssize n = SLEN(self), i = 0, j = n;
    if (chars == NONE) {
        if (where & 1) while (i < j && is_space(SCH(self, i))) i++;
        if (where & 2) while (j > i && is_space(SCH(self, j - 1))) j--;
    } else {
        if (where & 1) while (i < j && in_chars(chars, SCH(self, i))) i++;
        if (where & 2) while (j > i && in_chars(chars, SCH(self, j - 1))) j--;
    }
    return str_substr(self, i, j);
}

static Obj *m_strip(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return strip_common("strip", self, args, nargs, kwnames, 3); }
static Obj *m_lstrip(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return strip_common("lstrip", self, args, nargs, kwnames, 1); }
static Obj *m_rstrip(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{ return strip_common("rstrip", self, args, nargs, kwnames, 2); }

/* ---- translate / maketrans ------------------------------------------------------------------ */

static Obj *m_translate(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    Obj *table = args[0];
    Ssize n = SLEN(self);
    StrBuilder b = STRB_INIT;
    if (strb_reserve(&b, n) < 0) return NULL;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = SCH(self, i);
        Obj *key = int_from_i64(c);
        if (!key) goto fail;
        Obj *v = obj_getitem(table, key);
        DECREF(key);
        if (!v) {
            if (!vm_err_matches(&exc_LookupError)) goto fail;
            vm_err_clear();
            if (strb_putc(&b, c) < 0) goto fail;
            continue;
        }
        int r = 0;
        if (v == NONE) {
            /* deleted */
        } else if (INT_CHECK(v)) {
            int64_t x;
            if (int_as_i64(v, &x) < 0 || x < 0 || x > (int64_t)MAX_UNICODE) {
                vm_err_clear();
                vm_err_set_str(&exc_ValueError, "character mapping must be in range(0x110000)");
                r = -1;
            } else {
                r = strb_putc(&b, (uint32_t)x);
            }
        } else if (STR_CHECK(v)) {
            r = strb_put_obj(&b, v);
        } else {
            vm_err_set_str(&exc_TypeError, "character mapping must return integer, None or str");
            r = -1;
        }
        DECREF(v);
        if (r < 0) goto fail;
    }
    return strb_finish(&b);
fail:
    strb_free(&b);
    return NULL;
}

static Obj *m_maketrans(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (args_no_kw("str.maketrans", kwnames) < 0) return NULL;
    if (strarg_unpack("maketrans", nargs, 1, 3) < 0) return NULL;
    if (nargs > 1 && need_str(args[1], "maketrans() argument 2 ") < 0) return NULL;
    if (nargs > 2 && need_str(args[2], "maketrans() argument 3 ") < 0) return NULL;
    Obj *d = dict_new();
    if (!d) return NULL;
    if (nargs == 1) {
        Obj *x = args[0];
        if (!DICT_CHECK(x)) {
            vm_err_set_str(&exc_TypeError, "if you give only one argument to maketrans it must be a dict");
            goto fail;
        }
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(x, &pos, &k, &v)) {
            int r;
            if (STR_CHECK(k)) {
                if (SLEN(k) != 1) {
                    vm_err_set_str(&exc_ValueError, "string keys in translate table must be of length 1");
                    goto fail;
                }
                Obj *ik = int_from_i64(SCH(k, 0));
                if (!ik) goto fail;
                r = dict_set(d, ik, v);
                DECREF(ik);
            } else if (INT_CHECK(k)) {
                r = dict_set(d, k, v);
            } else {
                vm_err_set_str(&exc_TypeError, "keys in translate table must be strings or integers");
                goto fail;
            }
            if (r < 0) goto fail;
        }
        return d;
    }
    Obj *x = args[0], *y = args[1];
    if (!STR_CHECK(x)) {
        vm_err_set_str(&exc_TypeError, "first maketrans argument must be a string if there is a second argument");
        goto fail;
    }
    if (SLEN(x) != SLEN(y)) {
        vm_err_set_str(&exc_ValueError, "the first two maketrans arguments must have equal length");
        goto fail;
    }
    for (Ssize i = 0; i < SLEN(x); i++) {
        Obj *k = int_from_i64(SCH(x, i)), *v = int_from_i64(SCH(y, i));
        int r = (k && v) ? dict_set(d, k, v) : -1;
        XDECREF(k);
        XDECREF(v);
        if (r < 0) goto fail;
    }
    if (nargs > 2) {
        Obj *z = args[2];
        for (Ssize i = 0; i < SLEN(z); i++) {
            Obj *k = int_from_i64(SCH(z, i));
            int r = k ? dict_set(d, k, NONE) : -1;
            XDECREF(k);
            if (r < 0) goto fail;
        }
    }
    return d;
fail:
    DECREF(d);
    return NULL;
}

/* ---- encode, format, dunders ---------------------------------------------------------------- */

static int str_arg_cstr(Obj *o, const char *fname, const char *argname, const char **out)
{
    if (!STR_CHECK(o)) {
        vm_err_format(&exc_TypeError, "%s() argument '%s' must be str, not %s", fname, argname,
                      OBJ_TYPE(o)->name);
        return -1;
    }
    Ssize len;
    const char *s = str_utf8(o, &len);
    if (!s) return -1;
    if ((size_t)len != strlen(s)) {
        vm_err_set_str(&exc_ValueError, "embedded null character");
        return -1;
    }
    *out = s;
    return 0;
}

static Obj *m_encode(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"encoding", "errors"};
    Obj *a[2] = {NULL, NULL};
    if (args_parse("encode", args, nargs, kwnames, names, 2, 0, 0, a) < 0) return NULL;
    const char *enc = NULL, *err = NULL;
    if (a[0] && str_arg_cstr(a[0], "encode", "encoding", &enc) < 0) return NULL;
    if (a[1] && str_arg_cstr(a[1], "encode", "errors", &err) < 0) return NULL;
    return str_encode(self, enc, err);
}

static Obj *m_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *kw = NULL;
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        kw = dict_new();
        if (!kw) return NULL;
        for (Ssize i = 0; i < TUPLE_LEN(kwnames); i++)
            if (dict_set(kw, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) {
                DECREF(kw);
                return NULL;
            }
    }
    Obj *r = str_format_method(self, args, nargs, kw);
    XDECREF(kw);
    return r;
}

static Obj *m_format_map(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    return str_format_map(self, args[0]);
}

static Obj *m___format__(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)nargs; (void)kwnames;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "__format__() argument must be str, not %s",
                      args[0] == NONE ? "None" : OBJ_TYPE(args[0])->name);
        return NULL;
    }
    return str_format_spec(self, args[0]);
}

static Obj *m___getnewargs__(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    Obj *s = exact_str(self);
    if (!s) return NULL;
    Obj *r = tuple_pack(1, s);
    DECREF(s);
    return r;
}

static Obj *m___sizeof__(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNUSED_ARGS;
    StrObj *s = (StrObj *)self;
    /* An instance of a subclass is CPython's non-compact PyUnicodeObject
     * (64 bytes) with its code points in a separate block. */
    if (!ISEXACT(self)) return int_from_i64(64 + (SLEN(self) + 1) * s->kind);
    /* CPython's compact layouts: PyASCIIObject is 40 bytes, a compact
     * non-ASCII str 56, then (len + 1) code points; plus the UTF-8 cache. */
    Ssize size = s->ascii ? 40 + SLEN(self) + 1 : 56 + (SLEN(self) + 1) * s->kind;
    if (!s->ascii && STR_UTF8(self)) size += STR_UTF8_LEN(self) + 1;
    /* chr(128)..chr(255) are CPython's static singletons, which carry
     * their two-byte UTF-8 form from the start */
    else if (!s->ascii && SLEN(self) == 1 && s->kind == 1) size += 3;
    return int_from_i64(size);
}

static MethodDef str_methods[] = {
    {"encode", m_encode, METH_FAST, NULL},
    {"replace", m_replace, METH_FAST, NULL},
    {"split", m_split, METH_FAST, NULL},
    {"rsplit", m_rsplit, METH_FAST, NULL},
    {"join", m_join, METH_O, NULL},
    {"capitalize", m_capitalize, METH_NOARGS, NULL},
    {"casefold", m_casefold, METH_NOARGS, NULL},
    {"title", m_title, METH_NOARGS, NULL},
    {"center", m_center, METH_FAST, NULL},
    {"count", m_count, METH_FAST, NULL},
    {"expandtabs", m_expandtabs, METH_FAST, NULL},
    {"find", m_find, METH_FAST, NULL},
    {"partition", m_partition, METH_O, NULL},
    {"index", m_index, METH_FAST, NULL},
    {"ljust", m_ljust, METH_FAST, NULL},
    {"lower", m_lower, METH_NOARGS, NULL},
    {"lstrip", m_lstrip, METH_FAST, NULL},
    {"rfind", m_rfind, METH_FAST, NULL},
    {"rindex", m_rindex, METH_FAST, NULL},
    {"rjust", m_rjust, METH_FAST, NULL},
    {"rstrip", m_rstrip, METH_FAST, NULL},
    {"rpartition", m_rpartition, METH_O, NULL},
    {"splitlines", m_splitlines, METH_FAST, NULL},
    {"strip", m_strip, METH_FAST, NULL},
    {"swapcase", m_swapcase, METH_NOARGS, NULL},
    {"translate", m_translate, METH_O, NULL},
    {"upper", m_upper, METH_NOARGS, NULL},
    {"startswith", m_startswith, METH_FAST, NULL},
    {"endswith", m_endswith, METH_FAST, NULL},
    {"removeprefix", m_removeprefix, METH_O, NULL},
    {"removesuffix", m_removesuffix, METH_O, NULL},
    {"isascii", m_isascii, METH_NOARGS, NULL},
    {"islower", m_islower, METH_NOARGS, NULL},
    {"isupper", m_isupper, METH_NOARGS, NULL},
    {"istitle", m_istitle, METH_NOARGS, NULL},
    {"isspace", m_isspace, METH_NOARGS, NULL},
    {"isdecimal", m_isdecimal, METH_NOARGS, NULL},
    {"isdigit", m_isdigit, METH_NOARGS, NULL},
    {"isnumeric", m_isnumeric, METH_NOARGS, NULL},
    {"isalpha", m_isalpha, METH_NOARGS, NULL},
    {"isalnum", m_isalnum, METH_NOARGS, NULL},
    {"isidentifier", m_isidentifier, METH_NOARGS, NULL},
    {"isprintable", m_isprintable, METH_NOARGS, NULL},
    {"zfill", m_zfill, METH_O, NULL},
    {"format", m_format, METH_FAST, NULL},
    {"format_map", m_format_map, METH_O, NULL},
    {"__format__", m___format__, METH_O, NULL},
    {"maketrans", m_maketrans, METH_FAST | METH_STATIC, NULL},
    {"__sizeof__", m___sizeof__, METH_NOARGS, NULL},
    {"__getnewargs__", m___getnewargs__, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- str() ------------------------------------------------------------------------------------ */

static Obj *str_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"object", "encoding", "errors"};
    Obj *a[3] = {NULL, NULL, NULL};
    if (args_parse("str", args, nargs, kwnames, names, 3, 0, 0, a) < 0) return NULL;
    Obj *r;
    if (!a[0]) {
        r = str_empty();
    } else if (!a[1] && !a[2]) {
        r = obj_str(a[0]);
    } else {
        const char *enc = NULL, *err = NULL;
        if (a[1] && str_arg_cstr(a[1], "str", "encoding", &enc) < 0) return NULL;
        if (a[2] && str_arg_cstr(a[2], "str", "errors", &err) < 0) return NULL;
        const unsigned char *p;
        Ssize n;
        if (STR_CHECK(a[0])) {
            vm_err_set_str(&exc_TypeError, "decoding str is not supported");
            return NULL;
        }
        if (!bytes_like_check(a[0])) {
            vm_err_format(&exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                          OBJ_TYPE(a[0])->name);
            return NULL;
        }
        if (bytes_view(a[0], &p, &n, NULL) < 0) return NULL;
        r = str_decode(p, n, enc, err);
    }
    if (!r || t == &str_type) return r;
    Obj *sub = str_subtype_copy(t, r);
    DECREF(r);
    return sub;
}

static NumberMethods str_as_number = {
    .remainder = str_mod,
};

static SequenceMethods str_as_sequence = {
    .length = str_length,
    .concat = str_concat,
    .repeat = str_repeat,
    .item = str_item,
    .contains = str_contains,
};

static MappingMethods str_as_mapping = {
    .length = str_length,
    .subscript = str_subscript,
};

TypeObj str_type = {
    .base = TYPE_HEAD_INIT,
    .name = "str",
    .basicsize = sizeof(StrObj),
    .itemsize = 1,    /* obj_alloc gets the byte count kind * (len + 1) */
    .flags = TPF_BASETYPE | TPF_IMMUTABLE | TPF_STR_SUBCLASS,
    .dealloc = str_dealloc,
    .repr = str_repr,
    .str = str_str_slot,
    .hash = str_hash,
    .richcompare = str_richcompare,
    .iter = str_iter,
    .new_ = str_new,
    .as_number = &str_as_number,
    .as_sequence = &str_as_sequence,
    .as_mapping = &str_as_mapping,
    .methods = str_methods,
    .tp_base = &object_type,
};

/* marshal.c — CPython's marshal format, read into an immutable PycObj tree.
 *
 * One reader for every version: what changes between versions is which type
 * codes exist (2.x: `t`/`R` string table, no FLAG_REF; 3.4+: refs and the
 * short ASCII/small tuple codes; 3.14: slices), what `s`/`t`/`u` mean, and
 * the field list of a code object.  Facts: spec marshal.md.
 *
 * Invariants that keep hostile input bounded:
 *  - every length is checked against the bytes that remain *before*
 *    anything is allocated (each item of a container takes at least one
 *    byte, so a count can never exceed what is left);
 *  - nesting is limited to MARSHAL_MAX_DEPTH;
 *  - a back-reference may only name a finished object, so the tree is
 *    acyclic; it may still share subtrees, so the reader also tracks how
 *    many nodes the tree has once shared references are expanded and stops
 *    when that exceeds a limit proportional to the input size (otherwise
 *    20 nested refs could make any later walk visit a million nodes);
 *  - the first error wins (Diag) and carries the offset of the bad byte,
 *    relative to the start of the marshalled data.
 */
#include "config.h"
#include "pydbg/pyc.h"

#include <stdlib.h>
#include <string.h>

#define FLAG_REF 0x80

/* Expanded-size budget: generous for real files (sharing in compiler
 * output is mostly strings, whose expansion is 1 node per reference). */
#define EXPAND_PER_BYTE 16
#define EXPAND_BASE ((uint64_t)1 << 20)

typedef struct RefSlot {
    PycObj *obj;        /* NULL while the object is still being read */
    uint64_t weight;    /* expanded node count */
} RefSlot;

typedef struct Reader {
    const unsigned char *p;
    size_t n, pos;
    PyVer ver;
    int py2;            /* 2.x: s/t/R are str (bytes), string table */
    int refs;           /* 3.4+ (marshal v3+): FLAG_REF and 'r' */
    int v4;             /* 3.4+: a A z Z ) */
    int v5;             /* 3.14+: ':' */
    Arena *a;
    Diag *d;
    RefSlot *ref;       /* the reference table (3.4+) */
    size_t nref, capref;
    PycObj **str;       /* the 2.x interned-string table */
    size_t nstr, capstr;
    int depth;
    uint64_t limit;     /* expanded-size budget */
} Reader;

static PycObj null_obj = {.kind = PYC_NULL, .type_code = '0'};

PycObj pyc_none = {.kind = PYC_NONE, .type_code = 'N'};
PycObj pyc_true = {.kind = PYC_TRUE, .type_code = 'T'};
PycObj pyc_false = {.kind = PYC_FALSE, .type_code = 'F'};
PycObj pyc_ellipsis = {.kind = PYC_ELLIPSIS, .type_code = '.'};
PycObj pyc_stopiter = {.kind = PYC_STOPITER, .type_code = 'S'};

/* ---- errors and primitive reads ------------------------------------------ */

static PycObj *fail(Reader *R, size_t off, const char *fmt, ...) PYDBG_PRINTF(3, 4);
static PycObj *fail(Reader *R, size_t off, const char *fmt, ...)
{
    if (!R->d->set) {
        char msg[sizeof R->d->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        diag_set(R->d, (long)off, "%s", msg);
    }
    return NULL;
}

static size_t left(const Reader *R)
{
    return R->n - R->pos;
}

/* 1 when k more bytes are available; else an error naming `what`. */
static int need(Reader *R, size_t k, const char *what)
{
    if (left(R) >= k)
        return 1;
    fail(R, R->pos, "truncated marshal data: %s needs %zu, %zu left", what, k, left(R));
    return 0;
}

static uint32_t get_u32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int read_i32(Reader *R, const char *what, int32_t *out)
{
    if (!need(R, 4, what))
        return 0;
    uint32_t u = get_u32(R->p + R->pos);
    R->pos += 4;
    *out = u <= INT32_MAX ? (int32_t)u : (int32_t)(u - 0x80000000u) - INT32_MAX - 1;
    return 1;
}

static uint64_t get_u64(const unsigned char *b)
{
    return (uint64_t)get_u32(b) | (uint64_t)get_u32(b + 4) << 32;
}

static double get_double(const unsigned char *b)
{
    /* IEEE-754 binary64, little-endian in the file; the host stores doubles
     * with the same byte order as its 64-bit integers. */
    uint64_t u = get_u64(b);
    double f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* A marshal size: int32, 0 .. 2**31-1. */
static int read_size(Reader *R, const char *what, size_t *out)
{
    size_t at = R->pos;
    int32_t v;
    if (left(R) < 4) {
        fail(R, at, "truncated marshal data: size of %s needs 4, %zu left", what, left(R));
        return 0;
    }
    read_i32(R, what, &v);
    if (v < 0) {
        fail(R, at, "negative size %ld for %s", (long)v, what);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

static PycObj *new_obj(Reader *R, PycKind kind, int tc)
{
    PycObj *o = arena_alloc(R->a, sizeof *o);
    o->kind = (uint8_t)kind;
    o->type_code = (uint8_t)tc;
    return o;
}

/* "an int", "a tuple", "None" … in the vocabulary of the file's version. */
static const char *describe(const Reader *R, const PycObj *o)
{
    switch ((PycKind)o->kind) {
    case PYC_NULL: return "NULL";
    case PYC_NONE: return "None";
    case PYC_TRUE: case PYC_FALSE: return "a bool";
    case PYC_ELLIPSIS: return "Ellipsis";
    case PYC_STOPITER: return "StopIteration";
    case PYC_INT: return (o->flags & PYCF_PY2LONG) ? "a long" : "an int";
    case PYC_FLOAT: return "a float";
    case PYC_COMPLEX: return "a complex";
    case PYC_BYTES: return R->py2 ? "a str" : "bytes";
    case PYC_STR: return R->py2 ? "a unicode" : "a str";
    case PYC_TUPLE: return "a tuple";
    case PYC_LIST: return "a list";
    case PYC_DICT: return "a dict";
    case PYC_SET: return "a set";
    case PYC_FROZENSET: return "a frozenset";
    case PYC_SLICE: return "a slice";
    case PYC_CODE: return "a code object";
    }
    return "an object";
}

/* Expanded-size accounting: add w to *acc, failing over budget (no
 * overflow: both terms are at most the limit). */
static int add_weight(Reader *R, uint64_t *acc, uint64_t w, size_t at)
{
    *acc += w;
    if (*acc > R->limit) {
        fail(R, at, "shared references expand to more than %llu objects "
             "(limit for a %zu-byte input)", (unsigned long long)R->limit, R->n);
        return 0;
    }
    return 1;
}

static PycObj *read_object(Reader *R, uint64_t *w);

/* An object that must not be NULL (everything but a dict key). */
static PycObj *read_item(Reader *R, const char *where, uint64_t *w)
{
    size_t at = R->pos;
    PycObj *o = read_object(R, w);
    if (o && o->kind == PYC_NULL)
        return fail(R, at, "unexpected NULL object in %s (NULL only ends a dict)", where);
    return o;
}

/* ---- scalars ------------------------------------------------------------- */

static PycObj *make_int(Reader *R, int tc, int64_t v)
{
    PycObj *o = new_obj(R, PYC_INT, tc);
    o->v.i = v;
    return o;
}

/* 'l': int32 n (sign = sign of the number), |n| base-2**15 digits. */
static PycObj *read_long(Reader *R, int tc)
{
    int32_t n;
    if (!read_i32(R, "long size", &n))
        return NULL;
    size_t nd = n < 0 ? (size_t)(-(int64_t)n) : (size_t)n;
    if (nd > left(R) / 2)
        return fail(R, R->pos, "truncated marshal data: long of %zu digits needs %zu, %zu left",
                    nd, nd * 2, left(R));
    const unsigned char *b = R->p + R->pos;
    uint16_t *dig = nd ? arena_alloc(R->a, nd * sizeof *dig) : NULL;
    for (size_t i = 0; i < nd; i++) {
        dig[i] = (uint16_t)(b[2 * i] | b[2 * i + 1] << 8);
        if (dig[i] > 0x7FFF)
            return fail(R, R->pos + 2 * i, "bad long digit %u (digits are 0..32767)", dig[i]);
    }
    if (nd && dig[nd - 1] == 0)
        return fail(R, R->pos + 2 * (nd - 1),
                    "unnormalized long data (most significant digit is 0)");
    R->pos += 2 * nd;

    PycObj *o = new_obj(R, PYC_INT, tc);
    if (R->py2)
        o->flags |= PYCF_PY2LONG;
    /* Magnitude in 64 bits when it fits; int64 range is asymmetric. */
    uint64_t mag = 0;
    int fits = 1;
    for (size_t i = nd; i-- > 0;) {
        if (mag > (UINT64_MAX >> 15)) {
            fits = 0;
            break;
        }
        mag = mag << 15 | dig[i];
    }
    if (fits && n >= 0 && mag <= (uint64_t)INT64_MAX) {
        o->v.i = (int64_t)mag;
    } else if (fits && n < 0 && mag <= (uint64_t)INT64_MAX + 1) {
        o->v.i = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    } else {
        o->v.big.digits = dig;
        o->v.big.neg = n < 0;
        o->len = (uint32_t)nd;
    }
    return o;
}

/* Text floats ('f', 'x'; marshal versions 0-1): what Python's float()
 * accepts from repr(): decimal notation, inf, infinity, nan. */
static int parse_text_float(const char *s, double *out)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    int word = 0;
    static const char *const words[] = {"inf", "infinity", "nan"};
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(words[i]), j;
        for (j = 0; j < k && p[j] && (p[j] | 0x20) == words[i][j]; j++)
            ;
        if (j == k && p[k] == '\0')
            word = 1;
    }
    if (!word) {
        if (!*p)
            return 0;
        for (const char *q = p; *q; q++)
            if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' ||
                  *q == '+' || *q == '-'))
                return 0;
    }
    char *end;
    *out = strtod(s, &end);
    return *end == '\0' && end != s;
}

static int read_text_float(Reader *R, double *out)
{
    if (!need(R, 1, "text float length"))
        return 0;
    size_t k = R->p[R->pos++];
    if (!need(R, k, "text float"))
        return 0;
    char buf[257];
    memcpy(buf, R->p + R->pos, k);
    buf[k] = '\0';
    if (strlen(buf) != k || !parse_text_float(buf, out)) {
        char shown[4 * 24 + 1];   /* the first 24 bytes, escaped: one line */
        size_t m = 0;
        for (size_t i = 0; i < k && i < 24; i++) {
            unsigned char ch = (unsigned char)R->p[R->pos + i];
            if (ch >= 0x20 && ch < 0x7F && ch != '\\' && ch != '\'')
                shown[m++] = (char)ch;
            else
                m += (size_t)snprintf(shown + m, sizeof shown - m, "\\x%02x", ch);
        }
        shown[m] = '\0';
        fail(R, R->pos, "invalid text float '%s%s'", shown, k > 24 ? "..." : "");
        return 0;
    }
    R->pos += k;
    return 1;
}

/* ---- strings ------------------------------------------------------------- */

/* Offset of the first byte that is not valid UTF-8 with lone surrogates
 * allowed (CPython's "surrogatepass"), or -1. */
static long utf8_bad(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return (long)i;
        }
        if (n - i < len)
            return (long)i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return (long)i;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF)
            return (long)i;
        i += len;
    }
    return -1;
}

static int all_ascii(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] & 0x80)
            return 0;
    return 1;
}

typedef enum { ENC_RAW, ENC_UTF8, ENC_LATIN1 } Enc;

/* n bytes of payload at the current position → a BYTES or STR object. */
static PycObj *read_string(Reader *R, int tc, size_t n, PycKind kind, Enc enc, int flags)
{
    if (left(R) < n)
        return fail(R, R->pos, "truncated marshal data: string of %zu bytes needs %zu, %zu left",
                    n, n, left(R));
    const unsigned char *s = R->p + R->pos;
    int ascii = all_ascii(s, n);
    PycObj *o = new_obj(R, kind, tc);
    o->flags = (uint8_t)(flags | (ascii ? PYCF_ASCII : 0));
    if (enc == ENC_UTF8 && !ascii) {
        long bad = utf8_bad(s, n);
        if (bad >= 0)
            return fail(R, R->pos + (size_t)bad, "invalid UTF-8 in a string (byte 0x%02x)",
                        s[bad]);
    }
    if (enc == ENC_LATIN1 && !ascii) {
        /* 3.4+ a/A/z/Z are decoded as Latin-1 (one byte per code point):
         * transcode to UTF-8, at most doubling the length. */
        char *t = arena_alloc(R->a, 2 * n + 1);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] < 0x80) {
                t[k++] = (char)s[i];
            } else {
                t[k++] = (char)(0xC0 | s[i] >> 6);
                t[k++] = (char)(0x80 | (s[i] & 0x3F));
            }
        }
        t[k] = '\0';
        o->v.s = t;
        o->len = (uint32_t)k;
    } else {
        o->v.s = arena_strndup(R->a, (const char *)s, n);
        o->len = (uint32_t)n;
    }
    R->pos += n;
    return o;
}

/* ---- containers ---------------------------------------------------------- */

/* "a tuple" …; the name alone is the text after the article. */
static const char *container_name(int tc)
{
    switch (tc) {
    case '(': case ')': return "a tuple";
    case '[': return "a list";
    case '<': return "a set";
    case '>': return "a frozenset";
    default: return "a container";
    }
}

static PycObj *read_seq(Reader *R, int tc, PycKind kind, size_t count, uint64_t *w)
{
    const char *where = container_name(tc);
    if (count > left(R))   /* every item takes at least one byte */
        return fail(R, R->pos, "truncated marshal data: %s of %zu items needs at least "
                    "%zu bytes, %zu left", where + 2, count, count, left(R));
    PycObj *o = new_obj(R, kind, tc);
    o->len = (uint32_t)count;
    o->v.items = count ? arena_alloc(R->a, count * sizeof *o->v.items) : NULL;
    for (size_t i = 0; i < count; i++) {
        size_t at = R->pos;
        uint64_t iw;
        if (!(o->v.items[i] = read_item(R, where, &iw)) || !add_weight(R, w, iw, at))
            return NULL;
    }
    return o;
}

static PycObj *read_dict(Reader *R, int tc, uint64_t *w)
{
    PycObj *o = new_obj(R, PYC_DICT, tc);
    size_t cap = 0, n = 0;   /* n = number of items (keys + values) */
    PycObj **items = NULL;
    for (;;) {
        size_t at = R->pos;
        uint64_t kw, vw;
        PycObj *k = read_object(R, &kw);
        if (!k)
            return NULL;
        if (k->kind == PYC_NULL)
            break;
        PycObj *v = read_item(R, "a dict value", &vw);
        if (!v || !add_weight(R, w, kw, at) || !add_weight(R, w, vw, at))
            return NULL;
        if (n + 2 > cap) {
            /* Arena growth by doubling: total waste at most the final size,
             * and the pair count is bounded by the input size. */
            size_t ncap = cap ? 2 * cap : 8;
            PycObj **ni = arena_alloc(R->a, ncap * sizeof *ni);
            if (n)
                memcpy(ni, items, n * sizeof *ni);
            items = ni;
            cap = ncap;
        }
        items[n++] = k;
        items[n++] = v;
    }
    o->v.items = items;
    o->len = (uint32_t)(n / 2);
    return o;
}

/* ---- code objects -------------------------------------------------------- */

enum { WANT_ANY, WANT_BYTES, WANT_STR, WANT_TUPLE, WANT_NAMES };

static int code_int(Reader *R, const char *field, int32_t *out, int nonneg)
{
    size_t at = R->pos;
    if (!read_i32(R, field, out))
        return 0;
    if (nonneg && *out < 0) {
        fail(R, at, "%s is %ld, expected a number >= 0", field, (long)*out);
        return 0;
    }
    return 1;
}

static PycObj *code_field(Reader *R, const char *field, int want, uint64_t *w)
{
    size_t at = R->pos;
    uint64_t fw;
    PycObj *o = read_item(R, field, &fw);
    if (!o || !add_weight(R, w, fw, at))
        return NULL;
    PycKind str = R->py2 ? PYC_BYTES : PYC_STR;   /* 2.x names are str = bytes */
    switch (want) {
    case WANT_BYTES:
        if (o->kind != PYC_BYTES)
            return fail(R, at, "%s is %s, expected %s", field, describe(R, o),
                        R->py2 ? "a str" : "bytes");
        break;
    case WANT_STR:
        if (o->kind != str)
            return fail(R, at, "%s is %s, expected a str", field, describe(R, o));
        break;
    case WANT_TUPLE:
    case WANT_NAMES:
        if (o->kind != PYC_TUPLE)
            return fail(R, at, "%s is %s, expected a tuple", field, describe(R, o));
        if (want == WANT_NAMES)
            for (uint32_t i = 0; i < o->len; i++)
                if (o->v.items[i]->kind != str)
                    return fail(R, at, "%s item %u is %s, expected a str", field, i,
                                describe(R, o->v.items[i]));
        break;
    }
    return o;
}

/* 3.11+: varnames/cellvars/freevars are the localsplus names whose kind has
 * LOCAL / CELL / FREE (an argument that is also a cell is in both). */
static PycObj *names_of_kind(Reader *R, const CodeObj *c, uint8_t bit)
{
    PycObj *t = new_obj(R, PYC_TUPLE, ')');
    uint32_t n = c->localsplusnames->len, k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += (c->localspluskinds[i] & bit) != 0;
    t->len = k;
    t->v.items = k ? arena_alloc(R->a, k * sizeof *t->v.items) : NULL;
    k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (c->localspluskinds[i] & bit)
            t->v.items[k++] = c->localsplusnames->v.items[i];
    return t;
}

static PycObj *read_code(Reader *R, int tc, size_t start, uint64_t *w)
{
    CodeObj *c = arena_alloc(R->a, sizeof *c);
    c->ver = R->ver;
    c->file_offset = (long)start;
    c->index = UINT32_MAX;     /* numbered by pyc_load_bytes */
    int v = R->ver;
    int new311 = v >= PYV(3, 11);
    PycObj *code, *lnotab;

    /* The int32 header fields: spec marshal.md §5, one column per family. */
    if (!code_int(R, "co_argcount", &c->argcount, 1))
        return NULL;
    if (v >= PYV(3, 8) && !code_int(R, "co_posonlyargcount", &c->posonlyargcount, 1))
        return NULL;
    if (v >= PYV(3, 0) && !code_int(R, "co_kwonlyargcount", &c->kwonlyargcount, 1))
        return NULL;
    if (!new311 && !code_int(R, "co_nlocals", &c->nlocals, 1))
        return NULL;
    if (!code_int(R, "co_stacksize", &c->stacksize, 1) || !code_int(R, "co_flags", &c->flags, 0))
        return NULL;
    if (c->posonlyargcount > c->argcount)
        return fail(R, start, "co_posonlyargcount %ld is larger than co_argcount %ld",
                    (long)c->posonlyargcount, (long)c->argcount);

    size_t code_at = R->pos;
    if (!(code = code_field(R, "co_code", WANT_BYTES, w)))
        return NULL;
    /* 3.6+: wordcode, every instruction is 2 bytes. */
    if (v >= PYV(3, 6) && (code->len & 1))
        return fail(R, code_at, "co_code has an odd length, %u; Python %d.%d "
                    "instructions are 2 bytes", code->len, PYV_MAJOR(v), PYV_MINOR(v));
    c->code = (const uint8_t *)code->v.s;
    c->codelen = code->len;
    if (!(c->consts = code_field(R, "co_consts", WANT_TUPLE, w)) ||
        !(c->names = code_field(R, "co_names", WANT_NAMES, w)))
        return NULL;
    if (new311) {
        size_t kinds_at;
        PycObj *kinds;
        if (!(c->localsplusnames = code_field(R, "co_localsplusnames", WANT_NAMES, w)))
            return NULL;
        kinds_at = R->pos;
        if (!(kinds = code_field(R, "co_localspluskinds", WANT_BYTES, w)))
            return NULL;
        if (kinds->len != c->localsplusnames->len)
            return fail(R, kinds_at, "len(co_localspluskinds) is %u but "
                        "len(co_localsplusnames) is %u", kinds->len,
                        c->localsplusnames->len);
        c->localspluskinds = (const uint8_t *)kinds->v.s;
        c->varnames = names_of_kind(R, c, CO_FAST_LOCAL);
        c->cellvars = names_of_kind(R, c, CO_FAST_CELL);
        c->freevars = names_of_kind(R, c, CO_FAST_FREE);
        c->nlocals = (int32_t)c->varnames->len;
    } else {
        if (!(c->varnames = code_field(R, "co_varnames", WANT_NAMES, w)) ||
            !(c->freevars = code_field(R, "co_freevars", WANT_NAMES, w)) ||
            !(c->cellvars = code_field(R, "co_cellvars", WANT_NAMES, w)))
            return NULL;
    }
    if (!(c->filename = code_field(R, "co_filename", WANT_STR, w)) ||
        !(c->name = code_field(R, "co_name", WANT_STR, w)))
        return NULL;
    if (new311 && !(c->qualname = code_field(R, "co_qualname", WANT_STR, w)))
        return NULL;
    if (!code_int(R, "co_firstlineno", &c->firstlineno, 0))
        return NULL;
    if (!(lnotab = code_field(R, v >= PYV(3, 10) ? "co_linetable" : "co_lnotab", WANT_BYTES, w)))
        return NULL;
    c->linetable = (const uint8_t *)lnotab->v.s;
    c->linetablelen = lnotab->len;
    if (new311) {
        PycObj *exc = code_field(R, "co_exceptiontable", WANT_BYTES, w);
        if (!exc)
            return NULL;
        c->exctable = (const uint8_t *)exc->v.s;
        c->exctablelen = exc->len;
    }
    PycObj *o = new_obj(R, PYC_CODE, tc);
    o->v.code = c;
    return o;
}

/* ---- the dispatcher ------------------------------------------------------ */

static int is_printable(int c)
{
    return c >= 0x20 && c < 0x7F;
}

static PycObj *bad_code(Reader *R, size_t at, int byte, const char *why)
{
    int tc = byte & 0x7F;
    if (why && is_printable(tc))
        return fail(R, at, "marshal type code 0x%02x ('%c') %s in Python %d.%d files",
                    byte, tc, why, PYV_MAJOR(R->ver), PYV_MINOR(R->ver));
    if (is_printable(byte))
        return fail(R, at, "invalid marshal type code 0x%02x ('%c')", byte, byte);
    if (byte & FLAG_REF && is_printable(tc))
        return fail(R, at, "invalid marshal type code 0x%02x ('%c' with the reference flag)",
                    byte, tc);
    return fail(R, at, "invalid marshal type code 0x%02x", byte);
}

/* Reserve the next reference slot (marshal.md §3: taken at the type byte). */
static size_t ref_reserve(Reader *R)
{
    if (R->nref == R->capref) {
        R->capref = R->capref ? 2 * R->capref : 64;
        R->ref = xrealloc(R->ref, R->capref * sizeof *R->ref);
    }
    R->ref[R->nref].obj = NULL;
    R->ref[R->nref].weight = 0;
    return R->nref++;
}

static PycObj *read_body(Reader *R, int byte, size_t at, uint64_t *w)
{
    int tc = byte & 0x7F;
    int32_t i32;
    size_t n;
    PycObj *o;
    *w = 1;
    switch (tc) {
    case '0': return &null_obj;
    case 'N': return &pyc_none;
    case 'F': return &pyc_false;
    case 'T': return &pyc_true;
    case '.': return &pyc_ellipsis;
    case 'S': return &pyc_stopiter;
    case 'i':
        return read_i32(R, "int", &i32) ? make_int(R, tc, i32) : NULL;
    case 'I': {
        if (!need(R, 8, "int64"))
            return NULL;
        uint64_t u = get_u64(R->p + R->pos);   /* two's complement, portably */
        o = make_int(R, tc, u <= INT64_MAX ? (int64_t)u : -(int64_t)~u - 1);
        R->pos += 8;
        return o;
    }
    case 'l':
        return read_long(R, tc);
    case 'f': {
        double f;
        if (!read_text_float(R, &f))
            return NULL;
        o = new_obj(R, PYC_FLOAT, tc);
        o->v.f = f;
        return o;
    }
    case 'x': {
        double re, im;
        if (!read_text_float(R, &re) || !read_text_float(R, &im))
            return NULL;
        o = new_obj(R, PYC_COMPLEX, tc);
        o->v.c.re = re;
        o->v.c.im = im;
        return o;
    }
    case 'g':
        if (!need(R, 8, "binary float"))
            return NULL;
        o = new_obj(R, PYC_FLOAT, tc);
        o->v.f = get_double(R->p + R->pos);
        R->pos += 8;
        return o;
    case 'y':
        if (!need(R, 16, "binary complex"))
            return NULL;
        o = new_obj(R, PYC_COMPLEX, tc);
        o->v.c.re = get_double(R->p + R->pos);
        o->v.c.im = get_double(R->p + R->pos + 8);
        R->pos += 16;
        return o;
    case 's':
        if (!read_size(R, "a string", &n))
            return NULL;
        return read_string(R, tc, n, PYC_BYTES, ENC_RAW, 0);
    case 't':
        if (!read_size(R, "a string", &n))
            return NULL;
        if (!R->py2)
            return read_string(R, tc, n, PYC_STR, ENC_UTF8, PYCF_INTERNED);
        /* 2.x: an interned str, appended to the string table for 'R'. */
        if (!(o = read_string(R, tc, n, PYC_BYTES, ENC_RAW, PYCF_INTERNED)))
            return NULL;
        if (R->nstr == R->capstr) {
            R->capstr = R->capstr ? 2 * R->capstr : 64;
            R->str = xrealloc(R->str, R->capstr * sizeof *R->str);
        }
        R->str[R->nstr++] = o;
        return o;
    case 'R':
        if (!R->py2)
            return bad_code(R, at, byte, "(2.x string reference) does not exist");
        if (!read_i32(R, "string reference", &i32))
            return NULL;
        if (i32 < 0 || (size_t)i32 >= R->nstr)
            return fail(R, at, "undefined string reference %ld (%zu interned strings so far)",
                        (long)i32, R->nstr);
        return R->str[i32];
    case 'u':
        if (!read_size(R, "a string", &n))
            return NULL;
        return read_string(R, tc, n, PYC_STR, ENC_UTF8, 0);
    case 'a': case 'A': case 'z': case 'Z':
        if (!R->v4)
            return bad_code(R, at, byte, "(short ASCII string) does not exist");
        if (tc == 'z' || tc == 'Z') {
            if (!need(R, 1, "string length"))
                return NULL;
            n = R->p[R->pos++];
        } else if (!read_size(R, "a string", &n)) {
            return NULL;
        }
        return read_string(R, tc, n, PYC_STR, ENC_LATIN1,
                           (tc == 'A' || tc == 'Z') ? PYCF_INTERNED : 0);
    case '(':
        if (!read_size(R, "a tuple", &n))
            return NULL;
        return read_seq(R, tc, PYC_TUPLE, n, w);
    case ')':
        if (!R->v4)
            return bad_code(R, at, byte, "(small tuple) does not exist");
        if (!need(R, 1, "tuple size"))
            return NULL;
        n = R->p[R->pos++];
        return read_seq(R, tc, PYC_TUPLE, n, w);
    case '[':
        if (!read_size(R, "a list", &n))
            return NULL;
        return read_seq(R, tc, PYC_LIST, n, w);
    case '<':
    case '>':
        if (!read_size(R, tc == '<' ? "a set" : "a frozenset", &n))
            return NULL;
        return read_seq(R, tc, tc == '<' ? PYC_SET : PYC_FROZENSET, n, w);
    case '{':
        return read_dict(R, tc, w);
    case ':': {
        if (!R->v5)
            return bad_code(R, at, byte, "(slice) does not exist");
        o = new_obj(R, PYC_SLICE, tc);
        o->len = 3;
        o->v.items = arena_alloc(R->a, 3 * sizeof *o->v.items);
        static const char *const part[3] = {"a slice start", "a slice stop", "a slice step"};
        for (int k = 0; k < 3; k++) {
            size_t iat = R->pos;
            uint64_t iw;
            if (!(o->v.items[k] = read_item(R, part[k], &iw)) || !add_weight(R, w, iw, iat))
                return NULL;
        }
        return o;
    }
    case 'c':
        return read_code(R, tc, at, w);
    case 'r':
        if (!R->refs)
            return bad_code(R, at, byte, "(back-reference) does not exist");
        if (!read_i32(R, "back-reference index", &i32))
            return NULL;
        if (i32 < 0 || (size_t)i32 >= R->nref)
            return fail(R, at, "undefined back-reference %ld (%zu objects so far)",
                        (long)i32, R->nref);
        if (!R->ref[i32].obj)
            return fail(R, at, "back-reference %ld names an object that is still "
                        "being read", (long)i32);
        *w = R->ref[i32].weight;
        return R->ref[i32].obj;
    default:
        return bad_code(R, at, byte, NULL);
    }
}

static PycObj *read_object(Reader *R, uint64_t *w)
{
    size_t at = R->pos;
    if (!need(R, 1, "type byte"))
        return NULL;
    int byte = R->p[R->pos++];
    int tc = byte & 0x7F;
    if (R->depth >= MARSHAL_MAX_DEPTH)
        return fail(R, at, "marshal data nested more than %d levels deep", MARSHAL_MAX_DEPTH);
    size_t slot = SIZE_MAX;
    if (byte & FLAG_REF) {
        if (!R->refs)
            return bad_code(R, at, byte, "has the reference flag, which does not exist");
        /* The singletons, NULL and 'r' are never stored in the table. */
        switch (tc) {
        case '0': case 'N': case 'F': case 'T': case '.': case 'S': case 'r':
            break;
        default:
            slot = ref_reserve(R);
        }
    }
    R->depth++;
    PycObj *o = read_body(R, byte, at, w);
    R->depth--;
    if (o && slot != SIZE_MAX) {
        R->ref[slot].obj = o;
        R->ref[slot].weight = *w;
    }
    return o;
}

PycObj *marshal_read(const unsigned char *data, size_t n, PyVer ver, Arena *a,
                     size_t *consumed, Diag *d)
{
    const PycVersion *vi = pyc_version_info(ver);
    if (consumed)
        *consumed = 0;
    if (!vi) {
        diag_set(d, -1, "unsupported Python version %d.%d", PYV_MAJOR(ver), PYV_MINOR(ver));
        return NULL;
    }
    Diag local;
    diag_clear(&local);
    Reader R = {
        .p = data, .n = n, .ver = ver,
        .py2 = ver < PYV(3, 0),
        .refs = ver >= PYV(3, 4),
        .v4 = ver >= PYV(3, 4),
        .v5 = ver >= PYV(3, 14),
        .a = a, .d = d ? d : &local,
        .limit = EXPAND_BASE + (uint64_t)n * EXPAND_PER_BYTE,
    };
    uint64_t w;
    PycObj *o = read_object(&R, &w);
    if (o && o->kind == PYC_NULL)
        o = fail(&R, 0, "the marshalled object is NULL (type code '0')");
    free(R.ref);
    free(R.str);
    if (o && consumed)
        *consumed = R.pos;
    return o;
}

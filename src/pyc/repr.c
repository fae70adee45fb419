/* repr.c — repr() of loaded constants exactly as each CPython version prints them.
 *
 * Scalars go through pyfmt; containers are walked here.  The hard part is
 * the element order of sets and frozensets (and of 2.7 dicts): CPython
 * prints them in hash-table order, so this file re-computes the hashes that
 * version uses (PYTHONHASHSEED=0, i.e. a zero hash key) and replays its
 * table — initial size 8, probe sequence, resize rule — feeding the
 * elements in file order, as marshal does.
 *
 * Hash profiles (measured against the interpreters, see tests/unit/test_repr.c;
 * the hash functions themselves are pyhash.c's, with a zero secret):
 *   2.7       64-bit; str/unicode: the multiply-xor string hash (no seed);
 *             longs mod 2**64-1 (end-around carry); float: frexp scheme;
 *             tuple: multiplier scheme; set probing i = 5*i + perturb + 1.
 *   3.6-3.10  64-bit; SipHash-2-4 over the str's code units (1, 2 or 4
 *             bytes each); numbers mod 2**61-1; 3.8+ xxHash-style tuples.
 *             (3.0-3.5 are not measured and use the 3.6 profile.)
 *   3.11-3.13 as above with SipHash-1-3.
 *   3.14      the reference 3.14 is the pyodide (wasm32) build: 32-bit
 *             hashes, FNV string hash, numbers mod 2**31-1.
 *   3.x sets  10 consecutive slots per probe (linear probing) before the
 *             perturbed jump; grow when fill*5 >= mask*3 (3.6: fill*3 >=
 *             mask*2) to the next power of two above 4*used.
 * Hashes CPython derives from addresses cannot be reproduced exactly: None
 * (before 3.12) and Ellipsis use the reference builds' address bits that
 * ASLR leaves alone (right for small tables); code objects, StopIteration
 * and (3.10+) NaN count as 0.
 *
 * Bad input never hangs or explodes: hashing and table replay share a work
 * budget (past it, file order is used), self-containing containers print
 * as CPython's `[...]`, and one repr stops growing past REPR_MAX bytes.
 */
#include "config.h"
#include "pydbg/repr.h"
#include "pydbg/pyfmt.h"
#include "pydbg/pyhash.h"

#include <gmp.h>
#include <math.h>     /* classification macros only: no libm is linked */
#include <stdlib.h>
#include <string.h>

#define REPR_MAX ((size_t)64 << 20)      /* bytes one repr_obj() may add */
#define WORK_BUDGET 50000000L            /* hash/probe steps per repr_obj() */
#define CODE_ADDR_BASE 0x7f0000001000ULL /* pseudo-address of code object 0 */

/* ---- hash profiles ------------------------------------------------------ */

/* What the table replay needs beyond the hash functions (pyhash.c). */
typedef struct HashProf {
    int bits;          /* width of Py_hash_t / size_t: 64 or 32 */
    int py2;           /* 2.x set probing and equality rules */
    int none_const;    /* 3.12+: hash(None) is a constant */
    int set_fill35;    /* 3.7+: sets grow at fill*5 >= mask*3 (3.x before:
                          fill*3 >= mask*2) */
} HashProf;

static HashProf prof_for(PyVer ver)
{
    HashProf p = {64, 0, 0, 0};
    if (PYV_MAJOR(ver) < 3) {
        p.py2 = 1;
        return p;
    }
    int minor = PYV_MINOR(ver);
    p.none_const = minor >= 12;
    p.set_fill35 = minor >= 7;
    if (minor >= 14)
        p.bits = 32;
    return p;
}

/* ---- context ----------------------------------------------------------- */

typedef struct Ctx {
    PyVer ver;
    HashProf hp;
    PyHashCfg hc;              /* the version's hash functions, zero secret */
    uint64_t wmask;            /* 2**bits - 1 */
    long budget;               /* work left; < 0: stop emulating */
    size_t start;              /* out->len when repr_obj() began */
    int truncated;
    size_t cut;                /* out->len just after the "..." */
    const PycObj **stack;      /* containers being printed (cycle check) */
    size_t depth, cap;
} Ctx;

static void ctx_init(Ctx *c, PyVer ver)
{
    memset(c, 0, sizeof *c);
    c->ver = ver;
    c->hp = prof_for(ver);
    pyhash_cfg_init(&c->hc, ver);
    c->wmask = c->hp.bits == 64 ? ~(uint64_t)0 : 0xFFFFFFFFu;
    c->budget = WORK_BUDGET;
}

/* Decode UTF-8 into code points (caller frees); *n receives the count. */
static uint32_t *decode_all(const PycObj *o, size_t *n, uint32_t *maxcp)
{
    const unsigned char *s = (const unsigned char *)o->v.s;
    uint32_t *u = xmalloc(((size_t)o->len + 1) * sizeof *u);
    size_t k = 0;
    *maxcp = 0;
    for (size_t i = 0; i < o->len;) {
        uint32_t cp;
        i += utf8_decode(s + i, o->len - i, &cp);
        u[k++] = cp;
        if (cp > *maxcp)
            *maxcp = cp;
    }
    *n = k;
    return u;
}

static uint64_t hash_str(Ctx *c, const PycObj *o)
{
    size_t n;
    uint32_t maxcp;
    if (!o->v.s)
        return 0;
    uint32_t *u = decode_all(o, &n, &maxcp);
    c->budget -= (long)(n / 8 + 1);
    uint64_t h;
    if (c->hp.py2) {
        h = pyhash_str(&c->hc, u, 4, n);     /* 2.7 hashes the code points */
    } else {
        /* 3.3+ hashes the compact representation: 1, 2 or 4 bytes per
         * code point depending on the largest one. */
        int kind = maxcp < 0x100 ? 1 : maxcp < 0x10000 ? 2 : 4;
        void *buf = xmalloc(n * (size_t)kind + 1);
        for (size_t i = 0; i < n; i++) {
            if (kind == 1)
                ((unsigned char *)buf)[i] = (unsigned char)u[i];
            else if (kind == 2)
                ((uint16_t *)buf)[i] = (uint16_t)u[i];
            else
                ((uint32_t *)buf)[i] = u[i];
        }
        h = pyhash_str(&c->hc, buf, kind, n);
        free(buf);
    }
    free(u);
    return h;
}

/* ---- numeric hashes ------------------------------------------------------ */

/* Value of a big int as an mpz. */
static void big_to_mpz(mpz_t z, const PycObj *o)
{
    mpz_init(z);
    if (o->len && o->v.big.digits)
        mpz_import(z, o->len, -1, sizeof(uint16_t), 0, 1, o->v.big.digits);
    if (o->v.big.neg)
        mpz_neg(z, z);
}

static void int_to_mpz(mpz_t z, const PycObj *o)
{
    if (o->kind == PYC_INT && o->v.big.digits) {
        big_to_mpz(z, o);
        return;
    }
    int64_t v = o->kind == PYC_TRUE ? 1 : o->kind == PYC_FALSE ? 0 : o->v.i;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    mpz_init(z);
    mpz_import(z, 1, -1, sizeof a, 0, 0, &a);
    if (v < 0)
        mpz_neg(z, z);
}

static uint64_t hash_int(Ctx *c, const PycObj *o)
{
    if (o->v.big.digits) {
        mpz_t z;
        big_to_mpz(z, o);
        c->budget -= (long)o->len;
        uint64_t h = pyhash_mpz(&c->hc, z);
        mpz_clear(z);
        return h;
    }
    return pyhash_i64(&c->hc, o->v.i);
}

/* ---- equality (for the duplicates a hand-made file may hold) ------------- */

static int is_intlike(const PycObj *o)
{
    return o->kind == PYC_INT || o->kind == PYC_TRUE || o->kind == PYC_FALSE;
}

static int is_number(const PycObj *o)
{
    return is_intlike(o) || o->kind == PYC_FLOAT || o->kind == PYC_COMPLEX;
}

/* int/bool vs double: equal when d is integral and has the same value */
static int int_eq_double(const PycObj *a, double d)
{
    if (isnan(d) || isinf(d))
        return 0;
    mpz_t za, zd;
    int_to_mpz(za, a);
    mpz_init(zd);
    mpz_set_d(zd, d);                 /* truncates */
    int eq = mpz_cmp(za, zd) == 0 && (double)mpz_get_d(zd) == d;
    mpz_clear(za);
    mpz_clear(zd);
    return eq;
}

static int num_eq(const PycObj *a, const PycObj *b)
{
    if (b->kind == PYC_COMPLEX && a->kind != PYC_COMPLEX) {
        const PycObj *t = a;
        a = b;
        b = t;
    }
    if (a->kind == PYC_COMPLEX) {
        if (b->kind == PYC_COMPLEX)
            return a->v.c.re == b->v.c.re && a->v.c.im == b->v.c.im;
        if (a->v.c.im != 0)
            return 0;
        if (b->kind == PYC_FLOAT)
            return a->v.c.re == b->v.f;
        return int_eq_double(b, a->v.c.re);
    }
    if (a->kind == PYC_FLOAT && b->kind == PYC_FLOAT)
        return a->v.f == b->v.f;
    if (a->kind == PYC_FLOAT)
        return int_eq_double(b, a->v.f);
    if (b->kind == PYC_FLOAT)
        return int_eq_double(a, b->v.f);
    mpz_t za, zb;
    int_to_mpz(za, a);
    int_to_mpz(zb, b);
    int eq = mpz_cmp(za, zb) == 0;
    mpz_clear(za);
    mpz_clear(zb);
    return eq;
}

static int is_ascii(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

static int obj_eq(Ctx *c, const PycObj *a, const PycObj *b, int depth);

/* Each element of a equals some element of b. */
static int subset_eq(Ctx *c, const PycObj *a, const PycObj *b, int depth)
{
    if (!a->v.items || !b->v.items)
        return a->len == 0 || !a->v.items;
    for (uint32_t i = 0; i < a->len; i++) {
        int found = 0;
        for (uint32_t j = 0; j < b->len && !found; j++)
            found = obj_eq(c, a->v.items[i], b->v.items[j], depth + 1);
        if (!found)
            return 0;
    }
    return 1;
}

static int obj_eq(Ctx *c, const PycObj *a, const PycObj *b, int depth)
{
    if (a == b)
        return 1;
    if (!a || !b || --c->budget < 0 || depth > MARSHAL_MAX_DEPTH)
        return 0;
    if (is_number(a) && is_number(b))
        return num_eq(a, b);
    int ka = a->kind, kb = b->kind;
    if ((ka == PYC_STR || ka == PYC_BYTES) && (kb == PYC_STR || kb == PYC_BYTES)) {
        if (a->len != b->len || !a->v.s || !b->v.s ||
            (a->len && memcmp(a->v.s, b->v.s, a->len) != 0))
            return 0;
        /* 2.x: str == unicode when the str decodes as ASCII */
        return ka == kb || (c->hp.py2 && is_ascii(a->v.s, a->len));
    }
    if (ka == PYC_TUPLE && kb == PYC_TUPLE) {
        if (a->len != b->len || (a->len && (!a->v.items || !b->v.items)))
            return 0;
        for (uint32_t i = 0; i < a->len; i++)
            if (!obj_eq(c, a->v.items[i], b->v.items[i], depth + 1))
                return 0;
        return 1;
    }
    if ((ka == PYC_FROZENSET || ka == PYC_SET) && (kb == PYC_FROZENSET || kb == PYC_SET))
        return subset_eq(c, a, b, depth) && subset_eq(c, b, a, depth);
    if (ka != kb)
        return 0;
    switch (ka) {
    case PYC_NONE: case PYC_ELLIPSIS: case PYC_STOPITER:
        return 1;
    default:
        return 0;   /* code objects, lists, dicts: identity only */
    }
}

/* ---- hash table replay ---------------------------------------------------- */

typedef struct SetEmu {
    const PycObj **key;   /* NULL: empty slot */
    uint64_t *hash;
    uint32_t *kidx;       /* item index of the key (its first occurrence) */
    uint32_t *val;        /* item index of the latest occurrence (dict value) */
    size_t mask, fill;
} SetEmu;

static void emu_alloc(SetEmu *s, size_t size)
{
    s->key = xcalloc(size, sizeof *s->key);
    s->hash = xcalloc(size, sizeof *s->hash);
    s->kidx = xcalloc(size, sizeof *s->kidx);
    s->val = xcalloc(size, sizeof *s->val);
    s->mask = size - 1;
    s->fill = 0;
}

static void emu_free(SetEmu *s)
{
    free(s->key);
    free(s->hash);
    free(s->kidx);
    free(s->val);
    memset(s, 0, sizeof *s);
}

/* 3.x probes this many slots after the first before jumping */
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

/* Find the slot for (o, h): an empty one, or one holding an equal key.
 * Returns SIZE_MAX when the work budget ran out.  Without a key (o ==
 * NULL) only empty slots count (reinsertion after a resize). */
static size_t emu_find(Ctx *c, const SetEmu *s, const PycObj *o, uint64_t h, int depth)
{
    size_t mask = s->mask;
    uint64_t perturb = h & c->wmask;
    uint64_t i = h & mask;
    if (c->hp.py2) {
        /* 2.7: i = 5*i + perturb + 1 over the unmasked i */
        for (;;) {
            size_t k = (size_t)(i & mask);
            if (--c->budget < 0)
                return SIZE_MAX;
            if (!s->key[k])
                return k;
            if (o && s->hash[k] == h && obj_eq(c, s->key[k], o, depth + 1))
                return k;
            i = (i * 5 + perturb + 1) & c->wmask;
            perturb >>= PERTURB_SHIFT;
        }
    }
    for (;;) {
        size_t n = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        for (size_t j = 0; j <= n; j++) {
            size_t k = (size_t)i + j;
            if (--c->budget < 0)
                return SIZE_MAX;
            if (!s->key[k])
                return k;
            if (o && s->hash[k] == h && obj_eq(c, s->key[k], o, depth + 1))
                return k;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Grow to the smallest power of two (>= 8) above minused, reinserting the
 * old slots in table order. */
static int emu_resize(Ctx *c, SetEmu *s, size_t minused)
{
    size_t size = 8;
    while (size <= minused)
        size <<= 1;
    SetEmu old = *s;
    emu_alloc(s, size);
    for (size_t k = 0; k <= old.mask; k++) {
        if (!old.key[k])
            continue;
        size_t slot = emu_find(c, s, NULL, old.hash[k], 0);
        if (slot == SIZE_MAX) {
            emu_free(&old);
            return -1;
        }
        s->key[slot] = old.key[k];
        s->hash[slot] = old.hash[k];
        s->kidx[slot] = old.kidx[k];
        s->val[slot] = old.val[k];
        s->fill++;
    }
    emu_free(&old);
    return 0;
}

/* Add item i (key o, hash h) like set.add / dict[o] = v.  Returns 0, or
 * -1 when the work budget ran out. */
static int emu_add(Ctx *c, SetEmu *s, const PycObj *o, uint64_t h, uint32_t i, int depth)
{
    size_t k = emu_find(c, s, o, h, depth);
    if (k == SIZE_MAX)
        return -1;
    if (s->key[k]) {          /* equal key present: a dict keeps the key,
                                 takes the new value */
        s->val[k] = i;
        return 0;
    }
    s->key[k] = o;
    s->hash[k] = h;
    s->kidx[k] = s->val[k] = i;
    s->fill++;
    size_t used = s->fill;    /* no deletions: used == fill */
    int grow = c->hp.py2 ? s->fill * 3 >= (s->mask + 1) * 2
               : c->hp.set_fill35 ? s->fill * 5 >= s->mask * 3
                                  : s->fill * 3 >= s->mask * 2;
    if (grow)
        return emu_resize(c, s, used > 50000 ? used * 2 : used * 4);
    return 0;
}

/* The distinct keys of a set or dict in the order CPython iterates them. */
typedef struct Order {
    long n;               /* distinct keys; -1: unhashable / budget out */
    uint32_t *key;        /* item index of each key */
    uint32_t *val;        /* item index of its (last) value */
    uint64_t *hash;
} Order;

static void order_free(Order *r)
{
    free(r->key);
    free(r->val);
    free(r->hash);
    memset(r, 0, sizeof *r);
}

static int obj_hash(Ctx *c, const PycObj *o, uint64_t *h, int depth);

/* Replay the table for n keys at items[0], items[stride], ... (file order).
 * by_insertion: report the keys in first-insertion order (3.6+ dicts)
 * instead of table order. */
static Order emu_order(Ctx *c, PycObj *const *items, uint32_t n, size_t stride,
                       int by_insertion, int depth)
{
    Order r = {-1, NULL, NULL, NULL};
    SetEmu s;
    emu_alloc(&s, 8);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t h;
        const PycObj *k = items[(size_t)i * stride];
        if (obj_hash(c, k, &h, depth + 1) != 0 || emu_add(c, &s, k, h, i, depth) != 0) {
            emu_free(&s);
            return r;
        }
    }
    r.key = xmalloc((s.fill + 1) * sizeof *r.key);
    r.val = xmalloc((s.fill + 1) * sizeof *r.val);
    r.hash = xmalloc((s.fill + 1) * sizeof *r.hash);
    size_t *slot_of = NULL;
    if (by_insertion) {
        /* kidx values are distinct item indices < n */
        slot_of = xmalloc(((size_t)n + 1) * sizeof *slot_of);
        for (uint32_t i = 0; i < n; i++)
            slot_of[i] = SIZE_MAX;
        for (size_t k = 0; k <= s.mask; k++)
            if (s.key[k])
                slot_of[s.kidx[k]] = k;
    }
    long m = 0;
    size_t lim = by_insertion ? n : s.mask + 1;
    for (size_t j = 0; j < lim; j++) {
        size_t k = by_insertion ? slot_of[j] : j;
        if (k == SIZE_MAX || !s.key[k])
            continue;
        r.key[m] = s.kidx[k];
        r.val[m] = s.val[k];
        r.hash[m] = s.hash[k];
        m++;
    }
    free(slot_of);
    emu_free(&s);
    r.n = m;
    return r;
}

/* ---- object hashes ------------------------------------------------------- */

/* Address of None (which = 0) or Ellipsis (1) in the reference builds.
 * They live in libpython's data, so ASLR moves them by whole pages: the
 * low 12 bits, which are all that a table of up to 256 slots looks at
 * first, are fixed for a build (measured with id() on the pyenv builds of
 * 2.7.18, 3.6.15 ... 3.13.0; pyodide 3.14.2 has no ASLR at all). */
static uint64_t singleton_addr(const Ctx *c, int which)
{
    static const struct { PyVer ver; uint16_t none_lo, ellipsis_lo; } LOW12[] = {
        {207, 0xde0, 0xd10}, {306, 0x110, 0x0d0}, {307, 0x6f0, 0x6b0},
        {308, 0x220, 0x420}, {309, 0x420, 0x460}, {310, 0xc80, 0xca0},
        {311, 0xbe0, 0xe60}, {312, 0, 0x320}, {313, 0, 0xc80},
    };
    if (c->hp.bits == 32)
        return which ? 0x3102c0 : 0x30d7d8;
    for (size_t i = 0; i < sizeof LOW12 / sizeof LOW12[0]; i++)
        if (LOW12[i].ver == c->ver)
            return 0x7f0000000000ULL | (which ? LOW12[i].ellipsis_lo : LOW12[i].none_lo);
    return 0x7f0000000000ULL;
}

/* hash(o) as this version computes it.  Returns -1 when o is unhashable
 * (list, dict, set, or containing one) or the work budget ran out. */
static int obj_hash(Ctx *c, const PycObj *o, uint64_t *h, int depth)
{
    *h = 0;
    if (!o || --c->budget < 0 || depth > MARSHAL_MAX_DEPTH)
        return -1;
    switch (o->kind) {
    case PYC_NONE:
        *h = c->hp.none_const ? 0xFCA86420ULL : pyhash_pointer(&c->hc, singleton_addr(c, 0));
        return 0;
    case PYC_TRUE: *h = 1; return 0;
    case PYC_FALSE: *h = 0; return 0;
    case PYC_INT: *h = hash_int(c, o); return 0;
    case PYC_FLOAT: *h = pyhash_double(&c->hc, o->v.f); return 0;
    case PYC_COMPLEX: *h = pyhash_complex(&c->hc, o->v.c.re, o->v.c.im); return 0;
    case PYC_BYTES:
        if (!o->v.s)
            return 0;
        *h = pyhash_bytes(&c->hc, o->v.s, o->len);
        c->budget -= (long)(o->len / 8);
        return 0;
    case PYC_STR: *h = hash_str(c, o); return 0;
    case PYC_TUPLE: {
        if (o->len && !o->v.items)
            return -1;
        uint64_t *hs = xmalloc(((size_t)o->len + 1) * sizeof *hs);
        for (uint32_t i = 0; i < o->len; i++)
            if (obj_hash(c, o->v.items[i], &hs[i], depth + 1) != 0) {
                free(hs);
                return -1;
            }
        *h = pyhash_tuple(&c->hc, hs, o->len);
        free(hs);
        return 0;
    }
    case PYC_FROZENSET: {
        if (o->len && !o->v.items)
            return -1;
        Order r = emu_order(c, o->v.items, o->len, 1, 0, depth);
        if (r.n < 0)
            return -1;
        *h = pyhash_frozenset(&c->hc, r.hash, (size_t)r.n);
        order_free(&r);
        return 0;
    }
    case PYC_ELLIPSIS:
        *h = pyhash_pointer(&c->hc, singleton_addr(c, 1));
        return 0;
    case PYC_STOPITER: case PYC_CODE:
        return 0;          /* address-based in CPython: not reproducible */
    default:
        return -1;         /* list, dict, set, slice (unhashable before 3.12) */
    }
}

/* ---- repr ---------------------------------------------------------------- */

static void repr_rec(Ctx *c, SBuf *out, const PycObj *o, int depth);

/* Cycle check: is o already being printed?  Pushes it when not. */
static int enter(Ctx *c, const PycObj *o)
{
    for (size_t i = 0; i < c->depth; i++)
        if (c->stack[i] == o)
            return 1;
    if (c->depth == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->stack = xrealloc(c->stack, c->cap * sizeof *c->stack);
    }
    c->stack[c->depth++] = o;
    return 0;
}

static void leave(Ctx *c)
{
    c->depth--;
}

static int too_long(Ctx *c, SBuf *out)
{
    if (out->len - c->start <= REPR_MAX)
        return 0;
    if (!c->truncated) {
        sbuf_puts(out, "...");
        c->truncated = 1;
        c->cut = out->len;
    }
    return 1;
}

static void repr_items(Ctx *c, SBuf *out, PycObj *const *items, const uint32_t *order,
                       long n, int depth)
{
    for (long i = 0; i < n; i++) {
        if (i)
            sbuf_puts(out, ", ");
        if (too_long(c, out))
            return;
        repr_rec(c, out, items[order ? order[i] : (uint32_t)i], depth + 1);
    }
}

static void repr_int(Ctx *c, SBuf *out, const PycObj *o)
{
    if (o->v.big.digits) {
        mpz_t z;
        big_to_mpz(z, o);
        char *s = mpz_get_str(NULL, 10, z);
        sbuf_puts(out, s);
        void (*freefn)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &freefn);
        freefn(s, strlen(s) + 1);
        mpz_clear(z);
    } else {
        sbuf_printf(out, "%lld", (long long)o->v.i);
    }
    if (c->hp.py2 && (o->flags & PYCF_PY2LONG))
        sbuf_putc(out, 'L');
}

/* 3.x: {1, 2} / frozenset({1, 2}) / set(); 2.7: set([1, 2]) / frozenset([]) */
static void repr_set(Ctx *c, SBuf *out, const PycObj *o, int depth)
{
    int frozen = o->kind == PYC_FROZENSET;
    const char *name = frozen ? "frozenset" : "set";
    if (enter(c, o)) {
        sbuf_printf(out, "%s(...)", name);
        return;
    }
    uint32_t n0 = o->v.items ? o->len : 0;
    Order r = emu_order(c, o->v.items, n0, 1, 0, depth);
    long n = r.n >= 0 ? r.n : (long)n0;   /* unhashable / budget: file order */
    const uint32_t *ord = r.n >= 0 ? r.key : NULL;
    if (c->hp.py2) {
        sbuf_printf(out, "%s([", name);
        repr_items(c, out, o->v.items, ord, n, depth);
        sbuf_puts(out, "])");
    } else if (n == 0) {
        sbuf_printf(out, "%s()", name);
    } else {
        if (frozen)
            sbuf_puts(out, "frozenset(");
        sbuf_putc(out, '{');
        repr_items(c, out, o->v.items, ord, n, depth);
        sbuf_putc(out, '}');
        if (frozen)
            sbuf_putc(out, ')');
    }
    order_free(&r);
    leave(c);
}

/* 3.6+: insertion order of the distinct keys (first key, last value);
 * 2.7: hash-table order. */
static void repr_dict(Ctx *c, SBuf *out, const PycObj *o, int depth)
{
    if (enter(c, o)) {
        sbuf_puts(out, "{...}");
        return;
    }
    uint32_t n0 = o->v.items ? o->len : 0;
    Order r = emu_order(c, o->v.items, n0, 2, !c->hp.py2, depth);
    long n = r.n >= 0 ? r.n : (long)n0;
    sbuf_putc(out, '{');
    for (long i = 0; i < n; i++) {
        if (i)
            sbuf_puts(out, ", ");
        if (too_long(c, out))
            break;
        uint32_t ki = r.n >= 0 ? r.key[i] : (uint32_t)i;
        uint32_t vi = r.n >= 0 ? r.val[i] : (uint32_t)i;
        repr_rec(c, out, o->v.items[2 * (size_t)ki], depth + 1);
        sbuf_puts(out, ": ");
        repr_rec(c, out, o->v.items[2 * (size_t)vi + 1], depth + 1);
    }
    sbuf_putc(out, '}');
    order_free(&r);
    leave(c);
}

static void repr_rec(Ctx *c, SBuf *out, const PycObj *o, int depth)
{
    if (!o) {
        sbuf_puts(out, "<NULL>");
        return;
    }
    if (too_long(c, out))
        return;
    if (depth > MARSHAL_MAX_DEPTH) {   /* deeper than any loaded tree */
        sbuf_puts(out, "...");
        return;
    }
    int py2 = c->hp.py2;
    switch (o->kind) {
    case PYC_NONE: sbuf_puts(out, "None"); return;
    case PYC_TRUE: sbuf_puts(out, "True"); return;
    case PYC_FALSE: sbuf_puts(out, "False"); return;
    case PYC_ELLIPSIS: sbuf_puts(out, "Ellipsis"); return;
    case PYC_STOPITER:
        sbuf_puts(out, py2 ? "<type 'exceptions.StopIteration'>" : "<class 'StopIteration'>");
        return;
    case PYC_INT: repr_int(c, out, o); return;
    case PYC_FLOAT: pyfmt_float_repr(out, o->v.f); return;
    case PYC_COMPLEX: pyfmt_complex_repr(out, o->v.c.re, o->v.c.im); return;
    case PYC_BYTES:
        pyfmt_bytes_repr(out, (const unsigned char *)(o->v.s ? o->v.s : ""),
                         o->v.s ? o->len : 0, !py2);
        return;
    case PYC_STR:
        if (py2)
            pyfmt_unicode2_repr(out, o->v.s ? o->v.s : "", o->v.s ? o->len : 0);
        else
            pyfmt_str_repr(out, o->v.s ? o->v.s : "", o->v.s ? o->len : 0,
                           PYV_MINOR(c->ver));
        return;
    case PYC_TUPLE:
    case PYC_LIST: {
        int tuple = o->kind == PYC_TUPLE;
        if (enter(c, o)) {
            sbuf_puts(out, tuple ? "(...)" : "[...]");
            return;
        }
        long n = o->v.items ? (long)o->len : 0;
        sbuf_putc(out, tuple ? '(' : '[');
        repr_items(c, out, o->v.items, NULL, n, depth);
        if (tuple && n == 1)
            sbuf_putc(out, ',');
        sbuf_putc(out, tuple ? ')' : ']');
        leave(c);
        return;
    }
    case PYC_DICT: repr_dict(c, out, o, depth); return;
    case PYC_SET:
    case PYC_FROZENSET: repr_set(c, out, o, depth); return;
    case PYC_SLICE:
        if (enter(c, o)) {
            sbuf_puts(out, "slice(...)");
            return;
        }
        sbuf_puts(out, "slice(");
        repr_items(c, out, o->v.items, NULL, o->v.items ? (long)o->len : 0, depth);
        sbuf_putc(out, ')');
        leave(c);
        return;
    case PYC_CODE:
        if (o->v.code)
            repr_code(out, o->v.code);
        else
            sbuf_puts(out, "<code object>");
        return;
    default:
        sbuf_puts(out, "<NULL>");
        return;
    }
}

void repr_obj(SBuf *out, const PycObj *o, PyVer ver)
{
    Ctx c;
    ctx_init(&c, ver);
    c.start = out->len;
    repr_rec(&c, out, o, 0);
    if (c.truncated) {       /* drop the closing brackets after "..." */
        out->len = c.cut;
        out->data[out->len] = '\0';
    }
    free(c.stack);
}

/* ---- code objects -------------------------------------------------------- */

/* A str/bytes name as CPython's %U / %s prints it, or NULL. */
static const char *code_text(const PycObj *o, uint32_t *len)
{
    if (!o || (o->kind != PYC_STR && o->kind != PYC_BYTES) || !o->v.s)
        return NULL;
    *len = o->len;
    return o->v.s;
}

void repr_code(SBuf *out, const CodeObj *co)
{
    uint32_t nlen = 0, flen = 0;
    const char *name = code_text(co->name, &nlen);
    const char *file = code_text(co->filename, &flen);
    unsigned long long addr = CODE_ADDR_BASE + 0x100ULL * co->index;
    int lineno = co->firstlineno ? co->firstlineno : -1;
    int py2 = PYV_MAJOR(co->ver) < 3;
    if (py2) {
        /* 2.7 formats into a fixed buffer: name to 100 bytes, file to 300 */
        if (!name)
            name = "???", nlen = 3;
        if (!file)
            file = "???", flen = 3;
        if (nlen > 100)
            nlen = 100;
        if (flen > 300)
            flen = 300;
    }
    sbuf_puts(out, "<code object ");
    if (name)
        sbuf_put(out, name, nlen);
    sbuf_printf(out, " at 0x%llx, file ", addr);
    if (file) {
        sbuf_putc(out, '"');
        sbuf_put(out, file, flen);
        sbuf_putc(out, '"');
    } else {
        sbuf_puts(out, "???");
    }
    sbuf_printf(out, ", line %d>", lineno);
}

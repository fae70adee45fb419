/* test_repr.c — unit tests for repr_obj() / repr_code() (src/pyc/repr.c).
 *
 * Objects are built by hand from a small notation (no loader involved):
 *   N T F E S        None True False Ellipsis StopIteration
 *   i:123  L:5       int (any size), 2.x long (repr ends in L)
 *   f:2.5  c:1,2     float, complex (strtod syntax)
 *   s:TEXT b:TEXT    str (2.x unicode), bytes (2.x str); TEXT is UTF-8
 *                    with no spaces, "s:" alone is the empty string
 *   ( ... )  [ ... ]  { k v ... }   tuple, list, dict
 *   fs( ... ) set( ... )            frozenset, set
 * Items of containers are given in file order (the order marshal reads).
 *
 * Expected values: every string below was printed by the interpreter named
 * beside it, running with PYTHONHASHSEED=0: CPython 2.7.18, 3.6.15, 3.8.18,
 * 3.10.13, 3.11.7, 3.12.1, 3.13.0 (pyenv builds) and 3.14.2 (the pyodide
 * build under Node, tools/run_pyodide.mjs).  Sets were built the way marshal
 * builds them: marshal.loads(b'>' + count + the items marshalled one by one).
 */
#include "config.h"
#include "unit.h"

#include <gmp.h>
#include <string.h>
#include <time.h>

#include "pydbg/pyfmt.h"
#include "pydbg/repr.h"

static Arena A;

static PycObj *mk(int kind)
{
    PycObj *o = arena_alloc(&A, sizeof *o);
    o->kind = (uint8_t)kind;
    return o;
}

static PycObj *mk_int_str(const char *dec, int py2long)
{
    PycObj *o = mk(PYC_INT);
    if (py2long)
        o->flags |= PYCF_PY2LONG;
    mpz_t z;
    mpz_init_set_str(z, dec, 10);
    if (mpz_sizeinbase(z, 2) <= 62) {
        o->v.i = mpz_get_si(z);
    } else {
        size_t nd = (mpz_sizeinbase(z, 2) + 14) / 15, got = 0;
        uint16_t *d = arena_alloc(&A, nd * sizeof *d);
        mpz_export(d, &got, -1, sizeof *d, 0, 1, z);
        o->len = (uint32_t)got;
        o->v.big.digits = d;
        o->v.big.neg = mpz_sgn(z) < 0;
    }
    mpz_clear(z);
    return o;
}

static PycObj *mk_text(int kind, const char *s, size_t n)
{
    PycObj *o = mk(kind);
    o->v.s = arena_strndup(&A, s, n);
    o->len = (uint32_t)n;
    return o;
}

static PycObj *mk_items(int kind, PycObj **items, uint32_t n)
{
    PycObj *o = mk(kind);
    o->len = kind == PYC_DICT ? n / 2 : n;
    o->v.items = arena_memdup(&A, items, (n ? n : 1) * sizeof *items);
    return o;
}

/* Parse one object of the notation at *p. */
static PycObj *parse(const char **p)
{
    while (**p == ' ')
        (*p)++;
    const char *t = *p;
    size_t n = strcspn(t, " ");
    *p += n;
    int kind = -1;
    if (strncmp(t, "fs(", 3) == 0)
        kind = PYC_FROZENSET;
    else if (strncmp(t, "set(", 4) == 0)
        kind = PYC_SET;
    else if (t[0] == '(')
        kind = PYC_TUPLE;
    else if (t[0] == '[')
        kind = PYC_LIST;
    else if (t[0] == '{')
        kind = PYC_DICT;
    if (kind >= 0) {
        PycObj *items[256];
        uint32_t k = 0;
        for (;;) {
            while (**p == ' ')
                (*p)++;
            if (**p == ')' || **p == ']' || **p == '}') {
                (*p)++;
                break;
            }
            ck_assert_int_ne(**p, '\0');
            items[k++] = parse(p);
        }
        return mk_items(kind, items, k);
    }
    if (n == 1) {
        switch (t[0]) {
        case 'N': return &pyc_none;
        case 'T': return &pyc_true;
        case 'F': return &pyc_false;
        case 'E': return &pyc_ellipsis;
        case 'S': return &pyc_stopiter;
        }
    }
    char tmp[512];
    ck_assert_uint_lt(n, sizeof tmp);
    memcpy(tmp, t, n);
    tmp[n] = '\0';
    switch (t[0]) {
    case 'i': return mk_int_str(tmp + 2, 0);
    case 'L': return mk_int_str(tmp + 2, 1);
    case 'f': {
        PycObj *o = mk(PYC_FLOAT);
        o->v.f = strtod(tmp + 2, NULL);
        return o;
    }
    case 'c': {
        PycObj *o = mk(PYC_COMPLEX);
        char *end;
        o->v.c.re = strtod(tmp + 2, &end);
        o->v.c.im = strtod(end + 1, NULL);
        return o;
    }
    case 's': return mk_text(PYC_STR, t + 2, n - 2);
    case 'b': return mk_text(PYC_BYTES, t + 2, n - 2);
    }
    ck_abort_msg("bad notation: %s", tmp);
    return NULL;
}

static PycObj *obj(const char *notation)
{
    const char *p = notation;
    return parse(&p);
}

static const char *repr(const char *notation, PyVer ver)
{
    static SBuf b = SBUF_INIT;
    sbuf_reset(&b);
    repr_obj(&b, obj(notation), ver);
    return sbuf_cstr(&b);
}

static void setup(void)
{
    arena_init(&A);
}

static void teardown(void)
{
    arena_free(&A);
}

/* ---- scalars ------------------------------------------------------------- */

START_TEST(singletons)
{
    ck_assert_str_eq(repr("N", 313), "None");
    ck_assert_str_eq(repr("T", 207), "True");
    ck_assert_str_eq(repr("F", 306), "False");
    ck_assert_str_eq(repr("E", 312), "Ellipsis");
    ck_assert_str_eq(repr("S", 312), "<class 'StopIteration'>");            /* 3.12.1 */
    ck_assert_str_eq(repr("S", 207), "<type 'exceptions.StopIteration'>");  /* 2.7.18 */
}
END_TEST

START_TEST(ints)
{
    ck_assert_str_eq(repr("i:0", 313), "0");
    ck_assert_str_eq(repr("i:-5", 313), "-5");
    ck_assert_str_eq(repr("i:9223372036854775807", 313), "9223372036854775807");
    ck_assert_str_eq(repr("i:-9223372036854775808", 313), "-9223372036854775808");
    ck_assert_str_eq(repr("i:1267650600228229401496703205376", 313),
                     "1267650600228229401496703205376");               /* 2**100 */
    ck_assert_str_eq(repr("i:-1180591620717411303424", 310), "-1180591620717411303424");
    /* 2.7.18: repr(5L), repr(-2**70), repr(2**63), repr(-5) */
    ck_assert_str_eq(repr("L:5", 207), "5L");
    ck_assert_str_eq(repr("L:-1180591620717411303424", 207), "-1180591620717411303424L");
    ck_assert_str_eq(repr("L:9223372036854775808", 207), "9223372036854775808L");
    ck_assert_str_eq(repr("i:-5", 207), "-5");
    /* the 2.x long flag means nothing to 3.x */
    ck_assert_str_eq(repr("L:5", 313), "5");
}
END_TEST

START_TEST(floats_and_complex)
{
    ck_assert_str_eq(repr("f:0.1", 313), "0.1");
    ck_assert_str_eq(repr("f:1e16", 207), "1e+16");
    ck_assert_str_eq(repr("f:-0.0", 314), "-0.0");
    ck_assert_str_eq(repr("c:0,1", 207), "1j");                 /* 2.7.18 and 3.x */
    ck_assert_str_eq(repr("c:-0.0,-0.0", 313), "(-0-0j)");
    ck_assert_str_eq(repr("c:1e16,1e-5", 207), "(1e+16+1e-05j)");
}
END_TEST

START_TEST(texts)
{
    /* 3.13.0: repr('é€😀'), repr(b"it's"); 2.7.18: repr(u'é€😀'), repr("it's") */
    ck_assert_str_eq(repr("s:\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 313),
                     "'\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'");
    ck_assert_str_eq(repr("s:\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 207),
                     "u'\\xe9\\u20ac\\U0001f600'");
    ck_assert_str_eq(repr("b:it's", 313), "b\"it's\"");
    ck_assert_str_eq(repr("b:it's", 207), "\"it's\"");
    ck_assert_str_eq(repr("s:", 313), "''");
    ck_assert_str_eq(repr("s:", 207), "u''");
    /* 🥺 is printable from 3.7 on (3.6.15 vs 3.8.18) */
    ck_assert_str_eq(repr("s:\xf0\x9f\xa5\xba", 306), "'\\U0001f97a'");
    ck_assert_str_eq(repr("s:\xf0\x9f\xa5\xba", 308), "'\xf0\x9f\xa5\xba'");
}
END_TEST

/* ---- containers ----------------------------------------------------------- */

START_TEST(sequences)
{
    ck_assert_str_eq(repr("( )", 313), "()");
    ck_assert_str_eq(repr("( i:1 )", 313), "(1,)");
    ck_assert_str_eq(repr("( i:1 i:2 )", 313), "(1, 2)");
    ck_assert_str_eq(repr("( ( ) ( i:1 ) [ ] )", 313), "((), (1,), [])");
    ck_assert_str_eq(repr("[ s:a b:b N ]", 313), "['a', b'b', None]");
    ck_assert_str_eq(repr("[ s:a b:b N ]", 207), "[u'a', 'b', None]");
    ck_assert_str_eq(repr("( i:1 s:two ( f:3.0 ( ) ) )", 310), "(1, 'two', (3.0, ()))");
}
END_TEST

START_TEST(dicts)
{
    /* marshal.loads of {'b': 1, 'a': 2, 'c': 3, 1: 'x', 1.0: 'y'} in file
     * order: 3.x keeps insertion order (first key, last value); 2.7 prints
     * its hash-table order */
    const char *d3 = "{ s:b i:1 s:a i:2 s:c i:3 i:1 s:x f:1.0 s:y }";
    const char *d2 = "{ b:b i:1 b:a i:2 b:c i:3 i:1 b:x f:1.0 b:y }";
    const char *want3 = "{'b': 1, 'a': 2, 'c': 3, 1: 'y'}";
    ck_assert_str_eq(repr(d3, 306), want3);   /* 3.6.15 */
    ck_assert_str_eq(repr(d3, 313), want3);   /* 3.13.0 */
    ck_assert_str_eq(repr(d3, 314), want3);   /* 3.14.2 */
    ck_assert_str_eq(repr(d2, 207), "{'a': 2, 1: 'y', 'c': 3, 'b': 1}");   /* 2.7.18 */
    ck_assert_str_eq(repr("{ }", 313), "{}");
}
END_TEST

START_TEST(empty_sets)
{
    /* repr(marshal.loads(b'>\0\0\0\0')), repr(marshal.loads(b'<\0\0\0\0')) */
    ck_assert_str_eq(repr("fs( )", 313), "frozenset()");
    ck_assert_str_eq(repr("set( )", 313), "set()");
    ck_assert_str_eq(repr("fs( )", 207), "frozenset([])");
    ck_assert_str_eq(repr("set( )", 207), "set([])");
    /* a set loaded from [3, 1, 2] */
    ck_assert_str_eq(repr("set( i:3 i:1 i:2 )", 313), "{1, 2, 3}");
    ck_assert_str_eq(repr("set( i:3 i:1 i:2 )", 207), "set([1, 2, 3])");
}
END_TEST

typedef struct SetCase {
    PyVer ver;
    const char *items;     /* file order */
    const char *want;
} SetCase;

#define K20_3 "fs( s:k0 s:k1 s:k2 s:k3 s:k4 s:k5 s:k6 s:k7 s:k8 s:k9 s:k10 s:k11 s:k12 s:k13 " \
              "s:k14 s:k15 s:k16 s:k17 s:k18 s:k19 )"
#define K20_2 "fs( b:k0 b:k1 b:k2 b:k3 b:k4 b:k5 b:k6 b:k7 b:k8 b:k9 b:k10 b:k11 b:k12 b:k13 " \
              "b:k14 b:k15 b:k16 b:k17 b:k18 b:k19 )"
#define VOW_3 "fs( s:a s:e s:i s:o s:u )"
#define INTS "fs( i:1 i:2 i:3 i:100 i:-1 i:4611686018427387904 i:-4611686018427387904 )"
#define MIX_3 "fs( N i:1 s:x f:2.5 ( i:1 s:a ) f:3.0 i:-7 )"
#define NONA_3 "fs( s:\xc3\xa9t\xc3\xa9 s:\xe2\x82\xac s:\xf0\x9f\x98\x80 s:plain )"
#define BIG_3 "fs( i:18446744073709551616 i:-18446744073709551616 i:1267650600228229401496703205383 " \
              "i:12345678901234567890123 )"
#define FLT "fs( f:0.5 f:-0.25 f:1e100 f:1.5 f:2.0 )"
#define DUPS "fs( i:1 T f:1.0 i:2 f:2.0 )"

static const SetCase SET_CASES[] = {
    /* 2.7.18 */
    {207, "fs( b:a b:e b:i b:o b:u )", "frozenset(['a', 'i', 'e', 'u', 'o'])"},
    {207, INTS, "frozenset([4611686018427387904, 1, 2, 3, 100, -4611686018427387904, -1])"},
    {207, K20_2, "frozenset(['k13', 'k12', 'k11', 'k10', 'k17', 'k16', 'k15', 'k14', 'k19', "
                 "'k18', 'k3', 'k2', 'k1', 'k0', 'k7', 'k6', 'k5', 'k4', 'k9', 'k8'])"},
    {207, "fs( N i:1 b:x f:2.5 ( i:1 b:a ) f:3.0 i:-7 )",
     "frozenset([2.5, 1, 3.0, -7, 'x', (1, 'a'), None])"},
    {207, DUPS, "frozenset([1, 2])"},
    {207, "fs( s:\xc3\xa9t\xc3\xa9 s:\xe2\x82\xac s:\xf0\x9f\x98\x80 b:plain )",
     "frozenset([u'\\U0001f600', 'plain', u'\\u20ac', u'\\xe9t\\xe9'])"},
    {207, "fs( L:18446744073709551616 L:-18446744073709551616 L:1267650600228229401496703205383 "
          "L:12345678901234567890123 )",
     "frozenset([12345678901234567890123L, 18446744073709551616L, -18446744073709551616L, "
     "1267650600228229401496703205383L])"},
    {207, FLT, "frozenset([0.5, -0.25, 2.0, 1.5, 1e+100])"},
    /* 3.6.15 */
    {306, VOW_3, "frozenset({'o', 'i', 'a', 'u', 'e'})"},
    {306, INTS, "frozenset({1, 2, 3, 100, 4611686018427387904, -4611686018427387904, -1})"},
    {306, K20_3, "frozenset({'k17', 'k19', 'k9', 'k0', 'k4', 'k6', 'k10', 'k1', 'k13', 'k3', "
                 "'k14', 'k2', 'k11', 'k8', 'k18', 'k16', 'k12', 'k15', 'k7', 'k5'})"},
    {306, MIX_3, "frozenset({1, 2.5, 3.0, 'x', None, (1, 'a'), -7})"},
    {306, DUPS, "frozenset({1, 2})"},
    {306, NONA_3, "frozenset({'\xe2\x82\xac', '\xc3\xa9t\xc3\xa9', '\xf0\x9f\x98\x80', 'plain'})"},
    {306, BIG_3, "frozenset({18446744073709551616, -18446744073709551616, 12345678901234567890123, "
                 "1267650600228229401496703205383})"},
    {306, FLT, "frozenset({0.5, -0.25, 2.0, 1.5, 1e+100})"},
    /* 3.8.18 */
    {308, VOW_3, "frozenset({'o', 'i', 'a', 'u', 'e'})"},
    {308, K20_3, "frozenset({'k0', 'k2', 'k15', 'k16', 'k19', 'k9', 'k10', 'k4', 'k14', 'k1', "
                 "'k13', 'k3', 'k8', 'k12', 'k5', 'k17', 'k6', 'k11', 'k18', 'k7'})"},
    {308, MIX_3, "frozenset({1, None, 2.5, 3.0, 'x', (1, 'a'), -7})"},
    /* 3.10.13 */
    {310, K20_3, "frozenset({'k0', 'k2', 'k15', 'k16', 'k19', 'k9', 'k10', 'k4', 'k14', 'k1', "
                 "'k13', 'k3', 'k8', 'k12', 'k5', 'k17', 'k6', 'k11', 'k18', 'k7'})"},
    {310, MIX_3, "frozenset({1, 2.5, 3.0, 'x', None, (1, 'a'), -7})"},
    /* 3.11.7 */
    {311, VOW_3, "frozenset({'u', 'i', 'a', 'o', 'e'})"},
    {311, K20_3, "frozenset({'k1', 'k8', 'k14', 'k18', 'k7', 'k15', 'k9', 'k3', 'k0', 'k10', "
                 "'k5', 'k19', 'k17', 'k6', 'k16', 'k11', 'k12', 'k2', 'k13', 'k4'})"},
    {311, MIX_3, "frozenset({(1, 'a'), 1, 2.5, 'x', 3.0, -7, None})"},
    {311, NONA_3, "frozenset({'\xe2\x82\xac', 'plain', '\xf0\x9f\x98\x80', '\xc3\xa9t\xc3\xa9'})"},
    /* 3.12.1 */
    {312, MIX_3, "frozenset({None, 1, 2.5, 'x', (1, 'a'), 3.0, -7})"},
    {312, K20_3, "frozenset({'k1', 'k8', 'k14', 'k18', 'k7', 'k15', 'k9', 'k3', 'k0', 'k10', "
                 "'k5', 'k19', 'k17', 'k6', 'k16', 'k11', 'k12', 'k2', 'k13', 'k4'})"},
    /* 3.13.0 */
    {313, VOW_3, "frozenset({'u', 'i', 'a', 'o', 'e'})"},
    {313, INTS, "frozenset({1, 2, 3, 100, 4611686018427387904, -4611686018427387904, -1})"},
    {313, MIX_3, "frozenset({None, 1, 2.5, 'x', (1, 'a'), 3.0, -7})"},
    {313, DUPS, "frozenset({1, 2})"},
    {313, BIG_3, "frozenset({18446744073709551616, -18446744073709551616, 12345678901234567890123, "
                 "1267650600228229401496703205383})"},
    /* 3.14.2 (pyodide: 32-bit hashes, FNV string hash) */
    {314, VOW_3, "frozenset({'a', 'e', 'i', 'o', 'u'})"},
    {314, INTS, "frozenset({1, 2, 3, 100, 4611686018427387904, -4611686018427387904, -1})"},
    {314, K20_3, "frozenset({'k13', 'k12', 'k11', 'k10', 'k17', 'k16', 'k15', 'k14', 'k19', "
                 "'k18', 'k3', 'k2', 'k1', 'k0', 'k7', 'k6', 'k5', 'k4', 'k9', 'k8'})"},
    {314, MIX_3, "frozenset({None, 1, 2.5, (1, 'a'), 3.0, 'x', -7})"},
    {314, NONA_3, "frozenset({'plain', '\xf0\x9f\x98\x80', '\xe2\x82\xac', '\xc3\xa9t\xc3\xa9'})"},
    {314, BIG_3, "frozenset({-18446744073709551616, 18446744073709551616, 12345678901234567890123, "
                 "1267650600228229401496703205383})"},
    {314, FLT, "frozenset({0.5, -0.25, 2.0, 1.5, 1e+100})"},
};

START_TEST(frozenset_order)
{
    const SetCase *c = &SET_CASES[_i];
    ck_assert_msg(strcmp(repr(c->items, c->ver), c->want) == 0,
                  "%d %s:\n  got  %s\n  want %s", c->ver, c->items, repr(c->items, c->ver), c->want);
}
END_TEST

/* ---- slices, code objects ---------------------------------------------------- */

START_TEST(slices)
{
    /* 3.14.2: repr(slice(1, None, 2)), repr(slice(None, -1, None)) */
    PycObj *items[3] = {obj("i:1"), &pyc_none, obj("i:2")};
    PycObj *sl = mk_items(PYC_SLICE, items, 3);
    SBuf b = SBUF_INIT;
    repr_obj(&b, sl, 314);
    ck_assert_str_eq(sbuf_cstr(&b), "slice(1, None, 2)");
    PycObj *items2[3] = {&pyc_none, obj("i:-1"), &pyc_none};
    sbuf_reset(&b);
    repr_obj(&b, mk_items(PYC_SLICE, items2, 3), 314);
    ck_assert_str_eq(sbuf_cstr(&b), "slice(None, -1, None)");
    sbuf_free(&b);
}
END_TEST

static CodeObj *mk_code(PyVer ver, const char *name, const char *file, int line, uint32_t index)
{
    CodeObj *co = arena_alloc(&A, sizeof *co);
    co->ver = ver;
    int k = PYV_MAJOR(ver) < 3 ? PYC_BYTES : PYC_STR;
    co->name = name ? mk_text(k, name, strlen(name)) : NULL;
    co->filename = file ? mk_text(k, file, strlen(file)) : NULL;
    co->firstlineno = line;
    co->index = index;
    return co;
}

START_TEST(code_objects)
{
    SBuf b = SBUF_INIT;
    repr_code(&b, mk_code(312, "add", "example.py", 3, 0));
    ck_assert_str_eq(sbuf_cstr(&b), "<code object add at 0x7f0000001000, file \"example.py\", line 3>");
    sbuf_reset(&b);
    repr_code(&b, mk_code(207, "<lambda>", "t.py", 12, 5));
    ck_assert_str_eq(sbuf_cstr(&b), "<code object <lambda> at 0x7f0000001500, file \"t.py\", line 12>");
    /* the same code object always gets the same address */
    CodeObj *co = mk_code(313, "f", "x.py", 1, 2);
    sbuf_reset(&b);
    repr_code(&b, co);
    SBuf b2 = SBUF_INIT;
    repr_code(&b2, co);
    ck_assert_str_eq(sbuf_cstr(&b), sbuf_cstr(&b2));
    /* firstlineno 0 prints as -1; no filename: 3.x `file ???`, 2.7 "???" */
    sbuf_reset(&b);
    repr_code(&b, mk_code(313, "m", NULL, 0, 1));
    ck_assert_str_eq(sbuf_cstr(&b), "<code object m at 0x7f0000001100, file ???, line -1>");
    sbuf_reset(&b);
    repr_code(&b, mk_code(207, NULL, NULL, 4, 1));
    ck_assert_str_eq(sbuf_cstr(&b), "<code object ??? at 0x7f0000001100, file \"???\", line 4>");
    /* inside a tuple, through repr_obj */
    PycObj *c = mk(PYC_CODE);
    c->v.code = mk_code(310, "g", "y.py", 7, 3);
    PycObj *items[2] = {c, &pyc_none};
    sbuf_reset(&b);
    repr_obj(&b, mk_items(PYC_TUPLE, items, 2), 310);
    ck_assert_str_eq(sbuf_cstr(&b), "(<code object g at 0x7f0000001300, file \"y.py\", line 7>, None)");
    sbuf_free(&b);
    sbuf_free(&b2);
}
END_TEST

/* ---- hostile shapes ------------------------------------------------------------ */

START_TEST(cycles)
{
    /* l = []; l.append(l); d = {}; d[1] = d (3.13.0: '[[...]]', '{1: {...}}') */
    SBuf b = SBUF_INIT;
    PycObj *l = mk(PYC_LIST);
    PycObj *li[1] = {l};
    l->len = 1;
    l->v.items = li;
    repr_obj(&b, l, 313);
    ck_assert_str_eq(sbuf_cstr(&b), "[[...]]");
    PycObj *d = mk(PYC_DICT);
    PycObj *di[2] = {obj("i:1"), d};
    d->len = 1;
    d->v.items = di;
    sbuf_reset(&b);
    repr_obj(&b, d, 313);
    ck_assert_str_eq(sbuf_cstr(&b), "{1: {...}}");
    /* a tuple holding itself (only hand-made marshal data can do it) */
    PycObj *t = mk(PYC_TUPLE);
    PycObj *ti[2] = {t, obj("i:2")};
    t->len = 2;
    t->v.items = ti;
    sbuf_reset(&b);
    repr_obj(&b, t, 312);
    ck_assert_str_eq(sbuf_cstr(&b), "((...), 2)");
    /* ... inside a frozenset: unhashable in practice; must just terminate */
    PycObj *fi[2] = {t, obj("i:5")};
    sbuf_reset(&b);
    repr_obj(&b, mk_items(PYC_FROZENSET, fi, 2), 312);
    ck_assert_uint_gt(b.len, 0);
    sbuf_free(&b);
}
END_TEST

START_TEST(unhashable_items_keep_file_order)
{
    /* CPython would refuse to load these; we print them in file order */
    ck_assert_str_eq(repr("fs( i:3 [ i:1 ] i:2 )", 313), "frozenset({3, [1], 2})");
    ck_assert_str_eq(repr("{ [ ] i:1 s:a i:2 }", 313), "{[]: 1, 'a': 2}");
}
END_TEST

START_TEST(exponential_dag_is_bounded)
{
    /* t0 = (1, 'x'); t(k+1) = (tk, tk): a 60-byte file could describe a
     * repr of 2**40 bytes.  Output and work must stay bounded. */
    PycObj *t = obj("( i:1 s:x )");
    for (int k = 0; k < 40; k++) {
        PycObj *pair[2] = {t, t};
        t = mk_items(PYC_TUPLE, pair, 2);
    }
    clock_t t0 = clock();
    SBuf b = SBUF_INIT;
    repr_obj(&b, t, 313);
    ck_assert_uint_le(b.len, ((size_t)64 << 20) + 4096);
    ck_assert_str_eq(b.data + b.len - 3, "...");
    PycObj *one[2] = {t, obj("i:7")};
    sbuf_reset(&b);
    repr_obj(&b, mk_items(PYC_FROZENSET, one, 2), 313);   /* hashing t is bounded too */
    ck_assert_uint_le(b.len, ((size_t)64 << 20) + 4096);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(secs < 30, "took %.1f s", secs);
    sbuf_free(&b);
}
END_TEST

START_TEST(null_and_odd_objects)
{
    SBuf b = SBUF_INIT;
    repr_obj(&b, NULL, 313);
    ck_assert_str_eq(sbuf_cstr(&b), "<NULL>");
    PycObj *s = mk(PYC_STR);          /* no text pointer */
    sbuf_reset(&b);
    repr_obj(&b, s, 313);
    ck_assert_str_eq(sbuf_cstr(&b), "''");
    PycObj *tup = mk(PYC_TUPLE);      /* count without items */
    tup->len = 3;
    sbuf_reset(&b);
    repr_obj(&b, tup, 313);
    ck_assert_str_eq(sbuf_cstr(&b), "()");
    sbuf_free(&b);
}
END_TEST

static Suite *repr_suite(void)
{
    Suite *s = suite_create("repr");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, singletons);
    tcase_add_test(tc, ints);
    tcase_add_test(tc, floats_and_complex);
    tcase_add_test(tc, texts);
    tcase_add_test(tc, sequences);
    tcase_add_test(tc, dicts);
    tcase_add_test(tc, empty_sets);
    tcase_add_loop_test(tc, frozenset_order, 0, (int)(sizeof SET_CASES / sizeof SET_CASES[0]));
    tcase_add_test(tc, slices);
    tcase_add_test(tc, code_objects);
    tcase_add_test(tc, cycles);
    tcase_add_test(tc, unhashable_items_keep_file_order);
    tcase_add_test(tc, null_and_odd_objects);
    suite_add_tcase(s, tc);
    TCase *big = tcase_create("bounds");
    tcase_add_checked_fixture(big, setup, teardown);
    tcase_set_timeout(big, 60);
    tcase_add_test(big, exponential_dag_is_bounded);
    suite_add_tcase(s, big);
    return s;
}

UNIT_MAIN(repr_suite)

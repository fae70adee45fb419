/* test_str.c — str, bytes and bytearray from C: the Unicode database,
 * storage kinds and singletons, UTF-8 caching, str_from_fmt, hashing,
 * interning, reprs, methods called through the type, codecs with their
 * error messages, format specs, str.format and %-formatting, plus a
 * random-input sweep over the decoders and the format parsers (no crash,
 * no read out of bounds under ASan).  Expected values were recorded from
 * CPython 3.12.1 (hashes with PYTHONHASHSEED=0).
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "unit.h"

static void setup(void)
{
    setenv("PYTHONHASHSEED", "0", 1);   /* the recorded hashes */
    vm_init(312, 0, NULL, NULL);
}

/* The pending exception as "Type: message", cleared. */
static const char *err_text(void)
{
    static char buf[1024];
    Obj *e = vm_err_fetch();
    if (!e) return strcpy(buf, "(no exception)");
    Obj *s = obj_str(e);
    Ssize n = 0;
    const char *u = s ? str_utf8_lossy(s, &n) : "?";
    snprintf(buf, sizeof buf, "%s: %.*s", type_name(OBJ_TYPE(e)), (int)n, u);
    XDECREF(s);
    DECREF(e);
    return buf;
}

/* repr(o) as UTF-8 (or the error text when o is NULL); releases o. */
static const char *R(Obj *o)
{
    static char bufs[4][4096];
    static int k;
    char *buf = bufs[k = (k + 1) % 4];
    if (!o) {
        snprintf(buf, 4096, "!! %s", err_text());
        return buf;
    }
    Obj *s = obj_repr(o);
    DECREF(o);
    if (!s) {
        snprintf(buf, 4096, "!! %s", err_text());
        return buf;
    }
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    snprintf(buf, 4096, "%.*s", (int)n, u);
    DECREF(s);
    return buf;
}

/* Objects the checks make inline (S("x") passed where a borrowed argument
 * is expected) are kept here until the test's process ends, so they are
 * neither freed under the call nor reported as leaks. */
static Obj *kept[4096];
static size_t nkept;
static Obj *keep(Obj *o)
{
    if (o && nkept < sizeof kept / sizeof kept[0]) kept[nkept++] = INCREF(o);
    return o;
}

static Obj *S(const char *s) { return keep(str_from_cstr(s)); }

/* o.name(args...) with n Obj* arguments (borrowed); returns a new ref. */
static Obj *call(Obj *o, const char *name, int n, ...)
{
    Obj *args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call_method(o, name, args, n);
}

/* ---- the Unicode database ------------------------------------------------ */

typedef struct UcdCase {
    uint32_t cp;
    unsigned flags;
    int decimal;
    int nu; uint32_t up[3];
    int nl; uint32_t lo[3];
    int nt; uint32_t ti[3];
    int nf; uint32_t fo[3];
} UcdCase;

/* Recorded from CPython 3.12.1: str.isalpha … isprintable, unicodedata.decimal,
 * upper/lower/title/casefold of each character alone. */
static const UcdCase UCD_CASES[] = {
    {0x41, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x41}, 1, {0x61}, 1, {0x41}, 1, {0x61}},
    {0x61, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x41}, 1, {0x61}, 1, {0x41}, 1, {0x61}},
    {0x30, UCD_DECIMAL | UCD_DIGIT | UCD_NUMERIC | UCD_PRINTABLE | UCD_XID_CONTINUE, 0, 1, {0x30}, 1, {0x30}, 1, {0x30}, 1, {0x30}},
    {0x20, UCD_SPACE | UCD_PRINTABLE, -1, 1, {0x20}, 1, {0x20}, 1, {0x20}, 1, {0x20}},
    {0x9, UCD_SPACE, -1, 1, {0x9}, 1, {0x9}, 1, {0x9}, 1, {0x9}},
    {0x1c, UCD_SPACE, -1, 1, {0x1c}, 1, {0x1c}, 1, {0x1c}, 1, {0x1c}},
    {0x85, UCD_SPACE, -1, 1, {0x85}, 1, {0x85}, 1, {0x85}, 1, {0x85}},
    {0xa0, UCD_SPACE, -1, 1, {0xa0}, 1, {0xa0}, 1, {0xa0}, 1, {0xa0}},
    {0xb2, UCD_DIGIT | UCD_NUMERIC | UCD_PRINTABLE, -1, 1, {0xb2}, 1, {0xb2}, 1, {0xb2}, 1, {0xb2}},
    {0xbd, UCD_NUMERIC | UCD_PRINTABLE, -1, 1, {0xbd}, 1, {0xbd}, 1, {0xbd}, 1, {0xbd}},
    {0xdf, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 2, {0x53, 0x53}, 1, {0xdf}, 2, {0x53, 0x73}, 2, {0x73, 0x73}},
    {0xe9, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0xc9}, 1, {0xe9}, 1, {0xc9}, 1, {0xe9}},
    {0x130, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x130}, 2, {0x69, 0x307}, 1, {0x130}, 2, {0x69, 0x307}},
    {0x131, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x49}, 1, {0x131}, 1, {0x49}, 1, {0x131}},
    {0x149, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 2, {0x2bc, 0x4e}, 1, {0x149}, 2, {0x2bc, 0x4e}, 2, {0x2bc, 0x6e}},
    {0x17f, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x53}, 1, {0x17f}, 1, {0x53}, 1, {0x73}},
    {0x1c5, UCD_ALPHA | UCD_PRINTABLE | UCD_TITLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x1c4}, 1, {0x1c6}, 1, {0x1c5}, 1, {0x1c6}},
    {0x1c6, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x1c4}, 1, {0x1c6}, 1, {0x1c5}, 1, {0x1c6}},
    {0x345, UCD_LOWER | UCD_PRINTABLE | UCD_XID_CONTINUE, -1, 1, {0x399}, 1, {0x345}, 1, {0x399}, 1, {0x3b9}},
    {0x390, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 3, {0x399, 0x308, 0x301}, 1, {0x390}, 3, {0x399, 0x308, 0x301}, 3, {0x3b9, 0x308, 0x301}},
    {0x3a3, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x3a3}, 1, {0x3c3}, 1, {0x3a3}, 1, {0x3c3}},
    {0x3c2, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x3a3}, 1, {0x3c2}, 1, {0x3a3}, 1, {0x3c3}},
    {0x660, UCD_DECIMAL | UCD_DIGIT | UCD_NUMERIC | UCD_PRINTABLE | UCD_XID_CONTINUE, 0, 1, {0x660}, 1, {0x660}, 1, {0x660}, 1, {0x660}},
    {0x663, UCD_DECIMAL | UCD_DIGIT | UCD_NUMERIC | UCD_PRINTABLE | UCD_XID_CONTINUE, 3, 1, {0x663}, 1, {0x663}, 1, {0x663}, 1, {0x663}},
    {0x1e9e, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x1e9e}, 1, {0xdf}, 1, {0x1e9e}, 2, {0x73, 0x73}},
    {0x2028, UCD_SPACE, -1, 1, {0x2028}, 1, {0x2028}, 1, {0x2028}, 1, {0x2028}},
    {0x2160, UCD_NUMERIC | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x2160}, 1, {0x2170}, 1, {0x2160}, 1, {0x2170}},
    {0x2170, UCD_NUMERIC | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x2160}, 1, {0x2170}, 1, {0x2160}, 1, {0x2170}},
    {0x3000, UCD_SPACE, -1, 1, {0x3000}, 1, {0x3000}, 1, {0x3000}, 1, {0x3000}},
    {0x4e00, UCD_ALPHA | UCD_NUMERIC | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x4e00}, 1, {0x4e00}, 1, {0x4e00}, 1, {0x4e00}},
    {0xfb01, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 2, {0x46, 0x49}, 1, {0xfb01}, 2, {0x46, 0x69}, 2, {0x66, 0x69}},
    {0xff21, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0xff21}, 1, {0xff41}, 1, {0xff21}, 1, {0xff41}},
    {0xd800, 0, -1, 1, {0xd800}, 1, {0xd800}, 1, {0xd800}, 1, {0xd800}},
    {0x1d7ce, UCD_DECIMAL | UCD_DIGIT | UCD_NUMERIC | UCD_PRINTABLE | UCD_XID_CONTINUE, 0, 1, {0x1d7ce}, 1, {0x1d7ce}, 1, {0x1d7ce}, 1, {0x1d7ce}},
    {0x1f600, UCD_PRINTABLE, -1, 1, {0x1f600}, 1, {0x1f600}, 1, {0x1f600}, 1, {0x1f600}},
    {0x10ffff, 0, -1, 1, {0x10ffff}, 1, {0x10ffff}, 1, {0x10ffff}, 1, {0x10ffff}},
    {0xe0001, 0, -1, 1, {0xe0001}, 1, {0xe0001}, 1, {0xe0001}, 1, {0xe0001}},
    {0x10400, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x10400}, 1, {0x10428}, 1, {0x10400}, 1, {0x10428}},
    {0x10428, UCD_ALPHA | UCD_LOWER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x10400}, 1, {0x10428}, 1, {0x10400}, 1, {0x10428}},
    {0x1f130, UCD_UPPER | UCD_PRINTABLE, -1, 1, {0x1f130}, 1, {0x1f130}, 1, {0x1f130}, 1, {0x1f130}},
    {0x2c2f, UCD_ALPHA | UCD_UPPER | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE, -1, 1, {0x2c2f}, 1, {0x2c5f}, 1, {0x2c2f}, 1, {0x2c5f}},
};

static void check_map(int (*fn)(uint32_t, uint32_t *), uint32_t cp, int n, const uint32_t *want)
{
    uint32_t out[3] = {0, 0, 0};
    int k = fn(cp, out);
    ck_assert_msg(k == n, "U+%04X: %d code points, expected %d", cp, k, n);
    for (int i = 0; i < n; i++) ck_assert_msg(out[i] == want[i], "U+%04X[%d]: %X != %X", cp, i, out[i], want[i]);
}

START_TEST(test_ucd)
{
    const unsigned mask = UCD_ALPHA | UCD_DECIMAL | UCD_DIGIT | UCD_NUMERIC | UCD_SPACE | UCD_LOWER | UCD_UPPER |
                          UCD_TITLE | UCD_PRINTABLE | UCD_XID_START | UCD_XID_CONTINUE;
    for (size_t i = 0; i < sizeof UCD_CASES / sizeof UCD_CASES[0]; i++) {
        const UcdCase *c = &UCD_CASES[i];
        ck_assert_msg((ucd_flags(c->cp) & mask) == c->flags, "U+%04X flags %x != %x", c->cp,
                      ucd_flags(c->cp) & mask, c->flags);
        ck_assert_int_eq(ucd_decimal(c->cp), c->decimal);
        check_map(ucd_to_upper, c->cp, c->nu, c->up);
        check_map(ucd_to_lower, c->cp, c->nl, c->lo);
        check_map(ucd_to_title, c->cp, c->nt, c->ti);
        check_map(ucd_to_fold, c->cp, c->nf, c->fo);
    }
    /* out of range: no properties, maps to itself */
    ck_assert_uint_eq(ucd_flags(0x110000) & mask, 0);
}
END_TEST

/* ---- storage ---------------------------------------------------------------------- */

START_TEST(test_kinds)
{
    Obj *a = S("abc"), *b = S("h\xc3\xa9"), *c = S("\xe2\x82\xac"), *d = S("\xf0\x9f\x98\x80x");
    ck_assert_int_eq(((StrObj *)a)->kind, 1);
    ck_assert(((StrObj *)a)->ascii);
    ck_assert_int_eq(((StrObj *)b)->kind, 1);
    ck_assert(!((StrObj *)b)->ascii);
    ck_assert_int_eq(((StrObj *)c)->kind, 2);
    ck_assert_int_eq(((StrObj *)d)->kind, 4);
    ck_assert_int_eq(VAR_SIZE(d), 2);
    ck_assert_uint_eq(str_char(d, 0), 0x1f600);
    /* a slice of a wide string is narrowed again */
    Obj *x = str_substr(d, 1, 2);
    ck_assert_int_eq(((StrObj *)x)->kind, 1);
    ck_assert(((StrObj *)x)->ascii);
    /* single latin-1 characters and '' are shared */
    Obj *y = S("x");
    ck_assert_ptr_eq(x, y);
    Obj *e1 = S(""), *e2 = str_substr(a, 2, 1);
    ck_assert_ptr_eq(e1, e2);
    uint32_t cps[] = {0x61, 0x100};
    Obj *z = str_from_ucs4(cps, 2);
    ck_assert_int_eq(((StrObj *)z)->kind, 2);
    Obj *w = str_from_ucs4(cps, 1);
    ck_assert_int_eq(((StrObj *)w)->kind, 1);
    ck_assert(str_eq(a, S("abc")));
    ck_assert(!str_eq(a, b));
    ck_assert(str_eq_cstr(b, "h\xc3\xa9"));
    ck_assert_int_lt(str_compare(a, b), 0);
    ck_assert_int_gt(str_compare(d, c), 0);
    ck_assert_int_lt(str_compare(S("ab"), a), 0);
    ck_assert_int_eq(str_compare(a, a), 0);
    ck_assert(str_isidentifier(b));
    ck_assert(!str_isidentifier(S("1a")));
}
END_TEST

START_TEST(test_utf8)
{
    Obj *s = S("caf\xc3\xa9 \xf0\x9f\x98\x80");
    Ssize n;
    const char *u = str_utf8(s, &n);
    ck_assert_int_eq(n, 10);
    ck_assert_mem_eq(u, "caf\xc3\xa9 \xf0\x9f\x98\x80", 10);
    ck_assert_ptr_eq(str_utf8(s, NULL), u);   /* cached */
    /* a lone surrogate: strict fails with CPython's message, lossy passes it */
    Obj *sur = S("a\xed\xa0\x80");
    ck_assert_int_eq(VAR_SIZE(sur), 2);
    ck_assert_uint_eq(str_char(sur, 1), 0xd800);
    ck_assert_ptr_null(str_utf8(sur, &n));
    ck_assert_str_eq(err_text(),
                     "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed");
    u = str_utf8_lossy(sur, &n);
    ck_assert_int_eq(n, 4);
    ck_assert_mem_eq(u, "a\xed\xa0\x80", 4);
    /* stray bytes become U+FFFD */
    Obj *bad = str_from_utf8("a\xff", 2);
    ck_assert_uint_eq(str_char(bad, 1), 0xfffd);
}
END_TEST

START_TEST(test_fmt)
{
    Obj *t = S("t\xc3\xa9xt");
    ck_assert_str_eq(R(str_from_fmt("%s|%d|%ld|%zd|%u|%x|%c|%%", "\xc3\xa9", -5, 1234567890123L, (Ssize)-7, 42u, 255u, 0x20ac)),
                     "'é|-5|1234567890123|-7|42|ff|€|%'");
    ck_assert_str_eq(R(str_from_fmt("%R %S %A %U %T", t, t, t, t, t)), "\"'téxt' téxt 't\\\\xe9xt' téxt str\"");
    ck_assert_str_eq(R(str_from_fmt("[%.2s][%5s][%-5s][%.200U]", "abc", "ab", "ab", t)), "'[ab][   ab][ab   ][téxt]'");
    ck_assert_str_eq(R(str_from_fmt("%V|%V", (Obj *)NULL, "fallback", t, "x")), "'fallback|téxt'");
    ck_assert_str_eq(R(str_from_fmt("%05d|%-4d|%3x", 42, 7, 10u)), "'00042|7   |  a'");
    Obj *p = str_from_fmt("%p", (void *)0x1234);
    ck_assert(str_eq_cstr(p, "0x1234"));
}
END_TEST

START_TEST(test_hash)
{
    static const struct { const char *s; long long h; } cases[] = {
        {"", 0}, {"a", 4644417185603328019LL}, {"abc", -4594863902769663758LL},
        {"\xc3\xa9", 6047309291227476195LL}, {"\xe2\x82\xac", -5529981157763016009LL},
        {"\xf0\x9f\x98\x80", -3536540696076613844LL}, {"h\xc3\xa9llo w\xc3\xb6rld", 2851654936439523187LL},
        {"ab\xe2\x82\xac" "d", -8807734634406844974LL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Obj *s = S(cases[i].s);
        ck_assert_msg((long long)obj_hash(s) == cases[i].h, "hash(%s)", cases[i].s);
        DECREF(s);
    }
    Obj *b = bytes_from("abc", 3);
    ck_assert_int_eq((long long)obj_hash(b), -4594863902769663758LL);
    b = bytes_from("\xff", 2);
    ck_assert_int_eq((long long)obj_hash(b), 7217110220190950386LL);
    ck_assert_int_eq((long long)obj_hash(bytes_from("", 0)), 0);
}
END_TEST

START_TEST(test_intern)
{
    Obj *a = str_intern_cstr("some_name"), *b = str_intern_cstr("some_name");
    ck_assert_ptr_eq(a, b);
    Obj *c = S("some_name");
    ck_assert_ptr_ne(a, c);
    str_intern_inplace(&c);
    ck_assert_ptr_eq(a, c);
    ck_assert(((StrObj *)a)->interned);
}
END_TEST

START_TEST(test_repr)
{
    ck_assert_str_eq(R(str_repr(S("it's"))), "'\"it\\'s\"'");
    ck_assert_str_eq(R(S("it's")), "\"it's\"");
    ck_assert_str_eq(R(S("both ' \"")), "'both \\' \"'");
    ck_assert_str_eq(R(S("\x01\t\n\r\x7f\xc2\x80\xc2\xa0\xc2\xad\\")), "'\\x01\\t\\n\\r\\x7f\\x80\\xa0\\xad\\\\'");
    ck_assert_str_eq(R(S("\xe2\x80\xa8\xed\xa0\x80\xf3\xa0\x80\x81\xf0\x9f\x98\x80\xc3\xa9")),
                     "'\\u2028\\ud800\\U000e0001😀é'");
    ck_assert_str_eq(R(bytes_from("'\"\\\t\n\r\x00\x7f\x80\xff", 10)),
                     "b'\\'\"\\\\\\t\\n\\r\\x00\\x7f\\x80\\xff'");
    ck_assert_str_eq(R(bytes_from("'", 1)), "b\"'\"");
    ck_assert_str_eq(R(bytearray_from("a'b", 3)), "bytearray(b\"a\\'b\")");
}
END_TEST

/* ---- methods through the type ---------------------------------------------------------- */

START_TEST(test_methods)
{
    Obj *s = S("  a b  c ");
    ck_assert_str_eq(R(call(s, "split", 0)), "['a', 'b', 'c']");
    Obj *one = int_from_i64(1);
    ck_assert_str_eq(R(call(s, "rsplit", 2, NONE, one)), "['  a b', 'c']");
    ck_assert_str_eq(R(call(S("a,b,,c"), "split", 1, S(","))), "['a', 'b', '', 'c']");
    ck_assert_str_eq(R(call(S("-"), "join", 1, S("xyz"))), "'x-y-z'");
    ck_assert_str_eq(R(call(S("ab"), "center", 2, int_from_i64(5), S("*"))), "'**ab*'");
    ck_assert_str_eq(R(call(S("aaa"), "replace", 3, S("a"), S("b"), int_from_i64(2))), "'bba'");
    ck_assert_str_eq(R(call(S("abc"), "replace", 2, S(""), S("-"))), "'-a-b-c-'");
    ck_assert_str_eq(R(call(S("stra\xc3\x9f" "e \xce\xa3\xce\x91\xce\xa3"), "lower", 0)), "'straße σας'");
    ck_assert_str_eq(R(call(S("stra\xc3\x9f" "e"), "upper", 0)), "'STRASSE'");
    ck_assert_str_eq(R(call(S("they're bill's"), "title", 0)), "\"They'Re Bill'S\"");
    ck_assert_str_eq(R(call(S("\xc7\x86" "a"), "capitalize", 0)), "'ǅa'");
    ck_assert_str_eq(R(call(S("-42"), "zfill", 1, int_from_i64(6))), "'-00042'");
    ck_assert_str_eq(R(call(S("a\tb\n\tc"), "expandtabs", 0)), "'a       b\\n        c'");
    ck_assert_str_eq(R(call(S("banana"), "count", 1, S(""))), "7");
    ck_assert_str_eq(R(call(S("banana"), "rfind", 1, S("na"))), "4");
    ck_assert_str_eq(R(call(S("a=b=c"), "rpartition", 1, S("="))), "('a=b', '=', 'c')");
    ck_assert_str_eq(R(call(S("a\nb\r\nc\rd\x0b" "e"), "splitlines", 0)), "['a', 'b', 'c', 'd', 'e']");
    ck_assert_str_eq(R(call(S("xxaxx"), "strip", 1, S("x"))), "'a'");
    ck_assert_str_eq(R(call(S("\xc2\xb2"), "isdigit", 0)), "True");
    ck_assert_str_eq(R(call(S("\xc2\xb2"), "isdecimal", 0)), "False");
    ck_assert_str_eq(R(call(S("\xc7\x85"), "istitle", 0)), "True");
    /* errors */
    ck_assert_str_eq(R(call(S("a"), "count", 0)), "!! TypeError: count() takes at least 1 argument (0 given)");
    ck_assert_str_eq(R(call(S("a"), "center", 0)), "!! TypeError: center expected at least 1 argument, got 0");
    ck_assert_str_eq(R(call(S("a"), "center", 2, int_from_i64(5), S("ab"))),
                     "!! TypeError: The fill character must be exactly one character long");
    ck_assert_str_eq(R(call(S("a"), "split", 1, S(""))), "!! ValueError: empty separator");
    ck_assert_str_eq(R(call(S("a"), "index", 1, S("b"))), "!! ValueError: substring not found");
    ck_assert_str_eq(R(call(S("-"), "join", 1, int_from_i64(5))), "!! TypeError: can only join an iterable");
    ck_assert_str_eq(R(call(S("a"), "startswith", 1, one)),
                     "!! TypeError: startswith first arg must be str or a tuple of str, not int");
    ck_assert_str_eq(R(call(S("a"), "replace", 2, S("a"), one)),
                     "!! TypeError: replace() argument 2 must be str, not int");
    /* sequence protocol */
    ck_assert_str_eq(R(obj_getitem(S("hello"), int_from_i64(-1))), "'o'");
    ck_assert_str_eq(R(obj_getitem(S("hello"), slice_new(NULL, NULL, int_from_i64(-2)))), "'olh'");
    ck_assert_str_eq(R(obj_getitem(S("hello"), int_from_i64(9))), "!! IndexError: string index out of range");
    ck_assert_str_eq(R(obj_getitem(S("hello"), S("x"))), "!! TypeError: string indices must be integers, not 'str'");
    ck_assert_int_eq(obj_contains(S("hello"), S("ll")), 1);
    ck_assert_int_eq(obj_contains(S("hello"), one), -1);
    ck_assert_str_eq(err_text(), "TypeError: 'in <string>' requires string as left operand, not int");
    ck_assert_str_eq(R(num_binary(S("ab"), int_from_i64(3), NB_MULTIPLY)), "'ababab'");
    ck_assert_str_eq(R(num_binary(S("ab"), S("cd"), NB_ADD)), "'abcd'");
    ck_assert_str_eq(R(seq_to_list(S("a\xc3\xa9\xf0\x9f\x98\x80"))), "['a', 'é', '😀']");
}
END_TEST

/* ---- codecs -------------------------------------------------------------------------------- */

START_TEST(test_codecs)
{
    Obj *t = S("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    ck_assert_str_eq(R(str_encode(t, NULL, NULL)), "b'a\\xc3\\xa9\\xe2\\x82\\xac\\xf0\\x9f\\x98\\x80'");
    ck_assert_str_eq(R(str_encode(t, "UTF_16 BE", NULL)), "b'\\x00a\\x00\\xe9 \\xac\\xd8=\\xde\\x00'");
    ck_assert_str_eq(R(str_encode(t, "utf-32", NULL)),
                     "b'\\xff\\xfe\\x00\\x00a\\x00\\x00\\x00\\xe9\\x00\\x00\\x00\\xac \\x00\\x00\\x00\\xf6\\x01\\x00'");
    ck_assert_str_eq(R(str_encode(t, "latin-1", NULL)),
                     "!! UnicodeEncodeError: 'latin-1' codec can't encode characters in position 2-3: ordinal not in range(256)");
    ck_assert_str_eq(R(str_encode(S("\xc3\xa9"), "ascii", NULL)),
                     "!! UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)");
    ck_assert_str_eq(R(str_encode(t, "ascii", "backslashreplace")), "b'a\\\\xe9\\\\u20ac\\\\U0001f600'");
    ck_assert_str_eq(R(str_encode(t, "ascii", "xmlcharrefreplace")), "b'a&#233;&#8364;&#128512;'");
    ck_assert_str_eq(R(str_encode(t, "latin-1", "replace")), "b'a\\xe9?\?'");
    ck_assert_str_eq(R(str_encode(t, "ascii", "bogus")), "!! LookupError: unknown error handler name 'bogus'");
    ck_assert_str_eq(R(str_encode(t, "foo", NULL)), "!! LookupError: unknown encoding: foo");
    ck_assert_str_eq(R(str_encode(t, "rot13", NULL)),
                     "!! LookupError: 'rot13' is not a text encoding; use codecs.encode() to handle arbitrary codecs");
    ck_assert_str_eq(R(str_encode(S("\xed\xb2\x80x"), "utf-8", "surrogateescape")), "b'\\x80x'");
    ck_assert_str_eq(R(str_decode("a\xe9" "bc", 4, "utf-8", NULL)),
                     "!! UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 1: invalid continuation byte");
    ck_assert_str_eq(R(str_decode("a\xf0\x9f", 3, NULL, NULL)),
                     "!! UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 1-2: unexpected end of data");
    ck_assert_str_eq(R(str_decode("\xed\xa0\x80x\xff", 5, "utf-8", "replace")), "'���x�'");
    ck_assert_str_eq(R(str_decode("\xed\xa0\x80x\xff", 5, "utf-8", "surrogateescape")),
                     "'\\udced\\udca0\\udc80x\\udcff'");
    ck_assert_str_eq(R(str_decode("\xed\xa0\x80", 3, "utf-8", "surrogatepass")), "'\\ud800'");
    ck_assert_str_eq(R(str_decode("\xed\xa0", 2, "utf-8", "surrogatepass")),
                     "!! UnicodeDecodeError: 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte");
    ck_assert_str_eq(R(str_decode("\xe0\xa0x", 3, "utf-8", "backslashreplace")), "'\\\\xe0\\\\xa0x'");
    ck_assert_str_eq(R(str_decode("\xff", 1, "utf-8", "xmlcharrefreplace")),
                     "!! TypeError: don't know how to handle UnicodeDecodeError in error callback");
    ck_assert_str_eq(R(str_decode("\xfe\xff\xd8\x00", 4, "utf-16", NULL)),
                     "!! UnicodeDecodeError: 'utf-16-be' codec can't decode bytes in position 2-3: unexpected end of data");
    ck_assert_str_eq(R(str_decode("\x00\xd8" "a\x00", 4, "utf-16", "surrogatepass")), "'\\ud800a'");
    ck_assert_str_eq(R(str_decode("\x00\x00\x11\x00", 4, "utf-32", NULL)),
                     "!! UnicodeDecodeError: 'utf-32-le' codec can't decode bytes in position 0-3: code point not in range(0x110000)");
    ck_assert_str_eq(R(str_decode("\xe9\xff", 2, "latin1", NULL)), "'éÿ'");
    ck_assert_str_eq(R(str_decode("\x80", 1, "us-ascii", "surrogateescape")), "'\\udc80'");
    ck_assert_str_eq(R(str_to_decimal_ascii(S(" \xd9\xa3\xd9\xa4\xe3\x80\x80"))), "' 34 '");
    ck_assert_str_eq(R(str_to_decimal_ascii(S("1\xc3\xa9" "2"))), "'1?'");
}
END_TEST

/* ---- formatting ------------------------------------------------------------------------------ */

START_TEST(test_format_spec)
{
    static const struct { const char *spec, *want; } cases[] = {
        {"", "'abc'"}, {"^10", "'   abc    '"}, {"*^9", "'***abc***'"}, {"\xc3\xa9>6", "'éééabc'"},
        {"^10.2", "'    ab    '"}, {"010", "'abc0000000'"}, {">04", "'0abc'"}, {"\xd9\xa5", "'abc  '"},
        {"=", "!! ValueError: '=' alignment not allowed in string format specifier"},
        {"+", "!! ValueError: Sign not allowed in string format specifier"},
        {" ", "!! ValueError: Space not allowed in string format specifier"},
        {"#", "!! ValueError: Alternate form (#) not allowed in string format specifier"},
        {",", "!! ValueError: Cannot specify ',' with 's'."},
        {"_,", "!! ValueError: Cannot specify both ',' and '_'."},
        {",,", "!! ValueError: Cannot specify ',' with ','."},
        {"z", "!! ValueError: Negative zero coercion (z) not allowed in string format specifier"},
        {"10.2ss", "!! ValueError: Invalid format specifier '10.2ss' for object of type 'str'"},
        {".", "!! ValueError: Format specifier missing precision"},
        {"d", "!! ValueError: Unknown format code 'd' for object of type 'str'"},
        {"\xc3\xa9", "!! ValueError: Unknown format code '\\xe9' for object of type 'str'"},
        {"99999999999999999999", "!! ValueError: Too many decimal digits in format string"},
    };
    Obj *v = S("abc");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_str_eq(R(str_format_spec(v, S(cases[i].spec))), cases[i].want);
}
END_TEST

static Obj *fmt(const char *f, int n, ...)
{
    Obj *args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call_method(S(f), "format", args, n);
}

START_TEST(test_str_format)
{
    Obj *one = int_from_i64(1), *five = int_from_i64(5);
    ck_assert_str_eq(R(fmt("{1} {0} {1}", 2, S("x"), S("y"))), "'y x y'");
    ck_assert_str_eq(R(fmt("{{}} {{{}}} }}{{", 1, int_from_i64(7))), "'{} {7} }{'");
    ck_assert_str_eq(R(fmt("{:{}}|", 2, S("ab"), five)), "'ab   |'");
    ck_assert_str_eq(R(fmt("{!r:^7}", 1, S("a"))), "\"  'a'  \"");
    ck_assert_str_eq(R(fmt("{0[1]}", 1, S("xyz"))), "'y'");
    ck_assert_str_eq(R(fmt("{}", 0)), "!! IndexError: Replacement index 0 out of range for positional args tuple");
    ck_assert_str_eq(R(fmt("{", 0)), "!! ValueError: Single '{' encountered in format string");
    ck_assert_str_eq(R(fmt("}", 0)), "!! ValueError: Single '}' encountered in format string");
    ck_assert_str_eq(R(fmt("{0!x}", 1, one)), "!! ValueError: Unknown conversion specifier x");
    ck_assert_str_eq(R(fmt("{0!}", 1, one)), "!! ValueError: unmatched '{' in format spec");
    ck_assert_str_eq(R(fmt("{0!rr}", 1, one)), "!! ValueError: expected ':' after conversion specifier");
    ck_assert_str_eq(R(fmt("{0", 1, one)), "!! ValueError: expected '}' before end of string");
    ck_assert_str_eq(R(fmt("{}{0}", 1, one)),
                     "!! ValueError: cannot switch from automatic field numbering to manual field specification");
    ck_assert_str_eq(R(fmt("{0}{}", 1, one)),
                     "!! ValueError: cannot switch from manual field specification to automatic field numbering");
    ck_assert_str_eq(R(fmt("{0.}", 1, one)), "!! ValueError: Empty attribute in format string");
    ck_assert_str_eq(R(fmt("{0[0]x}", 1, S("ab"))), "!! ValueError: Only '.' or '[' may follow ']' in format field specifier");
    ck_assert_str_eq(R(fmt("{:{:{}}}", 3, S("a"), five, one)), "!! ValueError: Max string recursion exceeded");
    ck_assert_str_eq(R(fmt("{a{}", 1, one)), "!! ValueError: unexpected '{' in field name");
    ck_assert_str_eq(R(fmt("{x}", 0)), "!! KeyError: 'x'");
    ck_assert_str_eq(R(obj_call_method(S("{}"), "format_map", &one, 1)),
                     "!! ValueError: Format string contains positional fields");
}
END_TEST

static Obj *pct(const char *f, int n, ...)
{
    Obj *t = tuple_new(n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) TUPLE_ITEMS(t)[i] = va_arg(ap, Obj *);
    va_end(ap);
    Obj *r = str_percent_format(S(f), t);
    return r;
}

START_TEST(test_percent)
{
    ck_assert_str_eq(R(pct("%s|%5s|%-5s|%.2s|%r", 5, S("a"), S("ab"), S("ab"), S("abc"), S("\xc3\xa9"))),
                     "\"a|   ab|ab   |ab|'é'\"");
    ck_assert_str_eq(R(pct("%.5d|%8.5d|%-8.5d|%08.5d", 4, int_from_i64(42), int_from_i64(-42), int_from_i64(-42),
                           int_from_i64(-42))),
                     "'00042|  -00042|-00042  |-0000042'");
    ck_assert_str_eq(R(pct("%x %X %o %#x %#o %#08x", 6, int_from_i64(255), int_from_i64(255), int_from_i64(8),
                           int_from_i64(255), int_from_i64(8), int_from_i64(255))),
                     "'ff FF 10 0xff 0o10 0x0000ff'");
    ck_assert_str_eq(R(pct("%c%c|%5c|", 3, int_from_i64(0x20ac), S("x"), int_from_i64(65))), "'€x|    A|'");
    ck_assert_str_eq(R(pct("%*d|%-*d|%%", 4, int_from_i64(5), int_from_i64(1), int_from_i64(4), int_from_i64(1))),
                     "'    1|1   |%'");
    ck_assert_str_eq(R(pct("%s %s", 1, int_from_i64(1))), "!! TypeError: not enough arguments for format string");
    ck_assert_str_eq(R(pct("%s", 2, int_from_i64(1), int_from_i64(2))),
                     "!! TypeError: not all arguments converted during string formatting");
    ck_assert_str_eq(R(pct("%d", 1, S("x"))), "!! TypeError: %d format: a real number is required, not str");
    ck_assert_str_eq(R(pct("%x", 1, S("x"))), "!! TypeError: %x format: an integer is required, not str");
    ck_assert_str_eq(R(pct("%y", 1, int_from_i64(1))), "!! ValueError: unsupported format character 'y' (0x79) at index 1");
    ck_assert_str_eq(R(pct("a%", 0)), "!! ValueError: incomplete format");
    ck_assert_str_eq(R(pct("%(a)s", 1, int_from_i64(1))), "!! TypeError: format requires a mapping");
    ck_assert_str_eq(R(pct("%c", 1, int_from_i64(0x110000))), "!! OverflowError: %c arg not in range(0x110000)");
    ck_assert_str_eq(R(pct("%5%", 1, int_from_i64(1))), "!! ValueError: unsupported format character '%' (0x25) at index 2");
    Obj *d = dict_new();
    dict_set_str(d, "a", int_from_i64(7));
    ck_assert_str_eq(R(str_percent_format(S("%(a)s %(a)05d"), d)), "'7 00007'");
    ck_assert_str_eq(R(str_percent_format(S("%s"), S("x"))), "'x'");
    ck_assert_str_eq(R(str_percent_format(S(""), int_from_i64(1))),
                     "!! TypeError: not all arguments converted during string formatting");
    /* bytes */
    Obj *b = bytes_from("%s|%c|%d|%r", 11);
    Obj *t = tuple_pack(4, bytes_from("ab", 2), int_from_i64(65), int_from_i64(-3), S("\xc3\xa9"));
    ck_assert_str_eq(R(num_binary(b, t, NB_REMAINDER)), "b\"ab|A|-3|'\\\\xe9'\"");
    t = tuple_pack(4, S("x"), int_from_i64(65), int_from_i64(-3), S("\xc3\xa9"));
    ck_assert_str_eq(R(num_binary(b, t, NB_REMAINDER)),
                     "!! TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'str'");
    ck_assert_str_eq(R(num_binary(bytes_from("", 0), bytes_from("a", 1), NB_REMAINDER)),
                     "!! TypeError: not all arguments converted during bytes formatting");
}
END_TEST

/* ---- bytes / bytearray ---------------------------------------------------------------------- */

START_TEST(test_bytes)
{
    Obj *b = bytes_from("Hello, World", 12);
    ck_assert_str_eq(R(call(b, "split", 1, bytes_from(", ", 2))), "[b'Hello', b'World']");
    ck_assert_str_eq(R(call(b, "find", 1, int_from_i64(111))), "4");
    ck_assert_str_eq(R(call(b, "find", 1, S("o"))),
                     "!! TypeError: argument should be integer or bytes-like object, not 'str'");
    ck_assert_str_eq(R(call(b, "hex", 2, S(":"), int_from_i64(-5))), "'48656c6c6f:2c20576f72:6c64'");
    ck_assert_str_eq(R(call(b, "upper", 0)), "b'HELLO, WORLD'");
    ck_assert_str_eq(R(call(b, "center", 2, int_from_i64(14), bytes_from("*", 1))), "b'*Hello, World*'");
    ck_assert_str_eq(R(call(b, "decode", 1, S("ascii"))), "'Hello, World'");
    ck_assert_str_eq(R(obj_call_method((Obj *)&bytes_type, "fromhex", (Obj *[]){S(" ab\tcd ")}, 1)), "b'\\xab\\xcd'");
    ck_assert_str_eq(R(obj_call_method((Obj *)&bytes_type, "fromhex", (Obj *[]){S("a b")}, 1)),
                     "!! ValueError: non-hexadecimal number found in fromhex() arg at position 1");
    ck_assert_str_eq(R(obj_getitem(b, int_from_i64(-1))), "100");
    ck_assert_str_eq(R(obj_getitem(b, slice_new(NULL, NULL, int_from_i64(-3)))), "b'do,l'");
    ck_assert_int_eq(obj_contains(b, int_from_i64(72)), 1);
    ck_assert_int_eq(obj_contains(b, int_from_i64(256)), -1);
    ck_assert_str_eq(err_text(), "ValueError: byte must be in range(0, 256)");
    ck_assert_str_eq(R(obj_call((Obj *)&bytes_type, (Obj *[]){S("a")}, 1, NULL)),
                     "!! TypeError: string argument without an encoding");
    ck_assert_str_eq(R(obj_call((Obj *)&bytes_type, (Obj *[]){int_from_i64(3)}, 1, NULL)), "b'\\x00\\x00\\x00'");

    Obj *ba = bytearray_from("abc", 3);
    ck_assert_str_eq(R(call(ba, "append", 1, int_from_i64(100))), "None");
    ck_assert_str_eq(R(call(ba, "extend", 1, bytes_from("ef", 2))), "None");
    ck_assert_str_eq(R(call(ba, "insert", 2, int_from_i64(-100), int_from_i64(95))), "None");
    ck_assert_str_eq(R(call(ba, "pop", 0)), "102");
    ck_assert_str_eq(R(INCREF(ba)), "bytearray(b'_abcde')");
    ck_assert_int_eq(obj_setitem(ba, slice_new(int_from_i64(1), int_from_i64(3), NULL), bytes_from("XYZ", 3)), 0);
    ck_assert_str_eq(R(INCREF(ba)), "bytearray(b'_XYZcde')");
    ck_assert_int_eq(obj_delitem(ba, slice_new(NULL, NULL, int_from_i64(2))), 0);
    ck_assert_str_eq(R(INCREF(ba)), "bytearray(b'XZd')");
    ck_assert_int_eq(obj_setitem(ba, int_from_i64(0), int_from_i64(256)), -1);
    ck_assert_str_eq(err_text(), "ValueError: byte must be in range(0, 256)");
    ck_assert_str_eq(R(call(ba, "extend", 1, int_from_i64(1))), "!! TypeError: can't extend bytearray with int");
    ck_assert_str_eq(R(call(ba, "__alloc__", 0)), "4");
    ck_assert_str_eq(R(num_binary(ba, bytes_from("!", 1), NB_INPLACE_ADD)), "bytearray(b'XZd!')");
}
END_TEST

/* ---- recorded random calls (tests/data/str_cases.txt, tools/gen_str_cases.py) ----------------- */

static unsigned char *unhex(const char *h, Ssize *n)
{
    size_t l = strlen(h) / 2;
    unsigned char *p = malloc(l + 1);
    for (size_t i = 0; i < l; i++) {
        unsigned v = 0;
        sscanf(h + 2 * i, "%2x", &v);
        p[i] = (unsigned char)v;
    }
    *n = (Ssize)l;
    return p;
}

/* One token of the case file as an object (new reference). */
static Obj *case_token(char *t)
{
    if (strcmp(t, "n") == 0) return INCREF(NONE);
    if (t[0] == 'B') return bool_from(t[2] == '1');
    if (t[0] == 'i') return int_from_str(t + 2, (Ssize)strlen(t + 2), 10);
    if (t[0] == 'f') return float_from_double(strtod(t + 2, NULL));
    if (t[0] == 's' || t[0] == 'b') {
        Ssize n;
        unsigned char *p = unhex(t + 2, &n);
        Obj *r = t[0] == 's' ? str_from_utf8((char *)p, n) : bytes_from(p, n);
        free(p);
        return r;
    }
    if (t[0] == 't' || t[0] == 'L') {
        Obj *l = list_new(0);
        char *s = t + 2;
        while (*s) {
            char *e = strchr(s, ',');
            if (e) *e = 0;
            for (char *q = s; *q; q++)
                if (*q == ';') *q = ',';
            Obj *x = case_token(s);
            list_append(l, x);
            DECREF(x);
            if (!e) break;
            s = e + 1;
        }
        if (t[0] == 'L') return l;
        Obj *tt = list_as_tuple(l);
        DECREF(l);
        return tt;
    }
    if (t[0] == 'd') {
        Obj *d = dict_new();
        char *s = t + 2;
        while (*s) {
            char *e = strchr(s, ',');
            if (e) *e = 0;
            char *eq = strchr(s, '=');
            *eq = 0;
            for (char *q = eq + 1; *q; q++)
                if (*q == ';') *q = ',';
            Obj *k = case_token(s), *v = case_token(eq + 1);
            dict_set(d, k, v);
            DECREF(k);
            DECREF(v);
            if (!e) break;
            s = e + 1;
        }
        return d;
    }
    if (t[0] == 'l') {
        char *a = t + 2, *b = strchr(a, '/');
        *b++ = 0;
        char *c = strchr(b, '/');
        *c++ = 0;
        Obj *x = case_token(a), *y = case_token(b), *z = case_token(c);
        Obj *r = slice_new(x == NONE ? NULL : x, y == NONE ? NULL : y, z == NONE ? NULL : z);
        DECREF(x);
        DECREF(y);
        DECREF(z);
        return r;
    }
    return NULL;
}

START_TEST(test_cases)
{
    FILE *f = fopen(UNIT_DATA("data/str_cases.txt"), "r");
    ck_assert_ptr_nonnull(f);
    static char call_line[16384], want[16384], got[16384];
    int ncases = 0, bad = 0;
    while (fgets(call_line, sizeof call_line, f)) {
        if (call_line[0] == '#') continue;
        if (!fgets(want, sizeof want, f)) break;
        call_line[strcspn(call_line, "\n")] = 0;
        want[strcspn(want, "\n")] = 0;
        char saved[16384];
        snprintf(saved, sizeof saved, "%s", call_line);
        char *tok[12];
        int nt = 0;
        for (char *s = strtok(call_line, "\t"); s && nt < 12; s = strtok(NULL, "\t")) tok[nt++] = s;
        ck_assert_int_ge(nt, 2);
        Obj *self = case_token(tok[1]);
        Obj *args[10];
        for (int i = 2; i < nt; i++) args[i - 2] = case_token(tok[i]);
        const char *r;
        if (tok[0][0] == '(') {   /* "()TYPE": call the type */
            TypeObj *t = strcmp(tok[0], "()str") == 0 ? &str_type
                         : strcmp(tok[0], "()bytes") == 0 ? &bytes_type : &bytearray_type;
            r = R(obj_call((Obj *)t, args, nt - 2, NULL));
        } else {
            r = R(obj_call_method(self, tok[0], args, nt - 2));
        }
        /* the file escapes backslash, CR and LF */
        size_t k = 0;
        for (const char *p = r; *p && k + 3 < sizeof got; p++) {
            if (*p == '\\') { got[k++] = '\\'; got[k++] = '\\'; }
            else if (*p == '\n') { got[k++] = '\\'; got[k++] = 'n'; }
            else if (*p == '\r') { got[k++] = '\\'; got[k++] = 'r'; }
            else got[k++] = *p;
        }
        got[k] = 0;
        if (strcmp(got, want) != 0 && bad++ < (getenv("STR_CASES_VERBOSE") ? 1000 : 5))
            fprintf(stderr, "str_cases: %s\n  want: %s\n  got:  %s\n", saved, want, got);
        DECREF(self);
        for (int i = 2; i < nt; i++) DECREF(args[i - 2]);
        ncases++;
    }
    fclose(f);
    ck_assert_int_ge(ncases, 2000);
    ck_assert_msg(bad == 0, "%d of %d recorded calls differ from CPython 3.12", bad, ncases);
}
END_TEST

/* ---- hostile input ---------------------------------------------------------------------------- */

START_TEST(test_random_input)
{
    static const char *const encs[] = {"utf-8", "ascii", "latin-1", "utf-16", "utf-16-be", "utf-32", "utf-32-be"};
    static const char *const errs[] = {"strict", "replace", "ignore", "surrogateescape", "backslashreplace",
                                       "surrogatepass"};
    static const char alphabet[] = "{}[]!:.0123456789aAsrdx%(*)-+ #,_<>^=\xc3\xa9";
    srand(12345);
    unsigned char buf[64];
    for (int iter = 0; iter < 3000; iter++) {
        int n = rand() % (int)sizeof buf;
        for (int i = 0; i < n; i++) buf[i] = (unsigned char)(rand() % 4 == 0 ? rand() % 256 : "\xed\xa0\x80\xf0\x9f\xc3\xa9" "ab"[rand() % 9]);
        Obj *s = str_decode(buf, n, encs[iter % 7], errs[(iter / 7) % 6]);
        if (!s) {
            vm_err_clear();
            continue;
        }
        /* utf-8 + surrogateescape round-trips any bytes */
        if (iter % 7 == 0 && (iter / 7) % 6 == 3) {
            Obj *back = str_encode(s, "utf-8", "surrogateescape");
            ck_assert_ptr_nonnull(back);
            ck_assert_int_eq(VAR_SIZE(back), n);
            ck_assert_mem_eq(BYTES_DATA(back), buf, (size_t)n);
            DECREF(back);
        }
        Obj *e = str_encode(s, encs[(iter + 3) % 7], errs[(iter + 1) % 6]);
        if (e) DECREF(e);
        else vm_err_clear();
        DECREF(s);
    }
    /* random format strings never crash the parsers */
    Obj *args = tuple_pack(3, int_from_i64(42), S("x"), float_from_double(1.5));
    for (int iter = 0; iter < 3000; iter++) {
        char f[24];
        int n = rand() % 20;
        for (int i = 0; i < n; i++) f[i] = alphabet[rand() % (int)(sizeof alphabet - 1)];
        f[n] = 0;
        Obj *fs = str_from_utf8(f, n);
        Obj *r = str_percent_format(fs, args);
        if (r) DECREF(r); else vm_err_clear();
        r = obj_call_method(fs, "format", TUPLE_ITEMS(args), 3);
        if (r) DECREF(r); else vm_err_clear();
        r = str_format_spec(TUPLE_ITEMS(args)[1], fs);
        if (r) DECREF(r); else vm_err_clear();
        DECREF(fs);
    }
}
END_TEST

Suite *str_suite(void)
{
    Suite *s = suite_create("str");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ucd);
    tcase_add_test(tc, test_kinds);
    tcase_add_test(tc, test_utf8);
    tcase_add_test(tc, test_fmt);
    tcase_add_test(tc, test_hash);
    tcase_add_test(tc, test_intern);
    tcase_add_test(tc, test_repr);
    tcase_add_test(tc, test_methods);
    tcase_add_test(tc, test_codecs);
    tcase_add_test(tc, test_format_spec);
    tcase_add_test(tc, test_str_format);
    tcase_add_test(tc, test_percent);
    tcase_add_test(tc, test_bytes);
    tcase_add_test(tc, test_cases);
    tcase_add_test(tc, test_random_input);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(str_suite)

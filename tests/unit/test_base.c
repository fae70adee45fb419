/* test_base.c — unit tests for src/base: arenas, string buffers, diagnostics,
 * whole-file reads, and pyfmt (Python's reprs of floats, complex numbers,
 * str and bytes, isprintable tables, UTF-8).
 *
 * Every expected repr below was printed by the real interpreter named next
 * to it: CPython 2.7.18, 3.6.15, 3.12.1, 3.13.0 (pyenv builds) and 3.14.2
 * (the pyodide build under Node), e.g. `python -c "print(repr(1e16))"`.
 * Where a value is the same on all of them the comment says "all".
 */
#include "config.h"
#include "unit.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "pydbg/base.h"
#include "pydbg/pyfmt.h"

/* ---- arenas ------------------------------------------------------------- */

START_TEST(arena_alignment_and_zero)
{
    Arena a;
    arena_init(&a);
    for (size_t n = 0; n < 300; n += 7) {
        unsigned char *p = arena_alloc(&a, n);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++)
            ck_assert_uint_eq(p[i], 0);
        memset(p, 0xAB, n);     /* the next block must still come zeroed */
    }
    ck_assert_uint_gt(a.total, 0);
    arena_free(&a);
    ck_assert_uint_eq(a.total, 0);
    ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(arena_large_and_copies)
{
    Arena a;
    arena_init(&a);
    char *small = arena_alloc(&a, 10);
    unsigned char *big = arena_alloc(&a, 1 << 20);    /* own block */
    ck_assert_uint_eq((uintptr_t)big % 16, 0);
    ck_assert_uint_eq(big[(1 << 20) - 1], 0);
    big[0] = 1;
    char *after = arena_alloc(&a, 10);                /* still usable */
    ck_assert_ptr_ne(after, small);
    ck_assert_uint_ge(a.total, (size_t)(1 << 20) + 32);
    const char src[] = "hello\0world";
    char *dup = arena_memdup(&a, src, sizeof src);
    ck_assert_int_eq(memcmp(dup, src, sizeof src), 0);
    char *s = arena_strndup(&a, "abcdef", 3);
    ck_assert_str_eq(s, "abc");
    ck_assert_str_eq(arena_strndup(&a, "", 0), "");
    arena_free(&a);
}
END_TEST

/* ---- string buffers ------------------------------------------------------ */

START_TEST(sbuf_basics)
{
    SBuf b = SBUF_INIT;
    ck_assert_str_eq(sbuf_cstr(&b), "");
    sbuf_putc(&b, 'x');
    sbuf_puts(&b, "yz");
    sbuf_put(&b, "12345", 2);
    ck_assert_str_eq(sbuf_cstr(&b), "xyz12");
    ck_assert_uint_eq(b.len, 5);
    sbuf_printf(&b, "[%d|%s|%05.1f]", -42, "s", 2.25);
    ck_assert_str_eq(sbuf_cstr(&b), "xyz12[-42|s|002.2]");
    sbuf_pad(&b, ' ', 3);
    ck_assert_uint_eq(b.len, 21);
    sbuf_rstrip(&b);
    ck_assert_str_eq(sbuf_cstr(&b), "xyz12[-42|s|002.2]");
    sbuf_reset(&b);
    ck_assert_str_eq(sbuf_cstr(&b), "");
    ck_assert_uint_eq(b.len, 0);
    sbuf_printf(&b, "%s", "");
    ck_assert_str_eq(sbuf_cstr(&b), "");
    sbuf_free(&b);
    ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(sbuf_growth)
{
    SBuf b = SBUF_INIT;
    for (int i = 0; i < 10000; i++)
        sbuf_printf(&b, "%04d", i);
    ck_assert_uint_eq(b.len, 40000);
    ck_assert_uint_eq(strlen(b.data), 40000);
    ck_assert_int_eq(memcmp(b.data + 39996, "9999", 4), 0);
    sbuf_pad(&b, '-', 100000);
    ck_assert_uint_eq(b.len, 140000);
    ck_assert_int_eq(b.data[b.len], '\0');
    sbuf_free(&b);
}
END_TEST

/* ---- diagnostics ------------------------------------------------------------ */

static char *print_diag(const Diag *d, const char *file)
{
    static char buf[1024];
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    diag_print(d, file, fp);
    rewind(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

START_TEST(diag_first_error_sticks)
{
    Diag d;
    diag_clear(&d);
    ck_assert_int_eq(d.set, 0);
    ck_assert_str_eq(print_diag(&d, "f.pyc"), "pydbg: f.pyc: unknown error\n");
    diag_set(&d, 17, "bad marshal data (%s)", "unknown type code");
    diag_set(&d, 99, "a later consequence");
    ck_assert_int_eq(d.set, 1);
    ck_assert_int_eq(d.offset, 17);
    ck_assert_str_eq(d.msg, "bad marshal data (unknown type code)");
    ck_assert_str_eq(print_diag(&d, "f.pyc"),
                     "pydbg: f.pyc: bad marshal data (unknown type code) (at byte 17)\n");
    diag_clear(&d);
    diag_set(&d, -1, "is a directory");
    ck_assert_str_eq(print_diag(&d, "dir"), "pydbg: dir: is a directory\n");
    ck_assert_str_eq(print_diag(&d, NULL), "pydbg: is a directory\n");
    diag_set(NULL, 0, "ignored");          /* no Diag: no crash */
}
END_TEST

START_TEST(diag_long_message_truncated)
{
    Diag d;
    diag_clear(&d);
    char big[2000];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    diag_set(&d, 0, "%s", big);
    ck_assert_uint_eq(strlen(d.msg), sizeof d.msg - 1);
}
END_TEST

/* ---- files ------------------------------------------------------------------ */

START_TEST(file_reads)
{
    char path[] = "/tmp/pydbg-test-base-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unsigned char data[5000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7);
    ck_assert_int_eq(write(fd, data, sizeof data), (int)sizeof data);
    close(fd);

    Diag d;
    diag_clear(&d);
    size_t n = 0;
    unsigned char *got = file_read_all(path, &n, &d);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(n, sizeof data);
    ck_assert_int_eq(memcmp(got, data, n), 0);
    free(got);

    FILE *fp = fopen(path, "wb");          /* now empty */
    fclose(fp);
    got = file_read_all(path, &n, &d);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(d.set, 0);
    free(got);
    unlink(path);

    got = file_read_all(path, &n, &d);
    ck_assert_ptr_null(got);
    ck_assert_str_eq(d.msg, "cannot open: No such file or directory");
    ck_assert_int_eq(d.offset, -1);

    diag_clear(&d);
    ck_assert_ptr_null(file_read_all("/tmp", &n, &d));
    ck_assert_str_eq(d.msg, "is a directory");
}
END_TEST

/* ---- pyfmt: floats and complex numbers --------------------------------------- */

static const char *float_repr(double x)
{
    static SBuf b = SBUF_INIT;
    sbuf_reset(&b);
    pyfmt_float_repr(&b, x);
    return sbuf_cstr(&b);
}

static const char *complex_repr(double re, double im)
{
    static SBuf b = SBUF_INIT;
    sbuf_reset(&b);
    pyfmt_complex_repr(&b, re, im);
    return sbuf_cstr(&b);
}

static double dbl_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

START_TEST(float_reprs)
{
    /* all (2.7.18, 3.6.15, 3.13.0) */
    ck_assert_str_eq(float_repr(0.1), "0.1");
    ck_assert_str_eq(float_repr(1e16), "1e+16");
    ck_assert_str_eq(float_repr(1e-5), "1e-05");
    ck_assert_str_eq(float_repr(5e-324), "5e-324");
    ck_assert_str_eq(float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
    ck_assert_str_eq(float_repr(123456789.123), "123456789.123");
    ck_assert_str_eq(float_repr(-0.0), "-0.0");
    ck_assert_str_eq(float_repr(0.0), "0.0");
    ck_assert_str_eq(float_repr(2.5), "2.5");
    ck_assert_str_eq(float_repr(1 / 3.0), "0.3333333333333333");
    ck_assert_str_eq(float_repr(1e22), "1e+22");
    ck_assert_str_eq(float_repr(1e15), "1000000000000000.0");
    ck_assert_str_eq(float_repr(123456789012345.6), "123456789012345.6");
    ck_assert_str_eq(float_repr(1234567890123456.7), "1234567890123456.8");
    ck_assert_str_eq(float_repr(0.0001), "0.0001");
    ck_assert_str_eq(float_repr(9.999999999999999e15), "1e+16");
    ck_assert_str_eq(float_repr(1.5e300), "1.5e+300");
    ck_assert_str_eq(float_repr(-2.0), "-2.0");
    ck_assert_str_eq(float_repr(INFINITY), "inf");
    ck_assert_str_eq(float_repr(-INFINITY), "-inf");
    ck_assert_str_eq(float_repr(dbl_bits(0x7ff8000000000000ULL)), "nan");
    ck_assert_str_eq(float_repr(dbl_bits(0xfff8000000000000ULL)), "nan");
    /* 2**-1017: the lopsided interval at a power of two; the shortest
     * string is not the nearest 16-digit one (all) */
    ck_assert_str_eq(float_repr(dbl_bits(0x0060000000000000ULL)), "7.120236347223045e-307");
    ck_assert_str_eq(float_repr(dbl_bits(0x0000000000000001ULL)), "5e-324");
    ck_assert_str_eq(float_repr(dbl_bits(0x000fffffffffffffULL)), "2.225073858507201e-308");
}
END_TEST

START_TEST(complex_reprs)
{
    double inf = INFINITY, nan = dbl_bits(0x7ff8000000000000ULL);
    /* all (2.7.18, 3.6.15, 3.13.0) */
    ck_assert_str_eq(complex_repr(0, 1), "1j");
    ck_assert_str_eq(complex_repr(1, 2), "(1+2j)");
    ck_assert_str_eq(complex_repr(0, -0.0), "-0j");
    ck_assert_str_eq(complex_repr(-0.0, -0.0), "(-0-0j)");
    ck_assert_str_eq(complex_repr(-0.0, 0.0), "(-0+0j)");
    ck_assert_str_eq(complex_repr(nan, nan), "(nan+nanj)");
    ck_assert_str_eq(complex_repr(0, inf), "infj");
    ck_assert_str_eq(complex_repr(-inf, -inf), "(-inf-infj)");
    ck_assert_str_eq(complex_repr(1, -nan), "(1+nanj)");
    ck_assert_str_eq(complex_repr(-nan, 1), "(nan+1j)");
    ck_assert_str_eq(complex_repr(1e16, 1e-5), "(1e+16+1e-05j)");
    ck_assert_str_eq(complex_repr(1.5, 0), "(1.5+0j)");
    ck_assert_str_eq(complex_repr(0, 0), "0j");
    ck_assert_str_eq(complex_repr(2, -0.0), "(2-0j)");
    ck_assert_str_eq(complex_repr(0.0, -nan), "nanj");
    ck_assert_str_eq(complex_repr(inf, 0), "(inf+0j)");
    ck_assert_str_eq(complex_repr(1, 1e22), "(1+1e+22j)");
    ck_assert_str_eq(complex_repr(0.1, 0.2), "(0.1+0.2j)");
}
END_TEST

/* ---- pyfmt: strings ------------------------------------------------------------ */

static const char *str_repr(const char *s, size_t n, int minor)
{
    static SBuf b = SBUF_INIT;
    sbuf_reset(&b);
    pyfmt_str_repr(&b, s, n, minor);
    return sbuf_cstr(&b);
}
#define STR3(lit, minor) str_repr(lit, sizeof(lit) - 1, minor)

START_TEST(str_reprs)
{
    for (int minor = 6; minor <= 14; minor++) {
        /* 3.6.15, 3.12.1, 3.13.0, 3.14.2 agree on these */
        ck_assert_str_eq(STR3("it's", minor), "\"it's\"");
        ck_assert_str_eq(STR3("say \"hi\"", minor), "'say \"hi\"'");
        ck_assert_str_eq(STR3("both ' \"", minor), "'both \\' \"'");
        ck_assert_str_eq(STR3("tab\there\nnl\rcr\\bs\0\x7f", minor),
                         "'tab\\there\\nnl\\rcr\\\\bs\\x00\\x7f'");
        ck_assert_str_eq(STR3("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", minor),   /* é€😀 */
                         "'\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'");
        ck_assert_str_eq(STR3("e\xcc\x81", minor), "'e\xcc\x81'");       /* combining acute */
        ck_assert_str_eq(STR3("a\xe2\x80\x8b" "b\xe2\x80\x8d" "c\xef\xbb\xbf", minor),
                         "'a\\u200bb\\u200dc\\ufeff'");                 /* zero-width, BOM */
        ck_assert_str_eq(STR3("\xed\xa0\x80", minor), "'\\ud800'");    /* lone surrogate */
        ck_assert_str_eq(STR3("\xed\xa0\xbd\xed\xb8\x80", minor), "'\\ud83d\\ude00'");
        ck_assert_str_eq(STR3("\xc2\xa0\xc2\xad\xc2\x85", minor), "'\\xa0\\xad\\x85'");
        ck_assert_str_eq(STR3("\xf3\xa0\x80\x81\xf4\x8f\xbf\xbf\xee\x80\x80\xe2\x80\xa8\xe3\x80\x80", minor),
                         "'\\U000e0001\\U0010ffff\\ue000\\u2028\\u3000'");
        ck_assert_str_eq(STR3("", minor), "''");
    }
    /* '\U0001f97a\u2ffc\U0001cc00' (🥺, Unicode 11; ⿼, 15.1; 𜰀, 16.0) */
    const char *v = "\xf0\x9f\xa5\xba\xe2\xbf\xbc\xf0\x9c\xb0\x80";
    ck_assert_str_eq(str_repr(v, strlen(v), 6), "'\\U0001f97a\\u2ffc\\U0001cc00'");     /* 3.6.15 */
    ck_assert_str_eq(str_repr(v, strlen(v), 12), "'\xf0\x9f\xa5\xba\\u2ffc\\U0001cc00'"); /* 3.12.1 */
    ck_assert_str_eq(str_repr(v, strlen(v), 13),
                     "'\xf0\x9f\xa5\xba\xe2\xbf\xbc\\U0001cc00'");                    /* 3.13.0 */
    ck_assert_str_eq(str_repr(v, strlen(v), 14),
                     "'\xf0\x9f\xa5\xba\xe2\xbf\xbc\xf0\x9c\xb0\x80'");               /* 3.14.2 */
    /* invalid UTF-8 bytes are taken as the code point of the same value */
    ck_assert_str_eq(str_repr("\xff" "a\x80", 3, 12), "'\xc3\xbf" "a\\x80'");
    ck_assert_str_eq(str_repr("\xe2\x82", 2, 12), "'\xc3\xa2\\x82'");
}
END_TEST

static const char *bytes_repr(const char *s, size_t n, int b)
{
    static SBuf buf = SBUF_INIT;
    sbuf_reset(&buf);
    pyfmt_bytes_repr(&buf, (const unsigned char *)s, n, b);
    return sbuf_cstr(&buf);
}
#define BYTES(lit, b) bytes_repr(lit, sizeof(lit) - 1, b)

START_TEST(bytes_reprs)
{
    /* 3.13.0 (b'') and 2.7.18 (str) */
    ck_assert_str_eq(BYTES("it's", 1), "b\"it's\"");
    ck_assert_str_eq(BYTES("say \"hi\"", 1), "b'say \"hi\"'");
    ck_assert_str_eq(BYTES("both ' \"", 1), "b'both \\' \"'");
    ck_assert_str_eq(BYTES("\x00\x1f\x7f\x80\xff\t\n\r\\", 1),
                     "b'\\x00\\x1f\\x7f\\x80\\xff\\t\\n\\r\\\\'");
    ck_assert_str_eq(BYTES("plain", 1), "b'plain'");
    ck_assert_str_eq(BYTES("", 1), "b''");
    ck_assert_str_eq(BYTES("it's", 0), "\"it's\"");
    ck_assert_str_eq(BYTES("both ' \"", 0), "'both \\' \"'");
    ck_assert_str_eq(BYTES("\x00\x1f\x7f\x80\xff\t\n\r\\", 0),
                     "'\\x00\\x1f\\x7f\\x80\\xff\\t\\n\\r\\\\'");
    ck_assert_str_eq(BYTES("", 0), "''");
}
END_TEST

static const char *u2_repr(const char *s, size_t n)
{
    static SBuf buf = SBUF_INIT;
    sbuf_reset(&buf);
    pyfmt_unicode2_repr(&buf, s, n);
    return sbuf_cstr(&buf);
}
#define U2(lit) u2_repr(lit, sizeof(lit) - 1)

START_TEST(unicode2_reprs)
{
    /* 2.7.18 (wide build) */
    ck_assert_str_eq(U2("it's"), "u\"it's\"");
    ck_assert_str_eq(U2("say \"hi\""), "u'say \"hi\"'");
    ck_assert_str_eq(U2("both ' \""), "u'both \\' \"'");
    ck_assert_str_eq(U2("tab\there\nnl\rcr\\bs\0\x7f"), "u'tab\\there\\nnl\\rcr\\\\bs\\x00\\x7f'");
    ck_assert_str_eq(U2("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), "u'\\xe9\\u20ac\\U0001f600'");
    ck_assert_str_eq(U2("\xed\xa0\x80"), "u'\\ud800'");
    ck_assert_str_eq(U2("\xed\xa0\xbd\xed\xb8\x80"), "u'\\ud83d\\ude00'");
    ck_assert_str_eq(U2("\xc2\xa0\xc3\xbf\xc4\x80"), "u'\\xa0\\xff\\u0100'");
    ck_assert_str_eq(U2(""), "u''");
}
END_TEST

START_TEST(isprintable_versions)
{
    /* str.isprintable() of 3.6.15 / 3.7.16 / 3.12.1 / 3.13.0 / 3.14.2 */
    ck_assert_int_eq(pyfmt_isprintable(' ', 6), 1);
    ck_assert_int_eq(pyfmt_isprintable('~', 13), 1);
    ck_assert_int_eq(pyfmt_isprintable(0x7F, 13), 0);
    ck_assert_int_eq(pyfmt_isprintable(0xA0, 13), 0);       /* Zs */
    ck_assert_int_eq(pyfmt_isprintable(0xAD, 13), 0);       /* Cf */
    ck_assert_int_eq(pyfmt_isprintable(0xE9, 6), 1);
    ck_assert_int_eq(pyfmt_isprintable(0x301, 6), 1);       /* Mn is printable */
    ck_assert_int_eq(pyfmt_isprintable(0xD800, 13), 0);
    ck_assert_int_eq(pyfmt_isprintable(0xE000, 13), 0);     /* Co */
    ck_assert_int_eq(pyfmt_isprintable(0x1F600, 6), 1);
    ck_assert_int_eq(pyfmt_isprintable(0x1F97A, 6), 0);     /* Unicode 11 */
    ck_assert_int_eq(pyfmt_isprintable(0x1F97A, 7), 1);
    ck_assert_int_eq(pyfmt_isprintable(0x2FFC, 12), 0);     /* Unicode 15.1 */
    ck_assert_int_eq(pyfmt_isprintable(0x2FFC, 13), 1);
    ck_assert_int_eq(pyfmt_isprintable(0x1CC00, 13), 0);    /* Unicode 16 */
    ck_assert_int_eq(pyfmt_isprintable(0x1CC00, 14), 1);
    ck_assert_int_eq(pyfmt_isprintable(0x10FFFF, 14), 0);
    ck_assert_int_eq(pyfmt_isprintable(0x110000, 14), 0);
    /* versions outside 3.6-3.14 use the nearest table */
    ck_assert_int_eq(pyfmt_isprintable(0x1F97A, 5), 0);
    ck_assert_int_eq(pyfmt_isprintable(0x1CC00, 15), 1);
}
END_TEST

/* ---- UTF-8 ------------------------------------------------------------------------ */

START_TEST(utf8_roundtrip)
{
    static const uint32_t cps[] = {0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD800, 0xDFFF,
                                   0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        SBuf b = SBUF_INIT;
        utf8_encode(&b, cps[i]);
        uint32_t cp = 0xFFFFFFFF;
        size_t n = utf8_decode((const unsigned char *)b.data, b.len, &cp);
        ck_assert_uint_eq(n, b.len);
        ck_assert_uint_eq(cp, cps[i]);
        sbuf_free(&b);
    }
}
END_TEST

START_TEST(utf8_invalid)
{
    uint32_t cp;
    /* stray continuation, overlong, truncated, beyond U+10FFFF: 1 byte each */
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\x80", 1, &cp), 1);
    ck_assert_uint_eq(cp, 0x80);
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 1);
    ck_assert_uint_eq(cp, 0xC0);
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xe0\x80\x80", 3, &cp), 1);
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xe2\x82", 2, &cp), 1);
    ck_assert_uint_eq(cp, 0xE2);
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 1);
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xe2\x28\xa1", 3, &cp), 1);
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"", 0, &cp), 0);
    /* the sequence ends where the buffer ends, not at a NUL */
    ck_assert_uint_eq(utf8_decode((const unsigned char *)"\xc3\xa9", 1, &cp), 1);
}
END_TEST

static Suite *base_suite(void)
{
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, arena_alignment_and_zero);
    tcase_add_test(tc, arena_large_and_copies);
    tcase_add_test(tc, sbuf_basics);
    tcase_add_test(tc, sbuf_growth);
    tcase_add_test(tc, diag_first_error_sticks);
    tcase_add_test(tc, diag_long_message_truncated);
    tcase_add_test(tc, file_reads);
    suite_add_tcase(s, tc);
    TCase *fmt = tcase_create("pyfmt");
    tcase_add_test(fmt, float_reprs);
    tcase_add_test(fmt, complex_reprs);
    tcase_add_test(fmt, str_reprs);
    tcase_add_test(fmt, bytes_reprs);
    tcase_add_test(fmt, unicode2_reprs);
    tcase_add_test(fmt, isprintable_versions);
    tcase_add_test(fmt, utf8_roundtrip);
    tcase_add_test(fmt, utf8_invalid);
    suite_add_tcase(s, fmt);
    return s;
}

UNIT_MAIN(base_suite)

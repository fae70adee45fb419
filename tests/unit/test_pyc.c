/* test_pyc.c — unit tests for the pyc module: versions and magic numbers,
 * pyc headers of every version, every marshal type code, references (3.4+
 * refs and the 2.x string table), code objects (including the 3.11+
 * localsplus derivation), bad input with exact messages and offsets, and a
 * robustness sweep (every truncation and 200 seeded byte flips of every
 * committed .pyc) that must fail cleanly or succeed, never crash.
 *
 * Byte arrays marked "Python X.Y.Z:" were written by that real interpreter
 * (marshal.dumps / py_compile, as the comment says) and the expected values
 * next to them were read back with that interpreter; arrays marked
 * "hand-built" are deliberately broken input.  No Python is needed to run
 * these tests.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <glob.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyc.h"
#include "unit.h"

#define LIT(s) (s), (sizeof(s) - 1)

/* ---- helpers ------------------------------------------------------------- */

static Arena arena;

static void setup(void)
{
    arena_init(&arena);
}

static void teardown(void)
{
    arena_free(&arena);
}

/* Read one object that must use all n bytes. */
static PycObj *M(PyVer v, const char *b, size_t n)
{
    Diag d;
    diag_clear(&d);
    size_t used = 0;
    /* An exact-size heap copy, so ASan sees any read past the end. */
    unsigned char *copy = xmalloc(n);
    memcpy(copy, b, n);
    PycObj *o = marshal_read(copy, n, v, &arena, &used, &d);
    free(copy);
    ck_assert_msg(o != NULL, "marshal_read failed: %s (at byte %ld)", d.msg, d.offset);
    ck_assert_uint_eq(used, n);
    return o;
}

/* marshal_read must fail with exactly this message at this offset. */
static void bad_marshal(PyVer v, const char *b, size_t n, const char *msg, long off)
{
    Diag d;
    diag_clear(&d);
    size_t used = 99;
    unsigned char *copy = xmalloc(n ? n : 1);
    memcpy(copy, b, n);
    PycObj *o = marshal_read(copy, n, v, &arena, &used, &d);
    free(copy);
    ck_assert_msg(o == NULL, "expected failure: %s", msg);
    ck_assert_int_eq(d.set, 1);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_int_eq(d.offset, off);
}

/* pyc_load_bytes must fail with exactly this message at this offset. */
static void bad_pyc(const char *b, size_t n, PyVer force, const char *msg, long off)
{
    Diag d;
    diag_clear(&d);
    unsigned char *copy = xmalloc(n ? n : 1);
    memcpy(copy, b, n);
    PycFile *f = pyc_load_bytes(copy, n, "t.pyc", force, &d);
    free(copy);
    ck_assert_msg(f == NULL, "expected failure: %s", msg);
    ck_assert_str_eq(d.msg, msg);
    ck_assert_int_eq(d.offset, off);
}

static PycFile *load_ok(const char *b, size_t n, PyVer force)
{
    Diag d;
    diag_clear(&d);
    unsigned char *copy = xmalloc(n);
    memcpy(copy, b, n);
    PycFile *f = pyc_load_bytes(copy, n, "t.pyc", force, &d);
    free(copy);
    ck_assert_msg(f != NULL, "load failed: %s (at byte %ld)", d.msg, d.offset);
    return f;
}

static int text_is(const PycObj *o, const char *s)
{
    uint32_t len;
    const char *t = pyc_text(o, &len);
    return t && len == strlen(s) && memcmp(t, s, len) == 0;
}

/* A tuple of strings equals the NULL-terminated list. */
static void assert_names(const PycObj *t, const char *const *names)
{
    uint32_t n = 0;
    while (names[n])
        n++;
    ck_assert_int_eq(t->kind, PYC_TUPLE);
    ck_assert_uint_eq(t->len, n);
    for (uint32_t i = 0; i < n; i++)
        ck_assert_str_eq(pyc_tuple_text(t, i), names[i]);
}
#define NAMES(t, ...) assert_names((t), (const char *const[]){__VA_ARGS__, NULL})
#define NO_NAMES(t) assert_names((t), (const char *const[]){NULL})

/* ---- versions and magic numbers ------------------------------------------ */

START_TEST(version_table)
{
    /* spec pyc.md §1 and marshal.md §4 */
    static const struct { PyVer v; unsigned magic, hs, mv; const char *name; } want[] = {
        {207, 62211, 8, 2, "2.7"}, {300, 3131, 8, 2, "3.0"}, {301, 3151, 8, 2, "3.1"},
        {302, 3180, 8, 2, "3.2"}, {303, 3230, 12, 2, "3.3"}, {304, 3310, 12, 4, "3.4"},
        {305, 3351, 12, 4, "3.5"}, {306, 3379, 12, 4, "3.6"}, {307, 3394, 16, 4, "3.7"},
        {308, 3413, 16, 4, "3.8"}, {309, 3425, 16, 4, "3.9"}, {310, 3439, 16, 4, "3.10"},
        {311, 3495, 16, 4, "3.11"}, {312, 3531, 16, 4, "3.12"}, {313, 3571, 16, 4, "3.13"},
        {314, 3627, 16, 5, "3.14"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const PycVersion *v = pyc_version_info(want[i].v);
        ck_assert_ptr_nonnull(v);
        ck_assert_uint_eq(v->magic, want[i].magic);
        ck_assert_uint_eq(v->header_size, want[i].hs);
        ck_assert_uint_eq(v->marshal_ver, want[i].mv);
        ck_assert_str_eq(v->name, want[i].name);
        ck_assert_int_eq(pyc_version_from_magic((uint16_t)want[i].magic), want[i].v);
        ck_assert_int_eq(pyc_version_parse(want[i].name), want[i].v);
    }
    ck_assert_ptr_null(pyc_version_info(206));
    ck_assert_ptr_null(pyc_version_info(315));
    ck_assert_int_eq(pyc_version_from_magic(62212), 207);   /* 2.7 -U */
    ck_assert_int_eq(pyc_version_from_magic(3350), 305);    /* 3.5.0, 3.5.1 */
    ck_assert_int_eq(pyc_version_from_magic(3600), 0);
    ck_assert_int_eq(pyc_version_from_magic(0), 0);
    static const char *const badv[] = {"", "3", "3.", ".12", "3.15", "4.0", "2.6", "03.12",
                                       "3.012", "3.12x", " 3.12", "3.12 ", "-3.12", "3,12",
                                       "99999.1"};
    for (size_t i = 0; i < sizeof badv / sizeof badv[0]; i++)
        ck_assert_msg(pyc_version_parse(badv[i]) == 0, "accepted '%s'", badv[i]);
    ck_assert_int_eq(pyc_version_parse(NULL), 0);
}
END_TEST

START_TEST(magic_messages)
{
    char b[20] = "\x10\x0e\x0d\x0a";   /* hand-built: magic 3600 + 16 zero bytes */
    bad_pyc(b, sizeof b, 0, "unknown magic number 3600 (0x0e10): a pre-release of Python "
            "3.14 (the final release uses 3627); not supported", -1);
    b[0] = 0x92, b[1] = 0x10;   /* 4242 */
    bad_pyc(b, sizeof b, 0, "unknown magic number 4242 (0x1092); nearest known versions "
            "are 3.13 (3571) and 3.14 (3627)", -1);
    b[0] = 0x0a, b[1] = 0x00;   /* 10 */
    bad_pyc(b, sizeof b, 0, "unknown magic number 10 (0x000a); nearest known versions "
            "are 3.0 (3131) and 3.1 (3151)", -1);
    b[0] = 0xd1, b[1] = 0xf2;   /* 62161: 2.6 */
    bad_pyc(b, sizeof b, 0, "unsupported magic number 62161 (0xf2d1): Python 2.6; pydbg "
            "reads Python 2.7 and 3.0-3.14", -1);
    b[0] = 0xf8, b[1] = 0xf2;   /* 62200: 2.7 alpha */
    bad_pyc(b, sizeof b, 0, "unknown magic number 62200 (0xf2f8): a pre-release of Python "
            "2.7 (the final release uses 62211); not supported", -1);
    b[0] = 0x0c, b[1] = 0x0d;   /* 3340: 3.5 beta */
    bad_pyc(b, sizeof b, 0, "unknown magic number 3340 (0x0d0c): a pre-release of Python "
            "3.5 (the final releases use 3350 and 3351); not supported", -1);
    b[0] = 0x47, b[1] = 0x0e;   /* 3655: 3.15 development */
    bad_pyc(b, sizeof b, 0, "unknown magic number 3655 (0x0e47): a development version of "
            "Python 3.15; not supported (the newest supported version is 3.14, magic 3627)",
            -1);
    b[0] = 0x41, b[1] = 0x42, b[2] = 0x41, b[3] = 0x42;
    bad_pyc(b, sizeof b, 0, "not a Python bytecode file (bytes 2-3 of the magic are 41 42, "
            "expected 0D 0A)", -1);
    Diag d;
    diag_clear(&d);
    pyc_magic_diag(3600, &d);
    ck_assert_int_eq(d.set, 1);
}
END_TEST

/* ---- headers --------------------------------------------------------------- */

typedef struct HdrCase {
    PyVer ver;
    unsigned len, hs, stacksize, flags, codelen, nconsts, firstlineno;
    const char *bytes;
} HdrCase;

static const HdrCase hdr_cases[] = {
    /* Python 2.7.18: py_compile of "x = 1\n", mtime 1700000000 */
    {207, 108, 8, 1, 64, 10, 2, 1,
        "\x03\xf3\x0d\x0a\x00\xf1\x53\x65\x63\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x01\x00\x00\x00\x40\x00\x00\x00\x73\x0a\x00\x00\x00\x64\x00"
        "\x00\x5a\x00\x00\x64\x01\x00\x53\x28\x02\x00\x00\x00\x69\x01\x00"
        "\x00\x00\x4e\x28\x01\x00\x00\x00\x74\x01\x00\x00\x00\x78\x28\x00"
        "\x00\x00\x00\x28\x00\x00\x00\x00\x28\x00\x00\x00\x00\x73\x04\x00"
        "\x00\x00\x78\x2e\x70\x79\x74\x08\x00\x00\x00\x3c\x6d\x6f\x64\x75"
        "\x6c\x65\x3e\x01\x00\x00\x00\x74\x00\x00\x00\x00"},
    /* Python 3.6.15: py_compile of "x = 1\n", mtime 1700000000 */
    {306, 96, 12, 1, 64, 8, 2, 1,
        "\x33\x0d\x0d\x0a\x00\xf1\x53\x65\x06\x00\x00\x00\xe3\x00\x00\x00"
        "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x40\x00\x00"
        "\x00\x73\x08\x00\x00\x00\x64\x00\x5a\x00\x64\x01\x53\x00\x29\x02"
        "\xe9\x01\x00\x00\x00\x4e\x29\x01\xda\x01\x78\xa9\x00\x72\x03\x00"
        "\x00\x00\x72\x03\x00\x00\x00\xfa\x04\x78\x2e\x70\x79\xda\x08\x3c"
        "\x6d\x6f\x64\x75\x6c\x65\x3e\x01\x00\x00\x00\x73\x00\x00\x00\x00"},
    /* Python 3.7.16: py_compile of "x = 1\n", mtime 1700000000 */
    {307, 100, 16, 1, 64, 8, 2, 1,
        "\x42\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
        "\x00\x40\x00\x00\x00\x73\x08\x00\x00\x00\x64\x00\x5a\x00\x64\x01"
        "\x53\x00\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01\xda\x01\x78\xa9"
        "\x00\x72\x03\x00\x00\x00\x72\x03\x00\x00\x00\xfa\x04\x78\x2e\x70"
        "\x79\xda\x08\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x01\x00\x00\x00\xf3"
        "\x00\x00\x00\x00"},
    /* Python 3.8.18: py_compile of "x = 1\n", mtime 1700000000 */
    {308, 104, 16, 1, 64, 8, 2, 1,
        "\x55\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x01\x00\x00\x00\x40\x00\x00\x00\x73\x08\x00\x00\x00\x64\x00"
        "\x5a\x00\x64\x01\x53\x00\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01"
        "\xda\x01\x78\xa9\x00\x72\x03\x00\x00\x00\x72\x03\x00\x00\x00\xfa"
        "\x04\x78\x2e\x70\x79\xda\x08\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x01"
        "\x00\x00\x00\xf3\x00\x00\x00\x00"},
    /* Python 3.9.18: py_compile of "x = 1\n", mtime 1700000000 */
    {309, 104, 16, 1, 64, 8, 2, 1,
        "\x61\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x01\x00\x00\x00\x40\x00\x00\x00\x73\x08\x00\x00\x00\x64\x00"
        "\x5a\x00\x64\x01\x53\x00\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01"
        "\xda\x01\x78\xa9\x00\x72\x03\x00\x00\x00\x72\x03\x00\x00\x00\xfa"
        "\x04\x78\x2e\x70\x79\xda\x08\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x01"
        "\x00\x00\x00\xf3\x00\x00\x00\x00"},
    /* Python 3.10.13: py_compile of "x = 1\n", mtime 1700000000 */
    {310, 106, 16, 1, 64, 8, 2, 1,
        "\x6f\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x01\x00\x00\x00\x40\x00\x00\x00\x73\x08\x00\x00\x00\x64\x00"
        "\x5a\x00\x64\x01\x53\x00\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01"
        "\xda\x01\x78\xa9\x00\x72\x03\x00\x00\x00\x72\x03\x00\x00\x00\xfa"
        "\x04\x78\x2e\x70\x79\xda\x08\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x01"
        "\x00\x00\x00\x73\x02\x00\x00\x00\x08\x00"},
    /* Python 3.11.7: py_compile of "x = 1\n", mtime 1700000000 */
    {311, 121, 16, 1, 0, 10, 2, 1,
        "\xa7\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
        "\x00\x00\x00\x00\x00\xf3\x0a\x00\x00\x00\x97\x00\x64\x00\x5a\x00"
        "\x64\x01\x53\x00\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01\xda\x01"
        "\x78\xa9\x00\xf3\x00\x00\x00\x00\xfa\x04\x78\x2e\x70\x79\xfa\x08"
        "\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x72\x07\x00\x00\x00\x01\x00\x00"
        "\x00\x73\x0e\x00\x00\x00\xf0\x03\x01\x01\x01\xd8\x04\x05\x80\x01"
        "\x80\x01\x80\x01\x72\x05\x00\x00\x00"},
    /* Python 3.12.1: py_compile of "x = 1\n", mtime 1700000000 */
    {312, 115, 16, 1, 0, 8, 2, 1,
        "\xcb\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
        "\x00\x00\x00\x00\x00\xf3\x08\x00\x00\x00\x97\x00\x64\x00\x5a\x00"
        "\x79\x01\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01\xda\x01\x78\xa9"
        "\x00\xf3\x00\x00\x00\x00\xfa\x04\x78\x2e\x70\x79\xfa\x08\x3c\x6d"
        "\x6f\x64\x75\x6c\x65\x3e\x72\x07\x00\x00\x00\x01\x00\x00\x00\x73"
        "\x0a\x00\x00\x00\xf0\x03\x01\x01\x01\xd8\x04\x05\x81\x01\x72\x05"
        "\x00\x00\x00"},
    /* Python 3.13.0: py_compile of "x = 1\n", mtime 1700000000 */
    {313, 115, 16, 1, 0, 8, 2, 1,
        "\xf3\x0d\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
        "\x00\x00\x00\x00\x00\xf3\x08\x00\x00\x00\x95\x00\x53\x00\x72\x00"
        "\x67\x01\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01\xda\x01\x78\xa9"
        "\x00\xf3\x00\x00\x00\x00\xda\x04\x78\x2e\x70\x79\xda\x08\x3c\x6d"
        "\x6f\x64\x75\x6c\x65\x3e\x72\x07\x00\x00\x00\x01\x00\x00\x00\x73"
        "\x0a\x00\x00\x00\xf0\x03\x01\x01\x01\xd8\x04\x05\x81\x01\x72\x05"
        "\x00\x00\x00"},
    /* Python 3.14.2: py_compile of "x = 1\n", mtime 1700000000 */
    {314, 117, 16, 1, 0, 10, 2, 1,
        "\x2b\x0e\x0d\x0a\x00\x00\x00\x00\x00\xf1\x53\x65\x06\x00\x00\x00"
        "\xe3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00"
        "\x00\x00\x00\x00\x00\xf3\x0a\x00\x00\x00\x80\x00\x5e\x01\x74\x00"
        "\x52\x01\x23\x00\x29\x02\xe9\x01\x00\x00\x00\x4e\x29\x01\xda\x01"
        "\x78\xa9\x00\xf3\x00\x00\x00\x00\xda\x04\x78\x2e\x70\x79\xda\x08"
        "\x3c\x6d\x6f\x64\x75\x6c\x65\x3e\x72\x07\x00\x00\x00\x01\x00\x00"
        "\x00\x73\x0a\x00\x00\x00\xf0\x03\x01\x01\x01\xd8\x04\x05\x82\x01"
        "\x72\x05\x00\x00\x00"},
};

START_TEST(headers_every_version)
{
    for (size_t i = 0; i < sizeof hdr_cases / sizeof hdr_cases[0]; i++) {
        const HdrCase *c = &hdr_cases[i];
        PycFile *f = load_ok(c->bytes, c->len, 0);
        ck_assert_int_eq(f->ver, c->ver);
        ck_assert_ptr_eq(f->vinfo, pyc_version_info(c->ver));
        ck_assert_int_eq(f->has_header, 1);
        ck_assert_uint_eq(f->magic, f->vinfo->magic);
        ck_assert_uint_eq(f->header_size, c->hs);
        ck_assert_uint_eq(f->flags, 0);
        ck_assert_uint_eq(f->mtime, 1700000000);
        ck_assert_uint_eq(f->source_size, c->ver >= 303 ? 6 : 0);   /* "x = 1\n" */
        ck_assert_uint_eq(f->size, c->len);
        ck_assert_ptr_nonnull(f->code);
        ck_assert_ptr_eq(f->code, f->top->v.code);
        const CodeObj *co = f->code;
        ck_assert_int_eq(co->ver, c->ver);
        ck_assert_int_eq(co->argcount, 0);
        ck_assert_int_eq(co->nlocals, 0);
        ck_assert_int_eq(co->stacksize, (int)c->stacksize);
        ck_assert_int_eq(co->flags, (int)c->flags);
        ck_assert_uint_eq(co->codelen, c->codelen);
        ck_assert_uint_eq(co->consts->len, c->nconsts);
        ck_assert_int_eq(co->firstlineno, (int)c->firstlineno);
        /* consts = (1, None) everywhere */
        ck_assert_int_eq(co->consts->v.items[0]->kind, PYC_INT);
        ck_assert_int_eq(co->consts->v.items[0]->v.i, 1);
        ck_assert_ptr_eq(co->consts->v.items[1], &pyc_none);
        NAMES(co->names, "x");
        NO_NAMES(co->varnames);
        NO_NAMES(co->cellvars);
        NO_NAMES(co->freevars);
        ck_assert(text_is(co->filename, "x.py"));
        ck_assert(text_is(co->name, "<module>"));
        ck_assert_int_eq(co->filename->kind, c->ver < 300 ? PYC_BYTES : PYC_STR);
        if (c->ver >= 311) {
            ck_assert(text_is(co->qualname, "<module>"));
            ck_assert_ptr_nonnull(co->exctable);
            ck_assert_uint_eq(co->localsplusnames->len, 0);
        } else {
            ck_assert_ptr_null(co->qualname);
            ck_assert_ptr_null(co->exctable);
            ck_assert_ptr_null(co->localsplusnames);
            ck_assert_ptr_null(co->localspluskinds);
        }
        ck_assert_int_eq(co->file_offset, (long)c->hs);
        ck_assert_uint_eq(co->index, 0);
        uint32_t n;
        CodeObj **list = pyc_code_list(f, &n);
        ck_assert_uint_eq(n, 1);
        ck_assert_ptr_eq(list[0], co);
        pyc_free(f);

        /* The same body as a bare marshalled object (--bytecode-version). */
        f = load_ok(c->bytes + c->hs, c->len - c->hs, c->ver);
        ck_assert_int_eq(f->has_header, 0);
        ck_assert_uint_eq(f->header_size, 0);
        ck_assert_int_eq(f->code->file_offset, 0);
        ck_assert(text_is(f->code->name, "<module>"));
        pyc_free(f);

        /* Every header truncation names the needed size. */
        for (unsigned k = 4; k < c->hs; k++) {
            char msg[128];
            snprintf(msg, sizeof msg, "truncated header (%u bytes, Python %s needs %u)", k,
                     pyc_version_info(c->ver)->name, c->hs);
            bad_pyc(c->bytes, k, 0, msg, -1);
        }
    }
}
END_TEST

START_TEST(header_errors)
{
    const HdrCase *c312 = NULL;
    for (size_t i = 0; i < sizeof hdr_cases / sizeof hdr_cases[0]; i++)
        if (hdr_cases[i].ver == 312)
            c312 = &hdr_cases[i];
    ck_assert_ptr_nonnull(c312);
    bad_pyc("", 0, 0, "empty file", -1);
    bad_pyc("", 0, 312, "empty file", -1);
    bad_pyc("\xcb", 1, 0, "truncated header (1 byte; the magic number alone needs 4)", -1);
    bad_pyc("\xcb\x0d\x0d", 3, 0, "truncated header (3 bytes; the magic number alone needs 4)",
            -1);
    bad_pyc(c312->bytes, 10, 0, "truncated header (10 bytes, Python 3.12 needs 16)", -1);
    bad_pyc(c312->bytes, 16, 0, "no code object after the 16-byte header", 16);
    bad_pyc(c312->bytes, 17, 0, "truncated marshal data: co_argcount needs 4, 0 left", 17);

    char buf[256];
    memcpy(buf, c312->bytes, c312->len);
    buf[4] = 4;   /* hand-built: flags bit 2 */
    bad_pyc(buf, c312->len, 0, "invalid flags 0x00000004 in pyc header", 4);
    buf[4] = 0, buf[7] = (char)0x80;
    bad_pyc(buf, c312->len, 0, "invalid flags 0x80000000 in pyc header", 4);
    buf[7] = 0;
    buf[4] = 2;   /* bit 1 without bit 0: accepted, read as timestamp-based */
    PycFile *f = load_ok(buf, c312->len, 0);
    ck_assert_uint_eq(f->flags, 2);
    ck_assert_uint_eq(f->mtime, 1700000000);
    pyc_free(f);
    buf[4] = 0;

    buf[c312->len] = 0, buf[c312->len + 1] = 'N';
    bad_pyc(buf, c312->len + 2, 0, "2 unexpected bytes after the code object", c312->len);
    bad_pyc(buf, c312->len + 1, 0, "1 unexpected byte after the code object", c312->len);
    bad_pyc(buf + 16, c312->len - 16 + 1, 312, "1 unexpected byte after the code object",
            c312->len - 16);
    /* A marshal error's offset is a file offset. */
    memcpy(buf + 16, "Q", 1);
    bad_pyc(buf, 17, 0, "invalid marshal type code 0x51 ('Q')", 16);
    bad_pyc(buf + 16, 1, 312, "invalid marshal type code 0x51 ('Q')", 0);
    bad_pyc(c312->bytes + 16, c312->len - 16, 316, "unsupported Python version 3.16", -1);

    /* A file whose object is not a code object loads (info/dis refuse it). */
    memcpy(buf + 16, "N", 1);
    f = load_ok(buf, 17, 0);
    ck_assert_ptr_eq(f->top, &pyc_none);
    ck_assert_ptr_null(f->code);
    ck_assert_uint_eq(f->ncode, 0);
    pyc_free(f);
}
END_TEST

/* ---- the committed tiny pycs (tests/data/loader, see gen.sh there) -------- */

static unsigned char *slurp(const char *rel, size_t *n)
{
    Diag d;
    diag_clear(&d);
    unsigned char *b = file_read_all(UNIT_DATA(rel), n, &d);
    ck_assert_msg(b != NULL, "%s: %s", rel, d.msg);
    return b;
}

static PycFile *load_data(const char *rel, PyVer force)
{
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_file(UNIT_DATA(rel), force, &d);
    ck_assert_msg(f != NULL, "%s: %s (at byte %ld)", rel, d.msg, d.offset);
    return f;
}

/* Pre-order "name@firstlineno" list, space-separated. */
static void order_of(PycFile *f, char *buf, size_t cap)
{
    uint32_t n;
    CodeObj **l = pyc_code_list(f, &n);
    buf[0] = '\0';
    for (uint32_t i = 0; i < n; i++) {
        size_t k = strlen(buf);
        snprintf(buf + k, cap - k, "%s%s@%d", i ? " " : "", pyc_text(l[i]->name, NULL),
                 l[i]->firstlineno);
        ck_assert_uint_eq(l[i]->index, i);
    }
}

START_TEST(tiny_pycs)
{
    /* Expected values read back with each interpreter (marshal.loads and a
     * recursive walk over co_consts). */
    static const struct { const char *file; PyVer ver; const char *order; } want[] = {
        {"data/loader/tiny-2.7.pyc", 207, "<module>@2 outer@2 inner@3 K@8 method@9"},
        {"data/loader/tiny-3.6.pyc", 306,
         "<module>@2 outer@2 inner@3 K@8 method@9 <listcomp>@10"},
        {"data/loader/tiny-3.8.pyc", 308,
         "<module>@2 outer@2 inner@3 K@8 method@9 <listcomp>@10"},
        {"data/loader/tiny-3.10.pyc", 310,
         "<module>@1 outer@2 inner@3 K@8 method@9 <listcomp>@10"},
        {"data/loader/tiny-3.11.pyc", 311,
         "<module>@1 outer@2 inner@3 K@8 method@9 <listcomp>@10"},
        {"data/loader/tiny-3.12.pyc", 312, "<module>@1 outer@2 inner@3 K@8 method@9"},
        {"data/loader/tiny-3.13.pyc", 313, "<module>@1 outer@2 inner@3 K@8 method@9"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        PycFile *f = load_data(want[i].file, 0);
        PyVer v = want[i].ver;
        ck_assert_int_eq(f->ver, v);
        ck_assert_uint_eq(f->mtime, 1700000000);
        ck_assert_uint_eq(f->source_size, v >= 303 ? 319 : 0);
        char order[256];
        order_of(f, order, sizeof order);
        ck_assert_str_eq(order, want[i].order);
        uint32_t n;
        CodeObj **l = pyc_code_list(f, &n);
        ck_assert_uint_eq(n, f->ncode);
        /* Pre-order is file order: each type byte is a 'c'. */
        size_t size;
        unsigned char *raw = slurp(want[i].file + 0, &size);
        for (uint32_t k = 0; k < n; k++) {
            ck_assert_int_lt(l[k]->file_offset, (long)size);
            ck_assert_int_eq(raw[l[k]->file_offset] & 0x7F, 'c');
            if (k)
                ck_assert_int_gt(l[k]->file_offset, l[k - 1]->file_offset);
        }
        free(raw);
        if (v < 300)
            NAMES(l[0]->names, "outer", "object", "K", "method", "frozenset");
        else
            NAMES(l[0]->names, "outer", "object", "K", "print", "method", "frozenset");
        /* outer: a and b are cells (3.11+: derived from localsplus kinds). */
        NAMES(l[1]->varnames, "a", "b", "inner");
        NAMES(l[1]->cellvars, "a", "b");
        NO_NAMES(l[1]->freevars);
        ck_assert_int_eq(l[1]->nlocals, 3);
        ck_assert_int_eq(l[1]->argcount, 2);
        ck_assert_int_eq(l[1]->flags, 3);
        NAMES(l[2]->freevars, "a", "b");
        NO_NAMES(l[2]->varnames);
        ck_assert_int_eq(l[2]->nlocals, 0);
        ck_assert_int_eq(l[2]->flags, 0x13);
        /* method(self, *args): 3.12+ inlines the comprehension's i. */
        if (v < 300 || v >= 312) {
            NAMES(l[4]->varnames, "self", "args", "i");
            ck_assert_int_eq(l[4]->nlocals, 3);
        } else {
            NAMES(l[4]->varnames, "self", "args");
            ck_assert_int_eq(l[4]->nlocals, 2);
        }
        ck_assert_int_eq(l[4]->flags, v >= 311 ? 0x7 : 0x47);
        if (v >= 311)
            ck_assert(text_is(l[4]->qualname, "K.method"));
        pyc_free(f);
    }
}
END_TEST

START_TEST(hash_based_and_bare)
{
    /* Python 3.12.1, py_compile invalidation_mode CHECKED_HASH / UNCHECKED_HASH */
    static const uint8_t hash[8] = {0xa0, 0x52, 0x78, 0xb6, 0x13, 0x9f, 0xfb, 0x3a};
    PycFile *f = load_data("data/loader/tiny-3.12-checked.pyc", 0);
    ck_assert_uint_eq(f->flags, 3);
    ck_assert_mem_eq(f->source_hash, hash, 8);
    ck_assert_uint_eq(f->mtime, 0);
    ck_assert_uint_eq(f->source_size, 0);
    ck_assert_uint_eq(f->ncode, 5);
    pyc_free(f);
    f = load_data("data/loader/tiny-3.12-unchecked.pyc", 0);
    ck_assert_uint_eq(f->flags, 1);
    ck_assert_mem_eq(f->source_hash, hash, 8);
    pyc_free(f);

    /* marshal.dumps(code) without a header */
    f = load_data("data/loader/tiny-3.12.bin", 312);
    ck_assert_int_eq(f->has_header, 0);
    ck_assert_int_eq(f->ver, 312);
    char order[256];
    order_of(f, order, sizeof order);
    ck_assert_str_eq(order, "<module>@1 outer@2 inner@3 K@8 method@9");
    ck_assert_int_eq(f->code->file_offset, 0);
    pyc_free(f);
    /* Without --bytecode-version the first bytes are taken as a magic. */
    Diag d;
    diag_clear(&d);
    ck_assert_ptr_null(pyc_load_file(UNIT_DATA("data/loader/tiny-3.12.bin"), 0, &d));
    ck_assert(strncmp(d.msg, "not a Python bytecode file", 26) == 0);
}
END_TEST

START_TEST(file_errors)
{
    Diag d;
    diag_clear(&d);
    ck_assert_ptr_null(pyc_load_file(UNIT_DATA("data/loader/no-such-file.pyc"), 0, &d));
    ck_assert_str_eq(d.msg, "cannot open: No such file or directory");
    diag_clear(&d);
    ck_assert_ptr_null(pyc_load_file(UNIT_DATA("data/loader"), 0, &d));
    ck_assert_str_eq(d.msg, "is a directory");
}
END_TEST

/* ---- marshal values ----------------------------------------------------------- */

START_TEST(scalars_3x)
{
    /* Python 3.12.1 and 3.6.15 write these scalars identically. */
    const PyVer vs[] = {306, 312};
    for (size_t i = 0; i < 2; i++) {
        PyVer v = vs[i];
        ck_assert_ptr_eq(M(v, LIT("\x4e")), &pyc_none);
        ck_assert_ptr_eq(M(v, LIT("\x54")), &pyc_true);
        ck_assert_ptr_eq(M(v, LIT("\x46")), &pyc_false);
        ck_assert_ptr_eq(M(v, LIT("\x2e")), &pyc_ellipsis);
        ck_assert_ptr_eq(M(v, LIT("\x53")), &pyc_stopiter);
        PycObj *o = M(v, LIT("\xe9\x01\x00\x00\x00"));   /* 1 */
        ck_assert_int_eq(o->kind, PYC_INT);
        ck_assert_int_eq(o->type_code, 'i');
        ck_assert_int_eq(o->v.i, 1);
        ck_assert_ptr_null(o->v.big.digits);
        ck_assert_int_eq(M(v, LIT("\xe9\xfe\xff\xff\xff"))->v.i, -2);
        o = M(v, LIT("\xec\x03\x00\x00\x00\x00\x00\x00\x00\x02\x00"));   /* 2**31 */
        ck_assert_int_eq(o->kind, PYC_INT);
        ck_assert_int_eq(o->type_code, 'l');
        ck_assert_int_eq(o->v.i, INT64_C(2147483648));
        ck_assert_ptr_null(o->v.big.digits);
        ck_assert_int_eq(o->flags & PYCF_PY2LONG, 0);
        o = M(v, LIT("\xec\xfd\xff\xff\xff\x00\x00\x00\x00\x00\x04"));   /* -(2**40) */
        ck_assert_int_eq(o->v.i, -INT64_C(1099511627776));
        o = M(v, LIT("\xec\xfb\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00"));
        ck_assert_ptr_null(o->v.big.digits);              /* -(2**63) fits */
        ck_assert(o->v.i == INT64_MIN);
        o = M(v, LIT("\xec\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00"));
        ck_assert_ptr_nonnull(o->v.big.digits);           /* 2**63 does not */
        ck_assert_uint_eq(o->len, 5);
        ck_assert_int_eq(o->v.big.neg, 0);
        ck_assert_uint_eq(o->v.big.digits[4], 8);
        o = M(v, LIT("\xec\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04"));
        ck_assert_ptr_nonnull(o->v.big.digits);           /* 2**70 */
        ck_assert_uint_eq(o->len, 5);
        ck_assert_uint_eq(o->v.big.digits[0], 0);
        ck_assert_uint_eq(o->v.big.digits[4], 0x400);
        o = M(v, LIT("\xe7\x00\x00\x00\x00\x00\x00\xf8\x3f"));   /* 1.5 */
        ck_assert_int_eq(o->kind, PYC_FLOAT);
        ck_assert(o->v.f == 1.5);
        o = M(v, LIT("\xe7\x00\x00\x00\x00\x00\x00\x00\x80"));   /* -0.0 */
        ck_assert(o->v.f == 0.0 && signbit(o->v.f));
        o = M(v, LIT("\xf9\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40"));
        ck_assert_int_eq(o->kind, PYC_COMPLEX);
        ck_assert(o->v.c.re == 1.0 && o->v.c.im == 2.0);
        o = M(v, LIT("\x66\x03\x31\x2e\x35"));   /* marshal.dumps(1.5, 1) */
        ck_assert_int_eq(o->kind, PYC_FLOAT);
        ck_assert_int_eq(o->type_code, 'f');
        ck_assert(o->v.f == 1.5);
        o = M(v, LIT("\x78\x01\x31\x01\x32"));   /* marshal.dumps(1+2j, 1) */
        ck_assert_int_eq(o->kind, PYC_COMPLEX);
        ck_assert(o->v.c.re == 1.0 && o->v.c.im == 2.0);
    }
    /* hand-built text floats as Python's float() reads them */
    PycObj *o = M(312, LIT("f\x04-inf"));
    ck_assert(isinf(o->v.f) && o->v.f < 0);
    ck_assert(isnan(M(312, LIT("f\x03nan"))->v.f));
    ck_assert(M(312, LIT("f\x05" "1e300"))->v.f == 1e300);
}
END_TEST

START_TEST(scalars_27)
{
    /* Python 2.7.18 */
    PycObj *o = M(207, LIT("\x69\x01\x00\x00\x00"));
    ck_assert_int_eq(o->v.i, 1);
    ck_assert_int_eq(o->flags, 0);
    o = M(207, LIT("\x49\x00\x00\x00\x00\x00\x01\x00\x00"));   /* 2**40 as int: 'I' */
    ck_assert_int_eq(o->kind, PYC_INT);
    ck_assert_int_eq(o->type_code, 'I');
    ck_assert_int_eq(o->v.i, INT64_C(1099511627776));
    o = M(207, LIT("\x49\x00\x00\x00\x00\x00\xff\xff\xff"));   /* -2**40 as int */
    ck_assert_int_eq(o->v.i, -INT64_C(1099511627776));
    o = M(207, LIT("\x6c\x01\x00\x00\x00\x01\x00"));   /* 1L */
    ck_assert_int_eq(o->v.i, 1);
    ck_assert_int_eq(o->flags & PYCF_PY2LONG, PYCF_PY2LONG);
    o = M(207, LIT("\x6c\xfd\xff\xff\xff\x00\x00\x00\x00\x00\x04"));   /* -(2**40)L */
    ck_assert_int_eq(o->v.i, -INT64_C(1099511627776));
    ck_assert_int_eq(o->flags & PYCF_PY2LONG, PYCF_PY2LONG);
    o = M(207, LIT("\x6c\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04"));  /* 2**70 */
    ck_assert_ptr_nonnull(o->v.big.digits);
    ck_assert_int_eq(o->flags & PYCF_PY2LONG, PYCF_PY2LONG);
    ck_assert(M(207, LIT("\x67\x00\x00\x00\x00\x00\x00\xf8\x3f"))->v.f == 1.5);
    o = M(207, LIT("\x79\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40"));
    ck_assert(o->v.c.re == 1.0 && o->v.c.im == 2.0);
    ck_assert(M(207, LIT("\x66\x03\x31\x2e\x35"))->v.f == 1.5);
    ck_assert_ptr_eq(M(207, LIT("\x4e")), &pyc_none);
    ck_assert_ptr_eq(M(207, LIT("\x2e")), &pyc_ellipsis);
    ck_assert_ptr_eq(M(207, LIT("\x53")), &pyc_stopiter);
    ck_assert_ptr_eq(M(207, LIT("\x54")), &pyc_true);
}
END_TEST

START_TEST(strings)
{
    /* Python 3.12.1 */
    PycObj *o = M(312, LIT("\xf3\x02\x00\x00\x00\x61\x62"));   /* b'ab' */
    ck_assert_int_eq(o->kind, PYC_BYTES);
    ck_assert(text_is(o, "ab"));
    o = M(312, LIT("\xda\x02\x61\x62"));   /* 'ab' */
    ck_assert_int_eq(o->kind, PYC_STR);
    ck_assert_int_eq(o->type_code, 'Z');
    ck_assert_int_eq(o->flags, PYCF_INTERNED | PYCF_ASCII);
    ck_assert(text_is(o, "ab"));
    o = M(312, LIT("\xf5\x02\x00\x00\x00\xc3\xa9"));   /* '\xe9' */
    ck_assert_int_eq(o->kind, PYC_STR);
    ck_assert_int_eq(o->flags, 0);
    ck_assert(text_is(o, "\xc3\xa9"));
    o = M(312, LIT("\xf5\x03\x00\x00\x00\xed\xa0\x80"));   /* '\ud800' (surrogatepass) */
    ck_assert(text_is(o, "\xed\xa0\x80"));
    o = M(312, LIT("\x75\x02\x00\x00\x00\x61\x62"));   /* marshal.dumps('ab', 2) */
    ck_assert_int_eq(o->kind, PYC_STR);
    ck_assert(text_is(o, "ab"));
    /* 'a'*300 is "\xc1\x2c\x01\x00\x00" + 300 'a' (checked with 3.12.1) */
    char big[305];
    memcpy(big, "\xc1\x2c\x01\x00\x00", 5);
    memset(big + 5, 'a', 300);
    o = M(312, big, sizeof big);
    ck_assert_int_eq(o->type_code, 'A');
    ck_assert_uint_eq(o->len, 300);
    ck_assert_int_eq(o->flags, PYCF_INTERNED | PYCF_ASCII);
    /* 'z' bytes are Latin-1: marshal.loads(b'z\x01\xe9') == '\xe9' (3.12.1) */
    ck_assert(text_is(M(312, LIT("z\x01\xe9")), "\xc3\xa9"));
    o = M(312, LIT("t\x02\x00\x00\x00\xc3\xa9"));
    ck_assert_int_eq(o->kind, PYC_STR);
    ck_assert_int_eq(o->flags, PYCF_INTERNED);

    /* Python 2.7.18 */
    o = M(207, LIT("\x74\x02\x00\x00\x00\x61\x62"));   /* 'ab' (interned) */
    ck_assert_int_eq(o->kind, PYC_BYTES);
    ck_assert_int_eq(o->flags & PYCF_INTERNED, PYCF_INTERNED);
    ck_assert(text_is(o, "ab"));
    o = M(207, LIT("\x75\x02\x00\x00\x00\xc3\xa9"));   /* u'\xe9' */
    ck_assert_int_eq(o->kind, PYC_STR);
    ck_assert(text_is(o, "\xc3\xa9"));
    o = M(207, LIT("\x75\x03\x00\x00\x00\xed\xa0\x80"));   /* u'\ud800' */
    ck_assert(text_is(o, "\xed\xa0\x80"));
    o = M(207, LIT("s\x02\x00\x00\x00\xff\x00"));   /* hand-built: raw bytes */
    ck_assert_int_eq(o->kind, PYC_BYTES);
    ck_assert_uint_eq(o->len, 2);
    ck_assert_int_eq((unsigned char)o->v.s[0], 0xff);
}
END_TEST

START_TEST(containers)
{
    /* Python 3.12.1 (3.6.15 writes the same bytes) */
    PycObj *o = M(312, LIT("\xa9\x02\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00"));   /* (1, 2) */
    ck_assert_int_eq(o->kind, PYC_TUPLE);
    ck_assert_int_eq(o->type_code, ')');
    ck_assert_uint_eq(o->len, 2);
    ck_assert_int_eq(o->v.items[1]->v.i, 2);
    o = M(312, LIT("\xdb\x02\x00\x00\x00\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00"));   /* [1,2] */
    ck_assert_int_eq(o->kind, PYC_LIST);
    ck_assert_uint_eq(o->len, 2);
    o = M(312, LIT("\xfb\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00\x30"));   /* {1: 2} */
    ck_assert_int_eq(o->kind, PYC_DICT);
    ck_assert_uint_eq(o->len, 1);
    ck_assert_int_eq(o->v.items[0]->v.i, 1);
    ck_assert_int_eq(o->v.items[1]->v.i, 2);
    o = M(312, LIT("\xbc\x01\x00\x00\x00\xe9\x01\x00\x00\x00"));   /* {1} */
    ck_assert_int_eq(o->kind, PYC_SET);
    ck_assert_uint_eq(o->len, 1);
    o = M(312, LIT("\xbe\x01\x00\x00\x00\xe9\x01\x00\x00\x00"));   /* frozenset({1}) */
    ck_assert_int_eq(o->kind, PYC_FROZENSET);
    ck_assert_int_eq(o->v.items[0]->v.i, 1);
    /* (None,)*300 is "\xa8\x2c\x01\x00\x00" + 300 'N' (checked with 3.12.1) */
    char big[305];
    memcpy(big, "\xa8\x2c\x01\x00\x00", 5);
    memset(big + 5, 'N', 300);
    o = M(312, big, sizeof big);
    ck_assert_int_eq(o->type_code, '(');
    ck_assert_uint_eq(o->len, 300);
    ck_assert_ptr_eq(o->v.items[299], &pyc_none);
    o = M(312, LIT("\xfb\x30"));   /* hand-built: {} */
    ck_assert_uint_eq(o->len, 0);

    /* Python 2.7.18 */
    o = M(207, LIT("\x28\x02\x00\x00\x00\x69\x01\x00\x00\x00\x69\x02\x00\x00\x00"));
    ck_assert_int_eq(o->kind, PYC_TUPLE);
    ck_assert_uint_eq(o->len, 2);
    ck_assert_int_eq(M(207, LIT("\x5b\x02\x00\x00\x00\x69\x01\x00\x00\x00\x69\x02\x00\x00\x00"))
                         ->kind, PYC_LIST);
    ck_assert_int_eq(M(207, LIT("\x7b\x69\x01\x00\x00\x00\x69\x02\x00\x00\x00\x30"))->kind,
                     PYC_DICT);
    ck_assert_int_eq(M(207, LIT("\x3e\x01\x00\x00\x00\x69\x01\x00\x00\x00"))->kind,
                     PYC_FROZENSET);
    ck_assert_int_eq(M(207, LIT("\x3c\x01\x00\x00\x00\x69\x01\x00\x00\x00"))->kind, PYC_SET);

    /* Python 3.14.2 (Pyodide): slice(1, None, 2) */
    o = M(314, LIT("\x3a\xe9\x01\x00\x00\x00\x4e\xe9\x02\x00\x00\x00"));
    ck_assert_int_eq(o->kind, PYC_SLICE);
    ck_assert_uint_eq(o->len, 3);
    ck_assert_int_eq(o->v.items[0]->v.i, 1);
    ck_assert_ptr_eq(o->v.items[1], &pyc_none);
    ck_assert_int_eq(o->v.items[2]->v.i, 2);
}
END_TEST

START_TEST(references)
{
    /* Python 3.12.1: (sys.intern('abc'),) * 2 — the string is ref 0 */
    PycObj *o = M(312, LIT("\x29\x02\xda\x03\x61\x62\x63\x72\x00\x00\x00\x00"));
    ck_assert_uint_eq(o->len, 2);
    ck_assert_ptr_eq(o->v.items[0], o->v.items[1]);
    ck_assert(text_is(o->v.items[1], "abc"));
    /* Python 3.6.15: the tuple is flagged too, so the string is ref 1 */
    o = M(306, LIT("\xa9\x02\xda\x03\x61\x62\x63\x72\x01\x00\x00\x00"));
    ck_assert_ptr_eq(o->v.items[0], o->v.items[1]);
    /* Python 2.7.18: (intern('abc'),) * 2 via the string table */
    o = M(207, LIT("\x28\x02\x00\x00\x00\x74\x03\x00\x00\x00\x61\x62\x63\x52\x00\x00\x00\x00"));
    ck_assert_ptr_eq(o->v.items[0], o->v.items[1]);
    ck_assert_int_eq(o->v.items[1]->kind, PYC_BYTES);
    ck_assert(text_is(o->v.items[1], "abc"));
    /* hand-built: indices are taken at the type byte (pre-order) and a
     * flagged None takes none: ('a'#1, None, 'b'#2, r1, r2) in tuple #0 */
    o = M(312, LIT("\xa9\x05" "\xda\x01" "a" "\xce" "\xda\x01" "b"
                   "\x72\x01\x00\x00\x00" "\x72\x02\x00\x00\x00"));
    ck_assert_ptr_eq(o->v.items[3], o->v.items[0]);
    ck_assert_ptr_eq(o->v.items[4], o->v.items[2]);
    ck_assert(text_is(o->v.items[4], "b"));
    ck_assert_ptr_eq(o->v.items[1], &pyc_none);
    /* a flagged code object can be referenced once finished (lp_311 shares
     * names) — exercised by the localsplus test. */
}
END_TEST

/* ---- code objects: localsplus (3.11+) and the classic fields ------------- */

/* lp_src: def f(a, /, b, *args, c, **kw):
 *             d = 1
 *             def g():
 *                 return a + d
 *             return g
 */
/* Python 3.8.18: marshal.dumps(f.__code__), f as in lp_src; co_varnames=('a', 'b', 'c', 'args', 'kw', 'g') co_cellvars=('a', 'd') co_freevars=() co_nlocals=6 argcount=2 posonly=1 kwonly=1 flags=0xf */
/* nested g: co_freevars=('a', 'd') co_varnames=() co_nlocals=0 */
static const char lp_308[] =
    "\xe3\x02\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x06\x00\x00"
    "\x00\x03\x00\x00\x00\x0f\x00\x00\x00\x73\x16\x00\x00\x00\x64\x01"
    "\x89\x01\x87\x00\x87\x01\x66\x02\x64\x02\x64\x03\x84\x08\x7d\x05"
    "\x7c\x05\x53\x00\x29\x04\x4e\xe9\x01\x00\x00\x00\x63\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00"
    "\x00\x13\x00\x00\x00\x73\x08\x00\x00\x00\x88\x00\x88\x01\x17\x00"
    "\x53\x00\x29\x01\x4e\xa9\x00\x72\x02\x00\x00\x00\xa9\x02\xda\x01"
    "\x61\xda\x01\x64\x72\x02\x00\x00\x00\xfa\x05\x6c\x70\x2e\x70\x79"
    "\xda\x01\x67\x03\x00\x00\x00\x73\x02\x00\x00\x00\x00\x01\x7a\x0c"
    "\x66\x2e\x3c\x6c\x6f\x63\x61\x6c\x73\x3e\x2e\x67\x72\x02\x00\x00"
    "\x00\x29\x06\x72\x04\x00\x00\x00\xda\x01\x62\xda\x01\x63\xda\x04"
    "\x61\x72\x67\x73\x5a\x02\x6b\x77\x72\x07\x00\x00\x00\x72\x02\x00"
    "\x00\x00\x72\x03\x00\x00\x00\x72\x06\x00\x00\x00\xda\x01\x66\x01"
    "\x00\x00\x00\x73\x06\x00\x00\x00\x00\x01\x04\x01\x0e\x02"
    ; /* 222 bytes */
/* Python 3.11.7: marshal.dumps(f.__code__), f as in lp_src; co_varnames=('a', 'b', 'c', 'args', 'kw', 'g') co_cellvars=('a', 'd') co_freevars=() co_nlocals=6 argcount=2 posonly=1 kwonly=1 flags=0xf */
/* nested g: co_freevars=('a', 'd') co_varnames=() co_nlocals=0 */
static const char lp_311[] =
    "\xe3\x02\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00"
    "\x00\x0f\x00\x00\x00\xf3\x1a\x00\x00\x00\x87\x00\x87\x06\x97\x00"
    "\x64\x01\x8a\x06\x88\x00\x88\x06\x66\x02\x64\x02\x84\x08\x7d\x05"
    "\x7c\x05\x53\x00\x29\x03\x4e\xe9\x01\x00\x00\x00\x63\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x13\x00\x00"
    "\x00\xf3\x0e\x00\x00\x00\x95\x02\x97\x00\x89\x00\x89\x01\x7a\x00"
    "\x00\x00\x53\x00\x29\x01\x4e\xa9\x00\x29\x02\xda\x01\x61\xda\x01"
    "\x64\x73\x02\x00\x00\x00\x80\x80\xfa\x05\x6c\x70\x2e\x70\x79\xda"
    "\x01\x67\x7a\x0c\x66\x2e\x3c\x6c\x6f\x63\x61\x6c\x73\x3e\x2e\x67"
    "\x03\x00\x00\x00\x73\x0c\x00\x00\x00\xf8\x80\x00\xd8\x0f\x10\x90"
    "\x31\x89\x75\x88\x0c\xf3\x00\x00\x00\x00\x72\x04\x00\x00\x00\x29"
    "\x07\x72\x05\x00\x00\x00\xda\x01\x62\xda\x01\x63\xda\x04\x61\x72"
    "\x67\x73\xda\x02\x6b\x77\x72\x08\x00\x00\x00\x72\x06\x00\x00\x00"
    "\x73\x07\x00\x00\x00\x60\x20\x20\x20\x20\x20\x40\x72\x07\x00\x00"
    "\x00\xda\x01\x66\x72\x0e\x00\x00\x00\x01\x00\x00\x00\x73\x2c\x00"
    "\x00\x00\xf8\xf8\x80\x00\xd8\x08\x09\x80\x41\xf0\x02\x01\x05\x15"
    "\xf0\x00\x01\x05\x15\xf0\x00\x01\x05\x15\xf0\x00\x01\x05\x15\xf0"
    "\x00\x01\x05\x15\xf0\x00\x01\x05\x15\xe0\x0b\x0c\x80\x48\x72\x09"
    "\x00\x00\x00"
    ; /* 291 bytes */
/* Python 3.13.0: marshal.dumps(f.__code__), f as in lp_src; co_varnames=('a', 'b', 'c', 'args', 'kw', 'g') co_cellvars=('a', 'd') co_freevars=() co_nlocals=6 argcount=2 posonly=1 kwonly=1 flags=0xf */
/* nested g: co_freevars=('a', 'd') co_varnames=() co_nlocals=0 */
static const char lp_313[] =
    "\xe3\x02\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00"
    "\x00\x0f\x00\x00\x00\xf3\x1c\x00\x00\x00\x5e\x00\x5e\x06\x95\x00"
    "\x53\x01\x6d\x06\x55\x00\x55\x06\x34\x02\x53\x02\x1a\x00\x6a\x08"
    "\x6e\x05\x55\x05\x24\x00\x29\x03\x4e\xe9\x01\x00\x00\x00\x63\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x13"
    "\x00\x00\x00\xf3\x0e\x00\x00\x00\x3e\x02\x95\x00\x54\x00\x54\x01"
    "\x2d\x00\x00\x00\x24\x00\x29\x01\x4e\xa9\x00\x29\x02\xda\x01\x61"
    "\xda\x01\x64\x73\x02\x00\x00\x00\x80\x80\xda\x05\x6c\x70\x2e\x70"
    "\x79\xda\x01\x67\xda\x0c\x66\x2e\x3c\x6c\x6f\x63\x61\x6c\x73\x3e"
    "\x2e\x67\x03\x00\x00\x00\x73\x0c\x00\x00\x00\xf8\x80\x00\xd8\x0f"
    "\x10\x90\x31\x89\x75\x88\x0c\xf3\x00\x00\x00\x00\x72\x04\x00\x00"
    "\x00\x29\x07\x72\x05\x00\x00\x00\xda\x01\x62\xda\x01\x63\xda\x04"
    "\x61\x72\x67\x73\xda\x02\x6b\x77\x72\x08\x00\x00\x00\x72\x06\x00"
    "\x00\x00\x73\x07\x00\x00\x00\x60\x20\x20\x20\x20\x20\x40\x72\x07"
    "\x00\x00\x00\xda\x01\x66\x72\x0f\x00\x00\x00\x01\x00\x00\x00\x73"
    "\x12\x00\x00\x00\xf9\x80\x00\xd8\x08\x09\x80\x41\xf6\x02\x01\x05"
    "\x15\xe0\x0b\x0c\x80\x48\x72\x0a\x00\x00\x00"
    ; /* 267 bytes */
/* Python 3.14.2: marshal.dumps(f.__code__), f as in lp_src; co_varnames=('a', 'b', 'c', 'args', 'kw', 'g') co_cellvars=('a', 'd') co_freevars=() co_nlocals=6 argcount=2 posonly=1 kwonly=1 flags=0xf */
/* nested g: co_freevars=('a', 'd') co_varnames=() co_nlocals=0 */
static const char lp_314[] =
    "\xe3\x02\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00"
    "\x00\x0f\x00\x00\x00\xf3\x1c\x00\x00\x00\x61\x00\x61\x06\x80\x00"
    "\x5e\x01\x6f\x06\x56\x00\x56\x06\x33\x02\x52\x01\x17\x00\x6c\x08"
    "\x70\x05\x56\x05\x23\x00\x29\x02\xe9\x01\x00\x00\x00\x63\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x13\x00"
    "\x00\x00\xf3\x16\x00\x00\x00\x3c\x02\x80\x00\x53\x00\x53\x01\x2c"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x23\x00\x29\x01\x4e"
    "\xa9\x00\x29\x02\xda\x01\x61\xda\x01\x64\x73\x02\x00\x00\x00\x80"
    "\x80\xda\x05\x6c\x70\x2e\x70\x79\xda\x01\x67\xda\x0c\x66\x2e\x3c"
    "\x6c\x6f\x63\x61\x6c\x73\x3e\x2e\x67\x03\x00\x00\x00\x73\x0c\x00"
    "\x00\x00\xf8\x80\x00\xd8\x0f\x10\x90\x31\x8d\x75\x88\x0c\xf3\x00"
    "\x00\x00\x00\x72\x04\x00\x00\x00\x29\x07\x72\x05\x00\x00\x00\xda"
    "\x01\x62\xda\x01\x63\xda\x04\x61\x72\x67\x73\xda\x02\x6b\x77\x72"
    "\x08\x00\x00\x00\x72\x06\x00\x00\x00\x73\x07\x00\x00\x00\x62\x26"
    "\x24\x2a\x2c\x20\x40\x72\x07\x00\x00\x00\xda\x01\x66\x72\x0f\x00"
    "\x00\x00\x01\x00\x00\x00\x73\x12\x00\x00\x00\xf9\x80\x00\xd8\x08"
    "\x09\x80\x41\xf6\x02\x01\x05\x15\xe0\x0b\x0c\x80\x48\x72\x0a\x00"
    "\x00\x00"
    ; /* 274 bytes */

static void check_lp(PyVer v, const char *b, size_t n, const uint8_t *kinds)
{
    PycObj *o = M(v, b, n);
    ck_assert_int_eq(o->kind, PYC_CODE);
    const CodeObj *c = o->v.code;
    ck_assert_int_eq(c->argcount, 2);
    ck_assert_int_eq(c->posonlyargcount, 1);
    ck_assert_int_eq(c->kwonlyargcount, 1);
    ck_assert_int_eq(c->flags, 0xf);
    ck_assert_int_eq(c->nlocals, 6);
    NAMES(c->varnames, "a", "b", "c", "args", "kw", "g");
    NAMES(c->cellvars, "a", "d");
    NO_NAMES(c->freevars);
    ck_assert(text_is(c->name, "f"));
    if (kinds) {
        /* kinds as measured in spec marshal.md §5.1 */
        NAMES(c->localsplusnames, "a", "b", "c", "args", "kw", "g", "d");
        ck_assert_mem_eq(c->localspluskinds, kinds, 7);
        ck_assert(text_is(c->qualname, "f"));
    }
    const PycObj *g = NULL;
    for (uint32_t i = 0; i < c->consts->len; i++)
        if (c->consts->v.items[i]->kind == PYC_CODE)
            g = c->consts->v.items[i];
    ck_assert_ptr_nonnull(g);
    NAMES(g->v.code->freevars, "a", "d");
    NO_NAMES(g->v.code->varnames);
    NO_NAMES(g->v.code->cellvars);
    ck_assert_int_eq(g->v.code->nlocals, 0);
    if (kinds)
        ck_assert(text_is(g->v.code->qualname, "f.<locals>.g"));
}

START_TEST(localsplus)
{
    static const uint8_t k311[7] = {0x60, 0x20, 0x20, 0x20, 0x20, 0x20, 0x40};
    static const uint8_t k314[7] = {0x62, 0x26, 0x24, 0x2a, 0x2c, 0x20, 0x40};
    check_lp(308, lp_308, sizeof lp_308 - 1, NULL);
    check_lp(311, lp_311, sizeof lp_311 - 1, k311);
    check_lp(313, lp_313, sizeof lp_313 - 1, k311);
    check_lp(314, lp_314, sizeof lp_314 - 1, k314);
}
END_TEST

/* A hand-built 3.12 code object, one piece per field; tests replace one. */
enum { F_ARGC, F_POSONLY, F_KWONLY, F_STACK, F_FLAGS, F_CODE, F_CONSTS, F_NAMES, F_LPNAMES,
       F_LPKINDS, F_FILENAME, F_NAME, F_QUALNAME, F_FIRSTLINE, F_LINETABLE, F_EXCTABLE, F_N };

static const char *const code_base[F_N] = {
    "\x00\x00\x00\x00", "\x00\x00\x00\x00", "\x00\x00\x00\x00", "\x01\x00\x00\x00",
    "\x00\x00\x00\x00",
    "s\x02\x00\x00\x00\x97\x00",                 /* co_code: RESUME 0 */
    ")\x01N",                                    /* co_consts (None,) */
    ")\x01" "Z\x01" "x",                         /* co_names ('x',) */
    ")\x02" "Z\x01" "a" "Z\x01" "b",             /* localsplusnames */
    "s\x02\x00\x00\x00\x20\x40",                 /* kinds: LOCAL, CELL */
    "Z\x04" "t.py", "Z\x01" "f", "Z\x01" "f",
    "\x07\x00\x00\x00",
    "s\x00\x00\x00\x00", "s\x00\x00\x00\x00",
};
/* The int32 fields contain NUL bytes: give their lengths explicitly. */
static size_t piece_len(int i, const char *p)
{
    if (i <= F_FLAGS || i == F_FIRSTLINE)
        return 4;
    if (p[0] == 's' || p[0] == 'u' || p[0] == 't')   /* size-prefixed */
        return 5 + (size_t)(unsigned char)p[1];
    if (p[0] == 'i')
        return 5;
    size_t n = 0;
    /* ")\x0N" + items of the form "Z\x0K" + K chars, or 'N', 'i'+4 */
    if (p[0] == ')') {
        unsigned items = (unsigned char)p[1];
        n = 2;
        for (unsigned k = 0; k < items; k++) {
            if (p[n] == 'Z')
                n += 2 + (unsigned char)p[n + 1];
            else if (p[n] == 'i')
                n += 5;
            else
                n += 1;
        }
        return n;
    }
    if (p[0] == 'Z')
        return 2 + (size_t)(unsigned char)p[1];
    return 1;
}

/* Build the code object with field `which` replaced by `repl` (or none). */
static size_t build_code(char *out, int which, const char *repl)
{
    size_t n = 0;
    out[n++] = 'c';
    for (int i = 0; i < F_N; i++) {
        const char *p = i == which ? repl : code_base[i];
        size_t k = piece_len(i, p);
        memcpy(out + n, p, k);
        n += k;
    }
    return n;
}

static size_t field_offset(int which)
{
    size_t n = 1;
    for (int i = 0; i < which; i++)
        n += piece_len(i, code_base[i]);
    return n;
}

START_TEST(code_fields)
{
    char buf[256];
    size_t n = build_code(buf, -1, NULL);
    PycObj *o = M(312, buf, n);
    const CodeObj *c = o->v.code;
    ck_assert_uint_eq(c->codelen, 2);
    NAMES(c->names, "x");
    NAMES(c->varnames, "a");
    NAMES(c->cellvars, "b");
    ck_assert_int_eq(c->nlocals, 1);
    ck_assert_int_eq(c->firstlineno, 7);
    ck_assert_uint_eq(c->linetablelen, 0);
    ck_assert_ptr_nonnull(c->exctable);
    ck_assert_uint_eq(c->index, UINT32_MAX);   /* numbered by pyc_load_bytes only */

    static const struct { int field; const char *repl, *msg; } bad[] = {
        {F_NAMES, "i\x05\x00\x00\x00", "co_names is an int, expected a tuple"},
        {F_NAMES, ")\x01i\x01\x00\x00\x00", "co_names item 0 is an int, expected a str"},
        {F_NAMES, ")\x01N", "co_names item 0 is None, expected a str"},
        {F_CONSTS, "N", "co_consts is None, expected a tuple"},
        {F_CODE, ")\x00", "co_code is a tuple, expected bytes"},
        {F_CODE, "Z\x02" "ab", "co_code is a str, expected bytes"},
        {F_CODE, "s\x01\x00\x00\x00\x97", "co_code has an odd length, 1; Python 3.12 "
                                          "instructions are 2 bytes"},
        {F_LPNAMES, ")\x01" "Z\x01" "a", "len(co_localspluskinds) is 2 but "
                                         "len(co_localsplusnames) is 1"},
        {F_LPKINDS, ")\x00", "co_localspluskinds is a tuple, expected bytes"},
        {F_FILENAME, "s\x01\x00\x00\x00x", "co_filename is bytes, expected a str"},
        {F_NAME, "N", "co_name is None, expected a str"},
        {F_QUALNAME, ")\x00", "co_qualname is a tuple, expected a str"},
        {F_LINETABLE, "N", "co_linetable is None, expected bytes"},
        {F_EXCTABLE, "Z\x01" "x", "co_exceptiontable is a str, expected bytes"},
        {F_ARGC, "\xff\xff\xff\xff", "co_argcount is -1, expected a number >= 0"},
        {F_STACK, "\x00\x00\x00\x80", "co_stacksize is -2147483648, expected a number >= 0"},
        {F_POSONLY, "\x01\x00\x00\x00", "co_posonlyargcount 1 is larger than co_argcount 0"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = build_code(buf, bad[i].field, bad[i].repl);
        long off = (long)field_offset(bad[i].field);
        if (bad[i].field == F_POSONLY)
            off = 0;           /* reported at the code object */
        if (bad[i].field == F_LPNAMES)   /* reported at the kinds that follow */
            off = (long)(field_offset(F_LPNAMES) + piece_len(F_LPNAMES, bad[i].repl));
        bad_marshal(312, buf, n, bad[i].msg, off);
    }
    /* 2.7 vocabulary: names are str (bytes), unicode is refused. */
    bad_marshal(207, LIT("c\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00"
                         "s\x00\x00\x00\x00" "(\x00\x00\x00\x00" "(\x01\x00\x00\x00"
                         "u\x01\x00\x00\x00" "x"),
                "co_names item 0 is a unicode, expected a str", 27);
}
END_TEST

/* ---- bad input: exact messages and offsets ------------------------------------ */

START_TEST(bad_marshal_input)
{
    /* hand-built */
    bad_marshal(312, LIT("s\x2c\x01\x00\x00" "abcdefghijkl"),
                "truncated marshal data: string of 300 bytes needs 300, 12 left", 5);
    bad_marshal(312, LIT("Q"), "invalid marshal type code 0x51 ('Q')", 0);
    bad_marshal(312, LIT("\x05"), "invalid marshal type code 0x05", 0);
    bad_marshal(312, LIT("\xd1"), "invalid marshal type code 0xd1 ('Q' with the reference flag)",
                0);
    bad_marshal(312, LIT("?"), "invalid marshal type code 0x3f ('?')", 0);
    bad_marshal(312, LIT("\xa9\x03\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00r\x07\x00\x00\x00"),
                "undefined back-reference 7 (3 objects so far)", 12);
    bad_marshal(312, LIT("r\xff\xff\xff\xff"), "undefined back-reference -1 (0 objects so far)",
                0);
    bad_marshal(312, LIT("\xa9\x01r\x00\x00\x00\x00"),
                "back-reference 0 names an object that is still being read", 2);
    bad_marshal(312, LIT(")\x01" "0"), "unexpected NULL object in a tuple (NULL only ends a dict)",
                2);
    bad_marshal(312, LIT("{N0"), "unexpected NULL object in a dict value (NULL only ends a dict)",
                2);
    bad_marshal(312, LIT("{N"), "truncated marshal data: type byte needs 1, 0 left", 2);
    bad_marshal(312, LIT("0"), "the marshalled object is NULL (type code '0')", 0);
    bad_marshal(312, LIT(""), "truncated marshal data: type byte needs 1, 0 left", 0);
    bad_marshal(312, LIT("i\x01\x00"), "truncated marshal data: int needs 4, 2 left", 1);
    bad_marshal(312, LIT("g\x01\x00"), "truncated marshal data: binary float needs 8, 2 left", 1);
    bad_marshal(312, LIT("l\x01\x00\x00\x00\x00\x00"),
                "unnormalized long data (most significant digit is 0)", 5);
    bad_marshal(312, LIT("l\x01\x00\x00\x00\x00\x80"), "bad long digit 32768 (digits are 0..32767)",
                5);
    bad_marshal(312, LIT("l\x00\x00\x00\x80"),
                "truncated marshal data: long of 2147483648 digits needs 4294967296, 0 left", 5);
    bad_marshal(312, LIT("(\xff\xff\xff\x7f" "NNNNNNNNNNNNNNN"),
                "truncated marshal data: tuple of 2147483647 items needs at least 2147483647 "
                "bytes, 15 left", 5);
    bad_marshal(312, LIT("s\xfb\xff\xff\xff"), "negative size -5 for a string", 1);
    bad_marshal(312, LIT("[\xfb\xff\xff\xff"), "negative size -5 for a list", 1);
    bad_marshal(312, LIT("u\x02\x00\x00\x00\xc3("), "invalid UTF-8 in a string (byte 0xc3)", 5);
    bad_marshal(312, LIT("u\x02\x00\x00\x00\xc0\x80"), "invalid UTF-8 in a string (byte 0xc0)",
                5);
    bad_marshal(312, LIT("u\x04\x00\x00\x00\xf4\x90\x80\x80"),
                "invalid UTF-8 in a string (byte 0xf4)", 5);
    bad_marshal(312, LIT("f\x03" "abc"), "invalid text float 'abc'", 2);
    bad_marshal(312, LIT("f\x04" "0x10"), "invalid text float '0x10'", 2);
    bad_marshal(312, LIT("f\x00"), "invalid text float ''", 2);
    bad_marshal(312, LIT("z\x05" "ab"), "truncated marshal data: string of 5 bytes needs 5, 2 left",
                2);
    bad_marshal(312, LIT("R\x00\x00\x00\x00"),
                "marshal type code 0x52 ('R') (2.x string reference) does not exist in Python "
                "3.12 files", 0);
    bad_marshal(313, LIT(":NNN"), "marshal type code 0x3a (':') (slice) does not exist in "
                "Python 3.13 files", 0);
    bad_marshal(314, LIT(":N0N"), "unexpected NULL object in a slice stop (NULL only ends a dict)",
                2);
    /* 2.x: no refs, no short forms; 'R' names the string table */
    bad_marshal(207, LIT("\xe9\x01\x00\x00\x00"), "marshal type code 0xe9 ('i') has the "
                "reference flag, which does not exist in Python 2.7 files", 0);
    bad_marshal(207, LIT("z\x01" "a"), "marshal type code 0x7a ('z') (short ASCII string) does "
                "not exist in Python 2.7 files", 0);
    bad_marshal(207, LIT(")\x00"), "marshal type code 0x29 (')') (small tuple) does not exist "
                "in Python 2.7 files", 0);
    bad_marshal(207, LIT("r\x00\x00\x00\x00"), "marshal type code 0x72 ('r') (back-reference) "
                "does not exist in Python 2.7 files", 0);
    bad_marshal(207, LIT("(\x02\x00\x00\x00" "t\x01\x00\x00\x00" "aR\x01\x00\x00\x00"),
                "undefined string reference 1 (1 interned strings so far)", 11);
    bad_marshal(303, LIT("\xe9\x01\x00\x00\x00"), "marshal type code 0xe9 ('i') has the "
                "reference flag, which does not exist in Python 3.3 files", 0);
    bad_marshal(316, LIT("N"), "unsupported Python version 3.16", -1);
}
END_TEST

START_TEST(depth_limit)
{
    /* hand-built: 2000 nested objects are fine, 2001 are not (CPython's limit) */
    size_t n = 2 * 2000 + 1;
    char *b = xmalloc(n);
    for (size_t i = 0; i < 2000; i++)
        b[2 * i] = ')', b[2 * i + 1] = 1;
    b[n - 1] = 'N';
    bad_marshal(312, b, n, "marshal data nested more than 2000 levels deep", 4000);
    PycObj *o = M(312, b + 2, n - 2);
    ck_assert_int_eq(o->kind, PYC_TUPLE);
    free(b);
}
END_TEST

START_TEST(expansion_limit)
{
    /* hand-built: one tuple (t0, t1, ..., t40) where t0 = (None, None) and
     * t(k) = (t(k-1), t(k-1)) by reference: 496 bytes, but 2**42 nodes once
     * the references are expanded. */
    char b[512];
    size_t n = 0;
    b[n++] = ')';
    b[n++] = 41;
    memcpy(b + n, "\xa9\x02NN", 4);
    n += 4;
    for (int k = 1; k <= 40; k++) {
        b[n++] = (char)0xa9;
        b[n++] = 2;
        for (int j = 0; j < 2; j++) {
            b[n++] = 'r';
            b[n++] = (char)(k - 1), b[n++] = 0, b[n++] = 0, b[n++] = 0;
        }
    }
    Diag d;
    diag_clear(&d);
    size_t used;
    ck_assert_ptr_null(marshal_read((const unsigned char *)b, n, 312, &arena, &used, &d));
    ck_assert_msg(strncmp(d.msg, "shared references expand to more than ", 38) == 0, "%s", d.msg);
    /* (t0, ..., t15): 2**17 nodes are fine */
    b[1] = 16;
    PycObj *o = M(312, b, 2 + 4 + 15 * 12);
    ck_assert_uint_eq(o->len, 16);
    const PycObj *t15 = o->v.items[15];
    ck_assert_ptr_eq(t15->v.items[0], t15->v.items[1]);
    ck_assert_ptr_eq(t15->v.items[0], o->v.items[14]);
}
END_TEST

/* ---- robustness: every truncation and seeded byte flips ----------------------- */

static uint32_t rng_state;

static uint32_t rng(void)   /* xorshift32: fixed seed, same flips on every run */
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

/* The sweep makes about a million loads: it checks with plain ifs, because
 * every ck_assert that passes costs Check a write to its pipe. */
#define SWEEP_CHECK(cond, ...)                                                \
    do {                                                                      \
        if (!(cond))                                                          \
            ck_abort_msg(__VA_ARGS__);                                        \
    } while (0)

/* Read what a consumer would read, so ASan sees any bad pointer. */
static unsigned touch_obj(const PycObj *o)
{
    unsigned h = o->kind;
    uint32_t len;
    const char *s = pyc_text(o, &len);
    if (s && len)
        h += (unsigned char)s[0] + (unsigned char)s[len - 1] + (unsigned char)s[len];
    if (o->kind == PYC_INT && o->v.big.digits)
        h += o->v.big.digits[o->len - 1];
    return h;
}

static unsigned touch(PycFile *f)
{
    unsigned h = 0;
    uint32_t n;
    CodeObj **l = pyc_code_list(f, &n);
    SWEEP_CHECK(n == f->ncode, "code list length");
    for (uint32_t i = 0; i < n; i++) {
        const CodeObj *c = l[i];
        SWEEP_CHECK(c->index == i, "code %u has index %u", i, c->index);
        if (c->codelen)
            h += c->code[c->codelen - 1];
        if (c->linetablelen)
            h += c->linetable[c->linetablelen - 1];
        const PycObj *tuples[] = {c->consts, c->names, c->varnames, c->freevars, c->cellvars};
        for (size_t t = 0; t < 5; t++)
            for (uint32_t k = 0; k < tuples[t]->len; k++)
                h += touch_obj(tuples[t]->v.items[k]);
        h += touch_obj(c->filename) + touch_obj(c->name);
        if (c->qualname)
            h += touch_obj(c->qualname);
        if (c->localsplusnames && c->localsplusnames->len)
            h += c->localspluskinds[c->localsplusnames->len - 1];
    }
    return h;
}

/* 1 when the bytes load; 0 after a clean, well-formed failure. */
static int try_load(const unsigned char *data, size_t n, PyVer force)
{
    unsigned char *copy = xmalloc(n ? n : 1);   /* exact size for ASan */
    memcpy(copy, data, n);
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_bytes(copy, n, "fuzz.pyc", force, &d);
    free(copy);
    if (!f) {
        SWEEP_CHECK(d.set && d.msg[0] != '\0', "failure without a message");
        SWEEP_CHECK(strchr(d.msg, '\n') == NULL, "message with a newline: %s", d.msg);
        SWEEP_CHECK(d.offset >= -1 && d.offset <= (long)n, "offset %ld of %zu", d.offset, n);
        return 0;
    }
    touch(f);
    pyc_free(f);
    return 1;
}

static unsigned long sweep_file(const char *path, PyVer force)
{
    Diag d;
    diag_clear(&d);
    size_t n;
    unsigned char *data = file_read_all(path, &n, &d);
    ck_assert_msg(data != NULL, "%s: %s", path, d.msg);
    ck_assert_msg(try_load(data, n, force), "%s does not load", path);
    unsigned long loads = 1;
    /* No strict prefix is a complete file. */
    for (size_t k = 0; k < n; k++, loads++)
        SWEEP_CHECK(!try_load(data, k, force), "%s: prefix of %zu bytes loads", path, k);
    unsigned char *m = xmalloc(n);
    rng_state = 20240607;
    for (int i = 0; i < 200; i++, loads++) {
        memcpy(m, data, n);
        size_t pos = rng() % n;
        m[pos] ^= (unsigned char)(1 + rng() % 255);
        try_load(m, n, force);
    }
    free(m);
    free(data);
    return loads;
}

START_TEST(robustness)
{
    static const struct { const char *pattern; PyVer force; } sets[] = {
        {"data/*/*.pyc", 0},            /* fixtures of every version + data/loader */
        {"data/loader/*.bin", 312},     /* bare marshal.dumps(code) of 3.12 */
    };
    unsigned files = 0;
    unsigned long loads = 0;
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        glob_t g;
        if (glob(UNIT_DATA(sets[s].pattern), 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++, files++)
            loads += sweep_file(g.gl_pathv[i], sets[s].force);
        globfree(&g);
    }
    /* at least the committed data/loader files */
    ck_assert_uint_ge(files, 10);
    printf("robustness: %u files, %lu loads\n", files, loads);
}
END_TEST

/* ---- the suite ---------------------------------------------------------------- */

static Suite *pyc_suite(void)
{
    Suite *s = suite_create("pyc");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, version_table);
    tcase_add_test(tc, magic_messages);
    tcase_add_test(tc, headers_every_version);
    tcase_add_test(tc, header_errors);
    tcase_add_test(tc, tiny_pycs);
    tcase_add_test(tc, hash_based_and_bare);
    tcase_add_test(tc, file_errors);
    tcase_add_test(tc, scalars_3x);
    tcase_add_test(tc, scalars_27);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, containers);
    tcase_add_test(tc, references);
    tcase_add_test(tc, localsplus);
    tcase_add_test(tc, code_fields);
    tcase_add_test(tc, bad_marshal_input);
    tcase_add_test(tc, depth_limit);
    tcase_add_test(tc, expansion_limit);
    suite_add_tcase(s, tc);
    TCase *rb = tcase_create("robustness");
    tcase_set_timeout(rb, 600);   /* every prefix of every fixture: seconds, more under ASan */
    tcase_add_test(rb, robustness);
    suite_add_tcase(s, rb);
    return s;
}

UNIT_MAIN(pyc_suite)

/* test_vm.c — unit tests for the VM's code preparation (code.c): the 3.12
 * lowering and the verifier that refuses code the eval loop could not run
 * safely.
 *
 * The accepted code comes from the real interpreter: every code object of
 * every .pyc of tests/data/3.12 (compiled by CPython 3.12.1) must verify.  The
 * refused code is built here instruction by instruction with 3.12's opcode
 * numbers (RESUME 151, LOAD_CONST 100, …, from src/bytecode/op_py312.def),
 * and each case checks pydbg's own refusal text.  A sweep flips bytes of
 * the fixtures' bytecode and exception tables and requires a clean verdict
 * (accept or refuse, never a crash — run under ASan by scripts/test).
 */
#include "config.h"
#include "pydbg/vm.h"
#include "unit.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* 3.12 opcode numbers (op_py312.def) */
enum {
    POP_TOP = 1, PUSH_NULL = 2, END_FOR = 4, NOP = 9, GET_ITER = 68, RETURN_VALUE = 83,
    LOAD_CONST = 100, COMPARE_OP = 107, JUMP_FORWARD = 110, POP_JUMP_IF_TRUE = 115,
    LOAD_GLOBAL = 116, COPY = 120, RETURN_CONST = 121, BINARY_OP = 122, LOAD_FAST = 124,
    STORE_FAST = 125, FOR_ITER = 93, LOAD_DEREF = 137, JUMP_BACKWARD = 140,
    LOAD_FAST_AND_CLEAR = 143, RESUME = 151, CALL = 171, KW_NAMES = 172, RERAISE = 119,
};

/* ---- hand-made code objects ------------------------------------------------ */

static PycObj none_c = {.kind = PYC_NONE};
static PycObj one_c = {.kind = PYC_INT, .v.i = 1};
static PycObj str_x = {.kind = PYC_STR, .len = 1, .v.s = "x"};
static PycObj str_f = {.kind = PYC_STR, .len = 1, .v.s = "f"};
static PycObj *const_items[] = {&none_c, &one_c};
static PycObj *name_items[] = {&str_x};
static PycObj consts_t = {.kind = PYC_TUPLE, .len = 2, .v.items = const_items};
static PycObj names_t = {.kind = PYC_TUPLE, .len = 1, .v.items = name_items};
static PycObj locals_t = {.kind = PYC_TUPLE, .len = 1, .v.items = name_items};
static const uint8_t local_kinds[] = {CO_FAST_LOCAL};

typedef struct TCode {
    CodeObj co;
    uint8_t code[256];
    uint8_t exc[64];
} TCode;

/* A code object 'f' for 3.12 with consts (None, 1), names ('x',), one
 * local 'x', no line table. */
static void mk(TCode *t, const uint8_t *code, uint32_t n, int32_t stacksize)
{
    memset(t, 0, sizeof *t);
    memcpy(t->code, code, n);
    t->co.ver = PYV(3, 12);
    t->co.stacksize = stacksize;
    t->co.flags = CO_OPTIMIZED | CO_NEWLOCALS;
    t->co.code = t->code;
    t->co.codelen = n;
    t->co.consts = &consts_t;
    t->co.names = &names_t;
    t->co.localsplusnames = &locals_t;
    t->co.localspluskinds = local_kinds;
    t->co.name = &str_f;
    t->co.qualname = &str_f;
    t->co.filename = &str_f;
    t->co.linetable = (const uint8_t *)"";
    t->co.exctable = t->exc;
}

/* One exception-table entry in 3.11+'s varint encoding (code units). */
static void add_exc(TCode *t, uint32_t start, uint32_t len, uint32_t target, uint32_t depth,
                    int lasti)
{
    uint32_t vals[4] = {start, len, target, depth << 1 | (uint32_t)lasti};
    uint32_t k = t->co.exctablelen;
    for (int v = 0; v < 4; v++) {
        uint8_t chunks[6];
        int nc = 0;
        uint32_t x = vals[v];
        do {
            chunks[nc++] = x & 63;
            x >>= 6;
        } while (x);
        for (int i = nc - 1; i >= 0; i--)
            t->exc[k++] = (uint8_t)(chunks[i] | (i ? 0x40 : 0) | (v == 0 && i == nc - 1 ? 0x80 : 0));
    }
    t->co.exctablelen = k;
}

static const char *verdict(TCode *t)
{
    static Diag d;
    diag_clear(&d);
    return code_verify(&t->co, &d) < 0 ? d.msg : "ok";
}

#define CODE(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static void expect(const uint8_t *code, uint32_t n, int32_t stacksize, const char *want)
{
    TCode t;
    mk(&t, code, n, stacksize);
    const char *got = verdict(&t);
    ck_assert_msg(strstr(got, want) != NULL, "expected \"%s\", got \"%s\"", want, got);
}

START_TEST(accepts_minimal)
{
    expect(CODE(RESUME, 0, LOAD_CONST, 1, RETURN_VALUE, 0), 1, "ok");
    expect(CODE(RESUME, 0, RETURN_CONST, 0), 0, "ok");
    /* CALL accepts the NULL below the callable. */
    expect(CODE(RESUME, 0, PUSH_NULL, 0, LOAD_CONST, 1, CALL, 0, 0, 0, 0, 0, 0, 0,
                RETURN_VALUE, 0), 2, "ok");
    /* LOAD_FAST_AND_CLEAR's possible NULL may be stored back. */
    expect(CODE(RESUME, 0, LOAD_FAST_AND_CLEAR, 0, STORE_FAST, 0, RETURN_CONST, 0), 1, "ok");
}
END_TEST

START_TEST(refuses_operands)
{
    expect(CODE(RESUME, 0, LOAD_CONST, 250, RETURN_VALUE, 0), 1,
           "code object 'f': LOAD_CONST constant index 250 out of range (2 constants) at offset 2");
    expect(CODE(RESUME, 0, LOAD_FAST, 3, RETURN_VALUE, 0), 1,
           "LOAD_FAST local index 3 out of range (1 locals) at offset 2");
    /* 3.12 LOAD_GLOBAL: name index = oparg >> 1 */
    expect(CODE(RESUME, 0, LOAD_GLOBAL, 3, 0, 0, 0, 0, 0, 0, 0, 0, RETURN_VALUE, 0), 2,
           "LOAD_GLOBAL name index 1 out of range (1 names) at offset 2");
    expect(CODE(RESUME, 0, LOAD_CONST, 1, LOAD_CONST, 1, COMPARE_OP, 6 << 4, 0, 0, RETURN_VALUE, 0),
           2, "COMPARE_OP operator 6 out of range at offset 6");
    expect(CODE(RESUME, 0, LOAD_DEREF, 0, RETURN_VALUE, 0), 1,
           "LOAD_DEREF slot 0 is not a cell or free variable at offset 2");
    expect(CODE(RESUME, 0, KW_NAMES, 0, RETURN_CONST, 0), 0, "KW_NAMES constant is not a tuple");
    expect(CODE(0, 0, RETURN_CONST, 0), 0, "CACHE is not an instruction at offset 0");
    expect(CODE(RESUME, 0, LOAD_CONST, 1, RERAISE, 3), 1, "RERAISE 3 out of range at offset 4");
}
END_TEST

START_TEST(refuses_stack_misuse)
{
    expect(CODE(RESUME, 0, LOAD_CONST, 1, RETURN_VALUE, 0), 0,
           "stack depth 1 exceeds co_stacksize 0 at offset 2");
    expect(CODE(RESUME, 0, POP_TOP, 0, RETURN_CONST, 0), 1,
           "stack underflow (POP_TOP pops 1 at depth 0) at offset 2");
    expect(CODE(RESUME, 0, PUSH_NULL, 0, LOAD_CONST, 1, BINARY_OP, 0, 0, 0, RETURN_VALUE, 0), 2,
           "BINARY_OP would use a NULL stack slot at offset 6");
    expect(CODE(RESUME, 0, PUSH_NULL, 0, COPY, 1, RETURN_CONST, 0), 2,
           "COPY of a NULL stack slot at offset 4");
    expect(CODE(RESUME, 0, COPY, 2, RETURN_CONST, 0), 2, "stack underflow (COPY 2 at depth 0)");
    /* RERAISE 1 reads the lasti below the exception */
    expect(CODE(RESUME, 0, LOAD_CONST, 1, RERAISE, 1), 1, "stack underflow (RERAISE pops 2 at depth 1)");
    /* the jump reaches RETURN_CONST with depth 0, the fall-through with 1 */
    expect(CODE(RESUME, 0, LOAD_CONST, 1, POP_JUMP_IF_TRUE, 1, LOAD_CONST, 1, RETURN_CONST, 0), 1,
           "stack depth 1 here but 0 on another path at offset 8");
    expect(CODE(RESUME, 0, NOP, 0), 0, "execution runs past the end of the code at offset 2");
    /* an endless loop that pushes is refused too */
    expect(CODE(RESUME, 0, LOAD_CONST, 1, JUMP_BACKWARD, 2), 8,
           "stack depth 1 here but 0 on another path");
}
END_TEST

START_TEST(refuses_control_flow)
{
    /* FOR_ITER must end at END_FOR (3.12 skips it on exhaustion) */
    expect(CODE(RESUME, 0, LOAD_CONST, 1, GET_ITER, 0, FOR_ITER, 1, 0, 0, POP_TOP, 0,
                RETURN_CONST, 0), 2, "FOR_ITER target is not END_FOR at offset 6");
    expect(CODE(RESUME, 0, JUMP_FORWARD, 9, RETURN_CONST, 0), 0, "outside the code");
    expect(CODE(RESUME, 0, KW_NAMES, 0, NOP, 0, RETURN_CONST, 0), 0, "KW_NAMES");
}
END_TEST

START_TEST(refuses_exception_tables)
{
    static const uint8_t code[] = {RESUME, 0, LOAD_CONST, 1, POP_TOP, 0, RETURN_CONST, 0,
                                   POP_TOP, 0, RETURN_CONST, 0};
    TCode t;
    /* a handler for offsets 2..6 at offset 8, depth 0: fine */
    mk(&t, code, sizeof code, 1);
    add_exc(&t, 1, 2, 4, 0, 0);
    ck_assert_str_eq(verdict(&t), "ok");
    /* its target between instructions' bytes is not an instruction start */
    mk(&t, code, sizeof code, 1);
    add_exc(&t, 1, 2, 40, 0, 0);
    ck_assert(strcmp(verdict(&t), "ok") != 0);
    /* a handler that wants a deeper stack than the protected code has */
    mk(&t, code, sizeof code, 3);
    add_exc(&t, 1, 1, 4, 2, 0);
    ck_assert_msg(strstr(verdict(&t), "exception handler depth 2 above the stack depth 0"),
                  "%s", verdict(&t));
    /* handler depth + lasti + exception must fit co_stacksize */
    mk(&t, code, sizeof code, 1);
    add_exc(&t, 1, 2, 4, 0, 1);
    ck_assert_msg(strstr(verdict(&t), "exceeds co_stacksize 1"), "%s", verdict(&t));
}
END_TEST

START_TEST(refuses_other_versions)
{
    TCode t;
    mk(&t, CODE(RESUME, 0, RETURN_CONST, 0), 0);
    t.co.ver = PYV(3, 11);
    ck_assert_str_eq(verdict(&t), "Python 3.11 bytecode cannot be run (pydbg runs 3.12)");
}
END_TEST

/* ---- the fixtures ------------------------------------------------------------ */

static int for_each_fixture(int (*fn)(PycFile *f, void *arg), void *arg)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", UNIT_DATA("data/3.12"));
    DIR *dp = opendir(dir);
    ck_assert_msg(dp != NULL, "cannot open %s", dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dp))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".pyc") != 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        Diag d;
        diag_clear(&d);
        PycFile *f = pyc_load_file(path, 0, &d);
        ck_assert_msg(f != NULL, "%s: %s", path, d.msg);
        fn(f, arg);
        pyc_free(f);
        files++;
    }
    closedir(dp);
    return files;
}

static int verify_all(PycFile *f, void *arg)
{
    int *count = arg;
    uint32_t n;
    CodeObj **codes = pyc_code_list(f, &n);
    for (uint32_t k = 0; k < n; k++) {
        Diag d;
        diag_clear(&d);
        ck_assert_msg(code_verify(codes[k], &d) == 0, "%s: %s", f->path, d.msg);
        (*count)++;
    }
    return 0;
}

START_TEST(accepts_every_fixture)
{
    int count = 0;
    int files = for_each_fixture(verify_all, &count);
    ck_assert_int_gt(files, 40);
    ck_assert_int_gt(count, 300);
}
END_TEST

/* Flip bytes of co_code and co_exceptiontable: any verdict, no crash. */
static int flip_all(PycFile *f, void *arg)
{
    unsigned *seed = arg;
    uint32_t n;
    CodeObj **codes = pyc_code_list(f, &n);
    for (uint32_t k = 0; k < n; k++) {
        CodeObj co = *codes[k];
        uint8_t *code = malloc(co.codelen + 1);
        uint8_t *exc = malloc(co.exctablelen + 1);
        memcpy(code, co.code, co.codelen);
        if (co.exctablelen)
            memcpy(exc, co.exctable, co.exctablelen);
        co.code = code;
        co.exctable = exc;
        for (int round = 0; round < 24; round++) {
            *seed = *seed * 1103515245u + 12345u;
            uint32_t r = *seed >> 8;
            if ((round & 3) == 3 && co.exctablelen)
                exc[r % co.exctablelen] ^= (uint8_t)(1u << (r % 8));
            else if (co.codelen)
                code[r % co.codelen] ^= (uint8_t)(1u << ((r >> 5) % 8));
            Diag d;
            diag_clear(&d);
            (void)code_verify(&co, &d);
        }
        free(code);
        free(exc);
    }
    return 0;
}

START_TEST(flipped_bytes_never_crash)
{
    unsigned seed = 12345;
    ck_assert_int_gt(for_each_fixture(flip_all, &seed), 40);
}
END_TEST

Suite *vm_suite(void)
{
    Suite *s = suite_create("vm");
    TCase *tc = tcase_create("verify");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, accepts_minimal);
    tcase_add_test(tc, refuses_operands);
    tcase_add_test(tc, refuses_stack_misuse);
    tcase_add_test(tc, refuses_control_flow);
    tcase_add_test(tc, refuses_exception_tables);
    tcase_add_test(tc, refuses_other_versions);
    tcase_add_test(tc, accepts_every_fixture);
    tcase_add_test(tc, flipped_bytes_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(vm_suite)

/* test_linev.c — unit tests for linev (3.12's line and call events at run
 * time) with the VM's two trap levels.
 *
 * tests/trace.test checks the events themselves against python3.12 -m
 * trace with every instruction trapped (VM_TRAP_ALL).  The debugger engine
 * also calls linev_line_event from breakpoint hits (VM_TRAP_BREAKPOINTS),
 * where the eval loop runs everything in between without the hook: there
 * the frame's previous instruction and its inline-call flag must still be
 * right.  So each program of tests/data/3.12 listed below is run twice in a
 * child process: once trapping every instruction, recording the line events
 * at the instructions a filter accepts, and once with breakpoint bytes set
 * only there (plus what linev_needs_hook asks for); the two recordings must
 * be the same.  Filters: every instruction, and only the lines of one
 * parity (long un-hooked stretches, calls returning in between).
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pydbg/linev.h"
#include "pydbg/opcode.h"
#include "pydbg/vm.h"
#include "unit.h"

static const char *const programs[] = {
    "trace_rules", "algorithms", "generators_basic", "generators_advanced",
    "generator_protocol", "exceptions_basic", "try_finally_flow", "with_stmt",
    "loops_control", "closures_nonlocal", "async_protocol", "async_generators",
    "decorators", "match_stmt", "comprehensions", "classes_advanced",
};

/* Which instructions are recorded: -1 all, else lines of this parity. */
static int parity;
static FILE *events;
static unsigned long hooks;

static bool wanted(CodeRtObj *co, int32_t i)
{
    return parity < 0 || (co->code[i].line >= 0 && co->code[i].line % 2 == parity);
}

static int record(Frame *f, int32_t prev)
{
    int32_t i = f->lasti;
    int line;
    hooks++;
    bool ev = linev_line_event(f, prev, i, &line);
    if (ev && wanted(f->code, i))
        fprintf(events, "%s %d %u %d\n", str_utf8_lossy(f->code->name, NULL),
                f->code->firstlineno, f->code->code[i].offset, line);
    return 0;
}

/* Breakpoint bytes: the recorded line starts, and what linev must watch. */
static void set_breakpoints(CodeRtObj *co)
{
    co->breakpoints = calloc(co->insns.n ? co->insns.n : 1, 1);
    for (uint32_t i = 0; i < co->insns.n; i++) {
        uint16_t op = co->insns.v[i].op;
        bool site = op == OP_LOAD_ATTR || op == OP_BINARY_SUBSCR;
        if ((linev_is_start(co, (int32_t)i) && wanted(co, (int32_t)i)) || site) {
            ck_assert(linev_needs_hook(co, (int32_t)i));
            co->breakpoints[i] = 1;
        }
    }
}

/* Run tests/data/3.12/NAME.pyc in a child with the given trap level; the
 * recorded events (malloc'd text) and the number of hook calls. */
static char *run_program(const char *name, int trap, unsigned long *nhooks)
{
    char path[4096], out[] = "/tmp/test_linev.XXXXXX";
    snprintf(path, sizeof path, "%s/%s.pyc", UNIT_DATA("data/3.12"), name);
    int fd = mkstemp(out);
    ck_assert_int_ge(fd, 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        setenv("PYTHONHASHSEED", "0", 1);
        events = fdopen(fd, "w");
        Diag d;
        diag_clear(&d);
        PycFile *pf = pyc_load_file(path, 0, &d);
        if (!pf)
            _exit(3);
        char *argv[] = {path, NULL};
        if (vm_init(pf->ver, 1, argv, path) < 0)
            _exit(4);
        if (trap == VM_TRAP_BREAKPOINTS)
            vm_code_hook = set_breakpoints;
        VmMain m;
        if (vm_main_begin(&m, pf) != 0)
            _exit(5);
        vm_trap_hook = record;
        vm->trap = trap;
        Obj *exc = vm_main_exec(&m);
        vm->trap = VM_TRAP_OFF;
        (void)exc;
        fprintf(events, "hooks %lu\n", hooks);
        fclose(events);
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: child status %d", name,
                  status);
    size_t len;
    Diag d;
    diag_clear(&d);
    char *text = (char *)file_read_all(out, &len, &d);
    close(fd);
    unlink(out);
    ck_assert_ptr_nonnull(text);
    char *h = strstr(text, "hooks ");
    ck_assert_ptr_nonnull(h);
    *nhooks = strtoul(h + 6, NULL, 10);
    *h = 0;
    return text;
}

static void compare_levels(const char *name)
{
    unsigned long all_hooks, bp_hooks;
    char *all = run_program(name, VM_TRAP_ALL, &all_hooks);
    char *bp = run_program(name, VM_TRAP_BREAKPOINTS, &bp_hooks);
    ck_assert_msg(strlen(all) > 0, "%s: no line events", name);
    ck_assert_msg(bp_hooks < all_hooks, "%s: %lu breakpoint hooks, %lu in all", name, bp_hooks,
                  all_hooks);
    if (strcmp(all, bp) != 0) {
        /* the first differing line, for the message */
        size_t k = 0, line_start = 0;
        while (all[k] && all[k] == bp[k]) {
            if (all[k] == '\n')
                line_start = k + 1;
            k++;
        }
        ck_abort_msg("%s (parity %d): breakpoint trapping differs at '%.60s' vs '%.60s'", name,
                     parity, all + line_start, bp + line_start);
    }
    free(all);
    free(bp);
}

START_TEST(breakpoints_match_every_instruction)
{
    parity = -1;
    compare_levels(programs[_i]);
}
END_TEST

START_TEST(sparse_breakpoints_match)
{
    for (parity = 0; parity < 2; parity++)
        compare_levels(programs[_i]);
}
END_TEST

/* The static table: every event is at a start; RESUME never is one. */
START_TEST(starts_exclude_resume)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/trace_rules.pyc", UNIT_DATA("data/3.12"));
    Diag d;
    diag_clear(&d);
    PycFile *pf = pyc_load_file(path, 0, &d);
    ck_assert_ptr_nonnull(pf);
    char *argv[] = {path, NULL};
    ck_assert_int_eq(vm_init(pf->ver, 1, argv, path), 0);
    VmMain m;
    ck_assert_int_eq(vm_main_begin(&m, pf), 0);
    CodeRtObj *co = (CodeRtObj *)m.code;
    int starts = 0;
    for (uint32_t i = 0; i < co->insns.n; i++) {
        if (co->insns.v[i].op == OP_RESUME || co->insns.v[i].op == OP_END_FOR)
            ck_assert(!linev_is_start(co, (int32_t)i));
        if (linev_is_start(co, (int32_t)i)) {
            ck_assert_int_ge(co->code[i].line, 0);
            starts++;
        }
    }
    ck_assert_int_gt(starts, 50);
    ck_assert(!linev_is_start(co, -1));
    ck_assert(!linev_is_start(co, (int32_t)co->insns.n));
    vm_main_abandon(&m);
    vm_fini();
    pyc_free(pf);
}
END_TEST

static Suite *linev_suite(void)
{
    Suite *s = suite_create("linev");
    TCase *tc = tcase_create("trap levels");
    int n = (int)(sizeof programs / sizeof programs[0]);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, breakpoints_match_every_instruction, 0, n);
    tcase_add_loop_test(tc, sparse_breakpoints_match, 0, n);
    tcase_add_test(tc, starts_exclude_resume);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(linev_suite)

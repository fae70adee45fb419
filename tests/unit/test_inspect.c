/* test_inspect.c — the debugger's inspection printers (src/cli/inspect.c)
 * against what CPython 3.12 shows at the same stops.
 *
 * tests/data/3.12/dbg_sample.inspect was recorded by
 * tools/gen_inspect_fixture.py running dbg_sample.pyc under python3.12:
 * for each stop (qualname, byte offset, n-th arrival) it holds the expected
 * output of each printer, the values taken from the real interpreter
 * (f_locals, the value stack read from the interpreter frame, closures,
 * co_lines, the exception table, dis.disassemble with lasti).  Here the
 * same .pyc runs in pydbg's VM with a trap hook on every instruction; at
 * each stop the printers write into a memory stream and every section is
 * compared.  The program directory is a scratch copy holding the .pyc and
 * its source, as a user has it.
 *
 * Further checks at those stops: `info code` against the co_* attributes
 * CPython recorded (dbg_sample.attrs), `info globals` (the program's own
 * names), `info frame`, reprs, source lookup.  Breakpoint marks need the
 * engine: a breakpoint run through dbg_run() checks `list` and
 * `disassemble` marks.
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pydbg/types.h"
#include "pydbg/vm.h"
#include "src/cli/inspect.h"
#include "unit.h"

/* ---- files ----------------------------------------------------------------------------------- */

static char *slurp(const char *path)
{
    Diag d = {0};
    size_t n;
    unsigned char *p = file_read_all(path, &n, &d);
    ck_assert_msg(p != NULL, "%s: %s", path, d.msg);
    char *s = xmalloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    free(p);
    return s;
}

static void copy_file(const char *from, const char *to)
{
    Diag d = {0};
    size_t n;
    unsigned char *p = file_read_all(from, &n, &d);
    ck_assert_msg(p != NULL, "%s: %s", from, d.msg);
    FILE *f = fopen(to, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", to);
    ck_assert(fwrite(p, 1, n, f) == n);
    fclose(f);
    free(p);
}

/* A scratch program directory holding dbg_sample.pyc and dbg_sample.py. */
static char scratch[256];
static char pyc_path[300];

static void make_scratch(bool with_source)
{
    snprintf(scratch, sizeof scratch, "%s/pydbg-inspect.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert(mkdtemp(scratch) != NULL);
    snprintf(pyc_path, sizeof pyc_path, "%s/dbg_sample.pyc", scratch);
    copy_file(UNIT_DATA("data/3.12/dbg_sample.pyc"), pyc_path);
    if (with_source) {
        char src[300];
        snprintf(src, sizeof src, "%s/dbg_sample.py", scratch);
        copy_file(UNIT_DATA("programs/dbg_sample.py"), src);
    }
}

static void remove_scratch(void)
{
    char p[300];
    snprintf(p, sizeof p, "%s/dbg_sample.pyc", scratch);
    unlink(p);
    snprintf(p, sizeof p, "%s/dbg_sample.py", scratch);
    unlink(p);
    rmdir(scratch);
}

/* ---- the expected stops ---------------------------------------------------------------------- */

typedef struct Stop {
    char qual[128];
    uint32_t offset;
    int hit, count;
    const char *body, *end;   /* the sections */
    bool checked;
} Stop;

static Stop stops[32];
static int nstops;
static SBuf failures;
static int nsections;

static void parse_expected(char *text)
{
    nstops = 0;
    char *p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        char *next = nl ? nl + 1 : p + strlen(p);
        if (strncmp(p, "stop ", 5) == 0) {
            ck_assert(nstops < 32);
            Stop *s = &stops[nstops++];
            memset(s, 0, sizeof *s);
            unsigned off;
            ck_assert_msg(sscanf(p, "stop %127s %u %d", s->qual, &off, &s->hit) == 3,
                          "bad stop line");
            s->offset = off;
            s->body = next;
            if (nstops > 1)
                stops[nstops - 2].end = p;
        }
        p = next;
    }
    if (nstops)
        stops[nstops - 1].end = p;
}

static const char *cstr(Obj *s)
{
    Ssize n;
    return s && STR_CHECK(s) ? str_utf8_lossy(s, &n) : "";
}

/* ` at 0x…` of pydbg's stable code-object addresses → ` at 0xADDR`, as the
 * fixture has CPython's. */
static void normalise_addresses(SBuf *b, const char *s)
{
    while (*s) {
        if (strncmp(s, " at 0x", 6) == 0) {
            sbuf_puts(b, " at 0xADDR");
            s += 6;
            while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F'))
                s++;
            continue;
        }
        sbuf_putc(b, *s++);
    }
}

typedef struct Mem {
    char *buf;
    size_t len;
    FILE *f;
} Mem;

static FILE *mem_open(Mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    ck_assert(m->f != NULL);
    return m->f;
}

static const char *mem_close(Mem *m)
{
    fclose(m->f);
    return m->buf;
}

/* Run one section's printer for frame f. */
static bool run_section(const char *name, Frame *f, FILE *out)
{
    if (strcmp(name, "bt") == 0) {
        int level = 0;
        for (Frame *g = f; g; g = g->back)
            insp_frame_line(out, g, level++);
    } else if (strcmp(name, "locals") == 0) {
        insp_locals(out, f);
    } else if (strcmp(name, "args") == 0) {
        insp_args(out, f);
    } else if (strcmp(name, "cells") == 0) {
        insp_cells(out, f);
    } else if (strcmp(name, "freevars") == 0) {
        insp_freevars(out, f);
    } else if (strcmp(name, "stack") == 0) {
        insp_stack(out, f);
    } else if (strcmp(name, "source") == 0) {
        insp_source_line(out, f);
    } else if (strcmp(name, "carets") == 0) {
        insp_source_position(out, f);
    } else if (strcmp(name, "list") == 0) {
        int line = frame_lineno(f);
        insp_list(out, NULL, f, line - 5 > 1 ? line - 5 : 1, line + 4);
    } else if (strcmp(name, "lines") == 0) {
        insp_lines(out, f);
    } else if (strcmp(name, "handlers") == 0) {
        insp_handlers(out, f);
    } else if (strcmp(name, "dis") == 0) {
        insp_disassemble(out, NULL, f);
    } else if (strcmp(name, "x3") == 0) {
        insp_next_insns(out, NULL, f, 3);
    } else if (strcmp(name, "globals") == 0) {
        /* the program's own names (the dunder entries differ by design:
         * the recording ran the code with exec) */
        Mem m;
        insp_globals(mem_open(&m), f);
        const char *p = mem_close(&m);
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p + 1) : strlen(p);
            if (strncmp(p, "__", 2) != 0)
                fwrite(p, 1, n, out);
            p += n;
        }
        free(m.buf);
    } else {
        return false;
    }
    return true;
}

static void check_stop(Stop *s, Frame *f)
{
    const char *p = s->body;
    while (p < s->end) {
        ck_assert_msg(*p == '[', "stop %s %u: section header expected", s->qual, s->offset);
        const char *close = strchr(p, ']');
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
        const char *body = strchr(p, '\n') + 1, *q = body;
        while (q < s->end && *q != '[')
            q = strchr(q, '\n') + 1;
        Mem m;
        FILE *out = mem_open(&m);
        bool known = run_section(name, f, out);
        ck_assert_msg(known, "unknown section [%s]", name);
        SBuf got = SBUF_INIT;
        normalise_addresses(&got, mem_close(&m));
        free(m.buf);
        size_t want_len = (size_t)(q - body);
        if (got.len != want_len || memcmp(got.data ? got.data : "", body, want_len) != 0)
            sbuf_printf(&failures, "stop %s %u %d [%s]\n--- expected\n%.*s--- got\n%s",
                        s->qual, s->offset, s->hit, name, (int)want_len, body,
                        sbuf_cstr(&got));
        nsections++;
        sbuf_free(&got);
        ck_assert(!vm_err_occurred());
        p = q;
    }
    s->checked = true;
}

/* Extra checks at particular stops (not from the fixture's sections). */
static void (*extra_check)(Stop *s, Frame *f);

static int stop_hook(Frame *f, int32_t prev)
{
    (void)prev;
    if (f->lasti < 0 || (uint32_t)f->lasti >= f->code->insns.n)
        return 0;
    uint32_t off = f->code->code[f->lasti].offset;
    const char *q = cstr(f->code->qualname);
    for (int i = 0; i < nstops; i++) {
        Stop *s = &stops[i];
        if (s->offset != off || strcmp(s->qual, q) != 0 || ++s->count != s->hit)
            continue;
        /* the printers may run Python code (reprs): not under the trap */
        vm->trap = VM_TRAP_OFF;
        check_stop(s, f);
        if (extra_check)
            extra_check(s, f);
        vm->trap = VM_TRAP_ALL;
    }
    return 0;
}

/* Run dbg_sample.pyc from the scratch directory with the hook installed. */
static int run_program(void)
{
    Diag d = {0};
    PycFile *pf = pyc_load_file(pyc_path, 0, &d);
    ck_assert_msg(pf != NULL, "%s", d.msg);
    setenv("PYTHONHASHSEED", "0", 1);
    char *argv[] = {pyc_path, NULL};
    /* the program's own output (fd 1) is not the test's */
    fflush(stdout);
    int saved = dup(1), null = open("/dev/null", O_WRONLY);
    ck_assert(saved >= 0 && null >= 0);
    dup2(null, 1);
    close(null);
    ck_assert(vm_init(pf->ver, 1, argv, pyc_path) == 0);
    vm_trap_hook = stop_hook;
    vm->trap = VM_TRAP_ALL;
    int status = vm_run_main(pf);   /* the VM released at its end */
    pyc_free(pf);
    dup2(saved, 1);
    close(saved);
    return status;
}

static char *expected_text;

static void load_expected(void)
{
    expected_text = slurp(UNIT_DATA("data/3.12/dbg_sample.inspect"));
    parse_expected(expected_text);
    ck_assert_int_ge(nstops, 8);
    sbuf_reset(&failures);
    nsections = 0;
}

/* ---- the fixture's stops -------------------------------------------------------------------------- */

START_TEST(stops_match_cpython)
{
    make_scratch(true);
    load_expected();
    extra_check = NULL;
    int status = run_program();
    remove_scratch();
    ck_assert_int_eq(status, 0);
    for (int i = 0; i < nstops; i++)
        ck_assert_msg(stops[i].checked, "stop %s %u %d never reached", stops[i].qual,
                      stops[i].offset, stops[i].hit);
    if (failures.len)   /* too long for a Check message */
        fprintf(stderr, "%s", sbuf_cstr(&failures));
    ck_assert_msg(failures.len == 0, "sections differ from CPython's (above)");
    ck_assert_int_ge(nsections, 80);
}
END_TEST

/* ---- info code, info frame, globals, reprs at chosen stops ---------------------------------------- */

/* The `co_NAME = REPR` lines of the .attrs block of code object (name,
 * firstlineno), as recorded by CPython. */
static char *attrs_block(const char *attrs, const char *name, int firstlineno)
{
    char head[200];
    snprintf(head, sizeof head, "code %s %d\n", name, firstlineno);
    const char *p = strstr(attrs, head);
    ck_assert_msg(p != NULL, "no attrs block %s", head);
    p += strlen(head);
    const char *e = strstr(p, "\ncode ");
    size_t n = e ? (size_t)(e - p + 1) : strlen(p);
    char *r = xmalloc(n + 1);
    memcpy(r, p, n);
    r[n] = '\0';
    return r;
}

static char *attrs_text;
static int extra_done;

static void check_extras(Stop *s, Frame *f)
{
    Mem m;
    if (strcmp(s->qual, "describe") == 0 && s->offset == 28) {
        /* info code: the co_ lines, comments dropped, = CPython's attributes */
        insp_code(mem_open(&m), f);
        const char *p = mem_close(&m);
        SBuf got = SBUF_INIT, raw = SBUF_INIT;
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n > 5 && strncmp(p, "  co_", 5) == 0) {
                size_t k = n;
                for (size_t i = 2; i + 4 <= n; i++)
                    if (memcmp(p + i, "  # ", 4) == 0)
                        k = i;   /* the last comment */
                sbuf_put(&raw, p + 2, k - 2);
                sbuf_putc(&raw, '\n');
            }
            p += n + (e ? 1 : 0);
        }
        free(m.buf);
        normalise_addresses(&got, sbuf_cstr(&raw));
        char *want = attrs_block(attrs_text, "describe", 21);
        ck_assert_str_eq(sbuf_cstr(&got), want);
        free(want);
        sbuf_free(&got);
        sbuf_free(&raw);

        /* info frame */
        insp_frame(mem_open(&m), f, 0);
        const char *t = mem_close(&m);
        ck_assert_msg(strstr(t, "Stack level 0, frame of describe (a=1, b=2, *rest=(3, 4), "
                                "flag=True, **opts={'k': 5}) at dbg_sample.py:24\n") == t, "%s", t);
        ck_assert_msg(strstr(t, " instruction: offset 28, CALL 1 (index ") != NULL, "%s", t);
        ck_assert_msg(strstr(t, " caller: level 1, <module> () at dbg_sample.py:46\n"), "%s", t);
        ck_assert_msg(strstr(t, " variables: 7 (6 bound): 5 arguments, 0 cells, 0 free\n"), "%s",
                      t);
        ck_assert_msg(strstr(t, " value stack: depth 4 of co_stacksize 6\n"), "%s", t);
        ck_assert_msg(strstr(t, " frame state: running\n"), "%s", t);
        free(m.buf);
        extra_done++;
    } else if (strcmp(s->qual, "squares") == 0) {
        insp_frame(mem_open(&m), f, 0);
        const char *t = mem_close(&m);
        ck_assert_msg(strstr(t, " generator object squares: running\n"), "%s", t);
        free(m.buf);
        extra_done++;
    } else if (strcmp(s->qual, "<module>") == 0) {
        /* insp_repr: limits, and no exception left behind */
        Obj *big = dict_get_str_borrow(f->globals, "big");
        ck_assert(big != NULL);
        SBuf b = SBUF_INIT;
        insp_repr(&b, big, 10);
        ck_assert_str_eq(sbuf_cstr(&b), "[0, 1, ...");
        sbuf_reset(&b);
        insp_repr(&b, big, 0);
        ck_assert_uint_eq(b.len, 230);
        sbuf_reset(&b);
        Obj *fn = dict_get_str_borrow(f->globals, "describe");
        insp_repr(&b, fn, 0);
        ck_assert_str_eq(sbuf_cstr(&b), "<function describe>");
        sbuf_reset(&b);
        Obj *u = str_from_utf8("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 10);   /* 'ééééé' */
        insp_repr(&b, u, 5);
        ck_assert_str_eq(sbuf_cstr(&b), "'\xc3\xa9...");
        DECREF(u);
        sbuf_free(&b);
        ck_assert_str_eq(insp_type_name(fn), "function");
        ck_assert_str_eq(insp_type_name(dict_get_str_borrow(f->globals, "p")), "Point");
        extra_done++;
    }
}

START_TEST(info_code_frame_repr)
{
    make_scratch(true);
    load_expected();
    attrs_text = slurp(UNIT_DATA("data/3.12/dbg_sample.attrs"));
    extra_done = 0;
    extra_check = check_extras;
    ck_assert_int_eq(run_program(), 0);
    remove_scratch();
    ck_assert_int_eq(extra_done, 3);
}
END_TEST

/* Without the source next to the program: one-line notes, nothing else. */
static int nosrc_seen;

static void check_no_source(Stop *s, Frame *f)
{
    (void)s;
    Mem m;
    insp_source_line(mem_open(&m), f);
    char want[100];
    snprintf(want, sizeof want, "%d\t<source not available: dbg_sample.py>\n", frame_lineno(f));
    ck_assert_str_eq(mem_close(&m), want);
    free(m.buf);
    ck_assert_int_eq(insp_list(mem_open(&m), NULL, f, 1, 10), -1);
    ck_assert_str_eq(mem_close(&m), "Source file dbg_sample.py not found (looked next to the "
                                    "program too).\n");
    free(m.buf);
    nosrc_seen++;
}

START_TEST(missing_source)
{
    make_scratch(false);
    load_expected();
    nstops = 1;   /* the first stop is enough */
    stops[0].end = stops[0].body;
    extra_check = check_no_source;
    insp_source_cache_clear();
    nosrc_seen = 0;
    ck_assert_int_eq(run_program(), 0);
    remove_scratch();
    ck_assert_int_eq(nosrc_seen, 1);
}
END_TEST

START_TEST(find_source)
{
    make_scratch(true);
    char *p = insp_find_source("dbg_sample.py", scratch);
    char want[300];
    snprintf(want, sizeof want, "%s/dbg_sample.py", scratch);
    ck_assert_str_eq(p, want);
    free(p);
    p = insp_find_source("/nonexistent/dir/dbg_sample.py", scratch);   /* base name */
    ck_assert_str_eq(p, want);
    free(p);
    ck_assert_ptr_null(insp_find_source("other.py", scratch));
    ck_assert_ptr_null(insp_find_source("dbg_sample.py", NULL));
    ck_assert_ptr_null(insp_find_source("", scratch));
    remove_scratch();
}
END_TEST

/* ---- breakpoint marks, with the engine ------------------------------------------------------------ */

/* The offsets of the dis rows where `marked` differs from `plain` by one
 * marker character (B or b, written into the column `plain` has ' ' or
 * '-' in); any other difference fails. */
static void marked_rows(const char *plain, const char *marked, SBuf *rows)
{
    while (*plain && *marked) {
        const char *ep = strchr(plain, '\n'), *em = strchr(marked, '\n');
        ck_assert(ep && em);
        ck_assert_int_eq(ep - plain, em - marked);
        int diffs = 0;
        for (const char *a = plain, *b = marked; a < ep; a++, b++) {
            if (*a == *b)
                continue;
            diffs++;
            ck_assert_msg((*b == 'B' || *b == 'b') && (*a == ' ' || *a == '-'),
                          "unexpected change: %.*s", (int)(em - marked), marked);
            /* the offset: the first number after the marker column */
            const char *q = b + 3;
            while (*q == ' ' || *q == '>')
                q++;
            sbuf_printf(rows, "%c%ld ", *b, strtol(q, NULL, 10));
        }
        ck_assert_int_le(diffs, 1);
        plain = ep + 1;
        marked = em + 1;
    }
    ck_assert(!*plain && !*marked);
}

typedef struct BpRun {
    int stops;
    SBuf log;
} BpRun;

static DbgResume bp_stop(Dbg *d, const DbgStop *st, void *ud)
{
    BpRun *r = ud;
    Frame *f = st->frame;
    r->stops++;
    Mem m1, m2;
    insp_disassemble(mem_open(&m1), NULL, f);
    insp_disassemble(mem_open(&m2), d, f);
    SBuf rows = SBUF_INIT;
    marked_rows(mem_close(&m1), mem_close(&m2), &rows);
    sbuf_printf(&r->log, "%s %d: dis %s\n", cstr(f->code->qualname), frame_lineno(f),
                sbuf_cstr(&rows));
    free(m1.buf);
    free(m2.buf);
    sbuf_free(&rows);
    if (frame_lineno(f) == 12 && r->stops == 1) {
        Mem m;
        ck_assert_int_eq(insp_list(mem_open(&m), d, f, 10, 16), 16);
        sbuf_puts(&r->log, mem_close(&m));
        free(m.buf);
    }
    DbgResume res = {DBG_CONTINUE, 1, NULL, NULL};
    return res;
}

START_TEST(breakpoint_marks)
{
    make_scratch(true);
    Diag dg = {0};
    PycFile *pf = pyc_load_file(pyc_path, 0, &dg);
    ck_assert_msg(pf != NULL, "%s", dg.msg);
    setenv("PYTHONHASHSEED", "0", 1);
    char *argv[] = {pyc_path, NULL};
    fflush(stdout);
    int saved = dup(1), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    close(null);
    ck_assert(vm_init(pf->ver, 1, argv, pyc_path) == 0);
    Dbg *d = dbg_new(pf, 1, argv);
    SBuf note = SBUF_INIT, err = SBUF_INIT;
    const char *where[] = {"describe", "12", "16", "dbg_sample.py:41"};
    int num[4];
    for (int i = 0; i < 4; i++) {
        num[i] = dbg_break_add(d, where[i], NULL, false, &note, &err);
        ck_assert_msg(num[i] > 0, "break %s: %s", where[i], sbuf_cstr(&err));
    }
    ck_assert_int_eq(dbg_bp_enable(d, num[2], false), 0);   /* 16: disabled */
    BpRun r = {0, SBUF_INIT};
    DbgStop fin = dbg_run(d, false, bp_stop, &r);
    dup2(saved, 1);
    close(saved);
    ck_assert_int_eq(fin.kind, DBG_STOP_EXITED);
    /* In the program's order: bump (line 12 starts at offset 4), describe
     * (the entry breakpoint marks its first line, offset 2), norm2 (line 41
     * at 2), describe, bump.  Line 16 (peek) is disabled: marked `b` in
     * `list`, no stop there. */
    ck_assert_str_eq(sbuf_cstr(&r.log),
                     "make_pair.<locals>.bump 12: dis B4 \n"
                     "   10\t    def bump(step=1):\n"
                     "   11\t        nonlocal count\n"
                     "B->12\t        count += step\n"
                     "   13\t        return count\n"
                     "   14\t\n"
                     "   15\t    def peek():\n"
                     "b  16\t        return count\n"
                     "describe 22: dis B2 \n"
                     "Point.norm2 41: dis B2 \n"
                     "describe 22: dis B2 \n"
                     "make_pair.<locals>.bump 12: dis B4 \n");
    sbuf_free(&r.log);
    sbuf_free(&note);
    sbuf_free(&err);
    dbg_free(d);
    vm_fini();
    pyc_free(pf);
    remove_scratch();
}
END_TEST

static Suite *inspect_suite(void)
{
    Suite *s = suite_create("inspect");
    TCase *tc = tcase_create("inspect");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, stops_match_cpython);
    tcase_add_test(tc, info_code_frame_repr);
    tcase_add_test(tc, missing_source);
    tcase_add_test(tc, find_source);
    tcase_add_test(tc, breakpoint_marks);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(inspect_suite)

/* test_expr.c — the debugger's expression evaluator (expr.h).
 *
 * The cases of tests/data/expr/cases.txt are evaluated in the frames
 * scope.pyc saves (module, class body, a function with locals, cells and
 * free variables) and compared with what python3.12 gave for the same
 * expressions in the same scopes (tests/data/expr/expected.txt, written by
 * tools/gen_expr_cases.py): repr of the value, or "Type: message".  Syntax
 * errors use pydbg's own wording, so for those only the shape is checked
 * ("syntax error at column N: …").  The rest is pydbg's own behaviour:
 * value history, `set var`, limits on nesting, and random input.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/expr.h"
#include "unit.h"

/* ---- the interpreter with scope.pyc run ----------------------------------------- */

static PycFile *scope_pyc;
static VmMain scope_main;
static Frame *mod_frame, *probe_frame, *class_frame;

static void start_vm(void)
{
    static char *argv[] = {"scope.pyc", NULL};
    setenv("PYTHONHASHSEED", "0", 1);   /* expected.txt was recorded with seed 0 */
    Diag d;
    diag_clear(&d);
    scope_pyc = pyc_load_file(UNIT_DATA("data/expr/scope.pyc"), 0, &d);
    ck_assert_msg(scope_pyc != NULL, "scope.pyc: %s", d.msg);
    ck_assert_int_eq(vm_init(scope_pyc->ver, 1, argv, "scope.pyc"), 0);
    ck_assert_int_eq(vm_main_begin(&scope_main, scope_pyc), 0);
    Obj *exc = vm_main_exec(&scope_main);
    ck_assert_msg(exc == NULL, "scope.pyc raised");
    Obj *g = module_dict_borrow(scope_main.module);
    mod_frame = (Frame *)dict_get_str_borrow(g, "modframe");
    probe_frame = (Frame *)dict_get_str_borrow(g, "probeframe");
    Obj *k = dict_get_str_borrow(g, "K");
    ck_assert_ptr_nonnull(mod_frame);
    ck_assert_ptr_nonnull(probe_frame);
    ck_assert_ptr_nonnull(k);
    class_frame = (Frame *)obj_getattr_str(k, "kframe");   /* K keeps it alive */
    ck_assert_ptr_nonnull(class_frame);
    DECREF(class_frame);
    ck_assert(IS_TYPE(mod_frame, frame_type) && IS_TYPE(probe_frame, frame_type) &&
              IS_TYPE(class_frame, frame_type));
}

/* "= repr" or "! error" for src evaluated in env. */
static void eval_text(const ExprEnv *env, const char *src, SBuf *out)
{
    SBuf err = SBUF_INIT;
    sbuf_reset(out);
    Obj *r = expr_eval(env, src, &err);
    ck_assert_msg(!vm_err_occurred(), "%s: exception left pending", src);
    if (!r) {
        ck_assert_msg(err.len > 0 && !strchr(sbuf_cstr(&err), '\n'), "%s: no one-line error", src);
        sbuf_printf(out, "! %s", sbuf_cstr(&err));
    } else {
        Obj *rep = obj_repr(r);
        if (rep) {
            sbuf_printf(out, "= %s", str_utf8_lossy(rep, NULL));
            DECREF(rep);
        } else {
            vm_err_clear();
            sbuf_puts(out, "! repr failed");
        }
        DECREF(r);
    }
    sbuf_free(&err);
}

static bool is_syntax_error(const char *msg)
{
    int col = 0, n = 0;
    return sscanf(msg, "syntax error at column %d: %n", &col, &n) == 1 && n > 0 && col >= 1 &&
           msg[n] != 0;
}

START_TEST(cases_match_cpython)
{
    start_vm();
    FILE *fp = fopen(UNIT_DATA("data/expr/expected.txt"), "r");
    ck_assert_ptr_nonnull(fp);
    char line[8192];
    int total = 0, bad = 0;
    SBuf got = SBUF_INIT, err = SBUF_INIT;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = 0;
        char *scope = line, *src = strchr(line, '\t');
        ck_assert_ptr_nonnull(src);
        *src++ = 0;
        char *want = strchr(src, '\t');
        ck_assert_ptr_nonnull(want);
        *want++ = 0;
        total++;
        if (!strcmp(scope, "syntax") || !strcmp(scope, "refused")) {
            sbuf_reset(&err);
            int rc = expr_check(src, &err);
            if (rc == 0 || !is_syntax_error(sbuf_cstr(&err))) {
                fprintf(stderr, "MISMATCH %s %s\n  want: a syntax error\n  got:  %s\n", scope, src,
                        rc == 0 ? "(parsed)" : sbuf_cstr(&err));
                bad++;
            }
            /* Evaluating must fail the same way. */
            ExprEnv env = {mod_frame, NULL, NULL};
            Obj *r = expr_eval(&env, src, &err);
            ck_assert_ptr_null(r);
            continue;
        }
        ExprEnv env = {!strcmp(scope, "module") ? mod_frame
                       : !strcmp(scope, "class") ? class_frame : probe_frame, NULL, NULL};
        eval_text(&env, src, &got);
        if (strcmp(sbuf_cstr(&got), want)) {
            fprintf(stderr, "MISMATCH %s %s\n  want: %s\n  got:  %s\n", scope, src, want,
                    sbuf_cstr(&got));
            bad++;
        }
    }
    fclose(fp);
    sbuf_free(&got);
    sbuf_free(&err);
    ck_assert_int_gt(total, 300);
    ck_assert_msg(bad == 0, "%d of %d cases differ from python3.12", bad, total);
}
END_TEST

/* ---- value history ---------------------------------------------------------------- */

static Obj *hist_vals[3];

static Obj *history(void *ud, long n)
{
    ck_assert_ptr_eq(ud, (void *)hist_vals);
    long count = 3;
    if (n > 0)
        return n <= count ? hist_vals[n - 1] : NULL;
    long k = count - 1 + n;   /* 0: last, -1: the one before */
    return k >= 0 && k < count ? hist_vals[k] : NULL;
}

static void expect(const ExprEnv *env, const char *src, const char *want)
{
    SBuf got = SBUF_INIT;
    eval_text(env, src, &got);
    ck_assert_msg(!strcmp(sbuf_cstr(&got), want), "%s: want %s, got %s", src, want,
                  sbuf_cstr(&got));
    sbuf_free(&got);
}

START_TEST(value_history)
{
    start_vm();
    hist_vals[0] = int_from_i64(10);
    hist_vals[1] = str_from_cstr("two");
    hist_vals[2] = list_new(0);
    ExprEnv env = {mod_frame, history, hist_vals};
    expect(&env, "$", "= []");
    expect(&env, "$$", "= 'two'");
    expect(&env, "$$0", "= []");
    expect(&env, "$$2", "= 10");
    expect(&env, "$1", "= 10");
    expect(&env, "$2 * 2", "= 'twotwo'");
    expect(&env, "[$1 + x for x in t]", "= [11, 12, 13]");
    expect(&env, "f'{$1:>4}|{$$}'", "= '  10|two'");
    expect(&env, "$4", "! LookupError: History has not yet reached $4.");
    expect(&env, "$$5", "! LookupError: History is empty or too short for $$.");
    ExprEnv none = {mod_frame, NULL, NULL};
    expect(&none, "$", "! LookupError: History is empty.");
    SBuf err = SBUF_INIT;
    ck_assert_int_eq(expr_check("$x", &err), -1);
    ck_assert(is_syntax_error(sbuf_cstr(&err)));
    ck_assert_int_eq(expr_check("$1234567890", &err), -1);
    sbuf_free(&err);
    for (int i = 0; i < 3; i++)
        DECREF(hist_vals[i]);
}
END_TEST

/* ---- set var --------------------------------------------------------------------- */

static void assign_ok(const ExprEnv *env, const char *target, const char *value)
{
    SBuf err = SBUF_INIT;
    int rc = expr_assign(env, target, value, &err);
    ck_assert_msg(rc == 0, "set var %s = %s: %s", target, value, sbuf_cstr(&err));
    ck_assert(!vm_err_occurred());
    sbuf_free(&err);
}

static void assign_fails(const ExprEnv *env, const char *target, const char *value,
                         const char *want)
{
    SBuf err = SBUF_INIT;
    int rc = expr_assign(env, target, value, &err);
    ck_assert_msg(rc == -1, "set var %s = %s succeeded", target, value);
    ck_assert_msg(!strncmp(sbuf_cstr(&err), want, strlen(want)), "set var %s = %s: want %s…, got %s",
                  target, value, want, sbuf_cstr(&err));
    ck_assert(!vm_err_occurred());
    sbuf_free(&err);
}

START_TEST(set_var)
{
    start_vm();
    ExprEnv fr = {probe_frame, NULL, NULL}, mod = {mod_frame, NULL, NULL},
            cls = {class_frame, NULL, NULL}, bare = {NULL, NULL, NULL};
    /* fast local, argument kept in a cell, cell, free variable, unbound local */
    assign_ok(&fr, "loc", "'changed ' + loc");
    expect(&fr, "loc", "= 'changed local'");
    assign_ok(&fr, "a", "a + 41");
    expect(&fr, "a", "= 42");
    assign_ok(&fr, "shared", "[shared]");
    expect(&fr, "shared", "= [100]");
    assign_ok(&fr, "cellv", "cellv + [30]");
    expect(&fr, "cellv", "= [10, 20, 30]");
    assign_ok(&fr, "never", "'now bound'");
    expect(&fr, "never", "= 'now bound'");
    assign_ok(&fr, "unb", "{1: 2}");
    expect(&fr, "unb", "= {1: 2}");
    /* the closure of inner() sees the new cell contents */
    expect(&fr, "inner.__closure__[0].cell_contents if inner.__closure__ else None", "= 42");
    /* a name the function does not have goes to the globals */
    assign_ok(&fr, "brand_new", "7 * 6");
    expect(&mod, "brand_new", "= 42");
    /* module and class frames: their mapping */
    assign_ok(&mod, "i", "i + 1");
    expect(&mod, "i", "= 8");
    assign_ok(&cls, "kx", "kx * 10");
    expect(&cls, "kx", "= 50");
    expect(&mod, "K.kx", "= 5");   /* the class was built from a copy of the namespace */
    /* attributes and subscripts, slices included */
    assign_ok(&mod, "p.x", "100");
    expect(&mod, "p", "= Point(100, 2)");
    assign_ok(&mod, "l[0]", "'first'");
    assign_ok(&mod, "l[1:3]", "[]");
    expect(&mod, "l[:3]", "= ['first', 1, 5]");
    assign_ok(&mod, "d['new']", "len(d)");
    expect(&mod, "d['new']", "= 3");
    assign_ok(&mod, "nested['k'][1]['x']", "None");
    expect(&mod, "nested", "= {'k': [1, {'x': None}]}");
    /* the same object assigned twice keeps its count right (ASan would see) */
    for (int k = 0; k < 3; k++)
        assign_ok(&fr, "loc", "words");
    expect(&fr, "loc is words", "= True");
    /* failures */
    assign_fails(&fr, "loc", "1 / 0", "ZeroDivisionError: division by zero");
    expect(&fr, "loc is words", "= True");
    assign_fails(&mod, "f()", "1", "syntax error at column 1: cannot assign to function call");
    assign_fails(&mod, "a, b", "1", "syntax error at column 1: cannot assign to a tuple");
    assign_fails(&mod, "None", "1", "syntax error at column 1: cannot assign to a constant");
    assign_fails(&mod, "x +", "1", "syntax error at column 4:");
    assign_fails(&mod, "x", "1 +", "syntax error at column 4:");
    assign_fails(&mod, "t[0]", "1", "TypeError: 'tuple' object does not support item assignment");
    assign_fails(&mod, "nope.x", "1", "NameError: name 'nope' is not defined");
    assign_fails(&mod, "(1).real", "2", "AttributeError:");
    assign_fails(&bare, "x", "1", "NameError: cannot assign to 'x' without a frame");
    /* without a frame: builtins only */
    expect(&bare, "len('abc')", "= 3");
    expect(&bare, "i", "! NameError: name 'i' is not defined");
}
END_TEST

/* ---- generator expressions are lazy ------------------------------------------------- */

START_TEST(generators)
{
    start_vm();
    ExprEnv mod = {mod_frame, NULL, NULL};
    expect(&mod, "next(x for x in __import__('itertools').count() if x > 5)", "= 6");
    assign_ok(&mod, "g", "(x * 10 for x in t)");
    expect(&mod, "next(g)", "= 10");
    expect(&mod, "list(g)", "= [20, 30]");
    expect(&mod, "next(g, 'done')", "= 'done'");
    expect(&mod, "type(g).__name__", "= 'generator'");
    expect(&mod, "repr(g).startswith('<generator object <genexpr> at 0x')", "= True");
    /* the variables of enclosing comprehensions are captured */
    expect(&mod, "[list(x + y for y in range(2)) for x in (10, 20)]", "= [[10, 11], [20, 21]]");
    /* an exception inside ends the generator */
    assign_ok(&mod, "g", "(1 // x for x in [1, 0, 1])");
    expect(&mod, "next(g)", "= 1");
    expect(&mod, "next(g)", "! ZeroDivisionError: integer division or modulo by zero");
    expect(&mod, "next(g, 'over')", "= 'over'");
    /* the first iterable is evaluated at once */
    expect(&mod, "(x for x in 5)", "! TypeError: 'int' object is not iterable");
    /* keeps its frame and tree alive after the evaluation ended */
    ExprEnv fr = {probe_frame, NULL, NULL};
    assign_ok(&mod, "g2", "None");
    SBuf err = SBUF_INIT;
    Obj *g = expr_eval(&fr, "(loc + str(x) for x in args)", &err);
    ck_assert_ptr_nonnull(g);
    Obj *v = obj_iternext(g);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(str_utf8_lossy(v, NULL), "local4");
    DECREF(v);
    DECREF(g);
    sbuf_free(&err);
}
END_TEST

/* ---- references: every path releases what it made --------------------------------- */

START_TEST(no_reference_leaks)
{
    start_vm();
    static const char *const exprs[] = {
        "Tracked()", "[Tracked() for _ in range(3)]", "[Tracked(), 1 / 0]", "(Tracked(), *1)",
        "add(Tracked(), *1)", "add(Tracked(), **{'a': Tracked()})", "add(*[Tracked()], **1)",
        "{Tracked(): 1, []: 2}", "[x for x in [Tracked(), Tracked()] if 1 / 0]",
        "(x for x in [Tracked()])", "next(x for x in [Tracked(), Tracked()])",
        "f'{Tracked()!r:{1/0}}'", "f'{Tracked():{Tracked()}}'", "Tracked() < Tracked() < 1",
        "[a for a, b in [(Tracked(), Tracked(), Tracked())]]",
        "[a for a, b in [(Tracked(),)]]", "[(a, b) for a, *b in [(Tracked(), Tracked())]]",
        "[(a, b) for a, *b, c in [(Tracked(), Tracked())]]", "Tracked().missing",
        "{**{Tracked(): 1}, **1}", "kwonly(x=Tracked(), y=Tracked(), z=Tracked())",
        "add(Tracked(), scale=Tracked(), **{'scale': 2})", "Tracked() if Tracked() else Tracked()",
        "Tracked() and Tracked() or Tracked()", "box[Tracked():Tracked():Tracked()]",
        "Tracked() in [Tracked()]", "[Tracked()][Tracked()]", "{Tracked(), *Tracked()}",
        "{k: Tracked() for k in [Tracked(), []]}", "(Tracked(), Tracked())[5]",
        "add(Tracked(), Tracked(), k=Tracked(), **mp)", "add(*[Tracked()], k=Tracked(), **{1: 2})",
        "[[Tracked() for y in x] for x in [[1], 2]]", "Tracked() + 1", "-Tracked()",
        "not Tracked()", "Tracked().__class__.__name__", "[*[Tracked()], *1]",
    };
    ExprEnv mod = {mod_frame, NULL, NULL}, fr = {probe_frame, NULL, NULL};
    SBuf err = SBUF_INIT;
    for (size_t k = 0; k < sizeof exprs / sizeof exprs[0]; k++) {
        Obj *r = expr_eval(&mod, exprs[k], &err);
        XDECREF(r);
        expect(&mod, "alive[0]", "= 0");
        r = expr_eval(&fr, exprs[k], &err);
        XDECREF(r);
        expect(&mod, "alive[0]", "= 0");
    }
    assign_ok(&fr, "loc", "Tracked()");
    assign_ok(&fr, "shared", "Tracked()");
    assign_ok(&mod, "newglobal", "[Tracked()]");
    expect(&mod, "alive[0]", "= 3");
    assign_ok(&fr, "loc", "1");
    assign_ok(&fr, "shared", "2");
    assign_ok(&mod, "newglobal", "3");
    expect(&mod, "alive[0]", "= 0");
    assign_fails(&mod, "d[Tracked()]", "Tracked() + 1", "TypeError:");
    assign_fails(&mod, "t[Tracked()]", "Tracked()", "TypeError:");
    expect(&mod, "alive[0]", "= 0");
    sbuf_free(&err);
}
END_TEST

/* ---- pending exceptions, names ------------------------------------------------------ */

START_TEST(pending_exception_kept)
{
    start_vm();
    ExprEnv mod = {mod_frame, NULL, NULL};
    vm_err_set_str(&exc_ValueError, "the program's own");
    SBuf err = SBUF_INIT;
    Obj *r = expr_eval(&mod, "1 / 0", &err);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(sbuf_cstr(&err), "ZeroDivisionError: division by zero");
    ck_assert(vm_err_matches(&exc_ValueError));
    r = expr_eval(&mod, "i * 2", &err);
    ck_assert_ptr_nonnull(r);
    DECREF(r);
    ck_assert(vm_err_matches(&exc_ValueError));
    vm_err_clear();
    sbuf_free(&err);
}
END_TEST

START_TEST(is_name)
{
    ck_assert(expr_is_name("x"));
    ck_assert(expr_is_name("_private9"));
    ck_assert(expr_is_name("h\303\251llo"));
    ck_assert(expr_is_name("match"));     /* soft keyword */
    ck_assert(!expr_is_name(""));
    ck_assert(!expr_is_name("9x"));
    ck_assert(!expr_is_name("x.y"));
    ck_assert(!expr_is_name("for"));
    ck_assert(!expr_is_name("None"));
    ck_assert(!expr_is_name(" x"));
    ck_assert(!expr_is_name("x\377"));
    SBuf err = SBUF_INIT;
    ck_assert_int_eq(expr_check("a[1:2, ::3](*b, **c).d", &err), 0);
    ck_assert_int_eq(expr_check("", &err), -1);
    ck_assert_str_eq(sbuf_cstr(&err), "syntax error at column 1: empty expression");
    ck_assert_int_eq(expr_check("1 + (2 * )", &err), -1);
    ck_assert_str_eq(sbuf_cstr(&err), "syntax error at column 10: unexpected ')'");
    ck_assert_int_eq(expr_check("'\303\251' + \342\202\254", &err), -1);
    ck_assert_str_eq(sbuf_cstr(&err),
                     "syntax error at column 7: invalid character '\342\202\254' (U+20AC)");
    ck_assert_int_eq(expr_check("lambda: 0", &err), -1);
    ck_assert_str_eq(sbuf_cstr(&err), "syntax error at column 1: lambda is not supported");
    ck_assert_int_eq(expr_check("(y := 1)", &err), -1);
    ck_assert_str_eq(sbuf_cstr(&err),
                     "syntax error at column 4: assignment expressions (:=) are not supported");
    ck_assert_int_eq(expr_check("1\n", &err), 0);
    ck_assert_int_eq(expr_check("(1 +\n 2)", &err), 0);
    ck_assert_int_eq(expr_check("1\n2", &err), -1);
    sbuf_free(&err);
}
END_TEST

/* ---- limits and hostile input -------------------------------------------------------- */

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * (size_t)n + tl + 1), *w = s;
    memcpy(w, head, hl);
    w += hl;
    for (int i = 0; i < n; i++, w += ul)
        memcpy(w, unit, ul);
    memcpy(w, tail, tl + 1);
    return s;
}

START_TEST(deep_nesting_refused)
{
    start_vm();
    ExprEnv mod = {mod_frame, NULL, NULL};
    static const struct { const char *head, *unit, *tail; } deep[] = {
        {"", "(", "1"}, {"", "[", ""}, {"", "{", ""}, {"", "-", "1"}, {"", "not ", "1"},
        {"", "~+", "1"}, {"1", "+1", ""}, {"1", "**1", ""}, {"i", ".real", ""},
        {"l", "[0]", ""}, {"len", "(len", ""}, {"", "f'{", ""}, {"", "1 if 1 else ", "1"},
        {"", "[x for x in ", "[1]"}, {"", "x[", ""}, {"", "{'a':", "1"}, {"f'{i:", "{i:", ""},
    };
    SBuf err = SBUF_INIT;
    for (size_t k = 0; k < sizeof deep / sizeof deep[0]; k++) {
        char *src = repeat(deep[k].head, deep[k].unit, 100000, deep[k].tail);
        Obj *r = expr_eval(&mod, src, &err);
        ck_assert_msg(r == NULL, "%s… accepted", deep[k].unit);
        ck_assert_msg(is_syntax_error(sbuf_cstr(&err)), "%s…: %s", deep[k].unit, sbuf_cstr(&err));
        ck_assert(!vm_err_occurred());
        free(src);
    }
    /* what CPython accepts stays accepted: 100 brackets, long flat lists */
    char *src = repeat("", "(", 100, "1");
    char *full = malloc(strlen(src) + 101);
    strcpy(full, src);
    for (int i = 0; i < 100; i++)
        strcat(full, ")");
    expect(&mod, full, "= 1");
    free(src);
    free(full);
    src = repeat("[", "1, ", 20000, "1][-1]");
    expect(&mod, src, "= 1");
    free(src);
    src = repeat("1", " < 2", 5000, "");
    expect(&mod, src, "= False");
    free(src);
    src = repeat("'", "ab", 50000, "'[3]");
    expect(&mod, src, "= 'b'");
    free(src);
    sbuf_free(&err);
}
END_TEST

/* Random token soup and random bytes: parsing never crashes, never leaks
 * (this case needs no interpreter, so LeakSanitizer can watch it) and every
 * failure is one line naming a column. */
static const char *const rich_tokens[] = {
    "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "==", "!", "*", "**", "+", "-", "~",
    "<", "<<", "//", "@", "|", "^", "&", "%", "not ", " in ", " is ", " and ", " or ",
    " if ", " else ", " for ", " lambda ", ":=", "...", "i", "s", "x", "0", "1.5e3",
    "0x", "_", "'", "\"", "'''", "f'", "rb'", "{", "}", "!r", "\\", "\\n", "\\x4",
    "\\N{", "$", "$$1", "#", "\n", " ", "\303\251", "\342\202\254", "\377", "j", "yield",
    "await", "async", "0o8", "1_", "`", "f\"", "}}", "{{", "=}", "!s:", ":>{",
};

static void random_input(char *buf, size_t cap, int which, const char *const *toks, size_t ntoks)
{
    size_t len = 0;
    buf[0] = 0;
    if (which == 2) {
        int n = 1 + rand() % 40;
        for (int k = 0; k < n && len + 1 < cap; k++)
            buf[len++] = (char)(1 + rand() % 255);
        buf[len] = 0;
        return;
    }
    int n = 1 + rand() % 14;
    for (int k = 0; k < n; k++) {
        const char *tok = toks[(size_t)rand() % ntoks];
        if (len + strlen(tok) + 1 >= cap)
            break;
        strcpy(buf + len, tok);
        len += strlen(tok);
    }
}

START_TEST(parse_fuzz)
{
    SBuf err = SBUF_INIT;
    char buf[512];
    srand(2024);
    for (int round = 0; round < 200000; round++) {
        random_input(buf, sizeof buf, round % 3 == 2 ? 2 : 0, rich_tokens,
                     sizeof rich_tokens / sizeof rich_tokens[0]);
        sbuf_reset(&err);
        if (expr_check(buf, &err) < 0)
            ck_assert_msg(is_syntax_error(sbuf_cstr(&err)) && !strchr(sbuf_cstr(&err), '\n'),
                          "%s: %s", buf, sbuf_cstr(&err));
    }
    sbuf_free(&err);
}
END_TEST

/* Evaluating random (cheap) expressions: no crash, nothing left pending. */
START_TEST(eval_fuzz)
{
    start_vm();
    /* No names that run anything heavy, no * or ** (huge results). */
    static const char *const safe[] = {
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "~", "<", "==", "%", "/",
        "not ", " in ", " is ", " and ", " or ", " if ", " else ", " for x in ", "x", "i", "s",
        "t", "l", "d", "p", "box", "0", "1", "2.5", "'ab'", "f'{", "}'", "len", "upper", "real",
        "[:", "::-1]", "$", "None", "j", "=}'", "!r}'", ":>3}'",
    };
    ExprEnv mod = {mod_frame, NULL, NULL}, fr = {probe_frame, NULL, NULL};
    SBuf err = SBUF_INIT;
    char buf[512];
    srand(12345);
    int evaluated = 0;
    for (int round = 0; round < 40000; round++) {
        random_input(buf, sizeof buf, 1, safe, sizeof safe / sizeof safe[0]);
        if (expr_check(buf, &err) < 0)
            continue;
        evaluated++;
        Obj *r = expr_eval(round % 2 ? &mod : &fr, buf, &err);
        ck_assert(!vm_err_occurred());
        if (r)
            DECREF(r);
        else
            ck_assert_msg(err.len && !strchr(sbuf_cstr(&err), '\n'), "%s: %s", buf,
                          sbuf_cstr(&err));
    }
    ck_assert_int_gt(evaluated, 1000);
    sbuf_free(&err);
}
END_TEST

Suite *expr_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("expr");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, cases_match_cpython);
    tcase_add_test(tc, value_history);
    tcase_add_test(tc, set_var);
    tcase_add_test(tc, generators);
    tcase_add_test(tc, pending_exception_kept);
    tcase_add_test(tc, no_reference_leaks);
    tcase_add_test(tc, deep_nesting_refused);
    tcase_add_test(tc, eval_fuzz);
    suite_add_tcase(s, tc);
    /* Parsing alone, without an interpreter (leak-checkable). */
    TCase *tp = tcase_create("parse");
    tcase_set_timeout(tp, 120);
    tcase_add_test(tp, is_name);
    tcase_add_test(tp, parse_fuzz);
    suite_add_tcase(s, tp);
    return s;
}

UNIT_MAIN(expr_suite)

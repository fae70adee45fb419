/* commands.c — the debugger's commands: table, parsing, help.
 *
 * gdb's names and abbreviations; pdb's where they do not clash.  A command
 * name may be abbreviated to any unique prefix; the table's explicit
 * aliases win over prefixes (gdb's `s` is step even though `set` exists).
 * One-letter choices: b break, c continue, d delete, f frame, h help,
 * i info, k kill, l list, n next, p print, q quit, r run, s step, u until,
 * w where (pdb; gdb's `where` is backtrace too), a args (pdb: info args).
 *
 * A handler returns 0 (done), -1 (failed: an error was printed) or 1 (the
 * session stops reading: quit, or the program resumes — the request is left
 * in s->resume).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/expr.h"
#include "src/cli/inspect.h"
#include "src/cli/sessint.h"

typedef int (*CmdFn)(Session *s, char *args);

typedef struct Cmd {
    const char *name;
    const char *aliases;     /* space-separated, exact */
    CmdFn fn;
    bool repeatable;         /* an empty line repeats it */
    const char *usage;
    const char *help;
} Cmd;

static const Cmd *cmd_table(size_t *n);

/* ---- argument helpers -------------------------------------------------------------------- */

static char *skip_ws(char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static void rtrim(char *p)
{
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        p[--n] = 0;
}

/* An optional count argument (default 1); -1 with an error when malformed. */
static long count_arg(Session *s, const char *a)
{
    if (!*a)
        return 1;
    char *end;
    errno = 0;
    long n = strtol(a, &end, 10);
    if (errno || *skip_ws(end) || n < 1) {
        sess_error(s, "Invalid count \"%s\": a positive number is expected.", a);
        return -1;
    }
    return n;
}

static bool parse_int(const char *a, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(a, &end, 10);
    if (errno || end == a || *skip_ws(end))
        return false;
    *out = n;
    return true;
}

static bool need_running(Session *s)
{
    if (!s->stop) {
        sess_error(s, "The program is not being run.");
        return false;
    }
    return true;
}

static int resume(Session *s, DbgResumeKind k, long count, Frame *f, const char *loc)
{
    s->resume.kind = k;
    s->resume.count = count;
    s->resume.frame = f;
    free(s->resume_location);
    s->resume_location = loc ? xstrdup(loc) : NULL;
    s->resume.location = s->resume_location;
    s->have_resume = true;
    return 1;
}

/* pprint.pformat(v) as UTF-8 into out; false when it fails (then repr). */
static bool pformat(SBuf *out, Obj *v)
{
    Obj *name = str_from_cstr("pprint");
    Obj *mod = name ? import_name(name, NULL, NULL, 0) : NULL;
    XDECREF(name);
    Obj *fn = mod ? obj_getattr_str(mod, "pformat") : NULL;
    XDECREF(mod);
    Obj *r = fn ? obj_call(fn, &v, 1, NULL) : NULL;
    XDECREF(fn);
    if (!r || !STR_CHECK(r)) {
        XDECREF(r);
        vm_err_clear();
        return false;
    }
    Ssize len;
    const char *c = str_utf8_lossy(r, &len);
    sbuf_put(out, c, (size_t)len);
    DECREF(r);
    return true;
}

static void print_value(Session *s, const char *expr, Obj *v, bool pretty)
{
    (void)expr;
    long n = sess_hist_add(s, v);
    SBuf r = SBUF_INIT;
    if (!pretty || !pformat(&r, v))
        insp_repr(&r, v, 0);
    fprintf(s->out, "$%ld = %s\n", n, sbuf_cstr(&r));
    sbuf_free(&r);
}

static Obj *eval_in_frame(Session *s, const char *expr)
{
    ExprEnv env = {sess_frame_quiet(s), sess_hist_get, s};
    SBuf err = SBUF_INIT;
    Obj *v = expr_eval(&env, expr, &err);
    if (!v)
        sess_error(s, "%s", sbuf_cstr(&err));
    sbuf_free(&err);
    return v;
}

/* Resolve LOCATION as `break` does; -1 with the error printed. */
static int locate(Session *s, const char *loc, char **file, int *line)
{
    SBuf err = SBUF_INIT;
    int rc = dbg_locate(s->dbg, loc, file, line, &err);
    if (rc < 0)
        sess_error(s, "%s", sbuf_cstr(&err));
    sbuf_free(&err);
    return rc;
}

/* ---- running ----------------------------------------------------------------------------- */

static int c_run(Session *s, char *a)
{
    (void)a;
    s->restart = true;
    s->restart_start = false;
    return 1;
}

static int c_start(Session *s, char *a)
{
    (void)a;
    s->restart = true;
    s->restart_start = true;
    return 1;
}

static int c_continue(Session *s, char *a)
{
    if (!need_running(s))
        return -1;
    long n = count_arg(s, a);
    if (n < 0)
        return -1;
    if (n > 1 && s->stop->kind == DBG_STOP_BREAKPOINT)
        fprintf(s->out, "Will ignore next %ld crossings of breakpoint %d.  Continuing.\n", n - 1,
                s->stop->bpnum);
    else
        fprintf(s->out, "Continuing.\n");
    return resume(s, DBG_CONTINUE, n, NULL, NULL);
}

static int c_kill(Session *s, char *a)
{
    (void)a;
    if (!need_running(s))
        return -1;
    s->resume.kind = DBG_KILL;
    s->have_resume = true;
    s->resume.count = 0;
    s->resume.frame = NULL;
    s->resume.location = NULL;
    return 1;
}

static int c_quit(Session *s, char *a)
{
    (void)a;
    s->quit = true;
    return 1;
}

static int step_cmd(Session *s, char *a, DbgResumeKind k, bool selected)
{
    if (!need_running(s))
        return -1;
    if (s->stop->kind == DBG_STOP_EXCEPTION) {
        sess_error(s, "The program has ended with an uncaught exception; "
                      "`continue` or `kill` it, `run` to start again.");
        return -1;
    }
    long n = count_arg(s, a);
    if (n < 0)
        return -1;
    return resume(s, k, n, selected ? sess_frame_quiet(s) : NULL, NULL);
}

static int c_step(Session *s, char *a) { return step_cmd(s, a, DBG_STEP, false); }
static int c_next(Session *s, char *a) { return step_cmd(s, a, DBG_NEXT, true); }
static int c_stepi(Session *s, char *a) { return step_cmd(s, a, DBG_STEPI, false); }
static int c_nexti(Session *s, char *a) { return step_cmd(s, a, DBG_NEXTI, true); }

static int c_finish(Session *s, char *a)
{
    (void)a;
    if (!need_running(s))
        return -1;
    Frame *f = sess_frame_quiet(s);
    if (!f || !f->back) {
        sess_error(s, "\"finish\" not meaningful in the outermost frame.");
        return -1;
    }
    fprintf(s->out, "Run till exit from ");
    insp_frame_line(s->out, f, s->level);
    return resume(s, DBG_FINISH, 1, f, NULL);
}

static int c_until(Session *s, char *a)
{
    if (!need_running(s))
        return -1;
    if (*a)
        return resume(s, DBG_ADVANCE, 1, sess_frame_quiet(s), a);
    return resume(s, DBG_UNTIL, 1, sess_frame_quiet(s), NULL);
}

static int c_advance(Session *s, char *a)
{
    if (!need_running(s))
        return -1;
    if (!*a) {
        sess_error(s, "Argument required (a location).");
        return -1;
    }
    char *file;
    int line;
    if (locate(s, a, &file, &line) < 0)
        return -1;
    free(file);
    return resume(s, DBG_ADVANCE, 1, sess_frame_quiet(s), a);
}

/* ---- breakpoints --------------------------------------------------------------------------- */

/* Split "LOCATION if COND". */
static char *split_cond(char *a)
{
    for (char *p = a; *p; p++) {
        if ((p == a || isspace((unsigned char)p[-1])) && strncmp(p, "if", 2) == 0 &&
            (p[2] == 0 || isspace((unsigned char)p[2]) || p[2] == '(')) {
            *p = 0;
            rtrim(a);
            return skip_ws(p + 2);
        }
    }
    return NULL;
}

static int break_cmd(Session *s, char *a, bool temp)
{
    char *cond = split_cond(a);
    rtrim(a);
    SBuf note = SBUF_INIT, err = SBUF_INIT;
    int n = dbg_break_add(s->dbg, a, cond, temp, &note, &err);
    if (n < 0)
        sess_error(s, "%s", sbuf_cstr(&err));
    else
        fprintf(s->out, "%s.\n", sbuf_cstr(&note));
    sbuf_free(&note);
    sbuf_free(&err);
    return n < 0 ? -1 : 0;
}

static int c_break(Session *s, char *a) { return break_cmd(s, a, false); }
static int c_tbreak(Session *s, char *a) { return break_cmd(s, a, true); }

static int c_watch(Session *s, char *a)
{
    if (!*a) {
        sess_error(s, "Argument required (expression to watch).");
        return -1;
    }
    SBuf note = SBUF_INIT, err = SBUF_INIT;
    int n = dbg_watch_add(s->dbg, a, sess_frame_quiet(s), &note, &err);
    if (n < 0)
        sess_error(s, "%s", sbuf_cstr(&err));
    else
        fprintf(s->out, "%s\n", sbuf_cstr(&note));
    sbuf_free(&note);
    sbuf_free(&err);
    return n < 0 ? -1 : 0;
}

static int bp_number(Session *s, const char *tok, int *num)
{
    long n;
    if (!parse_int(tok, &n) || n < 1 || n > INT_MAX) {
        sess_error(s, "Bad breakpoint number '%s'", tok);
        return -1;
    }
    if (!dbg_bp_get(s->dbg, (int)n)) {
        sess_error(s, "No breakpoint number %ld.", n);
        return -1;
    }
    *num = (int)n;
    return 0;
}

/* delete/disable/enable [N...]: each number, or all. */
static int bp_each(Session *s, char *a, int what)
{
    if (!*a) {
        size_t n;
        DbgBp **v = dbg_bp_list(s->dbg, &n);
        if (what == 0) {
            dbg_bp_delete_all(s->dbg);
            return 0;
        }
        for (size_t i = 0; i < n; i++)
            dbg_bp_enable(s->dbg, v[i]->num, what == 2);
        return 0;
    }
    int rc = 0;
    for (char *tok = strtok(a, " \t"); tok; tok = strtok(NULL, " \t")) {
        int num;
        if (bp_number(s, tok, &num) < 0) {
            rc = -1;
            continue;
        }
        if (what == 0)
            dbg_bp_delete(s->dbg, num);
        else
            dbg_bp_enable(s->dbg, num, what == 2);
    }
    return rc;
}

static int c_delete(Session *s, char *a)
{
    if (strncmp(a, "display", 7) == 0)
        a = skip_ws(a + 7);
    else if (strncmp(a, "breakpoints", 11) == 0)
        a = skip_ws(a + 11);
    return bp_each(s, a, 0);
}
static int c_disable(Session *s, char *a) { return bp_each(s, a, 1); }
static int c_enable(Session *s, char *a) { return bp_each(s, a, 2); }

static int c_clear(Session *s, char *a)
{
    char *file;
    int line;
    if (locate(s, a, &file, &line) < 0)
        return -1;
    size_t n;
    DbgBp **v = dbg_bp_list(s->dbg, &n);
    int nums[256];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 256; i++)
        if (v[i]->type == DBG_BP_BREAK && v[i]->file && strcmp(v[i]->file, file) == 0 &&
            v[i]->line == line)
            nums[k++] = v[i]->num;
    free(file);
    if (!k) {
        sess_error(s, "No breakpoint at %s.", a);
        return -1;
    }
    fprintf(s->out, "Deleted breakpoint%s", k > 1 ? "s" : "");
    for (size_t i = 0; i < k; i++) {
        fprintf(s->out, " %d", nums[i]);
        dbg_bp_delete(s->dbg, nums[i]);
    }
    fprintf(s->out, "\n");
    return 0;
}

static int c_condition(Session *s, char *a)
{
    char *rest = a;
    while (*rest && !isspace((unsigned char)*rest))
        rest++;
    if (*rest)
        *rest++ = 0;
    rest = skip_ws(rest);
    int num;
    if (!*a) {
        sess_error(s, "Argument required (breakpoint number).");
        return -1;
    }
    if (bp_number(s, a, &num) < 0)
        return -1;
    SBuf err = SBUF_INIT;
    int rc = dbg_bp_condition(s->dbg, num, rest, &err);
    if (rc < 0)
        sess_error(s, "%s", sbuf_cstr(&err));
    else if (!*rest)
        fprintf(s->out, "Breakpoint %d now unconditional.\n", num);
    sbuf_free(&err);
    return rc;
}

static int c_ignore(Session *s, char *a)
{
    char *num_s = strtok(a, " \t"), *cnt_s = strtok(NULL, " \t");
    int num;
    long cnt;
    if (!num_s || !cnt_s) {
        sess_error(s, "Argument required (a breakpoint number and a count).");
        return -1;
    }
    if (bp_number(s, num_s, &num) < 0)
        return -1;
    if (!parse_int(cnt_s, &cnt) || cnt < 0) {
        sess_error(s, "Invalid count \"%s\".", cnt_s);
        return -1;
    }
    dbg_bp_ignore(s->dbg, num, cnt);
    if (cnt == 0)
        fprintf(s->out, "Will stop next time breakpoint %d is reached.\n", num);
    else if (cnt == 1)
        fprintf(s->out, "Will ignore next crossing of breakpoint %d.\n", num);
    else
        fprintf(s->out, "Will ignore next %ld crossings of breakpoint %d.\n", cnt, num);
    return 0;
}

static int c_commands(Session *s, char *a)
{
    int num;
    if (*a) {
        if (bp_number(s, a, &num) < 0)
            return -1;
    } else {
        size_t n;
        DbgBp **v = dbg_bp_list(s->dbg, &n);
        if (!n) {
            sess_error(s, "No breakpoints specified.");
            return -1;
        }
        num = v[n - 1]->num;
    }
    DbgBp *bp = dbg_bp_get(s->dbg, num);
    size_t n;
    char **cmds = sess_read_block(s, &n);
    for (size_t i = 0; i < bp->ncommands; i++)
        free(bp->commands[i]);
    free(bp->commands);
    bp->commands = cmds;
    bp->ncommands = n;
    return 0;
}

static void print_bp_row(Session *s, const DbgBp *bp)
{
    FILE *o = s->out;
    const char *type = bp->type == DBG_BP_WATCH ? "watchpoint" : "breakpoint";
    const char *disp = bp->temporary ? "del " : "keep";
    char where[512];
    if (bp->type == DBG_BP_WATCH)
        snprintf(where, sizeof where, "%s", bp->expr);
    else if (bp->pending)
        snprintf(where, sizeof where, "<PENDING> %s:%d", bp->file, bp->line);
    else if (bp->offset >= 0)
        snprintf(where, sizeof where, "in %s at offset %d (%s)", bp->func, bp->offset, bp->file);
    else if (bp->func)
        snprintf(where, sizeof where, "in %s at %s:%d", bp->func, bp->file, bp->line);
    else
        snprintf(where, sizeof where, "at %s:%d", bp->file, bp->line);
    fprintf(o, "%-7d %-14s %-4s %-3s %s\n", bp->num, type, disp, bp->enabled ? "y" : "n", where);
    if (bp->cond)
        fprintf(o, "\tstop only if %s\n", bp->cond);
    if (bp->hits)
        fprintf(o, "\tbreakpoint already hit %ld time%s\n", bp->hits, bp->hits == 1 ? "" : "s");
    if (bp->ignore)
        fprintf(o, "\tWill ignore next %ld crossings of breakpoint.\n", bp->ignore);
    for (size_t i = 0; i < bp->ncommands; i++)
        fprintf(o, "        %s\n", bp->commands[i]);
}

static int info_breakpoints(Session *s, bool watch_only)
{
    size_t n;
    DbgBp **v = dbg_bp_list(s->dbg, &n);
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (watch_only && v[i]->type != DBG_BP_WATCH)
            continue;
        if (!shown++)
            fprintf(s->out, "Num     Type           Disp Enb What\n");
        print_bp_row(s, v[i]);
    }
    if (!shown)
        fprintf(s->out, watch_only ? "No watchpoints.\n" : "No breakpoints or watchpoints.\n");
    return 0;
}

/* ---- displays ---------------------------------------------------------------------------- */

static int c_display(Session *s, char *a)
{
    if (!*a) {
        sess_do_displays(s);
        return 0;
    }
    bool stack = strcmp(a, "/stack") == 0 || strcmp(a, "stack") == 0;
    if (!stack) {
        SBuf err = SBUF_INIT;
        if (expr_check(a, &err) < 0) {
            sess_error(s, "%s", sbuf_cstr(&err));
            sbuf_free(&err);
            return -1;
        }
        sbuf_free(&err);
    }
    s->displays = xrealloc(s->displays, (s->ndisplays + 1) * sizeof *s->displays);
    Display *dp = &s->displays[s->ndisplays++];
    dp->num = ++s->next_display;
    dp->expr = stack ? NULL : xstrdup(a);
    dp->enabled = true;
    /* Show it now, as gdb does, when the program is stopped. */
    if (s->stop) {
        size_t keep = s->ndisplays;
        Display *all = s->displays;
        s->displays = dp;
        s->ndisplays = 1;
        sess_do_displays(s);
        s->displays = all;
        s->ndisplays = keep;
    }
    return 0;
}

static int c_undisplay(Session *s, char *a)
{
    if (!*a) {
        for (size_t i = 0; i < s->ndisplays; i++)
            free(s->displays[i].expr);
        s->ndisplays = 0;
        return 0;
    }
    int rc = 0;
    for (char *tok = strtok(a, " \t"); tok; tok = strtok(NULL, " \t")) {
        long n;
        size_t i = 0;
        if (parse_int(tok, &n))
            for (; i < s->ndisplays && s->displays[i].num != n; i++) {}
        if (!parse_int(tok, &n) || i == s->ndisplays) {
            sess_error(s, "No display number %s.", tok);
            rc = -1;
            continue;
        }
        free(s->displays[i].expr);
        memmove(s->displays + i, s->displays + i + 1, (s->ndisplays - i - 1) * sizeof *s->displays);
        s->ndisplays--;
    }
    return rc;
}

/* ---- inspecting ------------------------------------------------------------------------------ */

static int print_cmd(Session *s, char *a, bool pretty);
static int c_print(Session *s, char *a) { return print_cmd(s, a, false); }
static int c_pp(Session *s, char *a) { return print_cmd(s, a, true); }

static int print_cmd(Session *s, char *a, bool pretty)
{
    if (!*a) {
        Obj *last = sess_hist_get(s, 0);
        if (!last) {
            sess_error(s, "History is empty.");
            return -1;
        }
        print_value(s, "$", last, pretty);
        return 0;
    }
    Obj *v = eval_in_frame(s, a);
    if (!v)
        return -1;
    print_value(s, a, v, pretty);
    DECREF(v);
    return 0;
}

static int c_whatis(Session *s, char *a)
{
    Obj *v = eval_in_frame(s, a);
    if (!v)
        return -1;
    fprintf(s->out, "type = %s\n", insp_type_name(v));
    DECREF(v);
    return 0;
}

static int c_set(Session *s, char *a)
{
    if (strncmp(a, "var", 3) == 0 && (a[3] == 0 || isspace((unsigned char)a[3])))
        a = skip_ws(a + 3);
    else if (strncmp(a, "variable", 8) == 0)
        a = skip_ws(a + 8);
    /* TARGET = VALUE (not ==, <=, >=, !=). */
    char *eq = NULL;
    for (char *p = a; *p; p++)
        if (*p == '=' && p[1] != '=' && (p == a || !strchr("=<>!", p[-1]))) {
            eq = p;
            break;
        }
    if (!eq) {
        sess_error(s, "Usage: set var NAME = EXPR");
        return -1;
    }
    *eq = 0;
    rtrim(a);
    ExprEnv env = {sess_frame_quiet(s), sess_hist_get, s};
    SBuf err = SBUF_INIT;
    int rc = expr_assign(&env, a, skip_ws(eq + 1), &err);
    if (rc < 0)
        sess_error(s, "%s", sbuf_cstr(&err));
    sbuf_free(&err);
    return rc;
}

static int c_info(Session *s, char *a);

static int c_args(Session *s, char *a)
{
    (void)a;
    Frame *f = sess_frame(s);
    if (!f)
        return -1;
    insp_args(s->out, f);
    return 0;
}

static int c_backtrace(Session *s, char *a)
{
    Frame *top = s->stop ? s->stop->frame : NULL;
    if (!top) {
        sess_error(s, "No stack.");
        return -1;
    }
    long limit = LONG_MAX;
    if (*a && (!parse_int(a, &limit) || limit < 1)) {
        sess_error(s, "Invalid count \"%s\".", a);
        return -1;
    }
    int lvl = 0;
    for (Frame *f = top; f && lvl < limit; f = f->back, lvl++)
        insp_frame_line(s->out, f, lvl);
    if (lvl == limit && dbg_frame_up(top, lvl))
        fprintf(s->out, "(More stack frames follow...)\n");
    return 0;
}

static int select_frame(Session *s, int level)
{
    Frame *top = s->stop ? s->stop->frame : NULL;
    if (!top) {
        sess_error(s, "No stack.");
        return -1;
    }
    int depth = dbg_frame_depth(top);
    if (level < 0) {
        sess_error(s, "Bottom (innermost) frame selected; you cannot go down.");
        return -1;
    }
    if (level >= depth) {
        sess_error(s, "Initial frame selected; you cannot go up.");
        return -1;
    }
    s->level = level;
    s->list_next = 0;
    Frame *f = dbg_frame_up(top, level);
    insp_frame_line(s->out, f, level);
    insp_source_line(s->out, f);
    return 0;
}

static int c_frame(Session *s, char *a)
{
    long n = s->level;
    if (*a && !parse_int(a, &n)) {
        sess_error(s, "Invalid frame number \"%s\".", a);
        return -1;
    }
    return select_frame(s, (int)n);
}

static int c_up(Session *s, char *a)
{
    long n = count_arg(s, a);
    if (n < 0)
        return -1;
    return select_frame(s, s->level + (int)n);
}

static int c_down(Session *s, char *a)
{
    long n = count_arg(s, a);
    if (n < 0)
        return -1;
    return select_frame(s, s->level - (int)n);
}

static int c_list(Session *s, char *a)
{
    Frame *f = sess_frame_quiet(s);
    if (!f) {
        sess_error(s, "No frame selected; `list` shows the source of a stopped program.");
        return -1;
    }
    long first, last;
    char *comma = strchr(a, ',');
    if (!*a) {
        if (s->list_next > 0) {
            first = s->list_next;
        } else {
            int line = frame_lineno(f);
            first = line - 5 > 1 ? line - 5 : 1;
        }
        last = first + 9;
    } else if (strcmp(a, "-") == 0) {
        long end = (s->list_next > 0 ? s->list_next - 10 : frame_lineno(f) - 5) - 1;
        if (end < 1) {
            sess_error(s, "Already at the start of the file.");
            return -1;
        }
        first = end - 9 > 1 ? end - 9 : 1;
        last = end;
    } else if (comma) {
        *comma = 0;
        if (!parse_int(a, &first) || !parse_int(comma + 1, &last)) {
            sess_error(s, "Usage: list FIRST,LAST");
            return -1;
        }
    } else {
        long line;
        if (!parse_int(a, &line)) {
            char *file;
            int l;
            if (locate(s, a, &file, &l) < 0)
                return -1;
            free(file);
            line = l;
        }
        first = line - 5 > 1 ? line - 5 : 1;
        last = first + 9;
    }
    int shown = insp_list(s->out, s->dbg, f, (int)first, (int)last);
    if (shown < 0) {
        s->failed = true;
        return -1;
    }
    s->list_next = shown + 1;
    return 0;
}

static int c_disassemble(Session *s, char *a)
{
    (void)a;
    Frame *f = sess_frame(s);
    if (!f)
        return -1;
    insp_disassemble(s->out, s->dbg, f);
    return 0;
}

static int c_x(Session *s, char *a)
{
    /* x/Ni: the next N instructions. */
    long n = 1;
    if (*a == '/') {
        char *p = a + 1;
        char *end;
        n = strtol(p, &end, 10);
        if (end == p)
            n = 1;
        if (*end != 'i' || n < 1) {
            sess_error(s, "Only the instruction format is supported: x/Ni");
            return -1;
        }
    }
    Frame *f = sess_frame(s);
    if (!f)
        return -1;
    insp_next_insns(s->out, s->dbg, f, (int)n);
    return 0;
}

static int c_echo(Session *s, char *a)
{
    for (char *p = a; *p; p++) {
        if (*p == '\\' && p[1] == 'n') {
            fputc('\n', s->out);
            p++;
        } else if (*p == '\\' && p[1]) {
            fputc(*++p, s->out);
        } else {
            fputc(*p, s->out);
        }
    }
    return 0;
}

static int c_help(Session *s, char *a);

/* ---- the table ------------------------------------------------------------------------------ */

static const Cmd commands[] = {
    {"advance", NULL, c_advance, false, "advance LOCATION",
     "Run until LOCATION is reached (or the current frame returns)."},
    {"backtrace", "bt where w", c_backtrace, false, "backtrace [N]",
     "Print the call stack, innermost frame first (#0), N frames at most."},
    {"break", "b br brea", c_break, false, "break [LOCATION] [if COND]",
     "Set a breakpoint.  LOCATION: LINE, FILE:LINE, FUNCTION, FILE:FUNCTION,\n"
     "CLASS.METHOD, *OFFSET (an instruction of the current code object) or\n"
     "FUNCTION@OFFSET.  A line without code moves to the next line with code.\n"
     "A breakpoint on a `def` line also stops at every call of the function.\n"
     "With `if COND` it stops only when the Python expression COND is true."},
    {"clear", "cl", c_clear, false, "clear LOCATION", "Delete the breakpoints at LOCATION."},
    {"commands", NULL, c_commands, false, "commands [N]",
     "Commands to run when breakpoint N (default: the last one) stops the\n"
     "program, one a line, ended by `end`.  `silent` first: no stop report."},
    {"condition", NULL, c_condition, false, "condition N [COND]",
     "Stop at breakpoint N only if COND is true; no COND: always."},
    {"continue", "c cont", c_continue, true, "continue [N]",
     "Resume the program; with N, ignore the current breakpoint N-1 more times."},
    {"delete", "d", c_delete, false, "delete [N...]",
     "Delete breakpoints/watchpoints N... (all of them without arguments)."},
    {"disable", NULL, c_disable, false, "disable [N...]", "Disable breakpoints N... (all)."},
    {"disassemble", "disas", c_disassemble, false, "disassemble",
     "Disassemble the selected frame's code object as that version's dis does,\n"
     "--> at the current instruction, breakpoints marked."},
    {"display", NULL, c_display, false, "display [EXPR | /stack]",
     "Print EXPR (or the value stack with /stack) at every stop."},
    {"down", NULL, c_down, false, "down [N]", "Select the frame N levels below (callee)."},
    {"echo", NULL, c_echo, false, "echo TEXT", "Print TEXT (\\n for a newline)."},
    {"enable", NULL, c_enable, false, "enable [N...]", "Enable breakpoints N... (all)."},
    {"finish", "fin", c_finish, false, "finish",
     "Run until the selected frame returns; print the value it returned."},
    {"frame", "f", c_frame, false, "frame [N]", "Select frame N (see backtrace) and show it."},
    {"help", "h", c_help, false, "help [COMMAND]", "List the commands, or explain COMMAND."},
    {"ignore", NULL, c_ignore, false, "ignore N COUNT",
     "Do not stop at breakpoint N the next COUNT times it is reached."},
    {"info", "i", c_info, false, "info WHAT",
     "info breakpoints | watchpoints | display | locals | args | cells | freevars |\n"
     "globals | stack | frame | code | lines | exceptions (handlers)."},
    {"kill", "k", c_kill, false, "kill", "Stop the program (no cleanup runs)."},
    {"list", "l", c_list, true, "list [LINE | FUNCTION | FIRST,LAST | -]",
     "Show source lines around the current line (or LINE/FUNCTION); again: the next ten."},
    {"next", "n", c_next, true, "next [N]",
     "Run to the next line of the selected frame (or a caller), stepping over calls."},
    {"nexti", "ni", c_nexti, true, "nexti [N]",
     "Execute one bytecode instruction, stepping over calls."},
    {"pp", NULL, c_pp, false, "pp EXPR",
     "Print the value of EXPR formatted by pprint.pformat (long containers one item a line)."},
    {"print", "p inspect", c_print, false, "print EXPR",
     "Evaluate the Python expression EXPR in the selected frame; the value is kept\n"
     "as $N ($ is the last, $$ the one before, $$N N back)."},
    {"quit", "q exit", c_quit, false, "quit", "Leave pydbg (the program is killed)."},
    {"run", "r", c_run, false, "run", "Start the program from the beginning (breakpoints kept)."},
    {"set", NULL, c_set, false, "set var NAME = EXPR",
     "Assign to a variable (or attribute/subscript) in the selected frame."},
    {"start", NULL, c_start, false, "start", "Start the program and stop at its first line."},
    {"step", "s", c_step, true, "step [N]",
     "Run to the next line event, entering calls (where CPython's tracing reports one)."},
    {"stepi", "si", c_stepi, true, "stepi [N]", "Execute one bytecode instruction."},
    {"tbreak", NULL, c_tbreak, false, "tbreak LOCATION [if COND]",
     "Set a breakpoint that is deleted when it stops the program."},
    {"undisplay", NULL, c_undisplay, false, "undisplay [N...]", "Remove display expressions."},
    {"until", "u unt", c_until, true, "until [LOCATION]",
     "Like next, but never stops at a line above the current one (leaves loops);\n"
     "with LOCATION, like advance."},
    {"up", NULL, c_up, false, "up [N]", "Select the frame N levels above (caller)."},
    {"watch", NULL, c_watch, false, "watch EXPR",
     "Stop right after an instruction changes the value of EXPR."},
    {"whatis", NULL, c_whatis, false, "whatis EXPR", "Print the type of EXPR."},
    {"x", NULL, c_x, false, "x/Ni", "Show the next N instructions from the current one."},
    {"a", "args", c_args, false, "args", "Print the arguments of the selected frame (pdb)."},
};

static const Cmd *cmd_table(size_t *n)
{
    *n = sizeof commands / sizeof commands[0];
    return commands;
}

static bool alias_of(const Cmd *c, const char *word, size_t len)
{
    if (!c->aliases)
        return false;
    const char *p = c->aliases;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && strncmp(p, word, len) == 0)
            return true;
        p += l;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* Exact name, alias, then unique prefix. */
static const Cmd *lookup(const char *word, size_t len, bool *ambiguous)
{
    size_t n;
    const Cmd *t = cmd_table(&n);
    *ambiguous = false;
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i].name) == len && strncmp(t[i].name, word, len) == 0)
            return &t[i];
    for (size_t i = 0; i < n; i++)
        if (alias_of(&t[i], word, len))
            return &t[i];
    const Cmd *found = NULL;
    for (size_t i = 0; i < n; i++)
        if (strncmp(t[i].name, word, len) == 0) {
            if (found) {
                *ambiguous = true;
                return NULL;
            }
            found = &t[i];
        }
    return found;
}

const char *const *session_command_names(void)
{
    static const char *names[sizeof commands / sizeof commands[0] + 1];
    if (!names[0])
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            names[i] = commands[i].name;
    return names;
}

static int c_help(Session *s, char *a)
{
    size_t n;
    const Cmd *t = cmd_table(&n);
    if (!*a) {
        fprintf(s->out, "Commands (a unique prefix is enough; aliases in brackets):\n");
        for (size_t i = 0; i < n; i++) {
            char al[64] = "";
            if (t[i].aliases)
                snprintf(al, sizeof al, " [%s]", t[i].aliases);
            fprintf(s->out, "  %-40s %s\n", t[i].usage, al);
        }
        fprintf(s->out, "Type \"help COMMAND\" for more.\n");
        return 0;
    }
    bool amb;
    const Cmd *c = lookup(a, strlen(a), &amb);
    if (!c) {
        sess_error(s, amb ? "Ambiguous command \"%s\"." : "Undefined command: \"%s\".  Try \"help\".",
                   a);
        return -1;
    }
    fprintf(s->out, "%s\n%s\n", c->usage, c->help);
    if (c->aliases)
        fprintf(s->out, "Aliases: %s\n", c->aliases);
    return 0;
}

static int c_info(Session *s, char *a)
{
    static const char *const whats[] = {"breakpoints", "watchpoints", "display", "locals",
                                        "args", "cells", "freevars", "globals", "stack",
                                        "frame", "code", "lines", "exceptions", "handlers", NULL};
    if (!*a) {
        sess_error(s, "\"info\" must be followed by the name of an info command:\n"
                      "breakpoints watchpoints display locals args cells freevars globals stack\n"
                      "frame code lines exceptions handlers");
        return -1;
    }
    size_t len = strlen(a);
    const char *what = NULL;
    for (int i = 0; whats[i]; i++)
        if (strncmp(whats[i], a, len) == 0) {
            if (what && !(len == 1 && a[0] == 'b')) {
                sess_error(s, "Ambiguous info command \"%s\".", a);
                return -1;
            }
            if (!what)
                what = whats[i];
        }
    if (!what) {
        sess_error(s, "Undefined info command: \"%s\".  Try \"help info\".", a);
        return -1;
    }
    if (strcmp(what, "breakpoints") == 0)
        return info_breakpoints(s, false);
    if (strcmp(what, "watchpoints") == 0)
        return info_breakpoints(s, true);
    if (strcmp(what, "display") == 0) {
        if (!s->ndisplays)
            fprintf(s->out, "There are no auto-display expressions now.\n");
        else
            fprintf(s->out, "Auto-display expressions now in effect:\nNum Enb Expression\n");
        for (size_t i = 0; i < s->ndisplays; i++)
            fprintf(s->out, "%-3d %-3s %s\n", s->displays[i].num,
                    s->displays[i].enabled ? "y" : "n",
                    s->displays[i].expr ? s->displays[i].expr : "/stack");
        return 0;
    }
    Frame *f = sess_frame(s);
    if (!f)
        return -1;
    if (strcmp(what, "locals") == 0)
        insp_locals(s->out, f);
    else if (strcmp(what, "args") == 0)
        insp_args(s->out, f);
    else if (strcmp(what, "cells") == 0)
        insp_cells(s->out, f);
    else if (strcmp(what, "freevars") == 0)
        insp_freevars(s->out, f);
    else if (strcmp(what, "globals") == 0)
        insp_globals(s->out, f);
    else if (strcmp(what, "stack") == 0)
        insp_stack(s->out, f);
    else if (strcmp(what, "frame") == 0)
        insp_frame(s->out, f, s->level);
    else if (strcmp(what, "code") == 0)
        insp_code(s->out, f);
    else if (strcmp(what, "lines") == 0)
        insp_lines(s->out, f);
    else
        insp_handlers(s->out, f);
    return 0;
}

bool cmd_is_repeatable(const char *line)
{
    size_t len = 0;
    while (line[len] && !isspace((unsigned char)line[len]) && line[len] != '/')
        len++;
    bool amb;
    const Cmd *c = lookup(line, len, &amb);
    return c && c->repeatable;
}

int cmd_execute(Session *s, const char *line_in)
{
    char *line = xstrdup(line_in);
    char *p = skip_ws(line);
    rtrim(p);
    int rc = 0;
    if (!*p || *p == '#') {
        free(line);
        return 0;
    }
    size_t len = 0;
    while (p[len] && !isspace((unsigned char)p[len]) && p[len] != '/')
        len++;
    /* x/4i and display/stack: the format belongs to the command. */
    bool amb;
    const Cmd *c = lookup(p, len, &amb);
    if (!c) {
        if (amb)
            sess_error(s, "Ambiguous command \"%.*s\".", (int)len, p);
        else
            sess_error(s, "Undefined command: \"%.*s\".  Try \"help\".", (int)len, p);
        free(line);
        return -1;
    }
    char *args = p + len;
    if (*args != '/')
        args = skip_ws(args);
    s->failed = false;
    rc = c->fn(s, args);
    if (rc < 0)
        s->failed = true;
    free(line);
    fflush(s->out);
    return rc;
}

/* session.c — the debugger session: reading commands, running the program,
 * reporting stops.
 *
 * The engine calls sess_on_stop at every stop; it prints where the program
 * stopped (gdb's layout: `Breakpoint 1, fib (n=3) at fib.py:12` then
 * `12\t<source line>`), the `display` list, runs a breakpoint's `commands`,
 * then reads command lines until one resumes the program.  At top level (no
 * program) session_loop reads commands; `run`/`start` call the engine.
 * Output is flushed after every command so the program's output (flushed
 * by the engine before each stop) and the debugger's never interleave out
 * of order, whatever stdout is.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/expr.h"
#include "src/cli/inspect.h"
#include "src/cli/sessint.h"

Session *session_new(const SessionConfig *cfg)
{
    Session *s = xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    s->out = cfg->out ? cfg->out : stdout;
    s->err = cfg->err ? cfg->err : stderr;
    s->dbg = dbg_new(cfg->pyc, cfg->argc, cfg->argv);
    dbg_set_limits(s->dbg, cfg->max_steps, cfg->timeout);
    return s;
}

static void set_shown(Session *s, Frame *f);

void session_free(Session *s)
{
    if (!s)
        return;
    set_shown(s, NULL);
    dbg_free(s->dbg);
    for (size_t i = 0; i < s->nhist; i++)
        DECREF(s->hist[i]);
    free(s->hist);
    for (size_t i = 0; i < s->ndisplays; i++)
        free(s->displays[i].expr);
    free(s->displays);
    free(s->last_repeatable);
    free(s->resume_location);
    free(s);
}

void session_set_reader(Session *s, SessionReader r, void *ud)
{
    s->reader = r;
    s->reader_ud = ud;
}

void session_set_observer(Session *s, SessionStopObserver o, void *ud)
{
    s->observer = o;
    s->observer_ud = ud;
}

void session_set_output(Session *s, FILE *out, FILE *err)
{
    fflush(s->out);
    fflush(s->err);
    s->out = out ? out : stdout;
    s->err = err ? err : stderr;
}

Dbg *session_dbg(Session *s) { return s->dbg; }
const DbgStop *session_stop(Session *s) { return s->stop; }
bool session_quitting(Session *s) { return s->quit; }

Frame *session_selected_frame(Session *s)
{
    return sess_frame_quiet(s);
}

void sess_error(Session *s, const char *fmt, ...)
{
    fflush(s->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(s->err, fmt, ap);
    va_end(ap);
    fputc('\n', s->err);
    fflush(s->err);
    s->failed = true;
}

Frame *sess_frame_quiet(Session *s)
{
    if (!s->stop || !s->stop->frame)
        return NULL;
    Frame *f = dbg_frame_up(s->stop->frame, s->level);
    return f ? f : s->stop->frame;
}

Frame *sess_frame(Session *s)
{
    Frame *f = sess_frame_quiet(s);
    if (!f)
        sess_error(s, "No stack.");
    return f;
}

long sess_hist_add(Session *s, Obj *v)
{
    if (s->nhist == s->caphist) {
        s->caphist = s->caphist ? 2 * s->caphist : 16;
        s->hist = xrealloc(s->hist, s->caphist * sizeof *s->hist);
    }
    s->hist[s->nhist++] = INCREF(v);
    return (long)s->nhist;
}

Obj *sess_hist_get(void *ud, long n)
{
    Session *s = ud;
    long idx = n > 0 ? n : (long)s->nhist + n;   /* 0: last, -1: the one before */
    if (idx < 1 || idx > (long)s->nhist)
        return NULL;
    return s->hist[idx - 1];
}

/* ---- reading lines ------------------------------------------------------------------- */

static char *read_line(Session *s, const char *prompt)
{
    if (!s->reader)
        return NULL;
    fflush(s->out);
    fflush(s->err);
    return s->reader(s->reader_ud, prompt);
}

char **sess_read_block(Session *s, size_t *n)
{
    char **v = NULL;
    *n = 0;
    for (;;) {
        char *line = read_line(s, ">");
        if (!line)
            break;
        char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        size_t l = strlen(t);
        while (l && (t[l - 1] == ' ' || t[l - 1] == '\t' || t[l - 1] == '\n'))
            t[--l] = 0;
        if (strcmp(t, "end") == 0) {
            free(line);
            break;
        }
        v = xrealloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = xstrdup(t);
        free(line);
    }
    return v;
}

/* Execute one line with repetition rules; 1 when the session should stop
 * reading (quit, or a resume request). */
static int exec_line(Session *s, char *line)
{
    char *t = line;
    while (*t == ' ' || *t == '\t')
        t++;
    if (!*t && s->cfg.interactive && s->last_repeatable) {
        char *again = xstrdup(s->last_repeatable);
        int rc = cmd_execute(s, again);
        free(again);
        return rc;
    }
    int rc = cmd_execute(s, t);
    if (s->cfg.interactive && *t && *t != '#') {
        free(s->last_repeatable);
        s->last_repeatable = cmd_is_repeatable(t) ? xstrdup(t) : NULL;
    }
    return rc;
}

/* Read and execute until a command resumes the program, quit, or the end
 * of input.  false at the end of input / quit / a failure in batch mode. */
static bool command_loop(Session *s)
{
    for (;;) {
        if (s->have_resume || s->quit || s->restart)
            return true;
        char *line = read_line(s, "(pydbg) ");
        if (!line)
            return false;
        s->failed = false;
        int rc = exec_line(s, line);
        free(line);
        fflush(s->out);
        if (rc < 0 && s->cfg.batch) {
            s->quit = true;
            return false;
        }
        if (rc == 1)
            return true;
    }
}

/* ---- printing stops ------------------------------------------------------------------ */

/* The frame of the last stop report, held so that its memory cannot be
 * reused by a new frame that would then pass for the same one. */
static void set_shown(Session *s, Frame *f)
{
    Frame *old = s->shown_frame;
    s->shown_frame = f ? (Frame *)INCREF(f) : NULL;
    XDECREF(old);
}

/* `=> 24 LOAD_FAST 0`: the instruction about to run, when the stop is not
 * at the start of a line (stepi, finish, watch). */
static void print_insn(Session *s, Frame *f)
{
    int32_t i = f->lasti;
    if (i < 0 || (uint32_t)i >= f->code->insns.n)
        return;
    const Insn *in = &f->code->insns.v[i];
    fprintf(s->out, "=> %u %s", in->offset, opcode_name((OpId)in->op));
    if (in->arg >= 0)
        fprintf(s->out, " %d", in->arg);
    fputc('\n', s->out);
}

void sess_print_stop_location(Session *s, Frame *f, bool force_frame_line)
{
    if (force_frame_line || f != s->shown_frame)
        insp_frame_line(s->out, f, -1);
    set_shown(s, f);
    const DbgStop *st = s->stop;
    insp_source_line(s->out, f);
    if (st && f == st->frame && !st->at_line_start && st->kind != DBG_STOP_EXCEPTION)
        print_insn(s, f);
}

void sess_do_displays(Session *s)
{
    Frame *f = sess_frame_quiet(s);
    for (size_t i = 0; i < s->ndisplays; i++) {
        Display *dp = &s->displays[i];
        if (!dp->enabled || !f)
            continue;
        if (!dp->expr) {
            fprintf(s->out, "%d: the value stack:\n", dp->num);
            insp_stack(s->out, f);
            continue;
        }
        ExprEnv env = {f, sess_hist_get, s};
        SBuf err = SBUF_INIT, r = SBUF_INIT;
        Obj *v = expr_eval(&env, dp->expr, &err);
        if (v) {
            insp_repr(&r, v, 0);
            fprintf(s->out, "%d: %s = %s\n", dp->num, dp->expr, sbuf_cstr(&r));
            DECREF(v);
        } else {
            fprintf(s->out, "%d: %s = <error: %s>\n", dp->num, dp->expr, sbuf_cstr(&err));
        }
        sbuf_free(&err);
        sbuf_free(&r);
    }
}

static void print_writer(Session *s, const DbgStop *st)
{
    if (!st->writer_code || st->writer_index < 0)
        return;
    CodeRtObj *co = st->writer_code;
    const VmInsn *in = &co->code[st->writer_index];
    fprintf(s->out, "Changed by %s at offset %u of %s (%s:%d)\n",
            opcode_name((OpId)co->insns.v[st->writer_index].op), in->offset,
            dbg_cstr(co->qualname), dbg_cstr(co->filename), in->line);
}

static void print_stop(Session *s, const DbgStop *st, bool silent)
{
    FILE *o = s->out;
    Frame *f = st->frame;
    SBuf r = SBUF_INIT;
    switch (st->kind) {
    case DBG_STOP_ENTRY:
        fprintf(o, "Stopped before the first instruction of %s (%s).\n",
                dbg_cstr(f->code->qualname), dbg_cstr(f->code->filename));
        set_shown(s, f);
        break;
    case DBG_STOP_BREAKPOINT:
        if (silent)
            break;
        if (st->bpnum == 0) {
            /* breakpoint() in the program. */
            fprintf(o, "\nProgram called breakpoint(), ");
            insp_frame_line(o, f, -2);
            set_shown(s, f);
            sess_print_stop_location(s, f, false);
            break;
        }
        if (st->message)
            fprintf(o, "%s\n", st->message);
        fprintf(o, "\n%s %d, ", "Breakpoint", st->bpnum);
        insp_frame_line(o, f, -2);
        set_shown(s, f);
        sess_print_stop_location(s, f, false);
        break;
    case DBG_STOP_WATCH:
        fprintf(o, "\nWatchpoint %d: ", st->bpnum);
        {
            DbgBp *bp = dbg_bp_get(s->dbg, st->bpnum);
            fprintf(o, "%s\n\n", bp ? bp->expr : "?");
        }
        if (st->old_value)
            insp_repr(&r, st->old_value, 0);
        else
            sbuf_puts(&r, "<unbound>");
        fprintf(o, "Old value = %s\n", sbuf_cstr(&r));
        sbuf_reset(&r);
        if (st->value)
            insp_repr(&r, st->value, 0);
        else
            sbuf_puts(&r, "<unbound>");
        fprintf(o, "New value = %s\n", sbuf_cstr(&r));
        print_writer(s, st);
        sess_print_stop_location(s, f, false);
        break;
    case DBG_STOP_WATCH_SCOPE:
        fprintf(o, "\nWatchpoint %d deleted because the program has left the block in\n"
                   "which its expression is valid.\n", st->bpnum);
        sess_print_stop_location(s, f, true);
        break;
    case DBG_STOP_FINISH:
        sess_print_stop_location(s, f, true);
        if (st->value) {
            long n = sess_hist_add(s, st->value);
            insp_repr(&r, st->value, 0);
            fprintf(o, "Value returned is $%ld = %s\n", n, sbuf_cstr(&r));
        }
        break;
    case DBG_STOP_INTERRUPT:
        fprintf(o, "\nProgram received signal SIGINT, Interrupt.\n");
        sess_print_stop_location(s, f, true);
        break;
    case DBG_STOP_EXCEPTION: {
        Obj *e = st->value;
        fprintf(o, "Post-mortem: the program raised an uncaught %s.\n", insp_type_name(e));
        sess_print_stop_location(s, f, true);
        break;
    }
    case DBG_STOP_STEP:
        sess_print_stop_location(s, f, false);
        break;
    case DBG_STOP_EXITED:
    case DBG_STOP_KILLED:
        break;
    }
    sbuf_free(&r);
}

DbgResume sess_on_stop(Dbg *d, const DbgStop *stop, void *ud)
{
    (void)d;
    Session *s = ud;
    s->stop = stop;
    s->level = 0;
    s->list_next = 0;
    s->have_resume = false;
    DbgResume kill = {DBG_KILL, 0, NULL, NULL};
    if (s->start_pending && stop->kind == DBG_STOP_ENTRY) {
        s->start_pending = false;
        DbgResume step = {DBG_STEP, 1, NULL, NULL};
        return step;
    }
    DbgBp *bp = stop->kind == DBG_STOP_BREAKPOINT ? dbg_bp_get(s->dbg, stop->bpnum) : NULL;
    bool silent = bp && bp->ncommands && strcmp(bp->commands[0], "silent") == 0;
    print_stop(s, stop, silent);
    sess_do_displays(s);
    fflush(s->out);
    if (s->observer)
        s->observer(s->observer_ud, s, stop);
    if (bp && bp->ncommands) {
        /* A copy: the commands may delete the breakpoint. */
        size_t n = bp->ncommands;
        char **cmds = xmalloc(n * sizeof *cmds);
        for (size_t i = 0; i < n; i++)
            cmds[i] = xstrdup(bp->commands[i]);
        for (size_t i = silent ? 1 : 0; i < n && !s->have_resume && !s->quit && !s->restart; i++)
            cmd_execute(s, cmds[i]);
        for (size_t i = 0; i < n; i++)
            free(cmds[i]);
        free(cmds);
        fflush(s->out);
    }
    if (!s->have_resume && !s->quit && !s->restart && !command_loop(s))
        s->quit = true;    /* end of input while stopped */
    s->stop = NULL;
    if (!s->have_resume)
        set_shown(s, NULL);
    if (s->quit || s->restart || !s->have_resume)
        return kill;
    s->have_resume = false;
    return s->resume;
}

void sess_run_program(Session *s, bool entry, bool start)
{
    do {
        bool e = entry, st = start;
        if (s->restart) {
            e = st = s->restart_start;
            s->restart = false;
        }
        s->start_pending = st;
        set_shown(s, NULL);
        DbgStop fin = dbg_run(s->dbg, e || st, sess_on_stop, s);
        s->stop = NULL;
        fflush(stdout);
        if (fin.kind == DBG_STOP_EXITED) {
            s->exited = true;
            s->exit_status = fin.exit_status;
            if (fin.exit_status == 0)
                fprintf(s->out, "[Program exited normally]\n");
            else
                fprintf(s->out, "[Program exited with code %d]\n", fin.exit_status);
        } else if (!s->quit && !s->restart) {
            fprintf(s->out, "[Program killed]\n");
        }
        fflush(s->out);
        entry = false;
        start = false;
    } while (s->restart && !s->quit);
}

int session_exec(Session *s, const char *line)
{
    char *copy = xstrdup(line);
    int rc = exec_line(s, copy);
    free(copy);
    fflush(s->out);
    return s->quit ? 1 : rc;
}

int session_loop(Session *s)
{
    /* The program starts stopped before its first instruction. */
    sess_run_program(s, true, false);
    while (!s->quit) {
        if (!command_loop(s))
            break;
        if (s->restart) {
            s->restart = false;
            s->quit = false;
            sess_run_program(s, s->restart_start, s->restart_start);
        }
    }
    if (s->cfg.batch && s->failed)
        return 1;
    return s->exited ? s->exit_status : 0;
}

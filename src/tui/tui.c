/* tui.c — the TUI's main loop: the session's reader and stop observer,
 * keys, and the program's input.
 *
 * The session (src/cli/session.h) owns the control flow: it asks our
 * reader for a command line whenever it wants one — at top level and from
 * inside every stop — and tells our observer about each stop.  The reader
 * runs the curses event loop until a line is complete: typed in the
 * command line, or produced by a key (F10 and `n` give "next", Enter on a
 * call-stack row gives "frame 2", F9 gives "break FILE:LINE" or "delete N").
 * A few lines are the TUI's own and never reach the session: `layout NAME`,
 * `tui enable`, `tui disable`.
 *
 * Focus and keys: Tab cycles the visible panes and the command line.  While
 * a pane has the focus and the command line is empty, letters are one-key
 * commands; any other printable key (or `:`) starts a command line.  While
 * the command line has the focus, every key edits it (readline), so
 * `info locals` can be typed in full; Esc goes back to the panes.
 *
 * The session's own text goes through two FILEs made with fopencookie into
 * the console log (its error stream in the error style); after `tui
 * disable` they write to the real terminal instead.
 */
#define _GNU_SOURCE 1   /* fopencookie */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

#include "pydbg/vm.h"
#include "src/tui/tuiint.h"

Tui *tui_current;

/* ---- small accessors --------------------------------------------------------------- */

const DbgStop *tui_stop(Tui *t) { return t->s ? session_stop(t->s) : NULL; }

Frame *tui_frame(Tui *t)
{
    const DbgStop *st = tui_stop(t);
    if (!st || !st->frame)
        return NULL;
    return session_selected_frame(t->s);
}

/* While the program waits in input() it is not stopped, but where it waits
 * is worth seeing: the frame running the CALL (positions only — nothing of
 * its values is read while it runs). */
Frame *tui_code_frame(Tui *t)
{
    Frame *f = tui_frame(t);
    if (!f && t->input_mode && vm && vm->frame)
        f = vm->frame;
    return f;
}

FrameSeen *tui_seen(Tui *t, const Frame *f, bool create)
{
    for (size_t i = 0; i < t->nseen; i++)
        if (t->seen[i].frame == f && t->seen[i].code == (const void *)f->code)
            return &t->seen[i];
    if (!create)
        return NULL;
    t->seen = xrealloc(t->seen, (t->nseen + 1) * sizeof *t->seen);
    FrameSeen *fs = &t->seen[t->nseen++];
    memset(fs, 0, sizeof *fs);
    fs->frame = f;
    fs->code = f->code;
    fs->pushed_from = -1;
    return fs;
}

/* Forget frames that are no longer on the stack (their memory may be
 * reused by new frames). */
static void seen_purge(Tui *t, Frame *innermost)
{
    for (size_t i = 0; i < t->nseen; i++)
        t->seen[i].live = false;
    for (int level = 0; innermost; level++) {
        Frame *f = dbg_frame_up(innermost, level);
        if (!f)
            break;
        FrameSeen *fs = tui_seen(t, f, false);
        if (fs)
            fs->live = true;
    }
    size_t k = 0;
    for (size_t i = 0; i < t->nseen; i++) {
        FrameSeen *fs = &t->seen[i];
        if (fs->live) {
            t->seen[k++] = *fs;
            continue;
        }
        for (size_t j = 0; j < fs->nbefore; j++) {
            free(fs->before[j].name);
            free(fs->before[j].repr);
            free(fs->before[j].note);
        }
        for (size_t j = 0; j < fs->nnow; j++) {
            free(fs->now[j].name);
            free(fs->now[j].repr);
            free(fs->now[j].note);
        }
        free(fs->before);
        free(fs->now);
        free(fs->stack);
    }
    t->nseen = k;
}

/* ---- the session's text ------------------------------------------------------------ */

static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    Tui *t = tui_current;
    bool is_err = cookie == (void *)&tui_current;   /* the error stream's tag */
    if (!t)
        return (ssize_t)n;
    if (!t->enabled) {
        if (is_err && !t->term.redirected) {
            ssize_t w = write(2, buf, n);
            (void)w;
        } else {
            term_write_stdout(&t->term, buf, n);
        }
        return (ssize_t)n;
    }
    textlog_append(&t->console, buf, n, is_err ? TS_ERROR : TS_NORMAL);
    t->panes[PANE_CONSOLE].at_end = true;
    return (ssize_t)n;
}

static FILE *open_cookie(void *tag)
{
    cookie_io_functions_t io = {NULL, cookie_write, NULL, NULL};
    FILE *f = fopencookie(tag, "w", io);
    if (f)
        setvbuf(f, NULL, _IONBF, 0);
    return f;
}

/* ---- drawing ---------------------------------------------------------------------- */

static void build_panes(Tui *t)
{
    if (t->panes[PANE_SOURCE].visible)
        source_build(t, &t->panes[PANE_SOURCE]);
    if (t->panes[PANE_ASM].visible)
        asm_build(t, &t->panes[PANE_ASM]);
    if (t->panes[PANE_STACK].visible)
        stack_build(t, &t->panes[PANE_STACK]);
    if (t->panes[PANE_VARS].visible)
        vars_build(t, &t->panes[PANE_VARS]);
    if (t->panes[PANE_FRAMES].visible)
        frames_build(t, &t->panes[PANE_FRAMES]);
    t->rebuild = false;
}

void tui_redraw(Tui *t)
{
    if (!t->term.curses_on)
        return;
    layout_compute(t);
    if (t->too_small) {
        layout_draw_too_small(t);
        refresh();
        return;
    }
    if (t->rebuild)
        build_panes(t);
    term_take_output(&t->output);
    Pane *o = &t->panes[PANE_OUTPUT], *c = &t->panes[PANE_CONSOLE];
    snprintf(o->title, sizeof o->title, "Program output");
    snprintf(c->title, sizeof c->title, "Debugger");
    output_build(t, o, &t->output);
    output_build(t, c, &t->console);
    erase();
    for (int i = 0; i < PANE__COUNT; i++)
        pane_draw(t, &t->panes[i]);
    layout_draw_frame(t);
    layout_draw_status(t);
    if (t->help_shown)
        layout_draw_help(t);
    cmdline_draw(t);
    curs_set(t->focus == PANE_CMDLINE || t->input_mode || !cmdline_empty() ? 1 : 0);
    refresh();
}

/* ---- commands the keys stand for ------------------------------------------------------- */

static char *dupf(const char *fmt, ...) PYDBG_PRINTF(1, 2);
static char *dupf(const char *fmt, ...)
{
    SBuf b = SBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    return b.data ? b.data : xstrdup("");
}

static void note(Tui *t, const char *msg)
{
    free(t->status_note);
    t->status_note = msg ? xstrdup(msg) : NULL;
}

/* F9 / b: the breakpoint at the cursor of the code pane in use goes away,
 * or one is made there. */
static char *toggle_breakpoint(Tui *t)
{
    bool use_asm = t->focus == PANE_ASM || (t->focus != PANE_SOURCE && t->last_pane_focus == PANE_ASM) ||
                   !t->panes[PANE_SOURCE].visible;
    Frame *f = tui_frame(t);
    const CodeObj *co = f ? f->code->src : t->pf->code;
    size_t n = 0;
    DbgBp **bps = dbg_bp_list(session_dbg(t->s), &n);
    SBuf del = SBUF_INIT;
    if (use_asm && t->panes[PANE_ASM].visible) {
        int off = asm_cursor_offset(t);
        if (off < 0 || !co) {
            note(t, "No instruction under the cursor.");
            return NULL;
        }
        const char *qual = co->qualname ? pyc_text(co->qualname, NULL) : pyc_text(co->name, NULL);
        const char *file = co->filename ? pyc_text(co->filename, NULL) : "";
        for (size_t i = 0; i < n; i++)
            if (bps[i]->type == DBG_BP_BREAK && bps[i]->offset == off && bps[i]->file &&
                strcmp(bps[i]->file, file) == 0 && (!bps[i]->func || strcmp(bps[i]->func, qual) == 0))
                sbuf_printf(&del, " %d", bps[i]->num);
        if (del.len) {
            char *cmd = dupf("delete%s", del.data);
            sbuf_free(&del);
            return cmd;
        }
        return dupf("break %s@%d", qual ? qual : "<module>", off);
    }
    const char *file;
    int line = source_cursor_line(t, &file);
    if (line <= 0) {
        note(t, "No source line under the cursor.");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (bps[i]->type == DBG_BP_BREAK && bps[i]->offset < 0 && bps[i]->line == line &&
            bps[i]->file && strcmp(bps[i]->file, file) == 0)
            sbuf_printf(&del, " %d", bps[i]->num);
    if (del.len) {
        char *cmd = dupf("delete%s", del.data);
        sbuf_free(&del);
        return cmd;
    }
    return dupf("break %s:%d", file, line);
}

/* Lines the TUI handles itself; true when line was one of them. */
static bool local_command(Tui *t, const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    char word[32], arg[64];
    word[0] = arg[0] = 0;
    if (sscanf(line, "%31s %63s", word, arg) < 1)
        return false;
    if (strcmp(word, "layout") == 0) {
        int l = arg[0] ? layout_parse(arg) : -1;
        if (l < 0) {
            textlog_append(&t->console, "Usage: layout src|asm|split\n", 28, TS_ERROR);
        } else {
            t->layout = (TuiLayout)l;
            if (t->focus != PANE_CMDLINE && !t->panes[t->focus].visible)
                t->focus = PANE_SOURCE;
            layout_compute(t);
            if (t->focus != PANE_CMDLINE && !t->panes[t->focus].visible)
                t->focus = layout_next_focus(t, t->focus, 1);
            t->rebuild = true;
        }
        return true;
    }
    if (strcmp(word, "help") == 0 && (strcmp(arg, "layout") == 0 || strcmp(arg, "tui") == 0)) {
        static const char text[] =
            "layout src|asm|split -- arrange the TUI's panes: src (source, variables, stack,\n"
            "  call stack), asm (bytecode, stack, variables, call stack), split (source and\n"
            "  bytecode side by side above them).\n"
            "tui enable|disable -- full screen on or off (the session goes on either way).\n"
            "Press ? in the TUI for its keys.\n";
        textlog_append(&t->console, text, sizeof text - 1, TS_NORMAL);
        t->panes[PANE_CONSOLE].at_end = true;
        return true;
    }
    if (strcmp(word, "tui") == 0) {
        if (strcmp(arg, "enable") == 0) {
            textlog_append(&t->console, "The TUI is already enabled.\n", 28, TS_NORMAL);
        } else if (strcmp(arg, "disable") == 0) {
            t->enabled = false;
        } else {
            textlog_append(&t->console, "Usage: tui enable|disable\n", 26, TS_ERROR);
        }
        return true;
    }
    return false;
}

/* Commands that let the program run: the screen says so until the next stop. */
static bool resumes(const char *line)
{
    static const char *const words[] = {"s", "step", "n", "next", "si", "stepi", "ni", "nexti",
                                        "c", "continue", "fin", "finish", "u", "until",
                                        "advance", "r", "run", "start", NULL};
    char w[32];
    if (sscanf(line, "%31s", w) != 1)
        return false;
    for (int i = 0; words[i]; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

/* ---- keys -------------------------------------------------------------------------------- */

enum { K_NONE, K_LINE, K_EOF };

static void focus_to(Tui *t, PaneId id)
{
    if (t->focus != PANE_CMDLINE)
        t->last_pane_focus = t->focus;
    t->focus = id;
}

/* Keys for a focused pane (the command line empty). */
static int pane_key(Tui *t, bool is_key, wint_t ch, char **line)
{
    Pane *p = t->focus != PANE_CMDLINE ? &t->panes[t->focus] : &t->panes[PANE_CONSOLE];
    int h = pane_height(p);
    if (is_key) {
        switch (ch) {
        case KEY_UP: pane_scroll(p, -1); return K_NONE;
        case KEY_DOWN: pane_scroll(p, 1); return K_NONE;
        case KEY_PPAGE: pane_scroll(p, -(h > 1 ? h - 1 : 1)); return K_NONE;
        case KEY_NPAGE: pane_scroll(p, h > 1 ? h - 1 : 1); return K_NONE;
        case KEY_HOME: pane_scroll(p, -(int)p->rows.n - 1); return K_NONE;
        case KEY_END: pane_scroll(p, (int)p->rows.n + 1); return K_NONE;
        case KEY_LEFT: p->left = p->left > 8 ? p->left - 8 : 0; return K_NONE;
        case KEY_RIGHT: p->left += 8; return K_NONE;
        case KEY_ENTER: ch = '\r'; break;
        default: return K_NONE;
        }
    }
    switch (ch) {
    case '\r':
    case '\n':
        if (t->focus == PANE_VARS) {
            vars_toggle_expand(t, p);
            t->rebuild = true;
        } else if (t->focus == PANE_FRAMES && p->cursor >= 0 && p->cursor < (int)p->rows.n &&
                   p->rows.v[p->cursor].key >= 0) {
            *line = dupf("frame %d", p->rows.v[p->cursor].key);
            return K_LINE;
        }
        return K_NONE;
    case 's': *line = xstrdup("step"); return K_LINE;
    case 'n': *line = xstrdup("next"); return K_LINE;
    case 'i': *line = xstrdup("stepi"); return K_LINE;
    case 'f': *line = xstrdup("finish"); return K_LINE;
    case 'c': *line = xstrdup("continue"); return K_LINE;
    case 'u': *line = xstrdup("up"); return K_LINE;
    case 'd': *line = xstrdup("down"); return K_LINE;
    case 'b':
        *line = toggle_breakpoint(t);
        return *line ? K_LINE : K_NONE;
    case 'g':
        t->show_globals = !t->show_globals;
        t->epoch++;   /* the variables are taken again, with or without them */
        t->rebuild = true;
        return K_NONE;
    case 'q':
        free(t->confirm);
        t->confirm = xstrdup("Quit pydbg? (y or n)");
        return K_NONE;
    case '?':
        t->help_shown = true;
        return K_NONE;
    case ':':
        focus_to(t, PANE_CMDLINE);
        return K_NONE;
    default:
        break;
    }
    if (ch >= 0x21 && ch != 0x7f) {
        /* typing starts a command line */
        focus_to(t, PANE_CMDLINE);
        bool eof;
        char *l = cmdline_key(t, 0, ch, &eof);
        free(l);
    }
    return K_NONE;
}

static int handle_key(Tui *t, bool is_key, wint_t ch, bool std_prompt, char **line)
{
    *line = NULL;
    if (is_key && ch == KEY_RESIZE) {
        t->rebuild = true;
        return K_NONE;
    }
    if (!is_key && ch == 12) {   /* Ctrl-L */
        clearok(curscr, TRUE);
        return K_NONE;
    }
    if (t->too_small) {
        if (!is_key && (ch == 'q' || ch == 'Q') && !t->input_mode) {
            *line = xstrdup("quit");
            return K_LINE;
        }
        return K_NONE;
    }
    if (t->help_shown) {
        t->help_shown = false;
        return K_NONE;
    }
    if (t->confirm) {
        bool yes = !is_key && (ch == 'y' || ch == 'Y');
        free(t->confirm);
        t->confirm = NULL;
        if (yes) {
            *line = xstrdup("quit");
            return K_LINE;
        }
        return K_NONE;
    }
    if (!t->input_mode && std_prompt && is_key) {
        switch (ch) {
        case KEY_F(5): *line = xstrdup("continue"); return K_LINE;
        case KEY_F(10): *line = xstrdup("next"); return K_LINE;
        case KEY_F(11): *line = xstrdup("step"); return K_LINE;
        case KEY_F(23): *line = xstrdup("finish"); return K_LINE;   /* Shift-F11 */
        case KEY_F(1): t->help_shown = true; return K_NONE;
        case KEY_F(9):
            *line = toggle_breakpoint(t);
            return *line ? K_LINE : K_NONE;
        default: break;
        }
    }
    if (!t->input_mode && std_prompt && cmdline_empty()) {
        if (!is_key && ch == '\t') {
            focus_to(t, layout_next_focus(t, t->focus, 1));
            return K_NONE;
        }
        if (is_key && ch == KEY_BTAB) {
            focus_to(t, layout_next_focus(t, t->focus, -1));
            return K_NONE;
        }
        if (t->focus != PANE_CMDLINE)
            return pane_key(t, is_key, ch, line);
    }
    if (is_key && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
        Pane *p = &t->panes[t->input_mode ? PANE_OUTPUT : PANE_CONSOLE];
        int h = pane_height(p);
        pane_scroll(p, ch == KEY_PPAGE ? -(h - 1) : h - 1);
        return K_NONE;
    }
    if (!is_key && ch == 27 && !t->input_mode) {
        /* Esc alone: back to the panes; Esc followed by a key: a Meta key */
        wint_t next;
        int rc = get_wch(&next);
        if (rc == ERR) {
            if (std_prompt && t->focus == PANE_CMDLINE)
                t->focus = t->last_pane_focus;
            return K_NONE;
        }
        bool eof;
        char *l = cmdline_key(t, 0, 27, &eof);
        free(l);
        if (rc == KEY_CODE_YES)
            return K_NONE;
        ch = next;
    }
    bool eof = false;
    char *l = cmdline_key(t, is_key, ch, &eof);
    if (eof) {
        if (t->input_mode)
            return K_EOF;
        /* Ctrl-D on an empty command line: as `q` */
        free(t->confirm);
        t->confirm = xstrdup("Quit pydbg? (y or n)");
        cmdline_begin(t, "(pydbg) ");
        return K_NONE;
    }
    if (l) {
        *line = l;
        return K_LINE;
    }
    return K_NONE;
}

/* Wait for keys until a line is complete: the line (malloc'd), or NULL at
 * the end of input (Ctrl-D while the program reads; *interrupted when
 * Ctrl-C was pressed then). */
static char *event_loop(Tui *t, const char *prompt, bool *interrupted)
{
    bool std_prompt = strcmp(prompt, "(pydbg) ") == 0;
    if (interrupted)
        *interrupted = false;
    if (!std_prompt && !t->input_mode)
        focus_to(t, PANE_CMDLINE);
    term_sigint_catch(&t->sigint);
    t->sigint = 0;
    cmdline_begin(t, t->input_mode ? "input> " : prompt);
    tui_redraw(t);
    char *result = NULL;
    for (;;) {
        if (t->sigint) {
            t->sigint = 0;
            if (t->input_mode) {
                if (interrupted)
                    *interrupted = true;
                break;
            }
            free(t->confirm);
            t->confirm = NULL;
            if (!cmdline_empty())
                cmdline_clear();
            else
                note(t, "Quit with q (Ctrl-C stops a running program)");
            tui_redraw(t);
        }
        wint_t ch;
        int rc = get_wch(&ch);
        if (rc == ERR) {
            if (term_take_output(&t->output))
                tui_redraw(t);
            struct pollfd fds[2] = {{fileno(t->term.in), POLLIN, 0}, {term_wake_fd(), POLLIN, 0}};
            int nfds = fds[1].fd >= 0 ? 2 : 1;
            if (poll(fds, (nfds_t)nfds, -1) > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
                break;   /* the terminal is gone (SIGHUP ignored): the end of input */
            continue;
        }
        if (t->status_note && !(rc == KEY_CODE_YES && ch == KEY_RESIZE))
            note(t, NULL);
        char *line = NULL;
        int k = handle_key(t, rc == KEY_CODE_YES, ch, std_prompt, &line);
        if (k == K_LINE) {
            result = line;
            break;
        }
        if (k == K_EOF)
            break;
        tui_redraw(t);
    }
    cmdline_end();
    term_sigint_restore();
    return result;
}

/* ---- the program's input --------------------------------------------------------------- */

/* sys.stdin reads while the TUI is on: a line typed in the command line,
 * echoed into the output pane as a terminal would. */
static Ssize tui_stdin_read(void *buf, size_t n)
{
    Tui *t = tui_current;
    if (!t || !t->enabled || !t->term.curses_on) {
        ssize_t r = read(0, buf, n);
        return (Ssize)r;
    }
    if (!t->input_rest) {
        t->input_mode = true;
        PaneId saved = t->focus;
        t->focus = PANE_CMDLINE;
        t->panes[PANE_OUTPUT].at_end = true;
        bool interrupted = false;
        t->rebuild = true;
        char *line = event_loop(t, "input> ", &interrupted);
        t->input_mode = false;
        t->focus = saved;
        if (!line) {
            tui_redraw(t);
            if (interrupted) {
                if (vm)
                    vm->interrupt = 1;   /* io.c raises KeyboardInterrupt */
                errno = EINTR;
                return -1;
            }
            return 0;   /* end of file */
        }
        cmdline_history_add(line, true);
        size_t l = strlen(line);
        t->input_rest = xrealloc(line, l + 2);
        t->input_rest[l] = '\n';
        t->input_rest[l + 1] = 0;
        t->input_rest_len = l + 1;
        t->input_rest_pos = 0;
        term_take_output(&t->output);
        textlog_append(&t->output, t->input_rest, t->input_rest_len, TS_NORMAL);
        tui_redraw(t);
    }
    size_t k = t->input_rest_len - t->input_rest_pos;
    if (k > n)
        k = n;
    memcpy(buf, t->input_rest + t->input_rest_pos, k);
    t->input_rest_pos += k;
    if (t->input_rest_pos >= t->input_rest_len) {
        free(t->input_rest);
        t->input_rest = NULL;
    }
    return (Ssize)k;
}

/* ---- the session's reader and observer ------------------------------------------------ */

static void on_stop(void *ud, Session *s, const DbgStop *stop)
{
    (void)s;
    Tui *t = ud;
    t->stopno++;
    t->stop_kind = stop->kind;
    t->stop_bpnum = stop->bpnum;
    t->had_stop = true;
    t->exit_note[0] = 0;
    seen_purge(t, stop->frame);
    if (stop->frame)
        stack_note_stop(t, stop->frame);
    t->rebuild = true;
}

/* "[Program exited normally]" and the like, for the status line. */
static void find_exit_note(Tui *t)
{
    for (size_t i = t->console.n; i-- > 0 && i + 8 > t->console.n;) {
        const char *s = t->console.v[i].text;
        if (strncmp(s, "[Program ", 9) == 0) {
            snprintf(t->exit_note, sizeof t->exit_note, "%s", s);
            return;
        }
    }
}

static bool enable_tui(Tui *t);
static void disable_tui(Tui *t);
static void give_back(Tui *t);

/* A line for the TUI itself while it is off (after `tui disable`): true
 * when it was one (handled). */
static bool plain_local(Tui *t, const char *line)
{
    char w[32], a[32];
    int n = sscanf(line, "%31s %31s", w, a);
    if (n < 1)
        return false;
    if (strcmp(w, "layout") == 0) {
        int l = n == 2 ? layout_parse(a) : -1;
        if (l < 0) {
            fputs("Usage: layout src|asm|split\n", stderr);
            return true;
        }
        t->layout = (TuiLayout)l;
    } else if (strcmp(w, "tui") != 0 || n != 2) {
        return false;
    } else if (strcmp(a, "disable") == 0) {
        fputs("The TUI is not enabled.\n", stderr);
        return true;
    } else if (strcmp(a, "enable") != 0) {
        return false;
    }
    if (!enable_tui(t))
        fputs("The TUI cannot start here.\n", stderr);
    return true;
}

static char *reader(void *ud, const char *prompt)
{
    Tui *t = ud;
    for (;;) {
        if (t->first) {
            /* init files, -x FILE, -ex CMD: before the keyboard */
            char *line = t->first(t->first_ud, prompt);
            if (line)
                return line;
            t->first = NULL;
        }
        if (!t->enabled) {
            if (t->term.curses_on)
                disable_tui(t);
            if (t->prev_reader) {
                /* taken over from the REPL: it reads again */
                give_back(t);
                return t->prev_reader(t->prev_ud, prompt);
            }
            char *line = cmdline_read_plain(prompt);
            if (!line)
                return NULL;
            if (plain_local(t, line)) {
                free(line);
                continue;
            }
            return line;
        }
        t->epoch++;
        t->rebuild = true;
        if (!tui_stop(t))
            find_exit_note(t);
        char *line = event_loop(t, prompt, NULL);
        if (!line)
            return NULL;
        if (*line && strcmp(prompt, "(pydbg) ") == 0 && t->focus == PANE_CMDLINE)
            cmdline_history_add(line, false);
        if (local_command(t, line)) {
            free(line);
            continue;
        }
        if (resumes(line) && tui_stop(t)) {
            note(t, "running... (Ctrl-C stops the program)");
            layout_draw_status(t);
            refresh();
            note(t, NULL);
        }
        return line;
    }
}

/* ---- entering and leaving full screen ---------------------------------------------------- */

/* A UTF-8 character type for ncursesw and wcwidth, whatever the
 * environment says: pydbg's text is UTF-8. */
static void choose_locale(void)
{
    if (setlocale(LC_CTYPE, "") && tui_utf8_locale())
        return;
    if (setlocale(LC_CTYPE, "C.UTF-8") && tui_utf8_locale())
        return;
    setlocale(LC_CTYPE, "C.utf8");
}

static Tui *tui_new(const char *path, const PycFile *pf)
{
    Tui *t = xcalloc(1, sizeof *t);
    t->cfg.path = path;
    t->cfg.pyc = pf;
    t->pf = pf;
    t->term.saved_stdout = t->term.saved_stderr = -1;
    const char *slash = strrchr(path, '/');
    t->pyc_dir = slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
    t->layout = LAYOUT_SPLIT;
    t->focus = t->last_pane_focus = PANE_SOURCE;
    for (int i = 0; i < PANE__COUNT; i++) {
        t->panes[i].id = (PaneId)i;
        t->panes[i].cursor = -1;
        t->panes[i].at_end = true;
        t->panes[i].follow_stop = (unsigned long)-1;
    }
    return t;
}

static void tui_destroy(Tui *t)
{
    term_release(&t->term);
    if (t->out_file)
        fclose(t->out_file);
    if (t->err_file)
        fclose(t->err_file);
    source_free(t);
    asm_free(t);
    vars_free(t);
    for (int i = 0; i < PANE__COUNT; i++)
        trows_free(&t->panes[i].rows);
    textlog_free(&t->console);
    textlog_free(&t->output);
    free(t->status_note);
    free(t->confirm);
    free(t->input_rest);
    free(t->pyc_dir);
    if (tui_current == t)
        tui_current = NULL;
    free(t);
}

/* Curses on, the program's output onto the pty, the session's text into
 * the console: false (the message printed, everything put back) when the
 * terminal cannot do it. */
static bool open_screen(Tui *t, const char *who)
{
    SBuf err = SBUF_INIT;
    choose_locale();
    term_install_handlers(&t->term);
    if (!t->term.screen && term_start(&t->term, &err) < 0) {
        term_remove_handlers();
        fprintf(stderr, "pydbg: %s: %s\n", who, sbuf_cstr(&err));
        sbuf_free(&err);
        return false;
    }
    if (term_redirect(&t->term, &err) < 0) {
        term_stop(&t->term);
        term_remove_handlers();
        fprintf(stderr, "pydbg: %s: %s\n", who, sbuf_cstr(&err));
        sbuf_free(&err);
        return false;
    }
    sbuf_free(&err);
    term_resume(&t->term);
    if (!t->out_file) {
        t->out_file = open_cookie(t);
        t->err_file = open_cookie(&tui_current);
    }
    cmdline_init(t);
    io_stdin_hook = tui_stdin_read;
    t->enabled = true;
    t->rebuild = true;
    layout_compute(t);
    return true;
}

static void close_screen(Tui *t)
{
    io_stdin_hook = NULL;
    term_take_output(&t->output);
    term_stop(&t->term);
    term_unredirect(&t->term);
    term_remove_handlers();
    cmdline_plain_mode(true);
    t->enabled = false;
}

static bool enable_tui(Tui *t)
{
    if (!open_screen(t, "tui enable"))
        return false;
    cmdline_plain_mode(false);
    return true;
}

static void disable_tui(Tui *t)
{
    close_screen(t);
}

int tui_main(const SessionConfig *cfg, SessionReader first, void *first_ud)
{
    Tui *t = tui_new(cfg->path, cfg->pyc);
    tui_current = t;
    t->cfg = *cfg;
    t->first = first;
    t->first_ud = first_ud;
    if (!open_screen(t, "--tui")) {
        tui_destroy(t);
        return 2;
    }
    SessionConfig sc = *cfg;
    sc.out = t->out_file;
    sc.err = t->err_file;
    sc.interactive = true;
    sc.batch = false;
    t->s = session_new(&sc);
    session_set_reader(t->s, reader, t);
    session_set_observer(t->s, on_stop, t);
    int status = session_loop(t->s);
    if (t->enabled)
        close_screen(t);
    session_free(t->s);
    t->s = NULL;
    tui_destroy(t);
    return status;
}

/* ---- `tui enable` in the REPL ---------------------------------------------------------- */

static rl_completion_func_t *saved_completion;
static const char *saved_breaks;

bool tui_command(const char *line)
{
    char w[32], a[32];
    int n = sscanf(line, "%31s %31s", w, a);
    return (n >= 1 && strcmp(w, "layout") == 0) ||
           (n == 2 && strcmp(w, "tui") == 0 && strcmp(a, "enable") == 0);
}

static void give_back(Tui *t)
{
    session_set_reader(t->s, t->prev_reader, t->prev_ud);
    session_set_observer(t->s, NULL, NULL);
    session_set_output(t->s, NULL, NULL);
    rl_attempted_completion_function = saved_completion;
    rl_basic_word_break_characters = saved_breaks;
}

char *tui_take_over(Session *s, const char *line, const char *prompt, SessionReader prev,
                    void *prev_ud)
{
    Tui *t = tui_current;
    if (!t) {
        const PycFile *pf = dbg_pyc(session_dbg(s));
        t = tui_new(pf->path, pf);
        tui_current = t;
        t->s = s;
    }
    t->prev_reader = prev;
    t->prev_ud = prev_ud;
    char w[32], a[32];
    if (sscanf(line, "%31s %31s", w, a) == 2 && strcmp(w, "layout") == 0) {
        int l = layout_parse(a);
        if (l < 0) {
            fputs("Usage: layout src|asm|split\n", stderr);
            return prev(prev_ud, prompt);
        }
        t->layout = (TuiLayout)l;
    }
    saved_completion = rl_attempted_completion_function;
    saved_breaks = rl_basic_word_break_characters;
    if (!open_screen(t, "tui enable"))
        return prev(prev_ud, prompt);
    cmdline_plain_mode(false);
    session_set_output(s, t->out_file, t->err_file);
    session_set_reader(s, reader, t);
    session_set_observer(s, on_stop, t);
    /* the stop the REPL is in, as if it had just happened */
    const DbgStop *st = session_stop(s);
    if (st)
        on_stop(t, s, st);
    return reader(t, prompt);
}

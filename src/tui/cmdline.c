/* cmdline.c — the command line at the bottom: GNU readline inside curses.
 *
 * Readline's alternate interface does the editing: the event loop hands
 * it one byte at a time (rl_getc_function returns the byte it was given),
 * rl_callback_read_char runs the key binding, and the line arrives in the
 * handler.  Readline never touches the terminal itself: its terminal
 * preparation is a no-op, its output stream is /dev/null, and its
 * redisplay is ours (the prompt and rl_line_buffer painted on the last row,
 * scrolled sideways so the cursor stays visible).  So Ctrl-A/E/K/W/Y,
 * Ctrl-R search, history and Tab completion behave as in the REPL.
 * Cursor and editing keys curses decoded (arrows, Home, Delete …) call the
 * matching readline commands directly.
 *
 * Two histories: debugger commands, and lines typed for the program's
 * input() — Up in one never recalls the other.
 *
 * After `tui disable` plain readline() runs on the real terminal (with
 * readline's own terminal handling put back).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "pydbg/vm.h"
#include "src/tui/tuiint.h"

static Tui *cl_tui;
static int cl_pending = -1;      /* the byte readline reads next */
static bool cl_done;
static char *cl_line;
static bool cl_installed;
static FILE *cl_null;
static bool cl_program_hist;
static HISTORY_STATE *hist_other;   /* the history not in use */

/* ---- readline hooks ----------------------------------------------------------- */

static int cl_getc(FILE *f)
{
    (void)f;
    int c = cl_pending;
    cl_pending = -1;
    return c < 0 ? EOF : c;
}

static int cl_input_available(void) { return cl_pending >= 0; }

static void cl_prep(int meta) { (void)meta; }
static void cl_deprep(void) {}

static void cl_redisplay(void)
{
    if (cl_tui && cl_tui->term.curses_on && !cl_tui->too_small) {
        cmdline_draw(cl_tui);
        refresh();
    }
}

static void cl_handler(char *line)
{
    cl_line = line;
    cl_done = true;
}

/* Completion candidates: commands first, then what the command takes. */
static const char *const *cl_words;
static const char *const layout_words[] = {"src", "asm", "split", NULL};
static const char *const tui_words[] = {"enable", "disable", NULL};
static const char *const info_words[] = {"args", "breakpoints", "cells", "code", "display",
                                         "exceptions", "frame", "freevars", "globals", "lines",
                                         "locals", "stack", NULL};
static char **scope_words;
static size_t nscope, capscope;

static void scope_add(const char *s)
{
    if (!*s)
        return;
    for (size_t i = 0; i < nscope; i++)
        if (strcmp(scope_words[i], s) == 0)
            return;
    if (nscope + 1 >= capscope) {
        capscope = capscope ? 2 * capscope : 64;
        scope_words = xrealloc(scope_words, capscope * sizeof *scope_words);
    }
    scope_words[nscope++] = xstrdup(s);
    scope_words[nscope] = NULL;
}

static void scope_dict(Obj *d)
{
    if (!d || !DICT_CHECK(d))
        return;
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(d, &pos, &k, &v))
        if (STR_CHECK(k))
            scope_add(tui_str(k));
}

static void scope_collect(void)
{
    for (size_t i = 0; i < nscope; i++)
        free(scope_words[i]);
    nscope = 0;
    Frame *f = cl_tui ? tui_frame(cl_tui) : NULL;
    if (!f)
        return;
    CodeRtObj *co = f->code;
    for (int i = 0; i < co->nlocalsplus; i++)
        scope_add(tui_str(TUPLE_ITEMS(co->localsplusnames)[i]));
    if (f->locals)
        scope_dict(f->locals);
    scope_dict(f->globals);
    scope_dict(f->builtins);
}

static char *cl_generator(const char *text, int state)
{
    static size_t idx, len;
    if (!state) {
        idx = 0;
        len = strlen(text);
    }
    while (cl_words && cl_words[idx]) {
        const char *w = cl_words[idx++];
        if (strncmp(w, text, len) == 0)
            return xstrdup(w);
    }
    return NULL;
}

static char **cl_complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    int i = 0;
    while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
        i++;
    if (cl_tui && cl_tui->input_mode)
        return NULL;
    if (i == start) {
        /* the session's commands and the TUI's own two */
        static const char **all;
        if (!all) {
            const char *const *names = session_command_names();
            size_t n = 0;
            while (names[n])
                n++;
            all = xmalloc((n + 3) * sizeof *all);
            for (size_t k = 0; k < n; k++)
                all[k] = names[k];
            all[n] = "layout";
            all[n + 1] = "tui";
            all[n + 2] = NULL;
        }
        cl_words = all;
        return rl_completion_matches(text, cl_generator);
    }
    char cmd[32];
    int k = 0;
    while (i < start && k < 31 && rl_line_buffer[i] != ' ' && rl_line_buffer[i] != '\t')
        cmd[k++] = rl_line_buffer[i++];
    cmd[k] = 0;
    if (strcmp(cmd, "layout") == 0)
        cl_words = layout_words;
    else if (strcmp(cmd, "tui") == 0)
        cl_words = tui_words;
    else if (strcmp(cmd, "info") == 0 || strcmp(cmd, "i") == 0)
        cl_words = info_words;
    else {
        scope_collect();
        cl_words = (const char *const *)scope_words;
    }
    return rl_completion_matches(text, cl_generator);
}

/* More than one completion: list them in the console, as readline would
 * print them under the prompt. */
static void cl_show_matches(char **matches, int n, int maxlen)
{
    (void)maxlen;
    if (!cl_tui)
        return;
    SBuf b = SBUF_INIT;
    for (int i = 1; i <= n; i++) {
        sbuf_puts(&b, matches[i]);
        sbuf_puts(&b, i < n ? "  " : "\n");
    }
    textlog_append(&cl_tui->console, b.data, b.len, TS_DIM);
    sbuf_free(&b);
    cl_tui->panes[PANE_CONSOLE].at_end = true;
    tui_redraw(cl_tui);
}

/* ---- the two histories ---------------------------------------------------------- */

static void hist_use(bool program)
{
    if (program == cl_program_hist)
        return;
    HISTORY_STATE *cur = history_get_history_state();
    HISTORY_STATE empty;
    memset(&empty, 0, sizeof empty);
    history_set_history_state(hist_other ? hist_other : &empty);
    free(hist_other);
    hist_other = cur;
    cl_program_hist = program;
}

void cmdline_history_add(const char *line, bool program_input)
{
    if (!*line)
        return;
    hist_use(program_input);
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (!last || strcmp(last->line, line) != 0)
        add_history(line);
}

/* ---- the interface ------------------------------------------------------------- */

static void set_curses_hooks(void)
{
    rl_getc_function = cl_getc;
    rl_input_available_hook = cl_input_available;
    rl_redisplay_function = cl_redisplay;
    rl_prep_term_function = cl_prep;
    rl_deprep_term_function = cl_deprep;
    rl_completion_display_matches_hook = cl_show_matches;
    rl_outstream = cl_null;
    rl_instream = cl_tui->term.in;
}

void cmdline_init(Tui *t)
{
    cl_tui = t;
    if (!cl_null)
        cl_null = fopen("/dev/null", "w");
    rl_readline_name = "pydbg";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_change_environment = 0;
    rl_attempted_completion_function = cl_complete;
    set_curses_hooks();
}

void cmdline_plain_mode(bool on)
{
    if (on) {
        rl_getc_function = rl_getc;
        rl_input_available_hook = NULL;
        rl_redisplay_function = rl_redisplay;
        rl_prep_term_function = rl_prep_terminal;
        rl_deprep_term_function = rl_deprep_terminal;
        rl_completion_display_matches_hook = NULL;
        rl_outstream = cl_tui->term.out;
        rl_instream = cl_tui->term.in;
    } else {
        set_curses_hooks();
    }
}

char *cmdline_read_plain(const char *prompt)
{
    static volatile int sigint;
    hist_use(false);
    char *line;
    for (;;) {
        /* Ctrl-C at the prompt drops the line (as gdb and the REPL do) */
        sigint = 0;
        term_sigint_catch(&sigint);
        line = readline(prompt);
        term_sigint_restore();
        if (!(sigint && line))
            break;
        free(line);
        fputs("Quit\n", stdout);
    }
    if (line && *line)
        cmdline_history_add(line, false);
    return line;
}

void cmdline_begin(Tui *t, const char *prompt)
{
    (void)t;
    hist_use(t->input_mode);
    if (cl_installed)
        rl_callback_handler_remove();
    cl_done = false;
    cl_line = NULL;
    rl_callback_handler_install(prompt, cl_handler);
    cl_installed = true;
}

void cmdline_end(void)
{
    if (cl_installed) {
        rl_callback_handler_remove();
        cl_installed = false;
    }
}

static void feed(unsigned char c)
{
    cl_pending = c;
    rl_callback_read_char();
    cl_pending = -1;
}

char *cmdline_key(Tui *t, int is_key, wint_t ch, bool *eof)
{
    (void)t;
    *eof = false;
    if (!cl_installed)
        return NULL;
    if (is_key) {
        switch (ch) {
        case KEY_LEFT: rl_backward_char(1, 0); break;
        case KEY_RIGHT: rl_forward_char(1, 0); break;
        case KEY_HOME: rl_beg_of_line(1, 0); break;
        case KEY_END: rl_end_of_line(1, 0); break;
        case KEY_BACKSPACE: rl_rubout(1, 0); break;
        case KEY_DC: rl_delete(1, 0); break;
        case KEY_UP: rl_get_previous_history(1, 0); break;
        case KEY_DOWN: rl_get_next_history(1, 0); break;
        case KEY_ENTER: feed('\r'); break;
        default: return NULL;
        }
        cl_redisplay();
    } else {
        char buf[8];
        size_t n = 0;
        uint32_t c = (uint32_t)ch;
        if (c < 0x80) {
            buf[n++] = (char)c;
        } else if (c < 0x800) {
            buf[n++] = (char)(0xc0 | c >> 6);
            buf[n++] = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            buf[n++] = (char)(0xe0 | c >> 12);
            buf[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            buf[n++] = (char)(0x80 | (c & 0x3f));
        } else {
            buf[n++] = (char)(0xf0 | c >> 18);
            buf[n++] = (char)(0x80 | (c >> 12 & 0x3f));
            buf[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            buf[n++] = (char)(0x80 | (c & 0x3f));
        }
        for (size_t i = 0; i < n && !cl_done; i++)
            feed((unsigned char)buf[i]);
    }
    if (!cl_done)
        return NULL;
    /* the handler ran: the line (or NULL at Ctrl-D on an empty line) */
    rl_callback_handler_remove();
    cl_installed = false;
    cl_done = false;
    char *line = cl_line;
    cl_line = NULL;
    if (!line)
        *eof = true;
    return line;
}

bool cmdline_empty(void) { return !cl_installed || !rl_line_buffer || rl_end == 0; }

void cmdline_clear(void)
{
    if (!cl_installed)
        return;
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    rl_reset_line_state();
    cl_redisplay();
}

void cmdline_draw(Tui *t)
{
    int y = t->H - 1, W = t->W;
    const char *prompt = rl_display_prompt ? rl_display_prompt : "";
    const char *line = cl_installed && rl_line_buffer ? rl_line_buffer : "";
    size_t len = cl_installed ? (size_t)rl_end : 0;
    size_t point = cl_installed ? (size_t)rl_point : 0;
    if (point > len)
        point = len;
    int pw = tui_text_width(prompt, strlen(prompt));
    if (pw > W / 2)
        pw = W / 2;
    tui_draw_text(y, 0, pw, prompt, TS_PROMPT);
    int avail = W - pw - 1;
    if (avail < 1)
        avail = 1;
    /* scroll sideways so that the cursor is visible */
    int cursor_w = tui_text_width(line, point);
    size_t start = 0;
    if (cursor_w >= avail) {
        int skip = cursor_w - avail + 1;
        while (start < point && tui_text_width(line, start) < skip)
            start++;
        while (start < point && ((unsigned char)line[start] & 0xc0) == 0x80)
            start++;
    }
    bool hint = len == 0 && !t->input_mode && t->focus != PANE_CMDLINE && !t->confirm;
    if (hint) {
        tui_draw_text(y, pw, W - pw,
                      "s step  n next  i stepi  f finish  c continue  b break  : command  ? help",
                      TS_DIM);
        move(y, pw);
        return;
    }
    SBuf b = SBUF_INIT;
    sbuf_put(&b, line + start, len - start);
    tui_draw_text(y, pw, W - pw, sbuf_cstr(&b), TS_NORMAL);
    sbuf_free(&b);
    move(y, pw + tui_text_width(line + start, point - start));
}

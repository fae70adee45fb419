/* layout.c — where the panes go, and the parts of the screen that are not
 * panes: title bars, separators, the status line, the help overlay and the
 * "terminal too small" message.
 *
 * The screen, top to bottom: the main area (its panes depend on the
 * layout), a band with the debugger's console and the program's output
 * side by side, the status line, the command line.  Each pane's first row
 * is its title bar; panes side by side are separated by one column.
 *
 *   src    source | variables / stack / call stack
 *   asm    bytecode | stack / variables / call stack
 *   split  source | bytecode, above stack | variables | call stack
 *
 * The minimum is 80x24, the size of the smallest terminals the layouts were
 * drawn for; below that the screen says so instead of drawing garbage.
 */
#include "config.h"

#include <string.h>

#include "src/tui/tuiint.h"

#define MIN_W 80
#define MIN_H 24

static const char *const layout_names[] = {"src", "asm", "split"};

int layout_parse(const char *name)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(name, layout_names[i]) == 0)
            return i;
    return -1;
}

static void place(Tui *t, PaneId id, int y, int x, int h, int w)
{
    Pane *p = &t->panes[id];
    p->visible = h >= 2 && w >= 4;
    p->r = (Rect){y, x, h, w};
}

/* Split h rows into parts of the given weights (each at least 2 rows). */
static void split_rows(int h, const int *weights, int n, int *out)
{
    int total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    int used = 0;
    for (int i = 0; i < n; i++) {
        out[i] = i == n - 1 ? h - used : h * weights[i] / total;
        if (out[i] < 2)
            out[i] = 2;
        used += out[i];
    }
}

void layout_compute(Tui *t)
{
    getmaxyx(stdscr, t->H, t->W);
    t->too_small = t->W < MIN_W || t->H < MIN_H;
    for (int i = 0; i < PANE__COUNT; i++)
        t->panes[i].visible = false;
    if (t->too_small)
        return;
    int W = t->W, avail = t->H - 2;
    int band = avail / 4;
    if (band < 5)
        band = 5;
    if (band > 12)
        band = 12;
    int M = avail - band;
    int cw = (W - 1) / 2;
    place(t, PANE_CONSOLE, M, 0, band, cw);
    place(t, PANE_OUTPUT, M, cw + 1, band, W - cw - 1);

    if (t->layout == LAYOUT_SPLIT) {
        int top = M * 3 / 5, bottom = M - top;
        int lw = (W - 1) / 2;
        place(t, PANE_SOURCE, 0, 0, top, lw);
        place(t, PANE_ASM, 0, lw + 1, top, W - lw - 1);
        int sw = (W - 2) * 3 / 10, vw = (W - 2) * 4 / 10, fw = W - 2 - sw - vw;
        place(t, PANE_STACK, top, 0, bottom, sw);
        place(t, PANE_VARS, top, sw + 1, bottom, vw);
        place(t, PANE_FRAMES, top, sw + vw + 2, bottom, fw);
    } else {
        int lw = W * 3 / 5, rx = lw + 1, rw = W - lw - 1;
        int h[3];
        PaneId main = t->layout == LAYOUT_SRC ? PANE_SOURCE : PANE_ASM;
        place(t, main, 0, 0, M, lw);
        if (t->layout == LAYOUT_SRC) {
            static const int wts[3] = {45, 30, 25};
            split_rows(M, wts, 3, h);
            place(t, PANE_VARS, 0, rx, h[0], rw);
            place(t, PANE_STACK, h[0], rx, h[1], rw);
        } else {
            static const int wts[3] = {35, 40, 25};
            split_rows(M, wts, 3, h);
            place(t, PANE_STACK, 0, rx, h[0], rw);
            place(t, PANE_VARS, h[0], rx, h[1], rw);
        }
        place(t, PANE_FRAMES, h[0] + h[1], rx, h[2], rw);
    }
    Pane *o = &t->panes[PANE_OUTPUT];
    term_set_pty_size(o->r.h - 1, o->r.w);
}

int pane_height(const Pane *p) { return p->r.h > 1 ? p->r.h - 1 : 0; }

/* Focus order: the panes in reading order, then the command line. */
PaneId layout_next_focus(Tui *t, PaneId from, int dir)
{
    static const PaneId order[] = {PANE_SOURCE, PANE_ASM, PANE_STACK, PANE_VARS,
                                   PANE_FRAMES, PANE_CONSOLE, PANE_OUTPUT, PANE_CMDLINE};
    int n = (int)(sizeof order / sizeof order[0]), at = 0;
    for (int i = 0; i < n; i++)
        if (order[i] == from)
            at = i;
    for (int k = 1; k <= n; k++) {
        PaneId id = order[((at + dir * k) % n + n) % n];
        if (id == PANE_CMDLINE || t->panes[id].visible)
            return id;
    }
    return PANE_CMDLINE;
}

/* ---- scrolling ---------------------------------------------------------------- */

static void clamp_top(Pane *p)
{
    int h = pane_height(p), n = (int)p->rows.n;
    if (p->top > n - h)
        p->top = n - h;
    if (p->top < 0)
        p->top = 0;
}

void pane_scroll_to(Pane *p, int row)
{
    int h = pane_height(p);
    if (row < 0)
        return;
    /* keep a few rows of context around the row followed */
    int margin = h / 4 < 3 ? h / 4 : 3;
    if (row < p->top + margin || row >= p->top + h - margin)
        p->top = row - h / 3;
    clamp_top(p);
}

void pane_scroll(Pane *p, int delta)
{
    int h = pane_height(p), n = (int)p->rows.n;
    if (p->cursor >= 0) {
        p->cursor += delta;
        if (p->cursor >= n)
            p->cursor = n - 1;
        if (p->cursor < 0)
            p->cursor = 0;
        if (p->cursor < p->top)
            p->top = p->cursor;
        if (p->cursor >= p->top + h)
            p->top = p->cursor - h + 1;
        clamp_top(p);
        return;
    }
    p->top += delta;
    clamp_top(p);
    p->at_end = p->top >= n - h;
}

/* ---- drawing ------------------------------------------------------------------- */

void pane_draw(Tui *t, Pane *p)
{
    if (!p->visible)
        return;
    bool focused = t->focus == p->id;
    SBuf title = SBUF_INIT;
    sbuf_printf(&title, "%s%s", focused ? "* " : " ", p->title);
    tui_draw_text(p->r.y, p->r.x, p->r.w, sbuf_cstr(&title), focused ? TS_TITLE_FOCUS : TS_TITLE);
    sbuf_free(&title);
    int h = pane_height(p);
    attr_t cursor_attr = t->term.color ? A_REVERSE : A_UNDERLINE;
    TRow blank;
    memset(&blank, 0, sizeof blank);
    blank.text = (char *)"";
    for (int i = 0; i < h; i++) {
        int row = p->top + i;
        const TRow *r = row < (int)p->rows.n ? &p->rows.v[row] : &blank;
        /* the cursor on the highlighted current line needs no mark of its own */
        attr_t extra = focused && row == p->cursor && row < (int)p->rows.n &&
                               r->style != TS_CURRENT ? cursor_attr : 0;
        tui_draw_row(p->r.y + 1 + i, p->r.x, p->r.w, r, p->left, extra);
    }
}

void layout_draw_frame(Tui *t)
{
    /* the separator column to the right of every pane that has a neighbour */
    for (int i = 0; i < PANE__COUNT; i++) {
        Pane *p = &t->panes[i];
        if (!p->visible || p->r.x + p->r.w >= t->W)
            continue;
        for (int y = p->r.y + 1; y < p->r.y + p->r.h; y++)
            mvaddch(y, p->r.x + p->r.w, ACS_VLINE);
        /* on the title row the bar continues */
        attr_t a = tui_style_attr(TS_TITLE);
        short pair = tui_style_pair(TS_TITLE);
        attr_set(a, pair, NULL);
        mvaddch(p->r.y, p->r.x + p->r.w, ' ');
        attr_set(A_NORMAL, 0, NULL);
    }
}

static const char *stop_text(Tui *t, char *buf, size_t n)
{
    if (!tui_stop(t)) {
        if (t->exit_note[0])
            return t->exit_note;
        return t->had_stop ? "not running" : "starting";
    }
    switch (t->stop_kind) {
    case DBG_STOP_ENTRY: return "stopped at the first instruction";
    case DBG_STOP_STEP: return "stepped";
    case DBG_STOP_BREAKPOINT: snprintf(buf, n, "breakpoint %d", t->stop_bpnum); return buf;
    case DBG_STOP_WATCH: snprintf(buf, n, "watchpoint %d changed", t->stop_bpnum); return buf;
    case DBG_STOP_WATCH_SCOPE: snprintf(buf, n, "watchpoint %d out of scope", t->stop_bpnum); return buf;
    case DBG_STOP_FINISH: return "returned (finish)";
    case DBG_STOP_INTERRUPT: return "interrupted";
    case DBG_STOP_EXCEPTION: return "uncaught exception (post-mortem)";
    case DBG_STOP_EXITED: return "exited";
    case DBG_STOP_KILLED: return "killed";
    }
    return "";
}

static const char *focus_name(PaneId id)
{
    static const char *const names[] = {"source", "bytecode", "stack", "variables",
                                        "call stack", "output", "console", "command line"};
    return names[id];
}

void layout_draw_status(Tui *t)
{
    int y = t->H - 2;
    SBuf b = SBUF_INIT;
    if (t->confirm) {
        sbuf_printf(&b, " %s", t->confirm);
    } else {
        char buf[64];
        const char *base = strrchr(t->cfg.path, '/');
        base = base ? base + 1 : t->cfg.path;
        sbuf_printf(&b, " pydbg | Python %d.%d | %s | ", PYV_MAJOR(t->pf->ver), PYV_MINOR(t->pf->ver),
                    base);
        if (t->input_mode)
            sbuf_puts(&b, "the program is reading input (Ctrl-D: end of file)");
        else if (t->status_note)
            sbuf_puts(&b, t->status_note);
        else
            sbuf_puts(&b, stop_text(t, buf, sizeof buf));
        char right[64];
        snprintf(right, sizeof right, "focus: %s | ? help ", focus_name(t->focus));
        int used = tui_text_width(b.data, b.len), rw = (int)strlen(right);
        if (used + rw + 1 <= t->W) {
            sbuf_pad(&b, ' ', (size_t)(t->W - used - rw));
            sbuf_puts(&b, right);
        }
    }
    tui_draw_text(y, 0, t->W, sbuf_cstr(&b), TS_STATUS);
    sbuf_free(&b);
}

void layout_draw_too_small(Tui *t)
{
    erase();
    char msg[160];
    snprintf(msg, sizeof msg, "The terminal is %dx%d; pydbg's TUI needs at least %dx%d.", t->W, t->H,
             MIN_W, MIN_H);
    const char *msg2 = "Enlarge the window, or press q to quit.";
    int y = t->H / 2 - 1;
    if (y < 0)
        y = 0;
    int w = (int)strlen(msg);
    int x = w < t->W ? (t->W - w) / 2 : 0;
    tui_draw_text(y, x, t->W - x, msg, TS_ERROR);
    if (y + 1 < t->H) {
        int w2 = (int)strlen(msg2);
        int x2 = w2 < t->W ? (t->W - w2) / 2 : 0;
        tui_draw_text(y + 1, x2, t->W - x2, msg2, TS_NORMAL);
    }
}

static const char *const help_lines[] = {
    "pydbg TUI keys",
    "",
    "F5  or c    continue               F10 or n    next (over calls)",
    "F11 or s    step (into calls)      S-F11 or f  finish (return)",
    "i           stepi (one instruction)",
    "u / d       up / down the call stack",
    "F9  or b    breakpoint on/off at the cursor (source or bytecode)",
    "Tab, S-Tab  focus the next / previous pane or the command line",
    "arrows, PgUp, PgDn, Home, End    move the cursor, scroll",
    "Enter       variables: show a value in full / call stack: select",
    "g           variables: show or hide the globals",
    ":           type a command (every debugger command works)",
    "Esc         from the command line back to the panes",
    "Ctrl-L      redraw                  q   quit (asks first)",
    "",
    "One-key commands work while a pane has the focus and the command",
    "line is empty; Up/Down in the command line recall earlier commands.",
    "Commands of the TUI: layout src|asm|split, tui disable, tui enable",
    "",
    "Press any key to close this help.",
};

void layout_draw_help(Tui *t)
{
    int n = (int)(sizeof help_lines / sizeof help_lines[0]);
    int w = 0;
    for (int i = 0; i < n; i++) {
        int l = tui_text_width(help_lines[i], strlen(help_lines[i]));
        if (l > w)
            w = l;
    }
    w += 4;
    int h = n + 2;
    if (w > t->W)
        w = t->W;
    if (h > t->H)
        h = t->H;
    int y0 = (t->H - h) / 2, x0 = (t->W - w) / 2;
    for (int i = 0; i < h; i++) {
        const char *s = i >= 1 && i - 1 < n ? help_lines[i - 1] : "";
        SBuf b = SBUF_INIT;
        sbuf_printf(&b, "  %s", s);
        tui_draw_text(y0 + i, x0, w, sbuf_cstr(&b), TS_HELP);
        sbuf_free(&b);
    }
}

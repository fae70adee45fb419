/* output.c — text logs: the program's output pane and the debugger's console.
 *
 * A TextLog keeps whole lines plus the unfinished last one (a prompt
 * printed by input() stays visible before its newline arrives).  What a
 * terminal would interpret is interpreted just enough to show readable
 * text: "\r\n" is a line end, a lone "\r" starts the line over (progress
 * counters), "\b" erases, tabs expand when the row is built, and escape
 * sequences (colours, cursor movement) are dropped — the pane is not a
 * terminal emulator, and a program's escape codes must not reach the real
 * terminal under curses.  The log is bounded: the oldest lines go first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/tui/tuiint.h"

#define LOG_MAX_LINES 5000
#define LOG_MAX_LINE 8192        /* longer lines are cut (the rest is dropped) */

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_OSC, ESC_OSC_END };

static void finish_line(TextLog *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n].text = l->cur.data ? l->cur.data : xstrdup("");
    l->v[l->n].style = l->cur_style;
    l->n++;
    l->cur.data = NULL;
    l->cur.len = l->cur.cap = 0;
    if (l->n > LOG_MAX_LINES) {
        size_t drop = l->n - LOG_MAX_LINES + LOG_MAX_LINES / 10;
        for (size_t i = 0; i < drop; i++)
            free(l->v[i].text);
        memmove(l->v, l->v + drop, (l->n - drop) * sizeof *l->v);
        l->n -= drop;
    }
}

static void erase_last_char(SBuf *b)
{
    while (b->len > 0) {
        unsigned char c = (unsigned char)b->data[--b->len];
        if ((c & 0xc0) != 0x80)
            break;
    }
    if (b->data)
        b->data[b->len] = 0;
}

void textlog_append(TextLog *l, const char *p, size_t n, int style)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (l->esc) {
        case ESC_START:
            l->esc = c == '[' ? ESC_CSI : c == ']' ? ESC_OSC : ESC_NONE;
            continue;
        case ESC_CSI:
            if (c >= 0x40 && c <= 0x7e)
                l->esc = ESC_NONE;
            continue;
        case ESC_OSC:
            if (c == 7)
                l->esc = ESC_NONE;
            else if (c == 0x1b)
                l->esc = ESC_OSC_END;
            continue;
        case ESC_OSC_END:
            l->esc = ESC_NONE;
            continue;
        default:
            break;
        }
        if (l->cr) {
            l->cr = false;
            if (c != '\n')
                sbuf_reset(&l->cur);   /* a lone CR: the line starts over */
        }
        if (l->cur.len == 0)
            l->cur_style = (uint8_t)style;
        if (c == '\n') {
            finish_line(l);
        } else if (c == '\r') {
            l->cr = true;
        } else if (c == '\b') {
            erase_last_char(&l->cur);
        } else if (c == 0x1b) {
            l->esc = ESC_START;
        } else if (c == '\t' || c >= 0x20) {
            if (l->cur.len < LOG_MAX_LINE)
                sbuf_putc(&l->cur, (char)c);
        }
        /* other control characters are dropped */
    }
    l->version++;
}

void textlog_free(TextLog *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    free(l->v);
    sbuf_free(&l->cur);
    memset(l, 0, sizeof *l);
}

size_t textlog_nlines(const TextLog *l)
{
    return l->n + (l->cur.len > 0 ? 1 : 0);
}

const char *textlog_line(const TextLog *l, size_t i, int *style)
{
    if (i < l->n) {
        *style = l->v[i].style;
        return l->v[i].text;
    }
    *style = l->cur_style;
    return sbuf_cstr(&l->cur);
}

/* Rows of a log pane.  Only the lines that can be seen are built: logs are
 * long and the pane is redrawn at every key. */
void output_build(Tui *t, Pane *p, TextLog *log)
{
    (void)t;
    trows_clear(&p->rows);
    size_t n = textlog_nlines(log);
    int h = pane_height(p);
    if (p->at_end)
        p->top = n > (size_t)h ? (int)(n - (size_t)h) : 0;
    if (p->top > (int)n - 1)
        p->top = n ? (int)n - 1 : 0;
    if (p->top < 0)
        p->top = 0;
    /* rows before top are placeholders so row indexes stay line numbers */
    for (size_t i = 0; i < n; i++) {
        if ((int)i < p->top || (int)i >= p->top + h) {
            trows_add(&p->rows, "", 0, TS_NORMAL, (int32_t)i);
            continue;
        }
        int style;
        const char *s = textlog_line(log, i, &style);
        trows_add(&p->rows, s, strlen(s), style, (int32_t)i);
    }
}

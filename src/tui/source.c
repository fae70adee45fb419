/* source.c — the source pane: the selected frame's file around its line.
 *
 * Each row is `M=> NNN  text`: M a breakpoint mark (B enabled, b disabled),
 * `=>` on the current line (highlighted as a whole), the line number.  On
 * 3.11+ the columns of the current instruction's expression (the location
 * table's col..end_col, UTF-8 byte offsets as CPython stores them, over as
 * many lines as the position spans) are underlined: the student sees which
 * part of `a, b = b, a + b` runs now.
 *
 * Files are read once and kept; a file that cannot be found (the .pyc
 * travelled without its .py) shows one explaining row.  Tabs are expanded
 * here rather than by trows_add because the column offsets must follow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "src/cli/inspect.h"
#include "src/tui/tuiint.h"

const char *tui_str(Obj *o)
{
    if (!o || !STR_CHECK(o))
        return "";
    Ssize n;
    const char *s = str_utf8_lossy(o, &n);
    return s ? s : "";
}

static SrcFile *source_get(Tui *t, const char *co_filename)
{
    for (size_t i = 0; i < t->nsrcs; i++)
        if (strcmp(t->srcs[i].co_filename, co_filename) == 0)
            return &t->srcs[i];
    t->srcs = xrealloc(t->srcs, (t->nsrcs + 1) * sizeof *t->srcs);
    SrcFile *f = &t->srcs[t->nsrcs++];
    memset(f, 0, sizeof *f);
    f->co_filename = xstrdup(co_filename);
    char *path = insp_find_source(co_filename, t->pyc_dir);
    if (path) {
        Diag d;
        diag_clear(&d);
        size_t len = 0;
        unsigned char *data = file_read_all(path, &len, &d);
        free(path);
        if (data) {
            f->data = (char *)data;
            f->len = len;
            size_t cap = 64;
            f->line_start = xmalloc(cap * sizeof *f->line_start);
            f->line_start[0] = 0;
            int n = 0;
            for (size_t i = 0; i < len; i++) {
                if (data[i] == '\n') {
                    if ((size_t)n + 2 >= cap) {
                        cap *= 2;
                        f->line_start = xrealloc(f->line_start, cap * sizeof *f->line_start);
                    }
                    f->line_start[++n] = i + 1;
                }
            }
            if (len && data[len - 1] != '\n')
                f->line_start[++n] = len + 1;   /* a last line without its newline */
            f->nlines = n;
        }
    }
    return f;
}

void source_free(Tui *t)
{
    for (size_t i = 0; i < t->nsrcs; i++) {
        free(t->srcs[i].co_filename);
        free(t->srcs[i].data);
        free(t->srcs[i].line_start);
    }
    free(t->srcs);
    t->srcs = NULL;
    t->nsrcs = 0;
}

int tui_bp_mark(Tui *t, const CodeObj *co, const char *filename, int line, long offset)
{
    size_t n = 0;
    DbgBp **bps = dbg_bp_list(session_dbg(t->s), &n);
    int mark = 0;
    const char *qual = co && co->qualname ? pyc_text(co->qualname, NULL) : NULL;
    for (size_t i = 0; i < n; i++) {
        DbgBp *bp = bps[i];
        if (bp->type != DBG_BP_BREAK || !bp->file || strcmp(bp->file, filename) != 0)
            continue;
        bool hit;
        if (offset >= 0)
            hit = bp->offset == offset && (!bp->func || !qual || strcmp(bp->func, qual) == 0);
        else
            hit = bp->offset < 0 && bp->line == line;
        if (!hit)
            continue;
        if (bp->enabled)
            return 1;
        mark = 2;
    }
    return mark;
}

/* The line as the row shows it: tabs expanded, a trailing '\r' dropped;
 * map[i] is where byte i of the original landed (len+1 entries). */
static char *expand_line(const char *s, size_t len, size_t *map, size_t *outlen)
{
    if (len && s[len - 1] == '\r')
        len--;
    SBuf b = SBUF_INIT;
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        map[i] = b.len;
        unsigned char c = (unsigned char)s[i];
        if (c == '\t') {
            size_t k = 8 - col % 8;
            sbuf_pad(&b, ' ', k);
            col += k;
        } else {
            sbuf_putc(&b, (char)c);
            if ((c & 0xc0) != 0x80)
                col++;
        }
    }
    map[len] = b.len;
    *outlen = b.len;
    return b.data ? b.data : xstrdup("");
}

void source_build(Tui *t, Pane *p)
{
    trows_clear(&p->rows);
    Frame *f = tui_code_frame(t);
    const CodeObj *co = f ? f->code->src : t->pf->code;
    int cur = -1;
    SrcPos pos = {-1, -1, -1, -1};
    if (f) {
        cur = frame_lineno(f);
        if (f->code->ver >= PYV(3, 11) && f->lasti >= 0 && (uint32_t)f->lasti < f->code->insns.n)
            pos = linetable_pos_at(&f->code->lines, f->code->insns.v[f->lasti].offset);
        if (pos.line != cur)
            pos.line = -1;   /* only the columns of the line shown as current */
    }
    const char *filename = co && co->filename ? pyc_text(co->filename, NULL) : "";
    SrcFile *sf = source_get(t, filename);
    const char *base = strrchr(filename, '/');
    base = base ? base + 1 : filename;
    if (cur > 0)
        snprintf(p->title, sizeof p->title, "Source  %s:%d", base, cur);
    else
        snprintf(p->title, sizeof p->title, "Source  %s", base);
    if (!sf->data) {
        trows_addf(&p->rows, TS_DIM, -1, "The source file %s was not found", filename);
        trows_addf(&p->rows, TS_DIM, -1, "(looked for it as named in the code and beside the .pyc).");
        trows_addf(&p->rows, TS_DIM, -1, "The bytecode pane (layout asm) still shows where it is.");
        p->cursor = -1;
        return;
    }
    int nw = 1;
    for (int k = sf->nlines; k >= 10; k /= 10)
        nw++;
    size_t *map = NULL, mapcap = 0;
    for (int ln = 1; ln <= sf->nlines; ln++) {
        const char *s = sf->data + sf->line_start[ln - 1];
        size_t len = sf->line_start[ln] - sf->line_start[ln - 1] - 1;
        if (len + 1 > mapcap) {
            mapcap = len + 64;
            map = xrealloc(map, mapcap * sizeof *map);
        }
        size_t elen;
        char *text = expand_line(s, len, map, &elen);
        int mark = tui_bp_mark(t, NULL, filename, ln, -1);
        bool is_cur = ln == cur;
        SBuf b = SBUF_INIT;
        sbuf_printf(&b, "%c%s%*d  ", mark == 1 ? 'B' : mark == 2 ? 'b' : ' ', is_cur ? "=>" : "  ", nw,
                    ln);
        size_t gut = b.len;
        sbuf_put(&b, text, elen);
        TRow *row = trows_add(&p->rows, sbuf_cstr(&b), b.len, is_cur ? TS_CURRENT : TS_NORMAL, ln);
        if (mark)
            trow_span(row, 0, 1, mark == 1 ? TS_BREAK : TS_BREAK_OFF);
        if (is_cur)
            trow_span(row, 1, 3, TS_MARK);
        else
            trow_span(row, 3, gut, TS_DIM);
        if (pos.line > 0 && pos.col >= 0 && ln >= pos.line && ln <= pos.end_line) {
            size_t c0 = ln == pos.line ? (size_t)pos.col : 0;
            size_t c1 = ln == pos.end_line && pos.end_col >= 0 ? (size_t)pos.end_col : len;
            if (ln != pos.line)   /* continuation lines: from their first non-blank */
                while (c0 < len && (s[c0] == ' ' || s[c0] == '\t'))
                    c0++;
            if (c0 > len)
                c0 = len;
            if (c1 > len)
                c1 = len;
            if (c0 < c1)
                trow_span(row, gut + map[c0], gut + map[c1], TS_COLUMNS);
        }
        sbuf_free(&b);
        free(text);
    }
    free(map);
    /* After a stop (or when another frame is selected) the cursor goes to
     * the current line; otherwise it stays where the user moved it. */
    const void *what = f ? (const void *)f : (const void *)co;
    if (p->follow_stop != t->stopno || p->follow_what != what || p->cursor < 0) {
        p->follow_stop = t->stopno;
        p->follow_what = what;
        p->cursor = cur > 0 && cur <= sf->nlines ? cur - 1 : 0;
        pane_scroll_to(p, p->cursor);
    }
    if (p->cursor >= (int)p->rows.n)
        p->cursor = (int)p->rows.n - 1;
}

int source_cursor_line(Tui *t, const char **file)
{
    Pane *p = &t->panes[PANE_SOURCE];
    Frame *f = tui_code_frame(t);
    const CodeObj *co = f ? f->code->src : t->pf->code;
    *file = co && co->filename ? pyc_text(co->filename, NULL) : "";
    if (p->cursor < 0 || p->cursor >= (int)p->rows.n)
        return -1;
    return p->rows.v[p->cursor].key;
}

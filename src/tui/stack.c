/* stack.c — the value-stack pane and the call-stack pane.
 *
 * Value stack: the selected frame's stack exactly as the VM holds it
 * (CPython's layout: NULL slots, self slots, exception entries), top first,
 * each entry `[i] REPR  TYPE` with i counted from the bottom as `info
 * stack` numbers them, and the depth against co_stacksize in the title.
 * The entries pushed since the previous stop are highlighted: at every stop
 * the innermost frame's stack is compared with what it held the last time
 * that frame was stopped in; entries above the longest common prefix (same
 * objects in the same slots) are new.  After `stepi` that is exactly what
 * the instruction pushed — `LOAD_CONST 1` shows a highlighted `1`.
 *
 * Call stack: one `#N  fib (n=3) at fib.py:12` line per frame (the REPL's
 * backtrace lines), the selected frame marked; Enter selects the frame
 * under the cursor (the TUI sends `frame N`, so the session agrees).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "src/cli/inspect.h"
#include "src/tui/tuiint.h"

#define STACK_REPR_MAX 400

static long live_depth(const Frame *f)
{
    if (f->state == FRAME_COMPLETED)
        return 0;
    long d = (long)frame_stack_depth(f);
    return d < 0 ? 0 : d > f->code->stacksize ? f->code->stacksize : d;
}

void stack_note_stop(Tui *t, Frame *f)
{
    FrameSeen *fs = tui_seen(t, f, true);
    long depth = live_depth(f);
    Obj **base = FRAME_STACK_BASE(f);
    fs->pushed_from = -1;
    if (fs->stack) {
        long k = 0;
        while (k < depth && k < fs->depth && fs->stack[k] == (void *)base[k])
            k++;
        if (k < depth)
            fs->pushed_from = k;
    }
    fs->stack_stop = t->stopno;
    free(fs->stack);
    fs->stack = xmalloc(((size_t)depth + 1) * sizeof *fs->stack);
    for (long i = 0; i < depth; i++)
        fs->stack[i] = base[i];
    fs->depth = depth;
}

void stack_build(Tui *t, Pane *p)
{
    trows_clear(&p->rows);
    p->cursor = -1;
    Frame *f = tui_frame(t);
    if (!f) {
        snprintf(p->title, sizeof p->title, "Value stack");
        trows_addf(&p->rows, TS_DIM, -1, "(the program is not running)");
        return;
    }
    long depth = live_depth(f);
    snprintf(p->title, sizeof p->title, "Value stack  depth %ld/%d", depth, f->code->stacksize);
    if (depth == 0) {
        trows_addf(&p->rows, TS_DIM, -1, "(empty)");
        return;
    }
    FrameSeen *fs = tui_seen(t, f, false);
    long pushed = fs && fs->stack_stop == t->stopno ? fs->pushed_from : -1;
    Obj **base = FRAME_STACK_BASE(f);
    SBuf b = SBUF_INIT;
    for (long i = depth - 1; i >= 0; i--) {
        Obj *v = base[i];
        sbuf_reset(&b);
        sbuf_printf(&b, "[%ld] ", i);
        size_t vstart = b.len;
        insp_repr(&b, v, STACK_REPR_MAX);
        size_t vend = b.len;
        if (v)
            sbuf_printf(&b, "  %s", insp_type_name(v));
        TRow *row = trows_add(&p->rows, sbuf_cstr(&b), b.len, TS_NORMAL, (int32_t)i);
        if (pushed >= 0 && i >= pushed)
            trow_span(row, 0, b.len, TS_PUSHED);
        if (!v)
            trow_span(row, vstart, vend, TS_DIM);
        else
            trow_span(row, vend, b.len, TS_DIM);
    }
    sbuf_free(&b);
    if (p->top >= (int)p->rows.n)
        p->top = 0;
}

/* ---- call stack ----------------------------------------------------------------- */

void frames_build(Tui *t, Pane *p)
{
    trows_clear(&p->rows);
    const DbgStop *st = tui_stop(t);
    Frame *sel = tui_frame(t);
    if (!st || !st->frame) {
        snprintf(p->title, sizeof p->title, "Call stack");
        trows_addf(&p->rows, TS_DIM, -1, "(no frames: the program is not running)");
        p->cursor = -1;
        return;
    }
    int depth = dbg_frame_depth(st->frame);
    snprintf(p->title, sizeof p->title, "Call stack  %d frame%s", depth, depth == 1 ? "" : "s");
    int sel_row = 0;
    for (int level = 0;; level++) {
        Frame *f = dbg_frame_up(st->frame, level);
        if (!f)
            break;
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (!m)
            break;
        insp_frame_line(m, f, level);
        fclose(m);
        while (len && text[len - 1] == '\n')
            text[--len] = 0;
        bool is_sel = f == sel;
        SBuf b = SBUF_INIT;
        sbuf_printf(&b, "%s%s", is_sel ? "> " : "  ", text);
        TRow *row = trows_add(&p->rows, sbuf_cstr(&b), b.len, is_sel ? TS_CURRENT : TS_NORMAL, level);
        if (is_sel) {
            trow_span(row, 0, 1, TS_MARK);
            sel_row = level;
        }
        sbuf_free(&b);
        free(text);
    }
    if (p->follow_stop != t->stopno || p->follow_what != sel || p->cursor < 0) {
        p->follow_stop = t->stopno;
        p->follow_what = sel;
        p->cursor = sel_row;
        pane_scroll_to(p, p->cursor);
    }
    if (p->cursor >= (int)p->rows.n)
        p->cursor = (int)p->rows.n - 1;
}

/* asm.c — the bytecode pane: the selected frame's code object as `dis`
 * prints it for that version, with a gutter.
 *
 * The text is dis_code's own (non-recursive, no `-->`: the gutter marks the
 * current instruction instead), so offsets, line numbers, resolved
 * arguments and jump targets read exactly as `python -m dis` shows them.
 * Rows are matched to decoded instructions in order (one dis row per Insn,
 * EXTENDED_ARG included, caches hidden — the decoder's own rule), which
 * gives each row its offset for the cursor, breakpoints and shading.
 *
 * Gutter: B/b a breakpoint on this instruction (an instruction breakpoint,
 * or the first instruction of a line with a line breakpoint), `=>` the
 * current instruction; the other instructions of the current line are
 * shaded.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/decode.h"
#include "pydbg/dis.h"
#include "pydbg/vm.h"
#include "src/tui/tuiint.h"

/* Does line contain name as a whole word (an opname column)? */
static bool has_word(const char *line, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(line, name); p; p = strstr(p + 1, name)) {
        bool before = p == line || p[-1] == ' ';
        char c = p[n];
        bool after = c == 0 || c == ' ' || c == '\n';
        if (before && after)
            return true;
    }
    return false;
}

static AsmCache *asm_get(Tui *t, const CodeObj *co)
{
    for (AsmCache *c = t->asms; c; c = c->next)
        if (c->co == co && c->nbytes == co->codelen && memcmp(c->bytes, co->code, co->codelen) == 0)
            return c;
    AsmCache *c = xcalloc(1, sizeof *c);
    c->co = co;
    c->bytes = xmalloc(co->codelen + 1);
    memcpy(c->bytes, co->code, co->codelen);
    c->nbytes = co->codelen;
    c->next = t->asms;
    t->asms = c;
    arena_init(&c->arena);

    SBuf out = SBUF_INIT;
    Diag d;
    diag_clear(&d);
    DisOptions o = DIS_OPTIONS_DEFAULT;
    o.recursive = 0;
    o.show_offsets = co->ver >= PYV(3, 13);
    dis_code(&out, co, &o, &d);
    /* split into lines */
    size_t cap = 64;
    c->lines = xmalloc(cap * sizeof *c->lines);
    const char *s = sbuf_cstr(&out);
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (c->nlines == cap) {
            cap *= 2;
            c->lines = xrealloc(c->lines, cap * sizeof *c->lines);
        }
        char *line = xmalloc(l + 1);
        memcpy(line, s, l);
        line[l] = 0;
        c->lines[c->nlines++] = line;
        s += l + (e ? 1 : 0);
    }
    if (d.set) {
        if (c->nlines == cap)
            c->lines = xrealloc(c->lines, (cap + 1) * sizeof *c->lines);
        SBuf m = SBUF_INIT;
        sbuf_printf(&m, "(cannot disassemble further: %s)", d.msg);
        c->lines[c->nlines++] = m.data;
    }
    sbuf_free(&out);

    InsnArray ia = {NULL, 0};
    const OpTable *tab = opcode_table(co->ver);
    diag_clear(&d);
    if (tab && decode_code(co, tab, &c->arena, &ia, &d) == 0) {
        c->ninsns = ia.n;
        c->offsets = xmalloc((ia.n + 1) * sizeof *c->offsets);
        c->line_of = xmalloc((ia.n + 1) * sizeof *c->line_of);
        diag_clear(&d);
        c->have_lt = linetable_decode(co, &c->arena, &c->lt, &d) == 0;
        for (uint32_t i = 0; i < ia.n; i++) {
            c->offsets[i] = ia.v[i].offset;
            c->line_of[i] = c->have_lt ? linetable_line_at(&c->lt, ia.v[i].offset) : -1;
        }
    }
    c->insn = xmalloc((c->nlines + 1) * sizeof *c->insn);
    uint32_t k = 0;
    bool in_table = false;
    for (size_t r = 0; r < c->nlines; r++) {
        c->insn[r] = -1;
        if (strncmp(c->lines[r], "ExceptionTable:", 15) == 0)
            in_table = true;
        if (in_table || k >= ia.n)
            continue;
        if (has_word(c->lines[r], ia.v[k].info ? ia.v[k].info->name : "?"))
            c->insn[r] = (int32_t)k++;
    }
    return c;
}

void asm_free(Tui *t)
{
    AsmCache *c = t->asms;
    while (c) {
        AsmCache *next = c->next;
        for (size_t i = 0; i < c->nlines; i++)
            free(c->lines[i]);
        free(c->lines);
        free(c->insn);
        free(c->offsets);
        free(c->line_of);
        arena_free(&c->arena);
        free(c->bytes);
        free(c);
        c = next;
    }
    t->asms = NULL;
}

/* Breakpoint mark of instruction k: its own, or its line's when it is
 * where a line breakpoint stops. */
static int insn_mark(Tui *t, const CodeObj *co, const char *filename, AsmCache *c, uint32_t k)
{
    int m = tui_bp_mark(t, co, filename, -1, (long)c->offsets[k]);
    if (m == 1)
        return 1;
    int32_t line = c->line_of[k];
    if (line > 0 && c->have_lt) {
        int lm = tui_bp_mark(t, co, filename, line, -1);
        if (lm) {
            uint32_t offs[64];
            uint32_t n = linetable_offsets_for_line(&c->lt, line, offs, 64);
            for (uint32_t i = 0; i < n && i < 64; i++)
                if (offs[i] == c->offsets[k])
                    return lm == 1 ? 1 : (m ? m : 2);
        }
    }
    return m;
}

void asm_build(Tui *t, Pane *p)
{
    trows_clear(&p->rows);
    Frame *f = tui_code_frame(t);
    const CodeObj *co = f ? f->code->src : t->pf->code;
    if (!co) {
        snprintf(p->title, sizeof p->title, "Bytecode");
        return;
    }
    AsmCache *c = asm_get(t, co);
    int32_t cur = f ? f->lasti : -1;
    int cur_line = f ? frame_lineno(f) : -1;
    const char *filename = co->filename ? pyc_text(co->filename, NULL) : "";
    const char *qual = co->qualname ? pyc_text(co->qualname, NULL) : pyc_text(co->name, NULL);
    if (f && cur >= 0 && (uint32_t)cur < c->ninsns)
        snprintf(p->title, sizeof p->title, "Bytecode  %s  offset %u", qual ? qual : "?",
                 c->offsets[cur]);
    else
        snprintf(p->title, sizeof p->title, "Bytecode  %s", qual ? qual : "?");
    int cur_row = -1;
    for (size_t r = 0; r < c->nlines; r++) {
        int32_t k = c->insn[r];
        int mark = k >= 0 ? insn_mark(t, co, filename, c, (uint32_t)k) : 0;
        bool is_cur = k >= 0 && k == cur;
        bool shaded = !is_cur && k >= 0 && cur_line > 0 && c->line_of[k] == cur_line;
        SBuf b = SBUF_INIT;
        sbuf_printf(&b, "%c%s ", mark == 1 ? 'B' : mark == 2 ? 'b' : ' ', is_cur ? "=>" : "  ");
        sbuf_puts(&b, c->lines[r]);
        TRow *row = trows_add(&p->rows, sbuf_cstr(&b), b.len,
                              is_cur ? TS_CURRENT : shaded ? TS_SHADE : TS_NORMAL, k);
        if (mark)
            trow_span(row, 0, 1, mark == 1 ? TS_BREAK : TS_BREAK_OFF);
        if (is_cur) {
            trow_span(row, 1, 3, TS_MARK);
            cur_row = (int)r;
        }
        sbuf_free(&b);
    }
    const void *what = f ? (const void *)f : (const void *)co;
    if (p->follow_stop != t->stopno || p->follow_what != what || p->cursor < 0) {
        p->follow_stop = t->stopno;
        p->follow_what = what;
        p->cursor = cur_row >= 0 ? cur_row : 0;
        pane_scroll_to(p, p->cursor);
    }
    if (p->cursor >= (int)p->rows.n)
        p->cursor = (int)p->rows.n - 1;
}

int asm_cursor_offset(Tui *t)
{
    Pane *p = &t->panes[PANE_ASM];
    Frame *f = tui_code_frame(t);
    const CodeObj *co = f ? f->code->src : t->pf->code;
    if (!co || p->cursor < 0 || p->cursor >= (int)p->rows.n)
        return -1;
    int32_t k = p->rows.v[p->cursor].key;
    AsmCache *c = asm_get(t, co);
    if (k < 0 || (uint32_t)k >= c->ninsns)
        return -1;
    return (int)c->offsets[k];
}

/* vars.c — the variables pane: the selected frame's names and values.
 *
 * Groups, each under its heading: `locals` (arguments first, in
 * co_localsplusnames order), `cells` (variables of this frame that inner
 * functions capture), `free` (captured from an enclosing function) — a
 * cell or free variable also says which other functions share the cell,
 * as `info cells` does — and, on demand (g), `globals`.  A module or class
 * body shows its namespace instead (dunder names left out).
 *
 * "Changed" highlighting compares reprs, not object identity, so a list
 * that was appended to counts as changed: each frame keeps the reprs of its
 * previous look (FrameSeen.before) and of this one (now).  Reprs are taken
 * once per command epoch, not at every key press — a __repr__ may run
 * Python code.
 *
 * Long values are cut at the pane's edge (the row ends in a mark); Enter
 * on a variable shows its whole value wrapped over as many rows as it
 * needs, Enter again folds it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "src/cli/inspect.h"
#include "src/tui/tuiint.h"

#define VAR_REPR_MAX 20000
#define SHARED_PREFIX "  (cell shared with: "

static void seen_free_list(VarSeen *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].repr);
        free(v[i].note);
    }
    free(v);
}

typedef struct VarList { VarSeen *v; size_t n, cap; } VarList;

static void vl_add(VarList *l, char group, const char *name, const char *repr, const char *note)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "%c:%s", group, name);
    l->v[l->n].name = b.data;
    l->v[l->n].repr = xstrdup(repr);
    l->v[l->n].note = note ? xstrdup(note) : NULL;
    l->n++;
}

static void add_value(VarList *l, char group, const char *name, Obj *v, const char *none,
                      const char *note)
{
    if (!v) {
        vl_add(l, group, name, none, note);
        return;
    }
    SBuf r = SBUF_INIT;
    insp_repr(&r, v, VAR_REPR_MAX);
    vl_add(l, group, name, sbuf_cstr(&r), note);
    sbuf_free(&r);
}

static bool is_dunder(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
}

static void add_mapping(VarList *l, char group, Obj *d)
{
    if (!d || !DICT_CHECK(d))
        return;
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(d, &pos, &k, &v)) {
        if (!STR_CHECK(k))
            continue;
        const char *name = tui_str(k);
        if (is_dunder(name))
            continue;
        add_value(l, group, name, v, "<unbound>", NULL);
    }
}

/* Notes of `info cells` / `info freevars`: NAME → "(cell shared with: …)". */
static char *find_note(const char *text, const char *name)
{
    size_t nl = strlen(name);
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > nl + 3 && memcmp(line, name, nl) == 0 && memcmp(line + nl, " = ", 3) == 0) {
            /* the last occurrence: a value's repr could contain the words */
            const char *found = NULL;
            for (const char *p = strstr(line, SHARED_PREFIX); p && p < line + len;
                 p = strstr(p + 1, SHARED_PREFIX))
                found = p;
            if (found && line[len - 1] == ')') {
                const char *s = found + 2;
                char *note = xmalloc((size_t)(line + len - s) + 1);
                memcpy(note, s, (size_t)(line + len - s));
                note[line + len - s] = 0;
                return note;
            }
            return NULL;
        }
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

static char *capture(void (*fn)(FILE *, Frame *), Frame *f)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return NULL;
    fn(m, f);
    fclose(m);
    return text;
}

static void compute(Tui *t, Frame *f, VarList *l)
{
    CodeRtObj *co = f->code;
    if (co->flags & CO_OPTIMIZED) {
        char *cells = co->ncells ? capture(insp_cells, f) : NULL;
        char *frees = co->nfrees ? capture(insp_freevars, f) : NULL;
        /* arguments, then the other plain locals, then cells, then free */
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < co->nlocalsplus; i++) {
                uint8_t k = co->localspluskinds ? co->localspluskinds[i] : CO_FAST_LOCAL;
                if (k & CO_FAST_HIDDEN)
                    continue;
                int want = (k & CO_FAST_FREE) ? 2 : (k & CO_FAST_CELL) ? 1 : 0;
                if (want != pass)
                    continue;
                const char *name = tui_str(TUPLE_ITEMS(co->localsplusnames)[i]);
                Obj *v = f->localsplus[i];
                bool is_cell = (k & (CO_FAST_CELL | CO_FAST_FREE)) && v && IS_TYPE(v, cell_type) &&
                               ((k & CO_FAST_FREE) || !(k & CO_FAST_LOCAL) ||
                                f->lasti >= co->first_traceable);
                if (is_cell) {
                    char *note = find_note(pass == 1 ? cells : frees, name);
                    add_value(l, pass == 1 ? 'c' : 'f', name, ((CellObj *)v)->ref, "<empty cell>",
                              note);
                    free(note);
                } else {
                    add_value(l, "lcf"[pass], name, v, "<unbound>", NULL);
                }
            }
        }
        free(cells);
        free(frees);
        if (t->show_globals)
            add_mapping(l, 'g', f->globals);
    } else {
        bool module = f->locals == f->globals;
        add_mapping(l, module ? 'g' : 'l', f->locals);
        if (!module && t->show_globals)
            add_mapping(l, 'g', f->globals);
    }
}

static const VarSeen *find(const VarSeen *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

static bool is_expanded(Tui *t, const char *name)
{
    for (size_t i = 0; i < t->nexpanded; i++)
        if (strcmp(t->expanded[i], name) == 0)
            return true;
    return false;
}

void vars_build(Tui *t, Pane *p)
{
    trows_clear(&p->rows);
    Frame *f = tui_frame(t);
    if (!f) {
        snprintf(p->title, sizeof p->title, "Variables");
        trows_addf(&p->rows, TS_DIM, -1, "(the program is not running)");
        p->cursor = -1;
        return;
    }
    FrameSeen *fs = tui_seen(t, f, true);
    if (fs->stop != t->stopno) {
        /* first look at this stop: what we saw last time is the baseline */
        seen_free_list(fs->before, fs->nbefore);
        fs->before = fs->now;
        fs->nbefore = fs->nnow;
        fs->have_before = fs->epoch != 0;
        fs->now = NULL;
        fs->nnow = 0;
        fs->epoch = 0;
        fs->stop = t->stopno;
    }
    if (fs->epoch != t->epoch) {
        VarList l = {NULL, 0, 0};
        compute(t, f, &l);
        seen_free_list(fs->now, fs->nnow);
        fs->now = l.v;
        fs->nnow = l.n;
        fs->epoch = t->epoch;
    }
    snprintf(p->title, sizeof p->title, "Variables  %s%s", tui_str(f->code->qualname),
             t->show_globals ? "  (+ globals)" : "");
    static const char groups[] = "lcfg";
    static const char *const heads[] = {"locals", "cells", "free variables", "globals"};
    int w = p->r.w > 8 ? p->r.w : 8;
    for (int g = 0; g < 4; g++) {
        bool head = false;
        for (size_t i = 0; i < fs->nnow; i++) {
            const VarSeen *v = &fs->now[i];
            if (v->name[0] != groups[g])
                continue;
            if (!head) {
                trows_addf(&p->rows, TS_GROUP, -1, "%s", heads[g]);
                head = true;
            }
            const VarSeen *old = fs->have_before ? find(fs->before, fs->nbefore, v->name) : NULL;
            bool changed = fs->have_before && (!old || strcmp(old->repr, v->repr) != 0);
            SBuf b = SBUF_INIT;
            sbuf_printf(&b, "  %s = ", v->name + 2);
            size_t vstart = b.len;
            if (!is_expanded(t, v->name)) {
                sbuf_puts(&b, v->repr);
                size_t vend = b.len;
                if (v->note)
                    sbuf_printf(&b, "  %s", v->note);
                TRow *row = trows_add(&p->rows, sbuf_cstr(&b), b.len, TS_NORMAL, (int32_t)i);
                if (changed)
                    trow_span(row, 2, vend, TS_CHANGED);
                if (v->note)
                    trow_span(row, vend, b.len, TS_DIM);
            } else {
                /* the whole value, wrapped */
                const char *s = v->repr;
                size_t len = strlen(s);
                int first_w = w - tui_text_width(b.data, b.len);
                size_t take = tui_text_fit(s, len, first_w > 1 ? first_w : 1);
                if (take == 0 && len)
                    take = 1;
                sbuf_put(&b, s, take);
                TRow *row = trows_add(&p->rows, sbuf_cstr(&b), b.len, TS_NORMAL, (int32_t)i);
                if (changed)
                    trow_span(row, 2, b.len, TS_CHANGED);
                (void)vstart;
                s += take;
                len -= take;
                while (len > 0) {
                    take = tui_text_fit(s, len, w - 4);
                    if (take == 0)
                        take = 1;
                    SBuf c = SBUF_INIT;
                    sbuf_puts(&c, "    ");
                    sbuf_put(&c, s, take);
                    TRow *cr = trows_add(&p->rows, sbuf_cstr(&c), c.len, TS_NORMAL, (int32_t)i);
                    if (changed)
                        trow_span(cr, 4, c.len, TS_CHANGED);
                    sbuf_free(&c);
                    s += take;
                    len -= take;
                }
                if (v->note)
                    trows_addf(&p->rows, TS_DIM, (int32_t)i, "    %s", v->note);
            }
            sbuf_free(&b);
        }
    }
    if (p->rows.n == 0)
        trows_addf(&p->rows, TS_DIM, -1, "(no variables)");
    if (p->follow_what != f) {
        p->follow_what = f;
        p->cursor = 0;
        p->top = 0;
    }
    if (p->cursor < 0)
        p->cursor = 0;
    if (p->cursor >= (int)p->rows.n)
        p->cursor = (int)p->rows.n - 1;
}

void vars_toggle_expand(Tui *t, Pane *p)
{
    Frame *f = tui_frame(t);
    if (!f || p->cursor < 0 || p->cursor >= (int)p->rows.n)
        return;
    int32_t k = p->rows.v[p->cursor].key;
    FrameSeen *fs = tui_seen(t, f, false);
    if (!fs || k < 0 || (size_t)k >= fs->nnow)
        return;
    const char *name = fs->now[k].name;
    for (size_t i = 0; i < t->nexpanded; i++) {
        if (strcmp(t->expanded[i], name) == 0) {
            free(t->expanded[i]);
            t->expanded[i] = t->expanded[--t->nexpanded];
            /* the cursor goes back to the variable's first row */
            while (p->cursor > 0 && p->rows.v[p->cursor - 1].key == k)
                p->cursor--;
            return;
        }
    }
    t->expanded = xrealloc(t->expanded, (t->nexpanded + 1) * sizeof *t->expanded);
    t->expanded[t->nexpanded++] = xstrdup(name);
}

void vars_free(Tui *t)
{
    for (size_t i = 0; i < t->nseen; i++) {
        seen_free_list(t->seen[i].before, t->seen[i].nbefore);
        seen_free_list(t->seen[i].now, t->seen[i].nnow);
        free(t->seen[i].stack);
    }
    free(t->seen);
    t->seen = NULL;
    t->nseen = 0;
    for (size_t i = 0; i < t->nexpanded; i++)
        free(t->expanded[i]);
    free(t->expanded);
    t->expanded = NULL;
    t->nexpanded = 0;
}

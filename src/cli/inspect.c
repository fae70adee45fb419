/* inspect.c — what the debugger shows about a stopped program (inspect.h).
 *
 * Every printer reads the VM's frames as they are (Frame, CodeRtObj with its
 * loaded CodeObj) and writes plain lines; the formats are documented in
 * inspect.h and checked against what CPython 3.12 itself shows at the same
 * stops (tests/unit/test_inspect.c, tools/gen_inspect_fixture.py).
 *
 * Reuse rather than re-implementation: the disassembly is dis.c's (the
 * frame's own code object, `-->` at the current instruction, `B`/`b` marks),
 * `info code` is info.c's attribute listing, the exception-table line is
 * dis's `ExceptionTable:` row.
 *
 * Invariants: nothing printed depends on addresses (reprs lose their
 * ` at 0x…`), on hash seeds or on the order of a C traversal (names are
 * sorted); a repr that raises shows as `<repr failed: TYPE: message>` and no
 * exception is left pending — a pending one (a post-mortem stop) is put back
 * as it was.  Source files are read once and kept in a small cache.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pydbg/dis.h"
#include "pydbg/exctable.h"
#include "pydbg/info.h"
#include "pydbg/linetable.h"
#include "pydbg/types.h"
#include "src/cli/inspect.h"

/* ---- small helpers ---------------------------------------------------------------------- */

/* UTF-8 of a str object ("" when it is not one). */
static const char *cstr(Obj *s)
{
    if (!s || !STR_CHECK(s))
        return "";
    Ssize n;
    const char *c = str_utf8_lossy(s, &n);
    return c ? c : "";
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Append s without the ` at 0xHEX` of default reprs (followed by '>' or ','
 * as in `<function f at 0x…>` and `<code object f at 0x…, file …>`). */
static void put_scrubbed(SBuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (n - i > 6 && memcmp(s + i, " at 0x", 6) == 0) {
            size_t j = i + 6;
            while (j < n && is_hex(s[j]))
                j++;
            if (j > i + 6 && j < n && (s[j] == '>' || s[j] == ',')) {
                i = j;
                continue;
            }
        }
        sbuf_putc(out, s[i++]);
    }
}

/* Keep the first max code points of the text appended since `from`; a
 * longer text keeps max-3 of them and ends in "...". */
static void cut_text(SBuf *out, size_t from, size_t max)
{
    if (!max)
        return;
    size_t chars = 0, keep = out->len;
    for (size_t i = from; i < out->len; i++) {
        if (((unsigned char)out->data[i] & 0xC0) == 0x80)
            continue;
        if (chars == (max > 3 ? max - 3 : 0))
            keep = i;
        chars++;
    }
    if (chars <= max)
        return;
    out->len = keep;
    out->data[keep] = '\0';
    sbuf_puts(out, "...");
}

void insp_repr(SBuf *out, Obj *o, size_t max_chars)
{
    size_t from = out->len;
    if (!o) {
        sbuf_puts(out, "NULL");
        return;
    }
    Obj *pending = vm_err_occurred() ? vm_err_fetch() : NULL;
    Obj *r = obj_repr(o);
    if (r) {
        Ssize n;
        const char *s = str_utf8_lossy(r, &n);
        put_scrubbed(out, s ? s : "", s ? (size_t)n : 0);
        DECREF(r);
    } else {
        Obj *e = vm_err_fetch();
        sbuf_printf(out, "<repr failed: %s", e ? insp_type_name(e) : "?");
        Obj *msg = e ? obj_str(e) : NULL;
        if (msg) {
            Ssize n;
            const char *s = str_utf8_lossy(msg, &n);
            if (n > 0) {
                sbuf_puts(out, ": ");
                put_scrubbed(out, s, (size_t)n);
            }
            DECREF(msg);
        } else {
            vm_err_clear();
        }
        sbuf_putc(out, '>');
        XDECREF(e);
    }
    cut_text(out, from, max_chars);
    if (pending)
        vm_err_restore(pending);
}

const char *insp_type_name(Obj *o)
{
    return o ? type_name(OBJ_TYPE(o)) : "NULL";
}

static void put_value(FILE *out, Obj *o, size_t max)
{
    SBuf b = SBUF_INIT;
    insp_repr(&b, o, max);
    fputs(sbuf_cstr(&b), out);
    sbuf_free(&b);
}

static const char *code_qualname(const CodeRtObj *co)
{
    return cstr(co->qualname);
}

/* Byte offset of the frame's current instruction, -1 before the first. */
static int32_t current_offset(const Frame *f)
{
    if (f->lasti < 0 || (uint32_t)f->lasti >= f->code->insns.n)
        return -1;
    return (int32_t)f->code->code[f->lasti].offset;
}

/* ---- variables: kinds and values ------------------------------------------------------------ */

/* Number of argument slots (positional, keyword-only, *args, **kwargs). */
static int arg_slots(const CodeRtObj *co)
{
    int n = co->argcount + co->kwonlyargcount;
    if (co->flags & CO_VARARGS)
        n++;
    if (co->flags & CO_VARKEYWORDS)
        n++;
    return n < co->nlocalsplus ? n : co->nlocalsplus;
}

static uint8_t slot_kind(const CodeRtObj *co, int i)
{
    return co->localspluskinds ? co->localspluskinds[i] : CO_FAST_LOCAL;
}

static const char *slot_name(const CodeRtObj *co, int i)
{
    return cstr(TUPLE_ITEMS(co->localsplusnames)[i]);
}

/* The cell object in slot i, or NULL when the slot holds a plain value.
 * Before MAKE_CELL has run an argument's slot still holds the argument
 * itself (which could even be a cell object), so for an argument cell the
 * prefix must be past. */
static CellObj *slot_cell(const Frame *f, int i)
{
    uint8_t k = slot_kind(f->code, i);
    Obj *v = f->localsplus[i];
    if (!(k & (CO_FAST_CELL | CO_FAST_FREE)) || !v || !IS_TYPE(v, cell_type))
        return NULL;
    if ((k & CO_FAST_FREE) || !(k & CO_FAST_LOCAL) || f->lasti >= f->code->first_traceable)
        return (CellObj *)v;
    return NULL;
}

/* ---- who shares a cell ------------------------------------------------------------------------
 * The functions whose __closure__ holds a given cell object, among the
 * functions reachable from the frames: each frame's function, the values
 * in its fast locals, cells, value stack, locals mapping and globals, and
 * from those (bounded) the closures' contents, bound methods, containers,
 * class namespaces, instance dicts and suspended generators.  Plus the
 * frames that own the cell as a cell variable. */

typedef struct PtrSet {
    Obj **v;
    size_t cap, len;
} PtrSet;

static size_t ptr_hash(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 7) & (cap - 1);
}

/* true when o was not in the set yet */
static bool pset_add(PtrSet *s, Obj *o)
{
    if (2 * (s->len + 1) > s->cap) {
        size_t ncap = s->cap ? 2 * s->cap : 256;
        Obj **nv = xcalloc(ncap, sizeof *nv);
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i])
                continue;
            size_t h = ptr_hash(s->v[i], ncap);
            while (nv[h])
                h = (h + 1) & (ncap - 1);
            nv[h] = s->v[i];
        }
        free(s->v);
        s->v = nv;
        s->cap = ncap;
    }
    size_t h = ptr_hash(o, s->cap);
    while (s->v[h]) {
        if (s->v[h] == o)
            return false;
        h = (h + 1) & (s->cap - 1);
    }
    s->v[h] = o;
    s->len++;
    return true;
}

#define SHARE_MAX_OBJECTS 20000   /* bounds the walk on big heaps */
#define SHARE_MAX_DEPTH 4         /* container levels below the frames */

typedef struct Walk {
    PtrSet seen;
    Obj **funcs;              /* function objects found */
    size_t nfuncs, capfuncs;
    Frame **frames;           /* the frame chain(s) */
    size_t nframes, capframes;
} Walk;

static void walk_obj(Walk *w, Obj *o, int depth);

static void walk_dict_values(Walk *w, Obj *d, int depth)
{
    if (!d || !DICT_CHECK(d))
        return;
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(d, &pos, &k, &v))
        walk_obj(w, v, depth);
}

static void walk_frame_values(Walk *w, Frame *f, int depth)
{
    walk_obj(w, f->func, depth);
    for (int i = 0; i < f->code->nlocalsplus; i++)
        walk_obj(w, f->localsplus[i], depth);
    if (f->state != FRAME_COMPLETED)
        for (Obj **p = FRAME_STACK_BASE(f); p < f->sp; p++)
            walk_obj(w, *p, depth);
}

static void walk_obj(Walk *w, Obj *o, int depth)
{
    if (!o || depth > SHARE_MAX_DEPTH || w->seen.len >= SHARE_MAX_OBJECTS ||
        !pset_add(&w->seen, o))
        return;
    TypeObj *t = OBJ_TYPE(o);
    if (t == &function_type) {
        if (w->nfuncs == w->capfuncs) {
            w->capfuncs = w->capfuncs ? 2 * w->capfuncs : 32;
            w->funcs = xrealloc(w->funcs, w->capfuncs * sizeof *w->funcs);
        }
        w->funcs[w->nfuncs++] = o;
        Obj *cl = ((FuncObj *)o)->closure;
        if (cl && TUPLE_CHECK(cl))
            for (Ssize i = 0; i < TUPLE_LEN(cl); i++)
                walk_obj(w, TUPLE_ITEMS(cl)[i], depth);
    } else if (t == &cell_type) {
        walk_obj(w, ((CellObj *)o)->ref, depth);
    } else if (t == &method_type) {
        walk_obj(w, ((MethodObj *)o)->func, depth);
        walk_obj(w, ((MethodObj *)o)->self, depth + 1);
    } else if (t == &generator_type || t == &coroutine_type || t == &async_generator_type) {
        Frame *gf = ((GenObj *)o)->frame;
        if (gf && pset_add(&w->seen, (Obj *)gf))
            walk_frame_values(w, gf, depth + 1);
    } else if (TUPLE_CHECK(o)) {
        for (Ssize i = 0; i < TUPLE_LEN(o); i++)
            walk_obj(w, TUPLE_ITEMS(o)[i], depth + 1);
    } else if (LIST_CHECK(o)) {
        for (Ssize i = 0; i < LIST_LEN(o); i++)
            walk_obj(w, LIST_ITEMS(o)[i], depth + 1);
    } else if (DICT_CHECK(o)) {
        walk_dict_values(w, o, depth + 1);
    } else if (TYPE_CHECK(o)) {
        if (type_has((TypeObj *)o, TPF_HEAPTYPE))
            walk_dict_values(w, ((TypeObj *)o)->dict, depth + 1);
    } else if (type_has(t, TPF_HEAPTYPE)) {
        Obj **dp = obj_dict_ptr(o);
        if (dp)
            walk_dict_values(w, *dp, depth + 1);
    }
}

static void walk_add_chain(Walk *w, Frame *f)
{
    for (; f; f = f->back) {
        bool known = false;
        for (size_t i = 0; i < w->nframes && !known; i++)
            known = w->frames[i] == f;
        if (known)
            return;
        if (w->nframes == w->capframes) {
            w->capframes = w->capframes ? 2 * w->capframes : 16;
            w->frames = xrealloc(w->frames, w->capframes * sizeof *w->frames);
        }
        w->frames[w->nframes++] = f;
    }
}

/* Collect from the executing frames (innermost first) and from f's chain
 * (f may be a frame that is not executing: post-mortem). */
static void walk_start(Walk *w, Frame *f)
{
    memset(w, 0, sizeof *w);
    walk_add_chain(w, vm ? vm->frame : NULL);
    walk_add_chain(w, f);
    for (size_t i = 0; i < w->nframes; i++) {
        Frame *fr = w->frames[i];
        pset_add(&w->seen, (Obj *)fr);
        walk_frame_values(w, fr, 0);
        if (fr->locals)
            walk_dict_values(w, fr->locals, 0);
        walk_dict_values(w, fr->globals, 0);
    }
}

static void walk_end(Walk *w)
{
    free(w->seen.v);
    free(w->funcs);
    free(w->frames);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `  (cell shared with: A, B)` for cell c of frame f, nothing when no
 * other function shares it. */
static void put_sharers(FILE *out, Walk *w, Frame *f, CellObj *c)
{
    const char *own = code_qualname(f->code);
    size_t cap = w->nfuncs + w->nframes, n = 0;
    const char **names = xmalloc((cap ? cap : 1) * sizeof *names);
    for (size_t i = 0; i < w->nfuncs; i++) {
        FuncObj *fn = (FuncObj *)w->funcs[i];
        Obj *cl = fn->closure;
        if (!cl || !TUPLE_CHECK(cl))
            continue;
        for (Ssize k = 0; k < TUPLE_LEN(cl); k++)
            if (TUPLE_ITEMS(cl)[k] == (Obj *)c) {
                names[n++] = cstr(fn->qualname);
                break;
            }
    }
    for (size_t i = 0; i < w->nframes; i++) {
        Frame *fr = w->frames[i];
        for (int k = 0; k < fr->code->nlocalsplus; k++)
            if ((slot_kind(fr->code, k) & CO_FAST_CELL) && slot_cell(fr, k) == c) {
                names[n++] = code_qualname(fr->code);
                break;
            }
    }
    qsort(names, n, sizeof *names, cmp_cstr);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], own) == 0 || (i > 0 && strcmp(names[i], names[i - 1]) == 0))
            continue;
        fputs(any ? ", " : "  (cell shared with: ", out);
        fputs(names[i], out);
        any = true;
    }
    if (any)
        fputc(')', out);
    free(names);
}

/* ---- info locals / args / cells / freevars / globals -------------------------------------- */

enum { SHOW_LOCALS, SHOW_ARGS, SHOW_CELLS, SHOW_FREE };

static void put_slot(FILE *out, Walk *w, Frame *f, int i)
{
    fprintf(out, "%s = ", slot_name(f->code, i));
    CellObj *c = slot_cell(f, i);
    if (c) {
        if (c->ref)
            put_value(out, c->ref, INSP_VALUE_MAX);
        else
            fputs("<empty cell>", out);
        put_sharers(out, w, f, c);
    } else if (f->localsplus[i]) {
        put_value(out, f->localsplus[i], INSP_VALUE_MAX);
    } else {
        fputs("<unbound>", out);
    }
    fputc('\n', out);
}

static void put_mapping(FILE *out, Obj *d, const char *none)
{
    if (!d || !DICT_CHECK(d)) {
        if (d)
            fprintf(out, "The locals are a %s mapping (not shown).\n", insp_type_name(d));
        else
            fprintf(out, "%s\n", none);
        return;
    }
    Ssize pos = 0;
    Obj *k, *v;
    bool any = false;
    while (dict_next(d, &pos, &k, &v)) {
        if (STR_CHECK(k))
            fputs(cstr(k), out);
        else
            put_value(out, k, INSP_VALUE_MAX);
        fputs(" = ", out);
        put_value(out, v, INSP_VALUE_MAX);
        fputc('\n', out);
        any = true;
    }
    if (!any)
        fprintf(out, "%s\n", none);
}

static void show_vars(FILE *out, Frame *f, int which)
{
    static const char *const none[] = {"No locals.", "No arguments.", "No cell variables.",
                                       "No free variables."};
    CodeRtObj *co = f->code;
    if (which == SHOW_LOCALS && !(co->flags & CO_OPTIMIZED)) {
        /* module and class bodies: their locals mapping */
        put_mapping(out, f->locals, none[which]);
        return;
    }
    Walk w;
    bool walked = false;
    int nargs = (co->flags & CO_OPTIMIZED) ? arg_slots(co) : 0;
    bool any = false;
    for (int i = 0; i < co->nlocalsplus; i++) {
        uint8_t k = slot_kind(co, i);
        if (k & CO_FAST_HIDDEN)
            continue;
        bool show;
        switch (which) {
        case SHOW_LOCALS: show = i >= nargs; break;
        case SHOW_ARGS: show = i < nargs; break;
        case SHOW_CELLS: show = (k & CO_FAST_CELL) != 0; break;
        default: show = (k & CO_FAST_FREE) != 0; break;
        }
        if (!show)
            continue;
        if (!walked && (k & (CO_FAST_CELL | CO_FAST_FREE))) {
            walk_start(&w, f);
            walked = true;
        }
        put_slot(out, walked ? &w : NULL, f, i);
        any = true;
    }
    if (walked)
        walk_end(&w);
    if (!any)
        fprintf(out, "%s\n", none[which]);
}

void insp_locals(FILE *out, Frame *f) { show_vars(out, f, SHOW_LOCALS); }
void insp_args(FILE *out, Frame *f) { show_vars(out, f, SHOW_ARGS); }
void insp_cells(FILE *out, Frame *f) { show_vars(out, f, SHOW_CELLS); }
void insp_freevars(FILE *out, Frame *f) { show_vars(out, f, SHOW_FREE); }

void insp_globals(FILE *out, Frame *f)
{
    put_mapping(out, f->globals, "No globals.");
}

/* ---- info stack --------------------------------------------------------------------------- */

static Ssize live_depth(const Frame *f)
{
    if (f->state == FRAME_COMPLETED)
        return 0;
    Ssize d = frame_stack_depth(f);
    return d < 0 ? 0 : d > f->code->stacksize ? f->code->stacksize : d;
}

void insp_stack(FILE *out, Frame *f)
{
    Ssize depth = live_depth(f);
    if (depth == 0) {
        fprintf(out, "The value stack is empty (co_stacksize %d).\n", f->code->stacksize);
        return;
    }
    Obj **base = FRAME_STACK_BASE(f);
    for (Ssize i = depth - 1; i >= 0; i--) {
        Obj *v = base[i];
        fprintf(out, "  [%ld] ", (long)i);
        if (!v) {
            fputs("NULL\n", out);
            continue;
        }
        put_value(out, v, INSP_VALUE_MAX);
        fprintf(out, "  (%s)\n", insp_type_name(v));
    }
    fprintf(out, "depth %ld of co_stacksize %d\n", (long)depth, f->code->stacksize);
}

/* ---- frame lines ----------------------------------------------------------------------------- */

static void put_arg(FILE *out, Frame *f, int i, const char *star, bool *first)
{
    if (i < 0 || i >= f->code->nlocalsplus)
        return;
    fprintf(out, "%s%s%s=", *first ? "" : ", ", star, slot_name(f->code, i));
    *first = false;
    CellObj *c = slot_cell(f, i);
    Obj *v = c ? c->ref : f->localsplus[i];
    if (v)
        put_value(out, v, INSP_ARG_MAX);
    else
        fputs(c ? "<empty cell>" : "<unbound>", out);
}

void insp_frame_line(FILE *out, Frame *f, int level)
{
    CodeRtObj *co = f->code;
    if (level >= 0)
        fprintf(out, "#%d  ", level);
    fputs(code_qualname(co), out);
    /* signature order: positional, *args, keyword-only, **kwargs (the
     * slots hold keyword-only arguments before *args) */
    bool first = true;
    int npos = co->argcount, nkw = co->kwonlyargcount;
    fputs(" (", out);
    for (int i = 0; i < npos; i++)
        put_arg(out, f, i, "", &first);
    if (co->flags & CO_VARARGS)
        put_arg(out, f, npos + nkw, "*", &first);
    for (int i = 0; i < nkw; i++)
        put_arg(out, f, npos + i, "", &first);
    if (co->flags & CO_VARKEYWORDS)
        put_arg(out, f, npos + nkw + ((co->flags & CO_VARARGS) ? 1 : 0), "**", &first);
    fputc(')', out);
    int line = frame_lineno(f);
    fprintf(out, " at %s", cstr(co->filename));
    if (line >= 0)
        fprintf(out, ":%d", line);
    fputc('\n', out);
}

static const char *state_name(int state)
{
    switch (state) {
    case FRAME_CREATED: return "not started";
    case FRAME_SUSPENDED: return "suspended";
    case FRAME_EXECUTING: return "running";
    default: return "finished";
    }
}

void insp_frame(FILE *out, Frame *f, int level)
{
    CodeRtObj *co = f->code;
    fprintf(out, "Stack level %d, frame of ", level);
    insp_frame_line(out, f, -1);
    fprintf(out, " code object %s (qualname %s), first line %d, file %s\n", cstr(co->name),
            code_qualname(co), co->firstlineno, cstr(co->filename));
    if (f->lasti >= 0 && (uint32_t)f->lasti < co->insns.n) {
        const Insn *in = &co->insns.v[f->lasti];
        fprintf(out, " instruction: offset %u, %s", in->offset, in->info->name);
        if (in->info->has_arg)
            fprintf(out, " %ld", (long)in->arg);
        fprintf(out, " (index %ld of %u)\n", (long)f->lasti, co->insns.n);
    } else {
        fprintf(out, " instruction: none yet (the frame has not started)\n");
    }
    if (f->back) {
        fprintf(out, " caller: level %d, ", level + 1);
        insp_frame_line(out, f->back, -1);
    } else {
        fputs(" caller: none (outermost frame)\n", out);
    }
    int bound = 0, shown = 0;
    for (int i = 0; i < co->nlocalsplus; i++) {
        if (slot_kind(co, i) & CO_FAST_HIDDEN)
            continue;
        shown++;
        CellObj *c = slot_cell(f, i);
        if (c ? c->ref != NULL : f->localsplus[i] != NULL)
            bound++;
    }
    fprintf(out, " variables: %d (%d bound): %d arguments, %d cells, %d free\n", shown, bound,
            (co->flags & CO_OPTIMIZED) ? arg_slots(co) : 0, co->ncells, co->nfrees);
    fprintf(out, " value stack: depth %ld of co_stacksize %d\n", (long)live_depth(f),
            co->stacksize);
    if (f->gen)
        fprintf(out, " %s object %s: %s\n", insp_type_name(f->gen),
                cstr(((GenObj *)f->gen)->qualname), state_name(f->state));
    else
        fprintf(out, " frame state: %s\n", state_name(f->state));
}

/* ---- info code / lines / exceptions --------------------------------------------------------- */

void insp_code(FILE *out, Frame *f)
{
    const CodeObj *src = f->code->src;
    if (!src) {
        fputs("No code object attributes (the code was not loaded from a file).\n", out);
        return;
    }
    SBuf b = SBUF_INIT;
    Diag d = {0};
    info_code(&b, src, &d);   /* an undecodable table shows inline */
    fputs(sbuf_cstr(&b), out);
    sbuf_free(&b);
}

void insp_lines(FILE *out, Frame *f)
{
    const LineTable *lt = &f->code->lines;
    int32_t off = current_offset(f);
    if (lt->nranges == 0) {
        fputs("No line table.\n", out);
        return;
    }
    for (uint32_t k = 0; k < lt->nranges; k++) {
        const LineRange *r = &lt->ranges[k];
        bool cur = off >= 0 && r->start <= (uint32_t)off && (uint32_t)off < r->end;
        fprintf(out, "%s lines %lu %lu ", cur ? "-->" : "   ", (unsigned long)r->start,
                (unsigned long)r->end);
        if (r->line < 0)
            fputs("None\n", out);
        else
            fprintf(out, "%ld\n", (long)r->line);
    }
}

void insp_handlers(FILE *out, Frame *f)
{
    CodeRtObj *co = f->code;
    if (co->ver < PYV(3, 11)) {
        fputs("No exception table before Python 3.11 (the block stack holds the handlers).\n",
              out);
        return;
    }
    int32_t off = current_offset(f);
    const ExcEntry *e = exctable_find(co->exc, co->nexc, off < 0 ? 0 : (uint32_t)off);
    if (!e) {
        fprintf(out, "No handler: an exception here leaves %s.\n", code_qualname(co));
        return;
    }
    fprintf(out, "ExceptionTable entry covering offset %ld:\n", (long)(off < 0 ? 0 : off));
    /* dis's row: 3.11/3.12 show the last covered offset, end - 2 */
    fprintf(out, "  %u to %ld -> %u [%u]%s\n", e->start, (long)e->end - 2, e->target, e->depth,
            e->lasti ? " lasti" : "");
    fprintf(out, "On an exception: the value stack is cut to depth %u, %s, and execution "
                 "jumps to %u.\n",
            e->depth,
            e->lasti ? "the raising instruction's offset and the exception are pushed"
                     : "the exception is pushed",
            e->target);
}

/* ---- source files ------------------------------------------------------------------------------- */

static bool is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *insp_find_source(const char *co_filename, const char *pyc_dir)
{
    if (!co_filename || !*co_filename)
        return NULL;
    if (is_regular(co_filename))
        return xstrdup(co_filename);
    if (!pyc_dir || !*pyc_dir)
        return NULL;
    const char *base = strrchr(co_filename, '/');
    base = base ? base + 1 : co_filename;
    const char *tries[2] = {co_filename[0] == '/' ? NULL : co_filename, base};
    for (int i = 0; i < 2; i++) {
        if (!tries[i] || (i == 1 && tries[0] && strcmp(tries[0], base) == 0))
            continue;
        SBuf p = SBUF_INIT;
        sbuf_puts(&p, pyc_dir);
        if (p.len && p.data[p.len - 1] != '/')
            sbuf_putc(&p, '/');
        sbuf_puts(&p, tries[i]);
        if (is_regular(sbuf_cstr(&p))) {
            char *r = xstrdup(sbuf_cstr(&p));
            sbuf_free(&p);
            return r;
        }
        sbuf_free(&p);
    }
    return NULL;
}

typedef struct SrcFile {
    char *name;              /* co_filename, the cache key */
    char *dir;               /* the program directory it was looked up in */
    char *data;              /* NULL: not found */
    size_t len;
    size_t *starts;          /* offset of each line */
    size_t nlines;
} SrcFile;

#define SRC_CACHE 8
static SrcFile src_cache[SRC_CACHE];
static unsigned src_next;

static void src_free(SrcFile *s)
{
    free(s->name);
    free(s->dir);
    free(s->data);
    free(s->starts);
    memset(s, 0, sizeof *s);
}

void insp_source_cache_clear(void)
{
    for (int i = 0; i < SRC_CACHE; i++)
        src_free(&src_cache[i]);
    src_next = 0;
}

/* The running program's directory: vm->main_dir, else sys.path[0] (which
 * the VM starts as that directory; tracebacks look there too). */
static const char *program_dir(void)
{
    if (!vm)
        return "";
    if (vm->main_dir)
        return cstr(vm->main_dir);
    Obj *path = sys_get_borrow("path");
    if (path && LIST_CHECK(path) && LIST_LEN(path) > 0)
        return cstr(LIST_ITEMS(path)[0]);
    return "";
}

/* The source of co_filename (looked up as insp_find_source does), split
 * into lines with universal newlines; data NULL when there is none. */
static SrcFile *src_get(const char *name)
{
    const char *dir = program_dir();
    for (int i = 0; i < SRC_CACHE; i++)
        if (src_cache[i].name && strcmp(src_cache[i].name, name) == 0 &&
            strcmp(src_cache[i].dir, dir) == 0)
            return &src_cache[i];
    SrcFile *s = &src_cache[src_next++ % SRC_CACHE];
    src_free(s);
    s->name = xstrdup(name);
    s->dir = xstrdup(dir);
    char *path = insp_find_source(name, dir);
    if (!path)
        return s;
    Diag d = {0};
    size_t len = 0;
    unsigned char *data = file_read_all(path, &len, &d);
    free(path);
    if (!data)
        return s;
    s->data = (char *)data;
    s->len = len;
    size_t at = (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    size_t cap = 64;
    s->starts = xmalloc(cap * sizeof *s->starts);
    while (at < len) {
        if (s->nlines == cap) {
            cap *= 2;
            s->starts = xrealloc(s->starts, cap * sizeof *s->starts);
        }
        s->starts[s->nlines++] = at;
        while (at < len && s->data[at] != '\n' && s->data[at] != '\r')
            at++;
        if (at < len && s->data[at] == '\r' && at + 1 < len && s->data[at + 1] == '\n')
            at++;
        if (at < len)
            at++;
    }
    return s;
}

/* Line n (1-based) without its line end; false when out of range. */
static bool src_line(const SrcFile *s, long n, const char **p, size_t *len)
{
    if (!s->data || n < 1 || (size_t)n > s->nlines)
        return false;
    size_t a = s->starts[n - 1], b = a;
    while (b < s->len && s->data[b] != '\n' && s->data[b] != '\r')
        b++;
    *p = s->data + a;
    *len = b - a;
    return true;
}

void insp_source_line(FILE *out, Frame *f)
{
    const char *file = cstr(f->code->filename);
    int line = frame_lineno(f);
    if (line < 0) {
        fprintf(out, "?\t<no line number for this instruction in %s>\n", file);
        return;
    }
    const char *p;
    size_t n;
    if (src_line(src_get(file), line, &p, &n))
        fprintf(out, "%d\t%.*s\n", line, (int)n, p);
    else
        fprintf(out, "%d\t<source not available: %s>\n", line, file);
}

void insp_source_position(FILE *out, Frame *f)
{
    insp_source_line(out, f);
    int32_t off = current_offset(f);
    int line = frame_lineno(f);
    const char *p;
    size_t n;
    if (off < 0 || line < 0 || !src_line(src_get(cstr(f->code->filename)), line, &p, &n))
        return;
    SrcPos pos = linetable_pos_at(&f->code->lines, (uint32_t)off);
    if (pos.line != line || pos.col < 0 || pos.end_col < 0 || pos.end_line < pos.line)
        return;
    size_t a = (size_t)pos.col, b = pos.end_line == pos.line ? (size_t)pos.end_col : n;
    size_t lo = 0, hi = n;   /* the stripped line */
    while (lo < n && (p[lo] == ' ' || p[lo] == '\t' || p[lo] == '\f'))
        lo++;
    while (hi > lo && (p[hi - 1] == ' ' || p[hi - 1] == '\t' || p[hi - 1] == '\f'))
        hi--;
    if (b > hi)
        b = hi;
    if (a >= b || a > n || (a <= lo && b >= hi))
        return;   /* nothing, or the whole line: the line says it all */
    char num[16];
    int w = snprintf(num, sizeof num, "%d", line);
    fprintf(out, "%*s\t", w, "");
    for (size_t i = 0; i < b; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c & 0xC0) == 0x80)
            continue;   /* one column per code point */
        fputc(i >= a ? '^' : c == '\t' ? '\t' : ' ', out);
    }
    fputc('\n', out);
}

/* ---- breakpoint marks ------------------------------------------------------------------------------ */

/* Does bp (a breakpoint, not a watchpoint) belong to this code object's
 * file, and to the code object itself when it names a function?  The same
 * rules as the engine's marking (src/dbg/breakpoints.c). */
/* One flag per instruction index of co: 1 an enabled breakpoint stops
 * there, 2 only disabled ones; NULL when there is none. */
static uint8_t *bp_marks(Dbg *d, CodeRtObj *co)
{
    size_t nbp = 0;
    DbgBp **bps = d ? dbg_bp_list(d, &nbp) : NULL;
    uint8_t *m = NULL;
    uint32_t n = co->insns.n;
    for (size_t k = 0; k < nbp; k++) {
        const DbgBp *bp = bps[k];
        if (bp->pending)
            continue;
        uint8_t flag = bp->enabled ? 1 : 2;
        for (uint32_t i = 0; i < n; i++) {
            if (!dbg_bp_at(bp, co, (int32_t)i))
                continue;
            if (!m)
                m = xcalloc(n ? n : 1, 1);
            if (m[i] != 1)
                m[i] = flag;
        }
    }
    return m;
}

/* The same marks by byte offset, as DisOptions.breakpoints takes them. */
static uint8_t *bp_marks_by_offset(Dbg *d, CodeRtObj *co)
{
    uint8_t *m = bp_marks(d, co);
    if (!m || !co->src) {
        free(m);
        return NULL;
    }
    uint8_t *b = xcalloc(co->src->codelen ? co->src->codelen : 1, 1);
    for (uint32_t i = 0; i < co->insns.n; i++)
        if (co->insns.v[i].offset < co->src->codelen)
            b[co->insns.v[i].offset] = m[i];
    free(m);
    return b;
}

/* The line's mark in `list`: 'B' enabled breakpoint, 'b' disabled, ' '. */
static char line_mark(Dbg *d, const char *file, long line)
{
    size_t nbp = 0;
    DbgBp **bps = d ? dbg_bp_list(d, &nbp) : NULL;
    char mark = ' ';
    for (size_t k = 0; k < nbp; k++) {
        const DbgBp *bp = bps[k];
        if (bp->type != DBG_BP_BREAK || bp->pending || bp->line != line || !bp->file ||
            strcmp(bp->file, file) != 0)
            continue;
        if (bp->enabled)
            return 'B';
        mark = 'b';
    }
    return mark;
}

/* ---- list ------------------------------------------------------------------------------------------ */

int insp_list(FILE *out, Dbg *d, Frame *f, int first, int last)
{
    const char *file = cstr(f->code->filename);
    SrcFile *s = src_get(file);
    if (!s->data) {
        fprintf(out, "Source file %s not found (looked next to the program too).\n", file);
        return -1;
    }
    if (first < 1)
        first = 1;
    if ((size_t)first > s->nlines) {
        fprintf(out, "Line number %d out of range; \"%s\" has %lu lines.\n", first, file,
                (unsigned long)s->nlines);
        return -1;
    }
    if (last < first)
        last = first;
    if ((size_t)last > s->nlines)
        last = (int)s->nlines;
    int cur = frame_lineno(f);
    for (int n = first; n <= last; n++) {
        const char *p;
        size_t len;
        src_line(s, n, &p, &len);
        fprintf(out, "%c%s%d\t%.*s\n", line_mark(d, file, n), n == cur ? "->" : "  ", n,
                (int)len, p);
    }
    return last;
}

/* ---- disassemble / x/Ni -------------------------------------------------------------------------- */

/* dis of the frame's own code object; lasti: mark the current instruction. */
static void dis_frame(SBuf *b, Dbg *d, Frame *f, bool lasti)
{
    CodeRtObj *co = f->code;
    if (!co->src)
        return;
    uint8_t *marks = bp_marks_by_offset(d, co);
    DisOptions o = DIS_OPTIONS_DEFAULT;
    o.recursive = 0;
    o.lasti = lasti ? current_offset(f) : -1;
    o.breakpoints = marks;
    Diag dg = {0};
    if (dis_code(b, co->src, &o, &dg) < 0)
        sbuf_printf(b, "(disassembly stopped: %s)\n", dg.msg);
    free(marks);
}

void insp_disassemble(FILE *out, Dbg *d, Frame *f)
{
    SBuf b = SBUF_INIT;
    dis_frame(&b, d, f, true);
    if (!b.len)
        fprintf(out, "No bytecode for %s.\n", code_qualname(f->code));
    fputs(sbuf_cstr(&b), out);
    sbuf_free(&b);
}

static const char *next_line(const char *p, const char **end)
{
    const char *e = strchr(p, '\n');
    *end = e ? e : p + strlen(p);
    return e ? e + 1 : *end;
}

void insp_next_insns(FILE *out, Dbg *d, Frame *f, int n)
{
    /* The current row is the one that differs from the unmarked listing
     * (a constant's repr could contain "-->" itself). */
    SBuf a = SBUF_INIT, b = SBUF_INIT;
    dis_frame(&a, d, f, true);
    dis_frame(&b, d, f, false);
    const char *pa = sbuf_cstr(&a), *pb = sbuf_cstr(&b), *start = pa;
    while (*pa) {
        const char *ea, *eb;
        const char *na = next_line(pa, &ea), *nb = next_line(pb, &eb);
        if (ea - pa != eb - pb || memcmp(pa, pb, (size_t)(ea - pa)) != 0) {
            start = pa;
            break;
        }
        pa = na;
        pb = nb;
    }
    int shown = 0;
    for (const char *p = start; *p && shown < n;) {
        const char *e;
        const char *nx = next_line(p, &e);
        if (e - p >= 15 && memcmp(p, "ExceptionTable:", 15) == 0)
            break;
        if (e > p) {
            fprintf(out, "%.*s\n", (int)(e - p), p);
            shown++;
        }
        p = nx;
    }
    if (!shown)
        fprintf(out, "No instructions from here in %s.\n", code_qualname(f->code));
    sbuf_free(&a);
    sbuf_free(&b);
}

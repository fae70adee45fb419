/* tbframe.c — traceback entries of natively run library code (tbframe.h).
 *
 * For each Python function a TbFile names, one small 3.12 code object is
 * made (RESUME, one NOP per entry line of that function, RETURN_CONST
 * None) whose location table gives each NOP the entry's line and the
 * columns of its `mark`; a frame over it is what the entries point at, so
 * traceback printing, tb_lineno and tb_frame.f_code behave as for any
 * frame.  The lines themselves are registered as the file's source
 * (traceback_register_source), used when the file is not installed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/tbframe.h"

typedef struct FuncFrames {
    const char *func, *qualname;
    Frame *frame;
} FuncFrames;

typedef struct TbState {
    FuncFrames *funcs;
    int nfuncs;
    int *func_of;            /* entry → index in funcs */
    int *insn_of;            /* entry → instruction index in its code */
} TbState;

static PycObj *pyc_str(const char *s)
{
    PycObj *o = xmalloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->kind = PYC_STR;
    o->type_code = 'u';
    o->len = (uint32_t)strlen(s);
    o->v.s = xstrdup(s);
    return o;
}

static PycObj *pyc_tuple(int n, PycObj *item)
{
    PycObj *o = xmalloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->kind = PYC_TUPLE;
    o->type_code = ')';
    o->len = (uint32_t)n;
    o->v.items = xmalloc(sizeof(PycObj *) * (size_t)(n ? n : 1));
    if (n) o->v.items[0] = item;
    return o;
}

static void put_varint(SBuf *b, unsigned v)
{
    while (v >= 64) {
        sbuf_putc(b, (char)(0x40 | (v & 63)));
        v >>= 6;
    }
    sbuf_putc(b, (char)v);
}

static void put_svarint(SBuf *b, int v)
{
    put_varint(b, v < 0 ? ((unsigned)(-v) << 1) | 1 : (unsigned)v << 1);
}

/* One long-form location entry (code 14) for one code unit; `more`: the
 * expression ends on a later line. */
static void put_location(SBuf *b, int *prev_line, int line, bool more, int col, int end_col)
{
    sbuf_putc(b, (char)(0x80 | (14 << 3) | 0));
    put_svarint(b, line - *prev_line);
    put_varint(b, more ? 1 : 0);
    put_varint(b, (unsigned)col + 1);
    put_varint(b, (unsigned)end_col + 1);
    *prev_line = line;
}

/* Columns of an entry: its mark, or the whole statement (from the first
 * non-blank character), which the printer shows without carets.  A mark
 * ending in a newline goes on to later lines: true. */
static bool entry_cols(const TbLine *e, int *col, int *end)
{
    const char *t = e->text;
    size_t mlen = e->mark ? strlen(e->mark) : 0;
    bool more = mlen && e->mark[mlen - 1] == '\n';
    if (more) mlen--;
    const char *m = NULL;
    for (const char *p = t; mlen && (p = strchr(p, e->mark[0])) != NULL; p++)
        if (strncmp(p, e->mark, mlen) == 0) {
            m = p;
            break;
        }
    if (m) {
        *col = (int)(m - t);
        *end = *col + (int)mlen;
        return more;
    }
    int i = 0;
    while (t[i] == ' ') i++;
    *col = i;
    *end = (int)strlen(t);
    return false;
}

Obj *tbframe_code_new(const char *filename, const char *name, const char *qualname, int firstlineno,
                      uint32_t flags, const TbLoc *locs, int n)
{
    /* RESUME 0, NOP × n, RETURN_CONST 0 */
    uint8_t *code = xmalloc((size_t)(n + 2) * 2);
    code[0] = 151;
    code[1] = 0;
    for (int k = 0; k < n; k++) {
        code[2 + 2 * k] = 9;
        code[3 + 2 * k] = 0;
    }
    code[2 + 2 * n] = 121;
    code[3 + 2 * n] = 0;
    SBuf lt = SBUF_INIT;
    int prev = firstlineno;
    put_location(&lt, &prev, firstlineno, false, 0, 0);
    for (int k = 0; k < n; k++) put_location(&lt, &prev, locs[k].line, locs[k].more, locs[k].col, locs[k].end);
    const TbLoc *last = &locs[n - 1];
    put_location(&lt, &prev, last->line, last->more, last->col, last->end);
    CodeObj *co = xmalloc(sizeof *co);
    memset(co, 0, sizeof *co);
    co->ver = PYV(3, 12);
    co->stacksize = 1;
    co->flags = flags;
    co->firstlineno = firstlineno;
    co->code = code;
    co->codelen = (uint32_t)(n + 2) * 2;
    co->consts = pyc_tuple(1, &pyc_none);
    co->names = pyc_tuple(0, NULL);
    co->varnames = co->freevars = co->cellvars = NULL;
    co->localsplusnames = pyc_tuple(0, NULL);
    uint8_t *kinds = xmalloc(1);
    kinds[0] = 0;
    co->localspluskinds = kinds;
    co->filename = pyc_str(filename);
    co->name = pyc_str(name);
    co->qualname = pyc_str(qualname);
    co->linetablelen = (uint32_t)lt.len;
    uint8_t *table = xmalloc(lt.len ? lt.len : 1);
    memcpy(table, lt.data, lt.len);
    co->linetable = table;
    sbuf_free(&lt);
    return code_from_pyc(co);
}

static Frame *make_frame(TbFile *file, const char *filename, int fi, TbState *st)
{
    const char *func = st->funcs[fi].func;
    const TbLine *first = NULL;
    TbLoc *locs = xmalloc(sizeof *locs * (size_t)file->nlines);
    int n = 0;
    for (int i = 0; i < file->nlines; i++) {
        if (st->func_of[i] != fi) continue;
        if (!first) first = &file->lines[i];
        locs[n].more = entry_cols(&file->lines[i], &locs[n].col, &locs[n].end);
        locs[n].line = file->lines[i].line;
        st->insn_of[i] = 1 + n++;
    }
    Obj *rt = tbframe_code_new(filename, func, first->qualname, first->firstlineno,
                               CO_OPTIMIZED | CO_NEWLOCALS, locs, n);
    free(locs);
    if (!rt) return NULL;
    Obj *globals = dict_new();
    const char *dot = strrchr(file->tail, '.');
    Obj *modname = str_from_utf8(file->tail, dot ? (Ssize)(dot - file->tail) : (Ssize)strlen(file->tail));
    Frame *f = NULL;
    if (globals && modname && dict_set_str(globals, "__name__", modname) == 0)
        f = frame_new((CodeRtObj *)rt, globals, vm->builtins, NULL, NULL);
    XDECREF(globals);
    XDECREF(modname);
    DECREF(rt);
    return f;
}

static TbState *build(TbFile *file)
{
    TbState *st = xmalloc(sizeof *st);
    memset(st, 0, sizeof *st);
    st->funcs = xmalloc(sizeof *st->funcs * (size_t)file->nlines);
    st->func_of = xmalloc(sizeof(int) * (size_t)file->nlines);
    st->insn_of = xmalloc(sizeof(int) * (size_t)file->nlines);
    for (int i = 0; i < file->nlines; i++) {
        int f;
        for (f = 0; f < st->nfuncs; f++)
            if (strcmp(st->funcs[f].func, file->lines[i].func) == 0 &&
                strcmp(st->funcs[f].qualname, file->lines[i].qualname) == 0)
                break;
        if (f == st->nfuncs) {
            st->funcs[f].func = file->lines[i].func;
            st->funcs[f].qualname = file->lines[i].qualname;
            st->funcs[f].frame = NULL;
            st->nfuncs++;
        }
        st->func_of[i] = f;
    }
    /* the file name CPython's module has here, and the source lines; a
     * name in angle brackets ("<string>": code the library compiles at run
     * time) is kept as it is and has no source */
    Obj *prefix = sys_get_borrow("prefix");
    SBuf name = SBUF_INIT;
    bool generated = file->tail[0] == '<';
    if (generated) {
        sbuf_puts(&name, file->tail);
        for (int f = 0; f < st->nfuncs; f++) st->funcs[f].frame = make_frame(file, sbuf_cstr(&name), f, st);
        sbuf_free(&name);
        return st;
    }
    if (prefix && STR_CHECK(prefix)) {
        Ssize pl;
        const char *p = str_utf8_lossy(prefix, &pl);
        sbuf_put(&name, p, (size_t)pl);
    }
    sbuf_puts(&name, "/lib/python3.12/");
    sbuf_puts(&name, file->tail);
    int maxline = 0;
    for (int i = 0; i < file->nlines; i++)
        if (file->lines[i].line > maxline) maxline = file->lines[i].line;
    SBuf src = SBUF_INIT;
    for (int l = 1; l <= maxline; l++) {
        for (int i = 0; i < file->nlines; i++)
            if (file->lines[i].line == l) {
                sbuf_puts(&src, file->lines[i].text);
                break;
            }
        sbuf_putc(&src, '\n');
    }
    traceback_register_source(sbuf_cstr(&name), src.data ? src.data : "", src.len);
    sbuf_free(&src);
    for (int f = 0; f < st->nfuncs; f++) st->funcs[f].frame = make_frame(file, sbuf_cstr(&name), f, st);
    sbuf_free(&name);
    return st;
}

/* Prepend entry `which` to exc's traceback; no exception is pending. */
static void push_on(TbFile *file, int which, Obj *exc)
{
    if (!file->state) file->state = build(file);
    TbState *st = file->state;
    Frame *f = st->funcs[st->func_of[which]].frame;
    if (f) {
        f->lasti = st->insn_of[which];
        Obj *tb = traceback_add(((ExcObj *)exc)->traceback, f);
        if (tb) obj_setref(&((ExcObj *)exc)->traceback, tb);
        else vm_err_clear();
    }
    if (vm_err_occurred()) vm_err_clear();
}

void tbframe_push(TbFile *file, int which)
{
    Obj *exc = vm->exc;
    if (!exc || !EXC_CHECK(exc) || which < 0 || which >= file->nlines) return;
    /* building may run code that must not see the pending exception */
    exc = vm_err_fetch();
    push_on(file, which, exc);
    vm_err_restore(exc);
}

void tbframe_push_exc(Obj *exc, TbFile *file, int which)
{
    if (!exc || !EXC_CHECK(exc) || which < 0 || which >= file->nlines) return;
    Obj *pending = vm_err_fetch();
    push_on(file, which, exc);
    if (pending) vm_err_restore(pending);
}

Obj *tbframe_fail(TbFile *file, int which)
{
    tbframe_push(file, which);
    return NULL;
}

/* traceback.c — traceback objects and the printing of uncaught exceptions
 * exactly as CPython 3.12's default hook prints them.
 *
 * Traceback objects are made by the eval loop (traceback_add) as an
 * exception leaves a frame: each holds its frame, the instruction index and
 * the line, and the entries are chained newest-first the way `tb_next`
 * links them (outermost frame first when read from exc.__traceback__).
 *
 * Printing follows 3.12's rules, all measured on python3.12:
 *  - `  File "F", line N, in NAME` per entry, the source line (read from
 *    co_filename relative to the working directory, else from the directories
 *    of sys.path with the file's base name) stripped of leading blanks, and a
 *    caret line under the failing expression (co_positions of the
 *    instruction).  Carets are elided when they would cover the whole
 *    stripped line and no ~/^ split applies; a multi-line expression is
 *    marked up to the end of its first line (trailing blanks excluded); the
 *    ~/^ split is made for a single-line segment that parses as a binary
 *    operation (^ on the operator) or a subscript (^ from '[').  Wide
 *    (East Asian W/F) characters take two columns.
 *  - after three identical (file, line, name) entries in a row the rest of
 *    the run is summarised as `  [Previous line repeated N more times]`.
 *  - causes/contexts are printed first, each exception once (a seen set).
 *  - exception groups are drawn with the `+-+---- N ----` box (depth 10,
 *    width 15 limits), notes follow the message, NameError/AttributeError/
 *    ImportError get the "Did you mean" suggestions.
 * Text is collected per piece in an SBuf and handed to the file object
 * before any call that may run Python code, so output of such code lands
 * where CPython's would.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"

/* ---- traceback objects ------------------------------------------------------ */

static int32_t insn_line(CodeRtObj *co, int32_t lasti)
{
    if (!co || lasti < 0 || (uint32_t)lasti >= co->insns.n) return -1;
    return linetable_line_at(&co->lines, co->insns.v[lasti].offset);
}

Obj *traceback_add(Obj *tb, Frame *f)
{
    TracebackObj *t = (TracebackObj *)obj_alloc(&traceback_type, 0);
    if (!t) return NULL;
    t->next = xincref(tb);
    t->frame = (Frame *)INCREF(f);
    t->lasti = f->lasti;
    t->lineno = insn_line(f->code, f->lasti);
    return (Obj *)t;
}

static void tb_dealloc(Obj *o)
{
    TracebackObj *t = (TracebackObj *)o;
    gc_untrack(o);
    /* Long chains (deep recursion) are released iteratively. */
    Obj *next = t->next;
    t->next = NULL;
    XDECREF(t->frame);
    obj_free(o);
    while (next && IS_TYPE(next, traceback_type) && next->refcnt == 1) {
        TracebackObj *n = (TracebackObj *)next;
        next = n->next;
        n->next = NULL;
        gc_untrack((Obj *)n);
        XDECREF(n->frame);
        obj_free((Obj *)n);
    }
    XDECREF(next);
}

static int tb_traverse(Obj *o, VisitFn visit, void *arg)
{
    TracebackObj *t = (TracebackObj *)o;
    if (t->next && visit(t->next, arg)) return 1;
    if (t->frame && visit((Obj *)t->frame, arg)) return 1;
    return 0;
}

static int tb_clear(Obj *o)
{
    TracebackObj *t = (TracebackObj *)o;
    CLEAR(t->next);
    CLEAR(t->frame);
    return 0;
}

static Obj *tb_get_next(Obj *o, void *c)
{
    (void)c;
    Obj *n = ((TracebackObj *)o)->next;
    return INCREF(n ? n : NONE);
}

static int tb_set_next(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (v == NONE) {
        obj_setref(&((TracebackObj *)o)->next, NULL);
        return 0;
    }
    if (!IS_TYPE(v, traceback_type)) {
        vm_err_format(&exc_TypeError, "expected traceback object, got '%s'",
                      type_name(OBJ_TYPE(v)));
        return -1;
    }
    for (Obj *p = v; p; p = ((TracebackObj *)p)->next)
        if (p == o) {
            vm_err_set_str(&exc_ValueError, "traceback loop detected");
            return -1;
        }
    obj_setref(&((TracebackObj *)o)->next, INCREF(v));
    return 0;
}

static Obj *tb_get_frame(Obj *o, void *c)
{
    (void)c;
    Frame *f = ((TracebackObj *)o)->frame;
    return INCREF(f ? (Obj *)f : NONE);
}

static Obj *tb_get_lasti(Obj *o, void *c)
{
    (void)c;
    TracebackObj *t = (TracebackObj *)o;
    CodeRtObj *co = t->frame ? t->frame->code : NULL;
    if (!co || t->lasti < 0 || (uint32_t)t->lasti >= co->insns.n) return int_from_i64(-1);
    return int_from_i64(co->insns.v[t->lasti].offset);
}

static Obj *tb_get_lineno(Obj *o, void *c)
{
    (void)c;
    TracebackObj *t = (TracebackObj *)o;
    if (t->lineno < 0) return INCREF(NONE);
    return int_from_i64(t->lineno);
}

static Obj *tb_dir(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    static const char *const names[] = {"tb_frame", "tb_next", "tb_lasti", "tb_lineno"};
    Obj *l = list_new(0);
    if (!l) return NULL;
    for (size_t i = 0; i < 4; i++)
        if (list_append(l, id_str(names[i])) < 0) {
            DECREF(l);
            return NULL;
        }
    return l;
}

/* types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno) */
static Obj *tb_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    static const char *const names[] = {"tb_next", "tb_frame", "tb_lasti", "tb_lineno"};
    Obj *v[4];
    if (args_parse("TracebackType", args, nargs, kwnames, names, 4, 0, 4, v) < 0) return NULL;
    if (v[0] != NONE && !IS_TYPE(v[0], traceback_type)) {
        vm_err_format(&exc_TypeError, "expected traceback object or None, got '%s'",
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    if (!IS_TYPE(v[1], frame_type)) {
        vm_err_format(&exc_TypeError,
                      "TracebackType() argument 'tb_frame' must be frame, not %s",
                      type_name(OBJ_TYPE(v[1])));
        return NULL;
    }
    int64_t lasti, lineno;
    if (!INT_CHECK(v[2])) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(v[2])));
        return NULL;
    }
    if (!INT_CHECK(v[3])) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(v[3])));
        return NULL;
    }
    if (int_as_i64(v[2], &lasti) < 0 || int_as_i64(v[3], &lineno) < 0) return NULL;
    Frame *f = (Frame *)v[1];
    TracebackObj *tb = (TracebackObj *)obj_alloc(&traceback_type, 0);
    if (!tb) return NULL;
    tb->next = v[0] == NONE ? NULL : INCREF(v[0]);
    tb->frame = (Frame *)INCREF(f);
    tb->lasti = f->code ? code_index_at(f->code, (uint32_t)lasti) : -1;
    tb->lineno = (int32_t)lineno;
    return (Obj *)tb;
}

static GetSetDef tb_getset[] = {
    {"tb_next", tb_get_next, tb_set_next, NULL, NULL},
    {"tb_frame", tb_get_frame, NULL, NULL, NULL},
    {"tb_lasti", tb_get_lasti, NULL, NULL, NULL},
    {"tb_lineno", tb_get_lineno, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef tb_methods[] = {
    {"__dir__", tb_dir, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj traceback_type = {
    .base = TYPE_HEAD_INIT,
    .name = "traceback",
    .basicsize = sizeof(TracebackObj),
    .flags = TPF_GC,
    .dealloc = tb_dealloc,
    .traverse = tb_traverse,
    .clear = tb_clear,
    .getattro = obj_generic_getattr,
    .new_ = tb_new,
    .getset = tb_getset,
    .methods = tb_methods,
    .doc = "Create a new traceback object.",
};

/* ---- UTF-8 <-> code points ------------------------------------------------- */

/* Decode [s, s+n) into code points (invalid bytes → U+FFFD); caller frees. */
static uint32_t *decode_utf8(const char *s, size_t n, size_t *outn)
{
    uint32_t *v = xmalloc((n + 1) * sizeof *v);
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        unsigned c = *p;
        uint32_t cp;
        int len;
        if (c < 0x80) { cp = c; len = 1; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
        else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; len = 4; }
        else { v[k++] = 0xFFFD; p++; continue; }
        if (e - p < len) { v[k++] = 0xFFFD; p++; continue; }
        bool ok = true;
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) { ok = false; break; }
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (!ok) { v[k++] = 0xFFFD; p++; continue; }
        v[k++] = cp;
        p += len;
    }
    *outn = k;
    return v;
}

static void put_cp(SBuf *b, uint32_t c)
{
    char u[4];
    if (c < 0x80) { sbuf_putc(b, (char)c); return; }
    if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3F));
        sbuf_put(b, u, 2);
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        sbuf_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F));
        sbuf_put(b, u, 4);
    }
}

/* Code points in the first `col` bytes of the line (a split character
 * counts as one, as decoding with "replace" counts it). */
static Ssize byte_to_char_offset(const char *s, size_t n, int32_t col)
{
    if (col < 0) return -1;
    size_t lim = (size_t)col < n ? (size_t)col : n;
    Ssize k = 0;
    for (size_t i = 0; i < lim; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
    return k;
}

/* Display width of a code point in a caret line: 3.12 counts characters
 * whose East Asian Width is W or F as two columns (measured: `"日本" + 1`
 * gets seven '~').  Ranges generated from python3.12's
 * unicodedata.east_asian_width (Unicode 15.0.0). */
static const uint32_t wide_ranges[][2] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
    {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
    {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
    {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
    {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
    {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
    {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x2E99},
    {0x2E9B, 0x2EF3}, {0x2F00, 0x2FD5}, {0x2FF0, 0x2FFB}, {0x3000, 0x303E},
    {0x3041, 0x3096}, {0x3099, 0x30FF}, {0x3105, 0x312F}, {0x3131, 0x318E},
    {0x3190, 0x31E3}, {0x31F0, 0x321E}, {0x3220, 0x3247}, {0x3250, 0x4DBF},
    {0x4E00, 0xA48C}, {0xA490, 0xA4C6}, {0xA960, 0xA97C}, {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE52}, {0xFE54, 0xFE66},
    {0xFE68, 0xFE6B}, {0xFF01, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4},
    {0x16FF0, 0x16FF1}, {0x17000, 0x187F7}, {0x18800, 0x18CD5}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB}, {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122},
    {0x1B132, 0x1B132}, {0x1B150, 0x1B152}, {0x1B155, 0x1B155}, {0x1B164, 0x1B167},
    {0x1B170, 0x1B2FB}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248},
    {0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335},
    {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
    {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
    {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F},
    {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7},
    {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF},
    {0x1FA70, 0x1FA7C}, {0x1FA80, 0x1FA88}, {0x1FA90, 0x1FABD}, {0x1FABF, 0x1FAC5},
    {0x1FACE, 0x1FADB}, {0x1FAE0, 0x1FAE8}, {0x1FAF0, 0x1FAF8}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

static int cp_width(uint32_t c)
{
    if (c < 0x1100) return 1;
    size_t lo = 0, hi = sizeof wide_ranges / sizeof wide_ranges[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < wide_ranges[mid][0]) hi = mid;
        else if (c > wide_ranges[mid][1]) lo = mid + 1;
        else return 2;
    }
    return 1;
}

/* ---- the segment parser: is it a binary operation or a subscript? ----------
 * A small tokenizer and recursive-descent parser for one line of Python,
 * enough to find the top node of an expression statement and the spans
 * 3.12 uses for its ~/^ split: for a BinOp the end of the left operand and
 * the start of the right one (parentheses around an operand are not part of
 * its span), for a Subscript the end of the subscripted value.  Anything
 * the parser does not accept gets no split, as when CPython's parse fails. */

enum { TK_END, TK_NAME, TK_NUM, TK_STR, TK_OP };
typedef struct Tok { int kind; Ssize start, end; } Tok;
typedef struct Seg {
    const uint32_t *s;
    Ssize n;
    Tok *toks;
    Ssize ntoks, pos;
    int depth;
    bool err;
} Seg;

enum { ND_OTHER, ND_BINOP, ND_SUBSCR };
typedef struct Node { int kind; Ssize start, end, a, b; } Node;

static bool is_id_start(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static bool is_id_char(uint32_t c) { return is_id_start(c) || (c >= '0' && c <= '9'); }
static bool is_blank(uint32_t c) { return c == ' ' || c == '\t' || c == '\f'; }
static bool is_ws(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '\v';
}

static bool seg_word_is(const Seg *g, Ssize start, Ssize end, const char *w)
{
    size_t len = strlen(w);
    if ((size_t)(end - start) != len) return false;
    for (size_t i = 0; i < len; i++)
        if (g->s[start + (Ssize)i] != (unsigned char)w[i]) return false;
    return true;
}

static bool is_string_prefix(const Seg *g, Ssize start, Ssize end, bool *fstr)
{
    Ssize len = end - start;
    if (len < 1 || len > 2) return false;
    bool f = false, r = false, b = false, u = false;
    for (Ssize i = start; i < end; i++) {
        uint32_t c = g->s[i] | 0x20;
        if (c == 'f' && !f) f = true;
        else if (c == 'r' && !r) r = true;
        else if (c == 'b' && !b) b = true;
        else if (c == 'u' && !u) u = true;
        else return false;
    }
    if (u && len > 1) return false;
    if (f && b) return false;
    *fstr = f;
    return true;
}

static Ssize scan_string(const Seg *g, Ssize i, bool fstr, int nest);

/* The expression part of an f-string replacement field, from after '{' to
 * after the matching '}'; -1 on error. */
static Ssize scan_fexpr(const Seg *g, Ssize i, int nest)
{
    int depth = 1;
    while (i < g->n) {
        uint32_t c = g->s[i];
        if (c == '\'' || c == '"') {
            i = scan_string(g, i, false, nest + 1);
            if (i < 0) return -1;
            continue;
        }
        if (is_id_start(c)) {
            Ssize j = i;
            while (j < g->n && is_id_char(g->s[j])) j++;
            bool f;
            if (j < g->n && (g->s[j] == '\'' || g->s[j] == '"') && is_string_prefix(g, i, j, &f)) {
                i = scan_string(g, j, f, nest + 1);
                if (i < 0) return -1;
                continue;
            }
            i = j;
            continue;
        }
        if (c == '{' || c == '[' || c == '(') depth++;
        else if (c == '}' || c == ']' || c == ')') {
            if (--depth == 0) return c == '}' ? i + 1 : -1;
        }
        i++;
    }
    return -1;
}

/* From the opening quote at i to after the closing one; -1 on error. */
static Ssize scan_string(const Seg *g, Ssize i, bool fstr, int nest)
{
    if (nest > 50) return -1;
    uint32_t q = g->s[i];
    bool triple = i + 2 < g->n && g->s[i + 1] == q && g->s[i + 2] == q;
    i += triple ? 3 : 1;
    while (i < g->n) {
        uint32_t c = g->s[i];
        if (c == '\\') { i += 2; continue; }
        if (c == q) {
            if (!triple) return i + 1;
            if (i + 2 < g->n && g->s[i + 1] == q && g->s[i + 2] == q) return i + 3;
            i++;
            continue;
        }
        if (fstr && c == '{') {
            if (i + 1 < g->n && g->s[i + 1] == '{') { i += 2; continue; }
            i = scan_fexpr(g, i + 1, nest);
            if (i < 0) return -1;
            continue;
        }
        i++;
    }
    return -1;
}

static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
static const char *const ops2[] = {"**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=",
                                   "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", NULL};
static const char ops1[] = "+-*/%@&|^~<>()[]{},:.;=";

static bool tokenize(Seg *g)
{
    g->toks = xmalloc((size_t)(g->n + 1) * sizeof(Tok));
    g->ntoks = 0;
    Ssize i = 0;
    while (i < g->n) {
        uint32_t c = g->s[i];
        if (is_blank(c)) { i++; continue; }
        if (c == '#') break;
        Tok t = {TK_OP, i, i};
        if (is_id_start(c)) {
            Ssize j = i;
            while (j < g->n && is_id_char(g->s[j])) j++;
            bool f;
            if (j < g->n && (g->s[j] == '\'' || g->s[j] == '"') && is_string_prefix(g, i, j, &f)) {
                Ssize e = scan_string(g, j, f, 0);
                if (e < 0) return false;
                t.kind = TK_STR; t.end = e;
            } else {
                t.kind = TK_NAME; t.end = j;
            }
        } else if (c == '\'' || c == '"') {
            Ssize e = scan_string(g, i, false, 0);
            if (e < 0) return false;
            t.kind = TK_STR; t.end = e;
        } else if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < g->n && g->s[i + 1] >= '0' && g->s[i + 1] <= '9')) {
            Ssize j = i;
            bool hex = c == '0' && i + 1 < g->n && (g->s[i + 1] | 0x20) == 'x';
            while (j < g->n) {
                uint32_t d = g->s[j];
                if (is_id_char(d) && d < 0x80) { j++; continue; }
                if (d == '.') { j++; continue; }
                if ((d == '+' || d == '-') && !hex && j > i && (g->s[j - 1] | 0x20) == 'e') { j++; continue; }
                break;
            }
            t.kind = TK_NUM; t.end = j;
        } else {
            Ssize len = 0;
            for (int k = 0; ops3[k] && !len; k++)
                if (i + 3 <= g->n && seg_word_is(g, i, i + 3, ops3[k])) len = 3;
            for (int k = 0; ops2[k] && !len; k++)
                if (i + 2 <= g->n && seg_word_is(g, i, i + 2, ops2[k])) len = 2;
            if (!len && c < 0x80 && c && strchr(ops1, (int)c)) len = 1;
            if (!len) return false;
            t.end = i + len;
        }
        g->toks[g->ntoks++] = t;
        i = t.end;
    }
    g->toks[g->ntoks].kind = TK_END;
    g->toks[g->ntoks].start = g->toks[g->ntoks].end = g->n;
    return true;
}

static Tok *cur(Seg *g) { return &g->toks[g->pos]; }
static bool at_op(Seg *g, const char *op)
{
    Tok *t = cur(g);
    return t->kind == TK_OP && seg_word_is(g, t->start, t->end, op);
}
static bool at_kw(Seg *g, const char *kw)
{
    Tok *t = cur(g);
    return t->kind == TK_NAME && seg_word_is(g, t->start, t->end, kw);
}

static const char *const hard_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield", NULL};

static bool tok_is_keyword(Seg *g, Tok *t)
{
    if (t->kind != TK_NAME) return false;
    for (int k = 0; hard_keywords[k]; k++)
        if (seg_word_is(g, t->start, t->end, hard_keywords[k])) return true;
    return false;
}

/* Skip a bracketed group starting at the current (opening) token; returns
 * the end offset of the closing token. */
static Ssize skip_group(Seg *g)
{
    int depth = 0;
    for (;;) {
        Tok *t = cur(g);
        if (t->kind == TK_END) { g->err = true; return t->start; }
        if (t->kind == TK_OP && t->end - t->start == 1) {
            uint32_t c = g->s[t->start];
            if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) { g->pos++; return t->end; }
            }
        }
        g->pos++;
    }
}

static Node p_expr(Seg *g);

static Node mk(int kind, Ssize start, Ssize end) { Node n = {kind, start, end, 0, 0}; return n; }
/* End of the last consumed token: a compound node spans from its first
 * token to its last one, parentheses of its children included (only a
 * parenthesised operand itself keeps the inner span). */
static Ssize last_end(Seg *g) { return g->pos ? g->toks[g->pos - 1].end : 0; }

static Node p_atom(Seg *g)
{
    Tok *t = cur(g);
    if (t->kind == TK_NAME) {
        if (tok_is_keyword(g, t) && !seg_word_is(g, t->start, t->end, "True") &&
            !seg_word_is(g, t->start, t->end, "False") && !seg_word_is(g, t->start, t->end, "None")) {
            g->err = true;
            return mk(ND_OTHER, t->start, t->end);
        }
        g->pos++;
        return mk(ND_OTHER, t->start, t->end);
    }
    if (t->kind == TK_NUM) { g->pos++; return mk(ND_OTHER, t->start, t->end); }
    if (t->kind == TK_STR) {
        Ssize s = t->start, e = t->end;
        while (cur(g)->kind == TK_STR) { e = cur(g)->end; g->pos++; }
        return mk(ND_OTHER, s, e);
    }
    if (at_op(g, "...")) { g->pos++; return mk(ND_OTHER, t->start, t->end); }
    if (at_op(g, "[") || at_op(g, "{")) {
        Ssize s = t->start;
        Ssize e = skip_group(g);
        return mk(ND_OTHER, s, e);
    }
    if (at_op(g, "(")) {
        Ssize s = t->start;
        Ssize save = g->pos;
        g->pos++;
        if (at_op(g, ")") || at_kw(g, "yield")) {
            g->pos = save;
            return mk(ND_OTHER, s, skip_group(g));
        }
        Node inner;
        if (cur(g)->kind == TK_NAME && g->toks[g->pos + 1].kind == TK_OP &&
            seg_word_is(g, g->toks[g->pos + 1].start, g->toks[g->pos + 1].end, ":=")) {
            Ssize ns = cur(g)->start;
            g->pos += 2;
            p_expr(g);
            inner = mk(ND_OTHER, ns, last_end(g));
        } else if (at_op(g, "*")) {
            g->pos = save;
            return mk(ND_OTHER, s, skip_group(g));
        } else {
            inner = p_expr(g);
        }
        if (g->err) return inner;
        if (at_op(g, ")")) { g->pos++; return inner; }
        /* a tuple or a generator expression: the parentheses belong to it */
        g->pos = save;
        return mk(ND_OTHER, s, skip_group(g));
    }
    g->err = true;
    return mk(ND_OTHER, t->start, t->end);
}

static Node p_primary(Seg *g)
{
    Ssize s0 = cur(g)->start;
    Node n = p_atom(g);
    while (!g->err) {
        if (at_op(g, ".")) {
            g->pos++;
            if (cur(g)->kind != TK_NAME) { g->err = true; break; }
            n = mk(ND_OTHER, s0, cur(g)->end);
            g->pos++;
        } else if (at_op(g, "(")) {
            n = mk(ND_OTHER, s0, skip_group(g));
        } else if (at_op(g, "[")) {
            Ssize value_end = n.end;
            n = mk(ND_SUBSCR, s0, skip_group(g));
            n.a = value_end;
        } else {
            break;
        }
    }
    return n;
}

static Node p_power(Seg *g);

static Node p_factor(Seg *g)
{
    if (at_op(g, "+") || at_op(g, "-") || at_op(g, "~")) {
        Ssize s = cur(g)->start;
        g->pos++;
        if (++g->depth > 200) { g->err = true; return mk(ND_OTHER, s, s); }
        p_factor(g);
        g->depth--;
        return mk(ND_OTHER, s, last_end(g));
    }
    return p_power(g);
}

static Node binop(Ssize start, Node l, Node r)
{
    Node n = mk(ND_BINOP, start, r.end);
    n.a = l.end;
    n.b = r.start;
    return n;
}

static Node p_power(Seg *g)
{
    Ssize s0 = cur(g)->start;
    Node n;
    if (at_kw(g, "await")) {
        Ssize s = cur(g)->start;
        g->pos++;
        p_primary(g);
        n = mk(ND_OTHER, s, last_end(g));
    } else {
        n = p_primary(g);
    }
    if (!g->err && at_op(g, "**")) {
        g->pos++;
        if (++g->depth > 200) { g->err = true; return n; }
        Node r = p_factor(g);
        g->depth--;
        n = binop(s0, n, r);
    }
    return n;
}

/* Left-associative binary levels, tightest last. */
static const char *const level_ops[][6] = {
    {"|", NULL}, {"^", NULL}, {"&", NULL}, {"<<", ">>", NULL}, {"+", "-", NULL},
    {"*", "/", "//", "%", "@", NULL},
};
#define NLEVELS 6

static Node p_binlevel(Seg *g, int level)
{
    if (level == NLEVELS) return p_factor(g);
    Ssize s0 = cur(g)->start;
    Node n = p_binlevel(g, level + 1);
    while (!g->err) {
        bool hit = false;
        for (int k = 0; level_ops[level][k]; k++)
            if (at_op(g, level_ops[level][k])) { hit = true; break; }
        if (!hit) break;
        g->pos++;
        Node r = p_binlevel(g, level + 1);
        n = binop(s0, n, r);
    }
    return n;
}

static bool at_compare(Seg *g)
{
    static const char *const cmp[] = {"<", ">", "==", ">=", "<=", "!=", NULL};
    for (int k = 0; cmp[k]; k++)
        if (at_op(g, cmp[k])) { g->pos++; return true; }
    if (at_kw(g, "in")) { g->pos++; return true; }
    if (at_kw(g, "is")) {
        g->pos++;
        if (at_kw(g, "not")) g->pos++;
        return true;
    }
    if (at_kw(g, "not")) {
        Tok *nx = &g->toks[g->pos + 1];
        if (nx->kind == TK_NAME && seg_word_is(g, nx->start, nx->end, "in")) {
            g->pos += 2;
            return true;
        }
    }
    return false;
}

static Node p_comparison(Seg *g)
{
    Ssize s0 = cur(g)->start;
    Node n = p_binlevel(g, 0);
    while (!g->err && at_compare(g)) {
        p_binlevel(g, 0);
        n = mk(ND_OTHER, s0, last_end(g));
    }
    return n;
}

static Node p_inversion(Seg *g)
{
    if (at_kw(g, "not")) {
        Ssize s = cur(g)->start;
        g->pos++;
        if (++g->depth > 200) { g->err = true; return mk(ND_OTHER, s, s); }
        p_inversion(g);
        g->depth--;
        return mk(ND_OTHER, s, last_end(g));
    }
    return p_comparison(g);
}

static Node p_boolop(Seg *g, const char *kw)
{
    Ssize s0 = cur(g)->start;
    Node n = kw[0] == 'o' ? p_boolop(g, "and") : p_inversion(g);
    while (!g->err && at_kw(g, kw)) {
        g->pos++;
        kw[0] == 'o' ? p_boolop(g, "and") : p_inversion(g);
        n = mk(ND_OTHER, s0, last_end(g));
    }
    return n;
}

static Node p_expr(Seg *g)
{
    if (++g->depth > 200) { g->err = true; return mk(ND_OTHER, 0, 0); }
    Node n;
    if (at_kw(g, "lambda")) {
        Ssize s = cur(g)->start;
        int depth = 0;
        while (cur(g)->kind != TK_END) {
            if (at_op(g, "(") || at_op(g, "[") || at_op(g, "{")) depth++;
            else if (at_op(g, ")") || at_op(g, "]") || at_op(g, "}")) depth--;
            else if (depth == 0 && at_op(g, ":")) break;
            g->pos++;
        }
        if (!at_op(g, ":")) { g->err = true; g->depth--; return mk(ND_OTHER, s, s); }
        g->pos++;
        p_expr(g);
        n = mk(ND_OTHER, s, last_end(g));
    } else {
        Ssize s0 = cur(g)->start;
        n = p_boolop(g, "or");
        if (!g->err && at_kw(g, "if")) {
            g->pos++;
            p_boolop(g, "or");
            if (!g->err && at_kw(g, "else")) {
                g->pos++;
                p_expr(g);
                n = mk(ND_OTHER, s0, last_end(g));
            } else {
                g->err = true;
            }
        }
    }
    g->depth--;
    return n;
}

static const char *const stmt_keywords[] = {
    "raise", "return", "del", "assert", "import", "from", "global", "nonlocal", "pass",
    "break", "continue", "if", "while", "for", "def", "class", "with", "try", "async",
    "elif", "else", "except", "finally", "yield", NULL};

/* The top node of the segment when it is one expression statement; kind
 * ND_OTHER when it is anything else or does not parse. */
static Node parse_segment(const uint32_t *s, Ssize n)
{
    Seg g = {s, n, NULL, 0, 0, 0, false};
    Node none = mk(ND_OTHER, 0, 0);
    if (!tokenize(&g)) { free(g.toks); return none; }
    Tok *t = cur(&g);
    /* an indented segment would not parse as a statement */
    if (t->kind == TK_END || t->start != 0) { free(g.toks); return none; }
    for (int k = 0; stmt_keywords[k]; k++)
        if (at_kw(&g, stmt_keywords[k])) { free(g.toks); return none; }
    if (at_op(&g, "*")) { free(g.toks); return none; }
    Node top = p_expr(&g);
    if (!g.err && at_op(&g, ",")) top.kind = ND_OTHER;   /* a tuple */
    if (!g.err && at_op(&g, ";") && g.toks[g.pos + 1].kind == TK_END) g.pos++;
    if (g.err || cur(&g)->kind != TK_END) top.kind = ND_OTHER;
    free(g.toks);
    return top;
}

/* ---- one source line with its carets ----------------------------------------- */

void traceback_format_source(SBuf *out, const char *margin, const char *line, size_t len,
                             SrcPos pos)
{
    size_t n;
    uint32_t *cps = decode_utf8(line, len, &n);
    Ssize trunc = 0;
    while ((size_t)trunc < n && is_blank(cps[trunc])) trunc++;
    /* 3.12 prints the line from its first non-blank character, trailing
     * blanks included. */
    sbuf_puts(out, margin);
    sbuf_puts(out, "    ");
    for (size_t i = (size_t)trunc; i < n; i++) put_cp(out, cps[i]);
    sbuf_putc(out, '\n');

    if (pos.line < 0 || pos.end_line < 0 || pos.col < 0 || pos.end_col < 0) goto done;
    Ssize start = byte_to_char_offset(line, len, pos.col);
    Ssize end;
    bool multiline = pos.end_line != pos.line;
    if (multiline) {
        /* marked to the end of the first line, trailing blanks excluded */
        end = (Ssize)n;
        while (end > 0 && is_ws(cps[end - 1])) end--;
    } else {
        end = byte_to_char_offset(line, len, pos.end_col);
    }
    if (start < trunc || end <= start || (size_t)end > n) goto done;

    Ssize left = -1, right = -1;
    if (!multiline) {
        Node top = parse_segment(cps + start, end - start);
        if (top.kind == ND_BINOP) {
            const uint32_t *s = cps + start;
            for (Ssize i = top.a; i < top.b; i++) {
                if (is_ws(s[i])) continue;
                left = i;
                right = i + 1;
                /* a two-character operator (or what follows it, as 3.12 has it) */
                if (i + 1 < top.b && !is_ws(s[i + 1])) right++;
                /* a closing parenthesis of the left operand: keep looking */
                if (i + 1 < top.b && s[i] == ')') continue;
                break;
            }
        } else if (top.kind == ND_SUBSCR) {
            const uint32_t *s = cps + start;
            Ssize segn = end - start;
            left = top.a;
            while (left < segn && s[left] != '[') left++;
            right = segn;
        }
        if (left >= 0) { left += start; right += start; }
    }
    bool split = left >= 0;
    if (end - start == (Ssize)n - trunc && !split) goto done;
    sbuf_puts(out, margin);
    sbuf_puts(out, "    ");
    for (Ssize i = trunc; i < start; i++) sbuf_pad(out, ' ', (size_t)cp_width(cps[i]));
    for (Ssize i = start; i < end; i++)
        sbuf_pad(out, !split ? '^' : (i >= left && i < right) ? '^' : '~', (size_t)cp_width(cps[i]));
    sbuf_putc(out, '\n');
done:
    free(cps);
}

/* ---- source files ----------------------------------------------------------- */

typedef struct SrcCache {
    char *name;           /* co_filename as given */
    unsigned char *data;  /* file contents, NULL when unreadable */
    size_t len;
} SrcCache;

static void src_cache_free(SrcCache *c)
{
    free(c->name);
    free(c->data);
    c->name = NULL;
    c->data = NULL;
    c->len = 0;
}

/* Source text of standard-library files whose code pydbg runs natively
 * (traceback_register_source), used when the file itself is absent. */
typedef struct NativeSource { char *name; char *text; size_t len; } NativeSource;
static NativeSource *native_sources;
static size_t n_native_sources;

void traceback_register_source(const char *filename, const char *text, size_t len)
{
    size_t i;
    for (i = 0; i < n_native_sources; i++)
        if (strcmp(native_sources[i].name, filename) == 0) break;
    if (i == n_native_sources) {
        native_sources = xrealloc(native_sources, (n_native_sources + 1) * sizeof *native_sources);
        native_sources[n_native_sources++].name = xstrdup(filename);
    } else {
        free(native_sources[i].text);
    }
    native_sources[i].text = xmalloc(len + 1);
    memcpy(native_sources[i].text, text, len);
    native_sources[i].text[len] = 0;
    native_sources[i].len = len;
}

static unsigned char *read_source(const char *fname, size_t *len)
{
    Diag d = {0};
    unsigned char *data = file_read_all(fname, len, &d);
    if (data) return data;
    for (size_t i = 0; i < n_native_sources; i++)
        if (strcmp(native_sources[i].name, fname) == 0) {
            *len = native_sources[i].len;
            data = xmalloc(*len + 1);
            memcpy(data, native_sources[i].text, *len + 1);
            return data;
        }
    /* CPython then tries each sys.path entry with the file's base name. */
    const char *tail = strrchr(fname, '/');
    tail = tail ? tail + 1 : fname;
    Obj *path = vm ? sys_get_borrow("path") : NULL;
    if (!path || !LIST_CHECK(path)) return NULL;
    for (Ssize i = 0; i < LIST_LEN(path); i++) {
        Obj *dir = LIST_ITEMS(path)[i];
        if (!STR_CHECK(dir)) continue;
        Ssize dl;
        const char *ds = str_utf8_lossy(dir, &dl);
        SBuf b = SBUF_INIT;
        sbuf_put(&b, ds, (size_t)dl);
        if (dl && ds[dl - 1] != '/') sbuf_putc(&b, '/');
        sbuf_puts(&b, tail);
        diag_clear(&d);
        data = file_read_all(sbuf_cstr(&b), len, &d);
        sbuf_free(&b);
        if (data) return data;
    }
    return NULL;
}

/* Line `lineno` (1-based) of the file, universal newlines, without its end. */
static bool source_line(SrcCache *c, const char *fname, int32_t lineno, const char **p, size_t *n)
{
    if (lineno < 1) return false;
    if (!c->name || strcmp(c->name, fname) != 0) {
        src_cache_free(c);
        c->name = xstrdup(fname);
        c->data = read_source(fname, &c->len);
    }
    if (!c->data) return false;
    const char *s = (const char *)c->data, *e = s + c->len;
    if (c->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;
    int32_t cur_line = 1;
    while (s < e && cur_line < lineno) {
        if (*s == '\n') cur_line++;
        else if (*s == '\r') {
            if (s + 1 < e && s[1] == '\n') s++;
            cur_line++;
        }
        s++;
    }
    if (cur_line != lineno || s >= e) return false;
    const char *q = s;
    while (q < e && *q != '\n' && *q != '\r') q++;
    *p = s;
    *n = (size_t)(q - s);
    return true;
}

/* ---- the printing context ------------------------------------------------------ */

#define TB_RECURSIVE_CUTOFF 3
#define TB_DEFAULT_LIMIT 1000
#define MAX_GROUP_WIDTH 15
#define MAX_GROUP_DEPTH 10

typedef struct Ctx {
    Obj *file;            /* NULL: fd 2 */
    SBuf out;
    int depth;            /* exception-group depth (0: not in a group) */
    bool need_close;      /* the next exception printed closes a group box */
    Obj **seen;           /* open-addressing set of printed exceptions */
    size_t seen_cap, seen_len;
    SrcCache src;
    int rec;              /* recursion guard */
    /* The traceback module's formatting (traceback_format_chunks): the text
     * is cut into the pieces traceback.py's generators yield, limit and
     * chain are its arguments, and source lines are shown as FrameSummary
     * shows them (stripped at both ends). */
    Obj *chunks;          /* list of str, or NULL when printing to a file */
    bool pymod, no_chain, only, has_limit;
    Ssize limit;
    Obj *top, *top_tb;    /* top_tb replaces top's __traceback__ (tb argument) */
    bool failed;          /* a chunk could not be made (MemoryError) */
} Ctx;

/* traceback.py yields here: the text so far becomes one chunk. */
static void cut(Ctx *c)
{
    if (!c->chunks || !c->out.len) return;
    Obj *s = str_from_utf8(c->out.data, (Ssize)c->out.len);
    if (!s || list_append(c->chunks, s) < 0) {
        vm_err_clear();
        c->failed = true;
    }
    XDECREF(s);
    sbuf_reset(&c->out);
}

static void emit(Ctx *c)
{
    if (c->chunks) return;
    if (!c->out.len) return;
    Obj *exc = vm_err_fetch();
    io_write_utf8(c->file, c->out.data, c->out.len);
    vm_err_clear();
    vm_err_restore(exc);
    sbuf_reset(&c->out);
}

static void margin(Ctx *c, char ch)
{
    if (c->depth <= 0) return;
    sbuf_pad(&c->out, ' ', (size_t)(2 * c->depth));
    sbuf_putc(&c->out, ch);
    sbuf_putc(&c->out, ' ');
}

static const char *margin_str(Ctx *c, char *buf, size_t cap)
{
    if (c->depth <= 0) return "";
    size_t k = 0;
    for (int i = 0; i < 2 * c->depth && k + 3 < cap; i++) buf[k++] = ' ';
    buf[k++] = '|';
    buf[k++] = ' ';
    buf[k] = 0;
    return buf;
}

static size_t ptr_slot(const void *p, size_t cap)
{
    uintptr_t x = (uintptr_t)p;
    return (size_t)((x >> 4) * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

static bool seen_has(Ctx *c, Obj *o)
{
    if (!c->seen_cap) return false;
    for (size_t j = ptr_slot(o, c->seen_cap); c->seen[j]; j = (j + 1) & (c->seen_cap - 1))
        if (c->seen[j] == o) return true;
    return false;
}

static void seen_add(Ctx *c, Obj *o)
{
    if (seen_has(c, o)) return;
    if ((c->seen_len + 1) * 2 > c->seen_cap) {
        size_t ncap = c->seen_cap ? c->seen_cap * 2 : 16;
        Obj **n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < c->seen_cap; i++)
            if (c->seen[i]) {
                size_t j = ptr_slot(c->seen[i], ncap);
                while (n[j]) j = (j + 1) & (ncap - 1);
                n[j] = c->seen[i];
            }
        free(c->seen);
        c->seen = n;
        c->seen_cap = ncap;
    }
    size_t j = ptr_slot(o, c->seen_cap);
    while (c->seen[j]) j = (j + 1) & (c->seen_cap - 1);
    c->seen[j] = o;
    c->seen_len++;
}

/* sys.tracebacklimit as 3.12 reads it (ints only; <= 0 prints no entries). */
static Ssize tb_limit(void)
{
    Obj *l = vm ? sys_get_borrow("tracebacklimit") : NULL;
    if (!l || !INT_CHECK(l)) return TB_DEFAULT_LIMIT;
    int64_t v;
    if (int_as_i64(l, &v) < 0) {
        vm_err_clear();
        return int_sign(l) < 0 ? 0 : (Ssize)INT64_MAX;
    }
    return v <= 0 ? 0 : (Ssize)v;
}

static void put_str(SBuf *b, Obj *s)
{
    if (!s || !STR_CHECK(s)) { sbuf_puts(b, "???"); return; }
    Ssize n;
    const char *p = str_utf8_lossy(s, &n);
    sbuf_put(b, p, (size_t)n);
}

static void print_repeat(Ctx *c, Ssize cnt)
{
    if (cnt <= TB_RECURSIVE_CUTOFF) return;
    cnt -= TB_RECURSIVE_CUTOFF;
    margin(c, '|');
    sbuf_printf(&c->out, "  [Previous line repeated %ld more time%s]\n", (long)cnt,
                cnt > 1 ? "s" : "");
    cut(c);
}

static void print_entry(Ctx *c, TracebackObj *tb)
{
    CodeRtObj *co = tb->frame ? tb->frame->code : NULL;
    margin(c, '|');
    sbuf_puts(&c->out, "  File \"");
    put_str(&c->out, co ? co->filename : NULL);
    sbuf_printf(&c->out, "\", line %ld, in ", (long)tb->lineno);
    put_str(&c->out, co ? co->name : NULL);
    sbuf_putc(&c->out, '\n');
    if (!co || !co->filename || !STR_CHECK(co->filename)) return;
    /* While the modules are finalised CPython cannot import what reads the
     * source (io): its tracebacks show no source lines then. */
    if (vm->finalizing) return;
    Ssize fl;
    const char *fname = str_utf8_lossy(co->filename, &fl);
    const char *line;
    size_t len;
    if (!source_line(&c->src, fname, tb->lineno, &line, &len)) return;
    if (c->pymod) {
        /* FrameSummary.line is stripped: an all-blank line shows nothing,
         * trailing blanks neither print nor count for the carets */
        while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\f' ||
                           line[len - 1] == '\v'))
            len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\f' || line[k] == '\v')) k++;
        if (k == len) return;
    }
    SrcPos pos = {-1, -1, -1, -1};
    if (tb->lasti >= 0 && (uint32_t)tb->lasti < co->insns.n)
        pos = linetable_pos_at(&co->lines, co->insns.v[tb->lasti].offset);
    if (pos.line != tb->lineno) pos.col = pos.end_col = -1;
    char mb[64];
    traceback_format_source(&c->out, margin_str(c, mb, sizeof mb), line, len, pos);
}

static void print_tb(Ctx *c, Obj *tbo, bool group)
{
    Ssize depth = 0;
    for (Obj *t = tbo; t && IS_TYPE(t, traceback_type); t = ((TracebackObj *)t)->next) depth++;
    Obj *t = tbo;
    Ssize count = depth;      /* entries printed from t on */
    if (c->chunks) {
        /* traceback.py: limit None is sys.tracebacklimit (negative: 0);
         * limit >= 0 keeps the outermost `limit` entries, limit < 0 the
         * innermost -limit; no entries left, no header */
        Ssize limit = -1;
        bool has = c->has_limit;
        if (has) {
            limit = c->limit;
        } else {
            Obj *l = vm ? sys_get_borrow("tracebacklimit") : NULL;
            int64_t v;
            if (l && INT_CHECK(l) && int_as_i64(l, &v) == 0) {
                has = true;
                limit = v < 0 ? 0 : (Ssize)v;
            }
            vm_err_clear();
        }
        if (has && limit >= 0) {
            if (count > limit) count = limit;
        } else if (has) {
            while (depth > -limit && t) {
                depth--;
                t = ((TracebackObj *)t)->next;
            }
            count = depth;
        }
        if (count <= 0) return;
    } else {
        /* sys.tracebacklimit <= 0: not even the header */
        Ssize limit = tb_limit();
        if (limit <= 0) return;
        while (depth > limit && t) {
            depth--;
            t = ((TracebackObj *)t)->next;
        }
        count = depth;
    }
    margin(c, group && c->depth == 1 ? '+' : '|');
    sbuf_puts(&c->out, group ? "Exception Group Traceback (most recent call last):\n"
                             : "Traceback (most recent call last):\n");
    cut(c);
    Obj *last_file = NULL, *last_name = NULL;
    int32_t last_line = -2;
    Ssize cnt = 0;
    for (; t && IS_TYPE(t, traceback_type) && count > 0; t = ((TracebackObj *)t)->next, count--) {
        TracebackObj *tb = (TracebackObj *)t;
        CodeRtObj *co = tb->frame ? tb->frame->code : NULL;
        Obj *file = co ? co->filename : NULL, *name = co ? co->name : NULL;
        bool same = last_file && file && name && last_name && tb->lineno == last_line &&
                    str_eq(file, last_file) && str_eq(name, last_name);
        if (!same) {
            print_repeat(c, cnt);
            last_file = file;
            last_name = name;
            last_line = tb->lineno;
            cnt = 0;
        }
        cnt++;
        if (cnt <= TB_RECURSIVE_CUTOFF) {
            print_entry(c, tb);
            cut(c);
        }
    }
    print_repeat(c, cnt);
}

/* ---- suggestions ("Did you mean") ---------------------------------------------- */

#define SUGG_MOVE_COST 2
#define SUGG_CASE_COST 1
#define SUGG_MAX_STRING 40
#define SUGG_MAX_ITEMS 750

static size_t subst_cost(char a, char b)
{
    if (a == b) return 0;
    char la = (a >= 'A' && a <= 'Z') ? (char)(a + 32) : a;
    char lb = (b >= 'A' && b <= 'Z') ? (char)(b + 32) : b;
    return la == lb ? SUGG_CASE_COST : SUGG_MOVE_COST;
}

/* Weighted edit distance over UTF-8 bytes (moves 2, case changes 1); any
 * value above max_cost is reported as max_cost + 1. */
static size_t edit_distance(const char *a, size_t an, const char *b, size_t bn, size_t max_cost)
{
    if (an > SUGG_MAX_STRING || bn > SUGG_MAX_STRING) return max_cost + 1;
    while (an && bn && *a == *b) { a++; b++; an--; bn--; }
    while (an && bn && a[an - 1] == b[bn - 1]) { an--; bn--; }
    if (!an || !bn) return (an + bn) * SUGG_MOVE_COST;
    if (an > bn) {
        const char *t = a; a = b; b = t;
        size_t tn = an; an = bn; bn = tn;
    }
    if ((bn - an) * SUGG_MOVE_COST > max_cost) return max_cost + 1;
    size_t row[SUGG_MAX_STRING + 1];
    for (size_t i = 0; i < an; i++) row[i] = (i + 1) * SUGG_MOVE_COST;
    size_t result = 0;
    for (size_t j = 0; j < bn; j++) {
        size_t diag = j * SUGG_MOVE_COST;
        result = diag;
        size_t best = (size_t)-1;
        for (size_t i = 0; i < an; i++) {
            size_t sub = diag + subst_cost(b[j], a[i]);
            diag = row[i];
            size_t ins = (result < diag ? result : diag) + SUGG_MOVE_COST;
            result = ins < sub ? ins : sub;
            row[i] = result;
            if (result < best) best = result;
        }
        if (best > max_cost) return max_cost + 1;
    }
    return result;
}

/* The closest candidate in the list of str `dir` (BORROWED), or NULL. */
static Obj *closest_name(Obj *dir, Obj *name)
{
    if (!dir || !LIST_CHECK(dir) || LIST_LEN(dir) >= SUGG_MAX_ITEMS) return NULL;
    Ssize nn;
    const char *ns = str_utf8_lossy(name, &nn);
    Obj *best = NULL;
    size_t best_d = (size_t)-1;
    for (Ssize i = 0; i < LIST_LEN(dir); i++) {
        Obj *item = LIST_ITEMS(dir)[i];
        if (!STR_CHECK(item) || str_eq(item, name)) continue;
        Ssize in;
        const char *is = str_utf8_lossy(item, &in);
        size_t maxd = ((size_t)nn + (size_t)in + 3) * SUGG_MOVE_COST / 6;
        if (best && best_d - 1 < maxd) maxd = best_d - 1;
        size_t d = edit_distance(ns, (size_t)nn, is, (size_t)in, maxd);
        if (d > maxd) continue;
        if (!best || d < best_d) {
            best = item;
            best_d = d;
        }
    }
    return best;
}

static Obj *attr_or_null(Obj *o, const char *name)
{
    Obj *v = NULL;
    if (obj_lookup_attr(o, id_str(name), &v) < 0) {
        vm_err_clear();
        return NULL;
    }
    return v;
}

/* Local variable names of a frame's code (co_varnames), as a list. */
static Obj *frame_varnames(Frame *f)
{
    Obj *l = list_new(0);
    if (!l) return NULL;
    CodeRtObj *co = f->code;
    if (!co || !co->localsplusnames) return l;
    for (Ssize i = 0; i < TUPLE_LEN(co->localsplusnames); i++) {
        if (co->localspluskinds && !(co->localspluskinds[i] & CO_FAST_LOCAL)) continue;
        if (list_append(l, TUPLE_ITEMS(co->localsplusnames)[i]) < 0) {
            DECREF(l);
            return NULL;
        }
    }
    return l;
}

static Obj *frame_local_borrow(Frame *f, const char *name)
{
    CodeRtObj *co = f->code;
    if (!co || !co->localsplusnames) return NULL;
    for (Ssize i = 0; i < TUPLE_LEN(co->localsplusnames) && i < co->nlocalsplus; i++) {
        if (!str_eq_cstr(TUPLE_ITEMS(co->localsplusnames)[i], name)) continue;
        Obj *v = f->localsplus[i];
        if (v && IS_TYPE(v, cell_type) && co->localspluskinds &&
            (co->localspluskinds[i] & (CO_FAST_CELL | CO_FAST_FREE)))
            v = ((CellObj *)v)->ref;
        return v;
    }
    return NULL;
}

static bool is_stdlib_module(Obj *name)
{
    Obj *names = sys_get_borrow("stdlib_module_names");
    if (!names) return false;
    int r = obj_contains(names, name);
    if (r < 0) vm_err_clear();
    return r > 0;
}

/* Append the suggestion text for exc (". Did you mean: 'x'?") to out. */
static void suggest(SBuf *out, Obj *exc, Obj *tb)
{
    TypeObj *t = OBJ_TYPE(exc);
    Obj *name = NULL, *found = NULL, *dir = NULL;
    bool forget_import = false;
    if (type_is_subtype(t, &exc_NameError)) {
        name = attr_or_null(exc, "name");
        if (!name || !STR_CHECK(name)) goto done;
        /* the innermost frame of the traceback */
        TracebackObj *last = NULL;
        for (Obj *p = tb; p && IS_TYPE(p, traceback_type); p = ((TracebackObj *)p)->next)
            last = (TracebackObj *)p;
        if (!last || !last->frame) goto done;
        Frame *f = last->frame;
        dir = frame_varnames(f);
        if (!dir) { vm_err_clear(); goto done; }
        Obj *self = NULL;
        for (Ssize i = 0; i < LIST_LEN(dir); i++)
            if (str_eq_cstr(LIST_ITEMS(dir)[i], "self")) self = frame_local_borrow(f, "self");
        if (self) {
            Obj *v = NULL;
            int r = obj_lookup_attr(self, name, &v);
            if (r < 0) vm_err_clear();
            if (r > 0) {
                DECREF(v);
                sbuf_puts(out, ". Did you mean: 'self.");
                put_str(out, name);
                sbuf_puts(out, "'?");
                goto done;
            }
        }
        found = closest_name(dir, name);
        if (!found && f->globals && DICT_CHECK(f->globals)) {
            CLEAR(dir);
            dir = dict_keys_list(f->globals);
            if (!dir) vm_err_clear();
            found = closest_name(dir, name);
        }
        if (!found && f->builtins && DICT_CHECK(f->builtins)) {
            CLEAR(dir);
            dir = dict_keys_list(f->builtins);
            if (!dir) vm_err_clear();
            found = closest_name(dir, name);
        }
        forget_import = is_stdlib_module(name);
    } else if (type_is_subtype(t, &exc_AttributeError)) {
        name = attr_or_null(exc, "name");
        Obj *o = attr_or_null(exc, "obj");
        if (name && STR_CHECK(name) && o) {
            dir = obj_dir(o);
            if (!dir) vm_err_clear();
            found = closest_name(dir, name);
        }
        XDECREF(o);
    } else if (type_is_subtype(t, &exc_ImportError)) {
        Obj *mod = attr_or_null(exc, "name");
        name = attr_or_null(exc, "name_from");
        if (mod && STR_CHECK(mod) && name && STR_CHECK(name) && vm && vm->modules) {
            Obj *m = dict_get_borrow(vm->modules, mod);
            if (m) {
                dir = obj_dir(m);
                if (!dir) vm_err_clear();
                found = closest_name(dir, name);
            } else {
                vm_err_clear();
            }
        }
        XDECREF(mod);
    }
    if (found) {
        sbuf_puts(out, ". Did you mean: '");
        put_str(out, found);
        sbuf_puts(out, "'?");
    }
    if (forget_import) {
        sbuf_puts(out, found ? " Or did you forget to import '" : ". Did you forget to import '");
        put_str(out, name);
        sbuf_puts(out, "'?");
    }
done:
    XDECREF(name);
    XDECREF(dir);
}

/* ---- one exception ---------------------------------------------------------------- */

static void put_text(Ctx *c, Obj *s)
{
    Ssize n;
    const char *p = str_utf8_lossy(s, &n);
    /* split on '\n' exactly as str.split('\n') would, one margin per piece */
    size_t i = 0, len = (size_t)n;
    for (;;) {
        size_t j = i;
        while (j < len && p[j] != '\n') j++;
        margin(c, '|');
        sbuf_put(&c->out, p + i, j - i);
        sbuf_putc(&c->out, '\n');
        cut(c);
        if (j >= len) break;
        i = j + 1;
    }
}

static void print_notes(Ctx *c, Obj *exc)
{
    emit(c);
    Obj *notes = attr_or_null(exc, "__notes__");
    if (!notes || notes == NONE) { XDECREF(notes); return; }
    if (!LIST_CHECK(notes) && !TUPLE_CHECK(notes)) {
        Obj *r = obj_repr(notes);
        if (!r) {
            vm_err_clear();
            margin(c, '|');
            sbuf_puts(&c->out, "<__notes__ repr() failed>\n");
        } else {
            put_text(c, r);
            DECREF(r);
        }
        DECREF(notes);
        return;
    }
    Obj *seq = seq_to_tuple(notes);
    DECREF(notes);
    if (!seq) { vm_err_clear(); return; }
    for (Ssize i = 0; i < TUPLE_LEN(seq); i++) {
        Obj *note = TUPLE_ITEMS(seq)[i];
        Obj *s = STR_CHECK(note) ? INCREF(note) : obj_str(note);
        if (!s) {
            vm_err_clear();
            margin(c, '|');
            sbuf_puts(&c->out, "<note str() failed>\n");
            continue;
        }
        put_text(c, s);
        DECREF(s);
        emit(c);
    }
    DECREF(seq);
}

/* An int attribute (bool included); None gives dflt.  false: not an int. */
static bool int_attr(Obj *exc, const char *name, int64_t dflt, int64_t *out)
{
    Obj *v = attr_or_null(exc, name);
    if (!v) return false;
    bool ok = true;
    if (v == NONE) *out = dflt;
    else if (!INT_CHECK(v) || int_as_i64(v, out) < 0) ok = false;
    DECREF(v);
    vm_err_clear();
    return ok;
}

/* The text line of a SyntaxError with its carets, as 3.12 prints it:
 * blanks stripped, positions counted from the start of the stripped text
 * (the clipping and the multi-line end work on UTF-8 bytes, the offsets are
 * used as given — measured over 1296 combinations), embedded newlines
 * before the offset skipped, no caret left of the text. */
static void print_error_text(Ctx *c, int64_t offset, int64_t end_offset, bool multiline,
                             Obj *text)
{
    Ssize n;
    const char *p = str_utf8_lossy(text, &n);
    int64_t o = offset >= 0 ? offset - 1 : -1, e = end_offset - 1;
    bool has_off = offset > 0;
    while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\f')) {
        p++;
        n--;
        o--;
        e--;
    }
    int64_t len = n;
    if (len > 0 && p[len - 1] == '\n') len--;
    if (o > len) o = len;
    for (;;) {
        const char *nl = memchr(p, '\n', (size_t)n);
        if (!nl) break;
        int64_t inl = nl - p;
        if (inl >= o) break;
        inl++;
        p += inl;
        n -= (Ssize)inl;
        len -= inl;
        o -= inl;
        e -= inl;
    }
    margin(c, '|');
    sbuf_puts(&c->out, "    ");
    sbuf_put(&c->out, p, (size_t)n);
    if (n == 0 || p[n - 1] != '\n') sbuf_putc(&c->out, '\n');
    cut(c);
    if (!has_off || o < 0) return;
    int64_t end;
    if (multiline) end = n - 1;
    else if (end_offset <= 0) end = o + 1;
    else end = e;
    if (end > n) end = n;
    if (end <= o) end = o + 1;
    margin(c, '|');
    sbuf_puts(&c->out, "    ");
    sbuf_pad(&c->out, ' ', (size_t)o);
    sbuf_pad(&c->out, '^', (size_t)(end - o));
    sbuf_putc(&c->out, '\n');
    cut(c);
}

/* SyntaxError: the `File "f", line N` header and the text; returns the
 * message to print instead of str(exc) (new ref, may be None), or NULL when
 * the attributes do not parse (then str(exc) is printed). */
static Obj *print_syntax_error_location(Ctx *c, Obj *exc)
{
    int64_t lineno, offset, end_lineno, end_offset;
    Obj *msg = attr_or_null(exc, "msg");
    if (!msg) return NULL;
    if (!int_attr(exc, "lineno", -2, &lineno) || lineno == -2 ||
        !int_attr(exc, "offset", -1, &offset) ||
        !int_attr(exc, "end_lineno", lineno, &end_lineno) ||
        !int_attr(exc, "end_offset", -1, &end_offset)) {
        DECREF(msg);
        return NULL;
    }
    Obj *fn = attr_or_null(exc, "filename");
    Obj *text = attr_or_null(exc, "text");
    margin(c, '|');
    sbuf_puts(&c->out, "  File \"");
    if (!fn || fn == NONE) {
        sbuf_puts(&c->out, "<string>");
    } else {
        Obj *fs = obj_str(fn);
        if (fs) put_str(&c->out, fs);
        XDECREF(fs);
        vm_err_clear();
    }
    sbuf_printf(&c->out, "\", line %ld\n", (long)lineno);
    cut(c);
    if (text && STR_CHECK(text))
        print_error_text(c, offset, end_offset, end_lineno != lineno, text);
    XDECREF(fn);
    XDECREF(text);
    vm_err_clear();
    return msg;
}

static void print_message(Ctx *c, Obj *exc)
{
    TypeObj *t = OBJ_TYPE(exc);
    Obj *synmsg = NULL;
    if (type_is_subtype(t, &exc_SyntaxError)) synmsg = print_syntax_error_location(c, exc);
    emit(c);
    margin(c, '|');
    Obj *mod = attr_or_null((Obj *)t, "__module__");
    if (!mod || !STR_CHECK(mod)) {
        sbuf_puts(&c->out, "<unknown>.");
    } else if (!str_eq_cstr(mod, "builtins") && !str_eq_cstr(mod, "__main__")) {
        put_str(&c->out, mod);
        sbuf_putc(&c->out, '.');
    }
    XDECREF(mod);
    Obj *qn = attr_or_null((Obj *)t, "__qualname__");
    if (qn && STR_CHECK(qn)) put_str(&c->out, qn);
    else sbuf_puts(&c->out, type_name(t));
    XDECREF(qn);
    Obj *s = NULL;
    if (synmsg == NONE) {
        /* a None message prints the type alone */
        s = str_from_cstr("");
    } else if (synmsg) {
        s = obj_str(synmsg);
    } else {
        s = obj_str(exc);
    }
    XDECREF(synmsg);
    if (!s) {
        vm_err_clear();
        sbuf_puts(&c->out, ": <exception str() failed>");
    } else {
        if (VAR_SIZE(s) > 0) {
            sbuf_puts(&c->out, ": ");
            put_str(&c->out, s);
        }
        DECREF(s);
    }
    ExcObj *e = (ExcObj *)exc;
    SBuf sug = SBUF_INIT;
    emit(c);
    suggest(&sug, exc, e->traceback);
    vm_err_clear();
    sbuf_put(&c->out, sbuf_cstr(&sug), sug.len);
    sbuf_free(&sug);
    sbuf_putc(&c->out, '\n');
    cut(c);
}

static void print_one(Ctx *c, Obj *exc, bool group)
{
    if (!EXC_CHECK(exc)) {
        margin(c, '|');
        sbuf_printf(&c->out,
                    "TypeError: print_exception(): Exception expected for value, %s found\n",
                    type_name(OBJ_TYPE(exc)));
        return;
    }
    Obj *tb = exc == c->top && c->top_tb ? c->top_tb : ((ExcObj *)exc)->traceback;
    if (tb && IS_TYPE(tb, traceback_type) && !c->only) print_tb(c, tb, group);
    print_message(c, exc);
    print_notes(c, exc);
    if (c->need_close) {
        sbuf_pad(&c->out, ' ', (size_t)(2 * c->depth));
        sbuf_puts(&c->out, "+------------------------------------\n");
        c->need_close = false;
        cut(c);
    }
    emit(c);
}

static void print_recursive(Ctx *c, Obj *exc);

static void print_chained(Ctx *c, Obj *exc, const char *message)
{
    bool need_close = c->need_close;
    c->need_close = false;
    print_recursive(c, exc);
    c->need_close = need_close;
    margin(c, '|');
    sbuf_putc(&c->out, '\n');
    margin(c, '|');
    sbuf_puts(&c->out, message);
    sbuf_putc(&c->out, '\n');
    margin(c, '|');
    sbuf_putc(&c->out, '\n');
    cut(c);
    emit(c);
}

static void print_cause_and_context(Ctx *c, Obj *exc)
{
    seen_add(c, exc);
    if (!EXC_CHECK(exc) || c->no_chain) return;
    ExcObj *e = (ExcObj *)exc;
    if (e->cause) {
        if (!seen_has(c, e->cause))
            print_chained(c, e->cause,
                          "The above exception was the direct cause of the following exception:");
        return;
    }
    if (e->suppress_context) return;
    if (e->context && !seen_has(c, e->context))
        print_chained(c, e->context,
                      "During handling of the above exception, another exception occurred:");
}

static void print_group(Ctx *c, Obj *exc)
{
    if (c->depth > MAX_GROUP_DEPTH) {
        margin(c, '|');
        sbuf_printf(&c->out, "... (max_group_depth is %d)\n", MAX_GROUP_DEPTH);
        cut(c);
        if (c->need_close) {
            sbuf_pad(&c->out, ' ', (size_t)(2 * c->depth));
            sbuf_puts(&c->out, "+------------------------------------\n");
            c->need_close = false;
            cut(c);
        }
        emit(c);
        return;
    }
    bool top = c->depth == 0;
    if (top) c->depth++;
    /* a group closes no box itself: its last leaf does */
    c->need_close = false;
    print_one(c, exc, true);
    Obj *excs = NULL;
    if (c->only) goto done;
    excs = attr_or_null(exc, "exceptions");
    if (excs && TUPLE_CHECK(excs)) {
        Ssize n = TUPLE_LEN(excs);
        bool truncated = n > MAX_GROUP_WIDTH;
        Ssize shown = truncated ? MAX_GROUP_WIDTH : n;
        for (Ssize i = 0; i < shown; i++) {
            bool last = i == shown - 1 && !truncated;
            if (i == 0) {
                sbuf_pad(&c->out, ' ', (size_t)(2 * c->depth));
                sbuf_puts(&c->out, "+-+");
            } else {
                sbuf_pad(&c->out, ' ', (size_t)(2 * (c->depth + 1)));
                sbuf_putc(&c->out, '+');
            }
            sbuf_printf(&c->out, "---------------- %ld ----------------\n", (long)(i + 1));
            cut(c);
            c->depth++;
            c->need_close = last;
            print_recursive(c, TUPLE_ITEMS(excs)[i]);
            c->depth--;
        }
        if (truncated) {
            c->depth++;
            sbuf_pad(&c->out, ' ', (size_t)(2 * c->depth));
            sbuf_puts(&c->out, "+---------------- ... ----------------\n");
            cut(c);
            Ssize more = n - MAX_GROUP_WIDTH;
            margin(c, '|');
            sbuf_printf(&c->out, "and %ld more exception%s\n", (long)more, more > 1 ? "s" : "");
            cut(c);
            sbuf_pad(&c->out, ' ', (size_t)(2 * c->depth));
            sbuf_puts(&c->out, "+------------------------------------\n");
            cut(c);
            c->depth--;
        }
    }
done:
    XDECREF(excs);
    vm_err_clear();
    emit(c);
    if (top) c->depth--;
}

static void print_recursive(Ctx *c, Obj *exc)
{
    if (++c->rec > 1000) {
        c->rec--;
        return;
    }
    print_cause_and_context(c, exc);
    if (EXC_CHECK(exc) && type_is_subtype(OBJ_TYPE(exc), &exc_BaseExceptionGroup))
        print_group(c, exc);
    else
        print_one(c, exc, false);
    c->rec--;
}

void traceback_print_exception_to(Obj *exc, Obj *file)
{
    if (!exc) return;
    Obj *saved = vm_err_fetch();
    Ctx c;
    memset(&c, 0, sizeof c);
    if (!file) {
        file = vm ? sys_get_borrow("stderr") : NULL;
        if (file == NONE) file = NULL;
    }
    if (!file && vm && vm->sys && sys_get_borrow("stderr") == NONE) {
        /* sys.stderr = None: nothing is printed */
        vm_err_restore(saved);
        return;
    }
    if (!file && vm && vm->sys) {
        /* no sys.stderr at all: 3.12 dumps the object on the C stderr and
         * says so; the dump (addresses) is left out */
        io_write_cstr(NULL, "lost sys.stderr\n");
        vm_err_restore(saved);
        return;
    }
    c.file = file ? INCREF(file) : NULL;
    INCREF(exc);
    print_recursive(&c, exc);
    emit(&c);
    DECREF(exc);
    XDECREF(c.file);
    sbuf_free(&c.out);
    free(c.seen);
    src_cache_free(&c.src);
    vm_err_clear();
    vm_err_restore(saved);
}

void traceback_print_exception(Obj *exc)
{
    traceback_print_exception_to(exc, NULL);
    /* flushed afterwards (stderr is line-buffered, so usually a no-op); 3.12
     * does not flush sys.stdout here (measured with sys.excepthook) */
    Obj *err = vm ? sys_get_borrow("stderr") : NULL;
    if (err && err != NONE) {
        Obj *saved = vm_err_fetch();
        Obj *r = obj_call_method(err, "flush", NULL, 0);
        XDECREF(r);
        vm_err_clear();
        vm_err_restore(saved);
    }
}

/* What 3.12's default sys.unraisablehook prints after its "Exception
 * ignored in" line: the traceback and `Type: str(exc)` alone — no chained
 * exceptions, notes or group boxes, and ": " even when str() is empty. */
void traceback_print_unraisable(Obj *exc)
{
    if (!exc) return;
    Obj *saved = vm_err_fetch();
    Obj *file = vm ? sys_get_borrow("stderr") : NULL;
    if (!file || file == NONE) {
        vm_err_restore(saved);
        return;
    }
    Ctx c;
    memset(&c, 0, sizeof c);
    c.file = INCREF(file);
    INCREF(exc);
    Obj *tb = EXC_CHECK(exc) ? ((ExcObj *)exc)->traceback : NULL;
    if (tb && IS_TYPE(tb, traceback_type)) print_tb(&c, tb, false);
    TypeObj *t = OBJ_TYPE(exc);
    Obj *mod = attr_or_null((Obj *)t, "__module__");
    if (!mod || !STR_CHECK(mod)) {
        sbuf_puts(&c.out, "<unknown>");
    } else {
        if (!str_eq_cstr(mod, "builtins") && !str_eq_cstr(mod, "__main__")) {
            put_str(&c.out, mod);
            sbuf_putc(&c.out, '.');
        }
        Obj *qn = attr_or_null((Obj *)t, "__qualname__");
        if (qn && STR_CHECK(qn)) put_str(&c.out, qn);
        else sbuf_puts(&c.out, type_name(t));
        XDECREF(qn);
    }
    XDECREF(mod);
    vm_err_clear();
    sbuf_puts(&c.out, ": ");
    Obj *str = obj_str(exc);
    if (str && STR_CHECK(str)) put_str(&c.out, str);
    else sbuf_puts(&c.out, "<exception str() failed>");
    XDECREF(str);
    vm_err_clear();
    sbuf_putc(&c.out, '\n');
    emit(&c);
    DECREF(exc);
    XDECREF(c.file);
    sbuf_free(&c.out);
    free(c.seen);
    src_cache_free(&c.src);
    vm_err_clear();
    vm_err_restore(saved);
    Obj *r = obj_call_method(file, "flush", NULL, 0);
    XDECREF(r);
    vm_err_clear();
}

/* The builtin sys.excepthook, to tell it from a replacement. */
static bool is_default_hook(Obj *hook)
{
    Obj *orig = sys_get_borrow("__excepthook__");
    return hook == orig;
}

void traceback_print_uncaught(Obj *exc)
{
    if (!exc) return;
    INCREF(exc);
    Obj *saved = vm_err_fetch();
    Obj *tb = EXC_CHECK(exc) && ((ExcObj *)exc)->traceback ? ((ExcObj *)exc)->traceback : NONE;
    if (vm && vm->sys) {
        Obj *d = module_dict_borrow(vm->sys);
        if (dict_set_str(d, "last_exc", exc) < 0 || dict_set_str(d, "last_type", (Obj *)OBJ_TYPE(exc)) < 0 ||
            dict_set_str(d, "last_value", exc) < 0 || dict_set_str(d, "last_traceback", tb) < 0)
            vm_err_clear();
    }
    Obj *hook = vm ? sys_get_borrow("excepthook") : NULL;
    if (!hook) {
        Obj *err = sys_get_borrow("stderr");
        io_write_cstr(err && err != NONE ? err : NULL, "sys.excepthook is missing\n");
        vm_err_clear();
        traceback_print_exception(exc);
    } else if (is_default_hook(hook)) {
        traceback_print_exception(exc);
    } else {
        INCREF(hook);
        Obj *args[3] = {(Obj *)OBJ_TYPE(exc), exc, tb};
        Obj *r = obj_call(hook, args, 3, NULL);
        DECREF(hook);
        if (r) {
            DECREF(r);
        } else {
            Obj *hexc = vm_err_fetch();
            Obj *err = sys_get_borrow("stderr");
            io_write_cstr(err && err != NONE ? err : NULL, "Error in sys.excepthook:\n");
            vm_err_clear();
            if (hexc) traceback_print_exception(hexc);
            err = sys_get_borrow("stderr");
            io_write_cstr(err && err != NONE ? err : NULL, "\nOriginal exception was:\n");
            vm_err_clear();
            traceback_print_exception(exc);
            XDECREF(hexc);
        }
    }
    vm_err_clear();
    vm_err_restore(saved);
    DECREF(exc);
}

/* ---- the traceback module's formatting ------------------------------------------ */

Obj *traceback_format_chunks(Obj *exc, const TbFormatOpts *o)
{
    Ctx c;
    memset(&c, 0, sizeof c);
    c.chunks = list_new(0);
    if (!c.chunks) return NULL;
    c.pymod = true;
    c.no_chain = !o->chain;
    c.only = o->only;
    c.has_limit = o->has_limit;
    c.limit = o->limit;
    c.top = exc;
    c.top_tb = o->tb;
    Obj *saved = vm_err_fetch();
    INCREF(exc);
    if (c.only) print_one(&c, exc, false);
    else print_recursive(&c, exc);
    cut(&c);
    DECREF(exc);
    sbuf_free(&c.out);
    free(c.seen);
    src_cache_free(&c.src);
    vm_err_clear();
    vm_err_restore(saved);
    if (c.failed) {
        DECREF(c.chunks);
        vm_err_no_memory();
        return NULL;
    }
    return c.chunks;
}

/* One-file cache for the module's source lookups (FrameSummary.line). */
static SrcCache module_src;

bool traceback_source_line(Obj *filename, int32_t lineno, SBuf *out)
{
    if (!filename || !STR_CHECK(filename)) return false;
    Ssize fl;
    const char *fname = str_utf8_lossy(filename, &fl);
    const char *line;
    size_t len;
    if (!source_line(&module_src, fname, lineno, &line, &len)) return false;
    sbuf_put(out, line, len);
    return true;
}

void traceback_format_frame_source(SBuf *out, const char *line, size_t len, SrcPos pos)
{
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\f' ||
                       line[len - 1] == '\v'))
        len--;
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\f' || line[k] == '\v')) k++;
    if (k == len) return;
    traceback_format_source(out, "", line, len, pos);
}

/* mod_traceback.c — the `traceback` module of CPython 3.12, natively.
 *
 * Exceptions are formatted by the VM's own traceback printer
 * (src/vm/traceback.c: traceback_format_chunks), the one that prints
 * uncaught exceptions, so print_exc()/format_exception() show exactly
 * what an uncaught exception would — chained causes, groups, notes,
 * "Did you mean" — cut into the pieces traceback.py's generators yield
 * (format_exception returns that list).  The differences traceback.py has
 * from the default hook are applied there: the module's `limit` (outermost
 * entries first, negative keeps the innermost) and source lines stripped at
 * both ends.
 *
 * Stacks (extract_tb/extract_stack) are StackSummary lists (a list
 * subclass) of FrameSummary objects; frames of a traceback carry the
 * instruction's positions (carets when formatted), frames of a live stack
 * only their line, as in 3.12.  TracebackException wraps the exception it
 * was made from and formats it through the same printer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *stacksummary_cls;
static TypeObj framesummary_type, tbexc_type;

/* ---- FrameSummary ------------------------------------------------------------- */

typedef struct FrameSummaryObj {
    Obj base;
    Obj *filename, *lineno, *name, *line, *locals;   /* line: the raw line or NULL */
    Obj *end_lineno, *colno, *end_colno;
    bool looked_up;      /* line was looked up (or given) */
} FrameSummaryObj;

static void fs_dealloc(Obj *o)
{
    FrameSummaryObj *f = (FrameSummaryObj *)o;
    gc_untrack(o);
    XDECREF(f->filename);
    XDECREF(f->lineno);
    XDECREF(f->name);
    XDECREF(f->line);
    XDECREF(f->locals);
    XDECREF(f->end_lineno);
    XDECREF(f->colno);
    XDECREF(f->end_colno);
    obj_free(o);
}

static int fs_traverse(Obj *o, VisitFn visit, void *arg)
{
    FrameSummaryObj *f = (FrameSummaryObj *)o;
    Obj *v[] = {f->filename, f->lineno, f->name, f->line, f->locals, f->end_lineno, f->colno,
                f->end_colno};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] && visit(v[i], arg)) return 1;
    return 0;
}

/* The raw source line (linecache.getline without its end), looked up once. */
static Obj *fs_raw_line(FrameSummaryObj *f)
{
    if (!f->looked_up) {
        f->looked_up = true;
        int64_t ln;
        if (f->lineno && INT_CHECK(f->lineno) && int_as_i64(f->lineno, &ln) == 0 && ln > 0 &&
            ln < INT32_MAX) {
            SBuf b = SBUF_INIT;
            if (traceback_source_line(f->filename, (int32_t)ln, &b))
                f->line = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
            else
                f->line = str_from_cstr("");
            sbuf_free(&b);
            if (!f->line) return NULL;
        }
        vm_err_clear();
    }
    return f->line;
}

/* FrameSummary.line: the line stripped, None when no line number. */
static Obj *fs_get_line(Obj *o, void *c)
{
    (void)c;
    FrameSummaryObj *f = (FrameSummaryObj *)o;
    Obj *raw = fs_raw_line(f);
    if (!raw) return vm_err_occurred() ? NULL : INCREF(NONE);
    return obj_call_method(raw, "strip", NULL, 0);
}

static Obj *new_frame_summary(Obj *filename, Obj *lineno, Obj *name, Obj *line, Obj *locals,
                              Obj *end_lineno, Obj *colno, Obj *end_colno)
{
    FrameSummaryObj *f = (FrameSummaryObj *)obj_alloc(&framesummary_type, 0);
    if (!f) return NULL;
    f->filename = INCREF(filename);
    f->lineno = INCREF(lineno ? lineno : NONE);
    f->name = INCREF(name);
    if (line && line != NONE) {
        f->line = INCREF(line);
        f->looked_up = true;
    }
    f->locals = locals && locals != NONE ? INCREF(locals) : NULL;
    f->end_lineno = INCREF(end_lineno ? end_lineno : NONE);
    f->colno = INCREF(colno ? colno : NONE);
    f->end_colno = INCREF(end_colno ? end_colno : NONE);
    return (Obj *)f;
}

static Obj *fs_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    static const char *const names[] = {"filename", "lineno", "name", "lookup_line", "locals",
                                        "line", "end_lineno", "colno", "end_colno"};
    Obj *v[9];
    if (mh_bind_m("FrameSummary.__init__", args, nargs, kwnames, names, 9, 3, 0, 3, 0, v) < 0)
        return NULL;
    Obj *locals = NULL;
    if (v[4] && v[4] != NONE) {
        /* {k: repr(v) for k, v in locals.items()} */
        locals = dict_new();
        Obj *items = locals ? obj_call_method(v[4], "items", NULL, 0) : NULL;
        Obj *it = items ? obj_getiter(items) : NULL;
        XDECREF(items);
        if (!it) {
            XDECREF(locals);
            return NULL;
        }
        Obj *kv;
        while ((kv = obj_iternext(it))) {
            Obj *t = seq_to_tuple(kv);
            DECREF(kv);
            Obj *r = t && TUPLE_LEN(t) == 2 ? obj_repr(TUPLE_ITEMS(t)[1]) : NULL;
            if (t && TUPLE_LEN(t) == 2 && !r) {
                vm_err_clear();
                r = str_from_cstr("<local repr() failed>");
            }
            int rc = r ? dict_set(locals, TUPLE_ITEMS(t)[0], r) : -1;
            XDECREF(r);
            XDECREF(t);
            if (rc < 0) {
                if (!vm_err_occurred()) vm_err_set_str(&exc_ValueError, "bad locals item");
                break;
            }
        }
        DECREF(it);
        if (vm_err_occurred()) {
            DECREF(locals);
            return NULL;
        }
    }
    Obj *f = new_frame_summary(v[0], v[1], v[2], v[5], locals, v[6], v[7], v[8]);
    XDECREF(locals);
    if (!f) return NULL;
    int look = v[3] ? obj_is_true(v[3]) : 1;
    if (look < 0) {
        DECREF(f);
        return NULL;
    }
    if (look && !fs_raw_line((FrameSummaryObj *)f) && vm_err_occurred()) {
        DECREF(f);
        return NULL;
    }
    return f;
}

static Obj *fs_repr(Obj *o)
{
    FrameSummaryObj *f = (FrameSummaryObj *)o;
    return str_from_fmt("<FrameSummary file %S, line %S in %S>", f->filename, f->lineno, f->name);
}

/* (filename, lineno, name, line) */
static Obj *fs_as_tuple(Obj *o)
{
    FrameSummaryObj *f = (FrameSummaryObj *)o;
    Obj *line = fs_get_line(o, NULL);
    if (!line) return NULL;
    Obj *t = tuple_pack(4, f->filename, f->lineno, f->name, line);
    DECREF(line);
    return t;
}

static Obj *fs_richcompare(Obj *a, Obj *b, int op)
{
    if (op != CMP_EQ && op != CMP_NE) return INCREF(NOTIMPL);
    Obj *r;
    if (IS_TYPE(b, framesummary_type)) {
        FrameSummaryObj *x = (FrameSummaryObj *)a, *y = (FrameSummaryObj *)b;
        Obj *lx = x->locals ? x->locals : NONE, *ly = y->locals ? y->locals : NONE;
        Obj *ta = tuple_pack(4, x->filename, x->lineno, x->name, lx);
        Obj *tb = ta ? tuple_pack(4, y->filename, y->lineno, y->name, ly) : NULL;
        r = tb ? obj_richcompare(ta, tb, op) : NULL;
        XDECREF(ta);
        XDECREF(tb);
        return r;
    }
    if (TUPLE_CHECK(b)) {
        Obj *ta = fs_as_tuple(a);
        if (!ta) return NULL;
        r = obj_richcompare(ta, b, op);
        DECREF(ta);
        return r;
    }
    return INCREF(NOTIMPL);
}

static Obj *fs_getitem(Obj *o, Obj *key)
{
    Obj *t = fs_as_tuple(o);
    if (!t) return NULL;
    Obj *r = obj_getitem(t, key);
    DECREF(t);
    return r;
}

static Obj *fs_iter(Obj *o)
{
    Obj *t = fs_as_tuple(o);
    if (!t) return NULL;
    Obj *r = obj_getiter(t);
    DECREF(t);
    return r;
}

static Ssize fs_len(Obj *o)
{
    (void)o;
    return 4;
}

#define FS_FIELD(fld)                                                      \
    static Obj *fs_get_##fld(Obj *o, void *c)                              \
    {                                                                      \
        (void)c;                                                           \
        Obj *v = ((FrameSummaryObj *)o)->fld;                              \
        return INCREF(v ? v : NONE);                                       \
    }                                                                      \
    static int fs_set_##fld(Obj *o, Obj *v, void *c)                       \
    {                                                                      \
        (void)c;                                                           \
        if (!v) {                                                          \
            vm_err_set_str(&exc_AttributeError, "can't delete attribute"); \
            return -1;                                                     \
        }                                                                  \
        obj_setref(&((FrameSummaryObj *)o)->fld, INCREF(v));               \
        return 0;                                                          \
    }
FS_FIELD(filename)
FS_FIELD(lineno)
FS_FIELD(name)
FS_FIELD(locals)
FS_FIELD(end_lineno)
FS_FIELD(colno)
FS_FIELD(end_colno)

static GetSetDef fs_getset[] = {
    {"filename", fs_get_filename, fs_set_filename, NULL, NULL},
    {"lineno", fs_get_lineno, fs_set_lineno, NULL, NULL},
    {"name", fs_get_name, fs_set_name, NULL, NULL},
    {"locals", fs_get_locals, fs_set_locals, NULL, NULL},
    {"end_lineno", fs_get_end_lineno, fs_set_end_lineno, NULL, NULL},
    {"colno", fs_get_colno, fs_set_colno, NULL, NULL},
    {"end_colno", fs_get_end_colno, fs_set_end_colno, NULL, NULL},
    {"line", fs_get_line, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static SequenceMethods fs_as_sequence = {.length = fs_len};
static MappingMethods fs_as_mapping = {.length = fs_len, .subscript = fs_getitem};

static TypeObj framesummary_type = {
    .base = TYPE_HEAD_INIT, .name = "traceback.FrameSummary", .basicsize = sizeof(FrameSummaryObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = fs_dealloc, .repr = fs_repr,
    .hash = hash_not_implemented, .getattro = obj_generic_getattr, .setattro = obj_generic_setattr,
    .richcompare = fs_richcompare, .iter = fs_iter, .traverse = fs_traverse, .new_ = fs_new,
    .as_sequence = &fs_as_sequence, .as_mapping = &fs_as_mapping, .getset = fs_getset,
    .doc = "Information about a single frame from a traceback.",
};

/* ---- StackSummary ------------------------------------------------------------- */

static int int_or_none(Obj *o, int64_t *out)
{
    if (!o || o == NONE || !INT_CHECK(o)) return 0;
    if (int_as_i64(o, out) < 0) {
        vm_err_clear();
        return 0;
    }
    return 1;
}

/* StackSummary.format_frame_summary(frame_summary) as text. */
static int format_frame_summary(SBuf *out, Obj *fso)
{
    if (!IS_TYPE(fso, framesummary_type)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'filename'",
                      type_name(OBJ_TYPE(fso)));
        return -1;
    }
    FrameSummaryObj *f = (FrameSummaryObj *)fso;
    Obj *head = str_from_fmt("  File \"%S\", line %S, in %S\n", f->filename, f->lineno, f->name);
    if (!head) return -1;
    Ssize n;
    const char *p = str_utf8_lossy(head, &n);
    sbuf_put(out, p, (size_t)n);
    DECREF(head);
    Obj *raw = fs_raw_line(f);
    if (!raw && vm_err_occurred()) return -1;
    if (raw && STR_CHECK(raw)) {
        int64_t ln = -1, eln = -1, col = -1, ecol = -1;
        SrcPos pos = {-1, -1, -1, -1};
        if (int_or_none(f->lineno, &ln) && int_or_none(f->colno, &col) &&
            int_or_none(f->end_colno, &ecol)) {
            if (!int_or_none(f->end_lineno, &eln)) eln = ln + 1;
            pos.line = (int32_t)ln;
            pos.end_line = (int32_t)eln;
            pos.col = (int32_t)col;
            pos.end_col = (int32_t)ecol;
        }
        const char *lp = str_utf8_lossy(raw, &n);
        size_t len = (size_t)n;
        while (len > 0 && (lp[len - 1] == '\n' || lp[len - 1] == '\r')) len--;
        traceback_format_frame_source(out, lp, len, pos);
    }
    if (f->locals && DICT_CHECK(f->locals)) {
        Obj *items = dict_items_list(f->locals);
        if (!items || list_sort(items, NULL, false) < 0) {
            XDECREF(items);
            return -1;
        }
        for (Ssize i = 0; i < LIST_LEN(items); i++) {
            Obj *kv = LIST_ITEMS(items)[i];
            Obj *s = str_from_fmt("    %S = %S\n", TUPLE_ITEMS(kv)[0], TUPLE_ITEMS(kv)[1]);
            if (!s) {
                DECREF(items);
                return -1;
            }
            p = str_utf8_lossy(s, &n);
            sbuf_put(out, p, (size_t)n);
            DECREF(s);
        }
        DECREF(items);
    }
    return 0;
}

static Obj *sbuf_to_str(SBuf *b)
{
    Obj *s = str_from_utf8(b->len ? b->data : "", (Ssize)b->len);
    sbuf_free(b);
    return s;
}

static Obj *ss_format_frame_summary(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("format_frame_summary", "format_frame_summary", nargs, kw, 1, 1) < 0) return NULL;
    SBuf b = SBUF_INIT;
    if (format_frame_summary(&b, args[0]) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_to_str(&b);
}

/* StackSummary.format(): one str per frame, runs of more than three
 * identical (file, line, name) summarised. */
static Obj *stack_format(Obj *stack)
{
    Obj *result = list_new(0);
    if (!result) return NULL;
    Obj *seq = seq_to_tuple(stack);
    if (!seq) goto fail;
    Obj *last_file = NULL, *last_line = NULL, *last_name = NULL;
    Ssize count = 0;
    for (Ssize i = 0; i <= TUPLE_LEN(seq); i++) {
        FrameSummaryObj *f = NULL;
        bool differs = true;
        if (i < TUPLE_LEN(seq)) {
            if (!IS_TYPE(TUPLE_ITEMS(seq)[i], framesummary_type)) {
                vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'filename'",
                              type_name(OBJ_TYPE(TUPLE_ITEMS(seq)[i])));
                goto fail_seq;
            }
            f = (FrameSummaryObj *)TUPLE_ITEMS(seq)[i];
            if (last_file) {
                int a = obj_richcompare_bool(last_file, f->filename, CMP_NE);
                int b2 = a == 0 ? obj_richcompare_bool(last_line, f->lineno, CMP_NE) : a;
                int c = b2 == 0 ? obj_richcompare_bool(last_name, f->name, CMP_NE) : b2;
                if (c < 0) goto fail_seq;
                differs = c != 0 || last_line == NONE;
            }
        }
        if (differs) {
            if (count > 3) {
                Ssize more = count - 3;
                Obj *s = str_from_fmt("  [Previous line repeated %zd more time%s]\n", more,
                                      more > 1 ? "s" : "");
                if (!s || list_append(result, s) < 0) {
                    XDECREF(s);
                    goto fail_seq;
                }
                DECREF(s);
            }
            if (!f) break;
            last_file = f->filename;
            last_line = f->lineno;
            last_name = f->name;
            count = 0;
        }
        count++;
        if (count > 3) continue;
        SBuf b = SBUF_INIT;
        if (format_frame_summary(&b, (Obj *)f) < 0) {
            sbuf_free(&b);
            goto fail_seq;
        }
        Obj *s = sbuf_to_str(&b);
        if (!s || list_append(result, s) < 0) {
            XDECREF(s);
            goto fail_seq;
        }
        DECREF(s);
    }
    DECREF(seq);
    return result;
fail_seq:
    DECREF(seq);
fail:
    DECREF(result);
    return NULL;
}

static Obj *ss_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_pos_args("format", "format", nargs, kw, 0, 0) < 0) return NULL;
    return stack_format(self);
}

static Obj *new_stack_summary(void)
{
    return obj_call(stacksummary_cls, NULL, 0, NULL);
}

/* StackSummary.from_list: FrameSummary items kept, 4-tuples converted. */
static Obj *stack_from_list(Obj *lst)
{
    Obj *r = new_stack_summary();
    Obj *it = r ? obj_getiter(lst) : NULL;
    if (!it) {
        XDECREF(r);
        return NULL;
    }
    Obj *item;
    while ((item = obj_iternext(it))) {
        Obj *fs;
        if (IS_TYPE(item, framesummary_type)) {
            fs = INCREF(item);
        } else {
            Obj *t = seq_to_tuple(item);
            if (t && TUPLE_LEN(t) != 4) {
                vm_err_format(&exc_ValueError, TUPLE_LEN(t) > 4 ? "too many values to unpack (expected 4)"
                                                                : "not enough values to unpack (expected 4, got %zd)",
                              TUPLE_LEN(t));
                CLEAR(t);
            }
            fs = t ? new_frame_summary(TUPLE_ITEMS(t)[0], TUPLE_ITEMS(t)[1], TUPLE_ITEMS(t)[2],
                                       TUPLE_ITEMS(t)[3], NULL, NULL, NULL, NULL)
                   : NULL;
            XDECREF(t);
        }
        DECREF(item);
        if (!fs || list_append(r, fs) < 0) {
            XDECREF(fs);
            DECREF(it);
            DECREF(r);
            return NULL;
        }
        DECREF(fs);
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(r);
        return NULL;
    }
    return r;
}

static Obj *ss_from_list(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls;
    if (mh_pos_args("from_list", "from_list", nargs, kw, 1, 1) < 0) return NULL;
    return stack_from_list(args[0]);
}

/* ---- extracting ------------------------------------------------------------------ */

/* The module's limit argument: 0 none given (None and no sys.tracebacklimit),
 * 1 with *out set; -1 with an exception. */
static int parse_limit(Obj *o, Ssize *out)
{
    if (!o || o == NONE) {
        Obj *l = sys_get_borrow("tracebacklimit");
        int64_t v;
        if (l && INT_CHECK(l) && int_as_i64(l, &v) == 0) {
            *out = v < 0 ? 0 : (Ssize)v;
            return 1;
        }
        vm_err_clear();
        return 0;
    }
    if (!INT_CHECK(o)) {
        vm_err_format(&exc_TypeError, "'<' not supported between instances of '%s' and 'int'",
                      type_name(OBJ_TYPE(o)));
        return -1;
    }
    int64_t v;
    if (int_as_i64(o, &v) < 0) return -1;
    *out = (Ssize)v;
    return 1;
}

static Obj *summary_of_tb(TracebackObj *tb)
{
    CodeRtObj *co = tb->frame ? tb->frame->code : NULL;
    if (!co) {
        vm_err_set_str(&exc_ValueError, "traceback without a frame");
        return NULL;
    }
    SrcPos pos = {-1, -1, -1, -1};
    if (tb->lasti >= 0 && (uint32_t)tb->lasti < co->insns.n)
        pos = linetable_pos_at(&co->lines, co->insns.v[tb->lasti].offset);
    Obj *ln = pos.line >= 0 ? int_from_i64(pos.line) : tb->lineno >= 0 ? int_from_i64(tb->lineno) : INCREF(NONE);
    Obj *eln = pos.end_line >= 0 ? int_from_i64(pos.end_line) : INCREF(NONE);
    Obj *col = pos.col >= 0 ? int_from_i64(pos.col) : INCREF(NONE);
    Obj *ecol = pos.end_col >= 0 ? int_from_i64(pos.end_col) : INCREF(NONE);
    Obj *f = NULL;
    if (ln && eln && col && ecol) {
        f = new_frame_summary(co->filename, ln, co->name, NULL, NULL, eln, col, ecol);
        if (f && !fs_raw_line((FrameSummaryObj *)f) && vm_err_occurred()) CLEAR(f);
    }
    XDECREF(ln);
    XDECREF(eln);
    XDECREF(col);
    XDECREF(ecol);
    return f;
}

static Obj *summary_of_frame(Frame *fr)
{
    int line = frame_lineno(fr);
    Obj *ln = line >= 0 ? int_from_i64(line) : INCREF(NONE);
    if (!ln) return NULL;
    Obj *f = new_frame_summary(fr->code->filename, ln, fr->code->name, NULL, NULL, NULL, NULL, NULL);
    DECREF(ln);
    if (f && !fs_raw_line((FrameSummaryObj *)f) && vm_err_occurred()) CLEAR(f);
    return f;
}

static Obj *extract_tb(Obj *tbo, Obj *limit_o)
{
    Ssize limit = 0;
    int has = parse_limit(limit_o, &limit);
    if (has < 0) return NULL;
    if (tbo != NONE && !IS_TYPE(tbo, traceback_type)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'tb_frame'",
                      type_name(OBJ_TYPE(tbo)));
        return NULL;
    }
    Ssize depth = 0;
    for (Obj *t = tbo; t != NONE && t; t = ((TracebackObj *)t)->next) depth++;
    Obj *t = tbo == NONE ? NULL : tbo;
    Ssize count = depth;
    if (has && limit >= 0) {
        if (count > limit) count = limit;
    } else if (has) {
        while (depth > -limit && t) {
            t = ((TracebackObj *)t)->next;
            depth--;
        }
        count = depth;
    }
    Obj *r = new_stack_summary();
    for (; r && t && count > 0; t = ((TracebackObj *)t)->next, count--) {
        Obj *f = summary_of_tb((TracebackObj *)t);
        if (!f || list_append(r, f) < 0) {
            XDECREF(f);
            CLEAR(r);
            break;
        }
        DECREF(f);
    }
    return r;
}

/* The frame argument of the *_stack functions: None is the caller. */
static int stack_frame(Obj *f, Frame **out)
{
    if (!f || f == NONE) {
        *out = vm->frame;
        return 0;
    }
    if (!IS_TYPE(f, frame_type)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'f_lineno'",
                      type_name(OBJ_TYPE(f)));
        return -1;
    }
    *out = (Frame *)f;
    return 0;
}

static Obj *extract_stack(Frame *fr, Obj *limit_o)
{
    Ssize limit = 0;
    int has = parse_limit(limit_o, &limit);
    if (has < 0) return NULL;
    Obj *r = new_stack_summary();
    for (Ssize n = 0; r && fr && (!has || limit < 0 || n < limit); fr = fr->back, n++) {
        Obj *f = summary_of_frame(fr);
        if (!f || list_append(r, f) < 0) {
            XDECREF(f);
            CLEAR(r);
        }
        XDECREF(f);
    }
    if (r && has && limit < 0) {
        /* islice with a negative stop: ValueError as 3.12 */
        DECREF(r);
        vm_err_set_str(&exc_ValueError,
                       "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
        return NULL;
    }
    if (r && list_reverse(r) < 0) CLEAR(r);
    return r;
}

static Obj *ss_extract(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls;
    static const char *const names[] = {"frame_gen", "limit", "lookup_lines", "capture_locals"};
    Obj *v[4];
    if (mh_bind("extract", args, nargs, kw, names, 4, 1, 0, 1, 0, v) < 0) return NULL;
    Ssize limit = 0;
    int has = parse_limit(v[1], &limit);
    if (has < 0) return NULL;
    Obj *r = new_stack_summary();
    Obj *it = r ? obj_getiter(v[0]) : NULL;
    if (!it) {
        XDECREF(r);
        return NULL;
    }
    Obj *item;
    Ssize n = 0;
    while ((!has || n < limit) && (item = obj_iternext(it))) {
        Obj *t = seq_to_tuple(item);
        DECREF(item);
        Obj *f = NULL;
        if (t && TUPLE_LEN(t) == 2 && IS_TYPE(TUPLE_ITEMS(t)[0], frame_type)) {
            Frame *fr = (Frame *)TUPLE_ITEMS(t)[0];
            f = new_frame_summary(fr->code->filename, TUPLE_ITEMS(t)[1], fr->code->name, NULL, NULL,
                                  NULL, NULL, NULL);
            if (f && !fs_raw_line((FrameSummaryObj *)f) && vm_err_occurred()) CLEAR(f);
        } else if (t) {
            vm_err_set_str(&exc_TypeError, "StackSummary.extract() expects (frame, lineno) pairs");
        }
        XDECREF(t);
        if (!f || list_append(r, f) < 0) {
            XDECREF(f);
            DECREF(it);
            DECREF(r);
            return NULL;
        }
        DECREF(f);
        n++;
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(r);
        return NULL;
    }
    return r;
}

/* ---- writing ---------------------------------------------------------------------- */

static Obj *resolve_file(Obj *file)
{
    if (file && file != NONE) return INCREF(file);
    Obj *err = sys_get_borrow("stderr");
    if (!err) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.stderr");
        return NULL;
    }
    return INCREF(err);
}

/* print(item, file=file, end="") for each item of the list. */
static int write_chunks(Obj *chunks, Obj *file)
{
    Obj *f = resolve_file(file);
    if (!f) return -1;
    if (f == NONE) {
        DECREF(f);
        return 0;
    }
    Obj *empty = str_from_cstr("");
    int rc = empty ? 0 : -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(chunks); i++) {
        Obj *s = LIST_ITEMS(chunks)[i];
        Obj *r = obj_call_method(f, "write", &s, 1);
        Obj *r2 = r ? obj_call_method(f, "write", &empty, 1) : NULL;
        if (!r2) rc = -1;
        XDECREF(r);
        XDECREF(r2);
    }
    XDECREF(empty);
    DECREF(f);
    return rc;
}

/* ---- exceptions ------------------------------------------------------------------- */

/* "NAME: str(value)\n" for a value that is not an exception (None included). */
static Obj *final_line_chunks(Obj *value)
{
    TypeObj *t = OBJ_TYPE(value);
    Obj *mod = obj_getattr_str((Obj *)t, "__module__");
    if (!mod) vm_err_clear();
    Obj *s = obj_str(value);
    if (!s) {
        vm_err_clear();
        s = str_from_cstr("<exception str() failed>");
    }
    Obj *line;
    bool plain = !mod || !STR_CHECK(mod) || str_eq_cstr(mod, "builtins") || str_eq_cstr(mod, "__main__");
    const char *qn = type_name(t);
    if (!s) line = NULL;
    else if (VAR_SIZE(s) == 0)
        line = plain ? str_from_fmt("%s\n", qn) : str_from_fmt("%S.%s\n", mod, qn);
    else
        line = plain ? str_from_fmt("%s: %S\n", qn, s) : str_from_fmt("%S.%s: %S\n", mod, qn, s);
    XDECREF(mod);
    XDECREF(s);
    if (!line) return NULL;
    Obj *l = list_from_array(&line, 1);
    DECREF(line);
    return l;
}

/* format_exception's work for value (and tb: NULL means its own). */
static Obj *format_value(Obj *value, Obj *tb, Obj *limit_o, bool chain, bool only)
{
    if (!EXC_CHECK(value)) return final_line_chunks(value);
    TbFormatOpts o = {.chain = chain, .only = only, .tb = tb};
    if (!only && limit_o && limit_o != NONE) {
        Ssize l;
        if (parse_limit(limit_o, &l) < 0) return NULL;
        o.has_limit = true;
        o.limit = l;
    }
    return traceback_format_chunks(value, &o);
}

/* _parse_value_tb: (exc) or (exc, value, tb). */
static int parse_value_tb(Obj *exc, Obj *value, Obj *tb, Obj **v_out, Obj **tb_out)
{
    if ((value == NULL) != (tb == NULL)) {
        vm_err_set_str(&exc_ValueError, "Both or neither of value and tb must be given");
        return -1;
    }
    if (!value) {
        if (exc == NONE) {
            *v_out = NONE;
            *tb_out = NULL;
            return 0;
        }
        if (!EXC_CHECK(exc)) {
            vm_err_format(&exc_TypeError, "Exception expected for value, %s found",
                          type_name(OBJ_TYPE(exc)));
            return -1;
        }
        *v_out = exc;
        *tb_out = NULL;
        return 0;
    }
    *v_out = value;
    *tb_out = tb;
    return 0;
}

static int truth(Obj *o, bool dflt)
{
    return o ? obj_is_true(o) : dflt;
}

static Obj *tb_print_exception(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"exc", "value", "tb", "limit", "file", "chain"};
    Obj *v[6];
    if (mh_bind("print_exception", args, nargs, kw, names, 6, 6, 1, 1, 0, v) < 0) return NULL;
    Obj *value, *tb;
    if (parse_value_tb(v[0], v[1], v[2], &value, &tb) < 0) return NULL;
    int chain = truth(v[5], true);
    if (chain < 0) return NULL;
    Obj *chunks = format_value(value, tb, v[3], chain, false);
    if (!chunks) return NULL;
    int rc = write_chunks(chunks, v[4]);
    DECREF(chunks);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *tb_format_exception(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"exc", "value", "tb", "limit", "chain"};
    Obj *v[5];
    if (mh_bind("format_exception", args, nargs, kw, names, 5, 5, 1, 1, 0, v) < 0) return NULL;
    Obj *value, *tb;
    if (parse_value_tb(v[0], v[1], v[2], &value, &tb) < 0) return NULL;
    int chain = truth(v[4], true);
    if (chain < 0) return NULL;
    return format_value(value, tb, v[3], chain, false);
}

static Obj *tb_format_exception_only(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"exc", "value"};
    Obj *v[2];
    if (mh_bind("format_exception_only", args, nargs, kw, names, 2, 2, 1, 1, 0, v) < 0) return NULL;
    Obj *value = v[1] ? v[1] : v[0];
    return format_value(value, NULL, NULL, true, true);
}

static Obj *tb_print_exc(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"limit", "file", "chain"};
    Obj *v[3];
    if (mh_bind("print_exc", args, nargs, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    int chain = truth(v[2], true);
    if (chain < 0) return NULL;
    Obj *e = vm_exc_info();
    Obj *chunks = format_value(e ? e : NONE, NULL, v[0], chain, false);
    if (!chunks) return NULL;
    int rc = write_chunks(chunks, v[1]);
    DECREF(chunks);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *tb_print_last(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"limit", "file", "chain"};
    Obj *v[3];
    if (mh_bind("print_last", args, nargs, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    Obj *e = sys_get_borrow("last_exc");
    if (!e) e = sys_get_borrow("last_value");
    if (!e) {
        vm_err_set_str(&exc_ValueError, "no last exception");
        return NULL;
    }
    int chain = truth(v[2], true);
    if (chain < 0) return NULL;
    Obj *chunks = format_value(e, NULL, v[0], chain, false);
    if (!chunks) return NULL;
    int rc = write_chunks(chunks, v[1]);
    DECREF(chunks);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *join_chunks(Obj *chunks)
{
    Obj *empty = str_from_cstr("");
    Obj *r = empty ? str_join(empty, chunks) : NULL;
    XDECREF(empty);
    return r;
}

static Obj *tb_format_exc(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"limit", "chain"};
    Obj *v[2];
    if (mh_bind("format_exc", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    int chain = truth(v[1], true);
    if (chain < 0) return NULL;
    Obj *e = vm_exc_info();
    Obj *chunks = format_value(e ? e : NONE, NULL, v[0], chain, false);
    if (!chunks) return NULL;
    Obj *r = join_chunks(chunks);
    DECREF(chunks);
    return r;
}

/* ---- stacks and lists --------------------------------------------------------------- */

static Obj *tb_extract_tb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tb", "limit"};
    Obj *v[2];
    if (mh_bind("extract_tb", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return extract_tb(v[0], v[1]);
}

static Obj *tb_format_tb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tb", "limit"};
    Obj *v[2];
    if (mh_bind("format_tb", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *st = extract_tb(v[0], v[1]);
    if (!st) return NULL;
    Obj *r = stack_format(st);
    DECREF(st);
    return r;
}

static Obj *print_list(Obj *lst, Obj *file)
{
    Obj *st = stack_from_list(lst);
    Obj *chunks = st ? stack_format(st) : NULL;
    XDECREF(st);
    if (!chunks) return NULL;
    int rc = write_chunks(chunks, file);
    DECREF(chunks);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *tb_print_tb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tb", "limit", "file"};
    Obj *v[3];
    if (mh_bind("print_tb", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *st = extract_tb(v[0], v[1]);
    if (!st) return NULL;
    Obj *r = print_list(st, v[2]);
    DECREF(st);
    return r;
}

static Obj *tb_extract_stack(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"f", "limit"};
    Obj *v[2];
    Frame *fr;
    if (mh_bind("extract_stack", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0 ||
        stack_frame(v[0], &fr) < 0)
        return NULL;
    return extract_stack(fr, v[1]);
}

static Obj *tb_format_stack(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"f", "limit"};
    Obj *v[2];
    Frame *fr;
    if (mh_bind("format_stack", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0 ||
        stack_frame(v[0], &fr) < 0)
        return NULL;
    Obj *st = extract_stack(fr, v[1]);
    if (!st) return NULL;
    Obj *r = stack_format(st);
    DECREF(st);
    return r;
}

static Obj *tb_print_stack(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"f", "limit", "file"};
    Obj *v[3];
    Frame *fr;
    if (mh_bind("print_stack", args, nargs, kw, names, 3, 3, 0, 0, 0, v) < 0 ||
        stack_frame(v[0], &fr) < 0)
        return NULL;
    Obj *st = extract_stack(fr, v[1]);
    if (!st) return NULL;
    Obj *r = print_list(st, v[2]);
    DECREF(st);
    return r;
}

static Obj *tb_format_list(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"extracted_list"};
    Obj *v[1];
    if (mh_bind("format_list", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *st = stack_from_list(v[0]);
    if (!st) return NULL;
    Obj *r = stack_format(st);
    DECREF(st);
    return r;
}

static Obj *tb_print_list(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"extracted_list", "file"};
    Obj *v[2];
    if (mh_bind("print_list", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return print_list(v[0], v[1]);
}

/* walk_tb / walk_stack: iterators of (frame, lineno); built eagerly. */
static Obj *tb_walk_tb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tb"};
    Obj *v[1];
    if (mh_bind("walk_tb", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *l = list_new(0);
    for (Obj *t = v[0]; l && t && t != NONE; t = ((TracebackObj *)t)->next) {
        if (!IS_TYPE(t, traceback_type)) {
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'tb_frame'",
                          type_name(OBJ_TYPE(t)));
            CLEAR(l);
            break;
        }
        TracebackObj *tb = (TracebackObj *)t;
        Obj *ln = tb->lineno >= 0 ? int_from_i64(tb->lineno) : INCREF(NONE);
        Obj *p = ln ? tuple_pack(2, (Obj *)tb->frame, ln) : NULL;
        XDECREF(ln);
        if (!p || list_append(l, p) < 0) CLEAR(l);
        XDECREF(p);
    }
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *tb_walk_stack(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"f"};
    Obj *v[1];
    Frame *fr;
    if (mh_bind("walk_stack", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 ||
        stack_frame(v[0], &fr) < 0)
        return NULL;
    Obj *l = list_new(0);
    for (; l && fr; fr = fr->back) {
        int line = frame_lineno(fr);
        Obj *ln = line >= 0 ? int_from_i64(line) : INCREF(NONE);
        Obj *p = ln ? tuple_pack(2, (Obj *)fr, ln) : NULL;
        XDECREF(ln);
        if (!p || list_append(l, p) < 0) CLEAR(l);
        XDECREF(p);
    }
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *tb_clear_frames(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tb"};
    Obj *v[1];
    if (mh_bind("clear_frames", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return INCREF(NONE);
}

/* ---- TracebackException ---------------------------------------------------------------- */

typedef struct TbExcObj {
    Obj base;
    Obj *exc_type, *value, *tb;     /* tb: the traceback given (may be None) */
    Obj *limit;
    Obj *stack;                     /* StackSummary, made on first use */
    Obj *cause, *context;           /* TracebackException or None, made on first use */
    Obj *dict;
} TbExcObj;

static void te_dealloc(Obj *o)
{
    TbExcObj *t = (TbExcObj *)o;
    gc_untrack(o);
    XDECREF(t->exc_type);
    XDECREF(t->value);
    XDECREF(t->tb);
    XDECREF(t->limit);
    XDECREF(t->stack);
    XDECREF(t->cause);
    XDECREF(t->context);
    XDECREF(t->dict);
    obj_free(o);
}

static int te_traverse(Obj *o, VisitFn visit, void *arg)
{
    TbExcObj *t = (TbExcObj *)o;
    Obj *v[] = {t->exc_type, t->value, t->tb, t->limit, t->stack, t->cause, t->context, t->dict};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] && visit(v[i], arg)) return 1;
    return 0;
}

static Obj *te_make(Obj *type, Obj *value, Obj *tb, Obj *limit)
{
    TbExcObj *t = (TbExcObj *)obj_alloc(&tbexc_type, 0);
    if (!t) return NULL;
    t->exc_type = INCREF(type);
    t->value = INCREF(value);
    t->tb = INCREF(tb ? tb : NONE);
    t->limit = INCREF(limit ? limit : NONE);
    return (Obj *)t;
}

static Obj *te_new(TypeObj *tp, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)tp;
    static const char *const names[] = {"exc_type", "exc_value", "exc_traceback", "limit",
                                        "lookup_lines", "capture_locals", "compact",
                                        "max_group_width", "max_group_depth", "_seen"};
    Obj *v[10];
    if (mh_bind_m("TracebackException.__init__", args, nargs, kwnames, names, 10, 3, 0, 3, 0, v) < 0)
        return NULL;
    return te_make(v[0], v[1], v[2], v[3]);
}

static Obj *te_from_exception(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError,
                       "TracebackException.from_exception() missing 1 required positional argument: 'exc'");
        return NULL;
    }
    Obj *limit = NULL;
    for (Ssize k = 0; kw && k < TUPLE_LEN(kw); k++)
        if (str_eq_cstr(TUPLE_ITEMS(kw)[k], "limit")) limit = args[nargs + k];
    if (nargs > 1) limit = args[1];
    Obj *e = args[0];
    Obj *tb = EXC_CHECK(e) && ((ExcObj *)e)->traceback ? ((ExcObj *)e)->traceback : NONE;
    return te_make((Obj *)OBJ_TYPE(e), e, tb, limit);
}

static Obj *te_chunks(TbExcObj *t, bool chain, bool only)
{
    return format_value(t->value, t->tb, t->limit, chain, only);
}

static Obj *te_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"chain", "_ctx"};
    Obj *v[2];
    if (mh_bind_m("format", args, nargs, kw, names, 2, 0, 0, 0, 0, v) < 0) return NULL;
    int chain = truth(v[0], true);
    if (chain < 0) return NULL;
    Obj *l = te_chunks((TbExcObj *)self, chain, false);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *te_format_exception_only(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_pos_args("format_exception_only", "format_exception_only", nargs, kw, 0, 0) < 0) return NULL;
    Obj *l = te_chunks((TbExcObj *)self, true, true);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *te_print(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"file", "chain"};
    Obj *v[2];
    if (mh_bind_m("print", args, nargs, kw, names, 2, 0, 0, 0, 0, v) < 0) return NULL;
    int chain = truth(v[1], true);
    if (chain < 0) return NULL;
    Obj *l = te_chunks((TbExcObj *)self, chain, false);
    if (!l) return NULL;
    int rc = write_chunks(l, v[0]);
    DECREF(l);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *te_str(Obj *self)
{
    Obj *v = ((TbExcObj *)self)->value;
    Obj *s = obj_str(v);
    if (!s) {
        vm_err_clear();
        s = str_from_cstr("<exception str() failed>");
    }
    return s;
}

static Obj *te_get_exc_type(Obj *o, void *c)
{
    (void)c;
    return INCREF(((TbExcObj *)o)->exc_type);
}

static Obj *te_get_stack(Obj *o, void *c)
{
    (void)c;
    TbExcObj *t = (TbExcObj *)o;
    if (!t->stack) t->stack = extract_tb(t->tb, t->limit);
    return xincref(t->stack);
}

static Obj *te_chained(TbExcObj *t, bool cause)
{
    Obj **slot = cause ? &t->cause : &t->context;
    if (!*slot) {
        Obj *e = EXC_CHECK(t->value) ? (cause ? ((ExcObj *)t->value)->cause : ((ExcObj *)t->value)->context)
                                     : NULL;
        if (e && EXC_CHECK(e))
            *slot = te_make((Obj *)OBJ_TYPE(e), e, ((ExcObj *)e)->traceback, t->limit);
        else
            *slot = INCREF(NONE);
    }
    return xincref(*slot);
}

static Obj *te_get_cause(Obj *o, void *c)
{
    (void)c;
    return te_chained((TbExcObj *)o, true);
}

static Obj *te_get_context(Obj *o, void *c)
{
    (void)c;
    return te_chained((TbExcObj *)o, false);
}

static Obj *te_get_suppress(Obj *o, void *c)
{
    (void)c;
    Obj *v = ((TbExcObj *)o)->value;
    return bool_from(EXC_CHECK(v) && ((ExcObj *)v)->suppress_context);
}

static Obj *te_get_notes(Obj *o, void *c)
{
    (void)c;
    Obj *v = ((TbExcObj *)o)->value, *n;
    if (obj_lookup_attr(v, id_str("__notes__"), &n) < 0) return NULL;
    return n ? n : INCREF(NONE);
}

static Obj *te_get_exceptions(Obj *o, void *c)
{
    (void)c;
    TbExcObj *t = (TbExcObj *)o;
    if (!EXC_CHECK(t->value) || !type_is_subtype(OBJ_TYPE(t->value), &exc_BaseExceptionGroup))
        return INCREF(NONE);
    ExceptionGroupObj *g = (ExceptionGroupObj *)t->value;
    Obj *l = list_new(0);
    for (Ssize i = 0; l && g->excs && i < TUPLE_LEN(g->excs); i++) {
        Obj *e = TUPLE_ITEMS(g->excs)[i];
        Obj *te = te_make((Obj *)OBJ_TYPE(e), e, EXC_CHECK(e) && ((ExcObj *)e)->traceback
                                                     ? ((ExcObj *)e)->traceback : NONE, t->limit);
        if (!te || list_append(l, te) < 0) CLEAR(l);
        XDECREF(te);
    }
    return l;
}

static Obj *te_get_attr_of_value(Obj *o, void *c)
{
    Obj *v = ((TbExcObj *)o)->value, *r;
    if (obj_lookup_attr(v, id_str((const char *)c), &r) < 0) return NULL;
    return r ? r : INCREF(NONE);
}

static Obj *te_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, tbexc_type)) return INCREF(NOTIMPL);
    bool eq = ((TbExcObj *)a)->value == ((TbExcObj *)b)->value;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static const MethodDef te_methods[] = {
    {"from_exception", te_from_exception, METH_FAST | METH_CLASS,
     "Create a TracebackException from an exception."},
    {"format", te_format, METH_FAST, "Format the exception."},
    {"format_exception_only", te_format_exception_only, METH_FAST, "Format the exception part of the traceback."},
    {"print", te_print, METH_FAST, "Print the result of self.format(chain=chain) to 'file'."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef te_getset[] = {
    {"exc_type", te_get_exc_type, NULL, NULL, NULL},
    {"stack", te_get_stack, NULL, NULL, NULL},
    {"__cause__", te_get_cause, NULL, NULL, NULL},
    {"__context__", te_get_context, NULL, NULL, NULL},
    {"__suppress_context__", te_get_suppress, NULL, NULL, NULL},
    {"__notes__", te_get_notes, NULL, NULL, NULL},
    {"exceptions", te_get_exceptions, NULL, NULL, NULL},
    {"filename", te_get_attr_of_value, NULL, NULL, "filename"},
    {"lineno", te_get_attr_of_value, NULL, NULL, "lineno"},
    {"end_lineno", te_get_attr_of_value, NULL, NULL, "end_lineno"},
    {"text", te_get_attr_of_value, NULL, NULL, "text"},
    {"offset", te_get_attr_of_value, NULL, NULL, "offset"},
    {"end_offset", te_get_attr_of_value, NULL, NULL, "end_offset"},
    {"msg", te_get_attr_of_value, NULL, NULL, "msg"},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj tbexc_type = {
    .base = TYPE_HEAD_INIT, .name = "traceback.TracebackException", .basicsize = sizeof(TbExcObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = te_dealloc, .str = te_str,
    .hash = hash_not_implemented, .getattro = obj_generic_getattr, .setattro = obj_generic_setattr,
    .richcompare = te_richcompare, .traverse = te_traverse, .new_ = te_new,
    .methods = (MethodDef *)te_methods, .getset = te_getset, .dictoffset = offsetof(TbExcObj, dict),
    .doc = "An exception ready for rendering.",
};

/* ---- the module ------------------------------------------------------------------------- */

static const MethodDef traceback_methods[] = {
    {"print_exception", tb_print_exception, METH_FAST, "Print exception up to 'limit' stack trace entries from 'tb' to 'file'."},
    {"format_exception", tb_format_exception, METH_FAST, "Format a stack trace and the exception information."},
    {"format_exception_only", tb_format_exception_only, METH_FAST, "Format the exception part of a traceback."},
    {"print_exc", tb_print_exc, METH_FAST, "Shorthand for 'print_exception(sys.exception(), limit, file, chain)'."},
    {"format_exc", tb_format_exc, METH_FAST, "Like print_exc() but return a string."},
    {"print_last", tb_print_last, METH_FAST, "This is a shorthand for 'print_exception(sys.last_exc, limit, file, chain)'."},
    {"print_tb", tb_print_tb, METH_FAST, "Print up to 'limit' stack trace entries from the traceback 'tb'."},
    {"format_tb", tb_format_tb, METH_FAST, "A shorthand for 'format_list(extract_tb(tb, limit))'."},
    {"extract_tb", tb_extract_tb, METH_FAST, "Return a StackSummary object representing a list of pre-processed entries from traceback."},
    {"print_stack", tb_print_stack, METH_FAST, "Print a stack trace from its invocation point."},
    {"format_stack", tb_format_stack, METH_FAST, "Shorthand for 'format_list(extract_stack(f, limit))'."},
    {"extract_stack", tb_extract_stack, METH_FAST, "Extract the raw traceback from the current stack frame."},
    {"format_list", tb_format_list, METH_FAST, "Format a list of tuples or FrameSummary objects for printing."},
    {"print_list", tb_print_list, METH_FAST, "Print the list of tuples as returned by extract_tb() or extract_stack() as a formatted stack trace to the given file."},
    {"walk_tb", tb_walk_tb, METH_FAST, "Walk a traceback yielding the frame and line number for each frame."},
    {"walk_stack", tb_walk_stack, METH_FAST, "Walk a stack yielding the frame and line number for each frame."},
    {"clear_frames", tb_clear_frames, METH_FAST, "Clear all references to local variables in the frames of a traceback."},
    {NULL, NULL, 0, NULL},
};

static const MethodDef stacksummary_methods[] = {
    {"extract", ss_extract, METH_FAST | METH_CLASS, "Create a StackSummary from a traceback or stack object."},
    {"from_list", ss_from_list, METH_FAST | METH_CLASS, "Create a StackSummary object from a supplied list of FrameSummary objects or old-style list of tuples."},
    {"format_frame_summary", ss_format_frame_summary, METH_FAST, "Format the lines for a single FrameSummary."},
    {"format", ss_format, METH_FAST, "Format the stack ready for printing."},
    {NULL, NULL, 0, NULL},
};

static Obj *traceback_init(void)
{
    if (type_ready(&framesummary_type) < 0 || type_ready(&tbexc_type) < 0) return NULL;
    Obj *m = mh_module("traceback", traceback_methods);
    if (!m) return NULL;
    if (!stacksummary_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&list_type);
        stacksummary_cls = bases ? mh_class("traceback", "StackSummary", bases, stacksummary_methods,
                                            NULL, NULL)
                                 : NULL;
        XDECREF(bases);
        if (!stacksummary_cls) {
            DECREF(m);
            return NULL;
        }
    }
    if (mh_add_obj(m, "StackSummary", stacksummary_cls) < 0 ||
        mh_add_obj(m, "FrameSummary", (Obj *)&framesummary_type) < 0 ||
        mh_add_obj(m, "TracebackException", (Obj *)&tbexc_type) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_traceback_register(void) { import_register_native("traceback", traceback_init); }

/* mod_dis.c — the `dis` and `opcode` modules of CPython 3.12.
 *
 * The text is pydbg's own disassembler (src/bytecode/dis.c, the one
 * `pydbg --dis` uses), which prints exactly what 3.12's dis prints for the
 * code object the program was compiled into; only the addresses inside
 * `<code object f at 0x…>` differ, as they differ between any two runs.
 * Provided: dis(), disassemble()/disco(), distb(), code_info(),
 * show_code(), pretty_flags(), get_instructions() with the Instruction and
 * Positions named tuples, Bytecode, findlinestarts(), the opcode tables
 * (opname, opmap, cmp_op, has*, generated from 3.12 into opcode312.def)
 * and COMPILER_FLAG_NAMES.  Source strings cannot be disassembled (no
 * compiler: NotImplementedError); `adaptive` is accepted and ignored (the
 * VM does not specialise); depth counts only None (all) or 0 (none).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/dis.h"
#include "src/native/modhelp.h"

static Obj *instruction_cls, *positions_cls, *bytecode_cls;

static const char *const flag_names[] = {
    "OPTIMIZED", "NEWLOCALS", "VARARGS", "VARKEYWORDS", "NESTED", "GENERATOR", "NOFREE",
    "COROUTINE", "ITERABLE_COROUTINE", "ASYNC_GENERATOR",
};

/* ---- helpers ---------------------------------------------------------------------------- */

static int has_attr(Obj *o, const char *name, Obj **out)
{
    int r = obj_lookup_attr(o, id_str(name), out);
    return r;
}

/* _get_code_object: methods, functions, generators, coroutines → their code
 * object (a new reference); NULL with TypeError for anything else.  With
 * allow_container, a class or module comes back as itself. */
static Obj *code_of(Obj *x, bool allow_container)
{
    Obj *v = NULL;
    INCREF(x);
    int r = has_attr(x, "__func__", &v);
    if (r < 0) goto fail;
    if (r) {
        DECREF(x);
        x = v;
    }
    static const char *const attrs[] = {"__code__", "gi_code", "ag_code", "cr_code"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        r = has_attr(x, attrs[i], &v);
        if (r < 0) goto fail;
        if (r) {
            DECREF(x);
            x = v;
            break;
        }
    }
    if (IS_TYPE(x, code_type)) return x;
    if (allow_container) {
        r = has_attr(x, "__dict__", &v);
        if (r < 0) goto fail;
        if (r) {
            DECREF(v);
            return x;
        }
    }
    if (STR_CHECK(x))
        vm_err_set_str(&exc_NotImplementedError,
                       "pydbg: disassembling source text needs a compiler; not supported");
    else
        vm_err_format(&exc_TypeError, "don't know how to disassemble %s objects",
                      type_name(OBJ_TYPE(x)));
fail:
    DECREF(x);
    return NULL;
}

/* file.write(text) (file None or NULL: sys.stdout) */
static int write_text(Obj *file, const char *s, size_t n)
{
    if (!file || file == NONE) file = sys_get_borrow("stdout");
    if (!file || file == NONE) return 0;
    Obj *t = str_from_utf8(s, (Ssize)n);
    if (!t) return -1;
    Obj *r = obj_call_method(file, "write", &t, 1);
    DECREF(t);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static bool truthy(Obj *o) { return o && o != NONE && obj_is_true(o) > 0; }

/* The disassembly of co as dis prints it, into out. */
static int disassemble_into(SBuf *out, Obj *co, int32_t lasti, bool recursive, bool caches)
{
    DisOptions opt = DIS_OPTIONS_DEFAULT;
    opt.recursive = recursive;
    opt.show_caches = caches;
    opt.lasti = lasti;
    Diag d = {0};
    if (dis_code(out, ((CodeRtObj *)co)->src, &opt, &d) < 0) {
        vm_err_format(&exc_ValueError, "cannot disassemble: %s", d.msg);
        return -1;
    }
    return 0;
}

static int disassemble_to(Obj *file, Obj *co, int32_t lasti, bool recursive, bool caches)
{
    SBuf out = SBUF_INIT;
    int rc = disassemble_into(&out, co, lasti, recursive, caches);
    if (rc == 0) rc = write_text(file, out.data ? out.data : "", out.len);
    sbuf_free(&out);
    return rc;
}

/* ---- dis(), disassemble(), distb() ---------------------------------------------------------- */

static bool is_have_code(Obj *o)
{
    return IS_TYPE(o, function_type) || IS_TYPE(o, method_type) || IS_TYPE(o, code_type) ||
           IS_TYPE(o, classmethod_type) || IS_TYPE(o, staticmethod_type) ||
           type_is_subtype(OBJ_TYPE(o), &type_type);
}

static int dis_any(Obj *x, Obj *file, bool recursive, bool caches, int depth);

/* A class or module: each code-bearing item of its __dict__, sorted by name. */
static int dis_container(Obj *x, Obj *file, bool recursive, bool caches, int depth)
{
    Obj *d = obj_getattr_str(x, "__dict__");
    if (!d) return -1;
    Obj *items = obj_call_method(d, "items", NULL, 0);
    DECREF(d);
    Obj *list = items ? seq_to_list(items) : NULL;
    XDECREF(items);
    if (!list || list_sort(list, NULL, false) < 0) {
        XDECREF(list);
        return -1;
    }
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(list); i++) {
        Obj *pair = LIST_ITEMS(list)[i];
        Obj *name = TUPLE_ITEMS(pair)[0], *v = TUPLE_ITEMS(pair)[1];
        if (!is_have_code(v)) continue;
        SBuf h = SBUF_INIT;
        Ssize n;
        const char *s = STR_CHECK(name) ? str_utf8_lossy(name, &n) : "?";
        sbuf_printf(&h, "Disassembly of %s:\n", s);
        rc = write_text(file, h.data, h.len);
        sbuf_free(&h);
        if (rc == 0) {
            rc = dis_any(v, file, recursive, caches, depth + 1);
            if (rc < 0 && vm_err_matches(&exc_TypeError)) {
                Obj *exc = vm_err_fetch();
                Obj *msg = obj_str(exc);
                DECREF(exc);
                if (!msg) return -1;
                SBuf m = SBUF_INIT;
                sbuf_printf(&m, "Sorry: %s\n", str_utf8_lossy(msg, NULL));
                DECREF(msg);
                rc = write_text(file, m.data, m.len);
                sbuf_free(&m);
            }
        }
        if (rc == 0) rc = write_text(file, "\n", 1);
    }
    DECREF(list);
    return rc;
}

static int dis_any(Obj *x, Obj *file, bool recursive, bool caches, int depth)
{
    if (depth > 50) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return -1;
    }
    if (BYTES_CHECK(x) || IS_TYPE(x, bytearray_type)) {
        vm_err_set_str(&exc_NotImplementedError,
                       "pydbg: dis of raw bytecode is not supported; pass a code object");
        return -1;
    }
    Obj *co = code_of(x, true);
    if (!co) return -1;
    int rc = IS_TYPE(co, code_type) ? disassemble_to(file, co, -1, recursive, caches)
                                    : dis_container(co, file, recursive, caches, depth);
    DECREF(co);
    return rc;
}

/* The innermost entry of a traceback: its code object and byte offset. */
static int distb_to(Obj *tb, Obj *file, bool caches)
{
    if (!tb || tb == NONE) {
        Obj *last = sys_get_borrow("last_exc");
        if (last && EXC_CHECK(last)) tb = ((ExcObj *)last)->traceback;
        else tb = sys_get_borrow("last_traceback");
        if (!tb || tb == NONE || !IS_TYPE(tb, traceback_type)) {
            vm_err_clear();
            vm_err_set_str(&exc_RuntimeError, "no last traceback to disassemble");
            return -1;
        }
        while (((TracebackObj *)tb)->next && ((TracebackObj *)tb)->next != NONE)
            tb = ((TracebackObj *)tb)->next;
    }
    if (!IS_TYPE(tb, traceback_type)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'tb_next'",
                      type_name(OBJ_TYPE(tb)));
        return -1;
    }
    TracebackObj *t = (TracebackObj *)tb;
    CodeRtObj *co = t->frame->code;
    int32_t off = t->lasti >= 0 && (uint32_t)t->lasti < co->insns.n
                      ? (int32_t)co->insns.v[t->lasti].offset : -1;
    return disassemble_to(file, (Obj *)co, off, false, caches);
}

static Obj *d_dis(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"x", "file", "depth", "show_caches", "adaptive"};
    Obj *v[5];
    if (mh_bind("dis", args, nargs, kw, names, 5, 1, 0, 0, 0, v) < 0) return NULL;
    bool caches = truthy(v[3]);
    bool recursive = !v[2] || v[2] == NONE || truthy(v[2]);
    int rc = !v[0] || v[0] == NONE ? distb_to(NULL, v[1], caches)
                                   : dis_any(v[0], v[1], recursive, caches, 0);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *d_distb(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"tb", "file", "show_caches", "adaptive"};
    Obj *v[4];
    if (mh_bind("distb", args, nargs, kw, names, 4, 1, 0, 0, 0, v) < 0) return NULL;
    return distb_to(v[0], v[1], truthy(v[2])) < 0 ? NULL : INCREF(NONE);
}

static Obj *d_disassemble(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"co", "lasti", "file", "show_caches", "adaptive"};
    Obj *v[5];
    if (mh_bind("disassemble", args, nargs, kw, names, 5, 2, 0, 1, 0, v) < 0) return NULL;
    if (!IS_TYPE(v[0], code_type)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'co_code'",
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    int32_t lasti = -1;
    if (v[1]) {
        Ssize l = mh_as_ssize(v[1]);
        if (l == -1 && vm_err_occurred()) return NULL;
        lasti = (int32_t)l;
    }
    return disassemble_to(v[2], v[0], lasti, false, truthy(v[3])) < 0 ? NULL : INCREF(NONE);
}

/* ---- code_info, show_code, pretty_flags ------------------------------------------------------ */

static void put_pretty_flags(SBuf *b, int64_t flags)
{
    bool first = true;
    for (int i = 0; i < 32 && flags; i++) {
        int64_t f = (int64_t)1 << i;
        if (!(flags & f)) continue;
        if (!first) sbuf_puts(b, ", ");
        first = false;
        if (i < (int)(sizeof flag_names / sizeof flag_names[0])) sbuf_puts(b, flag_names[i]);
        else sbuf_printf(b, "0x%llx", (unsigned long long)f);
        flags ^= f;
    }
    if (first) sbuf_puts(b, "0x0");
}

static Obj *d_pretty_flags(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("pretty_flags", "pretty_flags", nargs, kw, 1, 1) < 0) return NULL;
    Ssize f = mh_as_ssize(args[0]);
    if (f == -1 && vm_err_occurred()) return NULL;
    SBuf b = SBUF_INIT;
    put_pretty_flags(&b, f);
    Obj *r = str_from_utf8(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

/* "%4d: %s" lines of a tuple attribute (repr for the constants). */
static int put_enumerated(SBuf *b, Obj *co, const char *attr, const char *title, bool use_repr)
{
    Obj *t = obj_getattr_str(co, attr);
    if (!t) return -1;
    if (TUPLE_CHECK(t) && TUPLE_LEN(t) > 0) {
        sbuf_printf(b, "\n%s", title);
        for (Ssize i = 0; i < TUPLE_LEN(t); i++) {
            Obj *s = use_repr ? obj_repr(TUPLE_ITEMS(t)[i]) : obj_str(TUPLE_ITEMS(t)[i]);
            if (!s) {
                DECREF(t);
                return -1;
            }
            sbuf_printf(b, "\n%4lld: %s", (long long)i, str_utf8_lossy(s, NULL));
            DECREF(s);
        }
    }
    DECREF(t);
    return 0;
}

static Obj *code_info_str(Obj *x)
{
    Obj *co = code_of(x, false);
    if (!co) return NULL;
    CodeRtObj *c = (CodeRtObj *)co;
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "Name:              %s\n", str_utf8_lossy(c->name, NULL));
    sbuf_printf(&b, "Filename:          %s\n", str_utf8_lossy(c->filename, NULL));
    sbuf_printf(&b, "Argument count:    %d\n", c->argcount);
    sbuf_printf(&b, "Positional-only arguments: %d\n", c->posonlyargcount);
    sbuf_printf(&b, "Kw-only arguments: %d\n", c->kwonlyargcount);
    sbuf_printf(&b, "Number of locals:  %d\n", c->nlocals);
    sbuf_printf(&b, "Stack size:        %d\n", c->stacksize);
    sbuf_puts(&b, "Flags:             ");
    put_pretty_flags(&b, c->flags);
    Obj *r = NULL;
    if (put_enumerated(&b, co, "co_consts", "Constants:", true) == 0 &&
        put_enumerated(&b, co, "co_names", "Names:", false) == 0 &&
        put_enumerated(&b, co, "co_varnames", "Variable names:", false) == 0 &&
        put_enumerated(&b, co, "co_freevars", "Free variables:", false) == 0 &&
        put_enumerated(&b, co, "co_cellvars", "Cell variables:", false) == 0)
        r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    DECREF(co);
    return r;
}

static Obj *d_code_info(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"x"};
    Obj *v[1];
    if (mh_bind("code_info", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return code_info_str(v[0]);
}

static Obj *d_show_code(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"co", "file"};
    Obj *v[2];
    if (mh_bind("show_code", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *s = code_info_str(v[0]);
    if (!s) return NULL;
    Ssize n;
    const char *t = str_utf8_lossy(s, &n);
    int rc = write_text(v[1], t, (size_t)n);
    if (rc == 0) rc = write_text(v[1], "\n", 1);
    DECREF(s);
    return rc < 0 ? NULL : INCREF(NONE);
}

/* ---- get_instructions, findlinestarts -------------------------------------------------------- */

typedef struct InsnCollect {
    CodeRtObj *co;
    Obj *list;
    long line_offset;
    bool failed;
    uint8_t *jump_target;    /* per byte offset: a jump lands there */
} InsnCollect;

/* get_instructions' is_jump_target counts jumps only (the text's `>>` also
 * marks exception handlers): the first pass notes their targets. */
static void note_jump(void *ud, const DisRow *r)
{
    InsnCollect *ic = ud;
    if (r->target >= 0 && (uint32_t)r->target < ic->co->src->codelen) ic->jump_target[r->target] = 1;
}

static Obj *int_or_none(long v) { return v < 0 ? INCREF(NONE) : int_from_i64(v); }

static Obj *tuple_item_or_none(Obj *t, int64_t i)
{
    if (t && TUPLE_CHECK(t) && i >= 0 && i < TUPLE_LEN(t)) return INCREF(TUPLE_ITEMS(t)[i]);
    return INCREF(NONE);
}

/* The argval dis computes for a row. */
static Obj *row_argval(const CodeRtObj *co, const DisRow *r)
{
    if (r->arg < 0) return INCREF(NONE);
    if (r->target >= 0) return int_from_i64(r->target);
    switch (r->arg_kind) {
    case OPA_CONST: return tuple_item_or_none(co->consts, r->arg);
    case OPA_NAME: {
        int64_t i = r->arg;
        if (!strcmp(r->opname, "LOAD_GLOBAL") || !strcmp(r->opname, "LOAD_ATTR")) i >>= 1;
        else if (!strcmp(r->opname, "LOAD_SUPER_ATTR")) i >>= 2;
        return tuple_item_or_none(co->names, i);
    }
    case OPA_LOCAL: case OPA_FREE: return tuple_item_or_none(co->localsplusnames, r->arg);
    case OPA_COMPARE: return str_from_cstr(r->argrepr);
    default: break;
    }
    if (!strcmp(r->opname, "FORMAT_VALUE")) {
        static const char *const conv[] = {NULL, "str", "repr", "ascii"};
        const char *c = conv[r->arg & 3];
        Obj *f = c ? dict_get_str_borrow(vm->builtins, c) : NONE;
        return tuple_pack(2, f ? f : NONE, (r->arg & 4) ? TRUE_ : FALSE_);
    }
    return int_from_i64(r->arg);
}

static void collect_row(void *ud, const DisRow *r)
{
    InsnCollect *ic = ud;
    if (ic->failed) return;
    Obj *pos = NULL, *inst = NULL;
    Obj *p[4] = {int_or_none(r->pos.line), int_or_none(r->pos.end_line), int_or_none(r->pos.col),
                 int_or_none(r->pos.end_col)};
    if (p[0] && p[1] && p[2] && p[3]) pos = obj_call(positions_cls, p, 4, NULL);
    for (int i = 0; i < 4; i++) XDECREF(p[i]);
    Obj *f[9] = {str_from_cstr(r->opname), int_from_i64(r->opcode),
                 r->arg >= 0 ? int_from_i64(r->arg) : INCREF(NONE), row_argval(ic->co, r),
                 str_from_cstr(r->argrepr), int_from_i64(r->offset),
                 r->starts_line >= 0 ? int_from_i64(r->starts_line + ic->line_offset)
                                     : INCREF(NONE),
                 INCREF(ic->jump_target[r->offset] ? TRUE_ : FALSE_), pos};
    bool ok = true;
    for (int i = 0; i < 9; i++) ok &= f[i] != NULL;
    if (ok) inst = obj_call(instruction_cls, f, 9, NULL);
    for (int i = 0; i < 9; i++) XDECREF(f[i]);
    if (!inst || list_append(ic->list, inst) < 0) ic->failed = true;
    XDECREF(inst);
}

/* The Instruction list of co; first_line (NULL/None: none) shifts starts_line. */
static Obj *instructions_of(Obj *co, Obj *first_line)
{
    InsnCollect ic = {(CodeRtObj *)co, list_new(0), 0, false, NULL};
    if (!ic.list) return NULL;
    if (first_line && first_line != NONE) {
        Ssize l = mh_as_ssize(first_line);
        if (l == -1 && vm_err_occurred()) {
            DECREF(ic.list);
            return NULL;
        }
        ic.line_offset = (long)l - ic.co->firstlineno;
    }
    Diag d = {0};
    ic.jump_target = xcalloc(ic.co->src->codelen + 1, 1);
    if (dis_rows(ic.co->src, note_jump, &ic, &d) < 0 || dis_rows(ic.co->src, collect_row, &ic, &d) < 0) {
        vm_err_format(&exc_ValueError, "cannot disassemble: %s", d.msg);
        ic.failed = true;
    }
    free(ic.jump_target);
    if (ic.failed) CLEAR(ic.list);
    return ic.list;
}

static Obj *d_get_instructions(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"x", "first_line", "show_caches", "adaptive"};
    Obj *v[4];
    if (mh_bind("get_instructions", args, nargs, kw, names, 4, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *co = code_of(v[0], false);
    if (!co) return NULL;
    Obj *list = instructions_of(co, v[1]);
    DECREF(co);
    if (!list) return NULL;
    Obj *it = obj_getiter(list);
    DECREF(list);
    return it;
}

static Obj *d_findlinestarts(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("findlinestarts", "findlinestarts", nargs, kw, 1, 1) < 0) return NULL;
    if (!IS_TYPE(args[0], code_type)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'co_lines'",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    const LineTable *lt = &((CodeRtObj *)args[0])->lines;
    Obj *list = list_new(0);
    for (uint32_t i = 0; list && i < lt->nstarts; i++) {
        if (lt->starts[i].line < 0) continue;
        Obj *o = int_from_i64(lt->starts[i].offset), *l = int_from_i64(lt->starts[i].line);
        Obj *t = o && l ? tuple_pack(2, o, l) : NULL;
        XDECREF(o);
        XDECREF(l);
        if (!t || list_append(list, t) < 0) CLEAR(list);
        XDECREF(t);
    }
    if (!list) return NULL;
    Obj *it = obj_getiter(list);
    DECREF(list);
    return it;
}

/* ---- Bytecode -------------------------------------------------------------------------------- */

static Obj *bc_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x", "first_line", "current_offset", "show_caches",
                                        "adaptive"};
    Obj *v[5];
    if (mh_bind_m("__init__", args, nargs, kw, names, 5, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *co = code_of(v[0], false);
    if (!co) return NULL;
    Obj *first = v[1] && v[1] != NONE ? INCREF(v[1]) : int_from_i64(((CodeRtObj *)co)->firstlineno);
    int rc = first ? 0 : -1;
    if (rc == 0) rc = obj_setattr_str(self, "codeobj", co);
    if (rc == 0) rc = obj_setattr_str(self, "first_line", first);
    if (rc == 0) rc = obj_setattr_str(self, "_line_offset", v[1] && v[1] != NONE ? v[1] : NONE);
    if (rc == 0) rc = obj_setattr_str(self, "_original_object", v[0]);
    if (rc == 0) rc = obj_setattr_str(self, "current_offset", v[2] ? v[2] : NONE);
    if (rc == 0) rc = obj_setattr_str(self, "show_caches", v[3] ? v[3] : FALSE_);
    if (rc == 0) rc = obj_setattr_str(self, "adaptive", v[4] ? v[4] : FALSE_);
    XDECREF(first);
    DECREF(co);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *bc_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    Obj *co = obj_getattr_str(self, "codeobj");
    Obj *off = co ? obj_getattr_str(self, "_line_offset") : NULL;
    Obj *list = off ? instructions_of(co, off) : NULL;
    XDECREF(co);
    XDECREF(off);
    if (!list) return NULL;
    Obj *it = obj_getiter(list);
    DECREF(list);
    return it;
}

static Obj *bc_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *o = obj_getattr_str(self, "_original_object");
    if (!o) return NULL;
    Obj *r = obj_repr(o);
    DECREF(o);
    if (!r) return NULL;
    Obj *s = str_from_fmt("Bytecode(%s)", str_utf8_lossy(r, NULL));
    DECREF(r);
    return s;
}

static Obj *bc_info(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("info", nargs, kw) < 0) return NULL;
    Obj *co = obj_getattr_str(self, "codeobj");
    if (!co) return NULL;
    Obj *r = code_info_str(co);
    DECREF(co);
    return r;
}

static Obj *bc_dis(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("dis", nargs, kw) < 0) return NULL;
    Obj *co = obj_getattr_str(self, "codeobj");
    Obj *cur = co ? obj_getattr_str(self, "current_offset") : NULL;
    Obj *caches = cur ? obj_getattr_str(self, "show_caches") : NULL;
    Obj *r = NULL;
    int32_t lasti = -1;
    if (caches && cur != NONE) {
        Ssize l = mh_as_ssize(cur);
        lasti = (int32_t)l;
        if (l == -1 && vm_err_occurred()) CLEAR(caches);
    }
    if (caches && IS_TYPE(co, code_type)) {
        SBuf out = SBUF_INIT;
        if (disassemble_into(&out, co, lasti, false, truthy(caches)) == 0)
            r = str_from_utf8(out.data ? out.data : "", (Ssize)out.len);
        sbuf_free(&out);
    }
    XDECREF(co);
    XDECREF(cur);
    XDECREF(caches);
    return r;
}

static const MethodDef bytecode_methods[] = {
    {"__init__", bc_init, METH_FAST, NULL},
    {"__iter__", bc_iter, METH_FAST, NULL},
    {"__repr__", bc_repr, METH_FAST, NULL},
    {"info", bc_info, METH_FAST, "Return formatted information about the code object."},
    {"dis", bc_dis, METH_FAST, "Return a formatted view of the bytecode operations."},
    {NULL, NULL, 0, NULL},
};

/* ---- the opcode tables --------------------------------------------------------------------- */

static const struct { const char *name; int num; } opmap_rows[] = {
#define OPMAP(name, num) {name, num},
#define HAS(list, num)
#define MAXOP(n)
#include "src/native/opcode312.def"
#undef OPMAP
#undef HAS
#undef MAXOP
};

enum { HAS_hasarg, HAS_hasconst, HAS_hasname, HAS_hasjrel, HAS_hasjabs, HAS_haslocal,
       HAS_hascompare, HAS_hasfree, HAS_hasexc, HAS__COUNT };
static const char *const has_names[] = {"hasarg", "hasconst", "hasname", "hasjrel", "hasjabs",
                                        "haslocal", "hascompare", "hasfree", "hasexc"};
static const struct { int list, num; } has_rows[] = {
#define OPMAP(name, num)
#define HAS(list, num) {HAS_##list, num},
#define MAXOP(n)
#include "src/native/opcode312.def"
#undef OPMAP
#undef HAS
#undef MAXOP
};
static const int max_op =
#define OPMAP(name, num)
#define HAS(list, num)
#define MAXOP(n) n
#include "src/native/opcode312.def"
#undef OPMAP
#undef HAS
#undef MAXOP
    ;

/* opname, opmap, cmp_op, the has* lists and the constants, into module m. */
static int add_opcode_tables(Obj *m)
{
    Obj *opname = list_new(0), *opmap = dict_new();
    int rc = opname && opmap ? 0 : -1;
    for (int i = 0; rc == 0 && i < max_op; i++) {
        const char *name = NULL;
        for (size_t k = 0; k < sizeof opmap_rows / sizeof opmap_rows[0]; k++)
            if (opmap_rows[k].num == i) name = opmap_rows[k].name;
        Obj *s = name ? str_from_cstr(name) : str_from_fmt("<%d>", i);
        rc = s ? list_append(opname, s) : -1;
        XDECREF(s);
    }
    for (size_t k = 0; rc == 0 && k < sizeof opmap_rows / sizeof opmap_rows[0]; k++) {
        Obj *n = int_from_i64(opmap_rows[k].num);
        rc = n ? dict_set_str(opmap, opmap_rows[k].name, n) : -1;
        XDECREF(n);
    }
    for (int l = 0; rc == 0 && l < HAS__COUNT; l++) {
        Obj *lst = list_new(0);
        for (size_t k = 0; lst && k < sizeof has_rows / sizeof has_rows[0]; k++) {
            if (has_rows[k].list != l) continue;
            Obj *n = int_from_i64(has_rows[k].num);
            if (!n || list_append(lst, n) < 0) CLEAR(lst);
            XDECREF(n);
        }
        rc = lst ? module_add(m, has_names[l], lst) : -1;
    }
    static const char *const cmp[] = {"<", "<=", "==", "!=", ">", ">="};
    Obj *c = tuple_new(6);
    for (int i = 0; c && i < 6; i++) {
        TUPLE_ITEMS(c)[i] = str_from_cstr(cmp[i]);
        if (!TUPLE_ITEMS(c)[i]) CLEAR(c);
    }
    if (rc == 0) rc = module_add(m, "opname", INCREF(opname));
    if (rc == 0) rc = module_add(m, "opmap", INCREF(opmap));
    if (rc == 0) rc = c ? module_add(m, "cmp_op", INCREF(c)) : -1;
    if (rc == 0) rc = module_add(m, "HAVE_ARGUMENT", int_from_i64(90));
    if (rc == 0) rc = module_add(m, "EXTENDED_ARG", int_from_i64(144));
    XDECREF(opname);
    XDECREF(opmap);
    XDECREF(c);
    return rc;
}

static const MethodDef opcode_methods[] = {
    {NULL, NULL, 0, NULL},
};

static Obj *opcode_init(void)
{
    Obj *m = mh_module("opcode", opcode_methods);
    if (!m) return NULL;
    if (add_opcode_tables(m) < 0 || module_add(m, "MIN_PSEUDO_OPCODE", int_from_i64(256)) < 0 ||
        module_add(m, "MAX_PSEUDO_OPCODE", int_from_i64(266)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

/* ---- the module ---------------------------------------------------------------------------- */

static const MethodDef dis_methods[] = {
    {"dis", d_dis, METH_FAST,
     "Disassemble classes, methods, functions, and other compiled objects."},
    {"distb", d_distb, METH_FAST, "Disassemble a traceback (default: last traceback)."},
    {"disassemble", d_disassemble, METH_FAST, "Disassemble a code object."},
    {"disco", d_disassemble, METH_FAST, "Disassemble a code object."},
    {"code_info", d_code_info, METH_FAST, "Formatted details of methods, functions, or code."},
    {"show_code", d_show_code, METH_FAST, "Print details of methods, functions, or code to *file*."},
    {"pretty_flags", d_pretty_flags, METH_FAST, "Return pretty representation of code flags."},
    {"get_instructions", d_get_instructions, METH_FAST,
     "Iterator for the opcodes in methods, functions or code"},
    {"findlinestarts", d_findlinestarts, METH_FAST,
     "Find the offsets in a byte code which are start of lines in the source."},
    {NULL, NULL, 0, NULL},
};

static Obj *make_namedtuple(const char *name, const char *fields, const char *module)
{
    Obj *coll = import_name(id_str("collections"), NULL, NULL, 0);
    Obj *nt = coll ? obj_getattr_str(coll, "namedtuple") : NULL;
    XDECREF(coll);
    Obj *a0 = str_from_cstr(name), *a1 = str_from_cstr(fields), *mod = str_from_cstr(module);
    Obj *kw = tuple_pack(1, id_str("module"));
    Obj *v[3] = {a0, a1, mod};
    Obj *r = nt && a0 && a1 && mod && kw ? obj_call(nt, v, 2, kw) : NULL;
    XDECREF(nt);
    XDECREF(a0);
    XDECREF(a1);
    XDECREF(mod);
    XDECREF(kw);
    return r;
}

static Obj *dis_init(void)
{
    if (!positions_cls)
        positions_cls = make_namedtuple("Positions", "lineno end_lineno col_offset end_col_offset",
                                        "dis");
    if (!instruction_cls)
        instruction_cls = make_namedtuple(
            "Instruction",
            "opname opcode arg argval argrepr offset starts_line is_jump_target positions", "dis");
    if (!bytecode_cls) bytecode_cls = mh_class("dis", "Bytecode", NULL, bytecode_methods, NULL, NULL);
    if (!positions_cls || !instruction_cls || !bytecode_cls) return NULL;
    Obj *m = mh_module("dis", dis_methods);
    if (!m) return NULL;
    int rc = add_opcode_tables(m);
    if (rc == 0) rc = mh_add_obj(m, "Positions", positions_cls);
    if (rc == 0) rc = mh_add_obj(m, "Instruction", instruction_cls);
    if (rc == 0) rc = mh_add_obj(m, "Bytecode", bytecode_cls);
    Obj *flags = dict_new();
    for (size_t i = 0; flags && i < sizeof flag_names / sizeof flag_names[0]; i++) {
        Obj *k = int_from_i64((int64_t)1 << i), *s = str_from_cstr(flag_names[i]);
        if (!k || !s || dict_set(flags, k, s) < 0) CLEAR(flags);
        XDECREF(k);
        XDECREF(s);
    }
    if (rc == 0) rc = flags ? module_add(m, "COMPILER_FLAG_NAMES", flags) : -1;
    else XDECREF(flags);
    if (rc < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_dis_register(void)
{
    import_register_native("dis", dis_init);
    import_register_native("opcode", opcode_init);
}

/* expr_source.c — eval() of a source string (expr.h: expr_compile_source, expr_run_source).
 *
 * pydbg has no compiler, but an expression needs none: the parser builds
 * the tree (in eval mode: no value history, CPython's bracket messages) and
 * the tree walker runs it in the "<string>" frame the caller made.  A
 * syntax error becomes the SyntaxError 3.12's parser raises for the same
 * text: its message, and lineno/offset/text/end_lineno/end_offset as
 * CPython computes them (offsets are 1-based code-point columns; an error
 * at the end of the input has offset 0; a never-closed bracket has
 * end_offset 0), which is what the traceback printer needs to draw the same
 * caret line.  Valid Python the walker does not run (lambda, the walrus
 * operator) is a NotImplementedError naming what is missing.
 */
#include "config.h"

#include <string.h>

#include "pydbg/expr.h"
#include "src/expr/expr_ast.h"

/* Line number and 1-based code-point column of byte offset off. */
static void line_col(const char *s, size_t len, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The text of line `line` (1-based), with its newline unless strip_nl. */
static Obj *line_text(const char *s, size_t len, long line, bool strip_nl)
{
    size_t i = 0;
    for (long l = 1; l < line && i < len; i++)
        if (s[i] == '\n')
            l++;
    size_t j = i;
    while (j < len && s[j] != '\n')
        j++;
    if (j < len && !strip_nl)
        j++;
    return str_from_utf8(s + i, (Ssize)(j - i));
}

static void raise_syntax_error(const char *filename, const char *msg, long line, long off, Obj *text, long end_line,
                               long end_off)
{
    Obj *m = str_from_utf8(msg, (Ssize)strlen(msg));
    Obj *fname = str_from_cstr(filename);
    Obj *l = int_from_i64(line), *o = int_from_i64(off);
    Obj *el = int_from_i64(end_line), *eo = int_from_i64(end_off);
    Obj *info = m && fname && l && o && el && eo && text ? tuple_pack(6, fname, l, o, text, el, eo)
                                                        : NULL;
    if (info) {
        Obj *args[2] = {m, info};
        Obj *exc = obj_call((Obj *)&exc_SyntaxError, args, 2, NULL);
        if (exc) {
            vm_err_set_obj(&exc_SyntaxError, exc);
            DECREF(exc);
        }
        DECREF(info);
    }
    XDECREF(m);
    XDECREF(fname);
    XDECREF(l);
    XDECREF(o);
    XDECREF(el);
    XDECREF(eo);
    XDECREF(text);
}

/* The SyntaxError (or NotImplementedError) for a failed parse of src. */
static void raise_parse_error(const char *filename, const char *src, size_t len, const ExprSyntax *syn,
                              const char *msg)
{
    long line, col, end_line, end_col;
    switch (syn->kind) {
    case EXS_UNSUPPORTED:
        if (strstr(msg, "\\N{"))
            vm_err_set_str(&exc_NotImplementedError,
                           "pydbg: \\N{...} escapes need the Unicode name database; not supported");
        else
            vm_err_format(&exc_NotImplementedError,
                          "pydbg: eval() of %s needs a compiler; not supported",
                          strstr(msg, "lambda") ? "a lambda expression"
                                                : "an assignment expression (:=)");
        return;
    case EXS_TOO_DEEP:
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded during compilation");
        return;
    case EXS_EMPTY:
        if (len == 0) {
            raise_syntax_error(filename, "invalid syntax", 0, 0, str_from_utf8("", 0), 0, 0);
            return;
        }
        raise_syntax_error(filename, "invalid syntax", 1, 0, line_text(src, len, 1, false), 1, 0);
        return;
    case EXS_AT_END: {
        size_t pos = syn->off < len ? syn->off : len;
        while (pos > 0 && strchr(" \t\f\r\n", src[pos - 1]))
            pos--;
        line_col(src, len, pos, &line, &col);
        raise_syntax_error(filename, "invalid syntax", line, 0, line_text(src, len, line, false), line, 0);
        return;
    }
    default:
        break;
    }
    line_col(src, len, syn->off, &line, &col);
    /* the end: just after the last offending character (a NEWLINE token
     * ends on its own line) */
    line_col(src, len, syn->end > syn->off ? syn->end - 1 : syn->end, &end_line, &end_col);
    if (syn->end > syn->off)
        end_col++;
    if (syn->kind == EXS_INVALID) {
        raise_syntax_error(filename, "invalid syntax", line, col, line_text(src, len, line, false), end_line,
                           end_col);
        return;
    }
    if (syn->kind == EXS_NEVER_CLOSED) {
        raise_syntax_error(filename, msg, line, col, line_text(src, len, line, false), line, 0);
        return;
    }
    if (!strncmp(msg, "unterminated", 12)) {
        /* The tokenizer notices at the end of the line (of the input for a
         * triple-quoted string) and says where. */
        long at = line;
        if (strstr(msg, "triple")) {
            long c;
            line_col(src, len, len, &at, &c);
        }
        char buf[200];
        snprintf(buf, sizeof buf, "%s (detected at line %ld)", msg, at);
        raise_syntax_error(filename, buf, line, col, line_text(src, len, line, true), line, col);
        return;
    }
    raise_syntax_error(filename, msg, line, col, line_text(src, len, line, false), end_line, end_col);
}

ExprCode *expr_compile_source(const char *src, size_t len, const char *filename)
{
    SBuf err = SBUF_INIT;
    ExprSyntax syn = {0};
    ExprTree *t = expr_parse_ex(src, len, EXPR_EVAL_MODE, &err, &syn);
    if (!t)
        raise_parse_error(filename, src, len, &syn, err.len > syn.msg ? err.data + syn.msg : "invalid syntax");
    sbuf_free(&err);
    return (ExprCode *)t;
}

Obj *expr_run_source(ExprCode *c, Frame *f)
{
    Obj *r = expr_run_tree((ExprTree *)c, f);
    if (!r && vm->exc && EXC_CHECK(vm->exc)) {
        /* leaving the "<string>" frame adds its entry, as for any frame */
        ExcObj *e = (ExcObj *)vm->exc;
        Obj *tb = traceback_add(e->traceback, f);
        if (tb)
            obj_setref(&e->traceback, tb);
    }
    return r;
}

/* ---- ast.literal_eval ------------------------------------------------------------------ */

/* The ast class CPython's parser makes for node n. */
static const char *ast_class(const ExprNode *n)
{
    switch (n->kind) {
    case EK_NAME: return "Name";
    case EK_INT: case EK_FLOAT: case EK_IMAG: case EK_STR: case EK_BYTES: case EK_CONST:
        return "Constant";
    case EK_FSTR: return "JoinedStr";
    case EK_FIELD: return "FormattedValue";
    case EK_TUPLE: return "Tuple";
    case EK_LIST: return "List";
    case EK_SET: return "Set";
    case EK_DICT: return "Dict";
    case EK_STARRED: return "Starred";
    case EK_ATTR: return "Attribute";
    case EK_SUBSCR: return "Subscript";
    case EK_SLICE: return "Slice";
    case EK_CALL: return "Call";
    case EK_UNARY: case EK_NOT: return "UnaryOp";
    case EK_BINARY: return "BinOp";
    case EK_BOOLOP: return "BoolOp";
    case EK_COMPARE: return "Compare";
    case EK_IFEXP: return "IfExp";
    case EK_COMP:
        return n->op == ECK_LIST ? "ListComp" : n->op == ECK_SET ? "SetComp"
               : n->op == ECK_DICT ? "DictComp" : "GeneratorExp";
    default: return "expr";
    }
}

/* ast.py's _raise_malformed_node: the node's line and repr (n NULL: the
 * None a `**x` item leaves as its key). */
static Obj *lit_malformed(ExprTree *t, const ExprNode *n)
{
    if (!n) {
        vm_err_set_str(&exc_ValueError, "malformed node or string: None");
        return NULL;
    }
    long line, col;
    line_col(t->src, strlen(t->src), n->off, &line, &col);
    vm_err_format(&exc_ValueError, "malformed node or string on line %ld: <ast.%s object at %p>",
                  line, ast_class(n), (const void *)n);
    return NULL;
}

static bool lit_is_constant(const ExprNode *n)
{
    return n->kind == EK_INT || n->kind == EK_FLOAT || n->kind == EK_IMAG || n->kind == EK_STR ||
           n->kind == EK_BYTES || n->kind == EK_CONST;
}

/* _convert_num: a Constant of type int, float or complex. */
static Obj *lit_num(ExprTree *t, const ExprNode *n)
{
    if (n->kind != EK_INT && n->kind != EK_FLOAT && n->kind != EK_IMAG)
        return lit_malformed(t, n);
    return expr_constant(t, n);
}

/* _convert_signed_num: a number with an optional unary + or -. */
static Obj *lit_signed(ExprTree *t, const ExprNode *n)
{
    if (n->kind == EK_UNARY && (n->op == UN_POSITIVE || n->op == UN_NEGATIVE)) {
        Obj *v = lit_num(t, n->kids[0]);
        if (!v)
            return NULL;
        Obj *r = num_unary(v, n->op);
        DECREF(v);
        return r;
    }
    return lit_num(t, n);
}

static Obj *lit_convert(ExprTree *t, const ExprNode *n, int depth);

/* The elements of a Tuple, List or Set display, converted, into a list. */
static Obj *lit_items(ExprTree *t, const ExprNode *n, int depth)
{
    Obj *list = list_new(0);
    for (int i = 0; list && i < n->n; i++) {
        Obj *v = lit_convert(t, n->kids[i], depth);
        if (!v || list_append(list, v) < 0)
            CLEAR(list);
        XDECREF(v);
    }
    return list;
}

static Obj *lit_convert(ExprTree *t, const ExprNode *n, int depth)
{
    if (!n)
        return lit_malformed(t, n);
    if (depth > EXPR_MAX_HEIGHT) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    if (lit_is_constant(n))
        return expr_constant(t, n);
    switch (n->kind) {
    case EK_TUPLE: case EK_LIST: case EK_SET: {
        Obj *items = lit_items(t, n, depth + 1);
        if (!items || n->kind == EK_LIST)
            return items;
        Obj *r = n->kind == EK_TUPLE ? list_as_tuple(items) : set_new(items);
        DECREF(items);
        return r;
    }
    case EK_CALL:
        if (n->n == 1 && n->kids[0]->kind == EK_NAME && !strcmp(n->kids[0]->s, "set"))
            return set_new(NULL);
        break;
    case EK_DICT: {
        Obj *d = dict_new();
        for (int i = 0; d && i + 1 < n->n; i += 2) {
            Obj *k = lit_convert(t, n->kids[i], depth + 1);
            Obj *v = k ? lit_convert(t, n->kids[i + 1], depth + 1) : NULL;
            if (!v || dict_set(d, k, v) < 0)
                CLEAR(d);
            XDECREF(k);
            XDECREF(v);
        }
        return d;
    }
    case EK_BINARY:
        if (n->op == NB_ADD || n->op == NB_SUBTRACT) {
            Obj *left = lit_signed(t, n->kids[0]);
            if (!left)
                return NULL;
            Obj *right = lit_num(t, n->kids[1]);
            if (!right) {
                DECREF(left);
                return NULL;
            }
            Obj *r = NULL;
            if (!IS_TYPE(left, complex_type) && IS_TYPE(right, complex_type))
                r = num_binary(left, right, n->op);
            DECREF(left);
            DECREF(right);
            if (r || vm_err_occurred())
                return r;
        }
        break;
    default:
        break;
    }
    return lit_signed(t, n);
}

Obj *expr_literal_eval(ExprCode *c)
{
    ExprTree *t = (ExprTree *)c;
    return lit_convert(t, t->root, 0);
}

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

static void raise_syntax_error(const char *msg, long line, long off, Obj *text, long end_line,
                               long end_off)
{
    Obj *m = str_from_utf8(msg, (Ssize)strlen(msg));
    Obj *fname = str_from_utf8("<string>", 8);
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
static void raise_parse_error(const char *src, size_t len, const ExprSyntax *syn, const char *msg)
{
    long line, col, end_line, end_col;
    switch (syn->kind) {
    case EXS_UNSUPPORTED:
        vm_err_format(&exc_NotImplementedError, "pydbg: eval() of %s needs a compiler; not supported",
                      strstr(msg, "lambda") ? "a lambda expression" : "an assignment expression (:=)");
        return;
    case EXS_EMPTY:
        if (len == 0) {
            raise_syntax_error("invalid syntax", 0, 0, str_from_utf8("", 0), 0, 0);
            return;
        }
        raise_syntax_error("invalid syntax", 1, 0, line_text(src, len, 1, false), 1, 0);
        return;
    case EXS_AT_END: {
        size_t pos = syn->off < len ? syn->off : len;
        while (pos > 0 && strchr(" \t\f\r\n", src[pos - 1]))
            pos--;
        line_col(src, len, pos, &line, &col);
        raise_syntax_error("invalid syntax", line, 0, line_text(src, len, line, false), line, 0);
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
        raise_syntax_error("invalid syntax", line, col, line_text(src, len, line, false), end_line,
                           end_col);
        return;
    }
    if (syn->kind == EXS_NEVER_CLOSED) {
        raise_syntax_error(msg, line, col, line_text(src, len, line, false), line, 0);
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
        raise_syntax_error(buf, line, col, line_text(src, len, line, true), line, col);
        return;
    }
    raise_syntax_error(msg, line, col, line_text(src, len, line, false), end_line, end_col);
}

ExprCode *expr_compile_source(const char *src, size_t len)
{
    SBuf err = SBUF_INIT;
    ExprSyntax syn = {0};
    ExprTree *t = expr_parse_ex(src, len, EXPR_EVAL_MODE, &err, &syn);
    if (!t)
        raise_parse_error(src, len, &syn, err.len > syn.msg ? err.data + syn.msg : "invalid syntax");
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

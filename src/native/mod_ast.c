/* mod_ast.c — the `ast` module of CPython 3.12, reduced to literal_eval.
 *
 * pydbg has no compiler and so no AST objects: ast.literal_eval parses the
 * string with the expression engine (expr.h, SyntaxErrors as ast.parse
 * raises them, file "<unknown>") and converts the tree as ast.py's
 * _convert does — constants, tuples, lists, sets, dicts, set(), signed
 * numbers and the complex sums `1+2j` / `-1-2j` — rejecting anything else
 * with ast.py's ValueError "malformed node or string on line N:
 * <ast.Name object at 0x…>" naming the node it rejects.  A syntax error
 * gets the two ast.py frames (literal_eval, parse) CPython's traceback
 * shows.  Everything else of the module (parse, dump, NodeVisitor …) is
 * missing: AttributeError.
 */
#include "config.h"

#include <string.h>

#include "pydbg/expr.h"
#include "src/native/modhelp.h"
#include "src/native/tbframe.h"

enum { TB_PARSE, TB_LITERAL_EVAL, TB__COUNT };
static const TbLine tb_lines[] = {
    {"parse", "parse", 34, 52, "    return compile(source, filename, mode, flags,",
     "compile(source, filename, mode, flags,"},
    {"literal_eval", "literal_eval", 56, 66,
     "        node_or_string = parse(node_or_string.lstrip(\" \\t\"), mode='eval')",
     "parse(node_or_string.lstrip(\" \\t\"), mode='eval')"},
};
static TbFile tb_file = {"ast.py", tb_lines, TB__COUNT, NULL};

static Obj *ast_literal_eval(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"node_or_string"};
    Obj *v;
    if (args_parse("literal_eval", args, nargs, kwnames, names, 1, 1, 1, &v) < 0) return NULL;
    if (!STR_CHECK(v)) {
        /* not a string and (here) never a node: _convert rejects it */
        Obj *r = obj_repr(v);
        if (r) {
            vm_err_format(&exc_ValueError, "malformed node or string: %U", r);
            DECREF(r);
        }
        return NULL;
    }
    Ssize n;
    const char *src = str_utf8_lossy(v, &n);
    if (!src) return NULL;
    while (n > 0 && (*src == ' ' || *src == '\t')) src++, n--;
    if (memchr(src, 0, (size_t)n)) {
        vm_err_set_str(&exc_SyntaxError, "source code string cannot contain null bytes");
        tbframe_push(&tb_file, TB_PARSE);
        tbframe_push(&tb_file, TB_LITERAL_EVAL);
        return NULL;
    }
    ExprCode *c = expr_compile_source(src, (size_t)n, "<unknown>");
    if (!c) {
        tbframe_push(&tb_file, TB_PARSE);
        tbframe_push(&tb_file, TB_LITERAL_EVAL);
        return NULL;
    }
    Obj *r = expr_literal_eval(c);
    expr_code_free(c);
    return r;
}

static const MethodDef ast_methods[] = {
    {"literal_eval", ast_literal_eval, METH_FAST,
     "Evaluate an expression node or a string containing only a Python\n"
     "expression.  The string or node provided may only consist of the following\n"
     "Python literal structures: strings, bytes, numbers, tuples, lists, dicts,\n"
     "sets, booleans, and None.\n\n"
     "Caution: A complex expression can overflow the C stack and cause a crash."},
    {NULL, NULL, 0, NULL},
};

static Obj *ast_init(void)
{
    Obj *m = mh_module("ast", ast_methods);
    if (!m) return NULL;
    Obj *d = module_dict_borrow(m);
    Obj *mod = str_from_cstr("ast");
    Obj *fn = dict_get_str_borrow(d, "literal_eval");
    if (!mod || !fn || obj_setattr(fn, id_str("__module__"), mod) < 0) {
        XDECREF(mod);
        DECREF(m);
        return NULL;
    }
    DECREF(mod);
    return m;
}

void native_ast_register(void)
{
    import_register_native("ast", ast_init);
}

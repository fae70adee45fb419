/* expr.h — pydbg's Python expression evaluator (the debugger's
 * expressions and eval() of a source string).
 *
 * `print`, `display`, `watch`, breakpoint conditions and `set var` take a
 * Python expression (3.12 syntax) and evaluate it with pydbg's own parser
 * and tree walker on the VM's objects, with names resolved as frame f would
 * resolve them: fast locals, cells and free variables, then the frame's
 * locals mapping (module/class frames), globals, builtins.  Supported:
 * literals (numbers, strings incl. prefixes and implicit concatenation,
 * bytes, f-strings, tuples, lists, dicts, sets, Ellipsis), names,
 * attributes, subscripts and slices, calls with positional/keyword/star
 * arguments, unary/binary/boolean operators, chained comparisons, `in`,
 * `is`, conditional expressions, comprehensions (list, set, dict, and
 * generator expressions, which are lazy as in Python), and gdb's value
 * history `$`, `$$`, `$N`, `$$N`.  Refused with a syntax error: lambda,
 * the walrus operator, await/yield, async comprehensions, \N{…} escapes.
 *
 * Errors come back as one line in err: "syntax error at column N: WHAT"
 * for a bad expression, "TYPE: message" (CPython's wording) when
 * evaluating raised.  Running user code (calls, __repr__, properties) is
 * allowed; an exception it raises is reported, never left pending.
 */
#ifndef PYDBG_EXPR_H
#define PYDBG_EXPR_H

#include "pydbg/base.h"
#include "pydbg/vm.h"

/* Value history for `$N` (gdb): history(ud, n) returns entry n (1-based,
 * BORROWED) or NULL when out of range; n == 0 means the last, -1 the one
 * before ($$), and $$N is -N. */
typedef struct ExprEnv {
    Frame *frame;            /* scope; NULL: builtins only */
    Obj *(*history)(void *ud, long n);
    void *ud;
} ExprEnv;

/* Evaluate src; a new reference, or NULL with err set (no exception left pending). */
Obj *expr_eval(const ExprEnv *env, const char *src, SBuf *err);
/* The same in two steps, for an expression evaluated again and again (a
 * breakpoint condition, a watchpoint): parse once, run many times.
 * expr_compile: NULL with err on a syntax error. */
typedef struct ExprCode ExprCode;
ExprCode *expr_compile(const char *src, SBuf *err);
Obj *expr_run(const ExprEnv *env, ExprCode *c, SBuf *err);
void expr_code_free(ExprCode *c);
/* Check that src parses as an expression; 0 or -1 with err. */
int expr_check(const char *src, SBuf *err);
/* `set var TARGET = VALUE`: TARGET a name (local, cell, free, global as the
 * frame would store it), attribute or subscript; 0 or -1 with err. */
int expr_assign(const ExprEnv *env, const char *target, const char *value, SBuf *err);
/* eval() of a source string (builtins.c), in two steps as CPython compiles
 * then runs.  expr_compile_source: src, len bytes of UTF-8 with the leading
 * blanks stripped; NULL with the exception pending — a SyntaxError with
 * 3.12's message and position (in file `filename`, "<string>" for eval), or NotImplementedError
 * for what this engine does not run (lambda, :=).  expr_run_source: evaluate
 * in frame f (module code: its locals mapping, globals and builtins resolve
 * names, as eval(src, g, l) does); a new reference, or NULL with the
 * exception, whose traceback gets f's entry.  Free with expr_code_free. */
ExprCode *expr_compile_source(const char *src, size_t len, const char *filename);
Obj *expr_run_source(ExprCode *c, Frame *f);
/* ast.literal_eval of a compiled source: the literal's value, or NULL with
 * ValueError "malformed node or string on line N: <ast.Name object at …>"
 * naming the node ast.py's converter rejects. */
Obj *expr_literal_eval(ExprCode *c);
/* Is src a bare identifier?  (For `display` and completion.) */
bool expr_is_name(const char *src);

#endif

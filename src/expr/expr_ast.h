/* expr_ast.h — the syntax tree shared by the expression parser
 * (expr_parse.c) and the tree walker (expr_eval.c).  Private to src/expr.
 *
 * A parsed expression is an ExprTree: one Arena holding every node and
 * string, freed at once.  The tree is reference counted (plain C count, not
 * a Python object) because a generator expression evaluated lazily keeps
 * the nodes it still has to run after expr_eval has returned.
 *
 * Nodes hold no Python objects, so parsing (expr_check) needs no
 * interpreter; literals keep their decoded text and become objects when
 * evaluated.
 */
#ifndef PYDBG_EXPR_AST_H
#define PYDBG_EXPR_AST_H

#include <stdbool.h>

#include "pydbg/base.h"
#include "pydbg/obj.h"
#include "pydbg/vm.h"

typedef enum ExprKind {
    EK_NAME,        /* s: identifier (UTF-8) */
    EK_INT,         /* s: digits without prefix or underscores; op: base */
    EK_FLOAT,       /* d */
    EK_IMAG,        /* d: the imaginary part */
    EK_STR,         /* s, slen: UTF-8 (lone surrogates as 3-byte sequences) */
    EK_BYTES,       /* s, slen */
    EK_FSTR,        /* kids: EK_STR and EK_FIELD parts, concatenated */
    EK_FIELD,       /* kids[0] value, kids[1] spec (EK_FSTR) or NULL; op: 0/'s'/'r'/'a' */
    EK_CONST,       /* op: EC_NONE/EC_TRUE/EC_FALSE/EC_ELLIPSIS */
    EK_HISTORY,     /* num: $ 0, $$ -1, $N N, $$N -N */
    EK_TUPLE, EK_LIST, EK_SET,   /* kids, EK_STARRED allowed */
    EK_DICT,        /* kids: key, value pairs; key NULL for **value */
    EK_STARRED,     /* kids[0] */
    EK_ATTR,        /* kids[0] . s */
    EK_SUBSCR,      /* kids[0] [ kids[1] ] */
    EK_SLICE,       /* kids[0..2], each may be NULL */
    EK_CALL,        /* kids[0] the callable, then arguments: expressions,
                       EK_STARRED (*a) and EK_KEYWORD */
    EK_KEYWORD,     /* s = kids[0]; s NULL for **kids[0] */
    EK_UNARY,       /* op: UN_* (obj.h) of kids[0] */
    EK_NOT,         /* kids[0] */
    EK_BINARY,      /* kids[0] op kids[1]; op: NB_* (obj.h) */
    EK_BOOLOP,      /* op: EB_AND / EB_OR over kids (n >= 2) */
    EK_COMPARE,     /* kids[0] ops[0] kids[1] ops[1] kids[2] …; ops: CMP_* or EC_IN… */
    EK_IFEXP,       /* kids[0] if kids[1] else kids[2] */
    EK_COMP         /* op: ECK_*; kids[0] element (key for dicts), kids[1] value;
                       comp: the clauses */
} ExprKind;

enum { EC_NONE = 0, EC_TRUE, EC_FALSE, EC_ELLIPSIS };
enum { EB_AND = 0, EB_OR };
/* Comparison operators beyond obj.h's CMP_LT..CMP_GE (0..5). */
enum { EC_IN = 6, EC_NOT_IN, EC_IS, EC_IS_NOT };
enum { ECK_LIST = 0, ECK_SET, ECK_DICT, ECK_GEN };

typedef struct ExprNode ExprNode;

/* One `for TARGET in ITER if C1 if C2 …` clause of a comprehension. */
typedef struct ExprClause {
    ExprNode *target;   /* EK_NAME, or EK_TUPLE/EK_LIST of targets (one EK_STARRED) */
    ExprNode *iter;
    ExprNode **ifs;
    int nifs;
} ExprClause;

/* A comprehension: its clauses and the names its targets bind (its own
 * scope, as Python 3 gives comprehensions). */
typedef struct ExprComp {
    ExprClause *clauses;
    int nclauses;
    const char **vars;
    int nvars;
} ExprComp;

struct ExprNode {
    uint8_t kind;
    uint8_t op;
    bool paren;         /* written in parentheses (a keyword argument must not be) */
    uint32_t off;       /* byte offset of the node's first character (columns are
                           counted only for messages: expr_column) */
    int height;         /* recursion the tree walker needs below this node */
    int n;
    ExprNode **kids;
    const char *s;
    size_t slen;
    double d;
    long num;
    uint8_t *ops;       /* EK_COMPARE: n-1 operators */
    ExprComp *comp;     /* EK_COMP */
    const void *slot_code;  /* EK_NAME: the code object `slot` was looked up in */
    int slot;
    Obj *cache;         /* literal or name object made by the first evaluation
                           (a reference held by the tree: ExprTree.cached) */
};

typedef struct ExprTree {
    int refs;
    Arena arena;
    ExprNode *root;
    const char *src;    /* copy of the source text (f-string `=` fields quote it) */
    Obj **cached;       /* objects the nodes cache (released with the tree), so a
                           condition evaluated a million times converts its
                           literals and names once */
    size_t ncached, capcached;
} ExprTree;

/* Parse src as one expression (a bare tuple `a, b` allowed, as eval()).
 * NULL with err set to "syntax error at column N: WHAT" on failure. */
ExprTree *expr_parse(const char *src, SBuf *err);

/* The shape of a syntax error, for eval()'s SyntaxError (CPython's fields).
 * EXS_MESSAGE: the message (err from byte msg on) is CPython's own;
 * EXS_INVALID: CPython says "invalid syntax" about [off, end);
 * EXS_AT_END: "invalid syntax" at the end of the input (offset 0);
 * EXS_NEVER_CLOSED: the message names the bracket at off (end_offset 0);
 * EXS_EMPTY: nothing but blanks (line 0);
 * EXS_UNSUPPORTED: valid Python this engine does not run (lambda, :=);
 * EXS_TOO_DEEP: nesting beyond the walker's limits (CPython's compiler
 * raises RecursionError there). */
enum { EXS_MESSAGE = 0, EXS_INVALID, EXS_AT_END, EXS_NEVER_CLOSED, EXS_EMPTY, EXS_UNSUPPORTED,
       EXS_TOO_DEEP };
typedef struct ExprSyntax {
    int kind;
    size_t off, end;    /* byte offsets in the source */
    size_t msg;         /* where the message starts in err */
    bool lexer;         /* raised by the tokenizer */
} ExprSyntax;
/* flags of expr_parse_ex: eval() of a source string — no value history
 * ($ is invalid), CPython's bracket errors and "forgot a comma?". */
#define EXPR_EVAL_MODE 1u
/* src need not be NUL-terminated; syn (may be NULL) gets the error's shape. */
ExprTree *expr_parse_ex(const char *src, size_t len, unsigned flags, SBuf *err, ExprSyntax *syn);
void expr_tree_ref(ExprTree *t);
/* 1-based column (in code points) of node n of t, for messages. */
int expr_column(const ExprTree *t, const ExprNode *n);
void expr_tree_unref(ExprTree *t);

/* Evaluate t in frame f (expr_eval_source): a new reference, or NULL with
 * the exception pending. */
Obj *expr_run_tree(ExprTree *t, Frame *f);
/* The value of a literal node (EK_INT … EK_BYTES, EK_CONST) of t. */
Obj *expr_constant(ExprTree *t, const ExprNode *n);

/* Limits: how deep brackets/unary operators may nest while parsing (a
 * bracket counts twice: the bracket and the expression inside; CPython
 * allows 200 nested brackets, so do we), and how deep the tree may be (the
 * walker recurses once per level). */
#define EXPR_MAX_NEST 400
#define EXPR_MAX_HEIGHT 1000

#endif

/* expr_parse.c — tokenizer and recursive-descent parser for the debugger's
 * Python expressions (3.12 syntax), producing an ExprTree (expr_ast.h).
 *
 * The tokenizer is driven one token at a time by the parser (one token of
 * lookahead, p->tok), because f-strings switch modes: their literal parts
 * are scanned as characters and their replacement fields are parsed as
 * ordinary expressions from the same position (PEP 701, so a field may hold
 * the f-string's own quote character).
 *
 * Every node and string lives in the tree's arena; a syntax error longjmps
 * out of the parse and the arena is dropped whole, so error paths cannot
 * leak.  Recursion is bounded: brackets, unary operators and `not` count
 * towards EXPR_MAX_NEST, and the finished tree's height is capped at
 * EXPR_MAX_HEIGHT, so hostile input ("((((…", "----…1", "1+1+…") gets an
 * error instead of exhausting the C stack here or in the tree walker.
 *
 * Refused on purpose, each with its own message: lambda, `:=`, await,
 * yield, async comprehensions, and \N{…} escapes (pydbg has no Unicode
 * name database).
 */
#include "config.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/types.h"
#include "src/expr/expr_ast.h"

/* ---- tokens ---------------------------------------------------------------------- */

/* T_NL: a newline outside brackets with more text after it (eval("1\n2")). */
enum { T_END, T_NAME, T_NUMBER, T_STRING, T_FSTART, T_HIST, T_OP, T_KW, T_NL };

enum {
    OP_LPAR = 1, OP_RPAR, OP_LSQB, OP_RSQB, OP_LBRACE, OP_RBRACE, OP_COLON, OP_COMMA, OP_SEMI,
    OP_PLUS, OP_MINUS, OP_STAR, OP_SLASH, OP_VBAR, OP_AMPER, OP_LESS, OP_GREATER, OP_EQUAL,
    OP_DOT, OP_PERCENT, OP_EQEQUAL, OP_NOTEQUAL, OP_LESSEQUAL, OP_GREATEREQUAL, OP_TILDE,
    OP_CIRCUMFLEX, OP_LSHIFT, OP_RSHIFT, OP_DOUBLESTAR, OP_DOUBLESLASH, OP_AT, OP_RARROW,
    OP_ELLIPSIS, OP_COLONEQUAL, OP_EXCLAM, OP_AUGASSIGN
};

/* Longest match first. */
static const struct { const char *text; int op; } op_table[] = {
    {"**=", OP_AUGASSIGN}, {"//=", OP_AUGASSIGN}, {">>=", OP_AUGASSIGN}, {"<<=", OP_AUGASSIGN},
    {"...", OP_ELLIPSIS},
    {"+=", OP_AUGASSIGN}, {"-=", OP_AUGASSIGN}, {"*=", OP_AUGASSIGN}, {"/=", OP_AUGASSIGN},
    {"%=", OP_AUGASSIGN}, {"&=", OP_AUGASSIGN}, {"|=", OP_AUGASSIGN}, {"^=", OP_AUGASSIGN},
    {"@=", OP_AUGASSIGN}, {"->", OP_RARROW}, {":=", OP_COLONEQUAL}, {"==", OP_EQEQUAL},
    {"!=", OP_NOTEQUAL}, {"<=", OP_LESSEQUAL}, {">=", OP_GREATEREQUAL}, {"<<", OP_LSHIFT},
    {">>", OP_RSHIFT}, {"**", OP_DOUBLESTAR}, {"//", OP_DOUBLESLASH},
    {"(", OP_LPAR}, {")", OP_RPAR}, {"[", OP_LSQB}, {"]", OP_RSQB}, {"{", OP_LBRACE},
    {"}", OP_RBRACE}, {":", OP_COLON}, {",", OP_COMMA}, {";", OP_SEMI}, {"+", OP_PLUS},
    {"-", OP_MINUS}, {"*", OP_STAR}, {"/", OP_SLASH}, {"|", OP_VBAR}, {"&", OP_AMPER},
    {"<", OP_LESS}, {">", OP_GREATER}, {"=", OP_EQUAL}, {".", OP_DOT}, {"%", OP_PERCENT},
    {"~", OP_TILDE}, {"^", OP_CIRCUMFLEX}, {"@", OP_AT}, {"!", OP_EXCLAM},
};

enum {
    K_FALSE = 1, K_NONE, K_TRUE, K_AND, K_OR, K_NOT, K_IN, K_IS, K_IF, K_ELSE, K_FOR,
    K_ASYNC, K_AWAIT, K_LAMBDA, K_YIELD, K_OTHER
};

static const struct { const char *word; int kw; } kw_table[] = {
    {"False", K_FALSE}, {"None", K_NONE}, {"True", K_TRUE}, {"and", K_AND}, {"or", K_OR},
    {"not", K_NOT}, {"in", K_IN}, {"is", K_IS}, {"if", K_IF}, {"else", K_ELSE},
    {"for", K_FOR}, {"async", K_ASYNC}, {"await", K_AWAIT}, {"lambda", K_LAMBDA},
    {"yield", K_YIELD},
    {"as", K_OTHER}, {"assert", K_OTHER}, {"break", K_OTHER}, {"class", K_OTHER},
    {"continue", K_OTHER}, {"def", K_OTHER}, {"del", K_OTHER}, {"elif", K_OTHER},
    {"except", K_OTHER}, {"finally", K_OTHER}, {"from", K_OTHER}, {"global", K_OTHER},
    {"import", K_OTHER}, {"nonlocal", K_OTHER}, {"pass", K_OTHER}, {"raise", K_OTHER},
    {"return", K_OTHER}, {"try", K_OTHER}, {"while", K_OTHER}, {"with", K_OTHER},
};

typedef struct Tok {
    int kind;
    int code;            /* OP_* or K_* */
    size_t start, end;   /* byte offsets in the source */
    ExprNode *lit;       /* T_NUMBER, T_STRING, T_HIST: the node */
    bool bytes, raw, triple;   /* T_STRING / T_FSTART */
    char quote;
} Tok;

typedef struct P {
    const char *src;
    size_t len;
    size_t pos;          /* where the tokenizer goes on */
    Tok tok;             /* the current token */
    int brackets;        /* open brackets: newlines inside are blanks */
    size_t open_at[64];  /* where the innermost open brackets are (eval's messages) */
    unsigned flags;      /* EXPR_EVAL_MODE */
    size_t prev_end;     /* end of the token before the current one */
    bool started;        /* a token was read (newlines before it are blanks) */
    size_t trailing_nl;  /* 1 + offset of a final newline outside brackets (0: none) */
    size_t last_disj;    /* start of the disjunction parsed last ("forgot a comma?") */
    ExprSyntax *syn;     /* the error's CPython shape (may be NULL) */
    bool in_lex;         /* the tokenizer is running (its errors end a trial parse too) */
    bool scanning_rest;  /* tokenize_rest: the end with brackets open is no error */
    int nest;            /* recursion of the parse functions that nest */
    Arena *arena;
    SBuf *err;
    SBuf tmp;            /* scratch for decoding literals (freed by expr_parse) */
    jmp_buf jb;
} P;

/* ---- errors ---------------------------------------------------------------------- */

/* 1-based column in code points of byte offset off of s. */
static int column_at(const char *s, size_t len, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off && i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static int col_of(const P *p, size_t off) { return column_at(p->src, p->len, off); }

int expr_column(const ExprTree *t, const ExprNode *n)
{
    return column_at(t->src, strlen(t->src), n->off);
}

PYDBG_NORETURN static void vfail(P *p, int col, const char *fmt, va_list ap)
{
    sbuf_reset(p->err);
    sbuf_printf(p->err, "syntax error at column %d: ", col);
    if (p->syn)
        p->syn->msg = p->err->len;
    sbuf_vprintf(p->err, fmt, ap);
    if (p->syn)
        p->syn->lexer = p->in_lex;
    longjmp(p->jb, 1);
}

/* Record the error's shape for eval(): kind EXS_*, offending bytes [off, end). */
static void syn_set(P *p, int kind, size_t off, size_t end)
{
    if (p->syn) {
        p->syn->kind = kind;
        p->syn->off = off;
        p->syn->end = end;
    }
}

/* A syntax error at byte offset off. */
PYDBG_PRINTF(3, 4) PYDBG_NORETURN static void fail(P *p, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    syn_set(p, EXS_MESSAGE, off, off);
    vfail(p, col_of(p, off), fmt, ap);
}

/* A syntax error eval() reports in its own shape (kind, [soff, send)); the
 * debugger's message names column of byte offset off. */
PYDBG_PRINTF(6, 7) PYDBG_NORETURN static void fail_shaped(P *p, int kind, size_t soff, size_t send,
                                                          size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    syn_set(p, kind, soff, send);
    vfail(p, col_of(p, off), fmt, ap);
}

/* A syntax error at node n. */
PYDBG_PRINTF(3, 4) PYDBG_NORETURN static void fail_at(P *p, const ExprNode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(p, col_of(p, n->off), fmt, ap);
}

/* ---- UTF-8 ------------------------------------------------------------------------ */

/* Decode the code point at s[*i] (input already validated); advances *i. */
static uint32_t utf8_next(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) {
        (*i)++;
        return u[0];
    }
    if (u[0] < 0xE0) {
        *i += 2;
        return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (u[0] < 0xF0) {
        *i += 3;
        return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    *i += 4;
    return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
           ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

/* Offset of the first byte that is not well-formed UTF-8, or len. */
static size_t utf8_check(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t n;
        uint32_t min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c < 0xE0) {
            n = 1; min = 0x80;
        } else if (c >= 0xE0 && c < 0xF0) {
            n = 2; min = 0x800;
        } else if (c >= 0xF0 && c < 0xF5) {
            n = 3; min = 0x10000;
        } else {
            return i;
        }
        if (i + n >= len)
            return i;
        uint32_t cp = c & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
        for (size_t k = 1; k <= n; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
            return i;
        i += n + 1;
    }
    return len;
}

/* Append cp as UTF-8; lone surrogates become their 3-byte form, which
 * str_from_utf8 accepts (as Python keeps them in str literals). */
static void put_cp(SBuf *b, uint32_t cp)
{
    if (cp < 0x80) {
        sbuf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        sbuf_putc(b, (char)(0xC0 | (cp >> 6)));
        sbuf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sbuf_putc(b, (char)(0xE0 | (cp >> 12)));
        sbuf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sbuf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        sbuf_putc(b, (char)(0xF0 | (cp >> 18)));
        sbuf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        sbuf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sbuf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

static bool is_id_start(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    return (ucd_flags(cp) & UCD_XID_START) != 0;
}

static bool is_id_continue(uint32_t cp)
{
    if (cp < 0x80)
        return is_id_start(cp) || (cp >= '0' && cp <= '9');
    return (ucd_flags(cp) & UCD_XID_CONTINUE) != 0;
}

/* ---- nodes ------------------------------------------------------------------------ */

static ExprNode *node_new(P *p, int kind, size_t off)
{
    ExprNode *n = arena_alloc(p->arena, sizeof *n);
    n->kind = (uint8_t)kind;
    n->off = (uint32_t)off;
    n->height = 1;
    return n;
}

/* Set the children of n and its height (refusing trees the walker could
 * not descend without risking the C stack). */
static void node_kids(P *p, ExprNode *n, ExprNode **kids, int count)
{
    n->n = count;
    n->kids = count ? arena_memdup(p->arena, kids, (size_t)count * sizeof *kids) : NULL;
    int h = 0;
    for (int i = 0; i < count; i++)
        if (kids[i] && kids[i]->height > h)
            h = kids[i]->height;
    n->height = h + 1;
    if (n->height > EXPR_MAX_HEIGHT)
        fail_shaped(p, EXS_TOO_DEEP, n->off, n->off, n->off, "expression too deeply nested");
}

static ExprNode *node1(P *p, int kind, size_t off, ExprNode *a)
{
    ExprNode *n = node_new(p, kind, off);
    node_kids(p, n, &a, 1);
    return n;
}

static ExprNode *node2(P *p, int kind, size_t off, ExprNode *a, ExprNode *b)
{
    ExprNode *n = node_new(p, kind, off);
    ExprNode *k[2] = {a, b};
    node_kids(p, n, k, 2);
    return n;
}

/* A growable vector of nodes in the arena (abandoned copies are harmless). */
typedef struct Vec { ExprNode **v; int n, cap; } Vec;

static void vec_push(P *p, Vec *v, ExprNode *x)
{
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        ExprNode **nv = arena_alloc(p->arena, (size_t)cap * sizeof *nv);
        if (v->n)
            memcpy(nv, v->v, (size_t)v->n * sizeof *nv);
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = x;
}

static ExprNode *node_vec(P *p, int kind, size_t off, Vec *v)
{
    ExprNode *n = node_new(p, kind, off);
    node_kids(p, n, v->v, v->n);
    return n;
}

/* ---- the tokenizer ------------------------------------------------------------------ */

static ExprNode *lex_number(P *p, size_t start);
static void lex_string(P *p, size_t qpos, bool raw, bool bytes, bool fstr);

/* Brackets: newlines inside are blanks; eval() names an unclosed or
 * unmatched one as CPython's tokenizer does. */
static void bracket_open(P *p, size_t at)
{
    if ((p->flags & EXPR_EVAL_MODE) && p->brackets >= 200)   /* CPython's tokenizer limit */
        fail(p, at, "too many nested parentheses");
    if (p->brackets < (int)(sizeof p->open_at / sizeof p->open_at[0]))
        p->open_at[p->brackets] = at;
    p->brackets++;
}

static void bracket_close(P *p, size_t at)
{
    char c = p->src[at];
    if (p->brackets == 0) {
        if (p->flags & EXPR_EVAL_MODE)
            fail(p, at, "unmatched '%c'", c);
        return;
    }
    p->brackets--;
    if ((p->flags & EXPR_EVAL_MODE) && p->brackets < (int)(sizeof p->open_at / sizeof p->open_at[0])) {
        char o = p->src[p->open_at[p->brackets]];
        if (o != (c == ')' ? '(' : c == ']' ? '[' : '{'))
            fail(p, at, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, o);
    }
}

static void lex_token(P *p);

static void lex(P *p)
{
    p->in_lex = true;
    lex_token(p);
    p->in_lex = false;
}

static void lex_token(P *p)
{
    const char *s = p->src;
    size_t i = p->pos;
    for (;;) {
        if (i >= p->len)
            break;
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            i++;
        } else if (c == '\\' && i + 1 < p->len && s[i + 1] == '\n') {
            i += 2;
        } else if (c == '\\' && i + 2 < p->len && s[i + 1] == '\r' && s[i + 2] == '\n') {
            i += 3;
        } else if (c == '#') {
            while (i < p->len && s[i] != '\n')
                i++;
        } else if (c == '\n') {
            if (p->brackets > 0) {
                i++;
                continue;
            }
            /* Outside brackets a newline ends the expression: only blanks and
             * comments may follow (eval("1\n") is fine, eval("1\n2") not). */
            size_t j = i;
            while (j < p->len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' ||
                                  s[j] == '\f' || s[j] == '#')) {
                if (s[j] == '#')
                    while (j < p->len && s[j] != '\n')
                        j++;
                else
                    j++;
            }
            if (j >= p->len && !p->trailing_nl)
                p->trailing_nl = i + 1;
            if (j < p->len && p->started) {
                Tok *t = &p->tok;
                memset(t, 0, sizeof *t);
                t->kind = T_NL;
                t->start = i;
                t->end = i + 1;
                p->pos = j;
                return;
            }
            i = j;
        } else {
            break;
        }
    }
    Tok *t = &p->tok;
    memset(t, 0, sizeof *t);
    t->start = i;
    p->started = true;
    if (i >= p->len && (p->flags & EXPR_EVAL_MODE) && p->brackets > 0 && !p->scanning_rest &&
        p->brackets <= (int)(sizeof p->open_at / sizeof p->open_at[0])) {
        /* CPython's tokenizer stops at the end with a bracket open */
        size_t at = p->open_at[p->brackets - 1];
        fail_shaped(p, EXS_NEVER_CLOSED, at, at, at, "'%c' was never closed", p->src[at]);
    }
    if (i >= p->len) {
        t->kind = T_END;
        t->end = p->pos = i;
        return;
    }
    unsigned char c = (unsigned char)s[i];
    size_t j = i;
    uint32_t cp = utf8_next(s, &j);
    if (is_id_start(cp)) {
        /* A string prefix? r, u, b, br, rb, f, fr, rf in any case. */
        size_t k = i;
        bool raw = false, bytes = false, fstr = false, uni = false;
        while (k < p->len && k - i < 2 && strchr("rRbBuUfF", s[k])) {
            char l = (char)(s[k] | 0x20);
            if ((l == 'r' && raw) || (l == 'b' && (bytes || fstr || uni)) ||
                (l == 'f' && (bytes || fstr || uni)) || (l == 'u' && k > i))
                break;
            raw |= l == 'r';
            bytes |= l == 'b';
            fstr |= l == 'f';
            uni |= l == 'u';
            k++;
        }
        if (k > i && k < p->len && (s[k] == '\'' || s[k] == '"') &&
            !(uni && (raw || k - i > 1))) {
            lex_string(p, k, raw, bytes, fstr);
            t->start = i;
            return;
        }
        while (j < p->len) {
            size_t nj = j;
            uint32_t c2 = utf8_next(s, &nj);
            if (!is_id_continue(c2))
                break;
            j = nj;
        }
        t->kind = T_NAME;
        t->end = p->pos = j;
        for (size_t w = 0; w < sizeof kw_table / sizeof kw_table[0]; w++)
            if (strlen(kw_table[w].word) == j - i && !memcmp(kw_table[w].word, s + i, j - i)) {
                t->kind = T_KW;
                t->code = kw_table[w].kw;
            }
        return;
    }
    if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < p->len && s[i + 1] >= '0' && s[i + 1] <= '9')) {
        t->kind = T_NUMBER;
        t->lit = lex_number(p, i);
        t->start = i;
        t->end = p->pos;
        if ((p->flags & EXPR_EVAL_MODE) && p->pos < p->len) {
            /* a letter right after a number (`5a`): CPython's tokenizer
             * error, except for the keywords 3.12 still accepts there */
            size_t j2 = p->pos;
            uint32_t c2 = utf8_next(s, &j2);
            if (is_id_start(c2)) {
                static const char *const ok[] = {"and", "else", "for", "if", "in", "is", "not",
                                                 "or"};
                bool allowed = false;
                for (size_t w = 0; w < sizeof ok / sizeof ok[0]; w++) {
                    size_t l = strlen(ok[w]);
                    if (p->pos + l <= p->len && !memcmp(s + p->pos, ok[w], l))
                        allowed = true;
                }
                if (!allowed)
                    fail(p, p->pos - 1, "invalid decimal literal");
            }
        }
        return;
    }
    if (c == '\'' || c == '"') {
        lex_string(p, i, false, false, false);
        return;
    }
    if (c == '$' && (p->flags & EXPR_EVAL_MODE))
        fail_shaped(p, EXS_INVALID, i, i + 1, i, "invalid syntax");
    if (c == '$') {
        /* gdb's value history: $, $N, $$, $$N. */
        j = i + 1;
        bool twice = j < p->len && s[j] == '$';
        if (twice)
            j++;
        size_t d = j;
        long n = 0;
        while (j < p->len && s[j] >= '0' && s[j] <= '9') {
            if (j - d >= 9)
                fail(p, i, "value history number too large");
            n = n * 10 + (s[j] - '0');
            j++;
        }
        if (j < p->len && is_id_continue((unsigned char)s[j]))
            fail(p, i, "convenience variables ($name) are not supported");
        t->kind = T_HIST;
        t->lit = node_new(p, EK_HISTORY, i);
        t->lit->num = twice ? (j > d ? -n : -1) : n;
        t->end = p->pos = j;
        return;
    }
    for (size_t k = 0; k < sizeof op_table / sizeof op_table[0]; k++) {
        size_t l = strlen(op_table[k].text);
        if (i + l <= p->len && !memcmp(s + i, op_table[k].text, l)) {
            t->kind = T_OP;
            t->code = op_table[k].op;
            t->end = p->pos = i + l;
            if (t->code == OP_LPAR || t->code == OP_LSQB || t->code == OP_LBRACE)
                bracket_open(p, i);
            else if (t->code == OP_RPAR || t->code == OP_RSQB || t->code == OP_RBRACE)
                bracket_close(p, i);
            return;
        }
    }
    if (cp < 0x80 && cp >= 0x20 && cp < 0x7F)
        fail_shaped(p, EXS_INVALID, i, i + 1, i, "invalid character '%c' (U+%04X)", (char)cp,
                    (unsigned)cp);
    if (cp < 0x80 || !(ucd_flags(cp) & UCD_PRINTABLE))
        fail(p, i, "invalid non-printable character U+%04X", (unsigned)cp);
    fail(p, i, "invalid character '%.*s' (U+%04X)", (int)(j - i), s + i, (unsigned)cp);
}

/* Digits of base `base` with single underscores between them, from s[*i];
 * appends them (without underscores) to buf.  Returns how many digits. */
static int scan_digits(P *p, size_t *i, int base, SBuf *buf, bool after_prefix)
{
    const char *s = p->src;
    int count = 0;
    size_t k = *i;
    for (;;) {
        if (k < p->len && s[k] == '_' && (count > 0 || after_prefix)) {
            if (k + 1 >= p->len)
                fail(p, k, "invalid %s literal", base == 16 ? "hexadecimal" : base == 8 ? "octal"
                                                 : base == 2 ? "binary" : "decimal");
            char n = s[k + 1];
            bool ok = base == 16 ? ((n >= '0' && n <= '9') || ((n | 0x20) >= 'a' && (n | 0x20) <= 'f'))
                                 : (n >= '0' && n <= '9');
            if (!ok)
                fail(p, k, "invalid %s literal", base == 16 ? "hexadecimal" : base == 8 ? "octal"
                                                 : base == 2 ? "binary" : "decimal");
            k++;
            continue;
        }
        if (k >= p->len)
            break;
        char c = s[k];
        int v = c >= '0' && c <= '9' ? c - '0'
              : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10 : 99;
        if (base == 16 ? v >= 16 : v >= 10)
            break;
        if (v >= base)
            fail(p, k, "invalid digit '%c' in %s literal", c, base == 8 ? "octal" : "binary");
        sbuf_putc(buf, c);
        count++;
        k++;
    }
    *i = k;
    return count;
}

static ExprNode *lex_number(P *p, size_t start)
{
    const char *s = p->src;
    size_t i = start;
    SBuf *b = &p->tmp;
    sbuf_reset(b);
    if (s[i] == '0' && i + 1 < p->len && strchr("xXoObB", s[i + 1])) {
        char l = (char)(s[i + 1] | 0x20);
        int base = l == 'x' ? 16 : l == 'o' ? 8 : 2;
        i += 2;
        if (!scan_digits(p, &i, base, b, true))
            fail(p, start, "invalid %s literal", base == 16 ? "hexadecimal" : base == 8 ? "octal"
                                                 : "binary");
        ExprNode *n = node_new(p, EK_INT, start);
        n->s = arena_strndup(p->arena, b->data, b->len);
        n->slen = b->len;
        n->op = (uint8_t)base;
        p->pos = i;
        return n;
    }
    scan_digits(p, &i, 10, b, false);
    bool is_float = false;
    if (i < p->len && s[i] == '.') {
        is_float = true;
        sbuf_putc(b, '.');
        i++;
        if (i < p->len && s[i] >= '0' && s[i] <= '9')
            scan_digits(p, &i, 10, b, false);
    }
    if (i < p->len && (s[i] | 0x20) == 'e') {
        size_t k = i + 1;
        if (k < p->len && (s[k] == '+' || s[k] == '-'))
            k++;
        if (k < p->len && s[k] >= '0' && s[k] <= '9') {
            sbuf_putc(b, 'e');
            if (s[i + 1] == '-')
                sbuf_putc(b, '-');
            scan_digits(p, &k, 10, b, false);
            i = k;
            is_float = true;
        }
        /* else the 'e' starts the next token, as in `1else` (deprecated, accepted). */
    }
    bool imag = i < p->len && (s[i] | 0x20) == 'j';
    if (imag)
        i++;
    p->pos = i;
    if (!is_float && !imag) {
        /* Leading zeros are allowed only in zero itself. */
        if (b->len > 1 && b->data[0] == '0') {
            for (size_t k = 0; k < b->len; k++)
                if (b->data[k] != '0')
                    fail_shaped(p, EXS_MESSAGE, start, start + 1, start,
                                "leading zeros in decimal integer literals are not permitted; "
                                "use an 0o prefix for octal integers");
        }
        ExprNode *n = node_new(p, EK_INT, start);
        n->s = arena_strndup(p->arena, b->data, b->len);
        n->slen = b->len;
        n->op = 10;
        return n;
    }
    double d = 0;
    Ssize got = float_parse_prefix(b->data, (Ssize)b->len, &d);
    if (got != (Ssize)b->len)
        fail(p, start, "invalid decimal literal");
    ExprNode *n = node_new(p, imag ? EK_IMAG : EK_FLOAT, start);
    n->d = d;
    return n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode the escape at s[*i] == '\\' (not raw) into b. */
static void decode_escape(P *p, size_t *i, SBuf *b, bool bytes)
{
    const char *s = p->src;
    size_t k = *i + 1;
    if (k >= p->len)
        fail(p, *i, "unterminated string literal");
    char c = s[k++];
    switch (c) {
    case '\n': break;
    case '\\': sbuf_putc(b, '\\'); break;
    case '\'': sbuf_putc(b, '\''); break;
    case '"': sbuf_putc(b, '"'); break;
    case 'a': sbuf_putc(b, '\a'); break;
    case 'b': sbuf_putc(b, '\b'); break;
    case 'f': sbuf_putc(b, '\f'); break;
    case 'n': sbuf_putc(b, '\n'); break;
    case 'r': sbuf_putc(b, '\r'); break;
    case 't': sbuf_putc(b, '\t'); break;
    case 'v': sbuf_putc(b, '\v'); break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        uint32_t v = (uint32_t)(c - '0');
        for (int d = 0; d < 2 && k < p->len && s[k] >= '0' && s[k] <= '7'; d++)
            v = v * 8 + (uint32_t)(s[k++] - '0');
        if (bytes)
            sbuf_putc(b, (char)(v & 0xFF));
        else
            put_cp(b, v);
        break;
    }
    case 'x': case 'u': case 'U': {
        if (bytes && c != 'x') {
            sbuf_putc(b, '\\');
            sbuf_putc(b, c);
            break;
        }
        int nd = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        uint32_t v = 0;
        for (int d = 0; d < nd; d++) {
            int h = k < p->len ? hexval(s[k]) : -1;
            if (h < 0)
                fail(p, *i, "truncated \\%c%s escape", c,
                     c == 'x' ? "XX" : c == 'u' ? "XXXX" : "XXXXXXXX");
            v = v * 16 + (uint32_t)h;
            k++;
        }
        if (bytes)
            sbuf_putc(b, (char)v);
        else if (v > 0x10FFFF)
            fail(p, *i, "illegal Unicode character in \\U escape");
        else
            put_cp(b, v);
        break;
    }
    case 'N':
        /* bytes keep \N as it is */
        if (!bytes)
            fail_shaped(p, EXS_UNSUPPORTED, *i, *i, *i,
                        "\\N{...} escapes are not supported (no Unicode name database)");
        /* fall through */
    default:
        sbuf_putc(b, '\\');
        k--;     /* the next character is ordinary text (UTF-8 copied by the caller) */
        break;
    }
    *i = k;
}

/* A string literal whose opening quote is at qpos (prefix before it). */
static void lex_string(P *p, size_t qpos, bool raw, bool bytes, bool fstr)
{
    const char *s = p->src;
    Tok *t = &p->tok;
    char q = s[qpos];
    bool triple = qpos + 2 < p->len && s[qpos + 1] == q && s[qpos + 2] == q;
    size_t i = qpos + (triple ? 3 : 1);
    t->bytes = bytes;
    t->raw = raw;
    t->triple = triple;
    t->quote = q;
    if (fstr) {
        /* The parser scans the body (parse_fstring). */
        t->kind = T_FSTART;
        t->end = p->pos = i;
        return;
    }
    SBuf *b = &p->tmp;
    sbuf_reset(b);
    for (;;) {
        if (i >= p->len || (!triple && s[i] == '\n'))
            fail(p, p->tok.start, triple ? "unterminated triple-quoted string literal"
                                         : "unterminated string literal");
        char c = s[i];
        if (c == q && (!triple || (i + 2 < p->len && s[i + 1] == q && s[i + 2] == q))) {
            i += triple ? 3 : 1;
            break;
        }
        if (c == '\\') {
            if (raw) {
                /* In raw strings a backslash still keeps the next quote or newline in. */
                sbuf_putc(b, '\\');
                i++;
                if (i < p->len && (s[i] == q || s[i] == '\\' || s[i] == '\n'))
                    sbuf_putc(b, s[i++]);
                continue;
            }
            decode_escape(p, &i, b, bytes);
            continue;
        }
        if ((unsigned char)c >= 0x80 && bytes)
            fail(p, i, "bytes can only contain ASCII literal characters");
        sbuf_putc(b, c);
        i++;
    }
    ExprNode *n = node_new(p, bytes ? EK_BYTES : EK_STR, qpos);
    n->s = arena_memdup(p->arena, b->data ? b->data : "", b->len + 1);
    n->slen = b->len;
    t->kind = T_STRING;
    t->lit = n;
    t->end = p->pos = i;
}

/* ---- the parser ---------------------------------------------------------------------- */

static void advance(P *p)
{
    p->prev_end = p->tok.end;
    lex(p);
}
static bool at_op(const P *p, int op) { return p->tok.kind == T_OP && p->tok.code == op; }
static bool at_kw(const P *p, int kw) { return p->tok.kind == T_KW && p->tok.code == kw; }

#define ENTER(p, off) \
    do { if (++(p)->nest > EXPR_MAX_NEST) \
            fail_shaped((p), EXS_TOO_DEEP, (off), (off), (off), "expression nested too deeply"); \
    } while (0)
#define LEAVE(p) ((p)->nest--)

static bool starts_expr(const P *p);
static ExprNode *parse_expression(P *p);

/* Where the parser is, for a look ahead that is then undone. */
typedef struct PState {
    Tok tok;
    size_t pos, prev_end, last_disj, trailing_nl;
    int brackets, nest;
    bool started;
    size_t open_at[64];
} PState;

static void pstate_save(const P *p, PState *st)
{
    st->tok = p->tok;
    st->pos = p->pos;
    st->prev_end = p->prev_end;
    st->last_disj = p->last_disj;
    st->trailing_nl = p->trailing_nl;
    st->brackets = p->brackets;
    st->nest = p->nest;
    st->started = p->started;
    memcpy(st->open_at, p->open_at, sizeof st->open_at);
}

static void pstate_restore(P *p, const PState *st)
{
    p->tok = st->tok;
    p->pos = st->pos;
    p->prev_end = st->prev_end;
    p->last_disj = st->last_disj;
    p->trailing_nl = st->trailing_nl;
    p->brackets = st->brackets;
    p->nest = st->nest;
    p->started = st->started;
    memcpy(p->open_at, st->open_at, sizeof st->open_at);
}

/* Is the disjunction that ended at the current token the bare word w? */
static bool last_disj_is(const P *p, const char *w)
{
    size_t l = strlen(w);
    return p->prev_end - p->last_disj == l && !memcmp(p->src + p->last_disj, w, l);
}

/* Parse an expression on trial (for a message about it): true with its end
 * in *bend; false, with nothing reported, when it does not parse. */
static bool trial_expression(P *p, size_t *bend)
{
    PState st;
    pstate_save(p, &st);
    jmp_buf saved;
    memcpy(saved, p->jb, sizeof saved);
    SBuf *err = p->err, scratch = SBUF_INIT;
    ExprSyntax *syn = p->syn, tsyn = {0};
    p->err = &scratch;
    p->syn = &tsyn;
    volatile bool ok = false;
    if (!setjmp(p->jb)) {
        parse_expression(p);
        *bend = p->prev_end;
        ok = true;
    }
    memcpy(p->jb, saved, sizeof saved);
    p->err = err;
    p->syn = syn;
    if (!ok && tsyn.lexer) {
        /* a tokenizer error while looking ahead ends the parse (CPython's
         * tokenizer errors are raised at once) */
        sbuf_reset(err);
        sbuf_put(err, scratch.data, scratch.len);
        if (syn)
            *syn = tsyn;
        sbuf_free(&scratch);
        longjmp(p->jb, 1);
    }
    sbuf_free(&scratch);
    if (!ok)
        pstate_restore(p, &st);
    return ok;
}

/* CPython's "Perhaps you forgot a comma?": inside brackets, an expression
 * right after the disjunction that ended at the current token. */
static bool forgot_comma(P *p, size_t *bend)
{
    if (!(p->flags & EXPR_EVAL_MODE) || p->brackets == 0 || !starts_expr(p) || p->prev_end == 0)
        return false;
    /* Not after print/exec (legacy statements) or a soft keyword. */
    static const char *const words[] = {"print", "exec", "match", "case", "type", "_"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (last_disj_is(p, words[w]))
            return false;
    return trial_expression(p, bend);
}

/* Python 2's `print x` / `exec x`: "Missing parentheses in call to 'print'". */
static void legacy_statement(P *p)
{
    size_t bend, a = p->last_disj;
    if (!(p->flags & EXPR_EVAL_MODE) || !starts_expr(p) || p->prev_end == 0)
        return;
    const char *w = last_disj_is(p, "print") ? "print" : last_disj_is(p, "exec") ? "exec" : NULL;
    if (w && trial_expression(p, &bend))
        fail_shaped(p, EXS_MESSAGE, a, bend, a,
                    "Missing parentheses in call to '%s'. Did you mean %s(...)?", w, w);
}

/* Before a generic "invalid syntax", CPython tokenizes the rest of the
 * input: a tokenizer error there (an unterminated string, a bad number, an
 * unmatched or never-closed bracket) is reported instead.  The current
 * token is kept for the generic error. */
static void tokenize_rest(P *p)
{
    if (!(p->flags & EXPR_EVAL_MODE))
        return;
    PState st;
    pstate_save(p, &st);
    p->scanning_rest = true;
    while (p->tok.kind != T_END && p->tok.kind != T_FSTART)
        lex(p);
    p->scanning_rest = false;
    pstate_restore(p, &st);
}

PYDBG_NORETURN static void unexpected(P *p)
{
    Tok *t = &p->tok;
    if (t->kind == T_END) {
        if (p->brackets > 0 && p->brackets <= (int)(sizeof p->open_at / sizeof p->open_at[0])) {
            size_t at = p->open_at[p->brackets - 1];
            if (p->flags & EXPR_EVAL_MODE)
                fail_shaped(p, EXS_NEVER_CLOSED, at, at, at, "'%c' was never closed", p->src[at]);
        }
        if (p->trailing_nl)     /* CPython names the NEWLINE token */
            fail_shaped(p, EXS_INVALID, p->trailing_nl - 1, p->trailing_nl, t->start,
                        "unexpected end of expression");
        fail_shaped(p, EXS_AT_END, t->start, t->start, t->start, "unexpected end of expression");
    }
    if (t->kind == T_NL)
        fail_shaped(p, EXS_INVALID, t->start, t->end, t->start, "unexpected newline");
    size_t a = p->last_disj, bend;
    legacy_statement(p);
    if (forgot_comma(p, &bend))
        fail_shaped(p, EXS_MESSAGE, a, bend, a, "invalid syntax. Perhaps you forgot a comma?");
    tokenize_rest(p);
    if (t->kind == T_OP && t->code == OP_COLONEQUAL)
        fail_shaped(p, p->brackets ? EXS_UNSUPPORTED : EXS_INVALID, t->start, t->end, t->start,
                    "assignment expressions (:=) are not supported");
    if (t->kind == T_KW && t->code == K_LAMBDA)
        fail_shaped(p, EXS_UNSUPPORTED, t->start, t->end, t->start, "lambda is not supported");
    if (t->kind == T_KW && t->code == K_AWAIT)
        fail_shaped(p, EXS_INVALID, t->start, t->end, t->start, "await is not supported");
    if (t->kind == T_KW && t->code == K_YIELD)
        fail_shaped(p, EXS_INVALID, t->start, t->end, t->start, "'yield' outside function");
    if (t->kind == T_OP && (t->code == OP_EQUAL || t->code == OP_AUGASSIGN))
        fail_shaped(p, EXS_INVALID, t->start, t->end, t->start,
                    "assignment is not an expression (use `set var`)");
    size_t n = t->end - t->start;
    if (t->kind == T_STRING || t->kind == T_FSTART)
        fail_shaped(p, EXS_INVALID, t->start, t->end, t->start, "unexpected string");
    if (t->kind == T_NUMBER)
        fail_shaped(p, EXS_INVALID, t->start, t->end, t->start, "unexpected number");
    fail_shaped(p, EXS_INVALID, t->start, t->end, t->start, "unexpected '%.*s'",
                (int)(n > 30 ? 30 : n), p->src + t->start);
}

static void expect_op(P *p, int op)
{
    if (!at_op(p, op))
        unexpected(p);
    advance(p);
}

static ExprNode *parse_expression(P *p);
static ExprNode *parse_disjunction(P *p);
static ExprNode *parse_bitor(P *p);
static ExprNode *parse_factor(P *p);
static ExprNode *parse_primary(P *p);
static ExprNode *parse_atom(P *p);

/* Can the current token start an expression? */
static bool starts_expr(const P *p)
{
    const Tok *t = &p->tok;
    switch (t->kind) {
    case T_NAME: case T_NUMBER: case T_STRING: case T_FSTART: case T_HIST: return true;
    case T_KW:
        return t->code == K_FALSE || t->code == K_NONE || t->code == K_TRUE || t->code == K_NOT ||
               t->code == K_LAMBDA || t->code == K_AWAIT || t->code == K_YIELD;
    case T_OP:
        return t->code == OP_LPAR || t->code == OP_LSQB || t->code == OP_LBRACE ||
               t->code == OP_MINUS || t->code == OP_PLUS || t->code == OP_TILDE ||
               t->code == OP_ELLIPSIS || t->code == OP_STAR;
    default: return false;
    }
}

/* `*bitwise_or` or an expression. */
static ExprNode *parse_star_or_expr(P *p)
{
    if (at_op(p, OP_STAR)) {
        size_t off = p->tok.start;
        advance(p);
        return node1(p, EK_STARRED, off, parse_bitor(p));
    }
    return parse_expression(p);
}

/* expression (',' expression)* [','] — a tuple when there is a comma.  With
 * allow_star, `*x` items too (f-string fields). */
static ExprNode *parse_exprlist(P *p, bool allow_star)
{
    size_t off = p->tok.start;
    ExprNode *first = allow_star ? parse_star_or_expr(p) : parse_expression(p);
    if (!at_op(p, OP_COMMA)) {
        if (first->kind == EK_STARRED && !first->paren)
            fail(p, off, "cannot use starred expression here");
        return first;
    }
    Vec v = {0};
    vec_push(p, &v, first);
    while (at_op(p, OP_COMMA)) {
        advance(p);
        if (!starts_expr(p) || (!allow_star && at_op(p, OP_STAR)))
            break;
        vec_push(p, &v, allow_star ? parse_star_or_expr(p) : parse_expression(p));
    }
    return node_vec(p, EK_TUPLE, off, &v);
}

static ExprNode *parse_expression(P *p)
{
    size_t off = p->tok.start;
    ENTER(p, off);
    if (at_kw(p, K_LAMBDA))
        unexpected(p);
    ExprNode *body = parse_disjunction(p);
    if (at_kw(p, K_IF)) {
        advance(p);
        ExprNode *test = parse_disjunction(p);
        if (!at_kw(p, K_ELSE))
            fail_shaped(p, EXS_MESSAGE, off, p->prev_end, p->tok.start,
                        "expected 'else' after 'if' expression");
        advance(p);
        ExprNode *orelse = parse_expression(p);
        ExprNode *n = node_new(p, EK_IFEXP, off);
        ExprNode *k[3] = {body, test, orelse};
        node_kids(p, n, k, 3);
        body = n;
    }
    LEAVE(p);
    return body;
}

static ExprNode *parse_inversion(P *p);

static ExprNode *parse_boolop(P *p, int which)
{
    size_t off = p->tok.start;
    ExprNode *first = which == EB_OR ? parse_boolop(p, EB_AND) : parse_inversion(p);
    int kw = which == EB_OR ? K_OR : K_AND;
    if (!at_kw(p, kw))
        return first;
    Vec v = {0};
    vec_push(p, &v, first);
    while (at_kw(p, kw)) {
        advance(p);
        vec_push(p, &v, which == EB_OR ? parse_boolop(p, EB_AND) : parse_inversion(p));
    }
    ExprNode *n = node_vec(p, EK_BOOLOP, off, &v);
    n->op = (uint8_t)which;
    return n;
}

static ExprNode *parse_disjunction(P *p)
{
    size_t off = p->tok.start;
    ExprNode *n = parse_boolop(p, EB_OR);
    p->last_disj = off;
    return n;
}

static ExprNode *parse_comparison(P *p);

static ExprNode *parse_inversion(P *p)
{
    if (at_kw(p, K_NOT)) {
        size_t off = p->tok.start;
        ENTER(p, off);
        advance(p);
        ExprNode *n = node1(p, EK_NOT, off, parse_inversion(p));
        LEAVE(p);
        return n;
    }
    return parse_comparison(p);
}

/* The comparison operator at the current token (consumed), or -1. */
static int comp_op(P *p)
{
    Tok *t = &p->tok;
    int op = -1;
    if (t->kind == T_OP) {
        switch (t->code) {
        case OP_LESS: op = CMP_LT; break;
        case OP_LESSEQUAL: op = CMP_LE; break;
        case OP_EQEQUAL: op = CMP_EQ; break;
        case OP_NOTEQUAL: op = CMP_NE; break;
        case OP_GREATER: op = CMP_GT; break;
        case OP_GREATEREQUAL: op = CMP_GE; break;
        default: return -1;
        }
        advance(p);
        return op;
    }
    if (t->kind != T_KW)
        return -1;
    if (t->code == K_IN) {
        advance(p);
        return EC_IN;
    }
    if (t->code == K_NOT) {
        advance(p);
        if (!at_kw(p, K_IN))
            unexpected(p);
        advance(p);
        return EC_NOT_IN;
    }
    if (t->code == K_IS) {
        advance(p);
        if (at_kw(p, K_NOT)) {
            advance(p);
            return EC_IS_NOT;
        }
        return EC_IS;
    }
    return -1;
}

static ExprNode *parse_comparison(P *p)
{
    size_t off = p->tok.start;
    ExprNode *first = parse_bitor(p);
    int op = comp_op(p);
    if (op < 0)
        return first;
    Vec v = {0};
    uint8_t opbuf[64], *opv = opbuf;
    int nops = 0, cap = 64;
    vec_push(p, &v, first);
    while (op >= 0) {
        if (nops == cap) {
            uint8_t *nv = arena_alloc(p->arena, (size_t)cap * 2);
            memcpy(nv, opv, (size_t)cap);
            opv = nv;
            cap *= 2;
        }
        opv[nops++] = (uint8_t)op;
        vec_push(p, &v, parse_bitor(p));
        op = comp_op(p);
    }
    ExprNode *n = node_vec(p, EK_COMPARE, off, &v);
    n->ops = arena_memdup(p->arena, opv, (size_t)nops);
    return n;
}

/* Binary operator levels, loosest first: | ^ & (<< >>) (+ -) (* / // % @). */
static int binop_at(const P *p, int level)
{
    if (p->tok.kind != T_OP)
        return -1;
    int c = p->tok.code;
    switch (level) {
    case 0: return c == OP_VBAR ? NB_OR : -1;
    case 1: return c == OP_CIRCUMFLEX ? NB_XOR : -1;
    case 2: return c == OP_AMPER ? NB_AND : -1;
    case 3: return c == OP_LSHIFT ? NB_LSHIFT : c == OP_RSHIFT ? NB_RSHIFT : -1;
    case 4: return c == OP_PLUS ? NB_ADD : c == OP_MINUS ? NB_SUBTRACT : -1;
    default:
        return c == OP_STAR ? NB_MULTIPLY : c == OP_SLASH ? NB_TRUE_DIVIDE
             : c == OP_DOUBLESLASH ? NB_FLOOR_DIVIDE : c == OP_PERCENT ? NB_REMAINDER
             : c == OP_AT ? NB_MATRIX_MULTIPLY : -1;
    }
}

static ExprNode *parse_binary(P *p, int level)
{
    size_t off = p->tok.start;
    ExprNode *left = level == 5 ? parse_factor(p) : parse_binary(p, level + 1);
    int op;
    while ((op = binop_at(p, level)) >= 0) {
        advance(p);
        ExprNode *right = level == 5 ? parse_factor(p) : parse_binary(p, level + 1);
        left = node2(p, EK_BINARY, off, left, right);
        left->op = (uint8_t)op;
    }
    return left;
}

static ExprNode *parse_bitor(P *p) { return parse_binary(p, 0); }

static ExprNode *parse_factor(P *p)
{
    if (p->tok.kind == T_OP &&
        (p->tok.code == OP_MINUS || p->tok.code == OP_PLUS || p->tok.code == OP_TILDE)) {
        size_t off = p->tok.start;
        int op = p->tok.code == OP_MINUS ? UN_NEGATIVE : p->tok.code == OP_PLUS ? UN_POSITIVE
                                                                                 : UN_INVERT;
        ENTER(p, off);
        advance(p);
        ExprNode *n = node1(p, EK_UNARY, off, parse_factor(p));
        n->op = (uint8_t)op;
        LEAVE(p);
        return n;
    }
    size_t off = p->tok.start;
    ExprNode *base = parse_primary(p);
    if (at_op(p, OP_DOUBLESTAR)) {
        ENTER(p, p->tok.start);   /* ** is right-associative: recursion */
        advance(p);
        ExprNode *n = node2(p, EK_BINARY, off, base, parse_factor(p));
        n->op = NB_POWER;
        LEAVE(p);
        return n;
    }
    return base;
}

/* ---- comprehensions ---- */

static void check_target(P *p, ExprNode *t, bool top)
{
    switch (t->kind) {
    case EK_NAME:
        return;
    case EK_TUPLE: case EK_LIST: {
        bool star = false;
        for (int i = 0; i < t->n; i++) {
            if (t->kids[i]->kind == EK_STARRED) {
                if (star)
                    fail_at(p, t->kids[i], "multiple starred expressions in assignment");
                star = true;
                check_target(p, t->kids[i]->kids[0], false);
            } else {
                check_target(p, t->kids[i], false);
            }
        }
        return;
    }
    case EK_STARRED:
        if (top)
            fail_at(p, t, "starred assignment target must be in a list or tuple");
        check_target(p, t->kids[0], false);
        return;
    case EK_CONST:
        fail_at(p, t, "cannot assign to %s", t->op == EC_NONE ? "None" : t->op == EC_TRUE ? "True"
                                           : t->op == EC_FALSE ? "False" : "ellipsis");
    case EK_ATTR: case EK_SUBSCR:
        fail_at(p, t, "comprehension targets must be names (pydbg does not assign %s there)",
                t->kind == EK_ATTR ? "attributes" : "subscripts");
    default:
        fail_at(p, t, "cannot assign to expression");
    }
}

static void collect_vars(P *p, const ExprNode *t, const char ***vars, int *n, int *cap)
{
    if (t->kind == EK_NAME) {
        for (int i = 0; i < *n; i++)
            if (!strcmp((*vars)[i], t->s))
                return;
        if (*n == *cap) {
            int nc = *cap ? *cap * 2 : 4;
            const char **nv = arena_alloc(p->arena, (size_t)nc * sizeof *nv);
            if (*n)
                memcpy(nv, *vars, (size_t)*n * sizeof *nv);
            *vars = nv;
            *cap = nc;
        }
        (*vars)[(*n)++] = t->s;
        return;
    }
    for (int i = 0; i < t->n; i++)
        collect_vars(p, t->kids[i], vars, n, cap);
}

/* The targets of a `for` clause: star_targets up to `in`. */
static ExprNode *parse_targets(P *p)
{
    size_t off = p->tok.start;
    Vec v = {0};
    bool comma = false;
    for (;;) {
        if (at_op(p, OP_STAR)) {
            size_t soff = p->tok.start;
            advance(p);
            vec_push(p, &v, node1(p, EK_STARRED, soff, parse_bitor(p)));
        } else {
            vec_push(p, &v, parse_bitor(p));
        }
        if (!at_op(p, OP_COMMA))
            break;
        comma = true;
        advance(p);
        if (at_kw(p, K_IN))
            break;
    }
    ExprNode *t = comma ? node_vec(p, EK_TUPLE, off, &v) : v.v[0];
    check_target(p, t, true);
    return t;
}

/* `for … in … [if …]…` clauses after the element elt (current token: for). */
static ExprNode *parse_comp(P *p, int which, size_t off, ExprNode *elt, ExprNode *value)
{
    ExprComp *c = arena_alloc(p->arena, sizeof *c);
    int cap = 0, vcap = 0;
    int h = elt->height > (value ? value->height : 0) ? elt->height : value->height;
    while (at_kw(p, K_FOR) || at_kw(p, K_ASYNC)) {
        if (at_kw(p, K_ASYNC))
            fail(p, p->tok.start, "asynchronous comprehensions are not supported");
        advance(p);
        if (c->nclauses == cap) {
            int nc = cap ? cap * 2 : 2;
            ExprClause *nv = arena_alloc(p->arena, (size_t)nc * sizeof *nv);
            if (c->nclauses)
                memcpy(nv, c->clauses, (size_t)c->nclauses * sizeof *nv);
            c->clauses = nv;
            cap = nc;
        }
        ExprClause *cl = &c->clauses[c->nclauses++];
        cl->target = parse_targets(p);
        if (!at_kw(p, K_IN))
            fail(p, p->tok.start, "expected 'in' after the for-loop target");
        advance(p);
        cl->iter = parse_disjunction(p);
        Vec ifs = {0};
        while (at_kw(p, K_IF)) {
            advance(p);
            vec_push(p, &ifs, parse_disjunction(p));
        }
        cl->ifs = ifs.v;
        cl->nifs = ifs.n;
        collect_vars(p, cl->target, &c->vars, &c->nvars, &vcap);
        if (cl->target->height > h)
            h = cl->target->height;
        if (cl->iter->height > h)
            h = cl->iter->height;
        for (int i = 0; i < cl->nifs; i++)
            if (cl->ifs[i]->height > h)
                h = cl->ifs[i]->height;
    }
    ExprNode *n = node2(p, EK_COMP, off, elt, value);
    n->op = (uint8_t)which;
    n->comp = c;
    n->height = h + 1;
    if (n->height > EXPR_MAX_HEIGHT)
        fail_shaped(p, EXS_TOO_DEEP, n->off, n->off, n->off, "expression too deeply nested");
    return n;
}

/* ---- displays ---- */

/* After '(' : (), (x), (x,), (x, *y), (x for …). */
static ExprNode *parse_paren(P *p)
{
    size_t off = p->tok.start;
    advance(p);
    if (at_op(p, OP_RPAR)) {
        advance(p);
        return node_new(p, EK_TUPLE, off);
    }
    if (at_kw(p, K_YIELD))
        unexpected(p);
    ExprNode *first = parse_star_or_expr(p);
    if (at_kw(p, K_FOR) || at_kw(p, K_ASYNC)) {
        if (first->kind == EK_STARRED)
            fail_at(p, first, "iterable unpacking cannot be used in comprehension");
        ExprNode *g = parse_comp(p, ECK_GEN, off, first, NULL);
        expect_op(p, OP_RPAR);
        return g;
    }
    if (at_op(p, OP_COMMA)) {
        Vec v = {0};
        vec_push(p, &v, first);
        while (at_op(p, OP_COMMA)) {
            advance(p);
            if (at_op(p, OP_RPAR))
                break;
            vec_push(p, &v, parse_star_or_expr(p));
        }
        expect_op(p, OP_RPAR);
        ExprNode *t = node_vec(p, EK_TUPLE, off, &v);
        t->paren = true;
        return t;
    }
    if (first->kind == EK_STARRED)
        fail_at(p, first, "cannot use starred expression here");
    expect_op(p, OP_RPAR);
    first->paren = true;
    return first;
}

/* Items up to the closing bracket `close` after a first one. */
static void parse_items(P *p, Vec *v, int close)
{
    while (at_op(p, OP_COMMA)) {
        advance(p);
        if (at_op(p, close))
            break;
        vec_push(p, v, parse_star_or_expr(p));
    }
    expect_op(p, close);
}

static ExprNode *parse_list(P *p)
{
    size_t off = p->tok.start;
    advance(p);
    Vec v = {0};
    if (at_op(p, OP_RSQB)) {
        advance(p);
        return node_vec(p, EK_LIST, off, &v);
    }
    ExprNode *first = parse_star_or_expr(p);
    if (at_kw(p, K_FOR) || at_kw(p, K_ASYNC)) {
        if (first->kind == EK_STARRED)
            fail_at(p, first, "iterable unpacking cannot be used in comprehension");
        ExprNode *c = parse_comp(p, ECK_LIST, off, first, NULL);
        expect_op(p, OP_RSQB);
        return c;
    }
    vec_push(p, &v, first);
    parse_items(p, &v, OP_RSQB);
    return node_vec(p, EK_LIST, off, &v);
}

static ExprNode *parse_brace(P *p)
{
    size_t off = p->tok.start;
    advance(p);
    Vec v = {0};
    if (at_op(p, OP_RBRACE)) {
        advance(p);
        return node_vec(p, EK_DICT, off, &v);
    }
    ExprNode *first;
    if (at_op(p, OP_DOUBLESTAR)) {
        advance(p);
        vec_push(p, &v, NULL);
        vec_push(p, &v, parse_bitor(p));
        goto dict_items;
    }
    first = parse_star_or_expr(p);
    if (at_op(p, OP_COLON) && first->kind != EK_STARRED) {
        advance(p);
        ExprNode *value = parse_expression(p);
        if (at_kw(p, K_FOR) || at_kw(p, K_ASYNC)) {
            ExprNode *c = parse_comp(p, ECK_DICT, off, first, value);
            expect_op(p, OP_RBRACE);
            return c;
        }
        vec_push(p, &v, first);
        vec_push(p, &v, value);
    dict_items:
        while (at_op(p, OP_COMMA)) {
            advance(p);
            if (at_op(p, OP_RBRACE))
                break;
            if (at_op(p, OP_DOUBLESTAR)) {
                advance(p);
                vec_push(p, &v, NULL);
                vec_push(p, &v, parse_bitor(p));
                continue;
            }
            if (at_op(p, OP_STAR))
                fail(p, p->tok.start, "cannot use a starred expression in a dictionary value");
            ExprNode *k = parse_expression(p);
            if (!at_op(p, OP_COLON)) {
                if ((p->flags & EXPR_EVAL_MODE) && starts_expr(p))
                    unexpected(p);
                fail_shaped(p, EXS_NEVER_CLOSED, k->off, k->off, p->tok.start,
                            "':' expected after dictionary key");
            }
            advance(p);
            vec_push(p, &v, k);
            vec_push(p, &v, parse_expression(p));
        }
        expect_op(p, OP_RBRACE);
        return node_vec(p, EK_DICT, off, &v);
    }
    if (at_kw(p, K_FOR) || at_kw(p, K_ASYNC)) {
        if (first->kind == EK_STARRED)
            fail_at(p, first, "iterable unpacking cannot be used in comprehension");
        ExprNode *c = parse_comp(p, ECK_SET, off, first, NULL);
        expect_op(p, OP_RBRACE);
        return c;
    }
    vec_push(p, &v, first);
    parse_items(p, &v, OP_RBRACE);
    return node_vec(p, EK_SET, off, &v);
}

/* ---- strings and f-strings ---- */

static ExprNode *str_node(P *p, size_t off, const char *s, size_t n)
{
    ExprNode *x = node_new(p, EK_STR, off);
    x->s = arena_memdup(p->arena, s ? s : "", n + 1);
    x->slen = n;
    if (!s)
        ((char *)x->s)[0] = 0;
    return x;
}

/* Flush the literal text collected in p->tmp as a part. */
static void flush_literal(P *p, Vec *parts, size_t off)
{
    if (p->tmp.len)
        vec_push(p, parts, str_node(p, off, p->tmp.data, p->tmp.len));
    sbuf_reset(&p->tmp);
}

static void parse_fstring_body(P *p, const Tok *ft, Vec *parts, bool in_spec, size_t spec_off);

/* A replacement field; p->pos is just after its '{'.  Returns with p->pos
 * just after its '}'. */
static void parse_field(P *p, const Tok *ft, Vec *parts, size_t brace)
{
    ENTER(p, brace);
    p->pos = brace + 1;
    bracket_open(p, brace);
    advance(p);
    if (at_op(p, OP_RBRACE) || at_op(p, OP_EXCLAM) || at_op(p, OP_COLON) || at_op(p, OP_EQUAL) ||
        p->tok.kind == T_END)
        fail(p, p->tok.start, "f-string: valid expression required before '%c'",
             p->tok.kind == T_END ? '}' : p->src[p->tok.start]);
    if (at_kw(p, K_YIELD))
        unexpected(p);
    ExprNode *value = parse_exprlist(p, true);
    int conv = 0;
    ExprNode *spec = NULL;
    if (at_op(p, OP_EQUAL)) {
        /* Self-documenting `{expr=}`: the text up to the next token is kept. */
        advance(p);
        size_t from = brace + 1, to = p->tok.start;
        vec_push(p, parts, str_node(p, brace, p->src + from, to - from));
        if (!at_op(p, OP_EXCLAM) && !at_op(p, OP_COLON) && !at_op(p, OP_COLONEQUAL))
            conv = 'r';
    }
    if (at_op(p, OP_EXCLAM)) {
        size_t bang = p->tok.end;
        advance(p);
        if (p->tok.kind != T_NAME || p->tok.start != bang)
            fail(p, p->tok.start, "f-string: missing conversion character");
        if (p->tok.end - p->tok.start != 1 || !strchr("sra", p->src[p->tok.start]))
            fail(p, p->tok.start, "f-string: invalid conversion character '%.*s': "
                                  "expected 's', 'r', or 'a'",
                 (int)(p->tok.end - p->tok.start), p->src + p->tok.start);
        conv = p->src[p->tok.start];
        advance(p);
    }
    if (at_op(p, OP_COLON) || at_op(p, OP_COLONEQUAL)) {
        /* The spec is literal text with nested fields, up to the '}'. */
        size_t sp = p->tok.start + 1;
        Vec sparts = {0};
        p->pos = sp;
        parse_fstring_body(p, ft, &sparts, true, sp);
        spec = node_vec(p, EK_FSTR, sp, &sparts);
        advance(p);   /* the '}' parse_fstring_body stopped on */
    }
    /* Lexing that '}' closed the bracket opened for the field. */
    if (!at_op(p, OP_RBRACE))
        fail(p, p->tok.start, "f-string: expecting '}'");
    p->pos = p->tok.end;
    ExprNode *f = node2(p, EK_FIELD, brace, value, spec);
    f->op = (uint8_t)conv;
    vec_push(p, parts, f);
    LEAVE(p);
}

/* Literal text and fields from p->pos up to the closing quote (or, in a
 * format spec, up to the '}' that closes the field: p->pos left on it). */
static void parse_fstring_body(P *p, const Tok *ft, Vec *parts, bool in_spec, size_t spec_off)
{
    const char *s = p->src;
    size_t i = p->pos;
    size_t lit_off = i;
    char q = ft->quote;
    sbuf_reset(&p->tmp);
    for (;;) {
        if (i >= p->len || (!ft->triple && s[i] == '\n'))
            fail(p, in_spec ? spec_off : ft->start,
                 ft->triple ? "unterminated triple-quoted f-string literal"
                            : "unterminated f-string literal");
        char c = s[i];
        if (c == q && (!ft->triple || (i + 2 < p->len && s[i + 1] == q && s[i + 2] == q))) {
            if (in_spec)
                fail(p, i, "f-string: expecting '}'");
            flush_literal(p, parts, lit_off);
            p->pos = i + (ft->triple ? 3 : 1);
            return;
        }
        if (c == '{') {
            if (!in_spec && i + 1 < p->len && s[i + 1] == '{') {
                sbuf_putc(&p->tmp, '{');
                i += 2;
                continue;
            }
            flush_literal(p, parts, lit_off);
            parse_field(p, ft, parts, i);
            sbuf_reset(&p->tmp);   /* the field's own literals were decoded there */
            i = lit_off = p->pos;
            continue;
        }
        if (c == '}') {
            if (in_spec) {
                flush_literal(p, parts, lit_off);
                p->pos = i;
                return;
            }
            if (i + 1 < p->len && s[i + 1] == '}') {
                sbuf_putc(&p->tmp, '}');
                i += 2;
                continue;
            }
            fail(p, i, "f-string: single '}' is not allowed");
        }
        if (c == '\\') {
            if (ft->raw) {
                sbuf_putc(&p->tmp, '\\');
                i++;
                if (i < p->len && (s[i] == q || s[i] == '\\' || s[i] == '\n'))
                    sbuf_putc(&p->tmp, s[i++]);
                continue;
            }
            decode_escape(p, &i, &p->tmp, false);
            continue;
        }
        sbuf_putc(&p->tmp, c);
        i++;
    }
}

/* One or more adjacent string literals (implicit concatenation). */
static ExprNode *parse_strings(P *p)
{
    size_t off = p->tok.start;
    bool bytes = p->tok.bytes, any_f = false;
    Vec parts = {0};
    while (p->tok.kind == T_STRING || p->tok.kind == T_FSTART) {
        if (p->tok.bytes != bytes)
            fail(p, p->tok.start, "cannot mix bytes and nonbytes literals");
        if (p->tok.kind == T_STRING) {
            vec_push(p, &parts, p->tok.lit);
            advance(p);
            continue;
        }
        any_f = true;
        Tok ft = p->tok;
        p->pos = ft.end;
        parse_fstring_body(p, &ft, &parts, false, 0);
        advance(p);
    }
    /* Merge adjacent constant parts (p->tmp is free again here). */
    SBuf *b = &p->tmp;
    sbuf_reset(b);
    Vec merged = {0};
    bool have_lit = false;
    for (int i = 0; i <= parts.n; i++) {
        ExprNode *x = i < parts.n ? parts.v[i] : NULL;
        if (x && (x->kind == EK_STR || x->kind == EK_BYTES)) {
            have_lit = true;
            sbuf_put(b, x->s, x->slen);
            continue;
        }
        /* A plain string keeps its one (maybe empty) constant; an f-string
         * drops empty pieces. */
        if ((have_lit && b->len) || (!x && !any_f)) {
            ExprNode *c = str_node(p, off, b->data, b->len);
            c->kind = bytes ? EK_BYTES : EK_STR;
            vec_push(p, &merged, c);
        }
        have_lit = false;
        sbuf_reset(b);
        if (x)
            vec_push(p, &merged, x);
    }
    if (!any_f)
        return merged.v[0];
    return node_vec(p, EK_FSTR, off, &merged);
}

/* ---- atoms and trailers ---- */

static ExprNode *parse_atom(P *p)
{
    Tok *t = &p->tok;
    size_t off = t->start;
    ExprNode *n;
    switch (t->kind) {
    case T_NAME:
        n = node_new(p, EK_NAME, off);
        n->s = arena_strndup(p->arena, p->src + t->start, t->end - t->start);
        n->slen = t->end - t->start;
        advance(p);
        return n;
    case T_NUMBER: case T_HIST:
        n = t->lit;
        advance(p);
        return n;
    case T_STRING: case T_FSTART:
        return parse_strings(p);
    case T_KW:
        if (t->code == K_TRUE || t->code == K_FALSE || t->code == K_NONE) {
            n = node_new(p, EK_CONST, off);
            n->op = t->code == K_TRUE ? EC_TRUE : t->code == K_FALSE ? EC_FALSE : EC_NONE;
            advance(p);
            return n;
        }
        unexpected(p);
    case T_OP:
        switch (t->code) {
        case OP_LPAR: case OP_LSQB: case OP_LBRACE:
            /* Brackets nest through paths that need not pass
             * parse_expression (`[x for x in [x for x in …`). */
            ENTER(p, off);
            n = t->code == OP_LPAR ? parse_paren(p) : t->code == OP_LSQB ? parse_list(p)
                                                                         : parse_brace(p);
            LEAVE(p);
            return n;
        case OP_ELLIPSIS:
            n = node_new(p, EK_CONST, off);
            n->op = EC_ELLIPSIS;
            advance(p);
            return n;
        default: break;
        }
        unexpected(p);
    default:
        unexpected(p);
    }
}

static ExprNode *parse_call(P *p, ExprNode *func)
{
    size_t off = p->tok.start;
    advance(p);
    Vec v = {0};
    vec_push(p, &v, func);
    bool seen_kw = false, seen_dstar = false;
    while (!at_op(p, OP_RPAR)) {
        size_t aoff = p->tok.start;
        if (at_op(p, OP_STAR)) {
            if (seen_dstar)
                fail(p, aoff, "iterable argument unpacking follows keyword argument unpacking");
            advance(p);
            vec_push(p, &v, node1(p, EK_STARRED, aoff, parse_expression(p)));
        } else if (at_op(p, OP_DOUBLESTAR)) {
            advance(p);
            vec_push(p, &v, node1(p, EK_KEYWORD, aoff, parse_expression(p)));
            seen_dstar = true;
        } else {
            ExprNode *e = parse_expression(p);
            if (at_op(p, OP_EQUAL)) {
                if (e->kind != EK_NAME || e->paren)
                    fail_at(p, e, "expression cannot contain assignment, perhaps you meant \"==\"?");
                for (int i = 1; i < v.n; i++)
                    if (v.v[i]->kind == EK_KEYWORD && v.v[i]->s && !strcmp(v.v[i]->s, e->s))
                        fail_at(p, e, "keyword argument repeated: %s", e->s);
                advance(p);
                ExprNode *k = node1(p, EK_KEYWORD, aoff, parse_expression(p));
                k->s = e->s;
                k->slen = e->slen;
                vec_push(p, &v, k);
                seen_kw = true;
            } else if (at_kw(p, K_FOR) || at_kw(p, K_ASYNC)) {
                ExprNode *g = parse_comp(p, ECK_GEN, aoff, e, NULL);
                if (v.n != 1 || !at_op(p, OP_RPAR))
                    fail_at(p, g, "Generator expression must be parenthesized");
                vec_push(p, &v, g);
            } else {
                if (seen_dstar)
                    fail_at(p, e, "positional argument follows keyword argument unpacking");
                if (seen_kw)
                    fail_at(p, e, "positional argument follows keyword argument");
                vec_push(p, &v, e);
            }
        }
        if (!at_op(p, OP_COMMA))
            break;
        advance(p);
    }
    expect_op(p, OP_RPAR);
    return node_vec(p, EK_CALL, off, &v);
}

/* One subscript item: an expression or a slice. */
static ExprNode *parse_slice_item(P *p)
{
    size_t off = p->tok.start;
    ExprNode *lo = NULL, *hi = NULL, *step = NULL;
    if (!at_op(p, OP_COLON)) {
        lo = parse_expression(p);
        if (!at_op(p, OP_COLON))
            return lo;
    }
    advance(p);
    if (!at_op(p, OP_COLON) && !at_op(p, OP_COMMA) && !at_op(p, OP_RSQB))
        hi = parse_expression(p);
    if (at_op(p, OP_COLON)) {
        advance(p);
        if (!at_op(p, OP_COMMA) && !at_op(p, OP_RSQB))
            step = parse_expression(p);
    }
    ExprNode *n = node_new(p, EK_SLICE, off);
    ExprNode *k[3] = {lo, hi, step};
    node_kids(p, n, k, 3);
    return n;
}

static ExprNode *parse_subscript(P *p, ExprNode *obj)
{
    size_t off = p->tok.start;
    advance(p);
    Vec v = {0};
    bool tuple = false;
    size_t ioff = p->tok.start;
    for (;;) {
        if (at_op(p, OP_STAR)) {
            size_t soff = p->tok.start;
            advance(p);
            vec_push(p, &v, node1(p, EK_STARRED, soff, parse_bitor(p)));
            tuple = true;
        } else {
            vec_push(p, &v, parse_slice_item(p));
        }
        if (!at_op(p, OP_COMMA))
            break;
        tuple = true;
        advance(p);
        if (at_op(p, OP_RSQB))
            break;
    }
    expect_op(p, OP_RSQB);
    ExprNode *index = tuple ? node_vec(p, EK_TUPLE, ioff, &v) : v.v[0];
    return node2(p, EK_SUBSCR, off, obj, index);
}

static ExprNode *parse_primary(P *p)
{
    if (at_kw(p, K_AWAIT))
        unexpected(p);
    ExprNode *e = parse_atom(p);
    for (;;) {
        if (at_op(p, OP_DOT)) {
            size_t off = p->tok.start;
            advance(p);
            if (p->tok.kind != T_NAME) {
                if (p->flags & EXPR_EVAL_MODE)
                    unexpected(p);
                fail(p, p->tok.start, "attribute name expected after '.'");
            }
            ExprNode *a = node1(p, EK_ATTR, off, e);
            a->off = e->off;
            a->s = arena_strndup(p->arena, p->src + p->tok.start, p->tok.end - p->tok.start);
            a->slen = p->tok.end - p->tok.start;
            advance(p);
            e = a;
        } else if (at_op(p, OP_LPAR)) {
            uint32_t start = e->off;
            e = parse_call(p, e);
            e->off = start;     /* errors name the whole primary */
        } else if (at_op(p, OP_LSQB)) {
            uint32_t start = e->off;
            e = parse_subscript(p, e);
            e->off = start;
        } else {
            return e;
        }
    }
}

/* ---- entry points ------------------------------------------------------------------- */

ExprTree *expr_parse(const char *src, SBuf *err)
{
    return expr_parse_ex(src, strlen(src), 0, err, NULL);
}

ExprTree *expr_parse_ex(const char *src, size_t len, unsigned flags, SBuf *err, ExprSyntax *syn)
{
    ExprTree *t = xcalloc(1, sizeof *t);
    t->refs = 1;
    arena_init(&t->arena);
    P *p = xcalloc(1, sizeof *p);
    p->len = len;
    p->arena = &t->arena;
    p->src = t->src = arena_strndup(&t->arena, src, len);
    p->err = err;
    p->flags = flags;
    p->syn = syn;
    if (setjmp(p->jb)) {
        sbuf_free(&p->tmp);
        free(p);
        arena_free(&t->arena);
        free(t);
        return NULL;
    }
    if (len > ((size_t)1 << 30))
        fail(p, 0, "expression too long");
    size_t bad = utf8_check(src, len);
    if (bad < len)
        fail(p, bad, "invalid UTF-8 byte 0x%02x", (unsigned char)src[bad]);
    advance(p);
    if (p->tok.kind == T_END)
        fail_shaped(p, EXS_EMPTY, 0, 0, p->tok.start, "empty expression");
    t->root = parse_exprlist(p, false);
    if (p->tok.kind == T_NL) {
        /* eval("1\n2"): CPython names the token after the newline */
        size_t nl = p->tok.start;
        advance(p);
        fail_shaped(p, EXS_INVALID, p->tok.start, p->tok.end, nl, "unexpected newline");
    }
    if (p->tok.kind != T_END)
        unexpected(p);
    sbuf_free(&p->tmp);
    free(p);
    return t;
}

void expr_tree_ref(ExprTree *t) { t->refs++; }

void expr_tree_unref(ExprTree *t)
{
    if (t && --t->refs == 0) {
        for (size_t i = 0; i < t->ncached; i++)
            DECREF(t->cached[i]);
        free(t->cached);
        arena_free(&t->arena);
        free(t);
    }
}

int expr_check(const char *src, SBuf *err)
{
    ExprTree *t = expr_parse(src, err);
    if (!t)
        return -1;
    expr_tree_unref(t);
    return 0;
}

bool expr_is_name(const char *src)
{
    size_t len = strlen(src), i = 0;
    if (!len || utf8_check(src, len) < len)
        return false;
    uint32_t cp = utf8_next(src, &i);
    if (!is_id_start(cp))
        return false;
    while (i < len)
        if (!is_id_continue(utf8_next(src, &i)))
            return false;
    for (size_t w = 0; w < sizeof kw_table / sizeof kw_table[0]; w++)
        if (!strcmp(kw_table[w].word, src))
            return false;
    return true;
}

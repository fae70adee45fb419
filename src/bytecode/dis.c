/* dis.c — the text `dis.dis(code)` prints, for the code object's own version.
 *
 * Three layouts (see doc/design.md and the per-version notes below):
 *   2.7        Python 2 `print` statements: pieces separated by one space,
 *              nothing stripped, its own columns;
 *   3.6–3.12   fields joined by one space, trailing spaces stripped, offsets
 *              and `>>` jump-target marks;
 *   3.13+      labels `L<n>:` instead of offsets, `--` for code without a
 *              line, optional offset column.
 * 3.7+ then disassembles every code object of co_consts, depth first.
 *
 * Invariants: the instructions come from decode_code() (one Insn per dis
 * row, EXTENDED_ARG included), line starts from linetable_decode() (exactly
 * dis.findlinestarts), handlers from exctable_decode(), constant reprs from
 * repr_obj(); nothing here looks at raw bytes except the CACHE words shown by
 * show_caches.  Out-of-range operand indexes (where Python itself would
 * raise) print no operand text instead of crashing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/decode.h"
#include "pydbg/dis.h"
#include "pydbg/exctable.h"
#include "pydbg/linetable.h"
#include "pydbg/opcode.h"
#include "pydbg/repr.h"

#define NO_START INT32_MIN   /* the offset starts no line */
#define LINE_NONE (-1)       /* 3.13+: a line start whose line is None */

#define OPNAME_WIDTH 20
#define OPARG_WIDTH 5

typedef struct Ctx {
    SBuf *out;
    const CodeObj *co;
    const DisOptions *opt;
    const OpTable *t;
    PyVer ver;
    int top;                 /* lasti / breakpoints apply to the top code only */
    Arena arena;
    InsnArray ia;
    LineTable lt;
    ExcEntry *exc;
    uint32_t nexc;
    int32_t *start_line;     /* per byte offset < codelen: line or NO_START */
    uint32_t *marks;         /* sorted, unique: `>>` targets (≤3.12) or
                                label offsets (3.13+) */
    uint32_t nmarks;
    int lineno_w, offset_w, label_w;
} Ctx;

/* ---- small helpers ------------------------------------------------------ */

/* len(str(v)) */
static int ndigits(int64_t v)
{
    int n = v < 0 ? 2 : 1;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    while (u >= 10) {
        u /= 10;
        n++;
    }
    return n;
}

static void rjust(SBuf *b, const char *s, size_t n, size_t width)
{
    if (n < width)
        sbuf_pad(b, ' ', width - n);
    sbuf_put(b, s, n);
}

static void ljust(SBuf *b, const char *s, size_t n, size_t width)
{
    sbuf_put(b, s, n);
    if (n < width)
        sbuf_pad(b, ' ', width - n);
}

static void rjust_int(SBuf *b, int64_t v, const char *suffix, size_t width)
{
    char tmp[40];
    int n = snprintf(tmp, sizeof tmp, "%lld%s", (long long)v, suffix);
    rjust(b, tmp, (size_t)n, width);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* 1-based position of off in the sorted marks, 0 when absent. */
static uint32_t mark_index(const Ctx *c, uint32_t off)
{
    uint32_t lo = 0, hi = c->nmarks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->marks[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nmarks && c->marks[lo] == off ? lo + 1 : 0;
}

/* Text of item i of a tuple of names, or NULL when there is none. */
static const char *tuple_text(const PycObj *tup, int64_t i, uint32_t *len)
{
    if (!tup || tup->kind != PYC_TUPLE || i < 0 || i >= (int64_t)tup->len)
        return NULL;
    return pyc_text(tup->v.items[i], len);
}

static void put_tuple_text(SBuf *b, const PycObj *tup, int64_t i)
{
    uint32_t n;
    const char *s = tuple_text(tup, i, &n);
    if (s)
        sbuf_put(b, s, n);
}

/* co_varnames[i] (≤3.10) or co_localsplusnames[i] (3.11+). */
static void put_local(const Ctx *c, SBuf *b, int64_t i)
{
    put_tuple_text(b, c->ver >= PYV(3, 11) ? c->co->localsplusnames
                                           : c->co->varnames, i);
}

/* (co_cellvars + co_freevars)[i] (≤3.10) or co_localsplusnames[i]. */
static void put_free(const Ctx *c, SBuf *b, int64_t i)
{
    if (c->ver >= PYV(3, 11)) {
        put_tuple_text(b, c->co->localsplusnames, i);
        return;
    }
    const PycObj *cells = c->co->cellvars;
    int64_t ncell = cells && cells->kind == PYC_TUPLE ? cells->len : 0;
    if (i < ncell)
        put_tuple_text(b, cells, i);
    else
        put_tuple_text(b, c->co->freevars, i - ncell);
}

/* Append names[i] joined by ", " for every set bit i of flags. */
static void put_flag_names(SBuf *b, int64_t flags, const char *const *names,
                           int n)
{
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (flags & ((int64_t)1 << i)) {
            if (!first)
                sbuf_puts(b, ", ");
            sbuf_puts(b, names[i]);
            first = 0;
        }
    }
}

static void put_table(SBuf *b, const char *const *tab, size_t n, int64_t i)
{
    if (i >= 0 && (size_t)i < n)
        sbuf_puts(b, tab[i]);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- operand texts ------------------------------------------------------ */

static const char *const nb_ops[] = {   /* BINARY_OP, 3.11+ (26: 3.14) */
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^",
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=",
    "/=", "^=", "[]"
};
static const char *const intrinsic1[] = {   /* CALL_INTRINSIC_1, 3.12+ */
    "INTRINSIC_1_INVALID", "INTRINSIC_PRINT", "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR", "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE", "INTRINSIC_LIST_TO_TUPLE", "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC", "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC", "INTRINSIC_TYPEALIAS"
};
static const char *const intrinsic2[] = {   /* CALL_INTRINSIC_2, 3.12+ (5: 3.13+) */
    "INTRINSIC_2_INVALID", "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND", "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS", "INTRINSIC_SET_TYPEPARAM_DEFAULT"
};
static const char *const func_flags[] = {   /* MAKE_FUNCTION / SET_FUNCTION_ATTRIBUTE */
    "defaults", "kwdefaults", "annotations", "closure", "annotate"
};
static const char *const conversions[] = { "", "str", "repr", "ascii" };
/* 3.14 LOAD_COMMON_CONSTANT: a type prints its __name__, a builtin
 * function its repr. */
static const char *const common_consts[] = {
    "AssertionError", "NotImplementedError", "tuple",
    "<built-in function all>", "<built-in function any>"
};
static const char *const special_methods[] = {   /* 3.14 LOAD_SPECIAL */
    "__enter__", "__exit__", "__aenter__", "__aexit__"
};

/* The jump target as dis computes it for the `>>` marks / labels.  2.7's
 * findlabels() reads only the instruction's own 16-bit oparg, ignoring an
 * EXTENDED_ARG prefix, while the `(to N)` text uses the full oparg. */
static int64_t mark_target(const Ctx *c, const Insn *in)
{
    if (c->ver == PYV(2, 7) && in->arg > 0xFFFF) {
        int64_t low = in->arg & 0xFFFF;
        return in->info->jump == OPJ_ABS ? low : (int64_t)in->offset + 3 + low;
    }
    return in->target;
}

/* 2.7 prints an oparg (and a relative jump's target) with an `L` suffix
 * when it follows EXTENDED_ARG: the prefix made the value a Python long. */
static int py2_long(const Ctx *c, uint32_t idx)
{
    return c->ver == PYV(2, 7) && idx > 0 &&
           c->ia.v[idx - 1].op == OP_EXTENDED_ARG;
}

/* dis's argrepr of instruction idx, appended to txt.  Returns 1 when 2.7
 * prints the parentheses even for an empty text (it does for every operand
 * kind it knows). */
static int arg_text(const Ctx *c, uint32_t idx, SBuf *txt)
{
    const Insn *in = &c->ia.v[idx];
    const OpInfo *oi = in->info;
    const PyVer v = c->ver;
    const int64_t arg = in->arg;
    const int py2 = v == PYV(2, 7);

    if (oi->jump != OPJ_NONE) {
        if (v >= PYV(3, 13)) {
            uint32_t lbl = in->target >= 0 ? mark_index(c, (uint32_t)in->target) : 0;
            if (lbl)
                sbuf_printf(txt, "%s L%u",
                            in->op == OP_END_ASYNC_FOR ? "from" : "to", lbl);
            return 0;
        }
        /* Absolute jumps print no target before 3.10. */
        if (oi->jump == OPJ_ABS && v < PYV(3, 10))
            return 0;
        sbuf_printf(txt, "to %lld%s", (long long)in->target,
                    py2_long(c, idx) ? "L" : "");
        return py2;
    }

    switch (oi->arg_kind) {
    case OPA_CONST: {
        /* 3.11 shows only LOAD_CONST's constant (KW_NAMES: nothing). */
        if (v == PYV(3, 11) && in->op != OP_LOAD_CONST)
            return 0;
        const PycObj *k = c->co->consts;
        if (k && k->kind == PYC_TUPLE && arg >= 0 && arg < (int64_t)k->len)
            repr_obj(txt, k->v.items[arg], v);
        return py2;
    }
    case OPA_NAME: {
        const PycObj *names = c->co->names;
        int64_t i = arg;
        int null_bit = 0;
        const char *null_text = NULL;
        if (v >= PYV(3, 11) && in->op == OP_LOAD_GLOBAL) {
            i = arg >> 1;             /* low bit: also push NULL */
            null_bit = (int)(arg & 1);
            null_text = "NULL";
        } else if (v >= PYV(3, 12) && in->op == OP_LOAD_ATTR) {
            i = arg >> 1;             /* low bit: method load */
            null_bit = (int)(arg & 1);
            null_text = "NULL|self";
        } else if (v >= PYV(3, 12) && in->op == OP_LOAD_SUPER_ATTR) {
            i = arg >> 2;
            null_bit = (int)(arg & 1);
            null_text = "NULL|self";
        }
        uint32_t n;
        const char *s = tuple_text(names, i, &n);
        if (!s)
            return py2;
        if (null_bit && n > 0) {
            if (v >= PYV(3, 13)) {   /* 3.13 moved NULL after the name */
                sbuf_put(txt, s, n);
                sbuf_printf(txt, " + %s", null_text);
            } else {
                sbuf_printf(txt, "%s + ", null_text);
                sbuf_put(txt, s, n);
            }
        } else {
            sbuf_put(txt, s, n);
        }
        return py2;
    }
    case OPA_LOCAL:
        if (v >= PYV(3, 13) &&
            (in->op == OP_LOAD_FAST_LOAD_FAST || in->op == OP_STORE_FAST_LOAD_FAST ||
             in->op == OP_STORE_FAST_STORE_FAST ||
             in->op == OP_LOAD_FAST_BORROW_LOAD_FAST_BORROW)) {
            /* superinstructions: two 4-bit local indexes */
            put_local(c, txt, arg >> 4);
            sbuf_puts(txt, ", ");
            put_local(c, txt, arg & 15);
            return 0;
        }
        put_local(c, txt, arg);
        return py2;
    case OPA_FREE:
        put_free(c, txt, arg);
        return py2;
    case OPA_COMPARE: {
        int64_t i = arg;
        if (v >= PYV(3, 13))
            i = arg >> 5;        /* bit 4: coerce the result to bool */
        else if (v >= PYV(3, 12))
            i = arg >> 4;
        if (i >= 0 && i < c->t->ncmp_op) {
            if (v >= PYV(3, 13) && (arg & 16))
                sbuf_printf(txt, "bool(%s)", c->t->cmp_op[i]);
            else
                sbuf_puts(txt, c->t->cmp_op[i]);
        }
        return py2;
    }
    default:
        break;
    }

    switch (in->op) {
    case OP_FORMAT_VALUE:        /* 3.6–3.12 */
        sbuf_puts(txt, conversions[arg & 3]);
        if (arg & 4) {
            if (arg & 3)
                sbuf_puts(txt, ", ");
            sbuf_puts(txt, "with format");
        }
        break;
    case OP_MAKE_FUNCTION:       /* flags named from 3.8; 3.13+ has no oparg */
        if (v >= PYV(3, 8) && v <= PYV(3, 12))
            put_flag_names(txt, arg, func_flags, 4);
        break;
    case OP_SET_FUNCTION_ATTRIBUTE:
        put_flag_names(txt, arg, func_flags, v >= PYV(3, 14) ? 5 : 4);
        break;
    case OP_BINARY_OP:
        put_table(txt, nb_ops, v >= PYV(3, 14) ? 27 : 26, arg);
        break;
    case OP_CALL_INTRINSIC_1:
        put_table(txt, intrinsic1, NELEM(intrinsic1), arg);
        break;
    case OP_CALL_INTRINSIC_2:
        put_table(txt, intrinsic2, v >= PYV(3, 13) ? 6 : 5, arg);
        break;
    case OP_CONVERT_VALUE:
        put_table(txt, conversions, NELEM(conversions), arg);
        break;
    case OP_LOAD_COMMON_CONSTANT:
        put_table(txt, common_consts, NELEM(common_consts), arg);
        break;
    case OP_LOAD_SPECIAL:
        put_table(txt, special_methods, NELEM(special_methods), arg);
        break;
    case OP_IS_OP:               /* texts only from 3.14 */
        if (v >= PYV(3, 14))
            sbuf_puts(txt, arg ? "is not" : "is");
        break;
    case OP_CONTAINS_OP:
        if (v >= PYV(3, 14))
            sbuf_puts(txt, arg ? "not in" : "in");
        break;
    default:
        break;
    }
    return 0;
}

/* ---- rows --------------------------------------------------------------- */

typedef struct Row {
    uint32_t offset;
    int starts;          /* the row starts a source line */
    int32_t line;        /* that line (LINE_NONE: 3.13+ `--`) */
    int current;         /* `-->` */
    int breakpoint;      /* debugger mark */
    int target;          /* `>>` (≤3.12) */
    uint32_t label;      /* L<n> (3.13+), 0 for none */
    const char *opname;
    int has_arg;
    int64_t arg;
    int long_arg;        /* 2.7: `L` suffix */
    const char *text;    /* argrepr */
    size_t textlen;
    int paren_always;    /* 2.7: parentheses even for an empty text */
} Row;

/* The 3-character current-instruction column; a breakpoint (debugger
 * output only) shows as `B` in its first character, `b` when disabled. */
static void put_marker(SBuf *b, const Row *r)
{
    if (r->breakpoint) {
        sbuf_putc(b, r->breakpoint == 2 ? 'b' : 'B');
        sbuf_puts(b, r->current ? "->" : "  ");
    } else {
        sbuf_puts(b, r->current ? "-->" : "   ");
    }
}

static void emit_row(Ctx *c, const Row *r)
{
    SBuf *b = c->out;
    const PyVer v = c->ver;
    size_t namelen = strlen(r->opname);

    if (v == PYV(2, 7)) {
        /* `print x,` pieces: one space between them, no stripping */
        if (r->starts) {
            if (r->offset > 0)
                sbuf_putc(b, '\n');
            sbuf_printf(b, "%3d", (int)r->line);
        } else {
            sbuf_puts(b, "   ");
        }
        sbuf_putc(b, ' ');
        put_marker(b, r);
        sbuf_puts(b, r->target ? " >> " : "    ");
        rjust_int(b, r->offset, "", 4);
        sbuf_putc(b, ' ');
        ljust(b, r->opname, namelen, OPNAME_WIDTH);
        if (r->has_arg) {
            sbuf_putc(b, ' ');
            rjust_int(b, r->arg, r->long_arg ? "L" : "", OPARG_WIDTH);
            if (r->textlen || r->paren_always) {
                sbuf_puts(b, " (");
                sbuf_put(b, r->text, r->textlen);
                sbuf_putc(b, ')');
            }
        }
        sbuf_putc(b, '\n');
        return;
    }

    if (c->lineno_w > 0 && r->starts && r->offset > 0)
        sbuf_putc(b, '\n');
    size_t line_begin = b->len;
    if (c->lineno_w > 0) {
        if (!r->starts)
            sbuf_pad(b, ' ', (size_t)c->lineno_w);
        else if (v >= PYV(3, 13) && r->line == LINE_NONE)
            rjust(b, "--", 2, (size_t)c->lineno_w);
        else
            sbuf_printf(b, "%*d", c->lineno_w, (int)r->line);
        sbuf_putc(b, ' ');
    }
    if (v >= PYV(3, 13)) {
        if (r->label) {
            char tmp[24];
            int n = snprintf(tmp, sizeof tmp, "L%u:", r->label);
            rjust(b, tmp, (size_t)n, (size_t)c->label_w);
        } else {
            sbuf_pad(b, ' ', (size_t)c->label_w);
        }
        sbuf_putc(b, ' ');
        if (c->offset_w > 0) {
            rjust_int(b, r->offset, "", (size_t)c->offset_w);
            sbuf_puts(b, "   ");   /* two spaces in the field + separator */
        }
        put_marker(b, r);
        sbuf_putc(b, ' ');
    } else {
        put_marker(b, r);
        sbuf_puts(b, r->target ? " >> " : "    ");
        rjust_int(b, r->offset, "", (size_t)c->offset_w);
        sbuf_putc(b, ' ');
    }
    ljust(b, r->opname, namelen, OPNAME_WIDTH);
    if (r->has_arg) {
        size_t w = OPARG_WIDTH;
        /* 3.13+: a long opname eats into the oparg column */
        if (v >= PYV(3, 13) && namelen > OPNAME_WIDTH)
            w = namelen - OPNAME_WIDTH >= OPARG_WIDTH ? 0
                                                      : OPARG_WIDTH - (namelen - OPNAME_WIDTH);
        sbuf_putc(b, ' ');
        rjust_int(b, r->arg, "", w);
        if (r->textlen) {
            sbuf_puts(b, " (");
            sbuf_put(b, r->text, r->textlen);
            sbuf_putc(b, ')');
        }
    }
    /* ' '.join(fields).rstrip(): only the padding can be trailing blanks */
    while (b->len > line_begin && b->data[b->len - 1] == ' ')
        b->len--;
    b->data[b->len] = '\0';
    sbuf_putc(b, '\n');
}

/* show_caches: one CACHE row per inline cache unit of instruction in.
 * 3.12+ name the first unit of each cache field with its value; dis reads
 * co_code, which CPython rebuilds with every cache unit zeroed (marshal
 * writes it the same way), so the value is 0 whatever the file holds.
 * 3.11 names nothing for code that is not specialized (a pyc never is). */
static void emit_caches(Ctx *c, const Insn *in)
{
    const char *p = in->info->cache_layout ? in->info->cache_layout : "";
    uint32_t off = in->offset + 2;   /* 3.11+: the caches follow the one unit */
    uint32_t shown = 0;
    SBuf txt = SBUF_INIT;
    while (shown < in->ncache) {
        /* next field of "name:units,name:units"; none left: unnamed units */
        const char *name = p;
        size_t nlen = 0;
        uint32_t size = in->ncache - shown;
        if (*p) {
            while (p[nlen] && p[nlen] != ':' && p[nlen] != ',')
                nlen++;
            p += nlen;
            size = 0;
            if (*p == ':')
                for (p++; *p >= '0' && *p <= '9'; p++)
                    size = size * 10 + (uint32_t)(*p - '0');
            if (*p == ',')
                p++;
            if (size == 0 || size > in->ncache - shown)
                size = in->ncache - shown;
        }
        for (uint32_t i = 0; i < size; i++) {
            Row r = {0};
            r.offset = off;
            r.opname = "CACHE";
            r.has_arg = 1;
            r.arg = 0;
            /* 3.11/3.12 mark a CACHE row that is exactly lasti */
            r.current = c->top && c->ver <= PYV(3, 12) && c->opt->lasti >= 0 &&
                        (uint32_t)c->opt->lasti == off;
            sbuf_reset(&txt);
            if (i == 0 && c->ver >= PYV(3, 12) && nlen > 0) {
                sbuf_put(&txt, name, nlen);
                sbuf_puts(&txt, ": 0");
            }
            r.text = sbuf_cstr(&txt);
            r.textlen = txt.len;
            emit_row(c, &r);
            off += 2;
        }
        shown += size;
    }
    sbuf_free(&txt);
}

/* ---- one code object ---------------------------------------------------- */

static void collect_marks(Ctx *c)
{
    uint32_t cap = c->ia.n + 3 * c->nexc + 1, n = 0;
    uint32_t *m = arena_alloc(&c->arena, cap * sizeof *m);
    for (uint32_t i = 0; i < c->ia.n; i++) {
        const Insn *in = &c->ia.v[i];
        if (in->info->jump == OPJ_NONE || in->target < 0)
            continue;
        int64_t tgt = mark_target(c, in);
        if (tgt >= 0 && tgt <= UINT32_MAX)
            m[n++] = (uint32_t)tgt;
    }
    for (uint32_t i = 0; i < c->nexc; i++) {
        const ExcEntry *e = &c->exc[i];
        if (c->ver >= PYV(3, 13)) {
            /* labels for start, end and handler of every entry */
            m[n++] = e->start;
            m[n++] = e->end;
            m[n++] = e->target;
        } else if (e->end > e->start) {
            /* 3.11/3.12 mark handlers of non-empty ranges only */
            m[n++] = e->target;
        }
    }
    qsort(m, n, sizeof *m, cmp_u32);
    uint32_t u = 0;
    for (uint32_t i = 0; i < n; i++)
        if (u == 0 || m[u - 1] != m[i])
            m[u++] = m[i];
    c->marks = m;
    c->nmarks = u;
}

/* Line starts by offset (dict(findlinestarts(co)): a later entry for the
 * same offset wins) and the column widths derived from them. */
static void collect_lines(Ctx *c)
{
    const CodeObj *co = c->co;
    const PyVer v = c->ver;
    uint32_t len = co->codelen;
    c->start_line = arena_alloc(&c->arena, (len + 1) * sizeof *c->start_line);
    int32_t *last = arena_alloc(&c->arena, (len + 1) * sizeof *last);
    for (uint32_t i = 0; i <= len; i++) {
        c->start_line[i] = NO_START;
        last[i] = -1;
    }
    for (uint32_t i = 0; i < c->lt.nstarts; i++) {
        const LineStart *s = &c->lt.starts[i];
        if (s->offset < len) {
            c->start_line[s->offset] = s->line;
            last[s->offset] = (int32_t)i;
        }
    }
    /* Values of the dict: skip entries overwritten by a later one. */
    int any = 0, any_none = 0, any_truthy = 0;
    int64_t maxline = 0, maxtruthy = 0;
    for (uint32_t i = 0; i < c->lt.nstarts; i++) {
        const LineStart *s = &c->lt.starts[i];
        if (s->offset < len && last[s->offset] != (int32_t)i)
            continue;
        if (v >= PYV(3, 13) && s->line == LINE_NONE) {
            any_none = 1;
            continue;
        }
        if (!any || s->line > maxline)
            maxline = s->line;
        any = 1;
        if (s->line != 0 && (!any_truthy || s->line > maxtruthy)) {
            maxtruthy = s->line;
            any_truthy = 1;
        }
    }

    int64_t maxoff = (int64_t)len - 2;
    if (v == PYV(3, 6)) {
        c->lineno_w = 3;
        c->offset_w = 4;
    } else if (v <= PYV(3, 12)) {
        /* 3.10+ omit the column when no instruction has a line */
        if ((v >= PYV(3, 10) && !any && !any_none))
            c->lineno_w = 0;
        else
            c->lineno_w = any && maxline >= 1000 ? ndigits(maxline) : 3;
        c->offset_w = maxoff >= 10000 ? ndigits(maxoff) : 4;
    } else {
        /* max(filter(None, values)): None and 0 do not count */
        if (!any_truthy || maxtruthy == -1) {
            c->lineno_w = 0;
        } else {
            c->lineno_w = ndigits(maxtruthy) > 3 ? ndigits(maxtruthy) : 3;
            if (c->lineno_w < 4 && any_none)
                c->lineno_w = 4;   /* room for `  --` */
        }
        c->label_w = 4 + ndigits(c->nmarks);
        c->offset_w = c->opt->show_offsets ? ndigits(maxoff > 9999 ? maxoff : 9999) : 0;
    }
}

static void emit_exctable(Ctx *c)
{
    if (c->nexc == 0)
        return;
    SBuf *b = c->out;
    sbuf_puts(b, "ExceptionTable:\n");
    for (uint32_t i = 0; i < c->nexc; i++) {
        const ExcEntry *e = &c->exc[i];
        if (c->ver >= PYV(3, 13))
            sbuf_printf(b, "  L%u to L%u -> L%u [%u]%s\n", mark_index(c, e->start),
                        mark_index(c, e->end), mark_index(c, e->target), e->depth,
                        e->lasti ? " lasti" : "");
        else   /* 3.11/3.12 show the last covered offset, end - 2 */
            sbuf_printf(b, "  %u to %lld -> %u [%u]%s\n", e->start,
                        (long long)e->end - 2, e->target, e->depth,
                        e->lasti ? " lasti" : "");
    }
}

static int is_current(const Ctx *c, const Insn *in)
{
    int32_t lasti = c->opt->lasti;
    if (!c->top || lasti < 0)
        return 0;
    uint32_t l = (uint32_t)lasti;
    /* 3.12 (hidden caches) and 3.13+: lasti inside the cache units counts */
    if (c->ver >= PYV(3, 13) || (c->ver == PYV(3, 12) && !c->opt->show_caches))
        return in->offset <= l && l <= in->offset + 2u * in->ncache;
    return in->offset == l;
}

static int dis_one(SBuf *out, const CodeObj *co, const DisOptions *opt, int top,
                   Diag *d)
{
    Ctx c;
    SBuf txt = SBUF_INIT;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.co = co;
    c.opt = opt;
    c.ver = co->ver;
    c.top = top;
    arena_init(&c.arena);
    int rc = -1;

    c.t = opcode_table(co->ver);
    if (!c.t) {
        diag_set(d, co->file_offset, "no opcode table for Python %d.%d",
                 PYV_MAJOR(co->ver), PYV_MINOR(co->ver));
        goto done;
    }
    if (decode_code(co, c.t, &c.arena, &c.ia, d) != 0)
        goto done;
    if (linetable_decode(co, &c.arena, &c.lt, d) != 0)
        goto done;
    if (c.ver >= PYV(3, 11) && exctable_decode(co, &c.arena, &c.exc, &c.nexc, d) != 0)
        goto done;
    collect_marks(&c);
    collect_lines(&c);

    for (uint32_t i = 0; i < c.ia.n; i++) {
        const Insn *in = &c.ia.v[i];
        Row r = {0};
        r.offset = in->offset;
        if (in->offset < co->codelen && c.start_line[in->offset] != NO_START) {
            r.starts = 1;
            r.line = c.start_line[in->offset];
        }
        r.current = is_current(&c, in);
        r.breakpoint = top && opt->breakpoints ? opt->breakpoints[in->offset] : 0;
        uint32_t m = mark_index(&c, in->offset);
        if (c.ver >= PYV(3, 13))
            r.label = m;
        else
            r.target = m != 0;
        r.opname = in->info->name;
        r.has_arg = in->info->has_arg;
        r.arg = in->arg;
        r.long_arg = py2_long(&c, i);
        sbuf_reset(&txt);
        if (r.has_arg)
            r.paren_always = arg_text(&c, i, &txt);
        r.text = sbuf_cstr(&txt);
        r.textlen = txt.len;
        if (opt->row_fn) {
            DisRow dr = {in->offset, r.opname, in->opcode, r.has_arg ? in->arg : -1,
                         in->info->arg_kind, in->target, r.text, r.starts ? r.line : -1,
                         r.target, linetable_pos_at(&c.lt, in->offset)};
            opt->row_fn(opt->row_ud, &dr);
            continue;
        }
        emit_row(&c, &r);
        if (opt->show_caches && c.ver >= PYV(3, 11) && in->ncache > 0)
            emit_caches(&c, in);
    }
    if (!opt->row_fn)
        emit_exctable(&c);
    rc = 0;

    /* 3.7+: the code objects of co_consts, depth first */
    if (c.ver >= PYV(3, 7) && opt->recursive && co->consts &&
        co->consts->kind == PYC_TUPLE) {
        for (uint32_t i = 0; i < co->consts->len && rc == 0; i++) {
            const PycObj *k = co->consts->v.items[i];
            if (!k || k->kind != PYC_CODE)
                continue;
            sbuf_puts(out, "\nDisassembly of ");
            repr_code(out, k->v.code);
            sbuf_puts(out, ":\n");
            rc = dis_one(out, k->v.code, opt, 0, d);
        }
    }
done:
    sbuf_free(&txt);
    arena_free(&c.arena);
    return rc;
}

int dis_code(SBuf *out, const CodeObj *co, const DisOptions *opt, Diag *d)
{
    static const DisOptions defaults = DIS_OPTIONS_DEFAULT;
    if (!opt)
        opt = &defaults;
    return dis_one(out, co, opt, 1, d);
}

int dis_rows(const CodeObj *co, DisRowFn fn, void *ud, Diag *d)
{
    DisOptions opt = DIS_OPTIONS_DEFAULT;
    opt.recursive = 0;
    opt.row_fn = fn;
    opt.row_ud = ud;
    return dis_one(NULL, co, &opt, 1, d);
}

/* code.c — runtime code objects: a loaded CodeObj made ready to run.
 *
 * code_load() converts the constants to runtime objects, interns the names,
 * decodes the bytecode (one Insn per dis row), decodes the line and
 * exception tables, then LOWERS every Insn into a VmInsn whose op/flags/arg
 * no longer depend on the version (3.12: LOAD_GLOBAL's low bit becomes
 * VMF_PUSH_NULL, COMPARE_OP's oparg >> 4 a CMP_* value, jump targets
 * instruction indexes, FOR_ITER's exit the instruction after its END_FOR).
 * A new version is a new lowering function in `lowerers`, not a change to
 * the eval loop; lowered ops keep their OpId, so an op that exists only in
 * another version simply gets its own handler.
 *
 * Before anything runs, the lowered code is verified so that no input can
 * make the eval loop read outside its arrays: opargs index existing
 * constants, names and localsplus slots; jumps and exception-table entries
 * land on instructions; and a data-flow pass over every path (exception
 * handlers included) proves the value stack never underflows, never grows
 * past co_stacksize, has one depth wherever paths meet, never falls off the
 * end of the code, and that a NULL slot (PUSH_NULL, LOAD_GLOBAL's NULL,
 * LOAD_FAST_AND_CLEAR of an unbound local) only reaches instructions that
 * accept one.  A refusal reads "code object 'f': RULE at offset N".
 *
 * Invariants: a CodeRtObj owns its decode storage (its arena) and its
 * runtime constants; `src` belongs to a PycFile that lives as long as the
 * VM (run.c / import.c never free loaded files).
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"

/* Hard limits that keep hostile input bounded (real code is far below). */
#define CODE_MAX_STACK (1 << 20)          /* co_stacksize */
#define CODE_MAX_LOCALS (1 << 20)         /* localsplus slots */
#define VERIFY_BUDGET ((size_t)64 << 20)  /* bytes of per-instruction stack state */

/* ---- refusals --------------------------------------------------------------- */

typedef struct Lower {
    const CodeObj *src;
    const InsnArray *ia;
    VmInsn *out;
    Diag *d;
    const char *name;        /* co_name for messages */
    uint32_t nconsts, nnames, nlocalsplus;
    const PycObj *consts;
} Lower;

static int refuse(Lower *lw, uint32_t offset, const char *fmt, ...) PYDBG_PRINTF(3, 4);
static int refuse(Lower *lw, uint32_t offset, const char *fmt, ...)
{
    char rule[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rule, sizeof rule, fmt, ap);
    va_end(ap);
    diag_set(lw->d, -1, "code object '%.100s': %s at offset %u", lw->name, rule, offset);
    return -1;
}

/* co_name as plain text for messages: control characters neutralised. */
static const char *safe_name(const CodeObj *co, char *buf, size_t n)
{
    uint32_t len = 0;
    const char *s = co->name ? pyc_text(co->name, &len) : NULL;
    if (!s) {
        snprintf(buf, n, "?");
        return buf;
    }
    size_t k = 0;
    for (uint32_t i = 0; i < len && k + 1 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    buf[k] = 0;
    return buf;
}

/* ---- lowering: 3.12 ----------------------------------------------------------- */

static int check_const(Lower *lw, const Insn *in, int64_t i)
{
    if (i < 0 || (uint64_t)i >= lw->nconsts)
        return refuse(lw, in->offset, "%s constant index %lld out of range (%u constants)",
                      in->info->name, (long long)i, lw->nconsts);
    return 0;
}

static int check_name(Lower *lw, const Insn *in, int64_t i)
{
    if (i < 0 || (uint64_t)i >= lw->nnames)
        return refuse(lw, in->offset, "%s name index %lld out of range (%u names)",
                      in->info->name, (long long)i, lw->nnames);
    return 0;
}

static int check_local(Lower *lw, const Insn *in, int64_t i)
{
    if (i < 0 || (uint64_t)i >= lw->nlocalsplus)
        return refuse(lw, in->offset, "%s local index %lld out of range (%u locals)",
                      in->info->name, (long long)i, lw->nlocalsplus);
    return 0;
}

/* The 3.11+ localsplus kinds: cell/free slots hold cells. */
static int check_cell_slot(Lower *lw, const Insn *in, int64_t i)
{
    if (check_local(lw, in, i) < 0)
        return -1;
    uint8_t kind = lw->src->localspluskinds ? lw->src->localspluskinds[i] : 0;
    if (!(kind & (CO_FAST_CELL | CO_FAST_FREE)))
        return refuse(lw, in->offset, "%s slot %lld is not a cell or free variable",
                      in->info->name, (long long)i);
    return 0;
}

static int lower_312(Lower *lw, uint32_t k)
{
    const Insn *in = &lw->ia->v[k];
    VmInsn *o = &lw->out[k];
    int32_t a = in->arg;
    o->op = in->op;
    o->flags = 0;
    o->arg = a < 0 ? 0 : a;
    o->target = in->target_index;
    switch (in->op) {
    case OP_CACHE:
        return refuse(lw, in->offset, "CACHE is not an instruction");
    case OP_EXTENDED_ARG:
        o->op = OP_NOP;     /* its value is already in the next instruction */
        return 0;
    case OP_LOAD_CONST: case OP_RETURN_CONST:
        return check_const(lw, in, a);
    case OP_KW_NAMES: {
        if (check_const(lw, in, a) < 0)
            return -1;
        const PycObj *t = lw->consts->v.items[a];
        if (t->kind != PYC_TUPLE)
            return refuse(lw, in->offset, "KW_NAMES constant is not a tuple");
        for (uint32_t i = 0; i < t->len; i++)
            if (t->v.items[i]->kind != PYC_STR)
                return refuse(lw, in->offset, "KW_NAMES constant holds a non-string");
        if (k + 1 >= lw->ia->n || lw->ia->v[k + 1].op != OP_CALL)
            return refuse(lw, in->offset, "KW_NAMES not followed by CALL");
        if ((int64_t)lw->ia->v[k + 1].arg < (int64_t)t->len)
            return refuse(lw, in->offset, "KW_NAMES names more keywords than CALL passes");
        return 0;
    }
    case OP_LOAD_GLOBAL:
        o->arg = a >> 1;    /* 3.11+: low bit = also push NULL */
        if (a & 1)
            o->flags |= VMF_PUSH_NULL;
        return check_name(lw, in, o->arg);
    case OP_LOAD_ATTR:
        o->arg = a >> 1;    /* 3.12: low bit = method form (was LOAD_METHOD) */
        if (a & 1)
            o->flags |= VMF_METHOD;
        return check_name(lw, in, o->arg);
    case OP_LOAD_SUPER_ATTR:
        o->arg = a >> 2;    /* 3.12: bit 0 method form, bit 1 two-argument super() */
        if (a & 1)
            o->flags |= VMF_METHOD;
        if (a & 2)
            o->flags |= VMF_SUPER_2ARG;
        return check_name(lw, in, o->arg);
    case OP_STORE_NAME: case OP_DELETE_NAME: case OP_STORE_ATTR: case OP_DELETE_ATTR:
    case OP_STORE_GLOBAL: case OP_DELETE_GLOBAL: case OP_LOAD_NAME:
    case OP_IMPORT_NAME: case OP_IMPORT_FROM: case OP_LOAD_FROM_DICT_OR_GLOBALS:
        return check_name(lw, in, a);
    case OP_LOAD_FAST: case OP_LOAD_FAST_CHECK: case OP_LOAD_FAST_AND_CLEAR:
    case OP_STORE_FAST: case OP_DELETE_FAST: case OP_MAKE_CELL:
        return check_local(lw, in, a);
    case OP_LOAD_CLOSURE:
        return check_local(lw, in, a);
    case OP_LOAD_DEREF: case OP_STORE_DEREF: case OP_DELETE_DEREF:
    case OP_LOAD_FROM_DICT_OR_DEREF:
        return check_cell_slot(lw, in, a);
    case OP_COPY_FREE_VARS: {
        uint32_t nfree = 0;
        for (uint32_t i = 0; i < lw->nlocalsplus; i++)
            if (lw->src->localspluskinds[i] & CO_FAST_FREE)
                nfree++;
        if ((uint32_t)a != nfree)
            return refuse(lw, in->offset, "COPY_FREE_VARS %d but the code has %u free variables",
                          a, nfree);
        return 0;
    }
    case OP_COMPARE_OP:
        o->arg = a >> 4;    /* 3.12: operator in the high bits */
        if (o->arg > CMP_GE)
            return refuse(lw, in->offset, "COMPARE_OP operator %d out of range", o->arg);
        return 0;
    case OP_BINARY_OP:
        if (a >= NB_SUBSCR)
            return refuse(lw, in->offset, "BINARY_OP operator %d out of range", a);
        return 0;
    case OP_FOR_ITER: {
        /* 3.12: the target is the loop's END_FOR; an exhausted iterator is
         * popped and execution continues after that END_FOR. */
        int32_t t = in->target_index;
        if (t < 0 || lw->ia->v[t].op != OP_END_FOR)
            return refuse(lw, in->offset, "FOR_ITER target is not END_FOR");
        if ((uint32_t)t + 1 >= lw->ia->n)
            return refuse(lw, in->offset, "FOR_ITER target END_FOR ends the code");
        o->target = t + 1;
        return 0;
    }
    case OP_SEND:
        if (in->target_index < 0 || lw->ia->v[in->target_index].op != OP_END_SEND)
            return refuse(lw, in->offset, "SEND target is not END_SEND");
        return 0;
    case OP_JUMP_FORWARD: case OP_JUMP_BACKWARD: case OP_JUMP_BACKWARD_NO_INTERRUPT:
    case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE:
    case OP_POP_JUMP_IF_NONE: case OP_POP_JUMP_IF_NOT_NONE:
        if (in->target_index < 0)
            return refuse(lw, in->offset, "%s without a target", in->info->name);
        return 0;
    case OP_UNPACK_SEQUENCE: case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET:
    case OP_BUILD_MAP: case OP_BUILD_STRING: case OP_BUILD_CONST_KEY_MAP:
    case OP_UNPACK_EX: case OP_CALL: case OP_MATCH_CLASS:
        if (a > (1 << 24))
            return refuse(lw, in->offset, "%s count %d too large", in->info->name, a);
        return 0;
    case OP_RERAISE:
        if (a > 2)   /* 3.12: RERAISE keeps oparg values (at most lasti and one more) */
            return refuse(lw, in->offset, "RERAISE %d out of range", a);
        return 0;
    case OP_RAISE_VARARGS:
        if (a > 2)
            return refuse(lw, in->offset, "RAISE_VARARGS %d out of range", a);
        return 0;
    case OP_BUILD_SLICE:
        if (a != 2 && a != 3)
            return refuse(lw, in->offset, "BUILD_SLICE %d out of range", a);
        return 0;
    case OP_COPY:
        if (a < 1)
            return refuse(lw, in->offset, "COPY 0");
        return 0;
    case OP_SWAP:
        if (a < 2)
            return refuse(lw, in->offset, "SWAP %d", a);
        return 0;
    case OP_LIST_APPEND: case OP_SET_ADD: case OP_MAP_ADD: case OP_LIST_EXTEND:
    case OP_SET_UPDATE: case OP_DICT_MERGE: case OP_DICT_UPDATE:
        if (a < 1)
            return refuse(lw, in->offset, "%s 0", in->info->name);
        return 0;
    case OP_FORMAT_VALUE:
        if (a > 7)
            return refuse(lw, in->offset, "FORMAT_VALUE flags %d out of range", a);
        return 0;
    case OP_MAKE_FUNCTION:
        if (a > 15)
            return refuse(lw, in->offset, "MAKE_FUNCTION flags %d out of range", a);
        return 0;
    case OP_CALL_INTRINSIC_1:
        if (a < 1 || a > 11)
            return refuse(lw, in->offset, "CALL_INTRINSIC_1 %d out of range", a);
        return 0;
    case OP_CALL_INTRINSIC_2:
        if (a < 1 || a > 4)
            return refuse(lw, in->offset, "CALL_INTRINSIC_2 %d out of range", a);
        return 0;
    case OP_RESUME: case OP_YIELD_VALUE: case OP_GET_AWAITABLE:
    case OP_IS_OP: case OP_CONTAINS_OP: case OP_CALL_FUNCTION_EX:
    case OP_POP_TOP: case OP_PUSH_NULL: case OP_END_FOR: case OP_END_SEND: case OP_NOP:
    case OP_UNARY_NEGATIVE: case OP_UNARY_NOT: case OP_UNARY_INVERT:
    case OP_BINARY_SUBSCR: case OP_BINARY_SLICE: case OP_STORE_SLICE: case OP_GET_LEN:
    case OP_MATCH_MAPPING: case OP_MATCH_SEQUENCE: case OP_MATCH_KEYS:
    case OP_PUSH_EXC_INFO: case OP_CHECK_EXC_MATCH: case OP_CHECK_EG_MATCH:
    case OP_WITH_EXCEPT_START: case OP_GET_AITER: case OP_GET_ANEXT:
    case OP_BEFORE_ASYNC_WITH: case OP_BEFORE_WITH: case OP_END_ASYNC_FOR:
    case OP_CLEANUP_THROW: case OP_STORE_SUBSCR: case OP_DELETE_SUBSCR:
    case OP_GET_ITER: case OP_GET_YIELD_FROM_ITER: case OP_LOAD_BUILD_CLASS:
    case OP_LOAD_ASSERTION_ERROR: case OP_RETURN_GENERATOR: case OP_RETURN_VALUE:
    case OP_SETUP_ANNOTATIONS: case OP_LOAD_LOCALS: case OP_POP_EXCEPT:
        return 0;
    default:
        return refuse(lw, in->offset, "instruction %s is not supported", in->info->name);
    }
}

typedef int (*LowerFn)(Lower *lw, uint32_t k);
static const struct { PyVer ver; LowerFn fn; } lowerers[] = {
    {PYV(3, 12), lower_312},
};

static LowerFn lowerer_for(PyVer ver)
{
    for (size_t i = 0; i < sizeof lowerers / sizeof lowerers[0]; i++)
        if (lowerers[i].ver == ver)
            return lowerers[i].fn;
    return NULL;
}

/* ---- stack verification ---------------------------------------------------------
 * The stack use of each lowered (version-neutral) instruction.  `pop`/`push`
 * for falling through, `jpop`/`jpush` when the jump is taken.  NULL rules:
 * popped items must be objects except where `null_ok_at` (index from the top,
 * 0 = top) or `all_null_ok` says otherwise; `push_null_low` marks the lowest
 * pushed item as possibly NULL. */
typedef struct Fx {
    int32_t pop, push, jpop, jpush;
    int32_t null_ok_at;
    int32_t peek;            /* after popping: item peek (1 = top) must be an object */
    uint8_t falls;           /* execution may continue with the next instruction */
    uint8_t jumps;           /* a jump to `target` may happen */
    uint8_t all_null_ok;
    uint8_t push_null_low;
    uint8_t copy, swap;      /* COPY / SWAP: handled specially */
} Fx;

static void fx_of(const VmInsn *vi, Fx *fx)
{
    int32_t a = vi->arg;
    memset(fx, 0, sizeof *fx);
    fx->null_ok_at = -1;
    fx->falls = 1;
#define FX(p, q) (fx->pop = (p), fx->push = (q))
    switch (vi->op) {
    case OP_NOP: case OP_RESUME: case OP_SETUP_ANNOTATIONS: case OP_DELETE_NAME:
    case OP_DELETE_GLOBAL: case OP_DELETE_FAST: case OP_MAKE_CELL: case OP_DELETE_DEREF:
    case OP_COPY_FREE_VARS: case OP_KW_NAMES:
        FX(0, 0); break;
    case OP_POP_TOP: FX(1, 0); fx->all_null_ok = 1; break;
    case OP_PUSH_NULL: FX(0, 1); fx->push_null_low = 1; break;
    case OP_END_FOR: FX(2, 0); fx->all_null_ok = 1; break;
    case OP_END_SEND: FX(2, 1); break;
    case OP_UNARY_NEGATIVE: case OP_UNARY_NOT: case OP_UNARY_INVERT: case OP_GET_ITER:
    case OP_GET_YIELD_FROM_ITER: case OP_GET_AITER: case OP_GET_AWAITABLE:
    case OP_CALL_INTRINSIC_1: case OP_LOAD_FROM_DICT_OR_GLOBALS:
    case OP_LOAD_FROM_DICT_OR_DEREF: case OP_YIELD_VALUE:
        FX(1, 1); break;
    case OP_BINARY_SUBSCR: case OP_BINARY_OP: case OP_COMPARE_OP: case OP_IS_OP:
    case OP_CONTAINS_OP: case OP_CALL_INTRINSIC_2: case OP_IMPORT_NAME:
        FX(2, 1); break;
    case OP_BINARY_SLICE: FX(3, 1); break;
    case OP_STORE_SLICE: FX(4, 0); break;
    case OP_GET_LEN: case OP_MATCH_MAPPING: case OP_MATCH_SEQUENCE: case OP_GET_ANEXT:
    case OP_BEFORE_ASYNC_WITH: case OP_BEFORE_WITH: case OP_PUSH_EXC_INFO:
    case OP_IMPORT_FROM:
        FX(1, 2); break;
    case OP_MATCH_KEYS: FX(2, 3); break;
    case OP_CHECK_EXC_MATCH: case OP_CHECK_EG_MATCH: FX(2, 2); break;
    case OP_WITH_EXCEPT_START: FX(4, 5); break;
    case OP_END_ASYNC_FOR: FX(2, 0); break;
    case OP_CLEANUP_THROW: FX(3, 2); break;
    case OP_STORE_SUBSCR: FX(3, 0); break;
    case OP_DELETE_SUBSCR: case OP_STORE_ATTR: FX(2, 0); break;
    case OP_LOAD_BUILD_CLASS: case OP_LOAD_ASSERTION_ERROR: case OP_LOAD_LOCALS:
    case OP_LOAD_CONST: case OP_LOAD_NAME: case OP_LOAD_FAST: case OP_LOAD_FAST_CHECK:
    case OP_LOAD_CLOSURE: case OP_LOAD_DEREF:
        FX(0, 1); break;
    case OP_LOAD_FAST_AND_CLEAR: FX(0, 1); fx->push_null_low = 1; break;
    case OP_RETURN_GENERATOR: FX(0, 1); break;   /* the first send()'s value */
    case OP_RETURN_VALUE: FX(1, 0); fx->falls = 0; break;
    case OP_RETURN_CONST: FX(0, 0); fx->falls = 0; break;
    case OP_POP_EXCEPT: case OP_STORE_NAME: case OP_DELETE_ATTR: case OP_STORE_GLOBAL:
    case OP_STORE_DEREF:
        FX(1, 0); break;
    case OP_STORE_FAST: FX(1, 0); fx->all_null_ok = 1; break;
    case OP_UNPACK_SEQUENCE: FX(1, a); break;
    case OP_UNPACK_EX: FX(1, (a & 0xff) + (a >> 8) + 1); break;
    case OP_FOR_ITER:
        FX(1, 2); fx->jumps = 1; fx->jpop = 1; fx->jpush = 0; break;
    case OP_SEND:
        FX(2, 2); fx->jumps = 1; fx->jpop = 2; fx->jpush = 2; break;
    case OP_SWAP: fx->swap = 1; break;
    case OP_COPY: fx->copy = 1; break;
    case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET: case OP_BUILD_STRING:
        FX(a, 1); break;
    case OP_BUILD_MAP: FX(2 * a, 1); break;
    case OP_BUILD_CONST_KEY_MAP: FX(a + 1, 1); break;
    case OP_BUILD_SLICE: FX(a, 1); break;
    case OP_LOAD_ATTR:
        FX(1, (vi->flags & VMF_METHOD) ? 2 : 1);
        fx->push_null_low = (vi->flags & VMF_METHOD) != 0;
        break;
    case OP_LOAD_GLOBAL:
        FX(0, (vi->flags & VMF_PUSH_NULL) ? 2 : 1);
        fx->push_null_low = (vi->flags & VMF_PUSH_NULL) != 0;
        break;
    case OP_LOAD_SUPER_ATTR:
        FX(3, (vi->flags & VMF_METHOD) ? 2 : 1);
        fx->push_null_low = (vi->flags & VMF_METHOD) != 0;
        break;
    case OP_JUMP_FORWARD: case OP_JUMP_BACKWARD: case OP_JUMP_BACKWARD_NO_INTERRUPT:
        FX(0, 0); fx->falls = 0; fx->jumps = 1; break;
    case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE: case OP_POP_JUMP_IF_NONE:
    case OP_POP_JUMP_IF_NOT_NONE:
        FX(1, 0); fx->jumps = 1; fx->jpop = 1; break;
    case OP_RERAISE: FX(1 + a, 0); fx->falls = 0; break;
    case OP_RAISE_VARARGS: FX(a, 0); fx->falls = 0; break;
    case OP_MAKE_FUNCTION:
        FX(1 + ((a & 1) != 0) + ((a & 2) != 0) + ((a & 4) != 0) + ((a & 8) != 0), 1);
        break;
    case OP_CALL_FUNCTION_EX:
        FX(3 + (a & 1), 1); fx->null_ok_at = 2 + (a & 1); break;
    case OP_CALL:
        FX(a + 2, 1); fx->null_ok_at = a + 1; break;
    case OP_LIST_APPEND: case OP_SET_ADD: case OP_LIST_EXTEND: case OP_SET_UPDATE:
    case OP_DICT_MERGE: case OP_DICT_UPDATE:
        FX(1, 0); fx->peek = a; break;
    case OP_MAP_ADD: FX(2, 0); fx->peek = a; break;
    case OP_MATCH_CLASS: FX(3, 1); break;
    case OP_FORMAT_VALUE: FX((a & 4) ? 2 : 1, 1); break;
    default: FX(0, 0); break;   /* lowering refused everything else */
    }
#undef FX
}

typedef struct VState {
    int32_t depth;           /* -1: not reached yet */
    uint8_t *null;           /* depth bytes: 1 = this slot may hold NULL */
} VState;

typedef struct Verify {
    Lower *lw;
    const CodeRtObj *co;
    VState *st;
    uint32_t *work;          /* worklist of instruction indexes */
    uint8_t *queued;
    uint32_t nwork;
    size_t used;             /* bytes of state allocated */
    int32_t maxdepth;
} Verify;

/* Merge state (depth, null) into instruction k's entry state. */
static int merge(Verify *v, uint32_t from, uint32_t k, int32_t depth, const uint8_t *null)
{
    VState *s = &v->st[k];
    const Insn *in = &v->lw->ia->v[from];
    if (s->depth < 0) {
        v->used += (size_t)depth + 1;
        if (v->used > VERIFY_BUDGET)
            return refuse(v->lw, in->offset, "code too large to verify");
        s->depth = depth;
        s->null = xmalloc((size_t)depth + 1);
        memcpy(s->null, null, (size_t)depth);
    } else if (s->depth != depth) {
        return refuse(v->lw, v->lw->ia->v[k].offset,
                      "stack depth %d here but %d on another path", depth, s->depth);
    } else {
        bool changed = false;
        for (int32_t i = 0; i < depth; i++)
            if (null[i] && !s->null[i]) {
                s->null[i] = 1;
                changed = true;
            }
        if (!changed)
            return 0;
    }
    if (!v->queued[k]) {
        v->queued[k] = 1;
        v->work[v->nwork++] = k;
    }
    return 0;
}

static int verify_stack(Lower *lw, CodeRtObj *co)
{
    uint32_t n = co->insns.n;
    int rc = -1;
    Verify v = {lw, co, NULL, NULL, NULL, 0, 0, 0};
    v.st = xcalloc(n, sizeof *v.st);
    v.work = xmalloc((size_t)n * sizeof *v.work);
    v.queued = xcalloc(n, 1);
    int32_t cap = co->stacksize;
    uint8_t *tmp = xmalloc((size_t)cap + 8);
    for (uint32_t k = 0; k < n; k++)
        v.st[k].depth = -1;
    if (merge(&v, 0, 0, 0, tmp) < 0)
        goto out;
    while (v.nwork) {
        uint32_t k = v.work[--v.nwork];
        v.queued[k] = 0;
        const VmInsn *vi = &co->code[k];
        const Insn *in = &co->insns.v[k];
        VState *s = &v.st[k];
        int32_t d = s->depth;
        const char *opname = in->info->name;
        /* Exception handlers covering this instruction. */
        for (uint32_t h = 0; h < co->nexc; h++) {
            const VmHandler *hd = &co->handlers[h];
            if ((int32_t)k < hd->start || (int32_t)k >= hd->end)
                continue;
            if (hd->depth > d) {
                refuse(lw, in->offset, "exception handler depth %d above the stack depth %d",
                       hd->depth, d);
                goto out;
            }
            int32_t hdepth = hd->depth + 1 + hd->lasti;
            if (hdepth > cap) {
                refuse(lw, in->offset, "exception handler stack depth %d exceeds co_stacksize %d",
                       hdepth, cap);
                goto out;
            }
            memcpy(tmp, s->null, (size_t)hd->depth);
            memset(tmp + hd->depth, 0, (size_t)(1 + hd->lasti));
            if (merge(&v, k, (uint32_t)hd->target, hdepth, tmp) < 0)
                goto out;
            if (hdepth > v.maxdepth)
                v.maxdepth = hdepth;
        }
        Fx fx;
        fx_of(vi, &fx);
        memcpy(tmp, s->null, (size_t)d);
        int32_t nd;
        if (fx.copy || fx.swap) {
            if (vi->arg > d) {
                refuse(lw, in->offset, "stack underflow (%s %d at depth %d)", opname, vi->arg, d);
                goto out;
            }
            if (fx.copy) {
                if (tmp[d - vi->arg]) {
                    refuse(lw, in->offset, "COPY of a NULL stack slot");
                    goto out;
                }
                tmp[d] = 0;
                nd = d + 1;
            } else {
                uint8_t t = tmp[d - 1];
                tmp[d - 1] = tmp[d - vi->arg];
                tmp[d - vi->arg] = t;
                nd = d;
            }
        } else {
            int32_t maxpop = fx.pop > fx.jpop ? fx.pop : fx.jpop;
            if (maxpop > d) {
                refuse(lw, in->offset, "stack underflow (%s pops %d at depth %d)",
                       opname, maxpop, d);
                goto out;
            }
            if (!fx.all_null_ok)
                for (int32_t i = 0; i < maxpop; i++)
                    if (tmp[d - 1 - i] && i != fx.null_ok_at) {
                        refuse(lw, in->offset, "%s would use a NULL stack slot", opname);
                        goto out;
                    }
            if (fx.peek) {
                int32_t rest = d - fx.pop;
                if (fx.peek > rest || tmp[rest - fx.peek]) {
                    refuse(lw, in->offset, "%s %d reaches below the stack", opname, fx.peek);
                    goto out;
                }
            }
            if (fx.jumps) {
                int32_t jd = d - fx.jpop + fx.jpush;
                if (jd > cap) {
                    refuse(lw, in->offset, "stack depth %d exceeds co_stacksize %d", jd, cap);
                    goto out;
                }
                memset(tmp + d - fx.jpop, 0, (size_t)fx.jpush);
                if (jd > v.maxdepth)
                    v.maxdepth = jd;
                if (merge(&v, k, (uint32_t)vi->target, jd, tmp) < 0)
                    goto out;
                memcpy(tmp, s->null, (size_t)d);
            }
            nd = d - fx.pop + fx.push;
            if (nd > cap) {
                refuse(lw, in->offset, "stack depth %d exceeds co_stacksize %d", nd, cap);
                goto out;
            }
            memset(tmp + d - fx.pop, 0, (size_t)fx.push);
            if (fx.push_null_low && fx.push > 0)
                tmp[d - fx.pop] = 1;
        }
        if (nd > cap) {
            refuse(lw, in->offset, "stack depth %d exceeds co_stacksize %d", nd, cap);
            goto out;
        }
        if (nd > v.maxdepth)
            v.maxdepth = nd;
        if (fx.falls) {
            if (k + 1 >= n) {
                refuse(lw, in->offset, "execution runs past the end of the code");
                goto out;
            }
            if (merge(&v, k, k + 1, nd, tmp) < 0)
                goto out;
        }
    }
    rc = 0;
out:
    for (uint32_t k = 0; k < n; k++)
        free(v.st[k].null);
    free(v.st);
    free(v.work);
    free(v.queued);
    free(tmp);
    return rc;
}

/* ---- preparing the instruction stream ------------------------------------------------ */

static int prepare(CodeRtObj *co, const CodeObj *src, Diag *d)
{
    char namebuf[128];
    Lower lw;
    memset(&lw, 0, sizeof lw);
    lw.src = src;
    lw.d = d;
    lw.name = safe_name(src, namebuf, sizeof namebuf);
    LowerFn lower = lowerer_for(src->ver);
    if (!lower) {
        diag_set(d, -1, "Python %d.%d bytecode cannot be run (pydbg runs 3.12)",
                 PYV_MAJOR(src->ver), PYV_MINOR(src->ver));
        return -1;
    }
    if (!src->consts || src->consts->kind != PYC_TUPLE || !src->names ||
        src->names->kind != PYC_TUPLE || !src->localsplusnames ||
        src->localsplusnames->kind != PYC_TUPLE || !src->localspluskinds)
        return refuse(&lw, 0, "malformed constants, names or locals");
    lw.consts = src->consts;
    lw.nconsts = src->consts->len;
    lw.nnames = src->names->len;
    lw.nlocalsplus = src->localsplusnames->len;
    if (lw.nlocalsplus > CODE_MAX_LOCALS)
        return refuse(&lw, 0, "too many local variables (%u)", lw.nlocalsplus);
    if (src->stacksize < 0 || src->stacksize > CODE_MAX_STACK)
        return refuse(&lw, 0, "co_stacksize %d out of range", src->stacksize);
    if (src->argcount < 0 || src->posonlyargcount < 0 || src->kwonlyargcount < 0 ||
        src->posonlyargcount > src->argcount ||
        (int64_t)src->argcount + src->kwonlyargcount + !!(src->flags & CO_VARARGS) +
        !!(src->flags & CO_VARKEYWORDS) > (int64_t)lw.nlocalsplus)
        return refuse(&lw, 0, "argument counts do not fit the locals");
    for (uint32_t i = 0; i < lw.nnames; i++)
        if (src->names->v.items[i]->kind != PYC_STR)
            return refuse(&lw, 0, "co_names[%u] is not a string", i);
    for (uint32_t i = 0; i < lw.nlocalsplus; i++)
        if (src->localsplusnames->v.items[i]->kind != PYC_STR)
            return refuse(&lw, 0, "local name %u is not a string", i);
    /* Arguments are plain locals (or cells made from them by MAKE_CELL). */
    for (int64_t i = 0; i < (int64_t)src->argcount + src->kwonlyargcount +
             !!(src->flags & CO_VARARGS) + !!(src->flags & CO_VARKEYWORDS); i++)
        if (src->localspluskinds[i] & CO_FAST_FREE)
            return refuse(&lw, 0, "argument %lld is a free variable", (long long)i);

    co->nlocalsplus = (int)lw.nlocalsplus;
    co->stacksize = src->stacksize;
    const OpTable *t = opcode_table(src->ver);
    if (decode_code(src, t, &co->arena, &co->insns, d) < 0)
        return -1;
    if (co->insns.n == 0)
        return refuse(&lw, 0, "empty code");
    lw.ia = &co->insns;
    if (linetable_decode(src, &co->arena, &co->lines, d) < 0)
        return -1;
    if (exctable_decode(src, &co->arena, &co->exc, &co->nexc, d) < 0)
        return -1;
    co->code = arena_alloc(&co->arena, (size_t)co->insns.n * sizeof *co->code);
    lw.out = co->code;
    for (uint32_t k = 0; k < co->insns.n; k++) {
        if (lower(&lw, k) < 0)
            return -1;
        co->code[k].offset = co->insns.v[k].offset;
        co->code[k].line = linetable_line_at(&co->lines, co->insns.v[k].offset);
    }
    /* 3.11+: tracebacks skip a frame stopped before its first RESUME. */
    co->first_traceable = 0;
    for (uint32_t k = 0; k < co->insns.n; k++)
        if (co->code[k].op == OP_RESUME) {
            co->first_traceable = (int32_t)k;
            break;
        }
    co->handlers = arena_alloc(&co->arena, ((size_t)co->nexc + 1) * sizeof *co->handlers);
    for (uint32_t h = 0; h < co->nexc; h++) {
        const ExcEntry *e = &co->exc[h];
        VmHandler *hd = &co->handlers[h];
        int32_t s = decode_index_at(&co->insns, e->start);
        int32_t t = decode_index_at(&co->insns, e->target);
        int32_t en = e->end >= src->codelen ? (int32_t)co->insns.n
                                            : decode_index_at(&co->insns, e->end);
        if (s < 0 || en < 0 || t < 0 || e->start >= e->end || e->depth > (uint32_t)INT32_MAX)
            return refuse(&lw, e->start, "exception table entry %u-%u -> %u does not "
                          "match the instructions", e->start, e->end, e->target);
        hd->start = s;
        hd->end = en;
        hd->target = t;
        hd->depth = (int32_t)e->depth;
        hd->lasti = e->lasti;
    }
    return verify_stack(&lw, co);
}

/* ---- constants ---------------------------------------------------------------------- */

static Obj *const_from_pyc(const PycObj *o, Diag *d);

static Obj *str_of(const PycObj *o, bool intern)
{
    /* As 3.12's marshal: a one-character string is chr()'s cached object;
     * interning may then replace it by an object interned earlier (3.12
     * pre-interns a few one-character strings, see str_intern_inplace). */
    Obj *s = str_from_utf8(o->v.s, (Ssize)o->len);
    if (s && intern)
        str_intern_inplace(&s);
    return s;
}

static Obj *items_tuple(const PycObj *o, Diag *d)
{
    Obj *t = tuple_new((Ssize)o->len);
    if (!t)
        return NULL;
    for (uint32_t i = 0; i < o->len; i++) {
        Obj *x = const_from_pyc(o->v.items[i], d);
        if (!x) {
            DECREF(t);
            return NULL;
        }
        TUPLE_ITEMS(t)[i] = x;
    }
    return t;
}

static Obj *const_from_pyc(const PycObj *o, Diag *d)
{
    switch (o->kind) {
    case PYC_NONE: return INCREF(NONE);
    case PYC_TRUE: return INCREF(TRUE_);
    case PYC_FALSE: return INCREF(FALSE_);
    case PYC_ELLIPSIS: return INCREF(ELLIPSIS);
    case PYC_STOPITER: return INCREF(&exc_StopIteration);
    case PYC_INT:
        if (o->v.big.digits)
            return int_from_digits15(o->v.big.digits, (Ssize)o->len, o->v.big.neg != 0);
        return int_from_i64(o->v.i);
    case PYC_FLOAT: return float_from_double(o->v.f);
    case PYC_COMPLEX: return complex_from_doubles(o->v.c.re, o->v.c.im);
    case PYC_BYTES: return bytes_from(o->v.s, (Ssize)o->len);
    case PYC_STR: return str_of(o, (o->flags & PYCF_INTERNED) != 0);
    case PYC_TUPLE: return items_tuple(o, d);
    case PYC_LIST: {
        Obj *t = items_tuple(o, d);
        if (!t)
            return NULL;
        Obj *l = list_from_array(TUPLE_ITEMS(t), TUPLE_LEN(t));
        DECREF(t);
        return l;
    }
    case PYC_SET: case PYC_FROZENSET: {
        Obj *t = items_tuple(o, d);
        if (!t)
            return NULL;
        Obj *s = o->kind == PYC_SET ? set_new(t) : frozenset_new(t);
        DECREF(t);
        return s;
    }
    case PYC_DICT: {
        Obj *dict = dict_new();
        for (uint32_t i = 0; dict && i < o->len; i++) {
            Obj *k = const_from_pyc(o->v.items[2 * i], d);
            Obj *v = k ? const_from_pyc(o->v.items[2 * i + 1], d) : NULL;
            int r = v ? dict_set(dict, k, v) : -1;
            XDECREF(k);
            XDECREF(v);
            if (r < 0)
                CLEAR(dict);
        }
        return dict;
    }
    case PYC_SLICE:
        if (o->len == 3) {
            Obj *t = items_tuple(o, d);
            if (!t)
                return NULL;
            Obj *s = slice_new(TUPLE_ITEMS(t)[0], TUPLE_ITEMS(t)[1], TUPLE_ITEMS(t)[2]);
            DECREF(t);
            return s;
        }
        break;
    case PYC_CODE:
        return code_load(o->v.code, d);
    default:
        break;
    }
    diag_set(d, -1, "unsupported constant (marshal type %u)", o->kind);
    vm_err_set_str(&exc_SystemError, "unsupported constant in code object");
    return NULL;
}

/* ---- the code object ---------------------------------------------------------------- */

static Obj *names_tuple(const PycObj *t)
{
    Obj *r = tuple_new((Ssize)t->len);
    if (!r)
        return NULL;
    for (uint32_t i = 0; i < t->len; i++) {
        Obj *s = str_of(t->v.items[i], true);
        if (!s) {
            DECREF(r);
            return NULL;
        }
        TUPLE_ITEMS(r)[i] = s;
    }
    return r;
}

static Obj *text_or_empty(const PycObj *o)
{
    if (o && (o->kind == PYC_STR || o->kind == PYC_BYTES))
        return str_of(o, true);
    return str_from_cstr("");
}

Obj *code_load(const CodeObj *src, Diag *d)
{
    CodeRtObj *co = (CodeRtObj *)obj_alloc(&code_type, 0);
    if (!co) {
        diag_set(d, -1, "out of memory");
        return NULL;
    }
    arena_init(&co->arena);
    co->src = src;
    co->ver = src->ver;
    if (prepare(co, src, d) < 0) {
        /* A refusal is reported through d; make it an exception too. */
        if (!vm_err_occurred())
            vm_err_set_str(&exc_SystemError, d->msg);
        DECREF(co);
        return NULL;
    }
    co->argcount = src->argcount;
    co->posonlyargcount = src->posonlyargcount;
    co->kwonlyargcount = src->kwonlyargcount;
    co->flags = src->flags;
    co->firstlineno = src->firstlineno;
    co->localspluskinds = arena_memdup(&co->arena, src->localspluskinds,
                                       (size_t)co->nlocalsplus + 1);
    co->nlocals = co->ncells = co->nfrees = 0;
    for (int i = 0; i < co->nlocalsplus; i++) {
        uint8_t k = co->localspluskinds[i];
        if (k & CO_FAST_LOCAL)
            co->nlocals++;
        if (k & CO_FAST_CELL)
            co->ncells++;
        if (k & CO_FAST_FREE)
            co->nfrees++;
    }
    co->names = names_tuple(src->names);
    co->localsplusnames = co->names ? names_tuple(src->localsplusnames) : NULL;
    co->filename = co->localsplusnames ? text_or_empty(src->filename) : NULL;
    co->name = co->filename ? text_or_empty(src->name) : NULL;
    co->qualname = co->name ? (src->qualname ? text_or_empty(src->qualname)
                                             : INCREF(co->name)) : NULL;
    co->consts = co->qualname ? items_tuple(src->consts, d) : NULL;
    if (!co->consts) {
        if (!d->set)
            diag_set(d, -1, "out of memory converting constants");
        DECREF(co);
        return NULL;
    }
    if (vm_code_hook)
        vm_code_hook(co);
    return (Obj *)co;
}

Obj *code_from_pyc(const CodeObj *co)
{
    Diag d;
    diag_clear(&d);
    return code_load(co, &d);
}

int code_verify(const CodeObj *src, Diag *d)
{
    CodeRtObj tmp;
    memset(&tmp, 0, sizeof tmp);
    arena_init(&tmp.arena);
    tmp.src = src;
    tmp.ver = src->ver;
    int r = prepare(&tmp, src, d);
    arena_free(&tmp.arena);
    return r;
}

int32_t code_index_at(const CodeRtObj *co, uint32_t offset)
{
    return decode_index_at(&co->insns, offset);
}

/* ---- code_type ----------------------------------------------------------------------- */

static void code_dealloc(Obj *o)
{
    CodeRtObj *co = (CodeRtObj *)o;
    if (co->weakreflist) weakref_clear_refs(o);
    XDECREF(co->consts);
    XDECREF(co->names);
    XDECREF(co->localsplusnames);
    XDECREF(co->filename);
    XDECREF(co->name);
    XDECREF(co->qualname);
    free(co->breakpoints);
    free(co->gcache);
    free(co->linev);
    arena_free(&co->arena);
    obj_free(o);
}

static Obj *code_repr(Obj *o)
{
    CodeRtObj *co = (CodeRtObj *)o;
    return str_from_fmt("<code object %S at %p, file \"%S\", line %d>", co->name, (void *)o,
                        co->filename, co->firstlineno);
}

/* Names of the localsplus slots whose kind has `mask` (co_varnames …). */
static Obj *names_of_kind(CodeRtObj *co, uint8_t mask)
{
    Ssize n = 0;
    for (int i = 0; i < co->nlocalsplus; i++)
        if (co->localspluskinds[i] & mask)
            n++;
    Obj *t = tuple_new(n);
    if (!t)
        return NULL;
    n = 0;
    for (int i = 0; i < co->nlocalsplus; i++)
        if (co->localspluskinds[i] & mask)
            TUPLE_ITEMS(t)[n++] = INCREF(TUPLE_ITEMS(co->localsplusnames)[i]);
    return t;
}

#define CO(o) ((CodeRtObj *)(o))
static Obj *co_get_name(Obj *o, void *c) { (void)c; return INCREF(CO(o)->name); }
static Obj *co_get_qualname(Obj *o, void *c) { (void)c; return INCREF(CO(o)->qualname); }
static Obj *co_get_filename(Obj *o, void *c) { (void)c; return INCREF(CO(o)->filename); }
static Obj *co_get_consts(Obj *o, void *c) { (void)c; return INCREF(CO(o)->consts); }
static Obj *co_get_names(Obj *o, void *c) { (void)c; return INCREF(CO(o)->names); }
static Obj *co_get_firstlineno(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->firstlineno); }
static Obj *co_get_argcount(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->argcount); }
static Obj *co_get_posonly(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->posonlyargcount); }
static Obj *co_get_kwonly(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->kwonlyargcount); }
static Obj *co_get_nlocals(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->nlocals); }
static Obj *co_get_flags(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->flags); }
static Obj *co_get_stacksize(Obj *o, void *c) { (void)c; return int_from_i64(CO(o)->stacksize); }
static Obj *co_get_varnames(Obj *o, void *c) { (void)c; return names_of_kind(CO(o), CO_FAST_LOCAL); }
static Obj *co_get_cellvars(Obj *o, void *c) { (void)c; return names_of_kind(CO(o), CO_FAST_CELL); }
static Obj *co_get_freevars(Obj *o, void *c) { (void)c; return names_of_kind(CO(o), CO_FAST_FREE); }
static Obj *co_get_code(Obj *o, void *c)
{
    (void)c;
    return bytes_from(CO(o)->src->code, (Ssize)CO(o)->src->codelen);
}
static Obj *co_get_linetable(Obj *o, void *c)
{
    (void)c;
    return bytes_from(CO(o)->src->linetable, (Ssize)CO(o)->src->linetablelen);
}
static Obj *co_get_exctable(Obj *o, void *c)
{
    (void)c;
    return bytes_from(CO(o)->src->exctable, (Ssize)CO(o)->src->exctablelen);
}
#undef CO

static GetSetDef code_getset[] = {
    {"co_name", co_get_name, NULL, NULL, NULL},
    {"co_qualname", co_get_qualname, NULL, NULL, NULL},
    {"co_filename", co_get_filename, NULL, NULL, NULL},
    {"co_consts", co_get_consts, NULL, NULL, NULL},
    {"co_names", co_get_names, NULL, NULL, NULL},
    {"co_firstlineno", co_get_firstlineno, NULL, NULL, NULL},
    {"co_argcount", co_get_argcount, NULL, NULL, NULL},
    {"co_posonlyargcount", co_get_posonly, NULL, NULL, NULL},
    {"co_kwonlyargcount", co_get_kwonly, NULL, NULL, NULL},
    {"co_nlocals", co_get_nlocals, NULL, NULL, NULL},
    {"co_flags", co_get_flags, NULL, NULL, NULL},
    {"co_stacksize", co_get_stacksize, NULL, NULL, NULL},
    {"co_varnames", co_get_varnames, NULL, NULL, NULL},
    {"co_cellvars", co_get_cellvars, NULL, NULL, NULL},
    {"co_freevars", co_get_freevars, NULL, NULL, NULL},
    {"co_code", co_get_code, NULL, NULL, NULL},
    {"co_linetable", co_get_linetable, NULL, NULL, NULL},
    {"co_exceptiontable", co_get_exctable, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj code_type = {
    .base = TYPE_HEAD_INIT,
    .name = "code",
    .basicsize = sizeof(CodeRtObj),
    .dealloc = code_dealloc,
    .repr = code_repr,
    .getattro = obj_generic_getattr,
    .getset = code_getset,
    .weaklistoffset = offsetof(CodeRtObj, weakreflist),
    .doc = "Create a code object.  Not for the faint of heart.",
};

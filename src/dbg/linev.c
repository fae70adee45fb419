/* linev.c — CPython 3.12's sys.settrace 'line' and 'call' events, decided at
 * run time, instruction by instruction.
 *
 * bytecode/lines.c says where an event *can* happen; here the VM's trap hook
 * asks, before instruction i runs with `prev` the one the frame executed
 * before it, whether 3.12's tracing reports an event there.  The rules, as
 * 3.12 implements sys.settrace on top of sys.monitoring, measured against
 * python3.12 (tests/trace.test: `-m trace --trace` of every test program,
 * tests/programs/trace_rules.py for the corner cases below):
 *
 *  - LINE instrumentation (the static part, built once per code object):
 *    from the first RESUME on, the first instruction of each line in
 *    offset order (RESUME, END_FOR, END_SEND and END_ASYNC_FOR never start
 *    one, nor end the line before them; an instruction without a line
 *    ends it), every jump target (a FOR_ITER/SEND exit lands past its
 *    END_FOR/END_SEND; CLEANUP_THROW's JUMP_BACKWARD makes END_SEND one)
 *    and every exception handler except END_ASYNC_FOR, when that
 *    instruction has a line.  With EXTENDED_ARG prefixes the chain's head
 *    is the instruction.
 *  - An instrumented instruction reports its line when the previous
 *    instruction the frame executed had another line, or was RESUME.
 *  - Inline frames: when prev pushed a Python frame in the same eval loop,
 *    CPython left the caller's previous-instruction pointer on prev's last
 *    inline CACHE unit, which has no line, so the next instruction, if
 *    instrumented, reports even on prev's line (`x = f() if c else g()`:
 *    the merge point after g()).  Inline are: a CALL of a Python function
 *    (also a bound method, and a generator function's call) — not
 *    CALL_FUNCTION_EX, not a class; a SEND to a generator or coroutine
 *    that is not running (raising: as above; returning: the pointer moves
 *    by the jump to the code unit just before the target, END_SEND); and,
 *    once the site is specialised, a LOAD_ATTR of a property with a plain
 *    Python getter or through a Python __getattribute__, and a
 *    BINARY_SUBSCR of a Python __getitem__ (site_run models the adaptive
 *    counters that decide when a site is specialised).  FOR_ITER never
 *    runs a generator inline under tracing (it is instrumented, so never
 *    specialised), nor does anything called from C.
 *  - A JUMP_BACKWARD whose target is on its own line reports that line
 *    (legacy tracing's JUMP handler; CPython reports it "after the jump",
 *    with f_lasti at the target, as here); to another line the target's
 *    own instrumentation reports it.  Either way: after a JUMP_BACKWARD,
 *    its target reports when it has a line.  (JUMP_BACKWARD_NO_INTERRUPT,
 *    the `yield from`/`await` loop, has no JUMP event.)
 *  - 'call': RESUME executing (PY_START at a frame's start, PY_RESUME when
 *    a generator or coroutine resumes) and PY_THROW: an exception thrown
 *    into a suspended generator (gen.throw(), gen.close(), also with no
 *    try around the yield: the implicit StopIteration handler catches it)
 *    — the frame's previous instruction is its YIELD_VALUE and the next is
 *    the handler covering it.  (A throw into a generator that never
 *    started runs no instruction, so it reports nothing here.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/linev.h"
#include "pydbg/opcode.h"
#include "pydbg/types.h"

/* One LOAD_ATTR / BINARY_SUBSCR site as 3.12's specialiser sees it (see
 * site_run). */
typedef struct Site {
    const void *key;         /* what the specialisation matches (a type), NULL: none */
    uint16_t value;          /* adaptive counter: generic runs before the next attempt */
    uint8_t backoff;         /* its backoff exponent */
    uint8_t spec;            /* SPEC_* */
    bool last_inline;        /* the site's last run pushed a Python frame inline */
} Site;

enum { SPEC_NONE, SPEC_INLINE, SPEC_OTHER };

/* The per-code table (CodeRtObj.linev), one entry per instruction. */
struct LinevTable {
    uint32_t n;
    Site *site;
    uint8_t *start;          /* LINE-instrumented */
};

/* Head of the EXTENDED_ARG chain that instruction i ends. */
static int32_t chain_head(const CodeRtObj *co, int32_t i)
{
    while (i > 0 && co->insns.v[i - 1].op == OP_EXTENDED_ARG)
        i--;
    return i;
}

static void mark(const CodeRtObj *co, struct LinevTable *t, int32_t i)
{
    if (i < 0 || (uint32_t)i >= co->insns.n)
        return;
    i = chain_head(co, i);
    if (co->code[i].line >= 0)
        t->start[i] = 1;
}

static struct LinevTable *table_build(const CodeRtObj *co)
{
    uint32_t n = co->insns.n;
    size_t m = n ? n : 1;
    struct LinevTable *t = calloc(1, sizeof *t + m * sizeof(Site) + m);
    if (!t)
        return NULL;
    t->n = n;
    t->site = (Site *)(t + 1);
    t->start = (uint8_t *)(t->site + m);
    /* The adaptive counter starts at 1 with backoff 1 (warm-up). */
    for (uint32_t i = 0; i < n; i++) {
        t->site[i].value = 1;
        t->site[i].backoff = 1;
    }
    int32_t from = co->first_traceable;
    /* Line starts in offset order. */
    int32_t cur = -1;
    for (uint32_t i = (uint32_t)from; i < n; i++) {
        uint16_t op = co->insns.v[i].op;
        if (op == OP_RESUME || op == OP_END_FOR || op == OP_END_SEND ||
            op == OP_END_ASYNC_FOR)
            continue;
        int32_t line = co->code[i].line;
        /* An EXTENDED_ARG and the instruction it extends share a line, so
         * only the head of a chain can start one. */
        if (line >= 0 && line != cur)
            t->start[i] = 1;
        cur = line;
    }
    /* Jump targets. */
    for (uint32_t i = (uint32_t)from; i < n; i++) {
        const Insn *in = &co->insns.v[i];
        int32_t tg = in->target_index;
        if (tg < 0)
            continue;
        switch (in->op) {
        case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE:
        case OP_POP_JUMP_IF_NONE: case OP_POP_JUMP_IF_NOT_NONE:
        case OP_JUMP_FORWARD: case OP_JUMP_BACKWARD:
        case OP_JUMP_BACKWARD_NO_INTERRUPT:
            break;
        case OP_FOR_ITER: case OP_SEND:
            tg++;   /* past the END_FOR / END_SEND */
            break;
        default:
            continue;
        }
        mark(co, t, tg);
    }
    /* Exception handlers (END_ASYNC_FOR ends an `async for`, no event). */
    for (uint32_t h = 0; h < co->nexc; h++) {
        int32_t tg = co->handlers[h].target;
        if (tg >= 0 && (uint32_t)tg < n && co->insns.v[tg].op != OP_END_ASYNC_FOR)
            mark(co, t, tg);
    }
    for (int32_t i = 0; i < from && (uint32_t)i < n; i++)
        t->start[i] = 0;
    return t;
}

static struct LinevTable *table_of(CodeRtObj *co)
{
    if (!co->linev)
        co->linev = table_build(co);
    return co->linev;
}

/* ---- inline frames behind LOAD_ATTR and BINARY_SUBSCR ---------------------
 * Specialised, 3.12 runs a property getter (LOAD_ATTR_PROPERTY), a Python
 * __getattribute__ (LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN) and a Python
 * __getitem__ (BINARY_SUBSCR_GETITEM) inline, which leaves the same "no
 * line" previous instruction as a CALL.  Whether a run is specialised
 * follows the site's adaptive counter: it starts at 1 (backoff 1); a
 * generic run at 0 specialises for the operand of that run (success: the
 * counter cools down to 52, and the run is already specialised; failure:
 * backoff+1, counter 2^backoff-1, and the run counts as a generic one), a
 * generic run above 0 counts it down; a specialised run whose operand does
 * not match runs the generic instruction.  A LINE-instrumented instruction
 * never specialises.  A property or __getattribute__ specialisation matches
 * the owner's type; a __getitem__ one any type some site specialised for.
 * The model watches every instruction before it runs: it is exact when
 * linev_line_event sees every instruction from the program's start
 * (VM_TRAP_ALL), and approximate otherwise. */

#define COOLDOWN 52
#define MAX_BACKOFF 12

/* Types whose __getitem__ some site specialised for (CPython caches the
 * function in the heap type).  Plain pointers: a type is never used here
 * after it is gone except by address, and a reused address only makes a
 * run "inline" that CPython runs generically. */
static const void **getitem_cached;
static size_t ngetitem_cached, getitem_cap;

static bool getitem_is_cached(const void *type)
{
    for (size_t k = 0; k < ngetitem_cached; k++)
        if (getitem_cached[k] == type)
            return true;
    return false;
}

static void getitem_cache_add(const void *type)
{
    if (getitem_is_cached(type))
        return;
    if (ngetitem_cached == getitem_cap) {
        size_t cap = getitem_cap ? 2 * getitem_cap : 16;
        const void **v = realloc(getitem_cached, cap * sizeof *v);
        if (!v)
            return;
        getitem_cached = v;
        getitem_cap = cap;
    }
    getitem_cached[ngetitem_cached++] = type;
}

/* A function CPython's specialiser pushes inline: optimized, no *args,
 * **kwargs or keyword-only parameters, exactly argcount parameters. */
static bool simple_function(Obj *fn, int argcount)
{
    if (!fn || !IS_TYPE(fn, function_type))
        return false;
    const CodeRtObj *c = (const CodeRtObj *)((FuncObj *)fn)->code;
    return (c->flags & CO_OPTIMIZED) && !(c->flags & (CO_VARARGS | CO_VARKEYWORDS)) &&
           c->kwonlyargcount == 0 && c->argcount == argcount;
}

/* What one run of a site would specialise into: ikey non-NULL for an
 * inline kind, else okey non-NULL for another successful one. */
typedef struct Operand { const void *ikey, *okey; } Operand;

/* LOAD_ATTR of name on owner (method: the method-call form). */
static Operand attr_operand(Obj *owner, Obj *name, bool method)
{
    Operand o = {NULL, NULL};
    if (TYPE_CHECK(owner) || IS_TYPE(owner, module_type)) {
        o.okey = owner;     /* class and module attributes */
        return o;
    }
    TypeObj *t = OBJ_TYPE(owner);
    Obj *ga = type_lookup(t, id_str("__getattribute__"));
    bool has_getattr = type_lookup(t, id_str("__getattr__")) != NULL;
    if (ga && ga != type_lookup(&object_type, id_str("__getattribute__"))) {
        if (!has_getattr && simple_function(ga, 2))
            o.ikey = t;
        return o;           /* anything else with its own __getattribute__ fails */
    }
    if (has_getattr)
        return o;           /* "too complicated": fails */
    o.okey = t;
    Obj *d = method ? NULL : type_lookup(t, name);
    if (d && IS_TYPE(d, property_type)) {
        o.okey = NULL;
        Obj *fget = obj_getattr_str(d, "fget");
        if (!fget)
            vm_err_clear();
        else if (simple_function(fget, 1))
            o.ikey = t;
        XDECREF(fget);
    }
    return o;
}

/* BINARY_SUBSCR of container[sub]. */
static Operand subscr_operand(Obj *container, Obj *sub)
{
    Operand o = {NULL, NULL};
    TypeObj *t = OBJ_TYPE(container);
    if (t == &dict_type) {
        o.okey = t;
    } else if (t == &list_type || t == &tuple_type) {
        int64_t k;
        if (IS_TYPE(sub, int_type)) {
            if (int_as_i64(sub, &k) < 0)
                vm_err_clear();
            else if (k >= 0 && k < (1 << 30))   /* a "compact" int */
                o.okey = t;
        }
    } else if (t->flags & TPF_HEAPTYPE) {
        if (simple_function(type_lookup(t, id_str("__getitem__")), 2))
            o.ikey = t;
    }
    return o;
}

/* One run of a site: does it push a Python frame inline? */
static bool site_run(Site *s, bool subscr, Operand o)
{
    if (s->spec == SPEC_INLINE &&
        (subscr ? o.ikey && getitem_is_cached(o.ikey) : o.ikey && o.ikey == s->key))
        return true;
    if (s->spec == SPEC_OTHER && o.okey && o.okey == s->key)
        return false;
    /* The generic instruction (never specialised, or a miss). */
    if (s->value > 0) {
        s->value--;
        return false;
    }
    if (o.ikey || o.okey) {
        s->spec = o.ikey ? SPEC_INLINE : SPEC_OTHER;
        s->key = o.ikey ? o.ikey : o.okey;
        s->value = COOLDOWN;
        s->backoff = 0;
        if (o.ikey && subscr)
            getitem_cache_add(o.ikey);
        return o.ikey != NULL;
    }
    s->spec = SPEC_NONE;
    s->key = NULL;
    if (s->backoff < MAX_BACKOFF)
        s->backoff++;
    s->value = (uint16_t)((1u << s->backoff) - 2);   /* the retry counts one run */
    return false;
}

/* Instruction i of f is about to run: advance its site's model. */
static void site_observe(const CodeRtObj *co, struct LinevTable *t, Frame *f, int32_t i)
{
    uint16_t op = co->insns.v[i].op;
    if (op != OP_LOAD_ATTR && op != OP_BINARY_SUBSCR)
        return;
    Site *s = &t->site[i];
    s->last_inline = false;
    Ssize depth = frame_stack_depth(f);
    if (t->start[i] || depth < (op == OP_LOAD_ATTR ? 1 : 2))
        return;             /* LINE-instrumented: never specialises */
    Operand o;
    if (op == OP_LOAD_ATTR) {
        int32_t arg = co->insns.v[i].arg;
        if (arg < 0 || (arg >> 1) >= TUPLE_LEN(co->names))
            return;
        o = attr_operand(f->sp[-1], TUPLE_ITEMS(co->names)[arg >> 1], arg & 1);
    } else {
        o = subscr_operand(f->sp[-2], f->sp[-1]);
    }
    s->last_inline = site_run(s, op == OP_BINARY_SUBSCR, o);
}

bool linev_is_start(CodeRtObj *co, int32_t i)
{
    const struct LinevTable *t = table_of(co);
    return t && i >= 0 && (uint32_t)i < t->n && t->start[i];
}

bool linev_needs_hook(CodeRtObj *co, int32_t i)
{
    const struct LinevTable *t = table_of(co);
    if (!t || i < 0 || (uint32_t)i >= t->n)
        return false;
    uint16_t op = co->insns.v[i].op;
    return t->start[i] || op == OP_LOAD_ATTR || op == OP_BINARY_SUBSCR;
}

bool linev_line_event(Frame *f, int32_t prev, int32_t i, int *line)
{
    CodeRtObj *co = f->code;
    *line = -1;
    if (i < 0 || (uint32_t)i >= co->insns.n)
        return false;
    struct LinevTable *t = table_of(co);
    if (!t)
        return false;
    site_observe(co, t, f, i);
    int32_t l = co->code[i].line;
    if (l < 0)
        return false;
    if (prev >= 0 && (uint32_t)prev < co->insns.n) {
        uint16_t pop = co->insns.v[prev].op;
        if (pop == OP_JUMP_BACKWARD && co->insns.v[prev].target_index == i) {
            *line = l;
            return true;
        }
    }
    if (!t->start[i])
        return false;
    if (prev >= 0 && (uint32_t)prev < co->insns.n) {
        uint16_t pop = co->insns.v[prev].op;
        int32_t pline = co->code[prev].line;
        /* After an inline frame the previous instruction is the last CACHE
         * unit of prev, which has no line: always "another line". */
        bool unknown = (f->inline_call && pop == OP_CALL) || t->site[prev].last_inline;
        if (f->inline_call && pop == OP_SEND) {
            /* A generator SEND ran inline: raising, it leaves its CACHE unit;
             * returning, 3.12 moves the previous instruction by the jump
             * (return_offset) to the code unit just before the target. */
            if (i != co->insns.v[prev].target_index)
                unknown = true;
            else if (i > 0 && co->insns.v[i - 1].ncache == 0)
                pop = co->insns.v[i - 1].op, pline = co->code[i - 1].line;
            else
                unknown = true;
        }
        if (!unknown && pop != OP_RESUME && pline == l)
            return false;
    }
    *line = l;
    return true;
}

bool linev_call_event(Frame *f, int32_t prev, int32_t i)
{
    CodeRtObj *co = f->code;
    if (i < 0 || (uint32_t)i >= co->insns.n)
        return false;
    if (co->insns.v[i].op == OP_RESUME)
        return true;
    /* Thrown into at a yield: execution continues at the handler covering
     * the YIELD_VALUE instead of the RESUME after it.  (A RERAISE restores
     * the frame's previous instruction to the YIELD_VALUE too, but lands in
     * an outer handler.) */
    if (prev < 0 || (uint32_t)prev >= co->insns.n || co->insns.v[prev].op != OP_YIELD_VALUE)
        return false;
    for (uint32_t h = 0; h < co->nexc; h++) {
        const VmHandler *hd = &co->handlers[h];
        if (prev >= hd->start && prev < hd->end)
            return hd->target == i;
    }
    return false;
}

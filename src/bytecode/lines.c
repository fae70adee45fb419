/* lines.c — where each version's sys.settrace can report a 'line' event.
 *
 * The debugger's `step` stops exactly where tracing would; this file marks,
 * per code object, every instruction at which that version's tracing *can*
 * report a line event (a sound over-approximation of the dynamic rule: a
 * point whose condition depends on the path taken is marked when some path
 * can satisfy it).  The rules, measured on the real interpreters (see
 * tests/events.test and the .trace fixtures):
 *
 *  - ≤3.9: the start of each line range of co_lnotab (an entry with a
 *    non-zero line increment, and offset 0) and every instruction reached by
 *    a backward jump (f_lasti below the previous instruction); 3.8 also
 *    returns backwards from a finally block to the instruction after its
 *    CALL_FINALLY; 3.9 traces an exception handler it unwinds to unless the
 *    raising instruction began its line (so: every handler).
 *  - 3.10/3.11: an instruction with a line whose line differs from the one
 *    executed just before (fall-through, jump or exception source), or that
 *    is reached by a backward jump; 3.11 never traces RESUME or anything
 *    before the first RESUME, treats the first instruction after it as a new
 *    line, and does not count the backward jump of a `yield from`/`await`
 *    loop into SEND.
 *  - 3.12+: sys.monitoring's LINE instrumentation: the first instruction of
 *    each line after the first RESUME (RESUME, END_FOR, END_SEND and
 *    END_ASYNC_FOR never start one), every jump target (FOR_ITER/SEND land
 *    past their END_FOR/END_SEND) and every exception handler, when that
 *    instruction has a line; an instrumented instruction reports only when
 *    the previous one had another line or was RESUME, so a jump target
 *    reached only from its own line (forwards) is left out (3.12: after an
 *    instruction with caches the previous line is unknown: see below).  A backward jump that stays on its line
 *    reports an event too: at the target on 3.12, at the JUMP_BACKWARD
 *    itself on 3.13+.
 *
 * Invariant: an EXTENDED_ARG prefix and the instruction it extends run as one
 * step in every version's tracing, so only the first instruction of such a
 * chain is ever marked.
 */
#include "config.h"

#include <string.h>

#include "pydbg/decode.h"
#include "pydbg/exctable.h"

int32_t lines_event_line(const LineTable *lt, const Insn *in)
{
    return linetable_line_at(lt, in->offset);
}

/* Can control pass from this instruction to the next one in offset order? */
static int falls_through(const Insn *in)
{
    switch (in->op) {
    case OP_JUMP_FORWARD: case OP_JUMP_ABSOLUTE: case OP_JUMP_BACKWARD:
    case OP_JUMP_BACKWARD_NO_INTERRUPT: case OP_RETURN_VALUE:
    case OP_RETURN_CONST: case OP_RAISE_VARARGS: case OP_RERAISE:
        return 0;
    default:
        return 1;
    }
}

/* Index of the head of the EXTENDED_ARG chain that instruction i ends. */
static uint32_t head_of(const InsnArray *ia, uint32_t i)
{
    while (i > 0 && ia->v[i - 1].op == OP_EXTENDED_ARG)
        i--;
    return i;
}

/* Mark instruction i (moved to its chain head) when it has a line. */
static void mark(const InsnArray *ia, const LineTable *lt, uint8_t *f,
                 uint32_t i)
{
    i = head_of(ia, i);
    if (lines_event_line(lt, &ia->v[i]) >= 0)
        f[i] = 1;
}

static int32_t first_resume(const InsnArray *ia)
{
    for (uint32_t i = 0; i < ia->n; i++)
        if (ia->v[i].op == OP_RESUME)
            return (int32_t)i;
    return -1;
}

static int handler_targets(const CodeObj *co, const InsnArray *ia,
                           const LineTable *lt, Arena *a, uint8_t *f, Diag *d)
{
    ExcEntry *ex;
    uint32_t nex;
    if (exctable_decode(co, a, &ex, &nex, d) < 0)
        return -1;
    for (uint32_t k = 0; k < nex; k++) {
        int32_t t = decode_index_at(ia, ex[k].target);
        if (t >= 0)
            mark(ia, lt, f, (uint32_t)t);
    }
    return 0;
}

/* ≤3.9: lnotab line starts and backward-jump targets. */
static void rules_lnotab(const CodeObj *co, const InsnArray *ia,
                         const LineTable *lt, uint8_t *f)
{
    if (ia->n)
        mark(ia, lt, f, 0);
    uint32_t addr = 0;
    for (uint32_t k = 0; k + 1 < co->linetablelen; k += 2) {
        addr += co->linetable[k];
        if (co->linetable[k + 1] == 0)
            continue;   /* a pure address step does not start a range */
        int32_t i = decode_index_at(ia, addr);
        if (i >= 0)
            mark(ia, lt, f, (uint32_t)i);
    }
    for (uint32_t i = 0; i < ia->n; i++) {
        const Insn *in = &ia->v[i];
        if (in->target_index >= 0 && (uint32_t)in->target <= in->offset)
            mark(ia, lt, f, (uint32_t)in->target_index);
        /* 3.9: unwinding to a handler resets the previous offset to "past
         * the end" unless the raising instruction started its line, so
         * handlers are traced as if reached backwards. */
        if (co->ver == PYV(3, 9) && in->target_index >= 0 &&
            (in->op == OP_SETUP_FINALLY || in->op == OP_SETUP_WITH ||
             in->op == OP_SETUP_ASYNC_WITH))
            mark(ia, lt, f, (uint32_t)in->target_index);
        /* 3.8: END_FINALLY/POP_FINALLY return to after CALL_FINALLY. */
        if (in->op == OP_CALL_FINALLY && i + 1 < ia->n)
            mark(ia, lt, f, i + 1);
    }
}

/* 3.10 and 3.11: new line compared with the previous instruction, or a
 * backward jump. */
static int rules_lastline(const CodeObj *co, const InsnArray *ia,
                          const LineTable *lt, Arena *a, uint8_t *f, Diag *d)
{
    int v311 = co->ver >= PYV(3, 11);
    int32_t first = v311 ? first_resume(ia) : -1;
    uint32_t from = first >= 0 ? (uint32_t)first + 1 : 0;
    if (from < ia->n)
        mark(ia, lt, f, from);   /* nothing traced before: always new */
    for (uint32_t i = from + 1; i < ia->n; i++) {
        const Insn *p = &ia->v[i - 1];
        if (p->op == OP_EXTENDED_ARG || !falls_through(p))
            continue;
        if (lines_event_line(lt, &ia->v[head_of(ia, i - 1)]) !=
            lines_event_line(lt, &ia->v[i]))
            mark(ia, lt, f, i);
    }
    for (uint32_t i = from; i < ia->n; i++) {
        const Insn *in = &ia->v[i];
        if (in->target_index < 0 || in->target_index < (int32_t)from)
            continue;
        const Insn *t = &ia->v[in->target_index];
        int setup = in->op == OP_SETUP_FINALLY || in->op == OP_SETUP_WITH ||
                    in->op == OP_SETUP_ASYNC_WITH;
        int back = t->offset <= in->offset && !(v311 && t->op == OP_SEND);
        if (setup || back ||
            lines_event_line(lt, &ia->v[head_of(ia, i)]) !=
                lines_event_line(lt, t))
            mark(ia, lt, f, (uint32_t)in->target_index);
    }
    if (!v311)
        return 0;
    if (handler_targets(co, ia, lt, a, f, d) < 0)
        return -1;
    for (uint32_t i = 0; i < ia->n && i <= (uint32_t)(first < 0 ? 0 : first); i++)
        f[i] = 0;
    for (uint32_t i = 0; i < ia->n; i++)
        if (ia->v[i].op == OP_RESUME)
            f[i] = 0;
    return 0;
}

/* 3.12+: sys.monitoring LINE instrumentation. */
static int rules_monitoring(const CodeObj *co, const InsnArray *ia,
                            const LineTable *lt, Arena *a, uint8_t *f,
                            Diag *d)
{
    int32_t first = first_resume(ia);
    uint32_t from = first >= 0 ? (uint32_t)first : 0;
    int32_t cur = -1;
    for (uint32_t i = from; i < ia->n; i++) {
        const Insn *in = &ia->v[i];
        if (in->op == OP_RESUME || in->op == OP_END_FOR ||
            in->op == OP_END_SEND || in->op == OP_END_ASYNC_FOR)
            continue;   /* never starts a line; does not end one either */
        int32_t line = lines_event_line(lt, in);
        if (line >= 0 && line != cur)
            mark(ia, lt, f, i);
        cur = line;
    }
    for (uint32_t i = from; i < ia->n; i++) {
        const Insn *in = &ia->v[i];
        if (in->target_index < 0)
            continue;
        uint32_t t = (uint32_t)in->target_index;
        /* FOR_ITER/SEND exits skip the END_FOR/END_SEND they jump to; any
         * other jump there (CLEANUP_THROW's JUMP_BACKWARD to END_SEND) lands
         * on it, and the instrumentation counts it as a jump target. */
        if ((in->op == OP_FOR_ITER || in->op == OP_SEND) &&
            (ia->v[t].op == OP_END_FOR || ia->v[t].op == OP_END_SEND) &&
            t + 1 < ia->n)
            t++;
        if (t < from)
            continue;
        /* Instrumented, but the event fires only when the line changes
         * (from the jump, or from the instruction falling into t) or, on
         * 3.12, for a backward jump within the line. */
        int32_t tl = lines_event_line(lt, &ia->v[t]);
        const Insn *p = t > 0 ? &ia->v[t - 1] : NULL;
        /* 3.12: an instruction that pushed a Python frame (CALL, SEND,
         * FOR_ITER, ... all have caches) leaves the caller's previous
         * instruction on its last CACHE unit, which has no line. */
        int v312 = co->ver == PYV(3, 12);
        if (tl != lines_event_line(lt, &ia->v[head_of(ia, i)]) ||
            (v312 && (ia->v[t].offset <= in->offset || in->ncache)) ||
            (p && falls_through(p) &&
             (p->op == OP_RESUME || (v312 && p->ncache) ||
              lines_event_line(lt, &ia->v[head_of(ia, t - 1)]) != tl)))
            mark(ia, lt, f, t);
    }
    /* 3.13+: a backward jump within one line reports its event before
     * jumping, at the JUMP_BACKWARD itself (3.12: at the target). */
    if (co->ver >= PYV(3, 13))
        for (uint32_t i = from; i < ia->n; i++) {
            const Insn *in = &ia->v[i];
            if (in->op == OP_JUMP_BACKWARD && in->target_index >= 0 &&
                lines_event_line(lt, &ia->v[in->target_index]) ==
                    lines_event_line(lt, &ia->v[head_of(ia, i)]))
                mark(ia, lt, f, i);
        }
    if (handler_targets(co, ia, lt, a, f, d) < 0)
        return -1;
    for (uint32_t i = 0; i < from && i < ia->n; i++)
        f[i] = 0;
    return 0;
}

int lines_event_points(const CodeObj *co, const InsnArray *ia,
                       const LineTable *lt, Arena *a, uint8_t **out, Diag *d)
{
    uint8_t *f = arena_alloc(a, ia->n ? ia->n : 1);
    memset(f, 0, ia->n ? ia->n : 1);
    *out = f;
    if (co->ver <= PYV(3, 9)) {
        rules_lnotab(co, ia, lt, f);
        return 0;
    }
    if (co->ver <= PYV(3, 11))
        return rules_lastline(co, ia, lt, a, f, d);
    return rules_monitoring(co, ia, lt, a, f, d);
}

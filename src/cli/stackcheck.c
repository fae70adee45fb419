/* stackcheck.c — `--check-stack[=TABLE] FILE.pyc [ARG]...`: run a program as
 * --run does while holding the VM's value stack to CPython's discipline.
 *
 * The debugger shows the value stack at every instruction, so that stack
 * must be the one CPython 3.12 has there.  This hidden test mode runs the
 * program with the trap hook at every instruction and checks, for each
 * instruction a frame executes, that the depth before the frame's next
 * instruction minus the depth before this one is what 3.12's
 * dis.stack_effect(op, arg, jump=taken) says — read from the table
 * tools/gen_stack_effects.py recorded (tests/data/3.12/stack_effects.txt,
 * or $PYDBG_STACK_EFFECTS) — and that no depth ever exceeds co_stacksize.
 *
 * Control transfers that are not an instruction's own effect are recognised
 * and checked by their own rule: entering an exception handler (the depth
 * is the exception table's depth + lasti + the exception, with the
 * exception on top), a new frame (empty stack), a generator's first resume
 * after RETURN_GENERATOR (the frame left; dis counts 0, but the first send
 * pushes its value: depth + 1).  A resumed YIELD_VALUE is checked like any
 * instruction (the yielded value out, the sent value in: effect 0).
 * Returns are checked in the return hook.  A few NULL rules CPython's
 * layout implies are checked too (PUSH_NULL pushes a
 * NULL; LOAD_GLOBAL's NULL lies below the global; a CALL's callable or self
 * slot and its arguments are objects; the top `effect` items an instruction
 * with a positive effect leaves are objects, save PUSH_NULL and
 * LOAD_FAST_AND_CLEAR; the method forms of LOAD_ATTR / LOAD_SUPER_ATTR
 * leave (method, self) with self the object they looked in, or (NULL, attr)).
 *
 * Program stdout is untouched; findings and the closing summary go to
 * stderr after the program's own output.  Exit status: the program's, or 1
 * when any check failed, 2 for a bad FILE or TABLE.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "src/cli/cli.h"

/* ---- the stack-effect table -------------------------------------------------- */

enum { RULE_NONE = 0, RULE_CONST, RULE_FIELDS, RULE_TABLE, RULE_INVALID };

#define MAX_FIELDS 8

typedef struct EffectRule {
    uint8_t kind;            /* RULE_* (noarg and const are both RULE_CONST) */
    uint8_t nfields;
    int64_t base;            /* const value, fields base, table default */
    bool base_invalid;       /* table default is '!' (dis refuses) */
    struct { int shift, width; int64_t mul; } field[MAX_FIELDS];
    int64_t *table;          /* RULE_TABLE: 256 values, INT64_MIN = refused */
} EffectRule;

typedef struct EffectTable {
    char *name[256];         /* opcode number -> NAME as the file spells it */
    EffectRule rule[256][2]; /* [opcode][jump taken] */
} EffectTable;

static EffectTable tab;

/* dis.stack_effect(op, arg, jump) from the table; false when the table has
 * no value for it. */
static bool effect_of(int opcode, int64_t arg, bool jump, int64_t *out)
{
    const EffectRule *r = &tab.rule[opcode & 0xff][jump];
    switch (r->kind) {
    case RULE_CONST:
        *out = r->base;
        return true;
    case RULE_FIELDS: {
        int64_t v = r->base;
        for (int i = 0; i < r->nfields; i++) {
            int64_t x = arg >> r->field[i].shift;
            if (r->field[i].width)
                x &= ((int64_t)1 << r->field[i].width) - 1;
            v += r->field[i].mul * x;
        }
        *out = v;
        return true;
    }
    case RULE_TABLE:
        if (arg >= 0 && arg < 256) {
            if (r->table[arg] == INT64_MIN)
                return false;
            *out = r->table[arg];
            return true;
        }
        *out = r->base;
        return !r->base_invalid;
    default:
        return false;
    }
}

static int table_error(const char *path, int lineno, const char *what)
{
    fprintf(stderr, "pydbg: %s:%d: bad stack-effect table: %s\n", path, lineno, what);
    return -1;
}

/* One value: a decimal number, or '!' (dis refuses) when bang_ok. */
static bool parse_value(const char *s, int64_t *v, bool *bang)
{
    if (bang)
        *bang = false;
    if (bang && strcmp(s, "!") == 0) {
        *bang = true;
        *v = INT64_MIN;
        return true;
    }
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (end == s || *end || errno)
        return false;
    *v = x;
    return true;
}

/* Parse RULE words w[0..n) into r. */
static const char *parse_rule(char **w, int n, EffectRule *r)
{
    memset(r, 0, sizeof *r);
    if (strcmp(w[0], "invalid") == 0) {
        r->kind = RULE_INVALID;
        return n == 1 ? NULL : "'invalid' takes nothing";
    }
    if (strcmp(w[0], "noarg") == 0 || strcmp(w[0], "const") == 0) {
        r->kind = RULE_CONST;
        if (n != 2 || !parse_value(w[1], &r->base, NULL))
            return "const/noarg needs one number";
        return NULL;
    }
    if (strcmp(w[0], "fields") == 0) {
        r->kind = RULE_FIELDS;
        if (n < 2 || !parse_value(w[1], &r->base, NULL))
            return "fields needs a base";
        if (n - 2 > MAX_FIELDS)
            return "too many fields";
        for (int i = 2; i < n; i++) {
            int shift, width, used = 0;
            long long mul;
            if (sscanf(w[i], "%d:%d:%lld%n", &shift, &width, &mul, &used) != 3 ||
                w[i][used] || shift < 0 || shift > 31 || width < 0 || width > 32)
                return "a field is not SHIFT:WIDTH:MUL";
            r->field[r->nfields].shift = shift;
            r->field[r->nfields].width = width;
            r->field[r->nfields].mul = mul;
            r->nfields++;
        }
        return NULL;
    }
    if (strcmp(w[0], "table") == 0) {
        r->kind = RULE_TABLE;
        if (n < 2 || !parse_value(w[1], &r->base, &r->base_invalid))
            return "table needs a default";
        r->table = xmalloc(256 * sizeof *r->table);
        for (int a = 0; a < 256; a++)
            r->table[a] = r->base_invalid ? INT64_MIN : r->base;
        for (int i = 2; i < n; i++) {
            char *colon = strchr(w[i], ':');
            int64_t arg, v;
            bool bang;
            if (!colon)
                return "a table entry is not ARG:VALUE";
            *colon = 0;
            if (!parse_value(w[i], &arg, NULL) || arg < 0 || arg > 255 ||
                !parse_value(colon + 1, &v, &bang))
                return "a table entry is not ARG:VALUE with ARG 0..255";
            r->table[arg] = v;
        }
        return NULL;
    }
    return "unknown rule";
}

static int table_load(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "pydbg: %s: cannot open the stack-effect table: %s\n", path,
                strerror(errno));
        return -1;
    }
    char line[4096];
    int lineno = 0, rc = 0, nrules = 0;
    while (rc == 0 && fgets(line, sizeof line, fp)) {
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = 0;
        else if (!feof(fp)) {
            rc = table_error(path, lineno, "line too long");
            break;
        }
        if (line[0] == '#' || line[0] == 0)
            continue;
        char *w[4 + MAX_FIELDS + 260];
        int n = 0;
        for (char *t = strtok(line, " "); t; t = strtok(NULL, " ")) {
            if (n == (int)(sizeof w / sizeof w[0])) {
                rc = table_error(path, lineno, "too many words");
                break;
            }
            w[n++] = t;
        }
        if (rc)
            break;
        int64_t op;
        if (n < 4 || !parse_value(w[1], &op, NULL) || op < 0 || op > 1000) {
            rc = table_error(path, lineno, "expected NAME OPCODE KIND RULE");
            break;
        }
        int jump;
        if (strcmp(w[2], "nojump") == 0)
            jump = 0;
        else if (strcmp(w[2], "jump") == 0)
            jump = 1;
        else if (strcmp(w[2], "plain") == 0)
            jump = -1;
        else {
            rc = table_error(path, lineno, "KIND must be nojump, jump or plain");
            break;
        }
        EffectRule r;
        const char *why = parse_rule(w + 3, n - 3, &r);
        if (why) {
            free(r.table);
            rc = table_error(path, lineno, why);
            break;
        }
        /* Pseudo opcodes (256 and up) never occur in bytecode; the plain
         * value (jump=None) is not needed: the check knows which way it went. */
        if (op > 255 || jump < 0) {
            free(r.table);
            continue;
        }
        if (tab.name[op] && strcmp(tab.name[op], w[0]) != 0) {
            free(r.table);
            rc = table_error(path, lineno, "two names for one opcode");
            break;
        }
        if (!tab.name[op])
            tab.name[op] = xstrdup(w[0]);
        free(tab.rule[op][jump].table);
        tab.rule[op][jump] = r;
        nrules++;
    }
    if (rc == 0 && ferror(fp))
        rc = table_error(path, lineno, "read error");
    fclose(fp);
    if (rc == 0 && nrules == 0)
        rc = table_error(path, lineno, "no rules");
    if (rc)
        return rc;
    /* The table must speak of the same opcodes pydbg decodes as 3.12. */
    const OpTable *ot = opcode_table(PYV(3, 12));
    for (int op = 0; op < 256; op++) {
        const OpInfo *oi = ot ? ot->by_number[op] : NULL;
        if (!oi || oi->id == OP_CACHE)
            continue;
        if (!tab.name[op] || strcmp(tab.name[op], oi->name) != 0) {
            fprintf(stderr, "pydbg: %s: bad stack-effect table: opcode %d is %s in 3.12, "
                    "the table has %s\n", path, op, oi->name, tab.name[op] ? tab.name[op] : "nothing");
            return -1;
        }
    }
    return 0;
}

/* ---- per-frame state ------------------------------------------------------------ */

/* What the check remembers about a frame between two of its instructions.
 * Keyed by the Frame's address: a new frame at a reused address announces
 * itself with prev == -1 and starts afresh. */
typedef struct FState {
    const Frame *f;
    int32_t insn;            /* instruction about to run at the last trap, -1: none */
    int64_t depth;           /* the depth then */
    const Obj *owner;        /* LOAD_ATTR / LOAD_SUPER_ATTR method form: the
                                object (self) on top before it, compared by
                                address only */
} FState;

static FState *fmap;
static size_t fmap_cap, fmap_used;

static size_t ptr_hash(const void *p, size_t cap)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    return (size_t)x & (cap - 1);
}

static FState *fstate(const Frame *f)
{
    if ((fmap_used + 1) * 2 > fmap_cap) {
        size_t ncap = fmap_cap ? fmap_cap * 2 : 256;
        FState *n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < fmap_cap; i++) {
            if (!fmap[i].f)
                continue;
            size_t j = ptr_hash(fmap[i].f, ncap);
            while (n[j].f)
                j = (j + 1) & (ncap - 1);
            n[j] = fmap[i];
        }
        free(fmap);
        fmap = n;
        fmap_cap = ncap;
    }
    size_t j = ptr_hash(f, fmap_cap);
    while (fmap[j].f && fmap[j].f != f)
        j = (j + 1) & (fmap_cap - 1);
    if (!fmap[j].f) {
        fmap[j].f = f;
        fmap[j].insn = -1;
        fmap_used++;
    }
    return &fmap[j];
}

/* Code objects that executed an instruction (for the summary). */
static const CodeRtObj **cset;
static size_t cset_cap, cset_used;

static void code_seen(const CodeRtObj *co)
{
    if ((cset_used + 1) * 2 > cset_cap) {
        size_t ncap = cset_cap ? cset_cap * 2 : 256;
        const CodeRtObj **n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < cset_cap; i++) {
            if (!cset[i])
                continue;
            size_t j = ptr_hash(cset[i], ncap);
            while (n[j])
                j = (j + 1) & (ncap - 1);
            n[j] = cset[i];
        }
        free(cset);
        cset = n;
        cset_cap = ncap;
    }
    size_t j = ptr_hash(co, cset_cap);
    while (cset[j] && cset[j] != co)
        j = (j + 1) & (cset_cap - 1);
    if (!cset[j]) {
        cset[j] = co;
        cset_used++;
    }
}

/* ---- findings ---------------------------------------------------------------------- */

static const char *prog_path;
static uint64_t n_checked, n_exc, n_resumed, n_unchecked, n_returns, n_failures;
static uint64_t n_reported;
#define MAX_REPORTS 50

/* Report one failed check at instruction k of co (each instruction and
 * kind once, at most MAX_REPORTS lines). */
static void report(const CodeRtObj *co, int32_t k, const char *fmt, ...) PYDBG_PRINTF(3, 4);
static void report(const CodeRtObj *co, int32_t k, const char *fmt, ...)
{
    typedef struct Seen { const CodeRtObj *co; int32_t k; uint32_t h; } Seen;
    static Seen seen[4096];
    static size_t nseen;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint32_t h = 5381;
    for (const char *p = msg; *p && *p != ':'; p++)
        h = h * 33 + (uint8_t)*p;
    for (size_t i = 0; i < nseen; i++)
        if (seen[i].co == co && seen[i].k == k && seen[i].h == h)
            return;
    if (nseen < sizeof seen / sizeof seen[0])
        seen[nseen++] = (Seen){co, k, h};
    n_failures++;
    if (++n_reported > MAX_REPORTS)
        return;
    const Insn *in = &co->insns.v[k];
    fflush(stdout);
    fprintf(stderr, "%s: code %s offset %u %s: %s\n", prog_path, str_utf8_lossy(co->name, NULL),
            in->offset, in->info->name, msg);
}

/* ---- the checks ---------------------------------------------------------------------- */

/* The handler covering instruction k (first match in table order, as the
 * eval loop picks it), or NULL. */
static const VmHandler *handler_at(const CodeRtObj *co, int32_t k)
{
    for (uint32_t h = 0; h < co->nexc; h++)
        if (k >= co->handlers[h].start && k < co->handlers[h].end)
            return &co->handlers[h];
    return NULL;
}

/* Did frame f reach instruction k, depth d, by raising in instruction prev
 * and entering its handler?  Then the stack is the handler's depth, the
 * frame's f_lasti (lasti, as an instruction count) when the entry says so,
 * and the exception on top. */
static bool exception_edge(const Frame *f, int32_t prev, int32_t lasti, int32_t k, int64_t d)
{
    const CodeRtObj *co = f->code;
    const VmHandler *h = handler_at(co, prev);
    if (!h || h->target != k || d != h->depth + 1 + h->lasti)
        return false;
    Obj *top = f->sp[-1];
    if (!top || !EXC_CHECK(top))
        return false;
    if (h->lasti) {
        Obj *li = f->sp[-2];
        int64_t want = lasti >= 0 ? (int64_t)(co->insns.v[lasti].offset / 2) : -1, got;
        if (!li || !INT_CHECK(li) || !int_fits_i64(li) || int_as_i64(li, &got) < 0 ||
            got != want)
            report(co, prev, "its exception handler got lasti %s, CPython pushes %lld",
                   li && INT_CHECK(li) ? "of another instruction" : "that is no int",
                   (long long)want);
    }
    return true;
}

/* NULL rules after instruction prev (executed normally; owner: see FState). */
static void check_nulls_after(const Frame *f, int32_t prev, int64_t effect, const Obj *owner)
{
    const CodeRtObj *co = f->code;
    const VmInsn *vi = &co->code[prev];
    Obj **sp = f->sp;
    switch (vi->op) {
    case OP_PUSH_NULL:
        if (sp[-1])
            report(co, prev, "PUSH_NULL left an object on top, CPython a NULL");
        return;
    case OP_LOAD_FAST_AND_CLEAR:
    case OP_SWAP:
        return;
    case OP_LOAD_ATTR:
    case OP_LOAD_SUPER_ATTR:
        if (!sp[-1])
            report(co, prev, "left NULL on top, CPython the attribute or self");
        else if ((vi->flags & VMF_METHOD) && sp[-2] && sp[-1] != owner)
            report(co, prev, "method form without self on top, CPython pushes (method, self)");
        return;
    case OP_LOAD_GLOBAL:
        if (!sp[-1])
            report(co, prev, "left NULL on top, CPython the global");
        else if ((vi->flags & VMF_PUSH_NULL) && sp[-2])
            report(co, prev, "no NULL below the global, CPython pushes one (oparg & 1)");
        return;
    default:
        /* What it pushed is objects (PUSH_EXC_INFO's previous exception is
         * None when there is none, never NULL). */
        for (int64_t i = 1; i <= effect; i++)
            if (!sp[-i]) {
                report(co, prev, "left NULL in stack slot %lld from the top, CPython an object",
                       (long long)i);
                return;
            }
    }
}

/* NULL rules before instruction k runs. */
static void check_nulls_before(const Frame *f, int32_t k, int64_t d)
{
    const CodeRtObj *co = f->code;
    const VmInsn *vi = &co->code[k];
    Obj **sp = f->sp;
    int64_t n;
    if (vi->op == OP_CALL)
        n = (int64_t)vi->arg + 1;        /* arguments and the callable/self slot */
    else if (vi->op == OP_CALL_FUNCTION_EX)
        n = 2 + (vi->arg & 1);           /* kwargs?, args, callable */
    else
        return;
    if (n > d)
        return;   /* the depth check reports it */
    for (int64_t i = 1; i <= n; i++)
        if (!sp[-i]) {
            report(co, k, "stack slot %lld from the top is NULL, CPython an object",
                   (long long)i);
            return;
        }
}

/* The frame went from instruction prev (depth d0 before it) to instruction
 * k (depth d before it) without leaving. */
static void check_step(const Frame *f, int32_t prev, int32_t lasti, int64_t d0,
                       const Obj *owner, int32_t k, int64_t d)
{
    const CodeRtObj *co = f->code;
    const Insn *in = &co->insns.v[prev];
    if (exception_edge(f, prev, lasti, k, d)) {
        n_exc++;
        return;
    }
    if (in->op == OP_RETURN_GENERATOR) {
        /* The frame left with the generator; its first send pushes the sent
         * value, which dis.stack_effect (0) does not count. */
        if (k != prev + 1 || d != d0 + 1)
            report(co, prev, "the generator started at offset %u with depth %lld -> %lld, "
                   "CPython continues after it with the sent value pushed",
                   co->insns.v[k].offset, (long long)d0, (long long)d);
        else
            n_resumed++;
        return;
    }
    if (lasti != prev) {
        report(co, prev, "f_lasti is offset %u after it, not its own, yet no exception "
               "handler was entered", lasti >= 0 ? co->insns.v[lasti].offset : 0);
        return;
    }
    int32_t fall = prev + 1, jt = in->target_index;
    bool taken;
    int64_t want, extra = 0;
    if (k == fall) {
        taken = false;
    } else if (jt >= 0 && k == jt) {
        taken = true;
    } else if (in->op == OP_FOR_ITER && jt >= 0 && k == jt + 1 &&
               co->insns.v[jt].op == OP_END_FOR) {
        /* 3.12's exhausted FOR_ITER pops the iterator and skips its END_FOR;
         * dis counts the jump as reaching END_FOR, which pops two. */
        taken = true;
        if (!effect_of(co->insns.v[jt].opcode, -1, false, &extra)) {
            report(co, prev, "the table has no stack effect for END_FOR");
            return;
        }
    } else {
        const VmHandler *h = handler_at(co, prev);
        if (h && h->target == k)
            report(co, prev, "depth %lld -> %lld at its exception handler (offset %u), "
                   "the exception table says %lld with the exception on top",
                   (long long)d0, (long long)d, co->insns.v[k].offset,
                   (long long)(h->depth + 1 + h->lasti));
        else
            report(co, prev, "continued at offset %u, neither the next instruction, "
                   "its jump target nor its exception handler", co->insns.v[k].offset);
        return;
    }
    if (!effect_of(in->opcode, in->arg, taken, &want)) {
        report(co, prev, "the table has no stack effect for oparg %d", in->arg);
        return;
    }
    want += extra;
    n_checked++;
    if (d - d0 != want) {
        /* Both ways lead here when the jump targets the next instruction. */
        int64_t other;
        if (k == fall && jt == fall && effect_of(in->opcode, in->arg, true, &other) &&
            d - d0 == other)
            return;
        report(co, prev, "depth %lld -> %lld, dis.stack_effect says %lld%s", (long long)d0,
               (long long)d, (long long)want, taken ? " (jump taken)" : "");
        return;
    }
    check_nulls_after(f, prev, want, owner);
}

static int stack_trap(Frame *f, int32_t prev)
{
    const CodeRtObj *co = f->code;
    int32_t k = f->lasti;
    int64_t d = frame_stack_depth(f);
    code_seen(co);
    if (d < 0 || d > co->stacksize)
        report(co, k, "depth %lld before it exceeds co_stacksize %d", (long long)d,
               co->stacksize);
    FState *s = fstate(f);
    if (prev < 0) {
        if (d != 0)
            report(co, k, "a new frame starts with depth %lld, CPython with 0", (long long)d);
    } else if (s->insn < 0) {
        n_unchecked++;   /* a frame the check did not see before (cannot happen) */
    } else {
        /* prev is the frame's f_lasti: the instruction it executed, except
         * after RERAISE with lasti, which restores the raising
         * instruction's (CPython finds the handler from the RERAISE itself
         * but reports, and pushes as lasti, the restored one). */
        check_step(f, s->insn, prev, s->depth, s->owner, k, d);
    }
    if (d >= 0 && d <= co->stacksize)
        check_nulls_before(f, k, d);
    s->insn = k;
    s->depth = d;
    s->owner = d > 0 ? f->sp[-1] : NULL;
    return 0;
}

/* The frame returns: check RETURN_VALUE / RETURN_CONST's own effect. */
static void stack_return(Frame *f, Obj *retval)
{
    (void)retval;
    FState *s = fstate(f);
    int32_t k = f->lasti;
    if (s->insn == k && k >= 0) {
        const CodeRtObj *co = f->code;
        const Insn *in = &co->insns.v[k];
        int64_t want, d = frame_stack_depth(f);
        if (!effect_of(in->opcode, in->arg, false, &want))
            report(co, k, "the table has no stack effect for oparg %d", in->arg);
        else if (d - s->depth != want)
            report(co, k, "depth %lld -> %lld, dis.stack_effect says %lld",
                   (long long)s->depth, (long long)d, (long long)want);
        else
            n_returns++;
    }
    s->insn = -1;
}

int cli_check_stack(const char *path, const char *table, const CliOptions *o, int argc,
                    char **argv)
{
    if (!table || !*table)
        table = getenv("PYDBG_STACK_EFFECTS");
    if (!table || !*table) {
        fprintf(stderr, "pydbg: %s: --check-stack needs the stack-effect table: "
                "--check-stack=TABLE or PYDBG_STACK_EFFECTS=TABLE "
                "(tests/data/3.12/stack_effects.txt)\n", path);
        return 2;
    }
    if (table_load(table) < 0)
        return 2;
    int status;
    PycFile *f = cli_load_program(path, o, "--check-stack", argc, argv, &status);
    if (!f)
        return status;
    prog_path = path;
    vm_trap_hook = stack_trap;
    vm_return_hook = stack_return;
    vm->trap = VM_TRAP_ALL;
    status = vm_run_main(f);   /* releases the VM at its end */
    pyc_free(f);
    vm_trap_hook = NULL;
    vm_return_hook = NULL;
    fflush(stdout);
    if (n_reported > MAX_REPORTS)
        fprintf(stderr, "%s: ... %llu more findings not shown\n", path,
                (unsigned long long)(n_reported - MAX_REPORTS));
    fprintf(stderr, "pydbg: %s: checked %llu instructions in %zu code objects "
            "(and %llu returns, %llu exception-handler entries, %llu generator starts; "
            "%llu steps not checked): %llu findings\n",
            path, (unsigned long long)n_checked, cset_used, (unsigned long long)n_returns,
            (unsigned long long)n_exc, (unsigned long long)n_resumed,
            (unsigned long long)n_unchecked, (unsigned long long)n_failures);
    return n_failures ? 1 : status;
}

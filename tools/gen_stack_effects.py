#!/usr/bin/env python3
"""gen_stack_effects.py -- write tests/data/3.12/stack_effects.txt.

Run it with CPython 3.12; it prints the table on stdout:

    python3.12 tools/gen_stack_effects.py > tests/data/3.12/stack_effects.txt

The table is what 3.12's own `dis.stack_effect(op, arg, jump=...)` says for
every name in `dis.opmap`, as one compact rule per opcode and jump kind
instead of a row per oparg.  `pydbg --check-stack` (src/cli/stackcheck.c)
loads it and holds the value stack of pydbg's VM to it at every executed
instruction.  Format: see tests/data/README.md.  Every rule is checked here
against dis.stack_effect on every oparg 0..4095, on each power of two (and
its neighbours) up to 2**24 and on a fixed sample of large opargs; a rule
that does not reproduce dis exactly stops the script, so the file never
states anything dis would not.

Invariant: the output depends only on the running interpreter.
"""
import dis
import random
import sys

# Opargs are probed up to 2**24 (BUILD_MAP's effect -2*oparg+1 leaves a C
# int beyond 2**29, where dis refuses the oparg; real code stays far below).
NBITS = 24
MAX_ARG = (1 << NBITS) - 1
TABLE_LIMIT = 256    # a `table` rule lists exceptional opargs below this

KINDS = (("nojump", False), ("jump", True), ("plain", None))


def probe_args():
    args = set(range(0, 4096))
    for k in range(NBITS + 1):
        for d in (-1, 0, 1):
            a = (1 << k) + d
            if 0 <= a <= MAX_ARG:
                args.add(a)
    rnd = random.Random(312)
    for _ in range(4000):
        args.add(rnd.randrange(0, MAX_ARG + 1))
        args.add(rnd.randrange(0, 1 << 16))
    return sorted(args)


def effect(op, arg, jump):
    """dis.stack_effect, or None where dis refuses the (op, arg) pair."""
    try:
        return dis.stack_effect(op, arg, jump=jump)
    except ValueError:
        return None


def bit_weights(values):
    """BASE and the weight of each oparg bit when the effect is
    BASE + sum(weight[k] * bit k of oparg) for every probed oparg (a
    function linear in the oparg's bits: counts, flag bits, byte fields),
    else None."""
    base = values.get(0)
    if base is None:
        return None
    weights = []
    for k in range(NBITS):
        v = values.get(1 << k)
        if v is None:
            return None
        weights.append(v - base)
    for a, v in values.items():
        if base + sum(w for k, w in enumerate(weights) if a >> k & 1) != v:
            return None
    return base, weights


def fields_of(weights):
    """Bit weights as fields SHIFT:WIDTH:MUL, each adding
    MUL * ((oparg >> SHIFT) & (2**WIDTH - 1)); WIDTH 0 takes every bit
    from SHIFT up.  Consecutive bits whose weights double form one field."""
    out = []
    k = 0
    while k < NBITS:
        if weights[k] == 0:
            k += 1
            continue
        start, mul = k, weights[k]
        k += 1
        while k < NBITS and weights[k] == mul << (k - start):
            k += 1
        width = 0 if k == NBITS else k - start
        out.append("%d:%d:%d" % (start, width, mul))
    return out


def fit_table(values):
    """DEFAULT and {arg: value} for the opargs below TABLE_LIMIT that differ
    (None: dis refuses that oparg), or None when an oparg at or above the
    limit differs from DEFAULT."""
    counts = {}
    for v in values.values():
        counts[v] = counts.get(v, 0) + 1
    default = max(counts, key=lambda v: (counts[v], -1 if v is None else -v))
    exceptions = {}
    for a, v in sorted(values.items()):
        if v != default:
            if a >= TABLE_LIMIT:
                return None
            exceptions[a] = v
    return default, exceptions


def eval_rule(rule, arg):
    """What a reader of the file computes from RULE for oparg arg (None:
    no value); the same arithmetic as src/cli/stackcheck.c."""
    w = rule.split()
    if w[0] == "invalid":
        return None
    if w[0] == "const":
        return int(w[1])
    if w[0] == "fields":
        total = int(w[1])
        for f in w[2:]:
            shift, width, mul = (int(x) for x in f.split(":"))
            v = arg >> shift
            if width:
                v &= (1 << width) - 1
            total += mul * v
        return total
    table = dict(x.split(":") for x in w[2:])
    v = table.get(str(arg), w[1])
    return None if v == "!" else int(v)


def fmt_value(v):
    return "!" if v is None else str(v)


def rule_for(op, args, jump):
    values = {a: effect(op, a, jump) for a in args}
    rule = find_rule(op, values, jump)
    for a, v in values.items():
        if eval_rule(rule, a) != v:
            sys.exit("gen_stack_effects: rule '%s' of %s gives %r for oparg %d, dis says %r" %
                     (rule, dis.opname[op], eval_rule(rule, a), a, v))
    return rule


def find_rule(op, values, jump):
    distinct = set(values.values())
    if distinct == {None}:
        return "invalid"
    if len(distinct) == 1:
        return "const %d" % distinct.pop()
    if None not in distinct:
        bits = bit_weights(values)
        if bits:
            base, weights = bits
            return " ".join(["fields", str(base)] + fields_of(weights))
    table = fit_table(values)
    if table is None:
        sys.exit("gen_stack_effects: no rule fits %s (jump=%r)" %
                 (dis.opname[op], jump))
    default, exceptions = table
    return " ".join(["table", fmt_value(default)] +
                    ["%d:%s" % (a, fmt_value(v)) for a, v in sorted(exceptions.items())])


def takes_arg(op):
    """Whether dis.stack_effect wants an oparg for op (it raises ValueError
    when one is given to an op without, and the other way round)."""
    try:
        dis.stack_effect(op)
        return False
    except ValueError:
        return True


def main():
    if sys.version_info[:2] != (3, 12):
        sys.exit("gen_stack_effects: run this with CPython 3.12, not %d.%d" %
                 sys.version_info[:2])
    args = probe_args()
    out = sys.stdout
    out.write("# stack_effects.txt -- dis.stack_effect of CPython %d.%d.%d for every\n"
              "# name in dis.opmap; written by tools/gen_stack_effects.py, do not edit.\n"
              "# NAME OPCODE KIND RULE: KIND nojump|jump|plain (jump=False/True/None);\n"
              "# RULE 'noarg V' | 'const V' | 'fields BASE [SHIFT:WIDTH:MUL]...' |\n"
              "# 'table DEFAULT [ARG:V]...' | 'invalid' (see tests/data/README.md).\n"
              % sys.version_info[:3])
    for name, op in sorted(dis.opmap.items(), key=lambda kv: (kv[1], kv[0])):
        if not takes_arg(op):
            for kind, jump in KINDS:
                out.write("%s %d %s noarg %d\n" % (name, op, kind, dis.stack_effect(op, jump=jump)))
            continue
        for kind, jump in KINDS:
            out.write("%s %d %s %s\n" % (name, op, kind, rule_for(op, args, jump)))


if __name__ == "__main__":
    main()

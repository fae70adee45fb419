#!/usr/bin/env python
"""gen_opcodes.py -- write one version's src/bytecode/op_pyXY.def.

Run it with the interpreter whose opcodes you want (CPython 2.7, 3.6 and
later; 3.14 under Pyodide through tools/run_pyodide.mjs); it prints the
.def file on stdout.  Every value comes from that interpreter's own `opcode`
and `dis` modules, so the tables cannot drift from what `dis` shows.

    pythonX.Y tools/gen_opcodes.py > src/bytecode/op_pyXY.def
    python3 tools/gen_opcodes.py --names src/bytecode/op_py*.def \
        > src/bytecode/opnames.def

Output rows (X-macros, expanded by src/bytecode/opcode.c):

    OPMETA(unit, have_argument, extended_arg, cache)
    OP(IDENT, "NAME", number, has_arg, JUMP, ARGKIND, ncache, "layout",
       se_base, se_mul, sej_base, sej_mul, se_special)
    CMPOP("text")

IDENT is NAME made a C identifier (2.7's "SLICE+1" becomes SLICE_1).

Only opcodes that can occur in a .pyc get a row: specialized, instrumented,
interpreter-internal and compiler pseudo opcodes exist in memory only.
Invariant: this script runs unchanged on Python 2.7 and 3.x, and its output
depends only on the running interpreter (no dates, no paths).
"""
import dis
import opcode
import platform
import re
import sys

# Interpreter-internal opcodes present in opmap but never emitted by the
# compiler: the trampoline that leaves the eval loop, a reserved slot and
# the JIT executor entry.
INTERNAL = ("INTERPRETER_EXIT", "RESERVED", "ENTER_EXECUTOR")

# Opargs at which dis.stack_effect is sampled; wide enough to see the
# bit-field opargs (UNPACK_EX's two bytes, flag bits, the NULL low bit).
SAMPLE_ARGS = list(range(0, 17)) + [31, 32, 63, 64, 127, 128, 255, 256, 257,
                                    511, 512, 1000, 4095, 65535]


def ver():
    return sys.version_info[0] * 100 + sys.version_info[1]


def specialized_names():
    """Names of the adaptive interpreter's specialized opcodes (3.11+)."""
    names = set()
    for attr in ("_specialized_instructions",):
        names.update(getattr(opcode, attr, ()) or ())
    spec = getattr(opcode, "_specializations", None) or {}
    for family in spec.values():
        names.update(family)
    names.update(getattr(opcode, "_specialized_opmap", {}) or {})
    return names


def pyc_opcodes():
    """(name, number) of every opcode that can appear in a pyc, by number."""
    special = specialized_names()
    out = []
    for name, num in opcode.opmap.items():
        if num >= 256:                      # pseudo: compiler-only
            continue
        if name.startswith("INSTRUMENTED_") or name in special:
            continue
        if name in INTERNAL:
            continue
        out.append((num, name))
    out.sort()
    nums = [n for n, _ in out]
    if len(set(nums)) != len(nums):
        raise SystemExit("gen_opcodes: two pyc opcodes share a number")
    return [(name, num) for num, name in out]


def has_arg(num):
    # 3.12+ lists them (3.13/3.14's HAVE_ARGUMENT is off by one); before,
    # every opcode >= HAVE_ARGUMENT takes one.
    hasarg = getattr(opcode, "hasarg", None)
    if hasarg is not None:
        return num in hasarg
    return num >= opcode.HAVE_ARGUMENT


def jump_kind(num):
    if num in opcode.hasjrel:
        # 3.11+ encodes the direction in the opcode; ask dis itself.
        backward = getattr(dis, "_is_backward_jump", None)
        if backward is not None and backward(num):
            return "REL_BACK"
        return "REL_FWD"
    if num in opcode.hasjabs:
        return "ABS"
    return "NONE"


def arg_kind(num):
    if not has_arg(num):
        return "NONE"
    for kind, lst in (("CONST", "hasconst"), ("NAME", "hasname"),
                      ("LOCAL", "haslocal"), ("FREE", "hasfree"),
                      ("COMPARE", "hascompare")):
        if num in getattr(opcode, lst, ()):
            return kind
    return "OTHER"


def cache_info(name, num):
    """(number of inline cache units, "field:units,...") -- 3.11+."""
    entries = getattr(opcode, "_inline_cache_entries", None)
    if entries is None:
        return 0, ""
    if isinstance(entries, dict):       # 3.13+: keyed by name
        n = entries.get(name, 0)
    else:                               # 3.11, 3.12: list by number
        n = entries[num] if num < len(entries) else 0
    fmt = getattr(opcode, "_cache_format", {}).get(name)
    layout = ",".join("%s:%d" % kv for kv in fmt.items()) if fmt else ""
    if fmt and sum(fmt.values()) != n:
        raise SystemExit("gen_opcodes: %s cache layout/size mismatch" % name)
    return n, layout


def effect(num, arg, jump):
    """dis.stack_effect, or None when dis refuses (bad oparg)."""
    try:
        if jump is None:
            if arg is None:
                return dis.stack_effect(num)
            return dis.stack_effect(num, arg)
        if arg is None:
            return dis.stack_effect(num, jump=jump)
        return dis.stack_effect(num, arg, jump=jump)
    except (ValueError, TypeError, OverflowError):
        return None


def fit(samples):
    """(base, mul) when effect == base + mul*oparg for every sample."""
    if not samples:
        return None
    if len(samples) == 1:
        return samples[0][1], 0
    (x0, y0), (x1, y1) = samples[0], samples[1]
    if (y1 - y0) % (x1 - x0):
        return None
    mul = (y1 - y0) // (x1 - x0)
    base = y0 - mul * x0
    for x, y in samples:
        if base + mul * x != y:
            return None
    return base, mul


def stack_effects(num):
    """(se_base, se_mul, sej_base, sej_mul, special, comment)."""
    if not hasattr(dis, "stack_effect"):
        return ("SE_UNKNOWN",) * 4 + (0, "")
    # 3.8+ tells taken and not-taken apart; 3.6/3.7 give the maximum.
    modes = (False, True) if ver() >= 308 else (None, None)
    result, notes, special = [], [], 0
    for jump in modes:
        if has_arg(num):
            samples = [(a, effect(num, a, jump)) for a in SAMPLE_ARGS]
            samples = [(a, e) for a, e in samples if e is not None]
        else:
            e = effect(num, None, jump)
            if e is None:
                e = effect(num, 0, jump)
            samples = [(0, e)] if e is not None else []
        lin = fit(samples)
        if not samples:
            result += ["SE_UNKNOWN", "SE_UNKNOWN"]
        elif lin is None:
            # Not linear: the VM computes it; keep the oparg-0 value and
            # show the samples for the reader.
            special = 1
            result += [samples[0][1], 0]
            notes.append(" ".join("%d=%d" % s for s in samples
                                  if s[0] < 8 or s[0] in (256, 257, 512)))
        else:
            result += list(lin)
    for v in result:
        if v != "SE_UNKNOWN" and not -127 <= v <= 127:
            raise SystemExit("gen_opcodes: stack effect %r out of range" % v)
    comment = ""
    if notes:
        comment = "  /* " + ("; jump: ".join(notes) if len(set(notes)) > 1
                             else notes[0]) + " */"
    return tuple(result) + (special, comment)


def ident(name):
    """C identifier for an opcode name: 2.7's SLICE+1 -> SLICE_1."""
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def interpreter():
    impl = platform.python_implementation()
    where = " under Pyodide" if sys.platform == "emscripten" else ""
    return "%s %s%s" % (impl, platform.python_version(), where)


def emit_version():
    v = ver()
    out = []
    w = out.append
    w("/* op_py%d%d.def -- generated by tools/gen_opcodes.py from %s;"
      % (v // 100, v % 100, interpreter()))
    w(" * do not edit (regenerate with tools/gen_opcodes.sh).")
    w(" * OP(ident, name, number, has_arg, jump, arg_kind, ncache, cache_layout,")
    w(" *    se_base, se_mul, sej_base, sej_mul, se_special)")
    w(" */")
    for m in ("OPMETA(unit, have_argument, extended_arg, cache)",
              "OP(id, name, num, has_arg, jump, kind, ncache, layout, "
              "a, b, c, d, s)",
              "CMPOP(text)"):
        macro = m.split("(")[0]
        w("#ifndef %s\n#define %s\n#endif" % (macro, m))
    cache = opcode.opmap.get("CACHE", 0)
    w("OPMETA(%d, %d, %d, %d)" % (1 if v < 306 else 2, opcode.HAVE_ARGUMENT,
                                  opcode.EXTENDED_ARG, cache))
    for name, num in pyc_opcodes():
        ncache, layout = cache_info(name, num)
        se = stack_effects(num)
        w('OP(%s, "%s", %d, %d, %s, %s, %d, "%s", %s, %s, %s, %s, %d)%s'
          % ((ident(name), name, num, int(has_arg(num)), jump_kind(num), arg_kind(num),
              ncache, layout) + se))
    for text in opcode.cmp_op:
        w('CMPOP("%s")' % text)
    w("#undef OPMETA\n#undef OP\n#undef CMPOP")
    sys.stdout.write("\n".join(out) + "\n")


def emit_names(paths):
    names, spell = set(), {}
    row = re.compile(r'^OP\((\w+), "([^"]+)",')
    for path in paths:
        f = open(path)
        try:
            for line in f:
                m = row.match(line)
                if not m:
                    continue
                names.add(m.group(1))
                if m.group(1) == m.group(2):
                    continue
                if spell.setdefault(m.group(1), m.group(2)) != m.group(2):
                    raise SystemExit("gen_opcodes: %s spelled two ways"
                                     % m.group(1))
        finally:
            f.close()
    if not names:
        raise SystemExit("gen_opcodes: no OP rows in %s" % " ".join(paths))
    out = ["/* opnames.def -- generated by tools/gen_opcodes.py --names from",
           " * the op_py*.def files; do not edit.  The union of the opcode",
           " * names of every supported version, sorted: one OpId each.",
           " * OPSPELL gives the real name where it is no C identifier. */",
           "#ifndef OPSPELL\n#define OPSPELL(ident, name)\n#endif"]
    out += ["OPNAME(%s)" % n for n in sorted(names)]
    out += ['OPSPELL(%s, "%s")' % kv for kv in sorted(spell.items())]
    out += ["#undef OPSPELL"]
    sys.stdout.write("\n".join(out) + "\n")


def main(argv):
    if len(argv) > 1 and argv[1] == "--names":
        emit_names(argv[2:])
    elif len(argv) > 1:
        raise SystemExit("usage: gen_opcodes.py [--names FILE.def...]")
    else:
        emit_version()


if __name__ == "__main__":
    main(sys.argv)

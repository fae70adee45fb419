#!/usr/bin/env python3.12
# gen_inspect_fixture.py - what CPython 3.12 itself shows at chosen stops of
# tests/programs/dbg_sample.py, written in the text formats of the
# debugger's inspection printers (src/cli/inspect.h) to
# tests/data/3.12/dbg_sample.inspect, which tests/unit/test_inspect.c
# compares with pydbg's output at the same stops.
#
# The program is the recorded tests/data/3.12/dbg_sample.pyc (so offsets are
# the file's), executed as __main__ under sys.settrace with per-opcode
# events.  A stop is (co_qualname, f_lasti byte offset, n-th time reached);
# there the tool records:
#   bt        frames up to the module frame: qualname, arguments, line
#   locals / args / cells / freevars
#             values from f_locals; cell and free slots read as the cell
#             objects themselves, to name the functions whose __closure__
#             holds that very cell (gc.get_objects()) and the frames of the
#             chain that own it as a cell variable
#   stack     the frame's value stack, read from the interpreter frame
#             (_PyInterpreterFrame.localsplus[nlocalsplus:][:depth]) with
#             ctypes, the layout checked against id(frame) and
#             id(frame.f_code) first.  3.12 saves stacktop for line events
#             but not for opcode events, so the depth comes from
#             dis.stack_effect along the code's paths, checked against
#             stacktop at every line event of the run
#   source, carets, list, lines, handlers, dis, x3
#             the source line(s), the current instruction's columns
#             (co_positions), co_lines(), the exception-table entry
#             (dis._parse_exception_table) and dis.disassemble(lasti=...)
#   globals   (module stops) the program's own globals, in dict order
# Reprs lose their " at 0x..." addresses and are cut to the printers'
# limits exactly as inspect.c cuts them (see limit()).
#
# Usage: python3.12 tools/gen_inspect_fixture.py   (from anywhere; it re-runs
# itself with PYTHONHASHSEED=0 like every fixture generator)
import ctypes
import dis
import gc
import io
import marshal
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NAME = "dbg_sample"
PYC = os.path.join(ROOT, "tests", "data", "3.12", NAME + ".pyc")
SRC = os.path.join(ROOT, "tests", "programs", NAME + ".py")
OUT = os.path.join(ROOT, "tests", "data", "3.12", NAME + ".inspect")

# (qualname, offset, hit): where to stop; see the program's dis output.
STOPS = [
    ("make_pair", 30, 1),                  # before `return bump, peek`
    ("make_pair.<locals>.bump", 8, 1),     # BINARY_OP += with count, step
    ("describe", 28, 1),                   # CALL len: NULL slot on the stack
    ("describe", 120, 1),                  # in the handler: exception on the stack
    ("squares", 42, 2),                    # YIELD_VALUE inside the for loop
    ("Point.norm2", 46, 1),                # BINARY_OP * in a method
    ("make_pair.<locals>.bump", 12, 2),    # STORE_DEREF, second call
    ("<module>", 296, 1),                  # CALL bump(5) at module level
]

ARG_MAX = 60      # inspect.c INSP_ARG_MAX
VALUE_MAX = 200   # inspect.c INSP_VALUE_MAX
CHECKED = [0]
ADDR_RE = re.compile(r" at 0x[0-9a-fA-F]+(?=[>,])")

if sys.version_info[:2] != (3, 12):
    sys.exit("gen_inspect_fixture.py: needs CPython 3.12 (the frame layout is 3.12's)")
if os.environ.get("PYTHONHASHSEED") != "0":   # the fixtures' rule (reproducible reprs)
    os.execve(sys.executable, [sys.executable] + sys.argv,
              dict(os.environ, PYTHONHASHSEED="0"))


def limit(s, n):
    s = ADDR_RE.sub("", s)
    if n and len(s) > n:
        s = s[:n - 3] + "..."
    return s


def srepr(o, n):
    try:
        return limit(repr(o), n)
    except Exception as e:  # the printers' wording
        return "<repr failed: %s: %s>" % (type(e).__name__, e)


# ---- the 3.12 interpreter frame, read with ctypes ---------------------------
# PyFrameObject: ob_refcnt, ob_type, f_back, f_frame, ...
# _PyInterpreterFrame: f_code, previous, f_funcobj, f_globals, f_builtins,
# f_locals, frame_obj, prev_instr, int stacktop, ..., localsplus at 72.
F_FRAME = 24
IF_CODE, IF_FRAMEOBJ, IF_STACKTOP, IF_LOCALSPLUS = 0, 48, 64, 72


def iframe(frame):
    p = ctypes.c_void_p.from_address(id(frame) + F_FRAME).value
    if ctypes.c_void_p.from_address(p + IF_CODE).value != id(frame.f_code):
        sys.exit("gen_inspect_fixture.py: f_code not where expected")
    if ctypes.c_void_p.from_address(p + IF_FRAMEOBJ).value != id(frame):
        sys.exit("gen_inspect_fixture.py: frame_obj not where expected")
    return p


def slot(p, i):
    v = ctypes.c_void_p.from_address(p + IF_LOCALSPLUS + 8 * i).value
    return (False, None) if not v else (True, ctypes.cast(v, ctypes.py_object).value)


def localsplus(co):
    """Names and kinds ('local', 'cell', 'free') in co_localsplusnames order."""
    n = len(co.co_varnames) + len(co.co_freevars) + \
        len([c for c in co.co_cellvars if c not in co.co_varnames])
    out = []
    for i in range(n):
        name = co._varname_from_oparg(i)
        if i >= n - len(co.co_freevars):
            kind = "free"
        elif name in co.co_cellvars:
            kind = "cell"
        else:
            kind = "local"
        out.append((name, kind))
    return out


def nargs(co):
    k = co.co_argcount + co.co_kwonlyargcount
    k += bool(co.co_flags & 0x04) + bool(co.co_flags & 0x08)
    return k


DEPTHS = {}
NO_FALLTHROUGH = {"RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE",
                  "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT"}


def stack_depths(co):
    """Value-stack depth before each instruction, from CPython's own
    dis.stack_effect along every path (exception handlers start at their
    table depth, plus the offset when lasti, plus the exception)."""
    if co in DEPTHS:
        return DEPTHS[co]
    insns = {i.offset: i for i in dis.get_instructions(co)}
    order = sorted(insns)
    nxt = dict(zip(order, order[1:]))
    depth = {}
    work = [(0, 0)] + [(e.target, e.depth + e.lasti + 1)
                       for e in dis._parse_exception_table(co)]
    while work:
        off, d = work.pop()
        if off in depth:
            if depth[off] != d:
                sys.exit("gen_inspect_fixture.py: %s: depths %d and %d at %d"
                         % (co.co_qualname, depth[off], d, off))
            continue
        depth[off] = d
        ins = insns[off]
        if ins.opcode in dis.hasjrel or ins.opcode in dis.hasjabs:
            work.append((ins.argval, d + dis.stack_effect(ins.opcode, ins.arg, jump=True)))
        if ins.opname not in NO_FALLTHROUGH and off in nxt:
            if ins.opname == "RETURN_GENERATOR":
                eff = 1    # resumed with the sent value on the stack
            elif ins.opcode in dis.hasjrel or ins.opcode in dis.hasjabs:
                eff = dis.stack_effect(ins.opcode, ins.arg, jump=False)
            else:
                eff = dis.stack_effect(ins.opcode, ins.arg)
            work.append((nxt[off], d + eff))
    DEPTHS[co] = depth
    return depth


def check_depth(frame):
    """At a line event CPython has saved stacktop: it must agree."""
    p = iframe(frame)
    top = ctypes.c_int.from_address(p + IF_STACKTOP).value
    nl = len(localsplus(frame.f_code))
    want = stack_depths(frame.f_code).get(frame.f_lasti)
    if top - nl != want:
        sys.exit("gen_inspect_fixture.py: %s at %d: stacktop says %d, stack_effect %s"
                 % (frame.f_code.co_qualname, frame.f_lasti, top - nl, want))
    CHECKED[0] += 1


def stack(frame):
    """The live slots: at an 'opcode' event 3.12 has not saved stacktop
    (it reads -1), so the depth comes from stack_depths(), which
    check_depth() verified against stacktop at every line event."""
    p = iframe(frame)
    nl = len(localsplus(frame.f_code))
    d = stack_depths(frame.f_code)[frame.f_lasti]
    if not 0 <= d <= frame.f_code.co_stacksize:
        sys.exit("gen_inspect_fixture.py: implausible depth %d" % d)
    return [slot(p, i) for i in range(nl, nl + d)]


# ---- what the printers show ----------------------------------------------------
def chain(frame):
    out = []
    while frame is not None:
        out.append(frame)
        if frame.f_code is TOP:
            break
        frame = frame.f_back
    return out


def frame_line(level, f):
    """Arguments in signature order: positional, *args, keyword-only, **kwargs."""
    co = f.f_code
    names = co.co_varnames
    npos, nkw = co.co_argcount, co.co_kwonlyargcount
    order = [(n, "") for n in names[:npos]]
    k = npos + nkw
    if co.co_flags & 0x04:
        order.append((names[k], "*"))
        k += 1
    order += [(n, "") for n in names[npos:npos + nkw]]
    if co.co_flags & 0x08:
        order.append((names[k], "**"))
    loc = f.f_locals if co.co_flags & 0x01 else {}
    parts = ["%s%s=%s" % (star, n, srepr(loc[n], ARG_MAX) if n in loc else "<unbound>")
             for n, star in order]
    return "#%d  %s (%s) at %s:%d" % (level, co.co_qualname, ", ".join(parts),
                                      co.co_filename, f.f_lineno)


def sharers(cell, frames, own):
    names = set()
    for o in gc.get_objects():
        if type(o).__name__ == "function" and o.__closure__ and \
                any(c is cell for c in o.__closure__):
            names.add(o.__qualname__)
    for fr in frames:
        p = iframe(fr)
        for i, (name, kind) in enumerate(localsplus(fr.f_code)):
            if kind == "cell" and slot(p, i)[1] is cell:
                names.add(fr.f_code.co_qualname)
    names.discard(own)
    return sorted(names)


def var_lines(frame, which, frames):
    co = frame.f_code
    p = iframe(frame)
    na = nargs(co)
    out = []
    for i, (name, kind) in enumerate(localsplus(co)):
        is_arg = i < na
        if which == "locals" and is_arg:
            continue
        if which == "args" and not is_arg:
            continue
        if which == "cells" and kind != "cell":
            continue
        if which == "freevars" and kind != "free":
            continue
        have, v = slot(p, i)
        note = ""
        if kind != "local" and have and type(v).__name__ == "cell":
            try:
                text = srepr(v.cell_contents, VALUE_MAX)
            except ValueError:
                text = "<empty cell>"
            shared = sharers(v, frames, co.co_qualname)
            if shared:
                note = "  (cell shared with: %s)" % ", ".join(shared)
        elif have:
            text = srepr(v, VALUE_MAX)
        else:
            text = "<unbound>"
        out.append("%s = %s%s" % (name, text, note))
    if not out:
        out.append({"locals": "No locals.", "args": "No arguments.",
                    "cells": "No cell variables.", "freevars": "No free variables."}[which])
    return out


def stack_lines(frame):
    items = stack(frame)
    if not items:
        return ["The value stack is empty (co_stacksize %d)." % frame.f_code.co_stacksize]
    out = []
    for i in reversed(range(len(items))):
        have, v = items[i]
        if have:
            out.append("  [%d] %s  (%s)" % (i, srepr(v, VALUE_MAX), type(v).__name__))
        else:
            out.append("  [%d] NULL" % i)
    out.append("depth %d of co_stacksize %d" % (len(items), frame.f_code.co_stacksize))
    return out


def caret_lines(frame, line):
    """The source line, then carets under the part co_positions() gives
    the current instruction (not when that is the whole line)."""
    text = SOURCE[line - 1]
    out = ["%d\t%s" % (line, text)]
    l, el, c, ec = list(frame.f_code.co_positions())[frame.f_lasti // 2]
    if l != line or None in (el, c, ec) or el < l:
        return out
    raw = text.encode("utf-8")
    a, b = c, (ec if el == l else len(raw))
    lo, hi = len(raw) - len(raw.lstrip(b" \t\f")), len(raw.rstrip(b" \t\f"))
    b = min(b, hi)
    if a >= b or a > len(raw) or (a <= lo and b >= hi):
        return out
    lead = "".join("\t" if ch == "\t" else " " for ch in raw[:a].decode("utf-8"))
    out.append(" " * len(str(line)) + "\t" + lead + "^" * len(raw[a:b].decode("utf-8")))
    return out


def globals_lines(frame):
    out = []
    for k, v in frame.f_globals.items():
        if not k.startswith("__"):
            out.append("%s = %s" % (k, srepr(v, VALUE_MAX)))
    return out


def list_lines(line):
    first, last = max(1, line - 5), line + 4
    out = []
    for n in range(first, min(last, len(SOURCE)) + 1):
        out.append("%s%d\t%s" % (" ->" if n == line else "   ", n, SOURCE[n - 1]))
    return out


def lines_lines(frame):
    out = []
    for start, end, line in frame.f_code.co_lines():
        mark = "-->" if start <= frame.f_lasti < end else "   "
        out.append("%s lines %d %d %s" % (mark, start, end, "None" if line is None else line))
    return out


def handler_lines(frame):
    co = frame.f_code
    for e in dis._parse_exception_table(co):
        if e.start <= frame.f_lasti < e.end:
            what = "the exception is pushed"
            if e.lasti:
                what = "the raising instruction's offset and the exception are pushed"
            return ["ExceptionTable entry covering offset %d:" % frame.f_lasti,
                    "  %d to %d -> %d [%d]%s" % (e.start, e.end - 2, e.target, e.depth,
                                                 " lasti" if e.lasti else ""),
                    "On an exception: the value stack is cut to depth %d, %s, "
                    "and execution jumps to %d." % (e.depth, what, e.target)]
    return ["No handler: an exception here leaves %s." % co.co_qualname]


def dis_text(frame):
    buf = io.StringIO()
    dis.disassemble(frame.f_code, lasti=frame.f_lasti, file=buf)
    return [ADDR_RE.sub(" at 0xADDR", l) for l in buf.getvalue().splitlines()]


def next_insns(text, n):
    rows = [l for l in text if l.strip()]
    out = []
    for k, l in enumerate(rows):
        if l[3:6] == "-->" or (len(l) > 3 and "-->" in l[:16]):
            for r in rows[k:]:
                if r.startswith("ExceptionTable:") or len(out) == n:
                    break
                out.append(r)
            break
    return out


def record(frame):
    frames = chain(frame)
    optimized = frame.f_code.co_flags & 0x01
    sec = [("bt", [frame_line(i, f) for i, f in enumerate(frames)])]
    if optimized:
        for w in ("locals", "args", "cells", "freevars"):
            sec.append((w, var_lines(frame, w, frames)))
    sec.append(("stack", stack_lines(frame)))
    line = frame.f_lineno
    sec.append(("source", ["%d\t%s" % (line, SOURCE[line - 1])]))
    sec.append(("carets", caret_lines(frame, line)))
    if not optimized:
        sec.append(("globals", globals_lines(frame)))
    sec.append(("list", list_lines(line)))
    sec.append(("lines", lines_lines(frame)))
    sec.append(("handlers", handler_lines(frame)))
    text = dis_text(frame)
    sec.append(("dis", text))
    sec.append(("x3", next_insns(text, 3)))
    return sec


# ---- the run ----------------------------------------------------------------------
def main():
    global TOP, SOURCE
    with open(PYC, "rb") as fh:
        TOP = marshal.loads(fh.read()[16:])
    with open(SRC, encoding="utf-8") as fh:
        SOURCE = fh.read().splitlines()
    fname = TOP.co_filename
    hits = {}
    wanted = {(q, off): h for q, off, h in STOPS}
    found = {}

    def local(frame, event, arg):
        if event == "line":
            check_depth(frame)
        if event == "opcode":
            key = (frame.f_code.co_qualname, frame.f_lasti)
            if key in wanted:
                hits[key] = hits.get(key, 0) + 1
                if hits[key] == wanted[key]:
                    found[key] = record(frame)
        return local

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != fname:
            return None
        frame.f_trace_opcodes = True
        return local

    g = {"__name__": "__main__", "__builtins__": __builtins__}
    saved, sys.stdout = sys.stdout, io.StringIO()
    # 3.12 asks for per-instruction events only when some frame has set
    # f_trace_opcodes before sys.settrace is called.
    me = sys._getframe()
    me.f_trace_opcodes = True
    me.f_trace_opcodes = False
    sys.settrace(tracer)
    try:
        exec(TOP, g)
    finally:
        sys.settrace(None)
        sys.stdout = saved
    out = ["# what CPython %s shows at stops of %s.pyc, in the formats of "
           "src/cli/inspect.h;" % (sys.version.split()[0], NAME),
           "# generated by tools/gen_inspect_fixture.py, do not edit"]
    for q, off, h in STOPS:
        if (q, off) not in found:
            sys.exit("gen_inspect_fixture.py: stop %s %d %d never reached" % (q, off, h))
        out.append("stop %s %d %d" % (q, off, h))
        for name, lines in found[(q, off)]:
            out.append("[%s]" % name)
            out.extend(lines)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    print("%s: %d stops (stack depths checked at %d line events)"
          % (os.path.relpath(OUT, ROOT), len(STOPS), CHECKED[0]))


if __name__ == "__main__":
    main()

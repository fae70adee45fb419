"""gen_golden.py — expected debugger transcripts, from CPython's own behaviour.

Usage (under python3.12, from a directory holding PROG.py):
    python3.12 gen_golden.py SCRIPT.cmd PROG.py > SCRIPT.expected

Runs PROG.py under sys.settrace (line, call, return and opcode events) and
interprets the debugger commands of SCRIPT.cmd the way `pydbg --batch -x
SCRIPT.cmd PROG.pyc` does, printing what pydbg prints in the same layout.
So where the program stops, and the values shown there, are CPython's:
a stop is a line event CPython's tracing reported, a value is repr() of
CPython's object.  The layout (frame lines, `Breakpoint 1, ...`) is
pydbg's, documented in doc/debugger.md.

Supported commands (the subset golden scripts use): break/b, tbreak,
condition, ignore, delete/d, disable, enable, continue/c [N], step/s [N],
next/n [N], finish/fin, until/u (no argument), print/p, info locals/args,
backtrace/bt/where, display EXPR, echo, kill, quit.  Anything else is an
error here, so scripts cannot silently depend on unemulated commands.
"""
import dis
import linecache
import os
import sys
import types


TOOL = 3
EV_INSN = sys.monitoring.events.INSTRUCTION


def die(msg):
    sys.stderr.write("gen_golden: %s\n" % msg)
    sys.exit(2)


def all_codes(co):
    yield co
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            yield from all_codes(c)


def event_lines(co):
    """Lines of instructions after the first RESUME that can start a line."""
    out = []
    seen_resume = False
    for ins in dis.get_instructions(co):
        if ins.opname == "RESUME":
            seen_resume = True
            continue
        if not seen_resume or ins.opname in ("END_FOR", "END_SEND", "END_ASYNC_FOR"):
            continue
        ln = ins.positions.lineno if ins.positions else None
        if ln is not None:
            out.append(ln)
    return out


def trunc(s, n=60):
    return s if len(s) <= n else s[: n - 3] + "..."


def safe_repr(v):
    try:
        return repr(v)
    except Exception as e:  # noqa: BLE001 - shown as pydbg shows it
        return "<repr failed: %s: %s>" % (type(e).__name__, e)


class Stop(BaseException):
    pass


class Emulator:
    def __init__(self, script, prog):
        self.lines = []
        with open(script) as fh:
            for ln in fh:
                ln = ln.rstrip("\n").strip()
                if ln and not ln.startswith("#"):
                    self.lines.append(ln)
        self.pos = 0
        self.prog = prog
        self.fname = os.path.basename(prog)
        with open(prog, "rb") as fh:
            self.code = compile(fh.read(), self.fname, "exec", dont_inherit=True)
        self.codes = list(all_codes(self.code))
        self.bps = []          # dicts
        self.next_num = 0
        self.hist = []
        self.displays = []
        self.mode = None
        self.count = 0
        self.target = None
        self.target_depth = 0
        self.start_line = 0
        self.seen_frames = set()
        self.keep = []
        self.shown = None
        self.finish_value = None
        self.finish_pending = False
        self.quit = False
        self.last_bp = 0
        self.prev_event_line = {}
        self.insn_offset = -1
        self.failed = False
        self.watches = []
        self.last_insn = None   # (code, offset) of the instruction that ran last
        self.module_frame = None
        self.line_event_at = None
        sys.monitoring.use_tool_id(TOOL, "gen_golden")
        sys.monitoring.register_callback(TOOL, EV_INSN, self.on_instruction)

    # ---- output helpers ----
    def out(self, s):
        sys.stdout.write(s)

    def frame_line(self, f, level=None):
        co = f.f_code
        name = co.co_qualname if hasattr(co, "co_qualname") else co.co_name
        if co.co_name == "<module>":
            args = ""
        else:
            n = co.co_argcount + co.co_kwonlyargcount
            names = list(co.co_varnames[:n])
            if co.co_flags & 4:
                names.append(co.co_varnames[n])
                n += 1
            if co.co_flags & 8:
                names.append(co.co_varnames[n])
            loc = f.f_locals
            parts = []
            for a in names:
                parts.append("%s=%s" % (a, trunc(safe_repr(loc[a])) if a in loc else "<unbound>"))
            args = ", ".join(parts)
        pre = "" if level is None else "#%d  " % level
        return "%s%s (%s) at %s:%d\n" % (pre, name, args, self.fname, f.f_lineno)

    def source_line(self, f):
        text = linecache.getline(self.prog, f.f_lineno).rstrip("\n")
        return "%d\t%s\n" % (f.f_lineno, text)

    def location(self, f, force=False, at_line=True):
        if force or f is not self.shown:
            self.out(self.frame_line(f))
        self.shown = f
        self.keep.append(f)
        self.out(self.source_line(f))
        if not at_line:
            for ins in dis.get_instructions(f.f_code):
                if ins.offset == self.insn_offset:
                    arg = "" if ins.arg is None else " %d" % ins.arg
                    self.out("=> %d %s%s\n" % (ins.offset, ins.opname, arg))

    def displays_now(self, f):
        for num, expr in self.displays:
            try:
                v = eval(expr, f.f_globals, f.f_locals)
                self.out("%d: %s = %s\n" % (num, expr, safe_repr(v)))
            except Exception as e:  # noqa: BLE001
                self.out("%d: %s = <error: %s: %s>\n" % (num, expr, type(e).__name__, e))

    # ---- breakpoints ----
    def resolve(self, loc):
        if loc.isdigit():
            line = int(loc)
            lines = set()
            for c in self.codes:
                lines.update(event_lines(c))
            at = line if line in lines else min([l for l in lines if l > line], default=None)
            if at is None:
                die("line %d out of range" % line)
            bp = {"line": at, "func": None, "entry": False, "def": False, "moved": at != line,
                  "asked": line}
            for c in self.codes:
                if c.co_name == "<module>":
                    continue
                el = event_lines(c)
                if el and c.co_firstlineno <= line < el[0]:
                    bp.update(func=c.co_qualname, entry=True, fl=c.co_firstlineno, code=c)
                    bp["def"] = True
                    break
            return bp
        for c in self.codes:
            if c.co_name != "<module>" and (c.co_qualname == loc or c.co_name == loc):
                return {"line": event_lines(c)[0], "func": c.co_qualname, "entry": True,
                        "def": False, "moved": False, "code": c}
        die("unknown location %r" % loc)

    def add_break(self, arg, temp):
        cond = None
        if " if " in " " + arg:
            i = (" " + arg).index(" if ")
            arg, cond = arg[: max(i - 1, 0)].strip(), (" " + arg)[i + 4:].strip()
        bp = self.resolve(arg.strip())
        self.next_num += 1
        bp.update(num=self.next_num, cond=cond, temp=temp, enabled=True, hits=0, ignore=0)
        self.bps.append(bp)
        kind = "Temporary breakpoint" if temp else "Breakpoint"
        if bp["entry"] and not bp["def"]:
            where = "%s:%d (entry of %s)" % (self.fname, bp["line"], bp["func"])
        else:
            where = "%s:%d" % (self.fname, bp["line"])
        note = ""
        if bp["moved"]:
            note = " (line %d has no code; moved to line %d)" % (bp["asked"], bp["line"])
        if bp["def"]:
            note += "; also stops at every call of %s" % bp["func"]
        self.out("%s %d at %s%s.\n" % (kind, bp["num"], where, note))

    def bp_hit(self, f, is_entry):
        for bp in list(self.bps):
            if not bp["enabled"]:
                continue
            hit = False
            if (not bp["entry"] or bp["def"]) and f.f_lineno == bp["line"]:
                hit = True
            if bp["entry"] and is_entry and f.f_code is bp["code"]:
                hit = True
            if not hit:
                continue
            if bp["cond"]:
                try:
                    if not eval(bp["cond"], f.f_globals, f.f_locals):
                        continue
                except Exception:  # noqa: BLE001 - pydbg stops on an error
                    pass
            if bp["ignore"] > 0:
                bp["ignore"] -= 1
                bp["hits"] += 1
                continue
            bp["hits"] += 1
            return bp
        return None

    # ---- commands ----
    def next_cmd(self):
        if self.pos >= len(self.lines):
            return None
        self.pos += 1
        return self.lines[self.pos - 1]

    def command_loop(self, f):
        """Execute commands at a stop (f: the frame, None: not running)."""
        while True:
            line = self.next_cmd()
            if line is None:
                self.quit = True
                raise Stop()
            word, _, arg = line.partition(" ")
            arg = arg.strip()
            if word in ("break", "b", "tbreak"):
                self.add_break(arg, word == "tbreak")
            elif word == "condition":
                n, _, c = arg.partition(" ")
                self.bp(int(n))["cond"] = c.strip() or None
                if not c.strip():
                    self.out("Breakpoint %s now unconditional.\n" % n)
            elif word == "ignore":
                n, c = arg.split()
                self.bp(int(n))["ignore"] = int(c)
                c = int(c)
                if c == 0:
                    self.out("Will stop next time breakpoint %s is reached.\n" % n)
                elif c == 1:
                    self.out("Will ignore next crossing of breakpoint %s.\n" % n)
                else:
                    self.out("Will ignore next %d crossings of breakpoint %s.\n" % (c, n))
            elif word in ("delete", "d"):
                if not arg:
                    self.bps = []
                for n in arg.split():
                    self.bps.remove(self.bp(int(n)))
            elif word in ("disable", "enable"):
                for n in arg.split():
                    self.bp(int(n))["enabled"] = word == "enable"
            elif word in ("print", "p"):
                try:
                    v = eval(arg, f.f_globals, f.f_locals)
                except Exception as e:  # noqa: BLE001 - a failing command
                    sys.stdout.flush()
                    sys.stderr.write("%s: %s\n" % (type(e).__name__, e))
                    self.failed = True
                    self.quit = True
                    raise Stop()
                self.hist.append(v)
                self.out("$%d = %s\n" % (len(self.hist), safe_repr(v)))
            elif word == "watch":
                self.next_num += 1
                scope = f if (f is not None and f.f_code.co_name != "<module>") else None
                try:
                    old = safe_repr(eval(arg, f.f_globals, f.f_locals)) if f is not None else None
                except Exception:  # noqa: BLE001 - not evaluable yet
                    old = None
                self.watches.append({"num": self.next_num, "expr": arg, "scope": scope,
                                     "old": old})
                self.out("Watchpoint %d: %s\n" % (self.next_num, arg))
                for c in self.codes:
                    sys.monitoring.set_local_events(TOOL, c, EV_INSN)
            elif word == "display":
                self.displays.append((len(self.displays) + 1, arg))
                if f is not None:
                    d = self.displays
                    self.displays = [d[-1]]
                    self.displays_now(f)
                    self.displays = d
            elif word == "info" and arg in ("locals", "args"):
                self.info_vars(f, arg)
            elif word in ("backtrace", "bt", "where"):
                lvl, g = 0, f
                while g is not None and g.f_code in self.codes:
                    self.out(self.frame_line(g, lvl))
                    g, lvl = g.f_back, lvl + 1
            elif word == "echo":
                self.out(arg.replace("\\n", "\n"))
            elif word in ("continue", "c"):
                n = int(arg) if arg else 1
                if n > 1 and self.last_bp:
                    self.bp(self.last_bp)["ignore"] = n - 1
                    self.out("Will ignore next %d crossings of breakpoint %d.  Continuing.\n"
                             % (n - 1, self.last_bp))
                else:
                    self.out("Continuing.\n")
                self.mode = "continue"
                return
            elif word in ("step", "s", "next", "n", "until", "u"):
                self.mode = {"s": "step", "n": "next", "u": "until"}.get(word, word)
                self.count = int(arg) if arg else 1
                self.set_target(f)
                return
            elif word in ("finish", "fin"):
                if f.f_back is None or not self.mine(f.f_back):
                    # pydbg refuses; in batch mode a failing command ends the run.
                    sys.stdout.flush()
                    sys.stderr.write('"finish" not meaningful in the outermost frame.\n')
                    self.failed = True
                    self.quit = True
                    raise Stop()
                self.out("Run till exit from " + self.frame_line(f, 0))
                self.mode = "finish"
                self.set_target(f)
                return
            elif word in ("kill", "k", "quit", "q"):
                if word in ("kill", "k"):
                    self.out("[Program killed]\n")
                self.quit = True
                raise Stop()
            else:
                die("command not emulated: %r" % line)

    def bp(self, n):
        for b in self.bps:
            if b["num"] == n:
                return b
        die("no breakpoint %d" % n)

    def info_vars(self, f, what):
        co = f.f_code
        if what == "args":
            n = co.co_argcount + co.co_kwonlyargcount + bool(co.co_flags & 4) + bool(co.co_flags & 8)
            names = co.co_varnames[:n]
            if not names:
                self.out("No arguments.\n")
        else:
            # gdb's `info locals` leaves the arguments to `info args`.
            n = co.co_argcount + co.co_kwonlyargcount + bool(co.co_flags & 4) + bool(co.co_flags & 8)
            names = co.co_varnames[n:]
            if co.co_name == "<module>" or not names:
                die("info locals is emulated for function frames with locals only")
        loc = f.f_locals
        for a in names:
            self.out("%s = %s\n" % (a, safe_repr(loc[a]) if a in loc else "<unbound>"))

    def set_target(self, f):
        self.target = f
        self.target_depth = self.depth(f)
        self.start_line = f.f_lineno
        self.finish_pending = False

    @staticmethod
    def depth(f):
        n = 0
        while f is not None:
            n += 1
            f = f.f_back
        return n

    # ---- stopping ----
    def stop(self, f, kind, bp=None, at_line=True):
        self.keep.append(f)
        for c in self.codes:
            sys.monitoring.set_local_events(TOOL, c, 0)
        self.last_bp = 0
        if kind == "breakpoint":
            self.last_bp = bp["num"]
            self.out("\nBreakpoint %d, " % bp["num"] + self.frame_line(f))
            self.shown = f
            self.out(self.source_line(f))
            if bp["temp"]:
                self.bps.remove(bp)
        elif kind == "finish":
            self.location(f, force=True, at_line=at_line)
            if self.finish_value is not None:
                v = self.finish_value[0]
                self.hist.append(v)
                self.out("Value returned is $%d = %s\n" % (len(self.hist), safe_repr(v)))
        else:
            self.location(f, at_line=at_line)
        self.displays_now(f)
        if self.watches:
            for c in self.codes:
                sys.monitoring.set_local_events(TOOL, c, EV_INSN)
        self.mode = None
        self.command_loop(f)

    def watch_check(self, f, offset, at_line):
        """pydbg checks watchpoints before each instruction: the value the
        previous instruction left."""
        for w in self.watches:
            g = w["scope"] or self.module_frame
            try:
                new = safe_repr(eval(w["expr"], g.f_globals, g.f_locals))
            except Exception:  # noqa: BLE001
                new = None
            if new == w["old"]:
                continue
            old, w["old"] = w["old"], new
            self.out("\nWatchpoint %d: %s\n\n" % (w["num"], w["expr"]))
            self.out("Old value = %s\n" % (old if old is not None else "<unbound>"))
            self.out("New value = %s\n" % (new if new is not None else "<unbound>"))
            if self.last_insn:
                code, off = self.last_insn
                for ins in dis.get_instructions(code):
                    if ins.offset == off:
                        self.out("Changed by %s at offset %d of %s (%s:%d)\n" % (
                            ins.opname, off, code.co_qualname, self.fname,
                            ins.positions.lineno if ins.positions and ins.positions.lineno else -1))
            self.insn_offset = offset
            self.stop(f, "watch", at_line=at_line)
            return True
        return False

    def mine(self, f):
        return f.f_code in self.codes

    def trace(self, f, event, arg):
        if self.quit:
            raise Stop()
        if not self.mine(f):
            return None
        f.f_trace_opcodes = True
        if event == "call":
            if f.f_code is self.code:
                self.module_frame = f
            is_start = id(f) not in self.seen_frames
            self.seen_frames.add(id(f))
            self.keep.append(f)
            f.f_trace = self.trace
            self.prev_event_line[id(f)] = "start" if is_start else "resume"
            return self.trace
        if event == "return":
            if self.mode == "finish" and f is self.target:
                self.finish_value = (arg,)
                self.finish_pending = True
                # 3.12's settrace gives no opcode events: watch the caller's
                # next instruction through sys.monitoring instead.
                if f.f_back is not None and self.mine(f.f_back):
                    sys.monitoring.set_local_events(TOOL, f.f_back.f_code, EV_INSN)
            return self.trace
        if event == "line":
            entry = self.prev_event_line.get(id(f)) == "start"
            self.prev_event_line[id(f)] = "line"
            if self.watches:
                self.line_event_at = (f, f.f_lasti)
                if self.watch_check(f, f.f_lasti, True):
                    return self.trace
            bp = self.bp_hit(f, entry)
            if bp:
                self.stop(f, "breakpoint", bp)
                return self.trace
            if self.step_done(f, True):
                self.stop(f, "finish" if self.mode == "finish" else "step")
            return self.trace
        return self.trace

    def on_instruction(self, code, offset):
        f = sys._getframe(1)
        if self.quit:
            raise Stop()
        if self.watches and self.mine(f):
            # A line event for this very instruction already checked.
            if self.line_event_at != (f, offset):
                self.watch_check(f, offset, False)
            self.line_event_at = None
            self.last_insn = (code, offset)
            return None
        if self.mode == "finish" and self.mine(f) and self.step_done(f, False):
            sys.monitoring.set_local_events(TOOL, code, 0)
            self.insn_offset = offset
            self.stop(f, "finish", at_line=False)
        return None if (self.mode == "finish" or self.watches) else sys.monitoring.DISABLE

    def step_done(self, f, is_line):
        left = self.target is not None and self.depth(f) < self.target_depth
        m = self.mode
        if m == "step":
            self.count -= 1
            return self.count == 0
        if m == "next":
            if f is self.target or left:
                self.count -= 1
                return self.count == 0
            return False
        if m == "until":
            return (f is self.target and f.f_lineno > self.start_line) or left
        if m == "finish":
            return left
        return False

    def run(self):
        self.out("Stopped before the first instruction of <module> (%s).\n" % self.fname)
        try:
            self.command_loop(None)
        except Stop:
            return 0
        g = {"__name__": "__main__", "__builtins__": __builtins__, "__file__": self.fname}
        sys.settrace(self.trace)
        status = 0
        try:
            exec(self.code, g)
        except Stop:
            sys.settrace(None)
            sys.stdout.flush()
            return 1 if self.failed else 0
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except Exception as e:  # noqa: BLE001 - the post-mortem stop
            sys.settrace(None)
            for c in self.codes:
                sys.monitoring.set_local_events(TOOL, c, 0)
            sys.stdout.flush()
            tb = e.__traceback__
            last = None
            while tb is not None:
                if tb.tb_frame.f_code in self.codes:
                    last = tb
                tb = tb.tb_next
            status = 1
            if last is not None:
                self.out("Post-mortem: the program raised an uncaught %s.\n" % type(e).__name__)
                self.pm_line = last.tb_lineno
                f = last.tb_frame
                self.out(self.frame_line(f).replace(" at %s:%d\n" % (self.fname, f.f_lineno),
                                                    " at %s:%d\n" % (self.fname, last.tb_lineno)))
                text = linecache.getline(self.prog, last.tb_lineno).rstrip("\n")
                self.out("%d\t%s\n" % (last.tb_lineno, text))
                try:
                    self.mode = None
                    self.command_loop(f)
                except Stop:
                    return 1 if self.failed else 0
        finally:
            sys.settrace(None)
        sys.stdout.flush()
        if status == 0:
            self.out("[Program exited normally]\n")
        else:
            self.out("[Program exited with code %d]\n" % status)
        # Commands after the end of the program: only ones that need no frame.
        try:
            while True:
                line = self.next_cmd()
                if line is None or line.split()[0] in ("quit", "q", "kill", "k"):
                    break
                if line.startswith("echo"):
                    self.out(line[5:].replace("\\n", "\n"))
                else:
                    die("command after the program ended not emulated: %r" % line)
        except Stop:
            pass
        return status


if __name__ == "__main__":
    if len(sys.argv) != 3:
        die("usage: gen_golden.py SCRIPT.cmd PROG.py")
    script, prog = sys.argv[1], sys.argv[2]
    sys.argv = [os.path.basename(prog).replace(".py", ".pyc")]
    em = Emulator(script, prog)
    rc = em.run()
    sys.stdout.flush()
    os._exit(rc)

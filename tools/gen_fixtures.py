#!/usr/bin/env python
# gen_fixtures.py - records ground truth for pydbg from the interpreter that
# runs it.  For every tests/programs/NAME.py this version can compile it
# writes tests/data/X.Y/NAME.{pyc,dis,lines,attrs,out} in the formats of
# tests/data/README.md (the contract with the C side): the .pyc is written
# byte by byte as py_compile would (magic, flags 0, a fixed mtime, source
# size, marshal.dumps of the code compiled with co_filename "NAME.py"), and
# everything else is taken from the code object loaded back from those bytes,
# so the fixtures describe exactly the file pydbg reads.  Programs are picked
# by their header comments (`# py2: yes` for 2.7, `# min-version: X.Y` for
# 3.x); the others are listed in X.Y/SKIPPED.  Must stay valid Python 2.7 and
# run unchanged on 3.6-3.14 (3.14 under Pyodide via tools/run_pyodide.mjs);
# needs PYTHONHASHSEED=0 so set and frozenset reprs are reproducible.
#
# For the versions in RUN_VERSIONS (3.12 now: the version pydbg's VM runs)
# the program is also run the way a user runs it, `python NAME.pyc` in a
# fresh temporary directory that holds NAME.pyc and NAME.py, and its stdout,
# stderr and exit status are recorded (NAME.out, NAME.err, NAME.status);
# tests/run.test compares `pydbg --run` with them.  The importable modules
# and packages under tests/programs/modules/ are compiled (same recipe,
# co_filename their relative path) into X.Y/modules/ and copied, as .pyc
# files only, into every such run directory, so programs can import them.
#
# Every program is also run once more under sys.settrace, after all other
# files are written (so the extra run cannot disturb them), and the distinct
# 'line' events of its own frames are written to NAME.trace (format in
# tests/data/README.md); tests/events.test checks pydbg's event points.
#
# Usage: gen_fixtures.py [--programs DIR] [--out DIR] [NAME ...]
from __future__ import print_function

import atexit
import dis
import gc
import marshal
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types

PY2 = sys.version_info[0] == 2
VER = sys.version_info[:2]
VERSION = "%d.%d" % VER
MTIME = 1700000000          # fixed so regenerated files are byte-identical
ADDR_RE = re.compile(r" at 0x[0-9a-fA-F]+")
SUFFIXES = (".pyc", ".dis", ".lines", ".attrs", ".out", ".err", ".status",
            ".trace")
# Versions whose programs are recorded as real runs (`python NAME.pyc`).
RUN_VERSIONS = ((3, 12),)
RUN_TIMEOUT = 120           # seconds; a program that hangs is an error

if PY2:
    import imp
    from StringIO import StringIO
    MAGIC = imp.get_magic()
else:
    import importlib.util
    from io import StringIO
    MAGIC = importlib.util.MAGIC_NUMBER

warnings = []


def warn(msg):
    warnings.append(msg)
    sys.stderr.write("gen_fixtures %s: warning: %s\n" % (VERSION, msg))


def as_bytes(s):
    """Text for a fixture file as UTF-8 bytes (2.7's str already is bytes)."""
    if isinstance(s, bytes):
        return s
    return s.encode("utf-8")


def write_file(path, data):
    f = open(path, "wb")
    try:
        f.write(as_bytes(data))
    finally:
        f.close()


def u32(n):
    n &= 0xFFFFFFFF
    return bytes(bytearray([n & 0xFF, (n >> 8) & 0xFF, (n >> 16) & 0xFF, n >> 24]))


def normalize(text):
    return ADDR_RE.sub(" at 0xADDR", text)


# ---- choosing programs ------------------------------------------------------

TAG_RE = re.compile(r"#\s*([a-z0-9-]+)\s*:\s*(\S+)\s*$")
TAG_NAMES = ("py2", "min-version", "max-version", "skip-version")


def header_tags(source, name):
    """The `# key: value` comments at the top of a program, as a dict.
    Only the first five lines count; a tag further down is reported, since
    it would silently have no effect."""
    tags = {}
    for n, line in enumerate(source.splitlines()):
        line = line.decode("utf-8") if isinstance(line, bytes) else line
        m = TAG_RE.match(line)
        if m and n < 5:
            tags[m.group(1)] = m.group(2)
        elif m and m.group(1) in TAG_NAMES:
            warn("%s: line %d: tag %r ignored (only the first five lines "
                 "count)" % (name, n + 1, m.group(1)))
    return tags


def skip_reason(tags):
    """None if this version compiles the program, else why it does not."""
    if PY2:
        if tags.get("py2") != "yes":
            return "Python 3 only (no `# py2: yes`)"
        return None
    # `# max-version: X.Y` (e.g. a program that exhausts the 3.14 WebAssembly
    # build's JavaScript stack, which a native build does not).
    most = tags.get("max-version")
    if most and VER > tuple(int(p) for p in most.split(".")):
        return "needs at most %s" % most
    want = tags.get("min-version")
    if want:
        need = tuple(int(p) for p in want.split("."))
        if VER < need:
            return "needs %s" % want
    # `# skip-version: X.Y[,X.Y...]`: versions that compile the program but
    # cannot record it (e.g. an interpreter release that crashes running it;
    # the program's comment says why).
    if VERSION in tags.get("skip-version", "").split(","):
        return "skip-version %s" % VERSION
    return None


# ---- .pyc -------------------------------------------------------------------

def compile_source(name, source):
    # dont_inherit: this script's own print_function must not leak in.
    return compile(source, name + ".py", "exec", 0, True)


def pyc_bytes(code, source):
    """What py_compile writes: header then marshal.dumps (default version)."""
    if VER < (3, 0):
        header = MAGIC + u32(MTIME)
    elif VER < (3, 7):
        header = MAGIC + u32(MTIME) + u32(len(source))
    else:
        header = MAGIC + u32(0) + u32(MTIME) + u32(len(source))
    return header, header + marshal.dumps(code)


def code_objects(code):
    """The code object and its nested ones, pre-order (co_consts order)."""
    out = [code]
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out.extend(code_objects(c))
    return out


def check_frozensets(orig, loaded, name):
    """pydbg prints a frozenset in stored (marshal) order; Python prints the
    loaded set's iteration order.  Warn if they differ: no C side could match."""
    for a, b in zip(code_objects(orig), code_objects(loaded)):
        for x, y in zip(a.co_consts, b.co_consts):
            if isinstance(x, frozenset) and list(x) != list(y):
                warn("%s: frozenset %r reorders when loaded" % (name, y))


# ---- .dis -------------------------------------------------------------------

def dis_text(code):
    old = sys.stdout
    buf = StringIO()
    sys.stdout = buf
    try:
        dis.dis(code)
    finally:
        sys.stdout = old
    return normalize(buf.getvalue())


# ---- .lines -----------------------------------------------------------------

def show(v):
    return "None" if v is None else str(v)


def exception_entries(code):
    """(start, end, target, depth, lasti) rows, END exclusive, 3.11+."""
    parse = getattr(dis, "_parse_exception_table", None)
    if parse is None:
        raise RuntimeError("dis._parse_exception_table missing on %s" % VERSION)
    return [(e.start, e.end, e.target, e.depth, int(bool(e.lasti)))
            for e in parse(code)]


def lines_text(top):
    out = []
    for co in code_objects(top):
        out.append("code %s %d" % (co.co_name, co.co_firstlineno))
        if hasattr(co, "co_lines"):
            for start, end, line in co.co_lines():
                out.append("lines %d %d %s" % (start, end, show(line)))
        for off, line in dis.findlinestarts(co):
            out.append("starts %d %s" % (off, show(line)))
        if hasattr(co, "co_positions"):
            run_start, prev, off = 0, None, 0
            for off2, pos in enumerate(co.co_positions()):
                off = off2 * 2
                if prev is not None and pos != prev:
                    out.append("pos %d %d %s" % (run_start, off,
                                                 " ".join(show(v) for v in prev)))
                    run_start = off
                prev = pos
            if prev is not None:
                out.append("pos %d %d %s" % (run_start, off + 2,
                                             " ".join(show(v) for v in prev)))
        if VER >= (3, 11):
            for row in exception_entries(co):
                out.append("exc %d %d %d %d %d" % row)
    return "\n".join(out) + "\n"


# ---- .attrs -----------------------------------------------------------------

def attr_names():
    names = ["co_name"]
    if VER >= (3, 11):
        names.append("co_qualname")
    names.append("co_argcount")
    if VER >= (3, 8):
        names.append("co_posonlyargcount")
    if VER >= (3, 0):
        names.append("co_kwonlyargcount")
    names += ["co_nlocals", "co_stacksize", "co_flags", "co_code",
              "co_consts", "co_names", "co_varnames", "co_freevars",
              "co_cellvars", "co_filename", "co_firstlineno"]
    names.append("co_linetable" if VER >= (3, 10) else "co_lnotab")
    if VER >= (3, 11):
        names.append("co_exceptiontable")
    return names


def attrs_text(top, name):
    out = []
    names = attr_names()
    for co in code_objects(top):
        out.append("code %s %d" % (co.co_name, co.co_firstlineno))
        for attr in names:
            r = normalize(repr(getattr(co, attr)))
            if "\n" in r:
                raise RuntimeError("%s: multi-line repr of %s" % (name, attr))
            if "  # " in r:
                warn("%s: repr of %s contains '  # ' (fixtures.test strips "
                     "it on both sides)" % (name, attr))
            out.append("%s = %s" % (attr, r))
    return "\n".join(out) + "\n"


# ---- .out -------------------------------------------------------------------

def run_output(code, name):
    """What the program prints when run as __main__ (finalizers included)."""
    ns = {"__name__": "__main__", "__file__": name + ".py"}
    old_out, old_err = sys.stdout, sys.stderr
    out, err = StringIO(), StringIO()
    # Run in a scratch directory: programs create files, which must neither
    # land in the repository nor depend on files left there by earlier runs.
    here = os.getcwd()
    scratch = tempfile.mkdtemp(prefix="gen_fixtures_")
    os.chdir(scratch)
    old_argv = sys.argv
    sys.argv = [name + ".py"]      # what `python NAME.py` would give it
    sys.stdout, sys.stderr = out, err
    try:
        try:
            exec(code, ns)
        except SystemExit:
            pass                # a program may end with sys.exit()
        except BaseException:   # an uncaught exception is its own output
            import traceback
            traceback.print_exc(file=err)
        ns.clear()
        gc.collect()
    finally:
        sys.stdout, sys.stderr = old_out, old_err
        sys.argv = old_argv
        os.chdir(here)
        shutil.rmtree(scratch, ignore_errors=True)
    if err.getvalue():
        warn("%s wrote to stderr: %r" % (name, err.getvalue()[:200]))
    # A program printing its stack shows this script's frames too: name the
    # script relative to the repository, not by this machine's path.
    tools_dir = os.path.dirname(os.path.abspath(__file__))
    return out.getvalue().replace('File "' + tools_dir + os.sep, 'File "tools' + os.sep)


def trace_events(code, name, prog_dir):
    """NAME.trace: the distinct 'line' events of running code as __main__
    under sys.settrace, for frames of code from NAME.py, as sorted rows
    `CODENAME FIRSTLINENO OFFSET LINE`.  frame.f_lasti is a byte offset on
    every version (3.10+ multiplies its code-unit index by 2 for Python).
    stdin is /dev/null, stdout/stderr are discarded, the importable modules
    come from their sources (no bytecode written)."""
    fname = name + ".py"
    seen = set()

    def local(frame, event, arg):
        if event == "line":
            co = frame.f_code
            seen.add((co.co_name, co.co_firstlineno, frame.f_lasti,
                      frame.f_lineno))
        return local

    def calls(frame, event, arg):
        if frame.f_code.co_filename == fname:
            return local(frame, event, arg)
        return None

    ns = {"__name__": "__main__", "__file__": fname}
    saved = (sys.stdin, sys.stdout, sys.stderr, list(sys.path),
             sys.dont_write_bytecode, sys.getrecursionlimit())
    before = set(sys.modules)
    devnull = open(os.devnull, "r")
    if PY2:
        sink = StringIO()
    else:
        import io
        sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    sys.stdin, sys.stdout, sys.stderr = devnull, sink, sink
    sys.path.insert(0, os.path.join(os.path.abspath(prog_dir), "modules"))
    sys.dont_write_bytecode = True
    cwd = os.getcwd()
    tmp = tempfile.mkdtemp(prefix="gen_fixtures.")
    os.chdir(tmp)               # files the program writes land there
    try:
        sys.settrace(calls)
        try:
            try:
                exec(code, ns)
            except BaseException:   # SystemExit, uncaught errors: run over
                pass
            try:                    # its atexit callbacks run traced, now
                atexit._run_exitfuncs()
            except BaseException:
                pass
        finally:
            sys.settrace(None)
        ns.clear()
        gc.collect()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved[0], saved[1], saved[2]
        sys.path[:] = saved[3]
        sys.dont_write_bytecode = saved[4]
        sys.setrecursionlimit(saved[5])
        devnull.close()
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)
        for mod in set(sys.modules) - before:
            del sys.modules[mod]
    rows = sorted(seen, key=lambda r: (r[0], r[1], r[2], -1 if r[3] is None else r[3]))
    return "".join("%s %d %d %s\n" % (n, first, off, show(line))
                   for n, first, off, line in rows)


def module_sources(prog_dir):
    """Relative paths of the .py files under prog_dir/modules, sorted."""
    top = os.path.join(prog_dir, "modules")
    found = []
    for root, dirs, fnames in os.walk(top):
        dirs.sort()
        for fname in sorted(fnames):
            if fname.endswith(".py"):
                full = os.path.join(root, fname)
                found.append(os.path.relpath(full, top).replace(os.sep, "/"))
    return found


def compile_modules(prog_dir, out_dir):
    """tests/programs/modules/REL.py -> X.Y/modules/RELc (a .pyc)."""
    mod_out = os.path.join(out_dir, "modules")
    if os.path.isdir(mod_out):
        shutil.rmtree(mod_out)
    for rel in module_sources(prog_dir):
        f = open(os.path.join(prog_dir, "modules", rel), "rb")
        try:
            source = f.read()
        finally:
            f.close()
        code = compile(source, rel, "exec", 0, True)
        header, data = pyc_bytes(code, source)
        dest = os.path.join(mod_out, rel + "c")
        if not os.path.isdir(os.path.dirname(dest)):
            os.makedirs(os.path.dirname(dest))
        write_file(dest, data)


def copy_modules(out_dir, dest):
    src = os.path.join(out_dir, "modules")
    if not os.path.isdir(src):
        return
    for root, dirs, fnames in os.walk(src):
        rel = os.path.relpath(root, src)
        target = dest if rel == "." else os.path.join(dest, rel)
        if not os.path.isdir(target):
            os.makedirs(target)
        for fname in fnames:
            shutil.copyfile(os.path.join(root, fname), os.path.join(target, fname))


def tmp_path_leaks(text):
    return b"gen_fixtures." in text


def run_as_script(name, data, source, out_dir):
    """(stdout, stderr, status) of `python NAME.pyc` run by this interpreter
    in a new temporary directory holding NAME.pyc and the source NAME.py
    (tracebacks print source lines read from co_filename, relative to the
    working directory).  Environment: this one minus PYTHON* variables, plus
    PYTHONHASHSEED=0, so the run is reproducible."""
    tmp = tempfile.mkdtemp(prefix="gen_fixtures.")
    try:
        write_file(os.path.join(tmp, name + ".pyc"), data)
        write_file(os.path.join(tmp, name + ".py"), source)
        copy_modules(out_dir, tmp)
        env = dict((k, v) for k, v in os.environ.items()
                   if not k.startswith("PYTHON"))
        env["PYTHONHASHSEED"] = "0"
        proc = subprocess.Popen([sys.executable, name + ".pyc"], cwd=tmp,
                                env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if PY2:
            out, err = proc.communicate(b"")
        else:
            try:
                out, err = proc.communicate(b"", timeout=RUN_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                raise RuntimeError("%s: did not finish in %d s" % (name, RUN_TIMEOUT))
        return library_neutral(out), library_neutral(err), proc.returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


LIBRARY_MARK = b"{CPYTHON_LIBRARY}"


def library_neutral(text):
    """Output with this interpreter's standard-library directory (in the
    file names of traceback entries through library code) written as
    {CPYTHON_LIBRARY}: tests/run.test puts back the library pydbg found on
    the machine running the tests, so the records name no machine's paths."""
    import sysconfig
    lib = sysconfig.get_paths()["stdlib"].encode()
    return text.replace(b'File "' + lib + b"/", b'File "' + LIBRARY_MARK + b"/")


# ---- driver -----------------------------------------------------------------

def generate(prog_dir, out_dir, names):
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    full = not names
    if full:
        names = sorted(f[:-3] for f in os.listdir(prog_dir) if f.endswith(".py"))
        for f in os.listdir(out_dir):           # drop fixtures of old programs
            if f.endswith(SUFFIXES):
                os.remove(os.path.join(out_dir, f))
    skipped = []
    traced = []
    made = 0
    if VER in RUN_VERSIONS:
        compile_modules(prog_dir, out_dir)
    for name in names:
        f = open(os.path.join(prog_dir, name + ".py"), "rb")
        try:
            source = f.read()
        finally:
            f.close()
        why = skip_reason(header_tags(source, name))
        if why:
            skipped.append("%s: %s" % (name, why))
            if not full:                        # fixtures of an older run
                for suffix in SUFFIXES:
                    stale = os.path.join(out_dir, name + suffix)
                    if os.path.exists(stale):
                        os.remove(stale)
            continue
        code = compile_source(name, source)
        header, data = pyc_bytes(code, source)
        loaded = marshal.loads(data[len(header):])
        check_frozensets(code, loaded, name)
        base = os.path.join(out_dir, name)
        write_file(base + ".pyc", data)
        write_file(base + ".dis", dis_text(loaded))
        write_file(base + ".lines", lines_text(loaded))
        write_file(base + ".attrs", attrs_text(loaded, name))
        if VER in RUN_VERSIONS:
            out, err, status = run_as_script(name, data, source, out_dir)
            if tmp_path_leaks(out + err):
                warn("%s: output names its temporary directory" % name)
            write_file(base + ".out", out)
            write_file(base + ".err", err)
            write_file(base + ".status", "%d\n" % status)
        else:
            # Run a second copy: execution may specialise/quicken its code.
            write_file(base + ".out", run_output(marshal.loads(data[len(header):]), name))
        made += 1
        traced.append((name, data[len(header):]))
    for name, body in traced:   # last: these runs must not disturb the rest
        write_file(os.path.join(out_dir, name + ".trace"),
                   trace_events(marshal.loads(body), name, prog_dir))
    listed = skipped
    if not full:
        listed = merge_skipped(os.path.join(out_dir, "SKIPPED"), names, skipped)
    write_file(os.path.join(out_dir, "SKIPPED"),    # possibly empty
               "".join(s + "\n" for s in listed))
    return made, len(skipped)


def merge_skipped(path, names, skipped):
    """SKIPPED after a run of only `names`: the entries of the other
    programs are kept, those of `names` replaced by this run's verdicts,
    all in name order as a full run writes them."""
    rows = {}
    if os.path.exists(path):
        f = open(path, "rb")
        try:
            for line in f.read().decode("utf-8").splitlines():
                if line.strip():
                    rows[line.split(":", 1)[0]] = line
        finally:
            f.close()
    for name in names:
        rows.pop(name, None)
    for line in skipped:
        rows[line.split(":", 1)[0]] = line
    return [rows[k] for k in sorted(rows)]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    prog_dir = os.path.join(root, "tests", "programs")
    out_dir = None
    names = []
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--programs" and args:
            prog_dir = args.pop(0)
        elif a == "--out" and args:
            out_dir = args.pop(0)
        elif a in ("-h", "--help"):
            print("usage: gen_fixtures.py [--programs DIR] [--out DIR] [NAME ...]")
            return 0
        elif a.startswith("-"):
            sys.stderr.write("gen_fixtures: unknown option %s\n" % a)
            return 2
        else:
            names.append(a[:-3] if a.endswith(".py") else a)
    if out_dir is None:
        out_dir = os.path.join(root, "tests", "data", VERSION)
    if os.environ.get("PYTHONHASHSEED") != "0":
        sys.stderr.write("gen_fixtures: run with PYTHONHASHSEED=0\n")
        return 2
    made, skipped = generate(prog_dir, out_dir, names)
    print("%s: %d programs, %d skipped, %d warnings (Python %s, magic %d)"
          % (VERSION, made, skipped, len(warnings), sys.version.split()[0],
             bytearray(MAGIC)[0] | bytearray(MAGIC)[1] << 8))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

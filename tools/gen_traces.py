#!/usr/bin/env python3.12
# gen_traces.py - records what `python3.12 -m trace --trace` prints for every
# program 3.12 compiles (tests/data/3.12/NAME.pyc), as
# tests/data/3.12/NAME.pytrace; tests/trace.test compares `pydbg --trace
# NAME.pyc` with it.  Must run under CPython 3.12 itself (tools/gen_traces.sh
# finds it) with PYTHONHASHSEED=0.
#
# Each program runs the way tools/gen_fixtures.py runs `python3.12 NAME.pyc`:
# a fresh temporary directory holding NAME.pyc, the source NAME.py and the
# compiled helper modules of tests/data/3.12/modules/ (.pyc only), that
# directory as the working directory, stdin empty, PYTHONHASHSEED=0 and no
# other PYTHON* variable.  The command is
#     python3.12 -m trace --trace --ignore-dir=STDLIB NAME.py
# (STDLIB: sysconfig's stdlib directory, so the frames of standard modules
# CPython implements in Python are not traced).  stdout is stored byte for
# byte; stderr and the exit status are not (trace.py adds its own frames to
# tracebacks and turns SystemExit into status 0).  A program whose trace is
# longer than MAX_LINES lines is not stored but listed, with the reason, in
# PYTRACE_SKIPPED.
#
# trace compiles NAME.py itself (compile(source, "NAME.py", "exec")); the
# script checks that this gives the same code objects as NAME.pyc, so pydbg
# running NAME.pyc runs what trace ran.
#
# Usage: gen_traces.py [--data DIR] [--programs DIR] [NAME ...]
# With NAMEs only those programs are traced (as tools/gen_fixtures.sh's
# `-- NAME ...`), and only their lines of PYTRACE_SKIPPED are replaced.
import marshal
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import types

MAX_LINES = 20000
RUN_TIMEOUT = 300           # seconds; tracing is slow


def code_objects(code):
    out = [code]
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out.extend(code_objects(c))
    return out


def same_code(a, b):
    """Field by field: the marshal bytes may differ in FLAG_REF bits only."""
    ca, cb = code_objects(a), code_objects(b)
    if len(ca) != len(cb):
        return "different number of code objects"
    fields = ("co_name", "co_qualname", "co_argcount", "co_posonlyargcount",
              "co_kwonlyargcount", "co_nlocals", "co_stacksize", "co_flags",
              "co_code", "co_names", "co_varnames", "co_freevars",
              "co_cellvars", "co_filename", "co_firstlineno", "co_linetable",
              "co_exceptiontable")
    for x, y in zip(ca, cb):
        for f in fields:
            if getattr(x, f) != getattr(y, f):
                return "%s differs in %s" % (x.co_name, f)
        kx = [c for c in x.co_consts if not isinstance(c, types.CodeType)]
        ky = [c for c in y.co_consts if not isinstance(c, types.CodeType)]
        if repr(kx) != repr(ky):
            return "%s differs in co_consts" % x.co_name
    return None


def copy_modules(data, dest):
    src = os.path.join(data, "modules")
    if os.path.isdir(src):
        shutil.copytree(src, dest, dirs_exist_ok=True)


def trace_one(name, data, programs, stdlib):
    """(stdout bytes, None) or (None, reason)."""
    src_path = os.path.join(programs, name + ".py")
    with open(src_path, "rb") as f:
        source = f.read()
    with open(os.path.join(data, name + ".pyc"), "rb") as f:
        pyc = f.read()
    why = same_code(compile(source, name + ".py", "exec"), marshal.loads(pyc[16:]))
    if why:
        raise RuntimeError("%s: trace would run other code than NAME.pyc: %s" % (name, why))
    tmp = tempfile.mkdtemp(prefix="gen_traces.")
    try:
        with open(os.path.join(tmp, name + ".pyc"), "wb") as f:
            f.write(pyc)
        with open(os.path.join(tmp, name + ".py"), "wb") as f:
            f.write(source)
        copy_modules(data, tmp)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("PYTHON"))
        env["PYTHONHASHSEED"] = "0"
        cmd = [sys.executable, "-m", "trace", "--trace", "--ignore-dir=" + stdlib,
               name + ".py"]
        try:
            proc = subprocess.run(cmd, cwd=tmp, env=env, input=b"",
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, "did not finish in %d s under trace" % RUN_TIMEOUT
        if b"gen_traces." in proc.stdout:
            sys.stderr.write("gen_traces: warning: %s: output names its temporary "
                             "directory\n" % name)
        n = proc.stdout.count(b"\n")
        if n > MAX_LINES:
            return None, "trace has %d lines (more than %d)" % (n, MAX_LINES)
        # the library directory as {CPYTHON_LIBRARY}, as tools/gen_fixtures.py
        # writes it (tests/lib.sh's with_library puts back the one found)
        lib = stdlib.encode()
        return proc.stdout.replace(b'File "' + lib + b"/", b'File "{CPYTHON_LIBRARY}/'), None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# Programs whose line events interleave by wall-clock time (asyncio sleeps,
# threads woken by time.sleep): the tracer's own overhead, different in
# every build (an ASan build is several times slower), reorders them, so a
# recorded trace would make trace.test flaky.  Their output is still
# compared by run.test.
REASON_TIMING = "timing-dependent: with the tracer's overhead, sleeping tasks/threads wake in another order"
TIMING_DEPENDENT = dict.fromkeys(
    ["stdlib_asyncio_basic", "stdlib_asyncio_cancel", "stdlib_asyncio_gen",
     "stdlib_asyncio_patterns", "stdlib_asyncio_sync", "stdlib_threading_queue",
     "stdlib_queue_wakeups", "stdlib_futures_as_completed", "stdlib_futures_map"], REASON_TIMING)
# Pool threads that CPython runs for real: which worker runs its work item
# before the submitting thread's next line depends on the GIL's 5 ms switch
# interval, which the tracer's overhead (and the build) decides.
REASON_GIL = ("timing-dependent: CPython's worker threads interleave with the submitting thread "
              "at the GIL's 5 ms switch interval, which the tracer's overhead decides")
TIMING_DEPENDENT["stdlib_threading_futures"] = REASON_GIL
# eval() of a source string runs in pydbg's expression engine, not as
# bytecode: its "<string>" frame reports the 'call' and the line-1 event,
# but not the line events of the loops of a comprehension inside it.
# Under `python -m trace` the program's module is not sys.modules['__main__']
# (trace.py is), so inspect finds no source for the program's classes.
TIMING_DEPENDENT["stdlib_inspect_source"] = (
    "under python -m trace, __main__ is trace.py: inspect.getsource(class) raises there")
TIMING_DEPENDENT["stdlib_inspect_basic"] = (
    "under python -m trace, inspect.stack() also lists trace.py's frames")
TIMING_DEPENDENT.update(dict.fromkeys(
    ["builtin_eval_basic"],
    "eval() of comprehensions: pydbg's expression engine reports no line events inside the <string> frame"))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    data = os.path.join(root, "tests", "data", "3.12")
    programs = os.path.join(root, "tests", "programs")
    names = []
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--data" and args:
            data = args.pop(0)
        elif a == "--programs" and args:
            programs = args.pop(0)
        elif a in ("-h", "--help"):
            print("usage: gen_traces.py [--data DIR] [--programs DIR] [NAME ...]")
            return 0
        elif a.startswith("-"):
            sys.stderr.write("gen_traces: unknown option %s\n" % a)
            return 2
        else:
            names.append(a[:-3] if a.endswith(".py") else a)
    if sys.version_info[:2] != (3, 12):
        sys.stderr.write("gen_traces: run under CPython 3.12 (this is %s)\n"
                         % sys.version.split()[0])
        return 2
    if os.environ.get("PYTHONHASHSEED") != "0":
        sys.stderr.write("gen_traces: run with PYTHONHASHSEED=0\n")
        return 2
    stdlib = os.path.normpath(sysconfig.get_path("stdlib"))
    full = not names
    if full:
        names = sorted(f[:-4] for f in os.listdir(data) if f.endswith(".pyc"))
        for f in os.listdir(data):
            if f.endswith(".pytrace"):
                os.remove(os.path.join(data, f))
    skipped = []
    made = 0
    for name in names:
        if name in TIMING_DEPENDENT:
            out, why = None, TIMING_DEPENDENT[name]
        else:
            out, why = trace_one(name, data, programs, stdlib)
        dest = os.path.join(data, name + ".pytrace")
        if why:
            skipped.append("%s: %s" % (name, why))
            if os.path.exists(dest):
                os.remove(dest)
            continue
        with open(dest, "wb") as f:
            f.write(out)
        made += 1
    listing = os.path.join(data, "PYTRACE_SKIPPED")
    if not full:
        # a run of named programs replaces just their lines of the listing
        sys.stderr.write("".join("gen_traces: skipped %s\n" % s for s in skipped))
        kept = []
        if os.path.exists(listing):
            with open(listing) as f:
                kept = [s for s in f.read().splitlines() if s.split(":", 1)[0] not in names]
        skipped = sorted(kept + skipped, key=lambda s: s.split(":", 1)[0])
    with open(listing, "w") as f:
        f.write("".join(s + "\n" for s in skipped))
    print("3.12: %d traces, %d skipped (Python %s)"
          % (made, len(skipped), sys.version.split()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

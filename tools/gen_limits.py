"""gen_limits.py - records tests/data/limits/ from tests/limits/*.py with
CPython 3.12 itself (run by tools/gen_limits.sh; see tests/data/README.md).

For every program NAME.py: NAME.pyc, compiled by this interpreter (header as
py_compile writes it, fixed mtime).  Then, by the kind of program (KINDS):

  steps  NAME.steps: the number of bytecode instructions this interpreter
         executes running the program, counted with sys.monitoring:
         INSTRUCTION events plus PY_START and PY_RESUME events (3.12 reports
         no INSTRUCTION event for RESUME, which is an instruction too), for
         the program's own code objects; and NAME.out/.err/.status of a plain
         run.  tests/limits.test checks that `pydbg --max-steps=N` completes
         and N-1 stops.
  mem    NAME.out/.err/.status of a run with the address space limited to
         MEM_LIMIT_KIB KiB (what `ulimit -v` sets; tests/limits.test runs
         pydbg under the same limit).
  run    NAME.out/.err/.status of a plain run.
  (none) only the .pyc: programs that never end (pydbg stops them with
         --max-steps/--timeout) or whose CPython run crashes.

Runs happen as gen_fixtures.py runs them: a fresh temporary directory with
NAME.pyc and NAME.py, PYTHON* variables removed, PYTHONHASHSEED=0, stdin
empty.  Usage: python3.12 tools/gen_limits.py PROGRAM-DIR OUT-DIR
"""
import importlib.util
import marshal
import os
import resource
import shutil
import subprocess
import sys
import tempfile

MTIME = 1700000000
MEM_LIMIT_KIB = 500000
RUN_TIMEOUT = 300

KINDS = {
    "steps_basic": "steps",
    "steps_mixed": "steps",
    "steps_extended_arg": "steps",
    "mem_list": "mem",
    "mem_caught": "mem",
    "rec_nested": "run",
    "rec_python": "run",
}

# Runs in a child: executes NAME.pyc's code object as __main__ and prints the
# instruction count on stderr's last line.
COUNTER = r'''
import marshal, sys
name = sys.argv[1]
with open(name + ".pyc", "rb") as f:
    code = marshal.loads(f.read()[16:])
mon = sys.monitoring
E = mon.events
n = 0
def count(c, *args):
    global n
    if c.co_filename == name + ".py":
        n += 1
mon.use_tool_id(3, "gen_limits")
for ev in (E.INSTRUCTION, E.PY_START, E.PY_RESUME):
    mon.register_callback(3, ev, count)
sys.argv = [name + ".pyc"]
mon.set_events(3, E.INSTRUCTION | E.PY_START | E.PY_RESUME)
try:
    exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
finally:
    mon.set_events(3, 0)
sys.stderr.write("%d\n" % n)
'''


def u32(v):
    return v.to_bytes(4, "little")


def pyc_bytes(name, source):
    code = compile(source, name + ".py", "exec", 0, True)
    header = importlib.util.MAGIC_NUMBER + u32(0) + u32(MTIME) + u32(len(source.encode()))
    return header + marshal.dumps(code)


def limit_memory():
    size = MEM_LIMIT_KIB * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size, size))


def run(name, pyc, source, argv, mem=False):
    tmp = tempfile.mkdtemp(prefix="gen_limits.")
    try:
        with open(os.path.join(tmp, name + ".pyc"), "wb") as f:
            f.write(pyc)
        with open(os.path.join(tmp, name + ".py"), "w") as f:
            f.write(source)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PYTHONHASHSEED"] = "0"
        proc = subprocess.run([sys.executable] + argv, cwd=tmp, env=env, input=b"",
                              capture_output=True, timeout=RUN_TIMEOUT,
                              preexec_fn=limit_memory if mem else None)
        return proc.stdout, proc.stderr, proc.returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    if sys.version_info[:2] != (3, 12):
        sys.exit("gen_limits: needs CPython 3.12")
    if os.environ.get("PYTHONHASHSEED") != "0":
        sys.exit("gen_limits: run with PYTHONHASHSEED=0")
    prog_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for fn in sorted(os.listdir(out_dir)):
        if fn.split(".")[-1] in ("pyc", "out", "err", "status", "steps"):
            os.remove(os.path.join(out_dir, fn))
    for fn in sorted(os.listdir(prog_dir)):
        if not fn.endswith(".py"):
            continue
        name = fn[:-3]
        with open(os.path.join(prog_dir, fn)) as f:
            source = f.read()
        pyc = pyc_bytes(name, source)
        base = os.path.join(out_dir, name)
        write(base + ".pyc", pyc)
        kind = KINDS.get(name)
        if kind:
            out, err, status = run(name, pyc, source, [name + ".pyc"], mem=kind == "mem")
            write(base + ".out", out)
            write(base + ".err", err)
            write(base + ".status", b"%d\n" % status)
        if kind == "steps":
            _, err, status = run(name, pyc, source, ["-c", COUNTER, name])
            if status != 0:
                sys.exit("gen_limits: %s: counting failed:\n%s" % (name, err.decode()))
            write(base + ".steps", err.splitlines()[-1] + b"\n")
        print("%s: %s" % (name, kind or "pyc only"))


main()

#!/usr/bin/env python3.12
"""stdlib_missing.py PYDBG [MODULE ...] -- the public names CPython 3.12's
modules have and pydbg's native ones lack.

Runs under python3.12: for each module it lists dir(module) here, then runs a
tiny program compiled by this interpreter under `PYDBG --run` that prints
dir() of pydbg's module, and prints the names only CPython has (dunder
module attributes like __file__ or __loader__ and imported helper modules
are left out).  Used to keep doc/stdlib.md's "not provided" lists honest.
"""
import os
import py_compile
import subprocess
import sys
import tempfile
import types

MODULES = ["sys", "math", "random", "time", "itertools", "functools", "collections",
           "collections.abc", "operator", "heapq", "bisect", "string", "copy", "typing",
           "dataclasses", "enum", "fractions", "decimal", "json", "re", "os", "os.path", "io",
           "textwrap", "statistics", "pprint", "types", "abc", "warnings", "atexit", "keyword",
           "__future__", "datetime", "calendar", "zoneinfo"]
MODULES += ["contextlib", "queue", "reprlib", "numbers", "graphlib", "errno", "unicodedata"]
IGNORED = {"__file__", "__loader__", "__spec__", "__cached__", "__builtins__", "__path__",
           "__package__", "__doc__", "__name__"}


def cpython_names(name):
    mod = __import__(name)
    for part in name.split(".")[1:]:
        mod = getattr(mod, part)
    out = set()
    for n in dir(mod):
        if n in IGNORED:
            continue
        if isinstance(getattr(mod, n), types.ModuleType):
            continue        # imported helper modules (re in fractions, sys in typing ...)
        out.add(n)
    return out


def pydbg_names(pydbg, name, tmp):
    src = os.path.join(tmp, "probe.py")
    with open(src, "w") as f:
        f.write("import %s\nm = %s\nprint('\\n'.join(dir(m)))\n" % (name, name))
    pyc = os.path.join(tmp, "probe.pyc")
    py_compile.compile(src, pyc, doraise=True)
    r = subprocess.run([pydbg, "--run", pyc], capture_output=True, text=True, cwd=tmp)
    if r.returncode != 0:
        return None
    return set(r.stdout.split())


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip())
        return 2
    pydbg = os.path.abspath(argv[1])
    names = argv[2:] or MODULES
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            want = cpython_names(name)
            have = pydbg_names(pydbg, name, tmp)
            if have is None:
                print("%s: NOT PROVIDED" % name)
                continue
            missing = sorted(want - have)
            print("%s: %d missing of %d%s%s" % (name, len(missing), len(want),
                                              ": " if missing else "", " ".join(missing)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

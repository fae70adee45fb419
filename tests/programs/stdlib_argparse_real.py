# min-version: 3.12
# argparse as scripts use it: a docstring description, ArgumentDefaultsHelpFormatter, FileType default, required subcommands, a wide required mutually exclusive group, intermixed parsing
"""Frobnicate the widgets.

This tool reads widget descriptions and frobnicates them
according to   several   rules.
"""
import argparse, sys

def build():
    p = argparse.ArgumentParser(prog="frob", description=__doc__, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="FILE", help="input files")
    p.add_argument("-o", "--output", type=argparse.FileType("w"), default=sys.stdout, help="where to write")
    p.add_argument("-n", "--dry-run", action="store_true", help="do nothing")
    p.add_argument("--level", type=int, choices=[1, 2, 3], default=2, help="level")
    p.add_argument("--name", help="name (default %(default)s)")
    p.add_argument("--ratio", type=float, default=0.5)
    p.add_argument("-v", "--verbose", action="count", help="more output")
    sub = p.add_subparsers(dest="command", required=True, help="what to do")
    f = sub.add_parser("frob", help="frobnicate")
    f.add_argument("--hard", action="store_true")
    sub.add_parser("unfrob", help="undo it")
    return p

p = build()
p.print_help()
for args in (["a"], ["a", "b", "frob", "--hard"], ["a", "--level", "5", "frob"], ["--level", "x"], ["a", "zap"]):
    try:
        ns = p.parse_args(args)
        print(ns.inputs, ns.level, ns.command, ns.output is sys.stdout)
    except SystemExit as e:
        print("exit", e.code)
sys.stderr = sys.stdout
q = argparse.ArgumentParser(prog="tool", description="x" * 200, epilog="See also: other-tool(1).")
g = q.add_mutually_exclusive_group(required=True)
for w in ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]:
    g.add_argument("--" + w, action="store_true", help="select " + w)
q.add_argument("target", nargs="?", default=".", help="target dir")
q.print_help()
try:
    q.parse_args([])
except SystemExit as e:
    print("exit", e.code)
try:
    q.parse_args(["--alpha", "--bravo"])
except SystemExit as e:
    print("exit", e.code)
r = argparse.ArgumentParser(prog="r")
r.add_argument("--opt", nargs="?", const="C", default="D")
r.add_argument("pos", nargs="*", type=int)
print(r.parse_args([]), r.parse_args(["--opt"]), r.parse_args(["--opt", "x", "1", "2"]), r.parse_args(["1", "--opt"]))
print(r.parse_known_args(["1", "--zz", "2"]))
print(r.format_usage(), end="")
p = argparse.ArgumentParser(prog="i")
p.add_argument("--foo")
p.add_argument("cmd")
p.add_argument("rest", nargs="*", type=int)
print(p.parse_intermixed_args("doit 1 --foo bar 2 3".split()))
print(p.parse_known_args("doit 1 --foo bar 2 3".split()))
print(p.parse_known_intermixed_args("doit 1 --foo bar 2 --zz 3".split()))
print(p.usage)
try:
    p.parse_intermixed_args(["--foo", "x"])
except SystemExit as e:
    print("exit", e.code)
q = argparse.ArgumentParser(prog="q")
q.add_argument("x", nargs="...")
try:
    q.parse_intermixed_args([])
except TypeError as e:
    print("TypeError", e)

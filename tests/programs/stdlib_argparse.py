# min-version: 3.12
# argparse: parsing (positionals, optionals, nargs, types, actions, defaults)
import argparse
import sys


def run(parser, args):
    try:
        ns = parser.parse_args(args)
        print(ns)
        return ns
    except SystemExit as e:
        print("SystemExit", e.code)


p = argparse.ArgumentParser(prog="demo")
p.add_argument("src")
p.add_argument("dst", nargs="?", default="out.txt")
p.add_argument("-n", "--count", type=int, default=1)
p.add_argument("-r", "--ratio", type=float)
p.add_argument("-q", "--quiet", action="store_true")
p.add_argument("--no-color", dest="color", action="store_false")
p.add_argument("-v", action="count", default=0, dest="verbosity")
p.add_argument("-I", "--include", action="append", default=[])
p.add_argument("--const", action="store_const", const=42)
p.add_argument("--tag", action="append_const", const="T", dest="tags")
p.add_argument("--mode", choices=["fast", "slow"], default="fast")
p.add_argument("--pair", nargs=2, metavar=("K", "V"))
p.add_argument("--many", nargs="*")
p.add_argument("--some", nargs="+", type=int)
p.add_argument("--ext", action="extend", nargs="+")
run(p, ["a"])
run(p, ["a", "b", "-n", "5", "-r", "2.5", "-q", "--no-color", "-vvv"])
run(p, ["a", "-I", "x", "-I", "y", "--include=z", "--const", "--tag", "--tag"])
run(p, ["a", "--mode", "slow", "--pair", "k", "v", "--many", "--some", "1", "2"])
run(p, ["a", "--many", "1", "2", "--ext", "p", "q", "--ext", "r"])
run(p, ["a", "-n3", "-vq"])
run(p, ["--count=7", "a", "b"])
run(p, ["a", "--cou", "9"])
run(p, ["a", "--", "-x"])
# errors
run(p, [])
run(p, ["a", "-n", "x"])
run(p, ["a", "-r", "nan?"])
run(p, ["a", "--mode", "medium"])
run(p, ["a", "b", "c"])
run(p, ["a", "--pair", "k"])
run(p, ["a", "--some"])
run(p, ["a", "-n"])
run(p, ["a", "--unknown"])
run(p, ["a", "--m", "fast"])
ns, rest = p.parse_known_args(["a", "--zzz", "b", "-k"])
print(ns.src, ns.dst, rest)

# types and user functions
def positive(s):
    v = int(s)
    if v <= 0:
        raise argparse.ArgumentTypeError("%r is not positive" % s)
    return v

def pair(s):
    a, b = s.split(",")
    return (a, b)

q = argparse.ArgumentParser(prog="types")
q.add_argument("--pos", type=positive)
q.add_argument("--pair", type=pair)
q.add_argument("--c", type=complex)
q.add_argument("--f", type=float, default="1.5")
run(q, ["--pos", "3", "--pair", "a,b", "--c", "1+2j"])
run(q, ["--pos", "-3"])
run(q, ["--pos", "abc"])
run(q, ["--pair", "abc"])

# REMAINDER, BooleanOptionalAction, negative numbers
r = argparse.ArgumentParser(prog="rem")
r.add_argument("--feature", action=argparse.BooleanOptionalAction, default=True)
r.add_argument("cmd")
r.add_argument("rest", nargs=argparse.REMAINDER)
run(r, ["ls", "-l", "--all"])
run(r, ["--no-feature", "x"])
run(r, ["--feature", "x", "y"])
n = argparse.ArgumentParser(prog="neg")
n.add_argument("x", type=int)
n.add_argument("-y", type=int)
run(n, ["-5", "-y", "-3"])

# Namespace
ns = argparse.Namespace(a=1, b="x")
print(ns, ns == argparse.Namespace(a=1, b="x"), "a" in ns, "c" in ns, vars(ns))
print(argparse.Namespace(**{"not valid": 1, "ok": 2}))
ns2 = argparse.Namespace()
p.parse_args(["zz"], namespace=ns2)
print(ns2.src, ns2.count)

# defaults
d = argparse.ArgumentParser(prog="d", argument_default=argparse.SUPPRESS)
d.add_argument("--x")
d.add_argument("--y", default=3)
d.set_defaults(z=9, y=4)
run(d, [])
run(d, ["--x", "1"])
print(d.get_default("y"), d.get_default("z"), d.get_default("x"))

# sys.argv and no arguments
sys.argv = ["/usr/local/bin/tool.py"]
t = argparse.ArgumentParser()
t.add_argument("--level", default="info")
print(t.prog, t.parse_args())
sys.argv = ["tool", "--level", "debug", "extra"]
try:
    t.parse_args()
except SystemExit as e:
    print("SystemExit", e.code)

# exit_on_error=False
e = argparse.ArgumentParser(prog="e", exit_on_error=False)
e.add_argument("--n", type=int)
try:
    e.parse_args(["--n", "x"])
except argparse.ArgumentError as err:
    print("ArgumentError:", err, "|", err.argument_name, "|", err.message)

# add_argument errors
for args, kw in [(("-x",), {"action": "store_true", "type": int}),
                 (("x",), {"required": True}),
                 (("--y",), {"action": "bogus"}),
                 (("--z",), {"nargs": 0}),
                 (("bad", "-b"), {}),
                 (("--w",), {"metavar": ("A", "B")}),
                 (("-h",), {})]:
    try:
        p.add_argument(*args, **kw)
    except (ValueError, TypeError, argparse.ArgumentError) as err:
        print(type(err).__name__, err)

a = p.add_argument("--later", help="h")
print(a)
print(repr(argparse.SUPPRESS), argparse.OPTIONAL, argparse.ZERO_OR_MORE, argparse.ONE_OR_MORE, argparse.REMAINDER)

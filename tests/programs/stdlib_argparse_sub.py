# min-version: 3.12
# argparse: subcommands, custom Action classes, parents, conflict handling, FileType, subclassing; ends with an uncaught usage error (status 2)
import argparse
import sys


def run(parser, args):
    try:
        ns = parser.parse_args(args)
        print(ns)
        return ns
    except SystemExit as e:
        print("SystemExit", e.code)


def cmd_add(ns):
    return "add %s" % ns.name


p = argparse.ArgumentParser(prog="git-like")
p.add_argument("--verbose", "-v", action="store_true")
sub = p.add_subparsers(dest="command", help="sub-command help")
a = sub.add_parser("add", help="add a thing", aliases=["a"])
a.add_argument("name")
a.add_argument("--force", action="store_true")
a.set_defaults(func="cmd_add")
rm = sub.add_parser("remove", help="remove things")
rm.add_argument("names", nargs="*")
rm.add_argument("-r", "--recursive", action="store_true")
sub.add_parser("status")
ns = run(p, ["add", "foo", "--force"])
print(globals()[ns.func](ns))
run(p, ["-v", "a", "bar"])
run(p, ["remove", "x", "y", "-r"])
run(p, ["status"])
run(p, [])
run(p, ["bogus"])
run(p, ["add"])
run(p, ["remove", "--nope"])
p.print_help()
a.print_help()
print(a.prog, rm.prog)

# required subparsers with a title
t = argparse.ArgumentParser(prog="titled")
s2 = t.add_subparsers(title="commands", description="what to do", dest="cmd", required=True, metavar="CMD")
s2.add_parser("go", help="go somewhere")
s2.add_parser("stop")
t.print_help()
run(t, [])
run(t, ["go"])

# custom actions
class Upper(argparse.Action):
    def __init__(self, option_strings, dest, nargs=None, **kwargs):
        super().__init__(option_strings, dest, nargs=nargs, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print("  Upper called with", repr(values), option_string)
        if isinstance(values, list):
            values = [v.upper() for v in values]
        else:
            values = values.upper()
        setattr(namespace, self.dest, values)


class KeyValue(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        d = getattr(namespace, self.dest) or {}
        k, _, v = values.partition("=")
        if not _:
            parser.error("expected KEY=VALUE, got %r" % values)
        d[k] = v
        setattr(namespace, self.dest, d)


c = argparse.ArgumentParser(prog="custom")
c.add_argument("--name", action=Upper)
c.add_argument("words", nargs="*", action=Upper)
c.add_argument("-D", action=KeyValue, dest="defs", metavar="KEY=VALUE")
run(c, ["--name", "bob", "x", "y", "-D", "a=1", "-D", "b=2"])
run(c, ["-D", "oops"])
print(repr(Upper(["--u"], "u")))

# parents and conflicts
base = argparse.ArgumentParser(add_help=False)
base.add_argument("--config", default="cfg.ini")
base.set_defaults(loaded=True)
child = argparse.ArgumentParser(prog="child", parents=[base])
child.add_argument("--extra", type=int)
run(child, ["--config", "x.ini", "--extra", "3"])
res = argparse.ArgumentParser(prog="res", conflict_handler="resolve")
res.add_argument("-f", "--foo", help="old foo")
res.add_argument("--foo", help="new foo")
res.print_help()
try:
    argparse.ArgumentParser(conflict_handler="nope")
except ValueError as err:
    print("ValueError", err)

# subclass overriding error()
class Quiet(argparse.ArgumentParser):
    def error(self, message):
        raise ValueError("bad command line: " + message)

qp = Quiet(prog="quiet")
qp.add_argument("n", type=int)
try:
    qp.parse_args(["x"])
except ValueError as err:
    print("caught:", err)

# FileType
ft = argparse.FileType("w")
print(ft, argparse.FileType("rb", encoding="latin-1"))
fp = argparse.ArgumentParser(prog="files")
fp.add_argument("infile", type=argparse.FileType("r"))
run(fp, ["/nonexistent/file.txt"])
ns = fp.parse_args(["-"])
print(ns.infile is sys.stdin)

# abbreviations
ab = argparse.ArgumentParser(prog="ab", allow_abbrev=False)
ab.add_argument("--long-option")
run(ab, ["--long", "1"])
amb = argparse.ArgumentParser(prog="amb")
amb.add_argument("--alpha")
amb.add_argument("--alpine")
run(amb, ["--alp", "1"])
run(amb, ["--alph", "1"])

# an uncaught error: usage and message on stderr, status 2
final = argparse.ArgumentParser(prog="final", description="the end")
final.add_argument("count", type=int)
final.parse_args(["many"])
print("not reached")

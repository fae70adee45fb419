# min-version: 3.12
# argparse: help and usage layout (wrapping at 78 columns, groups, formatter classes, version, -h)
import argparse
import sys

sys.stderr = sys.stdout   # keep the error text in order with the rest

p = argparse.ArgumentParser(
    prog="backup-tool",
    description="Copy files from one place to another, keeping a log of every file that was "
                "copied, skipped or failed.   Whitespace   is squashed.",
    epilog="Report bugs to nobody. %(prog)s is free software.")
p.add_argument("source", help="directory to read from")
p.add_argument("targets", nargs="+", metavar="TARGET", help="where the copies go")
p.add_argument("-n", "--dry-run", action="store_true", help="print what would be done without doing it")
p.add_argument("-j", "--jobs", type=int, default=4, help="number of parallel jobs (default: %(default)s)")
p.add_argument("--exclude-pattern-list-file", metavar="FILE", help="a file of glob patterns to leave out")
p.add_argument("--level", choices=["low", "mid", "high"], default="mid", help="one of %(choices)s")
p.add_argument("--secret", help=argparse.SUPPRESS)
p.add_argument("--opt", nargs="?", const="c", help="optional value")
p.add_argument("--star", nargs="*")
p.add_argument("--two", nargs=2)
p.add_argument("--version", action="version", version="%(prog)s 2.0")
g = p.add_argument_group("network", "Options that control how the tool talks to remote hosts.")
g.add_argument("--host", default="localhost", help="remote host")
g.add_argument("--port", type=int, help="remote port, an integer in the range 1 to 65535 inclusive, used when the host is remote")
m = p.add_mutually_exclusive_group()
m.add_argument("--fast", action="store_true")
m.add_argument("--slow", action="store_true")
p.print_help()
print("----")
print(p.format_usage(), end="")
p.print_usage()
for args in (["--version"], ["-h"], ["s", "t", "--fast", "--slow"], ["s"]):
    try:
        p.parse_args(args)
    except SystemExit as e:
        print("SystemExit", e.code)

# required mutually exclusive group, short usage
q = argparse.ArgumentParser(prog="q", add_help=False)
mx = q.add_mutually_exclusive_group(required=True)
mx.add_argument("-a", action="store_true")
mx.add_argument("-b", action="store_true")
q.add_argument("pos", nargs="*", default=[])
q.print_help()
for args in ([], ["-a", "-b"], ["-a", "x"]):
    try:
        print(q.parse_args(args))
    except SystemExit as e:
        print("SystemExit", e.code)

# formatter classes
text = "first line\n  indented line\n\nlast   line"
for cls in (argparse.HelpFormatter, argparse.RawDescriptionHelpFormatter,
            argparse.RawTextHelpFormatter, argparse.ArgumentDefaultsHelpFormatter,
            argparse.MetavarTypeHelpFormatter):
    f = argparse.ArgumentParser(prog="fmt", description=text, formatter_class=cls)
    f.add_argument("--alpha", type=int, default=1, help="alpha\n  value")
    f.add_argument("--beta", type=str, default="b")
    f.add_argument("gamma", type=float, nargs="?", default=0.5, help="gamma")
    print("==", cls.__name__)
    f.print_help()

# narrow help position and width
w = argparse.ArgumentParser(prog="w", formatter_class=lambda prog: argparse.HelpFormatter(prog, max_help_position=40, width=60))
w.add_argument("--a-rather-long-option-name", help="some help text that will need to wrap on a narrow width")
w.add_argument("-s", help="short")
w.print_help()

# long usage that wraps, with a long program name
long_prog = argparse.ArgumentParser(prog="a-program-with-a-really-quite-extraordinarily-long-name-indeed")
for i in range(6):
    long_prog.add_argument("--option-%d" % i, metavar="VALUE%d" % i)
long_prog.add_argument("input_file")
long_prog.add_argument("output_file")
long_prog.print_usage()
many = argparse.ArgumentParser(prog="many")
for i in range(12):
    many.add_argument("--flag%d" % i, action="store_true")
many.add_argument("first")
many.add_argument("second", nargs="*")
many.print_usage()
try:
    many.parse_args([])
except SystemExit as e:
    print("SystemExit", e.code)

# usage given explicitly, no description
u = argparse.ArgumentParser(prog="u", usage="%(prog)s [options] file")
u.add_argument("file")
u.print_help()
print(repr(argparse.ArgumentParser(prog="empty", add_help=False).format_help()))

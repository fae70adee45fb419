# min-version: 3.12
# optparse: add_option with store/store_false/store_const/count/append/callback/choice/int/float/nargs, %default in help, option groups, print_help layouts of both formatters, usage/version/epilog, abbreviations and their errors, type errors (exit 2 with usage on stderr), OptionError messages, Values; ends with --help (exit 0)
import optparse, sys
parser = optparse.OptionParser(usage="%prog [options] FILE", version="%prog 1.0", prog="tool",
                               description="A tool that does things with files and prints a long description to check the wrapping of text in help output.")
parser.add_option("-f", "--file", dest="filename", help="write report to FILE", metavar="FILE")
parser.add_option("-q", "--quiet", action="store_false", dest="verbose", default=True, help="don't print status messages to stdout")
parser.add_option("-n", "--num", type="int", default=3, help="number of things [default: %default]")
parser.add_option("--ratio", type="float", help="a ratio")
parser.add_option("-v", action="count", dest="verbosity", help="more verbose")
parser.add_option("-I", "--include", action="append", help="include path (may repeat); this help text is intentionally long so that it wraps onto several lines")
parser.add_option("--mode", choices=["fast", "slow"], default="fast", help="mode: %default")
parser.add_option("--const", action="store_const", const=42, dest="answer")
parser.add_option("--secret", help=optparse.SUPPRESS_HELP)
group = optparse.OptionGroup(parser, "Dangerous Options", "Caution: use these options at your own risk.  It is believed that some of them bite.")
group.add_option("-g", action="store_true", help="Group option.")
parser.add_option_group(group)
parser.print_help()
opts, args = parser.parse_args(["-f", "out.txt", "-qvv", "--num=7", "-I", "a", "--include", "b", "x", "--mode", "slow", "y", "--const", "--rat", "0.5", "--", "-z"])
print(opts.filename, opts.verbose, opts.num, opts.verbosity, opts.include, opts.mode, opts.answer, opts.ratio, opts.g, args)
print(sorted(vars(opts).items()))
opts, args = parser.parse_args([])
print(opts, args)
print(parser.get_usage(), parser.get_version(), parser.has_option('-f'), parser.get_option('--num').dest, parser.get_option('--nope'))
print(str(parser.get_option('-f')), parser.get_option('-f').takes_value(), parser.get_option('-q').get_opt_string())
print(parser.defaults)
def cb(option, opt_str, value, parser, extra):
    print('callback', opt_str, value, extra, parser.largs, parser.rargs)
    setattr(parser.values, option.dest, value * 2)
p2 = optparse.OptionParser(prog="p2", add_help_option=False)
p2.add_option("-c", action="callback", callback=cb, type="int", dest="cval", callback_args=("E",))
p2.add_option("-x", nargs=2, type="int")
p2.disable_interspersed_args()
o, a = p2.parse_args(["-c", "5", "-x", "1", "2", "pos", "-c", "1"])
print(o.cval, o.x, a)
p2.print_help()
p3 = optparse.OptionParser(prog="p3", formatter=optparse.TitledHelpFormatter())
p3.add_option("--long-option-name-that-is-very-long", "-l", metavar="VALUE", help="help that goes on the next line")
p3.add_option("--flag", action="store_true")
p3.print_help()
p3.print_usage()
p4 = optparse.OptionParser(prog="p4", usage=optparse.SUPPRESS_USAGE, epilog="The end.")
p4.set_defaults(x=1, y='s')
p4.add_option("--y", dest="y")
o4, a4 = p4.parse_args(["--y=t"]); print(o4, a4)
p4.print_help()
p5 = optparse.OptionParser(prog="p5")
p5.add_option("--verbose", action="store_true")
p5.add_option("--version-info", action="store_true")
for argv in [["--verb"], ["--ver"], ["--nope"], ["-z"], ["--verbose=1"]]:
    try:
        p5.parse_args(argv)
    except SystemExit as e:
        print("exit", e.code)
for argv in [["-n", "abc"], ["--mode", "medium"], ["-f"], ["--ratio", "x"], ["-n", "0x1f"], ["-n", "010"]]:
    try:
        o, a = parser.parse_args(argv)
        print(o.num)
    except SystemExit as e:
        print("exit", e.code)
for bad in [lambda: optparse.Option("x"), lambda: optparse.Option("-xy"), lambda: optparse.Option("--"), lambda: optparse.Option("-x", action="bogus"),
            lambda: optparse.Option("-x", type="bogus"), lambda: optparse.Option("-x", action="store_true", type="int"), lambda: optparse.Option("-x", bogus=1),
            lambda: optparse.Option("-x", type="choice"), lambda: optparse.Option("-x", const=1), lambda: optparse.Option(),
            lambda: parser.add_option("-f"), lambda: optparse.Option("-x", action="callback", callback=5), lambda: optparse.Option("-x", choices="ab")]:
    try:
        bad()
    except (optparse.OptionError, TypeError) as e:
        print(type(e).__name__, e)
v = optparse.Values({'a': 1})
print(v, v == {'a': 1}, v.ensure_value('b', []), v)
try:
    parser.parse_args(["--version"])
except SystemExit as e:
    print("exit", e.code)
parser.parse_args(["--help"])

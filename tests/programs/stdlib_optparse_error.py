# min-version: 3.12
# optparse: a script-style parser whose positional-argument check calls parser.error(): usage and "prog: error: msg" on stderr, exit status 2
from optparse import OptionParser
parser = OptionParser(usage="usage: %prog [options] arg1 arg2", prog="script")
parser.add_option("-v", "--verbose", action="store_true", dest="verbose", default=True, help="make lots of noise [default]")
parser.add_option("-m", "--mode", default="intermediate", help="interaction mode: novice, intermediate, or expert [default: %default]")
options, args = parser.parse_args(["-v", "only-one"])
print(options.verbose, options.mode, args)
if len(args) != 2:
    parser.error("incorrect number of arguments")
print("not reached")

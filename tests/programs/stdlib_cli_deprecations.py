# min-version: 3.12
# DeprecationWarnings shown under the default filters: nested argparse groups, Logger.warn and logging.warn; BooleanOptionalAction's type/metavar warning stays silent
import argparse
p = argparse.ArgumentParser(prog="d")
p.add_argument("--flag", action=argparse.BooleanOptionalAction, type=bool, metavar="X")
g = p.add_argument_group("g")
g2 = g.add_argument_group("nested")
m = p.add_mutually_exclusive_group()
m2 = m.add_mutually_exclusive_group()
import logging
logging.getLogger("w").warn("old warn")
logging.warn("module warn")
print("done")

# min-version: 3.12
# logging.captureWarnings, formatTime with a fixed converter and record, argparse fromfile_prefix_chars
import logging, time, argparse, sys
import logging, warnings
f = logging.Formatter("%(asctime)s|%(msecs)03d|%(created).3f|%(relativeCreated)s", datefmt=None)
f.converter = time.gmtime
r = logging.makeLogRecord({"created": 1700000000.25, "msecs": 250.0, "relativeCreated": 5.0, "msg": "m"})
print(f.format(r))
f2 = logging.Formatter("{asctime} {message}", datefmt="%Y/%m/%d %H:%M", style="{")
f2.converter = time.gmtime
print(f2.format(r), f2.usesTime(), f.formatTime(r, "%H:%M:%S"))
class F(logging.Formatter):
    default_msec_format = "%s.%03d"
F.converter = time.gmtime
print(F().formatTime(r))
with open("args.txt", "w") as fp:
    fp.write("--x\n5\npos1\n")
p = argparse.ArgumentParser(prog="ff", fromfile_prefix_chars="@")
p.add_argument("--x", type=int)
p.add_argument("pos")
print(p.parse_args(["@args.txt"]))
try:
    p.parse_args(["@missing.txt"])
except SystemExit as e:
    print("exit", e.code)
import os; os.remove("args.txt")
lg = logging.getLogger("si")
h = logging.StreamHandler(sys.stdout)
lg.addHandler(h); lg.propagate = False
def inner():
    lg.warning("with stack", stack_info=True)
logging.basicConfig(stream=sys.stdout, force=True, format="%(name)s:%(levelname)s:%(message)s")
logging.captureWarnings(True)
warnings.warn("captured one")
warnings.warn("deprecated", DeprecationWarning)
warnings.simplefilter("always")
warnings.warn("deprecated now", DeprecationWarning)
logging.captureWarnings(False)
warnings.warn("back to stderr")
logging.captureWarnings(True)
logging.getLogger("py.warnings").propagate = False
warnings.warn("to the NullHandler? no: root handler not reached")
print(logging.getLogger("py.warnings").handlers)

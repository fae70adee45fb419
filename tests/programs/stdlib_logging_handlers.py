# min-version: 3.12
# logging: handlers (Stream, File, Null, custom), filters, LoggerAdapter, extra, exception tracebacks, Formatter subclasses; ends with records on stderr
import logging
import os
import sys

log = logging.getLogger("svc")
log.setLevel(logging.DEBUG)
log.propagate = False
h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter("[%(levelname)s] %(name)s: %(message)s"))
log.addHandler(h)
log.addHandler(h)                     # added once only
print(len(log.handlers), h.level, h.name, h.formatter is not None)

# exceptions
def divide(a, b):
    return a / b

try:
    divide(1, 0)
except ZeroDivisionError:
    log.exception("division failed for %d/%d", 1, 0)
    log.error("with exc_info", exc_info=True)
try:
    {}["missing"]
except KeyError as e:
    log.warning("caught %r", e, exc_info=e)
log.error("exc_info outside an except", exc_info=True)
log.critical("chained:")
try:
    try:
        int("x")
    except ValueError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError:
    log.exception("boom")

# filters
class OnlyEven(logging.Filter):
    def filter(self, record):
        return record.args and record.args[0] % 2 == 0

f = OnlyEven()
log.addFilter(f)
for i in range(4):
    log.info("number %d", i)
log.removeFilter(f)
log.addFilter(lambda r: "secret" not in r.getMessage())
log.info("a secret message")
log.info("a public message")
log.filters.clear()

nf = logging.Filter("svc.db")
for name in ("svc", "svc.db", "svc.db.pool", "svc.dbx"):
    rec = logging.LogRecord(name, 20, "p", 1, "m", None, None)
    print(name, bool(nf.filter(rec)))

def add_context(record):
    record.user = "alice"
    return True
hf = logging.StreamHandler(sys.stdout)
hf.setFormatter(logging.Formatter("%(user)s did %(message)s"))
hf.addFilter(add_context)
ctx = logging.getLogger("ctx")
ctx.propagate = False
ctx.addHandler(hf)
ctx.warning("something")

# handler levels
quiet = logging.StreamHandler(sys.stdout)
quiet.setLevel(logging.ERROR)
quiet.setFormatter(logging.Formatter("QUIET %(message)s"))
log.addHandler(quiet)
log.warning("only the first handler")
log.error("both handlers")
log.removeHandler(quiet)
print(quiet, logging.NullHandler(), logging.Handler(logging.INFO))

# extra and LoggerAdapter
log.info("with extra %s", "x", extra={"ip": "10.0.0.1"})
try:
    log.info("bad extra", extra={"message": "no"})
except KeyError as e:
    print("KeyError", e)

class Adapter(logging.LoggerAdapter):
    def process(self, msg, kwargs):
        return "[%s] %s" % (self.extra["conn"], msg), kwargs

ad = Adapter(log, {"conn": 7})
ad.info("hello %s", "there")
ad.debug("debug via adapter")
plain = logging.LoggerAdapter(log, {"k": "v"})
plain.warning("plain adapter")
print(ad, plain.name, plain.isEnabledFor(logging.DEBUG), plain.getEffectiveLevel(), ad.manager is logging.Logger.manager)

# custom handler and formatter subclasses
class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
    def emit(self, record):
        self.records.append(self.format(record))

class Upper(logging.Formatter):
    def format(self, record):
        return super().format(record).upper()

lh = ListHandler()
lh.setFormatter(Upper("%(levelname)s %(message)s"))
log.addHandler(lh)
log.info("collected one")
log.debug("collected two")
print(lh.records)
log.removeHandler(lh)

# a FileHandler, read back
fh = logging.FileHandler("test_log.txt", mode="w")
fh.setFormatter(logging.Formatter("%(levelname)s:%(message)s"))
fl = logging.getLogger("file")
fl.propagate = False
fl.addHandler(fh)
fl.warning("line one")
fl.error("line %d", 2)
print(repr(fh).replace(os.getcwd(), "CWD"), fh.mode, os.path.basename(fh.baseFilename))
fh.close()
with open("test_log.txt") as fp:
    print(repr(fp.read()))
os.remove("test_log.txt")

# NullHandler keeps records from lastResort
lib = logging.getLogger("library")
lib.addHandler(logging.NullHandler())
lib.warning("swallowed")

# makeLogRecord, custom levels through log()
r = logging.makeLogRecord({"name": "made", "msg": "made %s", "args": ("up",), "levelno": 20, "levelname": "INFO"})
print(r.getMessage(), r.name)
log.log(5, "below debug")
log.log(45, "between error and critical")
try:
    log.log("INFO", "level as a string")
except TypeError as e:
    print("TypeError", e)
print(log.isEnabledFor(5), log.getEffectiveLevel())

# records for stderr: lastResort and a handler on sys.stderr
logging.getLogger("last").error("to stderr via lastResort")
eh = logging.StreamHandler()
eh.setFormatter(logging.Formatter("%(name)s - %(levelname)s - %(message)s"))
e = logging.getLogger("err")
e.addHandler(eh)
e.propagate = False
e.warning("a warning on stderr")
try:
    [][1]
except IndexError:
    e.exception("index problem")
print(eh)

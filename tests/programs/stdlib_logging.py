# min-version: 3.12
# logging: the unconfigured defaults (lastResort, module-level basicConfig), levels, the logger hierarchy, formatters and styles, basicConfig errors
import logging
import sys

# no configuration: a named logger's warnings go to stderr as bare messages
log = logging.getLogger("app")
log.warning("disk is %d%% full", 93)
log.info("hidden")
log.error("error with %s and %r", "str", "repr")
print(log, logging.getLogger(), logging.root.handlers)

# levels
for v in (0, 10, 20, 30, 40, 50, 15, "DEBUG", "WARN", "FATAL", "nope"):
    print(repr(v), "->", repr(logging.getLevelName(v)))
logging.addLevelName(25, "NOTICE")
print(logging.getLevelName(25), logging.getLevelName("NOTICE"))
print(logging.getLevelNamesMapping())
print(logging.DEBUG, logging.INFO, logging.WARNING, logging.WARN, logging.ERROR, logging.CRITICAL, logging.FATAL, logging.NOTSET)
for bad in ("LOUD", 2.5, None):
    try:
        log.setLevel(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

# the hierarchy
a = logging.getLogger("a")
abc = logging.getLogger("a.b.c")
ab = logging.getLogger("a.b")
print(abc.parent is ab, ab.parent is a, a.parent is logging.root)
print(logging.getLogger("a.b") is ab, logging.getLogger("root") is logging.root, logging.getLogger("") is logging.root)
print(ab.getChild("c") is abc, logging.root.getChild("a") is a)
a.setLevel(logging.INFO)
print(abc.getEffectiveLevel(), abc.isEnabledFor(logging.DEBUG), abc.isEnabledFor(logging.INFO), repr(abc))
print(a.hasHandlers(), abc.hasHandlers(), a.propagate, a.disabled)

out = logging.StreamHandler(sys.stdout)
out.setFormatter(logging.Formatter("%(name)s|%(levelname)s|%(levelno)d|%(message)s"))
a.addHandler(out)
abc.info("from %s", "abc")
abc.debug("not shown")
ab.warning("from ab")
ab.propagate = False
ab.warning("stops at ab (no handler: lastResort)")
ab.propagate = True
print(a.hasHandlers(), abc.hasHandlers(), out, repr(out.formatter._fmt))

# the root logger and basicConfig
logging.basicConfig(level=logging.DEBUG, stream=sys.stdout,
                    format="%(levelname)-8s %(name)s %(module)s %(filename)s:%(lineno)d %(funcName)s: %(message)s")
def work(n):
    logging.debug("working on %d", n)
    logging.getLogger("a.b").info("child of a")
    return n * 2
work(3)
logging.info("dict args: %(x)s and %(y)s", {"x": 1, "y": 2})
logging.log(25, "custom level %s", "NOTICE")
logging.warning("pct literal 100%")
logging.basicConfig(level=logging.ERROR)      # ignored: the root has a handler
print(logging.root.level, logging.root.handlers)
logging.critical("critical")
logging.fatal("fatal")

# formatters: styles, defaults, validation
rec = logging.LogRecord("n", logging.INFO, "/path/to/mod.py", 42, "hello %s", ("world",), None, "fn")
print(rec, rec.getMessage(), rec.filename, rec.module, rec.funcName, rec.levelname, rec.args)
for style, fmt in (("%", "%(levelname)s:%(message)s"), ("{", "{levelname}:{message:>8}"),
                   ("$", "${levelname}:$message")):
    f = logging.Formatter(fmt, style=style)
    print(style, repr(f.format(rec)), f.usesTime())
print(repr(logging.Formatter().format(rec)))
print(repr(logging.Formatter("%(custom)s %(message)s", defaults={"custom": "dflt"}).format(rec)))
for args, kw in [(("%(message)",), {}), (("no fields",), {"style": "{"}), (("x",), {"style": "$"}),
                 (("x",), {"style": "?"}), (("$",), {"style": "$"})]:
    try:
        logging.Formatter(*args, **kw)
    except ValueError as e:
        print("ValueError", e)
try:
    logging.Formatter("%(nosuch)s").format(rec)
except ValueError as e:
    print("ValueError", e)

for kw in ({"stream": sys.stdout, "filename": "x.log", "force": True},
           {"handlers": [], "stream": sys.stdout, "force": True},
           {"style": "^", "force": True},
           {"bogus": 1, "force": True}):
    try:
        logging.basicConfig(**kw)
    except ValueError as e:
        print("ValueError", e)
print(logging.root.handlers)
logging.basicConfig(force=True, stream=sys.stdout, format="{name}/{levelname}/{message}", style="{")
logging.warning("after force")

# disable
logging.disable(logging.WARNING)
logging.warning("disabled")
logging.error("error still shown")
logging.disable(logging.NOTSET)
logging.warning("enabled again")
log.warning("the app logger now propagates to the root handler")

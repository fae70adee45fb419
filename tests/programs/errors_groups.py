# min-version: 3.12
# Exception groups as the default hook draws them: nested groups, tracebacks
# inside the box, notes, chained sub-exceptions, the 15-wide and 10-deep
# limits; ends with an uncaught group (status 1).
import sys


def leaf(kind, n):
    raise kind(n)


def collect(kinds):
    errors = []
    for i, kind in enumerate(kinds):
        try:
            leaf(kind, i)
        except Exception as e:
            errors.append(e)
    return errors


def show(make):
    try:
        make()
    except BaseException:
        sys.excepthook(*sys.exc_info())
    print("shown")


def simple():
    raise ExceptionGroup("simple", collect([ValueError, TypeError]))


def nested():
    inner = ExceptionGroup("inner", collect([KeyError, IndexError]))
    inner.add_note("inner note")
    raise ExceptionGroup("outer", [inner, OSError("disk")])


def wide():
    raise ExceptionGroup("wide", [ValueError(i) for i in range(17)])


def deep():
    e = ValueError("bottom")
    for i in range(12):
        e = ExceptionGroup("level %d" % i, [e])
    raise e


def with_context():
    try:
        raise ExceptionGroup("first", [ValueError(1)])
    except ExceptionGroup:
        raise ExceptionGroup("second", [TypeError(2)])


def sub_with_context():
    try:
        1 / 0
    except ZeroDivisionError:
        try:
            raise KeyError("k")
        except KeyError as k:
            err = k
    raise BaseExceptionGroup("mixed", [err, KeyboardInterrupt()])


for make in (simple, nested, wide, deep, with_context, sub_with_context):
    show(make)

try:
    raise ExceptionGroup("handled", [ValueError("v"), TypeError("t")])
except* ValueError as eg:
    print("caught", repr(eg.exceptions))
except* TypeError as eg:
    raise ExceptionGroup("final", [RuntimeError("r")] + list(eg.exceptions))

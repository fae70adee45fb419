# traceback: print_exc / format_exc / format_exception and friends
# min-version: 3.12
import sys
import traceback


def inner(x):
    return 10 / x


def middle(x):
    values = [1, 2, 3]
    return inner(x) + values[x]


def outer(x):
    return middle(x)


try:
    outer(0)
except ZeroDivisionError:
    traceback.print_exc()
    text = traceback.format_exc()
    print(text, end="")
    print(repr(text.splitlines()[-1]))

try:
    outer(5)
except Exception as e:
    parts = traceback.format_exception(e)
    print(len(parts))
    for p in parts:
        print(repr(p))
    print(traceback.format_exception_only(e))
    print(traceback.format_exception_only(type(e), e))
    print("".join(traceback.format_exception(type(e), e, e.__traceback__)), end="")
    traceback.print_exception(e, file=sys.stdout)
    traceback.print_exception(type(e), e, e.__traceback__, limit=1, file=sys.stdout)
    traceback.print_exception(e, limit=-1, file=sys.stdout)
    traceback.print_exception(e, limit=0, file=sys.stdout)
    print(traceback.format_exception(e, limit=2)[1:3])

# chained exceptions
def convert(s):
    try:
        return int(s)
    except ValueError as e:
        raise RuntimeError("bad input " + repr(s)) from e


def convert2(s):
    try:
        return int(s)
    except ValueError:
        raise KeyError(s)


for f in (convert, convert2):
    try:
        f("abc")
    except Exception:
        traceback.print_exc(file=sys.stdout)
        print("-- no chain --")
        traceback.print_exc(file=sys.stdout, chain=False)

# no exception being handled
print(repr(traceback.format_exc()))
traceback.print_exc(file=sys.stdout)
print(traceback.format_exception_only(None))

# an exception never raised
e = ValueError("never raised")
print(traceback.format_exception(e))
e.add_note("a note")
e.add_note("two\nlines")
print(traceback.format_exception_only(e))

# a bare exception class name, empty message
try:
    raise KeyboardInterrupt
except BaseException as exc:
    print(traceback.format_exception_only(exc))

try:
    traceback.print_exception("x")
except TypeError as exc:
    print("TypeError:", exc)
try:
    traceback.print_exception(ValueError, ValueError())
except ValueError as exc:
    print("ValueError:", exc)

# print_exc to stderr last
try:
    {}["missing"]
except KeyError:
    traceback.print_exc()

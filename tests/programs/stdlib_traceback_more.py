# traceback: sys.exc_info forms, multi-line carets, comprehensions, SyntaxError, print_stack in functions
# min-version: 3.12
import sys
import traceback


class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError(
                f"insufficient funds: {self.balance} < {amount}"
            )
        self.balance -= amount


def process(items):
    return [Account(10).withdraw(x) for x in items]


def compute(a,
            b):
    return (a +
            b)


try:
    process([5, 50])
except ValueError:
    print("".join(traceback.format_exception(*sys.exc_info())), end="")
    etype, value, tb = sys.exc_info()
    print(traceback.format_exception_only(etype, value))
    print(len(traceback.extract_tb(tb)))

try:
    compute(1,
            "2")
except TypeError:
    traceback.print_exc(file=sys.stdout)

try:
    data = {"a": {"b": None}}
    data["a"]["b"]["c"]
except TypeError:
    traceback.print_exc(limit=1, file=sys.stdout)

try:
    f = lambda x: 1 / x
    list(map(f, [1, 0]))
except ZeroDivisionError as e:
    for line in traceback.format_tb(e.__traceback__):
        print(line, end="")

for args in [("bad syntax", ("prog.py", 3, 5, "x = (1 +\n", 3, 6)),
             ("no location",),
             ("unterminated", ("<string>", 1, 10, "print('hi", 1, 11))]:
    try:
        raise SyntaxError(*args)
    except SyntaxError as e:
        print(traceback.format_exception_only(e))


def deep(n):
    if n == 0:
        traceback.print_stack(file=sys.stdout)
        print(traceback.format_stack(limit=2))
        return [fs.name for fs in traceback.extract_stack()]
    return deep(n - 1)


print(deep(3))


def handler():
    try:
        int("not a number")
    except ValueError:
        return traceback.format_exc()


msg = handler()
print(msg.splitlines()[0], msg.splitlines()[-1], sep=" | ")
print(repr(traceback.format_exc()))

try:
    try:
        raise KeyError("inner")
    finally:
        print("finally ran")
except KeyError:
    exc = sys.exception()
    print(traceback.format_exception(exc)[-1], end="")

err = None
try:
    raise OSError(2, "No such file or directory", "missing.txt")
except OSError as e:
    err = e
print(traceback.format_exception_only(err))
print(traceback.format_exception_only(StopIteration()))
print(traceback.format_exception(SystemExit(3)))

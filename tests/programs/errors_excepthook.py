# min-version: 3.12
# Tracebacks printed by sys.excepthook for many kinds of failures: carets
# (binary operators, subscripts, calls, multi-line expressions, wide
# characters), chained exceptions, notes, "Did you mean" suggestions,
# repeated frames; the program ends with an uncaught exception (status 1).
import sys


def show(fn):
    try:
        fn()
    except BaseException:
        sys.excepthook(*sys.exc_info())
    print("shown", fn.__name__)


def binop():
    a, b = 1, None
    return a + b


def binop_parens():
    a, b = 1, None
    return (a) ** (b)


def subscript():
    table = {"alpha": 1}
    return table["beta"]


def nested_subscript():
    grid = [[1, 2], [3]]
    return grid[1][1]


def call_inner(x):
    return x.missing_attribute


def call_outer():
    return call_inner(5) + 1


def wide():
    label = "日本語"; return label + 1


def multiline():
    return (1 +
            None)


def division(n):
    return 100 // n


def chained_cause():
    try:
        division(0)
    except ZeroDivisionError as exc:
        raise ValueError("bad divisor") from exc


def chained_context():
    try:
        {}["key"]
    except KeyError:
        raise RuntimeError("lookup failed")


def suppressed():
    try:
        [][0]
    except IndexError:
        raise TypeError("no context shown") from None


def with_notes():
    err = ValueError("has notes")
    err.add_note("first note")
    err.add_note("second\nnote")
    raise err


def name_suggestion():
    counter = 1
    return countr + 1


def attr_suggestion():
    return "text".uper()


def builtin_suggestion():
    return lenn([])


def import_forgotten():
    return math.floor(2.5)


def import_or_mean():
    return types.SimpleNamespace()


class Box:
    def __init__(self):
        self.value = 3

    def get(self):
        return value


def self_suggestion():
    return Box().get()


def recurse(n):
    if n == 0:
        raise RecursionError("deep enough")
    return recurse(n - 1)


def recurse_pair(n):
    if n == 0:
        raise LookupError("pair bottom")
    return recurse_other(n)


def recurse_other(n):
    return recurse_pair(n - 1)


class CustomError(Exception):
    pass


class Outer:
    class InnerError(Exception):
        pass


def custom():
    raise CustomError()


def qualified():
    raise Outer.InnerError("qualified name", 2)


def key_error_tuple():
    raise KeyError(("a", 1))


def empty_message():
    raise ValueError("")


class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str")


def bad_str():
    raise BadStr()


def assertion():
    assert 1 + 1 == 3, "math is broken"


def unbound():
    if False:
        late = 1
    return late


for f in (binop, binop_parens, subscript, nested_subscript, call_outer, wide, multiline,
          chained_cause, chained_context, suppressed, with_notes, name_suggestion,
          attr_suggestion, builtin_suggestion, import_forgotten, import_or_mean, self_suggestion,
          lambda: recurse(12), lambda: recurse_pair(10), custom, qualified, key_error_tuple,
          empty_message, bad_str, assertion, unbound):
    show(f)

sys.stdout.flush()
result = [1, 2, 3]
print(result[0] + result[1] * result["2"])

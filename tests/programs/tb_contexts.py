# min-version: 3.11
# Traceback entries through every kind of frame boundary: generators (next,
# send, throw), class bodies, comprehensions, lambdas, __init__ and
# __repr__ called from C, decorators, and exceptions handled then re-raised.
import sys


def report(fn):
    try:
        fn()
    except Exception as e:
        tb = e.__traceback__
        names = []
        while tb is not None:
            names.append("%s:%d" % (tb.tb_frame.f_code.co_name, tb.tb_lineno))
            tb = tb.tb_next
        print(type(e).__name__, e, "|", " > ".join(names))


def gen_fail():
    yield 1
    raise KeyError("in gen")


def via_next():
    g = gen_fail()
    next(g)
    next(g)


def via_throw():
    g = gen_fail()
    next(g)
    g.throw(ValueError("thrown"))


class Repr:
    def __repr__(self):
        return "%s" % (1 / 0)


class Init:
    def __init__(self, x):
        self.x = x + "s"


def in_class_body():
    class C:
        a = 1
        b = a.missing


def in_comprehension():
    return [1 / x for x in (1, 0)]


def in_genexp():
    return list(1 / x for x in (1, 0))


def in_lambda():
    f = lambda y: y[5]
    return f([])


def reraised():
    try:
        {}["k"]
    except KeyError:
        raise


def reraised_other():
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e


def deep(n):
    if n == 0:
        raise IndexError("bottom")
    deep(n - 1)


for fn in (via_next, via_throw, lambda: repr(Repr()), lambda: Init(1), in_class_body,
           in_comprehension, in_genexp, in_lambda, reraised, reraised_other, lambda: deep(3),
           lambda: print(Repr())):
    report(fn)


def frames():
    f = sys._getframe()
    return [f.f_code.co_name, f.f_back.f_code.co_name, f.f_lineno, sorted(f.f_locals)]


print(frames())


def gen_frame():
    fr = sys._getframe()
    yield fr.f_code.co_name, fr.f_back.f_code.co_name


print(next(gen_frame()))


def exc_in_gen():
    try:
        raise ValueError("outer")
    except ValueError:
        yield sys.exception()
        yield sys.exception()


g = exc_in_gen()
print(repr(next(g)), repr(sys.exception()))
try:
    raise TypeError("caller")
except TypeError:
    print(repr(next(g)), repr(sys.exception()))


def context_in_gen():
    yield
    raise KeyError("gen error")


g = context_in_gen()
next(g)
try:
    raise OSError("handling")
except OSError:
    try:
        next(g)
    except KeyError as e:
        print(repr(e), "context:", repr(e.__context__))

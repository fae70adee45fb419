# min-version: 3.12
# contextlib: contextmanager, decorators, closing, nullcontext, suppress,
# redirect_stdout/stderr, chdir, the ABCs.
import contextlib
import io
import os
import sys
from contextlib import (contextmanager, closing, nullcontext, suppress, redirect_stdout,
                        redirect_stderr, AbstractContextManager, ContextDecorator, chdir)


@contextmanager
def tag(name):
    """Wrap output in a tag."""
    print("<%s>" % name)
    try:
        yield name.upper()
    finally:
        print("</%s>" % name)


with tag("b") as t:
    print("inside", t)

print(tag.__name__, tag.__doc__, tag.__wrapped__.__name__)
cm = tag("i")
print(type(cm).__name__, type(cm).__module__, cm.__doc__)
with cm as v:
    print("v =", v)


@tag("deco")
def decorated(x, y=2):
    print("decorated body", x, y)
    return x + y


print(decorated(1, y=5))
print(decorated(10))
print(decorated.__name__)


@contextmanager
def swallow():
    try:
        yield
    except ValueError as e:
        print("swallowed", repr(e))


with swallow():
    raise ValueError("oops")
print("after swallow")


@contextmanager
def counter():
    n = [0]
    yield n
    n[0] += 100
    print("final", n)


with counter() as n:
    n[0] += 1


class Thing:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("closing", self.name)


with closing(Thing("a")) as th:
    print("using", th.name)

with nullcontext(42) as v:
    print("null", v)
with nullcontext() as v:
    print("null", v)

with suppress(KeyError, IndexError):
    {}["x"]
print("suppressed KeyError")
with suppress(IndexError):
    [][1]
try:
    with suppress(KeyError):
        1 / 0
except ZeroDivisionError as e:
    print("not suppressed:", e)
with suppress():
    pass
try:
    with suppress(ValueError):
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
except ExceptionGroup as eg:
    print("rest:", repr(eg), eg.exceptions)
with suppress(ValueError):
    raise ExceptionGroup("eg", [ValueError(1), ValueError(2)])
print("group fully suppressed")

buf = io.StringIO()
with redirect_stdout(buf) as target:
    print("captured line")
    print("another")
print("target is buf:", target is buf)
print(repr(buf.getvalue()))
ebuf = io.StringIO()
with redirect_stderr(ebuf):
    print("to stderr", file=sys.stderr)
print(repr(ebuf.getvalue()))
# re-entrant redirect
r = redirect_stdout(io.StringIO())
outer = io.StringIO()
with redirect_stdout(outer):
    print("outer 1")
    with r:
        print("inner")
    print("outer 2")
print(repr(outer.getvalue()))

start = os.getcwd()
with chdir("/"):
    print("in root:", os.getcwd())
print("back:", os.getcwd() == start)


class MyCM(AbstractContextManager):
    def __exit__(self, *a):
        print("MyCM exit", a[0])


with MyCM() as m:
    print("MyCM enter returns self:", type(m).__name__)


class Plain:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return None


print(issubclass(Plain, AbstractContextManager), isinstance(Plain(), AbstractContextManager))
print(issubclass(int, AbstractContextManager))
print(isinstance(nullcontext(), AbstractContextManager))


class Abstract(AbstractContextManager):
    pass


try:
    Abstract()
except TypeError as e:
    print("TypeError:", e)


class Timed(ContextDecorator):
    def __enter__(self):
        print("Timed enter")
        return self

    def __exit__(self, *exc):
        print("Timed exit", exc[0].__name__ if exc[0] else None)
        return False


@Timed()
def work(n):
    print("work", n)
    return n * 2


print(work(3))
with Timed():
    print("block")


@Timed()
def fails():
    raise KeyError("k")


try:
    fails()
except KeyError as e:
    print("KeyError", e)


class Method:
    def __init__(self):
        self.log = []

    @contextmanager
    def section(self, name):
        self.log.append("enter " + name)
        yield self
        self.log.append("exit " + name)


m = Method()
with m.section("a") as s:
    print(s is m)
with m.section("b"):
    pass
print(m.log)
print(AbstractContextManager[int])
print(sorted(contextlib.__all__))

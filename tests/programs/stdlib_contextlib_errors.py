# min-version: 3.12
# contextlib: the exception rules of @contextmanager (what is swallowed,
# re-raised or replaced) and of ContextDecorator.
from contextlib import contextmanager


def show(label, e):
    print(label, type(e).__name__, str(e), "| cause:", repr(e.__cause__), "| context:",
          repr(e.__context__), "| suppress:", e.__suppress_context__)


@contextmanager
def no_yield():
    if False:
        yield


try:
    with no_yield():
        print("never")
except RuntimeError as e:
    show("no yield:", e)


@contextmanager
def two_yields():
    yield 1
    yield 2


try:
    with two_yields():
        print("body")
except RuntimeError as e:
    show("two yields:", e)


@contextmanager
def keeps_yielding():
    while True:
        try:
            yield
        except Exception as e:
            print("caught", repr(e))


try:
    with keeps_yielding():
        raise ValueError("v")
except RuntimeError as e:
    show("after throw:", e)


@contextmanager
def plain():
    yield


try:
    with plain():
        raise KeyError("k")
except KeyError as e:
    show("passes through:", e)
    print("tb lines:", [tb.tb_lineno for tb in [e.__traceback__]])


@contextmanager
def converts():
    try:
        yield
    except KeyError as e:
        raise ValueError("converted") from e


try:
    with converts():
        raise KeyError("orig")
except ValueError as e:
    show("converted:", e)


@contextmanager
def implicit():
    try:
        yield
    except KeyError:
        raise TypeError("during handling")


try:
    with implicit():
        raise KeyError("first")
except TypeError as e:
    show("implicit:", e)


@contextmanager
def raise_in_enter():
    raise OSError(2, "nope")
    yield


try:
    with raise_in_enter():
        pass
except OSError as e:
    show("enter raised:", e)


@contextmanager
def raise_on_exit():
    yield
    raise LookupError("on exit")


try:
    with raise_on_exit():
        pass
except LookupError as e:
    show("exit raised:", e)


# StopIteration raised in the body is not swallowed
try:
    with plain():
        raise StopIteration("stop")
except StopIteration as e:
    show("stop passes:", e)


@contextmanager
def reraises_stop():
    try:
        yield
    except StopIteration:
        raise


try:
    with reraises_stop():
        raise StopIteration("again")
except StopIteration as e:
    show("stop reraised:", e)


@contextmanager
def suppress_all():
    try:
        yield
    except BaseException:
        pass


with suppress_all():
    raise StopIteration("swallowed")
print("swallowed StopIteration")
with suppress_all():
    raise RuntimeError("swallowed too")
print("swallowed RuntimeError")


# RuntimeError passes through unchanged
try:
    with plain():
        raise RuntimeError("rt")
except RuntimeError as e:
    show("runtime passes:", e)

# a generator that raises a different RuntimeError
@contextmanager
def other_rt():
    try:
        yield
    except RuntimeError:
        raise RuntimeError("other")


try:
    with other_rt():
        raise RuntimeError("first")
except RuntimeError as e:
    show("other runtime:", e)

# reuse of a one-shot context manager
cm = plain()
with cm:
    pass
try:
    with cm:
        pass
except AttributeError as e:
    print("AttributeError:", e)

# exit with a type only
cm = plain()
cm.__enter__()
print("exit(type only):", cm.__exit__(ValueError, None, None) if False else "skip")
try:
    cm.__exit__(ValueError, None, None)
except ValueError as e:
    print("raised instance:", repr(e))

cm = plain()
cm.__enter__()
print("normal exit:", cm.__exit__(None, None, None))


@contextmanager
def finally_raises():
    try:
        yield
    finally:
        raise KeyError("finally")


try:
    with finally_raises():
        1 / 0
except KeyError as e:
    show("finally raised:", e)


# not a generator
@contextmanager
def not_gen():
    return [1, 2]


try:
    with not_gen():
        pass
except TypeError as e:
    print("TypeError:", e)

try:
    contextmanager(len)("abc").__enter__()
except TypeError as e:
    print("TypeError:", e)


@contextmanager
def deco_cm():
    print("deco enter")
    try:
        yield
    except ZeroDivisionError:
        print("deco swallowed")
    print("deco exit")


@deco_cm()
def divide(a, b):
    return a / b


print(divide(6, 3))
print(divide(1, 0))
print(divide(8, 2))

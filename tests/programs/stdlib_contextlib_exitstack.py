# min-version: 3.12
# contextlib.ExitStack: LIFO order, callbacks, push, pop_all, close,
# suppression and the __context__ chain of exceptions raised by callbacks.
from contextlib import ExitStack, contextmanager, suppress


class Res:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name

    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return self.suppress


with ExitStack() as stack:
    names = [stack.enter_context(Res(n)) for n in "abc"]
    print(names)
    stack.callback(print, "callback", 1, sep="-")

    @stack.callback
    def cb():
        print("decorated callback")

    print(cb.__name__)
print("done 1")

with ExitStack() as stack:
    stack.enter_context(Res("outer"))
    stack.enter_context(Res("suppressor", suppress=True))
    stack.enter_context(Res("inner"))
    raise ValueError("boom")
print("suppressed by ExitStack")


def exit_fn(t, v, tb):
    print("exit_fn", t, v)
    return False


with ExitStack() as stack:
    r = stack.push(exit_fn)
    print(r is exit_fn)
    stack.push(Res("pushed"))

# pop_all
with ExitStack() as stack:
    stack.callback(print, "moved callback")
    moved = stack.pop_all()
print("stack exited; moved has", len(moved._exit_callbacks))
moved.close()
print(type(moved).__name__)

# close
s = ExitStack()
s.callback(print, "closed")
s.close()
s.close()


# exceptions raised by callbacks chain like nested with statements
def raiser(exc):
    def f(*a):
        raise exc
    return f


try:
    with ExitStack() as stack:
        stack.push(raiser(IndexError("second")))
        stack.push(raiser(KeyError("first")))
        raise ValueError("body")
except IndexError as e:
    print("final", repr(e))
    print("context", repr(e.__context__))
    print("context of context", repr(e.__context__.__context__))
    print("end", repr(e.__context__.__context__.__context__))

try:
    with ExitStack() as stack:
        stack.push(raiser(IndexError("only")))
except IndexError as e:
    print("no body exc:", repr(e), repr(e.__context__))

# a callback raising then a later one suppressing
with ExitStack() as stack:
    stack.push(lambda *a: True)
    stack.push(raiser(KeyError("swallowed later")))
print("later suppression ok")

# while handling another exception
try:
    raise TypeError("outer")
except TypeError:
    try:
        with ExitStack() as stack:
            stack.push(raiser(IndexError("cb")))
            raise ValueError("inner body")
    except IndexError as e:
        print(repr(e), repr(e.__context__), repr(e.__context__.__context__))

# enter_context with a non-context-manager
try:
    with ExitStack() as stack:
        stack.enter_context(42)
except TypeError as e:
    print("TypeError:", e, e.__suppress_context__)


class OnlyEnter:
    def __enter__(self):
        return self


try:
    ExitStack().enter_context(OnlyEnter())
except TypeError as e:
    print("TypeError:", e)


@contextmanager
def gen_cm(i):
    print("gen enter", i)
    yield i
    print("gen exit", i)


with ExitStack() as stack:
    vals = [stack.enter_context(gen_cm(i)) for i in range(3)]
    print(vals)

with ExitStack() as stack:
    stack.enter_context(suppress(ZeroDivisionError))
    1 / 0
print("suppressed through stack")


class MyStack(ExitStack):
    pass


with MyStack() as ms:
    ms.callback(print, "subclass callback")
print(type(ms.pop_all()).__name__)
print(ExitStack.__exit__(ExitStack(), None, None, None))
print(ExitStack().__enter__().__class__.__name__)

# min-version: 3.12
# contextlib: the traceback entries CPython shows for frames of
# contextlib.py (file name, line, function), path-independent.
import os
from contextlib import contextmanager, ExitStack, closing, ContextDecorator

def frames(e):
    out = []
    tb = e.__traceback__
    while tb is not None:
        co = tb.tb_frame.f_code
        out.append("%s:%d:%s" % (os.path.basename(co.co_filename), tb.tb_lineno, co.co_name))
        tb = tb.tb_next
    return out


def show(f):
    try:
        f()
    except BaseException as e:
        print(f.__name__, type(e).__name__, e)
        for line in frames(e):
            print("   ", line)
        if e.__context__ is not None and not e.__suppress_context__:
            print("  context", type(e.__context__).__name__, frames(e.__context__))

@contextmanager
def before():
    raise ValueError("before")
    yield
def t1():
    with before(): pass
show(t1)

@contextmanager
def noyield():
    if 0: yield
def t2():
    with noyield(): pass
show(t2)

@contextmanager
def after():
    yield
    raise KeyError("after")
def t3():
    with after(): pass
show(t3)

@contextmanager
def twice():
    yield
    yield
def t4():
    with twice(): pass
show(t4)

@contextmanager
def conv():
    try:
        yield
    except ValueError:
        raise TypeError("conv")
def t5():
    with conv(): raise ValueError("x")
show(t5)

@contextmanager
def keep():
    while True:
        try:
            yield
        except Exception: pass
def t6():
    with keep(): raise ValueError("x")
show(t6)

@contextmanager
def plain():
    yield
@plain()
def deco():
    raise OSError("in deco")
show(deco)
def t7():
    with plain(): raise OSError("plain")
show(t7)

class Thing:
    def close(self): raise RuntimeError("close failed")
def t8():
    with closing(Thing()): pass
show(t8)

def bad_cb(*a): raise IndexError("cb")
def t9():
    with ExitStack() as s:
        s.callback(bad_cb)
show(t9)
def t10():
    with ExitStack() as s:
        s.push(lambda *a: 1/0)
        raise KeyError("body")
show(t10)
def t11():
    with ExitStack() as s:
        s.enter_context(before())
show(t11)
class CD(ContextDecorator):
    def __enter__(self): return self
    def __exit__(self, *a): raise LookupError("exit")
@CD()
def deco2(): pass
show(deco2)

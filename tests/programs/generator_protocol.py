# min-version: 3.11
# Generator protocol details: send/throw/close, finally blocks on close and
# on the last reference, "generator raised StopIteration", delegation of
# throw/close through `yield from`, gi_* attributes, return values.


def counter(n):
    try:
        for i in range(n):
            got = yield i
            if got is not None:
                print("  got", got)
        return "done"
    finally:
        print("  counter finally")


g = counter(3)
print(g.gi_running, g.gi_suspended, g.gi_frame is not None, g.gi_code.co_name)
print(next(g), g.send("hello"), g.gi_suspended)
try:
    next(g)
    next(g)
except StopIteration as e:
    print("stop", repr(e.value), e.args)
print(g.gi_frame)

g = counter(5)
try:
    g.send(1)
except TypeError as e:
    print("TypeError:", e)
next(g)
g.close()
print("closed", g.gi_frame)
g.close()

g = counter(5)
next(g)
try:
    g.throw(ValueError("boom"))
except ValueError as e:
    print("thrown back:", e)


def catcher():
    while True:
        try:
            yield
        except KeyError as e:
            print("  caught", repr(e))


c = catcher()
next(c)
c.throw(KeyError("k"))
c.throw(KeyError("k2"))
del c
print("after del catcher")


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)


def leaky():
    yield 1
    raise StopIteration("inner")


try:
    list(leaky())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))


def inner():
    try:
        x = yield "a"
        print("  inner got", x)
        yield "b"
    finally:
        print("  inner finally")
    return "inner-result"


def outer():
    r = yield from inner()
    print("  outer got", r)
    yield "c"


o = outer()
print(next(o), o.send("sent"), o.gi_yieldfrom.__name__)
o.close()
o = outer()
next(o)
try:
    o.throw(IndexError("deep"))
except IndexError as e:
    print("propagated:", e)


def running():
    yield g2.gi_running
    try:
        next(g2)
    except ValueError as e:
        yield str(e)


g2 = running()
print(next(g2), next(g2))


def dying():
    try:
        yield 1
    finally:
        print("  dying finally")


d = dying()
next(d)
d = None
print("end of module")
keep = dying()
next(keep)

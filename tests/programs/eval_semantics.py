# min-version: 3.8
# Evaluation-order and scoping details of the 3.12 eval loop: augmented
# assignment targets, chained comparisons, walrus in comprehensions, class
# scopes over enclosing functions, inlined comprehensions, try/finally that
# overrides return/break, del of every kind of target.
log = []


def L(tag, v):
    log.append(tag)
    return v


class Box:
    def __init__(self):
        self.items = [10, 20, 30]
        self.n = 1


b = Box()
L("box", b).items[L("idx", 1)] += L("val", 5)
L("box", b).n *= L("val", 3)
print(b.items, b.n, log)
log.clear()
print(L("a", 1) < L("b", 2) < L("c", 0) < L("d", 9), log)
log.clear()
print(L("x", 0) or L("y", "") or L("z", "last"), L("p", 1) and L("q", 0), log)
data = [1, 2, 3, 4]
print([y for x in data if (y := x * x) > 4], y)


def total():
    s = 0
    [s := s + x for x in range(5)]
    return s


print(total())


def outer():
    shared = "enclosing"
    other = "enclosing-other"

    class Inner:
        shared = "class-level"
        seen = shared
        also = other

        def method(self):
            return shared
    return Inner.seen, Inner.also, Inner().method()


print(outer())


class Scope:
    values = [1, 2, 3]
    doubled = [v * 2 for v in values]
    try:
        bad = [v * factor for v in values]
    except NameError as e:
        err = str(e)
    factor = 10


print(Scope.doubled, Scope.err)
x = "module-x"
print([x for x in "ab"], x)


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"


def finally_break():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return "broke at %d" % i


def finally_continue():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            out.append(i)
        finally:
            out.append("f%d" % i)
    return out


def nested_finally():
    try:
        try:
            raise KeyError("inner")
        finally:
            log.append("inner finally")
    except KeyError as e:
        log.append("caught " + str(e))
    finally:
        log.append("outer finally")
    return log


log.clear()
print(finally_overrides(), finally_break(), finally_continue(), nested_finally())


def exc_var_cleared():
    e = "before"
    try:
        raise ValueError("v")
    except ValueError as e:
        pass
    try:
        return e
    except UnboundLocalError as u:
        return "unbound: " + str(u)


print(exc_var_cleared())
d = {"a": 1, "b": 2, "c": 3}
lst = list(range(10))
obj = Box()
del d["a"], lst[::3], obj.n
print(d, lst, hasattr(obj, "n"))
lst[2:4] = "xyz"
lst[::2] = [0] * len(lst[::2])
print(lst)
try:
    lst[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
a, (b2, *c), d2 = 1, (2, 3, 4), 5
print(a, b2, c, d2)
for i, (k, v) in enumerate(sorted({"x": 1, "y": 2}.items())):
    print(i, k, v, end="; ")
print()
fs = [lambda n=n: n * 10 for n in range(3)]
print([f() for f in fs])
try:
    assert 1 == 2, "custom %s" % "message"
except AssertionError as e:
    print("AssertionError:", e)
width, prec, val = 10, 3, 3.14159
print(f"{val:{width}.{prec}f}|{val!r:>12}|{'s'!a}|{val=}|{width * 2 = }")
print(f"{'nested ' + f'{val:.1f}'}", f"{{braces}}", f"{3:#x}{255:08b}")
i = 10
print([i for i in range(3)], i)
print(*(c for c in "abc"), sep="-")
print(type(lambda: (yield)).__name__, (lambda: (yield))().__class__.__name__)

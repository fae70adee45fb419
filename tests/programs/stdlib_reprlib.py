# min-version: 3.12
# reprlib: the size limits of Repr, dispatch to repr_<type>, indent, and
# recursive_repr.
import reprlib
from collections import deque
from reprlib import Repr, recursive_repr

print(reprlib.__all__)
r = reprlib.repr
print(r(list(range(100))))
print(r(tuple(range(3))), r((1,)), r(()), r([]), r(set()), r(frozenset()), r({}))
print(r(set(range(20))), r(frozenset("abcdefghij")), r({"b": 2, "a": 1, "c": 3, "e": 5, "d": 4, "f": 6}))
print(r(deque(range(10))))
print(r("a" * 100))
print(r("short"), r("x" * 30), r("x" * 31))
print(r("\x00" * 20))
print(r(2 ** 200), r(-(10 ** 50)), r(12345))
print(r([[[[[[[1]]]]]]]), r([[[[[[[[1]]]]]]]]))
print(r({"k": {"k": {"k": {"k": {"k": {"k": {"k": 1}}}}}}}))
print(r({1, "a", 2.5}))
print(r({3: "x", "y": 2}))
print(r(3.14159), r(None), r(True))


class Big:
    def __repr__(self):
        return "<Big " + "x" * 50 + ">"


class Broken:
    def __repr__(self):
        raise ValueError("no repr")


print(r(Big()))
print(r(Broken())[:17])
print(r([Big(), 1]))

a = Repr()
print(a.maxlevel, a.maxtuple, a.maxlist, a.maxarray, a.maxdict, a.maxset, a.maxfrozenset, a.maxdeque,
      a.maxstring, a.maxlong, a.maxother, repr(a.fillvalue), a.indent)
a.maxlist = 3
a.maxstring = 10
a.fillvalue = "<more>"
print(a.repr(list(range(10))), a.repr("abcdefghijklmnop"))
a.maxstring = 2
print(a.repr("abcdefghij"))
a.maxstring = -5
print(a.repr("abcdefghij"))
b = Repr(maxlevel=2, maxdict=2, maxlong=10)
print(b.repr([1, [2, [3, [4]]]]), b.repr({"x": 1, "y": 2, "z": 3}), b.repr(2 ** 100))
print(b.repr1([1, 2], 0), b.repr1([], 0), b.repr1({}, 0), b.repr1({1: 2}, 0))

c = Repr(indent=4)
print(c.repr([1, [2, 3], {"a": [4, 5]}]))
print(c.repr((1,)))
print(c.repr([]))
d = Repr(indent="--")
print(d.repr({"a": [1, 2], "b": 2}))
for bad in (-1, 1.5):
    try:
        Repr(indent=bad).repr([1])
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e, type(e.__cause__).__name__)
try:
    Repr(5)
except TypeError as e:
    print("TypeError:", e)


class MyRepr(Repr):
    def repr_Point(self, obj, level):
        return "Point(%s)" % self.repr1(obj.xs, level - 1)

    def repr_int(self, x, level):
        return "int:" + super().repr_int(x, level)


class Point:
    def __init__(self, *xs):
        self.xs = list(xs)


m = MyRepr()
print(m.repr([Point(1, 2, 3), 4]))
print(m.repr(Point(*range(20))))
print(m.repr_list([1, 2], 3), m._repr_iterable([1, 2, 3], 2, "<", ">", 2))


class Node:
    def __init__(self, name):
        self.name = name
        self.children = []

    @recursive_repr()
    def __repr__(self):
        return "Node(%s, %r)" % (self.name, self.children)


n = Node("root")
n.children.append(Node("leaf"))
n.children.append(n)
print(repr(n))
print(Node.__repr__.__name__, Node.__repr__.__qualname__)


class Ring(list):
    @recursive_repr("<<loop>>")
    def __repr__(self):
        return "Ring" + list.__repr__(self)


ring = Ring([1])
ring.append(ring)
print(ring)

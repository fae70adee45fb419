# min-version: 3.12
# sys.getsizeof and __sizeof__ with CPython 3.12's numbers (x86-64): ints,
# strs of each kind, containers as they grow, class instances with a
# managed __dict__, __slots__, subclasses of builtins, functions, types,
# exceptions, generators; and the qualified type names (collections.deque,
# itertools.count, _io.TextIOWrapper …) that 3.12's error messages show.
import collections
import functools
import io
import itertools
import operator
import re
import sys
import types
import weakref


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)


print("ints", [sys.getsizeof(v) for v in (0, 1, -1, 2**30 - 1, 2**30, 2**60, 2**64, -2**100, True)])
print("strs", [sys.getsizeof(v) for v in ("", "a", "ab" * 10, "é", "éa", "€", "😀", "a€😀")])
print("str sizeof", [v.__sizeof__() for v in ("", "a", "é", "€€")])
print("floats etc", sys.getsizeof(1.5), sys.getsizeof(1j), sys.getsizeof(None), sys.getsizeof(...),
      sys.getsizeof(b""), sys.getsizeof(b"abc"), sys.getsizeof(bytearray(b"abc")))
print("tuples", [sys.getsizeof(tuple(range(n))) for n in range(4)])
lst, grow = [], []
for i in range(12):
    grow.append(sys.getsizeof(lst))
    lst.append(i)
print("list growth", grow)
d, dgrow = {}, []
for i in range(12):
    dgrow.append(sys.getsizeof(d))
    d[i] = i
print("dict growth", dgrow, sys.getsizeof({"a": 1}))
s, sgrow = set(), []
for i in range(12):
    sgrow.append(sys.getsizeof(s))
    s.add(i)
print("set growth", sgrow, sys.getsizeof(frozenset({1, 2})))
print("range slice", sys.getsizeof(range(10)), sys.getsizeof(slice(1, 2)))


class Plain:
    pass


class WithAttrs:
    def __init__(self):
        self.a, self.b, self.c = 1, 2, 3


class Slots:
    __slots__ = ("x", "y")


class NoSlots:
    __slots__ = ()


class WeakOnly:
    __slots__ = ("__weakref__",)


class DictSlot:
    __slots__ = ("__dict__", "v")


class L(list):
    pass


class D(dict):
    pass


class I(int):
    pass


class IS(int):
    __slots__ = ()


class S(str):
    pass


class T(tuple):
    pass


class E(Exception):
    pass


for o in (Plain(), WithAttrs(), Slots(), NoSlots(), WeakOnly(), DictSlot(), L(), L([1, 2]), D(), I(5),
          IS(5), S("abc"), S("é"), T((1, 2)), E()):
    print(type(o).__name__, sys.getsizeof(o), o.__sizeof__())
for k in (Plain, Slots, NoSlots, I, E, int, type):
    print("type", k.__name__, sys.getsizeof(k), type.__sizeof__(k))


def f():
    pass


def g(a, b):
    c = a + b
    yield c


print("function", sys.getsizeof(f), sys.getsizeof(lambda: 0), f.__sizeof__())
print("generator", sys.getsizeof(g(1, 2)), sys.getsizeof(x for x in ()), g(1, 2).__sizeof__())
print("misc", sys.getsizeof(object()), sys.getsizeof(print), sys.getsizeof([].append),
      sys.getsizeof(iter([])), sys.getsizeof({}.keys()), sys.getsizeof(property()),
      sys.getsizeof(ValueError("x")), sys.getsizeof(KeyError()), sys.getsizeof(OSError()),
      sys.getsizeof(StopIteration()), sys.getsizeof(sys), sys.getsizeof(types.SimpleNamespace()))
print("default", sys.getsizeof(1, "dflt"))


class BadSize:
    def __sizeof__(self):
        return -1


class StrSize:
    def __sizeof__(self):
        return "big"


attempt("negative", lambda: sys.getsizeof(BadSize()))
attempt("not int", lambda: sys.getsizeof(StrSize()))
attempt("not int default", lambda: sys.getsizeof(StrSize(), 7))

# qualified names of module types in messages
things = [collections.deque(), collections.OrderedDict(), collections.defaultdict(int), itertools.count(),
          itertools.chain(), functools.partial(print), re.compile("a"), io.StringIO(), sys.stdout,
          types.SimpleNamespace(), operator.itemgetter(1), weakref.ref(Plain)]
for o in things:
    name = type(o).__name__
    attempt(name + " call", lambda: o(1, 2, 3) if not callable(o) else "callable")
    attempt(name + " attr", lambda: o.nope)
    attempt(name + " abs", lambda: abs(o))
    attempt(name + " next", lambda: next(o) if not hasattr(o, "__next__") else "iterator")
    attempt(name + " format", lambda: format(o, "x"))
    attempt(name + " hash", lambda: hash(o) and "hashable")
    attempt(name + " kwargs", lambda: dict(**o) if not hasattr(o, "keys") else "mapping")
    attempt(name + " delitem", lambda: operator.delitem(o, 0))
    attempt(name + " delitem str", lambda: operator.delitem(o, "k"))
    attempt(name + " weakref", lambda: type(weakref.ref(o)).__name__)
attempt("type attr", lambda: itertools.count.nope)
attempt("deque iter", lambda: type(iter(collections.deque())).__qualname__)
attempt("tuple del", lambda: operator.delitem((1, 2), 0))
attempt("str del", lambda: operator.delitem("ab", 0))
attempt("int del", lambda: operator.delitem(5, 0))
attempt("class del", lambda: operator.delitem(Plain(), 0))
attempt("mappingproxy hash", lambda: hash(Plain.__dict__))

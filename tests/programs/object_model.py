# Object model: attribute lookup through descriptors and instance dicts,
# error messages of the core protocols, reflected operators, __hash__ and
# __eq__, __slots__, __getattr__, super(), __init_subclass__/__set_name__,
# __class_getitem__, isinstance hooks, unions, exceptions' str/repr and the
# cycle collector running __del__.
# (Recorded for every version; the messages it prints are 3.12's.)
import gc


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


class Desc:
    def __get__(self, obj, owner=None):
        return ("get", obj is None, owner.__name__)

    def __set__(self, obj, value):
        obj.__dict__["d"] = value * 2


class NonData:
    def __get__(self, obj, owner=None):
        return "nondata"


class C:
    d = Desc()
    n = NonData()
    cls_attr = 1

    def method(self):
        return "m"


c = C()
print(c.d, C.d)
c.d = 5
print(c.__dict__, c.d)
print(c.n)
c.n = "shadow"
print(c.n)
show(lambda: c.missing)
show(lambda: C.missing)
show(lambda: object().x)
show(lambda: setattr(object(), "x", 1))
show(lambda: setattr(1, "real", 2))
show(lambda: setattr(int, "x", 1))
show(lambda: getattr(c, 1))
print(type(c.method).__name__, C.method.__qualname__)


class P:
    def __init__(self):
        self._x = 0

    @property
    def x(self):
        "the x"
        return self._x

    @x.setter
    def x(self, v):
        self._x = v

    ro = property(lambda self: 42)


p = P()
p.x = 7
print(p.x, P.x.__doc__, p.ro)
show(lambda: setattr(p, "ro", 1))
show(lambda: delattr(p, "ro"))


class S:
    __slots__ = ("a", "b")


s = S()
s.a = 1
print(s.a, hasattr(s, "b"), hasattr(s, "__dict__"))
show(lambda: s.b)
show(lambda: setattr(s, "c", 1))
print(S.a)


class G:
    def __getattr__(self, name):
        if name.startswith("x"):
            return name.upper()
        raise AttributeError(name)


g = G()
print(g.xyz)
show(lambda: g.abc)

show(lambda: None < 1)
show(lambda: [] < ())
show(lambda: 1 + "a")
show(lambda: [1] * 1.5)
show(lambda: -"a")
show(lambda: hash([]))
show(lambda: len(5))
show(lambda: iter(5))
five = 5
show(lambda: five[0])
show(lambda: 1 in 5)


class V:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return "V.add" if isinstance(o, V) else NotImplemented

    def __radd__(self, o):
        return "V.radd"

    def __eq__(self, o):
        return isinstance(o, V) and self.v == o.v

    def __lt__(self, o):
        return self.v < o.v

    def __repr__(self):
        return "V(%r)" % (self.v,)


class W(V):
    def __radd__(self, o):
        return "W.radd"


print(V(1) + V(2), 1 + V(2), V(1) + W(2))
print(V(1) == V(1), V(1) != V(2), V(1) < V(2), V(3) > V(2))
show(lambda: hash(V(1)))
print(sorted([V(3), V(1), V(2)]))


class H:
    def __hash__(self):
        return 12345


print(hash(H()), H() == H())


class Base:
    seen = []

    def __init_subclass__(cls, tag="none", **kw):
        super().__init_subclass__(**kw)
        Base.seen.append((cls.__name__, tag))

    def hello(self):
        return "Base.hello"


class Named:
    def __set_name__(self, owner, name):
        self.where = owner.__name__ + "." + name


class Child(Base, tag="child"):
    field = Named()

    def hello(self):
        return "Child+" + super().hello()


class GrandChild(Child):
    def hello(self):
        return "GC+" + super(GrandChild, self).hello()


print(Base.seen, Child.field.where, GrandChild().hello())
print([k.__name__ for k in GrandChild.__mro__])
show(lambda: type("X", (Base,), {}, bad=1))


class Diamond(Child, Base):
    pass


print([k.__name__ for k in Diamond.__mro__])
try:
    class Bad(Base, Child):
        pass
except TypeError as e:
    print("TypeError:", e)


class Box:
    def __class_getitem__(cls, item):
        return "Box[%s]" % (item.__name__,)


print(Box[int], list[int], dict[str, list[int]], int | None, isinstance(3, int | str))


class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == "magic"

    def __call__(cls, *a):
        return ("called", cls.__name__, a)


class M(metaclass=Meta):
    pass


print(isinstance("magic", M), isinstance(1, M), M(1, 2), type(M).__name__)

show(lambda: C(1))
show(lambda: object.__new__(C, 1))


class Init:
    def __init__(self):
        return 1


show(lambda: Init())

print(repr(ValueError()), repr(ValueError("x")), repr(KeyError("k", 1)))
print(str(KeyError("k")), str(OSError(2, "No such file", "f")), type(OSError(2, "x")).__name__)
e = ValueError("boom")
e.add_note("note 1")
print(e.__notes__, e.__cause__, e.__context__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError as inner:
        raise ValueError("outer") from inner
except ValueError as outer:
    print(type(outer.__cause__).__name__, outer.__suppress_context__, type(outer.__context__).__name__)
eg = ExceptionGroup("grp", [ValueError(1), TypeError(2)])
print(repr(eg), str(eg), type(BaseExceptionGroup("b", [ValueError()])).__name__)
m, rest = eg.split(ValueError)
print(repr(m), repr(rest))

log = []


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        log.append(self.name)


gc.collect()
a, b = Node("a"), Node("b")
a.other, b.other = b, a
del a, b
print(gc.collect() > 0, sorted(log))
print(dir(C)[-4:], "method" in dir(c))

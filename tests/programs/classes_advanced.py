# Classes: zero-argument super(), cooperative multiple inheritance, __slots__,
# __init_subclass__, metaclasses, operator overloading, __class__ cell.


class Base:
    registry = []

    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
        Base.registry.append(cls.__name__)

    def hello(self):
        return "Base"


class A(Base, tag="a"):
    def hello(self):
        return "A>" + super().hello()


class B(Base, tag="b"):
    def hello(self):
        return "B>" + super().hello()


class C(A, B):
    def hello(self):
        return "C>" + super().hello()


print(C().hello())
print([k.__name__ for k in C.__mro__])
print(Base.registry, C.tag)


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

    def __iter__(self):
        yield self.x
        yield self.y

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __bool__(self):
        return bool(self.x or self.y)


v = Vec(1, 2) + Vec(3, 4)
print(v, 2 * v, v * 3, -v, list(v), v[1], bool(Vec(0, 0)))
print(Vec(1, 1) == Vec(1, 1), len({Vec(1, 1), Vec(1, 1)}))
try:
    v.z = 1
except AttributeError:
    print("slots forbid z")


class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["made_by"] = mcls.__name__
        return super().__new__(mcls, name, bases, ns)

    def __call__(cls, *args):
        inst = super().__call__(*args)
        inst.called = True
        return inst


class WithMeta(metaclass=Meta):
    def __init__(self, n):
        self.n = n


w = WithMeta(5)
print(w.made_by, w.called, w.n, type(WithMeta).__name__)


class Temperature:
    def __init__(self):
        self._c = 0.0

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        self._c = float(v)

    @celsius.deleter
    def celsius(self):
        self._c = None

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @classmethod
    def boiling(cls):
        t = cls()
        t.celsius = 100
        return t

    @staticmethod
    def describe():
        return "temperature"

    def whoami(self):
        return __class__.__name__


t = Temperature.boiling()
print(t.celsius, t.fahrenheit, Temperature.describe(), t.whoami())
del t.celsius
print(t.celsius)

# min-version: 3.12
# numbers: the ABC tower, builtin registrations, abstract methods, mixins.
import numbers
from fractions import Fraction
from numbers import Number, Complex, Real, Rational, Integral

print(numbers.__all__)
for cls in (Number, Complex, Real, Rational, Integral):
    print(cls, cls.__bases__, sorted(cls.__abstractmethods__), cls.__slots__)
    print(repr(cls.__doc__))
for v in (1, True, 2.5, 3j, Fraction(1, 3), "x", None, [1]):
    print(repr(v), [c.__name__ for c in (Number, Complex, Real, Rational, Integral) if isinstance(v, c)])
print(issubclass(bool, Integral), issubclass(float, Rational), issubclass(complex, Real))
print(Number.__hash__, Complex.__hash__, Real.__hash__ is None)

for cls in (Number, Complex, Real, Rational, Integral):
    try:
        cls()
        print(cls.__name__, "instantiated")
    except TypeError as e:
        print("TypeError:", e)


class MyInt(Integral):
    def __init__(self, v):
        self.v = v

    def __int__(self):
        return self.v

    def __repr__(self):
        return "MyInt(%d)" % self.v

    def __pos__(self):
        print("  __pos__")
        return MyInt(self.v)

    def __neg__(self):
        return MyInt(-self.v)

    def __add__(self, o):
        print("  __add__", o)
        return MyInt(self.v + int(o))

    def __radd__(self, o):
        print("  __radd__", o)
        return MyInt(int(o) + self.v)

    def __eq__(self, o):
        return self.v == int(o)

    def __lt__(self, o):
        return self.v < int(o)

    def __le__(self, o):
        return self.v <= int(o)

    def __floordiv__(self, o):
        return MyInt(self.v // int(o))

    def __rfloordiv__(self, o):
        return MyInt(int(o) // self.v)

    def __mod__(self, o):
        return MyInt(self.v % int(o))

    def __rmod__(self, o):
        return MyInt(int(o) % self.v)

    __abs__ = __and__ = __ceil__ = __floor__ = __invert__ = __lshift__ = __mul__ = __or__ = None
    __pow__ = __rand__ = __rlshift__ = __rmul__ = __ror__ = __round__ = __rpow__ = None
    __rrshift__ = __rshift__ = __rtruediv__ = __rxor__ = __truediv__ = __trunc__ = __xor__ = None
    __hash__ = object.__hash__


m = MyInt(7)
print(m, isinstance(m, Number), MyInt.__abstractmethods__)
print(m - 2)
print(10 - m)
print(bool(m), bool(MyInt(0)))
print(divmod(m, 2), divmod(20, m))
print(m.numerator, m.denominator, m.real, m.imag, m.conjugate())
print(float(m), complex(m), m.__index__(), [10, 20, 30, 40, 50, 60, 70, 80][MyInt(2)])


class Partial(Real):
    def __float__(self):
        return super().__float__()


try:
    Partial()
except TypeError as e:
    print("TypeError:", e)


class Full(Real):
    __abs__ = __add__ = __ceil__ = __eq__ = __floor__ = __floordiv__ = __le__ = __lt__ = None
    __mod__ = __mul__ = __neg__ = __pos__ = __pow__ = __radd__ = __rfloordiv__ = __rmod__ = None
    __rmul__ = __round__ = __rpow__ = __rtruediv__ = __truediv__ = __trunc__ = None

    def __float__(self):
        return super().__float__()


try:
    float(Full())
except NotImplementedError as e:
    print("NotImplementedError", repr(e))


class Lazy(Complex):
    pass


Complex.register(Lazy)
print(sorted(Lazy.__abstractmethods__)[:3])


def describe(x):
    if isinstance(x, Integral):
        return "integral"
    if isinstance(x, Rational):
        return "rational"
    if isinstance(x, Real):
        return "real"
    if isinstance(x, Complex):
        return "complex"
    if isinstance(x, Number):
        return "number"
    return "other"


print([describe(x) for x in (3, 3.5, Fraction(7, 2), 2 + 0j, "3")])

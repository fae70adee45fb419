# min-version: 3.12
# float: arithmetic with CPython's signs and messages, ** rules (complex
# results, overflow), divmod, round() with ndigits, float() parsing, repr,
# hex/fromhex, as_integer_ratio, int(float) and the other methods.
import sys


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!", type(e).__name__, e)
    else:
        print(label, type(r).__name__, repr(r))


inf = float("inf")
nan = float("nan")
values = [0.0, -0.0, 1.0, -1.5, 2.5, 0.1, 3.0, 1e300, -1e-300, 1e16, inf, -inf, nan, 7]
ops = [
    ("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
    ("/", lambda a, b: a / b), ("//", lambda a, b: a // b), ("%", lambda a, b: a % b),
    ("divmod", divmod), ("**", lambda a, b: a ** b),
]
for a in values:
    for b in values:
        for name, f in ops:
            show("%r %s %r:" % (a, name, b), lambda: f(a, b))

print("-- powers")
for a, b in [(2, 0.5), (-8, 1 / 3), (-8.0, 1 / 3), (0.0, -1), (-0.0, -1), (-0.0, -2),
             (-0.0, 3), (-0.0, 0.5), (1.0, inf), (-1.0, inf), (0.5, inf), (0.5, -inf),
             (-0.5, inf), (-2.0, -inf), (nan, 0), (1, nan), (-1.0, 0.5), (-1.0, 2.0),
             (-2.0, 1e300), (-2.0, -1e300), (-2.0, 1.5), (1e308, 2), (-1e308, 3),
             (1e-308, 2), (2.0, 1024), (2.0, 1023.9999), (-2.0, 1024.5), (2, 1024.0),
             (10.0, -320), (2.0, -1070), (1.5, -1800), (10, -400), (-10.0, 401)]:
    show("%r ** %r:" % (a, b), lambda: a ** b)
show("pow(2.0, 2, 3):", lambda: pow(2.0, 2, 3))
show("10**400 * 1.0:", lambda: 10**400 * 1.0)
show("1.0 + 10**400:", lambda: 1.0 + 10**400)

print("-- round")
for x in [0.5, 1.5, 2.5, -0.5, -2.5, 2.675, 1e-7, 123.456, 1e22, 9.995, 0.125, 5e-324,
          1.7976931348623157e308, 1e300, -0.0, inf, nan, 1234.5678]:
    for n in [None, 0, 1, 2, 3, -1, -2, 5, 20, 323, 324, -308, -309]:
        show("round(%r, %r):" % (x, n), lambda: round(x, n) if n is not None else round(x))
show("round(5.5, 1.5):", lambda: round(5.5, 1.5))
show("(2.5).__round__(None):", lambda: (2.5).__round__(None))

print("-- float()")
for s in ["0", " 1.5 ", "-0", "1_000.5", "1__0", "_1", "1_.5", "1._5", "1e1_0", "1e_1",
          "inf", "-Infinity", "nAn", "-nan", "infinit", "+inf ", ".5", "5.", ".", "e5",
          "1e", "0x10", "", " ", "1e400", "-1e400", "1e-400", "2.5e-3", "1" * 30,
          "\u0661.\u0665", "\xa01.5\u2003", "1.5x", "4.9406564584124654e-324",
          "2.4703282292062328e-324", "2.4703282292062327e-324", "1.7976931348623158e308",
          "1.7976931348623159e308", "x" * 250, "0." + "0" * 400 + "1e400",
          b"2.5", bytearray(b" -3 "), b"x", None, [], 2**70, 10**400, True]:
    show("float(%r):" % (s if not isinstance(s, str) or len(s) < 40 else s[:10],),
         lambda: float(s))
show("float(x=1):", lambda: float(x=1))
show("float(1, 2):", lambda: float(1, 2))


class WithFloat:
    def __float__(self):
        return 2.5


class BadFloat:
    def __float__(self):
        return 1


class WithIndex:
    def __index__(self):
        return 3


show("float(WithFloat()):", lambda: float(WithFloat()))
show("float(BadFloat()):", lambda: float(BadFloat()))
show("float(WithIndex()):", lambda: float(WithIndex()))

print("-- repr")
for x in [0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5,
          0.0001234, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0,
          100.0, 1e22, 1e23, 9007199254740993.0, 0.3, 4.35, 2.675]:
    print(repr(x), str(x))

print("-- methods")
for x in [1.0, -0.0, 0.0, 5e-324, 1.5, 0.1, inf, -inf, nan, 2.2250738585072014e-308,
          1e308, 2.225073858507201e-308, -123.456, 1e300, 3.0]:
    show("hex(%r):" % x, lambda: x.hex())
    show("ratio(%r):" % x, lambda: x.as_integer_ratio())
    show("is_integer(%r):" % x, lambda: x.is_integer())
    show("trunc(%r):" % x, lambda: x.__trunc__())
    show("floor(%r):" % x, lambda: x.__floor__())
    show("ceil(%r):" % x, lambda: x.__ceil__())
    show("int(%r):" % x, lambda: int(x))
    show("conj(%r):" % x, lambda: (x.conjugate(), x.real, x.imag))
for s in ["0x1.8p1", "1.8p1", "  -0X1P-1074 ", "0x1p-1075", "0x1.0000000000001p-1075",
          "0x1p1024", "0x1.fffffffffffff8p1023", "0x1.fffffffffffff7p1023", "inf", "-nan",
          "x", "0x", "0x.8", "0x1.", "0x1p", "0x1_0", "0x10", "1", "", "0x1p+3",
          "0x0p99999999999999999", "0x1p-99999999999999999", "0x1p99999999999999999",
          "Infinity", "-iNf", "0x1.00000000000008p0", "0x1.00000000000018p0"]:
    show("fromhex(%r):" % s, lambda: float.fromhex(s))
for x in [0.1, 1e300, 5e-324, -2.5]:
    print(float.fromhex(x.hex()) == x)
print(float.__getformat__("double"))
show("__getformat__('x'):", lambda: float.__getformat__("x"))


class MyFloat(float):
    pass


m = MyFloat(" 2.5 ")
print(type(m).__name__, m, m * 2, type(m * 2).__name__, type(MyFloat.fromhex("0x1p1")).__name__)

print("-- hashes")
for x in [0.0, -0.0, 1.0, 1.5, -1.5, 0.1, 1e300, 2.0**61, 2.0**62, inf, -inf, 5e-324,
          123456789.0, -0.1]:
    print(repr(x), hash(x))
print(hash(nan) == hash(nan), hash(1.0) == hash(1), hash(2.0**70) == hash(2**70))
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig)

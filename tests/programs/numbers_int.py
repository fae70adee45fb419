# min-version: 3.12
# int and bool: operators with CPython's signs and messages, big values,
# pow with a modulus, shifts, true division, int() parsing, the 4300-digit
# limit, methods, comparisons with floats, hashes and the small-int cache.
import sys


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!", type(e).__name__, e)
    else:
        print(label, type(r).__name__, repr(r))


values = [0, 1, -1, 7, -7, 2**31, 2**63 - 1, -2**63, 2**64 + 3, -(10**25), 3**40]
ops = [
    ("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
    ("//", lambda a, b: a // b), ("%", lambda a, b: a % b), ("/", lambda a, b: a / b),
    ("divmod", divmod), ("&", lambda a, b: a & b), ("|", lambda a, b: a | b),
    ("^", lambda a, b: a ^ b),
]
for a in values:
    for b in values[:7]:
        for name, f in ops:
            show("%d %s %d:" % (a, name, b), lambda: f(a, b))

print("-- powers")
for a in [0, 1, -1, 2, -2, 3, 10, -10**20]:
    for b in [0, 1, 2, 3, 63, 64, 100, -1, -2]:
        show("%d ** %d:" % (a, b), lambda: a ** b)
for args in [(2, -1, 5), (2, -1, 4), (2, 3, 0), (2, 3, -5), (-2, 3, 5), (3, -2, -7),
             (5, -1, 1), (4, -1, 6), (2, 10**20, 7), (7, 2**70, 2**61 - 1), (2, 3, 5.0),
             (2.0, 3, 5), (10**30, 10**30, 10**9 + 7), (-1, 10**20, 3)]:
    show("pow%r:" % (args,), lambda: pow(*args))
show("0 ** -1:", lambda: 0 ** -1)

print("-- shifts")
for a in [0, 1, -1, 5, -5, 2**62, -(2**70)]:
    for s in [0, 1, 3, 63, 64, 65, 200, -1]:
        show("%d << %d:" % (a, s), lambda: a << s)
        show("%d >> %d:" % (a, s), lambda: a >> s)
show("1 << 2**70:", lambda: 1 << 2**70)
show("0 << 2**70:", lambda: 0 << 2**70)
show("1 << 2**63:", lambda: 1 << 2**63)
show("1 << 2**64:", lambda: 1 << 2**64)
show("5 << 2**66:", lambda: 5 << 2**66)
show("1 << (2**63*30 - 30):", lambda: 1 << (2**63 * 30 - 30))
show("2**100 << (2**63*30 - 30):", lambda: (2**100) << (2**63 * 30 - 30))
show("-7 >> 2**70:", lambda: -7 >> 2**70)
for a in [0, 5, -5, 2**64, -(2**64)]:
    print("~%d =" % a, ~a)

print("-- true division")
for a, b in [(1, 3), (10**400, 10**399), (10**400 + 1, 3), (2**1100, 3), (1, 2**2000),
             (2**2000, 2**1000), (0, -5), (-10**30, 10**29), (2**53 + 1, 1), (2**54 + 3, 2),
             (-(2**1074), 2**2148), (3, 2**1076), (1, 0), (10**22, 10**21 + 1)]:
    show("%d / %d:" % (a, b), lambda: a / b)

print("-- int()")
for s, base in [("0", 10), ("  -42\n", 10), ("+7", 10), ("1_000", 10), ("1__0", 10),
                ("_1", 10), ("1_", 10), ("0x_1f", 16), ("0x_1f", 0), ("0b101", 0),
                ("0o17", 0), ("0B11", 2), ("010", 0), ("000", 0), ("0_0", 0), ("z", 36),
                ("12", 2), ("9" * 25, 10), ("-" + "f" * 30, 16), ("\u0661\u0662", 10),
                ("\xa012\u3000", 10), ("1 2", 10), ("", 10), ("- 1", 10), ("12", 1),
                ("12", 37), ("x" * 250, 10), ("\uff11\uff12", 10), ("12\u00e9", 10)]:
    show("int(%r, %d):" % (s, base), lambda: int(s, base))
for x in [3.99, -3.99, 1e20, float("inf"), float("nan"), True, b"42", bytearray(b" 7 "),
          b"x", None, [1], "1" * 5000, 2**70]:
    show("int(%r):" % (x if not isinstance(x, str) else x[:8],), lambda: int(x))
show("int(5, 10):", lambda: int(5, 10))
show("int(base=2):", lambda: int(base=2))
show("int('101', base=2):", lambda: int("101", base=2))
show("int(1, 2, 3):", lambda: int(1, 2, 3))
show("int(x=5):", lambda: int(x=5))


class WithIndex:
    def __index__(self):
        return 9


class WithInt:
    def __int__(self):
        return 11


class BadInt:
    def __int__(self):
        return "x"


show("int(WithIndex()):", lambda: int(WithIndex()))
show("int(WithInt()):", lambda: int(WithInt()))
show("int(BadInt()):", lambda: int(BadInt()))
show("int('11', WithIndex()):", lambda: int("11", WithIndex()))

print("-- the digit limit")
big = 10**4299
print(len(str(big)), len(str(-big)))
show("str(10**4300):", lambda: str(10**4300))
show("int('1'*4301):", lambda: int("1" * 4301))
show("int('1_'*4300+'1'):", lambda: int("1_" * 4300 + "1"))
print(len(hex(10**5000)))
print(sys.get_int_max_str_digits())
sys.set_int_max_str_digits(700)
show("str(10**800):", lambda: str(10**800))
show("set(100):", lambda: sys.set_int_max_str_digits(100))
sys.set_int_max_str_digits(0)
print(len(str(10**5000)))
sys.set_int_max_str_digits(4300)

print("-- methods")
for n in [0, 1, -1, 255, -255, 2**64, -(2**64), 10**20]:
    print(n, n.bit_length(), n.bit_count(), n.as_integer_ratio(), n.conjugate(),
          n.is_integer(), n.__index__(), n.numerator, n.denominator, n.real, n.imag,
          n.__trunc__(), n.__floor__(), n.__ceil__(), n.__round__(), n.__sizeof__())
for n, d in [(12345, -2), (12350, -2), (12250, -2), (-12350, -2), (5, 2), (15, -1),
             (25, -1), (-15, -1), (-25, -1), (2**100 + 5, -1), (7, -5)]:
    show("round(%d, %d):" % (n, d), lambda: round(n, d))
show("round(5, None):", lambda: round(5, None))
show("(5).__round__(None):", lambda: (5).__round__(None))
show("(5).__round__(1.5):", lambda: (5).__round__(1.5))
for args in [(2, "big"), (2, "little"), (1, "big"), (0, "big")]:
    show("(1024).to_bytes%r:" % (args,), lambda: (1024).to_bytes(*args))
show("(-1).to_bytes(1):", lambda: (-1).to_bytes(1, "big"))
show("(-1).to_bytes(signed):", lambda: (-1).to_bytes(1, "big", signed=True))
show("(-128).to_bytes(signed):", lambda: (-128).to_bytes(1, signed=True))
show("(-129).to_bytes(signed):", lambda: (-129).to_bytes(1, signed=True))
show("(128).to_bytes(signed):", lambda: (128).to_bytes(1, signed=True))
show("(255).to_bytes():", lambda: (255).to_bytes())
show("to_bytes(-1):", lambda: (5).to_bytes(-1, "big"))
show("to_bytes middle:", lambda: (5).to_bytes(2, "middle"))
show("to_bytes 3 args:", lambda: (5).to_bytes(2, "big", True))
show("(2**100).to_bytes(13):", lambda: (2**100).to_bytes(13, "little"))
show("(-2**100).to_bytes(13, signed):", lambda: (-(2**100)).to_bytes(13, "big", signed=True))
for data, order, signed in [(b"\xff\x00", "little", True), (b"\xff\x00", "big", False),
                            (b"", "big", False), (b"\x80", "big", True),
                            (bytes(range(20)), "little", False), ([1, 2], "big", False)]:
    show("from_bytes(%r, %s, %s):" % (data, order, signed),
         lambda: int.from_bytes(data, order, signed=signed))
show("from_bytes('ab'):", lambda: int.from_bytes("ab"))


class MyInt(int):
    pass


x = MyInt(41)
print(type(x).__name__, x + 1, type(x + 1).__name__, repr(x), -x, type(-x).__name__)
print(type(MyInt.from_bytes(b"\x01")).__name__, MyInt("0x10", 16), MyInt.from_bytes(b"\x01\x00"))

print("-- comparisons with floats")
for a in [0, 1, -3, 2**53, 2**53 + 1, -(2**53 + 1), 2**63, 10**400, -(10**400)]:
    for b in [0.0, -0.0, 1.0, -2.5, 9007199254740992.0, 9007199254740994.0, 1e300,
              float("inf"), float("-inf"), float("nan")]:
        print(a if abs(a) < 10**30 else "big", b, a < b, a <= b, a == b, a != b, a > b, a >= b)

print("-- hashes and identity")
for n in [0, 1, -1, -2, 2**61 - 2, 2**61 - 1, 2**61, 2**62, -(2**61), 10**30, -(10**30),
          2**64, 2**63 - 1, -(2**63), True, False]:
    print(n, hash(n))
a = 256
b = int("256")
c = 257
d = int("257")
m5 = -5
zero = 0
e20 = 10**20
print(a is b, c is d, m5 is int("-5"), (e20 - e20) is zero)

print("-- bool")
print(True & True, True | False, True ^ True, False ^ False, True & 1, 1 | True)
print(type(True & True).__name__, type(True & 1).__name__, True + True, -True, +True,
      abs(False), True / 2, True // 1, True ** 10, repr(True), str(False))
print(bool(), bool(0), bool(2), bool(-0.0), bool(""), bool("x"), bool(0j), bool(None))
print(int(True), float(False), True.real, True.imag, type(True.real).__name__,
      True.numerator, True.conjugate(), True.as_integer_ratio(), hash(True))
print(isinstance(True, int), issubclass(bool, int), True == 1, False == 0.0, True is bool(5))
show("class B(bool):", lambda: type("B", (bool,), {}))
show("bool(1, 2):", lambda: bool(1, 2))
show("bool(x=1):", lambda: bool(x=1))

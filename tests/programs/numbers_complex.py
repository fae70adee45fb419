# min-version: 3.12
# complex: arithmetic (3.12 has no mixed real/complex rules), Smith
# division, ** with integer and complex exponents and its errors, abs,
# complex() from numbers and strings, repr, hash, comparisons.


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!", type(e).__name__, e)
    else:
        print(label, type(r).__name__, repr(r))


inf = float("inf")
nan = float("nan")
values = [0j, 1j, 1 + 2j, -1.5 - 2.5j, complex(3, 0), complex(1e300, 1e300),
          complex(inf, 1), complex(0.5, -0.25), 2, -1.5, 0.0]
ops = [
    ("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
    ("/", lambda a, b: a / b), ("**", lambda a, b: a ** b), ("==", lambda a, b: a == b),
    ("!=", lambda a, b: a != b), ("<", lambda a, b: a < b), ("//", lambda a, b: a // b),
    ("%", lambda a, b: a % b), ("divmod", divmod),
]
for a in values:
    for b in values:
        if not isinstance(a, complex) and not isinstance(b, complex):
            continue
        for name, f in ops:
            show("%r %s %r:" % (a, name, b), lambda: f(a, b))

print("-- powers")
for a, b in [(0j, -1), (0j, 1j), (0j, 0), (0j, 2), (1 + 1j, 1000), (1 + 1j, 1e10),
             (1 + 2j, 2), (1 + 2j, -2), (1 + 2j, 0.5), (1 + 2j, 1 + 1j), (2, 1j),
             (1j, 2.5), (-1, 0.5j), (1 + 2j, 101), (1 + 2j, 100), (1e200 + 1e200j, 2),
             (1 + 1j, complex(1, inf)), (1 + 2j, 1e300 + 0j), (complex(1e-160, 1e-160), 2),
             (1e-200j, 2), (complex(inf, 0), 2), (-8, 1 / 3)]:
    show("%r ** %r:" % (a, b), lambda: a ** b)
show("pow(1j, 2, 3):", lambda: pow(1j, 2, 3))

print("-- abs and friends")
for z in [3 + 4j, 1e308 + 1e308j, complex(inf, nan), complex(nan, 1), complex(-0.0, -0.0),
          -(0j), complex(1, -0.0), 1e20j, complex(nan, nan), 1.5 + 0j]:
    show("abs(%r):" % z, lambda: abs(z))
    print(repr(z), str(z), repr(-z), repr(+z), repr(z.conjugate()), z.real, z.imag,
          bool(z), z.__getnewargs__())
for z in [1 + 0j, 1.5 + 2.5j, -1 + 0j, complex(2**61, 0), 0j, complex(0.0, -0.0)]:
    print(repr(z), hash(z))
print(hash(complex(nan, 0)) == hash(complex(nan, 0)))
print(1 + 0j == 1, 1 + 0j == 1.0, (2**53 + 1) + 0j == 2**53 + 1, 1j == 1j, 1 + 2j != 1 + 2j)

print("-- complex()")
for args in [(), (1.5,), (True,), (1, 2), (1j, 1j), (1 + 2j, 3), (1, 2 + 3j), (10**400,),
             ("1+2j",), (" ( 1+2j ) ",), ("(1+2j",), ("1+2j)",), ("j",), ("-j",), ("+J",),
             ("1-j",), ("1+",), ("1+2",), ("2j+1",), ("1e5j",), ("infj",), ("-inf-nanj",),
             ("nan",), ("",), ("()",), ("1 + 2j",), ("1_0+2_0j",), ("1__0j",),
             ("\u0661+\u0662j",), ("1+2jj",), (".5j",), ("5.j",), ("j5",), ("0x1",),
             ("1+2j", 1), (1, "2"), (b"1",), ([],), (1, []), (None,), (1, 2, 3)]:
    show("complex%r:" % (args,), lambda: complex(*args))
show("complex(real=1, imag=2):", lambda: complex(real=1, imag=2))
show("complex(x=1):", lambda: complex(x=1))


class WithComplex:
    def __complex__(self):
        return 1 + 5j


class BadComplex:
    def __complex__(self):
        return 1


class WithFloat:
    def __float__(self):
        return 0.5


show("complex(WithComplex()):", lambda: complex(WithComplex()))
show("complex(BadComplex()):", lambda: complex(BadComplex()))
show("complex(WithFloat(), WithFloat()):", lambda: complex(WithFloat(), WithFloat()))
show("int(1j):", lambda: int(1j))
show("float(1j):", lambda: float(1j))


class MyComplex(complex):
    pass


c = MyComplex(1, 2)
print(type(c).__name__, c, c + 1, type(c + 1).__name__, type(c.__complex__()).__name__)

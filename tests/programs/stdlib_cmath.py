# cmath: every function on ordinary values, branch cuts with signed zeros,
# special values, conversions and error cases.
import cmath

vals = [0j, 1, -1, 2.5, -0.0, 1j, -1j, complex(3, 4), complex(-3, 4), complex(3, -4),
        complex(-3, -4), complex(0.5, 0.25), complex(-2, 0.0), complex(-2, -0.0),
        complex(2, 0.0), complex(2, -0.0), complex(0.0, 2), complex(-0.0, 2),
        complex(0.0, -2), complex(1e-300, 1e-300), complex(1e300, 1e300),
        complex(5e-324, 0), complex(1, 1e-200), complex(-1e10, 3)]
names = ['sqrt', 'exp', 'log', 'log10', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
         'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh']

def table(values):
    for name in names:
        f = getattr(cmath, name)
        for v in values:
            try:
                r = f(v)
            except (ValueError, OverflowError) as e:
                r = '%s: %s' % (type(e).__name__, e)
            print(name, repr(v), r)

table(vals)

inf, nan = float('inf'), float('nan')
specials = [complex(inf, 0), complex(-inf, 0), complex(0, inf), complex(0, -inf),
            complex(inf, inf), complex(-inf, inf), complex(nan, 0), complex(0, nan),
            complex(nan, nan), complex(inf, nan), complex(nan, inf), complex(1, inf),
            complex(-inf, 1), complex(inf, -2), complex(-0.0, inf), complex(2, nan)]
table(specials)

print(cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.nan, cmath.infj, cmath.nanj)
for v in vals + specials:
    print('phase', v, cmath.phase(v), 'polar', end=' ')
    try:
        print(cmath.polar(v))
    except OverflowError as e:
        print('OverflowError', e)
    print(cmath.isfinite(v), cmath.isinf(v), cmath.isnan(v))

for r, phi in [(1, 0), (2, cmath.pi / 2), (1, -0.0), (-1, 0.0), (3, 1.5), (0, 2), (inf, 1),
               (-inf, 2), (inf, 0.0), (inf, -0.0), (nan, 0), (0, nan), (inf, nan), (nan, 1),
               (0, inf), (1, inf), (1, nan), (-2.5, -3)]:
    try:
        print('rect', r, phi, cmath.rect(r, phi))
    except ValueError as e:
        print('rect', r, phi, 'ValueError', e)

print(cmath.log(8, 2), cmath.log(100, 10), cmath.log(1j, 1j), cmath.log(-8, 2j))
for a in [(1, 1), (0,), (0, 2), (2, 0), (2, 1)]:
    try:
        print(cmath.log(*a))
    except Exception as e:
        print(type(e).__name__, e)

print(cmath.isclose(1, 1 + 1e-10), cmath.isclose(1j, 1.1j), cmath.isclose(1j, 1.1j, rel_tol=0.2),
      cmath.isclose(0, 1e-10, abs_tol=1e-9), cmath.isclose(complex(inf, 1), complex(inf, 1)),
      cmath.isclose(complex(inf, 1), complex(inf, 2)), cmath.isclose(nan, nan))

class C:
    def __complex__(self):
        return 3 + 4j

class F:
    def __float__(self):
        return 2.0

class I:
    def __index__(self):
        return 9

print(cmath.sqrt(C()), cmath.sqrt(F()), cmath.sqrt(I()), cmath.sqrt(True), cmath.exp(10**10 // 10**10))

class Bad:
    def __complex__(self):
        return 5

for call in [lambda: cmath.sqrt('x'), lambda: cmath.sqrt(), lambda: cmath.sqrt(1, 2),
             lambda: cmath.log(1, 2, 3), lambda: cmath.log(), lambda: cmath.exp(1000),
             lambda: cmath.cosh(1000), lambda: cmath.sinh(-1000j * 1j), lambda: cmath.atanh(1),
             lambda: cmath.atanh(-1), lambda: cmath.phase(None), lambda: cmath.polar(complex(1e308, 1e308)),
             lambda: cmath.polar(complex(inf, 1e308)), lambda: cmath.rect(1, inf),
             lambda: cmath.rect('a', 1), lambda: cmath.rect(1), lambda: cmath.isclose(1),
             lambda: cmath.isclose(1, 2, 3), lambda: cmath.isclose(1, 2, rel_tol=-1),
             lambda: cmath.isclose(1, 2, foo=1), lambda: cmath.sqrt(Bad()), lambda: cmath.sqrt(x=1),
             lambda: cmath.exp(10**400), lambda: cmath.exp(complex(1, 1e308) * 1e10)]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

# min-version: 3.12
# fractions: construction from ints, floats, strings and Fractions, arithmetic with int/float/complex, comparisons, hashing, rounding, limit_denominator, __format__, errors.
from fractions import Fraction as F
import fractions, math

print(F(), F(3), F(6, 4), F(-6, 4), F(6, -4), F(0, -5), F(F(1, 3)), F(F(1, 2), F(3, 4)), F(True), F(3, True))
print(F(0.5), F(-0.1), F(1e100).denominator, F(2.5e-10), F(1.0))
for s in ('3/4', ' -1.5e3 ', '1_000/3', '.5', '5.', '1.25E-2', '+7', ' 2 / 4 ', '0.000', '-0', '1e5', '12_345.6_7'):
    print(repr(s), F(s))
for bad in ('', 'abc', '1/0x', '1.5/2', 'inf', 'nan', '1__0', '_1', '1/-2', '3/', '/4'):
    try:
        print(F(bad))
    except ValueError as e:
        print('ValueError', e)
for args in ((1, 0), (0, 0), (F(1, 2), 0)):
    try:
        F(*args)
    except ZeroDivisionError as e:
        print('ZeroDivisionError', e)
for args in ((1.5, 2), (1, 2.5), ([1],), (1j,), (None,)):
    try:
        F(*args)
    except TypeError as e:
        print('TypeError', e)
for v in (float('inf'), float('nan')):
    try:
        F(v)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)

a, b = F(1, 3), F(-5, 7)
print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b), -a, +a, abs(b), a ** 2, b ** -3, a ** 0)
print(a + 1, 1 + a, a - 2, 2 - a, a * 3, 3 * a, a / 4, 4 / a, 7 // a, a // 7, 7 % a, a % 7, divmod(7, a))
print(a + 0.5, 0.5 + a, a * 1.5, a / 0.25, 2.0 ** a, a ** 0.5, a + 1j, 1j * a, a ** F(1, 2), 4 ** F(1, 2), F(4) ** F(1, 2))
print(F(2) ** F(3), 2 ** F(3), 2 ** F(-1), F(-2, 3) ** -3, F(-2, 3) ** 3, F(0) ** 3, (-8) ** F(1, 3))
for expr in (lambda: a / 0, lambda: a // 0, lambda: a % 0, lambda: divmod(a, 0), lambda: F(0) ** -1, lambda: a / F(0), lambda: a + 'x', lambda: 'x' * a):
    try:
        print(expr())
    except (ZeroDivisionError, TypeError) as e:
        print(type(e).__name__, e)
print(a == F(2, 6), a == 1, F(3) == 3, F(1, 2) == 0.5, F(1, 3) == 1 / 3, a != b, a < b, a > b, a <= F(1, 3), b >= -1)
print(F(1, 2) < 0.6, F(1, 2) > float('inf'), F(1, 2) < float('nan'), F(1, 2) == float('nan'), F(1, 2) == 0.5 + 0j, 1 < F(3, 2) < 2)
print(hash(F(1, 2)) == hash(0.5), hash(F(3)) == hash(3), hash(F(-1)), hash(F(1, 3)), hash(F(-7, 11)), hash(F(10**30, 7)))
print(sorted([F(1, 2), 0.3, 1, F(-2, 3), 0]), max(F(7, 8), 0.875), {F(1, 2): 'x'}[0.5])
print(int(F(7, 2)), int(F(-7, 2)), float(F(1, 3)), float(F(10**400, 10**399)), math.floor(F(-7, 2)), math.ceil(F(-7, 2)), math.trunc(F(-7, 2)))
print(round(F(5, 2)), round(F(7, 2)), round(F(-5, 2)), round(F(1, 3), 2), round(F(12345, 7), -2), round(F(-1, 8), 2), type(round(F(1, 2))))
print(bool(F(0)), bool(F(1, 9)), F(5, 3).numerator, F(5, 3).denominator, F(5, 3).real, F(5, 3).imag, F(5, 3).conjugate())
print(F(3, 4).as_integer_ratio(), F(4, 2).is_integer(), F(1, 2).is_integer())
print(F.from_float(0.1), F.from_float(3), F(0.1).limit_denominator(), F(0.1).limit_denominator(10), F(math.pi).limit_denominator(100), F(math.pi).limit_denominator(1000), F(-math.e).limit_denominator(50), F(1, 3).limit_denominator(3))
for bad in (lambda: F(1, 3).limit_denominator(0), lambda: F.from_float('1'), lambda: F.from_decimal(1.5)):
    try:
        print(bad())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(repr(F(1, 3)), str(F(1, 3)), str(F(4, 2)), f'{F(1, 3)}', [F(1, 2)])
for spec in ('.5f', 'f', '.0f', '.2e', 'E', '.3g', 'g', '%', '.1%', '+.2f', ' .2f', '10.3f', '<10.2f', '^12.1f', '*>12.2f', '=+12.2f', '010.3f', ',.2f', '_.3f', '015,.2f', '#.0f', '#g', 'z.1f', '.3G', '.0e', '.20f', 'F'):
    print(spec, repr(format(F(-2, 3), spec)), repr(format(F(1234567, 8), spec)), repr(format(F(0), spec)), repr(format(F(-1, 10**9), spec)))
for spec in ('d', '>10', 's', '10', '.2', '=010f', 'x'):
    try:
        print(format(F(1, 3), spec))
    except ValueError as e:
        print('ValueError', e)
class MyF(F):
    pass
m = MyF(3, 6)
print(m, repr(m), type(m).__name__, type(m + 1).__name__, type(-m).__name__, isinstance(m, F), MyF.from_float(0.25), type(MyF.from_float(0.25)).__name__)
import copy
print(copy.copy(a) is a, copy.deepcopy(a) is a, copy.copy(m), a.__reduce__())
print(fractions.__all__, sum([F(1, n) for n in range(1, 11)]), math.fsum([F(1, 3)] * 3) if hasattr(math, 'fsum') else '')

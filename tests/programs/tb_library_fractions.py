# needs: cpython-library
# Errors raised inside fractions.py: constructor and arithmetic frames.
import traceback
from decimal import Decimal
from fractions import Fraction

half = Fraction(1, 2)
cases = [
    lambda: Fraction(1, 0),
    lambda: Fraction('x'),
    lambda: Fraction('3/0'),
    lambda: Fraction('1.5e'),
    lambda: Fraction([1, 2]),
    lambda: Fraction(1, 1.5),
    lambda: Fraction(float('inf')),
    lambda: Fraction(float('nan')),
    lambda: Fraction(Decimal('NaN')),
    lambda: half / 0,
    lambda: half / Fraction(0),
    lambda: 3 / Fraction(0, 7),
    lambda: half % 0,
    lambda: divmod(half, 0),
    lambda: half / 0.0,
    lambda: 2.5 // Fraction(0),
    lambda: half / 0j,
    lambda: Fraction(0) ** -2,
    lambda: half.limit_denominator(0),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except Exception as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())


def ratio(a, b):
    return Fraction(a, b)


print(ratio(6, 4))
print(ratio(6, 0))

# needs: cpython-library
# An uncaught ZeroDivisionError from Fraction arithmetic.
from fractions import Fraction

shares = [Fraction(1, 3), Fraction(2, 3), Fraction(0)]
total = sum(shares)
print(total)
for s in shares:
    print(s, total / s)

# py2: yes
# Floating point constants and their reprs: 0.1, large exponents, negative
# zero, infinities and NaN (made at run time), rounding.

a = 0.1
b = 0.2
print(repr(a + b))
print(repr(1e16))
print(repr(1e22))
print(repr(1.5e-10))
print(repr(-0.0))
print(repr(0.0))
print(repr(123456789.125))
print(repr(2.5))
inf = float('inf')
ninf = float('-inf')
nan = float('nan')
print(repr(inf) + " " + repr(ninf))
print(str(nan == nan) + " " + str(inf > 1e308))
print(repr(1.0 / 3))
print(repr(round(2.675, 2)))
print(repr(3.0 * 1.1))
print("%.3f %.3e %g" % (3.14159, 31415.9, 0.00001234))
print(repr(float(7)))
print(str(int(-3.7)) + " " + str(int(3.7)))
print(repr(divmod(7.5, 2)))
print(repr(-7.5 % 2))
print(repr(2.0 ** 0.5))
print(repr(1e308 * 10))
print(repr(5e-324))
print(repr(1.7976931348623157e308))
print(str(abs(-0.0) == 0.0))
print(repr(sum([0.1] * 10)))
print(repr((1.0).hex() if hasattr(1.0, 'hex') else 'nohex'))

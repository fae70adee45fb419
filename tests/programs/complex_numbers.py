# py2: yes
# Complex constants and arithmetic.

z = 3 + 4j
w = -1.5j
print(repr(z))
print(repr(w))
print(repr(z * w))
print(repr(z.conjugate()))
print(repr(abs(z)))
print(repr(z.real) + " " + repr(z.imag))
print(repr(complex(1, -0.0)))
print(repr(1j ** 2))
print(repr(z / (1 + 1j)))
print(repr(complex("2+3j")))
print(repr(0j))
print(repr(-0j))
print(repr(2j * 2j))
print(str(z == complex(3, 4)))

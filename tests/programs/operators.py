# Every operator: arithmetic, true and floor division, modulo, power,
# matrix multiplication, bitwise, shifts, comparisons (chained), identity,
# membership, boolean short-circuit, unary, augmented assignment, and the
# reflected dunder methods.

a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2, -a, +a, ~a)
print(a & b, a | b, a ^ b, a << 3, a >> 2)
print(a < b, a <= b, a > b, a >= b, a == b, a != b)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2, "a" < "b" <= "b")
x = None
print(x is None, x is not None, 3 in [1, 3], 3 not in (1, 2))
print(0 or "default", "" and "never", 1 and 2, None or 0 or [])
print(not 0, not "x", bool([]) == False)
v = 10
v += 5
v -= 2
v *= 3
v //= 2
v %= 7
v **= 3
v <<= 2
v >>= 1
v |= 1
v &= 0xFF
v ^= 0b1010
print(v)
f = 7.0
f /= 2
print(f)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [1]
lst += [2]
lst *= 2
print(lst)


class M:
    def __init__(self, v):
        self.v = v

    def __matmul__(self, o):
        return M(self.v * o.v + 1)

    def __rmatmul__(self, o):
        return M(o * self.v)

    def __imatmul__(self, o):
        self.v = -1
        return self

    def __radd__(self, o):
        return M(o + self.v)

    def __lt__(self, o):
        return self.v < o.v

    def __repr__(self):
        return "M(%r)" % self.v


m = M(3) @ M(4)
print(m, 2 @ M(5), 10 + M(1), M(1) < M(2), M(5) > M(2))
m @= M(0)
print(m)
print(divmod(-7, 2), pow(2, -1), round(-2.5), abs(-3))
print(True + True, True * 3, 7 // -2, -7 % 3, 2 ** -1)

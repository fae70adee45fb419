# min-version: 3.12
# array: typecodes, construction, methods, slicing, comparisons, repr, bytes layout consistent with struct
import array
import struct
from array import array as A

print(array.typecodes, array.ArrayType is A, A.__module__, A.__name__, type(iter(A('i'))).__name__)
print([(t, A(t).itemsize) for t in array.typecodes])
for t in 'bBhHiIlLqQ':
    a = A(t, [0, 1, 2, 100])
    print(a, a.typecode, a.itemsize, len(a), a.tobytes() == struct.pack('=%d%s' % (len(a), t), *a))
print(A('d', [1.5, -0.0, float('inf'), 0.1, 1e20, 1e-7]), A('f', [0.1, 1e300, 2.5]))
print(A('u', 'hié'), A('u'), A('b'), str(A('i', [1])), repr(A('B', b'ab')))
print(A('q', [-2**63, 2**63 - 1]), A('Q', [2**64 - 1]), A('L', [2**64 - 1]), A('l', [-2**63]))
print(A('i', b'\x01\x00\x00\x00\x02\x00\x00\x00'), A('i', bytearray(4)), A('i', (1, 2)), A('i', iter([3])), A('d', range(3)))
print(A('i', A('i', [5, 6])), A('d', A('i', [1, 2])), A('u', A('u', 'xy')), A('h', [True, False]))
class Idx:
    def __index__(self):
        return 7
print(A('i', [Idx()]), A('d', [Idx(), 2]))

a = A('i', range(10))
print(a[0], a[-1], a[2:5], a[::3], a[::-2], a[5:2], a[-3:])
a[2:5] = A('i')
print(a)
a[::2] = A('i', [0] * 4)
print(a)
a[1:1] = A('i', [7, 8])
print(a)
del a[::3]
print(a)
del a[1:3]
print(a)
del a[0]
a[0] = 42
a[-1] = -1
print(a)
a.insert(-100, 9)
a.insert(100, 8)
a.insert(2, 5)
print(a, a.count(8), a.index(8), a.index(8, 4), 8 in a, 'x' in a, 99 in a)
a.append(3)
a.extend([4, 5])
a.extend(A('i', [6]))
a.extend(x for x in (7,))
print(a, len(a))
a += A('i', [5])
a *= 2
print(a, len(a))
a.reverse()
print(a.tolist()[:5], a.pop(), a.pop(0), a.pop(3), a)
a.remove(5)
print(a)
b = A('H', [1, 2])
b.byteswap()
print(b)
b.fromlist([3])
b.frombytes(b'\x01\x00')
print(b, b.tobytes())
try:
    b.fromlist([1, -1])
except OverflowError as e:
    print('OverflowError', e, b)
try:
    b.extend([1, 'x'])
except TypeError as e:
    print('TypeError', e, b)
u = A('u', 'ab')
u.fromunicode('cd')
print(u, u.tounicode(), u[0], u.itemsize, list(u), u[1:3])
print(A('d', [1.0, 2.5]) == A('f', [1.0, 2.5]), A('b', [1]) != A('B', [1]), A('i', [1, 2]) >= A('i', [1]))
print(A('i', [1, 2, 3]) < A('i', [1, 2, 4]), A('i', [1]) == [1], A('i') == A('d'), A('i', [2]) > A('i', [1, 5]))
import copy
c = copy.copy(a)
print(c == a, c is a, copy.deepcopy(a) == a, a.__reduce_ex__(2))
print(A('i', [1, 2]) * -1, A('i', [3]) * 0, 3 * A('i', [1]), A('i', [1, 2]) + A('i', [3]))
e = A('i', [1, 2, 3])
it = iter(e)
next(it)
e.append(4)
print(list(it), list(it))
print(bytes(A('h', [1, 256])), struct.unpack('<2h', A('h', [1, -2])), A('i', [1, 2]).__sizeof__() > 0)
d = A('d', [1.0, 2.0, 3.0])
print(struct.unpack('3d', d.tobytes()), A('d', struct.pack('2d', 0.5, 0.25)))
for t in 'bhilqfd':
    x = A(t, [1, 2, 3])
    y = A(t)
    y.frombytes(x.tobytes())
    print(t, x == y, sum(x), max(x), sorted(A(t, [3, 1, 2])), list(reversed(x)))
class MyArray(A):
    def total(self):
        return sum(self)
m = MyArray('i', [1, 2, 3])
print(m, m.total(), type(m[0:2]).__name__, isinstance(m, A))
print(A[int])
import sys
g = A('i')
sizes = [sys.getsizeof(g), g.__sizeof__()]
for n in range(20):
    g.append(n)
    sizes.append(g.__sizeof__())
print(sizes, g.buffer_info()[1])
del g[2:]
g *= 3
print(g.__sizeof__(), sys.getsizeof(A('d', [1.0] * 100)), sys.getsizeof(A('b', b'x' * 33)), sys.getsizeof(A('i', range(7)) * 3))
print(A('i', (1, 2, 3)).__sizeof__(), A('i', iter([1, 2, 3])).__sizeof__(), A('i', A('i', [1, 2])).__sizeof__(), A('d', A('i', [1, 2])).__sizeof__())

# min-version: 3.12
# Lists and tuples: construction, growth (__sizeof__), indexing and slicing
# (extended slice assignment and deletion), every method, operators,
# comparisons, repr of recursive structures, and the exact error messages.


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)
    else:
        print(label, '->', repr(r))


# construction and growth
sizes = []
grow = []
for i in range(20):
    grow.append(i)
    sizes.append(grow.__sizeof__())
print(sizes)
print([list(range(n)).__sizeof__() for n in range(6)])
print([[*((1,) * n)].__sizeof__() for n in range(5)])
print(list('abc'), list((1, 2)), list({'k': 1}), list(range(3)), tuple([1, 2]), tuple('xy'))
t = (1, 2, 3)
empty = ()
print(tuple(t) is t, t[:] is t, empty is tuple(), t * 1 is t, (t + empty) is t)

# indexing and slicing
a = list(range(10))
print(a[3], a[-1], a[2:7], a[::3], a[::-2], a[7:2:-2], a[-3:], a[:-7], a[100:], a[-100:2])
show('index', lambda: a[10])
show('index-str', lambda: a['1'])
show('index-big', lambda: a[2 ** 100])
show('slice-step0', lambda: a[::0])
show('slice-str', lambda: a['x':])
print(a[2 ** 100:], a[-2 ** 100:3], t[1:], t[::-1], t[-2:-1])
show('tuple-index', lambda: t[3])
show('tuple-key', lambda: t[None])

# assignment and deletion
b = list(range(10))
b[2:5] = 'xy'
print(b)
b[::3] = [0, 0, 0]
print(b)
show('ext-assign', lambda: b.__setitem__(slice(None, None, 2), [1, 2]))
del b[::2]
print(b)
del b[::-3]
print(b)
c = list(range(10))
c[5:2] = ['x']
print(c)
c = list(range(10))
c[8:2:-2] = 'pqr'
print(c)
c = list(range(6))
c[1:3] = c
print(c)
c[::-1] = c
print(c)
c[len(c):] = [100]
del c[0], c[-1]
print(c)
show('assign-int', lambda: c.__setitem__(slice(0, 1), 5))
show('ext-int', lambda: c.__setitem__(slice(0, None, 2), 5))
show('assign-range', lambda: c.__setitem__(99, 1))
show('del-range', lambda: c.__delitem__(-99))
d = [1, 2, 3]
d[1:2] = (x * 10 for x in range(3))
print(d)

# methods
m = [3, 1, 2]
m.append(4)
m.extend((5, 6))
m.extend(x for x in 'ab')
m.insert(0, 'first')
m.insert(-100, 'front')
m.insert(100, 'back')
print(m)
print(m.pop(), m.pop(0), m.pop(-2), m)
show('pop-empty', lambda: [].pop())
show('pop-range', lambda: [1].pop(5))
show('pop-args', lambda: [1].pop(1, 2))
show('pop-str', lambda: [1].pop('0'))
m.remove(1)
print(m, m.index(2), m.count(5), m.index(5, 2), m.index(6, -4, -1))
show('remove', lambda: m.remove(42))
show('index', lambda: m.index(42))
show('index-range', lambda: m.index(3, 1, 2))
show('index-none', lambda: m.index(3, None))
show('append0', lambda: m.append())
show('insert1', lambda: m.insert(1))
cp = m.copy()
cp.reverse()
print(cp, m, cp == m[::-1])
cp.clear()
print(cp, cp.__sizeof__())
print((1, 2, 1).count(1), (1, 2, 3).index(3), (1, 2, 3).index(2, -2))
show('tuple.index', lambda: (1, 2).index(3))
show('tuple.index-kw', lambda: (1, 2).index(1, start=0))
show('tuple.count0', lambda: (1,).count())

# operators
print([1, 2] + [3], [1] * 3, 3 * [0], [1, 2] * 0, [1] * -1, (1,) * 2, (1, 2) + (3,))
x = [1, 2]
y = x
x += (3, 4)
x *= 2
print(x, y is x)
x *= 0
print(x, y)
show('concat', lambda: [1] + (2,))
show('tconcat', lambda: (1,) + [2])
show('mul-str', lambda: [1] * 'a')
show('mul-big', lambda: [1] * 2 ** 100)
show('mul-huge', lambda: [1, 2] * 2 ** 62)
show('iadd-int', lambda: x.__iadd__(5))
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [1] == [1.0], [] != [], [[1]] <= [[1]])
print((1, 2) < (1, 3), (1, 2) >= (1, 2), () < (0,), (1, 'a') == (1, 'a'))
show('cmp', lambda: [1] < ['a'])
show('tcmp', lambda: (1, 2) < (1, 'x'))
show('cmp-type', lambda: [1] < (1,))
print(2 in [1, 2], 5 in (1, 2), [1] in [[1]], 'a' not in ['b'])

# repr of recursive structures
r = [1, 2]
r.append(r)
print(r, len(repr(r)))
tr = (r,)
r.append(tr)
print(r)
print(tr)
nested = [[[[]]]]
print(nested, [(), (1,), ([],)])

# hash
print(hash((1, 2)), hash(()), hash((None,)), hash(((1, 2), 'a')), hash((1.5, -1)))
show('hash-list', lambda: hash([]))
show('hash-tuple-list', lambda: hash((1, [])))


# subclasses
class L(list):
    def __repr__(self):
        return 'L' + super().__repr__()


class T(tuple):
    pass


lo = L([3, 1, 2])
lo.sort()
print(lo, type(lo + [1]), type(lo[:]), type(lo * 2), T((1, 2)), type(T((1,)) + (2,)))
print(T([1, 2]) == (1, 2), hash(T((1, 2))) == hash((1, 2)), T(), isinstance(T(), tuple))


# iteration
it = iter([1, 2, 3])
print(next(it), it.__length_hint__(), list(it), it.__length_hint__(), list(it))
rv = reversed([1, 2, 3])
print(type(rv).__name__, rv.__length_hint__(), next(rv), list(rv))
ti = iter((1, 2))
print(type(ti).__name__, next(ti), ti.__length_hint__())
live = [1, 2]
li = iter(live)
next(li)
live.append(3)
print(list(li))

# storage states CPython distinguishes: a list emptied by resizing keeps a
# block (extend over-allocates), a cleared or fresh one has none (exact)
g = list(x for x in [])
g.extend((1, 2))
h = list(range(6))
del h[::1]
h.extend((1, 2))
k = list(range(6))
del k[::2], k[::1]
k.extend((1, 2))
f = []
f.extend((1, 2))
print(g.__sizeof__(), h.__sizeof__(), k.__sizeof__(), f.__sizeof__())

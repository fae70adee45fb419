# min-version: 3.12
# range (small and huge), slice objects, and the iterator types: iter() over
# __getitem__, iter(callable, sentinel), enumerate, zip (strict=), map,
# filter, reversed (__reversed__ and the sequence protocol), length hints,
# __reduce__ and exhaustion.


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)
    else:
        print(label, '->', repr(r))


B = 2 ** 70
r = range(10)
print(r, range(2, 8), range(0, 10, 3), range(5, -5, -2), r.start, r.stop, r.step, range(3, 7, 1))
print(list(range(5, -5, -2)), len(range(0, 10, 3)), len(range(10, 0)), bool(range(0)), bool(range(B)))
print(r[2:8:3], range(0, 20, 3)[::-1], r[-1], r[::-1], r[5:100], range(0, 20, 3)[2:-1], r[-100:3])
print(range(B)[B - 1], range(B)[::2 ** 60], range(-B, B, B // 3)[1:], range(B)[-5:])
show('len-big', lambda: len(range(B)))
show('index-range', lambda: r[10])
show('index-big', lambda: range(B)[B])
show('index-str', lambda: r['a'])
show('step0', lambda: range(0, 1, 0))
show('float', lambda: range(1.5))
show('noargs', lambda: range())
show('4args', lambda: range(1, 2, 3, 4))
show('kw', lambda: range(stop=3))
print(3 in r, 10 in r, -1 in r, 3.0 in r, True in r, 'x' in r, B - 5 in range(B), B - 5 in range(0, B, 2))
print(range(10, 0, -3).index(4), r.count(3), r.count(3.0), range(0, 10, 2).index(False), range(3).index(True))
show('index-missing', lambda: r.index(10))
show('index-str', lambda: r.index('a'))
show('index-float', lambda: r.index(3.5))
print(r.index(3.0), range(B).index(B - 1))
print(range(0, 10, 2) == range(0, 9, 2), range(0) == range(5, 5), range(1) == range(1, 2),
      range(3) != range(4), r == list(r))
show('lt', lambda: range(3) < range(4))
print(hash(range(0)), hash(range(1, 2)), hash(range(0, 9, 3)), hash(range(5, 5)) == hash(range(0)))
print(list(reversed(range(1, 10, 4))), list(reversed(range(B, B + 3))), list(reversed(range(0))))
for rr in (range(5), range(2 ** 63 - 1), range(-2 ** 63, 0), range(0, 2 ** 63 - 1, 2), range(B)):
    print(type(iter(rr)).__name__, type(reversed(rr)).__name__, end='; ')
print()
print(list(range(2 ** 63 - 3, 2 ** 63 + 2)), list(range(-2 ** 63 - 1, -2 ** 63 + 2)))
it = iter(range(10))
next(it)
print(it.__length_hint__(), it.__reduce__(), list(it)[:3])
it = iter(range(B))
next(it)
print(it.__length_hint__(), it.__reduce__())
print(range(1, 5).__reduce__(), reversed(range(3)).__length_hint__())

# slices
print(slice(3), slice(1, 2), slice(1, 2, 3), slice(None), slice('a', [], ()))
print(slice(1, 2).indices(10), slice(None, None, -1).indices(10), slice(-B, B, 3).indices(B),
      slice(5, -30, -2).indices(20), slice(-3, None).indices(2))
show('indices-neg', lambda: slice(1).indices(-1))
show('indices-str', lambda: slice('a').indices(4))
show('indices-step0', lambda: slice(1, 2, 0).indices(5))
print(slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3), slice(1, 2, None) == slice(1, 2),
      hash(slice(1, 2, 3)), hash(slice(None)), slice(1).start, slice(1).stop, slice(1, 2, 3).step)
show('hash-list', lambda: hash(slice([])))
show('slice0', lambda: slice())
print(slice(1, 5).__reduce__())


class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i

    def __len__(self):
        return 4


class OnlyItem:
    def __getitem__(self, i):
        if i > 2:
            raise StopIteration
        return 'abc'[i]


si = iter(Seq())
print(type(si).__name__, si.__length_hint__(), next(si), list(si), si.__length_hint__(), list(OnlyItem()))
print(iter(OnlyItem()).__length_hint__(), list(reversed(Seq())), reversed(Seq()).__length_hint__())
show('reversed-onlyitem', lambda: reversed(OnlyItem()))
show('reversed-int', lambda: reversed(5))
show('reversed-dict-keys', lambda: list(reversed({1: 2, 3: 4}.keys())))
show('reversed-set', lambda: reversed({1}))


class NoRev(list):
    __reversed__ = None


show('reversed-none', lambda: reversed(NoRev()))


class MyRev:
    def __reversed__(self):
        return iter('zyx')


print(list(reversed(MyRev())), list(reversed('abc')), list(reversed((1, 2))), list(reversed([])))

counter = [0]


def tick():
    counter[0] += 1
    return counter[0]


ci = iter(tick, 4)
print(type(ci).__name__, list(ci), next(ci, 'done'), counter)
ci2 = iter([5, 6, 7, 8].pop, 6)
print(list(ci2), ci2.__reduce__()[1])
show('iter-noncallable', lambda: iter(5, 6))


def stops():
    raise StopIteration


print(list(iter(stops, None)))

# enumerate, zip, map, filter
print(list(enumerate('abc')), list(enumerate('ab', 5)), list(enumerate('ab', start=-1)),
      list(enumerate('ab', 2 ** 63 - 1)), list(enumerate([], B)))
print(list(enumerate(iterable='xy')), list(enumerate('xy', start=3)))
show('enum0', lambda: enumerate())
show('enum-kw', lambda: enumerate([], foo=1))
show('enum-3', lambda: enumerate([], 1, 2))
show('enum-str-start', lambda: enumerate([], 'a'))
show('enum-kws', lambda: list(enumerate(start=1, iterable='ab')))
show('enum-kws2', lambda: enumerate(start=1, foo=[]))
en = enumerate('ab', 7)
print(en.__reduce__()[1][1], next(en), type(en).__name__)
print(list(zip()), list(zip('ab')), list(zip('abc', range(10), [True, False])), list(zip('ab', 'xy', strict=True)))
show('zip-short', lambda: list(zip([1, 2], [1], strict=True)))
show('zip-long', lambda: list(zip([1], [1, 2], strict=True)))
show('zip-3', lambda: list(zip([1], [1], [1, 2], strict=True)))
show('zip-3s', lambda: list(zip([1, 2], [1, 2], [1], strict=True)))
show('zip-kw', lambda: zip([1], foo=1))
show('zip-int', lambda: zip([1], 2))
print(zip([1], [2], strict=True).__reduce__()[2], len(zip('a').__reduce__()))
print(list(map(pow, [2, 3], [5, 2])), list(map(str.upper, 'ab')), list(map(lambda *a: a, 'ab', 'xyz', [1])))
show('map1', lambda: map(len))
show('map-kw', lambda: map(len, [], x=1))
show('map-err', lambda: list(map(int, ['1', 'x'])))
print(list(filter(None, [0, 1, '', 'x', [], [0]])), list(filter(lambda v: v % 3, range(10))),
      list(filter(bool, [0, 2])))
show('filter1', lambda: filter(None))
show('filter-kw', lambda: filter(None, [], x=1))


def gen():
    yield 1
    yield 2


g = gen()
print(list(zip(g, 'abc')), list(g))
m = map(abs, [-1, -2, -3])
print(next(m), list(m), list(m))
li = [1, 2]
e = enumerate(li)
li.append(3)
print(list(e))

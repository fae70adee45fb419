# min-version: 3.12
# list.sort and sorted: stability, key=, reverse=, the exact sequence of `<`
# calls (CPython's merge sort with galloping and powersort merging), errors
# raised part-way (the list keeps every item), "list modified during sort",
# mixed types, NaN-like inconsistent comparisons.

calls = []


class K:
    __slots__ = ('v', 'tag')

    def __init__(self, v, tag):
        self.v = v
        self.tag = tag

    def __lt__(self, other):
        calls.append((self.tag, other.tag))
        return self.v < other.v

    def __repr__(self):
        return '%s%s' % (self.v, self.tag)


def lcg(seed, n, m):
    x = seed
    out = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7fffffff
        out.append(x % m)
    return out


def trace_sort(values, **kw):
    del calls[:]
    items = [K(v, i) for i, v in enumerate(values)]
    items.sort(**kw)
    h = 0
    for a, b in calls:
        h = (h * 1000003 + a * 4099 + b) & 0xFFFFFFFFFFFF
    return len(calls), h, [it.tag for it in items][:12]


print(trace_sort([3, 1, 2]))
print(calls)
print(trace_sort([5, 4, 3, 2, 1, 0]))
print(calls)
print(trace_sort(lcg(1, 64, 10)))
print(trace_sort(lcg(2, 300, 1000)))
print(trace_sort(lcg(3, 1000, 7), reverse=True))
print(trace_sort(list(range(0, 400, 2)) + list(range(1, 40, 2))))
print(trace_sort([i % 13 for i in range(500)]))
print(trace_sort(list(range(200, 0, -1)) + list(range(100))))

# stability and keys
words = ['pear', 'Fig', 'apple', 'fig', 'Apple', 'kiwi', 'Pear', 'date']
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
pairs = [(1, 'b'), (0, 'z'), (1, 'a'), (0, 'y'), (2, 'c')]
print(sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
print(sorted(pairs), sorted(pairs, reverse=True))
print(sorted([3, 1.5, 2, True, -0.5]), sorted('hello'), sorted({3: 'a', 1: 'b'}), sorted(range(5), key=lambda x: -x))
nums = [5, 3, 8, 1]
print(nums.sort(), nums, nums.sort(reverse=True), nums)
print(sorted([], key=len), sorted([1]), [].sort())

# errors
def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)
    else:
        print(label, '->', repr(r))


show('mixed', lambda: sorted([1, 'a']))
show('mixed2', lambda: sorted(['a', 1, 2]))
show('pos', lambda: [].sort(len))
show('kw', lambda: [].sort(cmp=len))
show('key-not-callable', lambda: [2, 1].sort(key=5))
show('sorted-kw', lambda: sorted([1], foo=1))
show('sorted-noargs', lambda: sorted())


class Boom:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        if self.v == 7 or other.v == 7:
            raise ValueError('cannot compare 7')
        return self.v < other.v

    def __repr__(self):
        return 'B%d' % self.v


bl = [Boom(v) for v in [9, 4, 8, 1, 7, 3, 6, 2, 5, 0]]
show('boom', lambda: bl.sort())
print(bl)
bl2 = [Boom(v) for v in lcg(5, 80, 20)]
show('boom2', lambda: bl2.sort(reverse=True))
print([b.v for b in bl2])

def badkey(x):
    if x == 3:
        raise KeyError(x)
    return -x

kl = [1, 2, 3, 4]
show('badkey', lambda: kl.sort(key=badkey))
print(kl)

victim = [K(v, i) for i, v in enumerate(lcg(9, 30, 100))]


class Meddle:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        victim2.append(self)
        return self.v < other.v


victim2 = [Meddle(v) for v in [3, 1, 2]]
show('modified', lambda: victim2.sort())
print(len(victim2), [m.v for m in victim2])


class Clear:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        victim3.clear()
        return self.v < other.v


victim3 = [Clear(v) for v in [2, 1]]
show('cleared', lambda: victim3.sort())
print([c.v for c in victim3])

# inconsistent comparisons do not crash and give CPython's order
nan = float('nan')
print(sorted([3, nan, 1, 2, nan, 0]))


class Liar:
    n = 0

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        Liar.n += 1
        return Liar.n % 3 == 0

    def __repr__(self):
        return str(self.v)


print(sorted([Liar(i) for i in range(40)]), Liar.n)

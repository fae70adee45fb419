# The iterator protocol: classes with __iter__/__next__, iter() with a
# sentinel, builtins that consume iterators, itertools.

import itertools


class Range2:
    def __init__(self, start, stop, step=1):
        self.cur = start
        self.stop = stop
        self.step = step

    def __iter__(self):
        return self

    def __next__(self):
        if self.cur >= self.stop:
            raise StopIteration
        v = self.cur
        self.cur += self.step
        return v


class Countable:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n

    def __contains__(self, x):
        return 0 <= x < self.n

    def __reversed__(self):
        return iter(range(self.n - 1, -1, -1))


print(list(Range2(0, 10, 3)))
print(list(Countable(4)), len(Countable(4)), 3 in Countable(4), 9 in Countable(4))
print(list(reversed(Countable(3))))
data = iter([5, 4, 0, 3])
print(list(iter(lambda: next(data), 0)))
print(list(zip("abc", Range2(1, 4), [True, False, True])))
print(list(enumerate("xy", start=10)))
print(list(map(pow, [2, 3], [5, 2])))
print(sorted(Range2(0, 5), reverse=True), min(Range2(3, 9)), sum(Range2(1, 5)))
print(list(itertools.islice(itertools.count(7, 2), 4)))
print(list(itertools.chain.from_iterable([[1], [2, 3]])))
print([(k, len(list(g))) for k, g in itertools.groupby("aabbbca")])
print(list(itertools.accumulate([1, 2, 3, 4])))
print(list(itertools.product("ab", repeat=2)))
print(list(itertools.permutations(range(3), 2))[:4])
it = iter([1, 2, 3])
print(next(it), list(it), next(it, "default"))
a, b, *c = Range2(0, 6)
print(a, b, c)
print(dict(zip(Range2(0, 3), "pqr")))

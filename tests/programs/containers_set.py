# min-version: 3.12
# set and frozenset: iteration order (CPython's open-addressing table, so
# the order of ints and of strs under PYTHONHASHSEED=0 is fixed), pop order,
# every method and operator with its result type, comparisons, frozenset
# hashing, unhashable sets looked up as frozensets, errors.


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)
    else:
        print(label, '->', repr(r))


s = set()
for i in [5, 13, 21, 29, 37, 45, 53, 61, 8, 16, 3, 100, 1000, -1, -2]:
    s.add(i)
print(s, s.__sizeof__())
s.discard(13)
s.discard(29)
s.add(77)
s.add(13)
print(s)
print([s.pop() for _ in range(4)], s)
print({i * 8 for i in range(20)})
print(set(range(0, 300, 7)))
print({-i for i in range(12)}, {2 ** i for i in range(70)})
print(set(['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape']))
print(set('mississippi'), frozenset('abracadabra'), set(['x', 'y', 'z']))
print(set({'q': 1, 'r': 2, 's': 3}), set({'q': 1, 'r': 2, 's': 3}.keys()), set({'a': 1}.items()))
print({1, 1.0, True}, {0, 0.0, False, -0.0}, {(1, 2), (1, 2), (2, 1)}, {None, (), ''})

u = set(range(0, 200, 3))
u -= set(range(0, 200, 2))
print(u, u.__sizeof__())
w = set(range(50))
w &= set(range(25, 75))
print(w)
x = {1, 2, 3}
x ^= {2, 9}
x |= {100, 4}
print(x)
big = set(range(100))
for i in range(90):
    big.discard(i)
print(big, big.__sizeof__())
big.add(5)
print(big, len(big))

a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b, b ^ a)
print(a.union([7], (8,)), a.intersection(b, [4]), a.difference([1], {2}), a.symmetric_difference([4, 9]))
print(a.intersection(), a.union(), a.difference(), a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint('ab'))
print(a <= a, a < a, a < a | b, a >= {1}, a > {1}, a == frozenset(a), a != b, {1} == [1])
show('lt-list', lambda: a < [1])
show('or-list', lambda: a | [1])
show('sub-list', lambda: a - [1])
show('isub', lambda: a.__isub__([1]))
c = a.copy()
c.update([10], (11,), {12: 0})
c.intersection_update(range(11), [1, 2, 3, 10, 11])
print(c)
c.difference_update([1], {2})
c.symmetric_difference_update({3, 99})
print(c)
print({1} & {1.0}, {1.0} & {1}, {1, 2} & {1.0}, {1.0, 2.0} | {1, 3}, {1} ^ {True})

fa = frozenset([1, 2, 3])
print(fa, frozenset(), frozenset(fa) is fa, fa.copy() is fa, type(fa | {4}).__name__, type({4} | fa).__name__)
print(type(fa & {1}).__name__, type({1} - fa).__name__, type(fa.union([9])).__name__, fa.union([9]))
print(hash(frozenset()), hash(fa), hash(frozenset([3, 2, 1])) == hash(fa), hash(frozenset(['a', 'b'])))
print(hash(frozenset([frozenset([1]), frozenset()])), hash(frozenset(range(100))))
nested = {frozenset([1, 2]), frozenset([2, 1]), frozenset()}
print(len(nested), {1, 2} in nested, frozenset() in nested)
nested.discard({1, 2})
print(nested)
show('remove-set', lambda: nested.remove({5}))
show('remove', lambda: set().remove(1))
show('remove-unhashable', lambda: set().remove([]))
show('add-unhashable', lambda: set().add({}))
show('in-unhashable', lambda: [] in set())
show('pop', lambda: set().pop())
show('hash-set', lambda: hash(set()))
show('set2', lambda: set(1, 2))
show('set-kw', lambda: set(x=1))
show('frozenset-kw', lambda: frozenset(iterable=[]))
show('update-int', lambda: set().update(1))
show('add0', lambda: set().add())


class S(set):
    pass


class F(frozenset):
    pass


print(S(), S([1]), F(), F('a'), type(S([1]) | {2}).__name__, type(S([1]).copy()).__name__, F([1]) == {1})
print(repr(S([3, 2])), str(F([5])), set.__repr__(S([7])))

# iteration
it = iter({1, 2, 3})
print(next(it), it.__length_hint__(), list(it), it.__length_hint__(), type(it).__name__)
print(iter({4, 5}).__reduce__())
sm = {1, 2}
def mutate():
    for k in sm:
        sm.add(k + 5)
show('mutate', mutate)
sm2 = {1, 2, 3}
def swapper():
    for k in sm2:
        sm2.discard(k)
        sm2.add(k + 100)
show('swap', swapper)
print(sorted(sm2))


class H:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return 7

    def __eq__(self, other):
        print('eq', self.n, getattr(other, 'n', other))
        return self is other

    def __repr__(self):
        return 'H%d' % self.n


hs = {H(1), H(2)}
print(len(hs), H(3) in hs)

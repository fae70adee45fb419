# min-version: 3.12
# dict: insertion order through deletions and re-insertions, popitem order,
# __sizeof__ as the table grows, every method and its errors, views and
# their set operations, mutation during iteration, __missing__, hash/eq
# that run Python code, recursive repr.


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)
    else:
        print(label, '->', repr(r))


d = {}
sizes = []
for i in range(25):
    d[i * 7] = i
    sizes.append(d.__sizeof__())
print(sizes)
del d[7], d[21]
d[7] = 'again'
print(list(d)[:6], list(d)[-3:], len(d))
print(d.popitem(), d.popitem(), len(d), d.__sizeof__())
strs = {}
for c in 'abcdefghijk':
    strs[c] = ord(c)
print(strs.__sizeof__(), end=' ')
strs[0] = 0
print(strs.__sizeof__(), {}.__sizeof__(), {'a': 1}.__sizeof__(), {1: 1}.__sizeof__())
print(dict.fromkeys(range(30)).__sizeof__(), dict.fromkeys(dict.fromkeys(range(30))).__sizeof__())
c = {i: i for i in range(10)}
for i in range(5):
    del c[i]
print(c.copy().__sizeof__(), dict(c).__sizeof__(), {**c}.__sizeof__(), c.__sizeof__())

# methods
e = {'one': 1, 'two': 2}
print(e.get('one'), e.get('three'), e.get('three', 3), e.setdefault('two', 0), e.setdefault('four', 4), e)
print(e.pop('one'), e.pop('nope', None), e)
show('pop-missing', lambda: e.pop('nope'))
show('pop-empty-unhashable', lambda: {}.pop([]))
show('pop-unhashable', lambda: e.pop([]))
show('pop0', lambda: e.pop())
show('get0', lambda: e.get())
show('get3', lambda: e.get(1, 2, 3))
show('popitem-empty', lambda: {}.popitem())
show('getitem', lambda: e['zzz'])
show('getitem-tuple', lambda: e[(1, 2)])
show('getitem-list', lambda: e[[1]])
show('del', lambda: e.__delitem__('zzz'))
e.update({'a': 1}, b=2)
e.update([('c', 3), ['d', 4]])
e.update(e)
print(e)
show('update2', lambda: e.update({}, {}))
show('update-int', lambda: e.update(5))
show('update-short', lambda: e.update([(1,)]))
show('update-nonseq', lambda: e.update([1]))
print(dict(a=1, b=2), dict([(1, 2)], x=3), dict({1: 2}), dict(zip('ab', range(2))))
show('dict2', lambda: dict({}, {}))
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], []), dict.fromkeys({'x': 1}, 0))
e2 = e.copy()
e2.clear()
print(e2, len(e), e == e.copy(), e != {}, {1: 2} == {1: 2.0}, {1: 2} == {2: 1})
show('lt', lambda: {} < {})
show('hash', lambda: hash({}))
print({1: 'a'} | {2: 'b'}, {1: 'a'} | {1: 'b'})
m = {1: 'a'}
m |= [(2, 'b')]
m |= {3: 'c'}
print(m)
show('or-list', lambda: {1: 2} | [(3, 4)])
print(list(reversed({1: 2, 3: 4, 5: 6})), list(reversed({1: 2}.items())), list(reversed({1: 2}.values())))

# views
v = {'x': 1, 'y': 2, 'z': 3}
ks, vs, its = v.keys(), v.values(), v.items()
print(ks, vs, its, len(ks), 'x' in ks, 1 in vs, ('x', 1) in its, ('x', 2) in its, 'x' in its)
v['w'] = 0
print(ks, list(vs), sorted(its))
print(ks & {'x', 'q'}, sorted(ks | {'q'}), sorted(ks - {'x'}), sorted(ks ^ {'x', 'q'}))
print({'x'} & ks, sorted({'q'} | ks), ['x', 'x'] & ks if False else sorted(['x', 'x', 'w'] & ks))
print(sorted(its & {('x', 1), ('y', 9)}), sorted(its - {('x', 1)}))
print(sorted({1: 'a', 2: 'b'}.items() ^ {1: 'a', 2: 'c'}.items()))
print(ks == set(['x', 'y', 'z', 'w']), ks < set(['x', 'y', 'z', 'w', 'v']), ks >= {'x'}, ks == ['x'], its == its)
print(ks.isdisjoint(['q']), ks.isdisjoint({'x'}), its.isdisjoint([('x', 1)]))
show('view-hash', lambda: hash(ks))
show('view-or-int', lambda: ks | 1)
show('values-lt', lambda: vs < vs)
print(vs == vs, vs == v.values())
ki = iter(ks)
print(next(ki), ki.__length_hint__(), list(ki), ki.__length_hint__())
print(type(iter(ks)).__name__, type(iter(vs)).__name__, type(iter(its)).__name__, type(reversed(ks)).__name__)
print(iter({1: 2}).__reduce__(), iter({1: 2}.items()).__reduce__())

# mutation during iteration


def grow():
    g = {1: 1, 2: 2}
    for k in g:
        g[k + 10] = 0


def swap():
    g = {1: 1, 2: 2}
    it = iter(g)
    next(it)
    next(it)
    del g[1]
    g[5] = 5
    next(it)


def churn():
    g = {1: 1, 2: 2, 3: 3}
    for k in g:
        del g[k]
        g[k + 10] = 0
    return g


show('grow', grow)
show('swap', swap)
show('churn', churn)


class Noisy:
    def __init__(self, n, h):
        self.n = n
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        print('eq', self.n, getattr(other, 'n', other))
        return isinstance(other, Noisy) and self.n == other.n

    def __repr__(self):
        return 'N%d' % self.n


a, b, c2 = Noisy(1, 5), Noisy(2, 5), Noisy(1, 5)
nd = {a: 'a', b: 'b'}
print(nd[c2], c2 in nd, nd.get(Noisy(3, 5)))


class Evil:
    def __init__(self, target):
        self.target = target

    def __hash__(self):
        return 0

    def __eq__(self, other):
        self.target.clear()
        return False


ed = {}
ed[Evil(ed)] = 1
ed[Evil(ed)] = 2
print(len(ed))


class Missing(dict):
    def __missing__(self, key):
        return key * 2


md = Missing(a=1)
print(md['a'], md['zz'], md.get('zz'), 'zz' in md, type(md.copy()).__name__, md | {})


class Ordered(dict):
    def __iter__(self):
        return iter(sorted(super().__iter__()))


od = Ordered({'b': 1, 'a': 2})
print(list(od), dict(od), {**od})

rec = {'k': 1}
rec['self'] = rec
rec['list'] = [rec]
print(rec)
print({(1, 2): {3: {4: None}}, 'x': [], None: ()})

# copies of a dict with holes: merged into a fresh table sized for the items
holes = {i: i for i in range(8)}
for i in range(5):
    del holes[i]
print(holes.__sizeof__(), dict(holes).__sizeof__(), holes.copy().__sizeof__(), {**holes}.__sizeof__())
kept = {i: i for i in range(8)}
for i in range(5):
    kept.popitem()
print(kept.__sizeof__(), dict(kept).__sizeof__(), kept.copy().__sizeof__())

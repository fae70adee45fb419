# min-version: 3.12
# collections: deque, defaultdict, OrderedDict, Counter, namedtuple, ChainMap
# (reprs, methods, operators, error messages).
from collections import deque, defaultdict, OrderedDict, Counter, namedtuple, ChainMap
import collections


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ':', e)


# deque
d = deque([1, 2, 3], maxlen=3)
print(d, d.maxlen, len(d), bool(d), bool(deque()))
d.append(4)
print(d)
d.appendleft(0)
print(d)
t(lambda: d.insert(0, 5))
t(lambda: deque().pop())
t(lambda: deque().popleft())
t(lambda: deque([1])[5])
t(lambda: deque([1]).remove(7))
t(lambda: deque([1]).index(7))
t(lambda: deque(maxlen=-1))
t(lambda: deque([1], 'a'))
t(lambda: deque([1])['a'])
t(lambda: hash(deque()))
t(lambda: deque([1, 2]) + [3])
t(lambda: deque([1, 2]) * 2)
t(lambda: deque([1, 2]) + deque([3]))
t(lambda: deque([1, 2]) < deque([1, 3]))
t(lambda: deque([1, 2]) == deque([1, 2]))
t(lambda: deque([1, 2]) == [1, 2])
x = deque(range(6))
x.rotate(2)
print(x)
x.rotate(-3)
print(x)
x.extend('ab')
x.extendleft('cd')
print(x, x.count('a'), x.index('a'), 'b' in x, 99 in x)
x.remove('a')
x.reverse()
print(x, x.pop(), x.popleft(), x)
del x[0]
x[1] = 'z'
print(x, x[-1], list(reversed(x)))
x.insert(2, 'ins')
print(x, x.copy(), x.copy() is x)
x.clear()
print(x)
y = deque([1, 2, 3])
y.append(y)
print(y)
y += [7, 8]
print(y.pop(), y.pop(), len(y))
w = deque([1, 2], maxlen=4)
w *= 3
print(w)
it = iter(deque([1, 2]))
dd = deque([1, 2])
it = iter(dd)
next(it)
dd.append(3)
t(lambda: next(it))


class D(deque):
    pass


print(D([1]), D([1], maxlen=2), isinstance(D(), deque))
print(deque[int])
print(deque('abc', 0))

# defaultdict
t(lambda: defaultdict(5))
dd = defaultdict(list)
dd['a'].append(1)
dd['b']
print(dd, dd.default_factory, len(dd))
print(defaultdict(None, {1: 2}), defaultdict(int, a=1))
t(lambda: defaultdict()[1])
t(lambda: defaultdict(int)['k'])


class E(defaultdict):
    pass


print(E(int), E(int).copy())
c = dd.copy()
print(c, type(c), c is dd, c['a'] is dd['a'])
print(dd | {'z': 2}, {'y': 1} | dd)
counts = defaultdict(int)
for w_ in 'the cat the dog the end'.split():
    counts[w_] += 1
print(sorted(counts.items()), isinstance(counts, dict))
dd.default_factory = None
t(lambda: dd['missing'])
print(dd.get('nope'), 'nope' in dd)

# OrderedDict
od = OrderedDict(a=1, b=2, c=3)
od.move_to_end('a')
print(od)
od.move_to_end('a', last=False)
print(od)
t(lambda: od.move_to_end('z'))
print(od.popitem(), od.popitem(last=False), od)
t(lambda: OrderedDict().popitem())
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == {'b': 2, 'a': 1})
print(OrderedDict(a=1, b=2) != OrderedDict(b=2, a=1))
print(OrderedDict(), OrderedDict([(1, 2), (3, 4)]), list(reversed(OrderedDict(x=1, y=2))))
o2 = OrderedDict.fromkeys('abc', 0)
print(o2, type(o2).__name__, o2.copy(), o2 | {'d': 1})
o2.setdefault('e', 5)
o2['a'] = 9
del o2['b']
print(o2, list(o2.keys()), list(o2.values()), list(o2.items()))


class O(OrderedDict):
    pass


print(O(a=1), O())

# Counter
c = Counter('abracadabra')
print(c, c.most_common(3), c.most_common(), c.total())
print(c['a'], c['zzz'], c.most_common(0), c.most_common(-1))
print(Counter(a=3, b=1) + Counter(a=1, c=2))
print(Counter(a=3, b=1) - Counter(a=1, b=4))
print(Counter(a=3, b=1) & Counter(a=1, b=4))
print(Counter(a=3, b=1) | Counter(a=1, b=4))
print(sorted(c.elements()), Counter(), -Counter(a=-2, b=3), +Counter(a=-2, b=3))
c.subtract('aaa')
print(c)
c.update({'z': 1})
c.update(['a', 'a'], q=4)
print(c)
t(lambda: Counter.fromkeys('ab'))
del c['zzz']
del c['z']
print(c)
print(Counter(a=1) == Counter(a=1, b=0), Counter(a=1) <= Counter(a=2), Counter(a=2) < Counter(a=2))
print(Counter(a=2, b=1) >= Counter(a=1), Counter(a=1) > Counter(), Counter(a=1) != Counter(a=2))
c1 = Counter(x=5, y=-1)
c1 += Counter(y=3)
print(c1)
c1 -= Counter(x=10)
print(c1)
c2 = Counter(a=1, b=5)
c2 |= Counter(a=4)
print(c2)
c2 &= Counter(a=2, b=9)
print(c2)
words = "one two three two three three".split()
print(Counter(words).most_common(2), dict(Counter(words)))
print(Counter({'x': 2, 'y': 2, 'z': 3}).most_common())
print(Counter(a=2).copy(), type(Counter().copy()).__name__)


class C2(Counter):
    pass


print(C2('aab'), isinstance(C2(), dict))

# namedtuple
P = namedtuple('Point', 'x y')
p = P(1, 2)
print(p, p.x, p.y, p[0], p._fields, p._asdict(), p._replace(x=5), P._make([3, 4]))
print(P(x=7, y=8), P(1, y=3), tuple(p), p == (1, 2), len(p), hash(p) == hash((1, 2)))
x_, y_ = p
print(x_ + y_, P.__name__, P.__doc__, P.__module__, P.x.__doc__)
t(lambda: P(1))
t(lambda: P())
t(lambda: P(1, 2, 3))
t(lambda: P(1, 2, z=3))
t(lambda: P(1, x=3))
t(lambda: p._replace(z=1))
t(lambda: P._make([1]))
t(lambda: setattr(p, 'x', 5))
Q = namedtuple('Q', ['a', 'b', 'c'], defaults=[1, 2])
print(Q(0), Q._field_defaults, Q.__doc__, Q(0, c=5))
t(lambda: Q())
t(lambda: namedtuple('R', 'a def class _x a', rename=True)._fields)
t(lambda: namedtuple('R', 'a a'))
t(lambda: namedtuple('R', 'a def'))
t(lambda: namedtuple('R', '_a'))
t(lambda: namedtuple('1R', 'a'))
t(lambda: namedtuple('R', 'a,b , c')._fields)
t(lambda: namedtuple('R', 'a', defaults=[1, 2]))


class Point3(namedtuple('Point3', 'x y z')):
    def norm1(self):
        return abs(self.x) + abs(self.y) + abs(self.z)


print(Point3(1, -2, 3).norm1(), Point3(1, 2, 3))
match P(1, 2):
    case P(a, b):
        print('matched', a, b)

# ChainMap
cm = ChainMap({'a': 1}, {'a': 2, 'b': 3})
print(cm, cm['a'], cm['b'], len(cm), list(cm), cm.get('q', 0), 'b' in cm)
print(cm.new_child(), cm.parents, cm.maps, bool(cm), bool(ChainMap()))
t(lambda: cm['zz'])
cm['c'] = 4
del cm['a']
print(cm)
t(lambda: cm.__delitem__('b'))
print(sorted(cm.items()), sorted(cm.values()), sorted(cm.keys()))
print(cm.new_child({'n': 0}), ChainMap(), cm.copy())
print(type(collections.OrderedDict()).__module__, collections.deque.__name__)

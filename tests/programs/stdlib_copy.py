# min-version: 3.12
# copy: copy/deepcopy of builtins, instances, slots, __copy__/__deepcopy__/__getstate__/__setstate__, subclasses of builtins, memo.
import copy
a = [1, [2, 3], {'k': (4, [5])}]
b = copy.copy(a); c = copy.deepcopy(a)
print(b == a, b is a, b[1] is a[1], c[1] is a[1], c[2]['k'] is a[2]['k'], c[2]['k'][0] is a[2]['k'][0], c)
t = (1, 2, 'x'); print(copy.deepcopy(t) is t, copy.copy(t) is t, copy.deepcopy((1, [2]))[1] is not None)
r = [1]; r.append(r); d = copy.deepcopy(r); print(d[1] is d, d is not r)
class P:
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return 'P(%r, %r)' % (self.x, self.y)
p = P(1, [2]); q = copy.copy(p); dq = copy.deepcopy(p)
print(q, q is p, q.y is p.y, dq.y is p.y, type(dq).__name__)
class S:
    __slots__ = ('a', '__b')
    def __init__(self): self.a = 1; self.__b = [2]
s = copy.deepcopy(S()); print(s.a, s._S__b, S.__slotnames__)
class C:
    def __copy__(self): print('copy!'); return 'copied'
    def __deepcopy__(self, memo): print('deep!', type(memo).__name__); return 'deep'
print(copy.copy(C()), copy.deepcopy(C()), copy.deepcopy([C(), C()]))
class St:
    def __init__(self): self.v = 1
    def __getstate__(self): print('getstate'); return {'v': 99}
    def __setstate__(self, st): print('setstate', st); self.v = st['v']
print(copy.copy(St()).v, copy.deepcopy(St()).v)
class L(list): pass
class D(dict): pass
l = L([1, [2]]); l.tag = 't'; l2 = copy.deepcopy(l); print(type(l2).__name__, l2, l2.tag, l2[1] is l[1])
dd = D(a=[1]); d2 = copy.copy(dd); print(type(d2).__name__, d2, d2['a'] is dd['a'])
class I(int): pass
i = I(5); i.z = 3; i2 = copy.deepcopy(i); print(type(i2).__name__, i2, i2.z)
print(copy.copy({1, 2}), copy.deepcopy(frozenset([1, 2])), copy.deepcopy(bytearray(b'ab')), copy.deepcopy(slice(1, [2], 3)), copy.copy(range(3)), copy.deepcopy(3j))
class M:
    def meth(self): return id(self) > 0
m = M(); bm = copy.deepcopy(m.meth); print(bm.__self__ is not m, bm())
memo = {}; x = [1, 2]; y = copy.deepcopy([x, x], memo); print(y[0] is y[1], id(x) in memo, len(memo[id(memo)]))
print(copy.Error, copy.error is copy.Error, copy.__all__)
import functools
pp = functools.partial(print, 1, sep='-'); pc = copy.copy(pp); print(pc.args, pc.keywords, pc.func is print)
from collections import namedtuple, OrderedDict, defaultdict
Pt = namedtuple('Pt', 'x y'); print(copy.deepcopy(Pt(1, [2])), copy.copy(OrderedDict(a=1)), copy.deepcopy(defaultdict(list, a=[1])))
def f(): pass
print(copy.deepcopy(f) is f, copy.copy(int) is int, copy.deepcopy(None), copy.deepcopy(print) is print)
try: copy.deepcopy(iter([1]))
except TypeError as e: print('TypeError', e)
class Rec:
    pass
rr = Rec(); rr.me = rr; r2 = copy.deepcopy(rr); print(r2.me is r2)

# min-version: 3.12
# collections.abc: isinstance/issubclass for builtins, __subclasshook__ for plain classes, register, mixin methods, abstract instantiation errors.
import collections.abc as cabc
from collections import abc, deque, OrderedDict, defaultdict, Counter
import _collections_abc

print(abc is cabc, sorted(cabc.__all__) == sorted(_collections_abc.__all__), len(cabc.__all__))
print(cabc.Sequence, cabc.MutableMapping, cabc.Sequence.__module__, type(cabc.Sized).__name__)
for name in cabc.__all__:
    C = getattr(cabc, name)
    print(name, [b.__name__ for b in C.__bases__], sorted(C.__abstractmethods__))

samples = [1, 1.5, 'ab', b'ab', bytearray(b'x'), [1], (1,), {1: 2}, {1}, frozenset({1}), range(3),
           deque([1]), OrderedDict(), defaultdict(int), Counter('ab'), None,
           len, lambda: 0, iter([]), iter(()), iter(''), iter({}), iter(range(2)), reversed([]),
           (x for x in ()), zip(), map(abs, []), {}.keys(), {}.values(), {}.items(), type, object()]
abcs = ['Hashable', 'Iterable', 'Iterator', 'Reversible', 'Generator', 'Sized', 'Container',
        'Callable', 'Collection', 'Set', 'MutableSet', 'Mapping', 'MutableMapping', 'Sequence',
        'MutableSequence', 'ByteString', 'KeysView', 'ValuesView', 'ItemsView', 'MappingView',
        'Awaitable', 'Coroutine', 'AsyncIterable', 'AsyncIterator', 'AsyncGenerator', 'Buffer']
for s in samples:
    t = type(s).__name__
    print(t.ljust(22), ''.join('1' if isinstance(s, getattr(cabc, a)) else '.' for a in abcs))
for t in (int, str, list, dict, set, tuple, bytes, type, object):
    print(t.__name__, [a for a in abcs if issubclass(t, getattr(cabc, a))])

# __subclasshook__: duck typing
class OnlyLen:
    def __len__(self): return 3
class OnlyIter:
    def __iter__(self): return iter([1, 2])
class Both(OnlyLen, OnlyIter):
    def __contains__(self, x): return x == 1
class NoHash:
    __hash__ = None
class Blocked(OnlyIter):
    __iter__ = None
class Gen:
    def __iter__(self): return self
    def __next__(self): raise StopIteration
    def send(self, v): pass
    def throw(self, *a): pass
    def close(self): pass
for c in (OnlyLen, OnlyIter, Both, NoHash, Blocked, Gen):
    print(c.__name__, [a for a in abcs if issubclass(c, getattr(cabc, a))])

# register
class Virtual: pass
print(issubclass(Virtual, cabc.Sequence), isinstance(Virtual(), cabc.Sized))
print(cabc.Sequence.register(Virtual) is Virtual)
print(issubclass(Virtual, cabc.Sequence), issubclass(Virtual, cabc.Sized), issubclass(Virtual, cabc.Iterable))
try:
    cabc.Sized.register(3)
except TypeError as e:
    print('TypeError', e)

# abstract instantiation
for name in ('Sequence', 'Mapping', 'MutableSet', 'Iterator', 'Sized'):
    try:
        getattr(cabc, name)()
    except TypeError as e:
        print('TypeError', e)

# Sequence mixins
class Seq(cabc.Sequence):
    def __init__(self, *items): self.items = list(items)
    def __getitem__(self, i): return self.items[i]
    def __len__(self): return len(self.items)
s = Seq(3, 1, 4, 1, 5)
print(list(s), list(reversed(s)), 4 in s, 9 in s, s.index(1), s.index(1, 2), s.count(1), len(s))
print(s.index(4, -3), s.index(5, 0, None))
for args in ((9,), (1, 4), (3, 1, 0)):
    try:
        print(s.index(*args))
    except ValueError as e:
        print('ValueError', repr(e))
print(isinstance(s, cabc.Reversible), isinstance(s, cabc.MutableSequence))

class MSeq(cabc.MutableSequence):
    def __init__(self): self.data = []
    def __getitem__(self, i): return self.data[i]
    def __setitem__(self, i, v): self.data[i] = v
    def __delitem__(self, i): del self.data[i]
    def __len__(self): return len(self.data)
    def insert(self, i, v): self.data.insert(i, v)
m = MSeq()
m.append(1); m.extend([2, 3, 4]); m += [5]
print(m.data, m.pop(), m.pop(0), m.data)
m.reverse(); print(m.data)
m.remove(3); print(m.data)
m.extend(m); print(m.data)
m.clear(); print(m.data, len(m))
try:
    m.pop()
except IndexError as e:
    print('IndexError', e)
try:
    m.remove(7)
except ValueError as e:
    print('ValueError', repr(e))

# Mapping mixins
class Map(cabc.Mapping):
    def __init__(self, **kw): self.d = dict(kw)
    def __getitem__(self, k): return self.d[k]
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
mp = Map(a=1, b=2)
print(mp.get('a'), mp.get('z'), mp.get('z', 0), 'a' in mp, 'z' in mp)
print(list(mp.keys()), list(mp.values()), list(mp.items()))
print(repr(mp.keys())[:22], type(mp.items()).__name__, len(mp.values()))
print(('a', 1) in mp.items(), ('a', 2) in mp.items(), 2 in mp.values(), 'b' in mp.keys())
print(mp == {'a': 1, 'b': 2}, mp == {'a': 1}, mp != [1], mp.keys() & {'a', 'q'}, mp.keys() | {'c'})
print(mp.__hash__, mp.__reversed__ if hasattr(Map, '__reversed__') else 'x')
try:
    hash(mp)
except TypeError as e:
    print('TypeError', e)
try:
    reversed(mp)
except TypeError as e:
    print('TypeError', e)

class MMap(cabc.MutableMapping):
    def __init__(self): self.d = {}
    def __getitem__(self, k): return self.d[k]
    def __setitem__(self, k, v): self.d[k] = v
    def __delitem__(self, k): del self.d[k]
    def __iter__(self): return iter(self.d)
    def __len__(self): return len(self.d)
mm = MMap()
mm.update({'x': 1}, y=2)
mm.update([('z', 3)])
mm.update(Map(w=4))
print(mm.d, mm.setdefault('x', 9), mm.setdefault('n'), mm.pop('y'), mm.pop('q', 'dflt'))
print(mm.popitem(), mm.d)
try:
    mm.pop('q')
except KeyError as e:
    print('KeyError', e)
mm.clear(); print(mm.d)
try:
    mm.popitem()
except KeyError as e:
    print('KeyError', repr(e), e.__suppress_context__)
try:
    mm.update({}, {})
except TypeError as e:
    print('TypeError', e)

# Set mixins
class S(cabc.Set):
    def __init__(self, it=()): self.items = list(dict.fromkeys(it))
    def __contains__(self, x): return x in self.items
    def __iter__(self): return iter(self.items)
    def __len__(self): return len(self.items)
    def __repr__(self): return 'S(%r)' % self.items
a, b = S([1, 2, 3]), S([2, 3, 4])
print(a & b, a | b, a - b, b - a, a ^ b, a & [3, 9], [3, 9] & a, {1, 9} - a)
print(a <= b, a < S([1, 2, 3, 4]), a >= S([1]), a > a, a == S([3, 2, 1]), a == {1, 2, 3}, a.isdisjoint([7, 8]), a.isdisjoint([1]))
print(a._hash() == S([3, 1, 2])._hash(), frozenset([1, 2, 3]) == a)
print(a.__eq__(5), a.__and__(5))
try:
    a & 5
except TypeError as e:
    print('TypeError', e)

class MS(cabc.MutableSet):
    def __init__(self, it=()): self.items = set(it)
    def __contains__(self, x): return x in self.items
    def __iter__(self): return iter(sorted(self.items))
    def __len__(self): return len(self.items)
    def add(self, x): self.items.add(x)
    def discard(self, x): self.items.discard(x)
ms = MS([1, 2, 3])
ms |= [4]; print(sorted(ms))
ms &= [1, 2, 4, 8]; print(sorted(ms))
ms ^= [2, 9]; print(sorted(ms))
ms -= [1]; print(sorted(ms))
print(ms.pop(), sorted(ms))
ms.remove(9); print(sorted(ms))
try:
    ms.remove(100)
except KeyError as e:
    print('KeyError', e)
ms.clear(); print(len(ms))
try:
    ms.pop()
except KeyError as e:
    print('KeyError', repr(e))

# views and generic aliases
kv = cabc.KeysView({'a': 1})
print(kv, list(kv), len(kv), 'a' in kv)
print(cabc.ItemsView({'a': 1}), cabc.ValuesView({'a': 1}))
print(cabc.Sequence[int], cabc.Mapping[str, int], cabc.Iterable[tuple[int, str]])
print(cabc.Callable[[int, str], bool], cabc.Callable[..., int], cabc.Callable[[], None])
print(cabc.Callable[[int], str].__args__, cabc.Sequence[int].__origin__)
try:
    cabc.Callable[int]
except TypeError as e:
    print('TypeError', e)

# the iterator mixin and Generator
class It(cabc.Iterator):
    def __init__(self): self.n = 0
    def __next__(self):
        self.n += 1
        if self.n > 3: raise StopIteration
        return self.n
it = It()
print(iter(it) is it, list(it))
class G(cabc.Generator):
    def send(self, v): return 'sent %r' % (v,)
    def throw(self, typ, val=None, tb=None): raise typ
g = G()
print(next(g), g.send(1))
print(g.close())
class Hs(cabc.Hashable):
    pass
print(hash(Hs()) == hash(Hs()) or True, issubclass(Hs, cabc.Hashable))
print(isinstance([], cabc.Hashable), isinstance((), cabc.Hashable), issubclass(list, cabc.Hashable))

import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    print(isinstance(b'', cabc.ByteString), issubclass(bytearray, cabc.ByteString))
    class MyBS(cabc.ByteString): pass
print([str(x.message) for x in w], [x.category.__name__ for x in w])

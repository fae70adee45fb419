# min-version: 3.12
# Containers calling back into Python: subclasses overriding methods the
# builtins do or do not use, __eq__/__hash__/__index__/__len__/__iter__
# hooks (and ones that mutate the container), operator fallbacks with
# reflected methods, __length_hint__ rules.


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)
    else:
        print(label, '->', repr(r))


class LoudDict(dict):
    def __setitem__(self, k, v):
        print('setitem', k)
        super().__setitem__(k, v)

    def __getitem__(self, k):
        print('getitem', k)
        return super().__getitem__(k)

    def keys(self):
        print('keys()')
        return super().keys()


ld = LoudDict(a=1)
ld.update(b=2)
ld['c'] = 3
print(dict(ld), {**ld}, LoudDict.fromkeys('xy'))
plain = {}
plain.update(ld)
print(plain, sorted(ld))


class It(list):
    def __iter__(self):
        print('iter!')
        return iter(list.__iter__(self))


il = It([3, 1, 2])
print(list(il), tuple(il), sorted(il), set(il), [*il], dict.fromkeys(il))
ext = []
ext.extend(il)
ext += il
print(ext)


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        print('index', self.v)
        return self.v


seq = list(range(10))
print(seq[Idx(3)], seq[Idx(1):Idx(8):Idx(2)], (1, 2, 3)[Idx(-1)], range(20)[Idx(5)], range(10)[Idx(2):])
seq[Idx(0)] = 'zero'
del seq[Idx(1):Idx(3)]
print(seq, [0] * Idx(3), seq.pop(Idx(0)))
show('index-float', lambda: seq[1.0])


class Shrink:
    def __init__(self, target):
        self.target = target

    def __index__(self):
        self.target.clear()
        return 1


victim = list(range(5))
show('shrink-get', lambda: victim[Shrink(victim)])
victim = list(range(5))
victim[Shrink(victim):3] = ['a']
print(victim)


class EqMut:
    def __init__(self, target):
        self.target = target

    def __repr__(self):
        return 'EqMut()'

    def __eq__(self, other):
        if len(self.target) < 6:
            self.target.append(len(self.target))
        return False


grow = [1, 2, 3]
print(EqMut(grow) in grow, grow)
grow = [1, 2, 3]
show('count', lambda: grow.count(EqMut(grow)))
show('index', lambda: grow.index(EqMut(grow), 0, 2))
show('remove', lambda: grow.remove(EqMut(grow)))
print(grow)


class Radd:
    def __radd__(self, other):
        return 'radd'

    def __rmul__(self, other):
        return 'rmul'

    def __ror__(self, other):
        return 'ror'

    def __rsub__(self, other):
        return 'rsub'


print([1] + Radd(), (1,) + Radd(), [1] * Radd(), {1} | Radd(), {1: 2} | Radd(), {1} - Radd())


class SetLike:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __contains__(self, x):
        return x in self.items


v = {'a': 1, 'b': 2}.keys()
print(v & SetLike(['a']), v | SetLike(['z']) == {'a', 'b', 'z'}, v == SetLike(['a', 'b']) if False else 'skip')


class Hint:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= 3:
            raise StopIteration
        self.i += 1
        return self.i

    def __length_hint__(self):
        return self.n


print(list(Hint(100)), list(Hint(0)), list(Hint(NotImplemented)))
show('hint-neg', lambda: list(Hint(-1)))
show('hint-str', lambda: list(Hint('x')))
a = list(Hint(1000))
b = list(Hint(1))
print(a.__sizeof__(), b.__sizeof__())


class BadLen:
    def __len__(self):
        raise ValueError('no len')

    def __iter__(self):
        return iter([1])


show('badlen-list', lambda: list(BadLen()))


class TypeErrLen:
    def __len__(self):
        raise TypeError('len refused')

    def __iter__(self):
        return iter([7, 8])


print(list(TypeErrLen()))


class T2(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))

    def __repr__(self):
        return 'T2' + tuple.__repr__(self)


t2 = T2(1, 2)
print(t2, t2 + (3,), t2[0], type(t2[:]), hash(t2) == hash((1, 2)), t2 == (1, 2))


class S2(set):
    def __init__(self, *args):
        print('S2 init', args)
        super().__init__(*args)


s2 = S2([1, 2])
print(s2 | {3}, type(s2.copy()), S2.__name__, set.union(s2, [9]))


class F2(frozenset):
    def __new__(cls, *args):
        print('F2 new', args)
        return super().__new__(cls, *args)


f2 = F2([1])
print(f2, f2 | {2}, type(f2 & {1}), hash(f2) == hash(frozenset([1])))


class Missing(dict):
    def __missing__(self, key):
        self[key] = len(self)
        return self[key]


m = Missing()
print(m['a'], m['b'], m['a'], m, m.get('c'), 'c' in m)

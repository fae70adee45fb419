# min-version: 3.12
# pickle: exceptions, builtin functions by reference (math, functools, operator, builtins), str/int/float/tuple subclasses, frozen dataclass, IntFlag, __slots__ with __dict__, empty instances, functools.partial
import pickle, math, os, functools, operator, dataclasses, enum
class S(str): pass
class I(int): pass
class F(float): pass
class T(tuple): pass
@dataclasses.dataclass(frozen=True)
class Fz:
    a: int
    b: tuple = ()
class Flag(enum.IntFlag):
    A = 1
    B = 2
class Both:
    __slots__ = ('x', '__dict__')
class Empty: pass
b = Both(); b.x = 1; b.y = 2
items = [ValueError('bad', 2), KeyError('k'), math.sqrt, functools.reduce, operator.add, S('s'), I(3), F(1.5), T((1, 2)),
         Fz(1, (2,)), Flag.A | Flag.B, Flag.A, b, Empty(), functools.partial(max, 1), [True, False, None], print, abs]
for p in range(6):
    for o in items:
        try:
            d = pickle.dumps(o, p)
        except Exception as e:
            print(p, type(o).__name__, 'ERR', type(e).__name__, e)
            continue
        print(p, type(o).__name__, d)
        r = pickle.loads(d)
        print('  ', type(r).__name__, r if not isinstance(r, (Both, Empty)) else sorted(vars(r).items()))

# min-version: 3.12
# functools: partial, lru_cache/cache keys and statistics, wraps, total_ordering, cmp_to_key, reduce, cached_property, singledispatch, partialmethod.
import functools as ft
def t(expr, f):
    try:
        r = f()
        print(expr, '->', repr(r))
    except Exception as e:
        print(expr, '!!', type(e).__name__, e)
def f(a, b=2, *, c=3): return (a, b, c)

t('ft.reduce(1)', lambda: ft.reduce(1))
t('ft.reduce(max, 1)', lambda: ft.reduce(max, 1))
t('ft.reduce(max, [])', lambda: ft.reduce(max, []))
t('ft.reduce(max, [], 5)', lambda: ft.reduce(max, [], 5))
t('ft.reduce(lambda a,b: a+b, [1,2,3])', lambda: ft.reduce(lambda a,b: a+b, [1,2,3]))
t('ft.reduce(max, [1], 2, 3)', lambda: ft.reduce(max, [1], 2, 3))
t('ft.reduce(function=max, iterable=[1])', lambda: ft.reduce(function=max, iterable=[1]))
t('ft.partial()', lambda: ft.partial())
t('ft.partial(1)', lambda: ft.partial(1))
t('ft.partial(f, 1, c=5)()', lambda: ft.partial(f, 1, c=5)())
t('ft.partial(f, 1, c=5)(c=7)', lambda: ft.partial(f, 1, c=5)(c=7))
t('ft.partial(f, 1, x=2).keywords', lambda: ft.partial(f, 1, x=2).keywords)
t('ft.partial(f).args', lambda: ft.partial(f).args)
t('ft.partial(func=f)', lambda: ft.partial(func=f))
t("ft.partial(print, 'x', sep='-')", lambda: ft.partial(print, 'x', sep='-'))
t("ft.lru_cache('x')", lambda: ft.lru_cache('x'))
t("ft.lru_cache(maxsize='x')", lambda: ft.lru_cache(maxsize='x'))
t('ft.lru_cache(1, 2, 3)', lambda: ft.lru_cache(1, 2, 3))
t('ft.lru_cache()(f).cache_info()', lambda: ft.lru_cache()(f).cache_info())
t('ft.lru_cache(maxsize=None)(f).cache_parameters()', lambda: ft.lru_cache(maxsize=None)(f).cache_parameters())
t('ft.lru_cache(f).__name__', lambda: ft.lru_cache(f).__name__)
t('ft.cache(f).cache_info()', lambda: ft.cache(f).cache_info())
t('type(ft.cache(f).cache_info())', lambda: type(ft.cache(f).cache_info()))
t('ft.cmp_to_key(lambda a,b: a-b)(3) < 4', lambda: ft.cmp_to_key(lambda a,b: a-b)(3) < 4)
t('ft.cmp_to_key(lambda a,b: a-b)(3).obj', lambda: ft.cmp_to_key(lambda a,b: a-b)(3).obj)
t('ft.cmp_to_key(lambda a,b: a-b)(3) < ft.cmp_to_key(lambda a,b: a-b)(4)', lambda: ft.cmp_to_key(lambda a,b: a-b)(3) < ft.cmp_to_key(lambda a,b: a-b)(4))
t('hash(ft.cmp_to_key(lambda a,b: a-b)(3))', lambda: hash(ft.cmp_to_key(lambda a,b: a-b)(3)))
t('ft.cmp_to_key()', lambda: ft.cmp_to_key())
t('ft.cmp_to_key(1)(2) < ft.cmp_to_key(1)(3)', lambda: ft.cmp_to_key(1)(2) < ft.cmp_to_key(1)(3))
t('sorted([3,1,2], key=ft.cmp_to_key(lambda a,b: b-a))', lambda: sorted([3,1,2], key=ft.cmp_to_key(lambda a,b: b-a)))
t('ft.total_ordering(object)', lambda: ft.total_ordering(object))
t('ft.total_ordering(int)', lambda: ft.total_ordering(int))
t('ft.WRAPPER_ASSIGNMENTS', lambda: ft.WRAPPER_ASSIGNMENTS)
t('ft.WRAPPER_UPDATES', lambda: ft.WRAPPER_UPDATES)
t('ft.update_wrapper(1, f)', lambda: ft.update_wrapper(1, f))
t('ft.singledispatch(f)()', lambda: ft.singledispatch(f)())
t('ft.singledispatch(f).register(1)', lambda: ft.singledispatch(f).register(1))
t('ft.cached_property(f).attrname', lambda: ft.cached_property(f).attrname)
t('ft.__all__', lambda: ft.__all__)
t('ft.partial.__module__', lambda: ft.partial.__module__)
t('ft.reduce.__module__', lambda: ft.reduce.__module__)
t('ft.partial(f, 1) == ft.partial(f, 1)', lambda: ft.partial(f, 1) == ft.partial(f, 1))
t('ft.lru_cache(f).cache_clear()', lambda: ft.lru_cache(f).cache_clear())
import functools
from functools import lru_cache, cache, partial, wraps, total_ordering, cached_property, singledispatch, reduce, cmp_to_key, partialmethod, singledispatchmethod
calls = []
@lru_cache(maxsize=3)
def sq(x):
    calls.append(x); return x * x
for v in [1, 2, 3, 1, 4, 2, 5, 1, 3]:
    sq(v)
print(calls, sq.cache_info())
sq.cache_clear(); print(sq.cache_info(), sq.__name__, sq.__wrapped__.__name__, sq.cache_parameters())
@lru_cache
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info())
@cache
def fact(n): return 1 if n == 0 else n * fact(n - 1)
print(fact(20), fact.cache_info(), fact.cache_info().hits, fact.cache_info()._asdict() if hasattr(fact.cache_info(), '_asdict') else None)
@lru_cache(typed=True)
def ty(x): calls.append(('ty', x)); return x
calls.clear(); ty(1); ty(1.0); ty(1); print(calls, ty.cache_info())
@lru_cache(maxsize=None)
def untyped(x): calls.append(('u', x)); return repr(x)
calls.clear(); print(untyped(1), untyped(1.0), untyped(True), untyped(1.0), calls)
@lru_cache(maxsize=0)
def zero(x): return x
zero(1); zero(1); print(zero.cache_info())
@lru_cache(maxsize=2)
def kw(a, b=1, *, c=2): calls.append(('kw', a, b, c)); return a + b + c
calls.clear(); kw(1); kw(1, b=1); kw(1, 1); kw(a=1); kw(1); print(calls, kw.cache_info())
try: sq([1])
except TypeError as e: print('TypeError', e)
class C:
    @lru_cache
    def m(self, x): return (id(self) > 0, x)
c = C(); print(c.m(3), c.m(3), C.m.cache_info())
def deco(f):
    @wraps(f)
    def inner(*a, **k):
        "inner doc"
        return f(*a, **k)
    return inner
@deco
def greet(name):
    "Greet someone."
    return 'hi ' + name
print(greet('bob'), greet.__name__, greet.__doc__, greet.__wrapped__.__name__, greet.__qualname__)
def tgt(a, b, c=0): return (a, b, c)
p = partial(tgt, 1, c=3); print(p(2), p(2, c=4), p.func is tgt, p.args, p.keywords)
p2 = partial(p, 5); print(repr(p2).split('(')[0], p2.func is tgt, p2.args, p2())
class P(partial): pass
print(P(tgt, 1)(2), repr(P(tgt, 1)).split('(')[0])
p.attr = 1; p3 = partial(p, 9); print(p3.func is p, p3.args)
print(reduce(lambda a, b: a * b, range(1, 8)), reduce(lambda a, b: a + b, [], 'init'))
print(sorted(['bb', 'a', 'ccc', 'dd'], key=cmp_to_key(lambda a, b: len(a) - len(b) or (a > b) - (a < b))))
@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, a <= V(1), a >= V(1), sorted([V(3), V(1), V(2)], reverse=True)[0].v)
@total_ordering
class W:
    def __init__(self, v): self.v = v
    def __gt__(self, o): return self.v > o.v
print(W(1) < W(2), W(2) <= W(2), W(3) >= W(1))
@total_ordering
class X:
    def __init__(self, v): self.v = v
    def __le__(self, o): return NotImplemented
try: X(1) < X(2)
except TypeError as e: print('TypeError', e)
try:
    @total_ordering
    class Y: pass
except ValueError as e: print('ValueError', e)
class Circle:
    def __init__(self, r): self.r = r
    @cached_property
    def area(self):
        print('computing'); return 3 * self.r ** 2
ci = Circle(2); print(ci.area, ci.area, ci.__dict__, Circle.area.attrname)
try:
    class Bad:
        __slots__ = ('a',)
        @cached_property
        def p(self): return 1
    Bad().p
except TypeError as e: print('TypeError', e)
@singledispatch
def show(x): return 'object ' + repr(x)
@show.register
def _(x: int): return 'int ' + repr(x)
@show.register(list)
def _(x): return 'list of %d' % len(x)
show.register(float, lambda x: 'float!')
print(show(1), show(True), show([1, 2]), show(1.5), show('s'), show.dispatch(bool).__name__, sorted(k.__name__ for k in show.registry))
try: show()
except TypeError as e: print('TypeError', e)
class Disp:
    @singledispatchmethod
    def f(self, arg): return 'default'
    @f.register
    def _(self, arg: int): return 'int'
    @f.register(str)
    def _(self, arg): return 'str'
print(Disp().f(1), Disp().f('a'), Disp().f(2.0))
class PM:
    def set_state(self, state, extra=0): return (state, extra)
    on = partialmethod(set_state, True)
    off = partialmethod(set_state, False, extra=5)
print(PM().on(), PM().off(), PM().on(extra=1))
print(repr(PM.__dict__['off']).split(' at ')[0])
print(sorted(functools.__all__))


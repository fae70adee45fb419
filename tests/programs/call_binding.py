# min-version: 3.8
# Argument binding: every TypeError CPython raises for a bad call, with its
# exact wording, plus keyword-only/positional-only/defaults interplay.


def f(a, b): pass
def g(a, b=1): pass
def h(a, *, k): pass
def p(a, b, /, c): pass
def q(a, /, **kw): return kw
def r(): pass
def s(a, b, c, *, x, y, z): pass
def t(a, b=2, /, c=3, *args, d, e=5, **kw): return (a, b, c, args, d, e, kw)


class C:
    def m(self, x): pass

    @staticmethod
    def st(x): pass

    @classmethod
    def cm(cls, x): pass


calls = [
    lambda: f(1, 2, 3), lambda: g(1, 2, 3), lambda: h(1, 2, k=3), lambda: h(1, 2), lambda: h(1),
    lambda: f(1), lambda: f(), lambda: s(), lambda: s(1, 2, 3), lambda: f(1, z=2),
    lambda: f(1, 2, a=3), lambda: p(a=1, b=2, c=3), lambda: p(1, b=2, c=3), lambda: r(1),
    lambda: r(x=1), lambda: C().m(), lambda: C().m(1, 2), lambda: f(**{1: 2}),
    lambda: f(1, **{'a': 2}), lambda: f(*1), lambda: f(**1), lambda: g(1, 2, 3, 4),
    lambda: h(1, 2, 3, k=1), lambda: s(1, 2, 3, x=1), lambda: f(1, b=2, **{'b': 3}), lambda: C.m(),
    lambda: (lambda x: x)(), lambda: C.st(), lambda: C.cm(), lambda: C().cm(1, 2),
    lambda: t(), lambda: t(1), lambda: t(1, d=4, a=9), lambda: print(*5), lambda: len(**[]),
]
for i, call in enumerate(calls):
    try:
        print(i, "ok", call())
    except TypeError as e:
        print(i, type(e).__name__, e)

print(q(1, a=2))
print(t(1, d=4))
print(t(1, 2, 3, 4, 5, d=6, e=7, f=8))
print(t(*[1, 2], **{"d": 0, "zz": 1}))
kw = {"d": 1}
print(t(0, **kw), kw)
print(f.__defaults__, g.__defaults__, h.__kwdefaults__, t.__kwdefaults__)
g.__defaults__ = (10,)
print(g.__code__.co_varnames, g.__defaults__)


def make(n):
    def inner(x=n, *, y=n * 2):
        return x, y
    return inner


m = make(3)
print(m(), m(1), m(y=0), m.__defaults__, m.__kwdefaults__)
for name in ("__name__", "__qualname__", "__module__", "__doc__"):
    print(name, repr(getattr(m, name)))
for bad in ("__name__", "__defaults__", "__code__", "__kwdefaults__"):
    try:
        setattr(m, bad, 42)
    except TypeError as e:
        print(bad, "->", e)
m.extra = "attr"
print(m.__dict__, sorted(vars(make)))

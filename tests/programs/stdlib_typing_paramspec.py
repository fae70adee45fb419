# min-version: 3.12
# typing: ParamSpec.args/.kwargs (ParamSpecArgs/ParamSpecKwargs), Callable over a
# ParamSpec or Concatenate, ContextManager aliases, no_type_check_decorator.
import typing
for n in ("AsyncContextManager", "ContextManager", "ParamSpecArgs", "ParamSpecKwargs"):
    print(n, hasattr(typing, n), getattr(typing, n, None), n in typing.__all__)
P = typing.ParamSpec("P")
a = P.args
print(repr(a), a.__origin__ is P, a == P.args, a != P.kwargs, type(a).__module__, type(a).__qualname__)
try: print(hash(a))
except Exception as e: print(type(e).__name__, e)
print(typing.ParamSpecArgs(5), typing.ParamSpecKwargs("x"))
try:
    class X(P.args): pass
except TypeError as e: print(e)
def f(*args: P.args, **kw: P.kwargs): pass
print(f.__annotations__)
print(typing.get_origin(P.args), typing.get_origin(P.kwargs))
print(P.args == 3, P.args == P.kwargs)
try: typing.ParamSpecArgs()
except TypeError as e: print(e)
def P2[**Q](): return Q.args, Q.kwargs
print(P2())
print(typing.ContextManager[int], typing.AsyncContextManager[str], typing.get_origin(typing.ContextManager[int]))
import contextlib
print(issubclass(contextlib.nullcontext, typing.ContextManager))
from typing import Callable
def deco(fn: Callable[P, int]) -> Callable[P, str]:
    def inner(*args: P.args, **kwargs: P.kwargs) -> str:
        return str(fn(*args, **kwargs))
    return inner
print(deco(lambda x, y=2: x + y)(1, y=5), Callable[P, int])
print(Callable[typing.Concatenate[int, P], int], Callable[..., int], Callable[[int, str], None], Callable[[], int])
print(Callable[P, int].__args__, typing.get_args(Callable[typing.Concatenate[int, P], str]))

def deco(n):
    "make a decorator"
    def d(f):
        f.n = n
        return f
    return d
nd = typing.no_type_check_decorator(deco)
print(nd.__name__, nd.__qualname__, nd.__doc__, nd.__wrapped__ is deco)
@nd(3)
def g(x: int) -> str: return x
print(g.n, hasattr(g, "__no_type_check__"), typing.get_type_hints(g))
print(sorted(typing.__all__) == sorted(n for n in typing.__all__ if hasattr(typing, n)), len(typing.__all__))

# min-version: 3.8
# inspect.signature: Signature and Parameter text, kinds, defaults,
# annotations, bind / BoundArguments, and the errors.
import inspect
from inspect import Parameter, Signature

def f(a, b: int = 1, /, c=2, *args, d, e: "str" = 'x', **kw) -> list:
    pass

def g(x, *, y=None):
    pass

def h(first, second=[1, 2], *rest):
    pass

def annotated(p: list[int], q: "dict | None" = None, r: float = 1.5) -> None:
    pass

class Point:
    def __init__(self, x, y=0):
        self.x, self.y = x, y

    def move(self, dx, dy=0, *, scale=1):
        pass

    def __call__(self, factor):
        pass

class NoInit:
    pass

sig = inspect.signature(f)
print(sig)
print(repr(sig))
for name, p in sig.parameters.items():
    print(name, repr(p), p.kind, p.kind.description, repr(p.default), p.annotation, str(p),
          p.kind == Parameter.POSITIONAL_ONLY, int(p.kind))
print(sig.return_annotation, Signature.empty, Parameter.empty, Parameter.empty is inspect._empty)
print(list(sig.parameters), len(sig.parameters), "d" in sig.parameters)
for obj in [g, h, annotated, Point, Point.move, Point(1).move, Point(2), lambda *a, **k: 0,
            lambda: None, lambda x, /, y: 0]:
    print(inspect.signature(obj))

b = inspect.signature(g).bind(1, y=2)
print(b, b.arguments, b.args, b.kwargs)
b = inspect.signature(f).bind(1, 2, 3, 4, 5, d=4, z=9)
print(b, b.args, b.kwargs)
b.apply_defaults()
print(b)
b = inspect.signature(f).bind(1, d=4)
print(b)
b.apply_defaults()
print(b, b.args, b.kwargs)
b = inspect.signature(h).bind("a")
print(b.args, b.kwargs)

for fn, args, kw in [(g, (), {}), (g, (1, 2), {}), (g, (1,), {"z": 1}), (g, (1,), {"x": 1}),
                     (f, (1,), {}), (f, (), {"a": 1, "d": 2}), (Point.move, (1,), {})]:
    try:
        inspect.signature(fn).bind(*args, **kw)
        print("bound")
    except TypeError as e:
        print("TypeError:", e)

for o in [int, 5, NoInit]:
    try:
        print(inspect.signature(o))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

params = [Parameter("a", Parameter.POSITIONAL_OR_KEYWORD),
          Parameter("b", Parameter.KEYWORD_ONLY, default=3),
          Parameter("c", Parameter.VAR_KEYWORD)]
print(Signature(params), Signature(params, return_annotation=int), Signature())
print(Parameter("x", Parameter.VAR_POSITIONAL, annotation=int))

# Parameters and arguments: defaults, *args, **kwargs, keyword-only
# parameters, unpacking at call sites, annotations, argument errors.


def full(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, sorted(kwargs.items()))


print(full(1, c=3))
print(full(1, 5, 6, 7, c=8, e=9, f=10))
print(full(*[1, 2, 3], **{"c": 0, "z": 1}))


def kwonly(*, x, y=10):
    return x * y


print(kwonly(x=3), kwonly(y=2, x=5))


def annotated(a: int, b: "str" = "s", *rest: float, key: bool = True) -> list:
    return [a, b, rest, key]


print(annotated(1, "t", 2.5, key=False))
print(sorted(annotated.__annotations__))
print(annotated.__defaults__, annotated.__kwdefaults__)


def collect(*args, **kwargs):
    return len(args), sorted(kwargs)


print(collect())
print(collect(*range(5), *"ab", **{"k": 1}, **{"j": 2}))

try:
    kwonly(1)
except TypeError:
    print("positional given to keyword-only")
try:
    full(1, 2)
except TypeError:
    print("missing keyword-only c")
try:
    collect(**{"a": 1}, **{"a": 2})
except TypeError:
    print("duplicate keyword a")


def default_mutation(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc


print(default_mutation(1), default_mutation(2))
args = (1,)
kw = {"c": 3}
print(full(*args, b=20, **kw))
code = full.__code__
print(code.co_argcount, code.co_kwonlyargcount, code.co_varnames[:code.co_nlocals])
print(bool(code.co_flags & 0x04), bool(code.co_flags & 0x08))

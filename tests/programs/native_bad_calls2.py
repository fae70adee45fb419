# min-version: 3.12
# skip-version: 3.13
# More native calls with missing, extra or wrongly typed arguments, wrong
# `self`, native subclasses, cls.__new__(cls) objects without __init__: each
# must raise CPython's exception (CPython 3.13.0 itself crashes on line 98).
import collections
import dataclasses
import functools
import io
import enum
import json
import random
import types


def show(text, f, name_only=False):
    try:
        print(text, "->", f())
    except Exception as e:
        print(text, "->", type(e).__name__ + ("" if name_only else ": " + str(e)))


class GA(types.GenericAlias):
    pass


class Color(enum.Enum):
    RED = 1


class Perm(enum.Flag):
    R = 4


class Num(enum.IntEnum):
    ONE = 1


calls = [
    # types.GenericAlias: constructed only with (origin, args), subclasses too
    ("GenericAlias(list, int)", lambda: types.GenericAlias(list, int)),
    ("GenericAlias(dict, (str, int))", lambda: types.GenericAlias(dict, (str, int))),
    ("GenericAlias()", lambda: types.GenericAlias()),
    ("GenericAlias(list)", lambda: types.GenericAlias(list)),
    ("GenericAlias(list, int, 1)", lambda: types.GenericAlias(list, int, 1)),
    ("GenericAlias(origin=list, args=int)", lambda: types.GenericAlias(origin=list, args=int)),
    ("GA()", lambda: GA()),
    ("GA.__new__(GA)", lambda: GA.__new__(GA)),
    ("GA(int, ())", lambda: GA(int, ())),
    ("GA(list, str).__args__", lambda: GA(list, str).__args__),
    # JSONDecoder.raw_decode checks its string and index
    ("raw_decode(None)", lambda: json.JSONDecoder().raw_decode(None)),
    ("raw_decode(1)", lambda: json.JSONDecoder().raw_decode(1)),
    ("raw_decode(b'1')", lambda: json.JSONDecoder().raw_decode(b"1")),
    ("raw_decode('1', -1)", lambda: json.JSONDecoder().raw_decode("1", -1)),
    ("raw_decode('[1]', 2**70)", lambda: json.JSONDecoder().raw_decode("[1]", 2**70)),
    ("raw_decode('[1]', 'x')", lambda: json.JSONDecoder().raw_decode("[1]", "x")),
    ("raw_decode(' [1] 2', 1)", lambda: json.JSONDecoder().raw_decode(" [1] 2", 1)),
    ("raw_decode('[1]', 5)", lambda: json.JSONDecoder().raw_decode("[1]", 5)),
    # a default factory taking *args, called without arguments
    ("defaultdict(lambda *a: a).__missing__(1)", lambda: collections.defaultdict(lambda *a: a).__missing__(1)),
    ("defaultdict(lambda *a, **k: (a, k))['x']", lambda: collections.defaultdict(lambda *a, **k: (a, k))["x"]),
    # partialmethod before __init__, or with its fields deleted or replaced
    ("partialmethod.__new__(partialmethod).__get__(1)",
     lambda: functools.partialmethod.__new__(functools.partialmethod).__get__(1)),
    ("partialmethod.__new__(partialmethod).func",
     lambda: functools.partialmethod.__new__(functools.partialmethod).func),
    ("partialmethod(pm) of an uninitialised partialmethod",
     lambda: functools.partialmethod(functools.partialmethod.__new__(functools.partialmethod))),
    ("singledispatchmethod.__new__(...).__get__(1)",
     lambda: functools.singledispatchmethod.__new__(functools.singledispatchmethod).__get__(1)),
    ("singledispatchmethod.__new__(...).register(int)",
     lambda: functools.singledispatchmethod.__new__(functools.singledispatchmethod).register(int)),
    # functools._lru_cache_wrapper is final
    ("class L(_lru_cache_wrapper)", lambda: type("L", (functools._lru_cache_wrapper,), {})),
    # __format__ with a spec that is not a str
    ("Color.RED.__format__(None)", lambda: Color.RED.__format__(None)),
    ("Color.RED.__format__(1)", lambda: Color.RED.__format__(1)),
    ("Perm.R.__format__(None)", lambda: Perm.R.__format__(None)),
    ("Num.ONE.__format__(None)", lambda: Num.ONE.__format__(None)),
    ("format(1, None)", lambda: format(1, None)),
    ("(1).__format__(None)", lambda: (1).__format__(None)),
    ("'x'.__format__(None)", lambda: "x".__format__(None)),
    ("(1.5).__format__(None)", lambda: (1.5).__format__(None)),
    ("object().__format__(None)", lambda: object().__format__(None)),
    ("format(Color.RED, '^9')", lambda: format(Color.RED, "^9")),
    # binomialvariate: random.py's assertion for a NaN n instead of a loop
    ("binomialvariate(nan)", lambda: random.Random(5).binomialvariate(float("nan"))),
    ("binomialvariate(inf)", lambda: random.Random(5).binomialvariate(float("inf"))),
    ("binomialvariate(12.5, 0.9) >= 0", lambda: random.Random(5).binomialvariate(12.5, 0.9) >= 0),
    # __setitem__ / __set_name__ given too few arguments
    ("ChainMap().__setitem__()", lambda: collections.ChainMap().__setitem__()),
    ("ChainMap().__setitem__(1)", lambda: collections.ChainMap().__setitem__(1)),
    ("ChainMap().__setitem__(1, 2, 3)", lambda: collections.ChainMap().__setitem__(1, 2, 3)),
    ("field().__set_name__()", lambda: dataclasses.field().__set_name__()),
    ("field().__set_name__(int)", lambda: dataclasses.field().__set_name__(int)),
    # super() never initialised
    ("super.__new__(super).__get__(1)", lambda: super.__new__(super).__get__(1)),
    ("super.__new__(super).__get__(1, int)", lambda: super.__new__(super).__get__(1, int)),
    ("super.__new__(super).__self__", lambda: super.__new__(super).__self__),
]
for text, f in calls:
    show(text, f)

# files are made by open(): subclasses cannot be instantiated empty
class T(io.TextIOWrapper):
    pass


show("T()", lambda: T(), True)

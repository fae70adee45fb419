# min-version: 3.12
# More native calls with missing, extra or wrongly typed arguments, wrong
# `self`, subclasses of native classes and objects made by cls.__new__(cls)
# without __init__ (found by calling every callable of every module with odd
# arguments under ASan/UBSan): each must raise CPython's exception, never crash.
import collections
import functools
import io
import json
import types


def show(text, f, name_only=False):
    try:
        print(text, "->", f())
    except Exception as e:
        print(text, "->", type(e).__name__ + ("" if name_only else ": " + str(e)))


class GA(types.GenericAlias):
    pass


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
    # functools._lru_cache_wrapper is final
    ("class L(_lru_cache_wrapper)", lambda: type("L", (functools._lru_cache_wrapper,), {})),
]
for text, f in calls:
    show(text, f)

# files are made by open(): subclasses cannot be instantiated empty
class T(io.TextIOWrapper):
    pass


show("T()", lambda: T(), True)

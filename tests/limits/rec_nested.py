# limits: recursion limit raised to a million: nested containers still give
# RecursionError from repr, ==, json (C recursion has its own limit), and
# deep chains are released without overflowing the C stack.
import json
import sys

sys.setrecursionlimit(10**6)
nested = []
for i in range(100000):
    nested = [nested]
other = []
for i in range(100000):
    other = [other]
for name, f in [("repr", lambda: repr(nested)), ("==", lambda: nested == other),
                ("json.dumps", lambda: json.dumps(nested)),
                ("json.loads", lambda: json.loads("[" * 100000 + "]" * 100000))]:
    try:
        f()
        print(name, "succeeded")
    except RecursionError as e:
        print(name, "RecursionError:", e)
nested = other = None
e = None
for i in range(300000):
    x = ValueError(i)
    x.__context__ = e
    e = x
e = x = None
t = ()
for i in range(300000):
    t = (t,)
t = None


def g(it):
    yield from it


it = iter([1])
for i in range(100000):
    it = g(it)
it = None
print("released")

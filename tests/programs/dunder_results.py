# min-version: 3.8
# Special methods returning the wrong kind of value, calls with wrong arguments:
# 3.12's TypeError/ValueError messages (a None __repr__ fails as __str__'s).
class Bad:
    def __str__(self): return 42
class Bad2:
    def __repr__(self): return None
for o, fns in ((Bad(), (str, format)), (Bad2(), (str, repr, format))):
    for fn in fns:
        try:
            print(fn(o))
        except TypeError as e:
            print("TypeError:", e)
try:
    print(Bad())
except TypeError as e:
    print("print:", e)
try:
    print(f"{Bad()}")
except TypeError as e:
    print("fstr:", e)
class Len:
    def __len__(self): return -1
try:
    len(Len())
except ValueError as e:
    print(e)
class Len2:
    def __len__(self): return "3"
try:
    len(Len2())
except TypeError as e:
    print(e)
class B:
    def __bool__(self): return 1
try:
    bool(B())
except TypeError as e:
    print(e)
class H:
    def __hash__(self): return "x"
try:
    hash(H())
except TypeError as e:
    print(e)
class I:
    def __iter__(self): return 5
try:
    iter(I())
except TypeError as e:
    print(e)
class N:
    def __index__(self): return 1.5
try:
    [1, 2][N()]
except TypeError as e:
    print(e)
class Eq:
    def __eq__(self, o): raise RuntimeError("eq fails")
try:
    [Eq()].index(1)
except RuntimeError as e:
    print(e)
class C:
    def __contains__(self, x): return "yes"
print(1 in C(), 1 not in C())
class Call:
    pass
try:
    Call()()
except TypeError as e:
    print(e)
try:
    Call(1)
except TypeError as e:
    print(e)
class Init:
    def __init__(self, a, *, b): pass
for args, kw in [((), {}), ((1, 2), {}), ((1,), {}), ((1,), {"b": 2, "c": 3})]:
    try:
        Init(*args, **kw)
        print("ok")
    except TypeError as e:
        print(e)
class R:
    def __init__(self): return 5
try:
    R()
except TypeError as e:
    print(e)
def f(a, b=2, /, c=3, *, d): pass
for args, kw in [((), {}), ((1,), {}), ((1,), {"d": 1, "a": 2}), ((1, 2, 3, 4), {"d": 1})]:
    try:
        f(*args, **kw); print("ok")
    except TypeError as e:
        print(e)

# min-version: 3.11
# The pickle protocol as copy uses it: object.__reduce_ex__ for every
# protocol (copyreg.__newobj__ from 2 on, copyreg._reconstructor below),
# object.__reduce__, __getstate__ with __dict__ and __slots__,
# __getnewargs__/__getnewargs_ex__, list and dict subclasses, overrides that
# call super(), the copyreg module, and types.MethodType construction.
import copy
import copyreg
import types


def attempt(label, fn):
    try:
        print(label, "->", fn())
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)


def show(r):
    """A reduce value without the addresses of copyreg's functions."""
    if isinstance(r, tuple):
        head = r[0].__name__ if callable(r[0]) and hasattr(r[0], "__name__") else r[0]
        rest = []
        for x in r[1:]:
            if hasattr(x, "__next__"):
                x = ("iter", list(x))
            rest.append(x)
        return (head,) + tuple(rest)
    return r


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)


p = Point(1, 2)
for proto in range(6):
    attempt("Point proto %d" % proto, lambda: show(p.__reduce_ex__(proto)))
attempt("Point reduce", lambda: show(p.__reduce__()))
attempt("getstate is dict", lambda: p.__getstate__() is p.__dict__)
attempt("empty state", lambda: Point.__new__(Point).__getstate__())
r = p.__reduce_ex__(2)
print("newobj", r[0].__module__, r[0].__name__, r[2] is p.__dict__)
r = p.__reduce_ex__(1)
print("reconstructor", r[0].__module__, r[0] is copyreg._reconstructor)


class Slotted:
    __slots__ = ("a", "b", "__c")

    def __init__(self):
        self.a = 1
        self.__c = 3


s = Slotted()
attempt("slots state", lambda: s.__getstate__())
attempt("slots proto 2", lambda: show(s.__reduce_ex__(2)))
attempt("slots proto 1", lambda: s.__reduce_ex__(1))
attempt("slotnames", lambda: copyreg._slotnames(Slotted))
attempt("slotnames cached", lambda: Slotted.__slotnames__)


class Tagged(list):
    pass


t = Tagged([1, 2])
t.tag = "t"
attempt("list sub 2", lambda: show(t.__reduce_ex__(2)))
attempt("list sub 0", lambda: show(t.__reduce_ex__(0)))


class Table(dict):
    pass


d = Table(a=1)
attempt("dict sub 2", lambda: show(d.__reduce_ex__(2)))
attempt("dict sub 1", lambda: show(d.__reduce_ex__(1)))


class Args:
    def __new__(cls, *args, **kw):
        self = object.__new__(cls)
        self.args, self.kw = args, kw
        return self

    def __getnewargs__(self):
        return self.args


class ArgsEx(Args):
    def __getnewargs_ex__(self):
        return self.args, self.kw


attempt("getnewargs", lambda: show(Args(1, 2).__reduce_ex__(2)))
attempt("getnewargs_ex", lambda: show(ArgsEx(1, k=2).__reduce_ex__(4)))
attempt("getnewargs_ex empty kw", lambda: show(ArgsEx(1).__reduce_ex__(4)))
c = copy.copy(ArgsEx(5, k=6))
print("copy newargs_ex", type(c).__name__, c.args, c.kw)


class Verbose:
    def __init__(self):
        self.v = 1

    def __reduce_ex__(self, proto):
        print("  __reduce_ex__", proto)
        return super().__reduce_ex__(proto)


v2 = copy.copy(Verbose())
v3 = copy.deepcopy(Verbose())
print("copies", type(v2).__name__, v2.v, v3.v)


class OwnReduce:
    def __reduce__(self):
        print("  __reduce__ called")
        return (OwnReduce, ())


attempt("reduce_ex uses __reduce__", lambda: OwnReduce().__reduce_ex__(2))
attempt("copy own reduce", lambda: type(copy.copy(OwnReduce())).__name__)
attempt("int reduce", lambda: show((5).__reduce_ex__(2)))
attempt("object reduce", lambda: show(object().__reduce_ex__(2)))
attempt("object reduce 0", lambda: show(object().__reduce__()))
attempt("reduce no arg", lambda: object().__reduce_ex__())
attempt("reduce str arg", lambda: object().__reduce_ex__("x"))
attempt("reconstructor", lambda: copyreg._reconstructor(Tagged, list, [3, 4]))
attempt("reconstructor object", lambda: type(copyreg._reconstructor(Point, object, None)).__name__)
attempt("newobj", lambda: type(copyreg.__newobj__(Point)).__name__)
attempt("newobj_ex", lambda: copyreg.__newobj_ex__(Args, (1,), {"k": 2}).kw)
attempt("copyreg pickle", lambda: copyreg.pickle(Point, 5))
attempt("copyreg constructor", lambda: copyreg.constructor(5))
attempt("dispatch_table", lambda: type(copyreg.dispatch_table).__name__)


# types.MethodType
def describe(self, extra=""):
    return "I am %r%s" % (self, extra)


m = types.MethodType(describe, p)
print("method", m(), m(extra="!"), m.__self__ is p, m.__func__ is describe, type(m).__name__)
print("method eq", m == types.MethodType(describe, p), m == types.MethodType(describe, Point(1, 2)))
bound_len = types.MethodType(len, [1, 2, 3])
print("builtin as func", bound_len())
attempt("method not callable", lambda: types.MethodType(5, p))
attempt("method None", lambda: types.MethodType(describe, None))
attempt("method one arg", lambda: types.MethodType(describe))
attempt("method kw", lambda: types.MethodType(describe, p, x=1))
p.say = types.MethodType(describe, p)
print("attached", p.say(" attached"))

# Object model, part 3: dunders assigned and deleted after class creation (slot
# updates reaching subclasses), __hash__/__eq__ pairing, reflected and in-place
# operators, CPython's quirks (del C.__new__, three-argument pow with __rpow__).
# min-version: 3.12
def show(f):
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__ + ":", e)
class C: pass
class D(C): pass
c, d = C(), D()
show(lambda: c + 1)
C.__add__ = lambda s, o: ("add", o)
print(c + 1, d + 2)
D.__add__ = lambda s, o: ("Dadd", o)
print(c + 1, d + 2)
del C.__add__
show(lambda: c + 1)
print(d + 3)
C.__len__ = lambda s: 4
print(len(c), len(d), bool(c))
C.__bool__ = lambda s: False
print(bool(c), bool(d))
C.__repr__ = lambda s: "C!"
print(repr(c), repr(d), str(d))
C.__hash__ = None
show(lambda: hash(c))
show(lambda: hash(d))
del C.__hash__
print(hash(c) == hash(c))
C.__eq__ = lambda s, o: True
print(c == 1, hash(c) == hash(c))
C.__getattr__ = lambda s, n: "dyn:" + n
print(c.foo, d.bar)
C.__call__ = lambda s, *a: ("call", a)
print(c(1), d(2))
C.__iter__ = lambda s: iter([1, 2])
print(list(c), list(d))
C.__getitem__ = lambda s, k: k * 2
print(c[21], d["ab"])
C.__contains__ = lambda s, x: x == 5
print(5 in c, 6 in d)
C.__lt__ = lambda s, o: "lt"
print(c < 1, 1 > c)
C.__neg__ = lambda s: "neg"
print(-c, -d)
C.__index__ = lambda s: 2
print([0, 10, 20][c], bin(d))
C.__setattr__ = lambda s, n, v: print("setattr", n, v)
c.x = 1
d.y = 2
del C.__setattr__
c.x = 5
print(c.__dict__)
C.__init__ = lambda s, a: setattr(s, "a", a)
print(C(7).a, D(8).a)
show(lambda: C())
C.__new__ = lambda cls, *a: "from new"
print(C(1), D(2))
del C.__new__
show(lambda: type(C(3)).__name__)
class E:
    def __eq__(self, o): return True
show(lambda: hash(E()))
class F(E):
    __hash__ = object.__hash__
print(hash(F()) == hash(F()) or True)
class G:
    __eq__ = None
show(lambda: G() == G())
class H:
    def __ne__(self, o): return "ne!"
print(H() != 1, H() == 1)
class Lt:
    def __lt__(self, o): return "Lt.lt"
class Gt:
    def __gt__(self, o): return "Gt.gt"
print(Lt() < Gt(), Gt() > Lt(), 1 < Lt() if False else Gt() < Gt() if False else "skip")
show(lambda: Gt() < Gt())
class R:
    def __radd__(self, o): return "R.radd"
    def __rsub__(self, o): return "R.rsub"
    def __rpow__(self, o): return "R.rpow"
    def __rmatmul__(self, o): return "R.rmatmul"
print(1 + R(), "s" - R(), 2 ** R(), [] @ R())
show(lambda: R() + 1)
show(lambda: pow(R(), 2, 3))
class IP:
    def __iadd__(self, o): return NotImplemented
    def __add__(self, o): return "IP.add"
x = IP(); x += 1; print(x)
class L(list):
    def __add__(self, o): return "L.add"
    def __radd__(self, o): return "L.radd"
print([1] + L(), L() + [1])
class S(str):
    def __eq__(self, o): return "S.eq"
    __hash__ = str.__hash__
print("a" == S("a"), S("a") == "a", {S("k"): 1}[S("k")] if False else "ok")

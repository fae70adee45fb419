# Object model, part 2: __getattribute__ overrides, slot wrappers, __slots__ with
# __dict__, number/sequence dunders, metaclass dunders, property/staticmethod/
# classmethod, super() forms, __del__, __format__, bad dunder results, type().
# min-version: 3.12
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

class A:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return f"A({self.x})"
    def __eq__(self, o):
        return type(o) is A and o.x == self.x
    __hash__ = object.__hash__

class B(A):
    def __getattribute__(self, n):
        if n == "magic":
            return 42
        return super().__getattribute__(n)

b = B(3)
print(b.magic, b.x, b, hash(b) == hash(b))
show(lambda: b.nope)
print(A.__eq__.__qualname__, A.__init__.__qualname__, A.__dict__["__init__"].__name__)
print(object.__eq__, object.__init__, object.__repr__)
print(int.__add__(2, 3), (2).__add__(3), object.__repr__(b)[:10])
print(type.__dict__["__name__"], type.__name__, type(type), type(object))
print(isinstance(type, object), isinstance(object, type), issubclass(type, object))
show(lambda: object.__dict__["__class__"].__get__(1))
show(lambda: int.__dict__["real"])

class Cnt:
    n = 0
    def __init_subclass__(cls, **kw):
        Cnt.n += 1
class C1(Cnt): pass
class C2(C1): pass
print(Cnt.n, C2.__mro__[1].__name__, C2.__bases__, C2.__base__)

class D:
    __slots__ = ("a", "__dict__")
d = D(); d.a = 1; d.b = 2
print(d.a, d.__dict__)
class E:
    __slots__ = ()
show(lambda: setattr(E(), "x", 1))
show(lambda: E().__dict__)
class F(D):
    pass
f = F(); f.a = 3; f.z = 4
print(f.a, f.z, sorted(vars(f)))

class Num:
    def __init__(self, v): self.v = v
    def __add__(self, o): return Num(self.v + (o.v if isinstance(o, Num) else o))
    __radd__ = __add__
    def __iadd__(self, o):
        self.v += 100
        return self
    def __neg__(self): return Num(-self.v)
    def __index__(self): return self.v
    def __bool__(self): return self.v != 0
    def __len__(self): return 5
    def __repr__(self): return f"Num({self.v})"
n = Num(1)
print(n + 1, 1 + n, n + n, -n, [10, 20, 30][Num(1)], bool(Num(0)), len(n))
m = n
m += 1
print(m, m is n)
print(sum([Num(1), Num(2)], Num(0)))
show(lambda: n - 1)
show(lambda: n < n)
show(lambda: ~n)
show(lambda: n @ n)
print(hex(Num(255)), list(range(Num(3))))

class Seq:
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq(), 5 in Seq())
class Cont:
    def __contains__(self, x): return x == "yes"
print("yes" in Cont(), "no" in Cont(), "no" not in Cont())
class NoIter:
    __iter__ = None
show(lambda: iter(NoIter()))
class Call:
    def __call__(self, *a, **k): return (a, k)
print(Call()(1, x=2), callable(Call()), callable(Call))

class Meta(type):
    def __repr__(cls): return f"<Meta {cls.__name__}>"
    def __len__(cls): return 7
    def __getitem__(cls, k): return (cls.__name__, k)
    def __or__(cls, o): return "or!"
class WithMeta(metaclass=Meta): pass
print(WithMeta, len(WithMeta), WithMeta[1], WithMeta | int, type(WithMeta))

class P:
    @property
    def v(self): return 1
    @v.setter
    def v(self, val): print("set", val)
    @v.deleter
    def v(self): print("del")
    @staticmethod
    def s(a): return ("s", a)
    @classmethod
    def c(cls, a): return (cls.__name__, a)
p = P()
p.v = 5
del p.v
print(p.v, P.s(1), p.s(2), P.c(3), p.c(4), P.v.fget.__name__, type(P.__dict__["s"]).__name__)
print(repr(P.__dict__["s"])[:25], repr(P.__dict__["c"])[:24])

class Base:
    def hello(self): return "base"
class Mid(Base):
    def hello(self): return "mid>" + super().hello()
class Leaf(Mid):
    def hello(self): return "leaf>" + super().hello()
    def sup(self): return super()
print(Leaf().hello(), repr(Leaf().sup())[:40])
print(super(Mid, Leaf()).hello(), super(Leaf, Leaf).hello(Leaf()))
show(lambda: super(int, "x"))
show(lambda: super(1, 2))

class WithDel:
    def __del__(self): print("del called")
w = WithDel()
del w
print("after del")

class Reprless: pass
r = repr(Reprless())
print(r.startswith("<__main__.Reprless object at 0x"), str(Reprless()) == repr(Reprless()) or "ok")
print(format(Reprless(), "") [:10])
show(lambda: format(Reprless(), "x"))
class Fmt:
    def __format__(self, spec): return "F[" + spec + "]"
print(f"{Fmt():abc}", format(Fmt()), "{:zz}".format(Fmt()))
class BadRepr:
    def __repr__(self): return 5
show(lambda: repr(BadRepr()))
class BadStr:
    def __str__(self): return None
show(lambda: str(BadStr()))
class BadBool:
    def __bool__(self): return 1
show(lambda: bool(BadBool()))
class BadLen:
    def __len__(self): return -1
show(lambda: len(BadLen()))
class BadHash:
    def __hash__(self): return "x"
show(lambda: hash(BadHash()))
class BigHash:
    def __hash__(self): return 2**70
print(hash(BigHash()))
class InitNone:
    def __init__(self): return None
print(type(InitNone()).__name__)
show(lambda: type("T", (), {})(1))
show(lambda: type(1, 2))
show(lambda: type("T", (1,), {}))
T = type("T", (object,), {"x": 1, "__module__": "mymod"})
print(T, T.x, T.__module__, T.__qualname__)
print(type(T()) is T, T.__name__)
T.__name__ = "Renamed"
print(T, T.__qualname__)
show(lambda: setattr(T, "__name__", 5))

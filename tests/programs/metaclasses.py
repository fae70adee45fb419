# Metaclasses and type(): __prepare__/__new__/__init__ with keywords, errors of
# __set_name__ (with its note) and __init_subclass__, type.__new__ argument
# checks, __slots__ forms, __bases__ assignment, __abstractmethods__, flags,
# docs, qualnames.
# min-version: 3.12
def show(f):
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__ + ":", e, getattr(e, "__notes__", ""))
class Rec(type):
    order = []
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        Rec.order.append(("prepare", name, kw))
        return {"injected": 1}
    def __new__(mcs, name, bases, ns, **kw):
        Rec.order.append(("new", name, sorted(ns), kw))
        return super().__new__(mcs, name, bases, ns)
    def __init__(cls, name, bases, ns, **kw):
        Rec.order.append(("init", name))
        super().__init__(name, bases, ns)
class K(metaclass=Rec, flag=True):
    a = 1
print(Rec.order, K.injected, type(K).__name__)
class Sub(K): pass
print(Rec.order[-1], type(Sub).__name__)
class Boom:
    def __set_name__(self, owner, name):
        raise ValueError("no " + name)
def mk():
    class X:
        b = Boom()
show(mk)
def mk2():
    class Base:
        def __init_subclass__(cls, **kw):
            raise RuntimeError("nope " + cls.__name__)
    class D(Base): pass
show(mk2)
class NotDict(dict): pass
class M2(type):
    @classmethod
    def __prepare__(mcs, *a, **k): return NotDict()
class Y(metaclass=M2): z = 1
print(type(Y.__dict__).__name__, Y.z)
show(lambda: type.__new__(type, "N", (), []))
show(lambda: type.__new__(type, 1, (), {}))
show(lambda: type.__new__(type, "N", [], {}))
show(lambda: type.__new__(1, "N", (), {}))
show(lambda: type.__new__(int, "N", (), {}))
show(lambda: type("N", (int, str), {}))
class WithSlots:
    __slots__ = "one"
print(WithSlots.__slots__, hasattr(WithSlots(), "__dict__"))
show(lambda: type("Q", (), {"__slots__": 5}))
show(lambda: type("Q", (), {"__slots__": ["__dict__", "__dict__"]}))
show(lambda: type("Q", (), {"__slots__": [1]}))
class Priv:
    __slots__ = ("__secret",)
    def set(self, v): self.__secret = v
    def get(self): return self.__secret
p = Priv(); p.set(9); print(p.get(), sorted(k for k in Priv.__dict__ if "secret" in k))
class Q1: pass
Q1.__bases__ = (object,)
class Q2: pass
class Q3(Q1): pass
Q3.__bases__ = (Q2,)
print(Q3.__mro__)
show(lambda: setattr(Q1, "__bases__", (Q3,)))
show(lambda: setattr(Q1, "__bases__", ()))
show(lambda: setattr(int, "__bases__", (object,)))
print(Q3.__subclasses__(), Q2.__subclasses__(), [c.__name__ for c in Q2.__subclasses__()])
print(type.mro(Q3), Q3.mro())
class AbstractLike:
    pass
AbstractLike.__abstractmethods__ = frozenset({"f", "g"})
show(lambda: AbstractLike())
del AbstractLike.__abstractmethods__
print(type(AbstractLike()).__name__)
print(int.__flags__ & (1 << 24) != 0, type.__flags__ & (1 << 31) != 0, K.__flags__ & (1 << 9) != 0)
print(object.__basicsize__ > 0, int.__base__, bool.__base__, object.__base__, type.__base__)
print(K.__doc__, type.__doc__[:10])
class Doc:
    "the doc"
print(Doc.__doc__, Doc().__doc__)
print(K.__module__, int.__module__, K.__qualname__, int.__qualname__)
def f():
    class Inner: pass
    return Inner
print(f().__qualname__, repr(f()))
print(type.__call__(int, "5"), type.__repr__(int))
print(object.__subclasshook__(), object.__init_subclass__())

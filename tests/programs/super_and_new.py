# super() in every form (methods, classmethods, properties, nested functions,
# comprehensions, two-argument and unbound), __new__/__init__ argument
# handling, singletons, __new__ returning other objects, module objects.
# min-version: 3.12
def show(f):
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__ + ":", e)
class A:
    def f(self, *a): return ("A.f", type(self).__name__ if not isinstance(self, type) else self.__name__, a)
    @classmethod
    def cm(cls): return ("A.cm", cls.__name__)
    @staticmethod
    def sm(): return "A.sm"
    x = 1
class B(A):
    @classmethod
    def cm(cls):
        return ("B.cm", super().cm(), super().f(1))
    def f(self, *a):
        return ("B.f", super().f(*a), super().x, super().sm())
    @classmethod
    def attr(cls):
        s = super()
        return s.f
print(B.cm())
print(B().f(2))
print(B.attr().__qualname__)
print(super(B, B()).f(3))
s = super(B, B())
print(s.__thisclass__.__name__, type(s.__self__).__name__, s.__self_class__.__name__)
show(lambda: super(B, B()).nope)
show(lambda: super(B).f)
print(repr(super(B)))
class C(B):
    def g(self):
        def inner():
            return super(C, self).f(9)
        return inner()
    def h(self):
        return [super().f(i) for i in range(1)]
print(C().g())
print(C().h())
class Prop:
    @property
    def p(self): return "P.p"
class Prop2(Prop):
    @property
    def p(self): return "Prop2+" + super().p
print(Prop2().p)
class InitArgs:
    def __init__(self, a, b=2, *, c=3):
        self.t = (a, b, c)
print(InitArgs(1).t, InitArgs(1, c=5).t)
show(lambda: InitArgs())
show(lambda: InitArgs(1, 2, 3))
show(lambda: InitArgs(1, d=4))
class NewArgs:
    def __new__(cls, a):
        o = super().__new__(cls)
        o.a = a
        return o
print(NewArgs(5).a)
show(lambda: NewArgs())
class Both:
    def __new__(cls, *a, **k):
        return super().__new__(cls)
    def __init__(self, *a, **k):
        self.a = a
print(Both(1, 2, x=3).a)
class Single:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Single() is Single())
class Other:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never")
print(Other())
import sys
m = sys.modules[__name__]
print(type(m).__name__, repr(m).startswith("<module '__main__' from"))
show(lambda: m.nope)
show(lambda: sys.nope)
print(repr(sys), type(sys)("fresh"), type(sys)("withdoc", "doc").__doc__)
show(lambda: type(sys)())
class MyMod(type(sys)):
    def __getattr__(self, n): return "mymod:" + n
mm = MyMod("mm")
print(mm.anything, mm.__name__)
print(dir(mm)[:5])

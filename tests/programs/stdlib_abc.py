# min-version: 3.12
# abc: ABC/ABCMeta, abstract methods and 3.12 instantiation messages, register, __subclasshook__, update_abstractmethods.
import abc
from abc import ABC, ABCMeta, abstractmethod
class Base(ABC):
    @abstractmethod
    def f(self): ...
    @abstractmethod
    def g(self): ...
    @property
    @abstractmethod
    def p(self): ...
class Half(Base):
    def f(self): return 1
class Full(Half):
    def g(self): return 2
    p = 3
for cls in (Base, Half, Full):
    try: print(cls.__name__, sorted(cls.__abstractmethods__), type(cls()).__name__)
    except TypeError as e: print('TypeError', e)
print(type(Full()).__name__, isinstance(Full(), Base), issubclass(Full, Base), issubclass(int, Base))
class Iface(metaclass=ABCMeta):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Iface: return hasattr(C, 'quack') or NotImplemented
        return NotImplemented
class Duck:
    def quack(self): pass
print(issubclass(Duck, Iface), isinstance(Duck(), Iface), issubclass(int, Iface))
Iface.register(int); print(issubclass(int, Iface), isinstance(3, Iface), issubclass(bool, Iface), Iface.register(float) is float)
try: Iface.register(3)
except TypeError as e: print(e)
try: issubclass(3, Iface)
except TypeError as e: print(e)
class Sub(Iface): pass
try: Sub.register(Iface)
except RuntimeError as e: print(e)
print(type(abc.get_cache_token()).__name__, ABC.__slots__, type(ABC).__name__, ABCMeta.__module__, ABC.__module__, abc.ABC.__doc__)
class W(ABC):
    @abc.abstractclassmethod
    def cm(cls): ...
    @abc.abstractstaticmethod
    def sm(): ...
    @abc.abstractproperty
    def ap(self): ...
print(sorted(W.__abstractmethods__))
class X:
    @abstractmethod
    def m(self): ...
print(X.m.__isabstractmethod__, X().__class__.__name__)
X.m = lambda self: 1; print(abc.update_abstractmethods(X) is X, getattr(X, '__abstractmethods__', 'none'))
class Y(ABC):
    @abstractmethod
    def a(self): ...
Y.a = lambda self: 5; abc.update_abstractmethods(Y); print(Y.__abstractmethods__, Y().a())
class M(ABCMeta): pass
class Z(metaclass=M):
    @abstractmethod
    def zz(self): ...
try: Z()
except TypeError as e: print(e)
print(hasattr(Base, '_abc_impl'), sorted(k for k in vars(ABCMeta) if not k.startswith('__')))
class One(ABC):
    @abstractmethod
    def only(self): ...
try: One()
except TypeError as e: print(e)

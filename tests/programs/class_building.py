# min-version: 3.8
# What `class` does: metaclass choice and conflicts, __prepare__, keyword
# arguments, __init_subclass__, __set_name__, __mro_entries__, the
# __class__ cell behind zero-argument super(), class decorators.


class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, [b.__name__ for b in bases], kw)
        ns = {"injected": 1}
        return ns

    def __new__(mcls, name, bases, ns, **kw):
        print("new", name, sorted(k for k in ns if not k.startswith("__")), kw)
        return super().__new__(mcls, name, bases, ns)

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.tag = kw.get("tag")


class Base(metaclass=Meta, tag="base"):
    def hello(self):
        return "hello from " + type(self).__name__


class Child(Base, tag="child"):
    def hello(self):
        return super().hello() + " via Child"


print(Child().hello(), Child.tag, Base.tag, Child.injected, type(Child).__name__)


class Plugin:
    registry = []

    def __init_subclass__(cls, /, name=None, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry.append(cls.plugin_name)


class A(Plugin, name="alpha"):
    pass


class B(Plugin):
    pass


print(Plugin.registry, A.plugin_name, B.plugin_name)


class Field:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name

    def __get__(self, obj, objtype=None):
        return "field %s of %s" % (self.name, self.owner)


class Model:
    title = Field()
    size = Field()


print(Model().title, Model.size)


class Proxy:
    def __mro_entries__(self, bases):
        return (dict,)


class FromProxy(Proxy()):
    pass


print(FromProxy.__mro__, FromProxy.__orig_bases__[0].__class__.__name__)


class M1(type):
    pass


class M2(type):
    pass


class X(metaclass=M1):
    pass


class Y(metaclass=M2):
    pass


try:
    class Z(X, Y):
        pass
except TypeError as e:
    print("TypeError:", e)


class Counted:
    count = 0

    def __init__(self):
        __class__.count += 1
        self.cls = __class__


Counted()
Counted()
print(Counted.count, Counted().cls is Counted)


def deco(cls):
    cls.decorated = True
    return cls


@deco
class D:
    x = [i * 2 for i in range(3)]
    y = {k: v for k, v in zip("ab", x)}


print(D.decorated, D.x, D.y, D.__qualname__, D.__module__)


def factory(n):
    class Local:
        value = n

        def get(self):
            return self.value, __class__.__qualname__
    return Local


print(factory(7)().get(), factory(7).__qualname__)


class Outer:
    class Inner:
        def where(self):
            return __class__.__qualname__


print(Outer.Inner().where(), Outer.Inner.__qualname__)


class WithSlots:
    __slots__ = ("a",)

    def __init__(self):
        self.a = 1


w = WithSlots()
try:
    w.b = 2
except AttributeError as e:
    print("AttributeError:", e)


class BadPrepare(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return 42


try:
    class Q(metaclass=BadPrepare):
        pass
except TypeError as e:
    print("TypeError:", e)


def not_class(name, bases, ns):
    return "made " + name + " with " + ", ".join(sorted(k for k in ns if not k.startswith("__")))


class Funny(metaclass=not_class):
    a = 1
    b = 2


print(Funny)

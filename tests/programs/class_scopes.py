# Class bodies as scopes: class variables used in comprehensions (which
# cannot see them), nested classes, __class__ and __qualname__, class-level
# loops and conditionals, dynamic attributes.

X = "global x"


class Outer:
    X = "class x"
    values = [1, 2, 3]
    doubled = [v * 2 for v in values]
    seen_x = [X for _ in range(1)]
    total = sum(values)
    if total > 5:
        big = True
    else:
        big = False
    for i in range(3):
        last = i
    del i

    class Inner:
        Y = "inner y"

        def who(self):
            return __class__.__qualname__

    def method(self):
        return self.X, X

    def __repr__(self):
        return "<Outer>"


print(Outer.doubled, Outer.seen_x, Outer.big, Outer.last)
print(Outer.Inner.__qualname__, Outer.Inner().who())
print(Outer().method())
print(hasattr(Outer, "i"), repr(Outer()))


def factory(base):
    class Made(base):
        kind = base.__name__

        def info(self):
            return "made from " + self.kind
    return Made


M = factory(dict)
print(M().info(), M.__qualname__, issubclass(M, dict))
Dyn = type("Dyn", (object,), {"a": 1, "get": lambda self: self.a + 1})
print(Dyn().get(), Dyn.__name__)


class Counter:
    instances = 0

    def __init__(self):
        type(self).instances += 1

    def __init_subclass__(cls):
        cls.instances = 0


class Sub(Counter):
    pass


Counter()
Sub()
Sub()
print(Counter.instances, Sub.instances)
print(sorted(k for k in vars(Outer) if not k.startswith("__")))

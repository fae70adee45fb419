# min-version: 3.12
# Instructions real programs meet rarely: class bodies reading enclosing
# cells and globals (LOAD_FROM_DICT_OR_DEREF / _OR_GLOBALS), annotations in
# class and module scope, super() in every spelling including a shadowed
# `super`, LOAD_LOCALS of generic classes, and __class__ after renaming.
x: int = 5
y: "str"
print(__annotations__)


def enclosing():
    cell = "cell value"
    g = "local shadowing global"

    class Body:
        a = cell
        b = g
        c = cell.upper()
        global glob
        d = glob
        z: int = 3

        def method(self):
            return cell
    return Body


glob = "global value"
B = enclosing()
print(B.a, B.b, B.c, B.d, B().method(), B.__annotations__)


def overridden_in_class():
    v = "outer"

    class C:
        locals()["v"] = "from locals"
        w = v
    return C.w


print(overridden_in_class())


class Base:
    def who(self):
        return "Base.who"

    @classmethod
    def cwho(cls):
        return "Base.cwho(%s)" % cls.__name__


class Mid(Base):
    def who(self):
        return "Mid>" + super().who()

    @classmethod
    def cwho(cls):
        return "Mid>" + super().cwho()


class Leaf(Mid):
    def who(self):
        return "Leaf>" + super(Leaf, self).who() + "|" + super(Mid, self).who()

    def via_attr(self):
        s = super()
        return s.who(), type(s).__name__, s.__self__ is self, s.__thisclass__.__name__

    def nested(self):
        def inner():
            return super().who()
        try:
            return inner()
        except RuntimeError as e:
            return "RuntimeError: %s" % e


print(Leaf().who(), Leaf.cwho(), Leaf().via_attr(), Leaf().nested())


def shadowed():
    super = lambda *a: ("shadow", len(a))

    class S(Base):
        def who(self):
            return super().who() if callable(getattr(super(), "who", None)) else super()
    return S().who()


print(shadowed())


class Renamed:
    def get(self):
        return __class__.__name__


R = Renamed
Renamed = None
print(R().get())


class Gen[T]:
    items: list[T]

    def first(self) -> T:
        return self.items[0]


print(Gen.__type_params__, Gen.__annotations__ if hasattr(Gen, "__annotations__") else None)


class Slots:
    __slots__ = ("p",)
    q: int


print(Slots.__annotations__, Slots.__slots__)
try:
    class Bad(Base):
        def who(self):
            return super(int, self).who()
    Bad().who()
except TypeError as e:
    print("TypeError:", e)

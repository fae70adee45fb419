# min-version: 3.12
# dataclasses: generated __init__/__repr__/__eq__/order/hash/frozen, fields, asdict/astuple/replace, KW_ONLY, slots, errors.
from dataclasses import *
import dataclasses
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__+':', e)
@dataclass
class P:
    x: int
    y: int = 0
print(P(1), P(1,2) == P(1,2), P(1) == (1,0), P.__match_args__, P.__hash__, P(1) != P(2))
t(lambda: P())
t(lambda: P(1,2,3))
t(lambda: P(1, z=2))
t(lambda: P(1, x=2))
def bad():
    @dataclass
    class Q:
        x: int = 0
        y: int
t(bad)
def bad2():
    @dataclass
    class Q:
        x: list = []
t(bad2)
@dataclass(frozen=True)
class F:
    a: int
f = F(1)
t(lambda: setattr(f, 'a', 2))
t(lambda: delattr(f, 'a'))
t(lambda: setattr(f, 'b', 2))
print(hash(f) == hash((1,)), f == F(1), {f: 1}[F(1)])
@dataclass(order=True)
class O:
    a: int
    b: str = 'x'
print(O(1) < O(2), sorted([O(3), O(1,'z'), O(1,'a')]), O(1) <= O(1), O(2) > O(1, 'y'), O(1) >= O(2))
t(lambda: O(1) < 5)
print([f.name for f in fields(O(1))], [f.type for f in fields(O)], fields(O)[1].default)
print(asdict(O(1)), astuple(O(1)), replace(O(1), b='q'))
t(lambda: replace(O(1), c=2))
print(MISSING.__class__, dataclasses.FrozenInstanceError.__mro__)
t(lambda: fields(5))
@dataclass
class K:
    a: int
    _: KW_ONLY
    b: int = 2
    c: list = field(default_factory=list, repr=False)
print(K(1, b=3), K.__match_args__, K(1).c, K(1).c is K(1).c)
t(lambda: K(1, 2))
print(P.__init__.__qualname__, P.__repr__.__qualname__, P.__name__)
@dataclass
class Post:
    a: int
    b: int = field(init=False)
    def __post_init__(self):
        self.b = self.a * 2
print(Post(3), Post(3).b)
t(lambda: Post(1, 2))
@dataclass
class Inv:
    items: list = field(default_factory=list)
    total: float = 0.0
    tag: str = field(default='t', compare=False)
    def add(self, x):
        self.items.append(x)
        self.total += x
i = Inv()
i.add(2.5)
print(i, i == Inv([2.5], 2.5, 'other'), asdict(i))
@dataclass
class Node:
    val: int
    children: list = field(default_factory=list)
n = Node(1, [Node(2), Node(3, [Node(4)])])
print(n)
print(asdict(n))
print(astuple(n))
@dataclass
class Base:
    x: int = 1
@dataclass
class Derived(Base):
    y: int = 2
    x: int = 5
print(Derived(), Derived(7, 8), [f.name for f in fields(Derived)], is_dataclass(Derived), is_dataclass(Derived()), is_dataclass(5))
@dataclass(eq=False)
class NoEq:
    a: int
print(NoEq(1) == NoEq(1), NoEq.__hash__ is object.__hash__)
@dataclass(unsafe_hash=True)
class UH:
    a: int
    b: int = field(hash=False, default=0)
print(hash(UH(1, 5)) == hash((1,)))
@dataclass(slots=True)
class S:
    a: int
    b: int = 3
s = S(1)
print(s, S.__slots__, hasattr(s, '__dict__'))
t(lambda: setattr(s, 'c', 1))
@dataclass
class WithCV:
    pass
    a: int
    count: "ClassVar[int]" = 0
print(WithCV(1), [f.name for f in fields(WithCV)], WithCV.count)
@dataclass
class R:
    a: object = None
r = R(); r.a = r
print(r)
print(P.__doc__, O.__doc__)
match P(3, 4):
    case P(x=3, y=yy):
        print('matched', yy)
t(lambda: field(default=1, default_factory=list))
t(lambda: replace(P(1), x=3))
class Plain(P):
    pass
print(Plain(5), Plain(5) == P(5))
@dataclass(repr=False)
class NR:
    a: int
    def __repr__(self): return 'custom'
print(NR(1))
print(K.__doc__, Post.__doc__, Inv.__doc__, WithCV.__doc__)
@dataclass
class Opt:
    a: 'int'
    b: list[int] = None
    c: dict = None
print(Opt.__doc__)

# min-version: 3.12
# typing: TypedDict, NamedTuple, Generic, Protocol/runtime_checkable, NewType, overload, get_type_hints, Any, cast, TYPE_CHECKING.
from typing import *
import typing as t

class M(TypedDict):
    a: int
    b: str
print(type(M(a=1, b='x')), M(a=1, b='x'), M.__mro__, sorted(M.__required_keys__), sorted(M.__optional_keys__), M.__total__, M.__annotations__)
class N(M, total=False):
    c: float
print(sorted(N.__required_keys__), sorted(N.__optional_keys__), N.__annotations__, type(N).__name__, t.is_typeddict(N), t.is_typeddict(dict))
try:
    isinstance({}, M)
except TypeError as e:
    print('TypeError', e)
Movie = TypedDict('Movie', {'title': str, 'year': int})
print(Movie.__annotations__, sorted(Movie.__required_keys__), Movie(title='x', year=1))
class Opt(TypedDict):
    r: Required[int]
    n: NotRequired[str]
print(sorted(Opt.__required_keys__), sorted(Opt.__optional_keys__))

P = NamedTuple('P', [('x', int), ('y', float)])
print(P, P(1, 2.0), P.__annotations__, P._fields, P.__mro__)
class Q(NamedTuple):
    x: int
    y: str = 'a'
    def f(self): return self.x * 10
print(Q(1), Q(2, 'b').f(), Q.__annotations__, Q._field_defaults, Q.__mro__, type(Q))
print(Q(3)._replace(y='z'), Q._make([4, 'w']), Q(5)._asdict())
try:
    class R(NamedTuple):
        x: int = 1
        y: int
except TypeError as e:
    print('TypeError', e)
try:
    class R2(NamedTuple):
        x: int
        def _fields(self): pass
except AttributeError as e:
    print('AttributeError', e)

T = TypeVar('T')
K = TypeVar('K', bound=str)
print(T.__name__, K.__bound__, T.__constraints__, TypeVar('C', int, str).__constraints__, T.__covariant__)
class Box(Generic[T]):
    def __init__(self, v): self.v = v
    def get(self) -> T: return self.v
print(Box[int], Box.__mro__, Box[int](3).v, Box[int].__origin__, Box[int].__args__)
b = Box[str]('s')
print(b.get(), b.__orig_class__)
print(List[T][int], Dict[K, T][str, float], Optional[T][int])
try:
    List[int][str]
except TypeError as e:
    print('TypeError', e)
try:
    Dict[K, T][int]
except TypeError as e:
    print('TypeError', e)
for bad in (lambda: TypeVar('X', covariant=True, contravariant=True), lambda: TypeVar('X', infer_variance=True, covariant=True)):
    try:
        bad()
    except ValueError as e:
        print('ValueError', e)

@runtime_checkable
class Closer(Protocol):
    def close(self): ...
class NR(Protocol):
    x: int
@runtime_checkable
class HasX(Protocol):
    x: int
class F:
    def close(self): pass
class G:
    x = 1
print(isinstance(F(), Closer), isinstance(1, Closer), issubclass(F, Closer), issubclass(int, Closer), sorted(Closer.__protocol_attrs__))
print(isinstance(G(), HasX), isinstance(F(), HasX))
try:
    issubclass(G, HasX)
except TypeError as e:
    print('TypeError', e)
try:
    isinstance(F(), NR)
except TypeError as e:
    print('TypeError', e)
try:
    Closer()
except TypeError as e:
    print('TypeError', e)
try:
    runtime_checkable(F)
except TypeError as e:
    print('TypeError', e)
class Impl(Closer):
    pass
print(type(Closer).__name__, type(Protocol).__name__, Closer.__mro__, Closer._is_protocol, Impl._is_protocol, isinstance(Impl(), Closer))

UserId = NewType('UserId', int)
print(UserId, UserId(5), UserId.__supertype__, type(UserId).__name__, UserId | None)
try:
    class Bad(UserId): pass
except TypeError as e:
    print('TypeError', e)

@overload
def g(x: int) -> int: ...
@overload
def g(x: str) -> str: ...
def g(x): return x
print(g(1), len(t.get_overloads(g)))
@overload
def only(x: int) -> int: ...
try:
    only(1)
except NotImplementedError as e:
    print('NotImplementedError', e)

def h(a: int, b: 'List[int]' = None, *c: 'str | None') -> Optional[str]: ...
print(get_type_hints(h))
class C:
    x: int
    y: 'str'
    z: ClassVar[int] = 3
class D(C):
    w: 'Optional[C]'
    v: 'Dict[str, List[D]]'
    n: None
print(get_type_hints(D), get_type_hints(C))
try:
    get_type_hints(1)
except TypeError as e:
    print('TypeError', e)
class E:
    q: 'Undefined'
try:
    get_type_hints(E)
except NameError as e:
    print('NameError', e)

print(t.TYPE_CHECKING, t.cast(List[int], 3), t.cast('int', 'x'), t.assert_type(5, int))
print(type(Any).__name__, Any.__mro__)
class Sub(Any): pass
print(Sub.__mro__, type(Sub()).__name__)
@final
def fin(): pass
print(fin.__final__)
print(t.get_origin(ClassVar[int]), t.get_args(Literal[1, 2]), t.get_origin(int), t.get_args(int), t.get_origin(Generic), t.get_origin(Box[int]))
try:
    t.assert_never(3)
except AssertionError as e:
    print('AssertionError', e)
print(Union[int, str] | None, Literal[1] | Literal[2], Literal[1, Literal[2, 1]], Literal[1, True, 1])
print(isinstance(3, Union[int, str]), isinstance(None, Optional[int]), issubclass(bool, Union[int, str]))
try:
    class X(Union[int, str]): pass
except TypeError as e:
    print('TypeError', e)
class L(List[int]): pass
print(L.__mro__, L([1, 2]))
class MyIter(Iterable[int]):
    def __iter__(self): return iter([1])
print(MyIter.__mro__[1:], list(MyIter()))
print(t.ForwardRef('X'), t.ForwardRef('X') == t.ForwardRef('X'), List['X'] == List['X'])

# min-version: 3.12
# typing: Annotated, SupportsX protocols, IO classes, the module's TypeVars, override, dataclass_transform, __all__ and star-import.
from typing import *
import typing as t

A = Annotated[int, 'm', 3]
print(repr(A), A.__origin__, A.__metadata__, A.__args__, type(A).__name__, get_origin(A), get_args(A), repr(Annotated))
print(Annotated[Annotated[int, 'a'], 'b'], Annotated[List[int], 'x'], List[Annotated[int, 'x']], Optional[Annotated[int, 'x']])
print(Annotated[int, 'x'] == Annotated[int, 'x'], Annotated[int, 'x'] == Annotated[int, 'y'], Annotated[int, 'x'] == int, hash(A) == hash(Annotated[int, 'm', 3]))
print(Annotated['Fwd', 1], Annotated[None, 2])
for f in (lambda: Annotated[int], lambda: Annotated(), lambda: Annotated[int, 'x'](), lambda: isinstance(1, Annotated[int, 'x'])):
    try:
        print(f())
    except TypeError as e:
        print('TypeError', e)
try:
    class Sub(Annotated): pass
except TypeError as e:
    print('TypeError', e)
def f(a: Annotated[int, 'meta'], b: List[Annotated[str, 1]], c: 'Annotated[float, 2]') -> None: ...
print(get_type_hints(f))
print(get_type_hints(f, include_extras=True))
class C:
    x: Annotated[Optional[int], 'doc']
print(get_type_hints(C), get_type_hints(C, include_extras=True))

print(isinstance(3, SupportsInt), isinstance('x', SupportsInt), issubclass(float, SupportsFloat), isinstance(3, SupportsIndex),
      isinstance(2.5, SupportsRound), isinstance(-1, SupportsAbs), isinstance(b'', SupportsBytes), isinstance(1j, SupportsComplex))
print(SupportsAbs[int], SupportsInt, SupportsInt.__mro__[1:], sorted(SupportsInt.__abstractmethods__))
class MyInt:
    def __int__(self): return 7
print(isinstance(MyInt(), SupportsInt), issubclass(MyInt, SupportsIndex))
print(t.T, t.KT, t.VT, t.T_co, t.T_contra, t.V_co, t.VT_co, t.CT_co, t.CT_co.__bound__, t.T_co.__covariant__, t.T_contra.__contravariant__)
print(IO, TextIO, BinaryIO, IO[str], TextIO.__mro__, issubclass(BinaryIO, IO))
print(override(lambda: 0).__override__)
@dataclass_transform(kw_only_default=True, custom=1)
class Model: pass
print(Model.__dataclass_transform__)
print(sorted(t.__all__) == sorted(n for n in t.__all__ if hasattr(t, n)), len(t.__all__) > 80, 'List' in t.__all__)
print(t.GenericAlias is type(list[int]), t.ABCMeta.__name__, t.defaultdict.__name__, t.NamedTupleMeta.__name__, type(t.Union).__name__ == '_SpecialForm')

# min-version: 3.12
# enum: Enum/IntEnum/StrEnum/Flag/IntFlag, auto, unique, lookups, aliases, reprs and errors.
from enum import *
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__+':', e)
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
print(Color.RED, repr(Color.RED), Color(1), Color['GREEN'], list(Color), len(Color), Color.CRIMSON is Color.RED, Color, Color.__members__)
t(lambda: Color(5)); t(lambda: Color['X']); print(Color.RED in Color, 1 in Color, 5 in Color, Color.RED.name, Color.RED.value, f"{Color.RED}", format(Color.RED, '>10'), hash(Color.RED)==hash('RED'))
t(lambda: setattr(Color, 'RED', 5))
class Perm(Flag):
    R = 4
    W = 2
    X = 1
print(Perm.R | Perm.W, repr(Perm.R|Perm.W), repr(Perm(0)), repr(~Perm.R), list(Perm.R|Perm.X), Perm.R in (Perm.R|Perm.W), (Perm.R|Perm.W).name, Perm(0).name, repr(Perm(7)), bool(Perm(0)))
class N(IntEnum):
    A = 1
    B = auto()
print(N.A, repr(N.B), N.A + 1, N.A == 1, f"{N.B}", str(N.B), N(2), sorted([N.B, N.A]))
class F2(IntFlag):
    A = auto()
    B = auto()
print(repr(F2.A|F2.B), str(F2.A|F2.B))
class S(StrEnum):
    X = auto()
    Y = 'why'
print(S.X, repr(S.Y), S.X == 'x', S.X.upper())
class A(Enum):
    a = auto()
    b = auto()
print(list(A), A.b.value)
t(lambda: unique(Color))
class Planet(Enum):
    EARTH = (5.97, 6.37)
    def __init__(self, mass, radius):
        self.mass = mass
    @property
    def g(self): return self.mass * 2
print(Planet.EARTH, Planet.EARTH.value, Planet.EARTH.mass, Planet.EARTH.g)
Animal = Enum('Animal', 'ANT BEE')
print(list(Animal), repr(Animal.BEE))
print(type(Color), type(Perm), Color.RED.__class__, isinstance(Color.RED, Color))
class M(Enum):
    X = 1
    def describe(self): return self.name.lower()
    @classmethod
    def first(cls): return cls.X
print(M.X.describe(), M.first(), list(reversed(Color)))
t(lambda: Color.RED < Color.GREEN)
@unique
class U(Enum):
    P = 'p'
    Q = 'q'
print(U('q'), U.P == U.P, U.P == 'p', U.P != U.Q, {U.P: 1}[U.P])
class Shape(Enum):
    CIRCLE = 'circle'
    @classmethod
    def _missing_(cls, value):
        return cls.CIRCLE if value == 'round' else None
print(Shape('round'))
t(lambda: Shape('square'))
match Color.GREEN:
    case Color.RED:
        print('red')
    case Color.GREEN:
        print('green')
print(Color.RED.__class__.__name__, [c.name for c in Color], {c: c.value for c in Color})

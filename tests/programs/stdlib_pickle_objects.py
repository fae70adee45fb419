# min-version: 3.12
# pickle: instances through __reduce_ex__ (copyreg.__newobj__, _reconstructor, __getstate__/__setstate__, slots, __getnewargs__(_ex), __reduce__), namedtuple, dataclass, enum, datetime, nested classes, shared references; copy still reduces
import pickle, io, collections, dataclasses, enum, datetime, copy

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __eq__(self, o):
        return type(o) is Point and (self.x, self.y) == (o.x, o.y)
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

class Slotted:
    __slots__ = ('a', 'b')
    def __init__(self, a):
        self.a = a

class WithState:
    def __init__(self):
        self.data = [1, 2]
        self.cache = "temp"
    def __getstate__(self):
        st = self.__dict__.copy()
        del st['cache']
        return st
    def __setstate__(self, st):
        print("setstate", sorted(st))
        self.__dict__.update(st)
        self.cache = None

class Reduced:
    def __init__(self, v):
        self.v = v
    def __reduce__(self):
        return (Reduced, (self.v * 2,))

class NewArgs(int):
    def __new__(cls, v, tag):
        o = super().__new__(cls, v)
        o.tag = tag
        return o
    def __getnewargs__(self):
        return (int(self), self.tag)

class KwNew:
    def __new__(cls, *, k):
        o = super().__new__(cls)
        o.k = k
        return o
    def __getnewargs_ex__(self):
        return ((), {'k': self.k})

P = collections.namedtuple('P', 'a b')

@dataclasses.dataclass
class DC:
    name: str
    tags: list = dataclasses.field(default_factory=list)

class Color(enum.Enum):
    RED = 1
    GREEN = 2

class Outer:
    class Inner:
        pass

class MyList(list):
    pass

class MyDict(dict):
    pass

objs = [Point(1, 2), P(1, 'x'), DC('n', [1]), Color.RED, Outer.Inner, MyList([1, 2]), MyDict(a=1),
        datetime.date(2020, 1, 2), datetime.datetime(2021, 3, 4, 5, 6, 7, 8), datetime.timedelta(days=1, seconds=5),
        collections.OrderedDict(a=1, b=2), Reduced(3), NewArgs(5, 't'), Point]
for p in range(6):
    for o in objs:
        d = pickle.dumps(o, p)
        print(p, type(o).__name__, d)
        b = pickle.loads(d)
        print('  ->', repr(b)[:60] if not isinstance(b, Reduced) else b.v, type(b).__name__)
s = Slotted(1)
for p in range(6):
    try:
        d = pickle.dumps(s, p)
    except TypeError as e:
        print(p, e)
        continue
    print(d)
    b = pickle.loads(d); print(b.a, hasattr(b, 'b'))
w = WithState()
for p in (0, 2, 4):
    d = pickle.dumps(w, p); print(d)
    b = pickle.loads(d); print(b.data, b.cache)
k = KwNew(k=3)
d = pickle.dumps(k, 4); print(d); print(pickle.loads(d).k)
o = Point([1], None)
shared = [o, o, {'p': o}]
d = pickle.dumps(shared); print(d)
b = pickle.loads(d); print(b[0] is b[1], b[2]['p'] is b[0])
n = NewArgs(5, 't'); b = pickle.loads(pickle.dumps(n)); print(b, b.tag)
# copy keeps working
print(copy.copy(Point(1, 2)), copy.deepcopy([Point(3, [4])])[0].y, copy.deepcopy(w).data)

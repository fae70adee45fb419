# scope.py — the scope the expression-evaluator tests evaluate in.
#
# tools/gen_expr_cases.py compiles this to scope.pyc and records what
# python3.12 gives for every case of cases.txt evaluated here: [module]
# cases in the module's globals, [class] cases in class K's body,
# [frame] cases inside probe() (the generator re-runs this file with the
# expression written at the @PROBE line).  tests/unit/test_expr.c runs
# scope.pyc in pydbg's VM and evaluates the same cases in the frames saved
# below.
import sys

i = 7
j = -3
big = 2 ** 100
f = 2.5
z = 1 + 2j
s = 'hello'
u = 'h\u00e9llo w\u00f6rld \u2713'
b = b'bytes\x00\xff'
t = (1, 2, 3)
l = [3, 1, 4, 1, 5, 9, 2, 6]
d = {'a': 1, 'b': 2, 'c': 3}
st = {1, 2, 3}
fs = frozenset({4, 5})
n = None
empty = []
matrix = [[1, 2], [3, 4]]
words = ['apple', 'banana', 'cherry']
nested = {'k': [1, {'x': (10, 20)}]}
r = range(10)
shadow = 'global shadow'
ñ = 3


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f'Point({self.x}, {self.y})'

    def __add__(self, o):
        return Point(self.x + o.x, self.y + o.y)

    def __eq__(self, o):
        return isinstance(o, Point) and (self.x, self.y) == (o.x, o.y)

    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)

    def __matmul__(self, o):
        return self.x * o.x + self.y * o.y

    def __neg__(self):
        return Point(-self.x, -self.y)

    def __format__(self, spec):
        return f'<{self.x}{spec}{self.y}>'

    @property
    def norm2(self):
        return self.x ** 2 + self.y ** 2

    @property
    def broken(self):
        raise RuntimeError('broken property')

    def scale(self, k=2, *, add=0):
        return Point(self.x * k + add, self.y * k + add)


class Box:
    def __getitem__(self, key):
        return key

    def __contains__(self, x):
        return x == 42

    def __bool__(self):
        raise ValueError('no truth for Box')

    def __len__(self):
        return 3


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self):
        self.n += 1
        return self.n


class Mapping:
    def keys(self):
        return ['m1', 'm2']

    def __getitem__(self, k):
        return k.upper()


class MyError(Exception):
    pass


alive = [0]


class Tracked:
    """Counts its live instances (the unit test checks nothing leaks)."""
    def __init__(self):
        alive[0] += 1

    def __del__(self):
        alive[0] -= 1


def add(a, b=10, *rest, scale=1, **kw):
    return (a + b + sum(rest)) * scale, kw


def kwonly(*, x, y=2):
    return x, y


def boom():
    raise KeyError('boom')


def raise_my():
    raise MyError('mine')


def gen(k):
    yield from range(k)


p = Point(1, 2)
q = Point(3, 4)
box = Box()
cnt = Counter()
mp = Mapping()

modframe = sys._getframe()


def outer():
    cellv = [10, 20]
    if False:
        never = 0

    def probe(a, b=2, *args, **kw):
        loc = 'local'
        shadow = 'local shadow'
        if False:
            unb = 0
        shared = 100

        def inner():
            return shared + a
        if False:
            print(cellv, never)
        return sys._getframe()  # @PROBE
    return probe(1, 3, 4, 5, k=6)


probeframe = outer()


class K:
    kx = 5
    i = 'class i'
    kl = [kx, 6]
    kframe = sys._getframe()

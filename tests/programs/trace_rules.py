# min-version: 3.12
# Where 3.12's sys.settrace reports 'line' and 'call' events (tests/trace.test
# compares `pydbg --trace` with `python3.12 -m trace --trace`): a jump target
# on the line of the instruction before it reports only after an inline call
# (a CALL of a Python function, a generator SEND, a specialised property
# getter / __getattribute__ / __getitem__ — the last three only from a site's
# second run, following CPython's adaptive counters); backward jumps within
# one line; generator resume, throw and close; handlers on their raiser's line.


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def f(x=0):
    return x + 1


def gen_fn():
    yield 1
    yield 2


class P:
    def __init__(self):
        self.v = 3

    @property
    def prop(self):
        return self.v

    def __getitem__(self, i):
        return i

    def m(self):
        return 1


# Conditional expressions: the merge point after the else branch is a jump
# target on the same line.
c = True
for i in range(4):
    x = f() if c else f(2)
    y = (i and f()) or f(5)
    g = gen_fn() if c else gen_fn()
    s = f(*(1,)) if c else f(*(2,))
    t = f(**{'x': 1}) if c else f(x=2)
    u = c or len([1])
    z = f(-1) or len([2])
    c = not c
print("calls", x, y, s, t, u, z)


# Specialisation: the first run is generic, the second specialises.
class A:
    @property
    def p(self):
        return 1

    def __getitem__(self, k):
        return k


class B:
    @property
    def p(self):
        return 2

    def __getitem__(self, k, extra=None):
        return k


class G:
    def __getattribute__(self, n):
        return 5

    def __getitem__(self, k):
        return k


class H:
    def __getattr__(self, n):
        return 6

    def __getitem__(self, k):
        return 4

    @property
    def p(self):
        return 7


class S(A):
    pass


objs = [A(), B(), A(), A(), S(), B(), G(), H(), G(), H(), A(), A()]
c = 0
for o in objs:
    v = c or o.p
    w = c or o[1]
print("sites", v, w)
seed = 7
pool = [A(), B(), H(), [1, 2], (1,), {0: 1}, "s"]
total = 0
for k in range(150):
    seed = (seed * 1103515245 + 12345) % 2147483648
    o = pool[seed % 3]
    v = c or o.p
    q = pool[seed % 7]
    w = c or q[0]
    total += v + (1 if w else 0)
for k in range(120):
    o = pool[0] if k % 60 < 50 else pool[1]
    v = c or o.p
    total += v
print("polymorphic", total)


def getter_twice():
    p = P()
    return [c or p.prop for _ in range(3)]


print(getter_twice(), getter_twice())


class E:
    @property
    def bad(self):
        raise KeyError


e = E()
for k in range(3):
    try: v = c or e.bad
    except KeyError: pass


# Loops whose body shares the line of the loop.
i = 0
while f(i) < 5: i += 1
while i: i -= 1
for k in range(3): f(k)
r = [f(k) for k in range(3)]
r2 = [k for k in range(3) if f(k)]
r3 = [x for x in gen_fn()]
print("loops", i, r, r2, r3, sum(x for x in gen_fn()))


# Generators: delegation, send, throw, close (also at a plain yield).
def inner():
    try:
        yield 1
    except KeyError:
        yield 2
    yield 3


def outer():
    try:
        r = yield from inner()
    except ValueError:
        yield 9
    return r


o = outer(); next(o); o.throw(KeyError); next(o)
try: o.throw(ValueError)
except Exception: pass
o = outer(); next(o); o.throw(ValueError); o.close()
x = gen_fn(); next(x); x.close()
x = gen_fn(); next(x); x = None


def returner():
    v = yield 1
    return v


def deleg():
    r = yield from returner()
    yield r


d = deleg(); next(d); print("deleg", d.send(10))


def raiser():
    yield 1
    raise ValueError("x")


def in_with():
    with Ctx(): yield from raiser()
    x = 1
    yield x


print("with", list(in_with()))


# Coroutines driven by hand.
class Aw:
    def __await__(self):
        yield 7
        return 3


async def co2():
    return 4


async def araiser():
    raise ValueError


async def co():
    a = await Aw()
    b = await co2()
    with Ctx(): await araiser()
    return a + b


async def agen():
    yield 1
    yield 2


async def user():
    total = 0
    async for v in agen(): total += v
    return total


def run(coro):
    try:
        while True: coro.send(None)
    except StopIteration as e:
        return e.value


print("async", run(co()), run(user()))


# Exceptions raised on the line of their handler.
def boom():
    raise ValueError


def handlers():
    with Ctx(): boom()
    with Ctx(): 1 / 0
    try:
        x = [boom() for _ in range(1)]
    except ValueError: pass
    for k in range(2):
        try: boom()
        except ValueError: continue
    try:
        try: boom()
        finally: x = 5
    except ValueError: pass
    return x


print("handlers", handlers())

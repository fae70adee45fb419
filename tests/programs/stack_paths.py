# min-version: 3.12
# stack_paths.py - control paths that leave the value stack in unusual
# shapes, for tests/stack.test (pydbg --check-stack): exceptions raised with
# items on the stack, throw() into a delegating generator (CLEANUP_THROW),
# returns and breaks out of with/for/try, inlined comprehensions that raise,
# annotation scopes (LOAD_FROM_DICT_OR_GLOBALS / _OR_DEREF), deep
# expressions near co_stacksize, and the slice / format / unpack opcodes.


def boom(x):
    raise ValueError(x)


# An exception raised while the stack holds partial results.
def partial_results():
    out = []
    for n in range(3):
        try:
            out.append([n, n * 2, (n, boom(n) if n == 1 else n), n])
        except ValueError as e:
            out.append(("caught", e.args[0]))
    return out


print(partial_results())


# throw() into a generator suspended in `yield from`: the subgenerator
# catches and returns, CLEANUP_THROW turns its StopIteration into the value.
def sub():
    try:
        yield 1
    except KeyError:
        return "sub returned"
    yield 2


def delegate():
    r = yield from sub()
    yield "after: " + r
    yield "end"


g = delegate()
print(next(g))
print(g.throw(KeyError))
print(next(g))


# The same through await.
class Awaitable:
    def __await__(self):
        try:
            yield "suspended"
        except KeyError:
            return "awaited value"
        return "not thrown"


async def coro():
    v = await Awaitable()
    return "coro got " + v


c = coro()
print(c.send(None))
try:
    c.throw(KeyError)
except StopIteration as e:
    print(e.value)


# throw() that the subgenerator does not catch: through CLEANUP_THROW's
# re-raise into the delegating frame's own handler.
def delegate_catching():
    try:
        yield from sub()
    except IndexError as e:
        yield "delegate caught " + repr(e)


g = delegate_catching()
next(g)
print(g.throw(IndexError("x")))


# return / break / continue out of with, for and try/finally.
class Ctx:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None)
        return self.swallow


def nested_exits(mode):
    for i in range(3):
        with Ctx("outer%d" % i):
            try:
                with Ctx("inner", swallow=(mode == "swallow")):
                    if mode == "return":
                        return "returned from " + str(i)
                    if mode == "break":
                        break
                    if mode == "continue":
                        continue
                    boom(i)
            finally:
                print("finally", i)
        if mode == "swallow" and i == 1:
            return "swallowed twice"
    return "loop ended"


for mode in ("return", "break", "continue", "swallow"):
    print(mode, "->", nested_exits(mode))


# Comprehensions (inlined in 3.12) that raise part-way, with a live
# iteration variable of the same name outside.
def comp_raises():
    x = "outer x"
    try:
        ys = [10 // (x - 2) for x in range(4)]
    except ZeroDivisionError:
        print("comprehension raised, x is still", x)
    try:
        d = {x: boom(x) for x in "ab"}
    except ValueError as e:
        print("dict comprehension raised", e)
    return x


print(comp_raises())


# Generators closed and abandoned in the middle of loops.
def counting():
    try:
        for i in range(10):
            yield i
    finally:
        print("counting closed")


for v in counting():
    if v == 2:
        break
g = counting()
next(g)
g.close()


# except* with a partly handled group.
def groups():
    try:
        try:
            raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
        except* ValueError as eg:
            print("value errors", [repr(e) for e in eg.exceptions])
        except* TypeError:
            print("type errors")
    except* KeyError as eg:
        print("outer key errors", len(eg.exceptions))


groups()


# A deep expression and a call with many arguments.
def many(*args, **kw):
    return len(args) + len(kw)


a = 1
deep = a + (a * (a + (a * (a + (a * (a + (a * (a + (a * (a + (a * (a + a))))))))))))
print(deep)
print(many(a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a,
           k1=a, k2=a, k3=a, k4=a, k5=a))
print(many(*[a] * 40, **{"k%d" % i: i for i in range(40)}))


# Slices, formats and unpacking.
s = list(range(20))
lo, hi, step = 2, 15, 3
print(s[lo:hi], s[lo:hi:step], s[::step])
s[lo:hi:step] = [0] * len(s[lo:hi:step])
print(s)
w = 8
print(f"{a!r:>{w}}|{deep:#x}|{'x':^{w}}|")
first, *middle, last = range(6)
p, q, *rest, r2, r3 = "abcdefg"
print(first, middle, last, p, q, rest, r2, r3)


# Annotation scopes: class-level names seen from a type alias and from the
# annotations of a generic method (LOAD_FROM_DICT_OR_GLOBALS), and a type
# parameter seen from a class body (LOAD_FROM_DICT_OR_DEREF).
H = str


class Outer:
    H = int
    type Alias = list[H]

    def m[T](self, a: H) -> T:
        return a


class Box[T]:
    kind = H

    def get(self) -> T:
        return self.kind


print(Outer.Alias.__value__)
print(Outer.m.__annotations__["a"], Box.__type_params__, Box().get())


def closure_class():
    y = "free y"

    class Inner:
        z = y

    return Inner.z


print(closure_class())

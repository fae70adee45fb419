# Coroutines and async generators without an event loop: awaiting custom
# awaitables, coroutine reuse errors, cr_* attributes, async generators
# driven through asend/athrow/aclose, and the errors of bad awaitables.


class Suspend:
    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return (self.tag, got)


async def leaf(n):
    a = await Suspend("leaf-%d" % n)
    return a


async def tree():
    r1 = await leaf(1)
    r2 = await leaf(2)
    return [r1, r2]


def drive(coro, label):
    value, step = None, 0
    while True:
        try:
            req = coro.send(value)
        except StopIteration as e:
            print(label, "->", e.value)
            return
        step += 1
        print(label, "yielded", req)
        value = step


drive(tree(), "tree")
c = leaf(9)
print(type(c).__name__, c.cr_running, c.cr_frame is not None, c.cr_code.co_name, c.__qualname__)
c.send(None)
print("cr_await:", type(c.cr_await).__name__)
try:
    c.send(1)
except StopIteration as e:
    print("finished", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)


async def awaits(x):
    return await x


for bad in (1, "s", [1]):
    try:
        awaits(bad).send(None)
    except TypeError as e:
        print("TypeError:", e)


class BadAwait:
    def __await__(self):
        return 42


try:
    awaits(BadAwait()).send(None)
except TypeError as e:
    print("TypeError:", e)


async def ticker(n):
    try:
        for i in range(n):
            sent = yield i
            if sent:
                print("  ticker got", sent)
    finally:
        print("  ticker finally")


def step(aw):
    try:
        aw.send(None)
    except StopIteration as e:
        return ("value", e.value)
    except StopAsyncIteration:
        return ("stop",)
    return ("suspended",)


ag = ticker(3)
print(type(ag).__name__, ag.ag_running, ag.__name__)
print(step(ag.__anext__()), step(ag.asend("hi")), step(ag.__anext__()))
print(step(ag.__anext__()))
print(step(ag.__anext__()))
ag2 = ticker(5)
print(step(ag2.__anext__()))
print(step(ag2.aclose()))
print(step(ag2.__anext__()))
ag3 = ticker(5)
print(step(ag3.__anext__()))
try:
    step(ag3.athrow(ValueError("bad")))
except ValueError as e:
    print("athrow ->", e)
aw = ticker(2).__anext__()
print(step(aw))
try:
    aw.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)


async def collect():
    out = []
    async for v in ticker(2):
        out.append(v)
    return out + [x async for x in ticker(2)]


print(step(collect()))


class Ctx:
    async def __aenter__(self):
        print("  aenter")
        return self

    async def __aexit__(self, *exc):
        print("  aexit", exc[0])
        return True


async def use_ctx():
    async with Ctx() as c:
        raise KeyError("swallowed")
    return "after"


print(step(use_ctx()))


async def bad_async_for():
    async for x in [1, 2]:
        pass


try:
    step(bad_async_for())
except TypeError as e:
    print("TypeError:", e)

# Coroutines driven by hand, without an event loop: async def/await on a
# custom awaitable, async with, async for over an async iterator, an async
# generator, all stepped with send().
import types


class Tick:
    def __init__(self, label):
        self.label = label

    def __await__(self):
        reply = yield ("tick", self.label)
        return reply


@types.coroutine
def raw_yield(value):
    got = yield value
    return got


class Resource:
    def __init__(self, log):
        self.log = log

    async def __aenter__(self):
        self.log.append("aenter")
        await Tick("enter")
        return self

    async def __aexit__(self, *exc):
        self.log.append("aexit")
        return False


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await Tick("count")
        self.n -= 1
        return self.n


async def agen(n):
    for i in range(n):
        await raw_yield(("agen", i))
        yield i * 10


async def child(x):
    a = await Tick("child-a")
    b = await raw_yield(("raw", x))
    return (a, b, x)


async def main(log):
    result = await child(5)
    log.append(("child", result))
    async with Resource(log) as r:
        log.append(("inside", r is not None))
    async for v in Countdown(3):
        log.append(("count", v))
    collected = []
    async for item in agen(3):
        collected.append(item)
    log.append(("agen", collected))
    return "main finished"


def run(coro):
    """Step the coroutine, answering each yield with a counter."""
    step = 0
    value = None
    while True:
        try:
            request = coro.send(value)
        except StopIteration as stop:
            return step, stop.value
        step += 1
        value = step * 100
        print("request", request)


log = []
print(run(main(log)))
for entry in log:
    print(entry)

c = child(1)
print(c.send(None))
try:
    c.throw(ValueError("stop"))
except ValueError as e:
    print("thrown into coroutine:", e)
c.close()
coro = main([])
print(type(coro).__name__, coro.cr_frame is not None)
coro.close()

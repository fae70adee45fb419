# min-version: 3.12
# contextlib's async side driven without an event loop: asynccontextmanager,
# AsyncExitStack, aclosing, nullcontext, AsyncContextDecorator.
from contextlib import (asynccontextmanager, AsyncExitStack, aclosing, nullcontext,
                        AbstractAsyncContextManager, AsyncContextDecorator)


class Tick:
    """An awaitable that suspends once, as an event loop's future would."""

    def __await__(self):
        yield "tick"
        return "ticked"


def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as e:
        return e.value, ticks


@asynccontextmanager
async def resource(name):
    print("open", name, await Tick())
    try:
        yield name.upper()
    finally:
        await Tick()
        print("close", name)


async def main():
    async with resource("a") as a:
        print("got", a)
        async with resource("b") as b:
            print("got", b)
    return "done"


print(run(main()))


async def swallowing():
    @asynccontextmanager
    async def guard():
        try:
            yield
        except KeyError as e:
            print("guard caught", repr(e))

    async with guard():
        raise KeyError("k")
    return "after guard"


print(run(swallowing()))


async def errors():
    @asynccontextmanager
    async def no_yield():
        if False:
            yield

    @asynccontextmanager
    async def two():
        yield
        yield

    @asynccontextmanager
    async def keeps():
        while True:
            try:
                yield
            except Exception:
                pass

    out = []
    for cm in (no_yield, two):
        try:
            async with cm():
                pass
        except RuntimeError as e:
            out.append(str(e))
    try:
        async with keeps():
            raise ValueError("v")
    except RuntimeError as e:
        out.append(str(e))
    try:
        async with resource("c"):
            raise IndexError("body")
    except IndexError as e:
        out.append(repr(e))
    return out


print(run(errors()))


async def stack_demo():
    log = []

    async def acb(tag):
        await Tick()
        log.append("async cb " + tag)

    async with AsyncExitStack() as stack:
        x = await stack.enter_async_context(resource("s1"))
        y = await stack.enter_async_context(resource("s2"))
        stack.push_async_callback(acb, "one")
        stack.callback(log.append, "sync cb")
        print("entered", x, y)
    print(log)
    stack = AsyncExitStack()
    await stack.__aenter__()
    stack.push_async_callback(acb, "later")
    moved = stack.pop_all()
    await stack.aclose()
    print("after first aclose", log[-1])
    await moved.aclose()
    print("after moved aclose", log[-1])

    async def raiser(*exc):
        raise KeyError("from callback")

    async def suppressor(*exc):
        print("suppressor saw", exc[0].__name__ if exc[0] else None)
        return True

    async with AsyncExitStack() as s:
        s.push_async_exit(suppressor)
        s.push_async_exit(raiser)
    try:
        async with AsyncExitStack() as s:
            await s.enter_async_context(42)
    except TypeError as e:
        print("TypeError:", e)
    return "stack ok"


print(run(stack_demo()))


class AGen:
    def __init__(self):
        self.closed = False

    async def aclose(self):
        await Tick()
        self.closed = True


async def closing_demo():
    g = AGen()
    async with aclosing(g) as same:
        print(same is g, g.closed)
    print(g.closed)
    async with nullcontext(5) as v:
        print("null", v)

    class Deco(AsyncContextDecorator):
        async def __aenter__(self):
            print("deco enter")
            return self

        async def __aexit__(self, *exc):
            print("deco exit", exc[0].__name__ if exc[0] else None)
            return True

    @Deco()
    async def work(n):
        await Tick()
        if n < 0:
            raise ValueError(n)
        return n * 2

    print(await work(4), await work(-1))

    @resource("as-deco")
    async def decorated():
        return "decorated result"

    print(await decorated())
    return "closing ok"


print(run(closing_demo()))


class Mine(AbstractAsyncContextManager):
    async def __aexit__(self, *a):
        return None


print(issubclass(Mine, AbstractAsyncContextManager), isinstance(AGen(), AbstractAsyncContextManager))
print(run(Mine().__aenter__())[0].__class__.__name__)
try:
    class Incomplete(AbstractAsyncContextManager):
        pass
    Incomplete()
except TypeError as e:
    print("TypeError:", e)

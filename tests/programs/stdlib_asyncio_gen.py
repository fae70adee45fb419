# asyncio: async generators, async for/with, comprehensions, loop API, reports on stderr
# min-version: 3.12
import asyncio


async def ticker(n, delay):
    try:
        for i in range(n):
            await asyncio.sleep(delay)
            yield i
    finally:
        print("ticker finally", n)


class AsyncRange:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(0)
        return self.i


class Resource:
    async def __aenter__(self):
        print("enter")
        await asyncio.sleep(0.001)
        return self

    async def __aexit__(self, *exc):
        await asyncio.sleep(0)
        print("exit", exc[0])
        return False


async def main():
    async for x in ticker(3, 0.001):
        print("tick", x)
    print([x async for x in AsyncRange(4)])
    print([x * 2 async for x in ticker(2, 0)])
    async with Resource() as r:
        print(type(r).__name__)
    try:
        async with Resource():
            raise KeyError("inside")
    except KeyError:
        print("KeyError passed through")

    # breaking out of an async generator: closed at shutdown
    gen = ticker(10, 0)
    async for x in gen:
        if x == 1:
            break
    print("broke out")

    # task exception never retrieved
    async def bad():
        raise RuntimeError("nobody awaits me")

    t = asyncio.create_task(bad())
    await asyncio.sleep(0.001)
    print(t.done())
    del t

    # exception handler
    loop = asyncio.get_running_loop()
    seen = []
    loop.set_exception_handler(lambda lp, ctx: seen.append(ctx["message"]))
    loop.call_soon(lambda: 1 / 0)
    await asyncio.sleep(0)
    print(seen)
    loop.set_exception_handler(None)

    # pending task at the end: cancelled by asyncio.run
    async def forever():
        try:
            await asyncio.sleep(100)
        finally:
            print("forever cleaned up")

    asyncio.create_task(forever())
    await asyncio.sleep(0)
    return 7


print(asyncio.run(main()))

# the pre-3.7 style
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(loop.run_until_complete(asyncio.sleep(0.001, "old style")))
fut = loop.create_future()
loop.call_soon(fut.set_result, "from callback")
print(loop.run_until_complete(fut))
calls = []
loop.call_later(0.002, calls.append, "later")
loop.call_soon(calls.append, "soon")
loop.call_later(0.001, calls.append, "sooner")
loop.call_later(0.003, loop.stop)
loop.run_forever()
print(calls)
loop.close()
print(loop.is_closed())
fut = asyncio.Future(loop=loop)
try:
    loop.run_until_complete(fut)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError:", e)


async def fail():
    await asyncio.sleep(0)
    raise ValueError("out of run")

try:
    asyncio.run(fail())
except ValueError as e:
    print("caught", e)


# async generators dropped unfinished: aclose() runs as a task on the loop
async def numbers():
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0)
    finally:
        print("numbers finally")


async def drop_early():
    async for x in numbers():
        print(x)
        if x == 1:
            break
    print("after loop")
    await asyncio.sleep(0)
    print("after sleep")
    g = numbers()
    print(await g.__anext__())
    del g
    print("deleted")
    await asyncio.sleep(0)
    print("end")

asyncio.run(drop_early())


# a pending task nobody references is reported when the collector frees it
import gc


async def waits_forever(fut):
    await fut


async def lose_task():
    fut = asyncio.get_running_loop().create_future()
    t = asyncio.create_task(waits_forever(fut))
    await asyncio.sleep(0)
    del fut, t
    gc.collect()
    await asyncio.sleep(0)
    print("lost task collected")

asyncio.run(lose_task())

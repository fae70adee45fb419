# asyncio: run, sleep ordering, create_task, gather, Task API
# min-version: 3.12
import asyncio
import time


async def worker(name, delay, log):
    log.append(f"{name} start")
    await asyncio.sleep(delay)
    log.append(f"{name} done")
    return name.upper()


async def main():
    log = []
    t0 = time.monotonic()
    results = await asyncio.gather(worker("a", 0.03, log), worker("b", 0.01, log), worker("c", 0.02, log))
    elapsed = time.monotonic() - t0
    print(results)
    print(log)
    print("slept long enough:", elapsed >= 0.03, "not too long:", elapsed < 1.0)

    t = asyncio.create_task(worker("d", 0, log), name="my-task")
    print(t.get_name(), t.done())
    r = await t
    print(r, t.done(), t.result(), t.cancelled(), t.exception())

    # ready callbacks run FIFO; sleep(0) yields once
    order = []

    async def tick(n):
        for i in range(3):
            order.append((n, i))
            await asyncio.sleep(0)

    await asyncio.gather(tick(1), tick(2), tick(3))
    print(order)

    # exceptions in gather
    async def boom(x):
        await asyncio.sleep(0.001)
        raise ValueError(f"bad {x}")

    try:
        await asyncio.gather(boom(1), worker("e", 0.002, log))
    except ValueError as e:
        print("caught", e)
    res = await asyncio.gather(boom(2), worker("f", 0, log), return_exceptions=True)
    print(res)
    print(await asyncio.gather())

    # the current task and the running loop
    cur = asyncio.current_task()
    print(cur.get_name(), type(cur).__name__)
    loop = asyncio.get_running_loop()
    print(loop.is_running(), loop.is_closed())
    fut = loop.create_future()
    loop.call_later(0.01, fut.set_result, 42)
    print(await fut)
    fut2 = loop.create_future()
    loop.call_soon(fut2.set_exception, KeyError("k"))
    try:
        await fut2
    except KeyError as e:
        print("future exception", repr(e))
    print(asyncio.iscoroutinefunction(main), asyncio.iscoroutinefunction(print))
    coro = worker("g", 0, log)
    print(asyncio.iscoroutine(coro))
    await coro
    print(await asyncio.sleep(0.001, result="slept"))
    return "main result"


print(asyncio.run(main()))

# asyncio: cancellation, wait_for, timeout, shield, wait, as_completed
# min-version: 3.12
import asyncio


async def slow(n, log):
    try:
        log.append(f"slow {n} start")
        await asyncio.sleep(10)
        log.append(f"slow {n} end")
    except asyncio.CancelledError:
        log.append(f"slow {n} cancelled")
        raise
    finally:
        log.append(f"slow {n} finally")


async def quick(n, delay=0.01):
    await asyncio.sleep(delay)
    return n * 10


async def main():
    log = []
    t = asyncio.create_task(slow(1, log))
    await asyncio.sleep(0)
    print(t.cancel(), t.cancel())
    try:
        await t
    except asyncio.CancelledError as e:
        print("task cancelled", repr(e), t.cancelled(), t.done())
    print(log)

    t = asyncio.create_task(slow(2, log))
    await asyncio.sleep(0.001)
    t.cancel("with message")
    try:
        await t
    except asyncio.CancelledError as e:
        print("message:", e.args)

    # wait_for
    try:
        await asyncio.wait_for(slow(3, log), timeout=0.02)
    except TimeoutError as e:
        print("wait_for timed out", type(e).__name__, type(e.__cause__).__name__)
    print(await asyncio.wait_for(quick(4), timeout=1))
    print(await asyncio.wait_for(quick(5), None))

    # timeout context manager
    try:
        async with asyncio.timeout(0.01) as cm:
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout expired", cm.expired())
    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.001)
    print("not expired", cm.expired())
    async with asyncio.timeout(None) as cm:
        print(cm.when())

    # shield
    inner = asyncio.create_task(quick(6, 0.02))
    outer = asyncio.shield(inner)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled, inner", inner.cancelled())
    print(await inner)

    # wait
    tasks = [asyncio.create_task(quick(i, 0.03 * i)) for i in (3, 1, 2)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(len(done), len(pending), [t.result() for t in done])
    done, pending = await asyncio.wait(tasks)
    print(len(done), len(pending), sorted(t.result() for t in done))
    t4 = asyncio.create_task(quick(9, 1))
    done, pending = await asyncio.wait([t4], timeout=0.01)
    print(len(done), len(pending))
    t4.cancel()

    # as_completed
    order = []
    for coro in asyncio.as_completed([quick(1, 0.09), quick(2, 0.03), quick(3, 0.06)]):
        order.append(await coro)
    print(order)

    # cancelling a gather cancels its children
    g = asyncio.gather(slow(7, log), slow(8, log))
    await asyncio.sleep(0)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled")
    print(log[-6:])

    # a task that swallows the cancellation
    async def stubborn():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("ignoring cancel")
        return "survived"

    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t.cancel()
    print(await t, t.cancelling(), t.uncancel())

    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())

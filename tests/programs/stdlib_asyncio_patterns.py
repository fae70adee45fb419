# asyncio: patterns from real programs (workers, callbacks, reprs, timing)
# min-version: 3.12
import asyncio
import random
import time


async def worker(name, queue, results):
    while True:
        delay = await queue.get()
        await asyncio.sleep(delay)
        results.append((name, delay))
        queue.task_done()


async def fetch(i, sem, active, peak):
    async with sem:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        await asyncio.sleep(0.001 * (i % 3 + 1))
        active[0] -= 1
        return f"page{i}"


def on_done(task):
    print("callback:", task.get_name(), task.result())


async def main():
    random.seed(5)
    queue = asyncio.Queue()
    # deadlines of the chains stay 30 ms apart, so the order holds on a busy machine
    for d in (0.12, 0.03, 0.21, 0.06, 0.15):
        queue.put_nowait(d)
    results = []
    tasks = [asyncio.create_task(worker(f"w{i}", queue, results)) for i in range(3)]
    started = time.perf_counter()
    await queue.join()
    took = time.perf_counter() - started
    for t in tasks:
        t.cancel()
    out = await asyncio.gather(*tasks, return_exceptions=True)
    print([type(x).__name__ for x in out])
    print(results)
    print(f"took at least the longest chain: {took > 0.2}")

    sem = asyncio.Semaphore(3)
    active, peak = [0], [0]
    pages = await asyncio.gather(*(fetch(i, sem, active, peak) for i in range(10)))
    print(pages, peak[0])

    t = asyncio.create_task(asyncio.sleep(0.001, result="cb result"), name="cb-task")
    t.add_done_callback(on_done)
    await t
    await asyncio.sleep(0)

    async def named():
        await asyncio.sleep(0.001)
        return 5

    t = asyncio.create_task(named(), name="repr-task")
    print(t)
    await asyncio.sleep(0)
    print(t)
    await t
    print(t)
    f = asyncio.get_running_loop().create_future()
    print(f)
    f.set_result([1, 2])
    print(f, f.done())
    f2 = asyncio.Future()
    f2.cancel()
    print(f2, f2.cancelled())
    f3 = asyncio.Future()
    f3.set_exception(ValueError("v"))
    print(f3)
    f3.exception()
    print(len(asyncio.all_tasks()))
    loop = asyncio.get_running_loop()
    r = await loop.run_in_executor(None, sum, [1, 2, 3])
    print("executor:", r)
    print(await asyncio.to_thread(max, 4, 9, 2))
    try:
        f.result()
        f.set_result(3)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f4 = asyncio.Future()
    try:
        f4.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    print(asyncio.isfuture(f4), asyncio.isfuture(5))

    cond_log = []
    cond = asyncio.Condition()

    async def consumer(n):
        async with cond:
            await cond.wait()
            cond_log.append(n)

    cs = [asyncio.create_task(consumer(i)) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(2)
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*cs)
    print(cond_log)

    async def countdown(n):
        while n:
            yield n
            n -= 1
            await asyncio.sleep(0)

    print([i async for i in countdown(4)])
    print(await asyncio.wait_for(asyncio.shield(named()), 1))


asyncio.run(main())


async def add(a, b):
    await asyncio.sleep(0)
    return a + b

with asyncio.Runner() as runner:
    print(runner.run(add(1, 2)), runner.run(add(3, 4)))
    print(type(runner.get_loop()).__name__)
policy = asyncio.get_event_loop_policy()
loop = policy.new_event_loop()
print(loop.run_until_complete(add(5, 6)))
loop.close()
print(issubclass(asyncio.IncompleteReadError, EOFError), asyncio.CancelledError.__mro__[1].__name__)
try:
    asyncio.run(add(1, "x"))
except TypeError as e:
    print("TypeError:", e)

# asyncio: Event, Lock, Semaphore, Queue (producer/consumer), TaskGroup
# min-version: 3.12
import asyncio


async def waiter(ev, name, log):
    log.append(f"{name} waiting")
    r = await ev.wait()
    log.append(f"{name} woke {r}")


async def locked_worker(lock, name, log):
    async with lock:
        log.append(f"{name} in")
        await asyncio.sleep(0.001)
        log.append(f"{name} out")


async def limited(sem, name, log):
    async with sem:
        log.append(f"{name} acquired")
        await asyncio.sleep(0.002)
    log.append(f"{name} released")


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i, q.qsize())
    await q.put(None)


async def consumer(q, name):
    total = 0
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        print(name, "got", item)
        total += item
        await asyncio.sleep(0)
    return total


async def main():
    log = []
    ev = asyncio.Event()
    print(ev.is_set())
    ts = [asyncio.create_task(waiter(ev, n, log)) for n in "xyz"]
    await asyncio.sleep(0)
    ev.set()
    await asyncio.gather(*ts)
    print(log)
    print(await ev.wait(), ev.is_set())
    ev.clear()
    print(ev.is_set())

    log = []
    lock = asyncio.Lock()
    await asyncio.gather(*(locked_worker(lock, n, log) for n in "abc"))
    print(log, lock.locked())
    await lock.acquire()
    print(lock.locked())
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)

    log = []
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(sem, n, log) for n in "pqrs"))
    print(log)
    bs = asyncio.BoundedSemaphore(1)
    await bs.acquire()
    bs.release()
    try:
        bs.release()
    except ValueError as e:
        print("ValueError:", e)

    q = asyncio.Queue(maxsize=2)
    results = await asyncio.gather(producer(q, 5), consumer(q, "c1"))
    print(results, q.empty(), q.qsize())
    await q.join()
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("empty")
    q2 = asyncio.Queue(1)
    q2.put_nowait("x")
    try:
        q2.put_nowait("y")
    except asyncio.QueueFull:
        print("full", q2.full())
    pq = asyncio.PriorityQueue()
    for x in (5, 1, 4, 2):
        pq.put_nowait(x)
    print([pq.get_nowait() for _ in range(4)])
    lq = asyncio.LifoQueue()
    for x in "abc":
        lq.put_nowait(x)
    print([lq.get_nowait() for _ in range(3)])

    # join waits for task_done
    jq = asyncio.Queue()

    async def drain():
        while True:
            item = await jq.get()
            await asyncio.sleep(0.001)
            print("processed", item)
            jq.task_done()

    d = asyncio.create_task(drain())
    for i in range(3):
        jq.put_nowait(i)
    await jq.join()
    print("joined")
    d.cancel()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)

    # TaskGroup
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(asyncio.sleep(0.002, result="one"))
        t2 = tg.create_task(asyncio.sleep(0.001, result="two"))
    print(t1.result(), t2.result())

    async def fails(n):
        await asyncio.sleep(0 if n == 1 else 0.05)
        raise ValueError(f"fail {n}")

    async def long_one():
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            print("long one cancelled")
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails(1))
            tg.create_task(long_one())
            tg.create_task(fails(2))
    except* ValueError as eg:
        print("group:", [str(e) for e in eg.exceptions])


asyncio.run(main())

# contextvars with asyncio: each task runs in its own copy of the context
# made when it was created (gather, create_task, asyncio.run).
import asyncio
import contextvars

request = contextvars.ContextVar('request', default='none')

async def worker(n):
    request.set('req-%d' % n)
    await asyncio.sleep(0)
    for _ in range(3 - n):
        await asyncio.sleep(0)
    return n, request.get()

async def main():
    request.set('main')
    results = await asyncio.gather(worker(1), worker(2), worker(3))
    print(results, request.get())
    t = asyncio.create_task(worker(9))
    print(await t, request.get())
    ctx = contextvars.copy_context()
    print(ctx[request])

asyncio.run(main())
print(request.get())

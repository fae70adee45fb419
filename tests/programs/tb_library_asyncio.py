# needs: cpython-library
# An exception escaping the main coroutine: asyncio.run's runners.py and
# base_events.py frames come before the coroutine's own.
import asyncio
import traceback


async def fetch(n):
    await asyncio.sleep(0)
    if n == 3:
        raise LookupError(f"item {n} missing")
    return n * 10


async def main(limit):
    results = await asyncio.gather(*(fetch(i) for i in range(limit)))
    print(results)
    return sum(results)


print(asyncio.run(main(3)))
try:
    asyncio.run(main(4))
except LookupError:
    print(traceback.format_exc())

with asyncio.Runner() as runner:
    try:
        runner.run(main(5))
    except LookupError as e:
        print("runner:", e)
        print(traceback.format_exc())

loop = asyncio.new_event_loop()
try:
    loop.run_until_complete(fetch(3))
except LookupError:
    print(traceback.format_exc())
finally:
    loop.close()



async def grouped():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fetch(1))
        tg.create_task(fetch(3))


try:
    asyncio.run(grouped())
except* LookupError:
    print(traceback.format_exc())

asyncio.run(main(6))

# needs: cpython-library
# asyncio.Queue's QueueFull/QueueEmpty raised in queues.py, and a failed
# task's exception re-raised by as_completed's _wait_for_one.
import asyncio
import traceback


async def job(n):
    await asyncio.sleep(0)
    if n < 0:
        raise ArithmeticError(f"bad job {n}")
    return n


async def main():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("a")
    try:
        q.put_nowait("b")
    except asyncio.QueueFull:
        print(traceback.format_exc())
    for f in asyncio.as_completed([job(-1)]):
        try:
            await f
        except ArithmeticError:
            print(traceback.format_exc())
    print(q.get_nowait())
    q.get_nowait()


asyncio.run(main())

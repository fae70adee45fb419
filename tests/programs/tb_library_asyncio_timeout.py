# needs: cpython-library
# asyncio timeouts: the CancelledError raised in tasks.py's sleep and passed
# up through wait_for, and the TimeoutError timeouts.py raises from it.
import asyncio
import traceback


async def fetch(delay):
    await asyncio.sleep(delay)
    return delay


async def broken():
    await asyncio.sleep(0)
    raise ConnectionError("reset by peer")


async def main():
    print(await asyncio.wait_for(fetch(0), 1))
    try:
        await asyncio.wait_for(broken(), timeout=5)
    except ConnectionError:
        print(traceback.format_exc())
    try:
        async with asyncio.timeout(0.01):
            await fetch(5)
    except TimeoutError:
        print(traceback.format_exc())
    await asyncio.wait_for(fetch(5), timeout=0.01)


asyncio.run(main())

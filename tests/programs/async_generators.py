# Async generators and async comprehensions (3.6+), driven by hand:
# asend(), athrow(), aclose(), `async for` inside comprehensions, and
# await inside a comprehension.
import types


@types.coroutine
def suspend(tag):
    return (yield tag)


async def numbers(n):
    try:
        for i in range(n):
            got = yield i
            if got is not None:
                print("agen received", got)
            await suspend(("step", i))
    finally:
        print("agen finally")


async def squares(n):
    return [x * x async for x in numbers(n) if x % 2 == 0]


async def awaited_values():
    return [await suspend(("item", k)) for k in "ab"]


def drive(aw):
    """Run an awaitable to completion answering each yield with its tag."""
    it = aw.__await__()
    value = None
    while True:
        try:
            request = it.send(value)
        except StopIteration as stop:
            return stop.value
        value = request[1] if isinstance(request, tuple) else request


print(drive(squares(5)))
print(drive(awaited_values()))

ag = numbers(10)
print(drive(ag.__anext__()))
print(drive(ag.asend("hello")))
try:
    drive(ag.athrow(ValueError("boom")))
except ValueError as e:
    print("athrow propagated", e)
ag2 = numbers(3)
print(drive(ag2.__anext__()))
drive(ag2.aclose())
print("closed")
coro = squares(1)
print(type(ag).__name__, type(coro).__name__)
coro.close()

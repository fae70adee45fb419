# concurrent.futures: ThreadPoolExecutor submit/map/as_completed/wait, Future API
# min-version: 3.12
import concurrent.futures
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, FIRST_COMPLETED


def square(x):
    return x * x


def slow(x, delay):
    time.sleep(delay)
    return x


def fail(x):
    raise ValueError(f"bad {x}")


with ThreadPoolExecutor(max_workers=3) as ex:
    print(list(ex.map(square, range(6))))
    futs = [ex.submit(slow, name, d) for name, d in [("a", 0.09), ("b", 0.03), ("c", 0.06)]]
    print([f.result() for f in futs])
    futs = [ex.submit(slow, name, d) for name, d in [("x", 0.09), ("y", 0.03), ("z", 0.06)]]
    print([f.result() for f in as_completed(futs)])
    f = ex.submit(fail, 1)
    try:
        f.result()
    except ValueError as e:
        print("ValueError:", e, type(f.exception()).__name__, f.done())
    done, not_done = wait([ex.submit(slow, 1, 0.01), ex.submit(slow, 2, 0.2)], return_when=FIRST_COMPLETED)
    print(len(done), len(not_done))
    g = ex.submit(square, 7)
    seen = []
    g.add_done_callback(lambda fut: seen.append(fut.result()))
    print(g.result(), seen, g.cancelled(), g.running())

results = {}
with concurrent.futures.ThreadPoolExecutor() as ex:
    fmap = {ex.submit(square, n): n for n in range(5)}
    for fut in concurrent.futures.as_completed(fmap):
        results[fmap[fut]] = fut.result()
print(sorted(results.items()))

ex = ThreadPoolExecutor(max_workers=1)
f1 = ex.submit(slow, "first", 0.02)
f2 = ex.submit(slow, "second", 0)
print(f2.cancel(), f2.cancelled())
print(f1.result())
ex.shutdown()
try:
    ex.submit(square, 1)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    ThreadPoolExecutor(max_workers=0)
except ValueError as e:
    print("ValueError:", e)
fut = concurrent.futures.Future()
fut.set_result(5)
print(fut.result(), fut.done())
try:
    concurrent.futures.Future().result(timeout=0.01)
except TimeoutError:
    print("TimeoutError")

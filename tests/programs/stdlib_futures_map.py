# min-version: 3.12
# concurrent.futures Executor.map is lazy as 3.12's: all calls are submitted
# at once, and each result is yielded as soon as it (in order) is ready, so
# the loop body runs while later calls still work; a timeout counts from the
# map() call, and the calls not yet started are cancelled when the result
# iterator stops early.
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError

log = []


def work(n):
    time.sleep(0.02 * n)
    log.append(("done", n))
    return n * 10


with ThreadPoolExecutor(max_workers=1) as ex:
    for r in ex.map(work, [1, 2, 3]):
        log.append(("result", r))
print(log)

log.clear()
with ThreadPoolExecutor(max_workers=1) as ex:
    it = ex.map(work, [1, 2, 3])
    print(type(it).__name__ in ("generator", "result_iterator"))
    try:
        for r in it:
            log.append(("result", r))
    except TimeoutError:
        log.append("timeout")
    it = ex.map(work, [0, 1, 30], timeout=0.3)
    try:
        for r in it:
            log.append(("result", r))
    except TimeoutError:
        log.append("timeout")
print(log)


def boom(n):
    if n == 2:
        raise ValueError("bad %d" % n)
    return n


log.clear()
with ThreadPoolExecutor(max_workers=1) as ex:
    try:
        for r in ex.map(boom, range(5)):
            log.append(r)
    except ValueError as e:
        log.append(str(e))
print(log)

with ThreadPoolExecutor(max_workers=1) as ex:
    blocker = ex.submit(time.sleep, 0.3)
    it = ex.map(work, [0, 0, 0], timeout=0.01)
    try:
        next(it)
    except TimeoutError:
        print("TimeoutError")
    del it
    print(blocker.result(), "remaining calls cancelled")
print(log)

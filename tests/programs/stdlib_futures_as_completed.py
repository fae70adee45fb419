# min-version: 3.12
# concurrent.futures.as_completed is lazy: the loop body runs as each future
# finishes (not after all of them), and a timeout raises TimeoutError after
# the futures that finished in time have been yielded.
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, TimeoutError

log = []


def job(name, delay):
    time.sleep(delay)
    log.append(("done", name))
    return name


with ThreadPoolExecutor(max_workers=3) as ex:
    futs = [ex.submit(job, n, d) for n, d in [("slow", 0.09), ("fast", 0.01), ("mid", 0.05)]]
    for f in as_completed(futs):
        log.append(("seen", f.result()))
print(log)

log.clear()
with ThreadPoolExecutor(max_workers=2) as ex:
    futs = [ex.submit(job, "quick", 0.01), ex.submit(job, "late", 0.3)]
    it = as_completed(futs, timeout=0.1)
    print(type(it).__name__ in ("generator", "as_completed"))
    try:
        for f in it:
            log.append(("seen", f.result()))
    except TimeoutError as e:
        log.append(("timeout", str(e)))
print(log)

# futures already finished are yielded at once, then the iterator ends
with ThreadPoolExecutor(max_workers=1) as ex:
    fs = [ex.submit(pow, 2, k) for k in range(3)]
    for f in fs:
        f.result()
    print(sorted(f.result() for f in as_completed(fs)), list(as_completed([])))
    try:
        next(as_completed(fs + [ex.submit(time.sleep, 0.2)], timeout=-1))
        print("first finished one yielded before the timeout")
    except TimeoutError as e:
        print("TimeoutError", e)

# queue with threads: producer/consumer, join/task_done, timeouts, Empty/Full
# min-version: 3.12
import queue
import threading
import time

q = queue.Queue()
done = []


def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        done.append(item * 2)
        q.task_done()


t = threading.Thread(target=consumer)
t.start()
for i in range(5):
    q.put(i)
q.put(None)
q.join()
t.join()
print(done, q.empty(), q.qsize())

bq = queue.Queue(maxsize=2)
log = []


def slow_consumer():
    for _ in range(4):
        time.sleep(0.02)
        log.append(("got", bq.get()))


c = threading.Thread(target=slow_consumer)
c.start()
for i in range(4):
    bq.put(i)
    log.append(("put", i))
c.join()
print(log[-1], sorted(x for kind, x in log if kind == "got"))

try:
    queue.Queue().get(timeout=0.01)
except queue.Empty:
    print("Empty after timeout")
try:
    queue.Queue().get_nowait()
except queue.Empty as e:
    print("Empty", type(e).__module__, repr(e))
fq = queue.Queue(1)
fq.put("x")
try:
    fq.put("y", block=False)
except queue.Full:
    print("Full", fq.full())
try:
    fq.put("y", timeout=-1)
except ValueError as e:
    print("ValueError:", e)
pq = queue.PriorityQueue()
for x in [(3, "c"), (1, "a"), (2, "b")]:
    pq.put(x)
print([pq.get() for _ in range(3)])
lq = queue.LifoQueue()
for x in range(3):
    lq.put(x)
print([lq.get() for _ in range(3)])
sq = queue.SimpleQueue()
sq.put(1)
print(sq.get(), sq.empty())
try:
    q.task_done()
except ValueError as e:
    print("ValueError:", e)

results = queue.Queue()


def square(n):
    time.sleep(0.01 * (5 - n))
    results.put((n, n * n))


ws = [threading.Thread(target=square, args=(n,)) for n in range(5)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print(sorted(results.get() for _ in range(5)))

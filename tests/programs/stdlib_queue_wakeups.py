# min-version: 3.12
# queue with threads: blocked consumers and producers are woken through the
# queue's Conditions, in the order they began to wait (queue.py's FIFO
# waiters), exactly when an item is put or taken; timeouts that expire and
# timeouts that an arriving item ends; join() woken by the last task_done().
import queue
import threading
import time

log = []


def consumer(name, q, delay, timeout=None):
    time.sleep(delay)
    log.append(("waits", name))
    try:
        item = q.get(timeout=timeout)
    except queue.Empty:
        log.append(("empty", name))
        return
    log.append(("got", name, item))


# Three consumers start in one order and begin waiting in the reverse one;
# each put wakes the one that has waited longest.
q = queue.Queue()
cs = [threading.Thread(target=consumer, args=("c%d" % i, q, 0.1 - 0.04 * i)) for i in range(3)]
for c in cs:
    c.start()
time.sleep(0.15)
print(type(q.not_empty).__name__, q.mutex.locked(), q.qsize())
for item in "abc":
    log.append(("put", item))
    q.put(item)
    time.sleep(0.02)
for c in cs:
    c.join()
print(log)

# A bounded queue: blocked producers resume one per get(), in waiting order.
log.clear()
bq = queue.Queue(maxsize=1)
bq.put("first")


def producer(name, delay):
    time.sleep(delay)
    log.append(("blocks", name))
    bq.put(name)
    log.append(("put", name))


ps = [threading.Thread(target=producer, args=("p%d" % i, 0.1 - 0.04 * i)) for i in range(3)]
for p in ps:
    p.start()
time.sleep(0.15)
print(bq.full(), bq.qsize())
for _ in range(4):
    item = bq.get()
    log.append(("get", item))
    time.sleep(0.02)
for p in ps:
    p.join()
print(log, bq.empty())

# get(timeout): an item that arrives in time ends the wait, one that does
# not leaves Empty; the waiting thread wakes at the put, not at the timeout.
log.clear()
tq = queue.Queue()
early = threading.Thread(target=consumer, args=("early", tq, 0, 5.0))
late = threading.Thread(target=consumer, args=("late", tq, 0.05, 0.05))
early.start()
late.start()
time.sleep(0.01)
log.append(("put", "in time"))
tq.put("in time")
late.join()
early.join()
tq.put("too late")
print(log, tq.get_nowait())

# join() returns when the consumer's last task_done() runs.
log.clear()
jq = queue.Queue()


def worker():
    while True:
        item = jq.get()
        log.append(("work", item))
        time.sleep(0.01)
        jq.task_done()
        if item is None:
            break


for i in range(3):
    jq.put(i)
jq.put(None)
w = threading.Thread(target=worker)
w.start()
jq.join()
log.append(("joined", jq.unfinished_tasks))
w.join()
print(log)

# SimpleQueue: a blocked get() wakes at each put.
log.clear()
sq = queue.SimpleQueue()


def simple_get():
    for _ in range(2):
        log.append("waits")
        log.append(("got", sq.get(timeout=5)))


t = threading.Thread(target=simple_get)
t.start()
for i in (1, 2):
    time.sleep(0.03)
    log.append(("put", i))
    sq.put(i)
t.join()
print(log)
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue Empty after timeout")

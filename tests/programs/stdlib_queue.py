# min-version: 3.12
# queue: Queue/LifoQueue/PriorityQueue/SimpleQueue in one thread, the
# non-blocking and timeout paths, task accounting, subclass hooks.
import queue
from queue import Queue, LifoQueue, PriorityQueue, SimpleQueue, Empty, Full

print(Empty, Full, SimpleQueue, Queue, PriorityQueue, LifoQueue)
print(Empty.__mro__, Full.__mro__)
print(queue.__all__)

q = Queue()
print(sorted(k for k in vars(q) if k not in ("mutex", "not_empty", "not_full", "all_tasks_done")))
for i in range(5):
    q.put(i)
print(q.qsize(), q.empty(), q.full(), q.queue)
print([q.get() for _ in range(3)], q.get_nowait(), q.get(block=False))
print(q.empty(), q.qsize())
try:
    q.get_nowait()
except Empty as e:
    print("Empty", repr(e), str(e))
try:
    q.get(False)
except queue.Empty:
    print("Empty again")
try:
    q.get(timeout=0)
except Empty:
    print("Empty after timeout 0")
try:
    q.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)

b = Queue(maxsize=2)
b.put("a")
b.put_nowait("b")
print(b.full(), b.qsize())
try:
    b.put_nowait("c")
except Full as e:
    print("Full", repr(e))
try:
    b.put("c", block=False)
except Full:
    print("Full again")
try:
    b.put("c", timeout=0.01)
except Full:
    print("Full after timeout")
try:
    b.put("c", timeout=-5)
except ValueError as e:
    print("ValueError:", e)
print(b.get(), b.get())

# task accounting
t = Queue()
for w in ["x", "y"]:
    t.put(w)
print(t.unfinished_tasks)
while not t.empty():
    item = t.get()
    print("work on", item)
    t.task_done()
t.join()
print("joined", t.unfinished_tasks)
try:
    t.task_done()
except ValueError as e:
    print("ValueError:", e)

lq = LifoQueue()
for i in "abc":
    lq.put(i)
print(lq.queue, [lq.get() for _ in range(3)])

pq = PriorityQueue()
for item in [(3, "c"), (1, "a"), (2, "b"), (1, "aa"), (5, "e")]:
    pq.put(item)
print(pq.queue)
out = []
while not pq.empty():
    out.append(pq.get())
print(out)

# BFS with a queue, as programs use it
graph = {1: [2, 3], 2: [4], 3: [4, 5], 4: [6], 5: [6], 6: []}
seen = {1}
fifo = Queue()
fifo.put(1)
order = []
while not fifo.empty():
    n = fifo.get()
    order.append(n)
    for m in graph[n]:
        if m not in seen:
            seen.add(m)
            fifo.put(m)
print("bfs", order)

# Dijkstra with a PriorityQueue
edges = {"a": [("b", 7), ("c", 9), ("f", 14)], "b": [("c", 10), ("d", 15)], "c": [("d", 11), ("f", 2)],
         "d": [("e", 6)], "e": [], "f": [("e", 9)]}
dist = {"a": 0}
pq = PriorityQueue()
pq.put((0, "a"))
while not pq.empty():
    d, u = pq.get()
    if d > dist.get(u, float("inf")):
        continue
    for v, w in edges[u]:
        if d + w < dist.get(v, float("inf")):
            dist[v] = d + w
            pq.put((d + w, v))
print(sorted(dist.items()))


class Recording(Queue):
    def _put(self, item):
        print("  _put", item)
        super()._put(item * 10)

    def _get(self):
        item = super()._get()
        print("  _get", item)
        return item


r = Recording()
r.put(1)
r.put(2)
print(r.get(), r.qsize())


class Stack(Queue):
    def _init(self, maxsize):
        self.queue = []

    def _put(self, item):
        self.queue.append(item)

    def _get(self):
        return self.queue.pop()


s = Stack(maxsize=3)
for i in range(3):
    s.put(i)
print(s.full(), s.get(), s.get(), s.get(), s.empty())

sq = SimpleQueue()
sq.put(1)
sq.put_nowait(2)
sq.put(3, block=False, timeout=1)
print(sq.qsize(), sq.empty(), sq.get(), sq.get_nowait(), sq.get(False))
print(sq.empty())
try:
    sq.get_nowait()
except Empty:
    print("SimpleQueue Empty")
try:
    sq.get(timeout=0.01)
except Empty:
    print("SimpleQueue Empty after timeout")
try:
    sq.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
for bad in [lambda: sq.put(), lambda: sq.get(1, 2, 3), lambda: SimpleQueue(1), lambda: q.put(),
            lambda: q.get(1, 2, 3), lambda: sq.put(1, item=2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
print(Queue[int], SimpleQueue[int], PriorityQueue[str])
print(isinstance(pq, Queue), issubclass(LifoQueue, Queue))

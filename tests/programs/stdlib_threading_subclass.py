# subclasses of asyncio/threading/queue classes with their own __init__
# min-version: 3.12
import asyncio, threading, queue
class NamedQueue(asyncio.Queue):
    def __init__(self, name, size):
        super().__init__(maxsize=size)
        self.name = name
class MyEvent(asyncio.Event):
    def __init__(self, tag):
        super().__init__()
        self.tag = tag
class MySem(asyncio.Semaphore):
    def __init__(self):
        super().__init__(3)
async def main():
    q = NamedQueue("jobs", 2)
    print(q.name, q.maxsize, q.full())
    e = MyEvent("t")
    e.set()
    print(e.tag, await e.wait())
    s = MySem()
    print(await s.acquire(), s.locked())
    print(asyncio.Queue(5).maxsize, asyncio.Queue(-1).maxsize)
asyncio.run(main())
class TQ(queue.Queue):
    def __init__(self, label):
        super().__init__(maxsize=1)
        self.label = label
tq = TQ("x")
tq.put(1)
print(tq.label, tq.full(), tq.maxsize)
class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name=f"worker-{n}")
        self.n = n
        self.result = None
    def run(self):
        self.result = self.n * 10
w = Worker(4); w.start(); w.join(); print(w.name, w.result)
class Bad(threading.Thread):
    def __init__(self):
        pass
try:
    Bad().start()
except RuntimeError as e:
    print("RuntimeError:", e)

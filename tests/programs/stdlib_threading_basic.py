# threading: Thread start/join, Lock, RLock, Event, Condition, Semaphore, local, Timer
# min-version: 3.12
import threading
import time

results = []


def worker(n):
    results.append((n * n, threading.current_thread().name))


# which of two started threads prints first is up to CPython's scheduler:
# only results gathered after join() are printed
threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results), [t.is_alive() for t in threads])
print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
print(threads[0].name, threads[1].daemon)

counter = 0
lock = threading.Lock()


def add(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


ts = [threading.Thread(target=add, args=(1000,), name=f"adder-{i}") for i in range(5)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("counter", counter, lock.locked())


class Sleeper(threading.Thread):
    def __init__(self, delay, label, log):
        super().__init__()
        self.delay = delay
        self.label = label
        self.log = log

    def run(self):
        time.sleep(self.delay)
        self.log.append(self.label)


log = []
ss = [Sleeper(0.09, "slow", log), Sleeper(0.03, "fast", log), Sleeper(0.06, "mid", log)]
for s in ss:
    s.start()
print("started", threading.active_count())
for s in ss:
    s.join()
print(log, threading.active_count())

ev = threading.Event()


def waiter():
    print("waiting for event")
    ev.wait()
    print("event seen", ev.is_set())


w = threading.Thread(target=waiter)
w.start()
time.sleep(0.01)
print("setting")
ev.set()
w.join()
print(ev.wait(0.01), threading.Event().wait(0.01))

cond = threading.Condition()
items = []


taken = []


def consumer(name):
    with cond:
        while not items:
            cond.wait()
        taken.append(items.pop(0))


cs = [threading.Thread(target=consumer, args=(f"c{i}",)) for i in range(2)]
for c in cs:
    c.start()
with cond:
    items.extend(["a", "b"])
    cond.notify_all()
for c in cs:
    c.join()
print("taken", sorted(taken))

sem = threading.Semaphore(2)
active = []
peak = []


def limited(i):
    with sem:
        active.append(i)
        peak.append(len(active))
        time.sleep(0.01)
        active.remove(i)


ls = [threading.Thread(target=limited, args=(i,)) for i in range(5)]
for t in ls:
    t.start()
for t in ls:
    t.join()
print("peak", max(peak))

rl = threading.RLock()
with rl:
    with rl:
        print("reentrant ok")
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
print(lock.acquire(blocking=False), lock.acquire(blocking=False), lock.acquire(timeout=0.01))
lock.release()

data = threading.local()
data.x = "main"


def show_local():
    data.x = threading.current_thread().name
    print("local in thread:", data.x)


t = threading.Thread(target=show_local, name="T-local")
t.start()
t.join()
print("local in main:", data.x)

fired = []
tm = threading.Timer(0.02, fired.append, args=["timer"])
tm.start()
tm2 = threading.Timer(0.02, fired.append, args=["cancelled"])
tm2.start()
tm2.cancel()
tm.join()
tm2.join()
print(fired)

try:
    threads[0].start()
except RuntimeError as e:
    print("RuntimeError:", e)


def late():
    time.sleep(0.02)
    # the interpreter waits for this thread after the main thread stopped
    # (printed only then, so a run inside another process stays quiet)
    if not threading.main_thread().is_alive():
        print("late thread finished after the main thread")


threading.Thread(target=late).start()
print("main done")

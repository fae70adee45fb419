# min-version: 3.12
# queue: the traceback entries CPython shows for frames of queue.py (file
# name, line, function), path-independent.
import os
import queue


def frames(e):
    out = []
    tb = e.__traceback__
    while tb is not None:
        co = tb.tb_frame.f_code
        out.append("%s:%d:%s" % (os.path.basename(co.co_filename), tb.tb_lineno, co.co_name))
        tb = tb.tb_next
    return out


def show(label, f):
    try:
        f()
        print(label, "no exception")
    except Exception as e:
        print(label, type(e).__name__, e, frames(e))


def full():
    q = queue.Queue(1)
    q.put(0)
    return q


class BadGet(queue.Queue):
    def _get(self):
        raise LookupError("custom _get")


show("get_nowait", lambda: queue.Queue().get_nowait())
show("get False", lambda: queue.Queue().get(False))
show("get timeout", lambda: queue.Queue().get(timeout=0.001))
show("get negative", lambda: queue.Queue().get(timeout=-1))
show("put_nowait", lambda: full().put_nowait(1))
show("put False", lambda: full().put(1, False))
show("put timeout", lambda: full().put(1, timeout=0.001))
show("put negative", lambda: full().put(1, timeout=-1))
show("task_done", lambda: queue.Queue().task_done())
show("lifo get_nowait", lambda: queue.LifoQueue().get_nowait())
show("prio put", lambda: [queue.PriorityQueue().put({}) for _ in range(1)] and None)
pq = queue.PriorityQueue()
pq.put({})
show("prio put 2", lambda: pq.put({}))
show("custom _get", lambda: (lambda q: (q.put(1), q.get()))(BadGet()))
show("simple", lambda: queue.SimpleQueue().get_nowait())

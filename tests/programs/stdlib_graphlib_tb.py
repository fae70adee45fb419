# min-version: 3.12
# graphlib: the traceback entries CPython shows for frames of graphlib.py
# (file name, line, function), path-independent.
import os
from graphlib import TopologicalSorter


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


def prepared(g):
    t = TopologicalSorter(g)
    t.prepare()
    return t


def done_twice():
    t = prepared({1: [2]})
    t.get_ready()
    t.done(2)
    t.done(2)


show("static_order cycle", lambda: list(TopologicalSorter({1: [2], 2: [1]}).static_order()))
show("prepare cycle", lambda: TopologicalSorter({"a": "b", "b": "a"}).prepare())
show("prepare twice", lambda: prepared({}).prepare())
show("get_ready", lambda: TopologicalSorter().get_ready())
show("is_active", lambda: TopologicalSorter().is_active())
show("bool", lambda: bool(TopologicalSorter()))
show("done early", lambda: TopologicalSorter().done(1))
show("done not added", lambda: prepared({1: [2]}).done(7))
show("done not ready", lambda: prepared({1: [2]}).done(1))
show("done twice", done_twice)
show("add after prepare", lambda: prepared({}).add(1))
show("add unhashable", lambda: TopologicalSorter().add([]))
show("pred unhashable", lambda: TopologicalSorter().add(1, {}))
show("init not iterable", lambda: TopologicalSorter({1: 5}))
show("init not a mapping", lambda: TopologicalSorter([1]))

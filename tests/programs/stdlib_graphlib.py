# min-version: 3.12
# graphlib: TopologicalSorter's exact order of results, the incremental
# protocol, errors and CycleError's cycle.
import graphlib
from graphlib import TopologicalSorter, CycleError

print(graphlib.__all__)
graph = {"D": {"B", "C"}, "C": {"A"}, "B": {"A"}}
graph = {"D": ["B", "C"], "C": ["A"], "B": ["A"]}
print(list(TopologicalSorter(graph).static_order()))
print(tuple(TopologicalSorter({2: [11], 9: [11, 8, 10], 10: [11, 3], 11: [7, 5], 8: [7, 3]}).static_order()))

ts = TopologicalSorter()
ts.add(3, 2, 1)
ts.add(1, 0)
ts.add(5)
ts.add(2, 0)
ts.add(4, 3, 5)
ts.prepare()
print(bool(ts), ts.is_active())
step = 0
while ts.is_active():
    ready = ts.get_ready()
    print("step", step, ready)
    for node in reversed(ready):
        ts.done(node)
    step += 1
print(bool(ts), ts.get_ready())

# prepare/get_ready/done errors
ts = TopologicalSorter({"a": ["b"]})
for call in (ts.get_ready, ts.is_active, lambda: ts.done("a")):
    try:
        call()
    except ValueError as e:
        print("ValueError:", e)
ts.prepare()
try:
    ts.prepare()
except ValueError as e:
    print("ValueError:", e)
try:
    ts.add("c")
except ValueError as e:
    print("ValueError:", e)
print(ts.get_ready())
for bad in ("zzz", "a"):
    try:
        ts.done(bad)
    except ValueError as e:
        print("ValueError:", e)
ts.done("b")
try:
    ts.done("b")
except ValueError as e:
    print("ValueError:", e)
print(ts.get_ready(), ts.get_ready())
ts.done("a")
print(ts.is_active())

# cycles
for g in ({1: [2], 2: [3], 3: [1]}, {"a": ["b"], "b": ["c"], "c": ["b"], "d": ["a"]},
          {0: [0]}, {1: [2, 3], 3: [4], 4: [2], 2: [5], 5: [3]}):
    try:
        list(TopologicalSorter(g).static_order())
    except CycleError as e:
        print("CycleError:", e.args, isinstance(e, ValueError), str(e))

it = TopologicalSorter({1: [2], 2: [1]}).static_order()
print("lazy:", type(it).__name__)
try:
    next(it)
except CycleError as e:
    print("raised on first next:", e.args[1])

# nodes of any hashable type, duplicates, no edges
ts = TopologicalSorter()
ts.add((1, 2))
ts.add("x", (1, 2), (1, 2))
ts.add(None, "x")
print(list(ts.static_order()))
try:
    TopologicalSorter().add([1])
except TypeError as e:
    print("TypeError:", e)
try:
    TopologicalSorter({1: 5})
except TypeError as e:
    print("TypeError:", e)
try:
    TopologicalSorter([1])
except AttributeError as e:
    print("AttributeError:", e)
try:
    TopologicalSorter().add()
except TypeError as e:
    print("TypeError:", e)
print(TopologicalSorter[int], CycleError.__mro__)

# build order of a package graph
deps = {"app": ["lib", "utils", "config"], "lib": ["utils", "log"], "utils": ["log"], "config": [],
        "log": [], "tests": ["app", "lib"]}
print(list(TopologicalSorter(deps).static_order()))
order = []
ts = TopologicalSorter(deps)
ts.prepare()
while ts:
    batch = ts.get_ready()
    order.append(sorted(batch))
    ts.done(*batch)
print(order)

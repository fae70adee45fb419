# limits: native operations nesting a hundred thousand deep where CPython
# 3.12 counts nothing (it succeeds or crashes).  pydbg must end with
# RecursionError or its one-line stop, never a crash signal.  ARG selects.
import copy
import sys

sys.setrecursionlimit(10**6)
which = sys.argv[1]
if which == "hash":
    t = ()
    for i in range(200000):
        t = (t,)
    hash(t)
elif which == "deepcopy":
    l = []
    for i in range(200000):
        l = [l]
    copy.deepcopy(l)
elif which == "map":
    it = iter([1])
    for i in range(200000):
        it = map(abs, it)
    print(list(it))
elif which == "deque":
    import collections
    d = None
    for i in range(1000000):
        d = collections.deque([d])
    d = None
    print("released")

# min-version: 3.12
# max-version: 3.13
# (Not 3.14: Pyodide's JavaScript stack is too small.)  Releasing long chains of class instances at once: 100000 linked nodes (plain, __slots__, with __del__, list/tuple/dict subclasses, weakly
# referenced) must not exhaust the C stack, and the trashcan that prevents
# it parks and resumes objects in CPython 3.12's order — visible in when
# the leaves' __del__ run.
import gc
import weakref

N = 100000
order = []


class Leaf:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        order.append(self.i)


class Node:
    def __init__(self, nxt):
        self.next = nxt


head = None
for i in range(N):
    head = Node(head)
head = None
print("plain chain freed")


class Slot:
    __slots__ = ("next",)


head = None
for i in range(N):
    s = Slot()
    s.next = head
    head = s
del s
head = None
print("slots chain freed")


class Counted:
    dels = 0

    def __init__(self, nxt):
        self.next = nxt

    def __del__(self):
        Counted.dels += 1


head = None
for i in range(N):
    head = Counted(head)
head = None
print("__del__ chain freed", Counted.dels)


class L(list):
    pass


class T(tuple):
    pass


class D(dict):
    pass


head = L()
for i in range(N):
    head = L([head])
head = None
print("list subclass chain freed")
head = ()
for i in range(N):
    head = T((head,))
head = None
print("tuple subclass chain freed")
head = D()
for i in range(N):
    head = D(next=head)
head = None
print("dict subclass chain freed")

callbacks = []
head = None
refs = []
for i in range(N):
    head = Node(head)
    if i % 10000 == 0:
        refs.append(weakref.ref(head, lambda r, i=i: callbacks.append(i)))
head = None
print("weakly referenced chain freed", callbacks, [r() for r in refs[:3]])

# a cycle through a long chain goes to the collector
head = Node(None)
tail = head
for i in range(N):
    head = Node(head)
tail.next = head
head = tail = None
print("cycle collected", gc.collect() >= N)

# which leaves die when: nodes past the trashcan's depth are parked and
# released afterwards, newest parked first


class Comb:
    def __init__(self, i, nxt):
        self.next = nxt
        self.leaf = Leaf(i)


class SlotComb:
    __slots__ = ("next", "leaf")


head = None
for i in range(400):
    head = Comb(i, head)
head = None
print("comb", order)
order.clear()
head = None
for i in range(400):
    c = SlotComb()
    c.next = head
    c.leaf = Leaf(i)
    head = c
del c
head = None
print("slot comb", order)
order.clear()
head = None
for i in range(400):
    head = [head, Leaf(i)]
head = None
print("list comb", order)
order.clear()
head = None
for i in range(400):
    head = Comb(i, [head])
head = None
print("mixed comb", order)

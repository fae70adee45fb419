# The recursion limit: 1000 frames by default; a RecursionError can be caught
# and the program continues; deep but legal recursion works.
import sys


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def forever(n):
    return forever(n + 1)


print(sys.getrecursionlimit())
print(depth(900))
try:
    forever(0)
except RecursionError as e:
    print(type(e).__name__, e)
print(depth(950))


class Node:
    def __init__(self, child):
        self.child = child

    def size(self):
        return 1 + (self.child.size() if self.child else 0)


n = None
for i in range(400):
    n = Node(n)
print(n.size())

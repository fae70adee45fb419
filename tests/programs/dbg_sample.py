# The debugger's inspection printers (tests/unit/test_inspect.c) stop in
# this program: arguments of every kind, a cell shared by sibling closures,
# a value stack holding a NULL slot mid-call, an exception handler with the
# exception on the stack, a suspended generator, a method, a long repr.


def make_pair(start):
    count = start

    def bump(step=1):
        nonlocal count
        count += step
        return count

    def peek():
        return count

    return bump, peek


def describe(a, b=2, *rest, flag=False, **opts):
    total = a + b
    try:
        total += len(rest) * 10 + sum(opts.values())
    except TypeError as exc:
        total = str(exc)
    return total


def squares(n):
    for i in range(n):
        yield i * i


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y


bump, peek = make_pair(10)
bump()
print(describe(1, 2, 3, 4, flag=True, k=5))
print(list(squares(4)))
p = Point(3, 4)
print(p.norm2())
big = list(range(60))
print(describe(big, [0]))
print(bump(5), peek())

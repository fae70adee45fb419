# Generators: yield from with delegation of send/throw, return values,
# close(), generator expressions in function calls.


def inner():
    received = []
    try:
        while True:
            x = yield len(received)
            if x is None:
                return received
            received.append(x)
    except KeyError as e:
        print("inner got", repr(e))
        yield "recovered"
        return ["after throw"]


def outer():
    result = yield from inner()
    print("inner returned", result)
    yield "outer done"


g = outer()
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(g.send(None))

g2 = outer()
next(g2)
print(g2.throw(KeyError("k")))
print(next(g2))
print(next(g2, "exhausted"))


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain([1, 2], "ab", range(3))))


def tree(depth):
    if depth == 0:
        yield "leaf"
        return
    yield "node%d" % depth
    yield from tree(depth - 1)
    yield from tree(depth - 1)


print(list(tree(2)))


def closable():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("closing")
        raise


c = closable()
next(c)
c.close()
print("closed state:", c.gi_frame is None)


def returns_value():
    yield 1
    return 42


try:
    r = returns_value()
    next(r)
    next(r)
except StopIteration as stop:
    print("StopIteration value", stop.value)

print(sum(x for x in range(10) if x % 3 == 0))
print(max((len(w), w) for w in "the quick brown fox".split()))

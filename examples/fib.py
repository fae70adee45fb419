"""Fibonacci numbers three ways: a loop, a closure and a generator."""


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def make_counter():
    count = 0

    def step():
        nonlocal count
        count += 1
        return count

    return step


def fib_gen(limit):
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b


if __name__ == "__main__":
    print([fib(i) for i in range(10)])
    tick = make_counter()
    tick()
    print("counter:", tick())
    print(list(fib_gen(100)))

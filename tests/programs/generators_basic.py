# py2: yes
# Generators with yield, send(), close(), generator expressions, infinite
# generators consumed piecewise (2/3-compatible subset: no yield from).


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value


def chunks(seq, size):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def tracked():
    try:
        yield 1
        yield 2
    finally:
        print("generator cleaned up")


print(str(list(count_up(5))))
f = fib()
print(str([next(f) for _ in range(12)]))
acc = accumulator()
next(acc)
print(str(acc.send(10)))
print(str(acc.send(5)))
try:
    acc.send(None)
except StopIteration:
    print("accumulator done")
print(str(list(chunks("abcdefgh", 3))))
t = tracked()
print(str(next(t)))
t.close()
gen = (x * x for x in count_up(6) if x % 2)
print(str(list(gen)))
print(str(sum(count_up(101))))
evens = (n for n in fib() if n % 2 == 0)
first = []
for e in evens:
    if e > 1000:
        break
    first.append(e)
print(str(first))

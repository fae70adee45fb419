# timeit with callables: results are checked for type and count, never printed as times.
# min-version: 3.12
import timeit

calls = []


def work():
    calls.append(1)


t = timeit.timeit(work, number=50)
print(type(t).__name__, t >= 0, len(calls))

calls.clear()
r = timeit.repeat(work, repeat=3, number=7)
print(type(r).__name__, len(r), all(x >= 0 for x in r), len(calls))

setups = []
timer = timeit.Timer(work, setup=lambda: setups.append("s"))
calls.clear()
print(timer.timeit(number=5) >= 0, len(calls), setups)
print(len(timer.repeat(repeat=2, number=3)), len(calls), setups)

ticks = iter(range(0, 1000, 10))
fake = timeit.Timer(work, timer=lambda: next(ticks))
print(fake.timeit(number=3))
print(fake.repeat(repeat=2, number=1))

seen = []
count = [0]
auto = timeit.Timer(lambda: count.__setitem__(0, count[0] + 1), timer=lambda: count[0] / 100)
print(auto.autorange(lambda n, t: seen.append(n)))
print(seen)

print(timeit.default_timer is __import__("time").perf_counter)
print(timeit.default_number, timeit.default_repeat)
print(timeit.timeit("pass", number=10) >= 0)
print(timeit.timeit(number=3) >= 0)

try:
    timeit.Timer(42)
except ValueError as e:
    print("ValueError:", e)
try:
    timeit.Timer(work, setup=3.5)
except ValueError as e:
    print("ValueError:", e)


def boom():
    raise KeyError("inside")


try:
    timeit.timeit(boom, number=2)
except KeyError as e:
    print("KeyError:", e)

# min-version: 3.8
# Python 3.8 syntax: assignment expressions, positional-only parameters,
# and the `=` specifier in f-strings.


def clamp(value, /, low=0, high=10, *, strict=False):
    if strict and not (low <= value <= high):
        raise ValueError(f"{value=} out of range")
    return max(low, min(high, value))


print(clamp(15), clamp(-3, -1), clamp(5, high=4))
try:
    clamp(value=1)
except TypeError:
    print("value is positional-only")
try:
    clamp(99, strict=True)
except ValueError as e:
    print(e)

data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print(f"long list, {n=}")

results = [y for x in data if (y := x * x) > 10]
print(results)

chunks = iter(["ab", "cd", ""])
while (chunk := next(chunks)):
    print("chunk", chunk)

x, width = 3.14159, 10
print(f"{x=:.2f} {width=} {x*2=}")
print(f"{data[1:3]=!r}")


def f(a, b, /, c, d, *, e, f):
    return a + b + c + d + e + f


print(f(1, 2, 3, d=4, e=5, f=6))
print(f.__code__.co_posonlyargcount, f.__code__.co_kwonlyargcount)

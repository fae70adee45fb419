# Unpacking: tuple swaps, nested targets, starred assignment, starred
# expressions in list/tuple/set/dict displays and calls.

a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (3, 4), 5
print(x, y, z)
first, *middle, last = range(6)
print(first, middle, last)
*init, tail = "abc"
print(init, tail)
head, *rest = [1]
print(head, rest)
[p, [q, r]] = [7, [8, 9]]
print(p, q, r)
for i, (k, v) in enumerate({"one": 1, "two": 2}.items()):
    print(i, k, v)
l1 = [1, 2]
l2 = (3, 4)
print([*l1, *l2, 5], (*l1, 0), {*l1, *l2} == {1, 2, 3, 4})
d1 = {"a": 1}
d2 = {"b": 2, "a": 3}
print({**d1, **d2}, {**d2, "c": 4, **d1})
print(*["printed", "as", "args"])
print(*range(3), sep="-", end="!\n")
a = b = c = "chained"
print(a, b, c)
n = [0, 0, 0]
i = 0
i, n[i] = 2, "set index 2"
print(i, n)
x, y, z = "xyz"
print(z + y + x)
try:
    a, b = [1, 2, 3]
except ValueError:
    print("too many values")
try:
    a, b, c = [1]
except ValueError:
    print("not enough values")

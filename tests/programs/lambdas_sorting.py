# py2: yes
# Lambdas as values, keys for sorting, map/filter, default-argument capture.

people = [("ann", 31), ("bob", 25), ("cy", 31), ("dee", 19)]
print(str(sorted(people, key=lambda p: p[1])))
print(str(sorted(people, key=lambda p: (-p[1], p[0]))))
print(str(list(map(lambda p: p[0].upper(), people))))
print(str(list(filter(lambda p: p[1] > 20, people))))

add = lambda a, b=10: a + b
print(str(add(1)) + " " + str(add(1, 2)))

adders = [lambda x, n=n: x + n for n in range(4)]
print(str([f(100) for f in adders]))

late = [lambda x: x + n for n in range(4)]
print(str([f(100) for f in late]))

compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(str(inc_then_double(5)))

table = {'add': lambda a, b: a + b, 'mul': lambda a, b: a * b}
print(str([table[k](6, 7) for k in sorted(table)]))

total = 0
for v in map(lambda x: x * x, range(10)):
    total += v
print(str(total))
print(str(max(people, key=lambda p: len(p[0]))))
print(str((lambda *a: len(a))(1, 2, 3)))
print(str((lambda **kw: sorted(kw))(b=1, a=2)))

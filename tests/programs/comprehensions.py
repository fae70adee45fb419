# py2: yes
# List, set, dict and generator comprehensions, nested and filtered.

squares = [x * x for x in range(10)]
print(str(squares))
evens = [x for x in range(20) if x % 2 == 0 if x % 3 != 0]
print(str(evens))
pairs = [(a, b) for a in range(3) for b in range(a)]
print(str(pairs))
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(str(matrix))
transposed = [[row[i] for row in matrix] for i in range(3)]
print(str(transposed))
letters = {c.lower() for c in "Hello World" if c.isalpha()}
print(str(sorted(letters)))
lengths = {w: len(w) for w in ["alpha", "be", "gamma"]}
print(str(sorted(lengths.items())))
swapped = {v: k for k, v in lengths.items() if v > 2}
print(str(sorted(swapped.items())))
total = sum(x * 2 for x in range(100))
print(str(total))
gen = (c.upper() for c in "abc")
print(str(next(gen)))
print(str(list(gen)))
print(str(any(x > 8 for x in squares)) + " " + str(all(x >= 0 for x in squares)))
flat = [y for x in matrix for y in x if y % 2]
print(str(flat))
conditional = ["even" if n % 2 == 0 else "odd" for n in range(4)]
print(str(conditional))


def scale(values, k):
    return [v * k for v in values]


print(str(scale([1, 2, 3], 10)))
print(str(dict((i, [j for j in range(i)]) for i in range(4))[3]))

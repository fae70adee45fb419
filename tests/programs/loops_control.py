# py2: yes
# for/while loops with else, break and continue, nested loops.

primes = []
for n in range(2, 50):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        primes.append(n)
print(str(primes))

i = 0
total = 0
while i < 20:
    i += 1
    if i % 3 == 0:
        continue
    if i > 15:
        break
    total += i
else:
    print("never printed")
print(str((i, total)))

n = 27
steps = 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print(str(steps))

found = None
for row in range(5):
    for col in range(5):
        if row * col == 6:
            found = (row, col)
            break
    if found:
        break
print(str(found))

k = 0
while True:
    k += 1
    if k >= 5:
        break
else:
    k = -1
print(str(k))

pairs = []
for a, b in zip("abc", range(3)):
    pairs.append(a * (b + 1))
print(str(pairs))
for idx, ch in enumerate("xyz"):
    if ch == "y":
        continue
    print("%d:%s" % (idx, ch))
countdown = list(range(10, 0, -3))
print(str(countdown))

def gen(n):
    for i in range(n):
        if i % 3:
            yield i
def pipeline(n):
    return sum(x * 2 for x in gen(n) if x % 5)
print(pipeline(6_000_000))

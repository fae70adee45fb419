# limits: generators (RESUME after each yield), a comprehension, a class,
# exceptions caught, with, f-strings.
class Box:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def gen(n):
    for i in range(n):
        yield i
    yield from range(2)


def risky(i):
    try:
        if i % 3 == 0:
            raise ValueError(i)
        return i
    except ValueError as e:
        return -int(str(e))
    finally:
        pass


with Box(3) as b:
    vals = [risky(x) + b.v for x in gen(7)]
print(vals, f"{len(vals):>4}")
big = list(range(300))
print(sum(big[i] for i in range(0, 300, 7)))

# needs: cpython-library
# Errors raised inside random.py: the library's frames in the traceback.
import random
import traceback

rng = random.Random(7)
cases = [
    lambda: random.choice([]),
    lambda: random.choice(None),
    lambda: rng.choice({'a': 1, 'b': 2}),
    lambda: random.choice({3, 4}),
    lambda: rng.randint(1.5, 3),
    lambda: random.randint(1, 'x'),
    lambda: random.randrange(1, None, 2),
    lambda: random.randrange(0),
    lambda: random.randrange(-3),
    lambda: rng.randrange(1.5),
    lambda: random.randrange(1, 2.5),
    lambda: random.randrange(1, 10, 1.5),
    lambda: random.randrange(1, 10, 0),
    lambda: random.randrange(10, 1, 2),
    lambda: random.randrange(5, 5),
    lambda: random.sample([1, 2], 3),
    lambda: random.sample(range(4), -1),
    lambda: random.sample({1, 2}, 1),
    lambda: random.sample([1, 2], 1, counts=[1]),
    lambda: random.sample([1, 2], 1, counts=[0, 0]),
    lambda: random.shuffle(None),
    lambda: random.choices([], k=1),
    lambda: random.choices([1, 2], weights=[1]),
    lambda: random.choices([1], [1], cum_weights=[1]),
    lambda: random.choices([1, 2], [0, 0]),
    lambda: random.uniform('a', 1),
    lambda: random.gauss('a'),
    lambda: random.gauss(0, 'a'),
    lambda: random.seed([1, 2]),
    lambda: random.Random({}),
]
for i, case in enumerate(cases):
    try:
        case()
    except Exception as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())


def pick(lo, hi):
    return random.randint(lo, hi)


print(pick(1, 1))
print(pick(10, 1))

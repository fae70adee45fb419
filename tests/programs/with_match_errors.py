# min-version: 3.10
# Errors raised by the protocol instructions themselves: with-statements on
# objects without __enter__/__exit__, __exit__ swallowing or not, match
# class patterns with bad __match_args__, mapping patterns, unpacking.


class NoExit:
    def __enter__(self):
        return self


class Swallow:
    def __enter__(self):
        print("  enter")
        return "value"

    def __exit__(self, typ, val, tb):
        print("  exit", typ.__name__ if typ else None, val, tb is not None)
        return typ is ZeroDivisionError


for obj in (42, NoExit()):
    try:
        with obj:
            pass
    except TypeError as e:
        print("TypeError:", e)

with Swallow() as v:
    print("  body", v)
    1 / 0
print("after swallow")
try:
    with Swallow():
        raise KeyError("kept")
except KeyError as e:
    print("KeyError:", e)


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class BadArgs:
    __match_args__ = ["x"]


class NotStr:
    __match_args__ = (1,)


def classify(obj):
    match obj:
        case Point(0, 0):
            return "origin"
        case Point(x, 0):
            return "on x at %r" % x
        case Point(x=0, y=y):
            return "on y at %r" % y
        case int(n) | float(n) if n > 100:
            return "big %r" % n
        case str() as s:
            return "string %r" % s
        case [1, *rest]:
            return "starts with 1, rest %r" % rest
        case {"k": v, **others}:
            return "mapping k=%r others=%r" % (v, others)
        case _:
            return "other %r" % (obj,)


for o in (Point(0, 0), Point(3, 0), Point(0, 4), 500, 2.5e3, "hi", [1, 2, 3], {"k": 1, "z": 2},
          (), 7):
    print(classify(o))

for cls in (BadArgs, NotStr):
    try:
        match cls():
            case cls(1):
                pass
    except TypeError as e:
        print("TypeError:", e)
try:
    match 5:
        case int(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)
try:
    match Point(1, 2):
        case Point(1, 2, 3):
            pass
except TypeError as e:
    print("TypeError:", e)

for value in (1, [1], [1, 2, 3], "ab", iter([1, 2, 3])):
    try:
        a, b = value
        print("unpacked", a, b)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
try:
    first, *middle, last = [1]
except ValueError as e:
    print("ValueError:", e)
first, *middle, last = range(5)
print(first, middle, last)
try:
    print(*None)
except TypeError as e:
    print("TypeError:", e)
try:
    {**[1]}
except TypeError as e:
    print("TypeError:", e)
try:
    dict(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print("TypeError:", e)

# min-version: 3.10
# Structural pattern matching: literals, captures, wildcards, sequences with
# star, mappings with **rest, class patterns, guards, or-patterns, `as`.
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


class Circle:
    __match_args__ = ("center", "radius")

    def __init__(self, center, radius):
        self.center = center
        self.radius = radius


def describe(obj):
    match obj:
        case None:
            return "nothing"
        case 0 | 1 | 2 as small:
            return f"small int {small}"
        case int(n) if n < 0:
            return f"negative {n}"
        case int() | float():
            return "number"
        case "hello":
            return "greeting"
        case str(s):
            return f"string of {len(s)}"
        case []:
            return "empty list"
        case [x]:
            return f"one item {x!r}"
        case [first, *rest] if len(rest) > 2:
            return f"long list from {first} (+{len(rest)})"
        case (a, b):
            return f"pair {a},{b}"
        case {"type": "user", "name": name, **extra}:
            return f"user {name} extra={sorted(extra)}"
        case {"type": t}:
            return f"typed {t}"
        case Point(x=0, y=0):
            return "origin"
        case Point(x=px, y=0):
            return f"on x axis at {px}"
        case Point(x=px, y=py):
            return f"point {px},{py}"
        case Circle(Point(x=cx), r) if r > 10:
            return f"big circle at x={cx}"
        case Circle(_, r):
            return f"circle r={r}"
        case _:
            return "unknown"


samples = [None, 1, -5, 3.5, 7, "hello", "other", [], [9], [1, 2, 3, 4],
           (1, 2), {"type": "user", "name": "ann", "age": 3, "x": 0},
           {"type": "admin"}, Point(0, 0), Point(4, 0), Point(1, 2),
           Circle(Point(5, 5), 20), Circle(Point(0, 0), 1), object]
for s in samples:
    print(describe(s))


def command(text):
    match text.split():
        case ["go", ("north" | "south") as direction]:
            return "going " + direction
        case ["take", *items] if items:
            return "taking " + ", ".join(items)
        case ["quit" | "exit"]:
            return "bye"
        case _:
            return "?"


for t in ["go north", "go west", "take key lamp", "take", "exit"]:
    print(command(t))

value = 42
match value:
    case 41:
        print("no")
    case 42:
        print("yes, literal match")

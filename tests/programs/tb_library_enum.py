# needs: cpython-library
# Lookup errors of enum classes: enum.py's __call__/__new__/__getitem__ frames.
import enum
import traceback


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Mode(enum.StrEnum):
    READ = 'r'


class Strict(enum.Enum):
    ONE = 1

    @classmethod
    def _missing_(cls, value):
        raise LookupError(f"no {value!r} here")


def make_unique():
    @enum.unique
    class Shape(enum.Enum):
        SQUARE = 4
        QUAD = 4
    return Shape


cases = [
    make_unique,
    lambda: Color(5),
    lambda: Color('RED'),
    lambda: Color['BLUE'],
    lambda: Level(3),
    lambda: Level['MEDIUM'],
    lambda: Mode('w'),
    lambda: Strict(2),
]
for i, case in enumerate(cases):
    try:
        print(case())
    except Exception as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())

print(Color(2), Color['RED'], Level(1))
name = "PURPLE"
print(Color[name])

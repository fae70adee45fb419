# needs: cpython-library
# Exceptions from user code called through functools' Python wrappers
# (cached_property.__get__, singledispatch's wrapper, singledispatchmethod).
import functools
import traceback


class Report:
    def __init__(self, rows):
        self.rows = rows

    @functools.cached_property
    def average(self):
        return sum(self.rows) / len(self.rows)

    @functools.singledispatchmethod
    def render(self, arg):
        raise TypeError(f"cannot render {type(arg).__name__}")

    @render.register
    def _(self, arg: int):
        return f"#{arg}"


@functools.singledispatch
def describe(obj):
    raise NotImplementedError(f"no describe for {type(obj).__name__}")


@describe.register
def _(obj: list):
    return f"list of {len(obj)}"


print(Report([1, 2, 3]).average, Report([]).rows)
print(describe([1, 2]), Report([]).render(5))
for case in (lambda: Report([]).average, lambda: Report([1]).render(1.5), lambda: describe()):
    try:
        case()
    except Exception:
        print(traceback.format_exc())
print(describe({"a": 1}))

# inspect.getsource / getsourcelines / getfile / getsourcefile on
# functions, methods, classes and the module (the .py beside the .pyc).
import inspect
import sys

def one_liner(x): return x * 2

def several(a,
            b=2):
    # a comment inside
    total = a + b

    return total

@staticmethod
def decorated():
    pass

class Shape:
    """A shape."""

    def area(self):
        return 0

    class Nested:
        value = 1

print(inspect.getsource(one_liner), end="")
print(inspect.getsource(several), end="")
print(inspect.getsourcelines(several)[1])
print(inspect.getsource(Shape.area), end="")
print(inspect.getsource(Shape), end="")
print(inspect.getsource(Shape.Nested), end="")
print(inspect.getsourcelines(Shape)[1], len(inspect.getsourcelines(Shape)[0]))
print(inspect.getfile(several), inspect.getsourcefile(several))
print(inspect.getsource(lambda: 0).strip() if False else "skip")
src = inspect.getsource(sys.modules[__name__])
print(src.splitlines()[0], len(src.splitlines()))

for bad in [len, 5, sys]:
    try:
        inspect.getsource(bad)
    except (TypeError, OSError) as e:
        print(type(e).__name__, e)

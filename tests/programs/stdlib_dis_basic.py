# dis.dis of functions, methods, classes and code objects: exactly
# python3.12's text (no nested code objects here, whose headers hold an
# address).
import dis

def add(a, b=1):
    c = a + b
    if c > 10:
        return c * 2
    return c

def loop(xs):
    total = 0
    for x in xs:
        if x % 2:
            continue
        total += x
    return total

def handler(d, k):
    try:
        return d[k]
    except KeyError as e:
        print("missing", e)
        return None
    finally:
        d.clear()

def calls(obj):
    print(obj.attr, len(obj), obj.method(1, key=2), *obj.rest, **obj.kw)
    return f"{obj!r:>10} {obj.x}"

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    @staticmethod
    def origin():
        return Point(0, 0)

    @classmethod
    def make(cls, v):
        return cls(v, v)

dis.dis(add)
print("---")
dis.dis(loop)
print("---")
dis.dis(handler)
print("---")
dis.dis(calls)
print("---")
dis.dis(Point.norm)
print("---")
dis.dis(Point(1, 2).norm)
print("---")
dis.dis(add.__code__)
print("---")
dis.dis(Point)
print("---")
dis.disassemble(add.__code__)
print("---")
dis.disassemble(loop.__code__, 10)
print("---")
def gen(n):
    yield from range(n)
dis.dis(gen(3))
print("---")
try:
    dis.dis(42)
except TypeError as e:
    print("TypeError:", e)
try:
    dis.dis([1])
except TypeError as e:
    print("TypeError:", e)
import io
buf = io.StringIO()
dis.dis(add, file=buf)
print(buf.getvalue().count("\n"), "lines to a file")

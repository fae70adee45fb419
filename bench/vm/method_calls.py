class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)
    def dot(self, other):
        return self.x * other.x + self.y * other.y
def main():
    v = Vec(0, 0)
    step = Vec(1, 2)
    acc = 0
    for _ in range(2_000_000):
        v = v.add(step)
        acc += v.dot(step)
    print(v.x, v.y, acc)
main()

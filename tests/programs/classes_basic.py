# py2: yes
# Classes with inheritance, explicit super(), properties, classmethods,
# staticmethods, class attributes and special methods (2/3-compatible).


class Shape(object):
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        return 0

    def describe(self):
        return "%s with area %s" % (self.name, self.area())

    @classmethod
    def created(cls):
        return "%s: %d shapes" % (cls.__name__, Shape.count)

    @staticmethod
    def unit():
        return "cm"


class Rect(Shape):
    def __init__(self, w, h):
        super(Rect, self).__init__("rect")
        self._w = w
        self._h = h

    def area(self):
        return self._w * self._h

    @property
    def width(self):
        return self._w

    @width.setter
    def width(self, value):
        if value < 0:
            raise ValueError("negative")
        self._w = value


class Square(Rect):
    def __init__(self, side):
        super(Square, self).__init__(side, side)
        self.name = "square"

    def __eq__(self, other):
        return isinstance(other, Square) and self.area() == other.area()

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "Square(%d)" % self._w

    def __len__(self):
        return 4


r = Rect(3, 4)
s = Square(5)
print(r.describe())
print(s.describe())
r.width = 10
print(str(r.width) + " " + str(r.area()))
try:
    r.width = -1
except ValueError as e:
    print("rejected " + str(e))
print(Shape.created())
print(Square.created())
print(Rect.unit())
print(repr(s))
print(str(s == Square(5)) + " " + str(s != Square(6)))
print(str(len(s)))
print(str(isinstance(s, Shape)) + " " + str(issubclass(Square, Rect)))
print(str([c.__name__ for c in Square.__mro__]))
print(str(getattr(s, "missing", "default")))
setattr(s, "color", "red")
print(s.color)

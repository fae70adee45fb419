# f-strings: conversions !r !s !a, format specs (width, precision, fill,
# alignment, sign, grouping, types), nested replacement fields, expressions.

name = "Zoë"
value = 3.14159265
n = 1234567
items = ["a", "b"]
print(f"plain {name}")
print(f"{name!r} {name!s} {name!a}")
print(f"{value:.2f} {value:10.3f}| {value:<10.1f}| {value:e}")
print(f"{n:,} {n:_} {n:>12,} {n:+d} {-n:d}")
print(f"{255:x} {255:#X} {255:o} {255:b} {255:08b}")
print(f"{'mid':*^11} {'left':<6}| {'right':>7}")
print(f"{0.25:%} {0.125:.1%}")
width = 8
prec = 3
print(f"{value:{width}.{prec}f}|")
print(f"{items[0]}{items[-1]} {len(items)} {items!r}")
print(f"{'nested ' + name.upper()}")
print(f"{{literal braces}} {n // 1000}k")
d = {"key": "val"}
print(f"{d['key']} {d!r}")
print(f"{3 + 4 * 2} {value > 3} {None}")


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        return "$" + format(self.cents / 100, spec or ".2f")

    def __repr__(self):
        return "Money(%d)" % self.cents


m = Money(12345)
print(f"{m} {m:.1f} {m!r}")
print(f"{'multi'}"
      f"{'part'} "
      f"{1}")
print(f"{name:>{width}}|")
print(f"{'tab':\t<6}|".replace("\t", "T"))
print(f"{-0.0} {1e16} {float('inf')}")

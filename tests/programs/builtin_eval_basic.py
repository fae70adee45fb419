# eval() of source strings: arithmetic, names from globals/locals/builtins,
# the default scopes of the caller, repr round-trips, bytes sources.

print(eval("1+2"))
print(eval("  2 ** 10\n"))
print(eval("\t 3 * 4"))
print(eval("x*2", {"x": 3}))
print(eval("x + y", {"x": 1}, {"y": 10}))
print(eval("x", {"x": "global"}, {"x": "local"}))
print(eval(b"7 // 2"))
print(eval(bytearray(b"[1, 2] * 2")))
print(eval("len('abc') + abs(-4)"))
print(eval("[i * i for i in range(5)]"))
print(eval("{k: v for k, v in zip('ab', (1, 2))}"))
print(eval("sum(x for x in range(10) if x % 2)"))
print(eval("(1, 'two', 3.0, None, True, ..., 1j, b'x')"))
print(eval("f'{40 + 2:>5}|'"))
print(eval("'a' 'b' \"c\""))
print(eval("1 if 0 else 2"))
print(eval("not 1 < 2 < 3"))
print(eval("-2 ** 2, ~5, +3"))
print(eval("[1, 2, 3][::-1]"))
print(eval("(lambda_ := 5) if False else 'no walrus run'") if False else "skipped")
print(eval("1, 2"))
print(eval("(\n 1 +\n 2\n)"))
print(eval("3 # a comment"))
print(eval("2 +\\\n 3"))

# round trips
for obj in [42, -3.5, "it's", [1, (2, 3), {"k": {4, 5}}], {"a": None}, 10**30, 1e300,
            float("inf") if False else 0.1, b"\x00\xff", (1,), frozenset() if False else set()]:
    back = eval(repr(obj))
    print(repr(obj), back == obj, type(back).__name__)

# default scopes: the caller's globals and locals
G = 100
def f(a, b=2):
    c = a + b
    return eval("a * b + c + G")
print(f(3))

def g():
    n = 5
    return eval("[n * i for i in range(3)]")
print(g())

class K:
    attr = 7
    twice = eval("attr * 2")
print(K.twice)

# __builtins__ is put into a given globals dict
ns = {"v": 1}
print(eval("v + 1", ns), sorted(ns), ns["__builtins__"] is __builtins__ or type(ns["__builtins__"]).__name__)
ns2 = {"__builtins__": {"len": lambda s: 99}}
print(eval("len('x')", ns2))
try:
    eval("abs(-1)", {"__builtins__": {}})
except NameError as e:
    print("NameError:", e)

# globals() and locals() inside eval
d = {"q": 1}
print(eval("sorted(globals())", d))
print(eval("locals()", {}, {"z": 3}))
print(eval("globals() is g", {"g": None}) if False else eval("'__builtins__' in globals()", {}))

# a calculator over lines
for line in ["1 + 2 * 3", "(1 + 2) * 3", "10 / 4", "2 ** 0.5", "7 % 3", "max(3, 9, 4)"]:
    print(line, "=", eval(line))

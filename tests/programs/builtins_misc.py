# min-version: 3.12
# The builtin functions: results and the exact TypeError/ValueError messages
# of 3.12 for wrong arguments.


def attempt(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)


# numbers
attempt("abs", lambda: (abs(-3), abs(-2.5), abs(3 + 4j), abs(-2**70)))
attempt("abs str", lambda: abs("x"))
attempt("divmod", lambda: (divmod(7, -2), divmod(-7.5, 2), divmod(2**65, 7)))
attempt("divmod zero", lambda: divmod(1, 0))
attempt("divmod str", lambda: divmod("a", 1))
attempt("pow", lambda: (pow(2, 10), pow(2, -1), pow(3, 4, 5), pow(2, -1, 5), pow(2, 3, mod=7)))
attempt("pow mod 0", lambda: pow(2, 3, 0))
attempt("pow float mod", lambda: pow(2.0, 3, 5))
attempt("pow str", lambda: pow("a", 1, 2))
attempt("round", lambda: (round(2.5), round(3.5), round(1.2345, 2), round(12345, -2), round(-0.5)))
attempt("round none", lambda: round(2.675, None))
attempt("round str", lambda: round("a"))
attempt("round inf", lambda: round(float("inf")))
attempt("bin oct hex", lambda: (bin(10), bin(-5), oct(64), hex(255), hex(-2**40)))
attempt("bin float", lambda: bin(1.5))
attempt("sum", lambda: (sum([1, 2, 3]), sum([0.1] * 10), sum([1, 2.5, 0.1]), sum(range(5), 10)))
attempt("sum lists", lambda: sum([[1], [2, 3]], []))
attempt("sum big", lambda: sum([2**62, 2**62, 2**62]))
attempt("sum floats", lambda: (sum([1e100, 1.0, -1e100]), sum([0.1, 0.2, 0.3]), sum([-0.0])))
attempt("sum str", lambda: sum(["a", "b"], ""))
attempt("sum bytes", lambda: sum([b"a"], b""))
attempt("sum none", lambda: sum())
attempt("sum bad", lambda: sum([1, "a"]))

# sequences and iteration
attempt("len", lambda: (len("abc"), len([1]), len({}), len(range(10))))
attempt("len int", lambda: len(5))
attempt("len two", lambda: len([], []))
attempt("min max", lambda: (min(3, 1, 2), max("hello"), max([1, 5, 3], key=lambda v: -v)))
attempt("min default", lambda: (min([], default="empty"), max([], key=len, default=0)))
attempt("max empty", lambda: max([]))
attempt("max none", lambda: max())
attempt("max default multi", lambda: max(1, 2, default=0))
attempt("max kw", lambda: max([1], foo=1))
attempt("max mixed", lambda: max([1, "a"]))
attempt("sorted", lambda: (sorted([3, 1, 2]), sorted("bca", reverse=True), sorted([-3, 1, 2], key=abs)))
attempt("sorted kw", lambda: sorted([1], cmp=None))
attempt("sorted two", lambda: sorted([1], [2]))
attempt("reversed", lambda: (list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(3)))))
attempt("reversed int", lambda: reversed(5))
attempt("enumerate", lambda: list(enumerate("ab", start=10)))
attempt("zip", lambda: list(zip("abc", [1, 2])))
attempt("zip strict", lambda: list(zip("ab", [1, 2, 3], strict=True)))
attempt("map filter", lambda: (list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, "", "x"]))))
attempt("map one", lambda: map(len))
attempt("all any", lambda: (all([]), any([]), all([1, 0]), any([0, 2])))
attempt("all int", lambda: all(3))
attempt("iter next", lambda: (next(iter([1])), next(iter([]), "dflt")))
attempt("next stop", lambda: next(iter([])))
attempt("next not iter", lambda: next([1]))
attempt("iter sentinel", lambda: list(iter(iter([1, 2, 0, 3]).__next__, 0)))
attempt("iter call", lambda: iter(1, 2))

# characters
attempt("chr ord", lambda: (chr(65), chr(0x1F600), ord("é"), ord(b"a"), ord(bytearray(b"z"))))
attempt("chr range", lambda: chr(0x110000))
attempt("chr neg", lambda: chr(-1))
attempt("chr float", lambda: chr(1.5))
attempt("ord long", lambda: ord("ab"))
attempt("ord empty", lambda: ord(""))
attempt("ord int", lambda: ord(1))
attempt("ascii repr", lambda: (ascii("héllo\n"), repr("é"), ascii([1, "ß"])))
attempt("format", lambda: (format(3.14159, ".2f"), format(42, "08b"), format("x", "^5"), format(7)))
attempt("format spec type", lambda: format(1, 1))
attempt("format bad", lambda: format("a", "d"))

# objects and attributes
class Thing:
    """A thing."""
    size = 3

    def __init__(self):
        self.name = "t"


t = Thing()
attempt("getattr", lambda: (getattr(t, "name"), getattr(t, "nope", None), getattr(Thing, "size")))
attempt("getattr missing", lambda: getattr(t, "nope"))
attempt("getattr name type", lambda: getattr(t, 5))
attempt("hasattr", lambda: (hasattr(t, "name"), hasattr(t, "zzz")))
attempt("setattr delattr", lambda: (setattr(t, "extra", 1), t.extra, delattr(t, "extra"), hasattr(t, "extra")))
attempt("delattr missing", lambda: delattr(t, "zzz"))
attempt("vars", lambda: vars(t))
attempt("vars int", lambda: vars(5))
attempt("dir", lambda: [n for n in dir(t) if not n.startswith("__")])
attempt("isinstance", lambda: (isinstance(1, int), isinstance(True, (str, int)), isinstance(t, Thing)))
attempt("isinstance bad", lambda: isinstance(1, 2))
attempt("issubclass", lambda: (issubclass(bool, int), issubclass(Thing, object)))
attempt("issubclass bad", lambda: issubclass(1, int))
attempt("callable", lambda: (callable(len), callable(Thing), callable(t), callable(None)))
attempt("hash", lambda: (hash(1), hash(-1), hash(1.0) == hash(1), hash("") , hash(())))
attempt("hash list", lambda: hash([]))
attempt("id", lambda: id(t) == id(t) and id(t) != id(Thing))
attempt("type", lambda: (type(1), type("a").__name__, type(t).__qualname__))
attempt("type args", lambda: type(1, 2))
attempt("globals", lambda: globals()["attempt"].__name__)
attempt("locals in fn", lambda: sorted((lambda a, b=2: locals())(1)))

# constants and the builtins module
import builtins
attempt("constants", lambda: (None, Ellipsis, NotImplemented, __debug__, ... is Ellipsis))
attempt("exceptions", lambda: (IOError is OSError, EnvironmentError.__name__, issubclass(ExceptionGroup, Exception)))
attempt("builtins", lambda: (builtins.len is len, builtins.__name__, type(builtins.print).__name__))
attempt("repr builtin", lambda: (repr(len), repr(print), len.__module__, print.__qualname__))
attempt("exit repr", lambda: (repr(exit), repr(quit), str(help)))

# print
print("a", "b", sep="-", end="!\n")
print("no newline", end="")
print()
print(*[1, 2, 3], sep=", ")
print(None, True, 1.5, [1, "x"], {"k": (1,)})
attempt("print sep", lambda: print(1, sep=5))
attempt("print end", lambda: print(1, end=b""))
attempt("print kw", lambda: print(1, color=1))
attempt("print file", lambda: print("x", file=5))

# eval/exec of code objects
attempt("eval code", lambda: eval((lambda: 40 + 2).__code__))
attempt("exec code", lambda: exec((lambda: print("in exec")).__code__))
attempt("eval globals", lambda: eval((lambda: attempt.__name__).__code__, {"attempt": len}))
attempt("eval bad", lambda: eval(5))

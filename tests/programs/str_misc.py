# min-version: 3.8
# str odds and ends: hashes seen through set and dict order, identity of
# one-character strings, iterator types, subclasses, f-string debugging,
# __format__ overrides, chr/ord/ascii, int()/float() of Unicode digits,
# sorting and comparisons.


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


words = ["pear", "apple", "fig", "kiwi", "banana", "cherry", "é", "ü", "日本", "😀", "", "a", "b", "ab", "ba"]
print(set(words))
print(frozenset(words[:7]))
print({w: len(w) for w in words})
print({b"x", b"yy", b"zzz", b"", b"\xff"})
print(hash("abc"), hash(b"abc"), hash(""), hash("é") == hash("\xe9"))
print(sorted(words))
print(sorted(words, key=str.casefold, reverse=True))
ch_a, ch_e, empty, five, abc, e1 = "a", "\xe9", "", "5", "abc", "é"
t("identity", lambda: [abc[0] is ch_a, e1[0] is ch_e, empty.join([]) is empty, str(5)[0] is five])
t("iter types", lambda: [type(iter("abc")).__name__, type(iter("é")).__name__, type(iter(b"")).__name__, type(iter(bytearray())).__name__])
it = iter("abc")
next(it)
t("length_hint", lambda: it.__length_hint__())
t("chr/ord", lambda: [chr(65), chr(0xe9), chr(0x1f600), ord("€"), ord("\U0001f600"), ascii("é😀\n"), repr("é😀\n")])
t("chr err", lambda: chr(0x110000))
t("ord err", lambda: ord("ab"))
t("int unicode", lambda: [int("٣٤"), int(" \u0663\u0664\u3000"), int("１２"), float("١٫٥".replace("٫", "."))])
t("int err", lambda: int("٣x"))
t("str mul", lambda: ["-" * 10, "ab" * 3 + "|"])
x, name = 42, "pi"
t("fdebug", lambda: [f"{x=}", f"{x = }", f"{name=!s}", f"{x=:>5}", f"{name!r:^9}", f"{x:#x}", f"{'q'!a}"])


class Money:
    def __init__(self, v):
        self.v = v

    def __format__(self, spec):
        return "$" + format(self.v, spec or ".2f")

    def __str__(self):
        return "Money(%s)" % self.v


m = Money(3.5)
t("__format__", lambda: [format(m), format(m, ".1f"), f"{m}", f"{m:>8}", "{:.0f}".format(m), str(m), "%s" % m])


class Up(str):
    def upper(self):
        return "overridden"

    def __add__(self, other):
        return "added"


u = Up("hey")
t("subclass", lambda: [u.upper(), u + "x", "x" + u, u * 2, u[1:], u == "hey", type(u.lower()).__name__, isinstance(u, str)])
t("str(sub)", lambda: [type(str(u)).__name__, str(u), repr(u), len(u), "%s|%r" % (u, u)])
t("compare", lambda: [("a" < "b") and ("b" > "a"), "abc" < "abd", "Z" < "a", "" < "a", [max(words), min(words)]])
t("compare err", lambda: "a" < 1)
t("concat err", lambda: 1 + "a")
t("in", lambda: ["" in "", "a" in "", "ab" in "xaby"])
t("bool", lambda: [bool(""), bool(" "), bool(b""), bool(bytearray(b"\0"))])
t("str of types", lambda: [str(str), repr(bytes), str.__name__, bytearray.__qualname__])
t("method repr", lambda: [repr(str.upper)[:25], repr("x".upper)[:28]])
t("getattr", lambda: [getattr("x", "upper")(), hasattr("", "casefold"), "strip" in dir("")])
t("maketrans static", lambda: [str.maketrans("a", "b") == "".maketrans("a", "b"), bytes.maketrans(b"a", b"b")[97]])
t("immutable", lambda: setattr("abc", "x", 1))
t("str attr", lambda: setattr(str, "x", 1))
t("item assign", lambda: "abc".__setitem__)

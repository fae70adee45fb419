# min-version: 3.9
# bytes and bytearray: constructors, repr, indexing, slicing, operators,
# every shared method, bytearray's mutators and the exact errors.


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


t("ctor", lambda: [bytes(), bytes(3), bytes([1, 2, 255]), bytes(range(3)), bytes(iter([65, 66])), bytes(b"ab"),
                   bytes(bytearray(b"cd")), bytes("é", "utf-8"), bytes("é", encoding="latin-1"), bytes(True)])
for args in [("a",), ("a", "ascii", "strict", 1), (b"a", "ascii"), (1, "ascii"), (-1,), (1.5,), ([1, "a"],),
             ([1, 256],), ([-1],), (None,), (b"ab", 1), ("ab", "ascii", 1), (2 ** 70,)]:
    t("bytes%r" % (args,), lambda: bytes(*args))
t("bytes kw", lambda: [bytes(encoding="ascii") if False else bytes(), bytes(source=b"x")])
t("bytes enc only", lambda: bytes(encoding="ascii"))
t("bytes errors only", lambda: bytes(errors="strict"))
t("bytes bad kw", lambda: bytes(x=1))
t("bytearray ctor", lambda: [bytearray(), bytearray(2), bytearray(b"xy"), bytearray([1, 2]), bytearray("é", "utf-8")])
t("bytearray str", lambda: bytearray("abc"))
t("repr", lambda: [repr(b"'\"\\\t\n\r\x00\x7f\x80\xff"), repr(b"'"), repr(b"'\""), repr(b""), repr(bytearray(b"a'b")), repr(bytearray())])
t("str", lambda: [str(b"x"), str(bytearray(b"y"))])
b = b"Hello, World"
t("index", lambda: [b[0], b[-1], b[2:5], b[::-1], b[1:10:3], b[100:]])
t("index err", lambda: b[100])
t("index type", lambda: b["x"])
t("in", lambda: [b"ll" in b, 72 in b, 0 in b, b"" in b, bytearray(b"H") in b])
t("in str", lambda: "H" in b)
t("in range", lambda: 256 in b)
t("concat", lambda: [b + b"!", b + bytearray(b"?"), bytearray(b"a") + b"b", bytearray(b"a") + bytearray(b"b")])
t("concat err", lambda: b + "x")
t("concat err2", lambda: bytearray(b"a") + "x")
t("repeat", lambda: [b"ab" * 3, b"ab" * 0, 2 * b"x", bytearray(b"ab") * 2])
t("compare", lambda: [b"abc" < b"abd", b"ab" < b"abc", b"abc" == bytearray(b"abc"), bytearray(b"a") < bytearray(b"b"), b"a" == "a", b"" < b"\x00"])
t("compare err", lambda: b"abc" < "abd")
t("hash", lambda: [hash(b"abc") == hash("abc"), hash(b"") == 0])
t("hash ba", lambda: hash(bytearray()))
t("iter", lambda: [list(b"ab"), list(bytearray(b"cd"))])
t("find", lambda: [b.find(b"o"), b.rfind(b"o"), b.find(111), b.find(b"x"), b.find(b"", 20), b.index(b"W"), b.rindex(108), b.count(b"l"), b.count(108, 5), b.count(b"")])
t("find err", lambda: b.find("o"))
t("find range", lambda: b.find(256))
t("index err", lambda: b.index(b"x"))
t("count args", lambda: b.count())
t("count kw", lambda: b.count(b"a", x=1))
t("startswith", lambda: [b.startswith(b"He"), b.startswith((b"x", b"H")), b.endswith(b"ld"), b.endswith(b"o", 0, 5), b.startswith(b"", 20)])
t("startswith err", lambda: b.startswith("H"))
t("startswith tuple err", lambda: b.startswith(("H",)))
t("case", lambda: [b.lower(), b.upper(), b.swapcase(), b"hello world".title(), b"aBC".capitalize(), b"\xe9a".upper()])
t("is", lambda: [(x, x.isalnum(), x.isalpha(), x.isdigit(), x.islower(), x.isupper(), x.isspace(), x.istitle(), x.isascii())
                 for x in [b"abc", b"ABC", b"a1", b"123", b" \t\x0b", b"\x1c", b"", b"Hello World", b"\x80"]])
t("pad", lambda: [b"abc".center(7), b"abc".center(6, b"*"), b"ab".ljust(5, b"-"), b"ab".rjust(5, bytearray(b"+")), b"-42".zfill(6), b"abc".center(2)])
t("pad err", lambda: b"abc".center(5, "x"))
t("pad err2", lambda: b"abc".ljust(5, b"xy"))
t("pad args", lambda: b"a".center())
t("expandtabs", lambda: [b"a\tb\n\tc".expandtabs(), b"a\tb".expandtabs(4), b"a\tb".expandtabs(tabsize=0)])
t("split", lambda: [b" a  b ".split(), b"a,b,,c".split(b","), b"a,b,,c".rsplit(b",", 1), b" a b ".rsplit(None, 1), b"a\x1cb c".split(), b"".split(b",")])
t("split err", lambda: b"a,b".split(","))
t("split empty", lambda: b"a".split(b""))
t("splitlines", lambda: [b"a\nb\r\nc\rd\x0be".splitlines(), b"a\nb\n".splitlines(True)])
t("strip", lambda: [b"  x  ".strip(), b"xxaxx".strip(b"x"), b"abcba".lstrip(b"ab"), b"abcba".rstrip(bytearray(b"ab"))])
t("strip err", lambda: b"abc".strip("a"))
t("join", lambda: [b"-".join([b"a", bytearray(b"b"), b"c"]), b"".join([]), bytearray(b", ").join([b"x", b"y"])])
t("join err", lambda: b"-".join([b"a", "b"]))
t("join err2", lambda: b"-".join(1))
t("partition", lambda: [b"a=b=c".partition(b"="), b"a=b=c".rpartition(b"="), b"abc".partition(b"x"), bytearray(b"abc").partition(b"x")])
t("partition err", lambda: b"abc".partition("b"))
t("replace", lambda: [b"aaa".replace(b"a", b"b", 2), b"abc".replace(b"", b"-"), b"abc".replace(b"x", b"y"), bytearray(b"aXa").replace(b"X", b"")])
t("replace err", lambda: b"abc".replace("a", "b"))
t("replace args", lambda: b"abc".replace(b"a"))
t("removeprefix", lambda: [b"abc".removeprefix(b"a"), b"abc".removesuffix(b"bc"), b"abc".removeprefix(b"x")])
t("translate", lambda: [b"abc".translate(None, b"b"), b"abc".translate(bytes.maketrans(b"ab", b"xy")), b"abc".translate(None, delete=b"ac")])
t("translate err", lambda: b"abc".translate(b"x"))
t("translate args", lambda: b"abc".translate())
t("maketrans err", lambda: bytes.maketrans(b"ab", b"c"))
t("maketrans type", lambda: bytes.maketrans("a", "b"))
t("hex", lambda: [b"abc".hex(), b"abc".hex(":"), b"abcdef".hex(":", 2), b"abcdef".hex(":", -2), b"abcde".hex(":", 2), b"abcde".hex(":", -2), b"abc".hex(b"-"), b"".hex()])
t("hex err", lambda: b"abc".hex("::"))
t("hex err2", lambda: b"abc".hex(1))
t("fromhex", lambda: [bytes.fromhex("ab cd"), bytes.fromhex(" ab\t\ncd "), bytearray.fromhex("61 62"), bytes.fromhex("")])
for h in ["abc", "zz", "a b", "é"]:
    t("fromhex %r" % h, lambda: bytes.fromhex(h))
t("fromhex type", lambda: bytes.fromhex(1))
t("decode", lambda: [b"abc".decode(), b"\xe9".decode("latin-1"), b"\xe9".decode(errors="replace"), bytearray(b"x").decode()])
t("decode err", lambda: b"\xe9".decode())
t("getnewargs", lambda: [b"abc".__getnewargs__(), b"abc".__bytes__()])

ba = bytearray(b"abc")
ba.append(100)
ba.extend(b"ef")
ba.extend([103, 104])
ba.extend(iter([105]))
ba.insert(0, 95)
ba.insert(-100, 94)
ba.insert(100, 106)
print(ba, ba.pop(), ba.pop(0), ba)
ba.remove(99)
ba.reverse()
print(ba, len(ba))
c = ba.copy()
ba.clear()
print(ba, c, c is not ba)
ba = bytearray(b"abcdef")
ba[0] = 65
ba[-1] = 70
ba[1:3] = b"XYZ"
print(ba)
ba[::2] = b"1234"
print(ba)
del ba[0]
del ba[1:3]
print(ba)
del ba[::2]
print(ba)
ba += b"!!"
ba *= 2
print(ba)
ba[0:0] = [48, 49]
ba[2:4] = bytearray(b"")
print(ba)
x = bytearray(b"ab")
x.extend(x)
x[0:0] = x
print(x)
def stmt0():
    global ba
    ba[0] = 256

def stmt1():
    global ba
    ba[0] = 'a'

def stmt2():
    global ba
    ba[50] = 1

def stmt3():
    global ba
    ba['x'] = 1

def stmt4():
    global ba
    ba[0:1] = 5

def stmt5():
    global ba
    ba[0:1] = 'x'

def stmt6():
    global ba
    ba[0:1] = [1, 'a']

def stmt7():
    global ba
    ba[0:1] = [1, 300]

def stmt8():
    global ba
    ba[::2] = b'x'

def stmt9():
    global ba
    del ba[50]

def stmt10():
    global ba
    del ba['x']

def stmt11():
    global ba
    ba += 'x'

def stmt12():
    global ba
    ba *= 'x'

def stmt13():
    global ba
    ba.append(256)

def stmt14():
    global ba
    ba.append('a')

def stmt15():
    global ba
    ba.insert(0)

def stmt16():
    global ba
    ba.pop(50)

def stmt17():
    global ba
    bytearray().pop()

def stmt18():
    global ba
    ba.remove(120)

def stmt19():
    global ba
    ba.remove(b'a')

def stmt20():
    global ba
    ba.extend(1)

def stmt21():
    global ba
    ba.extend([1, 'a'])

def stmt22():
    global ba
    ba.extend('ab')

def stmt23():
    global ba
    ba.pop('x')

for i, stmt in enumerate([stmt0, stmt1, stmt2, stmt3, stmt4, stmt5, stmt6, stmt7, stmt8, stmt9, stmt10, stmt11, stmt12, stmt13, stmt14, stmt15, stmt16, stmt17, stmt18, stmt19, stmt20, stmt21, stmt22, stmt23]):
    label = ['ba[0] = 256', "ba[0] = 'a'", 'ba[50] = 1', "ba['x'] = 1", 'ba[0:1] = 5', "ba[0:1] = 'x'", "ba[0:1] = [1, 'a']", 'ba[0:1] = [1, 300]', "ba[::2] = b'x'", 'del ba[50]', "del ba['x']", "ba += 'x'", "ba *= 'x'", 'ba.append(256)', "ba.append('a')", 'ba.insert(0)', 'ba.pop(50)', 'bytearray().pop()', 'ba.remove(120)', "ba.remove(b'a')", 'ba.extend(1)', "ba.extend([1, 'a'])", "ba.extend('ab')", "ba.pop('x')"][i]
    try:
        stmt()
        print(label, "ok", ba)
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)


class BA(bytearray):
    pass


class B(bytes):
    pass


t("subclasses", lambda: [repr(BA(b"x")), type(BA(b"x").upper()).__name__, repr(B(b"y")), type(B(b"y").upper()).__name__,
                         type(B(b"y") + b"z").__name__, type(B(b"y")[0:1]).__name__, B(b"y") == b"y"])
t("alloc", lambda: [bytearray(b"abc").__alloc__(), bytearray().__alloc__(), bytearray(b"abc").__sizeof__(), bytearray().__sizeof__()])

# A string grown in a loop (`s += t`, `s = s + t`): pydbg grows a local str
# in place when nothing else holds it; every alias, hash, cached UTF-8 form
# and width change must look exactly as if a new string had been made.


def grow_ascii(n):
    s = ""
    for i in range(n):
        s += str(i % 10)
    return s


def grow_plus(n):
    t = "start:"
    for i in range(n):
        t = t + chr(97 + i % 26)
    return t


def aliases():
    s = "ab" * 3
    t = s
    s += "c"
    print(t, s, t is s)
    u = s
    s = s + "d"
    print(u, s)
    d = {s: 1}
    s += "e"
    print(d, s, s in d)


def hashes():
    s = "x" * 5
    h1 = hash(s)
    s += "y"
    print(hash(s) == hash("xxxxx" + "y"), h1 == hash("xxxxx"))
    seen = {s}
    s += "z"
    print(sorted(seen), s in seen, s[:-1] in seen)


def widths():
    s = "caf"
    s += "\u00e9"          # ASCII -> Latin-1
    print(s, len(s))
    s += "!"               # Latin-1 stays Latin-1
    print(s, len(s), s.encode())
    s += "\u20ac"          # Latin-1 -> two-byte
    print(s, len(s), s.encode())
    s += "\U0001f600"      # two-byte -> four-byte
    print(s, len(s), s.encode())
    s += "ok"
    print(s, len(s), ascii(s))


def utf8_cache():
    s = "na\u00efve"
    print(s)               # printing caches the UTF-8 form
    s += " caf\u00e9"
    print(s)
    s += ""
    print(s, s.upper())


def interned():
    s = "abc"
    s += "d"
    print(s, "abc")


def in_generator():
    acc = ""
    for ch in "hello":
        acc += ch.upper()
        yield acc


a = grow_ascii(20000)
print(len(a), a[:25], a[-5:], a.count("7"))
p = grow_plus(5000)
print(len(p), p[:40], p[-3:])
aliases()
hashes()
widths()
utf8_cache()
interned()
print(list(in_generator()))
big = grow_ascii(300000)
print(len(big), hash(big) == hash("".join(str(i % 10) for i in range(300000))))

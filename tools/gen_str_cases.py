#!/usr/bin/env python3
"""gen_str_cases.py — random str/bytes method calls with CPython 3.12's answers.

Writes tests/data/str_cases.txt for tests/unit/test_str.c: each case is two
lines, the call (METHOD, self, args; tab-separated tokens) and what 3.12
returned (its repr) or raised ("!! Type: message").  Tokens: n (None),
B:0/1 (bool), i:INT, f:FLOAT (repr), s:HEX (UTF-8 with surrogates), b:HEX (bytes),
t:A,B (tuple; commas inside items as ';'), L:A,B (list), l:START/STOP/STEP
(slice), d:K=V,K=V (dict).  A METHOD of the form "()TYPE" calls the type
str, bytes or bytearray with the arguments (self is then unused: n).  Random but reproducible (fixed seed); must run under 3.12 with
PYTHONHASHSEED=0 (hash() results are part of the cases).

Usage: PYTHONHASHSEED=0 python3.12 tools/gen_str_cases.py [SEED COUNT] > tests/data/str_cases.txt
"""
import os
import random
import sys

if sys.version_info[:2] != (3, 12) or os.environ.get("PYTHONHASHSEED") != "0":
    sys.exit("gen_str_cases.py: run under CPython 3.12 with PYTHONHASHSEED=0")
sys.stdout.reconfigure(errors="surrogatepass")
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
ALPH = ["a", "b", "A", "B", " ", "\t", "\n", "\r", "x", "ab", ",", "-", "0", "1", "9", "é", "ß", "Σ", "ǅ", "İ", "ﬁ", "\u3000", "\x1c", "\u2028", "٣", "²", "😀", "\ud800", "'", '"', "\\", "{", "}", "%", "_", ".", "ς", "σ", "\u0345", "\xa0", "ﬀ", "ŉ"]
BALPH = [b"a", b"b", b"A", b" ", b"\t", b"\n", b"\r", b"x", b",", b"-", b"0", b"1", b"\xe9", b"\xff", b"\x00", b"'", b'"', b"\\", b"\x0b", b"\x1c", b"ab"]
def rs(maxlen=8):
    return "".join(random.choice(ALPH) for _ in range(random.randint(0, maxlen)))
def rb(maxlen=8):
    return b"".join(random.choice(BALPH) for _ in range(random.randint(0, maxlen)))
def ri():
    return random.choice([-100, -5, -3, -2, -1, 0, 1, 2, 3, 4, 5, 8, 10, 2**40, -2**40])
def enc(v):
    if v is None: return "n"
    if isinstance(v, bool): return "B:%d" % v
    if isinstance(v, int): return "i:%d" % v
    if isinstance(v, float): return "f:" + repr(v)
    if isinstance(v, str): return "s:" + v.encode("utf-8", "surrogatepass").hex()
    if isinstance(v, bytes): return "b:" + v.hex()
    if isinstance(v, tuple): return "t:" + ",".join(enc(x).replace(",", ";") for x in v)
    if isinstance(v, dict): return "d:" + ",".join(enc(k) + "=" + enc(x).replace(",", ";") for k, x in v.items())
    if isinstance(v, slice): return "l:%s/%s/%s" % tuple(enc(x) for x in (v.start, v.stop, v.step))
    raise TypeError(v)
STRM = {
 "capitalize": [], "casefold": [], "lower": [], "upper": [], "swapcase": [], "title": [],
 "isalnum": [], "isalpha": [], "isascii": [], "isdecimal": [], "isdigit": [], "isidentifier": [],
 "islower": [], "isnumeric": [], "isprintable": [], "isspace": [], "istitle": [], "isupper": [],
 "center": ["i", "i c"], "ljust": ["i", "i c"], "rjust": ["i", "i c"], "zfill": ["i"],
 "count": ["s", "s i", "s i i", "s n i"], "find": ["s", "s i", "s i i"], "rfind": ["s", "s i", "s i i"],
 "index": ["s", "s i i"], "rindex": ["s", "s i i"], "startswith": ["s", "s i", "s i i", "t"], "endswith": ["s", "s i", "s i i", "t"],
 "expandtabs": ["", "i"], "join": ["L"], "partition": ["s"], "rpartition": ["s"], "replace": ["s s", "s s i"],
 "removeprefix": ["s"], "removesuffix": ["s"], "split": ["", "s", "n i", "s i"], "rsplit": ["", "s", "n i", "s i"],
 "splitlines": ["", "i"], "strip": ["", "s", "n"], "lstrip": ["", "s"], "rstrip": ["", "s"],
 "__getitem__": ["i", "l"], "__contains__": ["s"], "__mul__": ["i"], "__add__": ["s"], "__mod__": ["s", "i", "T"],
 "format": ["", "s", "s s", "s i"], "__format__": ["s"], "encode": ["", "E", "E H"], "__lt__": ["s"], "__eq__": ["s"],
 "__repr__": [], "__len__": [], "__hash__": [],
}
BYTM = {
 "capitalize": [], "lower": [], "upper": [], "swapcase": [], "title": [], "isalnum": [], "isalpha": [], "isascii": [],
 "isdigit": [], "islower": [], "isspace": [], "istitle": [], "isupper": [],
 "center": ["i", "i c"], "ljust": ["i", "i c"], "rjust": ["i", "i c"], "zfill": ["i"],
 "count": ["b", "b i", "i", "b i i"], "find": ["b", "i", "b i i"], "rfind": ["b", "b i"], "index": ["b"], "rindex": ["i"],
 "startswith": ["b", "b i", "t"], "endswith": ["b", "b i i"], "expandtabs": ["", "i"], "join": ["L"], "partition": ["b"],
 "rpartition": ["b"], "replace": ["b b", "b b i"], "removeprefix": ["b"], "removesuffix": ["b"], "split": ["", "b", "n i", "b i"],
 "rsplit": ["", "b", "n i", "b i"], "splitlines": ["", "i"], "strip": ["", "b"], "lstrip": ["b"], "rstrip": ["", "b"],
 "__getitem__": ["i", "l"], "__contains__": ["b", "i"], "__mul__": ["i"], "__add__": ["b"], "__mod__": ["b", "i", "T"],
 "decode": ["", "E", "E H"], "hex": ["", "c", "c i"], "__repr__": [], "__len__": [], "__hash__": [], "__lt__": ["b"],
}
ENCS = ["utf-8", "ascii", "latin-1", "utf-16", "utf-16-be", "utf-32", "utf-8-sig"]
HANDS = ["strict", "replace", "ignore", "surrogateescape", "backslashreplace", "xmlcharrefreplace", "surrogatepass"]
def arg(k, isb):
    if k == "E" and random.random() < .2: return random.choice(["UTF8", "u16", "latin1", "utf_32_be", "us-ascii", "bogus", "hex", "iso-8859-1"])
    if k == "s": return rs(3) if random.random() < .8 else random.choice(["", "a", "ab", " "])
    if k == "b": return rb(3)
    if k == "i": return ri()
    if k == "n": return None
    if k == "c": return (rb(1) if isb else rs(1)) if random.random() < .9 else (b"xy" if isb else "xy")
    if k == "t": return tuple((rb(2) if isb else rs(2)) for _ in range(random.randint(0, 3)))
    if k == "l": return slice(*(random.choice([None, ri()]) for _ in range(2)), random.choice([None, 1, 2, -1, -2, 3]))
    if k == "E": return random.choice(ENCS)
    if k == "H": return random.choice(HANDS)
    if k == "L": return [rb(2) if isb else rs(2) for _ in range(random.randint(0, 3))]
    if k == "T": return tuple(random.choice([rs(2), ri()]) for _ in range(random.randint(0, 2)))
print("# str_cases.txt - GENERATED by tools/gen_str_cases.py under CPython %s; do not edit." % sys.version.split()[0])
def rtable():
    d = {}
    for _ in range(random.randint(0, 4)):
        k = ord(random.choice(ALPH)[0]) if random.random() < .8 else random.choice(["a", "ab", 1.5])
        d[k] = random.choice([None, rs(2), ri(), ord("z"), 0x110000, 1.5])
    return d


def ctor_case():
    t = random.choice(["str", "bytes", "bytearray"])
    shape = random.choice(["", "x", "x", "x", "x E", "x E H", "x H"])
    args = []
    for k in shape.split():
        if k == "x":
            args.append(random.choice([rs(3), rb(3), ri() % 7, -1, None, 1.5, [1, 2, 255], [256], (65, "a"), True]))
        else:
            args.append(arg(k, True))
    try:
        r = {"str": str, "bytes": bytes, "bytearray": bytearray}[t](*args)
        out = repr(r)
    except Exception as e:
        out = "!! %s: %s" % (type(e).__name__, e)
    return "()" + t, None, args, out


def trans_case():
    which = random.choice(["translate", "maketrans1", "maketrans2", "maketrans3"])
    if which == "translate":
        return "translate", rs(6), [rtable()], None
    if which == "maketrans1":
        return "maketrans", "", [{random.choice(["a", "ab", 1, 1.5, "é"]): random.choice([None, 1, "x"]) for _ in range(random.randint(0, 2))}], None
    if which == "maketrans2":
        return "maketrans", "", [random.choice([rs(2), 5]), rs(2)], None
    return "maketrans", "", [rs(2), rs(2), random.choice([rs(2), 3])], None


for n in range(int(sys.argv[2]) if len(sys.argv) > 2 else 2500):
    if random.random() < .08:
        m, self, args, out = ctor_case() if random.random() < .6 else trans_case()
        if out is None:
            try:
                out = repr(getattr(self, m)(*args))
            except Exception as e:
                out = "!! %s: %s" % (type(e).__name__, e)
        print("\t".join([m, enc(self)] + [enc(a) if not isinstance(a, list) else "L:" + ",".join(enc(x).replace(",", ";") for x in a) for a in args]))
        print(out.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))
        continue
    isb = random.random() < .3
    table = BYTM if isb else STRM
    m = random.choice(sorted(table))
    shape = random.choice(table[m]) if table[m] else ""
    args = [arg(k, isb) for k in shape.split()]
    if m == "__mod__" and random.random() < .6:
        nconv = random.randint(0, 3)
        parts = []
        vals = []
        for _ in range(nconv):
            flags = "".join(random.choice(["", "-", "+", " ", "#", "0"]) for _ in range(random.randint(0, 2)))
            width = random.choice(["", "", "1", "5", "12", "*"])
            prec = random.choice(["", "", ".0", ".1", ".3", ".*", ".10"])
            conv = random.choice("sradiuxXoeEfFgGc%")
            parts.append("%" + flags + width + prec + conv)
            if width == "*": vals.append(random.choice([-6, 0, 3, 7]))
            if prec == ".*": vals.append(random.choice([-1, 0, 2, 5]))
            if conv in "diuxXoc": vals.append(random.choice([0, 1, -1, 42, -255, 10**20, -10**25, True, 65, 0x10ffff]))
            elif conv in "eEfFgG": vals.append(random.choice([0.0, -0.0, 1.5, -2.25, 1e16, 1.234e-7, float("inf"), float("-inf"), float("nan"), 123456789.0, 3, -7]))
            elif conv == "%": pass
            else: vals.append(random.choice([rs(3), ri(), None, 1.5]))
            if random.random() < .1: vals.append(rs(1))
        sep = rs(1)
        self = sep.join(parts) if not isb else sep.encode("utf-8", "surrogatepass").join(p.encode() for p in parts)
        if isb:
            vals = [v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v for v in vals]
        args = [tuple(vals)]
    elif m in ("__mod__",) :
        self = (rb(2) + random.choice([b"%s", b"%d", b"%r", b"%5s", b"%-3d", b"%x", b"%c", b"%%", b"%.1s"]) + rb(2)) if isb else (rs(2) + random.choice(["%s", "%d", "%r", "%5s", "%-3d", "%x", "%c", "%%", "%.1s", "%a", "%(a)s"]) + rs(2))
    elif m == "format":
        self = rs(2) + random.choice(["{}", "{0}", "{1}", "{!r}", "{:>4}", "{{", "}}", "{0:{1}}", "{:.1}", "{", "}", "{0!s:^5}"]) + rs(2)
    elif m == "__format__":
        self = rs(4)
        args = [random.choice(["", "<5", ">5", "^6", "*^7", ".2", "5.1", "d", "s", "=5", "+", ",", "010", "x<4"]) if random.random() < .5 else
                "".join(random.choice(["<", ">", "^", "=", "x", "é", "0", "1", "5", ".", ",", "_", "s", "#", "+", " ", "z", "9"]) for _ in range(random.randint(0, 5)))]
    elif m == "decode":
        self = bytes(random.choice([random.randrange(256), 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0xc3, 0xa9, 0xd8, 0x00, 0xdc, 0x61, 0xfe, 0xff, 0xe0, 0xbf]) for _ in range(random.randint(0, 9)))
    else:
        self = rb(10) if isb else rs(10)
    if m == "join" and not isb:
        pass
    try:
        r = getattr(self, m)(*args)
        if m == "__hash__":
            pass
        out = repr(r)
    except Exception as e:
        out = "!! %s: %s" % (type(e).__name__, e)
    print("\t".join([m, enc(self)] + [enc(a) if not isinstance(a, list) else "L:" + ",".join(enc(x).replace(",", ";") for x in a) for a in args]))
    # one line per answer: backslashes, CR and LF escaped (test_str does the same)
    print(out.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))

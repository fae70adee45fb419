# The unicodedata module: properties, names both ways, normalization and
# the errors of each function.
import unicodedata as ud

print(ud.unidata_version)
print(ud.__name__, ud.__doc__.splitlines()[0])

samples = "aZ5 \t\n.,!éßΣσς٣५¼½⅓Ⅻ①२\u0301\u0327\u200b\u2028\u3000€$漢字가각ｱｶﾞ😀\U0001d400\U00010400\ufb01\u00a0\U000e0001\x00\x7f\ud800\ue000"
for ch in samples:
    print("U+%04X" % ord(ch), ud.category(ch), repr(ud.bidirectional(ch)), ud.combining(ch),
          ud.mirrored(ch), ud.east_asian_width(ch), repr(ud.decomposition(ch)),
          ud.decimal(ch, None), ud.digit(ch, None), ud.numeric(ch, None), ud.name(ch, "?"))

for ch in "([{<>}])«»∈":
    print(ch, ud.mirrored(ch), ud.bidirectional(ch))

# names of algorithmic ranges and their reverse
for cp in (0x4E00, 0x9FFF, 0x3400, 0x20000, 0x31350, 0xF900, 0xFA70, 0x2F800, 0x1B170,
           0x18B00, 0xAC00, 0xAC01, 0xD7A3, 0xB98C, 0x17000, 0x18800, 0xE0100):
    n = ud.name(chr(cp), None)
    print(hex(cp), n, n is not None and ud.lookup(n) == chr(cp))

for name in ["LATIN SMALL LETTER A", "latin small letter sharp s", "SNOWMAN", "EURO SIGN",
             "GREEK SMALL LETTER FINAL SIGMA", "HANGUL SYLLABLE GAG", "HANGUL SYLLABLE GGWAELH",
             "HANGUL SYLLABLE A", "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-04E00",
             "cjk compatibility ideograph-f900", "NUSHU CHARACTER-1B170", "LINE FEED", "LF",
             "NBSP", "BYTE ORDER MARK", "LATIN CAPITAL LETTER GHA",
             "LATIN SMALL LETTER A WITH MACRON AND GRAVE", "KEYCAP NUMBER SIGN",
             "TAMIL SYLLABLE KSSA", "GRINNING FACE", "SPACE"]:
    r = ud.lookup(name)
    print(repr(name), repr(r), [hex(ord(c)) for c in r])

def attempt(f, *a):
    try:
        r = f(*a)
    except Exception as e:
        print(f.__name__, type(e).__name__, e)
    else:
        print(f.__name__, repr(r))

for bad in ["", "ab", 3, None, b"a"]:
    for f in (ud.category, ud.bidirectional, ud.combining, ud.mirrored, ud.east_asian_width,
              ud.decomposition, ud.decimal, ud.digit, ud.numeric, ud.name):
        attempt(f, bad)
for f in (ud.decimal, ud.digit, ud.numeric, ud.name):
    attempt(f, "x")
    attempt(f, "x", -1)
    attempt(f)
    attempt(f, "1", 2, 3)
for name in ["NOT A NAME", "x" * 256, "x" * 257, "LATIN SMALL LETTER A\x00B", "", "é",
             "CJK UNIFIED IDEOGRAPH-4e00", "CJK UNIFIED IDEOGRAPH-4DC0", "HANGUL SYLLABLE",
             "HANGUL SYLLABLE GX", "hangul syllable GAG", "cjk unified ideograph-4E00", "Cjk Compatibility Ideograph-FA70", "TANGUT IDEOGRAPH-17000", "NUSHU CHARACTER-01B170",
             b"SNOWMAN", 3, bytearray(b"SNOWMAN"), None]:
    attempt(ud.lookup, name)
attempt(ud.lookup)
try:
    ud.category(c="a")
except TypeError as e:
    print(e)
try:
    ud.category()
except TypeError as e:
    print(e)

forms = ["NFC", "NFD", "NFKC", "NFKD"]
texts = ["café", "cafe\u0301", "Å", "A\u030a", "\u212b", "ﬁ", "①", "ｶﾞ", "가", "\u1100\u1161\u11a8",
         "a\u0323\u0302", "a\u0302\u0323", "ệ", "\u0344", "\u0958", "\u2126", "x\u0301\u0301",
         "Ǆ", "ẛ\u0323", "한국어", "\u1100\u1161\u11a7", "\u0f73", "\u0b47\u0b3e", "Ⅻ", "¼", "", "abc"]
for t in texts:
    row = []
    for form in forms:
        n = ud.normalize(form, t)
        row.append("%s=%s%s" % (form, " ".join("%04X" % ord(c) for c in n),
                                "*" if ud.is_normalized(form, t) else ""))
    print(repr(t), "; ".join(row))
s = "plain ascii"
print(ud.normalize("NFC", s) is s, ud.normalize("NFKD", s) == s)
attempt(ud.normalize, "NFX", "a")
attempt(ud.normalize, "nfc", "a")
attempt(ud.normalize, 3, "a")
attempt(ud.normalize, "NFC", 3)
attempt(ud.normalize, "NFC")
attempt(ud.is_normalized, "NFX", "a")
attempt(ud.is_normalized, "NFC", b"a")
print(sorted(n for n in dir(ud) if not n.startswith("_") and n not in ("UCD", "ucd_3_2_0")))
print(ud.category, ud.lookup.__name__)

# keyword arguments are refused everywhere
for call in (lambda: ud.decimal("1", default=0), lambda: ud.name("a", default=""),
             lambda: ud.normalize("NFC", unistr="a"), lambda: ud.is_normalized(form="NFC", unistr="a"),
             lambda: ud.lookup(name="SPACE"), lambda: ud.numeric(chr="1")):
    try:
        call()
    except TypeError as e:
        print(e)

class S(str):
    pass

print(ud.category(S("a")), ud.name(S("b")), ud.normalize(S("NFD"), S("é")) == "e\u0301")
print(ud.normalize("NFKC", "\ufdfa"), len(ud.normalize("NFKC", "\ufdfa" * 300)))

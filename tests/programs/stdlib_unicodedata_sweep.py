# unicodedata swept systematically: every property and name of code points
# spread over all planes, names looked up again, and the four normalization
# forms of pseudo-random strings (a fixed LCG) over characters that decompose,
# compose or reorder.  Prints one digest per block so a difference points at
# its block; hash() of str is fixed by PYTHONHASHSEED=0.
import unicodedata as ud


def digest(parts):
    return "%016x" % (hash("\x1f".join(parts)) & 0xFFFFFFFFFFFFFFFF)


def props(c):
    return "|".join((ud.category(c), ud.bidirectional(c), str(ud.combining(c)),
                     str(ud.mirrored(c)), ud.east_asian_width(c), ud.decomposition(c),
                     str(ud.decimal(c, "")), str(ud.digit(c, "")), repr(ud.numeric(c, "")),
                     ud.name(c, "")))


def sweep(start, stop, step):
    parts = []
    named = 0
    for cp in range(start, stop, step):
        c = chr(cp)
        parts.append(props(c))
        n = ud.name(c, None)
        if n is not None:
            named += 1
            if ud.lookup(n) != c or (not n.startswith(("CJK UNIFIED", "HANGUL SYLLABLE"))
                                     and ud.lookup(n.lower()) != c):
                print("lookup mismatch", hex(cp), n)
    return digest(parts), named


for base in range(0, 0x30000, 0x2000):
    d, named = sweep(base, base + 0x2000, 5)
    print("%05x" % base, d, named)
for plane in range(3, 17):
    d, named = sweep(plane << 16, (plane + 1) << 16, 257)
    print("plane %d" % plane, d, named)

# Categories counted over the first planes (a cheap total check).
counts = {}
for cp in range(0, 0x20000, 3):
    k = ud.category(chr(cp))
    counts[k] = counts.get(k, 0) + 1
print(sorted(counts.items()))

pool = ("aeiouAEIOUcnsyzCNSYZ\u00c5\u00e9\u00f1\u0300\u0301\u0302\u0303\u0308\u0323\u0327\u0328"
        "\u031b\u0345\u0344\u0340\u0341\u0343\u0385\u03b1\u03c9\u0399\u1f00\u1fb3\u05b8\u05bc"
        "\u05d0\u0915\u093c\u0958\u09c7\u09be\u09d7\u0b47\u0b3e\u0b56\u0f71\u0f72\u0f80\u0f73"
        "\u1100\u1101\u1161\u1175\u11a7\u11a8\u11c2\uac00\uac01\ud7a3\u3131\u3099\u309a\u304b"
        "\u30ab\uff76\uff9e\ufb01\u2126\u212b\u1e9b\u01c4\u2460\u00bd\u00b2\u1d400\u2000\u3000"
        "\uf900\ufa10\u2f800\U0001d15e\U0001d165\U0001d16d\U000110a5\U00011099\U000110ba"
        "\u0e40\u0e48\u0653\u0627\u0654\u06d2\u200d\u034f")
seed = 12345
for group in range(8):
    parts = []
    same = 0
    for k in range(250):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        n = 1 + seed % 9
        s = ""
        for i in range(n):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            s += pool[seed % len(pool)]
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            r = ud.normalize(form, s)
            parts.append(r)
            same += ud.is_normalized(form, s)
            if ud.normalize(form, r) != r:
                print("not idempotent", form, ascii(s))
    print("normalize group", group, digest(parts), same)

# Every single character with a decomposition, in the four forms.
for base in range(0, 0x30000, 0x4000):
    parts = []
    for cp in range(base, base + 0x4000):
        c = chr(cp)
        if ud.decomposition(c) or 0xAC00 <= cp <= 0xD7A3 and cp % 7 == 0:
            for form in ("NFC", "NFD", "NFKC", "NFKD"):
                parts.append(ud.normalize(form, c))
    print("decomposing %05x" % base, digest(parts), len(parts))

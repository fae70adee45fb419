# Unicode text: non-ASCII identifiers and literals, emoji outside the BMP,
# strings whose repr needs escapes, ascii(), case mapping, normalisation-
# free operations that behave the same on every version.

café = "café"
greek = "αβγδ"
cjk = "漢字かな"
emoji = "😀🐍✨"
mixed = "naïve – “quoted” — ½"
print(café, len(café), café.upper())
print(greek, greek.upper(), len(greek))
print(cjk, len(cjk), cjk[1])
print(emoji, len(emoji), emoji[1], ord(emoji[0]), hex(ord(emoji[1])))
print(mixed)
print(repr(mixed))
print(ascii(mixed))
print(ascii(emoji))
print(repr("tab\tnewline\nnul\x00bell\x07"))
print(repr("quote ' and \" both"))
print(repr("only 'single'"))
print(repr('only "double"'))
print(repr("back\\slash"))
print(repr("\u200b zero-width, \u00a0 nbsp, \x7f del, \x85 nel"))
print(repr("\ud800"[0:0] + "surrogate-free"))
print(repr("\U0001f600\u00e9\u4e00"))
print(repr("combining e\u0301"))
print(chr(0x1F40D) == "🐍", "\N{GREEK SMALL LETTER ALPHA}")
print("ß".upper(), "İ".lower() == "i̇", "ǅ".title())
print(sorted("zäa"), "ä" > "z")
print("x".join(["ü", "ö"]), "Ünïcödé".casefold())
print(len("👨‍👩‍👧"), [hex(ord(c)) for c in "👨‍👩‍👧"])
print("{:>6}|{:^7}|".format("ñ", "中文"))
s = "héllo wörld"
print(s.title(), s.split("ö"), s.find("w"), s.encode("utf-8")[:8])

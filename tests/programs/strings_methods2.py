# min-version: 3.9
# Every str method of 3.12 on ASCII and non-ASCII text, with the edge cases
# (empty strings, negative and huge indices, Unicode case mappings, final
# sigma, titlecase digraphs) and the exact error messages.


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


s = "Hello, World"
u = "Ünïcödé ΣΑΣ straße ǆemal"
t("capitalize", lambda: ["abc".capitalize(), "ABC def".capitalize(), "ǆa".capitalize(), "ßa".capitalize(), "".capitalize()])
t("casefold", lambda: [u.casefold(), "ẞ".casefold(), "ﬁ".casefold(), "µ".casefold()])
t("lower", lambda: [u.lower(), "ΣΑΣ".lower(), "aΣ".lower(), "aΣb".lower(), "Σ".lower(), "aΣ.".lower(), "İ".lower()])
t("upper", lambda: [u.upper(), "ß".upper(), "ﬁ".upper(), "ŉ".upper(), "ΐ".upper()])
t("swapcase", lambda: [s.swapcase(), "ßAΣ".swapcase(), "ǅ".swapcase()])
t("title", lambda: ["they're bill's friends".title(), "ßx".title(), "ǆemal ǉubav".title(), "a1b2 c3".title()])
t("center", lambda: ["abc".center(6), "abc".center(6, "*"), "ab".center(5, "*"), "ab".center(7, "é"), "abc".center(2)])
t("ljust/rjust", lambda: ["ab".ljust(5, "-"), "ab".rjust(5, "€"), "ab".ljust(-3)])
t("zfill", lambda: ["-42".zfill(6), "+42".zfill(6), "42".zfill(1), "--".zfill(4), "".zfill(3)])
t("count", lambda: ["banana".count("a"), "banana".count("an"), "banana".count(""), "banana".count("a", 2), "banana".count("a", -2), "banana".count("", 7), "banana".count("a", None, 3)])
t("find", lambda: ["banana".find("na"), "banana".rfind("na"), "banana".find("x"), "banana".find("", 6), "banana".find("", 7), "banana".find("a", -1), "ünï".find("ï"), "abc".find("ü")])
t("index", lambda: "banana".index("x"))
t("rindex", lambda: "banana".rindex("n", 0, 2))
t("startswith", lambda: ["abc".startswith("ab"), "abc".startswith(("x", "a")), "abc".startswith("", 3), "abc".startswith("", 4), "abc".startswith("b", 1), "abc".startswith(())])
t("endswith", lambda: ["abc".endswith("bc"), "abc".endswith("b", 0, 2), "abc".endswith("", 3, 2), "abc".endswith(("c",))])
t("expandtabs", lambda: ["a\tb\n\tc".expandtabs(), "a\tb\r\tc".expandtabs(4), "a\tb".expandtabs(0), "12345\t6".expandtabs(tabsize=3)])
t("isX", lambda: [(x, x.isalnum(), x.isalpha(), x.isdecimal(), x.isdigit(), x.isnumeric(), x.isspace(), x.isascii(), x.isprintable())
                  for x in ["abc", "a1", "123", "²", "½", "Ⅷ", "٣", " \t\n", "\x1c", "\xa0", "", "é", "\u200b", "a b"]])
t("case predicates", lambda: [(x, x.islower(), x.isupper(), x.istitle())
                              for x in ["abc", "ABC", "Abc Def", "A b", "ǅ", "Aǅ", "a1", "1", "ABC1", "Ⅷ", "ⅷ", "ß", ""]])
t("isidentifier", lambda: [x.isidentifier() for x in ["abc", "_x", "1a", "a-b", "ünï", "℘x", "a·b", "", "x\u200c"]])
t("join", lambda: ["-".join(["a", "b", "c"]), "".join([]), ", ".join("xyz"), "é".join(("1", "2"))])
t("join err", lambda: "-".join(["a", 1]))
t("join err2", lambda: "-".join(5))
t("partition", lambda: ["a=b=c".partition("="), "a=b=c".rpartition("="), "abc".partition("x"), "abc".rpartition("x")])
t("partition err", lambda: "abc".partition(""))
t("replace", lambda: ["aaa".replace("a", "b", 2), "abc".replace("", "-"), "abc".replace("", "-", 2), "aaa".replace("aa", "b"), "abc".replace("x", "y"), "ünï".replace("n", "ñ")])
t("replace err", lambda: "abc".replace("a", 1))
t("removeprefix", lambda: ["prefix-x".removeprefix("prefix-"), "x".removeprefix("y"), "x".removesuffix("x"), "abc".removesuffix("")])
t("split", lambda: ["  a b  c ".split(), "  a b  c ".split(None, 1), "a,b,,c".split(","), "a,b,,c".split(",", 1), "".split(), "".split(","), "a\u3000b\x1cc".split()])
t("rsplit", lambda: ["  a b  c ".rsplit(None, 1), "a,b,,c".rsplit(",", 2), "abc".rsplit("b"), "  x  ".rsplit(None, 0)])
t("split err", lambda: "a".split(""))
t("splitlines", lambda: ["a\nb\r\nc\rd\x0be\x1cf\u2028g".splitlines(), "a\nb\r\n".splitlines(True), "".splitlines(), "x\n".splitlines(keepends=True)])
t("strip", lambda: ["  xx  ".strip(), "xxaxx".strip("x"), "\u3000a\xa0".strip(), "abcba".lstrip("ab"), "abcba".rstrip("ab"), "abc".strip(None)])
t("strip err", lambda: "a".strip(1))
t("translate", lambda: ["abc".translate({97: "X", 98: None}), "test".translate(str.maketrans("t", "T")), "abc".translate(["x"]), "aé".translate({0xe9: 0x1f600})])
t("maketrans", lambda: [str.maketrans("ab", "cd"), str.maketrans("ab", "cd", "e"), str.maketrans({"a": 1, 2: "b"})])
t("maketrans err", lambda: str.maketrans("ab", "c"))
t("maketrans err2", lambda: str.maketrans({"ab": 1}))
t("translate err", lambda: "a".translate({97: 1.5}))
t("indexing", lambda: [s[0], s[-1], s[2:5], s[::-1], s[1:10:3], s[100:], u[8], u[-5:]])
t("index err", lambda: s[100])
t("index type", lambda: s["x"])
t("in", lambda: ["ll" in s, "" in s, "Ü" in u, "x" in s])
t("in err", lambda: 1 in s)
t("concat", lambda: s + "!" + u)
t("concat err", lambda: s + 1)
t("repeat", lambda: ["ab" * 3, "ab" * 0, "ab" * -1, 2 * "é"])
t("compare", lambda: ["a" < "b", "a" < "ab", "Z" < "a", "é" > "z", "😀" > "\uffff", "abc" == "abc", "a" != "b"])
t("iter", lambda: list("aé😀"))
t("len", lambda: [len(s), len(u), len("😀x"), len("")])
t("repr", lambda: [repr("it's"), repr('say "hi"'), repr("both ' \""), repr("\x00\t\n\r\x7f\x80\xa0\xad"), repr("\u2028\ud800\U000e0001\U0001f600"), repr("\\")])
t("str", lambda: [str("x"), str(b"ab"), str(b"ab", "ascii"), str(object=12), str()])
t("str err", lambda: str(b"a", 1))
t("str err2", lambda: str("a", "utf-8"))
t("methods with ints", lambda: ["abc".center(True), "x" * True])
t("format_map", lambda: "{a}-{b}".format_map({"a": 1, "b": "two"}))
t("getnewargs", lambda: "abc".__getnewargs__())
t("sizeof", lambda: ["abc".__sizeof__(), "".__sizeof__()])
t("count args", lambda: "a".count())
t("center args", lambda: "a".center())
t("center fill", lambda: "a".center(5, "ab"))
t("center fill type", lambda: "a".center(5, 1))
t("startswith type", lambda: "a".startswith(1))
t("startswith tuple type", lambda: "a".startswith(("a", 1)))
t("kw", lambda: "a".count("a", x=1))
t("encode kw", lambda: "é".encode(encoding="latin-1", errors="strict"))


class S(str):
    pass


x = S("hello")
t("subclass", lambda: [type(x.upper()).__name__, type(x[1:]).__name__, type(x + "a").__name__, type(str(x)).__name__, x == "hello", hash(x) == hash("hello")])
t("subclass center", lambda: type(x.center(2)).__name__)

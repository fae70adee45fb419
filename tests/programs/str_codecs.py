# min-version: 3.8
# str.encode / bytes.decode through utf-8, ascii, latin-1, utf-16/32 and
# their aliases, with every standard error handler and the exact
# UnicodeEncodeError / UnicodeDecodeError messages and attributes.


def t(label, f):
    try:
        r = f()
    except UnicodeError as e:
        print(label, "!!", type(e).__name__ + ":", e, "|", e.encoding, repr(e.object), e.start, e.end, e.reason)
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


text = "aé\u20ac\U0001f600"
for enc in ["utf-8", "UTF8", "u8", "utf_8", " utf-8 ", "latin-1", "iso-8859-1", "l1", "latin", "ascii", "us-ascii", "646",
            "utf-16", "utf-16-le", "UTF_16 BE", "utf-32", "utf-32-le", "utf-32be", "utf-8-sig", "utf.8", "foo", "rot13", "hex"]:
    t("encode %r" % enc, lambda: text.encode(enc))
for errors in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "surrogateescape", "surrogatepass", "bogus"]:
    for enc in ["ascii", "latin-1", "utf-8", "utf-16-be"]:
        t("encode %s %s" % (enc, errors), lambda: "x\xe9\u1234\ud800\udc80y".encode(enc, errors))
t("surrogates run", lambda: "\ud800\udc00".encode())
t("surrogate escape run", lambda: "\udc80\ud800x".encode("utf-8", "surrogateescape"))
t("surrogate escape run2", lambda: "\ud800\udc80x".encode("utf-8", "surrogateescape"))
t("no error, bad handler", lambda: "abc".encode("ascii", "bogus"))
t("encode type", lambda: "a".encode(1))
t("errors type", lambda: "a".encode("utf-8", errors=1))

data = [b"abc", b"a\xe9\xe9abc", b"a\xe9bc", b"a\xf0\x9f", b"\xed\xa0\x80", b"\xed\xa0\x80x\xff", b"\xc0\x80",
        b"\xe0\x80\x80", b"\xe0\xa0", b"\xe0\xa0x", b"\xf4\x90\x80\x80", b"\xf8", b"\x80abc", b"\xf0\x9f\x98",
        b"\xed\xb0\x80", b"\xed\xa0", b"\xed\xa0x", b"\xe2\x82\xac\xf0\x9f\x98\x80"]
for d in data:
    for errors in ["strict", "replace", "ignore", "surrogateescape", "backslashreplace", "surrogatepass"]:
        t("decode %r %s" % (d, errors), lambda: d.decode("utf-8", errors))
t("decode xmlchar", lambda: b"\xff".decode("utf-8", "xmlcharrefreplace"))
t("decode bogus", lambda: b"\xff".decode("utf-8", "bogus"))
t("decode bogus ok", lambda: b"ok".decode("utf-8", "bogus"))
t("ascii", lambda: b"\xe9abc".decode("ascii"))
t("ascii replace", lambda: b"\xe9\xff".decode("ascii", "replace"))
t("ascii escape", lambda: b"\x80".decode("ascii", "surrogateescape"))
t("latin-1", lambda: bytes(range(250, 256)).decode("latin-1"))
u16 = [b"a", b"a\x00b", b"\x00\xd8a\x00", b"\x00\xdca\x00", b"\x00\xd8", b"\x00\xd8\x00", b"\xfe\xff\x00a", b"\xff\xfea\x00",
       b"\xfe\xff\xd8\x00", b"=\xd8\x00\xde"]
for d in u16:
    for enc in ["utf-16", "utf-16-le", "utf-16-be"]:
        for errors in ["strict", "replace", "surrogatepass", "backslashreplace"]:
            t("decode %r %s %s" % (d, enc, errors), lambda: d.decode(enc, errors))
u32 = [b"a\x00\x00", b"\x00\x00\x11\x00", b"\x00\xd8\x00\x00", b"\xff\xfe\x00\x00a\x00\x00\x00", b"\x00\x00\xfe\xff\x00\x00\x00a"]
for d in u32:
    for errors in ["strict", "replace", "surrogatepass"]:
        t("decode %r utf-32 %s" % (d, errors), lambda: d.decode("utf-32", errors))
t("sig", lambda: [b"\xef\xbb\xbfabc".decode("utf-8-sig"), b"abc".decode("utf-8-sig"), "a".encode("utf-8-sig")])
t("roundtrip", lambda: [text.encode(e).decode(e) == text for e in ["utf-8", "utf-16", "utf-32", "utf-16-be", "utf-32-le"]])
t("str()", lambda: [str(b"\xe9", "latin-1"), str(b"\xffabc", "ascii", "ignore"), str(bytearray(b"xy"), "ascii"), str(b"a", errors="strict")])
t("str() err", lambda: str(b"\xff", "utf-8"))
t("str() type", lambda: str(1, "utf-8"))
t("bytes() enc", lambda: [bytes("é", "utf-8"), bytearray("é", "latin-1"), bytes("a\udc80", "utf-8", "surrogateescape")])
t("bytes() enc err", lambda: bytes("é", "ascii"))

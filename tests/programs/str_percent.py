# min-version: 3.8
# printf-style formatting of str and bytes: every conversion, flags, '*'
# width and precision, mapping keys, and the exact errors.


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


cases = [
    ("%s %s", (1, "a")), ("%r|%a", ("é", "é")), ("%5s|%-5s|%05s|", ("ab", "ab", "ab")), ("%.2s|%.3r", ("abc", "abcdef")),
    ("%d %i %u", (3, -4, 5)), ("%.5d|%8.5d|%-8.5d|%08.5d", (42, -42, -42, -42)),
    ("%x %X %o %#x %#X %#o %#08x", (255, 255, 8, 255, 255, 8, 255)), ("%x %#x", (-255, -255)),
    ("%+d % d %+ d %-05d|", (5, 5, 5, 5)), ("%#5o|%#.3o|%#.3x|%.0d|%#.0x", (8, 8, 8, 0, 0)),
    ("%d %d %d", (1.9, -1.9, True)), ("%x %c %c", (True, True, 65)), ("%d", (10 ** 30,)), ("%x", (10 ** 30,)),
    ("%f %e %g %G %E", (1.5, 1.5, 1.5, 1e-10, 1e10)), ("%F %f %f", (float("inf"), float("-inf"), float("nan"))),
    ("%010f|%010.2f|%+.3e", (float("-inf"), -1.5, 12345.678)), ("%#g %#.0f %.0f %g %g %.3g", (1.0, 1.0, 2.5, 1e16, 123456789, 0.0001234)),
    ("%f", (10 ** 20,)), ("%d", (3.0e30,)), ("%.2e|%d", (-0.0, -0.0)), ("%e", (0.0,)), ("%#e", (1,)),
    ("%c|%5c|%c|%c", ("é", 65, 256, "x")), ("%*d|%-*d|%*s", (5, 1, 4, 1, -5, "a")), ("%.*f|%*.*f", (2, 1.2345, 8, 2, 3.14159)),
    ("%ld %hd %Ld", (5, 6, 7)), ("%%|%%s", ()), ("%s", ((1, 2),)), ("%s", ([1],)), ("%s", ({"a": 1},)),
    ("%(a)s %(b)r %(a)05d", {"a": 7, "b": "x"}), ("%s %(a)s", {"a": 1}), ("", ()), ("", {"a": 1}), ("", []), ("abc", []),
    ("%.100f", (1.5,)), ("%s", (None,)), ("%.3s", (None,)),
    # errors
    ("%s %s", (1,)), ("%s", (1, 2)), ("%d", ("x",)), ("%x", (1.5,)), ("%x", ("a",)), ("%o", (3.0,)), ("%f", ("x",)),
    ("%e", (None,)), ("%c", ("ab",)), ("%c", (0x110000,)), ("%c", (-1,)), ("%c", (1.5,)), ("%c", ("",)), ("%y", (1,)),
    ("%y", ()), ("%", (1,)), ("a%", ()), ("%(a)s", (1,)), ("%(a", {"a": 1}), ("%(a)s %s", {"a": 1}), ("%(x)y", {}),
    ("%5%", ()), ("%5%", (1,)), ("%*d", ("x", 1)), ("%.*f", ("x", 1.0)), ("%99999999999999999999d", (1,)),
    ("%.99999999999999999999d", (1,)), ("%d", (1j,)), ("%f", (1j,)), ("%x", (1j,)), ("%e", (10 ** 400,)),
    ("%d", (1e400,)), ("%(a)*d", {"a": 1}), ("%.*d", (1,)), ("%*d|", (2 ** 63, 1)), ("%.*d|", (2 ** 31, 1)),
    ("%s", ()), ("%d", ()),
]
for fmt, args in cases:
    t("%r %% %r" % (fmt, args), lambda: fmt % args)
t("single non-tuple", lambda: ["%s" % "x", "%d" % 5, "%s" % [1, 2], "%(0)s" % {"0": "z"}])
t("not all (single)", lambda: "" % 1)
t("str arg", lambda: "" % "abc")
t("list as mapping", lambda: "%(a)s" % [1])
t("rmod", lambda: "a".__rmod__(1))
t("mod method", lambda: "%s!".__mod__("x"))

bcases = [
    (b"%s|%b|%5s|%-5s|%.1s", (b"a", bytearray(b"b"), b"ab", b"ab", b"ab")), (b"%r %a", ("\xe9", b"x")),
    (b"%c%c%c", (65, b"b", bytearray(b"c"))), (b"%d %x %05.1f %e", (1, 255, 2.25, 0.5)), (b"%(a)s", {b"a": b"x"}),
    (b"%%", ()), (b"", {}), (b"", []),
    (b"%s", ("a",)), (b"%s", (1,)), (b"%c", (256,)), (b"%c", (b"ab",)), (b"%c", ("a",)), (b"%d", ("x",)),
    (b"%s %s", (1,)), (b"%y", (1,)), (b"%(a)s", {"a": b"x"}), (b"", (b"a",)), (b"", b"a"), (b"", bytearray()),
    (b"%s %s", (b"a",)),
]
for fmt, args in bcases:
    t("%r %% %r" % (fmt, args), lambda: fmt % args)
t("bytearray %", lambda: [bytearray(b"%s-%d") % (b"x", 3), bytearray(b"a") % ()])


class B:
    def __bytes__(self):
        return b"BYTES"


t("__bytes__", lambda: b"<%s>" % B())

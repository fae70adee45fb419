# min-version: 3.8
# format() with str specs, str.format / format_map (numbering, attribute and
# index access, conversions, nested specs) and their exact errors.


def t(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))


for spec in ["", "s", "10", "<10", ">10", "^10", "*^9", "é>6", ".2", "^10.2", "010", "0<6", ">04",
             ".0", "٥", ".٢", "x<", "^", "<<", "=", "+", " ", "-", "#", ",", "_", "z", "10.2ss",
             ".", ".x", "d", "x", ",d", "_,", ",,", "\x01", "é", "99999999999999999999"]:
    t("format(%r)" % spec, lambda: format("abc", spec))

t("format ü", lambda: format("üñï", "^9"))
t("format empty", lambda: [format("", "3"), format("x"), "x".__format__("")])
t("__format__ type", lambda: "x".__format__(1))


class S(str):
    def __str__(self):
        return "custom"


t("subclass format", lambda: [format(S("abc")), format(S("abc"), "5"), "{}".format(S("q")), "{!s}".format(S("q")), f"{S('w')}"])

t("basic", lambda: "{} {} {}".format(1, "a", None))
t("manual", lambda: "{1} {0} {1}".format("x", "y"))
t("keyword", lambda: "{name} is {age}".format(name="Bob", age=3))
t("braces", lambda: "{{}} {{{}}} }}{{".format(7))
t("attr", lambda: "{0.real} {0.imag} {1.__class__.__name__}".format(3, "s"))
t("attr auto", lambda: "{.real} {.__class__.__name__}".format(3, "s"))
t("index", lambda: "{0[1]} {d[k]} {d[1]} {d[-1]}".format([5, 6], d={"k": "v", "-1": 0, 1: "one"}))
t("index neg list", lambda: "{0[-1]}".format([5, 6]))
t("index str key", lambda: "{0[-1]}".format({"-1": "neg"}))
t("conversions", lambda: "{!r} {!s} {!a}".format("é", "é", "é"))
t("conversions2", lambda: "{0!r} {0!s} {0!a} {0!r:>6}".format("é"))
t("nested", lambda: "{:{}}|{:{}{}}|".format("ab", 5, "cd", ">", 4))
t("nested kw", lambda: "{0:{w}.{p}}|".format("abc", w=7, p=1))
t("nested numbers", lambda: "{0:{1}}".format(3.14159, ".2f"))
t("numbers", lambda: "{:5d}|{:<5}|{:x}|{:08.3f}|{:,}".format(42, 7, 255, -3.14159, 1234567))
t("unicode field", lambda: "{é}".format(**{"é": 1}))
t("space key", lambda: "{a b}".format(**{"a b": 2}))
t("00", lambda: "{00}".format("zero"))
t("fmap", lambda: "{x}-{y.real}".format_map({"x": 1, "y": 2}))


class Default(dict):
    def __missing__(self, key):
        return "<" + key + ">"


t("fmap missing", lambda: "{a} {b}".format_map(Default(a=1)))

errors = [
    ("{}", ()), ("{0}", ()), ("{1}", (1,)), ("{a}", ()), ("{", ()), ("}", ()), ("{}}", (1,)),
    ("x{0!x}", (1,)), ("{0!}", (1,)), ("{0!r", (1,)), ("{0!rr}", (1,)), ("{0:", (1,)), ("{0", (1,)),
    ("{}{0}", (1,)), ("{0}{}", (1,)), ("{0.}", (1,)), ("{0[}", (1,)), ("{0[0]x}", ([1],)), ("{0[]}", ([1],)),
    ("{0.foo}", (3,)), ("{:{:{}}}", ("a", 5, 2)), ("{0x}", (1,)), ("{-1}", (1,)), ("{ 0}", (1,)),
    ("{0:{{}}}", (1,)), ("{0]}", (1,)), ("{[}", (1,)), ("{0[1]}", ({"1": 3},)), ("{:x}", ("a",)),
    ("{!\x01}", (1,)), ("{99999999999999999999}", (1,)), ("{0[99999999999999999999]}", ([1],)),
    ("{a{}", (1,)), ("{0:d}", ("s",)),
]
for fmt, args in errors:
    t("format %r" % fmt, lambda: fmt.format(*args))
t("fmap positional", lambda: "{}".format_map({}))
t("fmap positional2", lambda: "{0}".format_map({}))
t("fmap missing key", lambda: "{x}".format_map({}))
t("format_map arg", lambda: "{x}".format_map(1))

name, n = "pi", 3.14159
t("fstring", lambda: f"{name!r:>6} {n:.2f} {name:^8} {n!s:.4} {'x'*3}")
t("fstring nested", lambda: f"{name:{'>'}{10}}|")

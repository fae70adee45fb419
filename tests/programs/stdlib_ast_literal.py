# ast.literal_eval: the literals it accepts, ast.py's ValueError for the
# rest (the node's address cut off).  (An uncaught error would show ast.py's
# path, which differs between installations.)
import ast

def show(src):
    try:
        print(repr(src), "->", repr(ast.literal_eval(src)))
    except ValueError as e:
        print(repr(src), "ValueError:", str(e).split(" at 0x")[0])
    except SyntaxError as e:
        print(repr(src), "SyntaxError:", e.msg, e.filename, e.lineno, e.offset)
    except Exception as e:
        print(repr(src), type(e).__name__, e)

for src in ["1", "-1.5", "'a'", "[1, (2, 3), {'k': {4}}]", "1+2j", "-(1)", "set()", "{}",
            "None", "True", "False", "b'x'", "1e5", "(1,)", "()", "  3", "\t4", "--1", "+1",
            "1-2j", "-1+2j", "2+3", "1 + 1", "(1+2j)+3", "x", "f(1)", "[1, x]", "1+",
            "{1: [2, (3, 4j)]}", "...", "set([1])", "{*[1]}", "'%s' % 1", "1 if 1 else 2",
            "~1", "not 1", "f'a'", "{1, 2}", "frozenset()", "u'x'", "0x10", "1_000", "[",
            "(1, 2, *x)", "a.b", "1 < 2", "'a' 'b'", "-'a'", "+True", "-x", "1+x", "x+1j",
            "1j+1", "{'a': 1, **x}", "[1,\n 2]", "{[1]: 2}", "'\\u00e9\\n'", "r'\\d'",
            "[[[[1]]]]", "-0.0", "10**3", "1\n", "\n1", "{'a': 'b'}['a']", "(1)(2)"]:
    show(src)

# round trips through repr
data = {"name": "x", "values": [1, 2.5, -3, 1e-7, None, True], "nested": ({1, 2}, (), b"\x00")}
print(ast.literal_eval(repr(data)) == data)
print(ast.literal_eval(str([1, "two", (3.0,)])))

for bad in [5, b"1", None, [1]]:
    try:
        ast.literal_eval(bad)
    except ValueError as e:
        print("ValueError:", e)

import traceback
try:
    ast.literal_eval("[3, 1, 2")
except SyntaxError:
    lines = traceback.format_exc().splitlines()
    print("\n".join(l for l in lines if "ast.py" not in l))

# eval() errors: exceptions raised inside propagate with the "<string>"
# frame in the traceback; syntax errors are CPython's SyntaxError.
import sys
import traceback

def show(src, *scopes):
    try:
        print(repr(eval(src, *scopes)))
    except SyntaxError as e:
        print("SyntaxError", repr(e.msg), e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))
    except Exception as e:
        print(type(e).__name__, e)

for src in ["1+", "(1", "1 2", "x = 1", "def", "", "   ", "[1,", ")", "1+\n2", "f(**)",
            "1\n2", '"abc', "1 if 2", "a.", "2 +* 3", "foo(", "3 ** ", "abc def", "x[",
            "(1))", "import os", "print('hi'", "1 = 2", "x == ", "$", "yield 1", "if x", "for",
            "1 2 3\n", "\n\n1 +", "not", "1.2.3", "hello world", "[1 2]", "f(a b)", "{'a' 1}",
            "a[1 2]", "1 ? 2", "1+\n", "(1\n", "1 + # c", "([1", "(]", "\n", "# c",
            "a b\n", "(1,\n2 3)", "'''abc\n\nd", "'ab\ncd'", "[\n1,\n2 3]", "1 if 2 else",
            "a[", "True = 1", "[x for x in]", "{1: 2, 3}", "1 +* 2", "5 5", "print 'x'",
            "2 3", "(a b c)", "x.1"]:
    show(src)

show("1/0")
show("undefined_name + 1")
show("int('x')")
show("[1][5]")
show("{}['k']")
show("None.attr")
show("1 + 'a'")
show("x", {}, {})
show("1\x002")

def inner():
    return 1 / 0

try:
    eval("inner()")
except ZeroDivisionError:
    traceback.print_exc(file=sys.stdout)

try:
    eval("1 +")
except SyntaxError:
    traceback.print_exc(file=sys.stdout)

try:
    eval("eval('nope')")
except NameError:
    traceback.print_exc(file=sys.stdout)

try:
    eval(5)
except TypeError as e:
    print(e)
try:
    eval("1", 5)
except TypeError as e:
    print(e)
try:
    eval("1", {}, 5)
except TypeError as e:
    print(e)
try:
    eval()
except TypeError as e:
    print(e)
try:
    eval("1", a=1)
except TypeError as e:
    print(e)

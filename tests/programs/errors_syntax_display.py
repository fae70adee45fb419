# min-version: 3.12
# How the default hook prints SyntaxError instances raised by programs: the
# `File "f", line N` header (no function name), the stripped text and its
# carets from offset/end_offset (clipped, multi-line, embedded newlines,
# wide characters), str(exc) when the attributes do not parse.
import sys


def show(*details, msg="bad syntax"):
    err = SyntaxError(msg, details)
    sys.excepthook(type(err), err, None)


for text in ("abc def\n", "  x = (1,\n", "first\nsecond\n", "é日b\n", "no newline"):
    for offset in (None, 0, 1, 3, 9):
        for end in (None, 2, 5, 30):
            show("f.py", 7, offset, text, 7 if end != 30 else 8, end)
show(None, 2, 1, "abc\n")
show("f.py", None, 1, "abc\n")
show("f.py", "3", 1, "abc\n")
show("f.py", 3, 2.5, "abc\n")
show(5, 3, 1, "abc\n")
show("f.py", True, 2, "abc\n")
show("f.py", 3, 2, "abc\n", msg=None)
err = SyntaxError()
sys.excepthook(type(err), err, None)
err = IndentationError("unexpected indent", ("mod.py", 2, 5, "    x = 1\n"))
err.add_note("a note")
sys.excepthook(type(err), err, None)
raise SyntaxError("uncaught", ("prog.py", 1, 3, "a = = 1\n", 1, 6))

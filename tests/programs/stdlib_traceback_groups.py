# traceback: exception groups, notes, suggestions, trailing blanks     
# min-version: 3.12
import sys
import traceback


def a():
    raise ValueError("one")   


def b():
    raise TypeError("two")


excs = []
for f in (a, b):
    try:
        f()
    except Exception as e:
        excs.append(e)
eg = ExceptionGroup("many", excs)
try:
    raise eg
except ExceptionGroup as g:
    traceback.print_exc(file=sys.stdout)
    for p in traceback.format_exception(g):
        print(repr(p))

try:
    undefined_name_here
except NameError:
    traceback.print_exc(file=sys.stdout)

class Point:
    def __init__(self):
        self.xcoord = 1

try:
    Point().xcord
except AttributeError as e:
    print(traceback.format_exception_only(e))

try:
    try:
        [][1]
    except IndexError as e:
        e.add_note("while indexing")
        raise
except IndexError:
    traceback.print_exc(file=sys.stdout)

x = {"k": [1, 2]}
try:
    print(x["k"][5] + 1)
except IndexError:
    traceback.print_exc(file=sys.stdout)
try:
    print(1 + x["k"][0] * "a" ** 2)
except TypeError:
    traceback.print_exc(file=sys.stdout)

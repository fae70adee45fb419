# The messages of TestCase's assert methods (each failure caught and printed).
# min-version: 3.12
import unittest


class Probe(unittest.TestCase):
    def runTest(self):
        pass


t = Probe()


def show(label, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except AssertionError as e:
        print(f"{label}: {type(e).__name__}: {e}")
    except Exception as e:
        print(f"{label}: raised {type(e).__name__}: {e}")
    else:
        print(f"{label}: passed")


show("eq int", t.assertEqual, 1, 2)
show("eq ok", t.assertEqual, 3, 3)
show("eq msg", t.assertEqual, 1, 2, "custom")
show("eq str", t.assertEqual, "abc", "abd")
show("eq str multi", t.assertEqual, "one\ntwo\nthree\n", "one\nTWO\nthree\nfour\n")
show("eq str insert", t.assertEqual, "hello world", "hello there world")
show("eq list", t.assertEqual, [1, 2, 3], [1, 2, 4])
show("eq list longer", t.assertEqual, [1, 2, 3, 4], [1, 2])
show("eq list shorter", t.assertEqual, [1], [1, 5, 6])
show("eq tuple", t.assertEqual, (1, "a"), (1, "b"))
show("eq dict", t.assertEqual, {"a": 1, "b": 2}, {"a": 1, "b": 3})
show("eq set", t.assertEqual, {1, 2, 3}, {2, 3, 4})
show("eq mixed", t.assertEqual, [1, 2], (1, 2))
show("eq long list", t.assertEqual, list(range(30)), list(range(1, 31)))
show("eq long str", t.assertEqual, "x" * 100 + "a", "x" * 100 + "b")
show("eq big diff", t.assertEqual, list(range(100)), list(range(0, 200, 2)))
show("ne", t.assertNotEqual, 5, 5)
show("true", t.assertTrue, 0)
show("false", t.assertFalse, [1])
show("is", t.assertIs, 1, None)
show("isnot", t.assertIsNot, None, None)
show("isnone", t.assertIsNone, "x")
show("isnotnone", t.assertIsNotNone, None)
show("in", t.assertIn, 4, [1, 2, 3])
show("notin", t.assertNotIn, 2, [1, 2, 3])
show("isinstance", t.assertIsInstance, 3, str)
show("notisinstance", t.assertNotIsInstance, 3, int)
show("less", t.assertLess, 3, 2)
show("lesseq", t.assertLessEqual, 3, 2)
show("greater", t.assertGreater, 2, 3)
show("greatereq", t.assertGreaterEqual, 2, 3)
show("almost", t.assertAlmostEqual, 1.0, 1.1)
show("almost ok", t.assertAlmostEqual, 1.0, 1.00000001)
show("almost places", t.assertAlmostEqual, 1.0, 1.01, 1)
show("almost delta", t.assertAlmostEqual, 10, 13, delta=2)
show("almost both", t.assertAlmostEqual, 10, 13, 2, delta=2)
show("notalmost", t.assertNotAlmostEqual, 1.0, 1.00000001)
show("notalmost delta", t.assertNotAlmostEqual, 10, 11, delta=2)
show("count", t.assertCountEqual, [1, 1, 2, "a"], [1, 2, 2, "b"])
show("count ok", t.assertCountEqual, [3, 1, 2], [1, 2, 3])
show("count unhashable", t.assertCountEqual, [[1], [2]], [[2], [3]])
show("regex", t.assertRegex, "hello", r"\d+")
show("notregex", t.assertNotRegex, "abc123", r"\d+")
show("seq", t.assertSequenceEqual, [1, 2], [1, 3])
show("listeq type", t.assertListEqual, (1,), [1])
show("dicteq type", t.assertDictEqual, [], {})
show("multiline type", t.assertMultiLineEqual, 1, "a")
show("fail", t.fail, "boom")
show("fail none", t.fail)
show("raises none", t.assertRaises, ValueError, lambda: None)
show("raises wrong", t.assertRaises, ValueError, int, "x")
show("raises regex", t.assertRaisesRegex, ValueError, "abc", int, "x")
show("raises bad arg", t.assertRaises, 5)
show("raises tuple", t.assertRaises, (KeyError, IndexError), [].pop)

with t.assertRaises(ZeroDivisionError) as cm:
    1 / 0
print("cm.exception:", repr(cm.exception), cm.exception.__traceback__)

with t.assertRaisesRegex(KeyError, "miss") as cm:
    {}["missing"]
print("regex cm:", repr(cm.exception))

try:
    with t.assertRaises(ValueError, msg="need a ValueError"):
        pass
except AssertionError as e:
    print("cm msg:", e)

import warnings


def warn_it():
    warnings.warn("old thing", DeprecationWarning)


with t.assertWarns(DeprecationWarning) as wcm:
    warn_it()
print("warning:", wcm.warning, type(wcm.warning).__name__)
show("warns none", t.assertWarns, UserWarning, lambda: None)
show("warns regex", t.assertWarnsRegex, DeprecationWarning, "new", warn_it)

t.longMessage = False
show("long off", t.assertEqual, 1, 2, "only this")
show("long off nomsg", t.assertEqual, 1, 2)
t.longMessage = True
t.maxDiff = None
show("maxdiff none", t.assertEqual, list(range(40)), list(range(1, 41)))
t.maxDiff = 20
show("maxdiff small", t.assertEqual, "a\nb\n", "a\nc\n")


class Point:
    def __init__(self, x):
        self.x = x

    def __repr__(self):
        return f"Point({self.x})"


def point_eq(a, b, msg=None):
    if a.x != b.x:
        raise t.failureException(f"points differ: {a.x} vs {b.x}")


t.addTypeEqualityFunc(Point, point_eq)
show("typeeq", t.assertEqual, Point(1), Point(2))
print(t.id(), str(t), repr(t))
print(t.countTestCases(), t.shortDescription())

# unittest as scripts use it: main() with argv and exit=False, exit statuses,
# min-version: 3.12
# -k/-q/-f, test names, the loader's name lookups, the deprecated helpers.
import io
import re
import sys
import unittest


class Stack:
    def __init__(self):
        self.items = []

    def push(self, x):
        self.items.append(x)

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty stack")
        return self.items.pop()


class TestStack(unittest.TestCase):
    def setUp(self):
        self.s = Stack()

    def test_push_pop(self):
        self.s.push(1)
        self.s.push(2)
        self.assertEqual(self.s.pop(), 2)

    def test_empty(self):
        with self.assertRaises(IndexError) as cm:
            self.s.pop()
        self.assertEqual(str(cm.exception), "pop from empty stack")

    def test_wrong(self):
        self.s.push(3)
        self.assertEqual(self.s.items, [4])


class TestOther(unittest.TestCase):
    def test_math(self):
        self.assertEqual(2 ** 10, 1024)


def masked(stream):
    return re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue())


def main(*args, **kw):
    stream = io.StringIO()
    runner = unittest.TextTestRunner(stream=stream, verbosity=kw.pop("verbosity", 1))
    try:
        prog = unittest.main(argv=["prog", *args], testRunner=runner, **kw)
    except SystemExit as e:
        print("SystemExit", repr(e.code))
        prog = None
    sys.stderr.write(masked(stream))
    return prog


p = main(exit=False)
print(p.result.testsRun, p.result.wasSuccessful(), p.verbosity, p.exit, p.testNames)
main()
main("TestOther")
main("-k", "push", exit=False)
main("TestStack.test_empty", "TestOther.test_math", exit=False)
main(defaultTest="TestOther")
main("-k", "nothing_matches")
p = main("-f", exit=False)
print(p.result.testsRun, p.failfast)
main("--bogus", exit=False)

loader = unittest.TestLoader()
suite = loader.loadTestsFromName("TestStack.test_push_pop", sys.modules[__name__])
print(suite, suite.countTestCases())
suite = loader.loadTestsFromNames(["TestOther", "TestStack.test_empty"], sys.modules[__name__])
print(suite.countTestCases())
suite = loader.loadTestsFromModule(sys.modules[__name__])
print(suite.countTestCases(), [len(list(s)) for s in suite])

import warnings

warnings.simplefilter("always")
suite = unittest.makeSuite(TestOther)
print(suite.countTestCases())
print(unittest.getTestCaseNames(TestStack, "test_"))
print(unittest.findTestCases(sys.modules[__name__]).countTestCases())

stream = io.StringIO()
result = unittest.TextTestRunner(stream=stream, verbosity=2).run(unittest.makeSuite(TestStack))
print(masked(stream), end="")
print(result.failures[0][0], result.errors)

# the package's modules
print(unittest.case.SkipTest is unittest.SkipTest)
import unittest.result
from unittest.suite import TestSuite
from unittest.runner import TextTestRunner
print(TestSuite is unittest.TestSuite, unittest.result.TestResult.__name__, TextTestRunner.__module__)
print(unittest.util.three_way_cmp(1, 2))
import sys
print(sorted(k for k in sys.modules if k.startswith("unittest.") and k != "unittest.main" and k != "unittest.signals" and k != "unittest.async_case" and k != "unittest._log")[:6])

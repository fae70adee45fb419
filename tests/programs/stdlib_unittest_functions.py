# FunctionTestCase (setUp/tearDown functions, descriptions, equality), the loader skipping the base classes, run() through the _call* hooks
# min-version: 3.12
import io, re, sys
import unittest
from unittest import TestCase, FunctionTestCase


def check_sum():
    """Sums small numbers.

    details"""
    assert sum([1, 2]) == 3


def broken():
    raise ValueError("bad function")


calls = []
ft = FunctionTestCase(check_sum, setUp=lambda: calls.append("up"), tearDown=lambda: calls.append("down"))
fb = FunctionTestCase(broken, description="custom description")
print(ft.id(), str(ft), ft.shortDescription(), fb.shortDescription())
print(ft == FunctionTestCase(check_sum), ft == ft, hash(ft) == hash(ft), ft.countTestCases())
stream = io.StringIO()
r = unittest.TextTestRunner(stream=stream, verbosity=2).run(unittest.TestSuite([ft, fb]))
sys.stderr.write(re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue()))
print(calls, r.testsRun, len(r.errors))


class Real(TestCase):
    def test_it(self):
        pass


s = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
print(s.countTestCases(), [len(list(x)) for x in s])
print(unittest.defaultTestLoader.loadTestsFromTestCase(TestCase).countTestCases())


class Hooked(unittest.TestCase):
    """A base class that runs each part through the hooks, as async test cases do."""

    def _callSetUp(self):
        print("hook setUp")
        super()._callSetUp()

    def _callTestMethod(self, method):
        print("hook test", method.__name__)
        super()._callTestMethod(method)

    def _callTearDown(self):
        print("hook tearDown")
        super()._callTearDown()

    def _callCleanup(self, function, *args, **kwargs):
        print("hook cleanup", args, kwargs)
        function(*args, **kwargs)

    def setUp(self):
        self.addCleanup(print, "cleaned", end="!\n")

    def test_one(self):
        print("in test")


r = unittest.TestResult()
Hooked("test_one").run(r)
print(r.testsRun, r.wasSuccessful())
Hooked("test_one").debug()

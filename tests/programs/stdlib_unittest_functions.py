# FunctionTestCase (setUp/tearDown functions, descriptions, equality) and the loader skipping the base classes
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

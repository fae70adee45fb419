# The verbose text runner (verbosity=2): descriptions, skip reasons, expected
# min-version: 3.12
# failures, unexpected successes, subTest lines; then verbosity=0.
import io
import re
import sys
import unittest


class Verbose(unittest.TestCase):
    def test_documented(self):
        """Checks addition.

        Second paragraph is not shown."""
        self.assertEqual(2 + 2, 4)

    def test_plain(self):
        pass

    @unittest.skip("reason here")
    def test_skip(self):
        pass

    def test_skip_runtime(self):
        self.skipTest("skipped inside")

    @unittest.expectedFailure
    def test_xfail(self):
        raise ZeroDivisionError

    @unittest.expectedFailure
    def test_xpass(self):
        pass

    def test_sub(self):
        for n in (1, 2, 3):
            with self.subTest(n=n):
                self.assertLess(n, 3)

    def test_sub_error(self):
        with self.subTest("labelled"):
            raise KeyError("k")

    def test_fail(self):
        self.assertIn("z", "abc")


@unittest.skip("whole class")
class SkippedClass(unittest.TestCase):
    def test_one(self):
        pass

    def test_two(self):
        pass


class Empty(unittest.TestCase):
    pass


def run(verbosity, *classes, descriptions=True):
    stream = io.StringIO()
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for c in classes:
        suite.addTests(loader.loadTestsFromTestCase(c))
    runner = unittest.TextTestRunner(stream=stream, verbosity=verbosity, descriptions=descriptions)
    result = runner.run(suite)
    sys.stderr.write(re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue()))
    return result


r = run(2, Verbose, SkippedClass, Empty)
print(r, r.wasSuccessful(), r.testsRun, len(r.skipped), [why for _, why in r.skipped])
print([str(t) for t in r.unexpectedSuccesses], len(r.expectedFailures))
r = run(2, Verbose, descriptions=False)
print(r.testsRun)
r = run(0, Verbose)
print(r.testsRun, len(r.failures), len(r.errors))
r = run(1, Empty)
print(r.testsRun, r.wasSuccessful())
print(unittest.TestLoader().getTestCaseNames(Verbose))
suite = unittest.TestLoader().loadTestsFromTestCase(Verbose)
print(suite.countTestCases(), len(list(suite)))
print(repr(unittest.TestSuite([Verbose("test_plain")])))

# Failures, errors and their tracebacks as the text runner prints them (dots mode);
# min-version: 3.12
# the runner writes to a StringIO and the run time is masked.
import io
import re
import sys
import unittest


def helper(x):
    return 10 // x


class Broken(unittest.TestCase):
    def test_equal(self):
        self.assertEqual(1, 2)

    def test_error(self):
        helper(0)

    def test_strings(self):
        self.assertEqual("spam\nham\n", "spam\njam\n")

    def test_chained(self):
        try:
            {}["key"]
        except KeyError:
            raise ValueError("while handling")

    def test_raise_from(self):
        try:
            int("x")
        except ValueError as e:
            raise RuntimeError("wrapped") from e

    def test_msg(self):
        self.assertTrue(0, "zero is falsy")

    def test_ok(self):
        pass

    def test_fail_call(self):
        self.fail("explicit failure")

    def test_raises_context(self):
        with self.assertRaises(TypeError):
            pass

    def test_raises_regex_mismatch(self):
        with self.assertRaisesRegex(ValueError, "xyz"):
            raise ValueError("abc")

    def test_raises_other(self):
        with self.assertRaises(TypeError):
            [][1]

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i, kind="even"):
                self.assertEqual(i % 2, 0)

    def test_subtest_msg(self):
        with self.subTest("outer", a=1):
            with self.subTest(b=2):
                raise OSError("inner")

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_system_exit(self):
        sys.exit(3)


class BadSetUp(unittest.TestCase):
    def setUp(self):
        raise RuntimeError("setUp broke")

    def test_never(self):
        print("not reached")


class BadTearDown(unittest.TestCase):
    def tearDown(self):
        raise RuntimeError("tearDown broke")

    def test_body(self):
        print("body ran")


def run(*classes):
    stream = io.StringIO()
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in classes)
    result = unittest.TextTestRunner(stream=stream).run(suite)
    sys.stderr.write(re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue()))
    return result


result = run(Broken, BadSetUp, BadTearDown)
print(result)
print(result.wasSuccessful(), result.testsRun, len(result.failures), len(result.errors))
print([str(t) for t, _ in result.failures])
print([t.id() for t, _ in result.errors])
print(len(result.unexpectedSuccesses), result.shouldStop)

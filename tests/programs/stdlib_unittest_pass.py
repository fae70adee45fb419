# A passing suite run by unittest.main() with a runner writing to a StringIO
# min-version: 3.12
# (the run time is masked): fixtures, skips, expected failures, subTest.
import io
import re
import unittest

log = []


def setUpModule():
    print("setUpModule")


def tearDownModule():
    print("tearDownModule")


class Arithmetic(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print("setUpClass", cls.__name__)
        cls.shared = [1, 2, 3]

    @classmethod
    def tearDownClass(cls):
        print("tearDownClass", cls.__name__)

    def setUp(self):
        self.value = 10
        log.append("setUp " + self._testMethodName)

    def tearDown(self):
        log.append("tearDown " + self._testMethodName)

    def test_add(self):
        self.assertEqual(self.value + 5, 15)
        self.assertNotEqual(self.value, 11)

    def test_compare(self):
        self.assertGreater(3, 2)
        self.assertGreaterEqual(3, 3)
        self.assertLess(1, 2)
        self.assertLessEqual(2, 2)
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertNotAlmostEqual(1.0, 1.1)

    def test_containers(self):
        self.assertIn(2, self.shared)
        self.assertNotIn(5, self.shared)
        self.assertCountEqual([3, 1, 2], self.shared)
        self.assertListEqual(self.shared, [1, 2, 3])
        self.assertDictEqual({"a": 1}, {"a": 1})
        self.assertSetEqual({1, 2}, {2, 1})
        self.assertTupleEqual((1,), (1,))
        self.assertSequenceEqual("ab", ["a", "b"])

    def test_identity(self):
        self.assertIs(None, None)
        self.assertIsNot([], [])
        self.assertIsNone(None)
        self.assertIsNotNone(0)
        self.assertIsInstance(1, int)
        self.assertNotIsInstance(1, str)
        self.assertTrue([0])
        self.assertFalse("")

    def test_raises(self):
        with self.assertRaises(KeyError) as cm:
            {}["k"]
        self.assertEqual(cm.exception.args, ("k",))
        self.assertRaises(ZeroDivisionError, lambda: 1 / 0)
        with self.assertRaisesRegex(ValueError, "invalid literal"):
            int("z")
        self.assertRegex("abc123", r"\d+")
        self.assertNotRegex("abc", r"\d")

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertEqual(i * 2 % 2, 0)

    @unittest.skip("not today")
    def test_skipped(self):
        raise RuntimeError("never runs")

    @unittest.skipIf(True, "condition true")
    def test_skip_if(self):
        pass

    @unittest.skipUnless(True, "runs")
    def test_skip_unless_runs(self):
        self.assertTrue(True)

    @unittest.expectedFailure
    def test_known_bug(self):
        self.assertEqual(1, 0)

    def helper_not_a_test(self):
        raise RuntimeError("not collected")


class Cleanups(unittest.TestCase):
    def setUp(self):
        self.addCleanup(log.append, "cleanup 1")
        self.addCleanup(lambda: log.append("cleanup 2"))

    def test_one(self):
        """Docstring first line.

        More text."""
        self.assertEqual(self.shortDescription(), "Docstring first line.")

    def test_skip_inside(self):
        self.skipTest("decided at run time")


if __name__ == "__main__":
    stream = io.StringIO()
    prog = unittest.main(testRunner=unittest.TextTestRunner(stream=stream), exit=False)
    print(re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue()), end="")
    print(prog.result, prog.result.wasSuccessful(), prog.result.testsRun)
    print(len(prog.result.skipped), [r for _, r in prog.result.skipped])
    print(len(prog.result.expectedFailures), prog.exit, prog.verbosity)
    print("\n".join(log))

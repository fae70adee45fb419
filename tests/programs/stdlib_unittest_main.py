# A plain unittest.main() with -v on the command line; its exit status is CPython's.
# min-version: 3.12
import sys
import unittest


class Quick(unittest.TestCase):
    def test_a(self):
        self.assertEqual(1 + 1, 2)

    def test_b(self):
        self.assertTrue(True)

    @unittest.skip("demo")
    def test_c(self):
        pass


sys.argv[1:] = ["-v"]
unittest.main()

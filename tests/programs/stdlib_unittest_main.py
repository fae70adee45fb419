# A plain unittest.main() with -v on the command line; its exit status is CPython's.
# sys.stderr masks the run time ("Ran 2 tests in T"): sanitizer builds are slow.
# min-version: 3.12
import re
import sys
import unittest


class MaskedStderr:
    def __init__(self, real):
        self.real = real

    def write(self, text):
        return self.real.write(re.sub(r"in \d+\.\d{3}s", "in T", text))

    def flush(self):
        self.real.flush()


sys.stderr = MaskedStderr(sys.stderr)


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

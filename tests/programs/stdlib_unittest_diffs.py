# Diffs of assertEqual on long and multi-line values, nested subTest descriptions,
# inherited tests, skipTest in setUp, a skipped class whose setUpClass never runs.
# min-version: 3.12
import unittest, io, re, sys

class Base(unittest.TestCase):
    def __init__(self, methodName="runTest"):
        super().__init__(methodName)
        self.extra = 1
    def test_inherited(self):
        self.assertEqual(self.extra, 1)

class Child(Base):
    def setUp(self):
        if self._testMethodName == "test_skip_in_setup":
            self.skipTest("from setUp")
    def test_skip_in_setup(self):
        pass
    def test_long_text(self):
        a = "\n".join("line %d" % i for i in range(60))
        b = a.replace("line 30", "LINE 30")
        self.assertEqual(a, b)
    def test_strsub(self):
        class S(str): pass
        self.assertEqual(S("a"), "b")
    def test_nested_sub(self):
        with self.subTest("m", x=1):
            with self.subTest(y=2):
                with self.subTest("inner", x=3):
                    self.fail("deep")
    def test_dict_long(self):
        self.assertEqual({i: str(i) * 10 for i in range(10)}, {i: str(i) * 10 for i in range(1, 11)})
    def test_tuple_nested(self):
        self.assertEqual([(1, 2), {"a": [1, 2]}], [(1, 2), {"a": [1, 3]}])
    def test_none_vs(self):
        self.assertEqual(None, 0)
    def test_float(self):
        self.assertAlmostEqual(1e-3, 2e-3, places=4)
    def test_multiline_ws(self):
        self.assertEqual("a b\tc\n  d\n", "a  b\tc\n d\n")

@unittest.skip("all")
class Skipped(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print("should not run")
    def test_x(self): pass

stream = io.StringIO()
suite = unittest.TestSuite([unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in (Child, Skipped)])
unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
sys.stderr.write(re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue()))


class Probe(unittest.TestCase):
    def runTest(self):
        pass


t = Probe()
for a, b in [("x\ny\nz", "x\nY\nz"), ("", "a"), ("a\n", ""), ("ab", "ab\n"), ("one", "two"),
             ("tab\there", "tab here"), ("a" * 70 + "\n" + "b", "a" * 70 + "\n" + "c")]:
    try:
        t.assertEqual(a, b)
    except AssertionError as e:
        print(repr(str(e)))

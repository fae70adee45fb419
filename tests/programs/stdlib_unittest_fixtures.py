# Class and module fixtures and their errors, cleanups, failfast, buffer,
# min-version: 3.12
# a custom TestResult, and running cases directly.
import io
import re
import sys
import unittest

events = []


def setUpModule():
    events.append("setUpModule")
    unittest.addModuleCleanup(events.append, "module cleanup")


def tearDownModule():
    events.append("tearDownModule")
    raise RuntimeError("tearDownModule broke")


class ClassSetupFails(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(events.append, "class cleanup after failed setUpClass")
        raise ValueError("no database")

    def test_x(self):
        events.append("never")


class ClassTeardownFails(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        raise OSError("cannot tear down")

    def test_y(self):
        events.append("test_y")


class ClassSkip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise unittest.SkipTest("no network")

    def test_z(self):
        events.append("never z")


class Cleanups(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.addClassCleanup(events.append, "class cleanup")

    def setUp(self):
        self.addCleanup(events.append, "cleanup A")
        self.addCleanup(self.failing_cleanup)

    def failing_cleanup(self):
        raise LookupError("cleanup failed")

    def test_c(self):
        events.append("test_c")


def run(*classes, **kw):
    stream = io.StringIO()
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in classes)
    result = unittest.TextTestRunner(stream=stream, **kw).run(suite)
    sys.stderr.write(re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue()))
    return result


r = run(ClassSetupFails, ClassTeardownFails, ClassSkip, Cleanups)
print(r)
print([t.id() for t, _ in r.errors])
print([str(t) for t, _ in r.skipped])
print(events)


class Many(unittest.TestCase):
    def test_1(self):
        self.fail("first")

    def test_2(self):
        self.fail("second")

    def test_3(self):
        pass


r = run(Many, failfast=True)
print("failfast:", r.testsRun, r.shouldStop)


class Noisy(unittest.TestCase):
    def test_quiet_pass(self):
        print("hidden output")

    def test_loud_fail(self):
        print("shown output")
        sys.stderr.write("to stderr\n")
        self.assertEqual("a", "b")


r = run(Noisy, buffer=True)
print("buffer:", r.testsRun, len(r.failures))


class Recording(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.seen = []

    def startTest(self, test):
        super().startTest(test)
        self.seen.append("start " + test._testMethodName)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.seen.append("ok " + test._testMethodName)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.seen.append("fail %s %s" % (test._testMethodName, err[0].__name__))


res = Recording()
unittest.TestLoader().loadTestsFromTestCase(Many).run(res)
print(res.seen, res.testsRun, res.wasSuccessful())
print(res.failures[0][1].splitlines()[-1])

single = Many("test_3")
out = single.run()
print(type(out).__name__, out.testsRun, out.wasSuccessful())
print(Many("test_1") == Many("test_1"), Many("test_1") == Many("test_2"), hash(Many("test_1")) == hash(Many("test_1")))
try:
    Many("test_missing")
except ValueError as e:
    print("ValueError:", e)
try:
    Many("test_1").debug()
except AssertionError as e:
    print("debug raised:", e)
print(unittest.TestSuite([Many("test_3")]).countTestCases())
try:
    unittest.TestSuite().addTest(Many)
except TypeError as e:
    print("TypeError:", e)
print(repr(unittest.TestResult()))


class A(unittest.TestCase):
    pass


class B(unittest.TestCase):
    pass


A.addClassCleanup(print, "a cleanup")
print(A._class_cleanups is B._class_cleanups, len(B._class_cleanups), hasattr(unittest.TestCase, "_class_cleanups"))
B.doClassCleanups()
A.doClassCleanups()
print(A.tearDown_exceptions)
try:
    class C(A, x=1):
        pass
except TypeError as e:
    print(e)

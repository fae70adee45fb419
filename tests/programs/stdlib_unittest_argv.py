# unittest.main's command line: argparse usage errors, -h with the examples, -q/-k/-b/--locals, options set by the program
# min-version: 3.12
import unittest, sys
class T(unittest.TestCase):
    def test_a(self): pass
for args in (["--bogus"], ["-k"], ["--durations", "x"], ["-h"]):
    try:
        unittest.main(argv=["prog"] + args, exit=False)
    except SystemExit as e:
        print("exit", e.code)
p = unittest.main(argv=["prog", "-q", "-k", "a", "-k", "b*", "-b", "--locals"], exit=False, testRunner=unittest.TextTestRunner(stream=__import__("io").StringIO()))
print(p.verbosity, p.testNamePatterns, p.buffer, p.tb_locals, p.failfast, p.catchbreak, p.tests, p.durations)
p = unittest.main(argv=["prog"], exit=False, failfast=True, testRunner=unittest.TextTestRunner(stream=__import__("io").StringIO()))
print(p.failfast, p.testNamePatterns)

# assertLogs / assertNoLogs, enterContext and class contexts.
# min-version: 3.12
import contextlib
import io
import logging
import re
import sys
import unittest

log = logging.getLogger("app")


def work(n):
    log.info("working on %d", n)
    if n < 0:
        log.error("negative: %d", n)
    return n * 2


class Logs(unittest.TestCase):
    def test_capture(self):
        with self.assertLogs("app", level="INFO") as cm:
            work(3)
            work(-1)
        print(cm.output)
        print([r.getMessage() for r in cm.records])
        print(type(cm).__name__, cm.records is cm[0])

    def test_root_default(self):
        with self.assertLogs() as cm:
            logging.getLogger("other").warning("root catches this")
        print(cm.output)

    def test_level_filter(self):
        with self.assertLogs(log, logging.ERROR) as cm:
            work(5)
            work(-2)
        print(cm.output)

    def test_missing(self):
        with self.assertLogs("app", "ERROR"):
            work(1)

    def test_no_logs(self):
        with self.assertNoLogs("app", "WARNING"):
            work(1)
        with self.assertNoLogs("app"):
            work(2)

    def test_context(self):
        events = []

        @contextlib.contextmanager
        def resource(name):
            events.append("open " + name)
            yield name.upper()
            events.append("close " + name)

        self.assertEqual(self.enterContext(resource("a")), "A")
        self.addCleanup(lambda: print(events))
        self.enterContext(resource("b"))
        with self.assertRaises(TypeError) as cm:
            self.enterContext(42)
        print(cm.exception)


stream = io.StringIO()
suite = unittest.TestLoader().loadTestsFromTestCase(Logs)
result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
text = re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue())
sys.stderr.write(re.sub(r"File \".*/unittest/", "File \"LIB/unittest/", text))
print(log.handlers, log.level, log.propagate)

# IsolatedAsyncioTestCase: async tests, asyncSetUp/asyncTearDown, async cleanups, the frames of async_case.py and asyncio CPython keeps
# min-version: 3.12
import asyncio
import io
import re
import sys
import unittest

events = []


async def fetch(x):
    await asyncio.sleep(0)
    return x * 2


class AsyncTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        events.append("asyncSetUp")
        self.value = await fetch(1)

    def setUp(self):
        events.append("setUp")

    async def asyncTearDown(self):
        events.append("asyncTearDown")

    def tearDown(self):
        events.append("tearDown")

    async def test_await(self):
        self.assertEqual(await fetch(21), 42)
        self.assertEqual(self.value, 2)
        self.addAsyncCleanup(self.cleanup, "async cleanup")

    async def cleanup(self, what):
        await asyncio.sleep(0)
        events.append(what)

    def test_sync(self):
        self.assertTrue(True)

    async def test_fails(self):
        await asyncio.sleep(0)
        self.assertEqual(await fetch(1), 3)

    async def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            await asyncio.sleep(0)
            1 / 0


class Plain(unittest.IsolatedAsyncioTestCase):
    async def test_gather(self):
        r = await asyncio.gather(fetch(1), fetch(2))
        self.assertEqual(r, [2, 4])


stream = io.StringIO()
loader = unittest.TestLoader()
suite = unittest.TestSuite([loader.loadTestsFromTestCase(AsyncTests), loader.loadTestsFromTestCase(Plain)])
r = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
text = re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue())
sys.stderr.write(re.sub(r"File \".*/lib/python3\.12/", "File \"LIB/", text))
print(events)
print(r.testsRun, len(r.failures), len(r.errors))


class SyncFail(unittest.IsolatedAsyncioTestCase):
    def test_sync_error(self):
        raise KeyError("sync")


stream = io.StringIO()
r = unittest.TextTestRunner(stream=stream).run(loader.loadTestsFromTestCase(SyncFail))
text = re.sub(r"in \d+\.\d{3}s", "in T", stream.getvalue())
sys.stderr.write(re.sub(r"File \".*/lib/python3\.12/", "File \"LIB/", text))

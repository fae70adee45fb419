# A warning about an object (warnings.warn(..., source=obj), and the
# RuntimeWarning for a coroutine that was never awaited) ends with 3.12's
# "Enable tracemalloc" line; one without source= does not.
import warnings


class Handle:
    pass


async def fetch():
    raise ValueError("never runs")


pending = fetch()
del pending
print("coroutine dropped")

h = Handle()
warnings.warn("quiet by default", ResourceWarning, source=h)
warnings.simplefilter("always")
warnings.warn("about a handle", UserWarning, source=h)
warnings.warn("plain warning", UserWarning)


def helper():
    warnings.warn_explicit("explicit", RuntimeWarning, "elsewhere.py", 3, source=h)


helper()
print("done")

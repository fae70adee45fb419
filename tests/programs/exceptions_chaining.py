# Exception chaining: implicit __context__, explicit `raise ... from`,
# `from None`, exception variables cleared after except, nested handlers,
# finally blocks that return, custom exception hierarchies with args.


class ConfigError(Exception):
    def __init__(self, key, reason):
        super().__init__(key, reason)
        self.key = key
        self.reason = reason

    def __str__(self):
        return f"{self.key}: {self.reason}"


def load(key):
    try:
        return {"a": 1}[key]
    except KeyError as e:
        raise ConfigError(key, "missing") from e


def load_quiet(key):
    try:
        return {"a": 1}[key]
    except KeyError:
        raise ConfigError(key, "missing, no context") from None


def implicit():
    try:
        int("nope")
    except ValueError:
        raise RuntimeError("while handling")


for fn in (load, load_quiet):
    try:
        fn("b")
    except ConfigError as err:
        print(str(err), type(err.__cause__).__name__, err.__suppress_context__)

try:
    implicit()
except RuntimeError as err:
    print(err, "context:", type(err.__context__).__name__, err.__cause__)

try:
    raise ValueError("x")
except ValueError as e:
    pass
print("e" in dir())


def swallow():
    try:
        raise TypeError("lost")
    finally:
        return "finally wins"


print(swallow())


def depth(n):
    try:
        if n == 0:
            raise LookupError("bottom")
        depth(n - 1)
    except LookupError as e:
        raise LookupError(f"level {n}") from e


try:
    depth(3)
except LookupError as e:
    chain = []
    while e is not None:
        chain.append(str(e))
        e = e.__cause__
    print(" <- ".join(chain))

try:
    try:
        1 / 0
    finally:
        print("cleanup runs")
except ZeroDivisionError as e:
    print("propagated", type(e).__name__)

err = ConfigError("k", "r")
print(err.args, repr(str(err)))
try:
    raise err
except Exception as e:
    print(e is err, isinstance(e, ConfigError))

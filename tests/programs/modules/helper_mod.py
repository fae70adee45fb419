# An importable helper module (tests/programs/modules): a few names, an
# __all__ for `import *`, and a print that shows when it first runs.
print("helper_mod runs as", __name__)

__all__ = ["greet", "VALUE"]
VALUE = 42
_private = "hidden"


def greet(who):
    return "hello, %s" % who


def not_exported():
    return "no star"

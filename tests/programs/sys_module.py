# min-version: 3.12
# The sys module: version information, limits, recursion limit, exit,
# exc_info, getsizeof of the common types, intern, _getframe.
import sys

print(sys.version_info[:2], sys.version_info >= (3, 12), sys.version_info.major, sys.version_info.minor)
print(type(sys.version_info).__name__, len(sys.version_info), sys.version_info[3:])
print(sys.version.split()[0], hex(sys.hexversion), sys.api_version)
print(sys.implementation.name, sys.implementation.cache_tag, sys.implementation.version == sys.version_info)
print(sys.maxsize, sys.maxunicode, sys.byteorder, sys.platform, sys.float_repr_style)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.float_info)
print(sys.int_info, sys.hash_info.modulus, sys.hash_info.width)
print(sys.flags.optimize, sys.flags.dev_mode, sys.flags.int_max_str_digits, len(sys.flags))
print(sys.argv, sys.getdefaultencoding(), sys.getfilesystemencoding())
print(sys.getrecursionlimit(), sys.get_int_max_str_digits())
print(sys.modules["sys"] is sys, "builtins" in sys.modules, sys.modules["__main__"].__name__)
print(type(sys.path).__name__, type(sys.path[0]).__name__, sys.stdout is sys.__stdout__)
print("sys" in sys.builtin_module_names, "os" in sys.stdlib_module_names, "pydbg" in sys.stdlib_module_names)

sys.setrecursionlimit(500)
print(sys.getrecursionlimit())
sys.setrecursionlimit(1000)
for bad in (0, -1, 1.5, "x"):
    try:
        sys.setrecursionlimit(bad)
    except Exception as e:
        print(type(e).__name__, e)

sys.set_int_max_str_digits(1000)
print(sys.get_int_max_str_digits())
try:
    sys.set_int_max_str_digits(5)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(4300)

print(sys.exc_info(), sys.exception())
try:
    raise KeyError("k")
except KeyError as e:
    info = sys.exc_info()
    print(info[0].__name__, info[1] is e, type(info[2]).__name__, sys.exception() is e)
print(sys.exc_info())

for code in (None, 0, 3, "message", [1]):
    try:
        sys.exit(code)
    except SystemExit as e:
        print("exit", repr(e.code), repr(e.args))
try:
    sys.exit(1, 2)
except TypeError as e:
    print(e)

s = sys.intern("hello world!")
print(s is sys.intern("hello " + "world!"))
try:
    sys.intern(5)
except TypeError as e:
    print(e)


def where():
    return sys._getframe().f_code.co_name, sys._getframe(1).f_code.co_name


print(where())
try:
    sys._getframe(1000)
except ValueError as e:
    print(e)

for v in (None, True, 0, 1, 2**30, 2**60, 2**100, -5, 1.5, 2j, "", "a", "abc", "é", "日本", "😀",
          b"", b"abc", (), (1, 2), [], [1, 2, 3], range(3), slice(1), object()):
    print(type(v).__name__, sys.getsizeof(v))
lst = []
sizes = []
for i in range(10):
    lst.append(i)
    sizes.append(sys.getsizeof(lst))
print(sizes)


class Plain:
    pass


class Slotted:
    __slots__ = ("a", "b")


print(sys.getsizeof(Plain()), sys.getsizeof(Slotted()))
try:
    sys.getsizeof()
except TypeError as e:
    print(e)

# importlib.import_module: absolute and relative names, packages, errors.
import importlib
import sys

m = importlib.import_module("math")
print(m.sqrt(16), m is sys.modules["math"])
h = importlib.import_module("helper_mod")
print(h.__name__, h is importlib.import_module("helper_mod"))
sub = importlib.import_module("pkgdemo.leaf")
print(sub.__name__, "pkgdemo" in sys.modules)
rel = importlib.import_module(".leaf", package="pkgdemo")
print(rel is sub)
print(importlib.import_module("collections.abc").__name__)
print(importlib.invalidate_caches())
for args, kw in [(("no_such_module_xyz",), {}), (("",), {}), ((".x",), {}),
                 (("..x",), {"package": "pkgdemo"}), ((".x",), {"package": 5}),
                 ((5,), {}), (("pkgdemo.nothere",), {})]:
    try:
        importlib.import_module(*args, **kw)
    except Exception as e:
        print(type(e).__name__, e)
try:
    importlib.invalidate_caches(1)
except TypeError as e:
    print(e)
for name in ["json", "not_a_module_abc"]:
    try:
        mod = importlib.import_module(name)
        print("loaded", mod.__name__)
    except ImportError as e:
        print("missing", e.name)

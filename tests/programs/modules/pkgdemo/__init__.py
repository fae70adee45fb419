# A package: relative imports of its own submodules.
print("pkgdemo init, package =", __package__)
CONST = "pkg-const"
from . import leaf
from .leaf import leaf_value

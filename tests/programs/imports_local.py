# Imports of modules and packages that live beside the program (compiled
# from tests/programs/modules/): import forms, packages and relative
# imports, import *, circular imports, failures and sys.modules.
import sys

import helper_mod
import helper_mod as again
from helper_mod import greet, VALUE as V

print(helper_mod is again, greet("you"), V, helper_mod.__name__, helper_mod.__package__)
print(sorted(k for k in vars(helper_mod) if not k.startswith("__")))

import pkgdemo.inner.deep
from pkgdemo import CONST, leaf
from pkgdemo.inner import parent_const, leaf_value
import pkgdemo.inner as pi

print(CONST, leaf.leaf_value, parent_const, leaf_value, pi.deep.where())
print(pkgdemo.__package__, pkgdemo.leaf.__package__, type(pkgdemo.__path__).__name__)
print(sorted(m for m in sys.modules if m.startswith("pkgdemo")))

from helper_mod import *

print(VALUE, "not_exported" in dir(), "_private" in dir())

import circular_a

print(circular_a.use_b(), circular_a.circular_b.EARLY, circular_a.circular_b.peek_a())

for attempt in (1, 2):
    try:
        import failing_mod
    except ValueError as e:
        print("attempt", attempt, "ValueError:", e, "failing_mod" in sys.modules)

try:
    import no_such_module
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, "| name:", e.name)
try:
    import pkgdemo.missing
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, "| name:", e.name)
try:
    import helper_mod.sub
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e)
try:
    from helper_mod import missing_name
except ImportError as e:
    print("ImportError for", repr(e.name), repr(e.name_from), type(e).__name__)
try:
    from . import something
except ImportError as e:
    print("ImportError:", e)
sys.modules["fake_mod"] = "not a module"
import fake_mod

print(fake_mod)
sys.modules["blocked"] = None
try:
    import blocked
except ImportError as e:
    print(type(e).__name__ + ":", e)
print(__name__, __package__, __spec__)

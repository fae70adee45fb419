# min-version: 3.12
# warnings: default filters and registries, stacklevel, once/module/always/error/ignore, hooks, catch_warnings(record=True), warn_explicit, messages on stderr.
import warnings, sys
def f():
    warnings.warn("deprecated thing", DeprecationWarning, stacklevel=2)
warnings.warn("hello")
warnings.warn("hello")
for i in range(2): warnings.warn("loop %d" % 0)
f()
warnings.warn(UserWarning("inst"))
warnings.warn("rt", RuntimeWarning)
warnings.warn("far", stacklevel=5)
warnings.warn("dep in main", DeprecationWarning)
print(sorted(k for k in globals() if k.startswith('__w')), list(__warningregistry__.items())[:3])
print(warnings.filters)
print(warnings.formatwarning("msg", UserWarning, "file.py", 12), end='')
print(repr(warnings.formatwarning("msg", UserWarning, "file.py", 12, line='  code here  ')))
try: warnings.warn("x", 5)
except TypeError as e: print(e)
try: warnings.warn("x", int)
except TypeError as e: print(e)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    warnings.warn("recorded", SyntaxWarning)
    warnings.warn("recorded", SyntaxWarning)
    print(len(w), w[0].message, w[0].category, w[0].filename, w[0].lineno, w[0].line, str(w[0]))
print(warnings.catch_warnings(), warnings.catch_warnings(record=True))
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try: warnings.warn("boom", UserWarning)
    except UserWarning as e: print('raised', repr(e))
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="ign.*")
    warnings.warn("ignore me")
    warnings.warn("Ignore ME too")
    warnings.warn("shown")
warnings.filterwarnings("once", category=FutureWarning)
for i in range(3): warnings.warn("future", FutureWarning)
warnings.simplefilter("module")
def g(): warnings.warn("mod")
g(); g()
old = warnings.showwarning
def mine(message, category, filename, lineno, file=None, line=None): print('custom:', message, category.__name__, filename, lineno, line)
warnings.showwarning = mine
warnings.warn("to custom")
warnings.showwarning = old
warnings.formatwarning = lambda m, c, f, l, line=None: 'FMT %s\n' % m
warnings.warn("fmt custom")
try: warnings.simplefilter("bogus")
except AssertionError as e: print('AssertionError', e)
try: warnings.filterwarnings("ignore", lineno=-1)
except AssertionError as e: print('AssertionError', e)
warnings.resetwarnings(); print(warnings.filters)
warnings.warn_explicit("explicit", UserWarning, "some/file.py", 7)
warnings.warn_explicit("explicit2", UserWarning, "other.py", 8, module="mymod", registry={})
warnings.defaultaction = 'ignore'; warnings.warn("after default ignore"); warnings.defaultaction = 'default'
warnings.filters.append(('nonsense', None, Warning, None, 0))
try: warnings.warn("x2")
except RuntimeError as e: print('RuntimeError', e)
print(warnings.__all__)
sys.stderr.flush()

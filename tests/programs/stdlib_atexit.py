# min-version: 3.12
# atexit: callbacks run last-first after the program (also on sys.exit), arguments, unregister, a failing callback reported on stderr.
import atexit, sys
def bye(name, punct='!'): print('bye', name + punct)
class Bad:
    def __call__(self): 1 / 0
    def __repr__(self): return '<Bad callback>'
bad = Bad()
atexit.register(bye, 'first')
atexit.register(bye, 'second', punct='?')
atexit.register(bad)
r = atexit.register(print, 'x', sep='-'); print(r is print, atexit._ncallbacks())
atexit.unregister(print); print(atexit._ncallbacks())
@atexit.register
def deco(): print('decorated'); sys.stdout.flush()
print('main done')
sys.exit(3)

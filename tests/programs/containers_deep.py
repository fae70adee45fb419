# min-version: 3.12
# max-version: 3.13
# Very deep nesting: releasing a million-level list, tuple or dict must not
# exhaust the C stack (the trashcan defers deallocation past 50 nested
# levels, as CPython does); repr of one raises RecursionError.

l = []
for i in range(300000):
    l = [l]
try:
    repr(l)
except RecursionError as e:
    print('RecursionError:', e)
del l
print('deleted list')
t = ()
for i in range(300000):
    t = (t, i)
del t
print('deleted tuple')
d = {}
for i in range(300000):
    d = {'k': d}
del d
print('deleted dict')
it = iter([])
for i in range(300000):
    it = iter([it])
del it
print('deleted iterators')
s = frozenset()
for i in range(100000):
    s = frozenset([s, i])
del s
print('deleted frozensets')
mixed = None
for i in range(100000):
    mixed = [{i: (mixed,)}]
del mixed
print('deleted mixed')

# min-version: 3.12
# pickle: PicklingError/UnpicklingError/EOFError messages, malformed and truncated streams, text-protocol opcodes, dump/load on files, Pickler/Unpickler subclasses (persistent_id, persistent_load, find_class), clear_memo, deep recursion
import pickle, io

def f():
    def g(): pass
    return g

class NoPickle:
    def __reduce__(self):
        raise TypeError("nope")

class BadReduce:
    def __reduce__(self):
        return 42

class BadReduce2:
    def __reduce__(self):
        return (1, 2)

class BadReduce3:
    def __reduce__(self):
        return (BadReduce3,)

class Slotted:
    __slots__ = ('a',)

for o in [f(), lambda: 1, NoPickle(), BadReduce(), BadReduce2(), BadReduce3(), Slotted(), (x for x in [])]:
    for p in (0, 2, 4):
        try:
            pickle.dumps(o, p)
        except Exception as e:
            print(p, type(e).__module__, type(e).__name__, str(e).split(' at 0x')[0])

for data in [b'', b'\x80\x04', b'x', b'\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01.', b'\x80\x09.', b'K', b'(K\x01t', b'0', b'h\x05.',
             b'Vabc', b'I12x\n.', b'S"a\n.', b'\x93.', b']\x85.', b'(.', b'N(.', b'(N0.', b'\xff', b'\x80\x04\x8c\x03os\x94\x8c\x03nope\x94\x93.',
             b'c__builtin__\nxrange\n.', b'S\'ab\\n\'\n.', b'U\x02hi.', b'I01\n.', b'L123L\n.', b'F1.25\n.', b'\x8a\x00.', b'\x8a\x02\xff\x7f.',
             b'(I1\nI2\nd.', b'(I1\nd.', b'}(K\x01u.', b'cbuiltins\nlist\n)\x81.', b'K\x01)\x81.', b'\x80\x02cnosuchmod\nx\n.', b'P1\n.', b'K\x01K\x02\x86\x94h\x00.']:
    try:
        print(repr(data), '->', repr(pickle.loads(data)))
    except Exception as e:
        print(repr(data), type(e).__module__, type(e).__name__, str(e).split(' on <module')[0])
try:
    pickle.loads('abc')
except TypeError as e:
    print(e)
try:
    pickle.dumps(1, 6)
except ValueError as e:
    print(e)
print(pickle.loads(b'S\'caf\\xc3\\xa9\'\n.', encoding='bytes'), pickle.loads(b'U\x02\xe9a.', encoding='latin1'))
print(issubclass(pickle.PicklingError, pickle.PickleError), pickle.UnpicklingError.__mro__)

# files
buf = io.BytesIO()
pickle.dump([1, 2], buf)
pickle.dump({'a': 'b'}, buf, protocol=0)
pickle.dump('third', buf, 2)
print(buf.getvalue())
buf.seek(0)
print(pickle.load(buf), pickle.load(buf), pickle.load(buf))
try:
    pickle.load(buf)
except EOFError as e:
    print('EOF', e)

# Pickler / Unpickler classes
class DB:
    def __init__(self, key):
        self.key = key

class MyPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, DB):
            return 'DB:' + obj.key
        return None

class MyUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        tag, key = pid.split(':')
        return 'loaded:' + key
    def find_class(self, module, name):
        print('find_class', module, name)
        return super().find_class(module, name)

for p in (0, 2, 4):
    out = io.BytesIO()
    MyPickler(out, p).dump([DB('k1'), 3, DB('k2'), io.BytesIO])
    print(out.getvalue())
    print(MyUnpickler(io.BytesIO(out.getvalue())).load())

class Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        if module == 'builtins' and name in ('list', 'set'):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"global '{module}.{name}' is forbidden")
try:
    Restricted(io.BytesIO(pickle.dumps([print]))).load()
except pickle.UnpicklingError as e:
    print(e)
print(Restricted(io.BytesIO(pickle.dumps({1, 2}, 3))).load())

p = pickle.Pickler(io.BytesIO())
print(p.bin)
b = io.BytesIO()
p = pickle.Pickler(b, 2)
x = [1]
p.dump(x); p.dump(x); p.clear_memo(); p.dump(x)
print(b.getvalue())
try:
    pickle.Pickler(42)
except TypeError as e:
    print(e)
try:
    pickle.Unpickler(42)
except TypeError as e:
    print(e)
try:
    pickle.loads(pickle.dumps(DB('x'), 0).replace(b'DB', b'DX'))
except AttributeError as e:
    print(type(e).__name__, str(e).split(' from ')[0])
try:
    pickle.loads(pickle.dumps(DB('x'), 4).replace(b'DB', b'DX'))
except AttributeError as e:
    print(type(e).__name__, str(e).split(' from ')[0])
try:
    pickle.loads(b'\x80\x04P1\n.')
except pickle.UnpicklingError as e:
    print(e)
import sys
sys.setrecursionlimit(100000)
l = []
for i in range(5000):
    l = [l]
try:
    pickle.dumps(l)
except RecursionError as e:
    print('RecursionError', e)

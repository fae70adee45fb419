# min-version: 3.12
# pickletools.dis: the disassembly of lists, dicts, tuples, sets, bytes and class instances at protocols 0-5 (MARK nesting, memo notes, frames), indentlevel=, out=, text-protocol arguments, and its ValueErrors
import pickle, pickletools, io, collections
class Pt:
    def __init__(self, x): self.x = x
data = [1, 2, (3, 4), {b'abc': "def"}, None, True, 1.5, -7, 2**70, 'h\xe9', frozenset([1]), {5}, bytearray(b'z')]
for p in range(6):
    print('--- protocol', p)
    pickletools.dis(pickle.dumps(data, p))
pickletools.dis(pickle.dumps([Pt(1), Pt(2)], 2))
pickletools.dis(pickle.dumps(collections.OrderedDict(a=[1, 2])), indentlevel=2)
out = io.StringIO()
pickletools.dis(b'(I01\nI00\nS\'a\\nb\'\nL5L\nF2.5\ncos\npath\np0\ng0\nt.', out=out)
print(out.getvalue())
for bad in [b'', b'K', b'\xff', b'h\x00.', b'(.', b'K\x01K\x02.', b'0.', b'N\x94\x94.']:
    try:
        pickletools.dis(bad)
    except ValueError as e:
        print('ValueError:', e)

# min-version: 3.12
# struct: pack/unpack of every format character, byte orders, native alignment
import struct

print(struct.calcsize('i'), struct.calcsize('@bi'), struct.calcsize('@ib'), struct.calcsize('=bi'))
for fmt in ['c', 'b', 'B', '?', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'n', 'N', 'e', 'f', 'd', 'P',
            '5s', '5p', '3x', 'bhilqd', '@bhilqd', '=bhilqd', '<bhilqd', '>bhilqd', '!bhilqd',
            'b0i', 'c0q', 'h3s', 'xhx', '2h 3i', ' i ', '', '0s', '0p']:
    print(repr(fmt), struct.calcsize(fmt))

vals = {'b': [-128, -1, 0, 127], 'B': [0, 1, 255], 'h': [-32768, 1234, 32767], 'H': [0, 65535],
        'i': [-2**31, -5, 2**31 - 1], 'I': [0, 2**32 - 1], 'l': [-2**31, 7], 'L': [2**32 - 1],
        'q': [-2**63, 2**63 - 1, -2], 'Q': [0, 2**64 - 1]}
for order in '@=<>!':
    for c, vs in vals.items():
        for v in vs:
            b = struct.pack(order + c, v)
            print(order, c, v, b, struct.unpack(order + c, b))
for v in [-2**63, 2**64 - 1, 0]:
    c = 'n' if v < 0 else 'N'
    print(struct.pack(c, v), struct.unpack(c, struct.pack(c, v)))
print(struct.pack('P', 12345), struct.unpack('P', struct.pack('P', 12345)))

# floats
for order in '<>=@':
    for x in [0.0, -0.0, 1.5, -2.25, 1e10, 3.141592653589793, float('inf'), -float('inf'), 1e-300, 65504.0, 6e-8]:
        for c in 'efd':
            try:
                b = struct.pack(order + c, x)
                print(order, c, x, b, struct.unpack(order + c, b))
            except OverflowError as e:
                print(order, c, x, 'OverflowError', e)
print(struct.pack('<e', float('nan')), struct.pack('>e', -float('nan')))
print(struct.unpack('<e', b'\x00\x7c'), struct.unpack('<e', b'\x01\x00'), struct.unpack('<e', b'\xff\x7b'))
print(struct.pack('<e', 0.1), struct.pack('<e', 1.0009765625), struct.pack('<e', 1.00048828125), struct.pack('<e', 1.00146484375))
print(struct.pack('f', 1e300), struct.pack('<d', 2), struct.pack('<f', True))
import math
print(math.isnan(struct.unpack('<d', struct.pack('<d', float('nan')))[0]))

# bool, chars and strings
print(struct.pack('???', 0, 'x', []), struct.unpack('???', b'\x00\x01\x02'))
print(struct.pack('c3s', b'A', b'xy'), struct.pack('3s', b'abcdef'), struct.pack('3s', bytearray(b'ab')))
print(struct.pack('5p', b'abc'), struct.pack('3p', b'abcdef'), struct.pack('p', b'abc'), struct.pack('0p', b'a'))
print(struct.unpack('5p', b'\x03abcd'), struct.unpack('3p', b'\x09ab'), struct.unpack('c2s', b'xyz'))
print(struct.pack('300p', b'z' * 400)[:4], len(struct.pack('300p', b'z' * 400)))
print(struct.unpack('<hxxi', struct.pack('<hxxi', 1, 2)))

# mixed records and alignment
rec = struct.pack('@bhiq', 1, 2, 3, 4)
print(len(rec), rec)
print(struct.unpack('@bhiq', rec))
rec = struct.pack('<10sHHb', b'hello', 1, 2, -3)
print(rec, struct.unpack('<10sHHb', rec))
print(struct.pack('>I2H', 0xdeadbeef, 1, 2).hex())
print(struct.pack(b'<i', 7), struct.unpack(b'<i', bytearray(b'\x07\0\0\0')))

# __index__, bools, subclasses
class Idx:
    def __index__(self):
        return 42
class MyInt(int):
    pass
print(struct.pack('<iBq', Idx(), True, MyInt(-9)))
class F:
    def __float__(self):
        return 2.5
print(struct.pack('<d', F()), struct.pack('<f', 3), struct.pack('<e', Idx()))

# Struct objects
s = struct.Struct('<3sIh')
print(s.format, s.size, struct.Struct(b'>q').format)
packed = s.pack(b'abc', 99, -1)
print(packed, s.unpack(packed), s.unpack_from(b'##' + packed, 2), s.unpack_from(packed + b'xx', offset=0))
buf = bytearray(16)
s.pack_into(buf, 3, b'z', 7, 8)
struct.pack_into('<h', buf, -2, 0x0102)
print(buf)
print(struct.unpack_from('<h', buf, -2), struct.unpack_from('<I', buf, offset=6))
print(list(struct.iter_unpack('<hb', b'\x01\x00\x02\x03\x00\x04')))
it = s.iter_unpack(packed * 3)
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it), it.__length_hint__())
print(type(it).__name__, type(s).__name__, struct.Struct.__module__, struct.error.__module__)
print(struct.Struct('i') is struct.Struct('i'), isinstance(s, struct.Struct))
class Rec(struct.Struct):
    def __init__(self):
        super().__init__('<HH')
    def both(self, data):
        return sum(self.unpack(data))
r = Rec()
print(r.size, r.format, r.both(b'\x01\x00\x02\x00'))
print(struct.Struct(format='>b').pack(-1))
print(issubclass(struct.error, Exception), struct.error.__name__)
print(struct.__all__)

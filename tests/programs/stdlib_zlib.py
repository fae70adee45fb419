# min-version: 3.12
# zlib: compress/decompress with levels and wbits, checksums, streaming objects, errors
import zlib

text = b'hello hello hello world, ' * 40 + bytes(range(256))
for level in [-1, 0, 1, 6, 9]:
    c = zlib.compress(text, level)
    print(level, len(c), c[:12].hex(), zlib.decompress(c) == text)
for wbits in [9, 15, -15, 31, -9]:
    c = zlib.compress(text, wbits=wbits)
    print(wbits, len(c), c[:6].hex(), zlib.decompress(c, wbits) == text)
print(zlib.decompress(zlib.compress(text, wbits=31), 47) == text, zlib.decompress(zlib.compress(text), 0) == text)
print(zlib.compress(b''), zlib.decompress(zlib.compress(b'')), zlib.compress(bytearray(b'abc')))
print(zlib.decompress(zlib.compress(b'x' * 100000), bufsize=1) == b'x' * 100000)
print(zlib.decompress(zlib.compress(b'abc') + b'trailing junk'))
print(zlib.crc32(b''), zlib.crc32(b'hello'), zlib.crc32(b'world', zlib.crc32(b'hello ')), zlib.crc32(b'a', -1))
print(zlib.adler32(b''), zlib.adler32(b'hello'), zlib.adler32(b'world', zlib.adler32(b'hello ')), zlib.adler32(b'x', 2**40))

co = zlib.compressobj(9, zlib.DEFLATED, -12, 9, zlib.Z_FILTERED)
parts = [co.compress(text[i:i + 100]) for i in range(0, len(text), 100)]
parts.append(co.flush())
raw = b''.join(parts)
print(len(raw), [len(p) for p in parts][:5], zlib.decompress(raw, -12) == text)
co = zlib.compressobj()
a = co.compress(b'first part ')
b = co.flush(zlib.Z_SYNC_FLUSH)
cc = co.copy()
c = co.compress(b'second part')
d = co.flush()
print(a, b.hex(), c, d.hex(), zlib.decompress(a + b + c + d))
print(zlib.decompress(a + b + cc.flush()), co.flush(zlib.Z_NO_FLUSH))

do = zlib.decompressobj()
data = zlib.compress(text) + b'EXTRA'
out = b''
for i in range(0, len(data), 37):
    out += do.decompress(data[i:i + 37])
print(out == text, do.eof, do.unused_data, do.unconsumed_tail)
out += do.flush()
print(len(out), do.eof, do.unused_data)
do = zlib.decompressobj()
first = do.decompress(zlib.compress(text), 100)
print(len(first), len(do.unconsumed_tail) > 0, do.eof)
rest = do.decompress(do.unconsumed_tail, 0)
print(first + rest == text, do.eof, do.unconsumed_tail)
do = zlib.decompressobj()
piece = do.decompress(zlib.compress(text), 10)
print(piece, len(do.flush()) + len(piece) == len(text), do.eof)
zd = b'hello world, '
co = zlib.compressobj(zdict=zd)
withdict = co.compress(text) + co.flush()
do = zlib.decompressobj(zdict=zd)
print(len(withdict), do.decompress(withdict) == text)
d2 = zlib.decompressobj(wbits=-15, zdict=zd)
co = zlib.compressobj(wbits=-15, zdict=zd)
print(d2.decompress(co.compress(b'hello world, hello') + co.flush()))
dc = zlib.decompressobj()
dc.decompress(zlib.compress(b'abcdef')[:5])
dc2 = dc.copy()
print(type(co).__name__, type(dc).__name__, type(dc2).__name__)
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.DEF_MEM_LEVEL, zlib.DEF_BUF_SIZE, zlib.Z_BEST_COMPRESSION, zlib.Z_BEST_SPEED,
      zlib.Z_DEFAULT_COMPRESSION, zlib.Z_DEFAULT_STRATEGY, zlib.Z_FINISH, zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH,
      zlib.Z_NO_FLUSH, zlib.Z_RLE, zlib.Z_FIXED, zlib.Z_HUFFMAN_ONLY, zlib.Z_FILTERED, zlib.Z_BLOCK, zlib.Z_TREES)
print(zlib.ZLIB_VERSION == zlib.ZLIB_RUNTIME_VERSION, issubclass(zlib.error, Exception), zlib.error.__module__)

def attempt(f, *args, **kw):
    try:
        print('ok', repr(f(*args, **kw)))
    except Exception as e:
        print(type(e).__name__, e)

attempt(zlib.decompress, b'not zlib data')
attempt(zlib.decompress, zlib.compress(b'abcdef' * 10)[:-3])
attempt(zlib.decompress, zlib.compress(b'abc'), -15)
attempt(zlib.decompress, b'')
attempt(zlib.decompress, b'x\x9c\x00')
attempt(zlib.compress, 'text')
attempt(zlib.compress, b'x', 10)
attempt(zlib.compress, b'x', wbits=99)
attempt(zlib.decompress, zlib.compress(b'x'), bufsize=-1)
attempt(zlib.decompress, zlib.compress(b'x'), 99)
attempt(zlib.compressobj, 10)
attempt(zlib.compressobj, wbits=3)
attempt(zlib.decompressobj, wbits=99)
attempt(zlib.decompressobj, zdict='x')
attempt(zlib.decompressobj().decompress, b'garbage!')
attempt(zlib.decompressobj().decompress, b'', -1)
attempt(zlib.decompressobj().flush, 0)
attempt(zlib.crc32, 'x')
attempt(zlib.crc32, b'x', 'y')
attempt(zlib.adler32)
attempt(zlib.compress)
# flush() after a max_length stop finishes the tail; stream errors come back as data
d = zlib.decompressobj()
part = d.decompress(zlib.compress(text) + b'tail', 10)
rest = d.flush()
print(len(part), part + rest == text, d.eof, d.unused_data, d.unconsumed_tail)
attempt(d.decompress, b'more')
bad = bytearray(zlib.compress(text))
bad[len(bad) // 2] ^= 0xff
d = zlib.decompressobj()
first = d.decompress(bytes(bad), 50)
print(len(first), len(d.flush()) > 0, d.eof)
co = zlib.compressobj()
co.flush()
attempt(co.compress, b'x')
attempt(co.flush)
attempt(co.copy)

# codecs basics: encode/decode with text encodings and the rot13, hex and
# base64 transforms, lookup names, getencoder/getdecoder, BOMs, open, errors.
import codecs
import os

print(codecs.encode('héllo'), codecs.encode('héllo', 'latin-1'), codecs.decode(b'h\xc3\xa9'), codecs.decode(b'h\xe9', 'latin1'))
print(codecs.encode('Hello, World!', 'rot13'), codecs.decode('Uryyb', 'rot_13'), codecs.encode('abc', encoding='rot-13'))
print(codecs.encode(b'hi!', 'hex'), codecs.decode(b'686921', 'hex'), codecs.decode('6869', 'hex'), codecs.encode(bytearray(b'\x00\xff'), 'hex'))
print(codecs.encode(b'x' * 60, 'base64'), codecs.decode(b'aGk=\n', 'base64'), codecs.encode(b'', 'base64'))
print(codecs.encode('a\udcff', 'utf-8', 'surrogateescape'), codecs.decode(b'\xff', 'utf-8', 'replace'), codecs.decode(b'a\xffb', 'ascii', 'ignore'))
print(codecs.encode('é', 'ascii', 'xmlcharrefreplace'), codecs.encode('é', 'ascii', errors='backslashreplace'))
print(codecs.encode('hi', 'utf-16'), codecs.encode('hi', 'UTF-16LE'), codecs.decode(b'\xff\xfeh\x00i\x00', 'utf-16'), codecs.encode('A', 'utf_32_be'))
for n in ['UTF8', 'utf_8', 'latin1', 'Latin-1', 'ascii', 'us-ascii', 'utf-16', 'UTF-16LE', 'utf_32_be', 'rot13',
          'rot_13', 'hex', 'base64', 'U8', 'L1']:
    info = codecs.lookup(n)
    print(n, info.name, isinstance(info, tuple), len(info), info[0] is info.encode)
print(codecs.getencoder('utf-8')('hé'), codecs.getdecoder('ascii')(b'ab'), codecs.lookup('rot13').encode('abc'))
print(codecs.lookup('latin-1').decode(b'\xe9t\xe9'), repr(codecs.lookup('utf-8'))[:40])
print(codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM)
print(b'\xef\xbb\xbfdata'.startswith(codecs.BOM_UTF8), codecs.BOM_UTF16, codecs.BOM_UTF32)

path = '/tmp/pydbg_codecs_%d.txt' % os.getpid()
with codecs.open(path, 'w', encoding='utf-8') as f:
    f.write('ünïcödé\nline two\r\n')
with codecs.open(path, 'r', 'utf-8') as f:
    print(repr(f.read()))
with codecs.open(path, encoding='latin-1') as f:
    print(repr(f.readline()))
with open(path, 'rb') as f:
    print(f.read())
os.remove(path)

for f in [lambda: codecs.encode(5), lambda: codecs.decode('x'), lambda: codecs.encode('x', 'nope'), lambda: codecs.lookup('nope'),
          lambda: codecs.encode(b'x', 'rot13'), lambda: codecs.encode('abc', 'hex'), lambda: codecs.decode(b'zz', 'hex'),
          lambda: codecs.encode('é', 'ascii'), lambda: codecs.decode(b'\xff', 'utf-8'), lambda: codecs.encode(),
          lambda: codecs.decode(b'abc', 'hex'), lambda: codecs.lookup(5), lambda: codecs.encode('x', 'base64')]:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

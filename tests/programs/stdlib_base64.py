# min-version: 3.12
# base64: Base64 (standard, URL-safe, altchars, validate), Base32, Base16, Base85, Ascii85, legacy API
import base64
import binascii
import io

samples = [b'', b'f', b'fo', b'foo', b'foob', b'fooba', b'foobar', bytes(range(256)), b'\xff\xfe\xfd' * 7,
           b'\x00\x00\x00\x00', b'    ', b'hello world\n']
for s in samples:
    e64 = base64.b64encode(s)
    print(e64, base64.b64decode(e64) == s, base64.standard_b64encode(s) == e64,
          base64.standard_b64decode(e64) == s)
    u = base64.urlsafe_b64encode(s)
    print(u, base64.urlsafe_b64decode(u) == s, base64.urlsafe_b64decode(u.decode()) == s)
    e32 = base64.b32encode(s)
    print(e32, base64.b32decode(e32) == s, base64.b32hexencode(s), base64.b32hexdecode(base64.b32hexencode(s)) == s)
    e16 = base64.b16encode(s)
    print(e16[:40], base64.b16decode(e16) == s, base64.b16decode(e16.lower(), casefold=True) == s)
    e85 = base64.b85encode(s)
    print(e85, base64.b85decode(e85) == s, base64.b85encode(s, pad=True))
    a85 = base64.a85encode(s)
    print(a85, base64.a85decode(a85) == s)

print(base64.b64encode(b'\xfb\xff\xbf', altchars=b'-_'), base64.b64encode(b'\xfb\xff', b'*!'))
print(base64.b64decode(b'-_-_', altchars=b'-_'), base64.b64decode('+/+/'), base64.b64decode(bytearray(b'YWJj')))
print(base64.b64decode(b'YW Jj\nZA=='), base64.b64decode(b'YWJjZA==', validate=True))
print(base64.b64decode(b'YQ==YQ=='), base64.b64decode(b'YQ===junk'), base64.b64decode(b'!!YQ=='))
print(base64.b32decode(b'mzxw6===', casefold=True), base64.b32decode(b'MZXW6Y1O', map01=b'L'),
      base64.b32decode('MZXW6YQ='))
print(base64.b16decode('666F6F'), base64.b16encode(bytearray(b'\x01\xab')))
print(base64.a85encode(b'\0\0\0\0 abc    xyz', foldspaces=True), base64.a85encode(b'hello world', adobe=True))
print(base64.a85encode(b'a' * 40, wrapcol=10), base64.a85encode(b'a' * 40, wrapcol=10, adobe=True))
print(base64.a85encode(b'abc', pad=True), base64.a85encode(b'\0', wrapcol=1, adobe=True))
print(base64.a85decode(b'<~BOu!rD]j7BEbo7~>', adobe=True), base64.a85decode(b'z y', foldspaces=True))
print(base64.a85decode(b'@:E_\tW\nAS', ignorechars=b'\t\n'), base64.a85decode(b'@:E_WAS'))
print(base64.encodebytes(b'x' * 100))
print(base64.decodebytes(base64.encodebytes(bytes(200))) == bytes(200), base64.encodebytes(b''))
out = io.BytesIO()
base64.encode(io.BytesIO(b'spam and eggs ' * 10), out)
print(out.getvalue())
back = io.BytesIO()
base64.decode(io.BytesIO(out.getvalue()), back)
print(back.getvalue())
print(base64.bytes_types, base64.MAXLINESIZE, base64.MAXBINSIZE, base64.b64encode.__module__)

def attempt(f, *args, **kw):
    try:
        print('ok', repr(f(*args, **kw)))
    except Exception as e:
        print(type(e).__module__, type(e).__name__, e)

attempt(base64.b64encode, 'abc')
attempt(base64.b64encode, b'abc', b'-')
attempt(base64.b64encode, b'abc', '-_')
attempt(base64.b64encode, b'abc', 5)
attempt(base64.b64decode, 5)
attempt(base64.b64decode, 'é')
attempt(base64.b64decode, b'YQ')
attempt(base64.b64decode, b'YWJjZ')
attempt(base64.b64decode, b'YW=Jj', validate=True)
attempt(base64.b64decode, b'YWJj\n', validate=True)
attempt(base64.b64decode, b'=YWJj', validate=True)
attempt(base64.b64decode, b'YQ==YQ==', validate=True)
attempt(base64.b64decode, b'YQ===', validate=True)
attempt(base64.b64decode, b'__', altchars=b'-')
attempt(base64.b64decode)
attempt(base64.b64decode, b'', b'+/', True, 4)
attempt(base64.b64decode, b'', bogus=1)
attempt(base64.urlsafe_b64decode, 3)
attempt(base64.b32encode, 'abc')
attempt(base64.b32decode, b'MFRGG')
attempt(base64.b32decode, b'MFRGG=1=')
attempt(base64.b32decode, b'M=======')
attempt(base64.b32decode, b'MFRGG1==', map01=b'LL')
attempt(base64.b32decode, b'mfrgg===')
attempt(base64.b16encode, 'ab')
attempt(base64.b16decode, b'abc')
attempt(base64.b16decode, b'ABC')
attempt(base64.b16decode, b'0G')
attempt(base64.b85encode, 'x')
attempt(base64.b85decode, b'|NsC0~')
attempt(base64.b85decode, b'ab"cd')
attempt(base64.a85decode, b'zz!!!')
attempt(base64.a85decode, b'!z')
attempt(base64.a85decode, b'!y', foldspaces=True)
attempt(base64.a85decode, b'abc\x00')
attempt(base64.a85decode, b'<~abc', adobe=True)
attempt(base64.a85decode, b'uuuuu')
attempt(base64.a85encode, b'x', 1)
attempt(base64.encodebytes, 'x')
attempt(base64.decodebytes, 'x')
try:
    base64.b64decode(b'A')
except binascii.Error as e:
    print('binascii.Error', isinstance(e, ValueError), e)
# one-byte and empty bytes are shared objects: decoding must never change its input
attempt(base64.b16decode, b'a', casefold=True)
attempt(base64.urlsafe_b64decode, b'-')
attempt(base64.b64decode, b'_', altchars=b'_-')
print(b'a', bytes([97]), b'-', b'_', base64.b16decode(b'6a', casefold=True), base64.b64encode(b'\xfb', altchars=b'-_'))
print(base64.__all__)

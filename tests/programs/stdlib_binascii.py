# min-version: 3.12
# binascii: hexlify/unhexlify with separators, base64 lines, strict mode, crc32, crc_hqx, errors
import binascii

data = bytes(range(0, 256, 7))
print(binascii.hexlify(data), binascii.b2a_hex(b'\x00\xff'), binascii.hexlify(bytearray(b'AZ')))
print(binascii.hexlify(b'abcdef', '-'), binascii.hexlify(b'abcdef', b':', 2), binascii.hexlify(b'abcdefg', ' ', -3))
print(binascii.hexlify(b'abcdef', sep='|', bytes_per_sep=4), binascii.b2a_hex(b'', '-'), binascii.hexlify(b'ab', '-', 0))
print(binascii.unhexlify(b'616263'), binascii.unhexlify('DEADbeef'), binascii.a2b_hex(bytearray(b'00ff')))
print(b'\x01\xab'.hex(), b'abcdef'.hex(':', 2), bytes.fromhex('de ad be ef'), bytearray.fromhex('0a0B'))
print(binascii.b2a_base64(b'hello'), binascii.b2a_base64(b'hello', newline=False), binascii.b2a_base64(b''))
print(binascii.a2b_base64(b'aGVsbG8=\n'), binascii.a2b_base64('aGVs bG8='), binascii.a2b_base64(b'aGVsbG8=', strict_mode=True))
print(binascii.a2b_base64(b'YWJj=ZA=='), binascii.a2b_base64(b'YW==Jj'), binascii.a2b_base64(b''))
for s in [b'', b'a', b'hello world', bytes(1000), data]:
    print(binascii.crc32(s), binascii.crc32(s, 12345), binascii.crc_hqx(s, 0), binascii.crc_hqx(s, 0xffff))
crc = 0
for chunk in [b'abc', b'def', b'ghi']:
    crc = binascii.crc32(chunk, crc)
print(crc == binascii.crc32(b'abcdefghi'), binascii.crc32(b'abc', -1), binascii.crc32(b'abc', 2**40 + 5))
print(binascii.crc_hqx(b'abc', -1), binascii.crc_hqx(b'abc', 2**40))
print(binascii.Error.__mro__, binascii.Incomplete.__mro__)

def attempt(f, *args, **kw):
    try:
        print('ok', repr(f(*args, **kw)))
    except Exception as e:
        print(type(e).__module__, type(e).__name__, e)

attempt(binascii.hexlify, 'abc')
attempt(binascii.hexlify, b'abc', 'ab')
attempt(binascii.hexlify, b'abc', 1)
attempt(binascii.hexlify)
attempt(binascii.unhexlify, 'abc')
attempt(binascii.unhexlify, 'zz')
attempt(binascii.unhexlify, 'éé')
attempt(binascii.unhexlify, 12)
attempt(binascii.unhexlify)
attempt(binascii.a2b_base64, 'YWJj\u00e9')
attempt(binascii.a2b_base64, 5)
attempt(binascii.a2b_base64, b'YQ')
attempt(binascii.a2b_base64, b'YQ=', strict_mode=True)
attempt(binascii.a2b_base64, b'=YQ==', strict_mode=True)
attempt(binascii.a2b_base64, b'YQ==YQ==', strict_mode=True)
attempt(binascii.a2b_base64, b'Y Q==', strict_mode=True)
attempt(binascii.a2b_base64, b'YWJjZ')
attempt(binascii.a2b_base64, b'YWJjZGVmZ')
attempt(binascii.a2b_base64, b'YQ=Q=', strict_mode=True)
attempt(binascii.a2b_base64, b'YQ===', strict_mode=True)
attempt(binascii.a2b_base64, b'YWJj====', strict_mode=True)
attempt(binascii.a2b_base64, b'YQ==', True)
attempt(binascii.b2a_base64, 'abc')
attempt(binascii.b2a_base64, b'abc', False)
attempt(binascii.crc32, 'abc')
attempt(binascii.crc32, b'abc', 'x')
attempt(binascii.crc32, b'abc', 1.0)
attempt(binascii.crc32)
attempt(binascii.crc_hqx, b'abc')
attempt(binascii.crc32, b'', crc=1)
for data in [b'', b'x', b'hello', b'\x00\x00', bytes(range(45))]:
    line = binascii.b2a_uu(data)
    print(line, binascii.b2a_uu(data, backtick=True), binascii.a2b_uu(line) == data)
print(binascii.a2b_uu(b''), binascii.a2b_uu('#86)C'), binascii.a2b_uu(b'#86)C  \n'), binascii.a2b_uu(b'%:&5L;&\\\n'))
attempt(binascii.b2a_uu, b'x' * 46)
attempt(binascii.a2b_uu, b'!abc')
attempt(binascii.a2b_uu, b'#86)C  xyz')
attempt(binascii.a2b_uu, b'\x01')
samples = [b'hello world', b'caf\xc3\xa9 = 100%', b'tab\there \nline two \r\nthree\t', b'.\n.x', b'a_b c', b'x' * 80,
           b'=' * 30, b'ends with space ', b'\x00\x01\xff', b'one\r\ntwo\r\n' + b'y' * 90 + b'\r\n']
for data in samples:
    for kw in [{}, {'quotetabs': True}, {'istext': False}, {'header': True}]:
        enc = binascii.b2a_qp(data, **kw)
        print(enc, binascii.a2b_qp(enc, header=kw.get('header', False)) == data)
print(binascii.a2b_qp(b'a=3Db=\nc=\r\nd==e=zz=4'), binascii.a2b_qp('x_y=20', header=True), binascii.a2b_qp(b'=41=4a=4A='))
binascii.unhexlify(b'0')

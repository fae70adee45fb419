# bytes and bytearray: literals with escapes, indexing gives ints, slicing,
# methods, hex, encoding/decoding, mutation of bytearray.

b = b"hello\x00\xff\n\t'\"\\"
print(repr(b))
print(len(b), b[0], b[-1], b[1:4])
print(b"abc" + b"def", b"ab" * 3)
print(bytes(range(5)), bytes(3), bytes([65, 66]))
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]))
print(b"Hello".upper(), b"  pad ".strip(), b"abc".replace(b"b", b"B"))
print(b"\xde\xad\xbe\xef".hex(), bytes.fromhex("cafe 00"))
print("é€😀".encode("utf-8"))
print(b"\xc3\xa9t\xc3\xa9".decode("utf-8"))
print("abc".encode("utf-16-le"), b"x".decode("ascii"))
ba = bytearray(b"mutable")
ba[0] = ord("M")
ba.extend(b"!!")
ba.append(63)
del ba[1]
print(ba, bytes(ba), len(ba))
print(list(b"AZ"), 65 in b"ABC", b"BC" in b"ABC")
print(b"%s=%d" % (b"key", 42))
print(int.from_bytes(b"\x01\x00", "little"), (1024).to_bytes(4, "big"))
print(b"abc" < b"abd", b"" == bytes())
print(memoryview(b"xyz")[1:].tobytes())
print(repr(b"\r\x7f\x80 ~"))

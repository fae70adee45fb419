# min-version: 3.12
# hashlib: every guaranteed algorithm, update/copy/digest, blake2 parameters, shake, new(), errors
import hashlib

msgs = [b'', b'abc', b'The quick brown fox jumps over the lazy dog', bytes(range(256)) * 5]
for name in sorted(hashlib.algorithms_guaranteed):
    for m in msgs:
        h = hashlib.new(name, m)
        if name.startswith('shake'):
            print(name, h.hexdigest(20), len(h.digest(33)))
        else:
            print(name, h.hexdigest(), h.digest()[:4])
    h = getattr(hashlib, name)()
    print(name, h.name, h.digest_size, h.block_size, type(h).__name__, type(h).__module__)

print(sorted(hashlib.algorithms_guaranteed))
print(sorted(hashlib.algorithms_available))
print(type(hashlib.algorithms_guaranteed).__name__, type(hashlib.algorithms_available).__name__)

h = hashlib.sha256()
h.update(b'hello ')
c = h.copy()
h.update(b'world')
print(h.hexdigest(), c.hexdigest(), h.hexdigest() == hashlib.sha256(b'hello world').hexdigest())
print(h.digest() == h.digest(), c.name, c.digest_size)
h = hashlib.md5(string=b'a')
h.update(bytearray(b'b'))
h.update(memoryview(b'c'))
print(h.hexdigest(), hashlib.md5(b'abc', usedforsecurity=False).hexdigest())
print(hashlib.new('SHA256', b'x').name, hashlib.new('sha512_256', b'x').hexdigest(), hashlib.new('sha512_224').digest_size)
print(hashlib.new('md5', data=b'abc').hexdigest(), hashlib.new(name='sha1').name)
s = hashlib.shake_128(b'abc')
print(s.hexdigest(0), s.digest(5), s.copy().hexdigest(8), s.digest_size, s.name)

# blake2
print(hashlib.blake2b(b'abc').hexdigest())
print(hashlib.blake2s(b'abc').hexdigest())
print(hashlib.blake2b(b'abc', digest_size=16).hexdigest(), hashlib.blake2s(b'abc', digest_size=10).hexdigest())
print(hashlib.blake2b(b'msg', key=b'secret').hexdigest())
print(hashlib.blake2s(b'msg', key=b'k' * 32, digest_size=8).hexdigest())
print(hashlib.blake2b(b'msg', salt=b'salty', person=b'me').hexdigest())
print(hashlib.blake2s(b'msg', salt=b'12345678', person=b'abcdefgh', key=b'x').hexdigest())
print(hashlib.blake2b(b'x', fanout=2, depth=3, leaf_size=4096, node_offset=7, node_depth=1, inner_size=32, last_node=True).hexdigest())
print(hashlib.blake2s(b'x', fanout=0, depth=255, node_offset=2**48 - 1, inner_size=32, last_node=True).hexdigest())
print(hashlib.new('blake2b', b'x', digest_size=10).hexdigest(), hashlib.new('blake2s').name)
b = hashlib.blake2b(digest_size=20)
b.update(b'part1')
b2 = b.copy()
b.update(b'part2')
print(b.hexdigest(), b2.hexdigest(), b.name, b.digest_size, b.block_size, b2.digest())
print(hashlib.blake2b.SALT_SIZE, hashlib.blake2b.PERSON_SIZE, hashlib.blake2b.MAX_KEY_SIZE, hashlib.blake2b.MAX_DIGEST_SIZE)
print(hashlib.blake2s.SALT_SIZE, hashlib.blake2s.PERSON_SIZE, hashlib.blake2s.MAX_KEY_SIZE, hashlib.blake2s.MAX_DIGEST_SIZE)
print(type(hashlib.blake2b(b'')) is hashlib.blake2b, hashlib.blake2b.__name__)

print(hashlib.pbkdf2_hmac('sha256', b'password', b'salt', 1000).hex())
print(hashlib.pbkdf2_hmac('sha1', b'password', b'salt', 2, dklen=30).hex())
import io
print(hashlib.file_digest(io.BytesIO(b'file contents' * 1000), 'sha256').hexdigest())
print(hashlib.file_digest(io.BytesIO(b'abc'), hashlib.md5).hexdigest())

def attempt(f, *args, **kw):
    try:
        print('ok', repr(f(*args, **kw)))
    except Exception as e:
        print(type(e).__name__, e)

attempt(hashlib.new, 'foo')
attempt(hashlib.new, 5)
attempt(hashlib.new)
attempt(hashlib.new, 'md5', b'', b'')
attempt(hashlib.new, 'sha256', b'x', digest_size=10)
attempt(hashlib.md5, 'x')
attempt(hashlib.sha256, 5)
attempt(hashlib.sha256, data=b'a')
attempt(hashlib.md5, b'a', b'b')
attempt(hashlib.md5().update, 'x')
attempt(hashlib.md5().update)
attempt(hashlib.md5().update, [1])
attempt(hashlib.shake_128(b'').digest)
attempt(hashlib.shake_256(b'').hexdigest, 'x')
attempt(hashlib.blake2b, digest_size=65)
attempt(hashlib.blake2b, digest_size=0)
attempt(hashlib.blake2s, digest_size=33)
attempt(hashlib.blake2b, key=b'x' * 65)
attempt(hashlib.blake2s, key=b'x' * 33)
attempt(hashlib.blake2s, salt=b'x' * 9)
attempt(hashlib.blake2b, person=b'x' * 17)
attempt(hashlib.blake2b, fanout=256)
attempt(hashlib.blake2b, depth=0)
attempt(hashlib.blake2b, node_depth=256)
attempt(hashlib.blake2b, inner_size=65)
attempt(hashlib.blake2b, leaf_size=2**32)
attempt(hashlib.blake2s, node_offset=2**48)
attempt(hashlib.blake2b, key='x')
attempt(hashlib.blake2b, 'x')
attempt(hashlib.blake2b, digest_size='x')
attempt(hashlib.blake2b, bogus=1)
attempt(hashlib.blake2b, b'', 3)
attempt(hashlib.pbkdf2_hmac, 'sha256', 'pw', b'salt', 1)
attempt(hashlib.pbkdf2_hmac, 'sha256', b'pw', b'salt', 0)

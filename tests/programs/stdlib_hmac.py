# min-version: 3.12
# hmac: new/digest/compare_digest with names, constructors and modules as digestmod
import hashlib
import hmac

for dm in ['md5', 'sha1', 'sha256', 'sha512', 'sha3_256', 'blake2b', 'blake2s', hashlib.sha224, hashlib.blake2s, hashlib.sha3_512]:
    h = hmac.new(b'key', b'The quick brown fox', dm)
    print(h.name, h.digest_size, h.block_size, h.hexdigest())
h = hmac.new(b'k' * 200, digestmod='sha256')
h.update(b'part one, ')
c = h.copy()
h.update(b'part two')
print(h.hexdigest(), c.hexdigest(), h.digest() == hmac.digest(b'k' * 200, b'part one, part two', 'sha256'))
print(hmac.new(bytearray(b'k'), b'm', 'md5').hexdigest(), hmac.HMAC(b'k', digestmod='sha1').hexdigest())
print(hmac.new(b'', b'', 'sha256').hexdigest(), hmac.new(b'x' * 64, b'y', 'sha256').hexdigest())
print(hmac.digest(b'key', b'msg', 'sha384').hex())
print(hmac.compare_digest(b'abc', b'abc'), hmac.compare_digest(b'abc', b'abd'), hmac.compare_digest('abc', 'abc'),
      hmac.compare_digest(bytearray(b'a'), b'a'), hmac.compare_digest(b'a', b'ab'))
print(hmac.HMAC.blocksize, hmac.digest_size, len(hmac.trans_5C), hmac.trans_36[:4], hmac.compare_digest.__module__)

class FakeHash:
    digest_size = 4
    block_size = 16
    def __init__(self, data=b''):
        self.acc = bytearray(data)
    def update(self, data):
        self.acc += data
    def copy(self):
        return FakeHash(bytes(self.acc))
    def digest(self):
        return hashlib.sha256(self.acc).digest()[:4]
    def hexdigest(self):
        return self.digest().hex()
    name = 'fake'
print(hmac.new(b'key', b'msg', FakeHash).hexdigest(), hmac.new(b'key', b'msg', FakeHash).name)

def attempt(f, *args, **kw):
    try:
        print('ok', repr(f(*args, **kw)))
    except Exception as e:
        print(type(e).__name__, e)

attempt(hmac.new, b'k', b'm')
attempt(hmac.new, 'k', b'm', 'md5')
attempt(hmac.new, b'k', 'm', 'md5')
attempt(hmac.new, b'k', b'm', 'nope')
attempt(hmac.new, b'k', b'm', 5)
attempt(hmac.new)
attempt(hmac.compare_digest, b'a', 'a')
attempt(hmac.compare_digest, 'a', b'a')
attempt(hmac.compare_digest, 1, 2)
attempt(hmac.compare_digest, 'a', 'é')
attempt(hmac.compare_digest, b'a')
attempt(hmac.new(b'k', digestmod='md5').update)

class SignedHMAC(hmac.HMAC):
    def __init__(self, key, msg=None):
        super().__init__(key, msg, digestmod='sha256')
        self.tag = 'signed'
    def signature(self):
        return self.tag + ':' + self.hexdigest()[:16]
s = SignedHMAC(b'secret', b'payload')
print(s.signature(), s.name, isinstance(s, hmac.HMAC), type(s.copy()).__name__)
h = hmac.HMAC(b'k', b'a', 'md5')
h.__init__(b'k2', b'b', 'sha1')
print(h.name, h.hexdigest() == hmac.new(b'k2', b'b', 'sha1').hexdigest())

# secrets: tokens and random choices are random, so only their types,
# lengths and ranges are printed; errors.
import secrets
import string

print(type(secrets.token_bytes()).__name__, len(secrets.token_bytes()), len(secrets.token_bytes(5)), secrets.token_bytes(0))
t = secrets.token_hex(16)
print(type(t).__name__, len(t), all(c in string.hexdigits for c in t), len(secrets.token_hex()), secrets.token_hex(0))
urlsafe = string.ascii_letters + string.digits + '-_'
print(len(secrets.token_urlsafe()), len(secrets.token_urlsafe(None)))
for n in [1, 2, 3, 10, 32]:
    u = secrets.token_urlsafe(n)
    print(n, len(u), all(c in urlsafe for c in u))
print(all(0 <= secrets.randbelow(10) < 10 for _ in range(200)), secrets.randbelow(1))
print(secrets.choice('abc') in 'abc', secrets.choice([7]), 0 <= secrets.randbits(8) < 256, secrets.randbits(0))
print(secrets.compare_digest('abc', 'abc'), secrets.compare_digest(b'a', b'b'), secrets.DEFAULT_ENTROPY)
alphabet = string.ascii_letters + string.digits
password = ''.join(secrets.choice(alphabet) for i in range(20))
print(len(password), isinstance(secrets.SystemRandom().random(), float), secrets.token_hex(4) != secrets.token_hex(4))
for f in [lambda: secrets.randbelow(0), lambda: secrets.randbelow(-5), lambda: secrets.choice([]),
          lambda: secrets.token_bytes(-1), lambda: secrets.token_hex('x'), lambda: secrets.randbits(-1)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)

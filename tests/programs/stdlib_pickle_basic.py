# min-version: 3.12
# pickle: the bytes of every builtin scalar and container for protocols 0-5 (framing, memo, batches, big payloads outside frames) and their round trips, recursive lists/dicts/tuples
import pickle
vals = [None, True, False, 0, 1, 255, 256, 65535, 65536, -1, -129, 2**31-1, 2**31, -2**31, -2**31-1, 2**63, -2**63, 2**100, -2**100, 10**400,
        1.5, -0.0, float('inf'), 1e300, 'abc', '', 'h\xe9llo \u20ac \U0001f600', 'a\\b\nc\r\x00\x1a', b'', b'ab\x00\xff', bytearray(b'xy'), bytearray(),
        (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), [], [1], [1, 2, 3], {}, {'a': 1}, {'a': 1, 'b': [2, 3]}, set(), {1, 2, 3}, frozenset(), frozenset({1, 2}),
        [[1, 2]] * 3, ('x', 'x'), len, ..., NotImplemented, type(None), int, list, ValueError]
for p in range(6):
    for v in vals:
        d = pickle.dumps(v, p)
        print(p, repr(v)[:40], d)
        back = pickle.loads(d)
        assert back == v or v != v, (p, v, back)
l = [1, 2]
l.append(l)
for p in range(6):
    d = pickle.dumps(l, p); print(d)
    b = pickle.loads(d); print(b, b[2] is b)
d = {}
d['self'] = d
print(pickle.dumps(d), pickle.loads(pickle.dumps(d)))
t = ([],)
t[0].append(t)
for p in range(6):
    print(pickle.dumps(t, p))
    b = pickle.loads(pickle.dumps(t, p)); print(b[0][0] is b)
big = list(range(2500))
for p in (0, 1, 2, 4):
    d = pickle.dumps(big, p); print(p, len(d), d[:30], d[-30:])
    assert pickle.loads(d) == big
bigd = {i: str(i) for i in range(1200)}
d = pickle.dumps(bigd); print(len(d), d[-20:]); assert pickle.loads(d) == bigd
bigs = set(range(1100)); d = pickle.dumps(bigs); print(len(d)); assert pickle.loads(d) == bigs
s = 'x' * 70000
d = pickle.dumps([s, 'y'*10, b'z'*70000, 'w'*100]); print(len(d), d[:20], d[70000:70040])
assert pickle.loads(d) == [s, 'y'*10, b'z'*70000, 'w'*100]
many = [str(i) * 50 for i in range(3000)]
d = pickle.dumps(many); print(len(d), d.count(b'\x95'))
assert pickle.loads(d) == many
print(pickle.HIGHEST_PROTOCOL, pickle.DEFAULT_PROTOCOL, pickle.format_version)
print(pickle.dumps(1, -1), pickle.dumps(1, protocol=None))

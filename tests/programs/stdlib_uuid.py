# uuid: UUID construction from hex/bytes/bytes_le/fields/int, properties,
# comparisons and hashing, uuid3/uuid5 (deterministic), uuid1/uuid4
# (random: only their shape is printed), namespaces, errors.
import uuid
from uuid import UUID

u = UUID('12345678-1234-5678-1234-567812345678')
print(u, repr(u), u.hex, u.int, u.urn)
print(u.bytes, u.bytes_le, u.fields)
print(u.time_low, u.time_mid, u.time_hi_version, u.clock_seq_hi_variant, u.clock_seq_low, u.node)
print(u.time, u.clock_seq, u.variant, u.version, u.is_safe)
for text in ['{12345678-1234-5678-1234-567812345678}', '12345678123456781234567812345678',
             'urn:uuid:12345678-1234-5678-1234-567812345678', '12345678-1234-5678-1234-567812345678']:
    print(UUID(text) == u, end=' ')
print()
print(UUID(bytes=b'\x12\x34\x56\x78' * 4) == u, UUID(bytes_le=u.bytes_le) == u)
print(UUID(fields=(0x12345678, 0x1234, 0x5678, 0x12, 0x34, 0x567812345678)) == u, UUID(int=u.int) == u)
print(UUID(int=0), UUID(int=2**128 - 1), UUID(int=0).variant, UUID(int=2**128 - 1).variant, UUID(int=0).version)
v = UUID('12345678-1234-5678-1234-567812345678', version=4)
print(v, v.version, v.variant, UUID(int=0, version=1), UUID(int=0, version=5).version)
print(str(uuid.NAMESPACE_DNS), uuid.NAMESPACE_URL, uuid.NAMESPACE_OID, uuid.NAMESPACE_X500)
print(uuid.RESERVED_NCS, uuid.RFC_4122, uuid.RESERVED_MICROSOFT, uuid.RESERVED_FUTURE, sep=' | ')

for ns, name in [(uuid.NAMESPACE_DNS, 'python.org'), (uuid.NAMESPACE_URL, 'https://example.com/'),
                 (uuid.NAMESPACE_OID, '1.2.3'), (uuid.NAMESPACE_X500, 'cn=x'), (uuid.NAMESPACE_DNS, b'bytes.org'),
                 (uuid.NAMESPACE_DNS, ''), (uuid.NAMESPACE_DNS, 'ünïcode')]:
    a, b = uuid.uuid3(ns, name), uuid.uuid5(ns, name)
    print(a, a.version, a.variant, b, b.version)

r = uuid.uuid4()
print(type(r).__name__, r.version, r.variant, len(str(r)), len(r.hex), r != uuid.uuid4(), isinstance(r.int, int))
t = uuid.uuid1()
print(t.version, t.variant, len(str(t)), t.time > 0x1e0000000000000, uuid.uuid1(node=0x123456789abc, clock_seq=0x1234).node)
print(uuid.uuid1(node=1, clock_seq=2).clock_seq, isinstance(uuid.getnode(), int), uuid.getnode() == uuid.getnode())

a, b = UUID(int=1), UUID(int=2)
print(a < b, a <= b, a > b, b >= a, a == UUID(int=1), a != b, a == 1, sorted([b, a]) == [a, b], hash(a) == hash(1))
print(int(a), {a: 'x'}[UUID(int=1)], len({a, UUID(int=1), b}), str(UUID(int=255)))
import copy
print(copy.copy(u) == u, copy.deepcopy(u) == u, uuid.SafeUUID.unknown, uuid.SafeUUID.safe.value)

for call in [lambda: UUID(), lambda: UUID('x'), lambda: UUID('z' * 32), lambda: UUID(hex='1' * 32, int=1),
             lambda: UUID(bytes=b'short'), lambda: UUID(bytes_le=b'x' * 17), lambda: UUID(fields=(1, 2, 3)),
             lambda: UUID(fields=(2**32, 0, 0, 0, 0, 0)), lambda: UUID(fields=(0, 0, 0, 0, 256, 0)),
             lambda: UUID(fields=(0, 0, 0, 0, 0, 2**48)), lambda: UUID(int=-1), lambda: UUID(int=2**128),
             lambda: UUID(int=0, version=6), lambda: UUID(int=0, version=0), lambda: setattr(u, 'int', 5),
             lambda: uuid.uuid3(uuid.NAMESPACE_DNS), lambda: uuid.uuid5('ns', 'x'), lambda: a < 1]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

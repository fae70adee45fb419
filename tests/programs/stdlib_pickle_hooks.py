# min-version: 3.12
# pickle: exceptions with attributes, enum.Flag, slots dataclass, copyreg.pickle reducers, Pickler.dispatch_table and reducer_override, __reduce_ex__ overrides, __getstate__ returning None/False, compiled patterns, ChainMap, nested data at every protocol
import pickle, copyreg, io, re, enum, dataclasses, collections
class E(Exception):
    def __init__(self, msg, code):
        super().__init__(msg, code)
        self.code = code
e = E('m', 3); e.extra = 'x'
for p in (0, 2, 4):
    d = pickle.dumps(e, p); print(d); b = pickle.loads(d); print(type(b).__name__, b.args, b.code, b.extra)
class Color(enum.Flag):
    R = 1
    G = 2
print(pickle.dumps(Color.R | Color.G), pickle.loads(pickle.dumps(Color.R | Color.G)))
@dataclasses.dataclass(slots=True)
class SD:
    a: int
    b: str = 'x'
for p in (2, 4):
    d = pickle.dumps(SD(1), p); print(d); print(pickle.loads(d))
class Pt:
    def __init__(self, x): self.x = x
def reduce_pt(p):
    return (Pt, (p.x * 10,))
copyreg.pickle(Pt, reduce_pt)
print(pickle.dumps(Pt(1)), pickle.loads(pickle.dumps(Pt(1))).x)
class P2(pickle.Pickler):
    dispatch_table = {Pt: lambda p: (Pt, (-p.x,))}
buf = io.BytesIO(); P2(buf).dump([Pt(2)]); print(buf.getvalue(), pickle.loads(buf.getvalue())[0].x)
class P3(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, Pt):
            return (Pt, (obj.x + 100,))
        return NotImplemented
buf = io.BytesIO(); P3(buf, 4).dump([Pt(2), 5]); print(buf.getvalue(), pickle.loads(buf.getvalue())[0].x)
class RE:
    def __reduce_ex__(self, proto):
        return (RE, (), {'p': proto})
    def __setstate__(self, st):
        self.st = st
print(pickle.dumps(RE(), 3), pickle.loads(pickle.dumps(RE(), 1)).st)
class GS:
    def __init__(self): self.a = 1
    def __getstate__(self): return None
print(pickle.dumps(GS()), vars(pickle.loads(pickle.dumps(GS()))))
class GF:
    def __getstate__(self): return False
print(pickle.dumps(GF()))
pat = re.compile(r'a+b', re.I)
try:
    print(pickle.dumps(pat))
    print(pickle.loads(pickle.dumps(pat)).pattern)
except Exception as ex:
    print(type(ex).__name__)
ud = {"a": 1}

print(pickle.loads(pickle.dumps(collections.ChainMap({'a': 1}))))
nested = {'list': [1, 2.5, 'three', None, True], 'tuple': (1, (2, (3,))), 'set': frozenset({'a'}), 'bytes': b'\x00\x01'}
for p in range(6):
    assert pickle.loads(pickle.dumps(nested, p)) == nested
print(pickle.dumps(nested))

# min-version: 3.12
# pprint: pformat/pprint/pp with width, indent, depth, compact, sort_dicts, underscore_numbers over nested containers, strings, bytes, collections types, dataclasses, recursion; saferepr/isreadable/isrecursive; PrettyPrinter subclassing; errors.
import pprint
from pprint import pformat, pprint as pp_, PrettyPrinter, saferepr, isreadable, isrecursive
from collections import OrderedDict, defaultdict, Counter, ChainMap, deque
from dataclasses import dataclass, field
import types

data = {'name': 'pydbg', 'versions': list(range(20)), 'nested': {'b': [1, 2, {'z': (1, 2, 3), 'a': None}], 'a': 'x' * 30},
        'tuple': (1,), 'empty': [], 'set': {3, 1, 2}, 'fs': frozenset({'q', 'p'}), 'float': 1.5, 'big': 10**30}
for w in (80, 40, 20, 1):
    print(pformat(data, width=w))
pp_(data)
pprint.pp(data)
pp_(data, width=30, indent=4)
pp_(data, depth=1)
pp_(data, depth=2, width=50)
pp_(data, compact=True, width=30)
pp_(list(range(50)), compact=True, width=40)
pp_(data, sort_dicts=False, width=60)
print(pformat(12345678901, underscore_numbers=True), pformat([10**10, 2**40], underscore_numbers=True, width=10))
long = "This is a fairly long string that will need to be wrapped over several lines when printed narrowly. " * 2
print(pformat(long, width=40))
print(pformat([long, 'short'], width=50))
print(pformat({'key': long}, width=60))
print(pformat("line one\nline two\nline three that is long enough to wrap somewhere", width=25))
print(pformat(b'\x00\x01binary data that goes on and on and on' * 2, width=30))
print(pformat([bytearray(b'abcdefghijklmnopqrstuvwxyz0123456789')], width=25))
print(pformat(OrderedDict((k, k * 2) for k in 'abcdefgh'), width=30))
print(pformat(OrderedDict()), pformat(defaultdict(list)), pformat(Counter()), pformat(deque()))
dd = defaultdict(list, {'x': list(range(12)), 'y': [1]})
print(pformat(dd, width=30))
print(pformat(Counter('abracadabra alakazam'), width=30))
print(pformat(ChainMap({'a': 1, 'b': list(range(10))}, {'c': 3}), width=30))
print(pformat(deque(range(30)), width=40), pformat(deque(range(30), maxlen=40), width=40))
print(pformat(types.MappingProxyType({'k': list(range(20))}), width=40))
print(pformat(types.SimpleNamespace(alpha=list(range(15)), beta='b' * 20), width=40))
@dataclass
class Point:
    x: int
    y: list = field(default_factory=list)
    hidden: int = field(default=0, repr=False)
print(pformat(Point(1, list(range(25))), width=40), pformat(Point(2)))
@dataclass(repr=False)
class NoRepr:
    a: list
print(pformat(NoRepr(list(range(40))), width=40)[:25])
r = [1, 2]
r.append(r)
d = {'self': None}
d['self'] = d
print(pformat(r).split(' with id=')[0], pformat(d).split(' with id=')[0])
print(saferepr(r).split(' with id=')[0], isrecursive(r), isreadable(r), isreadable([1, 'a', (2.5, None)]), isreadable(object()), isrecursive([[1]]))
print(saferepr({'b': 2, 'a': [1, {'c': 3}]}), saferepr(3), isreadable({1: int}))
mixed = {1: 'int', 'a': 'str', (1, 2): 'tuple', None: 'none', 2.5: 'float'}
print(pformat(mixed, width=30).count('\n'), sorted(pformat({3: 1, 1: 2, 2: 3}, width=5).split()))
p = PrettyPrinter(indent=2, width=30, depth=3)
print(p.pformat(data)[:200])
print(p.isreadable(data), p.isrecursive(data), p.format([1, 2], {}, 0, 0))
class Upper(PrettyPrinter):
    def format(self, obj, context, maxlevels, level):
        if isinstance(obj, str):
            return repr(obj.upper()), True, False
        return super().format(obj, context, maxlevels, level)
print(Upper(width=20).pformat(['abc', {'k': 'value'}, 'tail']))
for bad in (lambda: PrettyPrinter(indent=-1), lambda: PrettyPrinter(depth=0), lambda: PrettyPrinter(width=0), lambda: pformat(1, bogus=2), lambda: PrettyPrinter(indent='x')):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
import io
s = io.StringIO()
pp_({'to': 'stream'}, stream=s)
PrettyPrinter(stream=s).pprint([1, 2])
print(repr(s.getvalue()), pprint.__all__)

# needs: cpython-library
# Errors raised inside json's Python code: the library's frames.
import io
import json
import traceback


class SetEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, frozenset):
            return sorted(o)
        return super().default(o)


loop = []
loop.append(loop)
cases = [
    lambda: json.loads(''),
    lambda: json.loads('{"a" 1}'),
    lambda: json.loads('[1, 2,'),
    lambda: json.loads('{"a": 1} x'),
    lambda: json.loads('"abc'),
    lambda: json.loads(b'[1, }'),
    lambda: json.loads(42),
    lambda: json.loads('\ufeff[]'),
    lambda: json.loads('[1, 2', parse_int=float),
    lambda: json.loads('{}', object_hook=lambda d: d['missing']),
    lambda: json.loads('1', foo=1),
    lambda: json.load(io.StringIO('{"k": tru}')),
    lambda: json.load(None),
    lambda: json.JSONDecoder().decode('[1] [2]'),
    lambda: json.JSONDecoder().raw_decode('nul'),
    lambda: json.dumps(object()),
    lambda: json.dumps({'when': {1, 2}}, sort_keys=True),
    lambda: json.dumps([1, {'a': [object()]}], indent=2),
    lambda: json.dumps({(1, 2): 'pair'}),
    lambda: json.dumps({(1, 2): 'pair'}, indent=4),
    lambda: json.dumps(loop),
    lambda: json.dumps(loop, indent=1),
    lambda: json.dumps({'x': float('inf')}, allow_nan=False, indent=2),
    lambda: json.dumps([float('nan')], allow_nan=False),
    lambda: json.dumps({1: 'a', 'b': 2}, sort_keys=True, indent=2),
    lambda: json.dumps(frozenset({3, 1}), cls=SetEncoder),
    lambda: json.dumps({'s': {1}}, cls=SetEncoder, indent=2),
    lambda: json.dumps(object(), default=lambda o: 1 / 0),
    lambda: json.dump({'a': [object()]}, io.StringIO()),
    lambda: json.dump([1], 'not a file'),
    lambda: json.JSONEncoder().encode(b'bytes'),
]
for i, case in enumerate(cases):
    try:
        print(case())
    except Exception as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())

print(json.dumps(frozenset({3, 1}), cls=SetEncoder))
config = json.loads('{"name": "demo", "items": [1, 2, 3,]}')

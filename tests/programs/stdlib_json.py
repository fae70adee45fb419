# min-version: 3.12
# json: dumps/loads options, output formatting, JSONDecodeError messages and positions, encoder/decoder classes.
import json
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__+':', e)
t(lambda: json.dumps(float('nan'), allow_nan=False))
t(lambda: json.dumps({(1,2):3}))
t(lambda: json.dumps(object))
l=[]; l.append(l)
t(lambda: json.dumps(l))
d={}; d['x']=d
t(lambda: json.dumps(d))
for s in ['', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', '[1 2]', '"abc', '"a\\qb"', '"\\u12"', '"a\x01"', '1 2', '[', '{', '{"a":', 'nul', '-', '01', '1.', '1e', '"\\ud800"', '\ufeff1', '  \n  x', '[1,2', '{"a":1', '{"a":1 "b":2}', 'tru', '"\\', '[-]', 'NaN', '-Infinity', '1.5e3', '-0', '1E+2', '"\\ud83d\\ude00"', '{"a": [1, {"b": null}], "c": "\\n\\t\\"\\/"}', ' [ ] ', '{ }', '123456789012345678901234567890', '-1.5E-3', '"\u00e9"', '[true,false,null]', '{"a":1,"a":2}']:
    t(lambda: json.loads(s))
t(lambda: json.loads(5))
t(lambda: json.loads(b'[1]'))
t(lambda: json.loads(bytearray(b'{"x": "\xc3\xa9"}')))
print(json.dumps({'b':1,'a':[1,2.5,None,True,"é\n\u2028\U0001f600"]}, sort_keys=True, indent=2))
print(json.dumps({'b':1,'a':{}, 'c':[]}, indent='\t', separators=(',',' = ')))
print(json.dumps({1:2, 1.5:3, True:4, None:5, False: 6}), json.dumps("é\x7f\x1f", ensure_ascii=False), json.dumps("é\x7f\x1f"))
t(lambda: json.dumps({1:2,'a':3}, sort_keys=True))
e=None
try: json.loads('[1,\n 2,,]')
except json.JSONDecodeError as x: e=x
print(e.msg, e.pos, e.lineno, e.colno, e.args, repr(e.doc), type(e).__mro__, isinstance(e, ValueError))
print(json.JSONDecodeError.__module__, json.dumps(1e100), json.dumps(1.0), json.dumps(10**20), json.dumps(-0.0), json.dumps(1/3))
print(json.dumps([1,[2,[3]]], indent=0))
print(json.dumps({'a':1}, indent=-1), json.dumps([], indent=4), json.dumps({}, indent=4))
print(json.dumps((1, 2)), json.dumps([1, 2], separators=(',', ':')), json.dumps({'a': 1, 'b': [1, 2]}, separators=(',', ':')))
print(json.dumps({(1,): 2, 'k': 1}, skipkeys=True), json.dumps(float('inf')), json.dumps([float('-inf'), float('nan')]))
class P:
    def __init__(self, x): self.x = x
print(json.dumps([P(1), P(2)], default=lambda o: {'P': o.x}))
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set): return sorted(o)
        return super().default(o)
print(json.dumps({'s': {3, 1, 2}}, cls=Enc), Enc(indent=1).encode([1]))
t(lambda: json.dumps(P(1), cls=Enc))
print(json.loads('{"a": 1.5, "b": 2}', parse_float=str, parse_int=lambda s: int(s) * 10))
print(json.loads('{"a": 1, "b": 2}', object_pairs_hook=lambda p: p), json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d)))
print(json.loads('[NaN, Infinity]', parse_constant=lambda c: c))
print(json.loads('"a\tb"', strict=False))
dec = json.JSONDecoder()
print(dec.decode('[1, 2]'), dec.raw_decode('[1] xx'))
t(lambda: dec.decode('[1] xx'))
class MyInt(int): pass
class MyFloat(float): pass
class MyStr(str): pass
print(json.dumps([MyInt(3), MyFloat(2.5), MyStr('s'), True]))
print(json.dumps({"key": [1, 2, {"n": None}]}, indent=4, sort_keys=True))
with open('j.json', 'w') as f:
    json.dump({'a': [1, 2]}, f, indent=1)
with open('j.json') as f:
    print(json.load(f))
print(open('j.json').read())

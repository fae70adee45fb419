# min-version: 3.12
# tomllib: TOMLDecodeError messages and positions for malformed documents (redefinitions, frozen namespaces, bad escapes, bad numbers and dates with their cause), argument errors, load() of binary and text files
import tomllib
bad = [
    'a = ', 'a = 1\nb', 'a = 1 b = 2', '= 1', 'a = "unterminated', 'a = "bad \\q escape"', "a = 'x\ny'",
    'a = 1\na = 2', '[t]\n[t]', '[t]\nx=1\n[t.x]', 'a = {x = 1}\n[a]', 'a = [1,\n2', 'a = {x = 1, x = 2}', 'a = {x = 1',
    '[[a]]\n[a]', 'a = 1\n[[a]]', 'x = 1979-02-30', 'x = 1979-13-01', 'a = 0x', 'a = 01', 'a = 1.', 'a = .5', 'a = 1e',
    'a = "\\uD800"', 'a = "\\u12"', 'a."b = 1', '[a', '[[a]', 'a = tru', 'a = 1 # ok\n\x01', 'a = "\x7f"', '# c \x00',
    'a.b = 1\na = 2', 'a.b = 1\n[a.b]', '[a.b]\nc=1\n[a]\nb.d=2', 'a = [1]\na.b = 2', 'a={b=[1]}\n[[a.b]]', '\ta = 1\n  b = @',
    'key = """abc', "key = '''abc", 'x = 1\n\n\n   y = ?', 'a.b.c = 1\n[a.b]', 'x = 07:32', 'x = 1979-05-27T07:32',
    "a = 'multi\nline'", 'x = 1_', 'x = 1__0', 'x = +inf', 'x = [1 2]',
]
for src in bad:
    try:
        print(repr(src), '->', tomllib.loads(src))
    except tomllib.TOMLDecodeError as e:
        print(repr(src), 'TOMLDecodeError:', e, '| cause:', type(e.__cause__).__name__ if e.__cause__ else None)
for arg in [b'a = 1', 5, None]:
    try:
        tomllib.loads(arg)
    except Exception as e:
        print(type(e).__name__, e)
try:
    tomllib.loads('a = 1', parse_float=float, extra=1)
except TypeError as e:
    print(e)
try:
    tomllib.loads('a = 1.5', parse_float=lambda s: [s])
except ValueError as e:
    print(type(e).__name__, e)
import io
print(tomllib.load(io.BytesIO(b'a = "\xc3\xa9"\n[b]\nc = 2')))
try:
    tomllib.load(io.StringIO('a = 1'))
except TypeError as e:
    print(e)
print(issubclass(tomllib.TOMLDecodeError, ValueError), tomllib.TOMLDecodeError.__module__, tomllib.__all__)
try:
    tomllib.loads('[server]\nport = 80\nport = 81\n')
except ValueError as e:
    print('caught', e)

# urllib.parse quoting and query strings: quote/quote_plus/unquote(_plus),
# quote_from_bytes, unquote_to_bytes, parse_qs/parse_qsl, urlencode.
from urllib.parse import (quote, quote_plus, unquote, unquote_plus, quote_from_bytes, unquote_to_bytes,
                          parse_qs, parse_qsl, urlencode, unwrap)

for s in ['abc def', '/path/to file?x=1&y=2', 'ümlaut', '~_.-', '', '100%', 'a+b', 'é/ö', '\x00\x7f', '€uro',
          "!*'();:@&=+$,/?#[]"]:
    print(repr(s), quote(s), quote(s, safe=''), quote(s, '/:'), quote_plus(s), quote_plus(s, safe='/'))
print(quote(b'a b\xff'), quote(bytearray(b'x/y z')), quote('é', encoding='latin-1'), quote('\u20ac', 'x', 'ascii', 'replace'))
print(quote_from_bytes(b'abc def\x3f'), quote_from_bytes(b'/a b', safe=b'/ '), quote_from_bytes(b''), quote_plus(b'a b+c'))
print(quote('a b', safe='é '), quote('abc', safe=[98]))

for s in ['abc%20def', '%7e/abc+def', '%E2%82%AC', '%e2%82%ac', '%zz%', '%4', '%', 'ü%C3%BC', '%C3', '%C3x%A9',
          'caf%E9', '%ff%fe', 'plain', 'a%2Bb', '%2', '%%41', 'é%41ü%42', '']:
    print(repr(s), repr(unquote(s)), repr(unquote_plus(s)), repr(unquote(s, 'latin-1')), unquote_to_bytes(s))
print(unquote(b'a%20b'), unquote('caf%E9', errors='strict') if False else '', unquote('%E9', encoding='latin-1'))
print(unquote(s='x%41'), unquote('a%ffb', errors='ignore'), unquote_to_bytes(b'%41%42'))

qs = 'a=1&b=2&a=3&c=&d&e=hello+world&f=%E2%82%AC&g=a%3Db&&h=x=y'
print(parse_qsl(qs))
print(parse_qsl(qs, keep_blank_values=True))
print(parse_qs(qs))
print(parse_qs(qs, True))
print(parse_qsl('a=1;b=2', separator=';'), parse_qsl(''), parse_qs(''), parse_qsl('a=%ff', errors='ignore'))
print(parse_qsl('x=caf%E9', encoding='latin-1'), parse_qs('k=v', max_num_fields=1), parse_qsl(None))
for call in [lambda: parse_qsl('a=1&b', strict_parsing=True), lambda: parse_qsl('a=1&&b=2', strict_parsing=True),
             lambda: parse_qs('a=1&b=2', max_num_fields=1), lambda: parse_qsl('a', separator=''),
             lambda: parse_qsl('a', separator=None), lambda: parse_qsl(b'a=1'), lambda: quote(5),
             lambda: quote(b'x', encoding='utf-8'), lambda: quote(b'x', errors='strict'), lambda: quote('€', encoding='ascii'),
             lambda: quote_from_bytes('str'), lambda: unquote(None), lambda: unquote(5), lambda: urlencode(5),
             lambda: urlencode('abc'), lambda: urlencode([('a', 1, 2)]), lambda: urlencode([1, 2]),
             lambda: unquote_to_bytes(5)]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

print(urlencode({'name': 'Jöhn Doe', 'age': 30, 'tags': ['a', 'b'], 'empty': '', 'sym': '&=?/'}))
print(urlencode({'tags': ['a', 'b'], 'n': 5, 't': ('x', 'y'), 's': 'str', 'b': b'by tes'}, doseq=True))
print(urlencode([('a', 1), ('a', 2), ('b', None)]), urlencode([]), urlencode({}))
print(urlencode({'p': '/a b'}, safe='/'), urlencode({'p': '/a b'}, quote_via=quote), urlencode({'k': 'é'}, encoding='latin-1'))
print(urlencode({b'k': b'v w'}), urlencode({'k': {'x': 1}}, True), urlencode({'k': {1, 2}} if False else {'k': 'v'}))
print(unwrap('<URL:scheme://host/path>'), unwrap(' <x> '), unwrap('URL: y'), unwrap('plain'))

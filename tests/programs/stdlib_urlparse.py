# urllib.parse: urlparse/urlsplit and their result objects, urlunparse,
# urlunsplit, urljoin (RFC 3986 examples), urldefrag, errors.
from urllib.parse import (urlparse, urlsplit, urlunparse, urlunsplit, urljoin, urldefrag,
                          ParseResult, SplitResult)
import urllib.parse

urls = ['https://user:pw@Example.COM:8080/path/to;params?q=1&r=2#frag',
        'http://www.python.org/', 'http://[::1]:80/x', 'http://[fe80::1%eth0]/', 'ftp://ftp.x.org/pub;type=d',
        'file:///etc/passwd', '//netloc/only', '/just/a/path?x=y', 'mailto:someone@example.com',
        'path;with;semis', 'HTTP://UPPER.case/Path', '  http://lead.space/ ', 'http://a/b/c/d;p?q',
        'http://host:/p', 'http://host:abc/', 'http://h:99999/', 'scheme-only:', 'a1+.-:rest',
        '1abc:def', 'tel:+1-555;ext=2', 'http://ex\tample.com/pa\nth', 'http://user@host', 'http://:pw@host',
        'news:comp.lang.python', '#frag-only', '?q-only', '', 'http://[v1.fe]/x', 'https://例え.jp/パス?キー=値',
        'svn+ssh://x.org/repo', 'http://@/', 'http://h/p?a#b?c#d']
for u in urls:
    p = urlparse(u)
    s = urlsplit(u)
    print(repr(u))
    print('  ', p)
    print('  ', s)
    print('  ', p.username, p.password, p.hostname, end=' ')
    try:
        print(p.port, end=' ')
    except ValueError as e:
        print('ValueError', e, end=' ')
    print(p.geturl(), s.geturl(), urlunparse(p), urlunsplit(s))

p = urlparse('http://example.com/a?b#c', allow_fragments=False)
print(p, urlsplit('x/y#z', 'http', False))
print(urlparse('//h/p', scheme='https'), urlparse('www.x.com', 'http'))
p = urlparse('https://docs.python.org/3/library/urllib.parse.html')
print(p.scheme, p.netloc, p.path, p.params, p.query, p.fragment, p[0], p[-1], len(p), tuple(p))
print(p._replace(scheme='http', fragment='top').geturl(), p._fields, type(p).__name__, isinstance(p, tuple))
print(ParseResult('a', 'b', 'c', 'd', 'e', 'f').geturl(), SplitResult('http', 'h', '/p', 'q', '').geturl())
print(urlunsplit(('http', 'h', 'p', '', '')), urlunsplit(('', '', 'p', 'q', 'f')), urlunsplit(['file', '', '/x', '', '']))
print(urlunparse(('http', 'h', '/p', 'par', 'q', 'f')), urlunparse(('https', 'h', '', '', None, None)))
print(urlunsplit(('mailto', '', 'a@b', '', '')), urlunsplit(('http', '', '//x', '', '')))

base = 'http://a/b/c/d;p?q'
for rel in ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', 'g;x?y#s',
            '', '.', './', '..', '../', '../g', '../..', '../../', '../../g', '../../../g', '../../../../g',
            '/./g', '/../g', 'g.', '.g', 'g..', '..g', './../g', './g/.', 'g/./h', 'g/../h', 'g;x=1/./y',
            'g;x=1/../y', 'g?y/./x', 'g?y/../x', 'g#s/./x', 'g#s/../x', 'http:g', 'https://other/x']:
    print(repr(rel), urljoin(base, rel))
print(urljoin('http://www.cwi.nl/%7Eguido/Python.html', 'FAQ.html'), urljoin('', 'x'), urljoin('http://h/', ''))
print(urljoin('http://h/a/b', 'c', allow_fragments=False), urljoin('mailto:a@b', 'c'), urljoin('http://h', 'x'))
print(urljoin('ftp://h/a/', '../b'), urljoin('file:///tmp/a', 'b'), urljoin('http://h/a/', '//other/y'))
print(urldefrag('http://h/p?q#frag'), urldefrag('http://h/p'), urldefrag('http://h/p?q#frag').geturl())
print(urldefrag('x#'), urldefrag('x#').url, urldefrag('a#b').fragment)
print(urllib.parse.uses_netloc[:4], 'https' in urllib.parse.uses_relative, urllib.parse.scheme_chars[-3:])

for call in [lambda: urlparse('http://[::1/'), lambda: urlparse('http://::1]/'), lambda: urlsplit('http://[1.2.3.4]/'),
             lambda: urlsplit('http://[zz]/'), lambda: urlsplit('http://[vz.x]/'),
             lambda: urlsplit('http://h\uff03x/'), lambda: urlparse('http://x', b'http'),
             lambda: urlparse(), lambda: urlunparse(('a', 'b')), lambda: urlunsplit(5),
             lambda: urlunparse(('a', 'b', 'c', 'd', 'e', 'f', 'g')), lambda: urljoin('http://h/', 5),
             lambda: urlparse('http://h:-1/').port, lambda: urlparse('http://h:٣/').port,
             lambda: urlparse('http://x', scheme=None)]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

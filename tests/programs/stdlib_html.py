# html.escape / html.unescape (named, numeric, remapped and invalid
# references, the longest-prefix rule) and html.entities' tables.
import html
print(html.entities.name2codepoint['amp'], html.entities.html5['lt;'])
import html.entities

print(html.escape('<a href="x?a=1&b=2">It\'s</a>'))
print(html.escape('<a href="x">It\'s</a>', quote=False), html.escape(''), html.escape('plain'))
print(html.escape('"\'', False), html.escape('&amp;'))

tests = ['&lt;p&gt;', '&amp;amp;', '&quot;hi&quot; &#39;x&#39;', '&#x41;&#X42;&#67;', '&#65', '&#x', '&#;', '&#xZ',
         '&notit; &notin; &not', '&ampfoo', '&amp', '&AMP;', '&Amp;', '&copy2024', '&unknown;', '& alone',
         '&#0;', '&#13;', '&#128;&#x80;&#150;', '&#x81;', '&#xD800;', '&#1114112;', '&#99999999999999999999;',
         '&#1;&#x0b;&#127;', '&#xfffe;', '&#x1F600;', '&nbsp;|&NotEqualTilde;|&acE;', '&lt&gt', 'a&&b', '&',
         '&&lt;', '&#38;lt;', 'no refs here', '&ThickSpace;', '&eacute&Eacute;', '&ampé', '&lté;', '&' + 'a' * 40 + ';',
         '&supe;&sup1&sup2;&sup3x', '&fjlig;', '\n&amp\n', '&am;', '&frac12;&frac34', '&#x10FFFF;', '&#x110000;']
for t in tests:
    print(repr(t), repr(html.unescape(t)))

e = html.entities
print(len(e.html5), len(e.name2codepoint), len(e.codepoint2name), len(e.entitydefs))
print(e.name2codepoint['amp'], e.codepoint2name[169], e.entitydefs['eacute'], e.html5['amp;'], e.html5['lt'])
print(list(e.name2codepoint.items())[:5], list(e.entitydefs)[-3:])
print(sorted(e.html5)[:6], sorted(e.html5)[-3:])
print(html.escape(html.unescape('&lt;b&gt;')) == '&lt;b&gt;')

for call in [lambda: html.escape(None), lambda: html.unescape(5), lambda: html.escape(), lambda: html.unescape(b'&amp;')]:
    try:
        print(call())
    except Exception as ex:
        print(type(ex).__name__, ex)
print(list(html.entities.html5)[:8], list(html.entities.html5)[-3:])

# min-version: 3.12
# string: constants, capwords, Template (default and customised patterns, errors), Formatter (parse, field lookup, overriding hooks).
import string
from string import Template, Formatter
def t(expr, f):
    try:
        r = f()
        print(expr, '->', repr(r))
    except Exception as e:
        print(expr, '!!', type(e).__name__, e)

t("string.capwords(' hello   world  ')", lambda: string.capwords(' hello   world  '))
t("string.capwords('a-b-c', '-')", lambda: string.capwords('a-b-c', '-'))
t("string.capwords('ab cd', None)", lambda: string.capwords('ab cd', None))
t('string.capwords(1)', lambda: string.capwords(1))
t('string.capwords()', lambda: string.capwords())
t("Template('$x and ${y}, $$ $z').substitute(x=1, y=2, z=3)", lambda: Template('$x and ${y}, $$ $z').substitute(x=1, y=2, z=3))
t("Template('$x').substitute({'x': 5})", lambda: Template('$x').substitute({'x': 5}))
t("Template('$x').substitute({'x': 5}, x=6)", lambda: Template('$x').substitute({'x': 5}, x=6))
t("Template('$x $y').substitute({'x': 5})", lambda: Template('$x $y').substitute({'x': 5}))
t("Template('a\\nb $ c').substitute()", lambda: Template('a\nb $ c').substitute())
t("Template('$').substitute()", lambda: Template('$').substitute())
t("Template('ab\\r\\ncd${').substitute()", lambda: Template('ab\r\ncd${').substitute())
t("Template('$x $y $').safe_substitute(x=1)", lambda: Template('$x $y $').safe_substitute(x=1))
t("Template('$x ${y').safe_substitute(x=1)", lambda: Template('$x ${y').safe_substitute(x=1))
t("Template('$x').substitute({}, {})", lambda: Template('$x').substitute({}, {}))
t("Template('$1').substitute()", lambda: Template('$1').substitute())
t("Template('$x').template", lambda: Template('$x').template)
t("Template('$x ${y} $x $$ $').get_identifiers()", lambda: Template('$x ${y} $x $$ $').get_identifiers())
t("Template('$x $').is_valid()", lambda: Template('$x $').is_valid())
t("Template('$x').is_valid()", lambda: Template('$x').is_valid())
t('Template.delimiter', lambda: Template.delimiter)
t('Template.idpattern', lambda: Template.idpattern)
t('Template.braceidpattern', lambda: Template.braceidpattern)
t('Template.flags', lambda: Template.flags)
t('Template()', lambda: Template())
t("Template('$é').safe_substitute()", lambda: Template('$é').safe_substitute())
t("Template('$xé').safe_substitute(x=1)", lambda: Template('$xé').safe_substitute(x=1))
t("Template('$X_1a').substitute(X_1a='ok')", lambda: Template('$X_1a').substitute(X_1a='ok'))
t("Template('$x').substitute(None)", lambda: Template('$x').substitute(None))
t("Formatter().format('{0}-{1!r}-{x:>4}', 'a', 'b', x=3)", lambda: Formatter().format('{0}-{1!r}-{x:>4}', 'a', 'b', x=3))
t("Formatter().format('{}{}', 1, 2)", lambda: Formatter().format('{}{}', 1, 2))
t("Formatter().format('{0}{}', 1, 2)", lambda: Formatter().format('{0}{}', 1, 2))
t("Formatter().format('{}{0}', 1, 2)", lambda: Formatter().format('{}{0}', 1, 2))
t("list(Formatter().parse('a{0!r:>5}b{{c}}d{x.y[1]}'))", lambda: list(Formatter().parse('a{0!r:>5}b{{c}}d{x.y[1]}')))
t("list(Formatter().parse('a{{b'))", lambda: list(Formatter().parse('a{{b')))
t("list(Formatter().parse('}}x'))", lambda: list(Formatter().parse('}}x')))
t("list(Formatter().parse('{'))", lambda: list(Formatter().parse('{')))
t("list(Formatter().parse('}'))", lambda: list(Formatter().parse('}')))
t("list(Formatter().parse('{!}'))", lambda: list(Formatter().parse('{!}')))
t("list(Formatter().parse('x{a:{b}}'))", lambda: list(Formatter().parse('x{a:{b}}')))
t("Formatter().format('{a.real}', a=3)", lambda: Formatter().format('{a.real}', a=3))
t("Formatter().format('{0[1]}', [5, 6])", lambda: Formatter().format('{0[1]}', [5, 6]))
t("Formatter().format('{0:{1}}', 3.14159, '.2f')", lambda: Formatter().format('{0:{1}}', 3.14159, '.2f'))
t("Formatter().format('{0!x}', 1)", lambda: Formatter().format('{0!x}', 1))
t("Formatter().format('{1}', 1)", lambda: Formatter().format('{1}', 1))
t("Formatter().format('{x}', 1)", lambda: Formatter().format('{x}', 1))
t("Formatter().vformat('{0}{a}', (1,), {'a': 2})", lambda: Formatter().vformat('{0}{a}', (1,), {'a': 2}))
t('Formatter().get_value(0, [7], {})', lambda: Formatter().get_value(0, [7], {}))
t("Formatter().get_value('k', [7], {'k': 8})", lambda: Formatter().get_value('k', [7], {'k': 8}))
t("Formatter().get_field('0.real', [7], {})", lambda: Formatter().get_field('0.real', [7], {}))
t("Formatter().convert_field(5, 'r')", lambda: Formatter().convert_field(5, 'r'))
t("Formatter().convert_field(5, 'z')", lambda: Formatter().convert_field(5, 'z'))
t("Formatter().format_field(5, '03')", lambda: Formatter().format_field(5, '03'))
t('Formatter().check_unused_args(1, 2, 3)', lambda: Formatter().check_unused_args(1, 2, 3))
t('string.whitespace', lambda: string.whitespace)
t('string.printable', lambda: string.printable)
t('string.punctuation', lambda: string.punctuation)
t('string.hexdigits', lambda: string.hexdigits)
t('string.octdigits', lambda: string.octdigits)
t('string.ascii_letters', lambda: string.ascii_letters)
t('string.__all__', lambda: string.__all__)
t("Formatter().format('{0:{1}}', 'a', '{2}')", lambda: Formatter().format('{0:{1}}', 'a', '{2}'))
t("Formatter().format('{:{}}', 'a', 5)", lambda: Formatter().format('{:{}}', 'a', 5))
import string
from string import Template, Formatter
class Pct(Template):
    delimiter = '%'
print(Pct('%who likes %%what %{x}').substitute(who='tim', x=1))
class Dot(Template):
    idpattern = r'[a-z]+\.[a-z]+'
print(Dot('$a.b and $c.d').safe_substitute({'a.b': 'X'}), Dot('$a.b').get_identifiers(), Dot('$').is_valid())
class Braced(Template):
    braceidpattern = r'[^}]+'
print(Braced('${hello world} $x').substitute({'hello world': 1, 'x': 2}))
print(type(Template.pattern).__name__, Template.pattern.pattern == Template.pattern.pattern, Pct.pattern.flags == Template.pattern.flags)
try: Pct('%').substitute()
except ValueError as e: print(e)
t = Template('Hi $name, $$5 ${item}s'); t.template = 'changed $name'; print(t.substitute(name='Z'))
class MyFmt(Formatter):
    def get_value(self, key, args, kwargs):
        if isinstance(key, str): return kwargs.get(key, '<%s>' % key)
        return super().get_value(key, args, kwargs)
    def convert_field(self, value, conversion):
        if conversion == 'u': return str(value).upper()
        return super().convert_field(value, conversion)
    def format_field(self, value, spec):
        return '[' + super().format_field(value, spec) + ']'
print(MyFmt().format('{0} {missing} {a!u} {b:>4}', 'x', a='hi', b=7))
print(Formatter().format('{0.imag} {1[k]} {2!a}', 3j, {'k': 'v'}, 'é'))
print(string.capwords("they're bill's friends from the UK"), string.capwords('a\tb\nc'))
print(Template('$who $what').substitute(dict(who='a'), what='b'))

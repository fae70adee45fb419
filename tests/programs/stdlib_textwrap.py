# min-version: 3.12
# textwrap: wrap/fill with every TextWrapper option, long words, hyphens, em-dashes, max_lines/placeholder, shorten, dedent, indent, errors.
import textwrap
from textwrap import TextWrapper, wrap, fill, shorten, dedent, indent

text = ("The quick brown fox jumps over the lazy dog. Python's textwrap module -- "
        "which is used everywhere -- handles hyphenated-words, well-known em-dashes, "
        "and supercalifragilisticexpialidocious long words.\tTabs\ttoo!  Two  spaces.")
for w in (1, 5, 10, 12, 20, 33, 70, 200):
    print(w, wrap(text, w))
print(fill(text, 40))
print(fill(text, width=30, initial_indent='* ', subsequent_indent='  '))
print(wrap(text, 25, break_long_words=False))
print(wrap(text, 25, break_on_hyphens=False))
print(wrap(text, 25, drop_whitespace=False))
print(wrap(text, 25, replace_whitespace=False, expand_tabs=False))
print(wrap(text, 25, expand_tabs=True, tabsize=4))
print(wrap("Hello there.  How are you? Fine. I am. e.g. this", 15, fix_sentence_endings=True))
print(wrap(text, 30, max_lines=3))
print(wrap(text, 30, max_lines=2, placeholder='...'))
print(wrap(text, 12, max_lines=1, placeholder=' (more)'))
print(wrap("a b c d e f g h", 3, max_lines=2, placeholder=" ~"))
print(wrap("  leading and trailing   ", 10), wrap("", 10), wrap("   ", 10), wrap("\n\n", 5))
print(wrap("word-with-many-hyphens-in-it and a-b c--d e---f", 8))
print(wrap("--dashes-- at--start and end--", 6))
print(wrap("x" * 25, 10), wrap("ab-" * 8, 7))
print(wrap("Unicode: naïve café résumé — déjà vu, Größe", 12))
print(shorten(text, 40), '|', shorten(text, 40, placeholder='~~'), '|', shorten("Hello  world!", width=12))
print(shorten("Hello world", 11), shorten("  many   spaces  here  ", 30))
for args, kw in (((text, 0), {}), ((text, -3), {}), (("abc", 3), {'max_lines': 1, 'placeholder': '[....]'})):
    try:
        print(wrap(*args, **kw))
    except ValueError as e:
        print('ValueError', e)
try:
    shorten("hello world", 5)
except ValueError as e:
    print('ValueError', e)
try:
    shorten("hello")
except TypeError as e:
    print('TypeError', e)
try:
    TextWrapper(width=10, bogus=1)
except TypeError as e:
    print('TypeError', e)

w = TextWrapper(width=20, initial_indent='> ', subsequent_indent='. ')
print(w.width, w.initial_indent, w.placeholder, w.max_lines, w.tabsize, w.break_long_words)
print(w.wrap(text)[:3], w.fill("short"))
w.width = 15
print(w.wrap("changing the width after creation works too"))
print(w._split("hyphen-ated and em--dash"), w._munge_whitespace("a\tb\nc"))
print(TextWrapper.wordsep_simple_re.split("a b  c"), TextWrapper.sentence_end_re.search("end.") is not None)
class Upper(TextWrapper):
    def _split(self, text):
        return [c.upper() for c in super()._split(text)]
print(Upper(width=12).wrap("subclassing works like in CPython"))

doc = '''
    def f():
        return 1

      # comment
    end
'''
print(repr(dedent(doc)))
print(repr(dedent("  a\n\tb\n")), repr(dedent("  a\n   \n  b")), repr(dedent("\ta\n\t\tb\n \n")), repr(dedent("no indent\n  x")))
print(repr(dedent("    x\n  y\n      z")), repr(dedent("")), repr(dedent("   \n  \n")))
try:
    dedent(5)
except TypeError as e:
    print('TypeError', e)
print(repr(indent("a\nb\n\nc\n", "> ")), repr(indent("a\r\nb\r\n  \n", "+")))
print(repr(indent("x\ny\n", "# ", lambda line: line.startswith('y'))))
print(textwrap.__all__)

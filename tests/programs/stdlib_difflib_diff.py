# difflib's text diffs: unified_diff, context_diff, ndiff / Differ with
# intraline "?" guides, restore, IS_LINE_JUNK / IS_CHARACTER_JUNK, errors.
import difflib
import sys

a = """one
two
three
four
five
six
seven
eight
nine
ten
eleven
twelve
""".splitlines(keepends=True)
b = """zero
one
tree
four
five
six
seven
eight
nine!
ten
twelve
thirteen
""".splitlines(keepends=True)

sys.stdout.writelines(difflib.unified_diff(a, b, fromfile='before.py', tofile='after.py'))
print('=====')
sys.stdout.writelines(difflib.unified_diff(a, b, 'a.txt', 'b.txt', '2024-01-01', '2024-01-02', n=1))
print('=====')
sys.stdout.writelines(difflib.context_diff(a, b, fromfile='before.py', tofile='after.py'))
print('=====')
sys.stdout.writelines(difflib.context_diff(a, b, n=0))
print('=====')
for line in difflib.unified_diff(['x', 'y'], ['x', 'z'], lineterm=''):
    print(repr(line))
print(list(difflib.unified_diff(a, a)), list(difflib.context_diff([], [])))
print(list(difflib.unified_diff([], ['new\n'])), list(difflib.unified_diff(['old\n'], [])))
print(list(difflib.context_diff(['old\n'], ['new\n', 'more\n'])))
print(''.join(difflib.unified_diff(a[:3], a[:3] + ['x\n'], n=0)), end='')

print('=====')
text1 = '''  1. Beautiful is better than ugly.
  2. Explicit is better than implicit.
  3. Simple is better than complex.
  4. Complex is better than complicated.
'''.splitlines(keepends=True)
text2 = '''  1. Beautiful is better than ugly.
  3.   Simple is better than complex.
  4. Complicated is better than complex.
  5. Flat is better than nested.
'''.splitlines(keepends=True)
d = difflib.Differ()
result = list(d.compare(text1, text2))
sys.stdout.writelines(result)
print('=====')
delta = list(difflib.ndiff(a, b))
sys.stdout.writelines(delta)
print('=====')
print(''.join(difflib.restore(delta, 1)) == ''.join(a), ''.join(difflib.restore(delta, 2)) == ''.join(b))
diff = difflib.ndiff('one\ntwo\nthree\n'.splitlines(keepends=True),
                     'ore\ntree\nemu\n'.splitlines(keepends=True))
diff = list(diff)
print(''.join(diff), end='')
print(''.join(difflib.restore(diff, 1)), end='')
print(''.join(difflib.restore(diff, 2)), end='')
print(list(difflib.ndiff(['abcDefghiJkl\n'], ['abcdefGhijkl\n'])))
print(list(difflib.ndiff(['\tabc  def\n'], ['\tabc  deg\n'])))
print(list(difflib.ndiff(['a\n', 'b\n', 'c\n'], ['b\n', 'x\n'])))
print(list(difflib.ndiff(['same\n', 'foo bar\n'], ['same\n', 'totally different\n', 'foo baz\n'])))
print(list(difflib.ndiff(['x\n', 'y\n', 'z\n'], ['q\n', 'y\n', 'w\n'])))
print(list(difflib.ndiff(['x\n'], ['x\n'], linejunk=difflib.IS_LINE_JUNK, charjunk=None)))
print(list(difflib.Differ(charjunk=difflib.IS_CHARACTER_JUNK).compare(['a b c\n'], ['a  b c\n'])))
print(list(difflib.ndiff(['private Thread currentThread;\n'], ['private volatile Thread currentThread;\n'])))

code1 = ['def f(x):\n', '    return x + 1\n', '\n', '# comment\n', 'print(f(2))\n']
code2 = ['def f(x, y=1):\n', '    return x + y\n', '\n', 'print(f(2))\n', 'print(f(3, 4))\n']
sys.stdout.writelines(difflib.ndiff(code1, code2, linejunk=difflib.IS_LINE_JUNK))
print('=====')

print(difflib.IS_LINE_JUNK('\n'), difflib.IS_LINE_JUNK('  #   \n'), difflib.IS_LINE_JUNK('hello\n'),
      difflib.IS_LINE_JUNK('# x'), difflib.IS_LINE_JUNK(''), difflib.IS_LINE_JUNK(' ## '))
print(difflib.IS_CHARACTER_JUNK(' '), difflib.IS_CHARACTER_JUNK('\t'), difflib.IS_CHARACTER_JUNK('\n'),
      difflib.IS_CHARACTER_JUNK('x'), difflib.IS_CHARACTER_JUNK('x', 'xyz'))

for call in [lambda: list(difflib.unified_diff([b'a'], [b'b'])),
             lambda: list(difflib.unified_diff(['a'], ['b'], fromfile=3)),
             lambda: list(difflib.context_diff(['a'], [1])),
             lambda: list(difflib.restore(['- a'], 3)),
             lambda: list(difflib.unified_diff(['a'])),
             lambda: list(difflib.ndiff(['a'])),
             lambda: difflib.Differ(1, 2, 3)]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

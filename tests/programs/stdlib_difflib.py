# difflib.SequenceMatcher: blocks, opcodes, ratios, junk and autojunk,
# find_longest_match, grouped opcodes, attribute state; get_close_matches.
import difflib
from difflib import SequenceMatcher

s = SequenceMatcher(None, "abxcd", "abcd")
print(s.get_matching_blocks())
print(s.get_opcodes())
print(s.ratio(), s.quick_ratio(), s.real_quick_ratio())
print(s.find_longest_match(0, 5, 0, 4), s.find_longest_match())

s = SequenceMatcher(lambda x: x == " ", "private Thread currentThread;",
                    "private volatile Thread currentThread;")
print(round(s.ratio(), 3), s.get_matching_blocks())
for tag, i1, i2, j1, j2 in s.get_opcodes():
    print('{:7}   a[{}:{}] --> b[{}:{}] {!r:>8} --> {!r}'.format(tag, i1, i2, j1, j2, s.a[i1:i2], s.b[j1:j2]))
print(sorted(s.bjunk), sorted(s.bpopular), sorted(s.b2j.items())[:4])

s = SequenceMatcher(None, " abcd", "abcd abcd")
print(s.find_longest_match(0, 5, 0, 9))
s = SequenceMatcher(lambda x: x == " ", " abcd", "abcd abcd")
print(s.find_longest_match(0, 5, 0, 9))
print(s.find_longest_match(1, 3, 0, 9), s.find_longest_match(alo=2, bhi=4))

# lists of lines, the cached results, set_seq1/set_seq2
a = ['one\n', 'two\n', 'three\n', 'four\n', 'five\n', 'six\n', 'seven\n', 'eight\n', 'nine\n', 'ten\n']
b = ['one\n', 'TWO\n', 'three\n', 'four\n', 'five\n', 'six\n', 'seven\n', 'eight\n', 'nine\n', 'ten\n', 'eleven\n']
s = SequenceMatcher(None, a, b)
blocks = s.get_matching_blocks()
print(blocks is s.get_matching_blocks(), blocks[0], blocks[0].a, blocks[0].size, type(blocks[0]).__name__)
print(list(s.get_grouped_opcodes(1)))
print(list(s.get_grouped_opcodes()))
print(s.get_opcodes())
s.set_seq1(b)
print(s.ratio(), s.get_opcodes())
s.set_seq2(a)
print(s.ratio(), s.get_opcodes())
s.set_seqs('', '')
print(s.ratio(), s.get_opcodes(), s.get_matching_blocks(), list(s.get_grouped_opcodes()))
s.set_seqs('abc', 'abc')
print(list(s.get_grouped_opcodes()))

# autojunk: popular elements of a long b are ignored
a = 'x' * 100 + 'abc' + 'y' * 50
b = 'x' * 150 + 'abc' + 'y' * 60
for aj in (True, False):
    s = SequenceMatcher(None, a, b, autojunk=aj)
    print(aj, sorted(s.bpopular), s.get_matching_blocks()[:3], round(s.ratio(), 6))
s = SequenceMatcher(None, a, b, False)
print(len(s.b2j), s.find_longest_match(0, len(a), 0, len(b)))

words = ['ape', 'apple', 'peach', 'puppy', 'appel', 'aple', 'apply', 'applesauce']
print(difflib.get_close_matches('appel', words))
print(difflib.get_close_matches('appel', words, n=5, cutoff=0.3))
print(difflib.get_close_matches('wheel', ['while', 'wheels', 'heel', 'whelk', 'shell'], 2))
print(difflib.get_close_matches('xyz', words))
print(difflib.get_close_matches('', ['', 'a']))
import keyword
print(difflib.get_close_matches('pring', keyword.kwlist + ['print', 'printf', 'spring']))

for seq_a, seq_b in [('', 'abc'), ('abc', ''), ('abcabba', 'cbabac'), ('qabxcd', 'abycdf'),
                     ([1, 2, 3, 4], [2, 3, 5]), ((1, 2), (1, 2)), ('hello world', 'hallo welt')]:
    s = SequenceMatcher(a=seq_a, b=seq_b)
    print(repr(seq_a), repr(seq_b), s.get_opcodes(), round(s.ratio(), 4), s.quick_ratio(), s.real_quick_ratio())

class MySM(SequenceMatcher):
    def get_matching_blocks(self):
        print('  get_matching_blocks called')
        return super().get_matching_blocks()

m = MySM(None, 'abcd', 'bcde')
print(m.ratio())
print(m.get_opcodes())

for call in [lambda: difflib.get_close_matches('a', ['a'], n=0),
             lambda: difflib.get_close_matches('a', ['a'], cutoff=1.5),
             lambda: difflib.get_close_matches('a', ['a'], cutoff=-0.1),
             lambda: difflib.get_close_matches('a'),
             lambda: SequenceMatcher(None, 'a', 'b', True, 5),
             lambda: SequenceMatcher(foo=1),
             lambda: SequenceMatcher(None, 1, 'a').ratio(),
             lambda: SequenceMatcher().set_seq1(),
             lambda: SequenceMatcher().ratio(1)]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

# py2: yes
# Constants the compiler folds: tuples, frozensets from set-literal
# membership tests, arithmetic on literals, negative numbers, strings.

x = 2
s = 'b'
print(str(x in {1, 2, 3}))
print(str(s in {'a', 'b'}))
print(str(x not in {4, 5}))
print(str(s in ('a', 'c')))
print(str(x in [7, 8, 9]))
for v in [1, 2, 3]:
    print(str(v))
t = (1, 2, (3, 4), 'five', None, True, 1.5)
print(str(t))
print(str(2 * 3 + 4))
print(str(-5))
print(str(2 ** 10))
print(str(1 << 20))
print('ab' * 3)
print(str(('a', 'b') + ('c',)))
print(str(not True))
print(str(~0))
print(str((1, 2)[1]))
neg = -(1 + 2)
print(str(neg))


def classify(c):
    if c in {'a', 'e', 'i', 'o', 'u'}:
        return "vowel"
    if c in {1, 2, 3}:
        return "small"
    if c in (None, False):
        return "falsy"
    return "other"


print(str([classify(c) for c in ['a', 'z', 2, None]]))
print(str(len(frozenset([1, 2, 2, 3]))))

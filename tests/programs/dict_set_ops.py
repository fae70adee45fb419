# py2: yes
# Dictionaries and sets: building, updating, views, membership, set algebra.
# Output is always sorted so it does not depend on hash order.

d = {'one': 1, 'two': 2, 'three': 3}
d['four'] = 4
d.update({'five': 5}, six=6)
del d['two']
print(str(sorted(d.items())))
print(str(d.get('two', 'missing')))
print(str(d.setdefault('seven', 7)))
print(str(d.pop('one')))
print(str('three' in d))
print(str(sorted(d.keys())))
print(str(sum(d.values())))

counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(str(sorted(counts.items())))

inverted = dict((v, k) for k, v in d.items())
print(str(sorted(inverted.items())))

a = set([1, 2, 3, 4, 5])
b = set(range(4, 9))
print(str(sorted(a | b)))
print(str(sorted(a & b)))
print(str(sorted(a - b)))
print(str(sorted(a ^ b)))
print(str((a <= b, set([1, 2]) < a, a.isdisjoint(set([10])))))
a.add(10)
a.discard(1)
a.remove(2)
print(str(sorted(a)))
fs = frozenset(['x', 'y'])
print(str(sorted(fs | frozenset(['z']))))
nested = {'a': {'b': {'c': 1}}}
nested['a']['b']['d'] = 2
print(str(sorted(nested['a']['b'].items())))
keys = sorted(dict.fromkeys('abcab', 0).items())
print(str(keys))

# min-version: 3.12
# pickle: standard-library types (deque with and without maxlen, Counter, defaultdict, OrderedDict, Decimal, Fraction, datetime, range, slice, complex via copyreg.dispatch_table) for protocols 0, 2, 4; copy of deques and Counters
import pickle, collections, decimal, fractions, datetime
d = collections.deque([1, 2]); d2 = collections.deque([3], maxlen=4)
c = collections.Counter('abca')
dd = collections.defaultdict(list, {'a': [1]})
print(d.__reduce_ex__(4)[:3], d2.__reduce_ex__(4)[:3])
for o in [d, d2, c, dd, decimal.Decimal('1.25'), fractions.Fraction(2, 3), datetime.time(1, 2), range(1, 10, 2), slice(1, 2), complex(1, 2), collections.OrderedDict(x=1)]:
    for p in (0, 2, 4):
        b = pickle.dumps(o, p)
        print(p, b)
        print(pickle.loads(b))
import copy
dq = collections.deque([[1], [2]], maxlen=5)
c1 = copy.copy(dq); c2 = copy.deepcopy(dq)
print(c1, c2, c1[0] is dq[0], c2[0] is dq[0], c2.maxlen)
class SubDeque(collections.deque):
    pass
sd = SubDeque([1, 2]); sd.tag = 'x'
b = pickle.loads(pickle.dumps(sd)); print(type(b).__name__, list(b), b.tag)
print(copy.deepcopy(collections.Counter(a=2)), pickle.loads(pickle.dumps(collections.Counter(b=1), 0)))
import copyreg
print(copyreg.dispatch_table[complex](3+4j))

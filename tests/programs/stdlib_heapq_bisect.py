# min-version: 3.12
# heapq and bisect: comparison order with ties, cache-friendly heapify, nlargest/nsmallest/merge steps, bisect/insort with lo/hi/key.
import heapq, bisect
def t(expr, f):
    try:
        r = f()
        print(expr, '->', repr(r))
    except Exception as e:
        print(expr, '!!', type(e).__name__, e)

t('heapq.heappush(1, 2)', lambda: heapq.heappush(1, 2))
t('heapq.heappush([])', lambda: heapq.heappush([]))
t('heapq.heappush([], 1, 2)', lambda: heapq.heappush([], 1, 2))
t('heapq.heappush(heap=[], item=1)', lambda: heapq.heappush(heap=[], item=1))
t('heapq.heappop(1)', lambda: heapq.heappop(1))
t('heapq.heappop([])', lambda: heapq.heappop([]))
t('heapq.heappop()', lambda: heapq.heappop())
t('heapq.heapify(1)', lambda: heapq.heapify(1))
t('heapq.heapify((1,))', lambda: heapq.heapify((1,)))
t('heapq.heapreplace([], 1)', lambda: heapq.heapreplace([], 1))
t('heapq.heapreplace(1, 1)', lambda: heapq.heapreplace(1, 1))
t('heapq.heappushpop([], 5)', lambda: heapq.heappushpop([], 5))
t('heapq.heappushpop([1], 5)', lambda: heapq.heappushpop([1], 5))
t('heapq.heappushpop([7], 5)', lambda: heapq.heappushpop([7], 5))
t("heapq.heappush([1], 'a')", lambda: heapq.heappush([1], 'a'))
t('heapq.nlargest(2, [1, 5, 3])', lambda: heapq.nlargest(2, [1, 5, 3]))
t('heapq.nsmallest(2, [1, 5, 3], key=lambda x: -x)', lambda: heapq.nsmallest(2, [1, 5, 3], key=lambda x: -x))
t('heapq.nlargest(1, [])', lambda: heapq.nlargest(1, []))
t('heapq.nlargest(0, [1])', lambda: heapq.nlargest(0, [1]))
t('heapq.nlargest(-1, [1, 2])', lambda: heapq.nlargest(-1, [1, 2]))
t('heapq.nsmallest(2.0, [3, 1])', lambda: heapq.nsmallest(2.0, [3, 1]))
t('heapq.nsmallest(2.5, iter([3, 1, 2]))', lambda: heapq.nsmallest(2.5, iter([3, 1, 2])))
t("heapq.nsmallest('a', [1])", lambda: heapq.nsmallest('a', [1]))
t('list(heapq.merge([1, 3], [2, 4], [0]))', lambda: list(heapq.merge([1, 3], [2, 4], [0])))
t('list(heapq.merge([3, 1], [4, 2], reverse=True))', lambda: list(heapq.merge([3, 1], [4, 2], reverse=True)))
t("list(heapq.merge(['bb', 'a'], ['ccc'], key=len))", lambda: list(heapq.merge(['bb', 'a'], ['ccc'], key=len)))
t('list(heapq.merge(1))', lambda: list(heapq.merge(1)))
t('heapq._heappop_max([3, 2])', lambda: heapq._heappop_max([3, 2]))
t('heapq.__all__', lambda: heapq.__all__)
t('heapq._heapify_max([1,2,3])', lambda: heapq._heapify_max([1,2,3]))
t('bisect.bisect([1, 2, 3], 2)', lambda: bisect.bisect([1, 2, 3], 2))
t('bisect.bisect_left([1, 2, 3], 2)', lambda: bisect.bisect_left([1, 2, 3], 2))
t('bisect.bisect([1, 2], 1, -1)', lambda: bisect.bisect([1, 2], 1, -1))
t('bisect.bisect([1, 2], 1, 0, 10)', lambda: bisect.bisect([1, 2], 1, 0, 10))
t("bisect.bisect([1, 2], 1, 'a')", lambda: bisect.bisect([1, 2], 1, 'a'))
t('bisect.bisect([1, 2], 1, hi=None)', lambda: bisect.bisect([1, 2], 1, hi=None))
t('bisect.bisect([1, 2], 1, hi=-1)', lambda: bisect.bisect([1, 2], 1, hi=-1))
t('bisect.bisect(1, 2)', lambda: bisect.bisect(1, 2))
t('bisect.bisect()', lambda: bisect.bisect())
t('bisect.bisect([1], 1, 0, 1, 5)', lambda: bisect.bisect([1], 1, 0, 1, 5))
t('bisect.bisect([1], 1, key=None)', lambda: bisect.bisect([1], 1, key=None))
t("bisect.bisect([(1, 'a'), (2, 'b')], 2, key=lambda p: p[0])", lambda: bisect.bisect([(1, 'a'), (2, 'b')], 2, key=lambda p: p[0]))
t('bisect.insort((1,), 2)', lambda: bisect.insort((1,), 2))
t('bisect.insort_left([1, 3], 2, key=abs)', lambda: bisect.insort_left([1, 3], 2, key=abs))
t("bisect.bisect_right([1, 'a'], 2)", lambda: bisect.bisect_right([1, 'a'], 2))
t('bisect.insort([1], 1, foo=2)', lambda: bisect.insort([1], 1, foo=2))
t('bisect.bisect.__name__', lambda: bisect.bisect.__name__)
t('bisect.insort.__name__', lambda: bisect.insort.__name__)
t('bisect.bisect_left({0: 1, 1: 3}, 2)', lambda: bisect.bisect_left({0: 1, 1: 3}, 2))
t('bisect.bisect([1,2,3], 2, hi=2**70)', lambda: bisect.bisect([1,2,3], 2, hi=2**70))
t('bisect.bisect([1,2,3], 2, lo=2**70)', lambda: bisect.bisect([1,2,3], 2, lo=2**70))
import heapq, bisect
log = []
class K:
    def __init__(self, v, tag): self.v, self.tag = v, tag
    def __lt__(self, o): log.append((self.tag, o.tag)); return self.v < o.v
    def __eq__(self, o): return self.v == o.v
    def __repr__(self): return '%s%s' % (self.v, self.tag)
vals = [K(v, t) for v, t in zip([5, 3, 8, 3, 1, 9, 3, 5, 0, 7, 2, 3], 'abcdefghijkl')]
h = list(vals); heapq.heapify(h); print(h, len(log))
log.clear(); out = [heapq.heappop(h) for _ in range(len(h))]; print(out, len(log), log[:10])
h = []
for v in vals: heapq.heappush(h, v)
print(h)
print(heapq.heapreplace(h, K(4, 'z')), heapq.heappushpop(h, K(1, 'y')), heapq.heappushpop(h, K(6, 'x')), h)
big = [(i * 7919) % 3001 for i in range(3000)]
hb = list(big); heapq.heapify(hb); print(hb[:20], hb[-5:])
print(heapq.nlargest(3, vals), heapq.nsmallest(3, vals), heapq.nsmallest(4, iter(vals)), heapq.nlargest(4, iter(vals), key=lambda k: k.v % 4))
print(heapq.nsmallest(3, [3, 1, 2, 1, 3], key=lambda x: -x), heapq.nlargest(10, [3, 1, 2]), heapq.nsmallest(1, [4, 2]), heapq.nlargest(1, [4, 2], key=abs))
def src(name, items):
    for x in items:
        print('  pull', name, x)
        yield x
m = heapq.merge(src('A', [1, 4, 7]), src('B', [2, 5]), src('C', [3]))
print('made')
for v in m: print('got', v)
print(list(heapq.merge([1, 1, 2], [1, 2, 2], key=lambda x: -x)))
print(list(heapq.merge([5, 3, 1], [4, 2], [6, 0], reverse=True)), list(heapq.merge()), list(heapq.merge([], [1])))
print(list(heapq.merge(['a', 'bbb'], ['cc', 'dddd'], key=len)))
a = [1, 2, 4, 4, 8]
print([bisect.bisect(a, x) for x in range(10)], [bisect.bisect_left(a, x) for x in range(10)])
bisect.insort(a, 3); bisect.insort_left(a, 4); bisect.insort(a, 4, lo=4, hi=5); print(a)
class L(list):
    def insert(self, i, x): print('insert', i, x); super().insert(i, x)
l = L([1, 3]); bisect.insort(l, 2); print(l)
recs = [('a', 1), ('b', 3), ('c', 5)]
print(bisect.bisect(recs, 3, key=lambda r: r[1]), bisect.bisect_left(recs, 3, key=lambda r: r[1]))
bisect.insort(recs, ('d', 4), key=lambda r: r[1]); print(recs)
log.clear(); bisect.bisect(vals[:6], K(4, 'q'), 1, 5); print(log)
try: heapq.heappush(h, 'str')
except TypeError as e: print(e)

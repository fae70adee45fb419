# min-version: 3.12
# statistics.NormalDist: pdf/cdf/inv_cdf/quantiles/overlap/zscore bit for bit, from_samples, seeded samples, arithmetic, equality, errors.
from statistics import NormalDist, StatisticsError
from fractions import Fraction

d = NormalDist(100, 15)
print(d, repr(d), d.mean, d.median, d.mode, d.stdev, d.variance)
for x in (40, 85, 100, 115.5, 160, 1e10, -1e10):
    print(x, d.pdf(x), d.cdf(x), d.zscore(x))
for p in (1e-300, 1e-10, 0.001, 0.025, 0.3, 0.5, 0.57, 0.9, 0.975, 0.999999, 1 - 1e-16):
    print(p, d.inv_cdf(p), NormalDist().inv_cdf(p))
print(d.quantiles(), d.quantiles(10), NormalDist(0, 1).quantiles(n=3))
print(NormalDist(2.4, 1.6).overlap(NormalDist(3.2, 2.0)), NormalDist(0, 1).overlap(NormalDist(1, 1)), d.overlap(d))
s = NormalDist.from_samples([2.5, 3.25, 5.5, 11.25, 11.75])
print(s, NormalDist.from_samples([1, 2, 3, 4, Fraction(1, 3)]), type(s).__name__)
print(NormalDist(5, 2).samples(4, seed=42), len(NormalDist().samples(3)))
print(d + 10, 10 + d, d - 5, 5 - d, d * 2, 2 * d, d * -3, d / 4, -d, +d, d + NormalDist(1, 20), d - NormalDist(1, 20))
print(d == NormalDist(100.0, 15.0), d == NormalDist(100, 14), d != 3, hash(d) == hash(NormalDist(100, 15)), NormalDist(1, 0))
for bad in (lambda: NormalDist(0, -1), lambda: NormalDist(1, 0).pdf(1), lambda: NormalDist(1, 0).cdf(1), lambda: NormalDist(1, 0).zscore(1),
            lambda: d.inv_cdf(0), lambda: d.inv_cdf(1.5), lambda: d.overlap(3), lambda: NormalDist(1, 0).overlap(d),
            lambda: NormalDist.from_samples([1]), lambda: d / 0, lambda: d + 'x', lambda: d.pdf('x')):
    try:
        print(bad())
    except (StatisticsError, TypeError, ZeroDivisionError) as e:
        print(type(e).__name__, e)

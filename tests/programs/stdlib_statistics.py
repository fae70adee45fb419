# min-version: 3.12
# statistics: exact means/variances over ints, floats and Fractions (bit-for-bit floats), medians, modes, quantiles, two-variable functions, errors.
import statistics as st
from statistics import StatisticsError
from fractions import Fraction as F

ints = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9]
floats = [0.1, 0.2, 0.3, 0.4, 1e-17, 3.3333333333333335, 2.5, 7.25]
fracs = [F(1, 3), F(2, 7), F(5, 11), F(-1, 2)]
mixed = [1, 2.5, F(1, 4), True]
big = [10**20 + i for i in range(7)] + [1e20]
datasets = [ints, floats, fracs, mixed, big, [1e308, 1e308, -1e308], [0.1] * 10, [3], [1, 2]]
for d in datasets:
    for f in (st.mean, st.fmean, st.median, st.median_low, st.median_high, st.median_grouped, st.mode, st.multimode,
              st.variance, st.pvariance, st.stdev, st.pstdev, st.geometric_mean, st.harmonic_mean):
        try:
            r = f(d)
            print(f.__name__, repr(r), type(r).__name__)
        except (StatisticsError, ValueError, TypeError, OverflowError, AttributeError) as e:
            print(f.__name__, type(e).__name__, e)
print(st.mean(iter([1, 2, 3, 4])), st.mean((F(1), 2)), st.mean([True, False]), st.mean(range(10**6)))
print(st.fmean([1, 2, 3], weights=[3, 2, 1]), st.fmean(iter([0.5, 0.25])), st.fmean((x / 7 for x in range(20))))
print(st.harmonic_mean([40, 60], weights=[5, 30]), st.harmonic_mean([2.5, 3, 10]), st.harmonic_mean([1, 0, 2]), st.harmonic_mean([F(1, 2), F(1, 3)]))
print(st.variance(ints, st.mean(ints)), st.pvariance(floats, mu=0.5), st.stdev(fracs, F(1, 10)), st.pstdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]))
print(st.variance([F(1, 4), F(5, 4), F(1, 2)]), st.pvariance([1, 2, 3, 4]), st.variance([1, 3]), st.pstdev([5]), st.stdev([2, 4]))
print(st.stdev([1.0, 2.0, 3.0, 4.0, 5.5]), st.stdev(range(1, 100)), st.pstdev([0.1] * 7), st.stdev([1e-300, 2e-300, 3e-300]))
print(st.median_grouped([52, 52, 53, 54]), st.median_grouped([1, 3, 3, 5, 7], interval=1), st.median_grouped([1, 3, 3, 5, 7], interval=2), st.median_grouped([2.5, 1.5]))
print(st.mode(['red', 'blue', 'blue', 'red', 'green']), st.multimode('aabbbbccddddeeffffgg'), st.multimode(''), st.mode([1.0, 1, True]))
print(st.quantiles([105, 129, 87, 86, 111, 111, 89, 81, 108, 92, 110, 100, 75, 105, 103, 109, 76, 119, 99, 91, 103, 129, 106, 101, 84, 111, 74, 87, 86, 103, 103, 106, 86, 111, 75, 87, 102, 121, 111, 88, 89, 101, 106, 95, 103, 107, 101, 81, 109, 104], n=10))
print(st.quantiles([1, 2, 3, 4, 5], n=4, method='inclusive'), st.quantiles([F(1, 2), 3, 7.5]), st.quantiles([1, 2], n=1), st.quantiles(range(9), n=3))
print(st.covariance([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 1, 2, 3, 1, 2, 3]), st.covariance([0.1, 0.2], [5, 7]))
print(st.correlation([1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3, 2, 1]), st.correlation([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]))
print(st.correlation([1, 2, 3, 4, 5], [1, 4, 9, 16, 25], method='ranked'), st.correlation([1, 1, 2, 3, 5], [8, 13, 21, 21, 34], method='ranked'))
lr = st.linear_regression([1, 2, 3, 4, 5], [3, 5, 7, 9, 11.5])
print(lr, lr.slope, lr.intercept, st.linear_regression([1, 2, 3], [2, 4, 6.5], proportional=True), type(lr).__name__)
errors = [
    lambda: st.mean([]), lambda: st.fmean([]), lambda: st.fmean([1, 2], weights=[1]), lambda: st.fmean([1], weights=[0]),
    lambda: st.median([]), lambda: st.mode([]), lambda: st.variance([1]), lambda: st.pvariance([]), lambda: st.stdev([]),
    lambda: st.pstdev([]), lambda: st.harmonic_mean([]), lambda: st.harmonic_mean([-1]), lambda: st.harmonic_mean([1, -2]),
    lambda: st.harmonic_mean([1, 2], weights=[1]), lambda: st.harmonic_mean(['a']), lambda: st.geometric_mean([]),
    lambda: st.geometric_mean([1, -1]), lambda: st.geometric_mean([0]), lambda: st.quantiles([1], n=4), lambda: st.quantiles([1, 2], n=0),
    lambda: st.quantiles([1, 2, 3], method='x'), lambda: st.covariance([1, 2], [1]), lambda: st.covariance([1], [1]),
    lambda: st.correlation([1, 1, 1], [1, 2, 3]), lambda: st.correlation([1, 2], [1, 2], method='x'),
    lambda: st.linear_regression([1, 1], [1, 2]), lambda: st.linear_regression([1], [2]), lambda: st.mean(['a', 'b']),
    lambda: st.mean([1, 'a']), lambda: st.median_grouped(['x', 'y']), lambda: st.median_grouped([1, 2], interval='z'),
    lambda: st.mean([1.5, F(1, 2), 2j]), lambda: st.variance([1, 2], 'c'),
]
for e in errors:
    try:
        print(repr(e()))
    except (StatisticsError, ValueError, TypeError, AttributeError) as ex:
        print(type(ex).__name__, ex)
print(issubclass(StatisticsError, ValueError), StatisticsError.__module__, sorted(st.__all__))

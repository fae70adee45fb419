# needs: cpython-library
# StatisticsError and friends raised inside statistics.py: its frames.
import statistics
import traceback
from statistics import NormalDist

cases = [
    lambda: statistics.mean([]),
    lambda: statistics.fmean([]),
    lambda: statistics.fmean(iter(())),
    lambda: statistics.median([]),
    lambda: statistics.median_low(()),
    lambda: statistics.median_high([]),
    lambda: statistics.median_grouped([]),
    lambda: statistics.mode([]),
    lambda: statistics.multimode([]),
    lambda: statistics.stdev([5]),
    lambda: statistics.variance([]),
    lambda: statistics.pstdev([]),
    lambda: statistics.pvariance([]),
    lambda: statistics.quantiles([1]),
    lambda: statistics.quantiles([1, 2, 3], n=0),
    lambda: statistics.quantiles([1, 2, 3], method='middle'),
    lambda: statistics.harmonic_mean([]),
    lambda: statistics.harmonic_mean([-4]),
    lambda: statistics.harmonic_mean([2, -4, 5]),
    lambda: statistics.harmonic_mean([1, 2], weights=[1]),
    lambda: statistics.geometric_mean([]),
    lambda: statistics.geometric_mean([3, 0]),
    lambda: statistics.fmean([1, 2, 3], weights=[1, 2]),
    lambda: statistics.fmean([1, 2], weights=[0, 0]),
    lambda: statistics.correlation([1], [2]),
    lambda: statistics.correlation([1, 2, 3], [2, 4]),
    lambda: statistics.correlation([1, 2], [3, 4], method='spearman'),
    lambda: statistics.correlation([1, 1, 1], [2, 3, 4]),
    lambda: statistics.covariance([1], [2]),
    lambda: statistics.covariance([1, 2], [1]),
    lambda: statistics.linear_regression([1], [2]),
    lambda: statistics.linear_regression([1, 2], [2]),
    lambda: statistics.linear_regression([2, 2, 2], [1, 2, 3]),
    lambda: NormalDist(0, -1),
    lambda: NormalDist.from_samples([1.5]),
    lambda: statistics.median([3, 'x', 1]),
    lambda: statistics.median_low(None),
    lambda: statistics.median_high([2, None]),
    lambda: statistics.median_grouped(['a', 2]),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except Exception as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())


def average(scores):
    return statistics.mean(scores)


print(average([3, 4, 8]))
print(average([s for s in [3, 4, 8] if s > 10]))

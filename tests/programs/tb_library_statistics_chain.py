# needs: cpython-library
# correlation() of a constant input: the ZeroDivisionError inside
# statistics.py, then the StatisticsError raised while handling it.
import statistics

print(round(statistics.correlation([1, 2, 3], [2, 4, 7]), 6))
print(statistics.correlation([1, 2, 3], [5, 5, 5]))

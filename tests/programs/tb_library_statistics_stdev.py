# needs: cpython-library
# An uncaught StatisticsError from statistics.stdev.
import statistics

samples = {"a": [2.5, 3.5, 4.0], "b": [7.0]}
for name in sorted(samples):
    print(name, round(statistics.stdev(samples[name]), 4))

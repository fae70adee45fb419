# needs: cpython-library
# Errors raised in _strptime.py, string.py, calendar.py and
# collections/__init__.py.
import calendar
import collections
import datetime
import string
import time
import traceback


class Loud:
    def __str__(self):
        raise RuntimeError("no text for you")


class Percent(string.Template):
    delimiter = '%'


cases = [
    lambda: datetime.datetime.strptime('2024-13-01', '%Y-%m-%d'),
    lambda: datetime.datetime.strptime('2024-01-01 extra', '%Y-%m-%d'),
    lambda: datetime.datetime.strptime('2024', '%Q'),
    lambda: datetime.datetime.strptime('2024', '%Y %'),
    lambda: datetime.datetime.strptime('2023-02-29', '%Y-%m-%d'),
    lambda: time.strptime('noon', '%H:%M'),
    lambda: time.strptime(1200, '%H%M'),
    lambda: string.Template('Hello $name').substitute(),
    lambda: string.Template('$a and $b').substitute(a=1),
    lambda: string.Template('cost: $5').substitute(),
    lambda: string.Template('$who').substitute(who=Loud()),
    lambda: string.Template('$who').safe_substitute(who=Loud()),
    lambda: string.Template('$x').safe_substitute(42),
    lambda: Percent('%a%%').substitute(),
    lambda: Percent('100%').substitute(),
    lambda: collections.namedtuple('Point', 'x 2y'),
    lambda: collections.namedtuple('Point', 'x def'),
    lambda: collections.namedtuple('Point', ['x', '_y']),
    lambda: collections.namedtuple('Point', 'x y x'),
    lambda: collections.namedtuple('Point', 'x y', defaults=(1, 2, 3)),
    lambda: collections.namedtuple('Point', 7),
    lambda: collections.namedtuple('class', 'x'),
    lambda: collections.namedtuple('Point', 'x y')._make([1]),
    lambda: collections.namedtuple('Point', 'x y')(1, 2)._replace(z=3),
    lambda: calendar.monthrange(2024, 13),
    lambda: calendar.month_name[13],
    lambda: calendar.day_abbr[7],
    lambda: calendar.weekday(2023, 2, 29),
    lambda: collections.Counter(42),
    lambda: collections.Counter([[1], [2]]),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except Exception as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())

print(datetime.datetime.strptime('2024-02-29', '%Y-%m-%d'))
print(datetime.datetime.strptime('29/02/2023', '%d/%m/%Y'))

# min-version: 3.12
# datetime.date: construction and range errors, ordinals, weekdays, ISO calendar, isoformat/fromisoformat, strftime/__format__, ctime, replace, arithmetic with timedelta, comparisons and hashing, subclasses.
import datetime
from datetime import date, timedelta, MINYEAR, MAXYEAR

def attempt(label, f):
    try:
        r = f()
        print(label, '->', repr(r))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

print(MINYEAR, MAXYEAR, date.min, date.max, date.resolution, repr(date.min))
d = date(2024, 2, 29)
print(d, repr(d), d.year, d.month, d.day, d.weekday(), d.isoweekday(), d.toordinal(), d.ctime())
print(d.isoformat(), str(d), d.timetuple(), d.isocalendar(), tuple(d.isocalendar()))
ic = d.isocalendar()
print(ic.year, ic.week, ic.weekday, ic[0], ic == (2024, 9, 4), len(ic), type(ic).__name__)
for y, m, dd in [(1, 1, 1), (9999, 12, 31), (2000, 2, 29), (1900, 3, 1), (2020, 12, 31), (2021, 1, 1),
                 (2015, 12, 31), (2016, 1, 3), (2008, 12, 29), (2010, 1, 3), (1970, 1, 1), (2026, 11, 21)]:
    x = date(y, m, dd)
    print(x, x.toordinal(), x.weekday(), x.isocalendar(), date.fromordinal(x.toordinal()) == x,
          x.strftime('%a %A %b %B %d %j %m %U %W %w %y %Y %G %V %u %%'))
for n in [1, 2, 365, 366, 730119, 730120, 736330, 3652059]:
    print(n, date.fromordinal(n))
for s in ['2024-03-05', '20240305', '2024-W10', '2024W10', '2024-W10-3', '2024W103', '2020-W53-7', '0001-01-01']:
    print(s, date.fromisoformat(s))
for args in [(2024, 1, 1), (2020, 53, 7), (2004, 53, 1), (2024, 52, 7)]:
    print(args, date.fromisocalendar(*args))
print(d.replace(day=1), d.replace(2023, 3), d.replace(year=2028), d.replace())
print(format(d, ''), format(d, '%d/%m/%Y'), f'{d:%Y-%m}', '{:%b %d}'.format(d), d.strftime(''), d.strftime('%H:%M:%S %f %z|%Z|'))
print(date(5, 1, 1).strftime('%Y %y'), date(999, 1, 1).isoformat(), date(33, 3, 3).ctime())

one = timedelta(days=1)
print(d + one, one + d, d - one, d + timedelta(days=366), d - timedelta(days=10000), d + timedelta(hours=47), d - timedelta(seconds=1))
print(date(2024, 3, 1) - date(2024, 2, 1), date(2000, 1, 1) - date(2024, 1, 1), repr(d - d))
print(d == date(2024, 2, 29), d != date(2024, 2, 29), d < date(2024, 3, 1), d > date(2024, 3, 1), d <= d, d >= date(2025, 1, 1))
print(d == 3, d != 'x', d == datetime.datetime(2024, 2, 29))
print(sorted([date(2024, 1, 2), date(2023, 5, 6), date(2024, 1, 1)]), max(date(1, 1, 1), date(2, 2, 2)))
print(hash(d), hash(date(2024, 1, 1)), hash(date.min), hash(date.max))
s = {date(2024, 1, i) for i in range(1, 10)}
print(s)
print({date(2020, 1, 1): 'a', date(2020, 1, 1) + timedelta(0): 'b'})
print(d.__reduce__(), date.fromordinal(730000).__reduce__())

class MyDate(date):
    def hello(self):
        return 'hello ' + self.isoformat()
md = MyDate(2024, 5, 6)
print(repr(md), md, md.hello(), type(md + one).__name__, type(md - one).__name__, type(md.replace(day=1)).__name__)
print(type(MyDate.fromordinal(5)).__name__, type(MyDate.fromisoformat('2020-01-02')).__name__, type(MyDate.fromisocalendar(2020, 1, 1)).__name__)
print(type(MyDate.today()).__name__, md == date(2024, 5, 6), md - date(2024, 5, 1), isinstance(md, date))
class Named(date):
    def __new__(cls, y, m, d, name='x'):
        self = super().__new__(cls, y, m, d)
        self.name = name
        return self
    def __repr__(self):
        return f'Named({self.isoformat()}, {self.name})'
n = Named(2020, 1, 1, 'first')
print(n, repr(n + one), n.name, (n + one).name, vars(n))

t = date.today()
print(type(t).__name__, t > date(2020, 1, 1), t == date.fromtimestamp(__import__('time').time()) or True)
print(date.fromtimestamp(0) in (date(1970, 1, 1), date(1969, 12, 31)), date.fromtimestamp(86400 * 365.5))

for label, f in [
    ('y0', lambda: date(0, 1, 1)), ('y10000', lambda: date(10000, 1, 1)), ('m13', lambda: date(2020, 13, 1)),
    ('m0', lambda: date(2020, 0, 1)), ('d32', lambda: date(2020, 1, 32)), ('feb29', lambda: date(2023, 2, 29)),
    ('d0', lambda: date(2020, 1, 0)), ('float', lambda: date(2020, 1, 1.0)), ('str', lambda: date('2020', 1, 1)),
    ('missing', lambda: date(2020, 1)), ('none', lambda: date()), ('many', lambda: date(1, 2, 3, 4)),
    ('kw', lambda: date(2020, 1, 1, x=1)), ('kwonly', lambda: date(year=2020, month=2, day=3)),
    ('dup', lambda: date(2020, 1, day=1, month=2)), ('bad kw', lambda: date(2020, 1, days=1)),
    ('big', lambda: date(2**31, 1, 1)), ('huge', lambda: date(2**70, 1, 1)),
    ('ord0', lambda: date.fromordinal(0)), ('ordmax', lambda: date.fromordinal(3652060)),
    ('iso bad', lambda: date.fromisoformat('2020-1-1')), ('iso type', lambda: date.fromisoformat(20200101)),
    ('iso dt', lambda: date.fromisoformat('2020-01-01T00:00')), ('iso empty', lambda: date.fromisoformat('')),
    ('iso month', lambda: date.fromisoformat('2020-13-01')), ('iso sep', lambda: date.fromisoformat('2020-0101')),
    ('isocal week', lambda: date.fromisocalendar(2021, 53, 1)), ('isocal day', lambda: date.fromisocalendar(2021, 1, 0)),
    ('isocal year', lambda: date.fromisocalendar(0, 1, 1)), ('isocal max', lambda: date.fromisocalendar(9999, 52, 7)),
    ('overflow+', lambda: date.max + timedelta(1)), ('overflow-', lambda: date.min - timedelta(1)),
    ('add int', lambda: d + 1), ('add date', lambda: d + d), ('sub int', lambda: d - 1), ('neg', lambda: -d),
    ('lt int', lambda: d < 1), ('lt dt', lambda: d < datetime.datetime(2020, 1, 1)),
    ('replace bad', lambda: d.replace(month=2, day=30)), ('replace kw', lambda: d.replace(hour=1)),
    ('strftime int', lambda: d.strftime(1)), ('format int', lambda: d.__format__(1)),
    ('format bad', lambda: format(d, 1)), ('isoformat arg', lambda: d.isoformat('T')),
    ('fromts str', lambda: date.fromtimestamp('x')), ('fromts big', lambda: date.fromtimestamp(1e20)),
    ('fromts nan', lambda: date.fromtimestamp(float('nan'))), ('attr', lambda: d.hour),
    ('set year', lambda: setattr(d, 'year', 1)), ('weekday arg', lambda: d.weekday(1)),
]:
    attempt(label, f)

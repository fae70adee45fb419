# min-version: 3.12
# datetime.datetime and datetime.time: construction, reprs, isoformat/fromisoformat, strftime/strptime, combine, arithmetic, naive/aware comparison rules, hashing, timestamps with fixed zones, subclasses.
from datetime import datetime, date, time, timedelta, timezone, UTC
import datetime as dtmod

def attempt(label, f):
    try:
        r = f()
        print(label, '->', repr(r))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

print(datetime.min, datetime.max, datetime.resolution, time.min, time.max, time.resolution)
dt = datetime(2024, 3, 10, 14, 5, 9, 123456)
for x in [dt, datetime(2024, 1, 1), datetime(2024, 1, 1, 1), datetime(2024, 1, 1, 0, 0, 5), datetime(1, 1, 1, 0, 0, 0, 1),
          datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 1, fold=1), datetime(2024, 5, 6, 7, 8, tzinfo=timezone(timedelta(hours=-5)), fold=1)]:
    print(repr(x), str(x), x.isoformat(), x.date(), x.time(), repr(x.timetz()), x.ctime(), x.weekday(), x.toordinal())
print(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, dt.tzinfo, dt.fold)
for spec in ['auto', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds']:
    print(spec, dt.isoformat(timespec=spec), dt.isoformat(' ', spec), datetime(2024, 1, 1).isoformat(timespec=spec), time(1, 2, 3, 999).isoformat(spec))
print(dt.isoformat('_'), dt.isoformat(sep='x'))
print(dt.strftime('%Y-%m-%d %H:%M:%S.%f %I %p %a %A %b %B %c %x %X %j %U %W %y %G %V %u %w %%'))
print(dt.strftime('%z|%:z|%Z'), dt.replace(tzinfo=timezone(timedelta(hours=5, minutes=30))).strftime('%z|%:z|%Z'))
print(datetime(2024, 1, 1, tzinfo=timezone(-timedelta(seconds=3661, microseconds=5), 'A%B')).strftime('%z %:z %Z %f'))
print(format(dt, '%d.%m.%Y'), f'{dt:%H:%M}', f'{dt}', format(dt, ''), '{:%Y}'.format(dt))
print(dt.timetuple(), dt.utctimetuple(), tuple(dt.timetuple())[6:])
print(datetime(2024, 7, 1, 12, tzinfo=timezone(timedelta(hours=2))).utctimetuple())

t = time(13, 45, 30, 500)
for x in [t, time(), time(1), time(1, 2), time(1, 2, 3), time(0, 0, 0, 1), time(12, tzinfo=timezone.utc), time(5, fold=1),
          time(23, 59, 59, 999999, timezone(timedelta(hours=-3, minutes=-30), 'NST'))]:
    print(repr(x), str(x), x.isoformat(), x.hour, x.minute, x.second, x.microsecond, x.tzinfo, x.fold, x.utcoffset(), x.dst(), x.tzname(), bool(x))
print(t.strftime('%H|%M|%S|%f|%p|%I|%Y|%m|%d|%j|%z|%Z'), format(t, '%H.%M'), f'{t}')
print(t.replace(hour=1), t.replace(microsecond=0), t.replace(tzinfo=timezone.utc), repr(t.replace(fold=1)))
for s in ['12', '1230', '12:30', '123045', '12:30:45', '12:30:45.5', '12:30:45.123', '12:30:45.1234567', '12:30:45,25',
          'T12:30', '12:30Z', '12:30+05:30', '12:30-0130', '12:30:45+01:02:03', '12:30:45.5+01:00:00.250']:
    print(s, repr(time.fromisoformat(s)))
for s in ['2024-03-10', '2024-03-10T12', '2024-03-10 12:30', '2024-03-10T12:30:45.123456', '20240310T123045',
          '2024-03-10T12:30:45Z', '2024-03-10T12:30:45+02:00', '2024-W10-7T08:00', '2024W107T0800', '2024-W10T01',
          '2024-03-10T12:30:45.123-05:00', '2024-03-10x12:30']:
    print(s, repr(datetime.fromisoformat(s)))
for x in [dt, datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=1))), datetime(2024, 1, 1, 0, 0, 0, 1, UTC)]:
    print(datetime.fromisoformat(x.isoformat()) == x, date.fromisoformat(x.date().isoformat()))

print(repr(datetime.strptime('2024-03-10 14:05:09', '%Y-%m-%d %H:%M:%S')))
print(repr(datetime.strptime('10/03/24 2:05 PM', '%d/%m/%y %I:%M %p')))
print(repr(datetime.strptime('Sun Mar 10 14:05:09 2024', '%c')), repr(datetime.strptime('03/10/24', '%x')))
print(repr(datetime.strptime('2024-03-10T14:05:09.5+0530', '%Y-%m-%dT%H:%M:%S.%f%z')))
print(repr(datetime.strptime('2024-03-10 14:05 -01:30:15.5', '%Y-%m-%d %H:%M %z')))
print(repr(datetime.strptime('2024-03-10 Z', '%Y-%m-%d %z')), repr(datetime.strptime('2024 UTC', '%Y %Z')))
print(repr(datetime.strptime('March 5 2023', '%B %d %Y')), repr(datetime.strptime('2023 45 1', '%Y %W %w')))
print(repr(datetime.strptime('2023-W07-3', '%G-W%V-%u')), repr(datetime.strptime('123', '%j')), repr(datetime.strptime('', '')))

d = date(2024, 3, 10)
print(repr(datetime.combine(d, t)), repr(datetime.combine(d, time(1, tzinfo=UTC))), repr(datetime.combine(d, t, UTC)))
print(repr(datetime.combine(dt, t)), repr(datetime.combine(date=d, time=time(fold=1))))

h = timedelta(hours=1)
print(dt + h, h + dt, dt - h, dt + timedelta(days=400, microseconds=999999), dt - timedelta(microseconds=123457))
print(dt - datetime(2024, 1, 1), datetime(2024, 1, 1) - dt, repr(dt - dt))
a = datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
b = datetime(2024, 1, 1, 10, tzinfo=UTC)
c = datetime(2024, 1, 1, 5, tzinfo=timezone(timedelta(hours=-5)))
print(a == b, a - b, b - c, a < c, sorted([c, a, b]) == [a, b, c], hash(a) == hash(b), a.timestamp(), c.timestamp())
print(repr(a + h), (a + h).tzinfo is a.tzinfo, repr(a - timedelta(days=1)))
print(datetime(2024, 1, 1) == datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1) != datetime(2024, 1, 1, tzinfo=UTC))
print(dt == d, dt != d, d == dt, dt == 5, datetime(2024, 3, 10) == date(2024, 3, 10))
print(time(12) == time(12, tzinfo=UTC), time(12, tzinfo=UTC) == time(13, tzinfo=timezone(h)), time(12, tzinfo=UTC) < time(12, 30, tzinfo=timezone(h)))
print(time(1) < time(2), time(1, 2) >= time(1, 2), time(5) == 5, sorted([time(3), time(1), time(2)]))
print(hash(dt), hash(datetime(2024, 1, 1)), hash(t), hash(time()), hash(time(12, tzinfo=UTC)) == hash(time(13, tzinfo=timezone(h))))
print(hash(datetime(2024, 1, 1, fold=1)) == hash(datetime(2024, 1, 1)), hash(time(1, fold=1)) == hash(time(1)))
print({datetime(2024, 1, i, i) for i in range(1, 8)})
print(datetime.fromtimestamp(0, UTC), datetime.fromtimestamp(1700000000.5, timezone(timedelta(hours=9))), datetime.fromtimestamp(-1.25, UTC))
print(datetime.fromtimestamp(1e9 + 0.0000005, UTC).microsecond, datetime.fromtimestamp(1e9 + 0.0000015, UTC).microsecond)
print(datetime(2000, 1, 1, tzinfo=UTC).timestamp(), datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC).timestamp())
print(dt.replace(year=2000), dt.replace(month=2, day=29), repr(dt.replace(tzinfo=UTC)), repr(dt.replace(fold=1)), dt.replace() == dt)
print(dt.__reduce__(), t.__reduce__(), datetime(2024, 1, 1, fold=1).__reduce_ex__(4), a.__reduce__())
print(datetime(b'\x07\xe8\x03\n\x0e\x05\t\x01\xe2@'), repr(time(b'\r-\x1e\x00\x01\xf4', UTC)))

class MyDT(datetime):
    def __repr__(self):
        return 'MyDT<' + self.isoformat() + '>'
m = MyDT(2024, 1, 31, 23)
print(m, repr(m), repr(m + h), repr(m - h), type(m - m).__name__, repr(m.replace(day=1)), type(m.date()).__name__)
print(repr(MyDT.combine(d, t)), repr(MyDT.fromisoformat('2020-01-01')), repr(MyDT.fromordinal(1)), repr(MyDT.strptime('2020', '%Y')))
print(type(MyDT.now()).__name__, type(MyDT.today()).__name__, repr(MyDT.fromtimestamp(0, UTC)), repr(m.astimezone(UTC).replace(tzinfo=None)) if False else '')
class MyTime(time):
    pass
mt = MyTime(1, 2)
print(repr(mt), repr(mt.replace(hour=3)), repr(MyTime.fromisoformat('04:05')), isinstance(mt, time))

now = datetime.now()
print(type(now).__name__, now.tzinfo, now > datetime(2020, 1, 1), type(datetime.now(UTC).tzinfo).__name__, datetime.now(UTC).utcoffset())
print(type(datetime.today()).__name__, abs(datetime.now() - datetime.today()) < timedelta(seconds=5))
print(datetime.fromtimestamp(now.timestamp()) == now)

for label, f in [
    ('hour', lambda: datetime(2024, 1, 1, 24)), ('minute', lambda: datetime(2024, 1, 1, 0, 60)),
    ('second', lambda: datetime(2024, 1, 1, 0, 0, 60)), ('us', lambda: datetime(2024, 1, 1, 0, 0, 0, 10**6)),
    ('fold', lambda: datetime(2024, 1, 1, fold=2)), ('tz', lambda: datetime(2024, 1, 1, tzinfo=1)),
    ('pos fold', lambda: datetime(2024, 1, 1, 1, 2, 3, 4, None, 0)), ('missing', lambda: datetime(2024)),
    ('bad kw', lambda: datetime(2024, 1, 1, foo=1)), ('t hour', lambda: time(-1)), ('t us', lambda: time(0, 0, 0, -1)),
    ('t tz', lambda: time(1, 2, 3, 4, 5)), ('t fold', lambda: time(fold=-1)), ('t kw', lambda: time(hours=1)),
    ('naive-aware cmp', lambda: datetime(2024, 1, 1) < datetime(2024, 1, 1, tzinfo=UTC)),
    ('naive-aware sub', lambda: datetime(2024, 1, 1) - datetime(2024, 1, 1, tzinfo=UTC)),
    ('dt date cmp', lambda: dt < d), ('date dt cmp', lambda: d >= dt), ('time cmp', lambda: time(1) < time(1, tzinfo=UTC)),
    ('time int', lambda: time(1) < 1), ('time add', lambda: time(1) + h), ('dt add dt', lambda: dt + dt),
    ('dt sub date', lambda: dt - d), ('date sub dt', lambda: d - dt), ('overflow', lambda: datetime.max + h),
    ('underflow', lambda: datetime.min - timedelta(microseconds=1)), ('sep', lambda: dt.isoformat('ab')),
    ('sep int', lambda: dt.isoformat(1)), ('timespec', lambda: dt.isoformat(timespec='nanoseconds')),
    ('t timespec', lambda: t.isoformat('x')), ('iso bad', lambda: datetime.fromisoformat('2024-03-10T25:00')),
    ('iso junk', lambda: datetime.fromisoformat('2024-03-10T12:30:45junk')), ('iso T', lambda: datetime.fromisoformat('2024-03-10T')),
    ('iso type', lambda: datetime.fromisoformat(None)), ('t iso', lambda: time.fromisoformat('12:3')),
    ('t iso tz', lambda: time.fromisoformat('12:30+5')), ('t iso dot', lambda: time.fromisoformat('12:30:00.')),
    ('t iso 24', lambda: time.fromisoformat('24:00')), ('strptime nomatch', lambda: datetime.strptime('x', '%Y')),
    ('strptime extra', lambda: datetime.strptime('2024x', '%Y')), ('strptime type', lambda: datetime.strptime(1, '%Y')),
    ('strptime type2', lambda: datetime.strptime('1', 2)), ('strptime bad dir', lambda: datetime.strptime('1', '%Q')),
    ('strptime feb29', lambda: datetime.strptime('Feb 29', '%b %d')), ('strptime range', lambda: datetime.strptime('2023-02-30', '%Y-%m-%d')),
    ('strptime stray', lambda: datetime.strptime('1', '%')), ('combine', lambda: datetime.combine(1, t)),
    ('combine2', lambda: datetime.combine(d, 1)), ('combine3', lambda: datetime.combine(d)),
    ('fromts tz', lambda: datetime.fromtimestamp(0, 1)), ('fromts str', lambda: datetime.fromtimestamp('0')),
    ('fromts nan', lambda: datetime.fromtimestamp(float('nan'))), ('fromts inf', lambda: datetime.fromtimestamp(float('inf'))),
    ('now tz', lambda: datetime.now(5)), ('replace', lambda: dt.replace(hour=25)), ('replace fold', lambda: dt.replace(fold=3)),
    ('replace tz', lambda: dt.replace(tzinfo='x')), ('t replace', lambda: t.replace(minute=61)),
    ('strftime', lambda: dt.strftime(None)), ('t strftime', lambda: t.strftime(b'%H')), ('set hour', lambda: setattr(dt, 'hour', 1)),
    ('astimezone bad', lambda: dt.astimezone(5)), ('utcoffset arg', lambda: dt.utcoffset(1)),
]:
    attempt(label, f)

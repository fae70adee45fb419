# min-version: 3.12
# datetime time zones: timezone (utc, fixed offsets, names, min/max), tzinfo subclasses with DST rules, astimezone/fromutc, utcoffset/dst/tzname checks, local time under a POSIX TZ, fold, copy/deepcopy and the pickle protocol (__reduce_ex__).
import copy, os, time as _time
from datetime import datetime, date, time, timedelta, timezone, tzinfo, UTC
import datetime as dtmod

def attempt(label, f):
    try:
        r = f()
        print(label, '->', repr(r))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

print(repr(timezone.utc), timezone.utc, UTC is timezone.utc, dtmod.UTC is dtmod.timezone.utc, timezone.min, timezone.max, repr(timezone.max))
for tz in [timezone(timedelta(0)), timezone(timedelta(0), 'UTC'), timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=3)),
           timezone(timedelta(hours=1), 'CET'), timezone(timedelta(seconds=3661)), timezone(timedelta(seconds=-1, microseconds=999999)),
           timezone(name='Z', offset=timedelta(minutes=-90))]:
    print(repr(tz), str(tz), tz.utcoffset(None), tz.dst(None), tz.tzname(None), tz.tzname(datetime(2020, 1, 1)), hash(tz) == hash(tz.utcoffset(None)), tz.__getinitargs__())
print(timezone(timedelta(0)) is timezone.utc, timezone(timedelta(hours=1)) == timezone(timedelta(hours=1), 'X'), timezone.utc == UTC, timezone.utc != 5, timezone.utc == 5)
print({timezone(timedelta(hours=1)), timezone(timedelta(minutes=60), 'A')}, isinstance(UTC, tzinfo))
print(UTC.fromutc(datetime(2024, 1, 1, tzinfo=UTC)), (lambda z: z.fromutc(datetime(2024, 1, 1, 23, tzinfo=z)))(timezone(timedelta(hours=2))))

class Fixed(tzinfo):
    def __init__(self, minutes=0, name="UTC"):
        self._off = timedelta(minutes=minutes)
        self._name = name
    def utcoffset(self, dt):
        return self._off
    def tzname(self, dt):
        return self._name
    def dst(self, dt):
        return timedelta(0)
    def __repr__(self):
        return f'Fixed({self._name})'

def first_sunday_on_or_after(d):
    return d + timedelta(days=(6 - d.weekday()))

class USEastern(tzinfo):
    std = timedelta(hours=-5)
    def __repr__(self):
        return 'USEastern()'
    def _bounds(self, year):
        start = first_sunday_on_or_after(datetime(year, 3, 8, 2))
        end = first_sunday_on_or_after(datetime(year, 11, 1, 2))
        return start, end
    def dst(self, dt):
        if dt is None or dt.tzinfo is None:
            return timedelta(0)
        start, end = self._bounds(dt.year)
        naive = dt.replace(tzinfo=None)
        if start + timedelta(hours=1) <= naive < end - timedelta(hours=1):
            return timedelta(hours=1)
        if end - timedelta(hours=1) <= naive < end:
            return timedelta(0) if dt.fold else timedelta(hours=1)
        if start <= naive < start + timedelta(hours=1):
            return timedelta(hours=1) if dt.fold else timedelta(0)
        return timedelta(0)
    def utcoffset(self, dt):
        return self.std + self.dst(dt)
    def tzname(self, dt):
        return 'EDT' if self.dst(dt) else 'EST'
    def fromutc(self, dt):
        start, end = self._bounds(dt.year)
        start = start.replace(tzinfo=self) - self.std
        end = end.replace(tzinfo=self) - self.std - timedelta(hours=1)
        std_time = dt + self.std
        dst_time = std_time + timedelta(hours=1)
        if end <= dt.replace(tzinfo=self) < end + timedelta(hours=1):
            return std_time.replace(fold=1)
        if start <= dt.replace(tzinfo=self) < end:
            return dst_time
        return std_time

east = USEastern()
ist = Fixed(330, 'IST')
for x in [datetime(2024, 1, 15, 12, tzinfo=east), datetime(2024, 7, 4, 12, tzinfo=east), datetime(2024, 11, 3, 1, 30, tzinfo=east),
          datetime(2024, 11, 3, 1, 30, tzinfo=east, fold=1), datetime(2024, 3, 10, 2, 30, tzinfo=east)]:
    print(repr(x), x, x.utcoffset(), x.dst(), x.tzname(), x.astimezone(UTC), x.timestamp(), x.strftime('%z %Z'), x.timetuple().tm_isdst)
u = datetime(2024, 11, 3, 4, 0, tzinfo=UTC)
for i in range(4):
    loc = (u + timedelta(minutes=30 * i)).astimezone(east)
    print(repr(loc), loc.tzname(), loc.astimezone(UTC) == u + timedelta(minutes=30 * i))
print(datetime(2024, 11, 3, 1, 30, tzinfo=east) == datetime(2024, 11, 3, 1, 30, tzinfo=east, fold=1))
print(datetime(2024, 11, 3, 1, 30, tzinfo=east) == datetime(2024, 11, 3, 5, 30, tzinfo=UTC), datetime(2024, 11, 3, 1, 30, tzinfo=east, fold=1) == datetime(2024, 11, 3, 6, 30, tzinfo=UTC))
a = datetime(2024, 6, 1, 12, tzinfo=ist)
print(repr(a), a, a.astimezone(east), a.astimezone(timezone(timedelta(hours=-2))), a - datetime(2024, 6, 1, 12, tzinfo=east), a.isoformat(), hash(a) == hash(a.astimezone(UTC)))
print(repr(a.astimezone(ist)), a.astimezone(ist) is a, repr(time(12, tzinfo=ist)), time(12, tzinfo=ist).utcoffset(), time(12, tzinfo=ist).isoformat())
print(repr(datetime.now(ist).tzinfo), datetime.fromtimestamp(0, ist), datetime.fromtimestamp(0, east), datetime.fromtimestamp(1720000000, east))
print(repr(copy.copy(a)), repr(copy.deepcopy(a)), copy.deepcopy(a).tzinfo is a.tzinfo, copy.deepcopy(a).tzinfo._name)
for x in [date(2024, 1, 2), datetime(2024, 1, 2, 3, 4, 5, 6), datetime(2024, 1, 2, tzinfo=UTC), datetime(2024, 1, 2, fold=1), time(1, 2, 3, 4),
          time(5, tzinfo=timezone(timedelta(hours=3), 'X')), timedelta(1, 2, 3), timezone(timedelta(hours=-1)), UTC]:
    for proto in (2, 4):
        r = x.__reduce_ex__(proto)
        y = r[0](*r[1])
        assert y == x and type(y) is type(x), (x, proto)
    print(repr(copy.copy(x)), repr(copy.deepcopy(x)), copy.deepcopy([x])[0] == x)
r = datetime(2024, 1, 1, fold=1).__reduce_ex__(4)
print(date(2024, 1, 2).isocalendar().__reduce__(), copy.copy(date(2024, 1, 2).isocalendar()))
print(r, repr(r[0](*r[1])))

class Bad(tzinfo):
    def __init__(self, off):
        self.off = off
    def utcoffset(self, dt):
        return self.off
    def dst(self, dt):
        return self.off
    def tzname(self, dt):
        return self.off
class Partial(tzinfo):
    pass
for label, f in [
    ('tz type', lambda: timezone(5)), ('tz name', lambda: timezone(timedelta(0), 5)), ('tz name none', lambda: timezone(timedelta(1), None)),
    ('tz range', lambda: timezone(timedelta(hours=24))), ('tz neg range', lambda: timezone(-timedelta(hours=24))),
    ('tz none', lambda: timezone()), ('tz kw', lambda: timezone(offset=timedelta(0), nam='x')), ('tz subclass', lambda: type('T', (timezone,), {})),
    ('utcoffset arg', lambda: UTC.utcoffset(5)), ('tzname arg', lambda: UTC.tzname('x')), ('dst arg', lambda: UTC.dst(1.5)),
    ('fromutc type', lambda: UTC.fromutc(5)), ('fromutc naive', lambda: UTC.fromutc(datetime(2024, 1, 1))),
    ('fromutc other', lambda: UTC.fromutc(datetime(2024, 1, 1, tzinfo=ist))), ('base tzname', lambda: tzinfo().tzname(None)),
    ('base utcoffset', lambda: tzinfo().utcoffset(None)), ('base dst', lambda: tzinfo().dst(None)),
    ('partial', lambda: datetime(2024, 1, 1, tzinfo=Partial()).utcoffset()), ('partial str', lambda: str(datetime(2024, 1, 1, tzinfo=Partial()))),
    ('bad type', lambda: datetime(2024, 1, 1, tzinfo=Bad(5)).utcoffset()), ('bad range', lambda: datetime(2024, 1, 1, tzinfo=Bad(timedelta(days=1))).utcoffset()),
    ('bad dst', lambda: datetime(2024, 1, 1, tzinfo=Bad('x')).dst()), ('bad tzname', lambda: datetime(2024, 1, 1, tzinfo=Bad(timedelta(0))).tzname()),
    ('bad none', lambda: datetime(2024, 1, 1, tzinfo=Bad(None)).utcoffset()), ('bad none fromutc', lambda: Bad(None).fromutc(datetime(2024, 1, 1, tzinfo=Bad(None)))),
    ('fromutc not self', lambda: ist.fromutc(datetime(2024, 1, 1, tzinfo=Fixed(0, 'x')))), ('fromutc ok', lambda: ist.fromutc(datetime(2024, 1, 1, tzinfo=ist))),
    ('base fromutc', lambda: tzinfo().fromutc(datetime(2024, 1, 1))), ('reduce', lambda: ist.__reduce__()[0].__name__),
    ('astimezone naive tz', lambda: datetime(2024, 1, 1, tzinfo=Bad(None)).astimezone(UTC).tzinfo),
]:
    attempt(label, f)

os.environ['TZ'] = 'EST+5EDT,M3.2.0/2,M11.1.0/2'
_time.tzset()
for ts in [0, 1700000000, 1710054000, 1730611800, 1730615400]:
    loc = datetime.fromtimestamp(ts)
    print(ts, repr(loc), loc.timestamp(), repr(loc.astimezone()), loc.astimezone().tzname(), date.fromtimestamp(ts))
print(repr(datetime(2024, 11, 3, 1, 30).astimezone(UTC)), repr(datetime(2024, 11, 3, 1, 30, fold=1).astimezone(UTC)))
print(datetime(2024, 3, 10, 2, 30).timestamp(), datetime(2024, 3, 10, 2, 30, fold=1).timestamp())
print(repr(datetime(2024, 7, 1, 12, tzinfo=UTC).astimezone()), repr(datetime(2024, 1, 1).astimezone(ist)))
print(datetime(2024, 7, 1, 12).timetuple(), datetime(2024, 7, 1, 12).strftime('%Z %z'))
os.environ['TZ'] = 'UTC0'
_time.tzset()
print(repr(datetime.fromtimestamp(0)), repr(datetime(2024, 1, 1).astimezone()))

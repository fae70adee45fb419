# min-version: 3.12
# zoneinfo: ZoneInfo over the system TZif files (stable zones and dates), caching, utcoffset/dst/tzname around DST transitions with fold, astimezone/fromutc, TZ-string rules far in the future, errors, from_file, clear_cache, reset_tzpath.
import copy, zoneinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from datetime import datetime, date, time, timedelta, timezone, UTC

def attempt(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

ny = ZoneInfo('America/New_York')
print(repr(ny), str(ny), ny.key, ny is ZoneInfo('America/New_York'), ny is ZoneInfo(key='America/New_York'), isinstance(ny, zoneinfo.ZoneInfo))
print(type(ny).__module__, ZoneInfo.__mro__, issubclass(ZoneInfoNotFoundError, KeyError), zoneinfo.__all__)
for key in ['America/New_York', 'Europe/London', 'Europe/Paris', 'Australia/Sydney', 'Asia/Kolkata', 'America/Los_Angeles', 'Asia/Tokyo', 'UTC', 'Etc/GMT+5']:
    z = ZoneInfo(key)
    print(key, z.utcoffset(None), z.tzname(None))
    for dt in [datetime(2021, 1, 15, 12), datetime(2021, 7, 15, 12), datetime(2021, 3, 14, 2, 30), datetime(2021, 3, 28, 2, 30), datetime(2021, 4, 4, 2, 30),
               datetime(2021, 10, 3, 2, 30), datetime(2021, 10, 31, 1, 30), datetime(2021, 10, 31, 1, 30, fold=1), datetime(2021, 11, 7, 1, 30), datetime(2021, 11, 7, 1, 30, fold=1),
               datetime(2021, 4, 4, 2, 30, fold=1), datetime(2100, 7, 4), datetime(2100, 1, 1)]:
        a = dt.replace(tzinfo=z)
        print(' ', a, a.utcoffset(), a.dst(), a.tzname(), a.astimezone(UTC), a.timestamp(), a.strftime('%Z %z'))
    base = datetime(2021, 10, 30, 22, tzinfo=UTC)
    print(' ', [(x.isoformat(), x.fold, x.tzname()) for x in ((base + timedelta(hours=i)).astimezone(z) for i in range(0, 12, 2))])
    base = datetime(2021, 11, 7, 4, tzinfo=UTC)
    print(' ', [(x.isoformat(), x.fold) for x in ((base + timedelta(minutes=30 * i)).astimezone(z) for i in range(6))])
a = datetime(2021, 11, 7, 1, 30, tzinfo=ny)
b = datetime(2021, 11, 7, 1, 30, fold=1, tzinfo=ny)
print(a == b, b - a, b.astimezone(UTC) - a.astimezone(UTC), a < b, hash(a) == hash(b), a == a.astimezone(UTC), b == b.astimezone(UTC))
print(datetime.fromtimestamp(1636263000, ny), datetime.fromtimestamp(1636266600, ny).fold, datetime.now(ny).tzinfo is ny, type(datetime.now(ny)).__name__)
print(repr(datetime(2021, 6, 1, tzinfo=ZoneInfo('Asia/Kolkata')).astimezone(ny)), datetime(2021, 6, 1, 12, tzinfo=ny).astimezone(ZoneInfo('Europe/London')).isoformat())
print(time(12, tzinfo=ny).utcoffset(), time(12, tzinfo=ZoneInfo('UTC')).utcoffset(), time(12, tzinfo=ZoneInfo('Asia/Tokyo')).isoformat())
print(copy.deepcopy(ny) is ny, copy.copy(datetime(2021, 1, 1, tzinfo=ny)).tzinfo is ny, ny.__reduce__()[1])
nc = ZoneInfo.no_cache('America/New_York')
print(nc is ny, nc == ny, repr(nc), nc.utcoffset(datetime(2021, 1, 1)), nc.__reduce__()[1], ZoneInfo.no_cache(key='UTC') is ZoneInfo.no_cache('UTC'))
ZoneInfo.clear_cache(only_keys=['America/New_York'])
print(ZoneInfo('America/New_York') is ny)
n2 = ZoneInfo('America/New_York')
ZoneInfo.clear_cache()
print(ZoneInfo('America/New_York') is n2, ZoneInfo('America/New_York') is ZoneInfo('America/New_York'))
with open('/usr/share/zoneinfo/Europe/Paris', 'rb') as f:
    fz = ZoneInfo.from_file(f)
print(str(fz) == repr(fz), repr(fz).startswith('zoneinfo.ZoneInfo.from_file(<_io.BufferedReader'), fz.key, datetime(2021, 7, 1, tzinfo=fz).utcoffset())
with open('/usr/share/zoneinfo/Europe/Paris', 'rb') as f:
    fz2 = ZoneInfo.from_file(f, key='Paris!')
print(repr(fz2), str(fz2), datetime(2021, 1, 1, tzinfo=fz2).tzname())
class MyZone(ZoneInfo):
    pass
mz = MyZone('Europe/London')
print(repr(mz), mz is MyZone('Europe/London'), mz is ZoneInfo('Europe/London'), type(mz).__name__, datetime(2021, 7, 1, tzinfo=mz).tzname())
print(zoneinfo.TZPATH[0], 'Europe/London' in zoneinfo.available_timezones(), 'posixrules' in zoneinfo.available_timezones(), 'right/UTC' in zoneinfo.available_timezones())
old = zoneinfo.TZPATH
zoneinfo.reset_tzpath(['/nonexistent'])
print(zoneinfo.TZPATH)
attempt('after reset', lambda: ZoneInfo('Asia/Seoul'))
print(ZoneInfo('America/New_York') is n2 or True)
zoneinfo.reset_tzpath(to=old)
print(zoneinfo.TZPATH == old, ZoneInfo('Asia/Seoul').utcoffset(None))
zoneinfo.reset_tzpath()
print(zoneinfo.TZPATH == old)
for label, f in [
    ('missing', lambda: ZoneInfo('Nope/Zone')), ('dir', lambda: ZoneInfo('America')), ('abs', lambda: ZoneInfo('/etc/localtime')),
    ('dotdot', lambda: ZoneInfo('a/../b')), ('up', lambda: ZoneInfo('../x')), ('empty', lambda: ZoneInfo('')), ('dot', lambda: ZoneInfo('.')),
    ('trailing slash', lambda: ZoneInfo('Europe/London/')), ('int', lambda: ZoneInfo(5)), ('not tzif', lambda: ZoneInfo('zone.tab')),
    ('none', lambda: ZoneInfo()), ('fromutc type', lambda: ny.fromutc(5)), ('fromutc other', lambda: ny.fromutc(datetime(2021, 1, 1, tzinfo=UTC))),
    ('utcoffset int', lambda: ny.utcoffset(5)), ('utcoffset date', lambda: ny.utcoffset(date(2021, 1, 1))), ('utcoffset none', lambda: ny.utcoffset(None)),
    ('reset str', lambda: zoneinfo.reset_tzpath('/usr/share/zoneinfo')), ('reset rel', lambda: zoneinfo.reset_tzpath(['rel/path', '/abs'])),
    ('not found str', lambda: str(ZoneInfoNotFoundError('x'))),
]:
    attempt(label, f)
try:
    ZoneInfo('Mars/Olympus')
except KeyError as e:
    print(type(e).__name__, e, e.args)

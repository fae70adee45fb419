# min-version: 3.12
# datetime/calendar edges: huge and non-finite values, timestamps outside the C library's range, strftime with NUL, surrogates and non-ASCII, fromisoformat with non-ASCII digits, calendar with odd widths and years.
from datetime import *
import calendar, os, time as _time
os.environ['TZ'] = 'UTC0'   # local-time results independent of the machine's zone
_time.tzset()
def attempt(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)
for label, f in [
    ('td 1e300', lambda: timedelta(seconds=1e300)), ('td -1e300', lambda: timedelta(days=-1e300)),
    ('td big mul', lambda: timedelta(1) * 10**30), ('td float mul inf', lambda: timedelta(1) * float('inf')),
    ('td float mul nan', lambda: timedelta(1) * float('nan')), ('td div inf', lambda: timedelta(1) / float('inf')),
    ('td div nan', lambda: timedelta(1) / float('nan')), ('td bool kw', lambda: timedelta(days=True, hours=False)),
    ('fromts 1e18', lambda: datetime.fromtimestamp(1e18)), ('fromts -1e18', lambda: datetime.fromtimestamp(-1e18)),
    ('fromts 1e11', lambda: datetime.fromtimestamp(1e11)), ('fromts big int', lambda: datetime.fromtimestamp(10**20)),
    ('fromts utc 253402300800', lambda: datetime.fromtimestamp(253402300800, timezone.utc)),
    ('fromts utc -62135596801', lambda: datetime.fromtimestamp(-62135596801, timezone.utc)),
    ('date fromts 1e11', lambda: date.fromtimestamp(1e11)), ('utcfromts 1e11', lambda: datetime.utcfromtimestamp(1e11)),
    ('min astimezone', lambda: datetime.min.replace(tzinfo=timezone(timedelta(hours=1))).astimezone(timezone.utc)),
    ('max astimezone', lambda: datetime.max.replace(tzinfo=timezone(timedelta(hours=-1))).astimezone(timezone.utc)),
    ('min timestamp', lambda: datetime.min.replace(tzinfo=timezone.utc).timestamp()),
    ('max naive timestamp', lambda: datetime.max.timestamp()), ('min naive timestamp', lambda: datetime.min.timestamp()),
    ('strftime huge', lambda: len(date(2020, 1, 1).strftime('%Y' * 10000))), ('strftime nul', lambda: date(2020, 1, 1).strftime('a\0b')),
    ('strftime surrogate', lambda: date(2020, 1, 1).strftime('\udc80%Y')), ('strftime pct end', lambda: date(2020, 1, 1).strftime('%Y%')),
    ('strftime unicode', lambda: date(2020, 1, 1).strftime('%Y年%m月')), ('iso nonascii', lambda: date.fromisoformat('２０２０-01-01')),
    ('iso surrogate', lambda: datetime.fromisoformat('2020-01-01T\udc80')), ('time iso long', lambda: time.fromisoformat('1' * 100)),
    ('strptime long', lambda: datetime.strptime('1' * 50, '%Y')), ('cal year 0', lambda: calendar.calendar(0)[:20]),
    ('cal month huge', lambda: calendar.month(10**20, 1)), ('cal negative w', lambda: calendar.month(2024, 1, -5, -5)[:30]),
    ('cal year m=0', lambda: calendar.calendar(2024, m=0)), ('cal prmonth str', lambda: calendar.prmonth('2024', 1)),
    ('tz fromutc naive', lambda: timezone.utc.fromutc(datetime(2020, 1, 1, tzinfo=timezone.utc))),
    ('replace tz None', lambda: datetime(2020, 1, 1, tzinfo=timezone.utc).replace(tzinfo=None)),
    ('isocal eq', lambda: date(2020, 1, 1).isocalendar() == (2020, 1, 3)),
    ('td str huge', lambda: str(timedelta.max) + str(timedelta.min)),
]:
    attempt(label, f)
